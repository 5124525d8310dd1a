/* Bank statement imports (bank_import.h): the samples of examples/bank/ (Windows-1251, UTF-8, DOS,
 * a UTF-8 copy with a BOM that overlaps another statement) against a ledger holding the invoices
 * they name; each payment applied once, the rest kept for review with the reason, outgoing and
 * other accounts ignored; importing again changes nothing; malformed files refused as a whole;
 * and from a renewal request to support extended: invoice -> a statement naming it -> import.
 * Runs on both engines. */
#include "money_test_util.h"

static char *sample(const char *name, size_t *len)
{
    char path[512];
    snprintf(path, sizeof path, "%s/bank/%s", SUP_EXAMPLES_DIR, name);
    char *data = slurp(path, len);
    if (data == NULL)
        fail_msg("cannot read %s", path);
    return data;
}

static sup_bank_statement *parse_sample(const char *name)
{
    size_t len = 0;
    char *data = sample(name, &len);
    sup_bank_statement *st = NULL;
    if (sup_bank_statement_parse(data, len, NULL, &st) != SUP_OK)
        fail_msg("%s: %s", name, sup_error_message());
    free(data);
    return st;
}

static sup_bank_import *import(sup_ledger *l, const sup_bank_statement *st, int dry_run)
{
    sup_bank_import_options o;
    assert_int_equal(sup_bank_import_options_init(&o, SUP_BANK_IMPORT_OPTIONS_VERSION), SUP_OK);
    o.dry_run = dry_run;
    sup_bank_import *r = NULL;
    if (sup_ledger_bank_import(l, ACTOR, st, &o, &r) != SUP_OK)
        fail_msg("import: %s", sup_error_message());
    return r;
}

static sup_bank_import *import_sample(sup_ledger *l, const char *name, int dry_run)
{
    sup_bank_statement *st = parse_sample(name);
    sup_bank_import *r = import(l, st, dry_run);
    sup_bank_statement_free(st);
    return r;
}

static sup_receipt_outcome outcome(const sup_bank_import *r, size_t i)
{
    sup_receipt_outcome o = {.version = SUP_RECEIPT_OUTCOME_VERSION};
    assert_int_equal(sup_bank_import_outcome(r, i, &o), SUP_OK);
    return o;
}

/* ---- a ledger holding the invoices the samples name ----------------------------------------------------------- */

struct samples {
    sup_id l123, l124, l127, l128, l130, l101;
};

/* Issue filler invoices (never paid) until the next number is `next`. */
static void fill_to(sup_ledger *l, sup_id product, int *issued, int next)
{
    while (*issued + 1 < next) {
        char code[32];
        snprintf(code, sizeof code, "FILL-%d", *issued);
        sup_id lic = sell(l, add_customer(l, code), product, 20260615);
        sup_invoice_free(issue(l, lic, 20260701, NULL));
        (*issued)++;
    }
}

/* Invoice number `want` for a new license of `product` bought on `bought`, issued on `on` to `inn`. */
static sup_id invoice_as(sup_ledger *l, sup_id product, int *issued, int want, sup_date bought, sup_date on,
                         const char *inn, sup_money amount)
{
    fill_to(l, product, issued, want);
    char code[32];
    snprintf(code, sizeof code, "CUST-%d", want);
    sup_id lic = sell(l, add_customer(l, code), product, bought);
    sup_invoice *inv = issue(l, lic, on, inn);
    char number[16];
    snprintf(number, sizeof number, "2026-%06d", want);
    assert_string_equal(sup_invoice_number(inv), number);
    assert_int_equal(sup_invoice_amount(inv), amount);
    sup_invoice_free(inv);
    (*issued)++;
    return lic;
}

static sup_ledger *samples_ledger(struct samples *s)
{
    sup_ledger *l = open_mem();
    set_sample_vendor(l, 20200101, VENDOR_ACCOUNT);
    sup_id p = 0, cheap = 0;
    assert_int_equal(sup_ledger_add_product(l, ACTOR, "REP", "Отчёт по продажам", SUP_LICENSE_PERPETUAL, 6, &p), SUP_OK);
    assert_int_equal(sup_ledger_set_price(l, ACTOR, p, 20200101, 799000), SUP_OK);
    assert_int_equal(sup_ledger_add_product(l, ACTOR, "EXT", "Расширение", SUP_LICENSE_PERPETUAL, 6, &cheap), SUP_OK);
    assert_int_equal(sup_ledger_set_price(l, ACTOR, cheap, 20200101, 797600), SUP_OK); /* 25%: 1994 rub */
    assert_int_equal(sup_ledger_begin(l), SUP_OK);
    int issued = 0;
    /* 2026-000101: a preferential renewal of 01.11.2026, valid through 2026-11-15 */
    s->l101 = invoice_as(l, cheap, &issued, 101, 20260415, 20261101, VOLGA_INN, 199400);
    /* 2026-000123 … 2026-000130 */
    s->l123 = invoice_as(l, p, &issued, 123, 20260610, 20261201, ROMASHKA_INN, 199800);
    s->l124 = invoice_as(l, p, &issued, 124, 20250115, 20261127, PETROV_INN, 359600); /* standard */
    invoice_as(l, p, &issued, 125, 20260610, 20261201, VOLGA_INN, 199800);
    invoice_as(l, p, &issued, 126, 20260610, 20261201, VOLGA_INN, 199800);
    s->l127 = invoice_as(l, p, &issued, 127, 20260610, 20261202, ROMASHKA_INN, 199800);
    s->l128 = invoice_as(l, p, &issued, 128, 20260610, 20261203, PETROV_INN, 199800);
    s->l130 = invoice_as(l, p, &issued, 130, 20260610, 20261207, VOLGA_INN, 199800);
    assert_int_equal(sup_ledger_commit(l), SUP_OK);
    return l;
}

/* ---- the samples ------------------------------------------------------------------------------------------------ */

static void the_windows_1251_statement_applies_two_payments_and_keeps_two_for_review(void **state)
{
    (void)state;
    struct samples s;
    sup_ledger *l = samples_ledger(&s);
    int audits = audit_count(l);
    /* a dry run first: what would happen, nothing changed */
    sup_bank_import *dry = import_sample(l, "statement-cp1251.txt", 1);
    assert_true(sup_bank_import_dry_run(dry));
    assert_int_equal(sup_bank_import_id(dry), 0);
    assert_int_equal(sup_bank_import_total(dry, SUP_PAYMENT_APPLIED), 2);
    assert_int_equal(audit_count(l), audits);
    assert_int_equal(support_end(l, s.l123), 20261210);
    sup_bank_import_free(dry);

    sup_bank_import *r = import_sample(l, "statement-cp1251.txt", 0);
    assert_int_equal(sup_bank_import_count(r), 6);
    assert_true(sup_bank_import_id(r) > 0);
    static const struct {
        sup_payment_status status;
        sup_review_reason reason;
        const char *invoice;
        sup_date received;
        sup_money amount;
    } expect[] = {
        {SUP_PAYMENT_APPLIED, SUP_REVIEW_NONE, "2026-000123", 20261201, 199800},
        {SUP_PAYMENT_APPLIED, SUP_REVIEW_NONE, "2026-000124", 20261203, 359600}, /* dated 01.12, arrived 03.12 */
        {SUP_PAYMENT_IGNORED_OUTGOING, SUP_REVIEW_NONE, "", 20261202, 150000},
        {SUP_PAYMENT_IGNORED_OUTGOING, SUP_REVIEW_NONE, "", 20261202, 15000},
        {SUP_PAYMENT_REVIEW, SUP_REVIEW_SEVERAL_INVOICES, "", 20261202, 399600},
        {SUP_PAYMENT_REVIEW, SUP_REVIEW_PARTIAL, "2026-000127", 20261203, 100050},
    };
    for (size_t i = 0; i < 6; i++) {
        sup_receipt_outcome o = outcome(r, i);
        if (o.status != expect[i].status || o.reason != expect[i].reason)
            fail_msg("document %zu: %s %s: %s", i, sup_payment_status_name(o.status), sup_review_reason_name(o.reason),
                     o.message);
        assert_string_equal(o.invoice_number, expect[i].invoice);
        assert_int_equal(o.received_on, expect[i].received);
        assert_int_equal(o.amount, expect[i].amount);
        assert_true(o.line > 0);
    }
    sup_receipt_outcome first = outcome(r, 0);
    assert_string_equal(first.payment_id, "bank:40702810438000004321:2026-12-01:412");
    assert_int_equal(first.support_until, 20261210);
    assert_int_equal(first.new_support_until, 20271210);
    assert_int_equal(sup_bank_import_sum(r, SUP_PAYMENT_APPLIED), 199800 + 359600);
    assert_int_equal(support_end(l, s.l123), 20271210);
    assert_int_equal(support_end(l, s.l124), 20271203); /* a standard renewal from the day the money arrived */
    assert_int_equal(support_end(l, s.l127), 20261210);
    /* the payments name the import; the reviews too */
    sup_cursor *c = NULL;
    assert_int_equal(sup_ledger_list_reviews(l, 0, &c), SUP_OK);
    assert_int_equal(sup_cursor_next(c), 1);
    assert_string_equal(sup_cursor_text(c, SUP_REVCOL_SOURCE), "bank");
    assert_string_equal(sup_cursor_text(c, SUP_REVCOL_INVOICES), "2026-000125\n2026-000126");
    assert_string_equal(sup_cursor_text(c, SUP_REVCOL_PAYER_INN), VOLGA_INN);
    assert_string_equal(sup_cursor_text(c, SUP_REVCOL_PAYER_NAME), "АО \"Волга-Софт\"");
    assert_int_equal(sup_cursor_int64(c, SUP_REVCOL_BANK_IMPORT), sup_bank_import_id(r));
    assert_int_equal(sup_cursor_next(c), 1);
    assert_int_equal(sup_cursor_int64(c, SUP_REVCOL_REASON), SUP_REVIEW_PARTIAL);
    assert_int_equal(sup_cursor_next(c), 0);
    sup_cursor_free(c);
    /* one statement record, two renewals, two reviews */
    assert_int_equal(audit_actions(l, "bank_import"), 1);
    assert_int_equal(audit_actions(l, "renew"), 2);
    assert_int_equal(audit_actions(l, "review_payment"), 2);
    int after = audit_count(l);
    sup_bank_import_free(r);

    /* the same statement again: nothing changes */
    r = import_sample(l, "statement-cp1251.txt", 0);
    assert_int_equal(sup_bank_import_id(r), 0);
    assert_int_equal(sup_bank_import_total(r, SUP_PAYMENT_APPLIED), 0);
    assert_int_equal(sup_bank_import_total(r, SUP_PAYMENT_ALREADY_APPLIED), 2);
    assert_int_equal(sup_bank_import_total(r, SUP_PAYMENT_ALREADY_IN_REVIEW), 2);
    assert_int_equal(sup_bank_import_total(r, SUP_PAYMENT_IGNORED_OUTGOING), 2);
    assert_int_equal(audit_count(l), after);
    assert_int_equal(support_end(l, s.l123), 20271210);
    sup_bank_import_free(r);

    /* an overlapping statement (a UTF-8 copy with a BOM): two documents seen, one payment after its invoice expired */
    r = import_sample(l, "statement-overlap-bom.txt", 0);
    assert_int_equal(sup_bank_import_count(r), 3);
    assert_int_equal(outcome(r, 0).status, SUP_PAYMENT_ALREADY_APPLIED);
    assert_int_equal(outcome(r, 1).status, SUP_PAYMENT_ALREADY_IN_REVIEW);
    sup_receipt_outcome late = outcome(r, 2);
    assert_int_equal(late.status, SUP_PAYMENT_REVIEW);
    assert_int_equal(late.reason, SUP_REVIEW_EXPIRED);
    assert_string_equal(late.message, "the money arrived on 2026-12-04, after invoice 2026-000101 expired (it was "
                                      "valid through 2026-11-15)");
    assert_int_equal(support_end(l, s.l101), 20261015);
    assert_int_equal(audit_actions(l, "renew"), 2);
    assert_int_equal(audit_actions(l, "bank_import"), 2);
    sup_bank_import_free(r);
    sup_ledger_close(l);
}

static void the_utf8_and_dos_statements_ignore_other_accounts_and_apply_their_payments(void **state)
{
    (void)state;
    struct samples s;
    sup_ledger *l = samples_ledger(&s);
    sup_bank_import *r = import_sample(l, "statement-utf8.txt", 0);
    assert_int_equal(sup_bank_import_count(r), 4);
    assert_int_equal(outcome(r, 0).status, SUP_PAYMENT_IGNORED_ACCOUNT); /* to the second account: not the vendor's here */
    sup_receipt_outcome paid = outcome(r, 1);
    assert_int_equal(paid.status, SUP_PAYMENT_APPLIED); /* its purpose is only in НазначениеПлатежа1/2 */
    assert_string_equal(paid.invoice_number, "2026-000128");
    assert_int_equal(paid.received_on, 20261207);
    sup_receipt_outcome interest = outcome(r, 2);
    assert_int_equal(interest.status, SUP_PAYMENT_REVIEW); /* bank interest: money in, no invoice */
    assert_int_equal(interest.reason, SUP_REVIEW_UNKNOWN_INVOICE);
    assert_int_equal(outcome(r, 3).status, SUP_PAYMENT_IGNORED_OUTGOING); /* a transfer from our account */
    assert_int_equal(support_end(l, s.l128), 20271210);
    sup_bank_import_free(r);
    r = import_sample(l, "statement-dos.txt", 0);
    assert_int_equal(sup_bank_import_count(r), 1);
    assert_int_equal(outcome(r, 0).status, SUP_PAYMENT_APPLIED);
    assert_string_equal(outcome(r, 0).invoice_number, "2026-000130");
    assert_int_equal(support_end(l, s.l130), 20271210);
    sup_bank_import_free(r);
    /* with the second account named, the first document is a payment without an invoice */
    sup_bank_statement *st = parse_sample("statement-utf8.txt");
    sup_bank_import_options o;
    assert_int_equal(sup_bank_import_options_init(&o, SUP_BANK_IMPORT_OPTIONS_VERSION), SUP_OK);
    o.account = VENDOR_ACCOUNT2;
    assert_int_equal(sup_ledger_bank_import(l, ACTOR, st, &o, &r), SUP_OK);
    assert_int_equal(outcome(r, 0).reason, SUP_REVIEW_UNKNOWN_INVOICE);
    assert_int_equal(outcome(r, 1).status, SUP_PAYMENT_IGNORED_ACCOUNT);
    /* the transfer from account 1, which is not named: money in without an invoice */
    assert_int_equal(outcome(r, 3).reason, SUP_REVIEW_UNKNOWN_INVOICE);
    sup_bank_import_free(r);
    sup_bank_statement_free(st);
    sup_ledger_close(l);
}

static void malformed_statements_are_refused_whole(void **state)
{
    (void)state;
    static const struct {
        const char *file;
        const char *message;
    } bad[] = {
        {"bad-truncated.txt", "bank statement line 111:"},
        {"bad-no-end-of-document.txt", "bank statement line 81: КонецДокумента missing"},
        {"bad-encoding-mismatch.txt", "bank statement line 3:"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        size_t len = 0;
        char *data = sample(bad[i].file, &len);
        sup_bank_statement *st = NULL;
        assert_int_equal(sup_bank_statement_parse(data, len, NULL, &st), SUP_EPARSE);
        if (strstr(sup_error_message(), bad[i].message) == NULL)
            fail_msg("%s: %s", bad[i].file, sup_error_message());
        assert_null(st);
        free(data);
    }
    /* no vendor account: the import is refused before anything */
    sup_ledger *l = open_mem();
    sup_bank_statement *st = parse_sample("statement-dos.txt");
    sup_bank_import *r = (sup_bank_import *)1;
    assert_int_equal(sup_ledger_bank_import(l, ACTOR, st, NULL, &r), SUP_ENOTFOUND);
    assert_null(r);
    assert_non_null(strstr(sup_error_message(), "the vendor has no account"));
    sup_bank_import_options o;
    assert_int_equal(sup_bank_import_options_init(&o, 2), SUP_EINVAL);
    assert_int_equal(sup_bank_import_options_init(&o, SUP_BANK_IMPORT_OPTIONS_VERSION), SUP_OK);
    o.version = 3;
    assert_int_equal(sup_ledger_bank_import(l, ACTOR, st, &o, &r), SUP_EINVAL);
    assert_int_equal(sup_ledger_bank_import(l, "", st, NULL, &r), SUP_EINVAL);
    sup_bank_statement_free(st);
    sup_ledger_close(l);
}

/* ---- from a renewal request to support extended ---------------------------------------------------------------------- */

/* A UTF-8 statement with one incoming payment from Romashka to the vendor. */
static char *statement_for(const char *number, const char *doc_number, const char *amount, const char *date,
                           const char *received)
{
    char *text = malloc(4096);
    assert_non_null(text);
    snprintf(text, 4096,
             "1CClientBankExchange\nВерсияФормата=1.03\nКодировка=UTF-8\nДатаСоздания=%s\nДатаНачала=%s\n"
             "ДатаКонца=%s\nРасчСчет=" VENDOR_ACCOUNT "\nСекцияДокумент=Платежное поручение\nНомер=%s\nДата=%s\n"
             "Сумма=%s\nПлательщикСчет=40702810438000004321\nПлательщикИНН=" ROMASHKA_INN "\n"
             "Плательщик1=ООО \"Ромашка\"\nПлательщикРасчСчет=40702810438000004321\n"
             "ПолучательСчет=" VENDOR_ACCOUNT "\nДатаПоступило=%s\nПолучательИНН=6316123458\n"
             "ПолучательРасчСчет=" VENDOR_ACCOUNT "\n"
             "НазначениеПлатежа=Оплата по счёту № %s за продление технической поддержки. Без НДС\n"
             "КонецДокумента\nКонецФайла\n",
             received, date, received, doc_number, date, amount, received, number);
    return text;
}

static void an_invoice_paid_through_the_bank_moves_the_support_end_once(void **state)
{
    (void)state;
    sup_ledger *l = open_mem();
    set_sample_vendor(l, 20200101, VENDOR_ACCOUNT);
    sup_id p = add_seed_product(l, "REP");
    sup_id lic = sell(l, add_customer(l, "ROMASHKA"), p, 20260115);
    sup_invoice *inv = issue(l, lic, 20260701, ROMASHKA_INN); /* the renewal request */
    char *text = statement_for(sup_invoice_number(inv), "501", "1998.00", "03.07.2026", "06.07.2026");
    sup_bank_statement *st = NULL;
    assert_int_equal(sup_bank_statement_parse(text, strlen(text), NULL, &st), SUP_OK);
    sup_bank_import *r = import(l, st, 0);
    assert_int_equal(outcome(r, 0).status, SUP_PAYMENT_APPLIED);
    assert_int_equal(support_end(l, lic), 20270715);
    sup_bank_import_free(r);
    r = import(l, st, 0); /* once */
    assert_int_equal(outcome(r, 0).status, SUP_PAYMENT_ALREADY_APPLIED);
    assert_int_equal(support_end(l, lic), 20270715);
    sup_bank_import_free(r);
    /* the invoice is paid on the day the money arrived; the event says where it came from */
    sup_invoice *back = NULL;
    assert_int_equal(sup_ledger_get_invoice(l, sup_invoice_number(inv), &back), SUP_OK);
    assert_int_equal(sup_invoice_paid_on(back), 20260706);
    assert_string_equal(sup_invoice_payment_id(back), "bank:40702810438000004321:2026-07-03:501");
    sup_invoice_free(back);
    sup_cursor *c = NULL;
    assert_int_equal(sup_ledger_list_payments(l, 20260706, 20260706, &c), SUP_OK);
    assert_int_equal(sup_cursor_next(c), 1);
    assert_string_equal(sup_cursor_text(c, SUP_PAYCOL_INVOICE), sup_invoice_number(inv));
    assert_int_equal(sup_cursor_int64(c, SUP_PAYCOL_SUPPORT_UNTIL), 20270715);
    assert_int_equal(sup_cursor_next(c), 0);
    sup_cursor_free(c);
    assert_int_equal(sup_ledger_list_audit(l, 0, &c), SUP_OK);
    int found = 0;
    while (sup_cursor_next(c) == 1)
        if (strcmp(sup_cursor_text(c, SUP_AUDCOL_ACTION), "renew") == 0) {
            found++;
            assert_non_null(strstr(sup_cursor_text(c, SUP_AUDCOL_DETAIL), "invoice=2026-000001; source=bank; "
                                                                          "bank_import=1"));
        }
    sup_cursor_free(c);
    assert_int_equal(found, 1);
    sup_bank_statement_free(st);
    free(text);
    /* a second document of the same payer for the same paid invoice: already paid, for review */
    text = statement_for(sup_invoice_number(inv), "502", "1998.00", "07.07.2026", "07.07.2026");
    assert_int_equal(sup_bank_statement_parse(text, strlen(text), NULL, &st), SUP_OK);
    r = import(l, st, 0);
    assert_int_equal(outcome(r, 0).reason, SUP_REVIEW_ALREADY_PAID);
    assert_int_equal(support_end(l, lic), 20270715);
    sup_bank_import_free(r);
    sup_bank_statement_free(st);
    free(text);
    sup_invoice_free(inv);
    /* the payment id of a document */
    char id[SUP_BANK_PAYMENT_ID_BUFSIZE];
    st = parse_sample("statement-dos.txt");
    assert_int_equal(sup_bank_payment_id(sup_bank_statement_doc(st, 0), id, sizeof id), SUP_OK);
    assert_string_equal(id, "bank:40702810542000007777:2026-12-08:740");
    assert_int_equal(sup_bank_payment_id(sup_bank_statement_doc(st, 0), id, 10), SUP_EBUFFER);
    sup_bank_statement_free(st);
    sup_ledger_close(l);
}

static void a_document_the_ledger_cannot_take_is_reported_and_the_rest_imported(void **state)
{
    (void)state;
    sup_ledger *l = open_mem();
    set_sample_vendor(l, 20200101, VENDOR_ACCOUNT);
    sup_id p = add_seed_product(l, "REP");
    sup_id lic = sell(l, add_customer(l, "ROMASHKA"), p, 20260115);
    sup_invoice *inv = issue(l, lic, 20260701, ROMASHKA_INN);
    /* first a document whose payer account is too long for a payment id (found by fuzz_bank_import) */
    char account[120];
    memset(account, '4', 110);
    account[110] = '\0';
    char text[4096];
    snprintf(text, sizeof text,
             "1CClientBankExchange\nВерсияФормата=1.03\nКодировка=UTF-8\n"
             "СекцияДокумент=Платежное поручение\nНомер=1\nДата=03.07.2026\nСумма=1998\nПлательщикСчет=%s\n"
             "ПолучательСчет=" VENDOR_ACCOUNT "\nНазначениеПлатежа=Оплата по счёту № %s\nКонецДокумента\n"
             "СекцияДокумент=Платежное поручение\nНомер=2\nДата=03.07.2026\nСумма=1998\n"
             "ПлательщикСчет=40702810438000004321\nПлательщикИНН=" ROMASHKA_INN "\n"
             "ПолучательСчет=" VENDOR_ACCOUNT "\nНазначениеПлатежа=Оплата по счёту № %s\nКонецДокумента\nКонецФайла\n",
             account, sup_invoice_number(inv), sup_invoice_number(inv));
    sup_bank_statement *st = NULL;
    assert_int_equal(sup_bank_statement_parse(text, strlen(text), NULL, &st), SUP_OK);
    sup_bank_import *r = import(l, st, 0);
    sup_receipt_outcome bad = outcome(r, 0);
    assert_int_equal(bad.status, SUP_PAYMENT_UNREADABLE);
    assert_non_null(strstr(bad.message, "not recorded: "));
    assert_int_equal(bad.amount, 199800);
    assert_int_equal(outcome(r, 1).status, SUP_PAYMENT_APPLIED);
    assert_int_equal(support_end(l, lic), 20270715);
    assert_string_equal(sup_payment_status_name(SUP_PAYMENT_UNREADABLE), "unreadable");
    sup_bank_import_free(r);
    sup_bank_statement_free(st);
    sup_invoice_free(inv);
    sup_ledger_close(l);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(the_windows_1251_statement_applies_two_payments_and_keeps_two_for_review),
        cmocka_unit_test(the_utf8_and_dos_statements_ignore_other_accounts_and_apply_their_payments),
        cmocka_unit_test(malformed_statements_are_refused_whole),
        cmocka_unit_test(an_invoice_paid_through_the_bank_moves_the_support_end_once),
        cmocka_unit_test(a_document_the_ledger_cannot_take_is_reported_and_the_rest_imported),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
