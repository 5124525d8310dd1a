/* Fuzz target: the encoders of sup_mail_build (RFC 2047 words, quoted strings,
 * quoted-printable, base64) with round trips. The input is
 *   flags, subject 0xFF display-name 0xFF text [0xFF html]
 * (0xFF never occurs in UTF-8). The message must be built exactly when every
 * field is acceptable (UTF-8, no control characters in header text, limits),
 * be 7-bit with CRLF lines of at most 76 characters, and decode here — by
 * decoders independent of the library's encoders — back to each input. */
#include "fuzz_common.h"

static bool header_ok(const char *s, size_t max)
{
    size_t n = strlen(s);
    if (n > max || !fuzz_utf8_ok(s))
        return false;
    for (size_t i = 0; i < n; i++)
        if ((unsigned char)s[i] < 0x20 || s[i] == 0x7F)
            return false;
    return true;
}

/* The next field: up to 0xFF or the end, as a C string (cut at a NUL). */
static char *field(const uint8_t **p, const uint8_t *end)
{
    const uint8_t *q = *p;
    while (q < end && *q != 0xFF)
        q++;
    char *s = fuzz_cstring(*p, (size_t)(q - *p));
    *p = q < end ? q + 1 : q;
    return s;
}

static void check_lines(const char *msg)
{
    for (const char *p = msg; *p;) {
        const char *eol = strstr(p, "\r\n");
        FUZZ_CHECK(eol != NULL);
        FUZZ_CHECK(eol - p <= 76);
        for (const char *c = p; c < eol; c++)
            FUZZ_CHECK(*c != '\r' && *c != '\n' && (unsigned char)*c < 0x80);
        p = eol + 2;
    }
}

/* A header's unfolded value (without the space after the colon), malloc'ed; NULL if absent. */
static char *header(const char *msg, const char *name)
{
    size_t n = strlen(name);
    const char *end = strstr(msg, "\r\n\r\n");
    FUZZ_CHECK(end != NULL);
    for (const char *p = msg; p < end; p = strstr(p, "\r\n") + 2) {
        if (strncmp(p, name, n) != 0 || p[n] != ':')
            continue;
        char *v = malloc(strlen(p) + 1);
        FUZZ_CHECK(v != NULL);
        size_t o = 0;
        for (const char *c = p + n + 1;; c++) {
            if (c[0] == '\r' && c[1] == '\n') {
                if (c[2] != ' ')
                    break;
                c++; /* unfold: drop CRLF, keep the space */
                continue;
            }
            v[o++] = *c;
        }
        v[o] = '\0';
        if (v[0] == ' ')
            memmove(v, v + 1, o);
        return v;
    }
    return NULL;
}

static int b64v(char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    return c == '+' ? 62 : c == '/' ? 63 : -1;
}

static int hexv(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Base64 text [s, e) (padding allowed at the end, CRLF ignored) appended to out. */
static size_t b64_decode(const char *s, const char *e, char *out)
{
    uint32_t acc = 0;
    int bits = 0;
    size_t o = 0;
    for (; s < e; s++) {
        if (*s == '\r' || *s == '\n' || *s == '=')
            continue;
        int v = b64v(*s);
        FUZZ_CHECK(v >= 0);
        acc = (acc << 6) | (uint32_t)v;
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[o++] = (char)((acc >> bits) & 0xFF);
        }
    }
    return o;
}

/* Encoded-words separated by spaces (RFC 2047 6.2: the spaces are dropped); each is whole characters. */
static char *decode_words(const char *v)
{
    char *out = malloc(strlen(v) + 1);
    FUZZ_CHECK(out != NULL);
    size_t o = 0;
    while (*v) {
        while (*v == ' ')
            v++;
        if (!*v)
            break;
        bool b = strncmp(v, "=?UTF-8?B?", 10) == 0;
        FUZZ_CHECK(b || strncmp(v, "=?UTF-8?Q?", 10) == 0);
        const char *end = strstr(v + 10, "?=");
        FUZZ_CHECK(end != NULL && end + 2 - v <= 75);
        size_t start = o;
        if (b) {
            o += b64_decode(v + 10, end, out + o);
        } else {
            for (const char *c = v + 10; c < end; c++) {
                if (*c == '_') {
                    out[o++] = ' ';
                } else if (*c == '=') {
                    FUZZ_CHECK(hexv(c[1]) >= 0 && hexv(c[2]) >= 0);
                    out[o++] = (char)(hexv(c[1]) * 16 + hexv(c[2]));
                    c += 2;
                } else {
                    FUZZ_CHECK((*c >= 'A' && *c <= 'Z') || (*c >= 'a' && *c <= 'z') || (*c >= '0' && *c <= '9') ||
                               strchr("!*+-/", *c) != NULL);
                    out[o++] = *c;
                }
            }
        }
        char save = out[o];
        out[o] = '\0';
        FUZZ_CHECK(fuzz_utf8_ok(out + start)); /* no character split between two words */
        out[o] = save;
        v = end + 2;
        FUZZ_CHECK(*v == '\0' || *v == ' ');
    }
    out[o] = '\0';
    return out;
}

/* Unstructured text as written: plain words, or encoded-words. */
static char *decode_text(const char *v)
{
    if (strstr(v, "=?") == NULL) {
        char *s = malloc(strlen(v) + 1);
        FUZZ_CHECK(s != NULL);
        strcpy(s, v);
        return s;
    }
    return decode_words(v);
}

/* The display name of "phrase <addr>": atoms, a quoted string or encoded-words. */
static char *decode_name(const char *v)
{
    const char *lt = strrchr(v, '<');
    FUZZ_CHECK(lt != NULL && lt > v && lt[-1] == ' ');
    size_t n = (size_t)(lt - 1 - v);
    char *phrase = fuzz_cstring((const uint8_t *)v, n);
    if (phrase[0] == '"') {
        FUZZ_CHECK(n >= 2 && phrase[n - 1] == '"');
        size_t o = 0;
        for (size_t i = 1; i + 1 < n; i++) {
            if (phrase[i] == '\\')
                i++;
            else
                FUZZ_CHECK(phrase[i] != '"');
            phrase[o++] = phrase[i];
        }
        phrase[o] = '\0';
        return phrase;
    }
    char *s = decode_text(phrase);
    free(phrase);
    return s;
}

/* Text with its line breaks made CRLF. */
static char *canonical(const char *s)
{
    char *out = malloc(strlen(s) * 2 + 1);
    FUZZ_CHECK(out != NULL);
    size_t o = 0;
    for (size_t i = 0; s[i];) {
        if (s[i] == '\r' || s[i] == '\n') {
            i += s[i] == '\r' && s[i + 1] == '\n' ? 2 : 1;
            out[o++] = '\r';
            out[o++] = '\n';
        } else {
            out[o++] = s[i++];
        }
    }
    out[o] = '\0';
    return out;
}

/* Decode a part's body [s, e) and compare it with the canonical input. */
static void check_body(const char *s, const char *e, bool base64, const char *input)
{
    char *want = canonical(input);
    char *got = malloc((size_t)(e - s) + 1);
    FUZZ_CHECK(got != NULL);
    size_t o = 0;
    if (base64) {
        for (const char *l = s; l < e; l = strstr(l, "\r\n") + 2)
            FUZZ_CHECK(strstr(l, "\r\n") - l <= 76);
        o = b64_decode(s, e, got);
    } else {
        for (const char *c = s; c < e; c++) {
            if (*c == '=' && c[1] == '\r' && c[2] == '\n') {
                c += 2; /* a soft line break */
            } else if (*c == '=') {
                FUZZ_CHECK(hexv(c[1]) >= 0 && hexv(c[2]) >= 0);
                got[o++] = (char)(hexv(c[1]) * 16 + hexv(c[2]));
                c += 2;
            } else {
                if ((*c == ' ' || *c == '\t') && c + 1 < e)
                    FUZZ_CHECK(c[1] != '\r'); /* no bare whitespace at a line end */
                got[o++] = *c;
            }
        }
    }
    got[o] = '\0';
    FUZZ_CHECK(o == strlen(want) && memcmp(got, want, o) == 0);
    free(got);
    free(want);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    uint8_t flags = data[0];
    const uint8_t *p = data + 1, *end = data + size;
    char *subject = field(&p, end), *name = field(&p, end), *text = field(&p, end);
    char *html = p < end || (size > 1 && end[-1] == 0xFF) ? field(&p, end) : NULL;

    sup_mail_message m;
    FUZZ_CHECK(sup_mail_message_init(&m, SUP_MAIL_MESSAGE_VERSION) == SUP_OK);
    const sup_mail_address to[2] = {{"anna@example.com", name}, {"it@example.com", NULL}};
    m.from = (sup_mail_address){"support@v8pro.ru", name};
    m.to = to;
    m.to_count = (flags & 4) ? 2 : 1;
    m.subject = subject;
    m.date = (int64_t)(flags >> 3) * 86400 * 365;
    m.utc_offset_minutes = 180;
    m.message_id = "<fuzz.1@v8pro.ru>";
    m.text = text;
    m.html = html;
    m.word_encoding = (flags & 1) ? SUP_MAIL_WORDS_Q : SUP_MAIL_WORDS_B;
    m.body_encoding = (flags & 2) ? SUP_MAIL_BASE64 : SUP_MAIL_QUOTED_PRINTABLE;
    const sup_mail_header extra[1] = {{"X-Fuzz", subject}};
    m.headers = extra;
    m.header_count = (flags & 0x80) ? 1 : 0;

    bool ok = header_ok(subject, SUP_MAIL_SUBJECT_MAX) && header_ok(name, 256) && fuzz_utf8_ok(text) &&
              (html == NULL || fuzz_utf8_ok(html)) && (m.header_count == 0 || strlen(subject) <= 2000);
    char *msg = (char *)1;
    int rc = sup_mail_build(&m, &msg);
    if (!ok) {
        FUZZ_CHECK(rc == SUP_EINVAL && msg == NULL);
        fuzz_check_error(rc);
    } else {
        if (rc != SUP_OK)
            fprintf(stderr, "build: %s\n", sup_error_message());
        FUZZ_CHECK(rc == SUP_OK && msg != NULL);
        check_lines(msg);
        char *v = header(msg, "Subject");
        char *d = decode_text(v);
        FUZZ_CHECK(strcmp(d, subject) == 0);
        free(v);
        free(d);
        if (m.header_count) {
            v = header(msg, "X-Fuzz");
            d = decode_text(v);
            FUZZ_CHECK(strcmp(d, subject) == 0);
            free(v);
            free(d);
        }
        v = header(msg, "From");
        if (name[0] != '\0') {
            d = decode_name(v);
            FUZZ_CHECK(strcmp(d, name) == 0);
            free(d);
        } else {
            FUZZ_CHECK(strcmp(v, "support@v8pro.ru") == 0);
        }
        free(v);
        const char *body = strstr(msg, "\r\n\r\n") + 4;
        bool b64 = (flags & 2) != 0;
        if (html == NULL) {
            check_body(body, body + strlen(body), b64, text);
        } else {
            static const char delim[] = "\r\n--=_sup_";
            FUZZ_CHECK(strncmp(body, delim + 2, sizeof delim - 3) == 0);
            const char *part1 = strstr(body, "\r\n\r\n") + 4;
            const char *end1 = strstr(part1, delim);
            FUZZ_CHECK(end1 != NULL);
            check_body(part1, end1, b64, text); /* the CRLF before the delimiter belongs to it */
            const char *part2 = strstr(end1 + 2, "\r\n\r\n") + 4;
            const char *end2 = strstr(part2, delim);
            FUZZ_CHECK(end2 != NULL && strcmp(strchr(end2 + 2, '\n') + 1, "") == 0);
            check_body(part2, end2, b64, html);
        }
        sup_free(msg);
    }
    free(subject);
    free(name);
    free(text);
    free(html);
    return 0;
}
