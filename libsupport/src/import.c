/* libsupport — dates and amounts as spreadsheets and 1C write them in files to import. */
#include "libsupport.h"
#include "error_internal.h"
#include "utf8_internal.h"
#include "text_internal.h"
#include "date_internal.h"
#include "money_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <string.h>

/* The length of blank space at s: space, tab, U+00A0, or (for amounts, `narrow`) U+202F; 0 if none. */
static size_t blank_at(const char *s, bool narrow)
{
    const unsigned char *u = (const unsigned char *)s;
    if (u[0] == ' ' || u[0] == '\t')
        return 1;
    if (u[0] == 0xC2 && u[1] == 0xA0)
        return 2;
    if (narrow && u[0] == 0xE2 && u[1] == 0x80 && u[2] == 0xAF)
        return 3;
    return 0;
}

/* Move *end back over the blanks that end [begin, *end). */
static void rtrim_blanks(const char *begin, const char **end, bool narrow)
{
    const char *e = *end;
    for (;;) {
        size_t left = (size_t)(e - begin);
        if (left >= 1 && (e[-1] == ' ' || e[-1] == '\t'))
            e--;
        else if (left >= 2 && (unsigned char)e[-2] == 0xC2 && (unsigned char)e[-1] == 0xA0)
            e -= 2;
        else if (narrow && left >= 3 && memcmp(e - 3, "\xE2\x80\xAF", 3) == 0)
            e -= 3;
        else
            break;
    }
    *end = e;
}

/* The text without the blanks at both ends: [*begin, *end). */
static void trim_blanks(const char *text, bool narrow, const char **begin, const char **end)
{
    const char *b = text, *e = text + strlen(text);
    for (size_t n; (n = blank_at(b, narrow)) > 0;)
        b += n;
    rtrim_blanks(b, &e, narrow);
    *begin = b;
    *end = e;
}

/* Up to `max` digits at *s (at least `min`), their value in *v; advances *s. */
static bool read_digits(const char **s, const char *end, int min, int max, int *v)
{
    int n = 0, value = 0;
    while (*s < end && n < max && **s >= '0' && **s <= '9') {
        value = value * 10 + (**s - '0');
        (*s)++;
        n++;
    }
    *v = value;
    return n >= min && !(*s < end && **s >= '0' && **s <= '9');
}

/* A time of day "H:MM" or "H:MM:SS" filling [s, end) exactly (checked, then ignored). */
static bool time_of_day(const char *s, const char *end)
{
    int h = 0, m = 0, sec = 0;
    if (!read_digits(&s, end, 1, 2, &h) || s >= end || *s++ != ':' || !read_digits(&s, end, 2, 2, &m))
        return false;
    if (s < end && (*s++ != ':' || !read_digits(&s, end, 2, 2, &sec)))
        return false;
    return s == end && h <= 23 && m <= 59 && sec <= 59;
}

static int bad_date(const char *text, const char *why)
{
    char q[80];
    sup__quote_text(q, sizeof q, text);
    return sup__fail(SUP_EDATE, "invalid date %s: %s", q, why);
}

int sup_date_parse_import(const char *text, sup_date *out)
{
    SUP__CHECK_ARG(out, "sup_date_parse_import");
    SUP__CHECK_ARG(text, "sup_date_parse_import");
    const char *s, *end;
    trim_blanks(text, false, &s, &end);
    if (s == end)
        return bad_date(text, "empty");
    int y = 0, m = 0, d = 0;
    bool iso = end - s >= 10 && s[4] == '-';
    bool ok;
    if (iso) {
        ok = read_digits(&s, end, 4, 4, &y) && *s++ == '-' && read_digits(&s, end, 2, 2, &m) && s < end &&
             *s++ == '-' && read_digits(&s, end, 2, 2, &d);
    } else {
        ok = read_digits(&s, end, 1, 2, &d) && s < end && *s++ == '.' && read_digits(&s, end, 1, 2, &m) &&
             s < end && *s++ == '.';
        const char *year = s;
        ok = ok && read_digits(&s, end, 1, 4, &y);
        if (ok && s - year != 4)
            return bad_date(text, "the year must have four digits (a two-digit year is not guessed)");
    }
    if (!ok || (s < end && *s != ' ' && !(iso && *s == 'T')))
        return bad_date(text, "expected DD.MM.YYYY, D.M.YYYY or YYYY-MM-DD");
    if (s < end && !time_of_day(s + 1, end))
        return bad_date(text, "after the date only a time of day H:MM or H:MM:SS may follow");
    char why[64];
    if (sup__date_explain(y, m, d, why, sizeof why) != NULL)
        return bad_date(text, why);
    *out = (sup_date)(y * 10000 + m * 100 + d);
    return SUP_OK;
}

/* ---- amounts ----------------------------------------------------------------------------- */

static int bad_amount(const char *text, const char *fmt, ...) SUP__PRINTF(2, 3);
static int bad_amount(const char *text, const char *fmt, ...)
{
    char why[160], q[80];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(why, sizeof why, fmt, ap);
    va_end(ap);
    sup__quote_text(q, sizeof q, text);
    return sup__fail(SUP_EMONEY, "invalid amount %s: %s", q, why);
}

/* Strip a currency written after the number ("руб.", "руб", "р.", "р", "₽") and the blanks before it. */
static void strip_currency(const char *s, const char **end)
{
    static const char *const names[] = {"руб.", "руб", "р.", "р", "₽"};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        size_t n = strlen(names[i]);
        if ((size_t)(*end - s) >= n && memcmp(*end - n, names[i], n) == 0) {
            *end -= n;
            rtrim_blanks(s, end, true);
            return;
        }
    }
}

/* The count of c in [s, end). */
static size_t count_char(const char *s, const char *end, char c)
{
    size_t n = 0;
    for (; s < end; s++)
        n += *s == c;
    return n;
}

int sup_money_parse_import(const char *text, sup_money *out)
{
    SUP__CHECK_ARG(out, "sup_money_parse_import");
    SUP__CHECK_ARG(text, "sup_money_parse_import");
    const char *s, *end;
    trim_blanks(text, true, &s, &end);
    strip_currency(s, &end);
    if (s == end)
        return bad_amount(text, "no digits");
    size_t dots = count_char(s, end, '.'), commas = count_char(s, end, ',');
    if (dots > 0 && commas > 0)
        return bad_amount(text, "both \".\" and \",\": ambiguous; separate thousands with spaces and the kopecks "
                                "with one \",\" or \".\"");
    if (dots + commas > 1)
        return bad_amount(text, "more than one decimal separator; separate thousands with spaces");
    bool negative = false;
    if (*s == '-') {
        negative = true;
        s++;
    } else if (end - s >= 3 && memcmp(s, "\xE2\x88\x92", 3) == 0) { /* U+2212 minus sign */
        negative = true;
        s += 3;
    }
    uint64_t rubles = 0;
    bool overflow = false;
    int ndigits = 0, group = 0, groups = 0;
    for (;;) {
        if (s < end && *s >= '0' && *s <= '9') {
            if (rubles > (UINT64_MAX - 9) / 10)
                overflow = true;
            else
                rubles = rubles * 10 + (uint64_t)(*s - '0');
            s++;
            ndigits++;
            group++;
            continue;
        }
        size_t blank = s < end ? blank_at(s, true) : 0;
        if (blank == 0 || group == 0 || s + blank >= end || s[blank] < '0' || s[blank] > '9')
            break;
        /* a blank between digits: groups of three, the first of one to three */
        if (groups == 0 ? group > 3 : group != 3)
            return bad_amount(text, "digits are grouped by three between the spaces (1 998 000)");
        groups++;
        group = 0;
        s += blank;
    }
    if (groups > 0 && group != 3)
        return bad_amount(text, "digits are grouped by three between the spaces (1 998 000)");
    if (ndigits == 0)
        return bad_amount(text, "expected digits, like 1998 or 1 998,50");
    int kop = 0;
    if (s < end && (*s == '.' || *s == ',')) {
        s++;
        int ndec = 0;
        for (; s < end && *s >= '0' && *s <= '9'; s++, ndec++)
            kop = ndec < 2 ? kop * 10 + (*s - '0') : kop;
        if (ndec == 0)
            return bad_amount(text, "no digits after the decimal separator");
        if (ndec > 2)
            return bad_amount(text, "%d decimal places, at most 2 (kopecks); if \"%c\" separates thousands here, "
                                    "write a space instead", ndec, s[-ndec - 1]);
        if (ndec == 1)
            kop *= 10;
    }
    if (s != end) {
        /* the next three characters, whole (UTF-8) */
        char rest[16] = {0};
        size_t n = 0;
        for (int chars = 0; chars < 3 && s + n < end; chars++) {
            unsigned char c = (unsigned char)s[n];
            size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
            if (s + n + len > end)
                len = (size_t)(end - (s + n));
            n += len;
        }
        memcpy(rest, s, n);
        char q[40];
        sup__quote_text(q, sizeof q, rest);
        return bad_amount(text, "unexpected %s; expected digits, spaces, one decimal separator and \"руб.\"", q);
    }
    if (overflow || rubles > (uint64_t)(INT64_MAX / 100) ||
        (rubles == (uint64_t)(INT64_MAX / 100) && kop > INT64_MAX % 100))
        return bad_amount(text, "too large");
    int64_t v = (int64_t)rubles * 100 + kop;
    *out = negative ? -v : v;
    return SUP_OK;
}
