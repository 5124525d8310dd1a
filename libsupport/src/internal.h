/*
 * libsupport internals, all of them: a thin umbrella kept for the ledger's
 * sources (ledger.c, ledger_ops.c, ledger_cursor.c through ledger_internal.h).
 * Every other source includes only the per-concept headers it uses.
 * Not installed; every name is hidden (sup__ or static).
 */
#ifndef LIBSUPPORT_INTERNAL_H
#define LIBSUPPORT_INTERNAL_H

#include "libsupport.h"

#include "error_internal.h"
#include "utf8_internal.h"
#include "text_internal.h"
#include "date_internal.h"
#include "money_internal.h"
#include "policy_internal.h"
#include "product_internal.h"
#include "license_internal.h"
#include "offer_internal.h"
#include "label_internal.h"
#include "notice_internal.h"
#include "codec_internal.h"

#endif /* LIBSUPPORT_INTERNAL_H */
