"""CLI tests of looking after a ledger: `supportctl check`, `supportctl migrate`
(SQLite -> PostgreSQL -> SQLite on the pg run: every list command's JSON the same
on all three), `init --readonly-role`, init on a full disk, and concurrent inits
of one new ledger. On both engines: cli_admin (SQLite) and pg.cli_admin
(SUP_TEST_BACKEND=pg, a PostgreSQL schema per test).

Run: python3 test_supportctl_admin.py  (SUPPORTCTL=path/to/supportctl)
"""
import json
import os
import subprocess
import unittest

from supportctl_testlib import SUPPORTCTL, CliTest, lt

# Every list command with arguments that give rows on the scenario of Scenario.build, for comparing ledgers.
LIST_COMMANDS = [
    ("product-list", "--on", "2026-07-01"),
    ("policy-list",),
    ("customer-list",),
    ("release-list", "--license", "1", "--on", "2026-07-01"),
    ("release-list", "--product", "REPORT6"),
    ("customer", "--customer", "ACME", "--on", "2026-07-01", "--notice"),
    ("customer", "--customer", "BETA", "--on", "2026-09-01"),
    ("license", "--license", "3", "--on", "2026-07-01", "--notice"),
    ("renewal-quote", "--license", "1", "--on", "2026-07-20"),
    ("payment-quote", "--license", "5", "--on", "2026-06-20"),
    ("expiring", "--on", "2026-06-01", "--days", "60"),
    ("preferential", "--on", "2026-07-01"),
    ("lapsed", "--on", "2026-09-01"),
    ("reminders", "--on", "2026-07-01", "--notice"),
    ("notify", "--release", "1"),
    ("payments", "--from", "1900-01-01", "--to", "9999-12-31"),
    ("audit",),
]


class Scenario:
    @staticmethod
    def build(t):
        """The standard catalogue, six licenses, renewals, a payment, a policy version, a release."""
        t.standard_catalogue()
        t.sell("ACME", "REPORT6", "2026-01-15")   # 1
        t.sell("BETA", "REPORT6", "2026-01-31")   # 2
        t.sell("GAMMA", "REPORT6", "2025-12-10")  # 3
        t.sell("ACME", "EXT12", "2025-06-01")     # 4
        t.sell("BETA", "CLOUD1", "2026-05-20")    # 5
        t.js("release-add", "--product", "REPORT6", "--version", "3.0", "--date", "2026-04-01",
             "--note", "«Склад»; O'Brien")
        t.js("renew", "--license", "3", "--on", "2026-07-01", "--paid", "1998", "--payment-id", "r-3",
             "--actor", "Мария")
        t.js("pay", "--license", "5", "--on", "2026-06-20", "--paid", "990", "--payment-id", "p-5")
        t.write("forty.policy", "standard_rate_bp = 4000\n")
        t.js("policy-add", "--file", "forty.policy", "--effective", "2026-09-01")
        t.js("customer-update", "--customer", "GAMMA", "--name", "АО «Север» (переименовано)")


class Check(CliTest):
    def test_a_sound_ledger_checks_ok(self):
        version = self.init()["schema_version"]
        self.assertEqual(self.js("check"), {"ledger": self.ledger, "backend": lt.BACKEND, "schema_version": version,
                                            "ok": True, "problem": None})
        out = self.ok(*self.L("check"))
        self.assertTrue(out.startswith(f"ledger {self.ledger}: ok ({lt.BACKEND}, schema version {version}"), out)

    def test_a_dropped_trigger_is_reported_by_name(self):
        self.init()
        self.raw_exec("DROP TRIGGER audit_no_update" + (" ON audit" if lt.ON_PG else ""))
        code, out, err = self.run_cli(*self.L("check"), "--json")
        self.assertEqual(code, 1, err)
        doc = json.loads(out)
        self.assertEqual((doc["ok"], doc["backend"]), (False, lt.BACKEND))
        self.assertIn("audit_no_update", doc["problem"])
        self.assertEqual(err, f"supportctl: check: {doc['problem']}\n")
        code, out, err = self.run_cli(*self.L("check"))
        self.assertEqual((code, out), (1, ""))
        self.assertIn("trigger audit_no_update", err)

    def test_a_missing_ledger(self):
        missing = self.missing_ledger()
        self.bad("check", "--ledger", missing, names=[missing, "supportctl init"])
        self.assertFalse(self.exists(missing))

    @lt.pg_only("a role that may only read")
    def test_a_read_only_role_cannot_check_and_says_why(self):
        # sup_ledger_check builds the expected schema in a scratch schema: it needs CREATE on the database
        role = lt.new_role(self)
        self.init("--readonly-role", role)
        code, out, err = self.run_cli("check", "--ledger", lt.as_role(self.ledger, role))
        self.assertEqual((code, out), (1, ""))
        self.assertIn("permission denied", err)
        self.assertIn("SQLSTATE 42501", err)


class Migrate(CliTest):
    """supportctl migrate: on the pg run a file -> this test's PostgreSQL schema -> a file."""

    def setUp(self):
        super().setUp()
        self.source = "source.db"
        here = self.ledger
        self.ledger = self.source  # the scenario is written to an SQLite file
        Scenario.build(self)
        self.ledger = here
        self.middle = here if lt.ON_PG else "middle.db"

    def answers(self, target):
        return {" ".join(cmd): json.loads(self.ok(cmd[0], "--ledger", target, *cmd[1:], "--json"))
                for cmd in LIST_COMMANDS}

    def migrate(self, src, dst):
        return json.loads(self.ok("migrate", "--from", src, "--to", dst, "--json"))

    def test_there_and_back_every_list_is_the_same(self):
        there = self.migrate(self.source, self.middle)
        self.assertEqual(set(there), {"from", "to", "tables", "rows", "checksum"})
        self.assertEqual((there["from"], there["to"]), (self.source, self.middle))
        self.assertRegex(there["checksum"], "^[0-9a-f]{16}$")
        self.assertGreater(there["rows"], 30)
        back = self.migrate(self.middle, "back.db")
        self.assertEqual({k: back[k] for k in ("tables", "rows", "checksum")},
                         {k: there[k] for k in ("tables", "rows", "checksum")})
        want = self.answers(self.source)
        self.assertEqual(self.answers(self.middle), want)
        self.assertEqual(self.answers("back.db"), want)
        self.assertEqual([self.js_on(t, "check")["backend"] for t in (self.source, self.middle, "back.db")],
                         ["sqlite", lt.BACKEND, "sqlite"])
        # the copy goes on like the original: the next ids follow the copied ones
        self.assertEqual(self.js_on(self.middle, "sell", "--customer", "GAMMA", "--product", "EXT12", "--on",
                                    "2026-07-01")["license_id"], 6)

    def js_on(self, target, cmd, *args):
        return json.loads(self.ok(cmd, "--ledger", target, *args, "--json"))

    def test_the_human_line_names_both_and_the_checksum(self):
        out = self.ok("migrate", "--from", self.source, "--to", self.middle)
        self.assertRegex(out, rf"^copied {self.source} to .+: \d+ tables, \d+ rows, checksum [0-9a-f]{{16}} on both "
                              r"\(verified before committing\)\n$")
        self.assertIn(f" to {self.middle}: ", out)

    def test_a_target_holding_a_ledger_is_refused_and_left_as_it_was(self):
        self.init()
        self.js("customer-add", "--code", "MINE", "--name", "mine")
        before = self.js("audit")
        line = self.bad("migrate", "--from", self.source, "--to", self.ledger, names=["--to", "already holds a ledger"])
        self.assertIn(lt.schema_of(self.ledger) if lt.ON_PG else '(the file "', line)
        self.assertEqual(self.js("audit"), before)

    def test_bad_arguments(self):
        missing = self.missing_ledger()
        self.bad("migrate", "--from", missing, "--to", self.middle, names=["--from", missing])
        self.assertFalse(self.exists(self.middle) if lt.ON_PG else os.path.exists(self.path(self.middle)))
        self.bad("migrate", "--from", self.source, names="--to")
        self.bad("migrate", "--to", self.middle, names="--from")
        self.bad("migrate", "--from", self.source, "--to", self.source, names="same ledger")

    @lt.pg_only("a password in a URI")
    def test_a_password_in_a_uri_is_never_shown(self):
        # trust authentication ignores the password: the copy works, and no output shows it
        with_password = self.ledger.replace("postgresql://postgres@", "postgresql://postgres:s3cr%21t@")
        self.assertNotEqual(with_password, self.ledger)
        code, out, err = self.run_cli("migrate", "--from", self.source, "--to", with_password, "--json")
        self.assertEqual((code, err), (0, ""), err)
        self.assertEqual(json.loads(out)["to"], self.ledger.replace("postgresql://postgres@",
                                                                    "postgresql://postgres:***@"))
        self.assertNotIn("s3cr", out)
        line = self.bad("migrate", "--from", self.source, "--to", with_password, names="--to")
        self.assertNotIn("s3cr", line)


class ReadOnlyRole(CliTest):
    def test_sqlite_refuses_a_readonly_role_and_creates_nothing(self):
        line = self.bad("init", "--ledger", "x.db", "--readonly-role", "web", names="--readonly-role")
        self.assertIn("PostgreSQL feature", line)
        self.assertIn("file permissions", line)
        self.assertEqual(os.listdir(self.dir), [])

    @lt.pg_only("a role that may only read")
    def test_the_role_reads_the_ledger_and_changes_nothing(self):
        role = lt.new_role(self)
        doc = self.init("--readonly-role", role)
        self.assertEqual(doc, {"ledger": self.ledger, "schema_version": doc["schema_version"], "policy_version": 1,
                               "readonly_role": role})
        self.js("customer-add", "--code", "ACME", "--name", "ООО «Ромашка»")
        web = lt.as_role(self.ledger, role)
        self.assertEqual(json.loads(self.ok("customer-list", "--ledger", web, "--json"))["customers"][0]["code"],
                         "ACME")
        code, out, err = self.run_cli("customer-add", "--ledger", web, "--code", "X", "--name", "x")
        self.assertEqual((code, out), (1, ""))
        self.assertIn("read-only", err)
        self.assertEqual(len(self.js("customer-list")["customers"]), 1)
        # a second ledger for the same (existing) role; the human output says what was granted
        other = lt.new_schema_uri(self)
        out = self.ok("init", "--ledger", other, "--readonly-role", role)
        self.assertIn(f"the role {role} may read it and nothing else", out)
        self.assertEqual(json.loads(self.ok("customer-list", "--ledger", lt.as_role(other, role), "--json")),
                         {"customers": []})

    @lt.pg_only("role names")
    def test_a_role_name_is_an_identifier_never_sql(self):
        odd = lt.new_role(self)[:20] + '"; DROP SCHEMA x; --'
        self.addCleanup(lt.raw_exec, lt.new_schema_uri(self),
                        f"DROP OWNED BY \"{odd.replace(chr(34), chr(34) * 2)}\"; "
                        f"DROP ROLE \"{odd.replace(chr(34), chr(34) * 2)}\"")
        self.init("--readonly-role", odd)
        self.assertEqual(self.raw_int(f"SELECT count(*) FROM pg_roles WHERE rolname = '{odd.replace(chr(39), chr(39) * 2)}'"),
                         1)
        self.assertEqual(self.js("check")["ok"], True)
        self.bad_l("init", "--readonly-role", "", names="--ledger")  # the ledger exists: refused first
        fresh = lt.new_schema_uri(self)
        self.bad("init", "--ledger", fresh, "--readonly-role", "x" * 64, names="role")


class InitRaces(CliTest):
    @lt.sqlite_only("a file size limit stands for a full disk")
    def test_init_on_a_full_disk_fails_and_leaves_no_file(self):
        # RLIMIT_FSIZE makes writes past the limit fail with EFBIG, as a full disk fails them with ENOSPC
        for blocks in (1, 8, 40):
            with self.subTest(limit_kib=blocks):
                p = subprocess.run(["bash", "-c", f"trap '' XFSZ; ulimit -f {blocks}; exec \"$0\" init --ledger t.db",
                                    SUPPORTCTL], capture_output=True, text=True, timeout=60, cwd=self.dir)
                self.assertEqual(p.returncode, 1, p.stderr)
                self.assertEqual(p.stdout, "")
                self.assertEqual(p.stderr.count("\n"), 1, p.stderr)
                self.assertTrue(p.stderr.startswith("supportctl: --ledger: "), p.stderr)
                self.assertIn("I/O error", p.stderr)
                self.assertEqual(os.listdir(self.dir), [], "no ledger file, no -wal, -shm or -journal left")
        self.assertEqual(self.init()["policy_version"], 1, "without the limit the same init succeeds")
        self.assertEqual(self.js("check")["ok"], True)

    def test_four_inits_at_once_create_the_ledger_once(self):
        for round_ in range(3):
            with self.subTest(round=round_):
                target = self.missing_ledger(f"race{round_}.db")
                procs = [subprocess.Popen([SUPPORTCTL, "init", "--ledger", target, "--json"], cwd=self.dir,
                                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
                         for _ in range(4)]
                results = []
                for p in procs:
                    out, err = p.communicate(timeout=120)
                    results.append((p.returncode, out, err))
                created = [r for r in results if r[0] == 0]
                self.assertEqual(len(created), 1, results)
                self.assertEqual(json.loads(created[0][1])["policy_version"], 1)
                for code, out, err in results:
                    if code != 0:
                        self.assertEqual((code, out), (2, ""), err)
                        self.assertIn("already exists", err)
                        self.assertEqual(err.count("\n"), 1, err)
                doc = json.loads(self.ok("audit", "--ledger", target, "--json"))
                self.assertEqual([e["action"] for e in doc["events"]], ["create_ledger"])
                self.assertEqual(len(json.loads(self.ok("policy-list", "--ledger", target, "--json"))["policies"]), 1)


if __name__ == "__main__":
    unittest.main()
