/*
 * libsupport — money: whole kopecks in int64, rates in basis points, rounding.
 */
#ifndef LIBSUPPORT_MONEY_H
#define LIBSUPPORT_MONEY_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** How a fee is rounded to the rounding unit. */
typedef enum sup_rounding_mode {
    SUP_ROUND_HALF_UP = 0,   /**< to nearest, halves away from zero (1997.50 -> 1998) */
    SUP_ROUND_HALF_EVEN = 1, /**< to nearest, halves to the even unit (1997.50 -> 1998, 1996.50 -> 1996) */
    SUP_ROUND_UP = 2,        /**< away from zero (towards the next unit) */
    SUP_ROUND_DOWN = 3       /**< towards zero (truncate) */
} sup_rounding_mode;

/** Common rounding units, in kopecks. Any unit 1 … SUP_ROUNDING_UNIT_MAX is allowed. */
#define SUP_UNIT_KOPECK 1
#define SUP_UNIT_RUBLE 100
#define SUP_UNIT_10_RUBLES 1000
#define SUP_ROUNDING_UNIT_MAX 100000000 /* one million rubles */

/** The largest rate: 100% in basis points. */
#define SUP_RATE_MAX 10000

/** Text styles of an amount. */
typedef enum sup_money_style {
    SUP_MONEY_PLAIN = 0, /**< "1998.00", "-5.30": machine form, rubles with two decimals */
    SUP_MONEY_RU = 1,    /**< "1 998 руб.", "1 997,50 руб.": U+00A0 between thousands, UTF-8 */
    SUP_MONEY_EN = 2,    /**< "1,998 RUB", "1,997.50 RUB" */
    SUP_MONEY_DECIMAL_COMMA = 3 /**< "1998,00", "-5,30": a number as spreadsheets with a Russian locale read it
                                     (CSV for Excel): two decimals, no grouping, no currency */
} sup_money_style;

/** Buffer size that holds any formatted amount with its terminating NUL. */
#define SUP_MONEY_BUFSIZE 48

/**
 * fee = price × rate / 10000, rounded to a multiple of `unit` kopecks by `mode`,
 * computed exactly in integers. SUP_EMONEY for a negative price, SUP_ERANGE for
 * a rate outside 0 … 10000 or a unit outside 1 … SUP_ROUNDING_UNIT_MAX,
 * SUP_EMONEY if price × rate overflows 64 bits.
 */
SUP_API SUP_NODISCARD int sup_money_fee(sup_money price, sup_rate rate_bp, sup_money unit,
                                        sup_rounding_mode mode, sup_money *out);

/** "No VAT" (Без НДС) where a VAT rate is expected: not the same as a rate of 0%. */
#define SUP_VAT_NONE (-1)

/**
 * The VAT included in a gross amount: gross × rate / (10000 + rate), rounded to
 * the kopeck, halves away from zero, computed exactly in integers (no overflow
 * for any gross). 20% of 1998.00 is 333.00; 10% of 1998.00 is 181.64; a
 * negative gross (a refund) gives the negative VAT. SUP_VAT_NONE gives 0.
 * SUP_ERANGE for any other rate outside 0 … 10000.
 */
SUP_API SUP_NODISCARD int sup_vat_amount(sup_money gross, sup_rate rate_bp, sup_money *vat);

/**
 * Parse an amount of rubles: "7990", "7990.5", "7990.50", "7990,50", "-12.30".
 * At most two decimals; no spaces, no currency. SUP_EMONEY otherwise, or if it
 * does not fit in int64 kopecks.
 */
SUP_API SUP_NODISCARD int sup_money_parse(const char *text, sup_money *out);

/**
 * Parse an amount of rubles as spreadsheets, 1C and people write it in files to
 * import (CSV cells): "1998", "1998,50", "1998.5", "1 998,00", "1 998 000.00"
 * with spaces, U+00A0 or U+202F between groups of three digits, a leading "-"
 * (or U+2212), an optional currency after it ("руб.", "руб", "р.", "р", "₽"),
 * and spaces, tabs and U+00A0 around it.
 * Refused with SUP_EMONEY and the reason, never guessed: more than two
 * decimals ("1,234": write thousands with a space), both "." and "," or two
 * decimal separators ("1.234,56", "1.234.567"), groups not of three digits
 * ("12 34"), anything else in the text, and an amount beyond int64 kopecks.
 * *out is written only on success.
 */
SUP_API SUP_NODISCARD int sup_money_parse_import(const char *text, sup_money *out);

/** Write an amount in the given style into buf (at least SUP_MONEY_BUFSIZE bytes). */
SUP_API SUP_NODISCARD int sup_money_format(sup_money amount, sup_money_style style, char *buf, size_t bufsize);

#ifdef __cplusplus
}
#endif
#endif /* LIBSUPPORT_MONEY_H */
