/* E-mail messages: the exact bytes of a small message, the Date, RFC 2047
 * encoded-words (decoded back here, never a character split), folding to 76
 * columns, quoted-printable and base64 bodies, the multipart structure and its
 * boundary, and every refused input (header injection, addresses, Message-IDs,
 * extra headers, limits). tests/mail/check_mail.py reads the messages back with
 * Python's email package. */
#include <libsupport.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#define DEC_1_2026_0900_MSK 1796104800 /* 2026-12-01 06:00:00 UTC */

static const sup_mail_address to_anna[] = {{"anna@example.com", NULL}};

static sup_mail_message base_message(void)
{
    sup_mail_message m;
    assert_int_equal(sup_mail_message_init(&m, SUP_MAIL_MESSAGE_VERSION), SUP_OK);
    m.from = (sup_mail_address){"support@v8pro.ru", NULL};
    m.to = to_anna;
    m.to_count = 1;
    m.subject = "Hello";
    m.date = DEC_1_2026_0900_MSK;
    m.utc_offset_minutes = 180;
    m.message_id = "<r.1@v8pro.ru>";
    m.text = "Hi\n";
    return m;
}

static char *build_ok(const sup_mail_message *m)
{
    char *out = NULL;
    int rc = sup_mail_build(m, &out);
    if (rc != SUP_OK)
        fail_msg("%s", sup_error_message());
    assert_non_null(out);
    return out;
}

static void expect_refused(const sup_mail_message *m, int code, const char *message)
{
    char *out = (char *)1;
    int rc = sup_mail_build(m, &out);
    if (rc != code || (message != NULL && strcmp(sup_error_message(), message) != 0))
        fail_msg("got %d \"%s\", expected %d \"%s\"", rc, sup_error_message(), code, message ? message : "");
    assert_null(out);
}

/* The header block of a message, unfolded into "Name: value" lines; and a header's unfolded value. */
static char *header_value(const char *msg, const char *name, char *buf, size_t bufsize)
{
    size_t n = strlen(name);
    const char *end = strstr(msg, "\r\n\r\n");
    assert_non_null(end);
    for (const char *p = msg; p < end;) {
        const char *eol = strstr(p, "\r\n");
        if (strncmp(p, name, n) == 0 && p[n] == ':') {
            size_t o = 0;
            const char *v = p + n + 1;
            for (;;) {
                const char *e = strstr(v, "\r\n");
                size_t len = (size_t)(e - v);
                assert_true(o + len + 1 < bufsize);
                memcpy(buf + o, v, len);
                o += len;
                if (e[2] != ' ' && e[2] != '\t')
                    break;
                v = e + 2; /* unfold: drop the CRLF, keep the space */
            }
            buf[o] = '\0';
            return buf[0] == ' ' ? buf + 1 : buf;
        }
        p = eol + 2;
    }
    return NULL;
}

static void check_lines(const char *msg)
{
    for (const char *p = msg; *p;) {
        const char *eol = strstr(p, "\r\n");
        assert_non_null(eol); /* every line ends with CRLF */
        if ((size_t)(eol - p) > 76)
            fail_msg("a line of %zu characters: %.*s", (size_t)(eol - p), (int)(eol - p), p);
        for (const char *c = p; c < eol; c++) {
            assert_true(*c != '\r' && *c != '\n');
            assert_true((unsigned char)*c < 0x80); /* 7-bit */
        }
        p = eol + 2;
    }
}

/* ---- RFC 2047 decoding, for the checks ---------------------------------------------- */

static int b64_value(char c)
{
    const char *a = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    const char *p = strchr(a, c);
    return c != '\0' && p != NULL ? (int)(p - a) : -1;
}

static size_t decode_word(const char *w, size_t n, char *out)
{
    size_t o = 0;
    if (strncmp(w, "=?UTF-8?B?", 10) == 0) {
        uint32_t acc = 0;
        int bits = 0;
        for (size_t i = 10; i < n - 2 && w[i] != '='; i++) {
            int v = b64_value(w[i]);
            assert_true(v >= 0);
            acc = (acc << 6) | (uint32_t)v;
            bits += 6;
            if (bits >= 8) {
                bits -= 8;
                out[o++] = (char)((acc >> bits) & 0xFF);
            }
        }
    } else {
        assert_true(strncmp(w, "=?UTF-8?Q?", 10) == 0);
        for (size_t i = 10; i < n - 2; i++) {
            if (w[i] == '_') {
                out[o++] = ' ';
            } else if (w[i] == '=') {
                unsigned v;
                assert_int_equal(sscanf(w + i + 1, "%2X", &v), 1);
                out[o++] = (char)v;
                i += 2;
            } else {
                out[o++] = w[i];
            }
        }
    }
    return o;
}

/* Decode an unfolded unstructured value made only of encoded-words (RFC 2047 6.2: the space between is dropped). */
static void decode_words(const char *v, char *out, size_t outsize, size_t max_word)
{
    size_t o = 0;
    while (*v) {
        while (*v == ' ')
            v++;
        assert_true(strlen(v) > 12);
        const char *end = strstr(v + 10, "?="); /* after the "=?UTF-8?Q?" (a Q text may start with "=") */
        assert_non_null(end);
        size_t n = (size_t)(end + 2 - v);
        assert_true(n <= max_word);
        char word[128];
        size_t k = decode_word(v, n, word);
        /* each word is whole characters: valid UTF-8 on its own */
        word[k] = '\0';
        for (size_t i = 0; i < k;) {
            unsigned char c = (unsigned char)word[i];
            size_t cl = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
            assert_true(i + cl <= k);
            i += cl;
        }
        assert_true(o + k < outsize);
        memcpy(out + o, word, k);
        o += k;
        v = end + 2;
    }
    out[o] = '\0';
}

/* ---- the whole message ---------------------------------------------------------------- */

static void test_a_small_message_exactly(void **state)
{
    (void)state;
    sup_mail_message m = base_message();
    char *msg = build_ok(&m);
    assert_string_equal(msg, "Date: Tue, 01 Dec 2026 09:00:00 +0300\r\n"
                             "From: support@v8pro.ru\r\n"
                             "To: anna@example.com\r\n"
                             "Message-ID: <r.1@v8pro.ru>\r\n"
                             "Subject: Hello\r\n"
                             "MIME-Version: 1.0\r\n"
                             "Auto-Submitted: auto-generated\r\n"
                             "Content-Type: text/plain; charset=UTF-8\r\n"
                             "Content-Transfer-Encoding: quoted-printable\r\n"
                             "\r\n"
                             "Hi\r\n");
    sup_free(msg);
}

static void test_multipart_alternative_with_a_boundary_from_the_message_id(void **state)
{
    (void)state;
    sup_mail_message m = base_message();
    const sup_mail_address reply = {"manager@v8PRO.ru", "Менеджер"};
    const sup_mail_header extra[] = {{"X-Support-Reminder", "support_ending"}};
    m.from.name = "Support";
    m.reply_to = &reply;
    m.html = "<p>Hi</p>";
    m.headers = extra;
    m.header_count = 1;
    char *msg = build_ok(&m);
    assert_string_equal(msg, "Date: Tue, 01 Dec 2026 09:00:00 +0300\r\n"
                             "From: Support <support@v8pro.ru>\r\n"
                             "To: anna@example.com\r\n"
                             "Reply-To: =?UTF-8?B?0JzQtdC90LXQtNC20LXRgA==?= <manager@v8PRO.ru>\r\n"
                             "Message-ID: <r.1@v8pro.ru>\r\n"
                             "Subject: Hello\r\n"
                             "MIME-Version: 1.0\r\n"
                             "Auto-Submitted: auto-generated\r\n"
                             "X-Support-Reminder: support_ending\r\n"
                             "Content-Type: multipart/alternative;\r\n"
                             " boundary=\"=_sup_cd9992b5382a51a8_alt\"\r\n"
                             "\r\n"
                             "--=_sup_cd9992b5382a51a8_alt\r\n"
                             "Content-Type: text/plain; charset=UTF-8\r\n"
                             "Content-Transfer-Encoding: quoted-printable\r\n"
                             "\r\n"
                             "Hi\r\n"
                             "\r\n"
                             "--=_sup_cd9992b5382a51a8_alt\r\n"
                             "Content-Type: text/html; charset=UTF-8\r\n"
                             "Content-Transfer-Encoding: quoted-printable\r\n"
                             "\r\n"
                             "<p>Hi</p>=\r\n"
                             "\r\n"
                             "--=_sup_cd9992b5382a51a8_alt--\r\n");
    /* the same message builds to the same bytes; another Message-ID to another boundary */
    char *again = build_ok(&m);
    assert_string_equal(again, msg);
    m.message_id = "<r.2@v8pro.ru>";
    char *other = build_ok(&m);
    assert_null(strstr(other, "cd9992b5382a51a8"));
    assert_non_null(strstr(other, "boundary=\"=_sup_"));
    sup_free(msg);
    sup_free(again);
    sup_free(other);
}

/* ---- the Date ------------------------------------------------------------------------- */

static void expect_date(int64_t t, int offset, const char *text)
{
    char buf[SUP_MAIL_DATE_BUFSIZE];
    int rc = sup_mail_format_date(t, offset, buf, sizeof buf);
    if (rc != SUP_OK)
        fail_msg("%lld %d: %s", (long long)t, offset, sup_error_message());
    assert_string_equal(buf, text);
}

static void test_the_date_is_rfc5322_from_the_callers_time(void **state)
{
    (void)state;
    expect_date(DEC_1_2026_0900_MSK, 180, "Tue, 01 Dec 2026 09:00:00 +0300");
    expect_date(DEC_1_2026_0900_MSK, 0, "Tue, 01 Dec 2026 06:00:00 +0000");
    expect_date(0, 0, "Thu, 01 Jan 1970 00:00:00 +0000");
    expect_date(-1, -330, "Wed, 31 Dec 1969 18:29:59 -0530");
    expect_date(1709164800, 0, "Thu, 29 Feb 2024 00:00:00 +0000");
    expect_date(-2208988800, 0, "Mon, 01 Jan 1900 00:00:00 +0000");
    expect_date(253402300799, 0, "Fri, 31 Dec 9999 23:59:59 +0000");
    expect_date(0, SUP_MAIL_UTC_OFFSET_MAX, "Thu, 01 Jan 1970 23:59:00 +2359");
    expect_date(86399, -SUP_MAIL_UTC_OFFSET_MAX, "Thu, 01 Jan 1970 00:00:59 -2359");
    char buf[SUP_MAIL_DATE_BUFSIZE];
    assert_int_equal(sup_mail_format_date(-2208988801, 0, buf, sizeof buf), SUP_EDATE);
    assert_int_equal(sup_mail_format_date(253402300800, 0, buf, sizeof buf), SUP_EDATE);
    assert_int_equal(sup_mail_format_date(-2208988800, -1, buf, sizeof buf), SUP_EDATE);
    assert_int_equal(sup_mail_format_date(INT64_MAX, 0, buf, sizeof buf), SUP_EDATE);
    assert_int_equal(sup_mail_format_date(INT64_MIN, 0, buf, sizeof buf), SUP_EDATE);
    assert_int_equal(sup_mail_format_date(0, 1440, buf, sizeof buf), SUP_EDATE);
    assert_string_equal(sup_error_message(), "an offset of 1440 minutes from UTC is beyond ±23:59");
    assert_int_equal(sup_mail_format_date(0, 0, buf, SUP_MAIL_DATE_BUFSIZE - 1), SUP_EBUFFER);
    assert_int_equal(sup_mail_format_date(0, 0, NULL, 64), SUP_EINVAL);
    sup_mail_message m = base_message();
    m.utc_offset_minutes = -1500;
    expect_refused(&m, SUP_EDATE, NULL);
}

/* ---- header text -------------------------------------------------------------------------- */

static void check_subject(const char *subject, sup_mail_word_encoding enc)
{
    sup_mail_message m = base_message();
    m.subject = subject;
    m.word_encoding = enc;
    char *msg = build_ok(&m);
    check_lines(msg);
    char buf[8192], decoded[4096];
    const char *v = header_value(msg, "Subject", buf, sizeof buf);
    assert_non_null(v);
    decode_words(v, decoded, sizeof decoded, 75);
    assert_string_equal(decoded, subject);
    sup_free(msg);
}

static void test_a_non_ascii_subject_becomes_encoded_words_of_whole_characters(void **state)
{
    (void)state;
    static const char *const subjects[] = {
        "Продление",
        "Техническая поддержка «Отчёт по продажам» заканчивается 15.07.2027: продлите её со скидкой — 1 998 руб.",
        "😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀",
        " leading and trailing spaces, double  spaces ",
        "=?UTF-8?B?SGk=?= is text here, not an encoded-word",
        "a_b=c?d q_text with specials: \"quotes\", (parens), <angles>, 100% ё",
        "ааааааааааааааааааааааааааааааааааааааааааааааааааааааааааааааааааааааааааааааааааааааааааааааааа",
        "word-longer-than-a-line-word-longer-than-a-line-word-longer-than-a-line-word-longer-than-a-line",
    };
    for (size_t i = 0; i < sizeof subjects / sizeof subjects[0]; i++) {
        check_subject(subjects[i], SUP_MAIL_WORDS_B);
        check_subject(subjects[i], SUP_MAIL_WORDS_Q);
    }
    sup_mail_message m = base_message();
    m.subject = "Продление";
    char *msg = build_ok(&m);
    assert_non_null(strstr(msg, "\r\nSubject: =?UTF-8?B?0J/RgNC+0LTQu9C10L3QuNC1?=\r\n"));
    sup_free(msg);
    m.word_encoding = SUP_MAIL_WORDS_Q;
    m.subject = "Ёж, 5%";
    msg = build_ok(&m);
    assert_non_null(strstr(msg, "\r\nSubject: =?UTF-8?Q?=D0=81=D0=B6=2C_5=25?=\r\n"));
    sup_free(msg);
}

static void test_a_plain_subject_is_folded_at_its_spaces(void **state)
{
    (void)state;
    sup_mail_message m = base_message();
    m.subject = "Your support for Sales Report ends on 15.07.2027: renew it now at 25 percent of the list price "
                "and keep getting new versions";
    char *msg = build_ok(&m);
    check_lines(msg);
    assert_non_null(strstr(msg, "\r\nSubject: Your support for Sales Report ends on 15.07.2027: renew it now at\r\n"
                                " 25 percent of the list price and keep getting new versions\r\n"));
    char buf[512];
    assert_string_equal(header_value(msg, "Subject", buf, sizeof buf), m.subject);
    sup_free(msg);
    m.subject = "";
    msg = build_ok(&m);
    assert_non_null(strstr(msg, "\r\nSubject:\r\nMIME-Version"));
    sup_free(msg);
}

static void test_display_names_are_atoms_quoted_or_encoded(void **state)
{
    (void)state;
    const sup_mail_address to[] = {{"a@example.com", "Anna Petrova"},
                                   {"b@example.com", "Petrov, Ivan \"Vanya\" \\ IT"},
                                   {"c@example.com", "Анна"},
                                   {"d@example.com", ""},
                                   {"e@example.com", "=?UTF-8?B?SGk=?="}};
    sup_mail_message m = base_message();
    m.to = to;
    m.to_count = 5;
    char *msg = build_ok(&m);
    check_lines(msg);
    char buf[1024];
    assert_string_equal(header_value(msg, "To", buf, sizeof buf),
                        "Anna Petrova <a@example.com>, \"Petrov, Ivan \\\"Vanya\\\" \\\\ IT\" <b@example.com>, "
                        "=?UTF-8?B?0JDQvdC90LA=?= <c@example.com>, d@example.com, =?UTF-8?B?PT9VVEYtOD9CP1NHaz0/PQ==?= "
                        "<e@example.com>");
    sup_free(msg);
}

static void test_header_injection_is_impossible(void **state)
{
    (void)state;
    sup_mail_message m = base_message();
    m.subject = "Hello\r\nBcc: victim@example.com";
    expect_refused(&m, SUP_EINVAL, "sup_mail_build: the subject \"Hello\\x0D\\x0ABcc: victim@example.com\" contains "
                                   "the control character 0x0D (a line break cannot be in a header)");
    m.subject = "Hello\nBcc: x@y";
    expect_refused(&m, SUP_EINVAL, NULL);
    m.subject = "tab\there";
    expect_refused(&m, SUP_EINVAL, "sup_mail_build: the subject \"tab\\x09here\" contains the control character "
                                   "0x09");
    m = base_message();
    m.from.name = "Support\r\nBcc: x@y";
    expect_refused(&m, SUP_EINVAL, NULL);
    m = base_message();
    m.from.address = "support@v8pro.ru\r\nBcc: x@y";
    expect_refused(&m, SUP_EINVAL, NULL);
    m = base_message();
    const sup_mail_address to[] = {{"anna@example.com", "A\nB"}};
    m.to = to;
    expect_refused(&m, SUP_EINVAL, NULL);
    m = base_message();
    m.message_id = "<a@b>\r\nBcc: x@y";
    expect_refused(&m, SUP_EINVAL, NULL);
    m = base_message();
    const sup_mail_header h[] = {{"X-Note", "ok\r\nBcc: x@y"}};
    m.headers = h;
    m.header_count = 1;
    expect_refused(&m, SUP_EINVAL, NULL);
    m = base_message();
    m.subject = "\xD0";
    expect_refused(&m, SUP_EINVAL, "sup_mail_build: the subject \"\\xD0\" is not valid UTF-8");
}

static void test_addresses_and_message_ids_are_checked(void **state)
{
    (void)state;
    static const char *const good[] = {"a@b", "x.y+tag@sub-domain.example.org", "o'brien@example.ie",
                                       "MANAGER@v8PRO.ru", "1@2.3"};
    static const char *const bad[] = {"",           "a",         "a@",          "@b",         "a..b@c",
                                      ".a@b",       "a.@b",      "a@b..c",      "a@-b.c",     "a@b-.c",
                                      "a b@c",      "\"a\"@b",   "а@b.ru",      "a@b.рф",     "a@b_c.d",
                                      "a@[1.2.3.4]", "a@b.", "<a@b>"};
    sup_mail_message m = base_message();
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        m.from.address = good[i];
        sup_free(build_ok(&m));
    }
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        m.from.address = bad[i];
        expect_refused(&m, SUP_EINVAL, NULL);
    }
    char local65[80];
    memset(local65, 'a', 65);
    snprintf(local65 + 65, sizeof local65 - 65, "@b");
    m.from.address = local65;
    expect_refused(&m, SUP_EINVAL, NULL);
    m.from.address = "a..b@c";
    expect_refused(&m, SUP_EINVAL, "sup_mail_build: from address \"a..b@c\" is not an address local@domain (ASCII, no "
                                   "quoted local part)");

    static const char *const good_ids[] = {"<a@b>", "<4c49432d@v8pro.ru>", "<a.b.c@d.e>", "<x!#$%&'*+-/=?^_`{|}~@y>"};
    static const char *const bad_ids[] = {"a@b", "<a>", "<a@b", "a@b>", "<@b>", "<a@>", "<a b@c>", "<a@b@c>",
                                          "<a..b@c>", "<>", ""};
    m = base_message();
    for (size_t i = 0; i < sizeof good_ids / sizeof good_ids[0]; i++) {
        m.message_id = good_ids[i];
        sup_free(build_ok(&m));
    }
    for (size_t i = 0; i < sizeof bad_ids / sizeof bad_ids[0]; i++) {
        m.message_id = bad_ids[i];
        expect_refused(&m, SUP_EINVAL, NULL);
    }
    m.message_id = "<a>";
    expect_refused(&m, SUP_EINVAL, "sup_mail_build: Message-ID \"<a>\" is not of the form <local@domain>");
}

static void test_message_ids_from_unique_bytes(void **state)
{
    (void)state;
    static const unsigned char u[] = {0x00, 0x4c, 0xff, 0x10};
    char *id = NULL;
    assert_int_equal(sup_mail_make_message_id(u, sizeof u, "v8pro.ru", &id), SUP_OK);
    assert_string_equal(id, "<004cff10@v8pro.ru>");
    sup_mail_message m = base_message();
    m.message_id = id;
    sup_free(build_ok(&m));
    sup_free(id);
    unsigned char big[65] = {0};
    assert_int_equal(sup_mail_make_message_id(big, 64, "v8pro.ru", &id), SUP_OK);
    assert_int_equal(strlen(id), 1 + 128 + 1 + 8 + 1);
    sup_free(id);
    id = (char *)1;
    assert_int_equal(sup_mail_make_message_id(big, 65, "v8pro.ru", &id), SUP_EINVAL);
    assert_null(id);
    assert_int_equal(sup_mail_make_message_id(big, 0, "v8pro.ru", &id), SUP_EINVAL);
    assert_int_equal(sup_mail_make_message_id(u, 4, "v8pro..ru", &id), SUP_EINVAL);
    assert_string_equal(sup_error_message(), "sup_mail_make_message_id: \"v8pro..ru\" is not a domain name");
    assert_int_equal(sup_mail_make_message_id(u, 4, "", &id), SUP_EINVAL);
    assert_int_equal(sup_mail_make_message_id(NULL, 4, "a.b", &id), SUP_EINVAL);
    assert_int_equal(sup_mail_make_message_id(u, 4, "a.b", NULL), SUP_EINVAL);
}

static void test_extra_headers(void **state)
{
    (void)state;
    static const char *const reserved[] = {"Subject", "subject", "FROM", "To", "cc", "Bcc", "Reply-To", "Sender",
                                           "Date", "message-id", "MIME-Version", "Content-Type",
                                           "CONTENT-DISPOSITION", "Content-Transfer-Encoding", "auto-submitted",
                                           "Return-Path"};
    static const char *const bad_names[] = {"", "X Bad", "X:Bad", "Х-Кириллица", "X\x7F"};
    sup_mail_message m = base_message();
    sup_mail_header h[1];
    m.headers = h;
    m.header_count = 1;
    for (size_t i = 0; i < sizeof reserved / sizeof reserved[0]; i++) {
        h[0] = (sup_mail_header){reserved[i], "x"};
        expect_refused(&m, SUP_EINVAL, NULL);
    }
    for (size_t i = 0; i < sizeof bad_names / sizeof bad_names[0]; i++) {
        h[0] = (sup_mail_header){bad_names[i], "x"};
        expect_refused(&m, SUP_EINVAL, NULL);
    }
    h[0] = (sup_mail_header){"Content-Id", "x"};
    expect_refused(&m, SUP_EINVAL, "sup_mail_build: header \"Content-Id\" is written by the builder, not an extra "
                                   "header");
    h[0] = (sup_mail_header){"X-Note", NULL};
    expect_refused(&m, SUP_EINVAL, "sup_mail_build: headers[0] has no value");
    /* values are encoded like the subject */
    h[0] = (sup_mail_header){"X-Note", "Напоминание"};
    char *msg = build_ok(&m);
    char buf[256], dec[256];
    decode_words(header_value(msg, "X-Note", buf, sizeof buf), dec, sizeof dec, 75);
    assert_string_equal(dec, "Напоминание");
    sup_free(msg);
    m.headers = NULL;
    expect_refused(&m, SUP_EINVAL, "sup_mail_build: header_count is 1 but headers is NULL");
    sup_mail_header many[SUP_MAIL_HEADERS_MAX + 1];
    for (size_t i = 0; i < SUP_MAIL_HEADERS_MAX + 1; i++)
        many[i] = (sup_mail_header){"X-A", "b"};
    m.headers = many;
    m.header_count = SUP_MAIL_HEADERS_MAX;
    sup_free(build_ok(&m));
    m.header_count = SUP_MAIL_HEADERS_MAX + 1;
    expect_refused(&m, SUP_EINVAL, NULL);
}

/* ---- bodies ------------------------------------------------------------------------------- */

static const char *body_of(const char *msg) { return strstr(msg, "\r\n\r\n") + 4; }

static void expect_qp(const char *text, const char *encoded)
{
    sup_mail_message m = base_message();
    m.text = text;
    char *msg = build_ok(&m);
    check_lines(msg);
    assert_string_equal(body_of(msg), encoded);
    sup_free(msg);
}

static void test_quoted_printable_bodies(void **state)
{
    (void)state;
    expect_qp("", "");
    expect_qp("Hi", "Hi=\r\n");
    expect_qp("a = b\n", "a =3D b\r\n");
    expect_qp("trailing   \nand\ttab\t\n", "trailing  =20\r\nand\ttab=09\r\n");
    expect_qp("From here\nnot From here\n", "=46rom here\r\nnot From here\r\n");
    expect_qp("a\rb\r\nc\nd", "a\r\nb\r\nc\r\nd=\r\n");
    expect_qp("ё\n", "=D1=91\r\n");
    expect_qp("\n\n", "\r\n\r\n");
    /* a long line: soft breaks, no line over 76, never inside "=XX" */
    char line[301];
    memset(line, 'x', 300);
    line[300] = '\0';
    expect_qp(line, "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx=\r\n"
                    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx=\r\n"
                    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx=\r\n"
                    "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx=\r\n");
    /* 25 escapes (75 characters) and the '=' of a soft break a line: the break may fall inside a
     * character's bytes (decoding joins them), never inside an escape */
    expect_qp("ёёёёёёёёёёёёёёёёёёёёёёёёёё", "=D1=91=D1=91=D1=91=D1=91=D1=91=D1=91=D1=91=D1=91=D1=91=D1=91=D1=91=D1=91=D1=\r\n"
                                      "=91=D1=91=D1=91=D1=91=D1=91=D1=91=D1=91=D1=91=D1=91=D1=91=D1=91=D1=91=D1=91=\r\n"
                                      "=D1=91=\r\n");
}

static void test_base64_bodies(void **state)
{
    (void)state;
    sup_mail_message m = base_message();
    m.body_encoding = SUP_MAIL_BASE64;
    m.text = "Привет\n";
    char *msg = build_ok(&m);
    assert_non_null(strstr(msg, "Content-Transfer-Encoding: base64\r\n\r\n0J/RgNC40LLQtdGCDQo=\r\n"));
    sup_free(msg);
    char text[200];
    memset(text, 'a', 114); /* two full lines of 57 bytes */
    text[114] = '\0';
    m.text = text;
    msg = build_ok(&m);
    check_lines(msg);
    const char *b = body_of(msg);
    assert_int_equal(strlen(b), 2 * (76 + 2));
    sup_free(msg);
    m.text = "";
    msg = build_ok(&m);
    assert_string_equal(body_of(msg), "");
    sup_free(msg);
}

static void test_bad_messages_are_refused(void **state)
{
    (void)state;
    sup_mail_message m;
    assert_int_equal(sup_mail_message_init(&m, 2), SUP_EINVAL);
    assert_int_equal(sup_mail_message_init(NULL, 1), SUP_EINVAL);
    m = base_message();
    m.version = 0;
    expect_refused(&m, SUP_EINVAL, "sup_mail_build: unknown message version 0 (initialise it with "
                                   "sup_mail_message_init)");
    m = base_message();
    m.to_count = 0;
    expect_refused(&m, SUP_EINVAL, "sup_mail_build: the message has no recipient (to)");
    m = base_message();
    m.to_count = SUP_MAIL_TO_MAX + 1;
    expect_refused(&m, SUP_EINVAL, NULL);
    m = base_message();
    m.subject = NULL;
    expect_refused(&m, SUP_EINVAL, NULL);
    m = base_message();
    m.message_id = NULL;
    expect_refused(&m, SUP_EINVAL, "sup_mail_build: the message has no Message-ID");
    m = base_message();
    m.text = NULL;
    expect_refused(&m, SUP_EINVAL, NULL);
    m = base_message();
    m.text = "ok \xFF";
    expect_refused(&m, SUP_EINVAL, "sup_mail_build: the text body is not valid UTF-8 (byte 0xFF at offset 3)");
    m = base_message();
    m.html = "\xC0\x80";
    expect_refused(&m, SUP_EINVAL, NULL);
    m = base_message();
    m.body_encoding = (sup_mail_body_encoding)2;
    expect_refused(&m, SUP_EINVAL, NULL);
    m = base_message();
    m.word_encoding = (sup_mail_word_encoding)2;
    expect_refused(&m, SUP_EINVAL, NULL);
    m = base_message();
    char subject[SUP_MAIL_SUBJECT_MAX + 2];
    memset(subject, 'a', sizeof subject - 1);
    subject[sizeof subject - 1] = '\0';
    m.subject = subject;
    expect_refused(&m, SUP_EINVAL, NULL);
    subject[SUP_MAIL_SUBJECT_MAX] = '\0';
    sup_free(build_ok(&m));
    m = base_message();
    m.from.address = NULL;
    expect_refused(&m, SUP_EINVAL, "sup_mail_build: from has no address");
    assert_int_equal(sup_mail_build(NULL, &(char *){NULL}), SUP_EINVAL);
    assert_int_equal(sup_mail_build(&m, NULL), SUP_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_a_small_message_exactly),
        cmocka_unit_test(test_multipart_alternative_with_a_boundary_from_the_message_id),
        cmocka_unit_test(test_the_date_is_rfc5322_from_the_callers_time),
        cmocka_unit_test(test_a_non_ascii_subject_becomes_encoded_words_of_whole_characters),
        cmocka_unit_test(test_a_plain_subject_is_folded_at_its_spaces),
        cmocka_unit_test(test_display_names_are_atoms_quoted_or_encoded),
        cmocka_unit_test(test_header_injection_is_impossible),
        cmocka_unit_test(test_addresses_and_message_ids_are_checked),
        cmocka_unit_test(test_message_ids_from_unique_bytes),
        cmocka_unit_test(test_extra_headers),
        cmocka_unit_test(test_quoted_printable_bodies),
        cmocka_unit_test(test_base64_bodies),
        cmocka_unit_test(test_bad_messages_are_refused),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
