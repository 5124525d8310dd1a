#define _POSIX_C_SOURCE 200809L
/*
 * supportctl — money traced from invoice to bank statement (issue 14): the
 * vendor's requisites, invoices (HTML from the library, PDF through
 * Chromium's headless print), paying invoices, bank statement imports, the
 * review list, and corrections (voids, refunds). Every rule, state, amount and
 * word of an invoice comes from the library; this file only asks and shows.
 */
#include "cli.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#define NOPTS(a) (sizeof(a) / sizeof((a)[0]))

static int prologue(const command *cmd, int argc, char **argv, opt *o, size_t n, const char **pos, size_t npos_max,
                    size_t *npos)
{
    bool help;
    if (!parse_options(cmd, argc, argv, o, n, pos, npos_max, npos, &help))
        return EXIT_BAD_INPUT;
    return help ? EXIT_OK : -1;
}

/* ---- files ------------------------------------------------------------------------------------------------ */

static bool write_text(const char *option, const char *path, const char *text)
{
    FILE *f = fopen(path, "wb");
    if (f == NULL) {
        fail_input("%s: cannot write \"%s\": %s", option, path, strerror(errno));
        return false;
    }
    size_t n = strlen(text);
    bool ok = fwrite(text, 1, n, f) == n;
    ok = fclose(f) == 0 && ok;
    if (!ok)
        fail_input("%s: cannot write \"%s\": %s", option, path, strerror(errno));
    return ok;
}

/* The whole of a file (a statement: at most the parser's limit), or NULL after an error line. */
static char *read_file(const char *what, const char *path, size_t max, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (f == NULL) {
        fail_input("%s: cannot read \"%s\": %s", what, path, strerror(errno));
        return NULL;
    }
    size_t cap = 1 << 16, n = 0;
    char *buf = xmalloc(cap);
    size_t r;
    while ((r = fread(buf + n, 1, cap - n, f)) > 0) {
        n += r;
        if (n > max) {
            free(buf);
            fclose(f);
            fail_input("%s: \"%s\" is larger than %zu bytes", what, path, max);
            return NULL;
        }
        if (n == cap) {
            cap *= 2;
            buf = xrealloc(buf, cap);
        }
    }
    bool bad = ferror(f) != 0;
    fclose(f);
    if (bad) {
        free(buf);
        fail_input("%s: cannot read \"%s\"", what, path);
        return NULL;
    }
    *len = n;
    return buf;
}

/*
 * HTML to PDF with Chromium's headless print (Debian's chromium): the browser
 * lays out the library's one HTML invoice (CSS @page A4, the system's fonts
 * with Cyrillic), so the PDF and the page a customer opens are the same
 * document. A PDF library (libharu, cairo) would need a second layout written
 * in C, with fonts and line breaking by hand. The browser is found as
 * $SUPPORTCTL_CHROMIUM, else chromium on the PATH; it runs with a throwaway
 * profile, without a shell, its chatter discarded.
 */
static int html_to_pdf(const char *html, const char *pdf_path)
{
    const char *tmp = getenv("TMPDIR");
    char dir[512], html_path[600], profile[600], out_arg[1200], url[700];
    snprintf(dir, sizeof dir, "%s/supportctl-pdf-XXXXXX", tmp != NULL && tmp[0] != '\0' ? tmp : "/tmp");
    if (mkdtemp(dir) == NULL)
        return fail_input("--pdf: cannot make a temporary directory: %s", strerror(errno));
    snprintf(html_path, sizeof html_path, "%s/invoice.html", dir);
    snprintf(profile, sizeof profile, "--user-data-dir=%s/profile", dir);
    snprintf(url, sizeof url, "file://%s", html_path);
    snprintf(out_arg, sizeof out_arg, "--print-to-pdf=%s", pdf_path);
    int st = EXIT_OK;
    if (!write_text("--pdf", html_path, html)) {
        st = EXIT_FAILURE_ENV;
    } else {
        const char *browser = getenv("SUPPORTCTL_CHROMIUM");
        if (browser == NULL || browser[0] == '\0')
            browser = "chromium";
        (void)unlink(pdf_path);
        pid_t pid = fork();
        if (pid == 0) {
            int null = open("/dev/null", O_RDWR);
            if (null >= 0) {
                dup2(null, STDIN_FILENO);
                dup2(null, STDOUT_FILENO);
                dup2(null, STDERR_FILENO);
            }
            char b0[256], f1[] = "--headless", f2[] = "--no-sandbox", f3[] = "--disable-gpu",
                          f4[] = "--no-pdf-header-footer", f5[] = "--no-first-run";
            snprintf(b0, sizeof b0, "%s", browser);
            char *args[] = {b0, f1, f2, f3, f4, f5, profile, out_arg, url, NULL};
            execvp(browser, args);
            _exit(127);
        }
        int ws = 0;
        struct stat sb;
        if (pid < 0 || waitpid(pid, &ws, 0) != pid) {
            st = fail_input("--pdf: cannot run %s: %s", browser, strerror(errno));
        } else if (!WIFEXITED(ws) || WEXITSTATUS(ws) == 127) {
            st = fail_input("--pdf: cannot run \"%s\" (install Debian's chromium, or set SUPPORTCTL_CHROMIUM)",
                            browser);
        } else if (WEXITSTATUS(ws) != 0 || stat(pdf_path, &sb) != 0 || sb.st_size == 0) {
            st = fail_input("--pdf: %s did not print \"%s\" (exit status %d)", browser, pdf_path, WEXITSTATUS(ws));
        }
        if (st != EXIT_OK)
            st = EXIT_FAILURE_ENV;
    }
    /* the throwaway files: the page and the browser's profile */
    (void)unlink(html_path);
    char cmd_dir[600];
    snprintf(cmd_dir, sizeof cmd_dir, "%s/profile", dir);
    pid_t rm = fork();
    if (rm == 0) {
        char r0[] = "rm", r1[] = "-rf", r2[] = "--";
        char *args[] = {r0, r1, r2, cmd_dir, NULL};
        execvp("rm", args);
        _exit(127);
    }
    if (rm > 0)
        (void)waitpid(rm, NULL, 0);
    (void)rmdir(dir);
    return st;
}

/* ---- the vendor's requisites -------------------------------------------------------------------------------- */

static void json_vendor(json *j, const char *key, const sup_vendor *v)
{
    json_begin_object(j, key);
    for (int f = 0; f < SUP_VENDOR_FIELD_COUNT; f++)
        json_str(j, sup_vendor_field_name((sup_vendor_field)f), sup_vendor_get(v, (sup_vendor_field)f));
    json_end_object(j);
}

static void print_vendor(const sup_vendor *v)
{
    for (int f = 0; f < SUP_VENDOR_FIELD_COUNT; f++) {
        const char *value = sup_vendor_get(v, (sup_vendor_field)f);
        printf("  %-22s%s\n", sup_vendor_field_name((sup_vendor_field)f), value != NULL ? value : "-");
    }
}

static int run_vendor_set(int argc, char **argv)
{
    opt o[] = {LEDGER_OPTS, {"--from", true, true, NULL}, {"--effective", true, true, NULL},
               {"--json", false, false, NULL}};
    int st = prologue(&cmd_vendor_set, argc, argv, o, NOPTS(o), NULL, 0, NULL);
    if (st >= 0)
        return st;
    sup_date effective;
    if (!arg_date("--effective", opt_get(o, NOPTS(o), "--effective"), &effective))
        return EXIT_BAD_INPUT;
    sup_settings *s = NULL;
    sup_vendor *v = NULL;
    int rc = sup_settings_load(opt_get(o, NOPTS(o), "--from"), &s);
    if (rc == SUP_OK)
        rc = sup_vendor_from_settings(s, &v);
    sup_settings_free(s);
    if (rc != SUP_OK)
        return fail_lib(rc, "--from");
    sup_ledger *l = NULL;
    st = ledger_open(ledger_path(o, NOPTS(o)), true, &l);
    sup_id version = 0;
    if (st == EXIT_OK) {
        rc = sup_ledger_set_vendor(l, ledger_actor(o, NOPTS(o)), effective, v, &version);
        if (rc != SUP_OK) {
            st = fail_lib(rc, "vendor-set");
        } else if (opt_flag(o, NOPTS(o), "--json")) {
            json j = {0};
            json_begin_object(&j, NULL);
            json_int(&j, "version", version);
            json_date(&j, "effective", effective);
            json_vendor(&j, "vendor", v);
            json_end_object(&j);
            json_done(&j);
        } else {
            char d[SUP_DATE_BUFSIZE];
            printf("vendor requisites version %lld in force from %s:\n", (long long)version, iso(effective, d));
            print_vendor(v);
        }
    }
    sup_vendor_free(v);
    sup_ledger_close(l);
    return st;
}

const command cmd_vendor_set = {
    "vendor-set", "--from FILE --effective DATE [--json]",
    "Store the vendor's requisites printed on invoices (a settings file, e.g.\n"
    "examples/settings/vendor.ini: [vendor] name, inn, kpp, address, director, accountant;\n"
    "[bank] name, bik, correspondent_account, settlement_account), in force from --effective.\n"
    "The INN, KPP, BIK and both accounts are checked (the accounts' control keys against the\n"
    "BIK); a bad value is refused naming its line. Every invoice keeps the requisites it was\n"
    "issued with.\n"
    "\n"
    "JSON keys: version, effective, vendor {name, inn, kpp, address, bank_name, bik,\n"
    "correspondent_account, settlement_account, director, accountant}.\n",
    run_vendor_set, CMD_LEDGER | CMD_CHANGES};

static int run_vendor_show(int argc, char **argv)
{
    opt o[] = {LEDGER_OPTS, {"--on", true, true, NULL}, {"--json", false, false, NULL}};
    int st = prologue(&cmd_vendor_show, argc, argv, o, NOPTS(o), NULL, 0, NULL);
    if (st >= 0)
        return st;
    sup_date on;
    if (!arg_date("--on", opt_get(o, NOPTS(o), "--on"), &on))
        return EXIT_BAD_INPUT;
    sup_ledger *l = NULL;
    st = ledger_open(ledger_path(o, NOPTS(o)), false, &l);
    if (st != EXIT_OK)
        return st;
    sup_vendor *v = NULL;
    sup_id version = 0;
    int rc = sup_ledger_get_vendor(l, on, &version, &v);
    if (rc != SUP_OK) {
        st = fail_lib(rc, "vendor-show");
    } else if (opt_flag(o, NOPTS(o), "--json")) {
        json j = {0};
        json_begin_object(&j, NULL);
        json_int(&j, "version", version);
        json_vendor(&j, "vendor", v);
        json_end_object(&j);
        json_done(&j);
    } else {
        printf("vendor requisites version %lld:\n", (long long)version);
        print_vendor(v);
    }
    sup_vendor_free(v);
    sup_ledger_close(l);
    return st;
}

const command cmd_vendor_show = {"vendor-show", "--on DATE [--json]",
                                 "The vendor's requisites in force on --on.\n\nJSON keys: version, vendor {…}.\n",
                                 run_vendor_show, CMD_LEDGER};

/* ---- invoices ----------------------------------------------------------------------------------------------- */

static void json_invoice(json *j, const sup_invoice *inv, sup_date on)
{
    const sup_quote *q = sup_invoice_quote(inv);
    json_begin_object(j, NULL);
    json_int(j, "invoice_id", sup_invoice_id(inv));
    json_str(j, "number", sup_invoice_number(inv));
    json_bool(j, "new", sup_invoice_is_new(inv) != 0);
    json_date(j, "issued_on", sup_invoice_issued_on(inv));
    json_int(j, "license_id", sup_invoice_license(inv));
    json_int(j, "customer_id", sup_invoice_customer(inv));
    json_int(j, "product_id", sup_invoice_product(inv));
    json_str(j, "product_name", sup_invoice_product_name(inv));
    json_quote_fields(j, q);
    json_money(j, "amount_kopecks", "amount", sup_invoice_amount(inv));
    if (sup_invoice_vat_rate(inv) == SUP_VAT_NONE)
        json_str(j, "vat_rate_bp", NULL);
    else
        json_int(j, "vat_rate_bp", sup_invoice_vat_rate(inv));
    json_money(j, "vat_kopecks", "vat", sup_invoice_vat_amount(inv));
    json_str(j, "payer_name", sup_invoice_payer_name(inv));
    json_str(j, "payer_inn", sup_invoice_payer_inn(inv));
    json_str(j, "payer_kpp", sup_invoice_payer_kpp(inv));
    json_vendor(j, "vendor", sup_invoice_vendor(inv));
    json_str(j, "purpose", sup_invoice_purpose_text(inv));
    json_date(j, "paid_on", sup_invoice_paid_on(inv));
    json_str(j, "payment_id", sup_invoice_payment_id(inv));
    if (on != SUP_DATE_NONE) {
        json_date(j, "state_on", on);
        json_str(j, "state", sup_invoice_state_name(sup_invoice_state_on(inv, on)));
    }
    json_end_object(j);
}

static void print_invoice(const sup_invoice *inv, sup_date on)
{
    const sup_quote *q = sup_invoice_quote(inv);
    char a[SUP_DATE_BUFSIZE], b[SUP_DATE_BUFSIZE], c[SUP_DATE_BUFSIZE], m[SUP_MONEY_BUFSIZE], v[SUP_MONEY_BUFSIZE];
    printf("invoice %s of %s%s\n", sup_invoice_number(inv), iso(sup_invoice_issued_on(inv), a),
           sup_invoice_is_new(inv) ? "" : " (issued before: the same offer)");
    printf("  %-18s%lld (%s)\n", "license", (long long)sup_invoice_license(inv), sup_invoice_product_name(inv));
    printf("  %-18s%s\n", "kind", sup_quote_kind_name(sup_quote_kind_of(q)));
    printf("  %-18s%s rub", "amount", money_plain(sup_invoice_amount(inv), m));
    if (sup_invoice_vat_rate(inv) == SUP_VAT_NONE)
        printf(", no VAT\n");
    else
        printf(", VAT %s rub included\n", money_plain(sup_invoice_vat_amount(inv), v));
    printf("  %-18s%s -> %s\n", "support until", iso(sup_quote_support_until(q), a),
           iso(sup_quote_new_support_until(q), b));
    printf("  %-18s%s\n", "valid through", date_or_open(sup_quote_valid_through(q), c));
    const char *inn = sup_invoice_payer_inn(inv);
    printf("  %-18s%s%s%s\n", "payer", sup_invoice_payer_name(inv), inn ? ", INN " : "", inn ? inn : "");
    printf("  %-18s%s\n", "purpose", sup_invoice_purpose_text(inv));
    if (sup_invoice_paid_on(inv) != SUP_DATE_NONE)
        printf("  %-18s%s (payment %s)\n", "paid on", iso(sup_invoice_paid_on(inv), a), sup_invoice_payment_id(inv));
    if (on != SUP_DATE_NONE)
        printf("  %-18s%s on %s\n", "state", sup_invoice_state_name(sup_invoice_state_on(inv, on)), iso(on, a));
}

/* --html / --pdf of an invoice, then its text or JSON. */
static int show_invoice(const opt *o, size_t n, const sup_invoice *inv, sup_date on)
{
    const char *html_path = opt_get(o, n, "--html"), *pdf_path = opt_get(o, n, "--pdf");
    if (html_path != NULL || pdf_path != NULL) {
        char *html = NULL;
        int rc = sup_invoice_render_html(inv, &html);
        if (rc != SUP_OK)
            return fail_lib(rc, "invoice");
        int st = EXIT_OK;
        if (html_path != NULL && !write_text("--html", html_path, html))
            st = EXIT_FAILURE_ENV;
        if (st == EXIT_OK && pdf_path != NULL)
            st = html_to_pdf(html, pdf_path);
        sup_free(html);
        if (st != EXIT_OK)
            return st;
    }
    if (opt_flag(o, n, "--json")) {
        json j = {0};
        json_invoice(&j, inv, on);
        json_done(&j);
    } else {
        print_invoice(inv, on);
    }
    return EXIT_OK;
}

static int run_invoice(int argc, char **argv)
{
    opt o[] = {LEDGER_OPTS,
               {"--license", true, true, NULL},
               {"--on", true, true, NULL},
               {"--payer-name", true, false, NULL},
               {"--payer-inn", true, false, NULL},
               {"--payer-kpp", true, false, NULL},
               {"--html", true, false, NULL},
               {"--pdf", true, false, NULL},
               {"--json", false, false, NULL}};
    int st = prologue(&cmd_invoice, argc, argv, o, NOPTS(o), NULL, 0, NULL);
    if (st >= 0)
        return st;
    sup_id license;
    sup_date on;
    if (!arg_id("--license", opt_get(o, NOPTS(o), "--license"), &license) ||
        !arg_date("--on", opt_get(o, NOPTS(o), "--on"), &on))
        return EXIT_BAD_INPUT;
    sup_invoice_options io;
    if (sup_invoice_options_init(&io, SUP_INVOICE_OPTIONS_VERSION) != SUP_OK)
        return fail_lib(sup_error_code(), "invoice");
    io.payer_name = opt_get(o, NOPTS(o), "--payer-name");
    io.payer_inn = opt_get(o, NOPTS(o), "--payer-inn");
    io.payer_kpp = opt_get(o, NOPTS(o), "--payer-kpp");
    sup_ledger *l = NULL;
    st = ledger_open(ledger_path(o, NOPTS(o)), true, &l);
    if (st != EXIT_OK)
        return st;
    sup_invoice *inv = NULL;
    int rc = sup_ledger_issue_invoice(l, ledger_actor(o, NOPTS(o)), license, on, &io, &inv);
    if (rc != SUP_OK)
        st = fail_lib(rc, rc == SUP_ENOTFOUND && strstr(sup_error_message(), "license") != NULL ? "--license"
                                                                                                : "invoice");
    else
        st = show_invoice(o, NOPTS(o), inv, on);
    sup_invoice_free(inv);
    sup_ledger_close(l);
    return st;
}

const command cmd_invoice = {
    "invoice",
    "--license ID --on DATE [--payer-name NAME] [--payer-inn INN] [--payer-kpp KPP] [--html FILE] [--pdf FILE] "
    "[--json]",
    "Issue an invoice (счёт на оплату) for the license's offer on --on: the renewal of a\n"
    "perpetual license, the next payment of a subscription. It fixes the kind, the fee and the\n"
    "new support end, valid through the offer's last day; the payer (the customer's name, INN\n"
    "and KPP, or the --payer-* given), the vendor's requisites in force (vendor-set), the VAT\n"
    "of the policy (vat_rate_bp; default none) and the payment purpose. Its number\n"
    "YYYY-NNNNNN has no gaps within the year. Asked again while it is open for the same offer,\n"
    "the same invoice is printed and nothing is issued. --html writes the printable Russian\n"
    "invoice (A4), --pdf prints it to PDF with Chromium (--headless --print-to-pdf; the browser\n"
    "is $SUPPORTCTL_CHROMIUM or chromium).\n"
    "\n"
    "JSON keys: invoice_id, number, new, issued_on, license_id, customer_id, product_id,\n"
    "product_name, the quote's keys (kind, rate_bp, fee_kopecks, fee, list_price_kopecks,\n"
    "list_price, support_until, new_support_until, valid_through), amount_kopecks, amount,\n"
    "vat_rate_bp (null: no VAT), vat_kopecks, vat, payer_name, payer_inn, payer_kpp, vendor {…},\n"
    "purpose, paid_on, payment_id, state_on, state (open|paid|expired).\n",
    run_invoice, CMD_LEDGER | CMD_CHANGES};

static int run_invoice_show(int argc, char **argv)
{
    opt o[] = {LEDGER_OPTS, {"--on", true, false, NULL}, {"--html", true, false, NULL}, {"--pdf", true, false, NULL},
               {"--json", false, false, NULL}};
    const char *pos[1];
    size_t npos = 0;
    int st = prologue(&cmd_invoice_show, argc, argv, o, NOPTS(o), pos, 1, &npos);
    if (st >= 0)
        return st;
    if (npos != 1)
        return fail_input("invoice-show: give the invoice's number (see supportctl invoice-show --help)");
    sup_date on = SUP_DATE_NONE;
    const char *on_text = opt_get(o, NOPTS(o), "--on");
    if (on_text != NULL && !arg_date("--on", on_text, &on))
        return EXIT_BAD_INPUT;
    sup_ledger *l = NULL;
    st = ledger_open(ledger_path(o, NOPTS(o)), false, &l);
    if (st != EXIT_OK)
        return st;
    sup_invoice *inv = NULL;
    int rc = sup_ledger_get_invoice(l, pos[0], &inv);
    st = rc != SUP_OK ? fail_lib(rc, "invoice-show") : show_invoice(o, NOPTS(o), inv, on);
    sup_invoice_free(inv);
    sup_ledger_close(l);
    return st;
}

const command cmd_invoice_show = {
    "invoice-show", "NUMBER [--on DATE] [--html FILE] [--pdf FILE] [--json]",
    "An invoice as issued, with its payment; with --on its state that day (open, paid,\n"
    "expired). --html and --pdf as for `invoice`.\n"
    "\n"
    "JSON keys: those of `invoice`.\n",
    run_invoice_show, CMD_LEDGER};

static bool arg_state(const char *text, sup_invoice_state *out)
{
    static const sup_invoice_state states[] = {SUP_INVOICE_OPEN, SUP_INVOICE_PAID, SUP_INVOICE_EXPIRED};
    for (size_t i = 0; i < sizeof states / sizeof states[0]; i++)
        if (strcmp(text, sup_invoice_state_name(states[i])) == 0) {
            *out = states[i];
            return true;
        }
    fail_input("--state: \"%s\" is not a state: open, paid or expired", text);
    return false;
}

static int run_invoice_list(int argc, char **argv)
{
    opt o[] = {LEDGER_OPTS,
               {"--on", true, true, NULL},
               {"--from", true, false, NULL},
               {"--to", true, false, NULL},
               {"--license", true, false, NULL},
               {"--customer", true, false, NULL},
               {"--state", true, false, NULL},
               {"--json", false, false, NULL}};
    int st = prologue(&cmd_invoice_list, argc, argv, o, NOPTS(o), NULL, 0, NULL);
    if (st >= 0)
        return st;
    sup_invoice_list_options lo;
    if (sup_invoice_list_options_init(&lo, SUP_INVOICE_LIST_OPTIONS_VERSION) != SUP_OK)
        return fail_lib(sup_error_code(), "invoice-list");
    const char *from = opt_get(o, NOPTS(o), "--from"), *to = opt_get(o, NOPTS(o), "--to");
    const char *lic = opt_get(o, NOPTS(o), "--license"), *state = opt_get(o, NOPTS(o), "--state");
    if (!arg_date("--on", opt_get(o, NOPTS(o), "--on"), &lo.on) || (from != NULL && !arg_date("--from", from, &lo.from)) ||
        (to != NULL && !arg_date("--to", to, &lo.to)) || (lic != NULL && !arg_id("--license", lic, &lo.license)) ||
        (state != NULL && !arg_state(state, &lo.state)))
        return EXIT_BAD_INPUT;
    sup_ledger *l = NULL;
    st = ledger_open(ledger_path(o, NOPTS(o)), false, &l);
    if (st != EXIT_OK)
        return st;
    const char *ccode = opt_get(o, NOPTS(o), "--customer");
    int rc = SUP_OK;
    if (ccode != NULL && (rc = sup_ledger_find_customer(l, ccode, &lo.customer)) == SUP_ENOTFOUND) {
        sup_ledger_close(l);
        return fail_input("--customer: no customer with code \"%s\" (see supportctl customer-list)", ccode);
    }
    bool as_json = opt_flag(o, NOPTS(o), "--json");
    sup_cursor *c = NULL;
    json j = {0};
    table t;
    static const char *const head[] = {"NUMBER", "ISSUED", "LICENSE", "KIND", "AMOUNT", "VALID THROUGH", "STATE",
                                       "PAID ON", "PAYER"};
    table_init(&t, 9, head, "llrlrllll");
    if (rc == SUP_OK)
        rc = sup_ledger_list_invoices(l, &lo, &c);
    if (rc == SUP_OK && as_json) {
        json_begin_object(&j, NULL);
        json_date(&j, "on", lo.on);
        json_begin_array(&j, "invoices");
    }
    while (rc == SUP_OK) {
        int more = sup_cursor_next(c);
        if (more < 0)
            rc = more;
        if (more <= 0)
            break;
        const char *kind = sup_quote_kind_name((sup_quote_kind)sup_cursor_int64(c, SUP_INVCOL_KIND));
        const char *st_name = sup_invoice_state_name((sup_invoice_state)sup_cursor_int64(c, SUP_INVCOL_STATE));
        sup_money amount = sup_cursor_int64(c, SUP_INVCOL_AMOUNT);
        if (as_json) {
            json_begin_object(&j, NULL);
            json_int(&j, "invoice_id", sup_cursor_int64(c, SUP_INVCOL_INVOICE));
            json_str(&j, "number", sup_cursor_text(c, SUP_INVCOL_NUMBER));
            json_date(&j, "issued_on", sup_cursor_date(c, SUP_INVCOL_ISSUED_ON));
            json_int(&j, "license_id", sup_cursor_int64(c, SUP_INVCOL_LICENSE));
            json_int(&j, "customer_id", sup_cursor_int64(c, SUP_INVCOL_CUSTOMER));
            json_int(&j, "product_id", sup_cursor_int64(c, SUP_INVCOL_PRODUCT));
            json_str(&j, "kind", kind);
            json_money(&j, "amount_kopecks", "amount", amount);
            json_money(&j, "vat_kopecks", "vat", sup_cursor_int64(c, SUP_INVCOL_VAT));
            json_date(&j, "new_support_until", sup_cursor_date(c, SUP_INVCOL_NEW_SUPPORT_UNTIL));
            json_date(&j, "valid_through", sup_cursor_date(c, SUP_INVCOL_VALID_THROUGH));
            json_str(&j, "state", st_name);
            json_date(&j, "paid_on", sup_cursor_date(c, SUP_INVCOL_PAID_ON));
            json_str(&j, "payment_id", sup_cursor_text(c, SUP_INVCOL_PAYMENT_ID));
            json_str(&j, "payer_name", sup_cursor_text(c, SUP_INVCOL_PAYER_NAME));
            json_str(&j, "payer_inn", sup_cursor_text(c, SUP_INVCOL_PAYER_INN));
            json_end_object(&j);
        } else {
            char a[SUP_DATE_BUFSIZE], b[SUP_DATE_BUFSIZE], p[SUP_DATE_BUFSIZE], m[SUP_MONEY_BUFSIZE], li[24];
            snprintf(li, sizeof li, "%lld", (long long)sup_cursor_int64(c, SUP_INVCOL_LICENSE));
            const char *row[] = {sup_cursor_text(c, SUP_INVCOL_NUMBER),
                                 iso(sup_cursor_date(c, SUP_INVCOL_ISSUED_ON), a),
                                 li,
                                 kind,
                                 money_plain(amount, m),
                                 date_or_open(sup_cursor_date(c, SUP_INVCOL_VALID_THROUGH), b),
                                 st_name,
                                 iso(sup_cursor_date(c, SUP_INVCOL_PAID_ON), p),
                                 sup_cursor_text(c, SUP_INVCOL_PAYER_NAME)};
            table_row(&t, row);
        }
    }
    sup_cursor_free(c);
    st = list_finish(rc, "invoice-list", as_json, &j, &t);
    sup_ledger_close(l);
    return st;
}

const command cmd_invoice_list = {
    "invoice-list", "--on DATE [--from DATE] [--to DATE] [--license ID] [--customer CODE] [--state STATE] [--json]",
    "Invoices issued on or before --on (and from … to), by date, each with its state on --on\n"
    "(open: awaiting payment; paid; expired: not paid by its last day). --state open|paid|expired\n"
    "keeps those only.\n"
    "\n"
    "JSON: {on, invoices: [...]}, each with invoice_id, number, issued_on, license_id,\n"
    "customer_id, product_id, kind, amount_kopecks, amount, vat_kopecks, vat, new_support_until,\n"
    "valid_through, state, paid_on, payment_id, payer_name, payer_inn.\n",
    run_invoice_list, CMD_LEDGER};

/* ---- payments received ------------------------------------------------------------------------------------------ */

static void json_outcome(json *j, const sup_receipt_outcome *o)
{
    json_begin_object(j, NULL);
    json_str(j, "status", sup_payment_status_name(o->status));
    json_str(j, "reason", o->reason != SUP_REVIEW_NONE ? sup_review_reason_name(o->reason) : NULL);
    json_str(j, "message", o->message);
    json_str(j, "payment_id", o->payment_id[0] ? o->payment_id : NULL);
    json_str(j, "invoice", o->invoice_number[0] ? o->invoice_number : NULL);
    json_int(j, "license_id", o->license);
    json_date(j, "received_on", o->received_on);
    json_money(j, "amount_kopecks", "amount", o->amount);
    json_date(j, "support_until", o->support_until);
    json_date(j, "new_support_until", o->new_support_until);
    json_int(j, "event_id", o->event);
    json_int(j, "review_id", o->review);
    if (o->line > 0)
        json_int(j, "line", o->line);
    json_end_object(j);
}

static int run_invoice_pay(int argc, char **argv)
{
    opt o[] = {LEDGER_OPTS,
               {"--payment-id", true, true, NULL},
               {"--on", true, true, NULL},
               {"--amount", true, true, NULL},
               {"--payer-inn", true, false, NULL},
               {"--json", false, false, NULL}};
    const char *pos[1];
    size_t npos = 0;
    int st = prologue(&cmd_invoice_pay, argc, argv, o, NOPTS(o), pos, 1, &npos);
    if (st >= 0)
        return st;
    if (npos != 1)
        return fail_input("invoice-pay: give the invoice's number (see supportctl invoice-pay --help)");
    sup_incoming_payment p;
    if (sup_incoming_payment_init(&p, SUP_INCOMING_PAYMENT_VERSION) != SUP_OK)
        return fail_lib(sup_error_code(), "invoice-pay");
    if (!arg_date("--on", opt_get(o, NOPTS(o), "--on"), &p.received_on) ||
        !arg_money("--amount", opt_get(o, NOPTS(o), "--amount"), &p.amount))
        return EXIT_BAD_INPUT;
    p.invoice_number = pos[0];
    p.payment_id = opt_get(o, NOPTS(o), "--payment-id");
    p.payer_inn = opt_get(o, NOPTS(o), "--payer-inn");
    p.source = "manual";
    sup_ledger *l = NULL;
    st = ledger_open(ledger_path(o, NOPTS(o)), true, &l);
    if (st != EXIT_OK)
        return st;
    sup_receipt_outcome out = {.version = SUP_RECEIPT_OUTCOME_VERSION};
    int rc = sup_ledger_pay_invoice(l, ledger_actor(o, NOPTS(o)), &p, &out);
    if (rc != SUP_OK) {
        st = fail_lib(rc, rc == SUP_ECONFLICT ? "--payment-id" : "invoice-pay");
    } else if (out.status == SUP_PAYMENT_REVIEW || out.status == SUP_PAYMENT_ALREADY_IN_REVIEW ||
               out.status == SUP_PAYMENT_VOIDED) {
        st = fail_input("invoice-pay: not applied%s (review %lld): %s",
                        out.status == SUP_PAYMENT_VOIDED ? "" : ", kept for a manager's review", (long long)out.review,
                        out.message);
    } else if (opt_flag(o, NOPTS(o), "--json")) {
        json j = {0};
        json_outcome(&j, &out);
        json_done(&j);
    } else {
        printf("%s: %s\n", sup_payment_status_name(out.status), out.message);
    }
    sup_ledger_close(l);
    return st;
}

const command cmd_invoice_pay = {
    "invoice-pay", "NUMBER --payment-id ID --on DATE --amount RUBLES [--payer-inn INN] [--json]",
    "Apply a payment received on --on for the invoice: the renewal or subscription payment the\n"
    "invoice fixed is recorded on that date, once (the same --payment-id again changes\n"
    "nothing). A payment after the invoice's last day, of another amount, from another INN,\n"
    "for an invoice paid already, or for a license whose offer changed since, is not applied:\n"
    "it is kept for a manager's review (review-list) and refused with the reason (exit 2).\n"
    "\n"
    "JSON keys: status (applied|already_applied), reason, message, payment_id, invoice,\n"
    "license_id, received_on, amount_kopecks, amount, support_until, new_support_until,\n"
    "event_id, review_id.\n",
    run_invoice_pay, CMD_LEDGER | CMD_CHANGES};

static int run_bank_import(int argc, char **argv)
{
    opt o[] = {LEDGER_OPTS, {"--dry-run", false, false, NULL}, {"--account", true, false, NULL},
               {"--encoding", true, false, NULL}, {"--json", false, false, NULL}};
    const char *pos[1];
    size_t npos = 0;
    int st = prologue(&cmd_bank_import, argc, argv, o, NOPTS(o), pos, 1, &npos);
    if (st >= 0)
        return st;
    if (npos != 1)
        return fail_input("bank-import: give the statement file (see supportctl bank-import --help)");
    sup_bank_parse_options po;
    if (sup_bank_parse_options_init(&po, SUP_BANK_PARSE_OPTIONS_VERSION) != SUP_OK)
        return fail_lib(sup_error_code(), "bank-import");
    const char *enc = opt_get(o, NOPTS(o), "--encoding");
    if (enc != NULL) {
        if (strcmp(enc, "windows") == 0)
            po.encoding = SUP_BANK_ENCODING_CP1251;
        else if (strcmp(enc, "dos") == 0)
            po.encoding = SUP_BANK_ENCODING_CP866;
        else if (strcmp(enc, "utf-8") == 0)
            po.encoding = SUP_BANK_ENCODING_UTF8;
        else
            return fail_input("--encoding: \"%s\" is not windows, dos or utf-8", enc);
    }
    size_t len = 0;
    char *data = read_file("bank-import", pos[0], SUP_BANK_MAX_BYTES_DEFAULT, &len);
    if (data == NULL)
        return EXIT_BAD_INPUT;
    sup_bank_statement *statement = NULL;
    int rc = sup_bank_statement_parse(data, len, &po, &statement);
    free(data);
    if (rc != SUP_OK) { /* the whole file is refused: nothing was applied */
        char what[600];
        snprintf(what, sizeof what, "bank-import \"%.500s\"", pos[0]);
        return fail_lib(rc, what);
    }
    bool dry = opt_flag(o, NOPTS(o), "--dry-run");
    sup_ledger *l = NULL;
    st = ledger_open(ledger_path(o, NOPTS(o)), !dry, &l);
    if (st != EXIT_OK) {
        sup_bank_statement_free(statement);
        return st;
    }
    sup_bank_import_options io;
    sup_bank_import *r = NULL;
    rc = sup_bank_import_options_init(&io, SUP_BANK_IMPORT_OPTIONS_VERSION);
    io.dry_run = dry;
    io.account = opt_get(o, NOPTS(o), "--account");
    if (rc == SUP_OK)
        rc = sup_ledger_bank_import(l, ledger_actor(o, NOPTS(o)), statement, &io, &r);
    if (rc != SUP_OK) {
        st = fail_lib(rc, "bank-import");
    } else if (opt_flag(o, NOPTS(o), "--json")) {
        json j = {0};
        json_begin_object(&j, NULL);
        json_bool(&j, "dry_run", dry);
        json_int(&j, "bank_import_id", sup_bank_import_id(r));
        json_int(&j, "documents", (long long)sup_bank_import_count(r));
        json_begin_object(&j, "totals");
        for (int s = SUP_PAYMENT_APPLIED; s < SUP_PAYMENT_STATUS_COUNT; s++)
            json_int(&j, sup_payment_status_name((sup_payment_status)s),
                     (long long)sup_bank_import_total(r, (sup_payment_status)s));
        json_end_object(&j);
        json_money(&j, "applied_kopecks", "applied", sup_bank_import_sum(r, SUP_PAYMENT_APPLIED));
        json_begin_array(&j, "outcomes");
        for (size_t i = 0; i < sup_bank_import_count(r); i++) {
            sup_receipt_outcome out = {.version = SUP_RECEIPT_OUTCOME_VERSION};
            if (sup_bank_import_outcome(r, i, &out) == SUP_OK)
                json_outcome(&j, &out);
        }
        json_end_array(&j);
        json_end_object(&j);
        json_done(&j);
    } else {
        static const char *const head[] = {"LINE", "RECEIVED", "AMOUNT", "INVOICE", "STATUS", "WHAT"};
        table t;
        table_init(&t, 6, head, "rlrlll");
        for (size_t i = 0; i < sup_bank_import_count(r); i++) {
            sup_receipt_outcome out = {.version = SUP_RECEIPT_OUTCOME_VERSION};
            if (sup_bank_import_outcome(r, i, &out) != SUP_OK)
                continue;
            char line[16], d[SUP_DATE_BUFSIZE], m[SUP_MONEY_BUFSIZE];
            snprintf(line, sizeof line, "%d", out.line);
            const char *row[] = {line, iso(out.received_on, d), money_plain(out.amount, m), out.invoice_number,
                                 out.reason != SUP_REVIEW_NONE ? sup_review_reason_name(out.reason)
                                                               : sup_payment_status_name(out.status),
                                 out.message};
            table_row(&t, row);
        }
        table_print(&t, stdout);
        table_free(&t);
        char m[SUP_MONEY_BUFSIZE];
        printf("%s%zu documents: %zu applied (%s rub), %zu kept for review, %zu seen before, %zu ignored "
               "(outgoing or another account)\n",
               dry ? "dry run, nothing changed: " : "", sup_bank_import_count(r),
               sup_bank_import_total(r, SUP_PAYMENT_APPLIED), money_plain(sup_bank_import_sum(r, SUP_PAYMENT_APPLIED), m),
               sup_bank_import_total(r, SUP_PAYMENT_REVIEW),
               sup_bank_import_total(r, SUP_PAYMENT_ALREADY_APPLIED) +
                   sup_bank_import_total(r, SUP_PAYMENT_ALREADY_IN_REVIEW) + sup_bank_import_total(r, SUP_PAYMENT_VOIDED),
               sup_bank_import_total(r, SUP_PAYMENT_IGNORED_OUTGOING) +
                   sup_bank_import_total(r, SUP_PAYMENT_IGNORED_ACCOUNT));
    }
    sup_bank_import_free(r);
    sup_bank_statement_free(statement);
    sup_ledger_close(l);
    return st;
}

const command cmd_bank_import = {
    "bank-import", "FILE [--dry-run] [--account ACCOUNT] [--encoding windows|dos|utf-8] [--json]",
    "Import a bank statement exported for 1C (1CClientBankExchange 1.02/1.03, Кодировка\n"
    "Windows, DOS or UTF-8). Each payment that reached the vendor's account (the settlement\n"
    "accounts of vendor-set, or --account) is matched to the invoice its purpose names, checked\n"
    "(payer INN, amount, the invoice's last day) and applied on the date the money arrived; the\n"
    "rest is kept for review with the reason (unknown invoice, several invoices, partial or\n"
    "wrong amount, expired, paid already, another payer). Outgoing payments and other accounts\n"
    "are ignored and counted. A payment's id comes from its document (payer account, date,\n"
    "number), so importing the same statement again, or an overlapping one, changes nothing. A\n"
    "malformed file is refused with its line and nothing is applied. --dry-run shows what would\n"
    "happen. --encoding forces the file's encoding (for a copy re-encoded without its Кодировка).\n"
    "\n"
    "JSON keys: dry_run, bank_import_id (0: nothing recorded), documents, totals {applied,\n"
    "already_applied, review, already_in_review, voided, conflict, ignored_outgoing,\n"
    "ignored_account}, applied_kopecks, applied, outcomes [{status, reason, message, payment_id,\n"
    "invoice, license_id, received_on, amount_kopecks, amount, support_until, new_support_until,\n"
    "event_id, review_id, line}].\n",
    run_bank_import, CMD_LEDGER | CMD_CHANGES};

/* ---- the review list ------------------------------------------------------------------------------------------- */

static int run_review_list(int argc, char **argv)
{
    opt o[] = {LEDGER_OPTS, {"--all", false, false, NULL}, {"--json", false, false, NULL}};
    int st = prologue(&cmd_review_list, argc, argv, o, NOPTS(o), NULL, 0, NULL);
    if (st >= 0)
        return st;
    sup_ledger *l = NULL;
    st = ledger_open(ledger_path(o, NOPTS(o)), false, &l);
    if (st != EXIT_OK)
        return st;
    bool as_json = opt_flag(o, NOPTS(o), "--json");
    sup_cursor *c = NULL;
    json j = {0};
    table t;
    static const char *const head[] = {"REVIEW", "RECEIVED", "AMOUNT", "REASON", "INVOICE", "PAYER INN", "PAYMENT ID",
                                       "CLOSED", "MESSAGE"};
    table_init(&t, 9, head, "rlrllllll");
    int rc = sup_ledger_list_reviews(l, opt_flag(o, NOPTS(o), "--all"), &c);
    if (rc == SUP_OK && as_json) {
        json_begin_object(&j, NULL);
        json_begin_array(&j, "reviews");
    }
    while (rc == SUP_OK) {
        int more = sup_cursor_next(c);
        if (more < 0)
            rc = more;
        if (more <= 0)
            break;
        const char *reason = sup_review_reason_name((sup_review_reason)sup_cursor_int64(c, SUP_REVCOL_REASON));
        if (as_json) {
            json_begin_object(&j, NULL);
            json_int(&j, "review_id", sup_cursor_int64(c, SUP_REVCOL_REVIEW));
            json_str(&j, "payment_id", sup_cursor_text(c, SUP_REVCOL_PAYMENT_ID));
            json_str(&j, "source", sup_cursor_text(c, SUP_REVCOL_SOURCE));
            json_date(&j, "received_on", sup_cursor_date(c, SUP_REVCOL_RECEIVED_ON));
            json_money(&j, "amount_kopecks", "amount", sup_cursor_int64(c, SUP_REVCOL_AMOUNT));
            json_str(&j, "reason", reason);
            json_str(&j, "message", sup_cursor_text(c, SUP_REVCOL_MESSAGE));
            json_str(&j, "invoice", sup_cursor_text(c, SUP_REVCOL_INVOICE));
            json_str(&j, "invoices", sup_cursor_text(c, SUP_REVCOL_INVOICES));
            json_str(&j, "payer_name", sup_cursor_text(c, SUP_REVCOL_PAYER_NAME));
            json_str(&j, "payer_inn", sup_cursor_text(c, SUP_REVCOL_PAYER_INN));
            json_str(&j, "payer_account", sup_cursor_text(c, SUP_REVCOL_PAYER_ACCOUNT));
            json_str(&j, "purpose", sup_cursor_text(c, SUP_REVCOL_PURPOSE));
            json_int(&j, "bank_import_id", sup_cursor_int64(c, SUP_REVCOL_BANK_IMPORT));
            json_date(&j, "closed_on", sup_cursor_date(c, SUP_REVCOL_CLOSED_ON));
            json_str(&j, "close_note", sup_cursor_text(c, SUP_REVCOL_CLOSE_NOTE));
            json_end_object(&j);
        } else {
            char id[24], d[SUP_DATE_BUFSIZE], cl[SUP_DATE_BUFSIZE], m[SUP_MONEY_BUFSIZE];
            snprintf(id, sizeof id, "%lld", (long long)sup_cursor_int64(c, SUP_REVCOL_REVIEW));
            const char *row[] = {id,
                                 iso(sup_cursor_date(c, SUP_REVCOL_RECEIVED_ON), d),
                                 money_plain(sup_cursor_int64(c, SUP_REVCOL_AMOUNT), m),
                                 reason,
                                 sup_cursor_text(c, SUP_REVCOL_INVOICE),
                                 sup_cursor_text(c, SUP_REVCOL_PAYER_INN),
                                 sup_cursor_text(c, SUP_REVCOL_PAYMENT_ID),
                                 iso(sup_cursor_date(c, SUP_REVCOL_CLOSED_ON), cl),
                                 sup_cursor_text(c, SUP_REVCOL_MESSAGE)};
            table_row(&t, row);
        }
    }
    sup_cursor_free(c);
    st = list_finish(rc, "review-list", as_json, &j, &t);
    sup_ledger_close(l);
    return st;
}

const command cmd_review_list = {
    "review-list", "[--all] [--json]",
    "Payments received that were not applied and wait for a manager: the reason in words, the\n"
    "invoice and what the payment said. --all also lists the closed ones.\n"
    "\n"
    "JSON: {reviews: [...]}, each with review_id, payment_id, source, received_on,\n"
    "amount_kopecks, amount, reason, message, invoice, invoices, payer_name, payer_inn,\n"
    "payer_account, purpose, bank_import_id, closed_on, close_note.\n",
    run_review_list, CMD_LEDGER};

static int run_review_close(int argc, char **argv)
{
    opt o[] = {LEDGER_OPTS, {"--review", true, true, NULL}, {"--on", true, true, NULL}, {"--note", true, true, NULL}};
    int st = prologue(&cmd_review_close, argc, argv, o, NOPTS(o), NULL, 0, NULL);
    if (st >= 0)
        return st;
    sup_id review;
    sup_date on;
    if (!arg_id("--review", opt_get(o, NOPTS(o), "--review"), &review) ||
        !arg_date("--on", opt_get(o, NOPTS(o), "--on"), &on))
        return EXIT_BAD_INPUT;
    sup_ledger *l = NULL;
    st = ledger_open(ledger_path(o, NOPTS(o)), true, &l);
    if (st != EXIT_OK)
        return st;
    int rc = sup_ledger_close_review(l, ledger_actor(o, NOPTS(o)), review, on, opt_get(o, NOPTS(o), "--note"));
    if (rc != SUP_OK)
        st = fail_lib(rc, "--review");
    else
        printf("review %lld closed\n", (long long)review);
    sup_ledger_close(l);
    return st;
}

const command cmd_review_close = {"review-close", "--review ID --on DATE --note TEXT",
                                  "Close a review entry, saying what was done (refunded, applied by hand, a new\n"
                                  "invoice …). The entry stays on record.\n",
                                  run_review_close, CMD_LEDGER | CMD_CHANGES};

/* ---- corrections ----------------------------------------------------------------------------------------------- */

/* The event a correction is about: --event ID, or the event recorded under --payment-id. */
static int correction_event(sup_ledger *l, const opt *o, size_t n, sup_id *event)
{
    const char *ev = opt_get(o, n, "--event"), *pid = opt_get(o, n, "--payment-id");
    if ((ev == NULL) == (pid == NULL))
        return fail_input("give --event ID or --payment-id ID (one of them)");
    if (ev != NULL)
        return arg_id("--event", ev, event) ? EXIT_OK : EXIT_BAD_INPUT;
    int rc = sup_ledger_find_payment(l, pid, event);
    return rc == SUP_OK ? EXIT_OK : fail_lib(rc, "--payment-id");
}

static int run_correction(const command *cmd, int argc, char **argv, bool refund)
{
    opt o[] = {LEDGER_OPTS,
               {"--event", true, false, NULL},
               {"--payment-id", true, false, NULL},
               {"--on", true, true, NULL},
               {"--reason", true, true, NULL},
               {"--amount", true, false, NULL},
               {"--shorten-support", false, false, NULL},
               {"--json", false, false, NULL}};
    const size_t n = NOPTS(o);
    int st = prologue(cmd, argc, argv, o, n, NULL, 0, NULL);
    if (st >= 0)
        return st;
    if (!refund && (opt_get(o, n, "--amount") != NULL || opt_flag(o, n, "--shorten-support")))
        return fail_input("void: a void takes the whole payment back and restores support: no --amount or "
                          "--shorten-support (see supportctl refund)");
    sup_date on;
    sup_refund_options ro;
    if (sup_refund_options_init(&ro, SUP_REFUND_OPTIONS_VERSION) != SUP_OK)
        return fail_lib(sup_error_code(), cmd->name);
    const char *amount = refund ? opt_get(o, n, "--amount") : NULL;
    if (!arg_date("--on", opt_get(o, n, "--on"), &on) || (amount != NULL && !arg_money("--amount", amount, &ro.amount)))
        return EXIT_BAD_INPUT;
    if (refund && opt_flag(o, n, "--shorten-support"))
        ro.support = SUP_REFUND_SHORTEN_SUPPORT;
    sup_ledger *l = NULL;
    st = ledger_open(ledger_path(o, n), true, &l);
    if (st != EXIT_OK)
        return st;
    sup_id event = 0, corr = 0;
    st = correction_event(l, o, n, &event);
    if (st == EXIT_OK) {
        const char *actor = ledger_actor(o, n), *reason = opt_get(o, n, "--reason");
        int rc = refund ? sup_ledger_refund_payment(l, actor, event, on, reason, &ro, &corr)
                    : sup_ledger_void_payment(l, actor, event, on, reason, &corr);
        if (rc != SUP_OK)
            st = fail_lib(rc, cmd->name);
    }
    if (st == EXIT_OK) {
        if (opt_flag(o, n, "--json")) {
            json j = {0};
            json_begin_object(&j, NULL);
            json_int(&j, "correction_id", corr);
            json_str(&j, "correction", refund ? "refund" : "void");
            json_int(&j, "event_id", event);
            json_date(&j, "on", on);
            json_end_object(&j);
            json_done(&j);
        } else {
            printf("%s %lld recorded for license event %lld\n", refund ? "refund" : "void", (long long)corr,
                   (long long)event);
        }
    }
    sup_ledger_close(l);
    return st;
}

static int run_void(int argc, char **argv) { return run_correction(&cmd_void, argc, argv, false); }
static int run_refund(int argc, char **argv) { return run_correction(&cmd_refund, argc, argv, true); }

const command cmd_void = {
    "void", "(--event ID | --payment-id ID) --on DATE --reason TEXT [--json]",
    "Void a payment recorded by mistake (a purchase, renewal or subscription payment): the\n"
    "ledger then answers as if it had never happened (support recomputed). Refused with the\n"
    "reason when a later event of the license or a refund depends on it (void those first).\n"
    "Voiding a purchase voids the license. The payment stays on record, marked voided, with\n"
    "a reversal row in `payments`.\n"
    "\n"
    "JSON keys: correction_id, correction, event_id, on.\n",
    run_void, CMD_LEDGER | CMD_CHANGES};

const command cmd_refund = {
    "refund", "(--event ID | --payment-id ID) --on DATE --reason TEXT [--amount RUBLES] [--shorten-support] [--json]",
    "Record money paid back for a payment (--amount: part of it; default what is left).\n"
    "Support stays as it is unless --shorten-support: then it ends on --on, but not before the\n"
    "end it had without the payment (only for the license's latest payment).\n"
    "\n"
    "JSON keys: correction_id, correction, event_id, on.\n",
    run_refund, CMD_LEDGER | CMD_CHANGES};
