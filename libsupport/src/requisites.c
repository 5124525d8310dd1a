/* libsupport — Russian requisites (INN, KPP, BIK, bank accounts), e-mail and phone checks. */
#include "libsupport.h"
#include "error_internal.h"
#include "utf8_internal.h"
#include "text_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* SUP_EPARSE "invalid <what> "<text>": <why>" (why formatted). */
static int bad_value(const char *what, const char *text, const char *fmt, ...) SUP__PRINTF(3, 4);
static int bad_value(const char *what, const char *text, const char *fmt, ...)
{
    char why[200], q[80];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    sup__quote_text(q, sizeof q, text);
    return sup__fail(SUP_EPARSE, "invalid %s %s: %s", what, q, why);
}

/* The byte length of the UTF-8 sequence starting at s (1 for an invalid or truncated one). */
static size_t utf8_len(const unsigned char *s)
{
    size_t n = *s >= 0xF0 ? 4 : *s >= 0xE0 ? 3 : *s >= 0xC0 ? 2 : 1;
    for (size_t k = 1; k < n; k++)
        if ((s[k] & 0xC0) != 0x80)
            return 1;
    return n;
}

/* The code point of the UTF-8 sequence of n bytes at s (from utf8_len). */
static uint32_t utf8_cp(const unsigned char *s, size_t n)
{
    static const unsigned char lead_mask[5] = {0, 0xFF, 0x1F, 0x0F, 0x07};
    uint32_t cp = s[0] & lead_mask[n];
    for (size_t k = 1; k < n; k++)
        cp = (cp << 6) | (s[k] & 0x3Fu);
    return cp;
}

/* The character at s, quoted for a message ("x", "д", "\x01"). */
static void quote_char(char *buf, size_t bufsize, const char *s)
{
    char one[5] = {0};
    memcpy(one, s, utf8_len((const unsigned char *)s));
    sup__quote_text(buf, bufsize, one);
}

/* SUP_OK if text is one or more ASCII digits (its length in *len), else the error naming
 * the first other character by its position (in characters, from 1). */
static int digits_only(const char *what, const char *text, size_t *len)
{
    if (text[0] == '\0')
        return bad_value(what, text, "empty");
    size_t pos = 1;
    for (const char *s = text; *s != '\0'; pos++) {
        if (*s < '0' || *s > '9') {
            char c[24];
            quote_char(c, sizeof c, s);
            return bad_value(what, text, "position %zu is %s, not a digit", pos, c);
        }
        s++;
    }
    *len = strlen(text);
    return SUP_OK;
}

/* Σ digit × weight mod 11 mod 10: the check digit of an INN over digits[0..n). */
static int inn_check_digit(const char *digits, const unsigned char *weights, size_t n)
{
    unsigned sum = 0;
    for (size_t i = 0; i < n; i++)
        sum += (unsigned)(digits[i] - '0') * weights[i];
    return (int)(sum % 11u % 10u);
}

int sup_inn_check(const char *inn)
{
    SUP__CHECK_ARG(inn, "sup_inn_check");
    static const unsigned char w10[9] = {2, 4, 10, 3, 5, 9, 4, 6, 8};
    static const unsigned char w11[10] = {7, 2, 4, 10, 3, 5, 9, 4, 6, 8};
    static const unsigned char w12[11] = {3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8};
    size_t n = 0;
    int rc = digits_only("INN", inn, &n);
    if (rc != SUP_OK)
        return rc;
    if (n != 10 && n != 12)
        return bad_value("INN", inn, "%zu digits, expected 10 (organisation) or 12 (individual)", n);
    if (inn[0] == '0' && inn[1] == '0')
        return bad_value("INN", inn, "it starts with the region code 00, which does not exist");
    if (n == 10) {
        int c = inn_check_digit(inn, w10, 9);
        if (c != inn[9] - '0')
            return bad_value("INN", inn, "the check digit is %d, not %c", c, inn[9]);
        return SUP_OK;
    }
    int c11 = inn_check_digit(inn, w11, 10);
    if (c11 != inn[10] - '0')
        return bad_value("INN", inn, "the first check digit (11th) is %d, not %c", c11, inn[10]);
    int c12 = inn_check_digit(inn, w12, 11);
    if (c12 != inn[11] - '0')
        return bad_value("INN", inn, "the second check digit (12th) is %d, not %c", c12, inn[11]);
    return SUP_OK;
}

int sup_kpp_check(const char *kpp)
{
    SUP__CHECK_ARG(kpp, "sup_kpp_check");
    if (kpp[0] == '\0')
        return bad_value("KPP", kpp, "empty");
    size_t pos = 1;
    for (const char *s = kpp; *s != '\0'; pos++) {
        if (pos > 9)
            break;
        bool digit = *s >= '0' && *s <= '9';
        bool ok = pos == 5 || pos == 6 ? digit || (*s >= 'A' && *s <= 'Z') : digit;
        if (!ok) {
            char c[24];
            quote_char(c, sizeof c, s);
            return bad_value("KPP", kpp, "position %zu is %s, expected %s", pos, c,
                             pos == 5 || pos == 6 ? "a digit or a capital Latin letter A–Z" : "a digit");
        }
        s++;
    }
    size_t n = strlen(kpp);
    if (n != 9)
        return bad_value("KPP", kpp, "%zu characters, expected 9 (4 digits, 2 digits or letters A–Z, 3 digits)", n);
    return SUP_OK;
}

int sup_bik_check(const char *bik)
{
    SUP__CHECK_ARG(bik, "sup_bik_check");
    size_t n = 0;
    int rc = digits_only("BIK", bik, &n);
    if (rc != SUP_OK)
        return rc;
    if (n != 9)
        return bad_value("BIK", bik, "%zu digits, expected 9", n);
    if (bik[0] != '0' || bik[1] != '4')
        return bad_value("BIK", bik, "a bank's BIK starts with 04");
    return SUP_OK;
}

/* Σ digit × (7, 1, 3, 7, 1, 3 …) over prefix[0..3) + account[0..20), with the key (account[8])
 * taken as 0; the right key is then the k with (sum + 3k) % 10 == 0 (the key has weight 3). */
static int account_key(const char prefix[3], const char *account)
{
    static const unsigned char w[3] = {7, 1, 3};
    unsigned sum = 0;
    for (size_t i = 0; i < 23; i++) {
        const char *c = i < 3 ? prefix + i : account + (i - 3);
        if (i != 11)
            sum += (unsigned)(*c - '0') * w[i % 3];
    }
    return (int)((10u - sum % 10u) % 10u * 7u % 10u); /* 7 = 3⁻¹ mod 10 */
}

/* The checks shared by settlement and correspondent accounts: a valid BIK, 20 digits. */
static int account_digits(const char *bik, const char *account)
{
    int rc = sup_bik_check(bik);
    if (rc != SUP_OK)
        return rc;
    size_t n = 0;
    rc = digits_only("account", account, &n);
    if (rc != SUP_OK)
        return rc;
    if (n != 20)
        return bad_value("account", account, "%zu digits, expected 20", n);
    return SUP_OK;
}

static int check_key(const char *bik, const char *account, const char prefix[3])
{
    int key = account_key(prefix, account);
    if (key != account[8] - '0')
        return bad_value("account", account, "with BIK %s the control key (9th digit) is %d, not %c", bik, key,
                         account[8]);
    return SUP_OK;
}

int sup_bank_account_check(const char *bik, const char *account)
{
    SUP__CHECK_ARG(bik, "sup_bank_account_check");
    SUP__CHECK_ARG(account, "sup_bank_account_check");
    int rc = account_digits(bik, account);
    if (rc != SUP_OK)
        return rc;
    return check_key(bik, account, bik + 6);
}

int sup_corr_account_check(const char *bik, const char *account)
{
    SUP__CHECK_ARG(bik, "sup_corr_account_check");
    SUP__CHECK_ARG(account, "sup_corr_account_check");
    int rc = account_digits(bik, account);
    if (rc != SUP_OK)
        return rc;
    if (strncmp(account, "30101", 5) != 0)
        return bad_value("correspondent account", account, "a bank's correspondent account starts with 30101");
    if (memcmp(account + 17, bik + 6, 3) != 0)
        return bad_value("correspondent account", account, "it ends in %s, the BIK %s in %s", account + 17, bik,
                         bik + 6);
    const char prefix[3] = {'0', bik[4], bik[5]};
    return check_key(bik, account, prefix);
}

/* ---- e-mail ---------------------------------------------------------------------------- */

/* Non-ASCII code points allowed in an address: not C1 controls, spaces, invisible format characters. */
static bool unicode_ok(uint32_t cp)
{
    if (cp <= 0xA0 || cp == 0xAD || cp == 0x1680 || cp == 0x180E || cp == 0x3000 || cp == 0xFEFF)
        return false;
    if ((cp >= 0x2000 && cp <= 0x200F) || (cp >= 0x2028 && cp <= 0x202F) || (cp >= 0x205F && cp <= 0x206F))
        return false;
    return cp < 0xFFF0;
}

static bool atext(unsigned char c)
{
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
           (c != '\0' && strchr("!#$%&'*+-/=?^_`{|}~", c) != NULL);
}

/* A non-ASCII character at s: its length if allowed, else 0. */
static size_t unicode_char(const char *s)
{
    const unsigned char *u = (const unsigned char *)s;
    size_t n = utf8_len(u);
    return n > 1 && unicode_ok(utf8_cp(u, n)) ? n : 0;
}

static int bad_char(const char *addr, const char *s, const char *where)
{
    char c[24];
    quote_char(c, sizeof c, s);
    return bad_value("e-mail", addr, "%s is not allowed in the %s", c, where);
}

/* The dot-atom local part: *at gets the index of the "@" after it. */
static int local_atom(const char *addr, size_t *at)
{
    size_t i = 0;
    while (addr[i] != '@') {
        unsigned char c = (unsigned char)addr[i];
        if (c == '\0')
            return bad_value("e-mail", addr, "no @");
        if (c == '.') {
            if (i == 0)
                return bad_value("e-mail", addr, "the local part starts with a dot");
            if (addr[i - 1] == '.')
                return bad_value("e-mail", addr, "two dots in a row in the local part");
            i++;
        } else if (c < 0x80) {
            if (!atext(c))
                return bad_char(addr, addr + i, "local part (quote it: \"…\"@domain)");
            i++;
        } else {
            size_t n = unicode_char(addr + i);
            if (n == 0)
                return bad_char(addr, addr + i, "local part");
            i += n;
        }
    }
    if (i == 0)
        return bad_value("e-mail", addr, "the local part before @ is empty");
    if (addr[i - 1] == '.')
        return bad_value("e-mail", addr, "the local part ends with a dot");
    *at = i;
    return SUP_OK;
}

/* The quoted-string local part ("…" with \" and \\): *at gets the index of the "@" after it. */
static int local_quoted(const char *addr, size_t *at)
{
    size_t i = 1;
    while (addr[i] != '"') {
        unsigned char c = (unsigned char)addr[i];
        if (c == '\0')
            return bad_value("e-mail", addr, "the quoted local part has no closing quote");
        if (c == '\\') {
            unsigned char e = (unsigned char)addr[i + 1];
            if (e < 0x20 || e > 0x7E)
                return bad_value("e-mail", addr,
                                 "a backslash in the quoted local part must escape a printable character");
            i += 2;
        } else if (c < 0x80) {
            if (c < 0x20 || c == 0x7F)
                return bad_char(addr, addr + i, "quoted local part");
            i++;
        } else {
            size_t n = unicode_char(addr + i);
            if (n == 0)
                return bad_char(addr, addr + i, "quoted local part");
            i += n;
        }
    }
    if (i == 1)
        return bad_value("e-mail", addr, "the local part \"\" is empty");
    if (addr[i + 1] != '@')
        return bad_value("e-mail", addr, "expected @ right after the quoted local part");
    *at = i + 1;
    return SUP_OK;
}

/* One domain label d[0..n): LDH or allowed non-ASCII letters, 1…63 bytes (63 characters if
 * non-ASCII), no hyphen at either end. */
static int domain_label(const char *addr, const char *d, size_t n, bool last)
{
    char label[256], ql[80];
    memcpy(label, d, n); /* n < 254: the address is at most 254 bytes */
    label[n] = '\0';
    sup__quote_text(ql, sizeof ql, label);
    if (n == 0)
        return bad_value("e-mail", addr, "an empty label (two dots in a row, or a dot at the start) in the domain");
    if (d[0] == '-' || d[n - 1] == '-')
        return bad_value("e-mail", addr, "the domain label %s %s with a hyphen", ql,
                         d[0] == '-' ? "starts" : "ends");
    size_t chars = 0;
    bool ascii = true, all_digits = true;
    for (size_t i = 0; i < n; chars++) {
        unsigned char c = (unsigned char)d[i];
        if (c < 0x80) {
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-'))
                return bad_char(addr, d + i, "domain");
            all_digits = all_digits && c >= '0' && c <= '9';
            i++;
        } else {
            size_t k = unicode_char(d + i);
            if (k == 0)
                return bad_char(addr, d + i, "domain");
            ascii = all_digits = false;
            i += k;
        }
    }
    if ((ascii ? n : chars) > 63)
        return bad_value("e-mail", addr, "a domain label is %zu %s long, at most 63", ascii ? n : chars,
                         ascii ? "bytes" : "characters");
    if (last && all_digits)
        return bad_value("e-mail", addr, "the top-level domain %s is all digits (IP addresses are not accepted)", ql);
    return SUP_OK;
}

static int check_domain(const char *addr, const char *domain)
{
    if (domain[0] == '\0')
        return bad_value("e-mail", addr, "nothing after @");
    if (domain[0] == '[')
        return bad_value("e-mail", addr, "address literals like [192.0.2.1] are not accepted");
    if (strchr(domain, '@') != NULL)
        return bad_value("e-mail", addr, "more than one @ (an @ in the local part must be quoted)");
    size_t n = strlen(domain);
    if (domain[n - 1] == '.')
        return bad_value("e-mail", addr, "the domain ends with a dot");
    const char *dot = strchr(domain, '.');
    if (dot == NULL)
        return bad_value("e-mail", addr, "the domain has no dot");
    for (const char *label = domain;;) {
        dot = strchr(label, '.');
        size_t len = dot != NULL ? (size_t)(dot - label) : strlen(label);
        int rc = domain_label(addr, label, len, dot == NULL);
        if (rc != SUP_OK || dot == NULL)
            return rc;
        label = dot + 1;
    }
}

int sup_email_check(const char *addr)
{
    SUP__CHECK_ARG(addr, "sup_email_check");
    size_t len = strlen(addr);
    if (len == 0)
        return bad_value("e-mail", addr, "empty");
    if (!sup__utf8_valid(addr, len))
        return bad_value("e-mail", addr, "not valid UTF-8");
    if (len > 254)
        return bad_value("e-mail", addr, "%zu bytes long, at most 254", len);
    size_t at = 0;
    int rc = addr[0] == '"' ? local_quoted(addr, &at) : local_atom(addr, &at);
    if (rc != SUP_OK)
        return rc;
    if (at > 64)
        return bad_value("e-mail", addr, "the local part is %zu bytes long, at most 64", at);
    return check_domain(addr, addr + at + 1);
}

/* The next character of s folded to lower case (Latin A–Z, Cyrillic А–Я and Ѐ–Џ); invalid
 * bytes stand for themselves (above any code point). Advances *s. */
static uint32_t fold_next(const unsigned char **s)
{
    const unsigned char *p = *s;
    size_t n = utf8_len(p);
    uint32_t cp = n > 1 ? utf8_cp(p, n) : (p[0] < 0x80 ? p[0] : 0x110000u + p[0]);
    *s = p + n;
    if (cp >= 'A' && cp <= 'Z')
        return cp + 0x20;
    if (cp >= 0x410 && cp <= 0x42F)
        return cp + 0x20;
    if (cp >= 0x400 && cp <= 0x40F)
        return cp + 0x50;
    return cp;
}

int sup_email_equal(const char *a, const char *b)
{
    if (a == NULL || b == NULL)
        return 0;
    const char *at_a = strrchr(a, '@'), *at_b = strrchr(b, '@');
    if (at_a == NULL || at_b == NULL)
        return strcmp(a, b) == 0;
    size_t la = (size_t)(at_a - a), lb = (size_t)(at_b - b);
    if (la != lb || memcmp(a, b, la) != 0)
        return 0;
    const unsigned char *da = (const unsigned char *)at_a + 1, *db = (const unsigned char *)at_b + 1;
    while (*da != '\0' && *db != '\0')
        if (fold_next(&da) != fold_next(&db))
            return 0;
    return *da == '\0' && *db == '\0';
}

/* ---- phone ----------------------------------------------------------------------------- */

/* The length of a separator allowed between digits at s (space, U+00A0, U+202F, hyphens,
 * dashes U+2010…U+2013, dot), or 0. */
static size_t phone_separator(const unsigned char *s)
{
    if (*s == ' ' || *s == '\t' || *s == '-' || *s == '.')
        return 1;
    if (s[0] == 0xC2 && s[1] == 0xA0)
        return 2;
    if (s[0] == 0xE2 && s[1] == 0x80 && ((s[2] >= 0x90 && s[2] <= 0x93) || s[2] == 0xAF))
        return 3;
    return 0;
}

int sup_phone_normalize(const char *in, char *out, size_t outsize)
{
    SUP__CHECK_ARG(in, "sup_phone_normalize");
    SUP__CHECK_ARG(out, "sup_phone_normalize");
    if (outsize < SUP_PHONE_BUFSIZE)
        return sup__fail(SUP_EBUFFER, "sup_phone_normalize: buffer of %zu bytes, need %d", outsize,
                         SUP_PHONE_BUFSIZE);
    char digits[16];
    size_t nd = 0;
    bool plus = false;
    int parens = 0; /* 0 none yet, 1 open, 2 closed */
    for (const unsigned char *s = (const unsigned char *)in; *s != '\0';) {
        size_t sep = phone_separator(s);
        if (*s >= '0' && *s <= '9') {
            if (nd < sizeof digits)
                digits[nd] = (char)*s;
            nd++;
            s++;
        } else if (sep > 0) {
            s += sep;
        } else if (*s == '+') {
            if (plus || nd > 0 || parens != 0)
                return bad_value("phone", in, "a + may only come first, before the country code");
            plus = true;
            s++;
        } else if (*s == '(' || *s == ')') {
            if (parens != (*s == '(' ? 0 : 1))
                return bad_value("phone", in, "parentheses must be one pair around the area code");
            parens++;
            s++;
        } else {
            char c[24];
            quote_char(c, sizeof c, (const char *)s);
            return bad_value("phone", in, "unexpected %s: only digits, a leading +, spaces, hyphens and parentheses",
                             c);
        }
    }
    if (parens == 1)
        return bad_value("phone", in, "a parenthesis is not closed");
    if (nd == 0)
        return bad_value("phone", in, "no digits");
    if (nd > 15)
        return bad_value("phone", in, "%zu digits, at most 15 (E.164)", nd);
    if (plus) {
        if (digits[0] == '0')
            return bad_value("phone", in, "a country code never starts with 0");
        if (nd >= 2 && digits[0] == '8' && digits[1] == '9') /* no country code starts with 89: "+8 927 …" means +7 */
            return bad_value("phone", in,
                             "there is no country code 89…; a Russian number is +7 … or 8 … without the +");
        if (digits[0] == '7' && nd != 11)
            return bad_value("phone", in, "a +7 number has 10 digits after the 7, not %zu", nd - 1);
        if (nd < 7)
            return bad_value("phone", in, "%zu digits are too few for a number with its country code", nd);
        out[0] = '+';
        memcpy(out + 1, digits, nd);
        out[nd + 1] = '\0';
        return SUP_OK;
    }
    if (nd == 11 && (digits[0] == '8' || digits[0] == '7')) {
        memcpy(out, "+7", 2);
        memcpy(out + 2, digits + 1, 10);
        out[12] = '\0';
        return SUP_OK;
    }
    if (nd == 10)
        return bad_value("phone", in, "10 digits without a country code: write +7 or 8 first for Russia");
    return bad_value("phone", in,
                     "expected a Russian number (11 digits starting with 8 or 7) or + and the country code");
}
