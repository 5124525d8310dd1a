#!/usr/bin/env python3
"""The customer portal under load (bench/, not a test): nginx + php-fpm from portal/deploy over a
1,000,000-license ledger, driven by Debian's `ab` (apache2-utils) on 127.0.0.1 at 1, 10 and 50 concurrent
clients, beside a static file from the same nginx.

    python3 bench/portal/bench_portal.py --ledger LEDGER [--build DIR] [--requests N] [--floor MS] [--json FILE]

LEDGER is a ledger of 1,000,000 licenses made by `build/bench/ledger_bench load LEDGER 1000000` (about five
minutes); it is copied, never changed. The stack is tests/portal/stack.py's (the deployment files as they
are; the API's nginx rate limits lifted, so that the load generator is not throttled). Measured:

  static    GET /style.css                 (nginx alone: the floor of what a request costs here)
  page      GET /  signed in               (a customer with 5 licenses: status, releases, offer, key, notice each)
  api       GET /api/v1/updates?key=…      (the update check of one of those licenses)

For each: requests per second, mean, median, p90, p99 and max latency (ab's own percentiles), and the ratio of
the page's and the API's median and p99 to the static file's.
"""
import argparse
import json
import os
import re
import subprocess
import sys
import time
import urllib.parse

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
sys.path.insert(0, os.path.join(ROOT, "tests", "portal"))

CUSTOMER = 100          # the customer whose page is measured (5 licenses in ledger_bench's ledger)
CUSTOMER_EMAIL = "bench@example.ru"


def ab(url, n, c, cookie=None):
    argv = ["ab", "-q", "-k", "-n", str(n), "-c", str(c)]
    if cookie:
        argv += ["-C", cookie]
    out = subprocess.run(argv + [url], capture_output=True, text=True, check=True).stdout
    fails = int(re.search(r"Failed requests:\s+(\d+)", out).group(1))
    non2xx = re.search(r"Non-2xx responses:\s+(\d+)", out)
    rps = float(re.search(r"Requests per second:\s+([\d.]+)", out).group(1))
    mean = float(re.search(r"Time per request:\s+([\d.]+) \[ms\] \(mean\)", out).group(1))
    pct = {int(p): int(v) for p, v in re.findall(r"^\s+(\d+)%\s+(\d+)", out, re.M)}
    return {"n": n, "c": c, "rps": rps, "mean_ms": mean, "p50_ms": pct[50], "p90_ms": pct[90], "p99_ms": pct[99],
            "max_ms": pct[100], "failed": fails, "non_2xx": int(non2xx.group(1)) if non2xx else 0}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--ledger", required=True)
    ap.add_argument("--build", default=os.path.join(ROOT, "build"))
    ap.add_argument("--requests", type=int, default=2000)
    ap.add_argument("--floor", type=int, default=10, help="[api] answer_floor_ms")
    ap.add_argument("--children", type=int, default=8, help="the pages' pool: pm.max_children")
    ap.add_argument("--api-children", type=int, default=32, help="the update API's pool: pm.max_children")
    ap.add_argument("--json")
    ap.add_argument("--only", default="static,page,api", help="which targets (comma-separated)")
    a = ap.parse_args()
    os.environ.setdefault("SUPPORTCTL", os.path.join(a.build, "examples", "supportctl", "supportctl"))
    os.environ.setdefault("SUP_PHP_EXTENSION", os.path.join(a.build, "bindings", "php", "php_libsupport.so"))
    os.environ["PORTAL_FPM_CHILDREN"] = str(a.children)
    os.environ["PORTAL_FPM_API_CHILDREN"] = str(a.api_children)
    import stack

    s = stack.PortalStack("portal-bench", demo=False, api_limits=False, floor_ms=a.floor,
                          ledger_source=a.ledger, release_files=False, base=os.path.dirname(os.path.abspath(a.ledger)))
    prepared = {}

    def prepare():
        """Before the servers start (and before the directory is handed to their user): a release with a file,
        the customer's address, a key."""
        import sqlite3
        with sqlite3.connect(s.ledger) as db:
            lic, product = db.execute("SELECT id, product_id FROM license WHERE customer_id = ? ORDER BY id LIMIT 1",
                                      (CUSTOMER,)).fetchone()
            code, pcode = db.execute("SELECT c.code, p.code FROM customer c, product p WHERE c.id = ? AND p.id = ?",
                                     (CUSTOMER, product)).fetchone()
        f = os.path.join(s.dir, "files", "bench.zip")
        with open(f, "wb") as out:
            out.write(os.urandom(1 << 20))
        s.supportctl("release-add", "--product", pcode, "--version", "bench-1", "--date", time.strftime("%Y-%m-%d"),
                     "--file", f, "--copy-to", os.path.join(s.dir, "releases"))
        if "page" in a.only:
            s.supportctl("customer-update", "--customer", code, "--email", CUSTOMER_EMAIL)
        key = json.loads(s.supportctl("license-key", "--license", str(lic), "--json"))["key"]
        prepared.update(license=lic, key=key, code=code)

    s.prepare = prepare
    t0 = time.monotonic()
    s.start()
    print(f"stack up in {time.monotonic() - t0:.1f} s (the ledger copied), license {prepared['license']}", flush=True)
    try:
        session = s.sign_in(CUSTOMER_EMAIL) if "page" in a.only else ""
        base = s.base_url()
        targets = {
            "static": (base + "/style.css", None),
            "page": (base + "/", f"sup_session={session}"),
            "api": (base + "/api/v1/updates?" + urllib.parse.urlencode({"key": prepared["key"], "version": "1.0"}),
                    None),
        }
        if "page" in a.only:
            r = s.get("/", cookies={"sup_session": session})
            assert r.status == 200 and prepared["code"] in r.text, r.text[:500]
        results = {}
        for name, (url, cookie) in targets.items():
            if name not in a.only.split(","):
                continue
            ab(url, 200, 10, cookie)  # warm up: opcache, page cache
            for c in (1, 10, 50):
                n = a.requests if c > 1 else max(200, a.requests // 4)
                res = ab(url, n, c, cookie)
                results[f"{name}.c{c}"] = res
                print(f"{name:7s} c={c:<3d} {res['rps']:8.1f} req/s  mean {res['mean_ms']:6.2f} ms  p50 {res['p50_ms']:3d}"
                      f"  p90 {res['p90_ms']:3d}  p99 {res['p99_ms']:3d}  max {res['max_ms']:4d} ms"
                      f"  (failed {res['failed']}, non-2xx {res['non_2xx']})", flush=True)
        logs = s.log("php-fpm.out") + s.log("php-errors.log")
        results["php_messages"] = len(re.findall(r"PHP (Warning|Notice|Fatal)", logs))
        results["config"] = {"floor_ms": a.floor, "fpm_children": a.children, "fpm_api_children": a.api_children,
                             "requests": a.requests}
        if a.json:
            with open(a.json, "w") as f:
                json.dump(results, f, indent=1)
    finally:
        s.stop()
        stack.reaper().close()


if __name__ == "__main__":
    main()
