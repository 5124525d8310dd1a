/* Fuzz target: the CSV reader on any bytes (options from the first byte), then the writer on
 * what was read: the reader never crashes, every field is valid UTF-8 within the limits, an
 * error is final and readable, and writer → reader gives back the same fields. */
#define _POSIX_C_SOURCE 200809L /* strdup */
#include "fuzz_common.h"

#define MAX_ROWS 512

typedef struct rows {
    char **fields; /* every field, row after row */
    size_t *counts;
    size_t nrows, nfields;
} rows;

static void rows_free(rows *t)
{
    for (size_t i = 0; i < t->nfields; i++)
        free(t->fields[i]);
    free(t->fields);
    free(t->counts);
}

/* Read everything; keep the rows in t (up to MAX_ROWS). Returns the final result (0 or an error). */
static int read_all(sup_csv_reader *r, size_t max_field, rows *t)
{
    int rc;
    int64_t last_line = 0;
    while ((rc = sup_csv_next(r)) == 1) {
        size_t n = sup_csv_field_count(r);
        FUZZ_CHECK(n >= 1 && sup_csv_field(r, n) == NULL);
        FUZZ_CHECK(sup_csv_line(r) > last_line);
        last_line = sup_csv_line(r);
        t->counts = realloc(t->counts, (t->nrows + 1) * sizeof *t->counts);
        t->fields = realloc(t->fields, (t->nfields + n) * sizeof *t->fields);
        FUZZ_CHECK(t->counts != NULL && t->fields != NULL);
        t->counts[t->nrows++] = n;
        for (size_t i = 0; i < n; i++) {
            const char *f = sup_csv_field(r, i);
            FUZZ_CHECK(f != NULL && fuzz_utf8_ok(f) && strlen(f) <= max_field);
            t->fields[t->nfields] = strdup(f);
            FUZZ_CHECK(t->fields[t->nfields] != NULL);
            t->nfields++;
        }
        if (t->nrows == MAX_ROWS)
            break;
    }
    return rc == 1 ? 0 : rc;
}

static void round_trip(const rows *t, uint8_t how)
{
    sup_csv_write_options wo;
    FUZZ_CHECK(sup_csv_write_options_init(&wo, SUP_CSV_WRITE_OPTIONS_VERSION) == SUP_OK);
    wo.bom = how & 1;
    wo.crlf = (how >> 1) & 1;
    sup_csv_writer *w = NULL;
    FUZZ_CHECK(sup_csv_writer_new(&wo, &w) == SUP_OK);
    size_t k = 0;
    for (size_t i = 0; i < t->nrows; i++) {
        for (size_t j = 0; j < t->counts[i]; j++)
            FUZZ_CHECK(sup_csv_write_field(w, t->fields[k++]) == SUP_OK);
        FUZZ_CHECK(sup_csv_end_row(w) == SUP_OK);
    }
    size_t len = 0;
    const char *data = sup_csv_writer_data(w, &len);
    sup_csv_reader *r = NULL;
    FUZZ_CHECK(sup_csv_open_buffer(data, len, NULL, &r) == SUP_OK);
    FUZZ_CHECK(sup_csv_separator(r) == ';' && sup_csv_encoding_of(r) == SUP_CSV_UTF8);
    k = 0;
    for (size_t i = 0; i < t->nrows; i++) {
        FUZZ_CHECK(sup_csv_next(r) == 1);
        FUZZ_CHECK(sup_csv_field_count(r) == t->counts[i]);
        for (size_t j = 0; j < t->counts[i]; j++)
            FUZZ_CHECK(strcmp(sup_csv_field(r, j), t->fields[k++]) == 0);
    }
    FUZZ_CHECK(sup_csv_next(r) == 0);
    sup_csv_free(r);
    sup_csv_writer_free(w);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    uint8_t sel = data[0];
    static const char seps[4] = {0, ';', ',', '\t'};
    sup_csv_options o;
    FUZZ_CHECK(sup_csv_options_init(&o, SUP_CSV_OPTIONS_VERSION) == SUP_OK);
    o.separator = seps[sel & 3];
    o.encoding = (sup_csv_encoding)((sel >> 2) % 3);
    if (sel & 0x20)
        o.max_field_bytes = (size_t)(sel >> 6) * 7 + 1; /* 1, 8, 15, 22 */
    if (sel & 0x10)
        o.max_fields = (size_t)(sel >> 6) + 1;
    size_t max_field = o.max_field_bytes ? o.max_field_bytes : SUP_CSV_FIELD_MAX;
    /* an exact copy of the bytes, so that reading past them is caught */
    size_t n = size - 1;
    uint8_t *bytes = malloc(n ? n : 1);
    FUZZ_CHECK(bytes != NULL);
    if (n > 0)
        memcpy(bytes, data + 1, n);
    sup_csv_reader *r = NULL;
    int rc = sup_csv_open_buffer(bytes, n, &o, &r);
    if (rc != SUP_OK) {
        FUZZ_CHECK(rc == SUP_EPARSE && r == NULL);
        fuzz_check_error(rc);
        free(bytes);
        return 0;
    }
    FUZZ_CHECK(o.separator == 0 || sup_csv_separator(r) == o.separator);
    FUZZ_CHECK(sup_csv_separator(r) == ';' || sup_csv_separator(r) == ',' || sup_csv_separator(r) == '\t');
    FUZZ_CHECK(sup_csv_encoding_of(r) == SUP_CSV_UTF8 || sup_csv_encoding_of(r) == SUP_CSV_CP1251);
    rows t = {0};
    rc = read_all(r, max_field, &t);
    if (rc < 0) {
        FUZZ_CHECK(rc == SUP_EPARSE);
        fuzz_check_error(rc);
        char first[600];
        snprintf(first, sizeof first, "%s", sup_error_message());
        FUZZ_CHECK(sup_csv_next(r) == rc && strcmp(sup_error_message(), first) == 0);
        FUZZ_CHECK(sup_csv_field_count(r) == 0);
    }
    sup_csv_free(r);
    free(bytes);
    round_trip(&t, sel);
    rows_free(&t);
    return 0;
}
