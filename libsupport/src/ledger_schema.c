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

/*
 * Version 2 (libsupport 0.2): the caller's wall-clock time of each change in the
 * audit trail. Every table and column 0.2 adds is appended here until 0.2.0 is
 * released; after that this migration is frozen like version 1.
 */
static const char *const sqlite_v2[] = {
    "ALTER TABLE audit ADD COLUMN at INTEGER;",
    /* ---- customers you can reach, reminders sent once, imports (issue 13) ----
     * Contact data on the customer (may change; audited old -> new), its e-mail
     * addresses (as given, with the look-up key of sup_email_equal's rule), the
     * vendor's external id of an imported license, and the reminders sent: one
     * append-only row per attempt ("sending", written before the message is
     * handed to SMTP) and one per outcome (sent or failed). */
    "ALTER TABLE customer ADD COLUMN phone TEXT;"
    "ALTER TABLE customer ADD COLUMN inn TEXT;"
    "ALTER TABLE customer ADD COLUMN kpp TEXT;"
    "ALTER TABLE customer ADD COLUMN lang TEXT CHECK (lang IN ('ru', 'en'));"
    "ALTER TABLE customer ADD COLUMN note TEXT;",
    "CREATE TABLE customer_email ("
    " customer_id INTEGER NOT NULL REFERENCES customer(id),"
    " position INTEGER NOT NULL,"
    " address TEXT NOT NULL,"
    " address_key TEXT NOT NULL,"
    " PRIMARY KEY (customer_id, position),"
    " UNIQUE (customer_id, address_key)) STRICT, WITHOUT ROWID;"
    "CREATE INDEX customer_email_by_key ON customer_email(address_key, customer_id);",
    "ALTER TABLE license ADD COLUMN external_id TEXT;"
    "CREATE UNIQUE INDEX license_by_external_id ON license(external_id);",
    "CREATE TABLE reminder_send ("
    " id INTEGER PRIMARY KEY,"
    " license_id INTEGER NOT NULL REFERENCES license(id),"
    " customer_id INTEGER NOT NULL REFERENCES customer(id),"
    " notice_kind INTEGER NOT NULL,"
    " anchor INTEGER NOT NULL CHECK (anchor BETWEEN 19000101 AND 99991231),"
    " due_on INTEGER NOT NULL CHECK (due_on BETWEEN 19000101 AND 99991231),"
    " run_on INTEGER NOT NULL CHECK (run_on BETWEEN 19000101 AND 99991231),"
    " recipient TEXT NOT NULL,"
    " message_id TEXT NOT NULL UNIQUE,"
    " started_at INTEGER,"
    " actor TEXT NOT NULL) STRICT;"
    "CREATE INDEX reminder_send_by_key ON reminder_send(license_id, anchor, due_on, notice_kind);"
    "CREATE INDEX reminder_send_by_due ON reminder_send(due_on, id);"
    "CREATE INDEX reminder_send_by_run ON reminder_send(run_on, id);"
    "CREATE TABLE reminder_send_outcome ("
    " send_id INTEGER PRIMARY KEY REFERENCES reminder_send(id),"
    " ok INTEGER NOT NULL CHECK (ok IN (0, 1)),"
    " error TEXT,"
    " at INTEGER,"
    " actor TEXT NOT NULL) STRICT;"
    SUP__APPEND_ONLY("reminder_send")
    SUP__APPEND_ONLY("reminder_send_outcome"),
    /* ---- end of issue 13 ---- */
    /* ---- issue 14 (money: invoices, bank imports, corrections) ----
     * customer.inn / customer.kpp (issue 13's, above) are the payer printed on invoices. */
    /* the vendor's requisites printed on invoices, in force from a date */
    "CREATE TABLE vendor_requisites ("
    " id INTEGER PRIMARY KEY,"
    " effective INTEGER NOT NULL CHECK (effective BETWEEN 19000101 AND 99991231),"
    " name TEXT NOT NULL, inn TEXT NOT NULL, kpp TEXT, address TEXT,"
    " bank_name TEXT NOT NULL, bik TEXT NOT NULL, corr_account TEXT NOT NULL, account TEXT NOT NULL,"
    " director TEXT, accountant TEXT,"
    " actor TEXT NOT NULL) STRICT;"
    "CREATE INDEX vendor_requisites_by_effective ON vendor_requisites(effective, id);",
    /* the last invoice number of each year: one row per year, +1 in the issuing transaction */
    "CREATE TABLE invoice_counter ("
    " year INTEGER PRIMARY KEY CHECK (year BETWEEN 1900 AND 9999),"
    " last INTEGER NOT NULL CHECK (last BETWEEN 1 AND 999999)) STRICT;",
    "CREATE TABLE invoice ("
    " id INTEGER PRIMARY KEY,"
    " number TEXT NOT NULL UNIQUE,"
    " year INTEGER NOT NULL,"
    " seq INTEGER NOT NULL,"
    " license_id INTEGER NOT NULL REFERENCES license(id),"
    " customer_id INTEGER NOT NULL REFERENCES customer(id),"
    " product_id INTEGER NOT NULL REFERENCES product(id),"
    " issued_on INTEGER NOT NULL CHECK (issued_on BETWEEN 19000101 AND 99991231),"
    " kind INTEGER NOT NULL CHECK (kind BETWEEN 1 AND 3),"
    " rate INTEGER NOT NULL,"
    " list_price INTEGER NOT NULL,"
    " amount INTEGER NOT NULL CHECK (amount >= 0),"
    " vat_rate INTEGER NOT NULL,"
    " vat_amount INTEGER NOT NULL,"
    " support_until INTEGER NOT NULL,"
    " new_support_until INTEGER NOT NULL,"
    " valid_through INTEGER NOT NULL,"
    " policy_version_id INTEGER REFERENCES policy_version(id),"
    " vendor_id INTEGER NOT NULL REFERENCES vendor_requisites(id),"
    " payer_name TEXT NOT NULL, payer_inn TEXT, payer_kpp TEXT,"
    " product_name TEXT NOT NULL,"
    " purpose TEXT NOT NULL,"
    " actor TEXT NOT NULL,"
    " UNIQUE (year, seq)) STRICT;"
    "CREATE INDEX invoice_by_license ON invoice(license_id, id);"
    "CREATE INDEX invoice_by_date ON invoice(issued_on, number);",
    /* a statement import that recorded something: the statement's facts */
    "CREATE TABLE bank_import ("
    " id INTEGER PRIMARY KEY,"
    " created_on INTEGER, date_from INTEGER, date_to INTEGER,"
    " accounts TEXT NOT NULL,"
    " documents INTEGER NOT NULL,"
    " actor TEXT NOT NULL) STRICT;",
    /* the payment (a license event) that paid an invoice */
    "CREATE TABLE invoice_payment ("
    " id INTEGER PRIMARY KEY,"
    " invoice_id INTEGER NOT NULL REFERENCES invoice(id),"
    " event_id INTEGER NOT NULL UNIQUE REFERENCES license_event(id),"
    " received_on INTEGER NOT NULL,"
    " amount INTEGER NOT NULL,"
    " source TEXT NOT NULL, payer_inn TEXT, payer_name TEXT, payer_account TEXT,"
    " bank_import_id INTEGER REFERENCES bank_import(id),"
    " actor TEXT NOT NULL) STRICT;"
    "CREATE INDEX invoice_payment_by_invoice ON invoice_payment(invoice_id, id);",
    /* payments refused and kept for a manager's review, and their closing */
    "CREATE TABLE payment_review ("
    " id INTEGER PRIMARY KEY,"
    " payment_id TEXT NOT NULL UNIQUE,"
    " source TEXT NOT NULL,"
    " received_on INTEGER NOT NULL,"
    " amount INTEGER NOT NULL,"
    " reason INTEGER NOT NULL,"
    " message TEXT NOT NULL,"
    " invoice_id INTEGER REFERENCES invoice(id),"
    " invoices TEXT, payer_name TEXT, payer_inn TEXT, payer_account TEXT, purpose TEXT,"
    " bank_import_id INTEGER REFERENCES bank_import(id),"
    " actor TEXT NOT NULL) STRICT;"
    "CREATE TABLE payment_review_close ("
    " id INTEGER PRIMARY KEY,"
    " review_id INTEGER NOT NULL UNIQUE REFERENCES payment_review(id),"
    " on_date INTEGER NOT NULL,"
    " note TEXT NOT NULL,"
    " actor TEXT NOT NULL) STRICT;",
    /* voids, refunds and agreed prices of recorded payments */
    "CREATE TABLE correction ("
    " id INTEGER PRIMARY KEY,"
    " kind INTEGER NOT NULL CHECK (kind BETWEEN 1 AND 3),"
    " event_id INTEGER NOT NULL REFERENCES license_event(id),"
    " on_date INTEGER NOT NULL CHECK (on_date BETWEEN 19000101 AND 99991231),"
    " amount INTEGER NOT NULL,"
    " support INTEGER NOT NULL,"
    " support_until INTEGER,"
    " period_event_id INTEGER REFERENCES license_event(id),"
    " reason TEXT NOT NULL,"
    " actor TEXT NOT NULL) STRICT;"
    "CREATE INDEX correction_by_event ON correction(event_id, id);"
    "CREATE INDEX correction_by_date ON correction(on_date, id);"
    "CREATE UNIQUE INDEX correction_one_void ON correction(event_id) WHERE kind = 1;",
    SUP__APPEND_ONLY("vendor_requisites") SUP__APPEND_ONLY("invoice") SUP__APPEND_ONLY("bank_import")
        SUP__APPEND_ONLY("invoice_payment") SUP__APPEND_ONLY("payment_review")
            SUP__APPEND_ONLY("payment_review_close") SUP__APPEND_ONLY("correction")
    "CREATE TRIGGER invoice_counter_no_delete BEFORE DELETE ON invoice_counter"
    " BEGIN SELECT RAISE(ABORT, 'invoice numbers are kept'); END;"
    "CREATE TRIGGER invoice_counter_gapless BEFORE UPDATE ON invoice_counter"
    " WHEN NEW.year <> OLD.year OR NEW.last <> OLD.last + 1"
    " BEGIN SELECT RAISE(ABORT, 'invoice numbers have no gaps'); END;",
    /* ---- end of issue 14 ---- */
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
    SUP__APPEND_ONLY("release_file")
    SUP__APPEND_ONLY("download")
    "CREATE TRIGGER license_key_no_delete BEFORE DELETE ON license_key"
    " BEGIN SELECT RAISE(ABORT, 'license keys are kept'); END;"
    "CREATE TRIGGER license_key_fixed BEFORE UPDATE OF license_id, key_hash, hint, issued_at, actor ON license_key"
    " BEGIN SELECT RAISE(ABORT, 'a license key is only ever marked replaced'); END;",
    /* ---- end of issue 15 ---- */
    NULL};
#undef SUP__APPEND_ONLY

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

static const char *const pg_v2[] = {
    "ALTER TABLE audit ADD COLUMN at BIGINT;",
    /* ---- customers you can reach, reminders sent once, imports (issue 13): as on SQLite ---- */
    "ALTER TABLE customer ADD COLUMN phone TEXT;"
    "ALTER TABLE customer ADD COLUMN inn TEXT;"
    "ALTER TABLE customer ADD COLUMN kpp TEXT;"
    "ALTER TABLE customer ADD COLUMN lang TEXT CHECK (lang IN ('ru', 'en'));"
    "ALTER TABLE customer ADD COLUMN note TEXT;",
    "CREATE TABLE customer_email (customer_id BIGINT NOT NULL REFERENCES customer(id),"
    " position INTEGER NOT NULL, address TEXT NOT NULL, address_key TEXT NOT NULL,"
    " PRIMARY KEY (customer_id, position), UNIQUE (customer_id, address_key));"
    "CREATE INDEX customer_email_by_key ON customer_email(address_key, customer_id);",
    "ALTER TABLE license ADD COLUMN external_id TEXT;"
    "CREATE UNIQUE INDEX license_by_external_id ON license(external_id);",
    "CREATE TABLE reminder_send (" PG_ID " license_id BIGINT NOT NULL REFERENCES license(id),"
    " customer_id BIGINT NOT NULL REFERENCES customer(id), notice_kind INTEGER NOT NULL," PG_DATE("anchor") ","
    PG_DATE("due_on") "," PG_DATE("run_on") ", recipient TEXT NOT NULL, message_id TEXT NOT NULL UNIQUE,"
    " started_at BIGINT, actor TEXT NOT NULL);"
    "CREATE INDEX reminder_send_by_key ON reminder_send(license_id, anchor, due_on, notice_kind);"
    "CREATE INDEX reminder_send_by_due ON reminder_send(due_on, id);"
    "CREATE INDEX reminder_send_by_run ON reminder_send(run_on, id);"
    "CREATE TABLE reminder_send_outcome (send_id BIGINT PRIMARY KEY REFERENCES reminder_send(id),"
    " ok INTEGER NOT NULL CHECK (ok IN (0, 1)), error TEXT, at BIGINT, actor TEXT NOT NULL);"
    PG_APPEND_ONLY("reminder_send") PG_APPEND_ONLY("reminder_send_outcome"),
    /* ---- end of issue 13 ---- */
    /* ---- issue 14 (money: invoices, bank imports, corrections): as sqlite_v2 ---- */
    "CREATE TABLE vendor_requisites (" PG_ID PG_DATE("effective") ","
    " name TEXT NOT NULL, inn TEXT NOT NULL, kpp TEXT, address TEXT,"
    " bank_name TEXT NOT NULL, bik TEXT NOT NULL, corr_account TEXT NOT NULL, account TEXT NOT NULL,"
    " director TEXT, accountant TEXT, actor TEXT NOT NULL);"
    "CREATE INDEX vendor_requisites_by_effective ON vendor_requisites(effective, id);",
    "CREATE TABLE invoice_counter (year INTEGER PRIMARY KEY CHECK (year BETWEEN 1900 AND 9999),"
    " last INTEGER NOT NULL CHECK (last BETWEEN 1 AND 999999));",
    "CREATE TABLE invoice (" PG_ID " number TEXT NOT NULL UNIQUE, year INTEGER NOT NULL, seq INTEGER NOT NULL,"
    " license_id BIGINT NOT NULL REFERENCES license(id), customer_id BIGINT NOT NULL REFERENCES customer(id),"
    " product_id BIGINT NOT NULL REFERENCES product(id)," PG_DATE("issued_on") ","
    " kind INTEGER NOT NULL CHECK (kind BETWEEN 1 AND 3), rate INTEGER NOT NULL, list_price BIGINT NOT NULL,"
    " amount BIGINT NOT NULL CHECK (amount >= 0), vat_rate INTEGER NOT NULL, vat_amount BIGINT NOT NULL,"
    " support_until INTEGER NOT NULL, new_support_until INTEGER NOT NULL, valid_through INTEGER NOT NULL,"
    " policy_version_id BIGINT REFERENCES policy_version(id),"
    " vendor_id BIGINT NOT NULL REFERENCES vendor_requisites(id),"
    " payer_name TEXT NOT NULL, payer_inn TEXT, payer_kpp TEXT, product_name TEXT NOT NULL, purpose TEXT NOT NULL,"
    " actor TEXT NOT NULL, UNIQUE (year, seq));"
    "CREATE INDEX invoice_by_license ON invoice(license_id, id);"
    "CREATE INDEX invoice_by_date ON invoice(issued_on, number);",
    "CREATE TABLE bank_import (" PG_ID " created_on INTEGER, date_from INTEGER, date_to INTEGER,"
    " accounts TEXT NOT NULL, documents INTEGER NOT NULL, actor TEXT NOT NULL);",
    "CREATE TABLE invoice_payment (" PG_ID " invoice_id BIGINT NOT NULL REFERENCES invoice(id),"
    " event_id BIGINT NOT NULL UNIQUE REFERENCES license_event(id), received_on INTEGER NOT NULL,"
    " amount BIGINT NOT NULL, source TEXT NOT NULL, payer_inn TEXT, payer_name TEXT, payer_account TEXT,"
    " bank_import_id BIGINT REFERENCES bank_import(id), actor TEXT NOT NULL);"
    "CREATE INDEX invoice_payment_by_invoice ON invoice_payment(invoice_id, id);",
    "CREATE TABLE payment_review (" PG_ID " payment_id TEXT NOT NULL UNIQUE, source TEXT NOT NULL,"
    " received_on INTEGER NOT NULL, amount BIGINT NOT NULL, reason INTEGER NOT NULL, message TEXT NOT NULL,"
    " invoice_id BIGINT REFERENCES invoice(id), invoices TEXT, payer_name TEXT, payer_inn TEXT,"
    " payer_account TEXT, purpose TEXT, bank_import_id BIGINT REFERENCES bank_import(id), actor TEXT NOT NULL);"
    "CREATE TABLE payment_review_close (" PG_ID " review_id BIGINT NOT NULL UNIQUE REFERENCES payment_review(id),"
    " on_date INTEGER NOT NULL, note TEXT NOT NULL, actor TEXT NOT NULL);",
    "CREATE TABLE correction (" PG_ID " kind INTEGER NOT NULL CHECK (kind BETWEEN 1 AND 3),"
    " event_id BIGINT NOT NULL REFERENCES license_event(id)," PG_DATE("on_date") ", amount BIGINT NOT NULL,"
    " support INTEGER NOT NULL, support_until INTEGER, period_event_id BIGINT REFERENCES license_event(id),"
    " reason TEXT NOT NULL, actor TEXT NOT NULL);"
    "CREATE INDEX correction_by_event ON correction(event_id, id);"
    "CREATE INDEX correction_by_date ON correction(on_date, id);"
    "CREATE UNIQUE INDEX correction_one_void ON correction(event_id) WHERE kind = 1;",
    PG_APPEND_ONLY("vendor_requisites") PG_APPEND_ONLY("invoice") PG_APPEND_ONLY("bank_import")
        PG_APPEND_ONLY("invoice_payment") PG_APPEND_ONLY("payment_review") PG_APPEND_ONLY("payment_review_close")
            PG_APPEND_ONLY("correction")
    "CREATE TRIGGER invoice_counter_no_delete BEFORE DELETE ON invoice_counter"
    " FOR EACH ROW EXECUTE FUNCTION ledger_refuse('invoice numbers are kept');"
    "CREATE TRIGGER invoice_counter_no_truncate BEFORE TRUNCATE ON invoice_counter"
    " FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse('invoice numbers are kept');"
    "CREATE TRIGGER invoice_counter_gapless BEFORE UPDATE ON invoice_counter FOR EACH ROW"
    " WHEN (NEW.year <> OLD.year OR NEW.last <> OLD.last + 1)"
    " EXECUTE FUNCTION ledger_refuse('invoice numbers have no gaps');",
    /* ---- end of issue 14 ---- */
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
    PG_APPEND_ONLY("release_file")
    PG_APPEND_ONLY("download")
    "CREATE TRIGGER license_key_no_delete BEFORE DELETE ON license_key"
    " FOR EACH ROW EXECUTE FUNCTION ledger_refuse('license keys are kept');"
    "CREATE TRIGGER license_key_no_truncate BEFORE TRUNCATE ON license_key"
    " FOR EACH STATEMENT EXECUTE FUNCTION ledger_refuse('license keys are kept');"
    "CREATE TRIGGER license_key_fixed BEFORE UPDATE OF license_id, key_hash, hint, issued_at, actor ON license_key"
    " FOR EACH ROW EXECUTE FUNCTION ledger_refuse('a license key is only ever marked replaced');",
    /* ---- end of issue 15 ---- */
    NULL};
#undef PG_APPEND_ONLY

const char *const *const sup__schema_pg[SUP_LEDGER_SCHEMA_VERSION] = {pg_v1, pg_v2};

/* ---- the tables, for copying a ledger between engines (ledger_migrate.c) -------------------------
 * In an order that respects every foreign key. ledger_meta is not copied: each
 * ledger's marker is written by its own engine. */
const struct sup__table sup__tables[] = {
    {"policy_version", "id, effective, body, actor", "IITT", "id", true},
    {"product", "id, code, name, kind, support_months", "ITTII", "id", true},
    {"price", "id, product_id, effective, amount, actor", "IIIIT", "id", true},
    {"customer", "id, code, name, phone, inn, kpp, lang, note", "ITTTTTTT", "id", true},
    {"license", "id, customer_id, product_id, kind, purchased, external_id", "IIIIIT", "id", true},
    {"license_event",
     "id, license_id, kind, on_date, support_until, amount, payment_id, policy_version_id, quote_kind, quote_rate,"
     " quote_list_price, quote_support_until, quote_valid_through, actor",
     "IIIIIITIIIIIIT", "id", true},
    {"support_period", "license_id, valid_from, valid_to, support_until, kind, purchased, customer_id, product_id",
     "IIIIIIII", "customer_id, license_id, valid_from", false},
    {"product_release", "id, product_id, version, released, note", "IITIT", "id", true},
    {"audit", "id, action, actor, on_date, product_id, customer_id, license_id, detail, at", "ITTIIIITI", "id", true},
    /* issue 13 */
    {"customer_email", "customer_id, position, address, address_key", "IITT", "customer_id, position", false},
    {"reminder_send",
     "id, license_id, customer_id, notice_kind, anchor, due_on, run_on, recipient, message_id, started_at, actor",
     "IIIIIIITTIT", "id", true},
    {"reminder_send_outcome", "send_id, ok, error, at, actor", "IITIT", "send_id", false},
    /* issue 14: money */
    {"vendor_requisites",
     "id, effective, name, inn, kpp, address, bank_name, bik, corr_account, account, director, accountant, actor",
     "IITTTTTTTTTTT", "id", true},
    {"invoice_counter", "year, last", "II", "year", false},
    {"invoice",
     "id, number, year, seq, license_id, customer_id, product_id, issued_on, kind, rate, list_price, amount,"
     " vat_rate, vat_amount, support_until, new_support_until, valid_through, policy_version_id, vendor_id,"
     " payer_name, payer_inn, payer_kpp, product_name, purpose, actor",
     "ITIIIIIIIIIIIIIIIIITTTTTT", "id", true},
    {"bank_import", "id, created_on, date_from, date_to, accounts, documents, actor", "IIIITIT", "id", true},
    {"invoice_payment",
     "id, invoice_id, event_id, received_on, amount, source, payer_inn, payer_name, payer_account, bank_import_id,"
     " actor",
     "IIIIITTTTIT", "id", true},
    {"payment_review",
     "id, payment_id, source, received_on, amount, reason, message, invoice_id, invoices, payer_name, payer_inn,"
     " payer_account, purpose, bank_import_id, actor",
     "ITTIIITITTTTTIT", "id", true},
    {"payment_review_close", "id, review_id, on_date, note, actor", "IIITT", "id", true},
    {"correction", "id, kind, event_id, on_date, amount, support, support_until, period_event_id, reason, actor",
     "IIIIIIIITT", "id", true},
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
 * Every change appends an audit event; a renewal request issues an invoice; sign-in requests and sessions are updated (used, attempts, ended),
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
    /* "Продлить": the invoice of the license's offer, numbered from the year's counter (issue 14) */
    {"invoice", "INSERT"},
    {"invoice_counter", "INSERT, UPDATE"},
};
const size_t sup__portal_grant_count = sizeof sup__portal_grants / sizeof sup__portal_grants[0];
