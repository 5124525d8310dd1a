/* libsupport — products: kind, support term and list price history. */
#include "libsupport/product.h"
#include "product_internal.h"
#include "policy_internal.h"
#include "date_internal.h"
#include "error_internal.h"

#include <stdlib.h>
#include <string.h>

static const char *const kind_names[] = {"perpetual", "subscription_monthly", "subscription_yearly"};

const char *sup_license_kind_name(sup_license_kind kind)
{
    return ((unsigned)kind <= SUP_LICENSE_SUBSCRIPTION_YEARLY) ? kind_names[kind] : "";
}

int sup_license_kind_from_name(const char *name, sup_license_kind *out)
{
    SUP__CHECK_ARG(out, "sup_license_kind_from_name");
    SUP__CHECK_ARG(name, "sup_license_kind_from_name");
    for (unsigned i = 0; i <= SUP_LICENSE_SUBSCRIPTION_YEARLY; i++) {
        if (strcmp(name, kind_names[i]) == 0) {
            *out = (sup_license_kind)i;
            return SUP_OK;
        }
    }
    char q[80];
    sup__quote_text(q, sizeof q, name);
    return sup__fail(SUP_EINVAL,
                     "unknown license kind %s: expected perpetual, subscription_monthly or subscription_yearly", q);
}

static int period_of(sup_license_kind kind)
{
    switch (kind) {
    case SUP_LICENSE_SUBSCRIPTION_MONTHLY: return 1;
    case SUP_LICENSE_SUBSCRIPTION_YEARLY: return 12;
    default: return 0;
    }
}

int sup_product_new(sup_license_kind kind, int support_months, sup_product **out)
{
    return sup__product_new_under(kind, support_months, NULL, out);
}

int sup__product_new_under(sup_license_kind kind, int support_months, const sup_policy *policy, sup_product **out)
{
    SUP__CHECK_ARG(out, "sup_product_new");
    *out = NULL;
    if ((unsigned)kind > SUP_LICENSE_SUBSCRIPTION_YEARLY)
        return sup__fail(SUP_EINVAL, "unknown license kind %d", (int)kind);
    int period = period_of(kind);
    if (policy == NULL)
        policy = sup__default_policy();
    if (support_months == SUP_SUPPORT_MONTHS_DEFAULT)
        support_months = period != 0 ? period : policy->default_support_months;
    if (period == 0) {
        if (support_months < 0 || support_months > SUP_MONTHS_MAX)
            return sup__fail(SUP_ERANGE, "support term of %d months is outside 0…%d (or -1 for the policy's default)",
                             support_months, SUP_MONTHS_MAX);
    } else {
        if (support_months != 0 && support_months != period)
            return sup__fail(SUP_ERANGE,
                             "a %s product is supported while paid: its support term must be 0 or %d months, not %d",
                             kind_names[kind], period, support_months);
        support_months = period;
    }
    sup_product *p = sup__calloc(1, sizeof *p);
    if (p == NULL)
        return sup__fail(SUP_ENOMEM, "out of memory creating a product");
    p->kind = kind;
    p->support_months = support_months;
    *out = p;
    return SUP_OK;
}

int sup_product_clone(const sup_product *product, sup_product **out)
{
    SUP__CHECK_ARG(out, "sup_product_clone");
    *out = NULL;
    SUP__CHECK_ARG(product, "sup_product_clone");
    sup_product *p = sup__calloc(1, sizeof *p);
    if (p == NULL)
        return sup__fail(SUP_ENOMEM, "out of memory copying a product");
    *p = *product;
    p->prices = NULL;
    p->price_cap = 0;
    if (product->price_count > 0) {
        p->prices = sup__malloc(product->price_count * sizeof *p->prices);
        if (p->prices == NULL) {
            sup__free(p);
            return sup__fail(SUP_ENOMEM, "out of memory copying a product");
        }
        memcpy(p->prices, product->prices, product->price_count * sizeof *p->prices);
        p->price_cap = product->price_count;
    }
    *out = p;
    return SUP_OK;
}

void sup_product_free(sup_product *product)
{
    if (product == NULL)
        return;
    sup__free(product->prices);
    sup__free(product);
}

sup_license_kind sup_product_kind(const sup_product *p) { return p ? p->kind : SUP_LICENSE_PERPETUAL; }
int sup_product_support_months(const sup_product *p) { return p ? p->support_months : 0; }
int sup_product_period_months(const sup_product *p) { return p ? period_of(p->kind) : 0; }

size_t sup__product_price_index(const sup_product *p, sup_date on)
{
    /* the last price whose effective date is <= on */
    if (p->price_count <= 8) { /* the usual short history: scan back from the newest */
        for (size_t i = p->price_count; i-- > 0;)
            if (p->prices[i].effective <= on)
                return i;
        return (size_t)-1;
    }
    size_t lo = 0, hi = p->price_count; /* binary search */
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (p->prices[mid].effective <= on)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo == 0 ? (size_t)-1 : lo - 1;
}

int sup_product_set_price(sup_product *p, sup_date effective, sup_money price)
{
    SUP__CHECK_ARG(p, "sup_product_set_price");
    int rc = sup__check_date(effective, "price effective date");
    if (rc != SUP_OK)
        return rc;
    if (price < 0)
        return sup__fail(SUP_EMONEY, "negative price: %lld kopecks", (long long)price);
    size_t i = sup__product_price_index(p, effective);
    if (i != (size_t)-1 && p->prices[i].effective == effective) {
        p->prices[i].price = price;
        return SUP_OK;
    }
    size_t at = (i == (size_t)-1) ? 0 : i + 1;
    if (p->price_count == p->price_cap) {
        size_t cap = p->price_cap ? p->price_cap * 2 : 4;
        struct sup__price *n = sup__realloc(p->prices, cap * sizeof *n);
        if (n == NULL)
            return sup__fail(SUP_ENOMEM, "out of memory adding a price");
        p->prices = n;
        p->price_cap = cap;
    }
    memmove(p->prices + at + 1, p->prices + at, (p->price_count - at) * sizeof *p->prices);
    p->prices[at].effective = effective;
    p->prices[at].price = price;
    p->price_count++;
    return SUP_OK;
}

int sup_product_price_on(const sup_product *p, sup_date on, sup_money *out)
{
    SUP__CHECK_ARG(p, "sup_product_price_on");
    SUP__CHECK_ARG(out, "sup_product_price_on");
    int rc = sup__check_date(on, "price date");
    if (rc != SUP_OK)
        return rc;
    size_t i = sup__product_price_index(p, on);
    if (i == (size_t)-1) {
        char b[24], f[24];
        sup__date_str(on, b);
        if (p->price_count == 0)
            return sup__fail(SUP_ENOTFOUND, "no list price on %s: the product has no prices", b);
        sup__date_str(p->prices[0].effective, f);
        return sup__fail(SUP_ENOTFOUND, "no list price on %s: the first price takes effect on %s", b, f);
    }
    *out = p->prices[i].price;
    return SUP_OK;
}

size_t sup_product_price_count(const sup_product *p) { return p ? p->price_count : 0; }

int sup_product_price_at(const sup_product *p, size_t i, sup_date *effective, sup_money *price)
{
    SUP__CHECK_ARG(p, "sup_product_price_at");
    if (i >= p->price_count)
        return sup__fail(SUP_ENOTFOUND, "price %zu: the product has %zu prices", i, p->price_count);
    if (effective != NULL)
        *effective = p->prices[i].effective;
    if (price != NULL)
        *price = p->prices[i].price;
    return SUP_OK;
}
