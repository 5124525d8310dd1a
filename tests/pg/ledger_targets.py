"""Where the Python, CLI and site ledger tests keep their ledgers, on either engine
(docs/testing-pg.md, "Every ledger test on both engines"); the Python counterpart of
tmp_init / mem_target / SQLITE_ONLY in tests/ledger_test_util.h.

Every such test runs twice under ctest: as NAME on SQLite and as pg.NAME with
SUP_TEST_BACKEND=pg on the throwaway PostgreSQL cluster (tests/pg/pg.cmake).

    import ledger_targets as lt                     # sys.path: tests/pg
    target = lt.new_target(self)                    # a ledger that does not exist yet:
                                                    #   SQLite: a path in a fresh temp dir
                                                    #   PostgreSQL: a URI with ?schema= not created yet
    with ls.Ledger(target, create=True) as ledger: ...
    ls.Ledger(lt.memory_target(self), create=True)  # ":memory:" / a fresh schema
    lt.raw_int(target, "SELECT count(*) FROM payments")   # behind the API, either engine

    @lt.sqlite_only("a junk file is not a ledger")  # skipped on PostgreSQL, with the reason
    @lt.pg_only("a read-only role")                 # skipped on SQLite

What a test creates is removed when it ends (test.addCleanup): the temporary
directory, the schema (DROP SCHEMA ... CASCADE), roles made by new_role."""

import atexit
import os
import shutil
import sqlite3
import sys
import tempfile
import unittest
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import pgtest  # noqa: E402

ON_PG = os.environ.get("SUP_TEST_BACKEND") == "pg"
BACKEND = "postgresql" if ON_PG else "sqlite"
"""The engine of this run, as Ledger.backend and `supportctl check` name it."""


def sqlite_only(reason):
    """Skip on the PostgreSQL run: the test is about SQLite files (reason: what it checks)."""
    return unittest.skipIf(ON_PG, f"about SQLite files ({reason}): not run on PostgreSQL")


def pg_only(reason):
    """Skip on the SQLite run: the test is about PostgreSQL (reason: what it checks)."""
    return unittest.skipUnless(ON_PG, f"about PostgreSQL ({reason}): runs as pg.* with SUP_TEST_BACKEND=pg")


def not_on_pg(reason):
    """Skip on the PostgreSQL run a test that uses no ledger target (it ran on SQLite already)."""
    return unittest.skipIf(ON_PG, f"uses no ledger target ({reason}): run on SQLite only")


def _later(test, fn, *args):
    if test is not None:
        test.addCleanup(fn, *args)
    else:
        atexit.register(fn, *args)


def temp_dir(test=None, prefix="sup-ledger-test-"):
    """A fresh directory, removed when the test ends."""
    d = tempfile.mkdtemp(prefix=prefix)
    _later(test, shutil.rmtree, d, True)
    return d


def new_schema_uri(test=None, create=False):
    """PostgreSQL: the ledger URI of a fresh schema (created only if `create`), dropped at the end."""
    name = pgtest.fresh_name()
    if create:
        pgtest.raw_exec(None, None, f'CREATE SCHEMA "{name}"')
    _later(test, pgtest.drop_schema, name)
    return pgtest.ledger_uri(pgtest._need_base(None), name)


def new_target(test=None, name="ledger.db", directory=None):
    """A ledger target that does not exist yet, for this run's engine: SQLite, `name` in
    `directory` (default: a fresh temporary directory); PostgreSQL, a URI naming a schema
    that does not exist yet. Removed when the test ends."""
    if ON_PG:
        return new_schema_uri(test)
    return os.path.join(directory or temp_dir(test), name)


def memory_target(test=None):
    """A private throwaway ledger's target: ":memory:" on SQLite, a fresh schema on
    PostgreSQL (open it with create=True)."""
    return new_schema_uri(test) if ON_PG else ":memory:"


def is_pg(target):
    return target.startswith(("postgresql://", "postgres://"))


def schema_of(uri):
    """The schema a ledger URI names (its last schema= parameter)."""
    query = urllib.parse.urlsplit(uri).query
    values = urllib.parse.parse_qs(query, keep_blank_values=True).get("schema")
    if not values:
        raise AssertionError(f"{uri}: no schema=")
    return values[-1]


def base_of(uri):
    """The libpq URI of a ledger URI (without schema=, which libpq does not know)."""
    head, sep, query = uri.partition("?")
    kept = [p for p in query.split("&") if p and not p.startswith("schema=")]
    return head + ("?" + "&".join(kept) if kept else "")


def as_role(uri, role):
    """The same ledger URI, connecting as `role` (trust authentication: no password)."""
    parts = urllib.parse.urlsplit(uri)
    host = parts.netloc.rpartition("@")[2]
    return urllib.parse.urlunsplit(parts._replace(netloc=f"{urllib.parse.quote(role, safe='')}@{host}"))


def new_role(test=None):
    """PostgreSQL: a fresh role name (sup_r_<pid>_<n>_<hex>), not created (grant_readonly or
    `init --readonly-role` creates it); dropped with what it was granted when the test ends."""
    name = "sup_r_" + pgtest.fresh_name()[len("sup_t_"):]

    def drop():
        # its grants go with the schema; DROP OWNED also revokes those on the database
        pgtest.raw_exec(None, None, f"DO $$ BEGIN IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '{name}') "
                                    f"THEN EXECUTE 'DROP OWNED BY {name}'; EXECUTE 'DROP ROLE {name}'; END IF; END $$")

    _later(test, drop)
    return name


# ---- raw SQL behind the API, on either engine (raw_int / raw_exec of ledger_test_util.h) ----

def raw_exec(target, sql):
    """Run sql in the ledger's database: SQLite (several statements, one transaction) or the
    ledger's schema on PostgreSQL. Raises sqlite3.Error or pgtest.PgError."""
    if is_pg(target):
        pgtest.raw_exec(base_of(target), schema_of(target), sql)
        return
    con = sqlite3.connect(target, isolation_level=None)
    try:
        con.executescript("BEGIN;" + sql + ";COMMIT;")
    finally:
        con.close()


def raw_int(target, sql):
    """The integer in the first column of the first row of a query."""
    if is_pg(target):
        return pgtest.raw_int(base_of(target), schema_of(target), sql)
    con = sqlite3.connect(target)
    try:
        row = con.execute(sql).fetchone()
    finally:
        con.close()
    if row is None or row[0] is None:
        raise AssertionError(f"{sql}: no row, or NULL")
    return int(row[0])


def exists(target):
    """Whether anything is at the target: a file, or a schema (empty or not)."""
    if is_pg(target):
        name = schema_of(target).replace("'", "''")
        return pgtest.raw_int(None, None, f"SELECT count(*) FROM pg_namespace WHERE nspname = '{name}'") == 1
    return os.path.exists(target)


def set_schema_version(target, version):
    """Pretend the ledger was written by another library version (a newer one is refused)."""
    if is_pg(target):
        raw_exec(target, f"UPDATE ledger_meta SET value = '{int(version)}' WHERE key = 'schema_version'")
    else:
        raw_exec(target, f"PRAGMA user_version = {int(version)}")
