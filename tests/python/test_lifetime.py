"""Object lifetime: every object the binding creates is freed exactly once.

Two instruments: the binding's live-object counters (core._live_objects(),
incremented when a C object is wrapped, decremented when its wrapper frees it)
and the process's resident memory over many create/free cycles.
"""

import gc
import os
import sys
import unittest

import libsupport as ls
from libsupport import core

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "pg"))
import ledger_targets as lt  # noqa: E402

LOOPS = int(os.environ.get("SUP_LIFETIME_LOOPS", "100000"))
# Under valgrind or ASan freed memory is held back on purpose: RSS says nothing
# there (the tool itself checks leaks and double frees instead).
MEMCHECK_TOOL = os.environ.get("SUP_MEMCHECK_TOOL")


def live():
    gc.collect()
    return {row.cls: row.count for row in core._live_objects()}


def rss_kib():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") // 1024


def product():
    p = ls.Product(ls.LicenseKind.PERPETUAL, 6)
    p.set_price("2026-01-01", 799000)
    return p


def one_cycle(policy):
    """Create and drop one of everything, also objects returned by other objects."""
    p = product()
    lic = ls.License(p, "2026-01-15")
    q = lic.quote(p, "2026-07-20", policy)
    s = lic.status("2026-08-16")
    lic.renew(p, "2026-07-20", q.fee)
    lic.events()
    p.prices()
    lic.clone()
    policy.clone()
    policy.contacts()
    ls.Policy.parse("standard_rate_bp = 4000\n").to_text()
    ls.Notice().render(lic, p, "2026-07-10")
    lic.offer(p, "2026-07-20", policy).quote
    lic.offer(p, "2026-01-01")
    ls.Schedule().entries()
    ls.format_money(q.fee, ls.MoneyStyle.RU)
    ls.status_many([lic, lic], "2026-08-16")
    ls.quote_many([lic], p, "2026-01-01", strict=False)
    try:
        ls.quote_many([lic], [p], "2026-01-01")
    except ls.StateError:
        pass
    try:
        ls.quote_many([lic, p], p, "2026-08-01")
    except TypeError:
        pass
    try:
        lic.quote(p, "2026-02-30")
    except ls.DateError:
        pass
    try:
        lic.renew(p, "2026-07-21", 1)
    except ls.PaymentMismatchError:
        pass
    return s.state


class Lifetime(unittest.TestCase):
    @lt.not_on_pg("core objects only")
    def test_objects_returned_by_objects_outlive_their_maker(self):
        base = live()
        p = product()
        lic = ls.License(p, "2026-01-15")
        q = lic.quote(p, "2026-07-20")
        s = lic.status("2026-07-20")
        del lic, p
        gc.collect()
        self.assertEqual(q.fee, 199800)
        self.assertEqual(s.state, ls.State.GRACE)
        self.assertEqual(live()["Quote"], base["Quote"] + 1)
        del q, s
        self.assertEqual(live(), base)

    @lt.not_on_pg("core objects only")
    def test_every_object_is_freed_exactly_once(self):
        base = live()
        policy = ls.Policy()
        for _ in range(100):
            one_cycle(policy)
        del policy
        self.assertEqual(live(), base)

    def test_ledger_objects_are_freed(self):
        base = live()
        with ls.Ledger(lt.memory_target(self), create=True) as lg:
            pid = lg.add_product("t", "P", "p", ls.LicenseKind.PERPETUAL, 6)
            lg.set_price("t", pid, "2026-01-01", 799000)
            cid = lg.add_customer("t", "C", "c")
            lid = lg.sell("t", cid, pid, "2026-01-15", 799000)
            for _ in range(200):
                lg.get_product(pid)
                lg.get_license(lid)
                lg.get_policy("2026-01-01")
                lg.license_status(lid, "2026-05-01")
                lg.quote_renewal(lid, "2026-07-01")
                lg.offer(lid, "2026-07-01").quote
                lg.offer(lid, "2025-07-01")
                list(lg.list_licenses("2026-05-01"))
                lg.list_payments("2026-01-01", "2026-12-31")  # dropped unread
            kept = lg.list_customers()
        self.assertEqual(len(kept.fetch_all()), 1)
        del kept, lg
        self.assertEqual(live(), base)

    @unittest.skipIf(MEMCHECK_TOOL, "RSS is meaningless under a memory checker")
    @lt.not_on_pg("core objects only")
    def test_create_free_loop_does_not_grow_memory(self):
        policy = ls.Policy()
        for _ in range(2000):  # warm up allocator pools and caches
            one_cycle(policy)
        gc.collect()
        before = rss_kib()
        for _ in range(LOOPS):
            one_cycle(policy)
        gc.collect()
        grown = rss_kib() - before
        # A leak of even 16 bytes per cycle would show as > 1.5 MiB here.
        self.assertLess(grown, 1536, "RSS grew by %d KiB over %d cycles" % (grown, LOOPS))

    @unittest.skipIf(MEMCHECK_TOOL, "RSS is meaningless under a memory checker")
    def test_ledger_loop_does_not_grow_memory(self):
        with ls.Ledger(lt.memory_target(self), create=True) as lg:
            pid = lg.add_product("t", "P", "p", ls.LicenseKind.PERPETUAL, 6)
            lg.set_price("t", pid, "2026-01-01", 799000)
            cid = lg.add_customer("t", "C", "c")
            lid = lg.sell("t", cid, pid, "2026-01-15", 799000)

            def cycle():
                lg.license_status(lid, "2026-05-01")
                lg.quote_renewal(lid, "2026-07-01")
                lg.offer(lid, "2026-07-01").quote
                lg.offer(lid, "2025-07-01")
                lg.list_licenses("2026-05-01").fetch_all()

            for _ in range(1000 if lt.ON_PG else 2000):
                cycle()
            gc.collect()
            before = rss_kib()
            # fewer on PostgreSQL (a round trip per call): a leak of 512 bytes a cycle still shows
            for _ in range(LOOPS // (50 if lt.ON_PG else 10)):
                cycle()
            gc.collect()
            grown = rss_kib() - before
            self.assertLess(grown, 1024, "RSS grew by %d KiB" % grown)


if __name__ == "__main__":
    unittest.main()
