/* libsupport — the allocator every allocation of the library goes through (sup_set_allocator). */
#include "libsupport/common.h"
#include "error_internal.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* The one process-wide setting of the library (documented in common.h): set before use. */
static sup_allocator current = {SUP_ALLOCATOR_VERSION, malloc, realloc, free};

int sup_set_allocator(const sup_allocator *a)
{
    if (a == NULL) {
        current = (sup_allocator){SUP_ALLOCATOR_VERSION, malloc, realloc, free};
        return SUP_OK;
    }
    if (a->version != SUP_ALLOCATOR_VERSION)
        return sup__fail(SUP_EINVAL, "sup_set_allocator: an allocator of version %u (this library knows %u)",
                         a->version, (unsigned)SUP_ALLOCATOR_VERSION);
    if (a->malloc == NULL || a->realloc == NULL || a->free == NULL)
        return sup__fail(SUP_EINVAL, "sup_set_allocator: malloc, realloc and free are all needed");
    current = *a;
    return SUP_OK;
}

void *sup__malloc(size_t size) { return current.malloc(size > 0 ? size : 1); }

void *sup__calloc(size_t count, size_t size)
{
    if (size != 0 && count > SIZE_MAX / size)
        return NULL;
    void *p = sup__malloc(count * size);
    if (p != NULL)
        memset(p, 0, count * size > 0 ? count * size : 1);
    return p;
}

void *sup__realloc(void *ptr, size_t size) { return current.realloc(ptr, size > 0 ? size : 1); }

void sup__free(void *ptr)
{
    if (ptr != NULL)
        current.free(ptr);
}

void sup_free(void *ptr) { sup__free(ptr); }
