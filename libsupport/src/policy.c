/* libsupport — the policy object and its key = value text form. */
#include "libsupport/policy.h"
#include "policy_internal.h"
#include "date_internal.h"
#include "error_internal.h"
#include "text_internal.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SUP__CONTACT_MAX_BYTES 256

static const struct sup__contact default_contacts[] = {
    {SUP_CONTACT_WHATSAPP, "+7 927 853 15 26"},
    {SUP_CONTACT_EMAIL, "manager@v8PRO.ru"},
    {SUP_CONTACT_SITE_CHAT, "v8PRO.ru"},
    {SUP_CONTACT_VK, "vk.com/v8proru"},
};

static const sup_policy default_policy = {
    .preferential_rate = 2500,
    .standard_rate = 4500,
    .grace_months = 1,
    .renewal_months = 12,
    .default_support_months = 6,
    .rounding_unit = SUP_UNIT_RUBLE,
    .rounding_mode = SUP_ROUND_HALF_UP,
    .phone_support = 0,
    .vat_rate = SUP_VAT_NONE,
    .contacts = (struct sup__contact *)default_contacts,
    .contact_count = sizeof default_contacts / sizeof default_contacts[0],
    .contact_cap = 0, /* 0: the array is not owned */
};

const sup_policy *sup__default_policy(void) { return &default_policy; }

static const char *const contact_names[] = {"whatsapp", "email", "site_chat", "vk", "telegram", "other"};
#define SUP__CONTACT_KINDS (sizeof contact_names / sizeof contact_names[0])

const char *sup_contact_kind_name(sup_contact_kind kind)
{
    return ((unsigned)kind < SUP__CONTACT_KINDS) ? contact_names[kind] : "";
}

int sup_contact_kind_from_name(const char *name, sup_contact_kind *out)
{
    SUP__CHECK_ARG(out, "sup_contact_kind_from_name");
    SUP__CHECK_ARG(name, "sup_contact_kind_from_name");
    for (size_t i = 0; i < SUP__CONTACT_KINDS; i++) {
        if (strcmp(name, contact_names[i]) == 0) {
            *out = (sup_contact_kind)i;
            return SUP_OK;
        }
    }
    char q[80];
    sup__quote_text(q, sizeof q, name);
    return sup__fail(SUP_EINVAL, "unknown contact kind %s: expected whatsapp, email, site_chat, vk, telegram or other",
                     q);
}

static void free_contacts(sup_policy *p)
{
    if (p->contact_cap != 0) {
        for (size_t i = 0; i < p->contact_count; i++)
            sup__free((void *)p->contacts[i].value);
        sup__free(p->contacts);
    }
    p->contacts = NULL;
    p->contact_count = p->contact_cap = 0;
}

void sup_policy_clear_contacts(sup_policy *policy)
{
    if (policy != NULL)
        free_contacts(policy);
}

int sup__check_contact_value(const char *value)
{
    return sup__check_text(value, SUP__CONTACT_MAX_BYTES, 0, "contact value"); /* one line, the rules of text.c */
}

int sup_policy_add_contact(sup_policy *policy, sup_contact_kind kind, const char *value)
{
    SUP__CHECK_ARG(policy, "sup_policy_add_contact");
    SUP__CHECK_ARG(value, "sup_policy_add_contact");
    if ((unsigned)kind >= SUP__CONTACT_KINDS)
        return sup__fail(SUP_EINVAL, "unknown contact kind %d", (int)kind);
    int rc = sup__check_contact_value(value);
    if (rc != SUP_OK)
        return rc;
    if (policy->contact_cap == 0 && policy->contact_count > 0) {
        /* defensive: never append to a borrowed array */
        return sup__fail(SUP_EINVAL, "sup_policy_add_contact: the built-in policy cannot change");
    }
    if (policy->contact_count == policy->contact_cap) {
        size_t cap = policy->contact_cap ? policy->contact_cap * 2 : 8;
        struct sup__contact *c = sup__realloc(policy->contacts, cap * sizeof *c);
        if (c == NULL)
            return sup__fail(SUP_ENOMEM, "out of memory adding a contact");
        policy->contacts = c;
        policy->contact_cap = cap;
    }
    char *copy = sup__strdup(value);
    if (copy == NULL)
        return sup__fail(SUP_ENOMEM, "out of memory adding a contact");
    policy->contacts[policy->contact_count].kind = kind;
    policy->contacts[policy->contact_count].value = copy;
    policy->contact_count++;
    return SUP_OK;
}

/* Copy settings and contacts of src into a zeroed dst. */
static int copy_policy(sup_policy *dst, const sup_policy *src)
{
    *dst = *src;
    dst->contacts = NULL;
    dst->contact_count = dst->contact_cap = 0;
    for (size_t i = 0; i < src->contact_count; i++) {
        int rc = sup_policy_add_contact(dst, src->contacts[i].kind, src->contacts[i].value);
        if (rc != SUP_OK) {
            free_contacts(dst);
            return rc;
        }
    }
    return SUP_OK;
}

int sup_policy_clone(const sup_policy *policy, sup_policy **out)
{
    SUP__CHECK_ARG(out, "sup_policy_clone");
    *out = NULL;
    SUP__CHECK_ARG(policy, "sup_policy_clone");
    sup_policy *p = sup__calloc(1, sizeof *p);
    if (p == NULL)
        return sup__fail(SUP_ENOMEM, "out of memory creating a policy");
    int rc = copy_policy(p, policy);
    if (rc != SUP_OK) {
        sup__free(p);
        return rc;
    }
    *out = p;
    return SUP_OK;
}

int sup_policy_new(sup_policy **out) { return sup_policy_clone(&default_policy, out); }

void sup_policy_free(sup_policy *policy)
{
    if (policy == NULL)
        return;
    free_contacts(policy);
    sup__free(policy);
}

int sup_policy_equal(const sup_policy *a, const sup_policy *b)
{
    if (a == NULL || b == NULL)
        return a == b;
    if (a->preferential_rate != b->preferential_rate || a->standard_rate != b->standard_rate ||
        a->grace_months != b->grace_months || a->renewal_months != b->renewal_months ||
        a->default_support_months != b->default_support_months || a->rounding_unit != b->rounding_unit ||
        a->rounding_mode != b->rounding_mode || a->phone_support != b->phone_support || a->vat_rate != b->vat_rate ||
        a->contact_count != b->contact_count || !sup__recognition_equal(a, b))
        return 0;
    for (size_t i = 0; i < a->contact_count; i++)
        if (a->contacts[i].kind != b->contacts[i].kind || strcmp(a->contacts[i].value, b->contacts[i].value) != 0)
            return 0;
    return 1;
}

/* ---- getters / setters ---------------------------------------------------- */
sup_rate sup_policy_preferential_rate(const sup_policy *p) { return p ? p->preferential_rate : 0; }
sup_rate sup_policy_standard_rate(const sup_policy *p) { return p ? p->standard_rate : 0; }
int sup_policy_grace_months(const sup_policy *p) { return p ? p->grace_months : 0; }
int sup_policy_renewal_months(const sup_policy *p) { return p ? p->renewal_months : 0; }
int sup_policy_default_support_months(const sup_policy *p) { return p ? p->default_support_months : 0; }
sup_money sup_policy_rounding_unit(const sup_policy *p) { return p ? p->rounding_unit : 0; }
sup_rounding_mode sup_policy_rounding_mode(const sup_policy *p) { return p ? p->rounding_mode : SUP_ROUND_HALF_UP; }
int sup_policy_phone_support(const sup_policy *p) { return p ? p->phone_support : 0; }
sup_rate sup_policy_vat_rate(const sup_policy *p) { return p ? p->vat_rate : SUP_VAT_NONE; }

static int check_rate(sup_rate r, const char *what)
{
    if (r < 0 || r > SUP_RATE_MAX)
        return sup__fail(SUP_ERANGE, "%s %ld bp is outside 0…10000 (0%%…100%%)", what, (long)r);
    return SUP_OK;
}

static int check_months(int m, int lo, const char *what)
{
    if (m < lo || m > SUP_MONTHS_MAX)
        return sup__fail(SUP_ERANGE, "%s %d is outside %d…%d", what, m, lo, SUP_MONTHS_MAX);
    return SUP_OK;
}

int sup_policy_set_preferential_rate(sup_policy *p, sup_rate rate_bp)
{
    SUP__CHECK_ARG(p, "sup_policy_set_preferential_rate");
    int rc = check_rate(rate_bp, "preferential rate");
    if (rc == SUP_OK)
        p->preferential_rate = rate_bp;
    return rc;
}

int sup_policy_set_standard_rate(sup_policy *p, sup_rate rate_bp)
{
    SUP__CHECK_ARG(p, "sup_policy_set_standard_rate");
    int rc = check_rate(rate_bp, "standard rate");
    if (rc == SUP_OK)
        p->standard_rate = rate_bp;
    return rc;
}

int sup_policy_set_grace_months(sup_policy *p, int months)
{
    SUP__CHECK_ARG(p, "sup_policy_set_grace_months");
    int rc = check_months(months, 0, "grace months");
    if (rc == SUP_OK)
        p->grace_months = months;
    return rc;
}

int sup_policy_set_renewal_months(sup_policy *p, int months)
{
    SUP__CHECK_ARG(p, "sup_policy_set_renewal_months");
    int rc = check_months(months, 1, "renewal months");
    if (rc == SUP_OK)
        p->renewal_months = months;
    return rc;
}

int sup_policy_set_default_support_months(sup_policy *p, int months)
{
    SUP__CHECK_ARG(p, "sup_policy_set_default_support_months");
    int rc = check_months(months, 0, "default support months");
    if (rc == SUP_OK)
        p->default_support_months = months;
    return rc;
}

int sup_policy_set_rounding(sup_policy *p, sup_money unit, sup_rounding_mode mode)
{
    SUP__CHECK_ARG(p, "sup_policy_set_rounding");
    if (unit < 1 || unit > SUP_ROUNDING_UNIT_MAX)
        return sup__fail(SUP_ERANGE, "rounding unit %lld kopecks is outside 1…%d", (long long)unit,
                         SUP_ROUNDING_UNIT_MAX);
    if ((unsigned)mode > SUP_ROUND_DOWN)
        return sup__fail(SUP_EINVAL, "unknown rounding mode %d", (int)mode);
    p->rounding_unit = unit;
    p->rounding_mode = mode;
    return SUP_OK;
}

int sup_policy_set_vat_rate(sup_policy *p, sup_rate rate_bp)
{
    SUP__CHECK_ARG(p, "sup_policy_set_vat_rate");
    int rc = rate_bp == SUP_VAT_NONE ? SUP_OK : check_rate(rate_bp, "VAT rate");
    if (rc == SUP_OK)
        p->vat_rate = rate_bp;
    return rc;
}

int sup_policy_set_phone_support(sup_policy *p, int enabled)
{
    SUP__CHECK_ARG(p, "sup_policy_set_phone_support");
    p->phone_support = enabled ? 1 : 0;
    return SUP_OK;
}

int sup_policy_fee(const sup_policy *p, sup_money price, sup_rate rate_bp, sup_money *out)
{
    if (p == NULL)
        p = &default_policy;
    return sup_money_fee(price, rate_bp, p->rounding_unit, p->rounding_mode, out);
}

size_t sup_policy_contact_count(const sup_policy *p) { return p ? p->contact_count : 0; }

int sup_policy_contact_kind(const sup_policy *p, size_t i, sup_contact_kind *out)
{
    SUP__CHECK_ARG(p, "sup_policy_contact_kind");
    SUP__CHECK_ARG(out, "sup_policy_contact_kind");
    if (i >= p->contact_count)
        return sup__fail(SUP_ENOTFOUND, "contact %zu: the policy has %zu contacts", i, p->contact_count);
    *out = p->contacts[i].kind;
    return SUP_OK;
}

const char *sup_policy_contact_value(const sup_policy *p, size_t i)
{
    return (p != NULL && i < p->contact_count) ? p->contacts[i].value : NULL;
}

/* ---- text form ------------------------------------------------------------- */
static const char *const mode_names[] = {"half_up", "half_even", "up", "down"};

static const char *unit_name(sup_money unit)
{
    switch (unit) {
    case SUP_UNIT_KOPECK: return "kopeck";
    case SUP_UNIT_RUBLE: return "ruble";
    case SUP_UNIT_10_RUBLES: return "10_rubles";
    default: return NULL;
    }
}

int sup_policy_to_text(const sup_policy *p, char **out)
{
    SUP__CHECK_ARG(out, "sup_policy_to_text");
    *out = NULL;
    SUP__CHECK_ARG(p, "sup_policy_to_text");
    sup__buf b = {0};
    sup__buf_printf(&b, "preferential_rate_bp = %ld\n", (long)p->preferential_rate);
    sup__buf_printf(&b, "standard_rate_bp = %ld\n", (long)p->standard_rate);
    sup__buf_printf(&b, "grace_months = %d\n", p->grace_months);
    sup__buf_printf(&b, "renewal_months = %d\n", p->renewal_months);
    sup__buf_printf(&b, "default_support_months = %d\n", p->default_support_months);
    const char *un = unit_name(p->rounding_unit);
    if (un != NULL)
        sup__buf_printf(&b, "rounding_unit = %s\n", un);
    else
        sup__buf_printf(&b, "rounding_unit = %lld\n", (long long)p->rounding_unit);
    sup__buf_printf(&b, "rounding_mode = %s\n", mode_names[p->rounding_mode]);
    sup__buf_printf(&b, "phone_support = %s\n", p->phone_support ? "yes" : "no");
    if (p->vat_rate == SUP_VAT_NONE)
        sup__buf_put(&b, "vat_rate_bp = none\n");
    else
        sup__buf_printf(&b, "vat_rate_bp = %ld\n", (long)p->vat_rate);
    sup__recognition_text(p, &b); /* revenue recognition keys (policy_recognition.c) */
    if (p->contact_count == 0)
        sup__buf_put(&b, "contact = none\n");
    for (size_t i = 0; i < p->contact_count; i++)
        sup__buf_printf(&b, "contact = %s %s\n", contact_names[p->contacts[i].kind], p->contacts[i].value);
    return sup__buf_finish(&b, out);
}

static bool parse_long(const char *s, long lo, long hi, long *out)
{
    if (*s == '\0')
        return false;
    const char *p = s;
    if (*p == '-' || *p == '+')
        p++;
    for (; *p; p++)
        if (!isdigit((unsigned char)*p))
            return false;
    errno = 0;
    char *end;
    long v = strtol(s, &end, 10);
    if (errno != 0 || *end != '\0' || v < lo || v > hi)
        return false;
    *out = v;
    return true;
}

/* K_RECOGNITION …: the revenue recognition keys of policy_recognition.c (sup__recognition_keys), last. */
enum { K_PREF, K_STD, K_GRACE, K_RENEWAL, K_SUPPORT, K_UNIT, K_MODE, K_PHONE, K_CONTACT, K_VAT, K_RECOGNITION,
       K_COUNT = K_RECOGNITION + SUP__REC_COUNT };
static const char *const key_names[K_RECOGNITION] = {
    "preferential_rate_bp", "standard_rate_bp", "grace_months",  "renewal_months", "default_support_months",
    "rounding_unit",        "rounding_mode",    "phone_support", "contact",        "vat_rate_bp"};

static const char *key_name(int k) { return k < K_RECOGNITION ? key_names[k] : sup__recognition_keys[k - K_RECOGNITION]; }

/* Apply one "key = value" (already trimmed) to p. Returns a result code; the
 * message names the line. */
/* One line of the text form: the value of one key (quoted as qk, qv for messages). */
typedef struct line_in {
    int lineno;
    int key;
    const char *value;
    const char *qk, *qv;
} line_in;

static int line_rate(sup_policy *p, const line_in *in)
{
    long v = 0;
    if (!parse_long(in->value, 0, SUP_RATE_MAX, &v))
        return sup__fail(SUP_EPARSE, "policy line %d: %s must be a whole number of basis points 0…10000, not %s",
                         in->lineno, in->qk, in->qv);
    if (in->key == K_PREF)
        p->preferential_rate = (sup_rate)v;
    else
        p->standard_rate = (sup_rate)v;
    return SUP_OK;
}

static int line_months(sup_policy *p, const line_in *in)
{
    long v = 0, lo = in->key == K_RENEWAL ? 1 : 0; /* a renewal adds at least a month */
    if (!parse_long(in->value, lo, SUP_MONTHS_MAX, &v))
        return sup__fail(SUP_EPARSE, "policy line %d: %s must be a whole number of months %ld…%d, not %s", in->lineno,
                         in->qk, lo, SUP_MONTHS_MAX, in->qv);
    if (in->key == K_GRACE)
        p->grace_months = (int)v;
    else if (in->key == K_RENEWAL)
        p->renewal_months = (int)v;
    else
        p->default_support_months = (int)v;
    return SUP_OK;
}

static int line_unit(sup_policy *p, const line_in *in)
{
    long v = 0;
    if (strcmp(in->value, "kopeck") == 0)
        v = SUP_UNIT_KOPECK;
    else if (strcmp(in->value, "ruble") == 0)
        v = SUP_UNIT_RUBLE;
    else if (strcmp(in->value, "10_rubles") == 0)
        v = SUP_UNIT_10_RUBLES;
    else if (!parse_long(in->value, 1, SUP_ROUNDING_UNIT_MAX, &v))
        return sup__fail(SUP_EPARSE,
                         "policy line %d: rounding_unit must be kopeck, ruble, 10_rubles or a number of "
                         "kopecks 1…%d, not %s",
                         in->lineno, SUP_ROUNDING_UNIT_MAX, in->qv);
    p->rounding_unit = v;
    return SUP_OK;
}

static int line_mode(sup_policy *p, const line_in *in)
{
    for (size_t i = 0; i < sizeof mode_names / sizeof mode_names[0]; i++) {
        if (strcmp(in->value, mode_names[i]) == 0) {
            p->rounding_mode = (sup_rounding_mode)i;
            return SUP_OK;
        }
    }
    return sup__fail(SUP_EPARSE, "policy line %d: rounding_mode must be half_up, half_even, up or down, not %s",
                     in->lineno, in->qv);
}

static int line_phone(sup_policy *p, const line_in *in)
{
    if (strcmp(in->value, "yes") == 0)
        p->phone_support = 1;
    else if (strcmp(in->value, "no") == 0)
        p->phone_support = 0;
    else
        return sup__fail(SUP_EPARSE, "policy line %d: phone_support must be yes or no, not %s", in->lineno, in->qv);
    return SUP_OK;
}

/* "vat_rate_bp = none" (no VAT: "Без НДС" on invoices) or a rate in basis points. */
static int line_vat(sup_policy *p, const line_in *in)
{
    long v = 0;
    if (strcmp(in->value, "none") == 0)
        v = SUP_VAT_NONE;
    else if (!parse_long(in->value, 0, SUP_RATE_MAX, &v))
        return sup__fail(SUP_EPARSE, "policy line %d: vat_rate_bp must be none or a whole number of basis points "
                                     "0…10000, not %s", in->lineno, in->qv);
    p->vat_rate = (sup_rate)v;
    return SUP_OK;
}

/* "contact = KIND VALUE" (or "none"): the first contact line replaces the default channels. */
static int line_contact(sup_policy *p, const line_in *in, bool *contacts_started)
{
    if (!*contacts_started) {
        free_contacts(p);
        *contacts_started = true;
    }
    if (strcmp(in->value, "none") == 0)
        return SUP_OK;
    size_t kl = strcspn(in->value, " \t");
    char kind[16];
    sup_contact_kind ck = SUP_CONTACT_OTHER;
    bool known = false;
    if (kl < sizeof kind) {
        memcpy(kind, in->value, kl);
        kind[kl] = '\0';
        for (size_t i = 0; i < SUP__CONTACT_KINDS; i++)
            if (strcmp(kind, contact_names[i]) == 0) {
                ck = (sup_contact_kind)i;
                known = true;
            }
    }
    const char *rest = in->value + kl;
    while (*rest == ' ' || *rest == '\t')
        rest++;
    if (!known || *rest == '\0')
        return sup__fail(SUP_EPARSE,
                         "policy line %d: contact must be \"KIND VALUE\" with KIND one of whatsapp, email, "
                         "site_chat, vk, telegram, other; got %s",
                         in->lineno, in->qv);
    int rc = sup_policy_add_contact(p, ck, rest);
    if (rc == SUP_ENOMEM)
        return rc;
    if (rc != SUP_OK) {
        char why[400];
        snprintf(why, sizeof why, "%s", sup_error_message());
        return sup__fail(SUP_EPARSE, "policy line %d: %s", in->lineno, why);
    }
    return SUP_OK;
}

/* Apply one "key = value" line: find the key (each but contact once), then its value's own parser. */
static int apply_line(sup_policy *p, int lineno, const char *key, const char *value, bool seen[K_COUNT],
                      bool *contacts_started)
{
    char qk[80], qv[80];
    sup__quote_text(qk, sizeof qk, key);
    sup__quote_text(qv, sizeof qv, value);
    int k = 0;
    while (k < K_COUNT && strcmp(key, key_name(k)) != 0)
        k++;
    if (k == K_COUNT)
        return sup__fail(SUP_EPARSE, "policy line %d: unknown key %s", lineno, qk);
    if (k != K_CONTACT && seen[k])
        return sup__fail(SUP_EPARSE, "policy line %d: key %s given twice", lineno, qk);
    seen[k] = true;
    line_in in = {lineno, k, value, qk, qv};
    switch (k) {
    case K_PREF:
    case K_STD: return line_rate(p, &in);
    case K_GRACE:
    case K_RENEWAL:
    case K_SUPPORT: return line_months(p, &in);
    case K_UNIT: return line_unit(p, &in);
    case K_MODE: return line_mode(p, &in);
    case K_PHONE: return line_phone(p, &in);
    case K_VAT: return line_vat(p, &in);
    case K_CONTACT: return line_contact(p, &in, contacts_started);
    default: return sup__recognition_line(p, k - K_RECOGNITION, lineno, value, qk, qv);
    }
}

struct policy_parse {
    sup_policy *policy;
    bool seen[K_COUNT];
    bool contacts_started;
};

static int policy_line(void *ctx, int lineno, char *key, char *value)
{
    struct policy_parse *pp = ctx;
    return apply_line(pp->policy, lineno, key, value, pp->seen, &pp->contacts_started);
}

int sup_policy_parse(const char *text, sup_policy **out)
{
    SUP__CHECK_ARG(out, "sup_policy_parse");
    *out = NULL;
    SUP__CHECK_ARG(text, "sup_policy_parse");
    struct policy_parse pp = {NULL, {false}, false};
    int rc = sup_policy_new(&pp.policy);
    if (rc != SUP_OK)
        return rc;
    rc = sup__parse_kv(text, "policy", policy_line, &pp);
    if (rc != SUP_OK) {
        sup_policy_free(pp.policy);
        return rc;
    }
    *out = pp.policy;
    return SUP_OK;
}

/* ---- policy versions ------------------------------------------------------------------ */

int sup__version_at(const sup__policy_version *v, size_t n, sup_date on, size_t *index)
{
    *index = sup__version_index(v, n, on);
    if (*index != (size_t)-1)
        return SUP_OK;
    char a[24];
    sup__date_str(on, a);
    return sup__fail(SUP_ENOTFOUND, "no policy in force on %s", a);
}
