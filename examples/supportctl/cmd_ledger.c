#define _POSIX_C_SOURCE 200809L
/*
 * supportctl — the ledger: opening it, and the set-up and catalogue commands
 * (init, products and prices, policy versions, customers, releases).
 */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define NOPTS(a) (sizeof(a) / sizeof((a)[0]))

/* ---- opening ---------------------------------------------------------------------------------- */

const char *ledger_path(const opt *opts, size_t nopts)
{
    const char *p = opt_get(opts, nopts, "--ledger");
    return p != NULL ? p : DEFAULT_LEDGER;
}

const char *ledger_actor(const opt *opts, size_t nopts)
{
    const char *a = opt_get(opts, nopts, "--actor");
    return a != NULL ? a : DEFAULT_ACTOR;
}

int64_t now_ms(void)
{
    struct timespec ts;
    if (clock_gettime(CLOCK_REALTIME, &ts) != 0 || ts.tv_sec < 0)
        return 0;
    return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

const char *utc_time(int64_t ms, char *buf, size_t size)
{
    buf[0] = '\0';
    if (ms <= 0)
        return buf;
    time_t secs = (time_t)(ms / 1000);
    struct tm tm;
    if (gmtime_r(&secs, &tm) == NULL)
        return buf;
    char day[24];
    strftime(day, sizeof day, "%Y-%m-%dT%H:%M:%S", &tm);
    snprintf(buf, size, "%s.%03dZ", day, (int)(ms % 1000));
    return buf;
}

int open_stamped(const char *target, unsigned flags, sup_ledger **out)
{
    return open_stamped_mode(target, flags, 0u, out);
}

int open_stamped_mode(const char *target, unsigned flags, unsigned file_mode, sup_ledger **out)
{
    sup_ledger_open_options o;
    int rc = sup_ledger_open_options_init(&o, SUP_LEDGER_OPEN_OPTIONS_VERSION);
    if (rc != SUP_OK)
        return rc;
    o.flags = flags;
    o.file_mode = file_mode;
    o.time_ms = now_ms();
    return sup_ledger_open_ext(target, &o, out);
}

const char *shown_target(const char *target, char *buf)
{
    if (sup_ledger_target_display(target, buf, 512) != SUP_OK)
        snprintf(buf, 512, "(a ledger)");
    return buf;
}

int ledger_open(const char *path, bool write, sup_ledger **out)
{
    char sh[512];
    /* Queries also open for writing when they may: only a read-write connection removes SQLite's
     * -wal and -shm files when it closes. A read-only file is then opened read-only. */
    int rc = open_stamped(path, 0u, out);
    if (rc == SUP_EREADONLY && !write)
        rc = open_stamped(path, SUP_LEDGER_READONLY, out);
    if (rc == SUP_OK)
        return EXIT_OK;
    if (rc == SUP_ENOTFOUND)
        return fail_input("--ledger: no ledger at \"%s\": create one with `supportctl init --ledger %s`",
                          shown_target(path, sh), sh);
    if (rc == SUP_EREADONLY && write) {
        fail_input("--ledger: the ledger \"%s\" is read-only for this user (%s); this command changes it",
                   shown_target(path, sh), sup_error_message());
        return EXIT_FAILURE_ENV;
    }
    char what[600];
    snprintf(what, sizeof what, "--ledger \"%.500s\"", shown_target(path, sh));
    return fail_lib(rc, what);
}

/* ---- shared bits ------------------------------------------------------------------------------ */

static int find_product(sup_ledger *l, const char *code, sup_id *id)
{
    int rc = sup_ledger_find_product(l, code, id);
    if (rc == SUP_ENOTFOUND)
        return fail_input("--product: no product with code \"%s\" (see supportctl product-list)", code);
    return rc == SUP_OK ? EXIT_OK : fail_lib(rc, "--product");
}

static int find_customer(sup_ledger *l, const char *code, sup_id *id)
{
    int rc = sup_ledger_find_customer(l, code, id);
    if (rc == SUP_ENOTFOUND)
        return fail_input("--customer: no customer with code \"%s\" (see supportctl customer-list)", code);
    return rc == SUP_OK ? EXIT_OK : fail_lib(rc, "--customer");
}

/* Run the common prologue: parse, --help. Returns -1 to go on, else the exit status. */
static int prologue(const command *cmd, int argc, char **argv, opt *o, size_t n)
{
    bool help;
    if (!parse_options(cmd, argc, argv, o, n, NULL, 0, NULL, &help))
        return EXIT_BAD_INPUT;
    return help ? EXIT_OK : -1;
}

/* ---- init -------------------------------------------------------------------------------------- */

static int run_init(int argc, char **argv)
{
    opt o[] = {LEDGER_OPTS, {"--readonly-role", true, false, NULL}, {"--mode", true, false, NULL},
               {"--json", false, false, NULL}};
    int st = prologue(&cmd_init, argc, argv, o, NOPTS(o));
    if (st >= 0)
        return st;
    const char *path = ledger_path(o, NOPTS(o)), *role = opt_get(o, NOPTS(o), "--readonly-role");
    char sh[512];
    shown_target(path, sh);
    if (role != NULL && strcmp(sup_ledger_target_backend(path), "postgresql") != 0)
        return fail_input("--readonly-role: read-only roles are a PostgreSQL feature; an SQLite ledger is shared "
                          "through file permissions (docs/ledger.md, \"Several users\")");
    const char *mode_text = opt_get(o, NOPTS(o), "--mode");
    unsigned long mode = 0;
    if (mode_text != NULL) {
        char *end = NULL;
        mode = strtoul(mode_text, &end, 8);
        if (end == mode_text || *end != '\0' || mode == 0 || mode > 0777)
            return fail_input("--mode: \"%s\" is not an octal file mode like 0660", mode_text);
    }
    sup_ledger *l = NULL;
    /* The library says whether this call made the ledger: of several processes creating one path at
     * once exactly one did; an empty file left by a failed init (a full disk) is simply made again. */
    int rc = open_stamped_mode(path, SUP_LEDGER_CREATE, (unsigned)mode, &l);
    if (rc == SUP_ENOTLEDGER)
        return fail_input("--ledger: \"%s\" exists and is not a ledger: init only creates a new ledger (%s)", sh,
                          sup_error_message());
    if (rc != SUP_OK)
        return fail_lib(rc, "--ledger");
    if (!sup_ledger_created(l)) {
        sup_ledger_close(l);
        return fail_input("--ledger: \"%s\" already exists and holds a ledger: init only creates a new ledger", sh);
    }
    sup_id version = 0;
    sup_policy *pol = NULL;
    rc = sup_ledger_get_policy(l, SUP_DATE_MIN, &version, &pol);
    sup_policy_free(pol);
    if (rc == SUP_OK && role != NULL)
        rc = sup_ledger_grant_readonly(l, role);
    sup_ledger_close(l);
    if (rc != SUP_OK)
        return fail_lib(rc, role != NULL ? "--readonly-role" : "init");
    if (opt_flag(o, NOPTS(o), "--json")) {
        json j = {0};
        json_begin_object(&j, NULL);
        json_str(&j, "ledger", sh);
        json_int(&j, "schema_version", sup_ledger_schema_version());
        json_int(&j, "policy_version", version);
        if (role != NULL)
            json_str(&j, "readonly_role", role);
        json_end_object(&j);
        json_done(&j);
    } else {
        printf("created the ledger %s (schema version %d; the default policy is version %lld, in force from "
               "1900-01-01)\n",
               sh, sup_ledger_schema_version(), (long long)version);
        if (role != NULL)
            printf("the role %s may read it and nothing else\n", role);
    }
    return EXIT_OK;
}

const command cmd_init = {
    "init", "[--ledger LEDGER] [--mode OCTAL] [--readonly-role NAME] [--json]",
    "Create a new, empty ledger holding the library's default policy as policy version 1,\n"
    "in force from 1900-01-01: an SQLite file (a path), or the tables of a PostgreSQL\n"
    "ledger (a postgresql:// URI; ?schema=NAME chooses the schema, created if missing).\n"
    "Refuses a ledger that already exists, and a file or schema holding anything else.\n"
    "Every other ledger command refuses a missing ledger.\n"
    "\n"
    "  --ledger LEDGER       where to create it (default ./" DEFAULT_LEDGER ")\n"
    "  --mode OCTAL          SQLite: the new file's permissions, exactly (e.g. 0660 for a ledger\n"
    "                        shared by a group: docs/ledger.md, \"Several users\")\n"
    "  --readonly-role NAME  PostgreSQL: let the role NAME read the ledger and nothing else\n"
    "                        (created with LOGIN and no password if it does not exist), for a\n"
    "                        website that only shows what the ledger holds\n"
    "\n"
    "JSON keys: ledger (the path or URI), schema_version, policy_version (the default policy's\n"
    "id), and readonly_role when one was given.\n",
    run_init, 0};

/* ---- products ------------------------------------------------------------------------------------ */

/* Print one product (code, name, kind, term, prices) as a JSON object or key: value lines. */
static int emit_product(sup_ledger *l, sup_id id, json *j, bool with_on, sup_date on)
{
    catalog cat;
    int rc = catalog_load(l, &cat);
    if (rc != SUP_OK)
        return fail_lib(rc, "product");
    const product_item *p = catalog_product(&cat, id);
    sup_product *prod = NULL;
    rc = p != NULL ? sup_ledger_get_product(l, id, &prod) : SUP_ENOTFOUND;
    if (rc != SUP_OK) {
        catalog_free(&cat);
        return fail_lib(rc, "product");
    }
    size_t n = sup_product_price_count(prod);
    if (j != NULL) {
        json_begin_object(j, NULL);
        json_int(j, "product_id", p->id);
        json_str(j, "code", p->code);
        json_str(j, "name", p->name);
        json_str(j, "kind", sup_license_kind_name(p->kind));
        json_int(j, "support_months", p->support_months);
        json_begin_array(j, "prices");
        for (size_t i = 0; i < n; i++) {
            sup_date eff;
            sup_money price;
            if (sup_product_price_at(prod, i, &eff, &price) != SUP_OK)
                continue;
            json_begin_object(j, NULL);
            json_date(j, "effective", eff);
            json_money(j, "price_kopecks", "price", price);
            json_end_object(j);
        }
        json_end_array(j);
        if (with_on) {
            sup_money price;
            if (sup_product_price_on(prod, on, &price) == SUP_OK) {
                json_money(j, "price_on_kopecks", "price_on", price);
            } else {
                json_str(j, "price_on_kopecks", NULL);
                json_str(j, "price_on", NULL);
            }
        }
        json_end_object(j);
    } else {
        printf("product %lld: %s (%s)\n", (long long)p->id, p->name, p->code);
        printf("  %-16s%s\n", "kind", sup_license_kind_name(p->kind));
        printf("  %-16s%d\n", "support months", p->support_months);
        printf("  %-16s", "prices");
        for (size_t i = 0; i < n; i++) {
            sup_date eff;
            sup_money price;
            char d[SUP_DATE_BUFSIZE], m[SUP_MONEY_BUFSIZE];
            if (sup_product_price_at(prod, i, &eff, &price) == SUP_OK)
                printf("%s%s rub from %s", i ? ", " : "", money_plain(price, m), iso(eff, d));
        }
        printf("%s\n", n ? "" : "none yet");
    }
    sup_product_free(prod);
    catalog_free(&cat);
    return EXIT_OK;
}

static int product_out(sup_ledger *l, sup_id id, bool as_json)
{
    if (!as_json)
        return emit_product(l, id, NULL, false, 0);
    json j = {0};
    int st = emit_product(l, id, &j, false, 0);
    if (st == EXIT_OK)
        json_done(&j);
    return st;
}

static int run_product_add(int argc, char **argv)
{
    opt o[] = {LEDGER_OPTS,
               {"--code", true, true, NULL},
               {"--name", true, true, NULL},
               {"--kind", true, true, NULL},
               {"--support-months", true, false, NULL},
               {"--price", true, false, NULL},
               {"--effective", true, false, NULL},
               {"--json", false, false, NULL}};
    int st = prologue(&cmd_product_add, argc, argv, o, NOPTS(o));
    if (st >= 0)
        return st;
    const char *kind_text = opt_get(o, NOPTS(o), "--kind");
    const char *months_text = opt_get(o, NOPTS(o), "--support-months");
    const char *price_text = opt_get(o, NOPTS(o), "--price");
    const char *eff_text = opt_get(o, NOPTS(o), "--effective");
    sup_license_kind kind;
    if (sup_license_kind_from_name(kind_text, &kind) != SUP_OK)
        return fail_input("--kind: unknown license kind \"%s\": expected perpetual, subscription_monthly or "
                          "subscription_yearly",
                          kind_text);
    long months = SUP_SUPPORT_MONTHS_DEFAULT; /* the library applies the ledger's default term */
    if (months_text != NULL && !arg_int("--support-months", months_text, 0, SUP_MONTHS_MAX, &months))
        return EXIT_BAD_INPUT;
    sup_money price = 0;
    sup_date eff = 0;
    if ((price_text == NULL) != (eff_text == NULL))
        return fail_input("%s needs %s: a first price takes effect on a date", price_text ? "--price" : "--effective",
                          price_text ? "--effective" : "--price");
    if (price_text != NULL && (!arg_money("--price", price_text, &price) || !arg_date("--effective", eff_text, &eff)))
        return EXIT_BAD_INPUT;
    if (price < 0)
        return fail_input("--price: a list price cannot be negative (\"%s\")", price_text);

    sup_ledger *l = NULL;
    st = ledger_open(ledger_path(o, NOPTS(o)), true, &l);
    if (st != EXIT_OK)
        return st;
    const char *actor = ledger_actor(o, NOPTS(o));
    sup_id id = 0;
    int rc = sup_ledger_begin(l);
    if (rc == SUP_OK)
        rc = sup_ledger_add_product(l, actor, opt_get(o, NOPTS(o), "--code"), opt_get(o, NOPTS(o), "--name"), kind,
                                    (int)months, &id);
    if (rc == SUP_OK && price_text != NULL)
        rc = sup_ledger_set_price(l, actor, id, eff, price);
    if (rc == SUP_OK)
        rc = sup_ledger_commit(l);
    if (rc != SUP_OK) {
        st = fail_lib(rc, "product-add");
        sup_ledger_close(l); /* rolls the batch back */
        return st;
    }
    st = product_out(l, id, opt_flag(o, NOPTS(o), "--json"));
    sup_ledger_close(l);
    return st;
}

#define PRODUCT_JSON                                                                                            \
    "JSON keys: product_id, code, name, kind (perpetual|subscription_monthly|subscription_yearly),\n"          \
    "support_months, prices (a list of {effective, price_kopecks, price}, by date).\n"

const command cmd_product_add = {
    "product-add",
    "--code CODE --name NAME --kind KIND [--support-months N] [--price RUBLES --effective DATE] [--json]",
    "Add a product with a unique code. KIND: perpetual, subscription_monthly or\n"
    "subscription_yearly. --support-months: the support term a purchase brings (perpetual;\n"
    "default: the default_support_months of the ledger's latest policy version, applied by the\n"
    "library); for a subscription 0 or its period (the default). --price with --effective sets\n"
    "the first list price (one change).\n"
    "\n" PRODUCT_JSON,
    run_product_add, CMD_LEDGER | CMD_CHANGES};

static int run_product_update(int argc, char **argv)
{
    opt o[] = {LEDGER_OPTS,
               {"--product", true, true, NULL},
               {"--name", true, false, NULL},
               {"--support-months", true, false, NULL},
               {"--json", false, false, NULL}};
    int st = prologue(&cmd_product_update, argc, argv, o, NOPTS(o));
    if (st >= 0)
        return st;
    const char *name = opt_get(o, NOPTS(o), "--name");
    const char *months_text = opt_get(o, NOPTS(o), "--support-months");
    long months = -1;
    if (name == NULL && months_text == NULL)
        return fail_input("product-update: nothing to change: give --name and/or --support-months");
    if (months_text != NULL && !arg_int("--support-months", months_text, 0, SUP_MONTHS_MAX, &months))
        return EXIT_BAD_INPUT;
    sup_ledger *l = NULL;
    st = ledger_open(ledger_path(o, NOPTS(o)), true, &l);
    if (st != EXIT_OK)
        return st;
    sup_id id = 0;
    st = find_product(l, opt_get(o, NOPTS(o), "--product"), &id);
    if (st == EXIT_OK) {
        int rc = sup_ledger_update_product(l, ledger_actor(o, NOPTS(o)), id, name, (int)months);
        st = rc == SUP_OK ? product_out(l, id, opt_flag(o, NOPTS(o), "--json")) : fail_lib(rc, "product-update");
    }
    sup_ledger_close(l);
    return st;
}

const command cmd_product_update = {
    "product-update", "--product CODE [--name NAME] [--support-months N] [--json]",
    "Rename a product and/or change its support term (which applies to later sales only;\n"
    "the kind never changes). The audit trail keeps the old values.\n"
    "\n" PRODUCT_JSON,
    run_product_update, CMD_LEDGER | CMD_CHANGES};

static int run_product_price(int argc, char **argv)
{
    opt o[] = {LEDGER_OPTS,
               {"--product", true, true, NULL},
               {"--price", true, true, NULL},
               {"--effective", true, true, NULL},
               {"--json", false, false, NULL}};
    int st = prologue(&cmd_product_price, argc, argv, o, NOPTS(o));
    if (st >= 0)
        return st;
    sup_money price;
    sup_date eff;
    if (!arg_money("--price", opt_get(o, NOPTS(o), "--price"), &price) ||
        !arg_date("--effective", opt_get(o, NOPTS(o), "--effective"), &eff))
        return EXIT_BAD_INPUT;
    if (price < 0)
        return fail_input("--price: a list price cannot be negative (\"%s\")", opt_get(o, NOPTS(o), "--price"));
    sup_ledger *l = NULL;
    st = ledger_open(ledger_path(o, NOPTS(o)), true, &l);
    if (st != EXIT_OK)
        return st;
    sup_id id = 0;
    st = find_product(l, opt_get(o, NOPTS(o), "--product"), &id);
    if (st == EXIT_OK) {
        int rc = sup_ledger_set_price(l, ledger_actor(o, NOPTS(o)), id, eff, price);
        st = rc == SUP_OK ? product_out(l, id, opt_flag(o, NOPTS(o), "--json")) : fail_lib(rc, "product-price");
    }
    sup_ledger_close(l);
    return st;
}

const command cmd_product_price = {
    "product-price", "--product CODE --price RUBLES --effective DATE [--json]",
    "Set the list price that takes effect on --effective and holds until the next price.\n"
    "A price on a date that already has one supersedes it (the old one stays on record).\n"
    "Renewals are priced at the list price in force on the renewal date.\n"
    "\n" PRODUCT_JSON,
    run_product_price, CMD_LEDGER | CMD_CHANGES};

static int run_product_list(int argc, char **argv)
{
    opt o[] = {LEDGER_OPTS, {"--on", true, false, NULL}, {"--json", false, false, NULL}};
    int st = prologue(&cmd_product_list, argc, argv, o, NOPTS(o));
    if (st >= 0)
        return st;
    const char *on_text = opt_get(o, NOPTS(o), "--on");
    sup_date on = 0;
    if (on_text != NULL && !arg_date("--on", on_text, &on))
        return EXIT_BAD_INPUT;
    sup_ledger *l = NULL;
    st = ledger_open(ledger_path(o, NOPTS(o)), false, &l);
    if (st != EXIT_OK)
        return st;
    catalog cat;
    int rc = catalog_load(l, &cat);
    if (rc != SUP_OK) {
        sup_ledger_close(l);
        return fail_lib(rc, "product-list");
    }
    if (opt_flag(o, NOPTS(o), "--json")) {
        json j = {0};
        json_begin_object(&j, NULL);
        json_begin_array(&j, "products");
        for (size_t i = 0; i < cat.n && st == EXIT_OK; i++)
            st = emit_product(l, cat.items[i].id, &j, on_text != NULL, on);
        json_end_array(&j);
        json_end_object(&j);
        json_done(&j);
    } else {
        static const char *const head7[] = {"ID", "CODE", "NAME", "KIND", "SUPPORT MONTHS", "PRICE ON DATE",
                                            "PRICES"};
        static const char *const head6[] = {"ID", "CODE", "NAME", "KIND", "SUPPORT MONTHS", "PRICES"};
        table t;
        table_init(&t, on_text ? 7 : 6, on_text ? head7 : head6, on_text ? "rlllrrl" : "rlllrl");
        for (size_t i = 0; i < cat.n && st == EXIT_OK; i++) {
            const product_item *p = &cat.items[i];
            sup_product *prod = NULL;
            rc = sup_ledger_get_product(l, p->id, &prod);
            if (rc != SUP_OK) {
                st = fail_lib(rc, "product-list");
                break;
            }
            char id[24], months[16], now[SUP_MONEY_BUFSIZE] = "", prices[1024] = "";
            snprintf(id, sizeof id, "%lld", (long long)p->id);
            snprintf(months, sizeof months, "%d", p->support_months);
            size_t n = sup_product_price_count(prod), len = 0;
            for (size_t k = 0; k < n && len + 64 < sizeof prices; k++) {
                sup_date eff;
                sup_money price;
                char d[SUP_DATE_BUFSIZE], m[SUP_MONEY_BUFSIZE];
                if (sup_product_price_at(prod, k, &eff, &price) == SUP_OK)
                    len += (size_t)snprintf(prices + len, sizeof prices - len, "%s%s from %s", k ? ", " : "",
                                            money_plain(price, m), iso(eff, d));
            }
            sup_money price;
            if (on_text != NULL && sup_product_price_on(prod, on, &price) == SUP_OK)
                money_plain(price, now);
            sup_product_free(prod);
            const char *row7[] = {id, p->code, p->name, sup_license_kind_name(p->kind), months, now, prices};
            const char *row6[] = {id, p->code, p->name, sup_license_kind_name(p->kind), months, prices};
            table_row(&t, on_text ? row7 : row6);
        }
        if (st == EXIT_OK)
            table_print(&t, stdout);
        table_free(&t);
    }
    catalog_free(&cat);
    sup_ledger_close(l);
    return st;
}

const command cmd_product_list = {
    "product-list", "[--on DATE] [--json]",
    "Every product with its price history; --on adds the list price in force on that date.\n"
    "\n"
    "JSON: {\"products\": [...]}, each with the keys product_id, code, name, kind,\n"
    "support_months, prices ({effective, price_kopecks, price}); with --on also\n"
    "price_on_kopecks and price_on (null when no price is in force on that date).\n",
    run_product_list, CMD_LEDGER};

/* ---- policy versions ------------------------------------------------------------------------------- */

static const char *rounding_mode_name(sup_rounding_mode m)
{
    switch (m) {
    case SUP_ROUND_HALF_UP: return "half_up";
    case SUP_ROUND_HALF_EVEN: return "half_even";
    case SUP_ROUND_UP: return "up";
    case SUP_ROUND_DOWN: return "down";
    }
    return "";
}

/* One policy version (a row of sup_ledger_list_policies) as JSON or a table row. */
static int policy_row(const sup_cursor *c, json *j, table *t)
{
    const char *text = sup_cursor_text(c, SUP_POLCOL_TEXT);
    sup_policy *p = NULL;
    int rc = sup_policy_parse(text != NULL ? text : "", &p);
    if (rc != SUP_OK)
        return rc;
    sup_id version = sup_cursor_int64(c, SUP_POLCOL_VERSION);
    sup_date eff = sup_cursor_date(c, SUP_POLCOL_EFFECTIVE);
    bool active = sup_cursor_int64(c, SUP_POLCOL_ACTIVE) != 0;
    if (j != NULL) {
        json_begin_object(j, NULL);
        json_int(j, "policy_version", version);
        json_date(j, "effective", eff);
        json_bool(j, "active", active);
        json_int(j, "preferential_rate_bp", sup_policy_preferential_rate(p));
        json_int(j, "standard_rate_bp", sup_policy_standard_rate(p));
        json_int(j, "grace_months", sup_policy_grace_months(p));
        json_int(j, "renewal_months", sup_policy_renewal_months(p));
        json_int(j, "default_support_months", sup_policy_default_support_months(p));
        json_int(j, "rounding_unit_kopecks", sup_policy_rounding_unit(p));
        json_str(j, "rounding_mode", rounding_mode_name(sup_policy_rounding_mode(p)));
        json_bool(j, "phone_support", sup_policy_phone_support(p));
        json_begin_array(j, "contacts");
        for (size_t i = 0; i < sup_policy_contact_count(p); i++) {
            sup_contact_kind k;
            if (sup_policy_contact_kind(p, i, &k) != SUP_OK)
                continue;
            json_begin_object(j, NULL);
            json_str(j, "kind", sup_contact_kind_name(k));
            json_str(j, "value", sup_policy_contact_value(p, i));
            json_end_object(j);
        }
        json_end_array(j);
        json_str(j, "text", text);
        json_end_object(j);
    } else {
        char v[24], d[SUP_DATE_BUFSIZE], pr[16], sr[16], g[16], r[16], s[16], unit[SUP_MONEY_BUFSIZE + 8];
        char contacts[1024] = "";
        snprintf(v, sizeof v, "%lld", (long long)version);
        rate_text(sup_policy_preferential_rate(p), pr, sizeof pr);
        rate_text(sup_policy_standard_rate(p), sr, sizeof sr);
        snprintf(g, sizeof g, "%d", sup_policy_grace_months(p));
        snprintf(r, sizeof r, "%d", sup_policy_renewal_months(p));
        snprintf(s, sizeof s, "%d", sup_policy_default_support_months(p));
        char m[SUP_MONEY_BUFSIZE];
        snprintf(unit, sizeof unit, "%s %s", money_plain(sup_policy_rounding_unit(p), m),
                 rounding_mode_name(sup_policy_rounding_mode(p)));
        size_t len = 0;
        for (size_t i = 0; i < sup_policy_contact_count(p) && len + 300 < sizeof contacts; i++) {
            sup_contact_kind k;
            if (sup_policy_contact_kind(p, i, &k) == SUP_OK)
                len += (size_t)snprintf(contacts + len, sizeof contacts - len, "%s%s %s", i ? ", " : "",
                                        sup_contact_kind_name(k), sup_policy_contact_value(p, i));
        }
        const char *row[] = {v, iso(eff, d), active ? "yes" : "no (superseded)", pr, sr, g, r, s, unit,
                             sup_policy_phone_support(p) ? "yes" : "no", contacts};
        table_row(t, row);
    }
    sup_policy_free(p);
    return SUP_OK;
}

static const char *const policy_head[] = {"VERSION",        "EFFECTIVE", "ACTIVE",   "PREFERENTIAL",
                                          "STANDARD",       "GRACE MONTHS", "RENEWAL MONTHS",
                                          "SUPPORT MONTHS", "ROUNDING",  "PHONE",    "CONTACTS"};

/* List the policy versions (only `only` if > 0). */
static int policy_list(sup_ledger *l, sup_id only, bool as_json)
{
    sup_cursor *c = NULL;
    int rc = sup_ledger_list_policies(l, &c);
    if (rc != SUP_OK)
        return fail_lib(rc, "policy-list");
    json j = {0};
    table t;
    table_init(&t, 11, policy_head, "rlllllrrrll");
    if (as_json && only == 0) {
        json_begin_object(&j, NULL);
        json_begin_array(&j, "policies");
    }
    while (rc == SUP_OK) {
        int more = sup_cursor_next(c);
        if (more < 0)
            rc = more;
        if (more <= 0)
            break;
        if (only > 0 && sup_cursor_int64(c, SUP_POLCOL_VERSION) != only)
            continue;
        rc = policy_row(c, as_json ? &j : NULL, &t);
    }
    sup_cursor_free(c);
    int st = EXIT_OK;
    if (rc != SUP_OK) {
        st = fail_lib(rc, "policy-list");
    } else if (as_json) {
        if (only == 0) {
            json_end_array(&j);
            json_end_object(&j);
        }
        json_done(&j);
    } else {
        table_print(&t, stdout);
    }
    table_free(&t);
    return st;
}

static int run_policy_add(int argc, char **argv)
{
    opt o[] = {LEDGER_OPTS,
               {"--file", true, true, NULL},
               {"--effective", true, true, NULL},
               {"--json", false, false, NULL}};
    int st = prologue(&cmd_policy_add, argc, argv, o, NOPTS(o));
    if (st >= 0)
        return st;
    sup_date eff;
    if (!arg_date("--effective", opt_get(o, NOPTS(o), "--effective"), &eff))
        return EXIT_BAD_INPUT;
    sup_policy *p = NULL;
    if (!arg_policy_file("--file", opt_get(o, NOPTS(o), "--file"), &p))
        return EXIT_BAD_INPUT;
    sup_ledger *l = NULL;
    st = ledger_open(ledger_path(o, NOPTS(o)), true, &l);
    if (st == EXIT_OK) {
        sup_id version = 0;
        int rc = sup_ledger_add_policy(l, ledger_actor(o, NOPTS(o)), eff, p, &version);
        st = rc == SUP_OK ? policy_list(l, version, opt_flag(o, NOPTS(o), "--json")) : fail_lib(rc, "policy-add");
        sup_ledger_close(l);
    }
    sup_policy_free(p);
    return st;
}

#define POLICY_JSON                                                                                             \
    "policy_version, effective, active (false once superseded by a later version with the same\n"             \
    "date), preferential_rate_bp, standard_rate_bp, grace_months, renewal_months,\n"                          \
    "default_support_months, rounding_unit_kopecks, rounding_mode (half_up|half_even|up|down),\n"             \
    "phone_support, contacts ({kind, value}), text (the policy's key = value form).\n"

const command cmd_policy_add = {
    "policy-add", "--file FILE --effective DATE [--json]",
    "Add a policy version from a key = value policy file (the library's form: the defaults\n"
    "changed by lines such as `standard_rate_bp = 4000`, `grace_months = 1`,\n"
    "`contact = email manager@v8PRO.ru`) taking effect on --effective. Renewals are priced by\n"
    "the version in force on their date; a version with the same date as an earlier one\n"
    "supersedes it.\n"
    "\n"
    "JSON keys of the new version: " POLICY_JSON,
    run_policy_add, CMD_LEDGER | CMD_CHANGES};

static int run_policy_list(int argc, char **argv)
{
    opt o[] = {LEDGER_OPTS, {"--json", false, false, NULL}};
    int st = prologue(&cmd_policy_list, argc, argv, o, NOPTS(o));
    if (st >= 0)
        return st;
    sup_ledger *l = NULL;
    st = ledger_open(ledger_path(o, NOPTS(o)), false, &l);
    if (st != EXIT_OK)
        return st;
    st = policy_list(l, 0, opt_flag(o, NOPTS(o), "--json"));
    sup_ledger_close(l);
    return st;
}

const command cmd_policy_list = {"policy-list", "[--json]",
                                 "Every policy version, by effective date.\n"
                                 "\n"
                                 "JSON: {\"policies\": [...]}, each with the keys " POLICY_JSON,
                                 run_policy_list, CMD_LEDGER};

/* ---- customers ------------------------------------------------------------------------------------- */

#define CUSTOMER_FIELD_OPTS                                                                                     \
    {"--phone", true, false, NULL}, {"--inn", true, false, NULL}, {"--kpp", true, false, NULL},                  \
        {"--lang", true, false, NULL}, {"--note", true, false, NULL}

static int prologue_multi(const command *cmd, int argc, char **argv, opt *o, size_t n, opt_multi *m)
{
    bool help;
    if (!parse_options_multi(cmd, argc, argv, o, n, m, 1, &help))
        return EXIT_BAD_INPUT;
    return help ? EXIT_OK : -1;
}

/* The contact fields given on the command line as a change (the library checks every value). */
static unsigned customer_fields_from(const opt *o, size_t n, const opt_multi *email, sup_customer_fields *f)
{
    if (sup_customer_fields_init(f, SUP_CUSTOMER_FIELDS_VERSION) != SUP_OK)
        return 0;
    struct {
        const char *name;
        unsigned bit;
        const char **slot;
    } text[] = {{"--name", SUP_CUSTOMER_NAME, &f->name},  {"--phone", SUP_CUSTOMER_PHONE, &f->phone},
                {"--inn", SUP_CUSTOMER_INN, &f->inn},     {"--kpp", SUP_CUSTOMER_KPP, &f->kpp},
                {"--lang", SUP_CUSTOMER_LANG, &f->lang},  {"--note", SUP_CUSTOMER_NOTE, &f->note}};
    for (size_t i = 0; i < sizeof text / sizeof text[0]; i++) {
        const char *v = opt_get(o, n, text[i].name);
        if (v != NULL) {
            *text[i].slot = v;
            f->change |= text[i].bit;
        }
    }
    if (email->count > 0) {
        f->change |= SUP_CUSTOMER_EMAILS;
        /* `--email ""` alone clears the addresses */
        bool clear = email->count == 1 && email->values[0][0] == '\0';
        f->emails = clear ? NULL : email->values;
        f->email_count = clear ? 0 : email->count;
    }
    return f->change;
}

/* Which option a refused change is about (the library names the field first: "customer INN: …"). */
static const char *customer_culprit(void)
{
    static const struct {
        const char *prefix, *option;
    } map[] = {{"customer e-mail", "--email"}, {"a customer has at most", "--email"},
               {"customer phone", "--phone"},  {"customer INN", "--inn"},
               {"customer KPP", "--kpp"},      {"customer language", "--lang"},
               {"customer note", "--note"},    {"customer name", "--name"}};
    const char *m = sup_error_message();
    for (size_t i = 0; i < sizeof map / sizeof map[0]; i++)
        if (strstr(m, map[i].prefix) != NULL)
            return map[i].option;
    return NULL;
}

static int customer_out(sup_ledger *l, sup_id id, bool as_json)
{
    sup_customer *c = NULL;
    int rc = sup_ledger_get_customer(l, id, &c);
    if (rc != SUP_OK)
        return fail_lib(rc, "customer");
    if (as_json) {
        json j = {0};
        json_begin_object(&j, NULL);
        json_customer_fields(&j, c);
        json_end_object(&j);
        json_done(&j);
    } else {
        printf("customer %lld: %s (%s)\n", (long long)id, sup_customer_name(c), sup_customer_code(c));
        print_customer_contacts(stdout, c);
    }
    sup_customer_free(c);
    return EXIT_OK;
}

static int run_customer_add(int argc, char **argv)
{
    opt o[] = {LEDGER_OPTS,         {"--code", true, true, NULL}, {"--name", true, true, NULL},
               CUSTOMER_FIELD_OPTS, {"--json", false, false, NULL}};
    opt_multi email = {"--email", 0, {NULL}};
    int st = prologue_multi(&cmd_customer_add, argc, argv, o, NOPTS(o), &email);
    if (st >= 0)
        return st;
    sup_customer_fields f;
    customer_fields_from(o, NOPTS(o), &email, &f);
    sup_ledger *l = NULL;
    st = ledger_open(ledger_path(o, NOPTS(o)), true, &l);
    if (st != EXIT_OK)
        return st;
    sup_id id = 0;
    int rc = sup_ledger_add_customer_ext(l, ledger_actor(o, NOPTS(o)), opt_get(o, NOPTS(o), "--code"), &f, &id);
    if (rc == SUP_OK) {
        st = customer_out(l, id, opt_flag(o, NOPTS(o), "--json"));
    } else {
        const char *opt_name = customer_culprit();
        st = fail_lib(rc, opt_name != NULL ? opt_name : rc == SUP_ECONFLICT ? "--code" : "customer-add");
    }
    sup_ledger_close(l);
    return st;
}

#define CUSTOMER_JSON                                                                                           \
    "JSON keys: customer_id, code, name, emails (a list, in order), phone (E.164), inn, kpp,\n"                \
    "lang (\"ru\", \"en\" or null: Russian), note (null where nothing is set).\n"

#define CUSTOMER_FIELDS_HELP                                                                                    \
    "  --email ADDRESS  an e-mail address, as given (repeat for several, at most 16; reminders\n"             \
    "                   go to all of them); the domain's case does not matter for look-ups\n"                  \
    "  --phone PHONE    a phone number in any usual form, stored as +79278531526\n"                            \
    "  --inn INN        10 digits (an organisation) or 12 (a person), check digits verified\n"                \
    "  --kpp KPP        9 characters, only with a 10-digit INN\n"                                              \
    "  --lang ru|en     the language of the customer's reminders (default ru)\n"                              \
    "  --note TEXT      a free note for the managers\n"

const command cmd_customer_add = {
    "customer-add",
    "--code CODE --name NAME [--email ADDRESS]... [--phone PHONE] [--inn INN] [--kpp KPP] [--lang ru|en] "
    "[--note TEXT] [--json]",
    "Add a customer with a unique code (any UTF-8 text without control characters,\n"
    "at most 64 bytes), a name (at most 256 bytes) and contact data:\n"
    "\n" CUSTOMER_FIELDS_HELP "\n" CUSTOMER_JSON,
    run_customer_add, CMD_LEDGER | CMD_CHANGES};

static int run_customer_update(int argc, char **argv)
{
    opt o[] = {LEDGER_OPTS,         {"--customer", true, true, NULL}, {"--name", true, false, NULL},
               CUSTOMER_FIELD_OPTS, {"--json", false, false, NULL}};
    opt_multi email = {"--email", 0, {NULL}};
    int st = prologue_multi(&cmd_customer_update, argc, argv, o, NOPTS(o), &email);
    if (st >= 0)
        return st;
    sup_customer_fields f;
    if (customer_fields_from(o, NOPTS(o), &email, &f) == 0)
        return fail_input("customer-update: nothing to change: give --name, --email, --phone, --inn, --kpp, --lang "
                          "or --note");
    sup_ledger *l = NULL;
    st = ledger_open(ledger_path(o, NOPTS(o)), true, &l);
    if (st != EXIT_OK)
        return st;
    sup_id id = 0;
    st = find_customer(l, opt_get(o, NOPTS(o), "--customer"), &id);
    if (st == EXIT_OK) {
        int rc = sup_ledger_update_customer_ext(l, ledger_actor(o, NOPTS(o)), id, &f, NULL);
        if (rc == SUP_OK) {
            st = customer_out(l, id, opt_flag(o, NOPTS(o), "--json"));
        } else {
            const char *opt_name = customer_culprit();
            st = fail_lib(rc, opt_name != NULL ? opt_name : "customer-update");
        }
    }
    sup_ledger_close(l);
    return st;
}

const command cmd_customer_update = {
    "customer-update",
    "--customer CODE [--name NAME] [--email ADDRESS]... [--phone PHONE] [--inn INN] [--kpp KPP] [--lang ru|en] "
    "[--note TEXT] [--json]",
    "Change what is given of a customer: its name and contact data. --email replaces\n"
    "the whole list of addresses (--email \"\" removes them); any other option given as\n"
    "\"\" clears that field. The audit trail keeps each old and new value; values equal\n"
    "to the stored ones change nothing.\n"
    "\n"
    "  --name NAME      the new name\n" CUSTOMER_FIELDS_HELP "\n" CUSTOMER_JSON,
    run_customer_update, CMD_LEDGER | CMD_CHANGES};

static int run_customer_list(int argc, char **argv)
{
    opt o[] = {LEDGER_OPTS, {"--json", false, false, NULL}};
    int st = prologue(&cmd_customer_list, argc, argv, o, NOPTS(o));
    if (st >= 0)
        return st;
    sup_ledger *l = NULL;
    st = ledger_open(ledger_path(o, NOPTS(o)), false, &l);
    if (st != EXIT_OK)
        return st;
    bool as_json = opt_flag(o, NOPTS(o), "--json");
    sup_cursor *c = NULL;
    int rc = sup_ledger_list_customers(l, &c);
    json j = {0};
    table t;
    static const char *const head[] = {"ID", "CODE", "NAME", "E-MAIL", "PHONE", "INN"};
    table_init(&t, 6, head, "rlllll");
    if (as_json) {
        json_begin_object(&j, NULL);
        json_begin_array(&j, "customers");
    }
    while (rc == SUP_OK) {
        int more = sup_cursor_next(c);
        if (more < 0)
            rc = more;
        if (more <= 0)
            break;
        sup_id id = sup_cursor_int64(c, SUP_CUSTCOL_CUSTOMER);
        if (as_json) {
            sup_customer *cu = NULL; /* the addresses one by one */
            rc = sup_ledger_get_customer(l, id, &cu);
            if (rc == SUP_OK) {
                json_begin_object(&j, NULL);
                json_customer_fields(&j, cu);
                json_end_object(&j);
            }
            sup_customer_free(cu);
        } else {
            char ids[24];
            snprintf(ids, sizeof ids, "%lld", (long long)id);
            const char *row[] = {ids,
                                 sup_cursor_text(c, SUP_CUSTCOL_CODE),
                                 sup_cursor_text(c, SUP_CUSTCOL_NAME),
                                 sup_cursor_text(c, SUP_CUSTCOL_EMAILS),
                                 sup_cursor_text(c, SUP_CUSTCOL_PHONE),
                                 sup_cursor_text(c, SUP_CUSTCOL_INN)};
            table_row(&t, row);
        }
    }
    sup_cursor_free(c);
    st = list_finish(rc, "customer-list", as_json, &j, &t);
    sup_ledger_close(l);
    return st;
}

const command cmd_customer_list = {"customer-list", "[--json]",
                                   "Every customer with its contact data, by id.\n"
                                   "\n"
                                   "JSON: {\"customers\": [...]}, each with the keys of customer-add:\n"
                                   "customer_id, code, name, emails, phone, inn, kpp, lang, note.\n",
                                   run_customer_list, CMD_LEDGER};

/* ---- releases ---------------------------------------------------------------------------------------- */

/* The file of a release (--file): its name (--file-name, else the path's last part), size and SHA-256. */
typedef struct release_file_arg {
    const char *path;
    const char *name;
    int64_t size;
    char sha256[SUP_SHA256_HEX_BUFSIZE];
} release_file_arg;

static int release_file_of(const opt *o, size_t n, release_file_arg *f)
{
    f->path = opt_get(o, n, "--file");
    f->name = opt_get(o, n, "--file-name");
    if (f->path == NULL) {
        if (f->name != NULL || opt_get(o, n, "--copy-to") != NULL)
            return fail_input("release-add: --file-name and --copy-to need --file");
        return EXIT_OK;
    }
    if (f->name == NULL) {
        const char *slash = strrchr(f->path, '/');
        f->name = slash != NULL ? slash + 1 : f->path;
    }
    int rc = sup_sha256_file(f->path, &f->size, f->sha256);
    if (rc != SUP_OK)
        return fail_lib(rc, "release-add --file");
    return EXIT_OK;
}

/*
 * --copy-to DIR: the file goes into the portal's release files directory as DIR/NAME, written to a
 * temporary name in DIR first and renamed into place only after the release is recorded (a failure
 * leaves neither a file nor a release).
 */
static int copy_file_to(const release_file_arg *f, const char *dir, char *tmp, size_t size)
{
    snprintf(tmp, size, "%s/.%s.part", dir, f->name);
    FILE *in = fopen(f->path, "rb");
    if (in == NULL)
        return fail_input("release-add: cannot read %s: %s", f->path, strerror(errno));
    int fd = open(tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0644);
    FILE *out = fd >= 0 ? fdopen(fd, "wb") : NULL;
    if (out == NULL) {
        int e = errno;
        if (fd >= 0)
            close(fd);
        fclose(in);
        fprintf(stderr, "supportctl: release-add: cannot write %s: %s\n", tmp, strerror(e));
        return EXIT_FAILURE_ENV;
    }
    char buf[65536];
    size_t got;
    bool ok = true;
    while (ok && (got = fread(buf, 1, sizeof buf, in)) > 0)
        ok = fwrite(buf, 1, got, out) == got;
    ok = ok && !ferror(in) && fflush(out) == 0 && fsync(fileno(out)) == 0;
    ok = fclose(out) == 0 && ok;
    fclose(in);
    char check[SUP_SHA256_HEX_BUFSIZE];
    int64_t n = 0;
    if (ok && (sup_sha256_file(tmp, &n, check) != SUP_OK || n != f->size || strcmp(check, f->sha256) != 0)) {
        unlink(tmp);
        fprintf(stderr, "supportctl: release-add: the copy %s differs from %s (changed while copying?)\n", tmp,
                f->path);
        return EXIT_FAILURE_ENV;
    }
    if (!ok) {
        unlink(tmp);
        fprintf(stderr, "supportctl: release-add: cannot write %s\n", tmp);
        return EXIT_FAILURE_ENV;
    }
    return EXIT_OK;
}

static int record_release(sup_ledger *l, const opt *o, size_t n, sup_id product, const release_file_arg *f,
                          sup_date released, sup_id *id)
{
    const char *version = opt_get(o, n, "--version"), *note = opt_get(o, n, "--note");
    int rc;
    if (f->path == NULL) {
        rc = sup_ledger_add_release(l, ledger_actor(o, n), product, version, released, note, id);
    } else {
        sup_release_file rf;
        rc = sup_release_file_init(&rf, SUP_RELEASE_FILE_VERSION);
        rf.name = f->name;
        rf.size = f->size;
        rf.sha256 = f->sha256;
        if (rc == SUP_OK)
            rc = sup_ledger_add_release_file(l, ledger_actor(o, n), product, version, released, note, &rf, id);
    }
    return rc == SUP_OK ? EXIT_OK : fail_lib(rc, "release-add");
}

static void print_release(const opt *o, size_t n, sup_id id, sup_id product, const release_file_arg *f,
                          sup_date released)
{
    const char *code = opt_get(o, n, "--product"), *version = opt_get(o, n, "--version");
    if (opt_flag(o, n, "--json")) {
        json j = {0};
        json_begin_object(&j, NULL);
        json_int(&j, "release_id", id);
        json_int(&j, "product_id", product);
        json_str(&j, "product_code", code);
        json_str(&j, "version", version);
        json_date(&j, "released", released);
        json_str(&j, "note", opt_get(o, n, "--note"));
        json_str(&j, "file_name", f->path != NULL ? f->name : NULL);
        if (f->path != NULL)
            json_int(&j, "file_size", f->size);
        else
            json_str(&j, "file_size", NULL);
        json_str(&j, "file_sha256", f->path != NULL ? f->sha256 : NULL);
        json_end_object(&j);
        json_done(&j);
        return;
    }
    char d[SUP_DATE_BUFSIZE];
    printf("release %lld: %s %s, released %s\n", (long long)id, code, version, iso(released, d));
    if (f->path != NULL)
        printf("file %s: %lld bytes, SHA-256 %s\n", f->name, (long long)f->size, f->sha256);
}

static int run_release_add(int argc, char **argv)
{
    opt o[] = {LEDGER_OPTS,
               {"--product", true, true, NULL},
               {"--version", true, true, NULL},
               {"--date", true, true, NULL},
               {"--note", true, false, NULL},
               {"--file", true, false, NULL},
               {"--file-name", true, false, NULL},
               {"--copy-to", true, false, NULL},
               {"--json", false, false, NULL}};
    int st = prologue(&cmd_release_add, argc, argv, o, NOPTS(o));
    if (st >= 0)
        return st;
    sup_date released;
    if (!arg_date("--date", opt_get(o, NOPTS(o), "--date"), &released))
        return EXIT_BAD_INPUT;
    release_file_arg f = {0};
    st = release_file_of(o, NOPTS(o), &f);
    if (st != EXIT_OK)
        return st;
    sup_ledger *l = NULL;
    st = ledger_open(ledger_path(o, NOPTS(o)), true, &l);
    if (st != EXIT_OK)
        return st;
    sup_id product = 0, id = 0;
    const char *dir = opt_get(o, NOPTS(o), "--copy-to");
    char tmp[4200] = "";
    st = find_product(l, opt_get(o, NOPTS(o), "--product"), &product);
    if (st == EXIT_OK && dir != NULL)
        st = copy_file_to(&f, dir, tmp, sizeof tmp);
    if (st == EXIT_OK)
        st = record_release(l, o, NOPTS(o), product, &f, released, &id);
    if (dir != NULL && tmp[0] != '\0' && st == EXIT_OK) {
        char dest[4200];
        snprintf(dest, sizeof dest, "%s/%s", dir, f.name);
        if (rename(tmp, dest) != 0) {
            fprintf(stderr, "supportctl: release-add: release %lld is recorded, but %s could not be renamed to %s: "
                            "%s (rename it by hand)\n",
                    (long long)id, tmp, dest, strerror(errno));
            st = EXIT_FAILURE_ENV;
        }
    } else if (tmp[0] != '\0' && st != EXIT_OK) {
        unlink(tmp);
    }
    if (st == EXIT_OK)
        print_release(o, NOPTS(o), id, product, &f, released);
    sup_ledger_close(l);
    return st;
}

const command cmd_release_add = {
    "release-add",
    "--product CODE --version VERSION --date DATE [--note TEXT] [--file PATH [--file-name NAME] [--copy-to DIR]] "
    "[--json]",
    "Record a release of a product: a version unique for the product, its date, a note.\n"
    "A perpetual license may download it when the date is not later than its support end\n"
    "(see `supportctl license`); `supportctl notify --release ID` lists whom to tell.\n"
    "\n"
    "--file PATH records the release's file with it: its name (the last part of PATH, or\n"
    "--file-name), size and SHA-256, which the portal serves and checks (docs/portal.md).\n"
    "--copy-to DIR also copies the file into the portal's release files directory as DIR/NAME\n"
    "(written under a temporary name and renamed once the release is recorded).\n"
    "\n"
    "JSON keys: release_id, product_id, product_code, version, released, note (or null),\n"
    "file_name, file_size, file_sha256 (null without --file).\n",
    run_release_add, CMD_LEDGER | CMD_CHANGES};

/* release-list --product CODE: every release of the product. */
static int list_product_releases(sup_ledger *l, const char *code, bool as_json)
{
    sup_id product = 0;
    int st = find_product(l, code, &product);
    if (st != EXIT_OK)
        return st;
    sup_cursor *c = NULL;
    int rc = sup_ledger_list_product_releases(l, product, &c);
    json j = {0};
    table t;
    static const char *const head[] = {"ID", "VERSION", "RELEASED", "NOTE"};
    table_init(&t, 4, head, "rlll");
    if (rc == SUP_OK && as_json) {
        json_begin_object(&j, NULL);
        json_int(&j, "product_id", product);
        json_str(&j, "product_code", code);
        json_begin_array(&j, "releases");
    }
    while (rc == SUP_OK) {
        int more = sup_cursor_next(c);
        if (more < 0)
            rc = more;
        if (more <= 0)
            break;
        sup_id id = sup_cursor_int64(c, SUP_RELCOL_RELEASE);
        const char *version = sup_cursor_text(c, SUP_RELCOL_VERSION), *note = sup_cursor_text(c, SUP_RELCOL_NOTE);
        sup_date released = sup_cursor_date(c, SUP_RELCOL_RELEASED);
        if (as_json) {
            json_begin_object(&j, NULL);
            json_int(&j, "release_id", id);
            json_str(&j, "version", version);
            json_date(&j, "released", released);
            json_str(&j, "note", note);
            json_end_object(&j);
        } else {
            char ids[24], d[SUP_DATE_BUFSIZE];
            snprintf(ids, sizeof ids, "%lld", (long long)id);
            const char *row[] = {ids, version, iso(released, d), note};
            table_row(&t, row);
        }
    }
    sup_cursor_free(c);
    st = list_finish(rc, "release-list", as_json, &j, &t);
    return st;
}

/* release-list --license ID --on DATE: the product's releases up to the date, each with whether it may be
 * downloaded. */
static int list_license_releases(sup_ledger *l, sup_id license, sup_date on, bool as_json)
{
    int st = EXIT_OK;
    sup_cursor *c = NULL;
    int rc = sup_ledger_list_releases(l, license, on, &c);
    json j = {0};
    table t;
    static const char *const head[] = {"ID", "VERSION", "RELEASED", "DOWNLOADABLE", "NOTE"};
    table_init(&t, 5, head, "rllll");
    if (rc == SUP_OK && as_json) {
        json_begin_object(&j, NULL);
        json_int(&j, "license_id", license);
        json_date(&j, "on", on);
        json_begin_array(&j, "releases");
    }
    while (rc == SUP_OK) {
        int more = sup_cursor_next(c);
        if (more < 0)
            rc = more;
        if (more <= 0)
            break;
        sup_id id = sup_cursor_int64(c, SUP_RELCOL_RELEASE);
        const char *version = sup_cursor_text(c, SUP_RELCOL_VERSION), *note = sup_cursor_text(c, SUP_RELCOL_NOTE);
        sup_date released = sup_cursor_date(c, SUP_RELCOL_RELEASED);
        bool allowed = sup_cursor_int64(c, SUP_RELCOL_ALLOWED) != 0;
        if (as_json) {
            json_begin_object(&j, NULL);
            json_int(&j, "release_id", id);
            json_str(&j, "version", version);
            json_date(&j, "released", released);
            json_str(&j, "note", note);
            json_bool(&j, "allowed", allowed);
            json_end_object(&j);
        } else {
            char ids[24], d[SUP_DATE_BUFSIZE];
            snprintf(ids, sizeof ids, "%lld", (long long)id);
            const char *row[] = {ids, version, iso(released, d), allowed ? "yes" : "no (needs renewal)", note};
            table_row(&t, row);
        }
    }
    sup_cursor_free(c);
    st = list_finish(rc, rc == SUP_ENOTFOUND ? "--license" : "release-list", as_json, &j, &t);
    return st;
}

static int run_release_list(int argc, char **argv)
{
    opt o[] = {LEDGER_OPTS,
               {"--license", true, false, NULL},
               {"--on", true, false, NULL},
               {"--product", true, false, NULL},
               {"--json", false, false, NULL}};
    int st = prologue(&cmd_release_list, argc, argv, o, NOPTS(o));
    if (st >= 0)
        return st;
    const char *license_text = opt_get(o, NOPTS(o), "--license"), *on_text = opt_get(o, NOPTS(o), "--on");
    const char *code = opt_get(o, NOPTS(o), "--product");
    if ((license_text == NULL) == (code == NULL))
        return fail_input("release-list: give either --license ID --on DATE or --product CODE (see supportctl "
                          "release-list --help)");
    sup_id license = 0;
    sup_date on = SUP_DATE_NONE;
    if (code != NULL && on_text != NULL)
        return fail_input("release-list: --on goes with --license (--product lists every release)");
    bool today = false;
    if (license_text != NULL && (!arg_id("--license", license_text, &license) || !arg_on(o, NOPTS(o), &on, &today)))
        return EXIT_BAD_INPUT;
    sup_ledger *l = NULL;
    st = ledger_open(ledger_path(o, NOPTS(o)), false, &l);
    if (st != EXIT_OK)
        return st;
    bool as_json = opt_flag(o, NOPTS(o), "--json");
    st = code != NULL ? list_product_releases(l, code, as_json) : list_license_releases(l, license, on, as_json);
    sup_ledger_close(l);
    return st;
}

const command cmd_release_list = {
    "release-list", "(--license ID [--on DATE] | --product CODE) [--json]",
    "With --license: the releases of the license's product dated on or before --on (default:\n"
    "today), each\n"
    "with whether the license may download it on --on (the library's rule: a release dated\n"
    "on or before the support end; a subscription only while paid).\n"
    "With --product: every release of the product, by date (no license involved).\n"
    "\n"
    "JSON (--license): {\"license_id\", \"on\", \"releases\": [...]}, each release with the keys\n"
    "release_id, version, released, note (or null), allowed (boolean).\n"
    "JSON (--product): {\"product_id\", \"product_code\", \"releases\": [...]}, each with the keys\n"
    "release_id, version, released, note (or null).\n",
    run_release_list, CMD_LEDGER};
