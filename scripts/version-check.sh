#!/usr/bin/env bash
# The version in one place (ctest version_check): SUP_VERSION_* in libsupport/include/libsupport/common.h
# is the source (CMakeLists.txt reads it); this checks that what must repeat it agrees:
#   debian/changelog      its newest entry's upstream version (0.2.0 of 0.2.0-1)
#   CHANGELOG.md          an "## [Unreleased]" section, and the newest release heading "## [X.Y.Z] - DATE"
#   libsupport.map        a version node for the release (LIBSUPPORT_0 for 0.1, LIBSUPPORT_0.MINOR after),
#                         with a (symver) line of its own in debian/libsupport0.symbols
# To release: bump SUP_VERSION_* (and SUP_VERSION_STRING), add the debian/changelog entry, rename
# CHANGELOG.md's Unreleased section to the version (keeping an empty Unreleased above it).
set -euo pipefail
cd "$(dirname "$0")/.."
fail=0
problem() { echo "version-check: FAIL: $*"; fail=1; }

h=libsupport/include/libsupport/common.h
major=$(sed -n 's/^#define SUP_VERSION_MAJOR \([0-9]*\)$/\1/p' "$h")
minor=$(sed -n 's/^#define SUP_VERSION_MINOR \([0-9]*\)$/\1/p' "$h")
patch=$(sed -n 's/^#define SUP_VERSION_PATCH \([0-9]*\)$/\1/p' "$h")
string=$(sed -n 's/^#define SUP_VERSION_STRING "\(.*\)"$/\1/p' "$h")
version=$major.$minor.$patch
[ "$string" = "$version" ] || problem "$h: SUP_VERSION_STRING \"$string\" is not MAJOR.MINOR.PATCH ($version)"

deb=$(sed -n '1s/^libsupport (\([^)]*\)).*/\1/p' debian/changelog)
[ "${deb%-*}" = "$version" ] ||
  problem "debian/changelog: the newest entry is $deb, not $version-N (add an entry: libsupport ($version-1))"

grep -q '^## \[Unreleased\]' CHANGELOG.md || problem "CHANGELOG.md: no \"## [Unreleased]\" section"
newest=$(grep -E '^## \[[0-9]+\.[0-9]+\.[0-9]+\]' CHANGELOG.md | head -1 | sed 's/^## \[\([^]]*\)\].*/\1/')
[ "$newest" = "$version" ] || problem "CHANGELOG.md: the newest release is \"$newest\", not $version"

if [ "$major" -eq 0 ] && [ "$minor" -le 1 ]; then node=LIBSUPPORT_0; else node=LIBSUPPORT_$major.$minor; fi
nodes=$(sed -n 's/^\(LIBSUPPORT_[0-9.]*\) *{.*/\1/p' libsupport/libsupport.map)
grep -qx "$node" <<<"$nodes" || problem "libsupport/libsupport.map: no version node $node for $version"
for n in $nodes; do
  grep -q "^ (symver)$n " debian/libsupport0.symbols ||
    problem "debian/libsupport0.symbols: no \"(symver)$n VERSION\" line for the map's node $n"
done
[ "$fail" -eq 0 ] || exit 1
echo "version-check: $version everywhere (common.h, debian/changelog $deb, CHANGELOG.md, map nodes $(echo $nodes))"
