/* libsupport — the ledger's schema per engine (ledger_schema.c). Not installed. */
#ifndef LIBSUPPORT_LEDGER_SCHEMA_H
#define LIBSUPPORT_LEDGER_SCHEMA_H

#include "libsupport/ledger.h"

#include <stdbool.h>
#include <stddef.h>

/* sup__schema_<engine>[v]: the statements taking schema version v to v + 1, NULL-terminated. */
extern const char *const *const sup__schema_sqlite[SUP_LEDGER_SCHEMA_VERSION];
extern const char *const *const sup__schema_pg[SUP_LEDGER_SCHEMA_VERSION];

/* A table of the ledger: its columns, their types ("I" integer, "T" text), its key order. */
struct sup__table {
    const char *name;
    const char *columns;
    const char *types;
    const char *order;
    bool identity; /* an id column whose engine counter must follow the copied ids */
};
extern const struct sup__table sup__tables[];
extern const size_t sup__table_count;

/* What the customer portal writes besides reading everything (sup_ledger_grant_portal): table, privileges. */
struct sup__grant {
    const char *table;
    const char *privileges;
};
extern const struct sup__grant sup__portal_grants[];
extern const size_t sup__portal_grant_count;

#endif
