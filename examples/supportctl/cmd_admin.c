/*
 * supportctl — looking after a ledger: check, migrate (between SQLite and PostgreSQL).
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NOPTS(a) (sizeof(a) / sizeof((a)[0]))

/* ---- check ----------------------------------------------------------------------------------- */

static int run_check(int argc, char **argv)
{
    opt o[] = {LEDGER_OPTS, {"--json", false, false, NULL}};
    bool help;
    if (!parse_options(&cmd_check, argc, argv, o, NOPTS(o), NULL, 0, NULL, &help))
        return EXIT_BAD_INPUT;
    if (help)
        return EXIT_OK;
    char sh[512];
    const char *path = shown_target(ledger_path(o, NOPTS(o)), sh);
    sup_ledger *l = NULL;
    int st = ledger_open(ledger_path(o, NOPTS(o)), false, &l);
    if (st != EXIT_OK)
        return st;
    int rc = sup_ledger_check(l);
    const char *backend = sup_ledger_backend(l);
    char msg[600];
    snprintf(msg, sizeof msg, "%s", rc == SUP_OK ? "" : sup_error_message());
    sup_ledger_close(l);
    if (opt_flag(o, NOPTS(o), "--json")) {
        json j = {0};
        json_begin_object(&j, NULL);
        json_str(&j, "ledger", path);
        json_str(&j, "backend", backend);
        json_int(&j, "schema_version", sup_ledger_schema_version());
        json_bool(&j, "ok", rc == SUP_OK);
        json_str(&j, "problem", rc != SUP_OK ? msg : NULL);
        json_end_object(&j);
        json_done(&j);
    } else if (rc == SUP_OK) {
        printf("ledger %s: ok (%s, schema version %d: integrity, keys, tables, indexes and triggers as written)\n",
               path, backend, sup_ledger_schema_version());
    }
    if (rc != SUP_OK) {
        fprintf(stderr, "supportctl: check: %s\n", msg);
        return EXIT_FAILURE_ENV;
    }
    return EXIT_OK;
}

const command cmd_check = {
    "check", "[--ledger LEDGER] [--json]",
    "Check a ledger: the engine's integrity checks (SQLite: integrity and foreign keys),\n"
    "and that its schema (tables, columns, indexes and the triggers that keep history\n"
    "append-only) is exactly what this library wrote. A dropped trigger or an altered\n"
    "table is reported by name. On PostgreSQL the expected schema is built in a scratch\n"
    "schema inside a transaction that is rolled back (the role needs CREATE on the\n"
    "database).\n"
    "\n"
    "Exit status 0 when the ledger is sound, 1 (the problem on stderr) when it is not.\n"
    "JSON keys: ledger, backend (\"sqlite\" or \"postgresql\"), schema_version, ok (true or\n"
    "false), problem (the message, or null).\n",
    run_check, CMD_LEDGER};

/* ---- migrate ----------------------------------------------------------------------------------- */

struct progress {
    bool tty;
    const char *table;
    int64_t rows;
    int64_t total;
};

static int show_progress(void *payload, const char *name, int64_t rows)
{
    struct progress *p = payload;
    if (p->table != NULL && strcmp(p->table, name) != 0)
        p->total += p->rows;
    p->table = name;
    p->rows = rows;
    if (p->tty) {
        int64_t all = p->total + rows;
        fprintf(stderr, "\rmigrating: %-16s %10lld rows (%lld in all)", name, (long long)rows, (long long)all);
        fflush(stderr);
    }
    return 0;
}

static int run_migrate(int argc, char **argv)
{
    opt o[] = {{"--from", true, true, NULL}, {"--to", true, true, NULL}, {"--json", false, false, NULL}};
    bool help;
    if (!parse_options(&cmd_migrate, argc, argv, o, NOPTS(o), NULL, 0, NULL, &help))
        return EXIT_BAD_INPUT;
    if (help)
        return EXIT_OK;
    const char *from = opt_get(o, NOPTS(o), "--from"), *to = opt_get(o, NOPTS(o), "--to");
    char from_sh[512], to_sh[512];
    shown_target(from, from_sh);
    shown_target(to, to_sh);
    struct progress p = {isatty(STDERR_FILENO) != 0, NULL, 0, 0};
    sup_ledger_migrate_options mo;
    if (sup_ledger_migrate_options_init(&mo, SUP_LEDGER_MIGRATE_OPTIONS_VERSION) != SUP_OK)
        return fail_lib(sup_error_code(), "migrate");
    mo.progress = show_progress;
    mo.payload = &p;
    sup_ledger_migration m = {SUP_LEDGER_MIGRATION_VERSION, 0, 0, ""};
    int rc = sup_ledger_migrate(from, to, &mo, &m);
    if (p.tty && p.table != NULL)
        fputc('\n', stderr);
    if (rc == SUP_ENOTFOUND)
        return fail_input("--from: no ledger at \"%s\"", from_sh);
    if (rc == SUP_ECONFLICT)
        return fail_input("--to: %s", sup_error_message());
    if (rc != SUP_OK)
        return fail_lib(rc, "migrate");
    if (opt_flag(o, NOPTS(o), "--json")) {
        json j = {0};
        json_begin_object(&j, NULL);
        json_str(&j, "from", from_sh);
        json_str(&j, "to", to_sh);
        json_int(&j, "tables", m.tables);
        json_int(&j, "rows", m.rows);
        json_str(&j, "checksum", m.checksum);
        json_end_object(&j);
        json_done(&j);
    } else {
        printf("copied %s to %s: %d tables, %lld rows, checksum %s on both (verified before committing)\n", from_sh,
               to_sh, m.tables, (long long)m.rows, m.checksum);
    }
    return EXIT_OK;
}

const command cmd_migrate = {
    "migrate", "--from LEDGER --to LEDGER [--json]",
    "Copy a whole ledger to another place, also between engines: an SQLite file\n"
    "(a path) and a PostgreSQL database (a postgresql:// URI; ?schema=NAME chooses\n"
    "the schema), in either direction. Every table, the audit trail and every id are\n"
    "copied in one transaction on the target, from one snapshot of the source; the\n"
    "copy is read back and its row counts and a checksum of every fact must match the\n"
    "source before it is committed. The target must not hold anything yet (a missing\n"
    "or empty file or schema): a target with a ledger or other data is refused and\n"
    "left as it was. The source is only read. A progress line is shown on a terminal.\n"
    "\n"
    "  --from LEDGER   the ledger to copy\n"
    "  --to LEDGER     where to copy it\n"
    "\n"
    "JSON keys: from, to, tables, rows, checksum (16 hex digits, equal on both).\n",
    run_migrate, 0};
