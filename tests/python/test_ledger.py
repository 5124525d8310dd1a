"""The ledger from Python: a round trip through a file or a PostgreSQL schema,
idempotent payments, typed cursor rows, context managers, the storage errors,
the engine of a ledger, read-only roles and moving a ledger between engines.

Runs on both engines (ctest python.test_ledger and pg.python.test_ledger with
SUP_TEST_BACKEND=pg): tests/pg/ledger_targets.py gives each test its ledger."""

import datetime
import os
import sqlite3
import stat
import sys
import unittest

import libsupport as ls

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pg"))
import ledger_targets as lt  # noqa: E402

D = datetime.date
ACTOR = "test_ledger.py"


def fill(ledger):
    """A product with a price change, two customers, three licenses, renewals and releases."""
    rep = ledger.add_product(ACTOR, "REP1", "Отчёт «Продажи»", ls.LicenseKind.PERPETUAL, 6)
    ledger.set_price(ACTOR, rep, "2026-01-01", 799000)
    ledger.set_price(ACTOR, rep, "2026-10-01", 899000)
    sub = ledger.add_product(ACTOR, "SUB1", "Обработка (подписка)", ls.LicenseKind.SUBSCRIPTION_MONTHLY, 1)
    ledger.set_price(ACTOR, sub, "2026-01-01", 150000)
    a = ledger.add_customer(ACTOR, "C-A", 'ООО "Ромашка"')
    b = ledger.add_customer(ACTOR, "C-B", "ИП O'Brien; DROP TABLE licenses; --")
    la = ledger.sell(ACTOR, a, rep, "2026-01-15", 799000, payment_id="sale-1")
    lb = ledger.sell(ACTOR, b, rep, "2026-02-28", 799000, payment_id="sale-2")
    ls_ = ledger.sell(ACTOR, b, sub, "2026-03-31", 150000)
    ledger.add_release(ACTOR, rep, "1.1", "2026-06-01")
    ledger.add_release(ACTOR, rep, "2.0", "2026-09-10", "совместимость с новой конфигурацией 1С")
    return rep, sub, a, b, la, lb, ls_


class RoundTrip(unittest.TestCase):
    def setUp(self):
        self.path = lt.new_target(self, "support.db")

    def test_write_close_reopen_read(self):
        with ls.Ledger(self.path, create=True) as lg:
            rep, sub, a, b, la, lb, lsub = fill(lg)
            q = lg.quote_renewal(la, "2026-07-20")
            self.assertEqual((q.kind, q.fee), (ls.QuoteKind.PREFERENTIAL, 199800))
            applied = lg.renew(ACTOR, "ren-1", la, "2026-07-20", 199800)
            self.assertEqual(applied.new_support_until, D(2027, 7, 15))
            lg.pay(ACTOR, "sub-2", lsub, "2026-04-15", 150000)
        self.assertFalse(lg.is_open())

        with ls.Ledger(self.path, readonly=True) as lg:
            lg.check()
            self.assertEqual(lg.find_product("REP1"), rep)
            self.assertEqual(lg.find_customer("C-B"), b)
            self.assertEqual(lg.license_parties(la), (a, rep))
            product = lg.get_product(rep)
            self.assertEqual(product.prices(), [(D(2026, 1, 1), 799000), (D(2026, 10, 1), 899000)])
            lic = lg.get_license(la)
            self.assertEqual(lic.latest_until, D(2027, 7, 15))
            self.assertEqual([e.kind for e in lic.events()],
                             [ls.EventKind.PURCHASE, ls.EventKind.PREFERENTIAL_RENEWAL])
            status = lg.license_status(la, "2027-07-16")
            self.assertEqual(status.state, ls.State.GRACE)
            self.assertEqual(status.preferential_until, D(2027, 8, 15))
            # the ledger and the core agree
            self.assertEqual(lic.status("2027-07-16", lg.get_policy("2027-07-16")).state, status.state)

            rows = lg.list_licenses("2026-08-01").fetch_all()
            self.assertEqual([r.license for r in rows], [la, lb, lsub])
            self.assertEqual(rows[1].customer_name, "ИП O'Brien; DROP TABLE licenses; --")
            self.assertIs(type(rows[0].state), ls.State)
            self.assertIs(type(rows[0].support_until), D)

            payments = list(lg.list_payments("2026-01-01", "2026-12-31"))
            self.assertEqual([p.amount for p in payments], [799000, 799000, 150000, 150000, 199800])
            self.assertEqual(payments[-1].payment_id, "ren-1")
            self.assertEqual(payments[-1].kind, ls.EventKind.PREFERENTIAL_RENEWAL)
            self.assertGreater(payments[-1].policy_version, 0)

            releases = lg.list_releases(lb, "2026-09-15").fetch_all()
            self.assertEqual([(r.version, r.allowed) for r in releases], [("1.1", True), ("2.0", False)])
            self.assertEqual(releases[1].note, "совместимость с новой конфигурацией 1С")
            self.assertEqual([r.version for r in lg.list_downloads(la, "2026-09-15")], ["1.1", "2.0"])
            with self.assertRaises(ls.ReadOnlyError):
                lg.add_customer(ACTOR, "C-C", "nobody")

    def test_lists_by_date(self):
        with ls.Ledger(lt.memory_target(self), create=True) as lg:
            rep, sub, a, b, la, lb, lsub = fill(lg)
            expiring = [r.license for r in lg.list_expiring("2026-07-05", 14)]
            self.assertEqual(expiring, [la])
            grace = lg.list_preferential("2026-07-20").fetch_all()
            self.assertEqual([(r.license, r.preferential_until) for r in grace], [(la, D(2026, 8, 15))])
            lapsed = {r.license for r in lg.list_lapsed("2026-09-01")}
            self.assertEqual(lapsed, {la, lsub})  # lb (support through 2026-08-28) is still in its window
            notify = lg.list_notify(lg.list_releases(la, "2026-12-31").fetch_all()[0].release).fetch_all()
            self.assertEqual([n.customer for n in notify], [a, b])
            self.assertEqual(len(lg.list_products().fetch_all()), 2)
            self.assertEqual([c.code for c in lg.list_customers()], ["C-A", "C-B"])
            cols = lg.list_audit().columns()
            self.assertEqual(cols[0], ("event", ls.ColumnType.ID))
            self.assertTrue(any(r.action == "sell" for r in lg.list_audit()))

    def test_payments_are_idempotent(self):
        with ls.Ledger(lt.memory_target(self), create=True) as lg:
            rep, sub, a, b, la, lb, lsub = fill(lg)
            first = lg.renew(ACTOR, "pay-1", la, "2026-07-20", 199800)
            again = lg.renew(ACTOR, "pay-1", la, "2026-07-20", 199800)
            self.assertEqual((first.fee, first.new_support_until), (again.fee, again.new_support_until))
            self.assertEqual(len(lg.list_events(la).fetch_all()), 2)
            with self.assertRaises(ls.ConflictError):
                lg.renew(ACTOR, "pay-1", la, "2026-07-20", 199900)
            with self.assertRaises(ls.PaymentMismatchError):
                lg.renew(ACTOR, "pay-2", lb, "2026-09-30", 199800)  # lapsed on 09-29: standard now
            self.assertEqual(len(lg.list_events(lb).fetch_all()), 1)
            self.assertEqual(lg.sell(ACTOR, a, rep, "2026-01-15", 799000, payment_id="sale-1"), la)

    def test_a_product_without_a_term_gets_the_latest_policys_default(self):
        with ls.Ledger(lt.memory_target(self), create=True) as lg:
            self.assertEqual(lg.get_product(lg.add_product(ACTOR, "A", "a", ls.LicenseKind.PERPETUAL)).support_months, 6)
            lg.add_policy(ACTOR, "2026-01-01", ls.Policy.parse("default_support_months = 3\n"))
            self.assertEqual(lg.get_product(lg.add_product(ACTOR, "B", "b", ls.LicenseKind.PERPETUAL)).support_months, 3)
            self.assertEqual(lg.get_product(lg.add_product(ACTOR, "S", "s", ls.LicenseKind.SUBSCRIPTION_MONTHLY))
                             .support_months, 1)
            self.assertEqual(ls.Product(ls.LicenseKind.PERPETUAL).support_months, 6)

    def test_the_offer_of_either_kind_of_license(self):
        with ls.Ledger(lt.memory_target(self), create=True) as lg:
            rep, sub, a, b, la, lb, lsub = fill(lg)
            o = lg.offer(la, "2026-07-20")
            self.assertEqual((o.kind, o.quote.kind, o.quote.fee), (ls.OfferKind.RENEWAL, ls.QuoteKind.PREFERENTIAL,
                                                                   199800))
            self.assertEqual(o.quote.valid_through, lg.quote_renewal(la, "2026-07-20").valid_through)
            o = lg.offer(lsub, "2026-04-15")
            self.assertEqual((o.kind, o.quote.kind, o.quote.fee), (ls.OfferKind.PAYMENT, ls.QuoteKind.SUBSCRIPTION,
                                                                   150000))
            o = lg.offer(la, "2026-01-01")
            self.assertEqual((o.kind, o.reason, o.quote), (ls.OfferKind.NONE, ls.OfferReason.NOT_OWNED, None))
            with self.assertRaises(ls.NotFoundError):
                lg.offer(999, "2026-07-20")

    def test_policy_versions(self):
        with ls.Ledger(lt.memory_target(self), create=True) as lg:
            rep, sub, a, b, la, lb, lsub = fill(lg)
            forty = ls.Policy()
            forty.standard_rate = 4000
            version = lg.add_policy(ACTOR, "2026-09-01", forty)
            self.assertEqual(lg.policy_version_on("2026-09-01"), version)
            self.assertEqual(lg.get_policy("2026-09-01"), forty)
            self.assertEqual(lg.quote_renewal(lb, "2026-09-15").fee, 199800)  # still preferential
            self.assertEqual(lg.quote_renewal(lb, "2026-09-30").fee, 319600)  # the page's 3196
            applied = lg.renew(ACTOR, "p40", lb, "2026-09-30", 319600)
            self.assertEqual(applied.rate, 4000)
            self.assertEqual(lg.list_events(lb).fetch_all()[-1].policy_version, version)
            self.assertEqual(len(lg.list_policies().fetch_all()), 2)

    def test_batch_commits_or_rolls_back(self):
        with ls.Ledger(self.path, create=True) as lg:
            with self.assertRaises(ZeroDivisionError):
                with lg.batch():
                    lg.add_customer(ACTOR, "X", "rolled back")
                    1 / 0
            with lg.batch():
                lg.add_customer(ACTOR, "Y", "kept")
        with ls.Ledger(self.path) as lg:
            self.assertEqual([c.code for c in lg.list_customers()], ["Y"])

    def test_a_snapshot_reads_one_state_and_refuses_changes(self):
        with ls.Ledger(self.path, create=True) as lg, ls.Ledger(self.path, create=False) as other:
            lg.add_customer(ACTOR, "A", "before")
            with lg.snapshot():
                self.assertTrue(lg.in_snapshot())
                other.add_customer(ACTOR, "B", "meanwhile")
                self.assertEqual([c.code for c in lg.list_customers()], ["A"])
                with self.assertRaises(ls.StateError) as cm:
                    lg.add_customer(ACTOR, "C", "inside")
                self.assertIn("a snapshot is open on this handle", str(cm.exception))
                with self.assertRaises(ls.StateError):
                    lg.snapshot_begin()
            self.assertFalse(lg.in_snapshot())
            with self.assertRaises(ZeroDivisionError):
                with lg.snapshot():
                    1 / 0
            self.assertFalse(lg.in_snapshot(), "ended when the block raised")
            self.assertEqual([c.code for c in lg.list_customers()], ["A", "B"])
            with self.assertRaises(ls.StateError):
                lg.snapshot_end()

    def test_storage_errors(self):
        missing = lt.new_target(self, "missing.db")
        with self.assertRaises(ls.NotFoundError) as cm:
            ls.Ledger(missing)
        self.assertIn(lt.schema_of(missing) if lt.ON_PG else 'no ledger at "' + missing[:30], str(cm.exception))
        self.assertFalse(lt.exists(self.path), "opening without create makes nothing")
        with self.assertRaises(ls.InvalidArgumentError):
            ls.Ledger(lt.memory_target(self), create=True, readonly=True)
        with self.assertRaises(ls.RangeError):
            ls.Ledger(self.path, create=True, busy_timeout_ms=-1)
        self.assertFalse(lt.exists(self.path), "a refused open makes nothing")

    def test_a_ledger_of_a_newer_schema_is_refused(self):
        ls.Ledger(self.path, create=True).close()
        lt.set_schema_version(self.path, ls.ledger_schema_version() + 1)
        with self.assertRaises(ls.LedgerVersionError) as cm:
            ls.Ledger(self.path, readonly=True)
        self.assertIn(str(ls.ledger_schema_version() + 1), str(cm.exception))

    @lt.sqlite_only("a junk file and another application's database are not ledgers")
    def test_files_that_are_not_ledgers(self):
        d = lt.temp_dir(self)
        junk = os.path.join(d, "junk.db")
        with open(junk, "wb") as f:
            f.write(b"this is not an SQLite file at all" * 100)
        with self.assertRaises(ls.NotALedgerError) as cm:
            ls.Ledger(junk)
        self.assertIsInstance(cm.exception, ls.StorageError)
        other = os.path.join(d, "other.db")
        con = sqlite3.connect(other)
        con.execute("create table t(x)")
        con.commit()
        con.close()
        with self.assertRaises(ls.NotALedgerError):
            ls.Ledger(other)

    @lt.pg_only("an empty schema and another application's schema are not ledgers")
    def test_schemas_that_are_not_ledgers(self):
        empty = lt.new_schema_uri(self, create=True)
        with self.assertRaises(ls.NotALedgerError) as cm:
            ls.Ledger(empty)
        self.assertIsInstance(cm.exception, ls.StorageError)
        other = lt.new_schema_uri(self, create=True)
        lt.raw_exec(other, "CREATE TABLE accounts (id int PRIMARY KEY); INSERT INTO accounts VALUES (1)")
        for create in (False, True):
            with self.assertRaises(ls.NotALedgerError) as cm:
                ls.Ledger(other, create=create)
            self.assertIn(lt.schema_of(other), str(cm.exception))
        self.assertEqual(lt.raw_int(other, "SELECT count(*) FROM accounts"), 1, "left as it was")
        with ls.Ledger(empty, create=True) as lg:  # an empty schema becomes a ledger with create
            self.assertTrue(lg.created)

    @lt.sqlite_only("file permissions")
    def test_read_only_file(self):
        ls.Ledger(self.path, create=True).close()
        os.chmod(self.path, stat.S_IRUSR)
        try:
            if os.access(self.path, os.W_OK):
                self.skipTest("running as root: file permissions do not apply")
            with self.assertRaises(ls.ReadOnlyError):
                ls.Ledger(self.path)
        finally:
            os.chmod(self.path, stat.S_IRUSR | stat.S_IWUSR)

    @lt.pg_only("a role that may only read")
    def test_a_read_only_role_answers_queries_and_refuses_changes(self):
        role = lt.new_role(self)
        with ls.Ledger(self.path, create=True) as lg:
            rep, sub, a, b, la, lb, lsub = fill(lg)
            lg.grant_readonly(role)
            lg.grant_readonly(role)  # again: nothing new, no error
            before = len(lg.list_audit().fetch_all())
        web = lt.as_role(self.path, role)
        with self.assertRaises(ls.ReadOnlyError) as cm:
            ls.Ledger(web)
        self.assertIn(role, str(cm.exception))
        with ls.Ledger(web, readonly=True) as lg:
            self.assertEqual(lg.backend, "postgresql")
            self.assertEqual([r.license for r in lg.list_licenses("2026-08-01")], [la, lb, lsub])
            self.assertEqual(lg.quote_renewal(la, "2026-07-20").fee, 199800)
            with self.assertRaises(ls.ReadOnlyError):
                lg.add_customer(ACTOR, "C-C", "nobody")
            with self.assertRaises(ls.ReadOnlyError):
                lg.grant_readonly(role)
        with ls.Ledger(self.path) as lg:
            self.assertEqual(len(lg.list_audit().fetch_all()), before)
        with self.assertRaises(ls.InvalidArgumentError):
            ls.Ledger(self.path).grant_readonly("")

    @lt.sqlite_only("SQLite has no roles")
    def test_read_only_roles_do_not_apply_to_sqlite(self):
        with ls.Ledger(self.path, create=True) as lg:
            with self.assertRaises(ls.NotApplicableError) as cm:
                lg.grant_readonly("web")
            self.assertIn("SQLite", str(cm.exception))
        with ls.Ledger(lt.memory_target(self), create=True) as lg:
            with self.assertRaises(ls.NotApplicableError):
                lg.grant_readonly("web")

    def test_the_engine_and_who_created_the_ledger(self):
        with ls.Ledger(self.path, create=True) as lg:
            self.assertEqual((lg.backend, lg.created), (lt.BACKEND, True))
        with ls.Ledger(self.path, create=True) as lg:
            self.assertEqual((lg.backend, lg.created), (lt.BACKEND, False))
        with ls.Ledger(self.path, readonly=True, busy_timeout_ms=0) as lg:
            self.assertFalse(lg.created)
        lg = ls.Ledger(self.path)
        lg.close()
        for attr in ("backend", "created"):
            with self.assertRaises(ls.StateError):
                getattr(lg, attr)
        with self.assertRaises(AttributeError):
            lg.backend = "sqlite"

    def test_the_engine_of_a_target_and_how_it_is_shown(self):
        self.assertEqual(ls.ledger_target_backend(self.path), lt.BACKEND)
        self.assertEqual(ls.ledger_target_backend("support.db"), "sqlite")
        self.assertEqual(ls.ledger_target_backend(":memory:"), "sqlite")
        self.assertEqual(ls.ledger_target_backend("postgres://db.example/ledgers"), "postgresql")
        self.assertEqual(ls.ledger_target_display("/srv/support.db"), "/srv/support.db")
        shown = ls.ledger_target_display("postgresql://app:s3cret@db.example/ledgers?schema=v1")
        self.assertNotIn("s3cret", shown)
        self.assertEqual(shown, "postgresql://app:***@db.example/ledgers?schema=v1")
        self.assertEqual(ls.ledger_target_display(self.path), self.path)  # the test URIs carry no password
        with self.assertRaises(ls.InvalidArgumentError):
            ls.ledger_target_backend(None)
        with self.assertRaises(TypeError):
            ls.ledger_target_display(b"support.db")

    def test_bad_input_is_refused_and_changes_nothing(self):
        with ls.Ledger(lt.memory_target(self), create=True) as lg:
            rep, sub, a, b, la, lb, lsub = fill(lg)
            before = len(lg.list_audit().fetch_all())
            with self.assertRaises(ls.NotFoundError):
                lg.quote_renewal(999, "2026-07-01")
            with self.assertRaises(ls.DateError):
                lg.set_price(ACTOR, rep, "2026-02-30", 1)
            with self.assertRaises(ls.MoneyError):
                lg.set_price(ACTOR, rep, "2026-03-01", -1)
            with self.assertRaises(ls.InvalidArgumentError):
                lg.add_customer(ACTOR, "", "empty code")
            with self.assertRaises(ls.ConflictError):
                lg.add_customer(ACTOR, "C-A", "duplicate")
            with self.assertRaises(ValueError):
                lg.add_customer(ACTOR, "C-Z", "NUL\0inside")
            with self.assertRaises(UnicodeEncodeError):
                lg.add_customer(ACTOR, "C-Z", "lone surrogate \udc80")
            self.assertEqual(len(lg.list_audit().fetch_all()), before)

    def test_closed_ledger_and_cursors_outliving_it(self):
        lg = ls.Ledger(lt.memory_target(self), create=True)
        fill(lg)
        cursor = lg.list_customers()
        lg.close()
        lg.close()  # closing twice is fine
        self.assertEqual(len(cursor.fetch_all()), 2)  # the cursor keeps its connection
        with self.assertRaises(ls.StateError) as cm:
            lg.list_products()
        self.assertIn("closed", str(cm.exception))
        self.assertIsNone(cursor.fetch())
        cursor.close()
        self.assertEqual(list(cursor), [])


def every_answer(lg):
    """Every list query's rows, and the quotes and statuses of every license: what two copies
    of one ledger must agree on."""
    out = {
        "products": lg.list_products().fetch_all(),
        "customers": lg.list_customers().fetch_all(),
        "policies": lg.list_policies().fetch_all(),
        "licenses": lg.list_licenses("2026-08-01").fetch_all(),
        "expiring": lg.list_expiring("2026-07-05", 60).fetch_all(),
        "preferential": lg.list_preferential("2026-07-20").fetch_all(),
        "lapsed": lg.list_lapsed("2026-09-01").fetch_all(),
        "payments": lg.list_payments("1900-01-01", "9999-12-31").fetch_all(),
        "audit": lg.list_audit().fetch_all(),
        "reminders": [lg.list_reminders(on).fetch_all() for on in ("2026-04-30", "2026-07-01", "2026-08-08")],
    }
    for p in out["products"]:
        out[f"product {p.product}"] = (lg.get_product(p.product).prices(), lg.list_product_releases(p.product)
                                       .fetch_all())
        for r in out[f"product {p.product}"][1]:
            out[f"notify {r.release}"] = lg.list_notify(r.release).fetch_all()
    for row in out["licenses"]:
        lic = row.license
        status = lg.license_status(lic, "2026-09-15")
        out[f"license {lic}"] = (lg.list_events(lic).fetch_all(), lg.list_releases(lic, "2026-09-15").fetch_all(),
                                 lg.list_downloads(lic, "2026-09-15").fetch_all(), lg.license_parties(lic),
                                 status.state, status.support_until, status.preferential_until)
    return out


class Migration(unittest.TestCase):
    """migrate(): a whole ledger to another place (on the pg run: SQLite -> PostgreSQL -> SQLite)."""

    def setUp(self):
        self.dir = lt.temp_dir(self)
        self.source = os.path.join(self.dir, "source.db")
        with ls.Ledger(self.source, create=True) as lg:
            rep, sub, a, b, la, lb, lsub = fill(lg)
            lg.renew(ACTOR, "ren-1", la, "2026-07-20", 199800)
            lg.pay(ACTOR, "sub-2", lsub, "2026-04-15", 150000)
            lg.add_policy(ACTOR, "2026-09-01", ls.Policy.parse("standard_rate_bp = 4000\n"))
            lg.record_period(ACTOR, lb, "2026-08-01", "2026-09-30")
            lg.update_customer(ACTOR, b, "ИП O'Brien (renamed)")

    def test_there_and_back_every_answer_is_the_same(self):
        middle, back = lt.new_target(self, "middle.db"), os.path.join(self.dir, "back.db")
        calls = []
        m1 = ls.migrate(self.source, middle, progress=lambda table, rows: calls.append((table, rows)))
        self.assertEqual(m1._fields, ("tables", "rows", "checksum"))
        self.assertRegex(m1.checksum, "^[0-9a-f]{16}$")
        final = {}
        for table, rows in calls:
            self.assertIsInstance(table, str)
            self.assertGreaterEqual(rows, final.get(table, 0), "rows copied so far only grow")
            final[table] = rows
        self.assertEqual((len(final), sum(final.values())), (m1.tables, m1.rows))
        self.assertEqual(final["audit"], lt.raw_int(self.source, "SELECT count(*) FROM audit"))
        m2 = ls.migrate(middle, back)
        self.assertEqual(m2, m1)
        answers = []
        for target, backend in ((self.source, "sqlite"), (middle, lt.BACKEND), (back, "sqlite")):
            with ls.Ledger(target, readonly=True) as lg:
                self.assertEqual(lg.backend, backend)
                lg.check()
                answers.append(every_answer(lg))
        self.assertEqual(answers[1], answers[0])
        self.assertEqual(answers[2], answers[0])
        with ls.Ledger(middle) as lg:  # the copy is a ledger like any other: ids go on from the source's
            c = lg.add_customer(ACTOR, "C-NEW", "after the move")
            self.assertEqual(c, max(r.customer for r in answers[0]["customers"]) + 1)

    def test_a_target_holding_a_ledger_is_refused_and_left_as_it_was(self):
        target = lt.new_target(self, "taken.db")
        with ls.Ledger(target, create=True) as lg:
            lg.add_customer(ACTOR, "MINE", "mine")
        before = lt.raw_int(target, "SELECT count(*) FROM audit")
        with self.assertRaises(ls.ConflictError):
            ls.migrate(self.source, target)
        self.assertEqual(lt.raw_int(target, "SELECT count(*) FROM audit"), before)
        with self.assertRaises(ls.InvalidArgumentError) as cm:
            ls.migrate(self.source, self.source)
        self.assertIn("the same ledger", str(cm.exception))

    def test_a_progress_callback_that_raises_stops_the_copy_and_leaves_nothing(self):
        target = lt.new_target(self, "stopped.db")

        class Stop(Exception):
            pass

        def progress(table, rows):
            if table == "audit":
                raise Stop(table)

        with self.assertRaises(Stop):
            ls.migrate(self.source, target, progress)
        self.assertFalse(lt.exists(target), "nothing kept on the target")
        self.assertEqual(ls.migrate(self.source, target).tables, ls.migrate(self.source, lt.new_target(self)).tables)

    def test_bad_arguments(self):
        with self.assertRaises(ls.NotFoundError):
            ls.migrate(os.path.join(self.dir, "missing.db"), lt.new_target(self))
        with self.assertRaises(TypeError):
            ls.migrate(self.source, lt.new_target(self), progress=42)
        with self.assertRaises(ls.InvalidArgumentError):
            ls.migrate(self.source, None)
        self.assertEqual(lt.raw_int(self.source, "SELECT count(*) FROM customer"), 2, "the source is only read")


class NoticesAndReminders(unittest.TestCase):
    """Notices rendered by the ledger (every policy version, the ledger's names), who gets which reminder,
    and a product's releases."""

    def setUp(self):
        self.lg = ls.Ledger(lt.memory_target(self), create=True)
        self.rep, self.sub, self.a, self.b, self.la, self.lb, self.lsub = fill(self.lg)

    def tearDown(self):
        self.lg.close()

    def test_the_notice_holds_the_offer_as_long_as_the_ledger_quote(self):
        lg = self.lg
        # la: support through 2026-07-15, window through 2026-08-15; a 40% standard rate from 2026-12-01
        lg.add_policy(ACTOR, "2026-12-01", ls.Policy.parse("standard_rate_bp = 4000\n"))
        q = lg.quote_renewal(self.la, "2026-11-20")
        self.assertEqual((q.kind, q.fee, q.valid_through), (ls.QuoteKind.STANDARD, 404600, D(2026, 11, 30)))
        text = lg.render_notice(self.la, "2026-11-20", ls.Notice())
        self.assertIn("Эта стоимость действует до 30.11.2026 включительно (осталось 10 дней).", text)
        self.assertIn("4\u00a0046 руб.", text)
        # the Notice rendered with only the policy in force says "no end date": why the ledger renders it
        alone = ls.Notice().render(lg.get_license(self.la), lg.get_product(self.rep), "2026-11-20",
                                   lg.get_policy("2026-11-20"))
        self.assertIn("без ограничения срока", alone)
        # names default to the ledger's, the notice's own win; the Notice object is not changed
        n = ls.Notice(lang=ls.Lang.EN, format=ls.NoticeFormat.HTML)
        html = lg.render_notice(self.la, "2026-07-10", n)
        self.assertIn("Hello, ООО &quot;Ромашка&quot;!", html)
        self.assertIn("Отчёт «Продажи»", html)
        self.assertIsNone(n.customer_name)
        n.customer_name = "Anna"
        self.assertIn("Hello, Anna!", lg.render_notice(self.la, "2026-07-10", n))
        # a reminder that does not fit the date; unknown license; bad date
        with self.assertRaises(ls.StateError):
            lg.render_notice(self.la, "2026-07-10", ls.Notice(kind=ls.NoticeKind.SUPPORT_ENDS_TODAY))
        with self.assertRaises(ls.NotFoundError):
            lg.render_notice(999, "2026-07-10", ls.Notice())
        with self.assertRaises(ls.DateError):
            lg.render_notice(self.la, "2026-02-30", ls.Notice())
        with self.assertRaises(ls.InvalidArgumentError):
            lg.render_notice(self.la, "2026-07-10", None)

    def test_who_gets_which_reminder_today(self):
        lg = self.lg
        rows = lg.list_reminders("2026-07-01").fetch_all()  # la: 14 days before 2026-07-15
        self.assertEqual(len(rows), 1)
        r = rows[0]
        self.assertEqual((r.license, r.customer, r.customer_code, r.customer_name, r.product_code, r.notice,
                          r.days_left, r.support_until, r.preferential_until, r.state, r.kind, r.product_name),
                         (self.la, self.a, "C-A", 'ООО "Ромашка"', "REP1", ls.NoticeKind.SUPPORT_ENDING, 14,
                          D(2026, 7, 15), D(2026, 8, 15), ls.State.ACTIVE, ls.LicenseKind.PERPETUAL,
                          "Отчёт «Продажи»"))
        self.assertIs(type(r.notice), ls.NoticeKind)
        self.assertEqual(lg.list_reminders("2026-07-01").columns()[6], ("notice", ls.ColumnType.NOTICE_KIND))
        text = lg.render_notice(r.license, "2026-07-01", ls.Notice(kind=r.notice))
        self.assertIn("Через 14 дней, 15.07.2026, заканчивается техническая поддержка продукта", text)
        self.assertEqual([(x.license, x.notice) for x in lg.list_reminders("2026-08-08")],
                         [(self.la, ls.NoticeKind.WINDOW_CLOSING)])
        self.assertEqual([(x.license, x.notice) for x in lg.list_reminders("2026-04-30")],
                         [(self.lsub, ls.NoticeKind.SUPPORT_ENDS_TODAY)])  # the subscription's paid term
        wide = ls.Schedule.parse("reminder = support_end 58\nreminder = support_end 14\n")
        self.assertEqual([(x.customer, x.license, x.days_left) for x in lg.list_reminders("2026-07-01", wide)],
                         [(self.a, self.la, 14), (self.b, self.lb, 58)])  # by customer, then license
        none = ls.Schedule.parse("reminder = none\n")
        self.assertEqual(lg.list_reminders("2026-07-01", none).fetch_all(), [])
        with self.assertRaises(ls.DateError):
            lg.list_reminders("2026-13-01")

    def test_every_release_of_a_product(self):
        rows = self.lg.list_product_releases(self.rep).fetch_all()
        self.assertEqual([(r.version, r.released, r.note) for r in rows],
                         [("1.1", D(2026, 6, 1), None), ("2.0", D(2026, 9, 10),
                                                         "совместимость с новой конфигурацией 1С")])
        self.assertEqual(rows[0]._fields, ("release", "product", "version", "released", "note"))
        self.assertEqual(self.lg.list_product_releases(self.sub).fetch_all(), [])
        with self.assertRaises(ls.NotFoundError):
            self.lg.list_product_releases(999)


if __name__ == "__main__":
    unittest.main()
