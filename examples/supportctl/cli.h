/* supportctl — shared helpers of the managers' command-line tool. */
#ifndef SUPPORTCTL_CLI_H
#define SUPPORTCTL_CLI_H

#include <libsupport.h>

#include <stdbool.h>
#include <stdio.h>

/* Exit statuses. */
enum { EXIT_OK = 0, EXIT_FAILURE_ENV = 1, EXIT_BAD_INPUT = 2 };

/* ---- options -------------------------------------------------------------- */
typedef struct opt {
    const char *name;  /* "--on" */
    bool has_value;    /* takes a value (else a flag) */
    bool required;
    const char *value; /* parsed value (or "1" for a flag that was given) */
} opt;

/* An option that takes a value and may be given several times ("--email A --email B"). */
#define OPT_REPEAT_MAX 32
typedef struct opt_multi {
    const char *name;
    size_t count;
    const char *values[OPT_REPEAT_MAX]; /* in the order given */
} opt_multi;

/* A command's description for --help and dispatch. */
typedef struct command {
    const char *name;
    const char *synopsis; /* one line of options */
    const char *help;     /* the rest of the help text */
    int (*run)(int argc, char **argv);
    unsigned flags; /* CMD_LEDGER: takes --ledger and --actor (CMD_CHANGES: and changes the ledger) */
} command;
enum { CMD_LEDGER = 1u, CMD_CHANGES = 2u };

/* Parse argv (after the command name) against opts; positional arguments are
 * collected into pos (at most npos_max). Prints a one-line error and returns
 * false on bad input. `cmd` is used for --help. */
bool parse_options(const command *cmd, int argc, char **argv, opt *opts, size_t nopts, const char **pos,
                   size_t npos_max, size_t *npos, bool *help_shown);
/* The same with repeatable options (multi, nmulti; their counts are reset first). */
bool parse_options_multi(const command *cmd, int argc, char **argv, opt *opts, size_t nopts, opt_multi *multi,
                         size_t nmulti, bool *help_shown);
const char *opt_get(const opt *opts, size_t nopts, const char *name);
bool opt_flag(const opt *opts, size_t nopts, const char *name);

/* ---- errors ----------------------------------------------------------------- */
/* Print "supportctl: <what>: <message>" to stderr and return the exit status for rc. */
int fail_lib(int rc, const char *what);
/* Print "supportctl: <fmt>" to stderr and return EXIT_BAD_INPUT. */
int fail_input(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;
int exit_status_for(int rc);

/* ---- parsing arguments with the library (one rule, one place) --------------- */
bool arg_date(const char *option, const char *text, sup_date *out);
bool arg_money(const char *option, const char *text, sup_money *out);
bool arg_int(const char *option, const char *text, long lo, long hi, long *out);
bool arg_policy_file(const char *option, const char *path, sup_policy **out);
bool arg_schedule_file(const char *option, const char *path, sup_schedule **out);
/* --on DATE, or today's local date when it is not given (*today then true): the one place supportctl reads
 * the calendar for a business date (the library never does); commands show the date they used. */
bool arg_on(const opt *opts, size_t nopts, sup_date *on, bool *today);
/* Today's local date. */
sup_date today_local(void);
/* "on 2026-07-01 (today)": the first line of a table whose --on was left to default. */
void print_today(sup_date on);
/* "already recorded on 2026-07-01 (event 17); nothing changed": a replayed payment id. */
void print_replayed(const sup_payment_outcome *o);

/* ---- output --------------------------------------------------------------------- */
/* ISO text of a date ("" for SUP_DATE_NONE). buf: SUP_DATE_BUFSIZE bytes. */
const char *iso(sup_date d, char *buf);
const char *money_plain(sup_money m, char *buf);
/* As iso(), but "no end" for SUP_DATE_MAX (a quote's valid_through that nothing known ends): for people. */
const char *date_or_open(sup_date d, char *buf);

/* The wall-clock time now, for the audit trail (milliseconds since 1970, UTC). */
int64_t now_ms(void);
/* A wall-clock time (ms since 1970) as ISO 8601 UTC with milliseconds; "" for 0. */
const char *utc_time(int64_t ms, char *buf, size_t size);
/* sup_ledger_open with the wall-clock time set for the audit trail. */
int open_stamped(const char *target, unsigned flags, sup_ledger **out);
int open_stamped_mode(const char *target, unsigned flags, unsigned file_mode, sup_ledger **out);

/* A ledger's path or URI as it may be shown (a password replaced by "***"). buf: 512 bytes. */
const char *shown_target(const char *target, char *buf);

/* A minimal JSON writer to stdout: objects, arrays, scalars, with commas handled. */
typedef struct json {
    int depth;
    bool need_comma[32];
} json;
void json_begin_object(json *j, const char *key);
void json_end_object(json *j);
void json_begin_array(json *j, const char *key);
void json_end_array(json *j);
void json_str(json *j, const char *key, const char *value); /* NULL value -> null */
void json_int(json *j, const char *key, long long value);
void json_bool(json *j, const char *key, bool value);
void json_date(json *j, const char *key, sup_date d); /* SUP_DATE_NONE -> null */
void json_money(json *j, const char *key_kopecks, const char *key_rubles, sup_money m);
void json_done(json *j);

/* ---- more argument parsers ---------------------------------------------------------- */
/* A row id (> 0): "--license 7". */
bool arg_id(const char *option, const char *text, sup_id *out);

/* ---- memory (out of memory is an environment failure: exit status 1) -------------------- */
void *xmalloc(size_t n);
void *xrealloc(void *p, size_t n);
char *xstrdup(const char *s); /* NULL stays NULL */

/* ---- aligned tables for people ----------------------------------------------------------- */
typedef struct table {
    size_t ncols, nrows, cap;
    const char *const *head; /* ncols column titles */
    const char *align;       /* one char per column: 'l' or 'r' (NULL: all left) */
    char **cells;            /* nrows * ncols, owned */
} table;
void table_init(table *t, size_t ncols, const char *const *head, const char *align);
/* Append a row of ncols cells (copied; NULL or "" print as "-"). */
void table_row(table *t, const char *const *cells);
/* Print the table (titles, then rows, columns padded to their display width). */
void table_print(const table *t, FILE *out);
void table_free(table *t);
/**
 * End a list command: on rc != SUP_OK a one-line error naming `what` (nothing on
 * stdout); else close the JSON rows array and object, or print the table. Frees
 * the table either way; returns the exit status.
 */
int list_finish(int rc, const char *what, bool as_json, json *j, table *t);

/* ---- the ledger (cmd_ledger.c) --------------------------------------------------------------- */
#define DEFAULT_LEDGER "support.db"
#define DEFAULT_ACTOR "supportctl"
/* The two options every ledger command takes; put them first in its opt array. */
#define LEDGER_OPTS {"--ledger", true, false, NULL}, {"--actor", true, false, NULL}
const char *ledger_path(const opt *opts, size_t nopts);
const char *ledger_actor(const opt *opts, size_t nopts);
/* Open an existing ledger (for writing or read-only). On failure prints the
 * error and returns the exit status; else EXIT_OK. */
int ledger_open(const char *path, bool write, sup_ledger **out);

/* ---- views shared by the ledger commands and the demo (view.c) ------------------------------ */
/* The products of a ledger (few): id -> code, name, kind. */
typedef struct product_item {
    sup_id id;
    char *code, *name;
    sup_license_kind kind;
    int support_months;
} product_item;
typedef struct catalog {
    product_item *items;
    size_t n;
} catalog;
int catalog_load(sup_ledger *l, catalog *c); /* a sup_result */
const product_item *catalog_product(const catalog *c, sup_id id);
void catalog_free(catalog *c);
/* Every customer (for reports that name many): id -> code, name. */
typedef struct customer_item {
    sup_id id;
    char *code, *name;
} customer_item;
typedef struct customer_map {
    customer_item *items;
    size_t n;
} customer_map;
int customer_map_load(sup_ledger *l, customer_map *m); /* a sup_result */
const customer_item *customer_map_find(const customer_map *m, sup_id id);
void customer_map_free(customer_map *m);
/* A customer's code and name by id (sup_ledger_get_customer; strings owned by the caller). */
int customer_by_id(sup_ledger *l, sup_id id, char **code, char **name);

/* A customer's fields as JSON keys (customer_id, code, name, emails, phone, inn, kpp, lang, note) inside an
 * open object, and its contact data as indented "label value" lines for people (only what is set). */
void json_customer_fields(json *j, const sup_customer *c);
void print_customer_contacts(FILE *out, const sup_customer *c);

typedef struct release_item {
    sup_id id;
    char *version, *note;
    sup_date released;
    bool allowed;
} release_item;

typedef struct notice_opts {
    bool want;
    sup_lang lang;
    sup_notice_format format;
} notice_opts;

/* Everything the library says about one license on one date. */
typedef struct license_view {
    sup_id id, customer_id, product_id;
    char *customer_code, *customer_name, *product_code, *product_name;
    sup_license_kind kind;
    sup_date on, purchased;
    sup_status *status;
    sup_offer *offer;        /* the library's offer on `on`: a renewal or payment quote, or the reason for none */
    release_item *releases;  /* the product's releases dated on or before `on` */
    size_t nreleases;
    char *notice; /* the customer-facing text, when asked for */
} license_view;
int license_view_load(sup_ledger *l, const catalog *cat, sup_id license, sup_date on, const notice_opts *nopt,
                      license_view *v); /* a sup_result */
void license_view_free(license_view *v);
void json_license_view(json *j, const char *key, const license_view *v);
void json_license_fields(json *j, const license_view *v); /* the same keys, inside an open object */
void print_license_view(FILE *out, const license_view *v);
/* A table of licenses: id, (customer,) product, kind, status, dates, offer, releases (cmd_reports.c). */
void print_licenses_overview(FILE *out, const license_view *views, size_t n, bool with_customer);

/* The offer's quote, or NULL when there is none. */
const sup_quote *view_quote(const license_view *v);
/* The offer as JSON keys offer (the quote's fields, or null), offer_kind, offer_reason and offer_unavailable. */
void json_offer_fields(json *j, const sup_offer *o);

/* Quote fields as the stateless `quote` prints them: kind, rate_bp, fee_kopecks, fee, list_price_kopecks,
 * list_price, support_until, new_support_until, valid_through. */
void json_quote_fields(json *j, const sup_quote *q);
/* "preferential 1998.00 rub (25% of 7990.00), support through 2027-07-15, valid through 2026-08-15". */
const char *describe_quote(const sup_quote *q, char *buf, size_t size);
/* "25%", "12.5%" */
const char *rate_text(sup_rate bp, char *buf, size_t size);

/* A notice of `kind` in the language and format asked for (the ledger fills in the names); a sup_result. */
int notice_for(const notice_opts *nopt, sup_notice_kind kind, sup_notice **out);
/* Options --notice, --lang ru|en, --html: parsed into n (prints the error and returns false on bad input). */
bool arg_notice(const opt *opts, size_t nopts, notice_opts *n);
#define NOTICE_OPTS {"--notice", false, false, NULL}, {"--lang", true, false, NULL}, {"--html", false, false, NULL}

/* ---- commands --------------------------------------------------------------------- */
extern const command cmd_add_months, cmd_status, cmd_quote, cmd_can_download;
/* ledger: set-up and catalogue (cmd_ledger.c) */
extern const command cmd_init, cmd_product_add, cmd_product_update, cmd_product_price, cmd_product_list,
    cmd_policy_add, cmd_policy_list, cmd_customer_add, cmd_customer_update, cmd_customer_list, cmd_release_add,
    cmd_release_list;
/* the customer portal (cmd_portal.c) */
extern const command cmd_license_key, cmd_portal_role, cmd_portal_purge;
/* ledger: sales, renewals and payments (cmd_sales.c) */
extern const command cmd_sell, cmd_renewal_quote, cmd_renew, cmd_payment_quote, cmd_pay, cmd_offer;
/* ledger: status and the managers' lists (cmd_reports.c) */
extern const command cmd_customer, cmd_license, cmd_expiring, cmd_preferential, cmd_lapsed, cmd_reminders,
    cmd_notify, cmd_payments, cmd_audit;
/* ledger: the revenue schedule by recognition (cmd_revenue.c) */
extern const command cmd_revenue;
/* the README's main job (cmd_demo.c) */
extern const command cmd_demo;
extern const command cmd_check, cmd_migrate;
/* reminders sent once, and the record of them (cmd_send.c, cmd_reports.c) */
extern const command cmd_send_reminders, cmd_sends;
/* the vendor's data in and out (cmd_import.c) */
extern const command cmd_import, cmd_export;
/* money: requisites, invoices, payments received, bank statements, reviews, corrections (cmd_money.c) */
extern const command cmd_vendor_set, cmd_vendor_show, cmd_invoice, cmd_invoice_list, cmd_invoice_show,
    cmd_invoice_pay, cmd_bank_import, cmd_review_list, cmd_review_close, cmd_void, cmd_refund;

#endif
