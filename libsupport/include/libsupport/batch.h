/*
 * libsupport — batch evaluation: the status or the renewal quote of many
 * licenses in one call.
 *
 * The answers are exactly those of sup_license_status and sup_license_quote
 * for each license (these functions are what the batch calls); a batch only
 * saves the cost of one call per license, which dominates in interpreted
 * languages (a binding call costs ten times the rule itself). Reports over
 * thousands of licenses in Python or PHP pass them in one call.
 *
 * Arrays, not structs (the ABI never exposes a struct layout): input i is
 * licenses[i] (products[i], on[i]); every output array has n elements and may
 * be NULL when not wanted. Items are independent: a failing item leaves its
 * outputs zeroed (SUP_DATE_NONE, 0) and its code in results[i] (if results is
 * not NULL), and the others are still evaluated.
 */
#ifndef LIBSUPPORT_BATCH_H
#define LIBSUPPORT_BATCH_H

#include "common.h"
#include "license.h"
#include "policy.h"
#include "product.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * The status of n licenses, each on on[i] (or, if `on` is NULL, all on
 * `on_all`), under `policy` (NULL: the default). Outputs: the state,
 * support_until and preferential_until of each (see sup_status_*), and the
 * result code of each. Returns SUP_OK if every item succeeded; otherwise the
 * code of the first failing item, with a message naming its index (the other
 * items are evaluated all the same). SUP_EINVAL if `licenses` is NULL with n > 0.
 */
SUP_API SUP_NODISCARD int sup_batch_status(size_t n, const sup_license *const *licenses, const sup_date *on,
                                           sup_date on_all, const sup_policy *policy, sup_state *state,
                                           sup_date *support_until, sup_date *preferential_until, int *results);

/**
 * The renewal quote (sup_license_quote) of n perpetual licenses, license i
 * with products[i], on on[i] (or `on_all`), under `policy` (NULL: the
 * default). Outputs per item: kind, fee, new support_until, valid_through and
 * the result code (SUP_ENOTAPPLICABLE for a subscription, SUP_ESTATE before
 * the purchase …). Returns as sup_batch_status. SUP_EINVAL if `licenses` or
 * `products` is NULL with n > 0.
 */
SUP_API SUP_NODISCARD int sup_batch_quote(size_t n, const sup_license *const *licenses,
                                          const sup_product *const *products, const sup_date *on, sup_date on_all,
                                          const sup_policy *policy, sup_quote_kind *kind, sup_money *fee,
                                          sup_date *new_support_until, sup_date *valid_through, int *results);

/**
 * The same calls with their inputs and outputs in one versioned struct, so
 * that later versions can add inputs and outputs without new functions
 * (libgit2's options structs). Initialise with sup_batch_options_init, then
 * set what applies: n and licenses always; products for quotes; on (per item)
 * or on_all; policy (NULL: the default); any of the output arrays (n items
 * each; NULL: not wanted).
 */
typedef struct sup_batch_options {
    unsigned version; /**< SUP_BATCH_OPTIONS_VERSION */
    size_t n;
    const sup_license *const *licenses;
    const sup_product *const *products; /**< sup_batch_quote_ext only */
    const sup_date *on;                 /**< the date of each item, or NULL: on_all for every item */
    sup_date on_all;
    const sup_policy *policy;
    /* outputs of sup_batch_status_ext */
    sup_state *state;
    sup_date *support_until;
    sup_date *preferential_until;
    /* outputs of sup_batch_quote_ext */
    sup_quote_kind *kind;
    sup_money *fee;
    sup_date *new_support_until;
    sup_date *valid_through;
    /* both */
    int *results; /**< the result code of each item */
} sup_batch_options;
#define SUP_BATCH_OPTIONS_VERSION 1

/** Fill `opts` with the defaults of `version` (SUP_BATCH_OPTIONS_VERSION): everything NULL or 0. */
SUP_API SUP_NODISCARD int sup_batch_options_init(sup_batch_options *opts, unsigned version);
/** sup_batch_status with its arguments in `opts`. */
SUP_API SUP_NODISCARD int sup_batch_status_ext(const sup_batch_options *opts);
/** sup_batch_quote with its arguments in `opts`. */
SUP_API SUP_NODISCARD int sup_batch_quote_ext(const sup_batch_options *opts);

#ifdef __cplusplus
}
#endif
#endif /* LIBSUPPORT_BATCH_H */
