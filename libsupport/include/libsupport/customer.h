/*
 * libsupport — customers you can reach: the contact data of a ledger's
 * customers (e-mail addresses, phone, INN and KPP, preferred language, a free
 * note), read as one object and changed field by field.
 *
 * Every value is checked with requisites.h before it is stored:
 *  - e-mail addresses: sup_email_check, stored exactly as given, in the order
 *    given (at most SUP_CUSTOMER_EMAILS_MAX, no two naming the same mailbox by
 *    sup_email_equal's rule). A customer is found by any of its addresses
 *    under the same rule (sup_ledger_find_customers_by_email: the portal signs
 *    customers in by e-mail); one address may belong to several customers (an
 *    accountant serving several companies).
 *  - the phone: sup_phone_normalize; the E.164 form is stored ("+79278531526").
 *  - the INN: sup_inn_check (10 digits for an organisation, 12 for a person);
 *    the KPP: sup_kpp_check, and only beside a 10-digit INN (a person and a
 *    sole proprietor have no KPP).
 *  - the language: "ru" or "en" (none set: notices in Russian).
 *  - the note: free text (line breaks allowed), at most SUP_CUSTOMER_NOTE_MAX bytes.
 * A bad value is SUP_EINVAL naming the field and the value; nothing is changed.
 *
 * Contact data may change; every change is one transaction with one audit
 * event ("add_customer", "update_customer") naming each changed field with its
 * old and its new value ("phone= -> +79278531526; emails=a@x.ru -> a@x.ru, b@x.ru").
 */
#ifndef LIBSUPPORT_CUSTOMER_H
#define LIBSUPPORT_CUSTOMER_H

#include "common.h"
#include "ledger.h"
#include "notice.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The most e-mail addresses of one customer. */
#define SUP_CUSTOMER_EMAILS_MAX 16
/** The longest note, in bytes. */
#define SUP_CUSTOMER_NOTE_MAX 2000

/* ---- reading ------------------------------------------------------------------ */

/** A customer as stored (opaque; free with sup_customer_free). */
typedef struct sup_customer sup_customer;

/** The customer with this id (SUP_ENOTFOUND if none). */
SUP_API SUP_NODISCARD int sup_ledger_get_customer(sup_ledger *ledger, sup_id customer, sup_customer **out);
/** The customer with this code (SUP_ENOTFOUND if none). */
SUP_API SUP_NODISCARD int sup_ledger_get_customer_by_code(sup_ledger *ledger, const char *code, sup_customer **out);
/** NULL is fine. */
SUP_API void sup_customer_free(sup_customer *customer);

/* Getters: strings are owned by the object; NULL where nothing is stored. */
SUP_API sup_id sup_customer_id(const sup_customer *customer);
SUP_API const char *sup_customer_code(const sup_customer *customer);
SUP_API const char *sup_customer_name(const sup_customer *customer);
/** The phone in E.164 form ("+79278531526"), or NULL. */
SUP_API const char *sup_customer_phone(const sup_customer *customer);
SUP_API const char *sup_customer_inn(const sup_customer *customer);
SUP_API const char *sup_customer_kpp(const sup_customer *customer);
/** The stored language code, "ru" or "en", or NULL when none is set. */
SUP_API const char *sup_customer_lang_code(const sup_customer *customer);
/** The language of the customer's notices: the stored one, SUP_LANG_RU when none is set. */
SUP_API sup_lang sup_customer_lang(const sup_customer *customer);
SUP_API const char *sup_customer_note(const sup_customer *customer);
/** The number of e-mail addresses (0 … SUP_CUSTOMER_EMAILS_MAX). */
SUP_API size_t sup_customer_email_count(const sup_customer *customer);
/** Address i (from 0) as it was given, or NULL if out of range. */
SUP_API const char *sup_customer_email(const sup_customer *customer, size_t i);

/* ---- changing ------------------------------------------------------------------ */

/** Which fields a change sets (sup_customer_fields.change). */
#define SUP_CUSTOMER_NAME 0x01u
#define SUP_CUSTOMER_EMAILS 0x02u
#define SUP_CUSTOMER_PHONE 0x04u
#define SUP_CUSTOMER_INN 0x08u
#define SUP_CUSTOMER_KPP 0x10u
#define SUP_CUSTOMER_LANG 0x20u
#define SUP_CUSTOMER_NOTE 0x40u
#define SUP_CUSTOMER_ALL 0x7Fu

/**
 * The fields of a change (initialise with sup_customer_fields_init). Only the
 * fields whose bit is in `change` are set; the others keep their value. A
 * NULL or "" value of a set text field clears it (the name cannot be cleared);
 * `emails` replaces the whole list of addresses (email_count 0 clears it).
 */
typedef struct sup_customer_fields {
    unsigned version;          /**< SUP_CUSTOMER_FIELDS_VERSION */
    unsigned change;           /**< SUP_CUSTOMER_* bits */
    const char *name;          /**< SUP_CUSTOMER_NAME: 1 … SUP_LEDGER_NAME_MAX bytes */
    const char *const *emails; /**< SUP_CUSTOMER_EMAILS: email_count addresses, in order */
    size_t email_count;
    const char *phone; /**< SUP_CUSTOMER_PHONE: any form sup_phone_normalize accepts */
    const char *inn;   /**< SUP_CUSTOMER_INN */
    const char *kpp;   /**< SUP_CUSTOMER_KPP */
    const char *lang;  /**< SUP_CUSTOMER_LANG: "ru" or "en" */
    const char *note;  /**< SUP_CUSTOMER_NOTE */
} sup_customer_fields;
#define SUP_CUSTOMER_FIELDS_VERSION 1

/** Fill `fields` with an empty change of `version` (SUP_CUSTOMER_FIELDS_VERSION; else SUP_EINVAL). */
SUP_API SUP_NODISCARD int sup_customer_fields_init(sup_customer_fields *fields, unsigned version);

/**
 * Add a customer with a unique code (SUP_ECONFLICT if taken) and the fields of
 * `fields`, which must set the name. `out` (may be NULL) gets its id.
 */
SUP_API SUP_NODISCARD int sup_ledger_add_customer_ext(sup_ledger *ledger, const char *actor, const char *code,
                                                      const sup_customer_fields *fields, sup_id *out);

/**
 * Change the fields of `fields` of a customer. Fields given with the value
 * they already have do not count as changes; when nothing changes, nothing is
 * written (no audit event). `changed` (may be NULL) gets the SUP_CUSTOMER_*
 * bits of the fields that did change. A KPP needs a 10-digit INN (the one
 * stored, or the one set by the same change).
 */
SUP_API SUP_NODISCARD int sup_ledger_update_customer_ext(sup_ledger *ledger, const char *actor, sup_id customer,
                                                         const sup_customer_fields *fields, unsigned *changed);

/**
 * The customers with an address naming the same mailbox as `address`
 * (sup_email_equal's rule: the local part exactly, the domain in any case), by
 * id, as rows of sup_ledger_list_customers. SUP_EINVAL if `address` is not an
 * e-mail address (sup_email_check). No match is an empty cursor.
 */
SUP_API SUP_NODISCARD int sup_ledger_find_customers_by_email(sup_ledger *ledger, const char *address,
                                                             sup_cursor **out);

#ifdef __cplusplus
}
#endif
#endif /* LIBSUPPORT_CUSTOMER_H */
