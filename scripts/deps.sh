#!/usr/bin/env bash
# Install the Debian packages libsupport needs (Debian 12). Idempotent: does
# nothing when everything is present. Needs root (or sudo) only to install.
#   scripts/deps.sh            everything: build, tests, bindings, browser test, quality gates
#   scripts/deps.sh --minimal  only what the main job (the demo) needs
set -euo pipefail

minimal=(build-essential cmake pkg-config libsqlite3-dev sqlite3)
full=("${minimal[@]}" libcmocka-dev valgrind
      swig python3 python3-dev php-cli php-dev
      chromium chromium-driver fonts-dejavu-core
      clang libclang-rt-14-dev clang-tidy cppcheck abigail-tools)

want=("${full[@]}")
[ "${1:-}" = "--minimal" ] && want=("${minimal[@]}")

missing=()
for p in "${want[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done
[ ${#missing[@]} -eq 0 ] && exit 0

echo "deps: installing ${missing[*]}" >&2
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || { echo "deps: need root (or sudo) to install: ${missing[*]}" >&2; exit 1; }
  sudo=sudo
fi
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
