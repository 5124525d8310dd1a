#!/bin/sh
# The products the sample licenses refer to (the import does not create products):
#   sh examples/import/catalogue.sh [--ledger LEDGER]
set -e
supportctl product-add "$@" --code REPORT6 --name "Анализ продаж" --kind perpetual --support-months 6 \
  --price 7990 --effective 2020-01-01
supportctl product-add "$@" --code EXT12 --name "Обмен с банком" --kind perpetual --support-months 12 \
  --price 12000 --effective 2020-01-01
supportctl product-add "$@" --code CLOUD1 --name "Облачный архив" --kind subscription_monthly \
  --price 990 --effective 2020-01-01
