/* Reminders that are sent, once (sends.h): the due list against the reminder list, the
 * record of each attempt and its outcome, reruns, failures retried, the crash rule,
 * two reminders of one anchor, and the subject lines. Runs on both engines
 * (pg.test_ledger_sends). */
#include "ledger_test_util.h"

/* Seed product: 6 months of support. A license sold on 2026-01-15 is supported through
 * 2026-07-15, its window closes on 2026-08-15: under the default schedule the reminders are
 * due on 2026-07-01 (support_ending), 2026-07-15 (support_ends_today), 2026-08-08 (window). */
#define SOLD 20260115
#define ENDING_DUE 20260701
#define END 20260715

static sup_id customer_with(sup_ledger *l, const char *code, const char *email, const char *lang)
{
    const char *emails[1] = {email};
    sup_customer_fields f;
    assert_int_equal(sup_customer_fields_init(&f, SUP_CUSTOMER_FIELDS_VERSION), SUP_OK);
    f.change = SUP_CUSTOMER_NAME | SUP_CUSTOMER_EMAILS | SUP_CUSTOMER_LANG;
    f.name = code;
    f.emails = emails;
    f.email_count = email != NULL ? 1 : 0;
    f.lang = lang;
    sup_id id = 0;
    if (sup_ledger_add_customer_ext(l, ACTOR, code, &f, &id) != SUP_OK)
        fail_msg("add %s: %s", code, sup_error_message());
    return id;
}

/* One row of the due list, copied. */
typedef struct {
    sup_id license, customer;
    sup_notice_kind kind;
    sup_date anchor, due;
    int action, days_left;
    int64_t attempts;
    char lang[4], recipients[256];
} due_row;

static int list_due(sup_ledger *l, sup_date on, int retry_days, const sup_schedule *s, due_row *rows, int max)
{
    sup_sends_due_options o;
    assert_int_equal(sup_sends_due_options_init(&o, SUP_SENDS_DUE_OPTIONS_VERSION), SUP_OK);
    assert_int_equal(o.retry_days, SUP_SEND_RETRY_DAYS_DEFAULT);
    o.retry_days = retry_days;
    o.schedule = s;
    sup_cursor *c = NULL;
    if (sup_ledger_list_sends_due(l, on, &o, &c) != SUP_OK)
        fail_msg("due: %s", sup_error_message());
    int n = 0, rc;
    while ((rc = sup_cursor_next(c)) == 1) {
        assert_true(n < max);
        due_row *r = &rows[n++];
        memset(r, 0, sizeof *r);
        r->license = sup_cursor_int64(c, SUP_DUECOL_LICENSE);
        r->customer = sup_cursor_int64(c, SUP_DUECOL_CUSTOMER);
        r->kind = (sup_notice_kind)sup_cursor_int64(c, SUP_DUECOL_NOTICE);
        r->anchor = sup_cursor_date(c, SUP_DUECOL_ANCHOR);
        r->due = sup_cursor_date(c, SUP_DUECOL_DUE);
        r->action = (int)sup_cursor_int64(c, SUP_DUECOL_ACTION);
        r->days_left = (int)sup_cursor_int64(c, SUP_DUECOL_DAYS_LEFT);
        r->attempts = sup_cursor_int64(c, SUP_DUECOL_ATTEMPTS);
        snprintf(r->lang, sizeof r->lang, "%s", sup_cursor_text(c, SUP_DUECOL_LANG));
        const char *rec = sup_cursor_text(c, SUP_DUECOL_RECIPIENTS);
        snprintf(r->recipients, sizeof r->recipients, "%s", rec != NULL ? rec : "(none)");
        assert_string_equal(sup_cursor_column_name(c, SUP_DUECOL_ATTEMPTS), "attempts");
    }
    assert_int_equal(rc, 0);
    sup_cursor_free(c);
    return n;
}

static sup_send send_of(const due_row *r, sup_date on, const char *msgid)
{
    sup_send s;
    assert_int_equal(sup_send_init(&s, SUP_SEND_VERSION), SUP_OK);
    s.license = r->license;
    s.kind = r->kind;
    s.anchor = r->anchor;
    s.due = r->due;
    s.on = on;
    s.recipient = r->recipients;
    s.message_id = msgid;
    s.time_ms = 1780000000000;
    return s;
}

static sup_id begin(sup_ledger *l, const due_row *r, sup_date on, const char *msgid)
{
    sup_send s = send_of(r, on, msgid);
    sup_id id = 0;
    int replayed = -1;
    if (sup_ledger_begin_send(l, ACTOR, &s, &id, &replayed) != SUP_OK)
        fail_msg("begin: %s", sup_error_message());
    assert_int_equal(replayed, 0);
    return id;
}

static void a_due_list_is_the_reminder_list_with_addresses_and_languages(void **state)
{
    (void)state;
    sup_ledger *l = open_mem();
    sup_id p = add_seed_product(l, "R1");
    sup_id a = customer_with(l, "A", "anna@romashka.ru", "en"), b = customer_with(l, "B", NULL, NULL);
    sup_id la = sell(l, a, p, SOLD), lb = sell(l, b, p, SOLD);
    sell(l, a, p, 20260120); /* not due on ENDING_DUE */
    due_row rows[8];
    assert_int_equal(list_due(l, ENDING_DUE, 7, NULL, rows, 8), 2);
    assert_int_equal(rows[0].license, la);
    assert_int_equal(rows[0].kind, SUP_NOTICE_SUPPORT_ENDING);
    assert_int_equal(rows[0].anchor, END);
    assert_int_equal(rows[0].due, ENDING_DUE);
    assert_int_equal(rows[0].days_left, 14);
    assert_int_equal(rows[0].action, SUP_SEND_NEW);
    assert_string_equal(rows[0].lang, "en");
    assert_string_equal(rows[0].recipients, "anna@romashka.ru");
    assert_int_equal(rows[1].license, lb);
    assert_int_equal(rows[1].action, SUP_SEND_NO_EMAIL); /* reported, not skipped in silence */
    assert_string_equal(rows[1].lang, "ru");
    assert_string_equal(rows[1].recipients, "(none)");
    /* the window reminder's anchor is the window's last day */
    assert_int_equal(list_due(l, 20260808, 0, NULL, rows, 8), 2);
    assert_int_equal(rows[0].kind, SUP_NOTICE_WINDOW_CLOSING);
    assert_int_equal(rows[0].anchor, 20260815);
    assert_int_equal(rows[0].days_left, 7);
    assert_string_equal(sup_send_action_name(SUP_SEND_UNCONFIRMED), "unconfirmed");
    assert_string_equal(sup_send_state_name(SUP_SEND_FAILED), "failed");
    assert_string_equal(sup_send_action_name((sup_send_action)9), "");
    sup_ledger_close(l);
}

/* Every day of a year, with nothing sent, the due list is the reminder list license by license. */
static void with_nothing_sent_the_due_list_follows_the_reminder_list_every_day(void **state)
{
    (void)state;
    sup_ledger *l = open_mem();
    sup_id p = add_seed_product(l, "R1");
    for (int i = 0; i < 24; i++) {
        char code[8];
        snprintf(code, sizeof code, "C%02d", i);
        sup_id c = customer_with(l, code, i % 3 ? "x@y.ru" : NULL, NULL);
        sup_date bought = 20260101 + (i % 12) * 100 + (i % 28), renewed;
        sup_id lic = sell(l, c, p, bought);
        assert_int_equal(sup_date_add_days(bought, 120, &renewed), SUP_OK);
        char pid[16];
        snprintf(pid, sizeof pid, "p%d", i);
        if (i % 5 == 0)
            sup_quote_free(renew(l, lic, renewed, pid));
    }
    sup_date on = 20260101;
    for (int day = 0; day < 400; day++, assert_int_equal(sup_date_add_days(on, 1, &on), SUP_OK)) {
        due_row rows[32];
        int n = list_due(l, on, 7, NULL, rows, 32);
        sup_cursor *c = NULL;
        assert_int_equal(sup_ledger_list_reminders(l, NULL, on, &c), SUP_OK);
        int k = 0;
        while (sup_cursor_next(c) == 1) {
            assert_true(k < n);
            assert_int_equal(rows[k].license, sup_cursor_int64(c, SUP_REMCOL_LICENSE));
            assert_int_equal(rows[k].kind, sup_cursor_int64(c, SUP_REMCOL_NOTICE));
            assert_int_equal(rows[k].days_left, sup_cursor_int64(c, SUP_REMCOL_DAYS_LEFT));
            k++;
        }
        sup_cursor_free(c);
        assert_int_equal(k, n);
    }
    sup_ledger_close(l);
}

static void a_sent_reminder_is_not_due_again_and_cannot_be_sent_twice(void **state)
{
    (void)state;
    tmp_ledger t;
    tmp_init(&t);
    sup_ledger *l = open_new(&t);
    sup_id p = add_seed_product(l, "R1");
    sup_id a = customer_with(l, "A", "anna@romashka.ru", NULL);
    sup_id la = sell(l, a, p, SOLD);
    due_row rows[4];
    assert_int_equal(list_due(l, ENDING_DUE, 7, NULL, rows, 4), 1);
    sup_id at = begin(l, &rows[0], ENDING_DUE, "<r1@v8pro.ru>");
    int audits = audit_count(l);
    /* the same Message-ID again: a replay, nothing written */
    sup_send s = send_of(&rows[0], ENDING_DUE, "<r1@v8pro.ru>");
    sup_id again = 0;
    int replayed = 0;
    assert_int_equal(sup_ledger_begin_send(l, ACTOR, &s, &again, &replayed), SUP_OK);
    assert_int_equal(replayed, 1);
    assert_int_equal(again, at);
    assert_int_equal(audit_count(l), audits);
    /* a second attempt while the first has no outcome: refused (the crash rule) */
    s.message_id = "<r2@v8pro.ru>";
    assert_int_equal(sup_ledger_begin_send(l, ACTOR, &s, NULL, NULL), SUP_ECONFLICT);
    assert_non_null(strstr(sup_error_message(), "has an attempt without an outcome"));
    assert_int_equal(sup_ledger_finish_send(l, ACTOR, at, 1, NULL, 1780000001000), SUP_OK);
    assert_int_equal(sup_ledger_finish_send(l, ACTOR, at, 1, "", 1780000009000), SUP_OK); /* the same: nothing */
    assert_int_equal(audit_count(l), audits + 1);
    assert_int_equal(sup_ledger_finish_send(l, ACTOR, at, 0, "late failure", 0), SUP_ECONFLICT);
    assert_non_null(strstr(sup_error_message(), "already recorded as sent"));
    /* sent: not due again on a rerun, and refused if begun again */
    assert_int_equal(list_due(l, ENDING_DUE, 7, NULL, rows, 4), 0);
    assert_int_equal(sup_ledger_begin_send(l, ACTOR, &s, NULL, NULL), SUP_ECONFLICT);
    assert_non_null(strstr(sup_error_message(), "was already sent on 2026-07-01 (attempt 1, Message-ID \"<r1@v8pro.ru>\")"));
    /* the Message-ID of another reminder is refused */
    assert_int_equal(list_due(l, END, 7, NULL, rows, 4), 1);
    s = send_of(&rows[0], END, "<r1@v8pro.ru>");
    assert_int_equal(sup_ledger_begin_send(l, ACTOR, &s, NULL, NULL), SUP_ECONFLICT);
    assert_non_null(strstr(sup_error_message(), "already recorded for attempt 1 of another reminder"));
    /* the record */
    sup_cursor *c = NULL;
    assert_int_equal(sup_ledger_list_sends(l, ENDING_DUE, ENDING_DUE, &c), SUP_OK);
    assert_int_equal(sup_cursor_next(c), 1);
    assert_int_equal(sup_cursor_int64(c, SUP_SENTCOL_ATTEMPT), at);
    assert_int_equal(sup_cursor_int64(c, SUP_SENTCOL_LICENSE), la);
    assert_int_equal(sup_cursor_int64(c, SUP_SENTCOL_STATE), SUP_SEND_SENT);
    assert_int_equal(sup_cursor_column_type(c, SUP_SENTCOL_STATE), SUP_COLUMN_SEND_STATE);
    assert_string_equal(sup_cursor_text(c, SUP_SENTCOL_MESSAGE_ID), "<r1@v8pro.ru>");
    assert_string_equal(sup_cursor_text(c, SUP_SENTCOL_RECIPIENT), "anna@romashka.ru");
    assert_int_equal(sup_cursor_int64(c, SUP_SENTCOL_STARTED_AT), 1780000000000);
    assert_int_equal(sup_cursor_int64(c, SUP_SENTCOL_FINISHED_AT), 1780000001000);
    assert_true(sup_cursor_is_null(c, SUP_SENTCOL_ERROR));
    assert_int_equal(sup_cursor_next(c), 0);
    sup_cursor_free(c);
    sup_ledger_close(l);
    /* history is append-only, on both engines */
    assert_int_not_equal(raw_exec(t.path, "UPDATE reminder_send SET recipient = 'x'"), 0);
    assert_int_not_equal(raw_exec(t.path, "DELETE FROM reminder_send_outcome"), 0);
    assert_int_equal(raw_int(t.path, "SELECT count(*) FROM reminder_send_outcome"), 1);
    assert_storage_intact(t.path);
    tmp_cleanup(&t);
}

static void a_failed_reminder_is_due_again_while_it_holds(void **state)
{
    (void)state;
    sup_ledger *l = open_mem();
    sup_id p = add_seed_product(l, "R1");
    sup_id a = customer_with(l, "A", "anna@romashka.ru", NULL);
    sup_id la = sell(l, a, p, SOLD);
    due_row rows[4];
    assert_int_equal(list_due(l, ENDING_DUE, 7, NULL, rows, 4), 1);
    sup_id at = begin(l, &rows[0], ENDING_DUE, "<f1@v8pro.ru>");
    assert_int_equal(sup_ledger_finish_send(l, ACTOR, at, 0, NULL, 0), SUP_EINVAL); /* a failure says why */
    assert_int_equal(sup_ledger_finish_send(l, ACTOR, at, 1, "x", 0), SUP_EINVAL);
    assert_int_equal(sup_ledger_finish_send(l, ACTOR, 99, 1, NULL, 0), SUP_ENOTFOUND);
    assert_int_equal(sup_ledger_finish_send(l, ACTOR, at, 2, NULL, 0), SUP_EINVAL);
    assert_int_equal(sup_ledger_finish_send(l, ACTOR, at, 0, "Failed to connect to 127.0.0.1 port 2525", 0), SUP_OK);
    /* the same day: due again as a retry */
    assert_int_equal(list_due(l, ENDING_DUE, 7, NULL, rows, 4), 1);
    assert_int_equal(rows[0].action, SUP_SEND_RETRY);
    assert_int_equal(rows[0].attempts, 1);
    /* the next days: still due (first due on 2026-07-01), with its own anchor; not with no retry window */
    assert_int_equal(list_due(l, 20260703, 7, NULL, rows, 4), 1);
    assert_int_equal(rows[0].license, la);
    assert_int_equal(rows[0].action, SUP_SEND_RETRY);
    assert_int_equal(rows[0].due, ENDING_DUE);
    assert_int_equal(rows[0].anchor, END);
    assert_int_equal(rows[0].days_left, 12);
    assert_int_equal(list_due(l, 20260703, 0, NULL, rows, 4), 0);
    assert_int_equal(list_due(l, 20260703, 1, NULL, rows, 4), 0); /* first due 2 days ago */
    assert_int_equal(list_due(l, 20260702, 1, NULL, rows, 4), 1);
    /* a second failure two days later: attempts counted, still due */
    assert_int_equal(list_due(l, 20260703, 7, NULL, rows, 4), 1);
    at = begin(l, &rows[0], 20260703, "<f2@v8pro.ru>");
    assert_int_equal(sup_ledger_finish_send(l, ACTOR, at, 0, "421 try later", 0), SUP_OK);
    assert_int_equal(list_due(l, 20260704, 7, NULL, rows, 4), 1);
    assert_int_equal(rows[0].attempts, 2);
    /* past the window: given up */
    assert_int_equal(list_due(l, 20260709, 7, NULL, rows, 4), 0);
    /* on the support's last day the day's own reminder (ends today) is due, not the old one */
    assert_int_equal(list_due(l, END, 30, NULL, rows, 4), 1);
    assert_int_equal(rows[0].kind, SUP_NOTICE_SUPPORT_ENDS_TODAY);
    /* a renewal moves the anchor: the failed reminder no longer holds */
    assert_int_equal(list_due(l, 20260705, 7, NULL, rows, 4), 1);
    sup_quote_free(renew(l, la, 20260705, "pay-1"));
    assert_int_equal(list_due(l, 20260705, 7, NULL, rows, 4), 0);
    sup_ledger_close(l);
}

static void an_attempt_without_outcome_is_reported_and_not_sent_until_resolved(void **state)
{
    (void)state;
    sup_ledger *l = open_mem();
    sup_id p = add_seed_product(l, "R1");
    sell(l, customer_with(l, "A", "anna@romashka.ru", NULL), p, SOLD);
    due_row rows[4];
    assert_int_equal(list_due(l, ENDING_DUE, 7, NULL, rows, 4), 1);
    sup_id at = begin(l, &rows[0], ENDING_DUE, "<u1@v8pro.ru>"); /* ... and the process died */
    assert_int_equal(list_due(l, ENDING_DUE, 7, NULL, rows, 4), 1);
    assert_int_equal(rows[0].action, SUP_SEND_UNCONFIRMED);
    assert_int_equal(list_due(l, 20260702, 7, NULL, rows, 4), 1); /* also on the next days */
    assert_int_equal(rows[0].action, SUP_SEND_UNCONFIRMED);
    /* resolved as failed (the mail server's log has no such Message-ID): due again */
    assert_int_equal(sup_ledger_finish_send(l, ACTOR, at, 0, "no outcome recorded: the run was interrupted", 0),
                     SUP_OK);
    assert_int_equal(list_due(l, 20260702, 7, NULL, rows, 4), 1);
    assert_int_equal(rows[0].action, SUP_SEND_RETRY);
    sup_ledger_close(l);
}

static void two_reminders_of_one_anchor_are_two_reminders(void **state)
{
    (void)state;
    sup_ledger *l = open_mem();
    sup_id p = add_seed_product(l, "R1");
    sell(l, customer_with(l, "A", "anna@romashka.ru", NULL), p, SOLD);
    sup_schedule *s = NULL;
    assert_int_equal(sup_schedule_parse("reminder = support_end 30\nreminder = support_end 14\n", &s), SUP_OK);
    due_row rows[4];
    assert_int_equal(list_due(l, 20260615, 7, s, rows, 4), 1);
    assert_int_equal(rows[0].kind, SUP_NOTICE_SUPPORT_ENDING);
    sup_id at = begin(l, &rows[0], 20260615, "<t1@v8pro.ru>");
    assert_int_equal(sup_ledger_finish_send(l, ACTOR, at, 1, NULL, 0), SUP_OK);
    assert_int_equal(list_due(l, ENDING_DUE, 7, s, rows, 4), 1); /* the 14-day one, same kind and anchor */
    assert_int_equal(rows[0].action, SUP_SEND_NEW);
    assert_int_equal(rows[0].due, ENDING_DUE);
    /* a failed 30-day reminder is retried, but not once the 14-day one has been attempted */
    sup_ledger_close(l);
    sup_schedule_free(s);
    l = open_mem();
    p = add_seed_product(l, "R1");
    sell(l, customer_with(l, "A", "anna@romashka.ru", NULL), p, SOLD);
    assert_int_equal(sup_schedule_parse("reminder = support_end 16\nreminder = support_end 14\n", &s), SUP_OK);
    assert_int_equal(list_due(l, 20260629, 7, s, rows, 4), 1);
    at = begin(l, &rows[0], 20260629, "<t2@v8pro.ru>");
    assert_int_equal(sup_ledger_finish_send(l, ACTOR, at, 0, "down", 0), SUP_OK);
    assert_int_equal(list_due(l, 20260630, 7, s, rows, 4), 1);
    assert_int_equal(rows[0].action, SUP_SEND_RETRY);
    assert_int_equal(list_due(l, ENDING_DUE, 7, s, rows, 4), 1); /* the day's own one, not both */
    assert_int_equal(rows[0].due, ENDING_DUE);
    assert_int_equal(rows[0].action, SUP_SEND_NEW);
    at = begin(l, &rows[0], ENDING_DUE, "<t3@v8pro.ru>");
    assert_int_equal(sup_ledger_finish_send(l, ACTOR, at, 1, NULL, 0), SUP_OK);
    assert_int_equal(list_due(l, 20260702, 7, s, rows, 4), 0);
    sup_schedule_free(s);
    sup_ledger_close(l);
}

static void bad_sends_are_refused_and_change_nothing(void **state)
{
    (void)state;
    sup_ledger *l = open_mem();
    sup_id p = add_seed_product(l, "R1");
    sell(l, customer_with(l, "A", "anna@romashka.ru", NULL), p, SOLD);
    due_row rows[4];
    assert_int_equal(list_due(l, ENDING_DUE, 7, NULL, rows, 4), 1);
    int audits = audit_count(l);
    sup_send s = send_of(&rows[0], ENDING_DUE, "<b@v8pro.ru>");
    s.due = 20260702;
    assert_int_equal(sup_ledger_begin_send(l, ACTOR, &s, NULL, NULL), SUP_EDATE);
    assert_non_null(strstr(sup_error_message(), "a reminder due on 2026-07-02 cannot be sent on 2026-07-01"));
    s = send_of(&rows[0], ENDING_DUE, "<b@v8pro.ru>");
    s.kind = SUP_NOTICE_NONE;
    assert_int_equal(sup_ledger_begin_send(l, ACTOR, &s, NULL, NULL), SUP_EINVAL);
    s = send_of(&rows[0], ENDING_DUE, "<b@v8pro.ru>");
    s.license = 77;
    assert_int_equal(sup_ledger_begin_send(l, ACTOR, &s, NULL, NULL), SUP_ENOTFOUND);
    s = send_of(&rows[0], ENDING_DUE, "<b@v8pro.ru>\r\nBcc: x@y.ru");
    assert_int_equal(sup_ledger_begin_send(l, ACTOR, &s, NULL, NULL), SUP_EINVAL);
    s = send_of(&rows[0], ENDING_DUE, "<b@v8pro.ru>");
    s.recipient = "";
    assert_int_equal(sup_ledger_begin_send(l, ACTOR, &s, NULL, NULL), SUP_EINVAL);
    s = send_of(&rows[0], ENDING_DUE, "<b@v8pro.ru>");
    s.version = 3;
    assert_int_equal(sup_ledger_begin_send(l, ACTOR, &s, NULL, NULL), SUP_EINVAL);
    assert_int_equal(sup_send_init(&s, 3), SUP_EINVAL);
    assert_int_equal(audit_count(l), audits);
    sup_sends_due_options o;
    assert_int_equal(sup_sends_due_options_init(&o, SUP_SENDS_DUE_OPTIONS_VERSION), SUP_OK);
    o.retry_days = SUP_SEND_RETRY_DAYS_MAX + 1;
    sup_cursor *c = NULL;
    assert_int_equal(sup_ledger_list_sends_due(l, ENDING_DUE, &o, &c), SUP_ERANGE);
    assert_null(c);
    assert_int_equal(sup_ledger_list_sends_due(l, 20261301, NULL, &c), SUP_EDATE);
    assert_int_equal(sup_ledger_list_sends(l, 20260702, 20260701, &c), SUP_EDATE);
    sup_ledger_close(l);
}

static char *subject(sup_ledger *l, sup_id license, sup_date on, sup_lang lang, sup_notice_kind kind)
{
    sup_notice *n = NULL;
    assert_int_equal(sup_notice_new(&n), SUP_OK);
    assert_int_equal(sup_notice_set_lang(n, lang), SUP_OK);
    assert_int_equal(sup_notice_set_kind(n, kind), SUP_OK);
    char *s = NULL;
    int rc = sup_ledger_render_subject(l, license, on, n, &s);
    sup_notice_free(n);
    if (rc != SUP_OK)
        return NULL;
    return s;
}

static void the_subject_line_names_the_reminder_in_the_customers_language(void **state)
{
    (void)state;
    sup_ledger *l = open_mem();
    sup_id p = add_seed_product(l, "R1"); /* "Отчёт 1С" */
    sup_id lic = sell(l, customer_with(l, "A", "a@b.ru", NULL), p, SOLD);
    struct {
        sup_date on;
        sup_lang lang;
        sup_notice_kind kind;
        const char *want;
    } cases[] = {
        {ENDING_DUE, SUP_LANG_RU, SUP_NOTICE_SUPPORT_ENDING,
         "Техническая поддержка продукта «Отчёт 1С» заканчивается 15.07.2026"},
        {ENDING_DUE, SUP_LANG_EN, SUP_NOTICE_SUPPORT_ENDING, "Technical support for “Отчёт 1С” ends on 2026-07-15"},
        {END, SUP_LANG_RU, SUP_NOTICE_SUPPORT_ENDS_TODAY,
         "Сегодня последний день технической поддержки продукта «Отчёт 1С»"},
        {END, SUP_LANG_EN, SUP_NOTICE_SUPPORT_ENDS_TODAY, "Today is the last day of technical support for “Отчёт 1С”"},
        {20260808, SUP_LANG_RU, SUP_NOTICE_WINDOW_CLOSING,
         "Льготное продление поддержки продукта «Отчёт 1С» — до 15.08.2026 включительно"},
        {20260815, SUP_LANG_EN, SUP_NOTICE_WINDOW_CLOSING,
         "Today is the last day of the preferential support renewal for “Отчёт 1С”"},
        {20260301, SUP_LANG_RU, SUP_NOTICE_STATUS, "Техническая поддержка продукта «Отчёт 1С»: статус на 01.03.2026"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        char *s = subject(l, lic, cases[i].on, cases[i].lang, cases[i].kind);
        if (s == NULL)
            fail_msg("case %zu: %s", i, sup_error_message());
        assert_string_equal(s, cases[i].want);
        sup_free(s);
    }
    assert_null(subject(l, lic, 20260702, SUP_LANG_RU, SUP_NOTICE_SUPPORT_ENDS_TODAY));
    assert_int_equal(sup_error_code(), SUP_ESTATE);
    sup_ledger_close(l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_due_list_is_the_reminder_list_with_addresses_and_languages),
        cmocka_unit_test(with_nothing_sent_the_due_list_follows_the_reminder_list_every_day),
        cmocka_unit_test(a_sent_reminder_is_not_due_again_and_cannot_be_sent_twice),
        cmocka_unit_test(a_failed_reminder_is_due_again_while_it_holds),
        cmocka_unit_test(an_attempt_without_outcome_is_reported_and_not_sent_until_resolved),
        cmocka_unit_test(two_reminders_of_one_anchor_are_two_reminders),
        cmocka_unit_test(bad_sends_are_refused_and_change_nothing),
        cmocka_unit_test(the_subject_line_names_the_reminder_in_the_customers_language),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
