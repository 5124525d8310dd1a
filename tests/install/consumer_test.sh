#!/usr/bin/env bash
# Install libsupport (components runtime + dev) into a scratch prefix, then build
# the C example against the installed copy twice — with pkg-config and with
# CMake's find_package(libsupport) — run both and check the seed example's fees.
# Then the whole install (every component, under DESTDIR) must stay inside its prefix,
# supportctl must run from it with no environment (its $ORIGIN RUNPATH), and the
# uninstall target's script must remove every file again.
# Usage: consumer_test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1 src=$2
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix
for c in runtime dev; do
  cmake --install "$build" --prefix "$prefix" --component "$c" >/dev/null
done
libdir=$(dirname "$(find "$prefix" -name 'libsupport.pc' -print -quit)")/..
libdir=$(cd "$libdir" && pwd)

test -e "$libdir/libsupport.so.0" || { echo "FAIL: libsupport.so.0 not installed in $libdir"; exit 1; }
test -f "$prefix/include/libsupport.h" || { echo "FAIL: libsupport.h not installed"; exit 1; }

check_output() { # $1: program
  local out
  out=$("$1")
  echo "$out"
  local nb=$'\xc2\xa0'
  grep -q "fee 1${nb}998 руб." <<<"$out" || { echo "FAIL: no preferential fee 1998 in output of $1"; exit 1; }
  grep -q "fee 3${nb}596 руб." <<<"$out" || { echo "FAIL: no standard fee 3596 in output of $1"; exit 1; }
  grep -q "fee 3${nb}196 руб." <<<"$out" || { echo "FAIL: no 40% fee 3196 in output of $1"; exit 1; }
}

# 1. pkg-config
export PKG_CONFIG_PATH=$libdir/pkgconfig
flags=$(pkg-config --cflags --libs libsupport)
echo "pkg-config --cflags --libs libsupport: $flags"
cc -std=c11 -Wall -Wextra -Werror "$src/examples/c/seed_example.c" $flags -Wl,-rpath,"$libdir" -o "$work/seed_pc"
check_output "$work/seed_pc"
readelf -d "$work/seed_pc" | grep -q 'NEEDED.*libsupport.so.0' || { echo "FAIL: not linked to the SONAME"; exit 1; }

# 2. CMake package
cmake -S "$src/examples/c" -B "$work/cmake-build" -DCMAKE_PREFIX_PATH="$prefix" \
      -DCMAKE_BUILD_RPATH="$libdir" >/dev/null
cmake --build "$work/cmake-build" >/dev/null
check_output "$work/cmake-build/seed_example"
# 3. every component, under DESTDIR: nothing outside the prefix; supportctl from it; uninstall
dest=$work/dest
DESTDIR=$dest cmake --install "$build" --prefix /opt/libsupport-test >/dev/null
outside=$(cd "$dest" && find . ! -type d | grep -v '^\./opt/libsupport-test/' || true)
[ -z "$outside" ] || { echo "FAIL: installed outside the prefix:"; echo "$outside"; exit 1; }
echo "full install: $(cd "$dest" && find . ! -type d | wc -l) files, all under the prefix"
moved=$work/moved   # the prefix moved elsewhere still works ($ORIGIN-relative RUNPATH)
mv "$dest/opt/libsupport-test" "$moved"
if [ -x "$moved/bin/supportctl" ]; then
  out=$(env -i "$moved/bin/supportctl" --version) || { echo "FAIL: the installed supportctl does not run"; exit 1; }
  echo "$out"
  grep -q 'RUNPATH.*\[\$ORIGIN/\.\./lib[^]]*\]' <<<"$(readelf -d "$moved/bin/supportctl")" ||
    { echo "FAIL: supportctl has no \$ORIGIN-relative RUNPATH"; exit 1; }
fi
mv "$moved" "$dest/opt/libsupport-test"
DESTDIR=$dest cmake -DMANIFEST="$build/install_manifest.txt" -P "$src/cmake/uninstall.cmake" >/dev/null
left=$(cd "$dest" && find . ! -type d)
[ -z "$left" ] || { echo "FAIL: the uninstall target left:"; echo "$left"; exit 1; }
left=$(cd "$dest" && find . -type d -name '*libsupport*' ! -name libsupport-test)
[ -z "$left" ] || { echo "FAIL: the uninstall target left directories:"; echo "$left"; exit 1; }
echo "PASS: installed libsupport works through pkg-config and find_package; all under the prefix; uninstalled"
