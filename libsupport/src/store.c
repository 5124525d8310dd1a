/* libsupport — the storage seam's shared helpers: the portable SQL's dialects, URIs shown
 * without passwords (store.h). The engine is chosen by ledger.c (sup__store_for). */
#include "store.h"
#include "error_internal.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The end of a "{engine:…}" directive starting at s (pointing at '{'), or NULL if s is not one. */
static const char *directive_end(const char *s, size_t *name_len)
{
    size_t n = 0;
    while (s[1 + n] >= 'a' && s[1 + n] <= 'z')
        n++;
    if (n == 0 || s[1 + n] != ':')
        return NULL;
    const char *e = strchr(s + 2 + n, '}');
    if (e != NULL)
        *name_len = n;
    return e;
}

char *sup__sql_dialect(const char *sql, const char *engine, bool dollar)
{
    size_t len = strlen(sql), elen = strlen(engine);
    char *out = sup__malloc(len + 1); /* never longer: "?N" and "$N" have the same length */
    if (out == NULL)
        return NULL;
    size_t o = 0;
    char quote = 0;
    for (const char *p = sql; *p != '\0'; p++) {
        char c = *p;
        if (quote != 0) {
            if (c == quote)
                quote = 0;
            out[o++] = c;
            continue;
        }
        if (c == '\'' || c == '"') {
            quote = c;
            out[o++] = c;
            continue;
        }
        size_t nlen = 0;
        const char *end = c == '{' ? directive_end(p, &nlen) : NULL;
        if (end != NULL) {
            if (nlen == elen && memcmp(p + 1, engine, elen) == 0) {
                /* keep the directive's text (it holds no directives or quotes of its own) */
                for (const char *q = p + 2 + nlen; q < end; q++) {
                    out[o++] = *q;
                    if (dollar && *q == '?')
                        out[o - 1] = '$';
                }
            }
            p = end;
            continue;
        }
        out[o++] = c;
        if (dollar && c == '?' && p[1] >= '0' && p[1] <= '9')
            out[o - 1] = '$';
    }
    out[o] = '\0';
    return out;
}

void sup__redact_uri(const char *uri, char *buf, size_t size)
{
    const char *scheme = strstr(uri, "://");
    const char *auth = scheme != NULL ? scheme + 3 : NULL;
    size_t authlen = auth != NULL ? strcspn(auth, "/?#") : 0;
    const char *at = NULL;
    for (size_t i = 0; auth != NULL && i < authlen; i++)
        if (auth[i] == '@')
            at = auth + i; /* the last '@' of the authority ends the user info */
    const char *colon = at != NULL ? memchr(auth, ':', (size_t)(at - auth)) : NULL;
    if (colon != NULL)
        snprintf(buf, size, "%.*s:***%s", (int)(colon - uri), uri, at);
    else
        snprintf(buf, size, "%s", uri);
}
