/* Fuzz target: sup_date_parse (ISO "YYYY-MM-DD" and Russian "DD.MM.YYYY"), the
 * date formats, and date arithmetic on dates drawn from the same bytes. */
#include "fuzz_common.h"

static void check_parse(const char *text)
{
    sup_date d = 12345;
    int rc = sup_date_parse(text, &d);
    if (rc != SUP_OK) {
        FUZZ_CHECK(rc == SUP_EDATE);
        FUZZ_CHECK(d == 12345); /* untouched on failure */
        fuzz_check_error(rc);
        return;
    }
    FUZZ_CHECK(sup_date_is_valid(d));
    char iso[SUP_DATE_BUFSIZE], ru[SUP_DATE_BUFSIZE];
    FUZZ_CHECK(sup_date_format(d, SUP_DATE_ISO, iso, sizeof iso) == SUP_OK);
    FUZZ_CHECK(sup_date_format(d, SUP_DATE_RU, ru, sizeof ru) == SUP_OK);
    /* The parser is exact: what it accepts is one of the two printed forms. */
    FUZZ_CHECK(strcmp(text, iso) == 0 || strcmp(text, ru) == 0);
    sup_date back = 0;
    FUZZ_CHECK(sup_date_parse(iso, &back) == SUP_OK && back == d);
    FUZZ_CHECK(sup_date_parse(ru, &back) == SUP_OK && back == d);
    sup_date made = 0;
    FUZZ_CHECK(sup_date_make(sup_date_year(d), sup_date_month(d), sup_date_day(d), &made) == SUP_OK && made == d);
}

static void check_arithmetic(fuzz_reader *r)
{
    sup_date d = fuzz_date_near(r, 20260131);
    int valid = sup_date_is_valid(d);
    int months = (fuzz_u8(r) & 1) ? (int)(int16_t)fuzz_u16(r) : (int)fuzz_u32(r);
    sup_date m = 0;
    int rc = sup_date_add_months(d, months, &m);
    if (rc == SUP_OK) {
        FUZZ_CHECK(valid && sup_date_is_valid(m));
        /* art. 192: the same day number, or the month's last day if it has fewer */
        int dim = sup_date_days_in_month(sup_date_year(m), sup_date_month(m));
        int want = sup_date_day(d) < dim ? sup_date_day(d) : dim;
        FUZZ_CHECK(sup_date_day(m) == want);
        long idx0 = (long)sup_date_year(d) * 12 + sup_date_month(d), idx1 = (long)sup_date_year(m) * 12 + sup_date_month(m);
        FUZZ_CHECK(idx1 - idx0 == (long)months);
        FUZZ_CHECK(months > 0 ? m > d : (months < 0 ? m < d : m == d));
    } else {
        FUZZ_CHECK(rc == SUP_EDATE);
        fuzz_check_error(rc);
        long long idx = (long long)sup_date_year(d) * 12 + (sup_date_month(d) - 1) + (long long)months;
        FUZZ_CHECK(!valid || idx < 1900LL * 12 || idx > 9999LL * 12 + 11);
    }

    int32_t days = (fuzz_u8(r) & 1) ? (int32_t)(int16_t)fuzz_u16(r) : (int32_t)fuzz_u32(r);
    sup_date e = 0;
    rc = sup_date_add_days(d, days, &e);
    if (rc == SUP_OK) {
        FUZZ_CHECK(valid && sup_date_is_valid(e));
        int32_t back = 0;
        FUZZ_CHECK(sup_date_diff_days(d, e, &back) == SUP_OK && back == days);
        FUZZ_CHECK(sup_date_compare(d, e) == (days < 0) - (days > 0));
        sup_date again = 0;
        FUZZ_CHECK(sup_date_add_days(e, -days, &again) == SUP_OK && again == d);
    } else {
        FUZZ_CHECK(rc == SUP_EDATE);
        fuzz_check_error(rc);
    }

    /* formatting never writes past the buffer it is given (ASan sees the heap block's end) */
    size_t bufsize = (size_t)(fuzz_u8(r) % (SUP_DATE_BUFSIZE + 4));
    char *buf = malloc(bufsize ? bufsize : 1);
    if (buf == NULL)
        abort();
    rc = sup_date_format(d, (sup_date_style)(fuzz_u8(r) % 3), buf, bufsize);
    if (rc != SUP_OK)
        fuzz_check_error(rc);
    else
        FUZZ_CHECK(valid && strlen(buf) == 10);
    free(buf);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_cstring(data, size);
    check_parse(text);
    free(text);
    fuzz_reader r = {data, size};
    check_arithmetic(&r);
    return 0;
}
