#!/usr/bin/env bash
# A second, unprivileged user for the tests that need two uids (issue 11 B4: the web
# server reading the ledger the managers write; docs/testing-pg.md).
#
#   second-user.sh [--user NAME] [--groups G1,G2] CMD [ARGS...]
#       run CMD as NAME (default libsupport-web: the "web server"), its primary group
#       NAME and only the supplementary groups given; the environment is kept, with
#       HOME=/nonexistent, USER and LOGNAME set. Its exit status is CMD's.
#   second-user.sh [--user NAME] [--groups ...] --check [PATH...]
#       exit 0 when CMD could run as NAME and every PATH can be reached by it (a file
#       read, a directory entered), else 77 with the reason.
#
# Needs root: it creates NAME (and each group) once as a system account with no home
# and no login shell, then switches with setpriv. Not root, or no setpriv: a SKIP line
# on stderr and exit 77 (ctest: SKIP_RETURN_CODE 77, see sup_second_user_test).
# Only names starting with "libsupport-" are created or used; exit 2 on bad usage.
set -euo pipefail

user=libsupport-web
groups=''
check=0
usage() { echo "usage: second-user.sh [--user libsupport-NAME] [--groups G,...] (--check [PATH...] | CMD [ARGS...])" >&2; exit 2; }
skip() { echo "second-user: SKIP: $*" >&2; exit 77; }
ours() { [[ $1 =~ ^libsupport-[a-z0-9][a-z0-9-]{0,20}$ ]]; }

while [ $# -gt 0 ]; do
  case $1 in
    --user) [ $# -ge 2 ] || usage; user=$2; shift 2 ;;
    --groups) [ $# -ge 2 ] || usage; groups=$2; shift 2 ;;
    --check) check=1; shift; break ;;
    --) shift; break ;;
    -*) usage ;;
    *) break ;;
  esac
done
[ $check -eq 1 ] || [ $# -ge 1 ] || usage
ours "$user" || { echo "second-user: $user: only libsupport-* users are created or used" >&2; exit 2; }
IFS=, read -ra group_list <<<"$groups"
for g in "${group_list[@]}"; do
  ours "$g" || { echo "second-user: group $g: only libsupport-* groups are created or used" >&2; exit 2; }
done

[ "$(id -u)" -eq 0 ] || skip "needs root to create the system user $user and run as it (this is uid $(id -u))"
command -v setpriv >/dev/null || skip "no setpriv (util-linux)"
command -v useradd >/dev/null || skip "no useradd (passwd)"

# Two tests at once may race to create them: the loser finds what the winner made.
ensure_group() {
  getent group "$1" >/dev/null && return 0
  groupadd --system "$1" 2>/dev/null || getent group "$1" >/dev/null || skip "cannot create the group $1"
}
ensure_user() {
  id -u "$1" >/dev/null 2>&1 && return 0
  local primary=(--user-group)
  getent group "$1" >/dev/null && primary=(--gid "$1")
  useradd --system "${primary[@]}" --no-create-home --home-dir /nonexistent --shell /usr/sbin/nologin \
    --comment "libsupport tests, a second user" "$1" 2>/dev/null ||
    id -u "$1" >/dev/null 2>&1 || skip "cannot create the system user $1"
}
for g in "${group_list[@]}"; do ensure_group "$g"; done
ensure_user "$user"

as_user=(setpriv --reuid="$user" --regid="$(id -g "$user")")
if [ -n "$groups" ]; then
  as_user+=(--groups="$groups")
else
  as_user+=(--clear-groups)
fi

if [ $check -eq 1 ]; then
  for p in "$@"; do
    if [ -d "$p" ]; then
      "${as_user[@]}" -- test -x "$p" || skip "$user cannot enter $p (it or a parent directory is closed to it)"
    else
      "${as_user[@]}" -- test -r "$p" || skip "$user cannot read $p (it or a parent directory is closed to it)"
    fi
  done
  exit 0
fi
export HOME=/nonexistent USER="$user" LOGNAME="$user"
exec "${as_user[@]}" -- "$@"
