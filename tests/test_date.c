/* Civil dates: construction, parsing, printing, add_months (art. 192), day arithmetic. */
#include <libsupport.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

static sup_date parse(const char *s)
{
    sup_date d = 0;
    assert_int_equal(sup_date_parse(s, &d), SUP_OK);
    return d;
}

static sup_date plus_months(sup_date d, int n)
{
    sup_date r = 0;
    assert_int_equal(sup_date_add_months(d, n, &r), SUP_OK);
    return r;
}

static void make_builds_valid_dates_and_rejects_impossible_ones(void **state)
{
    (void)state;
    sup_date d = 0;
    assert_int_equal(sup_date_make(2026, 1, 31, &d), SUP_OK);
    assert_int_equal(d, 20260131);
    assert_int_equal(sup_date_make(2024, 2, 29, &d), SUP_OK);
    assert_int_equal(sup_date_make(2026, 2, 29, &d), SUP_EDATE);
    assert_non_null(strstr(sup_error_message(), "February 2026 has 28 days"));
    assert_int_equal(sup_date_make(2026, 2, 30, &d), SUP_EDATE);
    assert_int_equal(sup_date_make(2026, 13, 1, &d), SUP_EDATE);
    assert_non_null(strstr(sup_error_message(), "month 13"));
    assert_int_equal(sup_date_make(2026, 0, 1, &d), SUP_EDATE);
    assert_int_equal(sup_date_make(2026, 4, 31, &d), SUP_EDATE);
    assert_int_equal(sup_date_make(2026, 4, 0, &d), SUP_EDATE);
    assert_int_equal(sup_date_make(1899, 12, 31, &d), SUP_EDATE);
    assert_int_equal(sup_date_make(10000, 1, 1, &d), SUP_EDATE);
    assert_int_equal(sup_date_make(1900, 1, 1, &d), SUP_OK);
    assert_int_equal(sup_date_make(9999, 12, 31, &d), SUP_OK);
    assert_int_equal(sup_date_make(2026, 1, 1, NULL), SUP_EINVAL);
}

static void leap_years_follow_the_gregorian_rule(void **state)
{
    (void)state;
    assert_int_equal(sup_date_days_in_month(2024, 2), 29);
    assert_int_equal(sup_date_days_in_month(2026, 2), 28);
    assert_int_equal(sup_date_days_in_month(1900, 2), 28); /* divisible by 100 */
    assert_int_equal(sup_date_days_in_month(2000, 2), 29); /* divisible by 400 */
    assert_int_equal(sup_date_days_in_month(2100, 2), 28);
    assert_int_equal(sup_date_days_in_month(2026, 4), 30);
    assert_int_equal(sup_date_days_in_month(2026, 12), 31);
    assert_int_equal(sup_date_days_in_month(2026, 13), 0);
    assert_true(sup_date_is_valid(20000229));
    assert_false(sup_date_is_valid(19000229));
    assert_false(sup_date_is_valid(0));
    assert_false(sup_date_is_valid(-20260101));
    assert_false(sup_date_is_valid(99991232));
}

static void parse_accepts_iso_and_russian_forms(void **state)
{
    (void)state;
    assert_int_equal(parse("2026-01-31"), 20260131);
    assert_int_equal(parse("31.01.2026"), 20260131);
    assert_int_equal(parse("29.02.2024"), 20240229);
    assert_int_equal(parse("1900-01-01"), SUP_DATE_MIN);
    assert_int_equal(parse("9999-12-31"), SUP_DATE_MAX);
}

static void parse_rejects_every_malformed_or_impossible_text(void **state)
{
    (void)state;
    static const char *const bad[] = {"", "yesterday", "2026-02-30", "2026-13-01", "2026-00-10", "2026-1-5",
                                      "2026/01/05", " 2026-01-05", "2026-01-05 ", "2026-01-05T00:00",
                                      "31.02.2026", "1.1.2026", "01.01.26", "1899-12-31", "0000-01-01",
                                      "+026-01-01", "2026-01-3x", "2026-01-05\n", "29.02.2026", "2026-02-29"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        sup_date d = 12345;
        assert_int_equal(sup_date_parse(bad[i], &d), SUP_EDATE);
        assert_int_equal(d, 12345); /* untouched on error */
        assert_int_equal(sup_error_code(), SUP_EDATE);
        assert_non_null(strstr(sup_error_message(), "invalid date"));
    }
    sup_date d;
    assert_int_equal(sup_date_parse(NULL, &d), SUP_EINVAL);
    assert_int_equal(sup_date_parse("2026-01-01", NULL), SUP_EINVAL);
}

static void parse_error_message_quotes_the_text_safely(void **state)
{
    (void)state;
    sup_date d;
    assert_int_equal(sup_date_parse("2026-02-30", &d), SUP_EDATE);
    assert_string_equal(sup_error_message(), "invalid date \"2026-02-30\": February 2026 has 28 days");
    assert_int_equal(sup_date_parse("\xff\x01\"x", &d), SUP_EDATE);
    assert_non_null(strstr(sup_error_message(), "\\xFF\\x01\\x22x"));
    assert_int_equal(sup_date_parse("вчера", &d), SUP_EDATE); /* UTF-8 text stays readable */
    assert_string_equal(sup_error_message(), "invalid date \"вчера\": expected YYYY-MM-DD or DD.MM.YYYY");
    assert_int_equal(sup_date_parse("\xd0", &d), SUP_EDATE); /* a cut sequence is escaped */
    assert_non_null(strstr(sup_error_message(), "\"\\xD0\""));
    assert_int_equal(sup_date_parse("\xed\xa0\x80", &d), SUP_EDATE); /* a surrogate is escaped */
    assert_non_null(strstr(sup_error_message(), "\\xED\\xA0\\x80"));
}

static void format_prints_iso_and_russian_forms(void **state)
{
    (void)state;
    char buf[SUP_DATE_BUFSIZE];
    assert_int_equal(sup_date_format(20260705, SUP_DATE_ISO, buf, sizeof buf), SUP_OK);
    assert_string_equal(buf, "2026-07-05");
    assert_int_equal(sup_date_format(20260705, SUP_DATE_RU, buf, sizeof buf), SUP_OK);
    assert_string_equal(buf, "05.07.2026");
    assert_int_equal(sup_date_format(20260230, SUP_DATE_ISO, buf, sizeof buf), SUP_EDATE);
    assert_int_equal(sup_date_format(20260705, SUP_DATE_ISO, buf, 10), SUP_EBUFFER);
    assert_int_equal(sup_date_format(20260705, (sup_date_style)7, buf, sizeof buf), SUP_EINVAL);
}

static void add_months_keeps_the_day_number(void **state)
{
    (void)state;
    assert_int_equal(plus_months(20260115, 6), 20260715);
    assert_int_equal(plus_months(20260115, 12), 20270115);
    assert_int_equal(plus_months(20261115, 2), 20270115); /* across a year end */
    assert_int_equal(plus_months(20260115, 0), 20260115);
}

static void add_months_clamps_to_the_last_day_of_a_shorter_month(void **state)
{
    (void)state;
    /* the examples of POLICY.md */
    assert_int_equal(plus_months(20260131, 1), 20260228);
    assert_int_equal(plus_months(20240131, 1), 20240229);
    assert_int_equal(plus_months(20260831, 6), 20270228);
    assert_int_equal(plus_months(20260331, 1), 20260430);
    assert_int_equal(plus_months(20260531, 4), 20260930);
    assert_int_equal(plus_months(20240229, 12), 20250228); /* leap day to a common year */
    assert_int_equal(plus_months(20240229, 48), 20280229); /* leap day to a leap year */
    assert_int_equal(plus_months(20260228, 1), 20260328); /* not the month end: the same day */
    assert_int_equal(plus_months(20260330, -1), 20260228);
    assert_int_equal(plus_months(20260115, -1), 20251215);
}

static void add_months_rejects_results_outside_the_valid_range(void **state)
{
    (void)state;
    sup_date r = 7;
    assert_int_equal(sup_date_add_months(99991231, 1, &r), SUP_EDATE);
    assert_int_equal(sup_date_add_months(19000101, -1, &r), SUP_EDATE);
    assert_int_equal(sup_date_add_months(20260230, 1, &r), SUP_EDATE);
    assert_int_equal(sup_date_add_months(20260101, 2147483647, &r), SUP_EDATE);
    assert_int_equal(sup_date_add_months(20260101, -2147483647 - 1, &r), SUP_EDATE);
    assert_int_equal(r, 7);
    assert_int_equal(sup_date_add_months(99990131, 11, &r), SUP_OK);
    assert_int_equal(r, 99991231);
}

static void add_days_and_diff_cross_month_year_and_leap_boundaries(void **state)
{
    (void)state;
    sup_date r;
    int32_t n;
    assert_int_equal(sup_date_add_days(20240228, 1, &r), SUP_OK);
    assert_int_equal(r, 20240229);
    assert_int_equal(sup_date_add_days(20260228, 1, &r), SUP_OK);
    assert_int_equal(r, 20260301);
    assert_int_equal(sup_date_add_days(20261231, 1, &r), SUP_OK);
    assert_int_equal(r, 20270101);
    assert_int_equal(sup_date_add_days(20260101, -1, &r), SUP_OK);
    assert_int_equal(r, 20251231);
    assert_int_equal(sup_date_diff_days(20260101, 20270101, &n), SUP_OK);
    assert_int_equal(n, 365);
    assert_int_equal(sup_date_diff_days(20240101, 20250101, &n), SUP_OK);
    assert_int_equal(n, 366);
    assert_int_equal(sup_date_diff_days(20260715, 20260701, &n), SUP_OK);
    assert_int_equal(n, -14);
    assert_int_equal(sup_date_diff_days(SUP_DATE_MIN, SUP_DATE_MAX, &n), SUP_OK);
    assert_int_equal(n, 2958463);
    assert_int_equal(sup_date_add_days(SUP_DATE_MAX, 1, &r), SUP_EDATE);
    assert_int_equal(sup_date_add_days(SUP_DATE_MIN, -1, &r), SUP_EDATE);
    assert_int_equal(sup_date_diff_days(20260230, 20260301, &n), SUP_EDATE);
}

static void add_days_round_trips_over_the_whole_range(void **state)
{
    (void)state;
    /* every 97th day from 1900 to 9999: serial arithmetic agrees with the calendar */
    sup_date d = SUP_DATE_MIN;
    int32_t total = 0;
    for (;;) {
        sup_date next;
        if (sup_date_add_days(d, 97, &next) != SUP_OK)
            break;
        assert_true(sup_date_is_valid(next));
        assert_true(next > d);
        int32_t n;
        assert_int_equal(sup_date_diff_days(d, next, &n), SUP_OK);
        assert_int_equal(n, 97);
        total += n;
        d = next;
    }
    int32_t n;
    assert_int_equal(sup_date_diff_days(SUP_DATE_MIN, d, &n), SUP_OK);
    assert_int_equal(n, total);
}

static void compare_orders_dates(void **state)
{
    (void)state;
    assert_int_equal(sup_date_compare(20260101, 20260102), -1);
    assert_int_equal(sup_date_compare(20260102, 20260102), 0);
    assert_int_equal(sup_date_compare(20270101, 20261231), 1);
    assert_int_equal(sup_date_year(20260715), 2026);
    assert_int_equal(sup_date_month(20260715), 7);
    assert_int_equal(sup_date_day(20260715), 15);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(make_builds_valid_dates_and_rejects_impossible_ones),
        cmocka_unit_test(leap_years_follow_the_gregorian_rule),
        cmocka_unit_test(parse_accepts_iso_and_russian_forms),
        cmocka_unit_test(parse_rejects_every_malformed_or_impossible_text),
        cmocka_unit_test(parse_error_message_quotes_the_text_safely),
        cmocka_unit_test(format_prints_iso_and_russian_forms),
        cmocka_unit_test(add_months_keeps_the_day_number),
        cmocka_unit_test(add_months_clamps_to_the_last_day_of_a_shorter_month),
        cmocka_unit_test(add_months_rejects_results_outside_the_valid_range),
        cmocka_unit_test(add_days_and_diff_cross_month_year_and_leap_boundaries),
        cmocka_unit_test(add_days_round_trips_over_the_whole_range),
        cmocka_unit_test(compare_orders_dates),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
