/* libsupport — ledger list queries: streaming cursors over SQLite statements.
 *
 * The license lists are index range scans over support_period (the support
 * end in force over each span of days of each license, kept by ledger_ops.c).
 * The SQL range only narrows the candidates; whether a row belongs is decided
 * per row by the core (sup_license_status, sup_license_can_download), reached
 * from SQL through the functions registered below. */
#include "ledger_internal.h"

#include <stdlib.h>
#include <string.h>

#define CTX_PTR "sup_list_ctx"
#define LICENSE_PTR "sup_license"

/*
 * What a list's SQL functions need, owned by its cursor and bound to the
 * statement as a pointer: the policy version in force on the list's date, the
 * reminder schedule (reminder lists only), and the last status computed (each
 * row asks for its state and its window end with the same arguments).
 */
struct list_ctx {
    sup_policy *policy;          /* owned: the version in force on the date */
    sup__policy_version version; /* {its effective date, policy} */
    sup_date on;                 /* the list's date */
    sup_schedule *schedule;      /* owned; NULL but for reminders */
    bool memo_ok;
    sqlite3_int64 memo_key[5];   /* kind, purchased, from, until, on */
    int memo_rc;
    sup_status memo;
};

static void list_ctx_free(struct list_ctx *x)
{
    if (x == NULL)
        return;
    sup_policy_free(x->policy);
    sup_schedule_free(x->schedule);
    free(x);
}

/* ---- SQL functions calling the core ------------------------------------------------------ */

static bool int_date(sqlite3_int64 x, sup_date *out)
{
    if (x < SUP_DATE_MIN || x > SUP_DATE_MAX)
        return false;
    *out = (sup_date)x;
    return sup__date_ok(*out);
}

static bool arg_date(sqlite3_value *v, sup_date *out) { return int_date(sqlite3_value_int64(v), out); }

/*
 * The license of `kind` bought on `purchased` whose support, from `from` on,
 * runs through `until` (argv[1..4]): for any date `on` >= `from` the core
 * answers about it exactly as about the stored license, whose support end from
 * `from` on is `until`. ev must have room for 2 events.
 */
static bool period_license(sqlite3_value **argv, struct sup__event ev[2], sup_license *lic)
{
    sqlite3_int64 kind = sqlite3_value_int64(argv[0]);
    sup_date purchased, from, until;
    if (kind < SUP_LICENSE_PERPETUAL || kind > SUP_LICENSE_SUBSCRIPTION_YEARLY || !arg_date(argv[1], &purchased) ||
        !arg_date(argv[2], &from) || !arg_date(argv[3], &until))
        return false;
    ev[0] = (struct sup__event){SUP_EVENT_PURCHASE, purchased, until, 0};
    ev[1] = (struct sup__event){SUP_EVENT_PERIOD, from, until, 0};
    *lic = (sup_license){(sup_license_kind)kind, 0, ev, 2, 2};
    return true;
}

/*
 * The status on `on` of the period license of argv[1..5] (kind, purchased,
 * from, until, on) under the context's policy: the core's answer, computed
 * once for consecutive calls with the same arguments.
 */
static int period_status(sqlite3_context *ctx, sqlite3_value **argv, const sup_status **st)
{
    struct list_ctx *x = sqlite3_value_pointer(argv[0], CTX_PTR);
    sup_date on;
    if (x == NULL || !arg_date(argv[5], &on)) {
        sqlite3_result_error(ctx, "sup_state: bad arguments (damaged support period?)", -1);
        return SUP_EINVAL;
    }
    sqlite3_int64 key[5];
    for (int i = 0; i < 5; i++)
        key[i] = sqlite3_value_int64(argv[i + 1]);
    if (!x->memo_ok || memcmp(key, x->memo_key, sizeof key) != 0) {
        struct sup__event ev[2];
        sup_license lic;
        if (!period_license(argv + 1, ev, &lic)) {
            sqlite3_result_error(ctx, "sup_state: bad arguments (damaged support period?)", -1);
            return SUP_EINVAL;
        }
        x->memo_rc = sup_license_status(&lic, x->policy, on, &x->memo);
        memcpy(x->memo_key, key, sizeof key);
        x->memo_ok = x->memo_rc == SUP_OK;
        if (x->memo_rc != SUP_OK) {
            sqlite3_result_error(ctx, sup_error_message(), -1);
            return x->memo_rc;
        }
    }
    *st = &x->memo;
    return SUP_OK;
}

/* sup_state(ctx, kind, purchased, from, until, on) -> sup_state */
static void fn_state(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const sup_status *st;
    if (period_status(ctx, argv, &st) == SUP_OK)
        sqlite3_result_int(ctx, (int)st->state);
}

/* sup_preferential_until(ctx, kind, purchased, from, until, on) -> date or 0 */
static void fn_preferential_until(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const sup_status *st;
    if (period_status(ctx, argv, &st) == SUP_OK)
        sqlite3_result_int(ctx, st->preferential_until);
}

/* sup_reminder(ctx, kind, purchased, from, until, on) -> sup_notice_kind due under the context's schedule */
static void fn_reminder(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const struct list_ctx *x = sqlite3_value_pointer(argv[0], CTX_PTR);
    struct sup__event ev[2];
    sup_license lic;
    sup_date on;
    if (x == NULL || x->schedule == NULL || !period_license(argv + 1, ev, &lic) || !arg_date(argv[5], &on)) {
        sqlite3_result_error(ctx, "sup_reminder: bad arguments (damaged support period?)", -1);
        return;
    }
    sup_notice_kind kind = SUP_NOTICE_NONE;
    if (sup__schedule_due_versions(x->schedule, &lic, &x->version, 1, on, &kind) != SUP_OK) {
        sqlite3_result_error(ctx, sup_error_message(), -1);
        return;
    }
    sqlite3_result_int(ctx, (int)kind);
}

/* sup_days(from, to) -> days from one date to the other, NULL if either is none */
static void fn_days(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    sup_date from, to;
    int32_t days = 0;
    if (!arg_date(argv[0], &from) || !arg_date(argv[1], &to) || sup_date_diff_days(from, to, &days) != SUP_OK) {
        sqlite3_result_null(ctx);
        return;
    }
    sqlite3_result_int(ctx, days);
}

/* sup_can_download(license, on, released) -> 0/1 */
static void fn_can_download(sqlite3_context *ctx, int argc, sqlite3_value **argv)
{
    (void)argc;
    const sup_license *lic = sqlite3_value_pointer(argv[0], LICENSE_PTR);
    sup_date on, released;
    if (lic == NULL || !arg_date(argv[1], &on) || !arg_date(argv[2], &released)) {
        sqlite3_result_error(ctx, "sup_can_download: bad arguments", -1);
        return;
    }
    int allowed = 0;
    if (sup_license_can_download(lic, on, released, &allowed) != SUP_OK) {
        sqlite3_result_error(ctx, sup_error_message(), -1);
        return;
    }
    sqlite3_result_int(ctx, allowed);
}

int sup__ledger_register_functions(sup_ledger *l)
{
    /* DIRECTONLY: usable from our own statements only, never from a view or trigger stored in a file. */
    const int f = SQLITE_UTF8 | SQLITE_DIRECTONLY;
    int src = sqlite3_create_function_v2(l->db, "sup_state", 6, f, NULL, fn_state, NULL, NULL, NULL);
    if (src == SQLITE_OK)
        src = sqlite3_create_function_v2(l->db, "sup_preferential_until", 6, f, NULL, fn_preferential_until, NULL,
                                         NULL, NULL);
    if (src == SQLITE_OK)
        src = sqlite3_create_function_v2(l->db, "sup_can_download", 3, f, NULL, fn_can_download, NULL, NULL, NULL);
    if (src == SQLITE_OK)
        src = sqlite3_create_function_v2(l->db, "sup_reminder", 6, f, NULL, fn_reminder, NULL, NULL, NULL);
    if (src == SQLITE_OK)
        src = sqlite3_create_function_v2(l->db, "sup_days", 2, f | SQLITE_DETERMINISTIC, NULL, fn_days, NULL, NULL,
                                         NULL);
    return src == SQLITE_OK ? SUP_OK : sup__ledger_dberr(l, src, "registering SQL functions");
}

/* ---- cursors ---------------------------------------------------------------------------------- */

struct column {
    const char *name;
    sup_column_type type;
};

struct sup_cursor {
    sup_ledger *ledger; /* holds a reference */
    sqlite3_stmt *stmt;
    const struct column *cols;
    int ncols;
    bool row;  /* positioned on a row */
    bool done; /* reached the end or failed */
    int error; /* the failure, returned again by later calls */
    struct list_ctx *ctx; /* owned; bound to the statement as a pointer */
    sup_license *license; /* owned; bound to the statement as a pointer */
    bool row_status;      /* license lists: the row's state and window end are computed here */
    sup_status status;    /* ... for the current row */
};

static const struct column license_cols[] = {
    {"license", SUP_COLUMN_ID},
    {"customer", SUP_COLUMN_ID},
    {"product", SUP_COLUMN_ID},
    {"kind", SUP_COLUMN_LICENSE_KIND},
    {"purchased", SUP_COLUMN_DATE},
    {"state", SUP_COLUMN_STATE},
    {"support_until", SUP_COLUMN_DATE},
    {"preferential_until", SUP_COLUMN_DATE},
    {"customer_code", SUP_COLUMN_TEXT},
    {"customer_name", SUP_COLUMN_TEXT},
    {"product_code", SUP_COLUMN_TEXT},
};

static const struct column payment_cols[] = {
    {"event", SUP_COLUMN_ID},
    {"license", SUP_COLUMN_ID},
    {"customer", SUP_COLUMN_ID},
    {"product", SUP_COLUMN_ID},
    {"kind", SUP_COLUMN_EVENT_KIND},
    {"on", SUP_COLUMN_DATE},
    {"amount", SUP_COLUMN_MONEY},
    {"support_until", SUP_COLUMN_DATE},
    {"payment_id", SUP_COLUMN_TEXT},
    {"policy_version", SUP_COLUMN_ID},
    {"actor", SUP_COLUMN_TEXT},
};

static const struct column release_cols[] = {
    {"release", SUP_COLUMN_ID},    {"product", SUP_COLUMN_ID}, {"version", SUP_COLUMN_TEXT},
    {"released", SUP_COLUMN_DATE}, {"note", SUP_COLUMN_TEXT},  {"allowed", SUP_COLUMN_BOOL},
};

static const struct column reminder_cols[] = {
    {"license", SUP_COLUMN_ID},
    {"customer", SUP_COLUMN_ID},
    {"customer_code", SUP_COLUMN_TEXT},
    {"customer_name", SUP_COLUMN_TEXT},
    {"product", SUP_COLUMN_ID},
    {"product_code", SUP_COLUMN_TEXT},
    {"notice", SUP_COLUMN_NOTICE_KIND},
    {"support_until", SUP_COLUMN_DATE},
    {"preferential_until", SUP_COLUMN_DATE},
    {"days_left", SUP_COLUMN_INT},
    {"kind", SUP_COLUMN_LICENSE_KIND},
    {"state", SUP_COLUMN_STATE},
    {"purchased", SUP_COLUMN_DATE},
    {"product_name", SUP_COLUMN_TEXT},
};

static const struct column notify_cols[] = {
    {"customer", SUP_COLUMN_ID}, {"code", SUP_COLUMN_TEXT},          {"name", SUP_COLUMN_TEXT},
    {"license", SUP_COLUMN_ID},  {"support_until", SUP_COLUMN_DATE}, {"licenses", SUP_COLUMN_INT},
};

static const struct column audit_cols[] = {
    {"event", SUP_COLUMN_ID},   {"action", SUP_COLUMN_TEXT},  {"actor", SUP_COLUMN_TEXT},
    {"on", SUP_COLUMN_DATE},    {"product", SUP_COLUMN_ID},   {"customer", SUP_COLUMN_ID},
    {"license", SUP_COLUMN_ID}, {"detail", SUP_COLUMN_TEXT},
};

static const struct column product_cols[] = {
    {"product", SUP_COLUMN_ID},
    {"code", SUP_COLUMN_TEXT},
    {"name", SUP_COLUMN_TEXT},
    {"kind", SUP_COLUMN_LICENSE_KIND},
    {"support_months", SUP_COLUMN_INT},
};

static const struct column customer_cols[] = {
    {"customer", SUP_COLUMN_ID},
    {"code", SUP_COLUMN_TEXT},
    {"name", SUP_COLUMN_TEXT},
};

static const struct column policy_cols[] = {
    {"version", SUP_COLUMN_ID},
    {"effective", SUP_COLUMN_DATE},
    {"text", SUP_COLUMN_TEXT},
    {"active", SUP_COLUMN_BOOL},
};

#define NCOLS(a) ((int)(sizeof(a) / sizeof((a)[0])))

void sup_cursor_free(sup_cursor *c)
{
    if (c == NULL)
        return;
    sqlite3_finalize(c->stmt);
    list_ctx_free(c->ctx);
    sup_license_free(c->license);
    sup_ledger *l = c->ledger;
    free(c);
    if (l != NULL)
        sup__ledger_unref(l);
}

/* A new cursor over `sql`; the caller binds parameters. Takes ownership of ctx and license. */
static int cursor_new(sup_ledger *l, const char *sql, const struct column *cols, int ncols, struct list_ctx *ctx,
                      sup_license *license, sup_cursor **out)
{
    sup_cursor *c = calloc(1, sizeof *c);
    if (c == NULL) {
        list_ctx_free(ctx);
        sup_license_free(license);
        return sup__fail(SUP_ENOMEM, "out of memory creating a cursor");
    }
    c->cols = cols;
    c->ncols = ncols;
    c->ctx = ctx;
    c->license = license;
    int src = sqlite3_prepare_v2(l->db, sql, -1, &c->stmt, NULL);
    if (src != SQLITE_OK) {
        int rc = sup__ledger_dberr(l, src, "preparing a list query");
        sup_cursor_free(c);
        return rc;
    }
    c->ledger = l;
    l->refs++;
    *out = c;
    return SUP_OK;
}

/*
 * A license list's row carries its period (kind, purchased, valid_from in the
 * hidden column LICENSE_COL_FROM, support_until); its state and window end on
 * the list's date are the core's answer for it, computed here once per row
 * (cheaper than two SQL function calls per row, and never NULL).
 */
#define LICENSE_COL_FROM 11

static int row_status(sup_cursor *c)
{
    sqlite3_stmt *st = c->stmt;
    sqlite3_int64 kind = sqlite3_column_int64(st, SUP_LICCOL_KIND);
    sup_date purchased, from, until;
    if (kind < SUP_LICENSE_PERPETUAL || kind > SUP_LICENSE_SUBSCRIPTION_YEARLY ||
        !int_date(sqlite3_column_int64(st, SUP_LICCOL_PURCHASED), &purchased) ||
        !int_date(sqlite3_column_int64(st, LICENSE_COL_FROM), &from) ||
        !int_date(sqlite3_column_int64(st, SUP_LICCOL_SUPPORT_UNTIL), &until))
        return sup__fail(SUP_EDB, "reading a list: license %lld has a damaged support period",
                         (long long)sqlite3_column_int64(st, SUP_LICCOL_LICENSE));
    struct sup__event ev[2] = {{SUP_EVENT_PURCHASE, purchased, until, 0}, {SUP_EVENT_PERIOD, from, until, 0}};
    sup_license lic = {(sup_license_kind)kind, 0, ev, 2, 2};
    return sup_license_status(&lic, c->ctx->policy, c->ctx->on, &c->status);
}

int sup_cursor_next(sup_cursor *c)
{
    SUP__CHECK_ARG(c, "sup_cursor_next");
    if (c->done)
        return c->error;
    int src = sqlite3_step(c->stmt);
    if (src == SQLITE_ROW) {
        c->row = true;
        int rc = c->row_status ? row_status(c) : SUP_OK;
        if (rc == SUP_OK)
            return 1;
        c->row = false;
        c->done = true;
        c->error = rc;
        sqlite3_reset(c->stmt);
        return rc;
    }
    c->row = false;
    c->done = true;
    if (src == SQLITE_DONE) {
        sqlite3_reset(c->stmt); /* ends the statement's read transaction now */
        return 0;
    }
    c->error = sup__ledger_dberr(c->ledger, src, "reading a list");
    sqlite3_reset(c->stmt);
    return c->error;
}

int sup_cursor_column_count(const sup_cursor *c) { return c ? c->ncols : 0; }

static bool col_ok(const sup_cursor *c, int i) { return c != NULL && i >= 0 && i < c->ncols; }

const char *sup_cursor_column_name(const sup_cursor *c, int i) { return col_ok(c, i) ? c->cols[i].name : NULL; }

sup_column_type sup_cursor_column_type(const sup_cursor *c, int i)
{
    return col_ok(c, i) ? c->cols[i].type : SUP_COLUMN_INT;
}

int sup_cursor_column_index(const sup_cursor *c, const char *name)
{
    if (c == NULL || name == NULL)
        return -1;
    for (int i = 0; i < c->ncols; i++)
        if (strcmp(c->cols[i].name, name) == 0)
            return i;
    return -1;
}

int64_t sup_cursor_int64(const sup_cursor *c, int i)
{
    if (!col_ok(c, i) || !c->row || c->cols[i].type == SUP_COLUMN_TEXT)
        return 0;
    if (c->row_status && i == SUP_LICCOL_STATE)
        return (int64_t)c->status.state;
    if (c->row_status && i == SUP_LICCOL_PREFERENTIAL_UNTIL)
        return (int64_t)c->status.preferential_until;
    return (int64_t)sqlite3_column_int64(c->stmt, i);
}

sup_date sup_cursor_date(const sup_cursor *c, int i)
{
    if (!col_ok(c, i) || c->cols[i].type != SUP_COLUMN_DATE)
        return SUP_DATE_NONE;
    int64_t v = sup_cursor_int64(c, i);
    return (v >= SUP_DATE_MIN && v <= SUP_DATE_MAX) ? (sup_date)v : SUP_DATE_NONE;
}

const char *sup_cursor_text(const sup_cursor *c, int i)
{
    if (!col_ok(c, i) || !c->row || c->cols[i].type != SUP_COLUMN_TEXT)
        return NULL;
    return (const char *)sqlite3_column_text(c->stmt, i);
}

int sup_cursor_is_null(const sup_cursor *c, int i)
{
    if (!col_ok(c, i) || !c->row)
        return 1;
    if (c->row_status && (i == SUP_LICCOL_STATE || i == SUP_LICCOL_PREFERENTIAL_UNTIL))
        return 0;
    return sqlite3_column_type(c->stmt, i) == SQLITE_NULL;
}

/* ---- license lists ------------------------------------------------------------------------------ */

/* ?1 the list's context (policy in force on the date), ?2 the date. The state and the window
 * end (NULL here) are computed by the cursor from the period (row_status); valid_from is the
 * hidden column LICENSE_COL_FROM. */
#define LICENSE_SELECT                                                                                   \
    "SELECT p.license_id, p.customer_id, p.product_id, p.kind, p.purchased, NULL, p.support_until, NULL,"   \
    " c.code, c.name, pr.code, p.valid_from"
#define LICENSE_JOINS                                                                                    \
    " JOIN customer c ON c.id = p.customer_id JOIN product pr ON pr.id = p.product_id"
/* The period in force on ?2. */
#define PERIOD_ON " p.valid_from <= ?2 AND p.valid_to >= ?2"
#define STATE_IS(s) " AND sup_state(?1, p.kind, p.purchased, p.valid_from, p.support_until, ?2) " s

/* The context of a list about `on`: a copy of the policy version in force on `on`. */
static int ctx_for(sup_ledger *l, sup_date on, struct list_ctx **out)
{
    *out = NULL;
    struct list_ctx *x = calloc(1, sizeof *x);
    if (x == NULL)
        return sup__fail(SUP_ENOMEM, "out of memory creating a cursor");
    int rc = sup__ledger_read_begin(l, "policy for a list");
    if (rc != SUP_OK) {
        free(x);
        return rc;
    }
    rc = sup__ledger_load_policies(l);
    if (rc == SUP_OK) {
        size_t vi;
        rc = sup__version_at(l->versions, l->nversions, on, &vi);
        if (rc == SUP_OK) {
            rc = sup_policy_clone(l->versions[vi].policy, &x->policy);
            x->version.effective = l->versions[vi].effective;
            x->version.policy = x->policy;
            x->on = on;
        }
    }
    rc = sup__ledger_read_end(l, rc);
    if (rc != SUP_OK) {
        list_ctx_free(x);
        return rc;
    }
    *out = x;
    return SUP_OK;
}

static int list_prologue(sup_ledger *l, sup_cursor **out, const char *fn)
{
    SUP__CHECK_ARG(out, fn);
    *out = NULL;
    SUP__CHECK_ARG(l, fn);
    if (l->closed)
        return sup__fail(SUP_ESTATE, "%s: the ledger is closed", fn);
    return SUP_OK;
}

/* A license list on `on`: binds ?1 (the list's context) and ?2 (date); the caller binds the rest. */
static int license_list(sup_ledger *l, const char *sql, sup_date on, sup_cursor **out)
{
    struct list_ctx *x;
    int rc = ctx_for(l, on, &x);
    if (rc != SUP_OK)
        return rc;
    rc = cursor_new(l, sql, license_cols, NCOLS(license_cols), x, NULL, out);
    if (rc != SUP_OK)
        return rc;
    (*out)->row_status = true;
    sqlite3_bind_pointer((*out)->stmt, 1, (*out)->ctx, CTX_PTR, NULL);
    sqlite3_bind_int((*out)->stmt, 2, on);
    return SUP_OK;
}

static int customer_exists(sup_ledger *l, sup_id customer)
{
    int rc = sup__ledger_check_id(customer, "customer");
    if (rc != SUP_OK)
        return rc;
    rc = sup__ledger_read_begin(l, "reading a customer");
    if (rc != SUP_OK)
        return rc;
    sqlite3_stmt *st = sup__ledger_stmt(l, LS_CUSTOMER_GET, &rc);
    if (st != NULL) {
        sqlite3_bind_int64(st, 1, customer);
        int src = sqlite3_step(st);
        if (src == SQLITE_DONE)
            rc = sup__fail(SUP_ENOTFOUND, "no customer with id %lld", (long long)customer);
        else if (src != SQLITE_ROW)
            rc = sup__ledger_dberr(l, src, "reading a customer");
        sup__ledger_done(st);
    }
    return sup__ledger_read_end(l, rc);
}

int sup_ledger_list_licenses(sup_ledger *l, sup_id customer, sup_date on, sup_cursor **out)
{
    /* In the order of the period table's key: each customer's licenses together, so the
     * customer's code and name are read once per customer, not once per license. */
    static const char all[] = LICENSE_SELECT " FROM support_period p" LICENSE_JOINS " WHERE" PERIOD_ON
                                             " ORDER BY p.customer_id, p.license_id";
    static const char one[] = LICENSE_SELECT " FROM support_period p" LICENSE_JOINS
                                             " WHERE p.customer_id = ?3 AND" PERIOD_ON " ORDER BY p.license_id";
    int rc = list_prologue(l, out, "sup_ledger_list_licenses");
    if (rc == SUP_OK)
        rc = sup__check_date(on, "list date");
    if (rc == SUP_OK && customer != 0)
        rc = customer_exists(l, customer);
    if (rc != SUP_OK)
        return rc;
    rc = license_list(l, customer == 0 ? all : one, on, out);
    if (rc == SUP_OK && customer != 0)
        sqlite3_bind_int64((*out)->stmt, 3, customer);
    return rc;
}

int sup_ledger_list_expiring(sup_ledger *l, sup_date on, int days, sup_cursor **out)
{
    static const char sql[] = LICENSE_SELECT " FROM support_period p INDEXED BY support_period_by_until"
                                             LICENSE_JOINS
                                             " WHERE p.support_until BETWEEN ?2 AND ?3 AND" PERIOD_ON STATE_IS("= 1")
                                             " ORDER BY p.support_until, p.license_id";
    int rc = list_prologue(l, out, "sup_ledger_list_expiring");
    if (rc == SUP_OK)
        rc = sup__check_date(on, "list date");
    if (rc == SUP_OK && days < 0)
        rc = sup__fail(SUP_ERANGE, "expiring within %d days: the number of days must be >= 0", days);
    if (rc != SUP_OK)
        return rc;
    int32_t left, span;
    rc = sup_date_diff_days(on, SUP_DATE_MAX, &left);
    if (rc != SUP_OK)
        return rc;
    span = days < left ? days : left;
    sup_date last;
    rc = sup_date_add_days(on, span, &last);
    if (rc == SUP_OK)
        rc = license_list(l, sql, on, out);
    if (rc == SUP_OK)
        sqlite3_bind_int((*out)->stmt, 3, last);
    return rc;
}

int sup_ledger_list_preferential(sup_ledger *l, sup_date on, sup_cursor **out)
{
    static const char sql[] = LICENSE_SELECT " FROM support_period p INDEXED BY support_period_by_until"
                                             LICENSE_JOINS
                                             " WHERE p.support_until >= ?3 AND p.support_until < ?2 AND" PERIOD_ON
                                                 STATE_IS("= 2") " ORDER BY p.support_until, p.license_id";
    int rc = list_prologue(l, out, "sup_ledger_list_preferential");
    if (rc == SUP_OK)
        rc = sup__check_date(on, "list date");
    if (rc != SUP_OK)
        return rc;
    rc = license_list(l, sql, on, out);
    if (rc != SUP_OK)
        return rc;
    /* Narrow the scan: with a window of g months, a support end U before
     * add_months(on, -g) has add_months(U, g) < on (the core decides each row). */
    sup_date lower = sup__add_months_sat(on, -(*out)->ctx->policy->grace_months);
    sqlite3_bind_int((*out)->stmt, 3, lower);
    return SUP_OK;
}

int sup_ledger_list_lapsed(sup_ledger *l, sup_date on, sup_cursor **out)
{
    static const char sql[] = LICENSE_SELECT " FROM support_period p INDEXED BY support_period_by_until"
                                             LICENSE_JOINS
                                             " WHERE p.support_until < ?2 AND" PERIOD_ON STATE_IS("IN (3, 4)")
                                             " ORDER BY p.support_until, p.license_id";
    int rc = list_prologue(l, out, "sup_ledger_list_lapsed");
    if (rc == SUP_OK)
        rc = sup__check_date(on, "list date");
    if (rc != SUP_OK)
        return rc;
    return license_list(l, sql, on, out);
}

/* ---- payments and events ------------------------------------------------------------------------ */

#define PAYMENT_SELECT                                                                                   \
    "SELECT e.id, e.license_id, l.customer_id, l.product_id, e.kind, e.on_date, e.amount,"               \
    " e.support_until, e.payment_id, IFNULL(e.policy_version_id, 0), e.actor"                            \
    " FROM license_event e JOIN license l ON l.id = e.license_id"

int sup_ledger_list_payments(sup_ledger *l, sup_date from, sup_date to, sup_cursor **out)
{
    static const char sql[] = PAYMENT_SELECT " WHERE e.on_date BETWEEN ?1 AND ?2 AND e.kind <> 4"
                                             " ORDER BY e.on_date, e.id";
    int rc = list_prologue(l, out, "sup_ledger_list_payments");
    if (rc == SUP_OK)
        rc = sup__check_date(from, "first date");
    if (rc == SUP_OK)
        rc = sup__check_date(to, "last date");
    if (rc == SUP_OK && to < from) {
        char a[24], b[24];
        sup__date_str(from, a);
        sup__date_str(to, b);
        rc = sup__fail(SUP_EDATE, "the range %s … %s ends before it starts", a, b);
    }
    if (rc == SUP_OK)
        rc = cursor_new(l, sql, payment_cols, NCOLS(payment_cols), NULL, NULL, out);
    if (rc == SUP_OK) {
        sqlite3_bind_int((*out)->stmt, 1, from);
        sqlite3_bind_int((*out)->stmt, 2, to);
    }
    return rc;
}

static int license_exists(sup_ledger *l, sup_id license, sup_id *product)
{
    int rc = sup__ledger_check_id(license, "license");
    if (rc != SUP_OK)
        return rc;
    rc = sup__ledger_read_begin(l, "reading a license");
    if (rc != SUP_OK)
        return rc;
    sqlite3_stmt *st = sup__ledger_stmt(l, LS_LICENSE_GET, &rc);
    if (st != NULL) {
        sqlite3_bind_int64(st, 1, license);
        int src = sqlite3_step(st);
        if (src == SQLITE_ROW) {
            if (product != NULL)
                *product = sqlite3_column_int64(st, 1);
            rc = SUP_OK;
        } else if (src == SQLITE_DONE) {
            rc = sup__fail(SUP_ENOTFOUND, "no license with id %lld", (long long)license);
        } else {
            rc = sup__ledger_dberr(l, src, "reading a license");
        }
        sup__ledger_done(st);
    }
    return sup__ledger_read_end(l, rc);
}

int sup_ledger_list_events(sup_ledger *l, sup_id license, sup_cursor **out)
{
    static const char sql[] = PAYMENT_SELECT " WHERE e.license_id = ?1 ORDER BY e.id";
    int rc = list_prologue(l, out, "sup_ledger_list_events");
    if (rc == SUP_OK)
        rc = license_exists(l, license, NULL);
    if (rc == SUP_OK)
        rc = cursor_new(l, sql, payment_cols, NCOLS(payment_cols), NULL, NULL, out);
    if (rc == SUP_OK)
        sqlite3_bind_int64((*out)->stmt, 1, license);
    return rc;
}

/* ---- releases ------------------------------------------------------------------------------------- */

static int releases_common(sup_ledger *l, sup_id license, sup_date on, bool only_allowed, sup_cursor **out,
                           const char *fn)
{
    static const char all[] = "SELECT r.id, r.product_id, r.version, r.released, r.note,"
                              " sup_can_download(?1, ?2, r.released)"
                              " FROM product_release r WHERE r.product_id = ?3 AND r.released <= ?2"
                              " ORDER BY r.released, r.id";
    static const char allowed[] = "SELECT r.id, r.product_id, r.version, r.released, r.note,"
                                  " sup_can_download(?1, ?2, r.released)"
                                  " FROM product_release r WHERE r.product_id = ?3 AND r.released <= ?2"
                                  " AND sup_can_download(?1, ?2, r.released) = 1 ORDER BY r.released, r.id";
    int rc = list_prologue(l, out, fn);
    if (rc == SUP_OK)
        rc = sup__check_date(on, "date");
    if (rc != SUP_OK)
        return rc;
    sup_license *lic = NULL;
    sup_id product = 0;
    rc = license_exists(l, license, &product);
    if (rc == SUP_OK)
        rc = sup_ledger_get_license(l, license, &lic);
    if (rc == SUP_OK)
        rc = cursor_new(l, only_allowed ? allowed : all, release_cols, NCOLS(release_cols), NULL, lic, out);
    if (rc != SUP_OK)
        return rc; /* cursor_new freed lic on failure */
    sqlite3_bind_pointer((*out)->stmt, 1, (*out)->license, LICENSE_PTR, NULL);
    sqlite3_bind_int((*out)->stmt, 2, on);
    sqlite3_bind_int64((*out)->stmt, 3, product);
    return SUP_OK;
}

int sup_ledger_list_releases(sup_ledger *l, sup_id license, sup_date on, sup_cursor **out)
{
    return releases_common(l, license, on, false, out, "sup_ledger_list_releases");
}

int sup_ledger_list_downloads(sup_ledger *l, sup_id license, sup_date on, sup_cursor **out)
{
    return releases_common(l, license, on, true, out, "sup_ledger_list_downloads");
}

static int product_exists(sup_ledger *l, sup_id product)
{
    int rc = sup__ledger_check_id(product, "product");
    if (rc != SUP_OK)
        return rc;
    rc = sup__ledger_read_begin(l, "reading a product");
    if (rc != SUP_OK)
        return rc;
    sqlite3_stmt *st = sup__ledger_stmt(l, LS_PRODUCT_GET, &rc);
    if (st != NULL) {
        sqlite3_bind_int64(st, 1, product);
        int src = sqlite3_step(st);
        if (src == SQLITE_DONE)
            rc = sup__fail(SUP_ENOTFOUND, "no product with id %lld", (long long)product);
        else if (src != SQLITE_ROW)
            rc = sup__ledger_dberr(l, src, "reading a product");
        sup__ledger_done(st);
    }
    return sup__ledger_read_end(l, rc);
}

int sup_ledger_list_product_releases(sup_ledger *l, sup_id product, sup_cursor **out)
{
    static const char sql[] = "SELECT r.id, r.product_id, r.version, r.released, r.note"
                              " FROM product_release r INDEXED BY product_release_by_date"
                              " WHERE r.product_id = ?1 ORDER BY r.released, r.id";
    int rc = list_prologue(l, out, "sup_ledger_list_product_releases");
    if (rc == SUP_OK)
        rc = product_exists(l, product);
    /* the release columns without "allowed" */
    if (rc == SUP_OK)
        rc = cursor_new(l, sql, release_cols, SUP_RELCOL_ALLOWED, NULL, NULL, out);
    if (rc == SUP_OK)
        sqlite3_bind_int64((*out)->stmt, 1, product);
    return rc;
}

int sup_ledger_list_notify(sup_ledger *l, sup_id release, sup_cursor **out)
{
    /* Bare columns beside MIN(): SQLite takes them from the row holding the minimum. */
    static const char sql[] =
        "SELECT p.customer_id, c.code, c.name, MIN(p.license_id), p.support_until, COUNT(*)"
        " FROM support_period p INDEXED BY support_period_by_product JOIN customer c ON c.id = p.customer_id"
        " WHERE p.product_id = ?3 AND p.support_until >= ?2 AND" PERIOD_ON STATE_IS("= 1")
        " GROUP BY p.customer_id ORDER BY p.customer_id";
    int rc = list_prologue(l, out, "sup_ledger_list_notify");
    if (rc == SUP_OK)
        rc = sup__ledger_check_id(release, "release");
    if (rc != SUP_OK)
        return rc;
    rc = sup__ledger_read_begin(l, "sup_ledger_list_notify");
    if (rc != SUP_OK)
        return rc;
    sqlite3_stmt *st = NULL;
    sup_id product = 0;
    sup_date released = 0;
    int src = sqlite3_prepare_v2(l->db, "SELECT product_id, released FROM product_release WHERE id = ?1", -1, &st,
                                 NULL);
    if (src == SQLITE_OK) {
        sqlite3_bind_int64(st, 1, release);
        src = sqlite3_step(st);
        if (src == SQLITE_ROW) {
            product = sqlite3_column_int64(st, 0);
            sqlite3_int64 d = sqlite3_column_int64(st, 1);
            released = (d >= SUP_DATE_MIN && d <= SUP_DATE_MAX) ? (sup_date)d : 0;
            rc = sup_date_is_valid(released) ? SUP_OK : sup__fail(SUP_EDB, "release %lld is damaged", (long long)release);
        } else if (src == SQLITE_DONE) {
            rc = sup__fail(SUP_ENOTFOUND, "no release with id %lld", (long long)release);
        } else {
            rc = sup__ledger_dberr(l, src, "reading a release");
        }
    } else {
        rc = sup__ledger_dberr(l, src, "reading a release");
    }
    sqlite3_finalize(st);
    rc = sup__ledger_read_end(l, rc);
    struct list_ctx *x = NULL;
    if (rc == SUP_OK)
        rc = ctx_for(l, released, &x);
    if (rc == SUP_OK)
        rc = cursor_new(l, sql, notify_cols, NCOLS(notify_cols), x, NULL, out);
    if (rc != SUP_OK)
        return rc;
    sqlite3_bind_pointer((*out)->stmt, 1, (*out)->ctx, CTX_PTR, NULL);
    sqlite3_bind_int((*out)->stmt, 2, released);
    sqlite3_bind_int64((*out)->stmt, 3, product);
    return SUP_OK;
}

/* ---- reminders ------------------------------------------------------------------------------------ */

/* A range of support ends [lo, hi] (inclusive) a reminder may match. */
struct until_range {
    sup_date lo, hi;
};

static int cmp_range(const void *a, const void *b)
{
    const struct until_range *x = a, *y = b;
    if (x->lo != y->lo)
        return x->lo < y->lo ? -1 : 1;
    return (x->hi > y->hi) - (x->hi < y->hi);
}

/*
 * The support ends that can have a reminder of `s` due on `on` when the
 * window lasts `grace` months, as disjoint ranges sorted by date (a superset:
 * the schedule decides each license). A support_end reminder N days before is
 * due only when support_until = on + N. A window_end reminder N days before is
 * due when add_months(support_until, grace) = on + N =: W, and add_months keeps
 * the day number or takes the month's last day, so support_until lies in
 * [add_months(W, -grace), that + 3 days] (to the end of the calendar when W is
 * its last day). Returns the number of ranges (at most the schedule's count).
 */
static size_t reminder_ranges(const sup_schedule *s, sup_date on, int grace, struct until_range *r)
{
    size_t n = 0, count = sup_schedule_count(s);
    for (size_t i = 0; i < count; i++) {
        sup_schedule_anchor anchor = SUP_ANCHOR_SUPPORT_END;
        int days = 0;
        sup_date target;
        if (sup_schedule_entry(s, i, &anchor, &days, NULL) != SUP_OK || sup_date_add_days(on, days, &target) != SUP_OK)
            continue; /* the anchor would be after the end of the calendar: nothing is due */
        if (anchor == SUP_ANCHOR_SUPPORT_END) {
            r[n].lo = r[n].hi = target;
        } else {
            r[n].lo = sup__add_months_sat(target, -grace);
            if (target == SUP_DATE_MAX || sup_date_add_days(r[n].lo, 3, &r[n].hi) != SUP_OK)
                r[n].hi = SUP_DATE_MAX;
        }
        n++;
    }
    if (n == 0)
        return 0;
    qsort(r, n, sizeof *r, cmp_range);
    size_t m = 0;
    for (size_t i = 1; i < n; i++) {
        if (r[i].lo <= r[m].hi) { /* overlapping: one range, so that no license is listed twice */
            if (r[i].hi > r[m].hi)
                r[m].hi = r[i].hi;
        } else {
            r[++m] = r[i];
        }
    }
    return m + 1;
}

/*
 * ?1 the list's context (policy in force, schedule), ?2 the date, then the
 * bounds of each range of support ends. The CTE's ranges drive index range
 * scans over support_period (the period in force on the date); the schedule
 * decides each candidate.
 */
#define REMINDER_CANDIDATES                                                                                      \
    " SELECT p.license_id, p.customer_id, p.product_id, p.kind, p.purchased, p.support_until,"                  \
    " sup_reminder(?1, p.kind, p.purchased, p.valid_from, p.support_until, ?2) AS notice,"                      \
    " sup_state(?1, p.kind, p.purchased, p.valid_from, p.support_until, ?2) AS state,"                          \
    " sup_preferential_until(?1, p.kind, p.purchased, p.valid_from, p.support_until, ?2) AS pref"               \
    " FROM ranges r CROSS JOIN support_period p INDEXED BY support_period_by_until"                              \
    " WHERE p.support_until BETWEEN r.lo AND r.hi AND" PERIOD_ON
#define REMINDER_SELECT                                                                                          \
    ") SELECT q.license_id, q.customer_id, c.code, c.name, q.product_id, pr.code, q.notice, q.support_until,"     \
    " q.pref, sup_days(?2, CASE q.notice WHEN 4 THEN q.pref ELSE q.support_until END), q.kind, q.state,"        \
    " q.purchased, pr.name"                                                                                      \
    " FROM due q JOIN customer c ON c.id = q.customer_id JOIN product pr ON pr.id = q.product_id"               \
    " ORDER BY q.customer_id, q.license_id"

int sup_ledger_list_reminders(sup_ledger *l, const sup_schedule *schedule, sup_date on, sup_cursor **out)
{
    int rc = list_prologue(l, out, "sup_ledger_list_reminders");
    if (rc == SUP_OK)
        rc = sup__check_date(on, "reminder date");
    if (rc != SUP_OK)
        return rc;
    struct list_ctx *x = NULL;
    rc = ctx_for(l, on, &x);
    if (rc == SUP_OK)
        rc = schedule != NULL ? sup_schedule_clone(schedule, &x->schedule) : sup_schedule_new(&x->schedule);
    size_t count = x != NULL ? sup_schedule_count(x->schedule) : 0;
    struct until_range *ranges = NULL;
    if (rc == SUP_OK) {
        ranges = malloc((count > 0 ? count : 1) * sizeof *ranges);
        if (ranges == NULL)
            rc = sup__fail(SUP_ENOMEM, "out of memory listing reminders");
    }
    if (rc != SUP_OK) {
        list_ctx_free(x);
        free(ranges);
        return rc;
    }
    size_t n = reminder_ranges(x->schedule, on, x->policy->grace_months, ranges);
    /* Bound parameters only; if the ranges would exceed SQLite's limit, one range covering them all. */
    int max_params = sqlite3_limit(l->db, SQLITE_LIMIT_VARIABLE_NUMBER, -1);
    if (n > 1 && (size_t)max_params < 2 + 2 * n) {
        ranges[0].hi = ranges[n - 1].hi;
        n = 1;
    }
    sup__buf sql = {0};
    /* "due" is materialized so that each candidate's reminder is computed once (at most a
     * day's reminders are kept; SQLite spills a large one to a temporary file). */
    sup__buf_put(&sql, "WITH ranges(lo, hi) AS (VALUES ");
    if (n == 0)
        sup__buf_put(&sql, "(1, 0)"); /* an empty range */
    for (size_t i = 0; i < n; i++)
        sup__buf_printf(&sql, "%s(?%zu, ?%zu)", i > 0 ? ", " : "", 3 + 2 * i, 4 + 2 * i);
    sup__buf_put(&sql, "), due AS MATERIALIZED (SELECT * FROM (" REMINDER_CANDIDATES ") WHERE notice <> 0");
    sup__buf_put(&sql, REMINDER_SELECT);
    char *text = NULL;
    rc = sup__buf_finish(&sql, &text);
    if (rc == SUP_OK)
        rc = cursor_new(l, text, reminder_cols, NCOLS(reminder_cols), x, NULL, out);
    else
        list_ctx_free(x);
    sup_free(text);
    if (rc == SUP_OK) {
        sqlite3_stmt *st = (*out)->stmt;
        sqlite3_bind_pointer(st, 1, (*out)->ctx, CTX_PTR, NULL);
        sqlite3_bind_int(st, 2, on);
        for (size_t i = 0; i < n; i++) {
            sqlite3_bind_int(st, (int)(3 + 2 * i), ranges[i].lo);
            sqlite3_bind_int(st, (int)(4 + 2 * i), ranges[i].hi);
        }
    }
    free(ranges);
    return rc;
}

/* ---- audit and catalogue ------------------------------------------------------------------------ */

int sup_ledger_list_audit(sup_ledger *l, sup_id after, sup_cursor **out)
{
    static const char sql[] = "SELECT id, action, actor, IFNULL(on_date, 0), IFNULL(product_id, 0),"
                              " IFNULL(customer_id, 0), IFNULL(license_id, 0), detail"
                              " FROM audit WHERE id > ?1 ORDER BY id";
    int rc = list_prologue(l, out, "sup_ledger_list_audit");
    if (rc == SUP_OK)
        rc = cursor_new(l, sql, audit_cols, NCOLS(audit_cols), NULL, NULL, out);
    if (rc == SUP_OK)
        sqlite3_bind_int64((*out)->stmt, 1, after);
    return rc;
}

int sup_ledger_list_products(sup_ledger *l, sup_cursor **out)
{
    int rc = list_prologue(l, out, "sup_ledger_list_products");
    if (rc == SUP_OK)
        rc = cursor_new(l, "SELECT id, code, name, kind, support_months FROM product ORDER BY id", product_cols,
                        NCOLS(product_cols), NULL, NULL, out);
    return rc;
}

int sup_ledger_list_customers(sup_ledger *l, sup_cursor **out)
{
    int rc = list_prologue(l, out, "sup_ledger_list_customers");
    if (rc == SUP_OK)
        rc = cursor_new(l, "SELECT id, code, name FROM customer ORDER BY id", customer_cols, NCOLS(customer_cols),
                        NULL, NULL, out);
    return rc;
}

int sup_ledger_list_policies(sup_ledger *l, sup_cursor **out)
{
    int rc = list_prologue(l, out, "sup_ledger_list_policies");
    if (rc == SUP_OK)
        rc = cursor_new(l,
                        "SELECT v.id, v.effective, v.body, NOT EXISTS (SELECT 1 FROM policy_version w"
                        " WHERE w.effective = v.effective AND w.id > v.id)"
                        " FROM policy_version v ORDER BY v.effective, v.id",
                        policy_cols, NCOLS(policy_cols), NULL, NULL, out);
    return rc;
}
