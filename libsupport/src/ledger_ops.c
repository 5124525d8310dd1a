/* libsupport — ledger operations: policy versions, products, prices, customers,
 * sales, renewals, subscription payments, periods and releases.
 *
 * The ledger stores facts and asks the core: every rule (fees, kinds, support
 * ends, status, downloads) is computed by license.c on a license rebuilt from
 * its stored events. Each change is one transaction with one audit event. */
#include "ledger_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- argument checks ---------------------------------------------------------------- */

int sup__ledger_check_text(const char *s, size_t max, bool multiline, const char *what)
{
    return sup__check_text(s, max, multiline ? SUP__TEXT_MULTILINE : 0u, what); /* the rules of text.c */
}

int sup__ledger_check_id(sup_id id, const char *what)
{
    if (id <= 0)
        return sup__fail(SUP_ENOTFOUND, "no %s with id %lld (ids are positive)", what, (long long)id);
    return SUP_OK;
}

static int check_actor(const char *actor) { return sup__ledger_check_text(actor, SUP_LEDGER_ACTOR_MAX, false, "actor"); }

static const char *money_str(sup_money m, char buf[SUP_MONEY_BUFSIZE])
{
    if (sup_money_format(m, SUP_MONEY_PLAIN, buf, SUP_MONEY_BUFSIZE) != SUP_OK)
        buf[0] = '\0';
    return buf;
}

/* ---- small storage helpers --------------------------------------------------------------- */

static sup_id last_id(sup_ledger *l) { return (sup_id)sqlite3_last_insert_rowid(l->db); }

static int audit(sup_ledger *l, const char *action, const char *actor, sup_date on, sup_id product,
                 sup_id customer, sup_id license, sup__buf *detail)
{
    if (detail->failed) {
        sup__buf_dispose(detail);
        return sup__fail(SUP_ENOMEM, "out of memory recording the audit event");
    }
    int rc;
    sqlite3_stmt *st = sup__ledger_stmt(l, LS_AUDIT_INSERT, &rc);
    if (st == NULL) {
        sup__buf_dispose(detail);
        return rc;
    }
    sqlite3_bind_text(st, 1, action, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, actor, -1, SQLITE_STATIC);
    if (on != SUP_DATE_NONE)
        sqlite3_bind_int(st, 3, on);
    if (product > 0)
        sqlite3_bind_int64(st, 4, product);
    if (customer > 0)
        sqlite3_bind_int64(st, 5, customer);
    if (license > 0)
        sqlite3_bind_int64(st, 6, license);
    sqlite3_bind_text(st, 7, detail->data ? detail->data : "", -1, SQLITE_STATIC);
    int src = sqlite3_step(st);
    sup__ledger_done(st);
    sup__buf_dispose(detail);
    return src == SQLITE_DONE ? SUP_OK : sup__ledger_dberr(l, src, "recording the audit event");
}

/* Run a one-row statement: 1 if a row is there (left on it), 0 if none, or a negative error. */
static int step_one(sup_ledger *l, sqlite3_stmt *st, const char *what)
{
    int src = sqlite3_step(st);
    if (src == SQLITE_ROW)
        return 1;
    if (src == SQLITE_DONE)
        return 0;
    return sup__ledger_dberr(l, src, what);
}

static int exec_insert(sup_ledger *l, sqlite3_stmt *st, const char *what)
{
    int src = sqlite3_step(st);
    sup__ledger_done(st);
    return src == SQLITE_DONE ? SUP_OK : sup__ledger_dberr(l, src, what);
}

/* A one-off statement (not cached: rarely used). */
static int prepare(sup_ledger *l, const char *sql, sqlite3_stmt **st)
{
    int src = sqlite3_prepare_v2(l->db, sql, -1, st, NULL);
    return src == SQLITE_OK ? SUP_OK : sup__ledger_dberr(l, src, "preparing a query");
}

static int date_from_column(sqlite3_stmt *st, int col, sup_date *out)
{
    sqlite3_int64 v = sqlite3_column_int64(st, col);
    if (v < SUP_DATE_MIN || v > SUP_DATE_MAX || !sup_date_is_valid((sup_date)v))
        return sup__fail(SUP_EDB, "the ledger holds an invalid date %lld", (long long)v);
    *out = (sup_date)v;
    return SUP_OK;
}

/* ---- loading core objects ------------------------------------------------------------------ */

struct product_row {
    sup_license_kind kind;
    int support_months;
};

static int load_product(sup_ledger *l, sup_id id, struct product_row *row, sup_product **out)
{
    *out = NULL;
    int rc = sup__ledger_check_id(id, "product");
    if (rc != SUP_OK)
        return rc;
    sqlite3_stmt *st = sup__ledger_stmt(l, LS_PRODUCT_GET, &rc);
    if (st == NULL)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    rc = step_one(l, st, "reading a product");
    struct product_row r = {SUP_LICENSE_PERPETUAL, 0};
    if (rc == 1) {
        r.kind = (sup_license_kind)sqlite3_column_int(st, 0);
        r.support_months = sqlite3_column_int(st, 1);
    }
    sup__ledger_done(st);
    if (rc == 0)
        return sup__fail(SUP_ENOTFOUND, "no product with id %lld", (long long)id);
    if (rc < 0)
        return rc;
    sup_product *p;
    rc = sup_product_new(r.kind, r.support_months, &p);
    if (rc != SUP_OK)
        return rc == SUP_ENOMEM ? rc : sup__fail(SUP_EDB, "product %lld is damaged: %s", (long long)id,
                                                 sup_error_message());
    st = sup__ledger_stmt(l, LS_PRODUCT_PRICES, &rc);
    if (st == NULL) {
        sup_product_free(p);
        return rc;
    }
    sqlite3_bind_int64(st, 1, id);
    int src;
    while ((src = sqlite3_step(st)) == SQLITE_ROW) {
        sup_date eff;
        rc = date_from_column(st, 0, &eff);
        /* a later row for the same date supersedes the earlier one (rows come in id order) */
        if (rc == SUP_OK)
            rc = sup_product_set_price(p, eff, sqlite3_column_int64(st, 1));
        if (rc != SUP_OK)
            break;
    }
    sup__ledger_done(st);
    if (rc == SUP_OK && src != SQLITE_DONE)
        rc = sup__ledger_dberr(l, src, "reading prices");
    if (rc != SUP_OK) {
        sup_product_free(p);
        return rc;
    }
    if (row != NULL)
        *row = r;
    *out = p;
    return SUP_OK;
}

struct license_row {
    sup_id customer;
    sup_id product;
    sup_license_kind kind;
    sup_date purchased;
};

static int load_license_row(sup_ledger *l, sup_id id, struct license_row *row)
{
    int rc = sup__ledger_check_id(id, "license");
    if (rc != SUP_OK)
        return rc;
    sqlite3_stmt *st = sup__ledger_stmt(l, LS_LICENSE_GET, &rc);
    if (st == NULL)
        return rc;
    sqlite3_bind_int64(st, 1, id);
    int found = step_one(l, st, "reading a license");
    rc = found < 0 ? found : SUP_OK;
    if (found == 1) {
        row->customer = sqlite3_column_int64(st, 0);
        row->product = sqlite3_column_int64(st, 1);
        row->kind = (sup_license_kind)sqlite3_column_int(st, 2);
        rc = date_from_column(st, 3, &row->purchased);
    }
    sup__ledger_done(st);
    if (found == 0)
        return sup__fail(SUP_ENOTFOUND, "no license with id %lld", (long long)id);
    return rc;
}

/* Rebuild the core license from its stored events (the purchase first, in the order recorded). */
static int rebuild_license(sup_ledger *l, sup_id id, const struct license_row *row, const sup_product *prod,
                           sup_license **out)
{
    *out = NULL;
    sup_license *lic = calloc(1, sizeof *lic);
    if (lic == NULL)
        return sup__fail(SUP_ENOMEM, "out of memory rebuilding a license");
    lic->kind = row->kind;
    lic->term_months = sup_product_support_months(prod);
    int rc;
    sqlite3_stmt *st = sup__ledger_stmt(l, LS_LICENSE_EVENTS, &rc);
    if (st == NULL) {
        sup_license_free(lic);
        return rc;
    }
    sqlite3_bind_int64(st, 1, id);
    int src;
    while ((src = sqlite3_step(st)) == SQLITE_ROW) {
        int kind = sqlite3_column_int(st, 0);
        sup_date on, until;
        rc = date_from_column(st, 1, &on);
        if (rc == SUP_OK)
            rc = date_from_column(st, 2, &until);
        if (rc == SUP_OK && (kind < SUP_EVENT_PURCHASE || kind > SUP_EVENT_PERIOD ||
                             (lic->event_count == 0) != (kind == SUP_EVENT_PURCHASE)))
            rc = sup__fail(SUP_EDB, "license %lld has a damaged history", (long long)id);
        if (rc == SUP_OK)
            rc = sup__license_push_event(lic, (sup_event_kind)kind, on, until, sqlite3_column_int64(st, 3));
        if (rc != SUP_OK)
            break;
    }
    sup__ledger_done(st);
    if (rc == SUP_OK && src != SQLITE_DONE)
        rc = sup__ledger_dberr(l, src, "reading license events");
    if (rc == SUP_OK && lic->event_count == 0)
        rc = sup__fail(SUP_EDB, "license %lld has no purchase event", (long long)id);
    if (rc != SUP_OK) {
        sup_license_free(lic);
        return rc;
    }
    *out = lic;
    return SUP_OK;
}

/* Everything a rule about one license needs: its row, its product and its rebuilt history. */
struct loaded {
    struct license_row row;
    sup_product *product;
    sup_license *license;
};

static void loaded_free(struct loaded *ld)
{
    sup_product_free(ld->product);
    sup_license_free(ld->license);
    ld->product = NULL;
    ld->license = NULL;
}

static int load_all(sup_ledger *l, sup_id license, struct loaded *ld)
{
    memset(ld, 0, sizeof *ld);
    int rc = load_license_row(l, license, &ld->row);
    if (rc == SUP_OK)
        rc = load_product(l, ld->row.product, NULL, &ld->product);
    if (rc == SUP_OK)
        rc = rebuild_license(l, license, &ld->row, ld->product, &ld->license);
    if (rc == SUP_OK)
        rc = sup__ledger_load_policies(l);
    if (rc != SUP_OK)
        loaded_free(ld);
    return rc;
}

/* ---- the derived support periods ------------------------------------------------------------- */

/* After an event on `on` was appended to `lic`: support_until from `on` on is what the core says. */
static int period_add(sup_ledger *l, sup_id license, const struct license_row *row, const sup_license *lic,
                      sup_date on)
{
    sup_date until;
    int rc = sup_license_support_until(lic, on, &until);
    if (rc != SUP_OK)
        return rc;
    sqlite3_stmt *st = sup__ledger_stmt(l, LS_PERIOD_CLOSE, &rc);
    if (st == NULL)
        return rc;
    sqlite3_bind_int64(st, 1, license);
    sqlite3_bind_int(st, 2, on);
    sqlite3_bind_int(st, 3, on > SUP_DATE_MIN ? sup__prev_day(on) : SUP_DATE_MIN);
    sqlite3_bind_int64(st, 4, row->customer);
    rc = exec_insert(l, st, "updating support periods");
    if (rc != SUP_OK)
        return rc;
    st = sup__ledger_stmt(l, LS_PERIOD_UPSERT, &rc);
    if (st == NULL)
        return rc;
    sqlite3_bind_int64(st, 1, license);
    sqlite3_bind_int(st, 2, on);
    sqlite3_bind_int(st, 3, until);
    sqlite3_bind_int(st, 4, (int)row->kind);
    sqlite3_bind_int(st, 5, row->purchased);
    sqlite3_bind_int64(st, 6, row->customer);
    sqlite3_bind_int64(st, 7, row->product);
    return exec_insert(l, st, "updating support periods");
}

/* ---- payments ----------------------------------------------------------------------------------- */

struct event_in {
    sup_id license;
    sup_event_kind kind;
    sup_date on;
    sup_date until;
    sup_money amount;
    const char *payment_id; /* may be NULL */
    sup_id policy_version;  /* 0: none */
    const sup_quote *quote; /* may be NULL */
    const char *actor;
};

static int insert_event(sup_ledger *l, const struct event_in *e)
{
    int rc;
    sqlite3_stmt *st = sup__ledger_stmt(l, LS_EVENT_INSERT, &rc);
    if (st == NULL)
        return rc;
    sqlite3_bind_int64(st, 1, e->license);
    sqlite3_bind_int(st, 2, (int)e->kind);
    sqlite3_bind_int(st, 3, e->on);
    sqlite3_bind_int(st, 4, e->until);
    sqlite3_bind_int64(st, 5, e->amount);
    if (e->payment_id != NULL)
        sqlite3_bind_text(st, 6, e->payment_id, -1, SQLITE_STATIC);
    if (e->policy_version > 0)
        sqlite3_bind_int64(st, 7, e->policy_version);
    if (e->quote != NULL) {
        sqlite3_bind_int(st, 8, (int)e->quote->kind);
        sqlite3_bind_int(st, 9, e->quote->rate);
        sqlite3_bind_int64(st, 10, e->quote->list_price);
        sqlite3_bind_int(st, 11, e->quote->support_until);
        sqlite3_bind_int(st, 12, e->quote->valid_through);
    } else {
        for (int i = 8; i <= 12; i++)
            sqlite3_bind_int(st, i, 0);
    }
    sqlite3_bind_text(st, 13, e->actor, -1, SQLITE_STATIC);
    return exec_insert(l, st, "recording a license event");
}

/* A recorded payment id: what was recorded under it. */
struct recorded {
    sup_id event;
    sup_id license;
    sup_id customer;
    sup_id product;
    int kind;
    sup_money amount;
    sup_quote quote;
};

/* 1 and *r filled if the payment id is recorded, 0 if not, or a negative error. */
static int find_payment(sup_ledger *l, const char *payment_id, struct recorded *r)
{
    memset(r, 0, sizeof *r);
    int rc;
    sqlite3_stmt *st = sup__ledger_stmt(l, LS_EVENT_BY_PAYMENT, &rc);
    if (st == NULL)
        return rc < 0 ? rc : SUP_EDB;
    sqlite3_bind_text(st, 1, payment_id, -1, SQLITE_STATIC);
    rc = step_one(l, st, "looking up a payment id");
    if (rc == 1) {
        r->event = sqlite3_column_int64(st, 0);
        r->license = sqlite3_column_int64(st, 1);
        r->kind = sqlite3_column_int(st, 2);
        r->quote.on = (sup_date)sqlite3_column_int(st, 3);
        r->quote.new_support_until = (sup_date)sqlite3_column_int(st, 4);
        r->amount = sqlite3_column_int64(st, 5);
        r->quote.fee = r->amount;
        r->quote.kind = (sup_quote_kind)sqlite3_column_int(st, 6);
        r->quote.rate = (sup_rate)sqlite3_column_int(st, 7);
        r->quote.list_price = sqlite3_column_int64(st, 8);
        r->quote.support_until = (sup_date)sqlite3_column_int(st, 9);
        r->quote.valid_through = (sup_date)sqlite3_column_int(st, 10);
        r->customer = sqlite3_column_int64(st, 11);
        r->product = sqlite3_column_int64(st, 12);
    }
    sup__ledger_done(st);
    return rc;
}

static int check_payment_id(const char *payment_id)
{
    return sup__ledger_check_text(payment_id, SUP_LEDGER_PAYMENT_ID_MAX, false, "payment id");
}

static int check_paid(sup_money paid)
{
    if (paid < 0)
        return sup__fail(SUP_EMONEY, "negative amount paid: %lld kopecks", (long long)paid);
    return SUP_OK;
}

/* A replay must be the same payment: same license (or sale), same amount, same kind of operation. */
static int replay_conflict(const char *payment_id, const struct recorded *r, const char *what, sup_id license,
                           sup_money paid)
{
    char q[200], a[SUP_MONEY_BUFSIZE], b[SUP_MONEY_BUFSIZE];
    sup__quote_text(q, sizeof q, payment_id);
    return sup__fail(SUP_ECONFLICT,
                     "payment id %s is already recorded as a %s of %s rub for license %lld; it cannot be reused "
                     "for a %s of %s rub for license %lld",
                     q, sup_event_kind_name((sup_event_kind)r->kind), money_str(r->amount, a), (long long)r->license,
                     what, money_str(paid, b), (long long)license);
}

enum pay_kind { PAY_RENEWAL, PAY_SUBSCRIPTION };

static int apply_payment(sup_ledger *l, enum pay_kind pk, const char *actor, const char *payment_id, sup_id license,
                         sup_date on, sup_money paid, sup_quote *applied, const char *fn)
{
    SUP__CHECK_ARG(l, fn);
    int rc = check_actor(actor);
    if (rc == SUP_OK)
        rc = check_payment_id(payment_id);
    if (rc == SUP_OK)
        rc = sup__ledger_check_id(license, "license");
    if (rc == SUP_OK)
        rc = sup__check_date(on, pk == PAY_RENEWAL ? "renewal date" : "payment date");
    if (rc == SUP_OK)
        rc = check_paid(paid);
    if (rc != SUP_OK)
        return rc;
    rc = sup__ledger_write_begin(l, fn);
    if (rc != SUP_OK)
        return rc;
    const char *what = pk == PAY_RENEWAL ? "renewal" : "subscription payment";
    struct recorded r = {0};
    rc = find_payment(l, payment_id, &r);
    if (rc == 1) {
        bool same_kind = pk == PAY_RENEWAL ? (r.kind == SUP_EVENT_PREFERENTIAL_RENEWAL ||
                                              r.kind == SUP_EVENT_STANDARD_RENEWAL)
                                           : r.kind == SUP_EVENT_SUBSCRIPTION_PAYMENT;
        if (!same_kind || r.license != license || r.amount != paid) {
            rc = replay_conflict(payment_id, &r, what, license, paid);
        } else {
            rc = SUP_OK; /* the same payment again: the first result, nothing changes */
            if (applied != NULL)
                *applied = r.quote;
        }
        return sup__ledger_write_end(l, rc);
    }
    if (rc < 0)
        return sup__ledger_write_end(l, rc);

    struct loaded ld;
    rc = load_all(l, license, &ld);
    sup_quote q;
    sup_id version = 0;
    if (rc == SUP_OK) {
        if (pk == PAY_RENEWAL) {
            rc = sup__license_renew_versions(ld.license, ld.product, l->versions, l->nversions, on, paid, &q);
            size_t vi = sup__ledger_version_on(l, on);
            if (rc == SUP_OK && vi != (size_t)-1)
                version = l->version_ids[vi];
        } else {
            rc = sup_license_pay(ld.license, ld.product, on, paid, &q);
        }
    }
    if (rc == SUP_OK) {
        const struct sup__event *ev = &ld.license->events[ld.license->event_count - 1];
        struct event_in e = {license, ev->kind, on, ev->until, paid, payment_id, version, &q, actor};
        rc = insert_event(l, &e);
    }
    if (rc == SUP_OK)
        rc = period_add(l, license, &ld.row, ld.license, on);
    if (rc == SUP_OK) {
        char m[SUP_MONEY_BUFSIZE], d1[24], d2[24];
        sup__buf b = {0};
        sup__date_str(q.support_until, d1);
        sup__date_str(q.new_support_until, d2);
        sup__buf_printf(&b, "payment_id=%s; kind=%s; fee=%s; support_until=%s -> %s", payment_id,
                        sup_quote_kind_name(q.kind), money_str(paid, m), d1, d2);
        if (version > 0)
            sup__buf_printf(&b, "; policy_version=%lld", (long long)version);
        rc = audit(l, pk == PAY_RENEWAL ? "renew" : "pay", actor, on, ld.row.product, ld.row.customer, license, &b);
    }
    loaded_free(&ld);
    rc = sup__ledger_write_end(l, rc);
    if (rc == SUP_OK && applied != NULL)
        *applied = q;
    return rc;
}

int sup_ledger_renew(sup_ledger *l, const char *actor, const char *payment_id, sup_id license, sup_date on,
                     sup_money paid, sup_quote *applied)
{
    return apply_payment(l, PAY_RENEWAL, actor, payment_id, license, on, paid, applied, "sup_ledger_renew");
}

int sup_ledger_pay(sup_ledger *l, const char *actor, const char *payment_id, sup_id license, sup_date on,
                   sup_money paid, sup_quote *applied)
{
    return apply_payment(l, PAY_SUBSCRIPTION, actor, payment_id, license, on, paid, applied, "sup_ledger_pay");
}

/* ---- quotes and status (reads) ----------------------------------------------------------------- */

static int quote_common(sup_ledger *l, sup_id license, sup_date on, sup_quote *quote, enum pay_kind pk,
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
    struct loaded ld;
    rc = load_all(l, license, &ld);
    if (rc == SUP_OK) {
        if (pk == PAY_RENEWAL)
            rc = sup__license_quote_versions(ld.license, ld.product, l->versions, l->nversions, on, quote);
        else
            rc = sup_license_quote_payment(ld.license, ld.product, on, quote);
    }
    loaded_free(&ld);
    return sup__ledger_read_end(l, rc);
}

int sup_ledger_quote_renewal(sup_ledger *l, sup_id license, sup_date on, sup_quote *quote)
{
    return quote_common(l, license, on, quote, PAY_RENEWAL, "sup_ledger_quote_renewal");
}

int sup_ledger_quote_payment(sup_ledger *l, sup_id license, sup_date on, sup_quote *quote)
{
    return quote_common(l, license, on, quote, PAY_SUBSCRIPTION, "sup_ledger_quote_payment");
}

/* The names of a license's customer and product, as stored (malloc'ed copies). */
static int load_names(sup_ledger *l, const struct license_row *row, char **customer_name, char **product_name)
{
    *customer_name = *product_name = NULL;
    int rc;
    sqlite3_stmt *st = sup__ledger_stmt(l, LS_CUSTOMER_GET, &rc);
    if (st == NULL)
        return rc;
    sqlite3_bind_int64(st, 1, row->customer);
    rc = step_one(l, st, "reading a customer");
    if (rc == 1) {
        const char *n = (const char *)sqlite3_column_text(st, 1);
        *customer_name = sup__strdup(n != NULL ? n : "");
        rc = *customer_name != NULL ? SUP_OK : sup__fail(SUP_ENOMEM, "out of memory reading a customer");
    } else if (rc == 0) {
        rc = sup__fail(SUP_EDB, "license's customer %lld is missing", (long long)row->customer);
    }
    sup__ledger_done(st);
    if (rc != SUP_OK)
        return rc;
    st = sup__ledger_stmt(l, LS_PRODUCT_GET, &rc);
    if (st == NULL)
        return rc;
    sqlite3_bind_int64(st, 1, row->product);
    rc = step_one(l, st, "reading a product");
    if (rc == 1) {
        const char *n = (const char *)sqlite3_column_text(st, 3);
        *product_name = sup__strdup(n != NULL ? n : "");
        rc = *product_name != NULL ? SUP_OK : sup__fail(SUP_ENOMEM, "out of memory reading a product");
    } else if (rc == 0) {
        rc = sup__fail(SUP_EDB, "license's product %lld is missing", (long long)row->product);
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

int sup_ledger_render_notice(sup_ledger *l, sup_id license, sup_date on, const sup_notice *notice, char **out)
{
    SUP__CHECK_ARG(out, "sup_ledger_render_notice");
    *out = NULL;
    SUP__CHECK_ARG(l, "sup_ledger_render_notice");
    SUP__CHECK_ARG(notice, "sup_ledger_render_notice");
    int rc = sup__ledger_check_id(license, "license");
    if (rc == SUP_OK)
        rc = sup__check_date(on, "notice date");
    if (rc == SUP_OK && sup_notice_kind_of(notice) == SUP_NOTICE_NONE)
        rc = sup__fail(SUP_EINVAL, "sup_ledger_render_notice: the notice has no kind");
    if (rc != SUP_OK)
        return rc;
    rc = sup__ledger_read_begin(l, "sup_ledger_render_notice");
    if (rc != SUP_OK)
        return rc;
    struct loaded ld;
    char *customer_name = NULL, *product_name = NULL;
    sup_notice *n = NULL;
    rc = load_all(l, license, &ld);
    if (rc == SUP_OK) {
        rc = load_names(l, &ld.row, &customer_name, &product_name);
        if (rc == SUP_OK)
            rc = notice_with_names(notice, customer_name, product_name, &n);
        if (rc == SUP_OK)
            rc = sup__notice_render_versions(n, ld.license, ld.product, l->versions, l->nversions, on, out);
        loaded_free(&ld);
    }
    sup_notice_free(n);
    free(customer_name);
    free(product_name);
    return sup__ledger_read_end(l, rc);
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
    struct loaded ld;
    rc = load_all(l, license, &ld);
    if (rc == SUP_OK) {
        size_t vi = sup__ledger_version_on(l, on);
        rc = sup_license_status(ld.license, vi == (size_t)-1 ? NULL : l->versions[vi].policy, on, status);
    }
    loaded_free(&ld);
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
    struct license_row row;
    sup_product *prod = NULL;
    rc = load_license_row(l, license, &row);
    if (rc == SUP_OK)
        rc = load_product(l, row.product, NULL, &prod);
    if (rc == SUP_OK)
        rc = rebuild_license(l, license, &row, prod, out);
    sup_product_free(prod);
    return sup__ledger_read_end(l, rc);
}

int sup_ledger_license_parties(sup_ledger *l, sup_id license, sup_id *customer, sup_id *product)
{
    SUP__CHECK_ARG(l, "sup_ledger_license_parties");
    int rc = sup__ledger_read_begin(l, "sup_ledger_license_parties");
    if (rc != SUP_OK)
        return rc;
    struct license_row row;
    rc = load_license_row(l, license, &row);
    if (rc == SUP_OK) {
        if (customer != NULL)
            *customer = row.customer;
        if (product != NULL)
            *product = row.product;
    }
    return sup__ledger_read_end(l, rc);
}

/* ---- policy versions ---------------------------------------------------------------------------- */

int sup_ledger_add_policy(sup_ledger *l, const char *actor, sup_date effective, const sup_policy *policy,
                          sup_id *out)
{
    SUP__CHECK_ARG(l, "sup_ledger_add_policy");
    SUP__CHECK_ARG(policy, "sup_ledger_add_policy");
    int rc = check_actor(actor);
    if (rc == SUP_OK)
        rc = sup__check_date(effective, "policy effective date");
    if (rc != SUP_OK)
        return rc;
    char *text = NULL;
    rc = sup_policy_to_text(policy, &text);
    if (rc != SUP_OK)
        return rc;
    rc = sup__ledger_write_begin(l, "sup_ledger_add_policy");
    if (rc != SUP_OK) {
        sup_free(text);
        return rc;
    }
    sqlite3_stmt *st = NULL;
    rc = prepare(l, "INSERT INTO policy_version (effective, body, actor) VALUES (?1, ?2, ?3)", &st);
    sup_id id = 0;
    if (rc == SUP_OK) {
        sqlite3_bind_int(st, 1, effective);
        sqlite3_bind_text(st, 2, text, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 3, actor, -1, SQLITE_STATIC);
        int src = sqlite3_step(st);
        if (src != SQLITE_DONE)
            rc = sup__ledger_dberr(l, src, "storing a policy version");
        else
            id = last_id(l);
    }
    sqlite3_finalize(st);
    if (rc == SUP_OK) {
        char d[24];
        sup__buf b = {0};
        sup__date_str(effective, d);
        sup__buf_printf(&b, "policy_version=%lld; effective=%s; preferential_rate_bp=%d; standard_rate_bp=%d; "
                            "grace_months=%d",
                        (long long)id, d, (int)policy->preferential_rate, (int)policy->standard_rate,
                        policy->grace_months);
        rc = audit(l, "add_policy", actor, effective, 0, 0, 0, &b);
    }
    sup_free(text);
    rc = sup__ledger_write_end(l, rc);
    if (rc == SUP_OK && out != NULL)
        *out = id;
    return rc;
}

int sup_ledger_get_policy(sup_ledger *l, sup_date on, sup_id *version, sup_policy **out)
{
    SUP__CHECK_ARG(out, "sup_ledger_get_policy");
    *out = NULL;
    SUP__CHECK_ARG(l, "sup_ledger_get_policy");
    int rc = sup__check_date(on, "policy date");
    if (rc != SUP_OK)
        return rc;
    rc = sup__ledger_read_begin(l, "sup_ledger_get_policy");
    if (rc != SUP_OK)
        return rc;
    rc = sup__ledger_load_policies(l);
    if (rc == SUP_OK) {
        size_t vi;
        rc = sup__version_at(l->versions, l->nversions, on, &vi);
        if (rc == SUP_OK) {
            rc = sup_policy_clone(l->versions[vi].policy, out);
            if (rc == SUP_OK && version != NULL)
                *version = l->version_ids[vi];
        }
    }
    return sup__ledger_read_end(l, rc);
}

/* ---- products ----------------------------------------------------------------------------------- */

static int find_code(sup_ledger *l, enum sup__lstmt which, const char *code, sup_id *out)
{
    int rc;
    sqlite3_stmt *st = sup__ledger_stmt(l, which, &rc);
    if (st == NULL)
        return rc;
    sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
    rc = step_one(l, st, "looking up a code");
    if (rc == 1)
        *out = sqlite3_column_int64(st, 0);
    sup__ledger_done(st);
    return rc;
}

static int code_taken(const char *what, const char *code)
{
    char q[200];
    sup__quote_text(q, sizeof q, code);
    return sup__fail(SUP_ECONFLICT, "a %s with code %s already exists", what, q);
}

int sup_ledger_add_product(sup_ledger *l, const char *actor, const char *code, const char *name,
                           sup_license_kind kind, int support_months, sup_id *out)
{
    SUP__CHECK_ARG(l, "sup_ledger_add_product");
    int rc = check_actor(actor);
    if (rc == SUP_OK)
        rc = sup__ledger_check_text(code, SUP_LEDGER_CODE_MAX, false, "product code");
    if (rc == SUP_OK)
        rc = sup__ledger_check_text(name, SUP_LEDGER_NAME_MAX, false, "product name");
    sup_product *probe = NULL;
    sup_policy *latest = NULL; /* SUP_SUPPORT_MONTHS_DEFAULT: the term of the latest version (in force on 9999-12-31) */
    if (rc == SUP_OK && support_months == SUP_SUPPORT_MONTHS_DEFAULT)
        rc = sup_ledger_get_policy(l, SUP_DATE_MAX, NULL, &latest);
    if (rc == SUP_OK)
        rc = sup__product_new_under(kind, support_months, latest, &probe); /* the core validates kind and term */
    sup_policy_free(latest);
    if (rc != SUP_OK)
        return rc;
    int months = sup_product_support_months(probe);
    sup_product_free(probe);
    rc = sup__ledger_write_begin(l, "sup_ledger_add_product");
    if (rc != SUP_OK)
        return rc;
    sup_id id = 0, existing;
    rc = find_code(l, LS_PRODUCT_BY_CODE, code, &existing);
    if (rc == 1)
        rc = code_taken("product", code);
    sqlite3_stmt *st = NULL;
    if (rc == 0)
        rc = prepare(l, "INSERT INTO product (code, name, kind, support_months) VALUES (?1, ?2, ?3, ?4)", &st);
    if (rc == SUP_OK) {
        sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 3, (int)kind);
        sqlite3_bind_int(st, 4, months);
        int src = sqlite3_step(st);
        if (src != SQLITE_DONE)
            rc = sup__ledger_dberr(l, src, "storing a product");
        else
            id = last_id(l);
    }
    sqlite3_finalize(st);
    if (rc == SUP_OK) {
        sup__buf b = {0};
        sup__buf_printf(&b, "code=%s; name=%s; kind=%s; support_months=%d", code, name, sup_license_kind_name(kind),
                        months);
        rc = audit(l, "add_product", actor, SUP_DATE_NONE, id, 0, 0, &b);
    }
    rc = sup__ledger_write_end(l, rc);
    if (rc == SUP_OK && out != NULL)
        *out = id;
    return rc;
}

int sup_ledger_update_product(sup_ledger *l, const char *actor, sup_id product, const char *name,
                              int support_months)
{
    SUP__CHECK_ARG(l, "sup_ledger_update_product");
    int rc = check_actor(actor);
    if (rc == SUP_OK && name != NULL)
        rc = sup__ledger_check_text(name, SUP_LEDGER_NAME_MAX, false, "product name");
    if (rc == SUP_OK)
        rc = sup__ledger_check_id(product, "product");
    if (rc != SUP_OK)
        return rc;
    rc = sup__ledger_write_begin(l, "sup_ledger_update_product");
    if (rc != SUP_OK)
        return rc;
    sqlite3_stmt *st;
    st = sup__ledger_stmt(l, LS_PRODUCT_GET, &rc);
    char *old_name = NULL;
    struct product_row row = {SUP_LICENSE_PERPETUAL, 0};
    if (st != NULL) {
        sqlite3_bind_int64(st, 1, product);
        rc = step_one(l, st, "reading a product");
        if (rc == 1) {
            row.kind = (sup_license_kind)sqlite3_column_int(st, 0);
            row.support_months = sqlite3_column_int(st, 1);
            const char *n = (const char *)sqlite3_column_text(st, 3);
            old_name = sup__strdup(n ? n : "");
            rc = old_name ? SUP_OK : sup__fail(SUP_ENOMEM, "out of memory");
        } else if (rc == 0) {
            rc = sup__fail(SUP_ENOTFOUND, "no product with id %lld", (long long)product);
        }
        sup__ledger_done(st);
    }
    int months = row.support_months;
    if (rc == SUP_OK && support_months >= 0) {
        sup_product *probe = NULL;
        rc = sup_product_new(row.kind, support_months, &probe);
        if (rc == SUP_OK)
            months = sup_product_support_months(probe);
        sup_product_free(probe);
    }
    st = NULL;
    if (rc == SUP_OK)
        rc = prepare(l, "UPDATE product SET name = ?2, support_months = ?3 WHERE id = ?1", &st);
    if (rc == SUP_OK) {
        sqlite3_bind_int64(st, 1, product);
        sqlite3_bind_text(st, 2, name ? name : old_name, -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 3, months);
        int src = sqlite3_step(st);
        if (src != SQLITE_DONE)
            rc = sup__ledger_dberr(l, src, "updating a product");
    }
    sqlite3_finalize(st);
    if (rc == SUP_OK) {
        sup__buf b = {0};
        sup__buf_printf(&b, "name=%s -> %s; support_months=%d -> %d", old_name, name ? name : old_name,
                        row.support_months, months);
        rc = audit(l, "update_product", actor, SUP_DATE_NONE, product, 0, 0, &b);
    }
    free(old_name);
    return sup__ledger_write_end(l, rc);
}

int sup_ledger_set_price(sup_ledger *l, const char *actor, sup_id product, sup_date effective, sup_money price)
{
    SUP__CHECK_ARG(l, "sup_ledger_set_price");
    int rc = check_actor(actor);
    if (rc == SUP_OK)
        rc = sup__ledger_check_id(product, "product");
    if (rc == SUP_OK)
        rc = sup__check_date(effective, "price effective date");
    if (rc == SUP_OK && price < 0)
        rc = sup__fail(SUP_EMONEY, "negative price: %lld kopecks", (long long)price);
    if (rc != SUP_OK)
        return rc;
    rc = sup__ledger_write_begin(l, "sup_ledger_set_price");
    if (rc != SUP_OK)
        return rc;
    sup_product *p = NULL;
    rc = load_product(l, product, NULL, &p); /* exists? */
    sup_product_free(p);
    sqlite3_stmt *st = NULL;
    if (rc == SUP_OK)
        rc = prepare(l, "INSERT INTO price (product_id, effective, amount, actor) VALUES (?1, ?2, ?3, ?4)", &st);
    if (rc == SUP_OK) {
        sqlite3_bind_int64(st, 1, product);
        sqlite3_bind_int(st, 2, effective);
        sqlite3_bind_int64(st, 3, price);
        sqlite3_bind_text(st, 4, actor, -1, SQLITE_STATIC);
        int src = sqlite3_step(st);
        if (src != SQLITE_DONE)
            rc = sup__ledger_dberr(l, src, "storing a price");
    }
    sqlite3_finalize(st);
    if (rc == SUP_OK) {
        char m[SUP_MONEY_BUFSIZE], d[24];
        sup__buf b = {0};
        sup__date_str(effective, d);
        sup__buf_printf(&b, "price=%s; effective=%s", money_str(price, m), d);
        rc = audit(l, "set_price", actor, effective, product, 0, 0, &b);
    }
    return sup__ledger_write_end(l, rc);
}

static int find_common(sup_ledger *l, enum sup__lstmt which, const char *code, sup_id *out, const char *what,
                       const char *fn)
{
    SUP__CHECK_ARG(out, fn);
    *out = 0;
    SUP__CHECK_ARG(l, fn);
    int rc = sup__ledger_check_text(code, SUP_LEDGER_CODE_MAX, false, what);
    if (rc != SUP_OK)
        return rc;
    rc = sup__ledger_read_begin(l, fn);
    if (rc != SUP_OK)
        return rc;
    rc = find_code(l, which, code, out);
    if (rc == 0) {
        char q[200];
        sup__quote_text(q, sizeof q, code);
        rc = sup__fail(SUP_ENOTFOUND, "no %s %s", what, q);
    } else if (rc == 1) {
        rc = SUP_OK;
    }
    return sup__ledger_read_end(l, rc);
}

int sup_ledger_find_product(sup_ledger *l, const char *code, sup_id *out)
{
    return find_common(l, LS_PRODUCT_BY_CODE, code, out, "product code", "sup_ledger_find_product");
}

int sup_ledger_get_product(sup_ledger *l, sup_id product, sup_product **out)
{
    SUP__CHECK_ARG(out, "sup_ledger_get_product");
    *out = NULL;
    SUP__CHECK_ARG(l, "sup_ledger_get_product");
    int rc = sup__ledger_read_begin(l, "sup_ledger_get_product");
    if (rc != SUP_OK)
        return rc;
    rc = load_product(l, product, NULL, out);
    return sup__ledger_read_end(l, rc);
}

/* ---- customers ---------------------------------------------------------------------------------- */

int sup_ledger_add_customer(sup_ledger *l, const char *actor, const char *code, const char *name, sup_id *out)
{
    SUP__CHECK_ARG(l, "sup_ledger_add_customer");
    int rc = check_actor(actor);
    if (rc == SUP_OK)
        rc = sup__ledger_check_text(code, SUP_LEDGER_CODE_MAX, false, "customer code");
    if (rc == SUP_OK)
        rc = sup__ledger_check_text(name, SUP_LEDGER_NAME_MAX, false, "customer name");
    if (rc != SUP_OK)
        return rc;
    rc = sup__ledger_write_begin(l, "sup_ledger_add_customer");
    if (rc != SUP_OK)
        return rc;
    sup_id id = 0, existing;
    rc = find_code(l, LS_CUSTOMER_BY_CODE, code, &existing);
    if (rc == 1)
        rc = code_taken("customer", code);
    sqlite3_stmt *st = NULL;
    if (rc == 0)
        rc = prepare(l, "INSERT INTO customer (code, name) VALUES (?1, ?2)", &st);
    if (rc == SUP_OK) {
        sqlite3_bind_text(st, 1, code, -1, SQLITE_STATIC);
        sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
        int src = sqlite3_step(st);
        if (src != SQLITE_DONE)
            rc = sup__ledger_dberr(l, src, "storing a customer");
        else
            id = last_id(l);
    }
    sqlite3_finalize(st);
    if (rc == SUP_OK) {
        sup__buf b = {0};
        sup__buf_printf(&b, "code=%s; name=%s", code, name);
        rc = audit(l, "add_customer", actor, SUP_DATE_NONE, 0, id, 0, &b);
    }
    rc = sup__ledger_write_end(l, rc);
    if (rc == SUP_OK && out != NULL)
        *out = id;
    return rc;
}

int sup_ledger_update_customer(sup_ledger *l, const char *actor, sup_id customer, const char *name)
{
    SUP__CHECK_ARG(l, "sup_ledger_update_customer");
    int rc = check_actor(actor);
    if (rc == SUP_OK)
        rc = sup__ledger_check_text(name, SUP_LEDGER_NAME_MAX, false, "customer name");
    if (rc == SUP_OK)
        rc = sup__ledger_check_id(customer, "customer");
    if (rc != SUP_OK)
        return rc;
    rc = sup__ledger_write_begin(l, "sup_ledger_update_customer");
    if (rc != SUP_OK)
        return rc;
    char *old_name = NULL;
    sqlite3_stmt *st = sup__ledger_stmt(l, LS_CUSTOMER_GET, &rc);
    if (st != NULL) {
        sqlite3_bind_int64(st, 1, customer);
        rc = step_one(l, st, "reading a customer");
        if (rc == 1) {
            const char *n = (const char *)sqlite3_column_text(st, 1);
            old_name = sup__strdup(n ? n : "");
            rc = old_name ? SUP_OK : sup__fail(SUP_ENOMEM, "out of memory");
        } else if (rc == 0) {
            rc = sup__fail(SUP_ENOTFOUND, "no customer with id %lld", (long long)customer);
        }
        sup__ledger_done(st);
    }
    st = NULL;
    if (rc == SUP_OK)
        rc = prepare(l, "UPDATE customer SET name = ?2 WHERE id = ?1", &st);
    if (rc == SUP_OK) {
        sqlite3_bind_int64(st, 1, customer);
        sqlite3_bind_text(st, 2, name, -1, SQLITE_STATIC);
        int src = sqlite3_step(st);
        if (src != SQLITE_DONE)
            rc = sup__ledger_dberr(l, src, "updating a customer");
    }
    sqlite3_finalize(st);
    if (rc == SUP_OK) {
        sup__buf b = {0};
        sup__buf_printf(&b, "name=%s -> %s", old_name, name);
        rc = audit(l, "update_customer", actor, SUP_DATE_NONE, 0, customer, 0, &b);
    }
    free(old_name);
    return sup__ledger_write_end(l, rc);
}

int sup_ledger_find_customer(sup_ledger *l, const char *code, sup_id *out)
{
    return find_common(l, LS_CUSTOMER_BY_CODE, code, out, "customer code", "sup_ledger_find_customer");
}

static int customer_exists(sup_ledger *l, sup_id customer)
{
    int rc = sup__ledger_check_id(customer, "customer");
    if (rc != SUP_OK)
        return rc;
    sqlite3_stmt *st = sup__ledger_stmt(l, LS_CUSTOMER_GET, &rc);
    if (st == NULL)
        return rc;
    sqlite3_bind_int64(st, 1, customer);
    rc = step_one(l, st, "reading a customer");
    sup__ledger_done(st);
    if (rc == 0)
        return sup__fail(SUP_ENOTFOUND, "no customer with id %lld", (long long)customer);
    return rc < 0 ? rc : SUP_OK;
}

/* ---- sales ---------------------------------------------------------------------------------------- */

int sup_ledger_sell(sup_ledger *l, const char *actor, const char *payment_id, sup_id customer, sup_id product,
                    sup_date on, sup_money paid, sup_id *out)
{
    SUP__CHECK_ARG(l, "sup_ledger_sell");
    int rc = check_actor(actor);
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
    rc = sup__ledger_write_begin(l, "sup_ledger_sell");
    if (rc != SUP_OK)
        return rc;
    sup_id license = 0;
    if (payment_id != NULL) {
        struct recorded r;
        rc = find_payment(l, payment_id, &r);
        if (rc == 1) {
            if (r.kind != SUP_EVENT_PURCHASE || r.customer != customer || r.product != product || r.amount != paid) {
                char q[200], a[SUP_MONEY_BUFSIZE], b[SUP_MONEY_BUFSIZE];
                sup__quote_text(q, sizeof q, payment_id);
                rc = sup__fail(SUP_ECONFLICT,
                               "payment id %s is already recorded as a %s of %s rub for license %lld; it cannot be "
                               "reused for a sale of product %lld to customer %lld for %s rub",
                               q, sup_event_kind_name((sup_event_kind)r.kind), money_str(r.amount, a),
                               (long long)r.license, (long long)product, (long long)customer, money_str(paid, b));
            } else {
                rc = SUP_OK;
                if (out != NULL)
                    *out = r.license;
            }
            return sup__ledger_write_end(l, rc);
        }
        if (rc < 0)
            return sup__ledger_write_end(l, rc);
    }
    rc = customer_exists(l, customer);
    sup_product *prod = NULL;
    sup_license *lic = NULL;
    struct product_row prow;
    if (rc == SUP_OK)
        rc = load_product(l, product, &prow, &prod);
    sup_money list_price = 0;
    if (rc == SUP_OK)
        rc = sup_product_price_on(prod, on, &list_price);
    if (rc == SUP_OK)
        rc = sup_license_new(prod, on, &lic);
    if (rc == SUP_OK && paid != list_price) { /* a purchase is at the list price in force on its date */
        char a[SUP_MONEY_BUFSIZE], b[SUP_MONEY_BUFSIZE], d[24];
        sup__date_str(on, d);
        rc = sup__fail(SUP_EMISMATCH, "paid %s rub, but the list price on %s is %s rub", money_str(paid, a), d,
                       money_str(list_price, b));
    }
    if (rc == SUP_OK) {
        sqlite3_stmt *st = sup__ledger_stmt(l, LS_LICENSE_INSERT, &rc);
        if (st != NULL) {
            sqlite3_bind_int64(st, 1, customer);
            sqlite3_bind_int64(st, 2, product);
            sqlite3_bind_int(st, 3, (int)lic->kind);
            sqlite3_bind_int(st, 4, on);
            rc = exec_insert(l, st, "storing a license");
            license = last_id(l);
        }
    }
    if (rc == SUP_OK) {
        struct event_in e = {license, SUP_EVENT_PURCHASE, on, lic->events[0].until, paid, payment_id, 0, NULL, actor};
        rc = insert_event(l, &e);
    }
    if (rc == SUP_OK) {
        struct license_row row = {customer, product, lic->kind, on};
        rc = period_add(l, license, &row, lic, on);
    }
    if (rc == SUP_OK) {
        char m[SUP_MONEY_BUFSIZE], d[24];
        sup__buf b = {0};
        sup__date_str(lic->events[0].until, d);
        sup__buf_printf(&b, "payment_id=%s; paid=%s; support_until=%s", payment_id ? payment_id : "",
                        money_str(paid, m), d);
        rc = audit(l, "sell", actor, on, product, customer, license, &b);
    }
    sup_license_free(lic);
    sup_product_free(prod);
    rc = sup__ledger_write_end(l, rc);
    if (rc == SUP_OK && out != NULL)
        *out = license;
    return rc;
}

int sup_ledger_record_period(sup_ledger *l, const char *actor, sup_id license, sup_date on, sup_date until)
{
    SUP__CHECK_ARG(l, "sup_ledger_record_period");
    int rc = check_actor(actor);
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
    struct loaded ld;
    rc = load_all(l, license, &ld);
    if (rc == SUP_OK)
        rc = sup_license_add_period(ld.license, on, until);
    if (rc == SUP_OK) {
        struct event_in e = {license, SUP_EVENT_PERIOD, on, until, 0, NULL, 0, NULL, actor};
        rc = insert_event(l, &e);
    }
    if (rc == SUP_OK)
        rc = period_add(l, license, &ld.row, ld.license, on);
    if (rc == SUP_OK) {
        char d[24];
        sup__buf b = {0};
        sup__date_str(until, d);
        sup__buf_printf(&b, "support_until=%s", d);
        rc = audit(l, "record_period", actor, on, ld.row.product, ld.row.customer, license, &b);
    }
    loaded_free(&ld);
    return sup__ledger_write_end(l, rc);
}

/* ---- releases ------------------------------------------------------------------------------------- */

int sup_ledger_add_release(sup_ledger *l, const char *actor, sup_id product, const char *version,
                           sup_date released, const char *note, sup_id *out)
{
    SUP__CHECK_ARG(l, "sup_ledger_add_release");
    int rc = check_actor(actor);
    if (rc == SUP_OK)
        rc = sup__ledger_check_id(product, "product");
    if (rc == SUP_OK)
        rc = sup__ledger_check_text(version, SUP_LEDGER_VERSION_MAX, false, "release version");
    if (rc == SUP_OK && note != NULL)
        rc = sup__ledger_check_text(note, SUP_LEDGER_NOTE_MAX, true, "release note");
    if (rc == SUP_OK)
        rc = sup__check_date(released, "release date");
    if (rc != SUP_OK)
        return rc;
    rc = sup__ledger_write_begin(l, "sup_ledger_add_release");
    if (rc != SUP_OK)
        return rc;
    sup_product *p = NULL;
    rc = load_product(l, product, NULL, &p);
    sup_product_free(p);
    sqlite3_stmt *st = NULL;
    sup_id id = 0;
    if (rc == SUP_OK)
        rc = prepare(l, "SELECT id FROM product_release WHERE product_id = ?1 AND version = ?2", &st);
    if (rc == SUP_OK) {
        sqlite3_bind_int64(st, 1, product);
        sqlite3_bind_text(st, 2, version, -1, SQLITE_STATIC);
        rc = step_one(l, st, "looking up a release");
        if (rc == 1) {
            char q[200];
            sup__quote_text(q, sizeof q, version);
            rc = sup__fail(SUP_ECONFLICT, "product %lld already has a release %s (release %lld)", (long long)product,
                           q, (long long)sqlite3_column_int64(st, 0));
        }
    }
    sqlite3_finalize(st);
    st = NULL;
    if (rc == 0)
        rc = prepare(l, "INSERT INTO product_release (product_id, version, released, note) VALUES (?1, ?2, ?3, ?4)",
                     &st);
    if (rc == SUP_OK) {
        sqlite3_bind_int64(st, 1, product);
        sqlite3_bind_text(st, 2, version, -1, SQLITE_STATIC);
        sqlite3_bind_int(st, 3, released);
        if (note != NULL)
            sqlite3_bind_text(st, 4, note, -1, SQLITE_STATIC);
        int src = sqlite3_step(st);
        if (src != SQLITE_DONE)
            rc = sup__ledger_dberr(l, src, "storing a release");
        else
            id = last_id(l);
    }
    sqlite3_finalize(st);
    if (rc == SUP_OK) {
        sup__buf b = {0};
        sup__buf_printf(&b, "release=%lld; version=%s", (long long)id, version);
        rc = audit(l, "add_release", actor, released, product, 0, 0, &b);
    }
    rc = sup__ledger_write_end(l, rc);
    if (rc == SUP_OK && out != NULL)
        *out = id;
    return rc;
}
