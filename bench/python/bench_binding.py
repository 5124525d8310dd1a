#!/usr/bin/env python3
"""Per-call cost of quote and status through the Python binding, against the same
rule written directly in Python (datetime + calendar).

    PYTHONPATH=<build>/bindings/python python3 bench/python/bench_binding.py [--calls N] [--runs R] [--json]

The plain-Python rule below exists ONLY here, as the baseline a user would
otherwise write; it is checked to give the binding's answers on every date
before anything is timed. Each figure is the median over R runs of N calls
(ns per call) of the thread's CPU time (time.thread_time_ns: the time other
processes take on a shared machine is not counted); the wall-clock medians are
printed too. Ratios > 1 mean the binding is faster. Lines starting with
"BENCH " are for bench/run.sh: BENCH <key> <median> <min> <max> <unit>.
"""

import argparse
import calendar
import datetime
import json
import os
import platform
import statistics
import sys
import time

import libsupport as ls

# ---------------------------------------------------------------------------
# The baseline: the renewal rule as a Python programmer would write it.
# ---------------------------------------------------------------------------
DATE_MAX = datetime.date(9999, 12, 31)


def py_add_months(d, n):
    m0 = d.month - 1 + n
    y, m = d.year + m0 // 12, m0 % 12 + 1
    return datetime.date(y, m, min(d.day, calendar.monthrange(y, m)[1]))


def py_fee(price, rate_bp, unit=100):
    """price x rate / 10000 rounded half up to a multiple of unit kopecks, exactly."""
    den = 10000 * unit
    q, r = divmod(price * rate_bp, den)
    return (q + (2 * r >= den)) * unit


def py_quote(purchased, until, price, on, pref=2500, std=4500, grace=1, renewal=12):
    if on < purchased:
        raise ValueError("not owned")
    window_end = py_add_months(until, grace)
    if on <= window_end:
        return "preferential", py_fee(price, pref), py_add_months(until, renewal), window_end
    return "standard", py_fee(price, std), py_add_months(on, renewal), DATE_MAX


def py_status(purchased, until, on, grace=1):
    if on < purchased:
        return "not_owned", None, None, False
    pref_until = py_add_months(until, grace)
    covered = on <= until
    state = "active" if covered else ("grace" if on <= pref_until else "lapsed")
    return state, until, pref_until, covered


# ---------------------------------------------------------------------------


def median_ns(fn, args_list, runs):
    """Median over runs of the CPU time per call of fn(*args) over args_list; the
    per-run CPU times; the median wall-clock time per call."""
    per_call, wall = [], []
    for args in args_list:  # one untimed pass: warm caches and the CPU clock
        fn(*args)
    for _ in range(runs):
        w0, t0 = time.perf_counter_ns(), time.thread_time_ns()
        for args in args_list:
            fn(*args)
        t1, w1 = time.thread_time_ns(), time.perf_counter_ns()
        per_call.append((t1 - t0) / len(args_list))
        wall.append((w1 - w0) / len(args_list))
    return statistics.median(per_call), per_call, statistics.median(wall)


def slug(name):
    """'quote  binding (ISO str)' -> 'quote_binding_iso_str'"""
    return "_".join("".join(c if c.isalnum() else " " for c in name.lower()).split())


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--calls", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=7)
    ap.add_argument("--json", action="store_true", help="print the figures as JSON too")
    args = ap.parse_args()

    purchased = datetime.date(2026, 1, 15)
    product = ls.Product(ls.LicenseKind.PERPETUAL, 6)
    product.set_price("2020-01-01", 799000)
    lic = ls.License(product, purchased)
    until = lic.latest_until
    price = 799000
    # varied dates: from the purchase to two years on (active, grace, lapsed)
    span = 730
    dates = [purchased + datetime.timedelta(days=i % span) for i in range(args.calls)]
    iso = [d.isoformat() for d in dates]

    # The baseline must give the library's answers before it is timed.
    for d in dates[:span]:
        q = lic.quote(product, d)
        assert py_quote(purchased, until, price, d) == (q.kind_name(), q.fee, q.new_support_until, q.valid_through), d
        s = lic.status(d)
        assert py_status(purchased, until, d) == (s.state_name(), s.support_until, s.preferential_until,
                                                   s.can_consult), d

    cases = {
        # name: (function, argument tuples)
        "quote  binding (date)": (lambda d: lic.quote(product, d).fee, [(d,) for d in dates]),
        "quote  plain Python (date)": (lambda d: py_quote(purchased, until, price, d)[1], [(d,) for d in dates]),
        "quote  binding (ISO str)": (lambda s: lic.quote(product, s).fee, [(s,) for s in iso]),
        "quote  plain Python (ISO str)": (lambda s: py_quote(purchased, until, price,
                                                             datetime.date.fromisoformat(s))[1], [(s,) for s in iso]),
        "status binding (date)": (lambda d: lic.status(d).state, [(d,) for d in dates]),
        "status plain Python (date)": (lambda d: py_status(purchased, until, d)[0], [(d,) for d in dates]),
        "fee    binding": (ls.fee, [(799000 + i, 2500) for i in range(args.calls)]),
        "fee    plain Python": (py_fee, [(799000 + i, 2500) for i in range(args.calls)]),
        "call   binding (version())": (ls.version_number, [()] * args.calls),
        "call   Python no-op function": ((lambda: None), [()] * args.calls),
    }
    results = {}
    for name, (fn, arglist) in cases.items():
        med, runs, wall = median_ns(fn, arglist, args.runs)
        results[name] = {"median_ns": round(med, 1), "runs_ns": [round(r, 1) for r in runs],
                         "wall_median_ns": round(wall, 1)}

    # The batch path (batch.h): a report over many licenses on one date, one call.
    n_lic = min(args.calls, 10_000)
    # bought over a year; on the report date some are active, some in grace, some lapsed
    many = [ls.License(product, purchased + datetime.timedelta(days=i % 365)) for i in range(n_lic)]
    facts = [(lic.purchased, lic.latest_until) for lic in many]
    on = datetime.date(2027, 1, 15)
    batch_cases = {
        "quote  binding per call (report)": lambda: [lic.quote(product, on).fee for lic in many],
        "quote  binding batch quote_many": lambda: ls.quote_many(many, product, on)["fee"],
        "quote  plain Python (report)": lambda: [py_quote(p, u, price, on)[1] for p, u in facts],
        "status binding per call (report)": lambda: [lic.status(on).state for lic in many],
        "status binding batch status_many": lambda: ls.status_many(many, on)["state"],
        "status plain Python (report)": lambda: [py_status(p, u, on)[0] for p, u in facts],
    }
    assert batch_cases["quote  binding batch quote_many"]() == batch_cases["quote  plain Python (report)"]()
    for name, fn in batch_cases.items():
        med, runs, wall = median_ns(lambda: fn(), [()], args.runs)
        results[name] = {"median_ns": round(med / n_lic, 1), "runs_ns": [round(r / n_lic, 1) for r in runs],
                         "wall_median_ns": round(wall / n_lic, 1)}

    print("Python %s (%s), libsupport %s, %s" % (platform.python_version(), sys.executable, ls.version(),
                                                 platform.processor() or platform.machine()))
    print("%d calls x %d runs, medians in ns per call (report rows: per license, %d licenses)\n"
          % (args.calls, args.runs, min(args.calls, 10_000)))
    print("  %-32s %12s %12s %s" % ("", "CPU time", "wall clock", "CPU time of each run"))
    for name, r in results.items():
        print("  %-32s %9.1f ns %9.1f ns  %s" % (name, r["median_ns"], r["wall_median_ns"],
                                                 " ".join("%.0f" % x for x in r["runs_ns"])))
    print()
    ratios = {}
    bench = []  # (key, median, min, max, unit)

    def ratio(key, slow, fast):
        """slow / fast of two results: the ratio of the medians, and the range from the runs' extremes."""
        s, f = results[slow], results[fast]
        ratios[key] = round(s["median_ns"] / f["median_ns"], 2)
        bench.append(("py.ratio." + key, s["median_ns"] / f["median_ns"], min(s["runs_ns"]) / max(f["runs_ns"]),
                      max(s["runs_ns"]) / min(f["runs_ns"]), "x"))
        return ratios[key]

    for what in ("quote", "status", "fee"):
        for kind in ("(date)", "(ISO str)", ""):
            b = ("%-6s binding %s" % (what, kind)).strip()
            p = ("%-6s plain Python %s" % (what, kind)).strip()
            if b in results and p in results:
                key = ("%s %s" % (what, kind)).strip()
                print("  %-18s plain Python / binding = %.2fx"
                      % (key, ratio(slug(key) + "_plain_over_binding", p, b)))
    for what in ("quote", "status"):
        per_call = "%-6s binding per call (report)" % what
        batch = "%-6s binding batch %s_many" % (what, what)
        plain = "%-6s plain Python (report)" % what
        print("  %-18s per call / batch = %.2fx, plain Python / batch = %.2fx"
              % (what + " report", ratio(what + "_report_percall_over_batch", per_call, batch),
                 ratio(what + "_report_plain_over_batch", plain, batch)))
    for name, r in results.items():
        bench.append(("py." + slug(name) + "_ns", r["median_ns"], min(r["runs_ns"]), max(r["runs_ns"]), "ns"))
    print()
    for key, med, lo, hi, unit in bench:
        print("BENCH %s %.3f %.3f %.3f %s" % (key, med, lo, hi, unit))
    if args.json:
        print(json.dumps({"python": platform.python_version(), "cpu_count": os.cpu_count(), "results": results,
                          "ratios": ratios}, indent=1))


if __name__ == "__main__":
    main()
