"""The Python examples produce what they promise (run as subprocesses, like a user would)."""

import csv
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


class AccountingReport(unittest.TestCase):
    @lt.not_on_pg("--demo builds its own SQLite file")
    def test_demo_report_and_csv(self):
        with tempfile.TemporaryDirectory() as tmp:
            r = run(os.path.join(EXAMPLES, "accounting_report.py"), "--demo", "--on", "2026-07-10", "--csv", tmp)
            self.assertEqual(r.returncode, 0, r.stderr)
            self.assertIn("Отчёт по поддержке на 10.07.2026", r.stdout)
            self.assertIn("2025-12  стандартное продление", r.stdout)  # the library's label of the event kind
            self.assertIn("цена действует до 20.08.2026 включительно", r.stdout)
            with open(os.path.join(tmp, "revenue.csv"), encoding="utf-8") as f:
                rows = list(csv.DictReader(f))
            by = {(row["month"], row["kind"]): row for row in rows}
            self.assertEqual(by[("2025-07", "preferential_renewal")]["amount_kopecks"], "199800")
            self.assertEqual(by[("2025-12", "standard_renewal")]["amount_rub"], "3596.00")
            with open(os.path.join(tmp, "expiring.csv"), encoding="utf-8") as f:
                exp = list(csv.DictReader(f))
            self.assertEqual([(e["customer_code"], e["support_until"], e["fee"]) for e in exp],
                             [("C005", "2026-07-20", "224800")])
            with open(os.path.join(tmp, "grace.csv"), encoding="utf-8") as f:
                grace = list(csv.DictReader(f))
            self.assertEqual([(g["customer_code"], g["window_until"]) for g in grace],
                             [("C004", "2026-07-30"), ("C006", "2026-08-05")])

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

    def test_a_missing_ledger_is_a_clear_error(self):
        r = run(os.path.join(EXAMPLES, "accounting_report.py"), lt.new_target(self, "missing.db"))
        self.assertEqual(r.returncode, 1)
        self.assertIn("no ledger there" if lt.ON_PG else "no ledger at", r.stderr)
        self.assertNotIn("Traceback", r.stderr)

    @lt.not_on_pg("--demo builds its own SQLite file")
    def test_bad_input_is_a_clear_error(self):
        r = run(os.path.join(EXAMPLES, "accounting_report.py"), "--demo", "--on", "2026-02-30")
        self.assertEqual(r.returncode, 1)
        self.assertIn('invalid date "2026-02-30"', r.stderr)
        self.assertNotIn("Traceback", r.stderr)


if __name__ == "__main__":
    unittest.main()
