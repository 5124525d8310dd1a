#!/usr/bin/env bash
# ctest `packaging` (label packaging, RUN_SERIAL): libsupport's Debian packages as a user gets them.
#
#   packaging_test.sh SOURCE_DIR [LOG_DIR]
#
#  1. builds the packages (bash scripts/build-debs.sh --binary-only: dpkg-buildpackage, then lintian,
#     which must report no error);
#  2. installs them with apt-get (with whatever they pull in);
#  3. then, with no environment variable but PATH (env -i): builds and runs examples/c through
#     pkg-config and through CMake's find_package, runs the seed example in /usr/bin/python3, `php -r`
#     with the extension enabled by phpenmod, `supportctl demo` from PATH and reads its man page, and
#     serves the packaged portal (/usr/share/libsupport/portal) under php-fpm with the packaged
#     extension, on a unix socket in a scratch directory;
#  4. purges the packages and checks that nothing of them is left: no file dpkg -L listed, no link or
#     state under /etc/php and /var/lib/php/modules, no alternative, no package in any state, and the
#     system's package set exactly as before.
#
# Needs root (apt-get): exits 77 otherwise, which ctest shows as skipped (with this message). Refuses
# to run (fails) when libsupport packages are already installed: it purges only what it installed.
# Clean-up happens even on failure (an EXIT trap), and if the test is killed (ctest's timeout) a guard
# process (guard.sh) stops php-fpm and purges the packages. LOG_DIR (default: the scratch directory)
# keeps the build log, lintian's output and the php-fpm log.
set -euo pipefail
src=$(cd "$1" && pwd)
here=$src/tests/packaging

if [ "$(id -u)" -ne 0 ]; then
  echo "SKIP: the packaging test installs and purges Debian packages with apt-get: it needs root" \
       "(CI runs as root; as a user: sudo ctest --test-dir BUILD -L packaging)"
  exit 77
fi
missing=()
for tool in apt-get dpkg-buildpackage dh dh_python3 lintian /usr/bin/python3 /usr/sbin/php-fpm8.2 php cc cmake; do
  command -v "$tool" >/dev/null || missing+=("$tool")
done
if [ ${#missing[@]} -gt 0 ]; then
  echo "FAIL: not installed: ${missing[*]} (Debian packages apt dpkg-dev debhelper dh-python lintian python3" \
       "php8.2-fpm php8.2-cli build-essential cmake: bash scripts/deps.sh)"
  exit 1
fi

packages=(libsupport0 libsupport-dev python3-libsupport php8.2-libsupport supportctl libsupport-site libsupport-doc)
pkg_states() { dpkg-query -W -f='${db:Status-Abbrev} ${binary:Package} ${Version}\n' | sort; }
state_of() { dpkg-query -W -f='${db:Status-Abbrev}' "$1" 2>/dev/null | tr -d ' ' || true; }
present=()
for p in "${packages[@]}"; do
  case $(state_of "$p") in ""|un|pn) ;; *) present+=("$p") ;; esac
done
if [ ${#present[@]} -gt 0 ]; then
  echo "FAIL: libsupport packages are already on this host (${present[*]}): this test installs and purges" \
       "its own and will not touch yours. Remove them first: apt-get purge ${present[*]}"
  exit 1
fi

work=$(mktemp -d /tmp/libsupport-packaging.XXXXXX)
chmod 755 "$work"
logs=${2:-$work}
mkdir -p "$logs"
state=$work/state
mkdir "$state"
t0=$(date +%s)
step() { echo "== $* ($(( $(date +%s) - t0 )) s)"; }
fail() { echo "FAIL: $*"; exit 1; }
# The checks run with no environment variable but PATH (Debian's default for root, no /usr/local).
clean() { env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin "$@"; }

stop_fpm() {
  if [ -s "$state/fpm.pid" ]; then
    local pid; pid=$(cat "$state/fpm.pid")
    kill -QUIT -- "-$pid" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL -- "-$pid" 2>/dev/null || true
    rm -f "$state/fpm.pid"
  fi
}
purge() {
  [ -e "$state/installed" ] || return 0
  # shellcheck disable=SC2046
  DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 purge -y $(cat "$state/purge") \
    >"$logs/apt-purge.log" 2>&1 || { cat "$logs/apt-purge.log"; return 1; }
  rm -f "$state/installed"
}
finish() {
  local rc=$?
  stop_fpm
  if ! purge; then
    echo "FAIL: apt-get purge failed (above); the guard will not retry: purge $(cat "$state/purge") by hand"
    rc=1
  fi
  if [ "$rc" -eq 0 ] && [ "$logs" != "$work" ]; then
    rm -rf "$work"
  else
    echo "(scratch directory kept: $work)"
  fi
  exit "$rc"
}
trap finish EXIT
trap 'exit 130' INT TERM HUP

# The guard: detached twice over (a new session, reparented to init), it outlives a killed test.
start_time=$(awk '{ print $22 }' /proc/$$/stat)
( setsid bash "$here/guard.sh" "$state" $$ "$start_time" </dev/null >"$logs/guard.log" 2>&1 & )

# ---- 1. build ---------------------------------------------------------------------------------------
step "build the packages (scripts/build-debs.sh --binary-only)"
DEB_BUILD_OPTIONS="${DEB_BUILD_OPTIONS:-} noautodbgsym" bash "$src/scripts/build-debs.sh" --binary-only "$work/debs" \
  2>"$logs/build-debs.log" || { tail -n 40 "$logs/build-debs.log"; fail "the packages did not build (log: $logs/build-debs.log)"; }
cp "$work/debs/lintian.txt" "$logs/lintian.txt" 2>/dev/null || true
grep -E '^build-debs: lintian:' "$logs/build-debs.log"
debs=()
for p in "${packages[@]}"; do
  f=$(find "$work/debs" -maxdepth 1 -name "${p}_*.deb" -print -quit)
  [ -n "$f" ] || fail "no package $p was built"
  debs+=("$f")
done

# ---- 2. install ----------------------------------------------------------------------------------------
step "apt-get install ${packages[*]}"
pkg_states >"$state/before"
update-alternatives --get-selections >"$state/alternatives-before" 2>/dev/null || true
printf '%s\n' "${packages[@]}" >"$state/purge"
touch "$state/installed"
DEBIAN_FRONTEND=noninteractive apt-get -o DPkg::Lock::Timeout=300 install -y --no-install-recommends "${debs[@]}" \
  >"$logs/apt-install.log" 2>&1 || { cat "$logs/apt-install.log"; fail "apt-get install failed"; }
# whatever they pulled in is purged with them
comm -13 <(awk '$1 == "ii" { print $2 }' "$state/before" | sed 's/:.*//' | sort -u) \
         <(pkg_states | awk '$1 == "ii" { print $2 }' | sed 's/:.*//' | sort -u) |
  grep -vxF -f <(printf '%s\n' "${packages[@]}") >>"$state/purge" || true
[ "$(wc -l <"$state/purge")" -eq ${#packages[@]} ] || echo "   (pulled in: $(tail -n +$((${#packages[@]} + 1)) "$state/purge" | tr '\n' ' '))"
for p in "${packages[@]}"; do
  [ "$(state_of "$p")" = ii ] || fail "$p is not installed after apt-get install ($(state_of "$p"))"
  dpkg -L "$p" >>"$state/files"
done
sort -u -o "$state/files" "$state/files"

# ---- 3. use them ------------------------------------------------------------------------------------
nb=$'\xc2\xa0'
check_seed() { # $1: what, $2: its output
  grep -q "fee 1${nb}998 руб." <<<"$2" || fail "$1: no preferential fee 1998 in:"$'\n'"$2"
  grep -q "fee 3${nb}596 руб." <<<"$2" || fail "$1: no standard fee 3596 in:"$'\n'"$2"
  grep -q "fee 3${nb}196 руб." <<<"$2" || fail "$1: no 40% fee 3196 in:"$'\n'"$2"
}

step "C: examples/c through pkg-config"
flags=$(clean pkg-config --cflags --libs libsupport)
echo "   pkg-config --cflags --libs libsupport: $flags"
[ "$(echo $flags)" = "-lsupport" ] || fail "pkg-config should say just -lsupport for /usr (system directories), not: $flags"
# shellcheck disable=SC2086
clean cc -std=c11 -Wall -Wextra -Werror "$src/examples/c/seed_example.c" $flags -o "$work/seed_pc"
out=$(clean "$work/seed_pc") || fail "seed_example (pkg-config) failed"
check_seed "seed_example (pkg-config)" "$out"
grep -q 'NEEDED.*\[libsupport.so.0\]' <<<"$(readelf -d "$work/seed_pc")" || fail "seed_pc is not linked to libsupport.so.0"

step "C: examples/c through find_package(libsupport)"
clean cmake -S "$src/examples/c" -B "$work/c-cmake" >"$logs/c-cmake.log" 2>&1 || { cat "$logs/c-cmake.log"; fail "cmake examples/c"; }
grep -qx 'libsupport_DIR:PATH=/usr/lib/[^/]*/cmake/libsupport' "$work/c-cmake/CMakeCache.txt" ||
  fail "find_package did not find the packaged libsupport: $(grep libsupport_DIR "$work/c-cmake/CMakeCache.txt")"
clean cmake --build "$work/c-cmake" >>"$logs/c-cmake.log" 2>&1 || { cat "$logs/c-cmake.log"; fail "build examples/c"; }
out=$(clean "$work/c-cmake/seed_example") || fail "seed_example (find_package) failed"
check_seed "seed_example (find_package)" "$out"
echo "$out" | head -1

step "Python: /usr/bin/python3 -c 'import libsupport' (the seed example)"
out=$(clean /usr/bin/python3 -c '
import libsupport as ls
print(ls.__version__, ls.__file__)
p = ls.Product(ls.LicenseKind.PERPETUAL, 6); p.set_price("2025-01-01", 799000)
lic = ls.License(p, "2026-01-15")
print(lic.quote(p, "2026-08-01"))
print(lic.quote(p, "2026-09-01"))') || fail "/usr/bin/python3 could not use libsupport:"$'\n'"$out"
echo "$out" | sed 's/^/   /'
grep -q "^$(sed -n 's/^#define SUP_VERSION_STRING "\(.*\)"/\1/p' "$src/libsupport/include/libsupport/common.h") /usr/lib/python3/dist-packages/libsupport/__init__.py$" <<<"$out" ||
  fail "python3 imported another libsupport (or another version) than the packaged one"
grep -q "preferential on 2026-08-01: fee 199800 kopecks (2500 bp of 799000), support_until 2026-07-15 -> 2027-07-15" <<<"$out" ||
  fail "python3: not the seed example's preferential quote"
grep -q "standard on 2026-09-01: fee 359600 kopecks (4500 bp of 799000)" <<<"$out" ||
  fail "python3: not the seed example's standard quote"

step "PHP: php -r with the extension phpenmod enabled"
for sapi in cli fpm; do
  link=/etc/php/8.2/$sapi/conf.d/20-libsupport.ini
  [ "$(readlink "$link")" = /etc/php/8.2/mods-available/libsupport.ini ] || fail "phpenmod did not enable libsupport for $sapi ($link)"
done
out=$(clean php -r 'echo LibSupport\version(), " ", LibSupport\fee(799000, 2500), " ", LibSupport\format_money(LibSupport\fee(799000, 4500), LibSupport\MoneyStyle::RU), "\n";' 2>&1) ||
  fail "php -r: $out"
echo "   $out"
[[ $out == *" 199800 3${nb}596 руб." ]] || fail "php -r: expected the fees 199800 and 3 596 руб., got: $out"

step "supportctl demo from PATH, and supportctl(1)"
[ "$(clean sh -c 'command -v supportctl')" = /usr/bin/supportctl ] || fail "supportctl is not /usr/bin/supportctl on PATH"
mkdir -p "$work/site"
out=$(cd "$work/site" && clean supportctl demo --ledger demo.db) || fail "supportctl demo failed:"$'\n'"$out"
grep -q 'VECTOR .* grace ' <<<"$out" || fail "supportctl demo: no VECTOR license in grace in:"$'\n'"$out"
man=/usr/share/man/man1/supportctl.1.gz
[ -f "$man" ] || fail "no $man"
zcat "$man" >"$work/supportctl.1"
grep -q '^\.SH "COMMAND REFERENCE"' "$work/supportctl.1" || fail "$man has no command reference"
grep -q '^\.SS renew$' "$work/supportctl.1" || fail "$man does not describe supportctl renew"
if command -v man >/dev/null; then
  [ "$(clean man -w supportctl)" = "$man" ] || fail "man -w supportctl: $(clean man -w supportctl)"
fi

step "the portal under php-fpm with the packaged extension"
grep -qx libsupport <<<"$(clean php-fpm8.2 -m)" || fail "php-fpm8.2 -m does not list libsupport"
site=/usr/share/libsupport/portal
[ -f "$site/public/index.php" ] || fail "no $site/public/index.php"
for f in nginx-libsupport-portal.conf php-fpm-libsupport-portal.conf; do
  [ -f "$site/deploy/$f" ] || fail "no $site/deploy/$f"
done
key=$(clean supportctl license-key --ledger "$work/site/demo.db" --license 1 --json | sed -n 's/.*"key":"\([^"]*\)".*/\1/p')
[ -n "$key" ] || fail "supportctl license-key printed no key"
mkdir -p "$work/site/releases" "$work/site/outbox"
cat >"$work/site/portal.ini" <<EOF
[ledger]
target = $work/site/demo.db
[portal]
base_url = http://127.0.0.1
releases_dir = $work/site/releases
demo = yes
demo_date = 2026-11-26
[mail]
transport = outbox
outbox_dir = $work/site/outbox
from = portal@example.ru
EOF
chown -R nobody:nogroup "$work/site"
mkdir "$work/fpm"
cat >"$work/fpm/php-fpm.conf" <<EOF
[global]
pid = $work/fpm/php-fpm.pid
error_log = $logs/php-fpm.log
daemonize = no

[site]
user = nobody
group = nogroup
listen = $work/fpm/site.sock
listen.mode = 0600
pm = static
pm.max_children = 2
catch_workers_output = yes
clear_env = yes
env[LIBSUPPORT_PORTAL_CONFIG] = $work/site/portal.ini
php_admin_value[variables_order] = S
php_admin_flag[enable_post_data_reading] = off
php_admin_value[error_log] = $logs/php-fpm.log
php_admin_flag[log_errors] = on
EOF
setsid php-fpm8.2 --nodaemonize --fpm-config "$work/fpm/php-fpm.conf" --prefix "$work/fpm" </dev/null \
  >>"$logs/php-fpm.log" 2>&1 &
echo $! >"$state/fpm.pid"
for _ in $(seq 100); do [ -S "$work/fpm/site.sock" ] && break; sleep 0.1; done
[ -S "$work/fpm/site.sock" ] || { cat "$logs/php-fpm.log"; fail "php-fpm did not open its socket"; }
get() { # $1: /path?query -> headers and body in $work/page, stderr of the page in $work/page.err
  clean /usr/bin/python3 "$here/fcgi_get.py" "$work/fpm/site.sock" "$site/public" "$1" "$site/public/index.php" \
    >"$work/page" 2>"$work/page.err" || fail "GET $1: $(cat "$work/page.err")"
  if grep -q '^Status: [^2]' "$work/page"; then fail "GET $1: $(grep '^Status:' "$work/page")"; fi
}
get /
grep -q 'Вход в личный кабинет' "$work/page" || fail "the portal's home page is not the sign-in page: $(head -c 600 "$work/page")"
if grep -q 'ROMASHKA' "$work/page"; then fail "the portal's home page names a customer"; fi
get "/api/v1/updates?key=$key&version=3.0"
grep -q '"fee": 199800' "$work/page" || fail "the update check shows no preferential fee 199800: $(head -c 600 "$work/page")"
if grep -E 'PHP (Warning|Notice|Deprecated|Fatal)' "$logs/php-fpm.log" "$work/page.err"; then
  fail "PHP messages in the php-fpm log (above)"
fi
echo "   / and /api/v1/updates served by php-fpm8.2 over $work/fpm/site.sock"
stop_fpm

# ---- 4. purge, and nothing left ---------------------------------------------------------------------------
step "apt-get purge"
purge || fail "apt-get purge failed"
left=()
for p in "${packages[@]}"; do
  s=$(state_of "$p")
  case $s in ""|un|pn) ;; *) left+=("package $p is still known to dpkg ($s)") ;; esac
done
while IFS= read -r f; do
  [ -n "$f" ] || continue
  if [ -d "$f" ] && [ ! -L "$f" ]; then
    case $f in *libsupport*|*supportctl*) left+=("$f/") ;; esac
  elif [ -e "$f" ] || [ -L "$f" ]; then
    left+=("$f")
  fi
done <"$state/files"
while IFS= read -r f; do left+=("$f"); done < <(find /etc/php /var/lib/php/modules /etc/alternatives \
  \( -name '*libsupport*' -o -name '*supportctl*' \) 2>/dev/null)
update-alternatives --get-selections >"$state/alternatives-after" 2>/dev/null || true
diff -u "$state/alternatives-before" "$state/alternatives-after" >/dev/null || left+=("alternatives changed")
if ! diff -u "$state/before" <(pkg_states) >"$state/packages.diff"; then
  left+=("the package set differs from before the test: $(cat "$state/packages.diff")")
fi
if [ ${#left[@]} -gt 0 ]; then
  printf '   left: %s\n' "${left[@]}"
  fail "the purge left ${#left[@]} thing(s) behind (above)"
fi
echo "   nothing left of $(wc -l <"$state/files") paths, 7 packages; package set as before"
step "PASS: built, installed, used without environment variables, purged"
