/* The revenue schedule's core (revenue.h): what each payment pays for, when it
 * is earned, the rounding to the kopeck, the deferred balance, corrections,
 * the policy's recognition keys, and every bad input. No ledger here
 * (test_ledger_revenue.c streams ledgers into the same schedule). */
#include <libsupport.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

/* ---- helpers ------------------------------------------------------------------------------------ */

static sup_revenue *schedule(sup_date from, sup_date to, sup_revenue_by by)
{
    sup_revenue_options o;
    assert_int_equal(sup_revenue_options_init(&o, SUP_REVENUE_OPTIONS_VERSION), SUP_OK);
    o.from = from;
    o.to = to;
    o.by = by;
    sup_revenue *r = NULL;
    if (sup_revenue_new(&o, &r) != SUP_OK)
        fail_msg("sup_revenue_new: %s", sup_error_message());
    return r;
}

static sup_revenue_item item(sup_revenue_kind kind, sup_id product, sup_date on, sup_money amount, sup_date before,
                             sup_date until)
{
    sup_revenue_item it;
    assert_int_equal(sup_revenue_item_init(&it, SUP_REVENUE_ITEM_VERSION), SUP_OK);
    it.kind = kind;
    it.product = product;
    it.on = on;
    it.amount = amount;
    it.support_before = before;
    it.support_until = until;
    return it;
}

static void add(sup_revenue *r, const sup_policy *p, sup_revenue_item it)
{
    if (sup_revenue_add(r, p, &it) != SUP_OK)
        fail_msg("sup_revenue_add: %s", sup_error_message());
}

static sup_revenue_row row_at(const sup_revenue *r, size_t i)
{
    sup_revenue_row row = {.version = SUP_REVENUE_ROW_VERSION};
    if (sup_revenue_get_row(r, i, &row) != SUP_OK)
        fail_msg("sup_revenue_get_row %zu: %s", i, sup_error_message());
    return row;
}

/* The recognised amounts of the by-month schedule, month by month. */
static void assert_recognised(const sup_revenue *r, const sup_money *want, size_t n)
{
    assert_int_equal(sup_revenue_row_count(r), n);
    for (size_t i = 0; i < n; i++) {
        sup_revenue_row row = row_at(r, i);
        if (row.recognised != want[i])
            fail_msg("month %d: recognised %lld, expected %lld", (int)row.month, (long long)row.recognised,
                     (long long)want[i]);
    }
}

/* Every row: opening + billed − recognised = deferred, and each month opens with the last one's close. */
static void assert_rolls_forward(const sup_revenue *r)
{
    size_t n = sup_revenue_row_count(r);
    for (size_t i = 0; i < n; i++) {
        sup_revenue_row row = row_at(r, i);
        assert_int_equal(row.opening_deferred + row.billed - row.recognised, row.deferred);
    }
}

static sup_policy *policy_text(const char *text)
{
    sup_policy *p = NULL;
    if (sup_policy_parse(text, &p) != SUP_OK)
        fail_msg("sup_policy_parse: %s", sup_error_message());
    return p;
}

/* ---- recognition by day -------------------------------------------------------------------------- */

static void a_preferential_renewal_is_earned_by_day_from_the_day_after_the_old_end(void **state)
{
    (void)state;
    /* support through 2026-07-31, renewed on 2026-07-20 for 1998 rub: pays for 2026-08-01 … 2027-07-31 */
    sup_revenue *r = schedule(20260701, 20270801, SUP_REVENUE_BY_MONTH);
    add(r, NULL, item(SUP_REVENUE_PREFERENTIAL_RENEWAL, 1, 20260720, 199800, 20260731, 20270731));
    static const sup_money want[] = {0,     16969, 16422, 16969, 16422, 16969, 16970,
                                     15327, 16969, 16422, 16969, 16422, 16970, 0};
    assert_recognised(r, want, 14);
    sup_revenue_row jul = row_at(r, 0), aug = row_at(r, 1), last = row_at(r, 12);
    assert_int_equal(jul.month, 20260701);
    assert_int_equal(jul.month_end, 20260731);
    assert_int_equal(jul.billed, 199800);
    assert_int_equal(jul.payments, 1);
    assert_int_equal(jul.opening_deferred, 0);
    assert_int_equal(jul.deferred, 199800); /* paid ahead: all of it deferred at the end of July */
    assert_int_equal(aug.opening_deferred, 199800);
    assert_int_equal(aug.deferred, 199800 - 16969);
    assert_int_equal(last.deferred, 0);
    assert_int_equal(row_at(r, 13).month, 20270801);
    assert_rolls_forward(r);
    sup_revenue_free(r);
}

static void a_standard_renewal_is_earned_from_its_date_with_partial_first_and_last_months(void **state)
{
    (void)state;
    /* 2026-03-15 … 2027-03-15: 366 days; March 2026 has 17 of them, March 2027 15 */
    sup_revenue *r = schedule(20260301, 20270331, SUP_REVENUE_BY_MONTH);
    add(r, NULL, item(SUP_REVENUE_STANDARD_RENEWAL, 1, 20260315, 359550, 20250131, 20270315));
    static const sup_money want[] = {16700, 29471, 30454, 29471, 30454, 30454, 29471,
                                     30454, 29471, 30454, 30453, 27507, 14736};
    assert_recognised(r, want, 13);
    assert_int_equal(row_at(r, 12).deferred, 0);
    sup_revenue_free(r);
}

static void february_of_a_leap_year_earns_its_29_days(void **state)
{
    (void)state;
    sup_revenue *r = schedule(20271201, 20281130, SUP_REVENUE_BY_MONTH);
    add(r, NULL, item(SUP_REVENUE_PREFERENTIAL_RENEWAL, 1, 20271130, 100000, 20271130, 20281130));
    static const sup_money want[] = {8469, 8470, 7924, 8470, 8197, 8470, 8196, 8470, 8470, 8197, 8470, 8197};
    assert_recognised(r, want, 12);
    sup_revenue_free(r);
}

static void a_preferential_renewal_paid_in_the_window_earns_the_days_before_it_in_its_month(void **state)
{
    (void)state;
    /* support ended 2026-06-30, renewed on 2026-07-20: July 1…31 (31 of 365 days) all in July */
    sup_revenue *r = schedule(20260601, 20260831, SUP_REVENUE_BY_MONTH);
    add(r, NULL, item(SUP_REVENUE_PREFERENTIAL_RENEWAL, 1, 20260720, 365000, 20260630, 20270630));
    static const sup_money want[] = {0, 31000, 31000};
    assert_recognised(r, want, 3);
    assert_int_equal(row_at(r, 0).billed, 0);
    assert_int_equal(row_at(r, 1).billed, 365000);
    sup_revenue_free(r);
}

static void a_renewal_paid_in_the_month_after_its_period_began_catches_up_there(void **state)
{
    (void)state;
    /* support ended 2026-06-15 (a 16th-to-15th term), renewed 2026-07-10: 2026-06-16 … 2027-06-15, 365 days;
     * the 15 days of June are earned in July, with July's 31 */
    sup_revenue *r = schedule(20260601, 20260831, SUP_REVENUE_BY_MONTH);
    add(r, NULL, item(SUP_REVENUE_PREFERENTIAL_RENEWAL, 1, 20260710, 365000, 20260615, 20270615));
    static const sup_money want[] = {0, 46000, 31000};
    assert_recognised(r, want, 3);
    sup_revenue_free(r);
}

static void subscriptions_first_payment_and_later_ones_are_apart_and_earned_over_their_periods(void **state)
{
    (void)state;
    /* bought 2026-01-31, paid through 2026-02-28 (29 days); paid again on 2026-02-26 through 2026-03-31 */
    sup_revenue *r = schedule(20260101, 20260331, SUP_REVENUE_BY_KIND);
    add(r, NULL, item(SUP_REVENUE_SUBSCRIPTION_FIRST, 7, 20260131, 99900, SUP_DATE_NONE, 20260228));
    add(r, NULL, item(SUP_REVENUE_SUBSCRIPTION, 7, 20260226, 99900, 20260228, 20260331));
    /* two kinds, three months: first payment then later payment in each month */
    assert_int_equal(sup_revenue_row_count(r), 6);
    sup_revenue_row jan_first = row_at(r, 0), jan_later = row_at(r, 1), feb_first = row_at(r, 2),
                    feb_later = row_at(r, 3), mar_later = row_at(r, 5);
    assert_int_equal(jan_first.kind, SUP_REVENUE_SUBSCRIPTION_FIRST);
    assert_int_equal(jan_later.kind, SUP_REVENUE_SUBSCRIPTION);
    assert_int_equal(jan_first.recognised, 3444); /* 1 of 29 days: 99900 / 29 = 3444.8 */
    assert_int_equal(feb_first.recognised, 96456);
    assert_int_equal(feb_later.billed, 99900);
    assert_int_equal(feb_later.recognised, 0); /* paid ahead: its period starts on 03-01 */
    assert_int_equal(feb_later.deferred, 99900);
    assert_int_equal(mar_later.recognised, 99900);
    assert_int_equal(jan_later.billed, 0);
    assert_int_equal(jan_later.payments, 0);
    assert_rolls_forward(r);
    sup_revenue_free(r);
}

static void a_lapsed_subscription_paid_again_restarts_from_the_payment(void **state)
{
    (void)state;
    /* paid through 2026-02-28, paid again on 2026-03-10 through 2026-04-10: 32 days from 03-10 */
    sup_revenue *r = schedule(20260301, 20260430, SUP_REVENUE_BY_MONTH);
    add(r, NULL, item(SUP_REVENUE_SUBSCRIPTION, 7, 20260310, 32000, 20260228, 20260410));
    static const sup_money want[] = {22000, 10000};
    assert_recognised(r, want, 2);
    sup_revenue_free(r);
}

static void a_perpetual_sale_is_earned_on_its_date_unless_a_support_share_is_split_out(void **state)
{
    (void)state;
    sup_revenue *r = schedule(20260101, 20260831, SUP_REVENUE_BY_MONTH);
    add(r, NULL, item(SUP_REVENUE_SALE, 1, 20260131, 799000, SUP_DATE_NONE, 20260731));
    assert_int_equal(row_at(r, 0).billed, 799000);
    assert_int_equal(row_at(r, 0).recognised, 799000);
    assert_int_equal(row_at(r, 0).deferred, 0);
    sup_revenue_free(r);

    /* 20% of the price pays for the 6 months of support it includes: 2026-01-31 … 2026-07-31, 182 days */
    sup_policy *p = policy_text("recognition_sale_support_share_bp = 2000\n");
    r = schedule(20260101, 20260831, SUP_REVENUE_BY_MONTH);
    add(r, p, item(SUP_REVENUE_SALE, 1, 20260131, 799000, SUP_DATE_NONE, 20260731));
    sup_money support = 159800, jan = 639200 + 159800 * 1 / 182;
    assert_int_equal(row_at(r, 0).recognised, jan);
    assert_int_equal(row_at(r, 0).deferred, 799000 - jan);
    sup_money total = 0;
    for (size_t i = 0; i < 8; i++)
        total += row_at(r, i).recognised;
    assert_int_equal(total, 799000);
    assert_int_equal(row_at(r, 6).deferred, 0);    /* July: the last day of support */
    assert_int_equal(row_at(r, 1).recognised, support * 29 / 182 - support * 1 / 182); /* Feb: days 2…29 of 182 */
    sup_revenue_free(r);
    sup_policy_free(p);
}

static void on_payment_recognises_everything_on_the_payments_date(void **state)
{
    (void)state;
    sup_policy *p = policy_text("recognition_renewal = on_payment\nrecognition_subscription = on_payment\n");
    sup_revenue *r = schedule(20260701, 20260831, SUP_REVENUE_BY_MONTH);
    add(r, p, item(SUP_REVENUE_PREFERENTIAL_RENEWAL, 1, 20260720, 199800, 20260731, 20270731));
    add(r, p, item(SUP_REVENUE_SUBSCRIPTION, 2, 20260805, 99900, 20260810, 20260910));
    assert_int_equal(row_at(r, 0).recognised, 199800);
    assert_int_equal(row_at(r, 1).recognised, 99900);
    assert_int_equal(row_at(r, 1).deferred, 0);
    sup_revenue_free(r);
    sup_policy_free(p);
}

/* ---- the schedule's months ---------------------------------------------------------------------------- */

static void a_payment_before_the_first_month_opens_it_with_what_it_had_not_earned(void **state)
{
    (void)state;
    sup_revenue *r = schedule(20261001, 20261201, SUP_REVENUE_BY_MONTH);
    add(r, NULL, item(SUP_REVENUE_PREFERENTIAL_RENEWAL, 1, 20260720, 199800, 20260731, 20270731));
    /* earned Aug + Sep = 16969 + 16422 before October */
    sup_revenue_row oct = row_at(r, 0);
    assert_int_equal(oct.opening_deferred, 199800 - 16969 - 16422);
    assert_int_equal(oct.billed, 0);
    assert_int_equal(oct.payments, 0);
    assert_int_equal(oct.recognised, 16969);
    /* fully earned long before: nothing shows */
    add(r, NULL, item(SUP_REVENUE_SALE, 1, 20200115, 799000, SUP_DATE_NONE, 20200715));
    assert_int_equal(row_at(r, 0).opening_deferred, 199800 - 16969 - 16422);
    assert_rolls_forward(r);
    sup_revenue_free(r);
}

static void payments_after_the_last_month_change_nothing_and_empty_months_have_rows(void **state)
{
    (void)state;
    sup_revenue *r = schedule(20260115, 20260620, SUP_REVENUE_BY_MONTH); /* any day names its month */
    add(r, NULL, item(SUP_REVENUE_SALE, 1, 20260701, 799000, SUP_DATE_NONE, 20270101));
    assert_int_equal(sup_revenue_row_count(r), 6);
    for (size_t i = 0; i < 6; i++) {
        sup_revenue_row row = row_at(r, i);
        assert_int_equal(row.month, 20260101 + (int)i * 100);
        assert_int_equal(row.billed + row.recognised + row.deferred + row.opening_deferred + row.payments, 0);
        assert_int_equal(row.kind, SUP_REVENUE_ALL);
        assert_int_equal(row.product, 0);
    }
    sup_revenue_free(r);
    /* grouped: no group without an item */
    r = schedule(20260101, 20260601, SUP_REVENUE_BY_PRODUCT);
    assert_int_equal(sup_revenue_row_count(r), 0);
    sup_revenue_free(r);
}

static void by_product_and_by_kind_add_up_to_the_months(void **state)
{
    (void)state;
    sup_revenue *m = schedule(20251101, 20270301, SUP_REVENUE_BY_MONTH);
    sup_revenue *p = schedule(20251101, 20270301, SUP_REVENUE_BY_PRODUCT);
    sup_revenue *k = schedule(20251101, 20270301, SUP_REVENUE_BY_KIND);
    sup_revenue_item its[] = {
        item(SUP_REVENUE_SALE, 3, 20251120, 799000, SUP_DATE_NONE, 20260520),
        item(SUP_REVENUE_PREFERENTIAL_RENEWAL, 3, 20260515, 199800, 20260520, 20270520),
        item(SUP_REVENUE_STANDARD_RENEWAL, 1, 20260301, 359600, 20250101, 20270301),
        item(SUP_REVENUE_SUBSCRIPTION_FIRST, 9, 20260210, 120000, SUP_DATE_NONE, 20270210),
        item(SUP_REVENUE_SUBSCRIPTION, 9, 20270205, 120000, 20270210, 20280210),
    };
    sup_policy *pol = policy_text("recognition_sale_support_share_bp = 1500\n");
    for (size_t i = 0; i < sizeof its / sizeof its[0]; i++) {
        add(m, pol, its[i]);
        add(p, pol, its[i]);
        add(k, pol, its[i]);
    }
    assert_int_equal(sup_revenue_row_count(p), 17 * 3);
    assert_int_equal(sup_revenue_row_count(k), 17 * 5);
    assert_int_equal(row_at(p, 0).product, 1); /* products in id order */
    assert_int_equal(row_at(p, 2).product, 9);
    assert_int_equal(row_at(k, 0).kind, SUP_REVENUE_SALE);
    for (size_t month = 0; month < 17; month++) {
        sup_revenue_row total = row_at(m, month);
        sup_money sums[2][4] = {{0}};
        for (size_t g = 0; g < 5; g++) {
            for (int v = 0; v < 2; v++) {
                if (v == 0 && g >= 3)
                    continue;
                sup_revenue_row row = row_at(v == 0 ? p : k, month * (v == 0 ? 3 : 5) + g);
                assert_int_equal(row.month, total.month);
                sums[v][0] += row.opening_deferred;
                sums[v][1] += row.billed;
                sums[v][2] += row.recognised;
                sums[v][3] += row.deferred;
            }
        }
        for (int v = 0; v < 2; v++) {
            assert_int_equal(sums[v][0], total.opening_deferred);
            assert_int_equal(sums[v][1], total.billed);
            assert_int_equal(sums[v][2], total.recognised);
            assert_int_equal(sums[v][3], total.deferred);
        }
    }
    assert_rolls_forward(p);
    assert_rolls_forward(k);
    sup_policy_free(pol);
    sup_revenue_free(m);
    sup_revenue_free(p);
    sup_revenue_free(k);
}

/* ---- exact money ------------------------------------------------------------------------------------------- */

static uint64_t rng = 0x2545F4914F6CDD1Du;
static uint64_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}

static sup_date add_days(sup_date d, int32_t n)
{
    sup_date out = 0;
    assert_int_equal(sup_date_add_days(d, n, &out), SUP_OK);
    return out;
}

/* One payment alone in a schedule covering its whole life: its months sum to it, each within a kopeck
 * of its exact share (days in the month / days of the period), none negative, the remainder last. */
static void every_payment_is_recognised_to_the_kopeck(void **state)
{
    (void)state;
    for (int t = 0; t < 3000; t++) {
        sup_date start = add_days(20231215, (int32_t)(rnd() % 1500));
        int32_t days = 1 + (int32_t)(rnd() % (t % 3 == 0 ? 40 : 800));
        sup_date end = add_days(start, days - 1);
        sup_money amount = (sup_money)(rnd() % (t % 5 == 0 ? 1000 : 50000000));
        sup_revenue *r = schedule(20231201, 20311201, SUP_REVENUE_BY_MONTH); /* past every period's end */
        /* a standard renewal earns from its date: [start, end] */
        add(r, NULL, item(SUP_REVENUE_STANDARD_RENEWAL, 1, start, amount, SUP_DATE_NONE, end));
        sup_money sum = 0;
        int32_t before = 0; /* days of the period before the month */
        size_t n = sup_revenue_row_count(r);
        for (size_t i = 0; i < n; i++) {
            sup_revenue_row row = row_at(r, i);
            assert_true(row.recognised >= 0);
            sup_date a = row.month > start ? row.month : start, b = row.month_end < end ? row.month_end : end;
            int32_t in = 0;
            if (a <= b) {
                assert_int_equal(sup_date_diff_days(a, b, &in), SUP_OK);
                in++;
            }
            /* exact share: amount × in / days; the cumulative rounding keeps every month within a kopeck */
            double exact = (double)amount * in / days;
            if (row.recognised < exact - 1.0000001 || row.recognised > exact + 1.0000001)
                fail_msg("%d-day period of %lld from %d: month %d recognised %lld, exact %.3f", days,
                         (long long)amount, (int)start, (int)row.month, (long long)row.recognised, exact);
            /* cumulatively: exactly floor(amount × days so far / days) */
            before += in;
            sum += row.recognised;
            assert_int_equal(sum, amount * before / days); /* amount < 5e7, before <= 800: no overflow */
        }
        assert_int_equal(sum, amount);
        assert_int_equal(row_at(r, n - 1).deferred, 0);
        sup_revenue_free(r);
    }
}

/* ---- corrections ------------------------------------------------------------------------------------------ */

static sup_revenue_item correction(sup_date on, sup_money amount, const sup_revenue_item *of, sup_money left,
                                   sup_date shortened)
{
    sup_revenue_item c = item(SUP_REVENUE_CORRECTION, of->product, on, amount, SUP_DATE_NONE, on);
    c.corrected_kind = of->kind;
    c.corrected_on = of->on;
    c.corrected_amount = left;
    c.corrected_support_before = of->support_before;
    c.corrected_support_until = of->support_until;
    c.shortened_until = shortened;
    return c;
}

static void a_void_reverses_in_its_month_what_the_payment_had_earned_and_then_nets_to_nothing(void **state)
{
    (void)state;
    sup_revenue *r = schedule(20260701, 20270801, SUP_REVENUE_BY_KIND);
    sup_revenue_item pay = item(SUP_REVENUE_PREFERENTIAL_RENEWAL, 1, 20260720, 199800, 20260731, 20270731);
    add(r, NULL, pay);
    add(r, NULL, correction(20261015, -199800, &pay, 199800, SUP_DATE_NONE));
    /* kinds: preferential renewal, correction; rows per month */
    assert_int_equal(sup_revenue_row_count(r), 14 * 2);
    sup_revenue_row oct_pay = row_at(r, 3 * 2), oct_void = row_at(r, 3 * 2 + 1);
    assert_int_equal(oct_void.kind, SUP_REVENUE_CORRECTION);
    assert_int_equal(oct_void.billed, -199800);
    assert_int_equal(oct_void.payments, 1);
    /* through October the payment earned Aug–Oct: 16969 + 16422 + 16969; the void takes it all back there */
    assert_int_equal(oct_pay.recognised, 16969);
    assert_int_equal(oct_void.recognised, -(16969 + 16422 + 16969));
    for (size_t k = 4; k < 14; k++) /* afterwards: each month the two cancel */
        assert_int_equal(row_at(r, k * 2).recognised + row_at(r, k * 2 + 1).recognised, 0);
    assert_int_equal(row_at(r, 3 * 2).deferred + row_at(r, 3 * 2 + 1).deferred, 0);
    assert_rolls_forward(r);
    sup_revenue_free(r);
}

static void a_refund_that_keeps_support_earns_less_of_each_remaining_day(void **state)
{
    (void)state;
    sup_revenue *r = schedule(20260701, 20270801, SUP_REVENUE_BY_MONTH);
    sup_revenue_item pay = item(SUP_REVENUE_PREFERENTIAL_RENEWAL, 1, 20260720, 365000, 20260731, 20270731);
    add(r, NULL, pay);
    add(r, NULL, correction(20260915, -36500, &pay, 365000, SUP_DATE_NONE)); /* a tenth back */
    sup_revenue_row sep = row_at(r, 2), oct = row_at(r, 3), last = row_at(r, 12);
    assert_int_equal(sep.billed, -36500);
    assert_int_equal(sep.recognised, 30000 - 3100 - 3000); /* Sep's 30 days, less a tenth of Aug and Sep */
    assert_int_equal(oct.recognised, 31000 - 3100);
    assert_int_equal(last.deferred, 0);
    sup_money total = 0;
    for (size_t i = 0; i < 14; i++)
        total += row_at(r, i).recognised;
    assert_int_equal(total, 365000 - 36500);
    assert_rolls_forward(r);
    sup_revenue_free(r);
}

static void a_refund_that_shortens_support_earns_what_is_kept_by_the_new_end(void **state)
{
    (void)state;
    sup_revenue *r = schedule(20260701, 20270801, SUP_REVENUE_BY_MONTH);
    sup_revenue_item pay = item(SUP_REVENUE_PREFERENTIAL_RENEWAL, 1, 20260720, 365000, 20260731, 20270731);
    add(r, NULL, pay);
    /* on 2026-10-31 support is cut to end that day and 243000 paid back: 122000 kept for Aug–Oct (92 days) */
    add(r, NULL, correction(20261031, -243000, &pay, 365000, 20261031));
    sup_revenue_row oct = row_at(r, 3), nov = row_at(r, 4);
    assert_int_equal(row_at(r, 1).recognised, 31000);
    assert_int_equal(row_at(r, 2).recognised, 30000);
    assert_int_equal(oct.billed, -243000);
    assert_int_equal(oct.recognised, 122000 - 61000); /* the kept amount in all, less what Aug and Sep earned */
    assert_int_equal(oct.deferred, 0);
    assert_int_equal(nov.recognised, 0);
    assert_int_equal(nov.deferred, 0);
    assert_rolls_forward(r);
    sup_revenue_free(r);
}

static void a_correction_of_a_split_sale_reverses_both_parts(void **state)
{
    (void)state;
    sup_policy *p = policy_text("recognition_sale_support_share_bp = 2500\n");
    sup_revenue *r = schedule(20260101, 20261231, SUP_REVENUE_BY_MONTH);
    sup_revenue_item sale = item(SUP_REVENUE_SALE, 1, 20260131, 799000, SUP_DATE_NONE, 20260731);
    add(r, p, sale);
    add(r, p, correction(20260310, -799000, &sale, 799000, SUP_DATE_NONE));
    for (size_t i = 2; i < 12; i++) {
        sup_revenue_row row = row_at(r, i);
        assert_int_equal(row.deferred, 0);
        if (i > 2)
            assert_int_equal(row.recognised, 0);
    }
    sup_money total = 0;
    for (size_t i = 0; i < 12; i++)
        total += row_at(r, i).recognised;
    assert_int_equal(total, 0);
    sup_revenue_free(r);
    sup_policy_free(p);
}

static void corrections_are_refused_when_they_do_not_fit_the_payment(void **state)
{
    (void)state;
    sup_revenue *r = schedule(20260101, 20261231, SUP_REVENUE_BY_MONTH);
    sup_revenue_item pay = item(SUP_REVENUE_PREFERENTIAL_RENEWAL, 1, 20260720, 199800, 20260731, 20270731);
    sup_revenue_item c = correction(20260801, -199801, &pay, 199800, SUP_DATE_NONE);
    assert_int_equal(sup_revenue_add(r, NULL, &c), SUP_EMONEY);
    assert_non_null(strstr(sup_error_message(), "more than the 199800 kopecks left"));
    c = correction(20260701, -100, &pay, 199800, SUP_DATE_NONE);
    assert_int_equal(sup_revenue_add(r, NULL, &c), SUP_EDATE);
    assert_non_null(strstr(sup_error_message(), "before the payment it corrects (2026-07-20)"));
    c = correction(20260801, -100, &pay, 199800, SUP_DATE_NONE);
    c.corrected_kind = SUP_REVENUE_CORRECTION;
    assert_int_equal(sup_revenue_add(r, NULL, &c), SUP_EINVAL);
    c = correction(20260801, -100, &pay, -5, SUP_DATE_NONE);
    assert_int_equal(sup_revenue_add(r, NULL, &c), SUP_EMONEY);
    c = correction(20260801, -100, &pay, 199800, 20260230);
    assert_int_equal(sup_revenue_add(r, NULL, &c), SUP_EDATE);
    assert_non_null(strstr(sup_error_message(), "shortened support end"));
    c = correction(20260801, -100, &pay, 199800, SUP_DATE_NONE);
    c.corrected_on = 20261301;
    assert_int_equal(sup_revenue_add(r, NULL, &c), SUP_EDATE);
    /* nothing was added by the refused items */
    for (size_t i = 0; i < 12; i++)
        assert_int_equal(row_at(r, i).payments, 0);
    sup_revenue_free(r);
}

/* ---- invariants over many random items ----------------------------------------------------------------------- */

static void random_items_keep_the_balance_and_the_whole_life_adds_up(void **state)
{
    (void)state;
    sup_policy *share = policy_text("recognition_sale_support_share_bp = 3300\n");
    static const sup_revenue_by bys[] = {SUP_REVENUE_BY_MONTH, SUP_REVENUE_BY_PRODUCT, SUP_REVENUE_BY_KIND};
    for (size_t b = 0; b < 3; b++) {
        /* the whole life: from before the first item to after every period ends */
        sup_revenue *life = schedule(20190101, 20301231, bys[b]);
        sup_revenue *part = schedule(20240201, 20250731, bys[b]);
        sup_money billed = 0;
        for (int i = 0; i < 4000; i++) {
            sup_date on = add_days(20190101, (int32_t)(rnd() % 2900));
            sup_revenue_kind kind = (sup_revenue_kind)(1 + rnd() % 5);
            sup_date until = add_days(on, (int32_t)(rnd() % 500) - 40), before = add_days(on, (int32_t)(rnd() % 80) - 40);
            sup_revenue_item it = item(kind, (sup_id)(rnd() % 7), on, (sup_money)(rnd() % 10000000), before, until);
            const sup_policy *p = i % 2 ? share : NULL;
            add(life, p, it);
            add(part, p, it);
            billed += it.amount;
            if (i % 10 == 0) { /* a refund of part of it, later */
                sup_revenue_item c = correction(add_days(on, (int32_t)(rnd() % 200)), -(it.amount / 3), &it, it.amount,
                                                i % 20 == 0 ? add_days(on, (int32_t)(rnd() % 100)) : SUP_DATE_NONE);
                add(life, p, c);
                add(part, p, c);
                billed += c.amount;
            }
        }
        assert_rolls_forward(life);
        assert_rolls_forward(part);
        size_t n = sup_revenue_row_count(life), groups = n / 144;
        sup_money rec = 0, bill = 0, deferred = 0;
        for (size_t i = 0; i < n; i++) {
            sup_revenue_row row = row_at(life, i);
            rec += row.recognised;
            bill += row.billed;
            if (i < groups)
                assert_int_equal(row.opening_deferred, 0);
            if (i >= n - groups)
                deferred += row.deferred;
        }
        assert_int_equal(bill, billed);
        assert_int_equal(rec + deferred, billed);
        assert_int_equal(deferred, 0); /* every period has ended by 2030 */
        /* the part of the life agrees with the whole: same opening and closing balances in total */
        sup_money open_part = 0, open_life = 0;
        size_t pn = sup_revenue_row_count(part), pg = pn / 18;
        for (size_t g = 0; g < pg; g++)
            open_part += row_at(part, g).opening_deferred;
        for (size_t g = 0; g < groups; g++)
            open_life += row_at(life, (size_t)(5 * 12 + 1) * groups + g).opening_deferred; /* 2024-02 */
        assert_int_equal(open_part, open_life);
        sup_revenue_free(life);
        sup_revenue_free(part);
    }
    sup_policy_free(share);
}

/* ---- bad inputs ------------------------------------------------------------------------------------------------ */

static void bad_options_are_refused_with_the_reason(void **state)
{
    (void)state;
    sup_revenue_options o;
    sup_revenue *r = NULL;
    assert_int_equal(sup_revenue_options_init(&o, 99), SUP_EINVAL);
    assert_int_equal(sup_revenue_options_init(&o, SUP_REVENUE_OPTIONS_VERSION), SUP_OK);
    assert_int_equal(o.by, SUP_REVENUE_BY_MONTH);
    assert_int_equal(sup_revenue_new(&o, &r), SUP_EDATE); /* no months */
    assert_null(r);
    o.from = 20260301;
    o.to = 20260228;
    assert_int_equal(sup_revenue_new(&o, &r), SUP_EDATE);
    assert_string_equal(sup_error_message(), "revenue schedule: the last month 2026-02 is before the first 2026-03");
    o.to = 20260331; /* the same month */
    assert_int_equal(sup_revenue_new(&o, &r), SUP_OK);
    assert_int_equal(sup_revenue_row_count(r), 1);
    sup_revenue_free(r);
    o.from = 19000101;
    o.to = 19991231;
    assert_int_equal(sup_revenue_new(&o, &r), SUP_OK);
    assert_int_equal(sup_revenue_row_count(r), SUP_REVENUE_MONTHS_MAX);
    sup_revenue_free(r);
    o.to = 20000101;
    assert_int_equal(sup_revenue_new(&o, &r), SUP_ERANGE);
    assert_string_equal(sup_error_message(), "revenue schedule: 1201 months from 1900-01 to 2000-01; at most 1200");
    o.to = 19990230;
    assert_int_equal(sup_revenue_new(&o, &r), SUP_EDATE);
    o.to = 19991231;
    o.by = (sup_revenue_by)3;
    assert_int_equal(sup_revenue_new(&o, &r), SUP_EINVAL);
    o.by = SUP_REVENUE_BY_MONTH;
    o.version = 2;
    assert_int_equal(sup_revenue_new(&o, &r), SUP_EINVAL);
    assert_int_equal(sup_revenue_new(NULL, &r), SUP_EINVAL);
    assert_int_equal(sup_revenue_new(&o, NULL), SUP_EINVAL);
    sup_revenue_free(NULL);
}

static void the_calendars_last_month_has_its_row(void **state)
{
    (void)state;
    sup_revenue *r = schedule(99991101, 99991231, SUP_REVENUE_BY_MONTH);
    add(r, NULL, item(SUP_REVENUE_PREFERENTIAL_RENEWAL, 1, 99991130, 3000, 99991130, 99991231));
    assert_int_equal(row_at(r, 1).month_end, 99991231);
    assert_int_equal(row_at(r, 1).recognised, 3000);
    /* a period that ends before it starts is earned on the payment's date */
    add(r, NULL, item(SUP_REVENUE_PREFERENTIAL_RENEWAL, 1, 99991201, 500, 99991231, 99991231));
    assert_int_equal(row_at(r, 1).recognised, 3500);
    sup_revenue_free(r);
}

static void bad_items_are_refused_and_change_nothing(void **state)
{
    (void)state;
    sup_revenue *r = schedule(20260101, 20261231, SUP_REVENUE_BY_PRODUCT);
    sup_revenue_item it = item(SUP_REVENUE_SALE, 1, 20260230, 100, SUP_DATE_NONE, 20260731);
    assert_int_equal(sup_revenue_add(r, NULL, &it), SUP_EDATE);
    assert_non_null(strstr(sup_error_message(), "revenue item: payment date"));
    it = item(SUP_REVENUE_SALE, 1, 20260131, 100, SUP_DATE_NONE, 20261331);
    assert_int_equal(sup_revenue_add(r, NULL, &it), SUP_EDATE);
    assert_non_null(strstr(sup_error_message(), "payment support end"));
    it = item(SUP_REVENUE_PREFERENTIAL_RENEWAL, 1, 20260131, 100, 1, 20260731);
    assert_int_equal(sup_revenue_add(r, NULL, &it), SUP_EDATE);
    it = item(SUP_REVENUE_SALE, 1, 20260131, -1, SUP_DATE_NONE, 20260731);
    assert_int_equal(sup_revenue_add(r, NULL, &it), SUP_EMONEY);
    assert_non_null(strstr(sup_error_message(), "a correction"));
    it = item(SUP_REVENUE_SALE, 1, 20260131, SUP_REVENUE_AMOUNT_MAX + 1, SUP_DATE_NONE, 20260731);
    assert_int_equal(sup_revenue_add(r, NULL, &it), SUP_EMONEY);
    it = item(SUP_REVENUE_ALL, 1, 20260131, 100, SUP_DATE_NONE, 20260731);
    assert_int_equal(sup_revenue_add(r, NULL, &it), SUP_EINVAL);
    it = item((sup_revenue_kind)7, 1, 20260131, 100, SUP_DATE_NONE, 20260731);
    assert_int_equal(sup_revenue_add(r, NULL, &it), SUP_EINVAL);
    it = item(SUP_REVENUE_SALE, -3, 20260131, 100, SUP_DATE_NONE, 20260731);
    assert_int_equal(sup_revenue_add(r, NULL, &it), SUP_EINVAL);
    it = item(SUP_REVENUE_SALE, 1, 20260131, 100, SUP_DATE_NONE, 20260731);
    it.version = 0;
    assert_int_equal(sup_revenue_add(r, NULL, &it), SUP_EINVAL);
    assert_int_equal(sup_revenue_add(r, NULL, NULL), SUP_EINVAL);
    assert_int_equal(sup_revenue_add(NULL, NULL, &it), SUP_EINVAL);
    assert_int_equal(sup_revenue_item_init(&it, 2), SUP_EINVAL);
    assert_int_equal(sup_revenue_row_count(r), 0);
    sup_revenue_row row = {.version = SUP_REVENUE_ROW_VERSION};
    assert_int_equal(sup_revenue_get_row(r, 0, &row), SUP_ENOTFOUND);
    row.version = 9;
    it = item(SUP_REVENUE_SALE, 1, 20260131, 100, SUP_DATE_NONE, 20260731);
    add(r, NULL, it);
    assert_int_equal(sup_revenue_get_row(r, 0, &row), SUP_EINVAL);
    assert_int_equal(sup_revenue_get_row(r, 0, NULL), SUP_EINVAL);
    assert_int_equal(sup_revenue_row_count(NULL), 0);
    sup_revenue_free(r);
}

static void totals_that_would_overflow_are_refused_and_change_nothing(void **state)
{
    (void)state;
    sup_revenue *r = schedule(20260101, 20260131, SUP_REVENUE_BY_MONTH);
    sup_revenue_item it = item(SUP_REVENUE_SALE, 1, 20260110, SUP_REVENUE_AMOUNT_MAX, SUP_DATE_NONE, 20260110);
    int added = 0, rc;
    while ((rc = sup_revenue_add(r, NULL, &it)) == SUP_OK)
        added++;
    assert_int_equal(rc, SUP_EMONEY);
    assert_string_equal(sup_error_message(), "revenue schedule: the totals would overflow 64-bit kopecks");
    assert_true(added > 1000);
    sup_revenue_row row = row_at(r, 0);
    assert_int_equal(row.payments, added);
    assert_int_equal(row.billed, (sup_money)added * SUP_REVENUE_AMOUNT_MAX);
    assert_int_equal(row.recognised, row.billed);
    sup_revenue_free(r);
}

static void months_are_parsed_exactly(void **state)
{
    (void)state;
    sup_date d = 0;
    assert_int_equal(sup_revenue_parse_month("2026-01", &d), SUP_OK);
    assert_int_equal(d, 20260101);
    assert_int_equal(sup_revenue_parse_month("9999-12", &d), SUP_OK);
    assert_int_equal(d, 99991201);
    assert_int_equal(sup_revenue_parse_month("1900-01", &d), SUP_OK);
    static const char *const bad[] = {"2026-13", "2026-00", "2026-1", "2026/01", "26-01", "2026-01-01", "",
                                      " 2026-01", "1899-12", "２026-01"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        d = 7;
        assert_int_equal(sup_revenue_parse_month(bad[i], &d), SUP_EDATE);
        assert_int_equal(d, 7);
    }
    assert_int_equal(sup_revenue_parse_month("2026-13", &d), SUP_EDATE);
    assert_string_equal(sup_error_message(), "invalid month \"2026-13\": the month must be 01…12, not 13");
    assert_int_equal(sup_revenue_parse_month("2026/01", &d), SUP_EDATE);
    assert_string_equal(sup_error_message(), "invalid month \"2026/01\": expected YYYY-MM, e.g. 2026-01");
    assert_int_equal(sup_revenue_parse_month(NULL, &d), SUP_EINVAL);
}

static void names_of_kinds_and_groupings(void **state)
{
    (void)state;
    assert_string_equal(sup_revenue_kind_name(SUP_REVENUE_SUBSCRIPTION_FIRST), "subscription_first");
    assert_string_equal(sup_revenue_kind_name(SUP_REVENUE_CORRECTION), "correction");
    assert_string_equal(sup_revenue_kind_name((sup_revenue_kind)7), "");
    assert_string_equal(sup_revenue_by_name(SUP_REVENUE_BY_KIND), "kind");
    assert_string_equal(sup_revenue_by_name((sup_revenue_by)3), "");
    sup_revenue_by by = SUP_REVENUE_BY_MONTH;
    assert_int_equal(sup_revenue_by_from_name("product", &by), SUP_OK);
    assert_int_equal(by, SUP_REVENUE_BY_PRODUCT);
    assert_int_equal(sup_revenue_by_from_name("Product", &by), SUP_EINVAL);
    assert_string_equal(sup_error_message(), "unknown revenue grouping \"Product\": expected month, product or kind");
    assert_string_equal(sup_recognition_name(SUP_RECOGNITION_ON_PAYMENT), "on_payment");
    assert_string_equal(sup_recognition_name((sup_recognition)2), "");
    assert_string_equal(sup_label(SUP_LABEL_REVENUE_KIND, SUP_REVENUE_SUBSCRIPTION_FIRST, SUP_LANG_RU),
                        "подписка: первый платёж");
    assert_string_equal(sup_label(SUP_LABEL_REVENUE_COLUMN, SUP_REVCOL_DEFERRED, SUP_LANG_RU),
                        "Доходы будущих периодов на конец месяца");
    assert_string_equal(sup_label(SUP_LABEL_REVENUE_VIEW, SUP_REVENUE_VIEW_DEFERRED, SUP_LANG_EN), "Deferred revenue");
}

/* ---- the policy's recognition keys ------------------------------------------------------------------------------ */

static void the_recognition_keys_default_parse_print_and_compare(void **state)
{
    (void)state;
    sup_policy *d = NULL;
    assert_int_equal(sup_policy_new(&d), SUP_OK);
    assert_int_equal(sup_policy_recognition_sale_support_share(d), 0);
    assert_int_equal(sup_policy_recognition_renewal(d), SUP_RECOGNITION_DAILY);
    assert_int_equal(sup_policy_recognition_subscription(d), SUP_RECOGNITION_DAILY);
    char *text = NULL;
    assert_int_equal(sup_policy_to_text(d, &text), SUP_OK);
    assert_non_null(strstr(text, "\nrecognition_sale_support_share_bp = 0\nrecognition_renewal = daily\n"
                                 "recognition_subscription = daily\n"));
    sup_free(text);
    sup_policy *p = policy_text("recognition_sale_support_share_bp = 10000\nrecognition_subscription = on_payment\n");
    assert_int_equal(sup_policy_recognition_sale_support_share(p), 10000);
    assert_int_equal(sup_policy_recognition_subscription(p), SUP_RECOGNITION_ON_PAYMENT);
    assert_int_equal(sup_policy_recognition_renewal(p), SUP_RECOGNITION_DAILY);
    assert_false(sup_policy_equal(p, d));
    assert_int_equal(sup_policy_to_text(p, &text), SUP_OK);
    sup_policy *back = policy_text(text);
    assert_true(sup_policy_equal(back, p));
    sup_free(text);
    sup_policy *copy = NULL;
    assert_int_equal(sup_policy_clone(p, &copy), SUP_OK);
    assert_true(sup_policy_equal(copy, p));
    assert_int_equal(sup_policy_set_recognition_renewal(copy, SUP_RECOGNITION_ON_PAYMENT), SUP_OK);
    assert_false(sup_policy_equal(copy, p));
    assert_int_equal(sup_policy_set_recognition_renewal(copy, (sup_recognition)2), SUP_EINVAL);
    assert_int_equal(sup_policy_set_recognition_subscription(copy, (sup_recognition)-1), SUP_EINVAL);
    assert_int_equal(sup_policy_set_recognition_sale_support_share(copy, 10001), SUP_ERANGE);
    assert_string_equal(sup_error_message(), "sale support share 10001 bp is outside 0…10000 (0%…100%)");
    assert_int_equal(sup_policy_set_recognition_sale_support_share(copy, -1), SUP_ERANGE);
    assert_int_equal(sup_policy_recognition_renewal(copy), SUP_RECOGNITION_ON_PAYMENT);
    assert_int_equal(sup_policy_set_recognition_sale_support_share(copy, 2500), SUP_OK);
    assert_int_equal(sup_policy_recognition_sale_support_share(copy), 2500);
    assert_int_equal(sup_policy_set_recognition_sale_support_share(NULL, 1), SUP_EINVAL);
    assert_int_equal(sup_policy_set_recognition_renewal(NULL, SUP_RECOGNITION_DAILY), SUP_EINVAL);
    assert_int_equal(sup_policy_recognition_sale_support_share(NULL), 0);
    sup_policy_free(copy);
    sup_policy_free(back);
    sup_policy_free(p);
    sup_policy_free(d);
}

static void bad_recognition_values_are_refused_with_the_line(void **state)
{
    (void)state;
    static const struct {
        const char *text, *message;
    } bad[] = {
        {"recognition_sale_support_share_bp = 10001",
         "policy line 1: \"recognition_sale_support_share_bp\" must be a whole number of basis points 0…10000, not "
         "\"10001\""},
        {"grace_months = 1\nrecognition_sale_support_share_bp = -5",
         "policy line 2: \"recognition_sale_support_share_bp\" must be a whole number of basis points 0…10000, not "
         "\"-5\""},
        {"recognition_sale_support_share_bp = 20%", NULL},
        {"recognition_sale_support_share_bp = ", NULL},
        {"recognition_renewal = monthly",
         "policy line 1: \"recognition_renewal\" must be daily or on_payment, not \"monthly\""},
        {"recognition_subscription = Daily", NULL},
        {"recognition_renewal = daily\nrecognition_renewal = daily",
         "policy line 2: key \"recognition_renewal\" given twice"},
        {"recognition = daily", "policy line 1: unknown key \"recognition\""},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        sup_policy *p = (sup_policy *)1;
        assert_int_equal(sup_policy_parse(bad[i].text, &p), SUP_EPARSE);
        assert_null(p);
        if (bad[i].message != NULL)
            assert_string_equal(sup_error_message(), bad[i].message);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_preferential_renewal_is_earned_by_day_from_the_day_after_the_old_end),
        cmocka_unit_test(a_standard_renewal_is_earned_from_its_date_with_partial_first_and_last_months),
        cmocka_unit_test(february_of_a_leap_year_earns_its_29_days),
        cmocka_unit_test(a_preferential_renewal_paid_in_the_window_earns_the_days_before_it_in_its_month),
        cmocka_unit_test(a_renewal_paid_in_the_month_after_its_period_began_catches_up_there),
        cmocka_unit_test(subscriptions_first_payment_and_later_ones_are_apart_and_earned_over_their_periods),
        cmocka_unit_test(a_lapsed_subscription_paid_again_restarts_from_the_payment),
        cmocka_unit_test(a_perpetual_sale_is_earned_on_its_date_unless_a_support_share_is_split_out),
        cmocka_unit_test(on_payment_recognises_everything_on_the_payments_date),
        cmocka_unit_test(a_payment_before_the_first_month_opens_it_with_what_it_had_not_earned),
        cmocka_unit_test(payments_after_the_last_month_change_nothing_and_empty_months_have_rows),
        cmocka_unit_test(by_product_and_by_kind_add_up_to_the_months),
        cmocka_unit_test(every_payment_is_recognised_to_the_kopeck),
        cmocka_unit_test(a_void_reverses_in_its_month_what_the_payment_had_earned_and_then_nets_to_nothing),
        cmocka_unit_test(a_refund_that_keeps_support_earns_less_of_each_remaining_day),
        cmocka_unit_test(a_refund_that_shortens_support_earns_what_is_kept_by_the_new_end),
        cmocka_unit_test(a_correction_of_a_split_sale_reverses_both_parts),
        cmocka_unit_test(corrections_are_refused_when_they_do_not_fit_the_payment),
        cmocka_unit_test(random_items_keep_the_balance_and_the_whole_life_adds_up),
        cmocka_unit_test(bad_options_are_refused_with_the_reason),
        cmocka_unit_test(the_calendars_last_month_has_its_row),
        cmocka_unit_test(bad_items_are_refused_and_change_nothing),
        cmocka_unit_test(totals_that_would_overflow_are_refused_and_change_nothing),
        cmocka_unit_test(months_are_parsed_exactly),
        cmocka_unit_test(names_of_kinds_and_groupings),
        cmocka_unit_test(the_recognition_keys_default_parse_print_and_compare),
        cmocka_unit_test(bad_recognition_values_are_refused_with_the_line),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
