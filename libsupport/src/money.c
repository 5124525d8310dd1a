/* libsupport — money in kopecks: fees, parsing and formatting. */
#include "libsupport/money.h"
#include "money_internal.h"
#include "error_internal.h"

#include <stdio.h>
#include <string.h>

int sup_money_fee(sup_money price, sup_rate rate_bp, sup_money unit, sup_rounding_mode mode, sup_money *out)
{
    SUP__CHECK_ARG(out, "sup_money_fee");
    if (price < 0)
        return sup__fail(SUP_EMONEY, "negative price: %lld kopecks", (long long)price);
    if (rate_bp < 0 || rate_bp > SUP_RATE_MAX)
        return sup__fail(SUP_ERANGE, "rate %ld bp is outside 0…10000 (0%%…100%%)", (long)rate_bp);
    if (unit < 1 || unit > SUP_ROUNDING_UNIT_MAX)
        return sup__fail(SUP_ERANGE, "rounding unit %lld kopecks is outside 1…%d", (long long)unit,
                         SUP_ROUNDING_UNIT_MAX);
    if ((unsigned)mode > SUP_ROUND_DOWN)
        return sup__fail(SUP_EINVAL, "unknown rounding mode %d", (int)mode);
    if (!sup__fee(price, rate_bp, unit, mode, out))
        return sup__fail(SUP_EMONEY, "price %lld kopecks × %ld bp overflows 64 bits", (long long)price,
                         (long)rate_bp);
    return SUP_OK;
}

int sup_money_parse(const char *text, sup_money *out)
{
    SUP__CHECK_ARG(out, "sup_money_parse");
    SUP__CHECK_ARG(text, "sup_money_parse");
    const char *s = text;
    bool negative = false;
    if (*s == '-') {
        negative = true;
        s++;
    }
    uint64_t rubles = 0;
    int ndigits = 0;
    bool overflow = false;
    for (; *s >= '0' && *s <= '9'; s++, ndigits++) {
        if (rubles > (UINT64_MAX - 9) / 10)
            overflow = true;
        else
            rubles = rubles * 10 + (uint64_t)(*s - '0');
    }
    int kop = 0;
    bool ok = ndigits > 0;
    if (ok && (*s == '.' || *s == ',')) {
        s++;
        int ndec = 0;
        for (; *s >= '0' && *s <= '9' && ndec < 3; s++, ndec++)
            kop = kop * 10 + (*s - '0');
        ok = ndec >= 1 && ndec <= 2;
        if (ndec == 1)
            kop *= 10;
    }
    char q[80];
    if (!ok || *s != '\0') {
        sup__quote_text(q, sizeof q, text);
        return sup__fail(SUP_EMONEY, "invalid amount %s: expected rubles like 7990 or 7990.50", q);
    }
    /* limit: |kopecks| <= INT64_MAX */
    if (overflow || rubles > (uint64_t)(INT64_MAX / 100) ||
        (rubles == (uint64_t)(INT64_MAX / 100) && kop > INT64_MAX % 100)) {
        sup__quote_text(q, sizeof q, text);
        return sup__fail(SUP_EMONEY, "amount %s is too large", q);
    }
    int64_t v = (int64_t)rubles * 100 + kop;
    *out = negative ? -v : v;
    return SUP_OK;
}

int sup_money_format(sup_money amount, sup_money_style style, char *buf, size_t bufsize)
{
    SUP__CHECK_ARG(buf, "sup_money_format");
    if (bufsize < SUP_MONEY_BUFSIZE)
        return sup__fail(SUP_EBUFFER, "sup_money_format: buffer of %zu bytes, need %d", bufsize,
                         SUP_MONEY_BUFSIZE);
    if (style != SUP_MONEY_PLAIN && style != SUP_MONEY_RU && style != SUP_MONEY_EN && style != SUP_MONEY_DECIMAL_COMMA)
        return sup__fail(SUP_EINVAL, "sup_money_format: unknown style %d", (int)style);
    bool negative = amount < 0;
    uint64_t mag = negative ? (uint64_t)0 - (uint64_t)amount : (uint64_t)amount;
    uint64_t rubles = mag / 100;
    unsigned kop = (unsigned)(mag % 100);
    if (style == SUP_MONEY_PLAIN || style == SUP_MONEY_DECIMAL_COMMA) {
        snprintf(buf, bufsize, "%s%llu%c%02u", negative ? "-" : "", (unsigned long long)rubles,
                 style == SUP_MONEY_PLAIN ? '.' : ',', kop);
        return SUP_OK;
    }
    /* Group thousands: "1 998" with U+00A0 (RU) or "1,998" (EN). */
    char digits_buf[24];
    int nd = snprintf(digits_buf, sizeof digits_buf, "%llu", (unsigned long long)rubles);
    const char *sep = style == SUP_MONEY_RU ? "\xC2\xA0" : ",";
    size_t o = 0;
    if (negative)
        buf[o++] = '-';
    for (int i = 0; i < nd; i++) {
        if (i > 0 && (nd - i) % 3 == 0) {
            memcpy(buf + o, sep, strlen(sep));
            o += strlen(sep);
        }
        buf[o++] = digits_buf[i];
    }
    buf[o] = '\0';
    if (style == SUP_MONEY_RU) {
        if (kop != 0)
            snprintf(buf + o, bufsize - o, ",%02u руб.", kop);
        else
            snprintf(buf + o, bufsize - o, " руб.");
    } else {
        if (kop != 0)
            snprintf(buf + o, bufsize - o, ".%02u RUB", kop);
        else
            snprintf(buf + o, bufsize - o, " RUB");
    }
    return SUP_OK;
}

int sup_vat_amount(sup_money gross, sup_rate rate_bp, sup_money *vat)
{
    SUP__CHECK_ARG(vat, "sup_vat_amount");
    if (rate_bp == SUP_VAT_NONE) {
        *vat = 0;
        return SUP_OK;
    }
    if (rate_bp < 0 || rate_bp > SUP_RATE_MAX)
        return sup__fail(SUP_ERANGE, "VAT rate %ld bp is outside 0…10000 (0%%…100%%)", (long)rate_bp);
    /* gross = q·d + r with d = 10000 + rate: gross·rate/d = q·rate + r·rate/d, where q·rate < |gross|
     * and r·rate < 10^8, so nothing overflows; only the second term needs rounding. */
    uint64_t mag = gross < 0 ? (uint64_t)0 - (uint64_t)gross : (uint64_t)gross;
    uint64_t d = 10000u + (uint64_t)rate_bp, q = mag / d, r = mag % d;
    uint64_t part = r * (uint64_t)rate_bp, v = q * (uint64_t)rate_bp + part / d;
    if (part % d >= d - part % d)
        v++;
    *vat = gross < 0 ? -(sup_money)v : (sup_money)v;
    return SUP_OK;
}
