/* Fuzz target: a bank statement (the input is the file, any bytes) imported into a small ledger that
 * holds invoices 2026-000001 … 2026-000003 (1998 rub each, payable through 2026-08-15) on the vendor's
 * account 40702810954400012345. Invariants: a refused file changes nothing; an imported one gives one
 * outcome per document, each with a known status and a review reason exactly when kept for review,
 * applies at most one payment per invoice, and importing it again applies and keeps nothing more and
 * writes nothing (not even an audit event). */
#include "fuzz_common.h"

#define ACCOUNT "40702810954400012345"

static int audit_events(sup_ledger *l)
{
    sup_cursor *c = NULL;
    FUZZ_CHECK(sup_ledger_list_audit(l, 0, &c) == SUP_OK);
    int n = 0;
    while (sup_cursor_next(c) == 1)
        n++;
    sup_cursor_free(c);
    return n;
}

static sup_ledger *make_ledger(void)
{
    sup_ledger *l = NULL;
    FUZZ_CHECK(sup_ledger_open(":memory:", SUP_LEDGER_CREATE, &l) == SUP_OK);
    sup_vendor *v = NULL;
    FUZZ_CHECK(sup_vendor_new(&v) == SUP_OK);
    static const char *const f[SUP_VENDOR_FIELD_COUNT] = {
        "ООО \"Восьмёрка Про\"", "6316123458", "631601001", NULL, "АО Банк", "043601999", "30101810400000000999",
        ACCOUNT, NULL, NULL};
    for (int i = 0; i < SUP_VENDOR_FIELD_COUNT; i++)
        FUZZ_CHECK(sup_vendor_set(v, (sup_vendor_field)i, f[i]) == SUP_OK);
    FUZZ_CHECK(sup_ledger_set_vendor(l, "fuzz", 20200101, v, NULL) == SUP_OK);
    sup_vendor_free(v);
    sup_id p = 0, c = 0;
    FUZZ_CHECK(sup_ledger_add_product(l, "fuzz", "R", "R", SUP_LICENSE_PERPETUAL, 6, &p) == SUP_OK);
    FUZZ_CHECK(sup_ledger_set_price(l, "fuzz", p, 20200101, 799000) == SUP_OK);
    FUZZ_CHECK(sup_ledger_add_customer(l, "fuzz", "C", "C", &c) == SUP_OK);
    for (int i = 0; i < 3; i++) {
        sup_id lic = 0;
        FUZZ_CHECK(sup_ledger_sell(l, "fuzz", NULL, c, p, 20260115, 799000, &lic) == SUP_OK);
        sup_invoice_options o;
        FUZZ_CHECK(sup_invoice_options_init(&o, SUP_INVOICE_OPTIONS_VERSION) == SUP_OK);
        o.payer_inn = i == 2 ? "7715123451" : NULL;
        sup_invoice *inv = NULL;
        FUZZ_CHECK(sup_ledger_issue_invoice(l, "fuzz", lic, 20260701, &o, &inv) == SUP_OK);
        sup_invoice_free(inv);
    }
    return l;
}

static void check_report(const sup_bank_statement *st, const sup_bank_import *r, size_t *applied)
{
    FUZZ_CHECK(sup_bank_import_count(r) == sup_bank_statement_doc_count(st));
    *applied = 0;
    for (size_t i = 0; i < sup_bank_import_count(r); i++) {
        sup_receipt_outcome o = {.version = SUP_RECEIPT_OUTCOME_VERSION};
        FUZZ_CHECK(sup_bank_import_outcome(r, i, &o) == SUP_OK);
        FUZZ_CHECK(o.status > SUP_PAYMENT_NONE && o.status < SUP_PAYMENT_STATUS_COUNT);
        FUZZ_CHECK(sup_payment_status_name(o.status)[0] != '\0');
        bool review = o.status == SUP_PAYMENT_REVIEW || o.status == SUP_PAYMENT_ALREADY_IN_REVIEW;
        FUZZ_CHECK(review == (o.reason != SUP_REVIEW_NONE));
        FUZZ_CHECK(o.line == sup_bank_doc_line(sup_bank_statement_doc(st, i)));
        FUZZ_CHECK(memchr(o.message, '\0', sizeof o.message) != NULL);
        if (o.status == SUP_PAYMENT_APPLIED) {
            FUZZ_CHECK(o.event > 0 && o.invoice > 0 && o.new_support_until > o.support_until);
            (*applied)++;
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sup_bank_statement *st = NULL;
    if (sup_bank_statement_parse((const char *)data, size, NULL, &st) != SUP_OK) {
        FUZZ_CHECK(st == NULL);
        return 0;
    }
    sup_ledger *l = make_ledger();
    int before = audit_events(l);
    sup_bank_import *r = NULL;
    int rc = sup_ledger_bank_import(l, "fuzz", st, NULL, &r);
    FUZZ_CHECK(rc == SUP_OK);
    size_t applied = 0;
    check_report(st, r, &applied);
    FUZZ_CHECK(applied <= 3);
    FUZZ_CHECK((sup_bank_import_id(r) > 0) == (audit_events(l) > before));
    sup_bank_import_free(r);
    /* again: nothing new */
    int after = audit_events(l);
    FUZZ_CHECK(sup_ledger_bank_import(l, "fuzz", st, NULL, &r) == SUP_OK);
    check_report(st, r, &applied);
    FUZZ_CHECK(applied == 0);
    FUZZ_CHECK(sup_bank_import_total(r, SUP_PAYMENT_REVIEW) == 0);
    FUZZ_CHECK(sup_bank_import_id(r) == 0);
    FUZZ_CHECK(audit_events(l) == after);
    sup_bank_import_free(r);
    sup_bank_statement_free(st);
    sup_ledger_close(l);
    return 0;
}
