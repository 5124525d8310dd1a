#!/usr/bin/env bash
# All tests, as CI runs them (.ci/run): installs the Debian packages needed,
# then two builds of the whole project:
#   build/       RelWithDebInfo, warnings as errors: every ctest test (C unit tests
#                and the same under valgrind, install test, Python and PHP bindings,
#                CLI, ledger multi-process and crash tests, the browser test …)
#   build-asan/  the same sources with AddressSanitizer + UndefinedBehaviorSanitizer
# Exits non-zero if anything fails.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/deps.sh

jobs=$(nproc 2>/dev/null || echo 2)
start=$(date +%s)

echo "== build (RelWithDebInfo, -Werror)"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$jobs"
echo "== ctest: all tests"
ctest --test-dir build --output-on-failure -j"$jobs" --timeout 900

echo "== build-asan (AddressSanitizer + UndefinedBehaviorSanitizer)"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DSUP_SANITIZE=ON >/dev/null
cmake --build build-asan -j"$jobs"
echo "== ctest under ASan+UBSan"
ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
  ctest --test-dir build-asan --output-on-failure -j"$jobs" -LE "valgrind|no-asan" --timeout 900

echo "== all tests passed in $(( $(date +%s) - start )) s"
