/*
 * libsupport internals: money: the fee rounding inlined in the quote (money.c). Not installed; every name is
 * hidden (sup__ or static).
 */
#ifndef LIBSUPPORT_MONEY_INTERNAL_H
#define LIBSUPPORT_MONEY_INTERNAL_H

#include "libsupport/money.h"

#include <stdbool.h>
#include <stdint.h>

/* ---- money (money.c) ------------------------------------------------------ */
/**
 * The fee rounding of sup_money_fee for inputs already known to be valid
 * (price >= 0, rate 0…10000, unit 1…SUP_ROUNDING_UNIT_MAX, a known mode):
 * false on overflow of price × rate. Inline for the quote's hot path.
 */
static inline bool sup__fee(sup_money price, sup_rate rate_bp, sup_money unit, sup_rounding_mode mode, sup_money *out)
{
    int64_t product;
#if defined(__GNUC__)
    if (__builtin_mul_overflow(price, (int64_t)rate_bp, &product))
        return false;
#else
    if (rate_bp != 0 && price > INT64_MAX / rate_bp)
        return false;
    product = price * rate_bp;
#endif
    /* The exact fee is product / 10000 kopecks; round it to a multiple of `unit`. */
    int64_t divisor = (int64_t)10000 * unit, q, r;
    if (unit == 100) { /* the default: a constant divisor becomes a multiplication */
        q = product / 1000000;
        r = product % 1000000;
    } else {
        q = product / divisor;
        r = product % divisor;
    }
    switch (mode) {
    case SUP_ROUND_HALF_UP:
        q += r >= divisor - r;
        break;
    case SUP_ROUND_HALF_EVEN:
        q += r > divisor - r || (r == divisor - r && (q % 2) != 0);
        break;
    case SUP_ROUND_UP:
        q += r > 0;
        break;
    case SUP_ROUND_DOWN:
        break;
    }
    *out = q * unit;
    return true;
}

#endif /* LIBSUPPORT_MONEY_INTERNAL_H */
