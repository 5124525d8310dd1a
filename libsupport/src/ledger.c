/* libsupport — the ledger handle: opening (either engine, store.h), the schema's
 * version, transactions and batches, cached statements and the cache of policy
 * versions. The changes are in ledger_catalog.c and ledger_sales.c, the reads in
 * ledger_load.c, the lists in ledger_cursor.c and ledger_lists.c. */
#include "ledger_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

/* ---- the engines ---------------------------------------------------------------------- */

const sup__store_ops *sup__store_for(const char *target)
{
    if (strncasecmp(target, "postgresql://", 13) == 0 || strncasecmp(target, "postgres://", 11) == 0)
        return &sup__store_pg;
    return &sup__store_sqlite;
}

/* ---- cached statements ---------------------------------------------------------------- */

static const char *const stmt_sql[LS_COUNT] = {
    [LS_POLICY_NEW] = "SELECT id, effective, body FROM policy_version WHERE id > ?1 ORDER BY id",
    [LS_PRODUCT_GET] = "SELECT kind, support_months, code, name FROM product WHERE id = ?1",
    [LS_PRODUCT_PRICES] = "SELECT effective, amount FROM price WHERE product_id = ?1 ORDER BY id",
    [LS_PRODUCT_BY_CODE] = "SELECT id FROM product WHERE code = ?1",
    [LS_CUSTOMER_GET] = "SELECT code, name FROM customer WHERE id = ?1",
    [LS_CUSTOMER_BY_CODE] = "SELECT id FROM customer WHERE code = ?1",
    [LS_LICENSE_GET] = "SELECT customer_id, product_id, kind, purchased FROM license WHERE id = ?1",
    /* SQLite's write transaction already excludes other writers; PostgreSQL locks the row. */
    [LS_LICENSE_LOCK] = "SELECT customer_id, product_id, kind, purchased FROM license WHERE id = ?1 {pg:FOR UPDATE}",
    /* with the void of each event, if any (corrections.h): the rebuild leaves voided events out */
    [LS_LICENSE_EVENTS] = "SELECT e.kind, e.on_date, e.support_until, e.amount, v.id FROM license_event e"
                          " LEFT JOIN correction v ON v.event_id = e.id AND v.kind = 1"
                          " WHERE e.license_id = ?1 ORDER BY e.id",
    [LS_EVENT_BY_PAYMENT] = "SELECT e.id, e.license_id, e.kind, e.on_date, e.support_until, e.amount,"
                            " e.quote_kind, e.quote_rate, e.quote_list_price, e.quote_support_until,"
                            " e.quote_valid_through, l.customer_id, l.product_id, l.external_id, v.id, v.on_date"
                            " FROM license_event e JOIN license l ON l.id = e.license_id"
                            " LEFT JOIN correction v ON v.event_id = e.id AND v.kind = 1 WHERE e.payment_id = ?1",
    [LS_EVENT_INSERT] = "INSERT INTO license_event (license_id, kind, on_date, support_until, amount, payment_id,"
                        " policy_version_id, quote_kind, quote_rate, quote_list_price, quote_support_until,"
                        " quote_valid_through, actor) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)"
                        " RETURNING id",
    [LS_LICENSE_INSERT] = "INSERT INTO license (customer_id, product_id, kind, purchased, external_id)"
                          " VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
    [LS_PERIOD_CLOSE] = "UPDATE support_period SET valid_to = ?3"
                        " WHERE customer_id = ?4 AND license_id = ?1 AND valid_to = 99991231 AND valid_from < ?2",
    [LS_PERIOD_UPSERT] = "INSERT INTO support_period (license_id, valid_from, valid_to, support_until, kind,"
                         " purchased, customer_id, product_id) VALUES (?1, ?2, 99991231, ?3, ?4, ?5, ?6, ?7)"
                         " ON CONFLICT (customer_id, license_id, valid_from)"
                         " DO UPDATE SET support_until = excluded.support_until, valid_to = 99991231",
    [LS_AUDIT_INSERT] = "INSERT INTO audit (action, actor, on_date, product_id, customer_id, license_id, detail, at)"
                        " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
    /* issue 13 */
    [LS_CUSTOMER_ROW] = "SELECT code, name, phone, inn, kpp, lang, note FROM customer WHERE id = ?1",
    [LS_CUSTOMER_EMAILS] = "SELECT address, address_key FROM customer_email WHERE customer_id = ?1 ORDER BY position",
    [LS_CUSTOMER_INSERT] = "INSERT INTO customer (code, name, phone, inn, kpp, lang, note)"
                           " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) RETURNING id",
    [LS_CUSTOMER_UPDATE] = "UPDATE customer SET name = ?2, phone = ?3, inn = ?4, kpp = ?5, lang = ?6, note = ?7"
                           " WHERE id = ?1",
    [LS_EMAILS_DELETE] = "DELETE FROM customer_email WHERE customer_id = ?1",
    [LS_EMAIL_INSERT] = "INSERT INTO customer_email (customer_id, position, address, address_key)"
                        " VALUES (?1, ?2, ?3, ?4)",
    [LS_EVENT_INSERT_BULK] = "INSERT INTO license_event (license_id, kind, on_date, support_until, amount, payment_id,"
                             " policy_version_id, quote_kind, quote_rate, quote_list_price, quote_support_until,"
                             " quote_valid_through, actor) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12,"
                             " ?13)",
};

sup__stmt *sup__ledger_stmt(sup_ledger *l, enum sup__lstmt which, int *rc)
{
    sup__stmt *st = l->stmts[which];
    if (st == NULL) {
        *rc = l->store->ops->prepare(l->store, stmt_sql[which], SUP__STMT_PERSISTENT, &st);
        if (*rc != SUP_OK)
            return NULL;
        l->stmts[which] = st;
    }
    *rc = SUP_OK;
    return st;
}

void sup__ledger_done(sup__stmt *st)
{
    if (st != NULL)
        st->store->ops->reset(st);
}

int sup__ledger_prepare_kept(sup_ledger *l, const char *sql, unsigned flags, sup__stmt **out)
{
    bool reused_address = false; /* SQL built in a buffer: never kept, prepared each time */
    for (size_t i = 0; i < l->nkept; i++) {
        struct sup__kept_stmt *k = &l->kept[i];
        if (k->sql != sql)
            continue;
        if (strcmp(k->text, sql) != 0) {
            reused_address = true;
            continue;
        }
        if (k->flags == flags && k->st->cached == 1) {
            k->st->cached = 2;
            *out = k->st;
            return SUP_OK;
        }
    }
    char *text = NULL;
    bool keep = !reused_address && l->nkept < sizeof l->kept / sizeof l->kept[0] && (text = sup__strdup(sql)) != NULL;
    int rc = l->store->ops->prepare(l->store, sql, flags | (keep ? SUP__STMT_PERSISTENT : 0u), out);
    if (rc == SUP_OK && keep) {
        (*out)->cached = 2;
        l->kept[l->nkept++] = (struct sup__kept_stmt){sql, text, flags, *out};
    } else {
        sup__free(text);
    }
    return rc;
}

int sup__ledger_prepare(sup_ledger *l, const char *sql, sup__stmt **out)
{
    return sup__ledger_prepare_kept(l, sql, 0u, out);
}

int sup__ledger_prepare_once(sup_ledger *l, const char *sql, unsigned flags, sup__stmt **out)
{
    return l->store->ops->prepare(l->store, sql, flags, out);
}

void sup__ledger_finalize(sup__stmt *st)
{
    if (st == NULL)
        return;
    if (st->cached == 0) {
        st->store->ops->finalize(st);
    } else { /* back to the connection's kept statements, ready to bind again */
        st->store->ops->reset(st);
        st->cached = 1;
    }
}

int sup__ledger_exec(sup_ledger *l, const char *sql, const char *what)
{
    return l->store->ops->exec(l->store, sql, what);
}

/* Undo without touching the last error (its message explains why we undo). */
static void quiet_exec(sup_ledger *l, const char *sql)
{
    char saved[512];
    int code = sup_error_code();
    snprintf(saved, sizeof saved, "%s", sup_error_message());
    if (l->store->ops->exec(l->store, sql, "undoing a change") != SUP_OK && code != SUP_OK)
        (void)sup__fail(code, "%s", saved);
}

static int before_change(sup_ledger *l)
{
    return l->store->ops->before_transaction_change != NULL ? l->store->ops->before_transaction_change(l->store)
                                                             : SUP_OK;
}

static bool in_txn(const sup_ledger *l) { return l->store->ops->in_transaction(l->store); }

/* ---- argument checks ---------------------------------------------------------------- */

int sup__ledger_check_text(const char *s, size_t max, bool multiline, const char *what)
{
    return sup__check_text(s, max, multiline ? SUP__TEXT_MULTILINE : 0u, what); /* the rules of text.c */
}

int sup__ledger_check_id(sup_id id, const char *what)
{
    if (id <= 0)
        return sup__fail(SUP_ENOTFOUND, "no %s with id %lld (ids are positive)", what, (long long)id);
    return SUP_OK;
}

int sup__ledger_check_actor(const char *actor)
{
    return sup__ledger_check_text(actor, SUP_LEDGER_ACTOR_MAX, false, "actor");
}

const char *sup__ledger_money_str(sup_money m, char buf[SUP_MONEY_BUFSIZE])
{
    if (sup_money_format(m, SUP_MONEY_PLAIN, buf, SUP_MONEY_BUFSIZE) != SUP_OK)
        buf[0] = '\0';
    return buf;
}

int sup__ledger_column_date(sup__stmt *st, int col, sup_date *out)
{
    int64_t v = sup__col_int(st, col);
    if (v < SUP_DATE_MIN || v > SUP_DATE_MAX || !sup_date_is_valid((sup_date)v))
        return sup__fail(SUP_EDB, "the ledger holds an invalid date %lld", (long long)v);
    *out = (sup_date)v;
    return SUP_OK;
}

/* ---- running statements --------------------------------------------------------------------- */

int sup__ledger_run(sup__stmt *st, const char *what)
{
    int rc = sup__st_step(st, what);
    st->store->ops->reset(st);
    if (rc == 1) /* a statement that returned a row where none was expected */
        return SUP_OK;
    return rc;
}

int sup__ledger_insert_id(sup__stmt *st, const char *what, sup_id *id)
{
    int rc = sup__st_step(st, what);
    if (rc == 1) {
        *id = sup__col_int(st, 0);
        rc = SUP_OK;
    } else if (rc == 0) {
        rc = sup__fail(SUP_EDB, "%s: the new row's id was not returned", what);
    }
    st->store->ops->reset(st);
    return rc;
}

int sup__ledger_audit(sup_ledger *l, const char *action, const char *actor, sup_date on, sup_id product,
                      sup_id customer, sup_id license, sup__buf *detail)
{
    if (detail->failed) {
        sup__buf_dispose(detail);
        return sup__fail(SUP_ENOMEM, "out of memory recording the audit event");
    }
    int rc;
    sup__stmt *st = sup__ledger_stmt(l, LS_AUDIT_INSERT, &rc);
    if (st == NULL) {
        sup__buf_dispose(detail);
        return rc;
    }
    sup__st_text(st, 1, action);
    sup__st_text(st, 2, actor);
    if (on != SUP_DATE_NONE)
        sup__st_int(st, 3, on);
    else
        sup__st_null(st, 3);
    const sup_id ids[3] = {product, customer, license};
    for (int i = 0; i < 3; i++) {
        if (ids[i] > 0)
            sup__st_int(st, 4 + i, ids[i]);
        else
            sup__st_null(st, 4 + i);
    }
    sup__st_text(st, 7, detail->data ? detail->data : "");
    if (l->time_ms > 0)
        sup__st_int(st, 8, l->time_ms);
    else
        sup__st_null(st, 8);
    rc = sup__ledger_run(st, "recording the audit event");
    sup__buf_dispose(detail);
    return rc;
}

/* ---- transactions ---------------------------------------------------------------------------- */

int sup__ledger_check_open(const sup_ledger *l, const char *fn)
{
    if (l->closed)
        return sup__fail(SUP_ESTATE, "%s: the ledger is closed", fn);
    return SUP_OK;
}

/* A batch whose transaction the engine rolled back by itself (disk full, lost connection …). */
static int batch_lost(sup_ledger *l, const char *fn)
{
    l->batch_failed = true;
    return sup__fail(SUP_ESTATE,
                     "%s: the open batch failed and its transaction was rolled back by the storage engine; "
                     "none of its changes were kept: roll the batch back (sup_ledger_rollback) and start again",
                     fn);
}

int sup__ledger_write_begin(sup_ledger *l, const char *fn)
{
    SUP__CHECK_ARG(l, fn);
    int rc = sup__ledger_check_open(l, fn);
    if (rc != SUP_OK)
        return rc;
    if (l->readonly)
        return sup__fail(SUP_EREADONLY, "%s: the ledger was opened read-only", fn);
    if (l->in_batch) {
        if (l->batch_failed || !in_txn(l))
            return batch_lost(l, fn);
        return sup__ledger_exec(l, "SAVEPOINT sup_op", fn);
    }
    if (l->in_snapshot)
        return sup__fail(SUP_ESTATE, "%s: a snapshot is open on this handle (changes only after sup_ledger_snapshot_end)",
                         fn);
    rc = before_change(l);
    if (rc != SUP_OK)
        return rc;
    if (in_txn(l))
        return sup__fail(SUP_ESTATE, "%s: a transaction is already open on this handle", fn);
    return sup__ledger_exec(l, l->store->ops->sql_begin_write, fn);
}

int sup__ledger_write_end(sup_ledger *l, int rc)
{
    if (rc == SUP_OK) {
        if (l->in_batch)
            rc = sup__ledger_exec(l, "RELEASE sup_op", "finishing a change");
        else {
            rc = before_change(l);
            if (rc == SUP_OK)
                rc = sup__ledger_exec(l, "COMMIT", "committing a change");
        }
        if (rc == SUP_OK)
            return SUP_OK;
    }
    if (l->in_batch) {
        if (in_txn(l)) {
            quiet_exec(l, "ROLLBACK TO sup_op");
            quiet_exec(l, "RELEASE sup_op");
        }
        if (!in_txn(l)) /* the engine rolled the whole batch back (SQLITE_FULL, a lost connection …) */
            l->batch_failed = true;
    } else if (in_txn(l)) {
        (void)before_change(l);
        quiet_exec(l, "ROLLBACK");
    }
    sup__ledger_forget_policies(l);
    return rc;
}

/*
 * Reads nest (an operation may read through another); the outermost read
 * starts a read transaction unless one is already open (a batch, or the
 * transaction a list is streamed in), and only a transaction it started is
 * ended by it.
 */
int sup__ledger_read_begin(sup_ledger *l, const char *fn)
{
    SUP__CHECK_ARG(l, fn);
    int rc = sup__ledger_check_open(l, fn);
    if (rc != SUP_OK)
        return rc;
    if (l->read_depth > 0 || in_txn(l)) {
        l->read_depth++;
        return SUP_OK;
    }
    rc = sup__ledger_exec(l, l->store->ops->sql_begin_read, fn);
    if (rc == SUP_OK) {
        l->read_depth = 1;
        l->read_owned = true;
    }
    return rc;
}

int sup__ledger_read_end(sup_ledger *l, int rc)
{
    if (l->read_depth > 0 && --l->read_depth > 0)
        return rc;
    if (!l->read_owned)
        return rc;
    l->read_owned = false;
    if (!in_txn(l))
        return rc;
    int end = before_change(l);
    if (end == SUP_OK)
        end = l->store->ops->exec(l->store, "COMMIT", "finishing a read");
    if (end != SUP_OK) {
        quiet_exec(l, "ROLLBACK");
        if (rc == SUP_OK)
            rc = end;
    }
    return rc;
}

int sup_ledger_snapshot_begin(sup_ledger *l)
{
    SUP__CHECK_ARG(l, "sup_ledger_snapshot_begin");
    if (l->in_snapshot)
        return sup__fail(SUP_ESTATE, "sup_ledger_snapshot_begin: a snapshot is already open");
    if (l->in_batch)
        return sup__fail(SUP_ESTATE, "sup_ledger_snapshot_begin: a batch is open on this handle");
    int rc = sup__ledger_read_begin(l, "sup_ledger_snapshot_begin");
    if (rc != SUP_OK)
        return rc;
    /* both engines take a transaction's snapshot at its first read, not at BEGIN: read now */
    rc = sup__ledger_exec(l, "SELECT id FROM policy_version LIMIT 1", "sup_ledger_snapshot_begin");
    if (rc != SUP_OK)
        return sup__ledger_read_end(l, rc);
    l->in_snapshot = true;
    return SUP_OK;
}

int sup_ledger_snapshot_end(sup_ledger *l)
{
    SUP__CHECK_ARG(l, "sup_ledger_snapshot_end");
    if (!l->in_snapshot)
        return sup__fail(SUP_ESTATE, "sup_ledger_snapshot_end: no snapshot is open");
    l->in_snapshot = false;
    return sup__ledger_read_end(l, SUP_OK);
}

int sup_ledger_in_snapshot(const sup_ledger *l) { return l != NULL && l->in_snapshot ? 1 : 0; }

int sup_ledger_begin(sup_ledger *l)
{
    SUP__CHECK_ARG(l, "sup_ledger_begin");
    if (l->in_snapshot)
        return sup__fail(SUP_ESTATE, "sup_ledger_begin: a snapshot is open on this handle");
    if (l->in_batch)
        return sup__fail(SUP_ESTATE, "sup_ledger_begin: a batch is already open");
    int rc = sup__ledger_write_begin(l, "sup_ledger_begin");
    if (rc == SUP_OK) {
        l->in_batch = true;
        l->batch_failed = false;
    }
    return rc;
}

int sup_ledger_commit(sup_ledger *l)
{
    SUP__CHECK_ARG(l, "sup_ledger_commit");
    if (!l->in_batch)
        return sup__fail(SUP_ESTATE, "sup_ledger_commit: no batch is open");
    if (l->batch_failed || !in_txn(l))
        return batch_lost(l, "sup_ledger_commit");
    int rc = before_change(l);
    if (rc == SUP_OK)
        rc = sup__ledger_exec(l, "COMMIT", "sup_ledger_commit");
    if (rc != SUP_OK) {
        if (in_txn(l))
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
    l->batch_failed = false;
    sup__ledger_forget_policies(l);
    if (!in_txn(l))
        return SUP_OK; /* the engine already rolled it back */
    int rc = before_change(l);
    if (rc == SUP_OK)
        rc = sup__ledger_exec(l, "ROLLBACK", "sup_ledger_rollback");
    return rc;
}

/* ---- policy versions cache ---------------------------------------------------------------------- */

void sup__ledger_forget_policies(sup_ledger *l)
{
    for (size_t i = 0; i < l->npol; i++)
        sup_policy_free(l->pol[i].policy);
    sup__free(l->pol);
    sup__free(l->versions);
    sup__free(l->version_ids);
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
    struct sup__cached_policy *order = sup__malloc(cap * sizeof *order); /* copies; the policies stay in l->pol */
    sup__policy_version *v = sup__malloc(cap * sizeof *v);
    sup_id *ids = sup__malloc(cap * sizeof *ids);
    if (order == NULL || v == NULL || ids == NULL) {
        sup__free(order);
        sup__free(v);
        sup__free(ids);
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
    sup__free(order);
    sup__free(l->versions);
    sup__free(l->version_ids);
    l->versions = v;
    l->version_ids = ids;
    l->nversions = n;
    return SUP_OK;
}

static int cache_policy(sup_ledger *l, sup_id id, sup_date effective, sup_policy *p)
{
    if (l->npol == l->cappol) {
        size_t cap = l->cappol ? l->cappol * 2 : 8;
        struct sup__cached_policy *np = sup__realloc(l->pol, cap * sizeof *np);
        if (np == NULL) {
            sup_policy_free(p);
            return sup__fail(SUP_ENOMEM, "out of memory loading policy versions");
        }
        l->pol = np;
        l->cappol = cap;
    }
    l->pol[l->npol].id = id;
    l->pol[l->npol].effective = effective;
    l->pol[l->npol].policy = p;
    l->npol++;
    return SUP_OK;
}

/* A stored policy version that does not parse: the parser's message inside ours (copied first:
 * formatting a message from the message buffer itself would overlap). */
int sup__ledger_damaged_policy(sup_id id)
{
    char why[400];
    snprintf(why, sizeof why, "%s", sup_error_message());
    return sup__fail(SUP_EDB, "policy version %lld is damaged: it does not parse (%s)", (long long)id, why);
}

int sup__ledger_load_policies(sup_ledger *l)
{
    int rc;
    sup__stmt *st = sup__ledger_stmt(l, LS_POLICY_NEW, &rc);
    if (st == NULL)
        return rc;
    sup__st_int(st, 1, l->npol > 0 ? l->pol[l->npol - 1].id : 0);
    bool added = false;
    while ((rc = sup__st_step(st, "loading policy versions")) == 1) {
        sup_id id = sup__col_int(st, 0);
        sup_date eff;
        const char *body = sup__col_text(st, 2);
        rc = sup__ledger_column_date(st, 1, &eff);
        if (rc == SUP_OK && body == NULL)
            rc = sup__fail(SUP_EDB, "policy version %lld is damaged: it has no text", (long long)id);
        sup_policy *p = NULL;
        if (rc == SUP_OK && sup_policy_parse(body, &p) != SUP_OK)
            rc = sup_error_code() == SUP_ENOMEM ? SUP_ENOMEM : sup__ledger_damaged_policy(id);
        if (rc == SUP_OK)
            rc = cache_policy(l, id, eff, p);
        if (rc != SUP_OK)
            break;
        added = true;
    }
    sup__ledger_done(st);
    if (rc < 0)
        return rc;
    if (added || l->versions == NULL)
        return rebuild_versions(l);
    return SUP_OK;
}

size_t sup__ledger_version_on(const sup_ledger *l, sup_date on)
{
    return sup__version_index(l->versions, l->nversions, on);
}

/* ---- opening --------------------------------------------------------------------------------------- */

static int classify(const struct sup__schema_state *fk, unsigned flags)
{
    if (fk->ours) {
        if (fk->version > SUP_LEDGER_SCHEMA_VERSION)
            return sup__fail(SUP_EVERSION,
                             "the ledger has schema version %d, written by a newer libsupport; this library "
                             "(%s) reads versions up to %d",
                             fk->version, SUP_VERSION_STRING, SUP_LEDGER_SCHEMA_VERSION);
        if (fk->version < 1)
            return sup__fail(SUP_ENOTLEDGER, "not a ledger: the ledger id is set but no schema version");
        return SUP_OK;
    }
    if (flags & SUP_LEDGER_CREATE)
        return SUP_OK; /* empty (anything else was refused by the engine's inspect) */
    const char *where = fk->where[0] != '\0' ? fk->where : "the ledger";
    if (fk->missing)
        return sup__fail(SUP_ENOTFOUND, "no ledger there: %s does not exist (pass SUP_LEDGER_CREATE to create one)",
                         where);
    return sup__fail(SUP_ENOTLEDGER, "not a ledger: %s is empty (pass SUP_LEDGER_CREATE to create one)", where);
}

/* A new ledger works out of the box: the default policy as the first version, and the audit event. */
static int seed_new_ledger(sup_ledger *l)
{
    sup_policy *p = NULL;
    char *text = NULL;
    int rc = sup_policy_new(&p);
    if (rc == SUP_OK)
        rc = sup_policy_to_text(p, &text);
    sup_policy_free(p);
    sup__stmt *st = NULL;
    if (rc == SUP_OK)
        rc = sup__ledger_prepare(l, "INSERT INTO policy_version (effective, body, actor) VALUES (?1, ?2, ?3)", &st);
    if (rc == SUP_OK) {
        sup__st_int(st, 1, SUP_DATE_MIN);
        sup__st_text(st, 2, text);
        sup__st_text(st, 3, "libsupport");
        rc = sup__ledger_run(st, "storing the default policy");
    }
    sup__ledger_finalize(st);
    sup_free(text);
    if (rc == SUP_OK) {
        sup__buf b = {0};
        sup__buf_printf(&b, "schema_version=%d; policy_version=1 (default policy, effective 1900-01-01)",
                        SUP_LEDGER_SCHEMA_VERSION);
        rc = sup__ledger_audit(l, "create_ledger", "libsupport", SUP_DATE_NONE, 0, 0, 0, &b);
    }
    return rc;
}

/* Create or migrate the schema, inside one write transaction (another process may have done it). */
static int upgrade(sup_ledger *l, unsigned flags)
{
    int rc = sup__ledger_exec(l, l->store->ops->sql_begin_write, "sup_ledger_open (begin)");
    if (rc != SUP_OK)
        return rc;
    if (l->store->ops->lock_for_upgrade != NULL)
        rc = l->store->ops->lock_for_upgrade(l->store);
    struct sup__schema_state fk = {false, false, false, 0, ""};
    if (rc == SUP_OK)
        rc = l->store->ops->inspect(l->store, &fk);
    if (rc == SUP_OK)
        rc = classify(&fk, flags);
    int from = fk.ours ? fk.version : 0;
    if (rc == SUP_OK && from < SUP_LEDGER_SCHEMA_VERSION)
        rc = l->store->ops->upgrade(l->store, from);
    if (rc == SUP_OK && from == 0)
        rc = seed_new_ledger(l);
    if (rc == SUP_OK && from > 0 && from < SUP_LEDGER_SCHEMA_VERSION) { /* not when another process just did it */
        sup__buf b = {0};
        sup__buf_printf(&b, "schema_version=%d -> %d", from, SUP_LEDGER_SCHEMA_VERSION);
        rc = sup__ledger_audit(l, "upgrade_schema", "libsupport", SUP_DATE_NONE, 0, 0, 0, &b);
    }
    if (rc == SUP_OK)
        rc = sup__ledger_exec(l, "COMMIT", "sup_ledger_open (commit)");
    if (rc == SUP_OK) {
        l->created = from == 0;
        return SUP_OK;
    }
    if (in_txn(l))
        quiet_exec(l, "ROLLBACK");
    return rc;
}

static void release_statements(sup_ledger *l)
{
    for (size_t i = 0; i < LS_COUNT; i++) {
        sup__ledger_finalize(l->stmts[i]);
        l->stmts[i] = NULL;
    }
    for (size_t i = 0; i < l->nkept; i++) {
        l->kept[i].st->cached = 0;
        sup__ledger_finalize(l->kept[i].st);
        sup__free(l->kept[i].text);
    }
    l->nkept = 0;
    sup__ledger_forget_policies(l);
}

static void destroy(sup_ledger *l)
{
    release_statements(l);
    if (l->store != NULL)
        l->store->ops->close(l->store);
    sup__free(l);
}

/* Opening failed: nothing may be left where there was nothing (a file open() created is removed). */
static void destroy_failed_open(sup_ledger *l)
{
    release_statements(l);
    const sup__store_ops *ops = l->store != NULL ? l->store->ops : NULL;
    if (ops != NULL && ops->abandon != NULL && ops->created_file != NULL && ops->created_file(l->store))
        ops->abandon(l->store);
    else if (ops != NULL)
        ops->close(l->store);
    sup__free(l);
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
        if (in_txn(l)) {
            (void)before_change(l);
            quiet_exec(l, "ROLLBACK");
        }
        l->in_batch = false;
    }
    if (l->in_snapshot) { /* its read transaction ends with the handle, not with the last cursor */
        l->in_snapshot = false;
        (void)sup__ledger_read_end(l, SUP_OK);
    }
    l->closed = true;
    sup__ledger_unref(l);
}

static void open_defaults(sup_ledger_open_options *opts)
{
    memset(opts, 0, sizeof *opts);
    opts->version = SUP_LEDGER_OPEN_OPTIONS_VERSION;
    opts->busy_timeout_ms = SUP_LEDGER_BUSY_TIMEOUT_DEFAULT;
}

int sup_ledger_open_options_init(sup_ledger_open_options *opts, unsigned version)
{
    SUP__CHECK_ARG(opts, "sup_ledger_open_options_init");
    if (version != SUP_LEDGER_OPEN_OPTIONS_VERSION)
        return sup__fail(SUP_EINVAL, "sup_ledger_open_options_init: unknown version %u (this library knows %u)",
                         version, (unsigned)SUP_LEDGER_OPEN_OPTIONS_VERSION);
    open_defaults(opts);
    return SUP_OK;
}

int sup_ledger_open_ext(const char *target, const sup_ledger_open_options *opts, sup_ledger **out)
{
    SUP__CHECK_ARG(out, "sup_ledger_open_ext");
    *out = NULL;
    SUP__CHECK_ARG(target, "sup_ledger_open_ext");
    sup_ledger_open_options defaults;
    if (opts == NULL) {
        open_defaults(&defaults);
        opts = &defaults;
    } else if (opts->version != SUP_LEDGER_OPEN_OPTIONS_VERSION) {
        return sup__fail(SUP_EINVAL, "sup_ledger_open_ext: options of version %u (this library knows %u)",
                         opts->version, (unsigned)SUP_LEDGER_OPEN_OPTIONS_VERSION);
    }
    unsigned flags = opts->flags;
    if (flags & ~(SUP_LEDGER_CREATE | SUP_LEDGER_READONLY))
        return sup__fail(SUP_EINVAL, "sup_ledger_open: unknown flags 0x%X", flags);
    if ((flags & SUP_LEDGER_CREATE) && (flags & SUP_LEDGER_READONLY))
        return sup__fail(SUP_EINVAL, "sup_ledger_open: SUP_LEDGER_CREATE and SUP_LEDGER_READONLY exclude each other");
    if (opts->busy_timeout_ms < 0)
        return sup__fail(SUP_ERANGE, "busy timeout of %d ms: must be >= 0", opts->busy_timeout_ms);
    if (opts->file_mode > 07777)
        return sup__fail(SUP_ERANGE, "sup_ledger_open_ext: file mode %o is not a permission mode", opts->file_mode);
    if (opts->time_ms < 0)
        return sup__fail(SUP_ERANGE, "sup_ledger_open_ext: a time of %lld ms is before 1970", (long long)opts->time_ms);
    sup_ledger *l = sup__calloc(1, sizeof *l);
    if (l == NULL)
        return sup__fail(SUP_ENOMEM, "out of memory opening a ledger");
    l->refs = 1;
    l->readonly = (flags & SUP_LEDGER_READONLY) != 0;
    l->busy_timeout_ms = opts->busy_timeout_ms;
    l->time_ms = opts->time_ms;
    const sup__store_ops *ops = sup__store_for(target);
    int rc = ops->open(target, opts, &l->store);
    struct sup__schema_state fk = {false, false, false, 0, ""};
    if (rc == SUP_OK)
        rc = ops->inspect(l->store, &fk);
    if (rc == SUP_OK)
        rc = classify(&fk, flags);
    bool needs_upgrade = rc == SUP_OK && (!fk.ours || fk.version < SUP_LEDGER_SCHEMA_VERSION);
    if (needs_upgrade && l->readonly)
        rc = sup__fail(SUP_EREADONLY,
                       "the ledger has schema version %d and must be upgraded to %d: open it once for writing",
                       fk.version, SUP_LEDGER_SCHEMA_VERSION);
    if (rc == SUP_OK && needs_upgrade)
        rc = upgrade(l, flags);
    if (rc != SUP_OK) {
        destroy_failed_open(l);
        return rc;
    }
    *out = l;
    return SUP_OK;
}

int sup_ledger_open(const char *path, unsigned flags, sup_ledger **out)
{
    sup_ledger_open_options o;
    open_defaults(&o);
    o.flags = flags;
    return sup_ledger_open_ext(path, &o, out);
}

int sup_ledger_created(const sup_ledger *l) { return l != NULL && l->created; }

const char *sup_ledger_backend(const sup_ledger *l) { return l != NULL ? l->store->ops->name : ""; }

const char *sup_ledger_target_backend(const char *target)
{
    return target != NULL ? sup__store_for(target)->name : "";
}

int sup_ledger_target_display(const char *target, char *buf, size_t size)
{
    SUP__CHECK_ARG(target, "sup_ledger_target_display");
    SUP__CHECK_ARG(buf, "sup_ledger_target_display");
    if (size == 0)
        return sup__fail(SUP_EINVAL, "sup_ledger_target_display: the buffer has no room");
    if (sup__store_for(target) == &sup__store_sqlite)
        snprintf(buf, size, "%s", target);
    else
        sup__redact_uri(target, buf, size);
    return SUP_OK;
}

int sup_ledger_set_busy_timeout(sup_ledger *l, int ms)
{
    SUP__CHECK_ARG(l, "sup_ledger_set_busy_timeout");
    if (ms < 0)
        return sup__fail(SUP_ERANGE, "busy timeout of %d ms: must be >= 0", ms);
    int rc = l->store->ops->set_busy_timeout(l->store, ms);
    if (rc == SUP_OK)
        l->busy_timeout_ms = ms;
    return rc;
}

int sup_ledger_schema_version(void) { return SUP_LEDGER_SCHEMA_VERSION; }

int sup_ledger_set_time(sup_ledger *l, int64_t unix_ms)
{
    SUP__CHECK_ARG(l, "sup_ledger_set_time");
    if (unix_ms < 0)
        return sup__fail(SUP_ERANGE, "sup_ledger_set_time: %lld ms is before 1970", (long long)unix_ms);
    l->time_ms = unix_ms;
    return SUP_OK;
}

int sup_ledger_check(sup_ledger *l)
{
    SUP__CHECK_ARG(l, "sup_ledger_check");
    int rc = sup__ledger_check_open(l, "sup_ledger_check");
    if (rc != SUP_OK)
        return rc;
    if (in_txn(l) && l->in_batch)
        return sup__fail(SUP_ESTATE, "sup_ledger_check: a batch is open");
    rc = before_change(l);
    if (rc == SUP_OK)
        rc = l->store->ops->check(l->store);
    return rc;
}

/* The grants of sup_ledger_grant_readonly and sup_ledger_grant_portal. */
static int grant(sup_ledger *l, const char *role, bool portal, const char *fn)
{
    SUP__CHECK_ARG(l, fn);
    int rc = sup__ledger_check_open(l, fn);
    if (rc == SUP_OK)
        rc = sup__ledger_check_text(role, 63, false, "role name");
    if (rc != SUP_OK)
        return rc;
    if (l->readonly)
        return sup__fail(SUP_EREADONLY, "%s: the ledger was opened read-only", fn);
    if (l->in_batch)
        return sup__fail(SUP_ESTATE, "%s: a batch is open", fn);
    rc = before_change(l);
    if (rc == SUP_OK)
        rc = portal ? l->store->ops->grant_portal(l->store, role) : l->store->ops->grant_readonly(l->store, role);
    return rc;
}

int sup_ledger_grant_readonly(sup_ledger *l, const char *role)
{
    return grant(l, role, false, "sup_ledger_grant_readonly");
}

int sup_ledger_grant_portal(sup_ledger *l, const char *role)
{
    return grant(l, role, true, "sup_ledger_grant_portal");
}
