#!/usr/bin/env bash
# All tests, as CI runs them (.ci/run): installs the Debian packages needed,
# then two builds of the whole project:
#   build/       RelWithDebInfo, warnings as errors: every ctest test (C unit tests
#                and the same under valgrind, install test, Python and PHP bindings,
#                CLI, ledger multi-process and crash tests, the browser test, the Debian
#                packages built, installed, used and purged (ctest -L packaging, root only) …)
#   build-asan/  the same sources with AddressSanitizer + UndefinedBehaviorSanitizer
# then the quality gates (issue 7): the ABI check against docs/abi/libsupport.abi,
# static analysis (clang-tidy, cppcheck; build-qa/) and fuzzing (libFuzzer,
# FUZZ_SECONDS per target, default 10 here — the corpora are replayed by ctest as
# well, and the whole run must stay under 20 minutes on 2 cores; build-fuzz/).
# Exits non-zero if anything fails.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh

jobs=$(nproc 2>/dev/null || echo 2)
start=$(date +%s)
lap_start=$start
lap() { local now; now=$(date +%s); echo "   ($(( now - lap_start )) s)"; lap_start=$now; }

echo "== build (RelWithDebInfo, -Werror)"
# SUP_REQUIRE_ALL: a part whose Debian package is missing fails the configure instead of being skipped.
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DSUP_REQUIRE_ALL=ON >/dev/null
cmake --build build -j"$jobs"
echo "== ctest: all tests"
ctest --test-dir build --output-on-failure -j"$jobs" --timeout 900
lap

echo "== ABI check (abidiff against docs/abi/libsupport.abi, exported symbols)"
bash scripts/abi-check.sh
lap

echo "== build-asan (AddressSanitizer + UndefinedBehaviorSanitizer)"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DSUP_SANITIZE=ON -DSUP_REQUIRE_ALL=ON >/dev/null
cmake --build build-asan -j"$jobs"
echo "== ctest under ASan+UBSan"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure -j"$jobs" -LE "valgrind|no-asan" --timeout 900
lap

echo "== static analysis (clang-tidy, cppcheck)"
bash scripts/static-analysis.sh
lap

export FUZZ_SECONDS=${FUZZ_SECONDS:-10}
echo "== fuzzing (libFuzzer + ASan + UBSan, $FUZZ_SECONDS s per target)"
bash scripts/fuzz.sh
lap

echo "== all tests passed in $(( $(date +%s) - start )) s"
