/* Fuzz target: the requisites and contact checks (requisites.h) on any text. Whatever is
 * accepted has the documented shape; whatever is refused has a readable message and leaves
 * the output untouched. */
#include "fuzz_common.h"

static bool digits_n(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return true;
}

/* exactly n digits and the end of the string */
static bool all_digits(const char *s, size_t n) { return digits_n(s, n) && s[n] == '\0'; }

static void check_rc(int rc)
{
    if (rc != SUP_OK) {
        FUZZ_CHECK(rc == SUP_EPARSE);
        fuzz_check_error(rc);
    }
}

static void check_inn_kpp_bik(char *text)
{
    size_t n = strlen(text);
    int rc = sup_inn_check(text);
    check_rc(rc);
    if (rc == SUP_OK) {
        FUZZ_CHECK((n == 10 || n == 12) && all_digits(text, n));
        /* any change of the last check digit is caught */
        char saved = text[n - 1];
        text[n - 1] = (char)('0' + (saved - '0' + 1) % 10);
        FUZZ_CHECK(sup_inn_check(text) == SUP_EPARSE);
        text[n - 1] = saved;
    }
    rc = sup_kpp_check(text);
    check_rc(rc);
    if (rc == SUP_OK)
        FUZZ_CHECK(n == 9 && digits_n(text, 4) && all_digits(text + 6, 3));
    if (rc == SUP_OK)
        for (int i = 4; i < 6; i++)
            FUZZ_CHECK((text[i] >= '0' && text[i] <= '9') || (text[i] >= 'A' && text[i] <= 'Z'));
    rc = sup_bik_check(text);
    check_rc(rc);
    if (rc == SUP_OK)
        FUZZ_CHECK(n == 9 && all_digits(text, 9) && text[0] == '0' && text[1] == '4');
}

static void check_accounts(char *text)
{
    /* "<bik><account>": the first 9 bytes and the rest */
    if (strlen(text) < 9)
        return;
    char bik[10];
    memcpy(bik, text, 9);
    bik[9] = '\0';
    char *account = text + 9;
    for (int corr = 0; corr < 2; corr++) {
        int rc = corr ? sup_corr_account_check(bik, account) : sup_bank_account_check(bik, account);
        check_rc(rc);
        if (rc != SUP_OK)
            continue;
        FUZZ_CHECK(sup_bik_check(bik) == SUP_OK && all_digits(account, 20));
        FUZZ_CHECK(!corr || (memcmp(account, "30101", 5) == 0 && memcmp(account + 17, bik + 6, 3) == 0));
        char saved = account[8];
        account[8] = (char)('0' + (saved - '0' + 1) % 10);
        FUZZ_CHECK((corr ? sup_corr_account_check(bik, account) : sup_bank_account_check(bik, account)) ==
                   SUP_EPARSE);
        account[8] = saved;
    }
}

static void check_email(const char *text)
{
    int rc = sup_email_check(text);
    check_rc(rc);
    FUZZ_CHECK(sup_email_equal(text, text) == 1);
    if (rc != SUP_OK)
        return;
    size_t n = strlen(text);
    const char *at = strrchr(text, '@');
    FUZZ_CHECK(n <= 254 && at != NULL && at != text && (size_t)(at - text) <= 64);
    FUZZ_CHECK(fuzz_utf8_ok(text));
    FUZZ_CHECK(strchr(at + 1, '.') != NULL && at[1] != '.' && text[n - 1] != '.');
    for (const char *p = text; *p != '\0'; p++)
        FUZZ_CHECK(((unsigned char)*p > 0x20 && *p != 0x7F) || (*p == ' ' && text[0] == '"'));
}

static void check_phone(const char *text)
{
    char out[SUP_PHONE_BUFSIZE + 4];
    memcpy(out, "untouched", 10);
    int rc = sup_phone_normalize(text, out, SUP_PHONE_BUFSIZE);
    check_rc(rc);
    if (rc != SUP_OK) {
        FUZZ_CHECK(strcmp(out, "untouched") == 0);
        return;
    }
    size_t n = strlen(out);
    FUZZ_CHECK(n >= 8 && n <= 16 && out[0] == '+' && out[1] != '0' && all_digits(out + 1, n - 1));
    FUZZ_CHECK(out[1] != '7' || n == 12);
    FUZZ_CHECK(out[1] != '8' || out[2] != '9');
    char again[SUP_PHONE_BUFSIZE];
    FUZZ_CHECK(sup_phone_normalize(out, again, sizeof again) == SUP_OK && strcmp(out, again) == 0);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_cstring(data, size);
    check_inn_kpp_bik(text);
    check_accounts(text);
    check_email(text);
    check_phone(text);
    free(text);
    return 0;
}
