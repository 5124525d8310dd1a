/* Dates and amounts as spreadsheets and 1C write them in files to import: accepted forms, refusals with the reason. */
#include <libsupport.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

static sup_date date(const char *text)
{
    sup_date d = -1;
    if (sup_date_parse_import(text, &d) != SUP_OK)
        fail_msg("%s: %s", text, sup_error_message());
    return d;
}

static void import_dates_in_russian_iso_and_date_time_forms(void **state)
{
    (void)state;
    assert_int_equal(date("31.01.2026"), 20260131);
    assert_int_equal(date("5.3.2026"), 20260305);
    assert_int_equal(date("05.3.2026"), 20260305);
    assert_int_equal(date("5.03.2026"), 20260305);
    assert_int_equal(date("2026-01-31"), 20260131);
    assert_int_equal(date("29.02.2024"), 20240229);
    assert_int_equal(date(" 31.01.2026\t"), 20260131);
    assert_int_equal(date("\xC2\xA0" "31.01.2026\xC2\xA0"), 20260131);
    assert_int_equal(date("31.01.2026 0:00:00"), 20260131); /* 1C's date-time export */
    assert_int_equal(date("31.01.2026 14:05"), 20260131);
    assert_int_equal(date("2026-01-31T14:05:59"), 20260131);
    assert_int_equal(date("2026-01-31 00:00:00"), 20260131);
    assert_int_equal(date("01.01.1900"), SUP_DATE_MIN);
    assert_int_equal(date("9999-12-31"), SUP_DATE_MAX);
}

static void import_date_refusals_say_why(void **state)
{
    (void)state;
    static const struct {
        const char *text, *message;
    } bad[] = {
        {"", "invalid date \"\": empty"},
        {"   ", "invalid date \"   \": empty"},
        {"30.02.2026", "invalid date \"30.02.2026\": February 2026 has 28 days"},
        {"29.2.2026", "invalid date \"29.2.2026\": February 2026 has 28 days"},
        {"32.1.2026", "invalid date \"32.1.2026\": January 2026 has 31 days"},
        {"1.13.2026", "invalid date \"1.13.2026\": month 13 is not 1…12"},
        {"0.1.2026", "invalid date \"0.1.2026\": January 2026 has 31 days"},
        {"31.12.1899", "invalid date \"31.12.1899\": year 1899 is outside 1900…9999"},
        {"2026-02-30", "invalid date \"2026-02-30\": February 2026 has 28 days"},
        {"05.03.26", "invalid date \"05.03.26\": the year must have four digits (a two-digit year is not guessed)"},
        {"5.3.026", "invalid date \"5.3.026\": the year must have four digits (a two-digit year is not guessed)"},
        {"2026-1-5", "invalid date \"2026-1-5\": expected DD.MM.YYYY, D.M.YYYY or YYYY-MM-DD"},
        {"2026/01/31", "invalid date \"2026/01/31\": expected DD.MM.YYYY, D.M.YYYY or YYYY-MM-DD"},
        {"31/01/2026", "invalid date \"31/01/2026\": expected DD.MM.YYYY, D.M.YYYY or YYYY-MM-DD"},
        {"123.01.2026", "invalid date \"123.01.2026\": expected DD.MM.YYYY, D.M.YYYY or YYYY-MM-DD"},
        {"31.01.02026", "invalid date \"31.01.02026\": expected DD.MM.YYYY, D.M.YYYY or YYYY-MM-DD"},
        {"31.01.2026г.", "invalid date \"31.01.2026г.\": expected DD.MM.YYYY, D.M.YYYY or YYYY-MM-DD"},
        {"31.01.2026T00:00", "invalid date \"31.01.2026T00:00\": expected DD.MM.YYYY, D.M.YYYY or YYYY-MM-DD"},
        {"yesterday", "invalid date \"yesterday\": expected DD.MM.YYYY, D.M.YYYY or YYYY-MM-DD"},
        {"31.01.2026 25:00", "invalid date \"31.01.2026 25:00\": after the date only a time of day H:MM or H:MM:SS "
                             "may follow"},
        {"31.01.2026 0:60", "invalid date \"31.01.2026 0:60\": after the date only a time of day H:MM or H:MM:SS "
                            "may follow"},
        {"31.01.2026 0:00:00 MSK", "invalid date \"31.01.2026 0:00:00 MSK\": after the date only a time of day H:MM "
                                   "or H:MM:SS may follow"},
        {"2026-01-31T", "invalid date \"2026-01-31T\": after the date only a time of day H:MM or H:MM:SS may follow"},
        {"31.01.2026  0:00", "invalid date \"31.01.2026  0:00\": after the date only a time of day H:MM or H:MM:SS "
                             "may follow"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        sup_date d = 42;
        int rc = sup_date_parse_import(bad[i].text, &d);
        if (rc != SUP_EDATE || strcmp(sup_error_message(), bad[i].message) != 0)
            fail_msg("%s: rc %d, message %s", bad[i].text, rc, sup_error_message());
        assert_int_equal(d, 42);
    }
    sup_date d;
    assert_int_equal(sup_date_parse_import(NULL, &d), SUP_EINVAL);
    assert_int_equal(sup_date_parse_import("31.01.2026", NULL), SUP_EINVAL);
}

static sup_money amount(const char *text)
{
    sup_money m = -777;
    if (sup_money_parse_import(text, &m) != SUP_OK)
        fail_msg("%s: %s", text, sup_error_message());
    return m;
}

static void import_amounts_with_comma_or_dot_grouped_thousands_and_rubles(void **state)
{
    (void)state;
    assert_int_equal(amount("1998"), 199800);
    assert_int_equal(amount("1998,50"), 199850);
    assert_int_equal(amount("1998.5"), 199850);
    assert_int_equal(amount("1 998,00"), 199800);
    assert_int_equal(amount("1\xC2\xA0" "998,00"), 199800);   /* U+00A0, as Excel and 1C group */
    assert_int_equal(amount("1\xE2\x80\xAF" "998"), 199800);  /* U+202F */
    assert_int_equal(amount("1 998 000.00"), 199800000);
    assert_int_equal(amount("12 345 678,9"), 1234567890);
    assert_int_equal(amount("-1 998,00"), -199800);
    assert_int_equal(amount("\xE2\x88\x92" "5"), -500);        /* U+2212 minus */
    assert_int_equal(amount("1998 руб."), 199800);
    assert_int_equal(amount("1 998,00 руб."), 199800);
    assert_int_equal(amount("1998руб"), 199800);
    assert_int_equal(amount("1998р."), 199800);
    assert_int_equal(amount("1998 р"), 199800);
    assert_int_equal(amount("1998₽"), 199800);
    assert_int_equal(amount("1998\xC2\xA0₽"), 199800);
    assert_int_equal(amount("1998 \xC2\xA0 руб."), 199800);
    assert_int_equal(amount("  1998\t"), 199800);
    assert_int_equal(amount("0,01"), 1);
    assert_int_equal(amount("0"), 0);
    assert_int_equal(amount("007"), 700);
    assert_int_equal(amount("92 233 720 368 547 758,07"), INT64_MAX);
    assert_int_equal(amount("-92233720368547758.07"), -INT64_MAX);
}

static void import_amount_refusals_say_why_and_never_guess(void **state)
{
    (void)state;
    static const struct {
        const char *text, *message;
    } bad[] = {
        {"", "invalid amount \"\": no digits"},
        {"руб.", "invalid amount \"руб.\": no digits"},
        {"1.234,5.6", "invalid amount \"1.234,5.6\": both \".\" and \",\": ambiguous; separate thousands with spaces "
                      "and the kopecks with one \",\" or \".\""},
        {"1.234,56", "invalid amount \"1.234,56\": both \".\" and \",\": ambiguous; separate thousands with spaces "
                     "and the kopecks with one \",\" or \".\""},
        {"1,234.56", "invalid amount \"1,234.56\": both \".\" and \",\": ambiguous; separate thousands with spaces "
                     "and the kopecks with one \",\" or \".\""},
        {"1.234.567", "invalid amount \"1.234.567\": more than one decimal separator; separate thousands with spaces"},
        {"1,234", "invalid amount \"1,234\": 3 decimal places, at most 2 (kopecks); if \",\" separates thousands "
                  "here, write a space instead"},
        {"1998.505", "invalid amount \"1998.505\": 3 decimal places, at most 2 (kopecks); if \".\" separates "
                     "thousands here, write a space instead"},
        {"12 34", "invalid amount \"12 34\": digits are grouped by three between the spaces (1 998 000)"},
        {"1998 000", "invalid amount \"1998 000\": digits are grouped by three between the spaces (1 998 000)"},
        {"1 9980", "invalid amount \"1 9980\": digits are grouped by three between the spaces (1 998 000)"},
        {"1  998", "invalid amount \"1  998\": unexpected \"  9\"; expected digits, spaces, one decimal separator "
                   "and \"руб.\""},
        {"1998.", "invalid amount \"1998.\": no digits after the decimal separator"},
        {",5", "invalid amount \",5\": expected digits, like 1998 or 1 998,50"},
        {"+5", "invalid amount \"+5\": expected digits, like 1998 or 1 998,50"},
        {"--5", "invalid amount \"--5\": expected digits, like 1998 or 1 998,50"},
        {"(1998)", "invalid amount \"(1998)\": expected digits, like 1998 or 1 998,50"},
        {"1e3", "invalid amount \"1e3\": unexpected \"e3\"; expected digits, spaces, one decimal separator and "
                "\"руб.\""},
        {"1998 USD", "invalid amount \"1998 USD\": unexpected \" US\"; expected digits, spaces, one decimal separator "
                     "and \"руб.\""},
        {"1998 рублей", "invalid amount \"1998 рублей\": unexpected \" ру\"; expected digits, spaces, one decimal "
                        "separator and \"руб.\""},
        {"92 233 720 368 547 758,08", "invalid amount \"92 233 720 368 547 758,08\": too large"},
        {"99999999999999999999", "invalid amount \"99999999999999999999\": too large"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        sup_money m = 42;
        int rc = sup_money_parse_import(bad[i].text, &m);
        if (rc != SUP_EMONEY || strcmp(sup_error_message(), bad[i].message) != 0)
            fail_msg("%s: rc %d, message %s", bad[i].text, rc, sup_error_message());
        assert_int_equal(m, 42);
    }
    sup_money m;
    assert_int_equal(sup_money_parse_import(NULL, &m), SUP_EINVAL);
    assert_int_equal(sup_money_parse_import("1", NULL), SUP_EINVAL);
}

static void every_formatted_amount_imports_back(void **state)
{
    (void)state;
    static const sup_money amounts[] = {0, 1, 99, 100, 199800, 199850, -530, 123456789, INT64_MAX, -INT64_MAX};
    static const sup_money_style styles[] = {SUP_MONEY_PLAIN, SUP_MONEY_RU, SUP_MONEY_DECIMAL_COMMA};
    for (size_t i = 0; i < sizeof amounts / sizeof amounts[0]; i++) {
        for (size_t k = 0; k < sizeof styles / sizeof styles[0]; k++) {
            char buf[SUP_MONEY_BUFSIZE];
            assert_int_equal(sup_money_format(amounts[i], styles[k], buf, sizeof buf), SUP_OK);
            assert_int_equal(amount(buf), amounts[i]);
        }
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(import_dates_in_russian_iso_and_date_time_forms),
        cmocka_unit_test(import_date_refusals_say_why),
        cmocka_unit_test(import_amounts_with_comma_or_dot_grouped_thousands_and_rubles),
        cmocka_unit_test(import_amount_refusals_say_why_and_never_guess),
        cmocka_unit_test(every_formatted_amount_imports_back),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
