"""Money from Python (issue 14): the vendor's requisites, invoices (number, quote, VAT, purpose,
HTML with the amount in words), paying them once or keeping them for review, a bank statement
import, voids, refunds and agreed prices, typed cursor rows. With SUP_TEST_BACKEND=pg the ledger
is a fresh schema of the test cluster (tests/pg/pgtest.py)."""

import datetime
import os
import sys
import tempfile
import unittest

import libsupport as ls

D = datetime.date
ACTOR = "test_money.py"
HERE = os.path.dirname(os.path.abspath(__file__))
EXAMPLES = os.path.join(os.path.dirname(os.path.dirname(HERE)), "examples")
ACCOUNT = "40702810954400012345"
ON_PG = os.environ.get("SUP_TEST_BACKEND") == "pg"


class Money(unittest.TestCase):
    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        self.schema = None
        if ON_PG:
            sys.path.insert(0, os.path.join(os.path.dirname(HERE), "pg"))
            import pgtest
            self.schema = pgtest.Schema()
            self.schema.__enter__()
            self.target = self.schema.uri
        else:
            self.target = os.path.join(self.dir.name, "money.db")
        self.lg = ls.Ledger(self.target, create=True)
        self.lg.set_vendor_from_file(ACTOR, "2020-01-01", os.path.join(EXAMPLES, "settings", "vendor.ini"))
        self.rep = self.lg.add_product(ACTOR, "REP", "Отчёт по продажам", ls.LicenseKind.PERPETUAL, 6)
        self.lg.set_price(ACTOR, self.rep, "2020-01-01", 799000)
        self.cust = self.lg.add_customer(ACTOR, "ROM", 'ООО "Ромашка"')
        self.lic = self.lg.sell(ACTOR, self.cust, self.rep, "2026-01-15", 799000)  # support through 2026-07-15

    def tearDown(self):
        self.lg.close()
        if self.schema is not None:
            self.schema.__exit__(None, None, None)
        self.dir.cleanup()

    def end(self):
        return self.lg.get_license(self.lic).latest_until

    def test_requisites(self):
        v = self.lg.get_vendor("2026-01-01")
        self.assertEqual(v.version, 1)
        self.assertEqual(v.settlement_account, ACCOUNT)
        self.assertEqual(v.director, "Иванов И. И.")
        second = self.lg.set_vendor(ACTOR, "2027-01-01", 'ООО "Восьмёрка Про"', "6316123458", "631601001",
                                    "АО Банк", "043601999", "30101810400000000999", "40702810454400067890")
        self.assertEqual(second, 2)
        self.assertIsNone(self.lg.get_vendor("2027-01-01").director)
        with self.assertRaises(ls.ParseError) as e:
            self.lg.set_vendor(ACTOR, "2027-01-01", "x", "6316123459", "631601001", "b", "043601999",
                               "30101810400000000999", ACCOUNT)
        self.assertIn("invalid INN", str(e.exception))
        with self.assertRaises(ls.NotFoundError):
            self.lg.get_vendor("1999-01-01")

    def test_an_invoice(self):
        inv = self.lg.issue_invoice(ACTOR, self.lic, "2026-07-01", payer_inn="7715123451")
        self.assertIsInstance(inv, ls.Invoice)
        self.assertEqual(inv.number, "2026-000001")
        self.assertTrue(inv.is_new)
        self.assertEqual(inv.issued_on, D(2026, 7, 1))
        q = inv.quote
        self.assertEqual((q.kind, q.fee, q.new_support_until, q.valid_through),
                         (ls.QuoteKind.PREFERENTIAL, 199800, D(2027, 7, 15), D(2026, 8, 15)))
        self.assertEqual(inv.amount, 199800)
        self.assertEqual(inv.vat_rate, -1)
        self.assertEqual(inv.payer_inn, "7715123451")
        self.assertIsNone(inv.payer_kpp)
        self.assertEqual(inv.purpose, "Оплата по счёту № 2026-000001 от 01.07.2026 за продление технической "
                                      "поддержки «Отчёт по продажам» по 15.07.2027. Без НДС")
        self.assertIsNone(inv.paid_on)
        self.assertEqual(inv.state_on("2026-07-01"), ls.InvoiceState.OPEN)
        self.assertEqual(inv.state_on("2026-08-16"), ls.InvoiceState.EXPIRED)
        self.assertEqual(inv.vendor().inn, "6316123458")
        html = inv.render_html()
        self.assertIn("Одна тысяча девятьсот девяносто восемь рублей 00 копеек", html)
        self.assertIn("ООО &quot;Ромашка&quot;, ИНН 7715123451", html)
        again = self.lg.issue_invoice(ACTOR, self.lic, "2026-07-02")
        self.assertFalse(again.is_new)
        self.assertEqual(again.number, inv.number)
        self.assertEqual(self.lg.open_invoice(self.lic, "2026-07-20").number, "2026-000001")
        self.assertEqual(self.lg.get_invoice("2026-000001").id, inv.id)
        rows = self.lg.list_invoices("2026-07-10").fetch_all()
        self.assertEqual(len(rows), 1)
        self.assertEqual(rows[0].number, "2026-000001")
        self.assertIs(type(rows[0].state), ls.InvoiceState)
        self.assertIs(type(rows[0].kind), ls.QuoteKind)
        self.assertEqual(rows[0].valid_through, D(2026, 8, 15))
        self.assertEqual(self.lg.list_invoices("2026-07-10", state=ls.InvoiceState.PAID).fetch_all(), [])
        with self.assertRaises(ls.NotFoundError):
            self.lg.get_invoice("2026-000002")
        with self.assertRaises(ls.InvalidArgumentError):
            self.lg.get_invoice("26-1")
        self.assertEqual(ls.label(ls.LabelSet.INVOICE_STATE, ls.InvoiceState.OPEN), "ожидает оплаты")

    def test_paying_once_and_the_review_list(self):
        self.lg.issue_invoice(ACTOR, self.lic, "2026-07-01")
        would = self.lg.match_payment("pp-1", "2026-07-10", 199800, invoice_number="2026-000001")
        self.assertEqual(would.status, ls.PaymentStatus.APPLIED)
        self.assertEqual(self.end(), D(2026, 7, 15))
        paid = self.lg.pay_invoice(ACTOR, "pp-1", "2026-07-10", 199800, invoice_number="2026-000001")
        self.assertEqual(paid.status, ls.PaymentStatus.APPLIED)
        self.assertEqual(paid.new_support_until, D(2027, 7, 15))
        self.assertEqual(paid.invoice, "2026-000001")
        self.assertEqual(self.end(), D(2027, 7, 15))
        again = self.lg.pay_invoice(ACTOR, "pp-1", "2026-07-10", 199800, invoice_number="2026-000001")
        self.assertEqual(again.status, ls.PaymentStatus.ALREADY_APPLIED)
        with self.assertRaises(ls.ConflictError):
            self.lg.pay_invoice(ACTOR, "pp-1", "2026-07-10", 1, invoice_number="2026-000001")
        later = self.lg.pay_invoice(ACTOR, "pp-2", "2026-07-11", 100050,
                                    purpose="Оплата по сч. 2026-000001", payer_inn="7715123451")
        self.assertEqual(later.status, ls.PaymentStatus.REVIEW)
        self.assertIs(type(later.reason), ls.ReviewReason)
        self.assertEqual(later.reason, ls.ReviewReason.ALREADY_PAID)
        self.assertEqual(self.end(), D(2027, 7, 15))
        reviews = self.lg.list_reviews().fetch_all()
        self.assertEqual([(r.payment_id, r.reason) for r in reviews], [("pp-2", ls.ReviewReason.ALREADY_PAID)])
        self.assertEqual(reviews[0].received_on, D(2026, 7, 11))
        self.lg.close_review(ACTOR, reviews[0].review, "2026-07-12", "refunded")
        self.assertEqual(self.lg.list_reviews().fetch_all(), [])
        self.assertEqual(self.lg.list_reviews(all=True).fetch_all()[0].close_note, "refunded")
        self.assertEqual(self.lg.get_invoice("2026-000001").paid_on, D(2026, 7, 10))

    def test_a_bank_statement(self):
        number = self.lg.issue_invoice(ACTOR, self.lic, "2026-07-01", payer_inn="7715123451").number
        lines = ["1CClientBankExchange", "ВерсияФормата=1.03", "Кодировка=Windows", f"РасчСчет={ACCOUNT}",
                 "СекцияДокумент=Платежное поручение", "Номер=412", "Дата=03.07.2026", "Сумма=1998.00",
                 "ПлательщикСчет=40702810438000004321", "ПлательщикИНН=7715123451",
                 "ПлательщикРасчСчет=40702810438000004321", f"ПолучательСчет={ACCOUNT}",
                 "ДатаПоступило=06.07.2026", f"НазначениеПлатежа=Оплата по счёту № {number}", "КонецДокумента",
                 "СекцияДокумент=Платежное поручение", "Номер=18", "Дата=03.07.2026", "Сумма=150.00",
                 f"ПлательщикСчет={ACCOUNT}", "ПолучательСчет=40702810438000009999",
                 "НазначениеПлатежа=Хостинг", "КонецДокумента", "КонецФайла"]
        path = os.path.join(self.dir.name, "statement.txt")
        with open(path, "wb") as f:
            f.write(("\r\n".join(lines) + "\r\n").encode("cp1251"))
        dry = self.lg.bank_import(ACTOR, path, dry_run=True)
        self.assertEqual([o.status for o in dry], [ls.PaymentStatus.APPLIED, ls.PaymentStatus.IGNORED_OUTGOING])
        self.assertEqual(self.end(), D(2026, 7, 15))
        done = self.lg.bank_import(ACTOR, path)
        self.assertEqual(done[0].status, ls.PaymentStatus.APPLIED)
        self.assertEqual(done[0].received_on, D(2026, 7, 6))
        self.assertEqual(done[0].payment_id, "bank:40702810438000004321:2026-07-03:412")
        self.assertGreater(done[0].bank_import, 0)
        self.assertEqual(self.end(), D(2027, 7, 15))
        again = self.lg.bank_import(ACTOR, path)
        self.assertEqual(again[0].status, ls.PaymentStatus.ALREADY_APPLIED)
        self.assertEqual(again[0].bank_import, 0)
        with self.assertRaises(ls.ParseError) as e:
            self.lg.bank_import(ACTOR, os.path.join(EXAMPLES, "bank", "bad-no-end-of-document.txt"))
        self.assertIn("line 81", str(e.exception))
        with self.assertRaises(ls.StorageIOError):
            self.lg.bank_import(ACTOR, os.path.join(self.dir.name, "missing.txt"))

    def test_corrections_in_the_payments(self):
        self.lg.renew(ACTOR, "r-1", self.lic, "2026-07-01", 199800)
        ev = self.lg.find_payment("r-1")
        void = self.lg.void_payment(ACTOR, ev, "2026-07-02", "wrong license")
        self.assertGreater(void, 0)
        self.assertEqual(self.end(), D(2026, 7, 15))
        with self.assertRaises(ls.StateError):
            self.lg.void_payment(ACTOR, ev, "2026-07-03", "again")
        self.lg.renew(ACTOR, "r-2", self.lic, "2026-07-03", 199800)
        self.lg.refund_payment(ACTOR, self.lg.find_payment("r-2"), "2026-09-01", "cancelled", shorten_support=True)
        self.assertEqual(self.end(), D(2026, 9, 1))
        other = self.lg.sell_at_price(ACTOR, self.cust, self.rep, "2026-03-01", 500000, "agreed", payment_id="s-2")
        self.assertGreater(other, 0)
        rows = self.lg.list_payments("2026-01-01", "2026-12-31").fetch_all()
        self.assertEqual([(r.correction_kind, r.amount, r.voided) for r in rows],
                         [(ls.CorrectionKind.NONE, 799000, False), (ls.CorrectionKind.DISCOUNT, 500000, False),
                          (ls.CorrectionKind.NONE, 199800, True), (ls.CorrectionKind.VOID, -199800, False),
                          (ls.CorrectionKind.NONE, 199800, False), (ls.CorrectionKind.REFUND, -199800, False)])
        self.assertEqual(rows[1].discount, 299000)
        self.assertEqual(rows[3].reason, "wrong license")
        self.assertEqual(ls.label(ls.LabelSet.CORRECTION_KIND, ls.CorrectionKind.REFUND), "возврат")

    def test_a_sale_at_an_agreed_price_with_an_external_id_says_what_it_did(self):
        sold = self.lg.sell_ext(ACTOR, self.cust, self.rep, "2026-03-01", 500000, payment_id="s-9",
                                external_id="1C-99", reason="agreed with the director")
        self.assertFalse(sold.replayed)
        again = self.lg.sell_ext(ACTOR, self.cust, self.rep, "2026-03-01", 500000, payment_id="s-9",
                                 external_id="1C-99", reason="agreed with the director")
        self.assertTrue(again.replayed)
        self.assertEqual(again.license, sold.license)
        rows = self.lg.list_payments("2026-03-01", "2026-03-01").fetch_all()
        self.assertEqual([(r.correction_kind, r.amount, r.discount) for r in rows],
                         [(ls.CorrectionKind.DISCOUNT, 500000, 299000)])
        with self.assertRaises(ls.InvalidInputError):
            self.lg.sell_ext(ACTOR, self.cust, self.rep, "2026-03-02", 500000, reason="")
        with self.assertRaises(ls.PaymentMismatchError):  # not the list price, and no reason
            self.lg.sell_ext(ACTOR, self.cust, self.rep, "2026-03-02", 500000)


if __name__ == "__main__":
    unittest.main()
