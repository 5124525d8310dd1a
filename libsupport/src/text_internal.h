/*
 * libsupport internals: text: the one text check, a growable string, the "key = value" reader (text.c). Not
 * installed; every name is hidden (sup__ or static).
 */
#ifndef LIBSUPPORT_TEXT_INTERNAL_H
#define LIBSUPPORT_TEXT_INTERNAL_H

#include "error_internal.h"
#include "utf8_internal.h"

#include <stdbool.h>
#include <stddef.h>

/* ---- text (text.c) ------------------------------------------------------ */
#define SUP__TEXT_MULTILINE 0x1u /**< allow \n, \r and \t */
/**
 * The one check of text the library stores or shows (names, codes, notes,
 * contact values …): non-NULL, non-empty, at most `max` bytes, well-formed
 * UTF-8, and none of the C0 controls (but \n \r \t with SUP__TEXT_MULTILINE),
 * DEL, the C1 controls U+0080…U+009F or the bidi controls U+202A…U+202E,
 * U+2066…U+2069. SUP_EINVAL naming `what`, the value and the code point.
 */
int sup__check_text(const char *s, size_t max, unsigned flags, const char *what);
/** malloc'ed copy of s, or NULL. */
char *sup__strdup(const char *s);

/** Strip spaces, tabs (and a trailing \r) from both ends, in place. */
char *sup__trim(char *s);
/** Called for each "key = value" line with both sides trimmed (writable, in a private copy). */
typedef int (*sup__kv_fn)(void *ctx, int lineno, char *key, char *value);
/**
 * Read a "key = value" text form (policy, schedule): checks UTF-8, skips blank
 * lines and '#' comments, and calls fn for each line until it returns an error.
 * `what` names the form in messages ("policy line 3: …").
 */
int sup__parse_kv(const char *text, const char *what, sup__kv_fn fn, void *ctx);

/** A growable string; `failed` latches the first allocation failure. */
typedef struct sup__buf {
    char *data;
    size_t len;
    size_t cap;
    bool failed;
} sup__buf;
void sup__buf_put(sup__buf *b, const char *s);
void sup__buf_putn(sup__buf *b, const char *s, size_t n);
void sup__buf_printf(sup__buf *b, const char *fmt, ...) SUP__PRINTF(2, 3);
/** Hand the string over (caller frees with sup_free) or SUP_ENOMEM; the buffer is reset. */
int sup__buf_finish(sup__buf *b, char **out);
void sup__buf_dispose(sup__buf *b);

/* ---- e-mail (requisites.c) ------------------------------------------------- */
/** The look-up key of `addr` under sup_email_equal's rule (sup__malloc'ed): equal keys exactly for equal
 *  mailboxes (the local part as it is, the domain folded). */
int sup__email_key(const char *addr, char **out);

#endif /* LIBSUPPORT_TEXT_INTERNAL_H */
