/*
 * libsupport — settings files (INI): sections, key = value lines, quoted values,
 * typed getters with file:line messages, a schema check. See settings.h.
 *
 * Not sup__parse_kv: that reader takes NUL-terminated text (an embedded NUL
 * would go unseen), knows no sections, quotes or ';' comments, and the policy
 * and schedule forms it reads must keep meaning what they mean. The pieces are
 * shared instead: sup__trim, sup__utf8_check and the duplicate-key set.
 *
 * Parse errors never echo a line's value: a settings file may hold a password.
 */
#define _POSIX_C_SOURCE 200809L
#include "libsupport.h"
#include "error_internal.h"
#include "utf8_internal.h"
#include "text_internal.h"
#include "date_internal.h"
#include "codec_internal.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#define NAME_MAX_CHARS 64

struct sup__section {
    const char *name;
    int line; /* 0 for the implicit section "" */
};

struct sup__entry {
    size_t section;
    const char *key;
    const char *value;
    int line;
};

struct sup_settings {
    char *text;   /* the private copy, cut into names and values */
    char *source; /* the path, or "settings" */
    struct sup__section *sections;
    size_t section_count, section_cap;
    struct sup__entry *entries;
    size_t entry_count, entry_cap;
};

static const char default_source[] = "settings";

void sup_settings_free(sup_settings *s)
{
    if (s == NULL)
        return;
    sup__free(s->sections);
    sup__free(s->entries);
    sup__free(s->text);
    if (s->source != default_source)
        sup__free(s->source);
    sup__free(s);
}

static bool grow(void **items, size_t *cap, size_t count, size_t size)
{
    if (count < *cap)
        return true;
    size_t ncap = *cap ? *cap * 2 : 16;
    if (ncap > SIZE_MAX / size)
        return false;
    void *p = sup__realloc(*items, ncap * size);
    if (p == NULL)
        return false;
    *items = p;
    *cap = ncap;
    return true;
}

/* ---- parsing --------------------------------------------------------------------- */

typedef struct parser {
    sup_settings *s;
    const char *source;
    int line;
    size_t current; /* the section the next keys go to; (size_t)-1: none yet */
    sup__hset keys;
    sup__hset section_names;
} parser;

static int fail_at(const parser *p, int code, const char *fmt, ...) SUP__PRINTF(3, 4);

/* `code` with "<source>:<line>: …" */
static int fail_at(const parser *p, int code, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return sup__fail(code, "%s:%d: %s", p->source, p->line, msg);
}

static bool valid_name(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > NAME_MAX_CHARS)
        return false;
    for (size_t i = 0; i < n; i++) {
        char c = s[i];
        if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '-' ||
              c == '.'))
            return false;
    }
    return true;
}

static bool section_eq(const void *ctx, size_t a, size_t b)
{
    const struct sup__section *sec = ctx;
    return strcmp(sec[a].name, sec[b].name) == 0;
}

static bool entry_eq(const void *ctx, size_t a, size_t b)
{
    const struct sup__entry *e = ctx;
    return e[a].section == e[b].section && strcmp(e[a].key, e[b].key) == 0;
}

static int oom(void) { return sup__fail(SUP_ENOMEM, "out of memory reading settings"); }

static int add_section(parser *p, const char *name, int line)
{
    sup_settings *s = p->s;
    if (!grow((void **)&s->sections, &s->section_cap, s->section_count, sizeof *s->sections))
        return oom();
    size_t idx = s->section_count;
    s->sections[idx] = (struct sup__section){name, line};
    size_t prev;
    int rc = sup__hset_insert(&p->section_names, sup__hash_bytes(SUP__HASH_INIT, name, strlen(name)), idx, section_eq,
                              s->sections, &prev);
    if (rc == SUP_ENOMEM)
        return oom();
    if (rc == SUP_ECONFLICT)
        return fail_at(p, SUP_EPARSE, "section [%s] appears twice (lines %d and %d)", name, s->sections[prev].line,
                       p->line);
    s->section_count++;
    p->current = idx;
    return SUP_OK;
}

static int section_line(parser *p, char *t)
{
    size_t n = strlen(t);
    if (t[n - 1] != ']')
        return fail_at(p, SUP_EPARSE, "a section header must end with ']'");
    t[n - 1] = '\0';
    char *name = sup__trim(t + 1);
    if (!valid_name(name)) {
        char q[80];
        sup__quote_text(q, sizeof q, name);
        return fail_at(p, SUP_EPARSE, "section name %s is not 1…64 letters, digits, '_', '-' or '.'", q);
    }
    return add_section(p, name, p->line);
}

/* A quoted value, unescaped in place. */
static int unquote(parser *p, char *v)
{
    char *w = v;
    const char *r = v + 1;
    for (;; r++) {
        if (*r == '\0')
            return fail_at(p, SUP_EPARSE, "the quoted value has no closing quote");
        if (*r == '"')
            break;
        if (*r == '\\') {
            r++;
            if (*r != '"' && *r != '\\')
                return fail_at(p, SUP_EPARSE, "unknown escape in a quoted value (only \\\" and \\\\)");
        }
        *w++ = *r;
    }
    if (r[1] != '\0') /* the line was trimmed: anything left is text */
        return fail_at(p, SUP_EPARSE, "text after the closing quote of a value");
    *w = '\0';
    return SUP_OK;
}

static void key_label(char *buf, size_t size, const char *section, const char *key)
{
    if (section[0] == '\0')
        snprintf(buf, size, "%s", key);
    else
        snprintf(buf, size, "[%s] %s", section, key);
}

static int key_line(parser *p, char *t)
{
    char *eq = strchr(t, '=');
    if (eq == NULL)
        return fail_at(p, SUP_EPARSE, "expected \"key = value\", \"[section]\" or a comment");
    *eq = '\0';
    char *key = sup__trim(t), *value = sup__trim(eq + 1);
    if (!valid_name(key)) {
        char q[80];
        sup__quote_text(q, sizeof q, key);
        return fail_at(p, SUP_EPARSE, "key %s is not 1…64 letters, digits, '_', '-' or '.'", q);
    }
    if (*value == '"') {
        int rc = unquote(p, value);
        if (rc != SUP_OK)
            return rc;
    }
    if (p->current == (size_t)-1) {
        int rc = add_section(p, "", 0);
        if (rc != SUP_OK)
            return rc;
    }
    sup_settings *s = p->s;
    if (!grow((void **)&s->entries, &s->entry_cap, s->entry_count, sizeof *s->entries))
        return oom();
    size_t idx = s->entry_count;
    s->entries[idx] = (struct sup__entry){p->current, key, value, p->line};
    uint64_t h = sup__hash_bytes(SUP__HASH_INIT, (const char *)&p->current, sizeof p->current);
    size_t prev;
    int rc = sup__hset_insert(&p->keys, sup__hash_bytes(h, key, strlen(key)), idx, entry_eq, s->entries, &prev);
    if (rc == SUP_ENOMEM)
        return oom();
    if (rc == SUP_ECONFLICT) {
        char label[160];
        key_label(label, sizeof label, s->sections[p->current].name, key);
        return fail_at(p, SUP_EPARSE, "%s is set twice (lines %d and %d)", label, s->entries[prev].line, p->line);
    }
    s->entry_count++;
    return SUP_OK;
}

static int parse_line(parser *p, char *line, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)line[i];
        if ((c < 0x20 && c != '\t') || c == 0x7F)
            return fail_at(p, SUP_EPARSE, "control character 0x%02X", c);
    }
    char *t = sup__trim(line);
    if (*t == '\0' || *t == '#' || *t == ';')
        return SUP_OK;
    if (*t == '[')
        return section_line(p, t);
    return key_line(p, t);
}

static int parse_named(const char *text, size_t len, const char *source, sup_settings **out)
{
    SUP__CHECK_ARG(out, "sup_settings_parse");
    *out = NULL;
    if (text == NULL && len > 0)
        return sup__fail(SUP_EINVAL, "sup_settings_parse: argument 'text' is NULL");
    if (len > SUP_SETTINGS_MAX_BYTES)
        return sup__fail(SUP_ERANGE, "%s: %zu bytes, more than the limit of %u", source, len, SUP_SETTINGS_MAX_BYTES);
    if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
        text += 3;
        len -= 3;
    }
    parser p = {.source = source, .line = 1, .current = (size_t)-1};
    size_t bad = sup__utf8_check(text, len);
    if (bad < len) {
        for (size_t i = 0; i < bad; i++)
            p.line += text[i] == '\n';
        return fail_at(&p, SUP_EPARSE, "byte 0x%02X is not UTF-8 text (settings files are UTF-8)",
                       (unsigned char)text[bad]);
    }
    sup_settings *s = sup__calloc(1, sizeof *s);
    if (s == NULL)
        return oom();
    s->source = (char *)default_source;
    if (source != default_source && (s->source = sup__strdup(source)) == NULL) {
        sup__free(s);
        return oom();
    }
    p.source = s->source;
    s->text = sup__malloc(len + 1);
    int rc = s->text == NULL ? oom() : SUP_OK;
    if (rc == SUP_OK) {
        if (len > 0)
            memcpy(s->text, text, len);
        s->text[len] = '\0';
    }
    p.s = s;
    p.line = 0;
    for (size_t i = 0; rc == SUP_OK && i <= len;) {
        char *nl = i < len ? memchr(s->text + i, '\n', len - i) : NULL;
        size_t end = nl ? (size_t)(nl - s->text) : len;
        size_t n = end - i;
        if (n > 0 && s->text[i + n - 1] == '\r')
            n--;
        s->text[i + n] = '\0';
        p.line++;
        rc = parse_line(&p, s->text + i, n);
        if (nl == NULL)
            break;
        i = end + 1;
    }
    sup__hset_dispose(&p.keys);
    sup__hset_dispose(&p.section_names);
    if (rc != SUP_OK) {
        sup_settings_free(s);
        return rc;
    }
    *out = s;
    return SUP_OK;
}

int sup_settings_parse(const char *text, size_t len, sup_settings **out)
{
    return parse_named(text, len, default_source, out);
}

int sup_settings_load(const char *path, sup_settings **out)
{
    SUP__CHECK_ARG(out, "sup_settings_load");
    *out = NULL;
    SUP__CHECK_ARG(path, "sup_settings_load");
    char q[80];
    sup__quote_text(q, sizeof q, path);
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        if (errno == ENOENT)
            return sup__fail(SUP_ENOTFOUND, "no settings file %s", q);
        return sup__fail(SUP_EIO, "cannot open the settings file %s: %s", q, strerror(errno));
    }
    struct stat sb;
    if (fstat(fileno(f), &sb) != 0 || !S_ISREG(sb.st_mode)) {
        fclose(f);
        return sup__fail(SUP_EIO, "the settings file %s is not a regular file", q);
    }
    /* read one byte more than the limit: a file that grew since fstat is caught too */
    char *buf = sup__malloc(SUP_SETTINGS_MAX_BYTES + 1);
    if (buf == NULL) {
        fclose(f);
        return oom();
    }
    size_t n = fread(buf, 1, SUP_SETTINGS_MAX_BYTES + 1, f);
    int err = ferror(f);
    fclose(f);
    int rc;
    if (err)
        rc = sup__fail(SUP_EIO, "cannot read the settings file %s", q);
    else if (n > SUP_SETTINGS_MAX_BYTES)
        rc = sup__fail(SUP_ERANGE, "the settings file %s is larger than %u bytes", q, SUP_SETTINGS_MAX_BYTES);
    else
        rc = parse_named(buf, n, path, out);
    sup__free(buf);
    return rc;
}

/* ---- reading ------------------------------------------------------------------------ */

const char *sup_settings_source(const sup_settings *s) { return s ? s->source : NULL; }

static const struct sup__entry *find(const sup_settings *s, const char *section, const char *key)
{
    if (s == NULL || key == NULL)
        return NULL;
    if (section == NULL)
        section = "";
    for (size_t i = 0; i < s->entry_count; i++) {
        const struct sup__entry *e = &s->entries[i];
        if (strcmp(e->key, key) == 0 && strcmp(s->sections[e->section].name, section) == 0)
            return e;
    }
    return NULL;
}

const char *sup_settings_get(const sup_settings *s, const char *section, const char *key)
{
    const struct sup__entry *e = find(s, section, key);
    return e ? e->value : NULL;
}

int sup_settings_line(const sup_settings *s, const char *section, const char *key)
{
    const struct sup__entry *e = find(s, section, key);
    return e ? e->line : 0;
}

/* The entry, or SUP_ENOTFOUND "<source>: <label> is not set". */
static int lookup(const sup_settings *s, const char *section, const char *key, const char *fn,
                  const struct sup__entry **out)
{
    SUP__CHECK_ARG(s, fn);
    SUP__CHECK_ARG(key, fn);
    *out = find(s, section, key);
    if (*out != NULL)
        return SUP_OK;
    char label[160];
    key_label(label, sizeof label, section ? section : "", key);
    return sup__fail(SUP_ENOTFOUND, "%s: %s is not set", s->source, label);
}

static int bad_value(const sup_settings *s, const struct sup__entry *e, int code, const char *expected)
{
    char label[160], q[80];
    key_label(label, sizeof label, s->sections[e->section].name, e->key);
    sup__quote_text(q, sizeof q, e->value);
    return sup__fail(code, "%s:%d: %s = %s is not %s", s->source, e->line, label, q, expected);
}

int sup_settings_get_text(const sup_settings *s, const char *section, const char *key, const char **out)
{
    SUP__CHECK_ARG(out, "sup_settings_get_text");
    const struct sup__entry *e;
    int rc = lookup(s, section, key, "sup_settings_get_text", &e);
    if (rc == SUP_OK)
        *out = e->value;
    return rc;
}

int sup_settings_get_int(const sup_settings *s, const char *section, const char *key, int64_t min, int64_t max,
                         int64_t *out)
{
    SUP__CHECK_ARG(out, "sup_settings_get_int");
    if (min > max)
        return sup__fail(SUP_EINVAL, "sup_settings_get_int: min %lld is above max %lld", (long long)min,
                         (long long)max);
    const struct sup__entry *e;
    int rc = lookup(s, section, key, "sup_settings_get_int", &e);
    if (rc != SUP_OK)
        return rc;
    const char *v = e->value;
    bool neg = *v == '-';
    if (neg)
        v++;
    uint64_t mag = 0;
    size_t digits = 0;
    bool overflow = false;
    for (; *v >= '0' && *v <= '9'; v++, digits++) {
        if (mag > (UINT64_MAX - 9) / 10)
            overflow = true;
        else
            mag = mag * 10 + (uint64_t)(*v - '0');
    }
    char expected[96];
    snprintf(expected, sizeof expected, "a whole number in %lld…%lld", (long long)min, (long long)max);
    if (digits == 0 || *v != '\0')
        return bad_value(s, e, SUP_EPARSE, expected);
    /* in range of int64 (the magnitude of INT64_MIN is INT64_MAX + 1) */
    if (overflow || mag > (uint64_t)INT64_MAX + (neg ? 1u : 0u))
        return bad_value(s, e, SUP_ERANGE, expected);
    int64_t x = neg ? (mag == (uint64_t)INT64_MAX + 1u ? INT64_MIN : -(int64_t)mag) : (int64_t)mag;
    if (x < min || x > max)
        return bad_value(s, e, SUP_ERANGE, expected);
    *out = x;
    return SUP_OK;
}

/* a equals the lower-case ASCII word b, in any case */
static bool ieq(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if ((*a >= 'A' && *a <= 'Z' ? *a - 'A' + 'a' : *a) != *b)
            return false;
    return *a == *b;
}

int sup_settings_get_bool(const sup_settings *s, const char *section, const char *key, int *out)
{
    static const char *const yes[] = {"true", "yes", "on", "1"}, *const no[] = {"false", "no", "off", "0"};
    SUP__CHECK_ARG(out, "sup_settings_get_bool");
    const struct sup__entry *e;
    int rc = lookup(s, section, key, "sup_settings_get_bool", &e);
    if (rc != SUP_OK)
        return rc;
    for (int i = 0; i < 4; i++) {
        if (ieq(e->value, yes[i])) {
            *out = 1;
            return SUP_OK;
        }
        if (ieq(e->value, no[i])) {
            *out = 0;
            return SUP_OK;
        }
    }
    return bad_value(s, e, SUP_EPARSE, "true/false, yes/no, on/off or 1/0");
}

int sup_settings_get_date(const sup_settings *s, const char *section, const char *key, sup_date *out)
{
    SUP__CHECK_ARG(out, "sup_settings_get_date");
    const struct sup__entry *e;
    int rc = lookup(s, section, key, "sup_settings_get_date", &e);
    if (rc != SUP_OK)
        return rc;
    sup_date d;
    if (sup_date_parse(e->value, &d) != SUP_OK)
        return bad_value(s, e, SUP_EDATE, "a date YYYY-MM-DD or DD.MM.YYYY");
    *out = d;
    return SUP_OK;
}

size_t sup_settings_section_count(const sup_settings *s) { return s ? s->section_count : 0; }

const char *sup_settings_section_name(const sup_settings *s, size_t i)
{
    return s && i < s->section_count ? s->sections[i].name : NULL;
}

size_t sup_settings_entry_count(const sup_settings *s) { return s ? s->entry_count : 0; }

int sup_settings_entry(const sup_settings *s, size_t i, const char **section, const char **key, const char **value,
                       int *line)
{
    SUP__CHECK_ARG(s, "sup_settings_entry");
    if (i >= s->entry_count)
        return sup__fail(SUP_ENOTFOUND, "sup_settings_entry: no entry %zu (there are %zu)", i, s->entry_count);
    const struct sup__entry *e = &s->entries[i];
    if (section)
        *section = s->sections[e->section].name;
    if (key)
        *key = e->key;
    if (value)
        *value = e->value;
    if (line)
        *line = e->line;
    return SUP_OK;
}

/* ---- schema check --------------------------------------------------------------------- */

static bool known_section(const sup_settings_key *known, size_t count, const char *section)
{
    for (size_t i = 0; i < count; i++)
        if (strcmp(known[i].section ? known[i].section : "", section) == 0)
            return true;
    return false;
}

static bool known_key(const sup_settings_key *known, size_t count, const char *section, const char *key)
{
    for (size_t i = 0; i < count; i++)
        if (strcmp(known[i].section ? known[i].section : "", section) == 0 &&
            (known[i].key == NULL || strcmp(known[i].key, key) == 0))
            return true;
    return false;
}

/* "a, b, c": the known keys of a section, or the known sections (section NULL). */
static void known_list(sup__buf *b, const sup_settings_key *known, size_t count, const char *section)
{
    for (size_t i = 0; i < count; i++) {
        const char *sec = known[i].section ? known[i].section : "";
        const char *item = section == NULL ? sec : known[i].key;
        if (item == NULL || item[0] == '\0' || (section != NULL && strcmp(sec, section) != 0))
            continue;
        bool seen = false; /* each once */
        for (size_t k = 0; k < i && !seen; k++) {
            const char *ks = known[k].section ? known[k].section : "";
            const char *other = section == NULL ? ks : known[k].key;
            seen = other != NULL && strcmp(other, item) == 0 && (section == NULL || strcmp(ks, section) == 0);
        }
        if (seen)
            continue;
        if (b->len > 0)
            sup__buf_put(b, ", ");
        sup__buf_put(b, item);
    }
    if (b->len == 0)
        sup__buf_put(b, "none");
}

int sup_settings_check_keys(const sup_settings *s, const sup_settings_key *known, size_t count)
{
    SUP__CHECK_ARG(s, "sup_settings_check_keys");
    if (count > 0 && known == NULL)
        return sup__fail(SUP_EINVAL, "sup_settings_check_keys: count is %zu but known is NULL", count);
    for (size_t i = 0; i < count; i++)
        if (known[i].section == NULL)
            return sup__fail(SUP_EINVAL, "sup_settings_check_keys: known[%zu] has no section (use \"\")", i);
    /* the first stranger in file order: an unknown section at its header, or an unknown key of a known one */
    int best_line = 0;
    size_t best_section = 0;
    const char *best_key = NULL;
    for (size_t i = 0; i < s->section_count; i++) {
        const struct sup__section *sec = &s->sections[i];
        if (known_section(known, count, sec->name))
            continue;
        int line = sec->line;
        if (line == 0) /* the implicit section "": its first key */
            for (size_t k = 0; k < s->entry_count && line == 0; k++)
                if (s->entries[k].section == i)
                    line = s->entries[k].line;
        if (best_line == 0 || line < best_line) {
            best_line = line;
            best_section = i;
            best_key = sec->line == 0 && s->entry_count > 0 ? s->entries[0].key : NULL;
        }
    }
    for (size_t k = 0; k < s->entry_count; k++) {
        const struct sup__entry *e = &s->entries[k];
        const char *sec = s->sections[e->section].name;
        if (!known_section(known, count, sec) || known_key(known, count, sec, e->key))
            continue;
        if (best_line == 0 || e->line < best_line) {
            best_line = e->line;
            best_section = e->section;
            best_key = e->key;
        }
        break; /* later keys come later */
    }
    if (best_line == 0)
        return SUP_OK;
    const char *sec = s->sections[best_section].name;
    sup__buf b = {0};
    bool section_known = known_section(known, count, sec);
    known_list(&b, known, count, section_known ? sec : NULL);
    int rc;
    if (b.failed)
        rc = oom();
    else if (!section_known && sec[0] != '\0')
        rc = sup__fail(SUP_EPARSE, "%s:%d: unknown section [%s] (known: %s)", s->source, best_line, sec, b.data);
    else if (!section_known)
        rc = sup__fail(SUP_EPARSE, "%s:%d: unknown key %s before any [section] (known sections: %s)", s->source,
                       best_line, best_key ? best_key : "", b.data);
    else if (sec[0] == '\0')
        rc = sup__fail(SUP_EPARSE, "%s:%d: unknown key %s (known before any section: %s)", s->source, best_line,
                       best_key, b.data);
    else
        rc = sup__fail(SUP_EPARSE, "%s:%d: unknown key [%s] %s (known in [%s]: %s)", s->source, best_line, sec,
                       best_key, sec, b.data);
    sup__buf_dispose(&b);
    return rc;
}

int sup_settings_check_private(const char *path)
{
    SUP__CHECK_ARG(path, "sup_settings_check_private");
    char q[80];
    sup__quote_text(q, sizeof q, path);
    struct stat sb;
    if (stat(path, &sb) != 0) {
        if (errno == ENOENT)
            return sup__fail(SUP_ENOTFOUND, "no settings file %s", q);
        return sup__fail(SUP_EIO, "cannot examine the settings file %s: %s", q, strerror(errno));
    }
    if (!S_ISREG(sb.st_mode))
        return sup__fail(SUP_EIO, "the settings file %s is not a regular file", q);
    unsigned mode = (unsigned)sb.st_mode & 07777u;
    if (mode & 077u)
        return sup__fail(SUP_ESTATE, "%s can be %s by group or others (mode %04o); it holds a password: chmod 600 %s", q,
                         (mode & 044u) ? "read" : "written or run", mode, q);
    return SUP_OK;
}
