/* CSV: reading 1C/Excel files (separators, encodings, quoting, errors with line and column, chunked
 * files) and writing files for Russian Excel; writer → reader round trip on random fields. */
#define _POSIX_C_SOURCE 200809L
#include <libsupport.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

/* ---- helpers --------------------------------------------------------------------------- */

static sup_csv_reader *open_text(const char *text, const sup_csv_options *opts)
{
    sup_csv_reader *r = NULL;
    int rc = sup_csv_open_buffer(text, strlen(text), opts, &r);
    if (rc != SUP_OK)
        fail_msg("open: %s", sup_error_message());
    return r;
}

/* The next record must have exactly these fields (NULL-terminated list) and start on `line`. */
static void expect_row(sup_csv_reader *r, int64_t line, ...)
{
    int rc = sup_csv_next(r);
    if (rc != 1)
        fail_msg("expected a record on line %lld, got %d (%s)", (long long)line, rc, sup_error_message());
    va_list ap;
    va_start(ap, line);
    size_t i = 0;
    for (const char *f; (f = va_arg(ap, const char *)) != NULL; i++) {
        assert_true(i < sup_csv_field_count(r));
        assert_string_equal(sup_csv_field(r, i), f);
    }
    va_end(ap);
    assert_int_equal(sup_csv_field_count(r), i);
    assert_null(sup_csv_field(r, i));
    assert_int_equal(sup_csv_line(r), line);
}

static void expect_end(sup_csv_reader *r)
{
    assert_int_equal(sup_csv_next(r), 0);
    assert_int_equal(sup_csv_field_count(r), 0);
    assert_int_equal(sup_csv_next(r), 0);
}

/* Reading must fail with SUP_EPARSE and exactly this message, and keep failing. */
static void expect_error(sup_csv_reader *r, const char *message)
{
    for (int k = 0; k < 2; k++) {
        int rc;
        while ((rc = sup_csv_next(r)) == 1)
            ;
        assert_int_equal(rc, SUP_EPARSE);
        assert_string_equal(sup_error_message(), message);
        assert_int_equal(sup_csv_field_count(r), 0);
    }
}

static void expect_text_error(const char *text, const sup_csv_options *opts, const char *message)
{
    sup_csv_reader *r = open_text(text, opts);
    expect_error(r, message);
    sup_csv_free(r);
}

/* ---- reading ------------------------------------------------------------------------------ */

static void reads_excel_utf8_with_bom_semicolons_and_crlf(void **state)
{
    (void)state;
    sup_csv_reader *r = open_text("\xEF\xBB\xBF" "Код;Наименование;Сумма\r\nC1;ООО «Ромашка»;1 998,00\r\n", NULL);
    assert_int_equal(sup_csv_encoding_of(r), SUP_CSV_UTF8);
    assert_int_equal(sup_csv_separator(r), ';');
    assert_int_equal(sup_csv_line(r), 0);
    expect_row(r, 1, "Код", "Наименование", "Сумма", NULL);
    expect_row(r, 2, "C1", "ООО «Ромашка»", "1 998,00", NULL);
    expect_end(r);
    sup_csv_free(r);
}

static void reads_1c_windows_1251(void **state)
{
    (void)state;
    /* "Код;Наименование;Сумма" / "C1;ООО «Ромашка» №1 — ёЁ;1 998,00" in Windows-1251 */
    const char *cp = "\xCA\xEE\xE4;\xCD\xE0\xE8\xEC\xE5\xED\xEE\xE2\xE0\xED\xE8\xE5;\xD1\xF3\xEC\xEC\xE0\r\n"
                     "C1;\xCE\xCE\xCE \xAB\xD0\xEE\xEC\xE0\xF8\xEA\xE0\xBB \xB9" "1 \x97 \xB8\xA8;1 998,00\r\n";
    sup_csv_reader *r = open_text(cp, NULL);
    assert_int_equal(sup_csv_encoding_of(r), SUP_CSV_CP1251);
    assert_string_equal(sup_csv_encoding_name(sup_csv_encoding_of(r)), "Windows-1251");
    expect_row(r, 1, "Код", "Наименование", "Сумма", NULL);
    expect_row(r, 2, "C1", "ООО «Ромашка» №1 — ёЁ", "1 998,00", NULL);
    expect_end(r);
    sup_csv_free(r);
}

static void every_windows_1251_character_converts_to_its_unicode_one(void **state)
{
    (void)state;
    char in[130];
    size_t n = 0;
    for (unsigned b = 0x80; b <= 0xFF; b++)
        if (b != 0x98)
            in[n++] = (char)b;
    in[n] = '\0';
    /* bytes 0x80…0xFF without 0x98 as Python's cp1251 codec decodes them */
    static const char expected[] =
        "\xD0\x82\xD0\x83\xE2\x80\x9A\xD1\x93\xE2\x80\x9E\xE2\x80\xA6\xE2\x80\xA0\xE2\x80\xA1\xE2\x82\xAC"
        "\xE2\x80\xB0\xD0\x89\xE2\x80\xB9\xD0\x8A\xD0\x8C\xD0\x8B\xD0\x8F\xD1\x92\xE2\x80\x98\xE2\x80\x99"
        "\xE2\x80\x9C\xE2\x80\x9D\xE2\x80\xA2\xE2\x80\x93\xE2\x80\x94\xE2\x84\xA2\xD1\x99\xE2\x80\xBA\xD1"
        "\x9A\xD1\x9C\xD1\x9B\xD1\x9F\xC2\xA0\xD0\x8E\xD1\x9E\xD0\x88\xC2\xA4\xD2\x90\xC2\xA6\xC2\xA7\xD0"
        "\x81\xC2\xA9\xD0\x84\xC2\xAB\xC2\xAC\xC2\xAD\xC2\xAE\xD0\x87\xC2\xB0\xC2\xB1\xD0\x86\xD1\x96\xD2"
        "\x91\xC2\xB5\xC2\xB6\xC2\xB7\xD1\x91\xE2\x84\x96\xD1\x94\xC2\xBB\xD1\x98\xD0\x85\xD1\x95\xD1\x97"
        "\xD0\x90\xD0\x91\xD0\x92\xD0\x93\xD0\x94\xD0\x95\xD0\x96\xD0\x97\xD0\x98\xD0\x99\xD0\x9A\xD0\x9B"
        "\xD0\x9C\xD0\x9D\xD0\x9E\xD0\x9F\xD0\xA0\xD0\xA1\xD0\xA2\xD0\xA3\xD0\xA4\xD0\xA5\xD0\xA6\xD0\xA7"
        "\xD0\xA8\xD0\xA9\xD0\xAA\xD0\xAB\xD0\xAC\xD0\xAD\xD0\xAE\xD0\xAF\xD0\xB0\xD0\xB1\xD0\xB2\xD0\xB3"
        "\xD0\xB4\xD0\xB5\xD0\xB6\xD0\xB7\xD0\xB8\xD0\xB9\xD0\xBA\xD0\xBB\xD0\xBC\xD0\xBD\xD0\xBE\xD0\xBF"
        "\xD1\x80\xD1\x81\xD1\x82\xD1\x83\xD1\x84\xD1\x85\xD1\x86\xD1\x87\xD1\x88\xD1\x89\xD1\x8A\xD1\x8B"
        "\xD1\x8C\xD1\x8D\xD1\x8E\xD1\x8F";
    sup_csv_options o;
    assert_int_equal(sup_csv_options_init(&o, SUP_CSV_OPTIONS_VERSION), SUP_OK);
    o.separator = ';';
    sup_csv_reader *r = open_text(in, &o);
    assert_int_equal(sup_csv_encoding_of(r), SUP_CSV_CP1251);
    expect_row(r, 1, expected, NULL);
    expect_end(r);
    sup_csv_free(r);
    /* 0x98 has no character */
    o.encoding = SUP_CSV_CP1251;
    expect_text_error("ab;c\x98", &o, "CSV line 1, column 5 (field 2): byte 0x98 is not a Windows-1251 character");
}

static void encoding_detection_bom_valid_utf8_or_windows_1251(void **state)
{
    (void)state;
    sup_csv_reader *r = open_text("plain ascii;1\n", NULL);
    assert_int_equal(sup_csv_encoding_of(r), SUP_CSV_UTF8);
    sup_csv_free(r);
    r = open_text("Имя;1\n", NULL); /* UTF-8 without a byte order mark */
    assert_int_equal(sup_csv_encoding_of(r), SUP_CSV_UTF8);
    expect_row(r, 1, "Имя", "1", NULL);
    sup_csv_free(r);
    /* one Windows-1251 byte late in the input decides for the whole of it */
    r = open_text("a;b\nc;d\ne;\xE6\n", NULL);
    assert_int_equal(sup_csv_encoding_of(r), SUP_CSV_CP1251);
    expect_row(r, 1, "a", "b", NULL);
    expect_row(r, 2, "c", "d", NULL);
    expect_row(r, 3, "e", "ж", NULL);
    expect_end(r);
    sup_csv_free(r);
    /* UTF-8 asked for: the bad byte is an error with its place */
    sup_csv_options o;
    assert_int_equal(sup_csv_options_init(&o, SUP_CSV_OPTIONS_VERSION), SUP_OK);
    o.encoding = SUP_CSV_UTF8;
#define HINT " (is the file in Windows-1251? then ask for it, or let the encoding be detected)"
    expect_text_error("a;b\nИв;\xE6\n", &o,
                      "CSV line 2, column 4 (field 2): invalid UTF-8: the character starting with byte 0xE6 is cut "
                      "short" HINT);
    expect_text_error("a;b\xC0\x80;c\n", &o,
                      "CSV line 1, column 4 (field 2): invalid UTF-8: byte 0xC0 cannot start a character" HINT);
    expect_text_error("a;\x80", &o,
                      "CSV line 1, column 3 (field 2): invalid UTF-8: byte 0x80 cannot start a character" HINT);
    expect_text_error("a;\xED\xA0\x80\n", &o,
                      "CSV line 1, column 3 (field 2): invalid UTF-8: the character starting with byte 0xED is an "
                      "overlong form, a surrogate or beyond U+10FFFF" HINT);
    expect_text_error("a;\xD0", &o,
                      "CSV line 1, column 3 (field 2): invalid UTF-8: the character starting with byte 0xD0 is cut "
                      "short by the end" HINT);
#undef HINT
    /* a byte order mark with UTF-8 asked for is skipped too */
    r = open_text("\xEF\xBB\xBF" "x", &o);
    expect_row(r, 1, "x", NULL);
    sup_csv_free(r);
}

static void utf16_and_a_bom_with_windows_1251_asked_for_are_refused(void **state)
{
    (void)state;
    sup_csv_reader *r = (sup_csv_reader *)1;
    assert_int_equal(sup_csv_open_buffer("\xFF\xFE" "a\0;\0", 6, NULL, &r), SUP_EPARSE);
    assert_null(r);
    assert_string_equal(sup_error_message(), "CSV line 1: the input is UTF-16 (byte order mark FF FE); save it as "
                                             "\"CSV UTF-8\" or as CSV in Windows-1251");
    sup_csv_options o;
    assert_int_equal(sup_csv_options_init(&o, SUP_CSV_OPTIONS_VERSION), SUP_OK);
    o.encoding = SUP_CSV_CP1251;
    assert_int_equal(sup_csv_open_buffer("\xEF\xBB\xBF" "a", 4, &o, &r), SUP_EPARSE);
    assert_string_equal(sup_error_message(), "CSV line 1: the input starts with the UTF-8 byte order mark, but "
                                             "Windows-1251 was asked for");
    /* UTF-16 without a mark: its NUL bytes */
    assert_int_equal(sup_csv_open_buffer("a\0;\0b\0", 6, NULL, &r), SUP_OK);
    expect_error(r, "CSV line 1, column 2 (field 1): a NUL byte (is this a UTF-16 or a binary file?)");
    sup_csv_free(r);
}

static void separator_is_detected_from_the_first_record_outside_quotes(void **state)
{
    (void)state;
    sup_csv_reader *r = open_text("a,b,c\n1,2,3\n", NULL);
    assert_int_equal(sup_csv_separator(r), ',');
    expect_row(r, 1, "a", "b", "c", NULL);
    expect_row(r, 2, "1", "2", "3", NULL);
    sup_csv_free(r);
    r = open_text("\"a;b;c\",d\n", NULL); /* the semicolons are quoted */
    assert_int_equal(sup_csv_separator(r), ',');
    expect_row(r, 1, "a;b;c", "d", NULL);
    sup_csv_free(r);
    r = open_text("a;b,c\nx,y;z\n", NULL); /* a tie: ";" */
    assert_int_equal(sup_csv_separator(r), ';');
    expect_row(r, 1, "a", "b,c", NULL);
    sup_csv_free(r);
    r = open_text("\n\nnone\n1,2\n", NULL); /* empty lines first, then no separator at all: ";" */
    assert_int_equal(sup_csv_separator(r), ';');
    expect_row(r, 3, "none", NULL);
    expect_row(r, 4, "1,2", NULL);
    sup_csv_free(r);
    r = open_text("\"a\nb\",c,d;e\n", NULL); /* the first record goes on after its quoted line break */
    assert_int_equal(sup_csv_separator(r), ',');
    sup_csv_free(r);
    sup_csv_options o;
    assert_int_equal(sup_csv_options_init(&o, SUP_CSV_OPTIONS_VERSION), SUP_OK);
    o.separator = '\t';
    r = open_text("a\tb;c\n", &o);
    assert_int_equal(sup_csv_separator(r), '\t');
    expect_row(r, 1, "a", "b;c", NULL);
    sup_csv_free(r);
}

static void quoted_fields_hold_quotes_separators_and_line_breaks(void **state)
{
    (void)state;
    sup_csv_reader *r = open_text("\"a\"\"b\";\"c;d\";\"line1\r\nline2\"\r\nnext;\"\"\r\n\"\"\n", NULL);
    expect_row(r, 1, "a\"b", "c;d", "line1\r\nline2", NULL);
    expect_row(r, 3, "next", "", NULL);
    expect_row(r, 4, "", NULL); /* a line of "" is one empty field, not an empty line */
    expect_end(r);
    sup_csv_free(r);
    r = open_text("\"\"\"\";\"a\nb\nc\";x\ny\n", NULL);
    expect_row(r, 1, "\"", "a\nb\nc", "x", NULL);
    expect_row(r, 4, "y", NULL);
    sup_csv_free(r);
}

static void line_ends_empty_lines_and_the_last_record(void **state)
{
    (void)state;
    /* LF, CRLF and CR alone; empty lines skipped but counted; no line end at the end */
    sup_csv_reader *r = open_text("a;b\r\n\r\nc;d\n\ne;f\rg; h \r\r\ni;", NULL);
    expect_row(r, 1, "a", "b", NULL);
    expect_row(r, 3, "c", "d", NULL);
    expect_row(r, 5, "e", "f", NULL);
    expect_row(r, 6, "g", " h ", NULL); /* spaces are kept */
    expect_row(r, 8, "i", "", NULL);    /* a trailing separator: an empty last field */
    expect_end(r);
    sup_csv_free(r);
    r = open_text("", NULL);
    expect_end(r);
    sup_csv_free(r);
    r = open_text("\r\n\n", NULL);
    expect_end(r);
    sup_csv_free(r);
    r = open_text(";", NULL);
    expect_row(r, 1, "", "", NULL);
    expect_end(r);
    sup_csv_free(r);
}

static void malformed_input_errors_name_line_column_and_field(void **state)
{
    (void)state;
    expect_text_error("a;b\nab\"c;d\n", NULL,
                      "CSV line 2, column 3 (field 1): a quote inside an unquoted field (quote the whole field and "
                      "double the quote: \"\")");
    expect_text_error("x;\"ab\"c;d\n", NULL,
                      "CSV line 1, column 7 (field 2): a character after the closing quote of the field (a quote "
                      "inside a quoted field is doubled: \"\")");
    expect_text_error("x;\"ab\" ;d\n", NULL,
                      "CSV line 1, column 7 (field 2): a character after the closing quote of the field (a quote "
                      "inside a quoted field is doubled: \"\")");
    expect_text_error("a;b\nc;\"de\n\nf;g\n", NULL,
                      "CSV line 2, column 3 (field 2): the quoted field that starts here has no closing quote before "
                      "the end of the input");
    expect_text_error("a;Жж\"\n", NULL,
                      "CSV line 1, column 5 (field 2): a quote inside an unquoted field (quote the whole field and "
                      "double the quote: \"\")");
    sup_csv_reader *r = NULL;
    assert_int_equal(sup_csv_open_buffer("a;b\nc\0d\n", 8, NULL, &r), SUP_OK);
    expect_row(r, 1, "a", "b", NULL);
    expect_error(r, "CSV line 2, column 2 (field 1): a NUL byte (is this a UTF-16 or a binary file?)");
    sup_csv_free(r);
}

static void limits_on_field_size_and_field_count(void **state)
{
    (void)state;
    sup_csv_options o;
    assert_int_equal(sup_csv_options_init(&o, SUP_CSV_OPTIONS_VERSION), SUP_OK);
    o.max_field_bytes = 4;
    o.max_fields = 3;
    sup_csv_reader *r = open_text("abcd;жж;\"ab\"\"\"\nabcde\n", &o); /* 4 bytes each: fine */
    expect_row(r, 1, "abcd", "жж", "ab\"", NULL);
    expect_error(r, "CSV line 2, column 5 (field 1): the field is longer than 4 bytes");
    sup_csv_free(r);
    expect_text_error("ab;жжж\n", &o, "CSV line 1, column 6 (field 2): the field is longer than 4 bytes");
    expect_text_error("a;b;c;d\n", &o, "CSV line 1: more than 3 fields in the record");
    expect_text_error("a;b;c;\n", &o, "CSV line 1: more than 3 fields in the record");
    r = open_text("a;b;c\n", &o);
    expect_row(r, 1, "a", "b", "c", NULL);
    sup_csv_free(r);
    /* the default limit: 64 KiB */
    char *big = malloc(SUP_CSV_FIELD_MAX + 3);
    assert_non_null(big);
    memset(big, 'x', SUP_CSV_FIELD_MAX + 1);
    big[SUP_CSV_FIELD_MAX + 1] = '\0';
    r = open_text(big + 1, NULL);
    assert_int_equal(sup_csv_next(r), 1);
    assert_int_equal(strlen(sup_csv_field(r, 0)), SUP_CSV_FIELD_MAX);
    sup_csv_free(r);
    r = open_text(big, NULL);
    assert_int_equal(sup_csv_next(r), SUP_EPARSE);
    sup_csv_free(r);
    free(big);
}

static void options_are_checked(void **state)
{
    (void)state;
    sup_csv_options o;
    assert_int_equal(sup_csv_options_init(&o, 2), SUP_EINVAL);
    assert_int_equal(sup_csv_options_init(NULL, SUP_CSV_OPTIONS_VERSION), SUP_EINVAL);
    assert_int_equal(sup_csv_options_init(&o, SUP_CSV_OPTIONS_VERSION), SUP_OK);
    assert_int_equal(o.separator, 0);
    assert_int_equal(o.encoding, SUP_CSV_DETECT);
    sup_csv_reader *r = (sup_csv_reader *)1;
    sup_csv_options bad = o;
    bad.version = 0;
    assert_int_equal(sup_csv_open_buffer("a", 1, &bad, &r), SUP_EINVAL);
    assert_null(r);
    assert_string_equal(sup_error_message(),
                        "sup_csv_open_buffer: options version 0, this library knows 1 (use sup_csv_options_init)");
    bad = o;
    bad.separator = '"';
    assert_int_equal(sup_csv_open_buffer("a", 1, &bad, &r), SUP_EINVAL);
    bad.separator = 'x';
    assert_int_equal(sup_csv_open_buffer("a", 1, &bad, &r), SUP_EINVAL);
    bad = o;
    bad.encoding = (sup_csv_encoding)3;
    assert_int_equal(sup_csv_open_buffer("a", 1, &bad, &r), SUP_EINVAL);
    bad = o;
    bad.max_field_bytes = SUP_CSV_FIELD_LIMIT + 1;
    assert_int_equal(sup_csv_open_buffer("a", 1, &bad, &r), SUP_ERANGE);
    bad = o;
    bad.max_fields = SUP_CSV_FIELDS_LIMIT + 1;
    assert_int_equal(sup_csv_open_buffer("a", 1, &bad, &r), SUP_ERANGE);
    assert_int_equal(sup_csv_open_buffer(NULL, 1, NULL, &r), SUP_EINVAL);
    assert_int_equal(sup_csv_open_buffer(NULL, 0, NULL, &r), SUP_OK); /* empty input */
    expect_end(r);
    sup_csv_free(r);
    assert_int_equal(sup_csv_open_buffer("a", 1, NULL, NULL), SUP_EINVAL);
    assert_int_equal(sup_csv_next(NULL), SUP_EINVAL);
    assert_int_equal(sup_csv_field_count(NULL), 0);
    assert_null(sup_csv_field(NULL, 0));
    assert_string_equal(sup_csv_encoding_name(SUP_CSV_UTF8), "UTF-8");
    assert_string_equal(sup_csv_encoding_name((sup_csv_encoding)7), "");
    sup_csv_free(NULL);
}

/* ---- files --------------------------------------------------------------------------------- */

static char *temp_file(const void *data, size_t size)
{
    char *path = strdup("/tmp/test_csv_XXXXXX");
    assert_non_null(path);
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    FILE *f = fdopen(fd, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, size, f), size);
    assert_int_equal(fclose(f), 0);
    return path;
}

/* Read all records of a reader into one string (fields joined by \x1F, records by \x1E) or the error. */
static char *slurp(sup_csv_reader *r)
{
    size_t cap = 1024, len = 0;
    char *s = malloc(cap);
    assert_non_null(s);
    int rc;
    while ((rc = sup_csv_next(r)) == 1) {
        char head[32];
        snprintf(head, sizeof head, "%lld:", (long long)sup_csv_line(r));
        for (size_t i = 0; i <= sup_csv_field_count(r); i++) {
            const char *f = i == 0 ? head : sup_csv_field(r, i - 1);
            size_t n = strlen(f) + 2;
            while (len + n + 1 > cap) {
                cap *= 2;
                s = realloc(s, cap);
                assert_non_null(s);
            }
            memcpy(s + len, f, n - 2);
            len += n - 2;
            s[len++] = i == sup_csv_field_count(r) ? '\x1E' : '\x1F';
        }
    }
    if (rc < 0) {
        const char *m = sup_error_message();
        size_t n = strlen(m);
        s = realloc(s, len + n + 1);
        assert_non_null(s);
        memcpy(s + len, m, n);
        len += n;
    }
    s[len] = '\0';
    return s;
}

static void file_reader_agrees_with_the_buffer_reader_across_chunk_boundaries(void **state)
{
    (void)state;
    /* Sequences that the 64 KiB chunks may cut: a 2- and a 4-byte UTF-8 character, CRLF, "",
     * a quoted line break and a separator. Each is moved over the boundary byte by byte. */
    static const char tail[] = "ж𝄞\r\n\"a\"\"b\";\"c\r\nd\";e\r\nlast";
    const size_t boundary = 65536;
    for (size_t shift = 0; shift < 24; shift++) {
        size_t pad = boundary - 12 + shift;
        size_t size = 3 + pad + sizeof tail - 1;
        char *data = malloc(size + 1);
        assert_non_null(data);
        memcpy(data, "\xEF\xBB\xBF", 3);
        for (size_t i = 0; i < pad; i++)
            data[3 + i] = i % 100 == 99 ? ';' : 'x';
        memcpy(data + 3 + pad, tail, sizeof tail);
        char *path = temp_file(data, size);
        for (int detect = 0; detect < 2; detect++) {
            sup_csv_options o;
            assert_int_equal(sup_csv_options_init(&o, SUP_CSV_OPTIONS_VERSION), SUP_OK);
            if (!detect) {
                o.separator = ';';
                o.encoding = SUP_CSV_UTF8;
            }
            sup_csv_reader *fr = NULL, *br = NULL;
            assert_int_equal(sup_csv_open(path, &o, &fr), SUP_OK);
            assert_int_equal(sup_csv_open_buffer(data, size, &o, &br), SUP_OK);
            assert_int_equal(sup_csv_encoding_of(fr), SUP_CSV_UTF8);
            char *a = slurp(fr), *b = slurp(br);
            assert_string_equal(a, b);
            assert_non_null(strstr(a, "ж𝄞\x1E" "2:\x1F" "a\"b\x1F" "c\r\nd\x1F" "e\x1E" "4:\x1F" "last\x1E"));
            free(a);
            free(b);
            sup_csv_free(fr);
            sup_csv_free(br);
        }
        unlink(path);
        free(path);
        free(data);
    }
}

static void large_windows_1251_file_reads_record_by_record(void **state)
{
    (void)state;
    /* 20 000 records (about 600 KiB, ten chunks) in Windows-1251; the last line decides nothing */
    const int rows = 20000;
    size_t cap = (size_t)rows * 40, len = 0;
    char *data = malloc(cap);
    assert_non_null(data);
    for (int i = 0; i < rows; i++)
        len += (size_t)snprintf(data + len, cap - len,
                                "C%05d;\xCE\xCE\xCE \xAB\xD0\xEE\xEC\xE0\xF8\xEA\xE0\xBB;%d,50\r\n", i, i);
    char *path = temp_file(data, len);
    sup_csv_reader *r = NULL;
    assert_int_equal(sup_csv_open(path, NULL, &r), SUP_OK);
    assert_int_equal(sup_csv_encoding_of(r), SUP_CSV_CP1251);
    assert_int_equal(sup_csv_separator(r), ';');
    int n = 0, rc;
    while ((rc = sup_csv_next(r)) == 1) {
        char code[16];
        snprintf(code, sizeof code, "C%05d", n);
        assert_int_equal(sup_csv_field_count(r), 3);
        assert_string_equal(sup_csv_field(r, 0), code);
        assert_string_equal(sup_csv_field(r, 1), "ООО «Ромашка»");
        assert_int_equal(sup_csv_line(r), n + 1);
        n++;
    }
    assert_int_equal(rc, 0);
    assert_int_equal(n, rows);
    sup_csv_free(r);
    unlink(path);
    free(path);
    free(data);
}

static void missing_file_is_an_io_error(void **state)
{
    (void)state;
    sup_csv_reader *r = (sup_csv_reader *)1;
    assert_int_equal(sup_csv_open("/nonexistent/dir/customers.csv", NULL, &r), SUP_EIO);
    assert_null(r);
    assert_string_equal(sup_error_message(),
                        "cannot open CSV file \"/nonexistent/dir/customers.csv\": No such file or directory");
    assert_int_equal(sup_csv_open(NULL, NULL, &r), SUP_EINVAL);
    char *path = temp_file("", 0);
    assert_int_equal(sup_csv_open(path, NULL, &r), SUP_OK);
    expect_end(r);
    sup_csv_free(r);
    unlink(path);
    free(path);
}

/* ---- writing ------------------------------------------------------------------------------- */

static void writer_output_is_what_russian_excel_opens(void **state)
{
    (void)state;
    sup_csv_writer *w = NULL;
    assert_int_equal(sup_csv_writer_new(NULL, &w), SUP_OK);
    size_t len = 99;
    assert_string_equal(sup_csv_writer_data(w, &len), "\xEF\xBB\xBF");
    assert_int_equal(len, 3);
    assert_int_equal(sup_csv_write_field(w, "Код"), SUP_OK);
    assert_int_equal(sup_csv_write_field(w, "Сумма, руб."), SUP_OK); /* first row: "," is quoted */
    assert_int_equal(sup_csv_write_field(w, "Дата"), SUP_OK);
    assert_int_equal(sup_csv_write_field(w, "Кол-во"), SUP_OK);
    assert_int_equal(sup_csv_end_row(w), SUP_OK);
    assert_int_equal(sup_csv_write_field(w, "C1"), SUP_OK);
    assert_int_equal(sup_csv_write_money(w, 199800), SUP_OK);
    assert_int_equal(sup_csv_write_date(w, 20260131), SUP_OK);
    assert_int_equal(sup_csv_write_int(w, -42), SUP_OK);
    assert_int_equal(sup_csv_end_row(w), SUP_OK);
    assert_int_equal(sup_csv_write_field(w, "ООО \"Ромашка\"; филиал"), SUP_OK);
    assert_int_equal(sup_csv_write_money(w, -530), SUP_OK);
    assert_int_equal(sup_csv_write_date(w, SUP_DATE_NONE), SUP_OK);
    assert_int_equal(sup_csv_write_field(w, "две\nстроки, запятая"), SUP_OK);
    assert_int_equal(sup_csv_end_row(w), SUP_OK);
    assert_string_equal(sup_csv_writer_data(w, &len),
                        "\xEF\xBB\xBF"
                        "Код;\"Сумма, руб.\";Дата;Кол-во\r\n"
                        "C1;1998,00;31.01.2026;-42\r\n"
                        "\"ООО \"\"Ромашка\"\"; филиал\";-5,30;;\"две\nстроки, запятая\"\r\n");
    assert_int_equal(len, strlen(sup_csv_writer_data(w, NULL)));
    /* only whole rows are output; clearing drops what the caller took */
    sup_csv_writer_clear(w);
    assert_int_equal(sup_csv_write_field(w, "half"), SUP_OK);
    assert_string_equal(sup_csv_writer_data(w, &len), "");
    assert_int_equal(len, 0);
    sup_csv_discard_row(w);
    assert_int_equal(sup_csv_write_field(w, ""), SUP_OK);
    assert_int_equal(sup_csv_end_row(w), SUP_OK);
    assert_string_equal(sup_csv_writer_data(w, NULL), "\"\"\r\n"); /* one empty field is not an empty line */
    sup_csv_writer_free(w);
}

static void writer_options_lf_iso_dates_plain_money_no_bom_and_formula_guard(void **state)
{
    (void)state;
    sup_csv_write_options o;
    assert_int_equal(sup_csv_write_options_init(&o, SUP_CSV_WRITE_OPTIONS_VERSION), SUP_OK);
    assert_int_equal(o.separator, ';');
    assert_int_equal(o.bom, 1);
    assert_int_equal(o.crlf, 1);
    assert_int_equal(o.date_style, SUP_DATE_RU);
    assert_int_equal(o.money_style, SUP_MONEY_DECIMAL_COMMA);
    o.bom = 0;
    o.crlf = 0;
    o.separator = ',';
    o.date_style = SUP_DATE_ISO;
    o.money_style = SUP_MONEY_PLAIN;
    o.guard_formulas = 1;
    sup_csv_writer *w = NULL;
    assert_int_equal(sup_csv_writer_new(&o, &w), SUP_OK);
    assert_int_equal(sup_csv_write_field(w, "=HYPERLINK(\"http://x\")"), SUP_OK);
    assert_int_equal(sup_csv_write_field(w, "@SUM(A1)"), SUP_OK);
    assert_int_equal(sup_csv_write_money(w, -199850), SUP_OK); /* numbers are not guarded */
    assert_int_equal(sup_csv_write_date(w, 20260131), SUP_OK);
    assert_int_equal(sup_csv_write_field(w, "a;b"), SUP_OK);
    assert_int_equal(sup_csv_end_row(w), SUP_OK);
    assert_int_equal(sup_csv_write_field(w, "-1"), SUP_OK);
    assert_int_equal(sup_csv_write_field(w, "x,y"), SUP_OK);
    assert_int_equal(sup_csv_write_field(w, "p;q"), SUP_OK); /* not the separator, not the first row */
    assert_int_equal(sup_csv_end_row(w), SUP_OK);
    assert_string_equal(sup_csv_writer_data(w, NULL),
                        "\"'=HYPERLINK(\"\"http://x\"\")\",'@SUM(A1),-1998.50,2026-01-31,\"a;b\"\n"
                        "'-1,\"x,y\",p;q\n");
    sup_csv_writer_free(w);
}

static void writer_refuses_invalid_text_empty_rows_bad_dates_and_options(void **state)
{
    (void)state;
    sup_csv_writer *w = NULL;
    assert_int_equal(sup_csv_writer_new(NULL, &w), SUP_OK);
    assert_int_equal(sup_csv_end_row(w), SUP_ESTATE);
    assert_string_equal(sup_error_message(), "sup_csv_end_row: the row has no field");
    assert_int_equal(sup_csv_write_field(w, "ok"), SUP_OK);
    assert_int_equal(sup_csv_write_field(w, "bad\xFF"), SUP_EINVAL);
    assert_string_equal(sup_error_message(), "sup_csv_write_field: the text \"bad\\xFF\" is not valid UTF-8");
    assert_int_equal(sup_csv_write_date(w, 20260230), SUP_EDATE);
    assert_int_equal(sup_csv_write_field(w, NULL), SUP_EINVAL);
    assert_int_equal(sup_csv_end_row(w), SUP_OK);
    assert_string_equal(sup_csv_writer_data(w, NULL), "\xEF\xBB\xBF" "ok\r\n"); /* the row is unchanged by failures */
    sup_csv_writer_free(w);
    sup_csv_write_options o;
    assert_int_equal(sup_csv_write_options_init(&o, 9), SUP_EINVAL);
    assert_int_equal(sup_csv_write_options_init(&o, SUP_CSV_WRITE_OPTIONS_VERSION), SUP_OK);
    sup_csv_write_options bad = o;
    bad.separator = '\n';
    assert_int_equal(sup_csv_writer_new(&bad, &w), SUP_EINVAL);
    assert_null(w);
    bad = o;
    bad.money_style = (sup_money_style)9;
    assert_int_equal(sup_csv_writer_new(&bad, &w), SUP_EINVAL);
    bad = o;
    bad.date_style = (sup_date_style)9;
    assert_int_equal(sup_csv_writer_new(&bad, &w), SUP_EINVAL);
    bad = o;
    bad.version = 2;
    assert_int_equal(sup_csv_writer_new(&bad, &w), SUP_EINVAL);
    assert_int_equal(sup_csv_writer_new(&o, NULL), SUP_EINVAL);
    sup_csv_writer_free(NULL);
}

/* ---- round trip ---------------------------------------------------------------------------- */

static uint64_t rng_state = 0x9E3779B97F4A7C15u;
static unsigned rnd(unsigned n)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return (unsigned)(rng_state % n);
}

static void writer_then_reader_gives_back_the_same_fields(void **state)
{
    (void)state;
    static const char *const pieces[] = {"a", "Я", "№", "\"", ";", ",", "\r", "\n", "\r\n", " ", "\t", "€", "𝄞",
                                         "\xEF\xBB\xBF", "\"\"", "x y", "1998,00", "=1+1", "'"};
    enum { ROWS = 6, FIELDS = 5 };
    char fields[ROWS][FIELDS][64];
    int nfields[ROWS];
    for (int iter = 0; iter < 2000; iter++) {
        sup_csv_write_options o;
        assert_int_equal(sup_csv_write_options_init(&o, SUP_CSV_WRITE_OPTIONS_VERSION), SUP_OK);
        o.bom = (int)rnd(2);
        o.crlf = (int)rnd(2);
        sup_csv_writer *w = NULL;
        assert_int_equal(sup_csv_writer_new(&o, &w), SUP_OK);
        int nrows = 1 + (int)rnd(ROWS);
        for (int i = 0; i < nrows; i++) {
            nfields[i] = 1 + (int)rnd(FIELDS);
            for (int k = 0; k < nfields[i]; k++) {
                char *f = fields[i][k];
                f[0] = '\0';
                for (int p = (int)rnd(5); p > 0; p--)
                    strcat(f, pieces[rnd(sizeof pieces / sizeof pieces[0])]);
                assert_int_equal(sup_csv_write_field(w, f), SUP_OK);
            }
            assert_int_equal(sup_csv_end_row(w), SUP_OK);
        }
        size_t len = 0;
        const char *data = sup_csv_writer_data(w, &len);
        sup_csv_reader *r = NULL;
        assert_int_equal(sup_csv_open_buffer(data, len, NULL, &r), SUP_OK);
        assert_int_equal(sup_csv_separator(r), ';');
        assert_int_equal(sup_csv_encoding_of(r), SUP_CSV_UTF8);
        for (int i = 0; i < nrows; i++) {
            int rc = sup_csv_next(r);
            if (rc != 1)
                fail_msg("iteration %d row %d: %d %s", iter, i, rc, sup_error_message());
            assert_int_equal(sup_csv_field_count(r), (size_t)nfields[i]);
            for (int k = 0; k < nfields[i]; k++)
                assert_string_equal(sup_csv_field(r, (size_t)k), fields[i][k]);
        }
        assert_int_equal(sup_csv_next(r), 0);
        sup_csv_free(r);
        sup_csv_writer_free(w);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(reads_excel_utf8_with_bom_semicolons_and_crlf),
        cmocka_unit_test(reads_1c_windows_1251),
        cmocka_unit_test(every_windows_1251_character_converts_to_its_unicode_one),
        cmocka_unit_test(encoding_detection_bom_valid_utf8_or_windows_1251),
        cmocka_unit_test(utf16_and_a_bom_with_windows_1251_asked_for_are_refused),
        cmocka_unit_test(separator_is_detected_from_the_first_record_outside_quotes),
        cmocka_unit_test(quoted_fields_hold_quotes_separators_and_line_breaks),
        cmocka_unit_test(line_ends_empty_lines_and_the_last_record),
        cmocka_unit_test(malformed_input_errors_name_line_column_and_field),
        cmocka_unit_test(limits_on_field_size_and_field_count),
        cmocka_unit_test(options_are_checked),
        cmocka_unit_test(file_reader_agrees_with_the_buffer_reader_across_chunk_boundaries),
        cmocka_unit_test(large_windows_1251_file_reads_record_by_record),
        cmocka_unit_test(missing_file_is_an_io_error),
        cmocka_unit_test(writer_output_is_what_russian_excel_opens),
        cmocka_unit_test(writer_options_lf_iso_dates_plain_money_no_bom_and_formula_guard),
        cmocka_unit_test(writer_refuses_invalid_text_empty_rows_bad_dates_and_options),
        cmocka_unit_test(writer_then_reader_gives_back_the_same_fields),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
