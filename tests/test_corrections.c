/* Corrections (corrections.h): voiding a payment recorded by mistake (support as if it had never
 * happened; refused when a later event or a refund depends on it), refunds (support kept or
 * shortened), sales at an agreed price, and how the lists show them. Runs on both engines. */
#include "money_test_util.h"

/* The support end the list of licenses gives on `on` (from the derived periods), or 0 if not listed. */
static sup_date listed_until(sup_ledger *l, sup_id license, sup_date on)
{
    sup_cursor *c = NULL;
    assert_int_equal(sup_ledger_list_licenses(l, 0, on, &c), SUP_OK);
    sup_date u = 0;
    while (sup_cursor_next(c) == 1)
        if (sup_cursor_int64(c, SUP_LICCOL_LICENSE) == license)
            u = sup_cursor_date(c, SUP_LICCOL_SUPPORT_UNTIL);
    sup_cursor_free(c);
    return u;
}

/* The periods agree with the core, license by license, on every 10th day of 2026 and 2027. */
static void periods_agree(sup_ledger *l, sup_id license)
{
    sup_license *lic = NULL;
    assert_int_equal(sup_ledger_get_license(l, license, &lic), SUP_OK);
    for (sup_date d = 20260101; d < 20280101;) {
        sup_date core = 0;
        assert_int_equal(sup_license_support_until(lic, d, &core), SUP_OK);
        if (listed_until(l, license, d) != core)
            fail_msg("license %lld on %d: listed %d, the core says %d", (long long)license, (int)d,
                     (int)listed_until(l, license, d), (int)core);
        assert_int_equal(sup_date_add_days(d, 10, &d), SUP_OK);
    }
    sup_license_free(lic);
}

static sup_id event_of(sup_ledger *l, const char *payment_id)
{
    sup_id ev = 0;
    if (sup_ledger_find_payment(l, payment_id, &ev) != SUP_OK)
        fail_msg("%s: %s", payment_id, sup_error_message());
    return ev;
}

static void a_void_makes_the_ledger_answer_as_if_the_payment_never_happened(void **state)
{
    (void)state;
    sup_ledger *l = open_mem();
    sup_id p = add_seed_product(l, "R");
    sup_id lic = sell(l, add_customer(l, "A"), p, 20260115); /* support through 2026-07-15 */
    sup_quote_free(renew(l, lic, 20260701, "r-1"));
    assert_int_equal(support_end(l, lic), 20270715);
    int audits = audit_count(l);
    sup_id corr = 0;
    assert_int_equal(sup_ledger_void_payment(l, "manager:anna", event_of(l, "r-1"), 20260705,
                                             "recorded for the wrong customer", &corr),
                     SUP_OK);
    assert_true(corr > 0);
    assert_int_equal(support_end(l, lic), 20260715);
    assert_int_equal(audit_count(l), audits + 1);
    assert_int_equal(audit_actions(l, "void"), 1);
    periods_agree(l, lic);
    sup_quote *q = NULL;
    assert_int_equal(sup_quote_new(&q), SUP_OK);
    assert_int_equal(sup_ledger_quote_renewal(l, lic, 20260720, q), SUP_OK);
    assert_int_equal(sup_quote_support_until(q), 20260715); /* the offer is the one without the renewal */
    /* the voided id stays taken */
    assert_int_equal(sup_ledger_renew(l, ACTOR, "r-1", lic, 20260701, 199800, q), SUP_ESTATE);
    assert_non_null(strstr(sup_error_message(), "payment id \"r-1\" (a preferential_renewal of license 1) was voided "
                                                "on 2026-07-05"));
    /* renewed again under a new id */
    assert_int_equal(sup_ledger_renew(l, ACTOR, "r-2", lic, 20260706, 199800, q), SUP_OK);
    assert_int_equal(support_end(l, lic), 20270715);
    periods_agree(l, lic);
    /* the payments: the renewal voided, its reversal, the new renewal */
    sup_cursor *c = NULL;
    assert_int_equal(sup_ledger_list_payments(l, 20260601, 20260731, &c), SUP_OK);
    assert_int_equal(sup_cursor_next(c), 1);
    assert_string_equal(sup_cursor_text(c, SUP_PAYCOL_PAYMENT_ID), "r-1");
    assert_int_equal(sup_cursor_int64(c, SUP_PAYCOL_AMOUNT), 199800);
    assert_int_equal(sup_cursor_int64(c, SUP_PAYCOL_VOIDED), 1);
    assert_int_equal(sup_cursor_int64(c, SUP_PAYCOL_CORRECTION), 0);
    assert_int_equal(sup_cursor_next(c), 1);
    assert_int_equal(sup_cursor_int64(c, SUP_PAYCOL_CORRECTION), corr);
    assert_int_equal(sup_cursor_int64(c, SUP_PAYCOL_CORRECTION_KIND), SUP_CORRECTION_VOID);
    assert_int_equal(sup_cursor_date(c, SUP_PAYCOL_ON), 20260705);
    assert_int_equal(sup_cursor_int64(c, SUP_PAYCOL_AMOUNT), -199800);
    assert_int_equal(sup_cursor_date(c, SUP_PAYCOL_SUPPORT_UNTIL), 20260715);
    assert_string_equal(sup_cursor_text(c, SUP_PAYCOL_PAYMENT_ID), "r-1");
    assert_string_equal(sup_cursor_text(c, SUP_PAYCOL_REASON), "recorded for the wrong customer");
    assert_string_equal(sup_cursor_text(c, SUP_PAYCOL_ACTOR), "manager:anna");
    assert_int_equal(sup_cursor_column_type(c, SUP_PAYCOL_CORRECTION_KIND), SUP_COLUMN_CORRECTION_KIND);
    assert_int_equal(sup_cursor_next(c), 1);
    assert_string_equal(sup_cursor_text(c, SUP_PAYCOL_PAYMENT_ID), "r-2");
    assert_int_equal(sup_cursor_int64(c, SUP_PAYCOL_VOIDED), 0);
    assert_int_equal(sup_cursor_next(c), 0);
    sup_cursor_free(c);
    /* the events of the license show the same */
    assert_int_equal(sup_ledger_list_events(l, lic, &c), SUP_OK);
    assert_int_equal(count_rows(c), 4);
    sup_quote_free(q);
    sup_ledger_close(l);
}

static void a_void_is_refused_while_something_depends_on_the_payment(void **state)
{
    (void)state;
    sup_ledger *l = open_mem();
    sup_id p = add_seed_product(l, "R");
    sup_id lic = sell(l, add_customer(l, "A"), p, 20260115);
    sup_quote_free(renew(l, lic, 20260701, "r-1"));
    sup_quote_free(renew(l, lic, 20260702, "r-2"));
    assert_int_equal(support_end(l, lic), 20280715);
    int audits = audit_count(l);
    assert_int_equal(sup_ledger_void_payment(l, ACTOR, event_of(l, "r-1"), 20260705, "mistake", NULL), SUP_ESTATE);
    assert_non_null(strstr(sup_error_message(), "the preferential_renewal of license event 2 cannot be voided: "
                                                "license 1 has a later preferential_renewal (event 3 on 2026-07-02) "
                                                "that depends on it"));
    assert_int_equal(audit_count(l), audits);
    /* newest first */
    assert_int_equal(sup_ledger_void_payment(l, ACTOR, event_of(l, "r-2"), 20260705, "mistake", NULL), SUP_OK);
    assert_int_equal(support_end(l, lic), 20270715);
    assert_int_equal(sup_ledger_void_payment(l, ACTOR, event_of(l, "r-2"), 20260706, "again", NULL), SUP_ESTATE);
    assert_non_null(strstr(sup_error_message(), "was voided already"));
    assert_int_equal(sup_ledger_void_payment(l, ACTOR, event_of(l, "r-1"), 20260630, "before", NULL), SUP_EDATE);
    /* a refund depends on its payment */
    assert_int_equal(sup_ledger_refund_payment(l, ACTOR, event_of(l, "r-1"), 20260710, "goodwill", NULL, NULL), SUP_OK);
    assert_int_equal(sup_ledger_void_payment(l, ACTOR, event_of(l, "r-1"), 20260711, "mistake", NULL), SUP_ESTATE);
    assert_non_null(strstr(sup_error_message(), "it was refunded on 2026-07-10"));
    /* bad arguments */
    assert_int_equal(sup_ledger_void_payment(l, ACTOR, 99, 20260711, "x", NULL), SUP_ENOTFOUND);
    assert_int_equal(sup_ledger_void_payment(l, ACTOR, 1, 20260711, "", NULL), SUP_EINVAL);
    assert_int_equal(sup_ledger_void_payment(l, ACTOR, 1, 20260231, "x", NULL), SUP_EDATE);
    assert_int_equal(sup_ledger_record_period(l, ACTOR, lic, 20260801, 20300101), SUP_OK);
    sup_cursor *c = NULL;
    assert_int_equal(sup_ledger_list_events(l, lic, &c), SUP_OK);
    sup_id period = 0;
    while (sup_cursor_next(c) == 1)
        if (sup_cursor_int64(c, SUP_PAYCOL_KIND) == SUP_EVENT_PERIOD)
            period = sup_cursor_int64(c, SUP_PAYCOL_EVENT);
    sup_cursor_free(c);
    assert_int_equal(sup_ledger_void_payment(l, ACTOR, period, 20260801, "x", NULL), SUP_ESTATE);
    assert_non_null(strstr(sup_error_message(), "is a support period recorded as is, not a payment"));
    sup_id ev = 0;
    assert_int_equal(sup_ledger_find_payment(l, "nope", &ev), SUP_ENOTFOUND);
    assert_int_equal(sup_ledger_find_payment(l, "", &ev), SUP_EINVAL);
    sup_ledger_close(l);
}

static void voiding_a_sale_voids_its_license(void **state)
{
    (void)state;
    sup_ledger *l = open_mem();
    sup_id p = add_seed_product(l, "R");
    sup_id c = add_customer(l, "A");
    sup_id lic = 0, other = sell(l, c, p, 20260110);
    assert_int_equal(sup_ledger_sell(l, ACTOR, "sale-1", c, p, 20260115, 799000, &lic), SUP_OK);
    assert_int_equal(listed_until(l, lic, 20260301), 20260715);
    assert_int_equal(sup_ledger_void_payment(l, ACTOR, event_of(l, "sale-1"), 20260120, "sold twice", NULL), SUP_OK);
    sup_status *st = NULL;
    assert_int_equal(sup_status_new(&st), SUP_OK);
    assert_int_equal(sup_ledger_license_status(l, lic, 20260301, st), SUP_ENOTFOUND);
    assert_non_null(strstr(sup_error_message(), "license 2 was voided"));
    assert_int_equal(sup_ledger_license_status(l, other, 20260301, st), SUP_OK);
    sup_status_free(st);
    assert_int_equal(listed_until(l, lic, 20260301), 0);
    assert_int_equal(listed_until(l, other, 20260301), 20260710);
    assert_int_equal(sup_ledger_sell(l, ACTOR, "sale-1", c, p, 20260115, 799000, &lic), SUP_ESTATE);
    /* the money: the sale and its reversal */
    sup_cursor *cur = NULL;
    assert_int_equal(sup_ledger_list_payments(l, 20260101, 20261231, &cur), SUP_OK);
    sup_money sum = 0;
    int rows = 0;
    while (sup_cursor_next(cur) == 1) {
        sum += sup_cursor_int64(cur, SUP_PAYCOL_AMOUNT);
        rows++;
    }
    sup_cursor_free(cur);
    assert_int_equal(rows, 3);
    assert_int_equal(sum, 799000);
    sup_ledger_close(l);
}

static void a_refund_keeps_or_shortens_support_as_decided(void **state)
{
    (void)state;
    sup_ledger *l = open_mem();
    sup_id p = add_seed_product(l, "R");
    sup_id a = sell(l, add_customer(l, "A"), p, 20260115), b = sell(l, add_customer(l, "B"), p, 20260115),
           c = sell(l, add_customer(l, "C"), p, 20260115);
    sup_quote_free(renew(l, a, 20260701, "ra"));
    sup_quote_free(renew(l, b, 20260701, "rb"));
    sup_quote_free(renew(l, c, 20260701, "rc"));
    /* kept: money back in two parts, support unchanged */
    sup_refund_options o;
    assert_int_equal(sup_refund_options_init(&o, SUP_REFUND_OPTIONS_VERSION), SUP_OK);
    o.amount = 50000;
    assert_int_equal(sup_ledger_refund_payment(l, ACTOR, event_of(l, "ra"), 20260710, "goodwill", &o, NULL), SUP_OK);
    o.amount = 150000;
    assert_int_equal(sup_ledger_refund_payment(l, ACTOR, event_of(l, "ra"), 20260711, "more", &o, NULL), SUP_EMONEY);
    assert_non_null(strstr(sup_error_message(), "1498.00 rub of its 1998.00 rub are left to refund"));
    assert_int_equal(sup_ledger_refund_payment(l, ACTOR, event_of(l, "ra"), 20260711, "the rest", NULL, NULL), SUP_OK);
    assert_int_equal(sup_ledger_refund_payment(l, ACTOR, event_of(l, "ra"), 20260712, "none left", NULL, NULL),
                     SUP_EMONEY);
    assert_int_equal(support_end(l, a), 20270715);
    /* shortened after the old end: support ends on the refund date */
    o.amount = 0;
    o.support = SUP_REFUND_SHORTEN_SUPPORT;
    assert_int_equal(sup_ledger_refund_payment(l, ACTOR, event_of(l, "rb"), 20260901, "cancelled", &o, NULL), SUP_OK);
    assert_int_equal(support_end(l, b), 20260901);
    periods_agree(l, b);
    sup_status *st = NULL;
    assert_int_equal(sup_status_new(&st), SUP_OK);
    assert_int_equal(sup_ledger_license_status(l, b, 20260902, st), SUP_OK);
    assert_int_equal(sup_status_state(st), SUP_STATE_GRACE);
    /* shortened before the old end: support keeps the end it had without the renewal */
    assert_int_equal(sup_ledger_refund_payment(l, ACTOR, event_of(l, "rc"), 20260705, "cancelled", &o, NULL), SUP_OK);
    assert_int_equal(support_end(l, c), 20260715);
    periods_agree(l, c);
    /* not when a later event depends on the payment */
    sup_quote_free(renew(l, a, 20260801, "ra2"));
    sup_quote_free(renew(l, a, 20260802, "ra3"));
    o.amount = 100;
    assert_int_equal(sup_ledger_refund_payment(l, ACTOR, event_of(l, "ra2"), 20260803, "x", &o, NULL), SUP_ESTATE);
    assert_non_null(strstr(sup_error_message(), "cannot be refunded with shortened support"));
    o.amount = 0;
    /* the payments list shows each refund as money back */
    sup_cursor *cur = NULL;
    assert_int_equal(sup_ledger_list_payments(l, 20260705, 20260711, &cur), SUP_OK);
    sup_money back = 0;
    int refunds = 0;
    while (sup_cursor_next(cur) == 1)
        if (sup_cursor_int64(cur, SUP_PAYCOL_CORRECTION_KIND) == SUP_CORRECTION_REFUND) {
            refunds++;
            back += sup_cursor_int64(cur, SUP_PAYCOL_AMOUNT);
        }
    sup_cursor_free(cur);
    assert_int_equal(refunds, 3);
    assert_int_equal(back, -(199800 + 199800));
    assert_int_equal(audit_actions(l, "refund"), 4);
    /* bad options */
    o.version = 5;
    assert_int_equal(sup_ledger_refund_payment(l, ACTOR, 1, 20260802, "x", &o, NULL), SUP_EINVAL);
    o.version = SUP_REFUND_OPTIONS_VERSION;
    o.amount = -1;
    assert_int_equal(sup_ledger_refund_payment(l, ACTOR, 1, 20260802, "x", &o, NULL), SUP_EMONEY);
    assert_string_equal(sup_refund_support_name(SUP_REFUND_SHORTEN_SUPPORT), "shorten");
    assert_string_equal(sup_correction_kind_name(SUP_CORRECTION_DISCOUNT), "discount");
    sup_status_free(st);
    sup_ledger_close(l);
}

static void a_sale_at_an_agreed_price_records_the_discount_and_the_reason(void **state)
{
    (void)state;
    tmp_ledger t;
    tmp_init(&t);
    sup_ledger *l = open_new(&t);
    sup_id p = add_seed_product(l, "R");
    sup_id c = add_customer(l, "A");
    sup_id lic = 0;
    assert_int_equal(sup_ledger_sell(l, ACTOR, "s-1", c, p, 20260115, 500000, &lic), SUP_EMISMATCH);
    assert_int_equal(sup_ledger_sell_at_price(l, ACTOR, "s-1", c, p, 20260115, 500000, "", &lic), SUP_EINVAL);
    assert_int_equal(sup_ledger_sell_at_price(l, "manager:oleg", "s-1", c, p, 20260115, 500000,
                                              "agreed with the director, letter of 10.01.2026", &lic),
                     SUP_OK);
    sup_id again = 0;
    assert_int_equal(sup_ledger_sell_at_price(l, ACTOR, "s-1", c, p, 20260115, 500000, "retry", &again), SUP_OK);
    assert_int_equal(again, lic);
    assert_int_equal(support_end(l, lic), 20260715);
    sup_cursor *cur = NULL;
    assert_int_equal(sup_ledger_list_payments(l, 20260101, 20261231, &cur), SUP_OK);
    assert_int_equal(sup_cursor_next(cur), 1);
    assert_int_equal(sup_cursor_int64(cur, SUP_PAYCOL_AMOUNT), 500000);
    assert_int_equal(sup_cursor_int64(cur, SUP_PAYCOL_CORRECTION_KIND), SUP_CORRECTION_DISCOUNT);
    assert_int_equal(sup_cursor_int64(cur, SUP_PAYCOL_DISCOUNT), 299000);
    assert_string_equal(sup_cursor_text(cur, SUP_PAYCOL_REASON), "agreed with the director, letter of 10.01.2026");
    assert_int_equal(sup_cursor_next(cur), 0);
    sup_cursor_free(cur);
    /* at the list price it is a plain sale */
    assert_int_equal(sup_ledger_sell_at_price(l, ACTOR, "s-2", c, p, 20260116, 799000, "list", &lic), SUP_OK);
    assert_int_equal(raw_int(t.path, "SELECT count(*) FROM correction"), 1);
    assert_int_equal(audit_actions(l, "sell"), 2);
    sup_ledger_close(l);
    /* corrections are history */
    assert_int_not_equal(raw_exec(t.path, "UPDATE correction SET amount = 0"), 0);
    assert_int_not_equal(raw_exec(t.path, "DELETE FROM correction"), 0);
    assert_storage_intact(t.path);
    tmp_cleanup(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_void_makes_the_ledger_answer_as_if_the_payment_never_happened),
        cmocka_unit_test(a_void_is_refused_while_something_depends_on_the_payment),
        cmocka_unit_test(voiding_a_sale_voids_its_license),
        cmocka_unit_test(a_refund_keeps_or_shortens_support_as_decided),
        cmocka_unit_test(a_sale_at_an_agreed_price_records_the_discount_and_the_reason),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
