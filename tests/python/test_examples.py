"""The Python examples produce what they promise (run as subprocesses, like a user would)."""

import json
import os
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pg"))
import ledger_targets as lt  # noqa: E402

EXAMPLES = os.environ.get("SUP_EXAMPLES") or os.path.join(os.path.dirname(__file__), "..", "..", "examples", "python")


def run(*args):
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, timeout=120)


SUPPORTCTL = os.environ.get("SUPPORTCTL")
MONEY_FORMAT = "#,##0.00"


def load_openpyxl():
    """Debian's python3-openpyxl (pure Python) from the system's dist-packages, as the example loads it."""
    try:
        import openpyxl
    except ImportError:
        sys.path.append("/usr/lib/python3/dist-packages")
        import openpyxl
    return openpyxl


def kopecks_of(cell_value):
    """A money cell's number as kopecks (exact: two decimals at most)."""
    return int(round(float(cell_value) * 100))


class AccountingReport(unittest.TestCase):
    @lt.not_on_pg("--demo builds its own SQLite file")
    def test_demo_report(self):
        r = run(os.path.join(EXAMPLES, "accounting_report.py"), "--demo", "--on", "2026-07-10")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("Отчёт на 10.07.2026", r.stdout)
        self.assertIn("1. По месяцам, 01.2025 – 12.2026", r.stdout)
        self.assertIn("   07.2025  ", r.stdout)
        self.assertIn("   04.2025                    0 руб.                    0 руб.", r.stdout)  # a month with nothing
        self.assertIn("цена действует до 20.08.2026 включительно", r.stdout)

    def test_report_over_a_ledger(self):
        path = lt.new_target(self, "demo.db")
        r = run(os.path.join(EXAMPLES, "demo_ledger.py"), path)
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertEqual(r.stdout, f"demo ledger written to {path}\n")
        again = run(os.path.join(EXAMPLES, "demo_ledger.py"), path)  # never overwrites
        self.assertEqual(again.returncode, 1)
        self.assertIn("not overwriting it", again.stderr)
        self.assertNotIn("Traceback", again.stderr)
        r = run(os.path.join(EXAMPLES, "accounting_report.py"), path, "--on", "2026-08-10", "--days", "30")
        self.assertEqual(r.returncode, 0, r.stderr)
        self.assertIn("ИП Иванов А. А.", r.stdout)  # support to 2026-08-28: expiring within 30 days

    @unittest.skipUnless(SUPPORTCTL, "SUPPORTCTL names supportctl (ctest sets it)")
    def test_the_workbook_and_the_csv_hold_supportctls_numbers(self):
        openpyxl = load_openpyxl()
        with tempfile.TemporaryDirectory() as tmp:
            path = lt.new_target(self, "demo.db")  # a file, or a PostgreSQL schema on the pg run
            self.assertEqual(run(os.path.join(EXAMPLES, "demo_ledger.py"), path).returncode, 0)
            xlsx, csv_path = os.path.join(tmp, "r.xlsx"), os.path.join(tmp, "r.csv")
            r = run(os.path.join(EXAMPLES, "accounting_report.py"), path, "--from", "2025-01", "--to", "2026-12",
                    "--xlsx", xlsx, "--csv", csv_path, "--by", "product")
            self.assertEqual(r.returncode, 0, r.stderr)

            def cli(*args):
                p = subprocess.run([SUPPORTCTL, "revenue", "--ledger", path, "--from", "2025-01", "--to", "2026-12",
                                    *args], capture_output=True, timeout=120)
                self.assertEqual(p.returncode, 0, p.stderr)
                return p.stdout

            views = {by: json.loads(cli("--by", by, "--json"))["rows"] for by in ("month", "product", "kind")}
            # the CSV: byte for byte what supportctl writes
            with open(csv_path, "rb") as f:
                self.assertEqual(f.read(), cli("--by", "product", "--csv"))

            wb = openpyxl.load_workbook(xlsx)
            self.assertEqual(wb.sheetnames, ["По месяцам", "По продуктам", "По видам", "Доходы будущих периодов"])
            kinds = {"sale": "продажа лицензии", "preferential_renewal": "льготное продление",
                     "standard_renewal": "стандартное продление", "subscription_first": "подписка: первый платёж",
                     "subscription": "подписка: очередной платёж", "correction": "корректировка"}
            sheets = [
                ("По месяцам", "month", ["Месяц", "Поступило оплат", "Признано выручки",
                                         "Доходы будущих периодов на конец месяца", "Количество платежей"],
                 lambda j: [j["billed_kopecks"], j["recognised_kopecks"], j["deferred_kopecks"], j["payments"]]),
                ("По продуктам", "product", ["Месяц", "Код продукта", "Продукт", "Поступило оплат", "Признано выручки",
                                             "Доходы будущих периодов на конец месяца", "Количество платежей"],
                 lambda j: [j["product_code"], j["product_name"], j["billed_kopecks"], j["recognised_kopecks"],
                            j["deferred_kopecks"], j["payments"]]),
                ("По видам", "kind", ["Месяц", "Вид поступления", "Поступило оплат", "Признано выручки",
                                      "Доходы будущих периодов на конец месяца", "Количество платежей"],
                 lambda j: [kinds[j["kind"]], j["billed_kopecks"], j["recognised_kopecks"], j["deferred_kopecks"],
                            j["payments"]]),
                ("Доходы будущих периодов", "month", ["Месяц", "Доходы будущих периодов на начало месяца",
                                                      "Поступило оплат", "Признано выручки",
                                                      "Доходы будущих периодов на конец месяца"],
                 lambda j: [j["opening_deferred_kopecks"], j["billed_kopecks"], j["recognised_kopecks"],
                            j["deferred_kopecks"]]),
            ]
            for title, by, head, expected in sheets:
                with self.subTest(sheet=title):
                    ws = wb[title]
                    rows = list(ws.iter_rows())
                    self.assertEqual([c.value for c in rows[0]], head)
                    self.assertEqual(len(rows) - 1, len(views[by]))
                    for cells, j in zip(rows[1:], views[by]):
                        month = cells[0]
                        self.assertEqual(month.value.date().isoformat(), j["month_start"])
                        self.assertEqual(month.number_format, "MM.YYYY")
                        got = []
                        for h, c in zip(head[1:], cells[1:]):
                            if h.startswith(("Поступило", "Признано", "Доходы")):
                                self.assertIsInstance(c.value, (int, float))  # a number, not text
                                self.assertEqual(c.number_format, MONEY_FORMAT)
                                got.append(kopecks_of(c.value))
                            else:
                                got.append(c.value)
                        self.assertEqual(got, expected(j))
            # a month with nothing billed is there; the roll-forward holds in the sheet
            deferred = [list(r) for r in wb["Доходы будущих периодов"].iter_rows(min_row=2, values_only=True)]
            self.assertIn([0, 0, 0, 0], [[kopecks_of(v) for v in r[1:]] for r in deferred])
            for r in deferred:
                self.assertEqual(kopecks_of(r[1]) + kopecks_of(r[2]) - kopecks_of(r[3]), kopecks_of(r[4]))

    @lt.not_on_pg("--demo builds its own SQLite file")
    def test_bad_input_is_a_clear_error(self):
        r = run(os.path.join(EXAMPLES, "accounting_report.py"), "--demo", "--on", "2026-02-30")
        self.assertEqual(r.returncode, 1)
        self.assertIn('invalid date "2026-02-30"', r.stderr)
        self.assertNotIn("Traceback", r.stderr)
        r = run(os.path.join(EXAMPLES, "accounting_report.py"), "--demo", "--from", "2026-13")
        self.assertEqual(r.returncode, 1)
        self.assertIn('invalid month "2026-13"', r.stderr)
        self.assertNotIn("Traceback", r.stderr)


if __name__ == "__main__":
    unittest.main()
