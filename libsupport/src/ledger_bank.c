/* libsupport — importing a bank statement (bank_import.h): each document that
 * credits one of the vendor's accounts becomes a payment received
 * (ledger_receipts.c) with an id taken from the document itself, so importing
 * a statement again, or an overlapping one, changes nothing. Which documents
 * are payments received, and under which id, is decided here in C. */
#include "ledger_money.h"
#include "libsupport/bank_import.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- a document's payment id ------------------------------------------------------------------------- */

static const char *payer_account(const sup_bank_doc *doc)
{
    const char *a = sup_bank_doc_party(doc, SUP_BANK_PAYER, SUP_BANK_SETTLEMENT_ACCOUNT);
    if (a == NULL || a[0] == '\0')
        a = sup_bank_doc_party(doc, SUP_BANK_PAYER, SUP_BANK_ACCOUNT);
    return a != NULL ? a : "";
}

int sup_bank_payment_id(const sup_bank_doc *doc, char *buf, size_t size)
{
    SUP__CHECK_ARG(doc, "sup_bank_payment_id");
    SUP__CHECK_ARG(buf, "sup_bank_payment_id");
    const char *account = payer_account(doc);
    if (account[0] == '\0')
        return sup__fail(SUP_EINVAL, "the bank document on line %d has no payer account (ПлательщикРасчСчет or "
                                     "ПлательщикСчет): it cannot be told apart from others",
                         sup_bank_doc_line(doc));
    char d[24];
    sup__date_str(sup_bank_doc_date(doc), d);
    char id[3 * SUP_BANK_PAYMENT_ID_BUFSIZE];
    int n = snprintf(id, sizeof id, "bank:%s:%s:%s", account, d, sup_bank_doc_number(doc));
    if (n < 0 || (size_t)n > SUP_LEDGER_PAYMENT_ID_MAX)
        return sup__fail(SUP_EINVAL, "the bank document on line %d: its payer account and number make a payment "
                                     "id longer than %d bytes",
                         sup_bank_doc_line(doc), SUP_LEDGER_PAYMENT_ID_MAX);
    if ((size_t)n >= size)
        return sup__fail(SUP_EBUFFER, "sup_bank_payment_id: a buffer of %zu bytes, the id needs %d", size, n + 1);
    memcpy(buf, id, (size_t)n + 1);
    return SUP_OK;
}

/* ---- the report ------------------------------------------------------------------------------------------ */

struct sup_bank_import {
    bool dry_run;
    sup_id id;
    sup_receipt_outcome *items;
    size_t n;
};

void sup_bank_import_free(sup_bank_import *r)
{
    if (r == NULL)
        return;
    sup__free(r->items);
    sup__free(r);
}

int sup_bank_import_dry_run(const sup_bank_import *r) { return r != NULL && r->dry_run; }
sup_id sup_bank_import_id(const sup_bank_import *r) { return r != NULL ? r->id : 0; }
size_t sup_bank_import_count(const sup_bank_import *r) { return r != NULL ? r->n : 0; }

int sup_bank_import_outcome(const sup_bank_import *r, size_t i, sup_receipt_outcome *out)
{
    SUP__CHECK_ARG(r, "sup_bank_import_outcome");
    SUP__CHECK_ARG(out, "sup_bank_import_outcome");
    if (out->version != SUP_RECEIPT_OUTCOME_VERSION)
        return sup__fail(SUP_EINVAL, "sup_bank_import_outcome: an outcome of version %u (this library knows %u)",
                         out->version, (unsigned)SUP_RECEIPT_OUTCOME_VERSION);
    if (i >= r->n)
        return sup__fail(SUP_ENOTFOUND, "outcome %zu: the import has %zu documents", i, r->n);
    *out = r->items[i];
    return SUP_OK;
}

size_t sup_bank_import_total(const sup_bank_import *r, sup_payment_status status)
{
    size_t n = 0;
    for (size_t i = 0; r != NULL && i < r->n; i++)
        n += r->items[i].status == status;
    return n;
}

sup_money sup_bank_import_sum(const sup_bank_import *r, sup_payment_status status)
{
    sup_money sum = 0;
    for (size_t i = 0; r != NULL && i < r->n; i++)
        if (r->items[i].status == status)
            sum += r->items[i].amount;
    return sum;
}

int sup_bank_import_options_init(sup_bank_import_options *o, unsigned version)
{
    SUP__CHECK_ARG(o, "sup_bank_import_options_init");
    if (version != SUP_BANK_IMPORT_OPTIONS_VERSION)
        return sup__fail(SUP_EINVAL, "sup_bank_import_options_init: unknown version %u (this library knows %u)",
                         version, (unsigned)SUP_BANK_IMPORT_OPTIONS_VERSION);
    memset(o, 0, sizeof *o);
    o->version = version;
    return SUP_OK;
}

/* ---- the vendor's accounts ---------------------------------------------------------------------------------- */

struct accounts {
    char *text; /* '\n'-joined, owned */
    const char *list[64];
    size_t n;
};

static int load_accounts(sup_ledger *l, const char *given, struct accounts *a)
{
    memset(a, 0, sizeof *a);
    int rc;
    if (given != NULL) {
        rc = sup__ledger_check_text(given, 64, false, "account");
        if (rc != SUP_OK)
            return rc;
        a->text = sup__strdup(given);
        if (a->text == NULL)
            return sup__fail(SUP_ENOMEM, "out of memory importing a statement");
    } else {
        rc = sup__ledger_read_begin(l, "sup_ledger_bank_import");
        if (rc == SUP_OK)
            rc = sup__ledger_read_end(l, sup__ledger_vendor_accounts(l, &a->text));
        if (rc != SUP_OK)
            return rc;
    }
    for (char *p = a->text; p != NULL && *p != '\0' && a->n < sizeof a->list / sizeof a->list[0];) {
        a->list[a->n++] = p;
        p = strchr(p, '\n');
        if (p != NULL)
            *p++ = '\0';
    }
    if (a->n == 0) {
        sup__free(a->text);
        a->text = NULL;
        return sup__fail(SUP_ENOTFOUND, "sup_ledger_bank_import: the vendor has no account: store the vendor's "
                                        "requisites (sup_ledger_set_vendor) or name the account");
    }
    return SUP_OK;
}

static bool is_ours(const struct accounts *a, const char *account)
{
    for (size_t i = 0; account != NULL && account[0] != '\0' && i < a->n; i++)
        if (strcmp(a->list[i], account) == 0)
            return true;
    return false;
}

/* Outgoing (the payer is one of the vendor's accounts), received (credits one of them), or neither. */
static sup_payment_status classify(const struct accounts *a, const sup_bank_doc *doc)
{
    if (is_ours(a, sup_bank_doc_party(doc, SUP_BANK_PAYER, SUP_BANK_ACCOUNT)) ||
        is_ours(a, sup_bank_doc_party(doc, SUP_BANK_PAYER, SUP_BANK_SETTLEMENT_ACCOUNT)))
        return SUP_PAYMENT_IGNORED_OUTGOING;
    for (size_t i = 0; i < a->n; i++)
        if (sup_bank_doc_is_incoming(doc, a->list[i]) == 1)
            return SUP_PAYMENT_NONE;
    return SUP_PAYMENT_IGNORED_ACCOUNT;
}

/* ---- importing ---------------------------------------------------------------------------------------------- */

struct import {
    sup_ledger *l;
    const char *actor;
    const sup_bank_statement *st;
    const struct accounts *accounts;
};

/* The statement's import row, made with the first payment that records anything (in its change). */
static int first_record(void *payload, sup_id *id)
{
    const struct import *im = payload;
    sup__stmt *st = NULL;
    int rc = sup__ledger_prepare(im->l, "INSERT INTO bank_import (created_on, date_from, date_to, accounts, documents,"
                                        " actor) VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING id",
                                 &st);
    if (rc != SUP_OK)
        return rc;
    const sup_date dates[3] = {sup_bank_statement_created_on(im->st), sup_bank_statement_date_from(im->st),
                               sup_bank_statement_date_to(im->st)};
    for (int i = 0; i < 3; i++) {
        if (dates[i] != SUP_DATE_NONE)
            sup__st_int(st, 1 + i, dates[i]);
        else
            sup__st_null(st, 1 + i);
    }
    sup__buf acc = {0};
    for (size_t i = 0; i < sup_bank_statement_account_count(im->st); i++)
        sup__buf_printf(&acc, "%s%s", i > 0 ? "\n" : "", sup_bank_statement_account(im->st, i));
    sup__buf_put(&acc, "");
    sup__st_text(st, 4, acc.data != NULL ? acc.data : "");
    sup__st_int(st, 5, (int64_t)sup_bank_statement_doc_count(im->st));
    sup__st_text(st, 6, im->actor);
    rc = acc.failed ? sup__fail(SUP_ENOMEM, "out of memory importing a statement")
                    : sup__ledger_insert_id(st, "recording the statement", id);
    sup__ledger_finalize(st);
    sup__buf_dispose(&acc);
    if (rc == SUP_OK) {
        char d1[24], d2[24];
        sup__date_str(dates[1], d1);
        sup__date_str(dates[2], d2);
        sup__buf b = {0};
        sup__buf_printf(&b, "bank_import=%lld; statement=%s … %s; documents=%zu", (long long)*id, d1, d2,
                        sup_bank_statement_doc_count(im->st));
        rc = sup__ledger_audit(im->l, "bank_import", im->actor, dates[2], 0, 0, 0, &b);
    }
    return rc;
}

/* A document the ledger cannot take as a payment: a field it refuses (a payer account too long for an id, a
 * purpose beyond its limit, a control character); the checks' message says which. Reported, not recorded. */
static int unreadable(sup_receipt_outcome *out)
{
    out->status = SUP_PAYMENT_UNREADABLE;
    snprintf(out->message, sizeof out->message, "not recorded: %s", sup_error_message());
    return SUP_OK;
}

/* One document: ignored, or a payment received. */
static int import_doc(struct import *im, const sup_bank_doc *doc, struct sup__receipt_ctx *ctx,
                      sup_receipt_outcome *out)
{
    out->version = SUP_RECEIPT_OUTCOME_VERSION;
    sup__outcome_reset(out, NULL);
    out->line = sup_bank_doc_line(doc);
    out->amount = sup_bank_doc_amount(doc);
    out->received_on = sup_bank_doc_received_on(doc) != SUP_DATE_NONE ? sup_bank_doc_received_on(doc)
                                                                      : sup_bank_doc_date(doc);
    sup_payment_status cls = classify(im->accounts, doc);
    if (cls != SUP_PAYMENT_NONE) {
        out->status = cls;
        snprintf(out->message, sizeof out->message, "%s",
                 cls == SUP_PAYMENT_IGNORED_OUTGOING ? "money sent from the vendor's account: ignored"
                                                     : "not a payment to the vendor's account: ignored");
        return SUP_OK;
    }
    sup_incoming_payment p;
    memset(&p, 0, sizeof p);
    p.version = SUP_INCOMING_PAYMENT_VERSION;
    char id[SUP_BANK_PAYMENT_ID_BUFSIZE];
    int rc = sup_bank_payment_id(doc, id, sizeof id);
    if (rc == SUP_EINVAL)
        return unreadable(out);
    if (rc != SUP_OK)
        return rc;
    p.payment_id = id;
    p.received_on = out->received_on;
    p.amount = out->amount;
    p.purpose = sup_bank_doc_purpose(doc);
    p.payer_inn = sup_bank_doc_party(doc, SUP_BANK_PAYER, SUP_BANK_INN);
    p.payer_name = sup_bank_doc_party(doc, SUP_BANK_PAYER, SUP_BANK_NAME);
    p.payer_account = payer_account(doc);
    p.source = "bank";
    ctx->line = out->line;
    rc = sup__ledger_receive(im->l, ctx->dry_run ? NULL : im->actor, &p, ctx, out, "sup_ledger_bank_import");
    if (rc == SUP_ECONFLICT || rc == SUP_EINVAL) { /* reported, not recorded */
        int line = ctx->line;
        sup__outcome_reset(out, &p);
        out->line = line;
        if (rc == SUP_EINVAL)
            return unreadable(out);
        out->status = SUP_PAYMENT_CONFLICT; /* the document's id is another payment's */
        snprintf(out->message, sizeof out->message, "%s", sup_error_message());
        rc = SUP_OK;
    }
    return rc;
}

int sup_ledger_bank_import(sup_ledger *l, const char *actor, const sup_bank_statement *statement,
                           const sup_bank_import_options *opts, sup_bank_import **out)
{
    SUP__CHECK_ARG(out, "sup_ledger_bank_import");
    *out = NULL;
    SUP__CHECK_ARG(l, "sup_ledger_bank_import");
    SUP__CHECK_ARG(statement, "sup_ledger_bank_import");
    sup_bank_import_options defaults;
    if (opts == NULL) {
        memset(&defaults, 0, sizeof defaults);
        defaults.version = SUP_BANK_IMPORT_OPTIONS_VERSION;
        opts = &defaults;
    }
    if (opts->version != SUP_BANK_IMPORT_OPTIONS_VERSION)
        return sup__fail(SUP_EINVAL, "sup_ledger_bank_import: options of version %u (this library knows %u)",
                         opts->version, (unsigned)SUP_BANK_IMPORT_OPTIONS_VERSION);
    int rc = opts->dry_run ? SUP_OK : sup__ledger_check_actor(actor);
    if (rc == SUP_OK)
        rc = sup__ledger_check_open(l, "sup_ledger_bank_import");
    struct accounts acc;
    if (rc == SUP_OK)
        rc = load_accounts(l, opts->account, &acc);
    if (rc != SUP_OK)
        return rc;
    sup_bank_import *r = sup__calloc(1, sizeof *r);
    size_t n = sup_bank_statement_doc_count(statement);
    if (r != NULL && n > 0 && (r->items = sup__calloc(n, sizeof *r->items)) == NULL) {
        sup__free(r);
        r = NULL;
    }
    if (r == NULL) {
        sup__free(acc.text);
        return sup__fail(SUP_ENOMEM, "out of memory importing a statement");
    }
    r->dry_run = opts->dry_run != 0;
    struct import im = {l, actor, statement, &acc};
    struct sup__receipt_ctx ctx = {0, r->dry_run, 0, first_record, &im};
    for (size_t i = 0; rc == SUP_OK && i < n; i++) {
        rc = import_doc(&im, sup_bank_statement_doc(statement, i), &ctx, &r->items[i]);
        if (rc == SUP_OK)
            r->n++;
    }
    sup__free(acc.text);
    r->id = ctx.bank_import;
    if (rc != SUP_OK) {
        sup_bank_import_free(r);
        return rc;
    }
    *out = r;
    return SUP_OK;
}
