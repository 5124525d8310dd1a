#!/usr/bin/env bash
# second-user.sh: a command really runs as another, unprivileged uid (files closed to
# it stay closed, files it makes are its own), with the groups asked for and no
# others; other users are refused; without root, exit 77 (ctest: skipped).
#   second_user_test.sh [path/to/second-user.sh]
set -euo pipefail
su=${1:-${SUP_SECOND_USER_SH:-$(dirname "$(readlink -f "$0")")/second-user.sh}}
failures=0
passed=0
check() { # description, command...
  local what=$1; shift
  if "$@"; then echo "ok: $what"; passed=$((passed + 1)); else echo "FAIL: $what"; failures=$((failures + 1)); fi
}

rc=0
bash "$su" --check || rc=$?
[ $rc -eq 77 ] && exit 77 # not root: second-user.sh said why
[ $rc -eq 0 ] || { echo "FAIL: second-user.sh --check exited $rc"; exit 1; }

check "it runs as libsupport-web" test "$(bash "$su" id -un)" = libsupport-web
web_uid=$(bash "$su" id -u)
check "a uid ($web_uid) that is neither root nor the runner ($(id -u))" test "$web_uid" -ne 0 -a "$web_uid" -ne "$(id -u)"
check "with its own group only" test "$(bash "$su" id -Gn)" = libsupport-web
check "the environment is kept, USER and HOME set" \
  test "$(SUP_PROBE=kept bash "$su" sh -c 'echo "$SUP_PROBE $USER $HOME"')" = "kept libsupport-web /nonexistent"
check "the exit status is the command's" sh -c "bash '$su' sh -c 'exit 3'; test \$? -eq 3"

dir=$(mktemp -d /tmp/sup-second-user-XXXXXX)
trap 'rm -rf "$dir"' EXIT
chmod 0711 "$dir"
echo secret >"$dir/private"; chmod 0600 "$dir/private"
echo public >"$dir/public"; chmod 0644 "$dir/public"
check "a 0600 file of the runner is closed to it" sh -c "! bash '$su' cat '$dir/private' 2>/dev/null"
check "a 0644 file of the runner is open to it" test "$(bash "$su" cat "$dir/public")" = public
mkdir "$dir/shared"; chmod 1777 "$dir/shared"
bash "$su" sh -c "umask 022; echo x > '$dir/shared/made-by-web'"
check "a file it makes is its own (libsupport-web, 0644)" \
  test "$(stat -c '%U %a' "$dir/shared/made-by-web")" = "libsupport-web 644"

check "--groups adds exactly the groups asked for" \
  test "$(bash "$su" --groups libsupport-test id -Gn)" = "libsupport-web libsupport-test"
check "--user runs as another libsupport- user" test "$(bash "$su" --user libsupport-mgr id -un)" = libsupport-mgr
rc=0; bash "$su" --user root id 2>/dev/null || rc=$?
check "--user root is refused (exit 2)" test $rc -eq 2
rc=0; bash "$su" --groups root id 2>/dev/null || rc=$?
check "--groups root is refused (exit 2)" test $rc -eq 2

mkdir -m 0700 "$dir/closed"
rc=0; msg=$(bash "$su" --check "$dir/public" "$dir/closed" 2>&1) || rc=$?
check "--check on a closed directory: 77, naming it ($msg)" test $rc -eq 77 -a -n "$(echo "$msg" | grep -F "$dir/closed")"
check "--check on reachable paths: 0" bash "$su" --check "$dir/public" "$dir/shared"

if id -u nobody >/dev/null 2>&1 &&
   setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups -- test -r "$su"; then
  rc=0; msg=$(setpriv --reuid=nobody --regid="$(id -g nobody)" --clear-groups -- bash "$su" id 2>&1) || rc=$?
  check "not root: exit 77 with a SKIP line ($msg)" test $rc -eq 77 -a -n "$(echo "$msg" | grep '^second-user: SKIP: needs root')"
fi

echo "$passed passed, $failures failed"
[ "$failures" -eq 0 ]
