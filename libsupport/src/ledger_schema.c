/* libsupport — the ledger's schema, per engine: migrations[v] takes a ledger from
 * schema version v to v + 1 (version 0 is an empty file or schema). A new ledger
 * is created by running every migration from 0, so a migrated ledger and a new
 * one hold exactly the same schema (sup_ledger_check compares it). Never edit a
 * released migration: append one and bump SUP_LEDGER_SCHEMA_VERSION.
 *
 * Stored history is append-only (enforced by triggers on both engines: storage
 * integrity, not rules): license_event, price, policy_version, product_release,
 * license and audit rows are never updated or deleted. support_period is
 * derived data: the support_until in force over [valid_from, valid_to] of each
 * license, computed by the core from the license's events in the same
 * transaction as each event, with copies of the license's fixed facts (kind,
 * purchase date, customer, product); it exists so that the list queries are
 * index range scans that read no other table but the customer's for its code
 * and name. */
#include "ledger_schema.h"

#include <stddef.h>

/* ---- SQLite ---------------------------------------------------------------------------------- */

static const char *const sqlite_v1[] = {
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

/*
 * Version 2 (libsupport 0.2): the caller's wall-clock time of each change in the
 * audit trail. Every table and column 0.2 adds is appended here until 0.2.0 is
 * released; after that this migration is frozen like version 1.
 */
static const char *const sqlite_v2[] = {
    "ALTER TABLE audit ADD COLUMN at INTEGER;",
    /* ---- the customer portal (issue 15) ----
     * A release's file (name in the release files directory, size, SHA-256;
     * recorded once), every download (license, release, day, time), license
     * keys (only their SHA-256; a key replaced is kept, marked replaced), the
     * sign-in requests (the link's and the code's digests, the address and the
     * client's digest for the request limits) and the sessions (the token's
     * digest). Requests and sessions are state, not history: they are updated
     * (used, attempts, ended) and may be purged once expired. */
    "CREATE TABLE release_file ("
    " release_id INTEGER PRIMARY KEY REFERENCES product_release(id),"
    " name TEXT NOT NULL UNIQUE,"
    " size INTEGER NOT NULL CHECK (size >= 0),"
    " sha256 TEXT NOT NULL CHECK (length(sha256) = 64)) STRICT;"
    "CREATE TABLE download ("
    " id INTEGER PRIMARY KEY,"
    " license_id INTEGER NOT NULL REFERENCES license(id),"
    " release_id INTEGER NOT NULL REFERENCES product_release(id),"
    " on_date INTEGER NOT NULL CHECK (on_date BETWEEN 19000101 AND 99991231),"
    " at INTEGER,"
    " actor TEXT NOT NULL) STRICT;"
    "CREATE INDEX download_by_license ON download(license_id, id);"
    "CREATE TABLE license_key ("
    " id INTEGER PRIMARY KEY,"
    " license_id INTEGER NOT NULL REFERENCES license(id),"
    " key_hash TEXT NOT NULL UNIQUE,"
    " hint TEXT NOT NULL,"
    " issued_at INTEGER,"
    " replaced INTEGER NOT NULL DEFAULT 0 CHECK (replaced IN (0, 1)),"
    " actor TEXT NOT NULL) STRICT;"
    "CREATE UNIQUE INDEX license_key_current ON license_key(license_id) WHERE replaced = 0;"
    "CREATE TABLE signin_request ("
    " id INTEGER PRIMARY KEY,"
    " address TEXT NOT NULL,"
    " address_key TEXT NOT NULL,"
    " client_hash TEXT NOT NULL,"
    " browser_hash TEXT NOT NULL,"
    " token_hash TEXT UNIQUE,"
    " code_hash TEXT,"
    " created_at INTEGER NOT NULL,"
    " expires_at INTEGER NOT NULL,"
    " used_at INTEGER,"
    " attempts INTEGER NOT NULL DEFAULT 0) STRICT;"
    "CREATE INDEX signin_request_by_address ON signin_request(address_key, created_at);"
    "CREATE INDEX signin_request_by_client ON signin_request(client_hash, created_at);"
    "CREATE INDEX signin_request_by_browser ON signin_request(browser_hash, id);"
    "CREATE TABLE portal_session ("
    " id INTEGER PRIMARY KEY,"
    " token_hash TEXT NOT NULL UNIQUE,"
    " address TEXT NOT NULL,"
    " request_id INTEGER REFERENCES signin_request(id),"
    " created_at INTEGER NOT NULL,"
    " expires_at INTEGER NOT NULL,"
    " ended_at INTEGER) STRICT;"
    "CREATE TRIGGER release_file_no_update BEFORE UPDATE ON release_file"
    " BEGIN SELECT RAISE(ABORT, 'release_file is append-only'); END;"
    "CREATE TRIGGER release_file_no_delete BEFORE DELETE ON release_file"
    " BEGIN SELECT RAISE(ABORT, 'release_file is append-only'); END;"
    "CREATE TRIGGER download_no_update BEFORE UPDATE ON download"
    " BEGIN SELECT RAISE(ABORT, 'download is append-only'); END;"
    "CREATE TRIGGER download_no_delete BEFORE DELETE ON download"
    " BEGIN SELECT RAISE(ABORT, 'download is append-only'); END;"
    "CREATE TRIGGER license_key_no_delete BEFORE DELETE ON license_key"
    " BEGIN SELECT RAISE(ABORT, 'license keys are kept'); END;"
    "CREATE TRIGGER license_key_fixed BEFORE UPDATE OF license_id, key_hash, hint, issued_at, actor ON license_key"
    " BEGIN SELECT RAISE(ABORT, 'a license key is only ever marked replaced'); END;",
    /* ---- end of issue 15 ---- */
    NULL};

const char *const *const sup__schema_sqlite[SUP_LEDGER_SCHEMA_VERSION] = {sqlite_v1, sqlite_v2};

/* ---- PostgreSQL -------------------------------------------------------------------------------
 * The same tables, columns, keys and triggers. Ids are identity columns BY DEFAULT
 * (a migrated ledger keeps its ids); dates are INTEGER YYYYMMDD, money BIGINT
 * kopecks. The schema's marker is the table ledger_meta (application, schema
 * version), the counterpart of SQLite's application_id and user_version. The
 * trigger function only refuses: it decides nothing. */

#define PG_ID " id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,"
#define PG_DATE(c) " " c " INTEGER NOT NULL CHECK (" c " BETWEEN 19000101 AND 99991231)"

static const char *const pg_v1[] = {
    "CREATE TABLE ledger_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);",
    "CREATE FUNCTION ledger_refuse() RETURNS trigger LANGUAGE plpgsql AS"
    " $$BEGIN RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'integrity_constraint_violation'; END$$;",
    "CREATE TABLE policy_version (" PG_ID PG_DATE("effective") ", body TEXT NOT NULL, actor TEXT NOT NULL);"
    "CREATE INDEX policy_version_by_effective ON policy_version(effective, id);",
    "CREATE TABLE product (" PG_ID " code TEXT NOT NULL UNIQUE, name TEXT NOT NULL,"
    " kind INTEGER NOT NULL CHECK (kind BETWEEN 0 AND 2),"
    " support_months INTEGER NOT NULL CHECK (support_months BETWEEN 0 AND 1200));",
    "CREATE TABLE price (" PG_ID " product_id BIGINT NOT NULL REFERENCES product(id)," PG_DATE("effective")
    ", amount BIGINT NOT NULL CHECK (amount >= 0), actor TEXT NOT NULL);"
    "CREATE INDEX price_by_product ON price(product_id, id);",
    "CREATE TABLE customer (" PG_ID " code TEXT NOT NULL UNIQUE, name TEXT NOT NULL);",
    "CREATE TABLE license (" PG_ID " customer_id BIGINT NOT NULL REFERENCES customer(id),"
    " product_id BIGINT NOT NULL REFERENCES product(id), kind INTEGER NOT NULL CHECK (kind BETWEEN 0 AND 2),"
    PG_DATE("purchased") ");"
    "CREATE INDEX license_by_customer ON license(customer_id, id);",
    "CREATE TABLE license_event (" PG_ID " license_id BIGINT NOT NULL REFERENCES license(id),"
    " kind INTEGER NOT NULL CHECK (kind BETWEEN 0 AND 4)," PG_DATE("on_date") "," PG_DATE("support_until")
    ", amount BIGINT NOT NULL CHECK (amount >= 0), payment_id TEXT UNIQUE,"
    " policy_version_id BIGINT REFERENCES policy_version(id), quote_kind INTEGER NOT NULL DEFAULT 0,"
    " quote_rate INTEGER NOT NULL DEFAULT 0, quote_list_price BIGINT NOT NULL DEFAULT 0,"
    " quote_support_until INTEGER NOT NULL DEFAULT 0, quote_valid_through INTEGER NOT NULL DEFAULT 0,"
    " actor TEXT NOT NULL);"
    "CREATE INDEX license_event_by_license ON license_event(license_id, id);"
    "CREATE INDEX license_event_by_date ON license_event(on_date);",
    "CREATE TABLE support_period (license_id BIGINT NOT NULL REFERENCES license(id),"
    " valid_from INTEGER NOT NULL, valid_to INTEGER NOT NULL, support_until INTEGER NOT NULL,"
    " kind INTEGER NOT NULL, purchased INTEGER NOT NULL, customer_id BIGINT NOT NULL, product_id BIGINT NOT NULL,"
    " PRIMARY KEY (customer_id, license_id, valid_from));"
    "CREATE INDEX support_period_by_until ON support_period (support_until, license_id)"
    " INCLUDE (valid_from, valid_to, kind, purchased, customer_id, product_id);"
    "CREATE INDEX support_period_by_product ON support_period (product_id, support_until, license_id)"
    " INCLUDE (valid_from, valid_to, kind, purchased, customer_id);",
    "CREATE TABLE product_release (" PG_ID " product_id BIGINT NOT NULL REFERENCES product(id),"
    " version TEXT NOT NULL," PG_DATE("released") ", note TEXT, UNIQUE (product_id, version));"
    "CREATE INDEX product_release_by_date ON product_release(product_id, released, id);",
    "CREATE TABLE audit (" PG_ID " action TEXT NOT NULL, actor TEXT NOT NULL, on_date INTEGER,"
    " product_id BIGINT, customer_id BIGINT, license_id BIGINT, detail TEXT NOT NULL);",
#define PG_APPEND_ONLY(t)                                                                                    \
    "CREATE TRIGGER " t "_no_update BEFORE UPDATE ON " t                                                      \
    " FOR EACH ROW EXECUTE FUNCTION ledger_refuse('" t " is append-only');"                                   \
    "CREATE TRIGGER " t "_no_delete BEFORE DELETE ON " t                                                      \
    " FOR EACH ROW EXECUTE FUNCTION ledger_refuse('" t " is append-only');"                                   \
    "CREATE TRIGGER " t "_no_truncate BEFORE TRUNCATE ON " t                                                  \
    " FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse('" t " is append-only');"
    PG_APPEND_ONLY("policy_version") PG_APPEND_ONLY("price") PG_APPEND_ONLY("license")
        PG_APPEND_ONLY("license_event") PG_APPEND_ONLY("product_release") PG_APPEND_ONLY("audit")
    "CREATE TRIGGER product_no_delete BEFORE DELETE ON product"
    " FOR EACH ROW EXECUTE FUNCTION ledger_refuse('products are kept');"
    "CREATE TRIGGER product_no_truncate BEFORE TRUNCATE ON product"
    " FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse('products are kept');"
    "CREATE TRIGGER customer_no_delete BEFORE DELETE ON customer"
    " FOR EACH ROW EXECUTE FUNCTION ledger_refuse('customers are kept');"
    "CREATE TRIGGER customer_no_truncate BEFORE TRUNCATE ON customer"
    " FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse('customers are kept');"
    "CREATE TRIGGER product_kind_fixed BEFORE UPDATE OF kind, code ON product"
    " FOR EACH ROW EXECUTE FUNCTION ledger_refuse('a product keeps its kind and code');"
    "CREATE TRIGGER customer_code_fixed BEFORE UPDATE OF code ON customer"
    " FOR EACH ROW EXECUTE FUNCTION ledger_refuse('a customer keeps its code');",
    NULL};
#undef PG_APPEND_ONLY

static const char *const pg_v2[] = {
    "ALTER TABLE audit ADD COLUMN at BIGINT;",
    /* ---- the customer portal (issue 15): as on SQLite ---- */
    "CREATE TABLE release_file (release_id BIGINT PRIMARY KEY REFERENCES product_release(id),"
    " name TEXT NOT NULL UNIQUE, size BIGINT NOT NULL CHECK (size >= 0),"
    " sha256 TEXT NOT NULL CHECK (length(sha256) = 64));"
    "CREATE TABLE download (" PG_ID " license_id BIGINT NOT NULL REFERENCES license(id),"
    " release_id BIGINT NOT NULL REFERENCES product_release(id)," PG_DATE("on_date") ", at BIGINT,"
    " actor TEXT NOT NULL);"
    "CREATE INDEX download_by_license ON download(license_id, id);"
    "CREATE TABLE license_key (" PG_ID " license_id BIGINT NOT NULL REFERENCES license(id),"
    " key_hash TEXT NOT NULL UNIQUE, hint TEXT NOT NULL, issued_at BIGINT,"
    " replaced INTEGER NOT NULL DEFAULT 0 CHECK (replaced IN (0, 1)), actor TEXT NOT NULL);"
    "CREATE UNIQUE INDEX license_key_current ON license_key(license_id) WHERE replaced = 0;"
    "CREATE TABLE signin_request (" PG_ID " address TEXT NOT NULL, address_key TEXT NOT NULL,"
    " client_hash TEXT NOT NULL, browser_hash TEXT NOT NULL, token_hash TEXT UNIQUE, code_hash TEXT,"
    " created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL, used_at BIGINT,"
    " attempts INTEGER NOT NULL DEFAULT 0);"
    "CREATE INDEX signin_request_by_address ON signin_request(address_key, created_at);"
    "CREATE INDEX signin_request_by_client ON signin_request(client_hash, created_at);"
    "CREATE INDEX signin_request_by_browser ON signin_request(browser_hash, id);"
    "CREATE TABLE portal_session (" PG_ID " token_hash TEXT NOT NULL UNIQUE, address TEXT NOT NULL,"
    " request_id BIGINT REFERENCES signin_request(id), created_at BIGINT NOT NULL, expires_at BIGINT NOT NULL,"
    " ended_at BIGINT);"
    "CREATE TRIGGER release_file_no_update BEFORE UPDATE ON release_file"
    " FOR EACH ROW EXECUTE FUNCTION ledger_refuse('release_file is append-only');"
    "CREATE TRIGGER release_file_no_delete BEFORE DELETE ON release_file"
    " FOR EACH ROW EXECUTE FUNCTION ledger_refuse('release_file is append-only');"
    "CREATE TRIGGER release_file_no_truncate BEFORE TRUNCATE ON release_file"
    " FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse('release_file is append-only');"
    "CREATE TRIGGER download_no_update BEFORE UPDATE ON download"
    " FOR EACH ROW EXECUTE FUNCTION ledger_refuse('download is append-only');"
    "CREATE TRIGGER download_no_delete BEFORE DELETE ON download"
    " FOR EACH ROW EXECUTE FUNCTION ledger_refuse('download is append-only');"
    "CREATE TRIGGER download_no_truncate BEFORE TRUNCATE ON download"
    " FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse('download is append-only');"
    "CREATE TRIGGER license_key_no_delete BEFORE DELETE ON license_key"
    " FOR EACH ROW EXECUTE FUNCTION ledger_refuse('license keys are kept');"
    "CREATE TRIGGER license_key_no_truncate BEFORE TRUNCATE ON license_key"
    " FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse('license keys are kept');"
    "CREATE TRIGGER license_key_fixed BEFORE UPDATE OF license_id, key_hash, hint, issued_at, actor ON license_key"
    " FOR EACH ROW EXECUTE FUNCTION ledger_refuse('a license key is only ever marked replaced');",
    /* ---- end of issue 15 ---- */
    NULL};

const char *const *const sup__schema_pg[SUP_LEDGER_SCHEMA_VERSION] = {pg_v1, pg_v2};

/* ---- the tables, for copying a ledger between engines (ledger_migrate.c) -------------------------
 * In an order that respects every foreign key. ledger_meta is not copied: each
 * ledger's marker is written by its own engine. */
const struct sup__table sup__tables[] = {
    {"policy_version", "id, effective, body, actor", "IITT", "id", true},
    {"product", "id, code, name, kind, support_months", "ITTII", "id", true},
    {"price", "id, product_id, effective, amount, actor", "IIIIT", "id", true},
    {"customer", "id, code, name", "ITT", "id", true},
    {"license", "id, customer_id, product_id, kind, purchased", "IIIII", "id", true},
    {"license_event",
     "id, license_id, kind, on_date, support_until, amount, payment_id, policy_version_id, quote_kind, quote_rate,"
     " quote_list_price, quote_support_until, quote_valid_through, actor",
     "IIIIIITIIIIIIT", "id", true},
    {"support_period", "license_id, valid_from, valid_to, support_until, kind, purchased, customer_id, product_id",
     "IIIIIIII", "customer_id, license_id, valid_from", false},
    {"product_release", "id, product_id, version, released, note", "IITIT", "id", true},
    {"audit", "id, action, actor, on_date, product_id, customer_id, license_id, detail, at", "ITTIIIITI", "id", true},
    /* issue 15 */
    {"release_file", "release_id, name, size, sha256", "ITIT", "release_id", false},
    {"download", "id, license_id, release_id, on_date, at, actor", "IIIIIT", "id", true},
    {"license_key", "id, license_id, key_hash, hint, issued_at, replaced, actor", "IITTIIT", "id", true},
    {"signin_request",
     "id, address, address_key, client_hash, browser_hash, token_hash, code_hash, created_at, expires_at, used_at,"
     " attempts",
     "ITTTTTTIIII", "id", true},
    {"portal_session", "id, token_hash, address, request_id, created_at, expires_at, ended_at", "ITTIIII", "id", true},
};
const size_t sup__table_count = sizeof sup__tables / sizeof sup__tables[0];

/* ---- the portal's role (sup_ledger_grant_portal): it reads everything and writes only these ----------
 * Every change appends an audit event; sign-in requests and sessions are updated (used, attempts, ended),
 * a replaced key is marked so. A change about one license locks its row (SELECT … FOR UPDATE, which
 * PostgreSQL allows to a role that may update one column of it): the license stays append-only, its
 * trigger refuses every UPDATE. */
const struct sup__grant sup__portal_grants[] = {
    {"license", "UPDATE (id)"},
    {"audit", "INSERT"},
    {"download", "INSERT"},
    {"license_key", "INSERT, UPDATE"},
    {"signin_request", "INSERT, UPDATE"},
    {"portal_session", "INSERT, UPDATE"},
};
const size_t sup__portal_grant_count = sizeof sup__portal_grants / sizeof sup__portal_grants[0];
