/*
 * libsupport — the ledger: a persistent, crash-safe, multi-process store of
 * products and their prices, policy versions, customers, licenses, renewals,
 * subscription payments and releases, in an SQLite file (the embedded
 * default) or a PostgreSQL database (several hosts sharing one ledger).
 *
 * The ledger stores facts; every rule is decided by the core (license.h):
 * a license's status, quote and downloads are computed by rebuilding a
 * sup_license from its stored events and asking the core.
 *
 * Guarantees
 *  - Every change is one durable transaction (SQLite: WAL with
 *    synchronous=FULL; PostgreSQL: a committed transaction) and
 *    appends one audit event naming the caller's actor string. Stored history
 *    (license events, prices, policy versions, releases, the audit trail) is
 *    append-only; renaming a product or customer is recorded in the audit
 *    trail with the old and the new value.
 *  - Several processes may open the same file at once; writers wait for each
 *    other up to the busy timeout (then SUP_EBUSY, nothing changed).
 *  - A failing call changes nothing and leaves a message in sup_error_message().
 *  - Payments are idempotent: the caller's payment id is unique in the ledger;
 *    applying the same payment again returns the first result and changes
 *    nothing, the same id with another license or amount is SUP_ECONFLICT.
 *  - The library never reads the clock: every call takes the date it is about.
 *    The audit trail orders events by a sequence number and records the
 *    business date of the change, and the wall-clock time the caller gives
 *    (sup_ledger_set_time).
 *
 * Threads: one sup_ledger (and its cursors) must be used by one thread at a
 * time (the connection has no lock of its own); open one handle per thread
 * for parallel work. Do not use a handle in a child process after fork():
 * open a new one there. Using a handle after sup_ledger_close, a cursor after
 * sup_cursor_free, or closing or freeing twice is undefined behaviour (as with
 * sqlite3_close): the library cannot detect it.
 *
 * Text (codes, names, actor, payment ids, release versions and notes) must be
 * non-empty, within the byte limits below, valid UTF-8, and hold none of the C0
 * controls and DEL (a note may hold \n, \r and \t), the C1 controls
 * U+0080…U+009F or the bidi controls U+202A…U+202E and U+2066…U+2069 — the
 * rules a customer notice applies to the names it shows, so whatever is stored
 * can be shown; anything else is SUP_EINVAL naming the code point (e.g.
 * `customer name "ACME\u202E…" contains U+202E RIGHT-TO-LEFT OVERRIDE`). Any
 * such text is stored exactly as given (SQL is built with bound parameters only).
 */
#ifndef LIBSUPPORT_LEDGER_H
#define LIBSUPPORT_LEDGER_H

#include "common.h"
#include "license.h"
#include "notice.h"
#include "offer.h"
#include "policy.h"
#include "product.h"

#ifdef __cplusplus
extern "C" {
#endif

/** A row id in the ledger (product, customer, license, policy version, release, event). Valid ids are > 0. */
typedef int64_t sup_id;

typedef struct sup_ledger sup_ledger; /**< opaque open ledger */
typedef struct sup_cursor sup_cursor; /**< opaque streaming result of a list query */

/* ---- limits (bytes of UTF-8, without the terminating NUL) ----------------- */
#define SUP_LEDGER_CODE_MAX 64        /**< product and customer codes */
#define SUP_LEDGER_NAME_MAX 256       /**< product and customer names */
#define SUP_LEDGER_ACTOR_MAX 128      /**< the actor string of a change */
#define SUP_LEDGER_PAYMENT_ID_MAX 128 /**< the caller's payment id */
#define SUP_LEDGER_VERSION_MAX 64     /**< a release's version string */
#define SUP_LEDGER_NOTE_MAX 2000      /**< a release's note */

/** The schema version this library writes (SQLite: PRAGMA user_version; PostgreSQL: the table ledger_meta). */
#define SUP_LEDGER_SCHEMA_VERSION 2
/** SQLite only: PRAGMA application_id of a ledger file, "SUPL". */
#define SUP_LEDGER_APPLICATION_ID 0x5355504C
/** Busy timeout of a newly opened ledger, in milliseconds. */
#define SUP_LEDGER_BUSY_TIMEOUT_DEFAULT 5000

/* ---- opening ------------------------------------------------------------------ */

/** Flags of sup_ledger_open. */
#define SUP_LEDGER_CREATE 0x1u   /**< create the ledger (file, or schema in a database) if it does not exist */
#define SUP_LEDGER_READONLY 0x2u /**< open for queries only; every change is SUP_EREADONLY */

/**
 * Open the ledger at `target`:
 *  - a file path (or ":memory:" with SUP_LEDGER_CREATE, a private in-memory
 *    ledger for tests): an SQLite ledger, the embedded default;
 *  - a "postgresql://" or "postgres://" URI: a ledger in a PostgreSQL
 *    database, through libpq. The URI is libpq's (user, password, host —
 *    also a unix-socket directory as host=/run/postgresql —, port, dbname and
 *    parameters such as sslmode), plus one parameter of libsupport's own,
 *    schema=NAME: the schema holding the ledger's tables (default "public"), so
 *    that several ledgers can share one database. Example:
 *    postgresql://app@db.example/ledgers?schema=vendor1&sslmode=verify-full
 * With SUP_LEDGER_CREATE a missing or empty file (or schema) becomes a new
 * ledger holding the default policy as its first version, effective
 * 1900-01-01. A ledger of an older schema is migrated forward (unless
 * read-only). Both engines give the same answers and the same guarantees.
 *
 * Errors (the file or database is left exactly as it was):
 *  SUP_EINVAL unknown flags or CREATE|READONLY, a malformed URI; SUP_ENOTFOUND
 *  no such file without CREATE; SUP_ENOTLEDGER not a ledger (an SQLite file of
 *  another application, a database schema holding other tables, an empty one
 *  without CREATE); SUP_EVERSION a ledger of a newer schema; SUP_EREADONLY a
 *  ledger this user cannot write, opened without SUP_LEDGER_READONLY (or an
 *  old schema that needs migrating, opened read-only); SUP_EBUSY locked beyond
 *  the timeout; SUP_EIO cannot reach the file or server (the message names the
 *  cause, with PostgreSQL's SQLSTATE where there is one); SUP_EDB other failures.
 */
SUP_API SUP_NODISCARD int sup_ledger_open(const char *target, unsigned flags, sup_ledger **out);

/** Options of sup_ledger_open_ext (initialise with sup_ledger_open_options_init). */
typedef struct sup_ledger_open_options {
    unsigned version;    /**< SUP_LEDGER_OPEN_OPTIONS_VERSION */
    unsigned flags;      /**< SUP_LEDGER_CREATE, SUP_LEDGER_READONLY */
    int busy_timeout_ms; /**< as sup_ledger_set_busy_timeout (default SUP_LEDGER_BUSY_TIMEOUT_DEFAULT) */
    int64_t time_ms;     /**< as sup_ledger_set_time, also for the events opening records (creation, upgrade); 0: none */
    /**
     * SQLite: the permissions of a ledger file this call creates, e.g. 0660 for
     * a ledger shared by the members of a group (docs/ledger.md, "Several
     * users"); set exactly, whatever the umask. 0: the process's default
     * (0666 less the umask). SQLite gives the -wal and -shm files the ledger's
     * permissions. Ignored by PostgreSQL.
     */
    unsigned file_mode;
} sup_ledger_open_options;
#define SUP_LEDGER_OPEN_OPTIONS_VERSION 1

/** Fill `opts` with the defaults of `version` (SUP_LEDGER_OPEN_OPTIONS_VERSION). */
SUP_API SUP_NODISCARD int sup_ledger_open_options_init(sup_ledger_open_options *opts, unsigned version);
/** sup_ledger_open with options (NULL: the defaults). */
SUP_API SUP_NODISCARD int sup_ledger_open_ext(const char *target, const sup_ledger_open_options *opts,
                                              sup_ledger **out);
/** 1 if this handle created the ledger when it opened it (several processes may race to: one did). */
SUP_API int sup_ledger_created(const sup_ledger *ledger);
/** The engine holding the ledger: "sqlite" or "postgresql". */
SUP_API const char *sup_ledger_backend(const sup_ledger *ledger);
/** The engine that sup_ledger_open would use for `target` ("postgresql" for its URIs, else "sqlite"). */
SUP_API const char *sup_ledger_target_backend(const char *target);
/**
 * `target` as it may be shown or logged: a password in a URI replaced by "***"
 * (a path is unchanged). Writes at most `size` bytes (NUL-terminated, shortened
 * if needed); SUP_EINVAL for NULL arguments or size 0.
 */
SUP_API SUP_NODISCARD int sup_ledger_target_display(const char *target, char *buf, size_t size);

/**
 * PostgreSQL: let `role` read the ledger and nothing else (USAGE on the
 * ledger's schema and SELECT on its tables, also those later migrations add);
 * the role is created (LOGIN, no password: set one, or use peer
 * authentication) if it does not exist. For a website that only shows what
 * the ledger holds. SQLite: SUP_ENOTAPPLICABLE (use file permissions,
 * docs/ledger.md).
 */
SUP_API SUP_NODISCARD int sup_ledger_grant_readonly(sup_ledger *ledger, const char *role);

/**
 * PostgreSQL: let `role` (created as for sup_ledger_grant_readonly) read the
 * ledger and write what the customer portal writes and nothing else (portal.h:
 * downloads, license keys, sign-in requests, sessions, and their audit
 * events): the website's role (docs/deploy.md). SQLite: SUP_ENOTAPPLICABLE.
 */
SUP_API SUP_NODISCARD int sup_ledger_grant_portal(sup_ledger *ledger, const char *role);

/**
 * Close the ledger (rolls back a batch left open). Open cursors stay usable and
 * keep the connection alive until they are freed. NULL is fine.
 */
SUP_API void sup_ledger_close(sup_ledger *ledger);

/**
 * The wall-clock time of the changes that follow on this handle, as the
 * caller knows it (the library never reads the clock): milliseconds since
 * 1970-01-01 UTC, recorded with every audit event (SUP_AUDCOL_AT). 0 (the
 * default) records none. Set it before each change, or once for a short-lived
 * process (supportctl sets it from the system clock; the Python and PHP Ledger
 * classes set it before every change). SUP_ERANGE for a negative time.
 */
SUP_API SUP_NODISCARD int sup_ledger_set_time(sup_ledger *ledger, int64_t unix_ms);

/** How long a call waits for another process's lock before SUP_EBUSY (milliseconds, >= 0). */
SUP_API SUP_NODISCARD int sup_ledger_set_busy_timeout(sup_ledger *ledger, int milliseconds);

/** The schema version this library writes: SUP_LEDGER_SCHEMA_VERSION. */
SUP_API int sup_ledger_schema_version(void);

/**
 * Check the ledger: the engine's own integrity checks (SQLite: integrity and
 * foreign keys) and that the stored schema — tables, columns, indexes and the
 * triggers keeping history append-only — is exactly what this library wrote:
 * SUP_OK, or SUP_EDB naming the first problem (e.g. "trigger audit_no_update is
 * missing"). PostgreSQL builds the expected schema in a scratch schema inside
 * a transaction it rolls back, so the role needs CREATE on the database.
 */
SUP_API SUP_NODISCARD int sup_ledger_check(sup_ledger *ledger);

/* ---- moving a ledger between engines ------------------------------------------ */

/** Options of sup_ledger_migrate (initialise with sup_ledger_migrate_options_init). */
typedef struct sup_ledger_migrate_options {
    unsigned version; /**< SUP_LEDGER_MIGRATE_OPTIONS_VERSION */
    /**
     * Called every 1000 rows and at the end of each table, with the table's name
     * and its rows copied so far (for a progress bar); returning non-zero stops
     * the copy (SUP_ESTATE, nothing kept). NULL: not called.
     */
    int (*progress)(void *payload, const char *table, int64_t rows);
    void *payload;
} sup_ledger_migrate_options;
#define SUP_LEDGER_MIGRATE_OPTIONS_VERSION 1

/** What sup_ledger_migrate copied. Set version to SUP_LEDGER_MIGRATION_VERSION before the call. */
typedef struct sup_ledger_migration {
    unsigned version;   /**< SUP_LEDGER_MIGRATION_VERSION */
    int tables;         /**< tables copied */
    int64_t rows;       /**< rows copied, in all */
    char checksum[17];  /**< 64-bit FNV-1a of every fact in key order, hex: equal on both ledgers */
} sup_ledger_migration;
#define SUP_LEDGER_MIGRATION_VERSION 1

SUP_API SUP_NODISCARD int sup_ledger_migrate_options_init(sup_ledger_migrate_options *opts, unsigned version);

/**
 * Copy the whole ledger at `from` (either engine; opened read-only; of this
 * library's schema version) to `to` (either engine), which must hold nothing
 * yet (a missing or empty file, a missing or empty schema; else
 * SUP_ECONFLICT): every table, the audit trail, the ids, in one transaction on
 * the target, seeing one snapshot of the source. Before committing, the copy
 * is read back and its rows and the checksum of every fact must equal the
 * source's (else SUP_EDB, nothing kept). On any failure the target is left as
 * it was (a file the call created is removed). opts and report may be NULL.
 */
SUP_API SUP_NODISCARD int sup_ledger_migrate(const char *from, const char *to, const sup_ledger_migrate_options *opts,
                                             sup_ledger_migration *report);

/* ---- batches ------------------------------------------------------------------- */

/**
 * Group the following changes into one transaction (e.g. an import). Inside a
 * batch each call is still all-or-nothing (a failing call is undone alone),
 * and nothing is visible to others or durable until sup_ledger_commit.
 * SUP_ESTATE if a batch is already open.
 */
SUP_API SUP_NODISCARD int sup_ledger_begin(sup_ledger *ledger);
/** Commit the open batch (SUP_ESTATE if none). */
SUP_API SUP_NODISCARD int sup_ledger_commit(sup_ledger *ledger);
/** Undo the open batch (SUP_ESTATE if none). */
SUP_API SUP_NODISCARD int sup_ledger_rollback(sup_ledger *ledger);

/* ---- snapshots ----------------------------------------------------------------- */

/**
 * Read several answers from one snapshot of the ledger (a web page, a report):
 * every read call until sup_ledger_snapshot_end sees the ledger as it was when
 * the snapshot began, and the engine's read transaction is opened once
 * instead of once per call (SQLite: one read transaction; PostgreSQL:
 * REPEATABLE READ READ ONLY). Changes are refused inside a snapshot (SUP_ESTATE, nothing changed):
 * make them before it or after it. SUP_ESTATE if a snapshot or a batch is
 * already open on the handle. Closing the handle ends an open snapshot. Read
 * a cursor made inside a snapshot before ending it: read after, it reads the
 * ledger as it is then.
 */
SUP_API SUP_NODISCARD int sup_ledger_snapshot_begin(sup_ledger *ledger);
/** End the snapshot (SUP_ESTATE if none is open). */
SUP_API SUP_NODISCARD int sup_ledger_snapshot_end(sup_ledger *ledger);
/** 1 while a snapshot is open on the handle, else 0 (also for NULL). */
SUP_API int sup_ledger_in_snapshot(const sup_ledger *ledger);

/* ---- policy versions ----------------------------------------------------------- */

/**
 * Add a policy version taking effect on `effective` (stored in the policy's
 * text form). A version with the same effective date as an earlier one
 * supersedes it for every later computation; the earlier one stays on record
 * (renewals it priced keep pointing at it). `out` (may be NULL) gets the version id.
 */
SUP_API SUP_NODISCARD int sup_ledger_add_policy(sup_ledger *ledger, const char *actor, sup_date effective,
                                                const sup_policy *policy, sup_id *out);

/**
 * The policy in force on `on` (a new object: free with sup_policy_free) and,
 * if `version` is not NULL, its version id.
 */
SUP_API SUP_NODISCARD int sup_ledger_get_policy(sup_ledger *ledger, sup_date on, sup_id *version,
                                                sup_policy **out);

/* ---- products ------------------------------------------------------------------ */

/**
 * Add a product with a unique code (SUP_ECONFLICT if taken), a name, a kind and
 * a support term (see sup_product_new). SUP_SUPPORT_MONTHS_DEFAULT gives a
 * perpetual product the default_support_months of the ledger's latest policy
 * version (the one in force on 9999-12-31), a subscription its period. It has no
 * price until sup_ledger_set_price.
 */
SUP_API SUP_NODISCARD int sup_ledger_add_product(sup_ledger *ledger, const char *actor, const char *code,
                                                 const char *name, sup_license_kind kind, int support_months,
                                                 sup_id *out);

/**
 * Change a product's name (NULL: keep) and support term (negative, also
 * SUP_SUPPORT_MONTHS_DEFAULT: keep). A new
 * support term applies to later sales only. The kind never changes.
 */
SUP_API SUP_NODISCARD int sup_ledger_update_product(sup_ledger *ledger, const char *actor, sup_id product,
                                                    const char *name, int support_months);

/**
 * Set the list price (kopecks, >= 0) taking effect on `effective`. A price on a
 * date that already has one supersedes it; the earlier one stays on record.
 */
SUP_API SUP_NODISCARD int sup_ledger_set_price(sup_ledger *ledger, const char *actor, sup_id product,
                                               sup_date effective, sup_money price);

/** The id of the product with this code (SUP_ENOTFOUND if none). */
SUP_API SUP_NODISCARD int sup_ledger_find_product(sup_ledger *ledger, const char *code, sup_id *out);

/** The product as a core object with its whole price history (free with sup_product_free). */
SUP_API SUP_NODISCARD int sup_ledger_get_product(sup_ledger *ledger, sup_id product, sup_product **out);

/* ---- customers ----------------------------------------------------------------- */

/** Add a customer with a unique code (SUP_ECONFLICT if taken) and a name. */
SUP_API SUP_NODISCARD int sup_ledger_add_customer(sup_ledger *ledger, const char *actor, const char *code,
                                                  const char *name, sup_id *out);
/** Rename a customer. */
SUP_API SUP_NODISCARD int sup_ledger_update_customer(sup_ledger *ledger, const char *actor, sup_id customer,
                                                     const char *name);
/** The id of the customer with this code (SUP_ENOTFOUND if none). */
SUP_API SUP_NODISCARD int sup_ledger_find_customer(sup_ledger *ledger, const char *code, sup_id *out);

/* ---- licenses ------------------------------------------------------------------ */

/**
 * Sell `product` to `customer` on `on` for `paid` kopecks, which must be the
 * list price in force on `on` (SUP_EMISMATCH otherwise; SUP_ENOTFOUND if there
 * is none). `payment_id` may be NULL; if given, the sale is idempotent like a
 * renewal: selling again with the same id returns the same license.
 */
SUP_API SUP_NODISCARD int sup_ledger_sell(sup_ledger *ledger, const char *actor, const char *payment_id,
                                          sup_id customer, sup_id product, sup_date on, sup_money paid,
                                          sup_id *out);

/** The license rebuilt as a core object from its stored events (free with sup_license_free). */
SUP_API SUP_NODISCARD int sup_ledger_get_license(sup_ledger *ledger, sup_id license, sup_license **out);

/** Who owns a license and of what. Either out-parameter may be NULL. */
SUP_API SUP_NODISCARD int sup_ledger_license_parties(sup_ledger *ledger, sup_id license, sup_id *customer,
                                                     sup_id *product);

/** Where the license stands on `on`, under the policy version in force on `on` (see sup_license_status). */
SUP_API SUP_NODISCARD int sup_ledger_license_status(sup_ledger *ledger, sup_id license, sup_date on,
                                                    sup_status *status);

/**
 * The renewal quote of a perpetual license on `on`, with the product's price
 * history and every policy version (each day priced by the version in force).
 * Errors as sup_license_quote (SUP_ENOTAPPLICABLE for a subscription).
 */
SUP_API SUP_NODISCARD int sup_ledger_quote_renewal(sup_ledger *ledger, sup_id license, sup_date on,
                                                   sup_quote *quote);

/**
 * Renew a perpetual license on `on` for `paid` kopecks under the caller's
 * unique `payment_id`. `paid` must be the fee of the quote for `on`
 * (SUP_EMISMATCH), `on` not before the license's last event (SUP_ESTATE),
 * `paid` not negative (SUP_EMONEY). The renewal records the policy version that
 * priced it. Replaying a recorded payment id with the same license and amount
 * returns the first result (in `applied`, which may be NULL) and changes
 * nothing; with another license or amount it is SUP_ECONFLICT.
 */
SUP_API SUP_NODISCARD int sup_ledger_renew(sup_ledger *ledger, const char *actor, const char *payment_id,
                                           sup_id license, sup_date on, sup_money paid, sup_quote *applied);

/** The quote of a subscription payment on `on` (SUP_ENOTAPPLICABLE for a perpetual license). */
SUP_API SUP_NODISCARD int sup_ledger_quote_payment(sup_ledger *ledger, sup_id license, sup_date on,
                                                   sup_quote *quote);

/**
 * The offer for `license` on `on` (offer.h): the renewal quote of
 * sup_ledger_quote_renewal for a perpetual license, the payment quote of
 * sup_ledger_quote_payment for a subscription — with the product's whole price
 * history and every policy version — or no offer and the reason (before the
 * purchase, no price or no policy in force on the date, past the calendar, a
 * fee that overflows). No offer is an answer (SUP_OK); the call fails only on
 * bad arguments (SUP_EINVAL, SUP_EDATE), an unknown license (SUP_ENOTFOUND) or
 * the storage; then `offer` holds no offer.
 */
SUP_API SUP_NODISCARD int sup_ledger_offer(sup_ledger *ledger, sup_id license, sup_date on, sup_offer *offer);

/** Record a subscription payment: the same rules and idempotence as sup_ledger_renew. */
SUP_API SUP_NODISCARD int sup_ledger_pay(sup_ledger *ledger, const char *actor, const char *payment_id,
                                         sup_id license, sup_date on, sup_money paid, sup_quote *applied);

/**
 * Record, as is, that on `on` support was set to run through `until` (importing
 * history; see sup_license_add_period). No fee is involved.
 */
SUP_API SUP_NODISCARD int sup_ledger_record_period(sup_ledger *ledger, const char *actor, sup_id license,
                                                   sup_date on, sup_date until);

/* ---- payments that say what they did (issue 13) ------------------------------------ */

/** Options of the _ext forms (initialise with sup_payment_options_init). */
typedef struct sup_payment_options {
    unsigned version;        /**< SUP_PAYMENT_OPTIONS_VERSION */
    const char *external_id; /**< sup_ledger_sell_ext only: the vendor's id of the new license (import.h),
                                  unique in the ledger, not starting with "#"; NULL: none */
    const char *reason;      /**< sup_ledger_sell_ext only: a sale at a price agreed for this reason, not the
                                  list price (as sup_ledger_sell_at_price, corrections.h); NULL: the list price */
} sup_payment_options;
#define SUP_PAYMENT_OPTIONS_VERSION 1

/** What a sale, renewal or payment did (initialise with sup_payment_outcome_init before the call). */
typedef struct sup_payment_outcome {
    unsigned version;     /**< SUP_PAYMENT_OUTCOME_VERSION */
    int replayed;         /**< 1: the payment id was recorded before; nothing changed (the first result is given) */
    sup_id event;         /**< the license event recorded (now, or the first time) */
    sup_id license;       /**< its license */
    sup_date recorded_on; /**< the business date of that event */
} sup_payment_outcome;
#define SUP_PAYMENT_OUTCOME_VERSION 1

SUP_API SUP_NODISCARD int sup_payment_options_init(sup_payment_options *opts, unsigned version);
SUP_API SUP_NODISCARD int sup_payment_outcome_init(sup_payment_outcome *outcome, unsigned version);

/**
 * sup_ledger_renew, sup_ledger_pay and sup_ledger_sell with options (NULL: none)
 * and an outcome (NULL: not wanted) that tells a first application from a
 * replay of the same payment id: outcome->replayed, the event and the date it
 * was recorded on ("already recorded on 2026-07-01 (event 17); nothing changed").
 * sup_ledger_sell_ext with opts->external_id gives the new license the
 * vendor's id (SUP_ECONFLICT if another license has it; a replay with another
 * external id is SUP_ECONFLICT too). The rules and errors are those of the plain forms.
 */
SUP_API SUP_NODISCARD int sup_ledger_renew_ext(sup_ledger *ledger, const char *actor, const char *payment_id,
                                               sup_id license, sup_date on, sup_money paid,
                                               const sup_payment_options *opts, sup_quote *applied,
                                               sup_payment_outcome *outcome);
SUP_API SUP_NODISCARD int sup_ledger_pay_ext(sup_ledger *ledger, const char *actor, const char *payment_id,
                                             sup_id license, sup_date on, sup_money paid,
                                             const sup_payment_options *opts, sup_quote *applied,
                                             sup_payment_outcome *outcome);
SUP_API SUP_NODISCARD int sup_ledger_sell_ext(sup_ledger *ledger, const char *actor, const char *payment_id,
                                              sup_id customer, sup_id product, sup_date on, sup_money paid,
                                              const sup_payment_options *opts, sup_id *license,
                                              sup_payment_outcome *outcome);

/* ---- releases ------------------------------------------------------------------ */

/**
 * Record a release of `product`: a version string unique for the product
 * (SUP_ECONFLICT otherwise), its date, and an optional note (NULL for none).
 */
SUP_API SUP_NODISCARD int sup_ledger_add_release(sup_ledger *ledger, const char *actor, sup_id product,
                                                 const char *version, sup_date released, const char *note,
                                                 sup_id *out);

/* ---- cursors ------------------------------------------------------------------- */

/**
 * A list query returns a cursor positioned before its first row. Rows are read
 * from the file as the cursor advances, so memory does not grow with the
 * number of rows. A cursor sees the ledger as it was when its first row was
 * read. Free it with sup_cursor_free (it keeps its ledger's connection alive).
 *
 * Columns are read by index (the enums below, stable: new columns are only
 * ever appended) or found by name (the names in the enums' comments).
 */

/** What a column holds. Every type but TEXT is read with sup_cursor_int64. */
typedef enum sup_column_type {
    SUP_COLUMN_INT = 0,          /**< a plain integer (months …) */
    SUP_COLUMN_ID = 1,           /**< a sup_id; 0 when there is none */
    SUP_COLUMN_DATE = 2,         /**< a sup_date; SUP_DATE_NONE when there is none */
    SUP_COLUMN_MONEY = 3,        /**< kopecks */
    SUP_COLUMN_TEXT = 4,         /**< UTF-8 text; NULL when there is none */
    SUP_COLUMN_BOOL = 5,         /**< 0 or 1 */
    SUP_COLUMN_STATE = 6,        /**< a sup_state */
    SUP_COLUMN_LICENSE_KIND = 7, /**< a sup_license_kind */
    SUP_COLUMN_EVENT_KIND = 8,   /**< a sup_event_kind */
    SUP_COLUMN_NOTICE_KIND = 9,  /**< a sup_notice_kind */
    SUP_COLUMN_TIME = 10,        /**< a wall-clock time: milliseconds since 1970-01-01 UTC; 0 when not known */
    SUP_COLUMN_SEND_ACTION = 11,     /**< a sup_send_action (sends.h) */
    SUP_COLUMN_SEND_STATE = 12,      /**< a sup_send_state (sends.h) */
    SUP_COLUMN_QUOTE_KIND = 13,      /**< a sup_quote_kind (invoice.h) */
    SUP_COLUMN_INVOICE_STATE = 14,   /**< a sup_invoice_state (invoice.h) */
    SUP_COLUMN_CORRECTION_KIND = 15, /**< a sup_correction_kind (corrections.h) */
    SUP_COLUMN_REVIEW_REASON = 16,   /**< a sup_review_reason (invoice.h) */
    SUP_COLUMN_REVENUE_KIND = 17     /**< a sup_revenue_kind (revenue.h) */
} sup_column_type;

/**
 * Advance to the next row: 1 if there is one, 0 at the end (and on every later
 * call), or a negative result code (SUP_EBUSY, SUP_EDB …) on failure (and the
 * same code on every later call).
 */
SUP_API SUP_NODISCARD int sup_cursor_next(sup_cursor *cursor);
/** Free a cursor (NULL is fine). */
SUP_API void sup_cursor_free(sup_cursor *cursor);

/** The number of columns of the cursor's rows. */
SUP_API int sup_cursor_column_count(const sup_cursor *cursor);
/** The name of column i ("support_until" …), or NULL if out of range. */
SUP_API const char *sup_cursor_column_name(const sup_cursor *cursor, int column);
/** The type of column i (SUP_COLUMN_INT if out of range). */
SUP_API sup_column_type sup_cursor_column_type(const sup_cursor *cursor, int column);
/** The index of the column with this name, or -1. */
SUP_API int sup_cursor_column_index(const sup_cursor *cursor, const char *name);

/** An integer-like column of the current row (0 if NULL, text, out of range or no current row). */
SUP_API int64_t sup_cursor_int64(const sup_cursor *cursor, int column);
/** A date column of the current row (SUP_DATE_NONE if none). */
SUP_API sup_date sup_cursor_date(const sup_cursor *cursor, int column);
/**
 * A text column of the current row, valid until the next sup_cursor_next or
 * sup_cursor_free; NULL if the value is NULL, not text, or out of range.
 */
SUP_API const char *sup_cursor_text(const sup_cursor *cursor, int column);
/** 1 if the column of the current row is NULL (or out of range), else 0. */
SUP_API int sup_cursor_is_null(const sup_cursor *cursor, int column);

/* ---- license lists ---------------------------------------------------------------
 * Rows of sup_ledger_list_licenses, _expiring, _preferential and _lapsed: one per
 * license owned on the date, its state as the core computes it on that date
 * under the policy version in force on that date. Each query is an index range
 * scan over support periods kept in step with every change, and is correct for
 * any date, also one before a license's latest event.
 */
typedef enum sup_license_column {
    SUP_LICCOL_LICENSE = 0,            /**< "license": sup_id */
    SUP_LICCOL_CUSTOMER = 1,           /**< "customer": sup_id */
    SUP_LICCOL_PRODUCT = 2,            /**< "product": sup_id */
    SUP_LICCOL_KIND = 3,               /**< "kind": sup_license_kind */
    SUP_LICCOL_PURCHASED = 4,          /**< "purchased": date */
    SUP_LICCOL_STATE = 5,              /**< "state": sup_state on the date */
    SUP_LICCOL_SUPPORT_UNTIL = 6,      /**< "support_until": date, as of the date */
    SUP_LICCOL_PREFERENTIAL_UNTIL = 7, /**< "preferential_until": last day of the window (perpetual), else none */
    SUP_LICCOL_CUSTOMER_CODE = 8,      /**< "customer_code": text */
    SUP_LICCOL_CUSTOMER_NAME = 9,      /**< "customer_name": text */
    SUP_LICCOL_PRODUCT_CODE = 10       /**< "product_code": text */
} sup_license_column;

/**
 * Every license owned on `on` (of `customer`, or of everyone if customer is 0;
 * SUP_ENOTFOUND for an unknown customer), by customer id, then license id.
 */
SUP_API SUP_NODISCARD int sup_ledger_list_licenses(sup_ledger *ledger, sup_id customer, sup_date on,
                                                   sup_cursor **out);
/**
 * Licenses whose support is active on `on` and ends within `days` days
 * (support_until <= on + days; days >= 0), by support_until then license id.
 */
SUP_API SUP_NODISCARD int sup_ledger_list_expiring(sup_ledger *ledger, sup_date on, int days, sup_cursor **out);
/** Licenses in the preferential renewal window on `on` (state grace), by support_until then id. */
SUP_API SUP_NODISCARD int sup_ledger_list_preferential(sup_ledger *ledger, sup_date on, sup_cursor **out);
/**
 * Licenses no longer supported and past any preferential window on `on`:
 * lapsed perpetual licenses and expired subscriptions, by support_until then id.
 */
SUP_API SUP_NODISCARD int sup_ledger_list_lapsed(sup_ledger *ledger, sup_date on, sup_cursor **out);

/* ---- payments and license history ------------------------------------------------- */
typedef enum sup_payment_column {
    SUP_PAYCOL_EVENT = 0,          /**< "event": sup_id of the recorded event */
    SUP_PAYCOL_LICENSE = 1,        /**< "license": sup_id */
    SUP_PAYCOL_CUSTOMER = 2,       /**< "customer": sup_id */
    SUP_PAYCOL_PRODUCT = 3,        /**< "product": sup_id */
    SUP_PAYCOL_KIND = 4,           /**< "kind": sup_event_kind */
    SUP_PAYCOL_ON = 5,             /**< "on": date of the event */
    SUP_PAYCOL_AMOUNT = 6,         /**< "amount": money paid (0 for a recorded period) */
    SUP_PAYCOL_SUPPORT_UNTIL = 7,  /**< "support_until": date the event set support to run through */
    SUP_PAYCOL_PAYMENT_ID = 8,     /**< "payment_id": the caller's payment id, or NULL */
    SUP_PAYCOL_POLICY_VERSION = 9, /**< "policy_version": sup_id of the version that priced a renewal, else 0 */
    SUP_PAYCOL_ACTOR = 10,         /**< "actor": text, who recorded it */
    /* corrections (corrections.h) and invoices (invoice.h) */
    SUP_PAYCOL_CORRECTION = 11,      /**< "correction": sup_id of the correction a row shows, 0 on an event's row */
    SUP_PAYCOL_CORRECTION_KIND = 12, /**< "correction_kind": sup_correction_kind: VOID or REFUND on a
                                          correction's row; DISCOUNT on a sale at an agreed price; else NONE */
    SUP_PAYCOL_REASON = 13,          /**< "reason": text, the correction's reason (the discount's on a sale), or NULL */
    SUP_PAYCOL_DISCOUNT = 14,        /**< "discount": money, list price − paid of a sale at an agreed price, else 0 */
    SUP_PAYCOL_INVOICE = 15,         /**< "invoice": text, the number of the invoice the payment paid, or NULL */
    SUP_PAYCOL_VOIDED = 16           /**< "voided": bool, an event's row: the payment was voided (see its void row) */
} sup_payment_column;

/**
 * Payments (purchases, renewals, subscription payments) dated from … to
 * (inclusive), and the corrections of payments dated in the range, by date,
 * then events before corrections, then id. A correction's row (correction > 0)
 * repeats the corrected event's id, license, customer, product, kind and
 * payment id, with the correction's own date, actor and reason, a negative
 * amount (a void takes the whole payment back, a refund what was paid back)
 * and the support end after it. A voided payment keeps its own row (voided =
 * 1), so a period's sum of amounts is what was kept.
 */
SUP_API SUP_NODISCARD int sup_ledger_list_payments(sup_ledger *ledger, sup_date from, sup_date to,
                                                   sup_cursor **out);
/** Every event of one license and the corrections of its payments (payment columns), in date order. */
SUP_API SUP_NODISCARD int sup_ledger_list_events(sup_ledger *ledger, sup_id license, sup_cursor **out);

/* ---- releases and notifications ---------------------------------------------------- */
typedef enum sup_release_column {
    SUP_RELCOL_RELEASE = 0,  /**< "release": sup_id */
    SUP_RELCOL_PRODUCT = 1,  /**< "product": sup_id */
    SUP_RELCOL_VERSION = 2,  /**< "version": text */
    SUP_RELCOL_RELEASED = 3, /**< "released": date */
    SUP_RELCOL_NOTE = 4,     /**< "note": text or NULL */
    SUP_RELCOL_ALLOWED = 5,  /**< "allowed": bool, the license may download it on the date */
    SUP_RELCOL_FILE_NAME = 6,  /**< "file_name": text, the release's file (portal.h), or NULL */
    SUP_RELCOL_FILE_SIZE = 7,  /**< "file_size": int, its size in bytes (0 without a file) */
    SUP_RELCOL_FILE_SHA256 = 8 /**< "file_sha256": text, its SHA-256 in hex, or NULL */
} sup_release_column;

/**
 * Every release of the license's product dated on or before `on`, by date, each
 * with whether the license may download it on `on` (sup_license_can_download).
 */
SUP_API SUP_NODISCARD int sup_ledger_list_releases(sup_ledger *ledger, sup_id license, sup_date on,
                                                   sup_cursor **out);
/** The same rows, only those the license may download on `on`. */
SUP_API SUP_NODISCARD int sup_ledger_list_downloads(sup_ledger *ledger, sup_id license, sup_date on,
                                                    sup_cursor **out);

/**
 * Every release of `product` (SUP_ENOTFOUND for an unknown product), by date
 * then id, whatever any license may download. The columns are those of
 * sup_release_column up to SUP_RELCOL_NOTE: the cursor has no "allowed"
 * column (5 columns; reading SUP_RELCOL_ALLOWED is out of range).
 */
SUP_API SUP_NODISCARD int sup_ledger_list_product_releases(sup_ledger *ledger, sup_id product, sup_cursor **out);

typedef enum sup_notify_column {
    SUP_NOTCOL_CUSTOMER = 0,      /**< "customer": sup_id */
    SUP_NOTCOL_CODE = 1,          /**< "code": the customer's code */
    SUP_NOTCOL_NAME = 2,          /**< "name": the customer's name */
    SUP_NOTCOL_LICENSE = 3,       /**< "license": sup_id of one (the first) of the customer's covered licenses */
    SUP_NOTCOL_SUPPORT_UNTIL = 4, /**< "support_until": that license's support end as of the release date */
    SUP_NOTCOL_LICENSES = 5       /**< "licenses": how many of the customer's licenses are covered */
} sup_notify_column;

/**
 * The customers to notify of a release: those with a license of its product
 * whose support is active on the release date. One row per customer, by id.
 */
SUP_API SUP_NODISCARD int sup_ledger_list_notify(sup_ledger *ledger, sup_id release, sup_cursor **out);

/* ---- customer notices and reminders ----------------------------------------------- */

/**
 * The customer notice (notice.h) for `license` on `on`, rendered with the
 * license's stored history, its product's whole price history and every
 * policy version: the status and contacts follow the version in force on
 * `on`, and the offer and the last day it holds are those of
 * sup_ledger_quote_renewal (a later policy version ends the offer's validity
 * the day before it takes effect) or sup_ledger_quote_payment. The notice
 * gives the language, format and kind; its product and customer names, when
 * not set, default to the names in the ledger. `notice` is not changed.
 * On success *out is a NUL-terminated UTF-8 string to free with sup_free();
 * on failure *out is NULL. Errors: those of sup_notice_render (SUP_ESTATE for
 * a reminder kind that does not fit the date …), SUP_ENOTFOUND for an unknown
 * license, SUP_EINVAL if a name in the ledger is not acceptable in a notice
 * (set the notice's own name to override it).
 */
SUP_API SUP_NODISCARD int sup_ledger_render_notice(sup_ledger *ledger, sup_id license, sup_date on,
                                                   const sup_notice *notice, char **out);

/*
 * Rows of sup_ledger_list_reminders: one per license with a reminder due on
 * the date. The reminder is decided per row by the schedule (sup_schedule_due)
 * under the policy version in force on the date.
 */
typedef enum sup_reminder_column {
    SUP_REMCOL_LICENSE = 0,            /**< "license": sup_id */
    SUP_REMCOL_CUSTOMER = 1,           /**< "customer": sup_id */
    SUP_REMCOL_CUSTOMER_CODE = 2,      /**< "customer_code": text */
    SUP_REMCOL_CUSTOMER_NAME = 3,      /**< "customer_name": text */
    SUP_REMCOL_PRODUCT = 4,            /**< "product": sup_id */
    SUP_REMCOL_PRODUCT_CODE = 5,       /**< "product_code": text */
    SUP_REMCOL_NOTICE = 6,             /**< "notice": the sup_notice_kind due (never SUP_NOTICE_NONE) */
    SUP_REMCOL_SUPPORT_UNTIL = 7,      /**< "support_until": date, as of the date */
    SUP_REMCOL_PREFERENTIAL_UNTIL = 8, /**< "preferential_until": last day of the window (perpetual), else none */
    SUP_REMCOL_DAYS_LEFT = 9,          /**< "days_left": int, days from the date to the reminder's anchor */
    SUP_REMCOL_KIND = 10,              /**< "kind": sup_license_kind */
    SUP_REMCOL_STATE = 11,             /**< "state": sup_state on the date */
    SUP_REMCOL_PURCHASED = 12,         /**< "purchased": date */
    SUP_REMCOL_PRODUCT_NAME = 13       /**< "product_name": text */
} sup_reminder_column;

/**
 * Who gets which reminder on `on` under `schedule` (NULL: the default
 * schedule, sup_schedule_new): every license for which sup_schedule_due
 * answers a notice kind other than SUP_NOTICE_NONE, by customer id, then
 * license id. The candidates are index range scans of the support ends each
 * reminder of the schedule can match on `on` (support end = on + days; window
 * end = on + days); the schedule decides each row. Render each row's notice
 * with sup_ledger_render_notice and the row's kind. The cursor keeps its own
 * copy of the schedule.
 */
SUP_API SUP_NODISCARD int sup_ledger_list_reminders(sup_ledger *ledger, const sup_schedule *schedule, sup_date on,
                                                    sup_cursor **out);

/* ---- audit trail ------------------------------------------------------------------- */
typedef enum sup_audit_column {
    SUP_AUDCOL_EVENT = 0,    /**< "event": sup_id, increasing */
    SUP_AUDCOL_ACTION = 1,   /**< "action": "sell", "renew", "pay", "set_price" … */
    SUP_AUDCOL_ACTOR = 2,    /**< "actor": text */
    SUP_AUDCOL_ON = 3,       /**< "on": business date of the change, or none */
    SUP_AUDCOL_PRODUCT = 4,  /**< "product": sup_id or 0 */
    SUP_AUDCOL_CUSTOMER = 5, /**< "customer": sup_id or 0 */
    SUP_AUDCOL_LICENSE = 6,  /**< "license": sup_id or 0 */
    SUP_AUDCOL_DETAIL = 7,   /**< "detail": text, "key=value" pairs separated by "; " */
    SUP_AUDCOL_AT = 8        /**< "at": the wall-clock time of the change given by the caller (sup_ledger_set_time), or 0 */
} sup_audit_column;

/** Audit events with an id greater than `after` (0: all), in order. */
SUP_API SUP_NODISCARD int sup_ledger_list_audit(sup_ledger *ledger, sup_id after, sup_cursor **out);

/* ---- catalogue lists ------------------------------------------------------------------ */
typedef enum sup_product_column {
    SUP_PRODCOL_PRODUCT = 0,       /**< "product": sup_id */
    SUP_PRODCOL_CODE = 1,          /**< "code": text */
    SUP_PRODCOL_NAME = 2,          /**< "name": text */
    SUP_PRODCOL_KIND = 3,          /**< "kind": sup_license_kind */
    SUP_PRODCOL_SUPPORT_MONTHS = 4 /**< "support_months": int */
} sup_product_column;
/** Every product, by id. */
SUP_API SUP_NODISCARD int sup_ledger_list_products(sup_ledger *ledger, sup_cursor **out);

typedef enum sup_customer_column {
    SUP_CUSTCOL_CUSTOMER = 0, /**< "customer": sup_id */
    SUP_CUSTCOL_CODE = 1,     /**< "code": text */
    SUP_CUSTCOL_NAME = 2,     /**< "name": text */
    SUP_CUSTCOL_PHONE = 3,    /**< "phone": text (E.164) or NULL (customer.h) */
    SUP_CUSTCOL_INN = 4,      /**< "inn": text or NULL */
    SUP_CUSTCOL_KPP = 5,      /**< "kpp": text or NULL */
    SUP_CUSTCOL_LANG = 6,     /**< "lang": "ru", "en" or NULL (none set: Russian) */
    SUP_CUSTCOL_NOTE = 7,     /**< "note": text or NULL */
    SUP_CUSTCOL_EMAILS = 8    /**< "emails": the addresses in order, joined by ", ", or NULL (sup_customer_email
                                   gives them one by one) */
} sup_customer_column;
/** Every customer with its contact data (customer.h), by id. */
SUP_API SUP_NODISCARD int sup_ledger_list_customers(sup_ledger *ledger, sup_cursor **out);

typedef enum sup_policy_column {
    SUP_POLCOL_VERSION = 0,   /**< "version": sup_id */
    SUP_POLCOL_EFFECTIVE = 1, /**< "effective": date */
    SUP_POLCOL_TEXT = 2,      /**< "text": the policy's text form (sup_policy_parse) */
    SUP_POLCOL_ACTIVE = 3     /**< "active": bool, 0 if superseded by a later version with the same date */
} sup_policy_column;
/** Every policy version, by effective date then id. A stored version whose text does not parse ends the list with SUP_EDB ("policy version N is damaged"). */
SUP_API SUP_NODISCARD int sup_ledger_list_policies(sup_ledger *ledger, sup_cursor **out);

#ifdef __cplusplus
}
#endif
#endif /* LIBSUPPORT_LEDGER_H */
