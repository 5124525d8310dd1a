/* libsupport — the offer for a license on a date: the renewal (perpetual) or the
 * next payment (subscription), or the reason there is none. The one place that
 * chooses between the two quotes. */
#include "libsupport/offer.h"
#include "offer_internal.h"
#include "license_internal.h"
#include "product_internal.h"
#include "policy_internal.h"
#include "date_internal.h"
#include "error_internal.h"

#include <stdlib.h>
#include <string.h>

static const char *const kind_names[] = {"none", "renewal", "payment"};
static const char *const reason_names[] = {"none", "not_owned", "no_price", "no_policy", "out_of_calendar",
                                           "fee_overflow"};

const char *sup_offer_kind_name(sup_offer_kind k) { return (unsigned)k <= SUP_OFFER_PAYMENT ? kind_names[k] : ""; }

const char *sup_offer_reason_name(sup_offer_reason r)
{
    return (unsigned)r <= SUP_OFFER_REASON_FEE_OVERFLOW ? reason_names[r] : "";
}

int sup_offer_new(sup_offer **out)
{
    SUP__CHECK_ARG(out, "sup_offer_new");
    *out = sup__calloc(1, sizeof **out);
    return *out ? SUP_OK : sup__fail(SUP_ENOMEM, "out of memory creating an offer");
}

void sup_offer_free(sup_offer *offer) { sup__free(offer); }

sup_offer_kind sup_offer_kind_of(const sup_offer *o) { return o ? o->kind : SUP_OFFER_NONE; }
sup_offer_reason sup_offer_reason_of(const sup_offer *o) { return o ? o->reason : SUP_OFFER_REASON_NONE; }
sup_date sup_offer_on(const sup_offer *o) { return o ? o->on : SUP_DATE_NONE; }
const sup_quote *sup_offer_quote(const sup_offer *o) { return o != NULL && o->kind != SUP_OFFER_NONE ? &o->quote : NULL; }

void sup__offer_none(sup_offer *offer, sup_date on, sup_offer_reason reason)
{
    memset(offer, 0, sizeof *offer);
    offer->on = on;
    offer->reason = reason;
}

void sup__offer_set(sup_offer *offer, sup_offer_kind kind, const sup_quote *quote)
{
    offer->kind = kind;
    offer->reason = SUP_OFFER_REASON_NONE;
    offer->quote = *quote;
    offer->on = quote->on;
}

sup_offer_reason sup__offer_reason_for(int rc)
{
    switch (rc) {
    case SUP_EDATE: return SUP_OFFER_REASON_OUT_OF_CALENDAR; /* the date itself was checked: the new end is past 9999 */
    case SUP_EMONEY: return SUP_OFFER_REASON_FEE_OVERFLOW;
    default: return SUP_OFFER_REASON_NONE;
    }
}

int sup__license_offer_versions(const sup_license *lic, const sup_product *prod, const sup__policy_version *versions,
                                size_t nversions, sup_date on, sup_offer *offer)
{
    SUP__CHECK_ARG(offer, "sup_license_offer");
    sup__offer_none(offer, on, SUP_OFFER_REASON_NONE);
    SUP__CHECK_ARG(lic, "sup_license_offer");
    SUP__CHECK_ARG(prod, "sup_license_offer");
    int rc = sup__check_date(on, "offer date");
    if (rc != SUP_OK)
        return rc;
    if (prod->kind != lic->kind)
        return sup__fail(SUP_EINVAL, "sup_license_offer: the product is %s but the license is %s",
                         sup_license_kind_name(prod->kind), sup_license_kind_name(lic->kind));
    bool perpetual = lic->kind == SUP_LICENSE_PERPETUAL;
    /* The reasons the quotes would fail with, in the order they check them. */
    if (on < lic->events[0].on) {
        offer->reason = SUP_OFFER_REASON_NOT_OWNED;
        return SUP_OK;
    }
    if (perpetual && sup__version_index(versions, nversions, on) == (size_t)-1) {
        offer->reason = SUP_OFFER_REASON_NO_POLICY;
        return SUP_OK;
    }
    if (sup__product_price_index(prod, on) == (size_t)-1) {
        offer->reason = SUP_OFFER_REASON_NO_PRICE;
        return SUP_OK;
    }
    sup_quote q;
    rc = perpetual ? sup__license_quote_versions(lic, prod, versions, nversions, on, &q)
                   : sup_license_quote_payment(lic, prod, on, &q);
    if (rc == SUP_OK) {
        sup__offer_set(offer, perpetual ? SUP_OFFER_RENEWAL : SUP_OFFER_PAYMENT, &q);
        return SUP_OK;
    }
    offer->reason = sup__offer_reason_for(rc);
    return offer->reason != SUP_OFFER_REASON_NONE ? SUP_OK : rc;
}

int sup_license_offer(const sup_license *lic, const sup_product *prod, const sup_policy *policy, sup_date on,
                      sup_offer *offer)
{
    sup__policy_version v = {SUP_DATE_MIN, policy != NULL ? policy : sup__default_policy()};
    return sup__license_offer_versions(lic, prod, &v, 1, on, offer);
}
