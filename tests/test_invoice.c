/* Invoices (invoice.h): the vendor's requisites, issuing an invoice for a
 * license's offer (number, fixed quote, payer, VAT, purpose), the HTML, the
 * open invoice and the list, paying an invoice by its number (once), and the
 * payments refused and kept for review. Runs on both engines. */
#include "money_test_util.h"

/* A ledger with the sample vendor and a perpetual product at 7990 rub (6 months of support). */
static sup_ledger *money_ledger(sup_id *product)
{
    sup_ledger *l = open_mem();
    set_sample_vendor(l, 20200101, VENDOR_ACCOUNT);
    sup_id p = 0;
    assert_int_equal(sup_ledger_add_product(l, ACTOR, "REP-SALES", "Отчёт по продажам", SUP_LICENSE_PERPETUAL, 6, &p),
                     SUP_OK);
    assert_int_equal(sup_ledger_set_price(l, ACTOR, p, 20200101, 799000), SUP_OK);
    *product = p;
    return l;
}

/* A license of the product bought 2026-01-15 by a new customer: support through 2026-07-15. */
static sup_id bought_jan15(sup_ledger *l, sup_id product, const char *code)
{
    return sell(l, add_customer(l, code), product, 20260115);
}

/* ---- the vendor's requisites ----------------------------------------------------------------------- */

static void the_sample_requisites_file_is_read_and_checked(void **state)
{
    (void)state;
    sup_settings *s = NULL;
    assert_int_equal(sup_settings_load(SUP_EXAMPLES_DIR "/settings/vendor.ini", &s), SUP_OK);
    sup_vendor *v = NULL;
    if (sup_vendor_from_settings(s, &v) != SUP_OK)
        fail_msg("%s", sup_error_message());
    assert_string_equal(sup_vendor_get(v, SUP_VENDOR_NAME), "ООО \"Восьмёрка Про\"");
    assert_string_equal(sup_vendor_get(v, SUP_VENDOR_ACCOUNT), VENDOR_ACCOUNT);
    assert_string_equal(sup_vendor_get(v, SUP_VENDOR_DIRECTOR), "Иванов И. И.");
    assert_int_equal(sup_vendor_check(v), SUP_OK);
    sup_vendor *c = NULL;
    assert_int_equal(sup_vendor_clone(v, &c), SUP_OK);
    assert_string_equal(sup_vendor_get(c, SUP_VENDOR_BIK), "043601999");
    sup_vendor_free(c);
    sup_vendor_free(v);
    sup_settings_free(s);
    assert_string_equal(sup_vendor_field_name(SUP_VENDOR_CORR_ACCOUNT), "correspondent_account");
    assert_string_equal(sup_vendor_field_name((sup_vendor_field)99), "");
}

static void bad_requisites_are_refused_naming_the_line(void **state)
{
    (void)state;
    static const char base[] = "[vendor]\nname = ООО Тест\ninn = %s\n%s[bank]\nname = Банк\nbik = 043601999\n"
                               "correspondent_account = 30101810400000000999\nsettlement_account = %s\n";
    struct {
        const char *inn, *kpp_line, *account, *message;
    } cases[] = {
        {"6316123459", "kpp = 631601001\n", VENDOR_ACCOUNT, "settings:3: [vendor] inn: invalid INN \"6316123459\""},
        {"6316123458", "", VENDOR_ACCOUNT, "settings:3: [vendor] inn: the vendor's INN has 10 digits"},
        {"631512345654", "kpp = 631601001\n", VENDOR_ACCOUNT, "settings:4: [vendor] kpp: the vendor's INN has 12"},
        {"6316123458", "kpp = 631601001\n", "40702810954400012346", "settings:9: [bank] settlement_account: invalid"},
        {"6316123458", "kpp = 631601001\nbank = x\n", VENDOR_ACCOUNT, "unknown key [vendor] bank"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char text[1024];
        snprintf(text, sizeof text, base, cases[i].inn, cases[i].kpp_line, cases[i].account);
        sup_settings *s = NULL;
        assert_int_equal(sup_settings_parse(text, strlen(text), &s), SUP_OK);
        sup_vendor *v = (sup_vendor *)1;
        assert_int_not_equal(sup_vendor_from_settings(s, &v), SUP_OK);
        assert_null(v);
        if (strstr(sup_error_message(), cases[i].message) == NULL)
            fail_msg("case %zu: %s", i, sup_error_message());
        sup_settings_free(s);
    }
    /* a missing required field */
    sup_vendor *v = sample_vendor(VENDOR_ACCOUNT);
    assert_int_equal(sup_vendor_set(v, SUP_VENDOR_BIK, NULL), SUP_OK);
    assert_int_equal(sup_vendor_check(v), SUP_EINVAL);
    assert_non_null(strstr(sup_error_message(), "no bank BIK"));
    assert_int_equal(sup_vendor_set(v, SUP_VENDOR_NAME, "a\nb"), SUP_EINVAL);
    assert_int_equal(sup_vendor_set(v, (sup_vendor_field)10, "x"), SUP_EINVAL);
    sup_ledger *l = open_mem();
    assert_int_equal(sup_ledger_set_vendor(l, ACTOR, 20260101, v, NULL), SUP_EINVAL);
    sup_vendor_free(v);
    sup_ledger_close(l);
}

static void requisites_are_versioned_by_date(void **state)
{
    (void)state;
    sup_ledger *l = open_mem();
    sup_vendor *v = NULL;
    sup_id version = 0;
    assert_int_equal(sup_ledger_get_vendor(l, 20260101, &version, &v), SUP_ENOTFOUND);
    set_sample_vendor(l, 20250101, VENDOR_ACCOUNT);
    set_sample_vendor(l, 20260601, VENDOR_ACCOUNT2);
    set_sample_vendor(l, 20260601, VENDOR_ACCOUNT); /* supersedes the one of the same date */
    set_sample_vendor(l, 20270101, VENDOR_ACCOUNT2);
    struct {
        sup_date on;
        sup_id version;
        const char *account;
    } expect[] = {{20250101, 1, VENDOR_ACCOUNT}, {20260531, 1, VENDOR_ACCOUNT}, {20260601, 3, VENDOR_ACCOUNT},
                  {20261231, 3, VENDOR_ACCOUNT}, {20270101, 4, VENDOR_ACCOUNT2}};
    for (size_t i = 0; i < sizeof expect / sizeof expect[0]; i++) {
        assert_int_equal(sup_ledger_get_vendor(l, expect[i].on, &version, &v), SUP_OK);
        assert_int_equal(version, expect[i].version);
        assert_string_equal(sup_vendor_get(v, SUP_VENDOR_ACCOUNT), expect[i].account);
        sup_vendor_free(v);
    }
    assert_int_equal(sup_ledger_get_vendor(l, 20241231, &version, &v), SUP_ENOTFOUND);
    assert_null(v);
    assert_int_equal(audit_actions(l, "set_vendor"), 4);
    sup_ledger_close(l);
}

/* ---- issuing --------------------------------------------------------------------------------------- */

static void an_invoice_fixes_the_offer_the_payer_the_vendor_and_the_purpose(void **state)
{
    (void)state;
    sup_id product = 0;
    sup_ledger *l = money_ledger(&product);
    sup_id lic = bought_jan15(l, product, "C-ROMASHKA");
    assert_int_equal(sup_ledger_update_customer(l, ACTOR, 1, "ООО «Ромашка»"), SUP_OK);
    sup_invoice_options o;
    assert_int_equal(sup_invoice_options_init(&o, SUP_INVOICE_OPTIONS_VERSION), SUP_OK);
    o.payer_inn = ROMASHKA_INN;
    o.payer_kpp = "771501001";
    sup_invoice *inv = NULL;
    assert_int_equal(sup_ledger_issue_invoice(l, "manager:anna", lic, 20260701, &o, &inv), SUP_OK);
    assert_string_equal(sup_invoice_number(inv), "2026-000001");
    assert_true(sup_invoice_is_new(inv));
    assert_int_equal(sup_invoice_issued_on(inv), 20260701);
    assert_int_equal(sup_invoice_license(inv), lic);
    assert_int_equal(sup_invoice_product(inv), product);
    const sup_quote *q = sup_invoice_quote(inv);
    assert_int_equal(sup_quote_kind_of(q), SUP_QUOTE_PREFERENTIAL);
    assert_int_equal(sup_quote_fee(q), 199800);
    assert_int_equal(sup_invoice_amount(inv), 199800);
    assert_int_equal(sup_quote_support_until(q), 20260715);
    assert_int_equal(sup_quote_new_support_until(q), 20270715);
    assert_int_equal(sup_quote_valid_through(q), 20260815);
    assert_int_equal(sup_invoice_vat_rate(inv), SUP_VAT_NONE);
    assert_int_equal(sup_invoice_vat_amount(inv), 0);
    assert_int_equal(sup_invoice_policy_version(inv), 1);
    assert_int_equal(sup_invoice_vendor_version(inv), 1);
    assert_string_equal(sup_invoice_payer_name(inv), "ООО «Ромашка»");
    assert_string_equal(sup_invoice_payer_inn(inv), ROMASHKA_INN);
    assert_string_equal(sup_invoice_payer_kpp(inv), "771501001");
    assert_string_equal(sup_invoice_product_name(inv), "Отчёт по продажам");
    assert_string_equal(sup_vendor_get(sup_invoice_vendor(inv), SUP_VENDOR_INN), "6316123458");
    assert_string_equal(sup_invoice_actor(inv), "manager:anna");
    assert_string_equal(sup_invoice_purpose_text(inv),
                        "Оплата по счёту № 2026-000001 от 01.07.2026 за продление технической поддержки "
                        "«Отчёт по продажам» по 15.07.2027. Без НДС");
    char *purpose = NULL;
    assert_int_equal(sup_invoice_purpose(inv, &purpose), SUP_OK);
    assert_string_equal(purpose, sup_invoice_purpose_text(inv));
    sup_free(purpose);
    assert_int_equal(sup_invoice_state_on(inv, 20260630), SUP_INVOICE_NOT_ISSUED);
    assert_int_equal(sup_invoice_state_on(inv, 20260815), SUP_INVOICE_OPEN);
    assert_int_equal(sup_invoice_state_on(inv, 20260816), SUP_INVOICE_EXPIRED);
    assert_int_equal(sup_invoice_paid_on(inv), SUP_DATE_NONE);
    /* read back: the same facts; a later rename or new requisites do not change it */
    assert_int_equal(sup_ledger_update_customer(l, ACTOR, 1, "ООО «Ромашка-2»"), SUP_OK);
    set_sample_vendor(l, 20260702, VENDOR_ACCOUNT2);
    sup_invoice *back = NULL;
    assert_int_equal(sup_ledger_get_invoice(l, "2026-000001", &back), SUP_OK);
    assert_false(sup_invoice_is_new(back));
    assert_int_equal(sup_invoice_id(back), sup_invoice_id(inv));
    assert_string_equal(sup_invoice_payer_name(back), "ООО «Ромашка»");
    assert_string_equal(sup_vendor_get(sup_invoice_vendor(back), SUP_VENDOR_ACCOUNT), VENDOR_ACCOUNT);
    assert_string_equal(sup_invoice_purpose_text(back), sup_invoice_purpose_text(inv));
    assert_int_equal(sup_quote_valid_through(sup_invoice_quote(back)), 20260815);
    sup_invoice_free(back);
    /* the audit event */
    sup_cursor *c = NULL;
    assert_int_equal(sup_ledger_list_audit(l, 0, &c), SUP_OK);
    int found = 0;
    while (sup_cursor_next(c) == 1)
        if (strcmp(sup_cursor_text(c, SUP_AUDCOL_ACTION), "issue_invoice") == 0) {
            found++;
            assert_string_equal(sup_cursor_text(c, SUP_AUDCOL_ACTOR), "manager:anna");
            assert_int_equal(sup_cursor_int64(c, SUP_AUDCOL_LICENSE), lic);
            assert_non_null(strstr(sup_cursor_text(c, SUP_AUDCOL_DETAIL),
                                   "number=2026-000001; kind=preferential; amount=1998.00; vat=none; "
                                   "support_until=2026-07-15 -> 2027-07-15; valid_through=2026-08-15"));
        }
    sup_cursor_free(c);
    assert_int_equal(found, 1);
    sup_invoice_free(inv);
    sup_ledger_close(l);
}

static void a_repeated_request_gets_the_open_invoice_and_numbers_have_no_gaps(void **state)
{
    (void)state;
    sup_id product = 0;
    sup_ledger *l = money_ledger(&product);
    sup_id a = bought_jan15(l, product, "A"), b = bought_jan15(l, product, "B");
    sup_invoice *i1 = issue(l, a, 20260701, NULL);
    sup_invoice *i2 = issue(l, a, 20260710, NULL); /* the same offer, still open: the same invoice */
    assert_false(sup_invoice_is_new(i2));
    assert_string_equal(sup_invoice_number(i2), "2026-000001");
    assert_int_equal(sup_invoice_issued_on(i2), 20260701);
    sup_invoice *i3 = issue(l, b, 20260710, NULL);
    assert_string_equal(sup_invoice_number(i3), "2026-000002");
    /* after the first expired: a standard renewal, a new invoice */
    sup_invoice *i4 = issue(l, a, 20260901, NULL);
    assert_true(sup_invoice_is_new(i4));
    assert_string_equal(sup_invoice_number(i4), "2026-000003");
    assert_int_equal(sup_quote_kind_of(sup_invoice_quote(i4)), SUP_QUOTE_STANDARD);
    assert_int_equal(sup_invoice_amount(i4), 359600);
    assert_int_equal(sup_quote_valid_through(sup_invoice_quote(i4)), SUP_DATE_MAX);
    /* a new year starts again at 1 */
    sup_invoice *i5 = issue(l, b, 20270102, NULL);
    assert_string_equal(sup_invoice_number(i5), "2027-000001");
    /* a refused invoice (before the purchase) uses no number */
    sup_id c = sell(l, add_customer(l, "C"), product, 20270201);
    sup_invoice *none = (sup_invoice *)1;
    assert_int_equal(sup_ledger_issue_invoice(l, ACTOR, c, 20270131, NULL, &none), SUP_ESTATE);
    assert_null(none);
    sup_invoice *i6 = issue(l, c, 20270201, NULL);
    assert_string_equal(sup_invoice_number(i6), "2027-000002");
    assert_int_equal(audit_actions(l, "issue_invoice"), 5);
    sup_invoice *all[] = {i1, i2, i3, i4, i5, i6};
    for (size_t i = 0; i < sizeof all / sizeof all[0]; i++)
        sup_invoice_free(all[i]);
    sup_ledger_close(l);
}

static void the_vat_rate_is_the_policy_version_s(void **state)
{
    (void)state;
    sup_id product = 0;
    sup_ledger *l = money_ledger(&product);
    sup_id lic = bought_jan15(l, product, "A"), lic2 = bought_jan15(l, product, "B");
    sup_policy *pol = NULL;
    assert_int_equal(sup_policy_parse("vat_rate_bp = 2000\n", &pol), SUP_OK);
    assert_int_equal(sup_policy_vat_rate(pol), 2000);
    assert_int_equal(sup_ledger_add_policy(l, ACTOR, 20260701, pol, NULL), SUP_OK);
    sup_policy_free(pol);
    sup_invoice *before = issue(l, lic, 20260630, NULL);
    assert_int_equal(sup_invoice_vat_rate(before), SUP_VAT_NONE);
    /* a version that changes only the VAT leaves the offer (kind and fee) as it was: the invoice keeps its
     * VAT of the day it was issued through its whole validity */
    assert_int_equal(sup_quote_valid_through(sup_invoice_quote(before)), 20260815);
    sup_invoice *inv = issue(l, lic2, 20260701, NULL);
    assert_int_equal(sup_invoice_vat_rate(inv), 2000);
    assert_int_equal(sup_invoice_vat_amount(inv), 33300);
    assert_non_null(strstr(sup_invoice_purpose_text(inv), ". В том числе НДС 20\xC2\xA0% — 333,00 руб."));
    char *html = NULL;
    assert_int_equal(sup_invoice_render_html(inv, &html), SUP_OK);
    assert_non_null(strstr(html, "<tr><th>В том числе НДС 20\xC2\xA0%:</th><td>333,00</td></tr>"));
    sup_free(html);
    sup_invoice_free(before);
    sup_invoice_free(inv);
    /* the key's text form */
    assert_int_equal(sup_policy_parse("vat_rate_bp = 10001\n", &pol), SUP_EPARSE);
    assert_int_equal(sup_policy_parse("vat_rate_bp = twenty\n", &pol), SUP_EPARSE);
    assert_int_equal(sup_policy_new(&pol), SUP_OK);
    assert_int_equal(sup_policy_set_vat_rate(pol, -2), SUP_ERANGE);
    assert_int_equal(sup_policy_set_vat_rate(pol, 0), SUP_OK);
    char *text = NULL;
    assert_int_equal(sup_policy_to_text(pol, &text), SUP_OK);
    assert_non_null(strstr(text, "vat_rate_bp = 0\n"));
    sup_policy *back = NULL;
    assert_int_equal(sup_policy_parse(text, &back), SUP_OK);
    assert_true(sup_policy_equal(pol, back));
    assert_int_equal(sup_policy_set_vat_rate(pol, SUP_VAT_NONE), SUP_OK);
    assert_false(sup_policy_equal(pol, back));
    sup_free(text);
    assert_int_equal(sup_policy_to_text(pol, &text), SUP_OK);
    assert_non_null(strstr(text, "vat_rate_bp = none\n"));
    sup_free(text);
    sup_policy_free(back);
    sup_policy_free(pol);
    sup_ledger_close(l);
}

static void the_html_is_a_printable_escaped_invoice_with_the_amount_in_words(void **state)
{
    (void)state;
    sup_id product = 0;
    sup_ledger *l = money_ledger(&product);
    sup_id lic = sell(l, add_customer(l, "X"), product, 20260115);
    assert_int_equal(sup_ledger_update_customer(l, ACTOR, 1, "<script>alert('x')</script> & \"Ко\""), SUP_OK);
    sup_invoice *inv = issue(l, lic, 20260701, ROMASHKA_INN);
    char *html = NULL;
    assert_int_equal(sup_invoice_render_html(inv, &html), SUP_OK);
    assert_non_null(strstr(html, "<!DOCTYPE html>"));
    assert_non_null(strstr(html, "@page{size:A4"));
    assert_non_null(strstr(html, "<title>Счёт на оплату № 2026-000001 от 01.07.2026</title>"));
    assert_non_null(strstr(html, "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;Ко&quot;, ИНН 7715123451"));
    assert_null(strstr(html, "<script>"));
    assert_non_null(strstr(html, "<p class=\"words\">Одна тысяча девятьсот девяносто восемь рублей 00 копеек</p>"));
    assert_non_null(strstr(html, "Всего наименований 1, на сумму 1\xC2\xA0" "998,00 руб."));
    assert_non_null(strstr(html, "Продление технической поддержки «Отчёт по продажам» (льготное продление) с "
                                 "16.07.2026 по 15.07.2027"));
    assert_non_null(strstr(html, "Счёт действителен по 15.08.2026 включительно."));
    assert_non_null(strstr(html, "<td class=\"v\">043601999</td>"));
    assert_non_null(strstr(html, "<td class=\"v\" rowspan=\"2\">" VENDOR_ACCOUNT "</td>"));
    assert_non_null(strstr(html, "ООО &quot;Восьмёрка Про&quot;, ИНН 6316123458, КПП 631601001, 443001"));
    assert_non_null(strstr(html, "Без НДС:</th><td>—"));
    assert_non_null(strstr(html, "<p class=\"purpose\">Оплата по счёту № 2026-000001 от 01.07.2026"));
    sup_free(html);
    sup_invoice_free(inv);
    /* a standard renewal says its term runs from the payment; an invoice no price change ends, no end date */
    inv = issue(l, lic, 20261001, NULL);
    assert_int_equal(sup_invoice_render_html(inv, &html), SUP_OK);
    assert_non_null(strstr(html, "(стандартное продление) с 01.10.2026 по 01.10.2027"));
    assert_non_null(strstr(html, "Срок оплаты счёта не ограничен."));
    assert_non_null(strstr(html, "отсчитывается от даты поступления оплаты"));
    sup_free(html);
    sup_invoice_free(inv);
    sup_ledger_close(l);
}

static void a_subscription_invoice_is_for_the_next_period(void **state)
{
    (void)state;
    sup_ledger *l = open_mem();
    set_sample_vendor(l, 20200101, VENDOR_ACCOUNT);
    sup_id s = 0;
    assert_int_equal(sup_ledger_add_product(l, ACTOR, "SUB", "Сервис «Обмен»", SUP_LICENSE_SUBSCRIPTION_MONTHLY, 0, &s),
                     SUP_OK);
    assert_int_equal(sup_ledger_set_price(l, ACTOR, s, 20200101, 150000), SUP_OK);
    sup_id lic = 0;
    assert_int_equal(sup_ledger_sell(l, ACTOR, NULL, add_customer(l, "S"), s, 20260131, 150000, &lic), SUP_OK);
    sup_invoice *inv = issue(l, lic, 20260220, NULL);
    assert_int_equal(sup_quote_kind_of(sup_invoice_quote(inv)), SUP_QUOTE_SUBSCRIPTION);
    assert_int_equal(sup_invoice_amount(inv), 150000);
    assert_int_equal(sup_quote_new_support_until(sup_invoice_quote(inv)), 20260331);
    assert_int_equal(sup_invoice_policy_version(inv), 0);
    assert_string_equal(sup_invoice_purpose_text(inv), "Оплата по счёту № 2026-000001 от 20.02.2026 за подписку "
                                                       "«Сервис «Обмен»» по 31.03.2026. Без НДС");
    char *html = NULL;
    assert_int_equal(sup_invoice_render_html(inv, &html), SUP_OK);
    assert_non_null(strstr(html, "Подписка «Сервис «Обмен»» с 01.03.2026 по 31.03.2026"));
    sup_free(html);
    sup_receipt_outcome o = pay(l, "sub-pay-1", "2026-000001", NULL, 20260226, 150000, NULL);
    assert_int_equal(o.status, SUP_PAYMENT_APPLIED);
    assert_int_equal(support_end(l, lic), 20260331);
    sup_invoice_free(inv);
    sup_ledger_close(l);
}

static void bad_requests_are_refused_and_change_nothing(void **state)
{
    (void)state;
    sup_id product = 0;
    sup_ledger *l = open_mem();
    assert_int_equal(sup_ledger_add_product(l, ACTOR, "P", "P", SUP_LICENSE_PERPETUAL, 6, &product), SUP_OK);
    assert_int_equal(sup_ledger_set_price(l, ACTOR, product, 20200101, 799000), SUP_OK);
    sup_id lic = bought_jan15(l, product, "A");
    sup_invoice *inv = (sup_invoice *)1;
    int audits = audit_count(l);
    assert_int_equal(sup_ledger_issue_invoice(l, ACTOR, lic, 20260701, NULL, &inv), SUP_ENOTFOUND);
    assert_non_null(strstr(sup_error_message(), "no vendor requisites are in force on 2026-07-01"));
    assert_null(inv);
    set_sample_vendor(l, 20200101, VENDOR_ACCOUNT);
    audits++;
    assert_int_equal(sup_ledger_issue_invoice(l, ACTOR, 999, 20260701, NULL, &inv), SUP_ENOTFOUND);
    assert_int_equal(sup_ledger_issue_invoice(l, ACTOR, lic, 20260230, NULL, &inv), SUP_EDATE);
    assert_int_equal(sup_ledger_issue_invoice(l, "", lic, 20260701, NULL, &inv), SUP_EINVAL);
    sup_invoice_options o;
    assert_int_equal(sup_invoice_options_init(&o, 2), SUP_EINVAL);
    assert_int_equal(sup_invoice_options_init(&o, SUP_INVOICE_OPTIONS_VERSION), SUP_OK);
    o.payer_inn = "7715123452";
    assert_int_equal(sup_ledger_issue_invoice(l, ACTOR, lic, 20260701, &o, &inv), SUP_EPARSE);
    assert_non_null(strstr(sup_error_message(), "invalid INN \"7715123452\""));
    o.payer_inn = NULL;
    o.payer_name = "bad\x01name";
    assert_int_equal(sup_ledger_issue_invoice(l, ACTOR, lic, 20260701, &o, &inv), SUP_EINVAL);
    o.payer_name = NULL;
    o.version = 7;
    assert_int_equal(sup_ledger_issue_invoice(l, ACTOR, lic, 20260701, &o, &inv), SUP_EINVAL);
    assert_int_equal(audit_count(l), audits);
    assert_int_equal(sup_ledger_get_invoice(l, "2026-1", &inv), SUP_EINVAL);
    assert_int_equal(sup_ledger_get_invoice(l, "2026-000000", &inv), SUP_EINVAL);
    assert_int_equal(sup_ledger_get_invoice(l, "2026-000001", &inv), SUP_ENOTFOUND);
    assert_int_equal(sup_ledger_open_invoice(l, lic, 20260701, &inv), SUP_ENOTFOUND);
    assert_int_equal(sup_ledger_open_invoice(l, 999, 20260701, &inv), SUP_ENOTFOUND);
    assert_null(inv);
    sup_ledger_close(l);
}

static void history_cannot_be_rewritten_and_numbers_cannot_be_skipped(void **state)
{
    (void)state;
    tmp_ledger t;
    tmp_init(&t);
    sup_ledger *l = open_new(&t);
    set_sample_vendor(l, 20200101, VENDOR_ACCOUNT);
    sup_id product = add_seed_product(l, "R");
    sup_id lic = bought_jan15(l, product, "A");
    /* the payer's INN and KPP from the customer's record */
    assert_int_equal(raw_exec(t.path, "UPDATE customer SET inn = '" ROMASHKA_INN "', kpp = '771501001'"), 0);
    sup_invoice *inv = issue(l, lic, 20260701, NULL);
    assert_string_equal(sup_invoice_payer_inn(inv), ROMASHKA_INN);
    assert_string_equal(sup_invoice_payer_kpp(inv), "771501001");
    sup_invoice_free(inv);
    sup_ledger_close(l);
    assert_int_not_equal(raw_exec(t.path, "UPDATE invoice SET amount = 1"), 0);
    assert_int_not_equal(raw_exec(t.path, "DELETE FROM invoice"), 0);
    assert_int_not_equal(raw_exec(t.path, "UPDATE invoice_counter SET last = last + 2"), 0);
    assert_int_not_equal(raw_exec(t.path, "UPDATE invoice_counter SET last = last - 1"), 0);
    assert_int_not_equal(raw_exec(t.path, "DELETE FROM invoice_counter"), 0);
    assert_int_not_equal(raw_exec(t.path, "UPDATE vendor_requisites SET account = 'x'"), 0);
    assert_int_equal(raw_int(t.path, "SELECT last FROM invoice_counter WHERE year = 2026"), 1);
    assert_storage_intact(t.path);
    tmp_cleanup(&t);
}

/* ---- paying -------------------------------------------------------------------------------------------- */

static void paying_an_invoice_by_its_number_applies_its_renewal_once(void **state)
{
    (void)state;
    sup_id product = 0;
    sup_ledger *l = money_ledger(&product);
    sup_id lic = bought_jan15(l, product, "A");
    sup_invoice *inv = issue(l, lic, 20260701, ROMASHKA_INN);
    sup_invoice *open = NULL;
    assert_int_equal(sup_ledger_open_invoice(l, lic, 20260720, &open), SUP_OK);
    assert_string_equal(sup_invoice_number(open), "2026-000001");
    sup_invoice_free(open);
    /* what would happen, changing nothing */
    int audits = audit_count(l);
    sup_incoming_payment p;
    assert_int_equal(sup_incoming_payment_init(&p, SUP_INCOMING_PAYMENT_VERSION), SUP_OK);
    p.payment_id = "pp-1";
    p.invoice_number = "2026-000001";
    p.received_on = 20260720;
    p.amount = 199800;
    sup_receipt_outcome m = {.version = SUP_RECEIPT_OUTCOME_VERSION};
    assert_int_equal(sup_ledger_match_payment(l, &p, &m), SUP_OK);
    assert_int_equal(m.status, SUP_PAYMENT_APPLIED);
    assert_int_equal(m.new_support_until, 20270715);
    assert_int_equal(audit_count(l), audits);
    assert_int_equal(support_end(l, lic), 20260715);
    /* paid */
    sup_receipt_outcome o = pay(l, "pp-1", "2026-000001", NULL, 20260720, 199800, ROMASHKA_INN);
    assert_int_equal(o.status, SUP_PAYMENT_APPLIED);
    assert_int_equal(o.reason, SUP_REVIEW_NONE);
    assert_string_equal(o.invoice_number, "2026-000001");
    assert_int_equal(o.invoice, sup_invoice_id(inv));
    assert_int_equal(o.license, lic);
    assert_true(o.event > 0);
    assert_int_equal(o.support_until, 20260715);
    assert_int_equal(o.new_support_until, 20270715);
    assert_string_equal(o.message, "invoice 2026-000001 paid: preferential renewal, support through 2026-07-15 -> "
                                   "2027-07-15");
    assert_int_equal(support_end(l, lic), 20270715);
    assert_int_equal(audit_count(l), audits + 1);
    /* again: nothing changes */
    sup_receipt_outcome again = pay(l, "pp-1", "2026-000001", NULL, 20260801, 199800, NULL);
    assert_int_equal(again.status, SUP_PAYMENT_ALREADY_APPLIED);
    assert_int_equal(again.event, o.event);
    assert_string_equal(again.invoice_number, "2026-000001");
    assert_int_equal(support_end(l, lic), 20270715);
    assert_int_equal(audit_count(l), audits + 1);
    /* the same id for another amount is a conflict */
    p.amount = 100;
    assert_int_equal(sup_ledger_pay_invoice(l, ACTOR, &p, &m), SUP_ECONFLICT);
    /* the invoice is paid, no longer open; the payment row names it */
    sup_invoice *back = NULL;
    assert_int_equal(sup_ledger_get_invoice(l, "2026-000001", &back), SUP_OK);
    assert_int_equal(sup_invoice_paid_on(back), 20260720);
    assert_string_equal(sup_invoice_payment_id(back), "pp-1");
    assert_int_equal(sup_invoice_paid_event(back), o.event);
    assert_int_equal(sup_invoice_state_on(back, 20260719), SUP_INVOICE_OPEN);
    assert_int_equal(sup_invoice_state_on(back, 20260720), SUP_INVOICE_PAID);
    sup_invoice_free(back);
    assert_int_equal(sup_ledger_open_invoice(l, lic, 20260721, &open), SUP_ENOTFOUND);
    sup_cursor *c = NULL;
    assert_int_equal(sup_ledger_list_events(l, lic, &c), SUP_OK);
    assert_int_equal(sup_cursor_next(c), 1);
    assert_int_equal(sup_cursor_next(c), 1);
    assert_string_equal(sup_cursor_text(c, SUP_PAYCOL_INVOICE), "2026-000001");
    assert_int_equal(sup_cursor_int64(c, SUP_PAYCOL_KIND), SUP_EVENT_PREFERENTIAL_RENEWAL);
    assert_int_equal(sup_cursor_next(c), 0);
    sup_cursor_free(c);
    sup_invoice_free(inv);
    sup_ledger_close(l);
}

/* The review entry of a payment id (its reason and message). */
static void expect_review(sup_ledger *l, const char *payment_id, sup_review_reason reason, const char *message)
{
    sup_cursor *c = NULL;
    assert_int_equal(sup_ledger_list_reviews(l, 1, &c), SUP_OK);
    int found = 0;
    while (sup_cursor_next(c) == 1) {
        if (strcmp(sup_cursor_text(c, SUP_REVCOL_PAYMENT_ID), payment_id) != 0)
            continue;
        found++;
        assert_int_equal(sup_cursor_int64(c, SUP_REVCOL_REASON), reason);
        if (strstr(sup_cursor_text(c, SUP_REVCOL_MESSAGE), message) == NULL)
            fail_msg("%s: %s", payment_id, sup_cursor_text(c, SUP_REVCOL_MESSAGE));
    }
    sup_cursor_free(c);
    assert_int_equal(found, 1);
}

static void payments_that_do_not_fit_are_kept_for_review_with_the_reason(void **state)
{
    (void)state;
    sup_id product = 0;
    sup_ledger *l = money_ledger(&product);
    sup_id a = bought_jan15(l, product, "A"), b = bought_jan15(l, product, "B"), c = bought_jan15(l, product, "C");
    sup_invoice *ia = issue(l, a, 20260701, ROMASHKA_INN), *ib = issue(l, b, 20260701, ROMASHKA_INN),
                *ic = issue(l, c, 20260701, ROMASHKA_INN);
    struct {
        const char *id, *number, *purpose;
        sup_date on;
        sup_money amount;
        const char *inn;
        sup_review_reason reason;
        const char *message;
    } cases[] = {
        {"r-expired", "2026-000001", NULL, 20260816, 199800, NULL, SUP_REVIEW_EXPIRED,
         "the money arrived on 2026-08-16, after invoice 2026-000001 expired (it was valid through 2026-08-15)"},
        {"r-partial", "2026-000001", NULL, 20260720, 100050, NULL, SUP_REVIEW_PARTIAL,
         "paid 1000.50 rub of the 1998.00 rub of invoice 2026-000001: a partial payment"},
        {"r-more", "2026-000001", NULL, 20260720, 200000, NULL, SUP_REVIEW_WRONG_AMOUNT,
         "paid 2000.00 rub, but invoice 2026-000001 is for 1998.00 rub"},
        {"r-payer", "2026-000001", NULL, 20260720, 199800, VOLGA_INN, SUP_REVIEW_WRONG_PAYER,
         "paid by INN 6318990015, but invoice 2026-000001 is for A, INN 7715123451"},
        {"r-unknown", "2026-000999", NULL, 20260720, 199800, NULL, SUP_REVIEW_UNKNOWN_INVOICE,
         "no invoice 2026-000999 in the ledger"},
        {"r-none", NULL, "Оплата за поддержку", 20260720, 199800, NULL, SUP_REVIEW_UNKNOWN_INVOICE,
         "the payment purpose names no invoice"},
        {"r-foreign", NULL, "по договору 2026-004444", 20260720, 199800, NULL, SUP_REVIEW_UNKNOWN_INVOICE,
         "names 2026-004444, which is not an invoice of this ledger"},
        {"r-two", NULL, "Оплата по счетам 2026-000002, 2026-000003 и 2026-004444", 20260720, 399600, NULL,
         SUP_REVIEW_SEVERAL_INVOICES, "one payment of 3996.00 rub for several invoices: 2026-000002, 2026-000003"},
    };
    int audits = audit_count(l);
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sup_receipt_outcome o = pay(l, cases[i].id, cases[i].number, cases[i].purpose, cases[i].on, cases[i].amount,
                                    cases[i].inn);
        if (o.status != SUP_PAYMENT_REVIEW || o.reason != cases[i].reason || strstr(o.message, cases[i].message) == NULL)
            fail_msg("%s: status %s, reason %s: %s", cases[i].id, sup_payment_status_name(o.status),
                     sup_review_reason_name(o.reason), o.message);
        assert_true(o.review > 0);
        assert_int_equal(o.event, 0);
        expect_review(l, cases[i].id, cases[i].reason, cases[i].message);
        /* again: nothing changes */
        sup_receipt_outcome again = pay(l, cases[i].id, cases[i].number, cases[i].purpose, cases[i].on, cases[i].amount,
                                        cases[i].inn);
        assert_int_equal(again.status, SUP_PAYMENT_ALREADY_IN_REVIEW);
        assert_int_equal(again.review, o.review);
        assert_int_equal(again.reason, cases[i].reason);
    }
    assert_int_equal(audit_count(l), audits + (int)(sizeof cases / sizeof cases[0]));
    assert_int_equal(audit_actions(l, "review_payment"), (int)(sizeof cases / sizeof cases[0]));
    /* nothing was applied */
    assert_int_equal(support_end(l, a), 20260715);
    assert_int_equal(support_end(l, b), 20260715);
    /* paid by its purpose, then paid again by another payment: already paid */
    sup_receipt_outcome ok = pay(l, "r-ok", NULL, "Оплата по счёту № 2026-000002 от 01.07.2026", 20260720, 199800,
                                 ROMASHKA_INN);
    assert_int_equal(ok.status, SUP_PAYMENT_APPLIED);
    sup_receipt_outcome twice = pay(l, "r-twice", "2026-000002", NULL, 20260721, 199800, NULL);
    assert_int_equal(twice.reason, SUP_REVIEW_ALREADY_PAID);
    assert_non_null(strstr(twice.message, "invoice 2026-000002 was paid already, on 2026-07-20 (payment r-ok)"));
    /* the license renewed another way since its invoice: its offer changed */
    sup_quote_free(renew(l, c, 20260710, "direct"));
    sup_receipt_outcome changed = pay(l, "r-changed", "2026-000003", NULL, 20260720, 199800, NULL);
    assert_int_equal(changed.reason, SUP_REVIEW_LICENSE_CHANGED);
    assert_non_null(strstr(changed.message, "license 3 changed since invoice 2026-000003: its offer is now "
                                            "preferential 1998.00 rub from support ending 2027-07-15"));
    assert_int_equal(support_end(l, c), 20270715);
    /* the license of an invoice voided since (its sale recorded by mistake) */
    sup_id d = bought_jan15(l, product, "D");
    sup_invoice_free(issue(l, d, 20260701, NULL)); /* 2026-000004 */
    sup_id sale = 0;
    sup_cursor *ev = NULL;
    assert_int_equal(sup_ledger_list_events(l, d, &ev), SUP_OK);
    assert_int_equal(sup_cursor_next(ev), 1);
    sale = sup_cursor_int64(ev, SUP_PAYCOL_EVENT);
    sup_cursor_free(ev);
    assert_int_equal(sup_ledger_void_payment(l, ACTOR, sale, 20260702, "sold by mistake", NULL), SUP_OK);
    sup_receipt_outcome gone = pay(l, "r-gone", "2026-000004", NULL, 20260703, 199800, NULL);
    assert_int_equal(gone.reason, SUP_REVIEW_LICENSE_CHANGED);
    assert_non_null(strstr(gone.message, "invoice 2026-000004 is for license 4, which was voided"));
    sup_receipt_outcome early = pay(l, "r-early", "2026-000001", NULL, 20260705, 199800, NULL);
    assert_int_equal(early.status, SUP_PAYMENT_APPLIED);
    /* the review list: open entries, then closing one */
    sup_cursor *cur = NULL;
    assert_int_equal(sup_ledger_list_reviews(l, 0, &cur), SUP_OK);
    int open = count_rows(cur);
    assert_int_equal(open, 11);
    sup_id first = 0;
    assert_int_equal(sup_ledger_list_reviews(l, 0, &cur), SUP_OK);
    assert_int_equal(sup_cursor_next(cur), 1);
    first = sup_cursor_int64(cur, SUP_REVCOL_REVIEW);
    assert_string_equal(sup_cursor_text(cur, SUP_REVCOL_SOURCE), "manual");
    assert_string_equal(sup_cursor_text(cur, SUP_REVCOL_INVOICE), "2026-000001");
    assert_int_equal(sup_cursor_date(cur, SUP_REVCOL_CLOSED_ON), SUP_DATE_NONE);
    sup_cursor_free(cur);
    assert_int_equal(sup_ledger_close_review(l, ACTOR, first, 20260801, "refunded to the customer"), SUP_OK);
    assert_int_equal(sup_ledger_close_review(l, ACTOR, first, 20260802, "again"), SUP_ESTATE);
    assert_int_equal(sup_ledger_close_review(l, ACTOR, 999, 20260802, "x"), SUP_ENOTFOUND);
    assert_int_equal(sup_ledger_close_review(l, ACTOR, first, 20260802, ""), SUP_EINVAL);
    assert_int_equal(sup_ledger_list_reviews(l, 0, &cur), SUP_OK);
    assert_int_equal(count_rows(cur), open - 1);
    assert_int_equal(sup_ledger_list_reviews(l, 1, &cur), SUP_OK);
    assert_int_equal(sup_cursor_next(cur), 1);
    assert_int_equal(sup_cursor_date(cur, SUP_REVCOL_CLOSED_ON), 20260801);
    assert_string_equal(sup_cursor_text(cur, SUP_REVCOL_CLOSE_NOTE), "refunded to the customer");
    sup_cursor_free(cur);
    assert_int_equal(audit_actions(l, "close_review"), 1);
    sup_invoice_free(ia);
    sup_invoice_free(ib);
    sup_invoice_free(ic);
    sup_ledger_close(l);
}

static void an_invoice_s_state_is_told_in_the_customer_s_language(void **state)
{
    (void)state;
    sup_id product = 0;
    sup_ledger *l = money_ledger(&product);
    sup_id lic = bought_jan15(l, product, "A");
    sup_invoice *inv = issue(l, lic, 20260701, ROMASHKA_INN); /* 1998 rub, payable through 2026-08-15 */
    char *s = NULL;
    assert_int_equal(sup_invoice_render_state(inv, 20260815, SUP_LANG_RU, &s), SUP_OK); /* its last day */
    assert_string_equal(s, "Счёт № 2026-000001 на 1\u00a0998,00 руб. ожидает оплаты до 15.08.2026 включительно.");
    sup_free(s);
    assert_int_equal(sup_invoice_render_state(inv, 20260701, SUP_LANG_EN, &s), SUP_OK);
    assert_string_equal(s, "Invoice 2026-000001 for 1998.00 RUB is awaiting payment until 2026-08-15 inclusive.");
    sup_free(s);
    assert_int_equal(sup_invoice_render_state(inv, 20260816, SUP_LANG_RU, &s), SUP_OK); /* the day after */
    assert_string_equal(s, "Срок оплаты счёта № 2026-000001 истёк 15.08.2026.");
    sup_free(s);
    assert_int_equal(sup_invoice_render_state(inv, 20260630, SUP_LANG_EN, &s), SUP_OK);
    assert_string_equal(s, "Invoice 2026-000001 is dated 2026-07-01.");
    sup_free(s);
    sup_invoice_free(inv);
    sup_receipt_outcome o = pay(l, "pp-1", "2026-000001", NULL, 20260720, 199800, NULL);
    assert_int_equal(o.status, SUP_PAYMENT_APPLIED);
    assert_int_equal(sup_ledger_get_invoice(l, "2026-000001", &inv), SUP_OK);
    assert_int_equal(sup_invoice_render_state(inv, 20261201, SUP_LANG_RU, &s), SUP_OK);
    assert_string_equal(s, "Счёт № 2026-000001 оплачен 20.07.2026.");
    sup_free(s);
    assert_int_equal(sup_invoice_render_state(inv, 20261201, SUP_LANG_EN, &s), SUP_OK);
    assert_string_equal(s, "Invoice 2026-000001 was paid on 2026-07-20.");
    sup_free(s);
    /* bad arguments */
    assert_int_equal(sup_invoice_render_state(inv, 20261301, SUP_LANG_RU, &s), SUP_EDATE);
    assert_null(s);
    assert_int_equal(sup_invoice_render_state(inv, 20261201, (sup_lang)7, &s), SUP_EINVAL);
    assert_int_equal(sup_invoice_render_state(NULL, 20261201, SUP_LANG_RU, &s), SUP_EINVAL);
    sup_invoice_free(inv);
    sup_ledger_close(l);
}

static void bad_payments_are_refused_and_change_nothing(void **state)
{
    (void)state;
    sup_id product = 0;
    sup_ledger *l = money_ledger(&product);
    sup_id a = bought_jan15(l, product, "A");
    sup_invoice_free(issue(l, a, 20260701, NULL));
    int audits = audit_count(l);
    sup_incoming_payment p;
    assert_int_equal(sup_incoming_payment_init(&p, 9), SUP_EINVAL);
    assert_int_equal(sup_incoming_payment_init(&p, SUP_INCOMING_PAYMENT_VERSION), SUP_OK);
    sup_receipt_outcome o = {.version = SUP_RECEIPT_OUTCOME_VERSION};
    assert_int_equal(sup_ledger_pay_invoice(l, ACTOR, &p, &o), SUP_EINVAL); /* no payment id */
    p.payment_id = "x";
    assert_int_equal(sup_ledger_pay_invoice(l, ACTOR, &p, &o), SUP_EDATE);
    p.received_on = 20260720;
    p.amount = -1;
    assert_int_equal(sup_ledger_pay_invoice(l, ACTOR, &p, &o), SUP_EMONEY);
    p.amount = 1;
    p.invoice_number = "26-1";
    assert_int_equal(sup_ledger_pay_invoice(l, ACTOR, &p, &o), SUP_EINVAL);
    p.invoice_number = NULL;
    p.purpose = "\xff";
    assert_int_equal(sup_ledger_pay_invoice(l, ACTOR, &p, &o), SUP_EINVAL);
    p.purpose = NULL;
    o.version = 2;
    assert_int_equal(sup_ledger_pay_invoice(l, ACTOR, &p, &o), SUP_EINVAL);
    o.version = SUP_RECEIPT_OUTCOME_VERSION;
    assert_int_equal(sup_ledger_pay_invoice(l, NULL, &p, &o), SUP_EINVAL);
    assert_int_equal(audit_count(l), audits);
    /* a payment id taken by a sale */
    assert_int_equal(sup_ledger_sell(l, ACTOR, "sale-1", 1, product, 20260701, 799000, NULL), SUP_OK);
    p.payment_id = "sale-1";
    p.invoice_number = "2026-000001";
    p.amount = 799000;
    assert_int_equal(sup_ledger_pay_invoice(l, ACTOR, &p, &o), SUP_ECONFLICT);
    assert_string_equal(sup_payment_status_name(SUP_PAYMENT_IGNORED_ACCOUNT), "ignored_account");
    assert_string_equal(sup_review_reason_name(SUP_REVIEW_LICENSE_CHANGED), "license_changed");
    assert_string_equal(sup_invoice_state_name(SUP_INVOICE_EXPIRED), "expired");
    assert_string_equal(sup_payment_status_name((sup_payment_status)42), "");
    sup_ledger_close(l);
}

static void the_invoice_list_gives_each_state_on_its_date(void **state)
{
    (void)state;
    sup_id product = 0;
    sup_ledger *l = money_ledger(&product);
    sup_id a = bought_jan15(l, product, "A"), b = bought_jan15(l, product, "B"), c = bought_jan15(l, product, "C");
    sup_invoice_free(issue(l, a, 20260701, NULL));
    sup_invoice_free(issue(l, b, 20260702, NULL));
    sup_invoice_free(issue(l, c, 20260703, NULL));
    assert_int_equal(pay(l, "p-a", "2026-000001", NULL, 20260710, 199800, NULL).status, SUP_PAYMENT_APPLIED);
    /* b's payment is voided: b is unpaid again */
    assert_int_equal(pay(l, "p-b", "2026-000002", NULL, 20260711, 199800, NULL).status, SUP_PAYMENT_APPLIED);
    sup_id ev = 0;
    assert_int_equal(sup_ledger_find_payment(l, "p-b", &ev), SUP_OK);
    assert_int_equal(sup_ledger_void_payment(l, ACTOR, ev, 20260712, "applied to the wrong license", NULL), SUP_OK);
    sup_invoice_list_options o;
    assert_int_equal(sup_invoice_list_options_init(&o, SUP_INVOICE_LIST_OPTIONS_VERSION), SUP_OK);
    o.on = 20260820;
    sup_cursor *cur = NULL;
    assert_int_equal(sup_ledger_list_invoices(l, &o, &cur), SUP_OK);
    static const struct {
        const char *number;
        sup_invoice_state state;
        sup_date paid_on;
        const char *payment_id;
    } expect[] = {{"2026-000001", SUP_INVOICE_PAID, 20260710, "p-a"},
                  {"2026-000002", SUP_INVOICE_EXPIRED, SUP_DATE_NONE, NULL},
                  {"2026-000003", SUP_INVOICE_EXPIRED, SUP_DATE_NONE, NULL}};
    for (size_t i = 0; i < 3; i++) {
        assert_int_equal(sup_cursor_next(cur), 1);
        assert_string_equal(sup_cursor_text(cur, SUP_INVCOL_NUMBER), expect[i].number);
        assert_int_equal(sup_cursor_int64(cur, SUP_INVCOL_STATE), expect[i].state);
        assert_int_equal(sup_cursor_date(cur, SUP_INVCOL_PAID_ON), expect[i].paid_on);
        if (expect[i].payment_id != NULL)
            assert_string_equal(sup_cursor_text(cur, SUP_INVCOL_PAYMENT_ID), expect[i].payment_id);
        else
            assert_true(sup_cursor_is_null(cur, SUP_INVCOL_PAYMENT_ID));
        assert_int_equal(sup_cursor_int64(cur, SUP_INVCOL_AMOUNT), 199800);
        assert_int_equal(sup_cursor_int64(cur, SUP_INVCOL_KIND), SUP_QUOTE_PREFERENTIAL);
        assert_int_equal(sup_cursor_column_type(cur, SUP_INVCOL_STATE), SUP_COLUMN_INVOICE_STATE);
    }
    assert_int_equal(sup_cursor_next(cur), 0);
    sup_cursor_free(cur);
    /* on 2026-07-10: a paid, b and c open; filters */
    o.on = 20260710;
    o.state = SUP_INVOICE_OPEN;
    assert_int_equal(sup_ledger_list_invoices(l, &o, &cur), SUP_OK);
    assert_int_equal(count_rows(cur), 2);
    o.state = SUP_INVOICE_NOT_ISSUED;
    o.license = b;
    assert_int_equal(sup_ledger_list_invoices(l, &o, &cur), SUP_OK);
    assert_int_equal(count_rows(cur), 1);
    o.license = 0;
    o.on = 20260702;
    assert_int_equal(sup_ledger_list_invoices(l, &o, &cur), SUP_OK);
    assert_int_equal(count_rows(cur), 2); /* c's is not issued yet */
    o.from = 20260702;
    assert_int_equal(sup_ledger_list_invoices(l, &o, &cur), SUP_OK);
    assert_int_equal(count_rows(cur), 1);
    o.customer = 99;
    assert_int_equal(sup_ledger_list_invoices(l, &o, &cur), SUP_ENOTFOUND);
    o.customer = 0;
    o.on = 0;
    assert_int_equal(sup_ledger_list_invoices(l, &o, &cur), SUP_EDATE);
    assert_int_equal(sup_ledger_list_invoices(l, NULL, &cur), SUP_EINVAL);
    /* b's invoice can be paid again after the void */
    sup_invoice *open = NULL;
    assert_int_equal(sup_ledger_open_invoice(l, b, 20260713, &open), SUP_OK);
    assert_string_equal(sup_invoice_number(open), "2026-000002");
    sup_invoice_free(open);
    assert_int_equal(pay(l, "p-b2", "2026-000002", NULL, 20260713, 199800, NULL).status, SUP_PAYMENT_APPLIED);
    assert_int_equal(pay(l, "p-b", "2026-000002", NULL, 20260713, 199800, NULL).status, SUP_PAYMENT_VOIDED);
    assert_int_equal(support_end(l, b), 20270715);
    sup_ledger_close(l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_sample_requisites_file_is_read_and_checked),
        cmocka_unit_test(bad_requisites_are_refused_naming_the_line),
        cmocka_unit_test(requisites_are_versioned_by_date),
        cmocka_unit_test(an_invoice_fixes_the_offer_the_payer_the_vendor_and_the_purpose),
        cmocka_unit_test(a_repeated_request_gets_the_open_invoice_and_numbers_have_no_gaps),
        cmocka_unit_test(the_vat_rate_is_the_policy_version_s),
        cmocka_unit_test(the_html_is_a_printable_escaped_invoice_with_the_amount_in_words),
        cmocka_unit_test(a_subscription_invoice_is_for_the_next_period),
        cmocka_unit_test(bad_requests_are_refused_and_change_nothing),
        cmocka_unit_test(history_cannot_be_rewritten_and_numbers_cannot_be_skipped),
        cmocka_unit_test(paying_an_invoice_by_its_number_applies_its_renewal_once),
        cmocka_unit_test(payments_that_do_not_fit_are_kept_for_review_with_the_reason),
        cmocka_unit_test(an_invoice_s_state_is_told_in_the_customer_s_language),
        cmocka_unit_test(bad_payments_are_refused_and_change_nothing),
        cmocka_unit_test(the_invoice_list_gives_each_state_on_its_date),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
