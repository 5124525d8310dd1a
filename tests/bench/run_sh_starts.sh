#!/usr/bin/env bash
# B10 (issue 11): `bash bench/run.sh`, the documented one command (a full run, no SUP_BENCH_OUT), must start.
# It used to exit 1 printing nothing: a failing command substitution inside an assignment under set -e.
# This runs it against an empty build directory with --no-build: it must get past its set-up and print the
# machine description and the first benchmark's heading (which then fails: nothing is built, by design).
set -uo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
SUP_BENCH_BUILD=$tmp/build SUP_BENCH_CACHE=$tmp/cache bash "$repo/bench/run.sh" --no-build --no-callgrind \
    >"$tmp/out" 2>&1
if ! grep -q '^=== machine' "$tmp/out" || ! grep -q '^=== C: quote and status, 10000000 evaluations' "$tmp/out"; then
    echo "bench/run.sh (a full run, no SUP_BENCH_OUT) did not start; it printed:"
    cat "$tmp/out"
    exit 1
fi
ls "$tmp/build/bench-results/"*/machine.txt >/dev/null || { echo "no machine.txt in the default output directory"; exit 1; }
echo "bench/run.sh starts a full run and writes to its default output directory"
