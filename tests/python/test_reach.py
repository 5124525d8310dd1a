"""Customers you can reach, from Python (issue 13): contact data checked and audited,
customers found by e-mail. On SQLite, and on PostgreSQL when SUP_TEST_BACKEND=pg
(ctest's pg.python.test_reach, in a fresh schema of the throwaway cluster)."""

import json
import os
import sys
import tempfile
import unittest

import libsupport as ls

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pg"))
ON_PG = os.environ.get("SUP_TEST_BACKEND") == "pg"
if ON_PG:
    import pgtest  # noqa: E402

ACTOR = "test_reach.py"


class LedgerCase(unittest.TestCase):
    """Each test gets a fresh ledger: a file in a temporary directory, or a fresh PostgreSQL schema."""

    def setUp(self):
        self.dir = tempfile.TemporaryDirectory()
        if ON_PG:
            self.schema = pgtest.Schema()
            self.schema.__enter__()
            self.target = self.schema.uri
        else:
            self.target = os.path.join(self.dir.name, "support.db")
        self.lg = ls.Ledger(self.target, create=True)

    def tearDown(self):
        self.lg.close()
        if ON_PG:
            self.schema.__exit__(None, None, None)
        self.dir.cleanup()

    def audit(self):
        return list(self.lg.list_audit())


class Customers(LedgerCase):
    def test_contact_data_reads_back_as_stored(self):
        cid = self.lg.add_customer(ACTOR, "C-ROM", "ООО «Ромашка»", emails=["Anna@Romashka.RU", "buh@romashka.ru"],
                                   phone="8 (927) 853-15-26", inn="7707083893", kpp="773601001", lang="en",
                                   note="звонить после 10:00")
        c = self.lg.get_customer(cid)
        self.assertEqual((c.customer, c.code, c.name, c.emails, c.phone, c.inn, c.kpp, c.lang, c.note),
                         (cid, "C-ROM", "ООО «Ромашка»", ["Anna@Romashka.RU", "buh@romashka.ru"], "+79278531526",
                          "7707083893", "773601001", "en", "звонить после 10:00"))
        self.assertEqual(self.lg.get_customer_by_code("C-ROM"), c)
        row = list(self.lg.list_customers())[0]
        self.assertEqual((row.customer, row.emails, row.phone, row.lang), (cid, "Anna@Romashka.RU, buh@romashka.ru",
                                                                           "+79278531526", "en"))
        plain = self.lg.get_customer(self.lg.add_customer(ACTOR, "P", "ИП Петров"))
        self.assertEqual((plain.emails, plain.phone, plain.inn, plain.kpp, plain.lang, plain.note),
                         ([], None, None, None, None, None))

    def test_update_changes_what_is_given_and_audits_old_and_new(self):
        cid = self.lg.add_customer(ACTOR, "A", "a", emails=["a@x.ru"], inn="7707083893")
        changed = self.lg.update_customer(ACTOR, cid, emails=["a@x.ru", "b@x.ru"], phone="+7 927 853 15 26",
                                          inn="7707083893")
        self.assertEqual(changed, ls.CustomerField.EMAILS | ls.CustomerField.PHONE)
        last = self.audit()[-1]
        self.assertEqual((last.action, last.detail),
                         ("update_customer", "emails=a@x.ru -> a@x.ru, b@x.ru; phone= -> +79278531526"))
        n = len(self.audit())
        self.assertEqual(self.lg.update_customer(ACTOR, cid, phone="89278531526"), 0)  # the same number
        self.assertEqual(len(self.audit()), n)
        self.assertEqual(self.lg.update_customer(ACTOR, cid, emails=[], inn=""), ls.CustomerField.EMAILS |
                         ls.CustomerField.INN)
        c = self.lg.get_customer(cid)
        self.assertEqual((c.emails, c.inn, c.phone, c.name), ([], None, "+79278531526", "a"))
        self.assertEqual(self.lg.update_customer(ACTOR, cid, name="b"), ls.CustomerField.NAME)

    def test_bad_values_are_refused_and_change_nothing(self):
        cid = self.lg.add_customer(ACTOR, "A", "a", inn="7707083893")
        n = len(self.audit())
        cases = [
            ({"inn": "7707083894"}, 'customer INN: invalid INN "7707083894": the check digit is 3, not 4'),
            ({"kpp": "773601001", "inn": "500100732259"}, "needs the 10-digit INN of an organisation"),
            ({"phone": "927 853-15-26"}, 'customer phone: invalid phone "927 853-15-26"'),
            ({"emails": ["Ivan@Mail.RU", "Ivan@mail.ru"]}, "names the same mailbox"),
            ({"lang": "de"}, 'customer language "de": expected "ru" or "en"'),
            ({"name": ""}, "customer name is empty"),
        ]
        for kw, message in cases:
            with self.subTest(kw=kw):
                with self.assertRaises(ls.InvalidArgumentError) as e:
                    self.lg.update_customer(ACTOR, cid, **kw)
                self.assertIn(message, str(e.exception))
        self.assertEqual(len(self.audit()), n)
        self.assertEqual(self.lg.get_customer(cid).inn, "7707083893")
        with self.assertRaises(TypeError):
            self.lg.update_customer(ACTOR, cid, emails="a@x.ru")  # a list, not a str
        with self.assertRaises(TypeError):
            self.lg.update_customer(ACTOR, cid, emails=["a@x.ru", 7])
        with self.assertRaises(ls.ConflictError):
            self.lg.add_customer(ACTOR, "A", "again")
        with self.assertRaises(ls.NotFoundError):
            self.lg.get_customer(99)
        with self.assertRaises(ls.NotFoundError):
            self.lg.get_customer_by_code("NOPE")

    def test_found_by_any_address_with_the_domain_in_any_case(self):
        a = self.lg.add_customer(ACTOR, "A", "a", emails=["Anna@Romashka.RU"])
        b = self.lg.add_customer(ACTOR, "B", "b", emails=["бух@почта.рф"])
        c = self.lg.add_customer(ACTOR, "C", "c", emails=["x@y.ru", "БУХ@Почта.РФ".replace("БУХ", "бух")])
        self.assertEqual([r.customer for r in self.lg.find_customers_by_email("Anna@romashka.ru")], [a])
        self.assertEqual([r.customer for r in self.lg.find_customers_by_email("anna@romashka.ru")], [])
        self.assertEqual([r.customer for r in self.lg.find_customers_by_email("бух@ПОЧТА.рф")], [b, c])
        with self.assertRaises(ls.InvalidArgumentError):
            self.lg.find_customers_by_email("not an address")


class Sends(LedgerCase):
    """The reminder due on 2026-07-01 (support of a 6-month license bought 2026-01-15 ends 2026-07-15)."""

    def setUp(self):
        super().setUp()
        p = self.lg.add_product(ACTOR, "R6", "Отчёт", ls.LicenseKind.PERPETUAL, 6)
        self.lg.set_price(ACTOR, p, "2025-01-01", 799000)
        self.lic = self.lg.sell(ACTOR, self.lg.add_customer(ACTOR, "A", "ООО А", emails=["a@x.ru"], lang="en"), p,
                                "2026-01-15", 799000)
        self.lg.sell(ACTOR, self.lg.add_customer(ACTOR, "B", "ИП Б"), p, "2026-01-15", 799000)

    def test_due_sent_once_and_failed_ones_again(self):
        due = list(self.lg.list_sends_due("2026-07-01"))
        self.assertEqual([(r.license, r.notice, r.anchor.isoformat(), r.action, r.lang, r.recipients) for r in due],
                         [(self.lic, ls.NoticeKind.SUPPORT_ENDING, "2026-07-15", ls.SendAction.NEW, "en", "a@x.ru"),
                          (self.lic + 1, ls.NoticeKind.SUPPORT_ENDING, "2026-07-15", ls.SendAction.NO_EMAIL, "ru",
                           None)])
        r = due[0]
        self.assertEqual(self.lg.render_subject(r.license, "2026-07-01", ls.Notice(kind=r.notice, lang=ls.Lang.EN)),
                         "Technical support for “Отчёт” ends on 2026-07-15")
        started = self.lg.begin_send(ACTOR, r.license, r.notice, r.anchor, r.due, "2026-07-01", r.recipients,
                                     "<a1@v8pro.ru>")
        self.assertEqual(started.replayed, False)
        again = self.lg.begin_send(ACTOR, r.license, r.notice, r.anchor, r.due, "2026-07-01", r.recipients,
                                   "<a1@v8pro.ru>")
        self.assertEqual((again.attempt, again.replayed), (started.attempt, True))
        self.assertEqual(list(self.lg.list_sends_due("2026-07-01"))[0].action, ls.SendAction.UNCONFIRMED)
        self.lg.finish_send(ACTOR, started.attempt, False, "421 try later")
        self.assertEqual(list(self.lg.list_sends_due("2026-07-02"))[0].action, ls.SendAction.RETRY)
        with self.assertRaises(ls.ConflictError):
            self.lg.finish_send(ACTOR, started.attempt, True)
        second = self.lg.begin_send(ACTOR, r.license, r.notice, r.anchor, r.due, "2026-07-02", r.recipients,
                                    "<a2@v8pro.ru>", time_ms=1782900000000)
        self.lg.finish_send(ACTOR, second.attempt, True)
        self.assertEqual([r.action for r in self.lg.list_sends_due("2026-07-02")], [])
        sent = list(self.lg.list_sends("2026-07-01", "2026-07-02"))
        self.assertEqual([(x.state, x.error, x.message_id) for x in sent],
                         [(ls.SendState.FAILED, "421 try later", "<a1@v8pro.ru>"),
                          (ls.SendState.SENT, None, "<a2@v8pro.ru>")])
        self.assertEqual(sent[1].started_at, 1782900000000)
        with self.assertRaises(ls.ConflictError):
            self.lg.begin_send(ACTOR, r.license, r.notice, r.anchor, r.due, "2026-07-02", r.recipients,
                               "<a3@v8pro.ru>")
        self.assertEqual(list(self.lg.list_sends_due("2026-07-02", retry_days=0)), [])


EXAMPLES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "examples", "import")


class ImportExport(LedgerCase):
    def setUp(self):
        super().setUp()
        for code, kind, months, price in (("REPORT6", ls.LicenseKind.PERPETUAL, 6, 799000),
                                          ("EXT12", ls.LicenseKind.PERPETUAL, 12, 1200000),
                                          ("CLOUD1", ls.LicenseKind.SUBSCRIPTION_MONTHLY, 0, 99000)):
            p = self.lg.add_product(ACTOR, code, code, kind, months)
            self.lg.set_price(ACTOR, p, "2020-01-01", price)

    def test_the_sample_files_import_once_and_export_back_unchanged(self):
        r = self.lg.import_csv(ACTOR, customers=os.path.join(EXAMPLES, "customers.csv"),
                               licenses=os.path.join(EXAMPLES, "licenses.csv"))
        self.assertEqual((r.applied, r.customers_added, r.licenses_added, r.periods_recorded, r.bad_rows, r.errors),
                         (True, 4, 5, 2, 0, []))
        self.assertEqual(self.lg.get_customer_by_code("ACME").emails, ["anna@romashka.ru", "buh@romashka.ru"])
        again = self.lg.import_csv(ACTOR, customers=os.path.join(EXAMPLES, "customers.csv"),
                                   licenses=os.path.join(EXAMPLES, "licenses.csv"))
        self.assertEqual((again.customers_unchanged, again.licenses_unchanged, again.licenses_added), (4, 5, 0))
        customers, licenses = self.lg.export_data("customers"), self.lg.export_data("licenses")
        self.assertTrue(customers.startswith("\ufeffcode;name;email;phone;inn;kpp;lang;note\r\n"))
        back = self.lg.import_csv(ACTOR, customers_data=customers, licenses_data=licenses)
        self.assertEqual((back.customers_unchanged, back.licenses_unchanged), (4, 5))
        rows = json.loads(self.lg.export_data("licenses", "json"))
        self.assertEqual(rows[1], {"external_id": "1C-000102", "customer": "ACME", "product": "EXT12",
                                   "purchased": "2024-03-01", "paid": "12000.00", "support_until": "2026-03-01",
                                   "support_from": "2025-02-20"})
        with self.assertRaises(ls.InvalidArgumentError):
            self.lg.export_data("products")

    def test_bad_rows_are_reported_and_nothing_is_written(self):
        r = self.lg.import_csv(ACTOR, customers=os.path.join(EXAMPLES, "customers-bad.csv"))
        self.assertEqual((r.applied, r.bad_rows), (False, 3))
        self.assertTrue(r.errors[0].endswith('customers-bad.csv:2: column inn: customer INN: invalid INN "7707083894": '
                                             'the check digit is 3, not 4'), r.errors[0])
        self.assertEqual(list(self.lg.list_customers()), [])
        r = self.lg.import_csv(ACTOR, customers=os.path.join(EXAMPLES, "customers-bad.csv"), skip_bad=True)
        self.assertEqual((r.applied, r.bad_rows, r.customers_added), (True, 3, 0))
        r = self.lg.import_csv(ACTOR, customers_data="code;name\nX;x\n", dry_run=True)
        self.assertEqual((r.applied, r.dry_run, r.customers_added), (False, True, 1))
        with self.assertRaises(ls.StorageError):
            self.lg.import_csv(ACTOR, customers="/nonexistent.csv")


class Replays(LedgerCase):
    def test_a_replayed_payment_says_when_it_was_recorded(self):
        p = self.lg.add_product(ACTOR, "R6", "r", ls.LicenseKind.PERPETUAL, 6)
        self.lg.set_price(ACTOR, p, "2025-01-01", 799000)
        c = self.lg.add_customer(ACTOR, "A", "a")
        sold = self.lg.sell_ext(ACTOR, c, p, "2026-01-15", 799000, payment_id="o-1", external_id="1C-7")
        self.assertEqual((sold.replayed, sold.recorded_on.isoformat()), (False, "2026-01-15"))
        self.assertEqual(self.lg.sell_ext(ACTOR, c, p, "2026-01-20", 799000, payment_id="o-1").replayed, True)
        first = self.lg.renew_ext(ACTOR, "pay-1", sold.license, "2026-07-20", 199800)
        again = self.lg.renew_ext(ACTOR, "pay-1", sold.license, "2026-08-01", 199800)
        self.assertEqual((first.replayed, again.replayed, again.event, again.recorded_on.isoformat()),
                         (False, True, first.event, "2026-07-20"))
        with self.assertRaises(ls.ConflictError):
            self.lg.sell_ext(ACTOR, c, p, "2026-01-15", 799000, payment_id="o-2", external_id="1C-7")
        rows = self.lg.export_data("licenses").splitlines()
        self.assertTrue(rows[1].startswith("1C-7;A;R6;15.01.2026;7990,00;15.07.2027;20.07.2026"), rows[1])


if __name__ == "__main__":
    unittest.main()
