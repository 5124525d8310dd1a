/*
 * libsupport — a software vendor's technical-support and renewal policy as a C library.
 *
 * The rules are those of POLICY.md: support terms, the preferential (25%) and
 * standard (45%) renewals, downloads, subscriptions, money and civil dates.
 * Include this header; link with -lsupport (pkg-config libsupport, or CMake
 * find_package(libsupport) and target libsupport::support).
 */
#ifndef LIBSUPPORT_H
#define LIBSUPPORT_H

#include "libsupport/common.h"
#include "libsupport/date.h"
#include "libsupport/money.h"
#include "libsupport/policy.h"
#include "libsupport/product.h"
#include "libsupport/license.h"
#include "libsupport/offer.h"
#include "libsupport/notice.h"
#include "libsupport/label.h"
#include "libsupport/ledger.h"
#include "libsupport/customer.h"
#include "libsupport/sends.h"
#include "libsupport/import.h"
#include "libsupport/revenue.h"
#include "libsupport/batch.h"
#include "libsupport/requisites.h"
#include "libsupport/words.h"
#include "libsupport/csv.h"
#include "libsupport/bank.h"
#include "libsupport/mail.h"
#include "libsupport/settings.h"
#include "libsupport/invoice.h"
#include "libsupport/bank_import.h"
#include "libsupport/corrections.h"
#include "libsupport/portal.h"

#endif /* LIBSUPPORT_H */
