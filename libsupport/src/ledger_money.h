/*
 * libsupport — the ledger's money sources shared among themselves (issue 14):
 * invoices and the vendor's requisites (ledger_invoices.c), payments received
 * for invoices and the review list (ledger_receipts.c), bank statement imports
 * (ledger_bank.c) and corrections (ledger_corrections.c). Not installed; every
 * name is hidden.
 */
#ifndef LIBSUPPORT_LEDGER_MONEY_H
#define LIBSUPPORT_LEDGER_MONEY_H

#include "invoice_internal.h"
#include "ledger_internal.h"

/* ---- statements ---------------------------------------------------------------------------------- */

/** Bind text, or NULL when `text` is NULL or empty. */
void sup__st_text_or_null(sup__stmt *st, int i, const char *text);
/** A copy of a text column (NULL stays NULL); SUP_ENOMEM. */
int sup__col_strdup(sup__stmt *st, int col, char **out);

/* ---- invoices (ledger_invoices.c) -------------------------------------------------------------------- */

/** The invoice with this number or id, with its payment as stored now (SUP_ENOTFOUND). */
int sup__ledger_invoice_by_number(sup_ledger *l, const char *number, sup_invoice **out);
int sup__ledger_invoice_by_id(sup_ledger *l, sup_id id, sup_invoice **out);

/**
 * The offer an invoice of the loaded license fixes on `on`: the core's renewal quote (perpetual, with every
 * policy version) or payment quote (subscription), and the policy version that priced a renewal (else 0).
 */
int sup__ledger_invoice_quote(sup_ledger *l, const struct sup__loaded *ld, sup_date on, sup_quote *q, sup_id *version);

/** Every settlement account of the vendor's requisites (all versions), distinct, '\n'-joined; "" if none. */
int sup__ledger_vendor_accounts(sup_ledger *l, char **out);

/* ---- payments received (ledger_receipts.c) ---------------------------------------------------------- */

/** What a bank import adds to each payment it passes on. */
struct sup__receipt_ctx {
    sup_id bank_import;     /* the statement's import row, or 0 (none yet / not a bank import) */
    bool dry_run;           /* match only */
    int line;               /* the document's line */
    /* called inside the payment's change before anything is recorded for it, to create the import row */
    int (*first_record)(void *payload, sup_id *bank_import);
    void *payload;
};

/** sup_ledger_pay_invoice / sup_ledger_match_payment with a bank import's context (NULL: none). */
int sup__ledger_receive(sup_ledger *l, const char *actor, const sup_incoming_payment *p,
                        struct sup__receipt_ctx *ctx, sup_receipt_outcome *out, const char *fn);
/** Fill an outcome's fixed part (status NONE, the payment's id, date and amount). */
void sup__outcome_reset(sup_receipt_outcome *out, const sup_incoming_payment *p);

#endif /* LIBSUPPORT_LEDGER_MONEY_H */
