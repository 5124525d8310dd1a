/*
 * libsupport_money.i — money traced from invoice to bank statement (invoice.h,
 * bank_import.h, corrections.h), included by libsupport.i after the ledger:
 * class Invoice and the Ledger's money methods. Records: Vendor, PaymentOutcome.
 * Every state, amount, word and decision comes from the C library; the glue
 * converts values only.
 */

%rename(Invoice) supb_invoice;
%nodefaultctor;
%nodefaultdtor;
struct supb_invoice {};
typedef struct supb_invoice supb_invoice;
%clearnodefaultctor;
%clearnodefaultdtor;

%newobject supb_invoice::quote;
%newobject supb_invoice::render_html;
%newobject supb_invoice::render_state;
%newobject supb_ledger::issue_invoice;
%newobject supb_ledger::get_invoice;
%newobject supb_ledger::open_invoice;
%newobject supb_ledger::list_invoices;
%newobject supb_ledger::list_reviews;
%newobject supb_ledger::get_vendor;
%newobject supb_ledger::pay_invoice;
%newobject supb_ledger::match_payment;
%newobject supb_ledger::bank_import;

/* ---- Invoice --------------------------------------------------------------------------------------- */


SUPB_DOC(supb_invoice, "An invoice (счёт на оплату) as issued (Ledger.issue_invoice, get_invoice, open_invoice):\n"
         "its number, the offer it fixed (quote), the payer, the vendor's requisites, the VAT and the payment\n"
         "purpose, and the payment that paid it when it was read.")
SUPB_DOC(supb_invoice::state_on, "state_on(on) -> InvoiceState: NOT_ISSUED, OPEN, PAID or EXPIRED on the date.")
SUPB_DOC(supb_invoice::render_html, "render_html() -> str: the printable Russian invoice (A4), HTML-escaped, with the\n"
         "amount in words.")
SUPB_DOC(supb_invoice::render_state, "render_state(on, lang=Lang.RU) -> str: what the invoice's state on the date means\n"
         "for the customer ('Счёт № … ожидает оплаты до … включительно.', '… оплачен …', 'Срок оплаты … истёк …').")
SUPB_DOC(supb_invoice::vendor, "vendor() -> Vendor: the vendor's requisites printed on the invoice.")
%extend supb_invoice {
    ~supb_invoice()
    {
        supb_died(SUPB_C_INVOICE, $self);
        sup_invoice_free($self);
    }
    sup_invoice_state state_on(sup_date on) { return sup_invoice_state_on($self, on); }
    char *render_html()
    {
        char *s = NULL;
        if (supb_failed(sup_invoice_render_html($self, &s)))
            return NULL;
        return s;
    }
    char *render_state(sup_date on, sup_lang lang = SUP_LANG_RU)
    {
        char *s = NULL;
        if (supb_failed(sup_invoice_render_state($self, on, lang, &s)))
            return NULL;
        return s;
    }
    supb_list *vendor() { return supm_vendor_row(sup_invoice_vendor($self), sup_invoice_vendor_version($self)); }
}
SUPB_FIELD(supb_invoice, sup_id, id, sup_invoice_id, "The invoice's id in the ledger.")
SUPB_FIELD(supb_invoice, const char *, number, supm_invoice_number, "The number, 'YYYY-NNNNNN'.")
SUPB_FIELD(supb_invoice, sup_date, issued_on, sup_invoice_issued_on, "The invoice's date.")
SUPB_FIELD(supb_invoice, sup_id, license, sup_invoice_license, "The license.")
SUPB_FIELD(supb_invoice, sup_id, customer, sup_invoice_customer, "The customer.")
SUPB_FIELD(supb_invoice, sup_id, product, sup_invoice_product, "The product.")
SUPB_FIELD(supb_invoice, supb_quote *, quote, supm_invoice_quote,
           "The Quote it fixed (a copy): kind, fee, support ends, valid_through (the last day to pay).")
SUPB_FIELD(supb_invoice, sup_money, amount, sup_invoice_amount, "The amount to pay (kopecks).")
SUPB_FIELD(supb_invoice, sup_rate, vat_rate, sup_invoice_vat_rate, "The VAT rate in basis points, -1: no VAT.")
SUPB_FIELD(supb_invoice, sup_money, vat_amount, sup_invoice_vat_amount, "The VAT included (kopecks).")
SUPB_FIELD(supb_invoice, const char *, payer_name, sup_invoice_payer_name, "The payer as printed.")
SUPB_FIELD(supb_invoice, const char *, payer_inn, sup_invoice_payer_inn, "The payer's INN, or None.")
SUPB_FIELD(supb_invoice, const char *, payer_kpp, sup_invoice_payer_kpp, "The payer's KPP, or None.")
SUPB_FIELD(supb_invoice, const char *, product_name, sup_invoice_product_name, "The product's name as printed.")
SUPB_FIELD(supb_invoice, const char *, purpose, supm_invoice_purpose, "The payment purpose printed on it.")
SUPB_FIELD(supb_invoice, bool, is_new, supm_invoice_is_new, "True if the call that returned it issued it.")
SUPB_FIELD(supb_invoice, sup_date, paid_on, supm_invoice_paid_on, "The date the money arrived, or None if unpaid.")
SUPB_FIELD(supb_invoice, const char *, payment_id, sup_invoice_payment_id, "The payment's id, or None if unpaid.")

/* ---- the Ledger's money methods ------------------------------------------------------------------------ */

SUPB_DOC(supb_ledger::set_vendor, "set_vendor(actor, effective, name, inn, kpp, bank_name, bik, correspondent_account,\n"
         "settlement_account, address=None, director=None, accountant=None) -> int: store the vendor's requisites\n"
         "(checked: INN, KPP, BIK, accounts) in force from the date; returns the version id.")
SUPB_DOC(supb_ledger::set_vendor_from_file, "set_vendor_from_file(actor, effective, path) -> int: the same from a\n"
         "settings file (examples/settings/vendor.ini).")
SUPB_DOC(supb_ledger::get_vendor, "get_vendor(on) -> Vendor: the requisites in force on the date.")
SUPB_DOC(supb_ledger::issue_invoice, "issue_invoice(actor, license, on, payer_name=None, payer_inn=None, payer_kpp=None)\n"
         "-> Invoice: an invoice for the license's offer on the date (the open one for the same offer if there\n"
         "is one: is_new False).")
SUPB_DOC(supb_ledger::get_invoice, "get_invoice(number) -> Invoice.")
SUPB_DOC(supb_ledger::open_invoice, "open_invoice(license, on) -> Invoice awaiting payment on the date (NotFoundError\n"
         "if none).")
SUPB_DOC(supb_ledger::list_invoices, "list_invoices(on, start=None, end=None, license=0, customer=0, state=0) -> Cursor\n"
         "of InvoiceRow, each with its InvoiceState on `on`.")
SUPB_DOC(supb_ledger::pay_invoice, "pay_invoice(actor, payment_id, received_on, amount, invoice_number=None,\n"
         "purpose=None, payer_inn=None, payer_name=None, payer_account=None, source=None) -> PaymentOutcome:\n"
         "applied once, or kept for review with the reason (status REVIEW).")
SUPB_DOC(supb_ledger::match_payment, "match_payment(payment_id, received_on, amount, ...) -> PaymentOutcome: what\n"
         "pay_invoice would do, changing nothing.")
SUPB_DOC(supb_ledger::bank_import, "bank_import(actor, path, dry_run=False, account=None) -> list of PaymentOutcome:\n"
         "import a 1CClientBankExchange statement file (one outcome per document, in file order).")
SUPB_DOC(supb_ledger::list_reviews, "list_reviews(all=False) -> Cursor of ReviewRow: payments kept for review.")
SUPB_DOC(supb_ledger::close_review, "close_review(actor, review, on, note): close a review entry.")
SUPB_DOC(supb_ledger::find_payment, "find_payment(payment_id) -> int: the license event recorded under the id.")
SUPB_DOC(supb_ledger::void_payment, "void_payment(actor, event, on, reason) -> int correction id: as if the payment had\n"
         "never happened (StateError when a later event or a refund depends on it).")
SUPB_DOC(supb_ledger::refund_payment, "refund_payment(actor, event, on, reason, amount=0, shorten_support=False) -> int\n"
         "correction id: money back (0: what is left), support kept or shortened.")
SUPB_DOC(supb_ledger::sell_at_price, "sell_at_price(actor, customer, product, on, paid, reason, payment_id=None) -> int\n"
         "license id: a sale at an agreed price, recorded with the list price and the reason.")

%extend supb_ledger {
    sup_id set_vendor(const char *actor, sup_date effective, const char *name, const char *inn, const char *kpp,
                      const char *bank_name, const char *bik, const char *correspondent_account,
                      const char *settlement_account, const char *address = NULL, const char *director = NULL,
                      const char *accountant = NULL)
    {
        sup_ledger *db = supl_db($self);
        sup_vendor *v = NULL;
        sup_id id = 0;
        if (db == NULL || supb_failed(sup_vendor_new(&v)))
            return 0;
        const char *values[SUP_VENDOR_FIELD_COUNT] = {name, inn, kpp, address, bank_name, bik, correspondent_account,
                                                      settlement_account, director, accountant};
        int rc = SUP_OK;
        for (int f = 0; rc == SUP_OK && f < SUP_VENDOR_FIELD_COUNT; f++)
            rc = sup_vendor_set(v, (sup_vendor_field)f, values[f]);
        if (rc == SUP_OK)
            rc = sup_ledger_set_vendor(supl_stamped(db), actor, effective, v, &id);
        (void)supb_failed(rc);
        sup_vendor_free(v);
        return id;
    }
    sup_id set_vendor_from_file(const char *actor, sup_date effective, const char *path)
    {
        sup_ledger *db = supl_db($self);
        sup_settings *s = NULL;
        sup_vendor *v = NULL;
        sup_id id = 0;
        if (db == NULL)
            return 0;
        int rc = sup_settings_load(path, &s);
        if (rc == SUP_OK)
            rc = sup_vendor_from_settings(s, &v);
        if (rc == SUP_OK)
            rc = sup_ledger_set_vendor(supl_stamped(db), actor, effective, v, &id);
        (void)supb_failed(rc);
        sup_vendor_free(v);
        sup_settings_free(s);
        return id;
    }
    supb_list *get_vendor(sup_date on)
    {
        sup_ledger *db = supl_db($self);
        sup_vendor *v = NULL;
        sup_id version = 0;
        if (db == NULL || supb_failed(sup_ledger_get_vendor(db, on, &version, &v)))
            return NULL;
        supb_list *l = supm_vendor_row(v, version);
        sup_vendor_free(v);
        return l;
    }
    supb_invoice *issue_invoice(const char *actor, sup_id license, sup_date on, const char *payer_name = NULL,
                                const char *payer_inn = NULL, const char *payer_kpp = NULL)
    {
        sup_ledger *db = supl_db($self);
        if (db == NULL)
            return NULL;
        sup_invoice_options o;
        memset(&o, 0, sizeof o);
        o.version = SUP_INVOICE_OPTIONS_VERSION;
        o.payer_name = payer_name;
        o.payer_inn = payer_inn;
        o.payer_kpp = payer_kpp;
        sup_invoice *inv = NULL;
        int rc = sup_ledger_issue_invoice(supl_stamped(db), actor, license, on, &o, &inv);
        return supm_invoice_done(rc, inv); /* (inv read after the call) */
    }
    supb_invoice *get_invoice(const char *number)
    {
        sup_ledger *db = supl_db($self);
        sup_invoice *inv = NULL;
        if (db == NULL)
            return NULL;
        int rc = sup_ledger_get_invoice(db, number, &inv);
        return supm_invoice_done(rc, inv);
    }
    supb_invoice *open_invoice(sup_id license, sup_date on)
    {
        sup_ledger *db = supl_db($self);
        sup_invoice *inv = NULL;
        if (db == NULL)
            return NULL;
        int rc = sup_ledger_open_invoice(db, license, on, &inv);
        return supm_invoice_done(rc, inv);
    }
    supb_cursor *list_invoices(sup_date on, sup_date start = 0, sup_date end = 0, sup_id license = 0,
                               sup_id customer = 0, sup_invoice_state state = 0)
    {
        sup_ledger *db = supl_db($self);
        if (db == NULL)
            return NULL;
        sup_invoice_list_options o;
        memset(&o, 0, sizeof o);
        o.version = SUP_INVOICE_LIST_OPTIONS_VERSION;
        o.on = on;
        o.from = start;
        o.to = end;
        o.license = license;
        o.customer = customer;
        o.state = state;
        sup_cursor *c = NULL;
        return supl_cursor_wrap(sup_ledger_list_invoices(db, &o, &c), &c, "InvoiceRow");
    }
    supb_list *pay_invoice(const char *actor, const char *payment_id, sup_date received_on, sup_money amount,
                           const char *invoice_number = NULL, const char *purpose = NULL,
                           const char *payer_inn = NULL, const char *payer_name = NULL,
                           const char *payer_account = NULL, const char *source = NULL)
    {
        sup_ledger *db = supl_db($self);
        if (db == NULL)
            return NULL;
        sup_incoming_payment p = supm_payment(payment_id, received_on, amount, invoice_number, purpose, payer_inn,
                                              payer_name, payer_account, source);
        sup_receipt_outcome o = {.version = SUP_RECEIPT_OUTCOME_VERSION};
        return supm_outcome_done(sup_ledger_pay_invoice(supl_stamped(db), actor, &p, &o), &o);
    }
    supb_list *match_payment(const char *payment_id, sup_date received_on, sup_money amount,
                             const char *invoice_number = NULL, const char *purpose = NULL,
                             const char *payer_inn = NULL)
    {
        sup_ledger *db = supl_db($self);
        if (db == NULL)
            return NULL;
        sup_incoming_payment p = supm_payment(payment_id, received_on, amount, invoice_number, purpose, payer_inn,
                                              NULL, NULL, NULL);
        sup_receipt_outcome o = {.version = SUP_RECEIPT_OUTCOME_VERSION};
        return supm_outcome_done(sup_ledger_match_payment(db, &p, &o), &o);
    }
    supb_list *bank_import(const char *actor, const char *path, bool dry_run = false, const char *account = NULL)
    {
        sup_ledger *db = supl_db($self);
        if (db == NULL)
            return NULL;
        size_t len = 0;
        char *data = supm_read_file(path, &len);
        if (data == NULL)
            return NULL;
        sup_bank_statement *st = NULL;
        int rc = sup_bank_statement_parse(data, len, NULL, &st);
        free(data);
        sup_bank_import_options o;
        memset(&o, 0, sizeof o);
        o.version = SUP_BANK_IMPORT_OPTIONS_VERSION;
        o.dry_run = dry_run;
        o.account = account;
        sup_bank_import *r = NULL;
        if (rc == SUP_OK)
            rc = sup_ledger_bank_import(supl_stamped(db), actor, st, &o, &r);
        sup_bank_statement_free(st);
        supb_list *l = NULL;
        if (!supb_failed(rc) && (l = supb_list_new(0)) != NULL) {
            for (size_t i = 0; i < sup_bank_import_count(r); i++) {
                sup_receipt_outcome out = {.version = SUP_RECEIPT_OUTCOME_VERSION};
                if (sup_bank_import_outcome(r, i, &out) == SUP_OK)
                    supm_outcome_row(l, &out, sup_bank_import_id(r));
            }
        }
        sup_bank_import_free(r);
        return l;
    }
    supb_cursor *list_reviews(bool all = false)
    {
        sup_cursor *c = NULL;
        sup_ledger *db = supl_db($self);
        return db ? supl_cursor_wrap(sup_ledger_list_reviews(db, all, &c), &c, "ReviewRow") : NULL;
    }
    void close_review(const char *actor, sup_id review, sup_date on, const char *note)
    {
        sup_ledger *db = supl_db($self);
        if (db != NULL)
            (void)supb_failed(sup_ledger_close_review(supl_stamped(db), actor, review, on, note));
    }
    sup_id find_payment(const char *payment_id)
    {
        sup_id ev = 0;
        sup_ledger *db = supl_db($self);
        if (db != NULL)
            (void)supb_failed(sup_ledger_find_payment(db, payment_id, &ev));
        return ev;
    }
    sup_id void_payment(const char *actor, sup_id event, sup_date on, const char *reason)
    {
        sup_id id = 0;
        sup_ledger *db = supl_db($self);
        if (db != NULL)
            (void)supb_failed(sup_ledger_void_payment(supl_stamped(db), actor, event, on, reason, &id));
        return id;
    }
    sup_id refund_payment(const char *actor, sup_id event, sup_date on, const char *reason, sup_money amount = 0,
                          bool shorten_support = false)
    {
        sup_id id = 0;
        sup_ledger *db = supl_db($self);
        if (db == NULL)
            return 0;
        sup_refund_options o;
        memset(&o, 0, sizeof o);
        o.version = SUP_REFUND_OPTIONS_VERSION;
        o.amount = amount;
        o.support = shorten_support ? SUP_REFUND_SHORTEN_SUPPORT : SUP_REFUND_KEEP_SUPPORT;
        (void)supb_failed(sup_ledger_refund_payment(supl_stamped(db), actor, event, on, reason, &o, &id));
        return id;
    }
    sup_id sell_at_price(const char *actor, sup_id customer, sup_id product, sup_date on, sup_money paid,
                         const char *reason, const char *payment_id = NULL)
    {
        sup_id id = 0;
        sup_ledger *db = supl_db($self);
        if (db != NULL)
            (void)supb_failed(sup_ledger_sell_at_price(supl_stamped(db), actor, payment_id, customer, product, on,
                                                       paid, reason, &id));
        return id;
    }
}
