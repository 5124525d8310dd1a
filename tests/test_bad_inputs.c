/*
 * Every kind of bad input the tests and fuzzers try, in one table, with the
 * result code it must get (and a readable message). Also the generator of
 * docs/bad-inputs.md:
 *
 *   build/tests/test_bad_inputs --markdown > docs/bad-inputs.md
 *
 * (the ctest test bad_inputs_doc fails while the document differs from what
 * this prints, e.g. after a message was reworded).
 *
 * All rows run against the same fixtures: every call must fail, and a failing
 * call changes nothing, which the test checks at the end.
 */
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

/* ---- fixtures ---------------------------------------------------------------- */
static sup_product *prod;  /* perpetual, 6 months of support, 7 990 rub from 2026-01-01 */
static sup_product *sub;   /* monthly subscription, 990 rub from 2026-01-01 */
static sup_license *lic;   /* a license of prod bought 2026-01-15 (support through 2026-07-15) */
static sup_license *slic;  /* a subscription of sub started 2026-01-15 (paid through 2026-02-15) */
static sup_policy *pol;    /* the default policy */
static sup_quote *q;
static sup_status *st;
static sup_notice *notice; /* the default notice (status, Russian, text) */
static sup_schedule *sched;/* the default schedule */
static sup_ledger *L;      /* ":memory:" with products P1 (= prod) and S1 (= sub), customer C1, */
static sup_id P1, S1, C1;  /* license LIC (P1, sold 2026-01-15, renewed 2026-07-01 as "pay-1" for 1 998 rub) */
static sup_id LIC, SLIC;   /* and SLIC (S1, sold 2026-01-15) */
static sup_cursor *cur;
static sup_policy *new_policy; /* out-parameters of calls that fail (left NULL) */
static sup_schedule *new_schedule;
static sup_product *new_product;
static sup_license *new_license;
static sup_ledger *new_ledger;
static char buf[64], *text;
static sup_date d;
static sup_money m;
static sup_id id;
static int allowed;
static sup_contact_kind ck;
static sup_license_kind lk;
static sup_lang lang;
static sup_notice_kind nk;
static char long_code[SUP_LEDGER_CODE_MAX + 2];     /* 65 bytes */
static char long_contact[300];                       /* 299 bytes */
static char long_name[SUP_NOTICE_NAME_MAX + 2];     /* 513 bytes */
static sup_csv_reader *csvr;   /* out-parameter of CSV opens that fail (left NULL) */
static sup_csv_writer *csvw;   /* a CSV writer with the defaults, no row begun */
static sup_csv_writer *new_writer;

/* Open text as CSV in the given encoding (default options otherwise) and read it to the end:
 * the result of the open or of the last sup_csv_next (0 at the end, an error code). */
static int csv_read_as(sup_csv_encoding encoding, const char *csv)
{
    sup_csv_options o;
    int rc = sup_csv_options_init(&o, SUP_CSV_OPTIONS_VERSION);
    o.encoding = encoding;
    sup_csv_reader *r = NULL;
    if (rc == SUP_OK)
        rc = sup_csv_open_buffer(csv, strlen(csv), &o, &r);
    while (rc == SUP_OK && (rc = sup_csv_next(r)) == 1)
        rc = SUP_OK;
    sup_csv_free(r);
    return rc;
}
/* The same with the encoding detected. */
static int csv_read(const char *csv) { return csv_read_as(SUP_CSV_DETECT, csv); }

static void make_fixtures(void)
{
    assert_int_equal(sup_product_new(SUP_LICENSE_PERPETUAL, 6, &prod), SUP_OK);
    assert_int_equal(sup_product_set_price(prod, 20260101, 799000), SUP_OK);
    assert_int_equal(sup_product_new(SUP_LICENSE_SUBSCRIPTION_MONTHLY, 0, &sub), SUP_OK);
    assert_int_equal(sup_product_set_price(sub, 20260101, 99000), SUP_OK);
    assert_int_equal(sup_license_new(prod, 20260115, &lic), SUP_OK);
    assert_int_equal(sup_license_new(sub, 20260115, &slic), SUP_OK);
    assert_int_equal(sup_policy_new(&pol), SUP_OK);
    assert_int_equal(sup_quote_new(&q), SUP_OK);
    assert_int_equal(sup_status_new(&st), SUP_OK);
    assert_int_equal(sup_notice_new(&notice), SUP_OK);
    assert_int_equal(sup_schedule_new(&sched), SUP_OK);
    memset(long_code, 'x', sizeof long_code - 1);
    memset(long_contact, 'a', sizeof long_contact - 1);
    memset(long_name, 'n', sizeof long_name - 1);
    assert_int_equal(sup_csv_writer_new(NULL, &csvw), SUP_OK);

    assert_int_equal(sup_ledger_open(":memory:", SUP_LEDGER_CREATE, &L), SUP_OK);
    assert_int_equal(sup_ledger_add_product(L, "test", "P1", "Отчёт", SUP_LICENSE_PERPETUAL, 6, &P1), SUP_OK);
    assert_int_equal(sup_ledger_set_price(L, "test", P1, 20260101, 799000), SUP_OK);
    assert_int_equal(sup_ledger_add_product(L, "test", "S1", "Сервис", SUP_LICENSE_SUBSCRIPTION_MONTHLY, 0, &S1),
                     SUP_OK);
    assert_int_equal(sup_ledger_set_price(L, "test", S1, 20260101, 99000), SUP_OK);
    assert_int_equal(sup_ledger_add_customer(L, "test", "C1", "ООО Ромашка", &C1), SUP_OK);
    assert_int_equal(sup_ledger_sell(L, "test", NULL, C1, P1, 20260115, 799000, &LIC), SUP_OK);
    assert_int_equal(sup_ledger_sell(L, "test", NULL, C1, S1, 20260115, 99000, &SLIC), SUP_OK);
    assert_int_equal(sup_ledger_renew(L, "test", "pay-1", LIC, 20260701, 199800, NULL), SUP_OK);
}

static void free_fixtures(void)
{
    sup_product_free(prod);
    sup_product_free(sub);
    sup_license_free(lic);
    sup_license_free(slic);
    sup_policy_free(pol);
    sup_quote_free(q);
    sup_status_free(st);
    sup_notice_free(notice);
    sup_schedule_free(sched);
    sup_ledger_close(L);
    sup_csv_writer_free(csvw);
}

/* ---- the table ----------------------------------------------------------------- */
typedef struct row {
    const char *area;
    const char *call; /* the C expression, as written below */
    int expect;
    int got;
} row;

/* Run row k (0-based) into *r; 0 when there is no such row. Each row is one
 * call: ROW(area, expected result, call). */
static int run_row(int k, row *r)
{
    int n = 0;
#define ROW(area_, expect_, ...)                                                                                \
    if (n++ == k) {                                                                                             \
        r->area = (area_);                                                                                      \
        r->expect = (expect_);                                                                                  \
        r->call = #__VA_ARGS__;                                                                                 \
        r->got = (__VA_ARGS__);                                                                                 \
        return 1;                                                                                               \
    }
    /* ---- dates ---- */
    ROW("Dates", SUP_EDATE, sup_date_parse("", &d))
    ROW("Dates", SUP_EDATE, sup_date_parse("yesterday", &d))
    ROW("Dates", SUP_EDATE, sup_date_parse("2026-02-30", &d))
    ROW("Dates", SUP_EDATE, sup_date_parse("2026-02-29", &d))
    ROW("Dates", SUP_EDATE, sup_date_parse("29.02.2026", &d))
    ROW("Dates", SUP_EDATE, sup_date_parse("31.02.2026", &d))
    ROW("Dates", SUP_EDATE, sup_date_parse("2026-13-01", &d))
    ROW("Dates", SUP_EDATE, sup_date_parse("2026-00-10", &d))
    ROW("Dates", SUP_EDATE, sup_date_parse("2026-1-5", &d))
    ROW("Dates", SUP_EDATE, sup_date_parse("1.1.2026", &d))
    ROW("Dates", SUP_EDATE, sup_date_parse("01.01.26", &d))
    ROW("Dates", SUP_EDATE, sup_date_parse("2026/01/05", &d))
    ROW("Dates", SUP_EDATE, sup_date_parse(" 2026-01-05", &d))
    ROW("Dates", SUP_EDATE, sup_date_parse("2026-01-05 ", &d))
    ROW("Dates", SUP_EDATE, sup_date_parse("2026-01-05\n", &d))
    ROW("Dates", SUP_EDATE, sup_date_parse("2026-01-05T00:00", &d))
    ROW("Dates", SUP_EDATE, sup_date_parse("2026-01-3x", &d))
    ROW("Dates", SUP_EDATE, sup_date_parse("+026-01-01", &d))
    ROW("Dates", SUP_EDATE, sup_date_parse("1899-12-31", &d))
    ROW("Dates", SUP_EDATE, sup_date_parse("0000-01-01", &d))
    ROW("Dates", SUP_EDATE, sup_date_parse("\xff\x01\"x", &d))
    ROW("Dates", SUP_EINVAL, sup_date_parse(NULL, &d))
    ROW("Dates", SUP_EINVAL, sup_date_parse("2026-01-01", NULL))
    ROW("Dates", SUP_EDATE, sup_date_make(2026, 2, 29, &d))
    ROW("Dates", SUP_EDATE, sup_date_make(2026, 4, 31, &d))
    ROW("Dates", SUP_EDATE, sup_date_make(2026, 13, 1, &d))
    ROW("Dates", SUP_EDATE, sup_date_make(1899, 12, 31, &d))
    ROW("Dates", SUP_EDATE, sup_date_make(10000, 1, 1, &d))
    ROW("Dates", SUP_EDATE, sup_date_add_months(20260230, 1, &d))
    ROW("Dates", SUP_EDATE, sup_date_add_months(99991231, 1, &d))
    ROW("Dates", SUP_EDATE, sup_date_add_months(19000101, -1, &d))
    ROW("Dates", SUP_EDATE, sup_date_add_months(20260101, INT32_MAX, &d))
    ROW("Dates", SUP_EDATE, sup_date_add_days(SUP_DATE_MAX, 1, &d))
    ROW("Dates", SUP_EDATE, sup_date_add_days(SUP_DATE_MIN, -1, &d))
    ROW("Dates", SUP_EDATE, sup_date_add_days(-20260101, 1, &d))
    ROW("Dates", SUP_EDATE, sup_date_diff_days(20260230, 20260301, &(int32_t){0}))
    ROW("Dates", SUP_EDATE, sup_date_format(20260230, SUP_DATE_ISO, buf, sizeof buf))
    ROW("Dates", SUP_EBUFFER, sup_date_format(20260705, SUP_DATE_ISO, buf, 10))
    ROW("Dates", SUP_EINVAL, sup_date_format(20260705, (sup_date_style)7, buf, sizeof buf))

    /* ---- money ---- */
    ROW("Money", SUP_EMONEY, sup_money_parse("", &m))
    ROW("Money", SUP_EMONEY, sup_money_parse("-", &m))
    ROW("Money", SUP_EMONEY, sup_money_parse(".5", &m))
    ROW("Money", SUP_EMONEY, sup_money_parse("7990.", &m))
    ROW("Money", SUP_EMONEY, sup_money_parse("7990.505", &m))
    ROW("Money", SUP_EMONEY, sup_money_parse("7 990", &m))
    ROW("Money", SUP_EMONEY, sup_money_parse("7990 руб", &m))
    ROW("Money", SUP_EMONEY, sup_money_parse("1e3", &m))
    ROW("Money", SUP_EMONEY, sup_money_parse("+5", &m))
    ROW("Money", SUP_EMONEY, sup_money_parse("--1", &m))
    ROW("Money", SUP_EMONEY, sup_money_parse("12,3.4", &m))
    ROW("Money", SUP_EMONEY, sup_money_parse("abc", &m))
    ROW("Money", SUP_EMONEY, sup_money_parse(" 7990", &m))
    ROW("Money", SUP_EMONEY, sup_money_parse("7990.5x", &m))
    ROW("Money", SUP_EMONEY, sup_money_parse("92233720368547758.08", &m))
    ROW("Money", SUP_EMONEY, sup_money_parse("99999999999999999999", &m))
    ROW("Money", SUP_EINVAL, sup_money_parse(NULL, &m))
    ROW("Money", SUP_EMONEY, sup_money_fee(-1, 2500, SUP_UNIT_RUBLE, SUP_ROUND_HALF_UP, &m))
    ROW("Money", SUP_ERANGE, sup_money_fee(100, 10001, SUP_UNIT_RUBLE, SUP_ROUND_HALF_UP, &m))
    ROW("Money", SUP_ERANGE, sup_money_fee(100, -1, SUP_UNIT_RUBLE, SUP_ROUND_HALF_UP, &m))
    ROW("Money", SUP_ERANGE, sup_money_fee(100, 2500, 0, SUP_ROUND_HALF_UP, &m))
    ROW("Money", SUP_ERANGE, sup_money_fee(100, 2500, SUP_ROUNDING_UNIT_MAX + 1, SUP_ROUND_HALF_UP, &m))
    ROW("Money", SUP_EINVAL, sup_money_fee(100, 2500, SUP_UNIT_RUBLE, (sup_rounding_mode)9, &m))
    ROW("Money", SUP_EMONEY, sup_money_fee(INT64_MAX, 2500, SUP_UNIT_RUBLE, SUP_ROUND_HALF_UP, &m))
    ROW("Money", SUP_EMONEY, sup_money_fee(INT64_MAX / 10000 + 1, 10000, SUP_UNIT_RUBLE, SUP_ROUND_HALF_UP, &m))
    ROW("Money", SUP_EBUFFER, sup_money_format(1, SUP_MONEY_PLAIN, buf, 8))
    ROW("Money", SUP_EINVAL, sup_money_format(1, (sup_money_style)5, buf, sizeof buf))

    /* ---- policy ---- */
    ROW("Policy text", SUP_EPARSE, sup_policy_parse("standard_rate_bp = 10001\n", &new_policy))
    ROW("Policy text", SUP_EPARSE, sup_policy_parse("\n\nstandard_rate_bp = 45%\n", &new_policy))
    ROW("Policy text", SUP_EPARSE, sup_policy_parse("preferential_rate_bp = -1\n", &new_policy))
    ROW("Policy text", SUP_EPARSE, sup_policy_parse("standard_rate_bp = 0x10\n", &new_policy))
    ROW("Policy text", SUP_EPARSE, sup_policy_parse("standard_rate_bp = \n", &new_policy))
    ROW("Policy text", SUP_EPARSE, sup_policy_parse("standard_rate_bp 4500\n", &new_policy))
    ROW("Policy text", SUP_EPARSE, sup_policy_parse("standard_rate = 4500\n", &new_policy))
    ROW("Policy text", SUP_EPARSE, sup_policy_parse("standard_rate_bp = 4000\nstandard_rate_bp = 4500\n", &new_policy))
    ROW("Policy text", SUP_EPARSE, sup_policy_parse("grace_months = -1\n", &new_policy))
    ROW("Policy text", SUP_EPARSE, sup_policy_parse("renewal_months = 0\n", &new_policy))
    ROW("Policy text", SUP_EPARSE, sup_policy_parse("renewal_months = 99999999999999999999\n", &new_policy))
    ROW("Policy text", SUP_EPARSE, sup_policy_parse("default_support_months = six\n", &new_policy))
    ROW("Policy text", SUP_EPARSE, sup_policy_parse("rounding_unit = rouble\n", &new_policy))
    ROW("Policy text", SUP_EPARSE, sup_policy_parse("rounding_unit = 0\n", &new_policy))
    ROW("Policy text", SUP_EPARSE, sup_policy_parse("rounding_mode = bankers\n", &new_policy))
    ROW("Policy text", SUP_EPARSE, sup_policy_parse("phone_support = maybe\n", &new_policy))
    ROW("Policy text", SUP_EPARSE, sup_policy_parse("contact = pigeon coo\n", &new_policy))
    ROW("Policy text", SUP_EPARSE, sup_policy_parse("contact = email\n", &new_policy))
    ROW("Policy text", SUP_EPARSE, sup_policy_parse("standard_rate_bp = 4000\xff\n", &new_policy))
    ROW("Policy text", SUP_EINVAL, sup_policy_parse(NULL, &new_policy))
    ROW("Policy", SUP_ERANGE, sup_policy_set_standard_rate(pol, 10001))
    ROW("Policy", SUP_ERANGE, sup_policy_set_preferential_rate(pol, -5))
    ROW("Policy", SUP_ERANGE, sup_policy_set_grace_months(pol, -1))
    ROW("Policy", SUP_ERANGE, sup_policy_set_renewal_months(pol, 0))
    ROW("Policy", SUP_ERANGE, sup_policy_set_renewal_months(pol, 1201))
    ROW("Policy", SUP_ERANGE, sup_policy_set_rounding(pol, 0, SUP_ROUND_UP))
    ROW("Policy", SUP_EINVAL, sup_policy_set_rounding(pol, 100, (sup_rounding_mode)4))
    ROW("Policy", SUP_EINVAL, sup_policy_set_standard_rate(NULL, 1))
    ROW("Policy", SUP_EINVAL, sup_policy_add_contact(pol, SUP_CONTACT_EMAIL, ""))
    ROW("Policy", SUP_EINVAL, sup_policy_add_contact(pol, SUP_CONTACT_EMAIL, "a\nb"))
    ROW("Policy", SUP_EINVAL, sup_policy_add_contact(pol, SUP_CONTACT_OTHER, "\xE2\x81\xA6" "x"))
    ROW("Policy", SUP_EINVAL, sup_policy_add_contact(pol, SUP_CONTACT_EMAIL, "\xc3\x28"))
    ROW("Policy", SUP_EINVAL, sup_policy_add_contact(pol, SUP_CONTACT_OTHER, long_contact))
    ROW("Policy", SUP_EINVAL, sup_policy_add_contact(pol, (sup_contact_kind)99, "x"))
    ROW("Policy", SUP_EINVAL, sup_contact_kind_from_name("fax", &ck))
    ROW("Policy", SUP_ENOTFOUND, sup_policy_contact_kind(pol, 4, &ck))

    /* ---- products ---- */
    ROW("Products", SUP_EINVAL, sup_product_new((sup_license_kind)3, 6, &new_product))
    ROW("Products", SUP_ERANGE, sup_product_new(SUP_LICENSE_PERPETUAL, -2, &new_product))
    ROW("Products", SUP_ERANGE, sup_product_new(SUP_LICENSE_PERPETUAL, 1201, &new_product))
    ROW("Products", SUP_ERANGE, sup_product_new(SUP_LICENSE_SUBSCRIPTION_MONTHLY, 6, &new_product))
    ROW("Products", SUP_EINVAL, sup_license_kind_from_name("lifetime", &lk))
    ROW("Products", SUP_EMONEY, sup_product_set_price(prod, 20260301, -1))
    ROW("Products", SUP_EDATE, sup_product_set_price(prod, 20260230, 100))
    ROW("Products", SUP_ENOTFOUND, sup_product_price_on(prod, 20251231, &m))
    ROW("Products", SUP_ENOTFOUND, sup_product_price_at(prod, 1, &d, &m))

    /* ---- licenses ---- */
    ROW("Licenses", SUP_EDATE, sup_license_new(prod, 20260230, &new_license))
    ROW("Licenses", SUP_EDATE, sup_license_new(prod, 99991201, &new_license))
    ROW("Licenses", SUP_EINVAL, sup_license_new(NULL, 20260115, &new_license))
    ROW("Licenses", SUP_ESTATE, sup_license_add_period(lic, 20260101, 20270101))
    ROW("Licenses", SUP_EDATE, sup_license_add_period(lic, 20260201, 20260101))
    ROW("Licenses", SUP_EDATE, sup_license_add_period(lic, 20260201, 20260231))
    ROW("Licenses", SUP_EDATE, sup_license_status(lic, NULL, 20260231, st))
    ROW("Licenses", SUP_EDATE, sup_license_can_download(lic, 20260301, 0, &allowed))
    ROW("Licenses", SUP_EDATE, sup_release_allowed(20260715, 20261301, &allowed))
    ROW("Licenses", SUP_ENOTFOUND, sup_license_event(lic, 1, NULL, NULL, NULL, NULL))
    ROW("Licenses", SUP_ESTATE, sup_license_quote(lic, prod, NULL, 20260114, q))
    ROW("Licenses", SUP_ENOTAPPLICABLE, sup_license_quote(slic, sub, NULL, 20260201, q))
    ROW("Licenses", SUP_EINVAL, sup_license_quote(lic, sub, NULL, 20260201, q))
    ROW("Licenses", SUP_EMISMATCH, sup_license_renew(lic, prod, NULL, 20260701, 199700, NULL))
    ROW("Licenses", SUP_EMISMATCH, sup_license_renew(lic, prod, NULL, 20260901, 199800, NULL))
    ROW("Licenses", SUP_ESTATE, sup_license_renew(lic, prod, NULL, 20260101, 199800, NULL))
    ROW("Licenses", SUP_ENOTAPPLICABLE, sup_license_renew(slic, sub, NULL, 20260201, 99000, NULL))
    ROW("Licenses", SUP_ENOTAPPLICABLE, sup_license_quote_payment(lic, prod, 20260201, q))
    ROW("Licenses", SUP_EMISMATCH, sup_license_pay(slic, sub, 20260201, 98999, NULL))
    ROW("Licenses", SUP_EDATE, sup_license_renew(lic, prod, NULL, 99990101, 199800, NULL))
    ROW("Licenses", SUP_EMONEY, sup_quote_compute(NULL, 20260715, -1, 20260701, q))
    ROW("Licenses", SUP_EDATE, sup_quote_compute(NULL, 20260732, 799000, 20260701, q))
    ROW("Licenses", SUP_EMONEY, sup_quote_compute(NULL, 20260715, INT64_MAX, 20260701, q))

    /* ---- notices and reminder schedules ---- */
    ROW("Notices", SUP_EINVAL, sup_notice_set_lang(notice, (sup_lang)2))
    ROW("Notices", SUP_EINVAL, sup_notice_set_format(notice, (sup_notice_format)2))
    ROW("Notices", SUP_EINVAL, sup_notice_set_kind(notice, SUP_NOTICE_NONE))
    ROW("Notices", SUP_EINVAL, sup_notice_set_product_name(notice, "\xc3\x28"))
    ROW("Notices", SUP_EINVAL, sup_notice_set_customer_name(notice, "a\tb"))
    ROW("Notices", SUP_EINVAL, sup_notice_set_product_name(notice, "x\xE2\x80\xAB" "y"))
    ROW("Notices", SUP_EINVAL, sup_notice_set_customer_name(notice, long_name))
    ROW("Notices", SUP_EINVAL, sup_lang_from_name("de", &lang))
    ROW("Notices", SUP_EINVAL, sup_notice_kind_from_name("reminder", &nk))
    ROW("Notices", SUP_EINVAL, sup_count_format((sup_lang)7, SUP_COUNT_DAYS, 1, &text))
    ROW("Notices", SUP_EDATE, sup_notice_render(notice, lic, prod, NULL, 20260230, &text))
    ROW("Notices", SUP_EINVAL, sup_notice_render(notice, lic, sub, NULL, 20260201, &text))
    ROW("Schedule text", SUP_EPARSE, sup_schedule_parse("reminder = support_end 14\nreminder support_end 7\n", &new_schedule))
    ROW("Schedule text", SUP_EPARSE, sup_schedule_parse("remind = support_end 14\n", &new_schedule))
    ROW("Schedule text", SUP_EPARSE, sup_schedule_parse("reminder = support_ends 14\n", &new_schedule))
    ROW("Schedule text", SUP_EPARSE, sup_schedule_parse("reminder = support_end\n", &new_schedule))
    ROW("Schedule text", SUP_EPARSE, sup_schedule_parse("reminder = support_end -1\n", &new_schedule))
    ROW("Schedule text", SUP_EPARSE, sup_schedule_parse("reminder = support_end 3661\n", &new_schedule))
    ROW("Schedule text", SUP_EPARSE, sup_schedule_parse("reminder = support_end 14 days\n", &new_schedule))
    ROW("Schedule text", SUP_EPARSE, sup_schedule_parse("reminder = window_end 99999999999999999999\n", &new_schedule))
    ROW("Schedule text", SUP_EPARSE, sup_schedule_parse("reminder = window_end 7\n\nreminder = window_end 7\n", &new_schedule))
    ROW("Schedule text", SUP_EPARSE, sup_schedule_parse("reminder = support_end \xC0\xAF\n", &new_schedule))
    ROW("Schedule", SUP_EINVAL, sup_schedule_add(sched, (sup_schedule_anchor)2, 1))
    ROW("Schedule", SUP_ERANGE, sup_schedule_add(sched, SUP_ANCHOR_SUPPORT_END, SUP_SCHEDULE_DAYS_MAX + 1))
    ROW("Schedule", SUP_ECONFLICT, sup_schedule_add(sched, SUP_ANCHOR_SUPPORT_END, 14))
    ROW("Schedule", SUP_ENOTFOUND, sup_schedule_entry(sched, 3, NULL, NULL, NULL))

    /* ---- the ledger ---- */
    ROW("Ledger", SUP_EINVAL, sup_ledger_open(":memory:", 0x4u, &new_ledger))
    ROW("Ledger", SUP_EINVAL, sup_ledger_open(":memory:", SUP_LEDGER_CREATE | SUP_LEDGER_READONLY, &new_ledger))
    ROW("Ledger", SUP_EINVAL, sup_ledger_open("", SUP_LEDGER_CREATE, &new_ledger))
    ROW("Ledger", SUP_ENOTFOUND, sup_ledger_open("/nonexistent/libsupport-test.ledger", 0, &new_ledger))
    ROW("Ledger", SUP_ESTATE, sup_ledger_commit(L))
    ROW("Ledger", SUP_ESTATE, sup_ledger_rollback(L))
    ROW("Ledger", SUP_EINVAL, sup_ledger_add_product(L, "test", "", "Отчёт", SUP_LICENSE_PERPETUAL, 6, &id))
    ROW("Ledger", SUP_EINVAL, sup_ledger_add_product(L, "test", long_code, "Отчёт", SUP_LICENSE_PERPETUAL, 6, &id))
    ROW("Ledger", SUP_EINVAL, sup_ledger_add_product(L, "test", "P2", "a\x01b", SUP_LICENSE_PERPETUAL, 6, &id))
    ROW("Ledger", SUP_EINVAL, sup_ledger_add_product(L, "", "P2", "Отчёт", SUP_LICENSE_PERPETUAL, 6, &id))
    ROW("Ledger", SUP_EINVAL, sup_ledger_add_product(L, NULL, "P2", "Отчёт", SUP_LICENSE_PERPETUAL, 6, &id))
    ROW("Ledger", SUP_ECONFLICT, sup_ledger_add_product(L, "test", "P1", "Отчёт", SUP_LICENSE_PERPETUAL, 6, &id))
    ROW("Ledger", SUP_ERANGE, sup_ledger_add_product(L, "test", "P2", "Отчёт", SUP_LICENSE_PERPETUAL, 1201, &id))
    ROW("Ledger", SUP_EINVAL, sup_ledger_add_customer(L, "test", "C2", "\xff\xfe", &id))
    ROW("Ledger", SUP_EINVAL, sup_ledger_add_customer(L, "test", "C2", "ACME\xE2\x80\xAE" "exe.gpj", &id))
    ROW("Ledger", SUP_EINVAL, sup_ledger_add_customer(L, "test", "C2", "A\xC2\x85" "B", &id))
    ROW("Ledger", SUP_EINVAL, sup_ledger_add_product(L, "test", "P2", "csi\xC2\x9B" "2J", SUP_LICENSE_PERPETUAL, 6, &id))
    ROW("Ledger", SUP_ECONFLICT, sup_ledger_add_customer(L, "test", "C1", "ООО Ромашка", &id))
    ROW("Ledger", SUP_ENOTFOUND, sup_ledger_find_customer(L, "C9", &id))
    ROW("Ledger", SUP_EMONEY, sup_ledger_set_price(L, "test", P1, 20260301, -1))
    ROW("Ledger", SUP_EDATE, sup_ledger_set_price(L, "test", P1, 20260230, 100))
    ROW("Ledger", SUP_ENOTFOUND, sup_ledger_set_price(L, "test", 999, 20260301, 100))
    ROW("Ledger", SUP_ENOTFOUND, sup_ledger_get_license(L, 0, &new_license))
    ROW("Ledger", SUP_ENOTFOUND, sup_ledger_get_license(L, 999, &new_license))
    ROW("Ledger", SUP_EMISMATCH, sup_ledger_sell(L, "test", NULL, C1, P1, 20260301, 700000, &id))
    ROW("Ledger", SUP_ENOTFOUND, sup_ledger_sell(L, "test", NULL, C1, P1, 20251231, 799000, &id))
    ROW("Ledger", SUP_ENOTFOUND, sup_ledger_sell(L, "test", NULL, 999, P1, 20260301, 799000, &id))
    ROW("Ledger", SUP_EMISMATCH, sup_ledger_renew(L, "test", "pay-2", LIC, 20270101, 1, NULL))
    ROW("Ledger", SUP_ESTATE, sup_ledger_renew(L, "test", "pay-2", LIC, 20260601, 199800, NULL))
    ROW("Ledger", SUP_EMONEY, sup_ledger_renew(L, "test", "pay-2", LIC, 20270101, -1, NULL))
    ROW("Ledger", SUP_ECONFLICT, sup_ledger_renew(L, "test", "pay-1", LIC, 20260701, 199900, NULL))
    ROW("Ledger", SUP_EINVAL, sup_ledger_renew(L, "test", "", LIC, 20270101, 199800, NULL))
    ROW("Ledger", SUP_ENOTAPPLICABLE, sup_ledger_renew(L, "test", "pay-3", SLIC, 20260201, 99000, NULL))
    ROW("Ledger", SUP_ENOTAPPLICABLE, sup_ledger_pay(L, "test", "pay-4", LIC, 20270101, 99000, NULL))
    ROW("Ledger", SUP_EMISMATCH, sup_ledger_pay(L, "test", "pay-4", SLIC, 20260201, 100, NULL))
    ROW("Ledger", SUP_ESTATE, sup_ledger_record_period(L, "test", LIC, 20260101, 20270101))
    ROW("Ledger", SUP_EINVAL, sup_ledger_add_release(L, "test", P1, "", 20260301, NULL, &id))
    ROW("Ledger", SUP_EDATE, sup_ledger_get_policy(L, 18991231, &id, &new_policy))
    ROW("Ledger", SUP_EDATE, sup_ledger_list_licenses(L, 0, 20260230, &cur))
    ROW("Ledger", SUP_ERANGE, sup_ledger_list_expiring(L, 20260301, -1, &cur))
    ROW("Ledger", SUP_EDATE, sup_ledger_list_payments(L, 20260101, 20261301, &cur))

    /* ---- requisites and contacts ---- */
    ROW("Requisites", SUP_EPARSE, sup_inn_check(""))
    ROW("Requisites", SUP_EPARSE, sup_inn_check("770708389"))
    ROW("Requisites", SUP_EPARSE, sup_inn_check("7707083894"))
    ROW("Requisites", SUP_EPARSE, sup_inn_check("500100732269"))
    ROW("Requisites", SUP_EPARSE, sup_inn_check("500100732250"))
    ROW("Requisites", SUP_EPARSE, sup_inn_check("7707 083893"))
    ROW("Requisites", SUP_EPARSE, sup_inn_check("0000000000"))
    ROW("Requisites", SUP_EINVAL, sup_inn_check(NULL))
    ROW("Requisites", SUP_EPARSE, sup_kpp_check("7736ab001"))
    ROW("Requisites", SUP_EPARSE, sup_kpp_check("77360100"))
    ROW("Requisites", SUP_EPARSE, sup_bik_check("004525988"))
    ROW("Requisites", SUP_EPARSE, sup_bik_check("04452522"))
    ROW("Requisites", SUP_EPARSE, sup_bank_account_check("044525225", "40817810038091310419"))
    ROW("Requisites", SUP_EPARSE, sup_bank_account_check("044525225", "4081781053809131041"))
    ROW("Requisites", SUP_EPARSE, sup_bank_account_check("144525225", "40817810538091310419"))
    ROW("Requisites", SUP_EPARSE, sup_corr_account_check("044525225", "30101810000000000225"))
    ROW("Requisites", SUP_EPARSE, sup_corr_account_check("044525225", "30101810400000000593"))
    ROW("Requisites", SUP_EPARSE, sup_corr_account_check("044525225", "40817810538091310419"))
    ROW("Requisites", SUP_EPARSE, sup_email_check(""))
    ROW("Requisites", SUP_EPARSE, sup_email_check("manager.v8pro.ru"))
    ROW("Requisites", SUP_EPARSE, sup_email_check("manager@localhost"))
    ROW("Requisites", SUP_EPARSE, sup_email_check("ivan petrov@mail.ru"))
    ROW("Requisites", SUP_EPARSE, sup_email_check("a..b@c.ru"))
    ROW("Requisites", SUP_EPARSE, sup_email_check("a@b..ru"))
    ROW("Requisites", SUP_EPARSE, sup_email_check("a@-b.ru"))
    ROW("Requisites", SUP_EPARSE, sup_email_check("a@b@c.ru"))
    ROW("Requisites", SUP_EPARSE, sup_email_check("a@[192.0.2.1]"))
    ROW("Requisites", SUP_EPARSE, sup_email_check("a@192.0.2.1"))
    ROW("Requisites", SUP_EPARSE, sup_email_check("a\xff@b.ru"))
    ROW("Requisites", SUP_EPARSE, sup_phone_normalize("", buf, sizeof buf))
    ROW("Requisites", SUP_EPARSE, sup_phone_normalize("927 853 15 26", buf, sizeof buf))
    ROW("Requisites", SUP_EPARSE, sup_phone_normalize("+7 927 853 15 2", buf, sizeof buf))
    ROW("Requisites", SUP_EPARSE, sup_phone_normalize("+0 123 456 78", buf, sizeof buf))
    ROW("Requisites", SUP_EPARSE, sup_phone_normalize("+1234567890123456", buf, sizeof buf))
    ROW("Requisites", SUP_EPARSE, sup_phone_normalize("8 927 853 15 26 доб. 12", buf, sizeof buf))
    ROW("Requisites", SUP_EPARSE, sup_phone_normalize("8 (927 853 15 26", buf, sizeof buf))
    ROW("Requisites", SUP_EBUFFER, sup_phone_normalize("+79278531526", buf, 16))

    /* ---- amounts in words, VAT ---- */
    ROW("Amounts in words and VAT", SUP_EMONEY, sup_money_in_words(SUP_MONEY_IN_WORDS_MAX + 1, &text))
    ROW("Amounts in words and VAT", SUP_EMONEY, sup_money_in_words(-1, &text))
    ROW("Amounts in words and VAT", SUP_EINVAL, sup_money_in_words(100, NULL))
    ROW("Amounts in words and VAT", SUP_ERANGE, sup_vat_amount(199800, 10001, &m))
    ROW("Amounts in words and VAT", SUP_ERANGE, sup_vat_amount(199800, -2, &m))
    ROW("Amounts in words and VAT", SUP_ERANGE, sup_vat_label(10001, &text))

    /* ---- import forms ---- */
    ROW("Import forms", SUP_EDATE, sup_date_parse_import("", &d))
    ROW("Import forms", SUP_EDATE, sup_date_parse_import("05.03.26", &d))
    ROW("Import forms", SUP_EDATE, sup_date_parse_import("30.02.2026", &d))
    ROW("Import forms", SUP_EDATE, sup_date_parse_import("31/01/2026", &d))
    ROW("Import forms", SUP_EDATE, sup_date_parse_import("31.01.2026 25:00", &d))
    ROW("Import forms", SUP_EDATE, sup_date_parse_import("31.01.2026T00:00", &d))
    ROW("Import forms", SUP_EMONEY, sup_money_parse_import("", &m))
    ROW("Import forms", SUP_EMONEY, sup_money_parse_import("1.234,56", &m))
    ROW("Import forms", SUP_EMONEY, sup_money_parse_import("1.234.567", &m))
    ROW("Import forms", SUP_EMONEY, sup_money_parse_import("1,234", &m))
    ROW("Import forms", SUP_EMONEY, sup_money_parse_import("12 34", &m))
    ROW("Import forms", SUP_EMONEY, sup_money_parse_import("1998.", &m))
    ROW("Import forms", SUP_EMONEY, sup_money_parse_import("(1998)", &m))
    ROW("Import forms", SUP_EMONEY, sup_money_parse_import("1998 USD", &m))
    ROW("Import forms", SUP_EMONEY, sup_money_parse_import("92 233 720 368 547 758,08", &m))

    /* ---- CSV ---- */
    ROW("CSV", SUP_EIO, sup_csv_open("/nonexistent/customers.csv", NULL, &csvr))
    ROW("CSV", SUP_EPARSE, sup_csv_open_buffer("\xff\xfe" "a\0", 4, NULL, &csvr))
    ROW("CSV", SUP_EINVAL, sup_csv_open_buffer("a", 1, &(sup_csv_options){.version = 0}, &csvr))
    ROW("CSV", SUP_EINVAL, sup_csv_open_buffer("a", 1, &(sup_csv_options){.version = 1, .separator = '"'}, &csvr))
    ROW("CSV", SUP_ERANGE, sup_csv_open_buffer("a", 1, &(sup_csv_options){.version = 1, .max_fields = 100000}, &csvr))
    ROW("CSV", SUP_EINVAL, sup_csv_options_init(&(sup_csv_options){0}, 2))
    ROW("CSV", SUP_EPARSE, csv_read("a;b\nab\"c;d\n"))
    ROW("CSV", SUP_EPARSE, csv_read("x;\"ab\"c;d\n"))
    ROW("CSV", SUP_EPARSE, csv_read("a;b\nc;\"de\n\nf;g\n"))
    ROW("CSV", SUP_EPARSE, csv_read_as(SUP_CSV_UTF8, "a;b\nИв;\xe6\n"))
    ROW("CSV", SUP_EPARSE, csv_read_as(SUP_CSV_CP1251, "ab;c\x98"))
    ROW("CSV", SUP_EPARSE, csv_read_as(SUP_CSV_CP1251, "\xef\xbb\xbf" "a;b"))
    ROW("CSV", SUP_EINVAL, sup_csv_write_field(csvw, "bad\xff"))
    ROW("CSV", SUP_EDATE, sup_csv_write_date(csvw, 20260230))
    ROW("CSV", SUP_ESTATE, sup_csv_end_row(csvw))
    ROW("CSV", SUP_EINVAL, sup_csv_writer_new(&(sup_csv_write_options){.version = 1, .separator = '\n'}, &new_writer))
#undef ROW
    (void)r;
    return 0;
}

/* ---- checks ----------------------------------------------------------------------- */
static const char *code_name(int code)
{
    static const char *const names[] = {"SUP_OK",        "SUP_EINVAL",   "SUP_EDATE",     "SUP_EMONEY",
                                        "SUP_ENOMEM",    "SUP_ENOTFOUND", "SUP_ENOTAPPLICABLE", "SUP_EMISMATCH",
                                        "SUP_ECONFLICT", "SUP_EPARSE",   "SUP_ESTATE",    "SUP_ERANGE",
                                        "SUP_EBUFFER",   "SUP_EDB",      "SUP_EBUSY",     "SUP_ENOTLEDGER",
                                        "SUP_EVERSION",  "SUP_EREADONLY", "SUP_EIO"};
    return (code <= 0 && -code < (int)(sizeof names / sizeof names[0])) ? names[-code] : "?";
}

static bool utf8_ok(const char *str)
{
    const unsigned char *s = (const unsigned char *)str;
    while (*s) {
        size_t n = *s < 0x80 ? 0 : (*s & 0xE0) == 0xC0 ? 1 : (*s & 0xF0) == 0xE0 ? 2 : (*s & 0xF8) == 0xF0 ? 3 : 9;
        if (n == 9)
            return false;
        for (size_t k = 1; k <= n; k++)
            if ((s[k] & 0xC0) != 0x80)
                return false;
        s += n + 1;
    }
    return true;
}

static void every_bad_input_gets_its_error_and_a_readable_message(void **state)
{
    (void)state;
    make_fixtures();
    size_t events = sup_license_event_count(lic), prices = sup_product_price_count(prod);
    sup_policy *pol0 = NULL;
    assert_int_equal(sup_policy_clone(pol, &pol0), SUP_OK);
    int failures = 0, k;
    row r;
    for (k = 0;; k++) {
        sup_error_clear();
        memset(&r, 0, sizeof r);
        if (!run_row(k, &r))
            break;
        const char *msg = sup_error_message();
        if (r.got != r.expect || sup_error_code() != r.got || msg[0] == '\0' || !utf8_ok(msg) ||
            strchr(msg, '\n') != NULL) {
            print_error("%s: got %s \"%s\", expected %s\n", r.call, code_name(r.got), msg, code_name(r.expect));
            failures++;
        }
    }
    assert_true(k > 150);
    assert_null(new_policy);
    assert_null(new_schedule);
    assert_null(new_product);
    assert_null(new_license);
    assert_null(new_ledger);
    assert_null(csvr);
    assert_null(new_writer);
    assert_string_equal(sup_csv_writer_data(csvw, NULL), "\xEF\xBB\xBF"); /* no row was output */
    /* the fixtures are as they were: a failing call changes nothing */
    assert_int_equal(sup_license_event_count(lic), events);
    assert_int_equal(sup_product_price_count(prod), prices);
    assert_true(sup_policy_equal(pol, pol0));
    sup_license *stored = NULL;
    assert_int_equal(sup_ledger_get_license(L, LIC, &stored), SUP_OK);
    assert_int_equal(sup_license_event_count(stored), 2);
    sup_license_free(stored);
    assert_int_equal(sup_ledger_check(L), SUP_OK);
    sup_policy_free(pol0);
    free_fixtures();
    assert_int_equal(failures, 0);
}

/* ---- docs/bad-inputs.md ------------------------------------------------------------ */
static void md_cell(const char *s, bool code)
{
    if (code)
        fputc('`', stdout);
    for (; *s; s++) {
        if (*s == '|')
            fputs("\\|", stdout);
        else if (*s == '\n')
            fputs("\\n", stdout);
        else
            fputc(*s, stdout);
    }
    if (code)
        fputc('`', stdout);
}

static int print_markdown(void)
{
    make_fixtures();
    puts("# Bad inputs and the errors they get\n");
    puts("Generated by `tests/test_bad_inputs.c` — do not edit; regenerate with");
    puts("`build/tests/test_bad_inputs --markdown > docs/bad-inputs.md` (the ctest test");
    puts("`bad_inputs_doc` fails while this file is stale). Every row is a call the test makes,");
    puts("with the result code it must return and the message `sup_error_message()` then gives.");
    puts("Every call fails and changes nothing (checked). The unit tests (`tests/test_*.c`) try");
    puts("these inputs too, with more around each boundary.\n");
    puts("Fixtures: `prod` a perpetual product (6 months of support, 7 990 rub from 2026-01-01),");
    puts("`sub` a monthly subscription (990 rub from 2026-01-01), `lic` and `slic` their licenses bought");
    puts("2026-01-15, `pol` the default policy, `L` an in-memory ledger with the same products `P1`, `S1`,");
    puts("customer `C1`, licenses `LIC` (renewed on 2026-07-01 for 1 998 rub as payment `pay-1`) and");
    puts("`SLIC`. `long_code`, `long_contact`, `long_name`: one byte over their limits.\n");
    const char *area = "";
    row r;
    for (int k = 0;; k++) {
        sup_error_clear();
        if (!run_row(k, &r))
            break;
        if (strcmp(area, r.area) != 0) {
            area = r.area;
            printf("\n## %s\n\n| call | result | message |\n|---|---|---|\n", area);
        }
        fputs("| ", stdout);
        md_cell(r.call, true);
        printf(" | `%s` | ", code_name(r.got));
        md_cell(sup_error_message(), false);
        puts(" |");
    }
    free_fixtures();
    puts("\n## Fuzzing\n");
    puts("The libFuzzer targets (`tests/fuzz/`, `scripts/fuzz.sh`) try arbitrary bytes and call sequences;");
    puts("what each asserts about a bad input:\n");
    puts("| target | inputs | must get |\n|---|---|---|");
    puts("| `fuzz_date` | any bytes as date text; any dates and month/day counts (also invalid, huge, negative); buffers of 0…14 bytes | `SUP_EDATE` (or `SUP_EBUFFER`, `SUP_EINVAL` for a bad style), the out-parameter untouched, a one-line UTF-8 message; accepted text is exactly one of the two printed forms |");
    puts("| `fuzz_money` | any bytes as an amount; any price, rate, unit and mode for a fee; buffers of 0…55 bytes | `SUP_EMONEY` for bad text, a negative price or an overflow; `SUP_ERANGE` for a rate or unit out of range; `SUP_EINVAL` for a bad mode or style; `SUP_EBUFFER` for a short buffer |");
    puts("| `fuzz_policy` | any bytes as policy text | `SUP_EPARSE` with the line number, nothing allocated; accepted text gives a policy whose text form parses back equal |");
    puts("| `fuzz_schedule` | any bytes as schedule text | `SUP_EPARSE` with the line number; accepted text round-trips |");
    puts("| `fuzz_license` | call sequences with invalid dates, dates before the purchase or the last event, wrong amounts, negative and overflowing prices, extreme policies | the documented code (`SUP_EDATE`, `SUP_ESTATE`, `SUP_EMISMATCH`, `SUP_EMONEY`, `SUP_ENOTFOUND`, `SUP_ENOTAPPLICABLE`, `SUP_ERANGE`) and no change to the license |");
    puts("| `fuzz_requisites` | any bytes as an INN, KPP, BIK, BIK + account, e-mail address, phone number | `SUP_EPARSE` with a one-line UTF-8 message and the phone output untouched; whatever is accepted has the documented shape, and a changed check digit is always refused |");
    puts("| `fuzz_import` | any bytes as an import date or amount; any amount in words; any gross and rate for VAT | `SUP_EDATE`, `SUP_EMONEY` (out-parameter untouched) or `SUP_ERANGE`; accepted text includes every strict form and every formatted value |");
    puts("| `fuzz_csv` | any bytes as CSV with any separator, encoding and small limits | `SUP_EPARSE` with line and column, repeated by every later read; fields read are valid UTF-8 within the limits and write back to the same fields |");
    puts("| `fuzz_ledger` | call sequences with unknown ids, invalid UTF-8, control characters and over-long text, wrong amounts, reused payment ids, batches rolled back | `SUP_EINVAL`, `SUP_ENOTFOUND`, `SUP_EMISMATCH`, `SUP_ECONFLICT`, `SUP_ESTATE` …; no audit event and no change for a refused call |");
    return 0;
}

int main(int argc, char **argv)
{
    if (argc > 1 && strcmp(argv[1], "--markdown") == 0)
        return print_markdown();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(every_bad_input_gets_its_error_and_a_readable_message),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
