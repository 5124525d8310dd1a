#!/usr/bin/env python3
"""Fill a ledger with a small, deterministic demo history (through the Python binding).

    python3 demo_ledger.py demo.db          # create demo.db (refuses to touch an existing file)
    python3 demo_ledger.py 'postgresql://app@db/ledgers?schema=demo'   # or a PostgreSQL schema

Used by accounting_report.py --demo. Every fee paid is the one the ledger
quotes for that date, so every renewal is accepted: the rules stay in C.
"""

import os
import sys

import libsupport as ls

ACTOR = "demo_ledger.py"

PRODUCTS = [
    # code, name, kind, support months, [(effective, price in kopecks)]
    ("REP-SALES", "Отчёт «Анализ продаж»", ls.LicenseKind.PERPETUAL, 6,
     [("2025-01-01", 799000), ("2026-03-01", 899000)]),
    ("EXT-BANK", "Расширение «Банк-клиент»", ls.LicenseKind.PERPETUAL, 12, [("2025-01-01", 1200000)]),
    ("SUB-EDO", "Обработка ЭДО (подписка)", ls.LicenseKind.SUBSCRIPTION_MONTHLY, 1, [("2025-01-01", 150000)]),
]

CUSTOMERS = [
    ("C001", 'ООО "Ромашка"'),
    ("C002", "ИП Иванов А. А."),
    ("C003", "АО «Северный завод»"),
    ("C004", "ООО «Вектор»"),
    ("C005", "ИП Петрова Е. В."),
    ("C006", "ООО «Лесторг»"),
]

# customer, product, purchase date, then the days it renews or pays on
SALES = [
    ("C001", "REP-SALES", "2025-01-15", ["2025-07-10", "2026-07-01"]),  # preferential, early
    ("C002", "REP-SALES", "2025-02-28", ["2025-09-20"]),                # preferential, in the window
    ("C003", "REP-SALES", "2025-03-31", ["2025-12-01"]),                # standard, after the window
    ("C004", "EXT-BANK", "2025-06-30", ["2026-07-15"]),                 # preferential, in the window
    ("C005", "REP-SALES", "2026-01-20", []),                            # support ends 2026-07-20
    ("C006", "EXT-BANK", "2025-07-05", []),                             # support ended 2026-07-05
    ("C002", "SUB-EDO", "2026-01-10", ["2026-02-05", "2026-03-08", "2026-04-10", "2026-05-09"]),
    ("C003", "SUB-EDO", "2025-11-30", ["2025-12-25", "2026-01-29"]),    # lapsed after 2026-02-28
]

RELEASES = [
    ("REP-SALES", "3.0", "2025-02-01", None),
    ("REP-SALES", "3.1", "2025-09-15", "совместимость с «Бухгалтерией 3.0.170»"),
    ("REP-SALES", "3.2", "2026-04-01", None),
    ("REP-SALES", "4.0", "2026-08-01", "новый конструктор отборов"),
    ("EXT-BANK", "1.4", "2025-05-10", None),
    ("EXT-BANK", "1.5", "2026-05-20", "новый формат выписок"),
]


def build(ledger):
    """Write the demo history into an open, empty ledger, as one batch."""
    ledger.begin()
    try:
        products = {}
        for code, name, kind, months, prices in PRODUCTS:
            pid = ledger.add_product(ACTOR, code, name, kind, months)
            for effective, price in prices:
                ledger.set_price(ACTOR, pid, effective, price)
            products[code] = pid
        customers = {code: ledger.add_customer(ACTOR, code, name) for code, name in CUSTOMERS}
        n = 0
        for customer, product, purchased, payments in SALES:
            pid = products[product]
            price = ledger.get_product(pid).price_on(purchased)
            n += 1
            lid = ledger.sell(ACTOR, customers[customer], pid, purchased, price, "sale-%03d" % n)
            for on in payments:
                n += 1
                payment_id = "pay-%03d" % n
                if ledger.get_license(lid).kind == ls.LicenseKind.PERPETUAL:
                    ledger.renew(ACTOR, payment_id, lid, on, ledger.quote_renewal(lid, on).fee)
                else:
                    ledger.pay(ACTOR, payment_id, lid, on, ledger.quote_payment(lid, on).fee)
        for product, version, released, note in RELEASES:
            ledger.add_release(ACTOR, products[product], version, released, note)
    except BaseException:
        ledger.rollback()
        raise
    ledger.commit()


def main(argv):
    if len(argv) != 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    shown = ls.ledger_target_display(argv[1])  # no password in what is printed
    if ls.ledger_target_backend(argv[1]) == "sqlite" and os.path.exists(argv[1]):
        print("%s exists: not overwriting it" % shown, file=sys.stderr)
        return 1
    try:
        with ls.Ledger(argv[1], create=True) as ledger:
            if not ledger.created:  # a ledger was there already (or another process made it first)
                print("%s already holds a ledger: not overwriting it" % shown, file=sys.stderr)
                return 1
            build(ledger)
    except ls.Error as e:
        print("demo_ledger: %s: %s" % (shown, e), file=sys.stderr)
        return 1
    print("demo ledger written to %s" % shown)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
