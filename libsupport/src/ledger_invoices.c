/* libsupport — invoices in the ledger: the vendor's requisites in force on a
 * date, issuing an invoice for a license's offer (a gapless number per year
 * from a counter row taken in the issuing transaction), reading invoices with
 * their payment, a license's open invoice, and the list of invoices.
 *
 * The ledger stores facts and asks the core: the offer is the core's quote
 * (license.c), the VAT is money.c's, the wording is invoice.c's, and which
 * payment counts (not a voided one) and an invoice's state are decided here in
 * C from the rows the SQL returns. */
#include "ledger_cursor.h"
#include "ledger_money.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- small helpers shared by the money sources ------------------------------------------------------ */

void sup__st_text_or_null(sup__stmt *st, int i, const char *text)
{
    if (text != NULL && text[0] != '\0')
        sup__st_text(st, i, text);
    else
        sup__st_null(st, i);
}

int sup__col_strdup(sup__stmt *st, int col, char **out)
{
    *out = NULL;
    if (sup__col_null(st, col))
        return SUP_OK;
    const char *t = sup__col_text(st, col);
    *out = sup__strdup(t != NULL ? t : "");
    return *out != NULL ? SUP_OK : sup__fail(SUP_ENOMEM, "out of memory reading the ledger");
}

/* ---- the vendor's requisites ------------------------------------------------------------------------ */

#define VENDOR_COLS "name, inn, kpp, address, bank_name, bik, corr_account, account, director, accountant"

int sup_ledger_set_vendor(sup_ledger *l, const char *actor, sup_date effective, const sup_vendor *v, sup_id *out)
{
    SUP__CHECK_ARG(l, "sup_ledger_set_vendor");
    SUP__CHECK_ARG(v, "sup_ledger_set_vendor");
    int rc = sup__ledger_check_actor(actor);
    if (rc == SUP_OK)
        rc = sup__check_date(effective, "requisites' effective date");
    if (rc == SUP_OK)
        rc = sup_vendor_check(v);
    if (rc != SUP_OK)
        return rc;
    rc = sup__ledger_write_begin(l, "sup_ledger_set_vendor");
    if (rc != SUP_OK)
        return rc;
    sup__stmt *st = NULL;
    sup_id id = 0;
    rc = sup__ledger_prepare(l, "INSERT INTO vendor_requisites (effective, " VENDOR_COLS ", actor)"
                                " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12) RETURNING id",
                             &st);
    if (rc == SUP_OK) {
        sup__st_int(st, 1, effective);
        for (int f = 0; f < SUP_VENDOR_FIELD_COUNT; f++)
            sup__st_text_or_null(st, 2 + f, v->field[f]);
        sup__st_text(st, 12, actor);
        rc = sup__ledger_insert_id(st, "storing the vendor's requisites", &id);
    }
    sup__ledger_finalize(st);
    if (rc == SUP_OK) {
        char d[24];
        sup__buf b = {0};
        sup__date_str(effective, d);
        sup__buf_printf(&b, "vendor_version=%lld; effective=%s; name=%s; inn=%s; kpp=%s; bik=%s; account=%s",
                        (long long)id, d, v->field[SUP_VENDOR_NAME], v->field[SUP_VENDOR_INN],
                        v->field[SUP_VENDOR_KPP] ? v->field[SUP_VENDOR_KPP] : "", v->field[SUP_VENDOR_BIK],
                        v->field[SUP_VENDOR_ACCOUNT]);
        rc = sup__ledger_audit(l, "set_vendor", actor, effective, 0, 0, 0, &b);
    }
    rc = sup__ledger_write_end(l, rc);
    if (rc == SUP_OK && out != NULL)
        *out = id;
    return rc;
}

/* The requisites in force on `on` into v (cleared first): of the versions dated on or before `on`, the
 * latest date, and of that date the latest version (as for policy versions). */
static int vendor_on(sup_ledger *l, sup_date on, sup_id *version, sup_vendor *v)
{
    sup__stmt *st = NULL;
    int rc = sup__ledger_prepare(l, "SELECT id, " VENDOR_COLS " FROM vendor_requisites WHERE effective <= ?1"
                                    " ORDER BY effective, id",
                                 &st);
    if (rc != SUP_OK)
        return rc;
    sup__st_int(st, 1, on);
    sup_id found = 0;
    while ((rc = sup__st_step(st, "reading the vendor's requisites")) == 1) {
        found = sup__col_int(st, 0); /* a later row is in force over an earlier one */
        sup__vendor_clear(v);
        for (int f = 0; rc == 1 && f < SUP_VENDOR_FIELD_COUNT; f++)
            if (sup__col_strdup(st, 1 + f, &v->field[f]) != SUP_OK)
                rc = SUP_ENOMEM;
        if (rc != 1)
            break;
    }
    sup__ledger_finalize(st);
    if (rc < 0) {
        sup__vendor_clear(v);
        return rc;
    }
    if (found == 0) {
        char d[24];
        sup__date_str(on, d);
        return sup__fail(SUP_ENOTFOUND, "no vendor requisites are in force on %s: store them first "
                                        "(sup_ledger_set_vendor, supportctl vendor-set)",
                         d);
    }
    *version = found;
    return SUP_OK;
}

int sup_ledger_get_vendor(sup_ledger *l, sup_date on, sup_id *version, sup_vendor **out)
{
    SUP__CHECK_ARG(out, "sup_ledger_get_vendor");
    *out = NULL;
    SUP__CHECK_ARG(l, "sup_ledger_get_vendor");
    int rc = sup__check_date(on, "requisites' date");
    if (rc != SUP_OK)
        return rc;
    sup_vendor *v = NULL;
    rc = sup_vendor_new(&v);
    if (rc != SUP_OK)
        return rc;
    rc = sup__ledger_read_begin(l, "sup_ledger_get_vendor");
    sup_id id = 0;
    if (rc == SUP_OK)
        rc = sup__ledger_read_end(l, vendor_on(l, on, &id, v));
    if (rc != SUP_OK) {
        sup_vendor_free(v);
        return rc;
    }
    if (version != NULL)
        *version = id;
    *out = v;
    return SUP_OK;
}

int sup__ledger_vendor_accounts(sup_ledger *l, char **out)
{
    *out = NULL;
    sup__stmt *st = NULL;
    int rc = sup__ledger_prepare(l, "SELECT DISTINCT account FROM vendor_requisites ORDER BY account", &st);
    if (rc != SUP_OK)
        return rc;
    sup__buf b = {0};
    sup__buf_put(&b, "");
    while ((rc = sup__st_step(st, "reading the vendor's accounts")) == 1) {
        const char *a = sup__col_text(st, 0);
        if (b.len > 0)
            sup__buf_put(&b, "\n");
        sup__buf_put(&b, a != NULL ? a : "");
    }
    sup__ledger_finalize(st);
    if (rc < 0) {
        sup__buf_dispose(&b);
        return rc;
    }
    return sup__buf_finish(&b, out);
}

/* ---- reading invoices -------------------------------------------------------------------------------- */

#define INVOICE_SELECT                                                                                        \
    "SELECT i.id, i.number, i.license_id, i.customer_id, i.product_id, i.issued_on, i.kind, i.rate,"          \
    " i.list_price, i.amount, i.vat_rate, i.vat_amount, i.support_until, i.new_support_until,"               \
    " i.valid_through, COALESCE(i.policy_version_id, 0), i.vendor_id, i.payer_name, i.payer_inn, i.payer_kpp," \
    " i.product_name, i.purpose, i.actor, v.name, v.inn, v.kpp, v.address, v.bank_name, v.bik,"              \
    " v.corr_account, v.account, v.director, v.accountant"                                                     \
    " FROM invoice i JOIN vendor_requisites v ON v.id = i.vendor_id"
enum { IC_TEXTS = 17, IC_VENDOR = 23 };

static int date_col(sup__stmt *st, int col, sup_date *out)
{
    int64_t v = sup__col_int(st, col);
    if (v < SUP_DATE_MIN || v > SUP_DATE_MAX || !sup_date_is_valid((sup_date)v))
        return sup__fail(SUP_EDB, "the ledger holds an invoice with an invalid date %lld", (long long)v);
    *out = (sup_date)v;
    return SUP_OK;
}

/* The current row of INVOICE_SELECT into a new invoice. */
static int invoice_from_row(sup__stmt *st, sup_invoice **out)
{
    sup_invoice *inv = NULL;
    int rc = sup__invoice_alloc(&inv);
    if (rc != SUP_OK)
        return rc;
    inv->id = sup__col_int(st, 0);
    const char *number = sup__col_text(st, 1);
    snprintf(inv->number, sizeof inv->number, "%s", number != NULL ? number : "");
    inv->license = sup__col_int(st, 2);
    inv->customer = sup__col_int(st, 3);
    inv->product = sup__col_int(st, 4);
    sup_quote *q = &inv->quote;
    rc = date_col(st, 5, &q->on);
    q->kind = (sup_quote_kind)sup__col_int(st, 6);
    q->rate = (sup_rate)sup__col_int(st, 7);
    q->list_price = sup__col_int(st, 8);
    q->fee = sup__col_int(st, 9);
    inv->vat_rate = (sup_rate)sup__col_int(st, 10);
    inv->vat_amount = sup__col_int(st, 11);
    if (rc == SUP_OK)
        rc = date_col(st, 12, &q->support_until);
    if (rc == SUP_OK)
        rc = date_col(st, 13, &q->new_support_until);
    if (rc == SUP_OK)
        rc = date_col(st, 14, &q->valid_through);
    inv->policy_version = sup__col_int(st, 15);
    inv->vendor_version = sup__col_int(st, 16);
    char **texts[] = {&inv->payer_name, &inv->payer_inn, &inv->payer_kpp, &inv->product_name, &inv->purpose,
                      &inv->actor};
    for (int i = 0; rc == SUP_OK && i < 6; i++)
        rc = sup__col_strdup(st, IC_TEXTS + i, texts[i]);
    for (int f = 0; rc == SUP_OK && f < SUP_VENDOR_FIELD_COUNT; f++)
        rc = sup__col_strdup(st, IC_VENDOR + f, &inv->vendor.field[f]);
    if (rc == SUP_OK && (inv->payer_name == NULL || inv->product_name == NULL || inv->purpose == NULL ||
                         q->kind < SUP_QUOTE_PREFERENTIAL || q->kind > SUP_QUOTE_SUBSCRIPTION))
        rc = sup__fail(SUP_EDB, "invoice %s is damaged", inv->number);
    if (rc != SUP_OK) {
        sup_invoice_free(inv);
        return rc;
    }
    *out = inv;
    return SUP_OK;
}

/* The payment that counts for an invoice: the first one recorded that was not voided. */
static int load_payment(sup_ledger *l, sup_invoice *inv)
{
    sup__stmt *st = NULL;
    int rc = sup__ledger_prepare(l, "SELECT p.event_id, p.received_on, e.payment_id, v.id FROM invoice_payment p"
                                    " JOIN license_event e ON e.id = p.event_id"
                                    " LEFT JOIN correction v ON v.event_id = p.event_id AND v.kind = 1"
                                    " WHERE p.invoice_id = ?1 ORDER BY p.id",
                                 &st);
    if (rc != SUP_OK)
        return rc;
    sup__st_int(st, 1, inv->id);
    while ((rc = sup__st_step(st, "reading an invoice's payment")) == 1) {
        if (!sup__col_null(st, 3))
            continue; /* voided: as if it had never been paid */
        inv->paid_event = sup__col_int(st, 0);
        rc = date_col(st, 1, &inv->paid_on);
        if (rc == SUP_OK)
            rc = sup__col_strdup(st, 2, &inv->payment_id);
        break;
    }
    sup__ledger_finalize(st);
    return rc < 0 ? rc : SUP_OK;
}

static int invoice_where(sup_ledger *l, const char *where, sup_id id, const char *number, sup_invoice **out)
{
    *out = NULL;
    char sql[sizeof INVOICE_SELECT + 64];
    snprintf(sql, sizeof sql, "%s WHERE %s", INVOICE_SELECT, where);
    sup__stmt *st = NULL;
    int rc = sup__ledger_prepare(l, sql, &st);
    if (rc != SUP_OK)
        return rc;
    if (number != NULL)
        sup__st_text(st, 1, number);
    else
        sup__st_int(st, 1, id);
    rc = sup__st_step(st, "reading an invoice");
    if (rc == 1)
        rc = invoice_from_row(st, out);
    else if (rc == 0 && number != NULL)
        rc = sup__fail(SUP_ENOTFOUND, "no invoice %s", number);
    else if (rc == 0)
        rc = sup__fail(SUP_ENOTFOUND, "no invoice with id %lld", (long long)id);
    sup__ledger_finalize(st);
    if (rc == SUP_OK) {
        rc = load_payment(l, *out);
        if (rc != SUP_OK) {
            sup_invoice_free(*out);
            *out = NULL;
        }
    }
    return rc;
}

int sup__ledger_invoice_by_number(sup_ledger *l, const char *number, sup_invoice **out)
{
    return invoice_where(l, "i.number = ?1", 0, number, out);
}

int sup__ledger_invoice_by_id(sup_ledger *l, sup_id id, sup_invoice **out)
{
    return invoice_where(l, "i.id = ?1", id, NULL, out);
}

int sup_ledger_get_invoice(sup_ledger *l, const char *number, sup_invoice **out)
{
    SUP__CHECK_ARG(out, "sup_ledger_get_invoice");
    *out = NULL;
    SUP__CHECK_ARG(l, "sup_ledger_get_invoice");
    SUP__CHECK_ARG(number, "sup_ledger_get_invoice");
    int rc = sup__invoice_number_check(number);
    if (rc == SUP_OK)
        rc = sup__ledger_read_begin(l, "sup_ledger_get_invoice");
    if (rc != SUP_OK)
        return rc;
    rc = sup__ledger_read_end(l, sup__ledger_invoice_by_number(l, number, out));
    if (rc != SUP_OK) {
        sup_invoice_free(*out);
        *out = NULL;
    }
    return rc;
}

/* The license's latest invoice open on `on` for which `keep` says yes (NULL: any); *out NULL if none. */
static int find_open(sup_ledger *l, sup_id license, sup_date on, bool (*keep)(const sup_invoice *, const void *),
                     const void *ctx, sup_invoice **out)
{
    *out = NULL;
    sup__stmt *st = NULL;
    int rc = sup__ledger_prepare(l, "SELECT id FROM invoice WHERE license_id = ?1 AND issued_on <= ?2 ORDER BY id DESC",
                                 &st);
    if (rc != SUP_OK)
        return rc;
    sup__st_int(st, 1, license);
    sup__st_int(st, 2, on);
    sup_id ids[64];
    size_t n = 0;
    while (n < sizeof ids / sizeof ids[0] && (rc = sup__st_step(st, "reading a license's invoices")) == 1)
        ids[n++] = sup__col_int(st, 0);
    sup__ledger_finalize(st);
    if (rc < 0)
        return rc;
    /* (a license with more than 64 invoices: the 64 latest are looked at; older ones are long expired) */
    for (size_t i = 0; i < n; i++) {
        sup_invoice *inv = NULL;
        rc = sup__ledger_invoice_by_id(l, ids[i], &inv);
        if (rc != SUP_OK)
            return rc;
        if (sup_invoice_state_on(inv, on) == SUP_INVOICE_OPEN && (keep == NULL || keep(inv, ctx))) {
            *out = inv;
            return SUP_OK;
        }
        sup_invoice_free(inv);
    }
    return SUP_OK;
}

int sup_ledger_open_invoice(sup_ledger *l, sup_id license, sup_date on, sup_invoice **out)
{
    SUP__CHECK_ARG(out, "sup_ledger_open_invoice");
    *out = NULL;
    SUP__CHECK_ARG(l, "sup_ledger_open_invoice");
    int rc = sup__ledger_check_id(license, "license");
    if (rc == SUP_OK)
        rc = sup__check_date(on, "date");
    if (rc == SUP_OK)
        rc = sup__ledger_read_begin(l, "sup_ledger_open_invoice");
    if (rc != SUP_OK)
        return rc;
    struct sup__license_row row;
    rc = sup__ledger_load_license_row(l, license, false, &row);
    if (rc == SUP_OK)
        rc = find_open(l, license, on, NULL, NULL, out);
    if (rc == SUP_OK && *out == NULL) {
        char d[24];
        sup__date_str(on, d);
        rc = sup__fail(SUP_ENOTFOUND, "license %lld has no invoice awaiting payment on %s", (long long)license, d);
    }
    rc = sup__ledger_read_end(l, rc);
    if (rc != SUP_OK) {
        sup_invoice_free(*out);
        *out = NULL;
    }
    return rc;
}

/* ---- issuing ---------------------------------------------------------------------------------------- */

int sup_invoice_options_init(sup_invoice_options *o, unsigned version)
{
    SUP__CHECK_ARG(o, "sup_invoice_options_init");
    if (version != SUP_INVOICE_OPTIONS_VERSION)
        return sup__fail(SUP_EINVAL, "sup_invoice_options_init: unknown version %u (this library knows %u)", version,
                         (unsigned)SUP_INVOICE_OPTIONS_VERSION);
    memset(o, 0, sizeof *o);
    o->version = version;
    return SUP_OK;
}

static int check_options(const sup_invoice_options *o)
{
    if (o->version != SUP_INVOICE_OPTIONS_VERSION)
        return sup__fail(SUP_EINVAL, "sup_ledger_issue_invoice: options of version %u (this library knows %u)",
                         o->version, (unsigned)SUP_INVOICE_OPTIONS_VERSION);
    int rc = SUP_OK;
    if (o->payer_name != NULL)
        rc = sup__ledger_check_text(o->payer_name, SUP_LEDGER_NAME_MAX, false, "payer name");
    if (rc == SUP_OK && o->payer_inn != NULL && o->payer_inn[0] != '\0')
        rc = sup_inn_check(o->payer_inn);
    if (rc == SUP_OK && o->payer_kpp != NULL && o->payer_kpp[0] != '\0')
        rc = sup_kpp_check(o->payer_kpp);
    return rc;
}

/* The offer an invoice fixes: the core's quote for the license's kind (as sup_ledger_quote_renewal and
 * sup_ledger_quote_payment answer it), and the policy version that priced a renewal. */
int sup__ledger_invoice_quote(sup_ledger *l, const struct sup__loaded *ld, sup_date on, sup_quote *q, sup_id *version)
{
    *version = 0;
    int rc;
    if (ld->row.kind == SUP_LICENSE_PERPETUAL) {
        rc = sup__license_quote_versions(ld->license, ld->product, l->versions, l->nversions, on, q);
        size_t vi = sup__ledger_version_on(l, on);
        if (rc == SUP_OK && vi != (size_t)-1)
            *version = l->version_ids[vi];
    } else {
        rc = sup_license_quote_payment(ld->license, ld->product, on, q);
    }
    return rc;
}

/* An open invoice fixing the same offer: same kind and fee from the same support end. */
static bool same_offer(const sup_invoice *inv, const void *ctx)
{
    const sup_quote *q = ctx;
    return inv->quote.kind == q->kind && inv->quote.fee == q->fee && inv->quote.support_until == q->support_until;
}

/* The payer: the customer's stored name, INN and KPP, unless the options give them. */
static int load_payer(sup_ledger *l, sup_id customer, const sup_invoice_options *o, sup_invoice *inv)
{
    sup__stmt *st = NULL;
    int rc = sup__ledger_prepare(l, "SELECT name, inn, kpp FROM customer WHERE id = ?1", &st);
    if (rc != SUP_OK)
        return rc;
    sup__st_int(st, 1, customer);
    rc = sup__st_step(st, "reading the payer");
    if (rc == 1) {
        rc = sup__col_strdup(st, 0, &inv->payer_name);
        if (rc == SUP_OK)
            rc = sup__col_strdup(st, 1, &inv->payer_inn);
        if (rc == SUP_OK)
            rc = sup__col_strdup(st, 2, &inv->payer_kpp);
    } else if (rc == 0) {
        rc = sup__fail(SUP_EDB, "the license's customer %lld is missing", (long long)customer);
    }
    sup__ledger_finalize(st);
    const char *given[3] = {o->payer_name, o->payer_inn, o->payer_kpp};
    char **payer_field[3] = {&inv->payer_name, &inv->payer_inn, &inv->payer_kpp};
    for (int i = 0; rc == SUP_OK && i < 3; i++) {
        if (given[i] == NULL)
            continue;
        char **field = payer_field[i];
        sup__free(*field);
        *field = given[i][0] != '\0' ? sup__strdup(given[i]) : NULL;
        if (given[i][0] != '\0' && *field == NULL)
            rc = sup__fail(SUP_ENOMEM, "out of memory issuing an invoice");
    }
    if (rc == SUP_OK && inv->payer_inn != NULL && inv->payer_inn[0] == '\0') {
        sup__free(inv->payer_inn);
        inv->payer_inn = NULL;
    }
    if (rc == SUP_OK && inv->payer_kpp != NULL && inv->payer_kpp[0] == '\0') {
        sup__free(inv->payer_kpp);
        inv->payer_kpp = NULL;
    }
    return rc;
}

static int load_product_name(sup_ledger *l, sup_id product, char **out)
{
    int rc;
    sup__stmt *st = sup__ledger_stmt(l, LS_PRODUCT_GET, &rc);
    if (st == NULL)
        return rc;
    sup__st_int(st, 1, product);
    rc = sup__st_step(st, "reading a product");
    if (rc == 1)
        rc = sup__col_strdup(st, 3, out);
    else if (rc == 0)
        rc = sup__fail(SUP_EDB, "the license's product %lld is missing", (long long)product);
    sup__ledger_done(st);
    return rc;
}

/* The next number of `year`: the year's counter row, locked for the transaction (PostgreSQL: FOR UPDATE;
 * SQLite: the write transaction excludes every other writer) and incremented, so numbers are unique and a
 * rolled-back invoice gives its number back. */
static int next_number(sup_ledger *l, int year, int64_t *seq)
{
    sup__stmt *st = NULL;
    int rc = sup__ledger_prepare(l, "SELECT last FROM invoice_counter WHERE year = ?1 {pg:FOR UPDATE}", &st);
    if (rc != SUP_OK)
        return rc;
    sup__st_int(st, 1, year);
    rc = sup__st_step(st, "reading the invoice counter");
    int64_t last = rc == 1 ? sup__col_int(st, 0) : 0;
    sup__ledger_finalize(st);
    if (rc < 0)
        return rc;
    if (last >= SUP_INVOICE_PER_YEAR_MAX)
        return sup__fail(SUP_ERANGE, "%d already has %d invoices, the most a year's numbers (YYYY-NNNNNN) can hold",
                         year, SUP_INVOICE_PER_YEAR_MAX);
    rc = sup__ledger_prepare(l, "INSERT INTO invoice_counter (year, last) VALUES (?1, 1)"
                                " ON CONFLICT (year) DO UPDATE SET last = invoice_counter.last + 1 RETURNING last",
                             &st);
    if (rc != SUP_OK)
        return rc;
    sup__st_int(st, 1, year);
    rc = sup__ledger_insert_id(st, "numbering an invoice", seq);
    sup__ledger_finalize(st);
    return rc;
}

static int insert_invoice(sup_ledger *l, sup_invoice *inv, int year, int64_t seq)
{
    sup__stmt *st = NULL;
    int rc = sup__ledger_prepare(
        l,
        "INSERT INTO invoice (number, year, seq, license_id, customer_id, product_id, issued_on, kind, rate,"
        " list_price, amount, vat_rate, vat_amount, support_until, new_support_until, valid_through,"
        " policy_version_id, vendor_id, payer_name, payer_inn, payer_kpp, product_name, purpose, actor)"
        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19, ?20, ?21,"
        " ?22, ?23, ?24) RETURNING id",
        &st);
    if (rc != SUP_OK)
        return rc;
    const sup_quote *q = &inv->quote;
    sup__st_text(st, 1, inv->number);
    sup__st_int(st, 2, year);
    sup__st_int(st, 3, seq);
    sup__st_int(st, 4, inv->license);
    sup__st_int(st, 5, inv->customer);
    sup__st_int(st, 6, inv->product);
    sup__st_int(st, 7, q->on);
    sup__st_int(st, 8, (int)q->kind);
    sup__st_int(st, 9, q->rate);
    sup__st_int(st, 10, q->list_price);
    sup__st_int(st, 11, q->fee);
    sup__st_int(st, 12, inv->vat_rate);
    sup__st_int(st, 13, inv->vat_amount);
    sup__st_int(st, 14, q->support_until);
    sup__st_int(st, 15, q->new_support_until);
    sup__st_int(st, 16, q->valid_through);
    if (inv->policy_version > 0)
        sup__st_int(st, 17, inv->policy_version);
    else
        sup__st_null(st, 17);
    sup__st_int(st, 18, inv->vendor_version);
    sup__st_text(st, 19, inv->payer_name);
    sup__st_text_or_null(st, 20, inv->payer_inn);
    sup__st_text_or_null(st, 21, inv->payer_kpp);
    sup__st_text(st, 22, inv->product_name);
    sup__st_text(st, 23, inv->purpose);
    sup__st_text(st, 24, inv->actor);
    rc = sup__ledger_insert_id(st, "storing an invoice", &inv->id);
    sup__ledger_finalize(st);
    return rc;
}

static int audit_invoice(sup_ledger *l, const sup_invoice *inv)
{
    char m[SUP_MONEY_BUFSIZE], d1[24], d2[24], d3[24];
    const sup_quote *q = &inv->quote;
    sup__date_str(q->support_until, d1);
    sup__date_str(q->new_support_until, d2);
    sup__date_str(q->valid_through, d3);
    sup__buf b = {0};
    sup__buf_printf(&b, "number=%s; kind=%s; amount=%s; vat=", inv->number, sup_quote_kind_name(q->kind),
                    sup__ledger_money_str(q->fee, m));
    if (inv->vat_rate == SUP_VAT_NONE) {
        sup__buf_put(&b, "none");
    } else {
        char v[SUP_MONEY_BUFSIZE];
        sup__buf_printf(&b, "%s (%ld bp)", sup__ledger_money_str(inv->vat_amount, v), (long)inv->vat_rate);
    }
    sup__buf_printf(&b, "; support_until=%s -> %s; valid_through=%s; payer=%s; payer_inn=%s; vendor_version=%lld",
                    d1, d2, d3, inv->payer_name, inv->payer_inn ? inv->payer_inn : "", (long long)inv->vendor_version);
    if (inv->policy_version > 0)
        sup__buf_printf(&b, "; policy_version=%lld", (long long)inv->policy_version);
    return sup__ledger_audit(l, "issue_invoice", inv->actor, q->on, inv->product, inv->customer, inv->license, &b);
}

/* Inside the write transaction: the invoice of `license` on `on`, new or the open one for the same offer. */
static int issue(sup_ledger *l, const char *actor, sup_id license, sup_date on, const sup_invoice_options *o,
                 sup_invoice **out)
{
    struct sup__loaded ld;
    int rc = sup__ledger_load_all(l, license, true, &ld);
    if (rc != SUP_OK)
        return rc;
    sup_quote q;
    sup_id version = 0;
    rc = sup__ledger_invoice_quote(l, &ld, on, &q, &version);
    size_t vi = (size_t)-1;
    if (rc == SUP_OK)
        rc = sup__version_at(l->versions, l->nversions, on, &vi); /* the VAT of the version in force */
    if (rc == SUP_OK)
        rc = find_open(l, license, on, same_offer, &q, out);
    if (rc != SUP_OK || *out != NULL) {
        sup__ledger_loaded_free(&ld);
        return rc;
    }
    sup_invoice *inv = NULL;
    rc = sup__invoice_alloc(&inv);
    if (rc == SUP_OK) {
        inv->license = license;
        inv->customer = ld.row.customer;
        inv->product = ld.row.product;
        inv->quote = q;
        inv->policy_version = version;
        inv->vat_rate = l->versions[vi].policy->vat_rate;
        inv->is_new = true;
        inv->actor = sup__strdup(actor);
        rc = inv->actor != NULL ? sup_vat_amount(q.fee, inv->vat_rate, &inv->vat_amount)
                                : sup__fail(SUP_ENOMEM, "out of memory issuing an invoice");
    }
    sup__ledger_loaded_free(&ld);
    if (rc == SUP_OK)
        rc = vendor_on(l, on, &inv->vendor_version, &inv->vendor);
    if (rc == SUP_OK)
        rc = load_payer(l, inv->customer, o, inv);
    if (rc == SUP_OK)
        rc = load_product_name(l, inv->product, &inv->product_name);
    int64_t seq = 0;
    int year = (int)(on / 10000);
    if (rc == SUP_OK)
        rc = next_number(l, year, &seq);
    if (rc == SUP_OK) {
        sup__invoice_number(year, seq, inv->number);
        rc = sup__invoice_purpose(inv, &inv->purpose);
    }
    if (rc == SUP_OK)
        rc = insert_invoice(l, inv, year, seq);
    if (rc == SUP_OK)
        rc = audit_invoice(l, inv);
    if (rc != SUP_OK) {
        sup_invoice_free(inv);
        return rc;
    }
    *out = inv;
    return SUP_OK;
}

int sup_ledger_issue_invoice(sup_ledger *l, const char *actor, sup_id license, sup_date on,
                             const sup_invoice_options *opts, sup_invoice **out)
{
    SUP__CHECK_ARG(out, "sup_ledger_issue_invoice");
    *out = NULL;
    SUP__CHECK_ARG(l, "sup_ledger_issue_invoice");
    sup_invoice_options defaults;
    if (opts == NULL) {
        memset(&defaults, 0, sizeof defaults);
        defaults.version = SUP_INVOICE_OPTIONS_VERSION;
        opts = &defaults;
    }
    int rc = sup__ledger_check_actor(actor);
    if (rc == SUP_OK)
        rc = sup__ledger_check_id(license, "license");
    if (rc == SUP_OK)
        rc = sup__check_date(on, "invoice date");
    if (rc == SUP_OK)
        rc = check_options(opts);
    if (rc == SUP_OK)
        rc = sup__ledger_write_begin(l, "sup_ledger_issue_invoice");
    if (rc != SUP_OK)
        return rc;
    sup_invoice *inv = NULL;
    rc = sup__ledger_write_end(l, issue(l, actor, license, on, opts, &inv));
    if (rc != SUP_OK) {
        sup_invoice_free(inv);
        return rc;
    }
    *out = inv;
    return SUP_OK;
}

/* ---- the list ------------------------------------------------------------------------------------------- */

static const struct sup__column invoice_cols[] = {
    {"invoice", SUP_COLUMN_ID},
    {"number", SUP_COLUMN_TEXT},
    {"issued_on", SUP_COLUMN_DATE},
    {"license", SUP_COLUMN_ID},
    {"customer", SUP_COLUMN_ID},
    {"product", SUP_COLUMN_ID},
    {"kind", SUP_COLUMN_QUOTE_KIND},
    {"amount", SUP_COLUMN_MONEY},
    {"vat", SUP_COLUMN_MONEY},
    {"new_support_until", SUP_COLUMN_DATE},
    {"valid_through", SUP_COLUMN_DATE},
    {"state", SUP_COLUMN_INVOICE_STATE},
    {"paid_on", SUP_COLUMN_DATE},
    {"payment_id", SUP_COLUMN_TEXT},
    {"payer_name", SUP_COLUMN_TEXT},
    {"payer_inn", SUP_COLUMN_TEXT},
};
#define NINVCOLS ((int)(sizeof invoice_cols / sizeof invoice_cols[0]))
/* The statement's hidden columns after the visible ones: each payment of the invoice, its void. */
enum { IL_RECEIVED = NINVCOLS, IL_PAYMENT_ID, IL_VOID };

/* One row per invoice (the statement has one per invoice and payment): the first payment not voided and
 * received by the list's date counts; the state is the invoice rule's. */
static int invoice_next(sup_cursor *c)
{
    for (;;) {
        int rc = sup__cursor_step(c);
        if (rc <= 0)
            return rc;
        sup__stmt *st = c->stmt;
        sup_id id = sup__col_int(st, SUP_INVCOL_INVOICE);
        for (int i = 0; i < NINVCOLS; i++) {
            if (invoice_cols[i].type != SUP_COLUMN_TEXT)
                sup__cursor_set(c, i, sup__col_int(st, i));
            else if (i != SUP_INVCOL_PAYMENT_ID && (rc = sup__cursor_keep_text(c, i)) != SUP_OK)
                return rc;
        }
        sup__free(c->texts[SUP_INVCOL_PAYMENT_ID]);
        c->texts[SUP_INVCOL_PAYMENT_ID] = NULL;
        c->computed |= 1u << SUP_INVCOL_PAYMENT_ID;
        sup_date paid_on = SUP_DATE_NONE;
        const sup_date on = c->ctx->on;
        for (;;) {
            if (!sup__col_null(st, IL_RECEIVED) && sup__col_null(st, IL_VOID) && paid_on == SUP_DATE_NONE &&
                sup__col_int(st, IL_RECEIVED) <= on) {
                paid_on = (sup_date)sup__col_int(st, IL_RECEIVED);
                const char *pid = sup__col_text(st, IL_PAYMENT_ID);
                if (pid != NULL && (c->texts[SUP_INVCOL_PAYMENT_ID] = sup__strdup(pid)) == NULL)
                    return sup__fail(SUP_ENOMEM, "out of memory reading a list");
            }
            rc = sup__cursor_step(c);
            if (rc < 0)
                return rc;
            if (rc == 0)
                break;
            if (sup__col_int(st, SUP_INVCOL_INVOICE) != id) {
                c->pending = true; /* the next invoice's first row */
                break;
            }
        }
        sup_invoice_state state = sup__invoice_state((sup_date)c->values[SUP_INVCOL_ISSUED_ON],
                                                     (sup_date)c->values[SUP_INVCOL_VALID_THROUGH], paid_on, on);
        sup__cursor_set(c, SUP_INVCOL_STATE, (int64_t)state);
        sup__cursor_set(c, SUP_INVCOL_PAID_ON, paid_on);
        if (c->filter == SUP_INVOICE_NOT_ISSUED || c->filter == (int)state)
            return 1;
    }
}

int sup_invoice_list_options_init(sup_invoice_list_options *o, unsigned version)
{
    SUP__CHECK_ARG(o, "sup_invoice_list_options_init");
    if (version != SUP_INVOICE_LIST_OPTIONS_VERSION)
        return sup__fail(SUP_EINVAL, "sup_invoice_list_options_init: unknown version %u (this library knows %u)",
                         version, (unsigned)SUP_INVOICE_LIST_OPTIONS_VERSION);
    memset(o, 0, sizeof *o);
    o->version = version;
    return SUP_OK;
}

static int check_list_options(sup_ledger *l, const sup_invoice_list_options *o, sup_date *from, sup_date *to)
{
    if (o->version != SUP_INVOICE_LIST_OPTIONS_VERSION)
        return sup__fail(SUP_EINVAL, "sup_ledger_list_invoices: options of version %u (this library knows %u)",
                         o->version, (unsigned)SUP_INVOICE_LIST_OPTIONS_VERSION);
    int rc = sup__check_date(o->on, "the list's date (the date the states are for)");
    if (rc == SUP_OK && o->from != SUP_DATE_NONE)
        rc = sup__check_date(o->from, "first date");
    if (rc == SUP_OK && o->to != SUP_DATE_NONE)
        rc = sup__check_date(o->to, "last date");
    if (rc == SUP_OK && (unsigned)o->state > SUP_INVOICE_EXPIRED)
        rc = sup__fail(SUP_EINVAL, "sup_ledger_list_invoices: unknown state %d", (int)o->state);
    if (rc != SUP_OK)
        return rc;
    *from = o->from != SUP_DATE_NONE ? o->from : SUP_DATE_MIN;
    *to = o->to != SUP_DATE_NONE && o->to < o->on ? o->to : o->on;
    rc = sup__ledger_read_begin(l, "sup_ledger_list_invoices");
    if (rc != SUP_OK)
        return rc;
    struct sup__license_row row;
    if (o->license > 0)
        rc = sup__ledger_load_license_row(l, o->license, false, &row);
    if (rc == SUP_OK && o->customer > 0)
        rc = sup__ledger_customer_exists(l, o->customer);
    return sup__ledger_read_end(l, rc);
}

int sup_ledger_list_invoices(sup_ledger *l, const sup_invoice_list_options *o, sup_cursor **out)
{
    static const char sql[] =
        "SELECT i.id, i.number, i.issued_on, i.license_id, i.customer_id, i.product_id, i.kind, i.amount,"
        " i.vat_amount, i.new_support_until, i.valid_through, 0, 0, NULL, i.payer_name, i.payer_inn,"
        " p.received_on, e.payment_id, v.id"
        " FROM invoice i LEFT JOIN invoice_payment p ON p.invoice_id = i.id"
        " LEFT JOIN license_event e ON e.id = p.event_id"
        " LEFT JOIN correction v ON v.event_id = p.event_id AND v.kind = 1"
        " WHERE i.issued_on BETWEEN ?1 AND ?2 AND (?3 = 0 OR i.license_id = ?3) AND (?4 = 0 OR i.customer_id = ?4)"
        " ORDER BY i.issued_on, i.number, p.id";
    int rc = sup__list_prologue(l, out, "sup_ledger_list_invoices");
    if (rc == SUP_OK && o == NULL)
        rc = sup__fail(SUP_EINVAL, "sup_ledger_list_invoices: argument 'opts' is NULL");
    sup_date from = 0, to = 0;
    if (rc == SUP_OK)
        rc = check_list_options(l, o, &from, &to);
    if (rc != SUP_OK)
        return rc;
    struct sup__list_ctx *x = sup__calloc(1, sizeof *x);
    if (x == NULL)
        return sup__fail(SUP_ENOMEM, "out of memory creating a cursor");
    x->on = o->on;
    /* the cursor owns x from here, also when making it fails */
    rc = sup__cursor_new(l, sql, invoice_cols, NINVCOLS, x, invoice_next, out);
    if (rc != SUP_OK)
        return rc;
    (*out)->filter = (int)o->state;
    sup__st_int((*out)->stmt, 1, from);
    sup__st_int((*out)->stmt, 2, to);
    sup__st_int((*out)->stmt, 3, o->license);
    sup__st_int((*out)->stmt, 4, o->customer);
    return SUP_OK;
}
