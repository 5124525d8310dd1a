#!/usr/bin/env bash
# The customer portal's demo mode (docs/portal.md): build libsupport, supportctl and the PHP extension,
# write a demo ledger with release files and a demo configuration into build-portal-demo/, and serve the
# portal with PHP's built-in server on http://127.0.0.1:${PORT:-8080}/ (Ctrl-C stops it).
#   scripts/portal-demo.sh
# The demo's customers sign in with the addresses the script prints; the sign-in page then shows the
# link and the code it would have e-mailed (demo mode: nothing is sent, every page says so).
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
port=${PORT:-8080}
build=$root/build-portal-demo
demo=$build/demo
command -v php >/dev/null || { echo "portal-demo: php not found: apt-get install php-cli php-dev (bash scripts/deps.sh)" >&2; exit 1; }
cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release -DSUP_BUILD_TESTS=OFF -DSUP_BUILD_PYTHON=OFF \
      -DSUP_BUILD_PHP=ON >/dev/null
cmake --build "$build" -j"$(nproc 2>/dev/null || echo 2)" --target supportctl sup_php >/dev/null
ctl=$build/examples/supportctl/supportctl
rm -rf "$demo"
mkdir -p "$demo/releases" "$demo/outbox" "$demo/files"
"$ctl" demo --ledger "$demo/demo.db" >/dev/null
# two releases with files (the demo's own releases have none)
head -c 300000 /dev/urandom >"$demo/files/report-3.2.zip"
head -c 40000 /dev/urandom >"$demo/files/Выписки банка 2.1.zip"
"$ctl" release-add --ledger "$demo/demo.db" --product REPORT6 --version 3.2 --date 2026-11-20 \
    --note "Демонстрационная версия" --file "$demo/files/report-3.2.zip" --copy-to "$demo/releases" >/dev/null
"$ctl" release-add --ledger "$demo/demo.db" --product EXT12 --version 2.1 --date 2026-11-01 \
    --file "$demo/files/Выписки банка 2.1.zip" --copy-to "$demo/releases" >/dev/null
# addresses to sign in with (customer-update --email: the customers' contact data)
addresses=""
for pair in ROMASHKA:director@romashka.ru VECTOR:it@vector.ru SEVER:buh@sever.ru OBLAKO:admin@oblako.ru; do
    code=${pair%%:*} address=${pair#*:}
    if "$ctl" customer-update --ledger "$demo/demo.db" --customer "$code" --email "$address" >/dev/null 2>&1; then
        addresses+="  $address ($code)"$'\n'
    fi
done
cat >"$demo/portal.ini" <<INI
# The portal's demo configuration (scripts/portal-demo.sh): the demo ledger, its fixed date, mail into a
# directory instead of sending it.
[ledger]
target = $demo/demo.db

[portal]
base_url = http://127.0.0.1:$port
time_zone = Europe/Moscow
releases_dir = $demo/releases
demo = yes
demo_date = 2026-11-26

[mail]
transport = outbox
outbox_dir = $demo/outbox
from = portal@v8pro.ru
from_name = Восьмёрка Про — личный кабинет
INI
echo "The portal's demo on http://127.0.0.1:$port/ (the demo ledger on 26.11.2026)."
if [ -n "$addresses" ]; then
    printf 'Sign in as:\n%s' "$addresses"
fi
echo "Mail goes to $demo/outbox. Ctrl-C stops the server."
export LIBSUPPORT_PORTAL_CONFIG=$demo/portal.ini
exec php -n -d extension="$build/bindings/php/php_libsupport.so" -d variables_order=S \
    -d enable_post_data_reading=0 -S "127.0.0.1:$port" -t "$root/portal/public" "$root/portal/public/index.php"
