/*
 * libsupport internals: the label table's phrases as buffer appenders, shared with the notices (label.c). Not
 * installed; every name is hidden (sup__ or static).
 */
#ifndef LIBSUPPORT_LABEL_INTERNAL_H
#define LIBSUPPORT_LABEL_INTERNAL_H

#include "libsupport/label.h"
#include "text_internal.h"

/* ---- labels and phrases (label.c), shared with the notices ---------------- */
/** Append "10.02.2027 включительно" / "2027-02-10" (a valid date; language RU or EN). */
int sup__put_date_inclusive(sup__buf *b, sup_date d, sup_lang lang);
/** Append "до 10.02.2027 включительно" / "through 2027-02-10". */
int sup__put_through(sup__buf *b, sup_date d, sup_lang lang);
/** Append how long a quote's price holds (sup_render_validity). */
int sup__put_validity(sup__buf *b, const sup_quote *q, sup_lang lang);
/** Append the no-offer sentence for `reason` (sup_render_no_offer). */
void sup__put_no_offer(sup__buf *b, sup_offer_reason reason, sup_lang lang);
/** Append a contact channel line (sup_render_contact), the value already checked. */
void sup__put_contact(sup__buf *b, sup_contact_kind kind, const char *value, sup_lang lang);

#endif /* LIBSUPPORT_LABEL_INTERNAL_H */
