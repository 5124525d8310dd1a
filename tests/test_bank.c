/* Bank statements (1CClientBankExchange): the samples of examples/bank/ with
 * every value checked, the three encodings (complete code page tables), amounts
 * and dates, every structural error with its line, which documents are
 * incoming, and the invoice numbers of a payment purpose. */
#include <libsupport.h>

#include <setjmp.h>
#include <stdbool.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#define OURS "40702810954400012345"
#define OURS2 "40702810454400067890"

/* ---- fixtures ---------------------------------------------------------------- */

static char *read_file(const char *name, size_t *len)
{
    char path[512];
    snprintf(path, sizeof path, "%s/bank/%s", SUP_EXAMPLES_DIR, name);
    FILE *f = fopen(path, "rb");
    assert_non_null(f);
    char *buf = malloc(1 << 16);
    assert_non_null(buf);
    *len = fread(buf, 1, 1 << 16, f);
    fclose(f);
    return buf;
}

static sup_bank_statement *parse_sample(const char *name)
{
    size_t len;
    char *data = read_file(name, &len);
    sup_bank_statement *st = NULL;
    int rc = sup_bank_statement_parse(data, len, NULL, &st);
    if (rc != SUP_OK)
        fail_msg("%s: %s", name, sup_error_message());
    free(data);
    return st;
}

/* A UTF-8 statement around `body` (sections), with LF line ends. */
static char *wrap(const char *header_extra, const char *body)
{
    static const char head[] = "1CClientBankExchange\nВерсияФормата=1.03\nКодировка=UTF-8\nРасчСчет=" OURS "\n";
    size_t n = strlen(head) + strlen(header_extra) + strlen(body) + 32;
    char *s = malloc(n);
    assert_non_null(s);
    snprintf(s, n, "%s%s%sКонецФайла\n", head, header_extra, body);
    return s;
}

#define DOC_MIN "Номер=1\nДата=01.12.2026\nСумма=10.00\n"

static sup_bank_statement *parse_text_ok(const char *text)
{
    sup_bank_statement *st = NULL;
    int rc = sup_bank_statement_parse(text, strlen(text), NULL, &st);
    if (rc != SUP_OK)
        fail_msg("%s", sup_error_message());
    assert_non_null(st);
    return st;
}

static void expect_error(const char *text, size_t len, int code, const char *message)
{
    sup_bank_statement *st = (sup_bank_statement *)1;
    int rc = sup_bank_statement_parse(text, len, NULL, &st);
    if (rc != code || strcmp(sup_error_message(), message) != 0)
        fail_msg("got %d \"%s\", expected %d \"%s\"", rc, sup_error_message(), code, message);
    assert_null(st);
}

static void expect_body_error(const char *body, const char *message)
{
    char *text = wrap("", body);
    expect_error(text, strlen(text), SUP_EPARSE, message);
    free(text);
}

/* ---- the samples ----------------------------------------------------------------- */

static void test_cp1251_sample_header_and_balance(void **state)
{
    (void)state;
    sup_bank_statement *st = parse_sample("statement-cp1251.txt");
    assert_string_equal(sup_bank_statement_version(st), "1.03");
    assert_int_equal(sup_bank_statement_encoding(st), SUP_BANK_ENCODING_CP1251);
    assert_string_equal(sup_bank_statement_field(st, "Отправитель"), "Интернет-банк ПРИМЕР-БАНК");
    assert_string_equal(sup_bank_statement_field(st, "Документ"), "Платежное поручение");
    assert_null(sup_bank_statement_field(st, "Нет такого"));
    assert_int_equal(sup_bank_statement_created_on(st), 20261204);
    assert_int_equal(sup_bank_statement_date_from(st), 20261201);
    assert_int_equal(sup_bank_statement_date_to(st), 20261203);
    assert_int_equal(sup_bank_statement_account_count(st), 1);
    assert_string_equal(sup_bank_statement_account(st, 0), OURS);
    assert_null(sup_bank_statement_account(st, 1));
    assert_int_equal(sup_bank_statement_field_count(st), 11);
    const char *k, *v;
    assert_int_equal(sup_bank_statement_field_at(st, 10, &k, &v), SUP_OK);
    assert_string_equal(k, "Документ");
    assert_string_equal(v, "Банковский ордер");
    assert_int_equal(sup_bank_statement_field_at(st, 11, &k, &v), SUP_ENOTFOUND);

    assert_int_equal(sup_bank_statement_balance_count(st), 1);
    const sup_bank_balance *b = sup_bank_statement_balance(st, 0);
    assert_non_null(b);
    assert_null(sup_bank_statement_balance(st, 1));
    assert_int_equal(sup_bank_balance_line(b), 13);
    assert_string_equal(sup_bank_balance_account(b), OURS);
    assert_int_equal(sup_bank_balance_date_from(b), 20261201);
    assert_int_equal(sup_bank_balance_date_to(b), 20261203);
    sup_money m = -1;
    assert_int_equal(sup_bank_balance_amount(b, SUP_BANK_OPENING, &m), SUP_OK);
    assert_int_equal(m, 2500000);
    assert_int_equal(sup_bank_balance_amount(b, SUP_BANK_RECEIVED, &m), SUP_OK);
    assert_int_equal(m, 1059050);
    assert_int_equal(sup_bank_balance_amount(b, SUP_BANK_DEBITED, &m), SUP_OK);
    assert_int_equal(m, 165000);
    assert_int_equal(sup_bank_balance_amount(b, SUP_BANK_CLOSING, &m), SUP_OK);
    assert_int_equal(m, 3394050);
    assert_string_equal(sup_bank_balance_field(b, "НачальныйОстаток"), "25000.00");
    assert_int_equal(sup_bank_balance_field_count(b), 7);
    assert_int_equal(sup_bank_balance_field_at(b, 6, &k, &v), SUP_OK);
    assert_string_equal(k, "КонечныйОстаток");
    assert_string_equal(v, "33940.50");
    assert_int_equal(sup_bank_balance_field_at(b, 7, &k, &v), SUP_ENOTFOUND);
    sup_bank_statement_free(st);
}

typedef struct {
    sup_bank_doc_kind kind;
    const char *number;
    sup_date date;
    sup_money amount;
    sup_date received, debited;
    const char *payer, *payer_inn;
    int incoming;
    const char *invoices;
} doc_expect;

static void check_docs(const sup_bank_statement *st, const doc_expect *e, size_t n, const char *account)
{
    assert_int_equal(sup_bank_statement_doc_count(st), n);
    assert_null(sup_bank_statement_doc(st, n));
    for (size_t i = 0; i < n; i++) {
        const sup_bank_doc *d = sup_bank_statement_doc(st, i);
        assert_non_null(d);
        assert_int_equal(sup_bank_doc_kind_of(d), e[i].kind);
        assert_string_equal(sup_bank_doc_number(d), e[i].number);
        assert_int_equal(sup_bank_doc_date(d), e[i].date);
        assert_int_equal(sup_bank_doc_amount(d), e[i].amount);
        assert_int_equal(sup_bank_doc_received_on(d), e[i].received);
        assert_int_equal(sup_bank_doc_debited_on(d), e[i].debited);
        assert_string_equal(sup_bank_doc_party(d, SUP_BANK_PAYER, SUP_BANK_NAME), e[i].payer);
        assert_string_equal(sup_bank_doc_party(d, SUP_BANK_PAYER, SUP_BANK_INN), e[i].payer_inn);
        assert_int_equal(sup_bank_doc_is_incoming(d, account), e[i].incoming);
        char *inv = NULL;
        assert_int_equal(sup_bank_find_invoice_numbers(sup_bank_doc_purpose(d), &inv, NULL), SUP_OK);
        assert_string_equal(inv, e[i].invoices);
        sup_free(inv);
    }
}

static void test_cp1251_sample_documents(void **state)
{
    (void)state;
    sup_bank_statement *st = parse_sample("statement-cp1251.txt");
    static const doc_expect e[] = {
        {SUP_BANK_DOC_PAYMENT_ORDER, "412", 20261201, 199800, 20261201, 0, "ООО \"Ромашка\"", "7715123451", 1,
         "2026-000123"},
        {SUP_BANK_DOC_PAYMENT_ORDER, "57", 20261201, 359600, 20261203, 0, "ИП Петров Пётр Петрович", "631512345654",
         1, "2026-000124"},
        {SUP_BANK_DOC_PAYMENT_ORDER, "18", 20261202, 150000, 0, 20261202, "ООО \"Восьмёрка Про\"", "6316123458", 0,
         ""},
        {SUP_BANK_DOC_BANK_ORDER, "90211", 20261202, 15000, 0, 20261202, "ООО \"Восьмёрка Про\"", "6316123458", 0,
         ""},
        {SUP_BANK_DOC_PAYMENT_ORDER, "733", 20261202, 399600, 20261202, 0, "АО \"Волга-Софт\"", "6318990015", 1,
         "2026-000125\n2026-000126"},
        {SUP_BANK_DOC_PAYMENT_ORDER, "415", 20261203, 100050, 20261203, 0, "ООО \"Ромашка\"", "7715123451", 1,
         "2026-000127"},
    };
    check_docs(st, e, sizeof e / sizeof e[0], OURS);

    const sup_bank_doc *d = sup_bank_statement_doc(st, 0);
    assert_string_equal(sup_bank_doc_kind_text(d), "Платежное поручение");
    assert_int_equal(sup_bank_doc_line(d), 22);
    assert_string_equal(sup_bank_doc_purpose(d), "Оплата по счёту № 2026-000123 от 01.12.2026 за продление технической "
                                                 "поддержки «Отчёт по продажам» до 15.07.2027. Без НДС");
    assert_string_equal(sup_bank_doc_party(d, SUP_BANK_PAYER, SUP_BANK_ACCOUNT), "40702810438000004321");
    assert_string_equal(sup_bank_doc_party(d, SUP_BANK_PAYER, SUP_BANK_SETTLEMENT_ACCOUNT), "40702810438000004321");
    assert_string_equal(sup_bank_doc_party(d, SUP_BANK_PAYER, SUP_BANK_KPP), "771501001");
    assert_string_equal(sup_bank_doc_party(d, SUP_BANK_PAYER, SUP_BANK_BIK), "044525999");
    assert_string_equal(sup_bank_doc_party(d, SUP_BANK_PAYER, SUP_BANK_BANK_NAME), "ПАО \"БАНК-ОБРАЗЕЦ\"");
    assert_string_equal(sup_bank_doc_party(d, SUP_BANK_PAYER, SUP_BANK_CORR_ACCOUNT), "30101810600000000999");
    assert_string_equal(sup_bank_doc_party(d, SUP_BANK_PAYEE, SUP_BANK_ACCOUNT), OURS);
    assert_string_equal(sup_bank_doc_party(d, SUP_BANK_PAYEE, SUP_BANK_NAME), "ООО \"Восьмёрка Про\"");
    assert_string_equal(sup_bank_doc_party(d, SUP_BANK_PAYEE, SUP_BANK_INN), "6316123458");
    assert_string_equal(sup_bank_doc_party(d, SUP_BANK_PAYEE, SUP_BANK_KPP), "631601001");
    assert_string_equal(sup_bank_doc_party(d, SUP_BANK_PAYEE, SUP_BANK_BIK), "043601999");
    assert_null(sup_bank_doc_party(d, SUP_BANK_PAYEE, (sup_bank_party_field)8));
    assert_null(sup_bank_doc_party(d, (sup_bank_party)2, SUP_BANK_INN));
    /* the individual entrepreneur has no KPP: an empty value */
    assert_string_equal(sup_bank_doc_party(sup_bank_statement_doc(st, 1), SUP_BANK_PAYER, SUP_BANK_KPP), "");
    assert_string_equal(sup_bank_doc_field(sup_bank_statement_doc(st, 1), "ПлательщикКПП"), "");
    assert_string_equal(sup_bank_doc_field(d, "ВидОплаты"), "01");
    assert_null(sup_bank_doc_field(d, "ДатаСписано"));
    assert_null(sup_bank_doc_field(d, NULL));
    /* the document's lines in order, after СекцияДокумент */
    assert_int_equal(sup_bank_doc_field_count(d), 28);
    const char *k, *v;
    assert_int_equal(sup_bank_doc_field_at(d, 0, &k, &v), SUP_OK);
    assert_string_equal(k, "Номер");
    assert_string_equal(v, "412");
    assert_int_equal(sup_bank_doc_field_at(d, 27, &k, &v), SUP_OK);
    assert_string_equal(k, "ПолучательКПП");
    assert_int_equal(sup_bank_doc_field_at(d, 28, &k, &v), SUP_ENOTFOUND);
    assert_int_equal(sup_bank_doc_field_at(d, 0, NULL, &v), SUP_EINVAL);
    sup_bank_statement_free(st);
}

static void test_utf8_sample_two_accounts_and_purpose_lines(void **state)
{
    (void)state;
    sup_bank_statement *st = parse_sample("statement-utf8.txt");
    assert_string_equal(sup_bank_statement_version(st), "1.02");
    assert_int_equal(sup_bank_statement_encoding(st), SUP_BANK_ENCODING_UTF8);
    assert_int_equal(sup_bank_statement_account_count(st), 2);
    assert_string_equal(sup_bank_statement_account(st, 1), OURS2);
    assert_int_equal(sup_bank_statement_balance_count(st), 2);
    sup_money m = 0;
    assert_int_equal(sup_bank_balance_amount(sup_bank_statement_balance(st, 1), SUP_BANK_RECEIVED, &m), SUP_OK);
    assert_int_equal(m, 849000);
    assert_string_equal(sup_bank_balance_account(sup_bank_statement_balance(st, 1)), OURS2);
    /* 1.02: the bare name carries the INN, the name is in Плательщик1 */
    static const doc_expect e[] = {
        {SUP_BANK_DOC_PAYMENT_ORDER, "88", 20261204, 799000, 20261204, 0, "ООО \"Ромашка\"", "7715123451", 0, ""},
        {SUP_BANK_DOC_PAYMENT_ORDER, "61", 20261204, 199800, 20261207, 0, "ИП Петров Пётр Петрович", "631512345654",
         1, "2026-000128"},
        {SUP_BANK_DOC_MEMORIAL_ORDER, "7", 20261204, 4215, 20261204, 0, "АО \"ПРИМЕР-БАНК\"", "1650123450", 1, ""},
        {SUP_BANK_DOC_PAYMENT_ORDER, "19", 20261204, 50000, 20261204, 20261204, "ООО \"Восьмёрка Про\"", "6316123458",
         0, ""},
    };
    check_docs(st, e, sizeof e / sizeof e[0], OURS);
    const sup_bank_doc *d = sup_bank_statement_doc(st, 1);
    assert_string_equal(sup_bank_doc_field(d, "Плательщик"), "ИНН 631512345654 ИП Петров Пётр Петрович");
    assert_string_equal(sup_bank_doc_field(d, "НазначениеПлатежа"), "");
    assert_string_equal(sup_bank_doc_purpose(d),
                        "Оплата по счёту № 2026-000128 от 03.12.2026 за продление технической поддержки. Без НДС");
    /* seen from the second account: the payment to it and the transfer from our first account are incoming */
    assert_int_equal(sup_bank_doc_is_incoming(sup_bank_statement_doc(st, 0), OURS2), 1);
    assert_int_equal(sup_bank_doc_is_incoming(sup_bank_statement_doc(st, 3), OURS2), 1);
    assert_int_equal(sup_bank_doc_is_incoming(sup_bank_statement_doc(st, 1), OURS2), 0);
    sup_bank_statement_free(st);
}

static void test_dos_and_bom_samples(void **state)
{
    (void)state;
    sup_bank_statement *st = parse_sample("statement-dos.txt");
    assert_int_equal(sup_bank_statement_encoding(st), SUP_BANK_ENCODING_CP866);
    static const doc_expect dos[] = {{SUP_BANK_DOC_PAYMENT_ORDER, "740", 20261208, 199800, 20261208, 0,
                                      "АО \"Волга-Софт\"", "6318990015", 1, "2026-000130"}};
    check_docs(st, dos, 1, OURS);
    assert_string_equal(sup_bank_doc_purpose(sup_bank_statement_doc(st, 0)),
                        "Оплата по счету N 2026-000130 от 07.12.2026 за продление технической поддержки. Без НДС");
    sup_bank_statement_free(st);

    /* a BOM wins over the Кодировка=Windows a converting tool left in place */
    st = parse_sample("statement-overlap-bom.txt");
    assert_int_equal(sup_bank_statement_encoding(st), SUP_BANK_ENCODING_UTF8);
    assert_string_equal(sup_bank_statement_field(st, "Кодировка"), "Windows");
    static const doc_expect bom[] = {
        {SUP_BANK_DOC_PAYMENT_ORDER, "57", 20261201, 359600, 20261203, 0, "ИП Петров Пётр Петрович", "631512345654",
         1, "2026-000124"},
        {SUP_BANK_DOC_PAYMENT_ORDER, "415", 20261203, 100050, 20261203, 0, "ООО \"Ромашка\"", "7715123451", 1,
         "2026-000127"},
        {SUP_BANK_DOC_PAYMENT_ORDER, "97", 20261130, 199400, 20261204, 0, "АО \"Волга-Софт\"", "6318990015", 1,
         "2026-000101"},
    };
    check_docs(st, bom, 3, OURS);
    sup_bank_statement_free(st);
}

static void test_broken_samples_are_refused_with_their_line(void **state)
{
    (void)state;
    static const struct {
        const char *file, *message;
    } bad[] = {
        {"bad-truncated.txt", "bank statement line 111: КонецДокумента missing before the end of the file (the "
                              "document opened on line 82)"},
        {"bad-no-end-of-document.txt", "bank statement line 81: КонецДокумента missing before the next "
                                       "СекцияДокумент (the document opened on line 52)"},
        {"bad-encoding-mismatch.txt", "bank statement line 3: the file declares Кодировка=Windows (Windows-1251) but "
                                      "is written in UTF-8; save it again in Windows-1251 or correct the Кодировка "
                                      "line"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        size_t len;
        char *data = read_file(bad[i].file, &len);
        expect_error(data, len, SUP_EPARSE, bad[i].message);
        free(data);
    }
}

static void test_forced_encoding_reads_a_mislabelled_file(void **state)
{
    (void)state;
    size_t len;
    char *data = read_file("bad-encoding-mismatch.txt", &len);
    sup_bank_parse_options o;
    assert_int_equal(sup_bank_parse_options_init(&o, SUP_BANK_PARSE_OPTIONS_VERSION), SUP_OK);
    assert_int_equal(o.encoding, SUP_BANK_ENCODING_AUTO);
    assert_int_equal(o.max_bytes, 0);
    o.encoding = SUP_BANK_ENCODING_UTF8;
    sup_bank_statement *st = NULL;
    assert_int_equal(sup_bank_statement_parse(data, len, &o, &st), SUP_OK);
    assert_int_equal(sup_bank_statement_doc_count(st), 6);
    assert_string_equal(sup_bank_doc_party(sup_bank_statement_doc(st, 5), SUP_BANK_PAYER, SUP_BANK_NAME),
                        "ООО \"Ромашка\"");
    sup_bank_statement_free(st);
    /* the same bytes forced to Windows-1251 are not a statement */
    o.encoding = SUP_BANK_ENCODING_CP1251;
    assert_int_equal(sup_bank_statement_parse(data, len, &o, &st), SUP_EPARSE);
    assert_null(st);
    free(data);
}

/* ---- encodings ------------------------------------------------------------------------ */

/* bytes 0x80…0xFF of each page (0x98 left out of Windows-1251) as UTF-8, from Python's codecs */
static const char cp1251_upper_utf8[] =
    "\xD0\x82\xD0\x83\xE2\x80\x9A\xD1\x93\xE2\x80\x9E\xE2\x80\xA6\xE2\x80\xA0\xE2\x80\xA1\xE2\x82\xAC"
    "\xE2\x80\xB0\xD0\x89\xE2\x80\xB9\xD0\x8A\xD0\x8C\xD0\x8B\xD0\x8F\xD1\x92\xE2\x80\x98\xE2\x80\x99"
    "\xE2\x80\x9C\xE2\x80\x9D\xE2\x80\xA2\xE2\x80\x93\xE2\x80\x94\xE2\x84\xA2\xD1\x99\xE2\x80\xBA\xD1"
    "\x9A\xD1\x9C\xD1\x9B\xD1\x9F\xC2\xA0\xD0\x8E\xD1\x9E\xD0\x88\xC2\xA4\xD2\x90\xC2\xA6\xC2\xA7\xD0"
    "\x81\xC2\xA9\xD0\x84\xC2\xAB\xC2\xAC\xC2\xAD\xC2\xAE\xD0\x87\xC2\xB0\xC2\xB1\xD0\x86\xD1\x96\xD2"
    "\x91\xC2\xB5\xC2\xB6\xC2\xB7\xD1\x91\xE2\x84\x96\xD1\x94\xC2\xBB\xD1\x98\xD0\x85\xD1\x95\xD1\x97"
    "\xD0\x90\xD0\x91\xD0\x92\xD0\x93\xD0\x94\xD0\x95\xD0\x96\xD0\x97\xD0\x98\xD0\x99\xD0\x9A\xD0\x9B"
    "\xD0\x9C\xD0\x9D\xD0\x9E\xD0\x9F\xD0\xA0\xD0\xA1\xD0\xA2\xD0\xA3\xD0\xA4\xD0\xA5\xD0\xA6\xD0\xA7"
    "\xD0\xA8\xD0\xA9\xD0\xAA\xD0\xAB\xD0\xAC\xD0\xAD\xD0\xAE\xD0\xAF\xD0\xB0\xD0\xB1\xD0\xB2\xD0\xB3"
    "\xD0\xB4\xD0\xB5\xD0\xB6\xD0\xB7\xD0\xB8\xD0\xB9\xD0\xBA\xD0\xBB\xD0\xBC\xD0\xBD\xD0\xBE\xD0\xBF"
    "\xD1\x80\xD1\x81\xD1\x82\xD1\x83\xD1\x84\xD1\x85\xD1\x86\xD1\x87\xD1\x88\xD1\x89\xD1\x8A\xD1\x8B"
    "\xD1\x8C\xD1\x8D\xD1\x8E\xD1\x8F";
static const char cp866_upper_utf8[] =
    "\xD0\x90\xD0\x91\xD0\x92\xD0\x93\xD0\x94\xD0\x95\xD0\x96\xD0\x97\xD0\x98\xD0\x99\xD0\x9A\xD0\x9B"
    "\xD0\x9C\xD0\x9D\xD0\x9E\xD0\x9F\xD0\xA0\xD0\xA1\xD0\xA2\xD0\xA3\xD0\xA4\xD0\xA5\xD0\xA6\xD0\xA7"
    "\xD0\xA8\xD0\xA9\xD0\xAA\xD0\xAB\xD0\xAC\xD0\xAD\xD0\xAE\xD0\xAF\xD0\xB0\xD0\xB1\xD0\xB2\xD0\xB3"
    "\xD0\xB4\xD0\xB5\xD0\xB6\xD0\xB7\xD0\xB8\xD0\xB9\xD0\xBA\xD0\xBB\xD0\xBC\xD0\xBD\xD0\xBE\xD0\xBF"
    "\xE2\x96\x91\xE2\x96\x92\xE2\x96\x93\xE2\x94\x82\xE2\x94\xA4\xE2\x95\xA1\xE2\x95\xA2\xE2\x95\x96"
    "\xE2\x95\x95\xE2\x95\xA3\xE2\x95\x91\xE2\x95\x97\xE2\x95\x9D\xE2\x95\x9C\xE2\x95\x9B\xE2\x94\x90"
    "\xE2\x94\x94\xE2\x94\xB4\xE2\x94\xAC\xE2\x94\x9C\xE2\x94\x80\xE2\x94\xBC\xE2\x95\x9E\xE2\x95\x9F"
    "\xE2\x95\x9A\xE2\x95\x94\xE2\x95\xA9\xE2\x95\xA6\xE2\x95\xA0\xE2\x95\x90\xE2\x95\xAC\xE2\x95\xA7"
    "\xE2\x95\xA8\xE2\x95\xA4\xE2\x95\xA5\xE2\x95\x99\xE2\x95\x98\xE2\x95\x92\xE2\x95\x93\xE2\x95\xAB"
    "\xE2\x95\xAA\xE2\x94\x98\xE2\x94\x8C\xE2\x96\x88\xE2\x96\x84\xE2\x96\x8C\xE2\x96\x90\xE2\x96\x80"
    "\xD1\x80\xD1\x81\xD1\x82\xD1\x83\xD1\x84\xD1\x85\xD1\x86\xD1\x87\xD1\x88\xD1\x89\xD1\x8A\xD1\x8B"
    "\xD1\x8C\xD1\x8D\xD1\x8E\xD1\x8F\xD0\x81\xD1\x91\xD0\x84\xD1\x94\xD0\x87\xD1\x97\xD0\x8E\xD1\x9E"
    "\xC2\xB0\xE2\x88\x99\xC2\xB7\xE2\x88\x9A\xE2\x84\x96\xC2\xA4\xE2\x96\xA0\xC2\xA0";

static void check_page(const char *encoding_name, sup_bank_encoding enc, bool skip_98, const char *expected)
{
    char file[1024];
    /* the Cyrillic keys (ВерсияФормата, Кодировка, Тест) written in the page itself */
    static const char cp1251_keys[] = "1CClientBankExchange\r\n\xC2\xE5\xF0\xF1\xE8\xFF\xD4\xEE\xF0\xEC\xE0\xF2\xE0"
                                      "=1.02\r\n\xCA\xEE\xE4\xE8\xF0\xEE\xE2\xEA\xE0=Windows\r\n\xD2\xE5\xF1\xF2=";
    static const char cp866_keys[] = "1CClientBankExchange\r\n\x82\xA5\xE0\xE1\xA8\xEF\x94\xAE\xE0\xAC\xA0\xE2\xA0"
                                     "=1.02\r\n\x8A\xAE\xA4\xA8\xE0\xAE\xA2\xAA\xA0=DOS\r\n\x92\xA5\xE1\xE2=";
    (void)encoding_name;
    const char *keys = enc == SUP_BANK_ENCODING_CP1251 ? cp1251_keys : cp866_keys;
    size_t len = strlen(keys);
    memcpy(file, keys, len);
    for (int c = 0x80; c <= 0xFF; c++)
        if (!(skip_98 && c == 0x98))
            file[len++] = (char)c;
    static const char end[] = "\r\n\xCA\xEE\xED\xE5\xF6\xD4\xE0\xE9\xEB\xE0\r\n"; /* КонецФайла in cp1251 */
    static const char end866[] = "\r\n\x8A\xAE\xAD\xA5\xE6\x94\xA0\xA9\xAB\xA0\r\n";
    const char *e = enc == SUP_BANK_ENCODING_CP1251 ? end : end866;
    memcpy(file + len, e, strlen(e));
    len += strlen(e);
    sup_bank_statement *st = NULL;
    int rc = sup_bank_statement_parse(file, len, NULL, &st);
    if (rc != SUP_OK)
        fail_msg("%s", sup_error_message());
    assert_int_equal(sup_bank_statement_encoding(st), enc);
    assert_string_equal(sup_bank_statement_field(st, "Тест"), expected);
    sup_bank_statement_free(st);
}

static void test_every_byte_of_cp1251_and_cp866_decodes(void **state)
{
    (void)state;
    check_page("Windows", SUP_BANK_ENCODING_CP1251, true, cp1251_upper_utf8);
    check_page("DOS", SUP_BANK_ENCODING_CP866, false, cp866_upper_utf8);
}

static void test_bytes_not_in_the_encoding_are_refused_with_their_line(void **state)
{
    (void)state;
    /* 0x98 has no character in Windows-1251 */
    static const char cp1251[] = "1CClientBankExchange\r\n\xCA\xEE\xE4\xE8\xF0\xEE\xE2\xEA\xE0=Windows\r\nX=\x98\r\n";
    expect_error(cp1251, sizeof cp1251 - 1, SUP_EPARSE, "bank statement line 3: byte 0x98 is not Windows-1251 text");
    static const char utf8[] = "1CClientBankExchange\nКодировка=UTF-8\nВерсияФормата=1.03\nX=\xD0\n";
    expect_error(utf8, sizeof utf8 - 1, SUP_EPARSE, "bank statement line 4: byte 0xD0 is not UTF-8 text");
    static const char bom_only_utf8[] = "\xEF\xBB\xBF" "1CClientBankExchange\nX=\xFF\n";
    expect_error(bom_only_utf8, sizeof bom_only_utf8 - 1, SUP_EPARSE,
                 "bank statement line 2: byte 0xFF is not UTF-8 text");
    static const char nul[] = "1CClientBankExchange\nКодировка=UTF-8\nВерсияФормата=1.03\nX=a\0b\nКонецФайла\n";
    expect_error(nul, sizeof nul - 1, SUP_EPARSE, "bank statement line 4: control character 0x00 in the text");
    static const char cr[] = "1CClientBankExchange\nКодировка=UTF-8\nВерсияФормата=1.03\nX=a\rb\nКонецФайла\n";
    expect_error(cr, sizeof cr - 1, SUP_EPARSE, "bank statement line 4: control character 0x0D in the text");
}

static void test_encoding_declarations(void **state)
{
    (void)state;
    const char *t = "1CClientBankExchange\nВерсияФормата=1.03\nКодировка=KOI8-R\nКонецФайла\n";
    expect_error(t, strlen(t), SUP_EPARSE,
                 "bank statement line 3: unknown Кодировка \"KOI8-R\": expected Windows, DOS or UTF-8");
    t = "1CClientBankExchange\nВерсияФормата=1.03\nКонецФайла\n";
    expect_error(t, strlen(t), SUP_EPARSE,
                 "bank statement line 3: the header has no Кодировка (Windows, DOS or UTF-8) before this line");
    t = "1CClientBankExchange\nКодировка=utf8\nСекцияРасчСчет\nКонецРасчСчет\nКонецФайла\n";
    expect_error(t, strlen(t), SUP_EPARSE,
                 "bank statement line 3: the header has no ВерсияФормата (1.02 or 1.03) before this line");
    t = "1CClientBankExchange\nКодировка=UTF-8\nВерсияФормата=1.01\nКонецФайла\n";
    expect_error(t, strlen(t), SUP_EPARSE, "bank statement line 3: ВерсияФормата \"1.01\" is not supported (1.02 or "
                                           "1.03)");
    /* Windows-1251 bytes that say DOS */
    static const char w_dos[] = "1CClientBankExchange\r\n\xCA\xEE\xE4\xE8\xF0\xEE\xE2\xEA\xE0=DOS\r\n";
    expect_error(w_dos, sizeof w_dos - 1, SUP_EPARSE,
                 "bank statement line 2: the file declares Кодировка=DOS (DOS (CP866)) but is written in "
                 "Windows-1251; save it again in DOS (CP866) or correct the Кодировка line");
    /* a BOM with a forced single-byte page is a contradiction */
    sup_bank_parse_options o;
    assert_int_equal(sup_bank_parse_options_init(&o, SUP_BANK_PARSE_OPTIONS_VERSION), SUP_OK);
    o.encoding = SUP_BANK_ENCODING_CP866;
    static const char bom[] = "\xEF\xBB\xBF" "1CClientBankExchange\nКонецФайла\n";
    sup_bank_statement *st = NULL;
    assert_int_equal(sup_bank_statement_parse(bom, sizeof bom - 1, &o, &st), SUP_EPARSE);
    assert_string_equal(sup_error_message(), "bank statement line 1: the file starts with a UTF-8 byte order mark but "
                                             "DOS (CP866) was asked for");
    assert_null(st);
}

/* ---- amounts and dates ---------------------------------------------------------------- */

static sup_money amount_of(const char *text)
{
    char body[256];
    snprintf(body, sizeof body, "СекцияДокумент=Платежное поручение\nНомер=1\nДата=01.12.2026\nСумма=%s\n"
                                "КонецДокумента\n", text);
    char *t = wrap("", body);
    sup_bank_statement *st = parse_text_ok(t);
    sup_money m = sup_bank_doc_amount(sup_bank_statement_doc(st, 0));
    sup_bank_statement_free(st);
    free(t);
    return m;
}

static void test_amounts_are_exact_kopecks(void **state)
{
    (void)state;
    assert_int_equal(amount_of("1998.00"), 199800);
    assert_int_equal(amount_of("1998"), 199800);
    assert_int_equal(amount_of("1998.5"), 199850);
    assert_int_equal(amount_of("0.01"), 1);
    assert_int_equal(amount_of("0"), 0);
    assert_int_equal(amount_of(" 7990.50 "), 799050);
    assert_int_equal(amount_of("92233720368547758.07"), INT64_MAX);
}

static void test_bad_amounts_are_refused(void **state)
{
    (void)state;
    static const char *const bad[] = {"1998.001", "1998,00", "-5", "+5", "1e3", "1998.", ".5", "19 98",
                                      "1998.00 руб.", "92233720368547758.08", "92233720368547759", "99999999999999999999"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char body[256], msg[256];
        snprintf(body, sizeof body, "СекцияДокумент=Платежное поручение\nСумма=%s\nКонецДокумента\n", bad[i]);
        snprintf(msg, sizeof msg, "bank statement line 6: Сумма = \"%s\" is not an amount of rubles with at most two "
                                  "decimals (1998.00)", bad[i]);
        expect_body_error(body, msg);
    }
    /* balances may be negative, turnovers not */
    char *t = wrap("", "СекцияРасчСчет\nНачальныйОстаток=-120.5\nВсегоСписано=\nКонецРасчСчет\n");
    sup_bank_statement *st = parse_text_ok(t);
    sup_money m = 0;
    assert_int_equal(sup_bank_balance_amount(sup_bank_statement_balance(st, 0), SUP_BANK_OPENING, &m), SUP_OK);
    assert_int_equal(m, -12050);
    m = 77;
    assert_int_equal(sup_bank_balance_amount(sup_bank_statement_balance(st, 0), SUP_BANK_DEBITED, &m), SUP_ENOTFOUND);
    assert_string_equal(sup_error_message(), "the СекцияРасчСчет on line 5 has no ВсегоСписано");
    assert_int_equal(m, 77);
    assert_int_equal(sup_bank_balance_amount(sup_bank_statement_balance(st, 0), (sup_bank_balance_item)4, &m),
                     SUP_EINVAL);
    assert_int_equal(sup_bank_balance_date_from(sup_bank_statement_balance(st, 0)), SUP_DATE_NONE);
    assert_string_equal(sup_bank_balance_account(sup_bank_statement_balance(st, 0)), "");
    sup_bank_statement_free(st);
    free(t);
    expect_body_error("СекцияРасчСчет\nВсегоПоступило=-1.00\nКонецРасчСчет\n",
                      "bank statement line 6: ВсегоПоступило = \"-1.00\" is not an amount of rubles with at most two "
                      "decimals (1998.00)");
}

static void test_dates_are_dd_mm_yyyy(void **state)
{
    (void)state;
    static const char *const bad[] = {"31.02.2026", "2026-12-01", "1.12.2026", "01.13.2026", "01.12.26", "00.12.2026"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        char body[256], msg[256];
        snprintf(body, sizeof body, "СекцияДокумент=Платежное поручение\nДатаПоступило=%s\nКонецДокумента\n", bad[i]);
        snprintf(msg, sizeof msg, "bank statement line 6: ДатаПоступило = \"%s\" is not a date DD.MM.YYYY", bad[i]);
        expect_body_error(body, msg);
    }
    char *t = wrap("ДатаНачала=29.02.2027\n", "");
    expect_error(t, strlen(t), SUP_EPARSE, "bank statement line 5: ДатаНачала = \"29.02.2027\" is not a date DD.MM.YYYY");
    free(t);
    t = wrap("ДатаНачала=29.02.2028\nДатаКонца=\n", "СекцияДокумент=Платежное поручение\n" DOC_MIN
                                                    "ДатаСписано=\nДатаПоступило=31.12.9999\nКонецДокумента\n");
    sup_bank_statement *st = parse_text_ok(t);
    assert_int_equal(sup_bank_statement_date_from(st), 20280229);
    assert_int_equal(sup_bank_statement_date_to(st), SUP_DATE_NONE);
    assert_int_equal(sup_bank_doc_debited_on(sup_bank_statement_doc(st, 0)), SUP_DATE_NONE);
    assert_int_equal(sup_bank_doc_received_on(sup_bank_statement_doc(st, 0)), 99991231);
    sup_bank_statement_free(st);
    free(t);
}

/* ---- structure ---------------------------------------------------------------------------- */

static void test_structural_errors_name_the_line(void **state)
{
    (void)state;
    static const struct {
        const char *body, *message;
    } cases[] = {
        {"КонецВыписки\n", "bank statement line 5: unknown section end \"КонецВыписки\""},
        {"СекцияВыписка\n", "bank statement line 5: unknown section \"СекцияВыписка\""},
        {"СекцияВыписка=1\n", "bank statement line 5: unknown section \"СекцияВыписка\""},
        {"СекцияДокумент=Платежное поручение\n" DOC_MIN "СекцияДокумент=Платежное поручение\n",
         "bank statement line 9: КонецДокумента missing before the next СекцияДокумент (the document opened on line "
         "5)"},
        {"СекцияДокумент=Платежное поручение\n" DOC_MIN "СекцияРасчСчет\n",
         "bank statement line 9: КонецДокумента missing before СекцияРасчСчет (the document opened on line 5)"},
        {"СекцияДокумент=Платежное поручение\n" DOC_MIN,
         "bank statement line 9: КонецДокумента missing before КонецФайла (the document opened on line 5)"},
        {"СекцияРасчСчет\nСекцияДокумент=Платежное поручение\n",
         "bank statement line 6: КонецРасчСчет missing before the next СекцияДокумент (the section opened on line 5)"},
        {"СекцияРасчСчет\nКонецДокумента\n",
         "bank statement line 6: КонецДокумента inside the СекцияРасчСчет opened on line 5"},
        {"СекцияДокумент=Платежное поручение\nКонецРасчСчет\n",
         "bank statement line 6: КонецРасчСчет inside the document opened on line 5"},
        {"КонецДокумента\n", "bank statement line 5: КонецДокумента without СекцияДокумент"},
        {"КонецРасчСчет\n", "bank statement line 5: КонецРасчСчет without СекцияРасчСчет"},
        {"СекцияДокумент=Платежное поручение\nНомер 1\n",
         "bank statement line 6: a line without '=' inside the document opened on line 5: \"Номер 1\""},
        {"СекцияРасчСчет\nостаток\n",
         "bank statement line 6: a line without '=' inside the СекцияРасчСчет opened on line 5: \"остаток\""},
        {"просто текст\n", "bank statement line 5: expected Key=Value, got \"просто текст\""},
        {"=5\n", "bank statement line 5: a line with an empty key"},
        {"СекцияДокумент=Платежное поручение\nНомер=1\nДата=01.12.2026\nНомер=2\n",
         "bank statement line 8: the document opened on line 5 has \"Номер\" twice (lines 6 and 8)"},
        {"СекцияРасчСчет\nРасчСчет=1\nРасчСчет=1\n",
         "bank statement line 7: the СекцияРасчСчет opened on line 5 has \"РасчСчет\" twice (lines 6 and 7)"},
        {"СекцияДокумент\n", "bank statement line 5: СекцияДокумент without a kind (СекцияДокумент=Платежное поручение)"},
        {"СекцияДокумент=  \n",
         "bank statement line 5: СекцияДокумент without a kind (СекцияДокумент=Платежное поручение)"},
        {"СекцияДокумент=Платежное поручение\nДата=01.12.2026\nСумма=1\nКонецДокумента\n",
         "bank statement line 8: the document opened on line 5 has no Номер"},
        {"СекцияДокумент=Платежное поручение\nНомер=1\nСумма=1\nДата=\nКонецДокумента\n",
         "bank statement line 9: the document opened on line 5 has no Дата"},
        {"СекцияДокумент=Платежное поручение\nНомер=1\nДата=01.12.2026\nКонецДокумента\n",
         "bank statement line 8: the document opened on line 5 has no Сумма"},
        {"Отправитель=A\nОтправитель=B\n", "bank statement line 6: the header has \"Отправитель\" twice (lines 5 and 6)"},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
        expect_body_error(cases[i].body, cases[i].message);
}

static void test_the_file_must_start_and_end_as_a_statement(void **state)
{
    (void)state;
    const char *t = "1CClientBankExchange\nКодировка=UTF-8\nВерсияФормата=1.03\n";
    expect_error(t, strlen(t), SUP_EPARSE, "bank statement line 4: КонецФайла missing: the file is truncated");
    t = "1CClientBankExchange\nКодировка=UTF-8\nВерсияФормата=1.03\nКонецФайла";
    sup_bank_statement *st = parse_text_ok(t); /* the last line needs no line end */
    assert_int_equal(sup_bank_statement_doc_count(st), 0);
    sup_bank_statement_free(st);
    t = "1CClientBankExchange\nКодировка=UTF-8\nВерсияФормата=1.03\nКонецФайла\n\n  \r\nмусор\n";
    expect_error(t, strlen(t), SUP_EPARSE, "bank statement line 7: text after КонецФайла: \"мусор\"");
    t = "date;amount\n2026-12-01;5\n";
    expect_error(t, strlen(t), SUP_EPARSE,
                 "bank statement line 1: not a 1CClientBankExchange file: the first line is \"date;amount\"");
    t = "\n1CClientBankExchange\n";
    expect_error(t, strlen(t), SUP_EPARSE, "bank statement line 1: not a 1CClientBankExchange file: the first line "
                                           "is \"\"");
    expect_error("", 0, SUP_EPARSE, "bank statement: the file is empty");
    /* CRLF, blank lines, spaces around keys and values */
    t = "1CClientBankExchange \r\n\r\n ВерсияФормата = 1.02\r\nКодировка=UTF-8\r\nСекцияДокумент = Платёжное "
        "поручение\r\n Номер=A-17 \r\nДата=01.12.2026\r\nСумма=5\r\n\r\nКонецДокумента\r\nКонецФайла\r\n";
    st = parse_text_ok(t);
    const sup_bank_doc *d = sup_bank_statement_doc(st, 0);
    assert_int_equal(sup_bank_doc_kind_of(d), SUP_BANK_DOC_PAYMENT_ORDER);
    assert_string_equal(sup_bank_doc_kind_text(d), "Платёжное поручение");
    assert_string_equal(sup_bank_doc_number(d), "A-17");
    assert_int_equal(sup_bank_doc_line(d), 5);
    assert_string_equal(sup_bank_statement_version(st), "1.02");
    sup_bank_statement_free(st);
}

/* Found by fuzz_bank: sections without a single field leave the statement without a field pool, and
 * NULL + 0 for their fields was undefined behaviour (clang's UBSan in the fuzz build reports it, GCC's does
 * not; the input is in tests/fuzz/corpus/bank, which the fuzz run starts from). */
static void test_sections_without_fields_parse_and_have_none(void **state)
{
    (void)state;
    const char *t = "1CClientBankExchange\nВерсияФормата=1.03\nКодировка=UTF-8\nСекцияРасчСчет\nКонецРасчСчет\n"
                    "КонецФайла\n";
    sup_bank_statement *st = parse_text_ok(t);
    assert_int_equal(sup_bank_statement_balance_count(st), 1);
    const sup_bank_balance *b = sup_bank_statement_balance(st, 0);
    assert_int_equal(sup_bank_balance_field_count(b), 0);
    assert_null(sup_bank_balance_field(b, "ДатаНачала"));
    const char *k = NULL, *v = NULL;
    assert_int_equal(sup_bank_balance_field_at(b, 0, &k, &v), SUP_ENOTFOUND);
    assert_string_equal(sup_bank_balance_account(b), "");
    sup_bank_statement_free(st);
}

static void test_document_kinds(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        sup_bank_doc_kind kind;
        const char *name;
    } kinds[] = {
        {"Платежное поручение", SUP_BANK_DOC_PAYMENT_ORDER, "payment_order"},
        {"Банковский ордер", SUP_BANK_DOC_BANK_ORDER, "bank_order"},
        {"Платежное требование", SUP_BANK_DOC_PAYMENT_REQUEST, "payment_request"},
        {"Платёжное требование", SUP_BANK_DOC_PAYMENT_REQUEST, "payment_request"},
        {"Инкассовое поручение", SUP_BANK_DOC_COLLECTION_ORDER, "collection_order"},
        {"Мемориальный ордер", SUP_BANK_DOC_MEMORIAL_ORDER, "memorial_order"},
        {"Аккредитив", SUP_BANK_DOC_LETTER_OF_CREDIT, "letter_of_credit"},
        {"Платежный ордер", SUP_BANK_DOC_OTHER, "other"},
        {"платежное поручение", SUP_BANK_DOC_OTHER, "other"},
    };
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++) {
        char body[256];
        snprintf(body, sizeof body, "СекцияДокумент=%s\n" DOC_MIN "КонецДокумента\n", kinds[i].text);
        char *t = wrap("", body);
        sup_bank_statement *st = parse_text_ok(t);
        const sup_bank_doc *d = sup_bank_statement_doc(st, 0);
        assert_int_equal(sup_bank_doc_kind_of(d), kinds[i].kind);
        assert_string_equal(sup_bank_doc_kind_text(d), kinds[i].text);
        assert_string_equal(sup_bank_doc_kind_name(sup_bank_doc_kind_of(d)), kinds[i].name);
        sup_bank_statement_free(st);
        free(t);
    }
    assert_string_equal(sup_bank_doc_kind_name((sup_bank_doc_kind)7), "");
}

static void test_limits_and_arguments(void **state)
{
    (void)state;
    sup_bank_parse_options o;
    assert_int_equal(sup_bank_parse_options_init(&o, 2), SUP_EINVAL);
    assert_int_equal(sup_bank_parse_options_init(NULL, 1), SUP_EINVAL);
    assert_int_equal(sup_bank_parse_options_init(&o, SUP_BANK_PARSE_OPTIONS_VERSION), SUP_OK);
    char *t = wrap("", "");
    size_t len = strlen(t);
    sup_bank_statement *st = NULL;
    o.max_bytes = len - 1;
    assert_int_equal(sup_bank_statement_parse(t, len, &o, &st), SUP_ERANGE);
    char msg[160];
    snprintf(msg, sizeof msg, "bank statement: the file has %zu bytes, more than the limit of %zu", len, len - 1);
    assert_string_equal(sup_error_message(), msg);
    o.max_bytes = len;
    assert_int_equal(sup_bank_statement_parse(t, len, &o, &st), SUP_OK);
    sup_bank_statement_free(st);
    o.max_bytes = (size_t)SUP_BANK_MAX_BYTES_LIMIT + 1;
    assert_int_equal(sup_bank_statement_parse(t, len, &o, &st), SUP_ERANGE);
    o.max_bytes = 0;
    o.version = 9;
    assert_int_equal(sup_bank_statement_parse(t, len, &o, &st), SUP_EINVAL);
    o.version = SUP_BANK_PARSE_OPTIONS_VERSION;
    o.encoding = (sup_bank_encoding)4;
    assert_int_equal(sup_bank_statement_parse(t, len, &o, &st), SUP_EINVAL);
    assert_int_equal(sup_bank_statement_parse(t, len, NULL, NULL), SUP_EINVAL);
    assert_int_equal(sup_bank_statement_parse(NULL, 5, NULL, &st), SUP_EINVAL);
    assert_null(st);
    free(t);
    /* NULL handles read as empty */
    assert_int_equal(sup_bank_statement_doc_count(NULL), 0);
    assert_null(sup_bank_statement_doc(NULL, 0));
    assert_null(sup_bank_doc_purpose(NULL));
    assert_null(sup_bank_statement_version(NULL));
    sup_bank_statement_free(NULL);
}

/* ---- incoming ------------------------------------------------------------------------------- */

static int incoming(const char *payer_lines, const char *payee_lines, const char *extra)
{
    char body[1024];
    snprintf(body, sizeof body, "СекцияДокумент=Платежное поручение\n" DOC_MIN "%s%s%sКонецДокумента\n", payer_lines,
             payee_lines, extra);
    char *t = wrap("", body);
    sup_bank_statement *st = parse_text_ok(t);
    int r = sup_bank_doc_is_incoming(sup_bank_statement_doc(st, 0), OURS);
    sup_bank_statement_free(st);
    free(t);
    return r;
}

static void test_incoming_is_money_received_on_our_account(void **state)
{
    (void)state;
    const char *them = "ПлательщикСчет=40702810438000004321\nПлательщикРасчСчет=40702810438000004321\n";
    const char *us_payer = "ПлательщикСчет=" OURS "\nПлательщикРасчСчет=" OURS "\n";
    const char *to_us = "ПолучательСчет=" OURS "\nПолучательРасчСчет=" OURS "\n";
    const char *to_us_settlement_only = "ПолучательСчет=30101810600000000999\nПолучательРасчСчет=" OURS "\n";
    const char *to_us_account_only = "ПолучательСчет=" OURS "\n";
    const char *to_them = "ПолучательСчет=40702810438000009999\nПолучательРасчСчет=40702810438000009999\n";
    assert_int_equal(incoming(them, to_us, "ДатаПоступило=01.12.2026\n"), 1);
    assert_int_equal(incoming(them, to_us, ""), 1); /* no receipt date, but not our debit */
    assert_int_equal(incoming(them, to_us_settlement_only, ""), 1);
    assert_int_equal(incoming(them, to_us_account_only, ""), 1);
    assert_int_equal(incoming(us_payer, to_them, "ДатаСписано=01.12.2026\n"), 0); /* our payment */
    assert_int_equal(incoming(us_payer, to_them, "ДатаПоступило=01.12.2026\n"), 0);
    assert_int_equal(incoming(them, to_them, "ДатаПоступило=01.12.2026\n"), 0); /* another account */
    assert_int_equal(incoming(us_payer, to_us, "ДатаСписано=01.12.2026\n"), 0); /* our own debit */
    assert_int_equal(incoming(us_payer, to_us, "ДатаПоступило=01.12.2026\n"), 1);
    assert_int_equal(incoming("", "", ""), 0);
    /* arguments */
    char *t = wrap("", "СекцияДокумент=Платежное поручение\n" DOC_MIN "КонецДокумента\n");
    sup_bank_statement *st = parse_text_ok(t);
    assert_int_equal(sup_bank_doc_is_incoming(sup_bank_statement_doc(st, 0), ""), SUP_EINVAL);
    assert_int_equal(sup_bank_doc_is_incoming(sup_bank_statement_doc(st, 0), NULL), SUP_EINVAL);
    assert_int_equal(sup_bank_doc_is_incoming(NULL, OURS), SUP_EINVAL);
    sup_bank_statement_free(st);
    free(t);
}

/* ---- invoice numbers ----------------------------------------------------------------------- */

static void expect_invoices(const char *purpose, const char *numbers, size_t n)
{
    char *out = NULL;
    size_t count = 99;
    assert_int_equal(sup_bank_find_invoice_numbers(purpose, &out, &count), SUP_OK);
    if (strcmp(out, numbers) != 0 || count != n)
        fail_msg("%s: got \"%s\" (%zu), expected \"%s\" (%zu)", purpose, out, count, numbers, n);
    sup_free(out);
}

static void test_invoice_numbers_in_a_purpose(void **state)
{
    (void)state;
    expect_invoices("Оплата по счёту № 2026-000123 от 01.12.2026 за продление", "2026-000123", 1);
    expect_invoices("Оплата по счет N2026-000123", "2026-000123", 1);
    expect_invoices("сч. 2026-000123", "2026-000123", 1);
    expect_invoices("2026-000123", "2026-000123", 1);
    expect_invoices("по счетам 2026-000125, 2026-000124 и снова 2026-000125", "2026-000125\n2026-000124", 2);
    expect_invoices("счёт №2026–000123 (en dash) и 2026‑000124 (nb hyphen) и 2026−000125 (minus)",
                    "2026-000123\n2026-000124\n2026-000125", 3);
    expect_invoices("счёт 2026-000123 и 2026–000123: один и тот же", "2026-000123", 1);
    /* other digits touching: not an invoice number */
    expect_invoices("12026-000123 2026-0001234 2026-00012 202-000123 2026--000123", "", 0);
    expect_invoices("сч.2026-000123.", "2026-000123", 1);
    expect_invoices("A2026-000123B", "2026-000123", 1);
    expect_invoices("", "", 0);
    expect_invoices("Оплата по договору 14", "", 0);
    char *out = (char *)1;
    assert_int_equal(sup_bank_find_invoice_numbers("\xFF 2026-000123", &out, NULL), SUP_EINVAL);
    assert_null(out);
    assert_int_equal(sup_bank_find_invoice_numbers(NULL, &out, NULL), SUP_EINVAL);
    assert_int_equal(sup_bank_find_invoice_numbers("x", NULL, NULL), SUP_EINVAL);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_cp1251_sample_header_and_balance),
        cmocka_unit_test(test_cp1251_sample_documents),
        cmocka_unit_test(test_utf8_sample_two_accounts_and_purpose_lines),
        cmocka_unit_test(test_dos_and_bom_samples),
        cmocka_unit_test(test_broken_samples_are_refused_with_their_line),
        cmocka_unit_test(test_forced_encoding_reads_a_mislabelled_file),
        cmocka_unit_test(test_every_byte_of_cp1251_and_cp866_decodes),
        cmocka_unit_test(test_bytes_not_in_the_encoding_are_refused_with_their_line),
        cmocka_unit_test(test_encoding_declarations),
        cmocka_unit_test(test_amounts_are_exact_kopecks),
        cmocka_unit_test(test_bad_amounts_are_refused),
        cmocka_unit_test(test_dates_are_dd_mm_yyyy),
        cmocka_unit_test(test_structural_errors_name_the_line),
        cmocka_unit_test(test_the_file_must_start_and_end_as_a_statement),
        cmocka_unit_test(test_sections_without_fields_parse_and_have_none),
        cmocka_unit_test(test_document_kinds),
        cmocka_unit_test(test_limits_and_arguments),
        cmocka_unit_test(test_incoming_is_money_received_on_our_account),
        cmocka_unit_test(test_invoice_numbers_in_a_purpose),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
