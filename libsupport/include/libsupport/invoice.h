/*
 * libsupport — invoices (счёт на оплату) for a license's offer, the vendor's
 * requisites printed on them, and paying them: the money a customer sends by
 * bank transfer applies the renewal or subscription payment its invoice fixed,
 * once, or is kept for a manager's review with the reason. docs/invoices.md is
 * the overview (from a renewal request to support extended).
 *
 * An invoice fixes, on the date it is issued, the offer of sup_ledger_quote_renewal
 * (a perpetual license) or sup_ledger_quote_payment (a subscription): its kind,
 * fee and new support end, valid through the quote's valid_through; the payer
 * (the customer's name, INN and KPP) and the vendor's requisites as they were
 * then; the VAT of the policy version in force (policy key vat_rate_bp, default
 * "Без НДС"); and the payment purpose the customer copies into the payment
 * order. Its number is "YYYY-NNNNNN": unique and without gaps within the year
 * of its date, also when several processes issue invoices at once on either
 * engine (a counter row per year, taken in the issuing transaction). An issued
 * invoice is never changed (append-only, like all history in the ledger).
 *
 * Every string a sup_vendor or sup_invoice returns is UTF-8, owned by it, and
 * valid until it is freed.
 */
#ifndef LIBSUPPORT_INVOICE_H
#define LIBSUPPORT_INVOICE_H

#include "bank.h"
#include "common.h"
#include "ledger.h"
#include "license.h"
#include "settings.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- the vendor's requisites ------------------------------------------------------------------ */

/** The vendor's requisites: who issues invoices and where the money goes. */
typedef struct sup_vendor sup_vendor;

/** The fields of the vendor's requisites, with their settings-file keys (sup_vendor_from_settings). */
typedef enum sup_vendor_field {
    SUP_VENDOR_NAME = 0,         /**< [vendor] name: the legal name, required ("ООО «Восьмёрка Про»") */
    SUP_VENDOR_INN = 1,          /**< [vendor] inn: required, a valid INN (10 digits: an organisation) */
    SUP_VENDOR_KPP = 2,          /**< [vendor] kpp: required with a 10-digit INN, absent with a 12-digit one */
    SUP_VENDOR_ADDRESS = 3,      /**< [vendor] address: optional, printed under the name */
    SUP_VENDOR_BANK_NAME = 4,    /**< [bank] name: required, the bank and its city */
    SUP_VENDOR_BIK = 5,          /**< [bank] bik: required, a valid BIK */
    SUP_VENDOR_CORR_ACCOUNT = 6, /**< [bank] correspondent_account: required, valid for the BIK */
    SUP_VENDOR_ACCOUNT = 7,      /**< [bank] settlement_account: required, valid for the BIK */
    SUP_VENDOR_DIRECTOR = 8,     /**< [vendor] director: optional, the name on the signature line */
    SUP_VENDOR_ACCOUNTANT = 9    /**< [vendor] accountant: optional, the chief accountant's name */
} sup_vendor_field;
#define SUP_VENDOR_FIELD_COUNT 10
/** The longest value of a field, in bytes of UTF-8. */
#define SUP_VENDOR_VALUE_MAX 512

/** "name", "inn", "kpp", "address", "bank_name", "bik", "correspondent_account", "settlement_account",
 *  "director", "accountant" ("" for an unknown field). */
SUP_API const char *sup_vendor_field_name(sup_vendor_field field);

/** New empty requisites (every field unset). */
SUP_API SUP_NODISCARD int sup_vendor_new(sup_vendor **out);
SUP_API void sup_vendor_free(sup_vendor *vendor);
/** A deep copy. */
SUP_API SUP_NODISCARD int sup_vendor_clone(const sup_vendor *vendor, sup_vendor **out);

/**
 * Set a field (NULL or "" unsets it). The value must be valid UTF-8 on one line
 * without control characters, at most SUP_VENDOR_VALUE_MAX bytes (SUP_EINVAL).
 * Only the text is checked here; sup_vendor_check checks the whole.
 */
SUP_API SUP_NODISCARD int sup_vendor_set(sup_vendor *vendor, sup_vendor_field field, const char *value);
/** A field's value, NULL if unset (or for an unknown field). */
SUP_API const char *sup_vendor_get(const sup_vendor *vendor, sup_vendor_field field);

/**
 * Check requisites before they are printed on invoices: every required field
 * is set, the INN, KPP, BIK and both accounts pass requisites.h (the accounts'
 * control keys against the BIK), a 10-digit INN (an organisation) has a KPP
 * and a 12-digit one (a sole proprietor) has none. SUP_EINVAL naming the first
 * missing field, SUP_EPARSE with the check's message ("vendor settlement
 * account: invalid account …").
 */
SUP_API SUP_NODISCARD int sup_vendor_check(const sup_vendor *vendor);

/**
 * The requisites of a settings file (settings.h; examples/settings/vendor.ini):
 * sections [vendor] (name, inn, kpp, address, director, accountant) and [bank]
 * (name, bik, correspondent_account, settlement_account). An unknown section
 * or key is refused (sup_settings_check_keys), then the result is checked with
 * sup_vendor_check; messages name the file and the line of a bad value
 * ("vendor.ini:4: [vendor] inn: invalid INN …"). *out is NULL on failure.
 */
SUP_API SUP_NODISCARD int sup_vendor_from_settings(const sup_settings *settings, sup_vendor **out);

/**
 * Store the vendor's requisites in the ledger, in force from `effective` on
 * (a later version on the same date supersedes an earlier one; earlier
 * versions stay on record, and every invoice keeps the version it was issued
 * with). They are checked with sup_vendor_check first. `out` (may be NULL)
 * gets the version id. Audited ("set_vendor").
 */
SUP_API SUP_NODISCARD int sup_ledger_set_vendor(sup_ledger *ledger, const char *actor, sup_date effective,
                                                const sup_vendor *vendor, sup_id *out);
/**
 * The requisites in force on `on` (a new object to free with sup_vendor_free)
 * and, if `version` is not NULL, their version id. SUP_ENOTFOUND if none are.
 */
SUP_API SUP_NODISCARD int sup_ledger_get_vendor(sup_ledger *ledger, sup_date on, sup_id *version,
                                                sup_vendor **out);

/* ---- invoices ----------------------------------------------------------------------------------- */

/** A stored invoice with what it fixed and whether it was paid. */
typedef struct sup_invoice sup_invoice;

/** Where an invoice stands on a date. */
typedef enum sup_invoice_state {
    SUP_INVOICE_NOT_ISSUED = 0, /**< the date is before the invoice's date */
    SUP_INVOICE_OPEN = 1,       /**< awaiting payment (the date is on or before valid_through) */
    SUP_INVOICE_PAID = 2,       /**< paid on or before the date (and the payment was not voided) */
    SUP_INVOICE_EXPIRED = 3     /**< not paid, and valid_through has passed */
} sup_invoice_state;

/** "not_issued", "open", "paid", "expired" ("" if unknown). */
SUP_API const char *sup_invoice_state_name(sup_invoice_state state);

/** The longest invoice number: "YYYY-NNNNNN" (SUP_INVOICE_NUMBER_LEN, from bank.h). */
#define SUP_INVOICE_NUMBER_BUFSIZE (SUP_INVOICE_NUMBER_LEN + 1)
/** The most invoices a year can have (six digits). */
#define SUP_INVOICE_PER_YEAR_MAX 999999

/** Options of sup_ledger_issue_invoice (initialise with sup_invoice_options_init). */
typedef struct sup_invoice_options {
    unsigned version; /**< SUP_INVOICE_OPTIONS_VERSION */
    /** The payer printed on the invoice; NULL: the customer's name in the ledger. */
    const char *payer_name;
    /**
     * The payer's INN and KPP; NULL: the customer's in the ledger (none if the
     * ledger has none). "" means none. A given INN or KPP must be valid
     * (requisites.h). A bank payment for the invoice must come from this INN
     * (when the invoice has one).
     */
    const char *payer_inn;
    const char *payer_kpp;
} sup_invoice_options;
#define SUP_INVOICE_OPTIONS_VERSION 1

/** Fill `opts` with the defaults of `version` (SUP_INVOICE_OPTIONS_VERSION): every field NULL. */
SUP_API SUP_NODISCARD int sup_invoice_options_init(sup_invoice_options *opts, unsigned version);

/**
 * Issue an invoice for the offer of `license` on `on`: the renewal quote of a
 * perpetual license, the payment quote of a subscription (with the product's
 * whole price history and every policy version), the vendor's requisites in
 * force on `on`, the VAT rate of the policy version in force on `on`
 * (sup_vat_amount), the payer, the payment purpose (sup_invoice_purpose), and
 * the next number of the year of `on`. In one transaction with its audit event
 * ("issue_invoice").
 *
 * If the license already has an invoice open on `on` for the same offer (the
 * same kind and fee from the same support end), that invoice is returned and
 * nothing is issued (a repeated request gets the same invoice, and numbers are
 * not used up); sup_invoice_is_new tells which.
 *
 * Errors: those of the quote (SUP_ENOTAPPLICABLE, SUP_ESTATE before the
 * purchase, SUP_ENOTFOUND with no price or policy on the date …); SUP_ENOTFOUND
 * for an unknown license or when no vendor requisites are in force on `on`;
 * SUP_EINVAL/SUP_EPARSE for bad options; SUP_ERANGE when the year already has
 * SUP_INVOICE_PER_YEAR_MAX invoices. *out is NULL on failure.
 */
SUP_API SUP_NODISCARD int sup_ledger_issue_invoice(sup_ledger *ledger, const char *actor, sup_id license,
                                                   sup_date on, const sup_invoice_options *opts,
                                                   sup_invoice **out);

/** The invoice with this number (SUP_ENOTFOUND if none; SUP_EINVAL if not of the form YYYY-NNNNNN). */
SUP_API SUP_NODISCARD int sup_ledger_get_invoice(sup_ledger *ledger, const char *number, sup_invoice **out);

/**
 * The license's invoice awaiting payment on `on` (the latest one issued on or
 * before `on`, not paid, with valid_through >= on), for showing "awaiting
 * payment until …". SUP_ENOTFOUND if there is none (or the license is unknown).
 */
SUP_API SUP_NODISCARD int sup_ledger_open_invoice(sup_ledger *ledger, sup_id license, sup_date on,
                                                  sup_invoice **out);

SUP_API void sup_invoice_free(sup_invoice *invoice);

/** The invoice's id in the ledger, and its number "YYYY-NNNNNN". */
SUP_API sup_id sup_invoice_id(const sup_invoice *invoice);
SUP_API const char *sup_invoice_number(const sup_invoice *invoice);
/** The invoice's date. */
SUP_API sup_date sup_invoice_issued_on(const sup_invoice *invoice);
SUP_API sup_id sup_invoice_license(const sup_invoice *invoice);
SUP_API sup_id sup_invoice_customer(const sup_invoice *invoice);
SUP_API sup_id sup_invoice_product(const sup_invoice *invoice);
/**
 * The quote the invoice fixed (owned by the invoice): its kind, rate, list
 * price, fee (the amount to pay), the support end before and after, and
 * valid_through (the last day it may be paid); sup_quote_on is the invoice's date.
 */
SUP_API const sup_quote *sup_invoice_quote(const sup_invoice *invoice);
/** The amount to pay (the quote's fee), kopecks. */
SUP_API sup_money sup_invoice_amount(const sup_invoice *invoice);
/** The VAT rate (SUP_VAT_NONE: "Без НДС") and the VAT included in the amount, kopecks. */
SUP_API sup_rate sup_invoice_vat_rate(const sup_invoice *invoice);
SUP_API sup_money sup_invoice_vat_amount(const sup_invoice *invoice);
/** The policy version that priced it (0 for a subscription payment), and the vendor requisites' version. */
SUP_API sup_id sup_invoice_policy_version(const sup_invoice *invoice);
SUP_API sup_id sup_invoice_vendor_version(const sup_invoice *invoice);
/** The vendor's requisites printed on it (owned by the invoice). */
SUP_API const sup_vendor *sup_invoice_vendor(const sup_invoice *invoice);
/** The payer as printed: name, INN and KPP (INN and KPP NULL if none). */
SUP_API const char *sup_invoice_payer_name(const sup_invoice *invoice);
SUP_API const char *sup_invoice_payer_inn(const sup_invoice *invoice);
SUP_API const char *sup_invoice_payer_kpp(const sup_invoice *invoice);
/** The product's name as printed. */
SUP_API const char *sup_invoice_product_name(const sup_invoice *invoice);
/** The payment purpose printed on the invoice (sup_invoice_purpose). */
SUP_API const char *sup_invoice_purpose_text(const sup_invoice *invoice);
/** Who issued it (the actor). */
SUP_API const char *sup_invoice_actor(const sup_invoice *invoice);
/** 1 if the call that returned it issued it, 0 if it returned an invoice issued before. */
SUP_API int sup_invoice_is_new(const sup_invoice *invoice);

/**
 * The payment that paid it, as the ledger knew when the invoice was read: the
 * date the money arrived (SUP_DATE_NONE if unpaid), the license event it
 * recorded (0) and its payment id (NULL). A voided payment does not count.
 */
SUP_API sup_date sup_invoice_paid_on(const sup_invoice *invoice);
SUP_API sup_id sup_invoice_paid_event(const sup_invoice *invoice);
SUP_API const char *sup_invoice_payment_id(const sup_invoice *invoice);

/** Where the invoice stands on `on` (sup_invoice_state). */
SUP_API sup_invoice_state sup_invoice_state_on(const sup_invoice *invoice, sup_date on);

/**
 * What an invoice's state on `on` means, for the customer, in `lang`:
 *   open:    "Счёт № 2026-000001 на 1 998,00 руб. ожидает оплаты до 20.08.2026 включительно."
 *            "Invoice 2026-000001 for 1,998.00 RUB is awaiting payment until 2026-08-20 inclusive."
 *   paid:    "Счёт № 2026-000001 оплачен 05.08.2026." / "Invoice 2026-000001 was paid on 2026-08-05."
 *   expired: "Срок оплаты счёта № 2026-000001 истёк 20.08.2026." / "Invoice 2026-000001 expired on 2026-08-20."
 *   not issued yet (`on` before its date): "Счёт № 2026-000001 будет действовать с 01.08.2026." /
 *            "Invoice 2026-000001 is dated 2026-08-01."
 * A new string (free with sup_free). SUP_EINVAL for a NULL invoice or an unknown language, SUP_EDATE for
 * an invalid date.
 */
SUP_API SUP_NODISCARD int sup_invoice_render_state(const sup_invoice *invoice, sup_date on, sup_lang lang, char **out);

/**
 * The payment purpose (назначение платежа) of an invoice, as printed on it:
 *   "Оплата по счёту № 2026-000123 от 01.12.2026 за продление технической
 *    поддержки «Отчёт по продажам» по 15.07.2027. Без НДС"
 * ("за подписку «…» по …" for a subscription payment; "В том числе НДС 20 % —
 * 333,00 руб." with a VAT rate). A new string (free with sup_free).
 */
SUP_API SUP_NODISCARD int sup_invoice_purpose(const sup_invoice *invoice, char **out);

/**
 * The invoice as a complete HTML document in Russian, laid out for printing on
 * A4 (CSS @page): the bank requisites block for the payment order, the title
 * "Счёт на оплату № … от …", supplier and buyer, the line with the service and
 * its period, the total, the VAT line (or "Без НДС"), the amount in words
 * (sup_money_in_words), the last day it may be paid, the payment purpose and
 * the signature lines. Every piece of data is HTML-escaped. A new string (free
 * with sup_free); print it to PDF with a browser (supportctl uses Chromium's
 * --print-to-pdf, docs/invoices.md).
 */
SUP_API SUP_NODISCARD int sup_invoice_render_html(const sup_invoice *invoice, char **out);

/*
 * Rows of sup_ledger_list_invoices (ledger.h cursors), each with its state on
 * the list's date.
 */
typedef enum sup_invoice_column {
    SUP_INVCOL_INVOICE = 0,           /**< "invoice": sup_id */
    SUP_INVCOL_NUMBER = 1,            /**< "number": text "YYYY-NNNNNN" */
    SUP_INVCOL_ISSUED_ON = 2,         /**< "issued_on": date */
    SUP_INVCOL_LICENSE = 3,           /**< "license": sup_id */
    SUP_INVCOL_CUSTOMER = 4,          /**< "customer": sup_id */
    SUP_INVCOL_PRODUCT = 5,           /**< "product": sup_id */
    SUP_INVCOL_KIND = 6,              /**< "kind": sup_quote_kind (column type SUP_COLUMN_QUOTE_KIND) */
    SUP_INVCOL_AMOUNT = 7,            /**< "amount": money to pay */
    SUP_INVCOL_VAT = 8,               /**< "vat": money, the VAT included (0 without VAT) */
    SUP_INVCOL_NEW_SUPPORT_UNTIL = 9, /**< "new_support_until": date */
    SUP_INVCOL_VALID_THROUGH = 10,    /**< "valid_through": date, the last day it may be paid */
    SUP_INVCOL_STATE = 11,            /**< "state": sup_invoice_state on the list's date (SUP_COLUMN_INVOICE_STATE) */
    SUP_INVCOL_PAID_ON = 12,          /**< "paid_on": date the payment arrived, none if unpaid on the list's date */
    SUP_INVCOL_PAYMENT_ID = 13,       /**< "payment_id": text of that payment, NULL if unpaid */
    SUP_INVCOL_PAYER_NAME = 14,       /**< "payer_name": text */
    SUP_INVCOL_PAYER_INN = 15         /**< "payer_inn": text or NULL */
} sup_invoice_column;

/** Which invoices sup_ledger_list_invoices lists (initialise with sup_invoice_list_options_init). */
typedef struct sup_invoice_list_options {
    unsigned version;        /**< SUP_INVOICE_LIST_OPTIONS_VERSION */
    sup_date on;             /**< the date the states are for (required: the library never reads the clock) */
    sup_date from, to;       /**< invoices dated from … to, inclusive (SUP_DATE_NONE: no bound); to <= on */
    sup_id license;          /**< only this license's (0: every license) */
    sup_id customer;         /**< only this customer's (0: every customer) */
    sup_invoice_state state; /**< only invoices in this state on `on` (SUP_INVOICE_NOT_ISSUED: any) */
} sup_invoice_list_options;
#define SUP_INVOICE_LIST_OPTIONS_VERSION 1

SUP_API SUP_NODISCARD int sup_invoice_list_options_init(sup_invoice_list_options *opts, unsigned version);
/**
 * Invoices issued on or before opts->on (and within from … to), by date then
 * number, each with its state on opts->on. SUP_EDATE for a missing or bad
 * date, SUP_ENOTFOUND for an unknown license or customer.
 */
SUP_API SUP_NODISCARD int sup_ledger_list_invoices(sup_ledger *ledger, const sup_invoice_list_options *opts,
                                                   sup_cursor **out);

/* ---- paying invoices -------------------------------------------------------------------------- */

/** A payment received for an invoice (from a bank statement, or entered by hand). */
typedef struct sup_incoming_payment {
    unsigned version;           /**< SUP_INCOMING_PAYMENT_VERSION */
    const char *payment_id;     /**< required: the payment's unique id (a bank document's: sup_bank_payment_id) */
    sup_date received_on;       /**< required: the date the money arrived; the payment applies on it */
    sup_money amount;           /**< kopecks received (>= 0) */
    const char *invoice_number; /**< the invoice paid; NULL: found in `purpose` */
    const char *purpose;        /**< the payment purpose (invoice numbers are found in it); NULL: none */
    const char *payer_inn;      /**< the payer's INN as the bank gives it; NULL or "": not checked */
    const char *payer_name;     /**< for the review list; NULL: none */
    const char *payer_account;  /**< for the review list; NULL: none */
    const char *source;         /**< where it comes from: "bank", "manual" … (NULL: "manual"), at most 32 bytes */
} sup_incoming_payment;
#define SUP_INCOMING_PAYMENT_VERSION 1

/** Fill `p` with the defaults of `version`: every text NULL, no date, amount 0. */
SUP_API SUP_NODISCARD int sup_incoming_payment_init(sup_incoming_payment *p, unsigned version);

/** What became of a payment. */
typedef enum sup_payment_status {
    SUP_PAYMENT_NONE = 0,
    SUP_PAYMENT_APPLIED = 1,           /**< the invoice's renewal or payment was recorded on received_on */
    SUP_PAYMENT_ALREADY_APPLIED = 2,   /**< this payment (its id) was applied before: nothing changed */
    SUP_PAYMENT_REVIEW = 3,            /**< refused, with the reason, and kept for a manager's review */
    SUP_PAYMENT_ALREADY_IN_REVIEW = 4, /**< this payment was kept for review before: nothing changed */
    SUP_PAYMENT_VOIDED = 5,            /**< this payment was applied before and voided since: not applied again */
    SUP_PAYMENT_CONFLICT = 6,          /**< its id is recorded for another payment (amount, invoice): not recorded */
    SUP_PAYMENT_IGNORED_OUTGOING = 7,  /**< bank import: money sent from (or between) the vendor's own accounts */
    SUP_PAYMENT_IGNORED_ACCOUNT = 8,   /**< bank import: a document of an account that is not the vendor's */
    SUP_PAYMENT_UNREADABLE = 9         /**< bank import: money received, but a field the ledger does not take
                                            (too long, a control character): not recorded, the reason in message */
} sup_payment_status;
#define SUP_PAYMENT_STATUS_COUNT 10

/** Why a payment was kept for review. */
typedef enum sup_review_reason {
    SUP_REVIEW_NONE = 0,
    SUP_REVIEW_UNKNOWN_INVOICE = 1,  /**< no invoice of the ledger is named (or the number given is unknown) */
    SUP_REVIEW_SEVERAL_INVOICES = 2, /**< one payment names two or more invoices */
    SUP_REVIEW_WRONG_PAYER = 3,      /**< the payer's INN is not the invoice's payer's */
    SUP_REVIEW_ALREADY_PAID = 4,     /**< the invoice was paid by another payment */
    SUP_REVIEW_EXPIRED = 5,          /**< the money arrived after the invoice's valid_through */
    SUP_REVIEW_PARTIAL = 6,          /**< less than the invoice's amount */
    SUP_REVIEW_WRONG_AMOUNT = 7,     /**< more than the invoice's amount */
    SUP_REVIEW_LICENSE_CHANGED = 8   /**< the license changed since the invoice: its offer on the date is not the one fixed */
} sup_review_reason;

/** "none", "applied", "already_applied", "review", "already_in_review", "voided", "conflict",
 *  "ignored_outgoing", "ignored_account", "unreadable" ("" if unknown). */
SUP_API const char *sup_payment_status_name(sup_payment_status status);
/** "none", "unknown_invoice", "several_invoices", "wrong_payer", "already_paid", "expired", "partial",
 *  "wrong_amount", "license_changed" ("" if unknown). */
SUP_API const char *sup_review_reason_name(sup_review_reason reason);

/** The outcome of one payment. Set version to SUP_RECEIPT_OUTCOME_VERSION before the call. */
typedef struct sup_receipt_outcome {
    unsigned version;                               /**< SUP_RECEIPT_OUTCOME_VERSION */
    sup_payment_status status;
    sup_review_reason reason;                       /**< why it is in review (else SUP_REVIEW_NONE) */
    char payment_id[SUP_LEDGER_PAYMENT_ID_MAX + 1]; /**< the payment's id */
    char invoice_number[SUP_INVOICE_NUMBER_BUFSIZE]; /**< the invoice it paid or was for ("" if none) */
    sup_id invoice;                                 /**< that invoice (0) */
    sup_id license;                                 /**< its license (0) */
    sup_id event;                                   /**< the license event recorded (applied), else 0 */
    sup_id review;                                  /**< the review entry (in review), else 0 */
    sup_date received_on;
    sup_money amount;
    sup_date support_until;                         /**< applied: the support end before */
    sup_date new_support_until;                     /**< applied: the support end after */
    int line;                                       /**< bank import: the document's line in the statement */
    char message[512];                              /**< what happened, for people (the reason in words) */
} sup_receipt_outcome;
#define SUP_RECEIPT_OUTCOME_VERSION 1

/**
 * Apply a payment received for an invoice, idempotently:
 *  - the same payment id again changes nothing (ALREADY_APPLIED, ALREADY_IN_REVIEW,
 *    VOIDED); the same id with another amount, or recorded as another kind of
 *    payment, is SUP_ECONFLICT;
 *  - the invoice is `invoice_number`, or the one invoice of the ledger named in
 *    the purpose (sup_bank_find_invoice_numbers);
 *  - it applies (APPLIED: the renewal or subscription payment recorded on
 *    received_on, exactly as sup_ledger_renew / sup_ledger_pay with the
 *    invoice's fee, linked to the invoice, audited as "renew"/"pay" with
 *    invoice=…) when the invoice is unpaid, the payer's INN (if given) is the
 *    invoice's, received_on <= valid_through, the amount is the invoice's, and
 *    the license's offer on received_on is still the one the invoice fixed
 *    (same kind and fee from the same support end);
 *  - anything else is never applied silently and never lost: it is kept for
 *    review (REVIEW, with the reason and a message; audited "review_payment").
 * Returns SUP_OK with the outcome in *out for each of these; an error only for
 * bad arguments (SUP_EINVAL, SUP_EDATE, SUP_EMONEY), SUP_ECONFLICT, storage
 * (then nothing changed). One transaction.
 */
SUP_API SUP_NODISCARD int sup_ledger_pay_invoice(sup_ledger *ledger, const char *actor, const sup_incoming_payment *p,
                                                 sup_receipt_outcome *out);
/** What sup_ledger_pay_invoice would do, changing nothing (APPLIED means "would apply"). */
SUP_API SUP_NODISCARD int sup_ledger_match_payment(sup_ledger *ledger, const sup_incoming_payment *p,
                                                   sup_receipt_outcome *out);

/* ---- the review list -------------------------------------------------------------------------- */

typedef enum sup_review_column {
    SUP_REVCOL_REVIEW = 0,         /**< "review": sup_id */
    SUP_REVCOL_PAYMENT_ID = 1,     /**< "payment_id": text */
    SUP_REVCOL_SOURCE = 2,         /**< "source": text ("bank", "manual" …) */
    SUP_REVCOL_RECEIVED_ON = 3,    /**< "received_on": date */
    SUP_REVCOL_AMOUNT = 4,         /**< "amount": money */
    SUP_REVCOL_REASON = 5,         /**< "reason": sup_review_reason (SUP_COLUMN_REVIEW_REASON) */
    SUP_REVCOL_MESSAGE = 6,        /**< "message": text, the reason in words */
    SUP_REVCOL_INVOICE = 7,        /**< "invoice": text, the invoice number it was matched to, or NULL */
    SUP_REVCOL_INVOICES = 8,       /**< "invoices": text, every invoice number the purpose names, '\n'-separated */
    SUP_REVCOL_PAYER_NAME = 9,     /**< "payer_name": text or NULL */
    SUP_REVCOL_PAYER_INN = 10,     /**< "payer_inn": text or NULL */
    SUP_REVCOL_PAYER_ACCOUNT = 11, /**< "payer_account": text or NULL */
    SUP_REVCOL_PURPOSE = 12,       /**< "purpose": text or NULL */
    SUP_REVCOL_BANK_IMPORT = 13,   /**< "bank_import": sup_id of the statement import, or 0 */
    SUP_REVCOL_CLOSED_ON = 14,     /**< "closed_on": date a manager closed it, none while open */
    SUP_REVCOL_CLOSE_NOTE = 15     /**< "close_note": text, what the manager did, or NULL */
} sup_review_column;

/** Payments kept for review, by id: only the open ones, or (all != 0) the closed ones too. */
SUP_API SUP_NODISCARD int sup_ledger_list_reviews(sup_ledger *ledger, int all, sup_cursor **out);

/**
 * Close a review entry on `on` with a note saying what was done (a refund, a
 * new invoice, a renewal entered by hand …). The entry stays on record.
 * SUP_ENOTFOUND for an unknown entry, SUP_ESTATE if it is closed already.
 * Audited ("close_review").
 */
SUP_API SUP_NODISCARD int sup_ledger_close_review(sup_ledger *ledger, const char *actor, sup_id review, sup_date on,
                                                  const char *note);

#ifdef __cplusplus
}
#endif
#endif /* LIBSUPPORT_INVOICE_H */
