/* libsupport — customer notices: the text a customer reads about a license on a date.
 *
 * Every fact comes from the core (status, quotes, money and date formatting,
 * the policy's channels); this file only chooses words. */
#include "libsupport/notice.h"
#include "notice_internal.h"
#include "label_internal.h"
#include "offer_internal.h"
#include "license_internal.h"
#include "policy_internal.h"
#include "date_internal.h"
#include "error_internal.h"
#include "text_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct sup_notice {
    sup_lang lang;
    sup_notice_format format;
    sup_notice_kind kind;
    char *product_name; /* NULL if none */
    char *customer_name;
};

static const char *const kind_names[] = {"none", "status", "support_ending", "support_ends_today", "window_closing"};
#define KIND_LAST SUP_NOTICE_WINDOW_CLOSING

const char *sup_notice_kind_name(sup_notice_kind k) { return (unsigned)k <= KIND_LAST ? kind_names[k] : ""; }

int sup_notice_kind_from_name(const char *name, sup_notice_kind *out)
{
    SUP__CHECK_ARG(out, "sup_notice_kind_from_name");
    SUP__CHECK_ARG(name, "sup_notice_kind_from_name");
    for (unsigned i = 0; i <= KIND_LAST; i++) {
        if (strcmp(name, kind_names[i]) == 0) {
            *out = (sup_notice_kind)i;
            return SUP_OK;
        }
    }
    char q[80];
    sup__quote_text(q, sizeof q, name);
    return sup__fail(SUP_EINVAL,
                     "unknown notice kind %s: expected none, status, support_ending, support_ends_today or "
                     "window_closing",
                     q);
}

/* ---- the notice object ----------------------------------------------------------- */

int sup_notice_new(sup_notice **out)
{
    SUP__CHECK_ARG(out, "sup_notice_new");
    sup_notice *n = sup__calloc(1, sizeof *n);
    if (n == NULL) {
        *out = NULL;
        return sup__fail(SUP_ENOMEM, "out of memory creating a notice");
    }
    n->lang = SUP_LANG_RU;
    n->format = SUP_NOTICE_FORMAT_TEXT;
    n->kind = SUP_NOTICE_STATUS;
    *out = n;
    return SUP_OK;
}

void sup_notice_free(sup_notice *n)
{
    if (n == NULL)
        return;
    sup__free(n->product_name);
    sup__free(n->customer_name);
    sup__free(n);
}

int sup_notice_set_lang(sup_notice *n, sup_lang lang)
{
    SUP__CHECK_ARG(n, "sup_notice_set_lang");
    if ((unsigned)lang > SUP_LANG_EN)
        return sup__fail(SUP_EINVAL, "sup_notice_set_lang: unknown language %d", (int)lang);
    n->lang = lang;
    return SUP_OK;
}

int sup_notice_set_format(sup_notice *n, sup_notice_format format)
{
    SUP__CHECK_ARG(n, "sup_notice_set_format");
    if ((unsigned)format > SUP_NOTICE_FORMAT_HTML)
        return sup__fail(SUP_EINVAL, "sup_notice_set_format: unknown format %d", (int)format);
    n->format = format;
    return SUP_OK;
}

int sup_notice_set_kind(sup_notice *n, sup_notice_kind kind)
{
    SUP__CHECK_ARG(n, "sup_notice_set_kind");
    if (kind == SUP_NOTICE_NONE)
        return sup__fail(SUP_EINVAL, "sup_notice_set_kind: \"none\" is not a notice that can be rendered");
    if ((unsigned)kind > KIND_LAST)
        return sup__fail(SUP_EINVAL, "sup_notice_set_kind: unknown notice kind %d", (int)kind);
    n->kind = kind;
    return SUP_OK;
}

/* A name shown to customers: the text rules of text.c, on one line (the same as the ledger's at entry). */
static int check_name(const char *name, const char *what) { return sup__check_text(name, SUP_NOTICE_NAME_MAX, 0, what); }

static int set_name(char **slot, const char *name, const char *what)
{
    if (name == NULL || name[0] == '\0') {
        sup__free(*slot);
        *slot = NULL;
        return SUP_OK;
    }
    int rc = check_name(name, what);
    if (rc != SUP_OK)
        return rc;
    char *copy = sup__strdup(name);
    if (copy == NULL)
        return sup__fail(SUP_ENOMEM, "out of memory setting the %s", what);
    sup__free(*slot);
    *slot = copy;
    return SUP_OK;
}

int sup_notice_set_product_name(sup_notice *n, const char *name)
{
    SUP__CHECK_ARG(n, "sup_notice_set_product_name");
    return set_name(&n->product_name, name, "product name");
}

int sup_notice_set_customer_name(sup_notice *n, const char *name)
{
    SUP__CHECK_ARG(n, "sup_notice_set_customer_name");
    return set_name(&n->customer_name, name, "customer name");
}

sup_lang sup_notice_lang(const sup_notice *n) { return n ? n->lang : SUP_LANG_RU; }
sup_notice_format sup_notice_format_of(const sup_notice *n) { return n ? n->format : SUP_NOTICE_FORMAT_TEXT; }
sup_notice_kind sup_notice_kind_of(const sup_notice *n) { return n ? n->kind : SUP_NOTICE_NONE; }
const char *sup_notice_product_name(const sup_notice *n) { return n ? n->product_name : NULL; }
const char *sup_notice_customer_name(const sup_notice *n) { return n ? n->customer_name : NULL; }

/* ---- policy versions --------------------------------------------------------------- */

const sup_policy *sup__notice_policy_on(const sup__policy_version *versions, size_t nversions, sup_date on)
{
    const sup_policy *p = NULL;
    if (versions == NULL && nversions > 0) {
        sup__fail(SUP_EINVAL, "policy versions: the array is NULL");
        return NULL;
    }
    size_t vi;
    if (sup__version_at(versions, nversions, on, &vi) == SUP_OK)
        p = versions[vi].policy;
    return p;
}

/* ---- output: plain text or an HTML fragment ---------------------------------------- */

/* Text is written a line at a time: the pieces of a line gather in `line`,
 * then the whole line is written out, HTML-escaped in the HTML format, so no
 * piece of data can reach the output unescaped. Lines form sections
 * (paragraphs); items form lists. */
typedef struct emit {
    sup__buf out;
    sup__buf line;
    sup_notice_format format;
    bool p_open;  /* HTML: a <p> is open */
    bool ul_open; /* HTML: a <ul> is open */
    bool any;     /* text: something was written (a section needs a blank line before it) */
    bool section; /* text: a section started and has no line yet */
} emit;

static void add(emit *e, const char *fmt, ...) SUP__PRINTF(2, 3);
static void add(emit *e, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    char small[256];
    int n = vsnprintf(small, sizeof small, fmt, ap);
    va_end(ap);
    if (n < 0) {
        e->line.failed = true;
        return;
    }
    if ((size_t)n < sizeof small) {
        sup__buf_putn(&e->line, small, (size_t)n);
        return;
    }
    char *big = sup__malloc((size_t)n + 1);
    if (big == NULL) {
        e->line.failed = true;
        return;
    }
    va_start(ap, fmt);
    vsnprintf(big, (size_t)n + 1, fmt, ap);
    va_end(ap);
    sup__buf_putn(&e->line, big, (size_t)n);
    sup__free(big);
}

static void put_escaped(sup__buf *b, const char *s, size_t len, sup_notice_format format)
{
    if (format == SUP_NOTICE_FORMAT_TEXT) {
        sup__buf_putn(b, s, len);
        return;
    }
    size_t start = 0;
    for (size_t i = 0; i < len; i++) {
        const char *rep = NULL;
        switch (s[i]) {
        case '&': rep = "&amp;"; break;
        case '<': rep = "&lt;"; break;
        case '>': rep = "&gt;"; break;
        case '"': rep = "&quot;"; break;
        case '\'': rep = "&#39;"; break;
        default: break;
        }
        if (rep != NULL) {
            sup__buf_putn(b, s + start, i - start);
            sup__buf_put(b, rep);
            start = i + 1;
        }
    }
    sup__buf_putn(b, s + start, len - start);
}

static void close_html(emit *e)
{
    if (e->p_open)
        sup__buf_put(&e->out, "</p>\n");
    if (e->ul_open)
        sup__buf_put(&e->out, "</ul>\n");
    e->p_open = e->ul_open = false;
}

/* Start a new section (paragraph). */
static void section(emit *e)
{
    if (e->format == SUP_NOTICE_FORMAT_HTML)
        close_html(e);
    else
        e->section = true;
}

static void flush_line(emit *e, bool item)
{
    if (e->line.failed) {
        e->out.failed = true;
        return;
    }
    if (e->format == SUP_NOTICE_FORMAT_HTML) {
        if (item) {
            if (e->p_open)
                sup__buf_put(&e->out, "</p>\n");
            e->p_open = false;
            if (!e->ul_open)
                sup__buf_put(&e->out, "<ul>\n");
            e->ul_open = true;
            sup__buf_put(&e->out, "<li>");
        } else {
            if (e->ul_open)
                sup__buf_put(&e->out, "</ul>\n");
            e->ul_open = false;
            sup__buf_put(&e->out, e->p_open ? "<br>\n" : "<p>");
            e->p_open = true;
        }
    } else {
        if (e->section && e->any)
            sup__buf_put(&e->out, "\n");
        e->section = false;
        e->any = true;
        if (item)
            sup__buf_put(&e->out, "- ");
    }
    put_escaped(&e->out, e->line.data != NULL ? e->line.data : "", e->line.len, e->format);
    if (e->format == SUP_NOTICE_FORMAT_HTML)
        sup__buf_put(&e->out, item ? "</li>\n" : "");
    else
        sup__buf_put(&e->out, "\n");
    e->line.len = 0;
    if (e->line.data != NULL)
        e->line.data[0] = '\0';
}

static void end_line(emit *e) { flush_line(e, false); }

/* End the sentence with a full stop unless the line already ends with one ("… руб."). */
static void end_sentence(emit *e)
{
    if (e->line.len == 0 || e->line.data[e->line.len - 1] != '.')
        sup__buf_put(&e->line, ".");
}
static void end_item(emit *e) { flush_line(e, true); }

/* ---- words ------------------------------------------------------------------------------ */

typedef struct facts {
    sup_lang lang;
    bool ru;
    bool perpetual;
    const char *product; /* NULL if no name */
    sup_date on;
    char on_s[SUP_DATE_BUFSIZE];
    sup_status st;
} facts;

static int fmt_date(const facts *f, sup_date d, char buf[SUP_DATE_BUFSIZE])
{
    return sup_date_format(d, f->ru ? SUP_DATE_RU : SUP_DATE_ISO, buf, SUP_DATE_BUFSIZE);
}

static int fmt_money(const facts *f, sup_money m, char buf[SUP_MONEY_BUFSIZE])
{
    return sup_money_format(m, f->ru ? SUP_MONEY_RU : SUP_MONEY_EN, buf, SUP_MONEY_BUFSIZE);
}

/* "25%", "22,5%" / "22.5%", "25,25%". */
static void fmt_rate(const facts *f, sup_rate bp, char buf[24])
{
    long whole = (long)bp / 100, frac = (long)bp % 100;
    const char *sep = f->ru ? "," : ".";
    if (frac == 0)
        snprintf(buf, 24, "%ld%%", whole);
    else if (frac % 10 == 0)
        snprintf(buf, 24, "%ld%s%ld%%", whole, sep, frac / 10);
    else
        snprintf(buf, 24, "%ld%s%02ld%%", whole, sep, frac);
}

/* Days from `on` to d. */
static int days_to(const facts *f, sup_date d, int32_t *days) { return sup_date_diff_days(f->on, d, days); }

/* "осталось 5 дней" / "остался 1 день" / "сегодня последний день"; "5 days left" / "today is the last day". */
static void add_days_left(emit *e, const facts *f, int32_t days)
{
    if (days == 0)
        add(e, "%s", f->ru ? "сегодня последний день" : "today is the last day");
    else if (f->ru)
        add(e, "%s %ld %s", sup_plural_ru(days) == SUP_PLURAL_ONE ? "остался" : "осталось", (long)days,
            sup__count_word(f->lang, SUP_COUNT_DAYS, days));
    else
        add(e, "%ld %s left", (long)days, sup__count_word(f->lang, SUP_COUNT_DAYS, days));
}

static void add_count(emit *e, const facts *f, sup_count_unit unit, int64_t n)
{
    add(e, "%lld %s", (long long)n, sup__count_word(f->lang, unit, n));
}

/* " продукта «X»" / " for “X”" (perpetual), " на «X»" / " to “X”" (subscription), or nothing. */
static void add_of_product(emit *e, const facts *f)
{
    if (f->product == NULL)
        return;
    if (f->ru)
        add(e, f->perpetual ? " продукта «%s»" : " на «%s»", f->product);
    else
        add(e, f->perpetual ? " for “%s”" : " to “%s”", f->product);
}

/* "до 10.02.2027 включительно" / "through 2027-02-10" (the label table's phrase). */
static int add_through(emit *e, const facts *f, sup_date d) { return sup__put_through(&e->line, d, f->lang); }

/* The first paragraph of a reminder. */
static int headline(emit *e, const facts *f, sup_notice_kind kind)
{
    bool window = kind == SUP_NOTICE_WINDOW_CLOSING;
    sup_date anchor = window ? sup_status_preferential_until(&f->st) : sup_status_support_until(&f->st);
    char d[SUP_DATE_BUFSIZE];
    int32_t days;
    int rc = fmt_date(f, anchor, d);
    if (rc == SUP_OK)
        rc = days_to(f, anchor, &days);
    if (rc != SUP_OK)
        return rc;
    section(e);
    if (window) {
        if (days == 0) {
            add(e, f->ru ? "Сегодня, %s, последний день льготного продления поддержки"
                         : "Today, %s, is the last day of the preferential support renewal",
                d);
            add_of_product(e, f);
            add(e, ".");
        } else {
            add(e, "%s", f->ru ? "Льготное продление поддержки" : "The preferential support renewal");
            add_of_product(e, f);
            add(e, "%s", f->ru ? " доступно " : " is open ");
            rc = add_through(e, f, anchor);
            add(e, ": ");
            add_days_left(e, f, days);
            add(e, ".");
        }
    } else if (days == 0) {
        if (f->ru)
            add(e, f->perpetual ? "Сегодня, %s, последний день технической поддержки"
                                : "Сегодня, %s, последний оплаченный день подписки",
                d);
        else
            add(e, f->perpetual ? "Today, %s, is the last day of technical support"
                                : "Today, %s, is the last paid day of the subscription",
                d);
        add_of_product(e, f);
        add(e, ".");
    } else if (f->ru) {
        add(e, "Через ");
        add_count(e, f, SUP_COUNT_DAYS, days);
        add(e, f->perpetual ? ", %s, заканчивается техническая поддержка"
                            : ", %s, заканчивается оплаченный срок подписки",
            d);
        add_of_product(e, f);
        add(e, ".");
    } else {
        add(e, "%s", f->perpetual ? "Technical support" : "The paid term of the subscription");
        add_of_product(e, f);
        add(e, " ends in ");
        add_count(e, f, SUP_COUNT_DAYS, days);
        add(e, ", on %s.", d);
    }
    end_line(e);
    return rc;
}

/* "Консультации: доступны." — a right of the status, in the label table's words. */
static void add_right(emit *e, const facts *f, sup_term term, int available)
{
    add(e, "%s: %s.", sup_label(SUP_LABEL_TERM, (int)term, f->lang), sup_availability_label(term, available, f->lang));
    end_line(e);
}

/* "Статус на 26.11.2026: …" — where support stands on the date, with the days left. */
static int status_line(emit *e, const facts *f)
{
    const sup_status *st = &f->st;
    sup_state state = sup_status_state(st);
    sup_date until = sup_status_support_until(st), window = sup_status_preferential_until(st);
    char u[SUP_DATE_BUFSIZE] = "", w[SUP_DATE_BUFSIZE] = "";
    int32_t to_u = 0, to_w = 0;
    int rc = SUP_OK;
    if (state != SUP_STATE_NOT_OWNED) {
        rc = fmt_date(f, until, u);
        if (rc == SUP_OK)
            rc = days_to(f, until, &to_u);
        if (rc == SUP_OK && f->perpetual)
            rc = fmt_date(f, window, w);
        if (rc == SUP_OK && f->perpetual)
            rc = days_to(f, window, &to_w);
        if (rc != SUP_OK)
            return rc;
    }
    add(e, f->ru ? "%s на %s: " : "%s on %s: ", sup_label(SUP_LABEL_TERM, SUP_TERM_STATUS, f->lang), f->on_s);
    switch (state) {
    case SUP_STATE_NOT_OWNED:
        add(e, "%s", f->ru ? "лицензия не приобретена." : "no license has been bought.");
        break;
    case SUP_STATE_ACTIVE:
        if (f->perpetual)
            add(e, "%s", f->ru ? "техническая поддержка активна " : "technical support is active ");
        else
            add(e, "%s", f->ru ? "подписка оплачена " : "the subscription is paid ");
        rc = add_through(e, f, until);
        add(e, " (");
        add_days_left(e, f, to_u);
        add(e, ").");
        break;
    case SUP_STATE_GRACE:
        add(e, f->ru ? "срок технической поддержки истёк %s. Льготное продление доступно "
                     : "technical support ended on %s. The preferential renewal is open ",
            u);
        rc = add_through(e, f, window);
        add(e, " (");
        add_days_left(e, f, to_w);
        add(e, ").");
        break;
    case SUP_STATE_LAPSED:
        add(e, f->ru ? "срок технической поддержки истёк %s, срок льготного продления закончился %s."
                     : "technical support ended on %s; the preferential renewal window closed on %s.",
            u, w);
        break;
    case SUP_STATE_EXPIRED:
    default:
        add(e, f->ru ? "срок подписки истёк %s." : "the subscription ended on %s.", u);
        break;
    }
    end_line(e);
    return rc;
}

/* Status, support end, days left, and what is and is not available. */
static int status_block(emit *e, const facts *f, const sup_license *lic, sup_notice_kind kind)
{
    const sup_status *st = &f->st;
    section(e);
    if (kind == SUP_NOTICE_STATUS && f->product != NULL) {
        add(e, f->ru ? "Продукт: «%s»" : "Product: “%s”", f->product);
        end_line(e);
    }
    add(e, "%s: %s", sup_label(SUP_LABEL_TERM, SUP_TERM_LICENSE, f->lang),
        sup_label(SUP_LABEL_LICENSE_KIND, (int)sup_license_kind_of(lic), f->lang));
    end_line(e);
    int rc = status_line(e, f);
    if (rc != SUP_OK)
        return rc;
    add_right(e, f, SUP_TERM_USE, sup_status_can_use(st));
    add_right(e, f, SUP_TERM_CONSULTATIONS, sup_status_can_consult(st));
    add_right(e, f, SUP_TERM_NEW_VERSIONS, sup_status_can_get_new_versions(st));
    add_right(e, f, SUP_TERM_IDEAS, sup_status_can_propose_ideas(st));
    if (sup_status_state(st) != SUP_STATE_NOT_OWNED && !sup_status_can_get_new_versions(st)) {
        /* Which versions stay downloadable is the core's answer (rule 3), asked for the last covered day. */
        int allowed = 0;
        rc = sup_license_can_download(lic, f->on, sup_status_support_until(st), &allowed);
        if (rc != SUP_OK)
            return rc;
        if (allowed) {
            add(e, "%s", f->ru ? "Версии, вышедшие " : "Versions released ");
            rc = add_through(e, f, sup_status_support_until(st));
            add(e, "%s", f->ru ? ", по-прежнему можно скачать." : " can still be downloaded.");
            end_line(e);
        }
    }
    return rc;
}

/* The renewal (perpetual) or payment (subscription) offer of the core's quote. */
static int offer_block(emit *e, const facts *f, const sup_quote *q, int renewal_months, int period_months)
{
    char fee[SUP_MONEY_BUFSIZE], price[SUP_MONEY_BUFSIZE];
    char rate[24];
    sup_quote_kind qk = sup_quote_kind_of(q);
    sup_date vt = sup_quote_valid_through(q);
    int32_t to_vt = 0;
    int rc = fmt_money(f, sup_quote_fee(q), fee);
    if (rc == SUP_OK)
        rc = fmt_money(f, sup_quote_list_price(q), price);
    if (rc == SUP_OK && vt != SUP_DATE_MAX)
        rc = days_to(f, vt, &to_vt);
    if (rc != SUP_OK)
        return rc;
    fmt_rate(f, sup_quote_rate(q), rate);
    section(e);
    /* "Льготное продление поддержки на 12 месяцев: …" — the quote kind's label starts the line */
    add(e, f->ru ? "%s на " : "%s for ", sup_label(SUP_LABEL_QUOTE_KIND, (int)qk, f->lang));
    if (qk == SUP_QUOTE_SUBSCRIPTION) {
        add_count(e, f, SUP_COUNT_MONTHS, period_months);
        add(e, ": %s", fee);
        end_sentence(e);
        end_line(e);
        add(e, f->ru ? "При оплате %s подписка будет оплачена " : "Paid on %s, it extends the subscription ", f->on_s);
    } else {
        add_count(e, f, SUP_COUNT_MONTHS, renewal_months);
        add(e, f->ru ? ": %s (%s от цены продукта %s)." : ": %s (%s of the product's list price of %s).", fee, rate,
            price);
        end_line(e);
        add(e, f->ru ? "При оплате %s поддержка будет действовать " : "Paid on %s, it extends support ", f->on_s);
    }
    rc = add_through(e, f, sup_quote_new_support_until(q));
    add(e, ".");
    end_line(e);
    add(e, "%s", f->ru ? "Эта стоимость действует " : "This price holds ");
    if (rc == SUP_OK)
        rc = sup__put_validity(&e->line, q, f->lang);
    if (vt != SUP_DATE_MAX) {
        add(e, " (");
        add_days_left(e, f, to_vt);
        add(e, ")");
    }
    add(e, ".");
    end_line(e);
    return rc;
}

/* Why there is no offer on the date (the core's reason, in the label table's words). */
static void no_offer_block(emit *e, const facts *f, sup_offer_reason reason)
{
    section(e);
    sup__put_no_offer(&e->line, reason, f->lang);
    end_line(e);
}

static void contacts_block(emit *e, const facts *f, const sup_policy *policy)
{
    size_t n = sup_policy_contact_count(policy);
    section(e);
    if (n > 0) {
        add(e, "%s:", sup_label(SUP_LABEL_TERM, SUP_TERM_CONTACTS, f->lang));
        end_line(e);
    }
    for (size_t i = 0; i < n; i++) {
        sup_contact_kind k = SUP_CONTACT_OTHER;
        if (sup_policy_contact_kind(policy, i, &k) != SUP_OK || (unsigned)k > SUP_CONTACT_OTHER)
            k = SUP_CONTACT_OTHER;
        sup__put_contact(&e->line, k, sup_policy_contact_value(policy, i), f->lang);
        end_item(e);
    }
    if (!sup_policy_phone_support(policy)) {
        add(e, "%s", sup_label(SUP_LABEL_TERM, SUP_TERM_NO_PHONE, f->lang));
        end_line(e);
    }
}

/* SUP_ESTATE unless the reminder `kind` fits the status on the date. */
static int check_kind_fits(const facts *f, sup_notice_kind kind)
{
    return sup__notice_kind_fits(kind, &f->st, f->perpetual, f->on);
}

int sup__notice_kind_fits(sup_notice_kind kind, const sup_status *st, bool perpetual, sup_date on)
{
    sup_state state = sup_status_state(st);
    const char *why = NULL;
    switch (kind) {
    case SUP_NOTICE_SUPPORT_ENDING:
        if (state != SUP_STATE_ACTIVE)
            why = "support is not active";
        break;
    case SUP_NOTICE_SUPPORT_ENDS_TODAY:
        if (state != SUP_STATE_ACTIVE || sup_status_support_until(st) != on)
            why = "it is not the last day of support";
        break;
    case SUP_NOTICE_WINDOW_CLOSING:
        if (!perpetual)
            why = "a subscription has no preferential renewal";
        else if (state != SUP_STATE_ACTIVE && state != SUP_STATE_GRACE)
            why = "the preferential renewal window is not open";
        break;
    default:
        break;
    }
    if (why == NULL)
        return SUP_OK;
    char a[24];
    sup__date_str(on, a);
    return sup__fail(SUP_ESTATE, "a \"%s\" notice does not apply on %s: %s (the license is %s)",
                     sup_notice_kind_name(kind), a, why, sup_state_name(state));
}

/* The product's name as it stands inside the notice's own quotes: quotes already
 * in the name become the nested kind (ru: «…» -> „…“; en: “…” -> ‘…’), so that
 * «Отчёт «Анализ»» reads «Отчёт „Анализ“». */
static void nested_quotes(const char *name, bool ru, sup__buf *out)
{
    static const char *const ru_from[2] = {"\xC2\xAB", "\xC2\xBB"};           /* « » */
    static const char *const ru_to[2] = {"\xE2\x80\x9E", "\xE2\x80\x9C"};     /* „ “ */
    static const char *const en_from[2] = {"\xE2\x80\x9C", "\xE2\x80\x9D"};   /* “ ” */
    static const char *const en_to[2] = {"\xE2\x80\x98", "\xE2\x80\x99"};     /* ‘ ’ */
    const char *const *from = ru ? ru_from : en_from, *const *to = ru ? ru_to : en_to;
    for (const char *p = name; *p != '\0';) {
        size_t k = 0;
        while (k < 2 && strncmp(p, from[k], strlen(from[k])) != 0)
            k++;
        if (k < 2) {
            sup__buf_put(out, to[k]);
            p += strlen(from[k]);
        } else {
            sup__buf_putn(out, p, 1);
            p++;
        }
    }
}

/* The facts a notice and its subject line are written from: the license's status on `on` under the policy in
 * force then (`policy`, may be NULL, gets it). */
static int facts_on(const sup_notice *notice, const char *product, const sup_license *lic,
                    const sup__policy_version *versions, size_t nversions, sup_date on, facts *f,
                    const sup_policy **policy)
{
    memset(f, 0, sizeof *f);
    const sup_policy *p = sup__notice_policy_on(versions, nversions, on);
    if (p == NULL)
        return sup_error_code();
    if (policy != NULL)
        *policy = p;
    f->lang = notice->lang;
    f->ru = notice->lang == SUP_LANG_RU;
    f->perpetual = sup_license_kind_of(lic) == SUP_LICENSE_PERPETUAL;
    f->product = product;
    f->on = on;
    return sup_license_status(lic, p, on, &f->st);
}

static int render_notice(const sup_notice *notice, const char *product, const sup_license *lic,
                         const sup_product *prod, const sup__policy_version *versions, size_t nversions, sup_date on,
                         char **out)
{
    SUP__CHECK_ARG(out, "sup_notice_render");
    *out = NULL;
    SUP__CHECK_ARG(notice, "sup_notice_render");
    SUP__CHECK_ARG(lic, "sup_notice_render");
    SUP__CHECK_ARG(prod, "sup_notice_render");
    int rc = sup__check_date(on, "notice date");
    if (rc != SUP_OK)
        return rc;
    if (sup_product_kind(prod) != sup_license_kind_of(lic))
        return sup__fail(SUP_EINVAL, "sup_notice_render: the product is %s but the license is %s",
                         sup_license_kind_name(sup_product_kind(prod)),
                         sup_license_kind_name(sup_license_kind_of(lic)));
    for (size_t i = 0; versions != NULL && i < nversions; i++)
        if (versions[i].policy == NULL)
            return sup__fail(SUP_EINVAL, "sup_notice_render: policy version %zu is NULL", i);
    const sup_policy *policy = NULL;
    facts f;
    rc = facts_on(notice, product, lic, versions, nversions, on, &f, &policy);
    if (rc == SUP_OK)
        rc = fmt_date(&f, on, f.on_s);
    if (rc == SUP_OK)
        rc = check_kind_fits(&f, notice->kind);
    if (rc != SUP_OK)
        return rc;

    /* The offer is the core's one answer: a quote, or the reason there is none (also at the calendar's end). */
    sup_offer offer;
    rc = sup__license_offer_versions(lic, prod, versions, nversions, on, &offer);
    if (rc != SUP_OK)
        return rc;
    bool owned = sup_status_state(&f.st) != SUP_STATE_NOT_OWNED;

    emit e;
    memset(&e, 0, sizeof e);
    e.format = notice->format;
    if (e.format == SUP_NOTICE_FORMAT_HTML)
        sup__buf_printf(&e.out, "<div class=\"sup-notice sup-notice-%s sup-state-%s\" lang=\"%s\">\n",
                        sup_notice_kind_name(notice->kind), sup_state_name(sup_status_state(&f.st)),
                        sup_lang_name(notice->lang));
    if (notice->customer_name != NULL) {
        section(&e);
        add(&e, f.ru ? "Здравствуйте, %s!" : "Hello, %s!", notice->customer_name);
        end_line(&e);
    }
    if (notice->kind != SUP_NOTICE_STATUS)
        rc = headline(&e, &f, notice->kind);
    if (rc == SUP_OK)
        rc = status_block(&e, &f, lic, notice->kind);
    if (rc == SUP_OK && owned && sup_offer_quote(&offer) != NULL)
        rc = offer_block(&e, &f, sup_offer_quote(&offer), sup_policy_renewal_months(policy),
                         sup_product_period_months(prod));
    else if (rc == SUP_OK && owned)
        no_offer_block(&e, &f, sup_offer_reason_of(&offer));
    if (rc == SUP_OK)
        contacts_block(&e, &f, policy);
    if (e.format == SUP_NOTICE_FORMAT_HTML) {
        close_html(&e);
        sup__buf_put(&e.out, "</div>\n");
    }
    bool line_failed = e.line.failed;
    sup__buf_dispose(&e.line);
    if (rc != SUP_OK) {
        sup__buf_dispose(&e.out);
        return rc;
    }
    if (line_failed)
        e.out.failed = true;
    return sup__buf_finish(&e.out, out);
}

int sup__notice_render_versions(const sup_notice *notice, const sup_license *lic, const sup_product *prod,
                                const sup__policy_version *versions, size_t nversions, sup_date on, char **out)
{
    if (out != NULL)
        *out = NULL;
    sup__buf product = {0};
    if (notice != NULL && notice->product_name != NULL) {
        nested_quotes(notice->product_name, notice->lang == SUP_LANG_RU, &product);
        if (product.failed) {
            sup__buf_dispose(&product);
            return sup__fail(SUP_ENOMEM, "out of memory rendering a notice");
        }
    }
    int rc = render_notice(notice, product.data, lic, prod, versions, nversions, on, out);
    sup__buf_dispose(&product);
    return rc;
}

int sup_notice_render(const sup_notice *notice, const sup_license *lic, const sup_product *prod,
                      const sup_policy *policy, sup_date on, char **out)
{
    sup__policy_version v = {SUP_DATE_MIN, policy != NULL ? policy : sup__default_policy()};
    return sup__notice_render_versions(notice, lic, prod, &v, 1, on, out);
}

/* ---- the subject line of a reminder e-mail (issue 13) --------------------------------------------
 * One line in the notice's language naming what the notice is about and its date, with the
 * product's name as the notice's first paragraph has it. */

static int subject_line(const sup_notice *notice, const char *product, const sup_license *lic,
                        const sup__policy_version *versions, size_t nversions, sup_date on, char **out)
{
    facts f;
    int rc = facts_on(notice, product, lic, versions, nversions, on, &f, NULL);
    if (rc == SUP_OK)
        rc = check_kind_fits(&f, notice->kind);
    bool window = notice->kind == SUP_NOTICE_WINDOW_CLOSING;
    sup_date anchor = notice->kind == SUP_NOTICE_STATUS ? on
                      : window                          ? sup_status_preferential_until(&f.st)
                                                        : sup_status_support_until(&f.st);
    char d[SUP_DATE_BUFSIZE];
    if (rc == SUP_OK)
        rc = fmt_date(&f, anchor, d);
    if (rc != SUP_OK)
        return rc;
    emit e;
    memset(&e, 0, sizeof e);
    e.format = SUP_NOTICE_FORMAT_TEXT;
    bool today = anchor == on;
    switch (notice->kind) {
    case SUP_NOTICE_STATUS:
        add(&e, "%s", f.ru ? (f.perpetual ? "Техническая поддержка" : "Подписка")
                           : (f.perpetual ? "Technical support" : "Your subscription"));
        add_of_product(&e, &f);
        add(&e, f.ru ? ": статус на %s" : ": status on %s", d);
        break;
    case SUP_NOTICE_WINDOW_CLOSING:
        if (today) {
            add(&e, "%s", f.ru ? "Сегодня последний день льготного продления поддержки"
                               : "Today is the last day of the preferential support renewal");
            add_of_product(&e, &f);
        } else {
            add(&e, "%s", f.ru ? "Льготное продление поддержки" : "The preferential support renewal");
            add_of_product(&e, &f);
            add(&e, f.ru ? " — до %s включительно" : " is open through %s", d);
        }
        break;
    case SUP_NOTICE_SUPPORT_ENDS_TODAY:
        add(&e, "%s", f.ru ? (f.perpetual ? "Сегодня последний день технической поддержки"
                                          : "Сегодня последний оплаченный день подписки")
                           : (f.perpetual ? "Today is the last day of technical support"
                                          : "Today is the last paid day of the subscription"));
        add_of_product(&e, &f);
        break;
    default: /* SUPPORT_ENDING */
        add(&e, "%s", f.ru ? (f.perpetual ? "Техническая поддержка" : "Оплаченный срок подписки")
                           : (f.perpetual ? "Technical support" : "The paid term of the subscription"));
        add_of_product(&e, &f);
        add(&e, f.ru ? " заканчивается %s" : " ends on %s", d);
        break;
    }
    end_line(&e);
    bool failed = e.line.failed;
    sup__buf_dispose(&e.line);
    if (failed)
        e.out.failed = true;
    if (!e.out.failed && e.out.len > 0 && e.out.data[e.out.len - 1] == '\n')
        e.out.data[--e.out.len] = '\0'; /* one line, without its end */
    return sup__buf_finish(&e.out, out);
}

int sup__notice_subject_versions(const sup_notice *notice, const sup_license *lic, const sup_product *prod,
                                 const sup__policy_version *versions, size_t nversions, sup_date on, char **out)
{
    SUP__CHECK_ARG(out, "sup_notice_subject");
    *out = NULL;
    SUP__CHECK_ARG(notice, "sup_notice_subject");
    SUP__CHECK_ARG(lic, "sup_notice_subject");
    SUP__CHECK_ARG(prod, "sup_notice_subject");
    int rc = sup__check_date(on, "notice date");
    if (rc != SUP_OK)
        return rc;
    if (notice->kind == SUP_NOTICE_NONE)
        return sup__fail(SUP_EINVAL, "sup_notice_subject: the notice has no kind");
    sup__buf product = {0};
    if (notice->product_name != NULL) {
        nested_quotes(notice->product_name, notice->lang == SUP_LANG_RU, &product);
        if (product.failed) {
            sup__buf_dispose(&product);
            return sup__fail(SUP_ENOMEM, "out of memory writing a subject");
        }
    }
    rc = subject_line(notice, product.data, lic, versions, nversions, on, out);
    sup__buf_dispose(&product);
    return rc;
}

int sup_notice_subject(const sup_notice *notice, const sup_license *lic, const sup_product *prod,
                       const sup_policy *policy, sup_date on, char **out)
{
    sup__policy_version v = {SUP_DATE_MIN, policy != NULL ? policy : sup__default_policy()};
    return sup__notice_subject_versions(notice, lic, prod, &v, 1, on, out);
}
