/* libsupport — the ledger's schema per engine (ledger_schema.c). Not installed. */
#ifndef LIBSUPPORT_LEDGER_SCHEMA_H
#define LIBSUPPORT_LEDGER_SCHEMA_H

#include "libsupport/ledger.h"

/* sup__schema_<engine>[v]: the statements taking schema version v to v + 1, NULL-terminated. */
extern const char *const *const sup__schema_sqlite[SUP_LEDGER_SCHEMA_VERSION];
extern const char *const *const sup__schema_pg[SUP_LEDGER_SCHEMA_VERSION];

#endif
