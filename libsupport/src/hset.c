/* libsupport — a set of entry indices by hash, for the duplicate keys of the
 * parsers of outside formats (codec_internal.h). */
#include "codec_internal.h"
#include "libsupport/common.h"
#include "error_internal.h"

#include <stdlib.h>
#include <string.h>

uint64_t sup__hash_bytes(uint64_t h, const char *s, size_t n)
{
    /* FNV-1a: short keys, no adversary gains more than a longer probe */
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 0x100000001B3u;
    }
    return h;
}

static bool hset_grow(sup__hset *h)
{
    size_t cap = h->cap ? h->cap * 2 : 16;
    if (cap > SIZE_MAX / sizeof *h->slots)
        return false;
    struct sup__hslot *slots = sup__calloc(cap, sizeof *slots);
    if (slots == NULL)
        return false;
    for (size_t i = 0; i < h->cap; i++) {
        if (h->slots[i].entry == 0)
            continue;
        size_t j = (size_t)h->slots[i].hash & (cap - 1);
        while (slots[j].entry != 0)
            j = (j + 1) & (cap - 1);
        slots[j] = h->slots[i];
    }
    sup__free(h->slots);
    h->slots = slots;
    h->cap = cap;
    return true;
}

int sup__hset_insert(sup__hset *h, uint64_t hash, size_t entry, sup__hset_eq eq, const void *ctx, size_t *existing)
{
    if ((h->count + 1) * 2 > h->cap && !hset_grow(h))
        return SUP_ENOMEM;
    size_t j = (size_t)hash & (h->cap - 1);
    while (h->slots[j].entry != 0) {
        if (h->slots[j].hash == hash && eq(ctx, h->slots[j].entry - 1, entry)) {
            *existing = h->slots[j].entry - 1;
            return SUP_ECONFLICT;
        }
        j = (j + 1) & (h->cap - 1);
    }
    h->slots[j].hash = hash;
    h->slots[j].entry = entry + 1;
    h->count++;
    return SUP_OK;
}

void sup__hset_clear(sup__hset *h)
{
    if (h->count == 0)
        return;
    if (h->cap > 256) { /* after one huge section, do not clear a huge table for every small one */
        sup__hset_dispose(h);
        return;
    }
    memset(h->slots, 0, h->cap * sizeof *h->slots);
    h->count = 0;
}

void sup__hset_dispose(sup__hset *h)
{
    sup__free(h->slots);
    h->slots = NULL;
    h->cap = h->count = 0;
}
