/*
 * libsupport — ledger internals shared by the ledger's sources (ledger.c: the
 * handle, transactions and the policy cache; ledger_load.c: rebuilding core
 * objects; ledger_catalog.c, ledger_sales.c: the changes; ledger_cursor.c,
 * ledger_lists.c: the lists). Not installed. Every name here is hidden
 * (sup__ or static). Storage goes through the seam of store.h only: no file
 * of the ledger names an engine.
 */
#ifndef LIBSUPPORT_LEDGER_INTERNAL_H
#define LIBSUPPORT_LEDGER_INTERNAL_H

#include "libsupport.h"
#include "error_internal.h"
#include "utf8_internal.h"
#include "text_internal.h"
#include "date_internal.h"
#include "money_internal.h"
#include "policy_internal.h"
#include "product_internal.h"
#include "license_internal.h"
#include "notice_internal.h"
#include "libsupport/ledger.h"
#include "store.h"

/* Cached prepared statements of one connection (see ledger.c for the SQL). */
enum sup__lstmt {
    LS_POLICY_NEW,       /* id, effective, body of versions with id > ?1 */
    LS_PRODUCT_GET,      /* kind, support_months, code, name of product ?1 */
    LS_PRODUCT_PRICES,   /* effective, amount of product ?1 by id */
    LS_PRODUCT_BY_CODE,  /* id of product code ?1 */
    LS_CUSTOMER_GET,     /* code, name of customer ?1 */
    LS_CUSTOMER_BY_CODE, /* id of customer code ?1 */
    LS_LICENSE_GET,      /* customer_id, product_id, kind, purchased of license ?1 */
    LS_LICENSE_LOCK,     /* the same, locking the license's row for the transaction where the engine can */
    LS_LICENSE_EVENTS,   /* kind, on_date, support_until, amount of license ?1 by id */
    LS_EVENT_BY_PAYMENT, /* the event with payment id ?1 */
    LS_EVENT_INSERT,
    LS_LICENSE_INSERT,
    LS_PERIOD_CLOSE,
    LS_PERIOD_UPSERT,
    LS_AUDIT_INSERT,
    /* issue 13: customers' contact data, imports (ledger_customers.c, ledger_import.c) */
    LS_CUSTOMER_ROW,      /* code, name, phone, inn, kpp, lang, note of customer ?1 */
    LS_CUSTOMER_EMAILS,   /* address, address_key of customer ?1 in order */
    LS_CUSTOMER_INSERT,
    LS_CUSTOMER_UPDATE,
    LS_EMAILS_DELETE,
    LS_EMAIL_INSERT,
    LS_EVENT_INSERT_BULK, /* LS_EVENT_INSERT without RETURNING (SQLite builds a table for each RETURNING) */
    LS_COUNT
};

struct sup__cached_policy {
    sup_id id;
    sup_date effective;
    sup_policy *policy; /* owned */
};

struct sup_ledger {
    sup__store *store;
    int refs;          /* 1 while open + 1 per live cursor */
    bool closed;       /* sup_ledger_close was called */
    bool readonly;     /* opened with SUP_LEDGER_READONLY */
    bool in_batch;     /* sup_ledger_begin is in effect */
    bool batch_failed; /* the engine lost the batch's transaction: only a rollback is accepted */
    bool created;      /* this handle created the ledger's schema */
    int read_depth;    /* nested sup__ledger_read_begin calls */
    bool read_owned;   /* the outermost read started the transaction it ends */
    bool in_snapshot;  /* sup_ledger_snapshot_begin is in effect (it holds one level of read_depth) */
    int busy_timeout_ms;
    int64_t time_ms;   /* the caller's wall-clock time for the audit trail (0: none) */
    sup__stmt *stmts[LS_COUNT];
    /* Statements of static SQL kept prepared once used (sup__ledger_prepare, lists): found by the SQL's
     * address, handed out while idle. SQLite parses a statement's text at every prepare, which was most
     * of a short query's cost (a key look-up, a license's releases). */
    struct sup__kept_stmt {
        const char *sql; /* the caller's pointer (static SQL: the same each call) */
        char *text;      /* a copy: a caller's buffer of built SQL may hold other SQL at the same address */
        unsigned flags;
        sup__stmt *st;
    } kept[48];
    size_t nkept;
    /* Policy versions are append-only and immutable, so parsed versions are
     * cached by id; the cache is dropped whenever a transaction rolls back. */
    struct sup__cached_policy *pol; /* in id order */
    size_t npol, cappol;
    sup__policy_version *versions; /* in force: sorted by effective, superseded ones dropped */
    sup_id *version_ids;           /* parallel to versions */
    size_t nversions;
};

/* ---- ledger.c: statements, transactions ------------------------------------------------------- */

/** The cached statement `which`, reset and with bindings cleared (NULL on failure, *rc set). */
sup__stmt *sup__ledger_stmt(sup_ledger *l, enum sup__lstmt which, int *rc);
/** Reset a cached statement after use. */
void sup__ledger_done(sup__stmt *st);
/**
 * A statement of `sql`, which must be a string with static storage (a literal): kept prepared by the
 * connection once used and handed out again when idle; give it back with sup__ledger_finalize (which
 * resets a kept statement, and finalizes another). `flags`: SUP__STMT_STREAM for a list's.
 */
int sup__ledger_prepare(sup_ledger *l, const char *sql, sup__stmt **out);
int sup__ledger_prepare_kept(sup_ledger *l, const char *sql, unsigned flags, sup__stmt **out);
/** A statement of SQL built at run time (never kept). */
int sup__ledger_prepare_once(sup_ledger *l, const char *sql, unsigned flags, sup__stmt **out);
void sup__ledger_finalize(sup__stmt *st);
/** Run SQL without results. */
int sup__ledger_exec(sup_ledger *l, const char *sql, const char *what);

/** Start a change: checks the handle is writable; a write transaction, or a savepoint inside a batch. */
int sup__ledger_write_begin(sup_ledger *l, const char *fn);
/** Finish a change: commit when rc == SUP_OK, else undo (keeping rc's message). Returns the final code. */
int sup__ledger_write_end(sup_ledger *l, int rc);
/** Start a consistent read (a read transaction unless one is open). */
int sup__ledger_read_begin(sup_ledger *l, const char *fn);
/** Finish a read; returns rc unchanged unless ending the read itself failed while rc was SUP_OK. */
int sup__ledger_read_end(sup_ledger *l, int rc);

/** Bring the policy cache up to date; on success l->versions holds the versions in force. */
int sup__ledger_load_policies(sup_ledger *l);
/** Index into l->versions of the version in force on `on`, or (size_t)-1. */
size_t sup__ledger_version_on(const sup_ledger *l, sup_date on);
/** SUP_EDB "policy version N is damaged: it does not parse (<the parser's message>)". */
int sup__ledger_damaged_policy(sup_id id);
/** Drop the policy cache (after a rollback). */
void sup__ledger_forget_policies(sup_ledger *l);

/** Drop one reference; frees the connection when the handle is closed and no cursor remains. */
void sup__ledger_unref(sup_ledger *l);
/** SUP_ESTATE if the handle is closed. */
int sup__ledger_check_open(const sup_ledger *l, const char *fn);

/* ---- argument checks (ledger_load.c) ---------------------------------------------------------- */

/** Check a text argument: non-NULL, non-empty, at most `max` bytes, UTF-8, no control characters. */
int sup__ledger_check_text(const char *s, size_t max, bool multiline, const char *what);
/** Check an id argument (> 0) naming what it is for the message. */
int sup__ledger_check_id(sup_id id, const char *what);
/** The actor of a change. */
int sup__ledger_check_actor(const char *actor);
/** A date read from storage, checked (SUP_EDB if damaged). */
int sup__ledger_column_date(sup__stmt *st, int col, sup_date *out);
/** "1998.00" for messages and audit details. */
const char *sup__ledger_money_str(sup_money m, char buf[SUP_MONEY_BUFSIZE]);

/* ---- loading core objects (ledger_load.c) ------------------------------------------------------ */

struct sup__product_row {
    sup_license_kind kind;
    int support_months;
};

struct sup__license_row {
    sup_id customer;
    sup_id product;
    sup_license_kind kind;
    sup_date purchased;
};

/** Everything a rule about one license needs: its row, its product and its rebuilt history. */
struct sup__loaded {
    struct sup__license_row row;
    sup_product *product;
    sup_license *license;
};

int sup__ledger_load_product(sup_ledger *l, sup_id id, struct sup__product_row *row, sup_product **out);
/** The license's row; `lock` takes the engine's row lock for the transaction (changes). */
int sup__ledger_load_license_row(sup_ledger *l, sup_id id, bool lock, struct sup__license_row *row);
int sup__ledger_rebuild_license(sup_ledger *l, sup_id id, const struct sup__license_row *row,
                                const sup_product *prod, sup_license **out);
/** Row, product, history and the policy versions; `lock` as for the row. */
int sup__ledger_load_all(sup_ledger *l, sup_id license, bool lock, struct sup__loaded *ld);
void sup__ledger_loaded_free(struct sup__loaded *ld);
/** SUP_OK if the customer exists, SUP_ENOTFOUND if not. */
int sup__ledger_customer_exists(sup_ledger *l, sup_id customer);

/* ---- releases (ledger_catalog.c) ---------------------------------------------------------------- */
/** The argument checks of sup_ledger_add_release. */
int sup__ledger_check_release(const char *actor, sup_id product, const char *version, sup_date released,
                              const char *note);
/**
 * Inside a change: store a release and its audit event ("add_release"; `more`, may be NULL, is appended to
 * the event's detail and consumed).
 */
int sup__ledger_insert_release(sup_ledger *l, const char *actor, sup_id product, const char *version,
                               sup_date released, const char *note, sup__buf *more, sup_id *out);

/** Append an audit event (the detail buffer is consumed). */
int sup__ledger_audit(sup_ledger *l, const char *action, const char *actor, sup_date on, sup_id product,
                      sup_id customer, sup_id license, sup__buf *detail);
/** Run an INSERT … RETURNING id: *id gets the new row's id. */
int sup__ledger_insert_id(sup__stmt *st, const char *what, sup_id *id);
/** Run a statement without rows (reset after). */
int sup__ledger_run(sup__stmt *st, const char *what);

/* ---- events and support periods (ledger_sales.c), shared with the import and the money sources --- */

struct sup__event_in {
    sup_id license;
    sup_event_kind kind;
    sup_date on;
    sup_date until;
    sup_money amount;
    const char *payment_id; /* may be NULL */
    sup_id policy_version;  /* 0: none */
    const sup_quote *quote; /* may be NULL */
    const char *actor;
};
/** Insert a license event (*raced: its payment id was recorded meanwhile); *event (may be NULL) its id. */
int sup__ledger_insert_event(sup_ledger *l, const struct sup__event_in *e, bool *raced, sup_id *event);
/* ---- payments, shared with the money sources (ledger_sales.c; issue 14) ------------------------------ */

/** What was recorded under a payment id. */
struct sup__recorded {
    sup_id event;
    sup_id license;
    sup_id customer;
    sup_id product;
    int kind;
    sup_money amount;
    sup_quote quote;
    sup_id void_id;     /* the correction that voided it, or 0 */
    sup_date voided_on; /* its date */
    char external_id[SUP_LEDGER_EXTERNAL_ID_MAX + 1]; /* the license's, "" if none */
};
/** 1 and *r filled if the payment id is recorded, 0 if not, or a negative error. */
int sup__ledger_find_payment(sup_ledger *l, const char *payment_id, struct sup__recorded *r);

enum sup__pay_kind { SUP__PAY_RENEWAL, SUP__PAY_SUBSCRIPTION };
struct sup__payment_in {
    enum sup__pay_kind pk;
    const char *actor;
    const char *payment_id;
    sup_id license;
    sup_date on;
    sup_money paid;
    const char *detail; /* appended to the audit event's detail ("invoice=…"), or NULL */
};
/**
 * Inside a change, with the license loaded (and locked): the core applies the
 * renewal or payment, and its event, support period and audit event are
 * stored. *event (may be NULL) gets the event's id; *raced is set when the
 * payment id was recorded meanwhile by a concurrent writer.
 */
int sup__ledger_record_payment(sup_ledger *l, const struct sup__payment_in *p, struct sup__loaded *ld, sup_quote *q,
                               sup_id *event, bool *raced);
/** After an event on `on` was added to `lic`: the support period from `on` on. */
int sup__ledger_period_add(sup_ledger *l, sup_id license, const struct sup__license_row *row, const sup_license *lic,
                           sup_date on);

#endif /* LIBSUPPORT_LEDGER_INTERNAL_H */
