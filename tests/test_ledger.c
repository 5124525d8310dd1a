/* The ledger: round trips through the file, the seed example, policy versions,
 * idempotent payments, lists checked against the core license by license,
 * releases and notifications, the audit trail, batches, cursors, and every bad
 * input (unknown ids, bad dates, negative amounts, hostile or invalid text, a
 * file that is not a ledger, a newer schema, a read-only file). */
#include "ledger_test_util.h"

#include <pwd.h>
#include <sys/types.h>
#include <sys/wait.h>

/* ---- opening ------------------------------------------------------------------------------ */

static void a_new_ledger_holds_the_default_policy_from_1900(void **state)
{
    (void)state;
    tmp_ledger t;
    tmp_init(&t);
    sup_ledger *l = open_new(&t);
    sup_cursor *c = NULL;
    assert_int_equal(sup_ledger_list_policies(l, &c), SUP_OK);
    assert_int_equal(sup_cursor_next(c), 1);
    assert_int_equal(sup_cursor_int64(c, SUP_POLCOL_VERSION), 1);
    assert_int_equal(sup_cursor_date(c, SUP_POLCOL_EFFECTIVE), 19000101);
    assert_int_equal(sup_cursor_int64(c, SUP_POLCOL_ACTIVE), 1);
    sup_policy *parsed = NULL, *def = NULL, *got = NULL;
    assert_int_equal(sup_policy_parse(sup_cursor_text(c, SUP_POLCOL_TEXT), &parsed), SUP_OK);
    assert_int_equal(sup_cursor_next(c), 0);
    sup_cursor_free(c);
    assert_int_equal(sup_policy_new(&def), SUP_OK);
    assert_true(sup_policy_equal(parsed, def));
    sup_id v = 0;
    assert_int_equal(sup_ledger_get_policy(l, 20260101, &v, &got), SUP_OK);
    assert_int_equal(v, 1);
    assert_true(sup_policy_equal(got, def));
    assert_int_equal(sup_ledger_check(l), SUP_OK);
    sup_ledger_close(l);
    if (test_on_pg()) {
        assert_int_equal(raw_int(t.path, "SELECT count(*) FROM ledger_meta WHERE key = 'application'"
                                         " AND value = 'libsupport-ledger'"),
                         1);
        assert_int_equal(raw_int(t.path, "SELECT CAST(value AS INTEGER) FROM ledger_meta WHERE key = 'schema_version'"),
                         SUP_LEDGER_SCHEMA_VERSION);
    } else {
        assert_int_equal(raw_int(t.path, "PRAGMA application_id"), SUP_LEDGER_APPLICATION_ID);
        assert_int_equal(raw_int(t.path, "PRAGMA user_version"), SUP_LEDGER_SCHEMA_VERSION);
    }
    assert_int_equal(sup_ledger_schema_version(), SUP_LEDGER_SCHEMA_VERSION);
    sup_policy_free(parsed);
    sup_policy_free(def);
    sup_policy_free(got);
    tmp_cleanup(&t);
}

static void opening_a_missing_file_without_create_is_not_found(void **state)
{
    (void)state;
    SQLITE_ONLY();
    tmp_ledger t;
    tmp_init(&t);
    sup_ledger *l = (sup_ledger *)&t;
    assert_int_equal(sup_ledger_open(t.path, 0, &l), SUP_ENOTFOUND);
    assert_null(l);
    assert_false(file_exists(t.path));
    assert_int_equal(sup_ledger_open(t.path, SUP_LEDGER_READONLY, &l), SUP_ENOTFOUND);
    assert_false(file_exists(t.path));
    tmp_cleanup(&t);
}

static void bad_open_arguments_are_refused(void **state)
{
    (void)state;
    tmp_ledger t;
    tmp_init(&t);
    sup_ledger *l = NULL;
    assert_int_equal(sup_ledger_open(NULL, SUP_LEDGER_CREATE, &l), SUP_EINVAL);
    assert_int_equal(sup_ledger_open(t.path, SUP_LEDGER_CREATE, NULL), SUP_EINVAL);
    assert_int_equal(sup_ledger_open("", SUP_LEDGER_CREATE, &l), SUP_EINVAL);
    assert_int_equal(sup_ledger_open(t.path, 0x80u, &l), SUP_EINVAL);
    assert_int_equal(sup_ledger_open(t.path, SUP_LEDGER_CREATE | SUP_LEDGER_READONLY, &l), SUP_EINVAL);
    assert_int_equal(sup_ledger_open(t.dir, SUP_LEDGER_CREATE, &l), SUP_ENOTLEDGER); /* a directory */
    assert_null(l);
    assert_false(file_exists(t.path));
    sup_ledger_close(NULL);
    assert_int_equal(sup_ledger_set_busy_timeout(NULL, 10), SUP_EINVAL);
    tmp_cleanup(&t);
}

static void an_in_memory_ledger_works(void **state)
{
    (void)state;
    SQLITE_ONLY();
    sup_ledger *l = NULL;
    assert_int_equal(sup_ledger_open(":memory:", 0, &l), SUP_ENOTFOUND);
    assert_int_equal(sup_ledger_open(":memory:", SUP_LEDGER_CREATE, &l), SUP_OK);
    sup_id p = add_seed_product(l, "R1");
    sup_id c = add_customer(l, "C1");
    sup_id lic = sell(l, c, p, 20260131);
    sup_status *s = NULL;
    assert_int_equal(sup_status_new(&s), SUP_OK);
    assert_int_equal(sup_ledger_license_status(l, lic, 20260731, s), SUP_OK);
    assert_int_equal(sup_status_state(s), SUP_STATE_ACTIVE);
    sup_status_free(s);
    sup_ledger_close(l);
}

static void a_text_file_is_not_a_ledger_and_stays_unchanged(void **state)
{
    (void)state;
    SQLITE_ONLY();
    tmp_ledger t;
    tmp_init(&t);
    const char text[] = "name,price\nreport,7990\n";
    write_file(t.path, text, sizeof text - 1);
    sup_ledger *l = NULL;
    assert_int_equal(sup_ledger_open(t.path, 0, &l), SUP_ENOTLEDGER);
    assert_int_equal(sup_ledger_open(t.path, SUP_LEDGER_CREATE, &l), SUP_ENOTLEDGER);
    assert_int_equal(sup_ledger_open(t.path, SUP_LEDGER_READONLY, &l), SUP_ENOTLEDGER);
    assert_null(l);
    assert_non_null(strstr(sup_error_message(), "not a ledger"));
    size_t n = 0;
    char *after = slurp(t.path, &n);
    assert_int_equal(n, sizeof text - 1);
    assert_memory_equal(after, text, n);
    free(after);
    char wal[2400];
    snprintf(wal, sizeof wal, "%s-wal", t.path);
    assert_false(file_exists(wal));
    tmp_cleanup(&t);
}

static void another_sqlite_database_is_not_a_ledger_and_stays_unchanged(void **state)
{
    (void)state;
    SQLITE_ONLY();
    tmp_ledger t;
    tmp_init(&t);
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open(t.path, &db), SQLITE_OK);
    assert_int_equal(sqlite3_exec(db, "CREATE TABLE notes (x TEXT); INSERT INTO notes VALUES ('keep me');", NULL,
                                  NULL, NULL),
                     SQLITE_OK);
    sqlite3_close(db);
    size_t n0 = 0, n1 = 0;
    char *before = slurp(t.path, &n0);
    sup_ledger *l = NULL;
    assert_int_equal(sup_ledger_open(t.path, SUP_LEDGER_CREATE, &l), SUP_ENOTLEDGER);
    assert_int_equal(sup_ledger_open(t.path, 0, &l), SUP_ENOTLEDGER);
    char *after = slurp(t.path, &n1);
    assert_int_equal(n0, n1);
    assert_memory_equal(before, after, n0);
    free(before);
    free(after);
    /* another application's id */
    assert_int_equal(raw_exec(t.path, "PRAGMA application_id = 42"), SQLITE_OK);
    assert_int_equal(sup_ledger_open(t.path, 0, &l), SUP_ENOTLEDGER);
    assert_int_equal(raw_int(t.path, "SELECT count(*) FROM notes"), 1);
    tmp_cleanup(&t);
}

static void an_empty_file_becomes_a_ledger_only_with_create(void **state)
{
    (void)state;
    SQLITE_ONLY();
    tmp_ledger t;
    tmp_init(&t);
    write_file(t.path, "", 0);
    sup_ledger *l = NULL;
    assert_int_equal(sup_ledger_open(t.path, 0, &l), SUP_ENOTLEDGER);
    char want[2400];
    snprintf(want, sizeof want, "not a ledger: the file \"%.40s", t.path); /* names the file */
    assert_non_null(strstr(sup_error_message(), want));
    size_t n = 1;
    char *b = slurp(t.path, &n);
    assert_int_equal(n, 0);
    free(b);
    assert_int_equal(sup_ledger_open(t.path, SUP_LEDGER_CREATE, &l), SUP_OK);
    sup_ledger_close(l);
    assert_int_equal(sup_ledger_open(t.path, 0, &l), SUP_OK);
    sup_ledger_close(l);
    tmp_cleanup(&t);
}

static void a_ledger_of_a_newer_schema_is_a_version_error_and_stays_unchanged(void **state)
{
    (void)state;
    SQLITE_ONLY();
    tmp_ledger t;
    tmp_init(&t);
    sup_ledger *l = open_new(&t);
    add_seed_product(l, "R1");
    sup_ledger_close(l);
    char sql[64];
    snprintf(sql, sizeof sql, "PRAGMA user_version = %d", SUP_LEDGER_SCHEMA_VERSION + 1);
    assert_int_equal(raw_exec(t.path, sql), SQLITE_OK);
    size_t n0 = 0, n1 = 0;
    char *before = slurp(t.path, &n0);
    assert_int_equal(sup_ledger_open(t.path, 0, &l), SUP_EVERSION);
    assert_non_null(strstr(sup_error_message(), "newer"));
    assert_int_equal(sup_ledger_open(t.path, SUP_LEDGER_READONLY, &l), SUP_EVERSION);
    assert_int_equal(sup_ledger_open(t.path, SUP_LEDGER_CREATE, &l), SUP_EVERSION);
    assert_null(l);
    char *after = slurp(t.path, &n1);
    assert_int_equal(n0, n1);
    assert_memory_equal(before, after, n0);
    free(before);
    free(after);
    tmp_cleanup(&t);
}

static void a_read_only_handle_refuses_every_change(void **state)
{
    (void)state;
    tmp_ledger t;
    tmp_init(&t);
    sup_ledger *l = open_new(&t);
    sup_id p = add_seed_product(l, "R1");
    sup_id c = add_customer(l, "C1");
    sup_id lic = sell(l, c, p, 20260131);
    sup_ledger_close(l);
    assert_int_equal(sup_ledger_open(t.path, SUP_LEDGER_READONLY, &l), SUP_OK);
    int audits = audit_count(l);
    assert_int_equal(sup_ledger_add_customer(l, ACTOR, "C2", "x", NULL), SUP_EREADONLY);
    assert_int_equal(sup_ledger_set_price(l, ACTOR, p, 20270101, 1), SUP_EREADONLY);
    assert_int_equal(sup_ledger_renew(l, ACTOR, "pay-1", lic, 20260701, 199800, NULL), SUP_EREADONLY);
    assert_int_equal(sup_ledger_begin(l), SUP_EREADONLY);
    sup_quote *q = NULL;
    assert_int_equal(sup_quote_new(&q), SUP_OK);
    assert_int_equal(sup_ledger_quote_renewal(l, lic, 20260701, q), SUP_OK);
    assert_int_equal(sup_quote_fee(q), 199800);
    sup_quote_free(q);
    assert_int_equal(audit_count(l), audits);
    sup_ledger_close(l);
    tmp_cleanup(&t);
}

/* A file the process may not write: run as an unprivileged user (root ignores permissions). */
static void a_read_only_file_is_a_read_only_error_and_stays_unchanged(void **state)
{
    (void)state;
    SQLITE_ONLY();
    tmp_ledger t;
    tmp_init(&t);
    sup_ledger *l = open_new(&t);
    sup_id p = add_seed_product(l, "R1");
    sell(l, add_customer(l, "C1"), p, 20260131);
    sup_ledger_close(l);
    assert_int_equal(chmod(t.path, 0444), 0);
    assert_int_equal(chmod(t.dir, 0777), 0);
    size_t n0 = 0, n1 = 0;
    char *before = slurp(t.path, &n0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        free(before); /* the child only reads through the library */
        if (geteuid() == 0) {
            struct passwd *pw = getpwnam("nobody");
            if (pw == NULL || setgid(pw->pw_gid) != 0 || setuid(pw->pw_uid) != 0)
                _exit(10);
        }
        sup_ledger *x = NULL;
        if (sup_ledger_open(t.path, 0, &x) != SUP_EREADONLY)
            _exit(11);
        if (sup_ledger_open(t.path, SUP_LEDGER_CREATE, &x) != SUP_EREADONLY)
            _exit(12);
        if (sup_ledger_open(t.path, SUP_LEDGER_READONLY, &x) != SUP_OK)
            _exit(13);
        sup_id found = 0;
        if (sup_ledger_find_product(x, "R1", &found) != SUP_OK || found != p)
            _exit(14);
        if (sup_ledger_add_customer(x, ACTOR, "C2", "x", NULL) != SUP_EREADONLY)
            _exit(15);
        sup_ledger_close(x);
        _exit(0);
    }
    int status = 0;
    assert_int_equal(waitpid(pid, &status, 0), pid);
    assert_true(WIFEXITED(status));
    assert_int_equal(WEXITSTATUS(status), 0);
    char *after = slurp(t.path, &n1);
    assert_int_equal(n0, n1);
    assert_memory_equal(before, after, n0);
    free(before);
    free(after);
    tmp_cleanup(&t);
}

/* ---- products, prices, customers ----------------------------------------------------------- */

static void products_and_prices_round_trip_through_the_file(void **state)
{
    (void)state;
    tmp_ledger t;
    tmp_init(&t);
    sup_ledger *l = open_new(&t);
    sup_id a = 0, b = 0;
    assert_int_equal(sup_ledger_add_product(l, ACTOR, "REP-1", "Отчёт «Продажи»", SUP_LICENSE_PERPETUAL, 6, &a),
                     SUP_OK);
    assert_int_equal(sup_ledger_add_product(l, ACTOR, "SUB-M", "Monthly", SUP_LICENSE_SUBSCRIPTION_MONTHLY, 0, &b),
                     SUP_OK);
    assert_int_equal(sup_ledger_set_price(l, ACTOR, a, 20200101, 799000), SUP_OK);
    assert_int_equal(sup_ledger_set_price(l, ACTOR, a, 20260301, 899000), SUP_OK);
    assert_int_equal(sup_ledger_set_price(l, ACTOR, a, 20260301, 849000), SUP_OK); /* supersedes */
    assert_int_equal(sup_ledger_set_price(l, ACTOR, b, 20200101, 50000), SUP_OK);
    sup_ledger_close(l);

    assert_int_equal(sup_ledger_open(t.path, 0, &l), SUP_OK);
    sup_id found = 0;
    assert_int_equal(sup_ledger_find_product(l, "REP-1", &found), SUP_OK);
    assert_int_equal(found, a);
    assert_int_equal(sup_ledger_find_product(l, "rep-1", &found), SUP_ENOTFOUND);
    sup_product *p = NULL;
    assert_int_equal(sup_ledger_get_product(l, a, &p), SUP_OK);
    assert_int_equal(sup_product_kind(p), SUP_LICENSE_PERPETUAL);
    assert_int_equal(sup_product_support_months(p), 6);
    assert_int_equal(sup_product_price_count(p), 2);
    sup_money m = 0;
    assert_int_equal(sup_product_price_on(p, 20260228, &m), SUP_OK);
    assert_int_equal(m, 799000);
    assert_int_equal(sup_product_price_on(p, 20260301, &m), SUP_OK);
    assert_int_equal(m, 849000);
    sup_product_free(p);
    assert_int_equal(sup_ledger_get_product(l, b, &p), SUP_OK);
    assert_int_equal(sup_product_period_months(p), 1);
    sup_product_free(p);

    sup_cursor *c = NULL;
    assert_int_equal(sup_ledger_list_products(l, &c), SUP_OK);
    assert_int_equal(sup_cursor_column_count(c), 5);
    assert_int_equal(sup_cursor_next(c), 1);
    assert_int_equal(sup_cursor_int64(c, SUP_PRODCOL_PRODUCT), a);
    assert_string_equal(sup_cursor_text(c, SUP_PRODCOL_CODE), "REP-1");
    assert_string_equal(sup_cursor_text(c, SUP_PRODCOL_NAME), "Отчёт «Продажи»");
    assert_int_equal(sup_cursor_int64(c, SUP_PRODCOL_KIND), SUP_LICENSE_PERPETUAL);
    assert_int_equal(sup_cursor_int64(c, SUP_PRODCOL_SUPPORT_MONTHS), 6);
    assert_int_equal(sup_cursor_next(c), 1);
    assert_int_equal(sup_cursor_int64(c, SUP_PRODCOL_KIND), SUP_LICENSE_SUBSCRIPTION_MONTHLY);
    assert_int_equal(sup_cursor_int64(c, SUP_PRODCOL_SUPPORT_MONTHS), 1);
    assert_int_equal(sup_cursor_next(c), 0);
    sup_cursor_free(c);

    /* change name and term: recorded in the audit trail with old and new values */
    assert_int_equal(sup_ledger_update_product(l, "manager", a, "Sales report", 12), SUP_OK);
    assert_int_equal(sup_ledger_update_product(l, "manager", a, NULL, -1), SUP_OK);
    assert_int_equal(sup_ledger_update_product(l, "manager", b, NULL, 3), SUP_ERANGE); /* monthly: 0 or 1 */
    assert_int_equal(sup_ledger_get_product(l, a, &p), SUP_OK);
    assert_int_equal(sup_product_support_months(p), 12);
    sup_product_free(p);
    assert_int_equal(sup_ledger_list_audit(l, 0, &c), SUP_OK);
    int seen = 0;
    while (sup_cursor_next(c) == 1) {
        if (strcmp(sup_cursor_text(c, SUP_AUDCOL_ACTION), "update_product") == 0 && seen++ == 0) {
            assert_string_equal(sup_cursor_text(c, SUP_AUDCOL_ACTOR), "manager");
            assert_int_equal(sup_cursor_int64(c, SUP_AUDCOL_PRODUCT), a);
            assert_non_null(strstr(sup_cursor_text(c, SUP_AUDCOL_DETAIL), "Отчёт «Продажи» -> Sales report"));
            assert_non_null(strstr(sup_cursor_text(c, SUP_AUDCOL_DETAIL), "support_months=6 -> 12"));
        }
    }
    sup_cursor_free(c);
    assert_int_equal(seen, 2);
    sup_ledger_close(l);
    tmp_cleanup(&t);
}

/* Without a term, a perpetual product gets the default_support_months of the latest policy version. */
static void a_product_added_without_a_term_gets_the_latest_policys_default(void **state)
{
    (void)state;
    sup_ledger *l = NULL;
    assert_int_equal(sup_ledger_open(":memory:", SUP_LEDGER_CREATE, &l), SUP_OK);
    sup_id id = 0;
    sup_product *p = NULL;
    assert_int_equal(sup_ledger_add_product(l, ACTOR, "A", "a", SUP_LICENSE_PERPETUAL, SUP_SUPPORT_MONTHS_DEFAULT, &id),
                     SUP_OK);
    assert_int_equal(sup_ledger_get_product(l, id, &p), SUP_OK);
    assert_int_equal(sup_product_support_months(p), 6); /* the first version: the default policy */
    sup_product_free(p);
    sup_policy *pol = NULL;
    assert_int_equal(sup_policy_parse("default_support_months = 3\n", &pol), SUP_OK);
    assert_int_equal(sup_ledger_add_policy(l, ACTOR, 20300101, pol, NULL), SUP_OK); /* the latest, even if later */
    sup_policy_free(pol);
    assert_int_equal(sup_policy_parse("default_support_months = 9\n", &pol), SUP_OK);
    assert_int_equal(sup_ledger_add_policy(l, ACTOR, 20260101, pol, NULL), SUP_OK); /* added after, in force before */
    sup_policy_free(pol);
    assert_int_equal(sup_ledger_add_product(l, ACTOR, "B", "b", SUP_LICENSE_PERPETUAL, SUP_SUPPORT_MONTHS_DEFAULT, &id),
                     SUP_OK);
    assert_int_equal(sup_ledger_get_product(l, id, &p), SUP_OK);
    assert_int_equal(sup_product_support_months(p), 3);
    sup_product_free(p);
    assert_int_equal(sup_ledger_add_product(l, ACTOR, "S", "s", SUP_LICENSE_SUBSCRIPTION_YEARLY,
                                            SUP_SUPPORT_MONTHS_DEFAULT, &id),
                     SUP_OK);
    assert_int_equal(sup_ledger_get_product(l, id, &p), SUP_OK);
    assert_int_equal(sup_product_support_months(p), 12);
    sup_product_free(p);
    /* the audit trail records the term applied */
    sup_cursor *c = NULL;
    assert_int_equal(sup_ledger_list_audit(l, 0, &c), SUP_OK);
    int found = 0;
    while (sup_cursor_next(c) == 1)
        if (strstr(sup_cursor_text(c, SUP_AUDCOL_DETAIL), "code=B;") != NULL)
            found = strstr(sup_cursor_text(c, SUP_AUDCOL_DETAIL), "support_months=3") != NULL;
    sup_cursor_free(c);
    assert_true(found);
    sup_ledger_close(l);
}

/* One set of text rules at entry (the ledger, the policy) and at rendering (the notice): a value is refused in
 * all three places or accepted in all three, and a refusal names the code point. */
static void text_is_refused_at_entry_exactly_when_a_notice_would_refuse_it(void **state)
{
    (void)state;
    static const struct {
        const char *text, *named;
    } bad[] = {
        {"a\x01" "b", "U+0001 START OF HEADING"},     {"a\x1B[2J", "U+001B ESCAPE"},
        {"a\nb", "U+000A LINE FEED"},                {"a\rb", "U+000D CARRIAGE RETURN"},
        {"a\tb", "U+0009 CHARACTER TABULATION"},     {"a\x7F" "b", "U+007F DELETE"},
        {"a\xC2\x80" "b", "U+0080 PADDING CHARACTER"}, {"a\xC2\x85" "b", "U+0085 NEXT LINE"},
        {"a\xC2\x9B" "b", "U+009B CONTROL SEQUENCE INTRODUCER"},
        {"a\xC2\x9F" "b", "U+009F APPLICATION PROGRAM COMMAND"},
        {"a\xE2\x80\xAA" "b", "U+202A LEFT-TO-RIGHT EMBEDDING"},
        {"a\xE2\x80\xAC" "b", "U+202C POP DIRECTIONAL FORMATTING"},
        {"a\xE2\x80\xAE" "b", "U+202E RIGHT-TO-LEFT OVERRIDE"},
        {"a\xE2\x81\xA6" "b", "U+2066 LEFT-TO-RIGHT ISOLATE"},
        {"a\xE2\x81\xA9" "b", "U+2069 POP DIRECTIONAL ISOLATE"},
        {"a\xC0\xAF" "b", "not valid UTF-8"},        {"a\xED\xA0\x80" "b", "not valid UTF-8"},
    };
    static const char *const good[] = {"a\xC2\xA0" "b", "a\xE2\x80\xA9" "b", "a\xE2\x80\xAF" "b",
                                       "a\xE2\x81\xA5" "b", "a\xE2\x81\xAA" "b", "\xF0\x9F\x98\x80 ok",
                                       "ООО «Ромашка»"};
    sup_ledger *l = NULL;
    assert_int_equal(sup_ledger_open(":memory:", SUP_LEDGER_CREATE, &l), SUP_OK);
    sup_id p = add_seed_product(l, "P");
    sup_notice *n = NULL;
    sup_policy *pol = NULL;
    assert_int_equal(sup_notice_new(&n), SUP_OK);
    assert_int_equal(sup_policy_new(&pol), SUP_OK);
    int audits = audit_count(l);
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        sup_id id = 0;
        assert_int_equal(sup_ledger_add_customer(l, ACTOR, "X", bad[i].text, &id), SUP_EINVAL);
        if (strstr(sup_error_message(), bad[i].named) == NULL || strstr(sup_error_message(), "customer name") == NULL)
            fail_msg("entry %zu: \"%s\" does not name %s", i, sup_error_message(), bad[i].named);
        assert_int_equal(sup_ledger_add_customer(l, ACTOR, bad[i].text, "x", &id), SUP_EINVAL);
        assert_int_equal(sup_ledger_update_product(l, ACTOR, p, bad[i].text, -1), SUP_EINVAL);
        assert_int_equal(sup_ledger_add_release(l, bad[i].text, p, "9.9", 20260101, NULL, &id), SUP_EINVAL);
        assert_int_equal(sup_ledger_add_release(l, ACTOR, p, bad[i].text, 20260101, NULL, &id), SUP_EINVAL);
        assert_int_equal(sup_notice_set_customer_name(n, bad[i].text), SUP_EINVAL);
        assert_non_null(strstr(sup_error_message(), bad[i].named));
        assert_int_equal(sup_policy_add_contact(pol, SUP_CONTACT_OTHER, bad[i].text), SUP_EINVAL);
        assert_non_null(strstr(sup_error_message(), bad[i].named));
        char *line = NULL;
        assert_int_equal(sup_render_contact(SUP_CONTACT_OTHER, bad[i].text, SUP_LANG_RU, &line), SUP_EINVAL);
        /* a release note may hold line breaks, nothing else */
        bool line_break = bad[i].text[1] == '\n' || bad[i].text[1] == '\r' || bad[i].text[1] == '\t';
        char version[16];
        snprintf(version, sizeof version, "n%zu", i);
        assert_int_equal(sup_ledger_add_release(l, ACTOR, p, version, 20260101, bad[i].text, NULL),
                         line_break ? SUP_OK : SUP_EINVAL);
        audits += line_break; /* the one change that was accepted */
    }
    assert_int_equal(audit_count(l), audits); /* nothing half-written */
    sup_id c = 0, cust = 0;
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        char code[16];
        snprintf(code, sizeof code, "G%zu", i);
        assert_int_equal(sup_ledger_add_customer(l, ACTOR, code, good[i], &c), SUP_OK);
        assert_int_equal(sup_notice_set_customer_name(n, good[i]), SUP_OK);
        assert_int_equal(sup_policy_add_contact(pol, SUP_CONTACT_OTHER, good[i]), SUP_OK);
        cust = c;
    }
    /* a stored name is a name the notice renders */
    assert_int_equal(sup_notice_set_customer_name(n, NULL), SUP_OK);
    sup_id lic = sell(l, cust, p, 20260115);
    char *text = NULL;
    assert_int_equal(sup_ledger_render_notice(l, lic, 20260201, n, &text), SUP_OK);
    assert_non_null(strstr(text, "ООО «Ромашка»"));
    sup_free(text);
    sup_policy_free(pol);
    sup_notice_free(n);
    sup_ledger_close(l);
}

static void bad_product_input_is_refused_and_changes_nothing(void **state)
{
    (void)state;
    sup_ledger *l = NULL;
    assert_int_equal(sup_ledger_open(mem_target(), SUP_LEDGER_CREATE, &l), SUP_OK);
    sup_id p = add_seed_product(l, "R1");
    int audits = audit_count(l);
    sup_id id = 0;
    char longtext[SUP_LEDGER_NAME_MAX + 2];
    memset(longtext, 'x', sizeof longtext - 1);
    longtext[sizeof longtext - 1] = '\0';
    assert_int_equal(sup_ledger_add_product(l, ACTOR, "R1", "dup", SUP_LICENSE_PERPETUAL, 6, &id), SUP_ECONFLICT);
    assert_int_equal(sup_ledger_add_product(l, ACTOR, "R2", "x", (sup_license_kind)7, 6, &id), SUP_EINVAL);
    assert_int_equal(sup_ledger_add_product(l, ACTOR, "R2", "x", SUP_LICENSE_PERPETUAL, -2, &id), SUP_ERANGE);
    assert_int_equal(sup_ledger_add_product(l, ACTOR, "R2", "x", SUP_LICENSE_PERPETUAL, 1201, &id), SUP_ERANGE);
    assert_int_equal(sup_ledger_add_product(l, ACTOR, "R2", "x", SUP_LICENSE_SUBSCRIPTION_YEARLY, 6, &id),
                     SUP_ERANGE);
    assert_int_equal(sup_ledger_add_product(l, ACTOR, "R2", NULL, SUP_LICENSE_PERPETUAL, 6, &id), SUP_EINVAL);
    assert_int_equal(sup_ledger_add_product(l, ACTOR, "", "x", SUP_LICENSE_PERPETUAL, 6, &id), SUP_EINVAL);
    assert_int_equal(sup_ledger_add_product(l, ACTOR, "R2", "", SUP_LICENSE_PERPETUAL, 6, &id), SUP_EINVAL);
    assert_int_equal(sup_ledger_add_product(l, ACTOR, "R2", longtext, SUP_LICENSE_PERPETUAL, 6, &id), SUP_EINVAL);
    assert_int_equal(sup_ledger_add_product(l, ACTOR, "R2", "bad \xC3\x28 utf8", SUP_LICENSE_PERPETUAL, 6, &id),
                     SUP_EINVAL);
    assert_int_equal(sup_ledger_add_product(l, ACTOR, "R2", "over\xC0\xAFlong", SUP_LICENSE_PERPETUAL, 6, &id),
                     SUP_EINVAL);
    assert_int_equal(sup_ledger_add_product(l, ACTOR, "R2", "line\nbreak", SUP_LICENSE_PERPETUAL, 6, &id),
                     SUP_EINVAL);
    assert_int_equal(sup_ledger_add_product(l, NULL, "R2", "x", SUP_LICENSE_PERPETUAL, 6, &id), SUP_EINVAL);
    assert_int_equal(sup_ledger_add_product(l, "", "R2", "x", SUP_LICENSE_PERPETUAL, 6, &id), SUP_EINVAL);
    assert_int_equal(sup_ledger_add_product(NULL, ACTOR, "R2", "x", SUP_LICENSE_PERPETUAL, 6, &id), SUP_EINVAL);
    assert_int_equal(sup_ledger_set_price(l, ACTOR, p, 20260230, 1), SUP_EDATE);
    assert_int_equal(sup_ledger_set_price(l, ACTOR, p, 18991231, 1), SUP_EDATE);
    assert_int_equal(sup_ledger_set_price(l, ACTOR, p, 20260101, -1), SUP_EMONEY);
    assert_int_equal(sup_ledger_set_price(l, ACTOR, 99, 20260101, 1), SUP_ENOTFOUND);
    assert_int_equal(sup_ledger_set_price(l, ACTOR, 0, 20260101, 1), SUP_ENOTFOUND);
    assert_int_equal(sup_ledger_set_price(l, ACTOR, -5, 20260101, 1), SUP_ENOTFOUND);
    assert_int_equal(sup_ledger_update_product(l, ACTOR, 99, "x", -1), SUP_ENOTFOUND);
    assert_int_equal(sup_ledger_update_product(l, ACTOR, p, "", -1), SUP_EINVAL);
    assert_int_equal(sup_ledger_update_product(l, ACTOR, p, NULL, 5000), SUP_ERANGE);
    sup_product *got = NULL;
    assert_int_equal(sup_ledger_get_product(l, 99, &got), SUP_ENOTFOUND);
    assert_null(got);
    assert_int_equal(sup_ledger_find_product(l, NULL, &id), SUP_EINVAL);
    assert_int_equal(audit_count(l), audits);
    sup_cursor *c = NULL;
    assert_int_equal(sup_ledger_list_products(l, &c), SUP_OK);
    assert_int_equal(count_rows(c), 1);
    assert_int_equal(sup_ledger_get_product(l, p, &got), SUP_OK);
    assert_int_equal(sup_product_price_count(got), 1);
    assert_int_equal(sup_product_support_months(got), 6);
    sup_product_free(got);
    sup_ledger_close(l);
}

static void names_with_quotes_sql_and_unicode_are_stored_verbatim(void **state)
{
    (void)state;
    tmp_ledger t;
    tmp_init(&t);
    sup_ledger *l = open_new(&t);
    static const char *const names[] = {
        "Robert'); DROP TABLE customer;--",
        "O\"Brien \\ 'quoted' `back`",
        "ООО «Ромашка» — 1С:Бухгалтерия",
        "%s %n %d ?1 :name @x $y",
        "emoji \xF0\x9F\x98\x80 and tab-free",
    };
    sup_id ids[5];
    for (int i = 0; i < 5; i++) {
        char code[16];
        snprintf(code, sizeof code, "C'%d\"", i);
        assert_int_equal(sup_ledger_add_customer(l, ACTOR, code, names[i], &ids[i]), SUP_OK);
    }
    sup_ledger_close(l);
    assert_int_equal(sup_ledger_open(t.path, 0, &l), SUP_OK);
    sup_cursor *c = NULL;
    assert_int_equal(sup_ledger_list_customers(l, &c), SUP_OK);
    for (int i = 0; i < 5; i++) {
        char code[16];
        snprintf(code, sizeof code, "C'%d\"", i);
        assert_int_equal(sup_cursor_next(c), 1);
        assert_int_equal(sup_cursor_int64(c, SUP_CUSTCOL_CUSTOMER), ids[i]);
        assert_string_equal(sup_cursor_text(c, SUP_CUSTCOL_CODE), code);
        assert_string_equal(sup_cursor_text(c, SUP_CUSTCOL_NAME), names[i]);
        sup_id found = 0;
        assert_int_equal(sup_ledger_find_customer(l, code, &found), SUP_OK);
        assert_int_equal(found, ids[i]);
    }
    assert_int_equal(sup_cursor_next(c), 0);
    sup_cursor_free(c);
    sup_id found = 0;
    assert_int_equal(sup_ledger_find_customer(l, "' OR 1=1 --", &found), SUP_ENOTFOUND);
    assert_int_equal(sup_ledger_update_customer(l, ACTOR, ids[0], "x'); DELETE FROM audit;--"), SUP_OK);
    assert_int_equal(sup_ledger_check(l), SUP_OK);
    sup_ledger_close(l);
    assert_int_equal(raw_int(t.path, "SELECT count(*) FROM customer"), 5);
    tmp_cleanup(&t);
}

static void bad_customer_input_is_refused_and_changes_nothing(void **state)
{
    (void)state;
    sup_ledger *l = NULL;
    assert_int_equal(sup_ledger_open(mem_target(), SUP_LEDGER_CREATE, &l), SUP_OK);
    sup_id c = add_customer(l, "C1");
    int audits = audit_count(l);
    char code[SUP_LEDGER_CODE_MAX + 2];
    memset(code, 'c', sizeof code - 1);
    code[sizeof code - 1] = '\0';
    sup_id id = 0;
    assert_int_equal(sup_ledger_add_customer(l, ACTOR, "C1", "again", &id), SUP_ECONFLICT);
    assert_int_equal(sup_ledger_add_customer(l, ACTOR, code, "x", &id), SUP_EINVAL);
    code[SUP_LEDGER_CODE_MAX] = '\0'; /* exactly the limit is fine */
    assert_int_equal(sup_ledger_add_customer(l, ACTOR, "C2", "\xED\xA0\x80 surrogate", &id), SUP_EINVAL);
    assert_int_equal(sup_ledger_add_customer(l, ACTOR, "C2", "trailing \xE2\x82", &id), SUP_EINVAL);
    assert_int_equal(sup_ledger_add_customer(l, ACTOR, "C2", "bell\a", &id), SUP_EINVAL);
    assert_int_equal(sup_ledger_add_customer(l, ACTOR, "C\x7F", "del", &id), SUP_EINVAL);
    assert_int_equal(sup_ledger_update_customer(l, ACTOR, 42, "x"), SUP_ENOTFOUND);
    assert_int_equal(sup_ledger_update_customer(l, ACTOR, c, NULL), SUP_EINVAL);
    assert_int_equal(sup_ledger_find_customer(l, "nope", &id), SUP_ENOTFOUND);
    assert_int_equal(id, 0);
    assert_int_equal(audit_count(l), audits);
    assert_int_equal(sup_ledger_add_customer(l, ACTOR, code, "at the limit", &id), SUP_OK);
    sup_ledger_close(l);
}

/* ---- sales, renewals, payments ----------------------------------------------------------------- */

static void the_seed_example_sells_quotes_and_renews(void **state)
{
    (void)state;
    tmp_ledger t;
    tmp_init(&t);
    sup_ledger *l = open_new(&t);
    sup_id p = add_seed_product(l, "R1");
    sup_id c = add_customer(l, "C1");
    sup_id lic = 0;
    assert_int_equal(sup_ledger_sell(l, "web", "order-1", c, p, 20260131, 799000, &lic), SUP_OK);
    sup_id who = 0, what = 0;
    assert_int_equal(sup_ledger_license_parties(l, lic, &who, &what), SUP_OK);
    assert_int_equal(who, c);
    assert_int_equal(what, p);
    sup_ledger_close(l);

    assert_int_equal(sup_ledger_open(t.path, 0, &l), SUP_OK);
    sup_quote *q = NULL;
    assert_int_equal(sup_quote_new(&q), SUP_OK);
    assert_int_equal(sup_ledger_quote_renewal(l, lic, 20260701, q), SUP_OK);
    assert_int_equal(sup_quote_kind_of(q), SUP_QUOTE_PREFERENTIAL);
    assert_int_equal(sup_quote_fee(q), 199800); /* 7990 x 25% = 1997.50 -> 1998 */
    assert_int_equal(sup_quote_support_until(q), 20260731);
    assert_int_equal(sup_quote_new_support_until(q), 20270731);
    sup_quote *applied = NULL;
    assert_int_equal(sup_quote_new(&applied), SUP_OK);
    assert_int_equal(sup_ledger_renew(l, "manager", "pay-1", lic, 20260701, 199800, applied), SUP_OK);
    assert_int_equal(sup_quote_fee(applied), 199800);
    assert_int_equal(sup_quote_new_support_until(applied), 20270731);
    assert_int_equal(sup_quote_kind_of(applied), SUP_QUOTE_PREFERENTIAL);
    sup_ledger_close(l);

    assert_int_equal(sup_ledger_open(t.path, SUP_LEDGER_READONLY, &l), SUP_OK);
    sup_status *s = NULL;
    assert_int_equal(sup_status_new(&s), SUP_OK);
    assert_int_equal(sup_ledger_license_status(l, lic, 20270731, s), SUP_OK);
    assert_int_equal(sup_status_state(s), SUP_STATE_ACTIVE);
    assert_int_equal(sup_ledger_license_status(l, lic, 20270801, s), SUP_OK);
    assert_int_equal(sup_status_state(s), SUP_STATE_GRACE);
    assert_int_equal(sup_status_preferential_until(s), 20270831);
    assert_int_equal(sup_ledger_license_status(l, lic, 20260630, s), SUP_OK); /* before the renewal */
    assert_int_equal(sup_status_support_until(s), 20260731);
    assert_int_equal(sup_ledger_license_status(l, lic, 20260130, s), SUP_OK);
    assert_int_equal(sup_status_state(s), SUP_STATE_NOT_OWNED);
    sup_status_free(s);

    /* the rebuilt license is the core's: same events */
    sup_license *core = NULL;
    assert_int_equal(sup_ledger_get_license(l, lic, &core), SUP_OK);
    assert_int_equal(sup_license_event_count(core), 2);
    assert_int_equal(sup_license_latest_until(core), 20270731);
    sup_license_free(core);

    sup_cursor *c2 = NULL;
    assert_int_equal(sup_ledger_list_events(l, lic, &c2), SUP_OK);
    assert_int_equal(sup_cursor_next(c2), 1);
    assert_int_equal(sup_cursor_int64(c2, SUP_PAYCOL_KIND), SUP_EVENT_PURCHASE);
    assert_int_equal(sup_cursor_int64(c2, SUP_PAYCOL_AMOUNT), 799000);
    assert_string_equal(sup_cursor_text(c2, SUP_PAYCOL_PAYMENT_ID), "order-1");
    assert_string_equal(sup_cursor_text(c2, SUP_PAYCOL_ACTOR), "web");
    assert_int_equal(sup_cursor_int64(c2, SUP_PAYCOL_POLICY_VERSION), 0);
    assert_int_equal(sup_cursor_next(c2), 1);
    assert_int_equal(sup_cursor_int64(c2, SUP_PAYCOL_KIND), SUP_EVENT_PREFERENTIAL_RENEWAL);
    assert_int_equal(sup_cursor_date(c2, SUP_PAYCOL_ON), 20260701);
    assert_int_equal(sup_cursor_int64(c2, SUP_PAYCOL_AMOUNT), 199800);
    assert_int_equal(sup_cursor_date(c2, SUP_PAYCOL_SUPPORT_UNTIL), 20270731);
    assert_string_equal(sup_cursor_text(c2, SUP_PAYCOL_PAYMENT_ID), "pay-1");
    assert_int_equal(sup_cursor_int64(c2, SUP_PAYCOL_POLICY_VERSION), 1);
    assert_int_equal(sup_cursor_int64(c2, SUP_PAYCOL_CUSTOMER), c);
    assert_int_equal(sup_cursor_next(c2), 0);
    sup_cursor_free(c2);
    sup_quote_free(q);
    sup_quote_free(applied);
    sup_ledger_close(l);
    tmp_cleanup(&t);
}

static void a_standard_renewal_after_the_window_costs_45_percent_from_its_date(void **state)
{
    (void)state;
    sup_ledger *l = NULL;
    assert_int_equal(sup_ledger_open(mem_target(), SUP_LEDGER_CREATE, &l), SUP_OK);
    sup_id p = add_seed_product(l, "R1");
    sup_id lic = sell(l, add_customer(l, "C1"), p, 20260131); /* until 2026-07-31, window to 2026-08-31 */
    sup_quote *q = NULL;
    assert_int_equal(sup_quote_new(&q), SUP_OK);
    assert_int_equal(sup_ledger_quote_renewal(l, lic, 20260831, q), SUP_OK);
    assert_int_equal(sup_quote_kind_of(q), SUP_QUOTE_PREFERENTIAL);
    assert_int_equal(sup_quote_valid_through(q), 20260831);
    sup_quote_free(q);
    q = renew(l, lic, 20260901, "pay-std");
    assert_int_equal(sup_quote_kind_of(q), SUP_QUOTE_STANDARD);
    assert_int_equal(sup_quote_fee(q), 359600); /* 7990 x 45% = 3595.50 -> 3596 */
    assert_int_equal(sup_quote_new_support_until(q), 20270901);
    sup_quote_free(q);
    sup_ledger_close(l);
}

static void a_fee_that_does_not_match_the_quote_is_refused_and_changes_nothing(void **state)
{
    (void)state;
    sup_ledger *l = NULL;
    assert_int_equal(sup_ledger_open(mem_target(), SUP_LEDGER_CREATE, &l), SUP_OK);
    sup_id p = add_seed_product(l, "R1");
    sup_id lic = sell(l, add_customer(l, "C1"), p, 20260131);
    int audits = audit_count(l);
    assert_int_equal(sup_ledger_renew(l, ACTOR, "pay-1", lic, 20260901, 199800, NULL), SUP_EMISMATCH);
    assert_non_null(strstr(sup_error_message(), "3596.00"));
    assert_int_equal(sup_ledger_renew(l, ACTOR, "pay-1", lic, 20260701, 199700, NULL), SUP_EMISMATCH);
    assert_int_equal(sup_ledger_renew(l, ACTOR, "pay-1", lic, 20260701, -199800, NULL), SUP_EMONEY);
    assert_int_equal(sup_ledger_renew(l, ACTOR, "pay-1", lic, 20260732, 199800, NULL), SUP_EDATE);
    assert_int_equal(sup_ledger_renew(l, ACTOR, "pay-1", lic, 0, 199800, NULL), SUP_EDATE);
    assert_int_equal(sup_ledger_renew(l, ACTOR, "pay-1", 77, 20260701, 199800, NULL), SUP_ENOTFOUND);
    assert_int_equal(sup_ledger_renew(l, ACTOR, "pay-1", 0, 20260701, 199800, NULL), SUP_ENOTFOUND);
    assert_int_equal(sup_ledger_renew(l, ACTOR, "pay-1", lic, 20260130, 199800, NULL), SUP_ESTATE); /* not owned */
    assert_int_equal(sup_ledger_renew(l, ACTOR, NULL, lic, 20260701, 199800, NULL), SUP_EINVAL);
    assert_int_equal(sup_ledger_renew(l, ACTOR, "", lic, 20260701, 199800, NULL), SUP_EINVAL);
    assert_int_equal(sup_ledger_renew(l, ACTOR, "pay\n1", lic, 20260701, 199800, NULL), SUP_EINVAL);
    assert_int_equal(sup_ledger_renew(l, NULL, "pay-1", lic, 20260701, 199800, NULL), SUP_EINVAL);
    assert_int_equal(audit_count(l), audits);
    sup_cursor *c = NULL;
    assert_int_equal(sup_ledger_list_events(l, lic, &c), SUP_OK);
    assert_int_equal(count_rows(c), 1);
    /* the payment id was not used up by the failures */
    sup_quote_free(renew(l, lic, 20260701, "pay-1"));
    sup_ledger_close(l);
}

static void replaying_a_payment_returns_the_first_result_and_changes_nothing(void **state)
{
    (void)state;
    sup_ledger *l = NULL;
    assert_int_equal(sup_ledger_open(mem_target(), SUP_LEDGER_CREATE, &l), SUP_OK);
    sup_id p = add_seed_product(l, "R1");
    sup_id c = add_customer(l, "C1");
    sup_id lic = sell(l, c, p, 20260131);
    sup_id other = sell(l, c, p, 20260131);
    sup_quote *first = renew(l, lic, 20260701, "pay-1");
    int audits = audit_count(l);
    sup_quote *again = NULL;
    assert_int_equal(sup_quote_new(&again), SUP_OK);
    /* the same payment again, even on another day: the first result */
    assert_int_equal(sup_ledger_renew(l, "retry", "pay-1", lic, 20260715, 199800, again), SUP_OK);
    assert_int_equal(sup_quote_kind_of(again), sup_quote_kind_of(first));
    assert_int_equal(sup_quote_fee(again), sup_quote_fee(first));
    assert_int_equal(sup_quote_on(again), 20260701);
    assert_int_equal(sup_quote_rate(again), sup_quote_rate(first));
    assert_int_equal(sup_quote_list_price(again), sup_quote_list_price(first));
    assert_int_equal(sup_quote_support_until(again), sup_quote_support_until(first));
    assert_int_equal(sup_quote_new_support_until(again), sup_quote_new_support_until(first));
    assert_int_equal(sup_quote_valid_through(again), sup_quote_valid_through(first));
    assert_int_equal(audit_count(l), audits);
    /* the same id for another license, another amount or another kind of payment */
    assert_int_equal(sup_ledger_renew(l, ACTOR, "pay-1", other, 20260701, 199800, NULL), SUP_ECONFLICT);
    assert_non_null(strstr(sup_error_message(), "pay-1"));
    assert_int_equal(sup_ledger_renew(l, ACTOR, "pay-1", lic, 20260701, 199900, NULL), SUP_ECONFLICT);
    assert_int_equal(sup_ledger_pay(l, ACTOR, "pay-1", lic, 20260701, 199800, NULL), SUP_ECONFLICT);
    assert_int_equal(sup_ledger_sell(l, ACTOR, "pay-1", c, p, 20260701, 799000, NULL), SUP_ECONFLICT);
    assert_int_equal(audit_count(l), audits);
    sup_cursor *cur = NULL;
    assert_int_equal(sup_ledger_list_events(l, lic, &cur), SUP_OK);
    assert_int_equal(count_rows(cur), 2);
    assert_int_equal(sup_ledger_list_events(l, other, &cur), SUP_OK);
    assert_int_equal(count_rows(cur), 1);
    /* an idempotent sale */
    sup_id s1 = 0, s2 = 0;
    assert_int_equal(sup_ledger_sell(l, ACTOR, "order-9", c, p, 20260201, 799000, &s1), SUP_OK);
    assert_int_equal(sup_ledger_sell(l, ACTOR, "order-9", c, p, 20260201, 799000, &s2), SUP_OK);
    assert_int_equal(s1, s2);
    assert_int_equal(sup_ledger_sell(l, ACTOR, "order-9", c, p, 20260201, 1, &s2), SUP_ECONFLICT);
    assert_int_equal(sup_ledger_renew(l, ACTOR, "order-9", s1, 20260701, 199800, NULL), SUP_ECONFLICT);
    sup_quote_free(first);
    sup_quote_free(again);
    sup_ledger_close(l);
}

static void renewals_out_of_order_or_of_the_wrong_kind_are_refused(void **state)
{
    (void)state;
    sup_ledger *l = NULL;
    assert_int_equal(sup_ledger_open(mem_target(), SUP_LEDGER_CREATE, &l), SUP_OK);
    sup_id p = add_seed_product(l, "R1");
    sup_id c = add_customer(l, "C1");
    sup_id lic = sell(l, c, p, 20260131);
    sup_id sub = 0;
    assert_int_equal(sup_ledger_add_product(l, ACTOR, "SUB", "Monthly", SUP_LICENSE_SUBSCRIPTION_MONTHLY, 1, &sub),
                     SUP_OK);
    assert_int_equal(sup_ledger_set_price(l, ACTOR, sub, 20200101, 50000), SUP_OK);
    sup_id slic = sell(l, c, sub, 20260115);
    sup_quote_free(renew(l, lic, 20260701, "pay-1"));
    int audits = audit_count(l);
    assert_int_equal(sup_ledger_renew(l, ACTOR, "pay-2", lic, 20260601, 199800, NULL), SUP_ESTATE);
    sup_quote *q = NULL;
    assert_int_equal(sup_quote_new(&q), SUP_OK);
    assert_int_equal(sup_ledger_quote_renewal(l, slic, 20260201, q), SUP_ENOTAPPLICABLE);
    assert_int_equal(sup_ledger_renew(l, ACTOR, "pay-2", slic, 20260201, 50000, NULL), SUP_ENOTAPPLICABLE);
    assert_int_equal(sup_ledger_quote_payment(l, lic, 20260801, q), SUP_ENOTAPPLICABLE);
    assert_int_equal(sup_ledger_pay(l, ACTOR, "pay-2", lic, 20260801, 50000, NULL), SUP_ENOTAPPLICABLE);
    assert_int_equal(sup_ledger_quote_renewal(l, 999, 20260201, q), SUP_ENOTFOUND);
    assert_int_equal(sup_ledger_quote_renewal(l, lic, 99999999, q), SUP_EDATE);
    assert_int_equal(sup_ledger_quote_renewal(l, lic, 20260201, NULL), SUP_EINVAL);
    assert_int_equal(audit_count(l), audits);
    sup_quote_free(q);
    sup_ledger_close(l);
}

static void a_sale_must_pay_the_list_price_of_its_date(void **state)
{
    (void)state;
    sup_ledger *l = NULL;
    assert_int_equal(sup_ledger_open(mem_target(), SUP_LEDGER_CREATE, &l), SUP_OK);
    sup_id p = add_seed_product(l, "R1");
    assert_int_equal(sup_ledger_set_price(l, ACTOR, p, 20260301, 899000), SUP_OK);
    sup_id c = add_customer(l, "C1");
    int audits = audit_count(l);
    sup_id lic = 0;
    assert_int_equal(sup_ledger_sell(l, ACTOR, NULL, c, p, 20260301, 799000, &lic), SUP_EMISMATCH);
    assert_int_equal(sup_ledger_sell(l, ACTOR, NULL, c, p, 20191231, 0, &lic), SUP_ENOTFOUND); /* no price yet */
    assert_int_equal(sup_ledger_sell(l, ACTOR, NULL, 99, p, 20260301, 899000, &lic), SUP_ENOTFOUND);
    assert_int_equal(sup_ledger_sell(l, ACTOR, NULL, c, 99, 20260301, 899000, &lic), SUP_ENOTFOUND);
    assert_int_equal(sup_ledger_sell(l, ACTOR, NULL, c, p, 20261301, 899000, &lic), SUP_EDATE);
    assert_int_equal(sup_ledger_sell(l, ACTOR, NULL, c, p, 20260301, -899000, &lic), SUP_EMONEY);
    assert_int_equal(sup_ledger_sell(l, ACTOR, "", c, p, 20260301, 899000, &lic), SUP_EINVAL);
    assert_int_equal(audit_count(l), audits);
    assert_int_equal(sup_ledger_sell(l, ACTOR, NULL, c, p, 20260301, 899000, &lic), SUP_OK);
    assert_true(lic > 0);
    sup_ledger_close(l);
}

static void policy_versions_price_each_renewal_by_its_date_and_are_recorded(void **state)
{
    (void)state;
    tmp_ledger t;
    tmp_init(&t);
    sup_ledger *l = open_new(&t);
    sup_id p = add_seed_product(l, "R1");
    sup_id c = add_customer(l, "C1");
    sup_id a = sell(l, c, p, 20250101); /* until 2025-07-01: standard after 2025-08-01 */
    sup_id b = sell(l, c, p, 20250101);
    sup_policy *pol = NULL;
    assert_int_equal(sup_policy_parse("standard_rate_bp = 4000\n", &pol), SUP_OK);
    sup_id v2 = 0;
    assert_int_equal(sup_ledger_add_policy(l, "owner", 20260601, pol, &v2), SUP_OK);
    assert_int_equal(v2, 2);
    sup_quote *q = renew(l, a, 20260531, "pay-a"); /* the 45% version */
    assert_int_equal(sup_quote_fee(q), 359600);
    sup_quote_free(q);
    q = renew(l, b, 20260601, "pay-b"); /* the page's 40%: 3196 rub */
    assert_int_equal(sup_quote_fee(q), 319600);
    sup_quote_free(q);
    sup_ledger_close(l);

    assert_int_equal(sup_ledger_open(t.path, 0, &l), SUP_OK);
    sup_cursor *cur = NULL;
    assert_int_equal(sup_ledger_list_payments(l, 20260501, 20260630, &cur), SUP_OK);
    assert_int_equal(sup_cursor_next(cur), 1);
    assert_int_equal(sup_cursor_int64(cur, SUP_PAYCOL_LICENSE), a);
    assert_int_equal(sup_cursor_int64(cur, SUP_PAYCOL_POLICY_VERSION), 1);
    assert_int_equal(sup_cursor_int64(cur, SUP_PAYCOL_KIND), SUP_EVENT_STANDARD_RENEWAL);
    assert_int_equal(sup_cursor_next(cur), 1);
    assert_int_equal(sup_cursor_int64(cur, SUP_PAYCOL_LICENSE), b);
    assert_int_equal(sup_cursor_int64(cur, SUP_PAYCOL_POLICY_VERSION), v2);
    assert_int_equal(sup_cursor_next(cur), 0);
    sup_cursor_free(cur);

    /* a version with the same date supersedes; the old one stays on record */
    sup_policy *p35 = NULL;
    assert_int_equal(sup_policy_parse("standard_rate_bp = 3500\n", &p35), SUP_OK);
    sup_id v3 = 0;
    assert_int_equal(sup_ledger_add_policy(l, "owner", 20260601, p35, &v3), SUP_OK);
    sup_policy *got = NULL;
    sup_id ver = 0;
    assert_int_equal(sup_ledger_get_policy(l, 20260601, &ver, &got), SUP_OK);
    assert_int_equal(ver, v3);
    assert_int_equal(sup_policy_standard_rate(got), 3500);
    sup_policy_free(got);
    assert_int_equal(sup_ledger_get_policy(l, 20260531, &ver, &got), SUP_OK);
    assert_int_equal(ver, 1);
    sup_policy_free(got);
    assert_int_equal(sup_ledger_list_policies(l, &cur), SUP_OK);
    int active = 0, rows = 0;
    while (sup_cursor_next(cur) == 1) {
        rows++;
        active += (int)sup_cursor_int64(cur, SUP_POLCOL_ACTIVE);
    }
    sup_cursor_free(cur);
    assert_int_equal(rows, 3);
    assert_int_equal(active, 2);
    /* bad input */
    assert_int_equal(sup_ledger_add_policy(l, "owner", 20260631, pol, NULL), SUP_EDATE);
    assert_int_equal(sup_ledger_add_policy(l, "owner", 20260701, NULL, NULL), SUP_EINVAL);
    assert_int_equal(sup_ledger_get_policy(l, 20260229, NULL, &got), SUP_EDATE);
    assert_null(got);
    sup_policy_free(pol);
    sup_policy_free(p35);
    sup_ledger_close(l);
    tmp_cleanup(&t);
}

static void subscriptions_are_paid_period_by_period(void **state)
{
    (void)state;
    sup_ledger *l = NULL;
    assert_int_equal(sup_ledger_open(mem_target(), SUP_LEDGER_CREATE, &l), SUP_OK);
    sup_id sub = 0;
    assert_int_equal(sup_ledger_add_product(l, ACTOR, "SUB", "Monthly", SUP_LICENSE_SUBSCRIPTION_MONTHLY, 0, &sub),
                     SUP_OK);
    assert_int_equal(sup_ledger_set_price(l, ACTOR, sub, 20200101, 50000), SUP_OK);
    sup_id lic = sell(l, add_customer(l, "C1"), sub, 20260131); /* paid through 2026-02-28 */
    sup_quote *q = NULL;
    assert_int_equal(sup_quote_new(&q), SUP_OK);
    assert_int_equal(sup_ledger_quote_payment(l, lic, 20260220, q), SUP_OK);
    assert_int_equal(sup_quote_fee(q), 50000);
    assert_int_equal(sup_quote_new_support_until(q), 20260331); /* the billing day is kept (POLICY.md) */
    assert_int_equal(sup_ledger_pay(l, ACTOR, "sub-1", lic, 20260220, 49999, q), SUP_EMISMATCH);
    assert_int_equal(sup_ledger_pay(l, ACTOR, "sub-1", lic, 20260220, 50000, q), SUP_OK);
    assert_int_equal(sup_quote_kind_of(q), SUP_QUOTE_SUBSCRIPTION);
    sup_status *s = NULL;
    assert_int_equal(sup_status_new(&s), SUP_OK);
    assert_int_equal(sup_ledger_license_status(l, lic, 20260331, s), SUP_OK);
    assert_int_equal(sup_status_state(s), SUP_STATE_ACTIVE);
    assert_int_equal(sup_ledger_license_status(l, lic, 20260401, s), SUP_OK);
    assert_int_equal(sup_status_state(s), SUP_STATE_EXPIRED);
    assert_int_equal(sup_status_can_use(s), 0);
    /* lapsed: a payment runs from its own date */
    assert_int_equal(sup_ledger_pay(l, ACTOR, "sub-2", lic, 20260510, 50000, q), SUP_OK);
    assert_int_equal(sup_quote_new_support_until(q), 20260610);
    sup_status_free(s);
    sup_quote_free(q);
    sup_ledger_close(l);
}

/* B11 with history: a ledger written before the billing day was kept holds a drifted period (31.01 -> 28.02 ->
 * 28.03). It keeps it; the next payment counts its periods from the anchor (31.01 + 3 months = 30.04). */
static void a_ledger_with_drifted_periods_keeps_them_and_new_payments_keep_the_billing_day(void **state)
{
    (void)state;
    tmp_ledger t;
    tmp_init(&t);
    sup_ledger *l = open_new(&t);
    sup_id sub = 0;
    assert_int_equal(sup_ledger_add_product(l, ACTOR, "SUB", "Monthly", SUP_LICENSE_SUBSCRIPTION_MONTHLY, 0, &sub),
                     SUP_OK);
    assert_int_equal(sup_ledger_set_price(l, ACTOR, sub, 20200101, 50000), SUP_OK);
    sup_id cust = add_customer(l, "C1");
    sup_id lic = sell(l, cust, sub, 20260131); /* paid through 2026-02-28 */
    /* the payment of 20.02 as the old library stored it: through 2026-03-28 */
    char sql[1024];
    snprintf(sql, sizeof sql,
             "INSERT INTO license_event (license_id, kind, on_date, support_until, amount, payment_id, actor)"
             " VALUES (%lld, 3, 20260220, 20260328, 50000, 'old-1', 'old library');"
             "UPDATE support_period SET valid_to = 20260219 WHERE license_id = %lld AND valid_to = 99991231;"
             "INSERT INTO support_period VALUES (%lld, 20260220, 99991231, 20260328, 1, 20260131, %lld, %lld);",
             (long long)lic, (long long)lic, (long long)lic, (long long)cust, (long long)sub);
    assert_int_equal(raw_exec(t.path, sql), SQLITE_OK);
    assert_int_equal(sup_ledger_check(l), SUP_OK);
    /* the recorded history stands: paid through 28.03, expired on 29.03 */
    sup_license *core = NULL;
    assert_int_equal(sup_ledger_get_license(l, lic, &core), SUP_OK);
    assert_int_equal(sup_license_latest_until(core), 20260328);
    sup_license_free(core);
    sup_status *s = NULL;
    assert_int_equal(sup_status_new(&s), SUP_OK);
    assert_int_equal(sup_ledger_license_status(l, lic, 20260329, s), SUP_OK);
    assert_int_equal(sup_status_state(s), SUP_STATE_EXPIRED);
    /* a payment while paid: the third period from the anchor, 31.01 + 3 = 30.04 (not 28.04) */
    sup_quote *q = NULL;
    assert_int_equal(sup_quote_new(&q), SUP_OK);
    assert_int_equal(sup_ledger_quote_payment(l, lic, 20260320, q), SUP_OK);
    assert_int_equal(sup_quote_new_support_until(q), 20260430);
    assert_int_equal(sup_ledger_pay(l, ACTOR, "new-1", lic, 20260320, 50000, q), SUP_OK);
    assert_int_equal(sup_quote_new_support_until(q), 20260430);
    assert_int_equal(sup_ledger_pay(l, ACTOR, "new-2", lic, 20260425, 50000, q), SUP_OK);
    assert_int_equal(sup_quote_new_support_until(q), 20260531);
    /* the lists agree with the events */
    sup_cursor *c = NULL;
    assert_int_equal(sup_ledger_list_licenses(l, 0, 20260531, &c), SUP_OK);
    assert_int_equal(sup_cursor_next(c), 1);
    assert_int_equal(sup_cursor_date(c, SUP_LICCOL_SUPPORT_UNTIL), 20260531);
    sup_cursor_free(c);
    assert_int_equal(sup_ledger_check(l), SUP_OK);
    sup_quote_free(q);
    sup_status_free(s);
    sup_ledger_close(l);
    tmp_cleanup(&t);
}

static void a_period_recorded_as_is_imports_history(void **state)
{
    (void)state;
    sup_ledger *l = NULL;
    assert_int_equal(sup_ledger_open(mem_target(), SUP_LEDGER_CREATE, &l), SUP_OK);
    sup_id p = add_seed_product(l, "R1");
    sup_id lic = sell(l, add_customer(l, "C1"), p, 20200101);
    assert_int_equal(sup_ledger_record_period(l, "import", lic, 20240101, 20261231), SUP_OK);
    assert_int_equal(sup_ledger_record_period(l, "import", lic, 20230101, 20261231), SUP_ESTATE);
    assert_int_equal(sup_ledger_record_period(l, "import", lic, 20240101, 20190101), SUP_EDATE);
    assert_int_equal(sup_ledger_record_period(l, "import", 42, 20240101, 20261231), SUP_ENOTFOUND);
    assert_int_equal(sup_ledger_record_period(l, "import", lic, 20240230, 20261231), SUP_EDATE);
    sup_status *s = NULL;
    assert_int_equal(sup_status_new(&s), SUP_OK);
    assert_int_equal(sup_ledger_license_status(l, lic, 20261231, s), SUP_OK);
    assert_int_equal(sup_status_state(s), SUP_STATE_ACTIVE);
    assert_int_equal(sup_ledger_license_status(l, lic, 20231231, s), SUP_OK);
    assert_int_equal(sup_status_state(s), SUP_STATE_LAPSED);
    sup_status_free(s);
    sup_cursor *c = NULL;
    assert_int_equal(sup_ledger_list_payments(l, 19000101, 99991231, &c), SUP_OK);
    assert_int_equal(count_rows(c), 1); /* a period is not a payment */
    assert_int_equal(sup_ledger_list_events(l, lic, &c), SUP_OK);
    assert_int_equal(count_rows(c), 2);
    sup_ledger_close(l);
}

/* ---- lists, checked against the core license by license ------------------------------------------ */

struct expect {
    sup_id id;
    sup_state state;
    sup_date until, pref;
};

/* What the core says about every license on `on` (through sup_ledger_license_status). */
static size_t core_view(sup_ledger *l, sup_id nlic, sup_date on, struct expect *out)
{
    sup_status *s = NULL;
    assert_int_equal(sup_status_new(&s), SUP_OK);
    size_t n = 0;
    for (sup_id id = 1; id <= nlic; id++) {
        assert_int_equal(sup_ledger_license_status(l, id, on, s), SUP_OK);
        out[n].id = id;
        out[n].state = sup_status_state(s);
        out[n].until = sup_status_support_until(s);
        out[n].pref = sup_status_preferential_until(s);
        n++;
    }
    sup_status_free(s);
    return n;
}

static int wanted(const struct expect *e, int which, sup_date on, sup_date last)
{
    switch (which) {
    case 0: return e->state == SUP_STATE_ACTIVE && e->until <= last;
    case 1: return e->state == SUP_STATE_GRACE;
    case 2: return e->state == SUP_STATE_LAPSED || e->state == SUP_STATE_EXPIRED;
    default: return e->state != SUP_STATE_NOT_OWNED && on > 0;
    }
}

static int listed_total[4];

static void check_list(sup_ledger *l, sup_id nlic, sup_date on, int which, int days)
{
    struct expect exp[64];
    size_t n = core_view(l, nlic, on, exp);
    sup_date last = on;
    if (which == 0)
        assert_int_equal(sup_date_add_days(on, days, &last), SUP_OK);
    sup_cursor *c = NULL;
    switch (which) {
    case 0: assert_int_equal(sup_ledger_list_expiring(l, on, days, &c), SUP_OK); break;
    case 1: assert_int_equal(sup_ledger_list_preferential(l, on, &c), SUP_OK); break;
    case 2: assert_int_equal(sup_ledger_list_lapsed(l, on, &c), SUP_OK); break;
    default: assert_int_equal(sup_ledger_list_licenses(l, 0, on, &c), SUP_OK); break;
    }
    int got[64] = {0};
    sup_date prev_until = 0;
    sup_id prev_id = 0, prev_cust = 0;
    while (sup_cursor_next(c) == 1) {
        sup_id id = sup_cursor_int64(c, SUP_LICCOL_LICENSE);
        assert_true(id >= 1 && id <= nlic);
        const struct expect *e = &exp[id - 1];
        if (!wanted(e, which, on, last))
            fail_msg("list %d on %d: license %lld (state %d, until %d) should not be listed", which, on,
                     (long long)id, e->state, e->until);
        assert_int_equal(sup_cursor_int64(c, SUP_LICCOL_STATE), e->state);
        assert_int_equal(sup_cursor_date(c, SUP_LICCOL_SUPPORT_UNTIL), e->until);
        assert_int_equal(sup_cursor_int64(c, SUP_LICCOL_PREFERENTIAL_UNTIL), e->pref);
        sup_date u = sup_cursor_date(c, SUP_LICCOL_SUPPORT_UNTIL);
        sup_id cust = sup_cursor_int64(c, SUP_LICCOL_CUSTOMER);
        if (which != 3) /* by support_until, then id */
            assert_true(u > prev_until || (u == prev_until && id > prev_id));
        else /* by customer, then id */
            assert_true(cust > prev_cust || (cust == prev_cust && id > prev_id));
        prev_until = u;
        prev_cust = cust;
        prev_id = id;
        got[id - 1]++;
        listed_total[which]++;
    }
    sup_cursor_free(c);
    for (size_t i = 0; i < n; i++)
        if (got[i] != wanted(&exp[i], which, on, last))
            fail_msg("list %d on %d: license %lld listed %d times, the core says %d", which, on,
                     (long long)exp[i].id, got[i], wanted(&exp[i], which, on, last));
}

static void the_lists_agree_with_the_core_on_every_date_also_before_later_events(void **state)
{
    (void)state;
    sup_ledger *l = NULL;
    assert_int_equal(sup_ledger_open(mem_target(), SUP_LEDGER_CREATE, &l), SUP_OK);
    sup_id p6 = add_seed_product(l, "R6");
    sup_id p12 = 0, sub = 0;
    assert_int_equal(sup_ledger_add_product(l, ACTOR, "R12", "Twelve", SUP_LICENSE_PERPETUAL, 12, &p12), SUP_OK);
    assert_int_equal(sup_ledger_set_price(l, ACTOR, p12, 20200101, 1200000), SUP_OK);
    assert_int_equal(sup_ledger_add_product(l, ACTOR, "SUB", "Monthly", SUP_LICENSE_SUBSCRIPTION_MONTHLY, 0, &sub),
                     SUP_OK);
    assert_int_equal(sup_ledger_set_price(l, ACTOR, sub, 20200101, 50000), SUP_OK);
    /* a policy change of the window in the middle: 2 months of grace from 2026-09-01 */
    sup_policy *pol = NULL;
    assert_int_equal(sup_policy_parse("grace_months = 2\n", &pol), SUP_OK);
    assert_int_equal(sup_ledger_add_policy(l, ACTOR, 20260901, pol, NULL), SUP_OK);
    sup_policy_free(pol);
    sup_id cust[3] = {add_customer(l, "A"), add_customer(l, "B"), add_customer(l, "C")};
    sup_id n = 0;
    char pay[32];
    int k = 0;
    /* purchases spread over 2025-2026, month ends included; some renewed (early, in grace, late) */
    static const sup_date buys[] = {20250131, 20250228, 20250315, 20250531, 20250731, 20250831, 20251031,
                                    20251130, 20251231, 20260115, 20260131, 20260228, 20260331, 20260430};
    for (size_t i = 0; i < sizeof buys / sizeof buys[0]; i++) {
        sup_id prod = (i % 3 == 0) ? p12 : (i % 3 == 1 ? p6 : sub);
        sup_id lic = sell(l, cust[i % 3], prod, buys[i]);
        n = lic;
        sup_license *core = NULL;
        assert_int_equal(sup_ledger_get_license(l, lic, &core), SUP_OK);
        sup_date u = sup_license_latest_until(core);
        sup_license_free(core);
        sup_date when;
        snprintf(pay, sizeof pay, "p-%d", k++);
        if (prod == sub) {
            if (i % 2 == 0) {
                assert_int_equal(sup_date_add_days(u, -3, &when), SUP_OK);
                sup_quote *q = NULL;
                assert_int_equal(sup_quote_new(&q), SUP_OK);
                assert_int_equal(sup_ledger_quote_payment(l, lic, when, q), SUP_OK);
                assert_int_equal(sup_ledger_pay(l, ACTOR, pay, lic, when, sup_quote_fee(q), NULL), SUP_OK);
                sup_quote_free(q);
            }
            continue;
        }
        switch (i % 4) {
        case 0: assert_int_equal(sup_date_add_days(u, -10, &when), SUP_OK); break; /* early */
        case 1: assert_int_equal(sup_date_add_days(u, 20, &when), SUP_OK); break;  /* in the window */
        case 2: assert_int_equal(sup_date_add_days(u, 90, &when), SUP_OK); break;  /* standard */
        default: continue;                                                         /* never renewed */
        }
        sup_quote_free(renew(l, lic, when, pay));
    }
    assert_true(n <= 64);
    for (sup_date d = 20250101; d <= 20280101; d = (d % 10000 == 1201) ? d + 10000 - 1100 : d + 100) {
        for (int day = 0; day < 3; day++) {
            sup_date on;
            assert_int_equal(sup_date_add_days(d, day * 13, &on), SUP_OK);
            check_list(l, n, on, 0, 30);
            check_list(l, n, on, 0, 0);
            check_list(l, n, on, 1, 0);
            check_list(l, n, on, 2, 0);
            check_list(l, n, on, 3, 0);
        }
    }
    for (int w = 0; w < 4; w++) /* every list had rows on some dates */
        assert_true(listed_total[w] > 10);
    /* bad input */
    sup_cursor *c = (sup_cursor *)l;
    assert_int_equal(sup_ledger_list_expiring(l, 20260101, -1, &c), SUP_ERANGE);
    assert_null(c);
    assert_int_equal(sup_ledger_list_expiring(l, 20260229, 30, &c), SUP_EDATE);
    assert_int_equal(sup_ledger_list_preferential(l, 0, &c), SUP_EDATE);
    assert_int_equal(sup_ledger_list_lapsed(l, 100000000, &c), SUP_EDATE);
    assert_int_equal(sup_ledger_list_licenses(l, -1, 20260101, &c), SUP_ENOTFOUND);
    assert_int_equal(sup_ledger_list_licenses(l, 99, 20260101, &c), SUP_ENOTFOUND);
    assert_int_equal(sup_ledger_list_licenses(l, 0, 20260101, NULL), SUP_EINVAL);
    assert_int_equal(sup_ledger_list_expiring(NULL, 20260101, 1, &c), SUP_EINVAL);
    /* the end of the calendar */
    assert_int_equal(sup_ledger_list_expiring(l, 99991201, 1000000, &c), SUP_OK);
    assert_int_equal(count_rows(c), 0);
    /* one customer's licenses */
    assert_int_equal(sup_ledger_list_licenses(l, cust[1], 20260601, &c), SUP_OK);
    while (sup_cursor_next(c) == 1) {
        assert_int_equal(sup_cursor_int64(c, SUP_LICCOL_CUSTOMER), cust[1]);
        assert_string_equal(sup_cursor_text(c, SUP_LICCOL_CUSTOMER_CODE), "B");
        assert_string_equal(sup_cursor_text(c, SUP_LICCOL_CUSTOMER_NAME), "B");
    }
    sup_cursor_free(c);
    sup_ledger_close(l);
}

/* ---- releases and notifications ------------------------------------------------------------------ */

static void releases_are_downloadable_up_to_the_support_end(void **state)
{
    (void)state;
    sup_ledger *l = NULL;
    assert_int_equal(sup_ledger_open(mem_target(), SUP_LEDGER_CREATE, &l), SUP_OK);
    sup_id p = add_seed_product(l, "R1");
    sup_id other = add_seed_product(l, "R2");
    sup_id lic = sell(l, add_customer(l, "C1"), p, 20260131); /* until 2026-07-31 */
    sup_id r1 = 0, r2 = 0, r3 = 0, r4 = 0;
    assert_int_equal(sup_ledger_add_release(l, ACTOR, p, "1.0", 20260301, NULL, &r1), SUP_OK);
    assert_int_equal(sup_ledger_add_release(l, ACTOR, p, "1.1", 20260731, "fixes", &r2), SUP_OK);
    assert_int_equal(sup_ledger_add_release(l, ACTOR, p, "2.0", 20261001,
                                            "совместимость с новой конфигурацией 1С\nи ещё строка", &r3),
                     SUP_OK);
    assert_int_equal(sup_ledger_add_release(l, ACTOR, other, "1.0", 20260301, NULL, &r4), SUP_OK);
    /* duplicates and bad input change nothing */
    int audits = audit_count(l);
    assert_int_equal(sup_ledger_add_release(l, ACTOR, p, "1.0", 20260401, NULL, NULL), SUP_ECONFLICT);
    assert_int_equal(sup_ledger_add_release(l, ACTOR, 42, "9", 20260401, NULL, NULL), SUP_ENOTFOUND);
    assert_int_equal(sup_ledger_add_release(l, ACTOR, p, "", 20260401, NULL, NULL), SUP_EINVAL);
    assert_int_equal(sup_ledger_add_release(l, ACTOR, p, "3", 20260431, NULL, NULL), SUP_EDATE);
    assert_int_equal(sup_ledger_add_release(l, ACTOR, p, "3", 20260401, "bad\x01note", NULL), SUP_EINVAL);
    assert_int_equal(audit_count(l), audits);

    sup_cursor *c = NULL;
    assert_int_equal(sup_ledger_list_releases(l, lic, 20261231, &c), SUP_OK);
    assert_int_equal(sup_cursor_next(c), 1);
    assert_int_equal(sup_cursor_int64(c, SUP_RELCOL_RELEASE), r1);
    assert_true(sup_cursor_is_null(c, SUP_RELCOL_NOTE));
    assert_null(sup_cursor_text(c, SUP_RELCOL_NOTE));
    assert_int_equal(sup_cursor_int64(c, SUP_RELCOL_ALLOWED), 1);
    assert_int_equal(sup_cursor_next(c), 1);
    assert_int_equal(sup_cursor_int64(c, SUP_RELCOL_RELEASE), r2);
    assert_string_equal(sup_cursor_text(c, SUP_RELCOL_NOTE), "fixes");
    assert_int_equal(sup_cursor_int64(c, SUP_RELCOL_ALLOWED), 1); /* released on the last day */
    assert_int_equal(sup_cursor_next(c), 1);
    assert_int_equal(sup_cursor_int64(c, SUP_RELCOL_RELEASE), r3);
    assert_string_equal(sup_cursor_text(c, SUP_RELCOL_VERSION), "2.0");
    assert_int_equal(sup_cursor_int64(c, SUP_RELCOL_ALLOWED), 0); /* needs a renewal */
    assert_int_equal(sup_cursor_next(c), 0);
    sup_cursor_free(c);
    assert_int_equal(sup_ledger_list_downloads(l, lic, 20261231, &c), SUP_OK);
    assert_int_equal(count_rows(c), 2);
    assert_int_equal(sup_ledger_list_releases(l, lic, 20260630, &c), SUP_OK);
    assert_int_equal(count_rows(c), 1); /* 1.1 is not out yet */
    /* a standard renewal opens the gap */
    sup_quote_free(renew(l, lic, 20261215, "pay-1"));
    assert_int_equal(sup_ledger_list_downloads(l, lic, 20261231, &c), SUP_OK);
    assert_int_equal(count_rows(c), 3);
    assert_int_equal(sup_ledger_list_downloads(l, lic, 20261214, &c), SUP_OK); /* before the renewal */
    assert_int_equal(count_rows(c), 2);
    assert_int_equal(sup_ledger_list_downloads(l, 99, 20261231, &c), SUP_ENOTFOUND);
    assert_int_equal(sup_ledger_list_releases(l, lic, 20261232, &c), SUP_EDATE);
    assert_null(c);
    (void)r4;
    sup_ledger_close(l);
}

static void customers_with_active_support_on_the_release_date_are_notified_once(void **state)
{
    (void)state;
    sup_ledger *l = NULL;
    assert_int_equal(sup_ledger_open(mem_target(), SUP_LEDGER_CREATE, &l), SUP_OK);
    sup_id p = add_seed_product(l, "R1");
    sup_id q = add_seed_product(l, "R2");
    sup_id a = add_customer(l, "A"), b = add_customer(l, "B"), c = add_customer(l, "C"), d = add_customer(l, "D");
    sup_id a1 = sell(l, a, p, 20260101);
    sell(l, a, p, 20260201);              /* A twice: one row */
    sup_id b1 = sell(l, b, p, 20250101);  /* lapsed by the release */
    sell(l, c, q, 20260101);              /* another product */
    sup_id d1 = sell(l, d, p, 20260601);  /* bought after the release */
    sup_quote_free(renew(l, b1, 20260501, "b-late")); /* standard on 2026-05-01: active again on the release */
    sup_id rel = 0;
    assert_int_equal(sup_ledger_add_release(l, ACTOR, p, "2.0", 20260515, NULL, &rel), SUP_OK);
    sup_cursor *cur = NULL;
    assert_int_equal(sup_ledger_list_notify(l, rel, &cur), SUP_OK);
    assert_int_equal(sup_cursor_next(cur), 1);
    assert_int_equal(sup_cursor_int64(cur, SUP_NOTCOL_CUSTOMER), a);
    assert_string_equal(sup_cursor_text(cur, SUP_NOTCOL_CODE), "A");
    assert_int_equal(sup_cursor_int64(cur, SUP_NOTCOL_LICENSE), a1);
    assert_int_equal(sup_cursor_int64(cur, SUP_NOTCOL_LICENSES), 2);
    assert_int_equal(sup_cursor_date(cur, SUP_NOTCOL_SUPPORT_UNTIL), 20260701);
    assert_int_equal(sup_cursor_next(cur), 1);
    assert_int_equal(sup_cursor_int64(cur, SUP_NOTCOL_CUSTOMER), b);
    assert_int_equal(sup_cursor_next(cur), 0);
    sup_cursor_free(cur);
    assert_int_equal(sup_ledger_list_notify(l, 99, &cur), SUP_ENOTFOUND);
    assert_int_equal(sup_ledger_list_notify(l, 0, &cur), SUP_ENOTFOUND);
    (void)d1;
    sup_ledger_close(l);
}

/* ---- payments, audit, batches, cursors ------------------------------------------------------------- */

static void payments_in_a_date_range_include_both_ends(void **state)
{
    (void)state;
    sup_ledger *l = NULL;
    assert_int_equal(sup_ledger_open(mem_target(), SUP_LEDGER_CREATE, &l), SUP_OK);
    sup_id p = add_seed_product(l, "R1");
    sup_id c = add_customer(l, "C1");
    sup_id x = sell(l, c, p, 20260101);
    sup_id y = sell(l, c, p, 20260131);
    sup_quote_free(renew(l, x, 20260701, "x-1"));
    sup_cursor *cur = NULL;
    assert_int_equal(sup_ledger_list_payments(l, 20260101, 20260131, &cur), SUP_OK);
    assert_int_equal(count_rows(cur), 2);
    assert_int_equal(sup_ledger_list_payments(l, 20260102, 20260701, &cur), SUP_OK);
    assert_int_equal(sup_cursor_next(cur), 1);
    assert_int_equal(sup_cursor_int64(cur, SUP_PAYCOL_LICENSE), y);
    assert_int_equal(sup_cursor_next(cur), 1);
    assert_int_equal(sup_cursor_int64(cur, SUP_PAYCOL_LICENSE), x);
    assert_int_equal(sup_cursor_int64(cur, SUP_PAYCOL_AMOUNT), 199800);
    assert_int_equal(sup_cursor_next(cur), 0);
    sup_cursor_free(cur);
    assert_int_equal(sup_ledger_list_payments(l, 20260702, 20261231, &cur), SUP_OK);
    assert_int_equal(count_rows(cur), 0);
    assert_int_equal(sup_ledger_list_payments(l, 20260201, 20260101, &cur), SUP_EDATE);
    assert_int_equal(sup_ledger_list_payments(l, 20260100, 20260101, &cur), SUP_EDATE);
    assert_int_equal(sup_ledger_list_events(l, 77, &cur), SUP_ENOTFOUND);
    sup_ledger_close(l);
}

static void every_change_appends_one_audit_event_with_its_actor(void **state)
{
    (void)state;
    sup_ledger *l = NULL;
    assert_int_equal(sup_ledger_open(mem_target(), SUP_LEDGER_CREATE, &l), SUP_OK);
    assert_int_equal(audit_count(l), 1); /* create_ledger */
    sup_id p = 0, c = 0, lic = 0;
    assert_int_equal(sup_ledger_add_product(l, "alice", "R1", "Report", SUP_LICENSE_PERPETUAL, 6, &p), SUP_OK);
    assert_int_equal(sup_ledger_set_price(l, "bob", p, 20200101, 799000), SUP_OK);
    assert_int_equal(sup_ledger_add_customer(l, "carol", "C1", "Customer", &c), SUP_OK);
    assert_int_equal(sup_ledger_sell(l, "web:order-1", "order-1", c, p, 20260131, 799000, &lic), SUP_OK);
    assert_int_equal(sup_ledger_renew(l, "manager 2026-07-01T10:00", "pay-1", lic, 20260701, 199800, NULL), SUP_OK);
    static const char *const actions[] = {"create_ledger", "add_product", "set_price", "add_customer", "sell",
                                          "renew"};
    static const char *const actors[] = {"libsupport", "alice", "bob", "carol", "web:order-1",
                                         "manager 2026-07-01T10:00"};
    sup_cursor *cur = NULL;
    assert_int_equal(sup_ledger_list_audit(l, 0, &cur), SUP_OK);
    assert_int_equal(sup_cursor_column_count(cur), 9);
    sup_id prev = 0;
    for (int i = 0; i < 6; i++) {
        assert_int_equal(sup_cursor_next(cur), 1);
        assert_true(sup_cursor_int64(cur, SUP_AUDCOL_EVENT) > prev);
        prev = sup_cursor_int64(cur, SUP_AUDCOL_EVENT);
        assert_string_equal(sup_cursor_text(cur, SUP_AUDCOL_ACTION), actions[i]);
        assert_string_equal(sup_cursor_text(cur, SUP_AUDCOL_ACTOR), actors[i]);
    }
    assert_int_equal(sup_cursor_int64(cur, SUP_AUDCOL_LICENSE), lic);
    assert_int_equal(sup_cursor_int64(cur, SUP_AUDCOL_CUSTOMER), c);
    assert_int_equal(sup_cursor_int64(cur, SUP_AUDCOL_PRODUCT), p);
    assert_int_equal(sup_cursor_date(cur, SUP_AUDCOL_ON), 20260701);
    assert_non_null(strstr(sup_cursor_text(cur, SUP_AUDCOL_DETAIL), "payment_id=pay-1"));
    assert_non_null(strstr(sup_cursor_text(cur, SUP_AUDCOL_DETAIL), "fee=1998.00"));
    assert_int_equal(sup_cursor_next(cur), 0);
    sup_cursor_free(cur);
    assert_int_equal(sup_ledger_list_audit(l, prev - 1, &cur), SUP_OK);
    assert_int_equal(count_rows(cur), 1);
    sup_ledger_close(l);
}

static void stored_history_cannot_be_rewritten_behind_the_api(void **state)
{
    (void)state;
    tmp_ledger t;
    tmp_init(&t);
    sup_ledger *l = open_new(&t);
    sup_id p = add_seed_product(l, "R1");
    sup_id lic = sell(l, add_customer(l, "C1"), p, 20260131);
    sup_quote_free(renew(l, lic, 20260701, "pay-1"));
    sup_ledger_close(l);
    assert_int_not_equal(raw_exec(t.path, "UPDATE license_event SET amount = 1"), SQLITE_OK);
    assert_int_not_equal(raw_exec(t.path, "DELETE FROM license_event"), SQLITE_OK);
    assert_int_not_equal(raw_exec(t.path, "DELETE FROM audit"), SQLITE_OK);
    assert_int_not_equal(raw_exec(t.path, "UPDATE price SET amount = 1"), SQLITE_OK);
    assert_int_not_equal(raw_exec(t.path, "DELETE FROM policy_version"), SQLITE_OK);
    assert_int_not_equal(raw_exec(t.path, "DELETE FROM customer"), SQLITE_OK);
    assert_int_not_equal(raw_exec(t.path, "UPDATE product SET kind = 1"), SQLITE_OK);
    assert_int_equal(raw_int(t.path, "SELECT sum(amount) FROM license_event"), 799000 + 199800);
    tmp_cleanup(&t);
}

static void a_batch_commits_together_and_a_failing_call_inside_is_undone_alone(void **state)
{
    (void)state;
    tmp_ledger t;
    tmp_init(&t);
    sup_ledger *l = open_new(&t);
    sup_id p = add_seed_product(l, "R1");
    sup_id c = add_customer(l, "C1");
    int audits = audit_count(l);
    assert_int_equal(sup_ledger_commit(l), SUP_ESTATE);
    assert_int_equal(sup_ledger_rollback(l), SUP_ESTATE);
    assert_int_equal(sup_ledger_begin(l), SUP_OK);
    assert_int_equal(sup_ledger_begin(l), SUP_ESTATE);
    sup_id a = sell(l, c, p, 20260101);
    assert_int_equal(sup_ledger_sell(l, ACTOR, NULL, c, p, 20260101, 1, NULL), SUP_EMISMATCH); /* undone alone */
    assert_int_equal(sup_ledger_add_customer(l, ACTOR, "C1", "dup", NULL), SUP_ECONFLICT);
    sup_quote_free(renew(l, a, 20260601, "pay-a"));
    /* another handle sees nothing yet */
    sup_ledger *other = NULL;
    assert_int_equal(sup_ledger_open(t.path, SUP_LEDGER_READONLY, &other), SUP_OK);
    assert_int_equal(audit_count(other), audits);
    assert_int_equal(sup_ledger_commit(l), SUP_OK);
    assert_int_equal(audit_count(other), audits + 2);
    /* rolled back: as if never done, the policy cache included */
    assert_int_equal(sup_ledger_begin(l), SUP_OK);
    sup_policy *pol = NULL;
    assert_int_equal(sup_policy_parse("preferential_rate_bp = 1000\n", &pol), SUP_OK);
    assert_int_equal(sup_ledger_add_policy(l, ACTOR, 20260101, pol, NULL), SUP_OK);
    sup_policy *got = NULL;
    assert_int_equal(sup_ledger_get_policy(l, 20260601, NULL, &got), SUP_OK);
    assert_int_equal(sup_policy_preferential_rate(got), 1000);
    sup_policy_free(got);
    sell(l, c, p, 20260201);
    assert_int_equal(sup_ledger_rollback(l), SUP_OK);
    assert_int_equal(sup_ledger_get_policy(l, 20260601, NULL, &got), SUP_OK);
    assert_int_equal(sup_policy_preferential_rate(got), 2500);
    sup_policy_free(got);
    sup_policy *def = NULL;
    assert_int_equal(sup_policy_new(&def), SUP_OK);
    assert_int_equal(sup_ledger_add_policy(l, ACTOR, 20270101, def, NULL), SUP_OK); /* takes the freed id */
    assert_int_equal(sup_ledger_get_policy(l, 20270101, NULL, &got), SUP_OK);
    assert_int_equal(sup_policy_preferential_rate(got), 2500);
    sup_policy_free(got);
    sup_policy_free(def);
    sup_policy_free(pol);
    assert_int_equal(audit_count(other), audits + 3);
    /* a batch left open is rolled back at close */
    assert_int_equal(sup_ledger_begin(l), SUP_OK);
    sell(l, c, p, 20260301);
    sup_ledger_close(l);
    assert_int_equal(audit_count(other), audits + 3);
    sup_ledger_close(other);
    tmp_cleanup(&t);
}

static sup_date support_until(sup_ledger *l, sup_id lic, sup_date on)
{
    sup_status *s = NULL;
    assert_int_equal(sup_status_new(&s), SUP_OK);
    assert_int_equal(sup_ledger_license_status(l, lic, on, s), SUP_OK);
    sup_date until = sup_status_support_until(s);
    sup_status_free(s);
    return until;
}

static void a_snapshot_reads_one_state_while_another_handle_changes_the_ledger(void **state)
{
    (void)state;
    tmp_ledger t;
    tmp_init(&t);
    sup_ledger *l = open_new(&t);
    sup_id p = add_seed_product(l, "R1");
    sup_id lic = sell(l, add_customer(l, "C1"), p, 20260115);
    sup_ledger *other = NULL;
    assert_int_equal(sup_ledger_open(t.path, 0, &other), SUP_OK);
    assert_int_equal(sup_ledger_in_snapshot(l), 0);
    int audits = audit_count(l);
    assert_int_equal(sup_ledger_snapshot_begin(l), SUP_OK);
    assert_int_equal(sup_ledger_in_snapshot(l), 1);
    /* the other handle renews and adds a customer: not seen inside the snapshot, which is the ledger as it
     * was when it began (not at its first read) */
    sup_quote_free(renew(other, lic, 20260701, "pay-1"));
    add_customer(other, "C2");
    assert_int_equal(support_until(l, lic, 20260701), 20260715);
    assert_int_equal(audit_count(l), audits);
    sup_offer *offer = NULL;
    assert_int_equal(sup_offer_new(&offer), SUP_OK);
    assert_int_equal(sup_ledger_offer(l, lic, 20260701, offer), SUP_OK); /* still the offer before the renewal */
    assert_int_equal(sup_offer_kind_of(offer), SUP_OFFER_RENEWAL);
    assert_int_equal(sup_quote_new_support_until(sup_offer_quote(offer)), 20270715);
    sup_offer_free(offer);
    assert_int_equal(sup_ledger_snapshot_end(l), SUP_OK);
    assert_int_equal(sup_ledger_in_snapshot(l), 0);
    /* after it: the ledger as it is */
    assert_int_equal(support_until(l, lic, 20260701), 20270715);
    assert_int_equal(audit_count(l), audits + 2);
    sup_ledger_close(other);
    sup_ledger_close(l);
    tmp_cleanup(&t);
}

static void changes_inside_a_snapshot_are_refused_and_change_nothing(void **state)
{
    (void)state;
    tmp_ledger t;
    tmp_init(&t);
    sup_ledger *l = open_new(&t);
    sup_id p = add_seed_product(l, "R1");
    sup_id c = add_customer(l, "C1");
    int audits = audit_count(l);
    assert_int_equal(sup_ledger_snapshot_begin(l), SUP_OK);
    assert_int_equal(sup_ledger_add_customer(l, ACTOR, "C2", "x", NULL), SUP_ESTATE);
    assert_non_null(strstr(sup_error_message(), "a snapshot is open on this handle"));
    assert_int_equal(sup_ledger_sell(l, ACTOR, NULL, c, p, 20260101, 799000, NULL), SUP_ESTATE);
    assert_int_equal(sup_ledger_begin(l), SUP_ESTATE);
    assert_non_null(strstr(sup_error_message(), "sup_ledger_begin: a snapshot is open"));
    assert_int_equal(sup_ledger_snapshot_begin(l), SUP_ESTATE);
    assert_non_null(strstr(sup_error_message(), "already open"));
    assert_int_equal(audit_count(l), audits); /* reads work */
    assert_int_equal(sup_ledger_snapshot_end(l), SUP_OK);
    assert_int_equal(sup_ledger_snapshot_end(l), SUP_ESTATE);
    assert_non_null(strstr(sup_error_message(), "no snapshot is open"));
    assert_int_equal(audit_count(l), audits);
    /* after it changes work; a batch and a snapshot exclude each other */
    add_customer(l, "C2");
    assert_int_equal(sup_ledger_begin(l), SUP_OK);
    assert_int_equal(sup_ledger_snapshot_begin(l), SUP_ESTATE);
    assert_non_null(strstr(sup_error_message(), "a batch is open"));
    assert_int_equal(sup_ledger_commit(l), SUP_OK);
    assert_int_equal(audit_count(l), audits + 1);
    /* bad arguments */
    assert_int_equal(sup_ledger_snapshot_begin(NULL), SUP_EINVAL);
    assert_int_equal(sup_ledger_snapshot_end(NULL), SUP_EINVAL);
    assert_int_equal(sup_ledger_in_snapshot(NULL), 0);
    /* a snapshot left open ends with the handle: another handle writes; a cursor made in it and read after
     * the end reads the ledger as it is then */
    assert_int_equal(sup_ledger_snapshot_begin(l), SUP_OK);
    sup_cursor *cur = NULL;
    assert_int_equal(sup_ledger_list_audit(l, 0, &cur), SUP_OK);
    sup_ledger_close(l);
    assert_int_equal(sup_ledger_snapshot_begin(l), SUP_ESTATE); /* closed */
    sup_ledger *other = NULL;
    assert_int_equal(sup_ledger_open(t.path, 0, &other), SUP_OK);
    add_customer(other, "C3");
    assert_int_equal(count_rows(cur), audits + 2);
    assert_int_equal(audit_count(other), audits + 2);
    sup_ledger_close(other);
    tmp_cleanup(&t);
}

static void a_locked_ledger_is_busy_after_the_timeout_and_nothing_changes(void **state)
{
    (void)state;
    tmp_ledger t;
    tmp_init(&t);
    sup_ledger *a = open_new(&t);
    sup_ledger *b = NULL;
    assert_int_equal(sup_ledger_open(t.path, 0, &b), SUP_OK);
    assert_int_equal(sup_ledger_set_busy_timeout(b, -1), SUP_ERANGE);
    assert_int_equal(sup_ledger_set_busy_timeout(b, 50), SUP_OK);
    assert_int_equal(sup_ledger_begin(a), SUP_OK);
    add_customer(a, "C1");
    /* the same code: SQLite has one writer at a time, PostgreSQL waits for the other's unique key */
    assert_int_equal(sup_ledger_add_customer(b, ACTOR, "C1", "x", NULL), SUP_EBUSY);
    assert_non_null(strstr(sup_error_message(), "locked"));
    int audits = audit_count(b); /* readers are not blocked */
    assert_int_equal(sup_ledger_commit(a), SUP_OK);
    assert_int_equal(audit_count(b), audits + 1);
    assert_int_equal(sup_ledger_add_customer(b, ACTOR, "C1", "x", NULL), SUP_ECONFLICT);
    assert_int_equal(sup_ledger_add_customer(b, ACTOR, "C2", "x", NULL), SUP_OK);
    sup_ledger_close(a);
    sup_ledger_close(b);
    tmp_cleanup(&t);
}

static void cursors_describe_their_columns_and_outlive_their_ledger(void **state)
{
    (void)state;
    sup_ledger *l = NULL;
    assert_int_equal(sup_ledger_open(mem_target(), SUP_LEDGER_CREATE, &l), SUP_OK);
    sup_id p = add_seed_product(l, "R1");
    sup_id c = add_customer(l, "C1");
    for (int i = 0; i < 5; i++)
        sell(l, c, p, 20260101);
    sup_cursor *cur = NULL;
    assert_int_equal(sup_ledger_list_licenses(l, 0, 20260301, &cur), SUP_OK);
    assert_int_equal(sup_cursor_column_count(cur), 11);
    static const char *const names[] = {"license",       "customer",           "product",       "kind",
                                        "purchased",     "state",              "support_until", "preferential_until",
                                        "customer_code", "customer_name",      "product_code"};
    static const sup_column_type types[] = {SUP_COLUMN_ID,    SUP_COLUMN_ID,    SUP_COLUMN_ID,
                                            SUP_COLUMN_LICENSE_KIND, SUP_COLUMN_DATE, SUP_COLUMN_STATE,
                                            SUP_COLUMN_DATE,  SUP_COLUMN_DATE,  SUP_COLUMN_TEXT,
                                            SUP_COLUMN_TEXT,  SUP_COLUMN_TEXT};
    for (int i = 0; i < 11; i++) {
        assert_string_equal(sup_cursor_column_name(cur, i), names[i]);
        assert_int_equal(sup_cursor_column_type(cur, i), types[i]);
        assert_int_equal(sup_cursor_column_index(cur, names[i]), i);
    }
    assert_null(sup_cursor_column_name(cur, 11));
    assert_null(sup_cursor_column_name(cur, -1));
    assert_int_equal(sup_cursor_column_index(cur, "nope"), -1);
    assert_int_equal(sup_cursor_column_index(cur, NULL), -1);
    /* before the first row: nothing to read */
    assert_int_equal(sup_cursor_int64(cur, 0), 0);
    assert_null(sup_cursor_text(cur, SUP_LICCOL_CUSTOMER_CODE));
    assert_true(sup_cursor_is_null(cur, 0));
    assert_int_equal(sup_cursor_next(cur), 1);
    sup_ledger_close(l); /* the cursor keeps the connection */
    assert_int_equal(sup_cursor_int64(cur, SUP_LICCOL_LICENSE), 1);
    assert_int_equal(sup_cursor_int64(cur, SUP_LICCOL_CUSTOMER_CODE), 0); /* text read as a number */
    assert_null(sup_cursor_text(cur, SUP_LICCOL_LICENSE));                /* a number read as text */
    assert_int_equal(sup_cursor_date(cur, SUP_LICCOL_LICENSE), SUP_DATE_NONE);
    assert_int_equal(sup_cursor_date(cur, SUP_LICCOL_PURCHASED), 20260101);
    assert_string_equal(sup_cursor_text(cur, SUP_LICCOL_PRODUCT_CODE), "R1");
    assert_int_equal(sup_cursor_int64(cur, 99), 0);
    int rows = 1;
    while (sup_cursor_next(cur) == 1)
        rows++;
    assert_int_equal(rows, 5);
    assert_int_equal(sup_cursor_next(cur), 0);
    assert_int_equal(sup_cursor_next(cur), 0);
    assert_int_equal(sup_cursor_next(NULL), SUP_EINVAL);
    assert_int_equal(sup_cursor_column_count(NULL), 0);
    sup_cursor_free(cur);
    sup_cursor_free(NULL);
}

static void changes_while_a_cursor_is_open_on_the_same_handle_work(void **state)
{
    (void)state;
    tmp_ledger t;
    tmp_init(&t);
    sup_ledger *l = open_new(&t);
    sup_id p = add_seed_product(l, "R1");
    sup_id c = add_customer(l, "C1");
    for (int i = 0; i < 6; i++)
        sell(l, c, p, 20260131);
    /* renew everyone in the window, while reading the window */
    sup_cursor *cur = NULL;
    assert_int_equal(sup_ledger_list_preferential(l, 20260815, &cur), SUP_OK);
    int n = 0, rc;
    while ((rc = sup_cursor_next(cur)) == 1) {
        char pay[32];
        snprintf(pay, sizeof pay, "w-%d", n++);
        sup_quote_free(renew(l, sup_cursor_int64(cur, SUP_LICCOL_LICENSE), 20260815, pay));
    }
    assert_int_equal(rc, 0);
    sup_cursor_free(cur);
    assert_int_equal(n, 6);
    assert_int_equal(sup_ledger_list_preferential(l, 20260815, &cur), SUP_OK);
    assert_int_equal(count_rows(cur), 0);
    sup_ledger_close(l);
    assert_int_equal(sup_ledger_open(t.path, SUP_LEDGER_READONLY, &l), SUP_OK);
    assert_int_equal(sup_ledger_list_payments(l, 20260815, 20260815, &cur), SUP_OK);
    assert_int_equal(count_rows(cur), 6);
    sup_ledger_close(l);
    tmp_cleanup(&t);
}

static void unknown_ids_are_not_found_everywhere(void **state)
{
    (void)state;
    sup_ledger *l = NULL;
    assert_int_equal(sup_ledger_open(mem_target(), SUP_LEDGER_CREATE, &l), SUP_OK);
    sup_status *s = NULL;
    sup_quote *q = NULL;
    sup_license *lic = NULL;
    assert_int_equal(sup_status_new(&s), SUP_OK);
    assert_int_equal(sup_quote_new(&q), SUP_OK);
    static const sup_id bad[] = {0, -1, 1, 123456789, INT64_MAX, INT64_MIN};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        sup_id id = bad[i];
        sup_cursor *c = NULL;
        assert_int_equal(sup_ledger_license_status(l, id, 20260101, s), SUP_ENOTFOUND);
        assert_int_equal(sup_ledger_quote_renewal(l, id, 20260101, q), SUP_ENOTFOUND);
        assert_int_equal(sup_ledger_quote_payment(l, id, 20260101, q), SUP_ENOTFOUND);
        assert_int_equal(sup_ledger_renew(l, ACTOR, "x", id, 20260101, 0, q), SUP_ENOTFOUND);
        assert_int_equal(sup_ledger_pay(l, ACTOR, "x", id, 20260101, 0, q), SUP_ENOTFOUND);
        assert_int_equal(sup_ledger_get_license(l, id, &lic), SUP_ENOTFOUND);
        assert_null(lic);
        assert_int_equal(sup_ledger_license_parties(l, id, NULL, NULL), SUP_ENOTFOUND);
        assert_int_equal(sup_ledger_record_period(l, ACTOR, id, 20260101, 20260101), SUP_ENOTFOUND);
        assert_int_equal(sup_ledger_sell(l, ACTOR, NULL, id, id, 20260101, 0, NULL), SUP_ENOTFOUND);
        assert_int_equal(sup_ledger_update_customer(l, ACTOR, id, "x"), SUP_ENOTFOUND);
        assert_int_equal(sup_ledger_update_product(l, ACTOR, id, "x", -1), SUP_ENOTFOUND);
        assert_int_equal(sup_ledger_add_release(l, ACTOR, id, "1", 20260101, NULL, NULL), SUP_ENOTFOUND);
        assert_int_equal(sup_ledger_list_releases(l, id, 20260101, &c), SUP_ENOTFOUND);
        assert_int_equal(sup_ledger_list_notify(l, id, &c), SUP_ENOTFOUND);
        assert_int_equal(sup_ledger_list_events(l, id, &c), SUP_ENOTFOUND);
        assert_null(c);
    }
    assert_int_equal(audit_count(l), 1);
    sup_status_free(s);
    sup_quote_free(q);
    sup_ledger_close(l);
}

static void a_ledger_reopened_many_times_keeps_everything_and_checks_clean(void **state)
{
    (void)state;
    tmp_ledger t;
    tmp_init(&t);
    sup_ledger *l = open_new(&t);
    sup_id p = add_seed_product(l, "R1");
    sup_id c = add_customer(l, "C1");
    sup_id lic = sell(l, c, p, 20200115);
    sup_ledger_close(l);
    sup_date on = 20200701;
    for (int i = 0; i < 5; i++) {
        assert_int_equal(sup_ledger_open(t.path, 0, &l), SUP_OK);
        char pay[16];
        snprintf(pay, sizeof pay, "pay-%d", i);
        sup_quote_free(renew(l, lic, on, pay));
        on += 10000;
        assert_int_equal(sup_ledger_check(l), SUP_OK);
        sup_ledger_close(l);
    }
    assert_int_equal(sup_ledger_open(t.path, SUP_LEDGER_READONLY, &l), SUP_OK);
    sup_license *core = NULL;
    assert_int_equal(sup_ledger_get_license(l, lic, &core), SUP_OK);
    assert_int_equal(sup_license_event_count(core), 6);
    assert_int_equal(sup_license_latest_until(core), 20250715);
    sup_license_free(core);
    sup_ledger_close(l);
    tmp_cleanup(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_new_ledger_holds_the_default_policy_from_1900),
        cmocka_unit_test(opening_a_missing_file_without_create_is_not_found),
        cmocka_unit_test(bad_open_arguments_are_refused),
        cmocka_unit_test(an_in_memory_ledger_works),
        cmocka_unit_test(a_text_file_is_not_a_ledger_and_stays_unchanged),
        cmocka_unit_test(another_sqlite_database_is_not_a_ledger_and_stays_unchanged),
        cmocka_unit_test(an_empty_file_becomes_a_ledger_only_with_create),
        cmocka_unit_test(a_ledger_of_a_newer_schema_is_a_version_error_and_stays_unchanged),
        cmocka_unit_test(a_read_only_handle_refuses_every_change),
        cmocka_unit_test(a_read_only_file_is_a_read_only_error_and_stays_unchanged),
        cmocka_unit_test(products_and_prices_round_trip_through_the_file),
        cmocka_unit_test(a_product_added_without_a_term_gets_the_latest_policys_default),
        cmocka_unit_test(text_is_refused_at_entry_exactly_when_a_notice_would_refuse_it),
        cmocka_unit_test(bad_product_input_is_refused_and_changes_nothing),
        cmocka_unit_test(names_with_quotes_sql_and_unicode_are_stored_verbatim),
        cmocka_unit_test(bad_customer_input_is_refused_and_changes_nothing),
        cmocka_unit_test(the_seed_example_sells_quotes_and_renews),
        cmocka_unit_test(a_standard_renewal_after_the_window_costs_45_percent_from_its_date),
        cmocka_unit_test(a_fee_that_does_not_match_the_quote_is_refused_and_changes_nothing),
        cmocka_unit_test(replaying_a_payment_returns_the_first_result_and_changes_nothing),
        cmocka_unit_test(renewals_out_of_order_or_of_the_wrong_kind_are_refused),
        cmocka_unit_test(a_sale_must_pay_the_list_price_of_its_date),
        cmocka_unit_test(policy_versions_price_each_renewal_by_its_date_and_are_recorded),
        cmocka_unit_test(subscriptions_are_paid_period_by_period),
        cmocka_unit_test(a_ledger_with_drifted_periods_keeps_them_and_new_payments_keep_the_billing_day),
        cmocka_unit_test(a_period_recorded_as_is_imports_history),
        cmocka_unit_test(the_lists_agree_with_the_core_on_every_date_also_before_later_events),
        cmocka_unit_test(releases_are_downloadable_up_to_the_support_end),
        cmocka_unit_test(customers_with_active_support_on_the_release_date_are_notified_once),
        cmocka_unit_test(payments_in_a_date_range_include_both_ends),
        cmocka_unit_test(every_change_appends_one_audit_event_with_its_actor),
        cmocka_unit_test(stored_history_cannot_be_rewritten_behind_the_api),
        cmocka_unit_test(a_batch_commits_together_and_a_failing_call_inside_is_undone_alone),
        cmocka_unit_test(a_snapshot_reads_one_state_while_another_handle_changes_the_ledger),
        cmocka_unit_test(changes_inside_a_snapshot_are_refused_and_change_nothing),
        cmocka_unit_test(a_locked_ledger_is_busy_after_the_timeout_and_nothing_changes),
        cmocka_unit_test(cursors_describe_their_columns_and_outlive_their_ledger),
        cmocka_unit_test(changes_while_a_cursor_is_open_on_the_same_handle_work),
        cmocka_unit_test(unknown_ids_are_not_found_everywhere),
        cmocka_unit_test(a_ledger_reopened_many_times_keeps_everything_and_checks_clean),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
