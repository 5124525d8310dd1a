"""supportctl's money commands (issue 14): vendor requisites, invoices (JSON, HTML, PDF through
Chromium), paying invoices and the review list, bank-import (dry run, once, malformed files
refused whole), voids, refunds and agreed prices in `payments`. From a renewal request to support
extended with no typing: invoice -> a bank statement naming it -> bank-import -> the support end
moves, once. With SUP_TEST_BACKEND=pg the ledger is a fresh schema of the test cluster."""
import os
import shutil
import sys
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
sys.path.insert(0, os.path.join(os.path.dirname(os.path.dirname(os.path.abspath(__file__))), "pg"))
from supportctl_testlib import CliTest  # noqa: E402

EXAMPLES = os.path.join(os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__)))), "examples")
ON_PG = os.environ.get("SUP_TEST_BACKEND") == "pg"
VENDOR_ACCOUNT = "40702810954400012345"


def statement(number, doc_number, amount, date, received, inn="7715123451"):
    """A Windows-1251 statement (as banks export it) with one payment of `amount` naming invoice `number`."""
    lines = ["1CClientBankExchange", "ВерсияФормата=1.03", "Кодировка=Windows", f"ДатаСоздания={received}",
             f"ДатаНачала={date}", f"ДатаКонца={received}", f"РасчСчет={VENDOR_ACCOUNT}",
             "СекцияДокумент=Платежное поручение", f"Номер={doc_number}", f"Дата={date}", f"Сумма={amount}",
             "ПлательщикСчет=40702810438000004321", f"ПлательщикИНН={inn}", "Плательщик1=ООО \"Ромашка\"",
             "ПлательщикРасчСчет=40702810438000004321", f"ПолучательСчет={VENDOR_ACCOUNT}",
             f"ДатаПоступило={received}", f"ПолучательРасчСчет={VENDOR_ACCOUNT}",
             f"НазначениеПлатежа=Оплата по счёту № {number} от 01.07.2026 за продление поддержки. Без НДС",
             "КонецДокумента", "КонецФайла"]
    return ("\r\n".join(lines) + "\r\n").encode("cp1251")


class MoneyTest(CliTest):
    def setUp(self):
        super().setUp()
        self.schema = None
        if ON_PG:
            import pgtest
            self.schema = pgtest.Schema()
            self.schema.__enter__()
            self.ledger = self.schema.uri

    def tearDown(self):
        if self.schema is not None:
            self.schema.__exit__(None, None, None)
        super().tearDown()

    def money_ledger(self):
        self.standard_catalogue()
        self.js("vendor-set", "--from", os.path.join(EXAMPLES, "settings", "vendor.ini"), "--effective", "2020-01-01")
        return self.sell("ACME", "REPORT6", "2026-01-15")["license_id"]  # support through 2026-07-15

    def support_end(self, license_id, on="2026-12-31"):
        return self.js("license", "--license", str(license_id), "--on", on)["support_until"]

    def write_bytes(self, name, data):
        with open(self.path(name), "wb") as f:
            f.write(data)
        return self.path(name)

    # ---- requisites and invoices -----------------------------------------------------------------
    def test_vendor_requisites(self):
        self.init()
        d = self.js("vendor-set", "--from", os.path.join(EXAMPLES, "settings", "vendor.ini"), "--effective",
                    "2020-01-01")
        self.assertEqual(d["version"], 1)
        self.assertEqual(d["vendor"]["settlement_account"], VENDOR_ACCOUNT)
        self.assertEqual(self.js("vendor-show", "--on", "2026-01-01")["vendor"]["inn"], "6316123458")
        bad = self.write("bad.ini", "[vendor]\nname = x\ninn = 6316123459\nkpp = 631601001\n[bank]\nname = b\n"
                                    "bik = 043601999\ncorrespondent_account = 30101810400000000999\n"
                                    f"settlement_account = {VENDOR_ACCOUNT}\n")
        self.bad_l("vendor-set", "--from", bad, "--effective", "2026-01-01", names=["bad.ini:3", "invalid INN"])
        self.bad_l("vendor-show", "--on", "1999-01-01", names="no vendor requisites are in force on 1999-01-01")

    def test_an_invoice_in_json_html_and_pdf(self):
        lic = self.money_ledger()
        inv = self.js("invoice", "--license", str(lic), "--on", "2026-07-01", "--payer-inn", "7715123451",
                      "--html", "inv.html")
        self.assertEqual(inv["number"], "2026-000001")
        self.assertTrue(inv["new"])
        self.assertEqual(inv["kind"], "preferential")
        self.assertEqual(inv["amount_kopecks"], 199800)
        self.assertEqual(inv["new_support_until"], "2027-07-15")
        self.assertEqual(inv["valid_through"], "2026-08-15")
        self.assertIsNone(inv["vat_rate_bp"])
        self.assertEqual(inv["payer_inn"], "7715123451")
        self.assertEqual(inv["state"], "open")
        self.assertEqual(inv["purpose"], "Оплата по счёту № 2026-000001 от 01.07.2026 за продление технической "
                                         "поддержки «Анализ продаж» по 15.07.2027. Без НДС")
        with open(self.path("inv.html"), encoding="utf-8") as f:
            html = f.read()
        self.assertIn("Одна тысяча девятьсот девяносто восемь рублей 00 копеек", html)
        self.assertIn("ООО «Ромашка», ИНН 7715123451", html)
        again = self.js("invoice", "--license", str(lic), "--on", "2026-07-05")
        self.assertFalse(again["new"])
        self.assertEqual(again["number"], "2026-000001")
        shown = self.js("invoice-show", "2026-000001", "--on", "2026-08-16")
        self.assertEqual(shown["state"], "expired")
        listed = self.js("invoice-list", "--on", "2026-07-10", "--state", "open")["invoices"]
        self.assertEqual([i["number"] for i in listed], ["2026-000001"])
        self.assertEqual(self.js("invoice-list", "--on", "2026-07-10", "--state", "paid")["invoices"], [])
        self.bad_l("invoice", "--license", "99", "--on", "2026-07-01", names="--license")
        self.bad_l("invoice", "--license", str(lic), "--on", "2026-07-01", "--payer-inn", "123", names="INN")
        self.bad_l("invoice-show", "2026-000077", names="no invoice 2026-000077")
        self.bad_l("invoice-list", "--on", "2026-07-10", "--state", "lost", names="--state")
        if shutil.which(os.environ.get("SUPPORTCTL_CHROMIUM", "chromium")) is None:
            self.skipTest("no chromium: the PDF is not printed here")
        out = self.ok(*self.L("invoice-show", "2026-000001", "--pdf", "inv.pdf"))
        self.assertIn("invoice 2026-000001", out)
        pdf = self.file_bytes("inv.pdf")
        self.assertTrue(pdf.startswith(b"%PDF-"), pdf[:16])
        self.assertIn(b"/FontFile", pdf)  # the fonts (with Cyrillic) are embedded
        code, out, err = self.run_cli(*self.L("invoice-show", "2026-000001", "--pdf", "x.pdf"))
        self.assertEqual(code, 0)
        env_code = self.run_env_cli({"SUPPORTCTL_CHROMIUM": "/nonexistent/chromium"},
                                    *self.L("invoice-show", "2026-000001", "--pdf", "y.pdf"))
        self.assertEqual(env_code[0], 1)
        self.assertIn("cannot run \"/nonexistent/chromium\"", env_code[2])

    def run_env_cli(self, env, *args):
        import subprocess
        from supportctl_testlib import SUPPORTCTL
        p = subprocess.run([SUPPORTCTL, *args], capture_output=True, text=True, timeout=120, cwd=self.dir,
                           env={**os.environ, **env})
        return p.returncode, p.stdout, p.stderr

    # ---- paying -------------------------------------------------------------------------------------
    def test_paying_by_hand_and_the_review_list(self):
        lic = self.money_ledger()
        self.js("invoice", "--license", str(lic), "--on", "2026-07-01")
        paid = self.js("invoice-pay", "2026-000001", "--payment-id", "pp-1", "--on", "2026-07-10", "--amount", "1998")
        self.assertEqual(paid["status"], "applied")
        self.assertEqual(paid["new_support_until"], "2027-07-15")
        self.assertEqual(self.js("invoice-pay", "2026-000001", "--payment-id", "pp-1", "--on", "2026-07-10",
                                 "--amount", "1998")["status"], "already_applied")
        self.assertEqual(self.support_end(lic), "2027-07-15")
        self.bad_l("invoice-pay", "2026-000001", "--payment-id", "pp-1", "--on", "2026-07-10", "--amount", "1",
                   names="--payment-id")
        # a second payment for a paid invoice: kept for review, refused with the reason
        line = self.bad_l("invoice-pay", "2026-000001", "--payment-id", "pp-2", "--on", "2026-07-11", "--amount",
                          "1998", names=["kept for a manager's review", "was paid already"])
        self.assertIn("review 1", line)
        reviews = self.js("review-list")["reviews"]
        self.assertEqual(len(reviews), 1)
        self.assertEqual(reviews[0]["reason"], "already_paid")
        self.assertEqual(reviews[0]["payment_id"], "pp-2")
        self.ok(*self.L("review-close", "--review", "1", "--on", "2026-07-12", "--note", "refunded"))
        self.assertEqual(self.js("review-list")["reviews"], [])
        self.assertEqual(self.js("review-list", "--all")["reviews"][0]["close_note"], "refunded")
        self.bad_l("review-close", "--review", "1", "--on", "2026-07-12", "--note", "again", names="closed already")

    # ---- bank statements ----------------------------------------------------------------------------
    def test_from_a_renewal_request_to_support_extended_with_no_typing(self):
        lic = self.money_ledger()
        number = self.js("invoice", "--license", str(lic), "--on", "2026-07-01", "--payer-inn", "7715123451")["number"]
        stmt = self.write_bytes("statement.txt", statement(number, "412", "1998.00", "03.07.2026", "06.07.2026"))
        dry = self.js("bank-import", stmt, "--dry-run")
        self.assertTrue(dry["dry_run"])
        self.assertEqual(dry["totals"]["applied"], 1)
        self.assertEqual(self.support_end(lic), "2026-07-15")  # a dry run changes nothing
        done = self.js("bank-import", stmt)
        self.assertEqual(done["totals"]["applied"], 1)
        self.assertEqual(done["applied_kopecks"], 199800)
        out = done["outcomes"][0]
        self.assertEqual(out["invoice"], number)
        self.assertEqual(out["received_on"], "2026-07-06")
        self.assertEqual(out["payment_id"], "bank:40702810438000004321:2026-07-03:412")
        self.assertEqual(self.support_end(lic), "2027-07-15")
        again = self.js("bank-import", stmt)  # once
        self.assertEqual(again["totals"]["applied"], 0)
        self.assertEqual(again["totals"]["already_applied"], 1)
        self.assertEqual(again["bank_import_id"], 0)
        self.assertEqual(self.support_end(lic), "2027-07-15")
        self.assertEqual(self.js("invoice-show", number, "--on", "2026-07-06")["state"], "paid")
        text = self.ok(*self.L("bank-import", stmt))
        self.assertIn("1 documents: 0 applied (0.00 rub), 0 kept for review, 1 seen before", text)

    def test_the_samples_and_malformed_files(self):
        self.money_ledger()
        cp1251 = os.path.join(EXAMPLES, "bank", "statement-cp1251.txt")
        d = self.js("bank-import", cp1251)  # no invoice of this ledger is named
        self.assertEqual(d["documents"], 6)
        self.assertEqual(d["totals"]["review"], 4)
        self.assertEqual(d["totals"]["ignored_outgoing"], 2)
        self.assertEqual(sorted({o["reason"] for o in d["outcomes"] if o["reason"]}), ["unknown_invoice"])
        for name, line in [("bad-no-end-of-document.txt", "line 81"), ("bad-truncated.txt", "line 111")]:
            self.bad_l("bank-import", os.path.join(EXAMPLES, "bank", name), names=[name, line])
        self.bad_l("bank-import", os.path.join(EXAMPLES, "bank", "bad-encoding-mismatch.txt"), names="line 3")
        forced = self.js("bank-import", os.path.join(EXAMPLES, "bank", "bad-encoding-mismatch.txt"),
                         "--encoding", "utf-8")
        self.assertEqual(forced["totals"]["already_in_review"], 4)  # the same documents as cp1251's
        self.assertEqual(len(self.js("review-list")["reviews"]), 4)
        self.bad_l("bank-import", "missing.txt", names="missing.txt")

    # ---- corrections ----------------------------------------------------------------------------------
    def test_voids_refunds_and_agreed_prices_in_payments(self):
        lic = self.money_ledger()
        self.js("renew", "--license", str(lic), "--on", "2026-07-01", "--paid", "1998", "--payment-id", "r-1")
        self.assertEqual(self.support_end(lic), "2027-07-15")
        v = self.js("void", "--payment-id", "r-1", "--on", "2026-07-02", "--reason", "wrong customer")
        self.assertEqual(v["correction"], "void")
        self.assertEqual(self.support_end(lic), "2026-07-15")
        self.bad_l("void", "--payment-id", "r-1", "--on", "2026-07-03", "--reason", "again", names="voided already")
        self.bad_l("void", "--payment-id", "r-1", "--on", "2026-07-03", "--reason", "x", "--amount", "5",
                   names="no --amount")
        self.js("renew", "--license", str(lic), "--on", "2026-07-03", "--paid", "1998", "--payment-id", "r-2")
        self.js("refund", "--payment-id", "r-2", "--on", "2026-09-01", "--reason", "cancelled", "--shorten-support")
        self.assertEqual(self.support_end(lic), "2026-09-01")
        self.sell("BETA", "REPORT6", "2026-03-01", "--paid", "5000", "--reason", "agreed with the director")
        self.bad_l("sell", "--customer", "BETA", "--product", "REPORT6", "--on", "2026-03-02", "--paid", "5000",
                   names="--paid")
        rows = self.js("payments", "--from", "2026-01-01", "--to", "2026-12-31")
        kinds = [(r["correction"], r["amount_kopecks"], r["voided"]) for r in rows["payments"]]
        self.assertEqual(kinds, [(None, 799000, False), ("discount", 500000, False), (None, 199800, True),
                                 ("void", -199800, False), (None, 199800, False), ("refund", -199800, False)])
        self.assertEqual(rows["total_kopecks"], 799000 + 500000)
        discount = rows["payments"][1]
        self.assertEqual(discount["discount_kopecks"], 299000)
        self.assertEqual(discount["reason"], "agreed with the director")
        text = self.ok(*self.L("payments", "--from", "2026-01-01", "--to", "2026-12-31"))
        self.assertIn("void: wrong customer", text)
        self.assertIn("2 of the rows are voids or refunds", text)


if __name__ == "__main__":
    unittest.main()
