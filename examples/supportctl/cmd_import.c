#define _POSIX_C_SOURCE 200809L
/*
 * supportctl import / export — the vendor's customers and licenses in and out of
 * the ledger as 1C and Excel write CSV (docs/import.md). Reading the files,
 * checking every row, matching what is there already and writing it all in one
 * transaction are library calls (import.h); this file draws the progress bar and
 * prints the report.
 */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NOPTS(a) (sizeof(a) / sizeof((a)[0]))

/* ---- the progress bar (a terminal only) ------------------------------------------------------- */

typedef struct progress {
    const char *names[2];
    int64_t total[2]; /* the files' lines, counted first (a row may span lines: an estimate) */
    int last_pct;
} progress;

static int64_t count_lines(const char *path)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL)
        return 0;
    char buf[65536];
    size_t n;
    int64_t lines = 0;
    while ((n = fread(buf, 1, sizeof buf, f)) > 0)
        for (size_t i = 0; i < n; i++)
            lines += buf[i] == '\n';
    fclose(f);
    return lines > 0 ? lines - 1 : 0; /* without the header */
}

static int show_progress(void *payload, sup_import_file file, int64_t rows)
{
    progress *p = payload;
    int64_t total = p->total[file] > 0 ? p->total[file] : rows;
    int pct = total > 0 ? (int)(rows * 100 / (total > rows ? total : rows)) : 100;
    int width = 30, filled = pct * width / 100;
    char bar[64];
    for (int i = 0; i < width; i++)
        bar[i] = i < filled ? '#' : '.';
    bar[width] = '\0';
    fprintf(stderr, "\r%-9s [%s] %3d%%  %lld rows", p->names[file], bar, pct, (long long)rows);
    fflush(stderr);
    p->last_pct = pct;
    return 0;
}

/* ---- import ------------------------------------------------------------------------------------ */

static const char *file_label(sup_import_file f, const char *cpath, const char *lpath)
{
    return f == SUP_IMPORT_LICENSES ? lpath : cpath;
}

static void json_report(const sup_import_report *r, const char *cpath, const char *lpath)
{
    json j = {0};
    json_begin_object(&j, NULL);
    json_bool(&j, "applied", sup_import_report_applied(r));
    json_bool(&j, "dry_run", sup_import_report_dry_run(r));
    json_int(&j, "rows", sup_import_report_count(r, SUP_IMPORT_ROWS));
    json_int(&j, "customers_added", sup_import_report_count(r, SUP_IMPORT_CUSTOMERS_ADDED));
    json_int(&j, "customers_updated", sup_import_report_count(r, SUP_IMPORT_CUSTOMERS_UPDATED));
    json_int(&j, "customers_unchanged", sup_import_report_count(r, SUP_IMPORT_CUSTOMERS_UNCHANGED));
    json_int(&j, "licenses_added", sup_import_report_count(r, SUP_IMPORT_LICENSES_ADDED));
    json_int(&j, "licenses_unchanged", sup_import_report_count(r, SUP_IMPORT_LICENSES_UNCHANGED));
    json_int(&j, "periods_recorded", sup_import_report_count(r, SUP_IMPORT_PERIODS_RECORDED));
    json_int(&j, "bad_rows", sup_import_report_count(r, SUP_IMPORT_BAD_ROWS));
    json_begin_array(&j, "errors");
    for (size_t i = 0; i < sup_import_report_error_count(r); i++) {
        sup_import_file f;
        int64_t line = 0;
        const char *col = NULL, *msg = NULL;
        if (sup_import_report_error(r, i, &f, &line, &col, &msg) != SUP_OK)
            continue;
        json_begin_object(&j, NULL);
        json_str(&j, "file", file_label(f, cpath, lpath));
        json_int(&j, "line", line);
        json_str(&j, "column", col);
        json_str(&j, "message", msg);
        json_end_object(&j);
    }
    json_end_array(&j);
    json_end_object(&j);
    json_done(&j);
}

static void text_report(const sup_import_report *r, bool has_customers, bool has_licenses)
{
    if (has_customers)
        printf("customers: %lld added, %lld updated, %lld unchanged\n",
               (long long)sup_import_report_count(r, SUP_IMPORT_CUSTOMERS_ADDED),
               (long long)sup_import_report_count(r, SUP_IMPORT_CUSTOMERS_UPDATED),
               (long long)sup_import_report_count(r, SUP_IMPORT_CUSTOMERS_UNCHANGED));
    if (has_licenses)
        printf("licenses: %lld added, %lld unchanged; %lld known support ends recorded\n",
               (long long)sup_import_report_count(r, SUP_IMPORT_LICENSES_ADDED),
               (long long)sup_import_report_count(r, SUP_IMPORT_LICENSES_UNCHANGED),
               (long long)sup_import_report_count(r, SUP_IMPORT_PERIODS_RECORDED));
    int64_t bad = sup_import_report_count(r, SUP_IMPORT_BAD_ROWS);
    if (bad > 0)
        printf("%lld bad row%s skipped (listed on stderr)\n", (long long)bad, bad == 1 ? "" : "s");
    if (sup_import_report_dry_run(r))
        printf("dry run: nothing was written\n");
}

static int run_import(int argc, char **argv)
{
    opt o[] = {LEDGER_OPTS,
               {"--customers", true, false, NULL},
               {"--licenses", true, false, NULL},
               {"--dry-run", false, false, NULL},
               {"--skip-bad", false, false, NULL},
               {"--json", false, false, NULL}};
    bool help;
    if (!parse_options(&cmd_import, argc, argv, o, NOPTS(o), NULL, 0, NULL, &help))
        return EXIT_BAD_INPUT;
    if (help)
        return EXIT_OK;
    const char *cpath = opt_get(o, NOPTS(o), "--customers"), *lpath = opt_get(o, NOPTS(o), "--licenses");
    if (cpath == NULL && lpath == NULL)
        return fail_input("import: give --customers FILE and/or --licenses FILE (see supportctl import --help)");
    bool as_json = opt_flag(o, NOPTS(o), "--json");
    sup_ledger *l = NULL;
    int st = ledger_open(ledger_path(o, NOPTS(o)), true, &l);
    if (st != EXIT_OK)
        return st;
    sup_import_options io;
    int rc = sup_import_options_init(&io, SUP_IMPORT_OPTIONS_VERSION);
    io.customers_path = cpath;
    io.licenses_path = lpath;
    io.flags = (opt_flag(o, NOPTS(o), "--dry-run") ? SUP_IMPORT_DRY_RUN : 0u) |
               (opt_flag(o, NOPTS(o), "--skip-bad") ? SUP_IMPORT_SKIP_BAD : 0u);
    progress pg = {{"customers", "licenses"}, {0, 0}, -1};
    bool bar = !as_json && isatty(STDERR_FILENO);
    if (bar) {
        pg.total[0] = cpath != NULL ? count_lines(cpath) : 0;
        pg.total[1] = lpath != NULL ? count_lines(lpath) : 0;
        io.progress = show_progress;
        io.payload = &pg;
    }
    sup_import_report *r = NULL;
    if (rc == SUP_OK)
        rc = sup_ledger_import(l, ledger_actor(o, NOPTS(o)), &io, &r);
    if (bar && pg.last_pct >= 0)
        fputs("\r\033[K", stderr); /* the bar goes away */
    if (r == NULL) {
        st = fail_lib(rc, rc == SUP_EIO ? (cpath != NULL ? "--customers" : "--licenses") : "import");
        sup_ledger_close(l);
        return st;
    }
    if (as_json)
        json_report(r, cpath, lpath);
    else if (rc == SUP_OK)
        text_report(r, cpath != NULL, lpath != NULL);
    for (size_t i = 0; i < sup_import_report_error_count(r); i++) {
        sup_import_file f;
        int64_t line = 0;
        const char *col = NULL, *msg = NULL;
        if (sup_import_report_error(r, i, &f, &line, &col, &msg) != SUP_OK)
            continue;
        char where[40] = "";
        if (line > 0)
            snprintf(where, sizeof where, ":%lld", (long long)line);
        char buf[2048];
        snprintf(buf, sizeof buf, "%s%s: %s%s%s%s", file_label(f, cpath, lpath), where, col ? "column " : "",
                 col ? col : "", col ? ": " : "", msg);
        fail_input("%s", buf);
    }
    int64_t kept = (int64_t)sup_import_report_error_count(r), bad = sup_import_report_count(r, SUP_IMPORT_BAD_ROWS);
    if (bad > kept)
        fail_input("import: … and %lld more bad rows", (long long)(bad - kept));
    if (rc == SUP_EPARSE)
        st = fail_input("import: %lld bad row%s: nothing was imported (--skip-bad imports the good ones)",
                        (long long)bad, bad == 1 ? "" : "s");
    sup_import_report_free(r);
    sup_ledger_close(l);
    return st;
}

const command cmd_import = {
    "import", "[--customers FILE] [--licenses FILE] [--dry-run] [--skip-bad] [--json]",
    "Import the vendor's customers and licenses from CSV as 1C and Excel write it (\";\" or\n"
    "\",\", UTF-8 with or without BOM or Windows-1251, dates DD.MM.YYYY or ISO, amounts\n"
    "\"7 990,00\" or \"7990.00\"), in one transaction: the customers first, matched by code\n"
    "(added, or their given columns updated), then the licenses, matched by external_id\n"
    "(added with their purchase and a known support end; the same facts change nothing).\n"
    "Importing the same files again changes nothing. The columns: docs/import.md.\n"
    "\n"
    "  --dry-run   check every row and count what would change; write nothing\n"
    "  --skip-bad  write the good rows and report the bad ones (default: all or nothing)\n"
    "\n"
    "Every bad row is reported on stderr as FILE:LINE: column NAME: reason. Exit status 2\n"
    "when bad rows stopped the import (nothing was written). A progress bar is drawn on\n"
    "stderr when it is a terminal.\n"
    "JSON: {applied, dry_run, rows, customers_added, customers_updated, customers_unchanged,\n"
    "licenses_added, licenses_unchanged, periods_recorded, bad_rows, errors: [{file, line,\n"
    "column, message}]} (also when bad rows stopped it).\n",
    run_import, CMD_LEDGER | CMD_CHANGES};

/* ---- export ------------------------------------------------------------------------------------ */

static int to_file(void *payload, const char *data, size_t len)
{
    return fwrite(data, 1, len, (FILE *)payload) == len ? 0 : -1;
}

static int run_export(int argc, char **argv)
{
    opt o[] = {LEDGER_OPTS,
               {"--customers", true, false, NULL},
               {"--licenses", true, false, NULL},
               {"--format", true, false, NULL}};
    bool help;
    if (!parse_options(&cmd_export, argc, argv, o, NOPTS(o), NULL, 0, NULL, &help))
        return EXIT_BAD_INPUT;
    if (help)
        return EXIT_OK;
    const char *cpath = opt_get(o, NOPTS(o), "--customers"), *lpath = opt_get(o, NOPTS(o), "--licenses");
    if ((cpath == NULL) == (lpath == NULL))
        return fail_input("export: give either --customers FILE or --licenses FILE (\"-\": standard output)");
    const char *format = opt_get(o, NOPTS(o), "--format");
    sup_export_format fmt = SUP_EXPORT_CSV;
    if (format != NULL && strcmp(format, "json") == 0)
        fmt = SUP_EXPORT_JSON;
    else if (format != NULL && strcmp(format, "csv") != 0)
        return fail_input("--format: \"%s\": expected csv or json", format);
    const char *path = cpath != NULL ? cpath : lpath;
    sup_ledger *l = NULL;
    int st = ledger_open(ledger_path(o, NOPTS(o)), false, &l);
    if (st != EXIT_OK)
        return st;
    bool std_out = strcmp(path, "-") == 0;
    FILE *f = std_out ? stdout : fopen(path, "wb");
    if (f == NULL) {
        sup_ledger_close(l);
        return fail_input("%s: cannot write \"%s\": %s", cpath ? "--customers" : "--licenses", path, strerror(errno));
    }
    sup_export_options eo;
    int rc = sup_export_options_init(&eo, SUP_EXPORT_OPTIONS_VERSION);
    eo.what = cpath != NULL ? SUP_EXPORT_CUSTOMERS : SUP_EXPORT_LICENSES;
    eo.format = fmt;
    eo.write = to_file;
    eo.payload = f;
    if (rc == SUP_OK)
        rc = sup_ledger_export(l, &eo);
    int closed = std_out ? fflush(f) : fclose(f);
    if (rc == SUP_OK && closed != 0)
        rc = SUP_EIO;
    if (rc != SUP_OK) {
        st = rc == SUP_EIO ? fail_input("%s: writing \"%s\" failed: %s", cpath ? "--customers" : "--licenses", path,
                                        strerror(errno))
                           : fail_lib(rc, "export");
        if (!std_out)
            remove(path); /* no half-written export */
    } else if (!std_out) {
        printf("exported the %s to %s (%s)\n", cpath ? "customers" : "licenses", path, fmt == SUP_EXPORT_CSV ? "CSV" :
                                                                                                              "JSON");
    }
    sup_ledger_close(l);
    return st == EXIT_BAD_INPUT && rc == SUP_EIO ? EXIT_FAILURE_ENV : st;
}

const command cmd_export = {
    "export", "(--customers FILE | --licenses FILE) [--format csv|json]",
    "Write every customer or every license with the columns of import (docs/import.md), so\n"
    "that an export imports back unchanged: CSV that Russian Excel opens right (BOM, \";\",\n"
    "CRLF, DD.MM.YYYY, 7990,00), or --format json (an array of objects with the same keys;\n"
    "ISO dates, amounts \"7990.00\", e-mail addresses as a list). FILE \"-\" is standard\n"
    "output. A license sold without an external id is written as \"#ID\" (its id here).\n",
    run_export, CMD_LEDGER};
