#!/usr/bin/env bash
# Issue 11 B4: an SQLite ledger shared by two users — the managers (libsupport-mgr)
# who write it and the website (libsupport-web) that reads it, as another uid.
#
#   test_shared_ledger.sh SUPPORTCTL LEDGER_HOLD
#
# 1. The deployment model of docs/ledger.md ("Several users"): one group
#    (libsupport-share), a setgid directory of that group, the ledger made with
#    `supportctl init --mode 0660`. The website's read-only connection makes the
#    -wal/-shm files; the managers keep writing while it reads and after it left.
# 2. The same in a directory without the setgid bit: the library gives the -wal/-shm
#    files it makes the ledger's group (the fix: before it, the managers got
#    "attempt to write a readonly database").
# 3. A ledger not set up for sharing (0644 in a world-writable directory): the
#    reader leaves a -shm file the managers cannot write; their next change is a
#    clear read-only error naming the file, its owner and docs/ledger.md.
# Needs root (creates the users and the group); exit 77 (skipped) otherwise.
set -euo pipefail
supportctl=$(readlink -f "$1")
hold=$(readlink -f "$2")
here=$(cd "$(dirname "$0")" && pwd)
second="$here/second-user.sh"
[ "$(id -u)" -eq 0 ] || { echo "test_shared_ledger: SKIP: needs root to create two users and a group" >&2; exit 77; }

share=libsupport-share
as_mgr() { bash "$second" --user libsupport-mgr --groups "$share" "$@"; }
as_web() { bash "$second" --user libsupport-web --groups "$share" "$@"; }
as_web true # creates the users and the group
as_mgr true
for bin in "$supportctl" "$hold"; do
  as_mgr --check "$bin" || { echo "test_shared_ledger: SKIP: the build dir is closed to other users" >&2; exit 77; }
done

top=$(mktemp -d /tmp/sup-shared-XXXXXX)
reader_pid=""
cleanup() {
  [ -n "$reader_pid" ] && kill "$reader_pid" 2>/dev/null || true
  rm -rf "$top"
}
trap cleanup EXIT
chmod 0755 "$top"

fail() { echo "test_shared_ledger: FAIL: $*" >&2; exit 1; }
mgr() { as_mgr "$supportctl" "$@" --ledger "$ledger"; }

# The web server's reader holds the ledger open (read-only) until its stdin closes.
start_reader() {
  coproc READER { as_web "$hold" "$ledger"; }
  reader_pid=$READER_PID
  read -r line <&"${READER[0]}" || fail "the reader did not start"
  case $line in READY*) ;; *) fail "the reader said: $line" ;; esac
}
stop_reader() {
  exec {READER[1]}>&-
  wait "$reader_pid" || fail "the reader failed"
  reader_pid=""
}

setup_catalogue() {
  mgr product-add --code R1 --name "Отчёт" --kind perpetual --support-months 6 --price 7990 \
    --effective 2025-01-01 >/dev/null
  mgr customer-add --code C1 --name "ООО «Один»" >/dev/null
  mgr sell --customer C1 --product R1 --on 2026-01-15 >/dev/null
}

# ---- 1. a setgid directory of the shared group, a 0660 ledger ------------------------------------
dir="$top/setgid"
mkdir "$dir"
chgrp "$share" "$dir"
chmod 2770 "$dir"
ledger="$dir/ledger.db"
mgr init --mode 0660 >/dev/null
[ "$(stat -c %a "$ledger")" = 660 ] || fail "init --mode 0660 made $(stat -c %a "$ledger")"
setup_catalogue
start_reader
[ -e "$ledger-shm" ] || fail "the reader made no -shm file"
mgr renew --license 1 --on 2026-08-01 --paid 1998 --payment-id p1 >/dev/null ||
  fail "the managers cannot write while the website reads"
stop_reader
mgr customer-add --code C2 --name "ООО «Два»" >/dev/null || fail "the managers cannot write after the website read"
echo "ok 1: shared group, setgid directory, 0660 ledger: writes during and after a read of another user"

# ---- 2. no setgid bit: the library gives its -wal/-shm the ledger's group -------------------------
dir="$top/plain"
mkdir "$dir"
chgrp "$share" "$dir"
chmod 0770 "$dir"
ledger="$dir/ledger.db"
mgr init --mode 0660 >/dev/null
as_mgr chgrp "$share" "$ledger"
setup_catalogue
start_reader
for f in "$ledger-shm" "$ledger-wal"; do
  [ ! -e "$f" ] || [ "$(stat -c %G "$f")" = "$share" ] || fail "$f has group $(stat -c %G "$f"), not $share"
done
stop_reader
mgr renew --license 1 --on 2026-08-01 --paid 1998 --payment-id p1 >/dev/null ||
  fail "the managers cannot write after a reader of another user (no setgid directory)"
echo "ok 2: no setgid directory: the reader's -wal/-shm files get the ledger's group"

# ---- 3. not set up for sharing: a clear error, not "attempt to write a readonly database" ---------
dir="$top/open"
mkdir "$dir"
chmod 1777 "$dir"
ledger="$dir/ledger.db"
mgr init >/dev/null
chmod 0644 "$ledger"
setup_catalogue
start_reader
stop_reader
if [ -e "$ledger-shm" ] && [ "$(stat -c %U "$ledger-shm")" = libsupport-web ]; then
  set +e
  err=$(mgr customer-add --code C9 --name x 2>&1 >/dev/null)
  code=$?
  set -e
  [ "$code" = 1 ] || fail "a change beside another user's -shm exited $code: $err"
  case $err in
    *"belongs to uid"*"Several users"*) ;;
    *) fail "unclear error: $err" ;;
  esac
  echo "ok 3: a ledger not set up for sharing: $err"
else
  echo "ok 3: (the reader left no -shm file of its own: nothing to refuse)"
fi
