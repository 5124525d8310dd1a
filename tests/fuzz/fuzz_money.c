/* Fuzz target: sup_money_parse, sup_money_format in every style, and the fee
 * rounding of sup_money_fee on amounts drawn from the same bytes. */
#include "fuzz_common.h"

static void check_parse(const char *text)
{
    sup_money m = 12345;
    int rc = sup_money_parse(text, &m);
    if (rc != SUP_OK) {
        FUZZ_CHECK(rc == SUP_EMONEY);
        FUZZ_CHECK(m == 12345);
        fuzz_check_error(rc);
        return;
    }
    char plain[SUP_MONEY_BUFSIZE], ru[SUP_MONEY_BUFSIZE], en[SUP_MONEY_BUFSIZE];
    FUZZ_CHECK(sup_money_format(m, SUP_MONEY_PLAIN, plain, sizeof plain) == SUP_OK);
    FUZZ_CHECK(sup_money_format(m, SUP_MONEY_RU, ru, sizeof ru) == SUP_OK);
    FUZZ_CHECK(sup_money_format(m, SUP_MONEY_EN, en, sizeof en) == SUP_OK);
    FUZZ_CHECK(fuzz_utf8_ok(ru) && fuzz_utf8_ok(en));
    sup_money back = 0;
    FUZZ_CHECK(sup_money_parse(plain, &back) == SUP_OK && back == m);
    /* The accepted text has digits, at most one separator and at most two decimals. */
    const char *sep = strpbrk(text, ".,");
    FUZZ_CHECK(sep == NULL || strlen(sep + 1) <= 2);
}

__extension__ typedef __int128 i128; /* exact products for the checks (GCC and clang) */

static void check_fee(fuzz_reader *r)
{
    sup_money price = fuzz_money(r);
    sup_rate rate = (fuzz_u8(r) < 240) ? (sup_rate)(fuzz_u16(r) % 10001u) : (sup_rate)(int32_t)fuzz_u32(r);
    static const sup_money units[] = {1, 100, 1000, 3, 7, 50, 100000000, 0, -5, 100000001};
    sup_money unit = units[fuzz_u8(r) % (sizeof units / sizeof units[0])];
    sup_rounding_mode mode = (sup_rounding_mode)(fuzz_u8(r) % 5);
    sup_money fee = -1;
    int rc = sup_money_fee(price, rate, unit, mode, &fee);
    bool args_ok = price >= 0 && rate >= 0 && rate <= SUP_RATE_MAX && unit >= 1 && unit <= SUP_ROUNDING_UNIT_MAX &&
                   (unsigned)mode <= SUP_ROUND_DOWN;
    if (rc != SUP_OK) {
        fuzz_check_error(rc);
        FUZZ_CHECK(!args_ok || (rc == SUP_EMONEY && rate != 0 && price > INT64_MAX / rate));
        return;
    }
    FUZZ_CHECK(args_ok);
    FUZZ_CHECK(fee >= 0 && fee % unit == 0);
    /* exact = price × rate / 10000 kopecks; the fee is a multiple of unit within one unit of it */
    i128 exact_num = (i128)price * rate; /* fee × 10000 compared with price × rate */
    i128 f = (i128)fee * 10000, u = (i128)unit * 10000;
    FUZZ_CHECK(f - exact_num < u && exact_num - f < u);
    switch (mode) {
    case SUP_ROUND_DOWN: FUZZ_CHECK(f <= exact_num); break;
    case SUP_ROUND_UP: FUZZ_CHECK(f >= exact_num); break;
    default: FUZZ_CHECK(2 * (f - exact_num) <= u && 2 * (exact_num - f) <= u); break;
    }
    /* the fee never exceeds the price rounded up to a unit */
    FUZZ_CHECK((i128)fee <= (i128)price + unit);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_cstring(data, size);
    check_parse(text);
    free(text);
    fuzz_reader r = {data, size};
    check_fee(&r);

    /* formatting never writes past the buffer it is given */
    fuzz_reader r2 = {data, size};
    sup_money m = (sup_money)fuzz_u64(&r2);
    size_t bufsize = fuzz_u8(&r2) % (SUP_MONEY_BUFSIZE + 8);
    char *buf = malloc(bufsize ? bufsize : 1);
    if (buf == NULL)
        abort();
    int rc = sup_money_format(m, (sup_money_style)(fuzz_u8(&r2) % 4), buf, bufsize);
    if (rc != SUP_OK)
        fuzz_check_error(rc);
    else
        FUZZ_CHECK(strlen(buf) < bufsize);
    free(buf);
    return 0;
}
