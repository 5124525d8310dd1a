/* libsupport — the ledger: opening, schema and migrations, errors, transactions,
 * batches and the cache of policy versions. The operations are in ledger_ops.c,
 * the list queries in ledger_cursor.c. */
#define _POSIX_C_SOURCE 200809L
#include "ledger_internal.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

/* ---- schema ------------------------------------------------------------------------
 * migrations[v] takes a ledger from schema version v to v + 1 (version 0 is an
 * empty file). Never edit a released migration: append a new one and bump
 * SUP_LEDGER_SCHEMA_VERSION.
 *
 * Stored history is append-only (enforced by triggers): license_event, price,
 * policy_version, product_release, license and audit rows are never updated
 * or deleted. support_period is derived data: the support_until in force over
 * [valid_from, valid_to] of each license, computed by the core from the
 * license's events in the same transaction as each event, with copies of the
 * license's fixed facts (kind, purchase date, customer, product); it exists so
 * that the list queries are index range scans that read no other table but
 * the customer's for its code and name.
 */
static const char *const schema_v1[] = {
    "CREATE TABLE policy_version ("
    " id INTEGER PRIMARY KEY,"
    " effective INTEGER NOT NULL CHECK (effective BETWEEN 19000101 AND 99991231),"
    " body TEXT NOT NULL,"
    " actor TEXT NOT NULL) STRICT;"
    "CREATE INDEX policy_version_by_effective ON policy_version(effective, id);",
    "CREATE TABLE product ("
    " id INTEGER PRIMARY KEY,"
    " code TEXT NOT NULL UNIQUE,"
    " name TEXT NOT NULL,"
    " kind INTEGER NOT NULL CHECK (kind BETWEEN 0 AND 2),"
    " support_months INTEGER NOT NULL CHECK (support_months BETWEEN 0 AND 1200)) STRICT;",
    "CREATE TABLE price ("
    " id INTEGER PRIMARY KEY,"
    " product_id INTEGER NOT NULL REFERENCES product(id),"
    " effective INTEGER NOT NULL CHECK (effective BETWEEN 19000101 AND 99991231),"
    " amount INTEGER NOT NULL CHECK (amount >= 0),"
    " actor TEXT NOT NULL) STRICT;"
    "CREATE INDEX price_by_product ON price(product_id, id);",
    "CREATE TABLE customer ("
    " id INTEGER PRIMARY KEY,"
    " code TEXT NOT NULL UNIQUE,"
    " name TEXT NOT NULL) STRICT;",
    "CREATE TABLE license ("
    " id INTEGER PRIMARY KEY,"
    " customer_id INTEGER NOT NULL REFERENCES customer(id),"
    " product_id INTEGER NOT NULL REFERENCES product(id),"
    " kind INTEGER NOT NULL CHECK (kind BETWEEN 0 AND 2),"
    " purchased INTEGER NOT NULL CHECK (purchased BETWEEN 19000101 AND 99991231)) STRICT;"
    "CREATE INDEX license_by_customer ON license(customer_id, id);",
    "CREATE TABLE license_event ("
    " id INTEGER PRIMARY KEY,"
    " license_id INTEGER NOT NULL REFERENCES license(id),"
    " kind INTEGER NOT NULL CHECK (kind BETWEEN 0 AND 4),"
    " on_date INTEGER NOT NULL CHECK (on_date BETWEEN 19000101 AND 99991231),"
    " support_until INTEGER NOT NULL CHECK (support_until BETWEEN 19000101 AND 99991231),"
    " amount INTEGER NOT NULL CHECK (amount >= 0),"
    " payment_id TEXT UNIQUE,"
    " policy_version_id INTEGER REFERENCES policy_version(id),"
    " quote_kind INTEGER NOT NULL DEFAULT 0,"
    " quote_rate INTEGER NOT NULL DEFAULT 0,"
    " quote_list_price INTEGER NOT NULL DEFAULT 0,"
    " quote_support_until INTEGER NOT NULL DEFAULT 0,"
    " quote_valid_through INTEGER NOT NULL DEFAULT 0,"
    " actor TEXT NOT NULL) STRICT;"
    "CREATE INDEX license_event_by_license ON license_event(license_id, id);"
    "CREATE INDEX license_event_by_date ON license_event(on_date);",
    "CREATE TABLE support_period ("
    " license_id INTEGER NOT NULL REFERENCES license(id),"
    " valid_from INTEGER NOT NULL,"
    " valid_to INTEGER NOT NULL,"
    " support_until INTEGER NOT NULL,"
    " kind INTEGER NOT NULL,"
    " purchased INTEGER NOT NULL,"
    " customer_id INTEGER NOT NULL,"
    " product_id INTEGER NOT NULL,"
    " PRIMARY KEY (customer_id, license_id, valid_from)) STRICT, WITHOUT ROWID;"
    /* covering: a list reads the index alone, plus the customer's code and name */
    "CREATE INDEX support_period_by_until ON support_period"
    " (support_until, license_id, valid_from, valid_to, kind, purchased, customer_id, product_id);"
    "CREATE INDEX support_period_by_product ON support_period"
    " (product_id, support_until, license_id, valid_from, valid_to, kind, purchased, customer_id);",
    "CREATE TABLE product_release ("
    " id INTEGER PRIMARY KEY,"
    " product_id INTEGER NOT NULL REFERENCES product(id),"
    " version TEXT NOT NULL,"
    " released INTEGER NOT NULL CHECK (released BETWEEN 19000101 AND 99991231),"
    " note TEXT,"
    " UNIQUE (product_id, version)) STRICT;"
    "CREATE INDEX product_release_by_date ON product_release(product_id, released, id);",
    "CREATE TABLE audit ("
    " id INTEGER PRIMARY KEY,"
    " action TEXT NOT NULL,"
    " actor TEXT NOT NULL,"
    " on_date INTEGER,"
    " product_id INTEGER,"
    " customer_id INTEGER,"
    " license_id INTEGER,"
    " detail TEXT NOT NULL) STRICT;",
#define SUP__APPEND_ONLY(t)                                                                                 \
    "CREATE TRIGGER " t "_no_update BEFORE UPDATE ON " t " BEGIN SELECT RAISE(ABORT, '" t                     \
    " is append-only'); END;"                                                                               \
    "CREATE TRIGGER " t "_no_delete BEFORE DELETE ON " t " BEGIN SELECT RAISE(ABORT, '" t                     \
    " is append-only'); END;"
    SUP__APPEND_ONLY("policy_version") SUP__APPEND_ONLY("price") SUP__APPEND_ONLY("license")
        SUP__APPEND_ONLY("license_event") SUP__APPEND_ONLY("product_release") SUP__APPEND_ONLY("audit")
    "CREATE TRIGGER product_no_delete BEFORE DELETE ON product BEGIN SELECT RAISE(ABORT, 'products are kept'); END;"
    "CREATE TRIGGER customer_no_delete BEFORE DELETE ON customer"
    " BEGIN SELECT RAISE(ABORT, 'customers are kept'); END;"
    "CREATE TRIGGER product_kind_fixed BEFORE UPDATE OF kind, code ON product"
    " BEGIN SELECT RAISE(ABORT, 'a product keeps its kind and code'); END;"
    "CREATE TRIGGER customer_code_fixed BEFORE UPDATE OF code ON customer"
    " BEGIN SELECT RAISE(ABORT, 'a customer keeps its code'); END;",
    NULL};
#undef SUP__APPEND_ONLY

static const char *const *const migrations[SUP_LEDGER_SCHEMA_VERSION] = {schema_v1};

/* ---- cached statements ---------------------------------------------------------------- */

static const char *const stmt_sql[LS_COUNT] = {
    [LS_POLICY_NEW] = "SELECT id, effective, body FROM policy_version WHERE id > ?1 ORDER BY id",
    [LS_PRODUCT_GET] = "SELECT kind, support_months, code, name FROM product WHERE id = ?1",
    [LS_PRODUCT_PRICES] = "SELECT effective, amount FROM price WHERE product_id = ?1 ORDER BY id",
    [LS_PRODUCT_BY_CODE] = "SELECT id FROM product WHERE code = ?1",
    [LS_CUSTOMER_GET] = "SELECT code, name FROM customer WHERE id = ?1",
    [LS_CUSTOMER_BY_CODE] = "SELECT id FROM customer WHERE code = ?1",
    [LS_LICENSE_GET] = "SELECT customer_id, product_id, kind, purchased FROM license WHERE id = ?1",
    [LS_LICENSE_EVENTS] = "SELECT kind, on_date, support_until, amount FROM license_event"
                          " WHERE license_id = ?1 ORDER BY id",
    [LS_EVENT_BY_PAYMENT] = "SELECT e.id, e.license_id, e.kind, e.on_date, e.support_until, e.amount,"
                            " e.quote_kind, e.quote_rate, e.quote_list_price, e.quote_support_until,"
                            " e.quote_valid_through, l.customer_id, l.product_id"
                            " FROM license_event e JOIN license l ON l.id = e.license_id WHERE e.payment_id = ?1",
    [LS_EVENT_INSERT] = "INSERT INTO license_event (license_id, kind, on_date, support_until, amount, payment_id,"
                        " policy_version_id, quote_kind, quote_rate, quote_list_price, quote_support_until,"
                        " quote_valid_through, actor) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    [LS_LICENSE_INSERT] = "INSERT INTO license (customer_id, product_id, kind, purchased) VALUES (?1, ?2, ?3, ?4)",
    [LS_PERIOD_CLOSE] = "UPDATE support_period SET valid_to = ?3"
                        " WHERE customer_id = ?4 AND license_id = ?1 AND valid_to = 99991231 AND valid_from < ?2",
    [LS_PERIOD_UPSERT] = "INSERT INTO support_period (license_id, valid_from, valid_to, support_until, kind,"
                         " purchased, customer_id, product_id) VALUES (?1, ?2, 99991231, ?3, ?4, ?5, ?6, ?7)"
                         " ON CONFLICT (customer_id, license_id, valid_from)"
                         " DO UPDATE SET support_until = excluded.support_until, valid_to = 99991231",
    [LS_AUDIT_INSERT] = "INSERT INTO audit (action, actor, on_date, product_id, customer_id, license_id, detail)"
                        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
};

/* ---- errors ----------------------------------------------------------------------------- */

int(sup__ledger_dberr)(sup_ledger *l, int src, const char *what)
{
    const char *msg = (l != NULL && l->db != NULL) ? sqlite3_errmsg(l->db) : sqlite3_errstr(src);
    int code;
    switch (src & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED: code = SUP_EBUSY; break;
    case SQLITE_READONLY: code = SUP_EREADONLY; break;
    case SQLITE_NOTADB: code = SUP_ENOTLEDGER; break;
    case SQLITE_NOMEM: code = SUP_ENOMEM; break;
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
    case SQLITE_PROTOCOL: code = SUP_EIO; break;
    case SQLITE_CONSTRAINT: code = (src == SQLITE_CONSTRAINT_UNIQUE) ? SUP_ECONFLICT : SUP_EDB; break;
    default: code = SUP_EDB; break;
    }
    if (code == SUP_EBUSY)
        return sup__fail(code, "%s: the ledger is locked by another process or handle (%s; SQLite code %d)", what,
                         msg, src);
    return sup__fail(code, "%s: %s (SQLite code %d)", what, msg, src);
}

sqlite3_stmt *sup__ledger_stmt(sup_ledger *l, enum sup__lstmt which, int *rc)
{
    sqlite3_stmt *st = l->stmts[which];
    if (st == NULL) {
        int src = sqlite3_prepare_v3(l->db, stmt_sql[which], -1, SQLITE_PREPARE_PERSISTENT, &st, NULL);
        if (src != SQLITE_OK) {
            *rc = sup__ledger_dberr(l, src, "preparing a query");
            return NULL;
        }
        l->stmts[which] = st;
    }
    *rc = SUP_OK;
    return st;
}

void sup__ledger_done(sqlite3_stmt *st)
{
    if (st != NULL) {
        sqlite3_reset(st);
        sqlite3_clear_bindings(st);
    }
}

int sup__ledger_exec(sup_ledger *l, const char *sql, const char *what)
{
    int src = sqlite3_exec(l->db, sql, NULL, NULL, NULL);
    return src == SQLITE_OK ? SUP_OK : sup__ledger_dberr(l, src, what);
}

/* Undo without touching the last error (its message explains why we undo). */
static void quiet_exec(sup_ledger *l, const char *sql)
{
    (void)sqlite3_exec(l->db, sql, NULL, NULL, NULL);
}

/* ---- transactions ---------------------------------------------------------------------------- */

int sup__ledger_write_begin(sup_ledger *l, const char *fn)
{
    SUP__CHECK_ARG(l, fn);
    if (l->closed)
        return sup__fail(SUP_ESTATE, "%s: the ledger is closed", fn);
    if (l->readonly)
        return sup__fail(SUP_EREADONLY, "%s: the ledger was opened read-only", fn);
    if (l->in_batch)
        return sup__ledger_exec(l, "SAVEPOINT sup_op", fn);
    if (!sqlite3_get_autocommit(l->db))
        return sup__fail(SUP_ESTATE, "%s: a transaction is already open on this handle", fn);
    return sup__ledger_exec(l, "BEGIN IMMEDIATE", fn);
}

int sup__ledger_write_end(sup_ledger *l, int rc)
{
    if (rc == SUP_OK) {
        if (l->in_batch)
            rc = sup__ledger_exec(l, "RELEASE sup_op", "finishing a change");
        else
            rc = sup__ledger_exec(l, "COMMIT", "committing a change");
        if (rc == SUP_OK)
            return SUP_OK;
    }
    if (l->in_batch) {
        quiet_exec(l, "ROLLBACK TO sup_op");
        quiet_exec(l, "RELEASE sup_op");
    } else if (!sqlite3_get_autocommit(l->db)) {
        quiet_exec(l, "ROLLBACK");
    }
    sup__ledger_forget_policies(l);
    return rc;
}

int sup__ledger_read_begin(sup_ledger *l, const char *fn)
{
    SUP__CHECK_ARG(l, fn);
    if (l->closed)
        return sup__fail(SUP_ESTATE, "%s: the ledger is closed", fn);
    if (!sqlite3_get_autocommit(l->db))
        return SUP_OK; /* inside a batch (or a cursor's transaction): read there */
    return sup__ledger_exec(l, "BEGIN", fn);
}

int sup__ledger_read_end(sup_ledger *l, int rc)
{
    if (l->in_batch || sqlite3_get_autocommit(l->db))
        return rc;
    int src = sqlite3_exec(l->db, "COMMIT", NULL, NULL, NULL);
    if (src != SQLITE_OK) {
        quiet_exec(l, "ROLLBACK");
        if (rc == SUP_OK)
            rc = sup__ledger_dberr(l, src, "finishing a read");
    }
    return rc;
}

int sup_ledger_begin(sup_ledger *l)
{
    SUP__CHECK_ARG(l, "sup_ledger_begin");
    if (l->in_batch)
        return sup__fail(SUP_ESTATE, "sup_ledger_begin: a batch is already open");
    int rc = sup__ledger_write_begin(l, "sup_ledger_begin");
    if (rc == SUP_OK)
        l->in_batch = true;
    return rc;
}

int sup_ledger_commit(sup_ledger *l)
{
    SUP__CHECK_ARG(l, "sup_ledger_commit");
    if (!l->in_batch)
        return sup__fail(SUP_ESTATE, "sup_ledger_commit: no batch is open");
    int rc = sup__ledger_exec(l, "COMMIT", "sup_ledger_commit");
    if (rc != SUP_OK) {
        quiet_exec(l, "ROLLBACK");
        sup__ledger_forget_policies(l);
    }
    l->in_batch = false;
    return rc;
}

int sup_ledger_rollback(sup_ledger *l)
{
    SUP__CHECK_ARG(l, "sup_ledger_rollback");
    if (!l->in_batch)
        return sup__fail(SUP_ESTATE, "sup_ledger_rollback: no batch is open");
    l->in_batch = false;
    sup__ledger_forget_policies(l);
    return sup__ledger_exec(l, "ROLLBACK", "sup_ledger_rollback");
}

/* ---- policy versions cache ---------------------------------------------------------------------- */

void sup__ledger_forget_policies(sup_ledger *l)
{
    for (size_t i = 0; i < l->npol; i++)
        sup_policy_free(l->pol[i].policy);
    free(l->pol);
    free(l->versions);
    free(l->version_ids);
    l->pol = NULL;
    l->npol = l->cappol = 0;
    l->versions = NULL;
    l->version_ids = NULL;
    l->nversions = 0;
}

static int cmp_cached(const void *a, const void *b)
{
    const struct sup__cached_policy *x = a, *y = b;
    if (x->effective != y->effective)
        return x->effective < y->effective ? -1 : 1;
    return x->id < y->id ? -1 : (x->id > y->id);
}

/* Rebuild the array of versions in force: by effective date, the latest id of each date. */
static int rebuild_versions(sup_ledger *l)
{
    size_t cap = l->npol > 0 ? l->npol : 1;
    struct sup__cached_policy *order = malloc(cap * sizeof *order); /* copies; the policies stay in l->pol */
    sup__policy_version *v = malloc(cap * sizeof *v);
    sup_id *ids = malloc(cap * sizeof *ids);
    if (order == NULL || v == NULL || ids == NULL) {
        free(order);
        free(v);
        free(ids);
        return sup__fail(SUP_ENOMEM, "out of memory loading policy versions");
    }
    if (l->npol > 0)
        memcpy(order, l->pol, l->npol * sizeof *order);
    qsort(order, l->npol, sizeof *order, cmp_cached);
    size_t n = 0;
    for (size_t i = 0; i < l->npol; i++) {
        if (n > 0 && v[n - 1].effective == order[i].effective)
            n--; /* superseded by a later version with the same date */
        v[n].effective = order[i].effective;
        v[n].policy = order[i].policy;
        ids[n] = order[i].id;
        n++;
    }
    free(order);
    free(l->versions);
    free(l->version_ids);
    l->versions = v;
    l->version_ids = ids;
    l->nversions = n;
    return SUP_OK;
}

int sup__ledger_load_policies(sup_ledger *l)
{
    int rc;
    sqlite3_stmt *st = sup__ledger_stmt(l, LS_POLICY_NEW, &rc);
    if (st == NULL)
        return rc;
    sqlite3_bind_int64(st, 1, l->npol > 0 ? l->pol[l->npol - 1].id : 0);
    bool added = false;
    int src;
    while ((src = sqlite3_step(st)) == SQLITE_ROW) {
        sup_id id = sqlite3_column_int64(st, 0);
        sqlite3_int64 eff = sqlite3_column_int64(st, 1);
        const char *body = (const char *)sqlite3_column_text(st, 2);
        if (!sup_date_is_valid((sup_date)(eff >= 0 && eff <= SUP_DATE_MAX ? eff : 0)) || body == NULL) {
            sup__ledger_done(st);
            return sup__fail(SUP_EDB, "policy version %lld is damaged", (long long)id);
        }
        sup_policy *p;
        rc = sup_policy_parse(body, &p);
        if (rc != SUP_OK) {
            sup__ledger_done(st);
            return sup__fail(SUP_EDB, "policy version %lld does not parse: %s", (long long)id, sup_error_message());
        }
        if (l->npol == l->cappol) {
            size_t cap = l->cappol ? l->cappol * 2 : 8;
            struct sup__cached_policy *np = realloc(l->pol, cap * sizeof *np);
            if (np == NULL) {
                sup_policy_free(p);
                sup__ledger_done(st);
                return sup__fail(SUP_ENOMEM, "out of memory loading policy versions");
            }
            l->pol = np;
            l->cappol = cap;
        }
        l->pol[l->npol].id = id;
        l->pol[l->npol].effective = (sup_date)eff;
        l->pol[l->npol].policy = p;
        l->npol++;
        added = true;
    }
    sup__ledger_done(st);
    if (src != SQLITE_DONE)
        return sup__ledger_dberr(l, src, "loading policy versions");
    if (added || l->versions == NULL)
        return rebuild_versions(l);
    return SUP_OK;
}

size_t sup__ledger_version_on(const sup_ledger *l, sup_date on)
{
    return sup__version_index(l->versions, l->nversions, on);
}

/* ---- opening --------------------------------------------------------------------------------------- */

struct file_kind {
    int app_id;
    int user_version;
    int objects; /* entries in sqlite_schema */
};

static int inspect(sup_ledger *l, struct file_kind *fk)
{
    static const char sql[] = "SELECT (SELECT application_id FROM pragma_application_id),"
                              " (SELECT user_version FROM pragma_user_version),"
                              " (SELECT count(*) FROM sqlite_schema)";
    sqlite3_stmt *st = NULL;
    int src = sqlite3_prepare_v2(l->db, sql, -1, &st, NULL);
    if (src == SQLITE_OK) {
        src = sqlite3_step(st);
        if (src == SQLITE_ROW) {
            fk->app_id = sqlite3_column_int(st, 0);
            fk->user_version = sqlite3_column_int(st, 1);
            fk->objects = sqlite3_column_int(st, 2);
            src = SQLITE_OK;
        }
    }
    sqlite3_finalize(st);
    if (src != SQLITE_OK) {
        if ((src & 0xff) == SQLITE_NOTADB)
            return sup__fail(SUP_ENOTLEDGER, "not a ledger: the file is not an SQLite database");
        return sup__ledger_dberr(l, src, "reading the ledger header");
    }
    return SUP_OK;
}

static int classify(const struct file_kind *fk, unsigned flags)
{
    if (fk->app_id == SUP_LEDGER_APPLICATION_ID) {
        if (fk->user_version > SUP_LEDGER_SCHEMA_VERSION)
            return sup__fail(SUP_EVERSION,
                             "the ledger has schema version %d, written by a newer libsupport; this library "
                             "(%s) reads versions up to %d",
                             fk->user_version, SUP_VERSION_STRING, SUP_LEDGER_SCHEMA_VERSION);
        if (fk->user_version < 1)
            return sup__fail(SUP_ENOTLEDGER, "not a ledger: the ledger id is set but no schema version");
        return SUP_OK;
    }
    if (fk->app_id == 0 && fk->user_version == 0 && fk->objects == 0) {
        if (flags & SUP_LEDGER_CREATE)
            return SUP_OK;
        return sup__fail(SUP_ENOTLEDGER, "not a ledger: the file is empty (pass SUP_LEDGER_CREATE to create one)");
    }
    if (fk->app_id == 0)
        return sup__fail(SUP_ENOTLEDGER, "not a ledger: an SQLite database of another application");
    return sup__fail(SUP_ENOTLEDGER, "not a ledger: an SQLite database with application id 0x%08X",
                     (unsigned)fk->app_id);
}

static int insert_audit_raw(sup_ledger *l, const char *action, const char *actor, const char *detail)
{
    int rc;
    sqlite3_stmt *st = sup__ledger_stmt(l, LS_AUDIT_INSERT, &rc);
    if (st == NULL)
        return rc;
    sqlite3_bind_text(st, 1, action, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 2, actor, -1, SQLITE_STATIC);
    sqlite3_bind_text(st, 7, detail, -1, SQLITE_STATIC);
    int src = sqlite3_step(st);
    sup__ledger_done(st);
    return src == SQLITE_DONE ? SUP_OK : sup__ledger_dberr(l, src, "recording the audit event");
}

/* Create or migrate the schema, inside one write transaction. */
static int upgrade(sup_ledger *l, unsigned flags)
{
    int rc = sup__ledger_exec(l, "BEGIN IMMEDIATE", "sup_ledger_open (begin)");
    if (rc != SUP_OK)
        return rc;
    struct file_kind fk = {0, 0, 0};
    rc = inspect(l, &fk); /* again, under the write lock: another process may have done it */
    if (rc == SUP_OK)
        rc = classify(&fk, flags);
    int from = fk.app_id == SUP_LEDGER_APPLICATION_ID ? fk.user_version : 0;
    for (int v = from; rc == SUP_OK && v < SUP_LEDGER_SCHEMA_VERSION; v++)
        for (size_t i = 0; rc == SUP_OK && migrations[v][i] != NULL; i++)
            rc = sup__ledger_exec(l, migrations[v][i], "creating the ledger schema");
    if (rc == SUP_OK && from == 0) {
        /* A new ledger works out of the box: the default policy as the first version. */
        sup_policy *p = NULL;
        char *text = NULL;
        rc = sup_policy_new(&p);
        if (rc == SUP_OK)
            rc = sup_policy_to_text(p, &text);
        sup_policy_free(p);
        if (rc == SUP_OK) {
            sqlite3_stmt *st = NULL;
            int src = sqlite3_prepare_v2(l->db,
                                         "INSERT INTO policy_version (effective, body, actor) VALUES (?1, ?2, ?3)",
                                         -1, &st, NULL);
            if (src == SQLITE_OK) {
                sqlite3_bind_int(st, 1, SUP_DATE_MIN);
                sqlite3_bind_text(st, 2, text, -1, SQLITE_STATIC);
                sqlite3_bind_text(st, 3, "libsupport", -1, SQLITE_STATIC);
                src = sqlite3_step(st);
                if (src == SQLITE_DONE)
                    src = SQLITE_OK;
            }
            sqlite3_finalize(st);
            if (src != SQLITE_OK)
                rc = sup__ledger_dberr(l, src, "storing the default policy");
        }
        sup_free(text);
        if (rc == SUP_OK) {
            char detail[128];
            snprintf(detail, sizeof detail, "schema_version=%d; policy_version=1 (default policy, effective 1900-01-01)",
                     SUP_LEDGER_SCHEMA_VERSION);
            rc = insert_audit_raw(l, "create_ledger", "libsupport", detail);
        }
    }
    if (rc == SUP_OK && from != SUP_LEDGER_SCHEMA_VERSION) {
        char sql[128];
        snprintf(sql, sizeof sql, "PRAGMA application_id = %d; PRAGMA user_version = %d",
                 SUP_LEDGER_APPLICATION_ID, SUP_LEDGER_SCHEMA_VERSION);
        rc = sup__ledger_exec(l, sql, "writing the schema version");
    }
    if (rc == SUP_OK)
        return sup__ledger_exec(l, "COMMIT", "sup_ledger_open (commit)");
    quiet_exec(l, "ROLLBACK");
    return rc;
}

static void finalize_all(sup_ledger *l)
{
    for (size_t i = 0; i < LS_COUNT; i++) {
        sqlite3_finalize(l->stmts[i]);
        l->stmts[i] = NULL;
    }
}

static void destroy(sup_ledger *l)
{
    finalize_all(l);
    sup__ledger_forget_policies(l);
    sqlite3_close_v2(l->db);
    free(l);
}

void sup__ledger_unref(sup_ledger *l)
{
    if (--l->refs == 0)
        destroy(l);
}

void sup_ledger_close(sup_ledger *l)
{
    if (l == NULL || l->closed)
        return;
    if (l->in_batch) {
        quiet_exec(l, "ROLLBACK");
        l->in_batch = false;
    }
    l->closed = true;
    sup__ledger_unref(l);
}

/*
 * Waiting for another process's lock. SQLite's own busy handler sleeps in
 * steps of 1 … 100 ms, which is long beside a commit that takes a fraction of
 * a millisecond; under contention most of the time would be spent asleep.
 * This one starts at 20 us and backs off to 2 ms. The waits are counted, not
 * timed: the library never reads the clock.
 */
static int busy_wait(void *arg, int count)
{
    static const long steps_us[] = {20, 50, 100, 200, 300, 500, 700, 1000, 1500, 2000};
    const size_t nsteps = sizeof steps_us / sizeof steps_us[0];
    const sup_ledger *l = arg;
    long long waited_us = 0;
    for (int i = 0; i < count; i++)
        waited_us += steps_us[(size_t)i < nsteps ? (size_t)i : nsteps - 1];
    long step = steps_us[(size_t)count < nsteps ? (size_t)count : nsteps - 1];
    long long left = (long long)l->busy_timeout_ms * 1000 - waited_us;
    if (left <= 0)
        return 0; /* give up: SQLITE_BUSY */
    if (step > left)
        step = (long)left;
    struct timespec ts = {0, step * 1000L};
    nanosleep(&ts, NULL);
    return 1;
}

/*
 * Run SQL that SQLite may refuse with SQLITE_BUSY at once instead of waiting:
 * switching a new file to WAL needs an exclusive lock, and SQLite does not
 * call the busy handler when the statement already holds a shared one (two
 * processes creating the same file at once). Retry with the same waits.
 */
static int exec_waiting(sup_ledger *l, const char *sql, const char *what)
{
    int src;
    for (int n = 0;; n++) {
        src = sqlite3_exec(l->db, sql, NULL, NULL, NULL);
        if ((src & 0xff) != SQLITE_BUSY || !busy_wait(l, n))
            break;
    }
    return src == SQLITE_OK ? SUP_OK : sup__ledger_dberr(l, src, what);
}

static int open_checks(const char *path, unsigned flags)
{
    if (flags & ~(SUP_LEDGER_CREATE | SUP_LEDGER_READONLY))
        return sup__fail(SUP_EINVAL, "sup_ledger_open: unknown flags 0x%X", flags);
    if ((flags & SUP_LEDGER_CREATE) && (flags & SUP_LEDGER_READONLY))
        return sup__fail(SUP_EINVAL, "sup_ledger_open: SUP_LEDGER_CREATE and SUP_LEDGER_READONLY exclude each other");
    if (path[0] == '\0')
        return sup__fail(SUP_EINVAL, "sup_ledger_open: the path is empty");
    if (strcmp(path, ":memory:") == 0)
        return (flags & SUP_LEDGER_CREATE)
                   ? SUP_OK
                   : sup__fail(SUP_ENOTFOUND, "sup_ledger_open: \":memory:\" needs SUP_LEDGER_CREATE");
    struct stat sb;
    char q[80];
    sup__quote_text(q, sizeof q, path);
    if (stat(path, &sb) != 0) {
        if (errno == ENOENT && (flags & SUP_LEDGER_CREATE))
            return SUP_OK;
        if (errno == ENOENT)
            return sup__fail(SUP_ENOTFOUND, "no ledger at %s (pass SUP_LEDGER_CREATE to create one)", q);
        return sup__fail(SUP_EIO, "cannot open the ledger %s: %s", q, strerror(errno));
    }
    if (!S_ISREG(sb.st_mode))
        return sup__fail(SUP_ENOTLEDGER, "not a ledger: %s is not a regular file", q);
    return SUP_OK;
}

int sup_ledger_open(const char *path, unsigned flags, sup_ledger **out)
{
    SUP__CHECK_ARG(out, "sup_ledger_open");
    *out = NULL;
    SUP__CHECK_ARG(path, "sup_ledger_open");
    int rc = open_checks(path, flags);
    if (rc != SUP_OK)
        return rc;
    sup_ledger *l = calloc(1, sizeof *l);
    if (l == NULL)
        return sup__fail(SUP_ENOMEM, "out of memory opening a ledger");
    l->refs = 1;
    l->readonly = (flags & SUP_LEDGER_READONLY) != 0;
    int oflags = l->readonly ? SQLITE_OPEN_READONLY
                             : (SQLITE_OPEN_READWRITE | ((flags & SUP_LEDGER_CREATE) ? SQLITE_OPEN_CREATE : 0));
    /* NOMUTEX: a handle and its cursors are used by one thread at a time (ledger.h), so SQLite's
     * per-call connection mutex is not needed (it cost ~5% of a long list). */
    oflags |= SQLITE_OPEN_NOMUTEX;
    int src = sqlite3_open_v2(path, &l->db, oflags, NULL);
    if (src != SQLITE_OK) {
        char q[80];
        sup__quote_text(q, sizeof q, path);
        rc = sup__fail(src == SQLITE_NOMEM ? SUP_ENOMEM : SUP_EIO, "cannot open the ledger %s: %s", q,
                       l->db ? sqlite3_errmsg(l->db) : sqlite3_errstr(src));
        destroy(l);
        return rc;
    }
    sqlite3_extended_result_codes(l->db, 1);
    l->busy_timeout_ms = SUP_LEDGER_BUSY_TIMEOUT_DEFAULT;
    sqlite3_busy_handler(l->db, busy_wait, l);
    /* Harden the connection: no writable schema tricks, no schema-defined functions in views/triggers. */
    sqlite3_db_config(l->db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
    sqlite3_db_config(l->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, (int *)NULL);
    sqlite3_db_config(l->db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, (int *)NULL);

    /* Look before touching anything: a foreign file must stay exactly as it is. */
    struct file_kind fk = {0, 0, 0};
    rc = inspect(l, &fk);
    if (rc == SUP_OK)
        rc = classify(&fk, flags);
    if (rc == SUP_OK && !l->readonly && sqlite3_db_readonly(l->db, "main") == 1) {
        char q[80];
        sup__quote_text(q, sizeof q, path);
        rc = sup__fail(SUP_EREADONLY,
                       "the ledger %s is read-only (no write permission): open it with SUP_LEDGER_READONLY", q);
    }
    bool needs_upgrade = rc == SUP_OK && (fk.app_id != SUP_LEDGER_APPLICATION_ID ||
                                          fk.user_version < SUP_LEDGER_SCHEMA_VERSION);
    if (needs_upgrade && l->readonly)
        rc = sup__fail(SUP_EREADONLY,
                       "the ledger has schema version %d and must be upgraded to %d: open it once for writing",
                       fk.user_version, SUP_LEDGER_SCHEMA_VERSION);
    if (rc == SUP_OK && !l->readonly) {
        /* WAL: readers never block the writer; durable commits (fsync at every commit). */
        rc = exec_waiting(l, "PRAGMA journal_mode = WAL", "sup_ledger_open (WAL)");
    }
    if (rc == SUP_OK)
        rc = sup__ledger_exec(l, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON", "sup_ledger_open (pragmas)");
    if (rc == SUP_OK && needs_upgrade)
        rc = upgrade(l, flags);
    if (rc == SUP_OK)
        rc = sup__ledger_register_functions(l);
    if (rc != SUP_OK) {
        destroy(l);
        return rc;
    }
    *out = l;
    return SUP_OK;
}

int sup_ledger_set_busy_timeout(sup_ledger *l, int ms)
{
    SUP__CHECK_ARG(l, "sup_ledger_set_busy_timeout");
    if (ms < 0)
        return sup__fail(SUP_ERANGE, "busy timeout of %d ms: must be >= 0", ms);
    l->busy_timeout_ms = ms;
    return SUP_OK;
}

int sup_ledger_schema_version(void) { return SUP_LEDGER_SCHEMA_VERSION; }

int sup_ledger_check(sup_ledger *l)
{
    SUP__CHECK_ARG(l, "sup_ledger_check");
    if (l->closed)
        return sup__fail(SUP_ESTATE, "sup_ledger_check: the ledger is closed");
    static const char *const sqls[] = {"PRAGMA integrity_check", "PRAGMA foreign_key_check"};
    for (size_t i = 0; i < 2; i++) {
        sqlite3_stmt *st = NULL;
        int src = sqlite3_prepare_v2(l->db, sqls[i], -1, &st, NULL);
        if (src != SQLITE_OK)
            return sup__ledger_dberr(l, src, "sup_ledger_check");
        src = sqlite3_step(st);
        int rc = SUP_OK;
        if (src == SQLITE_ROW) {
            if (i == 0) {
                const char *r = (const char *)sqlite3_column_text(st, 0);
                if (r == NULL || strcmp(r, "ok") != 0)
                    rc = sup__fail(SUP_EDB, "integrity check failed: %s", r ? r : "(no message)");
            } else {
                const char *t = (const char *)sqlite3_column_text(st, 0);
                rc = sup__fail(SUP_EDB, "foreign key check failed in table %s, row %lld", t ? t : "?",
                               (long long)sqlite3_column_int64(st, 1));
            }
        } else if (src != SQLITE_DONE) {
            rc = sup__ledger_dberr(l, src, "sup_ledger_check");
        }
        sqlite3_finalize(st);
        if (rc != SUP_OK)
            return rc;
    }
    return SUP_OK;
}
