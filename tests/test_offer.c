/* The offer: one answer for a license on a date — the renewal of a perpetual
 * license, the next payment of a subscription, or no offer and why — from the
 * core (sup_license_offer) and from the ledger (sup_ledger_offer). */
#include "ledger_test_util.h"

/* ---- fixtures ---------------------------------------------------------------- */

static sup_product *product(sup_license_kind kind, int months, sup_date effective, sup_money price)
{
    sup_product *p = NULL;
    assert_int_equal(sup_product_new(kind, months, &p), SUP_OK);
    assert_int_equal(sup_product_set_price(p, effective, price), SUP_OK);
    return p;
}

static sup_license *license(const sup_product *p, sup_date purchased)
{
    sup_license *l = NULL;
    assert_int_equal(sup_license_new(p, purchased, &l), SUP_OK);
    return l;
}

static sup_offer *offer_new(void)
{
    sup_offer *o = NULL;
    assert_int_equal(sup_offer_new(&o), SUP_OK);
    return o;
}

/* Every field of two quotes is equal. */
static void assert_same_quote(const sup_quote *a, const sup_quote *b)
{
    assert_non_null(a);
    assert_non_null(b);
    assert_int_equal(sup_quote_kind_of(a), sup_quote_kind_of(b));
    assert_int_equal(sup_quote_on(a), sup_quote_on(b));
    assert_int_equal(sup_quote_rate(a), sup_quote_rate(b));
    assert_int_equal(sup_quote_list_price(a), sup_quote_list_price(b));
    assert_int_equal(sup_quote_fee(a), sup_quote_fee(b));
    assert_int_equal(sup_quote_support_until(a), sup_quote_support_until(b));
    assert_int_equal(sup_quote_new_support_until(a), sup_quote_new_support_until(b));
    assert_int_equal(sup_quote_valid_through(a), sup_quote_valid_through(b));
}

static void assert_no_offer(const sup_offer *o, sup_date on, sup_offer_reason reason)
{
    assert_int_equal(sup_offer_kind_of(o), SUP_OFFER_NONE);
    assert_int_equal(sup_offer_reason_of(o), reason);
    assert_int_equal(sup_offer_on(o), on);
    assert_null(sup_offer_quote(o));
}

/* ---- the core ------------------------------------------------------------------ */

static void a_perpetual_license_is_offered_its_renewal_quote(void **state)
{
    (void)state;
    sup_product *p = product(SUP_LICENSE_PERPETUAL, 6, 20200101, 799000);
    sup_license *l = license(p, 20260115); /* support through 2026-07-15 */
    sup_offer *o = offer_new();
    sup_quote *q = NULL;
    assert_int_equal(sup_quote_new(&q), SUP_OK);
    const sup_date days[] = {20260115, 20260701, 20260715, 20260815, 20260816, 20300101};
    for (size_t i = 0; i < sizeof days / sizeof days[0]; i++) {
        assert_int_equal(sup_license_offer(l, p, NULL, days[i], o), SUP_OK);
        assert_int_equal(sup_offer_kind_of(o), SUP_OFFER_RENEWAL);
        assert_int_equal(sup_offer_reason_of(o), SUP_OFFER_REASON_NONE);
        assert_int_equal(sup_offer_on(o), days[i]);
        assert_int_equal(sup_license_quote(l, p, NULL, days[i], q), SUP_OK);
        assert_same_quote(sup_offer_quote(o), q);
    }
    /* the seed example: preferential 1998 rub in the window, standard 3596 after it */
    assert_int_equal(sup_license_offer(l, p, NULL, 20260801, o), SUP_OK);
    assert_int_equal(sup_quote_kind_of(sup_offer_quote(o)), SUP_QUOTE_PREFERENTIAL);
    assert_int_equal(sup_quote_fee(sup_offer_quote(o)), 199800);
    assert_int_equal(sup_license_offer(l, p, NULL, 20260816, o), SUP_OK);
    assert_int_equal(sup_quote_kind_of(sup_offer_quote(o)), SUP_QUOTE_STANDARD);
    assert_int_equal(sup_quote_fee(sup_offer_quote(o)), 359600);
    /* the policy is the caller's: 40% reproduces the page's 3196 */
    sup_policy *pol = NULL;
    assert_int_equal(sup_policy_parse("standard_rate_bp = 4000\n", &pol), SUP_OK);
    assert_int_equal(sup_license_offer(l, p, pol, 20260816, o), SUP_OK);
    assert_int_equal(sup_quote_fee(sup_offer_quote(o)), 319600);
    sup_policy_free(pol);
    sup_quote_free(q);
    sup_offer_free(o);
    sup_license_free(l);
    sup_product_free(p);
}

static void a_subscription_is_offered_its_next_payment(void **state)
{
    (void)state;
    sup_product *p = product(SUP_LICENSE_SUBSCRIPTION_MONTHLY, 1, 20200101, 99000);
    sup_license *l = license(p, 20260110); /* paid through 2026-02-10 */
    sup_offer *o = offer_new();
    sup_quote *q = NULL;
    assert_int_equal(sup_quote_new(&q), SUP_OK);
    const sup_date days[] = {20260110, 20260210, 20260211, 20270101};
    for (size_t i = 0; i < sizeof days / sizeof days[0]; i++) {
        assert_int_equal(sup_license_offer(l, p, NULL, days[i], o), SUP_OK);
        assert_int_equal(sup_offer_kind_of(o), SUP_OFFER_PAYMENT);
        assert_int_equal(sup_offer_reason_of(o), SUP_OFFER_REASON_NONE);
        assert_int_equal(sup_license_quote_payment(l, p, days[i], q), SUP_OK);
        assert_same_quote(sup_offer_quote(o), q);
        assert_int_equal(sup_quote_kind_of(sup_offer_quote(o)), SUP_QUOTE_SUBSCRIPTION);
        assert_int_equal(sup_quote_fee(sup_offer_quote(o)), 99000);
    }
    sup_quote_free(q);
    sup_offer_free(o);
    sup_license_free(l);
    sup_product_free(p);
}

static void before_the_purchase_there_is_no_offer(void **state)
{
    (void)state;
    sup_product *p = product(SUP_LICENSE_PERPETUAL, 6, 20200101, 799000);
    sup_product *s = product(SUP_LICENSE_SUBSCRIPTION_YEARLY, 12, 20200101, 500000);
    sup_license *l = license(p, 20260115), *ls = license(s, 20260115);
    sup_offer *o = offer_new();
    assert_int_equal(sup_license_offer(l, p, NULL, 20260114, o), SUP_OK);
    assert_no_offer(o, 20260114, SUP_OFFER_REASON_NOT_OWNED);
    assert_int_equal(sup_license_offer(ls, s, NULL, 19000101, o), SUP_OK);
    assert_no_offer(o, 19000101, SUP_OFFER_REASON_NOT_OWNED);
    /* the purchase day itself has an offer */
    assert_int_equal(sup_license_offer(ls, s, NULL, 20260115, o), SUP_OK);
    assert_int_equal(sup_offer_kind_of(o), SUP_OFFER_PAYMENT);
    sup_offer_free(o);
    sup_license_free(l);
    sup_license_free(ls);
    sup_product_free(p);
    sup_product_free(s);
}

static void without_a_price_on_the_date_there_is_no_offer(void **state)
{
    (void)state;
    sup_product *p = product(SUP_LICENSE_PERPETUAL, 6, 20200101, 799000);
    sup_license *l = license(p, 20260115);
    sup_product *later = product(SUP_LICENSE_PERPETUAL, 6, 20270101, 799000); /* no price in 2026 */
    sup_product *sub = product(SUP_LICENSE_SUBSCRIPTION_MONTHLY, 1, 20200101, 99000);
    sup_license *ls = license(sub, 20260115);
    sup_product *sub_later = product(SUP_LICENSE_SUBSCRIPTION_MONTHLY, 1, 20270101, 99000);
    sup_offer *o = offer_new();
    assert_int_equal(sup_license_offer(l, later, NULL, 20261231, o), SUP_OK);
    assert_no_offer(o, 20261231, SUP_OFFER_REASON_NO_PRICE);
    assert_int_equal(sup_license_offer(l, later, NULL, 20270101, o), SUP_OK); /* the price's first day */
    assert_int_equal(sup_offer_kind_of(o), SUP_OFFER_RENEWAL);
    assert_int_equal(sup_license_offer(ls, sub_later, NULL, 20260601, o), SUP_OK);
    assert_no_offer(o, 20260601, SUP_OFFER_REASON_NO_PRICE);
    sup_offer_free(o);
    sup_license_free(l);
    sup_license_free(ls);
    sup_product_free(p);
    sup_product_free(later);
    sup_product_free(sub);
    sup_product_free(sub_later);
}

/* B7: at the calendar's end the renewal would end after 9999-12-31: no offer, and why. */
static void a_renewal_past_the_calendar_is_no_offer(void **state)
{
    (void)state;
    sup_product *p = product(SUP_LICENSE_PERPETUAL, 6, 20200101, 799000);
    sup_license *l = license(p, 20260115);
    assert_int_equal(sup_license_add_period(l, 20260301, 99991215), SUP_OK);
    sup_offer *o = offer_new();
    const sup_date days[] = {20260301, 99981215, 99991201, 99991215, 99991216, 99991231};
    for (size_t i = 0; i < sizeof days / sizeof days[0]; i++) {
        assert_int_equal(sup_license_offer(l, p, NULL, days[i], o), SUP_OK);
        assert_no_offer(o, days[i], SUP_OFFER_REASON_OUT_OF_CALENDAR);
    }
    /* a monthly subscription paid through the calendar's last month */
    sup_product *s = product(SUP_LICENSE_SUBSCRIPTION_MONTHLY, 1, 20200101, 99000);
    sup_license *ls = license(s, 99991120); /* paid through 9999-12-20 */
    assert_int_equal(sup_license_offer(ls, s, NULL, 99991201, o), SUP_OK);
    assert_no_offer(o, 99991201, SUP_OFFER_REASON_OUT_OF_CALENDAR);
    assert_int_equal(sup_license_offer(ls, s, NULL, 99991130, o), SUP_OK);
    assert_no_offer(o, 99991130, SUP_OFFER_REASON_OUT_OF_CALENDAR);
    sup_offer_free(o);
    sup_license_free(l);
    sup_license_free(ls);
    sup_product_free(p);
    sup_product_free(s);
}

static void a_fee_that_overflows_is_no_offer(void **state)
{
    (void)state;
    sup_product *p = product(SUP_LICENSE_PERPETUAL, 6, 20200101, INT64_MAX / 1000);
    sup_license *l = license(p, 20260115);
    sup_offer *o = offer_new();
    assert_int_equal(sup_license_offer(l, p, NULL, 20260301, o), SUP_OK);
    assert_no_offer(o, 20260301, SUP_OFFER_REASON_FEE_OVERFLOW);
    sup_offer_free(o);
    sup_license_free(l);
    sup_product_free(p);
}

static void bad_arguments_fail_and_leave_no_offer(void **state)
{
    (void)state;
    sup_product *p = product(SUP_LICENSE_PERPETUAL, 6, 20200101, 799000);
    sup_product *s = product(SUP_LICENSE_SUBSCRIPTION_MONTHLY, 1, 20200101, 99000);
    sup_license *l = license(p, 20260115);
    sup_offer *o = offer_new();
    assert_int_equal(sup_license_offer(l, p, NULL, 20260301, o), SUP_OK);
    assert_non_null(sup_offer_quote(o));
    assert_int_equal(sup_license_offer(l, p, NULL, 20260230, o), SUP_EDATE);
    assert_no_offer(o, 20260230, SUP_OFFER_REASON_NONE);
    assert_non_null(strstr(sup_error_message(), "offer date: invalid date 20260230"));
    assert_int_equal(sup_license_offer(l, s, NULL, 20260301, o), SUP_EINVAL);
    assert_non_null(strstr(sup_error_message(), "the product is subscription_monthly but the license is perpetual"));
    assert_null(sup_offer_quote(o));
    assert_int_equal(sup_license_offer(NULL, p, NULL, 20260301, o), SUP_EINVAL);
    assert_int_equal(sup_license_offer(l, NULL, NULL, 20260301, o), SUP_EINVAL);
    assert_int_equal(sup_license_offer(l, p, NULL, 20260301, NULL), SUP_EINVAL);
    assert_int_equal(sup_offer_new(NULL), SUP_EINVAL);
    /* the getters are NULL-safe */
    assert_int_equal(sup_offer_kind_of(NULL), SUP_OFFER_NONE);
    assert_int_equal(sup_offer_reason_of(NULL), SUP_OFFER_REASON_NONE);
    assert_int_equal(sup_offer_on(NULL), SUP_DATE_NONE);
    assert_null(sup_offer_quote(NULL));
    sup_offer_free(NULL);
    /* a new offer is no offer */
    sup_offer *fresh = offer_new();
    assert_no_offer(fresh, SUP_DATE_NONE, SUP_OFFER_REASON_NONE);
    sup_offer_free(fresh);
    sup_offer_free(o);
    sup_license_free(l);
    sup_product_free(p);
    sup_product_free(s);
}

static void names_of_offer_kinds_and_reasons(void **state)
{
    (void)state;
    assert_string_equal(sup_offer_kind_name(SUP_OFFER_NONE), "none");
    assert_string_equal(sup_offer_kind_name(SUP_OFFER_RENEWAL), "renewal");
    assert_string_equal(sup_offer_kind_name(SUP_OFFER_PAYMENT), "payment");
    assert_string_equal(sup_offer_kind_name((sup_offer_kind)3), "");
    assert_string_equal(sup_offer_reason_name(SUP_OFFER_REASON_NONE), "none");
    assert_string_equal(sup_offer_reason_name(SUP_OFFER_REASON_NOT_OWNED), "not_owned");
    assert_string_equal(sup_offer_reason_name(SUP_OFFER_REASON_NO_PRICE), "no_price");
    assert_string_equal(sup_offer_reason_name(SUP_OFFER_REASON_NO_POLICY), "no_policy");
    assert_string_equal(sup_offer_reason_name(SUP_OFFER_REASON_OUT_OF_CALENDAR), "out_of_calendar");
    assert_string_equal(sup_offer_reason_name(SUP_OFFER_REASON_FEE_OVERFLOW), "fee_overflow");
    assert_string_equal(sup_offer_reason_name((sup_offer_reason)6), "");
    assert_string_equal(sup_offer_reason_name((sup_offer_reason)-1), "");
}

static void a_quote_clone_is_an_independent_copy(void **state)
{
    (void)state;
    sup_product *p = product(SUP_LICENSE_PERPETUAL, 6, 20200101, 799000);
    sup_license *l = license(p, 20260115);
    sup_offer *o = offer_new();
    assert_int_equal(sup_license_offer(l, p, NULL, 20260701, o), SUP_OK);
    sup_quote *copy = NULL;
    assert_int_equal(sup_quote_clone(sup_offer_quote(o), &copy), SUP_OK);
    assert_int_equal(sup_license_offer(l, p, NULL, 20260101, o), SUP_OK); /* the offer changes ... */
    assert_int_equal(sup_quote_fee(copy), 199800);                         /* ... the copy does not */
    assert_int_equal(sup_quote_on(copy), 20260701);
    sup_quote_free(copy);
    assert_int_equal(sup_quote_clone(NULL, &copy), SUP_EINVAL);
    assert_null(copy);
    assert_int_equal(sup_quote_clone(sup_offer_quote(o), NULL), SUP_EINVAL);
    sup_offer_free(o);
    sup_license_free(l);
    sup_product_free(p);
}

/* ---- the ledger -------------------------------------------------------------------- */

typedef struct {
    tmp_ledger t;
    sup_ledger *l;
    sup_id perp, sub, lic, slic;
} lfx;

static int ledger_setup(void **state)
{
    lfx *f = calloc(1, sizeof *f);
    if (f == NULL)
        return -1;
    tmp_init(&f->t);
    f->l = open_new(&f->t);
    f->perp = add_seed_product(f->l, "REP");
    assert_int_equal(sup_ledger_set_price(f->l, ACTOR, f->perp, 20260801, 899000), SUP_OK);
    assert_int_equal(sup_ledger_add_product(f->l, ACTOR, "SUB", "Подписка", SUP_LICENSE_SUBSCRIPTION_MONTHLY, 1,
                                            &f->sub),
                     SUP_OK);
    assert_int_equal(sup_ledger_set_price(f->l, ACTOR, f->sub, 20200101, 99000), SUP_OK);
    sup_id c = add_customer(f->l, "C1");
    f->lic = sell(f->l, c, f->perp, 20260115);
    f->slic = sell(f->l, c, f->sub, 20260131);
    *state = f;
    return 0;
}

static int ledger_teardown(void **state)
{
    lfx *f = *state;
    sup_ledger_close(f->l);
    tmp_cleanup(&f->t);
    free(f);
    return 0;
}

/* The ledger's offer is its quote: price history and every policy version included. */
static void the_ledger_offers_the_quote_with_its_history(void **state)
{
    lfx *f = *state;
    sup_policy *pol = NULL;
    assert_int_equal(sup_policy_parse("preferential_rate_bp = 2000\n", &pol), SUP_OK);
    assert_int_equal(sup_ledger_add_policy(f->l, ACTOR, 20260720, pol, NULL), SUP_OK);
    sup_policy_free(pol);
    sup_offer *o = offer_new();
    sup_quote *q = NULL;
    assert_int_equal(sup_quote_new(&q), SUP_OK);
    for (sup_date d = 20260115; d <= 20261231; d = d % 100 >= 28 ? d + 100 - d % 100 + 1 : d + 3) {
        if (!sup_date_is_valid(d))
            continue;
        assert_int_equal(sup_ledger_offer(f->l, f->lic, d, o), SUP_OK);
        assert_int_equal(sup_offer_kind_of(o), SUP_OFFER_RENEWAL);
        assert_int_equal(sup_ledger_quote_renewal(f->l, f->lic, d, q), SUP_OK);
        assert_same_quote(sup_offer_quote(o), q);
        assert_int_equal(sup_ledger_offer(f->l, f->slic, d < 20260131 ? 20260131 : d, o), SUP_OK);
        assert_int_equal(sup_offer_kind_of(o), SUP_OFFER_PAYMENT);
        assert_int_equal(sup_ledger_quote_payment(f->l, f->slic, d < 20260131 ? 20260131 : d, q), SUP_OK);
        assert_same_quote(sup_offer_quote(o), q);
    }
    /* in the window before the new version: 25%, holding through the day before it (2026-07-19) */
    assert_int_equal(sup_ledger_offer(f->l, f->lic, 20260716, o), SUP_OK);
    assert_int_equal(sup_quote_fee(sup_offer_quote(o)), 199800);
    assert_int_equal(sup_quote_valid_through(sup_offer_quote(o)), 20260719);
    /* under the new version: 20% of 7990 = 1598, then of 8990 = 1798 from the price change */
    assert_int_equal(sup_ledger_offer(f->l, f->lic, 20260720, o), SUP_OK);
    assert_int_equal(sup_quote_fee(sup_offer_quote(o)), 159800);
    assert_int_equal(sup_quote_valid_through(sup_offer_quote(o)), 20260731);
    assert_int_equal(sup_ledger_offer(f->l, f->lic, 20260801, o), SUP_OK);
    assert_int_equal(sup_quote_fee(sup_offer_quote(o)), 179800);
    sup_quote_free(q);
    sup_offer_free(o);
}

static void the_ledger_says_why_there_is_no_offer(void **state)
{
    lfx *f = *state;
    sup_offer *o = offer_new();
    assert_int_equal(sup_ledger_offer(f->l, f->lic, 20260114, o), SUP_OK);
    assert_no_offer(o, 20260114, SUP_OFFER_REASON_NOT_OWNED);
    assert_int_equal(sup_ledger_offer(f->l, f->slic, 20260130, o), SUP_OK);
    assert_no_offer(o, 20260130, SUP_OFFER_REASON_NOT_OWNED);
    /* support recorded through the calendar's last month: a renewal would end after 9999-12-31 */
    assert_int_equal(sup_ledger_record_period(f->l, ACTOR, f->lic, 20260301, 99991215), SUP_OK);
    assert_int_equal(sup_ledger_offer(f->l, f->lic, 99991201, o), SUP_OK);
    assert_no_offer(o, 99991201, SUP_OFFER_REASON_OUT_OF_CALENDAR);
    assert_int_equal(sup_ledger_offer(f->l, f->lic, 99991231, o), SUP_OK);
    assert_no_offer(o, 99991231, SUP_OFFER_REASON_OUT_OF_CALENDAR);
    sup_offer_free(o);
}

static void the_ledger_offer_fails_only_on_bad_arguments_and_unknown_licenses(void **state)
{
    lfx *f = *state;
    sup_offer *o = offer_new();
    assert_int_equal(sup_ledger_offer(f->l, f->lic, 20260301, o), SUP_OK);
    assert_int_equal(sup_ledger_offer(f->l, 999, 20260301, o), SUP_ENOTFOUND);
    assert_non_null(strstr(sup_error_message(), "999"));
    assert_no_offer(o, 20260301, SUP_OFFER_REASON_NONE);
    assert_int_equal(sup_ledger_offer(f->l, 0, 20260301, o), SUP_ENOTFOUND);
    assert_int_equal(sup_ledger_offer(f->l, f->lic, 20261301, o), SUP_EDATE);
    assert_no_offer(o, 20261301, SUP_OFFER_REASON_NONE);
    assert_int_equal(sup_ledger_offer(NULL, f->lic, 20260301, o), SUP_EINVAL);
    assert_int_equal(sup_ledger_offer(f->l, f->lic, 20260301, NULL), SUP_EINVAL);
    sup_offer_free(o);
}

/* A license bought before its product's first price (history imported behind the API): no price, no offer. */
static void the_ledger_offers_nothing_without_a_price(void **state)
{
    lfx *f = *state;
    char sql[512];
    snprintf(sql, sizeof sql,
             "INSERT INTO license(customer_id, product_id, kind, purchased) VALUES (1, %lld, 0, 20190601);"
             "INSERT INTO license_event(license_id, kind, on_date, support_until, amount, actor)"
             " VALUES ((SELECT max(id) FROM license), 0, 20190601, 20191201, 0, 'import');",
             (long long)f->perp);
    assert_int_equal(raw_exec(f->t.path, sql), SQLITE_OK);
    sup_id lic = raw_int(f->t.path, "SELECT max(id) FROM license");
    sup_offer *o = offer_new();
    assert_int_equal(sup_ledger_offer(f->l, lic, 20191231, o), SUP_OK);
    assert_no_offer(o, 20191231, SUP_OFFER_REASON_NO_PRICE);
    assert_int_equal(sup_ledger_offer(f->l, lic, 20200101, o), SUP_OK); /* the first price's day */
    assert_int_equal(sup_offer_kind_of(o), SUP_OFFER_RENEWAL);
    assert_int_equal(sup_quote_kind_of(sup_offer_quote(o)), SUP_QUOTE_PREFERENTIAL); /* the window's last day */
    assert_int_equal(sup_ledger_offer(f->l, lic, 20190531, o), SUP_OK);
    assert_no_offer(o, 20190531, SUP_OFFER_REASON_NOT_OWNED);
    sup_offer_free(o);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_perpetual_license_is_offered_its_renewal_quote),
        cmocka_unit_test(a_subscription_is_offered_its_next_payment),
        cmocka_unit_test(before_the_purchase_there_is_no_offer),
        cmocka_unit_test(without_a_price_on_the_date_there_is_no_offer),
        cmocka_unit_test(a_renewal_past_the_calendar_is_no_offer),
        cmocka_unit_test(a_fee_that_overflows_is_no_offer),
        cmocka_unit_test(bad_arguments_fail_and_leave_no_offer),
        cmocka_unit_test(names_of_offer_kinds_and_reasons),
        cmocka_unit_test(a_quote_clone_is_an_independent_copy),
        cmocka_unit_test_setup_teardown(the_ledger_offers_the_quote_with_its_history, ledger_setup, ledger_teardown),
        cmocka_unit_test_setup_teardown(the_ledger_says_why_there_is_no_offer, ledger_setup, ledger_teardown),
        cmocka_unit_test_setup_teardown(the_ledger_offer_fails_only_on_bad_arguments_and_unknown_licenses,
                                        ledger_setup, ledger_teardown),
        cmocka_unit_test_setup_teardown(the_ledger_offers_nothing_without_a_price, ledger_setup, ledger_teardown),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
