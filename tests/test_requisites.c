/* Requisites: INN, KPP, BIK and account check digits on published requisites; e-mail and phone forms. */
#include <libsupport.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

/* rc must be SUP_EPARSE with exactly this message. */
static void assert_fails(int rc, const char *message)
{
    assert_int_equal(rc, SUP_EPARSE);
    assert_string_equal(sup_error_message(), message);
}

static void inn_of_published_organisations_and_individuals_is_valid(void **state)
{
    (void)state;
    assert_int_equal(sup_inn_check("7707083893"), SUP_OK);   /* ПАО Сбербанк */
    assert_int_equal(sup_inn_check("7813669506"), SUP_OK);   /* АНО «КДДГ», kddg.ru */
    assert_int_equal(sup_inn_check("7701000080"), SUP_OK);   /* weighted sum mod 11 = 10: check digit 0 */
    assert_int_equal(sup_inn_check("500100732259"), SUP_OK); /* an individual: two check digits */
}

static void inn_with_a_wrong_check_digit_says_which_and_what_it_should_be(void **state)
{
    (void)state;
    assert_fails(sup_inn_check("7707083894"), "invalid INN \"7707083894\": the check digit is 3, not 4");
    assert_fails(sup_inn_check("7701000081"), "invalid INN \"7701000081\": the check digit is 0, not 1");
    assert_fails(sup_inn_check("500100732269"),
                 "invalid INN \"500100732269\": the first check digit (11th) is 5, not 6");
    assert_fails(sup_inn_check("500100732250"),
                 "invalid INN \"500100732250\": the second check digit (12th) is 9, not 0");
}

static void inn_of_a_wrong_length_or_with_other_characters_is_refused(void **state)
{
    (void)state;
    assert_fails(sup_inn_check(""), "invalid INN \"\": empty");
    assert_fails(sup_inn_check("770708389"),
                 "invalid INN \"770708389\": 9 digits, expected 10 (organisation) or 12 (individual)");
    assert_fails(sup_inn_check("77070838931"),
                 "invalid INN \"77070838931\": 11 digits, expected 10 (organisation) or 12 (individual)");
    assert_fails(sup_inn_check("5001007322590"),
                 "invalid INN \"5001007322590\": 13 digits, expected 10 (organisation) or 12 (individual)");
    assert_fails(sup_inn_check("7707 083893"), "invalid INN \"7707 083893\": position 5 is \" \", not a digit");
    assert_fails(sup_inn_check("7707083893 "), "invalid INN \"7707083893 \": position 11 is \" \", not a digit");
    assert_fails(sup_inn_check("77О7083893"), /* a Cyrillic О */
                 "invalid INN \"77О7083893\": position 3 is \"О\", not a digit");
    assert_fails(sup_inn_check("-707083893"), "invalid INN \"-707083893\": position 1 is \"-\", not a digit");
    /* checksums of all zeros work out, but there is no region 00 */
    assert_fails(sup_inn_check("0000000000"),
                 "invalid INN \"0000000000\": it starts with the region code 00, which does not exist");
    assert_int_equal(sup_inn_check(NULL), SUP_EINVAL);
}

static void kpp_is_four_digits_two_digits_or_capitals_three_digits(void **state)
{
    (void)state;
    assert_int_equal(sup_kpp_check("773601001"), SUP_OK); /* ПАО Сбербанк */
    assert_int_equal(sup_kpp_check("7736AB001"), SUP_OK);
    assert_int_equal(sup_kpp_check("7736Z0001"), SUP_OK);
    assert_fails(sup_kpp_check("7736ab001"),
                 "invalid KPP \"7736ab001\": position 5 is \"a\", expected a digit or a capital Latin letter A–Z");
    assert_fails(sup_kpp_check("7736АВ001"), /* Cyrillic А and В */
                 "invalid KPP \"7736АВ001\": position 5 is \"А\", expected a digit or a capital Latin letter A–Z");
    assert_fails(sup_kpp_check("A73601001"), "invalid KPP \"A73601001\": position 1 is \"A\", expected a digit");
    assert_fails(sup_kpp_check("7736010A1"), "invalid KPP \"7736010A1\": position 8 is \"A\", expected a digit");
    assert_fails(sup_kpp_check("77360100"),
                 "invalid KPP \"77360100\": 8 characters, expected 9 (4 digits, 2 digits or letters A–Z, 3 digits)");
    assert_fails(sup_kpp_check("7736010011"),
                 "invalid KPP \"7736010011\": 10 characters, expected 9 (4 digits, 2 digits or letters A–Z, 3 digits)");
    assert_fails(sup_kpp_check(""), "invalid KPP \"\": empty");
    assert_int_equal(sup_kpp_check(NULL), SUP_EINVAL);
}

static void bik_is_nine_digits_starting_with_04(void **state)
{
    (void)state;
    assert_int_equal(sup_bik_check("044525225"), SUP_OK);
    assert_int_equal(sup_bik_check("044030790"), SUP_OK);
    assert_fails(sup_bik_check("004525988"), "invalid BIK \"004525988\": a bank's BIK starts with 04");
    assert_fails(sup_bik_check("144525225"), "invalid BIK \"144525225\": a bank's BIK starts with 04");
    assert_fails(sup_bik_check("04452522"), "invalid BIK \"04452522\": 8 digits, expected 9");
    assert_fails(sup_bik_check("0445252250"), "invalid BIK \"0445252250\": 10 digits, expected 9");
    assert_fails(sup_bik_check("04452522x"), "invalid BIK \"04452522x\": position 9 is \"x\", not a digit");
    assert_int_equal(sup_bik_check(NULL), SUP_EINVAL);
}

static void settlement_accounts_of_published_requisites_pass_the_control_key(void **state)
{
    (void)state;
    /* АНО «КДДГ» at ПАО «Банк «Санкт-Петербург» (published on kddg.ru/donate) */
    assert_int_equal(sup_bank_account_check("044030790", "40703810890480000101"), SUP_OK);
    /* the Russian example of the SWIFT IBAN registry: RU03 044525225 40817810538091310419 */
    assert_int_equal(sup_bank_account_check("044525225", "40817810538091310419"), SUP_OK);
}

static void settlement_account_with_a_wrong_key_gives_the_right_one(void **state)
{
    (void)state;
    assert_fails(sup_bank_account_check("044525225", "40817810038091310419"),
                 "invalid account \"40817810038091310419\": with BIK 044525225 the control key (9th digit) is 5, "
                 "not 0");
    /* a swapped pair of digits is caught */
    assert_fails(sup_bank_account_check("044030790", "40703810890480000011"),
                 "invalid account \"40703810890480000011\": with BIK 044030790 the control key (9th digit) is 0, "
                 "not 8");
    /* the same account at another bank fails: the key depends on the BIK */
    assert_int_equal(sup_bank_account_check("044525225", "40703810890480000101"), SUP_EPARSE);
    assert_fails(sup_bank_account_check("044525225", "4081781053809131041"),
                 "invalid account \"4081781053809131041\": 19 digits, expected 20");
    assert_fails(sup_bank_account_check("044525225", "40817 810538091310419"),
                 "invalid account \"40817 810538091310419\": position 6 is \" \", not a digit");
    assert_fails(sup_bank_account_check("144525225", "40817810538091310419"),
                 "invalid BIK \"144525225\": a bank's BIK starts with 04");
    assert_int_equal(sup_bank_account_check(NULL, "40817810538091310419"), SUP_EINVAL);
    assert_int_equal(sup_bank_account_check("044525225", NULL), SUP_EINVAL);
}

static void correspondent_accounts_of_real_banks_pass(void **state)
{
    (void)state;
    assert_int_equal(sup_corr_account_check("044525225", "30101810400000000225"), SUP_OK); /* Сбербанк */
    assert_int_equal(sup_corr_account_check("044525974", "30101810145250000974"), SUP_OK); /* Т-Банк */
    assert_int_equal(sup_corr_account_check("044525593", "30101810200000000593"), SUP_OK); /* Альфа-Банк */
    assert_int_equal(sup_corr_account_check("044525187", "30101810700000000187"), SUP_OK); /* ВТБ */
    assert_int_equal(sup_corr_account_check("044030790", "30101810900000000790"), SUP_OK); /* Банк «Санкт-Петербург» */
}

static void correspondent_account_errors_name_the_key_prefix_or_bik_mismatch(void **state)
{
    (void)state;
    assert_fails(sup_corr_account_check("044525225", "30101810000000000225"),
                 "invalid account \"30101810000000000225\": with BIK 044525225 the control key (9th digit) is 4, "
                 "not 0");
    assert_fails(sup_corr_account_check("044525225", "30101810400000000593"),
                 "invalid correspondent account \"30101810400000000593\": it ends in 593, the BIK 044525225 in 225");
    /* a settlement account given as the correspondent one */
    assert_fails(sup_corr_account_check("044525225", "40817810538091310419"),
                 "invalid correspondent account \"40817810538091310419\": a bank's correspondent account starts "
                 "with 30101");
    /* a correspondent account is not a valid settlement account of its bank, and vice versa */
    assert_int_equal(sup_bank_account_check("044525225", "30101810400000000225"), SUP_EPARSE);
    assert_int_equal(sup_corr_account_check(NULL, "30101810400000000225"), SUP_EINVAL);
}

static void email_accepts_dot_atoms_quoted_local_parts_and_utf8_domains(void **state)
{
    (void)state;
    static const char *const good[] = {
        "manager@v8PRO.ru", "Ivan.Petrov+renewals@mail.example.com", "a@b.co", "o'neil@example.org",
        "!#$%&'*+-/=?^_`{|}~@example.com", "\"john smith\"@example.com", "\"a\\\"b@c\"@example.com",
        "иван@почта.рф", "user@xn--80a1acny.xn--p1ai", "user@sub-domain.example.ru", "x@1c.ru", "x@a.b.c.d.ru",
    };
    for (size_t i = 0; i < sizeof good / sizeof good[0]; i++) {
        if (sup_email_check(good[i]) != SUP_OK)
            fail_msg("%s: %s", good[i], sup_error_message());
    }
}

static void email_errors_say_what_is_wrong(void **state)
{
    (void)state;
    assert_fails(sup_email_check(""), "invalid e-mail \"\": empty");
    assert_fails(sup_email_check("manager.v8pro.ru"), "invalid e-mail \"manager.v8pro.ru\": no @");
    assert_fails(sup_email_check("@v8pro.ru"), "invalid e-mail \"@v8pro.ru\": the local part before @ is empty");
    assert_fails(sup_email_check("manager@"), "invalid e-mail \"manager@\": nothing after @");
    assert_fails(sup_email_check("manager@localhost"), "invalid e-mail \"manager@localhost\": the domain has no dot");
    assert_fails(sup_email_check("a@b@c.ru"),
                 "invalid e-mail \"a@b@c.ru\": more than one @ (an @ in the local part must be quoted)");
    assert_fails(sup_email_check(".a@b.ru"), "invalid e-mail \".a@b.ru\": the local part starts with a dot");
    assert_fails(sup_email_check("a.@b.ru"), "invalid e-mail \"a.@b.ru\": the local part ends with a dot");
    assert_fails(sup_email_check("a..b@c.ru"), "invalid e-mail \"a..b@c.ru\": two dots in a row in the local part");
    assert_fails(sup_email_check("ivan petrov@mail.ru"),
                 "invalid e-mail \"ivan petrov@mail.ru\": \" \" is not allowed in the local part (quote it: "
                 "\"…\"@domain)");
    assert_fails(sup_email_check("a@b..ru"),
                 "invalid e-mail \"a@b..ru\": an empty label (two dots in a row, or a dot at the start) in the domain");
    assert_fails(sup_email_check("a@.b.ru"),
                 "invalid e-mail \"a@.b.ru\": an empty label (two dots in a row, or a dot at the start) in the domain");
    assert_fails(sup_email_check("a@b.ru."), "invalid e-mail \"a@b.ru.\": the domain ends with a dot");
    assert_fails(sup_email_check("a@-b.ru"),
                 "invalid e-mail \"a@-b.ru\": the domain label \"-b\" starts with a hyphen");
    assert_fails(sup_email_check("a@b-.ru"), "invalid e-mail \"a@b-.ru\": the domain label \"b-\" ends with a hyphen");
    assert_fails(sup_email_check("a@b_c.ru"), "invalid e-mail \"a@b_c.ru\": \"_\" is not allowed in the domain");
    assert_fails(sup_email_check("a@[192.0.2.1]"),
                 "invalid e-mail \"a@[192.0.2.1]\": address literals like [192.0.2.1] are not accepted");
    assert_fails(sup_email_check("a@192.0.2.1"),
                 "invalid e-mail \"a@192.0.2.1\": the top-level domain \"1\" is all digits (IP addresses are not "
                 "accepted)");
    assert_fails(sup_email_check("\"abc@b.ru"),
                 "invalid e-mail \"\\x22abc@b.ru\": the quoted local part has no closing quote");
    assert_fails(sup_email_check("\"ab\"c@b.ru"),
                 "invalid e-mail \"\\x22ab\\x22c@b.ru\": expected @ right after the quoted local part");
    assert_fails(sup_email_check("\"\"@b.ru"), "invalid e-mail \"\\x22\\x22@b.ru\": the local part \"\" is empty");
    assert_fails(sup_email_check("a\xC2\xA0" "b@c.ru"),
                 "invalid e-mail \"a\xC2\xA0" "b@c.ru\": \"\xC2\xA0\" is not allowed in the local part");
    assert_fails(sup_email_check("a@b\xE2\x80\x8B" "c.ru"), /* a zero-width space */
                 "invalid e-mail \"a@b\xE2\x80\x8B" "c.ru\": \"\xE2\x80\x8B\" is not allowed in the domain");
    assert_fails(sup_email_check("a\tb@c.ru"),
                 "invalid e-mail \"a\\x09b@c.ru\": \"\\x09\" is not allowed in the local part (quote it: "
                 "\"…\"@domain)");
    assert_fails(sup_email_check("a\xFF@b.ru"), "invalid e-mail \"a\\xFF@b.ru\": not valid UTF-8");
    assert_int_equal(sup_email_check(NULL), SUP_EINVAL);
}

static void email_length_limits_are_64_for_the_local_part_63_a_label_254_in_all(void **state)
{
    (void)state;
    char addr[400];
    /* local part of 64 bytes: fine; 65: refused */
    snprintf(addr, sizeof addr, "%064d@b.ru", 0);
    assert_int_equal(sup_email_check(addr), SUP_OK);
    snprintf(addr, sizeof addr, "%065d@b.ru", 0);
    assert_int_equal(sup_email_check(addr), SUP_EPARSE);
    assert_non_null(strstr(sup_error_message(), "the local part is 65 bytes long, at most 64"));
    /* a label of 63 letters: fine; 64: refused */
    memset(addr, 'a', 70);
    memcpy(addr, "x@", 2);
    memcpy(addr + 65, ".ru", 4);
    assert_int_equal(sup_email_check(addr), SUP_OK);
    addr[65] = 'a';
    memcpy(addr + 66, ".ru", 4);
    assert_int_equal(sup_email_check(addr), SUP_EPARSE);
    assert_non_null(strstr(sup_error_message(), "a domain label is 64 bytes long, at most 63"));
    /* a UTF-8 label counts characters: 63 Cyrillic letters (126 bytes) are fine, 64 are not */
    size_t o = 0;
    memcpy(addr, "x@", 2);
    o = 2;
    for (int i = 0; i < 63; i++, o += 2)
        memcpy(addr + o, "я", 2);
    memcpy(addr + o, ".рф", 6);
    assert_int_equal(sup_email_check(addr), SUP_OK);
    memmove(addr + o + 2, addr + o, 6);
    memcpy(addr + o, "я", 2);
    assert_int_equal(sup_email_check(addr), SUP_EPARSE);
    assert_non_null(strstr(sup_error_message(), "a domain label is 64 characters long, at most 63"));
    /* 254 bytes in all: fine; 255: refused */
    o = 0;
    memcpy(addr, "x@", 2);
    o = 2;
    while (o < 254 - 4) {
        memcpy(addr + o, "aaaaaaaaa.", 10);
        o += 10;
    }
    o = 254 - 3;
    memcpy(addr + o, ".ru", 4);
    addr[o - 1] = 'a';
    assert_int_equal(strlen(addr), 254);
    assert_int_equal(sup_email_check(addr), SUP_OK);
    memmove(addr + 3, addr + 2, 253);
    addr[2] = 'b';
    assert_int_equal(strlen(addr), 255);
    assert_int_equal(sup_email_check(addr), SUP_EPARSE);
    assert_non_null(strstr(sup_error_message(), "255 bytes long, at most 254"));
}

static void email_equal_folds_the_domain_case_only(void **state)
{
    (void)state;
    assert_true(sup_email_equal("Ivan@Mail.RU", "Ivan@mail.ru"));
    assert_false(sup_email_equal("Ivan@mail.ru", "ivan@mail.ru"));
    assert_true(sup_email_equal("иван@ПОЧТА.РФ", "иван@почта.рф"));
    assert_true(sup_email_equal("a@ЁЛКА.РФ", "a@ёлка.рф"));
    assert_false(sup_email_equal("ИВАН@почта.рф", "иван@почта.рф"));
    assert_false(sup_email_equal("a@mail.ru", "a@mail.ru.com"));
    assert_false(sup_email_equal("a@mail.r", "a@mail.ru"));
    assert_true(sup_email_equal("\"a@b\"@Example.COM", "\"a@b\"@example.com"));
    assert_false(sup_email_equal("ab@example.com", "a@bexample.com"));
    assert_true(sup_email_equal("plain", "plain"));
    assert_false(sup_email_equal("plain", "PLAIN"));
    assert_false(sup_email_equal(NULL, "a@b.ru"));
    assert_false(sup_email_equal("a@b.ru", NULL));
}

static void phone(const char *in, const char *expected)
{
    char out[SUP_PHONE_BUFSIZE];
    int rc = sup_phone_normalize(in, out, sizeof out);
    if (rc != SUP_OK)
        fail_msg("%s: %s", in, sup_error_message());
    assert_string_equal(out, expected);
}

static void phone_numbers_in_russian_forms_become_e164(void **state)
{
    (void)state;
    phone("+7 927 853-15-26", "+79278531526");
    phone("8 (927) 853 15 26", "+79278531526");
    phone("+79278531526", "+79278531526");
    phone("89278531526", "+79278531526");
    phone("7 927 853 15 26", "+79278531526");
    phone("+7\xC2\xA0" "927\xC2\xA0" "853\xE2\x80\x91" "15\xE2\x80\x93" "26", "+79278531526"); /* NBSP, dashes */
    phone("8-800-555-35-35", "+78005553535");
    phone("+7 (495) 500.55.50", "+74955005550");
    phone("+49 30 1234567", "+49301234567");
    phone("+380 44 123 45 67", "+380441234567");
    phone("+290 1234", "+2901234"); /* 7 digits: the shortest international number */
    phone("+123456789012345", "+123456789012345");
}

static void phone_errors_say_what_is_wrong(void **state)
{
    (void)state;
    char out[SUP_PHONE_BUFSIZE] = "untouched";
    assert_fails(sup_phone_normalize("", out, sizeof out), "invalid phone \"\": no digits");
    assert_fails(sup_phone_normalize("927 853 15 26", out, sizeof out),
                 "invalid phone \"927 853 15 26\": 10 digits without a country code: write +7 or 8 first for Russia");
    assert_fails(sup_phone_normalize("+7 927 853 15 2", out, sizeof out),
                 "invalid phone \"+7 927 853 15 2\": a +7 number has 10 digits after the 7, not 9");
    assert_fails(sup_phone_normalize("+7 927 853 15 266", out, sizeof out),
                 "invalid phone \"+7 927 853 15 266\": a +7 number has 10 digits after the 7, not 11");
    assert_fails(sup_phone_normalize("+8 927 853 15 26", out, sizeof out),
                 "invalid phone \"+8 927 853 15 26\": there is no country code 89…; a Russian number is +7 … or 8 … "
                 "without the +");
    assert_fails(sup_phone_normalize("+0 123 456 78", out, sizeof out),
                 "invalid phone \"+0 123 456 78\": a country code never starts with 0");
    assert_fails(sup_phone_normalize("+49 123", out, sizeof out),
                 "invalid phone \"+49 123\": 5 digits are too few for a number with its country code");
    assert_fails(sup_phone_normalize("+1234567890123456", out, sizeof out),
                 "invalid phone \"+1234567890123456\": 16 digits, at most 15 (E.164)");
    assert_fails(sup_phone_normalize("8 927 853 15 26 доб. 12", out, sizeof out),
                 "invalid phone \"8 927 853 15 26 доб. 12\": unexpected \"д\": only digits, a leading +, spaces, "
                 "hyphens and parentheses");
    assert_fails(sup_phone_normalize("8 (927 853 15 26", out, sizeof out),
                 "invalid phone \"8 (927 853 15 26\": a parenthesis is not closed");
    assert_fails(sup_phone_normalize("8 927) 853 15 26", out, sizeof out),
                 "invalid phone \"8 927) 853 15 26\": parentheses must be one pair around the area code");
    assert_fails(sup_phone_normalize("8 (927) (853) 15 26", out, sizeof out),
                 "invalid phone \"8 (927) (853) 15 26\": parentheses must be one pair around the area code");
    assert_fails(sup_phone_normalize("8 927 +853", out, sizeof out),
                 "invalid phone \"8 927 +853\": a + may only come first, before the country code");
    assert_fails(sup_phone_normalize("12345", out, sizeof out),
                 "invalid phone \"12345\": expected a Russian number (11 digits starting with 8 or 7) or + and the "
                 "country code");
    assert_string_equal(out, "untouched");
    assert_int_equal(sup_phone_normalize("+79278531526", out, SUP_PHONE_BUFSIZE - 1), SUP_EBUFFER);
    assert_string_equal(out, "untouched");
    assert_int_equal(sup_phone_normalize(NULL, out, sizeof out), SUP_EINVAL);
    assert_int_equal(sup_phone_normalize("+79278531526", NULL, 20), SUP_EINVAL);
}

static void phone_normalize_is_idempotent(void **state)
{
    (void)state;
    static const char *const in[] = {"8 (927) 853 15 26", "+49 30 1234567", "7 800 555 35 35"};
    for (size_t i = 0; i < sizeof in / sizeof in[0]; i++) {
        char once[SUP_PHONE_BUFSIZE], twice[SUP_PHONE_BUFSIZE];
        assert_int_equal(sup_phone_normalize(in[i], once, sizeof once), SUP_OK);
        assert_int_equal(sup_phone_normalize(once, twice, sizeof twice), SUP_OK);
        assert_string_equal(once, twice);
    }
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(inn_of_published_organisations_and_individuals_is_valid),
        cmocka_unit_test(inn_with_a_wrong_check_digit_says_which_and_what_it_should_be),
        cmocka_unit_test(inn_of_a_wrong_length_or_with_other_characters_is_refused),
        cmocka_unit_test(kpp_is_four_digits_two_digits_or_capitals_three_digits),
        cmocka_unit_test(bik_is_nine_digits_starting_with_04),
        cmocka_unit_test(settlement_accounts_of_published_requisites_pass_the_control_key),
        cmocka_unit_test(settlement_account_with_a_wrong_key_gives_the_right_one),
        cmocka_unit_test(correspondent_accounts_of_real_banks_pass),
        cmocka_unit_test(correspondent_account_errors_name_the_key_prefix_or_bik_mismatch),
        cmocka_unit_test(email_accepts_dot_atoms_quoted_local_parts_and_utf8_domains),
        cmocka_unit_test(email_errors_say_what_is_wrong),
        cmocka_unit_test(email_length_limits_are_64_for_the_local_part_63_a_label_254_in_all),
        cmocka_unit_test(email_equal_folds_the_domain_case_only),
        cmocka_unit_test(phone_numbers_in_russian_forms_become_e164),
        cmocka_unit_test(phone_errors_say_what_is_wrong),
        cmocka_unit_test(phone_normalize_is_idempotent),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
