/*
 * libsupport.i — the one SWIG interface shared by every language binding.
 *
 * Model: Xapian / GDAL. This file declares, once, what each language sees:
 * every opaque handle of the C API becomes a class (%extend: constructor,
 * destructor, methods); every function that returns a negative sup_result
 * raises a language exception carrying the code and sup_error_message().
 * What differs between languages (how a date, an amount, an enum, a list or an
 * exception looks) lives in the per-language part included below:
 *   python/libsupport_python.swg   python/libsupport/__init__.py (sugar only)
 *   php/libsupport_php.swg         php/namespace.cmake (LibSupport\ namespace)
 *
 * No policy rule is written here or in any language part: every answer comes
 * from a libsupport C function. The glue only converts values and errors.
 *
 * Conventions of the glue (static, not exported, prefixed supb_):
 *   supb_failed(rc)        remember a failing result code; the %exception
 *                          block below turns it into the language exception.
 *   supb_list / supb_row_* a language-neutral builder for lists of records
 *                          (Python: a list of named tuples; PHP: an array of
 *                          associative arrays), see the row table below.
 *   supb_live[]            live-object counters per class (for the tests:
 *                          every object is freed exactly once).
 */

#if defined(SWIGPYTHON)
%module(package="libsupport", docstring="Low-level SWIG module of libsupport; import the libsupport package instead.") core
#elif defined(SWIGPHP)
%module libsupport
#else
#error "libsupport.i: only Python and PHP are supported"
#endif

%feature("kwargs");

%{
#include <limits.h>
#include <stdbool.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <sys/stat.h>

#include "libsupport.h"
#include "libsupport/ledger.h"
#include "libsupport/notice.h"

/* SWIG sees the handles under these names (so that the functions SWIG
 * generates for %extend, named <struct>_<method>, never collide with the
 * library's own sup_<struct>_<method>); the compiler sees the real types. */
#define supb_policy sup_policy
#define supb_product sup_product
#define supb_license sup_license
#define supb_quote sup_quote
#define supb_status sup_status
#define supb_notice sup_notice
#define supb_schedule sup_schedule
#define supb_offer sup_offer

/* A short text returned by value (formatted dates and amounts): no allocation. */
typedef struct supb_text {
    char s[SUP_MONEY_BUFSIZE];
} supb_text;

/* ---- errors: a failing call remembers its code; %exception raises it ------ */
static _Thread_local int supb_pending;
/* A message of the binding itself (e.g. "the ledger is closed"), used instead
 * of sup_error_message() for the pending error when set. */
static _Thread_local const char *supb_pending_msg;

/* Fail with a binding-side message (a string literal). */
static int supb_fail_msg(int code, const char *msg)
{
    supb_pending = code;
    supb_pending_msg = msg;
    return 1;
}

/* The message of the pending error. */
static const char *supb_message(int code)
{
    const char *msg = supb_pending_msg != NULL ? supb_pending_msg : sup_error_message();
    supb_pending_msg = NULL;
    return msg[0] != '\0' ? msg : sup_result_name(code);
}

/* 1 (and the code remembered) if rc is an error, else 0. */
static int supb_failed(int rc)
{
    if (rc < 0) {
        supb_pending = rc;
        return 1;
    }
    return 0;
}

/* ---- live objects, per class (tests check that each is freed exactly once) */
enum supb_class {
    SUPB_C_POLICY, SUPB_C_PRODUCT, SUPB_C_LICENSE, SUPB_C_QUOTE, SUPB_C_STATUS,
    SUPB_C_NOTICE, SUPB_C_SCHEDULE, SUPB_C_LEDGER, SUPB_C_CURSOR, SUPB_C_OFFER, SUPB_C_INVOICE, SUPB_C_CSV_WRITER,
    SUPB_C_PORTAL_CONFIG, SUPB_C_DOWNLOAD, SUPB_C_UPDATE, SUPB_C_SIGNIN, SUPB_C_SIGNIN_ANSWER, SUPB_C_SESSION,
    SUPB_C_COUNT
};
static const char *const supb_class_names[SUPB_C_COUNT] = {
    "Policy", "Product", "License", "Quote", "Status", "Notice", "Schedule", "Ledger", "Cursor", "Offer", "Invoice",
    "CsvWriter", "PortalConfig", "Download", "Update", "Signin", "SigninAnswer", "Session"
};
static _Atomic long supb_live[SUPB_C_COUNT];

static void *supb_born(enum supb_class c, void *p)
{
    if (p != NULL)
        supb_live[c]++;
    return p;
}
static void supb_died(enum supb_class c, void *p)
{
    if (p != NULL)
        supb_live[c]--;
}

/* ---- enums: one table, read by every language ---------------------------- */
/* The values are the C enumerators themselves; only their spelling in each
 * language comes from here (Python: enum.IntEnum; PHP: class constants). */
enum supb_enum_type {
    SUPB_E_RESULT, SUPB_E_LICENSE_KIND, SUPB_E_STATE, SUPB_E_QUOTE_KIND, SUPB_E_EVENT_KIND,
    SUPB_E_CONTACT_KIND, SUPB_E_ROUNDING_MODE, SUPB_E_DATE_STYLE, SUPB_E_MONEY_STYLE, SUPB_E_UNIT,
    SUPB_E_LANG, SUPB_E_PLURAL, SUPB_E_COUNT_UNIT, SUPB_E_NOTICE_FORMAT, SUPB_E_NOTICE_KIND, SUPB_E_ANCHOR,
    SUPB_E_COLUMN_TYPE, SUPB_E_ERROR_FAMILY, SUPB_E_OFFER_KIND, SUPB_E_OFFER_REASON, SUPB_E_LABEL_SET,
    SUPB_E_TERM,
    /* issue 13 */
    SUPB_E_CUSTOMER_FIELD, SUPB_E_SEND_ACTION, SUPB_E_SEND_STATE,
    /* issue 14 */
    SUPB_E_INVOICE_STATE, SUPB_E_PAYMENT_STATUS, SUPB_E_REVIEW_REASON, SUPB_E_CORRECTION_KIND,
    /* the revenue schedule */
    SUPB_E_REVENUE_KIND, SUPB_E_REVENUE_BY, SUPB_E_RECOGNITION, SUPB_E_REVENUE_VIEW,
    /* the portal */
    SUPB_E_DOWNLOAD_VERDICT, SUPB_E_SIGNIN_OUTCOME, SUPB_E_SIGNIN_RESULT, SUPB_E_PORTAL_PHRASE,
    SUPB_E_COUNT
};
static const char *const supb_enum_names[SUPB_E_COUNT] = {
    "Result", "LicenseKind", "State", "QuoteKind", "EventKind",
    "ContactKind", "RoundingMode", "DateStyle", "MoneyStyle", "Unit",
    "Lang", "Plural", "CountUnit", "NoticeFormat", "NoticeKind", "Anchor",
    "ColumnType", "ErrorFamily", "OfferKind", "OfferReason", "LabelSet", "Term",
    "CustomerField", "SendAction", "SendState",
    "InvoiceState", "PaymentStatus", "ReviewReason", "CorrectionKind",
    "RevenueKind", "RevenueBy", "Recognition", "RevenueView",
    "DownloadVerdict", "SigninOutcome", "SigninResult", "PortalPhrase"
};
struct supb_enum_entry {
    int type;
    const char *name;
    long value;
};
static const struct supb_enum_entry supb_enum_table[] = {
    {SUPB_E_RESULT, "OK", SUP_OK},
    {SUPB_E_RESULT, "EINVAL", SUP_EINVAL},
    {SUPB_E_RESULT, "EDATE", SUP_EDATE},
    {SUPB_E_RESULT, "EMONEY", SUP_EMONEY},
    {SUPB_E_RESULT, "ENOMEM", SUP_ENOMEM},
    {SUPB_E_RESULT, "ENOTFOUND", SUP_ENOTFOUND},
    {SUPB_E_RESULT, "ENOTAPPLICABLE", SUP_ENOTAPPLICABLE},
    {SUPB_E_RESULT, "EMISMATCH", SUP_EMISMATCH},
    {SUPB_E_RESULT, "ECONFLICT", SUP_ECONFLICT},
    {SUPB_E_RESULT, "EPARSE", SUP_EPARSE},
    {SUPB_E_RESULT, "ESTATE", SUP_ESTATE},
    {SUPB_E_RESULT, "ERANGE", SUP_ERANGE},
    {SUPB_E_RESULT, "EBUFFER", SUP_EBUFFER},
    {SUPB_E_RESULT, "EDB", SUP_EDB},
    {SUPB_E_RESULT, "EBUSY", SUP_EBUSY},
    {SUPB_E_RESULT, "ENOTLEDGER", SUP_ENOTLEDGER},
    {SUPB_E_RESULT, "EVERSION", SUP_EVERSION},
    {SUPB_E_RESULT, "EREADONLY", SUP_EREADONLY},
    {SUPB_E_RESULT, "EIO", SUP_EIO},
    {SUPB_E_LICENSE_KIND, "PERPETUAL", SUP_LICENSE_PERPETUAL},
    {SUPB_E_LICENSE_KIND, "SUBSCRIPTION_MONTHLY", SUP_LICENSE_SUBSCRIPTION_MONTHLY},
    {SUPB_E_LICENSE_KIND, "SUBSCRIPTION_YEARLY", SUP_LICENSE_SUBSCRIPTION_YEARLY},
    {SUPB_E_STATE, "NOT_OWNED", SUP_STATE_NOT_OWNED},
    {SUPB_E_STATE, "ACTIVE", SUP_STATE_ACTIVE},
    {SUPB_E_STATE, "GRACE", SUP_STATE_GRACE},
    {SUPB_E_STATE, "LAPSED", SUP_STATE_LAPSED},
    {SUPB_E_STATE, "EXPIRED", SUP_STATE_EXPIRED},
    {SUPB_E_QUOTE_KIND, "NOT_APPLICABLE", SUP_QUOTE_NOT_APPLICABLE},
    {SUPB_E_QUOTE_KIND, "PREFERENTIAL", SUP_QUOTE_PREFERENTIAL},
    {SUPB_E_QUOTE_KIND, "STANDARD", SUP_QUOTE_STANDARD},
    {SUPB_E_QUOTE_KIND, "SUBSCRIPTION", SUP_QUOTE_SUBSCRIPTION},
    {SUPB_E_EVENT_KIND, "PURCHASE", SUP_EVENT_PURCHASE},
    {SUPB_E_EVENT_KIND, "PREFERENTIAL_RENEWAL", SUP_EVENT_PREFERENTIAL_RENEWAL},
    {SUPB_E_EVENT_KIND, "STANDARD_RENEWAL", SUP_EVENT_STANDARD_RENEWAL},
    {SUPB_E_EVENT_KIND, "SUBSCRIPTION_PAYMENT", SUP_EVENT_SUBSCRIPTION_PAYMENT},
    {SUPB_E_EVENT_KIND, "PERIOD", SUP_EVENT_PERIOD},
    {SUPB_E_CONTACT_KIND, "WHATSAPP", SUP_CONTACT_WHATSAPP},
    {SUPB_E_CONTACT_KIND, "EMAIL", SUP_CONTACT_EMAIL},
    {SUPB_E_CONTACT_KIND, "SITE_CHAT", SUP_CONTACT_SITE_CHAT},
    {SUPB_E_CONTACT_KIND, "VK", SUP_CONTACT_VK},
    {SUPB_E_CONTACT_KIND, "TELEGRAM", SUP_CONTACT_TELEGRAM},
    {SUPB_E_CONTACT_KIND, "OTHER", SUP_CONTACT_OTHER},
    {SUPB_E_ROUNDING_MODE, "HALF_UP", SUP_ROUND_HALF_UP},
    {SUPB_E_ROUNDING_MODE, "HALF_EVEN", SUP_ROUND_HALF_EVEN},
    {SUPB_E_ROUNDING_MODE, "UP", SUP_ROUND_UP},
    {SUPB_E_ROUNDING_MODE, "DOWN", SUP_ROUND_DOWN},
    {SUPB_E_DATE_STYLE, "ISO", SUP_DATE_ISO},
    {SUPB_E_DATE_STYLE, "RU", SUP_DATE_RU},
    {SUPB_E_MONEY_STYLE, "PLAIN", SUP_MONEY_PLAIN},
    {SUPB_E_MONEY_STYLE, "RU", SUP_MONEY_RU},
    {SUPB_E_MONEY_STYLE, "EN", SUP_MONEY_EN},
    {SUPB_E_MONEY_STYLE, "DECIMAL_COMMA", SUP_MONEY_DECIMAL_COMMA},
    {SUPB_E_UNIT, "KOPECK", SUP_UNIT_KOPECK},
    {SUPB_E_UNIT, "RUBLE", SUP_UNIT_RUBLE},
    {SUPB_E_UNIT, "TEN_RUBLES", SUP_UNIT_10_RUBLES},
    {SUPB_E_LANG, "RU", SUP_LANG_RU},
    {SUPB_E_LANG, "EN", SUP_LANG_EN},
    {SUPB_E_PLURAL, "OTHER", SUP_PLURAL_OTHER},
    {SUPB_E_PLURAL, "ONE", SUP_PLURAL_ONE},
    {SUPB_E_PLURAL, "FEW", SUP_PLURAL_FEW},
    {SUPB_E_PLURAL, "MANY", SUP_PLURAL_MANY},
    {SUPB_E_COUNT_UNIT, "DAYS", SUP_COUNT_DAYS},
    {SUPB_E_COUNT_UNIT, "MONTHS", SUP_COUNT_MONTHS},
    {SUPB_E_NOTICE_FORMAT, "TEXT", SUP_NOTICE_FORMAT_TEXT},
    {SUPB_E_NOTICE_FORMAT, "HTML", SUP_NOTICE_FORMAT_HTML},
    {SUPB_E_NOTICE_KIND, "NONE", SUP_NOTICE_NONE},
    {SUPB_E_NOTICE_KIND, "STATUS", SUP_NOTICE_STATUS},
    {SUPB_E_NOTICE_KIND, "SUPPORT_ENDING", SUP_NOTICE_SUPPORT_ENDING},
    {SUPB_E_NOTICE_KIND, "SUPPORT_ENDS_TODAY", SUP_NOTICE_SUPPORT_ENDS_TODAY},
    {SUPB_E_NOTICE_KIND, "WINDOW_CLOSING", SUP_NOTICE_WINDOW_CLOSING},
    {SUPB_E_ANCHOR, "SUPPORT_END", SUP_ANCHOR_SUPPORT_END},
    {SUPB_E_ANCHOR, "WINDOW_END", SUP_ANCHOR_WINDOW_END},
    {SUPB_E_COLUMN_TYPE, "INT", SUP_COLUMN_INT},
    {SUPB_E_COLUMN_TYPE, "ID", SUP_COLUMN_ID},
    {SUPB_E_COLUMN_TYPE, "DATE", SUP_COLUMN_DATE},
    {SUPB_E_COLUMN_TYPE, "MONEY", SUP_COLUMN_MONEY},
    {SUPB_E_COLUMN_TYPE, "TEXT", SUP_COLUMN_TEXT},
    {SUPB_E_COLUMN_TYPE, "BOOL", SUP_COLUMN_BOOL},
    {SUPB_E_COLUMN_TYPE, "STATE", SUP_COLUMN_STATE},
    {SUPB_E_COLUMN_TYPE, "LICENSE_KIND", SUP_COLUMN_LICENSE_KIND},
    {SUPB_E_COLUMN_TYPE, "EVENT_KIND", SUP_COLUMN_EVENT_KIND},
    {SUPB_E_COLUMN_TYPE, "NOTICE_KIND", SUP_COLUMN_NOTICE_KIND},
    {SUPB_E_COLUMN_TYPE, "TIME", SUP_COLUMN_TIME},
    {SUPB_E_COLUMN_TYPE, "QUOTE_KIND", SUP_COLUMN_QUOTE_KIND},
    {SUPB_E_COLUMN_TYPE, "INVOICE_STATE", SUP_COLUMN_INVOICE_STATE},
    {SUPB_E_COLUMN_TYPE, "CORRECTION_KIND", SUP_COLUMN_CORRECTION_KIND},
    {SUPB_E_COLUMN_TYPE, "REVIEW_REASON", SUP_COLUMN_REVIEW_REASON},
    {SUPB_E_COLUMN_TYPE, "REVENUE_KIND", SUP_COLUMN_REVENUE_KIND},
    {SUPB_E_ERROR_FAMILY, "NONE", SUP_FAMILY_NONE},
    {SUPB_E_ERROR_FAMILY, "INVALID_INPUT", SUP_FAMILY_INVALID_INPUT},
    {SUPB_E_ERROR_FAMILY, "NOT_FOUND", SUP_FAMILY_NOT_FOUND},
    {SUPB_E_ERROR_FAMILY, "REFUSED", SUP_FAMILY_REFUSED},
    {SUPB_E_ERROR_FAMILY, "CONFLICT", SUP_FAMILY_CONFLICT},
    {SUPB_E_ERROR_FAMILY, "STORAGE", SUP_FAMILY_STORAGE},
    {SUPB_E_ERROR_FAMILY, "RESOURCE", SUP_FAMILY_RESOURCE},
    {SUPB_E_OFFER_KIND, "NONE", SUP_OFFER_NONE},
    {SUPB_E_OFFER_KIND, "RENEWAL", SUP_OFFER_RENEWAL},
    {SUPB_E_OFFER_KIND, "PAYMENT", SUP_OFFER_PAYMENT},
    {SUPB_E_OFFER_REASON, "NONE", SUP_OFFER_REASON_NONE},
    {SUPB_E_OFFER_REASON, "NOT_OWNED", SUP_OFFER_REASON_NOT_OWNED},
    {SUPB_E_OFFER_REASON, "NO_PRICE", SUP_OFFER_REASON_NO_PRICE},
    {SUPB_E_OFFER_REASON, "NO_POLICY", SUP_OFFER_REASON_NO_POLICY},
    {SUPB_E_OFFER_REASON, "OUT_OF_CALENDAR", SUP_OFFER_REASON_OUT_OF_CALENDAR},
    {SUPB_E_OFFER_REASON, "FEE_OVERFLOW", SUP_OFFER_REASON_FEE_OVERFLOW},
    {SUPB_E_LABEL_SET, "STATE", SUP_LABEL_STATE},
    {SUPB_E_LABEL_SET, "SUBSCRIPTION_STATE", SUP_LABEL_SUBSCRIPTION_STATE},
    {SUPB_E_LABEL_SET, "QUOTE_KIND", SUP_LABEL_QUOTE_KIND},
    {SUPB_E_LABEL_SET, "OFFER_KIND", SUP_LABEL_OFFER_KIND},
    {SUPB_E_LABEL_SET, "OFFER_REASON", SUP_LABEL_OFFER_REASON},
    {SUPB_E_LABEL_SET, "LICENSE_KIND", SUP_LABEL_LICENSE_KIND},
    {SUPB_E_LABEL_SET, "CONTACT_KIND", SUP_LABEL_CONTACT_KIND},
    {SUPB_E_LABEL_SET, "EVENT_KIND", SUP_LABEL_EVENT_KIND},
    {SUPB_E_LABEL_SET, "NOTICE_KIND", SUP_LABEL_NOTICE_KIND},
    {SUPB_E_LABEL_SET, "TERM", SUP_LABEL_TERM},
    {SUPB_E_LABEL_SET, "SUPPORT_END", SUP_LABEL_SUPPORT_END},
    {SUPB_E_LABEL_SET, "NEW_SUPPORT_END", SUP_LABEL_NEW_SUPPORT_END},
    {SUPB_E_LABEL_SET, "NEEDS", SUP_LABEL_NEEDS},
    {SUPB_E_LABEL_SET, "CORRECTION_KIND", SUP_LABEL_CORRECTION_KIND},
    {SUPB_E_LABEL_SET, "INVOICE_STATE", SUP_LABEL_INVOICE_STATE},
    {SUPB_E_LABEL_SET, "PAYMENT_STATUS", SUP_LABEL_PAYMENT_STATUS},
    {SUPB_E_LABEL_SET, "REVIEW_REASON", SUP_LABEL_REVIEW_REASON},
    {SUPB_E_LABEL_SET, "REVENUE_KIND", SUP_LABEL_REVENUE_KIND},
    {SUPB_E_LABEL_SET, "REVENUE_COLUMN", SUP_LABEL_REVENUE_COLUMN},
    {SUPB_E_LABEL_SET, "REVENUE_VIEW", SUP_LABEL_REVENUE_VIEW},
    {SUPB_E_LABEL_SET, "DOWNLOAD_VERDICT", SUP_LABEL_DOWNLOAD_VERDICT},
    {SUPB_E_LABEL_SET, "RENEW_ACTION", SUP_LABEL_RENEW_ACTION},
    {SUPB_E_TERM, "LICENSE", SUP_TERM_LICENSE},
    {SUPB_E_TERM, "STATUS", SUP_TERM_STATUS},
    {SUPB_E_TERM, "PURCHASED", SUP_TERM_PURCHASED},
    {SUPB_E_TERM, "PREFERENTIAL_UNTIL", SUP_TERM_PREFERENTIAL_UNTIL},
    {SUPB_E_TERM, "USE", SUP_TERM_USE},
    {SUPB_E_TERM, "CONSULTATIONS", SUP_TERM_CONSULTATIONS},
    {SUPB_E_TERM, "NEW_VERSIONS", SUP_TERM_NEW_VERSIONS},
    {SUPB_E_TERM, "IDEAS", SUP_TERM_IDEAS},
    {SUPB_E_TERM, "RELEASES", SUP_TERM_RELEASES},
    {SUPB_E_TERM, "DOWNLOADABLE", SUP_TERM_DOWNLOADABLE},
    {SUPB_E_TERM, "OFFER", SUP_TERM_OFFER},
    {SUPB_E_TERM, "OFFER_KIND", SUP_TERM_OFFER_KIND},
    {SUPB_E_TERM, "FEE", SUP_TERM_FEE},
    {SUPB_E_TERM, "LIST_PRICE", SUP_TERM_LIST_PRICE},
    {SUPB_E_TERM, "VALID_THROUGH", SUP_TERM_VALID_THROUGH},
    {SUPB_E_TERM, "CONTACTS", SUP_TERM_CONTACTS},
    {SUPB_E_TERM, "NO_PHONE", SUP_TERM_NO_PHONE},
    {SUPB_E_TERM, "NONE", SUP_TERM_NONE},
    {SUPB_E_CUSTOMER_FIELD, "NAME", SUP_CUSTOMER_NAME},
    {SUPB_E_CUSTOMER_FIELD, "EMAILS", SUP_CUSTOMER_EMAILS},
    {SUPB_E_CUSTOMER_FIELD, "PHONE", SUP_CUSTOMER_PHONE},
    {SUPB_E_CUSTOMER_FIELD, "INN", SUP_CUSTOMER_INN},
    {SUPB_E_CUSTOMER_FIELD, "KPP", SUP_CUSTOMER_KPP},
    {SUPB_E_CUSTOMER_FIELD, "LANG", SUP_CUSTOMER_LANG},
    {SUPB_E_CUSTOMER_FIELD, "NOTE", SUP_CUSTOMER_NOTE},
    {SUPB_E_COLUMN_TYPE, "SEND_ACTION", SUP_COLUMN_SEND_ACTION},
    {SUPB_E_COLUMN_TYPE, "SEND_STATE", SUP_COLUMN_SEND_STATE},
    {SUPB_E_SEND_ACTION, "NEW", SUP_SEND_NEW},
    {SUPB_E_SEND_ACTION, "RETRY", SUP_SEND_RETRY},
    {SUPB_E_SEND_ACTION, "NO_EMAIL", SUP_SEND_NO_EMAIL},
    {SUPB_E_SEND_ACTION, "UNCONFIRMED", SUP_SEND_UNCONFIRMED},
    {SUPB_E_SEND_STATE, "SENDING", SUP_SEND_SENDING},
    {SUPB_E_SEND_STATE, "SENT", SUP_SEND_SENT},
    {SUPB_E_SEND_STATE, "FAILED", SUP_SEND_FAILED},
    /* money (invoice.h, corrections.h) */
    {SUPB_E_INVOICE_STATE, "NOT_ISSUED", SUP_INVOICE_NOT_ISSUED},
    {SUPB_E_INVOICE_STATE, "OPEN", SUP_INVOICE_OPEN},
    {SUPB_E_INVOICE_STATE, "PAID", SUP_INVOICE_PAID},
    {SUPB_E_INVOICE_STATE, "EXPIRED", SUP_INVOICE_EXPIRED},
    {SUPB_E_PAYMENT_STATUS, "NONE", SUP_PAYMENT_NONE},
    {SUPB_E_PAYMENT_STATUS, "APPLIED", SUP_PAYMENT_APPLIED},
    {SUPB_E_PAYMENT_STATUS, "ALREADY_APPLIED", SUP_PAYMENT_ALREADY_APPLIED},
    {SUPB_E_PAYMENT_STATUS, "REVIEW", SUP_PAYMENT_REVIEW},
    {SUPB_E_PAYMENT_STATUS, "ALREADY_IN_REVIEW", SUP_PAYMENT_ALREADY_IN_REVIEW},
    {SUPB_E_PAYMENT_STATUS, "VOIDED", SUP_PAYMENT_VOIDED},
    {SUPB_E_PAYMENT_STATUS, "CONFLICT", SUP_PAYMENT_CONFLICT},
    {SUPB_E_PAYMENT_STATUS, "IGNORED_OUTGOING", SUP_PAYMENT_IGNORED_OUTGOING},
    {SUPB_E_PAYMENT_STATUS, "IGNORED_ACCOUNT", SUP_PAYMENT_IGNORED_ACCOUNT},
    {SUPB_E_PAYMENT_STATUS, "UNREADABLE", SUP_PAYMENT_UNREADABLE},
    {SUPB_E_REVIEW_REASON, "NONE", SUP_REVIEW_NONE},
    {SUPB_E_REVIEW_REASON, "UNKNOWN_INVOICE", SUP_REVIEW_UNKNOWN_INVOICE},
    {SUPB_E_REVIEW_REASON, "SEVERAL_INVOICES", SUP_REVIEW_SEVERAL_INVOICES},
    {SUPB_E_REVIEW_REASON, "WRONG_PAYER", SUP_REVIEW_WRONG_PAYER},
    {SUPB_E_REVIEW_REASON, "ALREADY_PAID", SUP_REVIEW_ALREADY_PAID},
    {SUPB_E_REVIEW_REASON, "EXPIRED", SUP_REVIEW_EXPIRED},
    {SUPB_E_REVIEW_REASON, "PARTIAL", SUP_REVIEW_PARTIAL},
    {SUPB_E_REVIEW_REASON, "WRONG_AMOUNT", SUP_REVIEW_WRONG_AMOUNT},
    {SUPB_E_REVIEW_REASON, "LICENSE_CHANGED", SUP_REVIEW_LICENSE_CHANGED},
    {SUPB_E_CORRECTION_KIND, "NONE", SUP_CORRECTION_NONE},
    {SUPB_E_CORRECTION_KIND, "VOID", SUP_CORRECTION_VOID},
    {SUPB_E_CORRECTION_KIND, "REFUND", SUP_CORRECTION_REFUND},
    {SUPB_E_CORRECTION_KIND, "DISCOUNT", SUP_CORRECTION_DISCOUNT},
    /* the revenue schedule (revenue.h, libsupport_revenue.i) */
    {SUPB_E_REVENUE_KIND, "ALL", SUP_REVENUE_ALL},
    {SUPB_E_REVENUE_KIND, "SALE", SUP_REVENUE_SALE},
    {SUPB_E_REVENUE_KIND, "PREFERENTIAL_RENEWAL", SUP_REVENUE_PREFERENTIAL_RENEWAL},
    {SUPB_E_REVENUE_KIND, "STANDARD_RENEWAL", SUP_REVENUE_STANDARD_RENEWAL},
    {SUPB_E_REVENUE_KIND, "SUBSCRIPTION_FIRST", SUP_REVENUE_SUBSCRIPTION_FIRST},
    {SUPB_E_REVENUE_KIND, "SUBSCRIPTION", SUP_REVENUE_SUBSCRIPTION},
    {SUPB_E_REVENUE_KIND, "CORRECTION", SUP_REVENUE_CORRECTION},
    {SUPB_E_REVENUE_BY, "MONTH", SUP_REVENUE_BY_MONTH},
    {SUPB_E_REVENUE_BY, "PRODUCT", SUP_REVENUE_BY_PRODUCT},
    {SUPB_E_REVENUE_BY, "KIND", SUP_REVENUE_BY_KIND},
    {SUPB_E_RECOGNITION, "DAILY", SUP_RECOGNITION_DAILY},
    {SUPB_E_RECOGNITION, "ON_PAYMENT", SUP_RECOGNITION_ON_PAYMENT},
    {SUPB_E_REVENUE_VIEW, "BY_MONTH", SUP_REVENUE_VIEW_BY_MONTH},
    {SUPB_E_REVENUE_VIEW, "BY_PRODUCT", SUP_REVENUE_VIEW_BY_PRODUCT},
    {SUPB_E_REVENUE_VIEW, "BY_KIND", SUP_REVENUE_VIEW_BY_KIND},
    {SUPB_E_REVENUE_VIEW, "DEFERRED", SUP_REVENUE_VIEW_DEFERRED},
    {SUPB_E_TERM, "LICENSE_KEY", SUP_TERM_LICENSE_KEY},
    {SUPB_E_TERM, "DOWNLOAD", SUP_TERM_DOWNLOAD},
    {SUPB_E_TERM, "FILE_SIZE", SUP_TERM_FILE_SIZE},
    {SUPB_E_TERM, "CHECKSUM", SUP_TERM_CHECKSUM},
    {SUPB_E_TERM, "KEY_ISSUED", SUP_TERM_KEY_ISSUED},
    {SUPB_E_TERM, "REPLACE_KEY", SUP_TERM_REPLACE_KEY},
    {SUPB_E_TERM, "KEY_ENDS_WITH", SUP_TERM_KEY_ENDS_WITH},
    {SUPB_E_TERM, "NEW_KEY", SUP_TERM_NEW_KEY},
    {SUPB_E_TERM, "DOWNLOADS", SUP_TERM_DOWNLOADS},
    {SUPB_E_DOWNLOAD_VERDICT, "ALLOWED", SUP_DOWNLOAD_ALLOWED},
    {SUPB_E_DOWNLOAD_VERDICT, "NEEDS_RENEWAL", SUP_DOWNLOAD_NEEDS_RENEWAL},
    {SUPB_E_DOWNLOAD_VERDICT, "NO_FILE", SUP_DOWNLOAD_NO_FILE},
    {SUPB_E_SIGNIN_OUTCOME, "SENT", SUP_SIGNIN_SENT},
    {SUPB_E_SIGNIN_OUTCOME, "NO_CUSTOMER", SUP_SIGNIN_NO_CUSTOMER},
    {SUPB_E_SIGNIN_OUTCOME, "LIMIT_ADDRESS", SUP_SIGNIN_LIMIT_ADDRESS},
    {SUPB_E_SIGNIN_OUTCOME, "LIMIT_CLIENT", SUP_SIGNIN_LIMIT_CLIENT},
    {SUPB_E_SIGNIN_RESULT, "OK", SUP_SIGNIN_OK},
    {SUPB_E_SIGNIN_RESULT, "UNKNOWN", SUP_SIGNIN_UNKNOWN},
    {SUPB_E_SIGNIN_RESULT, "EXPIRED", SUP_SIGNIN_EXPIRED},
    {SUPB_E_SIGNIN_RESULT, "USED", SUP_SIGNIN_USED},
    {SUPB_E_SIGNIN_RESULT, "WRONG_CODE", SUP_SIGNIN_WRONG_CODE},
    {SUPB_E_SIGNIN_RESULT, "SPENT", SUP_SIGNIN_SPENT},
    {SUPB_E_SIGNIN_RESULT, "NO_ACCOUNT", SUP_SIGNIN_NO_ACCOUNT},
    {SUPB_E_PORTAL_PHRASE, "SIGNIN_SENT", SUP_PHRASE_SIGNIN_SENT},
    {SUPB_E_PORTAL_PHRASE, "SIGNIN_LIMITED", SUP_PHRASE_SIGNIN_LIMITED},
    {SUPB_E_PORTAL_PHRASE, "LINK_UNKNOWN", SUP_PHRASE_LINK_UNKNOWN},
    {SUPB_E_PORTAL_PHRASE, "LINK_EXPIRED", SUP_PHRASE_LINK_EXPIRED},
    {SUPB_E_PORTAL_PHRASE, "LINK_USED", SUP_PHRASE_LINK_USED},
    {SUPB_E_PORTAL_PHRASE, "CODE_WRONG", SUP_PHRASE_CODE_WRONG},
    {SUPB_E_PORTAL_PHRASE, "CODE_SPENT", SUP_PHRASE_CODE_SPENT},
    {SUPB_E_PORTAL_PHRASE, "NO_ACCOUNT", SUP_PHRASE_NO_ACCOUNT},
    {SUPB_E_PORTAL_PHRASE, "KEY_SHOWN_ONCE", SUP_PHRASE_KEY_SHOWN_ONCE},
    {SUPB_E_PORTAL_PHRASE, "KEY_ROTATE", SUP_PHRASE_KEY_ROTATE},
    {SUPB_E_PORTAL_PHRASE, "SESSION_ENDED", SUP_PHRASE_SESSION_ENDED},
    {SUPB_E_PORTAL_PHRASE, "SIGNIN_CODE", SUP_PHRASE_SIGNIN_CODE},
    {SUPB_E_PORTAL_PHRASE, "DEMO", SUP_PHRASE_DEMO},
};

/* ---- records: lists of rows, one table of field names -------------------- */
/* A method that returns several values builds rows field by field, in the
 * order of this table; each language turns them into its natural record
 * (Python: a named tuple of that name; PHP: an associative array). */
enum supb_row_type {
    SUPB_R_ENUM, SUPB_R_PRICE, SUPB_R_EVENT, SUPB_R_CONTACT, SUPB_R_LIVE, SUPB_R_REMINDER, SUPB_R_PARTIES,
    SUPB_R_COLUMN, SUPB_R_MIGRATION,
    /* issue 13 (libsupport_reach.i) */
    SUPB_R_CUSTOMER, SUPB_R_SEND_STARTED, SUPB_R_IMPORT, SUPB_R_OUTCOME,
    SUPB_R_COUNT
};
#define SUPB_ROW_MAX_FIELDS 24
static const char *const supb_rows[SUPB_R_COUNT][SUPB_ROW_MAX_FIELDS + 2] = {
    [SUPB_R_ENUM] = {"EnumEntry", "type", "name", "value", NULL},
    [SUPB_R_PRICE] = {"Price", "effective", "price", NULL},
    [SUPB_R_EVENT] = {"Event", "kind", "on", "until", "paid", NULL},
    [SUPB_R_CONTACT] = {"Contact", "kind", "value", NULL},
    [SUPB_R_LIVE] = {"LiveObjects", "cls", "count", NULL},
    [SUPB_R_REMINDER] = {"Reminder", "anchor", "days_before", "kind", NULL},
    [SUPB_R_PARTIES] = {"Parties", "customer", "product", NULL},
    [SUPB_R_COLUMN] = {"Column", "name", "type", NULL},
    [SUPB_R_MIGRATION] = {"Migration", "tables", "rows", "checksum", NULL},
    [SUPB_R_CUSTOMER] = {"Customer", "customer", "code", "name", "emails", "phone", "inn", "kpp", "lang", "note",
                         NULL},
    [SUPB_R_SEND_STARTED] = {"SendStarted", "attempt", "replayed", NULL},
    [SUPB_R_IMPORT] = {"ImportReport", "applied", "dry_run", "rows", "customers_added", "customers_updated",
                       "customers_unchanged", "licenses_added", "licenses_unchanged", "periods_recorded", "bad_rows",
                       "errors", NULL},
    [SUPB_R_OUTCOME] = {"PaymentOutcome", "replayed", "event", "license", "recorded_on", NULL},
};
%}

/* ---- the language part: typemaps for sup_date, sup_money, enums, strings,
 *      lists, and the exception raising (supb_raise) ----------------------- */
#if defined(SWIGPYTHON)
%include "python/libsupport_python.swg"
#elif defined(SWIGPHP)
%include "php/libsupport_php.swg"
#endif

/* Every wrapper: a failure remembered by supb_failed() becomes an exception
 * with the C code and sup_error_message(), before any result is converted. */
%exception {
    supb_pending = 0;
    supb_pending_msg = NULL;
    $action
    if (supb_pending != 0) {
        supb_raise(supb_pending);
        SWIG_fail;
    }
}

/* Strings the library allocates are released with sup_free(). */
%typemap(newfree) char * "sup_free($1);";

/* Base types as SWIG should see them (the typemaps match these names). */
typedef int int32_t;
typedef long long int64_t;
typedef int32_t sup_date;
typedef int64_t sup_money;
typedef int32_t sup_rate;
typedef int sup_license_kind;
typedef int sup_state;
typedef int sup_quote_kind;
typedef int sup_event_kind;
typedef int sup_contact_kind;
typedef int sup_rounding_mode;
typedef int sup_date_style;
typedef int sup_money_style;
typedef int sup_lang;
typedef int sup_plural;
typedef int sup_count_unit;
typedef int sup_notice_format;
typedef int sup_notice_kind;
typedef int sup_schedule_anchor;
typedef int sup_column_type;
typedef int sup_error_family;
typedef int sup_offer_kind;
typedef int sup_offer_reason;
typedef int sup_label_set;
typedef int sup_term;
typedef int sup_invoice_state;
typedef int sup_revenue_kind;
typedef int sup_revenue_by;
typedef int sup_recognition;
typedef int sup_revenue_view;
typedef long long sup_id;
typedef int sup_download_verdict;
typedef int sup_signin_outcome;
typedef int sup_signin_result;
typedef int sup_portal_phrase;

%define SUPB_DOC(SYM, TEXT)
%feature("docstring") SYM TEXT;
%enddef

/* A read-only field of an object: a property in Python (obj.name), a
 * method in PHP ($obj->name()). CFUNC is the C getter. */
%define SUPB_FIELD(STRUCT, TYPE, NAME, CFUNC, DOC)
#if defined(SWIGPYTHON)
%feature("docstring") STRUCT::NAME DOC;
%immutable STRUCT::NAME;
%extend STRUCT { TYPE NAME; }
%{ static TYPE STRUCT ## _ ## NAME ## _get(const STRUCT *self) { return CFUNC(self); } %}
#else
%extend STRUCT { TYPE NAME() { return CFUNC($self); } }
#endif
%enddef

/* A read-write field: Python property with a checked setter; PHP name() and
 * setName(v). SETTER returns a sup_result; a failure raises. */
%define SUPB_FIELD_RW(STRUCT, TYPE, NAME, CFUNC, SETTER, DOC)
#if defined(SWIGPYTHON)
%feature("docstring") STRUCT::NAME DOC;
%extend STRUCT { TYPE NAME; }
%{
static TYPE STRUCT ## _ ## NAME ## _get(const STRUCT *self) { return CFUNC(self); }
static void STRUCT ## _ ## NAME ## _set(STRUCT *self, TYPE v) { (void)supb_failed(SETTER(self, v)); }
%}
#else
%extend STRUCT {
    TYPE NAME() { return CFUNC($self); }
    void set_ ## NAME(TYPE value) { (void)supb_failed(SETTER($self, value)); }
}
#endif
%enddef

/* ===================================================================== */
/* Module-level functions                                                */
/* ===================================================================== */

%rename(version) supf_version;
%rename(version_number) supf_version_number;
%rename(result_name) supf_result_name;
%rename(parse_date) supf_parse_date;
%rename(make_date) supf_make_date;
%rename(format_date) supf_format_date;
%rename(add_months) supf_add_months;
%rename(add_days) supf_add_days;
%rename(diff_days) supf_diff_days;
%rename(days_in_month) supf_days_in_month;
%rename(fee) supf_fee;
%rename(parse_money) supf_parse_money;
%rename(format_money) supf_format_money;
%rename(release_allowed) supf_release_allowed;
%rename(quote_compute) supf_quote_compute;
%rename(state_name) supf_state_name;
%rename(quote_kind_name) supf_quote_kind_name;
%rename(event_kind_name) supf_event_kind_name;
%rename(license_kind_name) supf_license_kind_name;
%rename(contact_kind_name) supf_contact_kind_name;
%rename(license_kind_from_name) supf_license_kind_from_name;
%rename(contact_kind_from_name) supf_contact_kind_from_name;
%rename(offer_kind_name) supf_offer_kind_name;
%rename(offer_reason_name) supf_offer_reason_name;
%rename(result_family) supf_result_family;
%rename(error_family_name) supf_error_family_name;
%rename(_raise_for) supf_raise_for;
%rename(_enum_table) supf_enum_table;
%rename(_live_objects) supf_live_objects;

SUPB_DOC(supf_version, "version() -> str: the version of the libsupport C library actually loaded.")
SUPB_DOC(supf_version_number, "version_number() -> int: MAJOR*10000 + MINOR*100 + PATCH of the loaded library.")
SUPB_DOC(supf_result_name, "result_name(code) -> str: a short description of a result code.")
SUPB_DOC(supf_result_family, "result_family(code) -> ErrorFamily: the family of a result code (sup_result_family);\n"
         "each family is one base exception class.")
SUPB_DOC(supf_error_family_name, "error_family_name(family) -> str: 'invalid_input', 'not_found', 'refused', ...")
SUPB_DOC(supf_raise_for, "_raise_for(code): raise the exception the binding raises for a negative result code (for\n"
         "the tests of the error mapping); nothing for 0 or a positive value.")
SUPB_DOC(supf_parse_date, "parse_date(text) -> date: parse 'YYYY-MM-DD' or 'DD.MM.YYYY' (DateError otherwise).")
SUPB_DOC(supf_make_date, "make_date(year, month, day) -> date: a checked date in 1900-01-01 ... 9999-12-31.")
SUPB_DOC(supf_format_date, "format_date(d, style=DateStyle.ISO) -> str: 'YYYY-MM-DD' or 'DD.MM.YYYY'.")
SUPB_DOC(supf_add_months, "add_months(d, months) -> date: Civil Code art. 192 (2026-01-31 + 1 = 2026-02-28).")
SUPB_DOC(supf_add_days, "add_days(d, days) -> date")
SUPB_DOC(supf_diff_days, "diff_days(start, end) -> int: days from start to end (negative if end is earlier).")
SUPB_DOC(supf_days_in_month, "days_in_month(year, month) -> int (0 if out of range).")
SUPB_DOC(supf_fee, "fee(price, rate_bp, unit=Unit.RUBLE, mode=RoundingMode.HALF_UP) -> int kopecks:\n"
         "price x rate / 10000 rounded to a multiple of unit, exactly in integers.")
SUPB_DOC(supf_parse_money, "parse_money(text) -> int kopecks: '7990', '7990.50', '7990,5', '-12.30'.")
SUPB_DOC(supf_format_money, "format_money(kopecks, style=MoneyStyle.PLAIN) -> str: '1998.00', '1 998 руб.', '1,998 RUB'.")
SUPB_DOC(supf_release_allowed, "release_allowed(support_until, release) -> bool: rule 3, a release dated on or before\n"
         "support_until may be downloaded.")
SUPB_DOC(supf_quote_compute, "quote_compute(support_until, price, on, policy=None) -> Quote: a renewal quote from bare\n"
         "facts (support through support_until, list price on the date).")

%{
static const char *supf_version(void) { return sup_version_string(); }
static unsigned supf_version_number(void) { return sup_version_number(); }
static const char *supf_result_name(int code) { return sup_result_name(code); }
static sup_error_family supf_result_family(int code) { return sup_result_family(code); }
static const char *supf_offer_kind_name(sup_offer_kind k) { return sup_offer_kind_name(k); }
static const char *supf_offer_reason_name(sup_offer_reason r) { return sup_offer_reason_name(r); }
static const char *supf_error_family_name(sup_error_family family) { return sup_error_family_name(family); }
static void supf_raise_for(int code)
{
    if (code < 0)
        (void)supb_fail_msg(code, "raised by _raise_for for this result code");
}

static sup_date supf_parse_date(const char *text)
{
    sup_date d = SUP_DATE_NONE;
    (void)supb_failed(sup_date_parse(text, &d));
    return d;
}
static sup_date supf_make_date(int year, int month, int day)
{
    sup_date d = SUP_DATE_NONE;
    (void)supb_failed(sup_date_make(year, month, day, &d));
    return d;
}
static supb_text supf_format_date(sup_date d, sup_date_style style)
{
    supb_text t = {""};
    (void)supb_failed(sup_date_format(d, style, t.s, sizeof t.s));
    return t;
}
static sup_date supf_add_months(sup_date d, int months)
{
    sup_date r = SUP_DATE_NONE;
    (void)supb_failed(sup_date_add_months(d, months, &r));
    return r;
}
static sup_date supf_add_days(sup_date d, int days)
{
    sup_date r = SUP_DATE_NONE;
    (void)supb_failed(sup_date_add_days(d, days, &r));
    return r;
}
static int supf_diff_days(sup_date start, sup_date end)
{
    int32_t n = 0;
    (void)supb_failed(sup_date_diff_days(start, end, &n));
    return n;
}
static int supf_days_in_month(int year, int month) { return sup_date_days_in_month(year, month); }

static sup_money supf_fee(sup_money price, sup_rate rate_bp, sup_money unit, sup_rounding_mode mode)
{
    sup_money r = 0;
    (void)supb_failed(sup_money_fee(price, rate_bp, unit, mode, &r));
    return r;
}
static sup_money supf_parse_money(const char *text)
{
    sup_money r = 0;
    (void)supb_failed(sup_money_parse(text, &r));
    return r;
}
static supb_text supf_format_money(sup_money amount, sup_money_style style)
{
    supb_text t = {""};
    (void)supb_failed(sup_money_format(amount, style, t.s, sizeof t.s));
    return t;
}
static bool supf_release_allowed(sup_date support_until, sup_date release)
{
    int allowed = 0;
    (void)supb_failed(sup_release_allowed(support_until, release, &allowed));
    return allowed != 0;
}

static const char *supf_state_name(sup_state s) { return sup_state_name(s); }
static const char *supf_quote_kind_name(sup_quote_kind k) { return sup_quote_kind_name(k); }
static const char *supf_event_kind_name(sup_event_kind k) { return sup_event_kind_name(k); }
static const char *supf_license_kind_name(sup_license_kind k) { return sup_license_kind_name(k); }
static const char *supf_contact_kind_name(sup_contact_kind k) { return sup_contact_kind_name(k); }
static sup_license_kind supf_license_kind_from_name(const char *name)
{
    sup_license_kind k = SUP_LICENSE_PERPETUAL;
    (void)supb_failed(sup_license_kind_from_name(name, &k));
    return k;
}
static sup_contact_kind supf_contact_kind_from_name(const char *name)
{
    sup_contact_kind k = SUP_CONTACT_OTHER;
    (void)supb_failed(sup_contact_kind_from_name(name, &k));
    return k;
}

/* (type, name, value) for every enumerator the bindings know. */
static supb_list *supf_enum_table(void)
{
    supb_list *l = supb_list_new(0);
    for (size_t i = 0; l != NULL && i < sizeof supb_enum_table / sizeof supb_enum_table[0]; i++) {
        supb_row_begin(l, SUPB_R_ENUM);
        supb_row_str(l, supb_enum_names[supb_enum_table[i].type]);
        supb_row_str(l, supb_enum_table[i].name);
        supb_row_int(l, supb_enum_table[i].value);
        supb_row_end(l);
    }
    return l;
}

/* (class name, live objects) for each wrapped class. */
static supb_list *supf_live_objects(void)
{
    supb_list *l = supb_list_new(0);
    for (int c = 0; l != NULL && c < SUPB_C_COUNT; c++) {
        supb_row_begin(l, SUPB_R_LIVE);
        supb_row_str(l, supb_class_names[c]);
        supb_row_int(l, supb_live[c]);
        supb_row_end(l);
    }
    return l;
}
%}

/* What SWIG wraps (defaults here; the C definitions above have none). */
const char *supf_version(void);
unsigned supf_version_number(void);
const char *supf_result_name(int code);
sup_error_family supf_result_family(int code);
const char *supf_offer_kind_name(sup_offer_kind k);
const char *supf_offer_reason_name(sup_offer_reason r);
const char *supf_error_family_name(sup_error_family family);
void supf_raise_for(int code);
sup_date supf_parse_date(const char *text);
sup_date supf_make_date(int year, int month, int day);
supb_text supf_format_date(sup_date d, sup_date_style style = 0 /* DateStyle.ISO */);
sup_date supf_add_months(sup_date d, int months);
sup_date supf_add_days(sup_date d, int days);
int supf_diff_days(sup_date start, sup_date end);
int supf_days_in_month(int year, int month);
sup_money supf_fee(sup_money price, sup_rate rate_bp, sup_money unit = 100 /* Unit.RUBLE */,
                   sup_rounding_mode mode = 0 /* RoundingMode.HALF_UP */);
sup_money supf_parse_money(const char *text);
supb_text supf_format_money(sup_money amount, sup_money_style style = 0 /* MoneyStyle.PLAIN */);
bool supf_release_allowed(sup_date support_until, sup_date release);
const char *supf_state_name(sup_state s);
const char *supf_quote_kind_name(sup_quote_kind k);
const char *supf_event_kind_name(sup_event_kind k);
const char *supf_license_kind_name(sup_license_kind k);
const char *supf_contact_kind_name(sup_contact_kind k);
sup_license_kind supf_license_kind_from_name(const char *name);
sup_contact_kind supf_contact_kind_from_name(const char *name);
supb_list *supf_enum_table(void);
supb_list *supf_live_objects(void);

%{
static supb_quote *supb_quote_alloc(void)
{
    supb_quote *q = NULL;
    if (supb_failed(sup_quote_new(&q)))
        return NULL;
    return supb_born(SUPB_C_QUOTE, q);
}
static supb_offer *supb_offer_alloc(void)
{
    supb_offer *o = NULL;
    if (supb_failed(sup_offer_new(&o)))
        return NULL;
    return supb_born(SUPB_C_OFFER, o);
}
static supb_offer *supb_offer_done(supb_offer *o, int rc)
{
    if (supb_failed(rc)) {
        supb_died(SUPB_C_OFFER, o);
        sup_offer_free(o);
        return NULL;
    }
    return o;
}
/* The offer's quote as a Quote of its own (it outlives the Offer), or NULL (None / null) when there is none. */
static supb_quote *supg_offer_quote(const supb_offer *o)
{
    const sup_quote *q = sup_offer_quote(o);
    sup_quote *copy = NULL;
    if (q == NULL || supb_failed(sup_quote_clone(q, &copy)))
        return NULL;
    return supb_born(SUPB_C_QUOTE, copy);
}
static supb_quote *supb_quote_done(supb_quote *q, int rc)
{
    if (supb_failed(rc)) {
        supb_died(SUPB_C_QUOTE, q);
        sup_quote_free(q);
        return NULL;
    }
    return q;
}

/* Getters adapted for SUPB_FIELD (bool results, size_t counts). */
static int supg_set_phone_support(supb_policy *p, bool v) { return sup_policy_set_phone_support(p, v ? 1 : 0); }
static bool supg_phone_support(const supb_policy *p) { return sup_policy_phone_support(p) != 0; }
static int supg_license_event_count(const supb_license *l) { return (int)sup_license_event_count(l); }
static bool supg_status_can_use(const supb_status *s) { return sup_status_can_use(s) != 0; }
static bool supg_status_can_consult(const supb_status *s) { return sup_status_can_consult(s) != 0; }
static bool supg_status_can_get_new_versions(const supb_status *s) { return sup_status_can_get_new_versions(s) != 0; }
static bool supg_status_can_propose_ideas(const supb_status *s) { return sup_status_can_propose_ideas(s) != 0; }
%}

/* ===================================================================== */
/* Classes                                                               */
/* ===================================================================== */

%rename(Policy) supb_policy;
%rename(Product) supb_product;
%rename(License) supb_license;
%rename(Quote) supb_quote;
%rename(Status) supb_status;
%rename(Offer) supb_offer;

/* The handles are opaque: SWIG sees empty structs and only what %extend adds. */
%nodefaultctor;
%nodefaultdtor;
struct supb_policy {};
struct supb_product {};
struct supb_license {};
struct supb_quote {};
struct supb_status {};
struct supb_offer {};
typedef struct supb_policy supb_policy;
typedef struct supb_product supb_product;
typedef struct supb_license supb_license;
typedef struct supb_quote supb_quote;
typedef struct supb_status supb_status;
typedef struct supb_offer supb_offer;
%clearnodefaultctor;
%clearnodefaultdtor;

%newobject supf_quote_compute;
%newobject supb_policy::parse;
%newobject supb_policy::clone;
%newobject supb_policy::to_text;
%newobject supb_product::clone;
%newobject supb_license::clone;
%newobject supb_license::status;
%newobject supb_license::quote;
%newobject supb_license::renew;
%newobject supb_license::quote_payment;
%newobject supb_license::pay;
%newobject supb_license::offer;
%newobject supb_offer::quote;


%{
static supb_quote *supf_quote_compute(sup_date support_until, sup_money price, sup_date on,
                                     const supb_policy *policy)
{
    supb_quote *q = supb_quote_alloc();
    if (q == NULL)
        return NULL;
    return supb_quote_done(q, sup_quote_compute(policy, support_until, price, on, q));
}
%}
supb_quote *supf_quote_compute(sup_date support_until, sup_money price, sup_date on,
                               const supb_policy *policy = NULL);

/* ---- Policy ------------------------------------------------------------- */

SUPB_DOC(supb_policy, "The renewal policy: rates (basis points), grace window, renewal term, rounding and the\n"
         "contact channels shown to customers.\n\n"
         "Policy() has the vendor's defaults (25% preferential, 45% standard, 1-month window, 12-month\n"
         "renewals, whole rubles half up); Policy.parse(text) reads the 'key = value' text form.")
SUPB_DOC(supb_policy::parse, "parse(text) -> Policy: the defaults changed by 'key = value' lines (ParseError with the\n"
         "line number on a bad line).")
SUPB_DOC(supb_policy::to_text, "to_text() -> str: the text form (parses back to an equal policy).")
SUPB_DOC(supb_policy::clone, "clone() -> Policy: an independent copy.")
SUPB_DOC(supb_policy::equals, "equals(other) -> bool: same settings and channels.")
SUPB_DOC(supb_policy::fee, "fee(price, rate_bp) -> int kopecks: price x rate rounded by this policy's unit and mode.")
SUPB_DOC(supb_policy::set_rounding, "set_rounding(unit, mode): the rounding unit in kopecks (1 ... 100000000) and mode.")
SUPB_DOC(supb_policy::add_contact, "add_contact(kind, value): append a contact channel (ContactKind, non-empty text).")
SUPB_DOC(supb_policy::clear_contacts, "clear_contacts(): remove every contact channel.")
SUPB_DOC(supb_policy::contacts, "contacts() -> list of Contact(kind, value), in display order.")

%extend supb_policy {
    supb_policy()
    {
        supb_policy *p = NULL;
        if (supb_failed(sup_policy_new(&p)))
            return NULL;
        return supb_born(SUPB_C_POLICY, p);
    }
    ~supb_policy()
    {
        supb_died(SUPB_C_POLICY, $self);
        sup_policy_free($self);
    }
    static supb_policy *parse(const char *text)
    {
        supb_policy *p = NULL;
        if (supb_failed(sup_policy_parse(text, &p)))
            return NULL;
        return supb_born(SUPB_C_POLICY, p);
    }
    char *to_text()
    {
        char *s = NULL;
        if (supb_failed(sup_policy_to_text($self, &s)))
            return NULL;
        return s;
    }
    supb_policy *clone()
    {
        supb_policy *p = NULL;
        if (supb_failed(sup_policy_clone($self, &p)))
            return NULL;
        return supb_born(SUPB_C_POLICY, p);
    }
    bool equals(const supb_policy *other) { return other != NULL && sup_policy_equal($self, other) != 0; }
    sup_money fee(sup_money price, sup_rate rate_bp)
    {
        sup_money r = 0;
        (void)supb_failed(sup_policy_fee($self, price, rate_bp, &r));
        return r;
    }
    void set_rounding(sup_money unit, sup_rounding_mode mode)
    {
        (void)supb_failed(sup_policy_set_rounding($self, unit, mode));
    }
    void add_contact(sup_contact_kind kind, const char *value)
    {
        (void)supb_failed(sup_policy_add_contact($self, kind, value));
    }
    void clear_contacts() { sup_policy_clear_contacts($self); }
    supb_list *contacts()
    {
        supb_list *l = supb_list_new(0);
        size_t n = sup_policy_contact_count($self);
        for (size_t i = 0; l != NULL && i < n; i++) {
            sup_contact_kind k = SUP_CONTACT_OTHER;
            if (supb_failed(sup_policy_contact_kind($self, i, &k))) {
                supb_list_free(l);
                return NULL;
            }
            supb_row_begin(l, SUPB_R_CONTACT);
            supb_row_enum(l, SUPB_E_CONTACT_KIND, k);
            supb_row_str(l, sup_policy_contact_value($self, i));
            supb_row_end(l);
        }
        return l;
    }
}

SUPB_FIELD_RW(supb_policy, sup_rate, preferential_rate, sup_policy_preferential_rate,
              sup_policy_set_preferential_rate, "Preferential renewal rate in basis points (2500 = 25%).")
SUPB_FIELD_RW(supb_policy, sup_rate, standard_rate, sup_policy_standard_rate, sup_policy_set_standard_rate,
              "Standard renewal rate in basis points (4500 = 45%).")
SUPB_FIELD_RW(supb_policy, int, grace_months, sup_policy_grace_months, sup_policy_set_grace_months,
              "Months after support ends during which the preferential renewal stays open.")
SUPB_FIELD_RW(supb_policy, int, renewal_months, sup_policy_renewal_months, sup_policy_set_renewal_months,
              "Months one renewal adds.")
SUPB_FIELD_RW(supb_policy, int, default_support_months, sup_policy_default_support_months,
              sup_policy_set_default_support_months, "Default support term of a purchase, in months.")
SUPB_FIELD_RW(supb_policy, bool, phone_support, supg_phone_support, supg_set_phone_support,
              "Whether support is given by phone (the vendor's policy: no).")
SUPB_FIELD_RW(supb_policy, sup_rate, recognition_sale_support_share, sup_policy_recognition_sale_support_share,
              sup_policy_set_recognition_sale_support_share,
              "Revenue recognition: basis points of a perpetual sale's price earned over the support it includes\n"
              "(recognition_sale_support_share_bp; 0: all on the sale's date).")
SUPB_FIELD_RW(supb_policy, sup_recognition, recognition_renewal, sup_policy_recognition_renewal,
              sup_policy_set_recognition_renewal, "Revenue recognition of support renewals (Recognition.DAILY or ON_PAYMENT).")
SUPB_FIELD_RW(supb_policy, sup_recognition, recognition_subscription, sup_policy_recognition_subscription,
              sup_policy_set_recognition_subscription,
              "Revenue recognition of subscription payments (Recognition.DAILY or ON_PAYMENT).")
SUPB_FIELD(supb_policy, sup_money, rounding_unit, sup_policy_rounding_unit,
           "The rounding unit of fees, in kopecks (100 = whole rubles).")
SUPB_FIELD(supb_policy, sup_rounding_mode, rounding_mode, sup_policy_rounding_mode,
           "How fees are rounded (RoundingMode).")

/* ---- Product ------------------------------------------------------------ */

SUPB_DOC(supb_product, "Product(kind, support_months=-1): a product with its license kind, support term and list\n"
         "price history (kopecks, each price with the date it takes effect). Without support_months (or -1,\n"
         "SUP_SUPPORT_MONTHS_DEFAULT) the default policy's term (6 months), a subscription its period.")
SUPB_DOC(supb_product::clone, "clone() -> Product: an independent copy.")
SUPB_DOC(supb_product::set_price, "set_price(effective, price): the list price in kopecks from that date on.")
SUPB_DOC(supb_product::price_on, "price_on(on) -> int kopecks: the list price in force on the date (NotFoundError\n"
         "before the first price).")
SUPB_DOC(supb_product::prices, "prices() -> list of Price(effective, price) in date order.")

%extend supb_product {
    supb_product(sup_license_kind kind, int support_months = SUP_SUPPORT_MONTHS_DEFAULT)
    {
        supb_product *p = NULL;
        if (supb_failed(sup_product_new(kind, support_months, &p)))
            return NULL;
        return supb_born(SUPB_C_PRODUCT, p);
    }
    ~supb_product()
    {
        supb_died(SUPB_C_PRODUCT, $self);
        sup_product_free($self);
    }
    supb_product *clone()
    {
        supb_product *p = NULL;
        if (supb_failed(sup_product_clone($self, &p)))
            return NULL;
        return supb_born(SUPB_C_PRODUCT, p);
    }
    void set_price(sup_date effective, sup_money price)
    {
        (void)supb_failed(sup_product_set_price($self, effective, price));
    }
    sup_money price_on(sup_date on)
    {
        sup_money r = 0;
        (void)supb_failed(sup_product_price_on($self, on, &r));
        return r;
    }
    supb_list *prices()
    {
        supb_list *l = supb_list_new(0);
        size_t n = sup_product_price_count($self);
        for (size_t i = 0; l != NULL && i < n; i++) {
            sup_date eff = SUP_DATE_NONE;
            sup_money price = 0;
            if (supb_failed(sup_product_price_at($self, i, &eff, &price))) {
                supb_list_free(l);
                return NULL;
            }
            supb_row_begin(l, SUPB_R_PRICE);
            supb_row_date(l, eff);
            supb_row_money(l, price);
            supb_row_end(l);
        }
        return l;
    }
}
SUPB_FIELD(supb_product, sup_license_kind, kind, sup_product_kind, "The license kind (LicenseKind).")
SUPB_FIELD(supb_product, int, support_months, sup_product_support_months,
           "Support term of a purchase in months (the period for subscriptions).")
SUPB_FIELD(supb_product, int, period_months, sup_product_period_months,
           "Months one subscription payment buys (1 or 12); 0 for perpetual products.")

/* ---- License ------------------------------------------------------------ */

SUPB_DOC(supb_license, "License(product, purchased): a license of the product bought on that date, with the\n"
         "support periods recorded after it. Every question is asked 'on' a date and sees only\n"
         "what was recorded on or before it.")
SUPB_DOC(supb_license::clone, "clone() -> License: an independent copy.")
SUPB_DOC(supb_license::support_until, "support_until(on) -> date or None: support_until as of the date (None before\n"
         "the purchase).")
SUPB_DOC(supb_license::add_period, "add_period(on, until): record as is that on `on` support was set to run through\n"
         "`until` (importing history).")
SUPB_DOC(supb_license::events, "events() -> list of Event(kind, on, until, paid), in date order.")
SUPB_DOC(supb_license::status, "status(on, policy=None) -> Status: where the license stands on the date.")
SUPB_DOC(supb_license::can_download, "can_download(on, release) -> bool: may a release dated `release` be downloaded\n"
         "on `on`.")
SUPB_DOC(supb_license::quote, "quote(product, on, policy=None) -> Quote: the renewal quote of a perpetual license\n"
         "(NotApplicableError for a subscription).")
SUPB_DOC(supb_license::renew, "renew(product, on, paid, policy=None) -> Quote: renew for `paid` kopecks, which must\n"
         "equal the quote's fee for that date (PaymentMismatchError otherwise, nothing changes).")
SUPB_DOC(supb_license::quote_payment, "quote_payment(product, on) -> Quote: a subscription payment's quote.")
SUPB_DOC(supb_license::pay, "pay(product, on, paid) -> Quote: record a subscription payment of the quoted fee.")
SUPB_DOC(supb_license::offer, "offer(product, on, policy=None) -> Offer: the renewal (perpetual) or the next payment\n"
         "(subscription) on the date, or no offer and the reason (sup_license_offer).")

%extend supb_license {
    supb_license(const supb_product *product, sup_date purchased)
    {
        supb_license *l = NULL;
        if (supb_failed(sup_license_new(product, purchased, &l)))
            return NULL;
        return supb_born(SUPB_C_LICENSE, l);
    }
    ~supb_license()
    {
        supb_died(SUPB_C_LICENSE, $self);
        sup_license_free($self);
    }
    supb_license *clone()
    {
        supb_license *l = NULL;
        if (supb_failed(sup_license_clone($self, &l)))
            return NULL;
        return supb_born(SUPB_C_LICENSE, l);
    }
    sup_date support_until(sup_date on)
    {
        sup_date r = SUP_DATE_NONE;
        (void)supb_failed(sup_license_support_until($self, on, &r));
        return r;
    }
    void add_period(sup_date on, sup_date until)
    {
        (void)supb_failed(sup_license_add_period($self, on, until));
    }
    supb_list *events()
    {
        supb_list *l = supb_list_new(0);
        size_t n = sup_license_event_count($self);
        for (size_t i = 0; l != NULL && i < n; i++) {
            sup_event_kind kind = SUP_EVENT_PURCHASE;
            sup_date on = SUP_DATE_NONE, until = SUP_DATE_NONE;
            sup_money paid = 0;
            if (supb_failed(sup_license_event($self, i, &kind, &on, &until, &paid))) {
                supb_list_free(l);
                return NULL;
            }
            supb_row_begin(l, SUPB_R_EVENT);
            supb_row_enum(l, SUPB_E_EVENT_KIND, kind);
            supb_row_date(l, on);
            supb_row_date(l, until);
            supb_row_money(l, paid);
            supb_row_end(l);
        }
        return l;
    }
    supb_status *status(sup_date on, const supb_policy *policy = NULL)
    {
        supb_status *s = NULL;
        if (supb_failed(sup_status_new(&s)))
            return NULL;
        if (supb_failed(sup_license_status($self, policy, on, s))) {
            sup_status_free(s);
            return NULL;
        }
        return supb_born(SUPB_C_STATUS, s);
    }
    bool can_download(sup_date on, sup_date release)
    {
        int allowed = 0;
        (void)supb_failed(sup_license_can_download($self, on, release, &allowed));
        return allowed != 0;
    }
    supb_quote *quote(const supb_product *product, sup_date on, const supb_policy *policy = NULL)
    {
        supb_quote *q = supb_quote_alloc();
        if (q == NULL)
            return NULL;
        return supb_quote_done(q, sup_license_quote($self, product, policy, on, q));
    }
    supb_quote *renew(const supb_product *product, sup_date on, sup_money paid, const supb_policy *policy = NULL)
    {
        supb_quote *q = supb_quote_alloc();
        if (q == NULL)
            return NULL;
        return supb_quote_done(q, sup_license_renew($self, product, policy, on, paid, q));
    }
    supb_quote *quote_payment(const supb_product *product, sup_date on)
    {
        supb_quote *q = supb_quote_alloc();
        if (q == NULL)
            return NULL;
        return supb_quote_done(q, sup_license_quote_payment($self, product, on, q));
    }
    supb_quote *pay(const supb_product *product, sup_date on, sup_money paid)
    {
        supb_quote *q = supb_quote_alloc();
        if (q == NULL)
            return NULL;
        return supb_quote_done(q, sup_license_pay($self, product, on, paid, q));
    }
    supb_offer *offer(const supb_product *product, sup_date on, const supb_policy *policy = NULL)
    {
        supb_offer *o = supb_offer_alloc();
        if (o == NULL)
            return NULL;
        return supb_offer_done(o, sup_license_offer($self, product, policy, on, o));
    }
}
SUPB_FIELD(supb_license, sup_license_kind, kind, sup_license_kind_of, "The license kind (LicenseKind).")
SUPB_FIELD(supb_license, sup_date, purchased, sup_license_purchased, "The purchase date.")
SUPB_FIELD(supb_license, sup_date, latest_until, sup_license_latest_until,
           "support_until after everything recorded so far.")
SUPB_FIELD(supb_license, int, event_count, supg_license_event_count, "The number of recorded events.")

/* ---- Status ------------------------------------------------------------- */

SUPB_DOC(supb_status, "Where a license stands on a date (returned by License.status()).")
%extend supb_status {
    ~supb_status()
    {
        supb_died(SUPB_C_STATUS, $self);
        sup_status_free($self);
    }
    const char *state_name() { return sup_state_name(sup_status_state($self)); }
}
SUPB_FIELD(supb_status, sup_state, state, sup_status_state, "State: NOT_OWNED, ACTIVE, GRACE, LAPSED or EXPIRED.")
SUPB_FIELD(supb_status, sup_date, on, sup_status_on, "The date the status is about.")
SUPB_FIELD(supb_status, sup_date, support_until, sup_status_support_until,
           "support_until as of the date (None if not owned).")
SUPB_FIELD(supb_status, sup_date, preferential_until, sup_status_preferential_until,
           "Last day of the preferential renewal window (None if not owned or a subscription).")
SUPB_FIELD(supb_status, bool, can_use, supg_status_can_use, "The product works on the date.")
SUPB_FIELD(supb_status, bool, can_consult, supg_status_can_consult, "Consultations are given (support active).")
SUPB_FIELD(supb_status, bool, can_get_new_versions, supg_status_can_get_new_versions,
           "New versions are delivered (support active).")
SUPB_FIELD(supb_status, bool, can_propose_ideas, supg_status_can_propose_ideas,
           "Ideas for the product may be proposed (support active).")

/* ---- Quote -------------------------------------------------------------- */

SUPB_DOC(supb_quote, "A renewal or subscription-payment quote (returned by License.quote(), renew(), ...).")
%extend supb_quote {
    ~supb_quote()
    {
        supb_died(SUPB_C_QUOTE, $self);
        sup_quote_free($self);
    }
    const char *kind_name() { return sup_quote_kind_name(sup_quote_kind_of($self)); }
}
SUPB_FIELD(supb_quote, sup_quote_kind, kind, sup_quote_kind_of, "QuoteKind: PREFERENTIAL, STANDARD, SUBSCRIPTION ...")
SUPB_FIELD(supb_quote, sup_date, on, sup_quote_on, "The date the quote is for.")
SUPB_FIELD(supb_quote, sup_rate, rate, sup_quote_rate, "The rate applied, in basis points.")
SUPB_FIELD(supb_quote, sup_money, list_price, sup_quote_list_price, "The list price in force on the date (kopecks).")
SUPB_FIELD(supb_quote, sup_money, fee, sup_quote_fee, "The fee to pay (kopecks).")
SUPB_FIELD(supb_quote, sup_date, support_until, sup_quote_support_until, "support_until before the renewal.")
SUPB_FIELD(supb_quote, sup_date, new_support_until, sup_quote_new_support_until, "support_until after the renewal.")
SUPB_FIELD(supb_quote, sup_date, valid_through, sup_quote_valid_through,
           "The last date on which the same quote (kind and fee) still holds.")

/* ---- Offer -------------------------------------------------------------- */

SUPB_DOC(supb_offer, "The offer for a license on a date (License.offer(), Ledger.offer()): the renewal of a\n"
         "perpetual license or the next payment of a subscription, or no offer and the reason.")
%extend supb_offer {
    ~supb_offer()
    {
        supb_died(SUPB_C_OFFER, $self);
        sup_offer_free($self);
    }
    const char *kind_name() { return sup_offer_kind_name(sup_offer_kind_of($self)); }
    const char *reason_name() { return sup_offer_reason_name(sup_offer_reason_of($self)); }
}
SUPB_FIELD(supb_offer, sup_offer_kind, kind, sup_offer_kind_of, "OfferKind: NONE, RENEWAL (perpetual) or PAYMENT.")
SUPB_FIELD(supb_offer, sup_offer_reason, reason, sup_offer_reason_of,
           "OfferReason: why there is no offer (NONE when there is one).")
SUPB_FIELD(supb_offer, sup_date, on, sup_offer_on, "The date the offer is for.")
SUPB_FIELD(supb_offer, supb_quote *, quote, supg_offer_quote,
           "The offer's Quote (a copy of its own), or None when there is no offer.")

/* ---- batches (batch.h): many licenses in one call -------------------------- */
%{
/* The n products of a batch: the sequence given, or one product for all. */
static const sup_product **supb_batch_products(const supb_seq *products, size_t n)
{
    if (products->single != NULL) {
        const sup_product **all = malloc((n ? n : 1) * sizeof *all);
        for (size_t i = 0; all != NULL && i < n; i++)
            all[i] = products->single;
        if (all == NULL)
            supb_fail_msg(SUP_ENOMEM, "out of memory for a batch");
        return all;
    }
    if (products->n != n) {
        supb_fail_msg(SUP_EINVAL, "quote_many: give one product, or one product per license");
        return NULL;
    }
    return (const sup_product **)products->items;
}

static supb_cols *supf_status_many(supb_license_seq licenses, sup_date on, const supb_policy *policy, bool strict)
{
    static const char *const names[] = {"state", "support_until", "preferential_until", "result"};
    size_t n = licenses.n;
    sup_state *state = malloc((n ? n : 1) * sizeof *state);
    sup_date *until = malloc((n ? n : 1) * sizeof *until);
    sup_date *pref = malloc((n ? n : 1) * sizeof *pref);
    int *rc = malloc((n ? n : 1) * sizeof *rc);
    supb_cols *c = NULL;
    if (state == NULL || until == NULL || pref == NULL || rc == NULL) {
        supb_fail_msg(SUP_ENOMEM, "out of memory for a batch");
    } else {
        int r = sup_batch_status(n, (const sup_license *const *)licenses.items, NULL, on, policy, state, until,
                                 pref, rc);
        if (!(strict && supb_failed(r)) && (c = supb_cols_new(n, 4, names)) != NULL) {
            for (size_t i = 0; i < n; i++) {
                if (rc[i] == SUP_OK) {
                    supb_cols_enum(c, 0, i, SUPB_E_STATE, state[i]);
                    supb_cols_date(c, 1, i, until[i]);
                    supb_cols_date(c, 2, i, pref[i]);
                } else {
                    supb_cols_none(c, 0, i);
                    supb_cols_none(c, 1, i);
                    supb_cols_none(c, 2, i);
                }
                supb_cols_int(c, 3, i, rc[i]);
            }
        }
    }
    free(state);
    free(until);
    free(pref);
    free(rc);
    return c;
}

static supb_cols *supf_quote_many(supb_license_seq licenses, supb_product_seq products, sup_date on,
                                  const supb_policy *policy, bool strict)
{
    static const char *const names[] = {"kind", "fee", "new_support_until", "valid_through", "result"};
    size_t n = licenses.n;
    const sup_product **prods = supb_batch_products(&products, n);
    if (prods == NULL)
        return NULL;
    sup_quote_kind *kind = malloc((n ? n : 1) * sizeof *kind);
    sup_money *fee = malloc((n ? n : 1) * sizeof *fee);
    sup_date *nu = malloc((n ? n : 1) * sizeof *nu);
    sup_date *vt = malloc((n ? n : 1) * sizeof *vt);
    int *rc = malloc((n ? n : 1) * sizeof *rc);
    supb_cols *c = NULL;
    if (kind == NULL || fee == NULL || nu == NULL || vt == NULL || rc == NULL) {
        supb_fail_msg(SUP_ENOMEM, "out of memory for a batch");
    } else {
        int r = sup_batch_quote(n, (const sup_license *const *)licenses.items, prods, NULL, on, policy, kind, fee,
                                nu, vt, rc);
        if (!(strict && supb_failed(r)) && (c = supb_cols_new(n, 5, names)) != NULL) {
            for (size_t i = 0; i < n; i++) {
                if (rc[i] == SUP_OK) {
                    supb_cols_enum(c, 0, i, SUPB_E_QUOTE_KIND, kind[i]);
                    supb_cols_money(c, 1, i, fee[i]);
                    supb_cols_date(c, 2, i, nu[i]);
                    supb_cols_date(c, 3, i, vt[i]);
                } else {
                    for (int k = 0; k < 4; k++)
                        supb_cols_none(c, k, i);
                }
                supb_cols_int(c, 4, i, rc[i]);
            }
        }
    }
    if ((void *)prods != (void *)products.items)
        free(prods);
    free(kind);
    free(fee);
    free(nu);
    free(vt);
    free(rc);
    return c;
}
%}
%rename(status_many) supf_status_many;
%rename(quote_many) supf_quote_many;
SUPB_DOC(supf_status_many, "status_many(licenses, on, policy=None, strict=True) -> dict of lists: the status of\n"
         "many licenses on one date in one call (batch.h), as columns 'state', 'support_until',\n"
         "'preferential_until' and 'result' (0, or the error code of that license). strict: raise the\n"
         "first failing license's error; else its values are None.")
SUPB_DOC(supf_quote_many, "quote_many(licenses, products, on, policy=None, strict=True) -> dict of lists: the\n"
         "renewal quotes of many licenses in one call; products is one Product for all or one per\n"
         "license. Columns 'kind', 'fee', 'new_support_until', 'valid_through', 'result'.")
supb_cols *supf_status_many(supb_license_seq licenses, sup_date on, const supb_policy *policy = NULL,
                            bool strict = true);
supb_cols *supf_quote_many(supb_license_seq licenses, supb_product_seq products, sup_date on,
                           const supb_policy *policy = NULL, bool strict = true);

/* ---- the customer notices and the ledger ---------------------------------- */
/* (the customer helpers first: SWIG emits every %extend of Ledger where Ledger is declared) */
%include "libsupport_reach.i"
%include "libsupport_money_glue.i"
/* before the ledger: its %extend of Ledger needs the portal's types, which SWIG emits with the class */
%include "libsupport_portal.i"
%include "libsupport_ledger.i"
%include "libsupport_notice.i"
%include "libsupport_label.i"
%include "libsupport_money.i"
%include "libsupport_revenue.i"

/* ---- language-specific additions (repr, context managers, ...) ----------- */
#if defined(SWIGPYTHON)
%include "python/libsupport_python_post.swg"
#elif defined(SWIGPHP)
%include "php/libsupport_php_post.swg"
#endif
