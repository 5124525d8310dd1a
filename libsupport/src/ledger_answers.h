/*
 * libsupport — the ledger answers built on the public ledger API
 * (ledger_answers.c) that the ledger's own operations use. Not installed.
 */
#ifndef LIBSUPPORT_LEDGER_ANSWERS_H
#define LIBSUPPORT_LEDGER_ANSWERS_H

#include "libsupport/ledger.h"

/**
 * The support term to store for a new product: `months` as given, or for
 * SUP_SUPPORT_MONTHS_DEFAULT the default_support_months of the ledger's latest
 * policy version (perpetual) or 0 (a subscription: its period). Other values are
 * left for sup_product_new to check.
 */
int sup__ledger_support_months(sup_ledger *ledger, sup_license_kind kind, int months, int *out);

#endif /* LIBSUPPORT_LEDGER_ANSWERS_H */
