/* Helpers shared by the ledger tests: temporary directories, file snapshots,
 * a small catalogue, and raw SQLite access for checks behind the API. */
#ifndef LEDGER_TEST_UTIL_H
#define LEDGER_TEST_UTIL_H

#define _POSIX_C_SOURCE 200809L
#include <libsupport.h>

#include <dirent.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>
#include <sqlite3.h>
#include <stdbool.h>

#include "pg_test_util.h"

#define ACTOR "test"

/*
 * Every ledger test runs on both engines: on SQLite (the default) and, with
 * SUP_TEST_BACKEND=pg (ctest's "pg." twin of each ledger test, tests/pg/pg.cmake),
 * on PostgreSQL in a fresh schema of the throwaway cluster of SUP_TEST_PG_URI.
 */
static inline int test_on_pg(void)
{
    const char *b = getenv("SUP_TEST_BACKEND");
    return b != NULL && strcmp(b, "pg") == 0;
}

/*
 * Under valgrind (the "valgrind." twins): the tests that build large random ledgers build smaller ones —
 * valgrind checks every code path of the small one just as well, at 20–50 times the cost per call.
 */
#if defined(__has_include)
#if __has_include(<valgrind/valgrind.h>)
#include <valgrind/valgrind.h>
#define SUP_TEST_HAVE_VALGRIND_H 1
#endif
#endif
static inline int test_under_valgrind(void)
{
#ifdef SUP_TEST_HAVE_VALGRIND_H
    return RUNNING_ON_VALGRIND != 0;
#else
    return 0;
#endif
}

/* A test about SQLite files: skipped on PostgreSQL (test_ledger_engine.c has the counterparts). */
#define SQLITE_ONLY()                                                                                    \
    do {                                                                                                 \
        if (test_on_pg())                                                                                \
            skip();                                                                                      \
    } while (0)

/* A fresh directory under /tmp; the ledger is <dir>/ledger.db, or on PostgreSQL a fresh schema. */
typedef struct {
    char dir[256];
    char path[2300];
    pg_tmp pg;
} tmp_ledger;

static inline void tmp_init(tmp_ledger *t)
{
    /* SUP_TEST_TMPDIR: e.g. /dev/shm for tests that sync a great deal (fault loops) */
    const char *base = getenv("SUP_TEST_TMPDIR");
    snprintf(t->dir, sizeof t->dir, "%s/sup-ledger-test-XXXXXX", base != NULL && base[0] != '\0' ? base : "/tmp");
    assert_non_null(mkdtemp(t->dir));
    if (test_on_pg()) {
        pg_tmp_init(&t->pg);
        snprintf(t->path, sizeof t->path, "%s", t->pg.uri);
    } else {
        snprintf(t->path, sizeof t->path, "%s/ledger.db", t->dir);
    }
}

static inline void tmp_cleanup(tmp_ledger *t)
{
    DIR *d = opendir(t->dir);
    if (d != NULL) {
        struct dirent *e;
        while ((e = readdir(d)) != NULL) {
            if (strcmp(e->d_name, ".") == 0 || strcmp(e->d_name, "..") == 0)
                continue;
            char p[600];
            snprintf(p, sizeof p, "%s/%s", t->dir, e->d_name);
            unlink(p);
        }
        closedir(d);
    }
    rmdir(t->dir);
    if (test_on_pg())
        pg_tmp_cleanup(&t->pg);
}

/* The target of a private throwaway ledger: ":memory:" on SQLite, a fresh schema on
 * PostgreSQL (dropped with the test cluster). Valid until the next call. */
static inline const char *mem_target(void)
{
    static char uri[2300];
    if (!test_on_pg())
        return ":memory:";
    pg_tmp t;
    pg_tmp_init(&t);
    snprintf(uri, sizeof uri, "%s", t.uri);
    return uri;
}

static inline sup_ledger *open_mem(void)
{
    sup_ledger *l = NULL;
    if (sup_ledger_open(mem_target(), SUP_LEDGER_CREATE, &l) != SUP_OK)
        fail_msg("open a throwaway ledger: %s", sup_error_message());
    return l;
}

static inline sup_ledger *open_new(const tmp_ledger *t)
{
    sup_ledger *l = NULL;
    int rc = sup_ledger_open(t->path, SUP_LEDGER_CREATE, &l);
    if (rc != SUP_OK)
        fail_msg("open %s: %s", t->path, sup_error_message());
    return l;
}

/* The cluster URI and the schema of a PostgreSQL ledger URI made by pg_ledger_uri (…schema=NAME last). */
static inline int split_pg_target(const char *target, char *base, size_t bsize, char *schema, size_t ssize)
{
    if (strncmp(target, "postgresql://", 13) != 0)
        return 0;
    const char *p = strstr(target, "schema=");
    if (p == NULL || p == target)
        fail_msg("%s has no schema", target);
    size_t n = (size_t)(p - target) - 1; /* without the '?' or '&' before it */
    snprintf(base, bsize, "%.*s", (int)n, target);
    snprintf(schema, ssize, "%s", p + 7);
    return 1;
}

/* The whole content of a file (NULL if missing); *len gets its size. */
static inline char *slurp(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return NULL;
    size_t cap = 4096, n = 0;
    char *buf = malloc(cap);
    assert_non_null(buf);
    size_t r;
    while ((r = fread(buf + n, 1, cap - n, f)) > 0) {
        n += r;
        if (n == cap) {
            cap *= 2;
            buf = realloc(buf, cap);
            assert_non_null(buf);
        }
    }
    fclose(f);
    *len = n;
    return buf;
}

static inline void write_file(const char *path, const void *data, size_t len)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    assert_int_equal(fwrite(data, 1, len, f), len);
    assert_int_equal(fclose(f), 0);
}

static inline int file_exists(const char *path)
{
    struct stat sb;
    return stat(path, &sb) == 0;
}

/* Raw SQL behind the API: one integer from a query (SQLite file or PostgreSQL schema). */
static inline int64_t raw_int(const char *path, const char *sql)
{
    char base[2300], schema[128];
    if (split_pg_target(path, base, sizeof base, schema, sizeof schema))
        return pg_raw_int(base, schema, sql);
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READONLY, NULL), SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
    sqlite3_stmt *st = NULL;
    if (sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK)
        fail_msg("prepare %s: %s", sql, sqlite3_errmsg(db));
    assert_int_equal(sqlite3_step(st), SQLITE_ROW);
    int64_t v = sqlite3_column_int64(st, 0);
    sqlite3_finalize(st);
    sqlite3_close(db);
    return v;
}

/* Raw SQL behind the API: run statements on a read-write connection; 0 (SQLITE_OK) or not. */
static inline int raw_exec(const char *path, const char *sql)
{
    char base[2300], schema[128];
    if (split_pg_target(path, base, sizeof base, schema, sizeof schema))
        return pg_raw_exec(base, schema, sql);
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
    int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
    sqlite3_close(db);
    return rc;
}

/* The engine's own integrity check behind the API: SQLite's integrity_check (PostgreSQL keeps its
 * files consistent itself: amcheck is not installed by default), then the library's. */
static inline void assert_storage_intact(const char *path)
{
    if (strncmp(path, "postgresql://", 13) != 0)
        assert_int_equal(raw_int(path, "SELECT count(*) FROM pragma_integrity_check WHERE integrity_check <> 'ok'"), 0);
    sup_ledger *l = NULL;
    assert_int_equal(sup_ledger_open(path, SUP_LEDGER_READONLY, &l), SUP_OK);
    if (sup_ledger_check(l) != SUP_OK)
        fail_msg("sup_ledger_check: %s", sup_error_message());
    sup_ledger_close(l);
}

/* Count the rows of a cursor (and free it). */
static inline int count_rows(sup_cursor *c)
{
    int n = 0, rc;
    while ((rc = sup_cursor_next(c)) == 1)
        n++;
    assert_int_equal(rc, 0);
    sup_cursor_free(c);
    return n;
}

static inline int audit_count(sup_ledger *l)
{
    sup_cursor *c = NULL;
    assert_int_equal(sup_ledger_list_audit(l, 0, &c), SUP_OK);
    return count_rows(c);
}

/* The seed product: 7990 rub from 2020-01-01, 6 months of support. */
static inline sup_id add_seed_product(sup_ledger *l, const char *code)
{
    sup_id p = 0;
    assert_int_equal(sup_ledger_add_product(l, ACTOR, code, "Отчёт 1С", SUP_LICENSE_PERPETUAL, 6, &p), SUP_OK);
    assert_int_equal(sup_ledger_set_price(l, ACTOR, p, 20200101, 799000), SUP_OK);
    return p;
}

static inline sup_id add_customer(sup_ledger *l, const char *code)
{
    sup_id c = 0;
    if (sup_ledger_add_customer(l, ACTOR, code, code, &c) != SUP_OK)
        fail_msg("add_customer %s: %s", code, sup_error_message());
    return c;
}

static inline sup_id sell(sup_ledger *l, sup_id customer, sup_id product, sup_date on)
{
    sup_product *p = NULL;
    assert_int_equal(sup_ledger_get_product(l, product, &p), SUP_OK);
    sup_money price = 0;
    assert_int_equal(sup_product_price_on(p, on, &price), SUP_OK);
    sup_product_free(p);
    sup_id lic = 0;
    if (sup_ledger_sell(l, ACTOR, NULL, customer, product, on, price, &lic) != SUP_OK)
        fail_msg("sell: %s", sup_error_message());
    return lic;
}

/* Renew at the quoted fee. */
static inline sup_quote *renew(sup_ledger *l, sup_id license, sup_date on, const char *payment_id)
{
    sup_quote *q = NULL;
    assert_int_equal(sup_quote_new(&q), SUP_OK);
    assert_int_equal(sup_ledger_quote_renewal(l, license, on, q), SUP_OK);
    if (sup_ledger_renew(l, ACTOR, payment_id, license, on, sup_quote_fee(q), q) != SUP_OK)
        fail_msg("renew: %s", sup_error_message());
    return q;
}

#endif /* LEDGER_TEST_UTIL_H */
