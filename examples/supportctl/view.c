/*
 * supportctl — what the library says about a license on a date, gathered once
 * and printed as JSON or for people (the license and customer commands, the
 * demo). Every fact here is an answer of the library: the status and its rights
 * (sup_ledger_license_status), the offer (sup_ledger_offer: a renewal or a
 * payment quote, or the reason there is none), which releases may be downloaded
 * (sup_ledger_list_releases) and the customer-facing notice (sup_ledger_render_notice).
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

/* ---- products and customers ------------------------------------------------------------------ */

int catalog_load(sup_ledger *l, catalog *c)
{
    c->items = NULL;
    c->n = 0;
    sup_cursor *cur = NULL;
    int rc = sup_ledger_list_products(l, &cur);
    size_t cap = 0;
    while (rc == SUP_OK) {
        int more = sup_cursor_next(cur);
        if (more < 0)
            rc = more;
        if (more <= 0)
            break;
        if (c->n == cap) {
            cap = cap ? cap * 2 : 8;
            c->items = xrealloc(c->items, cap * sizeof *c->items);
        }
        product_item *p = &c->items[c->n++];
        p->id = sup_cursor_int64(cur, SUP_PRODCOL_PRODUCT);
        p->code = xstrdup(sup_cursor_text(cur, SUP_PRODCOL_CODE));
        p->name = xstrdup(sup_cursor_text(cur, SUP_PRODCOL_NAME));
        p->kind = (sup_license_kind)sup_cursor_int64(cur, SUP_PRODCOL_KIND);
        p->support_months = (int)sup_cursor_int64(cur, SUP_PRODCOL_SUPPORT_MONTHS);
    }
    sup_cursor_free(cur);
    if (rc != SUP_OK)
        catalog_free(c);
    return rc;
}

const product_item *catalog_product(const catalog *c, sup_id id)
{
    for (size_t i = 0; i < c->n; i++)
        if (c->items[i].id == id)
            return &c->items[i];
    return NULL;
}

void catalog_free(catalog *c)
{
    for (size_t i = 0; i < c->n; i++) {
        free(c->items[i].code);
        free(c->items[i].name);
    }
    free(c->items);
    c->items = NULL;
    c->n = 0;
}

int customer_map_load(sup_ledger *l, customer_map *m)
{
    m->items = NULL;
    m->n = 0;
    sup_cursor *cur = NULL;
    int rc = sup_ledger_list_customers(l, &cur);
    size_t cap = 0;
    while (rc == SUP_OK) {
        int more = sup_cursor_next(cur);
        if (more < 0)
            rc = more;
        if (more <= 0)
            break;
        if (m->n == cap) {
            cap = cap ? cap * 2 : 64;
            m->items = xrealloc(m->items, cap * sizeof *m->items);
        }
        customer_item *c = &m->items[m->n++];
        c->id = sup_cursor_int64(cur, SUP_CUSTCOL_CUSTOMER);
        c->code = xstrdup(sup_cursor_text(cur, SUP_CUSTCOL_CODE));
        c->name = xstrdup(sup_cursor_text(cur, SUP_CUSTCOL_NAME));
    }
    sup_cursor_free(cur);
    if (rc != SUP_OK)
        customer_map_free(m);
    return rc;
}

const customer_item *customer_map_find(const customer_map *m, sup_id id)
{
    size_t lo = 0, hi = m->n; /* the list is by id */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->items[mid].id == id)
            return &m->items[mid];
        if (m->items[mid].id < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    return NULL;
}

void customer_map_free(customer_map *m)
{
    for (size_t i = 0; i < m->n; i++) {
        free(m->items[i].code);
        free(m->items[i].name);
    }
    free(m->items);
    m->items = NULL;
    m->n = 0;
}

int customer_by_id(sup_ledger *l, sup_id id, char **code, char **name)
{
    *code = *name = NULL;
    sup_customer *c = NULL;
    int rc = sup_ledger_get_customer(l, id, &c); /* one row by its key (no list scan) */
    if (rc == SUP_OK) {
        *code = xstrdup(sup_customer_code(c));
        *name = xstrdup(sup_customer_name(c));
    }
    sup_customer_free(c);
    return rc;
}

/* ---- quotes -------------------------------------------------------------------------------------- */

const char *rate_text(sup_rate bp, char *buf, size_t size)
{
    if (bp % 100 == 0)
        snprintf(buf, size, "%ld%%", (long)(bp / 100));
    else if (bp % 10 == 0)
        snprintf(buf, size, "%ld.%ld%%", (long)(bp / 100), (long)(bp % 100 / 10));
    else
        snprintf(buf, size, "%ld.%02ld%%", (long)(bp / 100), (long)(bp % 100));
    return buf;
}

void json_quote_fields(json *j, const sup_quote *q)
{
    json_str(j, "kind", sup_quote_kind_name(sup_quote_kind_of(q)));
    json_int(j, "rate_bp", sup_quote_rate(q));
    json_money(j, "fee_kopecks", "fee", sup_quote_fee(q));
    json_money(j, "list_price_kopecks", "list_price", sup_quote_list_price(q));
    json_date(j, "support_until", sup_quote_support_until(q));
    json_date(j, "new_support_until", sup_quote_new_support_until(q));
    json_date(j, "valid_through", sup_quote_valid_through(q));
}

const sup_quote *view_quote(const license_view *v) { return sup_offer_quote(v->offer); }

void json_offer_fields(json *j, const sup_offer *o)
{
    const sup_quote *q = sup_offer_quote(o);
    if (q != NULL) {
        json_begin_object(j, "offer");
        json_quote_fields(j, q);
        json_end_object(j);
    } else {
        json_str(j, "offer", NULL);
    }
    json_str(j, "offer_kind", sup_offer_kind_name(sup_offer_kind_of(o)));
    json_str(j, "offer_reason", q != NULL ? NULL : sup_offer_reason_name(sup_offer_reason_of(o)));
    json_str(j, "offer_unavailable", q != NULL ? NULL : sup_label(SUP_LABEL_OFFER_REASON, (int)sup_offer_reason_of(o),
                                                                    SUP_LANG_EN));
}

const char *describe_quote(const sup_quote *q, char *buf, size_t size)
{
    char fee[SUP_MONEY_BUFSIZE], price[SUP_MONEY_BUFSIZE], rate[16], nu[SUP_DATE_BUFSIZE], vt[SUP_DATE_BUFSIZE];
    money_plain(sup_quote_fee(q), fee);
    money_plain(sup_quote_list_price(q), price);
    iso(sup_quote_new_support_until(q), nu);
    date_or_open(sup_quote_valid_through(q), vt);
    if (sup_quote_kind_of(q) == SUP_QUOTE_SUBSCRIPTION)
        snprintf(buf, size, "subscription payment %s rub, paid through %s, valid through %s", fee, nu, vt);
    else
        snprintf(buf, size, "%s renewal %s rub (%s of %s), support through %s, valid through %s",
                 sup_quote_kind_name(sup_quote_kind_of(q)), fee, rate_text(sup_quote_rate(q), rate, sizeof rate),
                 price, nu, vt);
    return buf;
}

/* ---- notices ---------------------------------------------------------------------------------------- */

int notice_for(const notice_opts *nopt, sup_notice_kind kind, sup_notice **out)
{
    sup_notice *n = NULL;
    int rc = sup_notice_new(&n);
    if (rc == SUP_OK)
        rc = sup_notice_set_lang(n, nopt->lang);
    if (rc == SUP_OK)
        rc = sup_notice_set_format(n, nopt->format);
    if (rc == SUP_OK)
        rc = sup_notice_set_kind(n, kind);
    if (rc != SUP_OK) {
        sup_notice_free(n);
        n = NULL;
    }
    *out = n;
    return rc;
}

bool arg_notice(const opt *opts, size_t nopts, notice_opts *n)
{
    n->want = opt_flag(opts, nopts, "--notice");
    n->lang = SUP_LANG_RU;
    n->format = opt_flag(opts, nopts, "--html") ? SUP_NOTICE_FORMAT_HTML : SUP_NOTICE_FORMAT_TEXT;
    const char *lang = opt_get(opts, nopts, "--lang");
    if (lang != NULL && sup_lang_from_name(lang, &n->lang) != SUP_OK) {
        fail_input("--lang: unknown language \"%s\": expected ru or en", lang);
        return false;
    }
    if (!n->want && (lang != NULL || opt_flag(opts, nopts, "--html"))) {
        fail_input("--lang and --html go with --notice");
        return false;
    }
    return true;
}

/* The library's notice for the license on the date, with the ledger's names, price history and every policy
 * version (so its offer and "valid through" agree with the quote shown beside it). */
static int render_notice(sup_ledger *l, const license_view *v, const notice_opts *nopt, char **out)
{
    sup_notice *n = NULL;
    int rc = notice_for(nopt, SUP_NOTICE_STATUS, &n);
    if (rc == SUP_OK)
        rc = sup_ledger_render_notice(l, v->id, v->on, n, out);
    sup_notice_free(n);
    return rc;
}

/* ---- a license on a date ----------------------------------------------------------------------------- */

static int load_releases(sup_ledger *l, license_view *v)
{
    sup_cursor *cur = NULL;
    int rc = sup_ledger_list_releases(l, v->id, v->on, &cur);
    size_t cap = 0;
    while (rc == SUP_OK) {
        int more = sup_cursor_next(cur);
        if (more < 0)
            rc = more;
        if (more <= 0)
            break;
        if (v->nreleases == cap) {
            cap = cap ? cap * 2 : 8;
            v->releases = xrealloc(v->releases, cap * sizeof *v->releases);
        }
        release_item *r = &v->releases[v->nreleases++];
        r->id = sup_cursor_int64(cur, SUP_RELCOL_RELEASE);
        r->version = xstrdup(sup_cursor_text(cur, SUP_RELCOL_VERSION));
        r->note = xstrdup(sup_cursor_text(cur, SUP_RELCOL_NOTE));
        r->released = sup_cursor_date(cur, SUP_RELCOL_RELEASED);
        r->allowed = sup_cursor_int64(cur, SUP_RELCOL_ALLOWED) != 0;
    }
    sup_cursor_free(cur);
    return rc;
}

/* ---- a customer's contact data ------------------------------------------------------------ */

void json_customer_fields(json *j, const sup_customer *c)
{
    json_int(j, "customer_id", sup_customer_id(c));
    json_str(j, "code", sup_customer_code(c));
    json_str(j, "name", sup_customer_name(c));
    json_begin_array(j, "emails");
    for (size_t i = 0; i < sup_customer_email_count(c); i++)
        json_str(j, NULL, sup_customer_email(c, i));
    json_end_array(j);
    json_str(j, "phone", sup_customer_phone(c));
    json_str(j, "inn", sup_customer_inn(c));
    json_str(j, "kpp", sup_customer_kpp(c));
    json_str(j, "lang", sup_customer_lang_code(c));
    json_str(j, "note", sup_customer_note(c));
}

void print_customer_contacts(FILE *out, const sup_customer *c)
{
    size_t n = sup_customer_email_count(c);
    if (n > 0) {
        fprintf(out, "  %-10s", "e-mail");
        for (size_t i = 0; i < n; i++)
            fprintf(out, "%s%s", i ? ", " : "", sup_customer_email(c, i));
        fputc('\n', out);
    }
    const struct {
        const char *label, *value;
    } f[] = {{"phone", sup_customer_phone(c)},   {"INN", sup_customer_inn(c)},
             {"KPP", sup_customer_kpp(c)},       {"language", sup_customer_lang_code(c)}};
    for (size_t i = 0; i < sizeof f / sizeof f[0]; i++)
        if (f[i].value != NULL)
            fprintf(out, "  %-10s%s\n", f[i].label, f[i].value);
    const char *note = sup_customer_note(c);
    if (note != NULL) { /* a note may span lines: each further line indented under the first */
        fprintf(out, "  %-10s", "note");
        for (const char *p = note; *p != '\0'; p++) {
            fputc(*p, out);
            if (*p == '\n' && p[1] != '\0')
                fprintf(out, "  %-10s", "");
        }
        fputc('\n', out);
    }
}

int license_view_load(sup_ledger *l, const catalog *cat, sup_id license, sup_date on, const notice_opts *nopt,
                      license_view *v)
{
    memset(v, 0, sizeof *v);
    v->id = license;
    v->on = on;
    int rc = sup_ledger_license_parties(l, license, &v->customer_id, &v->product_id);
    if (rc == SUP_OK)
        rc = customer_by_id(l, v->customer_id, &v->customer_code, &v->customer_name);
    if (rc != SUP_OK)
        return rc;
    const product_item *p = catalog_product(cat, v->product_id);
    v->product_code = xstrdup(p ? p->code : "?");
    v->product_name = xstrdup(p ? p->name : "?");
    v->kind = p ? p->kind : SUP_LICENSE_PERPETUAL;
    sup_license *lic = NULL;
    rc = sup_ledger_get_license(l, license, &lic);
    if (rc != SUP_OK)
        return rc;
    v->purchased = sup_license_purchased(lic);
    v->kind = sup_license_kind_of(lic);
    sup_license_free(lic);
    rc = sup_status_new(&v->status);
    if (rc == SUP_OK)
        rc = sup_ledger_license_status(l, license, on, v->status);
    if (rc != SUP_OK)
        return rc;

    rc = sup_offer_new(&v->offer);
    if (rc == SUP_OK)
        rc = sup_ledger_offer(l, license, on, v->offer);
    if (rc == SUP_OK)
        rc = load_releases(l, v);
    if (rc == SUP_OK && nopt != NULL && nopt->want)
        rc = render_notice(l, v, nopt, &v->notice);
    return rc;
}

void license_view_free(license_view *v)
{
    free(v->customer_code);
    free(v->customer_name);
    free(v->product_code);
    free(v->product_name);
    sup_status_free(v->status);
    sup_offer_free(v->offer);
    for (size_t i = 0; i < v->nreleases; i++) {
        free(v->releases[i].version);
        free(v->releases[i].note);
    }
    free(v->releases);
    sup_free(v->notice);
    memset(v, 0, sizeof *v);
}

static void json_releases(json *j, const char *key, const license_view *v, bool allowed)
{
    json_begin_array(j, key);
    for (size_t i = 0; i < v->nreleases; i++) {
        const release_item *r = &v->releases[i];
        if (r->allowed != allowed)
            continue;
        json_begin_object(j, NULL);
        json_int(j, "release_id", r->id);
        json_str(j, "version", r->version);
        json_date(j, "released", r->released);
        json_str(j, "note", r->note);
        json_end_object(j);
    }
    json_end_array(j);
}

void json_license_view(json *j, const char *key, const license_view *v)
{
    json_begin_object(j, key);
    json_license_fields(j, v);
    json_end_object(j);
}

void json_license_fields(json *j, const license_view *v)
{
    const sup_status *st = v->status;
    json_int(j, "license_id", v->id);
    json_int(j, "customer_id", v->customer_id);
    json_str(j, "customer_code", v->customer_code);
    json_str(j, "customer_name", v->customer_name);
    json_int(j, "product_id", v->product_id);
    json_str(j, "product_code", v->product_code);
    json_str(j, "product_name", v->product_name);
    json_str(j, "kind", sup_license_kind_name(v->kind));
    json_date(j, "on", v->on);
    json_date(j, "purchased", v->purchased);
    json_str(j, "status", sup_state_name(sup_status_state(st)));
    json_date(j, "support_until", sup_status_support_until(st));
    json_date(j, "preferential_until", sup_status_preferential_until(st));
    json_bool(j, "can_use", sup_status_can_use(st));
    json_bool(j, "can_consult", sup_status_can_consult(st));
    json_bool(j, "can_get_new_versions", sup_status_can_get_new_versions(st));
    json_bool(j, "can_propose_ideas", sup_status_can_propose_ideas(st));
    json_offer_fields(j, v->offer);
    json_releases(j, "downloadable", v, true);
    json_releases(j, "needs_renewal", v, false);
    json_str(j, "notice", v->notice);
}

static void print_release_line(FILE *out, const char *title, const license_view *v, bool allowed)
{
    fprintf(out, "  %-20s", title);
    bool any = false;
    for (size_t i = 0; i < v->nreleases; i++) {
        const release_item *r = &v->releases[i];
        if (r->allowed != allowed)
            continue;
        char d[SUP_DATE_BUFSIZE];
        fprintf(out, "%s%s (%s)", any ? ", " : "", r->version, iso(r->released, d));
        any = true;
    }
    fputs(any ? "\n" : "-\n", out);
}

void print_license_view(FILE *out, const license_view *v)
{
    const sup_status *st = v->status;
    char a[SUP_DATE_BUFSIZE], b[SUP_DATE_BUFSIZE], c[SUP_DATE_BUFSIZE], d[SUP_DATE_BUFSIZE];
    fprintf(out, "license %lld: %s (%s), %s (%s), %s\n", (long long)v->id, v->customer_name, v->customer_code,
            v->product_name, v->product_code, sup_license_kind_name(v->kind));
    fprintf(out, "  %-20s%s\n", "on", iso(v->on, a));
    fprintf(out, "  %-20s%s\n", "purchased", iso(v->purchased, b));
    fprintf(out, "  %-20s%s\n", "status", sup_state_name(sup_status_state(st)));
    fprintf(out, "  %-20s%s\n", sup_label(SUP_LABEL_SUPPORT_END, (int)v->kind, SUP_LANG_EN),
            sup_status_support_until(st) ? iso(sup_status_support_until(st), c) : "-");
    if (sup_status_preferential_until(st) != SUP_DATE_NONE) /* a perpetual license's window */
        fprintf(out, "  %-20s%s\n", sup_label(SUP_LABEL_TERM, SUP_TERM_PREFERENTIAL_UNTIL, SUP_LANG_EN),
                iso(sup_status_preferential_until(st), d));
    fprintf(out, "  %-20suse %s, consultations %s, new versions %s, ideas %s\n", "rights",
            sup_status_can_use(st) ? "yes" : "no", sup_status_can_consult(st) ? "yes" : "no",
            sup_status_can_get_new_versions(st) ? "yes" : "no", sup_status_can_propose_ideas(st) ? "yes" : "no");
    char q[512];
    fprintf(out, "  %-20s%s\n", "offer",
            view_quote(v) != NULL ? describe_quote(view_quote(v), q, sizeof q)
                                  : sup_label(SUP_LABEL_OFFER_REASON, (int)sup_offer_reason_of(v->offer), SUP_LANG_EN));
    print_release_line(out, "downloadable", v, true);
    print_release_line(out, sup_label(SUP_LABEL_NEEDS, (int)v->kind, SUP_LANG_EN), v, false);
}
