/* libsupport — customers' contact data inside the library (ledger_customers.c), shared
 * with the import (ledger_import.c). Not installed. */
#ifndef LIBSUPPORT_LEDGER_CUSTOMERS_H
#define LIBSUPPORT_LEDGER_CUSTOMERS_H

#include "ledger_internal.h"
#include "libsupport/customer.h"

/* A customer's values, checked and normalised (all owned; NULL where none). */
struct sup__cvals {
    char *name, *phone, *inn, *kpp, *lang, *note;
    char **emails; /* SUP_CUSTOMER_EMAILS_MAX slots (allocated on first use), nemails used */
    char **keys;   /* the look-up key of each address (sup__email_key) */
    size_t nemails;
};

void sup__cvals_free(struct sup__cvals *v);
/** Check and apply the fields of f to v (v keeps the fields f does not change). */
int sup__cvals_apply(struct sup__cvals *v, const sup_customer_fields *f);
/** Replace v's addresses by `n` checked ones. */
int sup__cvals_set_emails(struct sup__cvals *v, const char *const *emails, size_t n);
/** A copy of v into out (all owned). */
int sup__cvals_copy(const struct sup__cvals *v, struct sup__cvals *out);
/** The SUP_CUSTOMER_* bits of the fields that differ. */
unsigned sup__cvals_diff(const struct sup__cvals *a, const struct sup__cvals *b);
/** The stored values of a customer (and its code if `code` is not NULL; caller frees). */
int sup__cvals_load(sup_ledger *l, sup_id id, struct sup__cvals *v, char **code);
/** Inside a change: insert a new customer with its addresses and the audit event. */
int sup__customer_insert(sup_ledger *l, const char *actor, const char *code, const struct sup__cvals *v, sup_id *id);
/** Inside a change: store what differs between old and v, with the audit event (nothing if nothing does). */
int sup__customer_change(sup_ledger *l, const char *actor, sup_id id, const struct sup__cvals *old,
                         const struct sup__cvals *v, unsigned *changed);

#endif
