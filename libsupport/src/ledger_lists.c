/* libsupport — the ledger's lists. The license lists are index range scans over
 * support_period (the support end in force over each span of days of each
 * license, kept by ledger_sales.c); the SQL range only narrows the candidates,
 * and whether a row belongs is decided per row by the core (ledger_cursor.h). */
#include "ledger_cursor.h"

#include <stdlib.h>
#include <string.h>

#define NCOLS(a) ((int)(sizeof(a) / sizeof((a)[0])))

static const struct sup__column license_cols[] = {
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

static const struct sup__column payment_cols[] = {
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
    {"correction", SUP_COLUMN_ID},
    {"correction_kind", SUP_COLUMN_CORRECTION_KIND},
    {"reason", SUP_COLUMN_TEXT},
    {"discount", SUP_COLUMN_MONEY},
    {"invoice", SUP_COLUMN_TEXT},
    {"voided", SUP_COLUMN_BOOL},
};

static const struct sup__column release_cols[] = {
    {"release", SUP_COLUMN_ID},    {"product", SUP_COLUMN_ID}, {"version", SUP_COLUMN_TEXT},
    {"released", SUP_COLUMN_DATE}, {"note", SUP_COLUMN_TEXT},  {"allowed", SUP_COLUMN_BOOL},
    /* portal.h: the release's file */
    {"file_name", SUP_COLUMN_TEXT}, {"file_size", SUP_COLUMN_INT}, {"file_sha256", SUP_COLUMN_TEXT},
};

static const struct sup__column reminder_cols[] = {
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

static const struct sup__column notify_cols[] = {
    {"customer", SUP_COLUMN_ID}, {"code", SUP_COLUMN_TEXT},          {"name", SUP_COLUMN_TEXT},
    {"license", SUP_COLUMN_ID},  {"support_until", SUP_COLUMN_DATE}, {"licenses", SUP_COLUMN_INT},
};

static const struct sup__column audit_cols[] = {
    {"event", SUP_COLUMN_ID},   {"action", SUP_COLUMN_TEXT},  {"actor", SUP_COLUMN_TEXT},
    {"on", SUP_COLUMN_DATE},    {"product", SUP_COLUMN_ID},   {"customer", SUP_COLUMN_ID},
    {"license", SUP_COLUMN_ID}, {"detail", SUP_COLUMN_TEXT},  {"at", SUP_COLUMN_TIME},
};

static const struct sup__column product_cols[] = {
    {"product", SUP_COLUMN_ID},
    {"code", SUP_COLUMN_TEXT},
    {"name", SUP_COLUMN_TEXT},
    {"kind", SUP_COLUMN_LICENSE_KIND},
    {"support_months", SUP_COLUMN_INT},
};

static const struct sup__column policy_cols[] = {
    {"version", SUP_COLUMN_ID},
    {"effective", SUP_COLUMN_DATE},
    {"text", SUP_COLUMN_TEXT},
    {"active", SUP_COLUMN_BOOL},
};

/* ---- license lists ------------------------------------------------------------------------------ */

/* The candidate rows carry their period: kind, purchased, valid_from (the hidden column
 * LICENSE_COL_FROM) and support_until; state and window end (NULL here) are the core's. */
#define LICENSE_COL_FROM 11
#define LICENSE_SELECT                                                                                   \
    "SELECT p.license_id, p.customer_id, p.product_id, p.kind, p.purchased, NULL, p.support_until, NULL,"   \
    " c.code, c.name, pr.code, p.valid_from"
#define LICENSE_JOINS " JOIN customer c ON c.id = p.customer_id JOIN product pr ON pr.id = p.product_id"
/* The period in force on ?1. */
#define PERIOD_ON " p.valid_from <= ?1 AND p.valid_to >= ?1"
#define BY_UNTIL " {sqlite:INDEXED BY support_period_by_until}"

/* Which license rows a list keeps, by their state on the list's date. */
enum license_filter { KEEP_ALL, KEEP_ACTIVE, KEEP_GRACE, KEEP_ENDED };

static bool keep_state(int filter, sup_state s)
{
    switch (filter) {
    case KEEP_ACTIVE: return s == SUP_STATE_ACTIVE;
    case KEEP_GRACE: return s == SUP_STATE_GRACE;
    case KEEP_ENDED: return s == SUP_STATE_LAPSED || s == SUP_STATE_EXPIRED;
    default: return true;
    }
}

/* The status on the list's date of the period license of the current row. */
static int row_status(sup_cursor *c, int kind_col, int purchased_col, int from_col, int until_col, sup_status *st)
{
    sup_license_kind kind;
    sup_date purchased, from, until;
    int rc = sup__cursor_period(c, kind_col, purchased_col, from_col, until_col, &kind, &purchased, &from, &until);
    if (rc != SUP_OK)
        return rc;
    struct sup__event ev[2];
    sup_license lic = sup__license_init_period(ev, kind, purchased, from, until);
    return sup_license_status(&lic, c->ctx->policy, c->ctx->on, st);
}

static int license_next(sup_cursor *c)
{
    int rc;
    while ((rc = sup__cursor_step(c)) == 1) {
        sup_status st;
        rc = row_status(c, SUP_LICCOL_KIND, SUP_LICCOL_PURCHASED, LICENSE_COL_FROM, SUP_LICCOL_SUPPORT_UNTIL, &st);
        if (rc != SUP_OK)
            return rc;
        if (keep_state(c->filter, st.state)) {
            sup__cursor_set(c, SUP_LICCOL_STATE, st.state);
            sup__cursor_set(c, SUP_LICCOL_PREFERENTIAL_UNTIL, st.preferential_until);
            return 1;
        }
    }
    return rc;
}

/* A license list on `on`: binds ?1 (date); the caller binds the rest. */
static int license_list(sup_ledger *l, const char *sql, sup_date on, int filter, sup_cursor **out)
{
    struct sup__list_ctx *x;
    int rc = sup__list_ctx_for(l, on, &x);
    if (rc == SUP_OK)
        rc = sup__cursor_new(l, sql, license_cols, NCOLS(license_cols), x, license_next, out);
    if (rc != SUP_OK)
        return rc;
    (*out)->filter = filter;
    sup__st_int((*out)->stmt, 1, on);
    return SUP_OK;
}

static int customer_exists(sup_ledger *l, sup_id customer)
{
    int rc = sup__ledger_read_begin(l, "reading a customer");
    if (rc != SUP_OK)
        return rc;
    return sup__ledger_read_end(l, sup__ledger_customer_exists(l, customer));
}

int sup_ledger_list_licenses(sup_ledger *l, sup_id customer, sup_date on, sup_cursor **out)
{
    /* In the order of the period table's key: each customer's licenses together, so the
     * customer's code and name are read once per customer, not once per license. */
    static const char all[] = LICENSE_SELECT " FROM support_period p" LICENSE_JOINS " WHERE" PERIOD_ON
                                             " ORDER BY p.customer_id, p.license_id";
    static const char one[] = LICENSE_SELECT " FROM support_period p" LICENSE_JOINS
                                             " WHERE p.customer_id = ?2 AND" PERIOD_ON " ORDER BY p.license_id";
    int rc = sup__list_prologue(l, out, "sup_ledger_list_licenses");
    if (rc == SUP_OK)
        rc = sup__check_date(on, "list date");
    if (rc == SUP_OK && customer != 0)
        rc = customer_exists(l, customer);
    if (rc != SUP_OK)
        return rc;
    rc = license_list(l, customer == 0 ? all : one, on, KEEP_ALL, out);
    if (rc == SUP_OK && customer != 0)
        sup__st_int((*out)->stmt, 2, customer);
    return rc;
}

int sup_ledger_list_expiring(sup_ledger *l, sup_date on, int days, sup_cursor **out)
{
    static const char sql[] = LICENSE_SELECT " FROM support_period p" BY_UNTIL LICENSE_JOINS
                                             " WHERE p.support_until BETWEEN ?1 AND ?2 AND" PERIOD_ON
                                             " ORDER BY p.support_until, p.license_id";
    int rc = sup__list_prologue(l, out, "sup_ledger_list_expiring");
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
        rc = license_list(l, sql, on, KEEP_ACTIVE, out);
    if (rc == SUP_OK)
        sup__st_int((*out)->stmt, 2, last);
    return rc;
}

int sup_ledger_list_preferential(sup_ledger *l, sup_date on, sup_cursor **out)
{
    static const char sql[] = LICENSE_SELECT " FROM support_period p" BY_UNTIL LICENSE_JOINS
                                             " WHERE p.support_until >= ?2 AND p.support_until < ?1 AND" PERIOD_ON
                                             " ORDER BY p.support_until, p.license_id";
    int rc = sup__list_prologue(l, out, "sup_ledger_list_preferential");
    if (rc == SUP_OK)
        rc = sup__check_date(on, "list date");
    if (rc != SUP_OK)
        return rc;
    rc = license_list(l, sql, on, KEEP_GRACE, out);
    if (rc != SUP_OK)
        return rc;
    /* Narrow the scan: with a window of g months, a support end U before
     * add_months(on, -g) has add_months(U, g) < on (the core decides each row). */
    sup_date lower = sup__add_months_sat(on, -sup_policy_grace_months((*out)->ctx->policy));
    sup__st_int((*out)->stmt, 2, lower);
    return SUP_OK;
}

int sup_ledger_list_lapsed(sup_ledger *l, sup_date on, sup_cursor **out)
{
    static const char sql[] = LICENSE_SELECT " FROM support_period p" BY_UNTIL LICENSE_JOINS
                                             " WHERE p.support_until < ?1 AND" PERIOD_ON
                                             " ORDER BY p.support_until, p.license_id";
    int rc = sup__list_prologue(l, out, "sup_ledger_list_lapsed");
    if (rc == SUP_OK)
        rc = sup__check_date(on, "list date");
    if (rc != SUP_OK)
        return rc;
    return license_list(l, sql, on, KEEP_ENDED, out);
}

/* ---- payments and events ------------------------------------------------------------------------ */

/* An event's row: its discount (a sale at an agreed price), the invoice it paid, and whether it was voided
 * (the void and the discount are at most one each per event: correction_one_void, one sale per event). */
#define PAYMENT_SELECT                                                                                   \
    "SELECT e.id, e.license_id, l.customer_id, l.product_id, e.kind, e.on_date, e.amount,"               \
    " e.support_until, e.payment_id, COALESCE(e.policy_version_id, 0), e.actor,"                         \
    " 0, COALESCE(d.kind, 0), d.reason, COALESCE(d.amount, 0), i.number,"                                \
    " CASE WHEN v.id IS NULL THEN 0 ELSE 1 END"                                                          \
    " FROM license_event e JOIN license l ON l.id = e.license_id"                                        \
    " LEFT JOIN correction d ON d.event_id = e.id AND d.kind = 3"                                        \
    " LEFT JOIN correction v ON v.event_id = e.id AND v.kind = 1"                                        \
    " LEFT JOIN invoice_payment ip ON ip.event_id = e.id LEFT JOIN invoice i ON i.id = ip.invoice_id"
/* A void's or refund's row: the money taken back, on the correction's date. */
#define CORRECTION_SELECT                                                                                \
    " UNION ALL SELECT e.id, e.license_id, l.customer_id, l.product_id, e.kind, c.on_date, -c.amount,"   \
    " COALESCE(c.support_until, e.support_until), e.payment_id, 0, c.actor, c.id, c.kind, c.reason, 0,"  \
    " i.number, 0"                                                                                       \
    " FROM correction c JOIN license_event e ON e.id = c.event_id JOIN license l ON l.id = e.license_id" \
    " LEFT JOIN invoice_payment ip ON ip.event_id = e.id LEFT JOIN invoice i ON i.id = ip.invoice_id"    \
    " WHERE c.kind IN (1, 2) AND"

int sup_ledger_list_payments(sup_ledger *l, sup_date from, sup_date to, sup_cursor **out)
{
    static const char sql[] = PAYMENT_SELECT " WHERE e.on_date BETWEEN ?1 AND ?2 AND e.kind <> 4"
                              CORRECTION_SELECT " c.on_date BETWEEN ?1 AND ?2"
                              " ORDER BY 6, 12, 1";
    int rc = sup__list_prologue(l, out, "sup_ledger_list_payments");
    if (rc == SUP_OK)
        rc = sup__list_check_range(from, to);
    if (rc == SUP_OK)
        rc = sup__cursor_new(l, sql, payment_cols, NCOLS(payment_cols), NULL, NULL, out);
    if (rc == SUP_OK) {
        sup__st_int((*out)->stmt, 1, from);
        sup__st_int((*out)->stmt, 2, to);
    }
    return rc;
}

static int license_exists(sup_ledger *l, sup_id license, sup_id *product)
{
    int rc = sup__ledger_read_begin(l, "reading a license");
    if (rc != SUP_OK)
        return rc;
    struct sup__license_row row;
    rc = sup__ledger_load_license_row(l, license, false, &row);
    if (rc == SUP_OK && product != NULL)
        *product = row.product;
    return sup__ledger_read_end(l, rc);
}

int sup_ledger_list_events(sup_ledger *l, sup_id license, sup_cursor **out)
{
    static const char sql[] = PAYMENT_SELECT " WHERE e.license_id = ?1" CORRECTION_SELECT " e.license_id = ?1"
                              " ORDER BY 6, 12, 1";
    int rc = sup__list_prologue(l, out, "sup_ledger_list_events");
    if (rc == SUP_OK)
        rc = license_exists(l, license, NULL);
    if (rc == SUP_OK)
        rc = sup__cursor_new(l, sql, payment_cols, NCOLS(payment_cols), NULL, NULL, out);
    if (rc == SUP_OK)
        sup__st_int((*out)->stmt, 1, license);
    return rc;
}

/* ---- releases ------------------------------------------------------------------------------------- */

enum release_filter { RELEASES_ALL, RELEASES_ALLOWED };

static int release_next(sup_cursor *c)
{
    int rc;
    while ((rc = sup__cursor_step(c)) == 1) {
        int64_t r = sup__col_int(c->stmt, SUP_RELCOL_RELEASED);
        int allowed = 0;
        if (r < SUP_DATE_MIN || r > SUP_DATE_MAX)
            return sup__fail(SUP_EDB, "reading a list: release %lld has a damaged date",
                             (long long)sup__col_int(c->stmt, 0));
        rc = sup_license_can_download(c->ctx->license, c->ctx->on, (sup_date)r, &allowed);
        if (rc != SUP_OK)
            return rc;
        if (allowed || c->filter == RELEASES_ALL) {
            sup__cursor_set(c, SUP_RELCOL_ALLOWED, allowed);
            return 1;
        }
    }
    return rc;
}

static int releases_common(sup_ledger *l, sup_id license, sup_date on, int filter, sup_cursor **out,
                           const char *fn)
{
    static const char sql[] = "SELECT r.id, r.product_id, r.version, r.released, r.note, NULL,"
                              " f.name, COALESCE(f.size, 0), f.sha256"
                              " FROM product_release r LEFT JOIN release_file f ON f.release_id = r.id"
                              " WHERE r.product_id = ?1 AND r.released <= ?2"
                              " ORDER BY r.released, r.id";
    int rc = sup__list_prologue(l, out, fn);
    if (rc == SUP_OK)
        rc = sup__check_date(on, "date");
    if (rc != SUP_OK)
        return rc;
    sup_id product = 0;
    rc = license_exists(l, license, &product);
    struct sup__list_ctx *x = NULL;
    if (rc == SUP_OK) {
        x = sup__calloc(1, sizeof *x);
        rc = x != NULL ? SUP_OK : sup__fail(SUP_ENOMEM, "out of memory creating a cursor");
    }
    if (rc == SUP_OK) {
        x->on = on;
        rc = sup_ledger_get_license(l, license, &x->license);
    }
    if (rc != SUP_OK) {
        sup__list_ctx_free(x);
        return rc;
    }
    rc = sup__cursor_new(l, sql, release_cols, NCOLS(release_cols), x, release_next, out);
    if (rc != SUP_OK)
        return rc;
    (*out)->filter = filter;
    sup__st_int((*out)->stmt, 1, product);
    sup__st_int((*out)->stmt, 2, on);
    return SUP_OK;
}

int sup_ledger_list_releases(sup_ledger *l, sup_id license, sup_date on, sup_cursor **out)
{
    return releases_common(l, license, on, RELEASES_ALL, out, "sup_ledger_list_releases");
}

int sup_ledger_list_downloads(sup_ledger *l, sup_id license, sup_date on, sup_cursor **out)
{
    return releases_common(l, license, on, RELEASES_ALLOWED, out, "sup_ledger_list_downloads");
}

static int product_exists(sup_ledger *l, sup_id product)
{
    int rc = sup__ledger_read_begin(l, "reading a product");
    if (rc != SUP_OK)
        return rc;
    sup_product *p = NULL;
    rc = sup__ledger_load_product(l, product, NULL, &p);
    sup_product_free(p);
    return sup__ledger_read_end(l, rc);
}

int sup_ledger_list_product_releases(sup_ledger *l, sup_id product, sup_cursor **out)
{
    static const char sql[] = "SELECT r.id, r.product_id, r.version, r.released, r.note"
                              " FROM product_release r {sqlite:INDEXED BY product_release_by_date}"
                              " WHERE r.product_id = ?1 ORDER BY r.released, r.id";
    int rc = sup__list_prologue(l, out, "sup_ledger_list_product_releases");
    if (rc == SUP_OK)
        rc = product_exists(l, product);
    /* the release columns without "allowed" */
    if (rc == SUP_OK)
        rc = sup__cursor_new(l, sql, release_cols, SUP_RELCOL_ALLOWED, NULL, NULL, out);
    if (rc == SUP_OK)
        sup__st_int((*out)->stmt, 1, product);
    return rc;
}

/* ---- customers to notify of a release ------------------------------------------------------------ */

/* Candidate columns: customer, code, name, license, support_until, kind, purchased, valid_from. */
enum { NC_CUSTOMER, NC_CODE, NC_NAME, NC_LICENSE, NC_UNTIL, NC_KIND, NC_PURCHASED, NC_FROM };

/* 1 if the current candidate is active on the release date (the core's answer), 0 if not. */
static int candidate_active(sup_cursor *c)
{
    sup_status st;
    int rc = row_status(c, NC_KIND, NC_PURCHASED, NC_FROM, NC_UNTIL, &st);
    return rc != SUP_OK ? rc : st.state == SUP_STATE_ACTIVE;
}

/* One row per customer: its first covered license (by id), that license's support end, the count. */
static int notify_next(sup_cursor *c)
{
    int rc;
    sup_id customer = 0;
    int64_t count = 0;
    while ((rc = sup__cursor_step(c)) == 1) {
        int active = candidate_active(c);
        if (active < 0)
            return active;
        if (!active)
            continue;
        sup_id who = sup__col_int(c->stmt, NC_CUSTOMER);
        if (count > 0 && who != customer) {
            c->pending = true; /* the next customer's first row */
            break;
        }
        if (count == 0) {
            customer = who;
            sup__cursor_set(c, SUP_NOTCOL_CUSTOMER, who);
            sup__cursor_set(c, SUP_NOTCOL_LICENSE, sup__col_int(c->stmt, NC_LICENSE));
            sup__cursor_set(c, SUP_NOTCOL_SUPPORT_UNTIL, sup__col_int(c->stmt, NC_UNTIL));
            if ((rc = sup__cursor_keep_text(c, NC_CODE)) != SUP_OK || (rc = sup__cursor_keep_text(c, NC_NAME)) != SUP_OK)
                return rc;
        }
        count++;
    }
    if (rc < 0)
        return rc;
    if (count == 0)
        return 0;
    sup__cursor_set(c, SUP_NOTCOL_LICENSES, count);
    return 1;
}

/* The product and date of a release. */
static int release_facts(sup_ledger *l, sup_id release, sup_id *product, sup_date *released)
{
    int rc = sup__ledger_read_begin(l, "sup_ledger_list_notify");
    if (rc != SUP_OK)
        return rc;
    sup__stmt *st = NULL;
    rc = sup__ledger_prepare(l, "SELECT product_id, released FROM product_release WHERE id = ?1", &st);
    if (rc == SUP_OK) {
        sup__st_int(st, 1, release);
        rc = sup__st_step(st, "reading a release");
        if (rc == 1) {
            *product = sup__col_int(st, 0);
            rc = sup__ledger_column_date(st, 1, released);
        } else if (rc == 0) {
            rc = sup__fail(SUP_ENOTFOUND, "no release with id %lld", (long long)release);
        }
    }
    sup__ledger_finalize(st);
    return sup__ledger_read_end(l, rc);
}

int sup_ledger_list_notify(sup_ledger *l, sup_id release, sup_cursor **out)
{
    static const char sql[] =
        "SELECT p.customer_id, c.code, c.name, p.license_id, p.support_until, p.kind, p.purchased, p.valid_from"
        " FROM support_period p {sqlite:INDEXED BY support_period_by_product} JOIN customer c ON c.id = p.customer_id"
        " WHERE p.product_id = ?2 AND p.support_until >= ?1 AND" PERIOD_ON
        " ORDER BY p.customer_id, p.license_id";
    int rc = sup__list_prologue(l, out, "sup_ledger_list_notify");
    if (rc == SUP_OK)
        rc = sup__ledger_check_id(release, "release");
    sup_id product = 0;
    sup_date released = 0;
    if (rc == SUP_OK)
        rc = release_facts(l, release, &product, &released);
    struct sup__list_ctx *x = NULL;
    if (rc == SUP_OK)
        rc = sup__list_ctx_for(l, released, &x);
    if (rc == SUP_OK)
        rc = sup__cursor_new(l, sql, notify_cols, NCOLS(notify_cols), x, notify_next, out);
    if (rc != SUP_OK)
        return rc;
    sup__st_int((*out)->stmt, 1, released);
    sup__st_int((*out)->stmt, 2, product);
    return SUP_OK;
}

/* ---- reminders ------------------------------------------------------------------------------------ */


static int cmp_range(const void *a, const void *b)
{
    const struct sup__until_range *x = a, *y = b;
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
size_t sup__reminder_ranges(const sup_schedule *s, sup_date on, int grace, struct sup__until_range *r)
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

/* The reminder columns computed by the core; the hidden column REMINDER_COL_FROM is valid_from. */
#define REMINDER_COL_FROM 14
#define REMINDER_SELECT                                                                                          \
    " SELECT p.license_id, p.customer_id, c.code, c.name, p.product_id, pr.code, NULL, p.support_until, NULL,"   \
    " NULL, p.kind, NULL, p.purchased, pr.name, p.valid_from"                                                    \
    " FROM ranges r CROSS JOIN support_period p" BY_UNTIL                                                        \
    " JOIN customer c ON c.id = p.customer_id JOIN product pr ON pr.id = p.product_id"                           \
    " WHERE p.support_until BETWEEN r.lo AND r.hi AND" PERIOD_ON " ORDER BY p.customer_id, p.license_id"

static int reminder_next(sup_cursor *c)
{
    const struct sup__list_ctx *x = c->ctx;
    int rc;
    while ((rc = sup__cursor_step(c)) == 1) {
        sup_license_kind kind;
        sup_date purchased, from, until;
        rc = sup__cursor_period(c, SUP_REMCOL_KIND, SUP_REMCOL_PURCHASED, REMINDER_COL_FROM, SUP_REMCOL_SUPPORT_UNTIL,
                                &kind, &purchased, &from, &until);
        if (rc != SUP_OK)
            return rc;
        struct sup__event ev[2];
        sup_license lic = sup__license_init_period(ev, kind, purchased, from, until);
        sup_notice_kind due = SUP_NOTICE_NONE;
        rc = sup__schedule_due_versions(x->schedule, &lic, &x->version, 1, x->on, &due);
        if (rc != SUP_OK)
            return rc;
        if (due == SUP_NOTICE_NONE)
            continue;
        sup_status st;
        rc = sup_license_status(&lic, x->policy, x->on, &st);
        if (rc != SUP_OK)
            return rc;
        sup__cursor_set(c, SUP_REMCOL_NOTICE, due);
        sup__cursor_set(c, SUP_REMCOL_STATE, st.state);
        sup__cursor_set(c, SUP_REMCOL_PREFERENTIAL_UNTIL, st.preferential_until);
        sup_date anchor = due == SUP_NOTICE_WINDOW_CLOSING ? st.preferential_until : until;
        int32_t days = 0;
        if (sup_date_diff_days(x->on, anchor, &days) != SUP_OK)
            days = 0;
        sup__cursor_set(c, SUP_REMCOL_DAYS_LEFT, days);
        return 1;
    }
    return rc;
}

/* The statement of a reminder list over n ranges (malloc'ed). */
static int reminder_sql(size_t n, char **out)
{
    sup__buf sql = {0};
    sup__buf_put(&sql, "WITH ranges(lo, hi) AS (VALUES ");
    if (n == 0)
        sup__buf_put(&sql, "(1, 0)"); /* an empty range */
    for (size_t i = 0; i < n; i++)
        sup__buf_printf(&sql, "%s(CAST(?%zu AS INTEGER), CAST(?%zu AS INTEGER))", i > 0 ? ", " : "", 2 + 2 * i,
                        3 + 2 * i);
    sup__buf_put(&sql, ")" REMINDER_SELECT);
    return sup__buf_finish(&sql, out);
}

/* Ranges bound as parameters: beyond this many, one range covering them all. */
#define REMINDER_RANGES_MAX 200

int sup_ledger_list_reminders(sup_ledger *l, const sup_schedule *schedule, sup_date on, sup_cursor **out)
{
    int rc = sup__list_prologue(l, out, "sup_ledger_list_reminders");
    if (rc == SUP_OK)
        rc = sup__check_date(on, "reminder date");
    if (rc != SUP_OK)
        return rc;
    struct sup__list_ctx *x = NULL;
    rc = sup__list_ctx_for(l, on, &x);
    if (rc == SUP_OK)
        rc = schedule != NULL ? sup_schedule_clone(schedule, &x->schedule) : sup_schedule_new(&x->schedule);
    size_t count = x != NULL && x->schedule != NULL ? sup_schedule_count(x->schedule) : 0;
    struct sup__until_range *ranges = NULL;
    if (rc == SUP_OK) {
        ranges = sup__malloc((count > 0 ? count : 1) * sizeof *ranges);
        if (ranges == NULL)
            rc = sup__fail(SUP_ENOMEM, "out of memory listing reminders");
    }
    if (rc != SUP_OK || x == NULL) {
        sup__list_ctx_free(x);
        sup__free(ranges);
        return rc != SUP_OK ? rc : sup__fail(SUP_ENOMEM, "out of memory listing reminders");
    }
    size_t n = sup__reminder_ranges(x->schedule, on, sup_policy_grace_months(x->policy), ranges);
    if (n > REMINDER_RANGES_MAX) {
        ranges[0].hi = ranges[n - 1].hi;
        n = 1;
    }
    char *text = NULL;
    rc = reminder_sql(n, &text);
    if (rc == SUP_OK)
        rc = sup__cursor_new_once(l, text, reminder_cols, NCOLS(reminder_cols), x, reminder_next, out);
    else
        sup__list_ctx_free(x);
    sup_free(text);
    if (rc == SUP_OK) {
        sup__stmt *st = (*out)->stmt;
        sup__st_int(st, 1, on);
        for (size_t i = 0; i < n; i++) {
            sup__st_int(st, (int)(2 + 2 * i), ranges[i].lo);
            sup__st_int(st, (int)(3 + 2 * i), ranges[i].hi);
        }
    }
    sup__free(ranges);
    return rc;
}

/* ---- audit and catalogue ------------------------------------------------------------------------ */

int sup_ledger_list_audit(sup_ledger *l, sup_id after, sup_cursor **out)
{
    static const char sql[] = "SELECT id, action, actor, COALESCE(on_date, 0), COALESCE(product_id, 0),"
                              " COALESCE(customer_id, 0), COALESCE(license_id, 0), detail, COALESCE(at, 0)"
                              " FROM audit WHERE id > ?1 ORDER BY id";
    int rc = sup__list_prologue(l, out, "sup_ledger_list_audit");
    if (rc == SUP_OK)
        rc = sup__cursor_new(l, sql, audit_cols, NCOLS(audit_cols), NULL, NULL, out);
    if (rc == SUP_OK)
        sup__st_int((*out)->stmt, 1, after);
    return rc;
}

int sup_ledger_list_products(sup_ledger *l, sup_cursor **out)
{
    int rc = sup__list_prologue(l, out, "sup_ledger_list_products");
    if (rc == SUP_OK)
        rc = sup__cursor_new(l, "SELECT id, code, name, kind, support_months FROM product ORDER BY id", product_cols,
                             NCOLS(product_cols), NULL, NULL, out);
    return rc;
}

/* sup_ledger_list_customers: ledger_customers.c (with the contact data). */

/* A stored version that does not parse is damage (as when the ledger loads it), not bad input. */
static int policy_next(sup_cursor *c)
{
    int rc = sup__cursor_step(c);
    if (rc != 1)
        return rc;
    const char *body = sup__col_text(c->stmt, SUP_POLCOL_TEXT);
    sup_policy *p = NULL;
    if (body == NULL || sup_policy_parse(body, &p) != SUP_OK)
        return sup_error_code() == SUP_ENOMEM ? SUP_ENOMEM
                                              : sup__ledger_damaged_policy(sup__col_int(c->stmt, SUP_POLCOL_VERSION));
    sup_policy_free(p);
    return 1;
}

int sup_ledger_list_policies(sup_ledger *l, sup_cursor **out)
{
    int rc = sup__list_prologue(l, out, "sup_ledger_list_policies");
    if (rc == SUP_OK)
        rc = sup__cursor_new(l,
                             "SELECT v.id, v.effective, v.body, CASE WHEN EXISTS (SELECT 1 FROM policy_version w"
                             " WHERE w.effective = v.effective AND w.id > v.id) THEN 0 ELSE 1 END"
                             " FROM policy_version v ORDER BY v.effective, v.id",
                             policy_cols, NCOLS(policy_cols), NULL, policy_next, out);
    return rc;
}
