#!/usr/bin/env python3
"""Call cycles between libsupport's source files (issue 11: error.c must not call
text.c functions that call back into error.c, and so on).

Compiles each libsupport/src/*.c on its own (no LTO), reads which functions
each object defines and which it calls in other objects (`nm`), and reports
every cycle of the file graph (its strongly connected components).

    scripts/call-cycles.py [--cc CC] [--allow PREFIX ...] [--graph]

Exit status 1 if a cycle contains a file not matched by an --allow prefix
(the ledger's own files are allowed while its storage seam is rewritten:
ctest passes --allow ledger).
"""
import argparse
import collections
import glob
import os
import shutil
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def objects(cc, tmp):
    cflags = subprocess.run(["pkg-config", "--cflags", "sqlite3", "libpq"], capture_output=True, text=True).stdout.split()
    out = {}
    for src in sorted(glob.glob(os.path.join(ROOT, "libsupport", "src", "*.c"))):
        name = os.path.basename(src)[:-2]
        obj = os.path.join(tmp, name + ".o")
        subprocess.run([cc, "-std=c11", "-O0", "-c", "-DSUP_BUILDING", "-fvisibility=hidden",
                        "-I" + os.path.join(ROOT, "libsupport", "include"), "-I" + os.path.join(ROOT, "libsupport", "src"),
                        *cflags, src, "-o", obj], check=True)
        out[name] = obj
    return out


def graph(objs):
    defined, undefined = {}, {}
    for name, obj in objs.items():
        d, u = set(), set()
        for line in subprocess.run(["nm", obj], capture_output=True, text=True, check=True).stdout.splitlines():
            parts = line.split()
            if len(parts) == 3 and parts[1] in "TDBR":
                d.add(parts[2])
            elif len(parts) == 2 and parts[0] == "U":
                u.add(parts[1])
        defined[name], undefined[name] = d, u
    owner = {sym: name for name, syms in defined.items() for sym in syms}
    g = collections.defaultdict(set)
    for name, syms in undefined.items():
        g[name] |= {owner[s] for s in syms if s in owner and owner[s] != name}
    return {name: g[name] for name in objs}


def cycles(g):
    """Tarjan's strongly connected components of more than one file."""
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(g[v]):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in sorted(g):
        if v not in index:
            visit(v)
    return out


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--cc", default=os.environ.get("CC", "cc"))
    ap.add_argument("--allow", action="append", default=[], help="file name prefix whose cycles are tolerated")
    ap.add_argument("--graph", action="store_true", help="also print who calls whom")
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="sup-cycles-")
    try:
        g = graph(objects(args.cc, tmp))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    if args.graph:
        for name in sorted(g):
            print("%s -> %s" % (name, ", ".join(sorted(g[name])) or "-"))
    bad = 0
    for comp in cycles(g):
        allowed = all(any(f.startswith(p) for p in args.allow) for f in comp)
        print("call cycle%s: %s" % (" (allowed)" if allowed else "", " <-> ".join(comp)))
        bad += not allowed
    if not bad:
        print("no call cycles between libsupport's sources" + (" (but the allowed ones)" if args.allow else ""))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
