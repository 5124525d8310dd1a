/*
 * libsupport_money_glue.i — the C glue of libsupport_money.i (records, payments,
 * reading a statement file), included by libsupport.i before the ledger's
 * interface: SWIG emits the Ledger's %extend methods where the class is first
 * declared, so what they call must come first.
 */
%{
#define supb_invoice sup_invoice

static supb_invoice *supm_invoice_done(int rc, sup_invoice *inv)
{
    if (supb_failed(rc)) {
        sup_invoice_free(inv);
        return NULL;
    }
    return supb_born(SUPB_C_INVOICE, inv);
}

static const char *const supm_vendor_fields[SUP_VENDOR_FIELD_COUNT] = {
    "name", "inn", "kpp", "address", "bank_name", "bik", "correspondent_account", "settlement_account", "director",
    "accountant"};

/* The requisites as a Vendor record (fields in sup_vendor_field order). */
static supb_list *supm_vendor_row(const sup_vendor *v, sup_id version)
{
    static const char *const names[SUP_VENDOR_FIELD_COUNT + 1] = {
        "version", "name", "inn", "kpp", "address", "bank_name", "bik", "correspondent_account",
        "settlement_account", "director", "accountant"};
    supb_list *l = supb_list_new(1);
    if (l == NULL)
        return NULL;
    supb_row_begin_dyn(l, "Vendor", SUP_VENDOR_FIELD_COUNT + 1, names);
    supb_row_int(l, version);
    for (int f = 0; f < SUP_VENDOR_FIELD_COUNT; f++)
        supb_row_str(l, sup_vendor_get(v, (sup_vendor_field)f));
    supb_row_end(l);
    return l;
}

static const char *const supm_outcome_fields[] = {
    "status",  "reason", "message", "payment_id", "invoice", "license",          "event",
    "review",  "received_on", "amount", "support_until", "new_support_until", "line", "bank_import"};
#define SUPM_OUTCOME_NFIELDS ((int)(sizeof supm_outcome_fields / sizeof supm_outcome_fields[0]))

static void supm_outcome_row(supb_list *l, const sup_receipt_outcome *o, sup_id bank_import)
{
    supb_row_begin_dyn(l, "PaymentOutcome", SUPM_OUTCOME_NFIELDS, supm_outcome_fields);
    supb_row_enum(l, SUPB_E_PAYMENT_STATUS, o->status);
    supb_row_enum(l, SUPB_E_REVIEW_REASON, o->reason);
    supb_row_str(l, o->message);
    supb_row_str(l, o->payment_id[0] ? o->payment_id : NULL);
    supb_row_str(l, o->invoice_number[0] ? o->invoice_number : NULL);
    supb_row_int(l, o->license);
    supb_row_int(l, o->event);
    supb_row_int(l, o->review);
    supb_row_date(l, o->received_on);
    supb_row_money(l, o->amount);
    supb_row_date(l, o->support_until);
    supb_row_date(l, o->new_support_until);
    supb_row_int(l, o->line);
    supb_row_int(l, bank_import);
    supb_row_end(l);
}

/* A payment received, as the keyword arguments give it. */
static sup_incoming_payment supm_payment(const char *payment_id, sup_date received_on, sup_money amount,
                                         const char *invoice_number, const char *purpose, const char *payer_inn,
                                         const char *payer_name, const char *payer_account, const char *source)
{
    sup_incoming_payment p;
    memset(&p, 0, sizeof p);
    p.version = SUP_INCOMING_PAYMENT_VERSION;
    p.payment_id = payment_id;
    p.received_on = received_on;
    p.amount = amount;
    p.invoice_number = invoice_number;
    p.purpose = purpose;
    p.payer_inn = payer_inn;
    p.payer_name = payer_name;
    p.payer_account = payer_account;
    p.source = source;
    return p;
}

static supb_list *supm_outcome_done(int rc, const sup_receipt_outcome *o)
{
    if (supb_failed(rc))
        return NULL;
    supb_list *l = supb_list_new(1);
    if (l != NULL)
        supm_outcome_row(l, o, 0);
    return l;
}

/* The whole of a statement file (at most the parser's default limit). */
static char *supm_read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        supb_fail_msg(SUP_EIO, "cannot read the statement file");
        return NULL;
    }
    size_t cap = 1 << 16, n = 0, r;
    char *buf = malloc(cap);
    while (buf != NULL && (r = fread(buf + n, 1, cap - n, f)) > 0) {
        n += r;
        if (n > SUP_BANK_MAX_BYTES_DEFAULT) {
            free(buf);
            fclose(f);
            supb_fail_msg(SUP_ERANGE, "the statement file is larger than 64 MiB");
            return NULL;
        }
        if (n == cap) {
            char *bigger = realloc(buf, cap * 2);
            if (bigger == NULL) {
                free(buf);
                buf = NULL;
                break;
            }
            buf = bigger;
            cap *= 2;
        }
    }
    bool bad = ferror(f) != 0;
    fclose(f);
    if (buf == NULL) {
        supb_fail_msg(SUP_ENOMEM, "out of memory reading the statement file");
        return NULL;
    }
    if (bad) {
        free(buf);
        supb_fail_msg(SUP_EIO, "cannot read the statement file");
        return NULL;
    }
    *len = n;
    return buf;
}
%}

%{
static supb_quote *supm_invoice_quote(const supb_invoice *inv)
{
    sup_quote *copy = NULL;
    if (supb_failed(sup_quote_clone(sup_invoice_quote(inv), &copy)))
        return NULL;
    return supb_born(SUPB_C_QUOTE, copy);
}
static bool supm_invoice_is_new(const supb_invoice *inv) { return sup_invoice_is_new(inv) != 0; }
static const char *supm_invoice_number(const supb_invoice *inv) { return sup_invoice_number(inv); }
static const char *supm_invoice_purpose(const supb_invoice *inv) { return sup_invoice_purpose_text(inv); }
static sup_date supm_invoice_paid_on(const supb_invoice *inv)
{
    return sup_invoice_paid_on(inv);
}
%}
