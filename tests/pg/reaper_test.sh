#!/usr/bin/env bash
# The reaper of pg-cluster.sh: a cluster started with --watch PID is stopped and its
# directory removed within seconds once PID is killed with SIGKILL (what happens to
# ctest when a run is killed).
#   reaper_test.sh [path/to/pg-cluster.sh]
set -euo pipefail
cluster=${1:-$(dirname "$(readlink -f "$0")")/pg-cluster.sh}
limit=8 # seconds allowed for the cleanup (the reaper polls twice a second)
failures=0
check() { # description, command...
  local what=$1; shift
  if "$@"; then echo "ok: $what"; else echo "FAIL: $what"; failures=$((failures + 1)); fi
}

# Alive and not a zombie (an orphan's zombie lingers until pid 1 reaps it).
alive() {
  local s
  s=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  s=${s##*) }
  [ "${s%% *}" != Z ]
}

dir=$(mktemp -d /tmp/sup-pg-reaper-XXXXXX)
sleep 600 &
watched=$!
cleanup() {
  kill -9 "$watched" 2>/dev/null || true
  if [ -d "$dir" ]; then bash "$cluster" stop "$dir" || true; fi
}
trap cleanup EXIT

bash "$cluster" start --watch "$watched" "$dir" >/dev/null
postmaster=$(head -n 1 "$dir/data/postmaster.pid")
reaper=$(cat "$dir/reaper.pid")
check "the postmaster $postmaster runs" alive "$postmaster"
check "the reaper $reaper runs" alive "$reaper"
check "the reaper is detached (its own session)" \
  test "$(ps -o sid= -p "$reaper" | tr -d ' ')" = "$reaper"
check "the server answers" \
  "$(bash "$cluster" env --plain "$dir" | sed -n 's/^SUP_TEST_PG_BINDIR=//p')/psql" -X -At \
  "$(bash "$cluster" uri "$dir")" -c 'SELECT 42' -o /dev/null
sleep 1.2 # two polls of the reaper
check "the cluster stays while the watched process lives" test -d "$dir"

start=$(date +%s%N)
kill -9 "$watched"
gone=0
while [ $(( ($(date +%s%N) - start) / 1000000 )) -lt $(( limit * 1000 )) ]; do
  if [ ! -e "$dir" ] && ! alive "$postmaster" && ! alive "$reaper"; then
    gone=1; break
  fi
  sleep 0.1
done
ms=$(( ($(date +%s%N) - start) / 1000000 ))
wait "$watched" 2>/dev/null || true
check "after SIGKILL of the watched process: postmaster, reaper and $dir gone ($ms ms, limit ${limit} s)" \
  test "$gone" = 1
check "no server process of the cluster is left" \
  test -z "$(pgrep -f -- "$dir/data" || true)"

if [ "$failures" -ne 0 ]; then
  echo "0 passed, $failures failed"
  exit 1
fi
echo "reaper: all checks passed"
