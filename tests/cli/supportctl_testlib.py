"""Shared helpers of supportctl's CLI tests: run the binary in the test's own
temporary directory, parse its JSON, check the bad-input discipline.

The ledger tests run on both engines (ctest cli_NAME on SQLite, pg.cli_NAME with
SUP_TEST_BACKEND=pg): on PostgreSQL each test's --ledger is a fresh schema's URI
(tests/pg/ledger_targets.py) instead of the file t.db.

SUPPORTCTL names the binary (ctest sets it)."""
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pg"))
import ledger_targets as lt  # noqa: E402

SUPPORTCTL = os.environ.get("SUPPORTCTL", "supportctl")


class CliTest(unittest.TestCase):
    """Each test runs in a fresh temporary directory (the cwd of every command), with
    its own ledger: self.ledger, the file t.db there, or on PostgreSQL a schema not created yet."""

    ledger = "t.db"

    def setUp(self):
        self.dir = tempfile.mkdtemp(prefix="supportctl-test-")
        if lt.ON_PG:
            self.ledger = lt.new_schema_uri(self)

    def tearDown(self):
        shutil.rmtree(self.dir, ignore_errors=True)

    def path(self, name):
        return os.path.join(self.dir, name)

    # ---- running ---------------------------------------------------------------------------
    def run_cli(self, *args, user=None):
        p = subprocess.run([SUPPORTCTL, *args], capture_output=True, text=True, timeout=120, cwd=self.dir,
                           user=user)
        return p.returncode, p.stdout, p.stderr

    def L(self, *args):
        """args with --ledger of this test's ledger added after the command name."""
        return (args[0], "--ledger", self.ledger, *args[1:])

    def ok(self, *args):
        """Run a command that must succeed; return its stdout."""
        code, out, err = self.run_cli(*args)
        if code != 0:
            raise AssertionError(f"supportctl {' '.join(args)} exited {code}: {err}")
        self.assertEqual(err, "", f"nothing on stderr on success: {args}")
        return out

    def js(self, *args):
        """Run a ledger command on this test's ledger with --json; return the parsed document."""
        return json.loads(self.ok(*self.L(*args), "--json"))

    def bad(self, *args, names=None, status=2):
        """A refused command: the exit status, nothing on stdout, one line on stderr naming the value."""
        code, out, err = self.run_cli(*args)
        self.assertEqual(code, status, f"exit status of {args}: {code}, stderr {err!r}")
        self.assertEqual(out, "", f"nothing on stdout when refused: {args}")
        lines = err.split("\n")
        self.assertEqual(len(lines), 2, f"exactly one line on stderr, got {err!r}")
        self.assertEqual(lines[1], "")
        self.assertTrue(lines[0].startswith("supportctl: "), lines[0])
        if names is not None:
            for n in names if isinstance(names, (list, tuple)) else [names]:
                self.assertIn(n, lines[0])
        return lines[0]

    def bad_l(self, *args, **kw):
        return self.bad(*self.L(*args), **kw)

    # ---- fixtures ------------------------------------------------------------------------------
    def init(self, *args):
        return self.js("init", *args)

    def missing_ledger(self, name="missing.db"):
        """A ledger target where there is none: the file `name` here, or a schema not created."""
        return lt.new_schema_uri(self) if lt.ON_PG else name

    def target(self, target=None):
        """A ledger target as this process reaches it (a file relative to the test's directory)."""
        target = self.ledger if target is None else target
        return target if lt.is_pg(target) or os.path.isabs(target) else self.path(target)

    def raw_exec(self, sql, target=None):
        lt.raw_exec(self.target(target), sql)

    def raw_int(self, sql, target=None):
        return lt.raw_int(self.target(target), sql)

    def exists(self, target):
        return lt.exists(target if lt.is_pg(target) else self.path(target))

    def write(self, name, text):
        with open(self.path(name), "w", encoding="utf-8") as f:
            f.write(text)
        return name

    def standard_catalogue(self, *init_args):
        """REPORT6: perpetual, 6 months, 7990 from 2025-01-01 and 8990 from 2026-12-01;
        EXT12: perpetual, 12 months, 12000; CLOUD1: monthly subscription, 990."""
        self.init(*init_args)
        self.js("product-add", "--code", "REPORT6", "--name", "Анализ продаж", "--kind", "perpetual",
                "--support-months", "6", "--price", "7990", "--effective", "2025-01-01")
        self.js("product-price", "--product", "REPORT6", "--price", "8990", "--effective", "2026-12-01")
        self.js("product-add", "--code", "EXT12", "--name", "Обмен с банком", "--kind", "perpetual",
                "--support-months", "12", "--price", "12000", "--effective", "2025-01-01")
        self.js("product-add", "--code", "CLOUD1", "--name", "Облачный архив", "--kind", "subscription_monthly",
                "--price", "990", "--effective", "2025-01-01")
        for code, name in [("ACME", "ООО «Ромашка»"), ("BETA", "ИП Петров"), ("GAMMA", "АО \"Север\"")]:
            self.js("customer-add", "--code", code, "--name", name)

    def sell(self, customer, product, on, *extra):
        return self.js("sell", "--customer", customer, "--product", product, "--on", on, *extra)

    def file_bytes(self, name):
        with open(self.path(name), "rb") as f:
            return f.read()
