#!/usr/bin/env bash
# Every allocation of libsupport goes through its allocator (sup_set_allocator, alloc.c):
# no direct malloc/calloc/realloc/free in libsupport/src but alloc.c itself.
set -euo pipefail
cd "$(dirname "$0")/.."
bad=$(grep -nE '(^|[^_[:alnum:].>])(malloc|calloc|realloc|free)\(' libsupport/src/*.c | grep -v '^libsupport/src/alloc.c:' |
      grep -vE '^\S+:[0-9]+:\s*(/?\*|//)' || true)
if [ -n "$bad" ]; then
  echo "check-alloc: direct allocation calls (use sup__malloc, sup__calloc, sup__realloc, sup__free):"
  echo "$bad"
  exit 1
fi
echo "check-alloc: every allocation goes through sup__malloc & co."
