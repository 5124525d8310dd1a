/* libsupport — ledger cursors: streaming rows of a list's statement, each judged
 * by the core where the list needs it (ledger_cursor.h). The lists are in
 * ledger_lists.c. */
#include "ledger_cursor.h"

#include <stdlib.h>
#include <string.h>

void sup__list_ctx_free(struct sup__list_ctx *x)
{
    if (x == NULL)
        return;
    sup_policy_free(x->policy);
    sup_schedule_free(x->schedule);
    sup_license_free(x->license);
    for (size_t i = 0; i < sizeof x->aux / sizeof x->aux[0]; i++)
        sup__ledger_finalize(x->aux[i]);
    if (x->own_free != NULL)
        x->own_free(x->own);
    sup__free(x);
}

int sup__list_ctx_for(sup_ledger *l, sup_date on, struct sup__list_ctx **out)
{
    *out = NULL;
    struct sup__list_ctx *x = sup__calloc(1, sizeof *x);
    if (x == NULL)
        return sup__fail(SUP_ENOMEM, "out of memory creating a cursor");
    int rc = sup__ledger_read_begin(l, "policy for a list");
    if (rc != SUP_OK) {
        sup__free(x);
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
        sup__list_ctx_free(x);
        return rc;
    }
    *out = x;
    return SUP_OK;
}

int sup__list_prologue(sup_ledger *l, sup_cursor **out, const char *fn)
{
    SUP__CHECK_ARG(out, fn);
    *out = NULL;
    SUP__CHECK_ARG(l, fn);
    return sup__ledger_check_open(l, fn);
}

/* ---- the cursor ------------------------------------------------------------------------------ */

int sup__list_check_range(sup_date from, sup_date to)
{
    int rc = sup__check_date(from, "first date");
    if (rc == SUP_OK)
        rc = sup__check_date(to, "last date");
    if (rc == SUP_OK && to < from) {
        char a[24], b[24];
        sup__date_str(from, a);
        sup__date_str(to, b);
        rc = sup__fail(SUP_EDATE, "the range %s … %s ends before it starts", a, b);
    }
    return rc;
}

static void drop_texts(sup_cursor *c)
{
    for (int i = 0; i < c->ncols; i++) {
        sup__free(c->texts[i]);
        c->texts[i] = NULL;
    }
}

void sup_cursor_free(sup_cursor *c)
{
    if (c == NULL)
        return;
    sup__ledger_finalize(c->stmt);
    sup__list_ctx_free(c->ctx);
    drop_texts(c);
    sup__free(c->param);
    sup_ledger *l = c->ledger;
    sup__free(c);
    if (l != NULL)
        sup__ledger_unref(l);
}

static int cursor_new(sup_ledger *l, const char *sql, bool once, const struct sup__column *cols, int ncols,
                      struct sup__list_ctx *ctx, sup__cursor_next_fn next, sup_cursor **out)
{
    sup_cursor *c = sup__calloc(1, sizeof *c);
    if (c == NULL) {
        sup__list_ctx_free(ctx);
        return sup__fail(SUP_ENOMEM, "out of memory creating a cursor");
    }
    c->cols = cols;
    c->ncols = ncols;
    c->ctx = ctx;
    c->next = next;
    int rc = once ? sup__ledger_prepare_once(l, sql, SUP__STMT_STREAM, &c->stmt)
                  : sup__ledger_prepare_kept(l, sql, SUP__STMT_STREAM, &c->stmt);
    if (rc != SUP_OK) {
        sup_cursor_free(c);
        return rc;
    }
    c->ledger = l;
    l->refs++;
    *out = c;
    return SUP_OK;
}

int sup__cursor_new(sup_ledger *l, const char *sql, const struct sup__column *cols, int ncols,
                    struct sup__list_ctx *ctx, sup__cursor_next_fn next, sup_cursor **out)
{
    return cursor_new(l, sql, false, cols, ncols, ctx, next, out);
}

int sup__cursor_new_once(sup_ledger *l, const char *sql, const struct sup__column *cols, int ncols,
                         struct sup__list_ctx *ctx, sup__cursor_next_fn next, sup_cursor **out)
{
    return cursor_new(l, sql, true, cols, ncols, ctx, next, out);
}

int sup__cursor_step(sup_cursor *c)
{
    if (c->pending) {
        c->pending = false;
        return 1;
    }
    if (c->exhausted) /* (stepping an engine's finished statement again would run it again) */
        return 0;
    int rc = sup__st_step(c->stmt, "reading a list");
    if (rc <= 0)
        c->exhausted = true;
    return rc;
}

int sup__cursor_keep_text(sup_cursor *c, int col)
{
    sup__free(c->texts[col]);
    c->texts[col] = NULL;
    const char *t = sup__col_text(c->stmt, col);
    if (t != NULL && (c->texts[col] = sup__strdup(t)) == NULL)
        return sup__fail(SUP_ENOMEM, "out of memory reading a list");
    c->computed |= 1u << col;
    return SUP_OK;
}

int sup_cursor_next(sup_cursor *c)
{
    SUP__CHECK_ARG(c, "sup_cursor_next");
    if (c->done)
        return c->error;
    c->computed = 0;
    int rc = c->next != NULL ? c->next(c) : sup__cursor_step(c);
    if (rc == 1) {
        c->row = true;
        return 1;
    }
    c->row = false;
    c->done = true;
    c->error = rc;
    /* the end: let the engine end the statement (and a transaction it was streamed in) now */
    c->stmt->store->ops->reset(c->stmt);
    return rc;
}

int sup_cursor_column_count(const sup_cursor *c) { return c ? c->ncols : 0; }

static bool col_ok(const sup_cursor *c, int i) { return c != NULL && i >= 0 && i < c->ncols; }
static bool is_computed(const sup_cursor *c, int i) { return (c->computed >> i) & 1u; }

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
    if (is_computed(c, i))
        return c->values[i];
    return sup__col_int(c->stmt, i);
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
    if (is_computed(c, i))
        return c->texts[i];
    return sup__col_text(c->stmt, i);
}

int sup_cursor_is_null(const sup_cursor *c, int i)
{
    if (!col_ok(c, i) || !c->row)
        return 1;
    if (is_computed(c, i))
        return c->cols[i].type == SUP_COLUMN_TEXT && c->texts[i] == NULL;
    return sup__col_null(c->stmt, i);
}

/* ---- periods --------------------------------------------------------------------------------- */

static bool int_date(int64_t x, sup_date *out)
{
    if (x < SUP_DATE_MIN || x > SUP_DATE_MAX)
        return false;
    *out = (sup_date)x;
    return sup__date_ok(*out);
}

int sup__cursor_period(sup_cursor *c, int kind_col, int purchased_col, int from_col, int until_col,
                       sup_license_kind *kind, sup_date *purchased, sup_date *from, sup_date *until)
{
    sup__stmt *st = c->stmt;
    int64_t k = sup__col_int(st, kind_col);
    if (k < SUP_LICENSE_PERPETUAL || k > SUP_LICENSE_SUBSCRIPTION_YEARLY ||
        !int_date(sup__col_int(st, purchased_col), purchased) || !int_date(sup__col_int(st, from_col), from) ||
        !int_date(sup__col_int(st, until_col), until))
        return sup__fail(SUP_EDB, "reading a list: license %lld has a damaged support period",
                         (long long)sup__col_int(st, 0));
    *kind = (sup_license_kind)k;
    return SUP_OK;
}
