#!/usr/bin/env bash
# The cluster of the ctest fixture "pg", seen as a test sees it: psql through
# SUP_TEST_PG_URI (a schema, a table, a row), the same URI as `pg-cluster.sh env`
# prints, the server not running as root, and the directories closed to others
# (trust authentication relies on it: another user cannot even reach the socket).
set -euo pipefail
: "${SUP_TEST_PG_URI:?run through ctest (ctest -L pg): SUP_TEST_PG_URI is not set}"
psql=${SUP_TEST_PG_BINDIR:?}/psql
dir=${SUP_TEST_PG_HOST:?}
failures=0
passed=0
check() { # description, command...
  local what=$1; shift
  if "$@"; then echo "ok: $what"; passed=$((passed + 1)); else echo "FAIL: $what"; failures=$((failures + 1)); fi
}
q() { PGOPTIONS='-c client_min_messages=warning' "$psql" -X -q -At -v ON_ERROR_STOP=1 "$SUP_TEST_PG_URI" "$@"; }

schema=selftest_$$_$RANDOM
out=$(q -c "CREATE SCHEMA $schema" \
        -c "CREATE TABLE $schema.t (id int PRIMARY KEY, name text NOT NULL)" \
        -c "INSERT INTO $schema.t VALUES (1, 'Отчёт'), (2, 'O''Brien')" \
        -c "SELECT string_agg(id || '=' || name, ',' ORDER BY id) FROM $schema.t")
check "a schema, a table and two rows through SUP_TEST_PG_URI" test "$out" = "1=Отчёт,2=O'Brien"
check "the schema is dropped again" q -c "DROP SCHEMA $schema CASCADE"
check "connected as $SUP_TEST_PG_USER to $SUP_TEST_PG_DB" \
  test "$(q -c 'SELECT current_user || current_database()')" = "$SUP_TEST_PG_USER$SUP_TEST_PG_DB"

printed=$(bash "$SUP_PG_CLUSTER_SH" env --plain "$dir" | sed -n 's/^SUP_TEST_PG_URI=//p')
check "the URI ctest gives is the one pg-cluster.sh env prints ($printed)" test "$printed" = "$SUP_TEST_PG_URI"
encoded="postgresql://$SUP_TEST_PG_USER@/$SUP_TEST_PG_DB?host=$(printf '%s' "$dir" | sed 's|/|%2F|g')&port=$SUP_TEST_PG_PORT"
check "libpq also takes the socket directory percent-encoded ($encoded)" \
  test "$("$psql" -X -At "$encoded" -c 'SELECT 7')" = 7

check "the socket $dir/.s.PGSQL.$SUP_TEST_PG_PORT exists" test -S "$dir/.s.PGSQL.$SUP_TEST_PG_PORT"
no_other_access() { # the mode has no bit for "other" (so, in particular, not world-writable)
  local m; m=$(stat -c %a "$1")
  echo "   $1: mode $m, owner $(stat -c %U:%G "$1")"
  [ $(( 0$m & 7 )) -eq 0 ]
}
check "the socket directory is closed to others" no_other_access "$dir"
check "the data directory is closed to others" no_other_access "$dir/data"
check "the data directory is not group-writable either" test $(( 0$(stat -c %a "$dir/data") & 020 )) -eq 0
pm=$(head -n 1 "$dir/data/postmaster.pid")
check "the postmaster ($pm) does not run as root" test "$(stat -c %u "/proc/$pm")" -ne 0

if [ "$(id -u)" -eq 0 ] && id -u nobody >/dev/null 2>&1; then
  # Root passes any directory mode; an ordinary user must be stopped by it.
  if setpriv --reuid=nobody --regid=nogroup --clear-groups -- "$psql" -X -At "$SUP_TEST_PG_URI" -c 'SELECT 1' \
       >/dev/null 2>/tmp/sup-pg-selftest-$$.err; then
    check "another user (nobody) cannot connect" false
  else
    check "another user (nobody) cannot connect: $(head -n 1 /tmp/sup-pg-selftest-$$.err)" \
      grep -q 'Permission denied' /tmp/sup-pg-selftest-$$.err
  fi
  rm -f /tmp/sup-pg-selftest-$$.err
fi

echo "$passed passed, $failures failed"
[ "$failures" -eq 0 ]
