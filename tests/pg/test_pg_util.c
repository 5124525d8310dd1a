/* The PostgreSQL test helpers (pg_test_util.h) against the throwaway cluster of the
 * ctest fixture "pg": ledger URIs, one fresh schema per test, raw SQL in that schema
 * with the SQLSTATE of failures, and the server settings the ledger tests rely on. */
#include "pg_test_util.h"

/* ---- ledger URIs (no server needed) ----------------------------------------------------- */

static void the_ledger_uri_adds_the_schema_to_the_query(void **state)
{
    (void)state;
    char out[256];
    assert_int_equal(pg_ledger_uri("postgresql://postgres@/libsupport?host=/tmp/pg&port=5432", "s1", out, sizeof out), 0);
    assert_string_equal(out, "postgresql://postgres@/libsupport?host=/tmp/pg&port=5432&schema=s1");
    assert_int_equal(pg_ledger_uri("postgresql://h/db", "s1", out, sizeof out), 0);
    assert_string_equal(out, "postgresql://h/db?schema=s1");
    assert_int_equal(pg_ledger_uri("postgresql://h/db?", "s1", out, sizeof out), 0);
    assert_string_equal(out, "postgresql://h/db?schema=s1");
    assert_int_equal(pg_ledger_uri("postgresql://h/db?port=1&", "s1", out, sizeof out), 0);
    assert_string_equal(out, "postgresql://h/db?port=1&schema=s1");
}

static void the_schema_name_is_percent_encoded(void **state)
{
    (void)state;
    char out[256];
    assert_int_equal(pg_ledger_uri("postgresql://h/db", "a b&c=d%e/ж", out, sizeof out), 0);
    assert_string_equal(out, "postgresql://h/db?schema=a%20b%26c%3Dd%25e%2F%D0%B6");
}

static void a_ledger_uri_too_long_for_the_buffer_is_refused(void **state)
{
    (void)state;
    char out[26];
    /* "postgresql://h/db?schema=" is 25 bytes: room for the NUL only */
    assert_int_equal(pg_ledger_uri("postgresql://h/db", "", out, sizeof out), 0);
    assert_int_equal(pg_ledger_uri("postgresql://h/db", "s", out, sizeof out), -1);
    char small[28];
    assert_int_equal(pg_ledger_uri("postgresql://h/db", "ab", small, sizeof small), 0);
    assert_int_equal(pg_ledger_uri("postgresql://h/db", " ", small, sizeof small), -1); /* %20 needs 3 */
    assert_int_equal(pg_ledger_uri("postgresql://h/db?very-long-query", "s", out, sizeof out), -1);
}

/* ---- schemas -------------------------------------------------------------------------------- */

static int64_t schema_count(const char *base, const char *schema)
{
    char sql[160];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM pg_namespace WHERE nspname = '%s'", schema);
    return pg_raw_int(base, NULL, sql);
}

static void each_test_gets_a_fresh_schema_that_cleanup_drops(void **state)
{
    (void)state;
    pg_tmp a, b;
    pg_tmp_init(&a);
    pg_tmp_init(&b);
    assert_string_equal(a.base, getenv("SUP_TEST_PG_URI"));
    assert_string_not_equal(a.schema, b.schema);
    assert_int_equal(strncmp(a.schema, "sup_t_", 6), 0);
    assert_int_equal(schema_count(a.base, a.schema), 1);
    assert_int_equal(schema_count(b.base, b.schema), 1);
    char want[2100];
    snprintf(want, sizeof want, "%s&schema=%s", a.base, a.schema);
    assert_string_equal(a.uri, want);
    assert_int_equal(pg_tmp_raw_exec(&a, "CREATE TABLE t (x int); INSERT INTO t VALUES (1)"), 0);
    pg_tmp_cleanup(&a);
    assert_int_equal(schema_count(a.base, a.schema), 0);
    assert_int_equal(schema_count(b.base, b.schema), 1);
    pg_tmp_cleanup(&b);
    assert_int_equal(schema_count(b.base, b.schema), 0);
    pg_tmp_cleanup(&b); /* twice: nothing left to drop, no error */
}

static void raw_sql_runs_in_the_schema_of_the_test(void **state)
{
    (void)state;
    pg_tmp a, b;
    pg_tmp_init(&a);
    pg_tmp_init(&b);
    assert_int_equal(pg_tmp_raw_exec(&a, "CREATE TABLE payments (id text PRIMARY KEY, amount bigint);"
                                         "INSERT INTO payments VALUES ('p1', 799000), ('p2', 5000000000)"), 0);
    assert_int_equal(pg_tmp_raw_int(&a, "SELECT count(*) FROM payments"), 2);
    assert_int_equal(pg_tmp_raw_int(&a, "SELECT max(amount) FROM payments"), INT64_C(5000000000));
    char sql[200];
    snprintf(sql, sizeof sql, "SELECT count(*) FROM information_schema.tables WHERE table_schema = '%s' AND table_name = 'payments'", a.schema);
    assert_int_equal(pg_raw_int(a.base, NULL, sql), 1);
    char st[6];
    assert_int_equal(pg_raw_exec_state(b.base, b.schema, "SELECT * FROM payments", st), -1);
    assert_string_equal(st, "42P01"); /* undefined_table: b does not see a's tables */
    pg_tmp_cleanup(&a);
    pg_tmp_cleanup(&b);
}

static void a_failing_statement_reports_its_sqlstate_and_changes_nothing(void **state)
{
    (void)state;
    pg_tmp t;
    pg_tmp_init(&t);
    char st[6];
    assert_int_equal(pg_raw_exec_state(t.base, t.schema, "CREATE TABLE k (id int PRIMARY KEY)", st), 0);
    assert_string_equal(st, "00000");
    assert_int_equal(pg_raw_exec_state(t.base, t.schema, "SELEC 1", st), -1);
    assert_string_equal(st, "42601"); /* syntax_error */
    /* one implicit transaction: the first insert goes with the failing second one */
    assert_int_equal(pg_raw_exec_state(t.base, t.schema, "INSERT INTO k VALUES (1); INSERT INTO k VALUES (1)", st), -1);
    assert_string_equal(st, "23505"); /* unique_violation */
    assert_int_equal(pg_tmp_raw_int(&t, "SELECT count(*) FROM k"), 0);
    pg_tmp_cleanup(&t);
}

/* ---- the server ----------------------------------------------------------------------------- */

static void the_server_is_durable_local_and_roomy(void **state)
{
    (void)state;
    const char *b = pg_test_uri();
    assert_int_equal(pg_raw_int(b, NULL, "SELECT (current_setting('fsync') = 'on')::int"), 1);
    assert_int_equal(pg_raw_int(b, NULL, "SELECT (current_setting('synchronous_commit') = 'on')::int"), 1);
    assert_int_equal(pg_raw_int(b, NULL, "SELECT (current_setting('full_page_writes') = 'on')::int"), 1);
    assert_int_equal(pg_raw_int(b, NULL, "SELECT (current_setting('listen_addresses') = '')::int"), 1);
    assert_true(pg_raw_int(b, NULL, "SELECT current_setting('max_connections')::int") >= 100);
    assert_int_equal(pg_raw_int(b, NULL, "SELECT (current_setting('server_encoding') = 'UTF8')::int"), 1);
    assert_int_equal(pg_raw_int(b, NULL, "SELECT (current_database() = 'libsupport')::int"), 1);
    assert_int_equal(pg_raw_int(b, NULL, "SELECT current_setting('server_version_num')::int / 10000"), 15);
    assert_int_equal(pg_raw_int(b, NULL, "SELECT (inet_server_addr() IS NULL)::int"), 1); /* a unix socket */
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_ledger_uri_adds_the_schema_to_the_query),
        cmocka_unit_test(the_schema_name_is_percent_encoded),
        cmocka_unit_test(a_ledger_uri_too_long_for_the_buffer_is_refused),
        cmocka_unit_test(each_test_gets_a_fresh_schema_that_cleanup_drops),
        cmocka_unit_test(raw_sql_runs_in_the_schema_of_the_test),
        cmocka_unit_test(a_failing_statement_reports_its_sqlstate_and_changes_nothing),
        cmocka_unit_test(the_server_is_durable_local_and_roomy),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
