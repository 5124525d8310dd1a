/*
 * libsupport — a product: license kind, support term and list price history.
 */
#ifndef LIBSUPPORT_PRODUCT_H
#define LIBSUPPORT_PRODUCT_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** An opaque product. */
typedef struct sup_product sup_product;

/** How a product is licensed. */
typedef enum sup_license_kind {
    SUP_LICENSE_PERPETUAL = 0,            /**< works forever; support for a term, renewable */
    SUP_LICENSE_SUBSCRIPTION_MONTHLY = 1, /**< works and is supported while paid, 1 month a payment */
    SUP_LICENSE_SUBSCRIPTION_YEARLY = 2   /**< works and is supported while paid, 12 months a payment */
} sup_license_kind;

/** "perpetual", "subscription_monthly", "subscription_yearly" ("" for an unknown kind). */
SUP_API const char *sup_license_kind_name(sup_license_kind kind);
/** The kind for a name above; SUP_EINVAL otherwise. */
SUP_API SUP_NODISCARD int sup_license_kind_from_name(const char *name, sup_license_kind *out);

/**
 * "The default support term" for sup_product_new and sup_ledger_add_product: a
 * perpetual product gets the policy's default_support_months (the default
 * policy's, 6; in a ledger, its latest policy version's), a subscription its period.
 */
#define SUP_SUPPORT_MONTHS_DEFAULT (-1)

/**
 * A new product with no prices yet.
 * support_months: the support term that comes with a purchase of a perpetual
 * product (0 … 1200; 6 usually), or SUP_SUPPORT_MONTHS_DEFAULT for the default
 * policy's default_support_months. For a subscription it must be 0, the
 * subscription period (1 or 12) or SUP_SUPPORT_MONTHS_DEFAULT: support lasts as
 * long as the subscription.
 */
SUP_API SUP_NODISCARD int sup_product_new(sup_license_kind kind, int support_months, sup_product **out);
SUP_API SUP_NODISCARD int sup_product_clone(const sup_product *product, sup_product **out);
SUP_API void sup_product_free(sup_product *product);

SUP_API sup_license_kind sup_product_kind(const sup_product *product);
/** The support term of a purchase, in months (the period for subscriptions). */
SUP_API int sup_product_support_months(const sup_product *product);
/** The months one subscription payment buys (1 or 12); 0 for perpetual products. */
SUP_API int sup_product_period_months(const sup_product *product);

/**
 * Set the list price (kopecks, >= 0) that takes effect on `effective` and
 * holds until the next price. Setting a price on a date that already has one
 * replaces it. SUP_EMONEY for a negative price, SUP_EDATE for a bad date.
 */
SUP_API SUP_NODISCARD int sup_product_set_price(sup_product *product, sup_date effective, sup_money price);

/** The list price in force on `on`. SUP_ENOTFOUND if `on` is before the first price. */
SUP_API SUP_NODISCARD int sup_product_price_on(const sup_product *product, sup_date on, sup_money *out);

/** The number of prices in the history, and price i in date order. */
SUP_API size_t sup_product_price_count(const sup_product *product);
SUP_API SUP_NODISCARD int sup_product_price_at(const sup_product *product, size_t i, sup_date *effective,
                                               sup_money *price);

#ifdef __cplusplus
}
#endif
#endif /* LIBSUPPORT_PRODUCT_H */
