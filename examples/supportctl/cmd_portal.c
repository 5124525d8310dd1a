/*
 * supportctl — the customer portal's keys (docs/portal.md): a license key for the
 * product's update check, issued at the sale or later, shown once and stored only
 * as its SHA-256.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#define NOPTS(o) (sizeof(o) / sizeof((o)[0]))

static int run_license_key(int argc, char **argv)
{
    opt o[] = {LEDGER_OPTS, {"--license", true, true, NULL}, {"--replace", false, false, NULL},
               {"--json", false, false, NULL}};
    bool help;
    if (!parse_options(&cmd_license_key, argc, argv, o, NOPTS(o), NULL, 0, NULL, &help))
        return EXIT_BAD_INPUT;
    if (help)
        return EXIT_OK;
    sup_id license = 0;
    if (!arg_id("--license", opt_get(o, NOPTS(o), "--license"), &license))
        return EXIT_BAD_INPUT;
    bool replace = opt_flag(o, NOPTS(o), "--replace");
    sup_ledger *l = NULL;
    int st = ledger_open(ledger_path(o, NOPTS(o)), true, &l);
    if (st != EXIT_OK)
        return st;
    char *key = NULL;
    int rc = replace ? sup_ledger_issue_license_key(l, ledger_actor(o, NOPTS(o)), license, &key)
                     : sup_ledger_ensure_license_key(l, ledger_actor(o, NOPTS(o)), license, &key);
    sup_license_key_info info = {SUP_LICENSE_KEY_INFO_VERSION, 0, 0, ""};
    if (rc == SUP_OK)
        rc = sup_ledger_license_key_info(l, license, &info);
    if (rc != SUP_OK) {
        st = fail_lib(rc, "license-key");
    } else if (opt_flag(o, NOPTS(o), "--json")) {
        json j = {0};
        json_begin_object(&j, NULL);
        json_int(&j, "license", license);
        json_str(&j, "key", key);
        json_bool(&j, "issued", key != NULL);
        json_str(&j, "hint", info.hint);
        json_end_object(&j);
        json_done(&j);
    } else if (key != NULL) {
        char *once = NULL;
        if (sup_render_portal(SUP_PHRASE_KEY_SHOWN_ONCE, 0, SUP_LANG_EN, &once) != SUP_OK)
            once = NULL;
        printf("license %lld: key %s\n%s\n", (long long)license, key, once != NULL ? once : "");
        sup_free(once);
    } else {
        printf("license %lld already has a key (ending in %s); --replace issues a new one\n", (long long)license,
               info.hint);
    }
    sup_free(key);
    sup_ledger_close(l);
    return st;
}

const command cmd_license_key = {
    "license-key", "--license ID [--replace] [--json]",
    "Issue the license's key for the product's update check (docs/update-api.md) if it has\n"
    "none, and print it: the key is shown this once; the ledger keeps only its SHA-256.\n"
    "--replace issues a new key at once, and the current one stops working.\n"
    "\n"
    "JSON keys: license, key (null when the license already had one and --replace was not\n"
    "given), issued (bool), hint (the key's last group).\n",
    run_license_key, CMD_LEDGER | CMD_CHANGES};

static int run_portal_role(int argc, char **argv)
{
    opt o[] = {LEDGER_OPTS, {"--role", true, true, NULL}};
    bool help;
    if (!parse_options(&cmd_portal_role, argc, argv, o, NOPTS(o), NULL, 0, NULL, &help))
        return EXIT_BAD_INPUT;
    if (help)
        return EXIT_OK;
    sup_ledger *l = NULL;
    int st = ledger_open(ledger_path(o, NOPTS(o)), true, &l);
    if (st != EXIT_OK)
        return st;
    const char *role = opt_get(o, NOPTS(o), "--role");
    int rc = sup_ledger_grant_portal(l, role);
    if (rc != SUP_OK)
        st = fail_lib(rc, "portal-role");
    else
        printf("the role %s may read the ledger and write the portal's tables\n", role);
    sup_ledger_close(l);
    return st;
}

const command cmd_portal_role = {
    "portal-role", "--role NAME",
    "PostgreSQL: let the role NAME (created if it does not exist, LOGIN, no password) read the\n"
    "whole ledger and write only what the customer portal writes: sign-in requests, sessions,\n"
    "license keys, downloads and their audit events (docs/deploy.md, \"Permissions\").\n"
    "An SQLite ledger is shared through file permissions instead (exit 2).\n",
    run_portal_role, CMD_LEDGER | CMD_CHANGES};

static int run_portal_purge(int argc, char **argv)
{
    opt o[] = {LEDGER_OPTS, {"--json", false, false, NULL}};
    bool help;
    if (!parse_options(&cmd_portal_purge, argc, argv, o, NOPTS(o), NULL, 0, NULL, &help))
        return EXIT_BAD_INPUT;
    if (help)
        return EXIT_OK;
    sup_ledger *l = NULL;
    int st = ledger_open(ledger_path(o, NOPTS(o)), true, &l);
    if (st != EXIT_OK)
        return st;
    int64_t removed = 0;
    int rc = sup_ledger_portal_purge(l, ledger_actor(o, NOPTS(o)), NULL, now_ms(), &removed);
    if (rc != SUP_OK) {
        st = fail_lib(rc, "portal-purge");
    } else if (opt_flag(o, NOPTS(o), "--json")) {
        json j = {0};
        json_begin_object(&j, NULL);
        json_int(&j, "removed", removed);
        json_end_object(&j);
        json_done(&j);
    } else {
        printf("removed %lld expired sign-in requests and sessions\n", (long long)removed);
    }
    sup_ledger_close(l);
    return st;
}

const command cmd_portal_purge = {
    "portal-purge", "[--json]",
    "Remove the customer portal's sign-in requests that no longer count towards a limit nor sign\n"
    "anyone in, and the sessions that ended or expired a day ago or more (the default rules;\n"
    "a daily cron job). JSON keys: removed.\n",
    run_portal_purge, CMD_LEDGER | CMD_CHANGES};
