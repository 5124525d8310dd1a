#!/usr/bin/env bash
# Install libsupport (components runtime + dev) into a scratch prefix, then build
# the C example against the installed copy twice — with pkg-config and with
# CMake's find_package(libsupport) — run both and check the seed example's fees.
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
echo "PASS: installed libsupport works through pkg-config and find_package"
