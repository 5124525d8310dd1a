/*
 * libsupport internals: dates: inline YYYYMMDD arithmetic for the hot paths and helpers (date.c). Not installed;
 * every name is hidden (sup__ or static).
 */
#ifndef LIBSUPPORT_DATE_INTERNAL_H
#define LIBSUPPORT_DATE_INTERNAL_H

#include "libsupport/common.h"
#include "libsupport/date.h"

#include <stdbool.h>
#include <stdint.h>

/* ---- dates (date.c) ------------------------------------------------------ */
/* Parts of a YYYYMMDD date, inlined in the library's hot paths. */
/* (unsigned arithmetic: division by a constant is then a plain multiply; callers
 * pass dates >= 0, and a negative value still yields an out-of-range part) */
static inline int sup__year(sup_date d) { return (int)((uint32_t)d / 10000u); }
static inline int sup__month(sup_date d) { return (int)((uint32_t)d / 100u % 100u); }
static inline int sup__day(sup_date d) { return (int)((uint32_t)d % 100u); }
static inline bool sup__is_leap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }
/** Days in month m (1…12) of year y, for arguments known to be in range. */
static inline int sup__dim(int y, int m)
{
    static const unsigned char days[12] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return (m == 2 && sup__is_leap(y)) ? 29 : days[m - 1];
}
/** Year, month and day of a YYYYMMDD date >= 0, with two divisions by constants. */
static inline void sup__ymd(sup_date d, int *y, int *m, int *day)
{
    uint32_t u = (uint32_t)d, ym = u / 100u, yy = ym / 100u;
    *day = (int)(u - ym * 100u);
    *m = (int)(ym - yy * 100u);
    *y = (int)yy;
}
/** 1 if d is a valid date in range. */
static inline bool sup__date_ok(sup_date d)
{
    if (d < SUP_DATE_MIN || d > SUP_DATE_MAX)
        return false;
    int y, m, day;
    sup__ymd(d, &y, &m, &day);
    return m >= 1 && m <= 12 && day >= 1 && day <= sup__dim(y, m);
}
/** ISO text of a valid date, or the raw integer of an invalid one, for messages. */
void sup__date_str(sup_date d, char buf[24]);
/** Why year-month-day is not a valid date ("February 2026 has 28 days") in buf, or NULL if it is one. */
const char *sup__date_explain(int year, int month, int day, char *buf, size_t n);
/** SUP_EDATE with a message "<what>: invalid date …" (d invalid). */
int sup__bad_date(sup_date d, const char *what);
/** SUP_OK if d is valid, else SUP_EDATE with a message "<what>: invalid date …". */
static inline int sup__check_date(sup_date d, const char *what)
{
    return sup__date_ok(d) ? SUP_OK : sup__bad_date(d, what);
}
/** Days since 1970-01-01 of a valid date. */
int32_t sup__date_to_serial(sup_date d);
/** The date of a serial day (must be in range). */
sup_date sup__date_from_serial(int32_t serial);
/** add_months on a date known to be valid; returns false if the result is out of range. */
static inline bool sup__add_months(sup_date d, int months, sup_date *out)
{
    int y0, m0, day;
    sup__ymd(d, &y0, &m0, &day);
    long idx = (long)y0 * 12 + (m0 - 1) + (long)months;
    if (idx < 1900L * 12 || idx > 9999L * 12 + 11)
        return false;
    unsigned long uidx = (unsigned long)idx;
    int y = (int)(uidx / 12u), m = (int)(uidx % 12u) + 1;
    int dim = sup__dim(y, m);
    *out = (sup_date)(y * 10000 + m * 100 + (day > dim ? dim : day));
    return true;
}
/** add_months, saturating at SUP_DATE_MAX when the result is out of range (for window ends). */
static inline sup_date sup__add_months_sat(sup_date d, int months)
{
    sup_date r;
    if (sup__add_months(d, months, &r))
        return r;
    return months >= 0 ? SUP_DATE_MAX : SUP_DATE_MIN;
}
/** The day before a valid date > SUP_DATE_MIN. */
sup_date sup__prev_day(sup_date d);

#endif /* LIBSUPPORT_DATE_INTERNAL_H */
