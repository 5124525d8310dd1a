/* libsupport — invoices: the object read from the ledger, its state on a date,
 * the number's form, the payment purpose and the printable Russian HTML (A4).
 * All the wording of an invoice is here, in one place. */
#include "invoice_internal.h"
#include "libsupport/words.h"
#include "date_internal.h"
#include "error_internal.h"
#include "text_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NBSP "\xC2\xA0"

static const char *const state_names[] = {"not_issued", "open", "paid", "expired"};

const char *sup_invoice_state_name(sup_invoice_state s)
{
    return (unsigned)s <= SUP_INVOICE_EXPIRED ? state_names[s] : "";
}

int sup__invoice_alloc(sup_invoice **out)
{
    *out = calloc(1, sizeof **out);
    return *out != NULL ? SUP_OK : sup__fail(SUP_ENOMEM, "out of memory reading an invoice");
}

void sup_invoice_free(sup_invoice *inv)
{
    if (inv == NULL)
        return;
    sup__free(inv->payer_name);
    sup__free(inv->payer_inn);
    sup__free(inv->payer_kpp);
    sup__free(inv->product_name);
    sup__free(inv->purpose);
    sup__free(inv->actor);
    sup__free(inv->payment_id);
    sup__vendor_clear(&inv->vendor);
    sup__free(inv);
}

/* ---- getters ------------------------------------------------------------------------------------ */

sup_id sup_invoice_id(const sup_invoice *i) { return i ? i->id : 0; }
const char *sup_invoice_number(const sup_invoice *i) { return i ? i->number : ""; }
sup_date sup_invoice_issued_on(const sup_invoice *i) { return i ? i->quote.on : SUP_DATE_NONE; }
sup_id sup_invoice_license(const sup_invoice *i) { return i ? i->license : 0; }
sup_id sup_invoice_customer(const sup_invoice *i) { return i ? i->customer : 0; }
sup_id sup_invoice_product(const sup_invoice *i) { return i ? i->product : 0; }
const sup_quote *sup_invoice_quote(const sup_invoice *i) { return i ? &i->quote : NULL; }
sup_money sup_invoice_amount(const sup_invoice *i) { return i ? i->quote.fee : 0; }
sup_rate sup_invoice_vat_rate(const sup_invoice *i) { return i ? i->vat_rate : SUP_VAT_NONE; }
sup_money sup_invoice_vat_amount(const sup_invoice *i) { return i ? i->vat_amount : 0; }
sup_id sup_invoice_policy_version(const sup_invoice *i) { return i ? i->policy_version : 0; }
sup_id sup_invoice_vendor_version(const sup_invoice *i) { return i ? i->vendor_version : 0; }
const sup_vendor *sup_invoice_vendor(const sup_invoice *i) { return i ? &i->vendor : NULL; }
const char *sup_invoice_payer_name(const sup_invoice *i) { return i ? i->payer_name : NULL; }
const char *sup_invoice_payer_inn(const sup_invoice *i) { return i ? i->payer_inn : NULL; }
const char *sup_invoice_payer_kpp(const sup_invoice *i) { return i ? i->payer_kpp : NULL; }
const char *sup_invoice_product_name(const sup_invoice *i) { return i ? i->product_name : NULL; }
const char *sup_invoice_purpose_text(const sup_invoice *i) { return i ? i->purpose : NULL; }
const char *sup_invoice_actor(const sup_invoice *i) { return i ? i->actor : NULL; }
int sup_invoice_is_new(const sup_invoice *i) { return i != NULL && i->is_new; }
sup_date sup_invoice_paid_on(const sup_invoice *i) { return i ? i->paid_on : SUP_DATE_NONE; }
sup_id sup_invoice_paid_event(const sup_invoice *i) { return i ? i->paid_event : 0; }
const char *sup_invoice_payment_id(const sup_invoice *i) { return i ? i->payment_id : NULL; }

/* ---- the state on a date: the one rule about invoices' states ------------------------------------- */

sup_invoice_state sup__invoice_state(sup_date issued_on, sup_date valid_through, sup_date paid_on, sup_date on)
{
    if (on < issued_on)
        return SUP_INVOICE_NOT_ISSUED;
    if (paid_on != SUP_DATE_NONE && paid_on <= on)
        return SUP_INVOICE_PAID;
    return on <= valid_through ? SUP_INVOICE_OPEN : SUP_INVOICE_EXPIRED;
}

sup_invoice_state sup_invoice_state_on(const sup_invoice *i, sup_date on)
{
    if (i == NULL)
        return SUP_INVOICE_NOT_ISSUED;
    return sup__invoice_state(i->quote.on, i->quote.valid_through, i->paid_on, on);
}

/* ---- the number --------------------------------------------------------------------------------- */

void sup__invoice_number(int year, int64_t seq, char buf[SUP_INVOICE_NUMBER_BUFSIZE])
{
    snprintf(buf, SUP_INVOICE_NUMBER_BUFSIZE, "%04u-%06u", (unsigned)year % 10000u, (unsigned)((uint64_t)seq % 1000000u));
}

static bool digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

int sup__invoice_number_check(const char *number)
{
    char q[80];
    sup__quote_text(q, sizeof q, number);
    if (strlen(number) != SUP_INVOICE_NUMBER_LEN || !digits(number, 4) || number[4] != '-' || !digits(number + 5, 6))
        return sup__fail(SUP_EINVAL, "invalid invoice number %s: expected YYYY-NNNNNN (e.g. 2026-000123)", q);
    int year = (number[0] - '0') * 1000 + (number[1] - '0') * 100 + (number[2] - '0') * 10 + (number[3] - '0');
    if (year < 1900 || strcmp(number + 5, "000000") == 0)
        return sup__fail(SUP_EINVAL, "invalid invoice number %s: the year must be 1900…9999 and the number 1 or more",
                         q);
    return SUP_OK;
}

/* ---- wording -------------------------------------------------------------------------------------- */

static const char *date_text(sup_date d, sup_date_style style, char buf[SUP_DATE_BUFSIZE])
{
    if (sup_date_format(d, style, buf, SUP_DATE_BUFSIZE) != SUP_OK)
        buf[0] = '\0';
    return buf;
}

static const char *ru_date(sup_date d, char buf[SUP_DATE_BUFSIZE]) { return date_text(d, SUP_DATE_RU, buf); }

/* "1 998,00": rubles grouped by three with no-break spaces, a comma and two kopeck digits (the form of
 * Russian payment documents: always with kopecks). */
static void put_amount(sup__buf *b, sup_money m)
{
    if (m < 0) {
        sup__buf_put(b, "−");
        m = m == INT64_MIN ? INT64_MAX : -m;
    }
    char digits_buf[24];
    int n = snprintf(digits_buf, sizeof digits_buf, "%lld", (long long)(m / 100));
    for (int i = 0; i < n; i++) {
        if (i > 0 && (n - i) % 3 == 0)
            sup__buf_put(b, NBSP);
        sup__buf_putn(b, digits_buf + i, 1);
    }
    sup__buf_printf(b, ",%02d", (int)(m % 100));
}

/* The VAT sentence: "Без НДС" or "В том числе НДС 20 % — 333,00 руб.". */
static int put_vat(sup__buf *b, sup_rate rate, sup_money vat)
{
    char *label = NULL;
    int rc = sup_vat_label(rate, &label);
    if (rc != SUP_OK)
        return rc;
    sup__buf_put(b, label);
    sup_free(label);
    if (rate != SUP_VAT_NONE) {
        sup__buf_put(b, " — ");
        put_amount(b, vat);
        sup__buf_put(b, " руб.");
    }
    return SUP_OK;
}

/* What the invoice is for, after "за": "продление технической поддержки «X» по 15.07.2027". */
static void put_subject(sup__buf *b, const sup_invoice *inv)
{
    char d[SUP_DATE_BUFSIZE];
    if (inv->quote.kind == SUP_QUOTE_SUBSCRIPTION)
        sup__buf_printf(b, "подписку «%s» по %s", inv->product_name, ru_date(inv->quote.new_support_until, d));
    else
        sup__buf_printf(b, "продление технической поддержки «%s» по %s", inv->product_name,
                        ru_date(inv->quote.new_support_until, d));
}

int sup__invoice_purpose(const sup_invoice *inv, char **out)
{
    char d[SUP_DATE_BUFSIZE];
    sup__buf b = {0};
    sup__buf_printf(&b, "Оплата по счёту № %s от %s за ", inv->number, ru_date(inv->quote.on, d));
    put_subject(&b, inv);
    sup__buf_put(&b, ". ");
    int rc = put_vat(&b, inv->vat_rate, inv->vat_amount);
    if (rc != SUP_OK) {
        sup__buf_dispose(&b);
        return rc;
    }
    return sup__buf_finish(&b, out);
}

int sup_invoice_purpose(const sup_invoice *inv, char **out)
{
    SUP__CHECK_ARG(out, "sup_invoice_purpose");
    *out = NULL;
    SUP__CHECK_ARG(inv, "sup_invoice_purpose");
    return sup__invoice_purpose(inv, out);
}

/* ---- the state, in words --------------------------------------------------------------------------- */

int sup_invoice_render_state(const sup_invoice *inv, sup_date on, sup_lang lang, char **out)
{
    SUP__CHECK_ARG(out, "sup_invoice_render_state");
    *out = NULL;
    SUP__CHECK_ARG(inv, "sup_invoice_render_state");
    if (lang != SUP_LANG_RU && lang != SUP_LANG_EN)
        return sup__fail(SUP_EINVAL, "sup_invoice_render_state: unknown language %d", (int)lang);
    int rc = sup__check_date(on, "date");
    if (rc != SUP_OK)
        return rc;
    bool ru = lang == SUP_LANG_RU;
    sup_date_style ds = ru ? SUP_DATE_RU : SUP_DATE_ISO;
    char d[SUP_DATE_BUFSIZE], m[SUP_MONEY_BUFSIZE];
    sup__buf b = {0};
    switch (sup_invoice_state_on(inv, on)) {
    case SUP_INVOICE_OPEN:
        date_text(inv->quote.valid_through, ds, d);
        if (ru) {
            sup__buf_printf(&b, "Счёт № %s на ", inv->number);
            put_amount(&b, inv->quote.fee);
            sup__buf_printf(&b, " руб. ожидает оплаты до %s включительно.", d);
        } else {
            if (sup_money_format(inv->quote.fee, SUP_MONEY_PLAIN, m, sizeof m) != SUP_OK)
                m[0] = '\0';
            sup__buf_printf(&b, "Invoice %s for %s RUB is awaiting payment until %s inclusive.", inv->number, m, d);
        }
        break;
    case SUP_INVOICE_PAID:
        sup__buf_printf(&b, ru ? "Счёт № %s оплачен %s." : "Invoice %s was paid on %s.", inv->number,
                        date_text(inv->paid_on, ds, d));
        break;
    case SUP_INVOICE_EXPIRED:
        sup__buf_printf(&b, ru ? "Срок оплаты счёта № %s истёк %s." : "Invoice %s expired on %s.", inv->number,
                        date_text(inv->quote.valid_through, ds, d));
        break;
    default:
        sup__buf_printf(&b, ru ? "Счёт № %s будет действовать с %s." : "Invoice %s is dated %s.", inv->number,
                        date_text(inv->quote.on, ds, d));
        break;
    }
    return sup__buf_finish(&b, out);
}

/* ---- HTML ------------------------------------------------------------------------------------------ */

static void put_html(sup__buf *b, const char *s)
{
    if (s == NULL)
        return;
    for (; *s; s++) {
        switch (*s) {
        case '&': sup__buf_put(b, "&amp;"); break;
        case '<': sup__buf_put(b, "&lt;"); break;
        case '>': sup__buf_put(b, "&gt;"); break;
        case '"': sup__buf_put(b, "&quot;"); break;
        case '\'': sup__buf_put(b, "&#39;"); break;
        default: sup__buf_putn(b, s, 1);
        }
    }
}

/* Text built with sup__buf_printf (names in it), then escaped. */
static void put_html_buf(sup__buf *b, sup__buf *text)
{
    if (text->failed)
        b->failed = true;
    put_html(b, text->data);
    sup__buf_dispose(text);
}

static const char *vendor(const sup_invoice *inv, sup_vendor_field f)
{
    const char *v = inv->vendor.field[f];
    return v != NULL ? v : "";
}

static const char style[] =
    "@page{size:A4;margin:15mm 15mm 15mm 20mm}"
    "body{font-family:\"DejaVu Sans\",\"Liberation Sans\",Arial,sans-serif;font-size:9.5pt;color:#000;margin:0}"
    "table{border-collapse:collapse;width:100%}"
    "table.bank td{border:1px solid #000;padding:2px 4px;vertical-align:top}"
    "table.bank td.k{width:12%}table.bank td.v{width:28%}"
    ".small{font-size:8pt}"
    "h1{font-size:13pt;margin:14px 0 6px;padding-bottom:4px;border-bottom:2px solid #000}"
    "table.parties th{text-align:left;font-weight:normal;width:22%;vertical-align:top;padding:3px 4px 3px 0}"
    "table.parties td{font-weight:bold;padding:3px 0}"
    "table.items{margin-top:10px}"
    "table.items th,table.items td{border:1px solid #000;padding:3px 4px}"
    "table.items th{background:#f2f2f2}"
    "td.n,th.n{text-align:right;white-space:nowrap}td.c{text-align:center}"
    "table.totals{width:auto;margin-left:auto;margin-top:4px}"
    "table.totals th{text-align:right;padding:1px 8px}table.totals td{text-align:right;white-space:nowrap;"
    "font-weight:bold}"
    "p.words{font-weight:bold;margin:2px 0 10px}"
    "p.purpose{border:1px solid #000;padding:4px 6px}"
    "div.sign{margin-top:28px;border-top:2px solid #000;padding-top:14px}"
    "div.sign p{margin:10px 0}"
    "@media screen{body{max-width:180mm;margin:10mm auto}}";

static void render_bank_block(sup__buf *b, const sup_invoice *inv)
{
    sup__buf_put(b, "<table class=\"bank\">\n<tr><td colspan=\"2\" rowspan=\"2\">");
    put_html(b, vendor(inv, SUP_VENDOR_BANK_NAME));
    sup__buf_put(b, "<br><span class=\"small\">Банк получателя</span></td><td class=\"k\">БИК</td><td class=\"v\">");
    put_html(b, vendor(inv, SUP_VENDOR_BIK));
    sup__buf_put(b, "</td></tr>\n<tr><td class=\"k\">Сч. №</td><td class=\"v\">");
    put_html(b, vendor(inv, SUP_VENDOR_CORR_ACCOUNT));
    sup__buf_put(b, "</td></tr>\n<tr><td>ИНН ");
    put_html(b, vendor(inv, SUP_VENDOR_INN));
    sup__buf_put(b, "</td><td>КПП ");
    put_html(b, vendor(inv, SUP_VENDOR_KPP));
    sup__buf_put(b, "</td><td class=\"k\" rowspan=\"2\">Сч. №</td><td class=\"v\" rowspan=\"2\">");
    put_html(b, vendor(inv, SUP_VENDOR_ACCOUNT));
    sup__buf_put(b, "</td></tr>\n<tr><td colspan=\"2\">");
    put_html(b, vendor(inv, SUP_VENDOR_NAME));
    sup__buf_put(b, "<br><span class=\"small\">Получатель</span></td></tr>\n</table>\n");
}

/* "ООО «Х», ИНН 1, КПП 2, адрес" (the parts that are there). */
static void put_party(sup__buf *b, const char *name, const char *inn, const char *kpp, const char *address)
{
    sup__buf t = {0};
    sup__buf_put(&t, name);
    if (inn != NULL && inn[0] != '\0')
        sup__buf_printf(&t, ", ИНН %s", inn);
    if (kpp != NULL && kpp[0] != '\0')
        sup__buf_printf(&t, ", КПП %s", kpp);
    if (address != NULL && address[0] != '\0')
        sup__buf_printf(&t, ", %s", address);
    put_html_buf(b, &t);
}

/* The line of the items table: what is paid for and its period. */
static void put_item(sup__buf *b, const sup_invoice *inv)
{
    const sup_quote *q = &inv->quote;
    char d1[SUP_DATE_BUFSIZE], d2[SUP_DATE_BUFSIZE];
    /* The new period starts the day after the current end (preferential; a subscription still paid), or
     * on the day the renewal is activated (standard; a lapsed subscription restarts). */
    bool continuous = q->kind == SUP_QUOTE_PREFERENTIAL || (q->kind == SUP_QUOTE_SUBSCRIPTION && q->on <= q->support_until);
    sup_date from = continuous && q->support_until < SUP_DATE_MAX ? sup__date_from_serial(sup__date_to_serial(q->support_until) + 1) : q->on;
    sup__buf t = {0};
    if (q->kind == SUP_QUOTE_SUBSCRIPTION)
        sup__buf_printf(&t, "Подписка «%s» с %s по %s", inv->product_name, ru_date(from, d1),
                        ru_date(q->new_support_until, d2));
    else
        sup__buf_printf(&t, "Продление технической поддержки «%s» (%s продление) с %s по %s", inv->product_name,
                        q->kind == SUP_QUOTE_PREFERENTIAL ? "льготное" : "стандартное", ru_date(from, d1),
                        ru_date(q->new_support_until, d2));
    put_html_buf(b, &t);
}

static void render_items(sup__buf *b, const sup_invoice *inv)
{
    sup__buf_put(b, "<table class=\"items\">\n<thead><tr><th>№</th><th>Товары (работы, услуги)</th><th>Кол-во</th>"
                    "<th>Ед.</th><th>Цена</th><th>Сумма</th></tr></thead>\n<tbody><tr><td class=\"c\">1</td><td>");
    put_item(b, inv);
    sup__buf_put(b, "</td><td class=\"n\">1</td><td class=\"c\">усл.</td><td class=\"n\">");
    put_amount(b, inv->quote.fee);
    sup__buf_put(b, "</td><td class=\"n\">");
    put_amount(b, inv->quote.fee);
    sup__buf_put(b, "</td></tr></tbody>\n</table>\n<table class=\"totals\">\n<tr><th>Итого:</th><td>");
    put_amount(b, inv->quote.fee);
    sup__buf_put(b, "</td></tr>\n<tr><th>");
    if (inv->vat_rate == SUP_VAT_NONE) {
        sup__buf_put(b, "Без НДС:</th><td>—");
    } else {
        char *label = NULL;
        if (sup_vat_label(inv->vat_rate, &label) == SUP_OK)
            put_html(b, label);
        else
            b->failed = true;
        sup_free(label);
        sup__buf_put(b, ":</th><td>");
        put_amount(b, inv->vat_amount);
    }
    sup__buf_put(b, "</td></tr>\n<tr><th>Всего к оплате:</th><td>");
    put_amount(b, inv->quote.fee);
    sup__buf_put(b, "</td></tr>\n</table>\n");
}

static int render_words(sup__buf *b, const sup_invoice *inv)
{
    char *words = NULL;
    int rc = sup_money_in_words(inv->quote.fee, &words);
    if (rc != SUP_OK)
        return rc;
    sup__buf_put(b, "<p>Всего наименований 1, на сумму ");
    put_amount(b, inv->quote.fee);
    sup__buf_put(b, " руб.</p>\n<p class=\"words\">");
    put_html(b, words);
    sup__buf_put(b, "</p>\n");
    sup_free(words);
    return SUP_OK;
}

static void render_terms(sup__buf *b, const sup_invoice *inv)
{
    char d[SUP_DATE_BUFSIZE];
    if (inv->quote.valid_through >= SUP_DATE_MAX)
        sup__buf_put(b, "<p>Срок оплаты счёта не ограничен.</p>\n");
    else
        sup__buf_printf(b, "<p>Счёт действителен по %s включительно. Оплата после этой даты не будет зачтена "
                           "автоматически: запросите новый счёт.</p>\n",
                        ru_date(inv->quote.valid_through, d));
    if (inv->quote.kind == SUP_QUOTE_STANDARD)
        sup__buf_put(b, "<p>Срок стандартного продления отсчитывается от даты поступления оплаты.</p>\n");
    sup__buf_put(b, "<p>В платёжном поручении укажите назначение платежа:</p>\n<p class=\"purpose\">");
    put_html(b, inv->purpose);
    sup__buf_put(b, "</p>\n");
}

static void render_signatures(sup__buf *b, const sup_invoice *inv)
{
    sup__buf_put(b, "<div class=\"sign\">\n<p>Руководитель ________________ ");
    put_html(b, vendor(inv, SUP_VENDOR_DIRECTOR));
    sup__buf_put(b, "</p>\n<p>Главный бухгалтер ________________ ");
    put_html(b, vendor(inv, SUP_VENDOR_ACCOUNTANT));
    sup__buf_put(b, "</p>\n</div>\n");
}

int sup_invoice_render_html(const sup_invoice *inv, char **out)
{
    SUP__CHECK_ARG(out, "sup_invoice_render_html");
    *out = NULL;
    SUP__CHECK_ARG(inv, "sup_invoice_render_html");
    char d[SUP_DATE_BUFSIZE];
    sup__buf b = {0};
    sup__buf t = {0};
    sup__buf_printf(&t, "Счёт на оплату № %s от %s", inv->number, ru_date(inv->quote.on, d));
    sup__buf_put(&b, "<!DOCTYPE html>\n<html lang=\"ru\">\n<head>\n<meta charset=\"utf-8\">\n<title>");
    put_html(&b, t.data);
    sup__buf_printf(&b, "</title>\n<style>%s</style>\n</head>\n<body>\n", style);
    render_bank_block(&b, inv);
    sup__buf_put(&b, "<h1>");
    put_html_buf(&b, &t);
    sup__buf_put(&b, "</h1>\n<table class=\"parties\">\n<tr><th>Поставщик (Исполнитель):</th><td>");
    put_party(&b, vendor(inv, SUP_VENDOR_NAME), vendor(inv, SUP_VENDOR_INN), vendor(inv, SUP_VENDOR_KPP),
              vendor(inv, SUP_VENDOR_ADDRESS));
    sup__buf_put(&b, "</td></tr>\n<tr><th>Покупатель (Заказчик):</th><td>");
    put_party(&b, inv->payer_name, inv->payer_inn, inv->payer_kpp, NULL);
    sup__buf_printf(&b, "</td></tr>\n<tr><th>Основание:</th><td>Лицензия № %lld</td></tr>\n</table>\n",
                    (long long)inv->license);
    render_items(&b, inv);
    int rc = render_words(&b, inv);
    if (rc != SUP_OK) {
        sup__buf_dispose(&b);
        return rc;
    }
    render_terms(&b, inv);
    render_signatures(&b, inv);
    sup__buf_put(&b, "</body>\n</html>\n");
    return sup__buf_finish(&b, out);
}
