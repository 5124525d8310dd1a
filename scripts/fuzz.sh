#!/usr/bin/env bash
# Coverage-guided fuzzing of libsupport's parsers and API sequences (libFuzzer,
# clang, ASan + UBSan). Builds build-fuzz/ (CC=clang, -DSUP_FUZZ=ON) and runs
# every target for a bounded time; fails on any crash, leak, timeout or
# sanitizer report, leaving the input in build-fuzz/fuzz-artifacts/.
#
#   scripts/fuzz.sh                    every target, FUZZ_SECONDS (default 30) each
#   scripts/fuzz.sh -t 300 license     one target for 5 minutes
#   scripts/fuzz.sh --merge            also merge new coverage into tests/fuzz/corpus/
#                                      (minimised; review and commit it)
#   scripts/fuzz.sh --list             the targets
# Targets run in parallel, FUZZ_JOBS (default: nproc) at a time.
#
# A crash: reproduce with build-fuzz/tests/fuzz/fuzz_<t> <artifact>, or with
# build/tests/fuzz/fuzz_replay_<t> <artifact> (gdb-friendly, no libFuzzer); then
# add the input to tests/fuzz/corpus/<t>/ (replayed by ctest from then on) and a
# cmocka test for the bug in the matching tests/test_*.c.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$PWD

seconds=${FUZZ_SECONDS:-30}
jobs=${FUZZ_JOBS:-$(nproc 2>/dev/null || echo 2)}
merge=0
list=0
targets=()
while [ $# -gt 0 ]; do
  case "$1" in
    -t|--seconds) seconds=$2; shift 2 ;;
    -j|--jobs) jobs=$2; shift 2 ;;
    --merge) merge=1; shift ;;
    --list) list=1; shift ;;
    -h|--help) sed -n '2,20p' "$0"; exit 0 ;;
    -*) echo "fuzz.sh: unknown option $1" >&2; exit 2 ;;
    *) targets+=("$1"); shift ;;
  esac
done

build=$root/build-fuzz
if [ ! -f "$build/CMakeCache.txt" ]; then
  CC=clang cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSUP_FUZZ=ON \
    -DSUP_VALGRIND_TESTS=OFF >/dev/null
fi
cmake --build "$build" -j"$jobs" --target fuzz_targets >/dev/null

bin=$build/tests/fuzz
if [ ${#targets[@]} -eq 0 ]; then
  for f in "$bin"/fuzz_*; do
    [ -x "$f" ] && [ -f "$f" ] && targets+=("${f##*/fuzz_}")
  done
fi
if [ $list -eq 1 ]; then printf '%s\n' "${targets[@]}"; exit 0; fi

work=$build/fuzz-work
artifacts=$build/fuzz-artifacts
mkdir -p "$work" "$artifacts"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:allocator_may_return_null=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}

run_one() { # target → log in $work/<t>.log; exit status of the fuzzer
  local t=$1 exe=$bin/fuzz_$1 seeds=$root/tests/fuzz/corpus/$1
  [ -x "$exe" ] || { echo "no target $t ($exe)" >"$work/$t.log"; return 1; }
  [ -d "$seeds" ] || { echo "no seed corpus $seeds" >"$work/$t.log"; return 1; }
  rm -rf "${work:?}/$t" && mkdir -p "$work/$t"
  # New inputs go to the scratch corpus (first directory); the committed seeds are read only.
  "$exe" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=4096 \
    -print_final_stats=1 -artifact_prefix="$artifacts/$t-" "$work/$t" "$seeds" >"$work/$t.log" 2>&1
}

start=$(date +%s)
declare -A pid_of
failed=()
running=0
for t in "${targets[@]}"; do
  if [ "$running" -ge "$jobs" ]; then wait -n || true; running=$((running - 1)); fi
  run_one "$t" & pid_of[$t]=$!
  running=$((running + 1))
done
for t in "${targets[@]}"; do
  status=0
  wait "${pid_of[$t]}" || status=$?
  log=$work/$t.log
  runs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  # Any sanitizer report counts, even one that did not stop the run.
  if grep -qE 'runtime error:|ERROR: (AddressSanitizer|LeakSanitizer|UndefinedBehaviorSanitizer|libFuzzer)|invariant failed' "$log"; then
    status=${status/#0/1}
  fi
  if [ "$status" -ne 0 ]; then
    failed+=("$t")
    echo "fuzz_$t: FAILED (exit $status) — log $log"
    grep -E 'ERROR|runtime error|invariant failed|SUMMARY|Test unit written|artifact' "$log" | head -20 | sed 's/^/  | /'
    for a in "$artifacts/$t-"*; do
      [ -e "$a" ] && echo "  reproduce: $bin/fuzz_$t $a"
    done
  else
    echo "fuzz_$t: ok — ${runs:-?} runs in ${seconds} s, corpus $(ls "$work/$t" | wc -l) new + $(ls "tests/fuzz/corpus/$t" | wc -l) seeds"
  fi
done

if [ $merge -eq 1 ] && [ ${#failed[@]} -eq 0 ]; then
  for t in "${targets[@]}"; do
    "$bin/fuzz_$t" -merge=1 -max_len=4096 "tests/fuzz/corpus/$t" "$work/$t" >"$work/$t.merge.log" 2>&1
    echo "merged into tests/fuzz/corpus/$t: $(ls "tests/fuzz/corpus/$t" | wc -l) inputs"
  done
fi

echo "fuzz: ${#targets[@]} targets in $(( $(date +%s) - start )) s"
[ ${#failed[@]} -eq 0 ] || { echo "fuzz: FAILED: ${failed[*]}" >&2; exit 1; }
