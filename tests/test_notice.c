/* Customer notices: wording for every status, Russian plural forms and
 * formatting, English, HTML escaping, the reminder schedule and bad input. */
#include <libsupport.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#define NBSP "\xC2\xA0"

/* The fixture: a perpetual product at 7 990 rub bought on 31.01.2026, so
 * support runs through 31.07.2026 (U) and the preferential window through
 * 31.08.2026 (W); a monthly subscription at 990 rub bought the same day,
 * paid through 28.02.2026. */
#define PURCHASE 20260131
#define U 20260731
#define W 20260831
#define SUB_END 20260228

typedef struct fx {
    sup_product *perp;
    sup_license *perp_lic;
    sup_product *sub;
    sup_license *sub_lic;
} fx;

static int setup(void **state)
{
    fx *f = calloc(1, sizeof *f);
    if (f == NULL)
        return -1;
    if (sup_product_new(SUP_LICENSE_PERPETUAL, 6, &f->perp) != SUP_OK ||
        sup_product_set_price(f->perp, 20250101, 799000) != SUP_OK ||
        sup_license_new(f->perp, PURCHASE, &f->perp_lic) != SUP_OK ||
        sup_product_new(SUP_LICENSE_SUBSCRIPTION_MONTHLY, 1, &f->sub) != SUP_OK ||
        sup_product_set_price(f->sub, 20250101, 99000) != SUP_OK ||
        sup_license_new(f->sub, PURCHASE, &f->sub_lic) != SUP_OK)
        return -1;
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    fx *f = *state;
    sup_license_free(f->perp_lic);
    sup_product_free(f->perp);
    sup_license_free(f->sub_lic);
    sup_product_free(f->sub);
    free(f);
    return 0;
}

/* A notice with the given settings (names may be NULL). */
static sup_notice *notice(sup_lang lang, sup_notice_format format, sup_notice_kind kind, const char *product,
                          const char *customer)
{
    sup_notice *n = NULL;
    assert_int_equal(sup_notice_new(&n), SUP_OK);
    assert_int_equal(sup_notice_set_lang(n, lang), SUP_OK);
    assert_int_equal(sup_notice_set_format(n, format), SUP_OK);
    assert_int_equal(sup_notice_set_kind(n, kind), SUP_OK);
    assert_int_equal(sup_notice_set_product_name(n, product), SUP_OK);
    assert_int_equal(sup_notice_set_customer_name(n, customer), SUP_OK);
    return n;
}

/* 1 if s is well-formed UTF-8. */
static int utf8_ok(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p) {
        int n = *p < 0x80 ? 0 : (*p >= 0xC2 && *p <= 0xDF) ? 1 : (*p >= 0xE0 && *p <= 0xEF) ? 2
                                                           : (*p >= 0xF0 && *p <= 0xF4) ? 3 : -1;
        if (n < 0)
            return 0;
        p++;
        for (int k = 0; k < n; k++, p++)
            if ((*p & 0xC0) != 0x80)
                return 0;
    }
    return 1;
}

/* Render and check success; the caller frees. */
static char *render_with(const sup_notice *n, const sup_license *lic, const sup_product *prod,
                         const sup_policy *pol, sup_date on)
{
    char *out = NULL;
    int rc = sup_notice_render(n, lic, prod, pol, on, &out);
    if (rc != SUP_OK)
        fail_msg("render on %ld failed: %s", (long)on, sup_error_message());
    assert_non_null(out);
    assert_true(utf8_ok(out));
    return out;
}

static char *render(sup_lang lang, sup_notice_format format, sup_notice_kind kind, const char *product,
                    const sup_license *lic, const sup_product *prod, sup_date on)
{
    sup_notice *n = notice(lang, format, kind, product, NULL);
    char *out = render_with(n, lic, prod, NULL, on);
    sup_notice_free(n);
    return out;
}

static char *ru_status(const fx *f, int perpetual, sup_date on)
{
    return perpetual ? render(SUP_LANG_RU, SUP_NOTICE_FORMAT_TEXT, SUP_NOTICE_STATUS, NULL, f->perp_lic, f->perp, on)
                     : render(SUP_LANG_RU, SUP_NOTICE_FORMAT_TEXT, SUP_NOTICE_STATUS, NULL, f->sub_lic, f->sub, on);
}

#define assert_contains(hay, needle)                                                                          \
    do {                                                                                                      \
        if (strstr((hay), (needle)) == NULL)                                                                 \
            fail_msg("expected to find\n  %s\nin\n%s", (needle), (hay));                                     \
    } while (0)
#define assert_lacks(hay, needle)                                                                             \
    do {                                                                                                      \
        if (strstr((hay), (needle)) != NULL)                                                                 \
            fail_msg("did not expect\n  %s\nin\n%s", (needle), (hay));                                       \
    } while (0)

#define assert_starts_with(s, prefix)                                                                          \
    do {                                                                                                      \
        if (strncmp((s), (prefix), strlen(prefix)) != 0)                                                      \
            fail_msg("expected to start with\n  %s\nbut got\n%s", (prefix), (s));                             \
    } while (0)

static const char *const CONTACTS_RU = "Как с нами связаться:\n"
                                       "- WhatsApp: +7 927 853 15 26\n"
                                       "- электронная почта: manager@v8PRO.ru\n"
                                       "- чат на сайте: v8PRO.ru\n"
                                       "- группа ВКонтакте: vk.com/v8proru\n"
                                       "По телефону поддержка не осуществляется.\n";

/* ---- each status ------------------------------------------------------------------ */

static void active_perpetual_status_in_russian_reads_exactly(void **state)
{
    fx *f = *state;
    sup_notice *n = notice(SUP_LANG_RU, SUP_NOTICE_FORMAT_TEXT, SUP_NOTICE_STATUS, "Отчёт по продажам", "ООО «Ромашка»");
    char *s = render_with(n, f->perp_lic, f->perp, NULL, 20260717);
    const char *expected =
        "Здравствуйте, ООО «Ромашка»!\n"
        "\n"
        "Продукт: «Отчёт по продажам»\n"
        "Лицензия: бессрочная\n"
        "Статус на 17.07.2026: техническая поддержка активна до 31.07.2026 включительно (осталось 14 дней).\n"
        "Использование продукта: доступно.\n"
        "Консультации: доступны.\n"
        "Новые версии: доступны.\n"
        "Предложение идей по развитию продукта: доступно.\n"
        "\n"
        "Льготное продление поддержки на 12 месяцев: 1" NBSP "998 руб. (25% от цены продукта 7" NBSP "990 руб.).\n"
        "При оплате 17.07.2026 поддержка будет действовать до 31.07.2027 включительно.\n"
        "Эта стоимость действует до 31.08.2026 включительно (осталось 45 дней).\n"
        "\n"
        "Как с нами связаться:\n"
        "- WhatsApp: +7 927 853 15 26\n"
        "- электронная почта: manager@v8PRO.ru\n"
        "- чат на сайте: v8PRO.ru\n"
        "- группа ВКонтакте: vk.com/v8proru\n"
        "По телефону поддержка не осуществляется.\n";
    assert_string_equal(s, expected);
    sup_free(s);
    sup_notice_free(n);
}

static void not_owned_status_says_so_and_offers_nothing(void **state)
{
    fx *f = *state;
    char *s = ru_status(f, 1, PURCHASE - 1);
    assert_contains(s, "Статус на 30.01.2026: лицензия не приобретена.");
    assert_contains(s, "Использование продукта: недоступно.");
    assert_contains(s, "Консультации: недоступны.");
    assert_contains(s, "Новые версии: недоступны.");
    assert_lacks(s, "продление");
    assert_lacks(s, "руб.");
    assert_lacks(s, "можно скачать");
    assert_contains(s, CONTACTS_RU);
    sup_free(s);
}

static void active_status_on_the_purchase_day_counts_all_days_left(void **state)
{
    fx *f = *state;
    char *s = ru_status(f, 1, PURCHASE);
    assert_contains(s, "техническая поддержка активна до 31.07.2026 включительно (остался 181 день).");
    assert_contains(s, "Консультации: доступны.");
    sup_free(s);
}

static void grace_status_shows_the_window_and_what_stays_downloadable(void **state)
{
    fx *f = *state;
    char *s = ru_status(f, 1, 20260810);
    assert_contains(s, "Статус на 10.08.2026: срок технической поддержки истёк 31.07.2026. Льготное продление "
                       "доступно до 31.08.2026 включительно (остался 21 день).");
    assert_contains(s, "Использование продукта: доступно.");
    assert_contains(s, "Консультации: недоступны.");
    assert_contains(s, "Новые версии: недоступны.");
    assert_contains(s, "Предложение идей по развитию продукта: недоступно.");
    assert_contains(s, "Версии, вышедшие до 31.07.2026 включительно, по-прежнему можно скачать.");
    assert_contains(s, "Льготное продление поддержки на 12 месяцев: 1" NBSP "998 руб.");
    assert_contains(s, "При оплате 10.08.2026 поддержка будет действовать до 31.07.2027 включительно.");
    assert_contains(s, "Эта стоимость действует до 31.08.2026 включительно (остался 21 день).");
    sup_free(s);
}

static void grace_status_on_the_windows_last_day_says_today(void **state)
{
    fx *f = *state;
    char *s = ru_status(f, 1, W);
    assert_contains(s, "Льготное продление доступно до 31.08.2026 включительно (сегодня последний день).");
    sup_free(s);
}

static void lapsed_status_offers_the_standard_renewal_from_the_payment_date(void **state)
{
    fx *f = *state;
    char *s = ru_status(f, 1, 20261015);
    assert_contains(s, "Статус на 15.10.2026: срок технической поддержки истёк 31.07.2026, срок льготного "
                       "продления закончился 31.08.2026.");
    assert_contains(s, "Использование продукта: доступно.");
    assert_contains(s, "Консультации: недоступны.");
    assert_contains(s, "Версии, вышедшие до 31.07.2026 включительно, по-прежнему можно скачать.");
    assert_contains(s, "Стандартное продление поддержки на 12 месяцев: 3" NBSP "596 руб. (45% от цены продукта 7" NBSP
                       "990 руб.).");
    assert_contains(s, "При оплате 15.10.2026 поддержка будет действовать до 15.10.2027 включительно.");
    assert_contains(s, "Эта стоимость действует без ограничения срока, пока не изменятся цена продукта или условия "
                       "продления.");
    assert_lacks(s, "9999");
    sup_free(s);
}

static void lapsed_status_right_after_the_window_is_lapsed(void **state)
{
    fx *f = *state;
    char *s = ru_status(f, 1, 20260901);
    assert_contains(s, "Статус на 01.09.2026: срок технической поддержки истёк");
    assert_contains(s, "Стандартное продление");
    sup_free(s);
}

static void active_subscription_shows_the_paid_term_and_the_payment_offer(void **state)
{
    fx *f = *state;
    char *s = ru_status(f, 0, 20260214);
    assert_contains(s, "Лицензия: подписка с ежемесячной оплатой\n");
    assert_contains(s, "Статус на 14.02.2026: подписка оплачена до 28.02.2026 включительно (осталось 14 дней).");
    assert_contains(s, "Использование продукта: доступно.");
    assert_contains(s, "Консультации: доступны.");
    assert_contains(s, "Оплата подписки на 1 месяц: 990 руб.\n");
    /* the billing day is kept: paid from 31.01, the next period ends on 31.03 (POLICY.md) */
    assert_contains(s, "При оплате 14.02.2026 подписка будет оплачена до 31.03.2026 включительно.");
    assert_contains(s, "Эта стоимость действует без ограничения срока, пока не изменится цена подписки.");
    assert_lacks(s, "руб..");
    assert_lacks(s, "Льготное");
    assert_lacks(s, "Стандартное");
    sup_free(s);
}

static void expired_subscription_stops_the_product_and_offers_a_payment_from_today(void **state)
{
    fx *f = *state;
    char *s = ru_status(f, 0, 20260314);
    assert_contains(s, "Статус на 14.03.2026: срок подписки истёк 28.02.2026.");
    assert_contains(s, "Использование продукта: недоступно.");
    assert_contains(s, "Консультации: недоступны.");
    assert_contains(s, "Новые версии: недоступны.");
    assert_lacks(s, "можно скачать");
    assert_contains(s, "При оплате 14.03.2026 подписка будет оплачена до 14.04.2026 включительно.");
    assert_contains(s, CONTACTS_RU);
    sup_free(s);
}

static void yearly_subscription_pays_for_twelve_months(void **state)
{
    (void)state;
    sup_product *p = NULL;
    sup_license *l = NULL;
    assert_int_equal(sup_product_new(SUP_LICENSE_SUBSCRIPTION_YEARLY, 12, &p), SUP_OK);
    assert_int_equal(sup_product_set_price(p, 20250101, 1200000), SUP_OK);
    assert_int_equal(sup_license_new(p, 20260115, &l), SUP_OK);
    char *s = render(SUP_LANG_RU, SUP_NOTICE_FORMAT_TEXT, SUP_NOTICE_STATUS, NULL, l, p, 20260301);
    assert_contains(s, "Лицензия: подписка с ежегодной оплатой");
    assert_contains(s, "Оплата подписки на 12 месяцев: 12" NBSP "000 руб.\n");
    assert_contains(s, "подписка будет оплачена до 15.01.2028 включительно.");
    sup_free(s);
    char *e = render(SUP_LANG_EN, SUP_NOTICE_FORMAT_TEXT, SUP_NOTICE_STATUS, NULL, l, p, 20260301);
    assert_contains(e, "License: yearly subscription");
    assert_contains(e, "Subscription payment for 12 months: 12,000 RUB.\n");
    sup_free(e);
    sup_license_free(l);
    sup_product_free(p);
}

static void a_renewal_moves_the_support_end_in_the_notice(void **state)
{
    fx *f = *state;
    sup_license *l = NULL;
    assert_int_equal(sup_license_clone(f->perp_lic, &l), SUP_OK);
    assert_int_equal(sup_license_renew(l, f->perp, NULL, 20260720, 199800, NULL), SUP_OK);
    char *s = ru_status(&(fx){f->perp, l, f->sub, f->sub_lic}, 1, 20260801);
    assert_contains(s, "техническая поддержка активна до 31.07.2027 включительно (осталось 364 дня).");
    assert_contains(s, "При оплате 01.08.2026 поддержка будет действовать до 31.07.2028 включительно.");
    sup_free(s);
    sup_license_free(l);
}

static void the_offer_holds_only_until_a_known_price_change(void **state)
{
    fx *f = *state;
    sup_product *p = NULL;
    assert_int_equal(sup_product_clone(f->perp, &p), SUP_OK);
    assert_int_equal(sup_product_set_price(p, 20260815, 899000), SUP_OK);
    char *s = render(SUP_LANG_RU, SUP_NOTICE_FORMAT_TEXT, SUP_NOTICE_STATUS, NULL, f->perp_lic, p, 20260810);
    assert_contains(s, "Эта стоимость действует до 14.08.2026 включительно (осталось 4 дня).");
    sup_free(s);
    sup_product_free(p);
}

/* ---- Russian plural forms and formatting ----------------------------------------------- */

static void russian_plural_categories_follow_cldr(void **state)
{
    (void)state;
    static const struct {
        int64_t n;
        sup_plural p;
    } cases[] = {
        {0, SUP_PLURAL_MANY},   {1, SUP_PLURAL_ONE},    {2, SUP_PLURAL_FEW},    {3, SUP_PLURAL_FEW},
        {4, SUP_PLURAL_FEW},    {5, SUP_PLURAL_MANY},   {10, SUP_PLURAL_MANY},  {11, SUP_PLURAL_MANY},
        {12, SUP_PLURAL_MANY},  {13, SUP_PLURAL_MANY},  {14, SUP_PLURAL_MANY},  {15, SUP_PLURAL_MANY},
        {20, SUP_PLURAL_MANY},  {21, SUP_PLURAL_ONE},   {22, SUP_PLURAL_FEW},   {24, SUP_PLURAL_FEW},
        {25, SUP_PLURAL_MANY},  {100, SUP_PLURAL_MANY}, {101, SUP_PLURAL_ONE},  {102, SUP_PLURAL_FEW},
        {111, SUP_PLURAL_MANY}, {112, SUP_PLURAL_MANY}, {114, SUP_PLURAL_MANY}, {121, SUP_PLURAL_ONE},
        {1001, SUP_PLURAL_ONE}, {-1, SUP_PLURAL_ONE},   {-2, SUP_PLURAL_FEW},   {-11, SUP_PLURAL_MANY},
        {INT64_MAX, SUP_PLURAL_MANY}, /* …807 */
        {INT64_MIN, SUP_PLURAL_MANY}, /* …808 */
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        if (sup_plural_ru(cases[i].n) != cases[i].p)
            fail_msg("sup_plural_ru(%lld) = %d, expected %d", (long long)cases[i].n, (int)sup_plural_ru(cases[i].n),
                     (int)cases[i].p);
    }
}

static void english_plural_is_one_only_for_one(void **state)
{
    (void)state;
    assert_int_equal(sup_plural_en(1), SUP_PLURAL_ONE);
    assert_int_equal(sup_plural_en(-1), SUP_PLURAL_ONE);
    assert_int_equal(sup_plural_en(0), SUP_PLURAL_OTHER);
    assert_int_equal(sup_plural_en(2), SUP_PLURAL_OTHER);
    assert_int_equal(sup_plural_en(21), SUP_PLURAL_OTHER);
    assert_int_equal(sup_plural_en(INT64_MIN), SUP_PLURAL_OTHER);
}

static void check_count(sup_lang lang, sup_count_unit unit, int64_t n, const char *expected)
{
    char *s = NULL;
    assert_int_equal(sup_count_format(lang, unit, n, &s), SUP_OK);
    assert_string_equal(s, expected);
    sup_free(s);
}

static void months_take_the_russian_plural_forms(void **state)
{
    (void)state;
    check_count(SUP_LANG_RU, SUP_COUNT_MONTHS, 0, "0 месяцев");
    check_count(SUP_LANG_RU, SUP_COUNT_MONTHS, 1, "1 месяц");
    check_count(SUP_LANG_RU, SUP_COUNT_MONTHS, 2, "2 месяца");
    check_count(SUP_LANG_RU, SUP_COUNT_MONTHS, 4, "4 месяца");
    check_count(SUP_LANG_RU, SUP_COUNT_MONTHS, 5, "5 месяцев");
    check_count(SUP_LANG_RU, SUP_COUNT_MONTHS, 11, "11 месяцев");
    check_count(SUP_LANG_RU, SUP_COUNT_MONTHS, 12, "12 месяцев");
    check_count(SUP_LANG_RU, SUP_COUNT_MONTHS, 14, "14 месяцев");
    check_count(SUP_LANG_RU, SUP_COUNT_MONTHS, 21, "21 месяц");
    check_count(SUP_LANG_RU, SUP_COUNT_MONTHS, 22, "22 месяца");
    check_count(SUP_LANG_RU, SUP_COUNT_MONTHS, 25, "25 месяцев");
    check_count(SUP_LANG_RU, SUP_COUNT_MONTHS, 101, "101 месяц");
    check_count(SUP_LANG_RU, SUP_COUNT_MONTHS, 111, "111 месяцев");
}

static void days_take_the_russian_plural_forms(void **state)
{
    (void)state;
    check_count(SUP_LANG_RU, SUP_COUNT_DAYS, 0, "0 дней");
    check_count(SUP_LANG_RU, SUP_COUNT_DAYS, 1, "1 день");
    check_count(SUP_LANG_RU, SUP_COUNT_DAYS, 2, "2 дня");
    check_count(SUP_LANG_RU, SUP_COUNT_DAYS, 4, "4 дня");
    check_count(SUP_LANG_RU, SUP_COUNT_DAYS, 5, "5 дней");
    check_count(SUP_LANG_RU, SUP_COUNT_DAYS, 11, "11 дней");
    check_count(SUP_LANG_RU, SUP_COUNT_DAYS, 12, "12 дней");
    check_count(SUP_LANG_RU, SUP_COUNT_DAYS, 14, "14 дней");
    check_count(SUP_LANG_RU, SUP_COUNT_DAYS, 21, "21 день");
    check_count(SUP_LANG_RU, SUP_COUNT_DAYS, 22, "22 дня");
    check_count(SUP_LANG_RU, SUP_COUNT_DAYS, 25, "25 дней");
    check_count(SUP_LANG_RU, SUP_COUNT_DAYS, 101, "101 день");
    check_count(SUP_LANG_RU, SUP_COUNT_DAYS, 111, "111 дней");
    check_count(SUP_LANG_RU, SUP_COUNT_DAYS, -2, "-2 дня");
}

static void english_counts_use_singular_and_plural(void **state)
{
    (void)state;
    check_count(SUP_LANG_EN, SUP_COUNT_DAYS, 0, "0 days");
    check_count(SUP_LANG_EN, SUP_COUNT_DAYS, 1, "1 day");
    check_count(SUP_LANG_EN, SUP_COUNT_DAYS, 21, "21 days");
    check_count(SUP_LANG_EN, SUP_COUNT_MONTHS, 1, "1 month");
    check_count(SUP_LANG_EN, SUP_COUNT_MONTHS, 12, "12 months");
}

/* The days left in the status, rendered on U minus `before` days. */
static void check_days_left(const fx *f, int before, const char *expected)
{
    sup_date on = 0;
    assert_int_equal(sup_date_add_days(U, -before, &on), SUP_OK);
    char *s = ru_status(f, 1, on);
    assert_contains(s, expected);
    sup_free(s);
}

static void days_left_agree_in_number_with_the_verb(void **state)
{
    fx *f = *state;
    check_days_left(f, 0, "(сегодня последний день)");
    check_days_left(f, 1, "(остался 1 день)");
    check_days_left(f, 2, "(осталось 2 дня)");
    check_days_left(f, 4, "(осталось 4 дня)");
    check_days_left(f, 5, "(осталось 5 дней)");
    check_days_left(f, 11, "(осталось 11 дней)");
    check_days_left(f, 12, "(осталось 12 дней)");
    check_days_left(f, 14, "(осталось 14 дней)");
    check_days_left(f, 21, "(остался 21 день)");
    check_days_left(f, 22, "(осталось 22 дня)");
    check_days_left(f, 25, "(осталось 25 дней)");
    check_days_left(f, 101, "(остался 101 день)");
    check_days_left(f, 111, "(осталось 111 дней)");
}

static void renewal_months_in_the_offer_take_plural_forms(void **state)
{
    fx *f = *state;
    static const struct {
        const char *months;
        const char *expected;
    } cases[] = {
        {"1", "на 1 месяц:"},   {"2", "на 2 месяца:"},   {"5", "на 5 месяцев:"},
        {"11", "на 11 месяцев:"}, {"21", "на 21 месяц:"}, {"24", "на 24 месяца:"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char text[64];
        snprintf(text, sizeof text, "renewal_months = %s\n", cases[i].months);
        sup_policy *pol = NULL;
        assert_int_equal(sup_policy_parse(text, &pol), SUP_OK);
        sup_notice *n = notice(SUP_LANG_RU, SUP_NOTICE_FORMAT_TEXT, SUP_NOTICE_STATUS, NULL, NULL);
        char *s = render_with(n, f->perp_lic, f->perp, pol, 20260717);
        assert_contains(s, cases[i].expected);
        sup_free(s);
        sup_notice_free(n);
        sup_policy_free(pol);
    }
}

static void large_amounts_group_thousands_with_no_break_spaces(void **state)
{
    (void)state;
    sup_product *p = NULL;
    sup_license *l = NULL;
    assert_int_equal(sup_product_new(SUP_LICENSE_PERPETUAL, 6, &p), SUP_OK);
    assert_int_equal(sup_product_set_price(p, 20250101, 123456700), SUP_OK); /* 1 234 567 rub */
    assert_int_equal(sup_license_new(p, PURCHASE, &l), SUP_OK);
    char *s = render(SUP_LANG_RU, SUP_NOTICE_FORMAT_TEXT, SUP_NOTICE_STATUS, NULL, l, p, 20260717);
    /* 25% of 1 234 567 = 308 641.75, rounded to whole rubles half up */
    assert_contains(s, ": 308" NBSP "642 руб. (25% от цены продукта 1" NBSP "234" NBSP "567 руб.).");
    assert_lacks(s, "308 642"); /* never an ordinary space inside a number */
    sup_free(s);
    char *e = render(SUP_LANG_EN, SUP_NOTICE_FORMAT_TEXT, SUP_NOTICE_STATUS, NULL, l, p, 20260717);
    assert_contains(e, ": 308,642 RUB (25% of the product's list price of 1,234,567 RUB).");
    sup_free(e);
    sup_license_free(l);
    sup_product_free(p);
}

static void fractional_rates_and_the_pages_forty_percent_are_shown(void **state)
{
    fx *f = *state;
    sup_policy *pol = NULL;
    assert_int_equal(sup_policy_parse("preferential_rate_bp = 2250\nstandard_rate_bp = 4000\n", &pol), SUP_OK);
    sup_notice *n = notice(SUP_LANG_RU, SUP_NOTICE_FORMAT_TEXT, SUP_NOTICE_STATUS, NULL, NULL);
    char *s = render_with(n, f->perp_lic, f->perp, pol, 20260717);
    assert_contains(s, ": 1" NBSP "798 руб. (22,5% от цены продукта 7" NBSP "990 руб.).");
    sup_free(s);
    s = render_with(n, f->perp_lic, f->perp, pol, 20261015);
    assert_contains(s, "Стандартное продление поддержки на 12 месяцев: 3" NBSP "196 руб. (40% от цены продукта");
    sup_free(s);
    assert_int_equal(sup_notice_set_lang(n, SUP_LANG_EN), SUP_OK);
    s = render_with(n, f->perp_lic, f->perp, pol, 20260717);
    assert_contains(s, ": 1,798 RUB (22.5% of the product's list price of 7,990 RUB).");
    sup_free(s);
    assert_int_equal(sup_policy_set_preferential_rate(pol, 2525), SUP_OK);
    s = render_with(n, f->perp_lic, f->perp, pol, 20260717);
    assert_contains(s, "(25.25% of the product's list price");
    sup_free(s);
    sup_notice_free(n);
    sup_policy_free(pol);
}

/* ---- English ------------------------------------------------------------------------------ */

static void english_status_reads_exactly(void **state)
{
    fx *f = *state;
    sup_notice *n = notice(SUP_LANG_EN, SUP_NOTICE_FORMAT_TEXT, SUP_NOTICE_STATUS, "Sales report", "Acme Ltd");
    char *s = render_with(n, f->perp_lic, f->perp, NULL, 20260810);
    const char *expected = "Hello, Acme Ltd!\n"
                           "\n"
                           "Product: “Sales report”\n"
                           "License: perpetual\n"
                           "Status on 2026-08-10: technical support ended on 2026-07-31. The preferential renewal is "
                           "open through 2026-08-31 (21 days left).\n"
                           "Use of the product: available.\n"
                           "Consultations: not available.\n"
                           "New versions: not available.\n"
                           "Proposing ideas for the product: not available.\n"
                           "Versions released through 2026-07-31 can still be downloaded.\n"
                           "\n"
                           "Preferential support renewal for 12 months: 1,998 RUB (25% of the product's list price "
                           "of 7,990 RUB).\n"
                           "Paid on 2026-08-10, it extends support through 2027-07-31.\n"
                           "This price holds through 2026-08-31 (21 days left).\n"
                           "\n"
                           "How to reach us:\n"
                           "- WhatsApp: +7 927 853 15 26\n"
                           "- E-mail: manager@v8PRO.ru\n"
                           "- Chat on the website: v8PRO.ru\n"
                           "- VK group: vk.com/v8proru\n"
                           "Support is not provided by phone.\n";
    assert_string_equal(s, expected);
    sup_free(s);
    sup_notice_free(n);
}

static void english_covers_every_status(void **state)
{
    fx *f = *state;
    char *s = render(SUP_LANG_EN, SUP_NOTICE_FORMAT_TEXT, SUP_NOTICE_STATUS, NULL, f->perp_lic, f->perp, 20260101);
    assert_contains(s, "Status on 2026-01-01: no license has been bought.");
    assert_lacks(s, "renewal");
    sup_free(s);
    s = render(SUP_LANG_EN, SUP_NOTICE_FORMAT_TEXT, SUP_NOTICE_STATUS, NULL, f->perp_lic, f->perp, 20260730);
    assert_contains(s, "technical support is active through 2026-07-31 (1 day left).");
    sup_free(s);
    s = render(SUP_LANG_EN, SUP_NOTICE_FORMAT_TEXT, SUP_NOTICE_STATUS, NULL, f->perp_lic, f->perp, 20261015);
    assert_contains(s, "technical support ended on 2026-07-31; the preferential renewal window closed on 2026-08-31.");
    assert_contains(s, "Standard support renewal for 12 months: 3,596 RUB (45% of");
    assert_contains(s, "This price holds with no end date until the product's price or the renewal terms change.");
    sup_free(s);
    s = render(SUP_LANG_EN, SUP_NOTICE_FORMAT_TEXT, SUP_NOTICE_STATUS, NULL, f->sub_lic, f->sub, 20260214);
    assert_contains(s, "the subscription is paid through 2026-02-28 (14 days left).");
    assert_contains(s, "Subscription payment for 1 month: 990 RUB.\n");
    assert_contains(s, "Paid on 2026-02-14, it extends the subscription through 2026-03-31.");
    sup_free(s);
    s = render(SUP_LANG_EN, SUP_NOTICE_FORMAT_TEXT, SUP_NOTICE_STATUS, NULL, f->sub_lic, f->sub, 20260314);
    assert_contains(s, "the subscription ended on 2026-02-28.");
    assert_contains(s, "Use of the product: not available.");
    sup_free(s);
}

/* ---- reminders ------------------------------------------------------------------------------ */

static void reminder_before_the_end_names_the_days_and_the_date(void **state)
{
    fx *f = *state;
    char *s = render(SUP_LANG_RU, SUP_NOTICE_FORMAT_TEXT, SUP_NOTICE_SUPPORT_ENDING, "Отчёт", f->perp_lic, f->perp, 20260717);
    assert_starts_with(s, "Через 14 дней, 31.07.2026, заканчивается техническая поддержка продукта «Отчёт».\n\n");
    assert_lacks(s, "Продукт: «Отчёт»"); /* the headline names it */
    assert_contains(s, "Льготное продление поддержки");
    assert_contains(s, CONTACTS_RU);
    sup_free(s);
    s = render(SUP_LANG_RU, SUP_NOTICE_FORMAT_TEXT, SUP_NOTICE_SUPPORT_ENDING, NULL, f->perp_lic, f->perp, 20260710);
    assert_contains(s, "Через 21 день, 31.07.2026, заканчивается техническая поддержка.\n");
    sup_free(s);
    s = render(SUP_LANG_EN, SUP_NOTICE_FORMAT_TEXT, SUP_NOTICE_SUPPORT_ENDING, "Report", f->perp_lic, f->perp, 20260717);
    assert_contains(s, "Technical support for “Report” ends in 14 days, on 2026-07-31.\n");
    sup_free(s);
    s = render(SUP_LANG_RU, SUP_NOTICE_FORMAT_TEXT, SUP_NOTICE_SUPPORT_ENDING, "Облако", f->sub_lic, f->sub, 20260214);
    assert_contains(s, "Через 14 дней, 28.02.2026, заканчивается оплаченный срок подписки на «Облако».\n");
    assert_contains(s, "Оплата подписки на 1 месяц");
    sup_free(s);
    s = render(SUP_LANG_EN, SUP_NOTICE_FORMAT_TEXT, SUP_NOTICE_SUPPORT_ENDING, "Cloud", f->sub_lic, f->sub, 20260227);
    assert_contains(s, "The paid term of the subscription to “Cloud” ends in 1 day, on 2026-02-28.\n");
    sup_free(s);
}

static void reminder_on_the_last_day_says_today(void **state)
{
    fx *f = *state;
    char *s = render(SUP_LANG_RU, SUP_NOTICE_FORMAT_TEXT, SUP_NOTICE_SUPPORT_ENDS_TODAY, "Отчёт", f->perp_lic, f->perp, U);
    assert_contains(s, "Сегодня, 31.07.2026, последний день технической поддержки продукта «Отчёт».\n");
    assert_contains(s, "(сегодня последний день)");
    sup_free(s);
    s = render(SUP_LANG_EN, SUP_NOTICE_FORMAT_TEXT, SUP_NOTICE_SUPPORT_ENDS_TODAY, NULL, f->perp_lic, f->perp, U);
    assert_contains(s, "Today, 2026-07-31, is the last day of technical support.\n");
    sup_free(s);
    s = render(SUP_LANG_RU, SUP_NOTICE_FORMAT_TEXT, SUP_NOTICE_SUPPORT_ENDS_TODAY, NULL, f->sub_lic, f->sub, SUB_END);
    assert_contains(s, "Сегодня, 28.02.2026, последний оплаченный день подписки.\n");
    sup_free(s);
    /* "support ending" on the last day words it the same way */
    s = render(SUP_LANG_RU, SUP_NOTICE_FORMAT_TEXT, SUP_NOTICE_SUPPORT_ENDING, NULL, f->perp_lic, f->perp, U);
    assert_contains(s, "Сегодня, 31.07.2026, последний день технической поддержки.\n");
    sup_free(s);
}

static void reminder_before_the_window_closes_counts_its_days(void **state)
{
    fx *f = *state;
    char *s = render(SUP_LANG_RU, SUP_NOTICE_FORMAT_TEXT, SUP_NOTICE_WINDOW_CLOSING, "Отчёт", f->perp_lic, f->perp, 20260824);
    assert_contains(s, "Льготное продление поддержки продукта «Отчёт» доступно до 31.08.2026 включительно: осталось 7 "
                       "дней.\n");
    assert_contains(s, "Эта стоимость действует до 31.08.2026 включительно (осталось 7 дней).");
    sup_free(s);
    s = render(SUP_LANG_RU, SUP_NOTICE_FORMAT_TEXT, SUP_NOTICE_WINDOW_CLOSING, NULL, f->perp_lic, f->perp, W);
    assert_contains(s, "Сегодня, 31.08.2026, последний день льготного продления поддержки.\n");
    sup_free(s);
    s = render(SUP_LANG_EN, SUP_NOTICE_FORMAT_TEXT, SUP_NOTICE_WINDOW_CLOSING, "R", f->perp_lic, f->perp, 20260830);
    assert_contains(s, "The preferential support renewal for “R” is open through 2026-08-31: 1 day left.\n");
    sup_free(s);
    /* while support is still active the window is open too (early renewal) */
    s = render(SUP_LANG_RU, SUP_NOTICE_FORMAT_TEXT, SUP_NOTICE_WINDOW_CLOSING, NULL, f->perp_lic, f->perp, 20260717);
    assert_contains(s, "доступно до 31.08.2026 включительно: осталось 45 дней.");
    sup_free(s);
}

static void expect_render_error(const sup_license *lic, const sup_product *prod, sup_notice_kind kind, sup_date on,
                                int code)
{
    sup_notice *n = notice(SUP_LANG_RU, SUP_NOTICE_FORMAT_TEXT, kind, NULL, NULL);
    char *out = (char *)1;
    assert_int_equal(sup_notice_render(n, lic, prod, NULL, on, &out), code);
    assert_null(out);
    assert_int_equal(sup_error_code(), code);
    assert_string_not_equal(sup_error_message(), "");
    sup_notice_free(n);
}

static void a_reminder_that_does_not_fit_the_date_is_refused(void **state)
{
    fx *f = *state;
    expect_render_error(f->perp_lic, f->perp, SUP_NOTICE_SUPPORT_ENDING, 20260801, SUP_ESTATE);
    expect_render_error(f->perp_lic, f->perp, SUP_NOTICE_SUPPORT_ENDING, PURCHASE - 1, SUP_ESTATE);
    expect_render_error(f->perp_lic, f->perp, SUP_NOTICE_SUPPORT_ENDS_TODAY, U - 1, SUP_ESTATE);
    expect_render_error(f->perp_lic, f->perp, SUP_NOTICE_SUPPORT_ENDS_TODAY, 20260801, SUP_ESTATE);
    expect_render_error(f->perp_lic, f->perp, SUP_NOTICE_WINDOW_CLOSING, 20260901, SUP_ESTATE);
    expect_render_error(f->sub_lic, f->sub, SUP_NOTICE_WINDOW_CLOSING, 20260214, SUP_ESTATE);
    expect_render_error(f->sub_lic, f->sub, SUP_NOTICE_SUPPORT_ENDING, 20260301, SUP_ESTATE);
    assert_non_null(strstr(sup_error_message(), "support_ending"));
}

/* ---- HTML ------------------------------------------------------------------------------------ */

/* Every '<' in s opens one of the tags the renderer writes. */
static void assert_only_our_tags(const char *s)
{
    static const char *const tags[] = {"<div class=\"sup-notice ", "</div>", "<p>", "</p>", "<br>",
                                       "<ul>",                    "</ul>",  "<li>", "</li>"};
    for (const char *p = strchr(s, '<'); p != NULL; p = strchr(p + 1, '<')) {
        size_t k = 0;
        while (k < sizeof tags / sizeof tags[0] && strncmp(p, tags[k], strlen(tags[k])) != 0)
            k++;
        if (k == sizeof tags / sizeof tags[0])
            fail_msg("unexpected markup at: %.40s", p);
    }
}

static void html_escapes_a_hostile_product_and_customer_name(void **state)
{
    fx *f = *state;
    const char *evil = "<script>alert(\"x\")</script> & 'y' <img src=x onerror=alert(1)>";
    sup_notice *n = notice(SUP_LANG_RU, SUP_NOTICE_FORMAT_HTML, SUP_NOTICE_STATUS, evil, evil);
    char *s = render_with(n, f->perp_lic, f->perp, NULL, 20260717);
    assert_lacks(s, "<script");
    assert_lacks(s, "<img");
    assert_contains(s, "Продукт: «&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &#39;y&#39; &lt;img "
                       "src=x onerror=alert(1)&gt;»");
    assert_contains(s, "<p>Здравствуйте, &lt;script&gt;");
    assert_only_our_tags(s);
    sup_free(s);
    /* the reminders' headlines too */
    assert_int_equal(sup_notice_set_kind(n, SUP_NOTICE_WINDOW_CLOSING), SUP_OK);
    assert_int_equal(sup_notice_set_lang(n, SUP_LANG_EN), SUP_OK);
    s = render_with(n, f->perp_lic, f->perp, NULL, 20260824);
    assert_contains(s, "for “&lt;script&gt;alert(&quot;x&quot;)");
    assert_only_our_tags(s);
    sup_free(s);
    sup_notice_free(n);
}

static void html_is_a_fragment_with_paragraphs_and_a_contact_list(void **state)
{
    fx *f = *state;
    char *s = render(SUP_LANG_RU, SUP_NOTICE_FORMAT_HTML, SUP_NOTICE_STATUS, "Отчёт", f->perp_lic, f->perp, 20260810);
    assert_starts_with(s, "<div class=\"sup-notice sup-notice-status sup-state-grace\" lang=\"ru\">\n<p>");
    assert_contains(s, "<p>Продукт: «Отчёт»<br>\nЛицензия: бессрочная<br>\n");
    assert_contains(s, "<p>Как с нами связаться:</p>\n<ul>\n<li>WhatsApp: +7 927 853 15 26</li>\n");
    assert_contains(s, "<li>группа ВКонтакте: vk.com/v8proru</li>\n</ul>\n<p>По телефону поддержка не осуществляется."
                       "</p>\n</div>\n");
    assert_contains(s, "1" NBSP "998 руб.");
    assert_lacks(s, "\n\n");
    assert_only_our_tags(s);
    sup_free(s);
}

static void html_escapes_contact_values_from_the_policy(void **state)
{
    fx *f = *state;
    sup_policy *pol = NULL;
    assert_int_equal(sup_policy_new(&pol), SUP_OK);
    sup_policy_clear_contacts(pol);
    assert_int_equal(sup_policy_add_contact(pol, SUP_CONTACT_OTHER, "<b>bold</b> & \"quoted\""), SUP_OK);
    sup_notice *n = notice(SUP_LANG_EN, SUP_NOTICE_FORMAT_HTML, SUP_NOTICE_STATUS, NULL, NULL);
    char *s = render_with(n, f->perp_lic, f->perp, pol, 20260717);
    assert_contains(s, "<li>&lt;b&gt;bold&lt;/b&gt; &amp; &quot;quoted&quot;</li>");
    assert_only_our_tags(s);
    sup_free(s);
    sup_notice_free(n);
    sup_policy_free(pol);
}

static void plain_text_keeps_names_as_given(void **state)
{
    fx *f = *state;
    char *s = render(SUP_LANG_EN, SUP_NOTICE_FORMAT_TEXT, SUP_NOTICE_STATUS, "A & B <x>", f->perp_lic, f->perp, 20260717);
    assert_contains(s, "Product: “A & B <x>”\n");
    sup_free(s);
}

static void quotes_inside_a_product_name_become_nested_quotes(void **state)
{
    fx *f = *state;
    char *s = render(SUP_LANG_RU, SUP_NOTICE_FORMAT_TEXT, SUP_NOTICE_STATUS, "Отчёт «Анализ продаж»", f->perp_lic,
                     f->perp, 20260717);
    assert_contains(s, "Продукт: «Отчёт „Анализ продаж“»\n");
    sup_free(s);
    s = render(SUP_LANG_EN, SUP_NOTICE_FORMAT_TEXT, SUP_NOTICE_STATUS, "The “Sales” report", f->perp_lic, f->perp,
               20260717);
    assert_contains(s, "Product: “The ‘Sales’ report”\n");
    sup_free(s);
}

/* ---- contact channels ------------------------------------------------------------------------- */

static void contacts_follow_the_policy_and_phone_support(void **state)
{
    fx *f = *state;
    sup_policy *pol = NULL;
    assert_int_equal(sup_policy_parse("phone_support = yes\ncontact = telegram @v8pro\ncontact = other Офис в Самаре\n",
                                      &pol),
                     SUP_OK);
    sup_notice *n = notice(SUP_LANG_RU, SUP_NOTICE_FORMAT_TEXT, SUP_NOTICE_STATUS, NULL, NULL);
    char *s = render_with(n, f->perp_lic, f->perp, pol, 20260717);
    assert_contains(s, "Как с нами связаться:\n- Telegram: @v8pro\n- Офис в Самаре\n");
    assert_lacks(s, "WhatsApp");
    assert_lacks(s, "По телефону");
    sup_free(s);
    sup_policy_clear_contacts(pol);
    assert_int_equal(sup_policy_set_phone_support(pol, 0), SUP_OK);
    s = render_with(n, f->perp_lic, f->perp, pol, 20260717);
    assert_lacks(s, "Как с нами связаться");
    assert_contains(s, "\n\nПо телефону поддержка не осуществляется.\n");
    sup_free(s);
    sup_notice_free(n);
    sup_policy_free(pol);
}

/* ---- the schedule ------------------------------------------------------------------------------ */

static sup_notice_kind due(const sup_schedule *sch, const sup_license *lic, const sup_policy *pol, sup_date on)
{
    sup_notice_kind k = (sup_notice_kind)-1;
    int rc = sup_schedule_due(sch, lic, pol, on, &k);
    if (rc != SUP_OK)
        fail_msg("sup_schedule_due on %ld: %s", (long)on, sup_error_message());
    return k;
}

static void default_schedule_lists_three_reminders(void **state)
{
    (void)state;
    sup_schedule *s = NULL;
    assert_int_equal(sup_schedule_new(&s), SUP_OK);
    assert_int_equal(sup_schedule_count(s), 3);
    sup_schedule_anchor a;
    int days;
    sup_notice_kind k;
    assert_int_equal(sup_schedule_entry(s, 0, &a, &days, &k), SUP_OK);
    assert_true(a == SUP_ANCHOR_SUPPORT_END && days == 14 && k == SUP_NOTICE_SUPPORT_ENDING);
    assert_int_equal(sup_schedule_entry(s, 1, &a, &days, &k), SUP_OK);
    assert_true(a == SUP_ANCHOR_SUPPORT_END && days == 0 && k == SUP_NOTICE_SUPPORT_ENDS_TODAY);
    assert_int_equal(sup_schedule_entry(s, 2, &a, &days, &k), SUP_OK);
    assert_true(a == SUP_ANCHOR_WINDOW_END && days == 7 && k == SUP_NOTICE_WINDOW_CLOSING);
    assert_int_equal(sup_schedule_entry(s, 2, NULL, NULL, NULL), SUP_OK);
    char *text = NULL;
    assert_int_equal(sup_schedule_to_text(s, &text), SUP_OK);
    assert_string_equal(text, "reminder = support_end 14\nreminder = support_end 0\nreminder = window_end 7\n");
    sup_schedule *back = NULL;
    assert_int_equal(sup_schedule_parse(text, &back), SUP_OK);
    assert_true(sup_schedule_equal(s, back));
    sup_schedule *copy = NULL;
    assert_int_equal(sup_schedule_clone(s, &copy), SUP_OK);
    assert_true(sup_schedule_equal(s, copy));
    sup_schedule_clear(copy);
    assert_int_equal(sup_schedule_count(copy), 0);
    assert_false(sup_schedule_equal(s, copy));
    sup_free(text);
    sup_schedule_free(s);
    sup_schedule_free(back);
    sup_schedule_free(copy);
}

static void support_end_reminders_fall_exactly_on_their_days(void **state)
{
    fx *f = *state;
    sup_schedule *s = NULL;
    assert_int_equal(sup_schedule_new(&s), SUP_OK);
    assert_int_equal(due(s, f->perp_lic, NULL, 20260716), SUP_NOTICE_NONE);           /* U-15 */
    assert_int_equal(due(s, f->perp_lic, NULL, 20260717), SUP_NOTICE_SUPPORT_ENDING); /* U-14 */
    assert_int_equal(due(s, f->perp_lic, NULL, 20260718), SUP_NOTICE_NONE);           /* U-13 */
    assert_int_equal(due(s, f->perp_lic, NULL, 20260730), SUP_NOTICE_NONE);           /* U-1 */
    assert_int_equal(due(s, f->perp_lic, NULL, U), SUP_NOTICE_SUPPORT_ENDS_TODAY);    /* U */
    assert_int_equal(due(s, f->perp_lic, NULL, 20260801), SUP_NOTICE_NONE);           /* U+1 */
    assert_int_equal(due(s, f->perp_lic, NULL, PURCHASE - 1), SUP_NOTICE_NONE);       /* not owned */
    assert_int_equal(due(s, f->perp_lic, NULL, PURCHASE), SUP_NOTICE_NONE);
    sup_schedule_free(s);
}

static void window_reminder_falls_seven_days_before_it_closes(void **state)
{
    fx *f = *state;
    sup_schedule *s = NULL;
    assert_int_equal(sup_schedule_new(&s), SUP_OK);
    assert_int_equal(due(s, f->perp_lic, NULL, 20260823), SUP_NOTICE_NONE);           /* W-8 */
    assert_int_equal(due(s, f->perp_lic, NULL, 20260824), SUP_NOTICE_WINDOW_CLOSING); /* W-7 */
    assert_int_equal(due(s, f->perp_lic, NULL, 20260825), SUP_NOTICE_NONE);           /* W-6 */
    assert_int_equal(due(s, f->perp_lic, NULL, W), SUP_NOTICE_NONE);
    assert_int_equal(due(s, f->perp_lic, NULL, 20260901), SUP_NOTICE_NONE); /* lapsed */
    assert_int_equal(due(s, f->perp_lic, NULL, 20270824), SUP_NOTICE_NONE); /* a year later */
    /* a window that ends on the 30th: support through 30.09.2026 → window through 30.10.2026 */
    sup_license *l = NULL;
    assert_int_equal(sup_license_new(f->perp, 20260330, &l), SUP_OK);
    assert_int_equal(due(s, l, NULL, 20260916), SUP_NOTICE_SUPPORT_ENDING);
    assert_int_equal(due(s, l, NULL, 20261023), SUP_NOTICE_WINDOW_CLOSING);
    assert_int_equal(due(s, l, NULL, 20261024), SUP_NOTICE_NONE);
    sup_license_free(l);
    sup_schedule_free(s);
}

static void a_renewed_license_gets_no_reminder_on_its_old_end(void **state)
{
    fx *f = *state;
    sup_schedule *s = NULL;
    sup_license *l = NULL;
    assert_int_equal(sup_schedule_new(&s), SUP_OK);
    assert_int_equal(sup_license_clone(f->perp_lic, &l), SUP_OK);
    assert_int_equal(sup_license_renew(l, f->perp, NULL, 20260720, 199800, NULL), SUP_OK);
    assert_int_equal(due(s, l, NULL, 20260717), SUP_NOTICE_SUPPORT_ENDING); /* before the renewal was recorded */
    assert_int_equal(due(s, l, NULL, U), SUP_NOTICE_NONE);
    assert_int_equal(due(s, l, NULL, 20260824), SUP_NOTICE_NONE);
    assert_int_equal(due(s, l, NULL, 20270717), SUP_NOTICE_SUPPORT_ENDING);
    assert_int_equal(due(s, l, NULL, 20270731), SUP_NOTICE_SUPPORT_ENDS_TODAY);
    sup_license_free(l);
    sup_schedule_free(s);
}

static void subscriptions_get_payment_reminders_and_no_window_reminder(void **state)
{
    fx *f = *state;
    sup_schedule *s = NULL;
    assert_int_equal(sup_schedule_new(&s), SUP_OK);
    assert_int_equal(due(s, f->sub_lic, NULL, 20260213), SUP_NOTICE_NONE);
    assert_int_equal(due(s, f->sub_lic, NULL, 20260214), SUP_NOTICE_SUPPORT_ENDING);
    assert_int_equal(due(s, f->sub_lic, NULL, SUB_END), SUP_NOTICE_SUPPORT_ENDS_TODAY);
    assert_int_equal(due(s, f->sub_lic, NULL, 20260301), SUP_NOTICE_NONE);
    assert_int_equal(due(s, f->sub_lic, NULL, 20260321), SUP_NOTICE_NONE); /* expired: no "window" */
    sup_schedule_free(s);
}

static void the_first_matching_reminder_in_schedule_order_wins(void **state)
{
    fx *f = *state;
    sup_policy *pol = NULL;
    assert_int_equal(sup_policy_parse("grace_months = 0\n", &pol), SUP_OK); /* the window ends with support */
    sup_schedule *a = NULL, *b = NULL;
    assert_int_equal(sup_schedule_parse("reminder = window_end 0\nreminder = support_end 0\n", &a), SUP_OK);
    assert_int_equal(sup_schedule_parse("reminder = support_end 0\nreminder = window_end 0\n", &b), SUP_OK);
    assert_int_equal(due(a, f->perp_lic, pol, U), SUP_NOTICE_WINDOW_CLOSING);
    assert_int_equal(due(b, f->perp_lic, pol, U), SUP_NOTICE_SUPPORT_ENDS_TODAY);
    assert_int_equal(due(b, f->perp_lic, pol, 20260801), SUP_NOTICE_NONE); /* lapsed at once */
    sup_schedule *d = NULL;
    assert_int_equal(sup_schedule_new(&d), SUP_OK);
    assert_int_equal(due(d, f->perp_lic, pol, 20260724), SUP_NOTICE_WINDOW_CLOSING); /* U-7 = W-7 */
    sup_schedule_free(a);
    sup_schedule_free(b);
    sup_schedule_free(d);
    sup_policy_free(pol);
}

static void schedule_text_is_edited_like_the_policy_form(void **state)
{
    fx *f = *state;
    sup_schedule *s = NULL;
    assert_int_equal(sup_schedule_parse("# reminders\n\n  reminder =  support_end   30 \r\nreminder=window_end 1\n", &s),
                     SUP_OK);
    assert_int_equal(sup_schedule_count(s), 2); /* the first line replaced the defaults */
    assert_int_equal(due(s, f->perp_lic, NULL, 20260701), SUP_NOTICE_SUPPORT_ENDING);
    assert_int_equal(due(s, f->perp_lic, NULL, 20260717), SUP_NOTICE_NONE);
    assert_int_equal(due(s, f->perp_lic, NULL, 20260830), SUP_NOTICE_WINDOW_CLOSING);
    sup_schedule_free(s);
    assert_int_equal(sup_schedule_parse("", &s), SUP_OK); /* no lines: the defaults */
    assert_int_equal(sup_schedule_count(s), 3);
    sup_schedule_free(s);
    assert_int_equal(sup_schedule_parse("reminder = none\n", &s), SUP_OK);
    assert_int_equal(sup_schedule_count(s), 0);
    assert_int_equal(due(s, f->perp_lic, NULL, 20260717), SUP_NOTICE_NONE);
    char *text = NULL;
    assert_int_equal(sup_schedule_to_text(s, &text), SUP_OK);
    assert_string_equal(text, "reminder = none\n");
    sup_free(text);
    sup_schedule_free(s);
    char max[64];
    snprintf(max, sizeof max, "reminder = support_end %d", SUP_SCHEDULE_DAYS_MAX);
    assert_int_equal(sup_schedule_parse(max, &s), SUP_OK);
    sup_schedule_free(s);
}

static void expect_schedule_parse_error(const char *text, const char *in_message)
{
    sup_schedule *s = (sup_schedule *)1;
    assert_int_equal(sup_schedule_parse(text, &s), SUP_EPARSE);
    assert_null(s);
    if (strstr(sup_error_message(), in_message) == NULL)
        fail_msg("message \"%s\" lacks \"%s\"", sup_error_message(), in_message);
}

static void malformed_schedule_text_is_refused_with_the_line(void **state)
{
    (void)state;
    expect_schedule_parse_error("reminder = support_end 14\nreminder support_end 7\n", "line 2");
    expect_schedule_parse_error("remind = support_end 14\n", "unknown key");
    expect_schedule_parse_error("reminder = support_ends 14\n", "support_end DAYS");
    expect_schedule_parse_error("reminder = support_end\n", "line 1");
    expect_schedule_parse_error("reminder = support_end -1\n", "line 1");
    expect_schedule_parse_error("reminder = support_end 3661\n", "line 1");
    expect_schedule_parse_error("reminder = support_end 14x\n", "line 1");
    expect_schedule_parse_error("reminder = support_end 14 days\n", "line 1");
    expect_schedule_parse_error("reminder = window_end 99999999999999999999\n", "line 1");
    expect_schedule_parse_error("reminder = window_end 7\n\nreminder = window_end 7\n", "line 3: reminder");
    expect_schedule_parse_error("reminder = support_end \xC0\xAF\n", "UTF-8");
}

/* Over every day of two years, for both licenses, in both languages and formats:
 * every reminder the schedule says is due renders, every status notice renders,
 * the text is UTF-8 and the HTML has only the renderer's own tags. */
static void every_due_reminder_and_every_status_renders_over_two_years(void **state)
{
    fx *f = *state;
    sup_schedule *sch = NULL;
    assert_int_equal(sup_schedule_new(&sch), SUP_OK);
    sup_notice *n = notice(SUP_LANG_RU, SUP_NOTICE_FORMAT_TEXT, SUP_NOTICE_STATUS, "P & <Q>", "C");
    int reminders = 0;
    for (sup_date on = 20260101; on <= 20271231;) {
        for (int which = 0; which < 2; which++) {
            const sup_license *lic = which ? f->sub_lic : f->perp_lic;
            const sup_product *prod = which ? f->sub : f->perp;
            sup_notice_kind k = SUP_NOTICE_NONE;
            assert_int_equal(sup_schedule_due(sch, lic, NULL, on, &k), SUP_OK);
            reminders += k != SUP_NOTICE_NONE;
            for (int lang = 0; lang < 2; lang++) {
                for (int fmt = 0; fmt < 2; fmt++) {
                    assert_int_equal(sup_notice_set_lang(n, (sup_lang)lang), SUP_OK);
                    assert_int_equal(sup_notice_set_format(n, (sup_notice_format)fmt), SUP_OK);
                    for (int pass = 0; pass < 2; pass++) {
                        if (pass == 1 && k == SUP_NOTICE_NONE)
                            break;
                        assert_int_equal(sup_notice_set_kind(n, pass ? k : SUP_NOTICE_STATUS), SUP_OK);
                        char *s = render_with(n, lic, prod, NULL, on);
                        if (fmt == SUP_NOTICE_FORMAT_HTML)
                            assert_only_our_tags(s);
                        else
                            assert_contains(s, "P & <Q>");
                        sup_free(s);
                    }
                }
            }
        }
        assert_int_equal(sup_date_add_days(on, 1, &on), SUP_OK);
    }
    /* perpetual: 17.07, 31.07, 24.08 of 2026; subscription: 14.02 and 28.02 */
    assert_int_equal(reminders, 5);
    sup_notice_free(n);
    sup_schedule_free(sch);
}

/* B7: the upper end of the calendar. Support through 9999-12-15: the window reaches past the calendar, so its
 * end is shown as 9999-12-31; no renewal fits (it would end after 9999-12-31), so the offer is "not available"
 * with that reason — and a notice renders on every valid date, every due reminder too. */
static void at_the_end_of_the_calendar_every_notice_renders_with_the_offer_not_available(void **state)
{
    fx *f = *state;
    sup_license *perp = NULL, *sub = NULL;
    assert_int_equal(sup_license_clone(f->perp_lic, &perp), SUP_OK);
    assert_int_equal(sup_license_add_period(perp, 20260301, 99991215), SUP_OK);
    assert_int_equal(sup_license_new(f->sub, 99991120, &sub), SUP_OK); /* paid through 9999-12-20 */
    sup_status *st = NULL;
    assert_int_equal(sup_status_new(&st), SUP_OK);
    assert_int_equal(sup_license_status(perp, NULL, 99991220, st), SUP_OK);
    assert_int_equal(sup_status_state(st), SUP_STATE_GRACE);
    assert_int_equal(sup_status_preferential_until(st), SUP_DATE_MAX);
    sup_quote *q = NULL;
    assert_int_equal(sup_quote_new(&q), SUP_OK);
    assert_int_equal(sup_license_quote(perp, f->perp, NULL, 99991220, q), SUP_EDATE); /* the quote itself cannot be */
    sup_quote_free(q);
    sup_schedule *sch = NULL;
    assert_int_equal(sup_schedule_new(&sch), SUP_OK);
    sup_notice *n = notice(SUP_LANG_RU, SUP_NOTICE_FORMAT_TEXT, SUP_NOTICE_STATUS, "P", NULL);
    int rendered = 0, reminders = 0;
    for (sup_date on = 99981101; on != 0;) {
        for (int which = 0; which < 2; which++) {
            const sup_license *lic = which ? sub : perp;
            const sup_product *prod = which ? f->sub : f->perp;
            sup_notice_kind k = SUP_NOTICE_NONE;
            assert_int_equal(sup_schedule_due(sch, lic, NULL, on, &k), SUP_OK);
            reminders += k != SUP_NOTICE_NONE;
            for (int lang = 0; lang < 2; lang++) {
                for (int pass = 0; pass < 2 && (pass == 0 || k != SUP_NOTICE_NONE); pass++) {
                    assert_int_equal(sup_notice_set_lang(n, (sup_lang)lang), SUP_OK);
                    assert_int_equal(sup_notice_set_kind(n, pass ? k : SUP_NOTICE_STATUS), SUP_OK);
                    char *s = render_with(n, lic, prod, NULL, on);
                    rendered++;
                    sup_free(s);
                }
            }
        }
        if (sup_date_add_days(on, 1, &on) != SUP_OK)
            on = 0; /* past 9999-12-31 */
    }
    assert_true(rendered >= 4 * 426);
    assert_true(reminders > 0);
    char *s = NULL;
    assert_int_equal(sup_notice_set_kind(n, SUP_NOTICE_STATUS), SUP_OK);
    assert_int_equal(sup_notice_set_lang(n, SUP_LANG_RU), SUP_OK);
    s = render_with(n, perp, f->perp, NULL, 99991201);
    assert_contains(s, "техническая поддержка активна до 15.12.9999 включительно");
    assert_contains(s, "Предложения на эту дату нет: новый срок закончился бы после 31.12.9999.");
    sup_free(s);
    s = render_with(n, sub, f->sub, NULL, 99991205);
    assert_contains(s, "Предложения на эту дату нет: новый срок закончился бы после 31.12.9999.");
    sup_free(s);
    assert_int_equal(sup_notice_set_lang(n, SUP_LANG_EN), SUP_OK);
    s = render_with(n, perp, f->perp, NULL, 99991231);
    assert_contains(s, "The preferential renewal is open through 9999-12-31 (today is the last day).");
    assert_contains(s, "No offer on this date: the new term would end after 9999-12-31.");
    sup_free(s);
    /* with support a year shorter a renewal still fits: it ends on 9999-12-15 */
    sup_license *shorter = NULL;
    assert_int_equal(sup_license_clone(f->perp_lic, &shorter), SUP_OK);
    assert_int_equal(sup_license_add_period(shorter, 20260301, 99981215), SUP_OK);
    s = render_with(n, shorter, f->perp, NULL, 99981201);
    assert_lacks(s, "No offer");
    assert_contains(s, "Paid on 9998-12-01, it extends support through 9999-12-15.");
    sup_free(s);
    sup_license_free(shorter);
    sup_notice_free(n);
    sup_schedule_free(sch);
    sup_status_free(st);
    sup_license_free(perp);
    sup_license_free(sub);
}

/* ---- bad input ----------------------------------------------------------------------------------- */

static void null_arguments_are_refused(void **state)
{
    fx *f = *state;
    sup_notice *n = notice(SUP_LANG_RU, SUP_NOTICE_FORMAT_TEXT, SUP_NOTICE_STATUS, NULL, NULL);
    char *out = NULL;
    assert_int_equal(sup_notice_new(NULL), SUP_EINVAL);
    assert_int_equal(sup_notice_render(NULL, f->perp_lic, f->perp, NULL, U, &out), SUP_EINVAL);
    assert_null(out);
    assert_int_equal(sup_notice_render(n, NULL, f->perp, NULL, U, &out), SUP_EINVAL);
    assert_int_equal(sup_notice_render(n, f->perp_lic, NULL, NULL, U, &out), SUP_EINVAL);
    assert_int_equal(sup_notice_render(n, f->perp_lic, f->perp, NULL, U, NULL), SUP_EINVAL);
    assert_int_equal(sup_notice_set_lang(NULL, SUP_LANG_EN), SUP_EINVAL);
    assert_int_equal(sup_notice_set_format(NULL, SUP_NOTICE_FORMAT_HTML), SUP_EINVAL);
    assert_int_equal(sup_notice_set_kind(NULL, SUP_NOTICE_STATUS), SUP_EINVAL);
    assert_int_equal(sup_notice_set_product_name(NULL, "x"), SUP_EINVAL);
    assert_int_equal(sup_notice_set_customer_name(NULL, "x"), SUP_EINVAL);
    assert_int_equal(sup_count_format(SUP_LANG_RU, SUP_COUNT_DAYS, 1, NULL), SUP_EINVAL);
    sup_lang l;
    sup_notice_kind k;
    assert_int_equal(sup_lang_from_name(NULL, &l), SUP_EINVAL);
    assert_int_equal(sup_lang_from_name("ru", NULL), SUP_EINVAL);
    assert_int_equal(sup_notice_kind_from_name(NULL, &k), SUP_EINVAL);
    assert_int_equal(sup_notice_kind_from_name("status", NULL), SUP_EINVAL);
    /* getters and frees are NULL-safe */
    assert_int_equal(sup_notice_lang(NULL), SUP_LANG_RU);
    assert_int_equal(sup_notice_format_of(NULL), SUP_NOTICE_FORMAT_TEXT);
    assert_int_equal(sup_notice_kind_of(NULL), SUP_NOTICE_NONE);
    assert_null(sup_notice_product_name(NULL));
    assert_null(sup_notice_customer_name(NULL));
    sup_notice_free(NULL);
    /* the schedule */
    sup_schedule *s = NULL;
    assert_int_equal(sup_schedule_new(&s), SUP_OK);
    assert_int_equal(sup_schedule_new(NULL), SUP_EINVAL);
    sup_schedule *none = (sup_schedule *)1;
    assert_int_equal(sup_schedule_parse(NULL, &none), SUP_EINVAL);
    assert_null(none);
    assert_int_equal(sup_schedule_parse("", NULL), SUP_EINVAL);
    assert_int_equal(sup_schedule_to_text(NULL, &out), SUP_EINVAL);
    assert_int_equal(sup_schedule_to_text(s, NULL), SUP_EINVAL);
    sup_schedule *c = NULL;
    assert_int_equal(sup_schedule_clone(NULL, &c), SUP_EINVAL);
    assert_int_equal(sup_schedule_clone(s, NULL), SUP_EINVAL);
    assert_int_equal(sup_schedule_add(NULL, SUP_ANCHOR_SUPPORT_END, 1), SUP_EINVAL);
    assert_int_equal(sup_schedule_entry(NULL, 0, NULL, NULL, NULL), SUP_EINVAL);
    assert_int_equal(sup_schedule_due(NULL, f->perp_lic, NULL, U, &k), SUP_EINVAL);
    assert_int_equal(sup_schedule_due(s, NULL, NULL, U, &k), SUP_EINVAL);
    assert_int_equal(sup_schedule_due(s, f->perp_lic, NULL, U, NULL), SUP_EINVAL);
    assert_int_equal(sup_schedule_count(NULL), 0);
    assert_true(sup_schedule_equal(NULL, NULL));
    assert_false(sup_schedule_equal(s, NULL));
    sup_schedule_clear(NULL);
    sup_schedule_free(NULL);
    sup_schedule_free(s);
    sup_notice_free(n);
}

static void bad_enums_are_refused_and_change_nothing(void **state)
{
    (void)state;
    sup_notice *n = notice(SUP_LANG_EN, SUP_NOTICE_FORMAT_HTML, SUP_NOTICE_WINDOW_CLOSING, NULL, NULL);
    assert_int_equal(sup_notice_set_lang(n, (sup_lang)2), SUP_EINVAL);
    assert_int_equal(sup_notice_set_lang(n, (sup_lang)-1), SUP_EINVAL);
    assert_int_equal(sup_notice_set_format(n, (sup_notice_format)2), SUP_EINVAL);
    assert_int_equal(sup_notice_set_format(n, (sup_notice_format)-1), SUP_EINVAL);
    assert_int_equal(sup_notice_set_kind(n, SUP_NOTICE_NONE), SUP_EINVAL);
    assert_int_equal(sup_notice_set_kind(n, (sup_notice_kind)5), SUP_EINVAL);
    assert_int_equal(sup_notice_set_kind(n, (sup_notice_kind)-1), SUP_EINVAL);
    assert_int_equal(sup_notice_lang(n), SUP_LANG_EN);
    assert_int_equal(sup_notice_format_of(n), SUP_NOTICE_FORMAT_HTML);
    assert_int_equal(sup_notice_kind_of(n), SUP_NOTICE_WINDOW_CLOSING);
    char *out = (char *)1;
    assert_int_equal(sup_count_format((sup_lang)7, SUP_COUNT_DAYS, 1, &out), SUP_EINVAL);
    assert_null(out);
    assert_int_equal(sup_count_format(SUP_LANG_RU, (sup_count_unit)2, 1, &out), SUP_EINVAL);
    assert_int_equal(sup_count_format(SUP_LANG_RU, (sup_count_unit)-1, 1, &out), SUP_EINVAL);
    sup_schedule *s = NULL;
    assert_int_equal(sup_schedule_new(&s), SUP_OK);
    assert_int_equal(sup_schedule_add(s, (sup_schedule_anchor)2, 1), SUP_EINVAL);
    assert_int_equal(sup_schedule_add(s, SUP_ANCHOR_SUPPORT_END, -1), SUP_ERANGE);
    assert_int_equal(sup_schedule_add(s, SUP_ANCHOR_SUPPORT_END, SUP_SCHEDULE_DAYS_MAX + 1), SUP_ERANGE);
    assert_int_equal(sup_schedule_add(s, SUP_ANCHOR_SUPPORT_END, 14), SUP_ECONFLICT);
    assert_int_equal(sup_schedule_add(s, SUP_ANCHOR_WINDOW_END, 14), SUP_OK);
    assert_int_equal(sup_schedule_count(s), 4);
    assert_int_equal(sup_schedule_entry(s, 4, NULL, NULL, NULL), SUP_ENOTFOUND);
    sup_schedule_free(s);
    assert_string_equal(sup_lang_name((sup_lang)9), "");
    assert_string_equal(sup_notice_kind_name((sup_notice_kind)9), "");
    assert_string_equal(sup_schedule_anchor_name((sup_schedule_anchor)9), "");
    sup_lang l;
    sup_notice_kind k;
    assert_int_equal(sup_lang_from_name("de", &l), SUP_EINVAL);
    assert_int_equal(sup_lang_from_name("RU", &l), SUP_EINVAL);
    assert_int_equal(sup_notice_kind_from_name("reminder", &k), SUP_EINVAL);
    sup_notice_free(n);
}

static void names_round_trip_through_their_text_forms(void **state)
{
    (void)state;
    for (int i = SUP_LANG_RU; i <= SUP_LANG_EN; i++) {
        sup_lang l;
        assert_int_equal(sup_lang_from_name(sup_lang_name((sup_lang)i), &l), SUP_OK);
        assert_int_equal(l, i);
    }
    for (int i = SUP_NOTICE_NONE; i <= SUP_NOTICE_WINDOW_CLOSING; i++) {
        sup_notice_kind k;
        assert_int_equal(sup_notice_kind_from_name(sup_notice_kind_name((sup_notice_kind)i), &k), SUP_OK);
        assert_int_equal(k, i);
    }
    assert_string_equal(sup_schedule_anchor_name(SUP_ANCHOR_WINDOW_END), "window_end");
}

static void bad_dates_are_refused(void **state)
{
    fx *f = *state;
    static const sup_date bad[] = {20260230, 20261301, 0, -1, 18991231, 100000101, 20260000};
    sup_schedule *s = NULL;
    assert_int_equal(sup_schedule_new(&s), SUP_OK);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        expect_render_error(f->perp_lic, f->perp, SUP_NOTICE_STATUS, bad[i], SUP_EDATE);
        sup_notice_kind k = SUP_NOTICE_STATUS;
        assert_int_equal(sup_schedule_due(s, f->perp_lic, NULL, bad[i], &k), SUP_EDATE);
        assert_int_equal(k, SUP_NOTICE_NONE);
    }
    sup_schedule_free(s);
}

static void expect_bad_name(sup_notice *n, const char *name, const char *in_message)
{
    assert_int_equal(sup_notice_set_product_name(n, name), SUP_EINVAL);
    if (strstr(sup_error_message(), in_message) == NULL)
        fail_msg("message \"%s\" lacks \"%s\"", sup_error_message(), in_message);
    assert_int_equal(sup_notice_set_customer_name(n, name), SUP_EINVAL);
    assert_string_equal(sup_notice_product_name(n), "Отчёт"); /* unchanged */
    assert_string_equal(sup_notice_customer_name(n), "Иван");
}

static void invalid_names_are_refused_and_leave_the_old_ones(void **state)
{
    (void)state;
    sup_notice *n = notice(SUP_LANG_RU, SUP_NOTICE_FORMAT_TEXT, SUP_NOTICE_STATUS, "Отчёт", "Иван");
    expect_bad_name(n, "\xC0\xAF", "UTF-8");          /* overlong '/' */
    expect_bad_name(n, "abc\x80", "UTF-8");           /* stray continuation byte */
    expect_bad_name(n, "\xD0", "UTF-8");              /* truncated sequence */
    expect_bad_name(n, "\xED\xA0\x80", "UTF-8");      /* a surrogate */
    expect_bad_name(n, "\xF4\x90\x80\x80", "UTF-8");  /* beyond U+10FFFF */
    expect_bad_name(n, "two\nlines", "contains U+000A LINE FEED (it must be one line)"); /* header injection */
    expect_bad_name(n, "tab\there", "contains U+0009 CHARACTER TABULATION");
    expect_bad_name(n, "bell\a", "contains U+0007 ALERT");
    expect_bad_name(n, "del\x7f", "contains U+007F DELETE");
    expect_bad_name(n, "c1\xC2\x85", "\"c1\\u0085\" contains U+0085 NEXT LINE");
    expect_bad_name(n, "csi\xC2\x9B[2J", "contains U+009B CONTROL SEQUENCE INTRODUCER");
    expect_bad_name(n, "ACME\xE2\x80\xAEgpj.exe", "contains U+202E RIGHT-TO-LEFT OVERRIDE");
    expect_bad_name(n, "\xE2\x80\xAAx", "contains U+202A LEFT-TO-RIGHT EMBEDDING");
    expect_bad_name(n, "x\xE2\x81\xA6", "contains U+2066 LEFT-TO-RIGHT ISOLATE");
    expect_bad_name(n, "x\xE2\x81\xA9", "contains U+2069 POP DIRECTIONAL ISOLATE");
    char long_name[SUP_NOTICE_NAME_MAX + 2];
    memset(long_name, 'a', sizeof long_name - 1);
    long_name[sizeof long_name - 1] = '\0';
    expect_bad_name(n, long_name, "bytes long: at most 512");
    /* the neighbours of the refused ranges are text: U+00A0, U+2029, U+202F, U+2065, U+206A */
    static const char *const fine[] = {"a\xC2\xA0" "z", "a\xE2\x80\xA9" "z", "a\xE2\x80\xAF" "z",
                                       "a\xE2\x81\xA5" "z", "a\xE2\x81\xAA" "z",
                                       "\xD0\x9E\xD0\x9E\xD0\x9E \xC2\xAB\xD0\x90\xC2\xBB"};
    for (size_t i = 0; i < sizeof fine / sizeof fine[0]; i++)
        assert_int_equal(sup_notice_set_customer_name(n, fine[i]), SUP_OK);
    assert_int_equal(sup_notice_set_customer_name(n, "Иван"), SUP_OK);
    long_name[SUP_NOTICE_NAME_MAX] = '\0'; /* exactly the maximum is fine */
    assert_int_equal(sup_notice_set_product_name(n, long_name), SUP_OK);
    assert_int_equal(strlen(sup_notice_product_name(n)), SUP_NOTICE_NAME_MAX);
    /* NULL and "" remove a name */
    assert_int_equal(sup_notice_set_product_name(n, ""), SUP_OK);
    assert_null(sup_notice_product_name(n));
    assert_int_equal(sup_notice_set_customer_name(n, NULL), SUP_OK);
    assert_null(sup_notice_customer_name(n));
    sup_notice_free(n);
}

static void a_product_of_another_kind_is_refused(void **state)
{
    fx *f = *state;
    expect_render_error(f->perp_lic, f->sub, SUP_NOTICE_STATUS, 20260717, SUP_EINVAL);
    expect_render_error(f->sub_lic, f->perp, SUP_NOTICE_STATUS, 20260214, SUP_EINVAL);
}

/* No price on the date is no offer (the offer's reason), not a notice that cannot be rendered. */
static void without_a_price_the_notice_says_the_offer_is_not_available_and_why(void **state)
{
    fx *f = *state;
    sup_product *p = NULL;
    assert_int_equal(sup_product_new(SUP_LICENSE_PERPETUAL, 6, &p), SUP_OK);
    assert_int_equal(sup_product_set_price(p, 20270101, 799000), SUP_OK); /* no price in 2026 */
    char *ru = render(SUP_LANG_RU, SUP_NOTICE_FORMAT_TEXT, SUP_NOTICE_STATUS, NULL, f->perp_lic, p, 20260717);
    assert_contains(ru, "\n\nПредложения на эту дату нет: цена продукта на эту дату не установлена.\n\n");
    assert_lacks(ru, "Эта стоимость");
    char *en = render(SUP_LANG_EN, SUP_NOTICE_FORMAT_TEXT, SUP_NOTICE_STATUS, NULL, f->perp_lic, p, 20260717);
    assert_contains(en, "No offer on this date: the product has no list price on this date.\n");
    sup_free(ru);
    sup_free(en);
    sup_product_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(active_perpetual_status_in_russian_reads_exactly),
        cmocka_unit_test(not_owned_status_says_so_and_offers_nothing),
        cmocka_unit_test(active_status_on_the_purchase_day_counts_all_days_left),
        cmocka_unit_test(grace_status_shows_the_window_and_what_stays_downloadable),
        cmocka_unit_test(grace_status_on_the_windows_last_day_says_today),
        cmocka_unit_test(lapsed_status_offers_the_standard_renewal_from_the_payment_date),
        cmocka_unit_test(lapsed_status_right_after_the_window_is_lapsed),
        cmocka_unit_test(active_subscription_shows_the_paid_term_and_the_payment_offer),
        cmocka_unit_test(expired_subscription_stops_the_product_and_offers_a_payment_from_today),
        cmocka_unit_test(yearly_subscription_pays_for_twelve_months),
        cmocka_unit_test(a_renewal_moves_the_support_end_in_the_notice),
        cmocka_unit_test(the_offer_holds_only_until_a_known_price_change),
        cmocka_unit_test(russian_plural_categories_follow_cldr),
        cmocka_unit_test(english_plural_is_one_only_for_one),
        cmocka_unit_test(months_take_the_russian_plural_forms),
        cmocka_unit_test(days_take_the_russian_plural_forms),
        cmocka_unit_test(english_counts_use_singular_and_plural),
        cmocka_unit_test(days_left_agree_in_number_with_the_verb),
        cmocka_unit_test(renewal_months_in_the_offer_take_plural_forms),
        cmocka_unit_test(large_amounts_group_thousands_with_no_break_spaces),
        cmocka_unit_test(fractional_rates_and_the_pages_forty_percent_are_shown),
        cmocka_unit_test(english_status_reads_exactly),
        cmocka_unit_test(english_covers_every_status),
        cmocka_unit_test(reminder_before_the_end_names_the_days_and_the_date),
        cmocka_unit_test(reminder_on_the_last_day_says_today),
        cmocka_unit_test(reminder_before_the_window_closes_counts_its_days),
        cmocka_unit_test(a_reminder_that_does_not_fit_the_date_is_refused),
        cmocka_unit_test(html_escapes_a_hostile_product_and_customer_name),
        cmocka_unit_test(html_is_a_fragment_with_paragraphs_and_a_contact_list),
        cmocka_unit_test(html_escapes_contact_values_from_the_policy),
        cmocka_unit_test(quotes_inside_a_product_name_become_nested_quotes),
        cmocka_unit_test(plain_text_keeps_names_as_given),
        cmocka_unit_test(contacts_follow_the_policy_and_phone_support),
        cmocka_unit_test(default_schedule_lists_three_reminders),
        cmocka_unit_test(support_end_reminders_fall_exactly_on_their_days),
        cmocka_unit_test(window_reminder_falls_seven_days_before_it_closes),
        cmocka_unit_test(a_renewed_license_gets_no_reminder_on_its_old_end),
        cmocka_unit_test(subscriptions_get_payment_reminders_and_no_window_reminder),
        cmocka_unit_test(the_first_matching_reminder_in_schedule_order_wins),
        cmocka_unit_test(schedule_text_is_edited_like_the_policy_form),
        cmocka_unit_test(malformed_schedule_text_is_refused_with_the_line),
        cmocka_unit_test(every_due_reminder_and_every_status_renders_over_two_years),
        cmocka_unit_test(at_the_end_of_the_calendar_every_notice_renders_with_the_offer_not_available),
        cmocka_unit_test(null_arguments_are_refused),
        cmocka_unit_test(bad_enums_are_refused_and_change_nothing),
        cmocka_unit_test(names_round_trip_through_their_text_forms),
        cmocka_unit_test(bad_dates_are_refused),
        cmocka_unit_test(invalid_names_are_refused_and_leave_the_old_ones),
        cmocka_unit_test(a_product_of_another_kind_is_refused),
        cmocka_unit_test(without_a_price_the_notice_says_the_offer_is_not_available_and_why),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
