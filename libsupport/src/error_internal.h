/*
 * libsupport internals: errors: the per-thread failure record (error.c). Not installed; every name is hidden
 * (sup__ or static).
 */
#ifndef LIBSUPPORT_ERROR_INTERNAL_H
#define LIBSUPPORT_ERROR_INTERNAL_H

#include "libsupport/common.h"

#include <stddef.h>

#if defined(__GNUC__)
#  define SUP__PRINTF(f, a) __attribute__((format(printf, f, a)))
#else
#  define SUP__PRINTF(f, a)
#endif

/* ---- errors (error.c) ---------------------------------------------------- */
/** Record an error for this thread and return `code`. */
int sup__fail(int code, const char *fmt, ...) SUP__PRINTF(2, 3);
#ifdef __clang_analyzer__
/* For clang-tidy's static analyzer (scripts/static-analysis.sh) only: sup__fail
 * returns its code. The analyzer does not see error.c while it checks another
 * file, so without this it assumes a failure may return SUP_OK and reports
 * NULL dereferences and garbage values on paths that cannot happen. */
#  define sup__fail(code, ...) (sup__fail((code), __VA_ARGS__), (code))
#endif
/** Check a pointer argument; SUP_EINVAL naming it if NULL. */
#define SUP__CHECK_ARG(p, fn) \
    do { if ((p) == NULL) return sup__fail(SUP_EINVAL, "%s: argument '%s' is NULL", (fn), #p); } while (0)

/** Write `text` for an error message: quoted, shortened, non-printables escaped. */
void sup__quote_text(char *buf, size_t bufsize, const char *text);

/* ---- memory (alloc.c): every allocation of the library goes through these (sup_set_allocator) ---- */
void *sup__malloc(size_t size);
void *sup__calloc(size_t count, size_t size);
void *sup__realloc(void *ptr, size_t size);
void sup__free(void *ptr);

#endif /* LIBSUPPORT_ERROR_INTERNAL_H */
