/*
 * libsupport — the offer: what a customer can pay for, for one license on one
 * date. One call answers it for either kind of license — the renewal of a
 * perpetual license's support (sup_license_quote) or the next payment of a
 * subscription (sup_license_quote_payment) — or says why there is none.
 * Consumers show the offer; they never choose between the two quotes.
 */
#ifndef LIBSUPPORT_OFFER_H
#define LIBSUPPORT_OFFER_H

#include "common.h"
#include "license.h"
#include "policy.h"
#include "product.h"

#ifdef __cplusplus
extern "C" {
#endif

typedef struct sup_offer sup_offer; /**< opaque offer */

/** What the offer is. */
typedef enum sup_offer_kind {
    SUP_OFFER_NONE = 0,    /**< no offer on the date (sup_offer_reason_of says why) */
    SUP_OFFER_RENEWAL = 1, /**< a perpetual license: the support renewal (preferential or standard) */
    SUP_OFFER_PAYMENT = 2  /**< a subscription: the payment of the next period */
} sup_offer_kind;

/** Why there is no offer. New reasons are only ever appended. */
typedef enum sup_offer_reason {
    SUP_OFFER_REASON_NONE = 0,            /**< there is an offer */
    SUP_OFFER_REASON_NOT_OWNED = 1,       /**< the date is before the purchase */
    SUP_OFFER_REASON_NO_PRICE = 2,        /**< the product has no list price in force on the date */
    SUP_OFFER_REASON_NO_POLICY = 3,       /**< no policy version is in force on the date (a ledger's policies) */
    SUP_OFFER_REASON_OUT_OF_CALENDAR = 4, /**< the new support end (paid-through date) would be after 9999-12-31 */
    SUP_OFFER_REASON_FEE_OVERFLOW = 5     /**< the fee cannot be computed: list price × rate overflows 64 bits */
} sup_offer_reason;

/** "none", "renewal", "payment" ("" if unknown). */
SUP_API const char *sup_offer_kind_name(sup_offer_kind kind);
/** "none", "not_owned", "no_price", "no_policy", "out_of_calendar", "fee_overflow" ("" if unknown). */
SUP_API const char *sup_offer_reason_name(sup_offer_reason reason);

/** A new offer: no offer (SUP_OFFER_NONE, SUP_OFFER_REASON_NONE), no date. */
SUP_API SUP_NODISCARD int sup_offer_new(sup_offer **out);
SUP_API void sup_offer_free(sup_offer *offer);

/**
 * The offer for `license` of `product` on `on` under `policy` (NULL: the
 * default policy): SUP_OFFER_RENEWAL with the renewal quote for a perpetual
 * license, SUP_OFFER_PAYMENT with the payment quote for a subscription, or
 * SUP_OFFER_NONE and the reason. "No offer" is an answer, not a failure: the
 * call returns SUP_OK and sets the reason. It fails only on bad arguments
 * (SUP_EINVAL for NULL or a product of another kind than the license,
 * SUP_EDATE for an invalid date); then `offer` holds no offer.
 */
SUP_API SUP_NODISCARD int sup_license_offer(const sup_license *license, const sup_product *product,
                                            const sup_policy *policy, sup_date on, sup_offer *offer);

SUP_API sup_offer_kind sup_offer_kind_of(const sup_offer *offer);
/** SUP_OFFER_REASON_NONE when there is an offer. */
SUP_API sup_offer_reason sup_offer_reason_of(const sup_offer *offer);
/** The date the offer is for (SUP_DATE_NONE before any call filled it). */
SUP_API sup_date sup_offer_on(const sup_offer *offer);
/**
 * The quote of the offer (owned by the offer, valid until it changes or is
 * freed), or NULL when there is no offer.
 */
SUP_API const sup_quote *sup_offer_quote(const sup_offer *offer);

#ifdef __cplusplus
}
#endif
#endif /* LIBSUPPORT_OFFER_H */
