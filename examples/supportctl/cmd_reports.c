/*
 * supportctl — where customers and licenses stand on a date, with their offers
 * and downloads, and the lists managers work from: expiring, in the
 * preferential window, lapsed, whom to notify of a release, payments in a
 * period, the audit trail.
 */
#include "cli.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define NOPTS(a) (sizeof(a) / sizeof((a)[0]))

static int prologue(const command *cmd, int argc, char **argv, opt *o, size_t n)
{
    bool help;
    if (!parse_options(cmd, argc, argv, o, n, NULL, 0, NULL, &help))
        return EXIT_BAD_INPUT;
    return help ? EXIT_OK : -1;
}

static const char *id_text(sup_id id, char *buf, size_t size)
{
    snprintf(buf, size, "%lld", (long long)id);
    return buf;
}

/* Comma-separated versions of the view's releases that are (not) downloadable. */
static const char *versions_text(const license_view *v, bool allowed, char *buf, size_t size)
{
    size_t len = 0;
    buf[0] = '\0';
    for (size_t i = 0; i < v->nreleases && len + 1 < size; i++)
        if (v->releases[i].allowed == allowed)
            len += (size_t)snprintf(buf + len, size - len, "%s%s", len ? ", " : "", v->releases[i].version);
    return buf;
}

/* ---- customer ------------------------------------------------------------------------------------- */

static const char *const overview_head[] = {"LICENSE", "CUSTOMER", "PRODUCT", "KIND", "STATUS",
                                            "SUPPORT UNTIL", "PREFERENTIAL UNTIL", "OFFER", "FEE",
                                            "VALID THROUGH", "DOWNLOADABLE", "NEEDS RENEWAL"};

/* One row of the licenses overview (customer command, demo). */
static void overview_row(table *t, const license_view *v, bool with_customer)
{
    char id[24], a[SUP_DATE_BUFSIZE], b[SUP_DATE_BUFSIZE], c[SUP_DATE_BUFSIZE], fee[SUP_MONEY_BUFSIZE] = "";
    char ok[512], needs[512];
    const sup_status *st = v->status;
    c[0] = '\0';
    const sup_quote *q = view_quote(v);
    if (q != NULL) {
        money_plain(sup_quote_fee(q), fee);
        date_or_open(sup_quote_valid_through(q), c);
    }
    const char *row[] = {id_text(v->id, id, sizeof id),
                         v->customer_code,
                         v->product_code,
                         sup_license_kind_name(v->kind),
                         sup_state_name(sup_status_state(st)),
                         iso(sup_status_support_until(st), a),
                         iso(sup_status_preferential_until(st), b),
                         q != NULL ? sup_quote_kind_name(sup_quote_kind_of(q)) : "none",
                         fee,
                         c,
                         versions_text(v, true, ok, sizeof ok),
                         versions_text(v, false, needs, sizeof needs)};
    if (with_customer) {
        table_row(t, row);
    } else {
        const char *short_row[11];
        short_row[0] = row[0];
        for (size_t i = 2; i < 12; i++)
            short_row[i - 1] = row[i];
        table_row(t, short_row);
    }
}

void print_licenses_overview(FILE *out, const license_view *views, size_t n, bool with_customer)
{
    static const char *const head_short[] = {"LICENSE", "PRODUCT", "KIND", "STATUS", "SUPPORT UNTIL",
                                             "PREFERENTIAL UNTIL", "OFFER", "FEE", "VALID THROUGH",
                                             "DOWNLOADABLE", "NEEDS RENEWAL"};
    table t;
    if (with_customer)
        table_init(&t, 12, overview_head, "rlllllllrlll");
    else
        table_init(&t, 11, head_short, "rllllllrlll");
    for (size_t i = 0; i < n; i++)
        overview_row(&t, &views[i], with_customer);
    table_print(&t, out);
    table_free(&t);
}

static void print_notices(const license_view *views, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        if (i > 0)
            fputs("\n----------------------------------------\n\n", stdout);
        fputs(views[i].notice, stdout);
        size_t len = strlen(views[i].notice);
        if (len == 0 || views[i].notice[len - 1] != '\n')
            fputc('\n', stdout);
    }
}

static int run_customer(int argc, char **argv)
{
    opt o[] = {LEDGER_OPTS,
               {"--customer", true, true, NULL},
               {"--on", true, false, NULL},
               {"--json", false, false, NULL},
               NOTICE_OPTS};
    int st = prologue(&cmd_customer, argc, argv, o, NOPTS(o));
    if (st >= 0)
        return st;
    sup_date on;
    bool today = false;
    notice_opts nopt;
    if (!arg_on(o, NOPTS(o), &on, &today) || !arg_notice(o, NOPTS(o), &nopt))
        return EXIT_BAD_INPUT;
    const char *code = opt_get(o, NOPTS(o), "--customer");
    sup_ledger *l = NULL;
    st = ledger_open(ledger_path(o, NOPTS(o)), false, &l);
    if (st != EXIT_OK)
        return st;
    catalog cat = {NULL, 0};
    license_view *views = NULL;
    size_t n = 0, cap = 0;
    sup_customer *who = NULL;
    sup_cursor *c = NULL;
    sup_id customer = 0;
    int rc = sup_ledger_get_customer_by_code(l, code, &who);
    if (rc == SUP_ENOTFOUND) {
        st = fail_input("--customer: no customer with code \"%s\" (see supportctl customer-list)", code);
        goto done;
    }
    if (rc == SUP_OK) {
        customer = sup_customer_id(who);
        rc = catalog_load(l, &cat);
    }
    if (rc == SUP_OK)
        rc = sup_ledger_list_licenses(l, customer, on, &c);
    while (rc == SUP_OK) {
        int more = sup_cursor_next(c);
        if (more < 0)
            rc = more;
        if (more <= 0)
            break;
        if (n == cap) {
            cap = cap ? cap * 2 : 8;
            views = xrealloc(views, cap * sizeof *views);
        }
        rc = license_view_load(l, &cat, sup_cursor_int64(c, SUP_LICCOL_LICENSE), on, &nopt, &views[n]);
        n++; /* a half-loaded view is freed like a whole one */
    }
    if (rc != SUP_OK) {
        st = fail_lib(rc, "customer");
        goto done;
    }
    if (opt_flag(o, NOPTS(o), "--json")) {
        json j = {0};
        json_begin_object(&j, NULL);
        json_customer_fields(&j, who);
        json_date(&j, "on", on);
        json_begin_array(&j, "licenses");
        for (size_t i = 0; i < n; i++)
            json_license_view(&j, NULL, &views[i]);
        json_end_array(&j);
        json_end_object(&j);
        json_done(&j);
    } else if (nopt.want) {
        print_notices(views, n);
    } else {
        char d[SUP_DATE_BUFSIZE];
        printf("customer %lld: %s (%s) on %s: %zu license%s\n", (long long)customer, sup_customer_name(who),
               sup_customer_code(who), iso(on, d), n, n == 1 ? "" : "s");
        print_customer_contacts(stdout, who);
        if (n > 0)
            print_licenses_overview(stdout, views, n, false);
    }
done:
    for (size_t i = 0; i < n; i++)
        license_view_free(&views[i]);
    free(views);
    sup_cursor_free(c);
    catalog_free(&cat);
    sup_customer_free(who);
    sup_ledger_close(l);
    return st;
}

#define VIEW_JSON                                                                                               \
    "license_id, customer_id, customer_code, customer_name, product_id, product_code,\n"                      \
    "product_name, kind, on, purchased, status (active|grace|lapsed|expired|not_owned),\n"                    \
    "support_until (a subscription: paid through), preferential_until (perpetual; else null),\n"              \
    "can_use, can_consult, can_get_new_versions, can_propose_ideas, offer (the library's offer\n"             \
    "on the date: the renewal or subscription payment quote with the keys of renewal-quote, or\n"             \
    "null), offer_kind (renewal|payment|none), offer_reason (not_owned|no_price|no_policy|\n"                 \
    "out_of_calendar|fee_overflow, or null), offer_unavailable (why there is no offer, in\n"                  \
    "words, or null), downloadable and needs_renewal\n"                                                       \
    "(releases dated on or before the date: {release_id, version, released, note}), notice\n"                 \
    "(the customer-facing text with --notice, else null).\n"

#define NOTICE_HELP                                                                                             \
    "  --notice        print the customer-facing notice instead (the library's text:\n"                       \
    "                  status, dates, the offer and how long it holds, contact channels)\n"                   \
    "  --lang ru|en    the notice's language (default ru)\n"                                                   \
    "  --html          the notice as an HTML fragment\n"

const command cmd_customer = {
    "customer", "--customer CODE [--on DATE] [--json] [--notice [--lang ru|en] [--html]]",
    "Where each license a customer owns on --on stands: its status, support end and\n"
    "preferential window, the offer (renewal or subscription payment quote), the releases it\n"
    "may download and those that need a renewal.\n"
    "\n" NOTICE_HELP
    "\n"
    "JSON: {customer_id, code, name, emails, phone, inn, kpp, lang, note (the keys of\n"
    "customer-add), on, licenses: [...]}, each license with the keys\n" VIEW_JSON,
    run_customer, CMD_LEDGER};

/* ---- license ------------------------------------------------------------------------------------------ */

/* One event of a license's history: a JSON object, or a row of the history table. */
static void license_event_row(const sup_cursor *c, bool as_json, json *j, table *t)
{
    sup_id ev = sup_cursor_int64(c, SUP_PAYCOL_EVENT), pv = sup_cursor_int64(c, SUP_PAYCOL_POLICY_VERSION);
    const char *kind = sup_event_kind_name((sup_event_kind)sup_cursor_int64(c, SUP_PAYCOL_KIND));
    sup_date day = sup_cursor_date(c, SUP_PAYCOL_ON), until = sup_cursor_date(c, SUP_PAYCOL_SUPPORT_UNTIL);
    sup_money amount = sup_cursor_int64(c, SUP_PAYCOL_AMOUNT);
    const char *pid = sup_cursor_text(c, SUP_PAYCOL_PAYMENT_ID), *actor = sup_cursor_text(c, SUP_PAYCOL_ACTOR);
    if (as_json) {
        json_begin_object(j, NULL);
        json_int(j, "event_id", ev);
        json_str(j, "kind", kind);
        json_date(j, "on", day);
        json_money(j, "paid_kopecks", "paid", amount);
        json_date(j, "support_until", until);
        json_str(j, "payment_id", pid);
        if (pv > 0)
            json_int(j, "policy_version", pv);
        else
            json_str(j, "policy_version", NULL);
        json_str(j, "actor", actor);
        json_end_object(j);
        return;
    }
    char e[24], p[24] = "", a[SUP_DATE_BUFSIZE], b[SUP_DATE_BUFSIZE], m[SUP_MONEY_BUFSIZE];
    if (pv > 0)
        id_text(pv, p, sizeof p);
    const char *row[] = {id_text(ev, e, sizeof e), kind, iso(day, a), money_plain(amount, m), iso(until, b), pid, p,
                         actor};
    table_row(t, row);
}

/* The license's history after its view: JSON (the view's keys and "events"), its notice, or for people. */
static int print_license(const license_view *v, sup_cursor *events, bool as_json, const notice_opts *nopt)
{
    json j = {0};
    table t;
    static const char *const head[] = {"EVENT", "KIND", "ON", "PAID", "SUPPORT UNTIL", "PAYMENT ID", "POLICY",
                                       "ACTOR"};
    table_init(&t, 8, head, "rllrlllr");
    if (as_json) {
        json_begin_object(&j, NULL);
        json_license_fields(&j, v);
        json_begin_array(&j, "events");
    }
    int rc = SUP_OK, more;
    while ((more = sup_cursor_next(events)) == 1)
        license_event_row(events, as_json, &j, &t);
    if (more < 0)
        rc = more;
    int st = EXIT_OK;
    if (rc != SUP_OK) {
        st = fail_lib(rc, "license");
    } else if (as_json) {
        json_end_array(&j);
        json_end_object(&j);
        json_done(&j);
    } else if (nopt->want) {
        print_notices(v, 1);
    } else {
        print_license_view(stdout, v);
        printf("\nhistory:\n");
        table_print(&t, stdout);
    }
    table_free(&t);
    return st;
}

static int run_license(int argc, char **argv)
{
    opt o[] = {LEDGER_OPTS,
               {"--license", true, true, NULL},
               {"--on", true, false, NULL},
               {"--json", false, false, NULL},
               NOTICE_OPTS};
    int st = prologue(&cmd_license, argc, argv, o, NOPTS(o));
    if (st >= 0)
        return st;
    sup_id license;
    sup_date on;
    notice_opts nopt;
    bool today = false;
    if (!arg_id("--license", opt_get(o, NOPTS(o), "--license"), &license) || !arg_on(o, NOPTS(o), &on, &today) ||
        !arg_notice(o, NOPTS(o), &nopt))
        return EXIT_BAD_INPUT;
    (void)today; /* the view names its date */
    sup_ledger *l = NULL;
    st = ledger_open(ledger_path(o, NOPTS(o)), false, &l);
    if (st != EXIT_OK)
        return st;
    catalog cat = {NULL, 0};
    license_view v;
    memset(&v, 0, sizeof v);
    sup_cursor *c = NULL;
    int rc = catalog_load(l, &cat);
    if (rc == SUP_OK)
        rc = license_view_load(l, &cat, license, on, &nopt, &v);
    if (rc == SUP_OK)
        rc = sup_ledger_list_events(l, license, &c);
    if (rc != SUP_OK)
        st = fail_lib(rc, rc == SUP_ENOTFOUND ? "--license" : "license");
    else
        st = print_license(&v, c, opt_flag(o, NOPTS(o), "--json"), &nopt);
    sup_cursor_free(c);
    license_view_free(&v);
    catalog_free(&cat);
    sup_ledger_close(l);
    return st;
}

const command cmd_license = {
    "license", "--license ID [--on DATE] [--json] [--notice [--lang ru|en] [--html]]",
    "Where one license stands on --on (status, rights, support end, preferential window,\n"
    "the offer, downloadable releases and those that need a renewal) and its history.\n"
    "\n" NOTICE_HELP
    "\n"
    "JSON keys: " VIEW_JSON
    "events (the history in the order recorded: {event_id, kind (purchase|\n"
    "preferential_renewal|standard_renewal|subscription_payment|period), on, paid_kopecks,\n"
    "paid, support_until, payment_id, policy_version (the version that priced a renewal, or\n"
    "null), actor}).\n",
    run_license, CMD_LEDGER};

/* ---- the managers' license lists ------------------------------------------------------------------------ */

enum list_kind { LIST_EXPIRING, LIST_PREFERENTIAL, LIST_LAPSED };

/* What one list run needs to print a row: the list, its date, the catalogue and the offer being filled. */
typedef struct license_list {
    enum list_kind which;
    sup_date on;
    bool as_json;
    const catalog *cat;
    sup_offer *offer;
    json j;
    table t;
} license_list;

/* The list's days: until support ends (expiring), until the window closes (preferential), since support ended. */
static int32_t list_days(enum list_kind which, sup_date on, sup_date until, sup_date pref)
{
    int32_t d = 0;
    int rc = which == LIST_EXPIRING      ? sup_date_diff_days(on, until, &d)
             : which == LIST_PREFERENTIAL ? sup_date_diff_days(on, pref, &d)
                                          : sup_date_diff_days(until, on, &d);
    return rc == SUP_OK ? d : 0;
}

/* One license of the list with the library's offer on the date: a JSON object or a table row. */
static void license_list_row(license_list *ll, const sup_cursor *c)
{
    sup_id id = sup_cursor_int64(c, SUP_LICCOL_LICENSE), product = sup_cursor_int64(c, SUP_LICCOL_PRODUCT);
    sup_license_kind kind = (sup_license_kind)sup_cursor_int64(c, SUP_LICCOL_KIND);
    sup_date until = sup_cursor_date(c, SUP_LICCOL_SUPPORT_UNTIL);
    sup_date pref = sup_cursor_date(c, SUP_LICCOL_PREFERENTIAL_UNTIL);
    const char *state = sup_state_name((sup_state)sup_cursor_int64(c, SUP_LICCOL_STATE));
    int32_t d = list_days(ll->which, ll->on, until, pref);
    const sup_quote *q = sup_offer_quote(ll->offer);
    if (ll->as_json) {
        const product_item *p = catalog_product(ll->cat, product);
        json *j = &ll->j;
        json_begin_object(j, NULL);
        json_int(j, "license_id", id);
        json_int(j, "customer_id", sup_cursor_int64(c, SUP_LICCOL_CUSTOMER));
        json_str(j, "customer_code", sup_cursor_text(c, SUP_LICCOL_CUSTOMER_CODE));
        json_str(j, "customer_name", sup_cursor_text(c, SUP_LICCOL_CUSTOMER_NAME));
        json_int(j, "product_id", product);
        json_str(j, "product_code", sup_cursor_text(c, SUP_LICCOL_PRODUCT_CODE));
        json_str(j, "product_name", p ? p->name : NULL);
        json_str(j, "kind", sup_license_kind_name(kind));
        json_date(j, "purchased", sup_cursor_date(c, SUP_LICCOL_PURCHASED));
        json_str(j, "status", state);
        json_date(j, "support_until", until);
        json_date(j, "preferential_until", pref);
        json_int(j, ll->which == LIST_EXPIRING ? "days_left" : ll->which == LIST_PREFERENTIAL ? "window_days_left"
                                                                                             : "days_since_support_end",
                 d);
        json_offer_fields(j, ll->offer);
        json_end_object(j);
        return;
    }
    char ids[24], days_s[16], a[SUP_DATE_BUFSIZE], b[SUP_DATE_BUFSIZE], v[SUP_DATE_BUFSIZE] = "";
    char fee[SUP_MONEY_BUFSIZE] = "";
    snprintf(days_s, sizeof days_s, "%ld", (long)d);
    if (q != NULL) {
        money_plain(sup_quote_fee(q), fee);
        date_or_open(sup_quote_valid_through(q), v);
    }
    const char *row[] = {id_text(id, ids, sizeof ids),
                         sup_cursor_text(c, SUP_LICCOL_CUSTOMER_CODE),
                         sup_cursor_text(c, SUP_LICCOL_CUSTOMER_NAME),
                         sup_cursor_text(c, SUP_LICCOL_PRODUCT_CODE),
                         state,
                         iso(until, a),
                         iso(pref, b),
                         days_s,
                         q != NULL ? sup_quote_kind_name(sup_quote_kind_of(q)) : "none",
                         fee,
                         v};
    table_row(&ll->t, row);
}

/* The rows of an open list query, each with its offer; a failure of the offer ends the list. */
static int license_list_rows(sup_ledger *l, license_list *ll, sup_cursor *c)
{
    for (;;) {
        int more = sup_cursor_next(c);
        if (more <= 0)
            return more;
        int rc = sup_ledger_offer(l, sup_cursor_int64(c, SUP_LICCOL_LICENSE), ll->on, ll->offer);
        if (rc != SUP_OK) /* no offer is an answer; this is a failure */
            return rc;
        license_list_row(ll, c);
    }
}

static int open_license_list(sup_ledger *l, enum list_kind which, sup_date on, long days, sup_cursor **c)
{
    if (which == LIST_EXPIRING)
        return sup_ledger_list_expiring(l, on, (int)days, c);
    return which == LIST_PREFERENTIAL ? sup_ledger_list_preferential(l, on, c) : sup_ledger_list_lapsed(l, on, c);
}

static int run_license_list(const command *cmd, enum list_kind which, int argc, char **argv)
{
    opt o[] = {LEDGER_OPTS, {"--on", true, false, NULL}, {"--days", true, which == LIST_EXPIRING, NULL},
               {"--json", false, false, NULL}};
    size_t nopts = NOPTS(o); /* --days is refused below when not expiring */
    int st = prologue(cmd, argc, argv, o, nopts);
    if (st >= 0)
        return st;
    sup_date on;
    bool today = false;
    long days = 0;
    if (!arg_on(o, nopts, &on, &today))
        return EXIT_BAD_INPUT;
    if (which != LIST_EXPIRING && opt_get(o, nopts, "--days") != NULL)
        return fail_input("%s: unknown option \"--days\" (see supportctl %s --help)", cmd->name, cmd->name);
    if (which == LIST_EXPIRING && !arg_int("--days", opt_get(o, nopts, "--days"), 0, 36600, &days))
        return EXIT_BAD_INPUT;
    sup_ledger *l = NULL;
    st = ledger_open(ledger_path(o, nopts), false, &l);
    if (st != EXIT_OK)
        return st;
    catalog cat = {NULL, 0};
    license_list ll = {which, on, opt_flag(o, nopts, "--json"), &cat, NULL, {0}, {0}};
    static const char *const head[] = {"LICENSE", "CUSTOMER", "NAME",  "PRODUCT", "STATUS",       "SUPPORT UNTIL",
                                       "PREFERENTIAL UNTIL", "DAYS", "OFFER", "FEE", "VALID THROUGH"};
    table_init(&ll.t, 11, head, "rllllllrlrl");
    sup_cursor *c = NULL;
    int rc = catalog_load(l, &cat);
    if (rc == SUP_OK)
        rc = sup_offer_new(&ll.offer);
    if (rc == SUP_OK)
        rc = open_license_list(l, which, on, days, &c);
    if (rc == SUP_OK && ll.as_json) {
        json_begin_object(&ll.j, NULL);
        json_date(&ll.j, "on", on);
        if (which == LIST_EXPIRING)
            json_int(&ll.j, "days", days);
        json_begin_array(&ll.j, "licenses");
    }
    if (rc == SUP_OK)
        rc = license_list_rows(l, &ll, c);
    if (rc == SUP_OK && today && !ll.as_json)
        print_today(on);
    st = list_finish(rc, cmd->name, ll.as_json, &ll.j, &ll.t);
    sup_offer_free(ll.offer);
    sup_cursor_free(c);
    catalog_free(&cat);
    sup_ledger_close(l);
    return st;
}

#define LIST_JSON(extra)                                                                                        \
    "JSON: {on, " extra "licenses: [...]}, each with the keys license_id, customer_id,\n"                      \
    "customer_code, customer_name, product_id, product_code, product_name, kind, purchased,\n"                \
    "status, support_until, preferential_until (null for a subscription), offer_kind,\n"                     \
    "offer_reason, offer_unavailable (as in license --json), "

static int run_expiring(int argc, char **argv) { return run_license_list(&cmd_expiring, LIST_EXPIRING, argc, argv); }

const command cmd_expiring = {
    "expiring", "[--on DATE] --days N [--json]",
    "Licenses whose support is active on --on and ends within N days (support_until <=\n"
    "--on + N), by support end: whom to remind. Subscriptions: their paid term.\n"
    "\n" LIST_JSON("days, ") "days_left (to\nsupport_until), offer (the quote on --on, or null).\n",
    run_expiring, CMD_LEDGER};

static int run_preferential(int argc, char **argv)
{
    return run_license_list(&cmd_preferential, LIST_PREFERENTIAL, argc, argv);
}

const command cmd_preferential = {
    "preferential", "[--on DATE] [--json]",
    "Perpetual licenses whose support has ended but whose preferential renewal window is\n"
    "still open on --on (status grace), by support end: they still renew at the preferential\n"
    "rate, with continuous coverage.\n"
    "\n" LIST_JSON("") "window_days_left (to preferential_until), offer (the quote on --on,\nor null).\n",
    run_preferential, CMD_LEDGER};

static int run_lapsed(int argc, char **argv) { return run_license_list(&cmd_lapsed, LIST_LAPSED, argc, argv); }

const command cmd_lapsed = {
    "lapsed", "[--on DATE] [--json]",
    "Licenses without support and past any preferential window on --on: lapsed perpetual\n"
    "licenses (a renewal is now standard) and expired subscriptions.\n"
    "\n" LIST_JSON("") "days_since_support_end, offer (the quote on --on, or null).\n",
    run_lapsed, CMD_LEDGER};

/* ---- reminders ------------------------------------------------------------------------------------------------ */

static void json_schedule(json *j, const sup_schedule *s)
{
    json_begin_array(j, "schedule");
    for (size_t i = 0; i < sup_schedule_count(s); i++) {
        sup_schedule_anchor anchor = SUP_ANCHOR_SUPPORT_END;
        int days = 0;
        sup_notice_kind kind = SUP_NOTICE_NONE;
        if (sup_schedule_entry(s, i, &anchor, &days, &kind) != SUP_OK)
            continue;
        json_begin_object(j, NULL);
        json_str(j, "anchor", sup_schedule_anchor_name(anchor));
        json_int(j, "days_before", days);
        json_str(j, "notice", sup_notice_kind_name(kind));
        json_end_object(j);
    }
    json_end_array(j);
}

/* A reminders run: how each row is printed, and the notice it renders (with --notice). */
typedef struct reminders_run {
    bool as_json;
    sup_notice *notice; /* NULL without --notice */
    size_t count;
    json j;
    table t;
} reminders_run;

/* One due reminder: a JSON object, the customer's notice after a heading line, or a table row. */
static void reminder_row(reminders_run *rr, const sup_cursor *c, const char *text)
{
    sup_id lic = sup_cursor_int64(c, SUP_REMCOL_LICENSE);
    sup_notice_kind kind = (sup_notice_kind)sup_cursor_int64(c, SUP_REMCOL_NOTICE);
    sup_date until = sup_cursor_date(c, SUP_REMCOL_SUPPORT_UNTIL);
    sup_date pref = sup_cursor_date(c, SUP_REMCOL_PREFERENTIAL_UNTIL);
    const char *ccode = sup_cursor_text(c, SUP_REMCOL_CUSTOMER_CODE);
    const char *cname = sup_cursor_text(c, SUP_REMCOL_CUSTOMER_NAME);
    const char *pcode = sup_cursor_text(c, SUP_REMCOL_PRODUCT_CODE);
    const char *state = sup_state_name((sup_state)sup_cursor_int64(c, SUP_REMCOL_STATE));
    int64_t days = sup_cursor_int64(c, SUP_REMCOL_DAYS_LEFT);
    if (rr->as_json) {
        json *j = &rr->j;
        json_begin_object(j, NULL);
        json_int(j, "license_id", lic);
        json_int(j, "customer_id", sup_cursor_int64(c, SUP_REMCOL_CUSTOMER));
        json_str(j, "customer_code", ccode);
        json_str(j, "customer_name", cname);
        json_int(j, "product_id", sup_cursor_int64(c, SUP_REMCOL_PRODUCT));
        json_str(j, "product_code", pcode);
        json_str(j, "product_name", sup_cursor_text(c, SUP_REMCOL_PRODUCT_NAME));
        json_str(j, "kind", sup_license_kind_name((sup_license_kind)sup_cursor_int64(c, SUP_REMCOL_KIND)));
        json_str(j, "notice", sup_notice_kind_name(kind));
        json_int(j, "days_left", days);
        json_str(j, "status", state);
        json_date(j, "purchased", sup_cursor_date(c, SUP_REMCOL_PURCHASED));
        json_date(j, "support_until", until);
        json_date(j, "preferential_until", pref);
        json_str(j, "text", text);
        json_end_object(j);
    } else if (rr->notice != NULL) {
        if (rr->count > 1)
            fputs("\n", stdout);
        printf("== license %lld: %s (%s), %s, %s\n", (long long)lic, cname, ccode, pcode, sup_notice_kind_name(kind));
        fputs(text, stdout);
        size_t len = strlen(text);
        if (len == 0 || text[len - 1] != '\n')
            fputc('\n', stdout);
    } else {
        char ids[24], d[16], a[SUP_DATE_BUFSIZE], b[SUP_DATE_BUFSIZE];
        snprintf(d, sizeof d, "%lld", (long long)days);
        const char *row[] = {id_text(lic, ids, sizeof ids), ccode, cname, pcode, sup_notice_kind_name(kind), d,
                             iso(until, a), state, iso(pref, b)};
        table_row(&rr->t, row);
    }
}

/* Every row of the reminders cursor; with --notice the library's text of each reminder's kind. */
static int reminder_rows(sup_ledger *l, reminders_run *rr, sup_cursor *c, sup_date on)
{
    int rc = SUP_OK;
    char *text = NULL;
    for (;;) {
        int more = sup_cursor_next(c);
        if (more <= 0) {
            rc = more;
            break;
        }
        sup_free(text);
        text = NULL;
        if (rr->notice != NULL) { /* the notice the customer gets */
            rc = sup_notice_set_kind(rr->notice, (sup_notice_kind)sup_cursor_int64(c, SUP_REMCOL_NOTICE));
            if (rc == SUP_OK)
                rc = sup_ledger_render_notice(l, sup_cursor_int64(c, SUP_REMCOL_LICENSE), on, rr->notice, &text);
            if (rc != SUP_OK)
                break;
        }
        rr->count++;
        reminder_row(rr, c, text);
    }
    sup_free(text);
    return rc;
}

/* The schedule of --schedule FILE, or the library's default one; NULL after printing the error. */
static sup_schedule *reminders_schedule(const char *path, int *st)
{
    sup_schedule *sched = NULL;
    if (path != NULL) {
        if (!arg_schedule_file("--schedule", path, &sched))
            *st = EXIT_BAD_INPUT;
        return sched;
    }
    int rc = sup_schedule_new(&sched);
    if (rc != SUP_OK)
        *st = fail_lib(rc, "reminders");
    return sched;
}

static int run_reminders(int argc, char **argv)
{
    opt o[] = {LEDGER_OPTS, {"--on", true, false, NULL}, {"--schedule", true, false, NULL},
               {"--json", false, false, NULL}, NOTICE_OPTS};
    int st = prologue(&cmd_reminders, argc, argv, o, NOPTS(o));
    if (st >= 0)
        return st;
    sup_date on;
    bool today = false;
    notice_opts nopt;
    if (!arg_on(o, NOPTS(o), &on, &today) || !arg_notice(o, NOPTS(o), &nopt))
        return EXIT_BAD_INPUT;
    st = EXIT_OK;
    sup_schedule *sched = reminders_schedule(opt_get(o, NOPTS(o), "--schedule"), &st);
    if (sched == NULL)
        return st;
    sup_ledger *l = NULL;
    st = ledger_open(ledger_path(o, NOPTS(o)), false, &l);
    if (st != EXIT_OK) {
        sup_schedule_free(sched);
        return st;
    }
    reminders_run rr = {opt_flag(o, NOPTS(o), "--json"), NULL, 0, {0}, {0}};
    static const char *const head[] = {"LICENSE", "CUSTOMER",      "NAME",  "PRODUCT",           "NOTICE",
                                       "DAYS",    "SUPPORT UNTIL", "STATUS", "PREFERENTIAL UNTIL"};
    table_init(&rr.t, 9, head, "rllllrlll");
    sup_cursor *c = NULL;
    int rc = nopt.want ? notice_for(&nopt, SUP_NOTICE_STATUS, &rr.notice) : SUP_OK;
    if (rc == SUP_OK)
        rc = sup_ledger_list_reminders(l, sched, on, &c);
    if (rc == SUP_OK && rr.as_json) {
        json_begin_object(&rr.j, NULL);
        json_date(&rr.j, "on", on);
        json_schedule(&rr.j, sched);
        json_begin_array(&rr.j, "reminders");
    }
    if (rc == SUP_OK)
        rc = reminder_rows(l, &rr, c, on);
    if (rc != SUP_OK) {
        st = fail_lib(rc, "reminders");
    } else if (rr.as_json) {
        json_end_array(&rr.j);
        json_int(&rr.j, "count", (long long)rr.count);
        json_end_object(&rr.j);
        json_done(&rr.j);
    } else if (rr.notice == NULL) {
        if (today)
            print_today(on);
        table_print(&rr.t, stdout);
    }
    table_free(&rr.t);
    sup_notice_free(rr.notice);
    sup_cursor_free(c);
    sup_schedule_free(sched);
    sup_ledger_close(l);
    return st;
}

const command cmd_reminders = {
    "reminders", "[--on DATE] [--schedule FILE] [--json] [--notice [--lang ru|en] [--html]]",
    "Who gets which reminder on --on: one row per license whose reminder schedule has a\n"
    "notice due that day (the library's schedule: by default 14 days before support ends,\n"
    "on its last day, and 7 days before the preferential window closes), by customer.\n"
    "\n"
    "  --schedule FILE the reminder schedule's text form (\"reminder = support_end 14\" lines,\n"
    "                  see docs/notices.md); default: the library's default schedule\n"
    "  --notice        print each due notice (the library's text of the reminder, with the\n"
    "                  ledger's names, prices and policy versions) after a line\n"
    "                  \"== license ID: NAME (CODE), PRODUCT, NOTICE-KIND\"\n"
    "  --lang ru|en    the notices' language (default ru)\n"
    "  --html          the notices as HTML fragments\n"
    "\n"
    "JSON: {on, schedule: [{anchor, days_before, notice}], reminders: [...], count}, each\n"
    "reminder with the keys license_id, customer_id, customer_code, customer_name, product_id,\n"
    "product_code, product_name, kind, notice (support_ending|support_ends_today|\n"
    "window_closing), days_left (to the support end, or to the window's end for\n"
    "window_closing), status, purchased, support_until, preferential_until (or null), text\n"
    "(the notice with --notice, else null).\n",
    run_reminders, CMD_LEDGER};

/* ---- notify ------------------------------------------------------------------------------------------------ */

static int run_notify(int argc, char **argv)
{
    opt o[] = {LEDGER_OPTS, {"--release", true, true, NULL}, {"--json", false, false, NULL}};
    int st = prologue(&cmd_notify, argc, argv, o, NOPTS(o));
    if (st >= 0)
        return st;
    sup_id release;
    if (!arg_id("--release", opt_get(o, NOPTS(o), "--release"), &release))
        return EXIT_BAD_INPUT;
    sup_ledger *l = NULL;
    st = ledger_open(ledger_path(o, NOPTS(o)), false, &l);
    if (st != EXIT_OK)
        return st;
    bool as_json = opt_flag(o, NOPTS(o), "--json");
    sup_cursor *c = NULL;
    json j = {0};
    table t;
    static const char *const head[] = {"CUSTOMER", "CODE", "NAME", "LICENSE", "SUPPORT UNTIL", "LICENSES"};
    table_init(&t, 6, head, "rllrlr");
    int rc = sup_ledger_list_notify(l, release, &c);
    if (rc == SUP_OK && as_json) {
        json_begin_object(&j, NULL);
        json_int(&j, "release_id", release);
        json_begin_array(&j, "customers");
    }
    while (rc == SUP_OK) {
        int more = sup_cursor_next(c);
        if (more < 0)
            rc = more;
        if (more <= 0)
            break;
        sup_id cust = sup_cursor_int64(c, SUP_NOTCOL_CUSTOMER), lic = sup_cursor_int64(c, SUP_NOTCOL_LICENSE);
        int64_t count = sup_cursor_int64(c, SUP_NOTCOL_LICENSES);
        sup_date until = sup_cursor_date(c, SUP_NOTCOL_SUPPORT_UNTIL);
        if (as_json) {
            json_begin_object(&j, NULL);
            json_int(&j, "customer_id", cust);
            json_str(&j, "code", sup_cursor_text(c, SUP_NOTCOL_CODE));
            json_str(&j, "name", sup_cursor_text(c, SUP_NOTCOL_NAME));
            json_int(&j, "license_id", lic);
            json_date(&j, "support_until", until);
            json_int(&j, "licenses", count);
            json_end_object(&j);
        } else {
            char a[24], b[24], cnt[24], d[SUP_DATE_BUFSIZE];
            const char *row[] = {id_text(cust, a, sizeof a), sup_cursor_text(c, SUP_NOTCOL_CODE),
                                 sup_cursor_text(c, SUP_NOTCOL_NAME), id_text(lic, b, sizeof b), iso(until, d),
                                 id_text(count, cnt, sizeof cnt)};
            table_row(&t, row);
        }
    }
    st = list_finish(rc, rc == SUP_ENOTFOUND ? "--release" : "notify", as_json, &j, &t);
    sup_cursor_free(c);
    sup_ledger_close(l);
    return st;
}

const command cmd_notify = {
    "notify", "--release ID [--json]",
    "The customers to tell about a release: those with a license of its product whose\n"
    "support is active on the release date (one row per customer). The release id is\n"
    "printed by release-add and release-list.\n"
    "\n"
    "JSON: {release_id, customers: [...]}, each with the keys customer_id, code, name,\n"
    "license_id (one covered license), support_until (its support end as of the release\n"
    "date), licenses (how many of the customer's licenses are covered).\n",
    run_notify, CMD_LEDGER};

/* ---- payments -------------------------------------------------------------------------------------------------- */

static void json_id_or_null(json *j, const char *key, sup_id id)
{
    if (id > 0)
        json_int(j, key, id);
    else
        json_str(j, key, NULL);
}

/* A payments run: the names of customers and products, the output, the running total. */
typedef struct payments_run {
    bool as_json;
    const catalog *cat;
    const customer_map *cm;
    int64_t total, count, corrections;
    json j;
    table t;
} payments_run;

/* One payment of the period: a JSON object or a table row. */
static void payment_row(payments_run *pr, const sup_cursor *c)
{
    sup_id ev = sup_cursor_int64(c, SUP_PAYCOL_EVENT), lic = sup_cursor_int64(c, SUP_PAYCOL_LICENSE);
    sup_id cust = sup_cursor_int64(c, SUP_PAYCOL_CUSTOMER), prod = sup_cursor_int64(c, SUP_PAYCOL_PRODUCT);
    sup_id pv = sup_cursor_int64(c, SUP_PAYCOL_POLICY_VERSION);
    const char *kind = sup_event_kind_name((sup_event_kind)sup_cursor_int64(c, SUP_PAYCOL_KIND));
    sup_date day = sup_cursor_date(c, SUP_PAYCOL_ON), until = sup_cursor_date(c, SUP_PAYCOL_SUPPORT_UNTIL);
    sup_money amount = sup_cursor_int64(c, SUP_PAYCOL_AMOUNT);
    const char *pid = sup_cursor_text(c, SUP_PAYCOL_PAYMENT_ID), *actor = sup_cursor_text(c, SUP_PAYCOL_ACTOR);
    sup_id corr = sup_cursor_int64(c, SUP_PAYCOL_CORRECTION);
    sup_correction_kind ck = (sup_correction_kind)sup_cursor_int64(c, SUP_PAYCOL_CORRECTION_KIND);
    const char *reason = sup_cursor_text(c, SUP_PAYCOL_REASON), *invoice = sup_cursor_text(c, SUP_PAYCOL_INVOICE);
    const customer_item *ci = customer_map_find(pr->cm, cust);
    const product_item *pi = catalog_product(pr->cat, prod);
    if (pr->as_json) {
        json *j = &pr->j;
        json_begin_object(j, NULL);
        json_int(j, "event_id", ev);
        json_date(j, "on", day);
        json_str(j, "kind", kind);
        json_int(j, "license_id", lic);
        json_int(j, "customer_id", cust);
        json_str(j, "customer_code", ci ? ci->code : NULL);
        json_int(j, "product_id", prod);
        json_str(j, "product_code", pi ? pi->code : NULL);
        json_money(j, "amount_kopecks", "amount", amount);
        json_date(j, "support_until", until);
        json_str(j, "payment_id", pid);
        if (pv > 0)
            json_int(j, "policy_version", pv);
        else
            json_str(j, "policy_version", NULL);
        json_str(j, "actor", actor);
        /* corrections (corrections.h) and the invoice paid (invoice.h) */
        json_id_or_null(j, "correction_id", corr);
        json_str(j, "correction", ck != SUP_CORRECTION_NONE ? sup_correction_kind_name(ck) : NULL);
        json_str(j, "reason", reason);
        json_money(j, "discount_kopecks", "discount", sup_cursor_int64(c, SUP_PAYCOL_DISCOUNT));
        json_str(j, "invoice", invoice);
        json_bool(j, "voided", sup_cursor_int64(c, SUP_PAYCOL_VOIDED) != 0);
        json_end_object(j);
        return;
    }
    char e[24], li[24], p[24] = "", a[SUP_DATE_BUFSIZE], b[SUP_DATE_BUFSIZE], m[SUP_MONEY_BUFSIZE];
    char what[SUP_MONEY_BUFSIZE + 600] = "";
    if (pv > 0)
        id_text(pv, p, sizeof p);
    if (ck == SUP_CORRECTION_DISCOUNT) {
        char d[SUP_MONEY_BUFSIZE];
        snprintf(what, sizeof what, "discount %s: %s", money_plain(sup_cursor_int64(c, SUP_PAYCOL_DISCOUNT), d),
                 reason ? reason : "");
    } else if (ck != SUP_CORRECTION_NONE) {
        snprintf(what, sizeof what, "%s: %s", sup_correction_kind_name(ck), reason ? reason : "");
    } else if (sup_cursor_int64(c, SUP_PAYCOL_VOIDED)) {
        snprintf(what, sizeof what, "voided");
    }
    const char *row[] = {id_text(ev, e, sizeof e), iso(day, a), kind, id_text(lic, li, sizeof li),
                         ci ? ci->code : "?", pi ? pi->code : "?", money_plain(amount, m), iso(until, b),
                         pid, p, actor, invoice, what};
    table_row(&pr->t, row);
}

/* Every payment of the cursor, added to the total; stops with *overflow set if the total would not fit. */
static int payment_rows(payments_run *pr, sup_cursor *c, bool *overflow)
{
    for (;;) {
        int more = sup_cursor_next(c);
        if (more <= 0)
            return more;
        sup_money amount = sup_cursor_int64(c, SUP_PAYCOL_AMOUNT);
        if ((amount > 0 && pr->total > INT64_MAX - amount) || (amount < 0 && pr->total < INT64_MIN - amount)) {
            *overflow = true;
            return SUP_OK;
        }
        pr->total += amount;
        pr->count++;
        pr->corrections += sup_cursor_int64(c, SUP_PAYCOL_CORRECTION) > 0;
        payment_row(pr, c);
    }
}

static int run_payments(int argc, char **argv)
{
    opt o[] = {LEDGER_OPTS, {"--from", true, true, NULL}, {"--to", true, true, NULL}, {"--json", false, false, NULL}};
    int st = prologue(&cmd_payments, argc, argv, o, NOPTS(o));
    if (st >= 0)
        return st;
    sup_date from, to;
    if (!arg_date("--from", opt_get(o, NOPTS(o), "--from"), &from) ||
        !arg_date("--to", opt_get(o, NOPTS(o), "--to"), &to))
        return EXIT_BAD_INPUT;
    if (sup_date_compare(from, to) > 0)
        return fail_input("--to: %s is before --from %s", opt_get(o, NOPTS(o), "--to"), opt_get(o, NOPTS(o), "--from"));
    sup_ledger *l = NULL;
    st = ledger_open(ledger_path(o, NOPTS(o)), false, &l);
    if (st != EXIT_OK)
        return st;
    catalog cat = {NULL, 0};
    customer_map cm = {NULL, 0};
    payments_run pr = {opt_flag(o, NOPTS(o), "--json"), &cat, &cm, 0, 0, 0, {0}, {0}};
    static const char *const head[] = {"EVENT",   "ON",         "KIND",         "LICENSE",   "CUSTOMER", "PRODUCT",
                                       "AMOUNT", "SUPPORT UNTIL", "PAYMENT ID", "POLICY", "ACTOR",    "INVOICE",
                                       "CORRECTION"};
    table_init(&pr.t, 13, head, "rllrllrllrlll");
    sup_cursor *c = NULL;
    bool overflow = false;
    int rc = catalog_load(l, &cat);
    if (rc == SUP_OK)
        rc = customer_map_load(l, &cm);
    if (rc == SUP_OK)
        rc = sup_ledger_list_payments(l, from, to, &c);
    if (rc == SUP_OK && pr.as_json) {
        json_begin_object(&pr.j, NULL);
        json_date(&pr.j, "from", from);
        json_date(&pr.j, "to", to);
        json_begin_array(&pr.j, "payments");
    }
    if (rc == SUP_OK)
        rc = payment_rows(&pr, c, &overflow);
    if (overflow) {
        st = fail_input("payments: the total of the period does not fit in 64-bit kopecks");
    } else if (rc != SUP_OK) {
        st = fail_lib(rc, "payments");
    } else if (pr.as_json) {
        json_end_array(&pr.j);
        json_int(&pr.j, "count", pr.count);
        json_money(&pr.j, "total_kopecks", "total", pr.total);
        json_end_object(&pr.j);
        json_done(&pr.j);
    } else {
        char m[SUP_MONEY_BUFSIZE];
        table_print(&pr.t, stdout);
        printf("%lld payment%s, total %s rub\n", (long long)pr.count, pr.count == 1 ? "" : "s",
               money_plain(pr.total, m));
        if (pr.corrections > 0)
            printf("(%lld of the rows are voids or refunds: money taken back, as negative amounts)\n",
                   (long long)pr.corrections);
    }
    table_free(&pr.t);
    sup_cursor_free(c);
    customer_map_free(&cm);
    catalog_free(&cat);
    sup_ledger_close(l);
    return st;
}

const command cmd_payments = {
    "payments", "--from DATE --to DATE [--json]",
    "Payments dated from --from to --to inclusive (purchases, renewals, subscription\n"
    "payments), by date, with their total, and the corrections dated in the range: a void\n"
    "or a refund is its own row with a negative amount (the money taken back) and its\n"
    "reason; a voided payment keeps its row, marked voided; a sale at an agreed price shows\n"
    "its discount and reason. The total is what was kept.\n"
    "\n"
    "JSON: {from, to, payments: [...], count, total_kopecks, total}, each payment with the\n"
    "keys event_id, on, kind (purchase|preferential_renewal|standard_renewal|\n"
    "subscription_payment), license_id, customer_id, customer_code, product_id, product_code,\n"
    "amount_kopecks, amount, support_until (what it set), payment_id (or null),\n"
    "policy_version (the version that priced a renewal, or null), actor, correction_id (or\n"
    "null), correction (void|refund|discount or null), reason, discount_kopecks, discount,\n"
    "invoice (the invoice number it paid, or null), voided.\n",
    run_payments, CMD_LEDGER};

/* ---- audit ------------------------------------------------------------------------------------------------------ */

static int run_audit(int argc, char **argv)
{
    opt o[] = {LEDGER_OPTS, {"--after", true, false, NULL}, {"--json", false, false, NULL}};
    int st = prologue(&cmd_audit, argc, argv, o, NOPTS(o));
    if (st >= 0)
        return st;
    long after = 0;
    const char *after_text = opt_get(o, NOPTS(o), "--after");
    if (after_text != NULL && !arg_int("--after", after_text, 0, INT64_MAX, &after)) /* ids are 64-bit */
        return EXIT_BAD_INPUT;
    sup_ledger *l = NULL;
    st = ledger_open(ledger_path(o, NOPTS(o)), false, &l);
    if (st != EXIT_OK)
        return st;
    bool as_json = opt_flag(o, NOPTS(o), "--json");
    sup_cursor *c = NULL;
    json j = {0};
    table t;
    static const char *const head[] = {"EVENT", "AT (UTC)", "ACTION", "ACTOR", "ON", "PRODUCT", "CUSTOMER",
                                       "LICENSE", "DETAIL"};
    table_init(&t, 9, head, "rllllrrrl");
    int rc = sup_ledger_list_audit(l, after, &c);
    if (rc == SUP_OK && as_json) {
        json_begin_object(&j, NULL);
        json_begin_array(&j, "events");
    }
    while (rc == SUP_OK) {
        int more = sup_cursor_next(c);
        if (more < 0)
            rc = more;
        if (more <= 0)
            break;
        sup_id ev = sup_cursor_int64(c, SUP_AUDCOL_EVENT), prod = sup_cursor_int64(c, SUP_AUDCOL_PRODUCT);
        sup_id cust = sup_cursor_int64(c, SUP_AUDCOL_CUSTOMER), lic = sup_cursor_int64(c, SUP_AUDCOL_LICENSE);
        sup_date day = sup_cursor_date(c, SUP_AUDCOL_ON);
        const char *action = sup_cursor_text(c, SUP_AUDCOL_ACTION), *actor = sup_cursor_text(c, SUP_AUDCOL_ACTOR);
        const char *detail = sup_cursor_text(c, SUP_AUDCOL_DETAIL);
        char at[32];
        utc_time(sup_cursor_int64(c, SUP_AUDCOL_AT), at, sizeof at);
        if (as_json) {
            json_begin_object(&j, NULL);
            json_int(&j, "event_id", ev);
            json_str(&j, "action", action);
            json_str(&j, "actor", actor);
            json_date(&j, "on", day);
            json_id_or_null(&j, "product_id", prod);
            json_id_or_null(&j, "customer_id", cust);
            json_id_or_null(&j, "license_id", lic);
            json_str(&j, "detail", detail);
            json_str(&j, "at", at[0] != '\0' ? at : NULL);
            json_end_object(&j);
        } else {
            char e[24], p[24] = "", cu[24] = "", li[24] = "", d[SUP_DATE_BUFSIZE];
            if (prod > 0)
                id_text(prod, p, sizeof p);
            if (cust > 0)
                id_text(cust, cu, sizeof cu);
            if (lic > 0)
                id_text(lic, li, sizeof li);
            const char *row[] = {id_text(ev, e, sizeof e), at, action, actor, iso(day, d), p, cu, li, detail};
            table_row(&t, row);
        }
    }
    st = list_finish(rc, "audit", as_json, &j, &t);
    sup_cursor_free(c);
    sup_ledger_close(l);
    return st;
}

const command cmd_audit = {
    "audit", "[--after N] [--json]",
    "The audit trail: every change to the ledger, in order, with who made it (--actor of\n"
    "the command), when (the wall-clock time of the program that made it, UTC) and its\n"
    "business date. --after N lists only events after event N.\n"
    "\n"
    "JSON: {events: [...]}, each with the keys event_id, action (create_ledger, add_product,\n"
    "set_price, sell, renew, pay …), actor, on (or null), product_id, customer_id,\n"
    "license_id (or null), detail (\"key=value\" pairs separated by \"; \"), at (the time,\n"
    "\"2026-12-01T09:30:00.125Z\", or null when the program gave none).\n",
    run_audit, CMD_LEDGER};
