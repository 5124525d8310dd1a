/* The ledger with the customer notices: notices rendered with the ledger's
 * price history and every policy version (sup_ledger_render_notice), who gets
 * which reminder on a date (sup_ledger_list_reminders, checked license by
 * license against sup_schedule_due), and a product's releases
 * (sup_ledger_list_product_releases). */
#include "ledger_test_util.h"

#include <stdbool.h>

#define NBSP "\xC2\xA0"

static sup_ledger *open_memory(void)
{
    sup_ledger *l = NULL;
    assert_int_equal(sup_ledger_open(mem_target(), SUP_LEDGER_CREATE, &l), SUP_OK);
    return l;
}

static void add_policy_text(sup_ledger *l, sup_date effective, const char *text)
{
    sup_policy *p = NULL;
    assert_int_equal(sup_policy_parse(text, &p), SUP_OK);
    assert_int_equal(sup_ledger_add_policy(l, ACTOR, effective, p, NULL), SUP_OK);
    sup_policy_free(p);
}

static sup_notice *new_notice(sup_lang lang, sup_notice_kind kind)
{
    sup_notice *n = NULL;
    assert_int_equal(sup_notice_new(&n), SUP_OK);
    assert_int_equal(sup_notice_set_lang(n, lang), SUP_OK);
    assert_int_equal(sup_notice_set_kind(n, kind), SUP_OK);
    return n;
}

static char *render(sup_ledger *l, sup_id license, sup_date on, const sup_notice *n)
{
    char *text = NULL;
    int rc = sup_ledger_render_notice(l, license, on, n, &text);
    if (rc != SUP_OK)
        fail_msg("sup_ledger_render_notice(%lld, %d): %s", (long long)license, on, sup_error_message());
    assert_non_null(text);
    return text;
}

static void assert_contains(const char *text, const char *part)
{
    if (strstr(text, part) == NULL)
        fail_msg("expected \"%s\" in:\n%s", part, text);
}

static void assert_lacks(const char *text, const char *part)
{
    if (strstr(text, part) != NULL)
        fail_msg("did not expect \"%s\" in:\n%s", part, text);
}

/* ---- sup_ledger_render_notice ----------------------------------------------------------------------- */

/* The seed product (7990 rub), sold on 2025-01-31: support through 2025-07-31, window through 2025-08-31;
 * a 40% standard rate from 2026-09-01. */
static sup_ledger *lapsed_license_before_a_policy_change(sup_id *license)
{
    sup_ledger *l = open_memory();
    sup_id p = add_seed_product(l, "REP");
    sup_id c = 0;
    assert_int_equal(sup_ledger_add_customer(l, ACTOR, "C-1", "ООО «Ромашка»", &c), SUP_OK);
    *license = sell(l, c, p, 20250131);
    add_policy_text(l, 20260901, "standard_rate_bp = 4000\n");
    return l;
}

static void a_notice_holds_the_offer_until_a_later_policy_version_like_the_ledger_quote(void **state)
{
    (void)state;
    sup_id lic = 0;
    sup_ledger *l = lapsed_license_before_a_policy_change(&lic);
    sup_quote *q = NULL;
    assert_int_equal(sup_quote_new(&q), SUP_OK);
    assert_int_equal(sup_ledger_quote_renewal(l, lic, 20260820, q), SUP_OK);
    assert_int_equal(sup_quote_kind_of(q), SUP_QUOTE_STANDARD);
    assert_int_equal(sup_quote_fee(q), 359600); /* 45% of 7990, rounded half up */
    assert_int_equal(sup_quote_valid_through(q), 20260831);

    sup_notice *n = new_notice(SUP_LANG_RU, SUP_NOTICE_STATUS);
    char *text = render(l, lic, 20260820, n);
    assert_contains(text, "Стандартное продление поддержки на 12 месяцев: 3" NBSP "596 руб.");
    assert_contains(text, "Эта стоимость действует до 31.08.2026 включительно (осталось 11 дней).");
    assert_lacks(text, "без ограничения срока");
    sup_free(text);

    /* the same notice with only the policy in force on the date says the opposite: the bug this fixes */
    sup_license *core = NULL;
    sup_product *prod = NULL;
    sup_policy *pol = NULL;
    assert_int_equal(sup_ledger_get_license(l, lic, &core), SUP_OK);
    assert_int_equal(sup_ledger_get_product(l, 1, &prod), SUP_OK);
    assert_int_equal(sup_ledger_get_policy(l, 20260820, NULL, &pol), SUP_OK);
    assert_int_equal(sup_notice_render(n, core, prod, pol, 20260820, &text), SUP_OK);
    assert_contains(text, "без ограничения срока");
    sup_free(text);

    /* English, and on the day the new version takes effect: 40%, no end */
    assert_int_equal(sup_notice_set_lang(n, SUP_LANG_EN), SUP_OK);
    text = render(l, lic, 20260820, n);
    assert_contains(text, "This price holds through 2026-08-31 (11 days left).");
    sup_free(text);
    text = render(l, lic, 20260901, n);
    assert_contains(text, "Standard support renewal for 12 months: 3,196 RUB (40% of the product's list price");
    assert_contains(text, "no end date");
    sup_free(text);
    assert_int_equal(sup_ledger_quote_renewal(l, lic, 20260901, q), SUP_OK);
    assert_int_equal(sup_quote_fee(q), 319600);
    assert_int_equal(sup_quote_valid_through(q), SUP_DATE_MAX);

    sup_policy_free(pol);
    sup_product_free(prod);
    sup_license_free(core);
    sup_notice_free(n);
    sup_quote_free(q);
    sup_ledger_close(l);
}

static void a_notice_says_what_the_ledger_quote_says_on_every_day_of_a_year(void **state)
{
    (void)state;
    sup_ledger *l = open_memory();
    sup_id p = add_seed_product(l, "REP");
    assert_int_equal(sup_ledger_set_price(l, ACTOR, p, 20261201, 899000), SUP_OK);
    add_policy_text(l, 20260901, "standard_rate_bp = 4000\n");
    add_policy_text(l, 20261015, "preferential_rate_bp = 2000\ngrace_months = 2\n");
    sup_id c = add_customer(l, "C");
    sup_id lic = sell(l, c, p, 20260131);
    sup_notice *n = new_notice(SUP_LANG_EN, SUP_NOTICE_STATUS);
    sup_quote *q = NULL;
    assert_int_equal(sup_quote_new(&q), SUP_OK);
    for (sup_date on = 20260131; on <= 20270201;) {
        assert_int_equal(sup_ledger_quote_renewal(l, lic, on, q), SUP_OK);
        char *text = render(l, lic, on, n);
        char want[160], fee[SUP_MONEY_BUFSIZE], vt[SUP_DATE_BUFSIZE];
        assert_int_equal(sup_money_format(sup_quote_fee(q), SUP_MONEY_EN, fee, sizeof fee), SUP_OK);
        snprintf(want, sizeof want, "for 12 months: %s (", fee);
        assert_contains(text, want);
        if (sup_quote_valid_through(q) == SUP_DATE_MAX) {
            assert_contains(text, "no end date");
        } else {
            assert_int_equal(sup_date_format(sup_quote_valid_through(q), SUP_DATE_ISO, vt, sizeof vt), SUP_OK);
            snprintf(want, sizeof want, "This price holds through %s", vt);
            assert_contains(text, want);
        }
        sup_free(text);
        assert_int_equal(sup_date_add_days(on, 3, &on), SUP_OK);
    }
    sup_quote_free(q);
    sup_notice_free(n);
    sup_ledger_close(l);
}

static void a_notice_names_the_ledgers_customer_and_product_unless_it_has_names(void **state)
{
    (void)state;
    sup_id lic = 0;
    sup_ledger *l = lapsed_license_before_a_policy_change(&lic);
    sup_notice *n = new_notice(SUP_LANG_RU, SUP_NOTICE_STATUS);
    char *text = render(l, lic, 20250701, n);
    assert_contains(text, "Здравствуйте, ООО «Ромашка»!");
    assert_contains(text, "«Отчёт 1С»");
    sup_free(text);
    /* the caller's notice is not changed */
    assert_null(sup_notice_customer_name(n));
    assert_null(sup_notice_product_name(n));

    assert_int_equal(sup_notice_set_customer_name(n, "Анна"), SUP_OK);
    text = render(l, lic, 20250701, n);
    assert_contains(text, "Здравствуйте, Анна!");
    assert_contains(text, "«Отчёт 1С»");
    sup_free(text);
    assert_int_equal(sup_notice_set_product_name(n, "Продажи"), SUP_OK);
    assert_int_equal(sup_notice_set_format(n, SUP_NOTICE_FORMAT_HTML), SUP_OK);
    text = render(l, lic, 20250701, n);
    assert_contains(text, "<div class=\"sup-notice sup-notice-status sup-state-active\" lang=\"ru\">");
    assert_contains(text, "«Продажи»");
    assert_lacks(text, "Отчёт 1С");
    sup_free(text);

    /* a renamed customer: the notice uses the current name */
    assert_int_equal(sup_ledger_update_customer(l, ACTOR, 1, "ООО \"Ромашка & Co\" <b>"), SUP_OK);
    assert_int_equal(sup_notice_set_customer_name(n, NULL), SUP_OK);
    text = render(l, lic, 20250701, n);
    assert_contains(text, "Здравствуйте, ООО &quot;Ромашка &amp; Co&quot; &lt;b&gt;!");
    sup_free(text);
    sup_notice_free(n);
    sup_ledger_close(l);
}

static void a_ledger_name_a_notice_refuses_is_an_error_unless_the_notice_names_it(void **state)
{
    (void)state;
    tmp_ledger t;
    tmp_init(&t);
    sup_ledger *l = open_new(&t);
    sup_id p = add_seed_product(l, "REP");
    sup_id c = 0;
    /* U+0085 (NEL): valid UTF-8 but a C1 control; the ledger refuses it at entry, as the notice does */
    assert_int_equal(sup_ledger_add_customer(l, ACTOR, "C", "Bad\xC2\x85Name", &c), SUP_EINVAL);
    assert_non_null(strstr(sup_error_message(), "customer name \"Bad\\u0085Name\" contains U+0085 NEXT LINE"));
    assert_int_equal(sup_ledger_add_customer(l, ACTOR, "C", "Good Name", &c), SUP_OK);
    sup_id lic = sell(l, c, p, 20260131);
    /* a name stored before entry and rendering had the same rules (written behind the API here) */
    assert_int_equal(raw_exec(t.path, test_on_pg() ? "UPDATE customer SET name = 'Bad' || chr(133) || 'Name' WHERE code = 'C'"
                                                   : "UPDATE customer SET name = 'Bad' || char(133) || 'Name' WHERE code = 'C'"),
                     SQLITE_OK);
    sup_notice *n = new_notice(SUP_LANG_EN, SUP_NOTICE_STATUS);
    char *text = (char *)n;
    assert_int_equal(sup_ledger_render_notice(l, lic, 20260201, n, &text), SUP_EINVAL);
    assert_null(text);
    assert_non_null(strstr(sup_error_message(), "customer's name in the ledger"));
    assert_int_equal(sup_notice_set_customer_name(n, "Good Name"), SUP_OK);
    text = render(l, lic, 20260201, n);
    assert_contains(text, "Hello, Good Name!");
    sup_free(text);
    sup_notice_free(n);
    sup_ledger_close(l);
    tmp_cleanup(&t);
}

static void a_reminder_notice_must_fit_the_date_and_bad_input_is_refused(void **state)
{
    (void)state;
    sup_id lic = 0;
    sup_ledger *l = lapsed_license_before_a_policy_change(&lic);
    sup_notice *n = new_notice(SUP_LANG_RU, SUP_NOTICE_SUPPORT_ENDS_TODAY);
    char *text = render(l, lic, 20250731, n);
    assert_contains(text, "Сегодня, 31.07.2025, последний день технической поддержки продукта «Отчёт 1С».");
    sup_free(text);
    text = (char *)n;
    assert_int_equal(sup_ledger_render_notice(l, lic, 20250730, n, &text), SUP_ESTATE);
    assert_null(text);
    assert_int_equal(sup_notice_set_kind(n, SUP_NOTICE_WINDOW_CLOSING), SUP_OK);
    text = render(l, lic, 20250824, n);
    assert_contains(text, "доступно до 31.08.2025 включительно: осталось 7 дней.");
    sup_free(text);
    assert_int_equal(sup_ledger_render_notice(l, lic, 20250901, n, &text), SUP_ESTATE);
    assert_int_equal(sup_notice_set_kind(n, SUP_NOTICE_STATUS), SUP_OK);
    /* before the purchase: not owned, no offer */
    text = render(l, lic, 20250101, n);
    assert_contains(text, "лицензия не приобретена");
    sup_free(text);

    text = (char *)n;
    assert_int_equal(sup_ledger_render_notice(l, lic, 20250230, n, &text), SUP_EDATE);
    assert_null(text);
    assert_int_equal(sup_ledger_render_notice(l, 0, 20250701, n, &text), SUP_ENOTFOUND);
    assert_int_equal(sup_ledger_render_notice(l, -3, 20250701, n, &text), SUP_ENOTFOUND);
    assert_int_equal(sup_ledger_render_notice(l, 99, 20250701, n, &text), SUP_ENOTFOUND);
    assert_null(text);
    assert_int_equal(sup_ledger_render_notice(l, lic, 20250701, NULL, &text), SUP_EINVAL);
    assert_int_equal(sup_ledger_render_notice(NULL, lic, 20250701, n, &text), SUP_EINVAL);
    assert_null(text);
    assert_int_equal(sup_ledger_render_notice(l, lic, 20250701, n, NULL), SUP_EINVAL);
    /* a read-only handle renders too */
    sup_notice_free(n);
    sup_ledger_close(l);
}

static void a_subscription_notice_offers_the_payment(void **state)
{
    (void)state;
    sup_ledger *l = open_memory();
    sup_id sub = 0;
    assert_int_equal(sup_ledger_add_product(l, ACTOR, "SUB", "Облако", SUP_LICENSE_SUBSCRIPTION_MONTHLY, 0, &sub),
                     SUP_OK);
    assert_int_equal(sup_ledger_set_price(l, ACTOR, sub, 20200101, 99000), SUP_OK);
    sup_id lic = sell(l, add_customer(l, "C"), sub, 20260131);
    sup_notice *n = new_notice(SUP_LANG_RU, SUP_NOTICE_SUPPORT_ENDING);
    char *text = render(l, lic, 20260214, n);
    assert_contains(text, "Через 14 дней, 28.02.2026, заканчивается оплаченный срок подписки на «Облако».");
    assert_contains(text, "Оплата подписки на 1 месяц: 990 руб.");
    sup_free(text);
    sup_notice_free(n);
    sup_ledger_close(l);
}

/* ---- sup_ledger_list_reminders ----------------------------------------------------------------------- */

/* A catalogue with month-end purchases, 6- and 12-month terms, subscriptions, renewals of every kind and a
 * change of the window (2 months from 2026-09-01). Returns the number of licenses. */
static sup_id reminder_ledger(sup_ledger *l)
{
    sup_id p6 = add_seed_product(l, "R6");
    sup_id p12 = 0, mon = 0, year = 0;
    assert_int_equal(sup_ledger_add_product(l, ACTOR, "R12", "Двенадцать", SUP_LICENSE_PERPETUAL, 12, &p12), SUP_OK);
    assert_int_equal(sup_ledger_set_price(l, ACTOR, p12, 20200101, 1200000), SUP_OK);
    assert_int_equal(sup_ledger_add_product(l, ACTOR, "MON", "Месяц", SUP_LICENSE_SUBSCRIPTION_MONTHLY, 0, &mon),
                     SUP_OK);
    assert_int_equal(sup_ledger_set_price(l, ACTOR, mon, 20200101, 50000), SUP_OK);
    assert_int_equal(sup_ledger_add_product(l, ACTOR, "YEAR", "Год", SUP_LICENSE_SUBSCRIPTION_YEARLY, 0, &year),
                     SUP_OK);
    assert_int_equal(sup_ledger_set_price(l, ACTOR, year, 20200101, 500000), SUP_OK);
    add_policy_text(l, 20260901, "grace_months = 2\n");
    sup_id cust[4] = {add_customer(l, "D"), add_customer(l, "A"), add_customer(l, "C"), add_customer(l, "B")};
    static const sup_date buys[] = {20250131, 20250228, 20250330, 20250331, 20250429, 20250531, 20250630,
                                    20250731, 20250831, 20250915, 20251031, 20251130, 20251229, 20251231,
                                    20260115, 20260131, 20260227, 20260228, 20260331, 20260430, 20260531};
    sup_id n = 0;
    const sup_id prods[4] = {p6, p12, mon, year};
    for (size_t i = 0; i < sizeof buys / sizeof buys[0]; i++) {
        sup_id prod = prods[i % 4];
        sup_id lic = sell(l, cust[(i * 7) % 4], prod, buys[i]);
        n = lic;
        sup_license *core = NULL;
        assert_int_equal(sup_ledger_get_license(l, lic, &core), SUP_OK);
        sup_date u = sup_license_latest_until(core);
        sup_license_free(core);
        char pay[32];
        snprintf(pay, sizeof pay, "pay-%zu", i);
        sup_date when;
        if (prod == mon || prod == year) {
            if (i % 3 != 0) {
                assert_int_equal(sup_date_add_days(u, i % 2 ? -2 : 0, &when), SUP_OK);
                sup_quote *q = NULL;
                assert_int_equal(sup_quote_new(&q), SUP_OK);
                assert_int_equal(sup_ledger_quote_payment(l, lic, when, q), SUP_OK);
                assert_int_equal(sup_ledger_pay(l, ACTOR, pay, lic, when, sup_quote_fee(q), NULL), SUP_OK);
                sup_quote_free(q);
            }
            continue;
        }
        switch (i % 5) {
        case 0: assert_int_equal(sup_date_add_days(u, -14, &when), SUP_OK); break; /* on a reminder's day */
        case 1: assert_int_equal(sup_date_add_days(u, 25, &when), SUP_OK); break;  /* in the window */
        case 2: assert_int_equal(sup_date_add_days(u, 70, &when), SUP_OK); break;  /* standard */
        default: continue;                                                         /* never renewed */
        }
        sup_quote_free(renew(l, lic, when, pay));
    }
    return n;
}

struct due {
    sup_notice_kind kind;
    sup_status *st;
};

/* The licenses as core objects, rebuilt by the ledger (they do not change during a check). */
static sup_license *cores[64];

static void load_cores(sup_ledger *l, sup_id nlic)
{
    assert_true(nlic <= 64);
    for (sup_id id = 1; id <= nlic; id++)
        assert_int_equal(sup_ledger_get_license(l, id, &cores[id - 1]), SUP_OK);
}

static void free_cores(sup_id nlic)
{
    for (sup_id id = 1; id <= nlic; id++) {
        sup_license_free(cores[id - 1]);
        cores[id - 1] = NULL;
    }
}

/* The schedule's answer for every license on `on`, asked of the core license by license. */
static void core_due(sup_ledger *l, sup_id nlic, const sup_schedule *s, sup_date on, struct due *due)
{
    sup_policy *pol = NULL;
    assert_int_equal(sup_ledger_get_policy(l, on, NULL, &pol), SUP_OK);
    for (sup_id id = 1; id <= nlic; id++) {
        assert_int_equal(sup_schedule_due(s, cores[id - 1], pol, on, &due[id - 1].kind), SUP_OK);
        assert_int_equal(sup_license_status(cores[id - 1], pol, on, due[id - 1].st), SUP_OK);
    }
    sup_policy_free(pol);
}

/* The reminders on `on` checked against the core for every license (load_cores first); the number of rows. */
static int check_reminders(sup_ledger *l, sup_id nlic, const sup_schedule *s, sup_date on, bool render_each)
{
    struct due due[64];
    assert_true(nlic <= 64);
    for (sup_id i = 0; i < nlic; i++)
        assert_int_equal(sup_status_new(&due[i].st), SUP_OK);
    const sup_schedule *asked = s;
    sup_schedule *def = NULL;
    if (s == NULL) {
        assert_int_equal(sup_schedule_new(&def), SUP_OK);
        s = def;
    }
    core_due(l, nlic, s, on, due);
    sup_cursor *c = NULL;
    assert_int_equal(sup_ledger_list_reminders(l, asked, on, &c), SUP_OK);
    int got[64] = {0}, rows = 0, rc;
    sup_id prev_cust = 0, prev_lic = 0;
    sup_notice *n = new_notice(SUP_LANG_RU, SUP_NOTICE_STATUS);
    while ((rc = sup_cursor_next(c)) == 1) {
        sup_id id = sup_cursor_int64(c, SUP_REMCOL_LICENSE), cust = sup_cursor_int64(c, SUP_REMCOL_CUSTOMER);
        assert_true(id >= 1 && id <= nlic);
        const struct due *d = &due[id - 1];
        sup_notice_kind kind = (sup_notice_kind)sup_cursor_int64(c, SUP_REMCOL_NOTICE);
        if (kind != d->kind)
            fail_msg("reminders on %d: license %lld listed with %s, the schedule says %s", on, (long long)id,
                     sup_notice_kind_name(kind), sup_notice_kind_name(d->kind));
        assert_true(cust > prev_cust || (cust == prev_cust && id > prev_lic)); /* by customer, then license */
        prev_cust = cust;
        prev_lic = id;
        sup_id owner = 0, product = 0;
        assert_int_equal(sup_ledger_license_parties(l, id, &owner, &product), SUP_OK);
        assert_int_equal(owner, cust);
        assert_int_equal(sup_cursor_int64(c, SUP_REMCOL_PRODUCT), product);
        assert_int_equal(sup_cursor_date(c, SUP_REMCOL_SUPPORT_UNTIL), sup_status_support_until(d->st));
        assert_int_equal(sup_cursor_int64(c, SUP_REMCOL_PREFERENTIAL_UNTIL), sup_status_preferential_until(d->st));
        assert_int_equal(sup_cursor_int64(c, SUP_REMCOL_STATE), sup_status_state(d->st));
        sup_date anchor = kind == SUP_NOTICE_WINDOW_CLOSING ? sup_status_preferential_until(d->st)
                                                            : sup_status_support_until(d->st);
        int32_t days = -1;
        assert_int_equal(sup_date_diff_days(on, anchor, &days), SUP_OK);
        assert_int_equal(sup_cursor_int64(c, SUP_REMCOL_DAYS_LEFT), days);
        const char *code = sup_cursor_text(c, SUP_REMCOL_CUSTOMER_CODE);
        assert_non_null(code);
        assert_string_equal(code, sup_cursor_text(c, SUP_REMCOL_CUSTOMER_NAME)); /* add_customer: name = code */
        assert_non_null(sup_cursor_text(c, SUP_REMCOL_PRODUCT_CODE));
        assert_non_null(sup_cursor_text(c, SUP_REMCOL_PRODUCT_NAME));
        assert_true(sup_cursor_int64(c, SUP_REMCOL_KIND) >= SUP_LICENSE_PERPETUAL);
        assert_true(sup_cursor_date(c, SUP_REMCOL_PURCHASED) <= on);
        if (render_each) { /* each row's notice renders with its kind */
            assert_int_equal(sup_notice_set_kind(n, kind), SUP_OK);
            sup_free(render(l, id, on, n));
        }
        got[id - 1]++;
        rows++;
    }
    assert_int_equal(rc, 0);
    sup_cursor_free(c);
    for (sup_id i = 0; i < nlic; i++) {
        if (got[i] != (due[i].kind != SUP_NOTICE_NONE))
            fail_msg("reminders on %d: license %lld listed %d times, the schedule says %s", on, (long long)i + 1,
                     got[i], sup_notice_kind_name(due[i].kind));
        sup_status_free(due[i].st);
    }
    sup_notice_free(n);
    sup_schedule_free(def);
    return rows;
}

static void the_reminders_of_every_day_agree_with_the_schedule_license_by_license(void **state)
{
    (void)state;
    sup_ledger *l = open_memory();
    sup_id n = reminder_ledger(l);
    load_cores(l, n);
    sup_schedule *wide = NULL;
    assert_int_equal(sup_schedule_parse("reminder = support_end 30\nreminder = window_end 20\nreminder = support_end 1\n"
                                        "reminder = support_end 0\nreminder = window_end 0\nreminder = window_end 31\n"
                                        "reminder = support_end 3\n",
                                        &wide),
                     SUP_OK);
    int total_default = 0, total_wide = 0, kinds[5] = {0};
    int day = 0;
    for (sup_date on = 20250101; on <= 20270831; day++) {
        total_default += check_reminders(l, n, NULL, on, on % 11 == 0);
        if (day % 2 == 0) /* (every other day: this test is also run under valgrind) */
            total_wide += check_reminders(l, n, wide, on, false);
        assert_int_equal(sup_date_add_days(on, 1, &on), SUP_OK);
    }
    /* every kind of reminder was due on some day */
    sup_cursor *c = NULL;
    for (sup_date on = 20250101; on <= 20270831;) {
        assert_int_equal(sup_ledger_list_reminders(l, wide, on, &c), SUP_OK);
        while (sup_cursor_next(c) == 1)
            kinds[sup_cursor_int64(c, SUP_REMCOL_NOTICE)]++;
        sup_cursor_free(c);
        assert_int_equal(sup_date_add_days(on, 3, &on), SUP_OK);
    }
    assert_int_equal(kinds[SUP_NOTICE_NONE], 0);
    assert_int_equal(kinds[SUP_NOTICE_STATUS], 0);
    assert_true(kinds[SUP_NOTICE_SUPPORT_ENDING] > 10);
    assert_true(kinds[SUP_NOTICE_SUPPORT_ENDS_TODAY] > 5);
    assert_true(kinds[SUP_NOTICE_WINDOW_CLOSING] > 5);
    assert_true(total_default > 30);
    assert_true(total_wide > 20);
    free_cores(n);
    sup_schedule_free(wide);
    sup_ledger_close(l);
}

static void a_schedule_of_many_overlapping_reminders_lists_each_license_once(void **state)
{
    (void)state;
    sup_ledger *l = open_memory();
    sup_id n = reminder_ledger(l);
    load_cores(l, n);
    sup_schedule *s = NULL;
    assert_int_equal(sup_schedule_new(&s), SUP_OK);
    sup_schedule_clear(s);
    for (int d = 0; d <= 120; d += 2)
        assert_int_equal(sup_schedule_add(s, SUP_ANCHOR_WINDOW_END, d), SUP_OK);
    for (int d = 0; d <= 400; d += 3)
        assert_int_equal(sup_schedule_add(s, SUP_ANCHOR_SUPPORT_END, d), SUP_OK);
    int total = 0;
    for (sup_date on = 20250101; on <= 20270301;) {
        total += check_reminders(l, n, s, on, false);
        assert_int_equal(sup_date_add_days(on, 7, &on), SUP_OK);
    }
    assert_true(total > 100);
    free_cores(n);
    /* no reminders at all */
    sup_schedule_clear(s);
    sup_cursor *c = NULL;
    assert_int_equal(sup_ledger_list_reminders(l, s, 20260101, &c), SUP_OK);
    assert_int_equal(count_rows(c), 0);
    /* the last days of the calendar: anchors beyond it are skipped */
    assert_int_equal(sup_schedule_add(s, SUP_ANCHOR_SUPPORT_END, SUP_SCHEDULE_DAYS_MAX), SUP_OK);
    assert_int_equal(sup_schedule_add(s, SUP_ANCHOR_WINDOW_END, 0), SUP_OK);
    assert_int_equal(sup_ledger_list_reminders(l, s, 99991231, &c), SUP_OK);
    assert_int_equal(count_rows(c), 0);
    sup_schedule_free(s);
    sup_ledger_close(l);
}

static void the_reminder_list_keeps_its_own_schedule_and_names_its_columns(void **state)
{
    (void)state;
    sup_ledger *l = open_memory();
    sup_id p = add_seed_product(l, "REP");
    sup_id c1 = 0;
    assert_int_equal(sup_ledger_add_customer(l, ACTOR, "C-1", "ООО «Ромашка»", &c1), SUP_OK);
    sup_id lic = sell(l, c1, p, 20260131); /* support through 2026-07-31 */
    sup_schedule *s = NULL;
    assert_int_equal(sup_schedule_parse("reminder = support_end 14\n", &s), SUP_OK);
    sup_cursor *c = NULL;
    assert_int_equal(sup_ledger_list_reminders(l, s, 20260717, &c), SUP_OK);
    sup_schedule_free(s); /* the cursor has its own copy */
    static const char *const names[] = {"license",          "customer",       "customer_code", "customer_name",
                                        "product",          "product_code",   "notice",        "support_until",
                                        "preferential_until", "days_left",    "kind",          "state",
                                        "purchased",        "product_name"};
    assert_int_equal(sup_cursor_column_count(c), 14);
    for (int i = 0; i < 14; i++) {
        assert_string_equal(sup_cursor_column_name(c, i), names[i]);
        assert_int_equal(sup_cursor_column_index(c, names[i]), i);
    }
    assert_int_equal(sup_cursor_column_type(c, SUP_REMCOL_NOTICE), SUP_COLUMN_NOTICE_KIND);
    assert_int_equal(sup_cursor_column_type(c, SUP_REMCOL_DAYS_LEFT), SUP_COLUMN_INT);
    assert_int_equal(sup_cursor_next(c), 1);
    assert_int_equal(sup_cursor_int64(c, SUP_REMCOL_LICENSE), lic);
    assert_int_equal(sup_cursor_int64(c, SUP_REMCOL_NOTICE), SUP_NOTICE_SUPPORT_ENDING);
    assert_int_equal(sup_cursor_int64(c, SUP_REMCOL_DAYS_LEFT), 14);
    assert_int_equal(sup_cursor_date(c, SUP_REMCOL_SUPPORT_UNTIL), 20260731);
    assert_int_equal(sup_cursor_date(c, SUP_REMCOL_PREFERENTIAL_UNTIL), 20260831);
    assert_int_equal(sup_cursor_int64(c, SUP_REMCOL_STATE), SUP_STATE_ACTIVE);
    assert_string_equal(sup_cursor_text(c, SUP_REMCOL_CUSTOMER_CODE), "C-1");
    assert_string_equal(sup_cursor_text(c, SUP_REMCOL_CUSTOMER_NAME), "ООО «Ромашка»");
    assert_string_equal(sup_cursor_text(c, SUP_REMCOL_PRODUCT_CODE), "REP");
    assert_string_equal(sup_cursor_text(c, SUP_REMCOL_PRODUCT_NAME), "Отчёт 1С");
    assert_int_equal(sup_cursor_date(c, SUP_REMCOL_PURCHASED), 20260131);
    assert_int_equal(sup_cursor_next(c), 0);
    sup_cursor_free(c);

    /* the default schedule: 14 days before, on the day, 7 days before the window closes */
    static const struct {
        sup_date on;
        sup_notice_kind kind;
    } days[] = {{20260717, SUP_NOTICE_SUPPORT_ENDING}, {20260731, SUP_NOTICE_SUPPORT_ENDS_TODAY},
                {20260824, SUP_NOTICE_WINDOW_CLOSING}, {20260716, SUP_NOTICE_NONE},
                {20260801, SUP_NOTICE_NONE},           {20260831, SUP_NOTICE_NONE}};
    for (size_t i = 0; i < sizeof days / sizeof days[0]; i++) {
        assert_int_equal(sup_ledger_list_reminders(l, NULL, days[i].on, &c), SUP_OK);
        if (days[i].kind == SUP_NOTICE_NONE) {
            assert_int_equal(sup_cursor_next(c), 0);
        } else {
            assert_int_equal(sup_cursor_next(c), 1);
            assert_int_equal(sup_cursor_int64(c, SUP_REMCOL_NOTICE), days[i].kind);
        }
        sup_cursor_free(c);
    }
    /* a renewal on the reminder's day moves the support end: no reminder on the old one */
    sup_quote_free(renew(l, lic, 20260717, "early"));
    assert_int_equal(sup_ledger_list_reminders(l, NULL, 20260731, &c), SUP_OK);
    assert_int_equal(count_rows(c), 0);
    /* but the list for the day before the renewal is as it was */
    assert_int_equal(sup_ledger_list_reminders(l, NULL, 20260716, &c), SUP_OK);
    assert_int_equal(count_rows(c), 0);

    /* bad input */
    c = (sup_cursor *)l;
    assert_int_equal(sup_ledger_list_reminders(l, NULL, 20260230, &c), SUP_EDATE);
    assert_null(c);
    assert_int_equal(sup_ledger_list_reminders(l, NULL, 0, &c), SUP_EDATE);
    assert_int_equal(sup_ledger_list_reminders(NULL, NULL, 20260101, &c), SUP_EINVAL);
    assert_null(c);
    assert_int_equal(sup_ledger_list_reminders(l, NULL, 20260101, NULL), SUP_EINVAL);
    sup_ledger_close(l);
}

static void a_policy_change_of_the_window_moves_the_window_reminders(void **state)
{
    (void)state;
    sup_ledger *l = open_memory();
    sup_id p = add_seed_product(l, "REP");
    sup_id lic = sell(l, add_customer(l, "C"), p, 20260131); /* support through 2026-07-31 */
    add_policy_text(l, 20260801, "grace_months = 2\n");      /* the window now closes 2026-09-30 */
    sup_cursor *c = NULL;
    assert_int_equal(sup_ledger_list_reminders(l, NULL, 20260824, &c), SUP_OK);
    assert_int_equal(count_rows(c), 0);
    assert_int_equal(sup_ledger_list_reminders(l, NULL, 20260923, &c), SUP_OK);
    assert_int_equal(sup_cursor_next(c), 1);
    assert_int_equal(sup_cursor_int64(c, SUP_REMCOL_LICENSE), lic);
    assert_int_equal(sup_cursor_int64(c, SUP_REMCOL_NOTICE), SUP_NOTICE_WINDOW_CLOSING);
    assert_int_equal(sup_cursor_date(c, SUP_REMCOL_PREFERENTIAL_UNTIL), 20260930);
    assert_int_equal(sup_cursor_int64(c, SUP_REMCOL_STATE), SUP_STATE_GRACE);
    sup_cursor_free(c);
    sup_ledger_close(l);
}

/* ---- sup_ledger_list_product_releases --------------------------------------------------------------- */

static void a_products_releases_are_listed_by_date_without_a_license(void **state)
{
    (void)state;
    sup_ledger *l = open_memory();
    sup_id p = add_seed_product(l, "REP"), q = add_seed_product(l, "OTHER");
    sup_id r2 = 0, r1 = 0, r3 = 0;
    assert_int_equal(sup_ledger_add_release(l, ACTOR, p, "2.0", 20260301, "многострочная\nзаметка", &r2), SUP_OK);
    assert_int_equal(sup_ledger_add_release(l, ACTOR, p, "1.0", 20250101, NULL, &r1), SUP_OK);
    assert_int_equal(sup_ledger_add_release(l, ACTOR, q, "9.9", 20250601, NULL, NULL), SUP_OK);
    assert_int_equal(sup_ledger_add_release(l, ACTOR, p, "2.0.1", 20260301, NULL, &r3), SUP_OK);
    sup_cursor *c = NULL;
    assert_int_equal(sup_ledger_list_product_releases(l, p, &c), SUP_OK);
    assert_int_equal(sup_cursor_column_count(c), 5);
    assert_string_equal(sup_cursor_column_name(c, SUP_RELCOL_VERSION), "version");
    assert_null(sup_cursor_column_name(c, SUP_RELCOL_ALLOWED));
    assert_int_equal(sup_cursor_column_index(c, "allowed"), -1);
    static const struct {
        const char *version;
        sup_date released;
    } want[] = {{"1.0", 20250101}, {"2.0", 20260301}, {"2.0.1", 20260301}};
    const sup_id ids[] = {r1, r2, r3};
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(sup_cursor_next(c), 1);
        assert_int_equal(sup_cursor_int64(c, SUP_RELCOL_RELEASE), ids[i]);
        assert_int_equal(sup_cursor_int64(c, SUP_RELCOL_PRODUCT), p);
        assert_string_equal(sup_cursor_text(c, SUP_RELCOL_VERSION), want[i].version);
        assert_int_equal(sup_cursor_date(c, SUP_RELCOL_RELEASED), want[i].released);
        assert_int_equal(sup_cursor_is_null(c, SUP_RELCOL_ALLOWED), 1);
        assert_int_equal(sup_cursor_int64(c, SUP_RELCOL_ALLOWED), 0);
    }
    assert_int_equal(sup_cursor_is_null(c, SUP_RELCOL_NOTE), 1);
    assert_int_equal(sup_cursor_next(c), 0);
    sup_cursor_free(c);
    sup_id none = add_seed_product(l, "NONE");
    assert_int_equal(sup_ledger_list_product_releases(l, none, &c), SUP_OK);
    assert_int_equal(count_rows(c), 0);

    c = (sup_cursor *)l;
    assert_int_equal(sup_ledger_list_product_releases(l, 99, &c), SUP_ENOTFOUND);
    assert_null(c);
    assert_int_equal(sup_ledger_list_product_releases(l, 0, &c), SUP_ENOTFOUND);
    assert_int_equal(sup_ledger_list_product_releases(l, -1, &c), SUP_ENOTFOUND);
    assert_int_equal(sup_ledger_list_product_releases(NULL, p, &c), SUP_EINVAL);
    assert_int_equal(sup_ledger_list_product_releases(l, p, NULL), SUP_EINVAL);
    sup_ledger_close(l);
}

/* ---- through a file, read-only --------------------------------------------------------------------- */

static void a_read_only_handle_renders_notices_and_lists_reminders(void **state)
{
    (void)state;
    tmp_ledger t;
    tmp_init(&t);
    sup_ledger *l = open_new(&t);
    sup_id p = add_seed_product(l, "REP");
    sup_id lic = sell(l, add_customer(l, "C"), p, 20260131);
    assert_int_equal(sup_ledger_add_release(l, ACTOR, p, "1.0", 20260201, NULL, NULL), SUP_OK);
    sup_ledger_close(l);
    assert_int_equal(sup_ledger_open(t.path, SUP_LEDGER_READONLY, &l), SUP_OK);
    sup_notice *n = new_notice(SUP_LANG_EN, SUP_NOTICE_SUPPORT_ENDING);
    char *text = render(l, lic, 20260717, n);
    assert_contains(text, "14 days");
    sup_free(text);
    sup_cursor *c = NULL;
    assert_int_equal(sup_ledger_list_reminders(l, NULL, 20260717, &c), SUP_OK);
    assert_int_equal(count_rows(c), 1);
    assert_int_equal(sup_ledger_list_product_releases(l, p, &c), SUP_OK);
    assert_int_equal(count_rows(c), 1);
    sup_notice_free(n);
    sup_ledger_close(l);
    tmp_cleanup(&t);
}

/* B6: a policy version that starts the day after the preferential window closes and widens it keeps the same
 * quote (same kind, same fee) valid through the widened window. Price 48 000 rub, support through 2008-12-12,
 * a version from 2009-01-13 with grace_months = 2: a quote on 2008-12-01 holds through 2009-02-12. */
static sup_ledger *window_case(const char *later_policy, sup_id *license)
{
    sup_ledger *l = open_memory();
    sup_id p = 0;
    assert_int_equal(sup_ledger_add_product(l, ACTOR, "R", "Отчёт", SUP_LICENSE_PERPETUAL, 6, &p), SUP_OK);
    assert_int_equal(sup_ledger_set_price(l, ACTOR, p, 20080101, 4800000), SUP_OK);
    *license = sell(l, add_customer(l, "C"), p, 20080612); /* support through 2008-12-12 */
    add_policy_text(l, 20090113, later_policy);
    return l;
}

static void a_version_widening_the_window_from_the_day_after_it_closes_extends_valid_through(void **state)
{
    (void)state;
    sup_id lic = 0;
    sup_ledger *l = window_case("grace_months = 2\n", &lic);
    sup_quote *q = NULL;
    assert_int_equal(sup_quote_new(&q), SUP_OK);
    assert_int_equal(sup_ledger_quote_renewal(l, lic, 20081201, q), SUP_OK);
    assert_int_equal(sup_quote_kind_of(q), SUP_QUOTE_PREFERENTIAL);
    assert_int_equal(sup_quote_fee(q), 1200000);
    assert_int_equal(sup_quote_valid_through(q), 20090212); /* not 2009-01-12 */
    /* it does hold: the same kind and fee on 2009-01-13 and on 2009-02-12, standard the day after */
    const sup_date days[] = {20090112, 20090113, 20090212};
    for (size_t i = 0; i < 3; i++) {
        sup_quote *q2 = NULL;
        assert_int_equal(sup_quote_new(&q2), SUP_OK);
        assert_int_equal(sup_ledger_quote_renewal(l, lic, days[i], q2), SUP_OK);
        assert_int_equal(sup_quote_kind_of(q2), SUP_QUOTE_PREFERENTIAL);
        assert_int_equal(sup_quote_fee(q2), 1200000);
        assert_int_equal(sup_quote_valid_through(q2), 20090212);
        sup_quote_free(q2);
    }
    assert_int_equal(sup_ledger_quote_renewal(l, lic, 20090213, q), SUP_OK);
    assert_int_equal(sup_quote_kind_of(q), SUP_QUOTE_STANDARD);
    /* the offer and the notice say the same */
    sup_offer *o = NULL;
    assert_int_equal(sup_offer_new(&o), SUP_OK);
    assert_int_equal(sup_ledger_offer(l, lic, 20081201, o), SUP_OK);
    assert_int_equal(sup_quote_valid_through(sup_offer_quote(o)), 20090212);
    sup_offer_free(o);
    sup_notice *n = new_notice(SUP_LANG_RU, SUP_NOTICE_STATUS);
    char *text = render(l, lic, 20081201, n);
    assert_contains(text, "Эта стоимость действует до 12.02.2009 включительно (осталось 73 дня).");
    sup_free(text);
    sup_notice_free(n);
    sup_quote_free(q);
    sup_ledger_close(l);
}

static void a_version_from_the_day_after_the_window_that_keeps_it_ends_the_quote_with_the_window(void **state)
{
    (void)state;
    sup_id lic = 0;
    sup_ledger *l = window_case("grace_months = 1\nstandard_rate_bp = 4000\n", &lic);
    sup_quote *q = NULL;
    assert_int_equal(sup_quote_new(&q), SUP_OK);
    assert_int_equal(sup_ledger_quote_renewal(l, lic, 20081201, q), SUP_OK);
    assert_int_equal(sup_quote_valid_through(q), 20090112); /* the window closes; on 2009-01-13 it is standard */
    assert_int_equal(sup_ledger_quote_renewal(l, lic, 20090113, q), SUP_OK);
    assert_int_equal(sup_quote_kind_of(q), SUP_QUOTE_STANDARD);
    sup_quote_free(q);
    sup_ledger_close(l);
}

/* B7 through the ledger: support recorded through 9999-12-15; every day to the calendar's end has a notice, the
 * lists agree with the status, and the offer says why there is none. */
static void the_ledger_renders_a_notice_on_every_day_up_to_the_end_of_the_calendar(void **state)
{
    (void)state;
    sup_ledger *l = open_memory();
    sup_id p = add_seed_product(l, "REP");
    sup_id lic = sell(l, add_customer(l, "C"), p, 20260131);
    assert_int_equal(sup_ledger_record_period(l, ACTOR, lic, 20260301, 99991215), SUP_OK);
    sup_notice *n = new_notice(SUP_LANG_RU, SUP_NOTICE_STATUS);
    sup_offer *o = NULL;
    assert_int_equal(sup_offer_new(&o), SUP_OK);
    for (sup_date on = 99991101; on != 0;) {
        char *text = render(l, lic, on, n);
        assert_contains(text, "Предложения на эту дату нет: новый срок закончился бы после 31.12.9999.");
        sup_free(text);
        assert_int_equal(sup_ledger_offer(l, lic, on, o), SUP_OK);
        assert_int_equal(sup_offer_reason_of(o), SUP_OFFER_REASON_OUT_OF_CALENDAR);
        if (sup_date_add_days(on, 1, &on) != SUP_OK)
            on = 0;
    }
    sup_cursor *c = NULL;
    assert_int_equal(sup_ledger_list_preferential(l, 99991220, &c), SUP_OK);
    assert_int_equal(sup_cursor_next(c), 1);
    assert_int_equal(sup_cursor_date(c, SUP_LICCOL_PREFERENTIAL_UNTIL), SUP_DATE_MAX);
    assert_int_equal(sup_cursor_next(c), 0);
    sup_cursor_free(c);
    sup_offer_free(o);
    sup_notice_free(n);
    sup_ledger_close(l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_notice_holds_the_offer_until_a_later_policy_version_like_the_ledger_quote),
        cmocka_unit_test(a_version_widening_the_window_from_the_day_after_it_closes_extends_valid_through),
        cmocka_unit_test(the_ledger_renders_a_notice_on_every_day_up_to_the_end_of_the_calendar),
        cmocka_unit_test(a_version_from_the_day_after_the_window_that_keeps_it_ends_the_quote_with_the_window),
        cmocka_unit_test(a_notice_says_what_the_ledger_quote_says_on_every_day_of_a_year),
        cmocka_unit_test(a_notice_names_the_ledgers_customer_and_product_unless_it_has_names),
        cmocka_unit_test(a_ledger_name_a_notice_refuses_is_an_error_unless_the_notice_names_it),
        cmocka_unit_test(a_reminder_notice_must_fit_the_date_and_bad_input_is_refused),
        cmocka_unit_test(a_subscription_notice_offers_the_payment),
        cmocka_unit_test(the_reminders_of_every_day_agree_with_the_schedule_license_by_license),
        cmocka_unit_test(a_schedule_of_many_overlapping_reminders_lists_each_license_once),
        cmocka_unit_test(the_reminder_list_keeps_its_own_schedule_and_names_its_columns),
        cmocka_unit_test(a_policy_change_of_the_window_moves_the_window_reminders),
        cmocka_unit_test(a_products_releases_are_listed_by_date_without_a_license),
        cmocka_unit_test(a_read_only_handle_renders_notices_and_lists_reminders),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
