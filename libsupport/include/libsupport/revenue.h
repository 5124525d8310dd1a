/*
 * libsupport — revenue by recognition: for every month of a period, the money
 * billed (received), the revenue recognised (earned) and the deferred revenue
 * left at the month's end, in total, by product or by kind of payment. The
 * overview, with worked examples, is docs/revenue.md.
 *
 * Recognition rules (decided here, never by callers; the settings are policy
 * data, keys of the policy's text form, defaults in brackets):
 *  - a support renewal is earned pro rata by day over the support period it
 *    pays for (recognition_renewal = daily): a preferential renewal from the
 *    day after the old support end, a standard renewal from its own date,
 *    through the new support end; partial first and last months get their
 *    days' share;
 *  - a subscription payment is earned by day over the period it pays for
 *    (recognition_subscription = daily): the first payment (the purchase) from
 *    its date, a later one from the day after the paid-through date it extends
 *    (or from its own date when the subscription had lapsed);
 *  - a perpetual sale is earned on its date; with
 *    recognition_sale_support_share_bp = N (0) the share N / 10000 of its price
 *    pays for the support months the sale includes (a separate performance
 *    obligation, as IFRS 15 treats it) and is earned like a renewal over them;
 *  - recognition_renewal / recognition_subscription = on_payment: earned on the
 *    payment's date (the cash basis, e.g. for the simplified tax system);
 *  - nothing is earned before it is billed: days of a period before the
 *    payment's date (a preferential renewal paid in the window) are earned in
 *    the month of the payment;
 *  - a correction (issue 14: a void or a refund) is billed on its own date and
 *    reverses, from that date, what the corrected payment would still earn:
 *    amount / (what is left of the payment) of each of its remaining days,
 *    with what the payment earned before the correction reversed in the
 *    correction's month; a refund that shortens support re-earns what is kept
 *    of the payment over the shortened period. Reports already made for
 *    earlier months are never changed (the correction is in the period it is
 *    made in).
 *
 * Exact money, the rounding rule: a part of a payment earned over days from
 * its first day s to its last day e (n = e - s + 1 days) has earned, by the end
 * of a month, amount × (its days up to that day) / n, rounded towards zero to
 * the kopeck; each month recognises the difference from the month before. So
 * the parts recognised of one payment sum to it exactly, no month is off its
 * exact pro-rata share by a kopeck or more, no month of a payment is negative,
 * and the remainder of the divisions falls in the payment's last month. A sale
 * split into support and license parts: support = price × N / 10000 rounded
 * towards zero, license = price − support.
 *
 * For every month and row: opening + billed − recognised = deferred (the
 * closing balance, the next month's opening); over the whole life of a set of
 * payments, recognised + deferred = billed.
 */
#ifndef LIBSUPPORT_REVENUE_H
#define LIBSUPPORT_REVENUE_H

#include "common.h"
#include "ledger.h"
#include "policy.h"

#ifdef __cplusplus
extern "C" {
#endif

/** What a payment was for (the kinds of the by-kind rows). Only ever appended. */
typedef enum sup_revenue_kind {
    SUP_REVENUE_ALL = 0,                  /**< "all": the rows of a schedule not grouped by kind */
    SUP_REVENUE_SALE = 1,                 /**< "sale": a perpetual license sold */
    SUP_REVENUE_PREFERENTIAL_RENEWAL = 2, /**< "preferential_renewal" */
    SUP_REVENUE_STANDARD_RENEWAL = 3,     /**< "standard_renewal" */
    SUP_REVENUE_SUBSCRIPTION_FIRST = 4,   /**< "subscription_first": a subscription bought (its first payment) */
    SUP_REVENUE_SUBSCRIPTION = 5,         /**< "subscription": a later subscription payment */
    SUP_REVENUE_CORRECTION = 6            /**< "correction": a void or a refund of a payment */
} sup_revenue_kind;

/** "all", "sale", "preferential_renewal", "standard_renewal", "subscription_first", "subscription",
 * "correction" ("" if unknown). */
SUP_API const char *sup_revenue_kind_name(sup_revenue_kind kind);

/** How a schedule's rows are grouped. */
typedef enum sup_revenue_by {
    SUP_REVENUE_BY_MONTH = 0,   /**< "month": one row per month */
    SUP_REVENUE_BY_PRODUCT = 1, /**< "product": one row per month and product */
    SUP_REVENUE_BY_KIND = 2     /**< "kind": one row per month and kind */
} sup_revenue_by;

/** "month", "product", "kind" ("" if unknown). */
SUP_API const char *sup_revenue_by_name(sup_revenue_by by);
/** The grouping named "month", "product" or "kind"; SUP_EINVAL naming the text otherwise. */
SUP_API SUP_NODISCARD int sup_revenue_by_from_name(const char *name, sup_revenue_by *out);

/** How a kind of payment is recognised (policy keys recognition_renewal, recognition_subscription). */
typedef enum sup_recognition {
    SUP_RECOGNITION_DAILY = 0,     /**< "daily": pro rata by day over the period paid for (the default) */
    SUP_RECOGNITION_ON_PAYMENT = 1 /**< "on_payment": all of it on the payment's date (cash basis) */
} sup_recognition;

/** "daily", "on_payment" ("" if unknown). */
SUP_API const char *sup_recognition_name(sup_recognition recognition);

/* ---- the policy's recognition settings (keys of sup_policy_parse) -------------------------------- */

/** recognition_sale_support_share_bp: the share of a perpetual sale's price earned over its support (0 … 10000). */
SUP_API sup_rate sup_policy_recognition_sale_support_share(const sup_policy *policy);
/** SUP_ERANGE outside 0 … 10000 (the policy is then unchanged). */
SUP_API SUP_NODISCARD int sup_policy_set_recognition_sale_support_share(sup_policy *policy, sup_rate share_bp);
/** recognition_renewal: how support renewals are recognised. */
SUP_API sup_recognition sup_policy_recognition_renewal(const sup_policy *policy);
/** SUP_EINVAL for an unknown method. */
SUP_API SUP_NODISCARD int sup_policy_set_recognition_renewal(sup_policy *policy, sup_recognition recognition);
/** recognition_subscription: how subscription payments are recognised. */
SUP_API sup_recognition sup_policy_recognition_subscription(const sup_policy *policy);
/** SUP_EINVAL for an unknown method. */
SUP_API SUP_NODISCARD int sup_policy_set_recognition_subscription(sup_policy *policy, sup_recognition recognition);

/* ---- months ------------------------------------------------------------------------------------- */

/** The most months one schedule covers (a hundred years). */
#define SUP_REVENUE_MONTHS_MAX 1200

/**
 * Parse a month "YYYY-MM" (exactly: four digits, '-', two digits, 01 … 12,
 * years 1900 … 9999) into the date of its first day. SUP_EDATE quoting the
 * text otherwise.
 */
SUP_API SUP_NODISCARD int sup_revenue_parse_month(const char *text, sup_date *out);

/* ---- the schedule --------------------------------------------------------------------------------- */

/** Options of a schedule (initialise with sup_revenue_options_init). */
typedef struct sup_revenue_options {
    unsigned version;  /**< SUP_REVENUE_OPTIONS_VERSION */
    sup_date from;     /**< the first month: the month of this date (any day of it); required */
    sup_date to;       /**< the last month: the month of this date; required, not before `from`'s month */
    sup_revenue_by by; /**< the grouping (default SUP_REVENUE_BY_MONTH) */
} sup_revenue_options;
#define SUP_REVENUE_OPTIONS_VERSION 1

/** Fill `opts` with the defaults of `version`: no months (set from and to), by month. */
SUP_API SUP_NODISCARD int sup_revenue_options_init(sup_revenue_options *opts, unsigned version);

/** Amounts of one item are limited to ±SUP_REVENUE_AMOUNT_MAX kopecks (ten trillion rubles). */
#define SUP_REVENUE_AMOUNT_MAX INT64_C(1000000000000000)

/**
 * One billing item: a payment (or a correction) as the facts record it. The
 * schedule decides from these facts and the policy what it pays for and when
 * it is earned. Initialise with sup_revenue_item_init (fields may be added in
 * later versions).
 */
typedef struct sup_revenue_item {
    unsigned version;        /**< SUP_REVENUE_ITEM_VERSION */
    sup_revenue_kind kind;   /**< SUP_REVENUE_SALE … SUP_REVENUE_CORRECTION */
    sup_id product;          /**< its product (the key of the by-product rows), >= 0 */
    sup_date on;             /**< the day the money moved: it is billed in this month */
    sup_money amount;        /**< kopecks received, >= 0; a correction: its effect, < 0 for money paid back */
    sup_date support_before; /**< renewals and later subscription payments: the support (paid-through) end
                                  before the payment; SUP_DATE_NONE if not known (then the period starts on `on`) */
    sup_date support_until;  /**< the support end the payment set (a sale: the end of the support it includes).
                                  A period that ends before it starts is earned on `on` */
    /* A correction (kind SUP_REVENUE_CORRECTION) names the payment it corrects, as it stands before it: */
    sup_revenue_kind corrected_kind;   /**< its kind (SALE … SUBSCRIPTION) */
    sup_date corrected_on;             /**< its date */
    sup_money corrected_amount;        /**< what is left of it: its amount less earlier refunds (>= 0) */
    sup_date corrected_support_before; /**< its support_before */
    sup_date corrected_support_until;  /**< the end its recognition runs to (its support_until, or the end an
                                            earlier shortening refund set) */
    sup_date shortened_until;          /**< a refund that shortens support: the new end of the payment's period;
                                            SUP_DATE_NONE: support kept (a void, a refund that keeps support) */
} sup_revenue_item;
#define SUP_REVENUE_ITEM_VERSION 1

/** Fill `item` with the defaults of `version`: a sale of product 0, no dates, no amount. */
SUP_API SUP_NODISCARD int sup_revenue_item_init(sup_revenue_item *item, unsigned version);

/** A schedule being built (opaque): the months, the groups and their running totals. */
typedef struct sup_revenue sup_revenue;

/**
 * A new, empty schedule over the months of `opts`. SUP_EDATE for a missing or
 * invalid date or `to` before `from`, SUP_ERANGE for more than
 * SUP_REVENUE_MONTHS_MAX months, SUP_EINVAL for an unknown grouping or version.
 * Memory: a few words per month and group, whatever the number of items.
 */
SUP_API SUP_NODISCARD int sup_revenue_new(const sup_revenue_options *opts, sup_revenue **out);
SUP_API void sup_revenue_free(sup_revenue *revenue);

/**
 * Add one item, recognised under `policy` (NULL: the default policy): the
 * policy in force on the item's date (a correction: on the corrected payment's
 * date, so that it reverses exactly what the payment earns). An item billed
 * after the last month changes nothing. Errors, each leaving the schedule as
 * it was: SUP_EINVAL (an unknown kind, a negative product, a correction
 * without a corrected payment), SUP_EDATE (an invalid date), SUP_EMONEY (an
 * amount out of range, a negative payment, a refund beyond what is left, or
 * totals that would overflow 64 bits).
 */
SUP_API SUP_NODISCARD int sup_revenue_add(sup_revenue *revenue, const sup_policy *policy,
                                          const sup_revenue_item *item);

/** One row of a schedule. Set version to SUP_REVENUE_ROW_VERSION before sup_revenue_get_row. */
typedef struct sup_revenue_row {
    unsigned version;            /**< SUP_REVENUE_ROW_VERSION */
    sup_date month;              /**< the first day of the month */
    sup_date month_end;          /**< its last day */
    sup_id product;              /**< by product: the product; else 0 */
    sup_revenue_kind kind;       /**< by kind: the kind; else SUP_REVENUE_ALL */
    sup_money opening_deferred;  /**< deferred revenue at the start of the month (billed before it, not yet earned) */
    sup_money billed;            /**< money billed (received) in the month; corrections count negative */
    sup_money recognised;        /**< revenue recognised (earned) in the month */
    sup_money deferred;          /**< deferred revenue at the end: opening_deferred + billed − recognised */
    int64_t payments;            /**< items billed in the month */
} sup_revenue_row;
#define SUP_REVENUE_ROW_VERSION 1

/**
 * The number of rows: every month of the schedule, in order, and within each
 * month one row per group — by month: one; by product (in product id order)
 * or by kind (in kind order): each product or kind with an item that is
 * billed, recognised or deferred within the months.
 */
SUP_API size_t sup_revenue_row_count(const sup_revenue *revenue);

/**
 * Row i (0 … count − 1). SUP_ENOTFOUND for i out of range, SUP_EINVAL for a
 * row version this library does not know. Cheapest read in order (each call
 * sums the months before it: reading every row costs months² × groups / 2).
 */
SUP_API SUP_NODISCARD int sup_revenue_get_row(const sup_revenue *revenue, size_t i, sup_revenue_row *row);

/** The views of a revenue report (their titles: sup_label(SUP_LABEL_REVENUE_VIEW, view, lang)). */
typedef enum sup_revenue_view {
    SUP_REVENUE_VIEW_BY_MONTH = 0,   /**< the schedule by month (SUP_REVENUE_BY_MONTH) */
    SUP_REVENUE_VIEW_BY_PRODUCT = 1, /**< by month and product */
    SUP_REVENUE_VIEW_BY_KIND = 2,    /**< by month and kind */
    SUP_REVENUE_VIEW_DEFERRED = 3    /**< the deferred revenue's roll-forward: opening + billed − recognised = closing */
} sup_revenue_view;

/* ---- from the ledger --------------------------------------------------------------------------------- */

/** Columns of sup_ledger_revenue's cursor (new columns are only ever appended). */
typedef enum sup_revenue_column {
    SUP_REVCOL_MONTH = 0,            /**< "month": date, the first day of the month */
    SUP_REVCOL_MONTH_END = 1,        /**< "month_end": date, its last day */
    SUP_REVCOL_PRODUCT = 2,          /**< "product": sup_id by product, else 0 */
    SUP_REVCOL_PRODUCT_CODE = 3,     /**< "product_code": text by product, else NULL */
    SUP_REVCOL_PRODUCT_NAME = 4,     /**< "product_name": text by product, else NULL */
    SUP_REVCOL_KIND = 5,             /**< "kind": sup_revenue_kind (SUP_COLUMN_REVENUE_KIND); SUP_REVENUE_ALL
                                          unless by kind */
    SUP_REVCOL_OPENING_DEFERRED = 6, /**< "opening_deferred": money at the start of the month */
    SUP_REVCOL_BILLED = 7,           /**< "billed": money */
    SUP_REVCOL_RECOGNISED = 8,       /**< "recognised": money */
    SUP_REVCOL_DEFERRED = 9,         /**< "deferred": money at the end of the month */
    SUP_REVCOL_PAYMENTS = 10         /**< "payments": int, items billed in the month */
} sup_revenue_column;

/**
 * The revenue schedule of the ledger over the months of `opts` (NULL is not
 * allowed: the months are required), as a cursor with the columns above and
 * the rows of sup_revenue_row_count. Every payment recorded up to the last
 * day of the last month is read once, as a stream, each recognised under the
 * policy version in force on its date (recorded support periods carry no
 * money and are not items); memory grows with months × groups, not with the
 * number of licenses or payments. The stream is read by the first
 * sup_cursor_next, which therefore takes the time of the whole schedule.
 * Errors as sup_revenue_new; SUP_EDB for a damaged event.
 */
SUP_API SUP_NODISCARD int sup_ledger_revenue(sup_ledger *ledger, const sup_revenue_options *opts, sup_cursor **out);

#ifdef __cplusplus
}
#endif
#endif /* LIBSUPPORT_REVENUE_H */
