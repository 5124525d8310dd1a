"""CLI tests of supportctl's ledger commands: every command, JSON parsed and
compared field by field, idempotent payments, refusals (exit 2, one line on
stderr, nothing on stdout), storage failures (exit 1), missing, foreign and
read-only ledgers, and names with quotes, SQL and Cyrillic. On both engines:
cli_ledger (SQLite files) and pg.cli_ledger (a PostgreSQL schema per test).

Run: python3 test_supportctl_ledger.py  (SUPPORTCTL=path/to/supportctl)
"""
import hashlib
import json
import os
import sqlite3
import stat
import unittest

from supportctl_testlib import SUPPORTCTL, CliTest, lt

LEDGER_COMMANDS = ["init", "product-add", "product-update", "product-price", "product-list", "policy-add",
                   "policy-list", "customer-add", "customer-update", "customer-list", "release-add", "release-list",
                   "sell", "renewal-quote", "renew", "payment-quote", "pay", "customer", "license", "expiring",
                   "preferential", "lapsed", "reminders", "notify", "payments", "audit", "revenue"]

# One valid invocation of every command but init (used on missing, foreign and read-only ledgers).
SAMPLE_ARGS = {
    "product-add": ["--code", "P", "--name", "p", "--kind", "perpetual"],
    "product-update": ["--product", "REPORT6", "--name", "x"],
    "product-price": ["--product", "REPORT6", "--price", "1", "--effective", "2030-01-01"],
    "product-list": [],
    "policy-add": ["--file", "p.policy", "--effective", "2030-01-01"],
    "policy-list": [],
    "customer-add": ["--code", "NEW", "--name", "n"],
    "customer-update": ["--customer", "ACME", "--name", "n"],
    "customer-list": [],
    "release-add": ["--product", "REPORT6", "--version", "9.9", "--date", "2026-05-01"],
    "release-list": ["--license", "1", "--on", "2026-05-01"],
    "sell": ["--customer", "ACME", "--product", "REPORT6", "--on", "2026-05-01"],
    "renewal-quote": ["--license", "1", "--on", "2026-05-01"],
    "renew": ["--license", "1", "--on", "2026-05-01", "--paid", "1998", "--payment-id", "x"],
    "payment-quote": ["--license", "2", "--on", "2026-05-01"],
    "pay": ["--license", "2", "--on", "2026-05-01", "--paid", "990", "--payment-id", "y"],
    "customer": ["--customer", "ACME", "--on", "2026-05-01"],
    "license": ["--license", "1", "--on", "2026-05-01"],
    "expiring": ["--on", "2026-05-01", "--days", "30"],
    "preferential": ["--on", "2026-05-01"],
    "lapsed": ["--on", "2026-05-01"],
    "reminders": ["--on", "2026-05-01"],
    "notify": ["--release", "1"],
    "payments": ["--from", "2026-01-01", "--to", "2026-12-31"],
    "audit": [],
    "revenue": ["--from", "2026-01", "--to", "2026-12"],
}
READ_ONLY_COMMANDS = {"product-list", "policy-list", "customer-list", "release-list", "renewal-quote",
                      "payment-quote", "customer", "license", "expiring", "preferential", "lapsed", "reminders",
                      "notify", "payments", "audit", "revenue"}

QUOTE_KEYS = {"kind", "rate_bp", "fee_kopecks", "fee", "list_price_kopecks", "list_price", "support_until",
              "new_support_until", "valid_through"}


def quote_of(d):
    return {k: d[k] for k in QUOTE_KEYS}


# ---- the ledger file ---------------------------------------------------------------------------------

class LedgerFile(CliTest):
    def test_init_creates_a_ledger_holding_the_default_policy(self):
        self.assertEqual(self.init(), {"ledger": self.ledger, "schema_version": 2, "policy_version": 1})
        pols = self.js("policy-list")["policies"]
        self.assertEqual(len(pols), 1)
        p = pols[0]
        self.assertEqual((p["policy_version"], p["effective"], p["active"], p["preferential_rate_bp"],
                          p["standard_rate_bp"], p["grace_months"], p["renewal_months"],
                          p["default_support_months"], p["rounding_unit_kopecks"], p["rounding_mode"],
                          p["phone_support"]),
                         (1, "1900-01-01", True, 2500, 4500, 1, 12, 6, 100, "half_up", False))
        self.assertEqual(p["contacts"][0], {"kind": "whatsapp", "value": "+7 927 853 15 26"})
        self.assertEqual([c["kind"] for c in p["contacts"]], ["whatsapp", "email", "site_chat", "vk"])
        self.assertEqual(self.js("check")["backend"], lt.BACKEND)

    @lt.sqlite_only("the default ledger is a file in the working directory")
    def test_init_defaults_to_support_db_in_the_working_directory(self):
        self.ok("init")
        self.assertTrue(os.path.isfile(self.path("support.db")))
        self.assertEqual(json.loads(self.ok("customer-list", "--json")), {"customers": []})

    def test_init_refuses_an_existing_ledger_and_leaves_it(self):
        self.init()
        self.js("customer-add", "--code", "MINE", "--name", "mine")
        self.bad_l("init", names=[self.ledger, "already exists"])
        self.assertEqual([c["code"] for c in self.js("customer-list")["customers"]], ["MINE"])

    @lt.sqlite_only("a text file")
    def test_init_refuses_a_file_that_is_not_a_ledger_and_leaves_it(self):
        self.write("notes.txt", "keep me")
        self.bad("init", "--ledger", "notes.txt", names="notes.txt")
        self.assertEqual(self.file_bytes("notes.txt"), b"keep me")

    @lt.pg_only("a schema of another application")
    def test_init_refuses_a_schema_holding_other_tables_and_leaves_it(self):
        other = lt.new_schema_uri(self, create=True)
        lt.raw_exec(other, "CREATE TABLE notes (t text); INSERT INTO notes VALUES ('keep me')")
        self.bad("init", "--ledger", other, names=[other, "not a ledger", "another application"])
        self.assertEqual(lt.raw_int(other, "SELECT count(*) FROM notes WHERE t = 'keep me'"), 1)
        self.assertEqual(lt.raw_int(other, "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()"), 1)

    @lt.pg_only("an empty schema, made by the administrator")
    def test_init_makes_a_ledger_in_an_empty_schema(self):
        empty = lt.new_schema_uri(self, create=True)
        self.bad("customer-list", "--ledger", empty, names=[lt.schema_of(empty), "is empty"])
        self.assertEqual(json.loads(self.ok("init", "--ledger", empty, "--json"))["ledger"], empty)

    @lt.sqlite_only("a missing directory")
    def test_init_in_a_missing_directory_is_an_environment_failure(self):
        self.bad("init", "--ledger", "no/such/dir/t.db", status=1)

    @lt.pg_only("a server that cannot be reached")
    def test_init_on_a_server_that_cannot_be_reached_is_an_environment_failure(self):
        gone = lt.base_of(self.ledger).replace("host=", "host=/nonexistent/socket/dir&x=").split("&x=")[0]
        gone += "&port=5432&connect_timeout=2&schema=x"
        line = self.bad("init", "--ledger", gone, status=1)
        self.assertIn("/nonexistent/socket/dir", line)
        self.bad("customer-list", "--ledger", gone, status=1)

    def test_every_command_refuses_a_missing_ledger_and_suggests_init(self):
        self.write("p.policy", "standard_rate_bp = 4000\n")
        missing = self.missing_ledger()
        for cmd, args in SAMPLE_ARGS.items():
            with self.subTest(cmd=cmd):
                self.bad(cmd, "--ledger", missing, *args, names=[missing, "supportctl init"])
        self.assertFalse(self.exists(missing), "nothing created")
        self.bad("customer-list", names=["support.db", "init"])  # the default path

    def _foreign_targets(self):
        """SQLite: a text file and another application's database; PostgreSQL: another application's
        schema and an empty one. {target: a function returning its content}."""
        if lt.ON_PG:
            other = lt.new_schema_uri(self, create=True)
            lt.raw_exec(other, "CREATE TABLE accounts (id int PRIMARY KEY, name text); INSERT INTO accounts VALUES "
                               "(1, 'x')")
            empty = lt.new_schema_uri(self, create=True)
            count = "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace " \
                    "WHERE n.nspname = current_schema()"
            return {other: lambda: (lt.raw_int(other, "SELECT count(*) FROM accounts"), lt.raw_int(other, count)),
                    empty: lambda: lt.raw_int(empty, count)}
        self.write("text.db", "just some text, not a database\n")
        db = sqlite3.connect(self.path("other.sqlite"))
        db.execute("CREATE TABLE accounts (id INTEGER PRIMARY KEY, name TEXT)")
        db.execute("INSERT INTO accounts (name) VALUES ('x')")
        db.commit()
        db.close()
        return {n: (lambda n=n: self.file_bytes(n)) for n in ("text.db", "other.sqlite")}

    def test_a_place_that_is_not_a_ledger_is_refused_and_left_unchanged(self):
        self.write("p.policy", "standard_rate_bp = 4000\n")
        targets = self._foreign_targets()
        before = {t: content() for t, content in targets.items()}
        for target in targets:
            for cmd, args in SAMPLE_ARGS.items():
                with self.subTest(target=target, cmd=cmd):
                    self.bad(cmd, "--ledger", target, *args, names=target)
            self.assertEqual(targets[target](), before[target])
        if not lt.ON_PG:
            self.assertEqual(sorted(os.listdir(self.dir)), ["other.sqlite", "p.policy", "text.db"])

    @lt.sqlite_only("a directory")
    def test_a_directory_is_not_a_ledger(self):
        os.mkdir(self.path("dir.db"))
        self.bad("customer-list", "--ledger", "dir.db", names="dir.db")

    def _read_only_ledger(self):
        """A ledger the command's user cannot write: SQLite, chmod 444 (as root: the commands run as
        nobody); PostgreSQL, a role that may only read (init --readonly-role). Returns (ledger, user)."""
        self.write("p.policy", "standard_rate_bp = 4000\n")
        os.chmod(self.path("p.policy"), 0o644)
        if lt.ON_PG:
            role = lt.new_role(self)
            LedgerFixture.build(self, "--readonly-role", role)
            return lt.as_role(self.ledger, role), None
        LedgerFixture.build(self)
        os.chmod(self.path("t.db"), 0o444)
        os.chmod(self.dir, 0o777)  # SQLite's -shm and -wal files live beside the ledger
        if os.geteuid() != 0:
            return "t.db", None
        for p in (SUPPORTCTL,):
            if not os.access(p, os.X_OK):
                self.skipTest("supportctl is not executable by nobody")
        return "t.db", "nobody"

    def _content(self):
        if lt.ON_PG:
            return [lt.raw_int(self.ledger, f"SELECT count(*) FROM {t}") for t in
                    ("audit", "customer", "product", "price", "license", "license_event", "product_release",
                     "policy_version")]
        return self.file_bytes("t.db")

    def test_a_read_only_ledger_answers_queries_and_refuses_changes(self):
        ledger, user = self._read_only_ledger()
        before = self._content()
        for cmd, args in SAMPLE_ARGS.items():
            with self.subTest(cmd=cmd):
                code, out, err = self.run_cli(cmd, "--ledger", ledger, *args, "--json", user=user)
                if cmd in READ_ONLY_COMMANDS:
                    self.assertEqual((code, err), (0, ""), f"{cmd}: {err}")
                    json.loads(out)
                else:
                    self.assertEqual(code, 1, f"{cmd}: exit {code}, {err!r}")
                    self.assertEqual(out, "")
                    self.assertEqual(err.count("\n"), 1, err)
                    self.assertIn("read-only", err)
        self.assertEqual(self._content(), before)


# ---- a shared scenario --------------------------------------------------------------------------------

class LedgerFixture:
    @staticmethod
    def build(t, *init_args):
        """Catalogue plus license 1 (ACME REPORT6 2026-01-15, support to 2026-07-15) and
        license 2 (BETA CLOUD1 2026-04-10, paid to 2026-05-10), release 1 (REPORT6 3.0, 2026-04-01)."""
        t.standard_catalogue(*init_args)
        t.sell("ACME", "REPORT6", "2026-01-15")
        t.sell("BETA", "CLOUD1", "2026-04-10")
        t.js("release-add", "--product", "REPORT6", "--version", "3.0", "--date", "2026-04-01")


# ---- products, policies, customers, releases -------------------------------------------------------

class Products(CliTest):
    def setUp(self):
        super().setUp()
        self.init()

    def test_add_with_a_first_price_and_list(self):
        p = self.js("product-add", "--code", "R6", "--name", "Анализ «продаж»", "--kind", "perpetual",
                    "--support-months", "6", "--price", "7990.50", "--effective", "2025-01-01")
        self.assertEqual(p, {"product_id": 1, "code": "R6", "name": "Анализ «продаж»", "kind": "perpetual",
                             "support_months": 6,
                             "prices": [{"effective": "2025-01-01", "price_kopecks": 799050, "price": "7990.50"}]})
        self.assertEqual(self.js("product-list"), {"products": [p]})

    def test_support_months_default_to_the_policy_and_to_the_subscription_period(self):
        self.assertEqual(self.js("product-add", "--code", "A", "--name", "a", "--kind", "perpetual")
                         ["support_months"], 6)
        self.assertEqual(self.js("product-add", "--code", "M", "--name", "m", "--kind", "subscription_monthly")
                         ["support_months"], 1)
        self.assertEqual(self.js("product-add", "--code", "Y", "--name", "y", "--kind", "subscription_yearly")
                         ["support_months"], 12)
        self.write("p.policy", "default_support_months = 3\n")
        self.js("policy-add", "--file", "p.policy", "--effective", "2026-01-01")
        self.assertEqual(self.js("product-add", "--code", "B", "--name", "b", "--kind", "perpetual",
                                 "--price", "100", "--effective", "2026-02-01")["support_months"], 3)
        # the library's default: the latest policy version's term, whatever the price's date
        self.assertEqual(self.js("product-add", "--code", "C", "--name", "c", "--kind", "perpetual",
                                 "--price", "100", "--effective", "2025-02-01")["support_months"], 3)

    def test_price_history_and_the_price_in_force_on_a_date(self):
        self.js("product-add", "--code", "R6", "--name", "r", "--kind", "perpetual", "--price", "7990",
                "--effective", "2025-01-01")
        p = self.js("product-price", "--product", "R6", "--price", "8990", "--effective", "2026-12-01")
        self.assertEqual([(x["effective"], x["price_kopecks"]) for x in p["prices"]],
                         [("2025-01-01", 799000), ("2026-12-01", 899000)])
        on = {d: self.js("product-list", "--on", d)["products"][0] for d in
              ("2024-12-31", "2025-01-01", "2026-11-30", "2026-12-01")}
        self.assertEqual({d: (v["price_on_kopecks"], v["price_on"]) for d, v in on.items()},
                         {"2024-12-31": (None, None), "2025-01-01": (799000, "7990.00"),
                          "2026-11-30": (799000, "7990.00"), "2026-12-01": (899000, "8990.00")})
        # a price on a date that has one supersedes it
        p = self.js("product-price", "--product", "R6", "--price", "8500", "--effective", "2026-12-01")
        self.assertEqual([(x["effective"], x["price_kopecks"]) for x in p["prices"]],
                         [("2025-01-01", 799000), ("2026-12-01", 850000)])

    def test_update_renames_and_changes_the_term_of_later_sales_only(self):
        self.js("product-add", "--code", "R6", "--name", "old", "--kind", "perpetual", "--support-months", "6",
                "--price", "100", "--effective", "2025-01-01")
        self.js("customer-add", "--code", "C", "--name", "c")
        self.assertEqual(self.js("sell", "--customer", "C", "--product", "R6", "--on", "2026-01-15")
                         ["support_until"], "2026-07-15")
        p = self.js("product-update", "--product", "R6", "--name", "new", "--support-months", "12")
        self.assertEqual((p["name"], p["support_months"]), ("new", 12))
        self.assertEqual(self.js("sell", "--customer", "C", "--product", "R6", "--on", "2026-01-15")
                         ["support_until"], "2027-01-15")
        self.assertEqual(self.js("license", "--license", "1", "--on", "2026-03-01")["support_until"], "2026-07-15")
        self.assertEqual(self.js("product-update", "--product", "R6", "--name", "newer")["support_months"], 12)

    def test_human_list_is_an_aligned_table(self):
        self.js("product-add", "--code", "R6", "--name", "Отчёт", "--kind", "perpetual", "--price", "7990",
                "--effective", "2025-01-01")
        self.js("product-add", "--code", "LONGER-CODE", "--name", "x", "--kind", "subscription_yearly")
        lines = self.ok(*self.L("product-list")).splitlines()
        self.assertEqual(len(lines), 3)
        self.assertEqual(lines[0].index("NAME"), lines[1].index("Отчёт"))
        self.assertEqual(lines[0].index("NAME"), lines[2].index("x "))

    def test_refusals(self):
        self.js("product-add", "--code", "R6", "--name", "r", "--kind", "perpetual")
        self.bad_l("product-add", "--code", "R6", "--name", "again", "--kind", "perpetual", names="R6")
        self.bad_l("product-add", "--code", "Z", "--name", "z", "--kind", "forever", names="forever")
        self.bad_l("product-add", "--code", "Z", "--name", "z", "--kind", "perpetual", "--price", "10",
                   names="--effective")
        self.bad_l("product-add", "--code", "Z", "--name", "z", "--kind", "perpetual", "--effective", "2026-01-01",
                   names="--price")
        self.bad_l("product-add", "--code", "Z", "--name", "z", "--kind", "perpetual", "--support-months", "1201",
                   names="1201")
        self.bad_l("product-add", "--code", "Z", "--name", "z", "--kind", "subscription_monthly",
                   "--support-months", "5")
        self.bad_l("product-add", "--code", "Z", "--name", "z", "--kind", "perpetual", "--price", "-1",
                   "--effective", "2026-01-01", names="-1")
        self.bad_l("product-add", "--code", "Z", "--name", "z", "--kind", "perpetual", "--price", "1,234.5",
                   "--effective", "2026-01-01", names="1,234.5")
        self.bad_l("product-price", "--product", "R6", "--price", "10", "--effective", "2026-02-29",
                   names="2026-02-29")
        self.bad_l("product-price", "--product", "NOPE", "--price", "10", "--effective", "2026-01-01",
                   names="NOPE")
        self.bad_l("product-update", "--product", "NOPE", "--name", "x", names="NOPE")
        self.bad_l("product-update", "--product", "R6", names="--name")
        self.bad_l("product-add", "--code", "", "--name", "z", "--kind", "perpetual")
        self.bad_l("product-add", "--code", "Z", "--name", "two\nlines", "--kind", "perpetual",
                   names="U+000A LINE FEED")
        # what the customer's notice would refuse is refused when stored, naming the code point
        self.bad_l("customer-add", "--code", "RLO", "--name", "ACME\u202eexe.gpj", names="U+202E RIGHT-TO-LEFT OVERRIDE")
        self.bad_l("customer-add", "--code", "NEL", "--name", "A\u0085B", names="U+0085 NEXT LINE")
        self.bad_l("product-list", "--on", "26.13.2026", names="26.13.2026")
        self.assertEqual(len(self.js("product-list")["products"]), 1, "nothing added by refused commands")


class Policies(CliTest):
    def setUp(self):
        super().setUp()
        self.standard_catalogue()
        self.sell("ACME", "REPORT6", "2026-01-15")  # license 1: support to 2026-07-15, window to 2026-08-15

    def test_a_policy_version_prices_renewals_from_its_date(self):
        self.write("page.policy", "# the policy page's example\nstandard_rate_bp = 4000\n")
        v = self.js("policy-add", "--file", "page.policy", "--effective", "2026-09-01")
        self.assertEqual((v["policy_version"], v["effective"], v["active"], v["standard_rate_bp"],
                          v["preferential_rate_bp"]), (2, "2026-09-01", True, 4000, 2500))
        before = self.js("renewal-quote", "--license", "1", "--on", "2026-08-20")
        self.assertEqual((before["kind"], before["fee_kopecks"], before["valid_through"]),
                         ("standard", 359600, "2026-08-31"))
        after = self.js("renewal-quote", "--license", "1", "--on", "2026-09-10")
        self.assertEqual((after["kind"], after["rate_bp"], after["fee_kopecks"], after["fee"]),
                         ("standard", 4000, 319600, "3196.00"))
        self.js("renew", "--license", "1", "--on", "2026-09-10", "--paid", "3196", "--payment-id", "r1")
        events = self.js("license", "--license", "1", "--on", "2026-09-10")["events"]
        self.assertEqual([(e["kind"], e["policy_version"]) for e in events],
                         [("purchase", None), ("standard_renewal", 2)])
        pays = self.js("payments", "--from", "2026-09-10", "--to", "2026-09-10")["payments"]
        self.assertEqual([(p["kind"], p["policy_version"], p["amount_kopecks"]) for p in pays],
                         [("standard_renewal", 2, 319600)])

    def test_a_damaged_stored_version_is_a_storage_failure_for_every_command(self):
        # issue 11 B5: policy-list exited 2 (bad input) where the other commands exit 1 (damage)
        self.raw_exec("DROP TRIGGER policy_version_no_update" + (" ON policy_version" if lt.ON_PG else "") + ";"
                      "UPDATE policy_version SET body = 'preferential_rate_bp = lots' WHERE id = 1")
        for args in (("policy-list",), ("renewal-quote", "--license", "1", "--on", "2026-08-01"),
                     ("expiring", "--on", "2026-07-01", "--days", "30")):
            with self.subTest(args=args):
                self.bad_l(*args, status=1, names=["policy version 1 is damaged", '"lots"'])

    def test_a_version_on_the_same_date_supersedes_the_earlier_one(self):
        self.write("a.policy", "standard_rate_bp = 4000\n")
        self.write("b.policy", "standard_rate_bp = 3500\n")
        self.js("policy-add", "--file", "a.policy", "--effective", "2026-09-01")
        self.js("policy-add", "--file", "b.policy", "--effective", "2026-09-01")
        pols = self.js("policy-list")["policies"]
        self.assertEqual([(p["policy_version"], p["effective"], p["active"], p["standard_rate_bp"]) for p in pols],
                         [(1, "1900-01-01", True, 4500), (2, "2026-09-01", False, 4000),
                          (3, "2026-09-01", True, 3500)])
        self.assertEqual(self.js("renewal-quote", "--license", "1", "--on", "2026-09-10")["rate_bp"], 3500)

    def test_policy_text_round_trips_contacts(self):
        self.write("c.policy", "contact = email help@example.com\ncontact = telegram @vendor\nphone_support = yes\n")
        v = self.js("policy-add", "--file", "c.policy", "--effective", "2027-01-01")
        self.assertEqual(v["contacts"], [{"kind": "email", "value": "help@example.com"},
                                         {"kind": "telegram", "value": "@vendor"}])
        self.assertTrue(v["phone_support"])
        self.assertIn("contact = telegram @vendor", v["text"])

    def test_refusals(self):
        self.write("bad.policy", "standard_rate_bp = 4000\nbogus_key = 1\n")
        self.bad_l("policy-add", "--file", "bad.policy", "--effective", "2027-01-01", names="bad.policy")
        self.write("rate.policy", "standard_rate_bp = 10001\n")
        self.bad_l("policy-add", "--file", "rate.policy", "--effective", "2027-01-01", names="rate.policy")
        self.bad_l("policy-add", "--file", "missing.policy", "--effective", "2027-01-01", names="missing.policy")
        self.write("ok.policy", "grace_months = 2\n")
        self.bad_l("policy-add", "--file", "ok.policy", "--effective", "2027-02-29", names="2027-02-29")
        self.bad_l("policy-add", "--file", "ok.policy", names="--effective")
        self.assertEqual(len(self.js("policy-list")["policies"]), 1)


class Customers(CliTest):
    TRICKY = [("Q1", "Robert'); DROP TABLE customer;--"), ("Q2", 'ООО "Кавычки" \\ и «ёлочки»'),
              ("O'Brien; --", "Ёжик в тумане"), ("%_*", "100% <b>bold</b> & co")]

    def setUp(self):
        super().setUp()
        self.init()

    def test_names_with_quotes_sql_and_cyrillic_round_trip(self):
        none = {"emails": [], "phone": None, "inn": None, "kpp": None, "lang": None, "note": None}
        for i, (code, name) in enumerate(self.TRICKY, 1):
            self.assertEqual(self.js("customer-add", "--code", code, "--name", name),
                             {"customer_id": i, "code": code, "name": name, **none})
        self.assertEqual(self.js("customer-list"),
                         {"customers": [{"customer_id": i, "code": c, "name": n, **none}
                                        for i, (c, n) in enumerate(self.TRICKY, 1)]})
        self.assertEqual(self.js("customer-update", "--customer", "O'Brien; --", "--name", "Ёжик 2"),
                         {"customer_id": 3, "code": "O'Brien; --", "name": "Ёжик 2", **none})
        human = self.ok(*self.L("customer-list"))
        self.assertEqual(len(human.splitlines()), 5)
        # the names reach the status report and the audit trail unchanged
        self.js("product-add", "--code", "P';--", "--name", "Продукт \"1\"", "--kind", "perpetual",
                "--price", "100", "--effective", "2025-01-01")
        self.js("sell", "--customer", "Q1", "--product", "P';--", "--on", "2026-01-15")
        c = self.js("customer", "--customer", "Q1", "--on", "2026-02-01")
        self.assertEqual((c["name"], c["licenses"][0]["customer_name"], c["licenses"][0]["product_code"],
                          c["licenses"][0]["product_name"]),
                         ("Robert'); DROP TABLE customer;--", "Robert'); DROP TABLE customer;--", "P';--",
                          "Продукт \"1\""))
        audit = self.js("audit")["events"]
        self.assertIn("Robert'); DROP TABLE customer;--", [e["detail"].split("name=")[-1] for e in audit
                                                           if e["action"] == "add_customer"])

    def test_refusals(self):
        self.js("customer-add", "--code", "A", "--name", "a")
        self.bad_l("customer-add", "--code", "A", "--name", "again", names='"A"')
        self.bad_l("customer-add", "--code", "X" * 65, "--name", "long code")
        self.bad_l("customer-add", "--code", "B", "--name", "tab\there", names="\\x09")
        self.bad_l("customer-add", "--code", "B", "--name", "", names="name")
        self.bad_l("customer-add", "--code", "B", names="--name")
        self.bad_l("customer-update", "--customer", "NOPE", "--name", "x", names="NOPE")
        self.assertEqual(len(self.js("customer-list")["customers"]), 1)


class Releases(CliTest):
    def setUp(self):
        super().setUp()
        LedgerFixture.build(self)

    def test_add_and_list_with_what_the_license_may_download(self):
        r = self.js("release-add", "--product", "REPORT6", "--version", "3.1", "--date", "2026-08-01",
                    "--note", "две\nстроки")
        self.assertEqual(r, {"release_id": 2, "product_id": 1, "product_code": "REPORT6", "version": "3.1",
                             "released": "2026-08-01", "note": "две\nстроки", "file_name": None, "file_size": None,
                             "file_sha256": None})
        lst = self.js("release-list", "--license", "1", "--on", "2026-09-01")
        self.assertEqual(lst, {"license_id": 1, "on": "2026-09-01", "releases": [
            {"release_id": 1, "version": "3.0", "released": "2026-04-01", "note": None, "allowed": True},
            {"release_id": 2, "version": "3.1", "released": "2026-08-01", "note": "две\nстроки",
             "allowed": False}]})
        self.assertEqual(len(self.js("release-list", "--license", "1", "--on", "2026-07-31")["releases"]), 1)
        self.assertEqual(len(self.ok(*self.L("release-list", "--license", "1", "--on", "2026-09-01"))
                             .splitlines()), 3, "a note's line break stays inside its row")

    def test_every_release_of_a_product_without_a_license(self):
        self.js("release-add", "--product", "REPORT6", "--version", "2.9", "--date", "2025-11-01", "--note", "старая")
        self.js("release-add", "--product", "EXT12", "--version", "1.0", "--date", "2026-02-01")
        self.assertEqual(self.js("release-list", "--product", "REPORT6"), {
            "product_id": 1, "product_code": "REPORT6", "releases": [
                {"release_id": 2, "version": "2.9", "released": "2025-11-01", "note": "старая"},
                {"release_id": 1, "version": "3.0", "released": "2026-04-01", "note": None}]})
        self.assertEqual(self.js("release-list", "--product", "CLOUD1")["releases"], [])
        out = self.ok(*self.L("release-list", "--product", "REPORT6")).splitlines()
        self.assertEqual([line.split()[:3] for line in out],
                         [["ID", "VERSION", "RELEASED"], ["2", "2.9", "2025-11-01"], ["1", "3.0", "2026-04-01"]])
        # the --license form is unchanged
        self.assertEqual(len(self.js("release-list", "--license", "1", "--on", "2026-05-01")["releases"]), 2)

    def test_a_release_with_its_file_recorded_and_copied(self):
        data = bytes(range(256)) * 40
        src = self.path("Отчёт 3.2.zip")
        with open(src, "wb") as f:
            f.write(data)
        os.mkdir(self.path("releases"))
        r = self.js("release-add", "--product", "REPORT6", "--version", "3.2", "--date", "2026-08-01", "--file", src,
                    "--copy-to", self.path("releases"))
        self.assertEqual(r["file_name"], "Отчёт 3.2.zip")
        self.assertEqual(r["file_size"], len(data))
        self.assertEqual(r["file_sha256"], hashlib.sha256(data).hexdigest())
        with open(self.path("releases/Отчёт 3.2.zip"), "rb") as f:
            self.assertEqual(f.read(), data)
        self.assertEqual(os.listdir(self.path("releases")), ["Отчёт 3.2.zip"])  # no temporary file left
        # --file-name; the same name for another release is refused and nothing is copied or recorded
        r = self.js("release-add", "--product", "REPORT6", "--version", "3.3", "--date", "2026-09-01", "--file", src,
                    "--file-name", "report-3.3.zip")
        self.assertEqual(r["file_name"], "report-3.3.zip")
        self.bad_l("release-add", "--product", "REPORT6", "--version", "3.4", "--date", "2026-09-02", "--file", src,
                   "--copy-to", self.path("releases"), names="already has the file")
        self.assertEqual(sorted(os.listdir(self.path("releases"))), ["Отчёт 3.2.zip"])
        self.bad_l("release-add", "--product", "REPORT6", "--version", "3.4", "--date", "2026-09-02", "--file",
                   self.path("missing.zip"), names="missing.zip", status=2)
        self.bad_l("release-add", "--product", "REPORT6", "--version", "3.4", "--date", "2026-09-02", "--file", src,
                   "--file-name", "../x.zip", names="../x.zip")
        self.bad_l("release-add", "--product", "REPORT6", "--version", "3.4", "--date", "2026-09-02",
                   "--copy-to", self.path("releases"), names="--file")
        text = self.ok(*self.L("release-add", "--product", "REPORT6", "--version", "3.5", "--date", "2026-09-03",
                               "--file", src, "--file-name", "r35.zip"))
        self.assertIn(f"file r35.zip: {len(data)} bytes, SHA-256 {hashlib.sha256(data).hexdigest()}", text)

    def test_license_keys_are_printed_once(self):
        r = self.js("license-key", "--license", "1")
        self.assertRegex(r["key"], r"\A([0-9A-HJKMNP-TV-Z]{5}-){4}[0-9A-HJKMNP-TV-Z]{5}\Z")
        self.assertEqual(r["hint"], r["key"][-5:])
        self.assertTrue(r["issued"])
        again = self.js("license-key", "--license", "1")
        self.assertEqual(again, {"license": 1, "key": None, "issued": False, "hint": r["key"][-5:]})
        fresh = self.js("license-key", "--license", "1", "--replace")
        self.assertNotEqual(fresh["key"], r["key"])
        out = self.ok(*self.L("license-key", "--license", "1"))
        self.assertIn("already has a key", out)
        self.bad_l("license-key", "--license", "999", names="999", status=2)
        self.bad_l("license-key", names="--license")
        if not lt.ON_PG:
            self.bad_l("portal-role", "--role", "web", names="PostgreSQL")

    def test_refusals(self):
        self.bad_l("release-list", "--product", "NOPE", names="NOPE")
        self.bad_l("release-list", "--product", "REPORT6", "--on", "2026-05-01", names="--on")
        self.bad_l("release-list", "--product", "REPORT6", "--license", "1", "--on", "2026-05-01",
                   names=["--license", "--product"])
        self.bad_l("release-list", names=["--license", "--product"])
        self.bad_l("release-add", "--product", "REPORT6", "--version", "3.0", "--date", "2026-05-01", names="3.0")
        self.bad_l("release-add", "--product", "NOPE", "--version", "1", "--date", "2026-05-01", names="NOPE")
        self.bad_l("release-add", "--product", "REPORT6", "--version", "4", "--date", "2026-04-31",
                   names="2026-04-31")
        self.bad_l("release-list", "--license", "99", "--on", "2026-05-01", names="99")
        self.bad_l("release-list", "--license", "x", "--on", "2026-05-01", names='"x"')


# ---- sales, renewals, payments --------------------------------------------------------------------

class Sales(CliTest):
    def setUp(self):
        super().setUp()
        self.standard_catalogue()

    def test_sell_defaults_to_the_list_price_in_force_that_day(self):
        s = self.sell("ACME", "REPORT6", "2026-01-15")
        self.assertEqual(s, {"license_id": 1, "customer_id": 1, "customer_code": "ACME", "product_id": 1,
                             "product_code": "REPORT6", "kind": "perpetual", "purchased": "2026-01-15",
                             "paid_kopecks": 799000, "paid": "7990.00", "support_until": "2026-07-15",
                             "payment_id": None, "external_id": None, "replayed": False, "event_id": 1,
                             "recorded_on": "2026-01-15"})
        s = self.sell("ACME", "REPORT6", "2026-12-01")
        self.assertEqual((s["paid_kopecks"], s["support_until"]), (899000, "2027-06-01"))
        s = self.sell("ACME", "REPORT6", "2026-08-31", "--paid", "7990")
        self.assertEqual(s["support_until"], "2027-02-28")  # art. 192: the last day of a shorter month
        s = self.sell("BETA", "CLOUD1", "2026-01-31")
        self.assertEqual((s["kind"], s["support_until"], s["paid"]), ("subscription_monthly", "2026-02-28", "990.00"))

    def test_sell_with_a_payment_id_is_idempotent(self):
        first = self.ok(*self.L("sell", "--customer", "ACME", "--product", "REPORT6", "--on", "2026-01-15",
                                "--payment-id", "s-1", "--json"))
        again = self.ok(*self.L("sell", "--customer", "ACME", "--product", "REPORT6", "--on", "2026-01-15",
                                "--payment-id", "s-1", "--json"))
        self.assertEqual({**json.loads(first), "replayed": True}, json.loads(again))
        self.assertEqual(json.loads(first)["payment_id"], "s-1")
        human = self.ok(*self.L("sell", "--customer", "ACME", "--product", "REPORT6", "--on", "2026-01-15",
                                "--payment-id", "s-1"))
        self.assertEqual(human.splitlines()[0], "already recorded on 2026-01-15 (event 1); nothing changed")
        self.assertEqual(len(self.js("customer", "--customer", "ACME", "--on", "2026-02-01")["licenses"]), 1)
        self.bad_l("sell", "--customer", "ACME", "--product", "EXT12", "--on", "2026-01-15",
                   "--payment-id", "s-1", names=["--payment-id", "s-1"])

    def test_sell_refusals(self):
        self.bad_l("sell", "--customer", "ACME", "--product", "REPORT6", "--on", "2026-01-15", "--paid", "7000",
                   names=["--paid", "7000"])
        self.bad_l("sell", "--customer", "ACME", "--product", "REPORT6", "--on", "2024-12-31",
                   names=["2024-12-31", "REPORT6"])
        self.bad_l("sell", "--customer", "NOPE", "--product", "REPORT6", "--on", "2026-01-15", names="NOPE")
        self.bad_l("sell", "--customer", "ACME", "--product", "NOPE", "--on", "2026-01-15", names="NOPE")
        self.bad_l("sell", "--customer", "ACME", "--product", "REPORT6", "--on", "2026-1-15", names="2026-1-15")
        self.bad_l("sell", "--customer", "ACME", "--product", "REPORT6", "--on", "2026-01-15", "--paid", "abc",
                   names="abc")
        self.assertEqual(self.js("payments", "--from", "1900-01-01", "--to", "9999-12-31")["count"], 0)

    def test_renewal_quotes_preferential_early_and_standard(self):
        self.sell("ACME", "REPORT6", "2026-01-15")  # support to 2026-07-15
        cases = {
            "2026-03-01": ("preferential", 2500, 199800, "2026-07-15", "2027-07-15", "2026-08-15"),
            "2026-07-15": ("preferential", 2500, 199800, "2026-07-15", "2027-07-15", "2026-08-15"),
            "2026-08-15": ("preferential", 2500, 199800, "2026-07-15", "2027-07-15", "2026-08-15"),
            "2026-08-16": ("standard", 4500, 359600, "2026-07-15", "2027-08-16", "2026-11-30"),
            "2026-12-01": ("standard", 4500, 404600, "2026-07-15", "2027-12-01", "9999-12-31"),
        }
        for on, (kind, rate, fee, until, new, valid) in cases.items():
            q = self.js("renewal-quote", "--license", "1", "--on", on)
            self.assertEqual(q, {"license_id": 1, "on": on, "kind": kind, "rate_bp": rate, "fee_kopecks": fee,
                                 "fee": f"{fee // 100}.00", "list_price_kopecks": 899000 if on >= "2026-12-01"
                                 else 799000, "list_price": "8990.00" if on >= "2026-12-01" else "7990.00",
                                 "support_until": until, "new_support_until": new, "valid_through": valid}, on)

    def test_a_price_change_ends_a_quote(self):
        self.sell("ACME", "REPORT6", "2026-05-10")  # support to 2026-11-10, window to 2026-12-10
        q = self.js("renewal-quote", "--license", "1", "--on", "2026-11-26")
        self.assertEqual((q["kind"], q["fee_kopecks"], q["valid_through"]), ("preferential", 199800, "2026-11-30"))
        q = self.js("renewal-quote", "--license", "1", "--on", "2026-12-01")
        self.assertEqual((q["kind"], q["fee_kopecks"], q["valid_through"]), ("preferential", 224800, "2026-12-10"))

    def test_renew_then_replay_prints_the_same_result(self):
        self.sell("ACME", "REPORT6", "2026-01-15")
        args = self.L("renew", "--license", "1", "--on", "2026-08-01", "--paid", "1998", "--payment-id", "pay-1",
                      "--json")
        first = self.ok(*args)
        r = json.loads(first)
        self.assertEqual(r, {"license_id": 1, "payment_id": "pay-1", "on": "2026-08-01", "paid_kopecks": 199800,
                             "paid": "1998.00", "kind": "preferential", "rate_bp": 2500, "fee_kopecks": 199800,
                             "fee": "1998.00", "list_price_kopecks": 799000, "list_price": "7990.00",
                             "support_until": "2026-07-15", "new_support_until": "2027-07-15",
                             "valid_through": "2026-08-15", "replayed": False, "event_id": 2,
                             "recorded_on": "2026-08-01"})
        # a replay (also on another day: the message arrived twice) is the first result, and says so
        again = json.loads(self.ok(*args))
        self.assertEqual(again, {**r, "replayed": True})
        self.assertEqual(json.loads(self.ok(*self.L("renew", "--license", "1", "--on", "2026-09-30", "--paid", "1998",
                                                    "--payment-id", "pay-1", "--json"))), {**r, "replayed": True})
        code, human, err = self.run_cli(*args[:-1])
        self.assertEqual((code, err), (0, ""))
        self.assertEqual(human.splitlines()[0], "already recorded on 2026-08-01 (event 2); nothing changed")
        ev = self.js("license", "--license", "1", "--on", "2026-08-01")["events"]
        self.assertEqual([(e["kind"], e["on"], e["paid_kopecks"], e["support_until"], e["payment_id"])
                          for e in ev],
                         [("purchase", "2026-01-15", 799000, "2026-07-15", None),
                          ("preferential_renewal", "2026-08-01", 199800, "2027-07-15", "pay-1")])
        # renewals stack: the next one extends the latest end
        q = self.js("renewal-quote", "--license", "1", "--on", "2026-09-01")
        self.assertEqual((q["support_until"], q["new_support_until"]), ("2027-07-15", "2028-07-15"))

    def test_standard_renewal_runs_from_its_date_and_opens_the_gap_releases(self):
        self.sell("ACME", "REPORT6", "2026-01-15")
        self.js("release-add", "--product", "REPORT6", "--version", "gap", "--date", "2026-09-01")
        before = self.js("license", "--license", "1", "--on", "2026-10-05")
        self.assertEqual(([r["version"] for r in before["downloadable"]],
                          [r["version"] for r in before["needs_renewal"]]), ([], ["gap"]))
        r = self.js("renew", "--license", "1", "--on", "2026-10-05", "--paid", "3596", "--payment-id", "p")
        self.assertEqual((r["kind"], r["new_support_until"]), ("standard", "2027-10-05"))
        after = self.js("license", "--license", "1", "--on", "2026-10-05")
        self.assertEqual((after["status"], [x["version"] for x in after["downloadable"]], after["needs_renewal"]),
                         ("active", ["gap"], []))

    def test_renew_refusals_change_nothing(self):
        self.sell("ACME", "REPORT6", "2026-01-15")
        self.sell("BETA", "CLOUD1", "2026-04-10")
        self.js("renew", "--license", "1", "--on", "2026-08-01", "--paid", "1998", "--payment-id", "pay-1")
        audit_before = self.js("audit")
        # a fee that no longer matches the quote for that day
        self.bad_l("renew", "--license", "1", "--on", "2026-09-01", "--paid", "1997", "--payment-id", "pay-2",
                   names=["--paid", "1997.00", "1998.00"])
        # the payment id of another payment
        self.bad_l("renew", "--license", "1", "--on", "2026-09-01", "--paid", "2000", "--payment-id", "pay-1",
                   names=["--payment-id", "pay-1"])
        self.bad_l("pay", "--license", "2", "--on", "2026-04-20", "--paid", "990", "--payment-id", "pay-1",
                   names=["--payment-id", "pay-1"])
        # before the license's last event
        self.bad_l("renew", "--license", "1", "--on", "2026-07-01", "--paid", "1998", "--payment-id", "pay-3",
                   names="--on")
        # not a perpetual license / unknown license / bad numbers
        self.bad_l("renew", "--license", "2", "--on", "2026-05-01", "--paid", "990", "--payment-id", "pay-4",
                   names="--license")
        self.bad_l("renew", "--license", "99", "--on", "2026-08-01", "--paid", "1998", "--payment-id", "pay-5",
                   names="99")
        self.bad_l("renew", "--license", "-1", "--on", "2026-08-01", "--paid", "1998", "--payment-id", "p",
                   names="-1")
        self.bad_l("renew", "--license", "1", "--on", "2026-09-01", "--paid", "-5", "--payment-id", "p",
                   names="--paid")
        self.bad_l("renew", "--license", "1", "--on", "2026-09-01", "--paid", "19.999", "--payment-id", "p",
                   names="19.999")
        self.bad_l("renew", "--license", "1", "--on", "2026-09-01", "--paid", "99999999999999999999",
                   "--payment-id", "p", names="99999999999999999999")
        self.bad_l("renew", "--license", "1", "--on", "2026-09-01", "--paid", "1998", names="--payment-id")
        self.bad_l("renew", "--license", "1", "--on", "2026-09-01", "--paid", "1998", "--payment-id", "",
                   names="payment")
        self.bad_l("renewal-quote", "--license", "2", "--on", "2026-05-01", names="--license")
        self.bad_l("renewal-quote", "--license", "1", "--on", "2025-01-01")  # before the purchase
        self.bad_l("renewal-quote", "--license", "1", "--on", "tomorrow", names="tomorrow")
        self.assertEqual(self.js("audit"), audit_before)

    def test_subscription_payments(self):
        self.sell("BETA", "CLOUD1", "2026-04-10")  # paid to 2026-05-10
        q = self.js("payment-quote", "--license", "1", "--on", "2026-05-01")
        self.assertEqual(q, {"license_id": 1, "on": "2026-05-01", "kind": "subscription", "rate_bp": 10000,
                             "fee_kopecks": 99000, "fee": "990.00", "list_price_kopecks": 99000,
                             "list_price": "990.00", "support_until": "2026-05-10",
                             "new_support_until": "2026-06-10", "valid_through": "9999-12-31"})
        args = self.L("pay", "--license", "1", "--on", "2026-05-01", "--paid", "990", "--payment-id", "m-5",
                      "--json")
        first = json.loads(self.ok(*args))
        self.assertEqual((first["new_support_until"], first["replayed"]), ("2026-06-10", False))
        self.assertEqual(json.loads(self.ok(*args)), {**first, "replayed": True})
        # after the paid term ended, a payment runs from its date
        q = self.js("payment-quote", "--license", "1", "--on", "2026-07-01")
        self.assertEqual((q["support_until"], q["new_support_until"]), ("2026-06-10", "2026-08-01"))
        self.bad_l("pay", "--license", "1", "--on", "2026-07-01", "--paid", "1000", "--payment-id", "m-6",
                   names="--paid")
        self.sell("ACME", "REPORT6", "2026-01-15")
        self.bad_l("payment-quote", "--license", "2", "--on", "2026-05-01", names="--license")
        self.bad_l("pay", "--license", "2", "--on", "2026-05-01", "--paid", "990", "--payment-id", "m-7",
                   names="--license")
        st = self.js("license", "--license", "1", "--on", "2026-07-01")
        self.assertEqual((st["status"], st["can_use"], st["preferential_until"], st["offer"]["kind"]),
                         ("expired", False, None, "subscription"))

    def test_one_offer_command_for_either_kind_of_license(self):
        self.sell("BETA", "CLOUD1", "2026-04-10")  # 1: paid to 2026-05-10
        self.sell("ACME", "REPORT6", "2026-01-15")  # 2: support to 2026-07-15
        o = self.js("offer", "--license", "1", "--on", "2026-05-01")
        self.assertEqual((o["offer_kind"], o["offer"]["kind"], o["offer"]["fee_kopecks"], o["offer_reason"]),
                         ("payment", "subscription", 99000, None))
        self.assertEqual(quote_of(o["offer"]), quote_of(self.js("payment-quote", "--license", "1",
                                                                "--on", "2026-05-01")))
        o = self.js("offer", "--license", "2", "--on", "2026-07-20")
        self.assertEqual((o["offer_kind"], o["offer"]["kind"], o["offer"]["fee_kopecks"]),
                         ("renewal", "preferential", 199800))
        self.assertEqual(quote_of(o["offer"]), quote_of(self.js("renewal-quote", "--license", "2",
                                                                "--on", "2026-07-20")))
        # no offer is an answer (exit 0) with the library's reason
        o = self.js("offer", "--license", "2", "--on", "2026-01-14")
        self.assertEqual((o["offer"], o["offer_kind"], o["offer_reason"]), (None, "none", "not_owned"))
        self.assertIsInstance(o["offer_unavailable"], str)
        out = self.ok(*self.L("offer", "--license", "2", "--on", "2026-01-14"))
        self.assertTrue(out.startswith("no offer for license 2 on 2026-01-14"), out)
        self.assertTrue(self.ok(*self.L("offer", "--license", "2", "--on", "2026-07-20")).startswith(
            "renewal offer for license 2:"))
        self.bad_l("offer", "--license", "9", "--on", "2026-07-20", names="--license")
        self.bad_l("offer", "--license", "2", "--on", "2026-02-30", names="2026-02-30")


# ---- status, notices, lists --------------------------------------------------------------------------

class Status(CliTest):
    def setUp(self):
        super().setUp()
        self.standard_catalogue()
        self.sell("ACME", "REPORT6", "2026-01-15")  # 1: support to 2026-07-15
        self.sell("ACME", "EXT12", "2026-03-01")  # 2: support to 2027-03-01
        self.js("release-add", "--product", "REPORT6", "--version", "3.0", "--date", "2026-04-01")
        self.js("release-add", "--product", "REPORT6", "--version", "3.1", "--date", "2026-10-01")

    def test_customer_status_on_dates(self):
        self.assertEqual(self.js("customer", "--customer", "ACME", "--on", "2026-01-10"),
                         {"customer_id": 1, "code": "ACME", "name": "ООО «Ромашка»", "emails": [], "phone": None,
                          "inn": None, "kpp": None, "lang": None, "note": None, "on": "2026-01-10",
                          "licenses": []})
        c = self.js("customer", "--customer", "ACME", "--on", "2026-07-20")
        r6, ext = c["licenses"]
        self.assertEqual({k: r6[k] for k in ("license_id", "product_code", "product_name", "kind", "status",
                                              "purchased", "support_until", "preferential_until", "can_use",
                                              "can_consult", "can_get_new_versions", "can_propose_ideas")},
                         {"license_id": 1, "product_code": "REPORT6", "product_name": "Анализ продаж",
                          "kind": "perpetual", "status": "grace", "purchased": "2026-01-15",
                          "support_until": "2026-07-15", "preferential_until": "2026-08-15", "can_use": True,
                          "can_consult": False, "can_get_new_versions": False, "can_propose_ideas": False})
        self.assertEqual(quote_of(r6["offer"]),
                         {"kind": "preferential", "rate_bp": 2500, "fee_kopecks": 199800, "fee": "1998.00",
                          "list_price_kopecks": 799000, "list_price": "7990.00", "support_until": "2026-07-15",
                          "new_support_until": "2027-07-15", "valid_through": "2026-08-15"})
        self.assertEqual((r6["offer_unavailable"], r6["notice"]), (None, None))
        self.assertEqual(r6["downloadable"], [{"release_id": 1, "version": "3.0", "released": "2026-04-01",
                                               "note": None}])
        self.assertEqual(r6["needs_renewal"], [])
        self.assertEqual((ext["status"], ext["support_until"], ext["offer"]["fee_kopecks"]),
                         ("active", "2027-03-01", 300000))
        c = self.js("customer", "--customer", "ACME", "--on", "2026-10-05")
        r6 = c["licenses"][0]
        self.assertEqual((r6["status"], r6["offer"]["kind"], r6["offer"]["fee_kopecks"],
                          [x["version"] for x in r6["downloadable"]], [x["version"] for x in r6["needs_renewal"]]),
                         ("lapsed", "standard", 359600, ["3.0"], ["3.1"]))

    def test_human_customer_table(self):
        out = self.ok(*self.L("customer", "--customer", "ACME", "--on", "2026-10-05")).splitlines()
        self.assertEqual(len(out), 4)
        self.assertTrue(out[0].startswith("customer 1: ООО «Ромашка» (ACME) on 2026-10-05: 2 licenses"), out[0])
        self.assertEqual(out[1].split()[:4], ["LICENSE", "PRODUCT", "KIND", "STATUS"])
        self.assertEqual(out[2].split()[:4], ["1", "REPORT6", "perpetual", "lapsed"])
        self.assertEqual(out[1].index("STATUS"), out[2].index("lapsed"))

    def test_license_status_and_history(self):
        lic = self.js("license", "--license", "1", "--on", "2026-07-20")
        self.assertEqual((lic["license_id"], lic["customer_code"], lic["customer_name"], lic["status"],
                          lic["on"]), (1, "ACME", "ООО «Ромашка»", "grace", "2026-07-20"))
        self.assertEqual(lic["events"], [{"event_id": lic["events"][0]["event_id"], "kind": "purchase",
                                          "on": "2026-01-15", "paid_kopecks": 799000, "paid": "7990.00",
                                          "support_until": "2026-07-15", "payment_id": None,
                                          "policy_version": None, "actor": "supportctl"}])
        before = self.js("license", "--license", "1", "--on", "2026-01-14")
        self.assertEqual((before["status"], before["support_until"], before["offer"], before["can_use"]),
                         ("not_owned", None, None, False))
        self.assertIsInstance(before["offer_unavailable"], str)
        self.bad_l("license", "--license", "99", "--on", "2026-07-20", names="99")
        self.bad_l("license", "--license", "1", "--on", "2026-07-32", names="2026-07-32")
        self.bad_l("customer", "--customer", "NOPE", "--on", "2026-07-20", names="NOPE")
        out = self.ok(*self.L("license", "--license", "1", "--on", "2026-07-20"))
        self.assertIn("grace", out.splitlines()[3])

    def test_notice_is_the_librarys_text_in_russian_by_default(self):
        args = ("license", "--license", "1", "--on", "2026-07-20", "--notice")
        text = self.ok(*self.L(*args))
        self.assertEqual(text, self.js(*args)["notice"])
        for fact in ("Здравствуйте, ООО «Ромашка»!", "15.07.2026", "15.08.2026", "1\u00a0998 руб.",
                     "manager@v8PRO.ru"):
            self.assertIn(fact, text)
        en = self.ok(*self.L(*args, "--lang", "en"))
        for fact in ("2026-07-15", "1,998 RUB"):
            self.assertIn(fact, en)
        html = self.ok(*self.L(*args, "--html"))
        self.assertTrue(html.startswith("<div"), html[:40])
        # the customer command gives the same text for each license, separated
        one = self.ok(*self.L("customer", "--customer", "ACME", "--on", "2026-07-20", "--notice"))
        self.assertTrue(one.startswith(text), "the first license's notice first")
        c = self.js("customer", "--customer", "ACME", "--on", "2026-07-20", "--notice", "--lang", "en")
        self.assertEqual([l["notice"] is not None for l in c["licenses"]], [True, True])
        self.bad_l(*args, "--lang", "de", names="de")
        self.bad_l("license", "--license", "1", "--on", "2026-07-20", "--lang", "en", names="--notice")


class NoticeAndQuote(CliTest):
    """The notice's offer and how long it holds agree with the renewal quote, also when a later policy version
    changes the rate (the notice is rendered with every policy version, not only the one in force)."""

    def setUp(self):
        super().setUp()
        self.standard_catalogue()
        self.sell("ACME", "REPORT6", "2026-01-15")  # 1: support to 2026-07-15, window to 2026-08-15
        self.write("forty.policy", "standard_rate_bp = 4000\n")
        self.js("policy-add", "--file", "forty.policy", "--effective", "2026-09-01")

    def test_a_lapsed_licenses_notice_holds_until_the_day_before_the_new_policy(self):
        q = self.js("renewal-quote", "--license", "1", "--on", "2026-08-20")
        self.assertEqual((q["kind"], q["fee_kopecks"], q["valid_through"]), ("standard", 359600, "2026-08-31"))
        lic = self.js("license", "--license", "1", "--on", "2026-08-20", "--notice")
        self.assertEqual(lic["offer"]["valid_through"], "2026-08-31")
        self.assertIn("3\u00a0596 руб.", lic["notice"])
        self.assertIn("Эта стоимость действует до 31.08.2026 включительно (осталось 11 дней).", lic["notice"])
        self.assertNotIn("без ограничения срока", lic["notice"])
        cust = self.js("customer", "--customer", "ACME", "--on", "2026-08-20", "--notice", "--lang", "en")
        self.assertIn("This price holds through 2026-08-31 (11 days left).", cust["licenses"][0]["notice"])
        text = self.ok(*self.L("customer", "--customer", "ACME", "--on", "2026-09-01", "--notice", "--lang", "en"))
        self.assertIn("3,196 RUB (40% of the product's list price", text)


class Reminders(CliTest):
    def setUp(self):
        super().setUp()
        self.standard_catalogue()
        self.sell("ACME", "REPORT6", "2026-01-15")   # 1: support to 2026-07-15, window to 2026-08-15
        self.sell("BETA", "REPORT6", "2026-01-31")   # 2: to 2026-07-31
        self.sell("GAMMA", "REPORT6", "2025-12-10")  # 3: to 2026-06-10, window to 2026-07-10
        self.sell("ACME", "EXT12", "2025-06-01")     # 4: to 2026-06-01, window to 2026-07-01
        self.sell("BETA", "CLOUD1", "2026-05-20")    # 5: paid to 2026-06-20

    def due(self, on, *extra):
        return [(r["license_id"], r["notice"], r["days_left"]) for r in self.js("reminders", "--on", on,
                                                                               *extra)["reminders"]]

    def test_the_default_schedule_on_each_kind_of_day(self):
        d = self.js("reminders", "--on", "2026-07-01")
        self.assertEqual([(s["anchor"], s["days_before"], s["notice"]) for s in d["schedule"]],
                         [("support_end", 14, "support_ending"), ("support_end", 0, "support_ends_today"),
                          ("window_end", 7, "window_closing")])
        self.assertEqual((d["on"], d["count"]), ("2026-07-01", 1))
        self.assertEqual(d["reminders"], [{
            "license_id": 1, "customer_id": 1, "customer_code": "ACME", "customer_name": "ООО «Ромашка»",
            "product_id": 1, "product_code": "REPORT6", "product_name": "Анализ продаж", "kind": "perpetual",
            "notice": "support_ending", "days_left": 14, "status": "active", "purchased": "2026-01-15",
            "support_until": "2026-07-15", "preferential_until": "2026-08-15", "text": None}])
        self.assertEqual(self.due("2026-07-15"), [(1, "support_ends_today", 0)])
        self.assertEqual(self.due("2026-07-03"), [(3, "window_closing", 7)])
        self.assertEqual(self.due("2026-06-06"), [(5, "support_ending", 14)])  # a subscription's paid term
        self.assertEqual(self.due("2026-06-20"), [(5, "support_ends_today", 0)])
        self.assertEqual(self.due("2026-07-02"), [])
        # by customer, then license: 1 (ACME) and 2 (BETA) on one day with a wider schedule
        self.write("wide.schedule", "reminder = support_end 30\nreminder = support_end 14\n")
        self.assertEqual(self.due("2026-07-01", "--schedule", "wide.schedule"),
                         [(1, "support_ending", 14), (2, "support_ending", 30)])

    def test_a_schedule_file(self):
        self.write("s.schedule", "# the window's last day only\nreminder = window_end 0\n")
        d = self.js("reminders", "--on", "2026-07-01", "--schedule", "s.schedule")
        self.assertEqual([(s["anchor"], s["days_before"]) for s in d["schedule"]], [("window_end", 0)])
        self.assertEqual([(r["license_id"], r["notice"], r["days_left"], r["status"]) for r in d["reminders"]],
                         [(4, "window_closing", 0, "grace")])
        self.write("none.schedule", "reminder = none\n")
        self.assertEqual(self.due("2026-07-01", "--schedule", "none.schedule"), [])

    def test_each_due_notice_is_the_librarys_text_of_its_reminder(self):
        d = self.js("reminders", "--on", "2026-07-03", "--notice")
        text = d["reminders"][0]["text"]
        self.assertIn("Здравствуйте, АО \"Север\"!", text)
        self.assertIn("Льготное продление поддержки продукта «Анализ продаж» доступно до 10.07.2026 включительно: "
                      "осталось 7 дней.", text)
        out = self.ok(*self.L("reminders", "--on", "2026-07-03", "--notice"))
        self.assertEqual(out, "== license 3: АО \"Север\" (GAMMA), REPORT6, window_closing\n" + text)
        en = self.ok(*self.L("reminders", "--on", "2026-07-01", "--notice", "--lang", "en"))
        self.assertIn("Technical support for “Анализ продаж” ends in 14 days, on 2026-07-15.", en)
        html = self.ok(*self.L("reminders", "--on", "2026-07-01", "--notice", "--html"))
        self.assertIn('<div class="sup-notice sup-notice-support_ending sup-state-active" lang="ru">', html)
        self.assertEqual(self.ok(*self.L("reminders", "--on", "2026-07-02", "--notice")), "")

    def test_human_table(self):
        out = self.ok(*self.L("reminders", "--on", "2026-07-01")).splitlines()
        self.assertEqual(out[0].split()[:6], ["LICENSE", "CUSTOMER", "NAME", "PRODUCT", "NOTICE", "DAYS"])
        self.assertEqual(out[1].split()[0:2] + out[1].split()[4:6], ["1", "ACME", "REPORT6", "support_ending"])
        self.assertEqual(len(out), 2)

    def test_refusals(self):
        self.bad_l("reminders", "--on", "2026-02-30", names="2026-02-30")
        self.bad_l("reminders", "--on", "2026-07-01", "--schedule", "missing.schedule", names="missing.schedule")
        self.write("bad.schedule", "reminder = support_end 14\nreminder = tomorrow\n")
        self.bad_l("reminders", "--on", "2026-07-01", "--schedule", "bad.schedule", names=["bad.schedule", "line 2"])
        self.bad_l("reminders", "--on", "2026-07-01", "--lang", "en", names="--notice")
        self.bad_l("reminders", "--on", "2026-07-01", "--notice", "--lang", "fr", names="fr")


class Lists(CliTest):
    def setUp(self):
        super().setUp()
        self.standard_catalogue()
        self.sell("ACME", "REPORT6", "2026-01-15")   # 1: support to 2026-07-15
        self.sell("BETA", "REPORT6", "2026-01-31")   # 2: to 2026-07-31
        self.sell("GAMMA", "REPORT6", "2025-12-10")  # 3: to 2026-06-10, window to 2026-07-10
        self.sell("ACME", "EXT12", "2025-06-01")     # 4: to 2026-06-01, window to 2026-07-01
        self.sell("BETA", "CLOUD1", "2026-05-20")    # 5: paid to 2026-06-20
        self.sell("GAMMA", "EXT12", "2025-01-10")    # 6: to 2026-01-10, window to 2026-02-10

    def ids(self, doc):
        return [x["license_id"] for x in doc["licenses"]]

    def test_expiring_within_n_days_inclusive(self):
        d = self.js("expiring", "--on", "2026-07-01", "--days", "14")
        self.assertEqual((d["on"], d["days"], self.ids(d)), ("2026-07-01", 14, [1]))
        row = d["licenses"][0]
        self.assertEqual({k: row[k] for k in ("license_id", "customer_id", "customer_code", "customer_name",
                                              "product_id", "product_code", "product_name", "kind", "purchased",
                                              "status", "support_until", "preferential_until", "days_left")},
                         {"license_id": 1, "customer_id": 1, "customer_code": "ACME",
                          "customer_name": "ООО «Ромашка»", "product_id": 1, "product_code": "REPORT6",
                          "product_name": "Анализ продаж", "kind": "perpetual", "purchased": "2026-01-15",
                          "status": "active", "support_until": "2026-07-15", "preferential_until": "2026-08-15",
                          "days_left": 14})
        self.assertEqual(quote_of(row["offer"])["kind"], "preferential")
        self.assertEqual(self.ids(self.js("expiring", "--on", "2026-07-01", "--days", "13")), [])
        self.assertEqual(self.ids(self.js("expiring", "--on", "2026-07-01", "--days", "30")), [1, 2])
        self.assertEqual(self.ids(self.js("expiring", "--on", "2026-06-01", "--days", "19")), [4, 3, 5])

    def test_preferential_window_and_lapsed(self):
        d = self.js("preferential", "--on", "2026-07-01")
        self.assertEqual([(x["license_id"], x["status"], x["window_days_left"]) for x in d["licenses"]],
                         [(4, "grace", 0), (3, "grace", 9)])
        self.assertEqual(self.ids(self.js("preferential", "--on", "2026-07-02")), [3])
        d = self.js("lapsed", "--on", "2026-07-01")
        self.assertEqual([(x["license_id"], x["status"], x["days_since_support_end"], x["offer"]["kind"],
                           x["offer"]["fee_kopecks"]) for x in d["licenses"]],
                         [(6, "lapsed", 172, "standard", 540000), (5, "expired", 11, "subscription", 99000)])
        self.bad_l("preferential", "--on", "2026-07-01", "--days", "3", names="--days")
        self.bad_l("expiring", "--on", "2026-07-01", names="--days")
        self.bad_l("expiring", "--on", "2026-07-01", "--days", "many", names="many")

    def test_human_lists(self):
        out = self.ok(*self.L("preferential", "--on", "2026-07-01")).splitlines()
        self.assertEqual([line.split()[0] for line in out], ["LICENSE", "4", "3"])

    def test_customers_to_notify_of_a_release(self):
        r1 = self.js("release-add", "--product", "REPORT6", "--version", "3.0", "--date", "2026-04-01")
        r2 = self.js("release-add", "--product", "REPORT6", "--version", "3.1", "--date", "2026-07-20")
        d = self.js("notify", "--release", str(r1["release_id"]))
        self.assertEqual(d["release_id"], r1["release_id"])
        self.assertEqual([(c["customer_id"], c["code"], c["name"], c["license_id"], c["support_until"],
                           c["licenses"]) for c in d["customers"]],
                         [(1, "ACME", "ООО «Ромашка»", 1, "2026-07-15", 1), (2, "BETA", "ИП Петров", 2,
                                                                             "2026-07-31", 1),
                          (3, "GAMMA", "АО \"Север\"", 3, "2026-06-10", 1)])
        self.assertEqual([c["code"] for c in self.js("notify", "--release", str(r2["release_id"]))["customers"]],
                         ["BETA"])
        self.bad_l("notify", "--release", "77", names="77")
        self.bad_l("notify", "--release", "seven", names="seven")

    def test_payments_in_a_period(self):
        d = self.js("payments", "--from", "2026-01-15", "--to", "2026-01-31")
        self.assertEqual((d["from"], d["to"], d["count"], d["total_kopecks"], d["total"]),
                         ("2026-01-15", "2026-01-31", 2, 1598000, "15980.00"))
        self.assertEqual([{k: p[k] for k in ("on", "kind", "license_id", "customer_code", "product_code",
                                             "amount_kopecks", "amount", "support_until", "payment_id",
                                             "policy_version", "actor")} for p in d["payments"]],
                         [{"on": "2026-01-15", "kind": "purchase", "license_id": 1, "customer_code": "ACME",
                           "product_code": "REPORT6", "amount_kopecks": 799000, "amount": "7990.00",
                           "support_until": "2026-07-15", "payment_id": None, "policy_version": None,
                           "actor": "supportctl"},
                          {"on": "2026-01-31", "kind": "purchase", "license_id": 2, "customer_code": "BETA",
                           "product_code": "REPORT6", "amount_kopecks": 799000, "amount": "7990.00",
                           "support_until": "2026-07-31", "payment_id": None, "policy_version": None,
                           "actor": "supportctl"}])
        self.assertEqual(self.js("payments", "--from", "2026-01-16", "--to", "2026-01-30")["payments"], [])
        self.js("renew", "--license", "3", "--on", "2026-07-01", "--paid", "1998", "--payment-id", "r-3",
                "--actor", "Мария")
        d = self.js("payments", "--from", "2026-07-01", "--to", "2026-07-01")
        self.assertEqual([(p["kind"], p["payment_id"], p["actor"], p["policy_version"]) for p in d["payments"]],
                         [("preferential_renewal", "r-3", "Мария", 1)])
        self.bad_l("payments", "--from", "2026-02-01", "--to", "2026-01-01", names="2026-01-01")

    def test_audit_trail(self):
        events = self.js("audit")["events"]
        self.assertEqual(events[0]["action"], "create_ledger")
        self.assertEqual([e["event_id"] for e in events], sorted(e["event_id"] for e in events))
        sells = [e for e in events if e["action"] == "sell"]
        self.assertEqual([(e["on"], e["license_id"], e["actor"]) for e in sells][:2],
                         [("2026-01-15", 1, "supportctl"), ("2026-01-31", 2, "supportctl")])
        last = events[-1]["event_id"]
        self.js("customer-add", "--code", "NEW", "--name", "n", "--actor", "ivan@desk 2026-11-26T10:00")
        after = self.js("audit", "--after", str(last))["events"]
        self.assertEqual([(e["action"], e["actor"], e["customer_id"], e["license_id"]) for e in after],
                         [("add_customer", "ivan@desk 2026-11-26T10:00", 4, None)])
        self.bad_l("audit", "--after", "-3", names="-3")
        self.bad_l("customer-add", "--code", "X", "--name", "x", "--actor", "", names="actor")


class Help(CliTest):
    def test_every_command_has_complete_help(self):
        code, out, err = self.run_cli("--help")
        self.assertEqual((code, err), (0, ""))
        for cmd in LEDGER_COMMANDS + ["demo"]:
            with self.subTest(cmd=cmd):
                self.assertIn("\n  " + cmd + " ", out)
                code, text, err = self.run_cli(cmd, "--help")
                self.assertEqual((code, err), (0, ""))
                self.assertTrue(text.startswith("usage: supportctl " + cmd), text[:60])
                self.assertIn("--ledger", text.splitlines()[0])
                if cmd != "demo":
                    self.assertIn("JSON", text)
                    self.assertIn("--json", text.splitlines()[0])
        self.assertFalse(os.path.exists(self.path("support.db")), "--help touches no ledger")

    def test_unknown_options_and_arguments_are_bad_input(self):
        self.bad("customer-list", "--bogus", names="--bogus")
        self.bad("customer-list", "stray", names="stray")
        self.bad("sell", "--on", names="--on")


if __name__ == "__main__":
    unittest.main()
