/* Products: kinds, support terms and the list price history. */
#include <libsupport.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

static void new_product_checks_kind_and_support_term(void **state)
{
    (void)state;
    sup_product *p = NULL;
    assert_int_equal(sup_product_new(SUP_LICENSE_PERPETUAL, 6, &p), SUP_OK);
    assert_int_equal(sup_product_kind(p), SUP_LICENSE_PERPETUAL);
    assert_int_equal(sup_product_support_months(p), 6);
    assert_int_equal(sup_product_period_months(p), 0);
    sup_product_free(p);
    assert_int_equal(sup_product_new(SUP_LICENSE_SUBSCRIPTION_MONTHLY, 0, &p), SUP_OK);
    assert_int_equal(sup_product_support_months(p), 1);
    assert_int_equal(sup_product_period_months(p), 1);
    sup_product_free(p);
    assert_int_equal(sup_product_new(SUP_LICENSE_SUBSCRIPTION_YEARLY, 12, &p), SUP_OK);
    assert_int_equal(sup_product_period_months(p), 12);
    sup_product_free(p);
    assert_int_equal(sup_product_new(SUP_LICENSE_SUBSCRIPTION_YEARLY, 6, &p), SUP_ERANGE);
    assert_null(p);
    assert_int_equal(sup_product_new(SUP_LICENSE_PERPETUAL, -2, &p), SUP_ERANGE);
    assert_non_null(strstr(sup_error_message(), "support term of -2 months is outside 0…1200"));
    assert_int_equal(sup_product_new(SUP_LICENSE_PERPETUAL, 1201, &p), SUP_ERANGE);
    assert_int_equal(sup_product_new((sup_license_kind)3, 6, &p), SUP_EINVAL);
    assert_int_equal(sup_product_new(SUP_LICENSE_PERPETUAL, 6, NULL), SUP_EINVAL);
}

/* SUP_SUPPORT_MONTHS_DEFAULT: the default policy's default_support_months, or a subscription's period. */
static void the_default_support_term_comes_from_the_default_policy(void **state)
{
    (void)state;
    sup_product *p = NULL;
    sup_policy *pol = NULL;
    assert_int_equal(sup_policy_new(&pol), SUP_OK);
    assert_int_equal(sup_product_new(SUP_LICENSE_PERPETUAL, SUP_SUPPORT_MONTHS_DEFAULT, &p), SUP_OK);
    assert_int_equal(sup_product_support_months(p), sup_policy_default_support_months(pol));
    assert_int_equal(sup_product_support_months(p), 6);
    sup_product_free(p);
    assert_int_equal(sup_product_new(SUP_LICENSE_SUBSCRIPTION_MONTHLY, SUP_SUPPORT_MONTHS_DEFAULT, &p), SUP_OK);
    assert_int_equal(sup_product_support_months(p), 1);
    sup_product_free(p);
    assert_int_equal(sup_product_new(SUP_LICENSE_SUBSCRIPTION_YEARLY, SUP_SUPPORT_MONTHS_DEFAULT, &p), SUP_OK);
    assert_int_equal(sup_product_support_months(p), 12);
    sup_product_free(p);
    assert_int_equal(sup_product_new(SUP_LICENSE_SUBSCRIPTION_YEARLY, -2, &p), SUP_ERANGE);
    sup_policy_free(pol);
}

static void price_on_a_date_is_the_last_price_in_force(void **state)
{
    (void)state;
    sup_product *p = NULL;
    assert_int_equal(sup_product_new(SUP_LICENSE_PERPETUAL, 6, &p), SUP_OK);
    assert_int_equal(sup_product_set_price(p, 20260301, 899000), SUP_OK); /* out of order on purpose */
    assert_int_equal(sup_product_set_price(p, 20250101, 799000), SUP_OK);
    assert_int_equal(sup_product_set_price(p, 20270101, 999000), SUP_OK);
    sup_money m = 0;
    assert_int_equal(sup_product_price_on(p, 20250101, &m), SUP_OK);
    assert_int_equal(m, 799000);
    assert_int_equal(sup_product_price_on(p, 20260228, &m), SUP_OK);
    assert_int_equal(m, 799000);
    assert_int_equal(sup_product_price_on(p, 20260301, &m), SUP_OK); /* the day it takes effect */
    assert_int_equal(m, 899000);
    assert_int_equal(sup_product_price_on(p, 20261231, &m), SUP_OK);
    assert_int_equal(m, 899000);
    assert_int_equal(sup_product_price_on(p, SUP_DATE_MAX, &m), SUP_OK);
    assert_int_equal(m, 999000);
    assert_int_equal(sup_product_price_count(p), 3);
    sup_date eff;
    sup_money price;
    assert_int_equal(sup_product_price_at(p, 1, &eff, &price), SUP_OK);
    assert_int_equal(eff, 20260301);
    assert_int_equal(price, 899000);
    assert_int_equal(sup_product_price_at(p, 3, &eff, &price), SUP_ENOTFOUND);
    sup_product_free(p);
}

static void price_before_the_first_price_is_an_error(void **state)
{
    (void)state;
    sup_product *p = NULL;
    assert_int_equal(sup_product_new(SUP_LICENSE_PERPETUAL, 6, &p), SUP_OK);
    sup_money m = 17;
    assert_int_equal(sup_product_price_on(p, 20260101, &m), SUP_ENOTFOUND);
    assert_non_null(strstr(sup_error_message(), "no prices"));
    assert_int_equal(sup_product_set_price(p, 20250101, 799000), SUP_OK);
    assert_int_equal(sup_product_price_on(p, 20241231, &m), SUP_ENOTFOUND);
    assert_non_null(strstr(sup_error_message(), "2025-01-01"));
    assert_int_equal(m, 17);
    sup_product_free(p);
}

static void setting_a_price_on_the_same_date_replaces_it(void **state)
{
    (void)state;
    sup_product *p = NULL;
    assert_int_equal(sup_product_new(SUP_LICENSE_PERPETUAL, 6, &p), SUP_OK);
    assert_int_equal(sup_product_set_price(p, 20250101, 799000), SUP_OK);
    assert_int_equal(sup_product_set_price(p, 20250101, 699000), SUP_OK);
    assert_int_equal(sup_product_price_count(p), 1);
    sup_money m;
    assert_int_equal(sup_product_price_on(p, 20250101, &m), SUP_OK);
    assert_int_equal(m, 699000);
    sup_product_free(p);
}

static void bad_prices_and_dates_are_rejected(void **state)
{
    (void)state;
    sup_product *p = NULL;
    assert_int_equal(sup_product_new(SUP_LICENSE_PERPETUAL, 6, &p), SUP_OK);
    assert_int_equal(sup_product_set_price(p, 20250101, -1), SUP_EMONEY);
    assert_int_equal(sup_product_set_price(p, 20250230, 100), SUP_EDATE);
    assert_int_equal(sup_product_set_price(p, 18991231, 100), SUP_EDATE);
    assert_int_equal(sup_product_price_count(p), 0);
    assert_int_equal(sup_product_set_price(p, 20250101, 0), SUP_OK); /* free products exist */
    sup_money m;
    assert_int_equal(sup_product_price_on(p, 20250132, &m), SUP_EDATE);
    sup_product_free(p);
}

static void many_prices_stay_sorted_and_clone_is_deep(void **state)
{
    (void)state;
    sup_product *p = NULL, *c = NULL;
    assert_int_equal(sup_product_new(SUP_LICENSE_PERPETUAL, 6, &p), SUP_OK);
    for (int i = 99; i >= 0; i--) /* 100 monthly prices, newest first */
        assert_int_equal(sup_product_set_price(p, 20200101 + (i / 12) * 10000 + (i % 12) * 100, 100000 + i), SUP_OK);
    assert_int_equal(sup_product_clone(p, &c), SUP_OK);
    assert_int_equal(sup_product_set_price(p, 20200101, 1), SUP_OK);
    sup_money m;
    assert_int_equal(sup_product_price_on(c, 20200115, &m), SUP_OK);
    assert_int_equal(m, 100000);
    assert_int_equal(sup_product_price_on(c, 20280415, &m), SUP_OK);
    assert_int_equal(m, 100099);
    sup_date prev = 0;
    for (size_t i = 0; i < sup_product_price_count(c); i++) {
        sup_date e;
        assert_int_equal(sup_product_price_at(c, i, &e, NULL), SUP_OK);
        assert_true(e > prev);
        prev = e;
    }
    sup_product_free(c);
    sup_product_free(p);
}

static void license_kind_names_round_trip(void **state)
{
    (void)state;
    for (int k = 0; k <= 2; k++) {
        sup_license_kind back;
        assert_int_equal(sup_license_kind_from_name(sup_license_kind_name((sup_license_kind)k), &back), SUP_OK);
        assert_int_equal((int)back, k);
    }
    sup_license_kind back;
    assert_int_equal(sup_license_kind_from_name("lifetime", &back), SUP_EINVAL);
    assert_string_equal(sup_license_kind_name(SUP_LICENSE_SUBSCRIPTION_MONTHLY), "subscription_monthly");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(new_product_checks_kind_and_support_term),
        cmocka_unit_test(the_default_support_term_comes_from_the_default_policy),
        cmocka_unit_test(price_on_a_date_is_the_last_price_in_force),
        cmocka_unit_test(price_before_the_first_price_is_an_error),
        cmocka_unit_test(setting_a_price_on_the_same_date_replaces_it),
        cmocka_unit_test(bad_prices_and_dates_are_rejected),
        cmocka_unit_test(many_prices_stay_sorted_and_clone_is_deep),
        cmocka_unit_test(license_kind_names_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
