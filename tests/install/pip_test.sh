#!/usr/bin/env bash
# The Python package built by pip (bindings/python/pyproject.toml) against an installed libsupport:
# the runtime and dev components are installed into a scratch prefix, found by pkg-config
# (PKG_CONFIG_PATH), and `pip install --no-build-isolation --no-index` builds the package into a venv of
# Debian's /usr/bin/python3 (python3-venv) with Debian's pip, setuptools and wheel (no PyPI). Then,
# with no environment variable, the venv's python imports it from the venv (RUNPATH to the prefix's
# libdir), runs the seed example and the binding's core test suite.
# Usage: pip_test.sh BUILD_DIR SOURCE_DIR
set -euo pipefail
build=$1 src=$2
py=/usr/bin/python3
for m in venv pip setuptools wheel; do
  "$py" -c "import $m" 2>/dev/null || { echo "FAIL: $py has no module $m: install the Debian package python3-$m" \
                                              "(bash scripts/deps.sh)"; exit 1; }
done
command -v swig >/dev/null || { echo "FAIL: swig not found (Debian package swig)"; exit 1; }
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix
for c in runtime dev; do
  cmake --install "$build" --prefix "$prefix" --component "$c" >/dev/null
done
pc=$(dirname "$(find "$prefix" -name libsupport.pc -print -quit)")
# pip builds in the package's directory: a copy, so the source tree gets no build/ or egg-info
cp -r "$src/bindings" "$work/bindings"
mkdir -p "$work/libsupport/include/libsupport"
cp "$src/libsupport/include/libsupport/common.h" "$work/libsupport/include/libsupport/"

"$py" -m venv --system-site-packages --without-pip "$work/venv"
echo "pip install --no-build-isolation --no-index ./bindings/python (PKG_CONFIG_PATH=$pc)"
env -i PATH=/usr/bin:/bin PKG_CONFIG_PATH="$pc" HOME="$work" \
  "$work/venv/bin/python" -m pip install --no-build-isolation --no-index --no-cache-dir --disable-pip-version-check \
  "$work/bindings/python" >"$work/pip.log" 2>&1 || { cat "$work/pip.log"; echo "FAIL: pip install"; exit 1; }
grep -E '^Successfully installed' "$work/pip.log"

out=$(env -i "$work/venv/bin/python" -c '
import libsupport as ls
print(ls.__version__, ls.__file__)
p = ls.Product(ls.LicenseKind.PERPETUAL, 6); p.set_price("2025-01-01", 799000)
lic = ls.License(p, "2026-01-15")
print(lic.quote(p, "2026-08-01"))
print(lic.quote(p, "2026-09-01"))')
echo "$out"
grep -q "^[0-9.]* $work/venv/lib/python3[.0-9]*/site-packages/libsupport/__init__.py$" <<<"$out" ||
  { echo "FAIL: the venv's python did not import the package pip installed into the venv"; exit 1; }
grep -q "preferential on 2026-08-01: fee 199800 kopecks" <<<"$out" || { echo "FAIL: not the seed's preferential quote"; exit 1; }
grep -q "standard on 2026-09-01: fee 359600 kopecks" <<<"$out" || { echo "FAIL: not the seed's standard quote"; exit 1; }
so=$(find "$work/venv" -name '_core*.so' -print -quit)
grep -q "RUNPATH.*\[$prefix/lib[^]]*\]" <<<"$(readelf -d "$so")" ||
  { echo "FAIL: $so has no RUNPATH to the prefix's libdir"; readelf -d "$so" | grep -i path; exit 1; }

echo "the binding's core tests (tests/python/test_core.py) on the pip-built package"
(cd "$src/tests/python" && env -i PYTHONDONTWRITEBYTECODE=1 "$work/venv/bin/python" -m unittest -q test_core) ||
  { echo "FAIL: tests/python/test_core.py on the pip-built package"; exit 1; }
echo "PASS: pip built the package against the installed libsupport, into a venv, offline"
