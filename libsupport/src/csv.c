/* libsupport — a streaming CSV reader for 1C/Excel files and a writer for Russian Excel. */
#include "libsupport.h"
#include "error_internal.h"
#include "utf8_internal.h"
#include "text_internal.h"
#include "date_internal.h"
#include "money_internal.h"
#include "codec_internal.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* Bytes read from a file at a time. */
#define CHUNK_SIZE 65536

static const unsigned char utf8_bom[3] = {0xEF, 0xBB, 0xBF};

/* The end of every invalid-UTF-8 message: the likely cause. */
#define UTF8_HINT " (is the file in Windows-1251? then ask for it, or let the encoding be detected)"

/* ---- UTF-8 decoding, one byte at a time ------------------------------------------------ */

typedef struct utf8_state {
    unsigned need; /* continuation bytes still expected */
    uint32_t cp, min;
    unsigned char lead; /* the first byte of the character being decoded */
} utf8_state;

/* Feed one byte: 1 if it ends a character (or is ASCII), 0 if more bytes are expected,
 * -1 if the input is not UTF-8 at this byte. */
static int utf8_feed(utf8_state *u, unsigned char c)
{
    if (u->need > 0) {
        if ((c & 0xC0) != 0x80)
            return -1;
        u->cp = (u->cp << 6) | (c & 0x3Fu);
        if (--u->need > 0)
            return 0;
        return u->cp >= u->min && u->cp <= 0x10FFFF && (u->cp < 0xD800 || u->cp > 0xDFFF) ? 1 : -1;
    }
    if (c < 0x80)
        return 1;
    u->lead = c;
    if (c >= 0xC2 && c <= 0xDF) {
        u->need = 1;
        u->cp = c & 0x1Fu;
        u->min = 0x80;
    } else if (c >= 0xE0 && c <= 0xEF) {
        u->need = 2;
        u->cp = c & 0x0Fu;
        u->min = 0x800;
    } else if (c >= 0xF0 && c <= 0xF4) {
        u->need = 3;
        u->cp = c & 0x07u;
        u->min = 0x10000;
    } else {
        return -1;
    }
    return 0;
}

/* ---- options -------------------------------------------------------------------------- */

static void read_defaults(sup_csv_options *opts)
{
    memset(opts, 0, sizeof *opts);
    opts->version = SUP_CSV_OPTIONS_VERSION;
    opts->encoding = SUP_CSV_DETECT;
}

int sup_csv_options_init(sup_csv_options *opts, unsigned version)
{
    SUP__CHECK_ARG(opts, "sup_csv_options_init");
    if (version != SUP_CSV_OPTIONS_VERSION)
        return sup__fail(SUP_EINVAL, "sup_csv_options_init: options version %u, this library knows %d", version,
                         SUP_CSV_OPTIONS_VERSION);
    read_defaults(opts);
    return SUP_OK;
}

/* A separator a CSV file can use: ASCII punctuation or tab, not the quote. */
static bool separator_ok(char c)
{
    return c == '\t' || (c > 0x20 && c < 0x7F && c != '"' && !(c >= '0' && c <= '9') &&
                         !((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')));
}

const char *sup_csv_encoding_name(sup_csv_encoding encoding)
{
    switch (encoding) {
    case SUP_CSV_DETECT: return "detect";
    case SUP_CSV_UTF8: return "UTF-8";
    case SUP_CSV_CP1251: return "Windows-1251";
    }
    return "";
}

/* ---- the reader ----------------------------------------------------------------------- */

enum csv_state { ST_FIELD_START, ST_UNQUOTED, ST_QUOTED, ST_QUOTE_IN_QUOTED };

struct sup_csv_reader {
    /* (members ordered by size, largest first: no padding) */
    /* input: a file read in chunks, or the caller's buffer; [p, end) not yet read */
    FILE *file;
    unsigned char *chunk;
    const unsigned char *p, *end;
    /* limits */
    size_t max_field, max_fields;
    /* the current record: fields NUL-terminated one after the other in rec */
    char *rec;
    size_t rec_len, rec_cap, field_start;
    size_t *starts;
    size_t nfields, starts_cap;
    int64_t rec_line;
    int64_t quote_line, quote_col; /* where the open quoted field starts */
    /* position of the next byte: line from 1, characters before it on the line */
    int64_t line, col;
    int64_t char_line, char_col; /* where the UTF-8 character being decoded starts */
    utf8_state utf8;
    sup_csv_encoding encoding;
    enum csv_state state;
    int error; /* a final error, repeated by every later call with its message */
    char separator;
    bool eof;
    bool started; /* the record has begun (a line that is not empty) */
    bool after_cr;
    char error_message[512];
};

/* SUP_EPARSE (or code) "CSV line L, column C (field F): …", remembered as final. */
static int csv_fail(sup_csv_reader *r, int code, int64_t line, int64_t col, const char *fmt, ...) SUP__PRINTF(5, 6);
static int csv_fail(sup_csv_reader *r, int code, int64_t line, int64_t col, const char *fmt, ...)
{
    char why[300];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    if (col > 0)
        snprintf(r->error_message, sizeof r->error_message, "CSV line %lld, column %lld (field %zu): %s",
                 (long long)line, (long long)col, r->nfields + 1, why);
    else
        snprintf(r->error_message, sizeof r->error_message, "CSV line %lld: %s", (long long)line, why);
    r->error = code;
    r->nfields = 0;
    return sup__fail(code, "%s", r->error_message);
}

/* Make room for n more bytes of the record (and its NUL). */
static int rec_reserve(sup_csv_reader *r, size_t n)
{
    if (r->rec_cap - r->rec_len > n)
        return SUP_OK;
    size_t cap = r->rec_cap ? r->rec_cap : 256;
    while (cap - r->rec_len <= n) {
        if (cap > SIZE_MAX / 2)
            return csv_fail(r, SUP_ENOMEM, r->line, 0, "a record too large for memory");
        cap *= 2;
    }
    char *p = sup__realloc(r->rec, cap);
    if (p == NULL)
        return csv_fail(r, SUP_ENOMEM, r->line, 0, "out of memory for a record of %zu bytes", cap);
    r->rec = p;
    r->rec_cap = cap;
    return SUP_OK;
}

/* Append field content (UTF-8 bytes of one character), within the field size limit. */
static int put(sup_csv_reader *r, const char *bytes, size_t n, int64_t line, int64_t col)
{
    if (r->rec_len - r->field_start + n > r->max_field)
        return csv_fail(r, SUP_EPARSE, line, col, "the field is longer than %zu bytes", r->max_field);
    int rc = rec_reserve(r, n);
    if (rc != SUP_OK)
        return rc;
    memcpy(r->rec + r->rec_len, bytes, n);
    r->rec_len += n;
    return SUP_OK;
}

/* End the current field. */
static int end_field(sup_csv_reader *r, int64_t line)
{
    if (r->nfields == r->max_fields)
        return csv_fail(r, SUP_EPARSE, line, 0, "more than %zu fields in the record", r->max_fields);
    if (r->nfields == r->starts_cap) {
        size_t cap = r->starts_cap ? r->starts_cap * 2 : 16;
        size_t *p = sup__realloc(r->starts, cap * sizeof *p);
        if (p == NULL)
            return csv_fail(r, SUP_ENOMEM, line, 0, "out of memory for a record of %zu fields", cap);
        r->starts = p;
        r->starts_cap = cap;
    }
    int rc = rec_reserve(r, 0);
    if (rc != SUP_OK)
        return rc;
    r->rec[r->rec_len++] = '\0';
    r->starts[r->nfields++] = r->field_start;
    r->field_start = r->rec_len;
    return SUP_OK;
}

/* The record starts with the character at `line`. */
static void start_record(sup_csv_reader *r, int64_t line)
{
    if (!r->started) {
        r->started = true;
        r->rec_line = line;
    }
}

/* A content character (its UTF-8 bytes) at line/col: into the field, by state. */
static int content(sup_csv_reader *r, const char *bytes, size_t n, int64_t line, int64_t col)
{
    switch (r->state) {
    case ST_FIELD_START:
        start_record(r, line);
        r->state = ST_UNQUOTED;
        return put(r, bytes, n, line, col);
    case ST_UNQUOTED:
    case ST_QUOTED:
        return put(r, bytes, n, line, col);
    case ST_QUOTE_IN_QUOTED:
        break;
    }
    return csv_fail(r, SUP_EPARSE, line, col,
                    "a character after the closing quote of the field "
                    "(a quote inside a quoted field is doubled: \"\")");
}

/* A structural (ASCII) byte at line/col: 1 when it ends a record, 0 to go on, < 0 on an error. */
static int structural(sup_csv_reader *r, char c, int64_t line, int64_t col)
{
    bool eol = c == '\r' || c == '\n';
    int rc;
    switch (r->state) {
    case ST_FIELD_START:
        if (c == '"') {
            start_record(r, line);
            r->state = ST_QUOTED;
            r->quote_line = line;
            r->quote_col = col;
            return 0;
        }
        if (eol && !r->started)
            return 0; /* an empty line, or the LF of a CRLF that ended the last record */
        if (c == r->separator || eol) {
            start_record(r, line);
            rc = end_field(r, line);
            return rc < 0 ? rc : eol;
        }
        return content(r, &c, 1, line, col);
    case ST_UNQUOTED:
        if (c == r->separator || eol) {
            r->state = ST_FIELD_START;
            rc = end_field(r, line);
            return rc < 0 ? rc : eol;
        }
        if (c == '"')
            return csv_fail(r, SUP_EPARSE, line, col,
                            "a quote inside an unquoted field (quote the whole field and double the quote: \"\")");
        return put(r, &c, 1, line, col);
    case ST_QUOTED:
        if (c == '"') {
            r->state = ST_QUOTE_IN_QUOTED;
            return 0;
        }
        return put(r, &c, 1, line, col);
    case ST_QUOTE_IN_QUOTED:
        if (c == '"') {
            r->state = ST_QUOTED;
            return put(r, &c, 1, line, col);
        }
        if (c == r->separator || eol) {
            r->state = ST_FIELD_START;
            rc = end_field(r, line);
            return rc < 0 ? rc : eol;
        }
        return content(r, &c, 1, line, col);
    }
    return 0;
}

/* The UTF-8 bytes of a code point below U+10000 into out; their count. */
static size_t encode_bmp(uint32_t cp, char out[3])
{
    if (cp < 0x800) {
        out[0] = (char)(0xC0 | (cp >> 6));
        out[1] = (char)(0x80 | (cp & 0x3F));
        return 2;
    }
    out[0] = (char)(0xE0 | (cp >> 12));
    out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
    out[2] = (char)(0x80 | (cp & 0x3F));
    return 3;
}

/* One input byte: 1 when it ends a record, 0 to go on, < 0 on an error. */
static int step(sup_csv_reader *r, unsigned char c)
{
    bool continuation = r->encoding == SUP_CSV_UTF8 && r->utf8.need > 0;
    int64_t line = r->line, col = r->col + 1; /* the position of this byte's character */
    if (c == '\r') {
        r->line++;
        r->col = 0;
        r->after_cr = true;
    } else if (c == '\n') {
        if (!r->after_cr)
            r->line++;
        r->col = 0;
        r->after_cr = false;
    } else {
        r->after_cr = false;
        if (!continuation)
            r->col++;
    }
    if (c == '\0')
        return csv_fail(r, SUP_EPARSE, line, col, "a NUL byte (is this a UTF-16 or a binary file?)");
    if (r->encoding == SUP_CSV_CP1251) {
        if (c < 0x80)
            return structural(r, (char)c, line, col);
        uint32_t cp = sup__cp1251_codepoint(c);
        if (cp == 0)
            return csv_fail(r, SUP_EPARSE, line, col, "byte 0x%02X is not a Windows-1251 character", c);
        char u[3];
        return content(r, u, encode_bmp(cp, u), line, col);
    }
    if (!continuation) {
        r->char_line = line;
        r->char_col = col;
    }
    int f = utf8_feed(&r->utf8, c);
    if (f < 0 && !continuation)
        return csv_fail(r, SUP_EPARSE, line, col, "invalid UTF-8: byte 0x%02X cannot start a character%s", c,
                        UTF8_HINT);
    if (f < 0)
        return csv_fail(r, SUP_EPARSE, r->char_line, r->char_col,
                        (c & 0xC0) != 0x80 ? "invalid UTF-8: the character starting with byte 0x%02X is cut short%s"
                                           : "invalid UTF-8: the character starting with byte 0x%02X is an overlong "
                                             "form, a surrogate or beyond U+10FFFF%s",
                        r->utf8.lead, UTF8_HINT);
    if (c < 0x80)
        return structural(r, (char)c, line, col);
    /* the bytes of a multi-byte character go in as they come: the first decides the state */
    char b = (char)c;
    return continuation ? put(r, &b, 1, r->char_line, r->char_col) : content(r, &b, 1, line, col);
}

/* Fill the chunk from the file: 1 if bytes are available, 0 at the end, < 0 on a read error. */
static int fill(sup_csv_reader *r)
{
    if (r->p < r->end)
        return 1;
    if (r->file == NULL || r->eof)
        return 0;
    size_t n = fread(r->chunk, 1, CHUNK_SIZE, r->file);
    if (n == 0) {
        if (ferror(r->file))
            return csv_fail(r, SUP_EIO, r->line, 0, "cannot read the file: %s", strerror(errno));
        r->eof = true;
        return 0;
    }
    r->p = r->chunk;
    r->end = r->chunk + n;
    return 1;
}

/* The end of the input: the last record (1), the end (0) or an error. */
static int at_end(sup_csv_reader *r)
{
    if (r->encoding == SUP_CSV_UTF8 && r->utf8.need > 0)
        return csv_fail(r, SUP_EPARSE, r->char_line, r->char_col,
                        "invalid UTF-8: the character starting with byte 0x%02X is cut short by the end%s",
                        r->utf8.lead, UTF8_HINT);
    switch (r->state) {
    case ST_QUOTED:
        return csv_fail(r, SUP_EPARSE, r->quote_line, r->quote_col,
                        "the quoted field that starts here has no closing quote before the end of the input");
    case ST_FIELD_START:
        if (!r->started)
            return 0;
        break;
    case ST_UNQUOTED:
    case ST_QUOTE_IN_QUOTED:
        break;
    }
    r->state = ST_FIELD_START;
    int rc = end_field(r, r->line);
    return rc < 0 ? rc : 1;
}

int sup_csv_next(sup_csv_reader *reader)
{
    SUP__CHECK_ARG(reader, "sup_csv_next");
    sup_csv_reader *r = reader;
    if (r->error != SUP_OK)
        return sup__fail(r->error, "%s", r->error_message);
    r->rec_len = r->field_start = 0;
    r->nfields = 0;
    r->started = false;
    r->rec_line = 0;
    r->state = ST_FIELD_START;
    for (;;) {
        if (r->p == r->end) {
            int f = fill(r);
            if (f < 0)
                return f;
            if (f == 0)
                return at_end(r);
        }
        int rc = step(r, *r->p++);
        if (rc != 0)
            return rc;
    }
}

size_t sup_csv_field_count(const sup_csv_reader *reader) { return reader != NULL ? reader->nfields : 0; }

const char *sup_csv_field(const sup_csv_reader *reader, size_t i)
{
    if (reader == NULL || i >= reader->nfields)
        return NULL;
    return reader->rec + reader->starts[i];
}

int64_t sup_csv_line(const sup_csv_reader *reader) { return reader != NULL ? reader->rec_line : 0; }

sup_csv_encoding sup_csv_encoding_of(const sup_csv_reader *reader)
{
    return reader != NULL ? reader->encoding : SUP_CSV_DETECT;
}

char sup_csv_separator(const sup_csv_reader *reader)
{
    if (reader == NULL)
        return 0;
    return reader->separator;
}

void sup_csv_free(sup_csv_reader *reader)
{
    if (reader == NULL)
        return;
    if (reader->file != NULL)
        fclose(reader->file);
    sup__free(reader->chunk);
    sup__free(reader->rec);
    sup__free(reader->starts);
    sup__free(reader);
}

/* ---- opening: options, detection ------------------------------------------------------------ */

/* What a first pass over the input finds: whether it is UTF-8 throughout, and the
 * separators outside quotes in its first record. */
typedef struct prescan {
    utf8_state utf8;
    bool utf8_ok;
    bool in_quotes, first_started, first_done;
    size_t semicolons, commas;
} prescan;

static void prescan_feed(prescan *ps, const unsigned char *p, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        unsigned char c = p[i];
        if (ps->utf8_ok && utf8_feed(&ps->utf8, c) < 0)
            ps->utf8_ok = false;
        if (ps->first_done)
            continue;
        if (c == '"')
            ps->in_quotes = !ps->in_quotes;
        if (ps->in_quotes)
            continue;
        if (c == '\r' || c == '\n') {
            ps->first_done = ps->first_started;
        } else {
            ps->first_started = true;
            ps->semicolons += c == ';';
            ps->commas += c == ',';
        }
    }
}

static int check_options(const sup_csv_options *opts, const char *fn)
{
    if (opts->version == 0 || opts->version > SUP_CSV_OPTIONS_VERSION)
        return sup__fail(SUP_EINVAL, "%s: options version %u, this library knows %d (use sup_csv_options_init)", fn,
                         opts->version, SUP_CSV_OPTIONS_VERSION);
    if (opts->separator != '\0' && !separator_ok(opts->separator))
        return sup__fail(SUP_EINVAL, "%s: separator 0x%02X is not ASCII punctuation or tab", fn,
                         (unsigned)(unsigned char)opts->separator);
    if ((unsigned)opts->encoding > SUP_CSV_CP1251)
        return sup__fail(SUP_EINVAL, "%s: unknown encoding %d", fn, (int)opts->encoding);
    if (opts->max_field_bytes > SUP_CSV_FIELD_LIMIT)
        return sup__fail(SUP_ERANGE, "%s: max_field_bytes %zu is above %d", fn, opts->max_field_bytes,
                         SUP_CSV_FIELD_LIMIT);
    if (opts->max_fields > SUP_CSV_FIELDS_LIMIT)
        return sup__fail(SUP_ERANGE, "%s: max_fields %zu is above %d", fn, opts->max_fields, SUP_CSV_FIELDS_LIMIT);
    return SUP_OK;
}

static sup_csv_reader *reader_new(const sup_csv_options *opts)
{
    sup_csv_reader *r = sup__calloc(1, sizeof *r);
    if (r == NULL)
        return NULL;
    r->encoding = opts->encoding;
    r->separator = opts->separator;
    r->max_field = opts->max_field_bytes ? opts->max_field_bytes : SUP_CSV_FIELD_MAX;
    r->max_fields = opts->max_fields ? opts->max_fields : SUP_CSV_FIELDS_MAX;
    r->line = 1;
    return r;
}

/* Decide the encoding and separator from the first bytes (head) and the prescan,
 * and skip the byte order mark. */
static int settle_format(sup_csv_reader *r, const unsigned char *head, size_t head_len, const prescan *ps)
{
    bool bom = head_len >= 3 && memcmp(head, utf8_bom, 3) == 0;
    if (r->encoding == SUP_CSV_DETECT && head_len >= 2 &&
        ((head[0] == 0xFF && head[1] == 0xFE) || (head[0] == 0xFE && head[1] == 0xFF)))
        return sup__fail(SUP_EPARSE, "CSV line 1: the input is UTF-16 (byte order mark %02X %02X); save it as "
                                     "\"CSV UTF-8\" or as CSV in Windows-1251", head[0], head[1]);
    if (r->encoding == SUP_CSV_CP1251 && bom)
        return sup__fail(SUP_EPARSE, "CSV line 1: the input starts with the UTF-8 byte order mark, but Windows-1251 "
                                     "was asked for");
    if (r->encoding == SUP_CSV_DETECT)
        r->encoding = bom || ps->utf8_ok ? SUP_CSV_UTF8 : SUP_CSV_CP1251;
    if (r->separator == '\0')
        r->separator = ps->semicolons >= ps->commas ? ';' : ',';
    if (r->encoding == SUP_CSV_UTF8 && bom)
        r->p += 3;
    return SUP_OK;
}

int sup_csv_open_buffer(const void *data, size_t size, const sup_csv_options *opts, sup_csv_reader **out)
{
    SUP__CHECK_ARG(out, "sup_csv_open_buffer");
    *out = NULL;
    if (data == NULL && size > 0)
        return sup__fail(SUP_EINVAL, "sup_csv_open_buffer: argument 'data' is NULL");
    sup_csv_options defaults;
    if (opts == NULL) {
        read_defaults(&defaults);
        opts = &defaults;
    }
    int rc = check_options(opts, "sup_csv_open_buffer");
    if (rc != SUP_OK)
        return rc;
    sup_csv_reader *r = reader_new(opts);
    if (r == NULL)
        return sup__fail(SUP_ENOMEM, "out of memory opening CSV");
    static const unsigned char empty[1] = {0};
    const unsigned char *bytes = size > 0 ? (const unsigned char *)data : empty;
    r->p = bytes;
    r->end = bytes + size;
    r->eof = true;
    prescan ps = {.utf8_ok = true};
    if (r->encoding == SUP_CSV_DETECT || r->separator == '\0')
        prescan_feed(&ps, bytes, size);
    ps.utf8_ok = ps.utf8_ok && ps.utf8.need == 0;
    rc = settle_format(r, bytes, size, &ps);
    if (rc != SUP_OK) {
        sup_csv_free(r);
        return rc;
    }
    *out = r;
    return SUP_OK;
}

/* The first pass over a file (only as far as needed), then back to its start. */
static int prescan_file(sup_csv_reader *r, prescan *ps, const char *q)
{
    bool whole = r->encoding == SUP_CSV_DETECT;
    size_t n;
    while ((whole || !ps->first_done) && (n = fread(r->chunk, 1, CHUNK_SIZE, r->file)) > 0)
        prescan_feed(ps, r->chunk, n);
    if (ferror(r->file))
        return sup__fail(SUP_EIO, "cannot read CSV file %s: %s", q, strerror(errno));
    ps->utf8_ok = ps->utf8_ok && ps->utf8.need == 0;
    if (fseek(r->file, 0, SEEK_SET) != 0)
        return sup__fail(SUP_EIO, "cannot read CSV file %s twice (is it a pipe?): %s", q, strerror(errno));
    clearerr(r->file);
    return SUP_OK;
}

int sup_csv_open(const char *path, const sup_csv_options *opts, sup_csv_reader **out)
{
    SUP__CHECK_ARG(out, "sup_csv_open");
    *out = NULL;
    SUP__CHECK_ARG(path, "sup_csv_open");
    sup_csv_options defaults;
    if (opts == NULL) {
        read_defaults(&defaults);
        opts = &defaults;
    }
    int rc = check_options(opts, "sup_csv_open");
    if (rc != SUP_OK)
        return rc;
    char q[80];
    sup__quote_text(q, sizeof q, path);
    sup_csv_reader *r = reader_new(opts);
    if (r == NULL || (r->chunk = sup__malloc(CHUNK_SIZE)) == NULL) {
        sup_csv_free(r);
        return sup__fail(SUP_ENOMEM, "out of memory opening CSV file %s", q);
    }
    r->p = r->end = r->chunk;
    r->file = fopen(path, "rb");
    if (r->file == NULL) {
        rc = sup__fail(SUP_EIO, "cannot open CSV file %s: %s", q, strerror(errno));
        sup_csv_free(r);
        return rc;
    }
    prescan ps = {.utf8_ok = true};
    rc = r->encoding == SUP_CSV_DETECT || r->separator == '\0' ? prescan_file(r, &ps, q) : SUP_OK;
    /* the first chunk, for the byte order mark */
    if (rc == SUP_OK) {
        int f = fill(r);
        rc = f < 0 ? f : SUP_OK;
    }
    if (rc == SUP_OK)
        rc = settle_format(r, r->p, (size_t)(r->end - r->p), &ps);
    if (rc != SUP_OK) {
        sup_csv_free(r);
        return rc;
    }
    *out = r;
    return SUP_OK;
}

/* ---- the writer ------------------------------------------------------------------------------- */

struct sup_csv_writer {
    sup_csv_write_options o;
    sup__buf out; /* whole rows, not yet taken */
    sup__buf row; /* the current row */
    size_t row_fields;
    bool first_row;
};

static void write_defaults(sup_csv_write_options *opts)
{
    memset(opts, 0, sizeof *opts);
    opts->version = SUP_CSV_WRITE_OPTIONS_VERSION;
    opts->separator = ';';
    opts->bom = 1;
    opts->crlf = 1;
    opts->date_style = SUP_DATE_RU;
    opts->money_style = SUP_MONEY_DECIMAL_COMMA;
    opts->guard_formulas = 0;
}

int sup_csv_write_options_init(sup_csv_write_options *opts, unsigned version)
{
    SUP__CHECK_ARG(opts, "sup_csv_write_options_init");
    if (version != SUP_CSV_WRITE_OPTIONS_VERSION)
        return sup__fail(SUP_EINVAL, "sup_csv_write_options_init: options version %u, this library knows %d",
                         version, SUP_CSV_WRITE_OPTIONS_VERSION);
    write_defaults(opts);
    return SUP_OK;
}

int sup_csv_writer_new(const sup_csv_write_options *opts, sup_csv_writer **out)
{
    SUP__CHECK_ARG(out, "sup_csv_writer_new");
    *out = NULL;
    sup_csv_write_options defaults;
    if (opts == NULL) {
        write_defaults(&defaults);
        opts = &defaults;
    }
    if (opts->version == 0 || opts->version > SUP_CSV_WRITE_OPTIONS_VERSION)
        return sup__fail(SUP_EINVAL, "sup_csv_writer_new: options version %u, this library knows %d (use "
                                     "sup_csv_write_options_init)", opts->version, SUP_CSV_WRITE_OPTIONS_VERSION);
    if (!separator_ok(opts->separator))
        return sup__fail(SUP_EINVAL, "sup_csv_writer_new: separator 0x%02X is not ASCII punctuation or tab",
                         (unsigned)(unsigned char)opts->separator);
    if (opts->date_style != SUP_DATE_ISO && opts->date_style != SUP_DATE_RU)
        return sup__fail(SUP_EINVAL, "sup_csv_writer_new: unknown date style %d", (int)opts->date_style);
    if ((unsigned)opts->money_style > SUP_MONEY_DECIMAL_COMMA)
        return sup__fail(SUP_EINVAL, "sup_csv_writer_new: unknown money style %d", (int)opts->money_style);
    sup_csv_writer *w = sup__calloc(1, sizeof *w);
    if (w == NULL)
        return sup__fail(SUP_ENOMEM, "out of memory for a CSV writer");
    w->o = *opts;
    w->first_row = true;
    if (opts->bom)
        sup__buf_putn(&w->out, (const char *)utf8_bom, 3);
    if (w->out.failed) {
        sup_csv_writer_free(w);
        return sup__fail(SUP_ENOMEM, "out of memory for a CSV writer");
    }
    *out = w;
    return SUP_OK;
}

void sup_csv_writer_free(sup_csv_writer *writer)
{
    if (writer == NULL)
        return;
    sup__buf_dispose(&writer->out);
    sup__buf_dispose(&writer->row);
    sup__free(writer);
}

static bool needs_quotes(const sup_csv_writer *w, const char *s)
{
    if (strncmp(s, "\xEF\xBB\xBF", 3) == 0) /* read back, it would pass for the byte order mark */
        return true;
    for (const char *p = s; *p != '\0'; p++) {
        if (*p == w->o.separator || *p == '"' || *p == '\r' || *p == '\n')
            return true;
        if (w->first_row && (*p == ';' || *p == ','))
            return true;
    }
    return false;
}

/* Append one field to the row; the row is unchanged on failure. */
static int put_field(sup_csv_writer *w, const char *text, bool guard)
{
    size_t before = w->row.len;
    if (w->row_fields > 0)
        sup__buf_putn(&w->row, &w->o.separator, 1);
    const char *prefix = guard && text[0] != '\0' && strchr("=+-@\t\r", text[0]) != NULL ? "'" : "";
    if (needs_quotes(w, text)) {
        sup__buf_put(&w->row, "\"");
        sup__buf_put(&w->row, prefix);
        for (const char *p = text; *p != '\0';) {
            const char *q = strchr(p, '"');
            size_t n = q != NULL ? (size_t)(q - p) + 1 : strlen(p);
            sup__buf_putn(&w->row, p, n);
            if (q != NULL)
                sup__buf_put(&w->row, "\"");
            p += n;
        }
        sup__buf_put(&w->row, "\"");
    } else {
        sup__buf_put(&w->row, prefix);
        sup__buf_put(&w->row, text);
    }
    if (w->row.failed) {
        w->row.failed = false;
        w->row.len = before;
        if (w->row.data != NULL)
            w->row.data[before] = '\0';
        return sup__fail(SUP_ENOMEM, "out of memory writing a CSV field");
    }
    w->row_fields++;
    return SUP_OK;
}

int sup_csv_write_field(sup_csv_writer *writer, const char *text)
{
    SUP__CHECK_ARG(writer, "sup_csv_write_field");
    SUP__CHECK_ARG(text, "sup_csv_write_field");
    if (!sup__utf8_valid(text, strlen(text))) {
        char q[80];
        sup__quote_text(q, sizeof q, text);
        return sup__fail(SUP_EINVAL, "sup_csv_write_field: the text %s is not valid UTF-8", q);
    }
    return put_field(writer, text, writer->o.guard_formulas != 0);
}

int sup_csv_write_money(sup_csv_writer *writer, sup_money amount)
{
    SUP__CHECK_ARG(writer, "sup_csv_write_money");
    char buf[SUP_MONEY_BUFSIZE];
    int rc = sup_money_format(amount, writer->o.money_style, buf, sizeof buf);
    return rc != SUP_OK ? rc : put_field(writer, buf, false);
}

int sup_csv_write_date(sup_csv_writer *writer, sup_date date)
{
    SUP__CHECK_ARG(writer, "sup_csv_write_date");
    if (date == SUP_DATE_NONE)
        return put_field(writer, "", false);
    char buf[SUP_DATE_BUFSIZE];
    int rc = sup_date_format(date, writer->o.date_style, buf, sizeof buf);
    return rc != SUP_OK ? rc : put_field(writer, buf, false);
}

int sup_csv_write_int(sup_csv_writer *writer, int64_t value)
{
    SUP__CHECK_ARG(writer, "sup_csv_write_int");
    char buf[24];
    snprintf(buf, sizeof buf, "%lld", (long long)value);
    return put_field(writer, buf, false);
}

int sup_csv_end_row(sup_csv_writer *writer)
{
    SUP__CHECK_ARG(writer, "sup_csv_end_row");
    sup_csv_writer *w = writer;
    if (w->row_fields == 0)
        return sup__fail(SUP_ESTATE, "sup_csv_end_row: the row has no field");
    size_t before = w->out.len;
    /* a lone empty field would make an empty line, which readers skip */
    if (w->row_fields == 1 && w->row.len == 0)
        sup__buf_put(&w->out, "\"\"");
    else
        sup__buf_putn(&w->out, w->row.data, w->row.len);
    sup__buf_put(&w->out, w->o.crlf ? "\r\n" : "\n");
    if (w->out.failed) {
        w->out.failed = false;
        w->out.len = before;
        if (w->out.data != NULL)
            w->out.data[before] = '\0';
        return sup__fail(SUP_ENOMEM, "out of memory writing a CSV row");
    }
    sup_csv_discard_row(w);
    w->first_row = false;
    return SUP_OK;
}

void sup_csv_discard_row(sup_csv_writer *writer)
{
    if (writer == NULL)
        return;
    writer->row.len = 0;
    if (writer->row.data != NULL)
        writer->row.data[0] = '\0';
    writer->row_fields = 0;
}

const char *sup_csv_writer_data(const sup_csv_writer *writer, size_t *len)
{
    size_t n = writer != NULL ? writer->out.len : 0;
    if (len != NULL)
        *len = n;
    return writer != NULL && writer->out.data != NULL ? writer->out.data : "";
}

void sup_csv_writer_clear(sup_csv_writer *writer)
{
    if (writer == NULL)
        return;
    writer->out.len = 0;
    if (writer->out.data != NULL)
        writer->out.data[0] = '\0';
}
