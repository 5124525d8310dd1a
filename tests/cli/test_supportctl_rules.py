"""CLI tests of supportctl's stateless commands: exit codes, stderr/stdout discipline,
and JSON parsed and compared field by field.

Run: python3 test_supportctl_rules.py  (SUPPORTCTL=path/to/supportctl)
"""
import json
import os
import subprocess
import tempfile
import unittest

SUPPORTCTL = os.environ.get("SUPPORTCTL", "supportctl")


def run(*args):
    p = subprocess.run([SUPPORTCTL, *args], capture_output=True, text=True, timeout=60)
    return p.returncode, p.stdout, p.stderr


def ok_json(*args):
    code, out, err = run(*args, "--json")
    if code != 0:
        raise AssertionError(f"supportctl {' '.join(args)} exited {code}: {err}")
    assert err == "", err
    return json.loads(out)


class BadInput:
    def assert_bad_input(self, *args, names=None):
        code, out, err = run(*args)
        self.assertEqual(code, 2, f"exit status for {args}: {code}, stderr {err!r}")
        self.assertEqual(out, "", "nothing on stdout on bad input")
        lines = err.strip("\n").split("\n")
        self.assertEqual(len(lines), 1, f"one-line error, got {err!r}")
        self.assertTrue(lines[0].startswith("supportctl: "), lines[0])
        if names:
            self.assertIn(names, lines[0])


class AddMonths(unittest.TestCase, BadInput):
    def test_examples_of_the_policy(self):
        for d, n, want in [("2026-01-31", "1", "2026-02-28"), ("2024-01-31", "1", "2024-02-29"),
                           ("2026-08-31", "6", "2027-02-28"), ("2026-01-15", "6", "2026-07-15"),
                           ("2026-03-31", "-1", "2026-02-28"), ("2024-02-29", "12", "2025-02-28")]:
            code, out, err = run("add-months", d, n)
            self.assertEqual((code, out, err), (0, want + "\n", ""), (d, n))

    def test_bad_dates_and_numbers(self):
        self.assert_bad_input("add-months", "2026-02-30", "1", names="2026-02-30")
        self.assert_bad_input("add-months", "yesterday", "1", names="yesterday")
        self.assert_bad_input("add-months", "2026-01-31", "one", names="one")
        self.assert_bad_input("add-months", "2026-01-31")
        self.assert_bad_input("add-months", "9999-12-31", "1")


class Status(unittest.TestCase, BadInput):
    base = ("status", "--purchased", "2026-01-15", "--support-months", "6")

    def status(self, on, *extra):
        return ok_json(*self.base, "--on", on, *extra)

    def test_every_state_and_its_rights(self):
        cases = {
            "2026-01-14": ("not_owned", None, None, False, False),
            "2026-01-15": ("active", "2026-07-15", "2026-08-15", True, True),
            "2026-07-15": ("active", "2026-07-15", "2026-08-15", True, True),
            "2026-07-16": ("grace", "2026-07-15", "2026-08-15", True, False),
            "2026-08-15": ("grace", "2026-07-15", "2026-08-15", True, False),
            "2026-08-16": ("lapsed", "2026-07-15", "2026-08-15", True, False),
        }
        for on, (state, until, pref, use, support) in cases.items():
            s = self.status(on)
            self.assertEqual(s, {"status": state, "support_until": until, "preferential_until": pref,
                                 "can_use": use, "can_consult": support, "can_get_new_versions": support,
                                 "can_propose_ideas": support}, on)

    def test_until_overrides_the_computed_support_end(self):
        s = self.status("2027-01-01", "--until", "2027-07-15")
        self.assertEqual((s["status"], s["support_until"], s["preferential_until"]),
                         ("active", "2027-07-15", "2027-08-15"))

    def test_month_end_purchase_clamps(self):
        s = ok_json("status", "--purchased", "2026-08-31", "--support-months", "6", "--on", "2027-03-28")
        self.assertEqual((s["status"], s["support_until"], s["preferential_until"]),
                         ("grace", "2027-02-28", "2027-03-28"))

    def test_policy_file_changes_the_grace_window(self):
        with tempfile.NamedTemporaryFile("w", suffix=".policy", delete=False) as f:
            f.write("grace_months = 0\n")
        try:
            self.assertEqual(self.status("2026-07-16", "--policy", f.name)["status"], "lapsed")
        finally:
            os.unlink(f.name)

    def test_human_output_names_the_state(self):
        code, out, err = run(*self.base, "--on", "2026-07-16")
        self.assertEqual(code, 0)
        self.assertIn("status:               grace", out)

    def test_bad_input(self):
        self.assert_bad_input("status", "--purchased", "2026-02-30", "--support-months", "6", "--on", "2026-03-01",
                              names="2026-02-30")
        self.assert_bad_input(*self.base, names="--on")
        self.assert_bad_input(*self.base, "--on", "2026-13-01", names="2026-13-01")
        self.assert_bad_input("status", "--purchased", "2026-01-15", "--support-months", "-1", "--on", "2026-03-01",
                              names="-1")
        self.assert_bad_input("status", "--purchased", "2026-01-15", "--support-months", "six", "--on", "2026-03-01",
                              names="six")
        self.assert_bad_input(*self.base, "--on", "2026-03-01", "--until", "2025-01-01", names="2025-01-01")
        self.assert_bad_input(*self.base, "--on", "2026-03-01", "--policy", "/nonexistent/p", names="/nonexistent/p")
        self.assert_bad_input(*self.base, "--on", "2026-03-01", "--bogus", names="--bogus")
        self.assert_bad_input(*self.base, "--on", "2026-03-01", "--on", "2026-03-02", names="twice")


class Quote(unittest.TestCase, BadInput):
    def quote(self, price, until, on, *extra):
        return ok_json("quote", "--price", price, "--until", until, "--on", on, *extra)

    def test_seed_example_preferential_and_standard(self):
        q = self.quote("7990", "2026-07-15", "2026-08-01")
        self.assertEqual({k: q[k] for k in ("kind", "rate_bp", "fee_kopecks", "fee", "new_support_until",
                                            "valid_through")},
                         {"kind": "preferential", "rate_bp": 2500, "fee_kopecks": 199800, "fee": "1998.00",
                          "new_support_until": "2027-07-15", "valid_through": "2026-08-15"})
        q = self.quote("7990", "2026-07-15", "2026-08-16")
        self.assertEqual((q["kind"], q["rate_bp"], q["fee_kopecks"], q["fee"], q["new_support_until"]),
                         ("standard", 4500, 359600, "3596.00", "2027-08-16"))

    def test_policy_at_40_percent_gives_the_pages_3196(self):
        with tempfile.NamedTemporaryFile("w", suffix=".policy", delete=False) as f:
            f.write("# the page's example\nstandard_rate_bp = 4000\n")
        try:
            q = self.quote("7990", "2026-07-15", "2026-09-01", "--policy", f.name)
            self.assertEqual((q["kind"], q["rate_bp"], q["fee"]), ("standard", 4000, "3196.00"))
        finally:
            os.unlink(f.name)

    def test_early_and_last_grace_day_are_preferential(self):
        self.assertEqual(self.quote("7990", "2026-07-15", "2026-03-01")["kind"], "preferential")
        q = self.quote("7990", "2026-07-15", "2026-08-15")
        self.assertEqual((q["kind"], q["new_support_until"]), ("preferential", "2027-07-15"))

    def test_prices_with_kopecks(self):
        q = self.quote("7990.50", "2026-07-15", "2026-08-01")
        self.assertEqual(q["fee_kopecks"], 199800)  # 1997.625 -> 1998
        self.assertEqual(q["list_price_kopecks"], 799050)

    def test_large_prices_stay_exact(self):
        q = self.quote("123456789012.34", "2026-07-15", "2026-08-01")
        self.assertEqual(q["fee_kopecks"], 3086419725300)  # 30864197253.085 -> 30864197253 rubles

    def test_bad_input(self):
        self.assert_bad_input("quote", "--price", "-5", "--until", "2026-07-15", "--on", "2026-08-01",
                              names="negative")
        self.assert_bad_input("quote", "--price", "7990.505", "--until", "2026-07-15", "--on", "2026-08-01",
                              names="7990.505")
        self.assert_bad_input("quote", "--price", "abc", "--until", "2026-07-15", "--on", "2026-08-01",
                              names="abc")
        self.assert_bad_input("quote", "--price", "7990", "--until", "15.07.2026x", "--on", "2026-08-01",
                              names="15.07.2026x")
        self.assert_bad_input("quote", "--price", "7990", "--until", "2026-07-15", names="--on")
        self.assert_bad_input("quote", "--price", "99999999999999999999", "--until", "2026-07-15",
                              "--on", "2026-08-01")


class CanDownload(unittest.TestCase, BadInput):
    def test_release_on_or_before_support_until_is_allowed(self):
        for release, allowed in [("2026-07-14", True), ("2026-07-15", True), ("2026-07-16", False),
                                 ("2020-01-01", True)]:
            self.assertEqual(ok_json("can-download", "--until", "2026-07-15", "--release-date", release),
                             {"allowed": allowed}, release)

    def test_bad_input(self):
        self.assert_bad_input("can-download", "--until", "2026-07-15", "--release-date", "2026-07-32",
                              names="2026-07-32")
        self.assert_bad_input("can-download", "--until", "2026-07-15", names="--release-date")


class Help(unittest.TestCase):
    def test_every_command_has_help(self):
        code, out, _ = run("--help")
        self.assertEqual(code, 0)
        for cmd in ("add-months", "status", "quote", "can-download"):
            self.assertIn(cmd, out)
            code, out2, err = run(cmd, "--help")
            self.assertEqual((code, err), (0, ""))
            self.assertIn("usage: supportctl " + cmd, out2)

    def test_unknown_command_is_bad_input(self):
        code, out, err = run("frobnicate")
        self.assertEqual((code, out), (2, ""))
        self.assertIn("frobnicate", err)


if __name__ == "__main__":
    unittest.main()
