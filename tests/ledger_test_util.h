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

#define ACTOR "test"

/* A fresh directory under /tmp; the ledger file is <dir>/ledger.db. */
typedef struct {
    char dir[256];
    char path[300];
} tmp_ledger;

static inline void tmp_init(tmp_ledger *t)
{
    snprintf(t->dir, sizeof t->dir, "/tmp/sup-ledger-test-XXXXXX");
    assert_non_null(mkdtemp(t->dir));
    snprintf(t->path, sizeof t->path, "%s/ledger.db", t->dir);
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
}

static inline sup_ledger *open_new(const tmp_ledger *t)
{
    sup_ledger *l = NULL;
    int rc = sup_ledger_open(t->path, SUP_LEDGER_CREATE, &l);
    if (rc != SUP_OK)
        fail_msg("open %s: %s", t->path, sup_error_message());
    return l;
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

/* Raw SQLite: one integer from a query (for checks behind the API). */
static inline int64_t raw_int(const char *path, const char *sql)
{
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

/* Raw SQLite: run statements on a read-write connection; returns the SQLite result code. */
static inline int raw_exec(const char *path, const char *sql)
{
    sqlite3 *db = NULL;
    assert_int_equal(sqlite3_open_v2(path, &db, SQLITE_OPEN_READWRITE, NULL), SQLITE_OK);
    sqlite3_busy_timeout(db, 5000);
    int rc = sqlite3_exec(db, sql, NULL, NULL, NULL);
    sqlite3_close(db);
    return rc;
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
