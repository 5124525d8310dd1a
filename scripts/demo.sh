#!/usr/bin/env bash
# The main job: build libsupport and supportctl, then run `supportctl demo` on
# a SQLite ledger file (demo.db in the current directory by default): a sample
# ledger with products, customers in every status, a price change and a release;
# it prints their statuses, quotes and a renewal notice.
#   scripts/demo.sh [LEDGER_FILE]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
bash "$root/scripts/deps.sh" --minimal
cmake -S "$root" -B "$root/build-demo" -DCMAKE_BUILD_TYPE=Release -DSUP_BUILD_TESTS=OFF \
      -DSUP_BUILD_PYTHON=OFF -DSUP_BUILD_PHP=OFF >/dev/null
cmake --build "$root/build-demo" -j"$(nproc 2>/dev/null || echo 2)" >/dev/null
exec "$root/build-demo/examples/supportctl/supportctl" demo --ledger "${1:-demo.db}"
