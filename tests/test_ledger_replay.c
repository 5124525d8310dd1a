/* Payments that say what they did (sup_ledger_renew_ext, _pay_ext, _sell_ext): a first
 * application and a replay of the same payment id told apart, with the event and the date
 * it was recorded on; a sale with the vendor's external id. Runs on both engines. */
#include "ledger_test_util.h"

static sup_payment_outcome outcome(void)
{
    sup_payment_outcome o;
    assert_int_equal(sup_payment_outcome_init(&o, SUP_PAYMENT_OUTCOME_VERSION), SUP_OK);
    return o;
}

static void a_replayed_renewal_says_when_it_was_recorded_and_changes_nothing(void **state)
{
    (void)state;
    sup_ledger *l = open_mem();
    sup_id p = add_seed_product(l, "R1"), c = add_customer(l, "C1");
    sup_id lic = sell(l, c, p, 20260115);
    sup_quote *q = NULL;
    assert_int_equal(sup_quote_new(&q), SUP_OK);
    sup_payment_outcome o = outcome();
    assert_int_equal(sup_ledger_renew_ext(l, ACTOR, "pay-1", lic, 20260720, 199800, NULL, q, &o), SUP_OK);
    assert_int_equal(o.replayed, 0);
    assert_true(o.event > 0);
    assert_int_equal(o.license, lic);
    assert_int_equal(o.recorded_on, 20260720);
    sup_id first = o.event;
    int audits = audit_count(l);
    /* the same payment again, even on another day: the first result, told as a replay */
    o = outcome();
    assert_int_equal(sup_ledger_renew_ext(l, ACTOR, "pay-1", lic, 20260801, 199800, NULL, q, &o), SUP_OK);
    assert_int_equal(o.replayed, 1);
    assert_int_equal(o.event, first);
    assert_int_equal(o.recorded_on, 20260720);
    assert_int_equal(sup_quote_new_support_until(q), 20270715);
    assert_int_equal(audit_count(l), audits);
    /* the plain form gives the same answer, and outcome may be NULL */
    assert_int_equal(sup_ledger_renew_ext(l, ACTOR, "pay-1", lic, 20260801, 199800, NULL, NULL, NULL), SUP_OK);
    o = outcome();
    assert_int_equal(sup_ledger_renew_ext(l, ACTOR, "pay-1", lic, 20260801, 100, NULL, q, &o), SUP_ECONFLICT);
    /* versions are checked */
    o.version = 7;
    assert_int_equal(sup_ledger_renew_ext(l, ACTOR, "pay-2", lic, 20260801, 199800, NULL, q, &o), SUP_EINVAL);
    sup_payment_options opts;
    assert_int_equal(sup_payment_options_init(&opts, SUP_PAYMENT_OPTIONS_VERSION), SUP_OK);
    opts.external_id = "X";
    o = outcome();
    assert_int_equal(sup_ledger_renew_ext(l, ACTOR, "pay-2", lic, 20260801, 199800, &opts, q, &o), SUP_EINVAL);
    assert_int_equal(sup_payment_options_init(&opts, 2), SUP_EINVAL);
    assert_int_equal(sup_payment_outcome_init(&o, 2), SUP_EINVAL);
    sup_quote_free(q);
    sup_ledger_close(l);
}

static void a_replayed_subscription_payment_and_sale_are_told_apart(void **state)
{
    (void)state;
    sup_ledger *l = open_mem();
    sup_id s = 0, c = add_customer(l, "C1");
    assert_int_equal(sup_ledger_add_product(l, ACTOR, "SUB", "s", SUP_LICENSE_SUBSCRIPTION_MONTHLY, 0, &s), SUP_OK);
    assert_int_equal(sup_ledger_set_price(l, ACTOR, s, 20200101, 99000), SUP_OK);
    sup_payment_outcome o = outcome();
    sup_id lic = 0, again = 0;
    assert_int_equal(sup_ledger_sell_ext(l, ACTOR, "order-1", c, s, 20260131, 99000, NULL, &lic, &o), SUP_OK);
    assert_int_equal(o.replayed, 0);
    assert_int_equal(o.license, lic);
    sup_id sale_event = o.event;
    o = outcome();
    assert_int_equal(sup_ledger_sell_ext(l, ACTOR, "order-1", c, s, 20260205, 99000, NULL, &again, &o), SUP_OK);
    assert_int_equal(again, lic);
    assert_int_equal(o.replayed, 1);
    assert_int_equal(o.event, sale_event);
    assert_int_equal(o.recorded_on, 20260131);
    o = outcome();
    assert_int_equal(sup_ledger_pay_ext(l, ACTOR, "pay-1", lic, 20260228, 99000, NULL, NULL, &o), SUP_OK);
    assert_int_equal(o.replayed, 0);
    assert_int_equal(sup_ledger_pay_ext(l, ACTOR, "pay-1", lic, 20260301, 99000, NULL, NULL, &o), SUP_OK);
    assert_int_equal(o.replayed, 1);
    assert_int_equal(o.recorded_on, 20260228);
    /* a sale without a payment id is never a replay */
    o = outcome();
    assert_int_equal(sup_ledger_sell_ext(l, ACTOR, NULL, c, s, 20260131, 99000, NULL, &again, &o), SUP_OK);
    assert_int_equal(o.replayed, 0);
    assert_int_not_equal(again, lic);
    sup_ledger_close(l);
}

static void a_sale_may_carry_the_vendors_external_id(void **state)
{
    (void)state;
    tmp_ledger t;
    tmp_init(&t);
    sup_ledger *l = open_new(&t);
    sup_id p = add_seed_product(l, "R1"), c = add_customer(l, "C1");
    sup_payment_options opts;
    assert_int_equal(sup_payment_options_init(&opts, SUP_PAYMENT_OPTIONS_VERSION), SUP_OK);
    opts.external_id = "1C-0042";
    sup_id lic = 0, other = 0;
    sup_payment_outcome o = outcome();
    assert_int_equal(sup_ledger_sell_ext(l, ACTOR, "order-1", c, p, 20260115, 799000, &opts, &lic, &o), SUP_OK);
    assert_int_equal(sup_ledger_sell_ext(l, ACTOR, "order-1", c, p, 20260115, 799000, &opts, &other, &o), SUP_OK);
    assert_int_equal(o.replayed, 1);
    opts.external_id = "1C-0043";
    assert_int_equal(sup_ledger_sell_ext(l, ACTOR, "order-1", c, p, 20260115, 799000, &opts, &other, &o),
                     SUP_ECONFLICT);
    assert_non_null(strstr(sup_error_message(), "(external id \"1C-0042\")"));
    opts.external_id = "1C-0042";
    assert_int_equal(sup_ledger_sell_ext(l, ACTOR, "order-2", c, p, 20260115, 799000, &opts, &other, NULL),
                     SUP_ECONFLICT);
    assert_non_null(strstr(sup_error_message(), "external id \"1C-0042\" is license 1 already"));
    opts.external_id = "#5";
    assert_int_equal(sup_ledger_sell_ext(l, ACTOR, "order-3", c, p, 20260115, 799000, &opts, &other, NULL), SUP_EINVAL);
    int audits = audit_count(l);
    sup_ledger_close(l);
    char sql[80];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM license WHERE external_id = '1C-0042' AND id = %lld",
             (long long)lic);
    assert_int_equal(raw_int(t.path, sql), 1);
    assert_int_equal(raw_int(t.path, "SELECT count(*) FROM audit"), audits);
    tmp_cleanup(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_replayed_renewal_says_when_it_was_recorded_and_changes_nothing),
        cmocka_unit_test(a_replayed_subscription_payment_and_sale_are_told_apart),
        cmocka_unit_test(a_sale_may_carry_the_vendors_external_id),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
