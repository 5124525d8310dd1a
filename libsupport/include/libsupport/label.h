/*
 * libsupport — the words: every label a page, a report or a notice shows for
 * the library's values (states, kinds, reasons, contact channels, the names of
 * the facts), in Russian and English, and the short phrases built around a
 * date or an amount ("до 30.11.2026 включительно"). Customer notices
 * (notice.h) are written with this same table, so a page that shows a label
 * next to a notice can never word it differently.
 *
 * Consumers show these strings; they hold no policy wording of their own.
 * Labels are UTF-8 text (not HTML: escape them for a page). The static ones
 * are constant strings owned by the library; the phrases are new strings
 * freed with sup_free(), like sup_notice_render's text.
 */
#ifndef LIBSUPPORT_LABEL_H
#define LIBSUPPORT_LABEL_H

#include "common.h"
#include "license.h"
#include "notice.h"
#include "offer.h"
#include "policy.h"
#include "product.h"

#ifdef __cplusplus
extern "C" {
#endif

/** Which values a label names. Sets are only ever appended. */
typedef enum sup_label_set {
    SUP_LABEL_STATE = 0,              /**< sup_state of a perpetual license: "поддержка активна" … */
    SUP_LABEL_SUBSCRIPTION_STATE = 1, /**< sup_state of a subscription: "подписка оплачена", "подписка истекла" */
    SUP_LABEL_QUOTE_KIND = 2,         /**< sup_quote_kind: "Льготное продление поддержки" … */
    SUP_LABEL_OFFER_KIND = 3,         /**< sup_offer_kind: "продление поддержки", "оплата подписки", "нет" */
    SUP_LABEL_OFFER_REASON = 4,       /**< sup_offer_reason: "цена продукта на эту дату не установлена" … */
    SUP_LABEL_LICENSE_KIND = 5,       /**< sup_license_kind: "бессрочная", "подписка с ежемесячной оплатой" … */
    SUP_LABEL_CONTACT_KIND = 6,       /**< sup_contact_kind: "WhatsApp", "электронная почта" … ("" for other) */
    SUP_LABEL_EVENT_KIND = 7,         /**< sup_event_kind: "покупка", "льготное продление" … */
    SUP_LABEL_NOTICE_KIND = 8,        /**< sup_notice_kind: "статус поддержки", "поддержка заканчивается" … */
    SUP_LABEL_TERM = 9,               /**< sup_term: the names of the facts ("Статус", "Стоимость" …) */
    SUP_LABEL_SUPPORT_END = 10,       /**< by sup_license_kind: "Поддержка до" / "Подписка оплачена до" */
    SUP_LABEL_NEW_SUPPORT_END = 11,   /**< by sup_license_kind: "После оплаты поддержка до" / "… подписка до" */
    SUP_LABEL_NEEDS = 12,             /**< by sup_license_kind: what a release after the end needs:
                                           "Нужно продление" / "Нужна оплата подписки" */
    /* money (invoice.h, corrections.h) */
    SUP_LABEL_CORRECTION_KIND = 13,   /**< sup_correction_kind: "аннулирование платежа", "возврат", "скидка" */
    SUP_LABEL_INVOICE_STATE = 14,     /**< sup_invoice_state: "ожидает оплаты", "оплачен", "срок оплаты истёк" */
    SUP_LABEL_PAYMENT_STATUS = 15,    /**< sup_payment_status: "зачтён", "на проверке у менеджера" … */
    SUP_LABEL_REVIEW_REASON = 16,     /**< sup_review_reason: "неполная оплата", "счёт просрочен" … */
    SUP_LABEL_REVENUE_KIND = 17,      /**< sup_revenue_kind (revenue.h): "продажа лицензии", "льготное продление" … */
    SUP_LABEL_REVENUE_COLUMN = 18,    /**< sup_revenue_column: the headings of a revenue report ("Месяц",
                                           "Признано выручки", "Доходы будущих периодов на конец месяца" …) */
    SUP_LABEL_REVENUE_VIEW = 19,      /**< sup_revenue_view: the titles of a revenue report's views
                                           ("По месяцам", "По продуктам", "По видам", "Доходы будущих периодов") */
    SUP_LABEL_DOWNLOAD_VERDICT = 20,  /**< sup_download_verdict (portal.h): "можно скачать", "нужно продление" … */
    SUP_LABEL_RENEW_ACTION = 21       /**< by sup_license_kind: the button that asks for the offer:
                                           "Продлить" / "Оплатить подписку" */
} sup_label_set;

/** The names of the facts a page or a notice shows (values of SUP_LABEL_TERM). Only ever appended. */
typedef enum sup_term {
    SUP_TERM_LICENSE = 0,           /**< "Лицензия" / "License" */
    SUP_TERM_STATUS = 1,            /**< "Статус" / "Status" */
    SUP_TERM_PURCHASED = 2,         /**< "приобретена" / "bought" */
    SUP_TERM_PREFERENTIAL_UNTIL = 3, /**< "Льготное продление до" / "Preferential renewal through" */
    SUP_TERM_USE = 4,               /**< "Использование продукта" / "Use of the product" */
    SUP_TERM_CONSULTATIONS = 5,     /**< "Консультации" / "Consultations" */
    SUP_TERM_NEW_VERSIONS = 6,      /**< "Новые версии" / "New versions" */
    SUP_TERM_IDEAS = 7,             /**< "Предложение идей по развитию продукта" / "Proposing ideas for the product" */
    SUP_TERM_RELEASES = 8,          /**< "Версии" / "Versions" */
    SUP_TERM_DOWNLOADABLE = 9,      /**< "Можно скачать" / "Can be downloaded" */
    SUP_TERM_OFFER = 10,            /**< "Предложение" / "Offer" */
    SUP_TERM_OFFER_KIND = 11,       /**< "Вид" / "Kind" */
    SUP_TERM_FEE = 12,              /**< "Стоимость" / "Fee" */
    SUP_TERM_LIST_PRICE = 13,       /**< "Цена продукта" / "List price" */
    SUP_TERM_VALID_THROUGH = 14,    /**< "Цена действует" / "The price holds" */
    SUP_TERM_CONTACTS = 15,         /**< "Как с нами связаться" / "How to reach us" */
    SUP_TERM_NO_PHONE = 16,         /**< "По телефону поддержка не осуществляется." / "Support is not provided by phone." */
    SUP_TERM_NONE = 17,             /**< "нет" / "none" (an empty list) */
    SUP_TERM_LICENSE_KEY = 18,      /**< "Ключ лицензии" / "License key" */
    SUP_TERM_DOWNLOAD = 19,         /**< "Скачать" / "Download" */
    SUP_TERM_FILE_SIZE = 20,        /**< "Размер" / "Size" */
    SUP_TERM_CHECKSUM = 21,         /**< "Контрольная сумма SHA-256" / "SHA-256 checksum" */
    SUP_TERM_KEY_ISSUED = 22,       /**< "Ключ выпущен" / "Key issued" */
    SUP_TERM_REPLACE_KEY = 23,      /**< "Заменить ключ" / "Replace the key" */
    SUP_TERM_KEY_ENDS_WITH = 24,    /**< "Ключ заканчивается на" / "The key ends with" */
    SUP_TERM_NEW_KEY = 25,          /**< "Новый ключ" / "New key" */
    SUP_TERM_DOWNLOADS = 26         /**< "Загрузки" / "Downloads" */
} sup_term;

/**
 * The label of `value` in `set` in `lang`: a constant UTF-8 string, "" for an
 * unknown set, value or language. E.g. sup_label(SUP_LABEL_QUOTE_KIND,
 * SUP_QUOTE_PREFERENTIAL, SUP_LANG_RU) is "Льготное продление поддержки", the
 * words the notice's offer starts with.
 */
SUP_API const char *sup_label(sup_label_set set, int value, sup_lang lang);

/** The label of a license's state: SUP_LABEL_STATE for a perpetual license, SUP_LABEL_SUBSCRIPTION_STATE else. */
SUP_API const char *sup_state_label(sup_state state, sup_license_kind kind, sup_lang lang);

/**
 * Whether a right is given, as the notice says it: "доступны" / "недоступны"
 * for SUP_TERM_CONSULTATIONS and SUP_TERM_NEW_VERSIONS, "доступно" /
 * "недоступно" for SUP_TERM_USE and SUP_TERM_IDEAS; "available" / "not
 * available" in English. "" for any other term or an unknown language.
 */
SUP_API const char *sup_availability_label(sup_term term, int available, sup_lang lang);

/* ---- phrases (new strings: free with sup_free) ---------------------------------
 * Each fails with SUP_EINVAL for a NULL out or an unknown language, SUP_EDATE
 * for an invalid date; on failure *out is NULL. */

/** A last day, included: "10.02.2027 включительно" / "2027-02-10". */
SUP_API SUP_NODISCARD int sup_render_date_inclusive(sup_date date, sup_lang lang, char **out);

/** Up to a last day, included: "до 10.02.2027 включительно" / "through 2027-02-10". */
SUP_API SUP_NODISCARD int sup_render_through(sup_date date, sup_lang lang, char **out);

/**
 * How long a quote's price holds, as the notice says it: "до 30.11.2026
 * включительно" ("through 2026-11-30"), or, when nothing known ends it
 * (valid_through SUP_DATE_MAX), "без ограничения срока, пока не изменятся цена
 * продукта или условия продления" for a renewal and "… пока не изменится цена
 * подписки" for a subscription payment.
 */
SUP_API SUP_NODISCARD int sup_render_validity(const sup_quote *quote, sup_lang lang, char **out);

/**
 * Why there is no offer, as a sentence: "Предложения на эту дату нет: цена
 * продукта на эту дату не установлена." SUP_EINVAL if the offer has a quote.
 */
SUP_API SUP_NODISCARD int sup_render_no_offer(const sup_offer *offer, sup_lang lang, char **out);

/**
 * A contact channel as the notice lists it: "WhatsApp: +7 927 853 15 26",
 * "электронная почта: manager@v8PRO.ru"; a channel of kind other is its value
 * alone. SUP_EINVAL for an unknown kind or a value that is not one line of
 * valid text.
 */
SUP_API SUP_NODISCARD int sup_render_contact(sup_contact_kind kind, const char *value, sup_lang lang, char **out);

#ifdef __cplusplus
}
#endif
#endif /* LIBSUPPORT_LABEL_H */
