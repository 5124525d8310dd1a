#!/usr/bin/env bash
# guard.sh STATE_DIR PID START_TIME
# Started detached (its own session, reparented to init) by packaging_test.sh, so that ctest's kill of
# the test's process tree does not reach it. It waits until the test process PID (whose /proc stat
# start time is START_TIME) is gone; if the test did not finish its own clean-up (STATE_DIR/installed
# still exists), it stops the php-fpm it started and purges the packages it installed (STATE_DIR/purge),
# so a killed test never leaves libsupport packages shadowing the build tree's library.
state=$1 pid=$2 start=$3
alive() { [ -r "/proc/$pid/stat" ] && [ "$(awk '{ print $22 }' "/proc/$pid/stat" 2>/dev/null)" = "$start" ]; }
while alive; do sleep 1; done
[ -e "$state/installed" ] || exit 0
echo "guard: the packaging test (pid $pid) ended without its clean-up: purging $(tr "\n" " " <"$state/purge" 2>/dev/null)"
if [ -s "$state/fpm.pid" ]; then
  kill -TERM -- "-$(cat "$state/fpm.pid")" 2>/dev/null || kill -TERM "$(cat "$state/fpm.pid")" 2>/dev/null
fi
export DEBIAN_FRONTEND=noninteractive
dpkg --configure -a || true
# shellcheck disable=SC2046
apt-get -o DPkg::Lock::Timeout=300 purge -y $(cat "$state/purge") && rm -f "$state/installed"
