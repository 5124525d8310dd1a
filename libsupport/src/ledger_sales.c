/* libsupport — the ledger's sales, renewals, subscription payments and recorded
 * periods, and the reads about one license (status, quotes, notices).
 *
 * The ledger stores facts and asks the core: every rule (fees, kinds, support
 * ends, status, downloads) is computed by license.c on a license rebuilt from
 * its stored events. Each change is one transaction with one audit event. */
#include "ledger_internal.h"
#include "libsupport/import.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the derived support periods ------------------------------------------------------------- */

/* After an event on `on` was appended to `lic`: support_until from `on` on is what the core says. */
int sup__ledger_period_add(sup_ledger *l, sup_id license, const struct sup__license_row *row, const sup_license *lic,
                           sup_date on)
{
    sup_date until;
    int rc = sup_license_support_until(lic, on, &until);
    if (rc != SUP_OK)
        return rc;
    sup__stmt *st = sup__ledger_stmt(l, LS_PERIOD_CLOSE, &rc);
    if (st == NULL)
        return rc;
    sup__st_int(st, 1, license);
    sup__st_int(st, 2, on);
    sup__st_int(st, 3, on > SUP_DATE_MIN ? sup__prev_day(on) : SUP_DATE_MIN);
    sup__st_int(st, 4, row->customer);
    rc = sup__ledger_run(st, "updating support periods");
    if (rc != SUP_OK)
        return rc;
    st = sup__ledger_stmt(l, LS_PERIOD_UPSERT, &rc);
    if (st == NULL)
        return rc;
    sup__st_int(st, 1, license);
    sup__st_int(st, 2, on);
    sup__st_int(st, 3, until);
    sup__st_int(st, 4, (int)row->kind);
    sup__st_int(st, 5, row->purchased);
    sup__st_int(st, 6, row->customer);
    sup__st_int(st, 7, row->product);
    return sup__ledger_run(st, "updating support periods");
}

/* ---- events and payment ids -------------------------------------------------------------------------- */

/* Insert an event; *raced is set when its payment id was recorded meanwhile by a concurrent writer. */
int sup__ledger_insert_event(sup_ledger *l, const struct sup__event_in *e, bool *raced, sup_id *event)
{
    int rc;
    bool bulk = event == NULL; /* no id wanted: no RETURNING (on SQLite a table is built for each) */
    sup__stmt *st = sup__ledger_stmt(l, bulk ? LS_EVENT_INSERT_BULK : LS_EVENT_INSERT, &rc);
    if (st == NULL)
        return rc;
    sup__st_int(st, 1, e->license);
    sup__st_int(st, 2, (int)e->kind);
    sup__st_int(st, 3, e->on);
    sup__st_int(st, 4, e->until);
    sup__st_int(st, 5, e->amount);
    if (e->payment_id != NULL)
        sup__st_text(st, 6, e->payment_id);
    else
        sup__st_null(st, 6);
    if (e->policy_version > 0)
        sup__st_int(st, 7, e->policy_version);
    else
        sup__st_null(st, 7);
    const sup_quote zero = {0};
    const sup_quote *q = e->quote != NULL ? e->quote : &zero;
    sup__st_int(st, 8, (int)q->kind);
    sup__st_int(st, 9, q->rate);
    sup__st_int(st, 10, q->list_price);
    sup__st_int(st, 11, q->support_until);
    sup__st_int(st, 12, q->valid_through);
    sup__st_text(st, 13, e->actor);
    sup_id id = 0;
    rc = bulk ? sup__ledger_run(st, "recording a license event")
              : sup__ledger_insert_id(st, "recording a license event", &id);
    if (rc == SUP_ECONFLICT && e->payment_id != NULL)
        *raced = true;
    if (rc == SUP_OK && event != NULL)
        *event = id;
    return rc;
}

/* What the caller learns of a payment applied or replayed (NULL: nothing). */
static void tell(sup_payment_outcome *o, bool replayed, sup_id event, sup_id license, sup_date on)
{
    if (o == NULL)
        return;
    o->replayed = replayed;
    o->event = event;
    o->license = license;
    o->recorded_on = on;
}

int sup__ledger_find_payment(sup_ledger *l, const char *payment_id, struct sup__recorded *r)
{
    memset(r, 0, sizeof *r);
    int rc;
    sup__stmt *st = sup__ledger_stmt(l, LS_EVENT_BY_PAYMENT, &rc);
    if (st == NULL)
        return rc < 0 ? rc : SUP_EDB;
    sup__st_text(st, 1, payment_id);
    rc = sup__st_step(st, "looking up a payment id");
    if (rc == 1) {
        r->event = sup__col_int(st, 0);
        r->license = sup__col_int(st, 1);
        r->kind = (int)sup__col_int(st, 2);
        r->quote.on = (sup_date)sup__col_int(st, 3);
        r->quote.new_support_until = (sup_date)sup__col_int(st, 4);
        r->amount = sup__col_int(st, 5);
        r->quote.fee = r->amount;
        r->quote.kind = (sup_quote_kind)sup__col_int(st, 6);
        r->quote.rate = (sup_rate)sup__col_int(st, 7);
        r->quote.list_price = sup__col_int(st, 8);
        r->quote.support_until = (sup_date)sup__col_int(st, 9);
        r->quote.valid_through = (sup_date)sup__col_int(st, 10);
        r->customer = sup__col_int(st, 11);
        r->product = sup__col_int(st, 12);
        const char *ext = sup__col_text(st, 13);
        snprintf(r->external_id, sizeof r->external_id, "%s", ext != NULL ? ext : "");
        r->void_id = sup__col_null(st, 14) ? 0 : sup__col_int(st, 14);
        r->voided_on = r->void_id > 0 ? (sup_date)sup__col_int(st, 15) : SUP_DATE_NONE;
    }
    sup__ledger_done(st);
    return rc;
}

static int check_payment_id(const char *payment_id)
{
    return sup__ledger_check_text(payment_id, SUP_LEDGER_PAYMENT_ID_MAX, false, "payment id");
}

/* An agreed price's reason (corrections.h). */
static int check_reason(const char *reason)
{
    return sup__ledger_check_text(reason, SUP_CORRECTION_REASON_MAX, false, "reason");
}

static int check_paid(sup_money paid)
{
    if (paid < 0)
        return sup__fail(SUP_EMONEY, "negative amount paid: %lld kopecks", (long long)paid);
    return SUP_OK;
}

/* A voided payment (corrections.h) keeps its id: applying it again would silently undo the void. */
static int voided_payment(const char *payment_id, const struct sup__recorded *r)
{
    char q[200], d[24];
    sup__quote_text(q, sizeof q, payment_id);
    sup__date_str(r->voided_on, d);
    return sup__fail(SUP_ESTATE,
                     "payment id %s (a %s of license %lld) was voided on %s: it cannot be applied again; record "
                     "the payment under a new payment id",
                     q, sup_event_kind_name((sup_event_kind)r->kind), (long long)r->license, d);
}

/* A replay must be the same payment: same license (or sale), same amount, same kind of operation. */
static int replay_conflict(const char *payment_id, const struct sup__recorded *r, const char *what, sup_id license,
                           sup_money paid)
{
    char q[200], a[SUP_MONEY_BUFSIZE], b[SUP_MONEY_BUFSIZE];
    sup__quote_text(q, sizeof q, payment_id);
    return sup__fail(SUP_ECONFLICT,
                     "payment id %s is already recorded as a %s of %s rub for license %lld; it cannot be reused "
                     "for a %s of %s rub for license %lld",
                     q, sup_event_kind_name((sup_event_kind)r->kind), sup__ledger_money_str(r->amount, a),
                     (long long)r->license, what, sup__ledger_money_str(paid, b), (long long)license);
}

/* ---- renewals and subscription payments ----------------------------------------------------------- */

/* The payment id is recorded: the same payment again gives the first result, anything else conflicts. */
static int replay_payment(const struct sup__payment_in *p, const struct sup__recorded *r, sup_quote *applied,
                          sup_payment_outcome *outcome)
{
    if (r->void_id > 0)
        return voided_payment(p->payment_id, r);
    bool same_kind = p->pk == SUP__PAY_RENEWAL
                         ? (r->kind == SUP_EVENT_PREFERENTIAL_RENEWAL || r->kind == SUP_EVENT_STANDARD_RENEWAL)
                         : r->kind == SUP_EVENT_SUBSCRIPTION_PAYMENT;
    if (!same_kind || r->license != p->license || r->amount != p->paid)
        return replay_conflict(p->payment_id, r, p->pk == SUP__PAY_RENEWAL ? "renewal" : "subscription payment",
                               p->license, p->paid);
    if (applied != NULL)
        *applied = r->quote;
    tell(outcome, true, r->event, r->license, r->quote.on);
    return SUP_OK;
}

/* The core applies the payment to the rebuilt license; the event, the period and the audit are stored. */
int sup__ledger_record_payment(sup_ledger *l, const struct sup__payment_in *p, struct sup__loaded *ld, sup_quote *q,
                               sup_id *event, bool *raced)
{
    sup_id version = 0;
    int rc;
    if (p->pk == SUP__PAY_RENEWAL) {
        rc = sup__license_renew_versions(ld->license, ld->product, l->versions, l->nversions, p->on, p->paid, q);
        size_t vi = sup__ledger_version_on(l, p->on);
        if (rc == SUP_OK && vi != (size_t)-1)
            version = l->version_ids[vi];
    } else {
        rc = sup_license_pay(ld->license, ld->product, p->on, p->paid, q);
    }
    sup_event_kind kind = SUP_EVENT_PERIOD;
    sup_date until = SUP_DATE_NONE;
    if (rc == SUP_OK) /* the event the core just appended */
        rc = sup_license_event(ld->license, sup_license_event_count(ld->license) - 1, &kind, NULL, &until, NULL);
    if (rc == SUP_OK) {
        struct sup__event_in e = {p->license, kind, p->on, until, p->paid, p->payment_id, version, q, p->actor};
        rc = sup__ledger_insert_event(l, &e, raced, event);
    }
    if (rc == SUP_OK)
        rc = sup__ledger_period_add(l, p->license, &ld->row, ld->license, p->on);
    if (rc == SUP_OK) {
        char m[SUP_MONEY_BUFSIZE], d1[24], d2[24];
        sup__buf b = {0};
        sup__date_str(q->support_until, d1);
        sup__date_str(q->new_support_until, d2);
        sup__buf_printf(&b, "payment_id=%s; kind=%s; fee=%s; support_until=%s -> %s", p->payment_id,
                        sup_quote_kind_name(q->kind), sup__ledger_money_str(p->paid, m), d1, d2);
        if (version > 0)
            sup__buf_printf(&b, "; policy_version=%lld", (long long)version);
        if (p->detail != NULL)
            sup__buf_printf(&b, "; %s", p->detail);
        rc = sup__ledger_audit(l, p->pk == SUP__PAY_RENEWAL ? "renew" : "pay", p->actor, p->on, ld->row.product,
                               ld->row.customer, p->license, &b);
    }
    return rc;
}

static int apply_payment_once(sup_ledger *l, const struct sup__payment_in *p, sup_quote *applied, bool *raced,
                              sup_payment_outcome *outcome, const char *fn)
{
    int rc = sup__ledger_write_begin(l, fn);
    if (rc != SUP_OK)
        return rc;
    struct sup__recorded r = {0};
    rc = sup__ledger_find_payment(l, p->payment_id, &r);
    if (rc == 1)
        return sup__ledger_write_end(l, replay_payment(p, &r, applied, outcome));
    if (rc < 0)
        return sup__ledger_write_end(l, rc);
    struct sup__loaded ld;
    sup_quote q = {0};
    sup_id event = 0;
    rc = sup__ledger_load_all(l, p->license, true, &ld);
    if (rc == SUP_OK) {
        rc = sup__ledger_record_payment(l, p, &ld, &q, &event, raced);
        sup__ledger_loaded_free(&ld);
    }
    rc = sup__ledger_write_end(l, rc);
    if (rc == SUP_OK && applied != NULL)
        *applied = q;
    if (rc == SUP_OK)
        tell(outcome, false, event, p->license, p->on);
    return rc;
}

static int apply_payment(sup_ledger *l, const struct sup__payment_in *p, sup_quote *applied, sup_payment_outcome *outcome,
                         const char *fn)
{
    SUP__CHECK_ARG(l, fn);
    int rc = sup__ledger_check_actor(p->actor);
    if (rc == SUP_OK)
        rc = check_payment_id(p->payment_id);
    if (rc == SUP_OK)
        rc = sup__ledger_check_id(p->license, "license");
    if (rc == SUP_OK)
        rc = sup__check_date(p->on, p->pk == SUP__PAY_RENEWAL ? "renewal date" : "payment date");
    if (rc == SUP_OK)
        rc = check_paid(p->paid);
    if (rc != SUP_OK)
        return rc;
    /* A concurrent writer may record the same payment id between our look-up and our insert
     * (PostgreSQL runs writers of different licenses at once): then it is a replay. */
    bool raced = false;
    rc = apply_payment_once(l, p, applied, &raced, outcome, fn);
    if (raced)
        rc = apply_payment_once(l, p, applied, &raced, outcome, fn);
    return rc;
}

int sup_ledger_renew(sup_ledger *l, const char *actor, const char *payment_id, sup_id license, sup_date on,
                     sup_money paid, sup_quote *applied)
{
    struct sup__payment_in p = {SUP__PAY_RENEWAL, actor, payment_id, license, on, paid, NULL};
    return apply_payment(l, &p, applied, NULL, "sup_ledger_renew");
}

int sup_ledger_pay(sup_ledger *l, const char *actor, const char *payment_id, sup_id license, sup_date on,
                   sup_money paid, sup_quote *applied)
{
    struct sup__payment_in p = {SUP__PAY_SUBSCRIPTION, actor, payment_id, license, on, paid, NULL};
    return apply_payment(l, &p, applied, NULL, "sup_ledger_pay");
}

/* ---- the _ext forms (issue 13): options, and what happened --------------------------------------------- */

int sup_payment_options_init(sup_payment_options *o, unsigned version)
{
    SUP__CHECK_ARG(o, "sup_payment_options_init");
    if (version != SUP_PAYMENT_OPTIONS_VERSION)
        return sup__fail(SUP_EINVAL, "sup_payment_options_init: unknown version %u (this library knows %u)", version,
                         (unsigned)SUP_PAYMENT_OPTIONS_VERSION);
    memset(o, 0, sizeof *o);
    o->version = version;
    return SUP_OK;
}

int sup_payment_outcome_init(sup_payment_outcome *o, unsigned version)
{
    SUP__CHECK_ARG(o, "sup_payment_outcome_init");
    if (version != SUP_PAYMENT_OUTCOME_VERSION)
        return sup__fail(SUP_EINVAL, "sup_payment_outcome_init: unknown version %u (this library knows %u)", version,
                         (unsigned)SUP_PAYMENT_OUTCOME_VERSION);
    memset(o, 0, sizeof *o);
    o->version = version;
    return SUP_OK;
}

static int check_ext(const sup_payment_options *opts, sup_payment_outcome *outcome, bool sale, const char *fn)
{
    if (opts != NULL && opts->version != SUP_PAYMENT_OPTIONS_VERSION)
        return sup__fail(SUP_EINVAL, "%s: options of version %u (this library knows %u)", fn, opts->version,
                         (unsigned)SUP_PAYMENT_OPTIONS_VERSION);
    if (outcome != NULL && outcome->version != SUP_PAYMENT_OUTCOME_VERSION)
        return sup__fail(SUP_EINVAL, "%s: an outcome of version %u (this library knows %u)", fn, outcome->version,
                         (unsigned)SUP_PAYMENT_OUTCOME_VERSION);
    if (opts != NULL && opts->external_id != NULL && !sale)
        return sup__fail(SUP_EINVAL, "%s: an external id is given to a sale, not to a payment", fn);
    if (opts != NULL && opts->reason != NULL && !sale)
        return sup__fail(SUP_EINVAL, "%s: an agreed price's reason is given to a sale, not to a payment", fn);
    if (opts != NULL && opts->reason != NULL) {
        int rc = check_reason(opts->reason);
        if (rc != SUP_OK)
            return rc;
    }
    if (opts != NULL && opts->external_id != NULL) {
        int rc = sup__ledger_check_text(opts->external_id, SUP_LEDGER_EXTERNAL_ID_MAX, false, "external id");
        if (rc != SUP_OK)
            return rc;
        if (opts->external_id[0] == '#')
            return sup__fail(SUP_EINVAL, "external id \"%s\": an external id may not start with \"#\" (exports write "
                                         "\"#ID\" for a license without one)",
                             opts->external_id);
    }
    return SUP_OK;
}

int sup_ledger_renew_ext(sup_ledger *l, const char *actor, const char *payment_id, sup_id license, sup_date on,
                         sup_money paid, const sup_payment_options *opts, sup_quote *applied,
                         sup_payment_outcome *outcome)
{
    int rc = check_ext(opts, outcome, false, "sup_ledger_renew_ext");
    if (rc != SUP_OK)
        return rc;
    struct sup__payment_in p = {SUP__PAY_RENEWAL, actor, payment_id, license, on, paid, NULL};
    return apply_payment(l, &p, applied, outcome, "sup_ledger_renew_ext");
}

int sup_ledger_pay_ext(sup_ledger *l, const char *actor, const char *payment_id, sup_id license, sup_date on,
                       sup_money paid, const sup_payment_options *opts, sup_quote *applied,
                       sup_payment_outcome *outcome)
{
    int rc = check_ext(opts, outcome, false, "sup_ledger_pay_ext");
    if (rc != SUP_OK)
        return rc;
    struct sup__payment_in p = {SUP__PAY_SUBSCRIPTION, actor, payment_id, license, on, paid, NULL};
    return apply_payment(l, &p, applied, outcome, "sup_ledger_pay_ext");
}

/* ---- sales -------------------------------------------------------------------------------------------- */

struct sale_in {
    const char *actor;
    const char *payment_id; /* may be NULL */
    sup_id customer;
    sup_id product;
    sup_date on;
    sup_money paid;
    const char *external_id; /* may be NULL */
    const char *reason;      /* an agreed price's reason (sup_ledger_sell_at_price), or NULL */
};

static int replay_sale(const struct sale_in *s, const struct sup__recorded *r, sup_id *out, sup_payment_outcome *outcome)
{
    if (r->void_id > 0)
        return voided_payment(s->payment_id, r);
    if (s->external_id != NULL && r->kind == SUP_EVENT_PURCHASE && strcmp(s->external_id, r->external_id) != 0) {
        char q[200];
        sup__quote_text(q, sizeof q, s->payment_id);
        return sup__fail(SUP_ECONFLICT, "payment id %s is already recorded for license %lld (external id \"%s\"); it "
                                        "cannot be reused for a sale with the external id \"%s\"",
                         q, (long long)r->license, r->external_id, s->external_id);
    }
    if (r->kind != SUP_EVENT_PURCHASE || r->customer != s->customer || r->product != s->product ||
        r->amount != s->paid) {
        char q[200], a[SUP_MONEY_BUFSIZE], b[SUP_MONEY_BUFSIZE];
        sup__quote_text(q, sizeof q, s->payment_id);
        return sup__fail(SUP_ECONFLICT,
                         "payment id %s is already recorded as a %s of %s rub for license %lld; it cannot be "
                         "reused for a sale of product %lld to customer %lld for %s rub",
                         q, sup_event_kind_name((sup_event_kind)r->kind), sup__ledger_money_str(r->amount, a),
                         (long long)r->license, (long long)s->product, (long long)s->customer,
                         sup__ledger_money_str(s->paid, b));
    }
    if (out != NULL)
        *out = r->license;
    tell(outcome, true, r->event, r->license, r->quote.on);
    return SUP_OK;
}

/* An external id taken by another license. */
static int external_taken(sup_ledger *l, const char *ext)
{
    sup__stmt *st = NULL;
    int rc = sup__ledger_prepare(l, "SELECT id FROM license WHERE external_id = ?1", &st);
    if (rc == SUP_OK) {
        sup__st_text(st, 1, ext);
        rc = sup__st_step(st, "looking up an external id");
        if (rc == 1)
            rc = sup__fail(SUP_ECONFLICT, "external id \"%s\" is license %lld already", ext,
                           (long long)sup__col_int(st, 0));
    }
    sup__ledger_finalize(st);
    return rc;
}

static int record_discount(sup_ledger *l, const char *actor, sup_id event, sup_date on, sup_money list_price,
                           sup_money paid, const char *reason);

/* The license as the core makes it, checked against the list price (or at a price agreed for a reason),
 * then stored. */
static int record_sale(sup_ledger *l, const struct sale_in *s, sup_id *license, bool *raced, sup_id *event_out)
{
    int rc = sup__ledger_customer_exists(l, s->customer);
    sup_id event = 0;
    sup_product *prod = NULL;
    sup_license *lic = NULL;
    struct sup__product_row prow;
    if (rc == SUP_OK)
        rc = sup__ledger_load_product(l, s->product, &prow, &prod);
    sup_money list_price = 0;
    if (rc == SUP_OK)
        rc = sup_product_price_on(prod, s->on, &list_price);
    if (rc == SUP_OK)
        rc = sup_license_new(prod, s->on, &lic);
    /* a purchase is at the list price in force on its date, or at a price agreed for a reason */
    if (rc == SUP_OK && s->paid != list_price && s->reason == NULL) {
        char a[SUP_MONEY_BUFSIZE], b[SUP_MONEY_BUFSIZE], d[24];
        sup__date_str(s->on, d);
        rc = sup__fail(SUP_EMISMATCH, "paid %s rub, but the list price on %s is %s rub",
                       sup__ledger_money_str(s->paid, a), d, sup__ledger_money_str(list_price, b));
    }
    if (rc == SUP_OK && s->external_id != NULL && (rc = external_taken(l, s->external_id)) == 0)
        rc = SUP_OK;
    if (rc == SUP_OK) {
        sup__stmt *st = sup__ledger_stmt(l, LS_LICENSE_INSERT, &rc);
        if (st != NULL) {
            sup__st_int(st, 1, s->customer);
            sup__st_int(st, 2, s->product);
            sup__st_int(st, 3, (int)sup_license_kind_of(lic));
            sup__st_int(st, 4, s->on);
            if (s->external_id != NULL)
                sup__st_text(st, 5, s->external_id);
            else
                sup__st_null(st, 5);
            rc = sup__ledger_insert_id(st, "storing a license", license);
            if (rc == SUP_ECONFLICT && s->external_id != NULL && !*raced) /* taken meanwhile by another writer */
                rc = external_taken(l, s->external_id) < 0 ? sup_error_code() : SUP_ECONFLICT;
        }
    }
    sup_date until = lic != NULL ? sup_license_latest_until(lic) : SUP_DATE_NONE;
    if (rc == SUP_OK) {
        struct sup__event_in e = {*license, SUP_EVENT_PURCHASE, s->on, until, s->paid, s->payment_id, 0, NULL, s->actor};
        rc = sup__ledger_insert_event(l, &e, raced, &event);
        if (rc == SUP_OK && event_out != NULL)
            *event_out = event;
    }
    if (rc == SUP_OK && s->paid != list_price)
        rc = record_discount(l, s->actor, event, s->on, list_price, s->paid, s->reason);
    if (rc == SUP_OK) {
        struct sup__license_row row = {s->customer, s->product, sup_license_kind_of(lic), s->on};
        rc = sup__ledger_period_add(l, *license, &row, lic, s->on);
    }
    if (rc == SUP_OK) {
        char m[SUP_MONEY_BUFSIZE], d[24], d2[SUP_MONEY_BUFSIZE];
        sup__buf b = {0};
        sup__date_str(until, d);
        sup__buf_printf(&b, "payment_id=%s; paid=%s; support_until=%s", s->payment_id ? s->payment_id : "",
                        sup__ledger_money_str(s->paid, m), d);
        if (s->external_id != NULL)
            sup__buf_printf(&b, "; external_id=%s", s->external_id);
        if (s->paid != list_price)
            sup__buf_printf(&b, "; list_price=%s; discount=%s; reason=%s", sup__ledger_money_str(list_price, m),
                            sup__ledger_money_str(list_price - s->paid, d2), s->reason);
        rc = sup__ledger_audit(l, "sell", s->actor, s->on, s->product, s->customer, *license, &b);
    }
    sup_license_free(lic);
    sup_product_free(prod);
    return rc;
}

static int sell_once(sup_ledger *l, const struct sale_in *s, sup_id *out, bool *raced, sup_payment_outcome *outcome,
                     const char *fn)
{
    int rc = sup__ledger_write_begin(l, fn);
    if (rc != SUP_OK)
        return rc;
    if (s->payment_id != NULL) {
        struct sup__recorded r;
        rc = sup__ledger_find_payment(l, s->payment_id, &r);
        if (rc == 1)
            return sup__ledger_write_end(l, replay_sale(s, &r, out, outcome));
        if (rc < 0)
            return sup__ledger_write_end(l, rc);
    }
    sup_id license = 0, event = 0;
    rc = sup__ledger_write_end(l, record_sale(l, s, &license, raced, &event));
    if (rc == SUP_OK && out != NULL)
        *out = license;
    if (rc == SUP_OK)
        tell(outcome, false, event, license, s->on);
    return rc;
}

static int sell(sup_ledger *l, const char *actor, const char *payment_id, sup_id customer, sup_id product,
                sup_date on, sup_money paid, const char *reason, const char *external_id, sup_id *out,
                sup_payment_outcome *outcome, const char *fn)
{
    SUP__CHECK_ARG(l, fn);
    int rc = sup__ledger_check_actor(actor);
    if (rc == SUP_OK && payment_id != NULL)
        rc = check_payment_id(payment_id);
    if (rc == SUP_OK)
        rc = sup__ledger_check_id(customer, "customer");
    if (rc == SUP_OK)
        rc = sup__ledger_check_id(product, "product");
    if (rc == SUP_OK)
        rc = sup__check_date(on, "purchase date");
    if (rc == SUP_OK)
        rc = check_paid(paid);
    if (rc != SUP_OK)
        return rc;
    struct sale_in s = {actor, payment_id, customer, product, on, paid, external_id, reason};
    bool raced = false;
    rc = sell_once(l, &s, out, &raced, outcome, fn);
    if (raced)
        rc = sell_once(l, &s, out, &raced, outcome, fn);
    return rc;
}

int sup_ledger_sell(sup_ledger *l, const char *actor, const char *payment_id, sup_id customer, sup_id product,
                    sup_date on, sup_money paid, sup_id *out)
{
    return sell(l, actor, payment_id, customer, product, on, paid, NULL, NULL, out, NULL, "sup_ledger_sell");
}

int sup_ledger_sell_ext(sup_ledger *l, const char *actor, const char *payment_id, sup_id customer, sup_id product,
                        sup_date on, sup_money paid, const sup_payment_options *opts, sup_id *license,
                        sup_payment_outcome *outcome)
{
    int rc = check_ext(opts, outcome, true, "sup_ledger_sell_ext");
    if (rc != SUP_OK)
        return rc;
    return sell(l, actor, payment_id, customer, product, on, paid, opts != NULL ? opts->reason : NULL,
                opts != NULL ? opts->external_id : NULL, license, outcome, "sup_ledger_sell_ext");
}

/* ---- sales at an agreed price (corrections.h) ----------------------------------------------------------- */

/* The agreed price of purchase `event`: a correction of kind discount beside the sale, list price − paid. */
static int record_discount(sup_ledger *l, const char *actor, sup_id event, sup_date on, sup_money list_price,
                           sup_money paid, const char *reason)
{
    sup__stmt *st = NULL;
    int rc = sup__ledger_prepare(l, "INSERT INTO correction (kind, event_id, on_date, amount, support, reason, actor)"
                                    " VALUES (3, ?1, ?2, ?3, 0, ?4, ?5)",
                                 &st);
    if (rc != SUP_OK)
        return rc;
    sup__st_int(st, 1, event);
    sup__st_int(st, 2, on);
    sup__st_int(st, 3, list_price - paid);
    sup__st_text(st, 4, reason);
    sup__st_text(st, 5, actor);
    rc = sup__ledger_run(st, "recording the agreed price");
    sup__ledger_finalize(st);
    return rc;
}

int sup_ledger_sell_at_price(sup_ledger *l, const char *actor, const char *payment_id, sup_id customer,
                             sup_id product, sup_date on, sup_money paid, const char *reason, sup_id *out)
{
    int rc = check_reason(reason);
    if (rc != SUP_OK)
        return rc;
    return sell(l, actor, payment_id, customer, product, on, paid, reason, NULL, out, NULL, "sup_ledger_sell_at_price");
}

int sup_ledger_record_period(sup_ledger *l, const char *actor, sup_id license, sup_date on, sup_date until)
{
    SUP__CHECK_ARG(l, "sup_ledger_record_period");
    int rc = sup__ledger_check_actor(actor);
    if (rc == SUP_OK)
        rc = sup__ledger_check_id(license, "license");
    if (rc == SUP_OK)
        rc = sup__check_date(on, "period date");
    if (rc == SUP_OK)
        rc = sup__check_date(until, "support end");
    if (rc != SUP_OK)
        return rc;
    rc = sup__ledger_write_begin(l, "sup_ledger_record_period");
    if (rc != SUP_OK)
        return rc;
    struct sup__loaded ld;
    bool raced = false;
    rc = sup__ledger_load_all(l, license, true, &ld);
    if (rc == SUP_OK)
        rc = sup_license_add_period(ld.license, on, until);
    if (rc == SUP_OK) {
        struct sup__event_in e = {license, SUP_EVENT_PERIOD, on, until, 0, NULL, 0, NULL, actor};
        rc = sup__ledger_insert_event(l, &e, &raced, NULL);
    }
    if (rc == SUP_OK)
        rc = sup__ledger_period_add(l, license, &ld.row, ld.license, on);
    if (rc == SUP_OK) {
        char d[24];
        sup__buf b = {0};
        sup__date_str(until, d);
        sup__buf_printf(&b, "support_until=%s", d);
        rc = sup__ledger_audit(l, "record_period", actor, on, ld.row.product, ld.row.customer, license, &b);
    }
    sup__ledger_loaded_free(&ld);
    return sup__ledger_write_end(l, rc);
}

/* ---- quotes and status (reads) ----------------------------------------------------------------- */

static int quote_common(sup_ledger *l, sup_id license, sup_date on, sup_quote *quote, enum sup__pay_kind pk,
                        const char *fn)
{
    SUP__CHECK_ARG(l, fn);
    SUP__CHECK_ARG(quote, fn);
    int rc = sup__ledger_check_id(license, "license");
    if (rc == SUP_OK)
        rc = sup__check_date(on, "quote date");
    if (rc != SUP_OK)
        return rc;
    rc = sup__ledger_read_begin(l, fn);
    if (rc != SUP_OK)
        return rc;
    struct sup__loaded ld;
    rc = sup__ledger_load_all(l, license, false, &ld);
    if (rc == SUP_OK) {
        if (pk == SUP__PAY_RENEWAL)
            rc = sup__license_quote_versions(ld.license, ld.product, l->versions, l->nversions, on, quote);
        else
            rc = sup_license_quote_payment(ld.license, ld.product, on, quote);
    }
    sup__ledger_loaded_free(&ld);
    return sup__ledger_read_end(l, rc);
}

int sup_ledger_quote_renewal(sup_ledger *l, sup_id license, sup_date on, sup_quote *quote)
{
    return quote_common(l, license, on, quote, SUP__PAY_RENEWAL, "sup_ledger_quote_renewal");
}

int sup_ledger_quote_payment(sup_ledger *l, sup_id license, sup_date on, sup_quote *quote)
{
    return quote_common(l, license, on, quote, SUP__PAY_SUBSCRIPTION, "sup_ledger_quote_payment");
}

int sup_ledger_license_status(sup_ledger *l, sup_id license, sup_date on, sup_status *status)
{
    SUP__CHECK_ARG(l, "sup_ledger_license_status");
    SUP__CHECK_ARG(status, "sup_ledger_license_status");
    int rc = sup__ledger_check_id(license, "license");
    if (rc == SUP_OK)
        rc = sup__check_date(on, "status date");
    if (rc != SUP_OK)
        return rc;
    rc = sup__ledger_read_begin(l, "sup_ledger_license_status");
    if (rc != SUP_OK)
        return rc;
    struct sup__loaded ld;
    rc = sup__ledger_load_all(l, license, false, &ld);
    if (rc == SUP_OK) {
        size_t vi = sup__ledger_version_on(l, on);
        rc = sup_license_status(ld.license, vi == (size_t)-1 ? NULL : l->versions[vi].policy, on, status);
    }
    sup__ledger_loaded_free(&ld);
    return sup__ledger_read_end(l, rc);
}

int sup_ledger_get_license(sup_ledger *l, sup_id license, sup_license **out)
{
    SUP__CHECK_ARG(out, "sup_ledger_get_license");
    *out = NULL;
    SUP__CHECK_ARG(l, "sup_ledger_get_license");
    int rc = sup__ledger_read_begin(l, "sup_ledger_get_license");
    if (rc != SUP_OK)
        return rc;
    struct sup__license_row row;
    sup_product *prod = NULL;
    rc = sup__ledger_load_license_row(l, license, false, &row);
    if (rc == SUP_OK)
        rc = sup__ledger_load_product(l, row.product, NULL, &prod);
    if (rc == SUP_OK)
        rc = sup__ledger_rebuild_license(l, license, &row, prod, out);
    sup_product_free(prod);
    return sup__ledger_read_end(l, rc);
}

int sup_ledger_license_parties(sup_ledger *l, sup_id license, sup_id *customer, sup_id *product)
{
    SUP__CHECK_ARG(l, "sup_ledger_license_parties");
    int rc = sup__ledger_read_begin(l, "sup_ledger_license_parties");
    if (rc != SUP_OK)
        return rc;
    struct sup__license_row row;
    rc = sup__ledger_load_license_row(l, license, false, &row);
    if (rc == SUP_OK) {
        if (customer != NULL)
            *customer = row.customer;
        if (product != NULL)
            *product = row.product;
    }
    return sup__ledger_read_end(l, rc);
}

/* ---- notices ---------------------------------------------------------------------------------------- */

/* The stored name of a customer (LS_CUSTOMER_GET column 1) or product (LS_PRODUCT_GET column 3). */
static int load_name(sup_ledger *l, enum sup__lstmt which, int col, sup_id id, const char *what, char **out)
{
    int rc;
    sup__stmt *st = sup__ledger_stmt(l, which, &rc);
    if (st == NULL)
        return rc;
    sup__st_int(st, 1, id);
    rc = sup__st_step(st, "reading a name");
    if (rc == 1) {
        const char *n = sup__col_text(st, col);
        *out = sup__strdup(n != NULL ? n : "");
        rc = *out != NULL ? SUP_OK : sup__fail(SUP_ENOMEM, "out of memory reading a %s", what);
    } else if (rc == 0) {
        rc = sup__fail(SUP_EDB, "license's %s %lld is missing", what, (long long)id);
    }
    sup__ledger_done(st);
    return rc;
}

/* Say which name was refused (the notice's own message names the fault). */
static int name_refused(int rc, const char *what)
{
    char why[256];
    snprintf(why, sizeof why, "%s", sup_error_message());
    return sup__fail(rc, "the %s's name in the ledger cannot be shown in a notice (%s); set the notice's %s name",
                     what, why, what);
}

/* A working copy of the caller's notice, with the ledger's names where the notice has none. */
static int notice_with_names(const sup_notice *notice, const char *customer_name, const char *product_name,
                             sup_notice **out)
{
    *out = NULL;
    sup_notice *n = NULL;
    int rc = sup_notice_new(&n);
    if (rc == SUP_OK)
        rc = sup_notice_set_lang(n, sup_notice_lang(notice));
    if (rc == SUP_OK)
        rc = sup_notice_set_format(n, sup_notice_format_of(notice));
    if (rc == SUP_OK)
        rc = sup_notice_set_kind(n, sup_notice_kind_of(notice));
    if (rc == SUP_OK) {
        const char *own = sup_notice_product_name(notice);
        rc = sup_notice_set_product_name(n, own != NULL ? own : product_name);
        if (rc != SUP_OK && own == NULL && rc != SUP_ENOMEM)
            rc = name_refused(rc, "product");
    }
    if (rc == SUP_OK) {
        const char *own = sup_notice_customer_name(notice);
        rc = sup_notice_set_customer_name(n, own != NULL ? own : customer_name);
        if (rc != SUP_OK && own == NULL && rc != SUP_ENOMEM)
            rc = name_refused(rc, "customer");
    }
    if (rc != SUP_OK) {
        sup_notice_free(n);
        return rc;
    }
    *out = n;
    return SUP_OK;
}

/* The notice's text, or (subject) the subject line of its e-mail. */
static int render_common(sup_ledger *l, sup_id license, sup_date on, const sup_notice *notice, bool subject,
                         char **out, const char *fn)
{
    SUP__CHECK_ARG(out, fn);
    *out = NULL;
    SUP__CHECK_ARG(l, fn);
    SUP__CHECK_ARG(notice, fn);
    int rc = sup__ledger_check_id(license, "license");
    if (rc == SUP_OK)
        rc = sup__check_date(on, "notice date");
    if (rc == SUP_OK && sup_notice_kind_of(notice) == SUP_NOTICE_NONE)
        rc = sup__fail(SUP_EINVAL, "%s: the notice has no kind", fn);
    if (rc != SUP_OK)
        return rc;
    rc = sup__ledger_read_begin(l, fn);
    if (rc != SUP_OK)
        return rc;
    struct sup__loaded ld;
    char *customer_name = NULL, *product_name = NULL;
    sup_notice *n = NULL;
    rc = sup__ledger_load_all(l, license, false, &ld);
    if (rc == SUP_OK) {
        rc = load_name(l, LS_CUSTOMER_GET, 1, ld.row.customer, "customer", &customer_name);
        if (rc == SUP_OK)
            rc = load_name(l, LS_PRODUCT_GET, 3, ld.row.product, "product", &product_name);
        if (rc == SUP_OK)
            rc = notice_with_names(notice, customer_name, product_name, &n);
        if (rc == SUP_OK)
            rc = subject ? sup__notice_subject_versions(n, ld.license, ld.product, l->versions, l->nversions, on, out)
                         : sup__notice_render_versions(n, ld.license, ld.product, l->versions, l->nversions, on, out);
        sup__ledger_loaded_free(&ld);
    }
    sup_notice_free(n);
    sup__free(customer_name);
    sup__free(product_name);
    return sup__ledger_read_end(l, rc);
}

int sup_ledger_render_notice(sup_ledger *l, sup_id license, sup_date on, const sup_notice *notice, char **out)
{
    return render_common(l, license, on, notice, false, out, "sup_ledger_render_notice");
}

int sup_ledger_render_subject(sup_ledger *l, sup_id license, sup_date on, const sup_notice *notice, char **out)
{
    return render_common(l, license, on, notice, true, out, "sup_ledger_render_subject");
}
