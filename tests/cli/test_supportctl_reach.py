"""supportctl for issue 13: customers' contact data (customer-add / customer-update /
customer), on SQLite and, with SUP_TEST_BACKEND=pg (ctest's pg.cli_reach), on
PostgreSQL in a fresh schema per test."""
import os
import sys
import unittest

from supportctl_testlib import CliTest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pg"))
ON_PG = os.environ.get("SUP_TEST_BACKEND") == "pg"
if ON_PG:
    import pgtest  # noqa: E402


class ReachTest(CliTest):
    def setUp(self):
        super().setUp()
        if ON_PG:
            self.schema = pgtest.Schema()
            self.ledger = self.schema.uri

    def tearDown(self):
        if ON_PG:
            self.schema.drop()
        super().tearDown()


class Customers(ReachTest):
    def setUp(self):
        super().setUp()
        self.init()

    def test_contact_fields_are_stored_checked_and_shown(self):
        c = self.js("customer-add", "--code", "ROM", "--name", "ООО «Ромашка»", "--email", "Anna@Romashka.RU",
                    "--email", "buh@romashka.ru", "--phone", "8 (927) 853-15-26", "--inn", "7707083893",
                    "--kpp", "773601001", "--lang", "en", "--note", "после 10:00")
        self.assertEqual(c, {"customer_id": 1, "code": "ROM", "name": "ООО «Ромашка»",
                             "emails": ["Anna@Romashka.RU", "buh@romashka.ru"], "phone": "+79278531526",
                             "inn": "7707083893", "kpp": "773601001", "lang": "en", "note": "после 10:00"})
        out = self.ok(*self.L("customer", "--customer", "ROM", "--on", "2026-01-10")).splitlines()
        self.assertEqual(out[:7], ["customer 1: ООО «Ромашка» (ROM) on 2026-01-10: 0 licenses",
                                   "  e-mail    Anna@Romashka.RU, buh@romashka.ru",
                                   "  phone     +79278531526", "  INN       7707083893", "  KPP       773601001",
                                   "  language  en", "  note      после 10:00"])
        report = self.js("customer", "--customer", "ROM", "--on", "2026-01-10")
        self.assertEqual((report["emails"], report["inn"], report["licenses"]),
                         (["Anna@Romashka.RU", "buh@romashka.ru"], "7707083893", []))
        # an update: the list of addresses is replaced, "" clears a field, the audit keeps old and new
        c = self.js("customer-update", "--customer", "ROM", "--email", "director@romashka.ru", "--note", "")
        self.assertEqual((c["emails"], c["note"], c["phone"]), (["director@romashka.ru"], None, "+79278531526"))
        last = self.js("audit")["events"][-1]
        self.assertEqual((last["action"], last["detail"]),
                         ("update_customer", "emails=Anna@Romashka.RU, buh@romashka.ru -> director@romashka.ru; "
                                             "note=после 10:00 -> "))
        self.assertEqual(self.js("customer-update", "--customer", "ROM", "--email", "")["emails"], [])
        listed = self.js("customer-list")["customers"]
        self.assertEqual([x["code"] for x in listed], ["ROM"])
        human = self.ok(*self.L("customer-list")).splitlines()
        self.assertEqual(human[0].split(), ["ID", "CODE", "NAME", "E-MAIL", "PHONE", "INN"])

    def test_bad_values_name_the_option_and_change_nothing(self):
        self.js("customer-add", "--code", "A", "--name", "a", "--inn", "7707083893")
        self.bad_l("customer-update", "--customer", "A", "--inn", "7707083894",
                   names=["--inn", "the check digit is 3, not 4"])
        self.bad_l("customer-update", "--customer", "A", "--kpp", "7736", names=["--kpp", "invalid KPP"])
        self.bad_l("customer-update", "--customer", "A", "--phone", "12", names=["--phone"])
        self.bad_l("customer-update", "--customer", "A", "--email", "a@b", names=["--email", '"a@b"'])
        self.bad_l("customer-update", "--customer", "A", "--email", "x@y.ru", "--email", "x@Y.RU",
                   names=["--email", "same mailbox"])
        self.bad_l("customer-update", "--customer", "A", "--lang", "de", names=["--lang", '"de"'])
        self.bad_l("customer-update", "--customer", "A", names="nothing to change")
        self.bad_l("customer-add", "--code", "B", "--name", "b", "--kpp", "773601001", names=["--kpp", "no INN"])
        self.bad_l("customer-add", "--code", "A", "--name", "again", names=["--code", '"A"'])
        self.bad_l("customer-add", "--code", "C", "--name", "c", "--email", names=["--email", "needs a value"])
        a = self.js("customer-list")["customers"]
        self.assertEqual([(x["code"], x["inn"], x["emails"]) for x in a], [("A", "7707083893", [])])


if __name__ == "__main__":
    unittest.main()
