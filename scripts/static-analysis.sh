#!/usr/bin/env bash
# Static analysis gate (issue 7): clang-tidy (.clang-tidy) and cppcheck over
# libsupport/src and examples/supportctl. Zero findings, or it fails.
#
#   scripts/static-analysis.sh               both tools
#   scripts/static-analysis.sh tidy|cppcheck one of them
#
# False positives are suppressed narrowly, each with its reason:
#  - clang-tidy: scripts/clang-tidy-suppressions.txt (file, check, text of the
#    flagged line) — or NOLINTNEXTLINE(check) with a comment in our own files;
#  - cppcheck: scripts/cppcheck-suppressions.txt, or // cppcheck-suppress id.
# Uses build-qa/compile_commands.json (configured here: Debug, no LTO).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD
what=${1:-all}
build=${SUP_QA_BUILD:-build-qa}
jobs=$(nproc 2>/dev/null || echo 2)
sources_re='libsupport/src/.*\.c$|examples/supportctl/.*\.c$'
fail=0

cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Debug -DSUP_LTO=OFF -DCMAKE_EXPORT_COMPILE_COMMANDS=ON >/dev/null
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

if [ "$what" = all ] || [ "$what" = tidy ]; then
  start=$(date +%s)
  run-clang-tidy -p "$build" -j "$jobs" -quiet "$sources_re" >"$tmp/tidy.log" 2>&1 || true
  sed -i 's/\x1b\[[0-9;]*m//g' "$tmp/tidy.log"
  # findings: "path:line:col: warning|error: message [check,…]"
  grep -E '^/[^ ]+:[0-9]+:[0-9]+: (warning|error): .*\[[^]]+\]$' "$tmp/tidy.log" | sort -u >"$tmp/findings" || true
  : >"$tmp/kept"
  suppressed=0
  while IFS= read -r f; do
    file=${f%%:*}; rest=${f#*:}; line=${rest%%:*}
    rel=${file#"$root"/}
    checks=$(sed -E 's/.*\[([^]]+)\]$/\1/' <<<"$f" | sed 's/,-warnings-as-errors//')
    src=$(sed -n "${line}p" "$file" 2>/dev/null || true)
    hit=0
    while IFS='|' read -r sfile scheck stext _why; do
      sfile=$(echo "$sfile" | xargs); scheck=$(echo "$scheck" | xargs); stext=$(echo "$stext" | sed 's/^ *//; s/ *$//')
      [ -z "$sfile" ] && continue
      if [ "$rel" = "$sfile" ] && [[ ",$checks," == *",$scheck,"* ]] && [[ "$src" == *"$stext"* ]]; then
        hit=1; break
      fi
    done < <(grep -vE '^\s*(#|$)' scripts/clang-tidy-suppressions.txt)
    if [ $hit -eq 1 ]; then suppressed=$((suppressed + 1)); else echo "${f#"$root"/}" >>"$tmp/kept"; fi
  done <"$tmp/findings"
  # a file clang-tidy could not compile is a failure too
  if grep -qE 'clang-diagnostic-error|Error while processing|error: unable to' "$tmp/tidy.log"; then
    grep -E 'clang-diagnostic-error|Error while processing|error: unable to' "$tmp/tidy.log" | head -20
    echo "static-analysis: FAIL: clang-tidy could not process every file"
    fail=1
  fi
  n=$(wc -l <"$tmp/kept")
  if [ "$n" -ne 0 ]; then
    cat "$tmp/kept"
    echo "static-analysis: FAIL: clang-tidy: $n findings (details: re-run clang-tidy -p $build FILE)"
    fail=1
  fi
  echo "static-analysis: clang-tidy: $n findings, $suppressed known false positives suppressed, $(( $(date +%s) - start )) s"
fi

if [ "$what" = all ] || [ "$what" = cppcheck ]; then
  start=$(date +%s)
  status=0
  cppcheck --std=c11 --platform=unix64 --enable=warning,style,performance,portability --inline-suppr \
    --suppressions-list=scripts/cppcheck-suppressions.txt --error-exitcode=1 -q -j "$jobs" \
    -I libsupport/include -I libsupport/src \
    --template='{file}:{line}:{column}: {severity}: {message} [{id}]' \
    libsupport/src examples/supportctl >"$tmp/cppcheck.log" 2>&1 || status=$?
  n=$(grep -cE '^[^ ]+:[0-9]+:[0-9]+: ' "$tmp/cppcheck.log" || true)
  if [ "$status" -ne 0 ] || [ "$n" -ne 0 ]; then
    cat "$tmp/cppcheck.log"
    echo "static-analysis: FAIL: cppcheck: $n findings (exit $status)"
    fail=1
  fi
  echo "static-analysis: cppcheck: $n findings, $(( $(date +%s) - start )) s"
fi

[ "$fail" -eq 0 ] || exit 1
echo "static-analysis: ok"
