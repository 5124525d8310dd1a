#!/usr/bin/env python3
"""Accounting report over a libsupport ledger: revenue by recognition.

    accounting_report.py LEDGER [--from YYYY-MM] [--to YYYY-MM] [--xlsx FILE] [--csv FILE] [--by month|product|kind]
                                [--on DATE] [--days N]
    accounting_report.py --demo [...]      # on a demo ledger built in a temporary file

Sections:
  1. revenue by recognition, every month --from … --to (also months with
     nothing billed): money billed (received), revenue recognised (earned) and
     deferred revenue (доходы будущих периодов) at the end of each month: a
     12-month renewal paid in advance is earned over its twelve months, a
     subscription payment over its paid period, a sale on its date (the
     ledger's policy decides, see docs/revenue.md);
  2. licenses whose support ends within --days days of --on, with the renewal
     offer of that day;
  3. licenses in the preferential (grace) window on --on.

--xlsx FILE writes a workbook (Debian's python3-openpyxl) with one sheet per
view — by month, by product, by kind, and the deferred revenue's roll-forward —
Russian headings, months as dates, money as numbers with two decimals.
--csv FILE writes the --by view as CSV that Excel with a Russian locale opens
right (';', UTF-8 with a byte order mark, decimal commas): the same bytes as
`supportctl revenue --csv`. Every figure and every word comes from the C
library through the binding: this script only lays them out.
"""

import argparse
import os
import sys
import tempfile

import libsupport as ls

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)

RU = ls.Lang.RU
MONEY_FORMAT = "#,##0.00"
MONTH_FORMAT = "MM.YYYY"


def load_openpyxl():
    """Debian's python3-openpyxl lives in the system's dist-packages; an interpreter of its own (pyenv) does not
    look there, so it is tried as a fallback (openpyxl is pure Python)."""
    try:
        import openpyxl
    except ImportError:
        sys.path.append("/usr/lib/python3/dist-packages")
        import openpyxl
    return openpyxl


def money(kopecks):
    return ls.format_money(kopecks, ls.MoneyStyle.RU)


def ru_date(d):
    return "—" if d is None else ls.format_date(d, ls.DateStyle.RU)


# The schedule's columns (the cursor's names, in the order of sup_revenue_column); their headings are the
# library's words for each column (label set REVENUE_COLUMN, by the column's index).
COLUMNS = ["month", "month_end", "product", "product_code", "product_name", "kind", "opening_deferred", "billed",
           "recognised", "deferred", "payments"]


def heading(field):
    return ls.label(ls.LabelSet.REVENUE_COLUMN, COLUMNS.index(field), RU)


# ---- the schedule (every figure is the library's) ----------------------------------------------------------

BY = {"month": ls.RevenueBy.MONTH, "product": ls.RevenueBy.PRODUCT, "kind": ls.RevenueBy.KIND}


def schedule(ledger, start, end, by):
    """The rows of the ledger's revenue schedule (a streaming cursor, read to the end)."""
    cursor = ledger.revenue(start, end, by=by)
    if [c.name for c in cursor.columns()][:len(COLUMNS)] != COLUMNS:
        raise RuntimeError("accounting_report: the revenue cursor's columns are not the ones this script knows")
    return list(cursor)


# ---- the workbook ----------------------------------------------------------------------------------------------

# The sheets: (view, grouping, [(the row's field, kind of cell)]).
VIEWS = [
    (ls.RevenueView.BY_MONTH, ls.RevenueBy.MONTH,
     [("month", "month"), ("billed", "money"), ("recognised", "money"), ("deferred", "money"), ("payments", "int")]),
    (ls.RevenueView.BY_PRODUCT, ls.RevenueBy.PRODUCT,
     [("month", "month"), ("product_code", "text"), ("product_name", "text"), ("billed", "money"),
      ("recognised", "money"), ("deferred", "money"), ("payments", "int")]),
    (ls.RevenueView.BY_KIND, ls.RevenueBy.KIND,
     [("month", "month"), ("kind", "kind"), ("billed", "money"), ("recognised", "money"), ("deferred", "money"),
      ("payments", "int")]),
    (ls.RevenueView.DEFERRED, ls.RevenueBy.MONTH,
     [("month", "month"), ("opening_deferred", "money"), ("billed", "money"), ("recognised", "money"),
      ("deferred", "money")]),
]


def cell_value(row, field, kind):
    v = getattr(row, field)
    if kind == "money":
        return ls.rubles(v)  # a Decimal: the cell holds the exact number, shown with two decimals
    if kind == "kind":
        return ls.label(ls.LabelSet.REVENUE_KIND, v, RU)
    return v


def write_xlsx(path, ledger, start, end):
    openpyxl = load_openpyxl()
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for view, by, columns in VIEWS:
        ws = wb.create_sheet(ls.label(ls.LabelSet.REVENUE_VIEW, view, RU)[:31])
        ws.append([heading(field) for field, _ in columns])
        for c in ws[1]:
            c.font = Font(bold=True)
        for row in schedule(ledger, start, end, by):
            ws.append([cell_value(row, field, kind) for field, kind in columns])
            for (_, kind), c in zip(columns, ws[ws.max_row]):
                if kind == "money":
                    c.number_format = MONEY_FORMAT
                elif kind == "month":
                    c.number_format = MONTH_FORMAT
        ws.freeze_panes = "A2"
        for i, (_, kind) in enumerate(columns, start=1):
            ws.column_dimensions[get_column_letter(i)].width = 14 if kind in ("month", "int") else 24
    wb.save(path)


# ---- the CSV (the library's writer, as supportctl writes it) -----------------------------------------------------

def write_csv(path, rows, by):
    w = ls.CsvWriter(guard_formulas=True)  # product names come from the ledger
    fields = ["month"] + (["product_code", "product_name"] if by == ls.RevenueBy.PRODUCT else []) \
        + (["kind"] if by == ls.RevenueBy.KIND else []) + ["opening_deferred", "billed", "recognised", "deferred",
                                                             "payments"]
    for field in fields:
        w.field(heading(field))
    w.end_row()
    for r in rows:
        w.date(r.month)
        if by == ls.RevenueBy.PRODUCT:
            w.field(r.product_code or "")
            w.field(r.product_name or "")
        if by == ls.RevenueBy.KIND:
            w.field(ls.label(ls.LabelSet.REVENUE_KIND, r.kind, RU))
        for amount in (r.opening_deferred, r.billed, r.recognised, r.deferred):
            w.money(amount)
        w.integer(r.payments)
        w.end_row()
    with open(path, "w", encoding="utf-8", newline="") as f:
        f.write(w.data())


# ---- the managers' lists -------------------------------------------------------------------------------------------

def expiring(ledger, on, days):
    out = []
    for row in ledger.list_expiring(on, days):
        o = ledger.offer(row.license, on)  # the renewal or the payment: the library decides which
        q = o.quote
        out.append({
            "license": row.license, "customer": row.customer_name, "product": row.product_code,
            "support_until": row.support_until, "days_left": ls.diff_days(on, row.support_until),
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
            "license": row.license, "customer": row.customer_name, "product": row.product_code,
            "window_until": row.preferential_until, "days_left": ls.diff_days(on, row.preferential_until),
            "fee": q.fee if q is not None else 0, "new_support_until": q.new_support_until if q is not None else None,
        })
    return out


def print_report(out, on, start, end, days, months, exp, gr):
    w = out.write
    w("Отчёт на %s\n\n" % ls.format_date(on, ls.DateStyle.RU))
    w("1. %s, %s – %s\n" % (ls.label(ls.LabelSet.REVENUE_VIEW, ls.RevenueView.BY_MONTH, RU), start.strftime("%m.%Y"),
                             end.strftime("%m.%Y")))
    fields = ("billed", "recognised", "deferred")
    w("   %-8s %s\n" % (heading("month"), "  ".join("%24s" % heading(f)[:24] for f in fields)))
    for r in months:
        w("   %-8s %s\n" % (r.month.strftime("%m.%Y"), "  ".join("%24s" % money(getattr(r, f)) for f in fields)))
    w("   %s: %s; %s: %s; %s: %s\n\n" % (heading("billed"), money(sum(r.billed for r in months)), heading("recognised"),
                                       money(sum(r.recognised for r in months)), heading("deferred"),
                                       money(months[-1].deferred if months else 0)))
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


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("ledger", nargs="?", help="the ledger: a file, or a postgresql:// URI (opened read-only)")
    ap.add_argument("--demo", action="store_true", help="build a demo ledger in a temporary file")
    ap.add_argument("--on", default="2026-07-10", help="the date of sections 2 and 3 (default 2026-07-10)")
    ap.add_argument("--from", dest="start", default="2025-01", help="the first month YYYY-MM (default 2025-01)")
    ap.add_argument("--to", dest="end", default="2026-12", help="the last month YYYY-MM (default 2026-12)")
    ap.add_argument("--days", type=int, default=14, help="expiring within this many days (default 14)")
    ap.add_argument("--by", choices=sorted(BY), default="month", help="the grouping of --csv (default month)")
    ap.add_argument("--xlsx", metavar="FILE", help="write the workbook (one sheet per view) here")
    ap.add_argument("--csv", metavar="FILE", help="write the --by view as CSV for Russian Excel here")
    args = ap.parse_args(argv)
    if bool(args.ledger) == args.demo:
        ap.error("give a ledger or --demo")

    try:
        on, start, end = ls.parse_date(args.on), ls.parse_month(args.start), ls.parse_month(args.end)
        with tempfile.TemporaryDirectory() as tmp:
            path = args.ledger
            if args.demo:
                import demo_ledger
                path = os.path.join(tmp, "demo.db")
                with ls.Ledger(path, create=True) as ledger:
                    demo_ledger.build(ledger)
            with ls.Ledger(path, readonly=True) as ledger:
                months = schedule(ledger, start, end, ls.RevenueBy.MONTH)
                exp = expiring(ledger, on, args.days)
                gr = grace(ledger, on)
                if args.xlsx:
                    write_xlsx(args.xlsx, ledger, start, end)
                if args.csv:
                    write_csv(args.csv, schedule(ledger, start, end, BY[args.by]), BY[args.by])
    except ls.Error as e:
        print("accounting_report: %s (%s)" % (e, e.code_name), file=sys.stderr)
        return 1
    except ImportError as e:
        print("accounting_report: --xlsx needs python3-openpyxl (apt-get install python3-openpyxl): %s" % e,
              file=sys.stderr)
        return 1
    print_report(sys.stdout, on, start, end, args.days, months, exp, gr)
    for what, name in (("XLSX", args.xlsx), ("CSV", args.csv)):
        if name:
            print("\n%s: %s" % (what, name))
    return 0


if __name__ == "__main__":
    sys.exit(main())
