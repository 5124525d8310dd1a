/*
 * libsupport internals shared by the library's own sources. Not installed.
 * Every function here has hidden visibility (the library is compiled with
 * -fvisibility=hidden and only SUP_API names are exported).
 */
#ifndef LIBSUPPORT_INTERNAL_H
#define LIBSUPPORT_INTERNAL_H

#include "libsupport.h"

#include <stdbool.h>

#if defined(__GNUC__)
#  define SUP__PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#  define SUP__PRINTF(f, a)
#endif

/* ---- errors (error.c) ---------------------------------------------------- */
/** Record an error for this thread and return `code`. */
int sup__fail(int code, const char *fmt, ...) SUP__PRINTF(2, 3);
#ifdef __clang_analyzer__
/* For clang-tidy's static analyzer (scripts/static-analysis.sh) only: sup__fail
 * returns its code. The analyzer does not see error.c while it checks another
 * file, so without this it assumes a failure may return SUP_OK and reports
 * NULL dereferences and garbage values on paths that cannot happen. */
#  define sup__fail(code, ...) (sup__fail((code), __VA_ARGS__), (code))
#endif
/** Check a pointer argument; SUP_EINVAL naming it if NULL. */
#define SUP__CHECK_ARG(p, fn) \
    do { if ((p) == NULL) return sup__fail(SUP_EINVAL, "%s: argument '%s' is NULL", (fn), #p); } while (0)

/** Write `text` for an error message: quoted, shortened, non-printables escaped. */
void sup__quote_text(char *buf, size_t bufsize, const char *text);

/* ---- UTF-8 and code points (utf8.c: pure, records no errors) -------------- */
/** The code point at s[0..len): its length in bytes (1…4), or 0 if the bytes are not well-formed UTF-8. */
size_t sup__utf8_decode(const char *s, size_t len, uint32_t *cp);
/** 1 if s[0..len) is well-formed UTF-8 (no overlongs, no surrogates), else 0. */
bool sup__utf8_valid(const char *s, size_t len);
/** What a code point is to the text rules. */
typedef enum sup__cp_class {
    SUP__CP_TEXT = 0,       /**< allowed */
    SUP__CP_LINE_BREAK = 1, /**< \n \r \t: allowed in multi-line text only */
    SUP__CP_C0 = 2,         /**< the other C0 controls and DEL */
    SUP__CP_C1 = 3,         /**< U+0080…U+009F */
    SUP__CP_BIDI = 4        /**< bidi embeddings, overrides, isolates: U+202A…U+202E, U+2066…U+2069 */
} sup__cp_class;
sup__cp_class sup__codepoint_class(uint32_t cp);
/** The Unicode name (alias) of a refused code point ("RIGHT-TO-LEFT OVERRIDE"), "" for others. */
const char *sup__codepoint_name(uint32_t cp);

/* ---- text (text.c) ------------------------------------------------------ */
#define SUP__TEXT_MULTILINE 0x1u /**< allow \n, \r and \t */
/**
 * The one check of text the library stores or shows (names, codes, notes,
 * contact values …): non-NULL, non-empty, at most `max` bytes, well-formed
 * UTF-8, and none of the C0 controls (but \n \r \t with SUP__TEXT_MULTILINE),
 * DEL, the C1 controls U+0080…U+009F or the bidi controls U+202A…U+202E,
 * U+2066…U+2069. SUP_EINVAL naming `what`, the value and the code point.
 */
int sup__check_text(const char *s, size_t max, unsigned flags, const char *what);
/** malloc'ed copy of s, or NULL. */
char *sup__strdup(const char *s);

/** Strip spaces, tabs (and a trailing \r) from both ends, in place. */
char *sup__trim(char *s);
/** Called for each "key = value" line with both sides trimmed (writable, in a private copy). */
typedef int (*sup__kv_fn)(void *ctx, int lineno, char *key, char *value);
/**
 * Read a "key = value" text form (policy, schedule): checks UTF-8, skips blank
 * lines and '#' comments, and calls fn for each line until it returns an error.
 * `what` names the form in messages ("policy line 3: …").
 */
int sup__parse_kv(const char *text, const char *what, sup__kv_fn fn, void *ctx);

/** A growable string; `failed` latches the first allocation failure. */
typedef struct sup__buf {
    char *data;
    size_t len;
    size_t cap;
    bool failed;
} sup__buf;
void sup__buf_put(sup__buf *b, const char *s);
void sup__buf_putn(sup__buf *b, const char *s, size_t n);
void sup__buf_printf(sup__buf *b, const char *fmt, ...) SUP__PRINTF(2, 3);
/** Hand the string over (caller frees with sup_free) or SUP_ENOMEM; the buffer is reset. */
int sup__buf_finish(sup__buf *b, char **out);
void sup__buf_dispose(sup__buf *b);

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

/* ---- money (money.c) ------------------------------------------------------ */
/**
 * The fee rounding of sup_money_fee for inputs already known to be valid
 * (price >= 0, rate 0…10000, unit 1…SUP_ROUNDING_UNIT_MAX, a known mode):
 * false on overflow of price × rate. Inline for the quote's hot path.
 */
static inline bool sup__fee(sup_money price, sup_rate rate_bp, sup_money unit, sup_rounding_mode mode, sup_money *out)
{
    int64_t product;
#if defined(__GNUC__)
    if (__builtin_mul_overflow(price, (int64_t)rate_bp, &product))
        return false;
#else
    if (rate_bp != 0 && price > INT64_MAX / rate_bp)
        return false;
    product = price * rate_bp;
#endif
    /* The exact fee is product / 10000 kopecks; round it to a multiple of `unit`. */
    int64_t divisor = (int64_t)10000 * unit, q, r;
    if (unit == 100) { /* the default: a constant divisor becomes a multiplication */
        q = product / 1000000;
        r = product % 1000000;
    } else {
        q = product / divisor;
        r = product % divisor;
    }
    switch (mode) {
    case SUP_ROUND_HALF_UP:
        q += r >= divisor - r;
        break;
    case SUP_ROUND_HALF_EVEN:
        q += r > divisor - r || (r == divisor - r && (q % 2) != 0);
        break;
    case SUP_ROUND_UP:
        q += r > 0;
        break;
    case SUP_ROUND_DOWN:
        break;
    }
    *out = q * unit;
    return true;
}

/* ---- policy (policy.c) ---------------------------------------------------- */
struct sup__contact {
    sup_contact_kind kind;
    const char *value; /* owned (malloc) except in the static default policy */
};

struct sup_policy {
    sup_rate preferential_rate;
    sup_rate standard_rate;
    int grace_months;
    int renewal_months;
    int default_support_months;
    sup_money rounding_unit;
    sup_rounding_mode rounding_mode;
    int phone_support;
    struct sup__contact *contacts;
    size_t contact_count;
    size_t contact_cap;
};

/** SUP_OK if `value` may be a contact channel's value (non-empty, one line of UTF-8, bounded), else SUP_EINVAL. */
int sup__check_contact_value(const char *value);

/** The built-in default policy (read-only, static storage). */
const sup_policy *sup__default_policy(void);

/** A policy version: the policy in force from `effective` until the next version. */
typedef struct sup__policy_version {
    sup_date effective;
    const sup_policy *policy;
} sup__policy_version;

/* ---- products (product.c) ------------------------------------------------ */
struct sup__price {
    sup_date effective;
    sup_money price;
};

struct sup_product {
    sup_license_kind kind;
    int support_months;
    struct sup__price *prices; /* sorted by effective date, unique dates */
    size_t price_count;
    size_t price_cap;
};

/** Index of the price in force on `on`, or (size_t)-1 if none. */
size_t sup__product_price_index(const sup_product *product, sup_date on);

/* ---- licenses (license.c) ------------------------------------------------ */
struct sup__event {
    sup_event_kind kind;
    sup_date on;
    sup_date until;
    sup_money paid;
};

struct sup_license {
    sup_license_kind kind;
    int term_months; /* perpetual: support term of the purchase; subscription: period */
    struct sup__event *events; /* events[0] is the purchase; date order */
    size_t event_count;
    size_t event_cap;
};

struct sup_quote {
    sup_quote_kind kind;
    sup_date on;
    sup_rate rate;
    sup_money list_price;
    sup_money fee;
    sup_date support_until;
    sup_date new_support_until;
    sup_date valid_through;
};

struct sup_status {
    sup_state state;
    sup_date on;
    sup_date support_until;
    sup_date preferential_until;
    int can_use;
    int can_consult;
    int can_get_new_versions;
    int can_propose_ideas;
};

/** The index of the version in force on `on` (the last with effective <= on), or (size_t)-1. */
static inline size_t sup__version_index(const sup__policy_version *versions, size_t nversions, sup_date on)
{
    size_t i = (size_t)-1;
    for (size_t k = 0; k < nversions && versions[k].effective <= on; k++)
        i = k;
    return i;
}
/** The same, failing with SUP_ENOTFOUND "no policy in force on …" when there is none. */
int sup__version_at(const sup__policy_version *versions, size_t nversions, sup_date on, size_t *index);

/**
 * The renewal quote with policy versions (sorted by effective date): each day
 * is priced by the version in force on it. Used by the public single-policy
 * functions and by the ledger.
 */
int sup__license_quote_versions(const sup_license *license, const sup_product *product,
                                const sup__policy_version *versions, size_t nversions, sup_date on,
                                sup_quote *quote);
int sup__license_renew_versions(sup_license *license, const sup_product *product,
                                const sup__policy_version *versions, size_t nversions, sup_date on,
                                sup_money paid, sup_quote *applied);
/** Append an event without checks beyond date order (for restoring stored history). */
int sup__license_push_event(sup_license *license, sup_event_kind kind, sup_date on, sup_date until,
                            sup_money paid);

/* ---- offers (offer.c) ---------------------------------------------------- */
struct sup_offer {
    sup_offer_kind kind;
    sup_offer_reason reason;
    sup_date on;
    sup_quote quote; /* meaningful when kind != SUP_OFFER_NONE */
};

/** Reset to "no offer" on `on` for `reason` (SUP_OFFER_REASON_NONE: not filled yet). */
void sup__offer_none(sup_offer *offer, sup_date on, sup_offer_reason reason);
/** An offer of `kind` with `quote` (copied). */
void sup__offer_set(sup_offer *offer, sup_offer_kind kind, const sup_quote *quote);
/**
 * The reason for no offer when a quote on a valid, owned date failed with `rc`:
 * SUP_OFFER_REASON_OUT_OF_CALENDAR for SUP_EDATE, FEE_OVERFLOW for SUP_EMONEY,
 * else SUP_OFFER_REASON_NONE (a real failure).
 */
sup_offer_reason sup__offer_reason_for(int rc);
/** sup_license_offer with policy versions (those of sup__license_quote_versions). */
int sup__license_offer_versions(const sup_license *license, const sup_product *product,
                                const sup__policy_version *versions, size_t nversions, sup_date on, sup_offer *offer);

/* ---- labels and phrases (label.c), shared with the notices ---------------- */
/** Append "10.02.2027 включительно" / "2027-02-10" (a valid date; language RU or EN). */
int sup__put_date_inclusive(sup__buf *b, sup_date d, sup_lang lang);
/** Append "до 10.02.2027 включительно" / "through 2027-02-10". */
int sup__put_through(sup__buf *b, sup_date d, sup_lang lang);
/** Append how long a quote's price holds (sup_render_validity). */
int sup__put_validity(sup__buf *b, const sup_quote *q, sup_lang lang);
/** Append the no-offer sentence for `reason` (sup_render_no_offer). */
void sup__put_no_offer(sup__buf *b, sup_offer_reason reason, sup_lang lang);
/** Append a contact channel line (sup_render_contact), the value already checked. */
void sup__put_contact(sup__buf *b, sup_contact_kind kind, const char *value, sup_lang lang);

/* ---- notices (notice.c, notice_plural.c, notice_schedule.c) ------------- */
/** The word for n days or months in the right plural form (lang and unit must be valid). */
const char *sup__count_word(sup_lang lang, sup_count_unit unit, int64_t n);
/**
 * The policy in force on `on` among `versions` (sorted by effective date), or
 * NULL after SUP_ENOTFOUND "no policy in force on …". NULL versions with
 * nversions 0 is the same error.
 */
const sup_policy *sup__notice_policy_on(const sup__policy_version *versions, size_t nversions, sup_date on);
/**
 * sup_notice_render with policy versions: the status, the quote and the
 * contact channels use the version in force on `on` (the quote walks later
 * versions for valid_through, as sup__license_quote_versions does).
 */
int sup__notice_render_versions(const sup_notice *notice, const sup_license *license, const sup_product *product,
                                const sup__policy_version *versions, size_t nversions, sup_date on, char **out);
/** sup_schedule_due with policy versions (the version in force on `on` decides the window). */
int sup__schedule_due_versions(const sup_schedule *schedule, const sup_license *license,
                               const sup__policy_version *versions, size_t nversions, sup_date on,
                               sup_notice_kind *out);

#endif /* LIBSUPPORT_INTERNAL_H */
