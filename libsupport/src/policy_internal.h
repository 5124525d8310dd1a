/*
 * libsupport internals: the policy object, policy versions and the lookup of the version in force (policy.c).
 * Not installed; every name is hidden (sup__ or static).
 */
#ifndef LIBSUPPORT_POLICY_INTERNAL_H
#define LIBSUPPORT_POLICY_INTERNAL_H

#include "libsupport/policy.h"

#include <stddef.h>

/* ---- policy (policy.c) ---------------------------------------------------- */
/* Revenue recognition settings (policy_recognition.c; keys recognition_*, revenue.h). Zero is the default. */
struct sup__recognition {
    sup_rate sale_support_share; /* bp of a perpetual sale's price that pays for the support it includes */
    int renewal;                 /* sup_recognition of support renewals */
    int subscription;            /* sup_recognition of subscription payments */
};

struct sup__contact {
    sup_contact_kind kind;
    const char *value; /* owned (malloc) except in the static default policy */
};

struct sup_policy {
    sup_rate preferential_rate;
    sup_rate standard_rate;
    int grace_months;
    int renewal_months;
    int default_support_months;
    sup_money rounding_unit;
    sup_rounding_mode rounding_mode;
    int phone_support;
    sup_rate vat_rate; /* SUP_VAT_NONE or basis points (invoices) */
    struct sup__contact *contacts;
    size_t contact_count;
    size_t contact_cap;
    struct sup__recognition recognition; /* revenue recognition (policy_recognition.c) */
};

/** SUP_OK if `value` may be a contact channel's value (non-empty, one line of UTF-8, bounded), else SUP_EINVAL. */
int sup__check_contact_value(const char *value);

/* ---- revenue recognition keys (policy_recognition.c), called by policy.c's text form ---------- */
/** The recognition keys, in the order of sup__recognition_key (policy.c appends them to its key table). */
enum sup__recognition_key { SUP__REC_SHARE, SUP__REC_RENEWAL, SUP__REC_SUBSCRIPTION, SUP__REC_COUNT };
extern const char *const sup__recognition_keys[SUP__REC_COUNT];
/** Apply the value of recognition key `which` read on policy line `lineno` (qk, qv: key and value quoted). */
int sup__recognition_line(sup_policy *p, int which, int lineno, const char *value, const char *qk, const char *qv);
/** Append the recognition keys' lines of the text form. */
struct sup__buf;
void sup__recognition_text(const sup_policy *p, struct sup__buf *b);
/** 1 if both policies recognise revenue alike. */
int sup__recognition_equal(const sup_policy *a, const sup_policy *b);

/** The built-in default policy (read-only, static storage). */
const sup_policy *sup__default_policy(void);

/** A policy version: the policy in force from `effective` until the next version. */
typedef struct sup__policy_version {
    sup_date effective;
    const sup_policy *policy;
} sup__policy_version;

/** The index of the version in force on `on` (the last with effective <= on), or (size_t)-1. */
static inline size_t sup__version_index(const sup__policy_version *versions, size_t nversions, sup_date on)
{
    size_t i = (size_t)-1;
    for (size_t k = 0; k < nversions && versions[k].effective <= on; k++)
        i = k;
    return i;
}
/** The same, failing with SUP_ENOTFOUND "no policy in force on …" when there is none. */
int sup__version_at(const sup__policy_version *versions, size_t nversions, sup_date on, size_t *index);

#endif /* LIBSUPPORT_POLICY_INTERNAL_H */
