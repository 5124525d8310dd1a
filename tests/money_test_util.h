/* Helpers of the money tests (invoices, bank imports, corrections): the sample
 * vendor, a ledger with a priced product, invoices and payments in one call. */
#ifndef MONEY_TEST_UTIL_H
#define MONEY_TEST_UTIL_H

#include "ledger_test_util.h"

/* The requisites of examples/settings/vendor.ini and examples/bank/make_samples.py. */
#define VENDOR_ACCOUNT "40702810954400012345"
#define VENDOR_ACCOUNT2 "40702810454400067890"
#define ROMASHKA_INN "7715123451"
#define PETROV_INN "631512345654"
#define VOLGA_INN "6318990015"

static inline sup_vendor *sample_vendor(const char *account)
{
    sup_vendor *v = NULL;
    assert_int_equal(sup_vendor_new(&v), SUP_OK);
    assert_int_equal(sup_vendor_set(v, SUP_VENDOR_NAME, "ООО \"Восьмёрка Про\""), SUP_OK);
    assert_int_equal(sup_vendor_set(v, SUP_VENDOR_INN, "6316123458"), SUP_OK);
    assert_int_equal(sup_vendor_set(v, SUP_VENDOR_KPP, "631601001"), SUP_OK);
    assert_int_equal(sup_vendor_set(v, SUP_VENDOR_ADDRESS, "443001, г. Самара, ул. Примерная, д. 1"), SUP_OK);
    assert_int_equal(sup_vendor_set(v, SUP_VENDOR_BANK_NAME, "АО \"ПРИМЕР-БАНК\", г. Самара"), SUP_OK);
    assert_int_equal(sup_vendor_set(v, SUP_VENDOR_BIK, "043601999"), SUP_OK);
    assert_int_equal(sup_vendor_set(v, SUP_VENDOR_CORR_ACCOUNT, "30101810400000000999"), SUP_OK);
    assert_int_equal(sup_vendor_set(v, SUP_VENDOR_ACCOUNT, account), SUP_OK);
    return v;
}

static inline void set_sample_vendor(sup_ledger *l, sup_date effective, const char *account)
{
    sup_vendor *v = sample_vendor(account);
    if (sup_ledger_set_vendor(l, ACTOR, effective, v, NULL) != SUP_OK)
        fail_msg("set vendor: %s", sup_error_message());
    sup_vendor_free(v);
}

/* Issue an invoice (the payer's INN given, "" for none); fails the test on error. */
static inline sup_invoice *issue(sup_ledger *l, sup_id license, sup_date on, const char *payer_inn)
{
    sup_invoice_options o;
    assert_int_equal(sup_invoice_options_init(&o, SUP_INVOICE_OPTIONS_VERSION), SUP_OK);
    o.payer_inn = payer_inn;
    sup_invoice *inv = NULL;
    if (sup_ledger_issue_invoice(l, ACTOR, license, on, &o, &inv) != SUP_OK)
        fail_msg("issue an invoice for license %lld on %d: %s", (long long)license, (int)on, sup_error_message());
    return inv;
}

/* Pay an invoice by hand (invoice number given, or NULL with a purpose); the outcome. */
static inline sup_receipt_outcome pay(sup_ledger *l, const char *payment_id, const char *number, const char *purpose,
                                      sup_date on, sup_money amount, const char *payer_inn)
{
    sup_incoming_payment p;
    assert_int_equal(sup_incoming_payment_init(&p, SUP_INCOMING_PAYMENT_VERSION), SUP_OK);
    p.payment_id = payment_id;
    p.invoice_number = number;
    p.purpose = purpose;
    p.received_on = on;
    p.amount = amount;
    p.payer_inn = payer_inn;
    sup_receipt_outcome out = {.version = SUP_RECEIPT_OUTCOME_VERSION};
    if (sup_ledger_pay_invoice(l, ACTOR, &p, &out) != SUP_OK)
        fail_msg("pay %s: %s", payment_id, sup_error_message());
    return out;
}

static inline sup_date support_end(sup_ledger *l, sup_id license)
{
    sup_license *lic = NULL;
    assert_int_equal(sup_ledger_get_license(l, license, &lic), SUP_OK);
    sup_date u = sup_license_latest_until(lic);
    sup_license_free(lic);
    return u;
}

/* The number of audit events with this action. */
static inline int audit_actions(sup_ledger *l, const char *action)
{
    sup_cursor *c = NULL;
    assert_int_equal(sup_ledger_list_audit(l, 0, &c), SUP_OK);
    int n = 0;
    while (sup_cursor_next(c) == 1)
        n += strcmp(sup_cursor_text(c, SUP_AUDCOL_ACTION), action) == 0;
    sup_cursor_free(c);
    return n;
}

#endif /* MONEY_TEST_UTIL_H */
