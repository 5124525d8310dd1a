/* Fuzz target: sup_schedule_parse (notice.h); a parsed schedule's text form must
 * parse back to an equal schedule and print the same text again. */
#include "fuzz_common.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_cstring(data, size);
    sup_schedule *s = NULL;
    int rc = sup_schedule_parse(text, &s);
    free(text);
    if (rc != SUP_OK) {
        FUZZ_CHECK(rc == SUP_EPARSE || rc == SUP_ENOMEM);
        FUZZ_CHECK(s == NULL);
        fuzz_check_error(rc);
        return 0;
    }
    FUZZ_CHECK(s != NULL);
    size_t n = sup_schedule_count(s);
    for (size_t i = 0; i < n; i++) {
        sup_schedule_anchor a;
        int days = -1;
        sup_notice_kind kind;
        FUZZ_CHECK(sup_schedule_entry(s, i, &a, &days, &kind) == SUP_OK);
        FUZZ_CHECK(sup_schedule_anchor_name(a)[0] != '\0');
        FUZZ_CHECK(days >= 0 && days <= SUP_SCHEDULE_DAYS_MAX);
        /* no reminder twice */
        for (size_t j = 0; j < i; j++) {
            sup_schedule_anchor a2;
            int d2 = -1;
            FUZZ_CHECK(sup_schedule_entry(s, j, &a2, &d2, NULL) == SUP_OK);
            FUZZ_CHECK(a2 != a || d2 != days);
        }
    }
    FUZZ_CHECK(sup_schedule_entry(s, n, NULL, NULL, NULL) == SUP_ENOTFOUND);

    char *t1 = NULL, *t2 = NULL;
    FUZZ_CHECK(sup_schedule_to_text(s, &t1) == SUP_OK && t1 != NULL);
    sup_schedule *q = NULL;
    rc = sup_schedule_parse(t1, &q);
    if (rc != SUP_OK)
        fprintf(stderr, "to_text gave:\n%s\n", t1);
    FUZZ_CHECK(rc == SUP_OK);
    FUZZ_CHECK(sup_schedule_equal(s, q));
    FUZZ_CHECK(sup_schedule_to_text(q, &t2) == SUP_OK);
    FUZZ_CHECK(strcmp(t1, t2) == 0);
    sup_schedule *c = NULL;
    FUZZ_CHECK(sup_schedule_clone(s, &c) == SUP_OK && sup_schedule_equal(c, s));

    sup_free(t1);
    sup_free(t2);
    sup_schedule_free(q);
    sup_schedule_free(c);
    sup_schedule_free(s);
    return 0;
}
