/*
 * Fuzz target: a random sequence of calls on an in-memory ledger (":memory:"),
 * checking after each one:
 *  - a failing call changes nothing and appends no audit event; a successful
 *    change appends exactly one; an idempotent replay of a payment appends none
 *    and returns the first result;
 *  - the ledger agrees with the core: status and quote of a stored license are
 *    those of sup_license_status / sup_license_quote on the license rebuilt by
 *    sup_ledger_get_license under the policy version in force;
 *  - a renewal or payment never shortens latest_until;
 *  - the list queries (licenses, expiring, preferential, lapsed) return exactly
 *    the licenses the core puts in that state, with the same support_until;
 *  - the offer (sup_ledger_offer) is the quote of the license's kind, or no
 *    offer exactly when that quote fails; the customer notice renders on every
 *    valid date (every text the ledger accepted is text a notice shows);
 *  - batches: a rolled-back batch leaves no trace; sup_ledger_check passes at the end.
 * Text arguments are sometimes arbitrary bytes (invalid UTF-8, control
 * characters, too long), which must be refused with SUP_EINVAL.
 */
#include "fuzz_common.h"

#define MAX_OPS 48
#define MAX_PRODUCTS 4
#define MAX_CUSTOMERS 4
#define MAX_LICENSES 12
#define MAX_PAYMENTS 8

typedef struct payment {
    bool used;
    sup_id license;
    sup_money amount;
    int kind; /* 0 renewal, 1 subscription payment */
} payment;

typedef struct state {
    sup_id products[MAX_PRODUCTS];
    size_t nproducts;
    sup_id customers[MAX_CUSTOMERS];
    size_t ncustomers;
    sup_id licenses[MAX_LICENSES];
    size_t nlicenses;
    payment payments[MAX_PAYMENTS];
} state;

typedef struct world {
    fuzz_reader *r;
    sup_ledger *l;
    state s;
    state saved; /* at sup_ledger_begin */
    bool in_batch;
    sup_id audit_seen; /* the last audit event id seen */
    sup_date cursor;
    sup_quote *q, *q2;
    sup_status *st, *st2;
    sup_offer *offer;
    sup_notice *notice;
    char text[SUP_LEDGER_NOTE_MAX + 8];
} world;

static const char *const actors[] = {"fuzz", "оператор", "cron"};

/* ---- audit trail: how many events since the last look ---- */
static int new_audit_events(world *w)
{
    sup_cursor *c = NULL;
    FUZZ_CHECK(sup_ledger_list_audit(w->l, w->audit_seen, &c) == SUP_OK);
    int n = 0, rc;
    while ((rc = sup_cursor_next(c)) == 1) {
        sup_id ev = sup_cursor_int64(c, SUP_AUDCOL_EVENT);
        FUZZ_CHECK(ev > w->audit_seen);
        const char *action = sup_cursor_text(c, SUP_AUDCOL_ACTION);
        FUZZ_CHECK(action != NULL && fuzz_utf8_ok(action));
        w->audit_seen = ev;
        n++;
    }
    FUZZ_CHECK(rc == 0);
    sup_cursor_free(c);
    return n;
}

/* After a change: exactly one audit event if it succeeded (`changed`), none otherwise. */
static void check_change(world *w, int rc, bool changed)
{
    if (rc != SUP_OK)
        fuzz_check_error(rc);
    int n = new_audit_events(w);
    FUZZ_CHECK(n == ((rc == SUP_OK && changed) ? 1 : 0));
}

/* ---- inputs ---- */
static sup_date next_date(world *w)
{
    uint8_t how = fuzz_u8(w->r);
    if (how < 170) {
        sup_date d;
        if (sup_date_add_days(w->cursor, (int32_t)(fuzz_u8(w->r) % 90u), &d) == SUP_OK)
            w->cursor = d;
        return w->cursor;
    }
    return fuzz_date_near(w->r, w->cursor);
}

/* A text argument: usually one of a few valid values, sometimes arbitrary bytes. */
static const char *text_arg(world *w, const char *prefix, int variants, size_t max)
{
    uint8_t how = fuzz_u8(w->r);
    if (how < 220) {
        snprintf(w->text, sizeof w->text, "%s%d", prefix, how % variants);
        return w->text;
    }
    if (how < 225)
        return NULL;
    size_t n = fuzz_u8(w->r) % 24u;
    if (how >= 250)
        n = max + (size_t)(fuzz_u8(w->r) % 3u); /* at and past the limit */
    if (n >= sizeof w->text)
        n = sizeof w->text - 1;
    for (size_t i = 0; i < n; i++)
        w->text[i] = (char)(how < 240 ? fuzz_u8(w->r) : 'a' + (int)(i % 26u));
    w->text[n] = '\0';
    return w->text;
}

static sup_id pick(world *w, const sup_id *ids, size_t n)
{
    uint8_t how = fuzz_u8(w->r);
    if (n == 0 || how >= 245)
        return how % 2 ? 0 : 987654; /* no such row */
    return ids[how % n];
}

/* ---- the ledger agrees with the core ---- */
static void check_license(world *w, sup_id id, sup_date on)
{
    sup_license *lic = NULL;
    int rc = sup_ledger_get_license(w->l, id, &lic);
    if (rc != SUP_OK) { /* no such license */
        fuzz_check_error(rc);
        FUZZ_CHECK(rc == SUP_ENOTFOUND || rc == SUP_EINVAL);
        FUZZ_CHECK(lic == NULL);
        FUZZ_CHECK(sup_ledger_license_status(w->l, id, 20260101, w->st) == rc);
        return;
    }
    sup_id prod_id = 0;
    FUZZ_CHECK(sup_ledger_license_parties(w->l, id, NULL, &prod_id) == SUP_OK);
    sup_product *prod = NULL;
    FUZZ_CHECK(sup_ledger_get_product(w->l, prod_id, &prod) == SUP_OK);
    FUZZ_CHECK(sup_product_kind(prod) == sup_license_kind_of(lic));
    if (!sup_date_is_valid(on)) {
        FUZZ_CHECK(sup_ledger_license_status(w->l, id, on, w->st) == SUP_EDATE);
        goto out;
    }
    sup_policy *pol = NULL;
    FUZZ_CHECK(sup_ledger_get_policy(w->l, on, NULL, &pol) == SUP_OK);

    FUZZ_CHECK(sup_ledger_license_status(w->l, id, on, w->st) == SUP_OK);
    FUZZ_CHECK(sup_license_status(lic, pol, on, w->st2) == SUP_OK);
    FUZZ_CHECK(sup_status_state(w->st) == sup_status_state(w->st2));
    FUZZ_CHECK(sup_status_support_until(w->st) == sup_status_support_until(w->st2));
    FUZZ_CHECK(sup_status_preferential_until(w->st) == sup_status_preferential_until(w->st2));
    FUZZ_CHECK(sup_status_can_use(w->st) == sup_status_can_use(w->st2));

    int r1, r2;
    if (sup_license_kind_of(lic) == SUP_LICENSE_PERPETUAL) {
        r1 = sup_ledger_quote_renewal(w->l, id, on, w->q);
        r2 = sup_license_quote(lic, prod, pol, on, w->q2);
    } else {
        r1 = sup_ledger_quote_payment(w->l, id, on, w->q);
        r2 = sup_license_quote_payment(lic, prod, on, w->q2);
    }
    FUZZ_CHECK(r1 == r2);
    if (r1 == SUP_OK) {
        FUZZ_CHECK(sup_quote_kind_of(w->q) == sup_quote_kind_of(w->q2));
        FUZZ_CHECK(sup_quote_fee(w->q) == sup_quote_fee(w->q2));
        FUZZ_CHECK(sup_quote_new_support_until(w->q) == sup_quote_new_support_until(w->q2));
        FUZZ_CHECK(sup_quote_valid_through(w->q) >= on);
    }
    FUZZ_CHECK(sup_ledger_offer(w->l, id, on, w->offer) == SUP_OK);
    FUZZ_CHECK((sup_offer_quote(w->offer) != NULL) == (r1 == SUP_OK));
    FUZZ_CHECK((sup_offer_reason_of(w->offer) == SUP_OFFER_REASON_NONE) == (r1 == SUP_OK));
    if (r1 == SUP_OK) {
        FUZZ_CHECK(sup_quote_fee(sup_offer_quote(w->offer)) == sup_quote_fee(w->q));
        FUZZ_CHECK(sup_quote_valid_through(sup_offer_quote(w->offer)) == sup_quote_valid_through(w->q));
    }
    char *text = NULL;
    FUZZ_CHECK(sup_ledger_render_notice(w->l, id, on, w->notice, &text) == SUP_OK && text != NULL);
    FUZZ_CHECK(fuzz_utf8_ok(text));
    sup_free(text);
    sup_policy_free(pol);
out:
    sup_product_free(prod);
    sup_license_free(lic);
}

/* The list queries return exactly the licenses in the right state on `on`. */
static void check_lists(world *w, sup_date on)
{
    if (!sup_date_is_valid(on))
        return;
    int days = (int)(fuzz_u8(w->r) % 60u);
    sup_date horizon;
    if (sup_date_add_days(on, days, &horizon) != SUP_OK)
        horizon = SUP_DATE_MAX;
    size_t want[4] = {0, 0, 0, 0}; /* owned, expiring, preferential, lapsed */
    for (size_t i = 0; i < w->s.nlicenses; i++) {
        FUZZ_CHECK(sup_ledger_license_status(w->l, w->s.licenses[i], on, w->st) == SUP_OK);
        sup_state s = sup_status_state(w->st);
        if (s == SUP_STATE_NOT_OWNED)
            continue;
        want[0]++;
        if (s == SUP_STATE_ACTIVE && sup_status_support_until(w->st) <= horizon)
            want[1]++;
        if (s == SUP_STATE_GRACE)
            want[2]++;
        if (s == SUP_STATE_LAPSED || s == SUP_STATE_EXPIRED)
            want[3]++;
    }
    for (int k = 0; k < 4; k++) {
        sup_cursor *c = NULL;
        int rc = k == 0   ? sup_ledger_list_licenses(w->l, 0, on, &c)
                 : k == 1 ? sup_ledger_list_expiring(w->l, on, days, &c)
                 : k == 2 ? sup_ledger_list_preferential(w->l, on, &c)
                          : sup_ledger_list_lapsed(w->l, on, &c);
        FUZZ_CHECK(rc == SUP_OK);
        size_t n = 0;
        while ((rc = sup_cursor_next(c)) == 1) {
            sup_id id = sup_cursor_int64(c, SUP_LICCOL_LICENSE);
            FUZZ_CHECK(sup_ledger_license_status(w->l, id, on, w->st) == SUP_OK);
            FUZZ_CHECK((sup_state)sup_cursor_int64(c, SUP_LICCOL_STATE) == sup_status_state(w->st));
            FUZZ_CHECK(sup_cursor_date(c, SUP_LICCOL_SUPPORT_UNTIL) == sup_status_support_until(w->st));
            n++;
        }
        FUZZ_CHECK(rc == 0);
        if (n != want[k]) { /* say which licenses differ before failing */
            fprintf(stderr, "list %d on %ld (days %d): %zu rows, the core says %zu\n", k, (long)on, days, n, want[k]);
            for (size_t i = 0; i < w->s.nlicenses; i++) {
                FUZZ_CHECK(sup_ledger_license_status(w->l, w->s.licenses[i], on, w->st) == SUP_OK);
                fprintf(stderr, "  license %lld: %s, support until %ld, window until %ld\n",
                        (long long)w->s.licenses[i], sup_state_name(sup_status_state(w->st)),
                        (long)sup_status_support_until(w->st), (long)sup_status_preferential_until(w->st));
            }
        }
        FUZZ_CHECK(n == want[k]);
        sup_cursor_free(c);
    }
}

/* ---- operations ---- */
static void op_add_product(world *w)
{
    const char *code = text_arg(w, "P", 6, SUP_LEDGER_CODE_MAX);
    char code_copy[SUP_LEDGER_NOTE_MAX + 8];
    snprintf(code_copy, sizeof code_copy, "%s", code ? code : "");
    sup_license_kind kind = (sup_license_kind)(fuzz_u8(w->r) % 4);
    static const int months[] = {6, 0, 12, 1, 1201};
    int m = months[fuzz_u8(w->r) % 5];
    sup_id id = 0;
    int rc = sup_ledger_add_product(w->l, actors[0], code ? code_copy : NULL, "Отчёт", kind, m, &id);
    check_change(w, rc, true);
    if (rc == SUP_OK) {
        FUZZ_CHECK(id > 0);
        sup_id found = 0;
        FUZZ_CHECK(sup_ledger_find_product(w->l, code_copy, &found) == SUP_OK && found == id);
        if (w->s.nproducts < MAX_PRODUCTS)
            w->s.products[w->s.nproducts++] = id;
    } else {
        FUZZ_CHECK(rc == SUP_EINVAL || rc == SUP_ERANGE || rc == SUP_ECONFLICT);
    }
}

static void op_set_price(world *w)
{
    sup_id p = pick(w, w->s.products, w->s.nproducts);
    sup_date d = next_date(w);
    sup_date earlier;
    if (fuzz_u8(w->r) < 128 && sup_date_add_days(d, -400, &earlier) == SUP_OK) /* prices mostly before the sales */
        d = earlier;
    sup_money price = fuzz_money(w->r);
    int rc = sup_ledger_set_price(w->l, actors[1], p, d, price);
    check_change(w, rc, true);
    if (rc == SUP_OK) {
        sup_product *prod = NULL;
        sup_money back = -1;
        FUZZ_CHECK(sup_ledger_get_product(w->l, p, &prod) == SUP_OK);
        FUZZ_CHECK(sup_product_price_on(prod, d, &back) == SUP_OK && back == price);
        sup_product_free(prod);
    }
}

static void op_add_customer(world *w)
{
    const char *code = text_arg(w, "C", 6, SUP_LEDGER_CODE_MAX);
    char code_copy[SUP_LEDGER_NOTE_MAX + 8];
    snprintf(code_copy, sizeof code_copy, "%s", code ? code : "");
    const char *name = text_arg(w, "ООО Ромашка ", 3, SUP_LEDGER_NAME_MAX);
    sup_id id = 0;
    int rc = sup_ledger_add_customer(w->l, actors[2], code ? code_copy : NULL, name, &id);
    check_change(w, rc, true);
    if (rc == SUP_OK && w->s.ncustomers < MAX_CUSTOMERS)
        w->s.customers[w->s.ncustomers++] = id;
}

static void op_sell(world *w)
{
    if (w->s.nlicenses == MAX_LICENSES)
        return; /* the list checks need every license tracked */
    sup_id c = pick(w, w->s.customers, w->s.ncustomers), p = pick(w, w->s.products, w->s.nproducts);
    sup_date d = next_date(w);
    sup_money paid = 0;
    sup_product *prod = NULL;
    if (sup_ledger_get_product(w->l, p, &prod) == SUP_OK) {
        if (sup_product_price_on(prod, d, &paid) != SUP_OK)
            paid = 0;
        sup_product_free(prod);
    }
    if (fuzz_u8(w->r) >= 220)
        paid = paid < INT64_MAX ? paid + 1 : paid - 1;
    sup_id lic = 0;
    int rc = sup_ledger_sell(w->l, actors[0], NULL, c, p, d, paid, &lic);
    check_change(w, rc, true);
    if (rc == SUP_OK) {
        FUZZ_CHECK(lic > 0);
        w->s.licenses[w->s.nlicenses++] = lic;
        sup_id cc = 0, pp = 0;
        FUZZ_CHECK(sup_ledger_license_parties(w->l, lic, &cc, &pp) == SUP_OK && cc == c && pp == p);
        check_license(w, lic, d);
    }
}

/* Renewal (kind 0) or subscription payment (kind 1) under one of a few payment ids. */
static void op_pay(world *w, int kind)
{
    sup_id id = pick(w, w->s.licenses, w->s.nlicenses);
    sup_date d = next_date(w);
    int qrc = kind == 0 ? sup_ledger_quote_renewal(w->l, id, d, w->q) : sup_ledger_quote_payment(w->l, id, d, w->q);
    sup_money paid = qrc == SUP_OK ? sup_quote_fee(w->q) : 0;
    uint8_t how = fuzz_u8(w->r);
    if (how >= 200)
        paid = how >= 250 ? -5 : (paid < INT64_MAX - 100 ? paid + 100 : paid - 100);
    size_t pi = fuzz_u8(w->r) % MAX_PAYMENTS;
    char pid[32];
    snprintf(pid, sizeof pid, "pay-%zu", pi);
    payment prev = w->s.payments[pi];

    sup_license *before = NULL;
    size_t events0 = 0;
    sup_date latest0 = SUP_DATE_NONE;
    if (sup_ledger_get_license(w->l, id, &before) == SUP_OK) {
        events0 = sup_license_event_count(before);
        latest0 = sup_license_latest_until(before);
    }
    int rc = kind == 0 ? sup_ledger_renew(w->l, actors[1], pid, id, d, paid, w->q2)
                       : sup_ledger_pay(w->l, actors[1], pid, id, d, paid, w->q2);
    bool replay = prev.used && prev.license == id && prev.amount == paid && prev.kind == kind;
    if (rc != SUP_OK)
        fuzz_check_error(rc);
    check_change(w, rc, !replay);
    if (prev.used && !replay)
        FUZZ_CHECK(rc != SUP_OK); /* the id belongs to another payment */
    if (rc == SUP_OK) {
        sup_license *after = NULL;
        FUZZ_CHECK(before != NULL && sup_ledger_get_license(w->l, id, &after) == SUP_OK);
        if (replay) {
            FUZZ_CHECK(sup_license_event_count(after) == events0);
        } else {
            FUZZ_CHECK(qrc == SUP_OK && paid == sup_quote_fee(w->q));
            FUZZ_CHECK(sup_license_event_count(after) == events0 + 1);
            FUZZ_CHECK(sup_quote_fee(w->q2) == paid);
            w->s.payments[pi] = (payment){true, id, paid, kind};
        }
        /* never shortens latest_until */
        FUZZ_CHECK(sup_license_latest_until(after) >= latest0);
        sup_license_free(after);
    } else if (qrc == SUP_OK && paid != sup_quote_fee(w->q) && !prev.used && paid >= 0) {
        FUZZ_CHECK(rc == SUP_EMISMATCH || rc == SUP_ESTATE);
    }
    sup_license_free(before);
}

static void op_renew(world *w) { op_pay(w, 0); }
static void op_subscription(world *w) { op_pay(w, 1); }

static void op_record_period(world *w)
{
    sup_id id = pick(w, w->s.licenses, w->s.nlicenses);
    sup_date d = next_date(w), until = next_date(w);
    int rc = sup_ledger_record_period(w->l, actors[2], id, d, until);
    check_change(w, rc, true);
    if (rc == SUP_OK) {
        sup_license *lic = NULL;
        FUZZ_CHECK(sup_ledger_get_license(w->l, id, &lic) == SUP_OK);
        FUZZ_CHECK(sup_license_latest_until(lic) == until);
        sup_license_free(lic);
    }
}

static void op_add_policy(world *w)
{
    sup_policy *p = NULL;
    FUZZ_CHECK(sup_policy_new(&p) == SUP_OK);
    FUZZ_CHECK(sup_policy_set_preferential_rate(p, (sup_rate)(fuzz_u16(w->r) % 10001u)) == SUP_OK);
    FUZZ_CHECK(sup_policy_set_standard_rate(p, (sup_rate)(fuzz_u16(w->r) % 10001u)) == SUP_OK);
    FUZZ_CHECK(sup_policy_set_grace_months(p, (int)(fuzz_u8(w->r) % 13u)) == SUP_OK);
    FUZZ_CHECK(sup_policy_set_renewal_months(p, 1 + (int)(fuzz_u8(w->r) % 24u)) == SUP_OK);
    if (fuzz_u8(w->r) & 1)
        sup_policy_clear_contacts(p);
    sup_date eff = next_date(w);
    sup_id version = 0;
    int rc = sup_ledger_add_policy(w->l, actors[0], eff, p, &version);
    check_change(w, rc, true);
    if (rc == SUP_OK) {
        sup_policy *back = NULL;
        sup_id v2 = 0;
        FUZZ_CHECK(sup_ledger_get_policy(w->l, eff, &v2, &back) == SUP_OK);
        FUZZ_CHECK(v2 == version && sup_policy_equal(back, p));
        sup_policy_free(back);
    }
    sup_policy_free(p);
}

static void op_add_release(world *w)
{
    sup_id p = pick(w, w->s.products, w->s.nproducts);
    char version[SUP_LEDGER_NOTE_MAX + 8];
    const char *v = text_arg(w, "1.0.", 5, SUP_LEDGER_VERSION_MAX);
    snprintf(version, sizeof version, "%s", v ? v : "");
    const char *note = (fuzz_u8(w->r) & 1) ? NULL : text_arg(w, "Исправлено\nи улучшено ", 2, SUP_LEDGER_NOTE_MAX);
    sup_id rel = 0;
    int rc = sup_ledger_add_release(w->l, actors[1], p, v ? version : NULL, next_date(w), note, &rel);
    check_change(w, rc, true);
    if (rc == SUP_OK) {
        sup_cursor *c = NULL;
        FUZZ_CHECK(sup_ledger_list_notify(w->l, rel, &c) == SUP_OK);
        while ((rc = sup_cursor_next(c)) == 1)
            FUZZ_CHECK(sup_cursor_int64(c, SUP_NOTCOL_LICENSES) >= 1);
        FUZZ_CHECK(rc == 0);
        sup_cursor_free(c);
    }
}

static void op_check(world *w)
{
    sup_date d = next_date(w);
    if (w->s.nlicenses > 0)
        check_license(w, pick(w, w->s.licenses, w->s.nlicenses), d);
    check_lists(w, d);
}

static void op_batch(world *w)
{
    uint8_t how = fuzz_u8(w->r);
    int rc;
    if (!w->in_batch) {
        rc = sup_ledger_begin(w->l);
        FUZZ_CHECK(rc == SUP_OK);
        w->saved = w->s;
        w->in_batch = true;
        FUZZ_CHECK(sup_ledger_begin(w->l) == SUP_ESTATE);
        return;
    }
    if (how & 1) {
        FUZZ_CHECK(sup_ledger_commit(w->l) == SUP_OK);
    } else {
        FUZZ_CHECK(sup_ledger_rollback(w->l) == SUP_OK);
        w->s = w->saved;
        /* the rolled-back rows are gone */
        for (size_t i = 0; i < w->saved.nlicenses; i++) {
            sup_license *lic = NULL;
            FUZZ_CHECK(sup_ledger_get_license(w->l, w->saved.licenses[i], &lic) == SUP_OK);
            sup_license_free(lic);
        }
        /* the audit trail lost the batch's events too: find its new end */
        sup_cursor *c = NULL;
        FUZZ_CHECK(sup_ledger_list_audit(w->l, 0, &c) == SUP_OK);
        w->audit_seen = 0;
        while ((rc = sup_cursor_next(c)) == 1)
            w->audit_seen = sup_cursor_int64(c, SUP_AUDCOL_EVENT);
        FUZZ_CHECK(rc == 0);
        sup_cursor_free(c);
    }
    w->in_batch = false;
    FUZZ_CHECK(sup_ledger_commit(w->l) == SUP_ESTATE);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    fuzz_reader r = {data, size};
    world *w = calloc(1, sizeof *w);
    if (w == NULL)
        abort();
    w->r = &r;
    w->cursor = 20260115;
    FUZZ_CHECK(sup_ledger_open(":memory:", SUP_LEDGER_CREATE, &w->l) == SUP_OK);
    FUZZ_CHECK(sup_quote_new(&w->q) == SUP_OK && sup_quote_new(&w->q2) == SUP_OK);
    FUZZ_CHECK(sup_status_new(&w->st) == SUP_OK && sup_status_new(&w->st2) == SUP_OK);
    FUZZ_CHECK(sup_offer_new(&w->offer) == SUP_OK && sup_notice_new(&w->notice) == SUP_OK);
    (void)new_audit_events(w);

    static void (*const ops[])(world *) = {op_add_product, op_set_price,   op_add_customer, op_sell,
                                           op_renew,       op_subscription, op_record_period, op_add_policy,
                                           op_add_release, op_check,       op_batch,        op_sell,
                                           op_renew,       op_check};
    for (int i = 0; i < MAX_OPS && fuzz_more(&r); i++)
        ops[fuzz_u8(&r) % (sizeof ops / sizeof ops[0])](w);
    if (w->in_batch)
        FUZZ_CHECK(sup_ledger_commit(w->l) == SUP_OK);
    check_lists(w, w->cursor);
    FUZZ_CHECK(sup_ledger_check(w->l) == SUP_OK);

    sup_ledger_close(w->l);
    sup_quote_free(w->q);
    sup_quote_free(w->q2);
    sup_offer_free(w->offer);
    sup_notice_free(w->notice);
    sup_status_free(w->st);
    sup_status_free(w->st2);
    free(w);
    return 0;
}
