#!/usr/bin/env bash
# pg-cluster.sh's commands, apart from the reaper (reaper_test.sh): start replaces an
# old cluster of its own and refuses anything else, stop removes the cluster (or keeps
# it with SUP_PG_KEEP=1 and --unless-kept) and never a directory it did not make,
# pick-dir falls back to a stable /tmp name when the build's path cannot hold the
# socket, and the URI percent-encodes the socket directory.
#   lifecycle_test.sh [path/to/pg-cluster.sh]
set -euo pipefail
cluster=${1:-$(dirname "$(readlink -f "$0")")/pg-cluster.sh}
failures=0
passed=0
check() { # description, command...
  local what=$1; shift
  if "$@"; then echo "ok: $what"; passed=$((passed + 1)); else echo "FAIL: $what"; failures=$((failures + 1)); fi
}
pc() { bash "$cluster" "$@"; }
alive() { # alive and not a zombie
  local s
  s=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  s=${s##*) }
  [ "${s%% *}" != Z ]
}
gone() { ! alive "$1"; }
running() { pc status "$1" >/dev/null; }
fails_with() { # message-part, command...: exits non-zero and says message-part
  local want=$1 out; shift
  if out=$("$@" 2>&1); then return 1; fi
  grep -qF -- "$want" <<<"$out" || { echo "   said: $out"; return 1; }
}

work=$(mktemp -d /tmp/sup-pg-life-XXXXXX)
chmod 0755 "$work" # the server user (as root: libsupport-test) must reach $work/c
dir=$work/c
trap 'pc stop "$dir" 2>/dev/null || true; rm -rf "$work"' EXIT

# ---- start, replace, stop
pc start "$dir" >/dev/null 2>&1
first=$(head -n 1 "$dir/data/postmaster.pid")
check "start: the server runs" running "$dir"
check "start: no reaper without --watch" test ! -e "$dir/reaper.pid"
check "start: the env file is what env prints" test "$(cat "$dir/env")" = "$(pc env "$dir")"
pc start "$dir" >/dev/null 2>&1
second=$(head -n 1 "$dir/data/postmaster.pid")
check "start again: a new server ($second)" test "$first" != "$second"
check "replaces the old one ($first)" gone "$first"
SUP_PG_KEEP=1 pc stop --unless-kept "$dir" 2>/dev/null
check "stop --unless-kept with SUP_PG_KEEP=1 keeps it" running "$dir"
pc stop --unless-kept "$dir"
check "stop --unless-kept without it removes the directory" test ! -e "$dir"
check "and the server ($second)" gone "$second"
check "stop on a missing directory: nothing to do, success" pc stop "$dir"

# ---- what it refuses
mkdir "$work/foreign"; echo keep >"$work/foreign/file"
check "stop refuses a directory it did not make" fails_with "not a cluster made by pg-cluster.sh" pc stop "$work/foreign"
check "start refuses a non-empty directory it did not make" fails_with "is not a cluster made by" pc start "$work/foreign"
check "both left it alone" test "$(cat "$work/foreign/file")" = keep
long=$work/$(printf 'x%.0s' $(seq 1 100))
check "start refuses a path too long for a unix socket" fails_with "too long for a unix socket" pc start "$long"
check "start refuses a path with a space" fails_with "letters, digits" pc start "$work/a b"
sleep 30 & doomed=$!
kill -9 "$doomed"; wait "$doomed" 2>/dev/null || true
check "start --watch of a process that is gone fails" fails_with "no process $doomed to watch" pc start --watch "$doomed" "$dir"
check "and leaves no directory" test ! -e "$dir"
sleep 60 & watched=$!
SUP_PG_KEEP=1 pc start --watch "$watched" "$dir" >/dev/null 2>&1
check "start --watch with SUP_PG_KEEP=1: no reaper" test ! -e "$dir/reaper.pid"
pc start --watch "$watched" "$dir" >/dev/null 2>&1
check "start over a kept cluster replaces it, with a reaper" test -s "$dir/reaper.pid"
check "start over a cluster another run uses (its reaper alive) is refused" \
  fails_with "in use by a running test run" pc start "$dir"
check "and that cluster still runs" running "$dir"
pc stop --owner-ctest "$dir" 2>/dev/null
check "stop --owner-ctest leaves a cluster whose reaper watches another process alone" running "$dir"
reaper=$(cat "$dir/reaper.pid")
pc stop "$dir"
check "stop also ends the reaper ($reaper)" gone "$reaper"
kill "$watched"; wait "$watched" 2>/dev/null || true

# ---- pick-dir and the URI
check "pick-dir: a short build dir keeps its pg/" test "$(pc pick-dir /tmp/b)" = /tmp/b/pg
fallback=$(pc pick-dir "$long")
check "pick-dir: a long one falls back to $fallback" grep -Eq "^/tmp/libsupport-pg-[0-9a-f]{12}$" <<<"$fallback"
check "pick-dir: the fallback is stable" test "$(pc pick-dir "$long")" = "$fallback"
check "pick-dir: another build dir, another fallback" test "$(pc pick-dir "$long"y)" != "$fallback"
check "pick-dir: a space falls back too" test "$(pc pick-dir '/tmp/a b' | cut -c1-19)" = /tmp/libsupport-pg-
if [ "$(id -u)" -eq 0 ]; then
  mkdir -m 0700 "$work/closed"
  check "pick-dir as root: a build dir the server user cannot reach falls back" \
    test "$(pc pick-dir "$work/closed/build" | cut -c1-19)" = /tmp/libsupport-pg-
fi
check "uri: the socket directory percent-encoded where it must be" \
  test "$(pc uri '/tmp/a b&c=%é+')" = "postgresql://postgres@/libsupport?host=/tmp/a%20b%26c%3D%25%C3%A9%2B&port=5432"
check "env: shell-sourceable, quotes and all" \
  test "$(eval "$(pc env "/tmp/it's")"; echo "$SUP_TEST_PG_HOST")" = "/tmp/it's"

echo "$passed passed, $failures failed"
[ "$failures" -eq 0 ]
