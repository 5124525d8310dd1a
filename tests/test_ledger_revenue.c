/* The ledger's revenue schedule (sup_ledger_revenue): the payments of a ledger
 * streamed into the core's schedule under the policy version in force on each
 * payment's date. Checked against exact figures on small ledgers, and on random
 * ledgers (thousands of licenses, every kind of event, month ends, leap years)
 * against a schedule the test builds itself from each license's history, with
 * the balance invariants. Runs on both engines (pg.test_ledger_revenue). */
#include "ledger_test_util.h"

/* ---- reading the cursor ------------------------------------------------------------------------------- */

static sup_cursor *revenue(sup_ledger *l, sup_date from, sup_date to, sup_revenue_by by)
{
    sup_revenue_options o;
    assert_int_equal(sup_revenue_options_init(&o, SUP_REVENUE_OPTIONS_VERSION), SUP_OK);
    o.from = from;
    o.to = to;
    o.by = by;
    sup_cursor *c = NULL;
    if (sup_ledger_revenue(l, &o, &c) != SUP_OK)
        fail_msg("sup_ledger_revenue: %s", sup_error_message());
    return c;
}

/* The cursor's rows (the cursor freed); *n gets their number. */
static sup_revenue_row *rows_of(sup_cursor *c, size_t *n)
{
    size_t cap = 64;
    sup_revenue_row *rows = malloc(cap * sizeof *rows);
    assert_non_null(rows);
    *n = 0;
    int rc;
    while ((rc = sup_cursor_next(c)) == 1) {
        if (*n == cap) {
            cap *= 2;
            rows = realloc(rows, cap * sizeof *rows);
            assert_non_null(rows);
        }
        sup_revenue_row *r = &rows[(*n)++];
        r->version = SUP_REVENUE_ROW_VERSION;
        r->month = sup_cursor_date(c, SUP_REVCOL_MONTH);
        r->month_end = sup_cursor_date(c, SUP_REVCOL_MONTH_END);
        r->product = sup_cursor_int64(c, SUP_REVCOL_PRODUCT);
        r->kind = (sup_revenue_kind)sup_cursor_int64(c, SUP_REVCOL_KIND);
        r->opening_deferred = sup_cursor_int64(c, SUP_REVCOL_OPENING_DEFERRED);
        r->billed = sup_cursor_int64(c, SUP_REVCOL_BILLED);
        r->recognised = sup_cursor_int64(c, SUP_REVCOL_RECOGNISED);
        r->deferred = sup_cursor_int64(c, SUP_REVCOL_DEFERRED);
        r->payments = sup_cursor_int64(c, SUP_REVCOL_PAYMENTS);
    }
    if (rc != 0)
        fail_msg("sup_cursor_next: %s", sup_error_message());
    sup_cursor_free(c);
    return rows;
}

static void assert_rolls_forward(const sup_revenue_row *rows, size_t n, size_t groups)
{
    for (size_t i = 0; i < n; i++) {
        assert_int_equal(rows[i].opening_deferred + rows[i].billed - rows[i].recognised, rows[i].deferred);
        if (i >= groups && rows[i].kind == rows[i - groups].kind && rows[i].product == rows[i - groups].product)
            assert_int_equal(rows[i].opening_deferred, rows[i - groups].deferred);
    }
}

/* ---- a small ledger, exact figures ---------------------------------------------------------------------- */

static void a_sale_and_its_renewal_are_billed_recognised_and_deferred_by_month(void **state)
{
    (void)state;
    sup_ledger *l = open_mem();
    sup_id p = add_seed_product(l, "REP"), c = add_customer(l, "C1");
    sup_id lic = sell(l, c, p, 20260131); /* 7990 rub, support through 2026-07-31 */
    sup_quote *q = renew(l, lic, 20260720, "r-1"); /* preferential 1998 rub, 2026-08-01 … 2027-07-31 */
    assert_int_equal(sup_quote_fee(q), 199800);
    sup_quote_free(q);
    size_t n = 0;
    sup_revenue_row *rows = rows_of(revenue(l, 20251201, 20270801, SUP_REVENUE_BY_MONTH), &n);
    assert_int_equal(n, 21); /* every month, also those with nothing in them */
    assert_int_equal(rows[0].month, 20251201);
    assert_int_equal(rows[0].billed + rows[0].recognised + rows[0].deferred, 0);
    assert_int_equal(rows[1].billed, 799000); /* January: the sale, earned on its date */
    assert_int_equal(rows[1].recognised, 799000);
    assert_int_equal(rows[1].payments, 1);
    assert_int_equal(rows[7].month, 20260701);
    assert_int_equal(rows[7].billed, 199800);
    assert_int_equal(rows[7].recognised, 0);
    assert_int_equal(rows[7].deferred, 199800);
    static const sup_money months[] = {16969, 16422, 16969, 16422, 16969, 16970, 15327, 16969, 16422, 16969, 16422,
                                       16970};
    for (size_t i = 0; i < 12; i++)
        assert_int_equal(rows[8 + i].recognised, months[i]);
    assert_int_equal(rows[19].deferred, 0);
    assert_int_equal(rows[20].recognised, 0);
    assert_rolls_forward(rows, n, 1);
    free(rows);

    /* by kind and by product, with the product's code and name */
    sup_cursor *cur = revenue(l, 20260101, 20260801, SUP_REVENUE_BY_KIND);
    assert_int_equal(sup_cursor_column_count(cur), 11);
    assert_string_equal(sup_cursor_column_name(cur, SUP_REVCOL_OPENING_DEFERRED), "opening_deferred");
    assert_int_equal(sup_cursor_column_type(cur, SUP_REVCOL_KIND), SUP_COLUMN_REVENUE_KIND);
    assert_int_equal(sup_cursor_column_type(cur, SUP_REVCOL_RECOGNISED), SUP_COLUMN_MONEY);
    assert_int_equal(sup_cursor_column_index(cur, "deferred"), SUP_REVCOL_DEFERRED);
    assert_int_equal(sup_cursor_next(cur), 1);
    assert_int_equal(sup_cursor_int64(cur, SUP_REVCOL_KIND), SUP_REVENUE_SALE);
    assert_true(sup_cursor_is_null(cur, SUP_REVCOL_PRODUCT_CODE));
    assert_int_equal(sup_cursor_next(cur), 1);
    assert_int_equal(sup_cursor_int64(cur, SUP_REVCOL_KIND), SUP_REVENUE_PREFERENTIAL_RENEWAL);
    sup_cursor_free(cur);
    rows = rows_of(revenue(l, 20260101, 20260801, SUP_REVENUE_BY_KIND), &n);
    assert_int_equal(n, 8 * 2);
    free(rows);
    cur = revenue(l, 20260701, 20260701, SUP_REVENUE_BY_PRODUCT);
    assert_int_equal(sup_cursor_next(cur), 1);
    assert_int_equal(sup_cursor_int64(cur, SUP_REVCOL_PRODUCT), p);
    assert_string_equal(sup_cursor_text(cur, SUP_REVCOL_PRODUCT_CODE), "REP");
    assert_string_equal(sup_cursor_text(cur, SUP_REVCOL_PRODUCT_NAME), "Отчёт 1С");
    assert_int_equal(sup_cursor_int64(cur, SUP_REVCOL_BILLED), 199800);
    assert_int_equal(sup_cursor_next(cur), 0);
    assert_int_equal(sup_cursor_next(cur), 0);
    sup_cursor_free(cur);
    sup_ledger_close(l);
}

/* ---- corrections (corrections.h): voids and refunds reverse what the payment earns ---------------------- */

static sup_money sum_recognised(const sup_revenue_row *rows, size_t n)
{
    sup_money t = 0;
    for (size_t i = 0; i < n; i++)
        t += rows[i].recognised;
    return t;
}

static void a_voided_renewal_earns_nothing_and_earlier_months_stay_as_reported(void **state)
{
    (void)state;
    sup_ledger *l = open_mem();
    sup_id p = add_seed_product(l, "REP"), c = add_customer(l, "C1");
    sup_id lic = sell(l, c, p, 20260131);
    sup_quote_free(renew(l, lic, 20260720, "r-1")); /* 1998 rub, 2026-08-01 … 2027-07-31 */
    sup_id ev = 0, v = 0;
    assert_int_equal(sup_ledger_find_payment(l, "r-1", &ev), SUP_OK);
    assert_int_equal(sup_ledger_void_payment(l, ACTOR, ev, 20260910, "recorded twice", &v), SUP_OK);
    size_t n = 0;
    sup_revenue_row *rows = rows_of(revenue(l, 20260101, 20270801, SUP_REVENUE_BY_MONTH), &n);
    assert_int_equal(n, 20);
    assert_int_equal(rows[6].billed, 199800);       /* July: the renewal, as reported then */
    assert_int_equal(rows[7].recognised, 16969);    /* August: as reported then */
    assert_int_equal(rows[8].billed, -199800);      /* September: the void */
    assert_int_equal(rows[8].recognised, -16969);   /* what the renewal had earned, taken back */
    assert_int_equal(rows[8].deferred, 0);
    for (size_t i = 9; i < n; i++)
        assert_int_equal(rows[i].recognised + rows[i].billed + rows[i].deferred, 0);
    assert_int_equal(sum_recognised(rows, n), 799000); /* the sale only */
    assert_rolls_forward(rows, n, 1);
    free(rows);
    /* by kind: the void is a row of kind correction */
    rows = rows_of(revenue(l, 20260901, 20260901, SUP_REVENUE_BY_KIND), &n);
    bool seen = false;
    for (size_t i = 0; i < n; i++)
        if (rows[i].kind == SUP_REVENUE_CORRECTION) {
            assert_int_equal(rows[i].billed, -199800);
            seen = true;
        }
    assert_true(seen);
    free(rows);
    sup_ledger_close(l);
}

static void refunds_reverse_what_is_left_and_a_shortened_one_ends_the_earning(void **state)
{
    (void)state;
    sup_ledger *l = open_mem();
    sup_id p = add_seed_product(l, "REP"), c = add_customer(l, "C1");
    sup_id lic = sell(l, c, p, 20260131);
    sup_quote_free(renew(l, lic, 20260720, "r-1"));
    sup_id ev = 0, id = 0;
    assert_int_equal(sup_ledger_find_payment(l, "r-1", &ev), SUP_OK);
    sup_refund_options o;
    assert_int_equal(sup_refund_options_init(&o, SUP_REFUND_OPTIONS_VERSION), SUP_OK);
    o.amount = 50000; /* a goodwill refund: support kept */
    assert_int_equal(sup_ledger_refund_payment(l, ACTOR, ev, 20261015, "goodwill", &o, &id), SUP_OK);
    size_t n = 0;
    sup_revenue_row *rows = rows_of(revenue(l, 20260101, 20270801, SUP_REVENUE_BY_MONTH), &n);
    assert_int_equal(rows[7].recognised, 16969); /* August and September as reported */
    assert_int_equal(rows[8].recognised, 16422);
    assert_int_equal(rows[9].billed, -50000);
    assert_true(rows[9].recognised < 16969);     /* October earns less, and so does every later month */
    assert_true(rows[10].recognised < 16422);
    assert_true(rows[18].recognised > 0);        /* still earned to the end of support (July 2027) */
    assert_int_equal(rows[19].deferred, 0);
    assert_int_equal(sum_recognised(rows, n), 799000 + 199800 - 50000);
    assert_rolls_forward(rows, n, 1);
    free(rows);

    /* the rest refunded with support shortened to the refund date: nothing is earned after it */
    o.amount = 0;
    o.support = SUP_REFUND_SHORTEN_SUPPORT;
    assert_int_equal(sup_ledger_refund_payment(l, ACTOR, ev, 20261201, "cancelled", &o, &id), SUP_OK);
    rows = rows_of(revenue(l, 20260101, 20270801, SUP_REVENUE_BY_MONTH), &n);
    assert_int_equal(rows[11].billed, -(199800 - 50000));
    /* nothing is earned after it but the rounding remainders of three streams of one payment (the
     * payment, the first refund, the second), within a kopeck a month, netting to nothing */
    sup_money after = 0;
    for (size_t i = 11; i < n; i++) {
        assert_true(rows[i].deferred >= -1 && rows[i].deferred <= 1);
        if (i > 11) {
            assert_true(rows[i].recognised >= -1 && rows[i].recognised <= 1);
            after += rows[i].recognised;
        }
    }
    assert_int_equal(rows[n - 1].deferred, 0);
    assert_true(after >= -1 && after <= 1);
    assert_int_equal(sum_recognised(rows, n), 799000);
    assert_rolls_forward(rows, n, 1);
    free(rows);
    sup_ledger_close(l);
}

static void a_subscriptions_first_payment_is_apart_from_the_later_ones(void **state)
{
    (void)state;
    sup_ledger *l = open_mem();
    sup_id s = 0, c = add_customer(l, "C1");
    assert_int_equal(sup_ledger_add_product(l, ACTOR, "SUB", "Сервис", SUP_LICENSE_SUBSCRIPTION_MONTHLY, 0, &s),
                     SUP_OK);
    assert_int_equal(sup_ledger_set_price(l, ACTOR, s, 20200101, 99900), SUP_OK);
    sup_id lic = sell(l, c, s, 20260131); /* paid through 2026-02-28 */
    assert_int_equal(sup_ledger_pay(l, ACTOR, "p-1", lic, 20260226, 99900, NULL), SUP_OK); /* through 03-31 */
    assert_int_equal(sup_ledger_pay(l, ACTOR, "p-2", lic, 20260410, 99900, NULL), SUP_OK); /* lapsed: 04-10 … 05-10 */
    size_t n = 0;
    sup_revenue_row *rows = rows_of(revenue(l, 20260101, 20260531, SUP_REVENUE_BY_KIND), &n);
    assert_int_equal(n, 5 * 2);
    assert_int_equal(rows[0].kind, SUP_REVENUE_SUBSCRIPTION_FIRST);
    assert_int_equal(rows[0].recognised, 3444);
    assert_int_equal(rows[2].recognised, 96456);
    assert_int_equal(rows[3].kind, SUP_REVENUE_SUBSCRIPTION);
    assert_int_equal(rows[3].billed, 99900);
    assert_int_equal(rows[3].recognised, 0);
    assert_int_equal(rows[5].recognised, 99900);           /* March: the period paid ahead */
    assert_int_equal(rows[7].recognised, 99900 * 21 / 31); /* April 10 … 30 of 31 days */
    assert_int_equal(rows[9].deferred, 0);
    free(rows);
    sup_ledger_close(l);
}

static void each_payment_is_recognised_under_the_policy_version_of_its_date(void **state)
{
    (void)state;
    sup_ledger *l = open_mem();
    sup_policy *pol = NULL;
    assert_int_equal(sup_policy_parse("recognition_sale_support_share_bp = 2000\n", &pol), SUP_OK);
    assert_int_equal(sup_ledger_add_policy(l, ACTOR, 20260601, pol, NULL), SUP_OK);
    sup_policy_free(pol);
    sup_id p = add_seed_product(l, "REP"), c = add_customer(l, "C1");
    sell(l, c, p, 20260531); /* before the version: all on its date */
    sell(l, c, p, 20260601); /* 20% over 2026-06-01 … 2026-12-01, 184 days */
    size_t n = 0;
    sup_revenue_row *rows = rows_of(revenue(l, 20260501, 20261231, SUP_REVENUE_BY_MONTH), &n);
    assert_int_equal(rows[0].recognised, 799000);
    assert_int_equal(rows[1].billed, 799000);
    assert_int_equal(rows[1].recognised, 639200 + 159800 * 30 / 184);
    assert_int_equal(rows[7].recognised, 159800 - 159800 * 183 / 184);
    assert_int_equal(rows[7].deferred, 0);
    free(rows);
    sup_ledger_close(l);
}

/* ---- random ledgers -------------------------------------------------------------------------------------------- */

static uint64_t rng = 0x9E3779B97F4A7C15u;
static uint64_t rnd(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return rng;
}
static int below(int n) { return (int)(rnd() % (uint64_t)n); }

static sup_date days_after(sup_date d, int32_t n)
{
    sup_date out = 0;
    return sup_date_add_days(d, n, &out) == SUP_OK ? out : d;
}

#define NPRODUCTS 4
#define LAST_DAY 20271231

/* A purchase date: mostly any day of 2023-11 … 2027-06, one in five the end of a month (leap Februaries too). */
static sup_date purchase_date(void)
{
    sup_date d = days_after(20231101, below(1338));
    if (below(5) == 0) {
        int y = sup_date_year(d), m = sup_date_month(d);
        d = y * 10000 + m * 100 + sup_date_days_in_month(y, m);
    }
    return d;
}

/* A ledger of `nlic` licenses with every kind of event; its products in prods[]. */
static void fill_random(sup_ledger *l, int nlic, sup_id prods[NPRODUCTS])
{
    static const struct {
        const char *code;
        sup_license_kind kind;
        int months;
        sup_money price;
    } catalogue[NPRODUCTS] = {
        {"PERP6", SUP_LICENSE_PERPETUAL, 6, 799000},
        {"PERP12", SUP_LICENSE_PERPETUAL, 12, 1250050},
        {"SUBM", SUP_LICENSE_SUBSCRIPTION_MONTHLY, 0, 99900},
        {"SUBY", SUP_LICENSE_SUBSCRIPTION_YEARLY, 0, 1000033},
    };
    for (int i = 0; i < NPRODUCTS; i++) {
        assert_int_equal(sup_ledger_add_product(l, ACTOR, catalogue[i].code, catalogue[i].code, catalogue[i].kind,
                                                catalogue[i].months, &prods[i]),
                         SUP_OK);
        assert_int_equal(sup_ledger_set_price(l, ACTOR, prods[i], 20200101, catalogue[i].price), SUP_OK);
        assert_int_equal(sup_ledger_set_price(l, ACTOR, prods[i], 20260301, catalogue[i].price + 10001), SUP_OK);
    }
    /* recognition changes with the policy: a support share from 2025-07-01, subscriptions on payment in 2027 */
    static const struct {
        sup_date effective;
        const char *text;
    } versions[] = {
        {20250701, "recognition_sale_support_share_bp = 1750\n"},
        {20270101, "recognition_sale_support_share_bp = 1750\nrecognition_subscription = on_payment\n"},
    };
    for (size_t i = 0; i < sizeof versions / sizeof versions[0]; i++) {
        sup_policy *pol = NULL;
        assert_int_equal(sup_policy_parse(versions[i].text, &pol), SUP_OK);
        assert_int_equal(sup_ledger_add_policy(l, ACTOR, versions[i].effective, pol, NULL), SUP_OK);
        sup_policy_free(pol);
    }
    sup_id customers[50];
    for (int i = 0; i < 50; i++) {
        char code[16];
        snprintf(code, sizeof code, "C%02d", i);
        customers[i] = add_customer(l, code);
    }
    sup_quote *q = NULL;
    assert_int_equal(sup_quote_new(&q), SUP_OK);
    assert_int_equal(sup_ledger_begin(l), SUP_OK);
    for (int i = 0; i < nlic; i++) {
        int pi = below(NPRODUCTS);
        sup_id lic = sell(l, customers[below(50)], prods[pi], purchase_date());
        sup_license *core = NULL;
        for (int k = 0; k < 4; k++) {
            assert_int_equal(sup_ledger_get_license(l, lic, &core), SUP_OK);
            sup_date until = sup_license_latest_until(core), last = 0;
            size_t ne = sup_license_event_count(core);
            assert_int_equal(sup_license_event(core, ne - 1, NULL, &last, NULL, NULL), SUP_OK);
            sup_license_free(core);
            int pick = below(10);
            sup_date on;
            if (pick == 0) { /* a period recorded as is: no money, but the next payment continues from it */
                on = days_after(until, -below(30));
                if (on < last)
                    on = last;
                if (on > LAST_DAY)
                    break;
                sup_date to = days_after(until, below(90) - 30);
                assert_int_equal(sup_ledger_record_period(l, ACTOR, lic, on, to > on ? to : on), SUP_OK);
                continue;
            }
            if (pi < 2) /* early, in the window, or late */
                on = days_after(until, pick < 4 ? -below(60) : (pick < 7 ? 1 + below(28) : 32 + below(300)));
            else /* paid ahead, or after a lapse */
                on = days_after(until, pick < 7 ? -below(5) : 1 + below(40));
            if (on < last)
                on = last;
            if (on > LAST_DAY)
                break;
            char id[40];
            snprintf(id, sizeof id, "L%lld-%d", (long long)lic, k);
            int rc = pi < 2 ? sup_ledger_quote_renewal(l, lic, on, q) : sup_ledger_quote_payment(l, lic, on, q);
            if (rc != SUP_OK)
                fail_msg("quote: %s", sup_error_message());
            rc = pi < 2 ? sup_ledger_renew(l, ACTOR, id, lic, on, sup_quote_fee(q), NULL)
                        : sup_ledger_pay(l, ACTOR, id, lic, on, sup_quote_fee(q), NULL);
            if (rc != SUP_OK)
                fail_msg("payment: %s", sup_error_message());
        }
        if ((i + 1) % 500 == 0) {
            assert_int_equal(sup_ledger_commit(l), SUP_OK);
            assert_int_equal(sup_ledger_begin(l), SUP_OK);
        }
    }
    assert_int_equal(sup_ledger_commit(l), SUP_OK);
    sup_quote_free(q);
}

/* The policy versions of the random ledger, as the test knows them. */
struct versions {
    sup_policy *p[3];
    sup_date effective[3];
};

static const sup_policy *version_on(const struct versions *v, sup_date on)
{
    for (int i = 2; i >= 0; i--)
        if (v->effective[i] <= on)
            return v->p[i];
    return NULL;
}

/* The schedule built by the test: each license's history read through sup_ledger_list_events, each payment
 * an item whose support end before it is the previous event's support end (what the ledger recorded with the
 * payment's quote), its kind from the event and the license's kind. */
static sup_revenue *reference(sup_ledger *l, const struct versions *v, sup_date from, sup_date to, sup_revenue_by by,
                              sup_money *billed_total)
{
    sup_revenue_options o;
    assert_int_equal(sup_revenue_options_init(&o, SUP_REVENUE_OPTIONS_VERSION), SUP_OK);
    o.from = from;
    o.to = to;
    o.by = by;
    sup_revenue *r = NULL;
    assert_int_equal(sup_revenue_new(&o, &r), SUP_OK);
    *billed_total = 0;
    sup_cursor *all = NULL;
    assert_int_equal(sup_ledger_list_licenses(l, 0, SUP_DATE_MAX, &all), SUP_OK);
    while (sup_cursor_next(all) == 1) {
        sup_id lic = sup_cursor_int64(all, SUP_LICCOL_LICENSE);
        sup_license_kind lkind = (sup_license_kind)sup_cursor_int64(all, SUP_LICCOL_KIND);
        sup_cursor *ev = NULL;
        assert_int_equal(sup_ledger_list_events(l, lic, &ev), SUP_OK);
        sup_date before = SUP_DATE_NONE;
        while (sup_cursor_next(ev) == 1) {
            sup_event_kind k = (sup_event_kind)sup_cursor_int64(ev, SUP_PAYCOL_KIND);
            sup_date on = sup_cursor_date(ev, SUP_PAYCOL_ON), until = sup_cursor_date(ev, SUP_PAYCOL_SUPPORT_UNTIL);
            if (k != SUP_EVENT_PERIOD) {
                sup_revenue_item it;
                assert_int_equal(sup_revenue_item_init(&it, SUP_REVENUE_ITEM_VERSION), SUP_OK);
                it.kind = k == SUP_EVENT_PURCHASE ? (lkind == SUP_LICENSE_PERPETUAL ? SUP_REVENUE_SALE
                                                                                     : SUP_REVENUE_SUBSCRIPTION_FIRST)
                          : k == SUP_EVENT_PREFERENTIAL_RENEWAL ? SUP_REVENUE_PREFERENTIAL_RENEWAL
                          : k == SUP_EVENT_STANDARD_RENEWAL     ? SUP_REVENUE_STANDARD_RENEWAL
                                                                : SUP_REVENUE_SUBSCRIPTION;
                it.product = sup_cursor_int64(ev, SUP_PAYCOL_PRODUCT);
                it.on = on;
                it.amount = sup_cursor_int64(ev, SUP_PAYCOL_AMOUNT);
                it.support_before = k == SUP_EVENT_PURCHASE ? SUP_DATE_NONE : before;
                it.support_until = until;
                assert_int_equal(sup_revenue_add(r, version_on(v, on), &it), SUP_OK);
                if (on <= to)
                    *billed_total += it.amount;
            }
            before = until;
        }
        sup_cursor_free(ev);
    }
    sup_cursor_free(all);
    return r;
}

static void assert_same_rows(const sup_revenue *ref, const sup_revenue_row *rows, size_t n)
{
    assert_int_equal(sup_revenue_row_count(ref), n);
    for (size_t i = 0; i < n; i++) {
        sup_revenue_row want = {.version = SUP_REVENUE_ROW_VERSION};
        assert_int_equal(sup_revenue_get_row(ref, i, &want), SUP_OK);
        const sup_revenue_row *got = &rows[i];
        if (want.month != got->month || want.month_end != got->month_end || want.product != got->product ||
            want.kind != got->kind || want.opening_deferred != got->opening_deferred || want.billed != got->billed ||
            want.recognised != got->recognised || want.deferred != got->deferred || want.payments != got->payments)
            fail_msg("row %zu (month %d, product %lld, kind %d): ledger %lld/%lld/%lld/%lld/%lld, expected "
                     "%lld/%lld/%lld/%lld/%lld",
                     i, (int)want.month, (long long)want.product, (int)want.kind, (long long)rows[i].opening_deferred,
                     (long long)rows[i].billed, (long long)rows[i].recognised, (long long)rows[i].deferred,
                     (long long)rows[i].payments, (long long)want.opening_deferred, (long long)want.billed,
                     (long long)want.recognised, (long long)want.deferred, (long long)want.payments);
    }
}

static void random_ledgers_keep_every_balance_and_agree_with_the_licenses_histories(void **state)
{
    (void)state;
    tmp_ledger t;
    tmp_init(&t);
    sup_ledger *l = open_new(&t);
    sup_id prods[NPRODUCTS];
    int nlic = test_under_valgrind() ? 600 : test_on_pg() ? 1500 : 3000;
    fill_random(l, nlic, prods);
    /* every kind of event is there in numbers: purchases of each kind, both renewals, subscription payments
     * paid ahead and after a lapse, recorded periods, month-end dates and 29 Februaries */
    static const char *const mix[] = {
        "SELECT count(*) FROM license_event e JOIN license l ON l.id = e.license_id WHERE e.kind = 0 AND l.kind = 0",
        "SELECT count(*) FROM license_event e JOIN license l ON l.id = e.license_id WHERE e.kind = 0 AND l.kind > 0",
        "SELECT count(*) FROM license_event WHERE kind = 1 AND on_date <= quote_support_until",
        "SELECT count(*) FROM license_event WHERE kind = 1 AND on_date > quote_support_until",
        "SELECT count(*) FROM license_event WHERE kind = 2",
        "SELECT count(*) FROM license_event WHERE kind = 3 AND on_date <= quote_support_until",
        "SELECT count(*) FROM license_event WHERE kind = 3 AND on_date > quote_support_until",
        "SELECT count(*) FROM license_event WHERE kind = 4",
        "SELECT count(*) FROM license_event WHERE on_date % 100 >= 28",
    };
    for (size_t i = 0; i < sizeof mix / sizeof mix[0]; i++)
        if (raw_int(t.path, mix[i]) < nlic / 30)
            fail_msg("too few events: %s", mix[i]);
    assert_true(raw_int(t.path, "SELECT count(*) FROM license_event WHERE on_date IN (20240229, 20280229)"
                                " OR support_until IN (20240229, 20280229)") > 0);
    struct versions v = {{NULL, NULL, NULL}, {SUP_DATE_MIN, 20250701, 20270101}};
    for (int i = 0; i < 3; i++)
        assert_int_equal(sup_ledger_get_policy(l, v.effective[i], NULL, &v.p[i]), SUP_OK);

    /* the whole life: from before the first payment to after every period has ended */
    static const sup_revenue_by bys[] = {SUP_REVENUE_BY_MONTH, SUP_REVENUE_BY_PRODUCT, SUP_REVENUE_BY_KIND};
    for (size_t b = 0; b < 3; b++) {
        size_t n = 0;
        sup_revenue_row *rows = rows_of(revenue(l, 20231001, 20301231, bys[b]), &n);
        sup_money billed_total = 0;
        sup_revenue *ref = reference(l, &v, 20231001, 20301231, bys[b], &billed_total);
        assert_same_rows(ref, rows, n);
        size_t groups = n / 87; /* 2023-10 … 2030-12 */
        assert_int_equal(n % 87, 0);
        assert_int_equal(groups, b == 0 ? 1 : (b == 1 ? NPRODUCTS : 5));
        assert_rolls_forward(rows, n, groups);
        sup_money billed = 0, recognised = 0, deferred = 0;
        for (size_t i = 0; i < n; i++) {
            billed += rows[i].billed;
            recognised += rows[i].recognised;
            if (i < groups)
                assert_int_equal(rows[i].opening_deferred, 0);
            if (i >= n - groups)
                deferred += rows[i].deferred;
        }
        assert_int_equal(billed, billed_total);
        assert_int_equal(recognised + deferred, billed); /* over the whole life */
        assert_int_equal(deferred, 0);                   /* every period has ended by 2030 */
        sup_revenue_free(ref);
        free(rows);
    }
    /* a part of the life: 24 months from a month with balances open; the same as the reference, and its
     * opening balance is what the whole life shows at that month's start */
    size_t n = 0, nlife = 0;
    sup_revenue_row *rows = rows_of(revenue(l, 20250315, 20270220, SUP_REVENUE_BY_KIND), &n);
    sup_revenue_row *life = rows_of(revenue(l, 20231001, 20301231, SUP_REVENUE_BY_MONTH), &nlife);
    sup_money billed_total = 0;
    sup_revenue *ref = reference(l, &v, 20250301, 20270201, SUP_REVENUE_BY_KIND, &billed_total);
    assert_same_rows(ref, rows, n);
    assert_int_equal(n, 24 * 5);
    for (size_t k = 0; k < 24; k++) {
        sup_money open = 0, close = 0;
        for (size_t g = 0; g < 5; g++) {
            open += rows[k * 5 + g].opening_deferred;
            close += rows[k * 5 + g].deferred;
        }
        assert_int_equal(open, life[17 + k].opening_deferred); /* 2025-03 is month 17 of the life */
        assert_int_equal(close, life[17 + k].deferred);
    }
    assert_true(life[17].opening_deferred > 0);
    sup_revenue_free(ref);
    free(rows);
    free(life);

    /* a read-only handle gives the same */
    sup_ledger_close(l);
    assert_int_equal(sup_ledger_open(t.path, SUP_LEDGER_READONLY, &l), SUP_OK);
    rows = rows_of(revenue(l, 20250315, 20270220, SUP_REVENUE_BY_KIND), &n);
    ref = reference(l, &v, 20250301, 20270201, SUP_REVENUE_BY_KIND, &billed_total);
    assert_same_rows(ref, rows, n);
    sup_revenue_free(ref);
    free(rows);
    for (int i = 0; i < 3; i++)
        sup_policy_free(v.p[i]);
    sup_ledger_close(l);
    tmp_cleanup(&t);
}

/* ---- the cursor and bad input ------------------------------------------------------------------------------------ */

static void the_cursor_outlives_its_handle_and_sees_the_ledger_as_of_its_first_row(void **state)
{
    (void)state;
    sup_ledger *l = open_mem();
    sup_id p = add_seed_product(l, "REP"), c = add_customer(l, "C1");
    sell(l, c, p, 20260131);
    sup_cursor *cur = revenue(l, 20260101, 20260201, SUP_REVENUE_BY_MONTH);
    sup_ledger_close(l); /* the cursor keeps the connection */
    size_t n = 0;
    sup_revenue_row *rows = rows_of(cur, &n);
    assert_int_equal(n, 2);
    assert_int_equal(rows[0].billed, 799000);
    free(rows);
}

static void bad_requests_are_refused_with_the_reason(void **state)
{
    (void)state;
    sup_ledger *l = open_mem();
    sup_revenue_options o;
    assert_int_equal(sup_revenue_options_init(&o, SUP_REVENUE_OPTIONS_VERSION), SUP_OK);
    sup_cursor *c = (sup_cursor *)1;
    assert_int_equal(sup_ledger_revenue(l, &o, &c), SUP_EDATE); /* no months */
    assert_null(c);
    o.from = 20260301;
    o.to = 20260201;
    assert_int_equal(sup_ledger_revenue(l, &o, &c), SUP_EDATE);
    assert_string_equal(sup_error_message(), "revenue schedule: the last month 2026-02 is before the first 2026-03");
    o.to = 21260301;
    assert_int_equal(sup_ledger_revenue(l, &o, &c), SUP_ERANGE);
    assert_int_equal(sup_ledger_revenue(l, NULL, &c), SUP_EINVAL);
    assert_int_equal(sup_ledger_revenue(NULL, &o, &c), SUP_EINVAL);
    assert_int_equal(sup_ledger_revenue(l, &o, NULL), SUP_EINVAL);
    sup_ledger_close(l);
}

static void a_damaged_event_fails_the_schedule_with_its_id(void **state)
{
    (void)state;
    SQLITE_ONLY();
    tmp_ledger t;
    tmp_init(&t);
    sup_ledger *l = open_new(&t);
    sup_id p = add_seed_product(l, "REP"), c = add_customer(l, "C1");
    sup_id lic = sell(l, c, p, 20260131);
    sup_ledger_close(l);
    char sql[200];
    snprintf(sql, sizeof sql,
             "DROP TRIGGER license_event_no_update; UPDATE license_event SET support_until = 20260230"
             " WHERE license_id = %lld",
             (long long)lic);
    assert_int_equal(raw_exec(t.path, sql), 0);
    assert_int_equal(sup_ledger_open(t.path, SUP_LEDGER_READONLY, &l), SUP_OK);
    sup_cursor *cur = revenue(l, 20260101, 20260201, SUP_REVENUE_BY_MONTH);
    assert_int_equal(sup_cursor_next(cur), SUP_EDB);
    assert_string_equal(sup_error_message(), "reading the revenue schedule: license event 1 is damaged");
    assert_int_equal(sup_cursor_next(cur), SUP_EDB);
    sup_cursor_free(cur);
    sup_ledger_close(l);
    tmp_cleanup(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_sale_and_its_renewal_are_billed_recognised_and_deferred_by_month),
        cmocka_unit_test(a_voided_renewal_earns_nothing_and_earlier_months_stay_as_reported),
        cmocka_unit_test(refunds_reverse_what_is_left_and_a_shortened_one_ends_the_earning),
        cmocka_unit_test(a_subscriptions_first_payment_is_apart_from_the_later_ones),
        cmocka_unit_test(each_payment_is_recognised_under_the_policy_version_of_its_date),
        cmocka_unit_test(random_ledgers_keep_every_balance_and_agree_with_the_licenses_histories),
        cmocka_unit_test(the_cursor_outlives_its_handle_and_sees_the_ledger_as_of_its_first_row),
        cmocka_unit_test(bad_requests_are_refused_with_the_reason),
        cmocka_unit_test(a_damaged_event_fails_the_schedule_with_its_id),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
