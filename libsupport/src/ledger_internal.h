/*
 * libsupport — ledger internals shared by ledger.c, ledger_ops.c and
 * ledger_cursor.c. Not installed. Every name here is hidden (sup__ or static).
 */
#ifndef LIBSUPPORT_LEDGER_INTERNAL_H
#define LIBSUPPORT_LEDGER_INTERNAL_H

#include "internal.h"
#include "libsupport/ledger.h"

#include <sqlite3.h>

/* Cached prepared statements of one connection (see ledger.c for the SQL). */
enum sup__lstmt {
    LS_POLICY_NEW,       /* id, effective, body of versions with id > ?1 */
    LS_PRODUCT_GET,      /* kind, support_months, code, name of product ?1 */
    LS_PRODUCT_PRICES,   /* effective, amount of product ?1 by id */
    LS_PRODUCT_BY_CODE,  /* id of product code ?1 */
    LS_CUSTOMER_GET,     /* code, name of customer ?1 */
    LS_CUSTOMER_BY_CODE, /* id of customer code ?1 */
    LS_LICENSE_GET,      /* customer_id, product_id, kind, purchased of license ?1 */
    LS_LICENSE_EVENTS,   /* kind, on_date, support_until, amount of license ?1 by id */
    LS_EVENT_BY_PAYMENT, /* the event with payment id ?1 */
    LS_EVENT_INSERT,
    LS_LICENSE_INSERT,
    LS_PERIOD_CLOSE,
    LS_PERIOD_UPSERT,
    LS_AUDIT_INSERT,
    LS_COUNT
};

struct sup__cached_policy {
    sup_id id;
    sup_date effective;
    sup_policy *policy; /* owned */
};

struct sup_ledger {
    sqlite3 *db;
    int refs;       /* 1 while open + 1 per live cursor */
    bool closed;    /* sup_ledger_close was called */
    bool readonly;  /* opened with SUP_LEDGER_READONLY */
    bool in_batch;  /* sup_ledger_begin is in effect */
    int busy_timeout_ms;
    sqlite3_stmt *stmts[LS_COUNT];
    /* Policy versions are append-only and immutable, so parsed versions are
     * cached by id; the cache is dropped whenever a transaction rolls back. */
    struct sup__cached_policy *pol; /* in id order */
    size_t npol, cappol;
    sup__policy_version *versions; /* in force: sorted by effective, superseded ones dropped */
    sup_id *version_ids;           /* parallel to versions */
    size_t nversions;
};

/* ---- ledger.c: connection, errors, transactions ---------------------------------- */

/** Map an SQLite result code to a sup_result, with "<what>: <sqlite message>". */
int sup__ledger_dberr(sup_ledger *l, int src, const char *what);
#ifdef __clang_analyzer__
/* For the static analyzer only (see sup__fail in internal.h): the result is never SUP_OK. */
#  define sup__ledger_dberr(l, src, what) (sup__ledger_dberr((l), (src), (what)), SUP_EDB)
#endif
/** The cached statement `which`, reset and with bindings cleared (NULL on failure, error set). */
sqlite3_stmt *sup__ledger_stmt(sup_ledger *l, enum sup__lstmt which, int *rc);
/** Reset a cached statement after use. */
void sup__ledger_done(sqlite3_stmt *st);
/** Run SQL without results. */
int sup__ledger_exec(sup_ledger *l, const char *sql, const char *what);

/** Start a change: checks the handle is writable; BEGIN IMMEDIATE, or a SAVEPOINT inside a batch. */
int sup__ledger_write_begin(sup_ledger *l, const char *fn);
/** Finish a change: commit when rc == SUP_OK, else undo (keeping rc's message). Returns the final code. */
int sup__ledger_write_end(sup_ledger *l, int rc);
/** Start a consistent read (a read transaction unless inside a batch). */
int sup__ledger_read_begin(sup_ledger *l, const char *fn);
/** Finish a read; returns rc unchanged unless ending the read itself failed while rc was SUP_OK. */
int sup__ledger_read_end(sup_ledger *l, int rc);

/** Bring the policy cache up to date; on success l->versions holds the versions in force. */
int sup__ledger_load_policies(sup_ledger *l);
/** Index into l->versions of the version in force on `on`, or (size_t)-1. */
size_t sup__ledger_version_on(const sup_ledger *l, sup_date on);
/** Drop the policy cache (after a rollback). */
void sup__ledger_forget_policies(sup_ledger *l);

/** Drop one reference; frees the connection when the handle is closed and no cursor remains. */
void sup__ledger_unref(sup_ledger *l);

/** Register the SQL functions the list queries use (sup_state …). */
int sup__ledger_register_functions(sup_ledger *l);

/* ---- ledger_ops.c ------------------------------------------------------------------ */

/** Check a text argument: non-NULL, non-empty, at most `max` bytes, UTF-8, no control characters. */
int sup__ledger_check_text(const char *s, size_t max, bool multiline, const char *what);
/** Check an id argument (> 0) naming what it is for the message. */
int sup__ledger_check_id(sup_id id, const char *what);

#endif /* LIBSUPPORT_LEDGER_INTERNAL_H */
