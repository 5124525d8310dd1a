/*
 * libsupport — answers the ledger gives by combining its public calls: the
 * offer for a license on a date. Built on the ledger's public API (ledger.h), so it does not depend on
 * how the ledger stores anything; only the read transaction that holds its calls together is internal.
 */
#include "libsupport/ledger.h"
#include "ledger_internal.h"
#include "offer_internal.h"
#include "date_internal.h"
#include "error_internal.h"

#include <stdbool.h>

/* A quote that failed with SUP_ENOTFOUND on an owned date: no policy or no price in force on `on`
 * (the order in which the quotes check them), else SUP_OFFER_REASON_NONE (the failure stands). */
static int not_found_reason(sup_ledger *l, sup_id license, bool perpetual, sup_date on, sup_offer_reason *reason)
{
    *reason = SUP_OFFER_REASON_NONE;
    if (perpetual) {
        sup_policy *p = NULL;
        int rc = sup_ledger_get_policy(l, on, NULL, &p);
        sup_policy_free(p);
        if (rc == SUP_ENOTFOUND) {
            *reason = SUP_OFFER_REASON_NO_POLICY;
            return SUP_OK;
        }
        if (rc != SUP_OK)
            return rc;
    }
    sup_id product = 0;
    sup_product *prod = NULL;
    int rc = sup_ledger_license_parties(l, license, NULL, &product);
    if (rc == SUP_OK)
        rc = sup_ledger_get_product(l, product, &prod);
    if (rc == SUP_OK) {
        sup_money price;
        if (sup_product_price_on(prod, on, &price) == SUP_ENOTFOUND)
            *reason = SUP_OFFER_REASON_NO_PRICE;
    }
    sup_product_free(prod);
    return rc;
}

static int offer_read(sup_ledger *l, sup_id license, sup_date on, sup_offer *offer);

int sup_ledger_offer(sup_ledger *l, sup_id license, sup_date on, sup_offer *offer)
{
    SUP__CHECK_ARG(offer, "sup_ledger_offer");
    sup__offer_none(offer, on, SUP_OFFER_REASON_NONE);
    SUP__CHECK_ARG(l, "sup_ledger_offer");
    int rc = sup__check_date(on, "offer date");
    if (rc != SUP_OK)
        return rc;
    /* the license, its quote and why there is none: read in one transaction */
    rc = sup__ledger_read_begin(l, "sup_ledger_offer");
    if (rc != SUP_OK)
        return rc;
    return sup__ledger_read_end(l, offer_read(l, license, on, offer));
}

static int offer_read(sup_ledger *l, sup_id license, sup_date on, sup_offer *offer)
{
    int rc;
    sup_license *lic = NULL;
    rc = sup_ledger_get_license(l, license, &lic);
    if (rc != SUP_OK)
        return rc;
    bool perpetual = sup_license_kind_of(lic) == SUP_LICENSE_PERPETUAL;
    sup_date purchased = sup_license_purchased(lic);
    sup_license_free(lic);
    if (on < purchased) {
        offer->reason = SUP_OFFER_REASON_NOT_OWNED;
        return SUP_OK;
    }
    sup_quote q;
    rc = perpetual ? sup_ledger_quote_renewal(l, license, on, &q) : sup_ledger_quote_payment(l, license, on, &q);
    if (rc == SUP_OK) {
        sup__offer_set(offer, perpetual ? SUP_OFFER_RENEWAL : SUP_OFFER_PAYMENT, &q);
        return SUP_OK;
    }
    sup_offer_reason reason = sup__offer_reason_for(rc);
    if (reason == SUP_OFFER_REASON_NONE && rc == SUP_ENOTFOUND) {
        int rc2 = not_found_reason(l, license, perpetual, on, &reason);
        if (rc2 != SUP_OK)
            return rc2;
    }
    offer->reason = reason;
    return reason != SUP_OFFER_REASON_NONE ? SUP_OK : rc;
}
