"""CLI tests of `supportctl demo`, the README's main job: the sample ledger it
builds (checked through the other commands' JSON), running it twice, and its
refusal to replace any file that is not its own demo ledger. On both engines:
cli_demo (SQLite files) and pg.cli_demo (a PostgreSQL schema per test: the sample
is copied in one transaction; an earlier demo ledger there is not replaced).

Run: python3 test_supportctl_demo.py  (SUPPORTCTL=path/to/supportctl)
"""
import json
import os
import sqlite3
import unittest

from supportctl_testlib import CliTest, lt

TODAY = "2026-11-26"


class Demo(CliTest):
    ledger = "demo.db"

    def demo(self, *args):
        """supportctl demo on this test's ledger (on SQLite the default, demo.db)."""
        if lt.ON_PG and "--ledger" not in args:
            args = ("--ledger", self.ledger, *args)
        code, out, err = self.run_cli("demo", *args)
        self.assertEqual((code, err), (0, ""), err)
        return out

    def snapshot(self, target):
        """What must not change when the demo refuses a target."""
        if lt.is_pg(target):
            return [lt.raw_int(target, "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = "
                                       "c.relnamespace WHERE n.nspname = current_schema()")] + \
                   ([lt.raw_int(target, "SELECT count(*) FROM audit")] if lt.raw_int(
                       target, "SELECT count(*) FROM pg_tables WHERE schemaname = current_schema() AND "
                               "tablename = 'audit'") else [])
        return self.file_bytes(target) if os.path.isfile(self.path(target)) else None

    def test_builds_the_sample_ledger_in_demo_db_by_default(self):
        out = self.demo()
        self.assertEqual(os.listdir(self.dir), [] if lt.ON_PG else ["demo.db"],
                         "no temporary or SQLite side files left")
        self.assertEqual(self.js("check")["backend"], lt.BACKEND)
        products = {p["code"]: p for p in self.js("product-list", "--on", TODAY)["products"]}
        self.assertEqual({c: (p["kind"], p["support_months"], p["price_on_kopecks"]) for c, p in products.items()},
                         {"REPORT6": ("perpetual", 6, 799000), "EXT12": ("perpetual", 12, 1200000),
                          "CLOUD1": ("subscription_monthly", 1, 99000)})
        self.assertEqual([(x["effective"], x["price"]) for x in products["REPORT6"]["prices"]],
                         [("2025-01-01", "7990.00"), ("2026-12-01", "8990.00")], "a price change")
        customers = self.js("customer-list")["customers"]
        self.assertEqual(len(customers), 8)
        licenses = []
        for c in customers:
            licenses += self.js("customer", "--customer", c["code"], "--on", TODAY)["licenses"]
        statuses = sorted({(l["kind"], l["status"]) for l in licenses})
        self.assertEqual(statuses, [("perpetual", "active"), ("perpetual", "grace"), ("perpetual", "lapsed"),
                                    ("subscription_monthly", "active"), ("subscription_monthly", "expired")])
        kinds = sorted({p["kind"] for p in self.js("payments", "--from", "1900-01-01", "--to", "9999-12-31")
                        ["payments"]})
        self.assertEqual(kinds, ["preferential_renewal", "purchase", "standard_renewal", "subscription_payment"])
        self.assertTrue(any(l["downloadable"] for l in licenses) and any(l["needs_renewal"] for l in licenses),
                        "releases both downloadable and needing a renewal")
        # the seed example: 7990 rub -> 1998 preferential, 3596 standard
        offers = {(l["status"], l["product_code"]): l["offer"] for l in licenses if l["offer"]}
        self.assertEqual((offers[("grace", "REPORT6")]["fee"], offers[("grace", "REPORT6")]["valid_through"]),
                         ("1998.00", "2026-11-30"))
        self.assertEqual(offers[("lapsed", "REPORT6")]["fee"], "3596.00")
        # it prints the renewal notice of the customer in the preferential window, exactly as `license --notice`
        grace = [l for l in licenses if l["status"] == "grace"][0]
        notice = self.ok(*self.L("license", "--license", str(grace["license_id"]), "--on", TODAY, "--notice"))
        self.assertIn("Здравствуйте", notice)
        self.assertIn(notice, out)
        # and the lists it shows are the commands' own output
        self.assertIn(self.ok(*self.L("preferential", "--on", TODAY)), out)
        self.assertIn(self.ok(*self.L("lapsed", "--on", TODAY)), out)
        self.assertIn(self.ok(*self.L("expiring", "--on", TODAY, "--days", "30")), out)

    @lt.sqlite_only("the file is replaced by renaming a new one over it")
    def test_running_it_twice_recreates_its_own_ledger(self):
        self.demo()
        first = {cmd: self.js(cmd) for cmd in ("customer-list", "product-list", "audit")}
        out = self.demo()
        self.assertIn("replacing the earlier demo ledger", out.splitlines()[0])
        self.assertEqual({cmd: self.js(cmd) for cmd in ("customer-list", "product-list", "audit")}, first)
        self.assertEqual(os.listdir(self.dir), ["demo.db"])

    @lt.pg_only("a schema cannot be renamed over another")
    def test_running_it_twice_does_not_replace_a_demo_ledger_in_a_schema(self):
        self.demo()
        first = {cmd: self.js(cmd) for cmd in ("customer-list", "product-list", "audit")}
        line = self.bad("demo", "--ledger", self.ledger, names=[self.ledger, "already holds a demo ledger",
                                                                  "drop its schema"])
        self.assertIn("does not replace", line)
        self.assertEqual({cmd: self.js(cmd) for cmd in ("customer-list", "product-list", "audit")}, first)

    @lt.pg_only("an empty schema, made by the administrator")
    def test_an_empty_schema_gets_the_sample(self):
        empty = lt.new_schema_uri(self, create=True)
        out = self.demo("--ledger", empty)
        self.assertIn(f"a sample ledger in {empty}.", out.splitlines()[0])
        self.assertIn(f"--ledger '{empty}'", out, "command lines quote the URI for the shell")
        self.assertEqual(len(json.loads(self.ok("customer-list", "--ledger", empty, "--json"))["customers"]), 8)

    @lt.sqlite_only("another directory")
    def test_another_path_and_date(self):
        os.mkdir(self.path("sub"))
        out = self.demo("--ledger", "sub/x.db", "--on", "2027-01-15")
        self.assertEqual(os.listdir(self.path("sub")), ["x.db"])
        self.assertFalse(os.path.exists(self.path("demo.db")))
        self.assertIn("2027-01-15", out.splitlines()[1])
        self.assertEqual(len(json.loads(self.ok("customer-list", "--ledger", "sub/x.db", "--json"))["customers"]), 8)

    def refused(self, name):
        before = self.snapshot(name)
        listing = sorted(os.listdir(self.dir))
        line = self.bad("demo", "--ledger", name, names=name)
        if before is not None:
            self.assertEqual(self.snapshot(name), before, "a refused target is left exactly as it was")
        self.assertEqual(sorted(os.listdir(self.dir)), listing, "nothing created beside it")
        return line

    @lt.sqlite_only("files of other kinds")
    def test_refuses_a_file_that_is_not_a_ledger(self):
        self.write("demo.db", "my notes, not a ledger\n")
        self.refused("demo.db")
        self.bad("demo", names="demo.db")  # the default path too
        self.write("empty.db", "")
        self.refused("empty.db")
        db = sqlite3.connect(self.path("app.sqlite"))
        db.execute("CREATE TABLE t (x)")
        db.commit()
        db.close()
        self.refused("app.sqlite")
        os.mkdir(self.path("dir.db"))
        self.refused("dir.db")

    @lt.pg_only("a schema of another application")
    def test_refuses_a_schema_holding_other_tables(self):
        other = lt.new_schema_uri(self, create=True)
        lt.raw_exec(other, "CREATE TABLE notes (t text); INSERT INTO notes VALUES ('mine')")
        self.assertIn("another application", self.refused(other))
        self.assertEqual(lt.raw_int(other, "SELECT count(*) FROM notes"), 1)

    def test_refuses_a_ledger_that_is_not_its_own(self):
        real = self.missing_ledger("real.db")
        self.ok("init", "--ledger", real)
        self.refused(real)
        self.ok("customer-add", "--ledger", real, "--code", "C", "--name", "c", "--actor", "supportctl-demo")
        self.refused(real)

    def test_refuses_its_demo_ledger_once_someone_changed_it(self):
        self.demo()
        self.js("customer-add", "--code", "MINE", "--name", "a real customer")
        line = self.bad("demo", *(["--ledger", self.ledger] if lt.ON_PG else []), names=[self.ledger, "supportctl"])
        self.assertIn("MINE", [c["code"] for c in self.js("customer-list")["customers"]])
        self.assertIn("refusing", line)

    @lt.not_on_pg("refused before any ledger is touched")
    def test_bad_input(self):
        self.bad("demo", "--on", "2026-11-31", names="2026-11-31")
        self.bad("demo", "--bogus", names="--bogus")
        self.assertEqual(os.listdir(self.dir), [])

    @lt.sqlite_only("a missing directory")
    def test_an_unwritable_place_is_an_environment_failure(self):
        self.bad("demo", "--ledger", "no/such/dir/demo.db", names="no/such/dir/demo.db", status=1)

    @lt.pg_only("a server that cannot be reached")
    def test_a_server_that_cannot_be_reached_is_an_environment_failure(self):
        gone = "postgresql://postgres@/libsupport?host=/nonexistent/socket/dir&connect_timeout=2&schema=x"
        self.bad("demo", "--ledger", gone, names="/nonexistent/socket/dir", status=1)
        self.assertEqual(os.listdir(self.dir), [])


if __name__ == "__main__":
    unittest.main()
