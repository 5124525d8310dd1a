/* The policy: defaults, setters, the key = value text form, contact channels. */
#include <libsupport.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

static void default_policy_is_the_vendor_page(void **state)
{
    (void)state;
    sup_policy *p = NULL;
    assert_int_equal(sup_policy_new(&p), SUP_OK);
    assert_int_equal(sup_policy_preferential_rate(p), 2500);
    assert_int_equal(sup_policy_standard_rate(p), 4500);
    assert_int_equal(sup_policy_grace_months(p), 1);
    assert_int_equal(sup_policy_renewal_months(p), 12);
    assert_int_equal(sup_policy_default_support_months(p), 6);
    assert_int_equal(sup_policy_rounding_unit(p), SUP_UNIT_RUBLE);
    assert_int_equal(sup_policy_rounding_mode(p), SUP_ROUND_HALF_UP);
    assert_int_equal(sup_policy_phone_support(p), 0);
    assert_int_equal(sup_policy_contact_count(p), 4);
    sup_contact_kind k;
    assert_int_equal(sup_policy_contact_kind(p, 0, &k), SUP_OK);
    assert_int_equal(k, SUP_CONTACT_WHATSAPP);
    assert_string_equal(sup_policy_contact_value(p, 0), "+7 927 853 15 26");
    assert_string_equal(sup_policy_contact_value(p, 1), "manager@v8PRO.ru");
    assert_string_equal(sup_policy_contact_value(p, 2), "v8PRO.ru");
    assert_string_equal(sup_policy_contact_value(p, 3), "vk.com/v8proru");
    assert_null(sup_policy_contact_value(p, 4));
    assert_int_equal(sup_policy_contact_kind(p, 4, &k), SUP_ENOTFOUND);
    sup_money fee;
    assert_int_equal(sup_policy_fee(p, 799000, sup_policy_preferential_rate(p), &fee), SUP_OK);
    assert_int_equal(fee, 199800);
    sup_policy_free(p);
}

static void setters_validate_and_leave_the_policy_unchanged_on_error(void **state)
{
    (void)state;
    sup_policy *p = NULL;
    assert_int_equal(sup_policy_new(&p), SUP_OK);
    assert_int_equal(sup_policy_set_standard_rate(p, 4000), SUP_OK);
    assert_int_equal(sup_policy_standard_rate(p), 4000);
    assert_int_equal(sup_policy_set_standard_rate(p, 10001), SUP_ERANGE);
    assert_int_equal(sup_policy_set_preferential_rate(p, -5), SUP_ERANGE);
    assert_int_equal(sup_policy_standard_rate(p), 4000);
    assert_int_equal(sup_policy_preferential_rate(p), 2500);
    assert_int_equal(sup_policy_set_preferential_rate(p, 10000), SUP_OK);
    assert_int_equal(sup_policy_set_grace_months(p, 0), SUP_OK);
    assert_int_equal(sup_policy_set_grace_months(p, -1), SUP_ERANGE);
    assert_int_equal(sup_policy_set_renewal_months(p, 0), SUP_ERANGE);
    assert_int_equal(sup_policy_set_renewal_months(p, 1201), SUP_ERANGE);
    assert_int_equal(sup_policy_set_renewal_months(p, 24), SUP_OK);
    assert_int_equal(sup_policy_set_default_support_months(p, 12), SUP_OK);
    assert_int_equal(sup_policy_set_rounding(p, 0, SUP_ROUND_UP), SUP_ERANGE);
    assert_int_equal(sup_policy_set_rounding(p, 100, (sup_rounding_mode)4), SUP_EINVAL);
    assert_int_equal(sup_policy_rounding_mode(p), SUP_ROUND_HALF_UP);
    assert_int_equal(sup_policy_set_rounding(p, SUP_UNIT_10_RUBLES, SUP_ROUND_DOWN), SUP_OK);
    assert_int_equal(sup_policy_set_phone_support(p, 7), SUP_OK);
    assert_int_equal(sup_policy_phone_support(p), 1);
    assert_int_equal(sup_policy_set_standard_rate(NULL, 1), SUP_EINVAL);
    sup_policy_free(p);
}

static void text_form_changes_only_the_keys_given(void **state)
{
    (void)state;
    sup_policy *p = NULL;
    assert_int_equal(sup_policy_parse("# the page's example\n  standard_rate_bp = 4000  \r\n\n", &p), SUP_OK);
    assert_int_equal(sup_policy_standard_rate(p), 4000);
    assert_int_equal(sup_policy_preferential_rate(p), 2500);
    assert_int_equal(sup_policy_contact_count(p), 4);
    sup_money fee;
    assert_int_equal(sup_policy_fee(p, 799000, sup_policy_standard_rate(p), &fee), SUP_OK);
    assert_int_equal(fee, 319600);
    sup_policy_free(p);
}

static void text_form_reads_every_key(void **state)
{
    (void)state;
    const char *text = "preferential_rate_bp=3000\n"
                       "standard_rate_bp = 5000\n"
                       "grace_months = 2\n"
                       "renewal_months = 24\n"
                       "default_support_months = 3\n"
                       "rounding_unit = 10_rubles\n"
                       "rounding_mode = half_even\n"
                       "phone_support = yes\n"
                       "contact = telegram @v8pro\n"
                       "contact = email   sales@example.com\n";
    sup_policy *p = NULL;
    assert_int_equal(sup_policy_parse(text, &p), SUP_OK);
    assert_int_equal(sup_policy_preferential_rate(p), 3000);
    assert_int_equal(sup_policy_standard_rate(p), 5000);
    assert_int_equal(sup_policy_grace_months(p), 2);
    assert_int_equal(sup_policy_renewal_months(p), 24);
    assert_int_equal(sup_policy_default_support_months(p), 3);
    assert_int_equal(sup_policy_rounding_unit(p), 1000);
    assert_int_equal(sup_policy_rounding_mode(p), SUP_ROUND_HALF_EVEN);
    assert_int_equal(sup_policy_phone_support(p), 1);
    assert_int_equal(sup_policy_contact_count(p), 2); /* contact lines replace the defaults */
    sup_contact_kind k;
    assert_int_equal(sup_policy_contact_kind(p, 0, &k), SUP_OK);
    assert_int_equal(k, SUP_CONTACT_TELEGRAM);
    assert_string_equal(sup_policy_contact_value(p, 0), "@v8pro");
    assert_string_equal(sup_policy_contact_value(p, 1), "sales@example.com");
    sup_policy_free(p);

    assert_int_equal(sup_policy_parse("rounding_unit = 500\nrounding_mode = up\ncontact = none\n", &p), SUP_OK);
    assert_int_equal(sup_policy_rounding_unit(p), 500);
    assert_int_equal(sup_policy_contact_count(p), 0);
    sup_policy_free(p);
}

static void text_form_round_trips_to_an_equal_policy(void **state)
{
    (void)state;
    static const char *const texts[] = {"", "standard_rate_bp = 4000\n",
                                        "rounding_unit = 7\nrounding_mode = down\ncontact = none\n",
                                        "contact = other Офис: Самара, ул. Ленина, 1\nphone_support = yes\n"};
    for (size_t i = 0; i < sizeof texts / sizeof texts[0]; i++) {
        sup_policy *a = NULL, *b = NULL;
        char *t = NULL;
        assert_int_equal(sup_policy_parse(texts[i], &a), SUP_OK);
        assert_int_equal(sup_policy_to_text(a, &t), SUP_OK);
        assert_int_equal(sup_policy_parse(t, &b), SUP_OK);
        assert_true(sup_policy_equal(a, b));
        sup_free(t);
        sup_policy_free(a);
        sup_policy_free(b);
    }
}

static void text_form_rejects_bad_lines_with_their_line_number(void **state)
{
    (void)state;
    static const struct {
        const char *text;
        const char *message_part;
    } bad[] = {
        {"standard_rate_bp = 10001\n", "line 1"},
        {"\n\nstandard_rate_bp = 45%\n", "line 3"},
        {"preferential_rate_bp = -1\n", "0…10000"},
        {"standard_rate_bp = \n", "line 1"},
        {"standard_rate_bp 4500\n", "expected \"key = value\""},
        {"standard_rate = 4500\n", "unknown key \"standard_rate\""},
        {"standard_rate_bp = 4000\nstandard_rate_bp = 4500\n", "given twice"},
        {"grace_months = -1\n", "grace_months"},
        {"renewal_months = 0\n", "renewal_months"},
        {"renewal_months = 99999999999999999999\n", "renewal_months"},
        {"default_support_months = six\n", "default_support_months"},
        {"rounding_unit = rouble\n", "rounding_unit"},
        {"rounding_unit = 0\n", "rounding_unit"},
        {"rounding_mode = bankers\n", "rounding_mode"},
        {"phone_support = maybe\n", "phone_support"},
        {"contact = pigeon coo\n", "contact must be"},
        {"contact = email\n", "contact must be"},
        {"standard_rate_bp = 4000\xff\n", "UTF-8"},
        {"standard_rate_bp = 0x10\n", "basis points"},
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        sup_policy *p = (sup_policy *)(uintptr_t)1;
        assert_int_equal(sup_policy_parse(bad[i].text, &p), SUP_EPARSE);
        assert_null(p);
        if (strstr(sup_error_message(), bad[i].message_part) == NULL)
            fail_msg("policy text #%zu: message \"%s\" lacks \"%s\"", i, sup_error_message(), bad[i].message_part);
    }
    sup_policy *p;
    assert_int_equal(sup_policy_parse(NULL, &p), SUP_EINVAL);
}

static void contacts_can_be_replaced_and_are_validated(void **state)
{
    (void)state;
    sup_policy *p = NULL;
    assert_int_equal(sup_policy_new(&p), SUP_OK);
    sup_policy_clear_contacts(p);
    assert_int_equal(sup_policy_contact_count(p), 0);
    assert_int_equal(sup_policy_add_contact(p, SUP_CONTACT_VK, "vk.com/example"), SUP_OK);
    assert_int_equal(sup_policy_add_contact(p, SUP_CONTACT_EMAIL, ""), SUP_EINVAL);
    assert_int_equal(sup_policy_add_contact(p, SUP_CONTACT_EMAIL, "a\nb"), SUP_EINVAL);
    assert_int_equal(sup_policy_add_contact(p, SUP_CONTACT_EMAIL, "\xc3\x28"), SUP_EINVAL);
    assert_int_equal(sup_policy_add_contact(p, (sup_contact_kind)99, "x"), SUP_EINVAL);
    char longv[300];
    memset(longv, 'a', sizeof longv - 1);
    longv[sizeof longv - 1] = '\0';
    assert_int_equal(sup_policy_add_contact(p, SUP_CONTACT_OTHER, longv), SUP_EINVAL);
    for (int i = 0; i < 20; i++)
        assert_int_equal(sup_policy_add_contact(p, SUP_CONTACT_OTHER, "чат"), SUP_OK);
    assert_int_equal(sup_policy_contact_count(p), 21);
    sup_policy *c = NULL;
    assert_int_equal(sup_policy_clone(p, &c), SUP_OK);
    assert_true(sup_policy_equal(p, c));
    assert_int_equal(sup_policy_add_contact(c, SUP_CONTACT_OTHER, "one more"), SUP_OK);
    assert_false(sup_policy_equal(p, c));
    sup_policy_free(c);
    sup_policy_free(p);
    sup_policy_free(NULL);
}

static void contact_and_kind_names_round_trip(void **state)
{
    (void)state;
    for (int k = SUP_CONTACT_WHATSAPP; k <= SUP_CONTACT_OTHER; k++) {
        sup_contact_kind back;
        assert_int_equal(sup_contact_kind_from_name(sup_contact_kind_name((sup_contact_kind)k), &back), SUP_OK);
        assert_int_equal((int)back, k);
    }
    sup_contact_kind back;
    assert_int_equal(sup_contact_kind_from_name("fax", &back), SUP_EINVAL);
    assert_string_equal(sup_contact_kind_name((sup_contact_kind)42), "");
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(default_policy_is_the_vendor_page),
        cmocka_unit_test(setters_validate_and_leave_the_policy_unchanged_on_error),
        cmocka_unit_test(text_form_changes_only_the_keys_given),
        cmocka_unit_test(text_form_reads_every_key),
        cmocka_unit_test(text_form_round_trips_to_an_equal_policy),
        cmocka_unit_test(text_form_rejects_bad_lines_with_their_line_number),
        cmocka_unit_test(contacts_can_be_replaced_and_are_validated),
        cmocka_unit_test(contact_and_kind_names_round_trip),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
