/* libsupport — the policy's revenue recognition settings (revenue.h): the keys
 * recognition_* of the policy's text form, their accessors and defaults. Kept
 * apart from policy.c, which only dispatches these keys here. */
#include "libsupport/revenue.h"
#include "policy_internal.h"
#include "error_internal.h"
#include "text_internal.h"

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

const char *const sup__recognition_keys[SUP__REC_COUNT] = {
    "recognition_sale_support_share_bp", "recognition_renewal", "recognition_subscription"};

static const char *const method_names[] = {"daily", "on_payment"};
#define METHODS (sizeof method_names / sizeof method_names[0])

const char *sup_recognition_name(sup_recognition r) { return (unsigned)r < METHODS ? method_names[r] : ""; }

sup_rate sup_policy_recognition_sale_support_share(const sup_policy *p) { return p ? p->recognition.sale_support_share : 0; }
sup_recognition sup_policy_recognition_renewal(const sup_policy *p)
{
    return p ? (sup_recognition)p->recognition.renewal : SUP_RECOGNITION_DAILY;
}
sup_recognition sup_policy_recognition_subscription(const sup_policy *p)
{
    return p ? (sup_recognition)p->recognition.subscription : SUP_RECOGNITION_DAILY;
}

int sup_policy_set_recognition_sale_support_share(sup_policy *p, sup_rate share_bp)
{
    SUP__CHECK_ARG(p, "sup_policy_set_recognition_sale_support_share");
    if (share_bp < 0 || share_bp > SUP_RATE_MAX)
        return sup__fail(SUP_ERANGE, "sale support share %ld bp is outside 0…10000 (0%%…100%%)", (long)share_bp);
    p->recognition.sale_support_share = share_bp;
    return SUP_OK;
}

static int set_method(const sup_policy *p, sup_recognition r, int *field, const char *fn)
{
    SUP__CHECK_ARG(p, fn);
    if ((unsigned)r >= METHODS)
        return sup__fail(SUP_EINVAL, "%s: unknown recognition method %d (expected daily or on_payment)", fn, (int)r);
    *field = (int)r;
    return SUP_OK;
}

int sup_policy_set_recognition_renewal(sup_policy *p, sup_recognition r)
{
    return set_method(p, r, p != NULL ? &p->recognition.renewal : NULL, "sup_policy_set_recognition_renewal");
}

int sup_policy_set_recognition_subscription(sup_policy *p, sup_recognition r)
{
    return set_method(p, r, p != NULL ? &p->recognition.subscription : NULL,
                      "sup_policy_set_recognition_subscription");
}

/* ---- the text form ------------------------------------------------------------------------------ */

static bool parse_bp(const char *s, long *out)
{
    if (*s == '\0' || strlen(s) > 5)
        return false;
    for (const char *c = s; *c; c++)
        if (!isdigit((unsigned char)*c))
            return false;
    errno = 0;
    long v = strtol(s, NULL, 10);
    if (errno != 0 || v > SUP_RATE_MAX)
        return false;
    *out = v;
    return true;
}

int sup__recognition_line(sup_policy *p, int which, int lineno, const char *value, const char *qk, const char *qv)
{
    if (which == SUP__REC_SHARE) {
        long v = 0;
        if (!parse_bp(value, &v))
            return sup__fail(SUP_EPARSE, "policy line %d: %s must be a whole number of basis points 0…10000, not %s",
                             lineno, qk, qv);
        p->recognition.sale_support_share = (sup_rate)v;
        return SUP_OK;
    }
    for (size_t i = 0; i < METHODS; i++) {
        if (strcmp(value, method_names[i]) == 0) {
            if (which == SUP__REC_RENEWAL)
                p->recognition.renewal = (int)i;
            else
                p->recognition.subscription = (int)i;
            return SUP_OK;
        }
    }
    return sup__fail(SUP_EPARSE, "policy line %d: %s must be daily or on_payment, not %s", lineno, qk, qv);
}

void sup__recognition_text(const sup_policy *p, struct sup__buf *b)
{
    const struct sup__recognition *r = &p->recognition;
    sup__buf_printf(b, "%s = %ld\n", sup__recognition_keys[SUP__REC_SHARE], (long)r->sale_support_share);
    sup__buf_printf(b, "%s = %s\n", sup__recognition_keys[SUP__REC_RENEWAL],
                    sup_recognition_name((sup_recognition)r->renewal));
    sup__buf_printf(b, "%s = %s\n", sup__recognition_keys[SUP__REC_SUBSCRIPTION],
                    sup_recognition_name((sup_recognition)r->subscription));
}

int sup__recognition_equal(const sup_policy *a, const sup_policy *b)
{
    const struct sup__recognition *x = &a->recognition, *y = &b->recognition;
    return x->sale_support_share == y->sale_support_share && x->renewal == y->renewal &&
           x->subscription == y->subscription;
}
