/* Moving a ledger between engines (sup_ledger_migrate): SQLite -> the test engine ->
 * a new SQLite file, and every list of the library gives the same rows on all three
 * (on SQLite alone: file -> file -> file). Runs on both engines (pg.test_ledger_migrate). */
#include "ledger_test_util.h"

/* A ledger with every kind of fact: products of each kind, price and policy changes,
 * sales, both renewals, subscription payments, recorded periods, releases, renames. */
static void fill(sup_ledger *l)
{
    sup_id p = add_seed_product(l, "R1"), q = add_seed_product(l, "R2"), s = 0;
    assert_int_equal(sup_ledger_add_product(l, ACTOR, "SUB", "Подписка «Сервис»", SUP_LICENSE_SUBSCRIPTION_MONTHLY, 0,
                                            &s),
                     SUP_OK);
    assert_int_equal(sup_ledger_set_price(l, ACTOR, s, 20200101, 150000), SUP_OK);
    assert_int_equal(sup_ledger_set_price(l, ACTOR, p, 20260301, 899000), SUP_OK);
    sup_policy *pol = NULL;
    assert_int_equal(sup_policy_parse("standard_rate_bp = 4000\ngrace_months = 2\n", &pol), SUP_OK);
    assert_int_equal(sup_ledger_add_policy(l, ACTOR, 20260601, pol, NULL), SUP_OK);
    sup_policy_free(pol);
    sup_id lics[12];
    for (int i = 0; i < 12; i++) {
        char code[16];
        snprintf(code, sizeof code, "C%02d", i);
        sup_id c = add_customer(l, code);
        lics[i] = sell(l, c, i % 3 == 0 ? q : p, 20250115 + (i % 9) * 100);
    }
    assert_int_equal(sup_ledger_update_customer(l, ACTOR, 2, "ООО \"Кавычки\" 'и' ;DROP TABLE--"), SUP_OK);
    sup_quote_free(renew(l, lics[0], 20250801, "r-0"));
    sup_quote_free(renew(l, lics[1], 20260101, "r-1"));
    sup_quote_free(renew(l, lics[2], 20260815, "r-2"));
    assert_int_equal(sup_ledger_record_period(l, ACTOR, lics[3], 20260101, 20261231), SUP_OK);
    sup_id sub = 0;
    assert_int_equal(sup_ledger_sell(l, ACTOR, "sub-1", 3, s, 20260131, 150000, &sub), SUP_OK);
    assert_int_equal(sup_ledger_pay(l, ACTOR, "sub-2", sub, 20260228, 150000, NULL), SUP_OK);
    assert_int_equal(sup_ledger_add_release(l, ACTOR, p, "1.0", 20250301, NULL, NULL), SUP_OK);
    assert_int_equal(sup_ledger_add_release(l, ACTOR, p, "2.0", 20260515, "строка 1\nстрока 2", NULL), SUP_OK);
    assert_int_equal(sup_ledger_add_release(l, ACTOR, q, "1.0", 20260701, NULL, NULL), SUP_OK);
    /* contact data (issue 13): addresses, requisites, a language, a note, and a change of them */
    static const char *const emails[] = {"Anna@Romashka.RU", "buh@romashka.ru"};
    sup_customer_fields f;
    assert_int_equal(sup_customer_fields_init(&f, SUP_CUSTOMER_FIELDS_VERSION), SUP_OK);
    f.change = SUP_CUSTOMER_EMAILS | SUP_CUSTOMER_PHONE | SUP_CUSTOMER_INN | SUP_CUSTOMER_KPP | SUP_CUSTOMER_LANG |
               SUP_CUSTOMER_NOTE;
    f.emails = emails;
    f.email_count = 2;
    f.phone = "8 927 853-15-26";
    f.inn = "7707083893";
    f.kpp = "773601001";
    f.lang = "en";
    f.note = "строка 1\nстрока 2";
    assert_int_equal(sup_ledger_update_customer_ext(l, ACTOR, 1, &f, NULL), SUP_OK);
    f.change = SUP_CUSTOMER_EMAILS | SUP_CUSTOMER_INN;
    f.email_count = 1;
    f.emails = emails + 1;
    f.inn = "500100732259";
    assert_int_equal(sup_ledger_update_customer_ext(l, ACTOR, 4, &f, NULL), SUP_OK);
    /* reminders sent (issue 13): one sent, one failed, one without an outcome */
    sup_send snd;
    assert_int_equal(sup_send_init(&snd, SUP_SEND_VERSION), SUP_OK);
    snd.license = lics[1];
    snd.kind = SUP_NOTICE_SUPPORT_ENDING;
    snd.anchor = 20250815;
    snd.due = snd.on = 20250801;
    snd.recipient = "Anna@Romashka.RU, buh@romashka.ru";
    snd.message_id = "<m1@v8pro.ru>";
    snd.time_ms = 1754000000000;
    sup_id a1 = 0, a2 = 0;
    assert_int_equal(sup_ledger_begin_send(l, ACTOR, &snd, &a1, NULL), SUP_OK);
    assert_int_equal(sup_ledger_finish_send(l, ACTOR, a1, 1, NULL, 1754000001000), SUP_OK);
    snd.license = lics[4];
    snd.message_id = "<m2@v8pro.ru>";
    assert_int_equal(sup_ledger_begin_send(l, ACTOR, &snd, &a2, NULL), SUP_OK);
    assert_int_equal(sup_ledger_finish_send(l, ACTOR, a2, 0, "421 try later", 0), SUP_OK);
    snd.license = lics[5];
    snd.message_id = "<m3@v8pro.ru>";
    assert_int_equal(sup_ledger_begin_send(l, ACTOR, &snd, NULL, NULL), SUP_OK);
    /* issue 14: requisites, invoices paid and kept for review, a sale at an agreed price, a void, a refund */
    sup_vendor *v = NULL;
    assert_int_equal(sup_vendor_new(&v), SUP_OK);
    static const char *const fields[SUP_VENDOR_FIELD_COUNT] = {
        "ООО \"Восьмёрка Про\"", "6316123458", "631601001", "Самара", "АО \"ПРИМЕР-БАНК\"", "043601999",
        "30101810400000000999", "40702810954400012345", NULL, NULL};
    for (int vf = 0; vf < SUP_VENDOR_FIELD_COUNT; vf++)
        assert_int_equal(sup_vendor_set(v, (sup_vendor_field)vf, fields[vf]), SUP_OK);
    assert_int_equal(sup_ledger_set_vendor(l, ACTOR, 20200101, v, NULL), SUP_OK);
    sup_vendor_free(v);
    sup_invoice *inv = NULL;
    assert_int_equal(sup_ledger_issue_invoice(l, ACTOR, lics[4], 20260501, NULL, &inv), SUP_OK);
    sup_money fee = sup_invoice_amount(inv);
    sup_invoice_free(inv);
    assert_int_equal(sup_ledger_issue_invoice(l, ACTOR, lics[5], 20260601, NULL, &inv), SUP_OK);
    sup_invoice_free(inv);
    sup_incoming_payment in;
    assert_int_equal(sup_incoming_payment_init(&in, SUP_INCOMING_PAYMENT_VERSION), SUP_OK);
    in.payment_id = "inv-pay-1";
    in.purpose = "Оплата по счёту № 2026-000001";
    in.received_on = 20260505;
    in.amount = fee;
    sup_receipt_outcome out = {.version = SUP_RECEIPT_OUTCOME_VERSION};
    assert_int_equal(sup_ledger_pay_invoice(l, ACTOR, &in, &out), SUP_OK);
    assert_int_equal(out.status, SUP_PAYMENT_APPLIED);
    in.payment_id = "inv-pay-2";
    in.purpose = "Оплата по счёту № 2026-000002";
    in.amount = 100;
    assert_int_equal(sup_ledger_pay_invoice(l, ACTOR, &in, &out), SUP_OK);
    assert_int_equal(out.status, SUP_PAYMENT_REVIEW);
    assert_int_equal(sup_ledger_close_review(l, ACTOR, out.review, 20260510, "asked for the rest"), SUP_OK);
    sup_id agreed = 0, ev = 0;
    assert_int_equal(sup_ledger_sell_at_price(l, ACTOR, "agreed-1", 4, p, 20260301, 500000, "agreed with the director",
                                              &agreed),
                     SUP_OK);
    assert_int_equal(sup_ledger_find_payment(l, "r-2", &ev), SUP_OK);
    assert_int_equal(sup_ledger_void_payment(l, ACTOR, ev, 20260820, "recorded twice", NULL), SUP_OK);
    assert_int_equal(sup_ledger_find_payment(l, "sub-2", &ev), SUP_OK);
    assert_int_equal(sup_ledger_refund_payment(l, ACTOR, ev, 20260301, "service outage", NULL, NULL), SUP_OK);
    /* the portal (issue 15): a release with its file, a download, keys (one replaced), sign-in requests, a
     * session ended */
    sup_release_file file;
    assert_int_equal(sup_release_file_init(&file, SUP_RELEASE_FILE_VERSION), SUP_OK);
    file.name = "Отчёт 2.1.zip";
    file.size = 123456;
    file.sha256 = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";
    sup_id r21 = 0;
    assert_int_equal(sup_ledger_add_release_file(l, ACTOR, p, "2.1", 20260520, NULL, &file, &r21), SUP_OK);
    assert_int_equal(sup_ledger_set_time(l, 1780000000000), SUP_OK);
    assert_int_equal(sup_ledger_record_download(l, "portal", lics[1], r21, 20260601, NULL), SUP_OK);
    char *key = NULL;
    assert_int_equal(sup_ledger_issue_license_key(l, ACTOR, lics[1], &key), SUP_OK);
    sup_free(key);
    assert_int_equal(sup_ledger_issue_license_key(l, ACTOR, lics[1], &key), SUP_OK);
    sup_free(key);
    assert_int_equal(sup_ledger_issue_license_key(l, ACTOR, lics[2], &key), SUP_OK);
    sup_free(key);
    sup_signin *si = NULL;
    assert_int_equal(sup_ledger_signin_request(l, NULL, "anna@example.ru", "192.0.2.1",
                                               "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", 1780000000000, &si),
                     SUP_OK);
    sup_signin_free(si);
}

/* Every cell of a cursor's rows, as text (a cursor freed). */
static char *dump(sup_cursor *c)
{
    size_t cap = 4096, n = 0;
    char *out = malloc(cap);
    assert_non_null(out);
    out[0] = '\0';
    int rc;
    while ((rc = sup_cursor_next(c)) == 1) {
        for (int i = 0; i < sup_cursor_column_count(c); i++) {
            char cell[600];
            if (sup_cursor_is_null(c, i))
                snprintf(cell, sizeof cell, "%s=NULL|", sup_cursor_column_name(c, i));
            else if (sup_cursor_column_type(c, i) == SUP_COLUMN_TEXT)
                snprintf(cell, sizeof cell, "%s=%s|", sup_cursor_column_name(c, i), sup_cursor_text(c, i));
            else
                snprintf(cell, sizeof cell, "%s=%lld|", sup_cursor_column_name(c, i), (long long)sup_cursor_int64(c, i));
            size_t m = strlen(cell);
            while (n + m + 2 > cap) {
                cap *= 2;
                out = realloc(out, cap);
                assert_non_null(out);
            }
            memcpy(out + n, cell, m + 1);
            n += m;
        }
        out[n++] = '\n';
        out[n] = '\0';
    }
    assert_int_equal(rc, 0);
    sup_cursor_free(c);
    return out;
}

/* Every list of the ledger on a few dates, as one text. */
static char *everything(const char *target)
{
    sup_ledger *l = NULL;
    if (sup_ledger_open(target, SUP_LEDGER_READONLY, &l) != SUP_OK)
        fail_msg("open %s: %s", target, sup_error_message());
    size_t cap = 1 << 16, n = 0;
    char *all = calloc(1, cap);
    assert_non_null(all);
    static const sup_date dates[] = {20250301, 20250901, 20260131, 20260615, 20260901, 20271231};
    for (size_t d = 0; d < sizeof dates / sizeof dates[0]; d++) {
        sup_cursor *c[9] = {NULL};
        assert_int_equal(sup_ledger_list_licenses(l, 0, dates[d], &c[0]), SUP_OK);
        assert_int_equal(sup_ledger_list_expiring(l, dates[d], 60, &c[1]), SUP_OK);
        assert_int_equal(sup_ledger_list_preferential(l, dates[d], &c[2]), SUP_OK);
        assert_int_equal(sup_ledger_list_lapsed(l, dates[d], &c[3]), SUP_OK);
        assert_int_equal(sup_ledger_list_reminders(l, NULL, dates[d], &c[4]), SUP_OK);
        assert_int_equal(sup_ledger_list_releases(l, 1, dates[d], &c[5]), SUP_OK);
        assert_int_equal(sup_ledger_list_downloads(l, 2, dates[d], &c[6]), SUP_OK);
        assert_int_equal(sup_ledger_list_licenses(l, 3, dates[d], &c[7]), SUP_OK);
        assert_int_equal(sup_ledger_list_payments(l, SUP_DATE_MIN, dates[d], &c[8]), SUP_OK);
        for (int i = 0; i < 9; i++) {
            char *t = dump(c[i]);
            size_t m = strlen(t);
            while (n + m + 64 > cap) {
                cap *= 2;
                all = realloc(all, cap);
                assert_non_null(all);
            }
            n += (size_t)snprintf(all + n, cap - n, "-- list %d on %d\n%s", i, (int)dates[d], t);
            free(t);
        }
    }
    sup_cursor *c[12] = {NULL};
    assert_int_equal(sup_ledger_find_customers_by_email(l, "BUH@romashka.ru", &c[6]), SUP_OK);
    assert_int_equal(sup_ledger_list_sends(l, SUP_DATE_MIN, SUP_DATE_MAX, &c[7]), SUP_OK);
    assert_int_equal(sup_ledger_list_sends_due(l, 20250803, NULL, &c[8]), SUP_OK);
    sup_invoice_list_options io;
    assert_int_equal(sup_invoice_list_options_init(&io, SUP_INVOICE_LIST_OPTIONS_VERSION), SUP_OK);
    io.on = 20261231;
    assert_int_equal(sup_ledger_list_invoices(l, &io, &c[9]), SUP_OK);
    assert_int_equal(sup_ledger_list_reviews(l, 1, &c[10]), SUP_OK);
    assert_int_equal(sup_ledger_list_license_downloads(l, 2, &c[11]), SUP_OK);
    assert_int_equal(sup_ledger_list_audit(l, 0, &c[0]), SUP_OK);
    assert_int_equal(sup_ledger_list_products(l, &c[1]), SUP_OK);
    assert_int_equal(sup_ledger_list_customers(l, &c[2]), SUP_OK);
    assert_int_equal(sup_ledger_list_policies(l, &c[3]), SUP_OK);
    assert_int_equal(sup_ledger_list_events(l, 1, &c[4]), SUP_OK);
    assert_int_equal(sup_ledger_list_notify(l, 2, &c[5]), SUP_OK);
    for (int i = 0; i < 12; i++) {
        char *t = dump(c[i]);
        size_t m = strlen(t);
        while (n + m + 64 > cap) {
            cap *= 2;
            all = realloc(all, cap);
            assert_non_null(all);
        }
        n += (size_t)snprintf(all + n, cap - n, "-- catalogue %d\n%s", i, t);
        free(t);
    }
    sup_ledger_close(l);
    return all;
}

static void a_ledger_moved_there_and_back_answers_every_list_alike(void **state)
{
    (void)state;
    char dir[] = "/tmp/sup-migrate-XXXXXX", first[64], back[64];
    assert_non_null(mkdtemp(dir));
    snprintf(first, sizeof first, "%s/first.db", dir);
    snprintf(back, sizeof back, "%s/back.db", dir);
    sup_ledger *l = NULL;
    assert_int_equal(sup_ledger_open(first, SUP_LEDGER_CREATE, &l), SUP_OK);
    fill(l);
    sup_ledger_close(l);
    tmp_ledger there;
    tmp_init(&there); /* PostgreSQL on the pg run, another SQLite file otherwise */
    sup_ledger_migration m1 = {SUP_LEDGER_MIGRATION_VERSION, 0, 0, ""}, m2 = m1;
    if (sup_ledger_migrate(first, there.path, NULL, &m1) != SUP_OK)
        fail_msg("migrate: %s", sup_error_message());
    assert_int_equal(m1.tables, 25);
    assert_true(m1.rows > 100);
    assert_int_equal(sup_ledger_migrate(there.path, back, NULL, &m2), SUP_OK);
    assert_int_equal(m2.rows, m1.rows);
    assert_string_equal(m2.checksum, m1.checksum);
    char *a = everything(first), *b = everything(there.path), *c = everything(back);
    assert_string_equal(a, b);
    assert_string_equal(a, c);
    free(a);
    free(b);
    free(c);
    /* the ids continue after the copied ones on the target */
    assert_int_equal(sup_ledger_open(there.path, 0, &l), SUP_OK);
    assert_int_equal(sup_ledger_check(l), SUP_OK);
    sup_id next = 0;
    assert_int_equal(sup_ledger_add_customer(l, ACTOR, "NEW", "new", &next), SUP_OK);
    assert_int_equal(next, 13);
    sup_ledger_close(l);
    tmp_cleanup(&there);
    unlink(first);
    unlink(back);
    rmdir(dir);
}

static void a_target_that_holds_anything_is_refused_and_left_alone(void **state)
{
    (void)state;
    char dir[] = "/tmp/sup-migrate-XXXXXX", src[64], other[64];
    assert_non_null(mkdtemp(dir));
    snprintf(src, sizeof src, "%s/src.db", dir);
    snprintf(other, sizeof other, "%s/missing.db", dir);
    sup_ledger *l = NULL;
    assert_int_equal(sup_ledger_open(src, SUP_LEDGER_CREATE, &l), SUP_OK);
    fill(l);
    sup_ledger_close(l);
    tmp_ledger t;
    tmp_init(&t);
    l = open_new(&t); /* a ledger already */
    sup_ledger_close(l);
    int audits = (int)raw_int(t.path, "SELECT count(*) FROM audit");
    assert_int_equal(sup_ledger_migrate(src, t.path, NULL, NULL), SUP_ECONFLICT);
    assert_non_null(strstr(sup_error_message(), "already holds a ledger"));
    assert_non_null(strstr(sup_error_message(), test_on_pg() ? t.pg.schema : "(the file \"/tmp/"));
    assert_int_equal(raw_int(t.path, "SELECT count(*) FROM audit"), audits);
    if (test_on_pg()) {
        /* a password in the target's URI (the test cluster trusts, so it connects) never reaches the message */
        char with_password[2400];
        const char *at = strstr(t.path, "@");
        assert_non_null(at);
        snprintf(with_password, sizeof with_password, "postgresql://postgres:s3cret%s", at);
        assert_int_equal(sup_ledger_migrate(src, with_password, NULL, NULL), SUP_ECONFLICT);
        assert_null(strstr(sup_error_message(), "s3cret"));
        assert_non_null(strstr(sup_error_message(), t.pg.schema));
    }
    /* the source must be a ledger; the same ledger twice is refused */
    assert_int_equal(sup_ledger_migrate(other, t.path, NULL, NULL), SUP_ENOTFOUND);
    assert_int_equal(sup_ledger_migrate(src, src, NULL, NULL), SUP_EINVAL);
    sup_ledger_migrate_options o;
    assert_int_equal(sup_ledger_migrate_options_init(&o, 99), SUP_EINVAL);
    sup_ledger_migration bad = {99, 0, 0, ""};
    assert_int_equal(sup_ledger_migrate(src, other, NULL, &bad), SUP_EINVAL);
    assert_false(file_exists(other));
    tmp_cleanup(&t);
    unlink(src);
    rmdir(dir);
}

static int stop_at_customers(void *payload, const char *table, int64_t rows)
{
    int *calls = payload;
    (*calls)++;
    (void)rows;
    return strcmp(table, "customer") == 0;
}

static void a_copy_stopped_by_the_caller_leaves_nothing_behind(void **state)
{
    (void)state;
    char dir[] = "/tmp/sup-migrate-XXXXXX", src[64];
    assert_non_null(mkdtemp(dir));
    snprintf(src, sizeof src, "%s/src.db", dir);
    sup_ledger *l = NULL;
    assert_int_equal(sup_ledger_open(src, SUP_LEDGER_CREATE, &l), SUP_OK);
    fill(l);
    sup_ledger_close(l);
    tmp_ledger t;
    tmp_init(&t);
    int calls = 0;
    sup_ledger_migrate_options o;
    assert_int_equal(sup_ledger_migrate_options_init(&o, SUP_LEDGER_MIGRATE_OPTIONS_VERSION), SUP_OK);
    o.progress = stop_at_customers;
    o.payload = &calls;
    assert_int_equal(sup_ledger_migrate(src, t.path, &o, NULL), SUP_ESTATE);
    assert_int_equal(calls, 4); /* policy_version, product, price, customer */
    if (test_on_pg())
        assert_int_equal(raw_int(t.path, "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()"), 0);
    else
        assert_false(file_exists(t.path));
    /* and then it works */
    assert_int_equal(sup_ledger_migrate(src, t.path, NULL, NULL), SUP_OK);
    tmp_cleanup(&t);
    unlink(src);
    rmdir(dir);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_ledger_moved_there_and_back_answers_every_list_alike),
        cmocka_unit_test(a_target_that_holds_anything_is_refused_and_left_alone),
        cmocka_unit_test(a_copy_stopped_by_the_caller_leaves_nothing_behind),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
