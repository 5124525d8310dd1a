/* libsupport — rebuilding core objects (products, licenses) from the ledger's
 * stored facts. Every rule is then decided by the core (license.c) on them. */
#include "ledger_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

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
    sup_license *lic = sup__license_alloc(row->kind, sup_product_support_months(prod));
    if (lic == NULL)
        return sup__fail(SUP_ENOMEM, "out of memory rebuilding a license");
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
                             (sup_license_event_count(lic) == 0) != (kind == SUP_EVENT_PURCHASE)))
            rc = sup__fail(SUP_EDB, "license %lld has a damaged history", (long long)id);
        if (rc == SUP_OK)
            rc = sup__license_push_event(lic, (sup_event_kind)kind, on, until, sup__col_int(st, 3));
        if (rc != SUP_OK)
            break;
    }
    sup__ledger_done(st);
    if (rc == 0 && sup_license_event_count(lic) == 0)
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
