#!/usr/bin/env python3
"""Summary table of a benchmark run (bench/run.sh): reads the "BENCH <key> <median> <min> <max> <unit>"
lines the benchmarks print, and prints each figure with its range and, where the issue sets one, the
target and whether it is met.

    python3 bench/summarize.py [--markdown] LOG...
"""

import argparse
import re
import sys


def load(paths):
    figures = {}
    for path in paths:
        with open(path, encoding="utf-8", errors="replace") as f:
            for line in f:
                m = re.match(r"BENCH (\S+) (\S+) (\S+) (\S+) (.*)$", line.strip())
                if m:
                    figures[m.group(1)] = (float(m.group(2)), float(m.group(3)), float(m.group(4)), m.group(5))
    return figures


def fmt(v):
    if v == 0:
        return "0"
    a = abs(v)
    if a >= 1000:
        return "{:,.0f}".format(v)
    if a >= 100:
        return "%.0f" % v
    if a >= 10:
        return "%.1f" % v
    if a >= 1:
        return "%.2f" % v
    return "%.3g" % v


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--markdown", action="store_true", help="a Markdown table (for bench/RESULTS.md)")
    ap.add_argument("logs", nargs="+")
    args = ap.parse_args()
    f = load(args.logs)
    rows = []  # (section, what, median, range, target, verdict)

    def row(section, what, key, unit=None, scale=1.0, target=None, ok=None):
        if key not in f:
            return
        med, lo, hi, u = f[key]
        unit = unit or u
        rng = "%s … %s" % (fmt(lo * scale), fmt(hi * scale)) if lo != hi else ""
        verdict = ""
        if ok is not None:
            verdict = "met" if ok(med) else "NOT met"
            if ok(med) and not (ok(lo) and ok(hi)):
                verdict += " (not in every run)"
        rows.append((section, what, "%s %s" % (fmt(med * scale), unit), rng, target or "", verdict))

    def plain(section, what, text, target="", verdict=""):
        rows.append((section, what, text, "", target, verdict))

    # ---- C
    row("C", "quote, one core (CPU time)", "c.quote.cpu_Mps", target=">= 20 M/s", ok=lambda v: v >= 20)
    row("C", "quote, one core (wall clock)", "c.quote.wall_Mps", target=">= 20 M/s", ok=lambda v: v >= 20)
    row("C", "effective clock (dependent multiply-adds)", "c.clock_GHz")
    row("C", "cycles per quote at that clock", "c.quote.cycles")
    row("C", "status (CPU time)", "c.status.cpu_Mps")
    row("C", "quote+status pairs (CPU time)", "c.pair.cpu_Mps")
    row("C", "sup_batch_quote (CPU time)", "c.batch_quote.cpu_Mps")
    row("C", "sup_batch_status (CPU time)", "c.batch_status.cpu_Mps")
    row("C", "memory read bandwidth (one core)", "c.read_GBps")
    row("C", "memory write bandwidth (one core)", "c.write_GBps")
    row("C", "bandwidth limit for quotes (40 B each)", "c.bw_limit_Mps")
    if "c.quote.cpu_Mps" in f and "c.bw_limit_Mps" in f:
        plain("C", "quote rate / bandwidth limit", "%.1f %%" % (100 * f["c.quote.cpu_Mps"][0] / f["c.bw_limit_Mps"][0]))
    row("C", "instructions per quote (callgrind)", "c.quote.Ir")
    row("C", "instructions per status (callgrind)", "c.status.Ir")

    # ---- Python
    row("Python", "quote, binding per call", "py.quote_binding_date_ns")
    row("Python", "quote, plain Python", "py.quote_plain_python_date_ns")
    row("Python", "quote: plain / binding", "py.ratio.quote_date_plain_over_binding", target=">= 1x",
        ok=lambda v: v >= 1)
    row("Python", "quote (ISO str): plain / binding", "py.ratio.quote_iso_str_plain_over_binding", target=">= 1x",
        ok=lambda v: v >= 1)
    row("Python", "status, binding per call", "py.status_binding_date_ns")
    row("Python", "status, plain Python", "py.status_plain_python_date_ns")
    row("Python", "status: plain / binding", "py.ratio.status_date_plain_over_binding", target=">= 1x",
        ok=lambda v: v >= 1)
    row("Python", "report: quote_many per license", "py.quote_binding_batch_quote_many_ns")
    row("Python", "report: status_many per license", "py.status_binding_batch_status_many_ns")
    row("Python", "quote report: per call / batch", "py.ratio.quote_report_percall_over_batch")
    row("Python", "quote report: plain / batch", "py.ratio.quote_report_plain_over_batch")
    row("Python", "status report: per call / batch", "py.ratio.status_report_percall_over_batch")
    row("Python", "status report: plain / batch", "py.ratio.status_report_plain_over_batch")

    # ---- PHP
    row("PHP", "quote, extension per call", "php.quote_extension_y_m_d_ns")
    row("PHP", "quote, plain PHP", "php.quote_plain_php_y_m_d_ns")
    row("PHP", "quote: plain / extension", "php.ratio.quote_ymd_plain_over_extension")
    row("PHP", "status, extension per call", "php.status_extension_y_m_d_ns")
    row("PHP", "status, plain PHP", "php.status_plain_php_y_m_d_ns")
    row("PHP", "status: plain / extension", "php.ratio.status_ymd_plain_over_extension")
    row("PHP", "report: quote_many per license", "php.quote_extension_batch_quote_many_ns")
    row("PHP", "report: status_many per license", "php.status_extension_batch_status_many_ns")
    row("PHP", "quote report: plain / batch", "php.ratio.quote_report_plain_over_batch")
    row("PHP", "status report: plain / batch", "php.ratio.status_report_plain_over_batch")

    # ---- ledger
    row("Ledger", "durable renewals, 1 process", "ledger.renew_1p_per_s", unit="/s")
    row("Ledger", "durable renewals, 4 processes", "ledger.renew_4p_per_s", unit="/s")
    sizes = sorted({int(k.split(".")[1]) for k in f if re.match(r"ledger\.\d+\.", k)})
    big = max(sizes) if sizes else None
    for n in sizes:
        tgt = (lambda v: v < 1.0) if n >= 1000000 else None
        t = "< 1 s" if n >= 1000000 else None
        rows_n = f.get("ledger.%d.report_rows" % n, (0,))[0]
        row("Ledger", "%s licenses: status report (%s rows)" % (fmt(n), fmt(rows_n)), "ledger.%d.report_s" % n,
            target=t, ok=tgt)
        row("Ledger", "%s licenses: status report, CPU time" % fmt(n), "ledger.%d.report_cpu_s" % n, target=t, ok=tgt)
        for key, label in (("expiring30", "expiring within 30 days"), ("expiring90", "expiring within 90 days")):
            rows_k = f.get("ledger.%d.%s_rows" % (n, key), (0,))[0]
            row("Ledger", "%s licenses: %s (%s rows)" % (fmt(n), label, fmt(rows_k)), "ledger.%d.%s_s" % (n, key),
                target=t, ok=tgt)
        rows_l = f.get("ledger.%d.lapsed_rows" % n, (0,))[0]
        row("Ledger", "%s licenses: lapsed or expired (%s rows)" % (fmt(n), fmt(rows_l)), "ledger.%d.lapsed_s" % n)
        row("Ledger", "%s licenses: status of one license" % fmt(n), "ledger.%d.status_one_us" % n)
        row("Ledger", "%s licenses: peak RSS of the query process" % fmt(n), "ledger.%d.query_peak_rss_MB" % n)
        row("Ledger", "%s licenses: building it (once; cached)" % fmt(n), "ledger.%d.load_s" % n)
    if len(sizes) >= 2:
        small = min(sizes)
        a = f.get("ledger.%d.query_peak_rss_MB" % small)
        b = f.get("ledger.%d.query_peak_rss_MB" % big)
        if a and b:
            ok = b[0] <= a[0] * 1.1 + 1.0  # within 10 % + 1 MB
            plain("Ledger", "peak RSS %s vs %s licenses" % (fmt(big), fmt(small)),
                  "%.1f MB vs %.1f MB" % (b[0], a[0]), "independent of the size", "met" if ok else "NOT met")

    if args.markdown:
        print("| | what | median | range (runs) | target | |")
        print("|---|---|---|---|---|---|")
        for r in rows:
            print("| %s |" % " | ".join(r))
    else:
        w = max(len(r[1]) for r in rows) if rows else 10
        section = None
        for s, what, med, rng, tgt, verdict in rows:
            if s != section:
                print("%s" % s)
                section = s
            print("  %-*s %16s  %-22s %-12s %s" % (w, what, med, rng, tgt, verdict))
    return 0


if __name__ == "__main__":
    sys.exit(main())
