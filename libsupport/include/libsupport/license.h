/*
 * libsupport — one license: status on a date, downloads, renewal quotes and
 * renewals (perpetual), payments (subscriptions).
 *
 * A license is its purchase date and the support periods recorded after it,
 * in date order. Every question is asked "on" a date D and sees only what was
 * recorded on or before D, so past dates get historically true answers.
 */
#ifndef LIBSUPPORT_LICENSE_H
#define LIBSUPPORT_LICENSE_H

#include "common.h"
#include "policy.h"
#include "product.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sup_license sup_license; /**< opaque license */
typedef struct sup_quote sup_quote;     /**< opaque renewal or payment quote */
typedef struct sup_status sup_status;   /**< opaque status report */

/** Where a license stands on a date. */
typedef enum sup_state {
    SUP_STATE_NOT_OWNED = 0, /**< before the purchase */
    SUP_STATE_ACTIVE = 1,    /**< support active (subscription: paid) */
    SUP_STATE_GRACE = 2,     /**< perpetual: support ended, preferential renewal still open */
    SUP_STATE_LAPSED = 3,    /**< perpetual: support ended and the preferential window closed */
    SUP_STATE_EXPIRED = 4    /**< subscription: the paid term ended; the product does not work */
} sup_state;

/** What a quote is for. */
typedef enum sup_quote_kind {
    SUP_QUOTE_NOT_APPLICABLE = 0, /**< no renewal applies (a subscription) */
    SUP_QUOTE_PREFERENTIAL = 1,   /**< renewal within the window: preferential rate, from the old end */
    SUP_QUOTE_STANDARD = 2,       /**< renewal after the window: standard rate, from the renewal date */
    SUP_QUOTE_SUBSCRIPTION = 3    /**< a subscription payment: the list price for one period */
} sup_quote_kind;

/** The kinds of event in a license's history. */
typedef enum sup_event_kind {
    SUP_EVENT_PURCHASE = 0,
    SUP_EVENT_PREFERENTIAL_RENEWAL = 1,
    SUP_EVENT_STANDARD_RENEWAL = 2,
    SUP_EVENT_SUBSCRIPTION_PAYMENT = 3,
    SUP_EVENT_PERIOD = 4 /**< a support period recorded as is (imported, or set by hand) */
} sup_event_kind;

/** "not_owned", "active", "grace", "lapsed", "expired" ("" if unknown). */
SUP_API const char *sup_state_name(sup_state state);
/** "not_applicable", "preferential", "standard", "subscription" ("" if unknown). */
SUP_API const char *sup_quote_kind_name(sup_quote_kind kind);
/** "purchase", "preferential_renewal", "standard_renewal", "subscription_payment", "period". */
SUP_API const char *sup_event_kind_name(sup_event_kind kind);

/* ---- licenses ------------------------------------------------------------ */

/**
 * A license of `product` bought on `purchased`. Perpetual: support runs through
 * add_months(purchased, support term). Subscription: the purchase is the first
 * paid period, through add_months(purchased, period). The license copies what it
 * needs from the product; prices are read from the product passed to each quote.
 */
SUP_API SUP_NODISCARD int sup_license_new(const sup_product *product, sup_date purchased, sup_license **out);
SUP_API SUP_NODISCARD int sup_license_clone(const sup_license *license, sup_license **out);
SUP_API void sup_license_free(sup_license *license);

SUP_API sup_license_kind sup_license_kind_of(const sup_license *license);
SUP_API sup_date sup_license_purchased(const sup_license *license);

/**
 * The support_until (subscription: the paid-through date) as of `on`, counting
 * only what was recorded on or before `on`. SUP_DATE_NONE before the purchase.
 */
SUP_API SUP_NODISCARD int sup_license_support_until(const sup_license *license, sup_date on, sup_date *out);
/** The support_until after everything recorded so far. */
SUP_API sup_date sup_license_latest_until(const sup_license *license);

/**
 * Record, as is, that on `on` support was set to run through `until` (for
 * importing history, or a support end known from elsewhere). `on` must not be
 * before the purchase nor before the last recorded event; `until` must not be
 * before the purchase. No fee is checked: use sup_license_renew for renewals.
 */
SUP_API SUP_NODISCARD int sup_license_add_period(sup_license *license, sup_date on, sup_date until);

/* History: event i in date order (event 0 is the purchase). */
SUP_API size_t sup_license_event_count(const sup_license *license);
SUP_API SUP_NODISCARD int sup_license_event(const sup_license *license, size_t i, sup_event_kind *kind,
                                            sup_date *on, sup_date *until, sup_money *paid);

/* ---- status -------------------------------------------------------------- */

SUP_API SUP_NODISCARD int sup_status_new(sup_status **out);
SUP_API void sup_status_free(sup_status *status);

/**
 * Fill `status` with where the license stands on `on` under `policy`
 * (NULL: the default policy). Perpetual: active while on <= U, grace while
 * U < on <= add_months(U, grace months), then lapsed. Subscription: active
 * while paid, else expired.
 */
SUP_API SUP_NODISCARD int sup_license_status(const sup_license *license, const sup_policy *policy, sup_date on,
                                             sup_status *status);

SUP_API sup_state sup_status_state(const sup_status *status);
SUP_API sup_date sup_status_on(const sup_status *status);
/** support_until as of the date (SUP_DATE_NONE if not owned). */
SUP_API sup_date sup_status_support_until(const sup_status *status);
/**
 * The last day of the preferential renewal window (SUP_DATE_NONE if not owned
 * or a subscription); SUP_DATE_MAX when the window reaches past 9999-12-31.
 * (There the window is open to the calendar's end, but no renewal fits in the
 * calendar: the offer is none with SUP_OFFER_REASON_OUT_OF_CALENDAR.)
 */
SUP_API sup_date sup_status_preferential_until(const sup_status *status);
/** The product works (perpetual: any day from the purchase; subscription: while paid). */
SUP_API int sup_status_can_use(const sup_status *status);
/** Consultations are given (support active). */
SUP_API int sup_status_can_consult(const sup_status *status);
/** New versions are delivered (support active). */
SUP_API int sup_status_can_get_new_versions(const sup_status *status);
/** Ideas for the product may be proposed (support active). */
SUP_API int sup_status_can_propose_ideas(const sup_status *status);

/* ---- downloads ----------------------------------------------------------- */

/** Rule 3: a release dated `release` is downloadable with support through `support_until` iff release <= support_until. */
SUP_API SUP_NODISCARD int sup_release_allowed(sup_date support_until, sup_date release, int *allowed);

/**
 * Whether the license may download a release dated `release` on `on`.
 * Perpetual: owned on `on` and release <= support_until as of `on` (what was
 * released while covered stays downloadable). Subscription: only while paid.
 */
SUP_API SUP_NODISCARD int sup_license_can_download(const sup_license *license, sup_date on, sup_date release,
                                                   int *allowed);

/* ---- quotes and renewals ------------------------------------------------- */

SUP_API SUP_NODISCARD int sup_quote_new(sup_quote **out);
/** A copy of a quote (e.g. to keep an offer's quote after the offer is freed). */
SUP_API SUP_NODISCARD int sup_quote_clone(const sup_quote *quote, sup_quote **out);
SUP_API void sup_quote_free(sup_quote *quote);

SUP_API sup_quote_kind sup_quote_kind_of(const sup_quote *quote);
/** The date the quote is for. */
SUP_API sup_date sup_quote_on(const sup_quote *quote);
/** The rate applied, in basis points (10000 for a subscription payment). */
SUP_API sup_rate sup_quote_rate(const sup_quote *quote);
/** The list price in force on the date. */
SUP_API sup_money sup_quote_list_price(const sup_quote *quote);
/** The fee to pay, in kopecks. */
SUP_API sup_money sup_quote_fee(const sup_quote *quote);
/** support_until before the renewal (as of the date). */
SUP_API sup_date sup_quote_support_until(const sup_quote *quote);
/** support_until after the renewal. */
SUP_API sup_date sup_quote_new_support_until(const sup_quote *quote);
/**
 * The last date on which the same quote (same kind and fee, given the known
 * price history and, in a ledger, the known policy versions) still holds;
 * SUP_DATE_MAX if nothing known ends it. A policy version that takes effect
 * the day after the preferential window closes and widens it extends the date.
 */
SUP_API sup_date sup_quote_valid_through(const sup_quote *quote);

/**
 * A renewal quote from bare facts: support through `support_until`, list price
 * `price` on `on`, under `policy` (NULL: default). With one price known,
 * valid_through is the end of the preferential window, or SUP_DATE_MAX for a
 * standard quote.
 */
SUP_API SUP_NODISCARD int sup_quote_compute(const sup_policy *policy, sup_date support_until, sup_money price,
                                            sup_date on, sup_quote *quote);

/**
 * The renewal quote for a perpetual license on `on`, with the list price of
 * `product` on `on` and `policy` (NULL: default). valid_through accounts for
 * the product's later prices. SUP_ENOTAPPLICABLE for a subscription (the quote's
 * kind is then SUP_QUOTE_NOT_APPLICABLE), SUP_ESTATE before the purchase,
 * SUP_ENOTFOUND if there is no price on `on`.
 */
SUP_API SUP_NODISCARD int sup_license_quote(const sup_license *license, const sup_product *product,
                                            const sup_policy *policy, sup_date on, sup_quote *quote);

/**
 * Renew a perpetual license on `on` for `paid` kopecks. `paid` must equal the
 * fee of sup_license_quote for `on`, else SUP_EMISMATCH and nothing changes.
 * `on` must not be before the last recorded event (SUP_ESTATE). On success the
 * support period is recorded and, if `applied` is not NULL, it receives the quote.
 */
SUP_API SUP_NODISCARD int sup_license_renew(sup_license *license, const sup_product *product,
                                            const sup_policy *policy, sup_date on, sup_money paid,
                                            sup_quote *applied);

/**
 * The quote for a subscription payment on `on`: the list price for one period.
 * The billing day is kept (POLICY.md): while still paid, the new paid-through
 * date is one more period counted from the subscription's anchor — its start,
 * or the payment that restarted it after a lapse; a period recorded as is
 * (sup_license_add_period) anchors at its end — so a monthly subscription from
 * 2026-01-31 runs to 02-28, 03-31, 04-30. After the paid end, the payment
 * restarts the subscription from `on`. Recorded history is never changed.
 * SUP_ENOTAPPLICABLE for a perpetual license.
 */
SUP_API SUP_NODISCARD int sup_license_quote_payment(const sup_license *license, const sup_product *product,
                                                    sup_date on, sup_quote *quote);

/** Record a subscription payment of `paid` kopecks on `on`; SUP_EMISMATCH if it is not the quoted fee. */
SUP_API SUP_NODISCARD int sup_license_pay(sup_license *license, const sup_product *product, sup_date on,
                                          sup_money paid, sup_quote *applied);

#ifdef __cplusplus
}
#endif
#endif /* LIBSUPPORT_LICENSE_H */
