/* libsupport — labels and short phrases in Russian and English: the one table of
 * the words the library's values are shown with. Customer notices (notice.c) are
 * written with it too, so pages and notices cannot word a fact differently. */
#include "libsupport/label.h"
#include "label_internal.h"
#include "license_internal.h"
#include "policy_internal.h"
#include "date_internal.h"
#include "error_internal.h"
#include "text_internal.h"

#include <string.h>

/* One label in both languages. */
typedef struct {
    const char *ru;
    const char *en;
} words;

static const words state_words[] = {
    {"не приобретена", "not bought"},
    {"поддержка активна", "support active"},
    {"льготное продление", "preferential renewal"},
    {"поддержка закончилась", "support ended"},
    {"подписка истекла", "subscription expired"},
};
static const words subscription_state_words[] = {
    {"не приобретена", "not bought"},
    {"подписка оплачена", "subscription paid"},
    {"льготное продление", "preferential renewal"},
    {"поддержка закончилась", "support ended"},
    {"подписка истекла", "subscription expired"},
};
static const words quote_kind_words[] = {
    {"продление не применяется", "no renewal applies"},
    {"Льготное продление поддержки", "Preferential support renewal"},
    {"Стандартное продление поддержки", "Standard support renewal"},
    {"Оплата подписки", "Subscription payment"},
};
static const words offer_kind_words[] = {
    {"нет", "none"},
    {"продление поддержки", "support renewal"},
    {"оплата подписки", "subscription payment"},
};
static const words offer_reason_words[] = {
    {"предложение есть", "there is an offer"},
    {"лицензия на эту дату ещё не приобретена", "the license is not bought yet on this date"},
    {"цена продукта на эту дату не установлена", "the product has no list price on this date"},
    {"на эту дату не действуют условия продления", "no renewal terms are in force on this date"},
    {"новый срок закончился бы после 31.12.9999", "the new term would end after 9999-12-31"},
    {"стоимость не может быть рассчитана", "the fee cannot be computed"},
};
static const words license_kind_words[] = {
    {"бессрочная", "perpetual"},
    {"подписка с ежемесячной оплатой", "monthly subscription"},
    {"подписка с ежегодной оплатой", "yearly subscription"},
};
static const words contact_kind_words[] = {
    {"WhatsApp", "WhatsApp"},
    {"электронная почта", "E-mail"},
    {"чат на сайте", "Chat on the website"},
    {"группа ВКонтакте", "VK group"},
    {"Telegram", "Telegram"},
    {"", ""}, /* other: the value speaks for itself */
};
static const words event_kind_words[] = {
    {"покупка", "purchase"},
    {"льготное продление", "preferential renewal"},
    {"стандартное продление", "standard renewal"},
    {"оплата подписки", "subscription payment"},
    {"период поддержки", "support period"},
};
static const words notice_kind_words[] = {
    {"нет", "none"},
    {"статус поддержки", "support status"},
    {"поддержка заканчивается", "support ending"},
    {"последний день поддержки", "last day of support"},
    {"льготное продление скоро закроется", "preferential renewal closing"},
};
static const words term_words[] = {
    {"Лицензия", "License"},
    {"Статус", "Status"},
    {"приобретена", "bought"},
    {"Льготное продление до", "Preferential renewal through"},
    {"Использование продукта", "Use of the product"},
    {"Консультации", "Consultations"},
    {"Новые версии", "New versions"},
    {"Предложение идей по развитию продукта", "Proposing ideas for the product"},
    {"Версии", "Versions"},
    {"Можно скачать", "Can be downloaded"},
    {"Предложение", "Offer"},
    {"Вид", "Kind"},
    {"Стоимость", "Fee"},
    {"Цена продукта", "List price"},
    {"Цена действует", "The price holds"},
    {"Как с нами связаться", "How to reach us"},
    {"По телефону поддержка не осуществляется.", "Support is not provided by phone."},
    {"нет", "none"},
    {"Ключ лицензии", "License key"},
    {"Скачать", "Download"},
    {"Размер", "Size"},
    {"Контрольная сумма SHA-256", "SHA-256 checksum"},
    {"Ключ выпущен", "Key issued"},
    {"Заменить ключ", "Replace the key"},
    {"Ключ заканчивается на", "The key ends with"},
    {"Новый ключ", "New key"},
    {"Загрузки", "Downloads"},
};
/* By license kind: perpetual, monthly, yearly. */
static const words support_end_words[] = {
    {"Поддержка до", "Support through"},
    {"Подписка оплачена до", "Paid through"},
    {"Подписка оплачена до", "Paid through"},
};
static const words new_support_end_words[] = {
    {"После оплаты поддержка до", "After the payment, support through"},
    {"После оплаты подписка до", "After the payment, paid through"},
    {"После оплаты подписка до", "After the payment, paid through"},
};
static const words needs_words[] = {
    {"Нужно продление", "Need a renewal"},
    {"Нужна оплата подписки", "Need a subscription payment"},
    {"Нужна оплата подписки", "Need a subscription payment"},
};

/* money (issue 14) */
static const words correction_kind_words[] = {
    {"нет", "none"},
    {"аннулирование платежа", "void"},
    {"возврат", "refund"},
    {"скидка", "discount"},
};
static const words invoice_state_words[] = {
    {"ещё не выставлен", "not issued yet"},
    {"ожидает оплаты", "awaiting payment"},
    {"оплачен", "paid"},
    {"срок оплаты истёк", "expired"},
};
static const words payment_status_words[] = {
    {"нет", "none"},
    {"зачтён", "applied"},
    {"зачтён ранее", "applied before"},
    {"на проверке у менеджера", "kept for review"},
    {"на проверке у менеджера ранее", "kept for review before"},
    {"аннулирован", "voided"},
    {"конфликт идентификатора платежа", "payment id conflict"},
    {"исходящий платёж", "outgoing payment"},
    {"другой счёт", "another account"},
    {"платёж не прочитан", "unreadable"},
};
static const words review_reason_words[] = {
    {"нет", "none"},
    {"счёт не найден", "unknown invoice"},
    {"оплата нескольких счетов одним платежом", "several invoices in one payment"},
    {"другой плательщик", "another payer"},
    {"счёт уже оплачен", "invoice paid already"},
    {"срок оплаты счёта истёк", "invoice expired"},
    {"неполная оплата", "partial payment"},
    {"сумма больше счёта", "more than the invoice"},
    {"условия продления изменились", "the license changed"},
};
/* Revenue reports (revenue.h): by sup_revenue_kind, sup_revenue_column, sup_revenue_view. */
static const words revenue_kind_words[] = {
    {"все виды", "all kinds"},
    {"продажа лицензии", "license sale"},
    {"льготное продление", "preferential renewal"},
    {"стандартное продление", "standard renewal"},
    {"подписка: первый платёж", "subscription: first payment"},
    {"подписка: очередной платёж", "subscription: later payment"},
    {"корректировка", "correction"},
};
static const words revenue_column_words[] = {
    {"Месяц", "Month"},
    {"Конец месяца", "Month end"},
    {"ID продукта", "Product id"},
    {"Код продукта", "Product code"},
    {"Продукт", "Product"},
    {"Вид поступления", "Kind"},
    {"Доходы будущих периодов на начало месяца", "Deferred revenue, opening"},
    {"Поступило оплат", "Billed"},
    {"Признано выручки", "Revenue recognised"},
    {"Доходы будущих периодов на конец месяца", "Deferred revenue, closing"},
    {"Количество платежей", "Payments"},
};
static const words revenue_view_words[] = {
    {"По месяцам", "By month"},
    {"По продуктам", "By product"},
    {"По видам", "By kind"},
    {"Доходы будущих периодов", "Deferred revenue"},
};
static const words download_verdict_words[] = {
    {"можно скачать", "can be downloaded"},
    {"нужно продление", "needs a renewal"},
    {"файл версии не загружен", "no file for this version"},
};
static const words renew_action_words[] = {
    {"Продлить", "Renew"},
    {"Оплатить подписку", "Pay for the subscription"},
    {"Оплатить подписку", "Pay for the subscription"},
};

#define TABLE(t) {(t), sizeof(t) / sizeof((t)[0])}
static const struct {
    const words *w;
    size_t n;
} tables[] = {
    [SUP_LABEL_STATE] = TABLE(state_words),
    [SUP_LABEL_SUBSCRIPTION_STATE] = TABLE(subscription_state_words),
    [SUP_LABEL_QUOTE_KIND] = TABLE(quote_kind_words),
    [SUP_LABEL_OFFER_KIND] = TABLE(offer_kind_words),
    [SUP_LABEL_OFFER_REASON] = TABLE(offer_reason_words),
    [SUP_LABEL_LICENSE_KIND] = TABLE(license_kind_words),
    [SUP_LABEL_CONTACT_KIND] = TABLE(contact_kind_words),
    [SUP_LABEL_EVENT_KIND] = TABLE(event_kind_words),
    [SUP_LABEL_NOTICE_KIND] = TABLE(notice_kind_words),
    [SUP_LABEL_TERM] = TABLE(term_words),
    [SUP_LABEL_SUPPORT_END] = TABLE(support_end_words),
    [SUP_LABEL_NEW_SUPPORT_END] = TABLE(new_support_end_words),
    [SUP_LABEL_NEEDS] = TABLE(needs_words),
    [SUP_LABEL_CORRECTION_KIND] = TABLE(correction_kind_words),
    [SUP_LABEL_INVOICE_STATE] = TABLE(invoice_state_words),
    [SUP_LABEL_PAYMENT_STATUS] = TABLE(payment_status_words),
    [SUP_LABEL_REVIEW_REASON] = TABLE(review_reason_words),
    [SUP_LABEL_REVENUE_KIND] = TABLE(revenue_kind_words),
    [SUP_LABEL_REVENUE_COLUMN] = TABLE(revenue_column_words),
    [SUP_LABEL_REVENUE_VIEW] = TABLE(revenue_view_words),
    [SUP_LABEL_DOWNLOAD_VERDICT] = TABLE(download_verdict_words),
    [SUP_LABEL_RENEW_ACTION] = TABLE(renew_action_words),
};
#undef TABLE

const char *sup_label(sup_label_set set, int value, sup_lang lang)
{
    if ((unsigned)set >= sizeof tables / sizeof tables[0] || value < 0 || (size_t)value >= tables[set].n)
        return "";
    const words *w = &tables[set].w[value];
    return lang == SUP_LANG_RU ? w->ru : lang == SUP_LANG_EN ? w->en : "";
}

const char *sup_state_label(sup_state state, sup_license_kind kind, sup_lang lang)
{
    if ((unsigned)kind > SUP_LICENSE_SUBSCRIPTION_YEARLY)
        return "";
    return sup_label(kind == SUP_LICENSE_PERPETUAL ? SUP_LABEL_STATE : SUP_LABEL_SUBSCRIPTION_STATE, (int)state,
                     lang);
}

const char *sup_availability_label(sup_term term, int available, sup_lang lang)
{
    bool plural = term == SUP_TERM_CONSULTATIONS || term == SUP_TERM_NEW_VERSIONS;
    bool neuter = term == SUP_TERM_USE || term == SUP_TERM_IDEAS;
    if (!plural && !neuter)
        return "";
    if (lang == SUP_LANG_EN)
        return available ? "available" : "not available";
    if (lang != SUP_LANG_RU)
        return "";
    if (plural)
        return available ? "доступны" : "недоступны";
    return available ? "доступно" : "недоступно";
}

/* ---- phrases, appended to a buffer (the notice writes with these too) ------------------------------------ */

int sup__put_date_inclusive(sup__buf *b, sup_date d, sup_lang lang)
{
    char s[SUP_DATE_BUFSIZE];
    int rc = sup_date_format(d, lang == SUP_LANG_RU ? SUP_DATE_RU : SUP_DATE_ISO, s, sizeof s);
    if (rc != SUP_OK)
        return rc;
    sup__buf_put(b, s);
    if (lang == SUP_LANG_RU)
        sup__buf_put(b, " включительно");
    return SUP_OK;
}

int sup__put_through(sup__buf *b, sup_date d, sup_lang lang)
{
    char s[SUP_DATE_BUFSIZE];
    int rc = sup_date_format(d, lang == SUP_LANG_RU ? SUP_DATE_RU : SUP_DATE_ISO, s, sizeof s);
    if (rc != SUP_OK)
        return rc;
    sup__buf_printf(b, lang == SUP_LANG_RU ? "до %s включительно" : "through %s", s);
    return SUP_OK;
}

int sup__put_validity(sup__buf *b, const sup_quote *q, sup_lang lang)
{
    bool ru = lang == SUP_LANG_RU;
    if (q->valid_through != SUP_DATE_MAX)
        return sup__put_through(b, q->valid_through, lang);
    if (q->kind == SUP_QUOTE_SUBSCRIPTION)
        sup__buf_put(b, ru ? "без ограничения срока, пока не изменится цена подписки"
                           : "with no end date until the subscription's price changes");
    else
        sup__buf_put(b, ru ? "без ограничения срока, пока не изменятся цена продукта или условия продления"
                           : "with no end date until the product's price or the renewal terms change");
    return SUP_OK;
}

void sup__put_no_offer(sup__buf *b, sup_offer_reason reason, sup_lang lang)
{
    sup__buf_printf(b, lang == SUP_LANG_RU ? "Предложения на эту дату нет: %s." : "No offer on this date: %s.",
                    sup_label(SUP_LABEL_OFFER_REASON, (int)reason, lang));
}

void sup__put_contact(sup__buf *b, sup_contact_kind kind, const char *value, sup_lang lang)
{
    const char *label = sup_label(SUP_LABEL_CONTACT_KIND, (int)kind, lang);
    if (label[0] != '\0')
        sup__buf_printf(b, "%s: ", label);
    sup__buf_put(b, value);
}

/* ---- the public phrases ------------------------------------------------------------------------------------ */

static int check_lang(sup_lang lang, const char *fn)
{
    if ((unsigned)lang > SUP_LANG_EN)
        return sup__fail(SUP_EINVAL, "%s: unknown language %d", fn, (int)lang);
    return SUP_OK;
}

/* Hand over a phrase built in b, or drop it on rc. */
static int finish(sup__buf *b, int rc, char **out)
{
    if (rc != SUP_OK) {
        sup__buf_dispose(b);
        return rc;
    }
    return sup__buf_finish(b, out);
}

int sup_render_date_inclusive(sup_date date, sup_lang lang, char **out)
{
    SUP__CHECK_ARG(out, "sup_render_date_inclusive");
    *out = NULL;
    int rc = check_lang(lang, "sup_render_date_inclusive");
    if (rc == SUP_OK)
        rc = sup__check_date(date, "date");
    sup__buf b = {0};
    if (rc == SUP_OK)
        rc = sup__put_date_inclusive(&b, date, lang);
    return finish(&b, rc, out);
}

int sup_render_through(sup_date date, sup_lang lang, char **out)
{
    SUP__CHECK_ARG(out, "sup_render_through");
    *out = NULL;
    int rc = check_lang(lang, "sup_render_through");
    if (rc == SUP_OK)
        rc = sup__check_date(date, "date");
    sup__buf b = {0};
    if (rc == SUP_OK)
        rc = sup__put_through(&b, date, lang);
    return finish(&b, rc, out);
}

int sup_render_validity(const sup_quote *quote, sup_lang lang, char **out)
{
    SUP__CHECK_ARG(out, "sup_render_validity");
    *out = NULL;
    SUP__CHECK_ARG(quote, "sup_render_validity");
    int rc = check_lang(lang, "sup_render_validity");
    sup__buf b = {0};
    if (rc == SUP_OK)
        rc = sup__put_validity(&b, quote, lang);
    return finish(&b, rc, out);
}

int sup_render_no_offer(const sup_offer *offer, sup_lang lang, char **out)
{
    SUP__CHECK_ARG(out, "sup_render_no_offer");
    *out = NULL;
    SUP__CHECK_ARG(offer, "sup_render_no_offer");
    int rc = check_lang(lang, "sup_render_no_offer");
    if (rc == SUP_OK && sup_offer_quote(offer) != NULL)
        rc = sup__fail(SUP_EINVAL, "sup_render_no_offer: there is an offer (a %s)",
                       sup_offer_kind_name(sup_offer_kind_of(offer)));
    sup__buf b = {0};
    if (rc == SUP_OK)
        sup__put_no_offer(&b, sup_offer_reason_of(offer), lang);
    return finish(&b, rc, out);
}

int sup_render_contact(sup_contact_kind kind, const char *value, sup_lang lang, char **out)
{
    SUP__CHECK_ARG(out, "sup_render_contact");
    *out = NULL;
    SUP__CHECK_ARG(value, "sup_render_contact");
    int rc = check_lang(lang, "sup_render_contact");
    if (rc == SUP_OK && (unsigned)kind > SUP_CONTACT_OTHER)
        rc = sup__fail(SUP_EINVAL, "sup_render_contact: unknown contact kind %d", (int)kind);
    if (rc == SUP_OK)
        rc = sup__check_contact_value(value);
    sup__buf b = {0};
    if (rc == SUP_OK)
        sup__put_contact(&b, kind, value, lang);
    return finish(&b, rc, out);
}
