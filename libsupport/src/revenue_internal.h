/*
 * libsupport internals: the revenue schedule (revenue.c), read in order by the
 * ledger's cursor (ledger_revenue.c). Not installed; every name is hidden.
 */
#ifndef LIBSUPPORT_REVENUE_INTERNAL_H
#define LIBSUPPORT_REVENUE_INTERNAL_H

#include "libsupport/revenue.h"

#include <stddef.h>
#include <stdint.h>

/** The number of groups (rows per month). */
size_t sup__revenue_groups(const sup_revenue *revenue);
/**
 * Row i (< sup_revenue_row_count) when the rows are read in order from 0:
 * balances[g] (room for sup__revenue_groups values) carries each group's
 * running balance from one month to the next, so a row costs O(1).
 */
void sup__revenue_row_next(const sup_revenue *revenue, size_t i, int64_t *balances, sup_revenue_row *row);

#endif /* LIBSUPPORT_REVENUE_INTERNAL_H */
