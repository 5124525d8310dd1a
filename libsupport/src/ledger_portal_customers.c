/*
 * libsupport — who an e-mail address signs in as: the customers having it
 * among their addresses (customer.h), under sup_email_equal's rule: the look-up
 * key of issue 13 (customer_email.address_key), so that "Anna@Romashka.RU" and
 * "anna@romashka.ru" are one mailbox, and a customer with several addresses (or
 * several contact people) signs in from each of them.
 */
#include "portal_internal.h"
#include "ledger_internal.h"

int sup__portal_customers(sup_ledger *l, const char *address, sup_id **ids, size_t *n)
{
    *ids = NULL;
    *n = 0;
    char *key = sup__portal_address_key(address);
    if (key == NULL)
        return sup__fail(SUP_ENOMEM, "out of memory looking up an e-mail address");
    sup__stmt *st = NULL;
    int rc = sup__ledger_prepare(l, "SELECT DISTINCT customer_id FROM customer_email WHERE address_key = ?1"
                                    " ORDER BY customer_id",
                                 &st);
    size_t cap = 0;
    if (rc == SUP_OK)
        sup__st_text(st, 1, key);
    while (rc == SUP_OK && (rc = sup__st_step(st, "looking up the customers of an e-mail address")) == 1) {
        if (*n == cap) {
            size_t c = cap ? cap * 2 : 4;
            sup_id *p = sup__realloc(*ids, c * sizeof *p);
            if (p == NULL) {
                rc = sup__fail(SUP_ENOMEM, "out of memory looking up an e-mail address");
                break;
            }
            *ids = p;
            cap = c;
        }
        (*ids)[(*n)++] = sup__col_int(st, 0);
        rc = SUP_OK;
    }
    sup__ledger_finalize(st);
    sup__free(key);
    if (rc < 0) {
        sup__free(*ids);
        *ids = NULL;
        *n = 0;
        return rc;
    }
    return SUP_OK;
}

/* The address's look-up key: issue 13's (sup_email_equal's rule, Cyrillic domains folded too); NULL only
 * when out of memory. */
char *sup__portal_address_key(const char *address)
{
    char *k = NULL;
    return sup__email_key(address, &k) == SUP_OK ? k : NULL;
}
