/*
 * libsupport — the product's update check (portal.h: GET /api/v1/updates?key=…&version=…):
 * what the license of a key may install, which newer releases need a renewal,
 * and the offer, all asked of the ledger's public calls (the release list with
 * the core's "allowed", the status, sup_ledger_offer); and the API's JSON
 * document (docs/update-api.md), written here so that every consumer of the
 * API gets the same keys.
 */
#include "libsupport/portal.h"
#include "libsupport/label.h"
#include "date_internal.h"
#include "error_internal.h"
#include "text_internal.h"

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

struct update_release {
    sup_id id;
    char *version;
    sup_date released;
    char *file_name; /* NULL: none */
    int64_t file_size;
    char *sha256;
    bool allowed;
};

struct sup_update {
    sup_id license;
    sup_date on;
    sup_license_kind kind;
    sup_state state;
    sup_date support_until;
    sup_date preferential_until;
    char *installed;
    bool known;
    size_t installed_at; /* index of the installed release (known only) */
    struct update_release *rel; /* the product's releases up to the date, in release order */
    size_t nrel;
    size_t latest; /* index of the latest allowed release, or nrel */
    sup_offer *offer;
};

static void release_clear(struct update_release *r)
{
    sup__free(r->version);
    sup__free(r->file_name);
    sup__free(r->sha256);
}

void sup_update_free(sup_update *u)
{
    if (u == NULL)
        return;
    for (size_t i = 0; i < u->nrel; i++)
        release_clear(&u->rel[i]);
    sup__free(u->rel);
    sup__free(u->installed);
    sup_offer_free(u->offer);
    sup__free(u);
}

static char *dup_or_null(const char *s, bool *oom)
{
    if (s == NULL)
        return NULL;
    char *c = sup__strdup(s);
    if (c == NULL)
        *oom = true;
    return c;
}

/* One row of the release list into u->rel. */
static int keep_release(sup_update *u, sup_cursor *c, size_t *cap)
{
    if (u->nrel == *cap) {
        size_t ncap = *cap ? *cap * 2 : 8;
        struct update_release *n = sup__realloc(u->rel, ncap * sizeof *n);
        if (n == NULL)
            return sup__fail(SUP_ENOMEM, "out of memory reading releases");
        u->rel = n;
        *cap = ncap;
    }
    struct update_release *r = &u->rel[u->nrel];
    memset(r, 0, sizeof *r);
    bool oom = false;
    r->id = sup_cursor_int64(c, SUP_RELCOL_RELEASE);
    r->version = dup_or_null(sup_cursor_text(c, SUP_RELCOL_VERSION), &oom);
    r->released = sup_cursor_date(c, SUP_RELCOL_RELEASED);
    r->allowed = sup_cursor_int64(c, SUP_RELCOL_ALLOWED) != 0;
    r->file_name = dup_or_null(sup_cursor_text(c, SUP_RELCOL_FILE_NAME), &oom);
    r->file_size = sup_cursor_int64(c, SUP_RELCOL_FILE_SIZE);
    r->sha256 = dup_or_null(sup_cursor_text(c, SUP_RELCOL_FILE_SHA256), &oom);
    u->nrel++;
    if (oom || r->version == NULL)
        return sup__fail(SUP_ENOMEM, "out of memory reading releases");
    return SUP_OK;
}

static int read_releases(sup_ledger *l, sup_update *u)
{
    sup_cursor *c = NULL;
    int rc = sup_ledger_list_releases(l, u->license, u->on, &c);
    size_t cap = 0;
    while (rc == SUP_OK) {
        int n = sup_cursor_next(c);
        if (n <= 0) {
            rc = n;
            break;
        }
        rc = keep_release(u, c, &cap);
    }
    sup_cursor_free(c);
    if (rc != SUP_OK)
        return rc;
    u->latest = u->nrel;
    for (size_t i = 0; i < u->nrel; i++) {
        if (u->rel[i].allowed)
            u->latest = i;
        if (!u->known && strcmp(u->rel[i].version, u->installed) == 0) {
            u->known = true;
            u->installed_at = i;
        }
    }
    return SUP_OK;
}

static int read_status(sup_ledger *l, sup_update *u)
{
    sup_status *s = NULL;
    int rc = sup_status_new(&s);
    if (rc == SUP_OK)
        rc = sup_ledger_license_status(l, u->license, u->on, s);
    if (rc == SUP_OK) {
        u->state = sup_status_state(s);
        u->support_until = sup_status_support_until(s);
        u->preferential_until = sup_status_preferential_until(s);
        if (u->state == SUP_STATE_NOT_OWNED)
            rc = sup__fail(SUP_ENOTFOUND, "no license has this key");
    }
    sup_status_free(s);
    if (rc == SUP_OK) {
        sup_license *lic = NULL;
        rc = sup_ledger_get_license(l, u->license, &lic);
        if (rc == SUP_OK)
            u->kind = sup_license_kind_of(lic);
        sup_license_free(lic);
    }
    return rc;
}

int sup_ledger_update_check(sup_ledger *l, const char *key, const char *version, sup_date on, sup_update **out)
{
    SUP__CHECK_ARG(out, "sup_ledger_update_check");
    *out = NULL;
    SUP__CHECK_ARG(l, "sup_ledger_update_check");
    int rc = sup__check_date(on, "update check date");
    if (rc == SUP_OK)
        rc = sup__check_text(version, SUP_LEDGER_VERSION_MAX, 0, "installed version");
    if (rc != SUP_OK)
        return rc;
    sup_id license = 0;
    rc = sup_ledger_find_license_by_key(l, key, &license);
    if (rc != SUP_OK)
        return rc;
    sup_update *u = sup__calloc(1, sizeof *u);
    if (u == NULL)
        return sup__fail(SUP_ENOMEM, "out of memory answering an update check");
    u->license = license;
    u->on = on;
    u->installed = sup__strdup(version);
    rc = u->installed != NULL ? SUP_OK : sup__fail(SUP_ENOMEM, "out of memory answering an update check");
    if (rc == SUP_OK)
        rc = read_status(l, u);
    if (rc == SUP_OK)
        rc = read_releases(l, u);
    if (rc == SUP_OK)
        rc = sup_offer_new(&u->offer);
    if (rc == SUP_OK)
        rc = sup_ledger_offer(l, license, on, u->offer);
    if (rc != SUP_OK) {
        sup_update_free(u);
        return rc;
    }
    *out = u;
    return SUP_OK;
}

/* A release comes after the installed version (every release does when the version is not known). */
static bool newer(const sup_update *u, size_t i) { return !u->known || i > u->installed_at; }

sup_id sup_update_license(const sup_update *u) { return u->license; }
int sup_update_version_known(const sup_update *u) { return u->known; }
sup_id sup_update_latest_release(const sup_update *u) { return u->latest < u->nrel ? u->rel[u->latest].id : 0; }
const char *sup_update_latest_version(const sup_update *u)
{
    return u->latest < u->nrel ? u->rel[u->latest].version : NULL;
}
int sup_update_available(const sup_update *u) { return u->latest < u->nrel && newer(u, u->latest); }
size_t sup_update_needs_renewal_count(const sup_update *u)
{
    size_t n = 0;
    for (size_t i = 0; i < u->nrel; i++)
        n += newer(u, i) && !u->rel[i].allowed;
    return n;
}
const sup_offer *sup_update_offer(const sup_update *u) { return u->offer; }

/* ---- JSON ---------------------------------------------------------------------------------------- */

/* A JSON string: quotes, backslashes and control characters escaped; UTF-8 kept as it is (valid here). */
static void json_str(sup__buf *b, const char *s)
{
    if (s == NULL) {
        sup__buf_put(b, "null");
        return;
    }
    sup__buf_put(b, "\"");
    for (const unsigned char *p = (const unsigned char *)s; *p != '\0'; p++) {
        if (*p == '"' || *p == '\\') {
            char e[3] = {'\\', (char)*p, '\0'};
            sup__buf_put(b, e);
        } else if (*p < 0x20) {
            sup__buf_printf(b, "\\u%04x", *p);
        } else {
            sup__buf_putn(b, (const char *)p, 1);
        }
    }
    sup__buf_put(b, "\"");
}

static void json_date(sup__buf *b, sup_date d)
{
    char t[16];
    if (d == SUP_DATE_NONE || sup_date_format(d, SUP_DATE_ISO, t, sizeof t) != SUP_OK)
        sup__buf_put(b, "null");
    else
        sup__buf_printf(b, "\"%s\"", t);
}

static void json_money(sup__buf *b, const char *key, sup_money m)
{
    char plain[SUP_MONEY_BUFSIZE], ru[SUP_MONEY_BUFSIZE];
    if (sup_money_format(m, SUP_MONEY_PLAIN, plain, sizeof plain) != SUP_OK ||
        sup_money_format(m, SUP_MONEY_RU, ru, sizeof ru) != SUP_OK) {
        b->failed = true;
        return;
    }
    sup__buf_printf(b, "\"%s\": %lld, \"%s_rub\": \"%s\", \"%s_text\": ", key, (long long)m, key, plain, key);
    json_str(b, ru);
}

/* A phrase of label.h, or a failure latched in b. */
static void json_phrase(sup__buf *b, int rc, char *text)
{
    if (rc != SUP_OK) {
        b->failed = true;
        return;
    }
    json_str(b, text);
    sup_free(text);
}

static void json_release(sup__buf *b, const struct update_release *r, const char *base)
{
    sup__buf_printf(b, "{\"release\": %lld, \"version\": ", (long long)r->id);
    json_str(b, r->version);
    sup__buf_put(b, ", \"released\": ");
    json_date(b, r->released);
    if (r->allowed) {
        sup__buf_put(b, ", \"file\": ");
        if (r->file_name == NULL) {
            sup__buf_put(b, "null");
        } else {
            sup__buf_put(b, "{\"name\": ");
            json_str(b, r->file_name);
            sup__buf_printf(b, ", \"size\": %lld, \"sha256\": ", (long long)r->file_size);
            json_str(b, r->sha256);
            sup__buf_printf(b, ", \"url\": \"%s/download/%lld\"}", base, (long long)r->id);
        }
    }
    sup__buf_put(b, "}");
}

static void json_offer(sup__buf *b, const sup_update *u, const char *base, sup_lang lang)
{
    const sup_offer *o = u->offer;
    const sup_quote *q = sup_offer_quote(o);
    sup__buf_put(b, "{\"kind\": ");
    json_str(b, sup_offer_kind_name(sup_offer_kind_of(o)));
    if (q == NULL) {
        char *t = NULL;
        sup__buf_put(b, ", \"reason\": ");
        json_str(b, sup_offer_reason_name(sup_offer_reason_of(o)));
        sup__buf_put(b, ", \"text\": ");
        int rc = sup_render_no_offer(o, lang, &t);
        json_phrase(b, rc, t);
        sup__buf_put(b, "}");
        return;
    }
    sup__buf_put(b, ", \"quote_kind\": ");
    json_str(b, sup_quote_kind_name(sup_quote_kind_of(q)));
    sup__buf_put(b, ", \"label\": ");
    json_str(b, sup_label(SUP_LABEL_QUOTE_KIND, sup_quote_kind_of(q), lang));
    sup__buf_put(b, ", ");
    json_money(b, "fee", sup_quote_fee(q));
    sup__buf_put(b, ", ");
    json_money(b, "list_price", sup_quote_list_price(q));
    sup__buf_put(b, ", \"new_support_until\": ");
    json_date(b, sup_quote_new_support_until(q));
    sup__buf_put(b, ", \"valid_through\": ");
    json_date(b, sup_quote_valid_through(q));
    sup__buf_put(b, ", \"valid_text\": ");
    char *t = NULL;
    int rc = sup_render_validity(q, lang, &t);
    json_phrase(b, rc, t);
    sup__buf_printf(b, ", \"renew_url\": \"%s/license/%lld\"}", base, (long long)u->license);
}

/* The base URL as the document writes it: http(s)://host[:port] without a trailing slash. */
static int check_base(const char *base_url, char *out, size_t size)
{
    int rc = sup__check_text(base_url, 512, 0, "base URL");
    if (rc != SUP_OK)
        return rc;
    if (strncmp(base_url, "https://", 8) != 0 && strncmp(base_url, "http://", 7) != 0)
        return sup__fail(SUP_EINVAL, "base URL must start with https:// or http://");
    for (const char *p = base_url; *p != '\0'; p++)
        if (*p == '"' || *p == '\\' || *p == ' ' || *p == '<' || *p == '>')
            return sup__fail(SUP_EINVAL, "base URL contains '%c'", *p);
    snprintf(out, size, "%s", base_url);
    size_t n = strlen(out);
    while (n > 0 && out[n - 1] == '/')
        out[--n] = '\0';
    return SUP_OK;
}

int sup_update_json(const sup_update *u, const char *base_url, sup_lang lang, char **out)
{
    SUP__CHECK_ARG(out, "sup_update_json");
    *out = NULL;
    SUP__CHECK_ARG(u, "sup_update_json");
    char base[520];
    int rc = check_base(base_url, base, sizeof base);
    if (rc == SUP_OK && lang != SUP_LANG_RU && lang != SUP_LANG_EN)
        rc = sup__fail(SUP_EINVAL, "sup_update_json: unknown language %d", (int)lang);
    if (rc != SUP_OK)
        return rc;
    sup__buf b = {0};
    sup__buf_printf(&b, "{\"license\": %lld, \"on\": ", (long long)u->license);
    json_date(&b, u->on);
    sup__buf_put(&b, ", \"status\": {\"state\": ");
    json_str(&b, sup_state_name(u->state));
    sup__buf_put(&b, ", \"label\": ");
    json_str(&b, sup_state_label(u->state, u->kind, lang));
    sup__buf_put(&b, ", \"support_until\": ");
    json_date(&b, u->support_until);
    sup__buf_put(&b, ", \"preferential_until\": ");
    json_date(&b, u->preferential_until);
    sup__buf_put(&b, "}, \"installed\": {\"version\": ");
    json_str(&b, u->installed);
    sup__buf_printf(&b, ", \"known\": %s}, \"update_available\": %s, \"latest\": ", u->known ? "true" : "false",
                    sup_update_available(u) ? "true" : "false");
    if (u->latest < u->nrel)
        json_release(&b, &u->rel[u->latest], base);
    else
        sup__buf_put(&b, "null");
    sup__buf_put(&b, ", \"needs_renewal\": [");
    bool first = true;
    for (size_t i = 0; i < u->nrel; i++) {
        if (!newer(u, i) || u->rel[i].allowed)
            continue;
        if (!first)
            sup__buf_put(&b, ", ");
        first = false;
        json_release(&b, &u->rel[i], base);
    }
    sup__buf_put(&b, "], \"offer\": ");
    json_offer(&b, u, base, lang);
    sup__buf_put(&b, "}\n");
    if (b.failed) {
        sup__buf_dispose(&b);
        return sup__fail(SUP_ENOMEM, "out of memory writing the update check's JSON");
    }
    return sup__buf_finish(&b, out);
}
