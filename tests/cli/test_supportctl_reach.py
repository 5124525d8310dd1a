"""supportctl for issue 13: customers' contact data (customer-add / customer-update /
customer) and reminder e-mails sent once (send-reminders against a real SMTP server,
Debian's python3-aiosmtpd, tests/cli/smtp_sink.py), on SQLite and, with
SUP_TEST_BACKEND=pg (ctest's pg.cli_reach), on PostgreSQL in a fresh schema per test."""
import datetime
import email
import email.policy
import glob
import json
import os
import re
import signal
import subprocess
import sys
import time
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


class Comfort(ReachTest):
    """--on defaults to today (and the output says which date it used)."""

    def setUp(self):
        super().setUp()
        self.init()
        self.js("product-add", "--code", "REPORT6", "--name", "r", "--kind", "perpetual", "--support-months", "6",
                "--price", "7990", "--effective", "2020-01-01")
        self.js("customer-add", "--code", "ACME", "--name", "a")

    def test_on_defaults_to_today(self):
        today = datetime.date.today().isoformat()
        sold = self.js("sell", "--customer", "ACME", "--product", "REPORT6")
        self.assertEqual(sold["purchased"], today)
        self.assertEqual(self.js("customer", "--customer", "ACME")["on"], today)
        self.assertEqual(self.js("expiring", "--days", "30")["on"], today)
        out = self.ok(*self.L("expiring", "--days", "30")).splitlines()
        self.assertEqual(out[0], f"on {today} (today)")
        self.assertEqual(self.ok(*self.L("lapsed", "--on", "2020-01-01")).splitlines()[0].split()[0], "LICENSE")
        self.assertEqual(self.js("renewal-quote", "--license", "1")["on"], today)
        self.assertEqual(self.ok(*self.L("reminders")).splitlines()[0], f"on {today} (today)")


EXAMPLES = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "examples", "import")


class ImportExport(ReachTest):
    """supportctl import / export with the sample files of examples/import (docs/import.md)."""

    def setUp(self):
        super().setUp()
        self.init()
        for code, kind, months, price in (("REPORT6", "perpetual", "6", "7990"), ("EXT12", "perpetual", "12", "12000"),
                                          ("CLOUD1", "subscription_monthly", "0", "990")):
            self.js("product-add", "--code", code, "--name", code, "--kind", kind, "--support-months", months,
                    "--price", price, "--effective", "2020-01-01")

    def sample(self, name):
        return os.path.join(EXAMPLES, name)

    def test_import_once_reimport_changes_nothing_and_an_export_imports_back(self):
        out = self.ok(*self.L("import", "--customers", self.sample("customers.csv"), "--licenses",
                              self.sample("licenses.csv")))
        self.assertEqual(out.splitlines(), ["customers: 4 added, 0 updated, 0 unchanged",
                                            "licenses: 5 added, 0 unchanged; 2 known support ends recorded"])
        audit = len(self.js("audit")["events"])
        r = self.js("import", "--customers", self.sample("customers.csv"), "--licenses", self.sample("licenses.csv"))
        self.assertEqual((r["applied"], r["customers_unchanged"], r["licenses_unchanged"], r["licenses_added"]),
                         (True, 4, 5, 0))
        self.assertEqual(len(self.js("audit")["events"]), audit)
        self.assertEqual(self.js("customer", "--customer", "ACME", "--on", "2026-01-01")["inn"], "7707083893")
        # the export imports back unchanged, here and into a new ledger, and exports the same bytes there
        self.ok(*self.L("export", "--customers", "c.csv"))
        self.ok(*self.L("export", "--licenses", "l.csv"))
        r = self.js("import", "--customers", "c.csv", "--licenses", "l.csv")
        self.assertEqual((r["customers_unchanged"], r["licenses_unchanged"]), (4, 5))
        first = self.ledger
        if ON_PG:
            other = pgtest.Schema()
            self.addCleanup(other.drop)
            self.ledger = other.uri
        else:
            self.ledger = "other.db"
        self.setUp_catalogue_only()
        r = self.js("import", "--customers", "c.csv", "--licenses", "l.csv")
        self.assertEqual((r["customers_added"], r["licenses_added"]), (4, 5))
        self.ok(*self.L("export", "--customers", "c2.csv"))
        self.ok(*self.L("export", "--licenses", "l2.csv"))
        self.assertEqual(self.file_bytes("c2.csv"), self.file_bytes("c.csv"))
        self.assertEqual(self.file_bytes("l2.csv"), self.file_bytes("l.csv"))
        self.assertTrue(self.file_bytes("l.csv").startswith(b"\xef\xbb\xbfexternal_id;customer;product;purchased;"
                                                            b"paid;support_until;support_from\r\n"))
        rows = json.loads(self.ok(*self.L("export", "--licenses", "-", "--format", "json")))
        self.assertEqual(rows[0]["external_id"], "1C-000101")
        self.ledger = first

    def setUp_catalogue_only(self):
        self.init()
        for code, kind, months, price in (("REPORT6", "perpetual", "6", "7990"), ("EXT12", "perpetual", "12", "12000"),
                                          ("CLOUD1", "subscription_monthly", "0", "990")):
            self.js("product-add", "--code", code, "--name", code, "--kind", kind, "--support-months", months,
                    "--price", price, "--effective", "2020-01-01")

    def test_bad_rows_are_reported_with_line_and_column_and_nothing_is_written(self):
        code, out, err = self.run_cli(*self.L("import", "--customers", self.sample("customers-bad.csv")))
        self.assertEqual((code, out), (2, ""))
        lines = err.splitlines()
        self.assertEqual(len(lines), 4)
        self.assertTrue(lines[0].endswith('customers-bad.csv:2: column inn: customer INN: invalid INN "7707083894": '
                                          'the check digit is 3, not 4'), lines[0])
        self.assertTrue(lines[1].endswith("customers-bad.csv:3: column code: customer code is empty"), lines[1])
        self.assertEqual(lines[3], "supportctl: import: 3 bad rows: nothing was imported (--skip-bad imports the good "
                                   "ones)")
        self.assertEqual(self.js("customer-list")["customers"], [])
        code, out, err = self.run_cli(*self.L("import", "--customers", self.sample("customers-bad.csv"), "--json"))
        r = json.loads(out)
        self.assertEqual((code, r["applied"], r["bad_rows"], r["errors"][2]["line"], r["errors"][2]["column"]),
                         (2, False, 3, 4, "lang"))
        # the 1C file (Windows-1251, ",", Russian headers); a dry run; --skip-bad
        r = self.js("import", "--customers", self.sample("customers-1c-cp1251.csv"), "--dry-run")
        self.assertEqual((r["applied"], r["dry_run"], r["customers_added"]), (False, True, 2))
        self.assertEqual(self.js("customer-list")["customers"], [])
        self.write("mixed.csv", "code;name;inn\nOK;Хороший;\nBAD;Плохой;123\n")
        code, out, err = self.run_cli(*self.L("import", "--customers", "mixed.csv", "--skip-bad"))
        self.assertEqual(code, 0)
        self.assertIn("1 bad row skipped", out)
        self.assertIn("mixed.csv:3: column inn", err)
        self.assertEqual([c["code"] for c in self.js("customer-list")["customers"]], ["OK"])
        self.bad_l("import", names="--customers FILE and/or --licenses FILE")
        self.bad_l("import", "--licenses", "missing.csv", names="missing.csv", status=1)
        self.bad_l("export", "--customers", "a", "--licenses", "b", names="either")
        self.bad_l("export", "--customers", "a", "--format", "xml", names="xml")


SINK = os.path.join(os.path.dirname(os.path.abspath(__file__)), "smtp_sink.py")
SMTP_PYTHON = os.environ.get("SUP_SMTP_PYTHON") or "/usr/bin/python3"


class SmtpSink:
    """A real SMTP server on 127.0.0.1 (smtp_sink.py): stopped by stop(), and by itself when the
    test process dies (its stdin closes)."""

    def __init__(self, directory):
        self.dir = directory
        os.makedirs(directory, exist_ok=True)
        self.proc = subprocess.Popen([SMTP_PYTHON, SINK, directory], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                     text=True)
        line = self.proc.stdout.readline()
        if not line.strip().isdigit():
            self.proc.kill()
            raise RuntimeError(f"the SMTP server did not start with {SMTP_PYTHON} (python3-aiosmtpd: scripts/deps.sh)")
        self.port = int(line)

    def stop(self):
        if self.proc.poll() is None:
            self.proc.stdin.close()
            self.proc.wait(20)
        if self.proc.stdout is not None:
            self.proc.stdout.close()

    def messages(self):
        """[(message parsed with the email package, envelope)] in the order received."""
        out = []
        for path in sorted(glob.glob(os.path.join(self.dir, "*.eml"))):
            with open(path, "rb") as f:
                raw = f.read()
            with open(path[:-4] + ".json", encoding="utf-8") as f:
                envelope = json.load(f)
            msg = email.message_from_bytes(raw, policy=email.policy.default)
            self.assert_clean(raw, msg)
            out.append((msg, envelope))
        return out

    @staticmethod
    def assert_clean(raw, msg):
        raw.decode("ascii")  # 7-bit
        assert not msg.defects, msg.defects
        assert msg["Message-ID"] and msg["Date"] and msg.get_content_type() == "multipart/alternative"


def lf(text):
    return re.sub(r"\r\n?", "\n", text)


class SendReminders(ReachTest):
    """send-reminders against a real SMTP server: ACME (ru, one address), BETA (en, two), GAMMA (no
    address) each bought REPORT6 on 2026-01-15: support ends 2026-07-15, reminder due 2026-07-01."""

    ON = "2026-07-01"

    def setUp(self):
        super().setUp()
        self.init()
        self.js("product-add", "--code", "REPORT6", "--name", "Анализ продаж", "--kind", "perpetual",
                "--support-months", "6", "--price", "7990", "--effective", "2025-01-01")
        self.js("customer-add", "--code", "ACME", "--name", "ООО «Ромашка»", "--email", "anna@romashka.ru")
        self.js("customer-add", "--code", "BETA", "--name", "Beta Ltd", "--email", "b1@beta.ru", "--email",
                "B2@Beta.RU", "--lang", "en")
        self.js("customer-add", "--code", "GAMMA", "--name", "Гамма")
        for c in ("ACME", "BETA", "GAMMA"):
            self.sell(c, "REPORT6", "2026-01-15")
        self.sink = SmtpSink(self.path("mail"))
        self.addCleanup(self.sink.stop)
        self.config(self.sink.port)

    def config(self, port, extra=""):
        path = self.path("smtp.ini")
        with open(path, "w", encoding="utf-8") as f:
            f.write(f"[smtp]\nhost = 127.0.0.1\nport = {port}\nsecurity = none\ntimeout_seconds = 10\n{extra}"
                    "[message]\nfrom = reminders@v8pro.ru\nfrom_name = Восьмёрка Про — поддержка\n"
                    "reply_to = manager@v8pro.ru\n")
        os.chmod(path, 0o600)

    def send(self, *extra, status=0):
        code, out, err = self.run_cli(*self.L("send-reminders", "--on", self.ON, "--smtp-config", "smtp.ini",
                                              "--json", *extra))
        self.assertEqual(code, status, f"send-reminders exited {code}: {err}")
        return json.loads(out)

    def notices(self, lang, html=False):
        args = ["reminders", "--on", self.ON, "--notice", "--lang", lang] + (["--html"] if html else [])
        return {r["customer_code"]: r["text"] for r in self.js(*args)["reminders"]}

    def test_messages_arrive_once_and_read_as_the_library_notice(self):
        run = self.send()
        self.assertEqual((run["on"], run["on_is_today"], run["sent"], run["failed"], run["no_email"]),
                         (self.ON, False, 2, 0, 1))
        outcome = {s["customer_code"]: s for s in run["sends"]}
        self.assertEqual({c: s["outcome"] for c, s in outcome.items()},
                         {"ACME": "sent", "BETA": "sent", "GAMMA": "no_email"})
        got = self.sink.messages()
        self.assertEqual(len(got), 2)
        text = {"ru": self.notices("ru"), "en": self.notices("en")}
        html = {"ru": self.notices("ru", True), "en": self.notices("en", True)}
        for msg, envelope in got:
            code = "ACME" if "romashka" in str(msg["To"]) else "BETA"
            lang = "ru" if code == "ACME" else "en"
            self.assertEqual(msg["Message-ID"].strip(), outcome[code]["message_id"])
            self.assertEqual(envelope["mail_from"], "reminders@v8pro.ru")
            self.assertEqual(msg["Auto-Submitted"], "auto-generated")
            self.assertEqual(msg["Reply-To"], "manager@v8pro.ru")
            plain = msg.get_body(("plain",)).get_content()
            rich = msg.get_body(("html",)).get_content()
            self.assertEqual(lf(plain), lf(text[lang][code]))  # the library's notice, exactly
            self.assertEqual(lf(rich), lf(html[lang][code]))
            if code == "ACME":
                self.assertEqual(envelope["rcpt_tos"], ["anna@romashka.ru"])
                self.assertEqual(msg["Subject"], "Техническая поддержка продукта «Анализ продаж» заканчивается "
                                                 "15.07.2026")
                self.assertIn("Через 14 дней, 15.07.2026, заканчивается", plain)
            else:
                self.assertEqual(envelope["rcpt_tos"], ["b1@beta.ru", "B2@Beta.RU"])
                self.assertEqual([a.addr_spec for a in msg["To"].addresses], ["b1@beta.ru", "B2@Beta.RU"])
                self.assertEqual(msg["Subject"], "Technical support for “Анализ продаж” ends on 2026-07-15")
        # a rerun sends nothing: only the customer without an address is listed again
        again = self.send()
        self.assertEqual((again["sent"], [s["customer_code"] for s in again["sends"]]), (0, ["GAMMA"]))
        self.assertEqual(len(self.sink.messages()), 2)
        record = self.js("sends", "--from", self.ON)["sends"]
        self.assertEqual([(r["license_id"], r["state"], r["recipient"]) for r in record],
                         [(1, "sent", "anna@romashka.ru"), (2, "sent", "b1@beta.ru, B2@Beta.RU")])
        self.assertIn("reminder_sent", [e["action"] for e in self.js("audit")["events"]])
        # the next day nothing is due
        code, out, err = self.run_cli(*self.L("send-reminders", "--on", "2026-07-02", "--smtp-config", "smtp.ini"))
        self.assertEqual((code, out.splitlines()[0]), (0, "reminders due on 2026-07-02: 0"))

    def test_with_the_server_down_the_failure_is_recorded_and_the_next_run_delivers(self):
        self.sink.stop()
        self.config(self.sink.port)  # nothing listens there now
        run = self.send(status=1)
        self.assertEqual((run["sent"], run["failed"]), (0, 2))
        failed = [s for s in run["sends"] if s["outcome"] == "failed"]
        self.assertTrue(all("connect" in s["error"].lower() for s in failed), failed)
        self.assertEqual([r["state"] for r in self.js("sends", "--from", self.ON)["sends"]], ["failed", "failed"])
        # the server is back: the next run (the next morning) delivers them
        self.sink = SmtpSink(self.path("mail2"))
        self.addCleanup(self.sink.stop)
        self.config(self.sink.port)
        self.ON = "2026-07-02"
        run = self.send()
        self.assertEqual((run["sent"], run["failed"]), (2, 0))
        self.assertEqual({s["action"] for s in run["sends"] if s["outcome"] == "sent"}, {"retry"})
        self.assertEqual(len(self.sink.messages()), 2)
        bodies = "".join(lf(m.get_body(("plain",)).get_content()) for m, _ in self.sink.messages())
        self.assertIn("ends in 13 days, on 2026-07-15", bodies)  # rendered on the day it is sent
        self.assertIn("Через 13 дней, 15.07.2026", bodies)
        self.assertEqual(self.send()["sent"], 0)

    def test_a_run_killed_while_the_server_holds_the_message_never_sends_it_twice(self):
        open(os.path.join(self.sink.dir, "stall"), "w").close()
        p = subprocess.Popen([os.environ.get("SUPPORTCTL", "supportctl"), *self.L(
            "send-reminders", "--on", self.ON, "--smtp-config", "smtp.ini")], cwd=self.dir,
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:  # until the first attempt is recorded and its DATA is held
            if self.js("sends", "--from", self.ON)["sends"]:
                break
            time.sleep(0.05)
        time.sleep(0.3)
        p.send_signal(signal.SIGKILL)
        p.wait(10)
        os.unlink(os.path.join(self.sink.dir, "stall"))
        record = self.js("sends", "--from", self.ON)["sends"]
        self.assertEqual([r["state"] for r in record], ["sending"])
        time.sleep(0.5)
        held = len(self.sink.messages())  # the server may well have the message: the client never knew
        run = self.send()
        by = {s["customer_code"]: s["outcome"] for s in run["sends"]}
        self.assertEqual(by, {"ACME": "unconfirmed", "BETA": "sent", "GAMMA": "no_email"})
        self.assertEqual(len(self.sink.messages()), held + 1)  # BETA only
        self.assertEqual(self.send()["unconfirmed"], 1)  # and stays so
        self.assertEqual(len(self.sink.messages()), held + 1)
        # resolved by hand: sent again on purpose
        run = self.send("--resend-unconfirmed")
        self.assertEqual({s["customer_code"]: s["outcome"] for s in run["sends"]}, {"ACME": "sent", "GAMMA": "no_email"})
        self.assertEqual([r["state"] for r in self.js("sends", "--from", self.ON)["sends"]],
                         ["failed", "sent", "sent"])
        self.assertEqual(self.send()["sends"][0]["outcome"], "no_email")

    def test_a_dry_run_sends_and_records_nothing(self):
        run = self.send("--dry-run")
        self.assertEqual((run["dry_run"], run["would_send"]), (True, 2))
        self.assertEqual(self.sink.messages(), [])
        self.assertEqual(self.js("sends", "--from", self.ON)["sends"], [])

    def test_the_settings_file_is_checked_and_a_password_must_be_private(self):
        self.config(self.sink.port, "user = reminders\npassword = \"s3cret # x\"\n")
        os.chmod(self.path("smtp.ini"), 0o644)
        err = self.bad_l("send-reminders", "--on", self.ON, "--smtp-config", "smtp.ini", names=["chmod 600"])
        self.assertNotIn("s3cret", err)
        self.config(self.sink.port, "user = reminders\n")
        self.bad_l("send-reminders", "--on", self.ON, "--smtp-config", "smtp.ini", names="user is set without password")
        self.config(self.sink.port, "hots = x\n")
        self.bad_l("send-reminders", "--on", self.ON, "--smtp-config", "smtp.ini", names="unknown key [smtp] hots")
        self.bad_l("send-reminders", "--on", self.ON, "--smtp-config", "missing.ini", names="missing.ini")
        self.assertEqual(self.sink.messages(), [])

    def test_on_defaults_to_today_and_says_so(self):
        code, out, err = self.run_cli(*self.L("send-reminders", "--smtp-config", "smtp.ini", "--dry-run"))
        self.assertEqual(code, 0, err)
        self.assertRegex(out.splitlines()[0], r"^reminders due on \d{4}-\d{2}-\d{2} \(today\): ")


if __name__ == "__main__":
    unittest.main()
