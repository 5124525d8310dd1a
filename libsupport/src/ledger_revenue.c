/* libsupport — the ledger's revenue schedule (revenue.h): every payment recorded
 * up to the schedule's last day, read once as a stream and added to the core's
 * schedule (revenue.c) under the policy version in force on its date; the rows
 * come from the schedule. The SQL selects events by a date range; what each
 * payment pays for and when it is earned is decided by revenue.c. Memory: the
 * schedule (months × groups), the policy versions and the product catalogue
 * (by product), never the events. */
#include "ledger_cursor.h"
#include "revenue_internal.h"

#include <stdlib.h>
#include <string.h>

#define NCOLS(a) ((int)(sizeof(a) / sizeof((a)[0])))

static const struct sup__column revenue_cols[] = {
    {"month", SUP_COLUMN_DATE},
    {"month_end", SUP_COLUMN_DATE},
    {"product", SUP_COLUMN_ID},
    {"product_code", SUP_COLUMN_TEXT},
    {"product_name", SUP_COLUMN_TEXT},
    {"kind", SUP_COLUMN_REVENUE_KIND},
    {"opening_deferred", SUP_COLUMN_MONEY},
    {"billed", SUP_COLUMN_MONEY},
    {"recognised", SUP_COLUMN_MONEY},
    {"deferred", SUP_COLUMN_MONEY},
    {"payments", SUP_COLUMN_INT},
};

/* The stream: each payment with what recognition needs. Its columns: */
enum { EV_ID, EV_KIND, EV_ON, EV_AMOUNT, EV_UNTIL, EV_BEFORE, EV_LICENSE_KIND, EV_PRODUCT };
/* Every event but recorded periods (kind 4: no money) dated up to ?1, in the table's own order (a full
 * scan: the date range is nearly all of it, and the schedule does not depend on the order). */
static const char revenue_sql[] =
    "SELECT e.id, e.kind, e.on_date, e.amount, e.support_until, e.quote_support_until, l.kind, l.product_id"
    " FROM license_event e {sqlite:NOT INDEXED} JOIN license l ON l.id = e.license_id"
    " WHERE e.on_date <= ?1 AND e.kind <> 4";

/* The corrections (corrections.h) that reverse money: voids and refunds dated up to ?1, each with the payment
 * it corrects in the stream's columns (EV_*) and its own after them (CO_*); a payment's corrections in order. */
enum { CO_ID = EV_PRODUCT + 1, CO_KIND, CO_ON, CO_AMOUNT, CO_SUPPORT, CO_UNTIL };
static const char corrections_sql[] =
    "SELECT e.id, e.kind, e.on_date, e.amount, e.support_until, e.quote_support_until, l.kind, l.product_id,"
    " c.id, c.kind, c.on_date, c.amount, c.support, c.support_until"
    " FROM correction c JOIN license_event e ON e.id = c.event_id JOIN license l ON l.id = e.license_id"
    " WHERE c.kind IN (1, 2) AND c.on_date <= ?1 ORDER BY c.event_id, c.on_date, c.id";

struct product_name {
    sup_id id;
    char *code, *name;
};

/* The cursor's own state. */
struct revenue_run {
    sup_revenue *rev;
    sup_revenue_by by;
    sup_policy **policies; /* copies of the versions in force, by effective date */
    sup_date *effective;
    size_t npolicies;
    size_t vi; /* the version of the last event (events of one period come together) */
    bool built;
    sup_date last; /* the schedule's last day */
    sup_revenue_item *corrections; /* read with the policies, before the stream (few) */
    size_t ncorrections;
    size_t row, rows;
    int64_t *balances; /* per group: the running deferred balance */
    struct product_name *products; /* by product: the catalogue, by id */
    size_t nproducts;
};

static void run_free(void *p)
{
    struct revenue_run *run = p;
    if (run == NULL)
        return;
    sup_revenue_free(run->rev);
    for (size_t i = 0; i < run->npolicies; i++)
        sup_policy_free(run->policies[i]);
    sup__free(run->policies);
    sup__free(run->effective);
    sup__free(run->balances);
    sup__free(run->corrections);
    for (size_t i = 0; i < run->nproducts; i++) {
        sup__free(run->products[i].code);
        sup__free(run->products[i].name);
    }
    sup__free(run->products);
    sup__free(run);
}

/* Copies of the policy versions in force (the ledger's cache may be dropped while the cursor lives). */
static int copy_policies(sup_ledger *l, struct revenue_run *run)
{
    int rc = sup__ledger_read_begin(l, "sup_ledger_revenue");
    if (rc != SUP_OK)
        return rc;
    rc = sup__ledger_load_policies(l);
    size_t n = rc == SUP_OK ? l->nversions : 0;
    if (n > 0) {
        /* NOLINTNEXTLINE(bugprone-sizeof-expression): an array of pointers, each element one pointer */
        run->policies = sup__calloc(n, sizeof *run->policies);
        run->effective = sup__calloc(n, sizeof *run->effective);
        if (run->policies == NULL || run->effective == NULL)
            rc = sup__fail(SUP_ENOMEM, "out of memory reading the revenue schedule");
    }
    for (size_t i = 0; rc == SUP_OK && i < n; i++) {
        rc = sup_policy_clone(l->versions[i].policy, &run->policies[i]);
        if (rc == SUP_OK) {
            run->effective[i] = l->versions[i].effective;
            run->npolicies++;
        }
    }
    return sup__ledger_read_end(l, rc);
}

/* The policy in force on `on` (the default policy before the first version). */
static const sup_policy *policy_on(struct revenue_run *run, sup_date on)
{
    size_t n = run->npolicies, i = run->vi;
    if (i < n && run->effective[i] <= on && (i + 1 == n || run->effective[i + 1] > on))
        return run->policies[i];
    for (i = n; i-- > 0;) {
        if (run->effective[i] <= on) {
            run->vi = i;
            return run->policies[i];
        }
    }
    return NULL;
}

static int damaged(sup__stmt *st)
{
    return sup__fail(SUP_EDB, "reading the revenue schedule: license event %lld is damaged",
                     (long long)sup__col_int(st, EV_ID));
}

static bool date_col(sup__stmt *st, int col, sup_date *out)
{
    int64_t v = sup__col_int(st, col);
    if (v < SUP_DATE_MIN || v > SUP_DATE_MAX || !sup__date_ok((sup_date)v))
        return false;
    *out = (sup_date)v;
    return true;
}

/* The current event as a billing item. */
static int event_item(sup__stmt *st, sup_revenue_item *it)
{
    int64_t kind = sup__col_int(st, EV_KIND), lkind = sup__col_int(st, EV_LICENSE_KIND);
    int64_t before = sup__col_int(st, EV_BEFORE);
    if (kind < SUP_EVENT_PURCHASE || kind > SUP_EVENT_SUBSCRIPTION_PAYMENT || lkind < SUP_LICENSE_PERPETUAL ||
        lkind > SUP_LICENSE_SUBSCRIPTION_YEARLY || !date_col(st, EV_ON, &it->on) ||
        !date_col(st, EV_UNTIL, &it->support_until))
        return damaged(st);
    switch ((sup_event_kind)kind) {
    case SUP_EVENT_PURCHASE:
        it->kind = lkind == SUP_LICENSE_PERPETUAL ? SUP_REVENUE_SALE : SUP_REVENUE_SUBSCRIPTION_FIRST;
        break;
    case SUP_EVENT_PREFERENTIAL_RENEWAL: it->kind = SUP_REVENUE_PREFERENTIAL_RENEWAL; break;
    case SUP_EVENT_STANDARD_RENEWAL: it->kind = SUP_REVENUE_STANDARD_RENEWAL; break;
    default: it->kind = SUP_REVENUE_SUBSCRIPTION; break;
    }
    /* the support end before the payment, recorded with its quote (none for a purchase) */
    it->support_before = SUP_DATE_NONE;
    if (it->kind != SUP_REVENUE_SALE && it->kind != SUP_REVENUE_SUBSCRIPTION_FIRST && before != 0 &&
        !date_col(st, EV_BEFORE, &it->support_before))
        return damaged(st);
    it->amount = sup__col_int(st, EV_AMOUNT);
    it->product = sup__col_int(st, EV_PRODUCT);
    return SUP_OK;
}

/* Keep one correction. */
static int keep_correction(struct revenue_run *run, const sup_revenue_item *it, size_t *cap)
{
    if (run->ncorrections == *cap) {
        size_t n = *cap ? *cap * 2 : 16;
        sup_revenue_item *p = sup__realloc(run->corrections, n * sizeof *p);
        if (p == NULL)
            return sup__fail(SUP_ENOMEM, "out of memory reading the corrections");
        run->corrections = p;
        *cap = n;
    }
    run->corrections[run->ncorrections++] = *it;
    return SUP_OK;
}

/* The corrections as billing items (few: read when the cursor is made, so that the cursor still
 * needs nothing of the handle after its first row). Each names the payment as it stands before it:
 * what earlier refunds left of it and the end an earlier shortening refund set. */
static int load_corrections(sup_ledger *l, struct revenue_run *run)
{
    size_t cap = 0;
    int rc = sup__ledger_read_begin(l, "sup_ledger_revenue");
    if (rc != SUP_OK)
        return rc;
    sup__stmt *st = NULL;
    rc = sup__ledger_prepare(l, corrections_sql, &st);
    if (rc == SUP_OK)
        sup__st_int(st, 1, run->last);
    sup_id event = 0;
    sup_money refunded = 0;     /* of `event`, by its earlier corrections */
    sup_date shortened = 0;     /* the end an earlier refund of `event` shortened its support to, or 0 */
    sup_revenue_item pay, it;
    if (rc == SUP_OK)
        rc = sup_revenue_item_init(&pay, SUP_REVENUE_ITEM_VERSION);
    while (rc == SUP_OK && (rc = sup__st_step(st, "reading the corrections")) == 1) {
        if ((rc = event_item(st, &pay)) != SUP_OK)
            break;
        if (sup__col_int(st, EV_ID) != event) {
            event = sup__col_int(st, EV_ID);
            refunded = 0;
            shortened = 0;
        }
        int64_t kind = sup__col_int(st, CO_KIND), amount = sup__col_int(st, CO_AMOUNT);
        sup_date on, until = SUP_DATE_NONE;
        if (!date_col(st, CO_ON, &on) || amount <= 0 || amount > pay.amount - refunded ||
            (!sup__col_null(st, CO_UNTIL) && !date_col(st, CO_UNTIL, &until))) {
            rc = sup__fail(SUP_EDB, "reading the revenue schedule: correction %lld is damaged",
                           (long long)sup__col_int(st, CO_ID));
            break;
        }
        it = pay;
        it.kind = SUP_REVENUE_CORRECTION;
        it.on = on;
        it.amount = -amount;
        it.support_before = it.support_until = SUP_DATE_NONE;
        it.corrected_kind = pay.kind;
        it.corrected_on = pay.on;
        it.corrected_amount = pay.amount - refunded;
        it.corrected_support_before = pay.support_before;
        it.corrected_support_until = shortened != 0 && shortened < pay.support_until ? shortened : pay.support_until;
        it.shortened_until = SUP_DATE_NONE;
        /* a refund that shortened support: the payment's period now ends then (a void keeps no support) */
        if (kind == SUP_CORRECTION_REFUND && sup__col_int(st, CO_SUPPORT) == SUP_REFUND_SHORTEN_SUPPORT &&
            until != SUP_DATE_NONE && until < it.corrected_support_until) {
            it.shortened_until = until;
            shortened = until;
        }
        refunded += amount;
        rc = keep_correction(run, &it, &cap);
    }
    sup__ledger_finalize(st);
    return sup__ledger_read_end(l, rc < 0 ? rc : SUP_OK);
}

static int cmp_product(const void *a, const void *b)
{
    const struct product_name *x = a, *y = b;
    return (x->id > y->id) - (x->id < y->id);
}

/* By product: the codes and names of the products (few), after the stream has ended. */
static int load_products(sup_ledger *l, struct revenue_run *run)
{
    int rc = sup__ledger_read_begin(l, "sup_ledger_revenue");
    if (rc != SUP_OK)
        return rc;
    sup__stmt *st = NULL;
    rc = sup__ledger_prepare(l, "SELECT id, code, name FROM product ORDER BY id", &st);
    size_t cap = 0;
    while (rc == SUP_OK && (rc = sup__st_step(st, "reading the products")) == 1) {
        if (run->nproducts == cap) {
            cap = cap ? cap * 2 : 16;
            struct product_name *p = sup__realloc(run->products, cap * sizeof *p);
            if (p == NULL) {
                rc = sup__fail(SUP_ENOMEM, "out of memory reading the products");
                break;
            }
            run->products = p;
        }
        const char *code = sup__col_text(st, 1), *name = sup__col_text(st, 2);
        struct product_name *p = &run->products[run->nproducts];
        p->id = sup__col_int(st, 0);
        p->code = sup__strdup(code != NULL ? code : "");
        p->name = sup__strdup(name != NULL ? name : "");
        run->nproducts++;
        if (p->code == NULL || p->name == NULL)
            rc = sup__fail(SUP_ENOMEM, "out of memory reading the products");
        else
            rc = SUP_OK;
    }
    sup__ledger_finalize(st);
    rc = sup__ledger_read_end(l, rc);
    if (rc == SUP_OK && run->nproducts > 1)
        qsort(run->products, run->nproducts, sizeof *run->products, cmp_product);
    return rc;
}

/* Read the whole stream into the schedule. */
static int build(sup_cursor *c, struct revenue_run *run)
{
    sup_revenue_item it;
    int rc = sup_revenue_item_init(&it, SUP_REVENUE_ITEM_VERSION);
    while (rc == SUP_OK && (rc = sup__cursor_step(c)) == 1) {
        rc = event_item(c->stmt, &it);
        if (rc == SUP_OK)
            rc = sup_revenue_add(run->rev, policy_on(run, it.on), &it);
    }
    if (rc < 0)
        return rc;
    c->stmt->store->ops->reset(c->stmt); /* the stream is over: let the engine end it before the next query */
    for (size_t i = 0; i < run->ncorrections; i++) /* after the payments they correct */
        if ((rc = sup_revenue_add(run->rev, policy_on(run, run->corrections[i].corrected_on), &run->corrections[i])) !=
            SUP_OK)
            return rc;
    if (run->by == SUP_REVENUE_BY_PRODUCT && (rc = load_products(c->ledger, run)) != SUP_OK)
        return rc;
    run->rows = sup_revenue_row_count(run->rev);
    size_t groups = sup__revenue_groups(run->rev);
    run->balances = sup__calloc(groups > 0 ? groups : 1, sizeof *run->balances);
    if (run->balances == NULL)
        return sup__fail(SUP_ENOMEM, "out of memory reading the revenue schedule");
    run->built = true;
    return SUP_OK;
}

static const struct product_name *find_product(const struct revenue_run *run, sup_id id)
{
    struct product_name key = {id, NULL, NULL};
    return run->nproducts > 0 ? bsearch(&key, run->products, run->nproducts, sizeof key, cmp_product) : NULL;
}

/* A computed text column of the current row (an owned copy; NULL for none). */
static int set_text(sup_cursor *c, int col, const char *text)
{
    sup__free(c->texts[col]);
    c->texts[col] = NULL;
    if (text != NULL && (c->texts[col] = sup__strdup(text)) == NULL)
        return sup__fail(SUP_ENOMEM, "out of memory reading the revenue schedule");
    c->computed |= 1u << col;
    return SUP_OK;
}

static int revenue_next(sup_cursor *c)
{
    struct revenue_run *run = c->ctx->own;
    int rc;
    if (!run->built && (rc = build(c, run)) != SUP_OK)
        return rc;
    if (run->row >= run->rows)
        return 0;
    sup_revenue_row row = {.version = SUP_REVENUE_ROW_VERSION};
    sup__revenue_row_next(run->rev, run->row++, run->balances, &row);
    const struct product_name *p = row.product > 0 ? find_product(run, row.product) : NULL;
    sup__cursor_set(c, SUP_REVCOL_MONTH, row.month);
    sup__cursor_set(c, SUP_REVCOL_MONTH_END, row.month_end);
    sup__cursor_set(c, SUP_REVCOL_PRODUCT, row.product);
    sup__cursor_set(c, SUP_REVCOL_KIND, row.kind);
    sup__cursor_set(c, SUP_REVCOL_OPENING_DEFERRED, row.opening_deferred);
    sup__cursor_set(c, SUP_REVCOL_BILLED, row.billed);
    sup__cursor_set(c, SUP_REVCOL_RECOGNISED, row.recognised);
    sup__cursor_set(c, SUP_REVCOL_DEFERRED, row.deferred);
    sup__cursor_set(c, SUP_REVCOL_PAYMENTS, row.payments);
    if ((rc = set_text(c, SUP_REVCOL_PRODUCT_CODE, p != NULL ? p->code : NULL)) != SUP_OK ||
        (rc = set_text(c, SUP_REVCOL_PRODUCT_NAME, p != NULL ? p->name : NULL)) != SUP_OK)
        return rc;
    return 1;
}

int sup_ledger_revenue(sup_ledger *l, const sup_revenue_options *opts, sup_cursor **out)
{
    int rc = sup__list_prologue(l, out, "sup_ledger_revenue");
    if (rc != SUP_OK)
        return rc;
    SUP__CHECK_ARG(opts, "sup_ledger_revenue");
    struct revenue_run *run = sup__calloc(1, sizeof *run);
    struct sup__list_ctx *x = sup__calloc(1, sizeof *x);
    if (run == NULL || x == NULL) {
        sup__free(run);
        sup__free(x);
        return sup__fail(SUP_ENOMEM, "out of memory creating a cursor");
    }
    x->own = run;
    x->own_free = run_free;
    run->by = opts->by;
    rc = sup_revenue_new(opts, &run->rev);
    if (rc == SUP_OK) {
        int y = sup__year(opts->to), m = sup__month(opts->to);
        run->last = y * 10000 + m * 100 + sup__dim(y, m); /* the last day of the last month */
        rc = copy_policies(l, run);
    }
    if (rc == SUP_OK)
        rc = load_corrections(l, run);
    if (rc != SUP_OK) {
        sup__list_ctx_free(x);
        return rc;
    }
    rc = sup__cursor_new(l, revenue_sql, revenue_cols, NCOLS(revenue_cols), x, revenue_next, out);
    if (rc == SUP_OK)
        sup__st_int((*out)->stmt, 1, run->last);
    return rc;
}
