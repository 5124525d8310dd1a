/*
 * libsupport — civil dates (Civil Code of the Russian Federation, art. 191–192).
 * A sup_date is the integer YYYYMMDD; see common.h.
 */
#ifndef LIBSUPPORT_DATE_H
#define LIBSUPPORT_DATE_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Text styles of a date. */
typedef enum sup_date_style {
    SUP_DATE_ISO = 0, /**< "2026-01-31": always accepted and printed by machines */
    SUP_DATE_RU = 1   /**< "31.01.2026": Russian customer-facing text */
} sup_date_style;

/** Buffer size that holds any formatted date with its terminating NUL. */
#define SUP_DATE_BUFSIZE 11

/** 1 if d is a valid date in 1900-01-01 … 9999-12-31, else 0. Never fails. */
SUP_API int sup_date_is_valid(sup_date d);

/** Build a date from its parts, checking them. SUP_EDATE if there is no such date. */
SUP_API SUP_NODISCARD int sup_date_make(int year, int month, int day, sup_date *out);

/** The parts of a valid date (unspecified for an invalid one). */
SUP_API int sup_date_year(sup_date d);
SUP_API int sup_date_month(sup_date d);
SUP_API int sup_date_day(sup_date d);

/**
 * Parse "YYYY-MM-DD" or "DD.MM.YYYY" (exactly; no spaces, no time part).
 * SUP_EDATE with a message quoting the text on anything else.
 */
SUP_API SUP_NODISCARD int sup_date_parse(const char *text, sup_date *out);

/**
 * Parse a date as spreadsheets and 1C write it in files to import (CSV cells):
 *  - "DD.MM.YYYY" or with one-digit day and month, "D.M.YYYY" ("5.3.2026");
 *  - ISO "YYYY-MM-DD";
 *  - either followed by a time of day that is checked and ignored, as 1C and
 *    Excel export date-time cells: "31.01.2026 0:00:00", "2026-01-31T14:05"
 *    (H:MM or H:MM:SS; "T" only after the ISO form);
 *  - spaces, tabs and U+00A0 around it are ignored.
 * Two-digit years ("05.03.26") are refused, not guessed. A date that does not
 * exist gets the messages of sup_date_parse(): "invalid date "30.02.2026":
 * February 2026 has 28 days". SUP_EDATE; *out is written only on success.
 */
SUP_API SUP_NODISCARD int sup_date_parse_import(const char *text, sup_date *out);

/** Write d in the given style into buf (at least SUP_DATE_BUFSIZE bytes). */
SUP_API SUP_NODISCARD int sup_date_format(sup_date d, sup_date_style style, char *buf, size_t bufsize);

/**
 * Art. 192: the same day number n months later (n may be negative);
 * if that month has no such day, its last day. 2026-01-31 + 1 = 2026-02-28.
 * SUP_EDATE if d is invalid or the result leaves the valid range.
 */
SUP_API SUP_NODISCARD int sup_date_add_months(sup_date d, int months, sup_date *out);

/** d plus n days (n may be negative). SUP_EDATE if invalid or out of range. */
SUP_API SUP_NODISCARD int sup_date_add_days(sup_date d, int32_t days, sup_date *out);

/** The number of days from `from` to `to` (negative if `to` is earlier). */
SUP_API SUP_NODISCARD int sup_date_diff_days(sup_date from, sup_date to, int32_t *days);

/** -1, 0 or 1 as a is before, equal to or after b (plain integer order). */
SUP_API int sup_date_compare(sup_date a, sup_date b);

/** The number of days in the given month (0 if year or month is out of range). */
SUP_API int sup_date_days_in_month(int year, int month);

#ifdef __cplusplus
}
#endif
#endif /* LIBSUPPORT_DATE_H */
