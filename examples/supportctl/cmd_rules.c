/* supportctl — commands that answer a rule from bare facts, without a ledger. */
#include "cli.h"

#include <string.h>

#define NOPTS(a) (sizeof(a) / sizeof((a)[0]))

/* ---- add-months DATE N ---------------------------------------------------------------------- */

static int run_add_months(int argc, char **argv)
{
    const char *pos[2];
    size_t npos;
    bool help;
    if (!parse_options(&cmd_add_months, argc, argv, NULL, 0, pos, 2, &npos, &help))
        return EXIT_BAD_INPUT;
    if (help)
        return EXIT_OK;
    if (npos != 2)
        return fail_input("add-months: expected DATE and N (see supportctl add-months --help)");
    sup_date d, r;
    long n;
    if (!arg_date("DATE", pos[0], &d) || !arg_int("N", pos[1], -120000, 120000, &n))
        return EXIT_BAD_INPUT;
    int rc = sup_date_add_months(d, (int)n, &r);
    if (rc != SUP_OK)
        return fail_lib(rc, "add-months");
    char b[SUP_DATE_BUFSIZE];
    printf("%s\n", iso(r, b));
    return EXIT_OK;
}

const command cmd_add_months = {
    "add-months", "DATE N",
    "Print DATE plus N months (N may be negative) by the Civil Code, art. 192: the same\n"
    "day number, or the last day of a shorter month. 2026-01-31 + 1 = 2026-02-28.\n",
    run_add_months, 0};

/* ---- status ------------------------------------------------------------------------------------ */

static int run_status(int argc, char **argv)
{
    opt o[] = {{"--purchased", true, true, NULL}, {"--support-months", true, true, NULL},
               {"--until", true, false, NULL},    {"--on", true, true, NULL},
               {"--policy", true, false, NULL},   {"--json", false, false, NULL}};
    bool help;
    if (!parse_options(&cmd_status, argc, argv, o, NOPTS(o), NULL, 0, NULL, &help))
        return EXIT_BAD_INPUT;
    if (help)
        return EXIT_OK;
    sup_date purchased, on, until = SUP_DATE_NONE;
    long months;
    if (!arg_date("--purchased", opt_get(o, NOPTS(o), "--purchased"), &purchased) ||
        !arg_int("--support-months", opt_get(o, NOPTS(o), "--support-months"), 0, SUP_MONTHS_MAX, &months) ||
        !arg_date("--on", opt_get(o, NOPTS(o), "--on"), &on))
        return EXIT_BAD_INPUT;
    const char *until_text = opt_get(o, NOPTS(o), "--until");
    if (until_text != NULL && !arg_date("--until", until_text, &until))
        return EXIT_BAD_INPUT;
    sup_policy *policy = NULL;
    const char *policy_path = opt_get(o, NOPTS(o), "--policy");
    if (policy_path != NULL && !arg_policy_file("--policy", policy_path, &policy))
        return EXIT_BAD_INPUT;

    sup_product *product = NULL;
    sup_license *license = NULL;
    sup_status *st = NULL;
    int rc = sup_product_new(SUP_LICENSE_PERPETUAL, (int)months, &product);
    if (rc == SUP_OK)
        rc = sup_license_new(product, purchased, &license);
    if (rc == SUP_OK && until != SUP_DATE_NONE)
        rc = sup_license_add_period(license, purchased, until); /* a license already renewed */
    if (rc == SUP_OK)
        rc = sup_status_new(&st);
    if (rc == SUP_OK)
        rc = sup_license_status(license, policy, on, st);
    int status = EXIT_OK;
    if (rc != SUP_OK) {
        status = fail_lib(rc, "status");
    } else if (opt_flag(o, NOPTS(o), "--json")) {
        json j = {0};
        json_begin_object(&j, NULL);
        json_str(&j, "status", sup_state_name(sup_status_state(st)));
        json_date(&j, "support_until", sup_status_support_until(st));
        json_date(&j, "preferential_until", sup_status_preferential_until(st));
        json_bool(&j, "can_use", sup_status_can_use(st));
        json_bool(&j, "can_consult", sup_status_can_consult(st));
        json_bool(&j, "can_get_new_versions", sup_status_can_get_new_versions(st));
        json_bool(&j, "can_propose_ideas", sup_status_can_propose_ideas(st));
        json_end_object(&j);
        json_done(&j);
    } else {
        char a[SUP_DATE_BUFSIZE], b[SUP_DATE_BUFSIZE];
        printf("status:               %s\n", sup_state_name(sup_status_state(st)));
        printf("support_until:        %s\n", iso(sup_status_support_until(st), a));
        printf("preferential_until:   %s\n", iso(sup_status_preferential_until(st), b));
        printf("can_use:              %s\n", sup_status_can_use(st) ? "yes" : "no");
        printf("can_consult:          %s\n", sup_status_can_consult(st) ? "yes" : "no");
        printf("can_get_new_versions: %s\n", sup_status_can_get_new_versions(st) ? "yes" : "no");
        printf("can_propose_ideas:    %s\n", sup_status_can_propose_ideas(st) ? "yes" : "no");
    }
    sup_status_free(st);
    sup_license_free(license);
    sup_product_free(product);
    sup_policy_free(policy);
    return status;
}

const command cmd_status = {
    "status", "--purchased DATE --support-months N [--until DATE] --on DATE [--policy FILE] [--json]",
    "Where a perpetual license bought on --purchased with N months of support stands on --on.\n"
    "--until overrides the computed support_until (for a license already renewed).\n"
    "--policy reads the library's key = value policy form (e.g. grace_months = 1).\n"
    "\n"
    "JSON keys: status (not_owned|active|grace|lapsed), support_until, preferential_until\n"
    "(ISO dates, null when not owned), can_use, can_consult, can_get_new_versions,\n"
    "can_propose_ideas (booleans).\n",
    run_status, 0};

/* ---- quote ---------------------------------------------------------------------------------------- */

static int run_quote(int argc, char **argv)
{
    opt o[] = {{"--price", true, true, NULL},   {"--until", true, true, NULL}, {"--on", true, true, NULL},
               {"--policy", true, false, NULL}, {"--json", false, false, NULL}};
    bool help;
    if (!parse_options(&cmd_quote, argc, argv, o, NOPTS(o), NULL, 0, NULL, &help))
        return EXIT_BAD_INPUT;
    if (help)
        return EXIT_OK;
    sup_money price;
    sup_date until, on;
    if (!arg_money("--price", opt_get(o, NOPTS(o), "--price"), &price) ||
        !arg_date("--until", opt_get(o, NOPTS(o), "--until"), &until) ||
        !arg_date("--on", opt_get(o, NOPTS(o), "--on"), &on))
        return EXIT_BAD_INPUT;
    sup_policy *policy = NULL;
    const char *policy_path = opt_get(o, NOPTS(o), "--policy");
    if (policy_path != NULL && !arg_policy_file("--policy", policy_path, &policy))
        return EXIT_BAD_INPUT;
    sup_quote *q = NULL;
    int rc = sup_quote_new(&q);
    if (rc == SUP_OK)
        rc = sup_quote_compute(policy, until, price, on, q);
    int status = EXIT_OK;
    if (rc != SUP_OK) {
        status = fail_lib(rc, "quote");
    } else if (opt_flag(o, NOPTS(o), "--json")) {
        json j = {0};
        json_begin_object(&j, NULL);
        json_str(&j, "kind", sup_quote_kind_name(sup_quote_kind_of(q)));
        json_int(&j, "rate_bp", sup_quote_rate(q));
        json_money(&j, "fee_kopecks", "fee", sup_quote_fee(q));
        json_money(&j, "list_price_kopecks", "list_price", sup_quote_list_price(q));
        json_date(&j, "support_until", sup_quote_support_until(q));
        json_date(&j, "new_support_until", sup_quote_new_support_until(q));
        json_date(&j, "valid_through", sup_quote_valid_through(q));
        json_end_object(&j);
        json_done(&j);
    } else {
        char f[SUP_MONEY_BUFSIZE], l[SUP_MONEY_BUFSIZE], a[SUP_DATE_BUFSIZE], b[SUP_DATE_BUFSIZE];
        printf("kind:              %s\n", sup_quote_kind_name(sup_quote_kind_of(q)));
        printf("rate:              %ld bp\n", (long)sup_quote_rate(q));
        printf("fee:               %s rub\n", money_plain(sup_quote_fee(q), f));
        printf("list price:        %s rub\n", money_plain(sup_quote_list_price(q), l));
        printf("new support_until: %s\n", iso(sup_quote_new_support_until(q), a));
        printf("valid through:     %s\n", iso(sup_quote_valid_through(q), b));
    }
    sup_quote_free(q);
    sup_policy_free(policy);
    return status;
}

const command cmd_quote = {
    "quote", "--price RUBLES --until DATE --on DATE [--policy FILE] [--json]",
    "The renewal quote on --on for a perpetual license with support through --until and the\n"
    "list price RUBLES in force on --on: preferential (25%) through one month after --until,\n"
    "early renewals included; standard (45%) later. Rates come from --policy if given.\n"
    "\n"
    "JSON keys: kind (preferential|standard), rate_bp, fee_kopecks, fee (rubles, \"1998.00\"),\n"
    "list_price_kopecks, list_price, support_until, new_support_until, valid_through\n"
    "(the last day the same quote holds; 9999-12-31 when nothing known ends it).\n",
    run_quote, 0};

/* ---- can-download ------------------------------------------------------------------------------------ */

static int run_can_download(int argc, char **argv)
{
    opt o[] = {{"--until", true, true, NULL}, {"--release-date", true, true, NULL}, {"--json", false, false, NULL}};
    bool help;
    if (!parse_options(&cmd_can_download, argc, argv, o, NOPTS(o), NULL, 0, NULL, &help))
        return EXIT_BAD_INPUT;
    if (help)
        return EXIT_OK;
    sup_date until, release;
    if (!arg_date("--until", opt_get(o, NOPTS(o), "--until"), &until) ||
        !arg_date("--release-date", opt_get(o, NOPTS(o), "--release-date"), &release))
        return EXIT_BAD_INPUT;
    int allowed = 0;
    int rc = sup_release_allowed(until, release, &allowed);
    if (rc != SUP_OK)
        return fail_lib(rc, "can-download");
    if (opt_flag(o, NOPTS(o), "--json")) {
        json j = {0};
        json_begin_object(&j, NULL);
        json_bool(&j, "allowed", allowed);
        json_end_object(&j);
        json_done(&j);
    } else {
        printf("%s\n", allowed ? "allowed" : "not allowed");
    }
    return EXIT_OK;
}

const command cmd_can_download = {
    "can-download", "--until DATE --release-date DATE [--json]",
    "Whether a release dated --release-date may be downloaded by a perpetual license with\n"
    "support through --until: yes iff the release is not later than --until (also after\n"
    "support has ended).\n"
    "\n"
    "JSON keys: allowed (boolean).\n",
    run_can_download, 0};
