/* libsupport — the ledger's shared pieces: argument checks, rebuilding core
 * objects (products, licenses) from stored facts, the audit trail. Every rule is
 * then decided by the core (license.c) on the rebuilt objects. */
#include "ledger_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- argument checks ---------------------------------------------------------------- */

int sup__ledger_check_text(const char *s, size_t max, bool multiline, const char *what)
{
    if (s == NULL)
        return sup__fail(SUP_EINVAL, "%s is NULL", what);
    size_t n = strlen(s);
    if (n == 0)
        return sup__fail(SUP_EINVAL, "%s is empty", what);
    if (n > max)
        return sup__fail(SUP_EINVAL, "%s is %zu bytes long: at most %zu", what, n, max);
    if (!sup__utf8_valid(s, n)) {
        char q[200];
        sup__quote_text(q, sizeof q, s);
        return sup__fail(SUP_EINVAL, "%s %s is not valid UTF-8", what, q);
    }
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)s[i];
        if ((c < 0x20 || c == 0x7f) && !(multiline && (c == '\n' || c == '\r' || c == '\t'))) {
            char q[200];
            sup__quote_text(q, sizeof q, s);
            return sup__fail(SUP_EINVAL, "%s %s contains a control character (byte 0x%02X)", what, q, c);
        }
    }
    return SUP_OK;
}

int sup__ledger_check_id(sup_id id, const char *what)
{
    if (id <= 0)
        return sup__fail(SUP_ENOTFOUND, "no %s with id %lld (ids are positive)", what, (long long)id);
    return SUP_OK;
}

int sup__ledger_check_actor(const char *actor)
{
    return sup__ledger_check_text(actor, SUP_LEDGER_ACTOR_MAX, false, "actor");
}

const char *sup__ledger_money_str(sup_money m, char buf[SUP_MONEY_BUFSIZE])
{
    if (sup_money_format(m, SUP_MONEY_PLAIN, buf, SUP_MONEY_BUFSIZE) != SUP_OK)
        buf[0] = '\0';
    return buf;
}

int sup__ledger_column_date(sup__stmt *st, int col, sup_date *out)
{
    int64_t v = sup__col_int(st, col);
    if (v < SUP_DATE_MIN || v > SUP_DATE_MAX || !sup_date_is_valid((sup_date)v))
        return sup__fail(SUP_EDB, "the ledger holds an invalid date %lld", (long long)v);
    *out = (sup_date)v;
    return SUP_OK;
}

/* ---- running statements --------------------------------------------------------------------- */

int sup__ledger_run(sup__stmt *st, const char *what)
{
    int rc = sup__st_step(st, what);
    st->store->ops->reset(st);
    if (rc == 1) /* a statement that returned a row where none was expected */
        return SUP_OK;
    return rc;
}

int sup__ledger_insert_id(sup__stmt *st, const char *what, sup_id *id)
{
    int rc = sup__st_step(st, what);
    if (rc == 1) {
        *id = sup__col_int(st, 0);
        rc = SUP_OK;
    } else if (rc == 0) {
        rc = sup__fail(SUP_EDB, "%s: the new row's id was not returned", what);
    }
    st->store->ops->reset(st);
    return rc;
}

int sup__ledger_audit(sup_ledger *l, const char *action, const char *actor, sup_date on, sup_id product,
                      sup_id customer, sup_id license, sup__buf *detail)
{
    if (detail->failed) {
        sup__buf_dispose(detail);
        return sup__fail(SUP_ENOMEM, "out of memory recording the audit event");
    }
    int rc;
    sup__stmt *st = sup__ledger_stmt(l, LS_AUDIT_INSERT, &rc);
    if (st == NULL) {
        sup__buf_dispose(detail);
        return rc;
    }
    sup__st_text(st, 1, action);
    sup__st_text(st, 2, actor);
    if (on != SUP_DATE_NONE)
        sup__st_int(st, 3, on);
    else
        sup__st_null(st, 3);
    const sup_id ids[3] = {product, customer, license};
    for (int i = 0; i < 3; i++) {
        if (ids[i] > 0)
            sup__st_int(st, 4 + i, ids[i]);
        else
            sup__st_null(st, 4 + i);
    }
    sup__st_text(st, 7, detail->data ? detail->data : "");
    if (l->time_ms > 0)
        sup__st_int(st, 8, l->time_ms);
    else
        sup__st_null(st, 8);
    rc = sup__ledger_run(st, "recording the audit event");
    sup__buf_dispose(detail);
    return rc;
}

/* ---- loading core objects ------------------------------------------------------------------ */

static int load_prices(sup_ledger *l, sup_id id, sup_product *p)
{
    int rc;
    sup__stmt *st = sup__ledger_stmt(l, LS_PRODUCT_PRICES, &rc);
    if (st == NULL)
        return rc;
    sup__st_int(st, 1, id);
    while ((rc = sup__st_step(st, "reading prices")) == 1) {
        sup_date eff;
        rc = sup__ledger_column_date(st, 0, &eff);
        /* a later row for the same date supersedes the earlier one (rows come in id order) */
        if (rc == SUP_OK)
            rc = sup_product_set_price(p, eff, sup__col_int(st, 1));
        if (rc != SUP_OK)
            break;
    }
    sup__ledger_done(st);
    return rc < 0 ? rc : SUP_OK;
}

int sup__ledger_load_product(sup_ledger *l, sup_id id, struct sup__product_row *row, sup_product **out)
{
    *out = NULL;
    int rc = sup__ledger_check_id(id, "product");
    if (rc != SUP_OK)
        return rc;
    sup__stmt *st = sup__ledger_stmt(l, LS_PRODUCT_GET, &rc);
    if (st == NULL)
        return rc;
    sup__st_int(st, 1, id);
    rc = sup__st_step(st, "reading a product");
    struct sup__product_row r = {SUP_LICENSE_PERPETUAL, 0};
    if (rc == 1) {
        r.kind = (sup_license_kind)sup__col_int(st, 0);
        r.support_months = (int)sup__col_int(st, 1);
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
    rc = load_prices(l, id, p);
    if (rc != SUP_OK) {
        sup_product_free(p);
        return rc;
    }
    if (row != NULL)
        *row = r;
    *out = p;
    return SUP_OK;
}

int sup__ledger_load_license_row(sup_ledger *l, sup_id id, bool lock, struct sup__license_row *row)
{
    int rc = sup__ledger_check_id(id, "license");
    if (rc != SUP_OK)
        return rc;
    sup__stmt *st = sup__ledger_stmt(l, lock ? LS_LICENSE_LOCK : LS_LICENSE_GET, &rc);
    if (st == NULL)
        return rc;
    sup__st_int(st, 1, id);
    int found = sup__st_step(st, "reading a license");
    rc = found < 0 ? found : SUP_OK;
    if (found == 1) {
        row->customer = sup__col_int(st, 0);
        row->product = sup__col_int(st, 1);
        row->kind = (sup_license_kind)sup__col_int(st, 2);
        rc = sup__ledger_column_date(st, 3, &row->purchased);
    }
    sup__ledger_done(st);
    if (found == 0)
        return sup__fail(SUP_ENOTFOUND, "no license with id %lld", (long long)id);
    return rc;
}

/* Rebuild the core license from its stored events (the purchase first, in the order recorded). */
int sup__ledger_rebuild_license(sup_ledger *l, sup_id id, const struct sup__license_row *row,
                                const sup_product *prod, sup_license **out)
{
    *out = NULL;
    sup_license *lic = calloc(1, sizeof *lic);
    if (lic == NULL)
        return sup__fail(SUP_ENOMEM, "out of memory rebuilding a license");
    lic->kind = row->kind;
    lic->term_months = sup_product_support_months(prod);
    int rc;
    sup__stmt *st = sup__ledger_stmt(l, LS_LICENSE_EVENTS, &rc);
    if (st == NULL) {
        sup_license_free(lic);
        return rc;
    }
    sup__st_int(st, 1, id);
    while ((rc = sup__st_step(st, "reading license events")) == 1) {
        int64_t kind = sup__col_int(st, 0);
        sup_date on, until;
        rc = sup__ledger_column_date(st, 1, &on);
        if (rc == SUP_OK)
            rc = sup__ledger_column_date(st, 2, &until);
        if (rc == SUP_OK && (kind < SUP_EVENT_PURCHASE || kind > SUP_EVENT_PERIOD ||
                             (lic->event_count == 0) != (kind == SUP_EVENT_PURCHASE)))
            rc = sup__fail(SUP_EDB, "license %lld has a damaged history", (long long)id);
        if (rc == SUP_OK)
            rc = sup__license_push_event(lic, (sup_event_kind)kind, on, until, sup__col_int(st, 3));
        if (rc != SUP_OK)
            break;
    }
    sup__ledger_done(st);
    if (rc == 0 && lic->event_count == 0)
        rc = sup__fail(SUP_EDB, "license %lld has no purchase event", (long long)id);
    if (rc < 0) {
        sup_license_free(lic);
        return rc;
    }
    *out = lic;
    return SUP_OK;
}

void sup__ledger_loaded_free(struct sup__loaded *ld)
{
    sup_product_free(ld->product);
    sup_license_free(ld->license);
    ld->product = NULL;
    ld->license = NULL;
}

int sup__ledger_load_all(sup_ledger *l, sup_id license, bool lock, struct sup__loaded *ld)
{
    memset(ld, 0, sizeof *ld);
    int rc = sup__ledger_load_license_row(l, license, lock, &ld->row);
    if (rc == SUP_OK)
        rc = sup__ledger_load_product(l, ld->row.product, NULL, &ld->product);
    if (rc == SUP_OK)
        rc = sup__ledger_rebuild_license(l, license, &ld->row, ld->product, &ld->license);
    if (rc == SUP_OK)
        rc = sup__ledger_load_policies(l);
    if (rc != SUP_OK)
        sup__ledger_loaded_free(ld);
    return rc;
}

int sup__ledger_customer_exists(sup_ledger *l, sup_id customer)
{
    int rc = sup__ledger_check_id(customer, "customer");
    if (rc != SUP_OK)
        return rc;
    sup__stmt *st = sup__ledger_stmt(l, LS_CUSTOMER_GET, &rc);
    if (st == NULL)
        return rc;
    sup__st_int(st, 1, customer);
    rc = sup__st_step(st, "reading a customer");
    sup__ledger_done(st);
    if (rc == 0)
        return sup__fail(SUP_ENOTFOUND, "no customer with id %lld", (long long)customer);
    return rc < 0 ? rc : SUP_OK;
}
