/* Fuzz target: dates and amounts as files to import write them (sup_date_parse_import,
 * sup_money_parse_import) on any text, and the wording of amounts (sup_money_in_words,
 * sup_vat_amount, sup_vat_label) on amounts drawn from the same bytes. */
#include "fuzz_common.h"

static void check_date(const char *text)
{
    sup_date d = 12345;
    int rc = sup_date_parse_import(text, &d);
    sup_date strict = 0;
    bool strict_ok = sup_date_parse(text, &strict) == SUP_OK;
    if (rc != SUP_OK) {
        FUZZ_CHECK(rc == SUP_EDATE && d == 12345);
        fuzz_check_error(rc);
        FUZZ_CHECK(!strict_ok); /* the import forms include the strict ones */
        return;
    }
    FUZZ_CHECK(sup_date_is_valid(d));
    FUZZ_CHECK(!strict_ok || strict == d);
    char iso[SUP_DATE_BUFSIZE], ru[SUP_DATE_BUFSIZE];
    FUZZ_CHECK(sup_date_format(d, SUP_DATE_ISO, iso, sizeof iso) == SUP_OK);
    FUZZ_CHECK(sup_date_format(d, SUP_DATE_RU, ru, sizeof ru) == SUP_OK);
    sup_date back = 0;
    FUZZ_CHECK(sup_date_parse_import(iso, &back) == SUP_OK && back == d);
    FUZZ_CHECK(sup_date_parse_import(ru, &back) == SUP_OK && back == d);
}

static void check_amount(const char *text)
{
    sup_money m = 12345;
    int rc = sup_money_parse_import(text, &m);
    sup_money strict = 0;
    bool strict_ok = sup_money_parse(text, &strict) == SUP_OK;
    if (rc != SUP_OK) {
        FUZZ_CHECK(rc == SUP_EMONEY && m == 12345);
        fuzz_check_error(rc);
        FUZZ_CHECK(!strict_ok);
        return;
    }
    FUZZ_CHECK(!strict_ok || strict == m);
    static const sup_money_style styles[] = {SUP_MONEY_PLAIN, SUP_MONEY_RU, SUP_MONEY_DECIMAL_COMMA};
    for (size_t i = 0; i < sizeof styles / sizeof styles[0]; i++) {
        char buf[SUP_MONEY_BUFSIZE];
        sup_money back = 0;
        FUZZ_CHECK(sup_money_format(m, styles[i], buf, sizeof buf) == SUP_OK);
        FUZZ_CHECK(sup_money_parse_import(buf, &back) == SUP_OK && back == m);
    }
}

static bool ends_with(const char *s, const char *tail)
{
    size_t n = strlen(s), k = strlen(tail);
    return n >= k && memcmp(s + n - k, tail, k) == 0;
}

__extension__ typedef __int128 i128;

static void check_words(fuzz_reader *r)
{
    sup_money m = fuzz_u8(r) < 128 ? (sup_money)(fuzz_u64(r) % (uint64_t)(SUP_MONEY_IN_WORDS_MAX + 2)) : fuzz_money(r);
    char *s = NULL;
    int rc = sup_money_in_words(m, &s);
    if (m < 0 || m > SUP_MONEY_IN_WORDS_MAX) {
        FUZZ_CHECK(rc == SUP_EMONEY && s == NULL);
        fuzz_check_error(rc);
    } else {
        FUZZ_CHECK(rc == SUP_OK && s != NULL && fuzz_utf8_ok(s));
        /* a capital Cyrillic letter first (U+0410…U+042F), single spaces, the kopecks last */
        FUZZ_CHECK((unsigned char)s[0] == 0xD0 && (unsigned char)s[1] >= 0x90 && (unsigned char)s[1] <= 0xAF);
        FUZZ_CHECK(strstr(s, "  ") == NULL && s[strlen(s) - 1] != ' ');
        FUZZ_CHECK(ends_with(s, " копейка") || ends_with(s, " копейки") || ends_with(s, " копеек"));
        char kop[8];
        snprintf(kop, sizeof kop, " %02d ", (int)(m % 100));
        FUZZ_CHECK(strstr(s, kop) != NULL);
        FUZZ_CHECK((m / 100 == 0) == (strncmp(s, "Ноль ", strlen("Ноль ")) == 0));
        sup_free(s);
    }

    sup_money gross = fuzz_money(r);
    uint8_t how = fuzz_u8(r);
    sup_rate rate = how < 200   ? (sup_rate)(fuzz_u16(r) % 10001u)
                    : how < 220 ? SUP_VAT_NONE
                                : (sup_rate)(int32_t)fuzz_u32(r);
    sup_money vat = 42;
    rc = sup_vat_amount(gross, rate, &vat);
    char *label = NULL;
    int lrc = sup_vat_label(rate, &label);
    if (rate != SUP_VAT_NONE && (rate < 0 || rate > SUP_RATE_MAX)) {
        FUZZ_CHECK(rc == SUP_ERANGE && vat == 42 && lrc == SUP_ERANGE && label == NULL);
        fuzz_check_error(lrc);
        return;
    }
    FUZZ_CHECK(rc == SUP_OK && lrc == SUP_OK && fuzz_utf8_ok(label));
    FUZZ_CHECK((rate == SUP_VAT_NONE) == (strcmp(label, "Без НДС") == 0));
    sup_free(label);
    if (rate == SUP_VAT_NONE) {
        FUZZ_CHECK(vat == 0);
        return;
    }
    /* |vat × (10000 + rate) − gross × rate| ≤ (10000 + rate) / 2, the sign of the gross */
    i128 d = 10000 + (i128)rate, diff = (i128)vat * d - (i128)gross * rate;
    FUZZ_CHECK(2 * diff <= d && -2 * diff <= d);
    FUZZ_CHECK(gross >= 0 ? vat >= 0 && vat <= gross : vat <= 0 && vat >= gross);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_cstring(data, size);
    check_date(text);
    check_amount(text);
    free(text);
    fuzz_reader r = {data, size};
    check_words(&r);
    return 0;
}
