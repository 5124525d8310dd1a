#define _POSIX_C_SOURCE 200809L
/*
 * supportctl — the managers' command-line tool over libsupport: quick rule
 * answers without a ledger, and the ledger commands (products, customers,
 * licenses, renewals, releases, reports). A plain C program linking
 * libsupport.so; every rule it states comes from the library.
 */
#include "cli.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* ---- errors ---------------------------------------------------------------------- */

int exit_status_for(int rc)
{
    if (rc == SUP_OK)
        return EXIT_OK;
    /* A file that is not a ledger is the user's mistake (a wrong --ledger): bad input. */
    if (rc == SUP_ENOTLEDGER)
        return EXIT_BAD_INPUT;
    switch (sup_result_family(rc)) {
    case SUP_FAMILY_STORAGE:  /* the storage failed, is busy, read-only, or of a newer library */
    case SUP_FAMILY_RESOURCE: /* out of memory */
        return EXIT_FAILURE_ENV;
    default: return EXIT_BAD_INPUT; /* the request itself cannot be done as asked */
    }
}

/* Print "supportctl: <message>" as exactly one line: control characters are shown as \n, \xNN. */
static void print_error_line(const char *msg)
{
    fputs("supportctl: ", stderr);
    for (const unsigned char *p = (const unsigned char *)msg; *p; p++) {
        if (*p == '\n')
            fputs("\\n", stderr);
        else if (*p < 0x20 || *p == 0x7f)
            fprintf(stderr, "\\x%02X", *p);
        else
            fputc(*p, stderr);
    }
    fputc('\n', stderr);
}

int fail_lib(int rc, const char *what)
{
    char buf[2048];
    snprintf(buf, sizeof buf, "%s: %s", what, sup_error_message());
    print_error_line(buf);
    return exit_status_for(rc);
}

int fail_input(const char *fmt, ...)
{
    char buf[2048];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(buf, sizeof buf, fmt, ap);
    va_end(ap);
    print_error_line(buf);
    return EXIT_BAD_INPUT;
}

/* ---- memory ------------------------------------------------------------------------------- */

static void out_of_memory(void)
{
    fputs("supportctl: out of memory\n", stderr);
    exit(EXIT_FAILURE_ENV);
}

void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (p == NULL)
        out_of_memory();
    return p;
}

void *xrealloc(void *p, size_t n)
{
    void *q = realloc(p, n ? n : 1);
    if (q == NULL)
        out_of_memory();
    return q;
}

char *xstrdup(const char *s)
{
    if (s == NULL)
        return NULL;
    size_t n = strlen(s) + 1;
    char *d = xmalloc(n);
    memcpy(d, s, n);
    return d;
}

/* ---- arguments --------------------------------------------------------------------- */

bool arg_date(const char *option, const char *text, sup_date *out)
{
    if (sup_date_parse(text, out) == SUP_OK)
        return true;
    fail_input("%s: %s", option, sup_error_message());
    return false;
}

bool arg_money(const char *option, const char *text, sup_money *out)
{
    if (sup_money_parse(text, out) == SUP_OK)
        return true;
    fail_input("%s: %s", option, sup_error_message());
    return false;
}

bool arg_int(const char *option, const char *text, long lo, long hi, long *out)
{
    char *end = NULL;
    errno = 0;
    long v = strtol(text, &end, 10);
    if (text[0] == '\0' || *end != '\0' || errno != 0 || v < lo || v > hi) {
        fail_input("%s: invalid number \"%s\": expected a whole number %ld…%ld", option, text, lo, hi);
        return false;
    }
    *out = v;
    return true;
}

bool arg_id(const char *option, const char *text, sup_id *out)
{
    char *end = NULL;
    errno = 0;
    long long v = strtoll(text, &end, 10);
    if (text[0] < '0' || text[0] > '9' || *end != '\0' || errno != 0 || v <= 0) {
        fail_input("%s: invalid id \"%s\": expected a whole number above 0", option, text);
        return false;
    }
    *out = (sup_id)v;
    return true;
}

/* The whole of a small text file (a policy, a schedule: a few lines; at most 1 MiB), NUL-terminated. */
static bool read_small_text(const char *option, const char *path, const char *what, char **out)
{
    *out = NULL;
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        fail_input("%s: cannot read %s file \"%s\": %s", option, what, path, strerror(errno));
        return false;
    }
    size_t cap = 4096, len = 0;
    char *text = malloc(cap);
    size_t n;
    while (text != NULL && (n = fread(text + len, 1, cap - len - 1, f)) > 0) {
        len += n;
        if (len + 1 == cap) {
            if (cap >= (1u << 20)) { /* a few lines; refuse megabytes */
                free(text);
                fclose(f);
                fail_input("%s: %s file \"%s\" is larger than 1 MiB", option, what, path);
                return false;
            }
            char *bigger = realloc(text, cap * 2);
            if (bigger == NULL) {
                free(text);
                text = NULL;
                break;
            }
            text = bigger;
            cap *= 2;
        }
    }
    fclose(f);
    if (text == NULL) {
        fail_input("%s: out of memory reading \"%s\"", option, path);
        return false;
    }
    text[len] = '\0';
    if (memchr(text, '\0', len) != NULL) {
        free(text);
        fail_input("%s: %s file \"%s\" is not text", option, what, path);
        return false;
    }
    *out = text;
    return true;
}

bool arg_policy_file(const char *option, const char *path, sup_policy **out)
{
    char *text = NULL;
    if (!read_small_text(option, path, "policy", &text))
        return false;
    int rc = sup_policy_parse(text, out);
    free(text);
    if (rc != SUP_OK) {
        fail_input("%s: \"%s\": %s", option, path, sup_error_message());
        return false;
    }
    return true;
}

bool arg_schedule_file(const char *option, const char *path, sup_schedule **out)
{
    char *text = NULL;
    if (!read_small_text(option, path, "schedule", &text))
        return false;
    int rc = sup_schedule_parse(text, out);
    free(text);
    if (rc != SUP_OK) {
        fail_input("%s: \"%s\": %s", option, path, sup_error_message());
        return false;
    }
    return true;
}

sup_date today_local(void)
{
    time_t now = time(NULL);
    struct tm tm;
    sup_date d = SUP_DATE_NONE;
    if (localtime_r(&now, &tm) == NULL || sup_date_make(tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday, &d) != SUP_OK)
        return SUP_DATE_NONE;
    return d;
}

bool arg_on(const opt *opts, size_t nopts, sup_date *on, bool *today)
{
    const char *text = opt_get(opts, nopts, "--on");
    *today = text == NULL;
    if (text != NULL)
        return arg_date("--on", text, on);
    *on = today_local();
    if (*on == SUP_DATE_NONE) {
        fail_input("--on: today's date cannot be read from the system clock: give --on DATE");
        return false;
    }
    return true;
}

void print_today(sup_date on)
{
    char d[SUP_DATE_BUFSIZE];
    printf("on %s (today)\n", iso(on, d));
}

void print_replayed(const sup_payment_outcome *o)
{
    char d[SUP_DATE_BUFSIZE];
    printf("already recorded on %s (event %lld); nothing changed\n", iso(o->recorded_on, d), (long long)o->event);
}

static void print_command_help(const command *cmd)
{
    if (!(cmd->flags & CMD_LEDGER)) {
        printf("usage: supportctl %s %s\n\n%s", cmd->name, cmd->synopsis, cmd->help);
        return;
    }
    printf("usage: supportctl %s [--ledger FILE]%s %s\n\n%s", cmd->name,
           (cmd->flags & CMD_CHANGES) ? " [--actor NAME]" : "", cmd->synopsis, cmd->help);
    printf("\nCommon options:\n"
           "  --ledger FILE   the ledger file (default ./" DEFAULT_LEDGER "; `supportctl init` creates one)\n");
    if (cmd->flags & CMD_CHANGES)
        printf("  --actor NAME    who makes the change, recorded in the audit trail (default \"" DEFAULT_ACTOR "\")\n");
    printf("  --json          print one JSON document (keys above) instead of text for people\n"
           "Exit status: 0 ok; 2 bad input or refused by the ledger (one line on stderr, nothing on\n"
           "stdout); 1 storage or I/O failure, or a read-only ledger%s.\n",
           (cmd->flags & CMD_CHANGES) ? " (this command changes it)" : "");
}

static bool parse_all(const command *cmd, int argc, char **argv, opt *opts, size_t nopts, opt_multi *multi,
                      size_t nmulti, const char **pos, size_t npos_max, size_t *npos, bool *help_shown);

bool parse_options(const command *cmd, int argc, char **argv, opt *opts, size_t nopts, const char **pos,
                   size_t npos_max, size_t *npos, bool *help_shown)
{
    return parse_all(cmd, argc, argv, opts, nopts, NULL, 0, pos, npos_max, npos, help_shown);
}

bool parse_options_multi(const command *cmd, int argc, char **argv, opt *opts, size_t nopts, opt_multi *multi,
                         size_t nmulti, bool *help_shown)
{
    return parse_all(cmd, argc, argv, opts, nopts, multi, nmulti, NULL, 0, NULL, help_shown);
}

/* A repeatable option's next value: true if `a` is one (value taken from argv), false if not. */
static bool take_multi(const command *cmd, opt_multi *multi, size_t nmulti, const char *a, size_t nlen,
                       const char *eq, int argc, char **argv, int *i, bool *bad)
{
    for (size_t k = 0; k < nmulti; k++) {
        opt_multi *m = &multi[k];
        if (strlen(m->name) != nlen || strncmp(m->name, a, nlen) != 0)
            continue;
        const char *v = eq != NULL ? eq + 1 : *i + 1 < argc ? argv[++*i] : NULL;
        if (v == NULL) {
            fail_input("%s: option %s needs a value", cmd->name, m->name);
            *bad = true;
        } else if (m->count == OPT_REPEAT_MAX) {
            fail_input("%s: option %s given more than %d times", cmd->name, m->name, OPT_REPEAT_MAX);
            *bad = true;
        } else {
            m->values[m->count++] = v;
        }
        return true;
    }
    return false;
}

static bool parse_all(const command *cmd, int argc, char **argv, opt *opts, size_t nopts, opt_multi *multi,
                      size_t nmulti, const char **pos, size_t npos_max, size_t *npos, bool *help_shown)
{
    *help_shown = false;
    for (size_t k = 0; k < nmulti; k++)
        multi[k].count = 0;
    if (npos != NULL)
        *npos = 0;
    for (size_t k = 0; k < nopts; k++)
        opts[k].value = NULL;
    bool only_positional = false;
    for (int i = 0; i < argc; i++) {
        const char *a = argv[i];
        if (!only_positional && strcmp(a, "--") == 0) {
            only_positional = true;
            continue;
        }
        if (!only_positional && (strcmp(a, "--help") == 0 || strcmp(a, "-h") == 0)) {
            print_command_help(cmd);
            *help_shown = true;
            return true;
        }
        if (!only_positional && a[0] == '-' && a[1] == '-') {
            const char *eq = strchr(a, '=');
            size_t nlen = eq ? (size_t)(eq - a) : strlen(a);
            bool bad = false;
            if (take_multi(cmd, multi, nmulti, a, nlen, eq, argc, argv, &i, &bad)) {
                if (bad)
                    return false;
                continue;
            }
            opt *o = NULL;
            for (size_t k = 0; k < nopts; k++)
                if (strlen(opts[k].name) == nlen && strncmp(opts[k].name, a, nlen) == 0)
                    o = &opts[k];
            if (o == NULL) {
                fail_input("%s: unknown option \"%.*s\" (see supportctl %s --help)", cmd->name, (int)nlen, a,
                           cmd->name);
                return false;
            }
            if (o->value != NULL) {
                fail_input("%s: option %s given twice", cmd->name, o->name);
                return false;
            }
            if (o->has_value) {
                if (eq != NULL)
                    o->value = eq + 1;
                else if (i + 1 < argc)
                    o->value = argv[++i];
                else {
                    fail_input("%s: option %s needs a value", cmd->name, o->name);
                    return false;
                }
            } else {
                if (eq != NULL) {
                    fail_input("%s: option %s takes no value", cmd->name, o->name);
                    return false;
                }
                o->value = "1";
            }
            continue;
        }
        if (npos == NULL || *npos >= npos_max) {
            fail_input("%s: unexpected argument \"%s\" (see supportctl %s --help)", cmd->name, a, cmd->name);
            return false;
        }
        pos[(*npos)++] = a;
    }
    for (size_t k = 0; k < nopts; k++) {
        if (opts[k].required && opts[k].value == NULL) {
            fail_input("%s: missing required option %s (see supportctl %s --help)", cmd->name, opts[k].name,
                       cmd->name);
            return false;
        }
    }
    return true;
}

const char *opt_get(const opt *opts, size_t nopts, const char *name)
{
    for (size_t k = 0; k < nopts; k++)
        if (strcmp(opts[k].name, name) == 0)
            return opts[k].value;
    return NULL;
}

bool opt_flag(const opt *opts, size_t nopts, const char *name) { return opt_get(opts, nopts, name) != NULL; }

/* ---- output ----------------------------------------------------------------------------- */

const char *iso(sup_date d, char *buf)
{
    if (d == SUP_DATE_NONE || sup_date_format(d, SUP_DATE_ISO, buf, SUP_DATE_BUFSIZE) != SUP_OK)
        buf[0] = '\0';
    return buf;
}

const char *date_or_open(sup_date d, char *buf)
{
    if (d == SUP_DATE_MAX) {
        snprintf(buf, SUP_DATE_BUFSIZE, "no end");
        return buf;
    }
    return iso(d, buf);
}

const char *money_plain(sup_money m, char *buf)
{
    if (sup_money_format(m, SUP_MONEY_PLAIN, buf, SUP_MONEY_BUFSIZE) != SUP_OK)
        buf[0] = '\0';
    return buf;
}

static void json_sep(json *j, const char *key)
{
    if (j->depth > 0 && j->need_comma[j->depth])
        fputc(',', stdout);
    if (j->depth > 0)
        j->need_comma[j->depth] = true;
    if (key != NULL) {
        json_str(NULL, NULL, key);
        fputc(':', stdout);
    }
}

void json_str(json *j, const char *key, const char *value)
{
    if (j != NULL)
        json_sep(j, key);
    if (value == NULL) {
        fputs("null", stdout);
        return;
    }
    fputc('"', stdout);
    for (const unsigned char *p = (const unsigned char *)value; *p; p++) {
        switch (*p) {
        case '"': fputs("\\\"", stdout); break;
        case '\\': fputs("\\\\", stdout); break;
        case '\n': fputs("\\n", stdout); break;
        case '\r': fputs("\\r", stdout); break;
        case '\t': fputs("\\t", stdout); break;
        default:
            if (*p < 0x20)
                printf("\\u%04x", *p);
            else
                fputc(*p, stdout);
        }
    }
    fputc('"', stdout);
}

void json_begin_object(json *j, const char *key)
{
    json_sep(j, key);
    fputc('{', stdout);
    j->depth++;
    j->need_comma[j->depth] = false;
}

void json_end_object(json *j)
{
    j->depth--;
    fputc('}', stdout);
}

void json_begin_array(json *j, const char *key)
{
    json_sep(j, key);
    fputc('[', stdout);
    j->depth++;
    j->need_comma[j->depth] = false;
}

void json_end_array(json *j)
{
    j->depth--;
    fputc(']', stdout);
}

void json_int(json *j, const char *key, long long value)
{
    json_sep(j, key);
    printf("%lld", value);
}

void json_bool(json *j, const char *key, bool value)
{
    json_sep(j, key);
    fputs(value ? "true" : "false", stdout);
}

void json_date(json *j, const char *key, sup_date d)
{
    char b[SUP_DATE_BUFSIZE];
    json_str(j, key, d == SUP_DATE_NONE ? NULL : iso(d, b));
}

void json_money(json *j, const char *key_kopecks, const char *key_rubles, sup_money m)
{
    char b[SUP_MONEY_BUFSIZE];
    json_int(j, key_kopecks, m);
    json_str(j, key_rubles, money_plain(m, b));
}

void json_done(json *j)
{
    (void)j;
    fputc('\n', stdout);
}

/* ---- tables ---------------------------------------------------------------------------------- */

/* Display width of UTF-8 text: one column per code point (Latin and Cyrillic are one column wide). */
static size_t display_width(const char *s)
{
    size_t w = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++)
        if ((*p & 0xC0) != 0x80)
            w++;
    return w;
}

void table_init(table *t, size_t ncols, const char *const *head, const char *align)
{
    t->ncols = ncols;
    t->nrows = 0;
    t->cap = 0;
    t->head = head;
    t->align = align;
    t->cells = NULL;
}

void table_row(table *t, const char *const *cells)
{
    if (t->nrows == t->cap) {
        t->cap = t->cap ? t->cap * 2 : 16;
        t->cells = xrealloc(t->cells, t->cap * t->ncols * sizeof *t->cells);
    }
    for (size_t c = 0; c < t->ncols; c++) {
        const char *v = cells[c] != NULL && cells[c][0] != '\0' ? cells[c] : "-";
        char *copy = xstrdup(v);
        for (char *p = copy; *p; p++) /* one row per line: notes may hold line breaks */
            if (*p == '\n' || *p == '\r' || *p == '\t')
                *p = ' ';
        t->cells[t->nrows * t->ncols + c] = copy;
    }
    t->nrows++;
}

void table_print(const table *t, FILE *out)
{
    size_t *w = xmalloc(t->ncols * sizeof *w);
    for (size_t c = 0; c < t->ncols; c++) {
        w[c] = display_width(t->head[c]);
        for (size_t r = 0; r < t->nrows; r++) {
            size_t cw = display_width(t->cells[r * t->ncols + c]);
            if (cw > w[c])
                w[c] = cw;
        }
    }
    for (size_t r = 0; r <= t->nrows; r++) {
        for (size_t c = 0; c < t->ncols; c++) {
            const char *v = r == 0 ? t->head[c] : t->cells[(r - 1) * t->ncols + c];
            size_t pad = w[c] - display_width(v);
            bool right = t->align != NULL && t->align[c] == 'r';
            bool last = c + 1 == t->ncols;
            if (right)
                fprintf(out, "%*s", (int)pad, "");
            fputs(v, out);
            if (!right && !last)
                fprintf(out, "%*s", (int)pad, "");
            if (!last)
                fputs("  ", out);
        }
        fputc('\n', out);
    }
    free(w);
}

void table_free(table *t)
{
    for (size_t i = 0; i < t->nrows * t->ncols; i++)
        free(t->cells[i]);
    free(t->cells);
    t->cells = NULL;
    t->nrows = t->cap = 0;
}

int list_finish(int rc, const char *what, bool as_json, json *j, table *t)
{
    int st = EXIT_OK;
    if (rc != SUP_OK) {
        st = fail_lib(rc, what);
    } else if (as_json) {
        json_end_array(j);
        json_end_object(j);
        json_done(j);
    } else {
        table_print(t, stdout);
    }
    table_free(t);
    return st;
}

/* ---- dispatch ------------------------------------------------------------------------------ */

typedef struct group {
    const char *title;
    const command *const *cmds;
    size_t n;
} group;

static const command *const rules_cmds[] = {&cmd_add_months, &cmd_status, &cmd_quote, &cmd_can_download};
static const command *const setup_cmds[] = {&cmd_init,           &cmd_product_add,   &cmd_product_update,
                                            &cmd_product_price,  &cmd_product_list,  &cmd_policy_add,
                                            &cmd_policy_list,    &cmd_customer_add,  &cmd_customer_update,
                                            &cmd_customer_list,  &cmd_release_add,   &cmd_release_list};
static const command *const sales_cmds[] = {&cmd_sell, &cmd_offer, &cmd_renewal_quote, &cmd_renew,
                                            &cmd_payment_quote, &cmd_pay};
static const command *const report_cmds[] = {&cmd_customer, &cmd_license, &cmd_expiring, &cmd_preferential,
                                             &cmd_lapsed,   &cmd_reminders, &cmd_notify, &cmd_payments,
                                             &cmd_audit,    &cmd_revenue};
static const command *const reach_cmds[] = {&cmd_send_reminders, &cmd_sends};
static const command *const data_cmds[] = {&cmd_import, &cmd_export};
static const command *const money_cmds[] = {&cmd_vendor_set,  &cmd_vendor_show, &cmd_invoice,      &cmd_invoice_list,
                                            &cmd_invoice_show, &cmd_invoice_pay, &cmd_bank_import,  &cmd_review_list,
                                            &cmd_review_close, &cmd_void,        &cmd_refund};
static const command *const admin_cmds[] = {&cmd_check, &cmd_migrate};
static const command *const portal_cmds[] = {&cmd_license_key, &cmd_portal_role, &cmd_portal_purge};
static const command *const demo_cmds[] = {&cmd_demo};

#define GROUP(title, a) {(title), (a), sizeof(a) / sizeof((a)[0])}
static const group groups[] = {
    GROUP("Rules from bare facts (no ledger)", rules_cmds),
    GROUP("Ledger: set-up and catalogue", setup_cmds),
    GROUP("Ledger: sales, renewals, subscription payments", sales_cmds),
    GROUP("Ledger: status and the managers' lists", report_cmds),
    GROUP("Ledger: reminder e-mails", reach_cmds),
    GROUP("Ledger: the vendor's data in and out", data_cmds),
    GROUP("Ledger: invoices, bank statements, corrections", money_cmds),
    GROUP("Ledger: looking after it", admin_cmds),
    GROUP("The customer portal", portal_cmds),
    GROUP("The main job", demo_cmds),
};

static void usage(FILE *out)
{
    fprintf(out, "usage: supportctl COMMAND [OPTIONS]\n"
                 "\n"
                 "The managers' tool for the support and renewal policy (libsupport %s).\n"
                 "Every rule it states (statuses, windows, fees, prices in force, downloads, notices)\n"
                 "comes from the library. Dates are ISO (YYYY-MM-DD); a ledger command's --on defaults\n"
                 "to today's local date (the only place supportctl reads the calendar; the library never\n"
                 "does) and the output names the date used. Amounts are rubles (\"7990\" or \"7990.50\").\n",
            sup_version_string());
    for (size_t g = 0; g < sizeof groups / sizeof groups[0]; g++) {
        fprintf(out, "\n%s:\n", groups[g].title);
        for (size_t i = 0; i < groups[g].n; i++)
            fprintf(out, "  %-16s %s\n", groups[g].cmds[i]->name, groups[g].cmds[i]->synopsis);
    }
    fprintf(out, "\n"
                 "Ledger commands take --ledger LEDGER (default ./" DEFAULT_LEDGER ", a SQLite file made by\n"
                 "`supportctl init`; or a PostgreSQL database: postgresql://USER@HOST/DB?schema=NAME) and\n"
                 "--actor NAME (default \"" DEFAULT_ACTOR "\", recorded in the audit trail with every change). Output is an aligned table or key: value lines for people;\n"
                 "--json prints one JSON document (ISO dates or null, money as *_kopecks integers with\n"
                 "a rubles string beside them, e.g. \"fee_kopecks\": 199800, \"fee\": \"1998.00\").\n"
                 "\n"
                 "Run `supportctl COMMAND --help` for a command's options, output and JSON keys.\n"
                 "Exit status: 0 success; 2 bad input or a request the ledger refuses (a one-line error\n"
                 "on stderr naming the bad value, nothing on stdout); 1 a failure of the environment\n"
                 "(storage, I/O, a read-only ledger, a ledger written by a newer library).\n");
}

int main(int argc, char **argv)
{
    if (argc < 2) {
        usage(stderr);
        return EXIT_BAD_INPUT;
    }
    if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0 || strcmp(argv[1], "help") == 0) {
        usage(stdout);
        return EXIT_OK;
    }
    if (strcmp(argv[1], "--version") == 0) {
        printf("supportctl (libsupport %s)\n", sup_version_string());
        return EXIT_OK;
    }
    for (size_t g = 0; g < sizeof groups / sizeof groups[0]; g++)
        for (size_t i = 0; i < groups[g].n; i++)
            if (strcmp(argv[1], groups[g].cmds[i]->name) == 0)
                return groups[g].cmds[i]->run(argc - 2, argv + 2);
    return fail_input("unknown command \"%s\" (see supportctl --help)", argv[1]);
}
