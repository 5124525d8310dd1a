#!/usr/bin/env python3
"""Accounting report over a libsupport ledger.

    accounting_report.py LEDGER [--on DATE] [--from DATE] [--to DATE] [--days N] [--csv DIR]
    accounting_report.py --demo [...]      # on a demo ledger built in a temporary file

Sections:
  1. renewal revenue by month and kind (purchases, preferential and standard
     renewals, subscription payments) over --from … --to;
  2. licenses whose support ends within --days days of --on, with the renewal
     offer of that day;
  3. licenses in the preferential (grace) window on --on, with the last day of
     the window and the preferential fee.

With --csv DIR it also writes revenue.csv, expiring.csv and grace.csv
(amounts in kopecks and in rubles). Every figure comes from the ledger and the
C library through the binding: this script only groups, sorts and prints.
"""

import argparse
import collections
import csv
import os
import sys
import tempfile

import libsupport as ls

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)


def money(kopecks):
    return ls.format_money(kopecks, ls.MoneyStyle.RU)


def ru_date(d):
    return "—" if d is None else ls.format_date(d, ls.DateStyle.RU)


def revenue_by_month_and_kind(ledger, start, end):
    """{(YYYY-MM, kind): [count, kopecks]} from the payments recorded in the period."""
    totals = collections.defaultdict(lambda: [0, 0])
    for p in ledger.list_payments(start, end):
        if p.kind == ls.EventKind.PERIOD:
            continue  # a recorded period carries no payment
        cell = totals[(p.on.strftime("%Y-%m"), p.kind)]
        cell[0] += 1
        cell[1] += p.amount
    return dict(sorted(totals.items()))


def expiring(ledger, on, days):
    out = []
    for row in ledger.list_expiring(on, days):
        o = ledger.offer(row.license, on)  # the renewal or the payment: the library decides which
        q = o.quote
        out.append({
            "license": row.license, "customer_code": row.customer_code, "customer": row.customer_name,
            "product": row.product_code, "support_until": row.support_until,
            "days_left": ls.diff_days(on, row.support_until),
            "offer": q.kind_name() if q is not None else o.reason_name(), "fee": q.fee if q is not None else 0,
            "valid_through": q.valid_through if q is not None else None,
            # the words, as the customer notice says them
            "offer_text": (ls.label(ls.LabelSet.QUOTE_KIND, q.kind) + " " + money(q.fee) + ", "
                           + ls.label(ls.LabelSet.TERM, ls.Term.VALID_THROUGH).lower() + " "
                           + ls.render_validity(q)) if q is not None else ls.render_no_offer(o),
        })
    return out


def grace(ledger, on):
    out = []
    for row in ledger.list_preferential(on):
        q = ledger.offer(row.license, on).quote
        out.append({
            "license": row.license, "customer_code": row.customer_code, "customer": row.customer_name,
            "product": row.product_code, "support_ended": row.support_until,
            "window_until": row.preferential_until, "days_left": ls.diff_days(on, row.preferential_until),
            "fee": q.fee if q is not None else 0, "new_support_until": q.new_support_until if q is not None else None,
        })
    return out


def print_report(out, on, start, end, days, revenue, exp, gr):
    w = out.write
    w("Отчёт по поддержке на %s\n\n" % ls.format_date(on, ls.DateStyle.RU))
    w("1. Выручка по месяцам и видам, %s – %s\n" % (ls.format_date(start, ls.DateStyle.RU),
                                                      ls.format_date(end, ls.DateStyle.RU)))
    w("   %-8s %-22s %5s %18s\n" % ("месяц", ls.label(ls.LabelSet.TERM, ls.Term.OFFER_KIND).lower(), "шт.", "сумма"))
    grand = 0
    for (month, kind), (count, amount) in revenue.items():
        w("   %-8s %-22s %5d %18s\n" % (month, ls.label(ls.LabelSet.EVENT_KIND, kind), count, money(amount)))
        grand += amount
    w("   %-8s %-22s %5s %18s\n\n" % ("итого", "", "", money(grand)))
    w("2. Поддержка заканчивается в ближайшие %d дн. (%d)\n" % (days, len(exp)))
    for r in exp:
        w("   #%-4d %-28s %-10s %s (%d дн.)  %s\n" % (
            r["license"], r["customer"], r["product"], ls.render_through(r["support_until"]), r["days_left"],
            r["offer_text"]))
    w("\n3. Льготное окно продления открыто (%d)\n" % len(gr))
    for r in gr:
        w("   #%-4d %-28s %-10s %s: %s (%d дн.)  %s %s, %s\n" % (
            r["license"], r["customer"], r["product"], ls.label(ls.LabelSet.TERM, ls.Term.PREFERENTIAL_UNTIL),
            ls.render_date_inclusive(r["window_until"]), r["days_left"],
            ls.label(ls.LabelSet.QUOTE_KIND, ls.QuoteKind.PREFERENTIAL), money(r["fee"]),
            ls.label(ls.LabelSet.NEW_SUPPORT_END, ls.LicenseKind.PERPETUAL).lower() + " "
            + ru_date(r["new_support_until"])))


def write_csv(directory, revenue, exp, gr):
    os.makedirs(directory, exist_ok=True)
    with open(os.path.join(directory, "revenue.csv"), "w", newline="", encoding="utf-8") as f:
        out = csv.writer(f)
        out.writerow(["month", "kind", "count", "amount_kopecks", "amount_rub"])
        for (month, kind), (count, amount) in revenue.items():
            out.writerow([month, ls.event_kind_name(kind), count, amount, ls.rubles(amount)])
    for name, rows in (("expiring.csv", exp), ("grace.csv", gr)):
        with open(os.path.join(directory, name), "w", newline="", encoding="utf-8") as f:
            fields = list(rows[0].keys()) if rows else ["license"]
            out = csv.DictWriter(f, fieldnames=fields + ["fee_rub"] if rows else fields)
            out.writeheader()
            for r in rows:
                out.writerow(dict(r, fee_rub=ls.rubles(r["fee"])))


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("ledger", nargs="?", help="the ledger: a file, or a postgresql:// URI (opened read-only)")
    ap.add_argument("--demo", action="store_true", help="build a demo ledger in a temporary file")
    ap.add_argument("--on", default="2026-07-10", help="the report date (default 2026-07-10)")
    ap.add_argument("--from", dest="start", default="2025-01-01", help="revenue from (inclusive)")
    ap.add_argument("--to", dest="end", default="2026-12-31", help="revenue to (inclusive)")
    ap.add_argument("--days", type=int, default=14, help="expiring within this many days (default 14)")
    ap.add_argument("--csv", metavar="DIR", help="also write revenue.csv, expiring.csv, grace.csv here")
    args = ap.parse_args(argv)
    if bool(args.ledger) == args.demo:
        ap.error("give a ledger file or --demo")

    try:
        on, start, end = ls.parse_date(args.on), ls.parse_date(args.start), ls.parse_date(args.end)
        with tempfile.TemporaryDirectory() as tmp:
            path = args.ledger
            if args.demo:
                import demo_ledger
                path = os.path.join(tmp, "demo.db")
                with ls.Ledger(path, create=True) as ledger:
                    demo_ledger.build(ledger)
            with ls.Ledger(path, readonly=True) as ledger:
                revenue = revenue_by_month_and_kind(ledger, start, end)
                exp = expiring(ledger, on, args.days)
                gr = grace(ledger, on)
    except ls.Error as e:
        print("accounting_report: %s (%s)" % (e, e.code_name), file=sys.stderr)
        return 1
    print_report(sys.stdout, on, start, end, args.days, revenue, exp, gr)
    if args.csv:
        write_csv(args.csv, revenue, exp, gr)
        print("\nCSV: %s" % ", ".join(os.path.join(args.csv, n) for n in ("revenue.csv", "expiring.csv", "grace.csv")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
