/*
 * supportctl — selling a license, renewal quotes and renewals (perpetual),
 * subscription payment quotes and payments. Prices, fees, kinds and dates all
 * come from the library; the payment id makes every payment idempotent.
 */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#define NOPTS(a) (sizeof(a) / sizeof((a)[0]))

static int prologue(const command *cmd, int argc, char **argv, opt *o, size_t n)
{
    bool help;
    if (!parse_options(cmd, argc, argv, o, n, NULL, 0, NULL, &help))
        return EXIT_BAD_INPUT;
    return help ? EXIT_OK : -1;
}

/* Which option a refusal of the ledger is about, for the one-line error. */
static const char *culprit(int rc, const char *command_name)
{
    switch (rc) {
    case SUP_EMISMATCH:
    case SUP_EMONEY: return "--paid";
    case SUP_ECONFLICT: return "--payment-id";
    case SUP_ESTATE: return "--on";
    default: return command_name;
    }
}

/* ---- sell ------------------------------------------------------------------------------------------ */

static int run_sell(int argc, char **argv)
{
    opt o[] = {LEDGER_OPTS,
               {"--customer", true, true, NULL},
               {"--product", true, true, NULL},
               {"--on", true, false, NULL},
               {"--paid", true, false, NULL},
               {"--payment-id", true, false, NULL},
               {"--external-id", true, false, NULL},
               {"--reason", true, false, NULL},
               {"--json", false, false, NULL}};
    int st = prologue(&cmd_sell, argc, argv, o, NOPTS(o));
    if (st >= 0)
        return st;
    sup_date on;
    bool today = false;
    sup_money paid = 0;
    const char *paid_text = opt_get(o, NOPTS(o), "--paid");
    if (!arg_on(o, NOPTS(o), &on, &today) ||
        (paid_text != NULL && !arg_money("--paid", paid_text, &paid)))
        return EXIT_BAD_INPUT;
    const char *ccode = opt_get(o, NOPTS(o), "--customer"), *pcode = opt_get(o, NOPTS(o), "--product");
    const char *payment_id = opt_get(o, NOPTS(o), "--payment-id");
    sup_ledger *l = NULL;
    st = ledger_open(ledger_path(o, NOPTS(o)), true, &l);
    if (st != EXIT_OK)
        return st;
    sup_id customer = 0, product = 0, license = 0;
    sup_product *prod = NULL;
    sup_license *lic = NULL;
    int rc = sup_ledger_find_customer(l, ccode, &customer);
    if (rc == SUP_ENOTFOUND) {
        st = fail_input("--customer: no customer with code \"%s\" (see supportctl customer-list)", ccode);
        goto done;
    }
    if (rc == SUP_OK)
        rc = sup_ledger_find_product(l, pcode, &product);
    if (rc == SUP_ENOTFOUND) {
        st = fail_input("--product: no product with code \"%s\" (see supportctl product-list)", pcode);
        goto done;
    }
    if (rc == SUP_OK)
        rc = sup_ledger_get_product(l, product, &prod);
    if (rc != SUP_OK) {
        st = fail_lib(rc, "sell");
        goto done;
    }
    if (paid_text == NULL) { /* the list price in force on the day, as the library knows it */
        rc = sup_product_price_on(prod, on, &paid);
        if (rc != SUP_OK) {
            char d[SUP_DATE_BUFSIZE];
            st = fail_input("--on: product \"%s\" has no list price in force on %s (see supportctl product-price)",
                            pcode, iso(on, d));
            goto done;
        }
    }
    sup_payment_outcome done;
    sup_payment_options po;
    rc = sup_payment_outcome_init(&done, SUP_PAYMENT_OUTCOME_VERSION);
    if (rc == SUP_OK)
        rc = sup_payment_options_init(&po, SUP_PAYMENT_OPTIONS_VERSION);
    po.external_id = opt_get(o, NOPTS(o), "--external-id");
    po.reason = opt_get(o, NOPTS(o), "--reason"); /* an agreed price (a discount, or any manual price) */
    if (rc == SUP_OK)
        rc = sup_ledger_sell_ext(l, ledger_actor(o, NOPTS(o)), payment_id, customer, product, on, paid, &po, &license,
                                 &done);
    if (rc == SUP_OK)
        rc = sup_ledger_get_license(l, license, &lic);
    if (rc != SUP_OK) {
        st = fail_lib(rc, culprit(rc, "sell"));
        goto done;
    }
    /* The purchase as recorded (on a replay: the first sale's facts). */
    sup_event_kind kind;
    sup_date bought, until;
    sup_money amount;
    rc = sup_license_event(lic, 0, &kind, &bought, &until, &amount);
    if (rc != SUP_OK) {
        st = fail_lib(rc, "sell");
        goto done;
    }
    if (opt_flag(o, NOPTS(o), "--json")) {
        json j = {0};
        json_begin_object(&j, NULL);
        json_int(&j, "license_id", license);
        json_int(&j, "customer_id", customer);
        json_str(&j, "customer_code", ccode);
        json_int(&j, "product_id", product);
        json_str(&j, "product_code", pcode);
        json_str(&j, "kind", sup_license_kind_name(sup_license_kind_of(lic)));
        json_date(&j, "purchased", bought);
        json_money(&j, "paid_kopecks", "paid", amount);
        json_date(&j, "support_until", until);
        json_str(&j, "payment_id", payment_id);
        json_str(&j, "external_id", po.external_id);
        json_bool(&j, "replayed", done.replayed != 0);
        json_int(&j, "event_id", done.event);
        json_date(&j, "recorded_on", done.recorded_on);
        json_end_object(&j);
        json_done(&j);
    } else {
        char a[SUP_DATE_BUFSIZE], b[SUP_DATE_BUFSIZE], m[SUP_MONEY_BUFSIZE];
        if (done.replayed)
            print_replayed(&done);
        printf("license %lld: %s sold to %s on %s for %s rub. %s %s\n", (long long)license, pcode, ccode,
               iso(bought, a), money_plain(amount, m),
               sup_label(SUP_LABEL_SUPPORT_END, (int)sup_license_kind_of(lic), SUP_LANG_EN), iso(until, b));
    }
done:
    sup_license_free(lic);
    sup_product_free(prod);
    sup_ledger_close(l);
    return st;
}

const command cmd_sell = {
    "sell",
    "--customer CODE --product CODE [--on DATE] [--paid RUBLES] [--reason TEXT] [--payment-id ID] [--external-id ID]"
    " [--json]",
    "Sell a product to a customer on --on (default: today). --paid defaults to the list price\n"
    "in force that day; any other amount is refused, unless --reason says why the price was\n"
    "agreed (a discount or a manual price: recorded beside the sale with the list price and\n"
    "shown by `payments`). With --payment-id the sale is idempotent: repeating it prints\n"
    "\"already recorded on DATE (event N); nothing changed\" and the same license; the same id\n"
    "with another sale is refused. --external-id gives the license the vendor's id\n"
    "(import/export match licenses by it; docs/import.md).\n"
    "A perpetual license brings the product's support term; a subscription its first period.\n"
    "\n"
    "JSON keys: license_id, customer_id, customer_code, product_id, product_code, kind,\n"
    "purchased, paid_kopecks, paid, support_until (support end, or a subscription's paid\n"
    "through date), payment_id (or null), external_id (or null), replayed (true: recorded\n"
    "before, nothing changed), event_id, recorded_on.\n",
    run_sell, CMD_LEDGER | CMD_CHANGES};

/* ---- quotes ------------------------------------------------------------------------------------------ */

static void print_quote(const sup_quote *q)
{
    char f[SUP_MONEY_BUFSIZE], l[SUP_MONEY_BUFSIZE], r[16], a[SUP_DATE_BUFSIZE], b[SUP_DATE_BUFSIZE],
        c[SUP_DATE_BUFSIZE], d[SUP_DATE_BUFSIZE];
    bool sub = sup_quote_kind_of(q) == SUP_QUOTE_SUBSCRIPTION;
    printf("  %-21s%s\n", "on", iso(sup_quote_on(q), d));
    printf("  %-21s%s\n", "kind", sup_quote_kind_name(sup_quote_kind_of(q)));
    printf("  %-21s%s rub\n", "fee", money_plain(sup_quote_fee(q), f));
    if (!sub)
        printf("  %-21s%s of the list price %s rub\n", "rate", rate_text(sup_quote_rate(q), r, sizeof r),
               money_plain(sup_quote_list_price(q), l));
    printf("  %-21s%s\n", sub ? "paid through now" : "support until now", iso(sup_quote_support_until(q), a));
    printf("  %-21s%s\n", sub ? "paid through after" : "support until after", iso(sup_quote_new_support_until(q), b));
    printf("  %-21s%s\n", "valid through", date_or_open(sup_quote_valid_through(q), c));
}

static int run_quote_common(const command *cmd, bool renewal, int argc, char **argv)
{
    opt o[] = {LEDGER_OPTS, {"--license", true, true, NULL}, {"--on", true, false, NULL},
               {"--json", false, false, NULL}};
    int st = prologue(cmd, argc, argv, o, NOPTS(o));
    if (st >= 0)
        return st;
    sup_id license;
    sup_date on;
    bool today = false;
    if (!arg_id("--license", opt_get(o, NOPTS(o), "--license"), &license) || !arg_on(o, NOPTS(o), &on, &today))
        return EXIT_BAD_INPUT;
    sup_ledger *l = NULL;
    st = ledger_open(ledger_path(o, NOPTS(o)), false, &l);
    if (st != EXIT_OK)
        return st;
    sup_quote *q = NULL;
    int rc = sup_quote_new(&q);
    if (rc == SUP_OK)
        rc = renewal ? sup_ledger_quote_renewal(l, license, on, q) : sup_ledger_quote_payment(l, license, on, q);
    if (rc != SUP_OK) {
        st = fail_lib(rc, rc == SUP_ENOTFOUND || rc == SUP_ENOTAPPLICABLE ? "--license" : cmd->name);
    } else if (opt_flag(o, NOPTS(o), "--json")) {
        json j = {0};
        json_begin_object(&j, NULL);
        json_int(&j, "license_id", license);
        json_date(&j, "on", on);
        json_quote_fields(&j, q);
        json_end_object(&j);
        json_done(&j);
    } else {
        printf("%s quote for license %lld:\n", renewal ? "renewal" : "subscription payment", (long long)license);
        print_quote(q);
    }
    sup_quote_free(q);
    sup_ledger_close(l);
    return st;
}

#define QUOTE_JSON                                                                                              \
    "JSON keys: license_id, on, kind (preferential|standard|subscription), rate_bp,\n"                        \
    "fee_kopecks, fee, list_price_kopecks, list_price, support_until (before), new_support_until\n"           \
    "(after), valid_through (the last day the same kind and fee hold; 9999-12-31 if nothing\n"                \
    "known ends it).\n"

static int run_renewal_quote(int argc, char **argv) { return run_quote_common(&cmd_renewal_quote, true, argc, argv); }

const command cmd_renewal_quote = {
    "renewal-quote", "--license ID [--on DATE] [--json]",
    "The renewal quote of a perpetual license on --on, priced by the list price and the\n"
    "policy version in force that day: preferential (25%) up to one month after support\n"
    "ends (early renewals included, from the old end), standard (45%) later (from --on).\n"
    "A subscription has no renewal: use payment-quote.\n"
    "\n" QUOTE_JSON,
    run_renewal_quote, CMD_LEDGER};

static int run_payment_quote(int argc, char **argv) { return run_quote_common(&cmd_payment_quote, false, argc, argv); }

const command cmd_payment_quote = {
    "payment-quote", "--license ID [--on DATE] [--json]",
    "The quote of a subscription payment on --on: the list price for one period, extending\n"
    "the paid term from its end if still paid, else from --on.\n"
    "\n" QUOTE_JSON,
    run_payment_quote, CMD_LEDGER};

/* ---- offer: either kind of license ------------------------------------------------------------------------- */

static int run_offer(int argc, char **argv)
{
    opt o[] = {LEDGER_OPTS, {"--license", true, true, NULL}, {"--on", true, true, NULL},
               {"--json", false, false, NULL}};
    int st = prologue(&cmd_offer, argc, argv, o, NOPTS(o));
    if (st >= 0)
        return st;
    sup_id license;
    sup_date on;
    if (!arg_id("--license", opt_get(o, NOPTS(o), "--license"), &license) ||
        !arg_date("--on", opt_get(o, NOPTS(o), "--on"), &on))
        return EXIT_BAD_INPUT;
    sup_ledger *l = NULL;
    st = ledger_open(ledger_path(o, NOPTS(o)), false, &l);
    if (st != EXIT_OK)
        return st;
    sup_offer *offer = NULL;
    int rc = sup_offer_new(&offer);
    if (rc == SUP_OK)
        rc = sup_ledger_offer(l, license, on, offer);
    const sup_quote *q = sup_offer_quote(offer);
    if (rc != SUP_OK) {
        st = fail_lib(rc, rc == SUP_ENOTFOUND ? "--license" : cmd_offer.name);
    } else if (opt_flag(o, NOPTS(o), "--json")) {
        json j = {0};
        json_begin_object(&j, NULL);
        json_int(&j, "license_id", license);
        json_date(&j, "on", on);
        json_offer_fields(&j, offer);
        json_end_object(&j);
        json_done(&j);
    } else if (q == NULL) {
        char d[SUP_DATE_BUFSIZE];
        printf("no offer for license %lld on %s: %s\n", (long long)license, iso(on, d),
               sup_label(SUP_LABEL_OFFER_REASON, (int)sup_offer_reason_of(offer), SUP_LANG_EN));
    } else {
        printf("%s offer for license %lld:\n", sup_offer_kind_name(sup_offer_kind_of(offer)), (long long)license);
        print_quote(q);
    }
    sup_offer_free(offer);
    sup_ledger_close(l);
    return st;
}

const command cmd_offer = {
    "offer", "--license ID --on DATE [--json]",
    "What the customer can pay for on --on, for either kind of license: the renewal quote of\n"
    "a perpetual license (as renewal-quote), the next payment of a subscription (as\n"
    "payment-quote), or no offer and the library's reason (not_owned, no_price, no_policy,\n"
    "out_of_calendar, fee_overflow). No offer is an answer: exit status 0.\n"
    "\n"
    "JSON keys: license_id, on, offer (the quote's keys as in renewal-quote, or null),\n"
    "offer_kind (renewal|payment|none), offer_reason (null when there is an offer),\n"
    "offer_unavailable (why there is none, or null).\n",
    run_offer, CMD_LEDGER};

/* ---- renew / pay ------------------------------------------------------------------------------------------ */

static int run_apply_common(const command *cmd, bool renewal, int argc, char **argv)
{
    opt o[] = {LEDGER_OPTS,
               {"--license", true, true, NULL},
               {"--on", true, false, NULL},
               {"--paid", true, true, NULL},
               {"--payment-id", true, true, NULL},
               {"--json", false, false, NULL}};
    int st = prologue(cmd, argc, argv, o, NOPTS(o));
    if (st >= 0)
        return st;
    sup_id license;
    sup_date on;
    bool today = false;
    sup_money paid;
    if (!arg_id("--license", opt_get(o, NOPTS(o), "--license"), &license) || !arg_on(o, NOPTS(o), &on, &today) ||
        !arg_money("--paid", opt_get(o, NOPTS(o), "--paid"), &paid))
        return EXIT_BAD_INPUT;
    const char *payment_id = opt_get(o, NOPTS(o), "--payment-id");
    sup_ledger *l = NULL;
    st = ledger_open(ledger_path(o, NOPTS(o)), true, &l);
    if (st != EXIT_OK)
        return st;
    sup_quote *q = NULL;
    sup_payment_outcome done;
    int rc = sup_payment_outcome_init(&done, SUP_PAYMENT_OUTCOME_VERSION);
    if (rc == SUP_OK)
        rc = sup_quote_new(&q);
    if (rc == SUP_OK)
        rc = renewal ? sup_ledger_renew_ext(l, ledger_actor(o, NOPTS(o)), payment_id, license, on, paid, NULL, q, &done)
                     : sup_ledger_pay_ext(l, ledger_actor(o, NOPTS(o)), payment_id, license, on, paid, NULL, q, &done);
    if (rc != SUP_OK) {
        st = fail_lib(rc, rc == SUP_ENOTFOUND || rc == SUP_ENOTAPPLICABLE ? "--license" : culprit(rc, cmd->name));
    } else if (opt_flag(o, NOPTS(o), "--json")) {
        json j = {0};
        json_begin_object(&j, NULL);
        json_int(&j, "license_id", license);
        json_str(&j, "payment_id", payment_id);
        json_date(&j, "on", sup_quote_on(q));
        json_money(&j, "paid_kopecks", "paid", sup_quote_fee(q));
        json_quote_fields(&j, q);
        json_bool(&j, "replayed", done.replayed != 0);
        json_int(&j, "event_id", done.event);
        json_date(&j, "recorded_on", done.recorded_on);
        json_end_object(&j);
        json_done(&j);
    } else if (done.replayed) {
        print_replayed(&done);
        printf("%s of license %lld (payment %s), as recorded then:\n", renewal ? "renewal" : "subscription payment",
               (long long)license, payment_id);
        print_quote(q);
    } else {
        printf("%s of license %lld recorded (payment %s):\n", renewal ? "renewal" : "subscription payment",
               (long long)license, payment_id);
        print_quote(q);
    }
    sup_quote_free(q);
    sup_ledger_close(l);
    return st;
}

#define APPLY_JSON                                                                                              \
    "JSON keys: license_id, payment_id, on, paid_kopecks, paid, and the quote that was applied:\n"            \
    "kind, rate_bp, fee_kopecks, fee, list_price_kopecks, list_price, support_until (before),\n"              \
    "new_support_until (after), valid_through; replayed (true: the payment id was recorded\n"                \
    "before and nothing changed), event_id, recorded_on (the date it was recorded for).\n"

static int run_renew(int argc, char **argv) { return run_apply_common(&cmd_renew, true, argc, argv); }

const command cmd_renew = {
    "renew", "--license ID [--on DATE] --paid RUBLES --payment-id ID [--json]",
    "Renew a perpetual license on --on (default: today) for the amount received. --paid must equal the fee\n"
    "of the renewal quote for --on (see renewal-quote), else nothing changes and the error\n"
    "names both amounts. --payment-id is your unique id of the payment: running the same\n"
    "renewal again prints \"already recorded on DATE (event N); nothing changed\" and the\n"
    "first result (exit 0); the same id with\n"
    "another license or amount is refused (exit 2).\n"
    "\n" APPLY_JSON,
    run_renew, CMD_LEDGER | CMD_CHANGES};

static int run_pay(int argc, char **argv) { return run_apply_common(&cmd_pay, false, argc, argv); }

const command cmd_pay = {
    "pay", "--license ID [--on DATE] --paid RUBLES --payment-id ID [--json]",
    "Record a subscription payment on --on: --paid must be the payment quote's fee (the\n"
    "list price for one period); the same idempotence by --payment-id as renew.\n"
    "\n" APPLY_JSON,
    run_pay, CMD_LEDGER | CMD_CHANGES};
