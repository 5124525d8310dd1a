/* libsupport — the vendor's requisites printed on invoices: the object, the
 * checks of requisites.h over the whole, and the settings-file form
 * (examples/settings/vendor.ini). Stored in the ledger by ledger_invoices.c. */
#include "invoice_internal.h"
#include "libsupport/requisites.h"
#include "error_internal.h"
#include "text_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const field_names[SUP_VENDOR_FIELD_COUNT] = {
    "name", "inn", "kpp", "address", "bank_name", "bik", "correspondent_account", "settlement_account",
    "director", "accountant"};

/* How people call each field in messages. */
static const char *const field_titles[SUP_VENDOR_FIELD_COUNT] = {
    "vendor name", "vendor INN",     "vendor KPP",          "vendor address",     "bank name",
    "bank BIK",    "correspondent account", "settlement account", "director's name", "accountant's name"};

/* Where each field lives in a settings file, in field order. */
static const sup_settings_key settings_keys[SUP_VENDOR_FIELD_COUNT] = {
    {"vendor", "name"}, {"vendor", "inn"}, {"vendor", "kpp"},  {"vendor", "address"},
    {"bank", "name"},   {"bank", "bik"},   {"bank", "correspondent_account"}, {"bank", "settlement_account"},
    {"vendor", "director"}, {"vendor", "accountant"}};

static bool field_ok(sup_vendor_field f) { return (unsigned)f < SUP_VENDOR_FIELD_COUNT; }

const char *sup_vendor_field_name(sup_vendor_field f) { return field_ok(f) ? field_names[f] : ""; }

int sup_vendor_new(sup_vendor **out)
{
    SUP__CHECK_ARG(out, "sup_vendor_new");
    *out = calloc(1, sizeof **out);
    return *out != NULL ? SUP_OK : sup__fail(SUP_ENOMEM, "out of memory creating vendor requisites");
}

void sup__vendor_clear(sup_vendor *v)
{
    for (int i = 0; i < SUP_VENDOR_FIELD_COUNT; i++) {
        sup__free(v->field[i]);
        v->field[i] = NULL;
    }
}

void sup_vendor_free(sup_vendor *v)
{
    if (v == NULL)
        return;
    sup__vendor_clear(v);
    sup__free(v);
}

int sup__vendor_copy(sup_vendor *dst, const sup_vendor *src)
{
    for (int i = 0; i < SUP_VENDOR_FIELD_COUNT; i++) {
        if (src->field[i] == NULL)
            continue;
        dst->field[i] = sup__strdup(src->field[i]);
        if (dst->field[i] == NULL) {
            sup__vendor_clear(dst);
            return sup__fail(SUP_ENOMEM, "out of memory copying vendor requisites");
        }
    }
    return SUP_OK;
}

int sup_vendor_clone(const sup_vendor *v, sup_vendor **out)
{
    SUP__CHECK_ARG(out, "sup_vendor_clone");
    *out = NULL;
    SUP__CHECK_ARG(v, "sup_vendor_clone");
    sup_vendor *c = NULL;
    int rc = sup_vendor_new(&c);
    if (rc == SUP_OK)
        rc = sup__vendor_copy(c, v);
    if (rc != SUP_OK) {
        sup_vendor_free(c);
        return rc;
    }
    *out = c;
    return SUP_OK;
}

int sup_vendor_set(sup_vendor *v, sup_vendor_field f, const char *value)
{
    SUP__CHECK_ARG(v, "sup_vendor_set");
    if (!field_ok(f))
        return sup__fail(SUP_EINVAL, "sup_vendor_set: unknown field %d", (int)f);
    char *copy = NULL;
    if (value != NULL && value[0] != '\0') {
        int rc = sup__check_text(value, SUP_VENDOR_VALUE_MAX, 0, field_titles[f]);
        if (rc != SUP_OK)
            return rc;
        copy = sup__strdup(value);
        if (copy == NULL)
            return sup__fail(SUP_ENOMEM, "out of memory setting the %s", field_titles[f]);
    }
    sup__free(v->field[f]);
    v->field[f] = copy;
    return SUP_OK;
}

const char *sup_vendor_get(const sup_vendor *v, sup_vendor_field f)
{
    return v != NULL && field_ok(f) ? v->field[f] : NULL;
}

/* ---- checks --------------------------------------------------------------------------------- */

/* The check's own message, prefixed by the field it is about (the message is copied first:
 * formatting from the message buffer into itself would overlap). */
static int about(int rc, const char *prefix)
{
    char why[400];
    snprintf(why, sizeof why, "%s", sup_error_message());
    return sup__fail(rc, "%s: %s", prefix, why);
}

static int required(const sup_vendor *v, sup_vendor_field f)
{
    if (v->field[f] == NULL)
        return sup__fail(SUP_EINVAL, "the vendor's requisites have no %s", field_titles[f]);
    return SUP_OK;
}

/* The check of one field against requisites.h (after the required ones are known to be set). */
static int check_field(const sup_vendor *v, sup_vendor_field f)
{
    const char *x = v->field[f];
    const char *bik = v->field[SUP_VENDOR_BIK];
    switch (f) {
    case SUP_VENDOR_INN: return sup_inn_check(x);
    case SUP_VENDOR_KPP: {
        size_t inn_len = strlen(v->field[SUP_VENDOR_INN]);
        if (x == NULL && inn_len == 10)
            return sup__fail(SUP_EINVAL, "the vendor's INN has 10 digits (an organisation) but there is no KPP");
        if (x != NULL && inn_len == 12)
            return sup__fail(SUP_EINVAL, "the vendor's INN has 12 digits (a sole proprietor), who has no KPP");
        return x != NULL ? sup_kpp_check(x) : SUP_OK;
    }
    case SUP_VENDOR_BIK: return sup_bik_check(x);
    case SUP_VENDOR_CORR_ACCOUNT: return sup_corr_account_check(bik, x);
    case SUP_VENDOR_ACCOUNT: return sup_bank_account_check(bik, x);
    default: return SUP_OK;
    }
}

static const sup_vendor_field required_fields[] = {SUP_VENDOR_NAME,        SUP_VENDOR_INN, SUP_VENDOR_BANK_NAME,
                                                   SUP_VENDOR_BIK,         SUP_VENDOR_CORR_ACCOUNT,
                                                   SUP_VENDOR_ACCOUNT};
static const sup_vendor_field checked_fields[] = {SUP_VENDOR_INN, SUP_VENDOR_KPP, SUP_VENDOR_BIK,
                                                  SUP_VENDOR_CORR_ACCOUNT, SUP_VENDOR_ACCOUNT};

int sup_vendor_check(const sup_vendor *v)
{
    SUP__CHECK_ARG(v, "sup_vendor_check");
    for (size_t i = 0; i < sizeof required_fields / sizeof required_fields[0]; i++) {
        int rc = required(v, required_fields[i]);
        if (rc != SUP_OK)
            return rc;
    }
    for (size_t i = 0; i < sizeof checked_fields / sizeof checked_fields[0]; i++) {
        int rc = check_field(v, checked_fields[i]);
        if (rc != SUP_OK)
            return rc == SUP_EPARSE ? about(rc, field_titles[checked_fields[i]]) : rc;
    }
    return SUP_OK;
}

/* ---- the settings-file form ----------------------------------------------------------------- */

/* "vendor.ini:4: [vendor] inn: <why>" for the field the failing check is about. */
static int at_line(const sup_settings *s, sup_vendor_field f, int rc)
{
    char why[400];
    snprintf(why, sizeof why, "%s", sup_error_message());
    int line = sup_settings_line(s, settings_keys[f].section, settings_keys[f].key);
    if (line > 0)
        return sup__fail(rc, "%s:%d: [%s] %s: %s", sup_settings_source(s), line, settings_keys[f].section,
                         settings_keys[f].key, why);
    return sup__fail(rc, "%s: [%s] %s is not set (%s)", sup_settings_source(s), settings_keys[f].section,
                     settings_keys[f].key, why);
}

int sup_vendor_from_settings(const sup_settings *s, sup_vendor **out)
{
    SUP__CHECK_ARG(out, "sup_vendor_from_settings");
    *out = NULL;
    SUP__CHECK_ARG(s, "sup_vendor_from_settings");
    int rc = sup_settings_check_keys(s, settings_keys, SUP_VENDOR_FIELD_COUNT);
    if (rc != SUP_OK)
        return rc;
    sup_vendor *v = NULL;
    rc = sup_vendor_new(&v);
    for (int f = 0; rc == SUP_OK && f < SUP_VENDOR_FIELD_COUNT; f++) {
        rc = sup_vendor_set(v, (sup_vendor_field)f, sup_settings_get(s, settings_keys[f].section, settings_keys[f].key));
        if (rc != SUP_OK && rc != SUP_ENOMEM)
            rc = at_line(s, (sup_vendor_field)f, rc);
    }
    for (size_t i = 0; rc == SUP_OK && i < sizeof required_fields / sizeof required_fields[0]; i++) {
        rc = required(v, required_fields[i]);
        if (rc != SUP_OK)
            rc = at_line(s, required_fields[i], rc);
    }
    for (size_t i = 0; rc == SUP_OK && i < sizeof checked_fields / sizeof checked_fields[0]; i++) {
        sup_vendor_field f = checked_fields[i];
        rc = check_field(v, f);
        /* a missing KPP is about the INN's line; every other failure about the field's own */
        if (rc != SUP_OK)
            rc = at_line(s, f == SUP_VENDOR_KPP && v->field[f] == NULL ? SUP_VENDOR_INN : f, rc);
    }
    if (rc != SUP_OK) {
        sup_vendor_free(v);
        return rc;
    }
    *out = v;
    return SUP_OK;
}
