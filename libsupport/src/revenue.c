/* libsupport — the revenue schedule (revenue.h): what each payment pays for,
 * when it is earned, and the month-by-month totals of billed, recognised and
 * deferred revenue. Every recognition rule is here; the ledger
 * (ledger_revenue.c) only streams its payments into it.
 *
 * A payment becomes one or two parts (a sale split into its license and the
 * support it includes), a correction up to four (a shortening refund reverses
 * the payment's parts and earns what is kept over the shorter period). A part
 * is an amount earned by day over [s, e] (serial days); a part earned on a date
 * is the span of that one day. The parts of one item are billed in one month
 * and belong to one group (its product or kind), so adding an item touches
 * one group's cells: the months its parts are earned in within the schedule,
 * and the group's opening balance when it was billed before the first month. */
#include "libsupport/revenue.h"
#include "revenue_internal.h"
#include "policy_internal.h"
#include "date_internal.h"
#include "error_internal.h"
#include "text_internal.h"

#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const kind_names[] = {"all",          "sale",         "preferential_renewal", "standard_renewal",
                                         "subscription_first", "subscription", "correction"};
#define KINDS ((int)(sizeof kind_names / sizeof kind_names[0]))
static const char *const by_names[] = {"month", "product", "kind"};
#define BYS (sizeof by_names / sizeof by_names[0])

const char *sup_revenue_kind_name(sup_revenue_kind k) { return (unsigned)k < (unsigned)KINDS ? kind_names[k] : ""; }
const char *sup_revenue_by_name(sup_revenue_by b) { return (unsigned)b < BYS ? by_names[b] : ""; }

int sup_revenue_by_from_name(const char *name, sup_revenue_by *out)
{
    SUP__CHECK_ARG(name, "sup_revenue_by_from_name");
    SUP__CHECK_ARG(out, "sup_revenue_by_from_name");
    for (size_t i = 0; i < BYS; i++) {
        if (strcmp(name, by_names[i]) == 0) {
            *out = (sup_revenue_by)i;
            return SUP_OK;
        }
    }
    char q[80];
    sup__quote_text(q, sizeof q, name);
    return sup__fail(SUP_EINVAL, "unknown revenue grouping %s: expected month, product or kind", q);
}

int sup_revenue_parse_month(const char *text, sup_date *out)
{
    SUP__CHECK_ARG(text, "sup_revenue_parse_month");
    SUP__CHECK_ARG(out, "sup_revenue_parse_month");
    char q[80];
    sup__quote_text(q, sizeof q, text);
    bool shape = strlen(text) == 7 && text[4] == '-';
    for (int i = 0; shape && i < 7; i++)
        shape = i == 4 || (text[i] >= '0' && text[i] <= '9');
    if (!shape)
        return sup__fail(SUP_EDATE, "invalid month %s: expected YYYY-MM, e.g. 2026-01", q);
    int y = (text[0] - '0') * 1000 + (text[1] - '0') * 100 + (text[2] - '0') * 10 + (text[3] - '0');
    int m = (text[5] - '0') * 10 + (text[6] - '0');
    if (m < 1 || m > 12)
        return sup__fail(SUP_EDATE, "invalid month %s: the month must be 01…12, not %02d", q, m);
    if (y < 1900)
        return sup__fail(SUP_EDATE, "invalid month %s: years start at 1900", q);
    *out = (sup_date)(y * 10000 + m * 100 + 1);
    return SUP_OK;
}

/* ---- options and items -------------------------------------------------------------------------- */

int sup_revenue_options_init(sup_revenue_options *o, unsigned version)
{
    SUP__CHECK_ARG(o, "sup_revenue_options_init");
    if (version != SUP_REVENUE_OPTIONS_VERSION)
        return sup__fail(SUP_EINVAL, "sup_revenue_options_init: unknown options version %u (this library knows %d)",
                         version, SUP_REVENUE_OPTIONS_VERSION);
    memset(o, 0, sizeof *o);
    o->version = version;
    o->by = SUP_REVENUE_BY_MONTH;
    return SUP_OK;
}

int sup_revenue_item_init(sup_revenue_item *item, unsigned version)
{
    SUP__CHECK_ARG(item, "sup_revenue_item_init");
    if (version != SUP_REVENUE_ITEM_VERSION)
        return sup__fail(SUP_EINVAL, "sup_revenue_item_init: unknown item version %u (this library knows %d)",
                         version, SUP_REVENUE_ITEM_VERSION);
    memset(item, 0, sizeof *item);
    item->version = version;
    item->kind = SUP_REVENUE_SALE;
    item->corrected_kind = SUP_REVENUE_SALE;
    return SUP_OK;
}

/* ---- the schedule's storage ---------------------------------------------------------------------- */

struct cell {
    int64_t billed, recognised, count;
};

/* A group (by month: the one; by product: a product; by kind: a kind): its key and its storage slot. */
struct group {
    int64_t key;
    size_t slot;
};

struct sup_revenue {
    sup_revenue_by by;
    int first_month; /* year × 12 + month − 1 of month 0 */
    int nmonths;
    sup_date first_day; /* of month 0 */
    int32_t first_serial; /* serial day of first_day */
    int32_t *last_serial; /* [k]: serial day of the last day of month k */
    struct group *groups; /* sorted by key */
    size_t ngroups;
    int64_t *opening;    /* [slot]: deferred at the start of month 0 */
    int64_t *weight;     /* [slot]: the sum of the magnitudes added, bounding every total (overflow guard) */
    struct cell *cells;  /* [slot × nmonths + k] */
    size_t capslots;
    int64_t *scratch;    /* [k]: one item's recognised amounts, before they are added */
};

static int month_index(const sup_revenue *r, sup_date d) { return sup__year(d) * 12 + sup__month(d) - 1 - r->first_month; }

void sup_revenue_free(sup_revenue *r)
{
    if (r == NULL)
        return;
    sup__free(r->last_serial);
    sup__free(r->groups);
    sup__free(r->opening);
    sup__free(r->weight);
    sup__free(r->cells);
    sup__free(r->scratch);
    sup__free(r);
}

static int check_options(const sup_revenue_options *o, int *first, int *n)
{
    if (o->version != SUP_REVENUE_OPTIONS_VERSION)
        return sup__fail(SUP_EINVAL, "revenue options: unknown version %u (initialise them with "
                                     "sup_revenue_options_init)", o->version);
    if ((unsigned)o->by >= BYS)
        return sup__fail(SUP_EINVAL, "revenue options: unknown grouping %d", (int)o->by);
    int rc = sup__check_date(o->from, "revenue schedule: first month");
    if (rc == SUP_OK)
        rc = sup__check_date(o->to, "revenue schedule: last month");
    if (rc != SUP_OK)
        return rc;
    *first = sup__year(o->from) * 12 + sup__month(o->from) - 1;
    int last = sup__year(o->to) * 12 + sup__month(o->to) - 1;
    if (last < *first)
        return sup__fail(SUP_EDATE, "revenue schedule: the last month %04d-%02d is before the first %04d-%02d",
                         sup__year(o->to), sup__month(o->to), sup__year(o->from), sup__month(o->from));
    if (last - *first + 1 > SUP_REVENUE_MONTHS_MAX)
        return sup__fail(SUP_ERANGE, "revenue schedule: %d months from %04d-%02d to %04d-%02d; at most %d",
                         last - *first + 1, sup__year(o->from), sup__month(o->from), sup__year(o->to),
                         sup__month(o->to), SUP_REVENUE_MONTHS_MAX);
    *n = last - *first + 1;
    return SUP_OK;
}

/* Room for one more slot's storage. */
static bool grow_slots(sup_revenue *r)
{
    if (r->ngroups < r->capslots)
        return true;
    size_t cap = r->capslots ? r->capslots * 2 : 4;
    struct group *g = sup__realloc(r->groups, cap * sizeof *g);
    if (g != NULL)
        r->groups = g;
    int64_t *op = g != NULL ? sup__realloc(r->opening, cap * sizeof *op) : NULL;
    if (op != NULL)
        r->opening = op;
    int64_t *w = op != NULL ? sup__realloc(r->weight, cap * sizeof *w) : NULL;
    if (w != NULL)
        r->weight = w;
    struct cell *c = w != NULL ? sup__realloc(r->cells, cap * (size_t)r->nmonths * sizeof *c) : NULL;
    if (c == NULL)
        return false;
    r->cells = c;
    r->capslots = cap;
    return true;
}

/* The slot of group `key`, created (zeroed, in key order) if need be; (size_t)-1 when out of memory. */
static size_t slot_of(sup_revenue *r, int64_t key)
{
    size_t lo = 0, hi = r->ngroups;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (r->groups[mid].key < key)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < r->ngroups && r->groups[lo].key == key)
        return r->groups[lo].slot;
    if (!grow_slots(r))
        return (size_t)-1;
    size_t slot = r->ngroups; /* slots are handed out in creation order; groups stay sorted */
    memmove(&r->groups[lo + 1], &r->groups[lo], (r->ngroups - lo) * sizeof *r->groups);
    r->groups[lo] = (struct group){key, slot};
    r->ngroups++;
    r->opening[slot] = 0;
    r->weight[slot] = 0;
    memset(&r->cells[slot * (size_t)r->nmonths], 0, (size_t)r->nmonths * sizeof *r->cells);
    return slot;
}

int sup_revenue_new(const sup_revenue_options *opts, sup_revenue **out)
{
    SUP__CHECK_ARG(out, "sup_revenue_new");
    *out = NULL;
    SUP__CHECK_ARG(opts, "sup_revenue_new");
    int first = 0, n = 0;
    int rc = check_options(opts, &first, &n);
    if (rc != SUP_OK)
        return rc;
    sup_revenue *r = sup__calloc(1, sizeof *r);
    if (r == NULL)
        return sup__fail(SUP_ENOMEM, "out of memory creating a revenue schedule");
    r->by = opts->by;
    r->first_month = first;
    r->nmonths = n;
    r->first_day = (sup_date)((first / 12) * 10000 + (first % 12 + 1) * 100 + 1);
    r->first_serial = sup__date_to_serial(r->first_day);
    r->last_serial = sup__malloc((size_t)n * sizeof *r->last_serial);
    r->scratch = sup__calloc((size_t)n, sizeof *r->scratch);
    if (r->last_serial == NULL || r->scratch == NULL) {
        sup_revenue_free(r);
        return sup__fail(SUP_ENOMEM, "out of memory creating a revenue schedule");
    }
    for (int k = 0; k < n; k++) {
        int y = (first + k) / 12, m = (first + k) % 12 + 1;
        r->last_serial[k] = sup__date_to_serial((sup_date)(y * 10000 + m * 100 + sup__dim(y, m)));
    }
    /* by month: the one group, so that every month has its row even with nothing in it */
    if (r->by == SUP_REVENUE_BY_MONTH && slot_of(r, 0) == (size_t)-1) {
        sup_revenue_free(r);
        return sup__fail(SUP_ENOMEM, "out of memory creating a revenue schedule");
    }
    *out = r;
    return SUP_OK;
}

/* ---- what a payment pays for: its parts ----------------------------------------------------------- */

/* An amount earned by day over the serial days [s, e] (s <= e); `last` is the date of e. */
struct part {
    sup_money amount;
    int32_t s, e;
    sup_date last;
};

#define MAX_PARTS 4

/* The facts of one payment as far as recognition goes. */
struct facts {
    sup_revenue_kind kind;
    sup_date on, before, until;
};

static bool renewal_kind(sup_revenue_kind k)
{
    return k == SUP_REVENUE_PREFERENTIAL_RENEWAL || k == SUP_REVENUE_STANDARD_RENEWAL;
}

/* The first day a payment pays for: a preferential renewal continues support from the day after the
 * old end (also when paid in the window, after it); a standard renewal and a subscription payment from
 * their date, or from the day after the end they extend if that is later (a subscription paid ahead). */
static int32_t period_start(const struct facts *f)
{
    int32_t on = sup__date_to_serial(f->on);
    if (f->kind == SUP_REVENUE_SALE || f->kind == SUP_REVENUE_SUBSCRIPTION_FIRST || f->before == SUP_DATE_NONE)
        return on;
    int32_t next = sup__date_to_serial(f->before) + 1;
    if (f->kind == SUP_REVENUE_PREFERENTIAL_RENEWAL)
        return next;
    return next > on ? next : on;
}

/* The part of `amount` earned by day from `s` through the date `until`; on the date `on` if that span
 * is empty or the method is on_payment. */
static struct part make_part(sup_money amount, int32_t s, sup_date until, sup_date on, bool daily)
{
    int32_t e = sup__date_to_serial(until);
    if (!daily || e < s) {
        int32_t d = sup__date_to_serial(on);
        return (struct part){amount, d, d, on};
    }
    return (struct part){amount, s, e, until};
}

/* Truncation towards zero of a × num / den for |a| <= 4 × SUP_REVENUE_AMOUNT_MAX, 0 <= num <= den <= ~3.7 M
 * (no intermediate overflows: the remainder times num stays below den²). */
static int64_t muldiv(int64_t a, int64_t num, int64_t den)
{
    int64_t m = a < 0 ? -a : a;
    int64_t v = (m / den) * num + (m % den) * num / den;
    return a < 0 ? -v : v;
}

/* The parts of a payment of `amount` with facts f under policy p (at most 2). */
static size_t payment_parts(const sup_policy *p, const struct facts *f, sup_money amount, struct part *out)
{
    const struct sup__recognition *rec = &p->recognition;
    int32_t s = period_start(f);
    switch (f->kind) {
    case SUP_REVENUE_SALE: {
        sup_money support = muldiv(amount, rec->sale_support_share, SUP_RATE_MAX);
        out[0] = make_part(amount - support, s, f->on, f->on, false);
        if (support == 0)
            return 1;
        out[1] = make_part(support, s, f->until, f->on, rec->renewal == SUP_RECOGNITION_DAILY);
        return 2;
    }
    default: {
        bool daily = (renewal_kind(f->kind) ? rec->renewal : rec->subscription) == SUP_RECOGNITION_DAILY;
        out[0] = make_part(amount, s, f->until, f->on, daily);
        return 1;
    }
    }
}

/* ---- checking an item ------------------------------------------------------------------------------------ */

static int check_amount(sup_money a, const char *what)
{
    if (a < -SUP_REVENUE_AMOUNT_MAX || a > SUP_REVENUE_AMOUNT_MAX)
        return sup__fail(SUP_EMONEY, "revenue item: %s %lld kopecks is beyond ±%lld", what, (long long)a,
                         (long long)SUP_REVENUE_AMOUNT_MAX);
    return SUP_OK;
}

/* SUP_EDATE naming which date of the item was wrong (the message is built only on failure). */
static int bad_date(sup_date d, const char *whose, const char *which)
{
    char w[80];
    snprintf(w, sizeof w, "revenue item: %s %s", whose, which);
    return sup__bad_date(d, w);
}

static int check_facts(const struct facts *f, const char *whose)
{
    if (!sup__date_ok(f->on))
        return bad_date(f->on, whose, "date");
    if (!sup__date_ok(f->until))
        return bad_date(f->until, whose, "support end");
    if (f->before != SUP_DATE_NONE && !sup__date_ok(f->before))
        return bad_date(f->before, whose, "support end before it");
    return SUP_OK;
}

static bool payment_kind(sup_revenue_kind k) { return k >= SUP_REVENUE_SALE && k <= SUP_REVENUE_SUBSCRIPTION; }

/* A correction: the payment it corrects, and what it may do to it. */
static int check_correction(const sup_revenue_item *it, const struct facts *target)
{
    if (!payment_kind(it->corrected_kind))
        return sup__fail(SUP_EINVAL, "revenue item: a correction must name the kind of the payment it corrects "
                                     "(sale … subscription), not %d", (int)it->corrected_kind);
    int rc = check_facts(target, "corrected payment's");
    if (rc == SUP_OK)
        rc = check_amount(it->corrected_amount, "corrected amount");
    if (rc == SUP_OK && it->shortened_until != SUP_DATE_NONE && !sup__date_ok(it->shortened_until))
        rc = bad_date(it->shortened_until, "correction's", "shortened support end");
    if (rc != SUP_OK)
        return rc;
    char a[24], b[24];
    if (it->on < target->on) {
        sup__date_str(it->on, a);
        sup__date_str(target->on, b);
        return sup__fail(SUP_EDATE, "revenue item: a correction on %s is before the payment it corrects (%s)", a, b);
    }
    if (it->corrected_amount < 0)
        return sup__fail(SUP_EMONEY, "revenue item: the corrected payment's amount %lld kopecks is negative",
                         (long long)it->corrected_amount);
    if (it->amount < -it->corrected_amount)
        return sup__fail(SUP_EMONEY, "revenue item: a correction of %lld kopecks is more than the %lld kopecks left "
                                     "of the payment", (long long)-it->amount, (long long)it->corrected_amount);
    return SUP_OK;
}

/* Check `it` and give its parts (*n of them). */
static int item_parts(const sup_policy *p, const sup_revenue_item *it, struct part *parts, size_t *n)
{
    if (it->version != SUP_REVENUE_ITEM_VERSION)
        return sup__fail(SUP_EINVAL, "revenue item: unknown version %u (initialise it with sup_revenue_item_init)",
                         it->version);
    if (it->kind <= SUP_REVENUE_ALL || (int)it->kind >= KINDS)
        return sup__fail(SUP_EINVAL, "revenue item: unknown kind %d", (int)it->kind);
    if (it->product < 0)
        return sup__fail(SUP_EINVAL, "revenue item: product %lld is negative", (long long)it->product);
    int rc = check_amount(it->amount, "amount");
    if (rc != SUP_OK)
        return rc;
    if (it->kind != SUP_REVENUE_CORRECTION) {
        struct facts f = {it->kind, it->on, it->support_before, it->support_until};
        if ((rc = check_facts(&f, "payment")) != SUP_OK)
            return rc;
        if (it->amount < 0)
            return sup__fail(SUP_EMONEY, "revenue item: a payment of %lld kopecks is negative (money paid back is "
                                         "a correction)", (long long)it->amount);
        *n = payment_parts(p, &f, it->amount, parts);
        return SUP_OK;
    }
    struct facts t = {it->corrected_kind, it->corrected_on, it->corrected_support_before, it->corrected_support_until};
    rc = sup__date_ok(it->on) ? check_correction(it, &t) : bad_date(it->on, "correction's", "date");
    if (rc != SUP_OK)
        return rc;
    if (it->shortened_until == SUP_DATE_NONE) { /* the payment's own parts, scaled to the correction */
        *n = payment_parts(p, &t, it->amount, parts);
        return SUP_OK;
    }
    /* support shortened: none of the payment is earned as it was, what is kept is earned over the shorter period */
    *n = payment_parts(p, &t, -it->corrected_amount, parts);
    t.until = it->shortened_until;
    *n += payment_parts(p, &t, it->corrected_amount + it->amount, parts + *n);
    return SUP_OK;
}

/* ---- adding -------------------------------------------------------------------------------------------- */

/* Earned of part q by the end of serial day d. */
static int64_t earned(const struct part *q, int32_t d)
{
    int64_t days = (int64_t)q->e - q->s + 1, el = (int64_t)d - q->s + 1;
    if (el <= 0)
        return 0;
    return el >= days ? q->amount : muldiv(q->amount, el, days);
}

/* What one item adds to its group: the opening balance, the months [k0, k1] of r->scratch. */
struct delta {
    int64_t opening;
    int k0, k1;
};

/* Recognised amounts of part q billed in month mb (relative; may be before the schedule) into scratch. */
static void spread(sup_revenue *r, const struct part *q, int mb, struct delta *d)
{
    int n = r->nmonths;
    int64_t prev = 0;
    if (mb < 0) { /* billed before the schedule: what it had not earned by then opens the first month */
        prev = earned(q, r->first_serial - 1);
        d->opening += q->amount - prev;
    }
    int k0 = mb > 0 ? mb : 0;
    int kl = month_index(r, q->last);
    int k1 = kl < k0 ? k0 : (kl >= n ? n - 1 : kl);
    if (k0 >= n || (mb < 0 && kl < 0))
        return; /* billed after the schedule, or earned before it */
    for (int k = k0; k <= k1; k++) {
        int64_t c = earned(q, r->last_serial[k]);
        r->scratch[k] += c - prev;
        prev = c;
    }
    if (k0 < d->k0)
        d->k0 = k0;
    if (k1 > d->k1)
        d->k1 = k1;
}

static int64_t key_of(const sup_revenue *r, const sup_revenue_item *it)
{
    return r->by == SUP_REVENUE_BY_PRODUCT ? it->product : (r->by == SUP_REVENUE_BY_KIND ? (int64_t)it->kind : 0);
}

static void clear_scratch(sup_revenue *r, const struct delta *d)
{
    for (int k = d->k0; k <= d->k1; k++)
        r->scratch[k] = 0;
}

int sup_revenue_add(sup_revenue *r, const sup_policy *policy, const sup_revenue_item *it)
{
    SUP__CHECK_ARG(r, "sup_revenue_add");
    SUP__CHECK_ARG(it, "sup_revenue_add");
    struct part parts[MAX_PARTS];
    size_t np = 0;
    int rc = item_parts(policy != NULL ? policy : sup__default_policy(), it, parts, &np);
    if (rc != SUP_OK)
        return rc;
    int mb = month_index(r, it->on);
    if (mb >= r->nmonths)
        return SUP_OK; /* billed after the last month: nothing of it shows */
    struct delta d = {0, r->nmonths, -1};
    int64_t magnitude = 0;
    for (size_t i = 0; i < np; i++) {
        spread(r, &parts[i], mb, &d);
        magnitude += 3 * (parts[i].amount < 0 ? -parts[i].amount : parts[i].amount);
    }
    bool nonzero = mb >= 0 || d.opening != 0;
    for (int k = d.k0; k <= d.k1 && !nonzero; k++)
        nonzero = r->scratch[k] != 0;
    if (!nonzero) { /* billed before the schedule and earned by its start: nothing of it shows */
        clear_scratch(r, &d);
        return SUP_OK;
    }
    size_t slot = slot_of(r, key_of(r, it));
    if (slot == (size_t)-1) {
        clear_scratch(r, &d);
        return sup__fail(SUP_ENOMEM, "out of memory adding to a revenue schedule");
    }
    /* Every total of the group is bounded by the sum of the magnitudes added to it: if that fits in 64 bits,
     * nothing below can overflow. */
    if (r->weight[slot] > INT64_MAX - magnitude) {
        clear_scratch(r, &d);
        return sup__fail(SUP_EMONEY, "revenue schedule: the totals would overflow 64-bit kopecks");
    }
    r->weight[slot] += magnitude;
    r->opening[slot] += d.opening;
    struct cell *c = &r->cells[slot * (size_t)r->nmonths];
    if (mb >= 0) {
        c[mb].billed += it->amount;
        c[mb].count++;
    }
    for (int k = d.k0; k <= d.k1; k++) {
        c[k].recognised += r->scratch[k];
        r->scratch[k] = 0;
    }
    return SUP_OK;
}

/* ---- rows -------------------------------------------------------------------------------------------------- */

size_t sup_revenue_row_count(const sup_revenue *r) { return r != NULL ? (size_t)r->nmonths * r->ngroups : 0; }

/* Row i given the opening balance of its group for its month. */
static void fill_row(const sup_revenue *r, size_t i, int64_t opening, sup_revenue_row *row)
{
    int k = (int)(i / r->ngroups);
    const struct group *g = &r->groups[i % r->ngroups];
    const struct cell *c = &r->cells[g->slot * (size_t)r->nmonths + (size_t)k];
    int y = (r->first_month + k) / 12, m = (r->first_month + k) % 12 + 1;
    row->month = (sup_date)(y * 10000 + m * 100 + 1);
    row->month_end = (sup_date)(y * 10000 + m * 100 + sup__dim(y, m));
    row->product = r->by == SUP_REVENUE_BY_PRODUCT ? g->key : 0;
    row->kind = r->by == SUP_REVENUE_BY_KIND ? (sup_revenue_kind)g->key : SUP_REVENUE_ALL;
    row->opening_deferred = opening;
    row->billed = c->billed;
    row->recognised = c->recognised;
    row->deferred = opening + c->billed - c->recognised;
    row->payments = c->count;
}

size_t sup__revenue_groups(const sup_revenue *r) { return r->ngroups; }

void sup__revenue_row_next(const sup_revenue *r, size_t i, int64_t *balances, sup_revenue_row *row)
{
    size_t gi = i % r->ngroups;
    if (i < r->ngroups)
        balances[gi] = r->opening[r->groups[gi].slot];
    fill_row(r, i, balances[gi], row);
    balances[gi] = row->deferred;
}

int sup_revenue_get_row(const sup_revenue *r, size_t i, sup_revenue_row *row)
{
    SUP__CHECK_ARG(r, "sup_revenue_get_row");
    SUP__CHECK_ARG(row, "sup_revenue_get_row");
    if (row->version != SUP_REVENUE_ROW_VERSION)
        return sup__fail(SUP_EINVAL, "sup_revenue_get_row: unknown row version %u (this library knows %d)", row->version,
                         SUP_REVENUE_ROW_VERSION);
    size_t count = sup_revenue_row_count(r);
    if (i >= count)
        return sup__fail(SUP_ENOTFOUND, "revenue row %zu: the schedule has %zu rows", i, count);
    int k = (int)(i / r->ngroups);
    const struct group *g = &r->groups[i % r->ngroups];
    const struct cell *c = &r->cells[g->slot * (size_t)r->nmonths];
    int64_t opening = r->opening[g->slot];
    for (int j = 0; j < k; j++)
        opening += c[j].billed - c[j].recognised;
    fill_row(r, i, opening, row);
    return SUP_OK;
}
