/* libsupport — corrections of recorded payments (corrections.h): voids, refunds
 * and sales at an agreed price. Each is a new row of `correction` (history is
 * append-only) in one transaction with its audit event; what a correction does
 * to support is decided here in C on the license rebuilt by the core, and the
 * derived support periods are rewritten from the core's answers. */
#include "ledger_money.h"
#include "libsupport/corrections.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_names[] = {"none", "void", "refund", "discount"};
static const char *const support_names[] = {"keep", "shorten"};

const char *sup_correction_kind_name(sup_correction_kind k)
{
    return (unsigned)k <= SUP_CORRECTION_DISCOUNT ? kind_names[k] : "";
}

const char *sup_refund_support_name(sup_refund_support s)
{
    return (unsigned)s <= SUP_REFUND_SHORTEN_SUPPORT ? support_names[s] : "";
}

static int check_reason(const char *reason)
{
    return sup__ledger_check_text(reason, SUP_CORRECTION_REASON_MAX, false, "reason");
}

/* ---- recording ----------------------------------------------------------------------------------------- */

struct correction_in {
    sup_correction_kind kind;
    sup_id event;
    sup_date on;
    sup_money amount;
    sup_refund_support support;
    sup_date support_until;  /* after the correction; SUP_DATE_NONE: not stored */
    sup_id period_event;     /* the support period a refund recorded, or 0 */
    const char *reason;
    const char *actor;
};

static int insert_correction(sup_ledger *l, const struct correction_in *c, sup_id *id)
{
    sup__stmt *st = NULL;
    int rc = sup__ledger_prepare(l, "INSERT INTO correction (kind, event_id, on_date, amount, support, support_until,"
                                    " period_event_id, reason, actor) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)"
                                    " RETURNING id",
                                 &st);
    if (rc != SUP_OK)
        return rc;
    sup__st_int(st, 1, (int)c->kind);
    sup__st_int(st, 2, c->event);
    sup__st_int(st, 3, c->on);
    sup__st_int(st, 4, c->amount);
    sup__st_int(st, 5, (int)c->support);
    if (c->support_until != SUP_DATE_NONE)
        sup__st_int(st, 6, c->support_until);
    else
        sup__st_null(st, 6);
    if (c->period_event > 0)
        sup__st_int(st, 7, c->period_event);
    else
        sup__st_null(st, 7);
    sup__st_text(st, 8, c->reason);
    sup__st_text(st, 9, c->actor);
    sup_id unused = 0;
    rc = sup__ledger_insert_id(st, "recording a correction", id != NULL ? id : &unused);
    sup__ledger_finalize(st);
    return rc;
}

/* ---- the payment a correction is about ------------------------------------------------------------------ */

struct payment_row {
    sup_id event;
    sup_id license;
    sup_event_kind kind;
    sup_date on;
    sup_money amount;
    char *payment_id; /* NULL if none */
    sup_id void_id;   /* its void, or 0 */
};

static int load_payment_row(sup_ledger *l, sup_id event, struct payment_row *p)
{
    memset(p, 0, sizeof *p);
    sup__stmt *st = NULL;
    int rc = sup__ledger_prepare(l, "SELECT e.license_id, e.kind, e.on_date, e.amount, e.payment_id, v.id"
                                    " FROM license_event e LEFT JOIN correction v ON v.event_id = e.id AND v.kind = 1"
                                    " WHERE e.id = ?1",
                                 &st);
    if (rc != SUP_OK)
        return rc;
    sup__st_int(st, 1, event);
    rc = sup__st_step(st, "reading a payment");
    if (rc == 1) {
        p->event = event;
        p->license = sup__col_int(st, 0);
        p->kind = (sup_event_kind)sup__col_int(st, 1);
        p->amount = sup__col_int(st, 3);
        p->void_id = sup__col_null(st, 5) ? 0 : sup__col_int(st, 5);
        rc = sup__ledger_column_date(st, 2, &p->on);
        if (rc == SUP_OK)
            rc = sup__col_strdup(st, 4, &p->payment_id);
    } else if (rc == 0) {
        rc = sup__fail(SUP_ENOTFOUND, "no license event with id %lld", (long long)event);
    }
    sup__ledger_finalize(st);
    return rc;
}

/* A correction is of a payment that stands: not a recorded period, not voided, not dated after `on`. */
static int check_correctable(const struct payment_row *p, sup_date on, const char *what)
{
    if (p->kind == SUP_EVENT_PERIOD)
        return sup__fail(SUP_ESTATE, "license event %lld is a support period recorded as is, not a payment: it "
                                     "cannot be %s",
                         (long long)p->event, what);
    if (p->void_id > 0)
        return sup__fail(SUP_ESTATE, "the %s of license event %lld was voided already (correction %lld)",
                         sup_event_kind_name(p->kind), (long long)p->event, (long long)p->void_id);
    if (on < p->on) {
        char a[24], b[24];
        sup__date_str(on, a);
        sup__date_str(p->on, b);
        return sup__fail(SUP_EDATE, "a correction on %s is before the payment it corrects, on %s", a, b);
    }
    return SUP_OK;
}

/* SUP_ESTATE naming the first event of the license recorded after the payment that still stands. */
static int check_nothing_later(sup_ledger *l, const struct payment_row *p, const char *what)
{
    sup__stmt *st = NULL;
    int rc = sup__ledger_prepare(l, "SELECT e.id, e.kind, e.on_date, v.id FROM license_event e"
                                    " LEFT JOIN correction v ON v.event_id = e.id AND v.kind = 1"
                                    " WHERE e.license_id = ?1 AND e.id > ?2 ORDER BY e.id",
                                 &st);
    if (rc != SUP_OK)
        return rc;
    sup__st_int(st, 1, p->license);
    sup__st_int(st, 2, p->event);
    while ((rc = sup__st_step(st, "reading later events")) == 1) {
        if (!sup__col_null(st, 3))
            continue; /* voided itself: it no longer counts */
        char d[24];
        sup__date_str((sup_date)sup__col_int(st, 2), d);
        rc = sup__fail(SUP_ESTATE,
                       "the %s of license event %lld cannot be %s: license %lld has a later %s (event %lld on %s) "
                       "that depends on it",
                       sup_event_kind_name(p->kind), (long long)p->event, what, (long long)p->license,
                       sup_event_kind_name((sup_event_kind)sup__col_int(st, 1)), (long long)sup__col_int(st, 0), d);
        break;
    }
    sup__ledger_finalize(st);
    return rc < 0 ? rc : SUP_OK;
}

/* The refunds of a payment so far: their sum, and the first one (0 if none). */
static int refunds_of(sup_ledger *l, sup_id event, sup_money *sum, sup_id *first, sup_date *first_on)
{
    *sum = 0;
    *first = 0;
    sup__stmt *st = NULL;
    int rc = sup__ledger_prepare(l, "SELECT id, on_date, amount FROM correction WHERE event_id = ?1 AND kind = 2"
                                    " ORDER BY id",
                                 &st);
    if (rc != SUP_OK)
        return rc;
    sup__st_int(st, 1, event);
    while ((rc = sup__st_step(st, "reading refunds")) == 1) {
        if (*first == 0) {
            *first = sup__col_int(st, 0);
            *first_on = (sup_date)sup__col_int(st, 1);
        }
        *sum += sup__col_int(st, 2);
    }
    sup__ledger_finalize(st);
    return rc < 0 ? rc : SUP_OK;
}

/* ---- support periods, rewritten from the core's answers --------------------------------------------------- */

/* Every support period of the license again, from its rebuilt history (NULL: the license was voided: none). */
static int rewrite_periods(sup_ledger *l, sup_id license, const struct sup__license_row *row, const sup_license *lic)
{
    sup__stmt *st = NULL;
    int rc = sup__ledger_prepare(l, "DELETE FROM support_period WHERE customer_id = ?1 AND license_id = ?2", &st);
    if (rc != SUP_OK)
        return rc;
    sup__st_int(st, 1, row->customer);
    sup__st_int(st, 2, license);
    rc = sup__ledger_run(st, "rewriting support periods");
    sup__ledger_finalize(st);
    size_t n = lic != NULL ? sup_license_event_count(lic) : 0;
    for (size_t i = 0; rc == SUP_OK && i < n; i++) {
        sup_date on = 0, next = 0;
        rc = sup_license_event(lic, i, NULL, &on, NULL, NULL);
        if (rc == SUP_OK && i + 1 < n)
            rc = sup_license_event(lic, i + 1, NULL, &next, NULL, NULL);
        if (rc == SUP_OK && (i + 1 == n || next != on)) /* one period per date */
            rc = sup__ledger_period_add(l, license, row, lic, on);
    }
    return rc;
}

/* ---- voids ------------------------------------------------------------------------------------------------ */

/* The license without its last event (NULL when that was the purchase: nothing is left), in *out. */
static int without_last(const sup_license *lic, sup_license **out)
{
    *out = NULL;
    size_t n = sup_license_event_count(lic);
    if (n <= 1)
        return SUP_OK;
    sup_license *w = sup__license_alloc(sup_license_kind_of(lic), lic->term_months);
    if (w == NULL)
        return sup__fail(SUP_ENOMEM, "out of memory voiding a payment");
    int rc = SUP_OK;
    for (size_t i = 0; rc == SUP_OK && i + 1 < n; i++) {
        sup_event_kind kind;
        sup_date on, until;
        sup_money paid;
        rc = sup_license_event(lic, i, &kind, &on, &until, &paid);
        if (rc == SUP_OK)
            rc = sup__license_push_event(w, kind, on, until, paid);
    }
    if (rc != SUP_OK) {
        sup_license_free(w);
        return rc;
    }
    *out = w;
    return SUP_OK;
}

static int audit_correction(sup_ledger *l, const char *action, const struct correction_in *c,
                            const struct payment_row *p, const struct sup__license_row *row, sup_date before,
                            sup_id id)
{
    char m[SUP_MONEY_BUFSIZE], d1[24], d2[24];
    sup__date_str(before, d1);
    if (c->support_until != SUP_DATE_NONE)
        sup__date_str(c->support_until, d2);
    else
        snprintf(d2, sizeof d2, "none (license voided)");
    sup__buf b = {0};
    sup__buf_printf(&b, "correction=%lld; event=%lld; payment_id=%s; kind=%s; amount=%s; support_until=%s -> %s",
                    (long long)id, (long long)p->event, p->payment_id ? p->payment_id : "",
                    sup_event_kind_name(p->kind), sup__ledger_money_str(c->amount, m), d1, d2);
    if (c->kind == SUP_CORRECTION_REFUND)
        sup__buf_printf(&b, "; support=%s", sup_refund_support_name(c->support));
    sup__buf_printf(&b, "; reason=%s", c->reason);
    return sup__ledger_audit(l, action, c->actor, c->on, row->product, row->customer, p->license, &b);
}

static int void_in_txn(sup_ledger *l, const char *actor, sup_id event, sup_date on, const char *reason, sup_id *id)
{
    struct payment_row p;
    int rc = load_payment_row(l, event, &p);
    struct sup__loaded ld = {0};
    if (rc == SUP_OK)
        rc = check_correctable(&p, on, "voided");
    if (rc == SUP_OK)
        rc = sup__ledger_load_all(l, p.license, true, &ld);
    if (rc == SUP_OK)
        rc = check_nothing_later(l, &p, "voided");
    sup_money refunded = 0;
    sup_id refund = 0;
    sup_date refund_on = 0;
    if (rc == SUP_OK)
        rc = refunds_of(l, event, &refunded, &refund, &refund_on);
    if (rc == SUP_OK && refund > 0) {
        char d[24];
        sup__date_str(refund_on, d);
        rc = sup__fail(SUP_ESTATE, "the %s of license event %lld cannot be voided: it was refunded on %s "
                                   "(correction %lld), and the refund depends on it",
                       sup_event_kind_name(p.kind), (long long)event, d, (long long)refund);
    }
    if (rc == SUP_OK) {
        /* The payment is the license's latest standing event: the license without it is its history less
         * the last event (nothing left: the purchase itself is voided, and so is the license). */
        sup_date before = sup_license_latest_until(ld.license);
        sup_license *rest = NULL;
        rc = without_last(ld.license, &rest);
        struct correction_in c = {SUP_CORRECTION_VOID, event, on, p.amount, SUP_REFUND_KEEP_SUPPORT,
                                  rest != NULL ? sup_license_latest_until(rest) : SUP_DATE_NONE, 0, reason, actor};
        if (rc == SUP_OK)
            rc = insert_correction(l, &c, id);
        if (rc == SUP_OK)
            rc = rewrite_periods(l, p.license, &ld.row, rest);
        if (rc == SUP_OK)
            rc = audit_correction(l, "void", &c, &p, &ld.row, before, *id);
        sup_license_free(rest);
    }
    sup__ledger_loaded_free(&ld);
    sup__free(p.payment_id);
    return rc;
}

int sup_ledger_void_payment(sup_ledger *l, const char *actor, sup_id event, sup_date on, const char *reason,
                            sup_id *out)
{
    SUP__CHECK_ARG(l, "sup_ledger_void_payment");
    int rc = sup__ledger_check_actor(actor);
    if (rc == SUP_OK)
        rc = sup__ledger_check_id(event, "license event");
    if (rc == SUP_OK)
        rc = sup__check_date(on, "void date");
    if (rc == SUP_OK)
        rc = check_reason(reason);
    if (rc == SUP_OK)
        rc = sup__ledger_write_begin(l, "sup_ledger_void_payment");
    if (rc != SUP_OK)
        return rc;
    sup_id id = 0;
    rc = sup__ledger_write_end(l, void_in_txn(l, actor, event, on, reason, &id));
    if (rc == SUP_OK && out != NULL)
        *out = id;
    return rc;
}

/* ---- refunds ------------------------------------------------------------------------------------------------ */

int sup_refund_options_init(sup_refund_options *o, unsigned version)
{
    SUP__CHECK_ARG(o, "sup_refund_options_init");
    if (version != SUP_REFUND_OPTIONS_VERSION)
        return sup__fail(SUP_EINVAL, "sup_refund_options_init: unknown version %u (this library knows %u)", version,
                         (unsigned)SUP_REFUND_OPTIONS_VERSION);
    memset(o, 0, sizeof *o);
    o->version = version;
    o->support = SUP_REFUND_KEEP_SUPPORT;
    return SUP_OK;
}

/*
 * The support end after a refund that shortens support, on `on`, of the license's latest payment: the refund
 * date, but never before the end the license had without the payment (`before`; SUP_DATE_NONE for a
 * purchase) nor after the end it has now (`now`). The one rule of a refund's effect on support.
 */
static sup_date shortened_until(sup_date before, sup_date now, sup_date on)
{
    sup_date end = on;
    if (before != SUP_DATE_NONE && end < before)
        end = before;
    return end < now ? end : now;
}

/* The support period a shortening refund records, as an event of the license (kind period). */
static int insert_period_event(sup_ledger *l, const char *actor, sup_id license, sup_date on, sup_date until,
                               sup_id *id)
{
    sup__stmt *st = NULL;
    int rc = sup__ledger_prepare(l, "INSERT INTO license_event (license_id, kind, on_date, support_until, amount, actor)"
                                    " VALUES (?1, 4, ?2, ?3, 0, ?4) RETURNING id",
                                 &st);
    if (rc != SUP_OK)
        return rc;
    sup__st_int(st, 1, license);
    sup__st_int(st, 2, on);
    sup__st_int(st, 3, until);
    sup__st_text(st, 4, actor);
    rc = sup__ledger_insert_id(st, "recording the shortened support", id);
    sup__ledger_finalize(st);
    return rc;
}

/* Shorten support for a refund: the core records the period (order checked), then it is stored. */
static int shorten(sup_ledger *l, const char *actor, const struct payment_row *p, struct sup__loaded *ld,
                   sup_date on, struct correction_in *c)
{
    int rc = check_nothing_later(l, p, "refunded with shortened support");
    if (rc != SUP_OK)
        return rc;
    sup_license *lic = ld->license;
    sup_date now = sup_license_latest_until(lic);
    sup_date before = SUP_DATE_NONE; /* the end without the payment (none for a purchase) */
    size_t n = sup_license_event_count(lic);
    if (p->kind != SUP_EVENT_PURCHASE && n >= 2 && (rc = sup_license_event(lic, n - 2, NULL, NULL, &before, NULL)) != SUP_OK)
        return rc;
    sup_date end = shortened_until(before, now, on);
    c->support_until = end;
    if (end >= now)
        return SUP_OK; /* support ends by then anyway: nothing to shorten */
    rc = sup_license_add_period(lic, on, end);
    if (rc == SUP_OK)
        rc = insert_period_event(l, actor, p->license, on, end, &c->period_event);
    if (rc == SUP_OK)
        rc = sup__ledger_period_add(l, p->license, &ld->row, lic, on);
    return rc;
}

static int refund_in_txn(sup_ledger *l, const char *actor, sup_id event, sup_date on, const char *reason,
                         const sup_refund_options *o, sup_id *id)
{
    struct payment_row p;
    int rc = load_payment_row(l, event, &p);
    struct sup__loaded ld = {0};
    if (rc == SUP_OK)
        rc = check_correctable(&p, on, "refunded");
    if (rc == SUP_OK)
        rc = sup__ledger_load_all(l, p.license, true, &ld);
    sup_money refunded = 0;
    sup_id first = 0;
    sup_date first_on = 0;
    if (rc == SUP_OK)
        rc = refunds_of(l, event, &refunded, &first, &first_on);
    sup_money left = p.amount - refunded, amount = o->amount > 0 ? o->amount : left;
    if (rc == SUP_OK && (amount <= 0 || amount > left)) {
        char a[SUP_MONEY_BUFSIZE], b[SUP_MONEY_BUFSIZE], c2[SUP_MONEY_BUFSIZE];
        rc = sup__fail(SUP_EMONEY, "a refund of %s rub of the %s of license event %lld: %s rub of its %s rub are "
                                   "left to refund",
                       sup__ledger_money_str(amount, a), sup_event_kind_name(p.kind), (long long)event,
                       sup__ledger_money_str(left, b), sup__ledger_money_str(p.amount, c2));
    }
    if (rc == SUP_OK) {
        sup_date before = sup_license_latest_until(ld.license);
        struct correction_in c = {SUP_CORRECTION_REFUND, event, on, amount, o->support, before, 0, reason, actor};
        if (o->support == SUP_REFUND_SHORTEN_SUPPORT)
            rc = shorten(l, actor, &p, &ld, on, &c);
        if (rc == SUP_OK)
            rc = insert_correction(l, &c, id);
        if (rc == SUP_OK)
            rc = audit_correction(l, "refund", &c, &p, &ld.row, before, *id);
    }
    sup__ledger_loaded_free(&ld);
    sup__free(p.payment_id);
    return rc;
}

int sup_ledger_refund_payment(sup_ledger *l, const char *actor, sup_id event, sup_date on, const char *reason,
                              const sup_refund_options *opts, sup_id *out)
{
    SUP__CHECK_ARG(l, "sup_ledger_refund_payment");
    sup_refund_options defaults;
    if (opts == NULL) {
        memset(&defaults, 0, sizeof defaults);
        defaults.version = SUP_REFUND_OPTIONS_VERSION; /* the whole payment, support kept */
        opts = &defaults;
    }
    int rc = sup__ledger_check_actor(actor);
    if (rc == SUP_OK && opts->version != SUP_REFUND_OPTIONS_VERSION)
        rc = sup__fail(SUP_EINVAL, "sup_ledger_refund_payment: options of version %u (this library knows %u)",
                       opts->version, (unsigned)SUP_REFUND_OPTIONS_VERSION);
    if (rc == SUP_OK && opts->amount < 0)
        rc = sup__fail(SUP_EMONEY, "a negative refund: %lld kopecks", (long long)opts->amount);
    if (rc == SUP_OK && (unsigned)opts->support > SUP_REFUND_SHORTEN_SUPPORT)
        rc = sup__fail(SUP_EINVAL, "sup_ledger_refund_payment: unknown support decision %d", (int)opts->support);
    if (rc == SUP_OK)
        rc = sup__ledger_check_id(event, "license event");
    if (rc == SUP_OK)
        rc = sup__check_date(on, "refund date");
    if (rc == SUP_OK)
        rc = check_reason(reason);
    if (rc == SUP_OK)
        rc = sup__ledger_write_begin(l, "sup_ledger_refund_payment");
    if (rc != SUP_OK)
        return rc;
    sup_id id = 0;
    rc = sup__ledger_write_end(l, refund_in_txn(l, actor, event, on, reason, opts, &id));
    if (rc == SUP_OK && out != NULL)
        *out = id;
    return rc;
}

/* ---- looking up a payment --------------------------------------------------------------------------------- */

int sup_ledger_find_payment(sup_ledger *l, const char *payment_id, sup_id *event)
{
    SUP__CHECK_ARG(event, "sup_ledger_find_payment");
    *event = 0;
    SUP__CHECK_ARG(l, "sup_ledger_find_payment");
    int rc = sup__ledger_check_text(payment_id, SUP_LEDGER_PAYMENT_ID_MAX, false, "payment id");
    if (rc == SUP_OK)
        rc = sup__ledger_read_begin(l, "sup_ledger_find_payment");
    if (rc != SUP_OK)
        return rc;
    struct sup__recorded r;
    rc = sup__ledger_find_payment(l, payment_id, &r);
    if (rc == 1) {
        *event = r.event;
        rc = SUP_OK;
    } else if (rc == 0) {
        char q[200];
        sup__quote_text(q, sizeof q, payment_id);
        rc = sup__fail(SUP_ENOTFOUND, "no payment with id %s", q);
    }
    return sup__ledger_read_end(l, rc);
}
