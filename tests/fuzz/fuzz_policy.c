/* Fuzz target: sup_policy_parse; a parsed policy's text form must parse back to
 * an equal policy and print the same text again. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_cstring(data, size);
    sup_policy *p = NULL;
    int rc = sup_policy_parse(text, &p);
    free(text);
    if (rc != SUP_OK) {
        FUZZ_CHECK(rc == SUP_EPARSE || rc == SUP_ENOMEM);
        FUZZ_CHECK(p == NULL);
        fuzz_check_error(rc);
        return 0;
    }
    FUZZ_CHECK(p != NULL);
    /* every setting is within its documented range */
    FUZZ_CHECK(sup_policy_preferential_rate(p) >= 0 && sup_policy_preferential_rate(p) <= SUP_RATE_MAX);
    FUZZ_CHECK(sup_policy_standard_rate(p) >= 0 && sup_policy_standard_rate(p) <= SUP_RATE_MAX);
    FUZZ_CHECK(sup_policy_grace_months(p) >= 0 && sup_policy_grace_months(p) <= SUP_MONTHS_MAX);
    FUZZ_CHECK(sup_policy_renewal_months(p) >= 1 && sup_policy_renewal_months(p) <= SUP_MONTHS_MAX);
    FUZZ_CHECK(sup_policy_default_support_months(p) >= 0 && sup_policy_default_support_months(p) <= SUP_MONTHS_MAX);
    FUZZ_CHECK(sup_policy_rounding_unit(p) >= 1 && sup_policy_rounding_unit(p) <= SUP_ROUNDING_UNIT_MAX);
    FUZZ_CHECK((unsigned)sup_policy_rounding_mode(p) <= SUP_ROUND_DOWN);
    for (size_t i = 0; i < sup_policy_contact_count(p); i++) {
        sup_contact_kind k;
        FUZZ_CHECK(sup_policy_contact_kind(p, i, &k) == SUP_OK);
        FUZZ_CHECK(sup_contact_kind_name(k)[0] != '\0');
        const char *v = sup_policy_contact_value(p, i);
        FUZZ_CHECK(v != NULL && v[0] != '\0' && fuzz_utf8_ok(v) && strchr(v, '\n') == NULL);
    }
    sup_contact_kind k;
    FUZZ_CHECK(sup_policy_contact_kind(p, sup_policy_contact_count(p), &k) == SUP_ENOTFOUND);

    char *t1 = NULL, *t2 = NULL;
    FUZZ_CHECK(sup_policy_to_text(p, &t1) == SUP_OK && t1 != NULL);
    sup_policy *q = NULL;
    rc = sup_policy_parse(t1, &q);
    if (rc != SUP_OK)
        fprintf(stderr, "to_text gave:\n%s\n", t1);
    FUZZ_CHECK(rc == SUP_OK);
    FUZZ_CHECK(sup_policy_equal(p, q));
    FUZZ_CHECK(sup_policy_to_text(q, &t2) == SUP_OK);
    FUZZ_CHECK(strcmp(t1, t2) == 0);

    sup_policy *c = NULL;
    FUZZ_CHECK(sup_policy_clone(p, &c) == SUP_OK && sup_policy_equal(c, p));
    sup_money fee = 0;
    FUZZ_CHECK(sup_policy_fee(c, 799000, sup_policy_standard_rate(c), &fee) == SUP_OK);
    FUZZ_CHECK(fee % sup_policy_rounding_unit(c) == 0);

    sup_free(t1);
    sup_free(t2);
    sup_policy_free(q);
    sup_policy_free(c);
    sup_policy_free(p);
    return 0;
}
