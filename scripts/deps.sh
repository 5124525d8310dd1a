#!/usr/bin/env bash
# Install the Debian packages libsupport needs (Debian 12). Idempotent: does
# nothing when everything is present. Needs root (or sudo) only to install.
#   scripts/deps.sh            everything: build, tests, bindings, browser test, quality gates
#   scripts/deps.sh --minimal  only what the main job (the demo) needs
set -euo pipefail

# libpq-dev: the library links libpq (the PostgreSQL ledger backend).
# postgresql-15 (server) and postgresql-client-15 (psql): the throwaway test cluster
# (tests/pg/pg-cluster.sh, docs/testing-pg.md); python3-psycopg2 and php8.2-pgsql:
# the Python and PHP test helpers' access behind the API (tests/pg/pgtest.py, pgtest.php).
# python3-openpyxl: the accounting report's XLSX workbook (examples/python/accounting_report.py) and its test.
# libsodium-dev: the portal's secrets (hashes, random tokens, constant-time comparison).
# nginx, php8.2-fpm: the portal's tests run the real web server and FastCGI pool;
# apache2-utils: ab, the portal's load generator (bench/portal).
# Packaging (issue 17): dpkg-dev, debhelper, dh-python, lintian build and check the .debs
# (scripts/build-debs.sh; php8.2-dev, php8.2-cli are their Build-Depends); php8.2-fpm serves the site
# in the packaging test; python3-venv, python3-pip, python3-setuptools, python3-wheel: the pip build of
# the Python package in a venv (tests/install/pip_test.sh), all Debian's, nothing from PyPI.
# libcurl4-openssl-dev: supportctl send-reminders talks SMTP through libcurl; python3-aiosmtpd: the real
# SMTP server of its test (tests/cli/test_supportctl_reach.py).
minimal=(build-essential cmake pkg-config libsqlite3-dev sqlite3 libpq-dev libcurl4-openssl-dev libsodium-dev)
full=("${minimal[@]}" libcmocka-dev valgrind python3-openpyxl
      postgresql-15 postgresql-client-15
      swig python3 python3-dev python3-psycopg2 python3-aiosmtpd php-cli php-dev php8.2-pgsql
      dpkg-dev debhelper dh-python lintian php8.2-dev php8.2-cli php8.2-fpm
      python3-venv python3-pip python3-setuptools python3-wheel
      chromium chromium-driver fonts-dejavu-core nginx apache2-utils
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
