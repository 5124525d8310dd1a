/* Labels and phrases (label.h): every value has its words in both languages,
 * the exact wording, bad arguments, and — the point of the table — the
 * customer notice says the same words a page shows next to it. */
#include <libsupport.h>

#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#define NBSP "\xC2\xA0"

#define assert_contains(hay, needle)                                                                          \
    do {                                                                                                      \
        if (strstr((hay), (needle)) == NULL)                                                                 \
            fail_msg("expected to find\n  %s\nin\n%s", (needle), (hay));                                     \
    } while (0)

/* The number of values of each set (the last enumerator + 1). */
static const struct {
    sup_label_set set;
    int count;
} sets[] = {
    {SUP_LABEL_STATE, SUP_STATE_EXPIRED + 1},
    {SUP_LABEL_SUBSCRIPTION_STATE, SUP_STATE_EXPIRED + 1},
    {SUP_LABEL_QUOTE_KIND, SUP_QUOTE_SUBSCRIPTION + 1},
    {SUP_LABEL_OFFER_KIND, SUP_OFFER_PAYMENT + 1},
    {SUP_LABEL_OFFER_REASON, SUP_OFFER_REASON_FEE_OVERFLOW + 1},
    {SUP_LABEL_LICENSE_KIND, SUP_LICENSE_SUBSCRIPTION_YEARLY + 1},
    {SUP_LABEL_CONTACT_KIND, SUP_CONTACT_OTHER + 1},
    {SUP_LABEL_EVENT_KIND, SUP_EVENT_PERIOD + 1},
    {SUP_LABEL_NOTICE_KIND, SUP_NOTICE_WINDOW_CLOSING + 1},
    {SUP_LABEL_TERM, SUP_TERM_DOWNLOADS + 1},
    {SUP_LABEL_SUPPORT_END, SUP_LICENSE_SUBSCRIPTION_YEARLY + 1},
    {SUP_LABEL_NEW_SUPPORT_END, SUP_LICENSE_SUBSCRIPTION_YEARLY + 1},
    {SUP_LABEL_NEEDS, SUP_LICENSE_SUBSCRIPTION_YEARLY + 1},
    {SUP_LABEL_CORRECTION_KIND, SUP_CORRECTION_DISCOUNT + 1},
    {SUP_LABEL_INVOICE_STATE, SUP_INVOICE_EXPIRED + 1},
    {SUP_LABEL_PAYMENT_STATUS, SUP_PAYMENT_STATUS_COUNT},
    {SUP_LABEL_REVIEW_REASON, SUP_REVIEW_LICENSE_CHANGED + 1},
    {SUP_LABEL_REVENUE_KIND, SUP_REVENUE_CORRECTION + 1},
    {SUP_LABEL_REVENUE_COLUMN, SUP_REVCOL_PAYMENTS + 1},
    {SUP_LABEL_REVENUE_VIEW, SUP_REVENUE_VIEW_DEFERRED + 1},
    {SUP_LABEL_DOWNLOAD_VERDICT, SUP_DOWNLOAD_NO_FILE + 1},
    {SUP_LABEL_RENEW_ACTION, SUP_LICENSE_SUBSCRIPTION_YEARLY + 1},
};

static void every_value_of_every_set_has_words_in_both_languages(void **state)
{
    (void)state;
    for (size_t i = 0; i < sizeof sets / sizeof sets[0]; i++) {
        for (int v = 0; v < sets[i].count; v++) {
            bool other = sets[i].set == SUP_LABEL_CONTACT_KIND && v == SUP_CONTACT_OTHER;
            for (int lang = SUP_LANG_RU; lang <= SUP_LANG_EN; lang++) {
                const char *w = sup_label(sets[i].set, v, (sup_lang)lang);
                assert_non_null(w);
                if (other)
                    assert_string_equal(w, "");
                else if (w[0] == '\0')
                    fail_msg("set %d value %d has no label in language %d", (int)sets[i].set, v, lang);
            }
        }
        /* unknown values */
        assert_string_equal(sup_label(sets[i].set, sets[i].count, SUP_LANG_RU), "");
        assert_string_equal(sup_label(sets[i].set, -1, SUP_LANG_EN), "");
        assert_string_equal(sup_label(sets[i].set, 0, (sup_lang)2), "");
    }
    assert_string_equal(sup_label((sup_label_set)(SUP_LABEL_RENEW_ACTION + 1), 0, SUP_LANG_RU), "");
    assert_string_equal(sup_label(SUP_LABEL_REVIEW_REASON, SUP_REVIEW_PARTIAL, SUP_LANG_RU), "неполная оплата");
    assert_string_equal(sup_label(SUP_LABEL_INVOICE_STATE, SUP_INVOICE_OPEN, SUP_LANG_RU), "ожидает оплаты");
    assert_string_equal(sup_label((sup_label_set)-1, 0, SUP_LANG_RU), "");
}

static void the_words_are_exact(void **state)
{
    (void)state;
    assert_string_equal(sup_label(SUP_LABEL_QUOTE_KIND, SUP_QUOTE_PREFERENTIAL, SUP_LANG_RU),
                        "Льготное продление поддержки");
    assert_string_equal(sup_label(SUP_LABEL_QUOTE_KIND, SUP_QUOTE_STANDARD, SUP_LANG_EN), "Standard support renewal");
    assert_string_equal(sup_label(SUP_LABEL_LICENSE_KIND, SUP_LICENSE_SUBSCRIPTION_MONTHLY, SUP_LANG_RU),
                        "подписка с ежемесячной оплатой");
    assert_string_equal(sup_label(SUP_LABEL_CONTACT_KIND, SUP_CONTACT_EMAIL, SUP_LANG_RU), "электронная почта");
    assert_string_equal(sup_label(SUP_LABEL_OFFER_REASON, SUP_OFFER_REASON_OUT_OF_CALENDAR, SUP_LANG_RU),
                        "новый срок закончился бы после 31.12.9999");
    assert_string_equal(sup_label(SUP_LABEL_EVENT_KIND, SUP_EVENT_STANDARD_RENEWAL, SUP_LANG_EN), "standard renewal");
    assert_string_equal(sup_label(SUP_LABEL_TERM, SUP_TERM_NO_PHONE, SUP_LANG_RU),
                        "По телефону поддержка не осуществляется.");
    assert_string_equal(sup_label(SUP_LABEL_SUPPORT_END, SUP_LICENSE_PERPETUAL, SUP_LANG_RU), "Поддержка до");
    assert_string_equal(sup_label(SUP_LABEL_SUPPORT_END, SUP_LICENSE_SUBSCRIPTION_YEARLY, SUP_LANG_RU),
                        "Подписка оплачена до");
    assert_string_equal(sup_label(SUP_LABEL_NEEDS, SUP_LICENSE_SUBSCRIPTION_MONTHLY, SUP_LANG_EN),
                        "Need a subscription payment");
}

static void a_states_label_depends_on_the_license_kind(void **state)
{
    (void)state;
    assert_string_equal(sup_state_label(SUP_STATE_ACTIVE, SUP_LICENSE_PERPETUAL, SUP_LANG_RU), "поддержка активна");
    assert_string_equal(sup_state_label(SUP_STATE_ACTIVE, SUP_LICENSE_SUBSCRIPTION_MONTHLY, SUP_LANG_RU),
                        "подписка оплачена");
    assert_string_equal(sup_state_label(SUP_STATE_ACTIVE, SUP_LICENSE_SUBSCRIPTION_YEARLY, SUP_LANG_EN),
                        "subscription paid");
    assert_string_equal(sup_state_label(SUP_STATE_GRACE, SUP_LICENSE_PERPETUAL, SUP_LANG_RU), "льготное продление");
    assert_string_equal(sup_state_label(SUP_STATE_LAPSED, SUP_LICENSE_PERPETUAL, SUP_LANG_RU),
                        "поддержка закончилась");
    assert_string_equal(sup_state_label(SUP_STATE_EXPIRED, SUP_LICENSE_SUBSCRIPTION_MONTHLY, SUP_LANG_RU),
                        "подписка истекла");
    assert_string_equal(sup_state_label(SUP_STATE_NOT_OWNED, SUP_LICENSE_PERPETUAL, SUP_LANG_EN), "not bought");
    assert_string_equal(sup_state_label(SUP_STATE_ACTIVE, (sup_license_kind)3, SUP_LANG_RU), "");
    assert_string_equal(sup_state_label((sup_state)5, SUP_LICENSE_PERPETUAL, SUP_LANG_RU), "");
}

static void availability_agrees_with_the_rights_noun(void **state)
{
    (void)state;
    assert_string_equal(sup_availability_label(SUP_TERM_CONSULTATIONS, 1, SUP_LANG_RU), "доступны");
    assert_string_equal(sup_availability_label(SUP_TERM_NEW_VERSIONS, 0, SUP_LANG_RU), "недоступны");
    assert_string_equal(sup_availability_label(SUP_TERM_USE, 1, SUP_LANG_RU), "доступно");
    assert_string_equal(sup_availability_label(SUP_TERM_IDEAS, 0, SUP_LANG_RU), "недоступно");
    assert_string_equal(sup_availability_label(SUP_TERM_USE, 0, SUP_LANG_EN), "not available");
    assert_string_equal(sup_availability_label(SUP_TERM_CONSULTATIONS, 7, SUP_LANG_EN), "available");
    assert_string_equal(sup_availability_label(SUP_TERM_FEE, 1, SUP_LANG_RU), "");
    assert_string_equal(sup_availability_label(SUP_TERM_USE, 1, (sup_lang)9), "");
}

/* A phrase and its exact text; freed. (The phrase pointer is read after the call has run.) */
static void expect_phrase(int rc, char **s, const char *want)
{
    if (rc != SUP_OK)
        fail_msg("phrase failed: %s", sup_error_message());
    assert_string_equal(*s, want);
    sup_free(*s);
    *s = NULL;
}

static void phrases_around_dates(void **state)
{
    (void)state;
    char *s = NULL;
    expect_phrase(sup_render_date_inclusive(20270210, SUP_LANG_RU, &s), &s, "10.02.2027 включительно");
    expect_phrase(sup_render_date_inclusive(20270210, SUP_LANG_EN, &s), &s, "2027-02-10");
    expect_phrase(sup_render_through(20261130, SUP_LANG_RU, &s), &s, "до 30.11.2026 включительно");
    expect_phrase(sup_render_through(20261130, SUP_LANG_EN, &s), &s, "through 2026-11-30");
    expect_phrase(sup_render_through(SUP_DATE_MAX, SUP_LANG_RU, &s), &s, "до 31.12.9999 включительно");
    assert_int_equal(sup_render_through(20260230, SUP_LANG_RU, &s), SUP_EDATE);
    assert_null(s);
    assert_int_equal(sup_render_date_inclusive(20260101, (sup_lang)2, &s), SUP_EINVAL);
    assert_null(s);
    assert_int_equal(sup_render_through(20260101, SUP_LANG_RU, NULL), SUP_EINVAL);
}

static void how_long_a_quotes_price_holds(void **state)
{
    (void)state;
    sup_product *p = NULL, *sub = NULL;
    sup_license *l = NULL, *ls = NULL;
    sup_quote *q = NULL;
    char *s = NULL;
    assert_int_equal(sup_product_new(SUP_LICENSE_PERPETUAL, 6, &p), SUP_OK);
    assert_int_equal(sup_product_set_price(p, 20200101, 799000), SUP_OK);
    assert_int_equal(sup_product_new(SUP_LICENSE_SUBSCRIPTION_MONTHLY, 1, &sub), SUP_OK);
    assert_int_equal(sup_product_set_price(sub, 20200101, 99000), SUP_OK);
    assert_int_equal(sup_license_new(p, 20260115, &l), SUP_OK);
    assert_int_equal(sup_license_new(sub, 20260115, &ls), SUP_OK);
    assert_int_equal(sup_quote_new(&q), SUP_OK);
    assert_int_equal(sup_license_quote(l, p, NULL, 20260801, q), SUP_OK); /* preferential through 2026-08-15 */
    expect_phrase(sup_render_validity(q, SUP_LANG_RU, &s), &s, "до 15.08.2026 включительно");
    expect_phrase(sup_render_validity(q, SUP_LANG_EN, &s), &s, "through 2026-08-15");
    assert_int_equal(sup_license_quote(l, p, NULL, 20260901, q), SUP_OK); /* standard: nothing known ends it */
    expect_phrase(sup_render_validity(q, SUP_LANG_RU, &s), &s,
                  "без ограничения срока, пока не изменятся цена продукта или условия продления");
    expect_phrase(sup_render_validity(q, SUP_LANG_EN, &s), &s,
                  "with no end date until the product's price or the renewal terms change");
    assert_int_equal(sup_license_quote_payment(ls, sub, 20260201, q), SUP_OK);
    expect_phrase(sup_render_validity(q, SUP_LANG_RU, &s), &s,
                  "без ограничения срока, пока не изменится цена подписки");
    assert_int_equal(sup_render_validity(NULL, SUP_LANG_RU, &s), SUP_EINVAL);
    assert_int_equal(sup_render_validity(q, (sup_lang)3, &s), SUP_EINVAL);
    assert_null(s);
    sup_quote_free(q);
    sup_license_free(l);
    sup_license_free(ls);
    sup_product_free(p);
    sup_product_free(sub);
}

static void why_there_is_no_offer_and_contact_lines(void **state)
{
    (void)state;
    sup_product *p = NULL;
    sup_license *l = NULL;
    sup_offer *o = NULL;
    char *s = NULL;
    assert_int_equal(sup_product_new(SUP_LICENSE_PERPETUAL, 6, &p), SUP_OK);
    assert_int_equal(sup_product_set_price(p, 20200101, 799000), SUP_OK);
    assert_int_equal(sup_license_new(p, 20260115, &l), SUP_OK);
    assert_int_equal(sup_offer_new(&o), SUP_OK);
    assert_int_equal(sup_license_offer(l, p, NULL, 20260101, o), SUP_OK);
    expect_phrase(sup_render_no_offer(o, SUP_LANG_RU, &s), &s,
                  "Предложения на эту дату нет: лицензия на эту дату ещё не приобретена.");
    expect_phrase(sup_render_no_offer(o, SUP_LANG_EN, &s), &s,
                  "No offer on this date: the license is not bought yet on this date.");
    assert_int_equal(sup_license_offer(l, p, NULL, 20260301, o), SUP_OK);
    assert_int_equal(sup_render_no_offer(o, SUP_LANG_RU, &s), SUP_EINVAL); /* there is one */
    assert_null(s);
    assert_int_equal(sup_render_no_offer(NULL, SUP_LANG_RU, &s), SUP_EINVAL);

    expect_phrase(sup_render_contact(SUP_CONTACT_WHATSAPP, "+7 927 853 15 26", SUP_LANG_RU, &s), &s,
                  "WhatsApp: +7 927 853 15 26");
    expect_phrase(sup_render_contact(SUP_CONTACT_EMAIL, "manager@v8PRO.ru", SUP_LANG_EN, &s), &s,
                  "E-mail: manager@v8PRO.ru");
    expect_phrase(sup_render_contact(SUP_CONTACT_OTHER, "офис на Ленина, 1", SUP_LANG_RU, &s), &s,
                  "офис на Ленина, 1");
    assert_int_equal(sup_render_contact((sup_contact_kind)6, "x", SUP_LANG_RU, &s), SUP_EINVAL);
    assert_int_equal(sup_render_contact(SUP_CONTACT_VK, "a\nb", SUP_LANG_RU, &s), SUP_EINVAL);
    assert_int_equal(sup_render_contact(SUP_CONTACT_VK, "", SUP_LANG_RU, &s), SUP_EINVAL);
    assert_int_equal(sup_render_contact(SUP_CONTACT_VK, NULL, SUP_LANG_RU, &s), SUP_EINVAL);
    assert_null(s);
    sup_offer_free(o);
    sup_license_free(l);
    sup_product_free(p);
}

/* The notice is written with the same table: every label a page would show beside it is in it verbatim. */
static void the_notice_speaks_with_the_label_table(void **state)
{
    (void)state;
    sup_product *p = NULL;
    sup_license *l = NULL;
    sup_notice *n = NULL;
    sup_offer *o = NULL;
    assert_int_equal(sup_product_new(SUP_LICENSE_PERPETUAL, 6, &p), SUP_OK);
    assert_int_equal(sup_product_set_price(p, 20200101, 799000), SUP_OK);
    assert_int_equal(sup_license_new(p, 20260115, &l), SUP_OK);
    assert_int_equal(sup_notice_new(&n), SUP_OK);
    assert_int_equal(sup_offer_new(&o), SUP_OK);
    for (int lang = SUP_LANG_RU; lang <= SUP_LANG_EN; lang++) {
        assert_int_equal(sup_notice_set_lang(n, (sup_lang)lang), SUP_OK);
        const sup_date days[] = {20260801, 20260901};
        for (size_t d = 0; d < 2; d++) {
            char *text = NULL, *validity = NULL, *line = NULL;
            assert_int_equal(sup_notice_render(n, l, p, NULL, days[d], &text), SUP_OK);
            assert_int_equal(sup_license_offer(l, p, NULL, days[d], o), SUP_OK);
            const sup_quote *q = sup_offer_quote(o);
            assert_contains(text, sup_label(SUP_LABEL_QUOTE_KIND, (int)sup_quote_kind_of(q), (sup_lang)lang));
            assert_int_equal(sup_render_validity(q, (sup_lang)lang, &validity), SUP_OK);
            assert_contains(text, validity);
            assert_contains(text, sup_label(SUP_LABEL_LICENSE_KIND, SUP_LICENSE_PERPETUAL, (sup_lang)lang));
            assert_contains(text, sup_label(SUP_LABEL_TERM, SUP_TERM_CONSULTATIONS, (sup_lang)lang));
            assert_contains(text, sup_label(SUP_LABEL_TERM, SUP_TERM_CONTACTS, (sup_lang)lang));
            assert_contains(text, sup_label(SUP_LABEL_TERM, SUP_TERM_NO_PHONE, (sup_lang)lang));
            assert_int_equal(sup_render_contact(SUP_CONTACT_EMAIL, "manager@v8PRO.ru", (sup_lang)lang, &line),
                             SUP_OK);
            assert_contains(text, line);
            sup_free(line);
            sup_free(validity);
            sup_free(text);
        }
        /* before the purchase the notice has no offer block; on a day without a price it gives the reason */
        sup_product *later = NULL;
        assert_int_equal(sup_product_new(SUP_LICENSE_PERPETUAL, 6, &later), SUP_OK);
        assert_int_equal(sup_product_set_price(later, 20270101, 799000), SUP_OK);
        char *text = NULL, *why = NULL;
        assert_int_equal(sup_notice_render(n, l, later, NULL, 20260601, &text), SUP_OK);
        assert_int_equal(sup_license_offer(l, later, NULL, 20260601, o), SUP_OK);
        assert_int_equal(sup_render_no_offer(o, (sup_lang)lang, &why), SUP_OK);
        assert_contains(text, why);
        sup_free(why);
        sup_free(text);
        sup_product_free(later);
    }
    sup_offer_free(o);
    sup_notice_free(n);
    sup_license_free(l);
    sup_product_free(p);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_value_of_every_set_has_words_in_both_languages),
        cmocka_unit_test(the_words_are_exact),
        cmocka_unit_test(a_states_label_depends_on_the_license_kind),
        cmocka_unit_test(availability_agrees_with_the_rights_noun),
        cmocka_unit_test(phrases_around_dates),
        cmocka_unit_test(how_long_a_quotes_price_holds),
        cmocka_unit_test(why_there_is_no_offer_and_contact_lines),
        cmocka_unit_test(the_notice_speaks_with_the_label_table),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
