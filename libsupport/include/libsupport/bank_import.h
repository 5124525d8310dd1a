/*
 * libsupport — importing a bank statement (bank.h, 1CClientBankExchange) into
 * the ledger: every payment that reached the vendor's account is matched to
 * the invoice its purpose names and applied on the date the money arrived, or
 * kept for a manager's review with the reason (invoice.h). Importing the same
 * statement again, or an overlapping one, changes nothing: each document's
 * payment id comes from the document itself (its number, date and payer's
 * account). docs/invoices.md walks through a whole import.
 */
#ifndef LIBSUPPORT_BANK_IMPORT_H
#define LIBSUPPORT_BANK_IMPORT_H

#include "bank.h"
#include "common.h"
#include "invoice.h"
#include "ledger.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The longest payment id sup_bank_payment_id writes, with its NUL. */
#define SUP_BANK_PAYMENT_ID_BUFSIZE (SUP_LEDGER_PAYMENT_ID_MAX + 1)

/**
 * The payment id of a bank document: "bank:<payer account>:<YYYY-MM-DD>:<number>"
 * with the payer's settlement account (ПлательщикРасчСчет, else ПлательщикСчет),
 * the document's date (Дата) and its number (Номер) — what identifies a payment
 * order across statements. SUP_EINVAL for a NULL argument or a document
 * without a payer account, SUP_EBUFFER if `size` is too small (at most
 * SUP_BANK_PAYMENT_ID_BUFSIZE is needed for any id the ledger accepts; a
 * longer one is SUP_EINVAL).
 */
SUP_API SUP_NODISCARD int sup_bank_payment_id(const sup_bank_doc *doc, char *buf, size_t size);

/** Options of sup_ledger_bank_import (initialise with sup_bank_import_options_init). */
typedef struct sup_bank_import_options {
    unsigned version; /**< SUP_BANK_IMPORT_OPTIONS_VERSION */
    /** Non-zero: match and report only; the ledger is not changed (a "dry run"). */
    int dry_run;
    /**
     * The vendor's account the payments must reach; NULL: every settlement
     * account of the vendor requisites stored in the ledger (all versions, so a
     * payment to a former account still counts).
     */
    const char *account;
} sup_bank_import_options;
#define SUP_BANK_IMPORT_OPTIONS_VERSION 1

SUP_API SUP_NODISCARD int sup_bank_import_options_init(sup_bank_import_options *opts, unsigned version);

/** The report of one import: an outcome per document, in statement order. */
typedef struct sup_bank_import sup_bank_import;

/**
 * Import a parsed statement. For each document, in file order:
 *  - money leaving one of the vendor's accounts (the payer is the vendor),
 *    also a transfer between them: SUP_PAYMENT_IGNORED_OUTGOING;
 *  - a document that does not credit one of the vendor's accounts
 *    (sup_bank_doc_is_incoming): SUP_PAYMENT_IGNORED_ACCOUNT;
 *  - every other one is a payment received: sup_ledger_pay_invoice with the
 *    document's payment id (sup_bank_payment_id), the date the money arrived
 *    (ДатаПоступило, else Дата), Сумма, НазначениеПлатежа, ПлательщикИНН, the
 *    payer's name and account, source "bank".
 * Each payment is its own transaction (inside an open batch: part of it), so
 * an import stopped half-way is completed by importing the statement again.
 * The first payment that records anything stores the statement's facts
 * (bank_import: its dates, accounts, document count; audited "bank_import"),
 * and every payment it records points at it; an import that records nothing
 * (a statement imported before) stores nothing.
 *
 * Returns SUP_OK with the report in *out (free with sup_bank_import_free),
 * also when payments went to review, conflicted or were unreadable (a field the
 * ledger does not take: SUP_PAYMENT_UNREADABLE, reported, not recorded); an error for bad arguments,
 * no vendor account (SUP_ENOTFOUND: set the requisites, or give
 * opts->account), or storage (the payments before it stay applied). Parse the
 * file first (sup_bank_statement_parse): a malformed file is refused as a
 * whole with its line, before anything is applied.
 */
SUP_API SUP_NODISCARD int sup_ledger_bank_import(sup_ledger *ledger, const char *actor,
                                                 const sup_bank_statement *statement,
                                                 const sup_bank_import_options *opts, sup_bank_import **out);

SUP_API void sup_bank_import_free(sup_bank_import *report);
/** 1 if it was a dry run (nothing changed). */
SUP_API int sup_bank_import_dry_run(const sup_bank_import *report);
/** The stored statement import (0 if nothing was recorded, or a dry run). */
SUP_API sup_id sup_bank_import_id(const sup_bank_import *report);
/** The number of documents (outcomes). */
SUP_API size_t sup_bank_import_count(const sup_bank_import *report);
/** A copy of outcome i (set out->version first); SUP_ENOTFOUND if i is out of range. */
SUP_API SUP_NODISCARD int sup_bank_import_outcome(const sup_bank_import *report, size_t i, sup_receipt_outcome *out);
/** How many documents ended with `status`. */
SUP_API size_t sup_bank_import_total(const sup_bank_import *report, sup_payment_status status);
/** The sum of the amounts of the documents that ended with `status`, kopecks. */
SUP_API sup_money sup_bank_import_sum(const sup_bank_import *report, sup_payment_status status);

#ifdef __cplusplus
}
#endif
#endif /* LIBSUPPORT_BANK_IMPORT_H */
