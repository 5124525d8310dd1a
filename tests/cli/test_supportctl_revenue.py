"""CLI tests of `supportctl revenue`: the revenue schedule by recognition as JSON
(figures checked exactly, every month present, the balances roll forward, the
groupings add up), as CSV for a spreadsheet with a Russian locale (BOM, ';',
decimal commas, CRLF, Russian headings, the same numbers as the JSON), as a
table, and its refusals.

Run: python3 test_supportctl_revenue.py  (SUPPORTCTL=path/to/supportctl)
"""
import csv
import io
import subprocess
import unittest

from supportctl_testlib import SUPPORTCTL, CliTest


def rub(kopecks):
    """The decimal-comma form the CSV uses, from kopecks (the test's own, to compare)."""
    sign = "-" if kopecks < 0 else ""
    k = abs(kopecks)
    return "%s%d,%02d" % (sign, k // 100, k % 100)


class Revenue(CliTest):
    def setUp(self):
        super().setUp()
        self.standard_catalogue()
        self.sell("ACME", "REPORT6", "2026-01-31")               # license 1: 7990, support through 2026-07-31
        self.sell("BETA", "CLOUD1", "2026-03-15")                # license 2: 990, paid through 2026-04-15
        self.js("renew", "--license", "1", "--on", "2026-07-20", "--paid", "1998", "--payment-id", "r-1")
        self.js("pay", "--license", "2", "--on", "2026-04-14", "--paid", "990", "--payment-id", "p-1")

    def test_every_month_with_billed_recognised_and_deferred(self):
        d = self.js("revenue", "--from", "2025-12", "--to", "2027-08")
        self.assertEqual((d["from"], d["to"], d["by"]), ("2025-12", "2027-08", "month"))
        rows = d["rows"]
        self.assertEqual([r["month"] for r in rows][:3], ["2025-12", "2026-01", "2026-02"])
        self.assertEqual(len(rows), 21)  # also the months with nothing in them
        by = {r["month"]: r for r in rows}
        self.assertEqual((by["2025-12"]["billed_kopecks"], by["2025-12"]["recognised_kopecks"]), (0, 0))
        jan = by["2026-01"]
        self.assertEqual((jan["billed_kopecks"], jan["billed"], jan["recognised_kopecks"], jan["deferred_kopecks"],
                          jan["payments"], jan["month_start"], jan["month_end"]),
                         (799000, "7990.00", 799000, 0, 1, "2026-01-01", "2026-01-31"))
        # the subscription: 2026-03-15 … 2026-04-15 (32 days), then 2026-04-16 … 2026-05-15 (30 days)
        self.assertEqual(by["2026-03"]["recognised_kopecks"], 99000 * 17 // 32)
        self.assertEqual(by["2026-04"]["billed_kopecks"], 99000)
        self.assertEqual(by["2026-04"]["recognised_kopecks"], 99000 - 99000 * 17 // 32 + 99000 * 15 // 30)
        # the renewal: billed in July, 2026-08-01 … 2027-07-31 earned by day
        self.assertEqual((by["2026-07"]["billed_kopecks"], by["2026-07"]["recognised_kopecks"],
                          by["2026-07"]["deferred_kopecks"]), (199800, 0, 199800))
        self.assertEqual(by["2026-08"]["recognised_kopecks"], 16969)
        self.assertEqual(by["2027-02"]["recognised_kopecks"], 15327)
        self.assertEqual(by["2027-07"]["deferred_kopecks"], 0)
        for prev, r in zip(rows, rows[1:]):
            self.assertEqual(r["opening_deferred_kopecks"], prev["deferred_kopecks"])
        for r in rows:
            self.assertEqual(r["opening_deferred_kopecks"] + r["billed_kopecks"] - r["recognised_kopecks"],
                             r["deferred_kopecks"])
        t = d["totals"]
        self.assertEqual((t["billed_kopecks"], t["recognised_kopecks"], t["opening_deferred_kopecks"],
                          t["deferred_kopecks"], t["payments"]),
                         (799000 + 99000 * 2 + 199800, 799000 + 99000 * 2 + 199800, 0, 0, 4))

    def test_by_product_and_by_kind_add_up_to_the_months(self):
        months = self.js("revenue", "--from", "2026-01", "--to", "2026-12")["rows"]
        for by, key in (("product", "product_code"), ("kind", "kind")):
            with self.subTest(by=by):
                d = self.js("revenue", "--from", "2026-01", "--to", "2026-12", "--by", by)
                self.assertEqual(d["by"], by)
                for m in months:
                    rows = [r for r in d["rows"] if r["month"] == m["month"]]
                    self.assertTrue(rows)
                    for k in ("opening_deferred_kopecks", "billed_kopecks", "recognised_kopecks", "deferred_kopecks",
                              "payments"):
                        self.assertEqual(sum(r[k] for r in rows), m[k], (m["month"], k))
                groups = sorted({r[key] for r in d["rows"]})
                if by == "product":
                    self.assertEqual(groups, ["CLOUD1", "REPORT6"])
                    names = {r["product_code"]: r["product_name"] for r in d["rows"]}
                    self.assertEqual(names["REPORT6"], "Анализ продаж")
                else:
                    self.assertEqual(groups, ["preferential_renewal", "sale", "subscription", "subscription_first"])

    def test_csv_for_russian_excel_holds_the_same_numbers(self):
        d = self.js("revenue", "--from", "2026-01", "--to", "2026-12", "--by", "kind")
        p = subprocess.run([SUPPORTCTL, *self.L("revenue", "--from", "2026-01", "--to", "2026-12", "--by", "kind"),
                            "--csv"], capture_output=True, timeout=120, cwd=self.dir)  # bytes: the line ends as written
        self.assertEqual((p.returncode, p.stderr), (0, b""))
        raw = p.stdout
        out = raw.decode("utf-8")
        self.assertTrue(raw.startswith(b"\xef\xbb\xbf"), raw[:10])
        self.assertEqual(raw.count(b"\r\n"), raw.count(b"\n"))  # CRLF, every line
        rows = list(csv.reader(io.StringIO(out[1:], newline=""), delimiter=";"))
        self.assertEqual(rows[0], ["Месяц", "Вид поступления", "Доходы будущих периодов на начало месяца",
                                   "Поступило оплат", "Признано выручки", "Доходы будущих периодов на конец месяца",
                                   "Количество платежей"])
        body = rows[1:]
        self.assertEqual(len(body), len(d["rows"]))
        labels = {"sale": "продажа лицензии", "preferential_renewal": "льготное продление",
                  "subscription_first": "подписка: первый платёж", "subscription": "подписка: очередной платёж"}
        for line, r in zip(body, d["rows"]):
            y, m = r["month"].split("-")
            self.assertEqual(line, ["01.%s.%s" % (m, y), labels[r["kind"]], rub(r["opening_deferred_kopecks"]),
                                    rub(r["billed_kopecks"]), rub(r["recognised_kopecks"]), rub(r["deferred_kopecks"]),
                                    str(r["payments"])])
        self.assertIn("1998,00", out)

    def test_the_table_for_people(self):
        out = self.ok(*self.L("revenue", "--from", "2026-07", "--to", "2026-08"))
        lines = out.splitlines()
        self.assertTrue(lines[0].startswith("MONTH"), lines[0])
        self.assertIn("RECOGNISED", lines[0])
        self.assertTrue(lines[1].startswith("2026-07"), lines[1])
        self.assertIn("1998.00", lines[1])
        self.assertIn("169.69", lines[2])
        self.assertTrue(lines[3].startswith("deferred at the start"), lines[3])

    def test_refusals(self):
        self.bad_l("revenue", "--from", "2026-13", "--to", "2027-01", names=["--from", "2026-13"])
        self.bad_l("revenue", "--from", "2026-01-01", "--to", "2027-01", names=["--from", "YYYY-MM"])
        self.bad_l("revenue", "--from", "2026-05", "--to", "2026-04", names=["2026-04", "2026-05"])
        self.bad_l("revenue", "--from", "1900-01", "--to", "2026-04", names="1200")
        self.bad_l("revenue", "--from", "2026-01", "--to", "2026-04", "--by", "customer", names="customer")
        self.bad_l("revenue", "--from", "2026-01", "--to", "2026-04", "--json", "--csv", names="--csv")
        self.bad_l("revenue", "--from", "2026-01", names="--to")


if __name__ == "__main__":
    unittest.main()
