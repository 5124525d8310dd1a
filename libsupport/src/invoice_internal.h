/*
 * libsupport internals: the vendor's requisites (vendor.c) and invoices: the
 * object, its state on a date, the payment purpose and the HTML rendering
 * (invoice.c). The ledger's invoice sources (ledger_invoices.c …) fill these
 * from storage. Not installed; every name is hidden (sup__ or static).
 */
#ifndef LIBSUPPORT_INVOICE_INTERNAL_H
#define LIBSUPPORT_INVOICE_INTERNAL_H

#include "libsupport/invoice.h"
#include "license_internal.h"

#include <stdbool.h>

struct sup_vendor {
    char *field[SUP_VENDOR_FIELD_COUNT]; /* owned; NULL: unset */
};

/** Release a vendor's fields (the struct itself is the caller's). */
void sup__vendor_clear(sup_vendor *v);
/** Copy src's fields into the cleared dst (SUP_ENOMEM). */
int sup__vendor_copy(sup_vendor *dst, const sup_vendor *src);

struct sup_invoice {
    sup_id id;
    char number[SUP_INVOICE_NUMBER_BUFSIZE];
    sup_id license, customer, product;
    sup_id policy_version; /* 0: none (a subscription payment) */
    sup_id vendor_version;
    sup_quote quote; /* on = the invoice's date; fee = the amount */
    sup_rate vat_rate; /* SUP_VAT_NONE or basis points */
    sup_money vat_amount;
    char *payer_name, *payer_inn, *payer_kpp; /* inn, kpp NULL if none */
    char *product_name;
    char *purpose;
    char *actor;
    sup_vendor vendor;
    /* the payment, as the ledger knew when it was read */
    sup_date paid_on; /* SUP_DATE_NONE: unpaid */
    sup_id paid_event;
    char *payment_id;
    bool is_new;
};

/** A zeroed invoice (SUP_ENOMEM). */
int sup__invoice_alloc(sup_invoice **out);

/** The state of an invoice dated `issued_on`, payable through `valid_through`, paid on `paid_on` (or NONE). */
sup_invoice_state sup__invoice_state(sup_date issued_on, sup_date valid_through, sup_date paid_on, sup_date on);

/** The payment purpose of the invoice's facts (number, date, kind, product, new end, VAT) into *out (sup_free). */
int sup__invoice_purpose(const sup_invoice *inv, char **out);

/** "YYYY-NNNNNN" of a year and a sequence number (1 … SUP_INVOICE_PER_YEAR_MAX). */
void sup__invoice_number(int year, int64_t seq, char buf[SUP_INVOICE_NUMBER_BUFSIZE]);
/** SUP_OK if `number` has the form YYYY-NNNNNN (a year 1900…9999, a number 1…999999), else SUP_EINVAL. */
int sup__invoice_number_check(const char *number);

#endif /* LIBSUPPORT_INVOICE_INTERNAL_H */
