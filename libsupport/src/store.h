/*
 * libsupport — the storage seam: what the ledger needs of an SQL engine.
 * Not installed.
 *
 * In the manner of SQLite's sqlite3_vfs (a versioned table of operations that
 * each engine fills in) the ledger is written once, against this interface,
 * in portable SQL; an engine (store_sqlite.c, store_pg.c) connects, runs
 * statements and maps its errors, and owns what differs between engines: the
 * schema's DDL, transaction and lock statements, how a long result streams,
 * and how the stored schema is checked against the one it wrote.
 *
 * Why a statement-level seam rather than one entry per ledger operation (as
 * git_odb_backend has one per object operation): the ledger has dozens of
 * operations and grows with every feature; one entry each would write every
 * query twice and let the engines drift apart in what they answer. Every query
 * lives once (ledger_*.c), the engines are small, and a third engine is one
 * file (docs/ledger.md, "Adding a backend").
 *
 * Portable SQL. Statements use the subset both engines run alike (SQLite
 * 3.37+, PostgreSQL 12+): parameters ?1 … ?N (each engine translates), COALESCE,
 * CAST(? AS INTEGER) where a parameter's type is not given by its context,
 * INSERT … RETURNING id, INSERT … ON CONFLICT … DO UPDATE, WITH … AS
 * MATERIALIZED. What only one engine needs is written in a directive that the
 * other drops: "{sqlite:INDEXED BY x}" or "{pg:FOR UPDATE}". Rules are never
 * written in SQL: statements select facts by keys and date ranges, and the
 * core decides (license.c).
 */
#ifndef LIBSUPPORT_STORE_H
#define LIBSUPPORT_STORE_H

#include "libsupport/ledger.h"

#include <stdbool.h>
#include <stdint.h>

#define SUP__STORE_OPS_VERSION 1

typedef struct sup__store sup__store; /* one connection; engines embed it first in their own struct */
typedef struct sup__stmt sup__stmt;   /* one prepared statement; engines embed it first */
typedef struct sup__store_ops sup__store_ops;

struct sup__store {
    const sup__store_ops *ops;
    bool readonly; /* opened with SUP_LEDGER_READONLY */
};

struct sup__stmt {
    sup__store *store;
    /* the ledger's statement cache (ledger.c): 0 not in it, 1 kept and idle, 2 kept and handed out */
    unsigned char cached;
};

/* prepare() flags */
#define SUP__STMT_PERSISTENT 0x1u /* kept and reused for the connection's life */
#define SUP__STMT_STREAM 0x2u     /* a list: rows are fetched as the caller advances, memory stays flat */

/* What the stored schema is, as read by inspect(). */
struct sup__schema_state {
    bool ours;          /* carries the ledger's marker (application id / meta table) */
    bool empty;         /* holds nothing at all: a new ledger may be created in it */
    bool missing;       /* does not exist at all (a database schema not created yet) */
    int version;        /* the schema version written there (ours only) */
    char where[100];    /* for messages: 'the schema "name"', 'the file "path"' (quoted, shortened) */
};

struct sup__store_ops {
    unsigned version; /* SUP__STORE_OPS_VERSION */
    const char *name; /* "sqlite", "postgresql": for messages */

    /* ---- connection ---- */
    /* Connect to `target` (a path, or a URI the engine claims) with the caller's options (flags, busy
     * timeout, file mode; already checked). */
    int (*open)(const char *target, const sup_ledger_open_options *opts, sup__store **out);
    void (*close)(sup__store *s);
    /* 1 if open() created the file it opened (NULL: never). */
    bool (*created_file)(sup__store *s);
    /* Close, and remove what open() created: the ledger could not be made there (NULL: close does). */
    void (*abandon)(sup__store *s);
    int (*set_busy_timeout)(sup__store *s, int ms);

    /* ---- schema ---- */
    int (*inspect)(sup__store *s, struct sup__schema_state *st);
    /* Inside the write transaction that creates or migrates the schema, before inspecting it again: wait
     * for any other connection doing the same (NULL: the write transaction already excludes them). */
    int (*lock_for_upgrade)(sup__store *s);
    /* Inside a write transaction: create (from == 0) or migrate the schema to SUP_LEDGER_SCHEMA_VERSION. */
    int (*upgrade)(sup__store *s, int from);
    /* Engine integrity checks, and the stored schema exactly what upgrade() writes (tables, indexes, triggers). */
    int (*check)(sup__store *s);

    /* ---- transactions ---- */
    /* Run a statement without results (BEGIN, SAVEPOINT …; "" does nothing). */
    int (*exec)(sup__store *s, const char *sql, const char *what);
    /* The SQL that starts a write transaction (serialising writers as the engine does) and a read one. */
    const char *sql_begin_write;
    const char *sql_begin_read;
    /* 1 if the engine has a transaction open on this connection. */
    bool (*in_transaction)(sup__store *s);
    /* Called before a transaction is started, committed or rolled back by the ledger: the engine makes
     * the lists it streams independent of the transaction (NULL: nothing to do). */
    int (*before_transaction_change)(sup__store *s);

    /* ---- statements (portable SQL, see above) ---- */
    int (*prepare)(sup__store *s, const char *sql, unsigned flags, sup__stmt **out);
    void (*finalize)(sup__stmt *st);
    /* Ready to bind and run again; bindings are cleared. */
    void (*reset)(sup__stmt *st);
    /* Bindings (1-based, as ?1). Text must stay valid until the statement is reset or finalized. */
    void (*bind_int64)(sup__stmt *st, int i, int64_t v);
    void (*bind_text)(sup__stmt *st, int i, const char *text);
    void (*bind_null)(sup__stmt *st, int i);
    /* 1: a row is there; 0: no more rows; < 0: a result code, message "<what>: …" set. */
    int (*step)(sup__stmt *st, const char *what);
    /* The current row's columns (0-based). Text is valid until the next step/reset. */
    int64_t (*column_int64)(sup__stmt *st, int i);
    const char *(*column_text)(sup__stmt *st, int i);
    bool (*column_is_null)(sup__stmt *st, int i);

    /* ---- engine-specific services ---- */
    /* Grant read-only access to a role (SUP_ENOTAPPLICABLE where the engine has no roles). */
    int (*grant_readonly)(sup__store *s, const char *role);
    /* Grant the portal's role what it writes (ledger_schema.c, sup__portal_grants) besides reading
     * (SUP_ENOTAPPLICABLE where the engine has no roles). */
    int (*grant_portal)(sup__store *s, const char *role);
};

/* The engines. */
extern const sup__store_ops sup__store_sqlite;
extern const sup__store_ops sup__store_pg;

/** The engine that opens `target`: PostgreSQL for postgresql:// and postgres:// URIs, else SQLite. */
const sup__store_ops *sup__store_for(const char *target);

/** `uri` without its password ("postgresql://u:***@host/db"), written to buf (always terminated). */
void sup__redact_uri(const char *uri, char *buf, size_t size);

/* ---- shorthands ---- */
static inline int sup__st_step(sup__stmt *st, const char *what) { return st->store->ops->step(st, what); }
static inline void sup__st_int(sup__stmt *st, int i, int64_t v) { st->store->ops->bind_int64(st, i, v); }
static inline void sup__st_text(sup__stmt *st, int i, const char *t) { st->store->ops->bind_text(st, i, t); }
static inline void sup__st_null(sup__stmt *st, int i) { st->store->ops->bind_null(st, i); }
static inline int64_t sup__col_int(sup__stmt *st, int i) { return st->store->ops->column_int64(st, i); }
static inline const char *sup__col_text(sup__stmt *st, int i) { return st->store->ops->column_text(st, i); }
static inline bool sup__col_null(sup__stmt *st, int i) { return st->store->ops->column_is_null(st, i); }

/*
 * The SQL of `sql` for the engine named `engine` ("sqlite", "pg"): directives
 * "{engine:text}" of that engine are replaced by their text, those of others
 * dropped; with `dollar`, parameters ?N become $N. malloc'ed, or NULL (out of
 * memory). Quoted strings are copied as they are.
 */
char *sup__sql_dialect(const char *sql, const char *engine, bool dollar);

#endif /* LIBSUPPORT_STORE_H */
