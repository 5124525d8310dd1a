/* Money: fees rounded by unit and mode, overflow, parsing and formatting. */
#include <libsupport.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

static sup_money fee(sup_money price, sup_rate rate, sup_money unit, sup_rounding_mode mode)
{
    sup_money out = -1;
    assert_int_equal(sup_money_fee(price, rate, unit, mode, &out), SUP_OK);
    return out;
}

static void seed_example_rounds_1997_50_up_to_1998_rubles(void **state)
{
    (void)state;
    assert_int_equal(fee(799000, 2500, SUP_UNIT_RUBLE, SUP_ROUND_HALF_UP), 199800);
    assert_int_equal(fee(799000, 4500, SUP_UNIT_RUBLE, SUP_ROUND_HALF_UP), 359600); /* 3595.50 */
    assert_int_equal(fee(799000, 4000, SUP_UNIT_RUBLE, SUP_ROUND_HALF_UP), 319600);
}

static void half_up_rounds_exact_halves_away_from_zero_and_others_to_nearest(void **state)
{
    (void)state;
    assert_int_equal(fee(10000, 2500, SUP_UNIT_RUBLE, SUP_ROUND_HALF_UP), 2500);  /* exact */
    assert_int_equal(fee(10002, 2500, SUP_UNIT_RUBLE, SUP_ROUND_HALF_UP), 2500);  /* 25.005 -> 25 */
    assert_int_equal(fee(10198, 2500, SUP_UNIT_RUBLE, SUP_ROUND_HALF_UP), 2500);  /* 25.495 -> 25 */
    assert_int_equal(fee(10200, 2500, SUP_UNIT_RUBLE, SUP_ROUND_HALF_UP), 2600);  /* 25.50 -> 26 */
    assert_int_equal(fee(199, 5000, SUP_UNIT_KOPECK, SUP_ROUND_HALF_UP), 100);    /* 99.5 kop -> 100 */
}

static void half_even_rounds_halves_to_the_even_unit(void **state)
{
    (void)state;
    assert_int_equal(fee(799000, 2500, SUP_UNIT_RUBLE, SUP_ROUND_HALF_EVEN), 199800); /* 1997.5 -> 1998 */
    assert_int_equal(fee(798600, 2500, SUP_UNIT_RUBLE, SUP_ROUND_HALF_EVEN), 199600); /* 1996.5 -> 1996 */
    assert_int_equal(fee(798604, 2500, SUP_UNIT_RUBLE, SUP_ROUND_HALF_EVEN), 199700); /* 1996.51 -> 1997 */
}

static void up_and_down_round_towards_and_away_from_zero(void **state)
{
    (void)state;
    assert_int_equal(fee(799000, 2500, SUP_UNIT_RUBLE, SUP_ROUND_UP), 199800);
    assert_int_equal(fee(799000, 2500, SUP_UNIT_RUBLE, SUP_ROUND_DOWN), 199700);
    assert_int_equal(fee(400000, 2500, SUP_UNIT_RUBLE, SUP_ROUND_UP), 100000); /* exact stays */
    assert_int_equal(fee(400004, 2500, SUP_UNIT_RUBLE, SUP_ROUND_UP), 100100);
    assert_int_equal(fee(400004, 2500, SUP_UNIT_RUBLE, SUP_ROUND_DOWN), 100000);
}

static void other_units_round_to_kopecks_or_ten_rubles(void **state)
{
    (void)state;
    assert_int_equal(fee(799000, 2500, SUP_UNIT_KOPECK, SUP_ROUND_HALF_UP), 199750);
    assert_int_equal(fee(799000, 2500, SUP_UNIT_10_RUBLES, SUP_ROUND_HALF_UP), 200000); /* 1997.5 -> 2000 */
    assert_int_equal(fee(799000, 4500, SUP_UNIT_10_RUBLES, SUP_ROUND_HALF_UP), 360000); /* 3595.5 -> 3600 */
    assert_int_equal(fee(799000, 4500, SUP_UNIT_10_RUBLES, SUP_ROUND_DOWN), 359000);
}

static void zero_rate_zero_price_and_full_rate_are_exact(void **state)
{
    (void)state;
    assert_int_equal(fee(799000, 0, SUP_UNIT_RUBLE, SUP_ROUND_UP), 0);
    assert_int_equal(fee(0, 4500, SUP_UNIT_RUBLE, SUP_ROUND_UP), 0);
    assert_int_equal(fee(799050, 10000, SUP_UNIT_KOPECK, SUP_ROUND_HALF_UP), 799050);
}

static void fee_rejects_negative_price_bad_rate_bad_unit_and_overflow(void **state)
{
    (void)state;
    sup_money out = 42;
    assert_int_equal(sup_money_fee(-1, 2500, 100, SUP_ROUND_HALF_UP, &out), SUP_EMONEY);
    assert_non_null(strstr(sup_error_message(), "negative price"));
    assert_int_equal(sup_money_fee(100, 10001, 100, SUP_ROUND_HALF_UP, &out), SUP_ERANGE);
    assert_int_equal(sup_money_fee(100, -1, 100, SUP_ROUND_HALF_UP, &out), SUP_ERANGE);
    assert_int_equal(sup_money_fee(100, 2500, 0, SUP_ROUND_HALF_UP, &out), SUP_ERANGE);
    assert_int_equal(sup_money_fee(100, 2500, SUP_ROUNDING_UNIT_MAX + 1, SUP_ROUND_HALF_UP, &out), SUP_ERANGE);
    assert_int_equal(sup_money_fee(100, 2500, 100, (sup_rounding_mode)9, &out), SUP_EINVAL);
    assert_int_equal(sup_money_fee(INT64_MAX, 2500, 100, SUP_ROUND_HALF_UP, &out), SUP_EMONEY);
    assert_non_null(strstr(sup_error_message(), "overflows"));
    assert_int_equal(sup_money_fee(INT64_MAX / 10000 + 1, 10000, 100, SUP_ROUND_HALF_UP, &out), SUP_EMONEY);
    assert_int_equal(out, 42);
    /* the largest price that does not overflow at 100% */
    assert_int_equal(sup_money_fee(INT64_MAX / 10000, 10000, 1, SUP_ROUND_HALF_UP, &out), SUP_OK);
    assert_int_equal(out, INT64_MAX / 10000);
    /* huge but fine: 2^40 kopecks at 45% */
    assert_int_equal(sup_money_fee((sup_money)1 << 40, 4500, 100, SUP_ROUND_HALF_UP, &out), SUP_OK);
    assert_int_equal(out, 494780232500);
    assert_int_equal(sup_money_fee(100, 2500, 100, SUP_ROUND_HALF_UP, NULL), SUP_EINVAL);
}

static sup_money parse(const char *s)
{
    sup_money m = -777;
    assert_int_equal(sup_money_parse(s, &m), SUP_OK);
    return m;
}

static void parse_reads_rubles_with_optional_kopecks(void **state)
{
    (void)state;
    assert_int_equal(parse("7990"), 799000);
    assert_int_equal(parse("7990.50"), 799050);
    assert_int_equal(parse("7990.5"), 799050);
    assert_int_equal(parse("7990,50"), 799050);
    assert_int_equal(parse("0.01"), 1);
    assert_int_equal(parse("0"), 0);
    assert_int_equal(parse("-12.30"), -1230);
    assert_int_equal(parse("92233720368547758.07"), INT64_MAX);
}

static void parse_rejects_malformed_and_oversized_amounts(void **state)
{
    (void)state;
    static const char *const bad[] = {"", "-", ".5", "7990.", "7990.505", "7 990", "7990 руб", "1e3", "+5",
                                      "12,3.4", "abc", "92233720368547758.08", "99999999999999999999",
                                      "7990.5x", " 7990", "--1"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        sup_money m = 5;
        assert_int_equal(sup_money_parse(bad[i], &m), SUP_EMONEY);
        assert_int_equal(m, 5);
    }
    sup_money m;
    assert_int_equal(sup_money_parse(NULL, &m), SUP_EINVAL);
}

static void format_writes_plain_russian_and_english_forms(void **state)
{
    (void)state;
    char b[SUP_MONEY_BUFSIZE];
    assert_int_equal(sup_money_format(199800, SUP_MONEY_PLAIN, b, sizeof b), SUP_OK);
    assert_string_equal(b, "1998.00");
    assert_int_equal(sup_money_format(199800, SUP_MONEY_RU, b, sizeof b), SUP_OK);
    assert_string_equal(b, "1\xC2\xA0" "998 руб.");
    assert_int_equal(sup_money_format(99900, SUP_MONEY_RU, b, sizeof b), SUP_OK);
    assert_string_equal(b, "999 руб.");
    assert_int_equal(sup_money_format(123456789, SUP_MONEY_RU, b, sizeof b), SUP_OK);
    assert_string_equal(b, "1\xC2\xA0" "234\xC2\xA0" "567,89 руб.");
    assert_int_equal(sup_money_format(199750, SUP_MONEY_EN, b, sizeof b), SUP_OK);
    assert_string_equal(b, "1,997.50 RUB");
    assert_int_equal(sup_money_format(100000000, SUP_MONEY_EN, b, sizeof b), SUP_OK);
    assert_string_equal(b, "1,000,000 RUB");
    assert_int_equal(sup_money_format(-1230, SUP_MONEY_PLAIN, b, sizeof b), SUP_OK);
    assert_string_equal(b, "-12.30");
    assert_int_equal(sup_money_format(5, SUP_MONEY_PLAIN, b, sizeof b), SUP_OK);
    assert_string_equal(b, "0.05");
    assert_int_equal(sup_money_format(INT64_MIN, SUP_MONEY_RU, b, sizeof b), SUP_OK);
    assert_string_equal(b, "-92\xC2\xA0" "233\xC2\xA0" "720\xC2\xA0" "368\xC2\xA0" "547\xC2\xA0" "758,08 руб.");
    assert_int_equal(sup_money_format(1, SUP_MONEY_PLAIN, b, 8), SUP_EBUFFER);
    assert_int_equal(sup_money_format(1, (sup_money_style)5, b, sizeof b), SUP_EINVAL);
}

static void decimal_comma_style_is_a_number_for_russian_spreadsheets(void **state)
{
    (void)state;
    char b[SUP_MONEY_BUFSIZE];
    assert_int_equal(sup_money_format(199800, SUP_MONEY_DECIMAL_COMMA, b, sizeof b), SUP_OK);
    assert_string_equal(b, "1998,00");
    assert_int_equal(sup_money_format(123456789, SUP_MONEY_DECIMAL_COMMA, b, sizeof b), SUP_OK);
    assert_string_equal(b, "1234567,89");
    assert_int_equal(sup_money_format(-530, SUP_MONEY_DECIMAL_COMMA, b, sizeof b), SUP_OK);
    assert_string_equal(b, "-5,30");
    assert_int_equal(sup_money_format(5, SUP_MONEY_DECIMAL_COMMA, b, sizeof b), SUP_OK);
    assert_string_equal(b, "0,05");
    assert_int_equal(sup_money_format(INT64_MIN, SUP_MONEY_DECIMAL_COMMA, b, sizeof b), SUP_OK);
    assert_string_equal(b, "-92233720368547758,08");
    sup_money back = 0;
    assert_int_equal(sup_money_parse("1998,00", &back), SUP_OK);
    assert_int_equal(back, 199800);
}

static sup_money vat(sup_money gross, sup_rate rate)
{
    sup_money out = -777;
    assert_int_equal(sup_vat_amount(gross, rate, &out), SUP_OK);
    return out;
}

static void vat_included_in_a_gross_amount_is_rounded_to_the_kopeck_half_up(void **state)
{
    (void)state;
    assert_int_equal(vat(199800, 2000), 33300);  /* 1998.00 × 20/120 */
    assert_int_equal(vat(199800, 1000), 18164);  /* 181.636… */
    assert_int_equal(vat(799000, 2000), 133167); /* 1331.666… */
    assert_int_equal(vat(3, 2000), 1);           /* 0.5 kopeck: half up */
    assert_int_equal(vat(2, 2000), 0);           /* 0.33 */
    assert_int_equal(vat(9, 2000), 2);           /* 1.5 */
    assert_int_equal(vat(-9, 2000), -2);         /* a refund: halves away from zero */
    assert_int_equal(vat(3, 10000), 2);          /* 100%: half of the gross, 1.5 -> 2 */
    assert_int_equal(vat(199800, 0), 0);
    assert_int_equal(vat(199800, SUP_VAT_NONE), 0);
    assert_int_equal(vat(0, 2000), 0);
    /* exact for any gross: no overflow */
    assert_int_equal(vat(INT64_MAX, 2000), INT64_C(1537228672809129301));
    assert_int_equal(vat(INT64_MIN, 2000), -INT64_C(1537228672809129301));
    sup_money out = 42;
    assert_int_equal(sup_vat_amount(100, 10001, &out), SUP_ERANGE);
    assert_string_equal(sup_error_message(), "VAT rate 10001 bp is outside 0…10000 (0%…100%)");
    assert_int_equal(sup_vat_amount(100, -2, &out), SUP_ERANGE);
    assert_int_equal(out, 42);
    assert_int_equal(sup_vat_amount(100, 2000, NULL), SUP_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(seed_example_rounds_1997_50_up_to_1998_rubles),
        cmocka_unit_test(half_up_rounds_exact_halves_away_from_zero_and_others_to_nearest),
        cmocka_unit_test(half_even_rounds_halves_to_the_even_unit),
        cmocka_unit_test(up_and_down_round_towards_and_away_from_zero),
        cmocka_unit_test(other_units_round_to_kopecks_or_ten_rubles),
        cmocka_unit_test(zero_rate_zero_price_and_full_rate_are_exact),
        cmocka_unit_test(fee_rejects_negative_price_bad_rate_bad_unit_and_overflow),
        cmocka_unit_test(parse_reads_rubles_with_optional_kopecks),
        cmocka_unit_test(parse_rejects_malformed_and_oversized_amounts),
        cmocka_unit_test(format_writes_plain_russian_and_english_forms),
        cmocka_unit_test(decimal_comma_style_is_a_number_for_russian_spreadsheets),
        cmocka_unit_test(vat_included_in_a_gross_amount_is_rounded_to_the_kopeck_half_up),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
