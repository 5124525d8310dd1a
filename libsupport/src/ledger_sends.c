/* libsupport — reminders that are sent, once (sends.h): the reminder e-mails due on
 * a date, decided per row by the core (the schedule, the notice's own fit rule),
 * and the append-only record of each attempt and its outcome. */
#include "ledger_cursor.h"
#include "libsupport/sends.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define NCOLS(a) ((int)(sizeof(a) / sizeof((a)[0])))

static const char *const action_names[] = {"new", "retry", "no_email", "unconfirmed"};
static const char *const state_names[] = {"sending", "sent", "failed"};

const char *sup_send_action_name(sup_send_action a)
{
    return (unsigned)a < sizeof action_names / sizeof action_names[0] ? action_names[a] : "";
}

const char *sup_send_state_name(sup_send_state s)
{
    return (unsigned)s < sizeof state_names / sizeof state_names[0] ? state_names[s] : "";
}

static int oom(void) { return sup__fail(SUP_ENOMEM, "out of memory handling reminder sends"); }

/* ---- options ------------------------------------------------------------------------------- */

int sup_sends_due_options_init(sup_sends_due_options *o, unsigned version)
{
    SUP__CHECK_ARG(o, "sup_sends_due_options_init");
    if (version != SUP_SENDS_DUE_OPTIONS_VERSION)
        return sup__fail(SUP_EINVAL, "sup_sends_due_options_init: unknown version %u (this library knows %u)", version,
                         (unsigned)SUP_SENDS_DUE_OPTIONS_VERSION);
    memset(o, 0, sizeof *o);
    o->version = version;
    o->retry_days = SUP_SEND_RETRY_DAYS_DEFAULT;
    return SUP_OK;
}

int sup_send_init(sup_send *s, unsigned version)
{
    SUP__CHECK_ARG(s, "sup_send_init");
    if (version != SUP_SEND_VERSION)
        return sup__fail(SUP_EINVAL, "sup_send_init: unknown version %u (this library knows %u)", version,
                         (unsigned)SUP_SEND_VERSION);
    memset(s, 0, sizeof *s);
    s->version = version;
    return SUP_OK;
}

static bool reminder_kind(sup_notice_kind k) { return k >= SUP_NOTICE_STATUS && k <= SUP_NOTICE_WINDOW_CLOSING; }

/* ---- the due list --------------------------------------------------------------------------- */

static const struct sup__column due_cols[] = {
    {"license", SUP_COLUMN_ID},
    {"customer", SUP_COLUMN_ID},
    {"customer_code", SUP_COLUMN_TEXT},
    {"customer_name", SUP_COLUMN_TEXT},
    {"product", SUP_COLUMN_ID},
    {"product_name", SUP_COLUMN_TEXT},
    {"notice", SUP_COLUMN_NOTICE_KIND},
    {"anchor", SUP_COLUMN_DATE},
    {"support_until", SUP_COLUMN_DATE},
    {"preferential_until", SUP_COLUMN_DATE},
    {"days_left", SUP_COLUMN_INT},
    {"lang", SUP_COLUMN_TEXT},
    {"recipients", SUP_COLUMN_TEXT},
    {"action", SUP_COLUMN_SEND_ACTION},
    {"due", SUP_COLUMN_DATE},
    {"attempts", SUP_COLUMN_INT},
};

/* Hidden columns after the visible ones: the period (kind, purchased, valid_from) and whether
 * the row is a reminder of the date (0) or a failed one of an earlier date (1). */
enum { DUE_KIND = 16, DUE_PURCHASED, DUE_FROM, DUE_RETRY };
enum { AUX_HISTORY, AUX_EMAILS };

/* The candidates: the reminders' index ranges of support ends (as sup_ledger_list_reminders),
 * then the reminders attempted in the retry window, each with the license's period on ?1. */
#define DUE_FROM_PERIOD                                                                                          \
    " JOIN customer c ON c.id = p.customer_id JOIN product pr ON pr.id = p.product_id"
#define DUE_SQL_TAIL                                                                                             \
    " SELECT p.license_id, p.customer_id, c.code, c.name, p.product_id, pr.name, CAST(NULL AS INTEGER),"         \
    " CAST(NULL AS INTEGER), p.support_until, CAST(NULL AS INTEGER), CAST(NULL AS INTEGER), c.lang,"             \
    " CAST(NULL AS TEXT), CAST(NULL AS INTEGER), CAST(NULL AS INTEGER), CAST(NULL AS INTEGER), p.kind,"          \
    " p.purchased, p.valid_from, 0"                                                                             \
    " FROM ranges r CROSS JOIN support_period p {sqlite:INDEXED BY support_period_by_until}" DUE_FROM_PERIOD     \
    " WHERE p.support_until BETWEEN r.lo AND r.hi AND p.valid_from <= ?1 AND p.valid_to >= ?1"                   \
    " UNION ALL"                                                                                                 \
    " SELECT p.license_id, p.customer_id, c.code, c.name, p.product_id, pr.name, k.notice_kind, k.anchor,"       \
    " p.support_until, CAST(NULL AS INTEGER), CAST(NULL AS INTEGER), c.lang, CAST(NULL AS TEXT),"                \
    " CAST(NULL AS INTEGER), k.due_on, CAST(NULL AS INTEGER), p.kind, p.purchased, p.valid_from, 1"              \
    " FROM (SELECT DISTINCT s.license_id, s.customer_id, s.notice_kind, s.anchor, s.due_on FROM reminder_send s" \
    " WHERE s.due_on BETWEEN ?2 AND ?3) k"                                                                      \
    " JOIN support_period p ON p.customer_id = k.customer_id AND p.license_id = k.license_id"                    \
    " AND p.valid_from <= ?1 AND p.valid_to >= ?1" DUE_FROM_PERIOD " ORDER BY 2, 1, 20, 7, 8, 15"

/* Every attempt at a reminder of a license about an anchor, with its kind, due date and outcome. */
static const char history_sql[] = "SELECT s.id, s.due_on, o.ok, s.notice_kind FROM reminder_send s"
                                  " LEFT JOIN reminder_send_outcome o ON o.send_id = s.id"
                                  " WHERE s.license_id = ?1 AND s.anchor = ?2 ORDER BY s.id";
static const char emails_sql[] = "SELECT address FROM customer_email WHERE customer_id = ?1 ORDER BY position";

/* What the attempts at one reminder say. */
struct history {
    bool sent;        /* an attempt of this due date succeeded */
    bool unconfirmed; /* one has no outcome */
    bool superseded;  /* a later reminder about the same anchor was attempted */
    int64_t failures;
};

static int read_history(sup_cursor *c, sup_id license, sup_notice_kind kind, sup_date anchor, sup_date due,
                        struct history *h)
{
    memset(h, 0, sizeof *h);
    sup__stmt *st = c->ctx->aux[AUX_HISTORY];
    sup__st_int(st, 1, license);
    sup__st_int(st, 2, anchor);
    int rc;
    while ((rc = sup__st_step(st, "reading the reminders sent")) == 1) {
        int64_t d = sup__col_int(st, 1);
        if (d > due) {
            h->superseded = true;
        } else if (d == due && sup__col_int(st, 3) == (int)kind) {
            if (sup__col_null(st, 2))
                h->unconfirmed = true;
            else if (sup__col_int(st, 2) == 1)
                h->sent = true;
            else
                h->failures++;
        }
    }
    sup__ledger_done(st);
    return rc < 0 ? rc : SUP_OK;
}

/* The customer's addresses joined by ", " as the row's recipients (NULL: none). */
static int read_recipients(sup_cursor *c, sup_id customer)
{
    sup__stmt *st = c->ctx->aux[AUX_EMAILS];
    sup__st_int(st, 1, customer);
    sup__buf b = {0};
    int rc;
    while ((rc = sup__st_step(st, "reading a customer's e-mail addresses")) == 1) {
        if (b.len > 0)
            sup__buf_put(&b, ", ");
        const char *a = sup__col_text(st, 0);
        sup__buf_put(&b, a != NULL ? a : "");
    }
    sup__ledger_done(st);
    sup__free(c->texts[SUP_DUECOL_RECIPIENTS]);
    c->texts[SUP_DUECOL_RECIPIENTS] = NULL;
    c->computed |= 1u << SUP_DUECOL_RECIPIENTS;
    if (rc < 0) {
        sup__buf_dispose(&b);
        return rc;
    }
    if (b.len == 0) {
        sup__buf_dispose(&b);
        return SUP_OK;
    }
    return sup__buf_finish(&b, &c->texts[SUP_DUECOL_RECIPIENTS]) == SUP_OK ? SUP_OK : oom();
}

static int set_text(sup_cursor *c, int col, const char *s)
{
    sup__free(c->texts[col]);
    c->texts[col] = NULL;
    if (s != NULL && (c->texts[col] = sup__strdup(s)) == NULL)
        return oom();
    c->computed |= 1u << col;
    return SUP_OK;
}

/* The reminder of the current row, as the core decides it: 1 and its kind, anchor and due date,
 * or 0 when the row is not (or no longer) a reminder to send. */
static int decide(sup_cursor *c, const sup_license *lic, const sup_status *st, sup_notice_kind *kind,
                  sup_date *anchor, sup_date *due)
{
    const struct sup__list_ctx *x = c->ctx;
    sup_notice_kind today = SUP_NOTICE_NONE;
    int rc = sup__schedule_due_versions(x->schedule, lic, &x->version, 1, x->on, &today);
    if (rc != SUP_OK)
        return rc;
    bool perpetual = sup_license_kind_of(lic) == SUP_LICENSE_PERPETUAL;
    if (sup__col_int(c->stmt, DUE_RETRY) == 0) {
        if (today == SUP_NOTICE_NONE)
            return 0;
        *kind = today;
        *anchor = today == SUP_NOTICE_WINDOW_CLOSING ? st->preferential_until : st->support_until;
        *due = x->on;
        return 1;
    }
    int64_t k = sup__col_int(c->stmt, SUP_DUECOL_NOTICE);
    if (!reminder_kind((sup_notice_kind)k))
        return sup__fail(SUP_EDB, "a recorded reminder of license %lld has an unknown notice kind %lld",
                         (long long)sup__col_int(c->stmt, 0), (long long)k);
    *kind = (sup_notice_kind)k;
    *anchor = (sup_date)sup__col_int(c->stmt, SUP_DUECOL_ANCHOR);
    *due = (sup_date)sup__col_int(c->stmt, SUP_DUECOL_DUE);
    /* A failed reminder holds while its notice fits the date and its anchor is unchanged (no
     * renewal since), unless a later reminder about the same anchor replaces it: one due today
     * (its anchor is today's) or one attempted since (read_history). */
    if (sup__notice_kind_fits(*kind, st, perpetual, x->on) != SUP_OK) {
        sup_error_clear();
        return 0;
    }
    sup_date now = *kind == SUP_NOTICE_WINDOW_CLOSING ? st->preferential_until : st->support_until;
    sup_date today_anchor = today == SUP_NOTICE_WINDOW_CLOSING ? st->preferential_until : st->support_until;
    if (now != *anchor || (today != SUP_NOTICE_NONE && today_anchor == *anchor))
        return 0;
    return 1;
}

static int due_next(sup_cursor *c)
{
    const struct sup__list_ctx *x = c->ctx;
    int rc;
    while ((rc = sup__cursor_step(c)) == 1) {
        sup_license_kind lk;
        sup_date purchased, from, until;
        rc = sup__cursor_period(c, DUE_KIND, DUE_PURCHASED, DUE_FROM, SUP_DUECOL_SUPPORT_UNTIL, &lk, &purchased,
                                &from, &until);
        if (rc != SUP_OK)
            return rc;
        struct sup__event ev[2];
        sup_license lic = sup__license_init_period(ev, lk, purchased, from, until);
        sup_status st;
        rc = sup_license_status(&lic, x->policy, x->on, &st);
        if (rc != SUP_OK)
            return rc;
        sup_notice_kind kind = SUP_NOTICE_NONE;
        sup_date anchor = 0, due = 0;
        int yes = decide(c, &lic, &st, &kind, &anchor, &due);
        if (yes < 0)
            return yes;
        if (yes == 0)
            continue;
        sup_id license = sup__col_int(c->stmt, SUP_DUECOL_LICENSE);
        struct history h;
        rc = read_history(c, license, kind, anchor, due, &h);
        if (rc != SUP_OK)
            return rc;
        bool retry_row = sup__col_int(c->stmt, DUE_RETRY) != 0;
        if (h.sent || (retry_row && (h.superseded || (h.failures == 0 && !h.unconfirmed))))
            continue;
        const char *lang = sup__col_text(c->stmt, SUP_DUECOL_LANG);
        if ((rc = set_text(c, SUP_DUECOL_LANG, lang != NULL && strcmp(lang, "en") == 0 ? "en" : "ru")) != SUP_OK ||
            (rc = read_recipients(c, sup__col_int(c->stmt, SUP_DUECOL_CUSTOMER))) != SUP_OK)
            return rc;
        sup_send_action action = h.unconfirmed ? SUP_SEND_UNCONFIRMED
                                 : c->texts[SUP_DUECOL_RECIPIENTS] == NULL ? SUP_SEND_NO_EMAIL
                                 : h.failures > 0                          ? SUP_SEND_RETRY
                                                                           : SUP_SEND_NEW;
        int32_t days = 0;
        if (sup_date_diff_days(x->on, anchor, &days) != SUP_OK)
            days = 0;
        sup__cursor_set(c, SUP_DUECOL_NOTICE, kind);
        sup__cursor_set(c, SUP_DUECOL_ANCHOR, anchor);
        sup__cursor_set(c, SUP_DUECOL_PREFERENTIAL_UNTIL, st.preferential_until);
        sup__cursor_set(c, SUP_DUECOL_DAYS_LEFT, days);
        sup__cursor_set(c, SUP_DUECOL_ACTION, action);
        sup__cursor_set(c, SUP_DUECOL_DUE, due);
        sup__cursor_set(c, SUP_DUECOL_ATTEMPTS, h.failures);
        return 1;
    }
    return rc;
}

/* Ranges bound as parameters: beyond this many, one range covering them all (as the reminder list). */
#define DUE_RANGES_MAX 200

static int due_sql(size_t n, char **out)
{
    sup__buf sql = {0};
    sup__buf_put(&sql, "WITH ranges(lo, hi) AS (VALUES ");
    if (n == 0)
        sup__buf_put(&sql, "(1, 0)");
    for (size_t i = 0; i < n; i++)
        sup__buf_printf(&sql, "%s(CAST(?%zu AS INTEGER), CAST(?%zu AS INTEGER))", i > 0 ? ", " : "", 4 + 2 * i,
                        5 + 2 * i);
    sup__buf_put(&sql, ")" DUE_SQL_TAIL);
    return sup__buf_finish(&sql, out);
}

static int prepare_aux(sup_ledger *l, struct sup__list_ctx *x)
{
    int rc = sup__ledger_prepare(l, history_sql, &x->aux[AUX_HISTORY]);
    if (rc == SUP_OK)
        rc = sup__ledger_prepare(l, emails_sql, &x->aux[AUX_EMAILS]);
    return rc;
}

int sup_ledger_list_sends_due(sup_ledger *l, sup_date on, const sup_sends_due_options *opts, sup_cursor **out)
{
    int rc = sup__list_prologue(l, out, "sup_ledger_list_sends_due");
    if (rc == SUP_OK)
        rc = sup__check_date(on, "reminder date");
    sup_sends_due_options defaults;
    if (rc == SUP_OK && opts == NULL) {
        rc = sup_sends_due_options_init(&defaults, SUP_SENDS_DUE_OPTIONS_VERSION);
        opts = &defaults;
    }
    if (rc == SUP_OK && opts->version != SUP_SENDS_DUE_OPTIONS_VERSION)
        rc = sup__fail(SUP_EINVAL, "sup_ledger_list_sends_due: options of version %u (this library knows %u)",
                       opts->version, (unsigned)SUP_SENDS_DUE_OPTIONS_VERSION);
    if (rc == SUP_OK && (opts->retry_days < 0 || opts->retry_days > SUP_SEND_RETRY_DAYS_MAX))
        rc = sup__fail(SUP_ERANGE, "a retry window of %d days: must be 0 … %d", opts->retry_days,
                       SUP_SEND_RETRY_DAYS_MAX);
    if (rc != SUP_OK)
        return rc;
    struct sup__list_ctx *x = NULL;
    rc = sup__list_ctx_for(l, on, &x);
    if (rc != SUP_OK)
        return rc;
    x->retry_days = opts->retry_days;
    rc = opts->schedule != NULL ? sup_schedule_clone(opts->schedule, &x->schedule) : sup_schedule_new(&x->schedule);
    size_t count = rc == SUP_OK ? sup_schedule_count(x->schedule) : 0;
    struct sup__until_range *ranges = NULL;
    if (rc == SUP_OK && (ranges = sup__malloc((count > 0 ? count : 1) * sizeof *ranges)) == NULL)
        rc = oom();
    if (rc == SUP_OK)
        rc = prepare_aux(l, x);
    char *text = NULL;
    size_t n = 0;
    if (rc == SUP_OK) {
        n = sup__reminder_ranges(x->schedule, on, x->policy->grace_months, ranges);
        if (n > DUE_RANGES_MAX) {
            ranges[0].hi = ranges[n - 1].hi;
            n = 1;
        }
        rc = due_sql(n, &text);
    }
    if (rc != SUP_OK) {
        sup__list_ctx_free(x);
        sup__free(ranges);
        return rc;
    }
    rc = sup__cursor_new(l, text, due_cols, NCOLS(due_cols), x, due_next, out);
    sup_free(text);
    if (rc == SUP_OK) {
        sup__stmt *st = (*out)->stmt;
        sup_date lo = on, hi = on;
        /* the retry window: reminders first due on one of the retry_days days before `on` */
        if (opts->retry_days > 0 && sup_date_add_days(on, -opts->retry_days, &lo) != SUP_OK)
            lo = SUP_DATE_MIN;
        if (opts->retry_days > 0 && sup_date_add_days(on, -1, &hi) != SUP_OK)
            hi = SUP_DATE_MIN;
        if (opts->retry_days == 0 || on == SUP_DATE_MIN) {
            lo = SUP_DATE_MAX; /* an empty range */
            hi = SUP_DATE_MIN;
        }
        sup__st_int(st, 1, on);
        sup__st_int(st, 2, lo);
        sup__st_int(st, 3, hi);
        for (size_t i = 0; i < n; i++) {
            sup__st_int(st, (int)(4 + 2 * i), ranges[i].lo);
            sup__st_int(st, (int)(5 + 2 * i), ranges[i].hi);
        }
    }
    sup__free(ranges);
    return rc;
}

/* ---- recording ----------------------------------------------------------------------------------- */

static int check_send(const sup_send *s)
{
    if (s->version != SUP_SEND_VERSION)
        return sup__fail(SUP_EINVAL, "sup_ledger_begin_send: a send of version %u (this library knows %u)", s->version,
                         (unsigned)SUP_SEND_VERSION);
    int rc = sup__ledger_check_id(s->license, "license");
    if (rc == SUP_OK && !reminder_kind(s->kind))
        rc = sup__fail(SUP_EINVAL, "sup_ledger_begin_send: notice kind %d is not a notice to send", (int)s->kind);
    if (rc == SUP_OK)
        rc = sup__check_date(s->anchor, "reminder anchor");
    if (rc == SUP_OK)
        rc = sup__check_date(s->due, "reminder due date");
    if (rc == SUP_OK)
        rc = sup__check_date(s->on, "send date");
    if (rc == SUP_OK && s->due > s->on) {
        char a[24], b[24];
        sup__date_str(s->due, a);
        sup__date_str(s->on, b);
        rc = sup__fail(SUP_EDATE, "a reminder due on %s cannot be sent on %s, before it is due", a, b);
    }
    if (rc == SUP_OK)
        rc = sup__ledger_check_text(s->recipient, SUP_SEND_RECIPIENT_MAX, false, "recipient");
    if (rc == SUP_OK)
        rc = sup__ledger_check_text(s->message_id, SUP_SEND_MESSAGE_ID_MAX, false, "Message-ID");
    if (rc == SUP_OK && s->time_ms < 0)
        rc = sup__fail(SUP_ERANGE, "sup_ledger_begin_send: a time of %lld ms is before 1970", (long long)s->time_ms);
    return rc;
}

/* The reminder as people name it: "support_ending of license 7 about 2026-07-31 (due 2026-07-17)". */
static void name_reminder(const sup_send *s, char *buf, size_t size)
{
    char a[24], d[24];
    sup__date_str(s->anchor, a);
    sup__date_str(s->due, d);
    snprintf(buf, size, "the %s reminder of license %lld about %s (due %s)", sup_notice_kind_name(s->kind),
             (long long)s->license, a, d);
}

/* 1 and the attempt's id if the Message-ID is recorded for this reminder, 0 if unknown, or an error. */
static int find_message(sup_ledger *l, const sup_send *s, sup_id *attempt)
{
    sup__stmt *st = NULL;
    int rc = sup__ledger_prepare(l, "SELECT id, license_id, notice_kind, anchor, due_on FROM reminder_send"
                                    " WHERE message_id = ?1",
                                 &st);
    if (rc == SUP_OK) {
        sup__st_text(st, 1, s->message_id);
        rc = sup__st_step(st, "looking up a Message-ID");
        if (rc == 1) {
            *attempt = sup__col_int(st, 0);
            if (sup__col_int(st, 1) != s->license || sup__col_int(st, 2) != (int)s->kind ||
                sup__col_int(st, 3) != s->anchor || sup__col_int(st, 4) != s->due) {
                char q[300], who[160];
                sup__quote_text(q, sizeof q, s->message_id);
                name_reminder(s, who, sizeof who);
                rc = sup__fail(SUP_ECONFLICT, "Message-ID %s is already recorded for attempt %lld of another reminder; "
                                              "it cannot be used for %s",
                               q, (long long)*attempt, who);
            }
        }
    }
    sup__ledger_finalize(st);
    return rc;
}

/* SUP_ECONFLICT if the reminder was sent, or an attempt of it has no outcome. */
static int check_not_sent(sup_ledger *l, const sup_send *s)
{
    sup__stmt *st = NULL;
    int rc = sup__ledger_prepare(l, "SELECT s.id, s.message_id, s.run_on, o.ok FROM reminder_send s"
                                    " LEFT JOIN reminder_send_outcome o ON o.send_id = s.id"
                                    " WHERE s.license_id = ?1 AND s.notice_kind = ?2 AND s.anchor = ?3"
                                    " AND s.due_on = ?4 ORDER BY s.id",
                                 &st);
    if (rc == SUP_OK) {
        sup__st_int(st, 1, s->license);
        sup__st_int(st, 2, (int)s->kind);
        sup__st_int(st, 3, s->anchor);
        sup__st_int(st, 4, s->due);
        while ((rc = sup__st_step(st, "reading the reminders sent")) == 1) {
            bool open = sup__col_null(st, 3);
            if (!open && sup__col_int(st, 3) != 1)
                continue; /* a failure: it may be sent again */
            char who[160], q[300], d[24];
            name_reminder(s, who, sizeof who);
            sup__quote_text(q, sizeof q, sup__col_text(st, 1));
            sup__date_str((sup_date)sup__col_int(st, 2), d);
            rc = open ? sup__fail(SUP_ECONFLICT,
                                  "%s has an attempt without an outcome (attempt %lld, Message-ID %s, begun on %s): "
                                  "it may have been sent; record its outcome first (sup_ledger_finish_send)",
                                  who, (long long)sup__col_int(st, 0), q, d)
                      : sup__fail(SUP_ECONFLICT, "%s was already sent on %s (attempt %lld, Message-ID %s)", who, d,
                                  (long long)sup__col_int(st, 0), q);
            break;
        }
        if (rc == 0)
            rc = SUP_OK;
    }
    sup__ledger_finalize(st);
    return rc;
}

static int insert_attempt(sup_ledger *l, const char *actor, const sup_send *s, sup_id customer, sup_id *attempt)
{
    sup__stmt *st = NULL;
    int rc = sup__ledger_prepare(l, "INSERT INTO reminder_send (license_id, customer_id, notice_kind, anchor, due_on,"
                                    " run_on, recipient, message_id, started_at, actor)"
                                    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10) RETURNING id",
                                 &st);
    if (rc == SUP_OK) {
        sup__st_int(st, 1, s->license);
        sup__st_int(st, 2, customer);
        sup__st_int(st, 3, (int)s->kind);
        sup__st_int(st, 4, s->anchor);
        sup__st_int(st, 5, s->due);
        sup__st_int(st, 6, s->on);
        sup__st_text(st, 7, s->recipient);
        sup__st_text(st, 8, s->message_id);
        if (s->time_ms > 0)
            sup__st_int(st, 9, s->time_ms);
        else
            sup__st_null(st, 9);
        sup__st_text(st, 10, actor);
        rc = sup__ledger_insert_id(st, "recording a reminder send", attempt);
    }
    sup__ledger_finalize(st);
    return rc;
}

int sup_ledger_begin_send(sup_ledger *l, const char *actor, const sup_send *s, sup_id *attempt, int *replayed)
{
    SUP__CHECK_ARG(l, "sup_ledger_begin_send");
    SUP__CHECK_ARG(s, "sup_ledger_begin_send");
    if (replayed != NULL)
        *replayed = 0;
    int rc = sup__ledger_check_actor(actor);
    if (rc == SUP_OK)
        rc = check_send(s);
    if (rc == SUP_OK)
        rc = sup__ledger_write_begin(l, "sup_ledger_begin_send");
    if (rc != SUP_OK)
        return rc;
    /* the license's row lock serialises the attempts at its reminders where writers run at once */
    struct sup__license_row row;
    sup_id id = 0;
    bool again = false;
    rc = sup__ledger_load_license_row(l, s->license, true, &row);
    if (rc == SUP_OK) {
        rc = find_message(l, s, &id);
        again = rc == 1;
        if (rc >= 0)
            rc = SUP_OK;
    }
    if (rc == SUP_OK && !again)
        rc = check_not_sent(l, s);
    if (rc == SUP_OK && !again)
        rc = insert_attempt(l, actor, s, row.customer, &id);
    if (rc == SUP_OK && !again) {
        char a[24], d[24];
        sup__date_str(s->anchor, a);
        sup__date_str(s->due, d);
        sup__buf b = {0};
        sup__buf_printf(&b, "attempt=%lld; notice=%s; anchor=%s; due=%s; recipient=%s; message_id=%s", (long long)id,
                        sup_notice_kind_name(s->kind), a, d, s->recipient, s->message_id);
        int64_t saved = l->time_ms;
        if (s->time_ms > 0)
            l->time_ms = s->time_ms;
        rc = sup__ledger_audit(l, "reminder_sending", actor, s->on, row.product, row.customer, s->license, &b);
        l->time_ms = saved;
    }
    rc = sup__ledger_write_end(l, rc);
    if (rc == SUP_OK) {
        if (attempt != NULL)
            *attempt = id;
        if (replayed != NULL)
            *replayed = again;
    }
    return rc;
}

int sup_ledger_finish_send(sup_ledger *l, const char *actor, sup_id attempt, int ok, const char *error,
                           int64_t time_ms)
{
    SUP__CHECK_ARG(l, "sup_ledger_finish_send");
    int rc = sup__ledger_check_actor(actor);
    if (rc == SUP_OK)
        rc = sup__ledger_check_id(attempt, "reminder send attempt");
    if (rc == SUP_OK && ok != 0 && ok != 1)
        rc = sup__fail(SUP_EINVAL, "sup_ledger_finish_send: ok is %d: 1 (sent) or 0 (failed)", ok);
    if (rc == SUP_OK && ok == 1 && error != NULL && error[0] != '\0')
        rc = sup__fail(SUP_EINVAL, "sup_ledger_finish_send: a message that was sent has no error text");
    if (rc == SUP_OK && ok == 0)
        rc = sup__ledger_check_text(error, SUP_SEND_ERROR_MAX, true, "send error");
    if (rc == SUP_OK && time_ms < 0)
        rc = sup__fail(SUP_ERANGE, "sup_ledger_finish_send: a time of %lld ms is before 1970", (long long)time_ms);
    if (rc != SUP_OK)
        return rc;
    rc = sup__ledger_write_begin(l, "sup_ledger_finish_send");
    if (rc != SUP_OK)
        return rc;
    sup__stmt *st = NULL;
    sup_id license = 0, customer = 0;
    sup_date on = SUP_DATE_NONE;
    char *msgid = NULL;
    bool done = false;
    rc = sup__ledger_prepare(l, "SELECT s.license_id, s.customer_id, s.run_on, s.message_id, o.ok, o.error"
                                " FROM reminder_send s LEFT JOIN reminder_send_outcome o ON o.send_id = s.id"
                                " WHERE s.id = ?1",
                             &st);
    if (rc == SUP_OK) {
        sup__st_int(st, 1, attempt);
        rc = sup__st_step(st, "reading a reminder send");
        if (rc == 0) {
            rc = sup__fail(SUP_ENOTFOUND, "no reminder send attempt %lld", (long long)attempt);
        } else if (rc == 1) {
            license = sup__col_int(st, 0);
            customer = sup__col_int(st, 1);
            on = (sup_date)sup__col_int(st, 2);
            msgid = sup__strdup(sup__col_text(st, 3));
            rc = msgid != NULL ? SUP_OK : oom();
            if (rc == SUP_OK && !sup__col_null(st, 4)) {
                const char *e = sup__col_text(st, 5);
                bool same = sup__col_int(st, 4) == ok && strcmp(e != NULL ? e : "", ok ? "" : error) == 0;
                done = true;
                if (!same)
                    rc = sup__fail(SUP_ECONFLICT, "reminder send attempt %lld is already recorded as %s%s%s", (long long)attempt,
                                   sup__col_int(st, 4) == 1 ? "sent" : "failed", e != NULL ? ": " : "",
                                   e != NULL ? e : "");
            }
        }
    }
    sup__ledger_finalize(st);
    st = NULL;
    if (rc == SUP_OK && !done)
        rc = sup__ledger_prepare(l, "INSERT INTO reminder_send_outcome (send_id, ok, error, at, actor)"
                                    " VALUES (?1, ?2, ?3, ?4, ?5)",
                                 &st);
    if (rc == SUP_OK && !done) {
        sup__st_int(st, 1, attempt);
        sup__st_int(st, 2, ok);
        if (ok)
            sup__st_null(st, 3);
        else
            sup__st_text(st, 3, error);
        if (time_ms > 0)
            sup__st_int(st, 4, time_ms);
        else
            sup__st_null(st, 4);
        sup__st_text(st, 5, actor);
        rc = sup__ledger_run(st, "recording a reminder's outcome");
    }
    sup__ledger_finalize(st);
    if (rc == SUP_OK && !done) {
        sup__buf b = {0};
        sup__buf_printf(&b, "attempt=%lld; message_id=%s", (long long)attempt, msgid);
        if (!ok) {
            sup__buf_put(&b, "; error=");
            for (const char *p = error; *p != '\0'; p++) /* one line */
                sup__buf_putn(&b, *p == '\n' || *p == '\r' || *p == '\t' ? " " : p, 1);
        }
        int64_t saved = l->time_ms;
        if (time_ms > 0)
            l->time_ms = time_ms;
        rc = sup__ledger_audit(l, ok ? "reminder_sent" : "reminder_failed", actor, on, 0, customer, license, &b);
        l->time_ms = saved;
    }
    sup__free(msgid);
    return sup__ledger_write_end(l, rc);
}

/* ---- the record ---------------------------------------------------------------------------------- */

static const struct sup__column sent_cols[] = {
    {"attempt", SUP_COLUMN_ID},        {"license", SUP_COLUMN_ID},       {"customer", SUP_COLUMN_ID},
    {"notice", SUP_COLUMN_NOTICE_KIND}, {"anchor", SUP_COLUMN_DATE},      {"due", SUP_COLUMN_DATE},
    {"on", SUP_COLUMN_DATE},           {"recipient", SUP_COLUMN_TEXT},   {"message_id", SUP_COLUMN_TEXT},
    {"state", SUP_COLUMN_SEND_STATE},  {"error", SUP_COLUMN_TEXT},       {"started_at", SUP_COLUMN_TIME},
    {"finished_at", SUP_COLUMN_TIME},  {"actor", SUP_COLUMN_TEXT},
};

int sup_ledger_list_sends(sup_ledger *l, sup_date from, sup_date to, sup_cursor **out)
{
    static const char sql[] =
        "SELECT s.id, s.license_id, s.customer_id, s.notice_kind, s.anchor, s.due_on, s.run_on, s.recipient,"
        " s.message_id, CASE WHEN o.send_id IS NULL THEN 0 WHEN o.ok = 1 THEN 1 ELSE 2 END, o.error,"
        " COALESCE(s.started_at, 0), COALESCE(o.at, 0), s.actor"
        " FROM reminder_send s {sqlite:INDEXED BY reminder_send_by_run}"
        " LEFT JOIN reminder_send_outcome o ON o.send_id = s.id"
        " WHERE s.run_on BETWEEN ?1 AND ?2 ORDER BY s.id";
    int rc = sup__list_prologue(l, out, "sup_ledger_list_sends");
    if (rc == SUP_OK)
        rc = sup__list_check_range(from, to);
    if (rc == SUP_OK)
        rc = sup__cursor_new(l, sql, sent_cols, NCOLS(sent_cols), NULL, NULL, out);
    if (rc == SUP_OK) {
        sup__st_int((*out)->stmt, 1, from);
        sup__st_int((*out)->stmt, 2, to);
    }
    return rc;
}
