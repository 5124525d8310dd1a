"""pgtest.py against the cluster of the ctest fixture "pg": ledger URIs, fresh schemas
that drop cleanly, raw SQL in the schema of the test, SQLSTATEs of failures, NULLs and
text that survive the trip. SUP_PGTEST_REQUIRE=psycopg2|psql: fail unless that
driver is the one in use (ctest runs both)."""

import os
import unittest

import pgtest

BASE = "postgresql://postgres@/libsupport?host=/tmp/pg&port=5432"


class LedgerUri(unittest.TestCase):
    def test_the_schema_joins_the_query(self):
        self.assertEqual(pgtest.ledger_uri(BASE, "s1"), BASE + "&schema=s1")
        self.assertEqual(pgtest.ledger_uri("postgresql://h/db", "s1"), "postgresql://h/db?schema=s1")
        self.assertEqual(pgtest.ledger_uri("postgresql://h/db?", "s1"), "postgresql://h/db?schema=s1")
        self.assertEqual(pgtest.ledger_uri("postgresql://h/db?port=1&", "s1"), "postgresql://h/db?port=1&schema=s1")

    def test_the_schema_name_is_percent_encoded(self):
        self.assertEqual(pgtest.ledger_uri("postgresql://h/db", "a b&c=d%e/ж"),
                         "postgresql://h/db?schema=a%20b%26c%3Dd%25e%2F%D0%B6")


@unittest.skipUnless(pgtest.available(), "SUP_TEST_PG_URI is not set (run through ctest -L pg)")
class AgainstTheCluster(unittest.TestCase):
    def test_the_driver_is_the_one_required(self):
        want = os.environ.get("SUP_PGTEST_REQUIRE")
        if want:
            self.assertEqual(pgtest.DRIVER, want)

    def schema_count(self, name):
        return pgtest.raw_int(None, None, f"SELECT count(*) FROM pg_namespace WHERE nspname = '{name}'")

    def test_each_schema_is_fresh_and_dropped_on_exit(self):
        with pgtest.Schema() as a, pgtest.Schema() as b:
            self.assertNotEqual(a.name, b.name)
            self.assertTrue(a.name.startswith(f"sup_t_{os.getpid()}_"))
            self.assertEqual(a.uri, pgtest.base_uri() + "&schema=" + a.name)
            self.assertEqual(self.schema_count(a.name), 1)
            a.raw_exec("CREATE TABLE t (x int); INSERT INTO t VALUES (1)")
        self.assertEqual(self.schema_count(a.name), 0)
        self.assertEqual(self.schema_count(b.name), 0)
        pgtest.drop_schema(a.name)  # twice: nothing left, no error

    def test_a_fresh_name_is_unique_and_not_created(self):
        a, b = pgtest.fresh_name(), pgtest.fresh_name()
        self.assertNotEqual(a, b)
        self.assertTrue(a.startswith(f"sup_t_{os.getpid()}_"))
        self.assertEqual(self.schema_count(a), 0)
        pgtest.drop_schema(a)  # dropping a schema never created is fine

    def test_raw_sql_runs_in_the_schema_of_the_test(self):
        with pgtest.Schema() as a, pgtest.Schema() as b:
            a.raw_exec("CREATE TABLE payments (id text PRIMARY KEY, amount bigint, note text);"
                       "INSERT INTO payments VALUES ('p1', 799000, NULL), ('p2', 5000000000, 'Отчёт; O''Brien')")
            self.assertEqual(a.raw_int("SELECT count(*) FROM payments"), 2)
            self.assertEqual(a.raw_int("SELECT max(amount) FROM payments"), 5000000000)
            self.assertEqual(a.raw_text("SELECT note FROM payments WHERE id = 'p2'"), "Отчёт; O'Brien")
            self.assertIsNone(a.raw_text("SELECT note FROM payments WHERE id = 'p1'"))
            self.assertEqual(a.raw_text("SELECT E'two\\nlines'"), "two\nlines")
            with self.assertRaises(pgtest.PgError) as e:
                b.raw_exec("SELECT * FROM payments")
            self.assertEqual(e.exception.sqlstate, "42P01")
            self.assertIn('"payments"', e.exception.message)

    def test_a_failing_statement_reports_its_sqlstate_and_changes_nothing(self):
        with pgtest.Schema() as s:
            s.raw_exec("CREATE TABLE k (id int PRIMARY KEY)")
            with self.assertRaises(pgtest.PgError) as e:
                s.raw_exec("SELEC 1")
            self.assertEqual(e.exception.sqlstate, "42601")
            with self.assertRaises(pgtest.PgError) as e:
                s.raw_exec("INSERT INTO k VALUES (1); INSERT INTO k VALUES (1)")
            self.assertEqual(e.exception.sqlstate, "23505")
            self.assertEqual(s.raw_int("SELECT count(*) FROM k"), 0)
            with self.assertRaises(AssertionError):
                s.raw_int("SELECT 1 WHERE false")

    def test_the_server_is_durable_and_local(self):
        for setting, want in (("fsync", "on"), ("synchronous_commit", "on"), ("listen_addresses", "")):
            self.assertEqual(pgtest.raw_text(None, None, f"SELECT current_setting('{setting}')"), want, setting)


if __name__ == "__main__":
    unittest.main()
