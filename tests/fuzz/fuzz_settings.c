/* Fuzz target: sup_settings_parse (the input is the file, any bytes). A refused
 * file leaves a readable message naming "settings:<line>" and no object. A
 * parsed one has valid names, one value per section and key, lines in order;
 * the typed getters either succeed with a value that agrees with the text or
 * refuse with their documented codes; the schema check accepts the file's own
 * keys; and written back (every value quoted) it parses to the same entries. */
#include "fuzz_common.h"

static bool name_ok(const char *s)
{
    size_t n = strlen(s);
    if (n == 0 || n > 64)
        return false;
    for (size_t i = 0; i < n; i++)
        if (!((s[i] >= 'a' && s[i] <= 'z') || (s[i] >= 'A' && s[i] <= 'Z') || (s[i] >= '0' && s[i] <= '9') ||
              s[i] == '_' || s[i] == '-' || s[i] == '.'))
            return false;
    return true;
}

static void append(char **buf, size_t *len, size_t *cap, const char *s, size_t n)
{
    if (*len + n + 1 > *cap) {
        *cap = (*len + n + 1) * 2;
        *buf = realloc(*buf, *cap);
        if (*buf == NULL)
            abort();
    }
    memcpy(*buf + *len, s, n);
    *len += n;
    (*buf)[*len] = '\0';
}

static void check_getters(const sup_settings *s, const char *sec, const char *key, const char *value)
{
    int64_t v = 12345;
    int rc = sup_settings_get_int(s, sec, key, INT64_MIN, INT64_MAX, &v);
    FUZZ_CHECK(rc == SUP_OK || rc == SUP_EPARSE || rc == SUP_ERANGE);
    if (rc == SUP_OK) {
        char again[32];
        snprintf(again, sizeof again, "%lld", (long long)v);
        /* the same number, up to leading zeros and "-0" */
        const char *t = value;
        bool neg = *t == '-';
        if (neg)
            t++;
        while (t[0] == '0' && t[1] != '\0')
            t++;
        FUZZ_CHECK(strcmp(again + (v < 0), t) == 0 && (v < 0) == (neg && strcmp(t, "0") != 0));
    } else {
        fuzz_check_error(rc);
        FUZZ_CHECK(v == 12345);
    }
    int b = 7;
    rc = sup_settings_get_bool(s, sec, key, &b);
    FUZZ_CHECK((rc == SUP_OK && (b == 0 || b == 1)) || (rc == SUP_EPARSE && b == 7));
    sup_date d = 5;
    rc = sup_settings_get_date(s, sec, key, &d);
    FUZZ_CHECK((rc == SUP_OK && sup_date_is_valid(d)) || (rc == SUP_EDATE && d == 5));
    const char *t = NULL;
    FUZZ_CHECK(sup_settings_get_text(s, sec, key, &t) == SUP_OK && t == value);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sup_settings *s = (sup_settings *)1;
    int rc = sup_settings_parse((const char *)data, size, &s);
    if (rc != SUP_OK) {
        FUZZ_CHECK(rc == SUP_EPARSE || rc == SUP_ERANGE || rc == SUP_ENOMEM);
        FUZZ_CHECK(s == NULL);
        fuzz_check_error(rc);
        FUZZ_CHECK(strncmp(sup_error_message(), "settings:", 9) == 0 || rc == SUP_ENOMEM);
        return 0;
    }
    FUZZ_CHECK(s != NULL);
    size_t n = sup_settings_entry_count(s);
    sup_settings_key *known = calloc(n + 1, sizeof *known);
    FUZZ_CHECK(known != NULL);
    char *text = NULL;
    size_t len = 0, cap = 0;
    const char *cur = NULL;
    int last_line = 0;
    for (size_t i = 0; i < n; i++) {
        const char *sec, *key, *value;
        int line;
        FUZZ_CHECK(sup_settings_entry(s, i, &sec, &key, &value, &line) == SUP_OK);
        FUZZ_CHECK(sec[0] == '\0' || name_ok(sec));
        FUZZ_CHECK(name_ok(key));
        FUZZ_CHECK(fuzz_utf8_ok(value) && strchr(value, '\n') == NULL && strchr(value, '\r') == NULL);
        FUZZ_CHECK(line > last_line);
        last_line = line;
        FUZZ_CHECK(sup_settings_get(s, sec, key) == value);
        FUZZ_CHECK(sup_settings_line(s, sec, key) == line);
        check_getters(s, sec, key, value);
        known[i] = (sup_settings_key){sec, key};
        /* written back: a section header when it changes (sections are contiguous only in this form) */
        if (cur == NULL || strcmp(cur, sec) != 0) {
            if (sec[0] != '\0') {
                append(&text, &len, &cap, "[", 1);
                append(&text, &len, &cap, sec, strlen(sec));
                append(&text, &len, &cap, "]\n", 2);
            }
            cur = sec;
        }
        append(&text, &len, &cap, key, strlen(key));
        append(&text, &len, &cap, " = \"", 4);
        for (const char *c = value; *c; c++) {
            if (*c == '"' || *c == '\\')
                append(&text, &len, &cap, "\\", 1);
            append(&text, &len, &cap, c, 1);
        }
        append(&text, &len, &cap, "\"\n", 2);
    }
    for (size_t i = 0; i < sup_settings_section_count(s); i++) {
        const char *name = sup_settings_section_name(s, i);
        FUZZ_CHECK(name != NULL && (name[0] == '\0' || name_ok(name)));
    }
    FUZZ_CHECK(sup_settings_section_name(s, sup_settings_section_count(s)) == NULL);
    /* the file's own keys, plus its (maybe empty) sections, pass the schema check */
    size_t nsec = sup_settings_section_count(s);
    sup_settings_key *schema = calloc(n + nsec + 1, sizeof *schema);
    FUZZ_CHECK(schema != NULL);
    memcpy(schema, known, n * sizeof *known);
    for (size_t i = 0; i < nsec; i++)
        schema[n + i] = (sup_settings_key){sup_settings_section_name(s, i), "\x01never"};
    FUZZ_CHECK(sup_settings_check_keys(s, schema, n + nsec) == SUP_OK);
    if (n > 0) { /* without the last key it is reported, with its line */
        size_t k = n - 1;
        schema[k] = schema[n + nsec - 1];
        rc = sup_settings_check_keys(s, schema, n + nsec);
        FUZZ_CHECK(rc == SUP_EPARSE);
        fuzz_check_error(rc);
    }
    free(schema);
    /* the round trip: only when no section was re-entered (the writer groups by runs) */
    sup_settings *again = NULL;
    rc = sup_settings_parse(text ? text : "", len, &again);
    if (rc == SUP_OK) {
        FUZZ_CHECK(sup_settings_entry_count(again) == n);
        for (size_t i = 0; i < n; i++)
            FUZZ_CHECK(strcmp(sup_settings_get(again, known[i].section, known[i].key),
                              sup_settings_get(s, known[i].section, known[i].key)) == 0);
        sup_settings_free(again);
    } else {
        /* sections are never re-entered in a parsed file (a repeated header is an error), so this
         * cannot happen: the entries of one section are one run */
        fprintf(stderr, "re-parse: %s\n", sup_error_message());
        FUZZ_CHECK(rc == SUP_OK);
    }
    free(text);
    free(known);
    sup_settings_free(s);
    return 0;
}
