/*
 * libsupport internals: notices with policy versions, plural words, the reminder schedule (notice.c,
 * notice_plural.c, notice_schedule.c). Not installed; every name is hidden (sup__ or static).
 */
#ifndef LIBSUPPORT_NOTICE_INTERNAL_H
#define LIBSUPPORT_NOTICE_INTERNAL_H

#include "libsupport/notice.h"
#include "policy_internal.h"

#include <stdbool.h>
#include <stdint.h>

/* ---- notices (notice.c, notice_plural.c, notice_schedule.c) ------------- */
/** The word for n days or months in the right plural form (lang and unit must be valid). */
const char *sup__count_word(sup_lang lang, sup_count_unit unit, int64_t n);
/**
 * The policy in force on `on` among `versions` (sorted by effective date), or
 * NULL after SUP_ENOTFOUND "no policy in force on …". NULL versions with
 * nversions 0 is the same error.
 */
const sup_policy *sup__notice_policy_on(const sup__policy_version *versions, size_t nversions, sup_date on);
/**
 * sup_notice_render with policy versions: the status, the quote and the
 * contact channels use the version in force on `on` (the quote walks later
 * versions for valid_through, as sup__license_quote_versions does).
 */
int sup__notice_render_versions(const sup_notice *notice, const sup_license *license, const sup_product *product,
                                const sup__policy_version *versions, size_t nversions, sup_date on, char **out);
/** SUP_OK if a reminder of `kind` fits the status on `on` (else SUP_ESTATE with the reason): the rule of
 *  sup_notice_render, for the ledger's retries of failed reminders (ledger_sends.c). */
int sup__notice_kind_fits(sup_notice_kind kind, const sup_status *st, bool perpetual, sup_date on);
/** The subject line of a notice (sup_notice_subject) with every policy version, as sup__notice_render_versions. */
int sup__notice_subject_versions(const sup_notice *notice, const sup_license *license, const sup_product *product,
                                 const sup__policy_version *versions, size_t nversions, sup_date on, char **out);
/** sup_schedule_due with policy versions (the version in force on `on` decides the window). */
int sup__schedule_due_versions(const sup_schedule *schedule, const sup_license *license,
                               const sup__policy_version *versions, size_t nversions, sup_date on,
                               sup_notice_kind *out);

#endif /* LIBSUPPORT_NOTICE_INTERNAL_H */
