/*
 * libsupport — ledger cursors (ledger_cursor.c), shared with the lists that
 * make them (ledger_lists.c). Not installed.
 *
 * A list's statement selects candidate rows by keys and date ranges; the
 * cursor asks the core about each (status, window end, reminder due, download
 * allowed), drops those the list does not want and fills the computed
 * columns. No rule is decided in SQL.
 */
#ifndef LIBSUPPORT_LEDGER_CURSOR_H
#define LIBSUPPORT_LEDGER_CURSOR_H

#include "ledger_internal.h"

struct sup__column {
    const char *name;
    sup_column_type type;
};

#define SUP__CURSOR_MAXCOLS 24 /* (computed is a 32-bit mask) */

/* What a list's rows are judged by: the policy version in force on its date, the schedule. */
struct sup__list_ctx {
    sup_policy *policy;          /* owned: the version in force on the date */
    sup__policy_version version; /* {its effective date, policy} */
    sup_date on;                 /* the list's date */
    sup_schedule *schedule;      /* owned; reminder lists only */
    sup_license *license;        /* owned; release lists only */
    int retry_days;              /* the due sends: the retry window */
    sup__stmt *aux[2];           /* owned: statements a list runs per row (the due sends) */
    void *own;                   /* a list's own state (the revenue schedule), freed with own_free */
    void (*own_free)(void *own);
};

/*
 * Produce the cursor's next row from the statement: 1 (a row), 0 (the end),
 * or a negative result code. The default passes the statement's rows through.
 */
typedef int (*sup__cursor_next_fn)(sup_cursor *c);

struct sup_cursor {
    sup_ledger *ledger; /* holds a reference */
    sup__stmt *stmt;
    const struct sup__column *cols;
    int ncols;
    bool row;  /* positioned on a row */
    bool done; /* reached the end or failed */
    int error; /* the failure, returned again by later calls */
    sup__cursor_next_fn next;
    int filter;                   /* list-specific: which rows to keep */
    struct sup__list_ctx *ctx;    /* owned */
    uint32_t computed;            /* bit i: column i of the current row is values[i] / texts[i] */
    int64_t values[SUP__CURSOR_MAXCOLS];
    char *texts[SUP__CURSOR_MAXCOLS]; /* owned copies (aggregated rows) */
    bool pending;                 /* the statement is on a row not yet consumed (aggregation) */
    bool exhausted;               /* the statement has no more rows */
    char *param;                  /* owned: a text bound to the statement (held until the cursor is freed) */
};

void sup__list_ctx_free(struct sup__list_ctx *x);
/** The context of a list about `on`: a copy of the policy version in force on `on`. */
int sup__list_ctx_for(sup_ledger *l, sup_date on, struct sup__list_ctx **out);

/** SUP_OK after the usual checks of a list call (out set to NULL). */
int sup__list_prologue(sup_ledger *l, sup_cursor **out, const char *fn);
/** A list's dates from … to: both valid, `to` not before `from` (SUP_EDATE naming them). */
int sup__list_check_range(sup_date from, sup_date to);

/**
 * A new cursor over `sql` (streamed; a string with static storage: its statement is kept prepared by
 * the connection, sup__ledger_prepare_kept); the caller binds the statement's
 * parameters. Takes ownership of ctx (also on failure). next NULL: rows as they come.
 */
int sup__cursor_new(sup_ledger *l, const char *sql, const struct sup__column *cols, int ncols,
                    struct sup__list_ctx *ctx, sup__cursor_next_fn next, sup_cursor **out);
/** The same for SQL built at run time: `sql` need not outlive the call, the statement is not kept. */
int sup__cursor_new_once(sup_ledger *l, const char *sql, const struct sup__column *cols, int ncols,
                         struct sup__list_ctx *ctx, sup__cursor_next_fn next, sup_cursor **out);

/** Step the statement (or take the pending row): 1, 0 or an error. */
int sup__cursor_step(sup_cursor *c);
/** Set a computed integer column of the current row. */
static inline void sup__cursor_set(sup_cursor *c, int col, int64_t v)
{
    c->values[col] = v;
    c->computed |= 1u << col;
}
/** Keep an owned copy of the statement's text column `col` as the current row's value. */
int sup__cursor_keep_text(sup_cursor *c, int col);

/** Read a period's kind and dates from the statement's columns; SUP_EDB if damaged. */
int sup__cursor_period(sup_cursor *c, int kind_col, int purchased_col, int from_col, int until_col,
                       sup_license_kind *kind, sup_date *purchased, sup_date *from, sup_date *until);

/* A range of support ends [lo, hi] (inclusive) a reminder may match. */
struct sup__until_range {
    sup_date lo, hi;
};
/**
 * The support ends that can have a reminder of `s` due on `on` when the window
 * lasts `grace` months, as disjoint ranges sorted by date, into r (room for
 * sup_schedule_count(s) ranges); the number of ranges (ledger_lists.c).
 */
size_t sup__reminder_ranges(const sup_schedule *s, sup_date on, int grace, struct sup__until_range *r);

#endif /* LIBSUPPORT_LEDGER_CURSOR_H */
