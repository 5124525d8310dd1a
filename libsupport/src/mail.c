/*
 * libsupport — e-mail messages: RFC 5322 headers with RFC 2047 encoded-words,
 * MIME bodies in quoted-printable or base64 (RFC 2045), multipart/alternative
 * (RFC 2046). See mail.h.
 *
 * Everything is checked first; the message is then written in one pass into a
 * growable buffer. Header lines are folded at the spaces between tokens (a
 * word, an encoded-word, a mailbox) so that no line passes 76 characters
 * unless a single token is longer (an address or a Message-ID).
 */
#include "libsupport.h"
#include "error_internal.h"
#include "utf8_internal.h"
#include "text_internal.h"
#include "date_internal.h"
#include "codec_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define LINE_MAX_COLS 76 /* the line length the RFCs recommend for headers and require for QP/base64 */
#define WORD_MAX 75      /* RFC 2047: an encoded-word is at most 75 characters */
#define NAME_MAX_BYTES 256
#define VALUE_MAX_BYTES 2000
#define HEADER_NAME_MAX 76
#define MSGID_MAX 250

/* the 64 digits, and the padding at index 64 */
static const char b64_alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/=";

/* ---- checks ------------------------------------------------------------------ */

static bool is_alnum(unsigned char c) { return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

/* RFC 5322 atext */
static bool is_atext(unsigned char c) { return is_alnum(c) || (c != '\0' && strchr("!#$%&'*+-/=?^_`{|}~", c) != NULL); }

/* A dot-atom-text s[0..n): atext runs separated by single dots. */
static bool dot_atom(const char *s, size_t n)
{
    if (n == 0 || s[0] == '.' || s[n - 1] == '.')
        return false;
    for (size_t i = 0; i < n; i++) {
        if (s[i] == '.') {
            if (s[i + 1] == '.')
                return false;
        } else if (!is_atext((unsigned char)s[i])) {
            return false;
        }
    }
    return true;
}

/* A host name: labels of letters, digits and inner hyphens (1…63 each), dots between, 1…253 in all. */
static bool host_name(const char *s, size_t n)
{
    if (n == 0 || n > 253)
        return false;
    size_t label = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i == n || s[i] == '.') {
            if (label == 0 || label > 63 || s[i - 1] == '-')
                return false;
            label = 0;
            continue;
        }
        unsigned char c = (unsigned char)s[i];
        if (!is_alnum(c) && !(c == '-' && label > 0))
            return false;
        label++;
    }
    return true;
}

static bool addr_spec(const char *s)
{
    size_t n = strlen(s);
    const char *at = strrchr(s, '@');
    if (n > 254 || at == NULL)
        return false;
    size_t local = (size_t)(at - s);
    return local <= 64 && dot_atom(s, local) && host_name(at + 1, n - local - 1);
}

/* "<dot-atom@dot-atom>" (RFC 5322 msg-id without the obsolete and literal forms). */
static bool msg_id(const char *s)
{
    size_t n = strlen(s);
    if (n < 5 || n > MSGID_MAX || s[0] != '<' || s[n - 1] != '>')
        return false;
    const char *at = memchr(s + 1, '@', n - 2);
    if (at == NULL)
        return false;
    size_t left = (size_t)(at - (s + 1));
    return dot_atom(s + 1, left) && dot_atom(at + 1, n - 2 - left - 1);
}

/* Header text: UTF-8 without control characters (CR and LF above all), at most `max` bytes. */
static int check_header_text(const char *s, size_t max, const char *what)
{
    size_t n = strlen(s);
    char q[80];
    sup__quote_text(q, sizeof q, s);
    if (n > max)
        return sup__fail(SUP_EINVAL, "sup_mail_build: %s has %zu bytes, more than %zu", what, n, max);
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if (c < 0x20 || c == 0x7F)
            return sup__fail(SUP_EINVAL, "sup_mail_build: %s %s contains the control character 0x%02X%s", what, q, c,
                             c == '\r' || c == '\n' ? " (a line break cannot be in a header)" : "");
    }
    if (!sup__utf8_valid(s, n))
        return sup__fail(SUP_EINVAL, "sup_mail_build: %s %s is not valid UTF-8", what, q);
    return SUP_OK;
}

static int check_address(const sup_mail_address *a, const char *what)
{
    if (a->address == NULL)
        return sup__fail(SUP_EINVAL, "sup_mail_build: %s has no address", what);
    int rc = check_header_text(a->address, 254, what);
    if (rc != SUP_OK)
        return rc;
    if (!addr_spec(a->address)) {
        char q[80];
        sup__quote_text(q, sizeof q, a->address);
        return sup__fail(SUP_EINVAL, "sup_mail_build: %s address %s is not an address local@domain (ASCII, no "
                                     "quoted local part)", what, q);
    }
    if (a->name != NULL) {
        char label[64];
        snprintf(label, sizeof label, "%s name", what);
        rc = check_header_text(a->name, NAME_MAX_BYTES, label);
    }
    return rc;
}

static int ascii_lower(char c) { return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c; }

static bool ascii_ieq(const char *a, const char *b)
{
    for (; *a && *b; a++, b++)
        if (ascii_lower(*a) != ascii_lower(*b))
            return false;
    return *a == *b;
}

static int check_extra_header(const sup_mail_header *h, size_t i)
{
    static const char *const reserved[] = {"From",         "To",           "Cc",         "Bcc",
                                           "Reply-To",     "Sender",       "Subject",    "Date",
                                           "Message-ID",   "MIME-Version", "Auto-Submitted", "Return-Path"};
    if (h->name == NULL || h->value == NULL)
        return sup__fail(SUP_EINVAL, "sup_mail_build: headers[%zu] has no %s", i, h->name == NULL ? "name" : "value");
    size_t n = strlen(h->name);
    char q[80];
    sup__quote_text(q, sizeof q, h->name);
    bool ok = n >= 1 && n <= HEADER_NAME_MAX;
    for (size_t k = 0; k < n && ok; k++)
        ok = h->name[k] >= 33 && h->name[k] <= 126 && h->name[k] != ':';
    if (!ok)
        return sup__fail(SUP_EINVAL, "sup_mail_build: header name %s is not 1…76 printable ASCII characters without ':'",
                         q);
    for (size_t k = 0; k < sizeof reserved / sizeof reserved[0]; k++)
        if (ascii_ieq(h->name, reserved[k]))
            return sup__fail(SUP_EINVAL, "sup_mail_build: header %s is written by the builder, not an extra header", q);
    if (n >= 8) { /* Content-* in any case */
        char head[9];
        memcpy(head, h->name, 8);
        head[8] = '\0';
        if (ascii_ieq(head, "content-"))
            return sup__fail(SUP_EINVAL, "sup_mail_build: header %s is written by the builder, not an extra header",
                             q);
    }
    char what[100];
    snprintf(what, sizeof what, "header %s", q);
    return check_header_text(h->value, VALUE_MAX_BYTES, what);
}

static int check_body(const char *s, const char *what)
{
    size_t n = strlen(s);
    if (n > SUP_MAIL_BODY_MAX)
        return sup__fail(SUP_EINVAL, "sup_mail_build: the %s body has %zu bytes, more than %u", what, n,
                         SUP_MAIL_BODY_MAX);
    size_t bad = sup__utf8_check(s, n);
    if (bad < n)
        return sup__fail(SUP_EINVAL, "sup_mail_build: the %s body is not valid UTF-8 (byte 0x%02X at offset %zu)", what,
                         (unsigned char)s[bad], bad);
    return SUP_OK;
}

static int check_message(const sup_mail_message *m)
{
    if (m->version < 1 || m->version > SUP_MAIL_MESSAGE_VERSION)
        return sup__fail(SUP_EINVAL, "sup_mail_build: unknown message version %u (initialise it with "
                                     "sup_mail_message_init)", m->version);
    int rc = check_address(&m->from, "from");
    if (rc != SUP_OK)
        return rc;
    if (m->to == NULL || m->to_count == 0)
        return sup__fail(SUP_EINVAL, "sup_mail_build: the message has no recipient (to)");
    if (m->to_count > SUP_MAIL_TO_MAX)
        return sup__fail(SUP_EINVAL, "sup_mail_build: %zu recipients, more than %d", m->to_count, SUP_MAIL_TO_MAX);
    for (size_t i = 0; i < m->to_count && rc == SUP_OK; i++) {
        char what[32];
        snprintf(what, sizeof what, "to[%zu]", i);
        rc = check_address(&m->to[i], what);
    }
    if (rc == SUP_OK && m->reply_to != NULL)
        rc = check_address(m->reply_to, "reply_to");
    if (rc != SUP_OK)
        return rc;
    if (m->subject == NULL)
        return sup__fail(SUP_EINVAL, "sup_mail_build: the message has no subject (use \"\" for an empty one)");
    rc = check_header_text(m->subject, SUP_MAIL_SUBJECT_MAX, "the subject");
    if (rc != SUP_OK)
        return rc;
    if (m->message_id == NULL)
        return sup__fail(SUP_EINVAL, "sup_mail_build: the message has no Message-ID");
    rc = check_header_text(m->message_id, MSGID_MAX, "the Message-ID");
    if (rc != SUP_OK)
        return rc;
    if (!msg_id(m->message_id)) {
        char q[80];
        sup__quote_text(q, sizeof q, m->message_id);
        return sup__fail(SUP_EINVAL, "sup_mail_build: Message-ID %s is not of the form <local@domain>", q);
    }
    if ((unsigned)m->body_encoding > SUP_MAIL_BASE64)
        return sup__fail(SUP_EINVAL, "sup_mail_build: unknown body encoding %d", (int)m->body_encoding);
    if ((unsigned)m->word_encoding > SUP_MAIL_WORDS_Q)
        return sup__fail(SUP_EINVAL, "sup_mail_build: unknown word encoding %d", (int)m->word_encoding);
    if (m->text == NULL)
        return sup__fail(SUP_EINVAL, "sup_mail_build: the message has no text body (use \"\" for an empty one)");
    rc = check_body(m->text, "text");
    if (rc == SUP_OK && m->html != NULL)
        rc = check_body(m->html, "HTML");
    if (rc != SUP_OK)
        return rc;
    if (m->header_count > SUP_MAIL_HEADERS_MAX)
        return sup__fail(SUP_EINVAL, "sup_mail_build: %zu extra headers, more than %d", m->header_count,
                         SUP_MAIL_HEADERS_MAX);
    if (m->header_count > 0 && m->headers == NULL)
        return sup__fail(SUP_EINVAL, "sup_mail_build: header_count is %zu but headers is NULL", m->header_count);
    for (size_t i = 0; i < m->header_count && rc == SUP_OK; i++)
        rc = check_extra_header(&m->headers[i], i);
    return rc;
}

/* ---- the Date -------------------------------------------------------------------------- */

int sup_mail_format_date(int64_t t, int offset, char *buf, size_t bufsize)
{
    static const char days[7][4] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
    static const char months[12][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                       "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    SUP__CHECK_ARG(buf, "sup_mail_format_date");
    if (bufsize < SUP_MAIL_DATE_BUFSIZE)
        return sup__fail(SUP_EBUFFER, "sup_mail_format_date: buffer of %zu bytes, need %d", bufsize,
                         SUP_MAIL_DATE_BUFSIZE);
    if (offset < -SUP_MAIL_UTC_OFFSET_MAX || offset > SUP_MAIL_UTC_OFFSET_MAX)
        return sup__fail(SUP_EDATE, "an offset of %d minutes from UTC is beyond ±23:59", offset);
    const int64_t lo = (int64_t)sup__date_to_serial(SUP_DATE_MIN) * 86400,
                  hi = ((int64_t)sup__date_to_serial(SUP_DATE_MAX) + 1) * 86400;
    if (t < lo - 86400 || t > hi + 86400)
        return sup__fail(SUP_EDATE, "the time %lld (Unix seconds) is outside the years 1900…9999", (long long)t);
    int64_t local = t + (int64_t)offset * 60;
    if (local < lo || local >= hi)
        return sup__fail(SUP_EDATE, "the time %lld (Unix seconds) is outside the years 1900…9999", (long long)t);
    int64_t day = local >= 0 ? local / 86400 : -((-local + 86399) / 86400);
    int64_t secs = local - day * 86400;
    sup_date d = sup__date_from_serial((int32_t)day);
    int wday = (int)(((day % 7) + 7 + 4) % 7); /* 1970-01-01 was a Thursday */
    int y, mo, dd;
    sup__ymd(d, &y, &mo, &dd);
    int off = offset < 0 ? -offset : offset;
    snprintf(buf, bufsize, "%s, %02d %s %04d %02d:%02d:%02d %c%02d%02d", days[wday], dd, months[mo - 1], y,
             (int)(secs / 3600), (int)(secs / 60 % 60), (int)(secs % 60), offset < 0 ? '-' : '+', off / 60, off % 60);
    return SUP_OK;
}

/* ---- header lines ------------------------------------------------------------------------ */

typedef struct hdr {
    sup__buf *b;
    size_t col; /* the column after the last character written */
} hdr;

static void hdr_begin(hdr *h, sup__buf *b, const char *name)
{
    h->b = b;
    sup__buf_put(b, name);
    sup__buf_put(b, ":");
    h->col = strlen(name) + 1;
}

/* One token after a space, or after a fold when it would pass the line length. */
static void hdr_tok(hdr *h, const char *t, size_t n)
{
    if (h->col + 1 + n > LINE_MAX_COLS) {
        sup__buf_put(h->b, "\r\n ");
        h->col = 1;
    } else {
        sup__buf_put(h->b, " ");
        h->col++;
    }
    sup__buf_putn(h->b, t, n);
    h->col += n;
}

static void hdr_end(hdr *h) { sup__buf_put(h->b, "\r\n"); }

/* The columns the next token has on the current line. */
static size_t hdr_room(const hdr *h) { return h->col + 1 >= LINE_MAX_COLS ? 0 : LINE_MAX_COLS - h->col - 1; }

/* RFC 2047 5(3): the characters a Q-encoded word may carry as they are, even in a phrase. */
static bool q_plain(unsigned char c) { return is_alnum(c) || c == '!' || c == '*' || c == '+' || c == '-' || c == '/'; }

static size_t utf8_len(unsigned char c) { return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4; }

static void b64_encode(sup__buf *b, const unsigned char *s, size_t n)
{
    for (size_t i = 0; i < n; i += 3) {
        uint32_t v = (uint32_t)s[i] << 16;
        if (i + 1 < n)
            v |= (uint32_t)s[i + 1] << 8;
        if (i + 2 < n)
            v |= s[i + 2];
        char out[4] = {b64_alphabet[(v >> 18) & 63], b64_alphabet[(v >> 12) & 63],
                       b64_alphabet[i + 1 < n ? (v >> 6) & 63 : 64], b64_alphabet[i + 2 < n ? v & 63 : 64]};
        sup__buf_putn(b, out, 4);
    }
}

/* The end of the longest run of whole characters from s[i] whose encoded-word fits in `room` (at least one). */
static size_t word_end(const char *s, size_t i, size_t n, bool q, size_t room)
{
    size_t j = i, qlen = 0;
    while (j < n) {
        size_t cl = utf8_len((unsigned char)s[j]);
        size_t len;
        if (q) {
            size_t add = 0;
            for (size_t k = 0; k < cl; k++)
                add += q_plain((unsigned char)s[j + k]) || s[j + k] == ' ' ? 1 : 3;
            len = 12 + qlen + add;
            qlen += add;
        } else {
            len = 12 + (j + cl - i + 2) / 3 * 4;
        }
        if (len > room)
            break;
        j += cl;
    }
    return j > i ? j : i + utf8_len((unsigned char)s[i]); /* (room >= 20 always holds one character) */
}

/* Move *j back to just after the last space of s[i..*j) if that keeps two thirds of it; true if it did. */
static bool after_space(const char *s, size_t i, size_t *j)
{
    size_t min = i + (*j - i) / 3, cut = *j;
    while (cut > min && s[cut - 1] != ' ')
        cut--;
    if (cut <= min)
        return false;
    *j = cut;
    return true;
}

/* Header text s[0..n) (valid UTF-8) as encoded-words, each as long as the line allows, split between characters. */
static void hdr_words(hdr *h, const char *s, size_t n, bool q)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t i = 0;
    while (i < n) {
        size_t room = hdr_room(h);
        if (room < 20 || room > WORD_MAX)
            room = WORD_MAX; /* (a short room: the word goes to the next line, which holds 75) */
        size_t j = word_end(s, i, n, q, room);
        /* End a word after a space where possible: decoders join adjacent words either way (RFC 2047
         * 6.2), but readers that wrongly add a space there (Python 3.11's address parser, CPython
         * gh-128110) then add it next to a space, not inside a word. Rather than cut a word to fill the
         * end of a line, start a new line. */
        if (j < n && !after_space(s, i, &j) && room < WORD_MAX) {
            size_t k = word_end(s, i, n, q, WORD_MAX);
            if (k == n || after_space(s, i, &k))
                j = k; /* (longer than the room: hdr_tok folds) */
        }
        sup__buf w = {0};
        sup__buf_put(&w, q ? "=?UTF-8?Q?" : "=?UTF-8?B?");
        if (q) {
            for (size_t k = i; k < j; k++) {
                unsigned char c = (unsigned char)s[k];
                if (c == ' ') {
                    sup__buf_put(&w, "_");
                } else if (q_plain(c)) {
                    sup__buf_putn(&w, (const char *)&c, 1);
                } else {
                    char e[3] = {'=', hex[c >> 4], hex[c & 15]};
                    sup__buf_putn(&w, e, 3);
                }
            }
        } else {
            b64_encode(&w, (const unsigned char *)s + i, j - i);
        }
        sup__buf_put(&w, "?=");
        if (w.failed)
            h->b->failed = true;
        else
            hdr_tok(h, w.data, w.len);
        sup__buf_dispose(&w);
        i = j;
    }
}

/* true if s is words of the allowed characters separated by single spaces (no "=?": it would read as encoded). */
static bool plain_words(const char *s, bool atoms_only, size_t max_word)
{
    if (strstr(s, "=?") != NULL)
        return false;
    size_t word = 0;
    char prev = ' ';
    for (const char *p = s; *p; p++) {
        unsigned char c = (unsigned char)*p;
        if (c == ' ') {
            if (prev == ' ')
                return false;
            word = 0;
        } else if (c < 0x21 || c > 0x7E || (atoms_only && !is_atext(c)) || ++word > max_word) {
            return false;
        }
        prev = (char)c;
    }
    return prev != ' ' || *s == '\0';
}

static void hdr_plain_words(hdr *h, const char *s)
{
    while (*s) {
        size_t n = strcspn(s, " ");
        hdr_tok(h, s, n);
        s += n;
        if (*s == ' ')
            s++;
    }
}

/* Unstructured text (Subject, extra headers): plain words when they are plain, else encoded-words. */
static void hdr_text(hdr *h, const char *s, bool q)
{
    if (plain_words(s, false, WORD_MAX))
        hdr_plain_words(h, s);
    else
        hdr_words(h, s, strlen(s), q);
}

/* A display name: atoms, a quoted string, or encoded-words. */
static void hdr_phrase(hdr *h, const char *name, bool q)
{
    if (plain_words(name, true, WORD_MAX)) {
        hdr_plain_words(h, name);
        return;
    }
    bool printable = strstr(name, "=?") == NULL;
    size_t quoted = 2;
    for (const char *p = name; *p && printable; p++) {
        printable = *p >= 0x20 && *p <= 0x7E;
        quoted += *p == '"' || *p == '\\' ? 2 : 1;
    }
    if (printable && quoted <= 70) {
        sup__buf t = {0};
        sup__buf_put(&t, "\"");
        for (const char *p = name; *p; p++) {
            if (*p == '"' || *p == '\\')
                sup__buf_put(&t, "\\");
            sup__buf_putn(&t, p, 1);
        }
        sup__buf_put(&t, "\"");
        if (t.failed)
            h->b->failed = true;
        else
            hdr_tok(h, t.data, t.len);
        sup__buf_dispose(&t);
        return;
    }
    hdr_words(h, name, strlen(name), q);
}

static void hdr_mailbox(hdr *h, const sup_mail_address *a, bool last, bool q)
{
    char tok[300];
    bool named = a->name != NULL && a->name[0] != '\0';
    if (named)
        hdr_phrase(h, a->name, q);
    snprintf(tok, sizeof tok, named ? "<%s>%s" : "%s%s", a->address, last ? "" : ",");
    hdr_tok(h, tok, strlen(tok));
}

static void write_addresses(sup__buf *b, const char *name, const sup_mail_address *list, size_t n, bool q)
{
    hdr h;
    hdr_begin(&h, b, name);
    for (size_t i = 0; i < n; i++)
        hdr_mailbox(&h, &list[i], i + 1 == n, q);
    hdr_end(&h);
}

/* ---- bodies ------------------------------------------------------------------------------ */

/* Quoted-printable of text with its line breaks made CRLF; ends with a line end (a soft one if the text has none). */
static void qp_body(sup__buf *b, const char *s)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t col = 0;
    bool at_line_start = true;
    size_t i = 0;
    while (s[i] != '\0') {
        if (s[i] == '\r' || s[i] == '\n') {
            i += s[i] == '\r' && s[i + 1] == '\n' ? 2 : 1;
            sup__buf_put(b, "\r\n");
            col = 0;
            at_line_start = true;
            continue;
        }
        unsigned char c = (unsigned char)s[i];
        bool at_eol = s[i + 1] == '\0' || s[i + 1] == '\r' || s[i + 1] == '\n';
        bool literal = (c == ' ' || c == '\t') ? !at_eol : (c >= 33 && c <= 126 && c != '=');
        size_t n = literal ? 1 : 3;
        if (col + n > LINE_MAX_COLS - 1) { /* room for the '=' of a soft line break */
            sup__buf_put(b, "=\r\n");
            col = 0;
        }
        /* "From " at the start of a line is changed by mbox files: encode its F */
        if (literal && col == 0 && c == 'F' && strncmp(s + i, "From ", 5) == 0) {
            literal = false;
            n = 3;
        }
        if (literal) {
            sup__buf_putn(b, s + i, 1);
        } else {
            char e[3] = {'=', hex[c >> 4], hex[c & 15]};
            sup__buf_putn(b, e, 3);
        }
        col += n;
        at_line_start = false;
        i++;
    }
    if (!at_line_start)
        sup__buf_put(b, "=\r\n");
}

/* Base64 of text with its line breaks made CRLF, in lines of 76 characters. */
static void b64_body(sup__buf *b, const char *s)
{
    sup__buf canon = {0};
    for (size_t i = 0; s[i] != '\0';) {
        if (s[i] == '\r' || s[i] == '\n') {
            i += s[i] == '\r' && s[i + 1] == '\n' ? 2 : 1;
            sup__buf_put(&canon, "\r\n");
        } else {
            size_t n = strcspn(s + i, "\r\n");
            sup__buf_putn(&canon, s + i, n);
            i += n;
        }
    }
    if (canon.failed) {
        b->failed = true;
    } else {
        for (size_t i = 0; i < canon.len; i += 57) {
            b64_encode(b, (const unsigned char *)canon.data + i, canon.len - i < 57 ? canon.len - i : 57);
            sup__buf_put(b, "\r\n");
        }
    }
    sup__buf_dispose(&canon);
}

static void write_part(sup__buf *b, const char *type, const char *body, sup_mail_body_encoding enc)
{
    sup__buf_printf(b, "Content-Type: %s; charset=UTF-8\r\nContent-Transfer-Encoding: %s\r\n\r\n", type,
                    enc == SUP_MAIL_BASE64 ? "base64" : "quoted-printable");
    if (enc == SUP_MAIL_BASE64)
        b64_body(b, body);
    else
        qp_body(b, body);
}

/* ---- the message -------------------------------------------------------------------------- */

int sup_mail_message_init(sup_mail_message *m, unsigned version)
{
    SUP__CHECK_ARG(m, "sup_mail_message_init");
    if (version != SUP_MAIL_MESSAGE_VERSION)
        return sup__fail(SUP_EINVAL, "sup_mail_message_init: unknown message version %u (this library has %u)",
                         version, (unsigned)SUP_MAIL_MESSAGE_VERSION);
    memset(m, 0, sizeof *m);
    m->version = version;
    m->body_encoding = SUP_MAIL_QUOTED_PRINTABLE;
    m->word_encoding = SUP_MAIL_WORDS_B;
    return SUP_OK;
}

int sup_mail_build(const sup_mail_message *m, char **out)
{
    SUP__CHECK_ARG(out, "sup_mail_build");
    *out = NULL;
    SUP__CHECK_ARG(m, "sup_mail_build");
    int rc = check_message(m);
    if (rc != SUP_OK)
        return rc;
    char date[SUP_MAIL_DATE_BUFSIZE];
    rc = sup_mail_format_date(m->date, m->utc_offset_minutes, date, sizeof date);
    if (rc != SUP_OK)
        return rc;
    bool q = m->word_encoding == SUP_MAIL_WORDS_Q;
    sup__buf b = {0};
    hdr h;
    hdr_begin(&h, &b, "Date");
    hdr_plain_words(&h, date);
    hdr_end(&h);
    write_addresses(&b, "From", &m->from, 1, q);
    write_addresses(&b, "To", m->to, m->to_count, q);
    if (m->reply_to != NULL)
        write_addresses(&b, "Reply-To", m->reply_to, 1, q);
    hdr_begin(&h, &b, "Message-ID");
    hdr_tok(&h, m->message_id, strlen(m->message_id));
    hdr_end(&h);
    hdr_begin(&h, &b, "Subject");
    hdr_text(&h, m->subject, q);
    hdr_end(&h);
    sup__buf_put(&b, "MIME-Version: 1.0\r\nAuto-Submitted: auto-generated\r\n");
    for (size_t i = 0; i < m->header_count; i++) {
        hdr_begin(&h, &b, m->headers[i].name);
        hdr_text(&h, m->headers[i].value, q);
        hdr_end(&h);
    }
    if (m->html == NULL) {
        write_part(&b, "text/plain", m->text, m->body_encoding);
    } else {
        /* a boundary of the Message-ID: the same message gives the same bytes; "=_" is in no encoded part */
        uint64_t hash = sup__hash_bytes(SUP__HASH_INIT, m->message_id, strlen(m->message_id));
        char boundary[40];
        snprintf(boundary, sizeof boundary, "=_sup_%016llx_alt", (unsigned long long)hash);
        sup__buf_printf(&b, "Content-Type: multipart/alternative;\r\n boundary=\"%s\"\r\n\r\n--%s\r\n", boundary,
                        boundary);
        write_part(&b, "text/plain", m->text, m->body_encoding);
        sup__buf_printf(&b, "\r\n--%s\r\n", boundary);
        write_part(&b, "text/html", m->html, m->body_encoding);
        sup__buf_printf(&b, "\r\n--%s--\r\n", boundary);
    }
    return sup__buf_finish(&b, out);
}

int sup_mail_make_message_id(const void *unique, size_t len, const char *domain, char **out)
{
    static const char hex[] = "0123456789abcdef";
    SUP__CHECK_ARG(out, "sup_mail_make_message_id");
    *out = NULL;
    SUP__CHECK_ARG(unique, "sup_mail_make_message_id");
    SUP__CHECK_ARG(domain, "sup_mail_make_message_id");
    if (len < 1 || len > 64)
        return sup__fail(SUP_EINVAL, "sup_mail_make_message_id: %zu unique bytes, expected 1…64", len);
    if (!host_name(domain, strlen(domain))) {
        char q[80];
        sup__quote_text(q, sizeof q, domain);
        return sup__fail(SUP_EINVAL, "sup_mail_make_message_id: %s is not a domain name", q);
    }
    sup__buf b = {0};
    sup__buf_put(&b, "<");
    const unsigned char *u = unique;
    for (size_t i = 0; i < len; i++) {
        char e[2] = {hex[u[i] >> 4], hex[u[i] & 15]};
        sup__buf_putn(&b, e, 2);
    }
    sup__buf_printf(&b, "@%s>", domain);
    return sup__buf_finish(&b, out);
}
