/* Settings files (INI): the sample files of examples/settings/, sections and
 * quoted values, every refused form with its file:line message, the typed
 * getters and their ranges, iteration, the schema check and the private-file
 * check. */
#define _POSIX_C_SOURCE 200809L
#include <libsupport.h>

#include <setjmp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

static sup_settings *parse_ok(const char *text)
{
    sup_settings *s = NULL;
    int rc = sup_settings_parse(text, strlen(text), &s);
    if (rc != SUP_OK)
        fail_msg("%s", sup_error_message());
    assert_non_null(s);
    return s;
}

static void expect_parse_error(const char *text, size_t len, int code, const char *message)
{
    sup_settings *s = (sup_settings *)1;
    int rc = sup_settings_parse(text, len, &s);
    if (rc != code || strcmp(sup_error_message(), message) != 0)
        fail_msg("got %d \"%s\", expected %d \"%s\"", rc, sup_error_message(), code, message);
    assert_null(s);
}

#define PARSE_ERROR(text, message) expect_parse_error(text, strlen(text), SUP_EPARSE, message)

static char *sample_path(const char *name)
{
    static char path[512];
    snprintf(path, sizeof path, "%s/settings/%s", SUP_EXAMPLES_DIR, name);
    return path;
}

/* ---- the samples ------------------------------------------------------------------- */

static const sup_settings_key smtp_keys[] = {
    {"smtp", "host"},    {"smtp", "port"},        {"smtp", "security"},  {"smtp", "user"},
    {"smtp", "password"}, {"smtp", "timeout_seconds"}, {"message", NULL},
};

static void test_the_smtp_sample(void **state)
{
    (void)state;
    sup_settings *s = NULL;
    assert_int_equal(sup_settings_load(sample_path("smtp.ini"), &s), SUP_OK);
    assert_string_equal(sup_settings_source(s), sample_path("smtp.ini"));
    assert_string_equal(sup_settings_get(s, "smtp", "host"), "smtp.v8pro.ru");
    assert_string_equal(sup_settings_get(s, "smtp", "password"),
                        "change me: \"quotes\" and \\ need escapes; # is fine inside quotes");
    assert_string_equal(sup_settings_get(s, "message", "from_name"), "Восьмёрка Про — техническая поддержка");
    assert_null(sup_settings_get(s, "smtp", "from_name"));
    assert_null(sup_settings_get(s, "", "host"));
    assert_null(sup_settings_get(s, "SMTP", "host")); /* case matters */
    assert_int_equal(sup_settings_line(s, "smtp", "port"), 5);
    assert_int_equal(sup_settings_line(s, "smtp", "nope"), 0);
    int64_t port = 25;
    assert_int_equal(sup_settings_get_int(s, "smtp", "port", 1, 65535, &port), SUP_OK);
    assert_int_equal(port, 587);
    assert_int_equal(sup_settings_check_keys(s, smtp_keys, sizeof smtp_keys / sizeof smtp_keys[0]), SUP_OK);
    assert_int_equal(sup_settings_section_count(s), 2);
    assert_string_equal(sup_settings_section_name(s, 0), "smtp");
    assert_string_equal(sup_settings_section_name(s, 1), "message");
    assert_null(sup_settings_section_name(s, 2));
    assert_int_equal(sup_settings_entry_count(s), 10);
    const char *sec, *key, *value;
    int line;
    assert_int_equal(sup_settings_entry(s, 6, &sec, &key, &value, &line), SUP_OK);
    assert_string_equal(sec, "message");
    assert_string_equal(key, "from");
    assert_string_equal(value, "reminders@v8pro.ru");
    assert_int_equal(line, 13);
    assert_int_equal(sup_settings_entry(s, 10, &sec, NULL, NULL, NULL), SUP_ENOTFOUND);
    sup_settings_free(s);
}

static void test_the_portal_and_vendor_samples(void **state)
{
    (void)state;
    sup_settings *s = NULL;
    assert_int_equal(sup_settings_load(sample_path("portal.ini"), &s), SUP_OK);
    int demo = -1;
    assert_int_equal(sup_settings_get_bool(s, "portal", "demo", &demo), SUP_OK);
    assert_int_equal(demo, 0);
    sup_date d = 0;
    assert_int_equal(sup_settings_get_date(s, "portal", "demo_date", &d), SUP_OK);
    assert_int_equal(d, 20261126);
    int64_t minutes = 0;
    assert_int_equal(sup_settings_get_int(s, "signin", "link_minutes", 1, 1440, &minutes), SUP_OK);
    assert_int_equal(minutes, 30);
    sup_settings_free(s);
    /* the portal's own reader accepts its sample as it is */
    sup_portal_config *pc = NULL;
    if (sup_portal_config_load(sample_path("portal.ini"), &pc) != SUP_OK)
        fail_msg("portal.ini: %s", sup_error_message());
    assert_string_equal(sup_portal_config_text(pc, "mail", "message_id_domain"), "portal.v8pro.ru");
    assert_string_equal(sup_portal_config_text(pc, "portal", "accel_prefix"), "/_releases/");
    sup_portal_config_free(pc);
    assert_int_equal(sup_settings_load(sample_path("vendor.ini"), &s), SUP_OK);
    assert_string_equal(sup_settings_get(s, "vendor", "name"), "ООО \"Восьмёрка Про\"");
    assert_string_equal(sup_settings_get(s, "bank", "settlement_account"), "40702810954400012345");
    sup_settings_free(s);
}

/* ---- the form ------------------------------------------------------------------------ */

static void test_sections_comments_quotes_and_line_ends(void **state)
{
    (void)state;
    sup_settings *s = parse_ok("\xEF\xBB\xBF"
                               "top = level\r\n"
                               "# comment\n"
                               "  ; another = not a key\n"
                               "\n"
                               "[ a.b-c_1 ]\n"
                               "\tk = v # not a comment \n"
                               "empty =\n"
                               "q = \"  spaced  \"\n"
                               "e = \"\"\n"
                               "esc = \"a\\\"b\\\\c\"\n"
                               "eq = a=b=c\n"
                               "quote_inside = say \"hi\"\n"
                               "[other]\n"
                               "k = 2");
    assert_string_equal(sup_settings_get(s, "", "top"), "level");
    assert_string_equal(sup_settings_get(s, NULL, "top"), "level");
    assert_string_equal(sup_settings_get(s, "a.b-c_1", "k"), "v # not a comment");
    assert_string_equal(sup_settings_get(s, "a.b-c_1", "empty"), "");
    assert_string_equal(sup_settings_get(s, "a.b-c_1", "q"), "  spaced  ");
    assert_string_equal(sup_settings_get(s, "a.b-c_1", "e"), "");
    assert_string_equal(sup_settings_get(s, "a.b-c_1", "esc"), "a\"b\\c");
    assert_string_equal(sup_settings_get(s, "a.b-c_1", "eq"), "a=b=c");
    assert_string_equal(sup_settings_get(s, "a.b-c_1", "quote_inside"), "say \"hi\"");
    assert_string_equal(sup_settings_get(s, "other", "k"), "2");
    assert_null(sup_settings_get(s, "", "another"));
    assert_int_equal(sup_settings_line(s, "other", "k"), 14);
    assert_int_equal(sup_settings_section_count(s), 3);
    assert_string_equal(sup_settings_section_name(s, 0), "");
    sup_settings_free(s);
    s = parse_ok("");
    assert_int_equal(sup_settings_entry_count(s), 0);
    assert_int_equal(sup_settings_section_count(s), 0);
    assert_string_equal(sup_settings_source(s), "settings");
    sup_settings_free(s);
}

static void test_bad_forms_are_refused_with_file_and_line(void **state)
{
    (void)state;
    PARSE_ERROR("[smtp]\nhost smtp.example.ru\n",
                "settings:2: expected \"key = value\", \"[section]\" or a comment");
    PARSE_ERROR("[smtp\n", "settings:1: a section header must end with ']'");
    PARSE_ERROR("[]\n", "settings:1: section name \"\" is not 1…64 letters, digits, '_', '-' or '.'");
    PARSE_ERROR("[my section]\n", "settings:1: section name \"my section\" is not 1…64 letters, digits, '_', '-' or "
                                  "'.'");
    PARSE_ERROR("[a]\n= 5\n", "settings:2: key \"\" is not 1…64 letters, digits, '_', '-' or '.'");
    PARSE_ERROR("[a]\nsmtp host = x\n", "settings:2: key \"smtp host\" is not 1…64 letters, digits, '_', '-' or '.'");
    PARSE_ERROR("[a]\nключ = x\n", "settings:2: key \"ключ\" is not 1…64 letters, digits, '_', '-' or '.'");
    PARSE_ERROR("[smtp]\nhost = a\nport = 1\nhost = b\n", "settings:4: [smtp] host is set twice (lines 2 and 4)");
    PARSE_ERROR("x = 1\nx = 2\n", "settings:2: x is set twice (lines 1 and 2)");
    PARSE_ERROR("[a]\n[b]\n[a]\n", "settings:3: section [a] appears twice (lines 1 and 3)");
    PARSE_ERROR("[a]\np = \"secret\n", "settings:2: the quoted value has no closing quote");
    PARSE_ERROR("[a]\np = \"sec\"ret\"\n", "settings:2: text after the closing quote of a value");
    PARSE_ERROR("[a]\np = \"a\\nb\"\n", "settings:2: unknown escape in a quoted value (only \\\" and \\\\)");
    PARSE_ERROR("[a]\np = a\x01" "b\n", "settings:2: control character 0x01");
    PARSE_ERROR("[a]\np = a\rb\n", "settings:2: control character 0x0D");
    expect_parse_error("[a]\np = a\0b\n", 12, SUP_EPARSE, "settings:2: control character 0x00");
    PARSE_ERROR("[a]\n\np = \xC3\x28\n", "settings:3: byte 0xC3 is not UTF-8 text (settings files are UTF-8)");
    PARSE_ERROR("[a]\np = \xCF\xEE\xF0\xF2\n", "settings:2: byte 0xCF is not UTF-8 text (settings files are UTF-8)");
    char big_key[80];
    memset(big_key, 'k', 65);
    snprintf(big_key + 65, sizeof big_key - 65, "=1\n");
    sup_settings *s = (sup_settings *)1;
    assert_int_equal(sup_settings_parse(big_key, strlen(big_key), &s), SUP_EPARSE);
    assert_null(s);
    big_key[64] = '=';
    big_key[65] = '1';
    big_key[66] = '\0';
    s = parse_ok(big_key); /* 64 characters is the limit */
    sup_settings_free(s);
    /* a password never appears in a parse error */
    s = (sup_settings *)1;
    assert_int_equal(sup_settings_parse("[smtp]\npassword \"hunter2\n", 25, &s), SUP_EPARSE);
    assert_null(strstr(sup_error_message(), "hunter2"));
    assert_int_equal(sup_settings_parse("[smtp]\npassword = \"hunter2\" x\n", 30, &s), SUP_EPARSE);
    assert_null(strstr(sup_error_message(), "hunter2"));
}

static void test_limits_and_arguments(void **state)
{
    (void)state;
    size_t n = SUP_SETTINGS_MAX_BYTES + 1;
    char *big = malloc(n);
    assert_non_null(big);
    memset(big, '#', n);
    sup_settings *s = NULL;
    assert_int_equal(sup_settings_parse(big, n, &s), SUP_ERANGE);
    assert_string_equal(sup_error_message(), "settings: 1048577 bytes, more than the limit of 1048576");
    big[n - 2] = '\n';
    assert_int_equal(sup_settings_parse(big, n - 1, &s), SUP_OK); /* one comment line and an empty one */
    assert_int_equal(sup_settings_entry_count(s), 0);
    sup_settings_free(s);
    free(big);
    assert_int_equal(sup_settings_parse(NULL, 1, &s), SUP_EINVAL);
    assert_int_equal(sup_settings_parse("", 0, NULL), SUP_EINVAL);
    assert_int_equal(sup_settings_parse(NULL, 0, &s), SUP_OK);
    sup_settings_free(s);
    sup_settings_free(NULL);
    assert_null(sup_settings_get(NULL, "a", "b"));
    assert_int_equal(sup_settings_entry_count(NULL), 0);
}

/* ---- typed getters ------------------------------------------------------------------- */

static const char typed[] = "[smtp]\n"
                            "port = 587\n"
                            "big = 99999\n"
                            "neg = -12\n"
                            "words = five\n"
                            "plus = +5\n"
                            "spaced = \" 5\"\n"
                            "max = 9223372036854775807\n"
                            "min = -9223372036854775808\n"
                            "over = 9223372036854775808\n"
                            "starttls = yes\n"
                            "t1 = TRUE\n"
                            "t2 = On\n"
                            "t3 = 1\n"
                            "f1 = false\n"
                            "f2 = NO\n"
                            "f3 = off\n"
                            "f4 = 0\n"
                            "maybe = maybe\n"
                            "iso = 2026-12-01\n"
                            "ru = 01.12.2026\n"
                            "feb30 = 2026-02-30\n"
                            "host = smtp.example.ru\n";

static void test_integers_in_a_range(void **state)
{
    (void)state;
    sup_settings *s = parse_ok(typed);
    int64_t v = 77;
    assert_int_equal(sup_settings_get_int(s, "smtp", "port", 1, 65535, &v), SUP_OK);
    assert_int_equal(v, 587);
    assert_int_equal(sup_settings_get_int(s, "smtp", "neg", -100, 0, &v), SUP_OK);
    assert_int_equal(v, -12);
    assert_int_equal(sup_settings_get_int(s, "smtp", "max", INT64_MIN, INT64_MAX, &v), SUP_OK);
    assert_int_equal(v, INT64_MAX);
    assert_int_equal(sup_settings_get_int(s, "smtp", "min", INT64_MIN, INT64_MAX, &v), SUP_OK);
    assert_true(v == INT64_MIN);
    v = 77;
    assert_int_equal(sup_settings_get_int(s, "smtp", "big", 1, 65535, &v), SUP_ERANGE);
    assert_string_equal(sup_error_message(), "settings:3: [smtp] big = \"99999\" is not a whole number in 1…65535");
    assert_int_equal(v, 77);
    assert_int_equal(sup_settings_get_int(s, "smtp", "port", 1, 586, &v), SUP_ERANGE);
    assert_int_equal(sup_settings_get_int(s, "smtp", "port", 588, 600, &v), SUP_ERANGE);
    assert_int_equal(sup_settings_get_int(s, "smtp", "words", 1, 65535, &v), SUP_EPARSE);
    assert_string_equal(sup_error_message(), "settings:5: [smtp] words = \"five\" is not a whole number in 1…65535");
    assert_int_equal(sup_settings_get_int(s, "smtp", "plus", 1, 65535, &v), SUP_EPARSE);
    assert_int_equal(sup_settings_get_int(s, "smtp", "spaced", 1, 65535, &v), SUP_EPARSE);
    assert_int_equal(sup_settings_get_int(s, "smtp", "over", INT64_MIN, INT64_MAX, &v), SUP_ERANGE);
    assert_int_equal(v, 77);
    /* not set: SUP_ENOTFOUND, the default stays */
    assert_int_equal(sup_settings_get_int(s, "smtp", "timeout", 1, 600, &v), SUP_ENOTFOUND);
    assert_string_equal(sup_error_message(), "settings: [smtp] timeout is not set");
    assert_int_equal(v, 77);
    assert_int_equal(sup_settings_get_int(s, "smtp", "port", 10, 1, &v), SUP_EINVAL);
    assert_int_equal(sup_settings_get_int(s, "smtp", "port", 1, 10, NULL), SUP_EINVAL);
    assert_int_equal(sup_settings_get_int(NULL, "smtp", "port", 1, 10, &v), SUP_EINVAL);
    sup_settings_free(s);
}

static void test_booleans_dates_and_text(void **state)
{
    (void)state;
    sup_settings *s = parse_ok(typed);
    static const struct {
        const char *key;
        int value;
    } bools[] = {{"starttls", 1}, {"t1", 1}, {"t2", 1}, {"t3", 1}, {"f1", 0}, {"f2", 0}, {"f3", 0}, {"f4", 0}};
    for (size_t i = 0; i < sizeof bools / sizeof bools[0]; i++) {
        int b = -1;
        assert_int_equal(sup_settings_get_bool(s, "smtp", bools[i].key, &b), SUP_OK);
        assert_int_equal(b, bools[i].value);
    }
    int b = -1;
    assert_int_equal(sup_settings_get_bool(s, "smtp", "maybe", &b), SUP_EPARSE);
    assert_string_equal(sup_error_message(),
                        "settings:19: [smtp] maybe = \"maybe\" is not true/false, yes/no, on/off or 1/0");
    assert_int_equal(b, -1);
    assert_int_equal(sup_settings_get_bool(s, "smtp", "nope", &b), SUP_ENOTFOUND);
    sup_date d = 0;
    assert_int_equal(sup_settings_get_date(s, "smtp", "iso", &d), SUP_OK);
    assert_int_equal(d, 20261201);
    assert_int_equal(sup_settings_get_date(s, "smtp", "ru", &d), SUP_OK);
    assert_int_equal(d, 20261201);
    d = 0;
    assert_int_equal(sup_settings_get_date(s, "smtp", "feb30", &d), SUP_EDATE);
    assert_string_equal(sup_error_message(),
                        "settings:22: [smtp] feb30 = \"2026-02-30\" is not a date YYYY-MM-DD or DD.MM.YYYY");
    assert_int_equal(d, 0);
    const char *t = NULL;
    assert_int_equal(sup_settings_get_text(s, "smtp", "host", &t), SUP_OK);
    assert_string_equal(t, "smtp.example.ru");
    assert_int_equal(sup_settings_get_text(s, "portal", "base_url", &t), SUP_ENOTFOUND);
    assert_string_equal(sup_error_message(), "settings: [portal] base_url is not set");
    assert_int_equal(sup_settings_get_text(s, NULL, "top", &t), SUP_ENOTFOUND);
    assert_string_equal(sup_error_message(), "settings: top is not set");
    sup_settings_free(s);
}

/* ---- schema check -------------------------------------------------------------------------- */

static void test_unknown_sections_and_keys_are_reported(void **state)
{
    (void)state;
    const sup_settings_key known[] = {{"smtp", "host"}, {"smtp", "port"}, {"smtp", "user"}, {"portal", NULL}};
    sup_settings *s = parse_ok("[smtp]\nhost = a\nhots = b\n[smpt]\nx = 1\n");
    assert_int_equal(sup_settings_check_keys(s, known, 4), SUP_EPARSE);
    assert_string_equal(sup_error_message(), "settings:3: unknown key [smtp] hots (known in [smtp]: host, port, user)");
    sup_settings_free(s);
    s = parse_ok("[smpt]\nx = 1\n[smtp]\nhots = b\n");
    assert_int_equal(sup_settings_check_keys(s, known, 4), SUP_EPARSE);
    assert_string_equal(sup_error_message(), "settings:1: unknown section [smpt] (known: smtp, portal)");
    sup_settings_free(s);
    s = parse_ok("[smtp]\nhost = a\n[empty]\n");
    assert_int_equal(sup_settings_check_keys(s, known, 4), SUP_EPARSE);
    assert_string_equal(sup_error_message(), "settings:3: unknown section [empty] (known: smtp, portal)");
    sup_settings_free(s);
    s = parse_ok("stray = 1\n[smtp]\nhost = a\n");
    assert_int_equal(sup_settings_check_keys(s, known, 4), SUP_EPARSE);
    assert_string_equal(sup_error_message(), "settings:1: unknown key stray before any [section] (known sections: "
                                             "smtp, portal)");
    sup_settings_free(s);
    s = parse_ok("[smtp]\nhost = a\n[portal]\nanything = goes\n");
    assert_int_equal(sup_settings_check_keys(s, known, 4), SUP_OK);
    const sup_settings_key top[] = {{"", "debug"}};
    assert_int_equal(sup_settings_check_keys(s, top, 1), SUP_EPARSE);
    assert_string_equal(sup_error_message(), "settings:1: unknown section [smtp] (known: none)");
    assert_int_equal(sup_settings_check_keys(s, NULL, 1), SUP_EINVAL);
    const sup_settings_key nosec[] = {{NULL, "x"}};
    assert_int_equal(sup_settings_check_keys(s, nosec, 1), SUP_EINVAL);
    sup_settings_free(s);
    s = parse_ok("debug = 1\nverbose = 2\n");
    assert_int_equal(sup_settings_check_keys(s, top, 1), SUP_EPARSE);
    assert_string_equal(sup_error_message(), "settings:2: unknown key verbose (known before any section: debug)");
    sup_settings_free(s);
}

/* ---- files ------------------------------------------------------------------------------- */

static void write_file(const char *path, const char *text, mode_t mode)
{
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    assert_int_equal(chmod(path, mode), 0);
}

static void test_loading_files_and_their_permissions(void **state)
{
    (void)state;
    char dir[] = "/tmp/sup-settings-XXXXXX";
    assert_non_null(mkdtemp(dir));
    char path[128];
    snprintf(path, sizeof path, "%s/smtp.ini", dir);
    write_file(path, "[smtp]\nport = 99999\n", 0600);
    sup_settings *s = NULL;
    assert_int_equal(sup_settings_load(path, &s), SUP_OK);
    int64_t port = 0;
    assert_int_equal(sup_settings_get_int(s, "smtp", "port", 1, 65535, &port), SUP_ERANGE);
    char msg[512];
    snprintf(msg, sizeof msg, "%s:2: [smtp] port = \"99999\" is not a whole number in 1…65535", path);
    assert_string_equal(sup_error_message(), msg);
    sup_settings_free(s);
    assert_int_equal(sup_settings_check_private(path), SUP_OK);
    assert_int_equal(chmod(path, 0400), 0);
    assert_int_equal(sup_settings_check_private(path), SUP_OK);
    assert_int_equal(chmod(path, 0644), 0);
    assert_int_equal(sup_settings_check_private(path), SUP_ESTATE);
    snprintf(msg, sizeof msg, "\"%s\" can be read by group or others (mode 0644); it holds a password: chmod 600 "
                              "\"%s\"", path, path);
    assert_string_equal(sup_error_message(), msg);
    assert_int_equal(chmod(path, 0620), 0);
    assert_int_equal(sup_settings_check_private(path), SUP_ESTATE);
    assert_non_null(strstr(sup_error_message(), "can be written or run by group or others (mode 0620)"));
    /* a parse error names the file */
    write_file(path, "[smtp]\nhost\n", 0600);
    assert_int_equal(sup_settings_load(path, &s), SUP_EPARSE);
    snprintf(msg, sizeof msg, "%s:2: expected \"key = value\", \"[section]\" or a comment", path);
    assert_string_equal(sup_error_message(), msg);
    assert_null(s);
    /* too large */
    FILE *f = fopen(path, "wb");
    assert_non_null(f);
    for (size_t i = 0; i < SUP_SETTINGS_MAX_BYTES / 16 + 1; i++)
        fputs("# 16 bytes line\n", f);
    fclose(f);
    assert_int_equal(sup_settings_load(path, &s), SUP_ERANGE);
    /* missing, a directory */
    assert_int_equal(unlink(path), 0);
    assert_int_equal(sup_settings_load(path, &s), SUP_ENOTFOUND);
    assert_int_equal(sup_settings_check_private(path), SUP_ENOTFOUND);
    assert_int_equal(sup_settings_load(dir, &s), SUP_EIO);
    assert_int_equal(sup_settings_check_private(dir), SUP_EIO);
    assert_int_equal(sup_settings_load(NULL, &s), SUP_EINVAL);
    assert_int_equal(sup_settings_check_private(NULL), SUP_EINVAL);
    assert_int_equal(rmdir(dir), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_the_smtp_sample),
        cmocka_unit_test(test_the_portal_and_vendor_samples),
        cmocka_unit_test(test_sections_comments_quotes_and_line_ends),
        cmocka_unit_test(test_bad_forms_are_refused_with_file_and_line),
        cmocka_unit_test(test_limits_and_arguments),
        cmocka_unit_test(test_integers_in_a_range),
        cmocka_unit_test(test_booleans_dates_and_text),
        cmocka_unit_test(test_unknown_sections_and_keys_are_reported),
        cmocka_unit_test(test_loading_files_and_their_permissions),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
