/*
 * supportctl demo — the README's main job: build a sample ledger (products, a
 * price change, releases, customers in every status) on fixed business dates,
 * then print what the other commands print about it: statuses, quotes, the
 * managers' lists and a Russian renewal notice.
 *
 * Safety: the demo only ever replaces its own demo ledger. An existing file is
 * replaced only if it is a ledger every change of which was made by the demo
 * (actor DEMO_ACTOR); anything else is refused with exit status 2. The new
 * ledger is built in a temporary file next to it and renamed over it, so an
 * interrupted demo never leaves a half-built ledger under the name.
 *
 * On PostgreSQL (a postgresql:// target) the sample is built in a temporary
 * SQLite file and copied into the schema by sup_ledger_migrate: one
 * transaction, so the schema holds the whole sample or nothing. The schema must
 * be missing or empty: there is no renaming a schema over another, so an
 * earlier demo ledger there is not replaced (exit 2, drop its schema first).
 */
#define _POSIX_C_SOURCE 200809L /* mkdtemp */
#include "cli.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define NOPTS(a) (sizeof(a) / sizeof((a)[0]))
#define DEMO_ACTOR "supportctl demo"
#define DEMO_LEDGER "demo.db"
#define DEMO_TODAY "2026-11-26"

/* ---- is it our own demo ledger? ------------------------------------------------------------------- */

/*
 * EXIT_OK if `path` does not exist or is a demo ledger (then *replacing is set); else the refusal's status.
 * `shown` is the target as messages show it. On PostgreSQL a missing or empty schema is fine (the copy
 * refuses a schema holding anything else) and an earlier demo ledger is refused: it cannot be replaced.
 */
static int check_replaceable(const char *path, const char *shown, bool on_pg, bool *replacing)
{
    *replacing = false;
    struct stat sb;
    if (!on_pg && stat(path, &sb) != 0) {
        if (errno == ENOENT)
            return EXIT_OK;
        fail_input("--ledger: cannot use \"%s\": %s", shown, strerror(errno));
        return EXIT_FAILURE_ENV;
    }
    sup_ledger *l = NULL;
    /* read-write when possible: a read-only connection would leave -wal and -shm files behind */
    int rc = sup_ledger_open(path, 0u, &l);
    if (rc == SUP_EREADONLY)
        rc = sup_ledger_open(path, SUP_LEDGER_READONLY, &l);
    if (on_pg && (rc == SUP_ENOTFOUND || rc == SUP_ENOTLEDGER))
        return EXIT_OK; /* no ledger there: the copy decides (an empty schema is fine, another's tables are not) */
    if (rc == SUP_ENOTLEDGER)
        return fail_input("--ledger: \"%s\" exists and is not a ledger: the demo only replaces its own demo "
                          "ledger (choose another --ledger)",
                          shown);
    if (rc != SUP_OK)
        return fail_lib(rc, "--ledger");
    sup_cursor *c = NULL;
    rc = sup_ledger_list_audit(l, 0, &c);
    bool ours = false;
    int st = EXIT_OK;
    while (rc == SUP_OK && st == EXIT_OK) {
        int more = sup_cursor_next(c);
        if (more < 0)
            rc = more;
        if (more <= 0)
            break;
        const char *actor = sup_cursor_text(c, SUP_AUDCOL_ACTOR);
        const char *action = sup_cursor_text(c, SUP_AUDCOL_ACTION);
        if (actor != NULL && strcmp(actor, DEMO_ACTOR) == 0)
            ours = true;
        else if (!(action != NULL && strcmp(action, "create_ledger") == 0))
            st = fail_input("--ledger: \"%s\" holds changes not made by the demo (audit event %lld by \"%s\"): "
                            "refusing to replace it (choose another --ledger)",
                            shown, (long long)sup_cursor_int64(c, SUP_AUDCOL_EVENT), actor ? actor : "");
    }
    sup_cursor_free(c);
    sup_ledger_close(l);
    if (rc != SUP_OK)
        return fail_lib(rc, "--ledger");
    if (st == EXIT_OK && !ours)
        st = fail_input("--ledger: \"%s\" is a ledger not made by the demo: refusing to replace it (choose another "
                        "--ledger)",
                        shown);
    if (st == EXIT_OK && on_pg)
        st = fail_input("--ledger: \"%s\" already holds a demo ledger: on PostgreSQL the demo does not replace one "
                        "(drop its schema first, or choose another ?schema=)",
                        shown);
    *replacing = st == EXIT_OK;
    return st;
}

/* ---- building the sample ledger ---------------------------------------------------------------------- */

typedef struct builder {
    sup_ledger *l;
    int rc;          /* the first failure */
    const char *what; /* what failed */
    int payment_no;
} builder;

static sup_date D(const char *iso_text)
{
    sup_date d = 0;
    if (sup_date_parse(iso_text, &d) != SUP_OK)
        d = 0; /* the demo's dates are constants; a bad one fails the next library call */
    return d;
}

static sup_id product(builder *b, const char *code, const char *name, sup_license_kind kind, int months,
                      const char *effective, sup_money price)
{
    sup_id id = 0;
    if (b->rc != SUP_OK)
        return 0;
    b->what = code;
    b->rc = sup_ledger_add_product(b->l, DEMO_ACTOR, code, name, kind, months, &id);
    if (b->rc == SUP_OK)
        b->rc = sup_ledger_set_price(b->l, DEMO_ACTOR, id, D(effective), price);
    return id;
}

static void price(builder *b, sup_id product_id, const char *effective, sup_money p)
{
    if (b->rc == SUP_OK)
        b->rc = sup_ledger_set_price(b->l, DEMO_ACTOR, product_id, D(effective), p);
}

static sup_id release(builder *b, sup_id product_id, const char *version, const char *date, const char *note)
{
    sup_id id = 0;
    if (b->rc == SUP_OK) {
        b->what = version;
        b->rc = sup_ledger_add_release(b->l, DEMO_ACTOR, product_id, version, D(date), note, &id);
    }
    return id;
}

static sup_id customer(builder *b, const char *code, const char *name)
{
    sup_id id = 0;
    if (b->rc == SUP_OK) {
        b->what = code;
        b->rc = sup_ledger_add_customer(b->l, DEMO_ACTOR, code, name, &id);
    }
    return id;
}

/* The vendor's requisites printed on invoices (examples/settings/vendor.ini's), so that the demo can
 * invoice a renewal (supportctl invoice, the portal's "Продлить"). */
static void vendor(builder *b, const char *effective)
{
    static const char *const fields[SUP_VENDOR_FIELD_COUNT] = {
        "ООО \"Восьмёрка Про\"", "6316123458", "631601001", "443001, г. Самара, ул. Примерная, д. 1, оф. 8",
        "АО \"ПРИМЕР-БАНК\", г. Самара", "043601999", "30101810400000000999", "40702810954400012345",
        "Иванов И. И.", "Петрова А. А."};
    if (b->rc != SUP_OK)
        return;
    b->what = "vendor requisites";
    sup_vendor *v = NULL;
    b->rc = sup_vendor_new(&v);
    for (int f = 0; b->rc == SUP_OK && f < SUP_VENDOR_FIELD_COUNT; f++)
        b->rc = sup_vendor_set(v, (sup_vendor_field)f, fields[f]);
    if (b->rc == SUP_OK)
        b->rc = sup_ledger_set_vendor(b->l, DEMO_ACTOR, D(effective), v, NULL);
    sup_vendor_free(v);
}

/* Sell at the list price in force that day (the library's answer). */
static sup_id sell(builder *b, sup_id customer_id, sup_id product_id, const char *on)
{
    sup_id id = 0;
    sup_product *p = NULL;
    sup_money paid = 0;
    if (b->rc != SUP_OK)
        return 0;
    b->what = "sell";
    b->rc = sup_ledger_get_product(b->l, product_id, &p);
    if (b->rc == SUP_OK)
        b->rc = sup_product_price_on(p, D(on), &paid);
    sup_product_free(p);
    char pid[32];
    snprintf(pid, sizeof pid, "demo-%d", ++b->payment_no);
    if (b->rc == SUP_OK)
        b->rc = sup_ledger_sell(b->l, DEMO_ACTOR, pid, customer_id, product_id, D(on), paid, &id);
    return id;
}

/* Pay what the library offers for that day, as a customer would: the renewal of a perpetual license or the
 * next payment of a subscription (the offer says which). */
static void pay_offer(builder *b, sup_id license, const char *on)
{
    sup_offer *o = NULL;
    if (b->rc != SUP_OK)
        return;
    b->what = "pay the offer";
    b->rc = sup_offer_new(&o);
    if (b->rc == SUP_OK)
        b->rc = sup_ledger_offer(b->l, license, D(on), o);
    const sup_quote *q = sup_offer_quote(o);
    if (b->rc == SUP_OK && q == NULL) {
        b->what = sup_offer_reason_name(sup_offer_reason_of(o)); /* the demo's dates always have an offer */
        b->rc = SUP_ESTATE;
    }
    char pid[32];
    snprintf(pid, sizeof pid, "demo-%d", ++b->payment_no);
    if (b->rc == SUP_OK && sup_offer_kind_of(o) == SUP_OFFER_RENEWAL)
        b->rc = sup_ledger_renew(b->l, DEMO_ACTOR, pid, license, D(on), sup_quote_fee(q), NULL);
    else if (b->rc == SUP_OK)
        b->rc = sup_ledger_pay(b->l, DEMO_ACTOR, pid, license, D(on), sup_quote_fee(q), NULL);
    sup_offer_free(o);
}

/* The sample: the demo's "today" is 2026-11-26 (statuses below are as of that day). */
static int populate(sup_ledger *l, sup_id *notice_license, sup_id *notify_release)
{
    builder b = {l, SUP_OK, "", 0};
    sup_id report = product(&b, "REPORT6", "Анализ продаж", SUP_LICENSE_PERPETUAL, 6, "2025-01-01", 799000);
    sup_id ext = product(&b, "EXT12", "Обмен с банком", SUP_LICENSE_PERPETUAL, 12, "2025-01-01",
                         1200000);
    sup_id cloud = product(&b, "CLOUD1", "Облачный архив", SUP_LICENSE_SUBSCRIPTION_MONTHLY, 1,
                           "2025-01-01", 99000);
    price(&b, report, "2026-12-01", 899000); /* a price change: today's quotes hold through 2026-11-30 */
    release(&b, report, "3.0", "2026-04-01", "Складские отчёты");
    sup_id r31 = release(&b, report, "3.1", "2026-10-01", "Отчёт по менеджерам, ускорение формирования");
    release(&b, ext, "1.5", "2026-07-10", "Выписки Сбербанка в новом формате");
    release(&b, ext, "2.0", "2026-09-15", NULL);

    vendor(&b, "2025-01-01");
    sup_id romashka = customer(&b, "ROMASHKA", "ООО «Ромашка»");
    sup_id petrov = customer(&b, "PETROV", "ИП Петров А. В.");
    sup_id vector = customer(&b, "VECTOR", "ООО «Вектор»");
    sup_id sever = customer(&b, "SEVER", "АО «Север»");
    sup_id alfa = customer(&b, "ALFA", "ООО «Альфа»");
    sup_id smirnova = customer(&b, "SMIRNOVA", "ИП Смирнова Е. К.");
    sup_id oblako = customer(&b, "OBLAKO", "ООО \"Облако\"");
    sup_id kozlov = customer(&b, "KOZLOV", "ИП Козлов");

    sell(&b, romashka, report, "2026-08-10");             /* active: support to 2027-02-10 */
    sell(&b, romashka, ext, "2026-03-01");                /* active: a 12-month term, to 2027-03-01 */
    sell(&b, petrov, report, "2026-06-05");               /* active, ends 2026-12-05: expiring */
    sup_id grace = sell(&b, vector, report, "2026-05-10"); /* ended 2026-11-10: grace to 2026-12-10 */
    sell(&b, sever, report, "2025-09-15");                /* ended 2026-03-15, window closed 2026-04-15: lapsed */
    sup_id a = sell(&b, alfa, report, "2025-10-20");      /* ended 2026-04-20 ... */
    pay_offer(&b, a, "2026-05-05");                       /* ... renewed in the window: preferential, to 2027-04-20 */
    sup_id s = sell(&b, smirnova, ext, "2025-06-01");     /* ended 2026-06-01, window closed 2026-07-01 ... */
    pay_offer(&b, s, "2026-08-20");                       /* ... renewed late: standard, to 2027-08-20 */
    sup_id o = sell(&b, oblako, cloud, "2026-10-25");     /* paid to 2026-11-25 ... */
    pay_offer(&b, o, "2026-11-20");                       /* ... and again: to 2026-12-25 */
    sell(&b, kozlov, cloud, "2026-08-01");                /* paid to 2026-09-01: expired */
    *notice_license = grace;
    *notify_release = r31;
    if (b.rc != SUP_OK) {
        char what[128];
        snprintf(what, sizeof what, "demo: building the sample (%s)", b.what);
        return fail_lib(b.rc, what);
    }
    return EXIT_OK;
}

/* ---- printing ---------------------------------------------------------------------------------------------- */

/* Run another command exactly as a user would, on the demo ledger. */
static int run_as(const command *cmd, const char *const *args, size_t n)
{
    char **argv = xmalloc((n + 1) * sizeof *argv);
    for (size_t i = 0; i < n; i++)
        argv[i] = xstrdup(args[i]);
    argv[n] = NULL;
    fflush(stdout);
    int st = cmd->run((int)n, argv);
    fflush(stdout);
    for (size_t i = 0; i < n; i++)
        free(argv[i]);
    free(argv);
    return st;
}

static int print_all_licenses(const char *path, sup_date on)
{
    sup_ledger *l = NULL;
    int st = ledger_open(path, false, &l);
    if (st != EXIT_OK)
        return st;
    catalog cat = {NULL, 0};
    license_view *views = NULL;
    size_t n = 0, cap = 0;
    sup_cursor *c = NULL;
    int rc = catalog_load(l, &cat);
    if (rc == SUP_OK)
        rc = sup_ledger_list_licenses(l, 0, on, &c);
    while (rc == SUP_OK) {
        int more = sup_cursor_next(c);
        if (more < 0)
            rc = more;
        if (more <= 0)
            break;
        if (n == cap) {
            cap = cap ? cap * 2 : 16;
            views = xrealloc(views, cap * sizeof *views);
        }
        rc = license_view_load(l, &cat, sup_cursor_int64(c, SUP_LICCOL_LICENSE), on, NULL, &views[n]);
        n++;
    }
    if (rc == SUP_OK)
        print_licenses_overview(stdout, views, n, true);
    else
        st = fail_lib(rc, "demo");
    for (size_t i = 0; i < n; i++)
        license_view_free(&views[i]);
    free(views);
    sup_cursor_free(c);
    catalog_free(&cat);
    sup_ledger_close(l);
    return st;
}

static void heading(const char *title, const char *command_line)
{
    printf("\n== %s\n   $ %s\n", title, command_line);
}

/* One section of the report: its heading with the equivalent command line, then the command's output. */
static int section(const char *title, const char *command_line, const command *cmd, const char *const *args,
                   size_t nargs)
{
    heading(title, command_line);
    return run_as(cmd, args, nargs);
}

/* `s` as one word of a shell command line: as is when it is plain, else in single quotes (a URI's ? and &). */
static const char *shell_word(const char *s, char *buf, size_t size)
{
    static const char plain[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789_./:@%+=,-";
    if (s[0] != '\0' && strspn(s, plain) == strlen(s)) {
        snprintf(buf, size, "%s", s);
        return buf;
    }
    size_t o = 0;
    if (size < 3)
        return "''";
    buf[o++] = '\'';
    for (const char *p = s; *p != '\0' && o + 6 < size; p++) {
        if (*p == '\'') {
            memcpy(buf + o, "'\\''", 4); /* close, an escaped quote, reopen */
            o += 4;
        } else {
            buf[o++] = *p;
        }
    }
    buf[o++] = '\'';
    buf[o] = '\0';
    return buf;
}

/* The report; `shown` is the ledger as the printed command lines name it (no password, quoted). */
static int print_report(const char *path, const char *shown_path, const char *on_text, sup_date on,
                        sup_id notice_license, sup_id notify_release)
{
    char line[1024], lic[24], rel[24], word[600];
    const char *shown = shell_word(shown_path, word, sizeof word);
    snprintf(lic, sizeof lic, "%lld", (long long)notice_license);
    snprintf(rel, sizeof rel, "%lld", (long long)notify_release);
    int st;

    /* Each section runs only if the previous ones succeeded: the first failure is the report's status. */
    snprintf(line, sizeof line, "supportctl product-list --ledger %s --on %s", shown, on_text);
    const char *a1[] = {"--ledger", path, "--on", on_text};
    st = section("Products and list prices (7990 rub until 2026-11-30, then 8990 rub)", line, &cmd_product_list, a1,
                 4);
    if (st != EXIT_OK)
        return st;

    snprintf(line, sizeof line, "supportctl customer --ledger %s --customer CODE --on %s", shown, on_text);
    heading("Every license: status, support end, preferential window, the offer, releases", line);
    fflush(stdout);
    st = print_all_licenses(path, on);
    if (st != EXIT_OK)
        return st;

    snprintf(line, sizeof line, "supportctl expiring --ledger %s --on %s --days 30", shown, on_text);
    const char *a2[] = {"--ledger", path, "--on", on_text, "--days", "30"};
    st = section("Support ending within 30 days: remind them", line, &cmd_expiring, a2, 6);
    if (st != EXIT_OK)
        return st;

    snprintf(line, sizeof line, "supportctl preferential --ledger %s --on %s", shown, on_text);
    const char *a3[] = {"--ledger", path, "--on", on_text};
    st = section("In the preferential window: still renewable at the preferential rate", line, &cmd_preferential, a3,
                 4);
    if (st != EXIT_OK)
        return st;

    snprintf(line, sizeof line, "supportctl lapsed --ledger %s --on %s", shown, on_text);
    st = section("Lapsed and expired: a renewal is now at the standard rate; a subscription must be paid again", line,
                 &cmd_lapsed, a3, 4);
    if (st != EXIT_OK)
        return st;

    snprintf(line, sizeof line, "supportctl renewal-quote --ledger %s --license %s --on %s", shown, lic, on_text);
    const char *a4[] = {"--ledger", path, "--license", lic, "--on", on_text};
    st = section("A renewal quote (the policy page's example: 7990 rub -> 1998 rub)", line, &cmd_renewal_quote, a4, 6);
    if (st != EXIT_OK)
        return st;

    snprintf(line, sizeof line, "supportctl notify --ledger %s --release %s", shown, rel);
    const char *a5[] = {"--ledger", path, "--release", rel};
    st = section("Whom to tell about release 3.1 of REPORT6 (support active on its date)", line, &cmd_notify, a5, 4);
    if (st != EXIT_OK)
        return st;

    snprintf(line, sizeof line, "supportctl license --ledger %s --license %s --on %s --notice", shown, lic, on_text);
    const char *a6[] = {"--ledger", path, "--license", lic, "--on", on_text, "--notice"};
    return section("The renewal notice for one customer (Russian, as the customer reads it)", line, &cmd_license, a6,
                   7);
}

/* ---- the command ---------------------------------------------------------------------------------------------- */

static void remove_sidecars(const char *path)
{
    char side[4096];
    static const char *const suffixes[] = {"-wal", "-shm", "-journal"};
    for (size_t i = 0; i < 3; i++) {
        snprintf(side, sizeof side, "%s%s", path, suffixes[i]);
        (void)unlink(side);
    }
}

/* Build the sample in a new SQLite file at `file`, as one batch. */
static int build_sample(const char *file, const char *shown, sup_id *notice_license, sup_id *notify_release)
{
    remove_sidecars(file);
    (void)unlink(file);
    sup_ledger *l = NULL;
    int rc = sup_ledger_open(file, SUP_LEDGER_CREATE, &l);
    if (rc != SUP_OK) {
        fail_input("--ledger: cannot create \"%s\" (built in a temporary file first): %s", shown,
                   sup_error_message());
        return exit_status_for(rc) == EXIT_OK ? EXIT_FAILURE_ENV : exit_status_for(rc);
    }
    int st = EXIT_OK;
    rc = sup_ledger_begin(l);
    if (rc != SUP_OK)
        st = fail_lib(rc, "demo");
    if (st == EXIT_OK)
        st = populate(l, notice_license, notify_release);
    if (st == EXIT_OK) {
        rc = sup_ledger_commit(l);
        if (rc != SUP_OK)
            st = fail_lib(rc, "demo");
    }
    sup_ledger_close(l);
    return st;
}

static void remove_file(const char *file)
{
    remove_sidecars(file);
    (void)unlink(file);
}

/* SQLite: build beside `path`, then rename over it (an interrupted demo leaves the old file or the new one). */
static int demo_in_file(const char *path, sup_id *notice_license, sup_id *notify_release)
{
    char tmp[4096];
    snprintf(tmp, sizeof tmp, "%s.demo-tmp-%ld", path, (long)getpid());
    int st = build_sample(tmp, path, notice_license, notify_release);
    if (st == EXIT_OK) {
        remove_sidecars(path); /* an old demo ledger's; they must not meet the new file */
        if (rename(tmp, path) != 0) {
            fail_input("--ledger: cannot move the demo ledger into place as \"%s\": %s", path, strerror(errno));
            st = EXIT_FAILURE_ENV;
        }
    }
    if (st != EXIT_OK)
        remove_file(tmp);
    return st;
}

/* PostgreSQL: build in a private temporary SQLite file, then copy it into the schema in one transaction. */
static int demo_in_database(const char *path, const char *shown, sup_id *notice_license, sup_id *notify_release)
{
    const char *tmpdir = getenv("TMPDIR");
    char dir[3800], file[4000];
    bool tmp_ok = tmpdir != NULL && tmpdir[0] == '/' && strlen(tmpdir) < 3000;
    snprintf(dir, sizeof dir, "%s/supportctl-demo-XXXXXX", tmp_ok ? tmpdir : "/tmp");
    if (mkdtemp(dir) == NULL) {
        fail_input("demo: cannot create a temporary directory \"%s\": %s", dir, strerror(errno));
        return EXIT_FAILURE_ENV;
    }
    snprintf(file, sizeof file, "%s/demo.db", dir);
    int st = build_sample(file, shown, notice_license, notify_release);
    if (st == EXIT_OK) {
        sup_ledger_migration m = {SUP_LEDGER_MIGRATION_VERSION, 0, 0, ""};
        int rc = sup_ledger_migrate(file, path, NULL, &m);
        if (rc == SUP_ECONFLICT)
            st = fail_input("--ledger: \"%s\" is not empty: the demo only creates a new ledger in a missing or empty "
                            "schema (%s)",
                            shown, sup_error_message());
        else if (rc != SUP_OK) {
            char what[600];
            snprintf(what, sizeof what, "--ledger \"%.500s\"", shown);
            st = fail_lib(rc, what);
        }
    }
    remove_file(file);
    (void)rmdir(dir);
    return st;
}

static int run_demo(int argc, char **argv)
{
    opt o[] = {{"--ledger", true, false, NULL}, {"--on", true, false, NULL}};
    bool help;
    if (!parse_options(&cmd_demo, argc, argv, o, NOPTS(o), NULL, 0, NULL, &help))
        return EXIT_BAD_INPUT;
    if (help)
        return EXIT_OK;
    const char *path = opt_get(o, NOPTS(o), "--ledger");
    if (path == NULL)
        path = DEMO_LEDGER;
    const char *on_text = opt_get(o, NOPTS(o), "--on");
    if (on_text == NULL)
        on_text = DEMO_TODAY;
    sup_date on;
    if (!arg_date("--on", on_text, &on))
        return EXIT_BAD_INPUT;
    if (path[0] == '\0' || strlen(path) > 4000)
        return fail_input("--ledger: a file path or a postgresql:// URI is needed");
    bool on_pg = strcmp(sup_ledger_target_backend(path), "postgresql") == 0;
    char shown[512];
    shown_target(path, shown);

    bool replacing = false;
    int st = check_replaceable(path, shown, on_pg, &replacing);
    if (st != EXIT_OK)
        return st;
    sup_id notice_license = 0, notify_release = 0;
    st = on_pg ? demo_in_database(path, shown, &notice_license, &notify_release)
               : demo_in_file(path, &notice_license, &notify_release);
    if (st != EXIT_OK)
        return st;

    printf("supportctl demo: a sample ledger in %s%s.\n"
           "Business date (\"today\"): %s. 3 products (a 6-month and a 12-month perpetual, a monthly\n"
           "subscription), a price change on 2026-12-01, releases, 8 customers in every status.\n"
           "Every figure below is the library's answer; each heading shows the command that prints it.\n",
           shown, replacing ? " (replacing the earlier demo ledger)" : "", on_text);
    return print_report(path, shown, on_text, on, notice_license, notify_release);
}

const command cmd_demo = {
    "demo", "[--ledger LEDGER] [--on DATE]",
    "The main job: create a sample ledger (default ./" DEMO_LEDGER ") and print what the other\n"
    "commands say about it. Products: REPORT6 (perpetual, 6 months of support, 7990 rub, 8990\n"
    "rub from 2026-12-01), EXT12 (perpetual, 12 months, 12000 rub), CLOUD1 (a monthly\n"
    "subscription, 990 rub); releases; customers whose licenses are active, expiring, in the\n"
    "preferential window, lapsed, renewed at the preferential and at the standard rate, and a\n"
    "subscription paid and one expired. It prints the statuses, quotes, the managers' lists and\n"
    "the Russian renewal notice of the customer in the preferential window.\n"
    "\n"
    "  --ledger LEDGER where to create it (default ./" DEMO_LEDGER "). An existing file is replaced only if\n"
    "                  it is an earlier demo ledger (every change made by \"" DEMO_ACTOR "\");\n"
    "                  any other file is left untouched and the demo exits with status 2.\n"
    "                  A postgresql:// URI (?schema=NAME): the schema must be missing or empty;\n"
    "                  the sample is copied into it in one transaction (an earlier demo ledger\n"
    "                  there is not replaced: drop its schema first).\n"
    "  --on DATE       the business date of the report (default " DEMO_TODAY "; the sample's\n"
    "                  dates are fixed, nothing reads the clock)\n"
    "\n"
    "Afterwards every other command works on it, e.g.\n"
    "  supportctl customer --ledger " DEMO_LEDGER " --customer VECTOR --on " DEMO_TODAY " --notice\n",
    run_demo, 0};
