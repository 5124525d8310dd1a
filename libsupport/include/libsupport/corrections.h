/*
 * libsupport — corrections of recorded money: voiding a payment recorded by
 * mistake, refunding money, and selling at an agreed price. Corrections are
 * facts like any other: appended, never changing what was recorded, each with
 * its actor, reason and date, in one transaction with its audit event. The
 * lists of payments show them as such (ledger.h: SUP_PAYCOL_CORRECTION …).
 * docs/invoices.md ("Corrections") gives the decisions.
 *
 * Rules (decided in C, never in SQL):
 *  - A void makes the ledger answer as if the payment had never happened:
 *    the license is rebuilt without it and its support periods recomputed. It
 *    is refused (SUP_ESTATE, naming it) when a later event of the license, or
 *    a refund of the payment, depends on it: void those first, newest first.
 *    Voiding a purchase voids the license (it is then unknown to every query).
 *    A voided payment id stays taken: applying it again is SUP_ESTATE.
 *  - A refund returns money (all of the payment, or a part) and states what
 *    happens to support: SUP_REFUND_KEEP_SUPPORT (support runs until its end:
 *    e.g. a goodwill refund) or SUP_REFUND_SHORTEN_SUPPORT: support ends on the
 *    refund date, but never before the end it had without the refunded payment
 *    and never after the end it has now (recorded as a support period on the
 *    refund date; only for the license's latest payment).
 *  - A sale at an agreed price (a discount, or any manual price) records the
 *    list price in force and the reason beside the sale.
 */
#ifndef LIBSUPPORT_CORRECTIONS_H
#define LIBSUPPORT_CORRECTIONS_H

#include "common.h"
#include "ledger.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The kinds of correction. */
typedef enum sup_correction_kind {
    SUP_CORRECTION_NONE = 0,     /**< (an event row of a list: not a correction) */
    SUP_CORRECTION_VOID = 1,     /**< a payment recorded by mistake, undone */
    SUP_CORRECTION_REFUND = 2,   /**< money paid back */
    SUP_CORRECTION_DISCOUNT = 3  /**< a sale at an agreed price instead of the list price */
} sup_correction_kind;

/** "none", "void", "refund", "discount" ("" if unknown). */
SUP_API const char *sup_correction_kind_name(sup_correction_kind kind);

/** What a refund does to support. */
typedef enum sup_refund_support {
    SUP_REFUND_KEEP_SUPPORT = 0,   /**< support stays as it is, until its end */
    SUP_REFUND_SHORTEN_SUPPORT = 1 /**< support ends on the refund date (see above) */
} sup_refund_support;

/** "keep", "shorten" ("" if unknown). */
SUP_API const char *sup_refund_support_name(sup_refund_support support);

/** The longest reason of a correction, bytes of UTF-8. */
#define SUP_CORRECTION_REASON_MAX 500

/** The license event recorded under a payment id (SUP_ENOTFOUND if none). */
SUP_API SUP_NODISCARD int sup_ledger_find_payment(sup_ledger *ledger, const char *payment_id, sup_id *event);

/**
 * Void the payment recorded as license event `event` (a purchase, renewal or
 * subscription payment), on `on` (the date of the correction, not before the
 * payment's), for `reason` (required). `out` (may be NULL) gets the
 * correction's id. Audited ("void"). Errors: SUP_ENOTFOUND for an unknown
 * event; SUP_ESTATE if it is not a payment (a recorded period), is voided
 * already, or a later event or a refund depends on it; SUP_EDATE for a date
 * before the payment; SUP_EINVAL for a missing reason.
 */
SUP_API SUP_NODISCARD int sup_ledger_void_payment(sup_ledger *ledger, const char *actor, sup_id event, sup_date on,
                                                  const char *reason, sup_id *out);

/** Options of sup_ledger_refund_payment (initialise with sup_refund_options_init). */
typedef struct sup_refund_options {
    unsigned version;           /**< SUP_REFUND_OPTIONS_VERSION */
    sup_money amount;           /**< kopecks paid back; 0 (the default): what is left of the payment */
    sup_refund_support support; /**< default SUP_REFUND_KEEP_SUPPORT */
} sup_refund_options;
#define SUP_REFUND_OPTIONS_VERSION 1

SUP_API SUP_NODISCARD int sup_refund_options_init(sup_refund_options *opts, unsigned version);

/**
 * Record a refund of the payment recorded as license event `event` on `on`
 * (not before the payment), for `reason`. The refunds of one payment never
 * exceed it (SUP_EMONEY, naming what is left). With SUP_REFUND_SHORTEN_SUPPORT
 * the payment must be the license's latest event (else SUP_ESTATE) and `on`
 * not before it. opts may be NULL (the whole payment, support kept). `out`
 * (may be NULL) gets the correction's id. Audited ("refund").
 */
SUP_API SUP_NODISCARD int sup_ledger_refund_payment(sup_ledger *ledger, const char *actor, sup_id event, sup_date on,
                                                    const char *reason, const sup_refund_options *opts,
                                                    sup_id *out);

/**
 * sup_ledger_sell at an agreed price: `paid` (>= 0) instead of the list price
 * in force on `on`, for `reason` (required: who agreed to what). The sale and
 * the discount (list price − paid; negative for a price above the list) are
 * recorded together; at the list price it is a plain sale. Idempotent by
 * payment id like sup_ledger_sell. Audited ("sell", with list_price, discount
 * and reason).
 */
SUP_API SUP_NODISCARD int sup_ledger_sell_at_price(sup_ledger *ledger, const char *actor, const char *payment_id,
                                                   sup_id customer, sup_id product, sup_date on, sup_money paid,
                                                   const char *reason, sup_id *out);

#ifdef __cplusplus
}
#endif
#endif /* LIBSUPPORT_CORRECTIONS_H */
