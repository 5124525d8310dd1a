/* The storage engines behind the ledger: what each must answer alike (tampered
 * schemas, concurrent replays of one payment, a batch whose transaction the
 * engine lost), and the PostgreSQL counterparts of the SQLite file tests of
 * test_ledger.c (missing, empty, foreign and newer schemas, a role that may
 * only read, a server that goes away). Runs on both engines (pg.test_ledger_engine). */
#include "ledger_test_util.h"

#include <signal.h>
#include <sys/wait.h>

#define PG_ONLY()                                                                                        \
    do {                                                                                                 \
        if (!test_on_pg())                                                                               \
            skip();                                                                                      \
    } while (0)

static void contains(const char *text, const char *part)
{
    if (strstr(text, part) == NULL)
        fail_msg("\"%s\" does not contain \"%s\"", text, part);
}

/* ---- both engines ---------------------------------------------------------------------------------- */

static void a_dropped_or_altered_trigger_or_index_fails_the_check(void **state)
{
    (void)state;
    static const struct {
        const char *sql_sqlite, *sql_pg, *says;
    } tamper[] = {
        {"DROP TRIGGER audit_no_update", "DROP TRIGGER audit_no_update ON audit", "trigger audit_no_update is missing"},
        {"DROP TRIGGER license_event_no_delete", "DROP TRIGGER license_event_no_delete ON license_event",
         "trigger license_event_no_delete is missing"},
        {"DROP INDEX support_period_by_until", "DROP INDEX support_period_by_until", "support_period_by_until"},
        {"CREATE TABLE extra (x INTEGER)", "CREATE TABLE extra (x INTEGER)", "is not part of the ledger"},
        {"DROP TRIGGER price_no_update; CREATE TRIGGER price_no_update BEFORE UPDATE ON price BEGIN SELECT 1; END",
         "CREATE OR REPLACE FUNCTION ledger_refuse() RETURNS trigger LANGUAGE plpgsql AS $$BEGIN RETURN NEW; END$$",
         "altered"},
    };
    for (size_t i = 0; i < sizeof tamper / sizeof tamper[0]; i++) {
        tmp_ledger t;
        tmp_init(&t);
        sup_ledger *l = open_new(&t);
        add_seed_product(l, "R1");
        assert_int_equal(sup_ledger_check(l), SUP_OK);
        sup_ledger_close(l);
        assert_int_equal(raw_exec(t.path, test_on_pg() ? tamper[i].sql_pg : tamper[i].sql_sqlite), 0);
        assert_int_equal(sup_ledger_open(t.path, 0, &l), SUP_OK);
        assert_int_equal(sup_ledger_check(l), SUP_EDB);
        contains(sup_error_message(), "schema check failed");
        contains(sup_error_message(), tamper[i].says);
        sup_ledger_close(l);
        tmp_cleanup(&t);
    }
}

#define REPLAYERS 8

/* The same payment id from 8 clients at once: recorded once, every caller gets the first result. */
static void one_payment_from_eight_clients_at_once_is_recorded_once(void **state)
{
    (void)state;
    tmp_ledger t;
    tmp_init(&t);
    sup_ledger *l = open_new(&t);
    sup_id p = add_seed_product(l, "R1");
    sup_id lic = sell(l, add_customer(l, "C1"), p, 20260115);
    sup_ledger_close(l);
    for (int round = 0; round < 5; round++) {
        char id[32];
        snprintf(id, sizeof id, "same-%d", round);
        int go[2], res[2];
        assert_int_equal(pipe(go), 0);
        assert_int_equal(pipe(res), 0);
        pid_t pids[REPLAYERS];
        for (int k = 0; k < REPLAYERS; k++) {
            pids[k] = fork();
            assert_true(pids[k] >= 0);
            if (pids[k] == 0) {
                close(go[1]);
                sup_ledger *x = NULL;
                if (sup_ledger_open(t.path, 0, &x) != SUP_OK || sup_ledger_set_busy_timeout(x, 30000) != SUP_OK)
                    _exit(20);
                char c;
                if (read(go[0], &c, 1) != 0) /* released together when the pipe closes */
                    _exit(21);
                sup_quote *q = NULL;
                if (sup_quote_new(&q) != SUP_OK)
                    _exit(22);
                int rc = sup_ledger_renew(x, "replayer", id, lic, 20260801 + round, 199800, q);
                char line[64];
                int n = snprintf(line, sizeof line, "%d %d\n", rc, (int)sup_quote_new_support_until(q));
                if (rc != SUP_OK)
                    fprintf(stderr, "replayer %d: %s\n", k, sup_error_message());
                if (write(res[1], line, (size_t)n) != n)
                    _exit(23);
                sup_quote_free(q);
                sup_ledger_close(x);
                _exit(0);
            }
        }
        close(go[0]);
        close(res[1]);
        close(go[1]);
        for (int k = 0; k < REPLAYERS; k++) {
            int st = 0;
            assert_int_equal(waitpid(pids[k], &st, 0), pids[k]);
            assert_true(WIFEXITED(st));
            assert_int_equal(WEXITSTATUS(st), 0);
        }
        char buf[1024] = "";
        size_t got = 0;
        ssize_t n;
        while ((n = read(res[0], buf + got, sizeof buf - 1 - got)) > 0)
            got += (size_t)n;
        close(res[0]);
        buf[got] = '\0';
        /* every caller: success and the same new support end */
        int until0 = 20270715 + round * 10000, lines = 0;
        for (char *line = strtok(buf, "\n"); line != NULL; line = strtok(NULL, "\n"), lines++) {
            int rc = -99, until = 0;
            assert_int_equal(sscanf(line, "%d %d", &rc, &until), 2);
            assert_int_equal(rc, SUP_OK);
            assert_int_equal(until, until0);
        }
        assert_int_equal(lines, REPLAYERS);
        char sql[128];
        snprintf(sql, sizeof sql, "SELECT count(*) FROM license_event WHERE payment_id = '%s'", id);
        assert_int_equal(raw_int(t.path, sql), 1);
    }
    assert_int_equal(raw_int(t.path, "SELECT count(*) FROM audit WHERE action = 'renew'"), 5);
    assert_storage_intact(t.path);
    tmp_cleanup(&t);
}

/* A ledger written by 0.1.0 (schema version 1: tests/data/ledger-schema1.db, made by `supportctl demo`)
 * is migrated forward when opened for writing, keeps every fact, and records the upgrade; on
 * PostgreSQL the same from a version-1 schema. */
static void a_ledger_of_schema_1_is_migrated_forward_and_keeps_its_facts(void **state)
{
    (void)state;
    tmp_ledger t;
    tmp_init(&t);
    if (test_on_pg()) { /* a version-1 schema: the version-2 additions taken away */
        sup_ledger *l = open_new(&t);
        sup_id p = add_seed_product(l, "R1");
        sell(l, add_customer(l, "C1"), p, 20260115);
        sup_ledger_close(l);
        assert_int_equal(raw_exec(t.path, "ALTER TABLE audit DROP COLUMN at;"
                                          " DROP TABLE reminder_send_outcome; DROP TABLE reminder_send;"
                                          " DROP TABLE customer_email; ALTER TABLE license DROP COLUMN external_id;"
                                          /* issue 14 */
                                          " DROP TABLE correction, payment_review_close, payment_review,"
                                          " invoice_payment, bank_import, invoice, invoice_counter, vendor_requisites;"
                                          " ALTER TABLE customer DROP COLUMN phone, DROP COLUMN inn, DROP COLUMN kpp,"
                                          " DROP COLUMN lang, DROP COLUMN note;"
                                          " DROP TABLE portal_session; DROP TABLE signin_request;"
                                          " DROP TABLE license_key; DROP TABLE download; DROP TABLE release_file;"
                                          " UPDATE ledger_meta SET value = '1' WHERE key = 'schema_version'"),
                         0);
    } else {
        size_t n = 0;
        char *bytes = slurp(SUP_TEST_DATA "/ledger-schema1.db", &n);
        assert_non_null(bytes);
        write_file(t.path, bytes, n);
        free(bytes);
        assert_int_equal(raw_int(t.path, "PRAGMA user_version"), 1);
    }
    int64_t licenses = raw_int(t.path, "SELECT count(*) FROM license");
    int64_t events = raw_int(t.path, "SELECT count(*) FROM license_event");
    int64_t audits = raw_int(t.path, "SELECT count(*) FROM audit");
    sup_ledger *l = NULL;
    assert_int_equal(sup_ledger_open(t.path, SUP_LEDGER_READONLY, &l), SUP_EREADONLY); /* must be upgraded */
    contains(sup_error_message(), "open it once for writing");
    assert_int_equal(sup_ledger_open(t.path, 0, &l), SUP_OK);
    assert_int_equal(sup_ledger_created(l), 0);
    assert_int_equal(sup_ledger_check(l), SUP_OK);
    sup_cursor *c = NULL;
    assert_int_equal(sup_ledger_list_audit(l, (sup_id)audits, &c), SUP_OK);
    assert_int_equal(sup_cursor_next(c), 1);
    assert_string_equal(sup_cursor_text(c, SUP_AUDCOL_ACTION), "upgrade_schema");
    assert_string_equal(sup_cursor_text(c, SUP_AUDCOL_DETAIL), "schema_version=1 -> 2");
    assert_int_equal(sup_cursor_next(c), 0);
    sup_cursor_free(c);
    sup_ledger_close(l);
    assert_int_equal(raw_int(t.path, "SELECT count(*) FROM license"), licenses);
    assert_int_equal(raw_int(t.path, "SELECT count(*) FROM license_event"), events);
    assert_int_equal(raw_int(t.path, "SELECT count(*) FROM audit"), audits + 1);
    assert_int_equal(raw_int(t.path, "SELECT count(*) FROM audit WHERE at IS NOT NULL"), 0);
    tmp_cleanup(&t);
}

static void every_change_records_the_wall_clock_time_the_caller_gave(void **state)
{
    (void)state;
    sup_ledger *l = open_mem();
    assert_int_equal(sup_ledger_set_time(l, -1), SUP_ERANGE);
    add_customer(l, "C0"); /* no time given */
    assert_int_equal(sup_ledger_set_time(l, 1764579600123), SUP_OK); /* 2025-12-01 09:00:00.123 UTC */
    add_customer(l, "C1");
    assert_int_equal(sup_ledger_set_time(l, 1764579601000), SUP_OK);
    add_customer(l, "C2");
    sup_cursor *c = NULL;
    assert_int_equal(sup_ledger_list_audit(l, 1, &c), SUP_OK);
    assert_int_equal(sup_cursor_column_type(c, SUP_AUDCOL_AT), SUP_COLUMN_TIME);
    assert_string_equal(sup_cursor_column_name(c, SUP_AUDCOL_AT), "at");
    static const int64_t want[] = {0, 1764579600123, 1764579601000};
    for (int i = 0; i < 3; i++) {
        assert_int_equal(sup_cursor_next(c), 1);
        assert_int_equal(sup_cursor_int64(c, SUP_AUDCOL_AT), want[i]);
    }
    assert_int_equal(sup_cursor_next(c), 0);
    sup_cursor_free(c);
    sup_ledger_close(l);
}

/* Issue 11 B5: a stored policy version that does not parse is reported as damage, its message
 * intact (it was built from the parser's own message buffer: overlapping, garbled), the same
 * error for every call that reads it. */
static void a_damaged_policy_version_is_reported_as_damage_with_its_reason(void **state)
{
    (void)state;
    tmp_ledger t;
    tmp_init(&t);
    sup_ledger *l = open_new(&t);
    sup_id p = add_seed_product(l, "R1");
    sup_id lic = sell(l, add_customer(l, "C1"), p, 20260115);
    sup_ledger_close(l);
    assert_int_equal(raw_exec(t.path, test_on_pg() ? "DROP TRIGGER policy_version_no_update ON policy_version"
                                                   : "DROP TRIGGER policy_version_no_update"),
                     0);
    assert_int_equal(raw_exec(t.path, "UPDATE policy_version SET body = 'preferential_rate_bp = lots' WHERE id = 1"), 0);
    static const char want[] = "policy version 1 is damaged: it does not parse (policy line 1: "
                               "\"preferential_rate_bp\" must be a whole number of basis points 0…10000, not \"lots\")";
    assert_int_equal(sup_ledger_open(t.path, 0, &l), SUP_OK);
    sup_policy *pol = NULL;
    assert_int_equal(sup_ledger_get_policy(l, 20260101, NULL, &pol), SUP_EDB);
    assert_string_equal(sup_error_message(), want);
    sup_quote *q = NULL;
    assert_int_equal(sup_quote_new(&q), SUP_OK);
    assert_int_equal(sup_ledger_quote_renewal(l, lic, 20260801, q), SUP_EDB);
    assert_string_equal(sup_error_message(), want);
    sup_quote_free(q);
    sup_cursor *c = NULL;
    assert_int_equal(sup_ledger_list_policies(l, &c), SUP_OK);
    assert_int_equal(sup_cursor_next(c), SUP_EDB);
    assert_string_equal(sup_error_message(), want);
    sup_cursor_free(c);
    sup_ledger_close(l);
    tmp_cleanup(&t);
}

/* ---- PostgreSQL ---------------------------------------------------------------------------------------- */

static void pg_a_missing_schema_is_not_found_without_create(void **state)
{
    (void)state;
    PG_ONLY();
    tmp_ledger t;
    tmp_init(&t);
    char sql[160];
    snprintf(sql, sizeof sql, "DROP SCHEMA \"%s\"", t.pg.schema);
    assert_int_equal(pg_raw_exec(t.pg.base, NULL, sql), 0);
    sup_ledger *l = (sup_ledger *)&t;
    assert_int_equal(sup_ledger_open(t.path, 0, &l), SUP_ENOTFOUND);
    assert_null(l);
    contains(sup_error_message(), "SUP_LEDGER_CREATE");
    contains(sup_error_message(), "the schema \"sup_t_");
    contains(sup_error_message(), t.pg.schema); /* names the schema, as "no ledger at PATH" names the file */
    assert_int_equal(sup_ledger_open(t.path, SUP_LEDGER_READONLY, &l), SUP_ENOTFOUND);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM pg_namespace WHERE nspname = '%s'", t.pg.schema);
    assert_int_equal(pg_raw_int(t.pg.base, NULL, sql), 0); /* nothing created */
    l = open_new(&t); /* with CREATE: the schema and the ledger */
    assert_int_equal(sup_ledger_created(l), 1);
    assert_string_equal(sup_ledger_backend(l), "postgresql");
    sup_ledger_close(l);
    assert_int_equal(sup_ledger_open(t.path, 0, &l), SUP_OK);
    assert_int_equal(sup_ledger_created(l), 0);
    sup_ledger_close(l);
    tmp_cleanup(&t);
}

static void pg_an_empty_schema_becomes_a_ledger_only_with_create(void **state)
{
    (void)state;
    PG_ONLY();
    tmp_ledger t;
    tmp_init(&t); /* an empty schema */
    sup_ledger *l = NULL;
    assert_int_equal(sup_ledger_open(t.path, 0, &l), SUP_ENOTLEDGER);
    contains(sup_error_message(), "empty");
    contains(sup_error_message(), t.pg.schema);
    assert_int_equal(pg_raw_int(t.pg.base, NULL,
                                "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
                                " WHERE n.nspname LIKE 'sup_t_%' AND c.relname = 'nothing'"),
                     0);
    l = open_new(&t);
    sup_ledger_close(l);
    assert_int_equal(sup_ledger_open(t.path, 0, &l), SUP_OK);
    sup_ledger_close(l);
    tmp_cleanup(&t);
}

static void pg_a_schema_of_another_application_is_not_a_ledger_and_stays_unchanged(void **state)
{
    (void)state;
    PG_ONLY();
    tmp_ledger t;
    tmp_init(&t);
    assert_int_equal(raw_exec(t.path, "CREATE TABLE notes (x TEXT); INSERT INTO notes VALUES ('keep me')"), 0);
    sup_ledger *l = NULL;
    assert_int_equal(sup_ledger_open(t.path, SUP_LEDGER_CREATE, &l), SUP_ENOTLEDGER);
    contains(sup_error_message(), "another application");
    assert_int_equal(sup_ledger_open(t.path, 0, &l), SUP_ENOTLEDGER);
    assert_int_equal(raw_int(t.path, "SELECT count(*) FROM notes"), 1);
    assert_int_equal(raw_int(t.path, "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()"), 1);
    tmp_cleanup(&t);
}

static void pg_a_ledger_of_a_newer_schema_is_a_version_error_and_stays_unchanged(void **state)
{
    (void)state;
    PG_ONLY();
    tmp_ledger t;
    tmp_init(&t);
    sup_ledger *l = open_new(&t);
    add_seed_product(l, "R1");
    sup_ledger_close(l);
    char sql[128];
    snprintf(sql, sizeof sql, "UPDATE ledger_meta SET value = '%d' WHERE key = 'schema_version'",
             SUP_LEDGER_SCHEMA_VERSION + 1);
    assert_int_equal(raw_exec(t.path, sql), 0);
    int audits = (int)raw_int(t.path, "SELECT count(*) FROM audit");
    assert_int_equal(sup_ledger_open(t.path, 0, &l), SUP_EVERSION);
    contains(sup_error_message(), "newer");
    assert_int_equal(sup_ledger_open(t.path, SUP_LEDGER_READONLY, &l), SUP_EVERSION);
    assert_int_equal(sup_ledger_open(t.path, SUP_LEDGER_CREATE, &l), SUP_EVERSION);
    assert_null(l);
    assert_int_equal(raw_int(t.path, "SELECT count(*) FROM audit"), audits);
    assert_int_equal(raw_int(t.path, "SELECT CAST(value AS INTEGER) FROM ledger_meta WHERE key = 'schema_version'"),
                     SUP_LEDGER_SCHEMA_VERSION + 1);
    tmp_cleanup(&t);
}

/* The URI of the ledger for another role (the base URI's user replaced). */
static void uri_as(const tmp_ledger *t, const char *role, char *out, size_t size)
{
    const char *at = strchr(t->path, '@');
    assert_non_null(at);
    snprintf(out, size, "postgresql://%s%s", role, at);
}

static void pg_a_read_only_role_reads_and_every_change_is_refused(void **state)
{
    (void)state;
    PG_ONLY();
    tmp_ledger t;
    tmp_init(&t);
    sup_ledger *l = open_new(&t);
    sup_id p = add_seed_product(l, "R1");
    sup_id lic = sell(l, add_customer(l, "C1"), p, 20260131);
    char role[80];
    snprintf(role, sizeof role, "web_%.60s", t.pg.schema + 6);
    assert_int_equal(sup_ledger_grant_readonly(l, role), SUP_OK);
    assert_int_equal(sup_ledger_grant_readonly(l, role), SUP_OK); /* again: nothing new */
    assert_int_equal(sup_ledger_grant_readonly(l, "bad\x01role"), SUP_EINVAL);
    sup_ledger_close(l);
    char uri[2400];
    uri_as(&t, role, uri, sizeof uri);
    assert_int_equal(sup_ledger_open(uri, 0, &l), SUP_EREADONLY);
    contains(sup_error_message(), "may only read");
    assert_int_equal(sup_ledger_open(uri, SUP_LEDGER_CREATE, &l), SUP_EREADONLY);
    assert_int_equal(sup_ledger_open(uri, SUP_LEDGER_READONLY, &l), SUP_OK);
    sup_status *s = NULL;
    assert_int_equal(sup_status_new(&s), SUP_OK);
    assert_int_equal(sup_ledger_license_status(l, lic, 20260301, s), SUP_OK);
    assert_int_equal(sup_status_state(s), SUP_STATE_ACTIVE);
    sup_status_free(s);
    sup_cursor *c = NULL;
    assert_int_equal(sup_ledger_list_licenses(l, 0, 20260301, &c), SUP_OK);
    assert_int_equal(count_rows(c), 1);
    assert_int_equal(sup_ledger_add_customer(l, ACTOR, "C2", "x", NULL), SUP_EREADONLY);
    sup_ledger_close(l);
    /* behind the API too: SELECT only */
    char base[2400];
    snprintf(base, sizeof base, "%s", uri);
    *strstr(base, "schema=") = '\0';
    base[strlen(base) - 1] = '\0';
    assert_int_not_equal(pg_raw_exec(base, t.pg.schema, "INSERT INTO customer (code, name) VALUES ('X', 'x')"), 0);
    assert_int_not_equal(pg_raw_exec(base, t.pg.schema, "CREATE TABLE sneaky (x int)"), 0);
    /* a new ledger table from a later migration would be readable too (default privileges) */
    assert_int_equal(raw_exec(t.path, "CREATE TABLE later_table (x int); INSERT INTO later_table VALUES (1)"), 0);
    assert_int_equal(pg_raw_int(base, t.pg.schema, "SELECT count(*) FROM later_table"), 1);
    tmp_cleanup(&t);
}

static void pg_a_server_that_cannot_be_reached_is_an_io_error_naming_it(void **state)
{
    (void)state;
    PG_ONLY();
    sup_ledger *l = (sup_ledger *)state;
    assert_int_equal(sup_ledger_open("postgresql://nobody@/libsupport?host=/nonexistent-dir&schema=x", 0, &l),
                     SUP_EIO);
    assert_null(l);
    contains(sup_error_message(), "cannot open the ledger");
    contains(sup_error_message(), "/nonexistent-dir");
    assert_int_equal(sup_ledger_open("postgresql://u:secret@/x?host=/nonexistent-dir", 0, &l), SUP_EIO);
    assert_null(strstr(sup_error_message(), "secret")); /* never the password */
    assert_int_equal(sup_ledger_open("postgresql://u@/x?nonsense=1", 0, &l), SUP_EINVAL);
    assert_int_equal(sup_ledger_open("postgresql://u@/x?schema=", 0, &l), SUP_EINVAL);
}

/* The backend of a handle is killed (as by an administrator or a failover): a clear storage
 * error with the SQLSTATE; an open batch is then failed until rolled back; the handle reconnects. */
static void pg_a_lost_connection_is_a_storage_error_and_the_handle_reconnects(void **state)
{
    (void)state;
    PG_ONLY();
    tmp_ledger t;
    tmp_init(&t);
    /* this handle's server process only (other tests share the cluster) */
    char app[64], kill_sql[200];
    snprintf(app, sizeof app, "sup-lost-%ld", (long)getpid());
    snprintf(kill_sql, sizeof kill_sql,
             "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = '%s'", app);
    assert_int_equal(setenv("PGAPPNAME", app, 1), 0);
    sup_ledger *l = open_new(&t);
    assert_int_equal(unsetenv("PGAPPNAME"), 0);
    sup_id p = add_seed_product(l, "R1");
    sup_id c = add_customer(l, "C1");
    sup_id lic = sell(l, c, p, 20260115);
    /* outside a batch: the next call fails once, the one after reconnects */
    assert_int_equal(raw_exec(t.path, kill_sql), 0);
    int rc = sup_ledger_add_customer(l, ACTOR, "C2", "x", NULL);
    if (rc != SUP_OK) {
        assert_int_equal(sup_result_name(rc)[0] != '\0', 1);
        assert_true(rc == SUP_EIO);
        contains(sup_error_message(), "SQLSTATE");
    }
    assert_int_equal(sup_ledger_add_customer(l, ACTOR, "C3", "x", NULL), SUP_OK);
    /* inside a batch: everything of the batch is gone, later changes are refused until the rollback */
    assert_int_equal(sup_ledger_begin(l), SUP_OK);
    sup_quote_free(renew(l, lic, 20260701, "in-batch"));
    assert_int_equal(raw_exec(t.path, kill_sql), 0);
    rc = sup_ledger_add_customer(l, ACTOR, "C4", "x", NULL);
    assert_int_not_equal(rc, SUP_OK);
    assert_int_equal(sup_ledger_add_customer(l, ACTOR, "C5", "x", NULL), SUP_ESTATE);
    contains(sup_error_message(), "roll the batch back");
    assert_int_equal(sup_ledger_commit(l), SUP_ESTATE);
    assert_int_equal(sup_ledger_rollback(l), SUP_OK);
    assert_int_equal(sup_ledger_add_customer(l, ACTOR, "C6", "x", NULL), SUP_OK);
    sup_ledger_close(l);
    assert_int_equal(raw_int(t.path, "SELECT count(*) FROM license_event WHERE payment_id = 'in-batch'"), 0);
    assert_int_equal(raw_int(t.path, "SELECT count(*) FROM customer WHERE code IN ('C4', 'C5')"), 0);
    assert_int_equal(raw_int(t.path, "SELECT count(*) FROM customer WHERE code IN ('C3', 'C6')"), 2);
    tmp_cleanup(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_dropped_or_altered_trigger_or_index_fails_the_check),
        cmocka_unit_test(one_payment_from_eight_clients_at_once_is_recorded_once),
        cmocka_unit_test(a_ledger_of_schema_1_is_migrated_forward_and_keeps_its_facts),
        cmocka_unit_test(every_change_records_the_wall_clock_time_the_caller_gave),
        cmocka_unit_test(a_damaged_policy_version_is_reported_as_damage_with_its_reason),
        cmocka_unit_test(pg_a_missing_schema_is_not_found_without_create),
        cmocka_unit_test(pg_an_empty_schema_becomes_a_ledger_only_with_create),
        cmocka_unit_test(pg_a_schema_of_another_application_is_not_a_ledger_and_stays_unchanged),
        cmocka_unit_test(pg_a_ledger_of_a_newer_schema_is_a_version_error_and_stays_unchanged),
        cmocka_unit_test(pg_a_read_only_role_reads_and_every_change_is_refused),
        cmocka_unit_test(pg_a_server_that_cannot_be_reached_is_an_io_error_naming_it),
        cmocka_unit_test(pg_a_lost_connection_is_a_storage_error_and_the_handle_reconnects),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
