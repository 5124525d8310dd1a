/* libsupport — civil dates as YYYYMMDD integers. */
#include "libsupport/date.h"
#include "date_internal.h"
#include "error_internal.h"

#include <stdio.h>
#include <string.h>

static const char *const month_names[12] = {"January", "February", "March",     "April",   "May",      "June",
                                            "July",    "August",   "September", "October", "November", "December"};

int sup_date_days_in_month(int year, int month)
{
    if (year < 1900 || year > 9999 || month < 1 || month > 12)
        return 0;
    return sup__dim(year, month);
}

int sup_date_year(sup_date d) { return sup__year(d); }
int sup_date_month(sup_date d) { return sup__month(d); }
int sup_date_day(sup_date d) { return sup__day(d); }

int sup_date_is_valid(sup_date d) { return sup__date_ok(d); }

/* Why the parts do not make a date, for messages; NULL if they do. */
static const char *explain_parts(int y, int m, int d, char *buf, size_t n)
{
    if (y < 1900 || y > 9999) {
        snprintf(buf, n, "year %d is outside 1900…9999", y);
        return buf;
    }
    if (m < 1 || m > 12) {
        snprintf(buf, n, "month %d is not 1…12", m);
        return buf;
    }
    int dim = sup_date_days_in_month(y, m);
    if (d < 1 || d > dim) {
        snprintf(buf, n, "%s %d has %d days", month_names[m - 1], y, dim);
        return buf;
    }
    return NULL;
}

const char *sup__date_explain(int year, int month, int day, char *buf, size_t n)
{
    return explain_parts(year, month, day, buf, n);
}

void sup__date_str(sup_date d, char buf[24])
{
    if (sup__date_ok(d))
        snprintf(buf, 24, "%04d-%02d-%02d", sup__year(d), sup__month(d), sup__day(d));
    else
        snprintf(buf, 24, "%ld", (long)d);
}

int sup__bad_date(sup_date d, const char *what)
{
    char why[64];
    if (d < 0 || d > 99999999)
        snprintf(why, sizeof why, "not a YYYYMMDD number");
    else if (explain_parts(sup__year(d), sup__month(d), sup__day(d), why, sizeof why) == NULL)
        snprintf(why, sizeof why, "outside 1900-01-01…9999-12-31");
    return sup__fail(SUP_EDATE, "%s: invalid date %ld (%s)", what, (long)d, why);
}

int sup_date_make(int year, int month, int day, sup_date *out)
{
    SUP__CHECK_ARG(out, "sup_date_make");
    char why[64];
    if (explain_parts(year, month, day, why, sizeof why) != NULL)
        return sup__fail(SUP_EDATE, "invalid date %d-%d-%d: %s", year, month, day, why);
    *out = (sup_date)(year * 10000 + month * 100 + day);
    return SUP_OK;
}

/* Days from civil (H. Hinnant's algorithm), for years >= 0. */
int32_t sup__date_to_serial(sup_date d)
{
    int y = sup__year(d);
    unsigned m = (unsigned)sup__month(d), day = (unsigned)sup__day(d);
    y -= m <= 2;
    int era = y / 400;
    unsigned yoe = (unsigned)(y - era * 400);
    unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + day - 1;
    unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return (int32_t)(era * 146097 + (int)doe - 719468);
}

sup_date sup__date_from_serial(int32_t serial)
{
    int32_t z = serial + 719468;
    int32_t era = z / 146097; /* z >= 0 for every year >= 0 */
    unsigned doe = (unsigned)(z - era * 146097);
    unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    int y = (int)yoe + era * 400;
    unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    unsigned mp = (5 * doy + 2) / 153;
    unsigned day = doy - (153 * mp + 2) / 5 + 1;
    unsigned m = mp < 10 ? mp + 3 : mp - 9;
    y += m <= 2;
    return (sup_date)(y * 10000 + (int)m * 100 + (int)day);
}

sup_date sup__prev_day(sup_date d)
{
    int day = sup__day(d);
    if (day > 1)
        return d - 1;
    int y = sup__year(d), m = sup__month(d) - 1;
    if (m == 0) {
        m = 12;
        y--;
    }
    return (sup_date)(y * 10000 + m * 100 + sup__dim(y, m));
}

int sup_date_add_months(sup_date d, int months, sup_date *out)
{
    SUP__CHECK_ARG(out, "sup_date_add_months");
    int rc = sup__check_date(d, "sup_date_add_months");
    if (rc != SUP_OK)
        return rc;
    if (!sup__add_months(d, months, out)) {
        char b[24];
        sup__date_str(d, b);
        return sup__fail(SUP_EDATE, "%s %+d months is outside 1900-01-01…9999-12-31", b, months);
    }
    return SUP_OK;
}

int sup_date_add_days(sup_date d, int32_t days, sup_date *out)
{
    SUP__CHECK_ARG(out, "sup_date_add_days");
    int rc = sup__check_date(d, "sup_date_add_days");
    if (rc != SUP_OK)
        return rc;
    const int32_t lo = sup__date_to_serial(SUP_DATE_MIN), hi = sup__date_to_serial(SUP_DATE_MAX);
    int64_t s = (int64_t)sup__date_to_serial(d) + days;
    if (s < lo || s > hi) {
        char b[24];
        sup__date_str(d, b);
        return sup__fail(SUP_EDATE, "%s %+ld days is outside 1900-01-01…9999-12-31", b, (long)days);
    }
    *out = sup__date_from_serial((int32_t)s);
    return SUP_OK;
}

int sup_date_diff_days(sup_date from, sup_date to, int32_t *days)
{
    SUP__CHECK_ARG(days, "sup_date_diff_days");
    int rc = sup__check_date(from, "sup_date_diff_days: from");
    if (rc == SUP_OK)
        rc = sup__check_date(to, "sup_date_diff_days: to");
    if (rc != SUP_OK)
        return rc;
    *days = sup__date_to_serial(to) - sup__date_to_serial(from);
    return SUP_OK;
}

int sup_date_compare(sup_date a, sup_date b) { return (a > b) - (a < b); }

static bool digits(const char *s, size_t n, int *value)
{
    int v = 0;
    for (size_t i = 0; i < n; i++) {
        if (s[i] < '0' || s[i] > '9')
            return false;
        v = v * 10 + (s[i] - '0');
    }
    *value = v;
    return true;
}

int sup_date_parse(const char *text, sup_date *out)
{
    SUP__CHECK_ARG(out, "sup_date_parse");
    SUP__CHECK_ARG(text, "sup_date_parse");
    char q[80];
    int y = 0, m = 0, d = 0;
    size_t len = 0;
    while (len < 11 && text[len] != '\0')
        len++;
    bool ok = false;
    if (len == 10 && text[4] == '-' && text[7] == '-')
        ok = digits(text, 4, &y) && digits(text + 5, 2, &m) && digits(text + 8, 2, &d);
    else if (len == 10 && text[2] == '.' && text[5] == '.')
        ok = digits(text, 2, &d) && digits(text + 3, 2, &m) && digits(text + 6, 4, &y);
    if (!ok) {
        sup__quote_text(q, sizeof q, text);
        return sup__fail(SUP_EDATE, "invalid date %s: expected YYYY-MM-DD or DD.MM.YYYY", q);
    }
    char why[64];
    if (explain_parts(y, m, d, why, sizeof why) != NULL) {
        sup__quote_text(q, sizeof q, text);
        return sup__fail(SUP_EDATE, "invalid date %s: %s", q, why);
    }
    *out = (sup_date)(y * 10000 + m * 100 + d);
    return SUP_OK;
}

int sup_date_format(sup_date d, sup_date_style style, char *buf, size_t bufsize)
{
    SUP__CHECK_ARG(buf, "sup_date_format");
    int rc = sup__check_date(d, "sup_date_format");
    if (rc != SUP_OK)
        return rc;
    if (bufsize < SUP_DATE_BUFSIZE)
        return sup__fail(SUP_EBUFFER, "sup_date_format: buffer of %zu bytes, need %d", bufsize, SUP_DATE_BUFSIZE);
    switch (style) {
    case SUP_DATE_ISO:
        snprintf(buf, bufsize, "%04d-%02d-%02d", sup__year(d), sup__month(d), sup__day(d));
        return SUP_OK;
    case SUP_DATE_RU:
        snprintf(buf, bufsize, "%02d.%02d.%04d", sup__day(d), sup__month(d), sup__year(d));
        return SUP_OK;
    }
    return sup__fail(SUP_EINVAL, "sup_date_format: unknown style %d", (int)style);
}
