/*
 * libsupport_reach.i — customers you can reach (customer.h), included by
 * libsupport.i after libsupport_ledger.i: more methods of Ledger.
 *
 * A customer reads back as a record (Python: the named tuple Customer; PHP: an
 * associative array) of the C object's fields: customer, code, name, emails
 * (a list), phone, inn, kpp, lang ("ru", "en" or None), note.
 */

%{
/* The fields of a change from the binding's arguments: None / null leaves a field as it is. */
static void supl_fields(sup_customer_fields *f, const char *name, const supb_strs *emails, const char *phone,
                        const char *inn, const char *kpp, const char *lang, const char *note)
{
    memset(f, 0, sizeof *f);
    f->version = SUP_CUSTOMER_FIELDS_VERSION;
    const struct {
        const char *v;
        unsigned bit;
        const char **slot;
    } t[] = {{name, SUP_CUSTOMER_NAME, &f->name}, {phone, SUP_CUSTOMER_PHONE, &f->phone},
             {inn, SUP_CUSTOMER_INN, &f->inn},    {kpp, SUP_CUSTOMER_KPP, &f->kpp},
             {lang, SUP_CUSTOMER_LANG, &f->lang}, {note, SUP_CUSTOMER_NOTE, &f->note}};
    for (size_t i = 0; i < sizeof t / sizeof t[0]; i++) {
        if (t[i].v != NULL) {
            *t[i].slot = t[i].v;
            f->change |= t[i].bit;
        }
    }
    if (emails != NULL) {
        f->change |= SUP_CUSTOMER_EMAILS;
        f->emails = emails->items;
        f->email_count = emails->n;
    }
}

/* The customer as a record (the C object freed). `pc` is read after the call that filled it has run. */
static supb_list *supl_customer_record(int rc, sup_customer **pc)
{
    sup_customer *c = *pc;
    if (supb_failed(rc)) {
        sup_customer_free(c);
        return NULL;
    }
    supb_list *l = supb_list_new(1);
    if (l != NULL) {
        size_t n = sup_customer_email_count(c);
        const char *emails[SUP_CUSTOMER_EMAILS_MAX];
        for (size_t i = 0; i < n && i < SUP_CUSTOMER_EMAILS_MAX; i++)
            emails[i] = sup_customer_email(c, i);
        supb_row_begin(l, SUPB_R_CUSTOMER);
        supb_row_int(l, sup_customer_id(c));
        supb_row_str(l, sup_customer_code(c));
        supb_row_str(l, sup_customer_name(c));
        supb_row_strs(l, emails, n);
        supb_row_str(l, sup_customer_phone(c));
        supb_row_str(l, sup_customer_inn(c));
        supb_row_str(l, sup_customer_kpp(c));
        supb_row_str(l, sup_customer_lang_code(c));
        supb_row_str(l, sup_customer_note(c));
        supb_row_end(l);
    }
    sup_customer_free(c);
    return l;
}
%}

%newobject supb_ledger::find_customers_by_email;
%newobject supb_ledger::list_sends_due;
%newobject supb_ledger::list_sends;
%newobject supb_ledger::render_subject;
%newobject supb_ledger::export_data;

SUPB_DOC(supb_ledger::add_customer, "add_customer(actor, code, name, emails=None, phone=None, inn=None, kpp=None,\n"
         "lang=None, note=None) -> int customer id. Every value is checked by the library (INN and KPP\n"
         "check digits, e-mail addresses, the phone stored as +79278531526, lang 'ru' or 'en').")
SUPB_DOC(supb_ledger::update_customer, "update_customer(actor, customer, name=None, emails=None, phone=None, inn=None,\n"
         "kpp=None, lang=None, note=None) -> int: change what is given (None keeps a field, '' clears\n"
         "it, emails=[] removes the addresses); returns the CustomerField bits of what changed (0:\n"
         "nothing did, and nothing was written). The audit trail keeps each old and new value.")
SUPB_DOC(supb_ledger::get_customer, "get_customer(customer) -> Customer(customer, code, name, emails, phone, inn, kpp,\n"
         "lang, note) (NotFoundError if none).")
SUPB_DOC(supb_ledger::get_customer_by_code, "get_customer_by_code(code) -> Customer (NotFoundError if none).")
SUPB_DOC(supb_ledger::find_customers_by_email, "find_customers_by_email(address) -> Cursor of CustomerRow: the\n"
         "customers with an address naming the same mailbox (the domain in any case), by id.")

SUPB_DOC(supb_ledger::list_sends_due, "list_sends_due(on, schedule=None, retry_days=7) -> Cursor of DueRow: the\n"
         "reminder e-mails due on the date (the reminders not yet sent, with the customer's addresses\n"
         "and language; `action` is a SendAction: NEW, RETRY, NO_EMAIL or UNCONFIRMED).")
SUPB_DOC(supb_ledger::render_subject, "render_subject(license, on, notice) -> str: the subject line of the e-mail\n"
         "carrying the notice.")
SUPB_DOC(supb_ledger::begin_send, "begin_send(actor, license, kind, anchor, due, on, recipient, message_id,\n"
         "time_ms=-1) -> SendStarted(attempt, replayed): record an attempt BEFORE handing the message to\n"
         "the mail server (time_ms -1: now). replayed: this Message-ID was begun already: do not send.\n"
         "ConflictError if the reminder was sent or an attempt of it has no outcome.")
SUPB_DOC(supb_ledger::finish_send, "finish_send(actor, attempt, ok, error=None, time_ms=-1): record the outcome\n"
         "AFTER handing the message over (ok False: the error text is required).")
SUPB_DOC(supb_ledger::list_sends, "list_sends(start, end) -> Cursor of SentRow: every attempt of the runs dated\n"
         "start … end (`state` is a SendState).")

%{
/* The caller's time of a send: -1 means now (the binding reads the clock; the library never does). */
static int64_t supl_time(long long ms)
{
    if (ms >= 0)
        return (int64_t)ms;
    struct timespec ts;
    if (clock_gettime(CLOCK_REALTIME, &ts) != 0 || ts.tv_sec < 0)
        return 0;
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
%}

%extend supb_ledger {
    supb_cursor *list_sends_due(sup_date on, const supb_schedule *schedule = NULL, int retry_days = 7)
    {
        sup_cursor *c = NULL;
        sup_ledger *db = supl_db($self);
        sup_sends_due_options o;
        if (db == NULL || supb_failed(sup_sends_due_options_init(&o, SUP_SENDS_DUE_OPTIONS_VERSION)))
            return NULL;
        o.schedule = schedule;
        o.retry_days = retry_days;
        return supl_cursor_wrap(sup_ledger_list_sends_due(db, on, &o, &c), &c, "DueRow");
    }
    char *render_subject(sup_id license, sup_date on, const supb_notice *notice)
    {
        char *s = NULL;
        sup_ledger *db = supl_db($self);
        if (db == NULL || supb_failed(sup_ledger_render_subject(db, license, on, notice, &s)))
            return NULL;
        return s;
    }
    supb_list *begin_send(const char *actor, sup_id license, sup_notice_kind kind, sup_date anchor, sup_date due,
                          sup_date on, const char *recipient, const char *message_id, long long time_ms = -1)
    {
        sup_ledger *db = supl_db($self);
        sup_send s;
        if (db == NULL || supb_failed(sup_send_init(&s, SUP_SEND_VERSION)))
            return NULL;
        s.license = license;
        s.kind = kind;
        s.anchor = anchor;
        s.due = due;
        s.on = on;
        s.recipient = recipient;
        s.message_id = message_id;
        s.time_ms = supl_time(time_ms);
        sup_id attempt = 0;
        int replayed = 0;
        if (supb_failed(sup_ledger_begin_send(supl_stamped(db), actor, &s, &attempt, &replayed)))
            return NULL;
        supb_list *l = supb_list_new(1);
        if (l != NULL) {
            supb_row_begin(l, SUPB_R_SEND_STARTED);
            supb_row_int(l, attempt);
            supb_row_bool(l, replayed);
            supb_row_end(l);
        }
        return l;
    }
    void finish_send(const char *actor, sup_id attempt, bool ok, const char *error = NULL, long long time_ms = -1)
    {
        sup_ledger *db = supl_db($self);
        if (db != NULL)
            (void)supb_failed(sup_ledger_finish_send(supl_stamped(db), actor, attempt, ok ? 1 : 0, error,
                                                     supl_time(time_ms)));
    }
    supb_cursor *list_sends(sup_date start, sup_date end)
    {
        sup_cursor *c = NULL;
        sup_ledger *db = supl_db($self);
        return db ? supl_cursor_wrap(sup_ledger_list_sends(db, start, end, &c), &c, "SentRow") : NULL;
    }
}

SUPB_DOC(supb_ledger::import_csv, "import_csv(actor, customers=None, licenses=None, customers_data=None,\n"
         "licenses_data=None, dry_run=False, skip_bad=False) -> ImportReport: import the vendor's customers and\n"
         "licenses from CSV files (paths) or CSV text, in one transaction (docs/import.md). Bad rows do not\n"
         "raise: the report says applied=False and lists them in `errors` (\"FILE:LINE: column C: why\").")
SUPB_DOC(supb_ledger::export_data, "export_data(what='customers', format='csv') -> str: every customer or license\n"
         "with the columns of the import ('licenses'; format 'json' for a JSON array).")

%{
struct supl_sink {
    char *data;
    size_t len;
    int failed;
};
static int supl_collect(void *payload, const char *data, size_t len)
{
    struct supl_sink *s = payload;
    char *p = realloc(s->data, s->len + len + 1);
    if (p == NULL) {
        s->failed = 1;
        return -1;
    }
    memcpy(p + s->len, data, len);
    s->data = p;
    s->len += len;
    s->data[s->len] = '\0';
    return 0;
}

static supb_list *supl_import_report(const sup_import_report *r, const char *cpath, const char *lpath)
{
    supb_list *l = supb_list_new(1);
    if (l == NULL)
        return NULL;
    size_t n = sup_import_report_error_count(r);
    char **lines = calloc(n ? n : 1, sizeof *lines);
    size_t k = 0;
    for (size_t i = 0; lines != NULL && i < n; i++) {
        sup_import_file f;
        int64_t line = 0;
        const char *col = NULL, *msg = NULL;
        if (sup_import_report_error(r, i, &f, &line, &col, &msg) != SUP_OK)
            continue;
        const char *file = f == SUP_IMPORT_LICENSES ? (lpath ? lpath : "licenses") : (cpath ? cpath : "customers");
        size_t size = strlen(file) + strlen(msg) + (col ? strlen(col) : 0) + 64;
        if ((lines[k] = malloc(size)) != NULL)
            snprintf(lines[k++], size, "%s:%lld: %s%s%s%s", file, (long long)line, col ? "column " : "",
                     col ? col : "", col ? ": " : "", msg);
    }
    supb_row_begin(l, SUPB_R_IMPORT);
    supb_row_bool(l, sup_import_report_applied(r));
    supb_row_bool(l, sup_import_report_dry_run(r));
    supb_row_int(l, sup_import_report_count(r, SUP_IMPORT_ROWS));
    for (int c = SUP_IMPORT_CUSTOMERS_ADDED; c <= SUP_IMPORT_BAD_ROWS; c++)
        supb_row_int(l, sup_import_report_count(r, (sup_import_count)c));
    supb_row_strs(l, (const char *const *)lines, k);
    supb_row_end(l);
    for (size_t i = 0; i < k; i++)
        free(lines[i]);
    free(lines);
    return l;
}
%}

%extend supb_ledger {
    supb_list *import_csv(const char *actor, const char *customers = NULL, const char *licenses = NULL,
                          const char *customers_data = NULL, const char *licenses_data = NULL, bool dry_run = false,
                          bool skip_bad = false)
    {
        sup_ledger *db = supl_db($self);
        sup_import_options o;
        if (db == NULL || supb_failed(sup_import_options_init(&o, SUP_IMPORT_OPTIONS_VERSION)))
            return NULL;
        o.customers_path = customers;
        o.licenses_path = licenses;
        if (customers == NULL && customers_data != NULL) {
            o.customers_data = customers_data;
            o.customers_size = strlen(customers_data);
        }
        if (licenses == NULL && licenses_data != NULL) {
            o.licenses_data = licenses_data;
            o.licenses_size = strlen(licenses_data);
        }
        o.flags = (dry_run ? SUP_IMPORT_DRY_RUN : 0u) | (skip_bad ? SUP_IMPORT_SKIP_BAD : 0u);
        sup_import_report *r = NULL;
        int rc = sup_ledger_import(supl_stamped(db), actor, &o, &r);
        if (r == NULL) { /* a failure, not bad rows */
            (void)supb_failed(rc);
            return NULL;
        }
        sup_error_clear();
        supb_list *l = supl_import_report(r, customers, licenses);
        sup_import_report_free(r);
        return l;
    }
    char *export_data(const char *what = "customers", const char *format = "csv")
    {
        sup_ledger *db = supl_db($self);
        sup_export_options o;
        if (db == NULL || supb_failed(sup_export_options_init(&o, SUP_EXPORT_OPTIONS_VERSION)))
            return NULL;
        if (what == NULL || (strcmp(what, "customers") != 0 && strcmp(what, "licenses") != 0)) {
            supb_fail_msg(SUP_EINVAL, "export_data: what is 'customers' or 'licenses'");
            return NULL;
        }
        if (format == NULL || (strcmp(format, "csv") != 0 && strcmp(format, "json") != 0)) {
            supb_fail_msg(SUP_EINVAL, "export_data: format is 'csv' or 'json'");
            return NULL;
        }
        struct supl_sink s = {NULL, 0, 0};
        o.what = strcmp(what, "customers") == 0 ? SUP_EXPORT_CUSTOMERS : SUP_EXPORT_LICENSES;
        o.format = strcmp(format, "csv") == 0 ? SUP_EXPORT_CSV : SUP_EXPORT_JSON;
        o.write = supl_collect;
        o.payload = &s;
        int rc = sup_ledger_export(db, &o);
        if (rc == SUP_OK && s.failed) {
            free(s.data);
            supb_fail_msg(SUP_ENOMEM, "out of memory exporting");
            return NULL;
        }
        if (supb_failed(rc)) {
            free(s.data);
            return NULL;
        }
        if (s.data == NULL)
            s.data = calloc(1, 1);
        return s.data; /* freed by the binding with sup_free (free) */
    }
}

SUPB_DOC(supb_ledger::renew_ext, "renew_ext(actor, payment_id, license, on, paid) -> PaymentOutcome(replayed, event,\n"
         "license, recorded_on): renew as renew(), and say whether the payment id was recorded before\n"
         "(replayed: nothing changed; recorded_on: the date it was recorded for).")
SUPB_DOC(supb_ledger::pay_ext, "pay_ext(actor, payment_id, license, on, paid) -> PaymentOutcome (as renew_ext).")
SUPB_DOC(supb_ledger::sell_ext, "sell_ext(actor, customer, product, on, paid, payment_id=None, external_id=None,\n"
         "reason=None) -> PaymentOutcome: sell as sell(), with the vendor's external id of the license\n"
         "(`license` is its id), at a price agreed for `reason` when given (as sell_at_price).")

%{
static supb_list *supl_outcome(int rc, const sup_payment_outcome *o)
{
    if (supb_failed(rc))
        return NULL;
    supb_list *l = supb_list_new(1);
    if (l != NULL) {
        supb_row_begin(l, SUPB_R_OUTCOME);
        supb_row_bool(l, o->replayed);
        supb_row_int(l, o->event);
        supb_row_int(l, o->license);
        supb_row_date(l, o->recorded_on);
        supb_row_end(l);
    }
    return l;
}
%}

%extend supb_ledger {
    supb_list *renew_ext(const char *actor, const char *payment_id, sup_id license, sup_date on, sup_money paid)
    {
        sup_payment_outcome o;
        sup_ledger *db = supl_db($self);
        if (db == NULL || supb_failed(sup_payment_outcome_init(&o, SUP_PAYMENT_OUTCOME_VERSION)))
            return NULL;
        return supl_outcome(sup_ledger_renew_ext(supl_stamped(db), actor, payment_id, license, on, paid, NULL, NULL, &o),
                            &o);
    }
    supb_list *pay_ext(const char *actor, const char *payment_id, sup_id license, sup_date on, sup_money paid)
    {
        sup_payment_outcome o;
        sup_ledger *db = supl_db($self);
        if (db == NULL || supb_failed(sup_payment_outcome_init(&o, SUP_PAYMENT_OUTCOME_VERSION)))
            return NULL;
        return supl_outcome(sup_ledger_pay_ext(supl_stamped(db), actor, payment_id, license, on, paid, NULL, NULL, &o),
                            &o);
    }
    supb_list *sell_ext(const char *actor, sup_id customer, sup_id product, sup_date on, sup_money paid,
                        const char *payment_id = NULL, const char *external_id = NULL, const char *reason = NULL)
    {
        sup_payment_outcome o;
        sup_payment_options po;
        sup_ledger *db = supl_db($self);
        if (db == NULL || supb_failed(sup_payment_outcome_init(&o, SUP_PAYMENT_OUTCOME_VERSION)) ||
            supb_failed(sup_payment_options_init(&po, SUP_PAYMENT_OPTIONS_VERSION)))
            return NULL;
        po.external_id = external_id;
        po.reason = reason;
        sup_id id = 0;
        return supl_outcome(sup_ledger_sell_ext(supl_stamped(db), actor, payment_id, customer, product, on, paid, &po,
                                                &id, &o),
                            &o);
    }
}

%extend supb_ledger {
    sup_id add_customer(const char *actor, const char *code, const char *name, supb_strs *emails = NULL,
                        const char *phone = NULL, const char *inn = NULL, const char *kpp = NULL,
                        const char *lang = NULL, const char *note = NULL)
    {
        sup_id id = 0;
        sup_ledger *db = supl_db($self);
        if (db != NULL) {
            sup_customer_fields f;
            supl_fields(&f, name, emails, phone, inn, kpp, lang, note);
            f.change |= SUP_CUSTOMER_NAME; /* a NULL name is refused by the library */
            (void)supb_failed(sup_ledger_add_customer_ext(supl_stamped(db), actor, code, &f, &id));
        }
        return id;
    }
    unsigned update_customer(const char *actor, sup_id customer, const char *name = NULL, supb_strs *emails = NULL,
                             const char *phone = NULL, const char *inn = NULL, const char *kpp = NULL,
                             const char *lang = NULL, const char *note = NULL)
    {
        unsigned changed = 0;
        sup_ledger *db = supl_db($self);
        if (db != NULL) {
            sup_customer_fields f;
            supl_fields(&f, name, emails, phone, inn, kpp, lang, note);
            (void)supb_failed(sup_ledger_update_customer_ext(supl_stamped(db), actor, customer, &f, &changed));
        }
        return changed;
    }
    supb_list *get_customer(sup_id customer)
    {
        sup_customer *c = NULL;
        sup_ledger *db = supl_db($self);
        return db != NULL ? supl_customer_record(sup_ledger_get_customer(db, customer, &c), &c) : NULL;
    }
    supb_list *get_customer_by_code(const char *code)
    {
        sup_customer *c = NULL;
        sup_ledger *db = supl_db($self);
        return db != NULL ? supl_customer_record(sup_ledger_get_customer_by_code(db, code, &c), &c) : NULL;
    }
    supb_cursor *find_customers_by_email(const char *address)
    {
        sup_cursor *c = NULL;
        sup_ledger *db = supl_db($self);
        return db ? supl_cursor_wrap(sup_ledger_find_customers_by_email(db, address, &c), &c, "CustomerRow") : NULL;
    }
}
