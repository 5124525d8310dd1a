/*
 * libsupport — secrets: SHA-256 digests, random tokens and codes, license keys,
 * CSRF tokens and constant-time comparison, on libsodium. The ledger keeps only
 * digests of secrets (crypto_hash_sha256) and finds a secret by its digest; the
 * digest read back is compared with sodium_memcmp, so no comparison leaks by its
 * timing how much of a guess was right.
 */
#define _POSIX_C_SOURCE 200809L
#include "crypto_internal.h"
#include "error_internal.h"

#include <errno.h>
#include <stdio.h>
#include <fcntl.h>
#include <sodium.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static const char hexdigits[] = "0123456789abcdef";
/* Crockford's base32: no I, L, O, U. */
static const char crockford[] = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

int sup__crypto_ready(void)
{
    if (sodium_init() < 0)
        return sup__fail(SUP_EIO, "libsodium could not be initialised (no source of randomness?)");
    return SUP_OK;
}

void sup__random(void *buf, size_t n) { randombytes_buf(buf, n); }

static void to_hex(const unsigned char *d, size_t n, char *out)
{
    for (size_t i = 0; i < n; i++) {
        out[2 * i] = hexdigits[d[i] >> 4];
        out[2 * i + 1] = hexdigits[d[i] & 15];
    }
    out[2 * n] = '\0';
}

int sup_sha256_hex(const void *data, size_t len, char hex[SUP_SHA256_HEX_BUFSIZE])
{
    SUP__CHECK_ARG(hex, "sup_sha256_hex");
    if (data == NULL && len > 0)
        return sup__fail(SUP_EINVAL, "sup_sha256_hex: argument 'data' is NULL");
    unsigned char d[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(d, data != NULL ? data : (const void *)"", len);
    to_hex(d, sizeof d, hex);
    return SUP_OK;
}

/* A path for a message: quoted, and when long, its last 40 bytes (the file's name) after "…". */
static void quote_path(char *q, size_t size, const char *path)
{
    size_t n = strlen(path);
    if (n <= 40) {
        sup__quote_text(q, size, path);
        return;
    }
    const char *tail = path + n - 40;
    while ((*tail & 0xC0) == 0x80) /* not in the middle of a character */
        tail++;
    char t[200];
    sup__quote_text(t, sizeof t, tail);
    snprintf(q, size, "\"…%s", t + 1);
}

int sup_sha256_file(const char *path, int64_t *size, char hex[SUP_SHA256_HEX_BUFSIZE])
{
    SUP__CHECK_ARG(path, "sup_sha256_file");
    SUP__CHECK_ARG(size, "sup_sha256_file");
    SUP__CHECK_ARG(hex, "sup_sha256_file");
    char q[220];
    quote_path(q, sizeof q, path);
    int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY);
    if (fd < 0) {
        int e = errno;
        return sup__fail(e == ENOENT ? SUP_ENOTFOUND : SUP_EIO, "cannot open %s: %s", q, strerror(e));
    }
    struct stat sb;
    if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
        close(fd);
        return sup__fail(SUP_EIO, "%s is not a regular file", q);
    }
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    unsigned char buf[16384];
    int64_t total = 0;
    for (;;) {
        ssize_t n = read(fd, buf, sizeof buf);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0) {
            int e = errno;
            close(fd);
            return sup__fail(SUP_EIO, "cannot read %s: %s", q, strerror(e));
        }
        if (n == 0)
            break;
        crypto_hash_sha256_update(&st, buf, (unsigned long long)n);
        total += n;
    }
    close(fd);
    unsigned char d[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&st, d);
    to_hex(d, sizeof d, hex);
    *size = total;
    return SUP_OK;
}

void sup__hash_secret(const char *secret, char hex[SUP_SHA256_HEX_BUFSIZE])
{
    unsigned char d[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(d, (const unsigned char *)secret, strlen(secret));
    to_hex(d, sizeof d, hex);
    sodium_memzero(d, sizeof d);
}

void sup__hash_pair(const char *a, const char *b, char hex[SUP_SHA256_HEX_BUFSIZE])
{
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    crypto_hash_sha256_update(&st, (const unsigned char *)a, strlen(a));
    crypto_hash_sha256_update(&st, (const unsigned char *)":", 1);
    crypto_hash_sha256_update(&st, (const unsigned char *)b, strlen(b));
    unsigned char d[crypto_hash_sha256_BYTES];
    crypto_hash_sha256_final(&st, d);
    to_hex(d, sizeof d, hex);
    sodium_memzero(&st, sizeof st);
}

int sup__digest_equal(const char *a, const char *b)
{
    if (a == NULL || b == NULL || strlen(a) != SUP_SHA256_HEX_LEN || strlen(b) != SUP_SHA256_HEX_LEN)
        return 0;
    return sodium_memcmp(a, b, SUP_SHA256_HEX_LEN) == 0;
}

static bool is_b64url(char c)
{
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

bool sup__is_token(const char *s)
{
    if (s == NULL)
        return false;
    size_t i = 0;
    for (; i <= SUP_PORTAL_TOKEN_LEN && s[i] != '\0'; i++)
        if (!is_b64url(s[i]))
            return false;
    return i == SUP_PORTAL_TOKEN_LEN;
}

void sup__token_new(char token[SUP_PORTAL_TOKEN_BUFSIZE])
{
    unsigned char r[32];
    randombytes_buf(r, sizeof r);
    sodium_bin2base64(token, SUP_PORTAL_TOKEN_BUFSIZE, r, sizeof r, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(r, sizeof r);
}

void sup__code_new(char code[7])
{
    uint32_t v = randombytes_uniform(1000000u);
    for (int i = 5; i >= 0; i--) {
        code[i] = (char)('0' + v % 10);
        v /= 10;
    }
    code[6] = '\0';
}

bool sup__is_code(const char *s)
{
    if (s == NULL)
        return false;
    for (int i = 0; i < 6; i++)
        if (s[i] < '0' || s[i] > '9')
            return false;
    return s[6] == '\0';
}

void sup__license_key_new(char key[SUP_LICENSE_KEY_BUFSIZE])
{
    unsigned char r[25];
    randombytes_buf(r, sizeof r);
    size_t o = 0;
    for (int i = 0; i < 25; i++) {
        if (i > 0 && i % 5 == 0)
            key[o++] = '-';
        key[o++] = crockford[r[i] & 31];
    }
    key[o] = '\0';
    sodium_memzero(r, sizeof r);
}

/* The symbol a typed character stands for, or 0. */
static char key_symbol(char c)
{
    if (c >= 'a' && c <= 'z')
        c = (char)(c - 'a' + 'A');
    if (c == 'O')
        return '0';
    if (c == 'I' || c == 'L')
        return '1';
    if (c == '\0' || strchr(crockford, c) == NULL)
        return 0;
    return c;
}

bool sup__license_key_canonical(const char *in, char out[SUP_LICENSE_KEY_BUFSIZE])
{
    static const char placeholder[] = "UUUUU-UUUUU-UUUUU-UUUUU-UUUUU"; /* U is never a key's symbol */
    size_t n = 0, o = 0;
    bool ok = in != NULL;
    for (size_t i = 0; ok && in[i] != '\0'; i++) {
        if (i > 64) {
            ok = false;
            break;
        }
        if (in[i] == '-' || in[i] == ' ')
            continue;
        char s = key_symbol(in[i]);
        if (s == 0 || n == 25) {
            ok = false;
            break;
        }
        if (n > 0 && n % 5 == 0)
            out[o++] = '-';
        out[o++] = s;
        n++;
    }
    if (!ok || n != 25) {
        memcpy(out, placeholder, sizeof placeholder);
        return false;
    }
    out[o] = '\0';
    return true;
}

/* ---- the public token calls ------------------------------------------------------------------ */

int sup_portal_new_token(char token[SUP_PORTAL_TOKEN_BUFSIZE])
{
    SUP__CHECK_ARG(token, "sup_portal_new_token");
    int rc = sup__crypto_ready();
    if (rc != SUP_OK)
        return rc;
    sup__token_new(token);
    return SUP_OK;
}

static void csrf_of(const char *secret, char token[SUP_PORTAL_TOKEN_BUFSIZE])
{
    unsigned char key[crypto_auth_hmacsha256_KEYBYTES];
    crypto_hash_sha256(key, (const unsigned char *)secret, strlen(secret));
    static const char purpose[] = "libsupport portal csrf v1";
    unsigned char mac[crypto_auth_hmacsha256_BYTES];
    crypto_auth_hmacsha256(mac, (const unsigned char *)purpose, sizeof purpose - 1, key);
    sodium_bin2base64(token, SUP_PORTAL_TOKEN_BUFSIZE, mac, sizeof mac, sodium_base64_VARIANT_URLSAFE_NO_PADDING);
    sodium_memzero(key, sizeof key);
}

int sup_portal_csrf_token(const char *secret, char token[SUP_PORTAL_TOKEN_BUFSIZE])
{
    SUP__CHECK_ARG(token, "sup_portal_csrf_token");
    token[0] = '\0';
    if (!sup__is_token(secret))
        return sup__fail(SUP_EINVAL, "sup_portal_csrf_token: the secret is not a token (%d characters of base64url)",
                         SUP_PORTAL_TOKEN_LEN);
    int rc = sup__crypto_ready();
    if (rc != SUP_OK)
        return rc;
    csrf_of(secret, token);
    return SUP_OK;
}

int sup_portal_csrf_check(const char *secret, const char *given)
{
    if (!sup__is_token(secret) || !sup__is_token(given) || sup__crypto_ready() != SUP_OK)
        return 0;
    char want[SUP_PORTAL_TOKEN_BUFSIZE];
    csrf_of(secret, want);
    int ok = sodium_memcmp(want, given, SUP_PORTAL_TOKEN_LEN) == 0;
    sodium_memzero(want, sizeof want);
    return ok;
}
