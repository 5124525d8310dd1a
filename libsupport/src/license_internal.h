/*
 * libsupport internals: licenses, quotes and statuses: the objects, a constructor over caller-owned events, and
 * the quote with policy versions (license.c). Not installed; every name is hidden (sup__ or static).
 */
#ifndef LIBSUPPORT_LICENSE_INTERNAL_H
#define LIBSUPPORT_LICENSE_INTERNAL_H

#include "libsupport/license.h"
#include "policy_internal.h"

#include <stddef.h>

/* ---- licenses (license.c) ------------------------------------------------ */
struct sup__event {
    sup_event_kind kind;
    sup_date on;
    sup_date until;
    sup_money paid;
};

struct sup_license {
    sup_license_kind kind;
    int term_months; /* perpetual: support term of the purchase; subscription: period */
    struct sup__event *events; /* events[0] is the purchase; date order */
    size_t event_count;
    size_t event_cap;
};

struct sup_quote {
    sup_quote_kind kind;
    sup_date on;
    sup_rate rate;
    sup_money list_price;
    sup_money fee;
    sup_date support_until;
    sup_date new_support_until;
    sup_date valid_through;
};

struct sup_status {
    sup_state state;
    sup_date on;
    sup_date support_until;
    sup_date preferential_until;
    int can_use;
    int can_consult;
    int can_get_new_versions;
    int can_propose_ideas;
};

/**
 * A new, empty license of `kind` (term_months: the purchase's support term,
 * or a subscription's period), or NULL when out of memory. Push the purchase
 * first (sup__license_push_event); free with sup_license_free.
 */
sup_license *sup__license_alloc(sup_license_kind kind, int term_months);

/**
 * A license over events the caller owns (no allocation, never freed): for a
 * license that lives on the stack while one question is asked of it. The
 * events must be in date order, events[0] the purchase.
 */
static inline sup_license sup__license_over(sup_license_kind kind, int term_months, struct sup__event *events,
                                            size_t event_count)
{
    return (sup_license){.kind = kind,
                         .term_months = term_months,
                         .events = events,
                         .event_count = event_count,
                         .event_cap = event_count};
}

/**
 * A license of `kind` bought on `purchased` whose support was set on `from`
 * to run through `until` — the shape of one stored support period — over the
 * caller's ev[2]. (What ledger_cursor.c's SQL functions rebuild for each row.)
 */
static inline sup_license sup__license_init_period(struct sup__event ev[2], sup_license_kind kind, sup_date purchased,
                                                   sup_date from, sup_date until)
{
    ev[0] = (struct sup__event){.kind = SUP_EVENT_PURCHASE, .on = purchased, .until = until, .paid = 0};
    ev[1] = (struct sup__event){.kind = SUP_EVENT_PERIOD, .on = from, .until = until, .paid = 0};
    return sup__license_over(kind, 0, ev, 2);
}

/**
 * The renewal quote with policy versions (sorted by effective date): each day
 * is priced by the version in force on it. Used by the public single-policy
 * functions and by the ledger.
 */
int sup__license_quote_versions(const sup_license *license, const sup_product *product,
                                const sup__policy_version *versions, size_t nversions, sup_date on,
                                sup_quote *quote);
int sup__license_renew_versions(sup_license *license, const sup_product *product,
                                const sup__policy_version *versions, size_t nversions, sup_date on,
                                sup_money paid, sup_quote *applied);
/** Append an event without checks beyond date order (for restoring stored history). */
int sup__license_push_event(sup_license *license, sup_event_kind kind, sup_date on, sup_date until,
                            sup_money paid);

#endif /* LIBSUPPORT_LICENSE_INTERNAL_H */
