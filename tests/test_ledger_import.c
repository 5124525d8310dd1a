/* The vendor's data in and out (import.h): customers and licenses imported from 1C/Excel
 * CSV in one transaction (all or nothing, or the good rows with --skip-bad), re-imports
 * that change nothing, bad rows reported with line and column, and exports that import
 * back unchanged. Runs on both engines (pg.test_ledger_import). */
#include "ledger_test_util.h"

#include <stdbool.h>

static const char CUSTOMERS[] =
    "\xEF\xBB\xBF"
    "code;name;email;phone;inn;kpp;lang;note\r\n"
    "ROM;ООО «Ромашка»;Anna@Romashka.RU, buh@romashka.ru;8 (927) 853-15-26;7707083893;773601001;;\"после 10:00\n"
    "бухгалтерия\"\r\n"
    "PET;ИП Петров;petrov@mail.ru;;500100732259;;en;\r\n"
    "SEV;\"АО \"\"Север\"\"\";;;;;;\r\n";

/* REPORT6: perpetual, 6 months, 7990 from 2020-01-01; CLOUD1: monthly subscription, 990. */
static const char LICENSES[] = "external_id;customer;product;purchased;paid;support_until;support_from\r\n"
                               "1C-0001;ROM;REPORT6;15.01.2025;7 990,00;;\r\n"
                               "1C-0002;PET;REPORT6;2025-03-01;;15.03.2026;20.09.2025\r\n"
                               "1C-0003;SEV;CLOUD1;31.01.2026;990;;\r\n"
                               "1C-0004;ROM;REPORT6;01.02.2024;5000;31.12.2026;\r\n";

static void catalogue(sup_ledger *l)
{
    sup_id p = 0, s = 0;
    assert_int_equal(sup_ledger_add_product(l, ACTOR, "REPORT6", "Анализ продаж", SUP_LICENSE_PERPETUAL, 6, &p), SUP_OK);
    assert_int_equal(sup_ledger_set_price(l, ACTOR, p, 20200101, 799000), SUP_OK);
    assert_int_equal(sup_ledger_add_product(l, ACTOR, "CLOUD1", "Облако", SUP_LICENSE_SUBSCRIPTION_MONTHLY, 0, &s),
                     SUP_OK);
    assert_int_equal(sup_ledger_set_price(l, ACTOR, s, 20200101, 99000), SUP_OK);
}

static int import(sup_ledger *l, const char *customers, const char *licenses, unsigned flags,
                  sup_import_report **r)
{
    sup_import_options o;
    assert_int_equal(sup_import_options_init(&o, SUP_IMPORT_OPTIONS_VERSION), SUP_OK);
    o.flags = flags;
    if (customers != NULL) {
        o.customers_data = customers;
        o.customers_size = strlen(customers);
    }
    if (licenses != NULL) {
        o.licenses_data = licenses;
        o.licenses_size = strlen(licenses);
    }
    return sup_ledger_import(l, ACTOR, &o, r);
}

static void import_ok(sup_ledger *l, const char *customers, const char *licenses, sup_import_report **r)
{
    if (import(l, customers, licenses, 0, r) != SUP_OK)
        fail_msg("import: %s", sup_error_message());
    assert_int_equal(sup_import_report_applied(*r), 1);
}

static int64_t count(const sup_import_report *r, sup_import_count c) { return sup_import_report_count(r, c); }

static void customers_and_licenses_are_imported_with_their_known_support_ends(void **state)
{
    (void)state;
    sup_ledger *l = open_mem();
    catalogue(l);
    sup_import_report *r = NULL;
    import_ok(l, CUSTOMERS, LICENSES, &r);
    assert_int_equal(count(r, SUP_IMPORT_CUSTOMERS_ADDED), 3);
    assert_int_equal(count(r, SUP_IMPORT_LICENSES_ADDED), 4);
    assert_int_equal(count(r, SUP_IMPORT_PERIODS_RECORDED), 2);
    assert_int_equal(count(r, SUP_IMPORT_BAD_ROWS), 0);
    assert_int_equal(count(r, SUP_IMPORT_ROWS), 7);
    assert_int_equal(sup_import_report_error_count(r), 0);
    sup_import_report_free(r);
    sup_customer *c = NULL;
    assert_int_equal(sup_ledger_get_customer_by_code(l, "ROM", &c), SUP_OK);
    assert_string_equal(sup_customer_name(c), "ООО «Ромашка»");
    assert_int_equal(sup_customer_email_count(c), 2);
    assert_string_equal(sup_customer_email(c, 1), "buh@romashka.ru");
    assert_string_equal(sup_customer_phone(c), "+79278531526");
    assert_string_equal(sup_customer_kpp(c), "773601001");
    assert_null(sup_customer_lang_code(c));
    assert_string_equal(sup_customer_note(c), "после 10:00\nбухгалтерия");
    sup_customer_free(c);
    assert_int_equal(sup_ledger_get_customer_by_code(l, "SEV", &c), SUP_OK);
    assert_string_equal(sup_customer_name(c), "АО \"Север\"");
    assert_null(sup_customer_inn(c));
    sup_customer_free(c);
    /* the licenses: the list price when no amount is given, the known support end recorded */
    sup_license *lic = NULL;
    sup_event_kind k;
    sup_date on, until;
    sup_money paid;
    assert_int_equal(sup_ledger_get_license(l, 1, &lic), SUP_OK);
    assert_int_equal(sup_license_event_count(lic), 1);
    assert_int_equal(sup_license_event(lic, 0, &k, &on, &until, &paid), SUP_OK);
    assert_int_equal(on, 20250115);
    assert_int_equal(until, 20250715);
    assert_int_equal(paid, 799000);
    sup_license_free(lic);
    assert_int_equal(sup_ledger_get_license(l, 2, &lic), SUP_OK);
    assert_int_equal(sup_license_event_count(lic), 2);
    assert_int_equal(sup_license_event(lic, 1, &k, &on, &until, &paid), SUP_OK);
    assert_int_equal(k, SUP_EVENT_PERIOD);
    assert_int_equal(on, 20250920);
    assert_int_equal(until, 20260315);
    assert_int_equal(sup_license_event(lic, 0, &k, &on, &until, &paid), SUP_OK);
    assert_int_equal(paid, 799000);
    sup_license_free(lic);
    assert_int_equal(sup_ledger_get_license(l, 3, &lic), SUP_OK);
    assert_int_equal(sup_license_kind_of(lic), SUP_LICENSE_SUBSCRIPTION_MONTHLY);
    assert_int_equal(sup_license_latest_until(lic), 20260228);
    sup_license_free(lic);
    assert_int_equal(sup_ledger_get_license(l, 4, &lic), SUP_OK); /* a period recorded on the purchase date */
    assert_int_equal(sup_license_latest_until(lic), 20261231);
    assert_int_equal(sup_license_event(lic, 0, &k, &on, &until, &paid), SUP_OK);
    assert_int_equal(paid, 500000); /* the amount of the vendor's books */
    sup_license_free(lic);
    /* the lists see them like sold ones */
    sup_cursor *cur = NULL;
    assert_int_equal(sup_ledger_list_expiring(l, 20260301, 30, &cur), SUP_OK);
    assert_int_equal(count_rows(cur), 1); /* 1C-0002 (2026-03-15); the subscription ended 2026-02-28 */
    sup_ledger_close(l);
}

static void importing_the_same_files_again_changes_nothing(void **state)
{
    (void)state;
    tmp_ledger t;
    tmp_init(&t);
    sup_ledger *l = open_new(&t);
    catalogue(l);
    sup_import_report *r = NULL;
    import_ok(l, CUSTOMERS, LICENSES, &r);
    sup_import_report_free(r);
    int audits = audit_count(l);
    int64_t events = raw_int(t.path, "SELECT count(*) FROM license_event");
    import_ok(l, CUSTOMERS, LICENSES, &r);
    assert_int_equal(count(r, SUP_IMPORT_CUSTOMERS_UNCHANGED), 3);
    assert_int_equal(count(r, SUP_IMPORT_LICENSES_UNCHANGED), 4);
    assert_int_equal(count(r, SUP_IMPORT_CUSTOMERS_ADDED) + count(r, SUP_IMPORT_CUSTOMERS_UPDATED) +
                         count(r, SUP_IMPORT_LICENSES_ADDED) + count(r, SUP_IMPORT_PERIODS_RECORDED),
                     0);
    sup_import_report_free(r);
    assert_int_equal(audit_count(l), audits);
    assert_int_equal(raw_int(t.path, "SELECT count(*) FROM license_event"), events);
    /* a changed file: the customer's field updated (audited), a later support end recorded as a period */
    import_ok(l, "code;phone\nPET;+7 927 000-00-01\n",
              "external_id;customer;product;purchased;paid;support_until;support_from\n"
              "1C-0002;PET;REPORT6;01.03.2025;7990;15.03.2027;10.03.2026\n",
              &r);
    assert_int_equal(count(r, SUP_IMPORT_CUSTOMERS_UPDATED), 1);
    assert_int_equal(count(r, SUP_IMPORT_PERIODS_RECORDED), 1);
    sup_import_report_free(r);
    sup_customer *c = NULL;
    assert_int_equal(sup_ledger_get_customer_by_code(l, "PET", &c), SUP_OK);
    assert_string_equal(sup_customer_phone(c), "+79270000001");
    assert_string_equal(sup_customer_email(c, 0), "petrov@mail.ru"); /* a column the file lacks stays */
    sup_customer_free(c);
    sup_ledger_close(l);
    assert_storage_intact(t.path);
    tmp_cleanup(&t);
}

/* The report's error i: its file, line, column and a part of its message. */
static void has_error(const sup_import_report *r, size_t i, sup_import_file file, int64_t line, const char *column,
                      const char *part)
{
    sup_import_file f;
    int64_t ln = 0;
    const char *col = NULL, *msg = NULL;
    assert_int_equal(sup_import_report_error(r, i, &f, &ln, &col, &msg), SUP_OK);
    if (f != file || ln != line || (column == NULL) != (col == NULL) || (column && strcmp(col, column) != 0) ||
        strstr(msg, part) == NULL)
        fail_msg("error %zu: file %d line %lld column %s: %s; expected file %d line %lld column %s: …%s…", i, f,
                 (long long)ln, col ? col : "-", msg, file, (long long)line, column ? column : "-", part);
}

static const char BAD_LICENSES[] = "external_id;customer;product;purchased;paid;support_until\n"
                                   "L-1;ROM;REPORT6;15.01.2025;;\n"      /* 2: good */
                                   "L-2;NOPE;REPORT6;15.01.2025;;\n"     /* 3: no customer */
                                   "L-3;ROM;NOPE;15.01.2025;;\n"         /* 4: no product */
                                   "L-4;ROM;REPORT6;30.02.2025;;\n"      /* 5: no such date */
                                   "L-5;ROM;REPORT6;15.01.2025;1,234;\n" /* 6: ambiguous amount */
                                   "L-1;ROM;REPORT6;15.01.2025;;\n"      /* 7: twice in the file */
                                   "#9;ROM;REPORT6;15.01.2025;;\n"       /* 8: no license 9 here */
                                   "L-8;ROM;REPORT6;15.01.2025;;01.01.2020\n" /* 9: support end before the purchase */
                                   "L-9;ROM;REPORT6;15.01.2025;;;extra\n"     /* 10: a field too many */
                                   "L-10;ROM;REPORT6;15.01.2025;-5;\n";       /* 11: negative */

static void every_bad_row_is_reported_with_line_and_column_and_nothing_is_written(void **state)
{
    (void)state;
    tmp_ledger t;
    tmp_init(&t);
    sup_ledger *l = open_new(&t);
    catalogue(l);
    int audits = audit_count(l);
    sup_import_report *r = NULL;
    const char *customers = "code;name;inn\nROM;Ромашка;7707083893\nBAD;Плохой;7707083894\nROM;again;\n";
    assert_int_equal(import(l, customers, BAD_LICENSES, 0, &r), SUP_EPARSE);
    assert_non_null(strstr(sup_error_message(), "11 bad rows: nothing was imported (the first: customers line 3, "
                                                "column inn: customer INN: invalid INN \"7707083894\""));
    assert_non_null(r);
    assert_int_equal(sup_import_report_applied(r), 0);
    assert_int_equal(count(r, SUP_IMPORT_BAD_ROWS), 11);
    assert_int_equal(sup_import_report_error_count(r), 11);
    assert_int_equal(sup_import_report_error(r, 11, NULL, NULL, NULL, NULL), SUP_ENOTFOUND);
    has_error(r, 0, SUP_IMPORT_CUSTOMERS, 3, "inn", "the check digit is 3, not 4");
    has_error(r, 1, SUP_IMPORT_CUSTOMERS, 4, "code", "customer \"ROM\" is on line 2 already");
    has_error(r, 2, SUP_IMPORT_LICENSES, 3, "customer", "no customer \"NOPE\"");
    has_error(r, 3, SUP_IMPORT_LICENSES, 4, "product", "no product \"NOPE\"");
    has_error(r, 4, SUP_IMPORT_LICENSES, 5, "purchased", "February 2025 has 28 days");
    has_error(r, 5, SUP_IMPORT_LICENSES, 6, "paid", "1,234");
    has_error(r, 6, SUP_IMPORT_LICENSES, 7, "external_id", "is on an earlier line of the file already");
    has_error(r, 7, SUP_IMPORT_LICENSES, 8, "external_id", "no license #9 in this ledger");
    has_error(r, 8, SUP_IMPORT_LICENSES, 9, "support_until", "before the purchase");
    has_error(r, 9, SUP_IMPORT_LICENSES, 10, NULL, "field 7 is not empty");
    has_error(r, 10, SUP_IMPORT_LICENSES, 11, "paid", "cannot be negative");
    sup_import_report_free(r);
    sup_ledger_close(l);
    assert_int_equal(raw_int(t.path, "SELECT count(*) FROM customer"), 0);
    assert_int_equal(raw_int(t.path, "SELECT count(*) FROM license"), 0);
    l = open_new(&t);
    assert_int_equal(audit_count(l), audits);
    sup_ledger_close(l);
    tmp_cleanup(&t);
}

static void with_skip_bad_the_good_rows_are_written_and_the_bad_reported(void **state)
{
    (void)state;
    sup_ledger *l = open_mem();
    catalogue(l);
    sup_import_report *r = NULL;
    const char *customers = "code;name;inn\nROM;Ромашка;7707083893\nBAD;Плохой;7707083894\n";
    assert_int_equal(import(l, customers, BAD_LICENSES, SUP_IMPORT_SKIP_BAD, &r), SUP_OK);
    assert_int_equal(sup_import_report_applied(r), 1);
    assert_int_equal(count(r, SUP_IMPORT_CUSTOMERS_ADDED), 1);
    assert_int_equal(count(r, SUP_IMPORT_LICENSES_ADDED), 1);
    assert_int_equal(count(r, SUP_IMPORT_BAD_ROWS), 10);
    sup_import_report_free(r);
    sup_id id = 0;
    assert_int_equal(sup_ledger_find_customer(l, "BAD", &id), SUP_ENOTFOUND);
    sup_cursor *c = NULL;
    assert_int_equal(sup_ledger_list_audit(l, 0, &c), SUP_OK);
    bool noted = false;
    while (sup_cursor_next(c) == 1)
        noted |= strcmp(sup_cursor_text(c, SUP_AUDCOL_ACTION), "import_skipped") == 0 &&
                 strcmp(sup_cursor_text(c, SUP_AUDCOL_DETAIL), "bad_rows=10 (not imported)") == 0;
    sup_cursor_free(c);
    assert_true(noted);
    sup_ledger_close(l);
}

static void files_as_1c_writes_them_are_read(void **state)
{
    (void)state;
    sup_ledger *l = open_mem();
    catalogue(l);
    /* Windows-1251, ",", Russian headers in any case, no BOM, CRLF */
    static const char cp1251[] = "\xCA\xEE\xE4,\xCD\xE0\xE8\xEC\xE5\xED\xEE\xE2\xE0\xED\xE8\xE5,\xC8\xCD\xCD\r\n"
                                 "A1,\xCE\xCE\xCE \xAB\xD0\xEE\xEC\xE0\xF8\xEA\xE0\xBB,7707083893\r\n";
    static const char lic[] = "\xED\xEE\xEC\xE5\xF0 \xEB\xE8\xF6\xE5\xED\xE7\xE8\xE8,\xEA\xEE\xE4 \xEA\xEB\xE8\xE5"
                              "\xED\xF2\xE0,\xEF\xF0\xEE\xE4\xF3\xEA\xF2,\xE4\xE0\xF2\xE0 \xEF\xEE\xEA\xF3\xEF\xEA\xE8,"
                              "\xF1\xF3\xEC\xEC\xE0\r\n"
                              "N-1,A1,REPORT6,5.3.2025 0:00:00,\"7 990,00 \xF0\xF3\xE1.\"\r\n";
    sup_import_report *r = NULL;
    import_ok(l, cp1251, lic, &r);
    assert_int_equal(count(r, SUP_IMPORT_CUSTOMERS_ADDED), 1);
    assert_int_equal(count(r, SUP_IMPORT_LICENSES_ADDED), 1);
    sup_import_report_free(r);
    sup_customer *c = NULL;
    assert_int_equal(sup_ledger_get_customer_by_code(l, "A1", &c), SUP_OK);
    assert_string_equal(sup_customer_name(c), "ООО «Ромашка»");
    sup_customer_free(c);
    /* headers: unknown, twice, missing */
    assert_int_equal(import(l, "code;name;ИНН;телефон;colour\nX;x;;;\n", NULL, 0, &r), SUP_EPARSE);
    has_error(r, 0, SUP_IMPORT_CUSTOMERS, 1, NULL, "unknown column \"colour\" (field 5 of the header; the columns are "
                                                   "code, name, email, phone, inn, kpp, lang, note)");
    sup_import_report_free(r);
    assert_int_equal(import(l, "Code;Name;Код\n", NULL, 0, &r), SUP_EPARSE);
    has_error(r, 0, SUP_IMPORT_CUSTOMERS, 1, NULL, "column \"Код\" is given twice (fields 1 and 3 of the header)");
    sup_import_report_free(r);
    assert_int_equal(import(l, NULL, "external_id;customer;product\n", 0, &r), SUP_EPARSE);
    has_error(r, 0, SUP_IMPORT_LICENSES, 1, NULL, "the header has no column purchased");
    sup_import_report_free(r);
    assert_int_equal(import(l, "", NULL, 0, &r), SUP_EPARSE);
    has_error(r, 0, SUP_IMPORT_CUSTOMERS, 1, NULL, "the file is empty");
    sup_import_report_free(r);
    /* a file that cannot be read on: the rows before it are kept with --skip-bad */
    assert_int_equal(import(l, "code;name\nQ1;q\nQ2;\"open\n", NULL, SUP_IMPORT_SKIP_BAD, &r), SUP_OK);
    assert_int_equal(count(r, SUP_IMPORT_CUSTOMERS_ADDED), 1);
    has_error(r, 0, SUP_IMPORT_CUSTOMERS, 3, NULL, "CSV line 3");
    sup_import_report_free(r);
    sup_ledger_close(l);
}

static int stop_at_licenses(void *payload, sup_import_file file, int64_t rows)
{
    int *calls = payload;
    (*calls)++;
    (void)rows;
    return file == SUP_IMPORT_LICENSES;
}

static void a_dry_run_and_a_stopped_import_write_nothing(void **state)
{
    (void)state;
    sup_ledger *l = open_mem();
    catalogue(l);
    int audits = audit_count(l);
    sup_import_report *r = NULL;
    assert_int_equal(import(l, CUSTOMERS, LICENSES, SUP_IMPORT_DRY_RUN, &r), SUP_OK);
    assert_int_equal(sup_import_report_dry_run(r), 1);
    assert_int_equal(sup_import_report_applied(r), 0);
    assert_int_equal(count(r, SUP_IMPORT_LICENSES_ADDED), 4); /* what it would do */
    sup_import_report_free(r);
    assert_int_equal(audit_count(l), audits);
    sup_import_options o;
    assert_int_equal(sup_import_options_init(&o, SUP_IMPORT_OPTIONS_VERSION), SUP_OK);
    int calls = 0;
    o.customers_data = CUSTOMERS;
    o.customers_size = strlen(CUSTOMERS);
    o.licenses_data = LICENSES;
    o.licenses_size = strlen(LICENSES);
    o.progress = stop_at_licenses;
    o.payload = &calls;
    assert_int_equal(sup_ledger_import(l, ACTOR, &o, &r), SUP_ESTATE);
    assert_null(r);
    assert_int_equal(calls, 2);
    assert_int_equal(audit_count(l), audits);
    o.progress = NULL;
    o.flags = 0x10;
    assert_int_equal(sup_ledger_import(l, ACTOR, &o, &r), SUP_EINVAL);
    sup_import_options none;
    assert_int_equal(sup_import_options_init(&none, SUP_IMPORT_OPTIONS_VERSION), SUP_OK);
    assert_int_equal(sup_ledger_import(l, ACTOR, &none, &r), SUP_EINVAL);
    assert_int_equal(sup_import_options_init(&none, 2), SUP_EINVAL);
    none.customers_path = "/nonexistent/customers.csv";
    assert_int_equal(sup_ledger_import(l, ACTOR, &none, &r), SUP_EIO);
    sup_ledger_close(l);
}

/* An export collected into a string. */
struct sink {
    char *data;
    size_t len;
};

static int collect(void *payload, const char *data, size_t len)
{
    struct sink *s = payload;
    s->data = realloc(s->data, s->len + len + 1);
    assert_non_null(s->data);
    memcpy(s->data + s->len, data, len);
    s->len += len;
    s->data[s->len] = '\0';
    return 0;
}

static char *export(sup_ledger *l, sup_export_what what, sup_export_format format)
{
    sup_export_options o;
    assert_int_equal(sup_export_options_init(&o, SUP_EXPORT_OPTIONS_VERSION), SUP_OK);
    struct sink s = {NULL, 0};
    o.what = what;
    o.format = format;
    o.write = collect;
    o.payload = &s;
    if (sup_ledger_export(l, &o) != SUP_OK)
        fail_msg("export: %s", sup_error_message());
    return s.data;
}

static void an_export_imports_back_unchanged(void **state)
{
    (void)state;
    sup_ledger *a = open_mem();
    catalogue(a);
    sup_import_report *r = NULL;
    import_ok(a, CUSTOMERS, LICENSES, &r);
    sup_import_report_free(r);
    sup_quote_free(renew(a, 1, 20250801, "pay-1")); /* a renewal after the import */
    static const char *const quoted[] = {"\"a,b\"@x.ru", "c@x.ru"};
    sup_customer_fields f;
    assert_int_equal(sup_customer_fields_init(&f, SUP_CUSTOMER_FIELDS_VERSION), SUP_OK);
    f.change = SUP_CUSTOMER_EMAILS;
    f.emails = quoted;
    f.email_count = 2;
    assert_int_equal(sup_ledger_update_customer_ext(a, ACTOR, 3, &f, NULL), SUP_OK);
    char *ca = export(a, SUP_EXPORT_CUSTOMERS, SUP_EXPORT_CSV), *la = export(a, SUP_EXPORT_LICENSES, SUP_EXPORT_CSV);
    assert_non_null(strstr(ca, "code;name;email;phone;inn;kpp;lang;note\r\n"));
    assert_non_null(strstr(la, "1C-0001;ROM;REPORT6;15.01.2025;7990,00;15.07.2026;01.08.2025\r\n"));
    assert_non_null(strstr(la, "1C-0003;SEV;CLOUD1;31.01.2026;990,00;28.02.2026;\r\n"));
    /* into the same ledger: nothing changes */
    int audits = audit_count(a);
    import_ok(a, ca, la, &r);
    assert_int_equal(count(r, SUP_IMPORT_CUSTOMERS_UNCHANGED), 3);
    assert_int_equal(count(r, SUP_IMPORT_LICENSES_UNCHANGED), 4);
    sup_import_report_free(r);
    assert_int_equal(audit_count(a), audits);
    /* into a new ledger, and out again: the same bytes */
    sup_ledger *b = open_mem();
    catalogue(b);
    import_ok(b, ca, la, &r);
    assert_int_equal(count(r, SUP_IMPORT_LICENSES_ADDED), 4);
    sup_import_report_free(r);
    char *cb = export(b, SUP_EXPORT_CUSTOMERS, SUP_EXPORT_CSV), *lb = export(b, SUP_EXPORT_LICENSES, SUP_EXPORT_CSV);
    assert_string_equal(cb, ca);
    assert_string_equal(lb, la);
    /* JSON: the same keys */
    char *cj = export(b, SUP_EXPORT_CUSTOMERS, SUP_EXPORT_JSON), *lj = export(b, SUP_EXPORT_LICENSES, SUP_EXPORT_JSON);
    assert_non_null(strstr(cj, "{\"code\":\"SEV\",\"name\":\"АО \\\"Север\\\"\",\"email\":[\"\\\"a,b\\\"@x.ru\","
                               "\"c@x.ru\"],\"phone\":null"));
    assert_non_null(strstr(lj, "{\"external_id\":\"1C-0001\",\"customer\":\"ROM\",\"product\":\"REPORT6\","
                               "\"purchased\":\"2025-01-15\",\"paid\":\"7990.00\",\"support_until\":\"2026-07-15\","
                               "\"support_from\":\"2025-08-01\"}"));
    free(cj);
    free(lj);
    free(ca);
    free(la);
    free(cb);
    free(lb);
    /* a license sold without an external id exports as "#ID": back into its ledger unchanged, elsewhere refused */
    sup_id p = 0, cust = 0;
    assert_int_equal(sup_ledger_find_product(a, "REPORT6", &p), SUP_OK);
    assert_int_equal(sup_ledger_find_customer(a, "PET", &cust), SUP_OK);
    sup_id sold = sell(a, cust, p, 20260105);
    la = export(a, SUP_EXPORT_LICENSES, SUP_EXPORT_CSV);
    char row[64];
    snprintf(row, sizeof row, "\r\n#%lld;PET;REPORT6;05.01.2026;7990,00;05.07.2026;\r\n", (long long)sold);
    assert_non_null(strstr(la, row));
    import_ok(a, NULL, la, &r);
    assert_int_equal(count(r, SUP_IMPORT_LICENSES_UNCHANGED), 5);
    sup_import_report_free(r);
    assert_int_equal(import(b, NULL, la, 0, &r), SUP_EPARSE);
    has_error(r, 0, SUP_IMPORT_LICENSES, 6, "external_id", "imports only into the ledger it came from");
    sup_import_report_free(r);
    free(la);
    sup_ledger_close(a);
    sup_ledger_close(b);
}

static void a_known_support_end_before_the_last_event_is_refused_by_the_core(void **state)
{
    (void)state;
    sup_ledger *l = open_mem();
    catalogue(l);
    sup_import_report *r = NULL;
    import_ok(l, CUSTOMERS, LICENSES, &r);
    sup_import_report_free(r);
    assert_int_equal(import(l, NULL,
                            "external_id;customer;product;purchased;paid;support_until;support_from\n"
                            "1C-0002;PET;REPORT6;01.03.2025;;15.03.2027;01.09.2025\n"
                            "1C-0001;PET;REPORT6;15.01.2025;;;\n",
                            0, &r),
                     SUP_EPARSE);
    has_error(r, 0, SUP_IMPORT_LICENSES, 2, "support_from", "before the last recorded event on 2025-09-20");
    has_error(r, 1, SUP_IMPORT_LICENSES, 3, NULL, "the file gives another customer");
    sup_import_report_free(r);
    sup_ledger_close(l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(customers_and_licenses_are_imported_with_their_known_support_ends),
        cmocka_unit_test(importing_the_same_files_again_changes_nothing),
        cmocka_unit_test(every_bad_row_is_reported_with_line_and_column_and_nothing_is_written),
        cmocka_unit_test(with_skip_bad_the_good_rows_are_written_and_the_bad_reported),
        cmocka_unit_test(files_as_1c_writes_them_are_read),
        cmocka_unit_test(a_dry_run_and_a_stopped_import_write_nothing),
        cmocka_unit_test(an_export_imports_back_unchanged),
        cmocka_unit_test(a_known_support_end_before_the_last_event_is_refused_by_the_core),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
