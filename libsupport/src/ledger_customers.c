/* libsupport — customers you can reach (customer.h): a customer's contact data read
 * as one object, changed field by field with every value checked by requisites.c
 * and every change audited with the old and the new value; a customer found by any
 * of its e-mail addresses; the customer list. */
#include "ledger_cursor.h"
#include "ledger_customers.h"
#include "libsupport/customer.h"
#include "libsupport/requisites.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the read object ------------------------------------------------------------------------ */

struct sup_customer {
    sup_id id;
    struct sup__cvals v;
    char *code;
};

void sup__cvals_free(struct sup__cvals *v)
{
    sup__free(v->name);
    sup__free(v->phone);
    sup__free(v->inn);
    sup__free(v->kpp);
    sup__free(v->lang);
    sup__free(v->note);
    for (size_t i = 0; i < v->nemails; i++) {
        sup__free(v->emails[i]);
        sup__free(v->keys[i]);
    }
    sup__free(v->emails);
    sup__free(v->keys);
    memset(v, 0, sizeof *v);
}

void sup_customer_free(sup_customer *c)
{
    if (c == NULL)
        return;
    sup__cvals_free(&c->v);
    sup__free(c->code);
    sup__free(c);
}

sup_id sup_customer_id(const sup_customer *c) { return c != NULL ? c->id : 0; }
const char *sup_customer_code(const sup_customer *c) { return c != NULL ? c->code : NULL; }
const char *sup_customer_name(const sup_customer *c) { return c != NULL ? c->v.name : NULL; }
const char *sup_customer_phone(const sup_customer *c) { return c != NULL ? c->v.phone : NULL; }
const char *sup_customer_inn(const sup_customer *c) { return c != NULL ? c->v.inn : NULL; }
const char *sup_customer_kpp(const sup_customer *c) { return c != NULL ? c->v.kpp : NULL; }
const char *sup_customer_lang_code(const sup_customer *c) { return c != NULL ? c->v.lang : NULL; }
const char *sup_customer_note(const sup_customer *c) { return c != NULL ? c->v.note : NULL; }
size_t sup_customer_email_count(const sup_customer *c) { return c != NULL ? c->v.nemails : 0; }

sup_lang sup_customer_lang(const sup_customer *c)
{
    return c != NULL && c->v.lang != NULL && strcmp(c->v.lang, "en") == 0 ? SUP_LANG_EN : SUP_LANG_RU;
}

const char *sup_customer_email(const sup_customer *c, size_t i)
{
    return c != NULL && i < c->v.nemails ? c->v.emails[i] : NULL;
}

/* ---- values: checked and normalised ------------------------------------------------------------ */

static int oom(void) { return sup__fail(SUP_ENOMEM, "out of memory handling a customer"); }

/* A copy of s (NULL stays NULL); false when out of memory. */
static bool dup_opt(const char *s, char **out)
{
    *out = NULL;
    if (s == NULL)
        return true;
    *out = sup__strdup(s);
    return *out != NULL;
}

/* A requisites check failed: the ledger refuses the value (SUP_EINVAL) with the check's message. */
static int refused(int rc, const char *field)
{
    if (rc == SUP_ENOMEM)
        return rc;
    char why[400];
    snprintf(why, sizeof why, "%s", sup_error_message());
    return sup__fail(SUP_EINVAL, "customer %s: %s", field, why);
}

/* An optional text field: NULL or "" is none; else checked like the ledger's other text. */
static int opt_text(const char *s, size_t max, bool multiline, const char *what, char **out)
{
    *out = NULL;
    if (s == NULL || s[0] == '\0')
        return SUP_OK;
    int rc = sup__ledger_check_text(s, max, multiline, what);
    if (rc == SUP_OK && !dup_opt(s, out))
        rc = oom();
    return rc;
}

static int set_phone(const char *s, char **out)
{
    *out = NULL;
    if (s == NULL || s[0] == '\0')
        return SUP_OK;
    char norm[SUP_PHONE_BUFSIZE];
    int rc = sup__ledger_check_text(s, 64, false, "customer phone");
    if (rc == SUP_OK && (rc = sup_phone_normalize(s, norm, sizeof norm)) != SUP_OK)
        return refused(rc, "phone");
    if (rc == SUP_OK && !dup_opt(norm, out))
        rc = oom();
    return rc;
}

static int set_checked(const char *s, int (*check)(const char *), const char *field, char **out)
{
    *out = NULL;
    if (s == NULL || s[0] == '\0')
        return SUP_OK;
    int rc = check(s);
    if (rc != SUP_OK)
        return refused(rc, field);
    return dup_opt(s, out) ? SUP_OK : oom();
}

static int set_lang(const char *s, char **out)
{
    *out = NULL;
    if (s == NULL || s[0] == '\0')
        return SUP_OK;
    if (strcmp(s, "ru") != 0 && strcmp(s, "en") != 0) {
        char q[200];
        sup__quote_text(q, sizeof q, s);
        return sup__fail(SUP_EINVAL, "customer language %s: expected \"ru\" or \"en\"", q);
    }
    return dup_opt(s, out) ? SUP_OK : oom();
}

/* Add an address (checked, and not naming a mailbox the list already has). */
static int add_email(struct sup__cvals *v, const char *addr)
{
    if (v->nemails >= SUP_CUSTOMER_EMAILS_MAX)
        return sup__fail(SUP_EINVAL, "a customer has at most %d e-mail addresses", SUP_CUSTOMER_EMAILS_MAX);
    int rc = addr != NULL ? sup_email_check(addr) : sup__fail(SUP_EINVAL, "customer e-mail address is NULL");
    if (rc != SUP_OK)
        return refused(rc, "e-mail");
    for (size_t i = 0; i < v->nemails; i++) {
        if (sup_email_equal(v->emails[i], addr)) {
            char a[200], b[200];
            sup__quote_text(a, sizeof a, addr);
            sup__quote_text(b, sizeof b, v->emails[i]);
            return sup__fail(SUP_EINVAL, "customer e-mail %s names the same mailbox as %s, given before it", a, b);
        }
    }
    char *copy = sup__strdup(addr), *key = NULL;
    if (copy == NULL || sup__email_key(addr, &key) != SUP_OK) {
        sup__free(copy);
        return oom();
    }
    v->emails[v->nemails] = copy;
    v->keys[v->nemails] = key;
    v->nemails++;
    return SUP_OK;
}

static int alloc_emails(struct sup__cvals *v)
{
    if (v->emails != NULL)
        return SUP_OK;
    v->emails = sup__calloc(SUP_CUSTOMER_EMAILS_MAX, sizeof *v->emails);
    v->keys = sup__calloc(SUP_CUSTOMER_EMAILS_MAX, sizeof *v->keys);
    return v->emails != NULL && v->keys != NULL ? SUP_OK : oom();
}

int sup__cvals_set_emails(struct sup__cvals *v, const char *const *emails, size_t n)
{
    for (size_t i = 0; i < v->nemails; i++) {
        sup__free(v->emails[i]);
        sup__free(v->keys[i]);
        v->emails[i] = v->keys[i] = NULL;
    }
    v->nemails = 0;
    if (n > SUP_CUSTOMER_EMAILS_MAX)
        return sup__fail(SUP_EINVAL, "%zu e-mail addresses: a customer has at most %d", n, SUP_CUSTOMER_EMAILS_MAX);
    if (n > 0 && emails == NULL)
        return sup__fail(SUP_EINVAL, "customer e-mail addresses: %zu announced, none given", n);
    int rc = alloc_emails(v);
    for (size_t i = 0; rc == SUP_OK && i < n; i++)
        rc = add_email(v, emails[i]);
    return rc;
}

/* Replace the field of `bit` in v by the checked value from f. */
static int set_field(struct sup__cvals *v, const sup_customer_fields *f, unsigned bit)
{
    char *nv = NULL, **slot = NULL;
    int rc = SUP_OK;
    switch (bit) {
    case SUP_CUSTOMER_NAME:
        rc = sup__ledger_check_text(f->name, SUP_LEDGER_NAME_MAX, false, "customer name");
        if (rc == SUP_OK && !dup_opt(f->name, &nv))
            rc = oom();
        slot = &v->name;
        break;
    case SUP_CUSTOMER_EMAILS: return sup__cvals_set_emails(v, f->emails, f->email_count);
    case SUP_CUSTOMER_PHONE:
        rc = set_phone(f->phone, &nv);
        slot = &v->phone;
        break;
    case SUP_CUSTOMER_INN:
        rc = set_checked(f->inn, sup_inn_check, "INN", &nv);
        slot = &v->inn;
        break;
    case SUP_CUSTOMER_KPP:
        rc = set_checked(f->kpp, sup_kpp_check, "KPP", &nv);
        slot = &v->kpp;
        break;
    case SUP_CUSTOMER_LANG:
        rc = set_lang(f->lang, &nv);
        slot = &v->lang;
        break;
    case SUP_CUSTOMER_NOTE:
        rc = opt_text(f->note, SUP_CUSTOMER_NOTE_MAX, true, "customer note", &nv);
        slot = &v->note;
        break;
    default: return SUP_OK;
    }
    if (rc != SUP_OK) {
        sup__free(nv);
        return rc;
    }
    sup__free(*slot);
    *slot = nv;
    return SUP_OK;
}

int sup__cvals_apply(struct sup__cvals *v, const sup_customer_fields *f)
{
    if (f->version != SUP_CUSTOMER_FIELDS_VERSION)
        return sup__fail(SUP_EINVAL, "customer fields of version %u (this library knows %u)", f->version,
                         (unsigned)SUP_CUSTOMER_FIELDS_VERSION);
    if (f->change & ~SUP_CUSTOMER_ALL)
        return sup__fail(SUP_EINVAL, "customer fields: unknown change bits 0x%X", f->change & ~SUP_CUSTOMER_ALL);
    int rc = alloc_emails(v);
    for (unsigned bit = 1; rc == SUP_OK && bit <= SUP_CUSTOMER_NOTE; bit <<= 1)
        if (f->change & bit)
            rc = set_field(v, f, bit);
    /* A KPP identifies a division of an organisation: only beside an organisation's 10-digit INN. */
    if (rc == SUP_OK && v->kpp != NULL && (v->inn == NULL || strlen(v->inn) != 10)) {
        char q[64];
        sup__quote_text(q, sizeof q, v->kpp);
        rc = sup__fail(SUP_EINVAL, "customer KPP %s needs the 10-digit INN of an organisation (%s)", q,
                       v->inn == NULL ? "no INN is set" : "the INN has 12 digits: a person has no KPP");
    }
    return rc;
}

int sup_customer_fields_init(sup_customer_fields *f, unsigned version)
{
    SUP__CHECK_ARG(f, "sup_customer_fields_init");
    if (version != SUP_CUSTOMER_FIELDS_VERSION)
        return sup__fail(SUP_EINVAL, "sup_customer_fields_init: unknown version %u (this library knows %u)", version,
                         (unsigned)SUP_CUSTOMER_FIELDS_VERSION);
    memset(f, 0, sizeof *f);
    f->version = version;
    return SUP_OK;
}

/* ---- reading and writing rows ------------------------------------------------------------------ */

static bool same(const char *a, const char *b)
{
    return (a == NULL && b == NULL) || (a != NULL && b != NULL && strcmp(a, b) == 0);
}

static bool same_emails(const struct sup__cvals *a, const struct sup__cvals *b)
{
    if (a->nemails != b->nemails)
        return false;
    for (size_t i = 0; i < a->nemails; i++)
        if (strcmp(a->emails[i], b->emails[i]) != 0)
            return false;
    return true;
}

unsigned sup__cvals_diff(const struct sup__cvals *a, const struct sup__cvals *b)
{
    unsigned d = 0;
    if (!same(a->name, b->name))
        d |= SUP_CUSTOMER_NAME;
    if (!same_emails(a, b))
        d |= SUP_CUSTOMER_EMAILS;
    if (!same(a->phone, b->phone))
        d |= SUP_CUSTOMER_PHONE;
    if (!same(a->inn, b->inn))
        d |= SUP_CUSTOMER_INN;
    if (!same(a->kpp, b->kpp))
        d |= SUP_CUSTOMER_KPP;
    if (!same(a->lang, b->lang))
        d |= SUP_CUSTOMER_LANG;
    if (!same(a->note, b->note))
        d |= SUP_CUSTOMER_NOTE;
    return d;
}

static bool col_dup(sup__stmt *st, int col, char **out)
{
    return sup__col_null(st, col) ? (*out = NULL, true) : dup_opt(sup__col_text(st, col), out);
}

/* The stored values of customer `id` (and its code, when `code` is not NULL). */
int sup__cvals_load(sup_ledger *l, sup_id id, struct sup__cvals *v, char **code)
{
    memset(v, 0, sizeof *v);
    int rc;
    sup__stmt *st = sup__ledger_stmt(l, LS_CUSTOMER_ROW, &rc);
    if (st != NULL) {
        sup__st_int(st, 1, id);
        rc = sup__st_step(st, "reading a customer");
        if (rc == 1) {
            bool ok = col_dup(st, 1, &v->name) && col_dup(st, 2, &v->phone) && col_dup(st, 3, &v->inn) &&
                      col_dup(st, 4, &v->kpp) && col_dup(st, 5, &v->lang) && col_dup(st, 6, &v->note) &&
                      (code == NULL || col_dup(st, 0, code));
            rc = ok ? SUP_OK : oom();
        } else if (rc == 0) {
            rc = sup__fail(SUP_ENOTFOUND, "no customer with id %lld", (long long)id);
        }
    }
    sup__ledger_done(st);
    st = NULL;
    if (rc == SUP_OK)
        rc = alloc_emails(v);
    if (rc == SUP_OK)
        st = sup__ledger_stmt(l, LS_CUSTOMER_EMAILS, &rc);
    if (st != NULL) {
        sup__st_int(st, 1, id);
        while ((rc = sup__st_step(st, "reading a customer's e-mail addresses")) == 1) {
            if (v->nemails >= SUP_CUSTOMER_EMAILS_MAX) {
                rc = sup__fail(SUP_EDB, "customer %lld has more than %d e-mail addresses", (long long)id,
                               SUP_CUSTOMER_EMAILS_MAX);
                break;
            }
            if (!col_dup(st, 0, &v->emails[v->nemails]) || !col_dup(st, 1, &v->keys[v->nemails])) {
                rc = oom();
                break;
            }
            v->nemails++;
        }
        if (rc == 0)
            rc = SUP_OK;
    }
    sup__ledger_done(st);
    if (rc != SUP_OK) {
        sup__cvals_free(v);
        if (code != NULL) {
            sup__free(*code);
            *code = NULL;
        }
    }
    return rc;
}

static void bind_opt(sup__stmt *st, int i, const char *s)
{
    if (s != NULL)
        sup__st_text(st, i, s);
    else
        sup__st_null(st, i);
}

/* ?2 … ?7 of the customer insert and update: name, phone, INN, KPP, language, note. */
static void bind_contact(sup__stmt *st, const struct sup__cvals *v)
{
    sup__st_text(st, 2, v->name);
    bind_opt(st, 3, v->phone);
    bind_opt(st, 4, v->inn);
    bind_opt(st, 5, v->kpp);
    bind_opt(st, 6, v->lang);
    bind_opt(st, 7, v->note);
}

static int store_emails(sup_ledger *l, sup_id id, const struct sup__cvals *v, bool replace)
{
    sup__stmt *st = NULL;
    int rc = SUP_OK;
    if (replace && (st = sup__ledger_stmt(l, LS_EMAILS_DELETE, &rc)) != NULL) {
        sup__st_int(st, 1, id);
        rc = sup__ledger_run(st, "replacing a customer's e-mail addresses");
    }
    st = NULL;
    if (rc == SUP_OK && v->nemails > 0)
        st = sup__ledger_stmt(l, LS_EMAIL_INSERT, &rc);
    for (size_t i = 0; st != NULL && rc == SUP_OK && i < v->nemails; i++) {
        sup__st_int(st, 1, id);
        sup__st_int(st, 2, (int64_t)i + 1);
        sup__st_text(st, 3, v->emails[i]);
        sup__st_text(st, 4, v->keys[i]);
        rc = sup__ledger_run(st, "storing a customer's e-mail address");
    }
    return rc;
}

/* The audit text of one value: none is "", line breaks of a note are shown as \n. */
static void put_value(sup__buf *b, const char *s)
{
    for (const char *p = s != NULL ? s : ""; *p != '\0'; p++) {
        if (*p == '\n')
            sup__buf_put(b, "\\n");
        else if (*p == '\r')
            sup__buf_put(b, "\\r");
        else if (*p == '\t')
            sup__buf_put(b, "\\t");
        else
            sup__buf_putn(b, p, 1);
    }
}

static void put_emails(sup__buf *b, const struct sup__cvals *v)
{
    for (size_t i = 0; i < v->nemails; i++) {
        if (i > 0)
            sup__buf_put(b, ", ");
        sup__buf_put(b, v->emails[i]);
    }
}

static const char *field_text(const struct sup__cvals *v, unsigned bit)
{
    switch (bit) {
    case SUP_CUSTOMER_NAME: return v->name;
    case SUP_CUSTOMER_PHONE: return v->phone;
    case SUP_CUSTOMER_INN: return v->inn;
    case SUP_CUSTOMER_KPP: return v->kpp;
    case SUP_CUSTOMER_LANG: return v->lang;
    case SUP_CUSTOMER_NOTE: return v->note;
    default: return NULL;
    }
}

static const char *const field_names[] = {"name", "emails", "phone", "inn", "kpp", "lang", "note"};

/* "name=a -> b; phone= -> +7…" for the fields of `bits` (old NULL: "key=new" as when adding). */
static void describe(sup__buf *b, const struct sup__cvals *old, const struct sup__cvals *v, unsigned bits)
{
    bool first = true;
    for (unsigned i = 0, bit = 1; bit <= SUP_CUSTOMER_NOTE; i++, bit <<= 1) {
        if (!(bits & bit))
            continue;
        sup__buf_printf(b, "%s%s=", first ? "" : "; ", field_names[i]);
        first = false;
        if (old != NULL) {
            if (bit == SUP_CUSTOMER_EMAILS)
                put_emails(b, old);
            else
                put_value(b, field_text(old, bit));
            sup__buf_put(b, " -> ");
        }
        if (bit == SUP_CUSTOMER_EMAILS)
            put_emails(b, v);
        else
            put_value(b, field_text(v, bit));
    }
}

static int code_taken(const char *code)
{
    char q[200];
    sup__quote_text(q, sizeof q, code);
    return sup__fail(SUP_ECONFLICT, "a customer with code %s already exists", q);
}

int sup__customer_insert(sup_ledger *l, const char *actor, const char *code, const struct sup__cvals *v, sup_id *id)
{
    int rc;
    sup__stmt *st = sup__ledger_stmt(l, LS_CUSTOMER_BY_CODE, &rc);
    if (st != NULL) {
        sup__st_text(st, 1, code);
        rc = sup__st_step(st, "looking up a code");
        rc = rc == 1 ? code_taken(code) : rc;
        sup__ledger_done(st);
    }
    st = NULL;
    if (rc == SUP_OK)
        st = sup__ledger_stmt(l, LS_CUSTOMER_INSERT, &rc);
    if (st != NULL && rc == SUP_OK) {
        sup__st_text(st, 1, code);
        bind_contact(st, v);
        rc = sup__ledger_insert_id(st, "storing a customer", id);
        if (rc == SUP_ECONFLICT) /* taken meanwhile by a concurrent writer */
            rc = code_taken(code);
    }
    if (rc == SUP_OK)
        rc = store_emails(l, *id, v, false);
    if (rc == SUP_OK) {
        sup__buf b = {0};
        sup__buf_printf(&b, "code=%s; ", code);
        unsigned bits = SUP_CUSTOMER_NAME | (v->nemails ? SUP_CUSTOMER_EMAILS : 0u) |
                        (v->phone ? SUP_CUSTOMER_PHONE : 0u) | (v->inn ? SUP_CUSTOMER_INN : 0u) |
                        (v->kpp ? SUP_CUSTOMER_KPP : 0u) | (v->lang ? SUP_CUSTOMER_LANG : 0u) |
                        (v->note ? SUP_CUSTOMER_NOTE : 0u);
        describe(&b, NULL, v, bits);
        rc = sup__ledger_audit(l, "add_customer", actor, SUP_DATE_NONE, 0, *id, 0, &b);
    }
    return rc;
}

int sup__customer_change(sup_ledger *l, const char *actor, sup_id id, const struct sup__cvals *old,
                         const struct sup__cvals *v, unsigned *changed)
{
    unsigned diff = sup__cvals_diff(old, v);
    *changed = diff;
    if (diff == 0)
        return SUP_OK;
    sup__stmt *st = NULL;
    int rc = SUP_OK;
    if ((diff & ~SUP_CUSTOMER_EMAILS) && (st = sup__ledger_stmt(l, LS_CUSTOMER_UPDATE, &rc)) != NULL) {
        sup__st_int(st, 1, id);
        bind_contact(st, v);
        rc = sup__ledger_run(st, "updating a customer");
    }
    if (rc == SUP_OK && (diff & SUP_CUSTOMER_EMAILS))
        rc = store_emails(l, id, v, true);
    if (rc == SUP_OK) {
        sup__buf b = {0};
        describe(&b, old, v, diff);
        rc = sup__ledger_audit(l, "update_customer", actor, SUP_DATE_NONE, 0, id, 0, &b);
    }
    return rc;
}

/* ---- the public calls --------------------------------------------------------------------------- */

int sup_ledger_add_customer_ext(sup_ledger *l, const char *actor, const char *code, const sup_customer_fields *f,
                                sup_id *out)
{
    SUP__CHECK_ARG(l, "sup_ledger_add_customer_ext");
    SUP__CHECK_ARG(f, "sup_ledger_add_customer_ext");
    int rc = sup__ledger_check_actor(actor);
    if (rc == SUP_OK)
        rc = sup__ledger_check_text(code, SUP_LEDGER_CODE_MAX, false, "customer code");
    if (rc == SUP_OK && !(f->change & SUP_CUSTOMER_NAME))
        rc = sup__fail(SUP_EINVAL, "sup_ledger_add_customer_ext: a new customer needs a name (SUP_CUSTOMER_NAME)");
    struct sup__cvals v = {0};
    if (rc == SUP_OK)
        rc = sup__cvals_apply(&v, f);
    if (rc == SUP_OK)
        rc = sup__ledger_write_begin(l, "sup_ledger_add_customer_ext");
    if (rc != SUP_OK) {
        sup__cvals_free(&v);
        return rc;
    }
    sup_id id = 0;
    rc = sup__ledger_write_end(l, sup__customer_insert(l, actor, code, &v, &id));
    sup__cvals_free(&v);
    if (rc == SUP_OK && out != NULL)
        *out = id;
    return rc;
}

/* A copy of `v` (to change into the new values). */
int sup__cvals_copy(const struct sup__cvals *v, struct sup__cvals *out)
{
    memset(out, 0, sizeof *out);
    bool ok = dup_opt(v->name, &out->name) && dup_opt(v->phone, &out->phone) && dup_opt(v->inn, &out->inn) &&
              dup_opt(v->kpp, &out->kpp) && dup_opt(v->lang, &out->lang) && dup_opt(v->note, &out->note);
    int rc = ok ? alloc_emails(out) : oom();
    for (size_t i = 0; rc == SUP_OK && i < v->nemails; i++) {
        if (!dup_opt(v->emails[i], &out->emails[i]) || !dup_opt(v->keys[i], &out->keys[i]))
            rc = oom();
        out->nemails = i + 1;
    }
    if (rc != SUP_OK)
        sup__cvals_free(out);
    return rc;
}

int sup_ledger_update_customer_ext(sup_ledger *l, const char *actor, sup_id customer, const sup_customer_fields *f,
                                   unsigned *changed)
{
    if (changed != NULL)
        *changed = 0;
    SUP__CHECK_ARG(l, "sup_ledger_update_customer_ext");
    SUP__CHECK_ARG(f, "sup_ledger_update_customer_ext");
    int rc = sup__ledger_check_actor(actor);
    if (rc == SUP_OK)
        rc = sup__ledger_check_id(customer, "customer");
    if (rc == SUP_OK && f->version != SUP_CUSTOMER_FIELDS_VERSION)
        rc = sup__cvals_apply(&(struct sup__cvals){0}, f); /* the version's message */
    if (rc == SUP_OK)
        rc = sup__ledger_write_begin(l, "sup_ledger_update_customer_ext");
    if (rc != SUP_OK)
        return rc;
    struct sup__cvals old = {0}, v = {0};
    unsigned diff = 0;
    rc = sup__cvals_load(l, customer, &old, NULL);
    if (rc == SUP_OK)
        rc = sup__cvals_copy(&old, &v);
    if (rc == SUP_OK)
        rc = sup__cvals_apply(&v, f);
    if (rc == SUP_OK)
        rc = sup__customer_change(l, actor, customer, &old, &v, &diff);
    sup__cvals_free(&old);
    sup__cvals_free(&v);
    rc = sup__ledger_write_end(l, rc);
    if (rc == SUP_OK && changed != NULL)
        *changed = diff;
    return rc;
}

static int get_common(sup_ledger *l, sup_id id, sup_customer **out)
{
    sup_customer *c = sup__calloc(1, sizeof *c);
    if (c == NULL)
        return oom();
    int rc = sup__cvals_load(l, id, &c->v, &c->code);
    if (rc != SUP_OK) {
        sup__free(c);
        return rc;
    }
    c->id = id;
    *out = c;
    return SUP_OK;
}

int sup_ledger_get_customer(sup_ledger *l, sup_id customer, sup_customer **out)
{
    SUP__CHECK_ARG(out, "sup_ledger_get_customer");
    *out = NULL;
    SUP__CHECK_ARG(l, "sup_ledger_get_customer");
    int rc = sup__ledger_check_id(customer, "customer");
    if (rc == SUP_OK)
        rc = sup__ledger_read_begin(l, "sup_ledger_get_customer");
    if (rc != SUP_OK)
        return rc;
    return sup__ledger_read_end(l, get_common(l, customer, out));
}

int sup_ledger_get_customer_by_code(sup_ledger *l, const char *code, sup_customer **out)
{
    SUP__CHECK_ARG(out, "sup_ledger_get_customer_by_code");
    *out = NULL;
    SUP__CHECK_ARG(l, "sup_ledger_get_customer_by_code");
    int rc = sup__ledger_read_begin(l, "sup_ledger_get_customer_by_code");
    if (rc != SUP_OK)
        return rc;
    sup_id id = 0;
    rc = sup_ledger_find_customer(l, code, &id);
    if (rc == SUP_OK)
        rc = get_common(l, id, out);
    return sup__ledger_read_end(l, rc);
}

/* ---- lists --------------------------------------------------------------------------------------- */

static const struct sup__column customer_cols[] = {
    {"customer", SUP_COLUMN_ID}, {"code", SUP_COLUMN_TEXT}, {"name", SUP_COLUMN_TEXT},
    {"phone", SUP_COLUMN_TEXT},  {"inn", SUP_COLUMN_TEXT},  {"kpp", SUP_COLUMN_TEXT},
    {"lang", SUP_COLUMN_TEXT},   {"note", SUP_COLUMN_TEXT}, {"emails", SUP_COLUMN_TEXT},
};
#define CUSTOMER_NCOLS ((int)(sizeof customer_cols / sizeof customer_cols[0]))
/* The statement's last column is one address (a row per address, NULL for none). */
#define CUSTOMER_COL_ADDRESS SUP_CUSTCOL_EMAILS

/* One row per customer: the customer's rows (one per address, in order) folded into one. */
static int customer_next(sup_cursor *c)
{
    int rc;
    sup_id who = 0;
    bool have = false;
    sup__buf emails = {0};
    while ((rc = sup__cursor_step(c)) == 1) {
        sup_id id = sup__col_int(c->stmt, SUP_CUSTCOL_CUSTOMER);
        if (have && id != who) {
            c->pending = true; /* the next customer's first row */
            break;
        }
        if (!have) {
            have = true;
            who = id;
            for (int col = SUP_CUSTCOL_CODE; rc == 1 && col < CUSTOMER_COL_ADDRESS; col++)
                if (sup__cursor_keep_text(c, col) != SUP_OK)
                    rc = SUP_ENOMEM;
            if (rc != 1)
                break;
            sup__cursor_set(c, SUP_CUSTCOL_CUSTOMER, id);
        }
        const char *a = sup__col_text(c->stmt, CUSTOMER_COL_ADDRESS);
        if (a != NULL) {
            if (emails.len > 0)
                sup__buf_put(&emails, ", ");
            sup__buf_put(&emails, a);
        }
    }
    if (rc < 0 || !have) {
        sup__buf_dispose(&emails);
        return rc < 0 ? rc : 0;
    }
    sup__free(c->texts[CUSTOMER_COL_ADDRESS]);
    c->texts[CUSTOMER_COL_ADDRESS] = NULL;
    if (emails.len > 0 && sup__buf_finish(&emails, &c->texts[CUSTOMER_COL_ADDRESS]) != SUP_OK)
        return oom();
    sup__buf_dispose(&emails);
    c->computed |= 1u << CUSTOMER_COL_ADDRESS;
    return 1;
}

#define CUSTOMER_SELECT                                                                                      \
    "SELECT c.id, c.code, c.name, c.phone, c.inn, c.kpp, c.lang, c.note, e.address FROM customer c"         \
    " LEFT JOIN customer_email e ON e.customer_id = c.id"

int sup_ledger_list_customers(sup_ledger *l, sup_cursor **out)
{
    int rc = sup__list_prologue(l, out, "sup_ledger_list_customers");
    if (rc == SUP_OK)
        rc = sup__cursor_new(l, CUSTOMER_SELECT " ORDER BY c.id, e.position", customer_cols, CUSTOMER_NCOLS, NULL,
                             customer_next, out);
    return rc;
}

int sup_ledger_find_customers_by_email(sup_ledger *l, const char *address, sup_cursor **out)
{
    static const char sql[] = CUSTOMER_SELECT " WHERE c.id IN (SELECT k.customer_id FROM customer_email k"
                                              " WHERE k.address_key = ?1) ORDER BY c.id, e.position";
    int rc = sup__list_prologue(l, out, "sup_ledger_find_customers_by_email");
    if (rc != SUP_OK)
        return rc;
    rc = address != NULL ? sup_email_check(address) : sup__fail(SUP_EINVAL, "e-mail address is NULL");
    if (rc != SUP_OK)
        return refused(rc, "e-mail look-up");
    char *key = NULL;
    if (sup__email_key(address, &key) != SUP_OK)
        return oom();
    rc = sup__cursor_new(l, sql, customer_cols, CUSTOMER_NCOLS, NULL, customer_next, out);
    if (rc == SUP_OK) {
        (*out)->param = key; /* bound text must outlive the statement's run */
        sup__st_text((*out)->stmt, 1, key);
    } else {
        sup__free(key);
    }
    return rc;
}
