#!/usr/bin/env bash
# Build libsupport's Debian packages (Debian 12) and check them with lintian:
#
#   bash scripts/build-debs.sh [--binary-only] [--no-lintian] [OUTDIR]      (default OUTDIR: build-deb/)
#
# The tree's files (git ls-files: committed and new ones, not ignored; the whole tree outside git) are
# copied to a scratch directory and built there with `dpkg-buildpackage -us -uc` (debian/: debhelper,
# the project's CMake install rules), so the work tree gets no debian/tmp, obj-*/ or ../*.deb. OUTDIR
# receives the .deb packages (and their -dbgsym), the source package (.dsc, .tar.xz; not with
# --binary-only), .buildinfo and .changes. lintian then checks the .changes: any error fails
# (warnings and notes are shown). DEB_BUILD_OPTIONS is honoured (e.g. parallel=2, nocheck).
# The Build-Depends of debian/control must be installed: bash scripts/deps.sh.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
kind=full lintian=1 out=""
while [ $# -gt 0 ]; do
  case $1 in
    --binary-only) kind=binary ;;
    --no-lintian) lintian=0 ;;
    -h|--help) sed -n '2,13p' "$0"; exit 0 ;;
    -*) echo "build-debs: unknown option $1 (see --help)" >&2; exit 2 ;;
    *) out=$1 ;;
  esac
  shift
done
out=${out:-$root/build-deb}
mkdir -p "$out"
out=$(cd "$out" && pwd)

for tool in dpkg-buildpackage dh dh_python3 lintian; do
  if ! command -v "$tool" >/dev/null; then
    [ "$tool" = lintian ] && [ "$lintian" -eq 0 ] && continue
    echo "build-debs: $tool not found: install the Debian packages dpkg-dev debhelper dh-python lintian" \
         "(bash scripts/deps.sh)" >&2
    exit 1
  fi
done

version=$(dpkg-parsechangelog -l "$root/debian/changelog" -S Version)
scratch=$(mktemp -d "${TMPDIR:-/tmp}/libsupport-debs.XXXXXX")
trap 'rm -rf "$scratch"' EXIT
src=$scratch/libsupport-${version%-*}
mkdir "$src"
if git -C "$root" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
  # files deleted in the work tree but still in the index are left out
  (cd "$root" && git ls-files -z --cached --others --exclude-standard |
     while IFS= read -r -d '' f; do [ -e "$f" ] || [ -L "$f" ] && printf '%s\0' "$f"; done |
     tar --null --no-recursion -T - -cf -) | tar -xf - -C "$src"
else
  (cd "$root" && tar --exclude='./build*' --exclude='./.git' -cf - .) | tar -xf - -C "$src"
fi

# The upstream tarball of the source package (format 3.0 (quilt)): the tree without debian/.
if [ "$kind" = full ]; then
  XZ_OPT=-T0 tar --exclude="libsupport-${version%-*}/debian" -C "$scratch" \
    -cJf "$scratch/libsupport_${version%-*}.orig.tar.xz" "libsupport-${version%-*}"
fi
echo "build-debs: dpkg-buildpackage ($kind) of libsupport $version in $src" >&2
flags=(-us -uc)
[ "$kind" = binary ] && flags+=(-b)
jobs=$(nproc 2>/dev/null || echo 2)
case " ${DEB_BUILD_OPTIONS:-} " in
  *" parallel="*) ;;
  *) export DEB_BUILD_OPTIONS="${DEB_BUILD_OPTIONS:+$DEB_BUILD_OPTIONS }parallel=$jobs" ;;
esac
if ! (cd "$src" && dpkg-buildpackage "${flags[@]}") >"$scratch/build.log" 2>&1; then
  tail -n 60 "$scratch/build.log" >&2
  cp "$scratch/build.log" "$out/build.log"
  echo "build-debs: FAIL: dpkg-buildpackage failed (the whole log: $out/build.log)" >&2
  exit 1
fi
cp "$scratch/build.log" "$out/build.log"

changes=$(find "$scratch" -maxdepth 1 -name '*.changes' -print -quit)
[ -n "$changes" ] || { echo "build-debs: FAIL: no .changes file was written" >&2; exit 1; }
# Move what the .changes lists (the packages, the source, .buildinfo), then the .changes itself.
rm -f "$out"/*.deb "$out"/*.dsc "$out"/*.tar.* "$out"/*.buildinfo "$out"/*.changes
awk '/^Files:/ { f = 1; next } /^[^ ]/ { f = 0 } f && NF == 5 { print $5 }' "$changes" |
  while read -r file; do mv "$scratch/$file" "$out/"; done
mv "$changes" "$out/"
changes=$out/$(basename "$changes")
echo "build-debs: packages in $out:" >&2
(cd "$out" && ls -1 ./*.deb) | sed 's|^\./|  |' >&2

if [ "$lintian" -eq 1 ]; then
  echo "build-debs: lintian $(basename "$changes")" >&2
  status=0
  # Not shown: initial-upload-closes-no-bugs (these are the vendor's own packages, not an upload to
  # Debian with an ITP bug to close) and debian-watch-file-is-missing (no public upstream to watch).
  lintian --fail-on error --display-info --suppress-tags initial-upload-closes-no-bugs,debian-watch-file-is-missing \
    "$changes" >"$out/lintian.txt" 2>&1 || status=$?
  cat "$out/lintian.txt" >&2
  errors=$(grep -c '^E: ' "$out/lintian.txt" || true)
  warnings=$(grep -c '^W: ' "$out/lintian.txt" || true)
  notes=$(grep -c '^[IP]: ' "$out/lintian.txt" || true)
  echo "build-debs: lintian: $errors errors, $warnings warnings, $notes notes ($out/lintian.txt)" >&2
  if [ "$status" -ne 0 ]; then
    echo "build-debs: FAIL: lintian reported errors (above)" >&2
    exit 1
  fi
fi
echo "build-debs: ok" >&2
