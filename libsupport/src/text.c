/* libsupport — small text helpers: UTF-8 validation and a growable string. */
#include "internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

size_t sup__utf8_check(const char *str, size_t len)
{
    const unsigned char *s = (const unsigned char *)str;
    size_t i = 0;
    while (i < len) {
        unsigned char c = s[i];
        if (c < 0x80) {
            i++;
            continue;
        }
        size_t n;
        uint32_t cp;
        if (c >= 0xC2 && c <= 0xDF) {
            n = 1;
            cp = c & 0x1Fu;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 2;
            cp = c & 0x0Fu;
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 3;
            cp = c & 0x07u;
        } else {
            return i;
        }
        if (len - i <= n)
            return i;
        for (size_t k = 1; k <= n; k++) {
            if ((s[i + k] & 0xC0) != 0x80)
                return i;
            cp = (cp << 6) | (s[i + k] & 0x3Fu);
        }
        if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF))
            return i;
        i += n + 1;
    }
    return len;
}

bool sup__utf8_valid(const char *str, size_t len) { return sup__utf8_check(str, len) == len; }

char *sup__strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = malloc(n);
    if (p != NULL)
        memcpy(p, s, n);
    return p;
}

static bool buf_reserve(sup__buf *b, size_t extra)
{
    if (b->failed)
        return false;
    if (extra > SIZE_MAX / 2 - b->len) {
        b->failed = true;
        return false;
    }
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return true;
    size_t cap = b->cap ? b->cap : 128;
    while (cap < need)
        cap *= 2;
    char *p = realloc(b->data, cap);
    if (p == NULL) {
        b->failed = true;
        return false;
    }
    b->data = p;
    b->cap = cap;
    return true;
}

void sup__buf_putn(sup__buf *b, const char *s, size_t n)
{
    if (!buf_reserve(b, n))
        return;
    memcpy(b->data + b->len, s, n);
    b->len += n;
    b->data[b->len] = '\0';
}

void sup__buf_put(sup__buf *b, const char *s) { sup__buf_putn(b, s, strlen(s)); }

void sup__buf_printf(sup__buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0) {
        b->failed = true;
        return;
    }
    if (!buf_reserve(b, (size_t)n))
        return;
    va_start(ap, fmt);
    vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

int sup__buf_finish(sup__buf *b, char **out)
{
    if (!b->failed && b->data == NULL) { /* nothing was put: an empty string, not uninitialised memory */
        b->data = malloc(1);
        if (b->data == NULL) {
            b->failed = true;
        } else {
            b->data[0] = '\0';
            b->cap = 1;
        }
    }
    if (b->failed) {
        sup__buf_dispose(b);
        return sup__fail(SUP_ENOMEM, "out of memory building a string");
    }
    *out = b->data;
    b->data = NULL;
    b->len = b->cap = 0;
    return SUP_OK;
}

void sup__buf_dispose(sup__buf *b)
{
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
    b->failed = false;
}

char *sup__trim(char *s)
{
    while (*s == ' ' || *s == '\t')
        s++;
    size_t n = strlen(s);
    while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\r'))
        s[--n] = '\0';
    return s;
}

int sup__parse_kv(const char *text, const char *what, sup__kv_fn fn, void *ctx)
{
    if (!sup__utf8_valid(text, strlen(text)))
        return sup__fail(SUP_EPARSE, "%s text is not valid UTF-8", what);
    char *copy = sup__strdup(text);
    if (copy == NULL)
        return sup__fail(SUP_ENOMEM, "out of memory parsing a %s", what);
    int rc = SUP_OK, lineno = 0;
    char *line = copy;
    while (line != NULL && rc == SUP_OK) {
        char *nl = strchr(line, '\n');
        if (nl != NULL)
            *nl = '\0';
        lineno++;
        char *t = sup__trim(line);
        if (*t != '\0' && *t != '#') {
            char *eq = strchr(t, '=');
            if (eq == NULL) {
                char q[80];
                sup__quote_text(q, sizeof q, t);
                rc = sup__fail(SUP_EPARSE, "%s line %d: expected \"key = value\", got %s", what, lineno, q);
            } else {
                *eq = '\0';
                rc = fn(ctx, lineno, sup__trim(t), sup__trim(eq + 1));
            }
        }
        line = nl != NULL ? nl + 1 : NULL;
    }
    free(copy);
    return rc;
}

/* ---- a set of entry indices by hash (duplicate keys in the text forms) ------ */

uint64_t sup__hash_bytes(uint64_t h, const char *s, size_t n)
{
    /* FNV-1a: short keys, no adversary gains more than a longer probe */
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 0x100000001B3u;
    }
    return h;
}

static bool hset_grow(sup__hset *h)
{
    size_t cap = h->cap ? h->cap * 2 : 16;
    if (cap > SIZE_MAX / sizeof *h->slots)
        return false;
    struct sup__hslot *slots = calloc(cap, sizeof *slots);
    if (slots == NULL)
        return false;
    for (size_t i = 0; i < h->cap; i++) {
        if (h->slots[i].entry == 0)
            continue;
        size_t j = (size_t)h->slots[i].hash & (cap - 1);
        while (slots[j].entry != 0)
            j = (j + 1) & (cap - 1);
        slots[j] = h->slots[i];
    }
    free(h->slots);
    h->slots = slots;
    h->cap = cap;
    return true;
}

int sup__hset_insert(sup__hset *h, uint64_t hash, size_t entry, sup__hset_eq eq, const void *ctx, size_t *existing)
{
    if ((h->count + 1) * 2 > h->cap && !hset_grow(h))
        return SUP_ENOMEM;
    size_t j = (size_t)hash & (h->cap - 1);
    while (h->slots[j].entry != 0) {
        if (h->slots[j].hash == hash && eq(ctx, h->slots[j].entry - 1, entry)) {
            *existing = h->slots[j].entry - 1;
            return SUP_ECONFLICT;
        }
        j = (j + 1) & (h->cap - 1);
    }
    h->slots[j].hash = hash;
    h->slots[j].entry = entry + 1;
    h->count++;
    return SUP_OK;
}

void sup__hset_clear(sup__hset *h)
{
    if (h->count == 0)
        return;
    if (h->cap > 256) { /* after one huge section, do not clear a huge table for every small one */
        sup__hset_dispose(h);
        return;
    }
    memset(h->slots, 0, h->cap * sizeof *h->slots);
    h->count = 0;
}

void sup__hset_dispose(sup__hset *h)
{
    free(h->slots);
    h->slots = NULL;
    h->cap = h->count = 0;
}
