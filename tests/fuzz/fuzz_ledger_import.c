/* Fuzz target: sup_ledger_import on any bytes (split at the first 0x00 into a customers and a licenses
 * file) into an in-memory ledger with three products: it never crashes and never leaks; it imports
 * everything or nothing (SUP_EPARSE with a report whose errors name a line), and what it imported
 * imports again unchanged, and exports and imports back unchanged. */
#include "fuzz_common.h"

static sup_ledger *catalogue(void)
{
    sup_ledger *l = NULL;
    FUZZ_CHECK(sup_ledger_open(":memory:", SUP_LEDGER_CREATE, &l) == SUP_OK);
    sup_id a = 0, b = 0;
    FUZZ_CHECK(sup_ledger_add_product(l, "fuzz", "REPORT6", "r", SUP_LICENSE_PERPETUAL, 6, &a) == SUP_OK);
    FUZZ_CHECK(sup_ledger_set_price(l, "fuzz", a, 20000101, 799000) == SUP_OK);
    FUZZ_CHECK(sup_ledger_add_product(l, "fuzz", "CLOUD1", "c", SUP_LICENSE_SUBSCRIPTION_MONTHLY, 0, &b) == SUP_OK);
    FUZZ_CHECK(sup_ledger_set_price(l, "fuzz", b, 20000101, 99000) == SUP_OK);
    return l;
}

static int run(sup_ledger *l, const void *c, size_t cn, const void *lic, size_t ln, sup_import_report **r)
{
    sup_import_options o;
    FUZZ_CHECK(sup_import_options_init(&o, SUP_IMPORT_OPTIONS_VERSION) == SUP_OK);
    if (cn > 0) {
        o.customers_data = c;
        o.customers_size = cn;
    }
    if (ln > 0) {
        o.licenses_data = lic;
        o.licenses_size = ln;
    }
    o.max_errors = 20;
    return sup_ledger_import(l, "fuzz", &o, r);
}

struct sink {
    char *data;
    size_t len;
};

static int collect(void *payload, const char *data, size_t len)
{
    struct sink *s = payload;
    char *p = realloc(s->data, s->len + len + 1);
    FUZZ_CHECK(p != NULL);
    memcpy(p + s->len, data, len);
    s->data = p;
    s->len += len;
    return 0;
}

static struct sink exported(sup_ledger *l, sup_export_what what)
{
    sup_export_options o;
    struct sink s = {NULL, 0};
    FUZZ_CHECK(sup_export_options_init(&o, SUP_EXPORT_OPTIONS_VERSION) == SUP_OK);
    o.what = what;
    o.write = collect;
    o.payload = &s;
    FUZZ_CHECK(sup_ledger_export(l, &o) == SUP_OK);
    return s;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size > 16384)
        return 0;
    const uint8_t *zero = memchr(data, 0, size);
    size_t cn = zero != NULL ? (size_t)(zero - data) : size;
    const uint8_t *lic = zero != NULL ? zero + 1 : data + size;
    size_t ln = zero != NULL ? size - cn - 1 : 0;
    if (cn == 0 && ln == 0)
        return 0;
    sup_ledger *l = catalogue();
    sup_import_report *r = NULL;
    int rc = run(l, data, cn, lic, ln, &r);
    FUZZ_CHECK(rc == SUP_OK || rc == SUP_EPARSE || rc == SUP_ENOMEM);
    if (rc == SUP_EPARSE) {
        FUZZ_CHECK(r != NULL && !sup_import_report_applied(r) && sup_import_report_count(r, SUP_IMPORT_BAD_ROWS) > 0);
        for (size_t i = 0; i < sup_import_report_error_count(r); i++) {
            const char *msg = NULL;
            FUZZ_CHECK(sup_import_report_error(r, i, NULL, NULL, NULL, &msg) == SUP_OK && msg != NULL && *msg);
        }
        sup_cursor *c = NULL; /* nothing was written */
        FUZZ_CHECK(sup_ledger_list_customers(l, &c) == SUP_OK);
        FUZZ_CHECK(sup_cursor_next(c) == 0);
        sup_cursor_free(c);
    }
    if (rc == SUP_OK) {
        FUZZ_CHECK(sup_import_report_applied(r));
        sup_import_report_free(r);
        r = NULL;
        /* the same files again change nothing */
        FUZZ_CHECK(run(l, data, cn, lic, ln, &r) == SUP_OK);
        FUZZ_CHECK(sup_import_report_count(r, SUP_IMPORT_CUSTOMERS_ADDED) == 0);
        FUZZ_CHECK(sup_import_report_count(r, SUP_IMPORT_CUSTOMERS_UPDATED) == 0);
        FUZZ_CHECK(sup_import_report_count(r, SUP_IMPORT_LICENSES_ADDED) == 0);
        FUZZ_CHECK(sup_import_report_count(r, SUP_IMPORT_PERIODS_RECORDED) == 0);
        sup_import_report_free(r);
        r = NULL;
        /* nor does its export */
        struct sink ec = exported(l, SUP_EXPORT_CUSTOMERS), el = exported(l, SUP_EXPORT_LICENSES);
        FUZZ_CHECK(run(l, ec.data, ec.len, el.data, el.len, &r) == SUP_OK);
        FUZZ_CHECK(sup_import_report_count(r, SUP_IMPORT_CUSTOMERS_UPDATED) == 0);
        FUZZ_CHECK(sup_import_report_count(r, SUP_IMPORT_LICENSES_ADDED) == 0);
        FUZZ_CHECK(sup_import_report_count(r, SUP_IMPORT_PERIODS_RECORDED) == 0);
        free(ec.data);
        free(el.data);
    }
    sup_import_report_free(r);
    sup_ledger_close(l);
    return 0;
}
