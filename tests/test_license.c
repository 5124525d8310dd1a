/* Licenses: every row of POLICY.md's tables and their boundaries — status,
 * downloads, renewal quotes (early, grace, standard), stacked renewals, price
 * changes, subscriptions, and bad input. */
#include <libsupport.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

/* ---- fixtures ---------------------------------------------------------------- */

static sup_product *product(sup_license_kind kind, int months, sup_money price_from_2020)
{
    sup_product *p = NULL;
    assert_int_equal(sup_product_new(kind, months, &p), SUP_OK);
    assert_int_equal(sup_product_set_price(p, 20200101, price_from_2020), SUP_OK);
    return p;
}

static sup_license *license(const sup_product *p, sup_date purchased)
{
    sup_license *l = NULL;
    assert_int_equal(sup_license_new(p, purchased, &l), SUP_OK);
    return l;
}

typedef struct {
    sup_state state;
    sup_date until, pref_until;
    int use, consult, versions, ideas;
} status_t;

static status_t status_on(const sup_license *l, const sup_policy *pol, sup_date on)
{
    sup_status *s = NULL;
    assert_int_equal(sup_status_new(&s), SUP_OK);
    assert_int_equal(sup_license_status(l, pol, on, s), SUP_OK);
    assert_int_equal(sup_status_on(s), on);
    status_t r = {sup_status_state(s),   sup_status_support_until(s),       sup_status_preferential_until(s),
                  sup_status_can_use(s), sup_status_can_consult(s),         sup_status_can_get_new_versions(s),
                  sup_status_can_propose_ideas(s)};
    sup_status_free(s);
    return r;
}

typedef struct {
    int rc;
    sup_quote_kind kind;
    sup_rate rate;
    sup_money fee, list_price;
    sup_date until, new_until, valid_through;
} quote_t;

static quote_t quote_of(const sup_quote *q, int rc)
{
    quote_t r = {rc,
                 sup_quote_kind_of(q),
                 sup_quote_rate(q),
                 sup_quote_fee(q),
                 sup_quote_list_price(q),
                 sup_quote_support_until(q),
                 sup_quote_new_support_until(q),
                 sup_quote_valid_through(q)};
    return r;
}

static quote_t renewal_quote(const sup_license *l, const sup_product *p, const sup_policy *pol, sup_date on)
{
    sup_quote *q = NULL;
    assert_int_equal(sup_quote_new(&q), SUP_OK);
    int rc = sup_license_quote(l, p, pol, on, q);
    assert_int_equal(sup_quote_on(q), on);
    quote_t r = quote_of(q, rc);
    sup_quote_free(q);
    return r;
}

static quote_t bare_quote(const sup_policy *pol, sup_date until, sup_money price, sup_date on)
{
    sup_quote *q = NULL;
    assert_int_equal(sup_quote_new(&q), SUP_OK);
    quote_t r = quote_of(q, sup_quote_compute(pol, until, price, on, q));
    sup_quote_free(q);
    return r;
}

static sup_quote_kind renew(sup_license *l, const sup_product *p, const sup_policy *pol, sup_date on)
{
    quote_t q = renewal_quote(l, p, pol, on);
    assert_int_equal(q.rc, SUP_OK);
    sup_quote *applied = NULL;
    assert_int_equal(sup_quote_new(&applied), SUP_OK);
    assert_int_equal(sup_license_renew(l, p, pol, on, q.fee, applied), SUP_OK);
    assert_int_equal(sup_quote_fee(applied), q.fee);
    assert_int_equal(sup_quote_new_support_until(applied), q.new_until);
    sup_quote_free(applied);
    return q.kind;
}

static int downloadable(const sup_license *l, sup_date on, sup_date release)
{
    int allowed = -1;
    assert_int_equal(sup_license_can_download(l, on, release, &allowed), SUP_OK);
    return allowed;
}

/* ---- perpetual status (rules 1, 2, 4, 5) ------------------------------------- */

static void purchase_gives_support_through_the_same_day_six_months_later(void **state)
{
    (void)state;
    sup_product *p = product(SUP_LICENSE_PERPETUAL, 6, 799000);
    sup_license *l = license(p, 20260115);
    assert_int_equal(sup_license_purchased(l), 20260115);
    assert_int_equal(sup_license_latest_until(l), 20260715);
    assert_int_equal(sup_license_kind_of(l), SUP_LICENSE_PERPETUAL);
    sup_date u;
    assert_int_equal(sup_license_support_until(l, 20260401, &u), SUP_OK);
    assert_int_equal(u, 20260715);
    assert_int_equal(sup_license_support_until(l, 20260114, &u), SUP_OK);
    assert_int_equal(u, SUP_DATE_NONE);
    sup_license_free(l);
    sup_product_free(p);
}

static void status_is_not_owned_before_the_purchase(void **state)
{
    (void)state;
    sup_product *p = product(SUP_LICENSE_PERPETUAL, 6, 799000);
    sup_license *l = license(p, 20260115);
    status_t s = status_on(l, NULL, 20260114);
    assert_int_equal(s.state, SUP_STATE_NOT_OWNED);
    assert_int_equal(s.until, SUP_DATE_NONE);
    assert_int_equal(s.pref_until, SUP_DATE_NONE);
    assert_false(s.use || s.consult || s.versions || s.ideas);
    sup_license_free(l);
    sup_product_free(p);
}

static void status_is_active_from_the_purchase_day_through_support_until(void **state)
{
    (void)state;
    sup_product *p = product(SUP_LICENSE_PERPETUAL, 6, 799000);
    sup_license *l = license(p, 20260115);
    static const sup_date days[] = {20260115, 20260401, 20260714, 20260715};
    for (size_t i = 0; i < 4; i++) {
        status_t s = status_on(l, NULL, days[i]);
        assert_int_equal(s.state, SUP_STATE_ACTIVE);
        assert_int_equal(s.until, 20260715);
        assert_int_equal(s.pref_until, 20260815);
        assert_true(s.use && s.consult && s.versions && s.ideas);
    }
    sup_license_free(l);
    sup_product_free(p);
}

static void status_is_grace_through_the_last_day_of_the_month_after_support(void **state)
{
    (void)state;
    sup_product *p = product(SUP_LICENSE_PERPETUAL, 6, 799000);
    sup_license *l = license(p, 20260115);
    status_t s = status_on(l, NULL, 20260716); /* the day after support_until */
    assert_int_equal(s.state, SUP_STATE_GRACE);
    assert_true(s.use);                                   /* the license never ends */
    assert_false(s.consult || s.versions || s.ideas);     /* support has ended */
    s = status_on(l, NULL, 20260815);                     /* the last day of the grace month */
    assert_int_equal(s.state, SUP_STATE_GRACE);
    assert_int_equal(s.pref_until, 20260815);
    sup_license_free(l);
    sup_product_free(p);
}

static void status_is_lapsed_from_the_day_after_the_grace_month(void **state)
{
    (void)state;
    sup_product *p = product(SUP_LICENSE_PERPETUAL, 6, 799000);
    sup_license *l = license(p, 20260115);
    status_t s = status_on(l, NULL, 20260816);
    assert_int_equal(s.state, SUP_STATE_LAPSED);
    assert_true(s.use);
    assert_false(s.consult || s.versions || s.ideas);
    s = status_on(l, NULL, 99991231);
    assert_int_equal(s.state, SUP_STATE_LAPSED);
    assert_true(s.use);
    sup_license_free(l);
    sup_product_free(p);
}

static void month_end_purchases_clamp_support_and_grace_to_shorter_months(void **state)
{
    (void)state;
    sup_product *p = product(SUP_LICENSE_PERPETUAL, 6, 799000);
    sup_license *l = license(p, 20260831); /* +6 = 2027-02-28, grace to 2027-03-28 */
    assert_int_equal(status_on(l, NULL, 20270228).state, SUP_STATE_ACTIVE);
    assert_int_equal(status_on(l, NULL, 20270301).state, SUP_STATE_GRACE);
    assert_int_equal(status_on(l, NULL, 20270328).state, SUP_STATE_GRACE);
    assert_int_equal(status_on(l, NULL, 20270329).state, SUP_STATE_LAPSED);
    sup_license_free(l);
    l = license(p, 20230831); /* +6 = 2024-02-29 (leap), grace to 2024-03-29 */
    assert_int_equal(status_on(l, NULL, 20240229).state, SUP_STATE_ACTIVE);
    assert_int_equal(status_on(l, NULL, 20240301).state, SUP_STATE_GRACE);
    assert_int_equal(status_on(l, NULL, 20240329).state, SUP_STATE_GRACE);
    assert_int_equal(status_on(l, NULL, 20240330).state, SUP_STATE_LAPSED);
    sup_license_free(l);
    l = license(p, 20251231); /* +6 = 2026-06-30, grace to 2026-07-30 */
    assert_int_equal(status_on(l, NULL, 20260630).state, SUP_STATE_ACTIVE);
    assert_int_equal(status_on(l, NULL, 20260730).state, SUP_STATE_GRACE);
    assert_int_equal(status_on(l, NULL, 20260731).state, SUP_STATE_LAPSED);
    sup_license_free(l);
    sup_product_free(p);
}

static void products_with_other_support_terms_use_their_own_term(void **state)
{
    (void)state;
    sup_product *p12 = product(SUP_LICENSE_PERPETUAL, 12, 1500000);
    sup_license *l = license(p12, 20240229);
    assert_int_equal(sup_license_latest_until(l), 20250228);
    sup_license_free(l);
    sup_product *p0 = product(SUP_LICENSE_PERPETUAL, 0, 100);
    l = license(p0, 20260310);
    assert_int_equal(status_on(l, NULL, 20260310).state, SUP_STATE_ACTIVE);
    assert_int_equal(status_on(l, NULL, 20260311).state, SUP_STATE_GRACE);
    sup_license_free(l);
    sup_product_free(p0);
    sup_product_free(p12);
}

static void grace_months_is_a_policy_setting(void **state)
{
    (void)state;
    sup_policy *pol = NULL;
    assert_int_equal(sup_policy_parse("grace_months = 0\n", &pol), SUP_OK);
    sup_product *p = product(SUP_LICENSE_PERPETUAL, 6, 799000);
    sup_license *l = license(p, 20260115);
    assert_int_equal(status_on(l, pol, 20260715).state, SUP_STATE_ACTIVE);
    assert_int_equal(status_on(l, pol, 20260716).state, SUP_STATE_LAPSED);
    assert_int_equal(renewal_quote(l, p, pol, 20260715).kind, SUP_QUOTE_PREFERENTIAL);
    assert_int_equal(renewal_quote(l, p, pol, 20260716).kind, SUP_QUOTE_STANDARD);
    sup_policy_free(pol);
    assert_int_equal(sup_policy_parse("grace_months = 2\n", &pol), SUP_OK);
    assert_int_equal(status_on(l, pol, 20260915).state, SUP_STATE_GRACE);
    assert_int_equal(status_on(l, pol, 20260916).state, SUP_STATE_LAPSED);
    sup_policy_free(pol);
    sup_license_free(l);
    sup_product_free(p);
}

/* ---- downloads (rule 3) ---------------------------------------------------------- */

static void releases_up_to_support_until_stay_downloadable_after_support_ends(void **state)
{
    (void)state;
    sup_product *p = product(SUP_LICENSE_PERPETUAL, 6, 799000);
    sup_license *l = license(p, 20260115);
    assert_true(downloadable(l, 20260301, 20251001));  /* an older release */
    assert_true(downloadable(l, 20260301, 20260715));  /* released on the last day of support */
    assert_false(downloadable(l, 20260301, 20260716)); /* after support_until */
    assert_true(downloadable(l, 20300101, 20260715));  /* still, years later */
    assert_false(downloadable(l, 20300101, 20270101));
    assert_false(downloadable(l, 20260114, 20251001)); /* not owned yet */
    int allowed;
    assert_int_equal(sup_release_allowed(20260715, 20260715, &allowed), SUP_OK);
    assert_true(allowed);
    assert_int_equal(sup_release_allowed(20260715, 20260716, &allowed), SUP_OK);
    assert_false(allowed);
    assert_int_equal(sup_release_allowed(20260230, 20260716, &allowed), SUP_EDATE);
    assert_int_equal(sup_license_can_download(l, 20260301, 20261301, &allowed), SUP_EDATE);
    sup_license_free(l);
    sup_product_free(p);
}

static void a_standard_renewal_opens_the_releases_of_the_gap(void **state)
{
    (void)state;
    sup_product *p = product(SUP_LICENSE_PERPETUAL, 6, 799000);
    sup_license *l = license(p, 20260115); /* support to 2026-07-15, window to 2026-08-15 */
    assert_int_equal(renew(l, p, NULL, 20261001), SUP_QUOTE_STANDARD);
    assert_int_equal(sup_license_latest_until(l), 20271001);
    /* a release of 2026-09-15 (in the gap) */
    assert_false(downloadable(l, 20260920, 20260915)); /* before the renewal was paid */
    assert_true(downloadable(l, 20261001, 20260915));  /* from the renewal on */
    assert_true(downloadable(l, 20261001, 20271001));
    assert_false(downloadable(l, 20261001, 20271002));
    /* history is kept: the status on a past date does not see later renewals */
    assert_int_equal(status_on(l, NULL, 20260920).state, SUP_STATE_LAPSED);
    assert_int_equal(status_on(l, NULL, 20261001).state, SUP_STATE_ACTIVE);
    sup_license_free(l);
    sup_product_free(p);
}

/* ---- renewal quotes (the table of POLICY.md) ---------------------------------- */

static void seed_example_preferential_1998_and_standard_3596(void **state)
{
    (void)state;
    quote_t q = bare_quote(NULL, 20260715, 799000, 20260801);
    assert_int_equal(q.rc, SUP_OK);
    assert_int_equal(q.kind, SUP_QUOTE_PREFERENTIAL);
    assert_int_equal(q.rate, 2500);
    assert_int_equal(q.fee, 199800);
    assert_int_equal(q.list_price, 799000);
    q = bare_quote(NULL, 20260715, 799000, 20260901);
    assert_int_equal(q.kind, SUP_QUOTE_STANDARD);
    assert_int_equal(q.rate, 4500);
    assert_int_equal(q.fee, 359600);
}

static void seed_example_with_a_40_percent_policy_gives_the_pages_3196(void **state)
{
    (void)state;
    sup_policy *pol = NULL;
    assert_int_equal(sup_policy_parse("standard_rate_bp = 4000\n", &pol), SUP_OK);
    quote_t q = bare_quote(pol, 20260715, 799000, 20260901);
    assert_int_equal(q.kind, SUP_QUOTE_STANDARD);
    assert_int_equal(q.rate, 4000);
    assert_int_equal(q.fee, 319600);
    assert_int_equal(bare_quote(pol, 20260715, 799000, 20260801).fee, 199800);
    sup_policy_free(pol);
}

static void early_renewal_is_preferential_and_extends_from_support_until(void **state)
{
    (void)state;
    quote_t q = bare_quote(NULL, 20260715, 799000, 20260301);
    assert_int_equal(q.kind, SUP_QUOTE_PREFERENTIAL);
    assert_int_equal(q.fee, 199800);
    assert_int_equal(q.until, 20260715);
    assert_int_equal(q.new_until, 20270715);
    assert_int_equal(q.valid_through, 20260815); /* the window's last day */
    q = bare_quote(NULL, 20260715, 799000, 20260715); /* on support_until itself */
    assert_int_equal(q.kind, SUP_QUOTE_PREFERENTIAL);
    assert_int_equal(q.new_until, 20270715);
}

static void renewal_within_the_grace_month_is_preferential_and_continuous(void **state)
{
    (void)state;
    quote_t q = bare_quote(NULL, 20260715, 799000, 20260716);
    assert_int_equal(q.kind, SUP_QUOTE_PREFERENTIAL);
    assert_int_equal(q.new_until, 20270715); /* from the old end, not from the payment */
    q = bare_quote(NULL, 20260715, 799000, 20260815); /* the last day of the grace month */
    assert_int_equal(q.kind, SUP_QUOTE_PREFERENTIAL);
    assert_int_equal(q.fee, 199800);
    assert_int_equal(q.new_until, 20270715);
    assert_int_equal(q.valid_through, 20260815);
}

static void renewal_after_the_grace_month_is_standard_from_the_renewal_date(void **state)
{
    (void)state;
    quote_t q = bare_quote(NULL, 20260715, 799000, 20260816); /* the day after the window */
    assert_int_equal(q.kind, SUP_QUOTE_STANDARD);
    assert_int_equal(q.fee, 359600);
    assert_int_equal(q.new_until, 20270816);
    assert_int_equal(q.valid_through, SUP_DATE_MAX);
    q = bare_quote(NULL, 20240131, 799000, 20250331);
    assert_int_equal(q.new_until, 20260331);
}

static void grace_window_of_a_month_end_support_until_clamps(void **state)
{
    (void)state;
    /* support_until 2026-01-31: the window ends 2026-02-28 */
    assert_int_equal(bare_quote(NULL, 20260131, 799000, 20260228).kind, SUP_QUOTE_PREFERENTIAL);
    assert_int_equal(bare_quote(NULL, 20260131, 799000, 20260301).kind, SUP_QUOTE_STANDARD);
    /* leap year: support_until 2024-01-31, the window ends 2024-02-29 */
    assert_int_equal(bare_quote(NULL, 20240131, 799000, 20240229).kind, SUP_QUOTE_PREFERENTIAL);
    assert_int_equal(bare_quote(NULL, 20240131, 799000, 20240301).kind, SUP_QUOTE_STANDARD);
    /* preferential renewal of a 2024-02-29 end runs to 2025-02-28 */
    assert_int_equal(bare_quote(NULL, 20240229, 799000, 20240301).new_until, 20250228);
}

static void quote_uses_the_list_price_on_the_renewal_date_not_the_purchase_price(void **state)
{
    (void)state;
    sup_product *p = product(SUP_LICENSE_PERPETUAL, 6, 699000);
    assert_int_equal(sup_product_set_price(p, 20260301, 799000), SUP_OK);
    sup_license *l = license(p, 20260115); /* bought at 6990 */
    quote_t q = renewal_quote(l, p, NULL, 20260720);
    assert_int_equal(q.list_price, 799000);
    assert_int_equal(q.fee, 199800);
    sup_license_free(l);
    sup_product_free(p);
}

static void price_change_on_the_renewal_date_applies_that_day(void **state)
{
    (void)state;
    sup_product *p = product(SUP_LICENSE_PERPETUAL, 6, 799000);
    assert_int_equal(sup_product_set_price(p, 20260801, 899000), SUP_OK); /* in the grace month */
    sup_license *l = license(p, 20260115);
    quote_t before = renewal_quote(l, p, NULL, 20260731);
    assert_int_equal(before.fee, 199800);
    assert_int_equal(before.valid_through, 20260731); /* the fee changes the next day */
    quote_t on = renewal_quote(l, p, NULL, 20260801);
    assert_int_equal(on.list_price, 899000);
    assert_int_equal(on.fee, 224800); /* 2247.50 -> 2248 */
    assert_int_equal(on.valid_through, 20260815);
    /* paying yesterday's fee on the day of the change is refused, and changes nothing */
    sup_quote *applied = NULL;
    assert_int_equal(sup_quote_new(&applied), SUP_OK);
    assert_int_equal(sup_license_renew(l, p, NULL, 20260801, before.fee, applied), SUP_EMISMATCH);
    assert_non_null(strstr(sup_error_message(), "2248.00"));
    assert_int_equal(sup_license_event_count(l), 1);
    assert_int_equal(sup_license_latest_until(l), 20260715);
    assert_int_equal(sup_license_renew(l, p, NULL, 20260801, on.fee, applied), SUP_OK);
    assert_int_equal(sup_license_latest_until(l), 20270715);
    sup_quote_free(applied);
    sup_license_free(l);
    sup_product_free(p);
}

static void valid_through_ignores_price_changes_that_keep_the_fee(void **state)
{
    (void)state;
    sup_product *p = product(SUP_LICENSE_PERPETUAL, 6, 799000);
    assert_int_equal(sup_product_set_price(p, 20260720, 799100), SUP_OK); /* 1997.75 -> 1998 still */
    assert_int_equal(sup_product_set_price(p, 20260810, 900000), SUP_OK);
    sup_license *l = license(p, 20260115);
    quote_t q = renewal_quote(l, p, NULL, 20260701);
    assert_int_equal(q.fee, 199800);
    assert_int_equal(q.valid_through, 20260809);
    sup_license_free(l);
    sup_product_free(p);
}

static void standard_quote_holds_until_the_next_price_change(void **state)
{
    (void)state;
    sup_product *p = product(SUP_LICENSE_PERPETUAL, 6, 799000);
    assert_int_equal(sup_product_set_price(p, 20270101, 899000), SUP_OK);
    sup_license *l = license(p, 20260115);
    quote_t q = renewal_quote(l, p, NULL, 20261001);
    assert_int_equal(q.kind, SUP_QUOTE_STANDARD);
    assert_int_equal(q.valid_through, 20261231);
    q = renewal_quote(l, p, NULL, 20270101);
    assert_int_equal(q.fee, 404600); /* 4045.50 -> 4046 */
    assert_int_equal(q.valid_through, SUP_DATE_MAX);
    sup_license_free(l);
    sup_product_free(p);
}

static void rounding_is_a_policy_setting(void **state)
{
    (void)state;
    sup_policy *pol = NULL;
    assert_int_equal(sup_policy_parse("rounding_unit = kopeck\n", &pol), SUP_OK);
    assert_int_equal(bare_quote(pol, 20260715, 799000, 20260801).fee, 199750);
    sup_policy_free(pol);
    assert_int_equal(sup_policy_parse("rounding_unit = 10_rubles\nrounding_mode = down\n", &pol), SUP_OK);
    assert_int_equal(bare_quote(pol, 20260715, 799000, 20260801).fee, 199000);
    sup_policy_free(pol);
}

static void renewal_term_is_a_policy_setting(void **state)
{
    (void)state;
    sup_policy *pol = NULL;
    assert_int_equal(sup_policy_parse("renewal_months = 24\n", &pol), SUP_OK);
    assert_int_equal(bare_quote(pol, 20260715, 799000, 20260801).new_until, 20280715);
    assert_int_equal(bare_quote(pol, 20260715, 799000, 20261001).new_until, 20281001);
    sup_policy_free(pol);
}

/* ---- renewals -------------------------------------------------------------------- */

static void renewals_stack_each_extending_the_latest_support_until(void **state)
{
    (void)state;
    sup_product *p = product(SUP_LICENSE_PERPETUAL, 6, 799000);
    sup_license *l = license(p, 20260115);
    assert_int_equal(renew(l, p, NULL, 20260301), SUP_QUOTE_PREFERENTIAL); /* early */
    assert_int_equal(sup_license_latest_until(l), 20270715);
    assert_int_equal(renew(l, p, NULL, 20260301), SUP_QUOTE_PREFERENTIAL); /* again, same day */
    assert_int_equal(sup_license_latest_until(l), 20280715);
    assert_int_equal(renew(l, p, NULL, 20280801), SUP_QUOTE_PREFERENTIAL); /* in grace */
    assert_int_equal(sup_license_latest_until(l), 20290715);
    assert_int_equal(status_on(l, NULL, 20280720).state, SUP_STATE_GRACE); /* before that payment */
    assert_int_equal(status_on(l, NULL, 20280801).state, SUP_STATE_ACTIVE);
    assert_int_equal(renew(l, p, NULL, 20310101), SUP_QUOTE_STANDARD);
    assert_int_equal(sup_license_latest_until(l), 20320101);
    assert_int_equal(sup_license_event_count(l), 5);
    sup_event_kind k;
    sup_date on, until;
    sup_money paid;
    assert_int_equal(sup_license_event(l, 0, &k, &on, &until, &paid), SUP_OK);
    assert_int_equal(k, SUP_EVENT_PURCHASE);
    assert_int_equal(paid, 799000);
    assert_int_equal(sup_license_event(l, 4, &k, &on, &until, &paid), SUP_OK);
    assert_int_equal(k, SUP_EVENT_STANDARD_RENEWAL);
    assert_int_equal(on, 20310101);
    assert_int_equal(until, 20320101);
    assert_int_equal(paid, 359600);
    assert_int_equal(sup_license_event(l, 5, &k, &on, &until, &paid), SUP_ENOTFOUND);
    sup_license_free(l);
    sup_product_free(p);
}

static void renewal_with_a_wrong_amount_is_refused_and_changes_nothing(void **state)
{
    (void)state;
    sup_product *p = product(SUP_LICENSE_PERPETUAL, 6, 799000);
    sup_license *l = license(p, 20260115);
    static const sup_money wrong[] = {199700, 199900, 0, -199800, 359600};
    for (size_t i = 0; i < 5; i++) {
        assert_int_equal(sup_license_renew(l, p, NULL, 20260801, wrong[i], NULL), SUP_EMISMATCH);
        assert_int_equal(sup_error_code(), SUP_EMISMATCH);
    }
    assert_non_null(strstr(sup_error_message(), "preferential renewal on 2026-08-01 costs 1998.00"));
    assert_int_equal(sup_license_event_count(l), 1);
    assert_int_equal(sup_license_latest_until(l), 20260715);
    sup_license_free(l);
    sup_product_free(p);
}

static void renewals_must_be_recorded_in_date_order_and_after_the_purchase(void **state)
{
    (void)state;
    sup_product *p = product(SUP_LICENSE_PERPETUAL, 6, 799000);
    sup_license *l = license(p, 20260115);
    assert_int_equal(sup_license_renew(l, p, NULL, 20260114, 199800, NULL), SUP_ESTATE);
    assert_int_equal(renew(l, p, NULL, 20260801), SUP_QUOTE_PREFERENTIAL);
    assert_int_equal(sup_license_renew(l, p, NULL, 20260731, 199800, NULL), SUP_ESTATE);
    assert_non_null(strstr(sup_error_message(), "date order"));
    assert_int_equal(sup_license_event_count(l), 2);
    quote_t q = renewal_quote(l, p, NULL, 20260114);
    assert_int_equal(q.rc, SUP_ESTATE);
    sup_license_free(l);
    sup_product_free(p);
}

static void quote_errors_are_clear(void **state)
{
    (void)state;
    sup_product *p = NULL;
    assert_int_equal(sup_product_new(SUP_LICENSE_PERPETUAL, 6, &p), SUP_OK);
    sup_license *l = license(p, 20260115);
    assert_int_equal(renewal_quote(l, p, NULL, 20260801).rc, SUP_ENOTFOUND); /* no price at all */
    assert_int_equal(sup_product_set_price(p, 20260701, 799000), SUP_OK);
    assert_int_equal(renewal_quote(l, p, NULL, 20260630).rc, SUP_ENOTFOUND); /* before the first price */
    assert_int_equal(renewal_quote(l, p, NULL, 20260230).rc, SUP_EDATE);
    sup_product *sub = product(SUP_LICENSE_SUBSCRIPTION_MONTHLY, 0, 100000);
    assert_int_equal(renewal_quote(l, sub, NULL, 20260801).rc, SUP_EINVAL); /* product of another kind */
    sup_quote *q = NULL;
    assert_int_equal(sup_quote_new(&q), SUP_OK);
    assert_int_equal(sup_license_quote(NULL, p, NULL, 20260801, q), SUP_EINVAL);
    assert_int_equal(sup_license_quote(l, NULL, NULL, 20260801, q), SUP_EINVAL);
    assert_int_equal(sup_license_quote(l, p, NULL, 20260801, NULL), SUP_EINVAL);
    assert_int_equal(sup_quote_compute(NULL, 20260715, -1, 20260801, q), SUP_EMONEY);
    assert_int_equal(sup_quote_compute(NULL, 20260732, 100, 20260801, q), SUP_EDATE);
    assert_int_equal(sup_quote_compute(NULL, 20260715, 100, 20260800, q), SUP_EDATE);
    assert_int_equal(sup_quote_compute(NULL, 99990615, 100, 99990615, q), SUP_EDATE); /* runs past 9999 */
    assert_int_equal(sup_quote_compute(NULL, 20260715, INT64_MAX, 20260801, q), SUP_EMONEY); /* overflow */
    sup_quote_free(q);
    sup_product_free(sub);
    sup_license_free(l);
    sup_product_free(p);
}

static void license_construction_checks_its_inputs(void **state)
{
    (void)state;
    sup_product *p = product(SUP_LICENSE_PERPETUAL, 6, 799000);
    sup_license *l = NULL;
    assert_int_equal(sup_license_new(p, 20260230, &l), SUP_EDATE);
    assert_null(l);
    assert_int_equal(sup_license_new(NULL, 20260101, &l), SUP_EINVAL);
    assert_int_equal(sup_license_new(p, 99991001, &l), SUP_EDATE); /* support would end after 9999 */
    assert_int_equal(sup_license_new(p, 20260101, NULL), SUP_EINVAL);
    sup_product_free(p);
}

static void a_recorded_period_overrides_support_until(void **state)
{
    (void)state;
    sup_product *p = product(SUP_LICENSE_PERPETUAL, 6, 799000);
    sup_license *l = license(p, 20260115);
    assert_int_equal(sup_license_add_period(l, 20260115, 20271231), SUP_OK);
    assert_int_equal(sup_license_latest_until(l), 20271231);
    assert_int_equal(status_on(l, NULL, 20270601).state, SUP_STATE_ACTIVE);
    assert_int_equal(sup_license_add_period(l, 20260114, 20271231), SUP_ESTATE);
    assert_int_equal(sup_license_add_period(l, 20260201, 20260101), SUP_EDATE);
    assert_int_equal(sup_license_add_period(l, 20260201, 20260231), SUP_EDATE);
    sup_license *c = NULL;
    assert_int_equal(sup_license_clone(l, &c), SUP_OK);
    assert_int_equal(sup_license_add_period(c, 20260201, 20260301), SUP_OK);
    assert_int_equal(sup_license_latest_until(c), 20260301);
    assert_int_equal(sup_license_latest_until(l), 20271231);
    sup_license_free(c);
    sup_license_free(l);
    sup_product_free(p);
}

/* ---- subscriptions -------------------------------------------------------------- */

static quote_t payment_quote(const sup_license *l, const sup_product *p, sup_date on)
{
    sup_quote *q = NULL;
    assert_int_equal(sup_quote_new(&q), SUP_OK);
    quote_t r = quote_of(q, sup_license_quote_payment(l, p, on, q));
    sup_quote_free(q);
    return r;
}

static void pay(sup_license *l, const sup_product *p, sup_date on)
{
    quote_t q = payment_quote(l, p, on);
    assert_int_equal(q.rc, SUP_OK);
    assert_int_equal(sup_license_pay(l, p, on, q.fee, NULL), SUP_OK);
}

static void subscription_works_only_while_paid(void **state)
{
    (void)state;
    sup_product *p = product(SUP_LICENSE_SUBSCRIPTION_MONTHLY, 0, 150000);
    sup_license *l = license(p, 20260131); /* paid through 2026-02-28 */
    assert_int_equal(sup_license_latest_until(l), 20260228);
    status_t s = status_on(l, NULL, 20260228);
    assert_int_equal(s.state, SUP_STATE_ACTIVE);
    assert_true(s.use && s.consult && s.versions && s.ideas);
    assert_int_equal(s.pref_until, SUP_DATE_NONE);
    s = status_on(l, NULL, 20260301);
    assert_int_equal(s.state, SUP_STATE_EXPIRED);
    assert_false(s.use || s.consult || s.versions || s.ideas);
    assert_int_equal(status_on(l, NULL, 20260130).state, SUP_STATE_NOT_OWNED);
    /* no updates after the paid term, not even old ones */
    assert_true(downloadable(l, 20260215, 20260101));
    assert_false(downloadable(l, 20260301, 20260101));
    sup_license_free(l);
    sup_product_free(p);
}

static void subscription_payment_extends_from_the_current_end_if_not_lapsed(void **state)
{
    (void)state;
    sup_product *p = product(SUP_LICENSE_SUBSCRIPTION_MONTHLY, 0, 150000);
    sup_license *l = license(p, 20260115); /* through 2026-02-15 */
    quote_t q = payment_quote(l, p, 20260215);
    assert_int_equal(q.kind, SUP_QUOTE_SUBSCRIPTION);
    assert_int_equal(q.fee, 150000);
    assert_int_equal(q.rate, 10000);
    assert_int_equal(q.new_until, 20260315);
    pay(l, p, 20260210);
    assert_int_equal(sup_license_latest_until(l), 20260315);
    sup_license_free(l);
    sup_product_free(p);
}

static void subscription_payment_after_a_lapse_runs_from_the_payment_date(void **state)
{
    (void)state;
    sup_product *p = product(SUP_LICENSE_SUBSCRIPTION_MONTHLY, 0, 150000);
    sup_license *l = license(p, 20260115); /* through 2026-02-15 */
    assert_int_equal(payment_quote(l, p, 20260216).new_until, 20260316);
    pay(l, p, 20260310);
    assert_int_equal(sup_license_latest_until(l), 20260410);
    assert_int_equal(status_on(l, NULL, 20260305).state, SUP_STATE_EXPIRED); /* the gap */
    assert_int_equal(status_on(l, NULL, 20260310).state, SUP_STATE_ACTIVE);
    assert_int_equal(status_on(l, NULL, 20260411).state, SUP_STATE_EXPIRED);
    sup_license_free(l);
    sup_product_free(p);
}

static void yearly_subscription_from_a_leap_day(void **state)
{
    (void)state;
    sup_product *p = product(SUP_LICENSE_SUBSCRIPTION_YEARLY, 12, 1200000);
    sup_license *l = license(p, 20240229);
    assert_int_equal(sup_license_latest_until(l), 20250228);
    pay(l, p, 20250201);
    assert_int_equal(sup_license_latest_until(l), 20260228);
    sup_license_free(l);
    sup_product_free(p);
}

/* B11, POLICY.md "Subscription products": periods count from the anchor, so the billing day is kept. */
static void a_monthly_subscription_keeps_its_billing_day(void **state)
{
    (void)state;
    sup_product *p = product(SUP_LICENSE_SUBSCRIPTION_MONTHLY, 0, 150000);
    sup_license *l = license(p, 20260131); /* anchor 31.01: paid through 2026-02-28 */
    assert_int_equal(sup_license_latest_until(l), 20260228);
    assert_int_equal(payment_quote(l, p, 20260220).new_until, 20260331); /* not 2026-03-28 */
    pay(l, p, 20260220);
    assert_int_equal(sup_license_latest_until(l), 20260331);
    assert_int_equal(payment_quote(l, p, 20260331).new_until, 20260430); /* paid on the last paid day */
    pay(l, p, 20260331);
    pay(l, p, 20260415);
    assert_int_equal(sup_license_latest_until(l), 20260531);
    assert_int_equal(status_on(l, NULL, 20260531).state, SUP_STATE_ACTIVE);
    assert_int_equal(status_on(l, NULL, 20260601).state, SUP_STATE_EXPIRED);
    /* a quote on a past date counts only the periods recorded by then */
    assert_int_equal(payment_quote(l, p, 20260215).new_until, 20260331); /* before the payment of 20.02 */
    assert_int_equal(payment_quote(l, p, 20260225).new_until, 20260430); /* after it */
    /* after a lapse the payment is the new anchor: 15.07 -> 15.08, 15.09 */
    assert_int_equal(payment_quote(l, p, 20260715).new_until, 20260815);
    pay(l, p, 20260715);
    pay(l, p, 20260801);
    assert_int_equal(sup_license_latest_until(l), 20260915);
    sup_license_free(l);
    sup_product_free(p);
}

static void a_yearly_subscription_from_a_leap_day_comes_back_to_it(void **state)
{
    (void)state;
    sup_product *p = product(SUP_LICENSE_SUBSCRIPTION_YEARLY, 12, 1200000);
    sup_license *l = license(p, 20240229);
    pay(l, p, 20250201);
    pay(l, p, 20260201);
    pay(l, p, 20270201);
    assert_int_equal(sup_license_latest_until(l), 20280229); /* 2024-02-29 + 4 years */
    sup_license_free(l);
    sup_product_free(p);
}

/* A period recorded as is (imported history) anchors at its end. */
static void a_recorded_period_anchors_the_next_payment_at_its_end(void **state)
{
    (void)state;
    sup_product *p = product(SUP_LICENSE_SUBSCRIPTION_MONTHLY, 0, 150000);
    sup_license *l = license(p, 20260131);
    assert_int_equal(sup_license_add_period(l, 20260210, 20260430), SUP_OK);
    assert_int_equal(payment_quote(l, p, 20260420).new_until, 20260530);
    pay(l, p, 20260420);
    assert_int_equal(payment_quote(l, p, 20260520).new_until, 20260630);
    sup_license_free(l);
    sup_product_free(p);
}

static void subscription_renewal_at_25_or_45_percent_is_not_applicable(void **state)
{
    (void)state;
    sup_product *p = product(SUP_LICENSE_SUBSCRIPTION_MONTHLY, 0, 150000);
    sup_license *l = license(p, 20260115);
    quote_t q = renewal_quote(l, p, NULL, 20260301);
    assert_int_equal(q.rc, SUP_ENOTAPPLICABLE);
    assert_int_equal(q.kind, SUP_QUOTE_NOT_APPLICABLE);
    assert_non_null(strstr(sup_error_message(), "does not apply"));
    assert_int_equal(sup_license_renew(l, p, NULL, 20260301, 37500, NULL), SUP_ENOTAPPLICABLE);
    sup_license_free(l);
    /* and a perpetual license has no subscription payments */
    sup_product *perp = product(SUP_LICENSE_PERPETUAL, 6, 799000);
    l = license(perp, 20260115);
    assert_int_equal(payment_quote(l, perp, 20260301).rc, SUP_ENOTAPPLICABLE);
    assert_int_equal(sup_license_pay(l, perp, 20260301, 799000, NULL), SUP_ENOTAPPLICABLE);
    sup_license_free(l);
    sup_product_free(perp);
    sup_product_free(p);
}

static void subscription_payment_of_a_wrong_amount_is_refused(void **state)
{
    (void)state;
    sup_product *p = product(SUP_LICENSE_SUBSCRIPTION_MONTHLY, 0, 150000);
    assert_int_equal(sup_product_set_price(p, 20260301, 170000), SUP_OK);
    sup_license *l = license(p, 20260115);
    assert_int_equal(payment_quote(l, p, 20260210).valid_through, 20260228);
    assert_int_equal(sup_license_pay(l, p, 20260301, 150000, NULL), SUP_EMISMATCH);
    assert_non_null(strstr(sup_error_message(), "1700.00"));
    assert_int_equal(sup_license_event_count(l), 1);
    assert_int_equal(sup_license_pay(l, p, 20260301, 170000, NULL), SUP_OK);
    assert_int_equal(sup_license_pay(l, p, 20260201, 150000, NULL), SUP_ESTATE); /* out of order */
    sup_license_free(l);
    sup_product_free(p);
}

static void names_of_states_kinds_and_events(void **state)
{
    (void)state;
    assert_string_equal(sup_state_name(SUP_STATE_NOT_OWNED), "not_owned");
    assert_string_equal(sup_state_name(SUP_STATE_GRACE), "grace");
    assert_string_equal(sup_state_name(SUP_STATE_EXPIRED), "expired");
    assert_string_equal(sup_state_name((sup_state)9), "");
    assert_string_equal(sup_quote_kind_name(SUP_QUOTE_PREFERENTIAL), "preferential");
    assert_string_equal(sup_quote_kind_name(SUP_QUOTE_NOT_APPLICABLE), "not_applicable");
    assert_string_equal(sup_event_kind_name(SUP_EVENT_STANDARD_RENEWAL), "standard_renewal");
    assert_string_equal(sup_event_kind_name((sup_event_kind)-1), "");
}

static void status_and_quote_objects_survive_reuse(void **state)
{
    (void)state;
    /* one quote and one status reused across thousands of dates: answers stay consistent */
    sup_product *p = product(SUP_LICENSE_PERPETUAL, 6, 799000);
    sup_license *l = license(p, 20260115);
    sup_quote *q = NULL;
    sup_status *s = NULL;
    assert_int_equal(sup_quote_new(&q), SUP_OK);
    assert_int_equal(sup_status_new(&s), SUP_OK);
    sup_date d = 20260115;
    for (int i = 0; i < 1000; i++) {
        assert_int_equal(sup_license_status(l, NULL, d, s), SUP_OK);
        assert_int_equal(sup_license_quote(l, p, NULL, d, q), SUP_OK);
        int pref = sup_quote_kind_of(q) == SUP_QUOTE_PREFERENTIAL;
        int open = sup_status_state(s) == SUP_STATE_ACTIVE || sup_status_state(s) == SUP_STATE_GRACE;
        assert_int_equal(pref, open); /* the quote kind agrees with the status */
        assert_true(sup_quote_valid_through(q) >= d);
        assert_int_equal(sup_date_add_days(d, 1, &d), SUP_OK);
    }
    sup_quote_free(q);
    sup_status_free(s);
    sup_license_free(l);
    sup_product_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(purchase_gives_support_through_the_same_day_six_months_later),
        cmocka_unit_test(status_is_not_owned_before_the_purchase),
        cmocka_unit_test(status_is_active_from_the_purchase_day_through_support_until),
        cmocka_unit_test(status_is_grace_through_the_last_day_of_the_month_after_support),
        cmocka_unit_test(status_is_lapsed_from_the_day_after_the_grace_month),
        cmocka_unit_test(month_end_purchases_clamp_support_and_grace_to_shorter_months),
        cmocka_unit_test(products_with_other_support_terms_use_their_own_term),
        cmocka_unit_test(grace_months_is_a_policy_setting),
        cmocka_unit_test(releases_up_to_support_until_stay_downloadable_after_support_ends),
        cmocka_unit_test(a_standard_renewal_opens_the_releases_of_the_gap),
        cmocka_unit_test(seed_example_preferential_1998_and_standard_3596),
        cmocka_unit_test(seed_example_with_a_40_percent_policy_gives_the_pages_3196),
        cmocka_unit_test(early_renewal_is_preferential_and_extends_from_support_until),
        cmocka_unit_test(renewal_within_the_grace_month_is_preferential_and_continuous),
        cmocka_unit_test(renewal_after_the_grace_month_is_standard_from_the_renewal_date),
        cmocka_unit_test(grace_window_of_a_month_end_support_until_clamps),
        cmocka_unit_test(quote_uses_the_list_price_on_the_renewal_date_not_the_purchase_price),
        cmocka_unit_test(price_change_on_the_renewal_date_applies_that_day),
        cmocka_unit_test(valid_through_ignores_price_changes_that_keep_the_fee),
        cmocka_unit_test(standard_quote_holds_until_the_next_price_change),
        cmocka_unit_test(rounding_is_a_policy_setting),
        cmocka_unit_test(renewal_term_is_a_policy_setting),
        cmocka_unit_test(renewals_stack_each_extending_the_latest_support_until),
        cmocka_unit_test(renewal_with_a_wrong_amount_is_refused_and_changes_nothing),
        cmocka_unit_test(renewals_must_be_recorded_in_date_order_and_after_the_purchase),
        cmocka_unit_test(quote_errors_are_clear),
        cmocka_unit_test(license_construction_checks_its_inputs),
        cmocka_unit_test(a_recorded_period_overrides_support_until),
        cmocka_unit_test(subscription_works_only_while_paid),
        cmocka_unit_test(subscription_payment_extends_from_the_current_end_if_not_lapsed),
        cmocka_unit_test(subscription_payment_after_a_lapse_runs_from_the_payment_date),
        cmocka_unit_test(yearly_subscription_from_a_leap_day),
        cmocka_unit_test(a_monthly_subscription_keeps_its_billing_day),
        cmocka_unit_test(a_yearly_subscription_from_a_leap_day_comes_back_to_it),
        cmocka_unit_test(a_recorded_period_anchors_the_next_payment_at_its_end),
        cmocka_unit_test(subscription_renewal_at_25_or_45_percent_is_not_applicable),
        cmocka_unit_test(subscription_payment_of_a_wrong_amount_is_refused),
        cmocka_unit_test(names_of_states_kinds_and_events),
        cmocka_unit_test(status_and_quote_objects_survive_reuse),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
