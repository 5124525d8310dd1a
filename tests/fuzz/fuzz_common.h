/*
 * Shared helpers of the fuzz targets (tests/fuzz/fuzz_*.c).
 *
 * Each target defines LLVMFuzzerTestOneInput. It is built twice:
 *  - with clang -fsanitize=fuzzer,address,undefined (SUP_FUZZ=ON, scripts/fuzz.sh)
 *    for coverage-guided fuzzing;
 *  - with the project's compiler and warnings, linked to replay_main.c, as the
 *    ctest tests fuzz_replay.<target> that run the committed corpus (also under
 *    valgrind and in the ASan build), so every input that once crashed stays a test.
 *
 * FUZZ_CHECK(cond) aborts with a message: libFuzzer reports it as a crash and
 * saves the input.
 */
#ifndef SUP_FUZZ_COMMON_H
#define SUP_FUZZ_COMMON_H

#include <libsupport.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define FUZZ_CHECK(cond)                                                                                \
    do {                                                                                                \
        if (!(cond)) {                                                                                  \
            fprintf(stderr, "%s:%d: invariant failed: %s (last error %d: %s)\n", __FILE__, __LINE__,    \
                    #cond, sup_error_code(), sup_error_message());                                      \
            abort();                                                                                    \
        }                                                                                               \
    } while (0)

/* The input as a NUL-terminated string (malloc'ed; embedded NULs cut it short, as in C). */
static inline char *fuzz_cstring(const uint8_t *data, size_t size)
{
    char *s = malloc(size + 1);
    if (s == NULL)
        abort();
    if (size > 0)
        memcpy(s, data, size);
    s[size] = '\0';
    return s;
}

/* 1 if s is well-formed UTF-8 (no overlongs, surrogates or code points past U+10FFFF). */
static inline bool fuzz_utf8_ok(const char *str)
{
    const unsigned char *s = (const unsigned char *)str;
    while (*s) {
        unsigned char c = *s;
        size_t n;
        uint32_t cp;
        if (c < 0x80) {
            s++;
            continue;
        } else if (c >= 0xC2 && c <= 0xDF) {
            n = 1;
            cp = c & 0x1Fu;
        } else if (c >= 0xE0 && c <= 0xEF) {
            n = 2;
            cp = c & 0x0Fu;
        } else if (c >= 0xF0 && c <= 0xF4) {
            n = 3;
            cp = c & 0x07u;
        } else {
            return false;
        }
        for (size_t k = 1; k <= n; k++) {
            if ((s[k] & 0xC0) != 0x80)
                return false;
            cp = (cp << 6) | (s[k] & 0x3Fu);
        }
        if ((n == 2 && cp < 0x800) || (n == 3 && (cp < 0x10000 || cp > 0x10FFFF)) || (cp >= 0xD800 && cp <= 0xDFFF))
            return false;
        s += n + 1;
    }
    return true;
}

/* A failing call left a readable message: the code it returned, non-empty, UTF-8, one line. */
static inline void fuzz_check_error(int rc)
{
    FUZZ_CHECK(rc < 0);
    FUZZ_CHECK(sup_error_code() == rc);
    const char *m = sup_error_message();
    FUZZ_CHECK(m != NULL && m[0] != '\0');
    FUZZ_CHECK(fuzz_utf8_ok(m));
    FUZZ_CHECK(strchr(m, '\n') == NULL);
    FUZZ_CHECK(strcmp(sup_result_name(rc), "unknown result code") != 0);
}

/* ---- a reader of fuzz input as a stream of choices (zeros once exhausted) ---- */
typedef struct fuzz_reader {
    const uint8_t *p;
    size_t n;
} fuzz_reader;

static inline bool fuzz_more(const fuzz_reader *r) { return r->n > 0; }

static inline uint8_t fuzz_u8(fuzz_reader *r)
{
    if (r->n == 0)
        return 0;
    r->n--;
    return *r->p++;
}

static inline uint16_t fuzz_u16(fuzz_reader *r)
{
    uint16_t hi = fuzz_u8(r);
    return (uint16_t)((unsigned)(hi << 8) | fuzz_u8(r));
}

static inline uint32_t fuzz_u32(fuzz_reader *r)
{
    uint32_t hi = fuzz_u16(r);
    return (hi << 16) | fuzz_u16(r);
}

static inline uint64_t fuzz_u64(fuzz_reader *r)
{
    uint64_t hi = fuzz_u32(r);
    return (hi << 32) | fuzz_u32(r);
}

/* A date: mostly valid and near `base` (within about ±4 years, days apart), sometimes a
 * boundary of the valid range, sometimes any 32-bit value (mostly invalid). */
static inline sup_date fuzz_date_near(fuzz_reader *r, sup_date base)
{
    uint8_t how = fuzz_u8(r);
    if (how < 200) {
        int32_t off = (int32_t)(fuzz_u16(r) % 3000u) - 1000;
        sup_date d;
        if (sup_date_add_days(base, off, &d) == SUP_OK)
            return d;
        return base;
    }
    if (how < 215) { /* month ends and leap days */
        static const sup_date special[] = {20240229, 20250228, 20260131, 20260228, 20260331, 20260430,
                                           20261231, 20280229, 21000228, 20000229};
        return special[fuzz_u8(r) % (sizeof special / sizeof special[0])];
    }
    if (how < 235) {
        static const sup_date edges[] = {SUP_DATE_MIN, SUP_DATE_MAX, 99981231, 99991130, 99990101, 19000201,
                                         19001231, 99991201};
        return edges[fuzz_u8(r) % (sizeof edges / sizeof edges[0])];
    }
    return (sup_date)fuzz_u32(r);
}

/* An amount of kopecks: mostly an ordinary price, sometimes extreme or negative. */
static inline sup_money fuzz_money(fuzz_reader *r)
{
    uint8_t how = fuzz_u8(r);
    if (how < 200)
        return (sup_money)(fuzz_u32(r) % 100000000u); /* up to 1 000 000 rub */
    if (how < 220)
        return (sup_money)(fuzz_u32(r) % 100u) * 100 + 50; /* halves of rubles */
    if (how < 235) {
        static const sup_money edges[] = {0, 1, 99, 199, INT64_MAX, INT64_MAX / 10000, INT64_MAX / 10000 + 1,
                                          INT64_MAX / 2500, -1, INT64_MIN};
        return edges[fuzz_u8(r) % (sizeof edges / sizeof edges[0])];
    }
    return (sup_money)fuzz_u64(r);
}

#endif /* SUP_FUZZ_COMMON_H */
