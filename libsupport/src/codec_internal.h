/*
 * libsupport internals for the parsers of outside formats (bank statements,
 * settings files, CSV): a hash set of entry indices for duplicate keys, and the
 * single-byte code pages of Russian files (cp1251.c, cp866.c). Not installed;
 * every name is hidden (sup__ or static).
 */
#ifndef LIBSUPPORT_CODEC_INTERNAL_H
#define LIBSUPPORT_CODEC_INTERNAL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/**
 * A set of entry indices, hashed by the caller (duplicate keys in the bank
 * statement and settings parsers: linear time on large inputs). Zero-initialise;
 * sup__hset_dispose frees it.
 */
struct sup__hslot {
    uint64_t hash;
    size_t entry; /* entry index + 1; 0: empty slot */
};
typedef struct sup__hset {
    struct sup__hslot *slots;
    size_t cap; /* a power of two, or 0 */
    size_t count;
} sup__hset;
/** true if entries a and b have equal keys. */
typedef bool (*sup__hset_eq)(const void *ctx, size_t a, size_t b);
/** FNV-1a over n bytes, continuing from h (start with SUP__HASH_INIT). */
#define SUP__HASH_INIT 0xCBF29CE484222325u
uint64_t sup__hash_bytes(uint64_t h, const char *s, size_t n);
/**
 * Add `entry`: SUP_OK, SUP_ECONFLICT with *existing = the earlier entry of an
 * equal key (nothing added), or SUP_ENOMEM. Sets no error message.
 */
int sup__hset_insert(sup__hset *h, uint64_t hash, size_t entry, sup__hset_eq eq, const void *ctx, size_t *existing);
/** Empty the set (keeps small tables, frees large ones). */
void sup__hset_clear(sup__hset *h);
void sup__hset_dispose(sup__hset *h);

/* ---- single-byte code pages (cp1251.c, cp866.c) --------------------------- */
/**
 * Decode bytes of a single-byte code page whose upper half (0x80…0xFF) maps to
 * the code points of `upper` (0: no character) into a malloc'ed, NUL-terminated
 * UTF-8 string. Bytes below 0x80 are ASCII. SUP_OK with *out and *out_len;
 * SUP_EPARSE with *bad_at = the offset of the first unmapped byte; SUP_ENOMEM.
 * Sets no error message (the caller knows the line and the file).
 */
int sup__sbcs_to_utf8(const uint16_t upper[128], const char *in, size_t len, char **out, size_t *out_len,
                      size_t *bad_at);
/** The code point of a Windows-1251 byte (0: 0x98, the one unmapped byte). */
uint32_t sup__cp1251_codepoint(unsigned char c);
/** sup__sbcs_to_utf8 with the complete Windows-1251 table (0x98 is unmapped). */
int sup__cp1251_to_utf8(const char *in, size_t len, char **out, size_t *out_len, size_t *bad_at);
/** sup__sbcs_to_utf8 with the complete CP866 ("DOS", "альтернативная") table; every byte maps. */
int sup__cp866_to_utf8(const char *in, size_t len, char **out, size_t *out_len, size_t *bad_at);

#endif /* LIBSUPPORT_CODEC_INTERNAL_H */
