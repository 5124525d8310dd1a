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

/* ---- text (text.c) ------------------------------------------------------ */
/** 1 if s[0..len) is well-formed UTF-8 (no overlongs, no surrogates), else 0. */
bool sup__utf8_valid(const char *s, size_t len);
/** The offset of the first byte of s[0..len) that does not start a well-formed UTF-8 sequence, or len. */
size_t sup__utf8_check(const char *s, size_t len);
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

/**
 * A set of entry indices, hashed by the caller (duplicate keys in the bank
 * statement and settings parsers: linear time on large inputs). Zero-initialise;
 * sup__hset_dispose frees it.
 */
struct sup__hslot {
    uint64_t hash;
    size_t entry; /* entry index + 1; 0: empty slot */
};
typedef struct sup__hset {
    struct sup__hslot *slots;
    size_t cap; /* a power of two, or 0 */
    size_t count;
} sup__hset;
/** true if entries a and b have equal keys. */
typedef bool (*sup__hset_eq)(const void *ctx, size_t a, size_t b);
/** FNV-1a over n bytes, continuing from h (start with SUP__HASH_INIT). */
#define SUP__HASH_INIT 0xCBF29CE484222325u
uint64_t sup__hash_bytes(uint64_t h, const char *s, size_t n);
/**
 * Add `entry`: SUP_OK, SUP_ECONFLICT with *existing = the earlier entry of an
 * equal key (nothing added), or SUP_ENOMEM. Sets no error message.
 */
int sup__hset_insert(sup__hset *h, uint64_t hash, size_t entry, sup__hset_eq eq, const void *ctx, size_t *existing);
/** Empty the set (keeps small tables, frees large ones). */
void sup__hset_clear(sup__hset *h);
void sup__hset_dispose(sup__hset *h);

/* ---- e-mail (requisites.c) ------------------------------------------------- */
/** The look-up key of `addr` under sup_email_equal's rule (malloc'ed): equal keys exactly for equal mailboxes. */
int sup__email_key(const char *addr, char **out);

/* ---- single-byte code pages (cp1251.c, cp866.c) --------------------------- */
/**
 * Decode bytes of a single-byte code page whose upper half (0x80…0xFF) maps to
 * the code points of `upper` (0: no character) into a malloc'ed, NUL-terminated
 * UTF-8 string. Bytes below 0x80 are ASCII. SUP_OK with *out and *out_len;
 * SUP_EPARSE with *bad_at = the offset of the first unmapped byte; SUP_ENOMEM.
 * Sets no error message (the caller knows the line and the file).
 */
int sup__sbcs_to_utf8(const uint16_t upper[128], const char *in, size_t len, char **out, size_t *out_len,
                      size_t *bad_at);
/** The code point of a Windows-1251 byte (0: 0x98, the one unmapped byte). */
uint32_t sup__cp1251_codepoint(unsigned char c);
/** sup__sbcs_to_utf8 with the complete Windows-1251 table (0x98 is unmapped). */
int sup__cp1251_to_utf8(const char *in, size_t len, char **out, size_t *out_len, size_t *bad_at);
/** sup__sbcs_to_utf8 with the complete CP866 ("DOS", "альтернативная") table; every byte maps. */
int sup__cp866_to_utf8(const char *in, size_t len, char **out, size_t *out_len, size_t *bad_at);

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
/** Why year-month-day is not a valid date ("February 2026 has 28 days") in buf, or NULL if it is one. */
const char *sup__date_explain(int year, int month, int day, char *buf, size_t n);
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
/** SUP_OK if a reminder of `kind` fits the status on `on` (else SUP_ESTATE with the reason): the rule of
 *  sup_notice_render, for the ledger's retries of failed reminders (ledger_sends.c). */
int sup__notice_kind_fits(sup_notice_kind kind, const sup_status *st, bool perpetual, sup_date on);
/** The subject line of a notice (sup_notice_subject) with every policy version, as sup__notice_render_versions. */
int sup__notice_subject_versions(const sup_notice *notice, const sup_license *license, const sup_product *product,
                                 const sup__policy_version *versions, size_t nversions, sup_date on, char **out);
/** sup_schedule_due with policy versions (the version in force on `on` decides the window). */
int sup__schedule_due_versions(const sup_schedule *schedule, const sup_license *license,
                               const sup__policy_version *versions, size_t nversions, sup_date on,
                               sup_notice_kind *out);

#endif /* LIBSUPPORT_INTERNAL_H */
