/* libsupport — the ledger's catalogue: policy versions, products and their
 * prices, customers, releases. Each change is one transaction with one audit
 * event; the core validates what it owns (kinds, terms, policies). */
#include "ledger_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- policy versions ---------------------------------------------------------------------------- */

int sup_ledger_add_policy(sup_ledger *l, const char *actor, sup_date effective, const sup_policy *policy,
                          sup_id *out)
{
    SUP__CHECK_ARG(l, "sup_ledger_add_policy");
    SUP__CHECK_ARG(policy, "sup_ledger_add_policy");
    int rc = sup__ledger_check_actor(actor);
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
    /* Versions are cached by id ("the ones after the last seen"): ids must become visible in
     * their order, so adding versions is serialised where writers run concurrently. */
    rc = sup__ledger_exec(l, "{pg:LOCK TABLE policy_version IN EXCLUSIVE MODE}", "sup_ledger_add_policy");
    sup__stmt *st = NULL;
    sup_id id = 0;
    if (rc == SUP_OK)
        rc = sup__ledger_prepare(l, "INSERT INTO policy_version (effective, body, actor) VALUES (?1, ?2, ?3)"
                                    " RETURNING id",
                                 &st);
    if (rc == SUP_OK) {
        sup__st_int(st, 1, effective);
        sup__st_text(st, 2, text);
        sup__st_text(st, 3, actor);
        rc = sup__ledger_insert_id(st, "storing a policy version", &id);
    }
    sup__ledger_finalize(st);
    if (rc == SUP_OK) {
        char d[24];
        sup__buf b = {0};
        sup__date_str(effective, d);
        sup__buf_printf(&b, "policy_version=%lld; effective=%s; preferential_rate_bp=%d; standard_rate_bp=%d; "
                            "grace_months=%d",
                        (long long)id, d, (int)sup_policy_preferential_rate(policy),
                        (int)sup_policy_standard_rate(policy), sup_policy_grace_months(policy));
        rc = sup__ledger_audit(l, "add_policy", actor, effective, 0, 0, 0, &b);
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

/* ---- codes ---------------------------------------------------------------------------------------- */

/* 1 and *out if `code` is taken, 0 if not, or a negative error. */
static int find_code(sup_ledger *l, enum sup__lstmt which, const char *code, sup_id *out)
{
    int rc;
    sup__stmt *st = sup__ledger_stmt(l, which, &rc);
    if (st == NULL)
        return rc;
    sup__st_text(st, 1, code);
    rc = sup__st_step(st, "looking up a code");
    if (rc == 1)
        *out = sup__col_int(st, 0);
    sup__ledger_done(st);
    return rc;
}

static int code_taken(const char *what, const char *code)
{
    char q[200];
    sup__quote_text(q, sizeof q, code);
    return sup__fail(SUP_ECONFLICT, "a %s with code %s already exists", what, q);
}

/* Insert a row with a unique code: a code taken meanwhile by a concurrent writer is the same conflict. */
static int insert_coded(sup__stmt *st, const char *what, const char *code, const char *storing,
                        sup_id *id)
{
    int rc = sup__ledger_insert_id(st, storing, id);
    if (rc == SUP_ECONFLICT)
        rc = code_taken(what, code);
    return rc;
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

/* ---- products ----------------------------------------------------------------------------------- */

int sup_ledger_add_product(sup_ledger *l, const char *actor, const char *code, const char *name,
                           sup_license_kind kind, int support_months, sup_id *out)
{
    SUP__CHECK_ARG(l, "sup_ledger_add_product");
    int rc = sup__ledger_check_actor(actor);
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
    sup__stmt *st = NULL;
    if (rc == 0)
        rc = sup__ledger_prepare(l, "INSERT INTO product (code, name, kind, support_months) VALUES (?1, ?2, ?3, ?4)"
                                    " RETURNING id",
                                 &st);
    if (rc == SUP_OK) {
        sup__st_text(st, 1, code);
        sup__st_text(st, 2, name);
        sup__st_int(st, 3, (int)kind);
        sup__st_int(st, 4, months);
        rc = insert_coded(st, "product", code, "storing a product", &id);
    }
    sup__ledger_finalize(st);
    if (rc == SUP_OK) {
        sup__buf b = {0};
        sup__buf_printf(&b, "code=%s; name=%s; kind=%s; support_months=%d", code, name, sup_license_kind_name(kind),
                        months);
        rc = sup__ledger_audit(l, "add_product", actor, SUP_DATE_NONE, id, 0, 0, &b);
    }
    rc = sup__ledger_write_end(l, rc);
    if (rc == SUP_OK && out != NULL)
        *out = id;
    return rc;
}

/* The product's stored kind, term and name (a malloc'ed copy). */
static int product_facts(sup_ledger *l, sup_id product, struct sup__product_row *row, char **name)
{
    *name = NULL;
    int rc;
    sup__stmt *st = sup__ledger_stmt(l, LS_PRODUCT_GET, &rc);
    if (st == NULL)
        return rc;
    sup__st_int(st, 1, product);
    rc = sup__st_step(st, "reading a product");
    if (rc == 1) {
        row->kind = (sup_license_kind)sup__col_int(st, 0);
        row->support_months = (int)sup__col_int(st, 1);
        const char *n = sup__col_text(st, 3);
        *name = sup__strdup(n ? n : "");
        rc = *name ? SUP_OK : sup__fail(SUP_ENOMEM, "out of memory");
    } else if (rc == 0) {
        rc = sup__fail(SUP_ENOTFOUND, "no product with id %lld", (long long)product);
    }
    sup__ledger_done(st);
    return rc;
}

int sup_ledger_update_product(sup_ledger *l, const char *actor, sup_id product, const char *name,
                              int support_months)
{
    SUP__CHECK_ARG(l, "sup_ledger_update_product");
    int rc = sup__ledger_check_actor(actor);
    if (rc == SUP_OK && name != NULL)
        rc = sup__ledger_check_text(name, SUP_LEDGER_NAME_MAX, false, "product name");
    if (rc == SUP_OK)
        rc = sup__ledger_check_id(product, "product");
    if (rc != SUP_OK)
        return rc;
    rc = sup__ledger_write_begin(l, "sup_ledger_update_product");
    if (rc != SUP_OK)
        return rc;
    char *old_name = NULL;
    struct sup__product_row row = {SUP_LICENSE_PERPETUAL, 0};
    rc = product_facts(l, product, &row, &old_name);
    int months = row.support_months;
    if (rc == SUP_OK && support_months >= 0) {
        sup_product *probe = NULL;
        rc = sup_product_new(row.kind, support_months, &probe);
        if (rc == SUP_OK)
            months = sup_product_support_months(probe);
        sup_product_free(probe);
    }
    sup__stmt *st = NULL;
    if (rc == SUP_OK)
        rc = sup__ledger_prepare(l, "UPDATE product SET name = ?2, support_months = ?3 WHERE id = ?1", &st);
    if (rc == SUP_OK) {
        sup__st_int(st, 1, product);
        sup__st_text(st, 2, name != NULL ? name : old_name);
        sup__st_int(st, 3, months);
        rc = sup__ledger_run(st, "updating a product");
    }
    sup__ledger_finalize(st);
    if (rc == SUP_OK) {
        sup__buf b = {0};
        sup__buf_printf(&b, "name=%s -> %s; support_months=%d -> %d", old_name, name ? name : old_name,
                        row.support_months, months);
        rc = sup__ledger_audit(l, "update_product", actor, SUP_DATE_NONE, product, 0, 0, &b);
    }
    sup__free(old_name);
    return sup__ledger_write_end(l, rc);
}

int sup_ledger_set_price(sup_ledger *l, const char *actor, sup_id product, sup_date effective, sup_money price)
{
    SUP__CHECK_ARG(l, "sup_ledger_set_price");
    int rc = sup__ledger_check_actor(actor);
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
    rc = sup__ledger_load_product(l, product, NULL, &p); /* exists? */
    sup_product_free(p);
    sup__stmt *st = NULL;
    if (rc == SUP_OK)
        rc = sup__ledger_prepare(l, "INSERT INTO price (product_id, effective, amount, actor) VALUES (?1, ?2, ?3, ?4)",
                                 &st);
    if (rc == SUP_OK) {
        sup__st_int(st, 1, product);
        sup__st_int(st, 2, effective);
        sup__st_int(st, 3, price);
        sup__st_text(st, 4, actor);
        rc = sup__ledger_run(st, "storing a price");
    }
    sup__ledger_finalize(st);
    if (rc == SUP_OK) {
        char m[SUP_MONEY_BUFSIZE], d[24];
        sup__buf b = {0};
        sup__date_str(effective, d);
        sup__buf_printf(&b, "price=%s; effective=%s", sup__ledger_money_str(price, m), d);
        rc = sup__ledger_audit(l, "set_price", actor, effective, product, 0, 0, &b);
    }
    return sup__ledger_write_end(l, rc);
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
    rc = sup__ledger_load_product(l, product, NULL, out);
    return sup__ledger_read_end(l, rc);
}

/* ---- customers ---------------------------------------------------------------------------------- */

int sup_ledger_add_customer(sup_ledger *l, const char *actor, const char *code, const char *name, sup_id *out)
{
    SUP__CHECK_ARG(l, "sup_ledger_add_customer");
    int rc = sup__ledger_check_actor(actor);
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
    sup__stmt *st = NULL;
    if (rc == 0)
        rc = sup__ledger_prepare(l, "INSERT INTO customer (code, name) VALUES (?1, ?2) RETURNING id", &st);
    if (rc == SUP_OK) {
        sup__st_text(st, 1, code);
        sup__st_text(st, 2, name);
        rc = insert_coded(st, "customer", code, "storing a customer", &id);
    }
    sup__ledger_finalize(st);
    if (rc == SUP_OK) {
        sup__buf b = {0};
        sup__buf_printf(&b, "code=%s; name=%s", code, name);
        rc = sup__ledger_audit(l, "add_customer", actor, SUP_DATE_NONE, 0, id, 0, &b);
    }
    rc = sup__ledger_write_end(l, rc);
    if (rc == SUP_OK && out != NULL)
        *out = id;
    return rc;
}

int sup_ledger_update_customer(sup_ledger *l, const char *actor, sup_id customer, const char *name)
{
    SUP__CHECK_ARG(l, "sup_ledger_update_customer");
    int rc = sup__ledger_check_actor(actor);
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
    sup__stmt *st = sup__ledger_stmt(l, LS_CUSTOMER_GET, &rc);
    if (st != NULL) {
        sup__st_int(st, 1, customer);
        rc = sup__st_step(st, "reading a customer");
        if (rc == 1) {
            const char *n = sup__col_text(st, 1);
            old_name = sup__strdup(n ? n : "");
            rc = old_name ? SUP_OK : sup__fail(SUP_ENOMEM, "out of memory");
        } else if (rc == 0) {
            rc = sup__fail(SUP_ENOTFOUND, "no customer with id %lld", (long long)customer);
        }
        sup__ledger_done(st);
    }
    st = NULL;
    if (rc == SUP_OK)
        rc = sup__ledger_prepare(l, "UPDATE customer SET name = ?2 WHERE id = ?1", &st);
    if (rc == SUP_OK) {
        sup__st_int(st, 1, customer);
        sup__st_text(st, 2, name);
        rc = sup__ledger_run(st, "updating a customer");
    }
    sup__ledger_finalize(st);
    if (rc == SUP_OK) {
        sup__buf b = {0};
        sup__buf_printf(&b, "name=%s -> %s", old_name, name);
        rc = sup__ledger_audit(l, "update_customer", actor, SUP_DATE_NONE, 0, customer, 0, &b);
    }
    sup__free(old_name);
    return sup__ledger_write_end(l, rc);
}

int sup_ledger_find_customer(sup_ledger *l, const char *code, sup_id *out)
{
    return find_common(l, LS_CUSTOMER_BY_CODE, code, out, "customer code", "sup_ledger_find_customer");
}

/* ---- releases ------------------------------------------------------------------------------------- */

static int release_taken(sup_ledger *l, sup_id product, const char *version)
{
    sup__stmt *st = NULL;
    int rc = sup__ledger_prepare(l, "SELECT id FROM product_release WHERE product_id = ?1 AND version = ?2", &st);
    if (rc == SUP_OK) {
        sup__st_int(st, 1, product);
        sup__st_text(st, 2, version);
        rc = sup__st_step(st, "looking up a release");
        if (rc == 1) {
            char q[200];
            sup__quote_text(q, sizeof q, version);
            rc = sup__fail(SUP_ECONFLICT, "product %lld already has a release %s (release %lld)", (long long)product,
                           q, (long long)sup__col_int(st, 0));
        }
    }
    sup__ledger_finalize(st);
    return rc;
}

/* The checks of a release's arguments (sup_ledger_add_release, sup_ledger_add_release_file). */
int sup__ledger_check_release(const char *actor, sup_id product, const char *version, sup_date released,
                              const char *note)
{
    int rc = sup__ledger_check_actor(actor);
    if (rc == SUP_OK)
        rc = sup__ledger_check_id(product, "product");
    if (rc == SUP_OK)
        rc = sup__ledger_check_text(version, SUP_LEDGER_VERSION_MAX, false, "release version");
    if (rc == SUP_OK && note != NULL)
        rc = sup__ledger_check_text(note, SUP_LEDGER_NOTE_MAX, true, "release note");
    if (rc == SUP_OK)
        rc = sup__check_date(released, "release date");
    return rc;
}

int sup__ledger_insert_release(sup_ledger *l, const char *actor, sup_id product, const char *version,
                               sup_date released, const char *note, sup__buf *more, sup_id *out)
{
    sup_product *p = NULL;
    int rc = sup__ledger_load_product(l, product, NULL, &p);
    sup_product_free(p);
    if (rc == SUP_OK)
        rc = release_taken(l, product, version);
    sup__stmt *st = NULL;
    sup_id id = 0;
    if (rc == 0)
        rc = sup__ledger_prepare(l, "INSERT INTO product_release (product_id, version, released, note)"
                                    " VALUES (?1, ?2, ?3, ?4) RETURNING id",
                                 &st);
    if (rc == SUP_OK) {
        sup__st_int(st, 1, product);
        sup__st_text(st, 2, version);
        sup__st_int(st, 3, released);
        if (note != NULL)
            sup__st_text(st, 4, note);
        else
            sup__st_null(st, 4);
        rc = sup__ledger_insert_id(st, "storing a release", &id);
        if (rc == SUP_ECONFLICT) /* added meanwhile by a concurrent writer */
            rc = release_taken(l, product, version) < 0 ? sup_error_code() : SUP_ECONFLICT;
    }
    sup__ledger_finalize(st);
    if (rc == SUP_OK) {
        sup__buf b = {0};
        sup__buf_printf(&b, "release=%lld; version=%s", (long long)id, version);
        if (more != NULL && more->data != NULL)
            sup__buf_put(&b, more->data);
        if (more != NULL && more->failed)
            b.failed = true;
        rc = sup__ledger_audit(l, "add_release", actor, released, product, 0, 0, &b);
    }
    if (more != NULL)
        sup__buf_dispose(more);
    if (rc == SUP_OK)
        *out = id;
    return rc;
}

int sup_ledger_add_release(sup_ledger *l, const char *actor, sup_id product, const char *version,
                           sup_date released, const char *note, sup_id *out)
{
    SUP__CHECK_ARG(l, "sup_ledger_add_release");
    int rc = sup__ledger_check_release(actor, product, version, released, note);
    if (rc != SUP_OK)
        return rc;
    rc = sup__ledger_write_begin(l, "sup_ledger_add_release");
    if (rc != SUP_OK)
        return rc;
    sup_id id = 0;
    rc = sup__ledger_write_end(l, sup__ledger_insert_release(l, actor, product, version, released, note, NULL, &id));
    if (rc == SUP_OK && out != NULL)
        *out = id;
    return rc;
}
