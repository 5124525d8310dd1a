/*
 * libsupport — the Russian wording of payment documents (invoices, acts):
 * the amount in words that the law requires next to the figures, and the VAT
 * line. Kept apart from money.h, which is locale-neutral arithmetic and the
 * machine and display forms of an amount: this header is Russian legal text,
 * and more of it (an amount in words in English, the date in words) can join
 * here without touching money.h.
 *
 * Every string is UTF-8, allocated, freed with sup_free().
 */
#ifndef LIBSUPPORT_WORDS_H
#define LIBSUPPORT_WORDS_H

#include "common.h"
#include "money.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The largest amount sup_money_in_words() spells: 999 999 999 999.99 rubles, in kopecks. */
#define SUP_MONEY_IN_WORDS_MAX INT64_C(99999999999999)

/**
 * The amount in Russian words, as an invoice prints it: the rubles in words
 * with the right form of "рубль", then the kopecks as two digits with the right
 * form of "копейка", the first letter capital:
 *   199800 → "Одна тысяча девятьсот девяносто восемь рублей 00 копеек"
 *   2100101 → "Двадцать одна тысяча один рубль 01 копейка"
 *   0 → "Ноль рублей 00 копеек"
 * Thousands are feminine (одна тысяча, две тысячи, пять тысяч), millions and
 * billions masculine (один миллион, два миллиарда); 11–14 take the plural of
 * "many" (одиннадцать тысяч, сто двенадцать рублей, 14 копеек).
 * SUP_EMONEY for a negative amount or one above SUP_MONEY_IN_WORDS_MAX.
 */
SUP_API SUP_NODISCARD int sup_money_in_words(sup_money amount, char **out);

/**
 * The VAT line of an invoice for a rate in basis points: SUP_VAT_NONE gives
 * "Без НДС"; 2000 gives "В том числе НДС 20 %", 1000 "В том числе НДС 10 %",
 * 1667 "В том числе НДС 16,67 %", 0 "В том числе НДС 0 %" (a 0% rate is not
 * the same as no VAT). The space before "%" is a no-break space (U+00A0), so
 * that the figure and the sign stay on one line. SUP_ERANGE for a rate outside
 * 0 … 10000 (other than SUP_VAT_NONE). The amount itself: sup_vat_amount().
 */
SUP_API SUP_NODISCARD int sup_vat_label(sup_rate rate_bp, char **out);

#ifdef __cplusplus
}
#endif
#endif /* LIBSUPPORT_WORDS_H */
