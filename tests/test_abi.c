/* ABI surface: version macros agree with the library, result names, NULL-safe frees, errors per thread. */
#include <libsupport.h>

#include <pthread.h>
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <cmocka.h>

static void runtime_version_matches_the_header(void **state)
{
    (void)state;
    assert_int_equal(sup_version_number(), SUP_VERSION_NUMBER);
    assert_string_equal(sup_version_string(), SUP_VERSION_STRING);
    assert_int_equal(SUP_VERSION_NUMBER, SUP_VERSION_MAJOR * 10000 + SUP_VERSION_MINOR * 100 + SUP_VERSION_PATCH);
}

static void every_result_code_has_a_name(void **state)
{
    (void)state;
    for (int code = SUP_EIO; code <= SUP_OK; code++) {
        const char *n = sup_result_name(code);
        assert_non_null(n);
        assert_string_not_equal(n, "unknown result code");
    }
    assert_string_equal(sup_result_name(-999), "unknown result code");
    assert_string_equal(sup_result_name(SUP_EMISMATCH), "amount does not match the quote");
}

/* tests/error_families.txt ("code name family" lines) is the expectation the bindings' tests share. */
static void every_result_code_has_the_family_of_the_shared_table(void **state)
{
    (void)state;
    FILE *f = fopen(SUP_ERROR_FAMILIES_FILE, "r");
    assert_non_null(f);
    char line[256];
    int seen = 0;
    while (fgets(line, sizeof line, f) != NULL) {
        if (line[0] == '#' || line[0] == '\n')
            continue;
        int code;
        char name[64], family[64];
        assert_int_equal(sscanf(line, "%d %63s %63s", &code, name, family), 3);
        assert_int_equal(code, -seen); /* every code from SUP_OK down, none skipped */
        assert_string_equal(sup_error_family_name(sup_result_family(code)), family);
        seen++;
    }
    fclose(f);
    assert_int_equal(seen, 1 - SUP_EIO); /* SUP_OK … SUP_EIO */
}

static void families_of_unknown_codes_and_their_names(void **state)
{
    (void)state;
    assert_int_equal(sup_result_family(SUP_OK), SUP_FAMILY_NONE);
    assert_int_equal(sup_result_family(1), SUP_FAMILY_NONE);
    assert_int_equal(sup_result_family(SUP_EIO - 1), SUP_FAMILY_NONE);
    assert_int_equal(sup_result_family(-999), SUP_FAMILY_NONE);
    assert_int_equal(sup_result_family(SUP_EIO), SUP_FAMILY_STORAGE);
    assert_int_equal(sup_result_family(SUP_ESTATE), SUP_FAMILY_REFUSED);
    assert_string_equal(sup_error_family_name(SUP_FAMILY_NONE), "none");
    assert_string_equal(sup_error_family_name(SUP_FAMILY_INVALID_INPUT), "invalid_input");
    assert_string_equal(sup_error_family_name(SUP_FAMILY_NOT_FOUND), "not_found");
    assert_string_equal(sup_error_family_name(SUP_FAMILY_REFUSED), "refused");
    assert_string_equal(sup_error_family_name(SUP_FAMILY_CONFLICT), "conflict");
    assert_string_equal(sup_error_family_name(SUP_FAMILY_STORAGE), "storage");
    assert_string_equal(sup_error_family_name(SUP_FAMILY_RESOURCE), "resource");
    assert_string_equal(sup_error_family_name((sup_error_family)7), "");
    assert_string_equal(sup_error_family_name((sup_error_family)-1), "");
}

static void free_functions_accept_null(void **state)
{
    (void)state;
    sup_free(NULL);
    sup_policy_free(NULL);
    sup_product_free(NULL);
    sup_license_free(NULL);
    sup_quote_free(NULL);
    sup_status_free(NULL);
    sup_notice_free(NULL);
    sup_schedule_free(NULL);
}

static void error_state_is_kept_until_cleared(void **state)
{
    (void)state;
    sup_error_clear();
    assert_int_equal(sup_error_code(), SUP_OK);
    assert_string_equal(sup_error_message(), "");
    sup_date d;
    assert_int_equal(sup_date_parse("2026-13-01", &d), SUP_EDATE);
    assert_int_equal(sup_date_parse("2026-12-01", &d), SUP_OK); /* success does not clear */
    assert_int_equal(sup_error_code(), SUP_EDATE);
    assert_non_null(strstr(sup_error_message(), "month 13"));
    sup_error_clear();
    assert_string_equal(sup_error_message(), "");
}

static void *other_thread(void *arg)
{
    (void)arg;
    sup_money m;
    /* a different failure on another thread */
    return (void *)(intptr_t)(sup_money_parse("abc", &m) == SUP_EMONEY && strstr(sup_error_message(), "abc") != NULL);
}

static void error_messages_are_per_thread(void **state)
{
    (void)state;
    sup_date d;
    assert_int_equal(sup_date_parse("2026-02-30", &d), SUP_EDATE);
    pthread_t t;
    void *ok = NULL;
    assert_int_equal(pthread_create(&t, NULL, other_thread, NULL), 0);
    assert_int_equal(pthread_join(t, &ok), 0);
    assert_true(ok != NULL);
    assert_int_equal(sup_error_code(), SUP_EDATE);
    assert_non_null(strstr(sup_error_message(), "2026-02-30"));
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(runtime_version_matches_the_header),
        cmocka_unit_test(every_result_code_has_a_name),
        cmocka_unit_test(every_result_code_has_the_family_of_the_shared_table),
        cmocka_unit_test(families_of_unknown_codes_and_their_names),
        cmocka_unit_test(free_functions_accept_null),
        cmocka_unit_test(error_state_is_kept_until_cleared),
        cmocka_unit_test(error_messages_are_per_thread),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
