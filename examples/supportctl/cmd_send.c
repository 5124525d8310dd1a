#define _GNU_SOURCE /* tm_gmtoff */
/*
 * supportctl send-reminders — every morning's cron line: the reminder e-mails due
 * on a date, each sent once. What is due, what each message says (text, HTML,
 * subject, in the customer's language) and the record of every attempt come from
 * the library (sends.h, notice.h, mail.h); this file reads the SMTP settings and
 * talks SMTP through libcurl.
 *
 * Why libcurl in C rather than a Python script with smtplib: supportctl is the
 * managers' tool and the cron line should need nothing but it and its config
 * file; libcurl (Debian's libcurl4-openssl-dev) does STARTTLS, SMTPS, AUTH and
 * keeps one connection for every message of a run.
 *
 * Each message is recorded "sending" (sup_ledger_begin_send) before it is handed
 * to the server and "sent" or "failed" after (sup_ledger_finish_send), so a rerun
 * sends nothing twice and a run killed between the two leaves an attempt without
 * an outcome, which is reported and never resent by itself (--resend-unconfirmed).
 */
#include "cli.h"

#include <curl/curl.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NOPTS(a) (sizeof(a) / sizeof((a)[0]))

/* ---- settings ---------------------------------------------------------------------------------- */

typedef enum { SEC_STARTTLS, SEC_SMTPS, SEC_NONE } smtp_security;

typedef struct smtp_config {
    sup_settings *s;
    const char *host, *user, *password;
    int64_t port, timeout;
    smtp_security security;
    const char *from, *from_name, *reply_to, *domain;
} smtp_config;

static const sup_settings_key known_keys[] = {
    {"smtp", "host"},      {"smtp", "port"},          {"smtp", "security"},    {"smtp", "user"},
    {"smtp", "password"},  {"smtp", "timeout_seconds"}, {"message", "from"},   {"message", "from_name"},
    {"message", "reply_to"}, {"message", "message_id_domain"},
};

static bool loopback(const char *host)
{
    return strcmp(host, "127.0.0.1") == 0 || strcmp(host, "localhost") == 0 || strcmp(host, "::1") == 0;
}

static int config_fail(smtp_config *c)
{
    int st = fail_input("--smtp-config: %s", sup_error_message());
    sup_settings_free(c->s);
    c->s = NULL;
    return st;
}

static int opt_text(const sup_settings *s, const char *sec, const char *key, const char **out)
{
    int rc = sup_settings_get_text(s, sec, key, out);
    return rc == SUP_ENOTFOUND ? (sup_error_clear(), SUP_OK) : rc;
}

/* Read and check the settings file; on failure prints the error and returns the exit status. */
static int load_config(const char *path, smtp_config *c)
{
    memset(c, 0, sizeof *c);
    int rc = sup_settings_load(path, &c->s);
    if (rc != SUP_OK)
        return fail_input("--smtp-config: %s", sup_error_message());
    rc = sup_settings_check_keys(c->s, known_keys, NOPTS(known_keys));
    const char *sec = "starttls";
    if (rc == SUP_OK)
        rc = sup_settings_get_text(c->s, "smtp", "host", &c->host);
    if (rc == SUP_OK)
        rc = opt_text(c->s, "smtp", "security", &sec);
    if (rc != SUP_OK)
        return config_fail(c);
    if (strcmp(sec, "starttls") == 0)
        c->security = SEC_STARTTLS;
    else if (strcmp(sec, "smtps") == 0)
        c->security = SEC_SMTPS;
    else if (strcmp(sec, "none") == 0)
        c->security = SEC_NONE;
    else {
        int st = fail_input("--smtp-config: %s:%d: [smtp] security = \"%s\": expected starttls, smtps or none", path,
                            sup_settings_line(c->s, "smtp", "security"), sec);
        sup_settings_free(c->s);
        c->s = NULL;
        return st;
    }
    c->port = c->security == SEC_SMTPS ? 465 : c->security == SEC_STARTTLS ? 587 : 25;
    c->timeout = 30;
    rc = sup_settings_get_int(c->s, "smtp", "port", 1, 65535, &c->port);
    if (rc == SUP_ENOTFOUND || rc == SUP_OK)
        rc = sup_settings_get_int(c->s, "smtp", "timeout_seconds", 1, 3600, &c->timeout);
    if (rc == SUP_ENOTFOUND || rc == SUP_OK)
        rc = opt_text(c->s, "smtp", "user", &c->user);
    if (rc == SUP_OK)
        rc = opt_text(c->s, "smtp", "password", &c->password);
    if (rc == SUP_OK)
        rc = sup_settings_get_text(c->s, "message", "from", &c->from);
    if (rc == SUP_OK)
        rc = opt_text(c->s, "message", "from_name", &c->from_name);
    if (rc == SUP_OK)
        rc = opt_text(c->s, "message", "reply_to", &c->reply_to);
    if (rc == SUP_OK)
        rc = opt_text(c->s, "message", "message_id_domain", &c->domain);
    if (rc != SUP_OK)
        return config_fail(c);
    if ((c->user == NULL) != (c->password == NULL)) {
        sup_settings_free(c->s);
        c->s = NULL;
        return fail_input("--smtp-config: %s: [smtp] %s is set without %s", path, c->user ? "user" : "password",
                          c->user ? "password" : "user");
    }
    /* A password is read from this file only (never from the command line): the file must be private. */
    if (c->password != NULL && sup_settings_check_private(path) != SUP_OK)
        return config_fail(c);
    if (c->password != NULL && c->security == SEC_NONE && !loopback(c->host)) {
        sup_settings_free(c->s);
        c->s = NULL;
        return fail_input("--smtp-config: %s: [smtp] security = none would send the password in clear to %s: use "
                          "starttls or smtps",
                          path, c->host);
    }
    if (c->domain == NULL) {
        const char *at = strrchr(c->from, '@');
        c->domain = at != NULL ? at + 1 : c->from;
    }
    return EXIT_OK;
}

/* ---- SMTP through libcurl ------------------------------------------------------------------------- */

typedef struct upload {
    const char *data;
    size_t len, off;
} upload;

static size_t read_cb(char *buf, size_t size, size_t n, void *p)
{
    upload *u = p;
    size_t room = size * n, left = u->len - u->off;
    size_t k = left < room ? left : room;
    memcpy(buf, u->data + u->off, k);
    u->off += k;
    return k;
}

typedef struct smtp {
    CURL *curl;
    const smtp_config *cfg;
    char url[600];
    char from[300];
} smtp;

static bool smtp_open(smtp *m, const smtp_config *cfg)
{
    memset(m, 0, sizeof *m);
    m->cfg = cfg;
    m->curl = curl_easy_init();
    if (m->curl == NULL)
        return false;
    bool v6 = strchr(cfg->host, ':') != NULL;
    snprintf(m->url, sizeof m->url, "%s://%s%s%s:%lld", cfg->security == SEC_SMTPS ? "smtps" : "smtp", v6 ? "[" : "",
             cfg->host, v6 ? "]" : "", (long long)cfg->port);
    snprintf(m->from, sizeof m->from, "<%s>", cfg->from);
    return true;
}

static void smtp_close(smtp *m)
{
    if (m->curl != NULL)
        curl_easy_cleanup(m->curl);
    m->curl = NULL;
}

/* Hand one message to the server: true, or false with the reason in err. */
static bool smtp_send(smtp *m, const char *message, const sup_customer *to, char *err, size_t errsize)
{
    CURL *c = m->curl;
    char errbuf[CURL_ERROR_SIZE] = "";
    struct curl_slist *rcpt = NULL;
    for (size_t i = 0; i < sup_customer_email_count(to); i++) {
        char r[300];
        snprintf(r, sizeof r, "<%s>", sup_customer_email(to, i));
        struct curl_slist *n = curl_slist_append(rcpt, r);
        if (n == NULL) {
            curl_slist_free_all(rcpt);
            snprintf(err, errsize, "out of memory");
            return false;
        }
        rcpt = n;
    }
    upload u = {message, strlen(message), 0};
    curl_easy_setopt(c, CURLOPT_URL, m->url);
    curl_easy_setopt(c, CURLOPT_USE_SSL, (long)(m->cfg->security == SEC_STARTTLS ? CURLUSESSL_ALL : CURLUSESSL_NONE));
    if (m->cfg->user != NULL) {
        curl_easy_setopt(c, CURLOPT_USERNAME, m->cfg->user);
        curl_easy_setopt(c, CURLOPT_PASSWORD, m->cfg->password);
    }
    curl_easy_setopt(c, CURLOPT_MAIL_FROM, m->from);
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(c, CURLOPT_READFUNCTION, read_cb);
    curl_easy_setopt(c, CURLOPT_READDATA, &u);
    curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, (curl_off_t)u.len);
    curl_easy_setopt(c, CURLOPT_TIMEOUT, (long)m->cfg->timeout);
    curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT, (long)(m->cfg->timeout < 15 ? m->cfg->timeout : 15));
    curl_easy_setopt(c, CURLOPT_ERRORBUFFER, errbuf);
    curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
    CURLcode rc = curl_easy_perform(c);
    curl_easy_setopt(c, CURLOPT_MAIL_RCPT, NULL);
    curl_slist_free_all(rcpt);
    if (rc == CURLE_OK)
        return true;
    long code = 0;
    curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
    if (code > 0)
        snprintf(err, errsize, "%s: %s (SMTP %ld, %s port %lld)", curl_easy_strerror(rc),
                 errbuf[0] ? errbuf : "refused", code, m->cfg->host, (long long)m->cfg->port);
    else
        snprintf(err, errsize, "%s: %s", curl_easy_strerror(rc), errbuf[0] ? errbuf : m->url);
    return false;
}

/* ---- one reminder ---------------------------------------------------------------------------------- */

typedef struct due {
    sup_id license, customer;
    char *customer_code, *customer_name, *recipients;
    sup_notice_kind kind;
    sup_date anchor, due;
    sup_send_action action;
    sup_lang lang;
    int64_t attempts;
} due;

static void due_free(due *d)
{
    free(d->customer_code);
    free(d->customer_name);
    free(d->recipients);
}

typedef struct run {
    sup_ledger *l;
    const char *actor;
    sup_date on;
    bool dry, resend, as_json;
    const smtp_config *cfg;
    smtp smtp;
    bool smtp_ready;
    json j;
    int sent, failed, no_email, unconfirmed, skipped;
} run;

/* The library's texts of the reminder: subject, text and HTML, in the customer's language. */
static int render(run *r, const due *d, char **subject, char **text, char **html)
{
    *subject = *text = *html = NULL;
    sup_notice *n = NULL;
    int rc = sup_notice_new(&n);
    if (rc == SUP_OK)
        rc = sup_notice_set_lang(n, d->lang);
    if (rc == SUP_OK)
        rc = sup_notice_set_kind(n, d->kind);
    if (rc == SUP_OK)
        rc = sup_ledger_render_subject(r->l, d->license, r->on, n, subject);
    if (rc == SUP_OK)
        rc = sup_ledger_render_notice(r->l, d->license, r->on, n, text);
    if (rc == SUP_OK)
        rc = sup_notice_set_format(n, SUP_NOTICE_FORMAT_HTML);
    if (rc == SUP_OK)
        rc = sup_ledger_render_notice(r->l, d->license, r->on, n, html);
    sup_notice_free(n);
    return rc;
}

/* The local time now: Unix seconds and the offset from UTC in minutes (for the Date header). */
static int64_t local_now(int *offset_minutes)
{
    time_t now = time(NULL);
    struct tm tm;
    *offset_minutes = 0;
    if (localtime_r(&now, &tm) != NULL)
        *offset_minutes = (int)(tm.tm_gmtoff / 60);
    return (int64_t)now;
}

/* A Message-ID of this attempt: the same for the same attempt of the same reminder (so that two runs at
 * once begin the same attempt and only the first sends it), different for the next attempt. */
static int message_id(const run *r, const due *d, char **out)
{
    char unique[64];
    uint64_t h = 0xCBF29CE484222325u; /* the customer and the sender: ids repeat across ledgers */
    for (const char *p = d->customer_code; *p; p++)
        h = (h ^ (unsigned char)*p) * 0x100000001B3u;
    for (const char *p = r->cfg->from; *p; p++)
        h = (h ^ (unsigned char)*p) * 0x100000001B3u;
    int n = snprintf(unique, sizeof unique, "L%lldK%dA%dD%dN%lld%08x", (long long)d->license, (int)d->kind,
                     (int)d->anchor, (int)d->due, (long long)d->attempts + 1, (unsigned)(h & 0xFFFFFFFFu));
    if (n <= 0 || (size_t)n >= sizeof unique)
        n = (int)sizeof unique - 1;
    return sup_mail_make_message_id(unique, (size_t)n, r->cfg->domain, out);
}

static int build(run *r, const due *d, const sup_customer *c, const char *msgid, const char *subject,
                 const char *text, const char *html, char **out)
{
    size_t n = sup_customer_email_count(c);
    sup_mail_address *to = xmalloc((n ? n : 1) * sizeof *to);
    for (size_t i = 0; i < n; i++) {
        to[i].address = sup_customer_email(c, i);
        to[i].name = sup_customer_name(c);
    }
    sup_mail_address reply = {r->cfg->reply_to, NULL};
    sup_mail_message m;
    int rc = sup_mail_message_init(&m, SUP_MAIL_MESSAGE_VERSION);
    if (rc == SUP_OK) {
        m.from.address = r->cfg->from;
        m.from.name = r->cfg->from_name;
        m.to = to;
        m.to_count = n;
        m.reply_to = r->cfg->reply_to != NULL ? &reply : NULL;
        m.subject = subject;
        m.date = local_now(&m.utc_offset_minutes);
        m.message_id = msgid;
        m.text = text;
        m.html = html;
        rc = sup_mail_build(&m, out);
    }
    (void)d;
    free(to);
    return rc;
}

static void report(run *r, const due *d, const char *outcome, const char *msgid, const char *error)
{
    char a[SUP_DATE_BUFSIZE], b[SUP_DATE_BUFSIZE];
    if (r->as_json) {
        json *j = &r->j;
        json_begin_object(j, NULL);
        json_int(j, "license_id", d->license);
        json_int(j, "customer_id", d->customer);
        json_str(j, "customer_code", d->customer_code);
        json_str(j, "notice", sup_notice_kind_name(d->kind));
        json_date(j, "anchor", d->anchor);
        json_date(j, "due", d->due);
        json_str(j, "action", sup_send_action_name(d->action));
        json_str(j, "recipients", d->recipients);
        json_str(j, "lang", sup_lang_name(d->lang));
        json_str(j, "outcome", outcome);
        json_str(j, "message_id", msgid);
        json_str(j, "error", error);
        json_end_object(j);
        return;
    }
    printf("%-12s license %lld (%s), %s about %s", outcome, (long long)d->license, d->customer_code,
           sup_notice_kind_name(d->kind), iso(d->anchor, a));
    if (d->due != r->on)
        printf(", due %s", iso(d->due, b));
    if (d->recipients != NULL)
        printf(" -> %s", d->recipients);
    if (msgid != NULL)
        printf(" %s", msgid);
    if (error != NULL)
        printf(": %s", error);
    putchar('\n');
}

/* Record the outcome; a failure to record it is an environment failure reported on stderr. */
static int finish(run *r, sup_id attempt, bool ok, const char *error)
{
    int rc = sup_ledger_finish_send(r->l, r->actor, attempt, ok ? 1 : 0, ok ? NULL : error, now_ms());
    if (rc != SUP_OK)
        return fail_lib(rc, "send-reminders: recording the outcome (the attempt stays without one)");
    return EXIT_OK;
}

/* Send one reminder; returns an exit status for failures that stop the run (storage), else EXIT_OK. */
static int send_one(run *r, due *d)
{
    if (d->action == SUP_SEND_NO_EMAIL) {
        r->no_email++;
        report(r, d, "no_email", NULL, "the customer has no e-mail address");
        return EXIT_OK;
    }
    if (d->action == SUP_SEND_UNCONFIRMED) {
        if (!r->resend || r->dry) {
            r->unconfirmed++;
            report(r, d, "unconfirmed", NULL,
                   "an earlier attempt has no outcome (the run was interrupted): look its Message-ID up in the mail "
                   "server's log (supportctl sends); --resend-unconfirmed sends it again");
            return EXIT_OK;
        }
    }
    sup_customer *c = NULL;
    char *subject = NULL, *text = NULL, *html = NULL, *msgid = NULL, *message = NULL;
    int st = EXIT_OK;
    int rc = sup_ledger_get_customer(r->l, d->customer, &c);
    if (rc == SUP_OK)
        rc = render(r, d, &subject, &text, &html);
    if (rc != SUP_OK) {
        st = fail_lib(rc, "send-reminders");
        goto done;
    }
    if (d->action == SUP_SEND_UNCONFIRMED) { /* --resend-unconfirmed: close the open attempt as failed first */
        sup_cursor *cur = NULL;
        rc = sup_ledger_list_sends(r->l, d->due, r->on, &cur);
        sup_id open = 0;
        while (rc == SUP_OK && sup_cursor_next(cur) == 1)
            if (sup_cursor_int64(cur, SUP_SENTCOL_LICENSE) == d->license &&
                sup_cursor_int64(cur, SUP_SENTCOL_NOTICE) == d->kind &&
                sup_cursor_date(cur, SUP_SENTCOL_ANCHOR) == d->anchor &&
                sup_cursor_date(cur, SUP_SENTCOL_DUE) == d->due &&
                sup_cursor_int64(cur, SUP_SENTCOL_STATE) == SUP_SEND_SENDING)
                open = sup_cursor_int64(cur, SUP_SENTCOL_ATTEMPT);
        sup_cursor_free(cur);
        if (rc == SUP_OK && open > 0)
            rc = sup_ledger_finish_send(r->l, r->actor, open, 0,
                                        "no outcome recorded (the run was interrupted); sent again by "
                                        "--resend-unconfirmed",
                                        now_ms());
        if (rc != SUP_OK) {
            st = fail_lib(rc, "--resend-unconfirmed");
            goto done;
        }
        d->attempts++;
    }
    rc = message_id(r, d, &msgid);
    if (rc == SUP_OK)
        rc = build(r, d, c, msgid, subject, text, html, &message);
    if (r->dry) {
        r->sent += rc == SUP_OK;
        report(r, d, rc == SUP_OK ? "would_send" : "cannot_build", msgid, rc == SUP_OK ? NULL : sup_error_message());
        goto done;
    }
    sup_send s;
    int brc = sup_send_init(&s, SUP_SEND_VERSION);
    s.license = d->license;
    s.kind = d->kind;
    s.anchor = d->anchor;
    s.due = d->due;
    s.on = r->on;
    s.recipient = d->recipients;
    s.message_id = msgid;
    s.time_ms = now_ms();
    sup_id attempt = 0;
    int replayed = 0;
    char why[1200];
    if (rc != SUP_OK) { /* recorded as a failed attempt, so that the audit shows it and it is tried again */
        snprintf(why, sizeof why, "the message cannot be built: %s", sup_error_message());
        if (msgid == NULL) {
            st = fail_lib(rc, "send-reminders");
            goto done;
        }
    }
    if (brc == SUP_OK)
        brc = sup_ledger_begin_send(r->l, r->actor, &s, &attempt, &replayed);
    if (brc == SUP_ECONFLICT || (brc == SUP_OK && replayed)) {
        r->skipped++; /* another run is sending it, or has sent it */
        report(r, d, "skipped", msgid, brc == SUP_OK ? "another run has begun this attempt" : sup_error_message());
        goto done;
    }
    if (brc != SUP_OK) {
        st = fail_lib(brc, "send-reminders: recording the attempt (nothing was sent)");
        goto done;
    }
    bool ok = false;
    if (rc == SUP_OK) {
        if (!r->smtp_ready) {
            if (!smtp_open(&r->smtp, r->cfg)) {
                snprintf(why, sizeof why, "cannot start the SMTP client (libcurl)");
            } else {
                r->smtp_ready = true;
            }
        }
        if (r->smtp_ready)
            ok = smtp_send(&r->smtp, message, c, why, sizeof why);
    }
    st = finish(r, attempt, ok, why);
    if (ok)
        r->sent++;
    else
        r->failed++;
    report(r, d, ok ? "sent" : "failed", msgid, ok ? NULL : why);
done:
    sup_free(subject);
    sup_free(text);
    sup_free(html);
    sup_free(msgid);
    sup_free(message);
    sup_customer_free(c);
    return st;
}

/* ---- the command --------------------------------------------------------------------------------------- */

/* Every due row, copied (the cursor is done before anything is written). */
static int load_due(run *r, const sup_sends_due_options *o, due **out, size_t *n)
{
    *out = NULL;
    *n = 0;
    sup_cursor *c = NULL;
    int rc = sup_ledger_list_sends_due(r->l, r->on, o, &c);
    size_t cap = 0;
    while (rc == SUP_OK) {
        int more = sup_cursor_next(c);
        if (more < 0)
            rc = more;
        if (more <= 0)
            break;
        if (*n == cap) {
            cap = cap ? cap * 2 : 16;
            *out = xrealloc(*out, cap * sizeof **out);
        }
        due *d = &(*out)[(*n)++];
        memset(d, 0, sizeof *d);
        d->license = sup_cursor_int64(c, SUP_DUECOL_LICENSE);
        d->customer = sup_cursor_int64(c, SUP_DUECOL_CUSTOMER);
        d->customer_code = xstrdup(sup_cursor_text(c, SUP_DUECOL_CUSTOMER_CODE));
        d->customer_name = xstrdup(sup_cursor_text(c, SUP_DUECOL_CUSTOMER_NAME));
        d->recipients = xstrdup(sup_cursor_text(c, SUP_DUECOL_RECIPIENTS));
        d->kind = (sup_notice_kind)sup_cursor_int64(c, SUP_DUECOL_NOTICE);
        d->anchor = sup_cursor_date(c, SUP_DUECOL_ANCHOR);
        d->due = sup_cursor_date(c, SUP_DUECOL_DUE);
        d->action = (sup_send_action)sup_cursor_int64(c, SUP_DUECOL_ACTION);
        d->attempts = sup_cursor_int64(c, SUP_DUECOL_ATTEMPTS);
        if (sup_lang_from_name(sup_cursor_text(c, SUP_DUECOL_LANG), &d->lang) != SUP_OK)
            d->lang = SUP_LANG_RU;
    }
    sup_cursor_free(c);
    return rc;
}

static int run_send_reminders(int argc, char **argv)
{
    opt o[] = {LEDGER_OPTS,
               {"--on", true, false, NULL},
               {"--schedule", true, false, NULL},
               {"--smtp-config", true, true, NULL},
               {"--retry-days", true, false, NULL},
               {"--dry-run", false, false, NULL},
               {"--resend-unconfirmed", false, false, NULL},
               {"--json", false, false, NULL}};
    bool help;
    if (!parse_options(&cmd_send_reminders, argc, argv, o, NOPTS(o), NULL, 0, NULL, &help))
        return EXIT_BAD_INPUT;
    if (help)
        return EXIT_OK;
    run r;
    memset(&r, 0, sizeof r);
    bool today = false;
    long retry = SUP_SEND_RETRY_DAYS_DEFAULT;
    const char *retry_text = opt_get(o, NOPTS(o), "--retry-days");
    if (!arg_on(o, NOPTS(o), &r.on, &today) ||
        (retry_text != NULL && !arg_int("--retry-days", retry_text, 0, SUP_SEND_RETRY_DAYS_MAX, &retry)))
        return EXIT_BAD_INPUT;
    r.dry = opt_flag(o, NOPTS(o), "--dry-run");
    r.resend = opt_flag(o, NOPTS(o), "--resend-unconfirmed");
    r.as_json = opt_flag(o, NOPTS(o), "--json");
    r.actor = ledger_actor(o, NOPTS(o));
    sup_schedule *sched = NULL;
    const char *sched_path = opt_get(o, NOPTS(o), "--schedule");
    if (sched_path != NULL && !arg_schedule_file("--schedule", sched_path, &sched))
        return EXIT_BAD_INPUT;
    smtp_config cfg;
    int st = load_config(opt_get(o, NOPTS(o), "--smtp-config"), &cfg);
    if (st != EXIT_OK) {
        sup_schedule_free(sched);
        return st;
    }
    r.cfg = &cfg;
    st = ledger_open(ledger_path(o, NOPTS(o)), !r.dry, &r.l);
    due *rows = NULL;
    size_t n = 0;
    if (st == EXIT_OK) {
        sup_sends_due_options dopt;
        int rc = sup_sends_due_options_init(&dopt, SUP_SENDS_DUE_OPTIONS_VERSION);
        dopt.schedule = sched;
        dopt.retry_days = (int)retry;
        if (rc == SUP_OK)
            rc = load_due(&r, &dopt, &rows, &n);
        if (rc != SUP_OK)
            st = fail_lib(rc, "send-reminders");
    }
    if (st == EXIT_OK) {
        char d[SUP_DATE_BUFSIZE];
        if (r.as_json) {
            json_begin_object(&r.j, NULL);
            json_date(&r.j, "on", r.on);
            json_bool(&r.j, "on_is_today", today);
            json_bool(&r.j, "dry_run", r.dry);
            json_begin_array(&r.j, "sends");
        } else {
            printf("reminders due on %s%s: %zu%s\n", iso(r.on, d), today ? " (today)" : "", n,
                   r.dry ? " (dry run: nothing is sent or recorded)" : "");
        }
        curl_global_init(CURL_GLOBAL_DEFAULT);
        for (size_t i = 0; i < n && st == EXIT_OK; i++)
            st = send_one(&r, &rows[i]);
        if (r.smtp_ready)
            smtp_close(&r.smtp);
        curl_global_cleanup();
        if (st == EXIT_OK && r.as_json) {
            json_end_array(&r.j);
            json_int(&r.j, r.dry ? "would_send" : "sent", r.sent);
            json_int(&r.j, "failed", r.failed);
            json_int(&r.j, "no_email", r.no_email);
            json_int(&r.j, "unconfirmed", r.unconfirmed);
            json_int(&r.j, "skipped", r.skipped);
            json_end_object(&r.j);
            json_done(&r.j);
        } else if (st == EXIT_OK) {
            printf("%d %s, %d failed, %d without e-mail, %d unconfirmed, %d skipped\n", r.sent,
                   r.dry ? "would be sent" : "sent", r.failed, r.no_email, r.unconfirmed, r.skipped);
        }
        /* a failed send is an environment failure (the mail server): cron mails the output */
        if (st == EXIT_OK && r.failed > 0)
            st = EXIT_FAILURE_ENV;
    }
    for (size_t i = 0; i < n; i++)
        due_free(&rows[i]);
    free(rows);
    sup_ledger_close(r.l);
    sup_settings_free(cfg.s);
    sup_schedule_free(sched);
    return st;
}

const command cmd_send_reminders = {
    "send-reminders",
    "[--on DATE] --smtp-config FILE [--schedule FILE] [--retry-days N] [--dry-run] [--resend-unconfirmed] [--json]",
    "Send every reminder e-mail due on --on (default: today), each once: the reminders of\n"
    "`supportctl reminders` not sent yet, to all the customer's addresses, in the\n"
    "customer's language (text and HTML, the library's notice and subject), over SMTP.\n"
    "Each message is recorded before it is handed to the server and its outcome after it:\n"
    "a second run sends nothing twice; a failed message is sent again by the next run\n"
    "(for --retry-days days after it was due, default 7, while it still holds); customers\n"
    "without an e-mail address are listed. A run killed between the two records leaves an\n"
    "attempt without an outcome: it is listed as unconfirmed and never resent by itself\n"
    "(check its Message-ID in the mail server's log; --resend-unconfirmed sends it again).\n"
    "\n"
    "  --smtp-config FILE  the settings file (examples/settings/smtp.ini): [smtp] host, port,\n"
    "                      security (starttls, smtps or none), user, password,\n"
    "                      timeout_seconds; [message] from, from_name, reply_to,\n"
    "                      message_id_domain. A file holding a password must be private\n"
    "                      (chmod 600); the password is never taken from the command line\n"
    "  --schedule FILE     the reminder schedule (as for reminders)\n"
    "  --dry-run           render and build every message, send and record nothing\n"
    "\n"
    "Output: one line per reminder (sent, failed, no_email, unconfirmed, skipped) and a\n"
    "summary. Exit status 1 when a message failed (it was recorded and will be retried).\n"
    "JSON: {on, on_is_today, dry_run, sends: [{license_id, customer_id, customer_code, notice,\n"
    "anchor, due, action (new|retry|no_email|unconfirmed), recipients, lang, outcome\n"
    "(sent|failed|no_email|unconfirmed|skipped|would_send|cannot_build), message_id, error}],\n"
    "sent (would_send in a dry run), failed, no_email, unconfirmed, skipped}.\n",
    run_send_reminders, CMD_LEDGER | CMD_CHANGES};

/* ---- sends: the record ------------------------------------------------------------------------------- */

static int run_sends(int argc, char **argv)
{
    opt o[] = {LEDGER_OPTS, {"--from", true, false, NULL}, {"--to", true, false, NULL},
               {"--json", false, false, NULL}};
    bool help;
    if (!parse_options(&cmd_sends, argc, argv, o, NOPTS(o), NULL, 0, NULL, &help))
        return EXIT_BAD_INPUT;
    if (help)
        return EXIT_OK;
    sup_date from = today_local(), to = from;
    const char *ft = opt_get(o, NOPTS(o), "--from"), *tt = opt_get(o, NOPTS(o), "--to");
    if ((ft != NULL && !arg_date("--from", ft, &from)) || (tt != NULL && !arg_date("--to", tt, &to)))
        return EXIT_BAD_INPUT;
    if (ft != NULL && tt == NULL)
        to = from;
    sup_ledger *l = NULL;
    int st = ledger_open(ledger_path(o, NOPTS(o)), false, &l);
    if (st != EXIT_OK)
        return st;
    bool as_json = opt_flag(o, NOPTS(o), "--json");
    sup_cursor *c = NULL;
    int rc = sup_ledger_list_sends(l, from, to, &c);
    json j = {0};
    table t;
    static const char *const head[] = {"ATTEMPT", "ON",    "LICENSE",   "NOTICE",     "ANCHOR",
                                       "DUE",     "STATE", "RECIPIENT", "MESSAGE-ID", "ERROR"};
    table_init(&t, 10, head, "rlrlllllll");
    if (rc == SUP_OK && as_json) {
        json_begin_object(&j, NULL);
        json_date(&j, "from", from);
        json_date(&j, "to", to);
        json_begin_array(&j, "sends");
    }
    while (rc == SUP_OK) {
        int more = sup_cursor_next(c);
        if (more < 0)
            rc = more;
        if (more <= 0)
            break;
        const char *notice = sup_notice_kind_name((sup_notice_kind)sup_cursor_int64(c, SUP_SENTCOL_NOTICE));
        const char *state = sup_send_state_name((sup_send_state)sup_cursor_int64(c, SUP_SENTCOL_STATE));
        if (as_json) {
            char at[40], fin[40];
            json_begin_object(&j, NULL);
            json_int(&j, "attempt", sup_cursor_int64(c, SUP_SENTCOL_ATTEMPT));
            json_int(&j, "license_id", sup_cursor_int64(c, SUP_SENTCOL_LICENSE));
            json_int(&j, "customer_id", sup_cursor_int64(c, SUP_SENTCOL_CUSTOMER));
            json_str(&j, "notice", notice);
            json_date(&j, "anchor", sup_cursor_date(c, SUP_SENTCOL_ANCHOR));
            json_date(&j, "due", sup_cursor_date(c, SUP_SENTCOL_DUE));
            json_date(&j, "on", sup_cursor_date(c, SUP_SENTCOL_ON));
            json_str(&j, "recipient", sup_cursor_text(c, SUP_SENTCOL_RECIPIENT));
            json_str(&j, "message_id", sup_cursor_text(c, SUP_SENTCOL_MESSAGE_ID));
            json_str(&j, "state", state);
            json_str(&j, "error", sup_cursor_text(c, SUP_SENTCOL_ERROR));
            utc_time(sup_cursor_int64(c, SUP_SENTCOL_STARTED_AT), at, sizeof at);
            utc_time(sup_cursor_int64(c, SUP_SENTCOL_FINISHED_AT), fin, sizeof fin);
            json_str(&j, "started_at", at[0] ? at : NULL);
            json_str(&j, "finished_at", fin[0] ? fin : NULL);
            json_str(&j, "actor", sup_cursor_text(c, SUP_SENTCOL_ACTOR));
            json_end_object(&j);
        } else {
            char a[24], li[24], d1[SUP_DATE_BUFSIZE], d2[SUP_DATE_BUFSIZE], d3[SUP_DATE_BUFSIZE];
            snprintf(a, sizeof a, "%lld", (long long)sup_cursor_int64(c, SUP_SENTCOL_ATTEMPT));
            snprintf(li, sizeof li, "%lld", (long long)sup_cursor_int64(c, SUP_SENTCOL_LICENSE));
            const char *row[] = {a,
                                 iso(sup_cursor_date(c, SUP_SENTCOL_ON), d1),
                                 li,
                                 notice,
                                 iso(sup_cursor_date(c, SUP_SENTCOL_ANCHOR), d2),
                                 iso(sup_cursor_date(c, SUP_SENTCOL_DUE), d3),
                                 state,
                                 sup_cursor_text(c, SUP_SENTCOL_RECIPIENT),
                                 sup_cursor_text(c, SUP_SENTCOL_MESSAGE_ID),
                                 sup_cursor_text(c, SUP_SENTCOL_ERROR)};
            table_row(&t, row);
        }
    }
    sup_cursor_free(c);
    st = list_finish(rc, "sends", as_json, &j, &t);
    sup_ledger_close(l);
    return st;
}

const command cmd_sends = {
    "sends", "[--from DATE] [--to DATE] [--json]",
    "The reminder e-mails attempted by runs dated --from … --to (default: today; --from alone:\n"
    "that day), by attempt: state sending (no outcome recorded), sent or failed, with the\n"
    "recipients, the Message-ID and the error.\n"
    "\n"
    "JSON: {from, to, sends: [{attempt, license_id, customer_id, notice, anchor, due, on,\n"
    "recipient, message_id, state, error, started_at, finished_at, actor}]}.\n",
    run_sends, CMD_LEDGER};
