/* Fuzz target: the portal's parsers of untrusted text. The first byte picks one:
 *  0: sup_portal_config_parse (the configuration file): refused with SUP_EPARSE/SUP_ERANGE and a message
 *     naming "portal settings" or "settings", or parsed with every required key non-empty, base_url an
 *     http(s) origin, the rules within their ranges;
 *  1: a license key as a customer or a program types it (sup_ledger_find_license_by_key on a ledger with one
 *     key): only that key's spellings find it, anything else is SUP_ENOTFOUND, never a crash;
 *  2: CSRF tokens (sup_portal_csrf_check): only the secret's own token passes;
 *  3: the update check's version text and the portal's phrases with any number. */
#include "fuzz_common.h"

static sup_ledger *g_ledger;
static char g_key[SUP_LICENSE_KEY_BUFSIZE];

static void setup(void)
{
    if (g_ledger != NULL)
        return;
    sup_id p = 0, c = 0, l = 0;
    char *key = NULL;
    FUZZ_CHECK(sup_ledger_open(":memory:", SUP_LEDGER_CREATE, &g_ledger) == SUP_OK);
    FUZZ_CHECK(sup_ledger_add_product(g_ledger, "fuzz", "P", "P", SUP_LICENSE_PERPETUAL, 6, &p) == SUP_OK);
    FUZZ_CHECK(sup_ledger_set_price(g_ledger, "fuzz", p, 20200101, 100000) == SUP_OK);
    FUZZ_CHECK(sup_ledger_add_customer(g_ledger, "fuzz", "C", "C", &c) == SUP_OK);
    FUZZ_CHECK(sup_ledger_sell(g_ledger, "fuzz", NULL, c, p, 20260101, 100000, &l) == SUP_OK);
    FUZZ_CHECK(sup_ledger_add_release(g_ledger, "fuzz", p, "1.0", 20260201, NULL, NULL) == SUP_OK);
    FUZZ_CHECK(sup_ledger_issue_license_key(g_ledger, "fuzz", l, &key) == SUP_OK);
    memcpy(g_key, key, sizeof g_key);
    sup_free(key);
}

static void config(const uint8_t *data, size_t size)
{
    sup_portal_config *c = NULL;
    int rc = sup_portal_config_parse((const char *)data, size, &c);
    if (rc != SUP_OK) {
        FUZZ_CHECK(c == NULL);
        FUZZ_CHECK(rc == SUP_EPARSE || rc == SUP_ERANGE || rc == SUP_EINVAL || rc == SUP_EDATE);
        FUZZ_CHECK(strstr(sup_error_message(), "settings") != NULL);
        return;
    }
    const char *target = sup_portal_config_text(c, "ledger", "target");
    const char *base = sup_portal_config_text(c, "portal", "base_url");
    FUZZ_CHECK(target != NULL && target[0] != '\0');
    FUZZ_CHECK(base != NULL && (strncmp(base, "http://", 7) == 0 || strncmp(base, "https://", 8) == 0));
    FUZZ_CHECK(sup_portal_config_text(c, "portal", "releases_dir")[0] == '/');
    FUZZ_CHECK(sup_portal_config_text(c, "no", "such") == NULL);
    sup_portal_rules r = {SUP_PORTAL_RULES_VERSION, 0, 0, 0, 0, 0, 0};
    FUZZ_CHECK(sup_portal_config_rules(c, &r) == SUP_OK);
    FUZZ_CHECK(sup_portal_rules_check(&r) == SUP_OK);
    int64_t floor = sup_portal_config_number(c, "api", "answer_floor_ms");
    FUZZ_CHECK(floor >= 0 && floor <= 2000);
    sup_portal_config_free(c);
}

static void key(const uint8_t *data, size_t size)
{
    setup();
    char *typed = fuzz_cstring(data, size);
    sup_id found = 0;
    int rc = sup_ledger_find_license_by_key(g_ledger, typed, &found);
    FUZZ_CHECK(rc == SUP_OK || rc == SUP_ENOTFOUND);
    if (rc == SUP_ENOTFOUND) {
        FUZZ_CHECK(found == 0);
        FUZZ_CHECK(strcmp(sup_error_message(), "no license has this key") == 0);
    } else { /* the same 25 symbols, up to case, dashes, spaces and Crockford's aliases */
        FUZZ_CHECK(found == 1);
        size_t n = 0;
        for (const char *p = typed; *p != '\0'; p++) {
            if (*p == '-' || *p == ' ')
                continue;
            char ch = (char)(*p >= 'a' && *p <= 'z' ? *p - 'a' + 'A' : *p);
            ch = ch == 'O' ? '0' : (ch == 'I' || ch == 'L') ? '1' : ch;
            size_t at = n + n / 5;
            FUZZ_CHECK(n < 25 && g_key[at] == ch);
            n++;
        }
        FUZZ_CHECK(n == 25);
    }
    sup_update *u = NULL;
    rc = sup_ledger_update_check(g_ledger, typed, "1.0", 20260301, &u);
    FUZZ_CHECK((rc == SUP_OK) == (found == 1));
    sup_update_free(u);
    free(typed);
}

static void csrf(const uint8_t *data, size_t size)
{
    char *given = fuzz_cstring(data, size);
    static const char secret[] = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    char token[SUP_PORTAL_TOKEN_BUFSIZE];
    FUZZ_CHECK(sup_portal_csrf_token(secret, token) == SUP_OK);
    FUZZ_CHECK(sup_portal_csrf_check(secret, given) == (strcmp(given, token) == 0));
    FUZZ_CHECK(sup_portal_csrf_check(given, token) == (strcmp(given, secret) == 0));
    char other[SUP_PORTAL_TOKEN_BUFSIZE];
    int rc = sup_portal_csrf_token(given, other);
    FUZZ_CHECK(rc == SUP_OK || rc == SUP_EINVAL);
    if (rc == SUP_OK)
        FUZZ_CHECK(sup_portal_csrf_check(given, other) == 1);
    free(given);
}

static void words(const uint8_t *data, size_t size)
{
    setup();
    char *version = fuzz_cstring(data, size);
    sup_update *u = NULL;
    int rc = sup_ledger_update_check(g_ledger, g_key, version, 20260301, &u);
    FUZZ_CHECK(rc == SUP_OK || rc == SUP_EINVAL);
    if (rc == SUP_OK) {
        char *json = NULL;
        FUZZ_CHECK(sup_update_json(u, "https://portal.example.ru", SUP_LANG_EN, &json) == SUP_OK);
        FUZZ_CHECK(json[0] == '{' && strchr(json, '\n') == json + strlen(json) - 1);
        for (const char *p = json; *p != '\0'; p++)
            FUZZ_CHECK((unsigned char)*p >= 0x20 || *p == '\n');
        sup_free(json);
    }
    sup_update_free(u);
    int64_t n = 0;
    memcpy(&n, data, size < sizeof n ? size : sizeof n);
    for (int ph = 0; ph <= SUP_PHRASE_DEMO + 1; ph++) {
        char *s = NULL;
        rc = sup_render_portal((sup_portal_phrase)ph, n, SUP_LANG_RU, &s);
        FUZZ_CHECK(rc == SUP_OK || rc == SUP_ERANGE || rc == SUP_EINVAL || rc == SUP_EDATE);
        FUZZ_CHECK((rc == SUP_OK) == (s != NULL));
        sup_free(s);
    }
    free(version);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size == 0)
        return 0;
    switch (data[0] % 4) {
    case 0: config(data + 1, size - 1); break;
    case 1: key(data + 1, size - 1); break;
    case 2: csrf(data + 1, size - 1); break;
    default: words(data + 1, size - 1); break;
    }
    return 0;
}
