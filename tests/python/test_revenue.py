"""The revenue schedule from Python: Ledger.revenue as a streaming Cursor of typed
RevenueRow records, the policy's recognition settings, parse_month and the
names, and CsvWriter (the library's CSV for a spreadsheet with a Russian
locale)."""

import datetime
import os
import tempfile
import unittest

import libsupport as ls

D = datetime.date
ACTOR = "test_revenue.py"


def fill(lg):
    rep = lg.add_product(ACTOR, "REP", "Отчёт «Продажи»", ls.LicenseKind.PERPETUAL, 6)
    lg.set_price(ACTOR, rep, "2020-01-01", 799000)
    sub = lg.add_product(ACTOR, "SUB", "Сервис", ls.LicenseKind.SUBSCRIPTION_MONTHLY, 1)
    lg.set_price(ACTOR, sub, "2020-01-01", 99900)
    c = lg.add_customer(ACTOR, "C1", "ООО «Ромашка»")
    la = lg.sell(ACTOR, c, rep, "2026-01-31", 799000)
    lg.renew(ACTOR, "r-1", la, "2026-07-20", 199800)        # 2026-08-01 … 2027-07-31
    lb = lg.sell(ACTOR, c, sub, "2026-01-31", 99900)         # through 2026-02-28
    lg.pay(ACTOR, "p-1", lb, "2026-02-26", 99900)            # through 2026-03-31
    return rep, sub


class Schedule(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.path = os.path.join(self.dir.name, "support.db")
        with ls.Ledger(self.path, create=True) as lg:
            self.rep, self.sub = fill(lg)

    def tearDown(self):
        self.dir.cleanup()

    def test_rows_are_typed_records_of_every_month(self):
        with ls.Ledger(self.path, readonly=True) as lg:
            cur = lg.revenue("2026-01-15", D(2027, 8, 1))
            self.assertEqual([(c.name, c.type) for c in cur.columns()][:6],
                             [("month", ls.ColumnType.DATE), ("month_end", ls.ColumnType.DATE),
                              ("product", ls.ColumnType.ID), ("product_code", ls.ColumnType.TEXT),
                              ("product_name", ls.ColumnType.TEXT), ("kind", ls.ColumnType.REVENUE_KIND)])
            rows = list(cur)
        self.assertEqual(len(rows), 20)
        jan, feb, mar, jul, aug = rows[0], rows[1], rows[2], rows[6], rows[7]
        self.assertEqual((jan.month, jan.month_end, jan.kind, jan.product, jan.product_code),
                         (D(2026, 1, 1), D(2026, 1, 31), ls.RevenueKind.ALL, 0, None))
        self.assertEqual((jan.billed, jan.recognised, jan.payments), (799000 + 99900, 799000 + 3444, 2))
        self.assertEqual((feb.billed, feb.recognised), (99900, 99900 - 3444))
        self.assertEqual(mar.recognised, 99900)
        self.assertEqual((jul.billed, jul.recognised, jul.deferred), (199800, 0, 199800))
        self.assertEqual(aug.recognised, 16969)
        self.assertEqual(rows[-1].deferred, 0)
        for prev, r in zip(rows, rows[1:]):
            self.assertEqual(r.opening_deferred, prev.deferred)
            self.assertEqual(r.opening_deferred + r.billed - r.recognised, r.deferred)
        self.assertEqual(sum(r.recognised for r in rows), sum(r.billed for r in rows))

    def test_by_product_and_by_kind(self):
        with ls.Ledger(self.path, readonly=True) as lg:
            by_product = lg.revenue("2026-01-01", "2026-03-31", by=ls.RevenueBy.PRODUCT).fetch_all()
            by_kind = lg.revenue("2026-01-01", "2026-03-31", by=ls.RevenueBy.KIND).fetch_all()
        self.assertEqual([(r.product, r.product_code, r.product_name) for r in by_product[:2]],
                         [(self.rep, "REP", "Отчёт «Продажи»"), (self.sub, "SUB", "Сервис")])
        self.assertEqual([r.kind for r in by_kind[:3]],
                         [ls.RevenueKind.SALE, ls.RevenueKind.SUBSCRIPTION_FIRST, ls.RevenueKind.SUBSCRIPTION])
        feb_later = by_kind[5]
        self.assertEqual((feb_later.month, feb_later.kind, feb_later.billed, feb_later.recognised),
                         (D(2026, 2, 1), ls.RevenueKind.SUBSCRIPTION, 99900, 0))

    def test_the_cursor_streams_and_outlives_the_ledger(self):
        lg = ls.Ledger(self.path, readonly=True)
        cur = lg.revenue("2026-01-01", "2026-12-31")
        first = cur.fetch()
        lg.close()
        rest = cur.fetch_all()
        self.assertEqual(first.month, D(2026, 1, 1))
        self.assertEqual(len(rest), 11)
        self.assertIsNone(cur.fetch())

    def test_bad_requests_raise_with_the_reason(self):
        with ls.Ledger(self.path, readonly=True) as lg:
            with self.assertRaises(ls.DateError) as e:
                lg.revenue("2026-05-01", "2026-04-30")
            self.assertIn("before the first 2026-05", str(e.exception))
            with self.assertRaises(ls.RangeError):
                lg.revenue("1900-01-01", "2026-04-30")
            with self.assertRaises(ls.InvalidInputError):
                lg.revenue("2026-01-01", "2026-04-30", by=7)

    def test_a_policy_version_changes_the_recognition(self):
        with ls.Ledger(self.path) as lg:
            p = ls.Policy()
            p.recognition_sale_support_share = 2000
            lg.add_policy(ACTOR, "2026-06-01", p)
            lg.sell(ACTOR, lg.find_customer("C1"), self.rep, "2026-06-01", 799000)
            june = lg.revenue("2026-06-01", "2026-06-30").fetch()
        self.assertEqual(june.recognised, 639200 + 159800 * 30 // 184)


class Settings(unittest.TestCase):
    def test_the_policys_recognition_settings(self):
        p = ls.Policy()
        self.assertEqual((p.recognition_sale_support_share, p.recognition_renewal, p.recognition_subscription),
                         (0, ls.Recognition.DAILY, ls.Recognition.DAILY))
        p.recognition_subscription = ls.Recognition.ON_PAYMENT
        p.recognition_sale_support_share = 1500
        self.assertIn("recognition_subscription = on_payment", p.to_text())
        self.assertEqual(ls.Policy.parse(p.to_text()), p)
        with self.assertRaises(ls.RangeError):
            p.recognition_sale_support_share = 10001
        with self.assertRaises(ls.InvalidInputError):
            p.recognition_renewal = 5
        self.assertEqual(p.recognition_sale_support_share, 1500)

    def test_months_and_names(self):
        self.assertEqual(ls.parse_month("2026-02"), D(2026, 2, 1))
        with self.assertRaises(ls.DateError):
            ls.parse_month("2026-13")
        self.assertEqual(ls.revenue_kind_name(ls.RevenueKind.PREFERENTIAL_RENEWAL), "preferential_renewal")
        self.assertEqual(ls.revenue_by_from_name("kind"), ls.RevenueBy.KIND)
        self.assertEqual(ls.recognition_name(ls.Recognition.ON_PAYMENT), "on_payment")
        self.assertEqual(ls.label(ls.LabelSet.REVENUE_VIEW, ls.RevenueView.DEFERRED, ls.Lang.RU),
                         "Доходы будущих периодов")

    def test_csv_writer_writes_what_russian_excel_reads(self):
        w = ls.CsvWriter()
        w.field("Месяц")
        w.field("Сумма")
        w.end_row()
        w.date("2026-01-31")
        w.money(-199850)
        w.integer(3)
        w.end_row()
        self.assertEqual(w.data(), "\ufeffМесяц;Сумма\r\n31.01.2026;-1998,50;3\r\n")
        w.clear()
        self.assertEqual(w.data(), "")
        w.field("=cmd")
        w.end_row()
        self.assertEqual(w.data(), "=cmd\r\n")
        guarded = ls.CsvWriter(guard_formulas=True, bom=False, crlf=False)
        guarded.field("=cmd")
        guarded.end_row()
        self.assertEqual(guarded.data(), "'=cmd\n")
        with self.assertRaises(ls.InvalidInputError):
            ls.CsvWriter(separator=";;")
        with self.assertRaises(ls.StateError):
            w.end_row()  # a row without a field


if __name__ == "__main__":
    unittest.main()
