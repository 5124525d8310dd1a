/* libsupport — text: the one check of text the library accepts (at entry and at
 * rendering), a growable string, and the "key = value" reader. */
#include "text_internal.h"
#include "error_internal.h"
#include "utf8_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int sup__check_text(const char *s, size_t max, unsigned flags, const char *what)
{
    if (s == NULL)
        return sup__fail(SUP_EINVAL, "%s is NULL", what);
    size_t n = strlen(s);
    if (n == 0)
        return sup__fail(SUP_EINVAL, "%s is empty", what);
    char q[200];
    if (n > max) {
        sup__quote_text(q, sizeof q, s);
        return sup__fail(SUP_EINVAL, "%s %s is %zu bytes long: at most %zu", what, q, n, max);
    }
    for (size_t i = 0; i < n;) {
        uint32_t cp;
        size_t k = sup__utf8_decode(s + i, n - i, &cp);
        if (k == 0) {
            sup__quote_text(q, sizeof q, s);
            return sup__fail(SUP_EINVAL, "%s %s is not valid UTF-8 (byte %zu)", what, q, i);
        }
        sup__cp_class c = sup__codepoint_class(cp);
        if (c != SUP__CP_TEXT && !(c == SUP__CP_LINE_BREAK && (flags & SUP__TEXT_MULTILINE))) {
            sup__quote_text(q, sizeof q, s);
            return sup__fail(SUP_EINVAL, "%s %s contains U+%04lX %s%s", what, q, (unsigned long)cp,
                             sup__codepoint_name(cp),
                             c == SUP__CP_LINE_BREAK ? " (it must be one line)" : "");
        }
        i += k;
    }
    return SUP_OK;
}

char *sup__strdup(const char *s)
{
    size_t n = strlen(s) + 1;
    char *p = sup__malloc(n);
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
    char *p = sup__realloc(b->data, cap);
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
        b->data = sup__malloc(1);
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
    sup__free(b->data);
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
    sup__free(copy);
    return rc;
}
