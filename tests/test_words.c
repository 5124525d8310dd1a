/* The amount in Russian words (every order of magnitude, genders, 11–14, 21/22/25) and the VAT line. */
#include <libsupport.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

#define RUB(n) ((sup_money)(n) * 100)

typedef struct {
    sup_money amount;
    const char *words;
} case_t;

static void check_cases(const case_t *cases, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        char *s = NULL;
        int rc = sup_money_in_words(cases[i].amount, &s);
        if (rc != SUP_OK)
            fail_msg("%lld: %s", (long long)cases[i].amount, sup_error_message());
        if (strcmp(s, cases[i].words) != 0) {
            fprintf(stderr, "%lld kopecks:\n  got      %s\n  expected %s\n", (long long)cases[i].amount, s,
                    cases[i].words);
            sup_free(s);
            fail();
        }
        sup_free(s);
    }
}
#define CHECK(cases) check_cases((cases), sizeof(cases) / sizeof((cases)[0]))

static void the_invoice_example_and_zero(void **state)
{
    (void)state;
    static const case_t cases[] = {
        {199800, "Одна тысяча девятьсот девяносто восемь рублей 00 копеек"},
        {0, "Ноль рублей 00 копеек"},
        {359600, "Три тысячи пятьсот девяносто шесть рублей 00 копеек"},
        {799050, "Семь тысяч девятьсот девяносто рублей 50 копеек"},
    };
    CHECK(cases);
}

static void every_order_of_magnitude_up_to_hundreds_of_billions(void **state)
{
    (void)state;
    static const case_t cases[] = {
        {RUB(1), "Один рубль 00 копеек"},
        {RUB(10), "Десять рублей 00 копеек"},
        {RUB(100), "Сто рублей 00 копеек"},
        {RUB(1000), "Одна тысяча рублей 00 копеек"},
        {RUB(10000), "Десять тысяч рублей 00 копеек"},
        {RUB(100000), "Сто тысяч рублей 00 копеек"},
        {RUB(1000000), "Один миллион рублей 00 копеек"},
        {RUB(10000000), "Десять миллионов рублей 00 копеек"},
        {RUB(100000000), "Сто миллионов рублей 00 копеек"},
        {RUB(1000000000), "Один миллиард рублей 00 копеек"},
        {RUB(10000000000), "Десять миллиардов рублей 00 копеек"},
        {RUB(100000000000), "Сто миллиардов рублей 00 копеек"},
    };
    CHECK(cases);
}

static void every_teen(void **state)
{
    (void)state;
    static const case_t cases[] = {
        {RUB(10), "Десять рублей 00 копеек"},       {RUB(11), "Одиннадцать рублей 00 копеек"},
        {RUB(12), "Двенадцать рублей 00 копеек"},   {RUB(13), "Тринадцать рублей 00 копеек"},
        {RUB(14), "Четырнадцать рублей 00 копеек"}, {RUB(15), "Пятнадцать рублей 00 копеек"},
        {RUB(16), "Шестнадцать рублей 00 копеек"},  {RUB(17), "Семнадцать рублей 00 копеек"},
        {RUB(18), "Восемнадцать рублей 00 копеек"}, {RUB(19), "Девятнадцать рублей 00 копеек"},
        {RUB(19000), "Девятнадцать тысяч рублей 00 копеек"},
        {RUB(17000000), "Семнадцать миллионов рублей 00 копеек"},
    };
    CHECK(cases);
}

static void every_unit_ten_and_hundred_as_the_first_word_is_capitalised(void **state)
{
    (void)state;
    static const case_t cases[] = {
        {RUB(2), "Два рубля 00 копеек"},        {RUB(3), "Три рубля 00 копеек"},
        {RUB(4), "Четыре рубля 00 копеек"},     {RUB(5), "Пять рублей 00 копеек"},
        {RUB(6), "Шесть рублей 00 копеек"},     {RUB(7), "Семь рублей 00 копеек"},
        {RUB(8), "Восемь рублей 00 копеек"},    {RUB(9), "Девять рублей 00 копеек"},
        {RUB(20), "Двадцать рублей 00 копеек"}, {RUB(30), "Тридцать рублей 00 копеек"},
        {RUB(40), "Сорок рублей 00 копеек"},    {RUB(50), "Пятьдесят рублей 00 копеек"},
        {RUB(60), "Шестьдесят рублей 00 копеек"}, {RUB(70), "Семьдесят рублей 00 копеек"},
        {RUB(80), "Восемьдесят рублей 00 копеек"}, {RUB(90), "Девяносто рублей 00 копеек"},
        {RUB(200), "Двести рублей 00 копеек"},  {RUB(300), "Триста рублей 00 копеек"},
        {RUB(400), "Четыреста рублей 00 копеек"}, {RUB(500), "Пятьсот рублей 00 копеек"},
        {RUB(600), "Шестьсот рублей 00 копеек"}, {RUB(700), "Семьсот рублей 00 копеек"},
        {RUB(800), "Восемьсот рублей 00 копеек"}, {RUB(900), "Девятьсот рублей 00 копеек"},
    };
    CHECK(cases);
}

static void thousands_are_feminine_one_two_five(void **state)
{
    (void)state;
    static const case_t cases[] = {
        {RUB(1000), "Одна тысяча рублей 00 копеек"},
        {RUB(2000), "Две тысячи рублей 00 копеек"},
        {RUB(3000), "Три тысячи рублей 00 копеек"},
        {RUB(4000), "Четыре тысячи рублей 00 копеек"},
        {RUB(5000), "Пять тысяч рублей 00 копеек"},
        {RUB(21000), "Двадцать одна тысяча рублей 00 копеек"},
        {RUB(22000), "Двадцать две тысячи рублей 00 копеек"},
        {RUB(25000), "Двадцать пять тысяч рублей 00 копеек"},
        {RUB(101000), "Сто одна тысяча рублей 00 копеек"},
        {RUB(102000), "Сто две тысячи рублей 00 копеек"},
        {RUB(999000), "Девятьсот девяносто девять тысяч рублей 00 копеек"},
    };
    CHECK(cases);
}

static void eleven_to_fourteen_take_the_many_form_at_every_level(void **state)
{
    (void)state;
    static const case_t cases[] = {
        {RUB(11000), "Одиннадцать тысяч рублей 00 копеек"},
        {RUB(12000), "Двенадцать тысяч рублей 00 копеек"},
        {RUB(13000), "Тринадцать тысяч рублей 00 копеек"},
        {RUB(14000), "Четырнадцать тысяч рублей 00 копеек"},
        {RUB(111), "Сто одиннадцать рублей 00 копеек"},
        {RUB(112), "Сто двенадцать рублей 00 копеек"},
        {RUB(113), "Сто тринадцать рублей 00 копеек"},
        {RUB(114), "Сто четырнадцать рублей 00 копеек"},
        {RUB(111000), "Сто одиннадцать тысяч рублей 00 копеек"},
        {RUB(11000000), "Одиннадцать миллионов рублей 00 копеек"},
        {RUB(112000000), "Сто двенадцать миллионов рублей 00 копеек"},
        {RUB(12000000000), "Двенадцать миллиардов рублей 00 копеек"},
        {RUB(114000000000), "Сто четырнадцать миллиардов рублей 00 копеек"},
        {1111, "Одиннадцать рублей 11 копеек"},
        {1412, "Четырнадцать рублей 12 копеек"},
    };
    CHECK(cases);
}

static void twenty_one_two_five_at_every_level(void **state)
{
    (void)state;
    static const case_t cases[] = {
        {RUB(21), "Двадцать один рубль 00 копеек"},
        {RUB(22), "Двадцать два рубля 00 копеек"},
        {RUB(25), "Двадцать пять рублей 00 копеек"},
        {RUB(21000), "Двадцать одна тысяча рублей 00 копеек"},
        {RUB(22000), "Двадцать две тысячи рублей 00 копеек"},
        {RUB(25000), "Двадцать пять тысяч рублей 00 копеек"},
        {RUB(21000000), "Двадцать один миллион рублей 00 копеек"},
        {RUB(22000000), "Двадцать два миллиона рублей 00 копеек"},
        {RUB(25000000), "Двадцать пять миллионов рублей 00 копеек"},
        {RUB(21000000000), "Двадцать один миллиард рублей 00 копеек"},
        {RUB(22000000000), "Двадцать два миллиарда рублей 00 копеек"},
        {RUB(25000000000), "Двадцать пять миллиардов рублей 00 копеек"},
        {21, "Ноль рублей 21 копейка"},
        {22, "Ноль рублей 22 копейки"},
        {25, "Ноль рублей 25 копеек"},
    };
    CHECK(cases);
}

static void mixed_groups_skip_zero_groups_and_keep_each_gender(void **state)
{
    (void)state;
    static const case_t cases[] = {
        {RUB(1001001001) + 1, "Один миллиард один миллион одна тысяча один рубль 01 копейка"},
        {RUB(2002002002) + 2, "Два миллиарда два миллиона две тысячи два рубля 02 копейки"},
        {RUB(5005005005) + 5, "Пять миллиардов пять миллионов пять тысяч пять рублей 05 копеек"},
        {RUB(1000001), "Один миллион один рубль 00 копеек"},
        {RUB(1000000001), "Один миллиард один рубль 00 копеек"},
        {RUB(1000001000), "Один миллиард одна тысяча рублей 00 копеек"},
        {RUB(40040), "Сорок тысяч сорок рублей 00 копеек"},
        {RUB(123456789012), "Сто двадцать три миллиарда четыреста пятьдесят шесть миллионов семьсот восемьдесят "
                            "девять тысяч двенадцать рублей 00 копеек"},
        {RUB(21021021), "Двадцать один миллион двадцать одна тысяча двадцать один рубль 00 копеек"},
    };
    CHECK(cases);
}

static void kopecks_are_two_digits_with_the_declined_word(void **state)
{
    (void)state;
    for (unsigned k = 0; k < 100; k++) {
        const char *word = (k % 10 == 1 && k != 11)                            ? "копейка"
                           : (k % 10 >= 2 && k % 10 <= 4 && (k < 12 || k > 14)) ? "копейки"
                                                                                 : "копеек";
        char expected[64];
        snprintf(expected, sizeof expected, "Ноль рублей %02u %s", k, word);
        char *s = NULL;
        assert_int_equal(sup_money_in_words((sup_money)k, &s), SUP_OK);
        assert_string_equal(s, expected);
        sup_free(s);
    }
}

static void boundaries_of_the_range(void **state)
{
    (void)state;
    static const case_t cases[] = {
        {SUP_MONEY_IN_WORDS_MAX, "Девятьсот девяносто девять миллиардов девятьсот девяносто девять миллионов "
                                 "девятьсот девяносто девять тысяч девятьсот девяносто девять рублей 99 копеек"},
        {1, "Ноль рублей 01 копейка"},
        {99, "Ноль рублей 99 копеек"},
        {RUB(999), "Девятьсот девяносто девять рублей 00 копеек"},
        {RUB(1000000000000) - 100, "Девятьсот девяносто девять миллиардов девятьсот девяносто девять миллионов "
                                   "девятьсот девяносто девять тысяч девятьсот девяносто девять рублей 00 копеек"},
    };
    CHECK(cases);
    char *s = (char *)"untouched";
    assert_int_equal(sup_money_in_words(SUP_MONEY_IN_WORDS_MAX + 1, &s), SUP_EMONEY);
    assert_null(s);
    assert_string_equal(sup_error_message(),
                        "amount 100000000000000 kopecks is outside 0 … 999 999 999 999.99 rubles (in words)");
    assert_int_equal(sup_money_in_words(-1, &s), SUP_EMONEY);
    assert_int_equal(sup_money_in_words(INT64_MAX, &s), SUP_EMONEY);
    assert_int_equal(sup_money_in_words(INT64_MIN, &s), SUP_EMONEY);
    assert_int_equal(sup_money_in_words(100, NULL), SUP_EINVAL);
}

static void vat_label(sup_rate rate, const char *expected)
{
    char *s = NULL;
    assert_int_equal(sup_vat_label(rate, &s), SUP_OK);
    assert_string_equal(s, expected);
    sup_free(s);
}

static void vat_label_says_without_vat_or_the_rate_included(void **state)
{
    (void)state;
    vat_label(SUP_VAT_NONE, "Без НДС");
    vat_label(2000, "В том числе НДС 20\xC2\xA0%");
    vat_label(1000, "В том числе НДС 10\xC2\xA0%");
    vat_label(500, "В том числе НДС 5\xC2\xA0%");
    vat_label(1667, "В том числе НДС 16,67\xC2\xA0%");
    vat_label(1050, "В том числе НДС 10,5\xC2\xA0%");
    vat_label(5, "В том числе НДС 0,05\xC2\xA0%");
    vat_label(0, "В том числе НДС 0\xC2\xA0%");
    vat_label(10000, "В том числе НДС 100\xC2\xA0%");
    char *s = (char *)"untouched";
    assert_int_equal(sup_vat_label(10001, &s), SUP_ERANGE);
    assert_null(s);
    assert_string_equal(sup_error_message(), "VAT rate 10001 bp is outside 0…10000 (0%…100%)");
    assert_int_equal(sup_vat_label(-2, &s), SUP_ERANGE);
    assert_int_equal(sup_vat_label(2000, NULL), SUP_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_invoice_example_and_zero),
        cmocka_unit_test(every_order_of_magnitude_up_to_hundreds_of_billions),
        cmocka_unit_test(every_teen),
        cmocka_unit_test(every_unit_ten_and_hundred_as_the_first_word_is_capitalised),
        cmocka_unit_test(thousands_are_feminine_one_two_five),
        cmocka_unit_test(eleven_to_fourteen_take_the_many_form_at_every_level),
        cmocka_unit_test(twenty_one_two_five_at_every_level),
        cmocka_unit_test(mixed_groups_skip_zero_groups_and_keep_each_gender),
        cmocka_unit_test(kopecks_are_two_digits_with_the_declined_word),
        cmocka_unit_test(boundaries_of_the_range),
        cmocka_unit_test(vat_label_says_without_vat_or_the_rate_included),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
