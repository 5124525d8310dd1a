/* Fuzz target: the vendor's requisites from a settings file (sup_settings_parse, then
 * sup_vendor_from_settings). Requisites it accepts pass sup_vendor_check and every field is one
 * line of valid UTF-8; a refusal leaves a message and no object. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sup_settings *s = NULL;
    if (sup_settings_parse((const char *)data, size, &s) != SUP_OK)
        return 0;
    sup_vendor *v = (sup_vendor *)1;
    int rc = sup_vendor_from_settings(s, &v);
    if (rc != SUP_OK) {
        FUZZ_CHECK(v == NULL);
        FUZZ_CHECK(sup_error_message()[0] != '\0');
    } else {
        FUZZ_CHECK(sup_vendor_check(v) == SUP_OK);
        for (int f = 0; f < SUP_VENDOR_FIELD_COUNT; f++) {
            const char *x = sup_vendor_get(v, (sup_vendor_field)f);
            FUZZ_CHECK(x == NULL || (fuzz_utf8_ok(x) && strchr(x, '\n') == NULL && x[0] != '\0'));
        }
        sup_vendor *c = NULL;
        FUZZ_CHECK(sup_vendor_clone(v, &c) == SUP_OK);
        for (int f = 0; f < SUP_VENDOR_FIELD_COUNT; f++) {
            const char *a = sup_vendor_get(v, (sup_vendor_field)f), *b = sup_vendor_get(c, (sup_vendor_field)f);
            FUZZ_CHECK((a == NULL) == (b == NULL) && (a == NULL || strcmp(a, b) == 0));
        }
        sup_vendor_free(c);
    }
    sup_vendor_free(v == (sup_vendor *)1 ? NULL : v);
    sup_settings_free(s);
    return 0;
}
