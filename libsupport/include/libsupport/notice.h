/*
 * libsupport — customer notices: the text a customer reads about a license on
 * a date (website and reminder e-mails), Russian plural forms, and the
 * reminder schedule ("which notice is due today").
 *
 * Every fact in a notice comes from the core: the status from
 * sup_license_status, the offer from sup_license_quote (perpetual) or
 * sup_license_quote_payment (subscription), amounts from sup_money_format,
 * dates from sup_date_format, contact channels and phone support from the
 * policy. A notice never recomputes a rule.
 *
 * Russian (the default): dates DD.MM.YYYY, amounts "1 998 руб." with U+00A0
 * between thousands, CLDR plural forms (1 день, 2 дня, 5 дней). English: ISO
 * dates, "1,998 RUB". Output is UTF-8, as plain text or as an HTML fragment in
 * which every piece of text is escaped (& < > " ').
 */
#ifndef LIBSUPPORT_NOTICE_H
#define LIBSUPPORT_NOTICE_H

#include "common.h"
#include "license.h"
#include "policy.h"
#include "product.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- language, plural forms ---------------------------------------------- */

/** The language of customer-facing text. */
typedef enum sup_lang {
    SUP_LANG_RU = 0, /**< Russian (the default) */
    SUP_LANG_EN = 1  /**< English */
} sup_lang;

/** "ru", "en" ("" for an unknown language). */
SUP_API const char *sup_lang_name(sup_lang lang);
/** The language for "ru" or "en"; SUP_EINVAL otherwise. */
SUP_API SUP_NODISCARD int sup_lang_from_name(const char *name, sup_lang *out);

/** CLDR plural categories (only those the supported languages use for whole numbers). */
typedef enum sup_plural {
    SUP_PLURAL_OTHER = 0, /**< English "2 days"; never returned for Russian whole numbers */
    SUP_PLURAL_ONE = 1,   /**< ru: 1, 21, 101 … (день, месяц); en: 1 */
    SUP_PLURAL_FEW = 2,   /**< ru: 2–4, 22–24 … (дня, месяца) */
    SUP_PLURAL_MANY = 3   /**< ru: 0, 5–20, 25–30, 111 … (дней, месяцев) */
} sup_plural;

/**
 * The CLDR plural category of the whole number n in Russian:
 * one if n%10 == 1 and n%100 != 11; few if n%10 is 2…4 and n%100 is not
 * 12…14; many otherwise. A negative n is taken by its absolute value.
 */
SUP_API sup_plural sup_plural_ru(int64_t n);
/** The CLDR plural category of the whole number n in English: one for ±1, other otherwise. */
SUP_API sup_plural sup_plural_en(int64_t n);

/** Units that customer-facing text counts. */
typedef enum sup_count_unit {
    SUP_COUNT_DAYS = 0,  /**< день / дня / дней; day / days */
    SUP_COUNT_MONTHS = 1 /**< месяц / месяца / месяцев; month / months */
} sup_count_unit;

/**
 * "N <word>" with the word in the right plural form: "21 месяц", "5 дней",
 * "1 day", "12 months". Free with sup_free(). SUP_EINVAL for a bad language
 * or unit, or a NULL out.
 */
SUP_API SUP_NODISCARD int sup_count_format(sup_lang lang, sup_count_unit unit, int64_t n, char **out);

/* ---- notices --------------------------------------------------------------- */

/** Plain text or an HTML fragment. */
typedef enum sup_notice_format {
    SUP_NOTICE_FORMAT_TEXT = 0, /**< UTF-8 text, lines ending in "\n", blank lines between blocks */
    SUP_NOTICE_FORMAT_HTML = 1  /**< a <div class="sup-notice …"> fragment; all text HTML-escaped */
} sup_notice_format;

/** Which notice: the general status, or one of the reminders. */
typedef enum sup_notice_kind {
    SUP_NOTICE_NONE = 0,             /**< nothing is due (an answer of sup_schedule_due; cannot be rendered) */
    SUP_NOTICE_STATUS = 1,           /**< where support stands, the offer and the contacts (the website) */
    SUP_NOTICE_SUPPORT_ENDING = 2,   /**< reminder: support (a subscription's paid term) ends in N days */
    SUP_NOTICE_SUPPORT_ENDS_TODAY = 3, /**< reminder: today is the last day of support (of the paid term) */
    SUP_NOTICE_WINDOW_CLOSING = 4    /**< reminder: the preferential renewal window closes in N days (or today) */
} sup_notice_kind;

/** "none", "status", "support_ending", "support_ends_today", "window_closing" ("" if unknown). */
SUP_API const char *sup_notice_kind_name(sup_notice_kind kind);
/** The kind for a name above; SUP_EINVAL otherwise. */
SUP_API SUP_NODISCARD int sup_notice_kind_from_name(const char *name, sup_notice_kind *out);

/** An opaque notice: what to say and how (language, format, kind, names). */
typedef struct sup_notice sup_notice;

/** A new notice: Russian, plain text, SUP_NOTICE_STATUS, no product or customer name. */
SUP_API SUP_NODISCARD int sup_notice_new(sup_notice **out);
SUP_API void sup_notice_free(sup_notice *notice);

/* Setters: on an error (SUP_EINVAL) the notice is unchanged. */
SUP_API SUP_NODISCARD int sup_notice_set_lang(sup_notice *notice, sup_lang lang);
SUP_API SUP_NODISCARD int sup_notice_set_format(sup_notice *notice, sup_notice_format format);
/** The kind to render; SUP_NOTICE_NONE is refused. */
SUP_API SUP_NODISCARD int sup_notice_set_kind(sup_notice *notice, sup_notice_kind kind);
/**
 * The product's name as the customer knows it. NULL or "" removes it. Must be
 * valid UTF-8 on one line without C0/C1 controls, DEL or bidi controls
 * (U+202A…U+202E, U+2066…U+2069), at most SUP_NOTICE_NAME_MAX bytes — the same
 * rules as the ledger's at entry.
 */
SUP_API SUP_NODISCARD int sup_notice_set_product_name(sup_notice *notice, const char *name);
/** The customer's name for the greeting; same rules as the product name. */
SUP_API SUP_NODISCARD int sup_notice_set_customer_name(sup_notice *notice, const char *name);

/** The longest accepted name, in bytes. */
#define SUP_NOTICE_NAME_MAX 512

SUP_API sup_lang sup_notice_lang(const sup_notice *notice);
SUP_API sup_notice_format sup_notice_format_of(const sup_notice *notice);
SUP_API sup_notice_kind sup_notice_kind_of(const sup_notice *notice);
/** The names set, or NULL if none. Owned by the notice. */
SUP_API const char *sup_notice_product_name(const sup_notice *notice);
SUP_API const char *sup_notice_customer_name(const sup_notice *notice);

/**
 * Render the notice for `license` of `product` on `on` under `policy` (NULL:
 * the default policy). The text says where support stands (status, support
 * end, days left), what is and is not available (use of the product,
 * consultations, new versions, ideas; which versions stay downloadable), the
 * offer (perpetual: the renewal's kind, fee, rate, list price, the new support
 * end and the last day the fee holds; subscription: the payment) and the
 * policy's contact channels, with "no support by phone" when the policy has none.
 *
 * A reminder kind must fit the date: SUPPORT_ENDING and SUPPORT_ENDS_TODAY
 * need active support (ENDS_TODAY: `on` is its last day), WINDOW_CLOSING a
 * perpetual license whose preferential window is still open; else SUP_ESTATE.
 * Errors of the core (bad date, no price on `on`, product and license of
 * different kinds) are passed on. On success *out is a NUL-terminated UTF-8
 * string to free with sup_free(); on failure *out is NULL.
 */
SUP_API SUP_NODISCARD int sup_notice_render(const sup_notice *notice, const sup_license *license,
                                            const sup_product *product, const sup_policy *policy, sup_date on,
                                            char **out);

/**
 * The subject line of an e-mail carrying the notice (one line, no line end, in
 * the notice's language, with the product's name as in the notice's first
 * paragraph): "Техническая поддержка продукта «X» заканчивается 31.07.2026",
 * "Technical support for “X” ends on 2026-07-31", "… : статус на 01.07.2026"
 * for STATUS. The same checks and errors as sup_notice_render (SUP_ESTATE for a
 * kind that does not fit the date). Free *out with sup_free().
 */
SUP_API SUP_NODISCARD int sup_notice_subject(const sup_notice *notice, const sup_license *license,
                                             const sup_product *product, const sup_policy *policy, sup_date on,
                                             char **out);

/* ---- reminder schedule ----------------------------------------------------- */

/** The date a reminder is counted back from. */
typedef enum sup_schedule_anchor {
    SUP_ANCHOR_SUPPORT_END = 0, /**< the last day of support (of a subscription's paid term) */
    SUP_ANCHOR_WINDOW_END = 1   /**< the last day of the preferential renewal window (perpetual only) */
} sup_schedule_anchor;

/** "support_end", "window_end" ("" if unknown). */
SUP_API const char *sup_schedule_anchor_name(sup_schedule_anchor anchor);

/** The most days before an anchor a reminder may be sent. */
#define SUP_SCHEDULE_DAYS_MAX 3660

/** An opaque reminder schedule: an ordered list of (anchor, days before). */
typedef struct sup_schedule sup_schedule;

/**
 * The default schedule: 14 days before support ends (SUPPORT_ENDING), on its
 * last day (SUPPORT_ENDS_TODAY), 7 days before the preferential window closes
 * (WINDOW_CLOSING).
 */
SUP_API SUP_NODISCARD int sup_schedule_new(sup_schedule **out);
/**
 * A schedule from its text form: the default, changed by "key = value" lines
 * (blank lines and '#' comments ignored). One key:
 *   reminder = support_end 14     (ANCHOR DAYS: DAYS before the anchor, 0 … SUP_SCHEDULE_DAYS_MAX)
 *   reminder = none               (no reminders)
 * The first reminder line replaces the default list; later ones append.
 * SUP_EPARSE with the line number on anything else or a repeated reminder.
 */
SUP_API SUP_NODISCARD int sup_schedule_parse(const char *text, sup_schedule **out);
/** The text form (parses back to an equal schedule). Free with sup_free(). */
SUP_API SUP_NODISCARD int sup_schedule_to_text(const sup_schedule *schedule, char **out);
SUP_API SUP_NODISCARD int sup_schedule_clone(const sup_schedule *schedule, sup_schedule **out);
SUP_API void sup_schedule_free(sup_schedule *schedule);
/** 1 if both list the same reminders in the same order, else 0. */
SUP_API int sup_schedule_equal(const sup_schedule *a, const sup_schedule *b);

/** Remove every reminder. */
SUP_API void sup_schedule_clear(sup_schedule *schedule);
/**
 * Append a reminder `days_before` days before `anchor`. SUP_EINVAL for a bad
 * anchor, SUP_ERANGE for days outside 0 … SUP_SCHEDULE_DAYS_MAX, SUP_ECONFLICT
 * if the schedule already has it.
 */
SUP_API SUP_NODISCARD int sup_schedule_add(sup_schedule *schedule, sup_schedule_anchor anchor, int days_before);
SUP_API size_t sup_schedule_count(const sup_schedule *schedule);
/**
 * Reminder i: its anchor, days before it, and the notice it sends
 * (support_end 0: SUPPORT_ENDS_TODAY; support_end N: SUPPORT_ENDING;
 * window_end N: WINDOW_CLOSING). Any out pointer may be NULL. SUP_ENOTFOUND
 * if i is out of range.
 */
SUP_API SUP_NODISCARD int sup_schedule_entry(const sup_schedule *schedule, size_t i, sup_schedule_anchor *anchor,
                                             int *days_before, sup_notice_kind *kind);

/**
 * Which notice the schedule sends for `license` on `on` under `policy` (NULL:
 * the default): the first reminder, in schedule order, whose anchor is exactly
 * its days after `on` — support_end while support is active (a subscription:
 * while paid), window_end while a perpetual license's preferential window is
 * open. SUP_NOTICE_NONE if none is due (also before the purchase).
 */
SUP_API SUP_NODISCARD int sup_schedule_due(const sup_schedule *schedule, const sup_license *license,
                                           const sup_policy *policy, sup_date on, sup_notice_kind *out);

#ifdef __cplusplus
}
#endif
#endif /* LIBSUPPORT_NOTICE_H */
