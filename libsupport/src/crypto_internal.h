/*
 * libsupport internals: secrets (crypto.c) — hashing, random tokens, license
 * keys and constant-time comparison, on libsodium (Debian's libsodium-dev,
 * linked privately). Not installed; every name is hidden (sup__ or static).
 * No function here puts a secret or its hash into an error message.
 */
#ifndef LIBSUPPORT_CRYPTO_INTERNAL_H
#define LIBSUPPORT_CRYPTO_INTERNAL_H

#include "libsupport/portal.h"

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

/** libsodium ready (sodium_init, idempotent and thread-safe); SUP_EIO if it cannot start. */
int sup__crypto_ready(void);
/** n random bytes (randombytes_buf); the caller has called sup__crypto_ready. */
void sup__random(void *buf, size_t n);
/** The SHA-256 of a NUL-terminated secret in hex: what the ledger stores instead of the secret. */
void sup__hash_secret(const char *secret, char hex[SUP_SHA256_HEX_BUFSIZE]);
/** The SHA-256 of two strings joined by ':' (a code with its browser's secret), in hex. */
void sup__hash_pair(const char *a, const char *b, char hex[SUP_SHA256_HEX_BUFSIZE]);
/** 1 if the two hex digests are equal, compared in constant time (sodium_memcmp); 0 if not or malformed. */
int sup__digest_equal(const char *a, const char *b);
/** 1 if s is a token of sup_portal_new_token's form: SUP_PORTAL_TOKEN_LEN characters of base64url. */
bool sup__is_token(const char *s);
/** A new random token (after sup__crypto_ready). */
void sup__token_new(char token[SUP_PORTAL_TOKEN_BUFSIZE]);
/** A new six-digit code, uniformly random (after sup__crypto_ready). */
void sup__code_new(char code[7]);
/** 1 if s is six ASCII digits. */
bool sup__is_code(const char *s);
/** A new license key "XXXXX-XXXXX-XXXXX-XXXXX-XXXXX" (after sup__crypto_ready). */
void sup__license_key_new(char key[SUP_LICENSE_KEY_BUFSIZE]);
/**
 * The canonical form of a key as a customer may type it (any case, with or
 * without the dashes and spaces between groups; Crockford's O for 0 and I, L
 * for 1): true and `out` filled, or false for text that cannot be a key (`out`
 * then holds a fixed placeholder, so that a malformed key is hashed and looked
 * up like any other).
 */
bool sup__license_key_canonical(const char *in, char out[SUP_LICENSE_KEY_BUFSIZE]);

#endif /* LIBSUPPORT_CRYPTO_INTERNAL_H */
