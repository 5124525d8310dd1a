/*
 * libsupport — the portal's configuration file (portal.h): one INI file
 * outside the web root (settings.h), checked here once, key by key, with the
 * defaults, so that the website reads values it can trust and every mistake
 * is reported with the file's name and line.
 */
#include "libsupport/portal.h"
#include "libsupport/requisites.h"
#include "libsupport/settings.h"
#include "error_internal.h"
#include "text_internal.h"

#include <stdio.h>
#include <string.h>

enum kind { TEXT, NUMBER, FLAG, DATE };

struct key {
    const char *section;
    const char *key;
    enum kind kind;
    bool required;
    const char *def; /* TEXT: the default ("" none) */
    int64_t min, max, num_def;
};

static const struct key keys[] = {
    {"ledger", "target", TEXT, true, "", 0, 0, 0},
    {"portal", "base_url", TEXT, true, "", 0, 0, 0},
    {"portal", "time_zone", TEXT, false, "Europe/Moscow", 0, 0, 0},
    {"portal", "releases_dir", TEXT, true, "", 0, 0, 0},
    {"portal", "accel_prefix", TEXT, false, "", 0, 0, 0},
    {"portal", "demo", FLAG, false, NULL, 0, 1, 0},
    {"portal", "demo_date", DATE, false, NULL, 0, 0, 0},
    {"signin", "link_minutes", NUMBER, false, NULL, 1, 1440, 30},
    {"signin", "code_attempts", NUMBER, false, NULL, 1, 20, 5},
    {"signin", "session_minutes", NUMBER, false, NULL, 5, 43200, 720},
    {"signin", "window_minutes", NUMBER, false, NULL, 1, 1440, 60},
    {"signin", "per_address", NUMBER, false, NULL, 1, 1000, 5},
    {"signin", "per_client", NUMBER, false, NULL, 1, 100000, 20},
    {"mail", "transport", TEXT, false, "smtp", 0, 0, 0},
    {"mail", "smtp_config", TEXT, false, "", 0, 0, 0},
    {"mail", "outbox_dir", TEXT, false, "", 0, 0, 0},
    {"mail", "from", TEXT, true, "", 0, 0, 0},
    {"mail", "from_name", TEXT, false, "", 0, 0, 0},
    {"mail", "reply_to", TEXT, false, "", 0, 0, 0},
    {"mail", "message_id_domain", TEXT, false, "", 0, 0, 0},
    {"api", "answer_floor_ms", NUMBER, false, NULL, 0, 2000, 10},
    {"invoice", "chromium", TEXT, false, "", 0, 0, 0},
    {"invoice", "pdf_dir", TEXT, false, "", 0, 0, 0},
    {"invoice", "pdf_seconds", NUMBER, false, NULL, 5, 120, 30},
};
#define NKEYS (sizeof keys / sizeof keys[0])

struct sup_portal_config {
    sup_settings *s;
    const char *text[NKEYS]; /* owned by s, or a default / derived value below */
    int64_t num[NKEYS];
    char *derived; /* message_id_domain taken from base_url */
};

static size_t find(const char *section, const char *key)
{
    for (size_t i = 0; i < NKEYS; i++)
        if (strcmp(keys[i].section, section) == 0 && strcmp(keys[i].key, key) == 0)
            return i;
    return NKEYS;
}

void sup_portal_config_free(sup_portal_config *c)
{
    if (c == NULL)
        return;
    sup_settings_free(c->s);
    sup__free(c->derived);
    sup__free(c);
}

/* SUP_EPARSE "<file>:<line>: [section] key <why>". */
static int bad(const sup_portal_config *c, size_t i, const char *why)
{
    int line = sup_settings_line(c->s, keys[i].section, keys[i].key);
    return sup__fail(SUP_EPARSE, "%s:%d: [%s] %s %s", sup_settings_source(c->s), line, keys[i].section, keys[i].key,
                     why);
}

static int read_key(sup_portal_config *c, size_t i)
{
    const struct key *k = &keys[i];
    int rc;
    if (k->kind == TEXT) {
        const char *v = k->def;
        rc = sup_settings_get_text(c->s, k->section, k->key, &v);
        if (rc == SUP_ENOTFOUND && !k->required) {
            sup_error_clear();
            rc = SUP_OK;
        } else if (rc == SUP_ENOTFOUND) {
            return sup__fail(SUP_EPARSE, "%s: [%s] %s is not set (the portal needs it: docs/portal.md)",
                             sup_settings_source(c->s), k->section, k->key);
        }
        if (rc == SUP_OK && k->required && v[0] == '\0')
            return bad(c, i, "is empty");
        if (rc == SUP_OK && v[0] != '\0' && sup__check_text(v, 2048, 0, k->key) != SUP_OK)
            return bad(c, i, "is not one line of valid text"); /* the checker's message would repeat the value */
        c->text[i] = v;
        return rc;
    }
    int64_t v = k->num_def;
    if (k->kind == NUMBER) {
        rc = sup_settings_get_int(c->s, k->section, k->key, k->min, k->max, &v);
    } else if (k->kind == FLAG) {
        int b = (int)v;
        rc = sup_settings_get_bool(c->s, k->section, k->key, &b);
        v = b;
    } else {
        sup_date d = SUP_DATE_NONE;
        rc = sup_settings_get_date(c->s, k->section, k->key, &d);
        v = d;
    }
    if (rc == SUP_ENOTFOUND && !k->required) {
        sup_error_clear();
        rc = SUP_OK;
    }
    c->num[i] = v;
    return rc;
}

/* "https://host[:port]" and nothing after it; host is copied to `host`. */
static int check_base_url(const sup_portal_config *c, char *host, size_t size)
{
    size_t i = find("portal", "base_url");
    const char *v = c->text[i];
    const char *h = strncmp(v, "https://", 8) == 0 ? v + 8 : strncmp(v, "http://", 7) == 0 ? v + 7 : NULL;
    if (h == NULL)
        return bad(c, i, "must start with https:// or http://");
    size_t n = strlen(h);
    while (n > 0 && h[n - 1] == '/')
        n--;
    if (n == 0)
        return bad(c, i, "has no host");
    for (size_t j = 0; j < n; j++) {
        char ch = h[j];
        if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '.' ||
              ch == '-' || ch == ':' || ch == '[' || ch == ']'))
            return bad(c, i, "must be the portal's origin only: scheme, host and port, no path");
    }
    size_t hn = strcspn(h, ":/");
    snprintf(host, size, "%.*s", (int)(hn < size ? hn : size - 1), h);
    return SUP_OK;
}

static int check_paths(const sup_portal_config *c)
{
    size_t i = find("portal", "releases_dir");
    if (c->text[i][0] != '/')
        return bad(c, i, "must be an absolute path");
    i = find("portal", "accel_prefix");
    const char *a = c->text[i];
    size_t n = strlen(a);
    if (n > 0 && (a[0] != '/' || a[n - 1] != '/' || strpbrk(a, " ?#%\"'\\") != NULL))
        return bad(c, i, "must be an internal location such as /_releases/ (starting and ending with '/')");
    /* the invoice's PDF: both paths absolute, or no browser and no PDF */
    size_t b = find("invoice", "chromium"), d = find("invoice", "pdf_dir");
    if (c->text[b][0] != '\0' && c->text[b][0] != '/')
        return bad(c, b, "must be an absolute path to the browser, such as /usr/bin/chromium");
    if (c->text[d][0] != '\0' && c->text[d][0] != '/')
        return bad(c, d, "must be an absolute path");
    if (c->text[b][0] != '\0' && c->text[d][0] == '\0')
        return sup__fail(SUP_EPARSE, "%s: [invoice] pdf_dir must be set when chromium is (the PDFs are kept there)",
                         sup_settings_source(c->s));
    i = find("portal", "time_zone");
    for (const char *p = c->text[i]; *p != '\0'; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') || strchr("/_+-", *p)))
            return bad(c, i, "is not a time zone name such as Europe/Moscow");
    return SUP_OK;
}

static int check_mail(sup_portal_config *c, const char *host)
{
    size_t t = find("mail", "transport");
    const char *tr = c->text[t];
    if (strcmp(tr, "smtp") != 0 && strcmp(tr, "outbox") != 0)
        return bad(c, t, "must be smtp or outbox");
    size_t need = find("mail", strcmp(tr, "smtp") == 0 ? "smtp_config" : "outbox_dir");
    if (c->text[need][0] != '/')
        return sup__fail(SUP_EPARSE, "%s: [mail] %s must be set to an absolute path when transport = %s",
                         sup_settings_source(c->s), keys[need].key, tr);
    size_t f = find("mail", "from");
    if (sup_email_check(c->text[f]) != SUP_OK)
        return bad(c, f, "is not an e-mail address");
    size_t r = find("mail", "reply_to");
    if (c->text[r][0] != '\0' && sup_email_check(c->text[r]) != SUP_OK)
        return bad(c, r, "is not an e-mail address");
    size_t d = find("mail", "message_id_domain");
    if (c->text[d][0] == '\0') {
        c->derived = sup__strdup(host);
        if (c->derived == NULL)
            return sup__fail(SUP_ENOMEM, "out of memory reading the portal's configuration");
        c->text[d] = c->derived;
    }
    return SUP_OK;
}

static int check_all(sup_portal_config *c)
{
    static const sup_settings_key known[] = {{"ledger", NULL}, {"portal", NULL}, {"signin", NULL}, {"mail", NULL},
                                             {"api", NULL}, {"invoice", NULL}};
    int rc = sup_settings_check_keys(c->s, known, sizeof known / sizeof known[0]);
    /* the sections are known; each key must be one of the table's */
    for (size_t e = 0; rc == SUP_OK && e < sup_settings_entry_count(c->s); e++) {
        const char *section = NULL, *key = NULL;
        int line = 0;
        rc = sup_settings_entry(c->s, e, &section, &key, NULL, &line);
        if (rc == SUP_OK && find(section, key) == NKEYS)
            rc = sup__fail(SUP_EPARSE, "%s:%d: unknown key [%s] %s (docs/portal.md lists the portal's keys)",
                           sup_settings_source(c->s), line, section, key);
    }
    for (size_t i = 0; rc == SUP_OK && i < NKEYS; i++)
        rc = read_key(c, i);
    char host[256] = "";
    if (rc == SUP_OK)
        rc = check_base_url(c, host, sizeof host);
    if (rc == SUP_OK)
        rc = check_paths(c);
    if (rc == SUP_OK)
        rc = check_mail(c, host);
    size_t demo = find("portal", "demo"), date = find("portal", "demo_date");
    if (rc == SUP_OK && c->num[demo] && c->num[date] == SUP_DATE_NONE)
        rc = sup__fail(SUP_EPARSE, "%s: [portal] demo_date must be set in demo mode (demo = yes)",
                       sup_settings_source(c->s));
    return rc;
}

static int finish(sup_settings *s, int rc, sup_portal_config **out)
{
    if (rc != SUP_OK)
        return rc;
    sup_portal_config *c = sup__calloc(1, sizeof *c);
    if (c == NULL) {
        sup_settings_free(s);
        return sup__fail(SUP_ENOMEM, "out of memory reading the portal's configuration");
    }
    c->s = s;
    rc = check_all(c);
    if (rc != SUP_OK) {
        sup_portal_config_free(c);
        return rc;
    }
    *out = c;
    return SUP_OK;
}

int sup_portal_config_load(const char *path, sup_portal_config **out)
{
    SUP__CHECK_ARG(out, "sup_portal_config_load");
    *out = NULL;
    sup_settings *s = NULL;
    int rc = sup_settings_load(path, &s);
    return finish(s, rc, out);
}

int sup_portal_config_parse(const char *text, size_t len, sup_portal_config **out)
{
    SUP__CHECK_ARG(out, "sup_portal_config_parse");
    *out = NULL;
    sup_settings *s = NULL;
    int rc = sup_settings_parse(text, len, &s);
    return finish(s, rc, out);
}

const char *sup_portal_config_text(const sup_portal_config *c, const char *section, const char *key)
{
    if (c == NULL || section == NULL || key == NULL)
        return NULL;
    size_t i = find(section, key);
    return i < NKEYS && keys[i].kind == TEXT ? c->text[i] : NULL;
}

int64_t sup_portal_config_number(const sup_portal_config *c, const char *section, const char *key)
{
    if (c == NULL || section == NULL || key == NULL)
        return -1;
    size_t i = find(section, key);
    return i < NKEYS && keys[i].kind != TEXT ? c->num[i] : -1;
}

int sup_portal_config_rules(const sup_portal_config *c, sup_portal_rules *r)
{
    SUP__CHECK_ARG(c, "sup_portal_config_rules");
    SUP__CHECK_ARG(r, "sup_portal_config_rules");
    int rc = sup_portal_rules_init(r, r->version);
    if (rc != SUP_OK)
        return rc;
    r->link_minutes = (int)sup_portal_config_number(c, "signin", "link_minutes");
    r->code_attempts = (int)sup_portal_config_number(c, "signin", "code_attempts");
    r->session_minutes = (int)sup_portal_config_number(c, "signin", "session_minutes");
    r->window_minutes = (int)sup_portal_config_number(c, "signin", "window_minutes");
    r->per_address = (int)sup_portal_config_number(c, "signin", "per_address");
    r->per_client = (int)sup_portal_config_number(c, "signin", "per_client");
    return SUP_OK;
}
