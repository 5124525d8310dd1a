/*
 * libsupport internals: UTF-8 decoding and the classes of code points (utf8.c: pure, records no errors). Not
 * installed; every name is hidden (sup__ or static).
 */
#ifndef LIBSUPPORT_UTF8_INTERNAL_H
#define LIBSUPPORT_UTF8_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/* ---- UTF-8 and code points (utf8.c: pure, records no errors) -------------- */
/** The code point at s[0..len): its length in bytes (1…4), or 0 if the bytes are not well-formed UTF-8. */
size_t sup__utf8_decode(const char *s, size_t len, uint32_t *cp);
/** 1 if s[0..len) is well-formed UTF-8 (no overlongs, no surrogates), else 0. */
bool sup__utf8_valid(const char *s, size_t len);
/** The offset of the first byte of s[0..len) that does not start a well-formed UTF-8 sequence, or len. */
size_t sup__utf8_check(const char *s, size_t len);
/** What a code point is to the text rules. */
typedef enum sup__cp_class {
    SUP__CP_TEXT = 0,       /**< allowed */
    SUP__CP_LINE_BREAK = 1, /**< \n \r \t: allowed in multi-line text only */
    SUP__CP_C0 = 2,         /**< the other C0 controls and DEL */
    SUP__CP_C1 = 3,         /**< U+0080…U+009F */
    SUP__CP_BIDI = 4        /**< bidi embeddings, overrides, isolates: U+202A…U+202E, U+2066…U+2069 */
} sup__cp_class;
sup__cp_class sup__codepoint_class(uint32_t cp);
/** The Unicode name (alias) of a refused code point ("RIGHT-TO-LEFT OVERRIDE"), "" for others. */
const char *sup__codepoint_name(uint32_t cp);

#endif /* LIBSUPPORT_UTF8_INTERNAL_H */
