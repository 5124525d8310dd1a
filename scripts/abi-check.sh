#!/usr/bin/env bash
# ABI gate for libsupport.so (issue 7).
#
#   scripts/abi-check.sh            check the library against docs/abi/libsupport.abi
#   scripts/abi-check.sh --update   write the current ABI as the new baseline (then commit it)
#
# Checks:
#  1. the dynamic symbols libsupport.so exports are exactly the sup_* functions
#     declared with SUP_API in the public headers (no sup__ internals, nothing
#     else, nothing declared but missing);
#  2. abidiff (abigail-tools) against the committed baseline: added functions
#     are fine (a note says to refresh the baseline); any other change (removed
#     function, changed parameter or return type, changed enum value …) fails
#     unless the SONAME major version was bumped.
#
# The library is built in build-qa/ (Debug, no LTO: abidw cannot read the debug
# information of GCC's link-time optimisation and would miss changed types).
# SUP_QA_BUILD overrides the build directory.
set -euo pipefail
cd "$(dirname "$0")/.."

baseline=docs/abi/libsupport.abi
build=${SUP_QA_BUILD:-build-qa}
update=0
case "${1:-}" in
  --update) update=1 ;;
  "") ;;
  -h|--help) sed -n '2,21p' "$0"; exit 0 ;;
  *) echo "abi-check: unknown argument $1" >&2; exit 2 ;;
esac

jobs=$(nproc 2>/dev/null || echo 2)
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Debug -DSUP_LTO=OFF -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >/dev/null
cmake --build "$build" -j"$jobs" --target support >/dev/null
lib=$(readlink -f "$build/libsupport/libsupport.so")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0

# ---- 1. exported symbols ---------------------------------------------------
# (type "A" entries are the version nodes of libsupport.map, e.g. LIBSUPPORT_0)
nm -D --defined-only "$lib" | awk '$2 != "A" { sub(/@.*/, "", $3); print $3 }' | sort -u >"$tmp/exported"
# declared: "SUP_API … sup_name(" in the public headers, comments removed by the preprocessor
for h in libsupport/include/libsupport.h libsupport/include/libsupport/*.h; do
  cc -x c -fpreprocessed -dD -E -P "$h" 2>/dev/null
done | tr '\n' ' ' | grep -oE 'SUP_API[^;(]*\(' | grep -oE 'sup_[A-Za-z0-9_]*[[:space:]]*\($' |
  tr -d ' (' | sort -u >"$tmp/declared"
bad=$(grep -vE '^sup_[a-z0-9]' "$tmp/exported" || true)
internal=$(grep -E '^sup__' "$tmp/exported" || true)
undeclared=$(comm -23 "$tmp/exported" "$tmp/declared")
missing=$(comm -13 "$tmp/exported" "$tmp/declared")
if [ -n "$bad$internal" ]; then
  echo "abi-check: FAIL: exported symbols without the sup_ prefix (or internal sup__ ones):" $bad $internal
  fail=1
fi
if [ -n "$undeclared" ]; then
  echo "abi-check: FAIL: exported but not declared with SUP_API in a public header:" $undeclared
  fail=1
fi
if [ -n "$missing" ]; then
  echo "abi-check: FAIL: declared with SUP_API but not exported by libsupport.so:" $missing
  fail=1
fi
# the 0.1.0 symbols keep version LIBSUPPORT_0; every later one is in a later node
objdump -T "$lib" | awk '$NF ~ /^sup_/ && $(NF-1) == "LIBSUPPORT_0" { print $NF }' | sort -u >"$tmp/v0"
if ! diff -u docs/abi/libsupport-0.1.0.symbols "$tmp/v0" >"$tmp/v0.diff"; then
  cat "$tmp/v0.diff"
  echo "abi-check: FAIL: the symbols of version node LIBSUPPORT_0 differ from the 0.1.0 release" \
       "(docs/abi/libsupport-0.1.0.symbols): list new symbols in a later node of libsupport/libsupport.map"
  fail=1
fi
echo "abi-check: $(wc -l <"$tmp/exported") exported symbols, all sup_* and declared in the public headers" \
     "($(wc -l <"$tmp/v0") of 0.1.0 in LIBSUPPORT_0)"
[ "$fail" -eq 0 ] || echo "abi-check: (symbol check failed)"

# ---- 2. abidiff against the baseline -----------------------------------------
abidw --headers-dir libsupport/include --drop-private-types --no-corpus-path --short-locs \
  --no-comp-dir-path --out-file "$tmp/current.abi" "$lib"

if [ "$update" -eq 1 ]; then
  [ "$fail" -eq 0 ] || { echo "abi-check: not updating the baseline: fix the symbol check first" >&2; exit 1; }
  mkdir -p "$(dirname "$baseline")"
  if [ -f "$baseline" ]; then
    abidiff "$baseline" "$tmp/current.abi" >"$tmp/update.txt" || true
    grep -E 'changes summary' "$tmp/update.txt" | sed 's/^/abi-check: /' || true
  fi
  cp "$tmp/current.abi" "$baseline"
  echo "abi-check: baseline written to $baseline ($(grep -c '<elf-symbol ' "$baseline") functions, soname" \
       "$(sed -n "1s/.*soname='\([^']*\)'.*/\1/p" "$baseline")); commit it"
  exit 0
fi

[ -f "$baseline" ] || { echo "abi-check: FAIL: no baseline $baseline (make one: $0 --update)"; exit 1; }
soname_base=$(sed -n "1s/.*soname='\([^']*\)'.*/\1/p" "$baseline")
soname_now=$(readelf -d "$lib" | sed -n 's/.*Library soname: \[\(.*\)\].*/\1/p')

status=0
abidiff --no-added-syms "$baseline" "$tmp/current.abi" >"$tmp/changes.txt" || status=$?
added=0
abidiff "$baseline" "$tmp/current.abi" >"$tmp/all.txt" || added=$?

if [ $((status & 3)) -ne 0 ]; then
  cat "$tmp/changes.txt"
  echo "abi-check: FAIL: abidiff could not compare (exit $status)"
  exit 1
fi
if [ "$status" -ne 0 ]; then
  cat "$tmp/changes.txt"
  if [ "$soname_now" != "$soname_base" ]; then
    echo "abi-check: note: incompatible changes accepted: the SONAME changed from $soname_base to $soname_now."
    echo "abi-check: refresh the baseline: scripts/abi-check.sh --update (and commit docs/abi/libsupport.abi)"
  else
    echo "abi-check: FAIL: the ABI of $soname_now changed incompatibly (above). Keep the old signature"
    echo "  (add a new function instead), or bump the SONAME major (project VERSION in CMakeLists.txt,"
    echo "  and a new version node in libsupport/libsupport.map), then run scripts/abi-check.sh --update."
    fail=1
  fi
elif [ "$added" -ne 0 ]; then
  sed -n '/Added function/,$p' "$tmp/all.txt" | grep -E "^\s+\[A\]" | sed 's/^ */  /'
  echo "abi-check: note: functions added since the baseline (compatible). Refresh it when the API is final:"
  echo "  scripts/abi-check.sh --update && git add docs/abi/libsupport.abi"
fi
[ "$fail" -eq 0 ] || exit 1
echo "abi-check: ok ($soname_now: no incompatible change against $baseline)"
