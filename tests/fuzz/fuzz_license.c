/*
 * Fuzz target: a random sequence of API calls on one license, checking the
 * invariants POLICY.md implies after every call:
 *  - status: active iff on <= support_until; grace/lapsed split at the end of
 *    the preferential window; the permissions follow the state;
 *  - the quote's kind agrees with the status (active/grace: preferential,
 *    lapsed: standard); its fee is the policy's fee of the list price on the
 *    date; valid_through: the same quote on that day, a different one the day after;
 *  - a renewal or payment succeeds exactly when the amount is the quoted fee and
 *    the date is not before the last event, and never shortens latest_until;
 *    a refused one changes nothing;
 *  - downloads: release <= support_until as of the date (subscriptions: only while paid);
 *  - history: answers about a past date do not change when later events are recorded.
 */
#include "fuzz_common.h"

#define MAX_OPS 256
#define MAX_SNAPS 16

typedef struct world {
    fuzz_reader *r;
    sup_policy *pol; /* NULL: the default policy */
    sup_policy *ref; /* the policy in force, for its settings (pol or a default one) */
    sup_product *prod;
    sup_license *lic;
    sup_quote *q, *q2;
    sup_status *st;
    sup_date cursor;
    struct {
        sup_date on, until;
    } snaps[MAX_SNAPS];
    size_t nsnaps;
} world;

static sup_date add_days(sup_date d, int32_t n)
{
    sup_date out;
    return sup_date_add_days(d, n, &out) == SUP_OK ? out : d;
}

static sup_date add_months_sat(sup_date d, int n)
{
    sup_date out;
    if (sup_date_add_months(d, n, &out) == SUP_OK)
        return out;
    return n >= 0 ? SUP_DATE_MAX : SUP_DATE_MIN;
}

static sup_date last_on(const sup_license *lic)
{
    sup_date on = 0;
    FUZZ_CHECK(sup_license_event(lic, sup_license_event_count(lic) - 1, NULL, &on, NULL, NULL) == SUP_OK);
    return on;
}

static bool is_perpetual(const world *w) { return sup_license_kind_of(w->lic) == SUP_LICENSE_PERPETUAL; }

/* The date of the next call: mostly moving forward, sometimes a boundary of the
 * license's current terms, sometimes anywhere (also invalid). */
static sup_date next_date(world *w)
{
    uint8_t how = fuzz_u8(w->r);
    sup_date latest = sup_license_latest_until(w->lic);
    if (how < 140) {
        w->cursor = add_days(w->cursor, (int32_t)(fuzz_u8(w->r) % 64u) * (how < 40 ? 8 : 1));
        return w->cursor;
    }
    if (how < 210) {
        sup_date window = add_months_sat(latest, sup_policy_grace_months(w->ref));
        sup_date b[] = {latest, add_days(latest, 1), add_days(latest, -1), window, add_days(window, 1),
                        add_days(window, -1), sup_license_purchased(w->lic), add_days(sup_license_purchased(w->lic), -1),
                        last_on(w->lic), w->cursor};
        return b[fuzz_u8(w->r) % (sizeof b / sizeof b[0])];
    }
    return fuzz_date_near(w->r, w->cursor);
}

/* ---- history snapshots: support_until as of a past date never changes ---- */
static void snapshot(world *w, sup_date on)
{
    sup_date u;
    if (!sup_date_is_valid(on) || w->nsnaps == MAX_SNAPS)
        return;
    FUZZ_CHECK(sup_license_support_until(w->lic, on, &u) == SUP_OK);
    w->snaps[w->nsnaps].on = on;
    w->snaps[w->nsnaps].until = u;
    w->nsnaps++;
}

/* An event was recorded on `at`: answers for earlier dates must be unchanged. */
static void verify_snapshots(world *w, sup_date at)
{
    size_t k = 0;
    for (size_t i = 0; i < w->nsnaps; i++) {
        if (w->snaps[i].on >= at)
            continue; /* the new event may change this one: forget it */
        sup_date u;
        FUZZ_CHECK(sup_license_support_until(w->lic, w->snaps[i].on, &u) == SUP_OK);
        FUZZ_CHECK(u == w->snaps[i].until);
        w->snaps[k++] = w->snaps[i];
    }
    w->nsnaps = k;
}

static void check_history(const world *w)
{
    size_t n = sup_license_event_count(w->lic);
    FUZZ_CHECK(n >= 1);
    sup_date prev = 0;
    for (size_t i = 0; i < n; i++) {
        sup_event_kind k;
        sup_date on, until;
        sup_money paid;
        FUZZ_CHECK(sup_license_event(w->lic, i, &k, &on, &until, &paid) == SUP_OK);
        FUZZ_CHECK(sup_date_is_valid(on) && sup_date_is_valid(until));
        FUZZ_CHECK(on >= prev);
        FUZZ_CHECK((i == 0) == (k == SUP_EVENT_PURCHASE));
        FUZZ_CHECK(sup_event_kind_name(k)[0] != '\0');
        FUZZ_CHECK(paid >= 0);
        prev = on;
        if (i == n - 1)
            FUZZ_CHECK(until == sup_license_latest_until(w->lic));
    }
    FUZZ_CHECK(sup_license_event(w->lic, n, NULL, NULL, NULL, NULL) == SUP_ENOTFOUND);
}

/* ---- operations ---- */

static void op_set_price(world *w)
{
    sup_date d = next_date(w);
    sup_money price = fuzz_money(w->r);
    int rc = sup_product_set_price(w->prod, d, price);
    if (!sup_date_is_valid(d)) {
        FUZZ_CHECK(rc == SUP_EDATE);
    } else if (price < 0) {
        FUZZ_CHECK(rc == SUP_EMONEY);
    } else {
        FUZZ_CHECK(rc == SUP_OK);
        sup_money back = -1;
        FUZZ_CHECK(sup_product_price_on(w->prod, d, &back) == SUP_OK && back == price);
        return;
    }
    fuzz_check_error(rc);
}

static void check_status(world *w, sup_date d)
{
    int rc = sup_license_status(w->lic, w->pol, d, w->st);
    if (!sup_date_is_valid(d)) {
        FUZZ_CHECK(rc == SUP_EDATE);
        fuzz_check_error(rc);
        return;
    }
    FUZZ_CHECK(rc == SUP_OK);
    FUZZ_CHECK(sup_status_on(w->st) == d);
    sup_state s = sup_status_state(w->st);
    FUZZ_CHECK(sup_state_name(s)[0] != '\0');
    int qrc = sup_license_quote(w->lic, w->prod, w->pol, d, w->q);
    if (qrc != SUP_OK)
        fuzz_check_error(qrc); /* now: the checks below may leave other messages */
    if (d < sup_license_purchased(w->lic)) {
        FUZZ_CHECK(s == SUP_STATE_NOT_OWNED);
        FUZZ_CHECK(sup_status_support_until(w->st) == SUP_DATE_NONE);
        FUZZ_CHECK(!sup_status_can_use(w->st) && !sup_status_can_consult(w->st) &&
                   !sup_status_can_get_new_versions(w->st) && !sup_status_can_propose_ideas(w->st));
        FUZZ_CHECK(qrc == (is_perpetual(w) ? SUP_ESTATE : SUP_ENOTAPPLICABLE));
        return;
    }
    sup_date u = 0;
    FUZZ_CHECK(sup_license_support_until(w->lic, d, &u) == SUP_OK);
    FUZZ_CHECK(sup_status_support_until(w->st) == u);
    int active = d <= u;
    FUZZ_CHECK(sup_status_can_consult(w->st) == active);
    FUZZ_CHECK(sup_status_can_get_new_versions(w->st) == active);
    FUZZ_CHECK(sup_status_can_propose_ideas(w->st) == active);
    if (is_perpetual(w)) {
        sup_date window = add_months_sat(u, sup_policy_grace_months(w->ref));
        FUZZ_CHECK(sup_status_preferential_until(w->st) == window);
        FUZZ_CHECK(sup_status_can_use(w->st) == 1); /* rule 2 */
        FUZZ_CHECK(s == (active ? SUP_STATE_ACTIVE : d <= window ? SUP_STATE_GRACE : SUP_STATE_LAPSED));
        if (qrc == SUP_OK) {
            /* the quote's kind agrees with the status */
            FUZZ_CHECK(sup_quote_kind_of(w->q) ==
                       (s == SUP_STATE_LAPSED ? SUP_QUOTE_STANDARD : SUP_QUOTE_PREFERENTIAL));
        } else {
            FUZZ_CHECK(qrc == SUP_ENOTFOUND || qrc == SUP_EDATE || qrc == SUP_EMONEY);
        }
    } else {
        FUZZ_CHECK(s == (active ? SUP_STATE_ACTIVE : SUP_STATE_EXPIRED));
        FUZZ_CHECK(sup_status_can_use(w->st) == active);
        FUZZ_CHECK(sup_status_preferential_until(w->st) == SUP_DATE_NONE);
        FUZZ_CHECK(qrc == SUP_ENOTAPPLICABLE && sup_quote_kind_of(w->q) == SUP_QUOTE_NOT_APPLICABLE);
    }
}

static void op_status(world *w) { check_status(w, next_date(w)); }

/* The renewal quote on d; checks it against the rules and valid_through. */
static int check_quote(world *w, sup_date d, sup_quote *q)
{
    int rc = sup_license_quote(w->lic, w->prod, w->pol, d, q);
    if (rc != SUP_OK) {
        fuzz_check_error(rc);
        if (!is_perpetual(w))
            FUZZ_CHECK(rc == SUP_ENOTAPPLICABLE);
        else if (!sup_date_is_valid(d))
            FUZZ_CHECK(rc == SUP_EDATE);
        return rc;
    }
    FUZZ_CHECK(is_perpetual(w));
    FUZZ_CHECK(sup_quote_on(q) == d);
    sup_money list = -1;
    FUZZ_CHECK(sup_product_price_on(w->prod, d, &list) == SUP_OK && list == sup_quote_list_price(q));
    sup_quote_kind kind = sup_quote_kind_of(q);
    FUZZ_CHECK(kind == SUP_QUOTE_PREFERENTIAL || kind == SUP_QUOTE_STANDARD);
    sup_rate rate = kind == SUP_QUOTE_PREFERENTIAL ? sup_policy_preferential_rate(w->ref)
                                                   : sup_policy_standard_rate(w->ref);
    FUZZ_CHECK(sup_quote_rate(q) == rate);
    sup_money fee = -1;
    FUZZ_CHECK(sup_policy_fee(w->ref, list, rate, &fee) == SUP_OK && fee == sup_quote_fee(q));
    sup_date u = 0;
    FUZZ_CHECK(sup_license_support_until(w->lic, d, &u) == SUP_OK && u == sup_quote_support_until(q));
    sup_date window = add_months_sat(u, sup_policy_grace_months(w->ref));
    FUZZ_CHECK((kind == SUP_QUOTE_PREFERENTIAL) == (d <= window));
    sup_date from = kind == SUP_QUOTE_PREFERENTIAL ? u : d; /* continuous coverage / from the renewal date */
    sup_date want = 0;
    FUZZ_CHECK(sup_date_add_months(from, sup_policy_renewal_months(w->ref), &want) == SUP_OK);
    FUZZ_CHECK(sup_quote_new_support_until(q) == want);
    FUZZ_CHECK(want > u);
    sup_date vt = sup_quote_valid_through(q);
    FUZZ_CHECK(sup_date_is_valid(vt) && vt >= d);
    if (kind == SUP_QUOTE_PREFERENTIAL)
        FUZZ_CHECK(vt <= window);
    return SUP_OK;
}

/* valid_through: the same kind and fee on every day through it, another the day after.
 * Only meaningful when nothing is recorded after d (later events change later quotes). */
static void check_valid_through(world *w, sup_date d, const sup_quote *q)
{
    if (d < last_on(w->lic))
        return;
    sup_date vt = sup_quote_valid_through(q);
    int32_t span = 0;
    FUZZ_CHECK(sup_date_diff_days(d, vt, &span) == SUP_OK);
    sup_date mid = add_days(d, span > 0 ? (int32_t)(fuzz_u32(w->r) % (uint32_t)span) : 0);
    sup_date probes[2] = {vt, mid};
    for (int i = 0; i < 2; i++) {
        int rc = sup_license_quote(w->lic, w->prod, w->pol, probes[i], w->q2);
        sup_date end;
        if (rc == SUP_EDATE && sup_quote_kind_of(q) == SUP_QUOTE_STANDARD &&
            sup_date_add_months(probes[i], sup_policy_renewal_months(w->ref), &end) != SUP_OK)
            continue; /* a standard renewal on that day would run past 9999-12-31 */
        FUZZ_CHECK(rc == SUP_OK);
        FUZZ_CHECK(sup_quote_kind_of(w->q2) == sup_quote_kind_of(q));
        FUZZ_CHECK(sup_quote_fee(w->q2) == sup_quote_fee(q));
        FUZZ_CHECK(sup_quote_valid_through(w->q2) == vt);
    }
    if (vt < SUP_DATE_MAX) {
        int rc = sup_license_quote(w->lic, w->prod, w->pol, add_days(vt, 1), w->q2);
        FUZZ_CHECK(rc != SUP_OK || sup_quote_kind_of(w->q2) != sup_quote_kind_of(q) ||
                   sup_quote_fee(w->q2) != sup_quote_fee(q));
    }
}

static void op_quote(world *w)
{
    sup_date d = next_date(w);
    if (check_quote(w, d, w->q) == SUP_OK)
        check_valid_through(w, d, w->q);
}

static sup_money choose_paid(world *w, int qrc, const sup_quote *q)
{
    uint8_t how = fuzz_u8(w->r);
    sup_money fee = qrc == SUP_OK ? sup_quote_fee(q) : 0;
    if (how < 170)
        return fee;
    if (how < 200)
        return fee < INT64_MAX ? fee + 1 : fee - 1;
    if (how < 220)
        return fee - 100; /* fee >= 0: no overflow */
    return fuzz_money(w->r);
}

/* After a renewal or payment attempt: success exactly when it should, and its effect. */
static void check_paid(world *w, sup_date d, int qrc, sup_money paid, int rc, const sup_quote *applied,
                       size_t count0, sup_date latest0, sup_date last0, sup_event_kind kind)
{
    if (rc == SUP_OK) {
        FUZZ_CHECK(qrc == SUP_OK && paid == sup_quote_fee(w->q) && d >= last0);
        FUZZ_CHECK(sup_license_event_count(w->lic) == count0 + 1);
        FUZZ_CHECK(sup_quote_kind_of(applied) == sup_quote_kind_of(w->q));
        FUZZ_CHECK(sup_quote_fee(applied) == paid);
        FUZZ_CHECK(sup_quote_new_support_until(applied) == sup_quote_new_support_until(w->q));
        /* a successful renewal or payment never shortens latest_until */
        FUZZ_CHECK(sup_license_latest_until(w->lic) == sup_quote_new_support_until(applied));
        FUZZ_CHECK(sup_license_latest_until(w->lic) >= latest0);
        sup_event_kind k;
        sup_date on;
        sup_money p;
        FUZZ_CHECK(sup_license_event(w->lic, count0, &k, &on, NULL, &p) == SUP_OK);
        FUZZ_CHECK(on == d && p == paid);
        if (kind == SUP_EVENT_SUBSCRIPTION_PAYMENT)
            FUZZ_CHECK(k == kind);
        else
            FUZZ_CHECK(k == (sup_quote_kind_of(applied) == SUP_QUOTE_PREFERENTIAL ? SUP_EVENT_PREFERENTIAL_RENEWAL
                                                                                : SUP_EVENT_STANDARD_RENEWAL));
        verify_snapshots(w, d);
        /* support is active on the day paid, unless a window longer than the renewal term was used */
        if (kind == SUP_EVENT_SUBSCRIPTION_PAYMENT || sup_quote_kind_of(applied) == SUP_QUOTE_STANDARD ||
            sup_policy_grace_months(w->ref) <= sup_policy_renewal_months(w->ref)) {
            FUZZ_CHECK(sup_license_status(w->lic, w->pol, d, w->st) == SUP_OK);
            FUZZ_CHECK(sup_status_state(w->st) == SUP_STATE_ACTIVE);
        }
        return;
    }
    fuzz_check_error(rc);
    /* a refused call changes nothing */
    FUZZ_CHECK(sup_license_event_count(w->lic) == count0);
    FUZZ_CHECK(sup_license_latest_until(w->lic) == latest0);
    if (qrc == SUP_OK && d < last0)
        FUZZ_CHECK(rc == SUP_ESTATE);
    if (qrc == SUP_OK && d >= last0)
        FUZZ_CHECK(paid != sup_quote_fee(w->q) ? rc == SUP_EMISMATCH : rc == SUP_ENOMEM);
}

static void op_renew(world *w)
{
    sup_date d = next_date(w);
    int qrc = check_quote(w, d, w->q);
    sup_money paid = choose_paid(w, qrc, w->q);
    size_t count0 = sup_license_event_count(w->lic);
    sup_date latest0 = sup_license_latest_until(w->lic), last0 = last_on(w->lic);
    bool want_applied = fuzz_u8(w->r) & 1;
    int rc = sup_license_renew(w->lic, w->prod, w->pol, d, paid, want_applied ? w->q2 : NULL);
    const sup_quote *applied = want_applied ? w->q2 : w->q; /* not asked for: compare with the quote */
    check_paid(w, d, qrc, paid, rc, applied, count0, latest0, last0, SUP_EVENT_PREFERENTIAL_RENEWAL);
}

static int check_payment_quote(world *w, sup_date d, sup_quote *q)
{
    int rc = sup_license_quote_payment(w->lic, w->prod, d, q);
    if (rc != SUP_OK) {
        fuzz_check_error(rc);
        if (is_perpetual(w))
            FUZZ_CHECK(rc == SUP_ENOTAPPLICABLE);
        return rc;
    }
    FUZZ_CHECK(!is_perpetual(w));
    FUZZ_CHECK(sup_quote_kind_of(q) == SUP_QUOTE_SUBSCRIPTION && sup_quote_rate(q) == SUP_RATE_MAX);
    sup_money list = -1;
    FUZZ_CHECK(sup_product_price_on(w->prod, d, &list) == SUP_OK);
    FUZZ_CHECK(sup_quote_list_price(q) == list && sup_quote_fee(q) == list);
    sup_date u = 0;
    FUZZ_CHECK(sup_license_support_until(w->lic, d, &u) == SUP_OK && sup_quote_support_until(q) == u);
    /* POLICY.md: the billing day is kept — periods count from the anchor (the start, or the payment that
     * restarted a lapsed subscription; a period recorded as is anchors at its end) */
    sup_date anchor = 0, paid_until = 0;
    long periods = 0;
    for (size_t i = 0; i < sup_license_event_count(w->lic); i++) {
        sup_event_kind kind;
        sup_date on, until;
        FUZZ_CHECK(sup_license_event(w->lic, i, &kind, &on, &until, NULL) == SUP_OK);
        if (on > d)
            break;
        if (i == 0) {
            anchor = on;
            periods = 1;
        } else if (kind == SUP_EVENT_SUBSCRIPTION_PAYMENT && on <= paid_until) {
            periods++;
        } else if (kind == SUP_EVENT_SUBSCRIPTION_PAYMENT) {
            anchor = on;
            periods = 1;
        } else {
            anchor = until;
            periods = 0;
        }
        paid_until = until;
    }
    sup_date want = 0;
    if (d <= u)
        FUZZ_CHECK(sup_date_add_months(anchor, (int)((periods + 1) * sup_product_period_months(w->prod)), &want) ==
                   SUP_OK);
    else
        FUZZ_CHECK(sup_date_add_months(d, sup_product_period_months(w->prod), &want) == SUP_OK);
    FUZZ_CHECK(sup_quote_new_support_until(q) == want && want > d && want > u);
    FUZZ_CHECK(sup_quote_valid_through(q) >= d);
    return SUP_OK;
}

static void op_pay(world *w)
{
    sup_date d = next_date(w);
    int qrc = check_payment_quote(w, d, w->q);
    sup_money paid = choose_paid(w, qrc, w->q);
    size_t count0 = sup_license_event_count(w->lic);
    sup_date latest0 = sup_license_latest_until(w->lic), last0 = last_on(w->lic);
    int rc = sup_license_pay(w->lic, w->prod, d, paid, w->q2);
    check_paid(w, d, qrc, paid, rc, w->q2, count0, latest0, last0, SUP_EVENT_SUBSCRIPTION_PAYMENT);
}

static void op_download(world *w)
{
    sup_date d = next_date(w);
    sup_date rel = (fuzz_u8(w->r) & 1) ? next_date(w) : fuzz_date_near(w->r, d);
    int allowed = -1;
    int rc = sup_license_can_download(w->lic, d, rel, &allowed);
    if (!sup_date_is_valid(d) || !sup_date_is_valid(rel)) {
        FUZZ_CHECK(rc == SUP_EDATE);
        fuzz_check_error(rc);
        return;
    }
    FUZZ_CHECK(rc == SUP_OK);
    int want = 0;
    if (d >= sup_license_purchased(w->lic)) {
        sup_date u = 0;
        FUZZ_CHECK(sup_license_support_until(w->lic, d, &u) == SUP_OK);
        want = rel <= u && (is_perpetual(w) || d <= u); /* rule 3; subscriptions only while paid */
        int by_rule = -1;
        FUZZ_CHECK(sup_release_allowed(u, rel, &by_rule) == SUP_OK && by_rule == (rel <= u));
    }
    FUZZ_CHECK(allowed == want);
}

static void op_add_period(world *w)
{
    sup_date d = next_date(w);
    sup_date until = (fuzz_u8(w->r) < 200) ? add_days(d, (int32_t)(fuzz_u16(w->r) % 800u) - 100) : next_date(w);
    size_t count0 = sup_license_event_count(w->lic);
    sup_date latest0 = sup_license_latest_until(w->lic), last0 = last_on(w->lic);
    sup_date purchased = sup_license_purchased(w->lic);
    int rc = sup_license_add_period(w->lic, d, until);
    bool ok = sup_date_is_valid(d) && sup_date_is_valid(until) && d >= purchased && until >= purchased && d >= last0;
    if (ok) {
        FUZZ_CHECK(rc == SUP_OK);
        FUZZ_CHECK(sup_license_event_count(w->lic) == count0 + 1 && sup_license_latest_until(w->lic) == until);
        sup_date u = 0;
        FUZZ_CHECK(sup_license_support_until(w->lic, d, &u) == SUP_OK && u == until);
        verify_snapshots(w, d);
    } else {
        FUZZ_CHECK(rc != SUP_OK);
        fuzz_check_error(rc);
        FUZZ_CHECK(sup_license_event_count(w->lic) == count0 && sup_license_latest_until(w->lic) == latest0);
    }
}

static void op_clone(world *w)
{
    sup_license *c = NULL;
    FUZZ_CHECK(sup_license_clone(w->lic, &c) == SUP_OK);
    size_t n = sup_license_event_count(w->lic);
    FUZZ_CHECK(sup_license_event_count(c) == n);
    for (size_t i = 0; i < n; i++) {
        sup_event_kind k1, k2;
        sup_date o1, o2, u1, u2;
        sup_money p1, p2;
        FUZZ_CHECK(sup_license_event(w->lic, i, &k1, &o1, &u1, &p1) == SUP_OK);
        FUZZ_CHECK(sup_license_event(c, i, &k2, &o2, &u2, &p2) == SUP_OK);
        FUZZ_CHECK(k1 == k2 && o1 == o2 && u1 == u2 && p1 == p2);
    }
    /* the clone answers like the original */
    sup_date d = next_date(w);
    sup_date u1 = 0, u2 = 0;
    int r1 = sup_license_support_until(w->lic, d, &u1), r2 = sup_license_support_until(c, d, &u2);
    FUZZ_CHECK(r1 == r2 && u1 == u2);
    sup_license_free(c);
}

static void op_quote_compute(world *w)
{
    sup_date u = next_date(w);
    sup_date d = next_date(w);
    sup_money price = fuzz_money(w->r);
    int rc = sup_quote_compute(w->pol, u, price, d, w->q);
    if (rc != SUP_OK) {
        fuzz_check_error(rc);
        FUZZ_CHECK(!sup_date_is_valid(u) || !sup_date_is_valid(d) || price < 0 || rc == SUP_EMONEY ||
                   rc == SUP_EDATE);
        return;
    }
    FUZZ_CHECK(sup_quote_support_until(w->q) == u && sup_quote_list_price(w->q) == price);
    sup_date window = add_months_sat(u, sup_policy_grace_months(w->ref));
    FUZZ_CHECK(sup_quote_kind_of(w->q) == (d <= window ? SUP_QUOTE_PREFERENTIAL : SUP_QUOTE_STANDARD));
    FUZZ_CHECK(sup_quote_valid_through(w->q) == (d <= window ? window : SUP_DATE_MAX));
}

static void op_snapshot(world *w) { snapshot(w, next_date(w)); }

/* ---- setup ---- */

static sup_policy *make_policy(fuzz_reader *r)
{
    if (fuzz_u8(r) < 100)
        return NULL;
    sup_policy *p = NULL;
    FUZZ_CHECK(sup_policy_new(&p) == SUP_OK);
    uint8_t mask = fuzz_u8(r);
    if (mask & 1) {
        sup_rate v = (sup_rate)(fuzz_u16(r) % 10050u);
        int rc = sup_policy_set_preferential_rate(p, v);
        FUZZ_CHECK(rc == (v <= SUP_RATE_MAX ? SUP_OK : SUP_ERANGE));
    }
    if (mask & 2) {
        sup_rate v = (sup_rate)(fuzz_u16(r) % 10050u);
        int rc = sup_policy_set_standard_rate(p, v);
        FUZZ_CHECK(rc == (v <= SUP_RATE_MAX ? SUP_OK : SUP_ERANGE));
    }
    if (mask & 4) {
        int v = (fuzz_u8(r) < 230) ? (int)(fuzz_u8(r) % 25u) : (int)(int16_t)fuzz_u16(r);
        int rc = sup_policy_set_grace_months(p, v);
        FUZZ_CHECK(rc == (v >= 0 && v <= SUP_MONTHS_MAX ? SUP_OK : SUP_ERANGE));
    }
    if (mask & 8) {
        int v = (fuzz_u8(r) < 230) ? (int)(fuzz_u8(r) % 37u) : (int)(int16_t)fuzz_u16(r);
        int rc = sup_policy_set_renewal_months(p, v);
        FUZZ_CHECK(rc == (v >= 1 && v <= SUP_MONTHS_MAX ? SUP_OK : SUP_ERANGE));
    }
    if (mask & 16) {
        static const sup_money units[] = {1, 100, 1000, 5000, 100000000, 3};
        sup_money unit = units[fuzz_u8(r) % (sizeof units / sizeof units[0])];
        FUZZ_CHECK(sup_policy_set_rounding(p, unit, (sup_rounding_mode)(fuzz_u8(r) % 4)) == SUP_OK);
    }
    return p;
}

static void make_product(world *w)
{
    sup_license_kind kind = (sup_license_kind)(fuzz_u8(w->r) % 3);
    static const int months[] = {6, 0, 1, 12, 24, 1200, 13, -1, 1201};
    int m = months[fuzz_u8(w->r) % (sizeof months / sizeof months[0])];
    int rc = sup_product_new(kind, m, &w->prod);
    if (rc != SUP_OK) {
        FUZZ_CHECK(rc == SUP_ERANGE && w->prod == NULL);
        fuzz_check_error(rc);
        FUZZ_CHECK(sup_product_new(kind, 0, &w->prod) == SUP_OK);
    }
    FUZZ_CHECK(sup_product_kind(w->prod) == kind);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_reader r = {data, size};
    world w;
    memset(&w, 0, sizeof w);
    w.r = &r;
    w.pol = make_policy(&r);
    if (w.pol != NULL)
        w.ref = w.pol;
    else
        FUZZ_CHECK(sup_policy_new(&w.ref) == SUP_OK);
    make_product(&w);
    FUZZ_CHECK(sup_quote_new(&w.q) == SUP_OK && sup_quote_new(&w.q2) == SUP_OK && sup_status_new(&w.st) == SUP_OK);

    sup_date purchased = fuzz_date_near(&r, 20260131);
    int nprices = fuzz_u8(&r) % 4;
    for (int i = 0; i < nprices; i++) {
        sup_date eff = fuzz_date_near(&r, purchased);
        sup_money price = fuzz_money(&r);
        if (sup_product_set_price(w.prod, eff, price) != SUP_OK)
            fuzz_check_error(sup_error_code());
    }
    int rc = sup_license_new(w.prod, purchased, &w.lic);
    if (rc != SUP_OK) {
        FUZZ_CHECK(rc == SUP_EDATE && w.lic == NULL);
        fuzz_check_error(rc);
        purchased = 20260131;
        FUZZ_CHECK(sup_license_new(w.prod, purchased, &w.lic) == SUP_OK);
    }
    FUZZ_CHECK(sup_license_purchased(w.lic) == purchased);
    FUZZ_CHECK(sup_license_kind_of(w.lic) == sup_product_kind(w.prod));
    w.cursor = purchased;

    static void (*const ops[])(world *) = {op_set_price, op_status,   op_quote,         op_renew,
                                           op_pay,       op_download, op_add_period,    op_clone,
                                           op_snapshot,  op_renew,    op_quote_compute, op_status};
    for (int i = 0; i < MAX_OPS && fuzz_more(&r); i++) {
        ops[fuzz_u8(&r) % (sizeof ops / sizeof ops[0])](&w);
        check_history(&w);
    }

    sup_license_free(w.lic);
    sup_product_free(w.prod);
    sup_quote_free(w.q);
    sup_quote_free(w.q2);
    sup_status_free(w.st);
    if (w.ref != w.pol)
        sup_policy_free(w.ref);
    sup_policy_free(w.pol);
    return 0;
}
