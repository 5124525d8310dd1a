/*
 * libsupport internals: the offer object and the offer with policy versions (offer.c). Not installed; every name
 * is hidden (sup__ or static).
 */
#ifndef LIBSUPPORT_OFFER_INTERNAL_H
#define LIBSUPPORT_OFFER_INTERNAL_H

#include "libsupport/offer.h"
#include "license_internal.h"
#include "policy_internal.h"

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

#endif /* LIBSUPPORT_OFFER_INTERNAL_H */
