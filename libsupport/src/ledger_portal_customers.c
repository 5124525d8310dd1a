/*
 * libsupport — who an e-mail address signs in as: the customers having it.
 *
 * PLACEHOLDER until issue 13 (customers' e-mail addresses: customer.h,
 * sup_ledger_find_customers_by_email) is merged: the ledger holds no e-mail
 * addresses yet, so no address belongs to a customer and every sign-in
 * request is answered SUP_SIGNIN_NO_CUSTOMER. With issue 13 this file asks
 * sup_ledger_find_customers_by_email and uses its address key.
 */
#include "portal_internal.h"
#include "ledger_internal.h"

#include <string.h>

int sup__portal_customers(sup_ledger *l, const char *address, sup_id **ids, size_t *n)
{
    (void)l;
    (void)address;
    *ids = NULL;
    *n = 0;
    return SUP_OK;
}

/* sup_email_equal's rule: the local part exactly, the domain without regard to case (ASCII letters here;
 * issue 13's key folds Cyrillic as well). */
char *sup__portal_address_key(const char *address)
{
    char *k = sup__strdup(address);
    if (k == NULL)
        return NULL;
    char *at = strrchr(k, '@');
    for (char *p = at != NULL ? at : k + strlen(k); *p != '\0'; p++)
        if (*p >= 'A' && *p <= 'Z')
            *p = (char)(*p - 'A' + 'a');
    return k;
}
