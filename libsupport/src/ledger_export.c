/* libsupport — customers and licenses exported with the columns of the import
 * (import.h, docs/import.md), as CSV for Russian Excel or as JSON, streamed from one
 * consistent read through the caller's write function. */
#include "ledger_internal.h"
#include "libsupport/csv.h"
#include "libsupport/import.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int sup_export_options_init(sup_export_options *o, unsigned version)
{
    SUP__CHECK_ARG(o, "sup_export_options_init");
    if (version != SUP_EXPORT_OPTIONS_VERSION)
        return sup__fail(SUP_EINVAL, "sup_export_options_init: unknown version %u (this library knows %u)", version,
                         (unsigned)SUP_EXPORT_OPTIONS_VERSION);
    memset(o, 0, sizeof *o);
    o->version = version;
    return SUP_OK;
}

/* ---- output: CSV rows through the writer, or JSON text ------------------------------------------- */

#define FLUSH_AT 65536

struct out {
    const sup_export_options *o;
    sup_csv_writer *csv; /* CSV */
    sup__buf json;       /* JSON */
    size_t rows;
};

static int give(struct out *w, const char *data, size_t len)
{
    if (len > 0 && w->o->write(w->o->payload, data, len) != 0)
        return sup__fail(SUP_EIO, "sup_ledger_export: the output did not take the data");
    return SUP_OK;
}

static int flush(struct out *w, bool all)
{
    if (w->csv != NULL) {
        size_t len = 0;
        const char *d = sup_csv_writer_data(w->csv, &len);
        if (!all && len < FLUSH_AT)
            return SUP_OK;
        int rc = give(w, d, len);
        sup_csv_writer_clear(w->csv);
        return rc;
    }
    if (w->json.failed)
        return sup__fail(SUP_ENOMEM, "out of memory exporting");
    if (!all && w->json.len < FLUSH_AT)
        return SUP_OK;
    int rc = give(w, w->json.data, w->json.len);
    w->json.len = 0;
    if (w->json.data != NULL)
        w->json.data[0] = '\0';
    return rc;
}

static void json_string(sup__buf *b, const char *s)
{
    if (s == NULL) {
        sup__buf_put(b, "null");
        return;
    }
    sup__buf_put(b, "\"");
    for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
        switch (*p) {
        case '"': sup__buf_put(b, "\\\""); break;
        case '\\': sup__buf_put(b, "\\\\"); break;
        case '\n': sup__buf_put(b, "\\n"); break;
        case '\r': sup__buf_put(b, "\\r"); break;
        case '\t': sup__buf_put(b, "\\t"); break;
        default:
            if (*p < 0x20)
                sup__buf_printf(b, "\\u%04x", *p);
            else
                sup__buf_putn(b, (const char *)p, 1);
        }
    }
    sup__buf_put(b, "\"");
}

static void json_key(struct out *w, const char *key, bool first)
{
    sup__buf_printf(&w->json, "%s\"%s\":", first ? "" : ",", key);
}

/* A CSV cell or a JSON value (NULL: empty / null). */
static int put_text(struct out *w, const char *key, const char *v, bool first)
{
    if (w->csv != NULL)
        return sup_csv_write_field(w->csv, v != NULL ? v : "");
    json_key(w, key, first);
    json_string(&w->json, v);
    return SUP_OK;
}

static int put_date(struct out *w, const char *key, sup_date d)
{
    if (w->csv != NULL)
        return sup_csv_write_date(w->csv, d);
    char iso[SUP_DATE_BUFSIZE];
    json_key(w, key, false);
    if (d == SUP_DATE_NONE || sup_date_format(d, SUP_DATE_ISO, iso, sizeof iso) != SUP_OK)
        sup__buf_put(&w->json, "null");
    else
        json_string(&w->json, iso);
    return SUP_OK;
}

static int put_money(struct out *w, const char *key, sup_money m)
{
    if (w->csv != NULL)
        return sup_csv_write_money(w->csv, m);
    char s[SUP_MONEY_BUFSIZE];
    json_key(w, key, false);
    json_string(&w->json, sup__ledger_money_str(m, s));
    return SUP_OK;
}

static int begin_row(struct out *w)
{
    if (w->csv == NULL)
        sup__buf_put(&w->json, w->rows == 0 ? "\n{" : ",\n{");
    return SUP_OK;
}

static int end_row(struct out *w)
{
    w->rows++;
    int rc = SUP_OK;
    if (w->csv != NULL)
        rc = sup_csv_end_row(w->csv);
    else
        sup__buf_put(&w->json, "}");
    return rc == SUP_OK ? flush(w, false) : rc;
}

static int header(struct out *w, const char *const *names, size_t n)
{
    if (w->csv == NULL) {
        sup__buf_put(&w->json, "[");
        return SUP_OK;
    }
    int rc = SUP_OK;
    for (size_t i = 0; rc == SUP_OK && i < n; i++)
        rc = sup_csv_write_field(w->csv, names[i]);
    return rc == SUP_OK ? sup_csv_end_row(w->csv) : rc;
}

/* ---- customers ------------------------------------------------------------------------------------------ */

static const char *const customer_header[] = {"code", "name", "email", "phone", "inn", "kpp", "lang", "note"};

struct cust_row {
    sup_id id;
    char *text[7]; /* code, name, phone, inn, kpp, lang, note */
    sup__buf emails_csv;
    sup__buf emails_json;
    size_t nemails;
};

static void cust_clear(struct cust_row *c)
{
    for (int i = 0; i < 7; i++) {
        sup__free(c->text[i]);
        c->text[i] = NULL;
    }
    sup__buf_dispose(&c->emails_csv);
    sup__buf_dispose(&c->emails_json);
    c->id = 0;
    c->nemails = 0;
}

static int cust_emit(struct out *w, struct cust_row *c)
{
    int rc = begin_row(w);
    if (c->emails_csv.failed || c->emails_json.failed)
        return sup__fail(SUP_ENOMEM, "out of memory exporting");
    if (rc == SUP_OK)
        rc = put_text(w, "code", c->text[0], true);
    if (rc == SUP_OK)
        rc = put_text(w, "name", c->text[1], false);
    if (rc == SUP_OK && w->csv != NULL) {
        rc = sup_csv_write_field(w->csv, c->emails_csv.data != NULL ? c->emails_csv.data : "");
    } else if (rc == SUP_OK) {
        json_key(w, "email", false);
        sup__buf_printf(&w->json, "[%s]", c->emails_json.data != NULL ? c->emails_json.data : "");
    }
    static const char *const keys[] = {"phone", "inn", "kpp", "lang", "note"};
    for (int i = 0; rc == SUP_OK && i < 5; i++)
        rc = put_text(w, keys[i], c->text[2 + i], false);
    return rc == SUP_OK ? end_row(w) : rc;
}

static bool dup_col(sup__stmt *st, int col, char **out)
{
    *out = NULL;
    if (sup__col_null(st, col))
        return true;
    *out = sup__strdup(sup__col_text(st, col));
    return *out != NULL;
}

static int export_customers(sup_ledger *l, struct out *w)
{
    int rc = header(w, customer_header, sizeof customer_header / sizeof customer_header[0]);
    sup__stmt *st = NULL;
    if (rc == SUP_OK)
        rc = l->store->ops->prepare(l->store,
                                    "SELECT c.id, c.code, c.name, c.phone, c.inn, c.kpp, c.lang, c.note, e.address"
                                    " FROM customer c LEFT JOIN customer_email e ON e.customer_id = c.id"
                                    " ORDER BY c.id, e.position",
                                    SUP__STMT_STREAM, &st);
    struct cust_row c;
    memset(&c, 0, sizeof c);
    while (rc == SUP_OK && (rc = sup__st_step(st, "exporting customers")) == 1) {
        sup_id id = sup__col_int(st, 0);
        rc = SUP_OK;
        if (id != c.id) {
            if (c.id != 0 && (rc = cust_emit(w, &c)) != SUP_OK)
                break;
            cust_clear(&c);
            c.id = id;
            for (int i = 0; i < 7; i++)
                if (!dup_col(st, 1 + i, &c.text[i]))
                    rc = sup__fail(SUP_ENOMEM, "out of memory exporting");
        }
        const char *a = sup__col_text(st, 8);
        if (a != NULL) {
            if (c.nemails++ > 0) {
                sup__buf_put(&c.emails_csv, ", ");
                sup__buf_put(&c.emails_json, ",");
            }
            sup__buf_put(&c.emails_csv, a);
            json_string(&c.emails_json, a);
        }
    }
    if (rc == 0 && c.id != 0)
        rc = cust_emit(w, &c);
    cust_clear(&c);
    sup__ledger_finalize(st);
    return rc;
}

/* ---- licenses ---------------------------------------------------------------------------------------------- */

static const char *const license_header[] = {"external_id", "customer", "product", "purchased",
                                             "paid",        "support_until", "support_from"};

struct lic_row {
    sup_id id;
    char *ext, *customer, *product;
    sup_money paid;
    sup_license *lic; /* the core's license of the events read so far (owned) */
};

static int lic_emit(struct out *w, struct lic_row *r)
{
    char self[32];
    const char *ext = r->ext;
    if (ext == NULL) { /* no external id: this ledger's own id */
        snprintf(self, sizeof self, "#%lld", (long long)r->id);
        ext = self;
    }
    size_t n = sup_license_event_count(r->lic);
    sup_date purchased = SUP_DATE_NONE, last = SUP_DATE_NONE;
    if (n == 0 || sup_license_event(r->lic, 0, NULL, &purchased, NULL, NULL) != SUP_OK ||
        sup_license_event(r->lic, n - 1, NULL, &last, NULL, NULL) != SUP_OK)
        return sup__fail(SUP_EDB, "license %lld has no events", (long long)r->id);
    int rc = begin_row(w);
    if (rc == SUP_OK)
        rc = put_text(w, "external_id", ext, true);
    if (rc == SUP_OK)
        rc = put_text(w, "customer", r->customer, false);
    if (rc == SUP_OK)
        rc = put_text(w, "product", r->product, false);
    if (rc == SUP_OK)
        rc = put_date(w, "purchased", purchased);
    if (rc == SUP_OK)
        rc = put_money(w, "paid", r->paid);
    if (rc == SUP_OK)
        rc = put_date(w, "support_until", sup_license_latest_until(r->lic));
    if (rc == SUP_OK) /* the date the support end was last set, when it was not the purchase */
        rc = put_date(w, "support_from", n > 1 ? last : SUP_DATE_NONE);
    return rc == SUP_OK ? end_row(w) : rc;
}

static void lic_clear(struct lic_row *r)
{
    sup__free(r->ext);
    sup__free(r->customer);
    sup__free(r->product);
    r->ext = r->customer = r->product = NULL;
    sup_license_free(r->lic);
    r->lic = NULL;
    r->id = 0;
}

static int export_licenses(sup_ledger *l, struct out *w)
{
    int rc = header(w, license_header, sizeof license_header / sizeof license_header[0]);
    sup__stmt *st = NULL;
    if (rc == SUP_OK)
        rc = l->store->ops->prepare(l->store,
                                    "SELECT l.id, l.external_id, c.code, p.code, l.kind, p.support_months, e.kind,"
                                    " e.on_date, e.support_until, e.amount FROM license l"
                                    " JOIN customer c ON c.id = l.customer_id JOIN product p ON p.id = l.product_id"
                                    " JOIN license_event e ON e.license_id = l.id ORDER BY l.id, e.id",
                                    SUP__STMT_STREAM, &st);
    struct lic_row r;
    memset(&r, 0, sizeof r);
    while (rc == SUP_OK && (rc = sup__st_step(st, "exporting licenses")) == 1) {
        sup_id id = sup__col_int(st, 0);
        rc = SUP_OK;
        if (id != r.id) {
            if (r.id != 0 && (rc = lic_emit(w, &r)) != SUP_OK)
                break;
            lic_clear(&r);
            r.id = id;
            r.lic = sup__license_alloc((sup_license_kind)sup__col_int(st, 4), (int)sup__col_int(st, 5));
            if (r.lic == NULL || !dup_col(st, 1, &r.ext) || !dup_col(st, 2, &r.customer) ||
                !dup_col(st, 3, &r.product))
                rc = sup__fail(SUP_ENOMEM, "out of memory exporting");
            r.paid = sup__col_int(st, 9);
        }
        sup_date on, until;
        int64_t kind = sup__col_int(st, 6);
        if (rc == SUP_OK)
            rc = sup__ledger_column_date(st, 7, &on);
        if (rc == SUP_OK)
            rc = sup__ledger_column_date(st, 8, &until);
        if (rc == SUP_OK && (kind < SUP_EVENT_PURCHASE || kind > SUP_EVENT_PERIOD ||
                             (sup_license_event_count(r.lic) == 0) != (kind == SUP_EVENT_PURCHASE)))
            rc = sup__fail(SUP_EDB, "license %lld has a damaged history", (long long)id);
        if (rc == SUP_OK)
            rc = sup__license_push_event(r.lic, (sup_event_kind)kind, on, until, sup__col_int(st, 9));
    }
    if (rc == 0 && r.id != 0)
        rc = lic_emit(w, &r);
    lic_clear(&r);
    sup__ledger_finalize(st);
    return rc;
}

int sup_ledger_export(sup_ledger *l, const sup_export_options *o)
{
    SUP__CHECK_ARG(l, "sup_ledger_export");
    SUP__CHECK_ARG(o, "sup_ledger_export");
    if (o->version != SUP_EXPORT_OPTIONS_VERSION)
        return sup__fail(SUP_EINVAL, "sup_ledger_export: options of version %u (this library knows %u)", o->version,
                         (unsigned)SUP_EXPORT_OPTIONS_VERSION);
    if (o->write == NULL)
        return sup__fail(SUP_EINVAL, "sup_ledger_export: no write function");
    if ((unsigned)o->what > SUP_EXPORT_LICENSES || (unsigned)o->format > SUP_EXPORT_JSON)
        return sup__fail(SUP_EINVAL, "sup_ledger_export: unknown %s %d", (unsigned)o->what > SUP_EXPORT_LICENSES
                                                                              ? "export" : "format",
                         (unsigned)o->what > SUP_EXPORT_LICENSES ? (int)o->what : (int)o->format);
    struct out w;
    memset(&w, 0, sizeof w);
    w.o = o;
    int rc = o->format == SUP_EXPORT_CSV ? sup_csv_writer_new(NULL, &w.csv) : SUP_OK;
    if (rc != SUP_OK)
        return rc;
    rc = sup__ledger_read_begin(l, "sup_ledger_export");
    if (rc == SUP_OK) {
        rc = o->what == SUP_EXPORT_CUSTOMERS ? export_customers(l, &w) : export_licenses(l, &w);
        if (rc == 0)
            rc = SUP_OK;
        rc = sup__ledger_read_end(l, rc);
    }
    if (rc == SUP_OK && w.csv == NULL)
        sup__buf_put(&w.json, w.rows > 0 ? "\n]\n" : "]\n");
    if (rc == SUP_OK)
        rc = flush(&w, true);
    sup_csv_writer_free(w.csv);
    sup__buf_dispose(&w.json);
    return rc;
}
