/*
 * libsupport internals: what the portal's sources share (ledger_signin.c,
 * ledger_portal_customers.c). Not installed; every name is hidden.
 */
#ifndef LIBSUPPORT_PORTAL_INTERNAL_H
#define LIBSUPPORT_PORTAL_INTERNAL_H

#include "libsupport/portal.h"

#include <stddef.h>

/**
 * The customers having the e-mail address `address` (by id; sup_email_equal's
 * rule), inside an open read or write. *ids: sup__malloc'ed (NULL when none),
 * *n their number.
 */
int sup__portal_customers(sup_ledger *l, const char *address, sup_id **ids, size_t *n);

/** The look-up key of an address under sup_email_equal's rule (sup__free it); NULL out of memory. */
char *sup__portal_address_key(const char *address);

#endif /* LIBSUPPORT_PORTAL_INTERNAL_H */
