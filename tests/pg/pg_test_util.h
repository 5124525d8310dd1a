/* PostgreSQL helpers for the ledger tests (docs/testing-pg.md): a fresh schema per
 * test in the throwaway cluster that SUP_TEST_PG_URI names (tests/pg/pg-cluster.sh,
 * the ctest fixture "pg"), the ledger URI for it (the libpq URI plus schema=NAME),
 * and raw libpq access behind the API, like raw_int/raw_exec of ledger_test_util.h.
 *
 *     pg_tmp t;
 *     pg_tmp_init(&t);                       // CREATE SCHEMA sup_t_<pid>_<n>_<random>
 *     sup_ledger_open(t.uri, SUP_LEDGER_CREATE, &l);
 *     assert_int_equal(pg_raw_int(t.base, t.schema, "SELECT count(*) FROM licenses"), 1);
 *     pg_tmp_cleanup(&t);                    // DROP SCHEMA ... CASCADE
 *
 * Every helper fails the running cmocka test on a connection or query error (except
 * pg_raw_exec*, which report it), as the SQLite helpers do. Link libpq
 * (PkgConfig::LIBPQ); register the test with sup_pg_test / sup_pg_cmocka_test. Include it
 * first, or after ledger_test_util.h (both want _POSIX_C_SOURCE before any system header). */
#ifndef PG_TEST_UTIL_H
#define PG_TEST_UTIL_H

#ifndef _POSIX_C_SOURCE
#define _POSIX_C_SOURCE 200809L
#endif
#include <errno.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>
#include <cmocka.h>
#include <libpq-fe.h>

/* A schema of its own for one test; uri opens the ledger in it. */
typedef struct {
    char schema[64];   /* sup_t_<pid>_<counter>_<8 hex digits>: a plain lowercase identifier */
    char uri[2048];    /* the ledger URI: base + schema=<schema> */
    const char *base;  /* the cluster's libpq URI (SUP_TEST_PG_URI; not owned) */
} pg_tmp;

/* The cluster's libpq URI, or NULL when the test does not run under the pg fixture. */
static inline const char *pg_test_uri(void)
{
    const char *u = getenv("SUP_TEST_PG_URI");
    return u != NULL && u[0] != '\0' ? u : NULL;
}

static inline int pg_test_available(void)
{
    return pg_test_uri() != NULL;
}

/* The ledger URI for schema in the database of base: base with schema=NAME added to
 * its query (NAME percent-encoded). 0, or -1 when out (of size outsz) is too small. */
static inline int pg_ledger_uri(const char *base, const char *schema, char *out, size_t outsz)
{
    static const char hex[] = "0123456789ABCDEF";
    size_t n = strlen(base);
    const char *sep = strchr(base, '?') == NULL ? "?" : (base[n - 1] == '?' || base[n - 1] == '&') ? "" : "&";
    int w = snprintf(out, outsz, "%s%sschema=", base, sep);
    if (w < 0 || (size_t)w >= outsz)
        return -1;
    size_t at = (size_t)w;
    for (const unsigned char *p = (const unsigned char *)schema; *p != '\0'; p++) {
        int plain = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
                    *p == '-' || *p == '.' || *p == '_' || *p == '~';
        if (at + (plain ? 1u : 3u) >= outsz)
            return -1;
        if (plain) {
            out[at++] = (char)*p;
        } else {
            out[at++] = '%';
            out[at++] = hex[*p >> 4];
            out[at++] = hex[*p & 15];
        }
    }
    out[at] = '\0';
    return 0;
}

/* A connection to base (the libpq URI) with search_path set to schema (unless NULL)
 * and notices below warnings silenced (DROP ... CASCADE lists what it drops). */
static inline PGconn *pg_connect_schema(const char *base, const char *schema)
{
    if (base == NULL)
        fail_msg("SUP_TEST_PG_URI is not set: run the test through ctest (ctest -L pg) or see docs/testing-pg.md");
    PGconn *c = PQconnectdb(base);
    if (PQstatus(c) != CONNECTION_OK)
        fail_msg("connect %s: %s", base, PQerrorMessage(c));
    char sql[256] = "SET client_min_messages = warning";
    if (schema != NULL) {
        char *id = PQescapeIdentifier(c, schema, strlen(schema));
        if (id == NULL)
            fail_msg("schema name %s: %s", schema, PQerrorMessage(c));
        snprintf(sql, sizeof sql, "SET client_min_messages = warning; SET search_path TO %s", id);
        PQfreemem(id);
    }
    PGresult *r = PQexec(c, sql);
    if (PQresultStatus(r) != PGRES_COMMAND_OK)
        fail_msg("%s: %s", sql, PQerrorMessage(c));
    PQclear(r);
    return c;
}

/* Raw SQL: the statements of sql (one implicit transaction, as PQexec runs them) with
 * search_path = schema (NULL: the default). 0, or -1 with the SQLSTATE of the error in
 * sqlstate (6 bytes; NULL: not wanted). */
static inline int pg_raw_exec_state(const char *base, const char *schema, const char *sql, char *sqlstate)
{
    PGconn *c = pg_connect_schema(base, schema);
    PGresult *r = PQexec(c, sql);
    ExecStatusType st = PQresultStatus(r);
    int rc = st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK ? 0 : -1;
    if (sqlstate != NULL) {
        const char *s = rc == 0 ? NULL : PQresultErrorField(r, PG_DIAG_SQLSTATE);
        snprintf(sqlstate, 6, "%s", s != NULL ? s : (rc == 0 ? "00000" : "?????"));
    }
    PQclear(r);
    PQfinish(c);
    return rc;
}

static inline int pg_raw_exec(const char *base, const char *schema, const char *sql)
{
    return pg_raw_exec_state(base, schema, sql, NULL);
}

/* Raw SQL: the integer in the first column of the first row of a query. */
static inline int64_t pg_raw_int(const char *base, const char *schema, const char *sql)
{
    PGconn *c = pg_connect_schema(base, schema);
    PGresult *r = PQexec(c, sql);
    if (PQresultStatus(r) != PGRES_TUPLES_OK)
        fail_msg("%s: %s", sql, PQerrorMessage(c));
    if (PQntuples(r) < 1 || PQnfields(r) < 1 || PQgetisnull(r, 0, 0))
        fail_msg("%s: no row, or NULL", sql);
    const char *v = PQgetvalue(r, 0, 0);
    char *end = NULL;
    errno = 0;
    long long n = strtoll(v, &end, 10);
    if (errno != 0 || end == v || *end != '\0')
        fail_msg("%s: \"%s\" is not an integer", sql, v);
    PQclear(r);
    PQfinish(c);
    return (int64_t)n;
}

/* A fresh schema in the cluster of SUP_TEST_PG_URI (the test fails without it). */
static inline void pg_tmp_init(pg_tmp *t)
{
    static unsigned counter; /* per test file: the pid and random bits keep names apart */
    unsigned rnd = 0;
    FILE *f = fopen("/dev/urandom", "rb");
    if (f == NULL)
        fail_msg("cannot open /dev/urandom: %s", strerror(errno));
    size_t got = fread(&rnd, sizeof rnd, 1, f);
    fclose(f);
    if (got != 1)
        fail_msg("cannot read /dev/urandom");
    t->base = pg_test_uri();
    if (t->base == NULL)
        fail_msg("SUP_TEST_PG_URI is not set: run the test through ctest (ctest -L pg) or see docs/testing-pg.md");
    snprintf(t->schema, sizeof t->schema, "sup_t_%ld_%u_%08x", (long)getpid(), ++counter, rnd);
    if (pg_ledger_uri(t->base, t->schema, t->uri, sizeof t->uri) != 0)
        fail_msg("the ledger URI for %s does not fit in %zu bytes", t->base, sizeof t->uri);
    char sql[128], state[6];
    snprintf(sql, sizeof sql, "CREATE SCHEMA \"%s\"", t->schema);
    if (pg_raw_exec_state(t->base, NULL, sql, state) != 0)
        fail_msg("%s: SQLSTATE %s", sql, state);
}

/* Drops the schema and everything in it. */
static inline void pg_tmp_cleanup(pg_tmp *t)
{
    char sql[128], state[6];
    snprintf(sql, sizeof sql, "DROP SCHEMA IF EXISTS \"%s\" CASCADE", t->schema);
    if (pg_raw_exec_state(t->base, NULL, sql, state) != 0)
        fail_msg("%s: SQLSTATE %s", sql, state);
}

static inline int64_t pg_tmp_raw_int(const pg_tmp *t, const char *sql)
{
    return pg_raw_int(t->base, t->schema, sql);
}

static inline int pg_tmp_raw_exec(const pg_tmp *t, const char *sql)
{
    return pg_raw_exec(t->base, t->schema, sql);
}

/* `pg_ctl restart -m immediate` of the cluster (a server crash and recovery): every
 * connection is cut. Register such a test with EXCLUSIVE (no other test runs meanwhile). */
static inline void pg_restart_immediate(void)
{
    const char *sh = getenv("SUP_PG_CLUSTER_SH"), *dir = getenv("SUP_TEST_PG_HOST");
    if (sh == NULL || dir == NULL)
        fail_msg("SUP_PG_CLUSTER_SH or SUP_TEST_PG_HOST is not set: run the test through ctest (ctest -L pg)");
    pid_t pid = fork();
    if (pid < 0)
        fail_msg("fork: %s", strerror(errno));
    if (pid == 0) {
        execlp("bash", "bash", sh, "restart-immediate", dir, (char *)NULL);
        _exit(127);
    }
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR)
            fail_msg("waitpid: %s", strerror(errno));
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0)
        fail_msg("%s restart-immediate %s failed (status %d)", sh, dir, status);
}

#endif /* PG_TEST_UTIL_H */
