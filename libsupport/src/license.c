/* libsupport — licenses: status, downloads, renewal quotes, renewals, payments.
 * Every rule of POLICY.md about a single license lives in this file. */
#include "libsupport/license.h"
#include "license_internal.h"
#include "product_internal.h"
#include "policy_internal.h"
#include "date_internal.h"
#include "money_internal.h"
#include "error_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NO_INDEX ((size_t)-1)

static const char *const state_names[] = {"not_owned", "active", "grace", "lapsed", "expired"};
static const char *const quote_names[] = {"not_applicable", "preferential", "standard", "subscription"};
static const char *const event_names[] = {"purchase", "preferential_renewal", "standard_renewal",
                                          "subscription_payment", "period"};

const char *sup_state_name(sup_state s) { return (unsigned)s <= SUP_STATE_EXPIRED ? state_names[s] : ""; }
const char *sup_quote_kind_name(sup_quote_kind k)
{
    return (unsigned)k <= SUP_QUOTE_SUBSCRIPTION ? quote_names[k] : "";
}
const char *sup_event_kind_name(sup_event_kind k) { return (unsigned)k <= SUP_EVENT_PERIOD ? event_names[k] : ""; }

/* ---- construction ---------------------------------------------------------- */

int sup__license_push_event(sup_license *lic, sup_event_kind kind, sup_date on, sup_date until, sup_money paid)
{
    if (lic->event_count > 0 && on < lic->events[lic->event_count - 1].on) {
        char a[24], b[24];
        sup__date_str(on, a);
        sup__date_str(lic->events[lic->event_count - 1].on, b);
        return sup__fail(SUP_ESTATE, "an event on %s is before the last recorded event on %s: record in date order", a,
                         b);
    }
    if (lic->event_count == lic->event_cap) {
        size_t cap = lic->event_cap ? lic->event_cap * 2 : 4;
        struct sup__event *e = sup__realloc(lic->events, cap * sizeof *e);
        if (e == NULL)
            return sup__fail(SUP_ENOMEM, "out of memory recording a license event");
        lic->events = e;
        lic->event_cap = cap;
    }
    struct sup__event *e = &lic->events[lic->event_count++];
    e->kind = kind;
    e->on = on;
    e->until = until;
    e->paid = paid;
    return SUP_OK;
}

sup_license *sup__license_alloc(sup_license_kind kind, int term_months)
{
    sup_license *lic = sup__calloc(1, sizeof *lic);
    if (lic != NULL) {
        lic->kind = kind;
        lic->term_months = term_months;
    }
    return lic;
}

int sup_license_new(const sup_product *product, sup_date purchased, sup_license **out)
{
    SUP__CHECK_ARG(out, "sup_license_new");
    *out = NULL;
    SUP__CHECK_ARG(product, "sup_license_new");
    int rc = sup__check_date(purchased, "purchase date");
    if (rc != SUP_OK)
        return rc;
    sup_date until;
    if (!sup__add_months(purchased, product->support_months, &until)) {
        char b[24];
        sup__date_str(purchased, b);
        return sup__fail(SUP_EDATE, "a purchase on %s with %d months of support runs past 9999-12-31", b,
                         product->support_months);
    }
    sup_license *lic = sup__license_alloc(product->kind, product->support_months);
    if (lic == NULL)
        return sup__fail(SUP_ENOMEM, "out of memory creating a license");
    size_t pi = sup__product_price_index(product, purchased);
    sup_money paid = pi == NO_INDEX ? 0 : product->prices[pi].price;
    rc = sup__license_push_event(lic, SUP_EVENT_PURCHASE, purchased, until, paid);
    if (rc != SUP_OK) {
        sup__free(lic);
        return rc;
    }
    *out = lic;
    return SUP_OK;
}

int sup_license_clone(const sup_license *license, sup_license **out)
{
    SUP__CHECK_ARG(out, "sup_license_clone");
    *out = NULL;
    SUP__CHECK_ARG(license, "sup_license_clone");
    sup_license *lic = sup__calloc(1, sizeof *lic);
    if (lic == NULL)
        return sup__fail(SUP_ENOMEM, "out of memory copying a license");
    *lic = *license;
    lic->events = sup__malloc(license->event_count * sizeof *lic->events);
    if (lic->events == NULL) {
        sup__free(lic);
        return sup__fail(SUP_ENOMEM, "out of memory copying a license");
    }
    memcpy(lic->events, license->events, license->event_count * sizeof *lic->events);
    lic->event_cap = license->event_count;
    *out = lic;
    return SUP_OK;
}

void sup_license_free(sup_license *license)
{
    if (license == NULL)
        return;
    sup__free(license->events);
    sup__free(license);
}

sup_license_kind sup_license_kind_of(const sup_license *l) { return l ? l->kind : SUP_LICENSE_PERPETUAL; }
sup_date sup_license_purchased(const sup_license *l) { return l ? l->events[0].on : SUP_DATE_NONE; }
sup_date sup_license_latest_until(const sup_license *l) { return l ? l->events[l->event_count - 1].until : 0; }

/* support_until as of `on`: the last event recorded on or before `on`. */
static sup_date until_as_of(const sup_license *lic, sup_date on)
{
    for (size_t i = lic->event_count; i-- > 0;)
        if (lic->events[i].on <= on)
            return lic->events[i].until;
    return SUP_DATE_NONE;
}

int sup_license_support_until(const sup_license *lic, sup_date on, sup_date *out)
{
    SUP__CHECK_ARG(lic, "sup_license_support_until");
    SUP__CHECK_ARG(out, "sup_license_support_until");
    int rc = sup__check_date(on, "date");
    if (rc != SUP_OK)
        return rc;
    *out = until_as_of(lic, on);
    return SUP_OK;
}

int sup_license_add_period(sup_license *lic, sup_date on, sup_date until)
{
    SUP__CHECK_ARG(lic, "sup_license_add_period");
    int rc = sup__check_date(on, "period date");
    if (rc == SUP_OK)
        rc = sup__check_date(until, "support end");
    if (rc != SUP_OK)
        return rc;
    char a[24], b[24];
    if (on < lic->events[0].on) {
        sup__date_str(on, a);
        sup__date_str(lic->events[0].on, b);
        return sup__fail(SUP_ESTATE, "a period recorded on %s is before the purchase on %s", a, b);
    }
    if (until < lic->events[0].on) {
        sup__date_str(until, a);
        sup__date_str(lic->events[0].on, b);
        return sup__fail(SUP_EDATE, "support end %s is before the purchase on %s", a, b);
    }
    return sup__license_push_event(lic, SUP_EVENT_PERIOD, on, until, 0);
}

size_t sup_license_event_count(const sup_license *l) { return l ? l->event_count : 0; }

int sup_license_event(const sup_license *l, size_t i, sup_event_kind *kind, sup_date *on, sup_date *until,
                      sup_money *paid)
{
    SUP__CHECK_ARG(l, "sup_license_event");
    if (i >= l->event_count)
        return sup__fail(SUP_ENOTFOUND, "event %zu: the license has %zu events", i, l->event_count);
    const struct sup__event *e = &l->events[i];
    if (kind)
        *kind = e->kind;
    if (on)
        *on = e->on;
    if (until)
        *until = e->until;
    if (paid)
        *paid = e->paid;
    return SUP_OK;
}

/* ---- status ------------------------------------------------------------------ */

int sup_status_new(sup_status **out)
{
    SUP__CHECK_ARG(out, "sup_status_new");
    *out = sup__calloc(1, sizeof **out);
    return *out ? SUP_OK : sup__fail(SUP_ENOMEM, "out of memory creating a status");
}

void sup_status_free(sup_status *s) { sup__free(s); }

int sup_license_status(const sup_license *lic, const sup_policy *policy, sup_date on, sup_status *st)
{
    SUP__CHECK_ARG(lic, "sup_license_status");
    SUP__CHECK_ARG(st, "sup_license_status");
    int rc = sup__check_date(on, "status date");
    if (rc != SUP_OK)
        return rc;
    if (policy == NULL)
        policy = sup__default_policy();
    memset(st, 0, sizeof *st);
    st->on = on;
    st->state = SUP_STATE_NOT_OWNED;
    if (on < lic->events[0].on)
        return SUP_OK;
    sup_date until = until_as_of(lic, on);
    st->support_until = until;
    bool covered = on <= until;
    if (lic->kind == SUP_LICENSE_PERPETUAL) {
        st->preferential_until = sup__add_months_sat(until, policy->grace_months);
        st->can_use = 1; /* rule 2: the license itself never ends */
        if (covered)
            st->state = SUP_STATE_ACTIVE;
        else if (on <= st->preferential_until)
            st->state = SUP_STATE_GRACE;
        else
            st->state = SUP_STATE_LAPSED;
    } else {
        st->state = covered ? SUP_STATE_ACTIVE : SUP_STATE_EXPIRED;
        st->can_use = covered;
    }
    /* rule 4: consultations, new versions and ideas only while support is active */
    st->can_consult = st->can_get_new_versions = st->can_propose_ideas = covered;
    return SUP_OK;
}

sup_state sup_status_state(const sup_status *s) { return s ? s->state : SUP_STATE_NOT_OWNED; }
sup_date sup_status_on(const sup_status *s) { return s ? s->on : SUP_DATE_NONE; }
sup_date sup_status_support_until(const sup_status *s) { return s ? s->support_until : SUP_DATE_NONE; }
sup_date sup_status_preferential_until(const sup_status *s) { return s ? s->preferential_until : SUP_DATE_NONE; }
int sup_status_can_use(const sup_status *s) { return s ? s->can_use : 0; }
int sup_status_can_consult(const sup_status *s) { return s ? s->can_consult : 0; }
int sup_status_can_get_new_versions(const sup_status *s) { return s ? s->can_get_new_versions : 0; }
int sup_status_can_propose_ideas(const sup_status *s) { return s ? s->can_propose_ideas : 0; }

/* ---- downloads ------------------------------------------------------------- */

int sup_release_allowed(sup_date support_until, sup_date release, int *allowed)
{
    SUP__CHECK_ARG(allowed, "sup_release_allowed");
    int rc = sup__check_date(support_until, "support end");
    if (rc == SUP_OK)
        rc = sup__check_date(release, "release date");
    if (rc != SUP_OK)
        return rc;
    *allowed = release <= support_until; /* rule 3 */
    return SUP_OK;
}

int sup_license_can_download(const sup_license *lic, sup_date on, sup_date release, int *allowed)
{
    SUP__CHECK_ARG(lic, "sup_license_can_download");
    SUP__CHECK_ARG(allowed, "sup_license_can_download");
    int rc = sup__check_date(on, "date");
    if (rc == SUP_OK)
        rc = sup__check_date(release, "release date");
    if (rc != SUP_OK)
        return rc;
    *allowed = 0;
    if (on < lic->events[0].on)
        return SUP_OK;
    sup_date until = until_as_of(lic, on);
    if (lic->kind != SUP_LICENSE_PERPETUAL && on > until)
        return SUP_OK; /* a lapsed subscription gets nothing */
    return sup_release_allowed(until, release, allowed);
}

/* ---- quotes ------------------------------------------------------------------ */

int sup_quote_new(sup_quote **out)
{
    SUP__CHECK_ARG(out, "sup_quote_new");
    *out = sup__calloc(1, sizeof **out);
    return *out ? SUP_OK : sup__fail(SUP_ENOMEM, "out of memory creating a quote");
}

int sup_quote_clone(const sup_quote *quote, sup_quote **out)
{
    SUP__CHECK_ARG(out, "sup_quote_clone");
    *out = NULL;
    SUP__CHECK_ARG(quote, "sup_quote_clone");
    sup_quote *q = sup__malloc(sizeof *q);
    if (q == NULL)
        return sup__fail(SUP_ENOMEM, "out of memory copying a quote");
    *q = *quote;
    *out = q;
    return SUP_OK;
}

void sup_quote_free(sup_quote *q) { sup__free(q); }

sup_quote_kind sup_quote_kind_of(const sup_quote *q) { return q ? q->kind : SUP_QUOTE_NOT_APPLICABLE; }
sup_date sup_quote_on(const sup_quote *q) { return q ? q->on : SUP_DATE_NONE; }
sup_rate sup_quote_rate(const sup_quote *q) { return q ? q->rate : 0; }
sup_money sup_quote_list_price(const sup_quote *q) { return q ? q->list_price : 0; }
sup_money sup_quote_fee(const sup_quote *q) { return q ? q->fee : 0; }
sup_date sup_quote_support_until(const sup_quote *q) { return q ? q->support_until : SUP_DATE_NONE; }
sup_date sup_quote_new_support_until(const sup_quote *q) { return q ? q->new_support_until : SUP_DATE_NONE; }
sup_date sup_quote_valid_through(const sup_quote *q) { return q ? q->valid_through : SUP_DATE_NONE; }

/* Renewal kind and fee on a day, given the last day of the preferential window
 * and the policy and list price in force that day (both validated when set). */
static int renewal_terms(const sup_policy *pol, sup_date window_end, sup_date on, sup_money price,
                         sup_quote_kind *kind, sup_rate *rate, sup_money *fee)
{
    *kind = on <= window_end ? SUP_QUOTE_PREFERENTIAL : SUP_QUOTE_STANDARD;
    *rate = *kind == SUP_QUOTE_PREFERENTIAL ? pol->preferential_rate : pol->standard_rate;
    if (sup__fee(price, *rate, pol->rounding_unit, pol->rounding_mode, fee))
        return SUP_OK;
    return sup__fail(SUP_EMONEY, "price %lld kopecks × %ld bp overflows 64 bits", (long long)price, (long)*rate);
}

/* A quote that failed says only its date (kind not applicable, no amounts). */
static int quote_failed(sup_quote *q, sup_date on, int rc)
{
    if (q != NULL) {
        memset(q, 0, sizeof *q);
        q->on = on;
    }
    return rc;
}

static int check_quote_args(const sup_license *lic, const sup_product *prod, const sup_quote *q, sup_date on,
                            const char *fn)
{
    SUP__CHECK_ARG(lic, fn);
    SUP__CHECK_ARG(prod, fn);
    SUP__CHECK_ARG(q, fn);
    int rc = sup__check_date(on, "quote date");
    if (rc != SUP_OK)
        return rc;
    if (prod->kind != lic->kind)
        return sup__fail(SUP_EINVAL, "%s: the product is %s but the license is %s", fn,
                         sup_license_kind_name(prod->kind), sup_license_kind_name(lic->kind));
    if (on < lic->events[0].on) {
        char a[24], b[24];
        sup__date_str(on, a);
        sup__date_str(lic->events[0].on, b);
        return sup__fail(SUP_ESTATE, "the license is not owned on %s: it was bought on %s", a, b);
    }
    return SUP_OK;
}

/* A quote's valid_through: walk the segments of constant (policy, price) after
 * the quote's date — version vi and price pi in force on it — until the kind or
 * the fee changes. The window's end depends only on the policy (its grace
 * months), so it is recomputed only when the policy changes. (Called once, from
 * the quote: the compiler inlines it into the hot path.) */
static sup_date quote_valid_through(const sup_product *prod, const sup__policy_version *versions, size_t nversions,
                                    size_t vi, size_t pi, sup_date until, sup_date window_end, sup_quote_kind kind,
                                    sup_money fee)
{
    size_t cv = vi, cp = pi;
    for (;;) {
        sup_date nv = cv + 1 < nversions ? versions[cv + 1].effective : 0;
        sup_date np = cp + 1 < prod->price_count ? prod->prices[cp + 1].effective : 0;
        sup_date next = nv == 0 ? np : (np == 0 ? nv : (nv < np ? nv : np)); /* 0: no later change */
        /* A preferential quote ends with its window, unless something changes before it closes or on the day
         * after: a version taking effect that day may widen the window, so that day is priced too. */
        if (kind == SUP_QUOTE_PREFERENTIAL && (next == 0 || sup__prev_day(next) > window_end))
            return window_end;
        if (next == 0)
            return SUP_DATE_MAX;
        size_t old_cv = cv;
        while (cv + 1 < nversions && versions[cv + 1].effective <= next)
            cv++;
        while (cp + 1 < prod->price_count && prod->prices[cp + 1].effective <= next)
            cp++;
        if (cv != old_cv)
            window_end = sup__add_months_sat(until, versions[cv].policy->grace_months);
        sup_quote_kind k2;
        sup_rate r2;
        sup_money f2;
        if (renewal_terms(versions[cv].policy, window_end, next, prod->prices[cp].price, &k2, &r2, &f2) != SUP_OK ||
            k2 != kind || f2 != fee)
            return sup__prev_day(next);
    }
}

int sup__license_quote_versions(const sup_license *lic, const sup_product *prod, const sup__policy_version *versions,
                                size_t nversions, sup_date on, sup_quote *q)
{
    if (lic != NULL && lic->kind != SUP_LICENSE_PERPETUAL)
        return quote_failed(q, on,
                            sup__fail(SUP_ENOTAPPLICABLE, "the 25%%/45%% support renewal does not apply to a %s "
                                                          "license: support lasts while the subscription is paid",
                                      sup_license_kind_name(lic->kind)));
    int rc = check_quote_args(lic, prod, q, on, "renewal quote");
    if (rc != SUP_OK)
        return quote_failed(q, on, rc);
    char a[24];
    size_t vi = sup__version_index(versions, nversions, on);
    if (vi == NO_INDEX)
        return quote_failed(q, on, sup__version_at(versions, nversions, on, &vi)); /* fails with its message */
    size_t pi = sup__product_price_index(prod, on);
    if (pi == NO_INDEX) {
        sup_money unused;
        return quote_failed(q, on, sup_product_price_on(prod, on, &unused)); /* fails with its message */
    }
    const sup_policy *pol = versions[vi].policy;
    sup_date until = until_as_of(lic, on);
    sup_date window_end = sup__add_months_sat(until, pol->grace_months);
    sup_quote_kind kind;
    sup_rate rate;
    sup_money fee;
    rc = renewal_terms(pol, window_end, on, prod->prices[pi].price, &kind, &rate, &fee);
    if (rc != SUP_OK)
        return quote_failed(q, on, rc);
    /* Preferential: continuous coverage from the old end; standard: a new term from the renewal date. */
    sup_date from = kind == SUP_QUOTE_PREFERENTIAL ? until : on;
    sup_date new_until;
    if (!sup__add_months(from, pol->renewal_months, &new_until)) {
        sup__date_str(from, a);
        return quote_failed(q, on,
                            sup__fail(SUP_EDATE, "a renewal from %s for %d months runs past 9999-12-31", a,
                                      pol->renewal_months));
    }

    sup_date valid = quote_valid_through(prod, versions, nversions, vi, pi, until, window_end, kind, fee);

    q->kind = kind;
    q->on = on;
    q->rate = rate;
    q->list_price = prod->prices[pi].price;
    q->fee = fee;
    q->support_until = until;
    q->new_support_until = new_until;
    q->valid_through = valid;
    return SUP_OK;
}

static void single_version(sup__policy_version *v, const sup_policy *policy)
{
    v->effective = SUP_DATE_MIN;
    v->policy = policy != NULL ? policy : sup__default_policy();
}

int sup_license_quote(const sup_license *lic, const sup_product *prod, const sup_policy *policy, sup_date on,
                      sup_quote *q)
{
    sup__policy_version v;
    single_version(&v, policy);
    return sup__license_quote_versions(lic, prod, &v, 1, on, q);
}

int sup_quote_compute(const sup_policy *policy, sup_date support_until, sup_money price, sup_date on, sup_quote *q)
{
    SUP__CHECK_ARG(q, "sup_quote_compute");
    int rc = sup__check_date(support_until, "support end");
    if (rc != SUP_OK)
        return rc;
    if (price < 0)
        return sup__fail(SUP_EMONEY, "negative price: %lld kopecks", (long long)price);
    /* A license whose support runs through `support_until` and a product with one price. */
    struct sup__price one_price = {.effective = SUP_DATE_MIN, .price = price};
    sup_product prod = sup__product_over(SUP_LICENSE_PERPETUAL, 0, &one_price, 1);
    struct sup__event ev = {.kind = SUP_EVENT_PERIOD, .on = SUP_DATE_MIN, .until = support_until, .paid = 0};
    sup_license lic = sup__license_over(SUP_LICENSE_PERPETUAL, 0, &ev, 1);
    return sup_license_quote(&lic, &prod, policy, on, q);
}

static const char *fee_desc(sup_money amount, char buf[SUP_MONEY_BUFSIZE])
{
    if (sup_money_format(amount, SUP_MONEY_PLAIN, buf, SUP_MONEY_BUFSIZE) != SUP_OK)
        buf[0] = '\0';
    return buf;
}

/* Check order and amount, then record: shared by renewals and payments. */
static int record_paid(sup_license *lic, const sup_quote *q, sup_date on, sup_money paid, sup_event_kind ev,
                       sup_quote *applied)
{
    if (paid != q->fee) {
        char a[24], p[SUP_MONEY_BUFSIZE], f[SUP_MONEY_BUFSIZE], l[SUP_MONEY_BUFSIZE];
        sup__date_str(on, a);
        return sup__fail(SUP_EMISMATCH, "paid %s rub, but the %s %s on %s costs %s rub (list price %s rub at %ld bp)",
                         fee_desc(paid, p), sup_quote_kind_name(q->kind),
                         q->kind == SUP_QUOTE_SUBSCRIPTION ? "payment" : "renewal", a, fee_desc(q->fee, f),
                         fee_desc(q->list_price, l), (long)q->rate);
    }
    int rc = sup__license_push_event(lic, ev, on, q->new_support_until, paid);
    if (rc == SUP_OK && applied != NULL)
        *applied = *q;
    return rc;
}

static int check_order(const sup_license *lic, sup_date on)
{
    sup_date last = lic->events[lic->event_count - 1].on;
    if (sup__date_ok(on) && on < last) {
        char a[24], b[24];
        sup__date_str(on, a);
        sup__date_str(last, b);
        return sup__fail(SUP_ESTATE, "a payment on %s is before the last recorded event on %s: record in date order",
                         a, b);
    }
    return SUP_OK;
}

int sup__license_renew_versions(sup_license *lic, const sup_product *prod, const sup__policy_version *versions,
                                size_t nversions, sup_date on, sup_money paid, sup_quote *applied)
{
    SUP__CHECK_ARG(lic, "sup_license_renew");
    int rc = check_order(lic, on);
    if (rc != SUP_OK)
        return rc;
    sup_quote q;
    rc = sup__license_quote_versions(lic, prod, versions, nversions, on, &q);
    if (rc != SUP_OK)
        return rc;
    return record_paid(lic, &q, on, paid,
                       q.kind == SUP_QUOTE_PREFERENTIAL ? SUP_EVENT_PREFERENTIAL_RENEWAL : SUP_EVENT_STANDARD_RENEWAL,
                       applied);
}

int sup_license_renew(sup_license *lic, const sup_product *prod, const sup_policy *policy, sup_date on, sup_money paid,
                      sup_quote *applied)
{
    sup__policy_version v;
    single_version(&v, policy);
    return sup__license_renew_versions(lic, prod, &v, 1, on, paid, applied);
}

/*
 * POLICY.md, "Subscription products": paid periods are counted from the anchor
 * — the start, or the payment that restarted a lapsed subscription — so after
 * k consecutive periods the subscription is paid through add_months(A, k ×
 * period), and the billing day lost in a short month comes back. This walks
 * the history recorded on or before `on`: the purchase anchors one period; a
 * payment made while still paid (as recorded, also in ledgers whose stored
 * periods drifted) adds one, a payment after the paid end anchors anew; a
 * period recorded as is anchors at its end with none counted.
 */
static void billing_anchor(const sup_license *lic, sup_date on, sup_date *anchor, long *periods)
{
    sup_date paid_until = lic->events[0].until;
    *anchor = lic->events[0].on;
    *periods = 1;
    for (size_t i = 1; i < lic->event_count && lic->events[i].on <= on; i++) {
        const struct sup__event *e = &lic->events[i];
        if (e->kind == SUP_EVENT_SUBSCRIPTION_PAYMENT && e->on <= paid_until) {
            (*periods)++;
        } else if (e->kind == SUP_EVENT_SUBSCRIPTION_PAYMENT) {
            *anchor = e->on;
            *periods = 1;
        } else {
            *anchor = e->until;
            *periods = 0;
        }
        paid_until = e->until;
    }
}

int sup_license_quote_payment(const sup_license *lic, const sup_product *prod, sup_date on, sup_quote *q)
{
    if (lic != NULL && lic->kind == SUP_LICENSE_PERPETUAL)
        return quote_failed(q, on,
                            sup__fail(SUP_ENOTAPPLICABLE, "subscription payments do not apply to a perpetual "
                                                          "license: quote a support renewal"));
    int rc = check_quote_args(lic, prod, q, on, "payment quote");
    if (rc != SUP_OK)
        return quote_failed(q, on, rc);
    size_t pi = sup__product_price_index(prod, on);
    if (pi == NO_INDEX) {
        sup_money unused;
        return quote_failed(q, on, sup_product_price_on(prod, on, &unused));
    }
    sup_date until = until_as_of(lic, on);
    /* Still paid: one more period counted from the billing anchor (the billing day is kept). Lapsed: the
     * payment restarts the subscription from its own date. */
    sup_date anchor = on;
    long periods = 1;
    if (on <= until) {
        billing_anchor(lic, on, &anchor, &periods);
        periods++;
    }
    sup_date new_until;
    if (periods > SUP_MONTHS_MAX * 10L || !sup__add_months(anchor, (int)(periods * lic->term_months), &new_until)) {
        char a[24];
        sup__date_str(on <= until ? until : on, a);
        return quote_failed(q, on, sup__fail(SUP_EDATE, "a subscription period from %s runs past 9999-12-31", a));
    }
    sup_date valid = SUP_DATE_MAX;
    for (size_t k = pi + 1; k < prod->price_count; k++) {
        if (prod->prices[k].price != prod->prices[pi].price) {
            valid = sup__prev_day(prod->prices[k].effective);
            break;
        }
    }
    q->kind = SUP_QUOTE_SUBSCRIPTION;
    q->on = on;
    q->rate = SUP_RATE_MAX;
    q->list_price = prod->prices[pi].price;
    q->fee = prod->prices[pi].price;
    q->support_until = until;
    q->new_support_until = new_until;
    q->valid_through = valid;
    return SUP_OK;
}

int sup_license_pay(sup_license *lic, const sup_product *prod, sup_date on, sup_money paid, sup_quote *applied)
{
    SUP__CHECK_ARG(lic, "sup_license_pay");
    int rc = check_order(lic, on);
    if (rc != SUP_OK)
        return rc;
    sup_quote q;
    rc = sup_license_quote_payment(lic, prod, on, &q);
    if (rc != SUP_OK)
        return rc;
    return record_paid(lic, &q, on, paid, SUP_EVENT_SUBSCRIPTION_PAYMENT, applied);
}
