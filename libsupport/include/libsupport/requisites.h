/*
 * libsupport — Russian requisites and contact data of customers:
 * INN, KPP, BIK, bank accounts (with the Bank of Russia control key),
 * e-mail addresses and phone numbers.
 *
 * Every check takes the text exactly as stored (no trimming: an importer trims
 * its cells first) and returns SUP_OK, or SUP_EPARSE with a message that says
 * what is wrong and where, e.g.
 *   invalid INN "7707083894": the check digit is 3, not 4
 * NULL arguments give SUP_EINVAL. Nothing here allocates, and nothing is
 * written unless the call succeeds.
 */
#ifndef LIBSUPPORT_REQUISITES_H
#define LIBSUPPORT_REQUISITES_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- tax and bank identifiers ---------------------------------------------- */

/**
 * INN (taxpayer number): 10 digits for an organisation (one check digit, the
 * 10th, weights 2 4 10 3 5 9 4 6 8) or 12 digits for an individual or a sole
 * proprietor (two check digits, the 11th with weights 7 2 4 10 3 5 9 4 6 8 and
 * the 12th with weights 3 7 2 4 10 3 5 9 4 6 8; each is the weighted sum mod 11
 * mod 10). The first two digits are a region code, never 00.
 * "7707083893" (Sberbank) and "500100732259" are valid.
 */
SUP_API SUP_NODISCARD int sup_inn_check(const char *inn);

/**
 * KPP (tax registration reason code): 9 characters NNNNPPNNN — 4 digits (the
 * tax office), 2 digits or capital Latin letters A–Z (the reason), 3 digits.
 * "773601001" and "7736AB001" are valid. There is no check digit.
 */
SUP_API SUP_NODISCARD int sup_kpp_check(const char *kpp);

/**
 * BIK of a bank: 9 digits starting with 04 (Russia). "044525225" (Sberbank)
 * is valid. The Federal Treasury's own identifiers (00…, 01…, 02…) are not
 * banks' BIKs and are refused.
 */
SUP_API SUP_NODISCARD int sup_bik_check(const char *bik);

/**
 * A settlement (current) account of a customer or the vendor at the bank with
 * this BIK: the BIK is checked as by sup_bik_check(), then the account must be
 * 20 digits whose control key (the 9th digit) agrees with the BIK: the 23
 * digits "last 3 digits of the BIK" + account, weighted 7 1 3 7 1 3 …, sum to a
 * multiple of 10 (Bank of Russia regulation 385-P). The message of a wrong key
 * gives the key that would be right.
 * BIK "044030790" with "40703810890480000101" is valid.
 */
SUP_API SUP_NODISCARD int sup_bank_account_check(const char *bik, const char *account);

/**
 * The correspondent account of the bank with this BIK (at the Bank of Russia):
 * 20 digits, the control key computed over "0" + the 5th and 6th digits of the
 * BIK + account (same weights as sup_bank_account_check()), and its last three
 * digits equal to the last three of the BIK.
 * BIK "044525225" with "30101810400000000225" (Sberbank) is valid.
 */
SUP_API SUP_NODISCARD int sup_corr_account_check(const char *bik, const char *account);

/* ---- e-mail ------------------------------------------------------------------ */

/**
 * A pragmatic check of an e-mail address (addr-spec "local@domain"), for
 * addresses a vendor can send reminders to:
 *  - at most 254 bytes in all, the local part 1…64 bytes (RFC 5321);
 *  - the local part a dot-atom (letters, digits and ! # $ % & ' * + - / = ? ^ _
 *    ` { | } ~, dots between them, never first, last or doubled) or a quoted
 *    string ("john smith"@example.com, with \" and \\ escapes);
 *  - the domain: at least two labels separated by dots, each 1…63 bytes of
 *    letters, digits and hyphens, not starting or ending with a hyphen, the last
 *    one not all digits; no address literals ([192.0.2.1]), no trailing dot;
 *  - UTF-8 (SMTPUTF8, RFC 6531): non-ASCII letters are allowed in the local part
 *    and in domain labels (IDN as UTF-8, e.g. "иван@почта.рф"; such a label may
 *    have 63 characters), but never control characters, spaces (U+00A0, U+2000…)
 *    or invalid UTF-8.
 * The address is stored as given (no case folding); see sup_email_equal().
 */
SUP_API SUP_NODISCARD int sup_email_check(const char *addr);

/**
 * 1 if a and b name the same mailbox, else 0: the local parts (before the last
 * "@") compare exactly, the domains without regard to the case of Latin and
 * Cyrillic letters ("Ivan@Mail.RU" equals "Ivan@mail.ru", not "ivan@mail.ru").
 * For de-duplicating a customer's addresses. NULL equals nothing.
 */
SUP_API int sup_email_equal(const char *a, const char *b);

/* ---- phone ------------------------------------------------------------------- */

/** Buffer size that holds any normalized phone number ("+" and 15 digits) with its NUL. */
#define SUP_PHONE_BUFSIZE 17

/**
 * A phone number in E.164 form: "+7 927 853-15-26", "8 (927) 853 15 26",
 * "7 927 8531526" and "+79278531526" all give "+79278531526".
 *  - spaces (also U+00A0 and U+202F), hyphens and dashes, dots and one pair of
 *    parentheses between the digits are dropped;
 *  - a Russian number: 11 digits starting with 8 or 7 (8 is the trunk prefix and
 *    becomes +7), or + 7 and 10 digits;
 *  - any other country: "+", the country code (not starting with 0) and the
 *    number, 7…15 digits in all, kept as given ("+8 9…" is refused: no
 *    country code starts with 89, it is a Russian number written wrong).
 * Anything else (letters, extensions, 10 digits without a country code, too few
 * or too many digits) is SUP_EPARSE with the reason. `out` needs at least
 * SUP_PHONE_BUFSIZE bytes (else SUP_EBUFFER) and is written only on success.
 */
SUP_API SUP_NODISCARD int sup_phone_normalize(const char *in, char *out, size_t outsize);

#ifdef __cplusplus
}
#endif
#endif /* LIBSUPPORT_REQUISITES_H */
