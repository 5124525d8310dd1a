/* libsupport — version, result codes and the per-thread last error. */
#include "libsupport/common.h"
#include "error_internal.h"
#include "utf8_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define SUP__MSG_MAX 512

static _Thread_local int tls_code = SUP_OK;
static _Thread_local char tls_message[SUP__MSG_MAX];

unsigned sup_version_number(void) { return SUP_VERSION_NUMBER; }

const char *sup_version_string(void) { return SUP_VERSION_STRING; }

const char *sup_result_name(int code)
{
    switch (code) {
    case SUP_OK: return "ok";
    case SUP_EINVAL: return "invalid argument";
    case SUP_EDATE: return "invalid date";
    case SUP_EMONEY: return "invalid amount of money";
    case SUP_ENOMEM: return "out of memory";
    case SUP_ENOTFOUND: return "not found";
    case SUP_ENOTAPPLICABLE: return "not applicable";
    case SUP_EMISMATCH: return "amount does not match the quote";
    case SUP_ECONFLICT: return "conflicts with recorded data";
    case SUP_EPARSE: return "malformed text";
    case SUP_ESTATE: return "not allowed in this state";
    case SUP_ERANGE: return "number out of range";
    case SUP_EBUFFER: return "buffer too small";
    case SUP_EDB: return "storage error";
    case SUP_EBUSY: return "storage busy";
    case SUP_ENOTLEDGER: return "not a ledger";
    case SUP_EVERSION: return "ledger from a newer library";
    case SUP_EREADONLY: return "read-only ledger";
    case SUP_EIO: return "input/output error";
    default: return "unknown result code";
    }
}

sup_error_family sup_result_family(int code)
{
    switch (code) {
    case SUP_EINVAL:
    case SUP_EDATE:
    case SUP_EMONEY:
    case SUP_EPARSE:
    case SUP_ERANGE:
    case SUP_EBUFFER: return SUP_FAMILY_INVALID_INPUT;
    case SUP_ENOTFOUND: return SUP_FAMILY_NOT_FOUND;
    case SUP_ENOTAPPLICABLE:
    case SUP_EMISMATCH:
    case SUP_ESTATE: return SUP_FAMILY_REFUSED;
    case SUP_ECONFLICT: return SUP_FAMILY_CONFLICT;
    case SUP_EDB:
    case SUP_EBUSY:
    case SUP_ENOTLEDGER:
    case SUP_EVERSION:
    case SUP_EREADONLY:
    case SUP_EIO: return SUP_FAMILY_STORAGE;
    case SUP_ENOMEM: return SUP_FAMILY_RESOURCE;
    default: return SUP_FAMILY_NONE; /* SUP_OK, positive values, unknown codes */
    }
}

const char *sup_error_family_name(sup_error_family family)
{
    static const char *const names[] = {"none", "invalid_input", "not_found", "refused",
                                        "conflict", "storage", "resource"};
    return (unsigned)family <= SUP_FAMILY_RESOURCE ? names[family] : "";
}

const char *sup_error_message(void) { return tls_message; }

int sup_error_code(void) { return tls_code; }

void sup_error_clear(void)
{
    tls_code = SUP_OK;
    tls_message[0] = '\0';
}


/* (the name in parentheses: internal.h makes sup__fail a macro for the static analyzer) */
int(sup__fail)(int code, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(tls_message, sizeof tls_message, fmt, ap);
    va_end(ap);
    if (n < 0)
        tls_message[0] = '\0';
    tls_code = code;
    return code;
}

void sup__quote_text(char *buf, size_t bufsize, const char *text)
{
    /* "…" with about 40 input bytes at most. Printable ASCII and well-formed
     * UTF-8 text (Cyrillic names …) are copied; control characters, quotes,
     * backslashes and invalid bytes become \xNN, and the code points text may
     * not hold (C1 and bidi controls) \uNNNN, so that a message is always valid
     * UTF-8, on one line, and shown as it reads. */
    size_t o = 0;
    if (bufsize < 8) {
        if (bufsize)
            buf[0] = '\0';
        return;
    }
    if (text == NULL) {
        snprintf(buf, bufsize, "(null)");
        return;
    }
    buf[o++] = '"';
    size_t i = 0;
    while (i < 40 && text[i] != '\0') {
        unsigned char c = (unsigned char)text[i];
        if (o + 8 >= bufsize)
            break;
        if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
            buf[o++] = (char)c;
            i++;
            continue;
        }
        size_t avail = 0;
        while (avail < 4 && text[i + avail] != '\0')
            avail++;
        uint32_t cp = 0;
        size_t n = c >= 0x80 ? sup__utf8_decode(text + i, avail, &cp) : 0;
        if (n > 0 && sup__codepoint_class(cp) == SUP__CP_TEXT && o + n + 8 < bufsize) {
            memcpy(buf + o, text + i, n);
            o += n;
            i += n;
        } else if (n > 0 && sup__codepoint_class(cp) != SUP__CP_TEXT && o + 14 < bufsize) {
            o += (size_t)snprintf(buf + o, bufsize - o, "\\u%04lX", (unsigned long)cp);
            i += n;
        } else {
            o += (size_t)snprintf(buf + o, bufsize - o, "\\x%02X", c);
            i++;
        }
    }
    if (text[i] != '\0' && o + 5 < bufsize) {
        buf[o++] = '.';
        buf[o++] = '.';
        buf[o++] = '.';
    }
    buf[o++] = '"';
    buf[o] = '\0';
}
