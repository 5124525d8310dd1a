/*
 * libsupport — the support and renewal policy engine.
 * common.h: export macro, version numbers, basic types, result codes, errors.
 *
 * ABI rules of this library (see README.md):
 *  - every exported name starts with "sup_" (macros with "SUP_");
 *  - every object that may grow is an opaque handle with a _new/_free pair;
 *  - every function that can fail returns an int result code (SUP_OK == 0,
 *    errors are negative) and leaves a readable message for the calling thread
 *    in sup_error_message();
 *  - the library never prints, never aborts and never reads the clock.
 *
 * Thread safety: the library has no global mutable state except the per-thread
 * last-error slot. Different objects may be used from different threads at the
 * same time; one object may be read (functions taking a const pointer) from
 * several threads at once, but must not be modified while anyone else uses it.
 */
#ifndef LIBSUPPORT_COMMON_H
#define LIBSUPPORT_COMMON_H

#include <stddef.h>
#include <stdint.h>

/* ---- export macro ------------------------------------------------------- */
#if defined(SUP_STATIC)
#  define SUP_API
#elif defined(_WIN32)
#  if defined(SUP_BUILDING)
#    define SUP_API __declspec(dllexport)
#  else
#    define SUP_API __declspec(dllimport)
#  endif
#elif defined(__GNUC__) && __GNUC__ >= 4
#  define SUP_API __attribute__((visibility("default")))
#else
#  define SUP_API
#endif

#if defined(__GNUC__) && !defined(SWIG)
#  define SUP_NODISCARD __attribute__((warn_unused_result))
#else
#  define SUP_NODISCARD
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ---- version ------------------------------------------------------------ */
/* The one version source of the project: CMakeLists.txt reads these three lines (project VERSION,
 * libsupport.pc, the CMake package, the .so's file name); SUP_VERSION_STRING must match them (checked
 * at configure time), and so must debian/changelog and CHANGELOG.md (scripts/version-check.sh, ctest
 * version_check). The SONAME follows SUP_VERSION_MAJOR (libsupport.so.0). */
#define SUP_VERSION_MAJOR 0
#define SUP_VERSION_MINOR 2
#define SUP_VERSION_PATCH 0
#define SUP_VERSION_NUMBER \
    (SUP_VERSION_MAJOR * 10000 + SUP_VERSION_MINOR * 100 + SUP_VERSION_PATCH)
#define SUP_VERSION_STRING "0.2.0"

/** The version of the library actually loaded, as SUP_VERSION_NUMBER. */
SUP_API unsigned sup_version_number(void);
/** The version of the library actually loaded, as "MAJOR.MINOR.PATCH". */
SUP_API const char *sup_version_string(void);

/* ---- basic value types -------------------------------------------------- */

/**
 * A calendar date as the integer YYYYMMDD (2026-01-31 is 20260131).
 * No time of day and no time zone. Valid dates lie in 1900-01-01 … 9999-12-31;
 * every function that takes a date checks it and fails with SUP_EDATE.
 * For valid dates, integer order is calendar order.
 * SUP_DATE_NONE (0) means "no date" in results (e.g. not owned).
 */
typedef int32_t sup_date;
#define SUP_DATE_NONE 0
#define SUP_DATE_MIN 19000101
#define SUP_DATE_MAX 99991231

/** An amount of money in whole kopecks (1 ruble = 100 kopecks). */
typedef int64_t sup_money;

/** A rate in basis points: 25% is 2500, 100% is 10000. */
typedef int32_t sup_rate;

/* ---- result codes --------------------------------------------------------- */
typedef enum sup_result {
    SUP_OK = 0,
    SUP_EINVAL = -1,         /**< invalid argument (NULL, out of range enum …) */
    SUP_EDATE = -2,          /**< invalid or out-of-range date, or bad date text */
    SUP_EMONEY = -3,         /**< negative price, rate above 100%, overflow, bad amount text */
    SUP_ENOMEM = -4,         /**< out of memory */
    SUP_ENOTFOUND = -5,      /**< no such thing (unknown id, no price on that date …) */
    SUP_ENOTAPPLICABLE = -6, /**< the operation does not apply (renewal of a subscription …) */
    SUP_EMISMATCH = -7,      /**< the amount paid differs from the quote for that date */
    SUP_ECONFLICT = -8,      /**< conflicts with recorded data (payment id reused …) */
    SUP_EPARSE = -9,         /**< malformed text (policy form …) */
    SUP_ESTATE = -10,        /**< not allowed in the current state (before purchase, out of order …) */
    SUP_ERANGE = -11,        /**< a number outside its allowed range (months, rounding unit …) */
    SUP_EBUFFER = -12,       /**< the caller's buffer is too small */
    SUP_EDB = -13,           /**< storage error (SQLite) */
    SUP_EBUSY = -14,         /**< storage locked by another process beyond the busy timeout */
    SUP_ENOTLEDGER = -15,    /**< the file is not a libsupport ledger */
    SUP_EVERSION = -16,      /**< the ledger was written by a newer library */
    SUP_EREADONLY = -17,     /**< the ledger is read-only */
    SUP_EIO = -18            /**< input/output error */
} sup_result;

/** A short constant description of a result code ("invalid date", …). Never NULL. */
SUP_API const char *sup_result_name(int code);

/**
 * The family of a result code: what kind of failure it is, for callers that
 * react to the kind rather than the exact code (as libgit2's error classes).
 * Bindings derive their exception hierarchy from it (one base class per
 * family); a program deciding "retry, tell the user, or give up" asks it
 * instead of listing codes. The families and their names are a contract:
 * a new code joins one of them, a new family is only ever appended.
 */
typedef enum sup_error_family {
    SUP_FAMILY_NONE = 0,          /**< "none": SUP_OK, a positive value, or a code this library does not know */
    SUP_FAMILY_INVALID_INPUT = 1, /**< "invalid_input": the request is malformed (EINVAL, EDATE, EMONEY, EPARSE,
                                       ERANGE, EBUFFER): fix the input */
    SUP_FAMILY_NOT_FOUND = 2,     /**< "not_found": no such thing (ENOTFOUND) */
    SUP_FAMILY_REFUSED = 3,       /**< "refused": well formed, but the policy does not allow it (ENOTAPPLICABLE,
                                       EMISMATCH, ESTATE) */
    SUP_FAMILY_CONFLICT = 4,      /**< "conflict": contradicts what is recorded (ECONFLICT) */
    SUP_FAMILY_STORAGE = 5,       /**< "storage": the ledger's storage failed or cannot be used (EDB, EBUSY,
                                       ENOTLEDGER, EVERSION, EREADONLY, EIO) */
    SUP_FAMILY_RESOURCE = 6       /**< "resource": the process ran out of a resource (ENOMEM) */
} sup_error_family;

/** The family of a result code (SUP_FAMILY_NONE for SUP_OK, positive values and unknown codes). */
SUP_API sup_error_family sup_result_family(int code);
/** "none", "invalid_input", "not_found", "refused", "conflict", "storage", "resource" ("" if unknown). */
SUP_API const char *sup_error_family_name(sup_error_family family);

/**
 * The message of the most recent failure on the calling thread, e.g.
 * "invalid date \"2026-02-30\": February 2026 has 28 days".
 * Successful calls do not clear it: read it right after a call returned an
 * error code. Valid until the next failing libsupport call on this thread.
 * Never NULL ("" if nothing failed since sup_error_clear()).
 */
SUP_API const char *sup_error_message(void);
/** The code of the most recent failure on the calling thread (SUP_OK if none). */
SUP_API int sup_error_code(void);
/** Forget the last error of the calling thread. */
SUP_API void sup_error_clear(void);

/** Free memory the library returned (strings from *_to_text, *_render …). NULL is fine. */
SUP_API void sup_free(void *ptr);

/**
 * The memory functions the library uses for everything it allocates (its
 * objects, strings it returns, its caches), like sqlite3_config's
 * SQLITE_CONFIG_MALLOC or libgit2's GIT_OPT_SET_ALLOCATOR: for an application
 * with an allocator of its own, and for tests that fail the Nth allocation.
 * realloc must accept NULL (as malloc); free must accept NULL. The storage
 * engines (SQLite, libpq) keep their own allocators.
 */
typedef struct sup_allocator {
    unsigned version; /**< SUP_ALLOCATOR_VERSION */
    void *(*malloc)(size_t size);
    void *(*realloc)(void *ptr, size_t size);
    void (*free)(void *ptr);
} sup_allocator;
#define SUP_ALLOCATOR_VERSION 1

/**
 * Use `allocator` from now on (NULL: the C library's malloc, realloc and
 * free again). Set it before anything is allocated, or with every object the
 * library made freed: memory must be freed by the allocator that made it.
 * Not thread-safe: the one process-wide setting of the library, made before
 * threads use it. SUP_EINVAL for a wrong version or a missing function.
 */
SUP_API SUP_NODISCARD int sup_set_allocator(const sup_allocator *allocator);

#ifdef __cplusplus
}
#endif
#endif /* LIBSUPPORT_COMMON_H */
