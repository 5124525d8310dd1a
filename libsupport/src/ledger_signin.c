/*
 * libsupport — signing customers in to the portal (portal.h): sign-in
 * requests with their limits, the e-mailed link and code, sessions.
 *
 * Secrets never reach the ledger: a request stores the SHA-256 of its link
 * token and of "<browser secret>:<code>", a session the SHA-256 of its token.
 * A secret is found by its digest (a unique index) and the digest read back is
 * compared again in constant time. A link or code works once: marking the
 * request used is an UPDATE … WHERE used_at IS NULL RETURNING id, so of two
 * redemptions at once exactly one gets a session.
 */
#include "ledger_internal.h"
#include "crypto_internal.h"
#include "portal_internal.h"
#include "libsupport/requisites.h"

#include <stdio.h>
#include <string.h>

#define MINUTE_MS INT64_C(60000)
#define CLIENT_MAX 128

/* ---- rules -------------------------------------------------------------------------------------- */

int sup_portal_rules_init(sup_portal_rules *r, unsigned version)
{
    SUP__CHECK_ARG(r, "sup_portal_rules_init");
    if (version != SUP_PORTAL_RULES_VERSION)
        return sup__fail(SUP_EINVAL, "sup_portal_rules_init: unknown version %u (this library knows %u)", version,
                         SUP_PORTAL_RULES_VERSION);
    r->version = version;
    r->link_minutes = 30;
    r->code_attempts = 5;
    r->session_minutes = 720;
    r->window_minutes = 60;
    r->per_address = 5;
    r->per_client = 20;
    return SUP_OK;
}

static int in_range(const char *what, int v, int min, int max)
{
    if (v < min || v > max)
        return sup__fail(SUP_ERANGE, "portal rule %s = %d is outside %d … %d", what, v, min, max);
    return SUP_OK;
}

int sup_portal_rules_check(const sup_portal_rules *r)
{
    SUP__CHECK_ARG(r, "sup_portal_rules_check");
    if (r->version != SUP_PORTAL_RULES_VERSION)
        return sup__fail(SUP_EINVAL, "sup_portal_rules: unknown version %u", r->version);
    int rc = in_range("link_minutes", r->link_minutes, 1, 1440);
    if (rc == SUP_OK)
        rc = in_range("code_attempts", r->code_attempts, 1, 20);
    if (rc == SUP_OK)
        rc = in_range("session_minutes", r->session_minutes, 5, 43200);
    if (rc == SUP_OK)
        rc = in_range("window_minutes", r->window_minutes, 1, 1440);
    if (rc == SUP_OK)
        rc = in_range("per_address", r->per_address, 1, 1000);
    if (rc == SUP_OK)
        rc = in_range("per_client", r->per_client, 1, 100000);
    return rc;
}

/* The caller's rules, or the defaults for NULL. */
static int rules_of(const sup_portal_rules *given, sup_portal_rules *r)
{
    if (given == NULL)
        return sup_portal_rules_init(r, SUP_PORTAL_RULES_VERSION);
    int rc = sup_portal_rules_check(given);
    if (rc == SUP_OK)
        *r = *given;
    return rc;
}

static int check_now(int64_t now_ms)
{
    /* 1970 … 9999: a time a caller can have */
    if (now_ms <= 0 || now_ms > INT64_C(253402300799999))
        return sup__fail(SUP_ERANGE, "the time %lld ms is not a time after 1970", (long long)now_ms);
    return SUP_OK;
}

const char *sup_signin_outcome_name(sup_signin_outcome o)
{
    switch (o) {
    case SUP_SIGNIN_SENT: return "sent";
    case SUP_SIGNIN_NO_CUSTOMER: return "no_customer";
    case SUP_SIGNIN_LIMIT_ADDRESS: return "limit_address";
    case SUP_SIGNIN_LIMIT_CLIENT: return "limit_client";
    }
    return "";
}

const char *sup_signin_result_name(sup_signin_result r)
{
    switch (r) {
    case SUP_SIGNIN_OK: return "ok";
    case SUP_SIGNIN_UNKNOWN: return "unknown";
    case SUP_SIGNIN_EXPIRED: return "expired";
    case SUP_SIGNIN_USED: return "used";
    case SUP_SIGNIN_WRONG_CODE: return "wrong_code";
    case SUP_SIGNIN_SPENT: return "spent";
    case SUP_SIGNIN_NO_ACCOUNT: return "no_account";
    }
    return "";
}

/* ---- requests ---------------------------------------------------------------------------------------- */

struct sup_signin {
    sup_signin_outcome outcome;
    char *address;
    char token[SUP_PORTAL_TOKEN_BUFSIZE]; /* "" unless SENT */
    char code[7];
    int64_t until;
    int link_minutes;
};

void sup_signin_free(sup_signin *s)
{
    if (s == NULL)
        return;
    sup__free(s->address);
    memset(s, 0, sizeof *s); /* the token and the code */
    sup__free(s);
}

sup_signin_outcome sup_signin_outcome_of(const sup_signin *s) { return s->outcome; }
const char *sup_signin_address(const sup_signin *s) { return s->address; }
const char *sup_signin_token(const sup_signin *s) { return s->token[0] != '\0' ? s->token : NULL; }
const char *sup_signin_code(const sup_signin *s) { return s->code[0] != '\0' ? s->code : NULL; }
int64_t sup_signin_until(const sup_signin *s) { return s->until; }
int sup_signin_link_minutes(const sup_signin *s) { return s->link_minutes; }

/*
 * The requests made for a key (an address's, or a client's) since `since`: their number and the time the
 * oldest of them leaves the window (when the next request is accepted).
 */
static int count_since(sup_ledger *l, bool by_address, const char *key, int64_t since, int64_t *n,
                       int64_t *oldest)
{
    static const char by_address_sql[] = "SELECT COUNT(*), COALESCE(MIN(created_at), 0) FROM signin_request"
                                         " WHERE address_key = ?1 AND created_at > ?2";
    static const char by_client_sql[] = "SELECT COUNT(*), COALESCE(MIN(created_at), 0) FROM signin_request"
                                        " WHERE client_hash = ?1 AND created_at > ?2";
    const char *sql = by_address ? by_address_sql : by_client_sql;
    sup__stmt *st = NULL;
    int rc = sup__ledger_prepare(l, sql, &st);
    if (rc != SUP_OK)
        return rc;
    sup__st_text(st, 1, key);
    sup__st_int(st, 2, since);
    rc = sup__st_step(st, "counting sign-in requests");
    if (rc == 1) {
        *n = sup__col_int(st, 0);
        *oldest = sup__col_int(st, 1);
        rc = SUP_OK;
    } else if (rc == 0) {
        rc = sup__fail(SUP_EDB, "counting sign-in requests: no row");
    }
    sup__ledger_finalize(st);
    return rc;
}

struct request_keys {
    char *address_key;
    char client[SUP_SHA256_HEX_BUFSIZE];
    char browser[SUP_SHA256_HEX_BUFSIZE];
};

/* The limits: SENT (within them) or a LIMIT outcome with the time the next request is accepted. */
static int judge_limits(sup_ledger *l, const sup_portal_rules *r, const struct request_keys *k, int64_t now_ms,
                        sup_signin *s)
{
    int64_t window = r->window_minutes * MINUTE_MS, n = 0, oldest = 0;
    int rc = count_since(l, true, k->address_key, now_ms - window, &n, &oldest);
    if (rc == SUP_OK && n >= r->per_address) {
        s->outcome = SUP_SIGNIN_LIMIT_ADDRESS;
        s->until = oldest + window;
        return SUP_OK;
    }
    if (rc == SUP_OK)
        rc = count_since(l, false, k->client, now_ms - window, &n, &oldest);
    if (rc == SUP_OK && n >= r->per_client) {
        s->outcome = SUP_SIGNIN_LIMIT_CLIENT;
        s->until = oldest + window;
    }
    return rc;
}

static int store_request(sup_ledger *l, const sup_portal_rules *r, const struct request_keys *k,
                         const char *browser, int64_t now_ms, sup_signin *s, sup_id *id)
{
    char token_hash[SUP_SHA256_HEX_BUFSIZE], code_hash[SUP_SHA256_HEX_BUFSIZE];
    if (s->outcome == SUP_SIGNIN_SENT) {
        sup__token_new(s->token);
        sup__code_new(s->code);
        sup__hash_secret(s->token, token_hash);
        sup__hash_pair(browser, s->code, code_hash);
    }
    s->until = now_ms + r->link_minutes * MINUTE_MS;
    sup__stmt *st = NULL;
    int rc = sup__ledger_prepare(l, "INSERT INTO signin_request (address, address_key, client_hash, browser_hash,"
                                    " token_hash, code_hash, created_at, expires_at)"
                                    " VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8) RETURNING id",
                                 &st);
    if (rc != SUP_OK)
        return rc;
    sup__st_text(st, 1, s->address);
    sup__st_text(st, 2, k->address_key);
    sup__st_text(st, 3, k->client);
    sup__st_text(st, 4, k->browser);
    if (s->outcome == SUP_SIGNIN_SENT) {
        sup__st_text(st, 5, token_hash);
        sup__st_text(st, 6, code_hash);
    } else {
        sup__st_null(st, 5);
        sup__st_null(st, 6);
    }
    sup__st_int(st, 7, now_ms);
    sup__st_int(st, 8, s->until);
    rc = sup__ledger_insert_id(st, "recording a sign-in request", id);
    sup__ledger_finalize(st);
    return rc;
}

static int request_in_txn(sup_ledger *l, const sup_portal_rules *r, const struct request_keys *k,
                          const char *browser, int64_t now_ms, sup_signin *s)
{
    int rc = judge_limits(l, r, k, now_ms, s);
    if (rc != SUP_OK || s->outcome != SUP_SIGNIN_SENT)
        return rc;
    sup_id *ids = NULL;
    size_t n = 0;
    rc = sup__portal_customers(l, s->address, &ids, &n);
    sup__free(ids);
    if (rc != SUP_OK)
        return rc;
    if (n == 0)
        s->outcome = SUP_SIGNIN_NO_CUSTOMER;
    sup_id id = 0;
    rc = store_request(l, r, k, browser, now_ms, s, &id);
    if (rc == SUP_OK) {
        sup__buf b = {0};
        sup__buf_printf(&b, "request=%lld; customers=%zu", (long long)id, n);
        rc = sup__ledger_audit(l, "signin_request", "portal", SUP_DATE_NONE, 0, 0, 0, &b);
    }
    return rc;
}

static int check_request_args(const char *address, const char *client, const char *browser, int64_t now_ms)
{
    int rc = sup_email_check(address);
    if (rc == SUP_OK)
        rc = sup__check_text(client, CLIENT_MAX, 0, "client");
    if (rc == SUP_OK && !sup__is_token(browser))
        rc = sup__fail(SUP_EINVAL, "the browser's secret is not a token (%d characters of base64url)",
                       SUP_PORTAL_TOKEN_LEN);
    if (rc == SUP_OK)
        rc = check_now(now_ms);
    return rc;
}

int sup_ledger_signin_request(sup_ledger *l, const sup_portal_rules *rules, const char *address, const char *client,
                              const char *browser, int64_t now_ms, sup_signin **out)
{
    SUP__CHECK_ARG(out, "sup_ledger_signin_request");
    *out = NULL;
    SUP__CHECK_ARG(l, "sup_ledger_signin_request");
    sup_portal_rules r;
    int rc = rules_of(rules, &r);
    if (rc == SUP_OK)
        rc = check_request_args(address, client, browser, now_ms);
    if (rc == SUP_OK)
        rc = sup__crypto_ready();
    if (rc != SUP_OK)
        return rc;
    sup_signin *s = sup__calloc(1, sizeof *s);
    struct request_keys k = {0};
    if (s != NULL) {
        s->address = sup__strdup(address);
        k.address_key = sup__portal_address_key(address);
    }
    if (s == NULL || s->address == NULL || k.address_key == NULL) {
        sup__free(k.address_key);
        sup_signin_free(s);
        return sup__fail(SUP_ENOMEM, "out of memory recording a sign-in request");
    }
    s->outcome = SUP_SIGNIN_SENT;
    s->link_minutes = r.link_minutes;
    sup__hash_secret(client, k.client);
    sup__hash_secret(browser, k.browser);
    rc = sup__ledger_write_begin(l, "sup_ledger_signin_request");
    if (rc == SUP_OK)
        rc = sup__ledger_write_end(l, request_in_txn(l, &r, &k, browser, now_ms, s));
    sup__free(k.address_key);
    if (rc != SUP_OK) {
        sup_signin_free(s);
        return rc;
    }
    if (s->outcome != SUP_SIGNIN_SENT) {
        s->token[0] = '\0';
        s->code[0] = '\0';
    }
    *out = s;
    return SUP_OK;
}

/* ---- sessions ------------------------------------------------------------------------------------ */

struct sup_session {
    sup_id id;
    char token[SUP_PORTAL_TOKEN_BUFSIZE]; /* "" for a session opened by its token */
    char *address;
    int64_t expires_at;
    sup_id *customers;
    size_t ncustomers;
    sup_id *licenses;
    size_t nlicenses, caplicenses;
};

void sup_session_free(sup_session *s)
{
    if (s == NULL)
        return;
    sup__free(s->address);
    sup__free(s->customers);
    sup__free(s->licenses);
    memset(s, 0, sizeof *s);
    sup__free(s);
}

const char *sup_session_token(const sup_session *s) { return s->token[0] != '\0' ? s->token : NULL; }
sup_id sup_session_id(const sup_session *s) { return s->id; }
const char *sup_session_address(const sup_session *s) { return s->address; }
int64_t sup_session_expires_at(const sup_session *s) { return s->expires_at; }
size_t sup_session_customer_count(const sup_session *s) { return s->ncustomers; }
sup_id sup_session_customer(const sup_session *s, size_t i) { return i < s->ncustomers ? s->customers[i] : 0; }
size_t sup_session_license_count(const sup_session *s) { return s->nlicenses; }
sup_id sup_session_license(const sup_session *s, size_t i) { return i < s->nlicenses ? s->licenses[i] : 0; }

int sup_session_has_license(const sup_session *s, sup_id license)
{
    if (s == NULL)
        return 0;
    for (size_t i = 0; i < s->nlicenses; i++)
        if (s->licenses[i] == license)
            return 1;
    return 0;
}

static int add_license(sup_session *s, sup_id id)
{
    if (s->nlicenses == s->caplicenses) {
        size_t cap = s->caplicenses ? s->caplicenses * 2 : 8;
        sup_id *n = sup__realloc(s->licenses, cap * sizeof *n);
        if (n == NULL)
            return sup__fail(SUP_ENOMEM, "out of memory opening a session");
        s->licenses = n;
        s->caplicenses = cap;
    }
    s->licenses[s->nlicenses++] = id;
    return SUP_OK;
}

/* The customers having the session's address, and their licenses (inside a read or write). */
static int load_parties(sup_ledger *l, sup_session *s)
{
    int rc = sup__portal_customers(l, s->address, &s->customers, &s->ncustomers);
    if (rc != SUP_OK || s->ncustomers == 0)
        return rc;
    sup__stmt *st = NULL;
    rc = sup__ledger_prepare(l, "SELECT id FROM license WHERE customer_id = ?1 ORDER BY id", &st);
    for (size_t i = 0; rc == SUP_OK && i < s->ncustomers; i++) {
        sup__st_int(st, 1, s->customers[i]);
        int step;
        while (rc == SUP_OK && (step = sup__st_step(st, "reading a customer's licenses")) == 1)
            rc = add_license(s, sup__col_int(st, 0));
        if (rc == SUP_OK && step < 0)
            rc = step;
        st->store->ops->reset(st);
    }
    sup__ledger_finalize(st);
    return rc;
}

static int new_session(sup_ledger *l, const sup_portal_rules *r, sup_id request, const char *address,
                       int64_t now_ms, sup_session **out)
{
    sup_session *s = sup__calloc(1, sizeof *s);
    if (s == NULL || (s->address = sup__strdup(address)) == NULL) {
        sup_session_free(s);
        return sup__fail(SUP_ENOMEM, "out of memory opening a session");
    }
    sup__token_new(s->token);
    s->expires_at = now_ms + r->session_minutes * MINUTE_MS;
    char hash[SUP_SHA256_HEX_BUFSIZE];
    sup__hash_secret(s->token, hash);
    sup__stmt *st = NULL;
    int rc = sup__ledger_prepare(l, "INSERT INTO portal_session (token_hash, address, request_id, created_at, expires_at)"
                                    " VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
                                 &st);
    if (rc == SUP_OK) {
        sup__st_text(st, 1, hash);
        sup__st_text(st, 2, address);
        sup__st_int(st, 3, request);
        sup__st_int(st, 4, now_ms);
        sup__st_int(st, 5, s->expires_at);
        rc = sup__ledger_insert_id(st, "opening a session", &s->id);
    }
    sup__ledger_finalize(st);
    if (rc == SUP_OK)
        rc = load_parties(l, s);
    if (rc == SUP_OK) {
        sup__buf b = {0};
        sup__buf_printf(&b, "session=%lld; request=%lld; customers=", (long long)s->id, (long long)request);
        for (size_t i = 0; i < s->ncustomers; i++)
            sup__buf_printf(&b, "%s%lld", i ? "," : "", (long long)s->customers[i]);
        rc = sup__ledger_audit(l, "signin", "portal", SUP_DATE_NONE, 0, s->ncustomers == 1 ? s->customers[0] : 0, 0,
                               &b);
    }
    if (rc != SUP_OK) {
        sup_session_free(s);
        return rc;
    }
    *out = s;
    return SUP_OK;
}

/* A pending request as read for redemption. */
struct pending {
    bool found;
    sup_id id;
    char *address;
    int64_t expires_at;
    bool used;
    int attempts;
    char digest[SUP_SHA256_HEX_BUFSIZE]; /* the token's or the code's */
};

static int read_pending(sup_ledger *l, const char *sql, const char *key, struct pending *p)
{
    memset(p, 0, sizeof *p);
    sup__stmt *st = NULL;
    int rc = sup__ledger_prepare(l, sql, &st);
    if (rc != SUP_OK)
        return rc;
    sup__st_text(st, 1, key);
    rc = sup__st_step(st, "reading a sign-in request");
    if (rc == 1) {
        p->found = true;
        p->id = sup__col_int(st, 0);
        p->address = sup__strdup(sup__col_text(st, 1));
        p->expires_at = sup__col_int(st, 2);
        p->used = !sup__col_null(st, 3);
        p->attempts = (int)sup__col_int(st, 4);
        const char *d = sup__col_text(st, 5);
        snprintf(p->digest, sizeof p->digest, "%s", d != NULL ? d : "");
        rc = p->address != NULL ? SUP_OK : sup__fail(SUP_ENOMEM, "out of memory reading a sign-in request");
    }
    sup__ledger_finalize(st);
    return rc;
}

/* What a found request allows at now_ms, before its secret is compared. */
static sup_signin_result request_state(const sup_portal_rules *r, const struct pending *p, int64_t now_ms)
{
    if (p->used)
        return SUP_SIGNIN_USED;
    if (now_ms > p->expires_at)
        return SUP_SIGNIN_EXPIRED;
    if (p->attempts >= r->code_attempts)
        return SUP_SIGNIN_SPENT;
    return SUP_SIGNIN_OK;
}

/* Use the request up and open the session, or NO_ACCOUNT / USED (a redemption at the same moment won). */
static int redeem(sup_ledger *l, const sup_portal_rules *r, const struct pending *p, int64_t now_ms,
                  sup_signin_result *result, sup_session **out)
{
    sup_id *ids = NULL;
    size_t n = 0;
    int rc = sup__portal_customers(l, p->address, &ids, &n);
    sup__free(ids);
    if (rc != SUP_OK)
        return rc;
    if (n == 0) {
        *result = SUP_SIGNIN_NO_ACCOUNT;
        return SUP_OK;
    }
    sup__stmt *st = NULL;
    rc = sup__ledger_prepare(l, "UPDATE signin_request SET used_at = ?2 WHERE id = ?1 AND used_at IS NULL RETURNING id",
                             &st);
    if (rc == SUP_OK) {
        sup__st_int(st, 1, p->id);
        sup__st_int(st, 2, now_ms);
        rc = sup__st_step(st, "using a sign-in request");
    }
    sup__ledger_finalize(st);
    if (rc == 0) {
        *result = SUP_SIGNIN_USED;
        return SUP_OK;
    }
    if (rc < 0)
        return rc;
    *result = SUP_SIGNIN_OK;
    return new_session(l, r, p->id, p->address, now_ms, out);
}

static int link_in_txn(sup_ledger *l, const sup_portal_rules *r, const char *token, int64_t now_ms,
                       sup_signin_result *result, sup_session **out)
{
    char hash[SUP_SHA256_HEX_BUFSIZE];
    sup__hash_secret(token, hash);
    struct pending p;
    int rc = read_pending(l, "SELECT id, address, expires_at, used_at, attempts, token_hash FROM signin_request"
                             " WHERE token_hash = ?1",
                          hash, &p);
    if (rc == SUP_OK) {
        *result = !p.found || !sup__digest_equal(p.digest, hash) ? SUP_SIGNIN_UNKNOWN : request_state(r, &p, now_ms);
        if (*result == SUP_SIGNIN_OK)
            rc = redeem(l, r, &p, now_ms, result, out);
    }
    sup__free(p.address);
    return rc;
}

static int begin_redeem(const sup_ledger *l, const sup_portal_rules *rules, sup_portal_rules *r, int64_t now_ms,
                        sup_signin_result *result, sup_session **out, const char *fn)
{
    SUP__CHECK_ARG(out, fn);
    *out = NULL;
    SUP__CHECK_ARG(result, fn);
    *result = SUP_SIGNIN_UNKNOWN;
    SUP__CHECK_ARG(l, fn);
    int rc = rules_of(rules, r);
    if (rc == SUP_OK)
        rc = check_now(now_ms);
    if (rc == SUP_OK)
        rc = sup__crypto_ready();
    return rc;
}

int sup_ledger_signin_link(sup_ledger *l, const sup_portal_rules *rules, const char *token, int64_t now_ms,
                           sup_signin_result *result, sup_session **out)
{
    sup_portal_rules r;
    int rc = begin_redeem(l, rules, &r, now_ms, result, out, "sup_ledger_signin_link");
    if (rc != SUP_OK || !sup__is_token(token))
        return rc; /* a malformed token: unknown, nothing read */
    rc = sup__ledger_write_begin(l, "sup_ledger_signin_link");
    if (rc == SUP_OK)
        rc = sup__ledger_write_end(l, link_in_txn(l, &r, token, now_ms, result, out));
    if (rc != SUP_OK) {
        sup_session_free(*out);
        *out = NULL;
        *result = SUP_SIGNIN_UNKNOWN;
    }
    return rc;
}

/* A wrong code: count the attempt; the last one spends the request. */
static int count_attempt(sup_ledger *l, const sup_portal_rules *r, const struct pending *p,
                         sup_signin_result *result, int *left)
{
    sup__stmt *st = NULL;
    int rc = sup__ledger_prepare(l, "UPDATE signin_request SET attempts = attempts + 1 WHERE id = ?1", &st);
    if (rc == SUP_OK) {
        sup__st_int(st, 1, p->id);
        rc = sup__ledger_run(st, "counting a wrong code");
    }
    sup__ledger_finalize(st);
    *left = r->code_attempts - (p->attempts + 1);
    if (*left < 0)
        *left = 0;
    *result = *left > 0 ? SUP_SIGNIN_WRONG_CODE : SUP_SIGNIN_SPENT;
    return rc;
}

static int code_in_txn(sup_ledger *l, const sup_portal_rules *r, const char *browser, const char *code,
                       int64_t now_ms, sup_signin_result *result, int *left, sup_session **out)
{
    char bhash[SUP_SHA256_HEX_BUFSIZE], chash[SUP_SHA256_HEX_BUFSIZE];
    sup__hash_secret(browser, bhash);
    /* a malformed code is hashed too, and counts as a wrong one */
    sup__hash_pair(browser, sup__is_code(code) ? code : "not a code", chash);
    struct pending p;
    int rc = read_pending(l, "SELECT id, address, expires_at, used_at, attempts, code_hash FROM signin_request"
                             " WHERE browser_hash = ?1 AND code_hash IS NOT NULL ORDER BY id DESC LIMIT 1",
                          bhash, &p);
    if (rc == SUP_OK) {
        *result = !p.found ? SUP_SIGNIN_UNKNOWN : request_state(r, &p, now_ms);
        *left = p.found ? r->code_attempts - p.attempts : 0;
        if (*left < 0)
            *left = 0;
        if (*result == SUP_SIGNIN_OK && (!sup__is_code(code) || !sup__digest_equal(p.digest, chash)))
            rc = count_attempt(l, r, &p, result, left);
        else if (*result == SUP_SIGNIN_OK)
            rc = redeem(l, r, &p, now_ms, result, out);
    }
    sup__free(p.address);
    return rc;
}

int sup_ledger_signin_code(sup_ledger *l, const sup_portal_rules *rules, const char *browser, const char *code,
                           int64_t now_ms, sup_signin_result *result, int *attempts_left, sup_session **out)
{
    sup_portal_rules r;
    int left = 0;
    if (attempts_left != NULL)
        *attempts_left = 0;
    int rc = begin_redeem(l, rules, &r, now_ms, result, out, "sup_ledger_signin_code");
    if (rc != SUP_OK || !sup__is_token(browser))
        return rc;
    rc = sup__ledger_write_begin(l, "sup_ledger_signin_code");
    if (rc == SUP_OK)
        rc = sup__ledger_write_end(l, code_in_txn(l, &r, browser, code != NULL ? code : "", now_ms, result, &left, out));
    if (rc != SUP_OK) {
        sup_session_free(*out);
        *out = NULL;
        *result = SUP_SIGNIN_UNKNOWN;
        return rc;
    }
    if (attempts_left != NULL)
        *attempts_left = left;
    return SUP_OK;
}

static int no_session(void) { return sup__fail(SUP_ENOTFOUND, "no such session"); }

static int open_in_read(sup_ledger *l, const char *hash, int64_t now_ms, sup_session *s)
{
    sup__stmt *st = NULL;
    int rc = sup__ledger_prepare(l, "SELECT id, address, expires_at, ended_at, token_hash FROM portal_session"
                                    " WHERE token_hash = ?1",
                                 &st);
    if (rc != SUP_OK)
        return rc;
    sup__st_text(st, 1, hash);
    rc = sup__st_step(st, "reading a session");
    bool live = false;
    if (rc == 1) {
        s->id = sup__col_int(st, 0);
        s->address = sup__strdup(sup__col_text(st, 1));
        s->expires_at = sup__col_int(st, 2);
        live = sup__col_null(st, 3) && now_ms <= s->expires_at && sup__digest_equal(sup__col_text(st, 4), hash);
        rc = s->address != NULL ? SUP_OK : sup__fail(SUP_ENOMEM, "out of memory reading a session");
    }
    sup__ledger_finalize(st);
    if (rc == SUP_OK && !live)
        return no_session();
    if (rc == SUP_OK)
        rc = load_parties(l, s);
    if (rc == SUP_OK && s->ncustomers == 0)
        return no_session();
    return rc;
}

int sup_ledger_session_open(sup_ledger *l, const char *token, int64_t now_ms, sup_session **out)
{
    SUP__CHECK_ARG(out, "sup_ledger_session_open");
    *out = NULL;
    SUP__CHECK_ARG(l, "sup_ledger_session_open");
    int rc = check_now(now_ms);
    if (rc != SUP_OK)
        return rc;
    if (!sup__is_token(token))
        return no_session();
    char hash[SUP_SHA256_HEX_BUFSIZE];
    sup__hash_secret(token, hash);
    sup_session *s = sup__calloc(1, sizeof *s);
    if (s == NULL)
        return sup__fail(SUP_ENOMEM, "out of memory reading a session");
    rc = sup__ledger_read_begin(l, "sup_ledger_session_open");
    if (rc == SUP_OK)
        rc = sup__ledger_read_end(l, open_in_read(l, hash, now_ms, s));
    if (rc != SUP_OK) {
        sup_session_free(s);
        return rc;
    }
    *out = s;
    return SUP_OK;
}

static int end_in_txn(sup_ledger *l, const char *hash, int64_t now_ms)
{
    sup__stmt *st = NULL;
    int rc = sup__ledger_prepare(l, "UPDATE portal_session SET ended_at = ?2 WHERE token_hash = ?1 AND ended_at IS NULL"
                                    " RETURNING id",
                                 &st);
    sup_id id = 0;
    if (rc == SUP_OK) {
        sup__st_text(st, 1, hash);
        sup__st_int(st, 2, now_ms);
        rc = sup__st_step(st, "ending a session");
        if (rc == 1)
            id = sup__col_int(st, 0);
    }
    sup__ledger_finalize(st);
    if (rc < 0)
        return rc;
    if (id == 0)
        return SUP_OK;
    sup__buf b = {0};
    sup__buf_printf(&b, "session=%lld", (long long)id);
    return sup__ledger_audit(l, "signout", "portal", SUP_DATE_NONE, 0, 0, 0, &b);
}

int sup_ledger_session_end(sup_ledger *l, const char *token, int64_t now_ms)
{
    SUP__CHECK_ARG(l, "sup_ledger_session_end");
    int rc = check_now(now_ms);
    if (rc != SUP_OK || !sup__is_token(token))
        return rc;
    char hash[SUP_SHA256_HEX_BUFSIZE];
    sup__hash_secret(token, hash);
    rc = sup__ledger_write_begin(l, "sup_ledger_session_end");
    if (rc == SUP_OK)
        rc = sup__ledger_write_end(l, end_in_txn(l, hash, now_ms));
    return rc;
}

/* ---- purging -------------------------------------------------------------------------------------- */

static int purge_in_txn(sup_ledger *l, const char *actor, const sup_portal_rules *r, int64_t now_ms,
                        int64_t *removed)
{
    static const char sessions_sql[] = "DELETE FROM portal_session WHERE COALESCE(ended_at, expires_at) < ?1"
                                       " RETURNING id";
    static const char requests_sql[] = "DELETE FROM signin_request WHERE created_at < ?1 AND expires_at < ?2"
                                       " AND NOT EXISTS (SELECT 1 FROM portal_session s WHERE s.request_id ="
                                       " signin_request.id) RETURNING id";
    int64_t day = MINUTE_MS * 24 * 60, n = 0;
    sup__stmt *st = NULL;
    int rc = sup__ledger_prepare(l, sessions_sql, &st);
    if (rc == SUP_OK) {
        sup__st_int(st, 1, now_ms - day);
        while ((rc = sup__st_step(st, "purging sessions")) == 1)
            n++;
    }
    sup__ledger_finalize(st);
    st = NULL;
    if (rc == 0)
        rc = sup__ledger_prepare(l, requests_sql, &st);
    if (rc == SUP_OK) {
        sup__st_int(st, 1, now_ms - r->window_minutes * MINUTE_MS);
        sup__st_int(st, 2, now_ms);
        while ((rc = sup__st_step(st, "purging sign-in requests")) == 1)
            n++;
    }
    sup__ledger_finalize(st);
    if (rc < 0)
        return rc;
    *removed = n;
    if (n == 0)
        return SUP_OK;
    sup__buf b = {0};
    sup__buf_printf(&b, "removed=%lld", (long long)n);
    return sup__ledger_audit(l, "portal_purge", actor, SUP_DATE_NONE, 0, 0, 0, &b);
}

int sup_ledger_portal_purge(sup_ledger *l, const char *actor, const sup_portal_rules *rules, int64_t now_ms,
                            int64_t *removed)
{
    SUP__CHECK_ARG(l, "sup_ledger_portal_purge");
    sup_portal_rules r;
    int rc = rules_of(rules, &r);
    if (rc == SUP_OK)
        rc = sup__ledger_check_actor(actor);
    if (rc == SUP_OK)
        rc = check_now(now_ms);
    if (rc != SUP_OK)
        return rc;
    int64_t n = 0;
    rc = sup__ledger_write_begin(l, "sup_ledger_portal_purge");
    if (rc == SUP_OK)
        rc = sup__ledger_write_end(l, purge_in_txn(l, actor, &r, now_ms, &n));
    if (rc == SUP_OK && removed != NULL)
        *removed = n;
    return rc;
}
