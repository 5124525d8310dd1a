/* Batch evaluation (batch.h): every item answers exactly as the single-license
 * function does, failing items are reported per item and do not stop the
 * others, NULL outputs are allowed, and bad arguments are refused. */
#include <libsupport.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

enum { N = 4 };

typedef struct {
    sup_product *perpetual, *subscription;
    const sup_product *products[N];
    const sup_license *licenses[N];
    sup_license *owned[N];
} fixture;

static int setup(void **state)
{
    static fixture f;
    memset(&f, 0, sizeof f);
    assert_int_equal(sup_product_new(SUP_LICENSE_PERPETUAL, 6, &f.perpetual), SUP_OK);
    assert_int_equal(sup_product_set_price(f.perpetual, 20200101, 799000), SUP_OK);
    assert_int_equal(sup_product_new(SUP_LICENSE_SUBSCRIPTION_MONTHLY, 1, &f.subscription), SUP_OK);
    assert_int_equal(sup_product_set_price(f.subscription, 20200101, 150000), SUP_OK);
    /* 0: support through 2026-07-15; 1: bought later (not owned on 2026-07-20);
     * 2: a subscription; 3: support through 2026-02-28 (lapsed on 2026-07-20) */
    const sup_date bought[N] = {20260115, 20260801, 20260101, 20250831};
    for (int i = 0; i < N; i++) {
        f.products[i] = i == 2 ? f.subscription : f.perpetual;
        assert_int_equal(sup_license_new(f.products[i], bought[i], &f.owned[i]), SUP_OK);
        f.licenses[i] = f.owned[i];
    }
    *state = &f;
    return 0;
}

static int teardown(void **state)
{
    fixture *f = *state;
    for (int i = 0; i < N; i++)
        sup_license_free(f->owned[i]);
    sup_product_free(f->perpetual);
    sup_product_free(f->subscription);
    return 0;
}

static void batch_status_matches_single_calls(void **state)
{
    fixture *f = *state;
    const sup_date on[N] = {20260715, 20260716, 20260301, 20260720};
    sup_state st[N];
    sup_date until[N], pref[N];
    int rc[N];
    assert_int_equal(sup_batch_status(N, f->licenses, on, 0, NULL, st, until, pref, rc), SUP_OK);
    sup_status *s = NULL;
    assert_int_equal(sup_status_new(&s), SUP_OK);
    for (int i = 0; i < N; i++) {
        assert_int_equal(rc[i], SUP_OK);
        assert_int_equal(sup_license_status(f->licenses[i], NULL, on[i], s), SUP_OK);
        assert_int_equal(st[i], sup_status_state(s));
        assert_int_equal(until[i], sup_status_support_until(s));
        assert_int_equal(pref[i], sup_status_preferential_until(s));
    }
    sup_status_free(s);
    assert_int_equal(st[0], SUP_STATE_ACTIVE);
    assert_int_equal(st[1], SUP_STATE_NOT_OWNED);
    assert_int_equal(st[3], SUP_STATE_LAPSED);
}

static void batch_status_one_date_for_all_and_null_outputs(void **state)
{
    fixture *f = *state;
    sup_state st[N];
    assert_int_equal(sup_batch_status(N, f->licenses, NULL, 20260716, NULL, st, NULL, NULL, NULL), SUP_OK);
    assert_int_equal(st[0], SUP_STATE_GRACE);
    assert_int_equal(st[1], SUP_STATE_NOT_OWNED);
    assert_int_equal(st[2], SUP_STATE_EXPIRED);
    assert_int_equal(st[3], SUP_STATE_LAPSED);
    assert_int_equal(sup_batch_status(0, NULL, NULL, 20260716, NULL, NULL, NULL, NULL, NULL), SUP_OK);
}

static void batch_status_reports_a_bad_date_per_item(void **state)
{
    fixture *f = *state;
    const sup_date on[N] = {20260715, 20260230, 20260301, 20260720};
    sup_state st[N];
    sup_date until[N];
    int rc[N];
    assert_int_equal(sup_batch_status(N, f->licenses, on, 0, NULL, st, until, NULL, rc), SUP_EDATE);
    assert_non_null(strstr(sup_error_message(), "item 1 of 4"));
    assert_int_equal(rc[1], SUP_EDATE);
    assert_int_equal(until[1], SUP_DATE_NONE);
    assert_int_equal(rc[0], SUP_OK);
    assert_int_equal(rc[3], SUP_OK);
    assert_int_equal(st[3], SUP_STATE_LAPSED);
}

static void batch_quote_matches_single_calls(void **state)
{
    fixture *f = *state;
    sup_policy *forty = NULL;
    assert_int_equal(sup_policy_new(&forty), SUP_OK);
    assert_int_equal(sup_policy_set_standard_rate(forty, 4000), SUP_OK);
    sup_quote_kind kind[N];
    sup_money fee[N];
    sup_date nu[N], vt[N];
    int rc[N];
    int first = sup_batch_quote(N, f->licenses, f->products, NULL, 20260720, forty, kind, fee, nu, vt, rc);
    /* item 1 is not owned yet (ESTATE) and item 2 a subscription (ENOTAPPLICABLE): the first is reported */
    assert_int_equal(first, SUP_ESTATE);
    assert_non_null(strstr(sup_error_message(), "item 1 of 4"));
    assert_int_equal(rc[1], SUP_ESTATE);
    assert_int_equal(rc[2], SUP_ENOTAPPLICABLE);
    assert_int_equal(fee[2], 0);
    assert_int_equal(nu[2], SUP_DATE_NONE);
    sup_quote *q = NULL;
    assert_int_equal(sup_quote_new(&q), SUP_OK);
    for (int i = 0; i < N; i += 3) {
        assert_int_equal(rc[i], SUP_OK);
        assert_int_equal(sup_license_quote(f->licenses[i], f->products[i], forty, 20260720, q), SUP_OK);
        assert_int_equal(kind[i], sup_quote_kind_of(q));
        assert_int_equal(fee[i], sup_quote_fee(q));
        assert_int_equal(nu[i], sup_quote_new_support_until(q));
        assert_int_equal(vt[i], sup_quote_valid_through(q));
    }
    assert_int_equal(fee[0], 199800);  /* preferential 25% of 7990, half up */
    assert_int_equal(fee[3], 319600);  /* standard at the policy's 40%: the page's 3196 */
    assert_int_equal(nu[3], 20270720); /* a standard renewal runs from its date */
    sup_quote_free(q);
    sup_policy_free(forty);
}

static void batch_quote_per_item_dates(void **state)
{
    fixture *f = *state;
    const sup_license *lic[2] = {f->licenses[0], f->licenses[0]};
    const sup_product *prod[2] = {f->perpetual, f->perpetual};
    const sup_date on[2] = {20260815, 20260816}; /* the last day of the window, and the day after */
    sup_quote_kind kind[2];
    sup_money fee[2];
    assert_int_equal(sup_batch_quote(2, lic, prod, on, 0, NULL, kind, fee, NULL, NULL, NULL), SUP_OK);
    assert_int_equal(kind[0], SUP_QUOTE_PREFERENTIAL);
    assert_int_equal(fee[0], 199800);
    assert_int_equal(kind[1], SUP_QUOTE_STANDARD);
    assert_int_equal(fee[1], 359600);
}

static void batch_refuses_missing_arrays(void **state)
{
    fixture *f = *state;
    sup_money fee[1];
    assert_int_equal(sup_batch_status(1, NULL, NULL, 20260101, NULL, NULL, NULL, NULL, NULL), SUP_EINVAL);
    assert_int_equal(sup_batch_quote(1, NULL, f->products, NULL, 20260101, NULL, NULL, fee, NULL, NULL, NULL),
                     SUP_EINVAL);
    assert_int_equal(sup_batch_quote(1, f->licenses, NULL, NULL, 20260101, NULL, NULL, fee, NULL, NULL, NULL),
                     SUP_EINVAL);
    /* a NULL license inside the array is an item error, not a crash */
    const sup_license *holes[2] = {NULL, f->licenses[0]};
    int rc[2];
    assert_int_equal(sup_batch_status(2, holes, NULL, 20260101, NULL, NULL, NULL, NULL, rc), SUP_EINVAL);
    assert_int_equal(rc[0], SUP_EINVAL);
    assert_int_equal(rc[1], SUP_OK);
}

/* The options-struct forms answer as the positional ones, and check their version. */
static void batch_options_give_the_same_answers(void **state)
{
    (void)state;
    sup_product *p = NULL;
    assert_int_equal(sup_product_new(SUP_LICENSE_PERPETUAL, 6, &p), SUP_OK);
    assert_int_equal(sup_product_set_price(p, 20250101, 799000), SUP_OK);
    sup_license *a = NULL, *b = NULL;
    assert_int_equal(sup_license_new(p, 20260115, &a), SUP_OK);
    assert_int_equal(sup_license_new(p, 20250101, &b), SUP_OK);
    const sup_license *lic[2] = {a, b};
    const sup_product *prod[2] = {p, p};
    sup_batch_options o;
    assert_int_equal(sup_batch_options_init(&o, 99), SUP_EINVAL);
    assert_int_equal(sup_batch_options_init(&o, SUP_BATCH_OPTIONS_VERSION), SUP_OK);
    sup_state st[2];
    sup_money fee[2];
    sup_quote_kind kind[2];
    int res[2];
    o.n = 2;
    o.licenses = lic;
    o.products = prod;
    o.on_all = 20260801;
    o.state = st;
    o.fee = fee;
    o.kind = kind;
    o.results = res;
    assert_int_equal(sup_batch_status_ext(&o), SUP_OK);
    assert_int_equal(st[0], SUP_STATE_GRACE);
    assert_int_equal(st[1], SUP_STATE_LAPSED);
    assert_int_equal(sup_batch_quote_ext(&o), SUP_OK);
    assert_int_equal(kind[0], SUP_QUOTE_PREFERENTIAL);
    assert_int_equal(fee[0], 199800);
    assert_int_equal(kind[1], SUP_QUOTE_STANDARD);
    assert_int_equal(fee[1], 359600);
    o.version = 2;
    assert_int_equal(sup_batch_status_ext(&o), SUP_EINVAL);
    assert_int_equal(sup_batch_quote_ext(NULL), SUP_EINVAL);
    sup_license_free(a);
    sup_license_free(b);
    sup_product_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(batch_status_matches_single_calls),
        cmocka_unit_test(batch_status_one_date_for_all_and_null_outputs),
        cmocka_unit_test(batch_status_reports_a_bad_date_per_item),
        cmocka_unit_test(batch_quote_matches_single_calls),
        cmocka_unit_test(batch_quote_per_item_dates),
        cmocka_unit_test(batch_refuses_missing_arrays),
        cmocka_unit_test(batch_options_give_the_same_answers),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
