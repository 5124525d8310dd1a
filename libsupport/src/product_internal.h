/*
 * libsupport internals: the product object and its price history (product.c). Not installed; every name is
 * hidden (sup__ or static).
 */
#ifndef LIBSUPPORT_PRODUCT_INTERNAL_H
#define LIBSUPPORT_PRODUCT_INTERNAL_H

#include "libsupport/product.h"
#include "libsupport/policy.h"

#include <stddef.h>

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

/**
 * sup_product_new with SUP_SUPPORT_MONTHS_DEFAULT taken from `policy`'s
 * default_support_months (NULL: the default policy's): the ledger passes its
 * latest policy version.
 */
int sup__product_new_under(sup_license_kind kind, int support_months, const sup_policy *policy, sup_product **out);
/** A product over prices the caller owns (no allocation, never freed), sorted by date with unique dates. */
static inline sup_product sup__product_over(sup_license_kind kind, int support_months, struct sup__price *prices,
                                            size_t price_count)
{
    return (sup_product){.kind = kind,
                         .support_months = support_months,
                         .prices = prices,
                         .price_count = price_count,
                         .price_cap = price_count};
}

/** Index of the price in force on `on`, or (size_t)-1 if none. */
size_t sup__product_price_index(const sup_product *product, sup_date on);

#endif /* LIBSUPPORT_PRODUCT_INTERNAL_H */
