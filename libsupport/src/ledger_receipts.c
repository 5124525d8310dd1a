/* libsupport — payments received for invoices (invoice.h): matching a payment
 * to its invoice, applying the renewal or subscription payment the invoice
 * fixed, idempotently by payment id, or keeping it for a manager's review with
 * the reason; and the review list. Every decision is made here in C (or by the
 * core's quote) on facts the SQL returns; nothing is applied that the invoice
 * did not fix, and nothing refused is lost. */
#include "ledger_cursor.h"
#include "ledger_money.h"
#include "libsupport/bank.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const status_names[SUP_PAYMENT_STATUS_COUNT] = {
    "none",   "applied",  "already_applied",  "review",         "already_in_review",
    "voided", "conflict", "ignored_outgoing", "ignored_account", "unreadable"};
static const char *const reason_names[] = {"none",          "unknown_invoice", "several_invoices",
                                           "wrong_payer",   "already_paid",    "expired",
                                           "partial",       "wrong_amount",    "license_changed"};

const char *sup_payment_status_name(sup_payment_status s)
{
    return (unsigned)s < SUP_PAYMENT_STATUS_COUNT ? status_names[s] : "";
}

const char *sup_review_reason_name(sup_review_reason r)
{
    return (unsigned)r <= SUP_REVIEW_LICENSE_CHANGED ? reason_names[r] : "";
}

int sup_incoming_payment_init(sup_incoming_payment *p, unsigned version)
{
    SUP__CHECK_ARG(p, "sup_incoming_payment_init");
    if (version != SUP_INCOMING_PAYMENT_VERSION)
        return sup__fail(SUP_EINVAL, "sup_incoming_payment_init: unknown version %u (this library knows %u)", version,
                         (unsigned)SUP_INCOMING_PAYMENT_VERSION);
    memset(p, 0, sizeof *p);
    p->version = version;
    return SUP_OK;
}

/* ---- the outcome ------------------------------------------------------------------------------------- */

void sup__outcome_reset(sup_receipt_outcome *out, const sup_incoming_payment *p)
{
    unsigned version = out->version;
    memset(out, 0, sizeof *out);
    out->version = version;
    if (p != NULL) {
        snprintf(out->payment_id, sizeof out->payment_id, "%s", p->payment_id != NULL ? p->payment_id : "");
        out->received_on = p->received_on;
        out->amount = p->amount;
    }
}

static void say(sup_receipt_outcome *out, const char *fmt, ...) SUP__PRINTF(2, 3);
static void say(sup_receipt_outcome *out, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(out->message, sizeof out->message, fmt, ap);
    va_end(ap);
}

static void for_invoice(sup_receipt_outcome *out, const sup_invoice *inv)
{
    snprintf(out->invoice_number, sizeof out->invoice_number, "%s", inv->number);
    out->invoice = inv->id;
    out->license = inv->license;
}

/* ---- checking the payment --------------------------------------------------------------------------- */

#define SOURCE_MAX 32
#define PURPOSE_MAX 2000

static int check_text_or_null(const char *s, size_t max, const char *what)
{
    return s == NULL || s[0] == '\0' ? SUP_OK : sup__ledger_check_text(s, max, false, what);
}

static int check_incoming(const sup_incoming_payment *p)
{
    if (p->version != SUP_INCOMING_PAYMENT_VERSION)
        return sup__fail(SUP_EINVAL, "incoming payment of version %u (this library knows %u)", p->version,
                         (unsigned)SUP_INCOMING_PAYMENT_VERSION);
    int rc = sup__ledger_check_text(p->payment_id, SUP_LEDGER_PAYMENT_ID_MAX, false, "payment id");
    if (rc == SUP_OK)
        rc = sup__check_date(p->received_on, "date the money arrived");
    if (rc == SUP_OK && p->amount < 0)
        rc = sup__fail(SUP_EMONEY, "negative amount received: %lld kopecks", (long long)p->amount);
    if (rc == SUP_OK && p->invoice_number != NULL)
        rc = sup__invoice_number_check(p->invoice_number);
    if (rc == SUP_OK)
        rc = check_text_or_null(p->purpose, PURPOSE_MAX, "payment purpose");
    if (rc == SUP_OK)
        rc = check_text_or_null(p->payer_inn, 32, "payer's INN");
    if (rc == SUP_OK)
        rc = check_text_or_null(p->payer_name, SUP_LEDGER_NAME_MAX, "payer's name");
    if (rc == SUP_OK)
        rc = check_text_or_null(p->payer_account, 64, "payer's account");
    if (rc == SUP_OK)
        rc = check_text_or_null(p->source, SOURCE_MAX, "payment source");
    return rc;
}

static const char *source_of(const sup_incoming_payment *p)
{
    return p->source != NULL && p->source[0] != '\0' ? p->source : "manual";
}

/* ---- what happens: the decision, before anything is written ---------------------------------------------- */

struct plan {
    sup_invoice *invoice;  /* the invoice matched (owned), or NULL */
    char *invoices;        /* every invoice number the purpose names, '\n'-joined (owned), or NULL */
    struct sup__loaded ld; /* the invoice's license, loaded (locked when writing) */
    bool loaded;
    enum sup__pay_kind pk;
};

static void plan_free(struct plan *pl)
{
    sup_invoice_free(pl->invoice);
    sup__free(pl->invoices);
    if (pl->loaded)
        sup__ledger_loaded_free(&pl->ld);
}

static bool is_storage_error(int rc)
{
    return rc == SUP_EDB || rc == SUP_EBUSY || rc == SUP_EIO || rc == SUP_ENOMEM || rc == SUP_EREADONLY;
}

static int conflict(const sup_incoming_payment *p, const char *what, sup_money amount)
{
    char q[200], a[SUP_MONEY_BUFSIZE], b[SUP_MONEY_BUFSIZE];
    sup__quote_text(q, sizeof q, p->payment_id);
    return sup__fail(SUP_ECONFLICT,
                     "payment id %s is already recorded as %s of %s rub; it cannot be reused for a payment of %s rub",
                     q, what, sup__ledger_money_str(amount, a), sup__ledger_money_str(p->amount, b));
}

/* The invoice a recorded license event paid, if any: its number into out. */
static int invoice_of_event(sup_ledger *l, sup_id event, sup_receipt_outcome *out)
{
    sup__stmt *st = NULL;
    int rc = sup__ledger_prepare(l, "SELECT i.id, i.number FROM invoice_payment p JOIN invoice i ON i.id = p.invoice_id"
                                    " WHERE p.event_id = ?1",
                                 &st);
    if (rc != SUP_OK)
        return rc;
    sup__st_int(st, 1, event);
    rc = sup__st_step(st, "reading a payment's invoice");
    if (rc == 1) {
        out->invoice = sup__col_int(st, 0);
        const char *n = sup__col_text(st, 1);
        snprintf(out->invoice_number, sizeof out->invoice_number, "%s", n != NULL ? n : "");
    }
    sup__ledger_finalize(st);
    return rc < 0 ? rc : SUP_OK;
}

/* 1 if the payment id was seen before (out says how), 0 if not, or an error (SUP_ECONFLICT: another payment). */
static int seen_before(sup_ledger *l, const sup_incoming_payment *p, sup_receipt_outcome *out)
{
    struct sup__recorded r;
    int rc = sup__ledger_find_payment(l, p->payment_id, &r);
    if (rc < 0)
        return rc;
    if (rc == 1) {
        bool payment = r.kind != SUP_EVENT_PURCHASE && r.kind != SUP_EVENT_PERIOD;
        if (!payment || r.amount != p->amount)
            return conflict(p, payment ? "a payment" : "a sale", r.amount);
        out->license = r.license;
        out->event = r.event;
        out->support_until = r.quote.support_until;
        out->new_support_until = r.quote.new_support_until;
        rc = invoice_of_event(l, r.event, out);
        if (rc != SUP_OK)
            return rc;
        char d[24], v[24];
        sup__date_str(r.quote.on, d);
        if (r.void_id > 0) {
            sup__date_str(r.voided_on, v);
            out->status = SUP_PAYMENT_VOIDED;
            say(out, "applied on %s and voided on %s: not applied again", d, v);
        } else {
            out->status = SUP_PAYMENT_ALREADY_APPLIED;
            say(out, "applied before, on %s: nothing changed", d);
        }
        return 1;
    }
    sup__stmt *st = NULL;
    rc = sup__ledger_prepare(l, "SELECT r.id, r.amount, r.reason, r.message, COALESCE(r.invoice_id, 0), i.number,"
                                " COALESCE(i.license_id, 0) FROM payment_review r"
                                " LEFT JOIN invoice i ON i.id = r.invoice_id WHERE r.payment_id = ?1",
                             &st);
    if (rc != SUP_OK)
        return rc;
    sup__st_text(st, 1, p->payment_id);
    rc = sup__st_step(st, "looking up a payment in review");
    if (rc == 1) {
        sup_money amount = sup__col_int(st, 1);
        if (amount != p->amount) {
            rc = conflict(p, "a payment kept for review", amount);
        } else {
            out->status = SUP_PAYMENT_ALREADY_IN_REVIEW;
            out->review = sup__col_int(st, 0);
            out->reason = (sup_review_reason)sup__col_int(st, 2);
            const char *m = sup__col_text(st, 3), *n = sup__col_text(st, 5);
            say(out, "kept for review before: %s", m != NULL ? m : "");
            out->invoice = sup__col_int(st, 4);
            snprintf(out->invoice_number, sizeof out->invoice_number, "%s", n != NULL ? n : "");
            out->license = sup__col_int(st, 6);
        }
    }
    sup__ledger_finalize(st);
    return rc;
}

static int review(sup_receipt_outcome *out, sup_review_reason reason)
{
    out->status = SUP_PAYMENT_REVIEW;
    out->reason = reason;
    return SUP_OK;
}

/* The invoice: the one given, or the only invoice of the ledger among the numbers the purpose names. */
static int find_invoice(sup_ledger *l, const sup_incoming_payment *p, struct plan *pl, sup_receipt_outcome *out)
{
    if (p->invoice_number != NULL) {
        int rc = sup__ledger_invoice_by_number(l, p->invoice_number, &pl->invoice);
        if (rc == SUP_ENOTFOUND) {
            snprintf(out->invoice_number, sizeof out->invoice_number, "%s", p->invoice_number);
            say(out, "no invoice %s in the ledger", p->invoice_number);
            return review(out, SUP_REVIEW_UNKNOWN_INVOICE);
        }
        return rc;
    }
    size_t n = 0;
    int rc = sup_bank_find_invoice_numbers(p->purpose != NULL ? p->purpose : "", &pl->invoices, &n);
    if (rc != SUP_OK)
        return rc;
    if (n == 0) {
        say(out, "the payment purpose names no invoice");
        return review(out, SUP_REVIEW_UNKNOWN_INVOICE);
    }
    sup__buf ours = {0}, unknown = {0};
    size_t found = 0;
    for (char *num = pl->invoices; rc == SUP_OK && num != NULL && *num != '\0';) {
        char *nl = strchr(num, '\n');
        char one[SUP_INVOICE_NUMBER_BUFSIZE];
        snprintf(one, sizeof one, "%.*s", (int)(nl != NULL ? (size_t)(nl - num) : strlen(num)), num);
        sup_invoice *inv = NULL;
        rc = sup__ledger_invoice_by_number(l, one, &inv);
        sup__buf *to = rc == SUP_OK ? &ours : &unknown;
        if (rc == SUP_OK || rc == SUP_ENOTFOUND) {
            sup__buf_printf(to, "%s%s", to->len > 0 ? ", " : "", one);
            rc = SUP_OK;
        }
        if (inv != NULL && ++found == 1)
            pl->invoice = inv;
        else
            sup_invoice_free(inv);
        num = nl != NULL ? nl + 1 : NULL;
    }
    if (rc == SUP_OK && found == 0) {
        say(out, "the payment purpose names %s, which is not an invoice of this ledger", unknown.data);
        rc = review(out, SUP_REVIEW_UNKNOWN_INVOICE);
    } else if (rc == SUP_OK && found > 1) {
        char a[SUP_MONEY_BUFSIZE];
        say(out, "one payment of %s rub for several invoices: %s", sup__ledger_money_str(p->amount, a), ours.data);
        sup_invoice_free(pl->invoice);
        pl->invoice = NULL;
        rc = review(out, SUP_REVIEW_SEVERAL_INVOICES);
    }
    sup__buf_dispose(&ours);
    sup__buf_dispose(&unknown);
    return rc;
}

/* The invoice's checks, in order: paid already, the payer, the date, the amount (the first that fails). */
static void check_invoice(const struct plan *pl, const sup_incoming_payment *p, sup_receipt_outcome *out)
{
    const sup_invoice *inv = pl->invoice;
    char a[SUP_MONEY_BUFSIZE], b[SUP_MONEY_BUFSIZE], d1[24], d2[24];
    if (inv->paid_event > 0) {
        sup__date_str(inv->paid_on, d1);
        say(out, "invoice %s was paid already, on %s (payment %s)", inv->number, d1,
            inv->payment_id != NULL ? inv->payment_id : "");
        (void)review(out, SUP_REVIEW_ALREADY_PAID);
    } else if (p->payer_inn != NULL && p->payer_inn[0] != '\0' && inv->payer_inn != NULL &&
               strcmp(p->payer_inn, inv->payer_inn) != 0) {
        say(out, "paid by INN %s, but invoice %s is for %s, INN %s", p->payer_inn, inv->number, inv->payer_name,
            inv->payer_inn);
        (void)review(out, SUP_REVIEW_WRONG_PAYER);
    } else if (p->received_on > inv->quote.valid_through) {
        sup__date_str(p->received_on, d1);
        sup__date_str(inv->quote.valid_through, d2);
        say(out, "the money arrived on %s, after invoice %s expired (it was valid through %s)", d1, inv->number, d2);
        (void)review(out, SUP_REVIEW_EXPIRED);
    } else if (p->amount < inv->quote.fee) {
        say(out, "paid %s rub of the %s rub of invoice %s: a partial payment", sup__ledger_money_str(p->amount, a),
            sup__ledger_money_str(inv->quote.fee, b), inv->number);
        (void)review(out, SUP_REVIEW_PARTIAL);
    } else if (p->amount > inv->quote.fee) {
        say(out, "paid %s rub, but invoice %s is for %s rub", sup__ledger_money_str(p->amount, a), inv->number,
            sup__ledger_money_str(inv->quote.fee, b));
        (void)review(out, SUP_REVIEW_WRONG_AMOUNT);
    }
}

/* The license's offer on the day the money arrived must be the one the invoice fixed (the same kind and fee
 * from the same support end): else the license changed meanwhile (renewed another way, a lapse …). */
static int check_offer(sup_ledger *l, struct plan *pl, const sup_incoming_payment *p, sup_receipt_outcome *out)
{
    const sup_invoice *inv = pl->invoice;
    const sup_license *lic = pl->ld.license;
    sup_date last = 0;
    int rc = sup_license_event(lic, sup_license_event_count(lic) - 1, NULL, &last, NULL, NULL);
    if (rc != SUP_OK)
        return rc;
    char d1[24], d2[24];
    if (p->received_on < last) {
        sup__date_str(p->received_on, d1);
        sup__date_str(last, d2);
        say(out, "license %lld has an event on %s, after the money arrived on %s: apply it by hand", (long long)inv->license,
            d2, d1);
        return review(out, SUP_REVIEW_LICENSE_CHANGED);
    }
    sup_quote q;
    sup_id version = 0;
    rc = sup__ledger_invoice_quote(l, &pl->ld, p->received_on, &q, &version);
    if (rc != SUP_OK) {
        if (is_storage_error(rc))
            return rc;
        say(out, "license %lld has no offer for invoice %s on the day the money arrived: %s", (long long)inv->license,
            inv->number, sup_error_message());
        return review(out, SUP_REVIEW_LICENSE_CHANGED);
    }
    if (q.kind != inv->quote.kind || q.fee != inv->quote.fee || q.support_until != inv->quote.support_until) {
        char a[SUP_MONEY_BUFSIZE], b[SUP_MONEY_BUFSIZE];
        sup__date_str(q.support_until, d1);
        sup__date_str(inv->quote.support_until, d2);
        say(out, "license %lld changed since invoice %s: its offer is now %s %s rub from support ending %s, the "
                 "invoice fixed %s %s rub from %s",
            (long long)inv->license, inv->number, sup_quote_kind_name(q.kind), sup__ledger_money_str(q.fee, a), d1,
            sup_quote_kind_name(inv->quote.kind), sup__ledger_money_str(inv->quote.fee, b), d2);
        return review(out, SUP_REVIEW_LICENSE_CHANGED);
    }
    out->status = SUP_PAYMENT_APPLIED;
    out->support_until = q.support_until;
    out->new_support_until = q.new_support_until;
    sup__date_str(q.support_until, d1);
    sup__date_str(q.new_support_until, d2);
    say(out, "invoice %s paid: %s, support through %s -> %s", inv->number,
        q.kind == SUP_QUOTE_SUBSCRIPTION ? "subscription payment" : (q.kind == SUP_QUOTE_PREFERENTIAL
                                                                        ? "preferential renewal"
                                                                        : "standard renewal"),
        d1, d2);
    pl->pk = q.kind == SUP_QUOTE_SUBSCRIPTION ? SUP__PAY_SUBSCRIPTION : SUP__PAY_RENEWAL;
    return SUP_OK;
}

/* What the payment comes to (out->status), with the license loaded and locked when it will be written. */
static int decide(sup_ledger *l, const sup_incoming_payment *p, bool lock, struct plan *pl, sup_receipt_outcome *out)
{
    int rc = seen_before(l, p, out);
    if (rc != 0)
        return rc < 0 ? rc : SUP_OK;
    rc = find_invoice(l, p, pl, out);
    if (rc != SUP_OK || out->status != SUP_PAYMENT_NONE)
        return rc;
    for_invoice(out, pl->invoice);
    /* the license first (its lock serialises payments of its invoices), then the invoice's payment afresh */
    rc = sup__ledger_load_all(l, pl->invoice->license, lock, &pl->ld);
    if (rc == SUP_ENOTFOUND) { /* the license was voided since the invoice (its sale recorded by mistake) */
        say(out, "invoice %s is for license %lld, which was voided: %s", pl->invoice->number,
            (long long)pl->invoice->license, sup_error_message());
        return review(out, SUP_REVIEW_LICENSE_CHANGED);
    }
    if (rc != SUP_OK)
        return rc;
    pl->loaded = true;
    /* a concurrent writer holding the lock may have recorded this very payment meanwhile */
    rc = seen_before(l, p, out);
    if (rc != 0)
        return rc < 0 ? rc : SUP_OK;
    sup_invoice *fresh = NULL;
    rc = sup__ledger_invoice_by_id(l, pl->invoice->id, &fresh);
    if (rc != SUP_OK)
        return rc;
    sup_invoice_free(pl->invoice);
    pl->invoice = fresh;
    check_invoice(pl, p, out);
    if (out->status != SUP_PAYMENT_NONE)
        return SUP_OK;
    return check_offer(l, pl, p, out);
}

/* ---- writing what was decided ------------------------------------------------------------------------------ */

static int bank_import_id(struct sup__receipt_ctx *ctx, sup_id *id)
{
    *id = 0;
    if (ctx == NULL)
        return SUP_OK;
    if (ctx->bank_import == 0 && ctx->first_record != NULL) {
        int rc = ctx->first_record(ctx->payload, &ctx->bank_import);
        if (rc != SUP_OK)
            return rc;
    }
    *id = ctx->bank_import;
    return SUP_OK;
}

static int store_review(sup_ledger *l, const char *actor, const sup_incoming_payment *p, const struct plan *pl,
                        sup_id import, sup_receipt_outcome *out, bool *raced)
{
    sup__stmt *st = NULL;
    int rc = sup__ledger_prepare(l, "INSERT INTO payment_review (payment_id, source, received_on, amount, reason, message,"
                                    " invoice_id, invoices, payer_name, payer_inn, payer_account, purpose,"
                                    " bank_import_id, actor) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,"
                                    " ?13, ?14) RETURNING id",
                                 &st);
    if (rc != SUP_OK)
        return rc;
    sup__st_text(st, 1, p->payment_id);
    sup__st_text(st, 2, source_of(p));
    sup__st_int(st, 3, p->received_on);
    sup__st_int(st, 4, p->amount);
    sup__st_int(st, 5, (int)out->reason);
    sup__st_text(st, 6, out->message);
    if (out->invoice > 0)
        sup__st_int(st, 7, out->invoice);
    else
        sup__st_null(st, 7);
    sup__st_text_or_null(st, 8, pl->invoices);
    sup__st_text_or_null(st, 9, p->payer_name);
    sup__st_text_or_null(st, 10, p->payer_inn);
    sup__st_text_or_null(st, 11, p->payer_account);
    sup__st_text_or_null(st, 12, p->purpose);
    if (import > 0)
        sup__st_int(st, 13, import);
    else
        sup__st_null(st, 13);
    sup__st_text(st, 14, actor);
    rc = sup__ledger_insert_id(st, "keeping a payment for review", &out->review);
    sup__ledger_finalize(st);
    if (rc == SUP_ECONFLICT)
        *raced = true; /* the same payment was kept for review meanwhile by a concurrent writer */
    if (rc == SUP_OK) {
        char m[SUP_MONEY_BUFSIZE];
        sup__buf b = {0};
        sup__buf_printf(&b, "review=%lld; payment_id=%s; source=%s; amount=%s; reason=%s; invoice=%s; message=%s",
                        (long long)out->review, p->payment_id, source_of(p), sup__ledger_money_str(p->amount, m),
                        sup_review_reason_name(out->reason), out->invoice_number, out->message);
        if (import > 0)
            sup__buf_printf(&b, "; bank_import=%lld", (long long)import);
        rc = sup__ledger_audit(l, "review_payment", actor, p->received_on, 0, 0, out->license, &b);
    }
    return rc;
}

static int store_payment(sup_ledger *l, const char *actor, const sup_incoming_payment *p, struct plan *pl,
                         sup_id import, sup_receipt_outcome *out, bool *raced)
{
    const sup_invoice *inv = pl->invoice;
    sup__buf detail = {0};
    sup__buf_printf(&detail, "invoice=%s; source=%s", inv->number, source_of(p));
    if (import > 0)
        sup__buf_printf(&detail, "; bank_import=%lld", (long long)import);
    if (detail.failed) {
        sup__buf_dispose(&detail);
        return sup__fail(SUP_ENOMEM, "out of memory applying a payment");
    }
    struct sup__payment_in in = {pl->pk, actor, p->payment_id, inv->license, p->received_on, p->amount, detail.data};
    sup_quote q;
    int rc = sup__ledger_record_payment(l, &in, &pl->ld, &q, &out->event, raced);
    sup__buf_dispose(&detail);
    if (rc != SUP_OK)
        return rc;
    out->support_until = q.support_until;
    out->new_support_until = q.new_support_until;
    sup__stmt *st = NULL;
    rc = sup__ledger_prepare(l, "INSERT INTO invoice_payment (invoice_id, event_id, received_on, amount, source,"
                                " payer_inn, payer_name, payer_account, bank_import_id, actor)"
                                " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
                             &st);
    if (rc != SUP_OK)
        return rc;
    sup__st_int(st, 1, inv->id);
    sup__st_int(st, 2, out->event);
    sup__st_int(st, 3, p->received_on);
    sup__st_int(st, 4, p->amount);
    sup__st_text(st, 5, source_of(p));
    sup__st_text_or_null(st, 6, p->payer_inn);
    sup__st_text_or_null(st, 7, p->payer_name);
    sup__st_text_or_null(st, 8, p->payer_account);
    if (import > 0)
        sup__st_int(st, 9, import);
    else
        sup__st_null(st, 9);
    sup__st_text(st, 10, actor);
    rc = sup__ledger_run(st, "linking a payment to its invoice");
    sup__ledger_finalize(st);
    return rc;
}

static int receive_once(sup_ledger *l, const char *actor, const sup_incoming_payment *p,
                        struct sup__receipt_ctx *ctx, sup_receipt_outcome *out, bool dry, bool *raced, const char *fn)
{
    sup__outcome_reset(out, p);
    if (ctx != NULL)
        out->line = ctx->line;
    int rc = dry ? sup__ledger_read_begin(l, fn) : sup__ledger_write_begin(l, fn);
    if (rc != SUP_OK)
        return rc;
    struct plan pl = {0};
    rc = decide(l, p, !dry, &pl, out);
    sup_id import = 0;
    if (rc == SUP_OK && !dry && (out->status == SUP_PAYMENT_REVIEW || out->status == SUP_PAYMENT_APPLIED))
        rc = bank_import_id(ctx, &import);
    if (rc == SUP_OK && !dry && out->status == SUP_PAYMENT_REVIEW)
        rc = store_review(l, actor, p, &pl, import, out, raced);
    else if (rc == SUP_OK && !dry && out->status == SUP_PAYMENT_APPLIED)
        rc = store_payment(l, actor, p, &pl, import, out, raced);
    plan_free(&pl);
    return dry ? sup__ledger_read_end(l, rc) : sup__ledger_write_end(l, rc);
}

int sup__ledger_receive(sup_ledger *l, const char *actor, const sup_incoming_payment *p,
                        struct sup__receipt_ctx *ctx, sup_receipt_outcome *out, const char *fn)
{
    SUP__CHECK_ARG(l, fn);
    SUP__CHECK_ARG(p, fn);
    SUP__CHECK_ARG(out, fn);
    if (out->version != SUP_RECEIPT_OUTCOME_VERSION)
        return sup__fail(SUP_EINVAL, "%s: an outcome of version %u (this library knows %u)", fn, out->version,
                         (unsigned)SUP_RECEIPT_OUTCOME_VERSION);
    bool dry = actor == NULL || (ctx != NULL && ctx->dry_run);
    int rc = dry ? SUP_OK : sup__ledger_check_actor(actor);
    if (rc == SUP_OK)
        rc = check_incoming(p);
    if (rc != SUP_OK)
        return rc;
    /* A concurrent writer may record the same payment between our look-up and our insert (PostgreSQL runs
     * writers of other licenses at once; a payment kept for review locks no license): then it is a replay. */
    bool raced = false;
    sup_id import_before = ctx != NULL ? ctx->bank_import : 0;
    rc = receive_once(l, actor, p, ctx, out, dry, &raced, fn);
    if (raced) {
        if (ctx != NULL)
            ctx->bank_import = import_before; /* a row made in the undone change is gone with it */
        rc = receive_once(l, actor, p, ctx, out, dry, &raced, fn);
    }
    return rc;
}

int sup_ledger_pay_invoice(sup_ledger *l, const char *actor, const sup_incoming_payment *p, sup_receipt_outcome *out)
{
    SUP__CHECK_ARG(actor, "sup_ledger_pay_invoice");
    return sup__ledger_receive(l, actor, p, NULL, out, "sup_ledger_pay_invoice");
}

int sup_ledger_match_payment(sup_ledger *l, const sup_incoming_payment *p, sup_receipt_outcome *out)
{
    return sup__ledger_receive(l, NULL, p, NULL, out, "sup_ledger_match_payment");
}

/* ---- the review list ------------------------------------------------------------------------------------- */

static const struct sup__column review_cols[] = {
    {"review", SUP_COLUMN_ID},          {"payment_id", SUP_COLUMN_TEXT},     {"source", SUP_COLUMN_TEXT},
    {"received_on", SUP_COLUMN_DATE},   {"amount", SUP_COLUMN_MONEY},        {"reason", SUP_COLUMN_REVIEW_REASON},
    {"message", SUP_COLUMN_TEXT},       {"invoice", SUP_COLUMN_TEXT},        {"invoices", SUP_COLUMN_TEXT},
    {"payer_name", SUP_COLUMN_TEXT},    {"payer_inn", SUP_COLUMN_TEXT},      {"payer_account", SUP_COLUMN_TEXT},
    {"purpose", SUP_COLUMN_TEXT},       {"bank_import", SUP_COLUMN_ID},      {"closed_on", SUP_COLUMN_DATE},
    {"close_note", SUP_COLUMN_TEXT},
};

/* Open entries only (filter 0), or every entry: closed is the fact of a closing row. */
static int review_next(sup_cursor *c)
{
    int rc;
    while ((rc = sup__cursor_step(c)) == 1)
        if (c->filter != 0 || sup__col_null(c->stmt, SUP_REVCOL_CLOSED_ON))
            return 1;
    return rc;
}

int sup_ledger_list_reviews(sup_ledger *l, int all, sup_cursor **out)
{
    static const char sql[] =
        "SELECT r.id, r.payment_id, r.source, r.received_on, r.amount, r.reason, r.message, i.number, r.invoices,"
        " r.payer_name, r.payer_inn, r.payer_account, r.purpose, COALESCE(r.bank_import_id, 0), c.on_date, c.note"
        " FROM payment_review r LEFT JOIN invoice i ON i.id = r.invoice_id"
        " LEFT JOIN payment_review_close c ON c.review_id = r.id ORDER BY r.id";
    int rc = sup__list_prologue(l, out, "sup_ledger_list_reviews");
    if (rc == SUP_OK)
        rc = sup__cursor_new(l, sql, review_cols, (int)(sizeof review_cols / sizeof review_cols[0]), NULL, review_next,
                             out);
    if (rc == SUP_OK)
        (*out)->filter = all != 0;
    return rc;
}

static int close_in_txn(sup_ledger *l, const char *actor, sup_id review_id, sup_date on, const char *note)
{
    sup__stmt *st = NULL;
    int rc = sup__ledger_prepare(l, "SELECT r.payment_id, c.on_date FROM payment_review r"
                                    " LEFT JOIN payment_review_close c ON c.review_id = r.id WHERE r.id = ?1",
                                 &st);
    if (rc != SUP_OK)
        return rc;
    sup__st_int(st, 1, review_id);
    rc = sup__st_step(st, "reading a review entry");
    char *payment_id = NULL;
    if (rc == 0)
        rc = sup__fail(SUP_ENOTFOUND, "no review entry with id %lld", (long long)review_id);
    else if (rc == 1 && !sup__col_null(st, 1)) {
        char d[24];
        sup__date_str((sup_date)sup__col_int(st, 1), d);
        rc = sup__fail(SUP_ESTATE, "review entry %lld was closed already, on %s", (long long)review_id, d);
    } else if (rc == 1)
        rc = sup__col_strdup(st, 0, &payment_id);
    sup__ledger_finalize(st);
    if (rc == SUP_OK)
        rc = sup__ledger_prepare(l, "INSERT INTO payment_review_close (review_id, on_date, note, actor)"
                                    " VALUES (?1, ?2, ?3, ?4)",
                                 &st);
    if (rc == SUP_OK) {
        sup__st_int(st, 1, review_id);
        sup__st_int(st, 2, on);
        sup__st_text(st, 3, note);
        sup__st_text(st, 4, actor);
        rc = sup__ledger_run(st, "closing a review entry");
        sup__ledger_finalize(st);
        if (rc == SUP_ECONFLICT)
            rc = sup__fail(SUP_ESTATE, "review entry %lld was closed meanwhile", (long long)review_id);
    }
    if (rc == SUP_OK) {
        sup__buf b = {0};
        sup__buf_printf(&b, "review=%lld; payment_id=%s; note=%s", (long long)review_id, payment_id, note);
        rc = sup__ledger_audit(l, "close_review", actor, on, 0, 0, 0, &b);
    }
    sup__free(payment_id);
    return rc;
}

int sup_ledger_close_review(sup_ledger *l, const char *actor, sup_id review_id, sup_date on, const char *note)
{
    SUP__CHECK_ARG(l, "sup_ledger_close_review");
    int rc = sup__ledger_check_actor(actor);
    if (rc == SUP_OK)
        rc = sup__ledger_check_id(review_id, "review entry");
    if (rc == SUP_OK)
        rc = sup__check_date(on, "closing date");
    if (rc == SUP_OK)
        rc = sup__ledger_check_text(note, SUP_LEDGER_NOTE_MAX, true, "note");
    if (rc == SUP_OK)
        rc = sup__ledger_write_begin(l, "sup_ledger_close_review");
    if (rc != SUP_OK)
        return rc;
    return sup__ledger_write_end(l, close_in_txn(l, actor, review_id, on, note));
}
