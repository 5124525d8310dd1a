#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for the tests (docs/testing-pg.md).
#
#   pg-cluster.sh start [--watch PID | --watch-ctest] DIR
#       initdb into DIR/data, start the server on a unix socket in DIR only (no TCP),
#       create the database "libsupport"; with --watch, a detached reaper stops the
#       server and removes DIR as soon as PID (or the nearest ctest ancestor) is gone,
#       even if it was killed with SIGKILL. DIR must not exist, be empty, or be an old
#       cluster made by this script (which is stopped and replaced). Prints `env`.
#   pg-cluster.sh env [--plain] DIR    shell-sourceable SUP_TEST_PG_* variables
#                                      (--plain: NAME=value lines, for CMake)
#   pg-cluster.sh uri DIR              the libpq URI of the database alone
#   pg-cluster.sh stop [--unless-kept] [--owner-ctest] DIR
#       stop the server (fast, then immediate) and remove DIR; --unless-kept does
#       nothing when SUP_PG_KEEP=1, --owner-ctest nothing when the cluster's reaper
#       watches another process than our ctest (the ctest fixture uses both).
#   pg-cluster.sh restart-immediate DIR   pg_ctl restart -m immediate (crash tests)
#   pg-cluster.sh status DIR              exit 0 when the server runs
#   pg-cluster.sh psql DIR [ARGS...]      psql on the cluster's database
#   pg-cluster.sh pick-dir BASE           the cluster dir a build in BASE uses:
#       BASE/pg, or /tmp/libsupport-pg-<hash of BASE> when BASE/pg is too long for a
#       unix socket path, has characters the server's settings cannot hold, or (as
#       root) cannot be reached by the server user
#   pg-cluster.sh bindir                  the server's bin dir (exit 1: not installed)
#
# The server never runs as root (initdb refuses): as root, the commands run as the
# system user libsupport-test (created once); otherwise as the calling user.
# Access is `trust` for local connections: the socket directory DIR (mode 0750,
# group libsupport-test as root; 0700 otherwise) is what keeps other users out.
# Environment: SUP_PG_BINDIR (the server's bin dir), SUP_PG_KEEP=1 (keep the
# cluster after the run), SUP_PG_MAX_CONNECTIONS (default 100).
set -euo pipefail

SELF=$(readlink -f "${BASH_SOURCE[0]}")
PORT=5432                    # fixed: the socket path is unique per DIR
SERVER_USER=libsupport-test  # the owner of the server processes when run as root
SUPERUSER=postgres           # the cluster's superuser role
DATABASE=libsupport
MARKER=.libsupport-pg-cluster
SOCKET_PATH_MAX=107          # sun_path holds 108 bytes with the terminating NUL

# Our own psql calls must not be redirected by the caller's libpq variables.
for v in $(compgen -e); do
  case $v in PG*) unset "$v" ;; esac
done

die() { echo "pg-cluster: $*" >&2; exit 1; }
note() { echo "pg-cluster: $*" >&2; }

is_root() { [ "$(id -u)" -eq 0 ]; }

# The newest Debian server (/usr/lib/postgresql/N/bin), else one on PATH.
find_bindir() {
  if [ -n "${SUP_PG_BINDIR:-}" ]; then
    [ -x "$SUP_PG_BINDIR/initdb" ] || die "SUP_PG_BINDIR=$SUP_PG_BINDIR has no initdb"
    echo "$SUP_PG_BINDIR"; return 0
  fi
  local d
  d=$(printf '%s\n' /usr/lib/postgresql/*/bin | sort -V | while read -r b; do
        [ -x "$b/initdb" ] && [ -x "$b/pg_ctl" ] && echo "$b"; done | tail -n 1)
  if [ -z "$d" ] && command -v initdb >/dev/null && command -v pg_ctl >/dev/null; then
    d=$(dirname "$(command -v initdb)")
  fi
  [ -n "$d" ] || return 1
  echo "$d"
}

bindir() {
  BINDIR=$(find_bindir) || die "no PostgreSQL server found (initdb, pg_ctl): apt-get install postgresql-15"
  PSQL=$BINDIR/psql
  [ -x "$PSQL" ] || PSQL=$(command -v psql) || die "no psql found: apt-get install postgresql-client-15"
}

# Characters a path may have here: unix_socket_directories is a comma/space list and
# the URI and the settings file quote it; anything else goes to the /tmp fallback.
safe_path() { [[ $1 =~ ^/[A-Za-z0-9/._+-]*$ ]]; }

socket_fits() { [ $(( ${#1} + ${#PORT} + 10 )) -le $SOCKET_PATH_MAX ]; }  # DIR/.s.PGSQL.PORT

# Every existing ancestor of $1 can be searched by "other" (the server user, as root).
others_can_reach() {
  local p=$1
  while p=$(dirname "$p"); [ "$p" != / ]; do
    if [ -e "$p" ]; then
      [ $(( 0$(stat -c %a "$p") & 1 )) -eq 1 ] || return 1
    fi
  done
}

cmd_pick_dir() {
  local base; base=$(readlink -m "$1")
  local dir=$base/pg
  if socket_fits "$dir" && safe_path "$dir" && { ! is_root || others_can_reach "$dir"; }; then
    echo "$dir"
  else
    echo "/tmp/libsupport-pg-$(printf '%s' "$base" | sha256sum | cut -c1-12)"
  fi
}

# ---------------------------------------------------------------------------
# The server user and running commands as it
# ---------------------------------------------------------------------------
ensure_server_user() {
  is_root || return 0
  id -u "$SERVER_USER" >/dev/null 2>&1 && return 0
  # Two starts at once may race here: the loser finds the user made by the winner.
  # (tests/support/second-user.sh --groups libsupport-test may have made the group first)
  local primary=(--user-group)
  getent group "$SERVER_USER" >/dev/null && primary=(--gid "$SERVER_USER")
  useradd --system "${primary[@]}" --no-create-home --home-dir /nonexistent \
    --shell /usr/sbin/nologin --comment "libsupport test PostgreSQL clusters" "$SERVER_USER" 2>/dev/null ||
    id -u "$SERVER_USER" >/dev/null 2>&1 || die "cannot create the system user $SERVER_USER"
}

# Run a command as the server's owner, in DIR (a cwd the server user can enter).
as_server_in() {
  local dir=$1; shift
  if is_root; then
    if command -v setpriv >/dev/null; then
      (cd "$dir" && exec setpriv --reuid="$SERVER_USER" --regid="$SERVER_USER" --init-groups -- "$@")
    else
      (cd "$dir" && exec runuser -u "$SERVER_USER" -- "$@")
    fi
  else
    (cd "$dir" && exec "$@")
  fi
}

# ---------------------------------------------------------------------------
# Processes
# ---------------------------------------------------------------------------
# Field N of /proc/PID/stat, counted from the first one after "(comm)" (which may
# hold spaces and parentheses): 2 is the parent pid, 20 the start time.
proc_stat_field() {
  local s f
  s=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
  read -ra f <<<"${s##*) }"
  [ -n "${f[$(( $2 - 1 ))]:-}" ] || return 1
  echo "${f[$(( $2 - 1 ))]}"
}
proc_ppid() { proc_stat_field "$1" 2; }
# "START-TIME" of a live process (the start time guards against a reused pid);
# fails for a process that is gone or a zombie (a killed ctest nobody reaped yet).
proc_alive_id() {
  local state
  state=$(proc_stat_field "$1" 1) || return 1
  case $state in Z|X|x) return 1 ;; esac
  proc_stat_field "$1" 20
}

find_ctest_ancestor() {
  local pid=$PPID
  while [ "${pid:-0}" -gt 1 ]; do
    [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = ctest ] && { echo "$pid"; return 0; }
    pid=$(proc_ppid "$pid") || return 1
  done
  return 1
}

# The postmaster of DIR, if it is alive and really ours (a stale pid file may name
# a pid reused by another process).
postmaster_pid() {
  local dir=$1 pid
  [ -f "$dir/data/postmaster.pid" ] || return 1
  pid=$(head -n 1 "$dir/data/postmaster.pid" 2>/dev/null) || return 1
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "$dir/data" || return 1
  echo "$pid"
}

# The pid of DIR's reaper, if it is alive (a run is using the cluster).
reaper_pid() {
  local dir=$1 pid
  pid=$(cat "$dir/reaper.pid" 2>/dev/null) || return 1
  [[ $pid =~ ^[0-9]+$ ]] || return 1
  tr '\0' ' ' <"/proc/$pid/cmdline" 2>/dev/null | grep -qF -- "__reap $dir " || return 1
  echo "$pid"
}

kill_reaper() {
  local pid
  if pid=$(reaper_pid "$1"); then
    kill "$pid" 2>/dev/null || true
  fi
}

# ---------------------------------------------------------------------------
# Commands
# ---------------------------------------------------------------------------
cmd_uri() {
  local dir=$1 host='' c i
  local LC_ALL=C
  for (( i = 0; i < ${#dir}; i++ )); do  # percent-encode all but unreserved and '/'
    c=${dir:i:1}
    case $c in
      [A-Za-z0-9._~/-]) host+=$c ;;
      *) printf -v c '%%%02X' "'$c"; host+=$c ;;
    esac
  done
  echo "postgresql://$SUPERUSER@/$DATABASE?host=$host&port=$PORT"
}

cmd_env() {
  local plain=0
  [ "${1:-}" = --plain ] && { plain=1; shift; }
  [ $# -eq 1 ] || die "usage: env [--plain] DIR"
  local dir; dir=$(readlink -m "$1")
  bindir
  local -a vars=(
    "SUP_TEST_PG_HOST=$dir" "SUP_TEST_PG_PORT=$PORT" "SUP_TEST_PG_USER=$SUPERUSER"
    "SUP_TEST_PG_DB=$DATABASE" "SUP_TEST_PG_URI=$(cmd_uri "$dir")"
    "SUP_TEST_PG_BINDIR=$BINDIR" "SUP_PG_CLUSTER_SH=$SELF")
  local v
  for v in "${vars[@]}"; do
    if [ $plain -eq 1 ]; then
      echo "$v"
    else
      local val=${v#*=}
      printf "export %s='%s'\n" "${v%%=*}" "${val//\'/\'\\\'\'}"
    fi
  done
}

write_config() {
  local dir=$1 data=$1/data
  cat >>"$data/postgresql.conf" <<EOF

# --- pg-cluster.sh: a throwaway cluster for libsupport's tests ---
listen_addresses = ''                  # no TCP: the unix socket in DIR only
port = $PORT
unix_socket_directories = '$dir'
unix_socket_permissions = 0770         # the directory's mode is the real gate
max_connections = ${SUP_PG_MAX_CONNECTIONS:-100}
shared_buffers = 16MB
huge_pages = off
fsync = on                             # durability and crash tests rely on these
synchronous_commit = on
full_page_writes = on
recovery_init_sync_method = syncfs     # after restart -m immediate the server syncs its data directory
                                       # before recovery: file by file that took over 60 s once a run's
                                       # cluster held thousands of test schemas; syncfs does it at once
logging_collector = off                # stderr, which pg_ctl -l sends to DIR/log/postgres.log
log_checkpoints = off
log_line_prefix = '%m [%p] %q%u@%d '
lc_messages = 'C'
timezone = 'UTC'
EOF
  # Replaces initdb's file: local connections only, trusted (see the header).
  printf '# pg-cluster.sh: unix socket only, protected by the mode of %s\nlocal all all trust\n' \
    "$dir" >"$data/pg_hba.conf"
}

start_server() {
  local dir=$1 t=${2:-60}
  # setsid: the postmaster outlives the caller's session and process group; -l: its
  # output goes to the log, never to the caller's pipes (ctest waits for those).
  as_server_in "$dir" setsid -w "$BINDIR/pg_ctl" -D "$dir/data" -l "$dir/log/postgres.log" \
    -w -t "$t" -s start >>"$dir/log/pg_ctl.log" 2>&1
}

cmd_start() {
  local watch='' watch_ctest=0
  while [ $# -gt 1 ]; do
    case $1 in
      --watch) watch=$2; shift 2 ;;
      --watch-ctest) watch_ctest=1; shift ;;
      *) die "start: unknown option $1" ;;
    esac
  done
  [ $# -eq 1 ] || die "usage: start [--watch PID | --watch-ctest] DIR"
  local dir; dir=$(readlink -m "$1")
  bindir
  safe_path "$dir" || die "start: $dir: use a path of letters, digits and /._+- only"
  socket_fits "$dir" || die "start: $dir is too long for a unix socket ($dir/.s.PGSQL.$PORT > $SOCKET_PATH_MAX bytes): pick a shorter one"
  [ -L "$dir" ] && die "start: $dir is a symbolic link"

  if [ -e "$dir" ]; then
    if [ -f "$dir/$MARKER" ]; then
      local r
      # Another run's cluster (its reaper still watches it): replacing it would pull
      # the server from under that run's tests.
      if r=$(reaper_pid "$dir"); then
        die "start: the cluster in $dir is in use by a running test run (reaper $r); if that run is over: $SELF stop $dir"
      fi
      note "replacing the old cluster in $dir"
      cmd_stop "$dir"
    elif [ -d "$dir" ] && [ -z "$(ls -A "$dir")" ]; then
      :  # an empty directory, e.g. from mktemp -d
    else
      die "start: $dir exists and is not a cluster made by pg-cluster.sh"
    fi
  fi
  mkdir -p "$(dirname "$dir")"
  [ -d "$dir" ] || mkdir -m 0700 "$dir"
  [ "$(stat -c %u "$dir")" = "$(id -u)" ] || die "start: $dir belongs to another user"
  : >"$dir/$MARKER"
  mkdir -m 0700 "$dir/log"

  if is_root; then
    ensure_server_user
    chown "$SERVER_USER:$SERVER_USER" "$dir" "$dir/log"
    chmod 0750 "$dir"
    as_server_in / test -w "$dir" ||
      { rm -rf -- "$dir"; die "start: the user $SERVER_USER cannot reach $dir (a parent directory is not searchable by others): use a directory under /tmp"; }
  else
    chmod 0700 "$dir"
  fi

  if ! as_server_in "$dir" "$BINDIR/initdb" -D "$dir/data" -U "$SUPERUSER" --auth=trust \
       --encoding=UTF8 --locale=C --no-sync --no-instructions >"$dir/log/initdb.log" 2>&1; then
    cat "$dir/log/initdb.log" >&2
    rm -rf -- "$dir"; die "start: initdb failed"
  fi
  write_config "$dir"
  if ! start_server "$dir"; then
    tail -n 30 "$dir/log/pg_ctl.log" "$dir/log/postgres.log" >&2 2>/dev/null || true
    cmd_stop "$dir"; die "start: the server did not start"
  fi
  if ! "$PSQL" -X -q -v ON_ERROR_STOP=1 -h "$dir" -p "$PORT" -U "$SUPERUSER" -d postgres \
       -c "CREATE DATABASE $DATABASE" >"$dir/log/createdb.log" 2>&1; then
    cat "$dir/log/createdb.log" >&2
    cmd_stop "$dir"; die "start: cannot create the database $DATABASE"
  fi
  cmd_env "$dir" >"$dir/env"

  if [ $watch_ctest -eq 1 ]; then
    watch=$(find_ctest_ancestor) || { watch=$PPID; note "no ctest among the ancestors: watching the parent, pid $watch"; }
  fi
  if [ -n "$watch" ] && [ "${SUP_PG_KEEP:-0}" = 1 ]; then
    note "SUP_PG_KEEP=1: no reaper; stop it yourself: $SELF stop $dir"
  elif [ -n "$watch" ]; then
    local st
    st=$(proc_alive_id "$watch") || { cmd_stop "$dir"; die "start: no process $watch to watch"; }
    (cd / && exec setsid bash "$SELF" __reap "$dir" "$watch" "$st" \
       </dev/null >>"$dir/log/reaper.log" 2>&1) &
    local i
    for (( i = 0; i < 100; i++ )); do
      [ -s "$dir/reaper.pid" ] && break
      sleep 0.05
    done
    [ -s "$dir/reaper.pid" ] || { cmd_stop "$dir"; die "start: the reaper did not start"; }
    note "reaper $(cat "$dir/reaper.pid") removes the cluster when process $watch ends"
  fi
  note "PostgreSQL $("$BINDIR/postgres" -V | awk '{print $3}') running in $dir (socket $dir/.s.PGSQL.$PORT, log $dir/log/postgres.log)"
  cat "$dir/env"
}

# The detached reaper: polls the watched process (pid and start time, so that a
# reused pid does not keep it alive) and removes the cluster when it is gone.
cmd_reap() {
  local dir=$1 pid=$2 st=$3 fd
  for fd in "/proc/$$/fd/"*; do      # hold none of the starter's pipes or files
    fd=${fd##*/}
    [ "$fd" -gt 2 ] && [ "$fd" -lt 255 ] && eval "exec $fd>&-"
  done
  echo $$ >"$dir/reaper.pid"
  while [ -f "$dir/$MARKER" ]; do
    [ "$(proc_alive_id "$pid" 2>/dev/null)" = "$st" ] || {
      echo "$(date '+%F %T') reaper: process $pid is gone: stopping the cluster in $dir"
      REAPING=1 cmd_stop "$dir"
      exit 0
    }
    sleep 0.5
  done
}

cmd_stop() {
  local kept_ok=0 owner_ctest=0
  while [ $# -gt 1 ]; do
    case $1 in
      --unless-kept) kept_ok=1; shift ;;
      --owner-ctest) owner_ctest=1; shift ;;
      *) die "stop: unknown option $1" ;;
    esac
  done
  if [ $kept_ok -eq 1 ] && [ "${SUP_PG_KEEP:-0}" = 1 ]; then
    note "SUP_PG_KEEP=1: the cluster stays in ${1:-?}; connect with: eval \"\$($SELF env ${1:-DIR})\"; psql \"\$SUP_TEST_PG_URI\"; stop it with: $SELF stop ${1:-DIR}"
    return 0
  fi
  if [ $owner_ctest -eq 1 ] && [ $# -eq 1 ]; then
    # The fixture's cleanup runs even when its start failed: a cluster that another
    # run's reaper watches is that run's, not ours to remove.
    local r me watched
    if r=$(reaper_pid "$(readlink -m "$1")"); then
      me=$(find_ctest_ancestor) || me=$PPID
      watched=$(tr '\0' '\n' <"/proc/$r/cmdline" | sed -n 5p)
      if [ "$watched" != "$me" ]; then
        note "the cluster in $1 belongs to another run (reaper $r watches pid $watched): left alone"
        return 0
      fi
    fi
  fi
  [ $# -eq 1 ] || die "usage: stop [--unless-kept] [--owner-ctest] DIR"
  local dir; dir=$(readlink -m "$1")
  [ -e "$dir" ] || return 0
  [ -f "$dir/$MARKER" ] || die "stop: refusing to remove $dir: it is not a cluster made by pg-cluster.sh"
  bindir
  [ -n "${REAPING:-}" ] || kill_reaper "$dir"
  if postmaster_pid "$dir" >/dev/null; then
    # The reaper skips the fast shutdown: its checkpoint (fsync is on) can take seconds
    # on a busy disk, and the run it served is gone anyway.
    local modes=(fast immediate) m pid
    [ -z "${REAPING:-}" ] || modes=(immediate)
    for m in "${modes[@]}"; do
      as_server_in "$dir" "$BINDIR/pg_ctl" -D "$dir/data" -m "$m" -w -t 20 -s stop >/dev/null 2>&1 && break
    done
    if pid=$(postmaster_pid "$dir"); then
      kill -KILL "$pid" 2>/dev/null || true
    fi
  fi
  rm -rf -- "$dir"
}

need_cluster() {
  local dir=$1
  [ -f "$dir/$MARKER" ] || die "$dir is not a cluster made by pg-cluster.sh"
  bindir
}

cmd_restart_immediate() {
  [ $# -eq 1 ] || die "usage: restart-immediate DIR"
  local dir; dir=$(readlink -m "$1")
  need_cluster "$dir"
  as_server_in "$dir" setsid -w "$BINDIR/pg_ctl" -D "$dir/data" -l "$dir/log/postgres.log" \
    -m immediate -w -t 180 -s restart >>"$dir/log/pg_ctl.log" 2>&1 ||
    { tail -n 30 "$dir/log/postgres.log" >&2; die "restart-immediate: the server did not come back"; }
}

cmd_status() {
  [ $# -eq 1 ] || die "usage: status DIR"
  local dir; dir=$(readlink -m "$1")
  need_cluster "$dir"
  as_server_in "$dir" "$BINDIR/pg_ctl" -D "$dir/data" status
}

cmd_psql() {
  [ $# -ge 1 ] || die "usage: psql DIR [ARGS...]"
  local dir; dir=$(readlink -m "$1"); shift
  need_cluster "$dir"
  exec "$PSQL" -X "$(cmd_uri "$dir")" "$@"
}

[ $# -ge 1 ] || { sed -n '2,/^set -euo/p' "$SELF" | sed '$d; s/^# \{0,1\}//' >&2; exit 2; }
cmd=$1; shift
case $cmd in
  start) cmd_start "$@" ;;
  stop) cmd_stop "$@" ;;
  env) cmd_env "$@" ;;
  uri) [ $# -eq 1 ] || die "usage: uri DIR"; cmd_uri "$(readlink -m "$1")" ;;
  restart-immediate) cmd_restart_immediate "$@" ;;
  status) cmd_status "$@" ;;
  psql) cmd_psql "$@" ;;
  pick-dir) [ $# -eq 1 ] || die "usage: pick-dir BASE"; cmd_pick_dir "$1" ;;
  bindir) find_bindir ;;
  __reap) cmd_reap "$@" ;;
  *) die "unknown command $cmd (start, env, uri, stop, restart-immediate, status, psql, pick-dir, bindir)" ;;
esac
