"""PostgreSQL helpers for the Python ledger tests (docs/testing-pg.md), the same as
tests/pg/pg_test_util.h for C: a fresh schema per test in the throwaway cluster that
SUP_TEST_PG_URI names (the ctest fixture "pg"), the ledger URI for it, and raw SQL
behind the API (raw_int / raw_exec, as the SQLite tests use sqlite3).

    import pgtest                                   # sys.path: tests/pg
    with pgtest.Schema() as s:                      # CREATE SCHEMA sup_t_<pid>_<n>_<hex>
        ledger = ls.Ledger.open(s.uri, create=True)
        assert s.raw_int("SELECT count(*) FROM licenses") == 1
                                                    # DROP SCHEMA ... CASCADE

Through psycopg2 (Debian's python3-psycopg2) when it is there, else through psql;
SUP_PGTEST_DRIVER=psql forces the latter."""

import itertools
import os
import re
import secrets
import shutil
import subprocess
import urllib.parse

try:
    import psycopg2
except ImportError:  # pragma: no cover - depends on the machine
    psycopg2 = None

DRIVER = "psycopg2" if psycopg2 is not None and os.environ.get("SUP_PGTEST_DRIVER") != "psql" else "psql"

_counter = itertools.count(1)


class PgError(Exception):
    """A statement failed: sqlstate is PostgreSQL's five-character code."""

    def __init__(self, sqlstate, message):
        super().__init__(f"{sqlstate}: {message}")
        self.sqlstate = sqlstate
        self.message = message


def base_uri():
    """The cluster's libpq URI, or None outside the pg fixture."""
    return os.environ.get("SUP_TEST_PG_URI") or None


def available():
    return base_uri() is not None


def _need_base(base):
    base = base or base_uri()
    if base is None:
        raise RuntimeError("SUP_TEST_PG_URI is not set: run the test through ctest (ctest -L pg) "
                           "or see docs/testing-pg.md")
    return base


def ledger_uri(base, schema):
    """base (a libpq URI) with schema=NAME added to its query, NAME percent-encoded."""
    if "?" not in base:
        sep = "?"
    elif base.endswith(("?", "&")):
        sep = ""
    else:
        sep = "&"
    return f"{base}{sep}schema={urllib.parse.quote(schema, safe='')}"


def _ident(name):
    return '"' + name.replace('"', '""') + '"'


def _prelude(schema):
    sql = "SET client_min_messages = warning;"
    if schema is not None:
        sql += f" SET search_path TO {_ident(schema)};"
    return sql


def _psql():
    bindir = os.environ.get("SUP_TEST_PG_BINDIR")
    if bindir and os.access(os.path.join(bindir, "psql"), os.X_OK):
        return os.path.join(bindir, "psql")
    found = shutil.which("psql")
    if found is None:
        raise RuntimeError("no psql: apt-get install postgresql-client-15")
    return found


def _psql_env():
    # No PG* variable of the caller, and no sanitizer runtime preloaded into psql
    # (the binding tests of the ASan build preload it into python).
    env = {k: v for k, v in os.environ.items()
           if not k.startswith(("PG", "ASAN_", "LSAN_", "UBSAN_")) and k != "LD_PRELOAD"}
    return env


def _run(base, schema, sql, want_rows):
    """The rows (lists of text, NULL as None) of the last statement of sql."""
    if DRIVER == "psycopg2":
        con = psycopg2.connect(base)
        try:
            con.autocommit = True
            with con.cursor() as cur:
                cur.execute(_prelude(schema))
                try:
                    # one simple query: its statements are one implicit transaction
                    cur.execute(sql)
                except psycopg2.Error as e:
                    raise PgError(e.pgcode or "?????", e.diag.message_primary or str(e).strip()) from None
                if not want_rows or cur.description is None:
                    return []
                return [[None if v is None else str(v) for v in row] for row in cur.fetchall()]
        finally:
            con.close()
    # psql: unaligned, tuples only, fields split by U+001F, records by NUL, NULL as a
    # marker no value holds; VERBOSITY=verbose puts the SQLSTATE in the message.
    null = "\x01NULL\x01"
    cmd = [_psql(), "-X", "-q", "-A", "-t", "-F", "\x1f", "-0", "-v", "ON_ERROR_STOP=1",
           "-v", "VERBOSITY=verbose", "-P", f"null={null}", "-d", base, "-c", _prelude(schema), "-c", sql]
    p = subprocess.run(cmd, env=_psql_env(), capture_output=True, check=False)
    err = p.stderr.decode("utf-8", "replace")
    if p.returncode != 0:
        m = re.search(r"ERROR:\s+([0-9A-Z]{5}):\s*(.*)", err)
        if m is None:
            raise RuntimeError(f"psql {base}: {err.strip()}")
        raise PgError(m.group(1), m.group(2).strip())
    if not want_rows:
        return []
    records = p.stdout.decode("utf-8").split("\0")
    if records and records[-1].strip("\n") == "":
        records.pop()
    return [[None if f == null else f for f in r.split("\x1f")] for r in records]


def raw_exec(base, schema, sql):
    """Run the statements of sql with search_path = schema (None: the default); raises
    PgError (with .sqlstate) when one fails, and then none of them is kept."""
    _run(_need_base(base), schema, sql, want_rows=False)


def raw_int(base, schema, sql):
    """The integer in the first column of the first row of a query."""
    rows = _run(_need_base(base), schema, sql, want_rows=True)
    if not rows or rows[0][0] is None:
        raise AssertionError(f"{sql}: no row, or NULL")
    return int(rows[0][0])


def raw_text(base, schema, sql):
    """The text of the first column of the first row of a query (None for NULL)."""
    rows = _run(_need_base(base), schema, sql, want_rows=True)
    if not rows:
        raise AssertionError(f"{sql}: no row")
    return rows[0][0]


def fresh_name():
    """A schema name no test has used (sup_t_<pid>_<n>_<random hex>), not created: for a
    ledger that does not exist yet (SUP_LEDGER_CREATE makes the schema, like a new file)."""
    return f"sup_t_{os.getpid()}_{next(_counter)}_{secrets.token_hex(4)}"


def new_schema(base=None):
    """Create a fresh schema (sup_t_<pid>_<n>_<random hex>); returns its name."""
    name = fresh_name()
    raw_exec(base, None, f"CREATE SCHEMA {_ident(name)}")
    return name


def drop_schema(name, base=None):
    raw_exec(base, None, f"DROP SCHEMA IF EXISTS {_ident(name)} CASCADE")


def restart_immediate():
    """pg_ctl restart -m immediate of the cluster (a crash and recovery): every
    connection is cut. Register such a test with sup_pg_test(... EXCLUSIVE)."""
    sh, host = os.environ.get("SUP_PG_CLUSTER_SH"), os.environ.get("SUP_TEST_PG_HOST")
    if not sh or not host:
        raise RuntimeError("SUP_PG_CLUSTER_SH or SUP_TEST_PG_HOST is not set: run through ctest (ctest -L pg)")
    subprocess.run(["bash", sh, "restart-immediate", host], env=_psql_env(), check=True)


class Schema:
    """A schema of its own for one test: .name, .uri (the ledger URI), .base; dropped
    on exit (or by drop())."""

    def __init__(self, base=None):
        self.base = _need_base(base)
        self.name = new_schema(self.base)
        self.uri = ledger_uri(self.base, self.name)

    def raw_int(self, sql):
        return raw_int(self.base, self.name, sql)

    def raw_text(self, sql):
        return raw_text(self.base, self.name, sql)

    def raw_exec(self, sql):
        raw_exec(self.base, self.name, sql)

    def drop(self):
        drop_schema(self.name, self.base)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.drop()
        return False
