/* pg_restart_immediate() (pg_ctl restart -m immediate, for the crash tests): what was
 * committed is there after the recovery, what was not is gone, open connections are
 * cut with a clear error, and new ones work. Registered EXCLUSIVE: it cuts every
 * connection to the shared cluster. */
#include "pg_test_util.h"

static void an_immediate_restart_keeps_the_committed_and_drops_the_rest(void **state)
{
    (void)state;
    pg_tmp t;
    pg_tmp_init(&t);
    assert_int_equal(pg_tmp_raw_exec(&t, "CREATE TABLE r (x int); INSERT INTO r VALUES (1), (2)"), 0);
    PGconn *open_tx = pg_connect_schema(t.base, t.schema);
    PGresult *r = PQexec(open_tx, "BEGIN; INSERT INTO r VALUES (3)");
    assert_int_equal(PQresultStatus(r), PGRES_COMMAND_OK);
    PQclear(r);

    pg_restart_immediate();

    r = PQexec(open_tx, "COMMIT");
    assert_int_not_equal(PQresultStatus(r), PGRES_COMMAND_OK); /* the server went away under it */
    PQclear(r);
    PQfinish(open_tx);
    assert_int_equal(pg_tmp_raw_int(&t, "SELECT count(*) FROM r"), 2);
    assert_int_equal(pg_tmp_raw_int(&t, "SELECT sum(x) FROM r"), 3);
    pg_tmp_cleanup(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(an_immediate_restart_keeps_the_committed_and_drops_the_rest),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
