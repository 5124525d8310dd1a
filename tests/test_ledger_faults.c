/*
 * Fault injection into the SQLite ledger, as SQLite tests itself: a shim VFS
 * (registered as the default, so the library's connections use it) fails the
 * Nth write or sync with SQLITE_IOERR or SQLITE_FULL, and SQLite's allocator
 * hook fails the Nth allocation with SQLITE_NOMEM; each is looped over N across
 * a whole scenario (catalogue, sales, renewals, subscription payments, batches,
 * policy versions, periods, releases). After every injected failure the ledger
 * opens, passes sup_ledger_check, and holds exactly the changes that reported
 * success: its audit trail is the list of the calls that succeeded (each change
 * appends one audit event), and its facts are those changes'.
 *
 * A failed fsync is the one case where the outcome of the call that reported it
 * is not known (the data may have reached the disk before the failure): that
 * call's change may or may not be there, every other call is exact. Payments are
 * idempotent, so a caller retries such a call with the same payment id.
 */
#include "ledger_test_util.h"

#include <stdbool.h>

/* ---- the shim VFS --------------------------------------------------------------------------- */

enum fault_kind { FAULT_NONE, FAULT_WRITE_IOERR, FAULT_WRITE_FULL, FAULT_SYNC_IOERR, FAULT_NOMEM, FAULT_LIBMEM };

struct fault {
    enum fault_kind kind;
    long at;     /* fail the at-th counted operation (1-based) */
    long count;  /* operations counted so far */
    long fired;  /* failures injected (the fault is persistent once it fires: a full disk stays full) */
    bool persistent;
};
static struct fault F;

static sqlite3_vfs *base_vfs;

typedef struct shim_file {
    sqlite3_file base;
    sqlite3_file *real; /* follows this struct */
} shim_file;

static bool fire(enum fault_kind k)
{
    if (F.kind != k)
        return false;
    F.count++;
    if (F.count == F.at || (F.persistent && F.count > F.at)) {
        F.fired++;
        return true;
    }
    return false;
}

static int shim_close(sqlite3_file *f)
{
    shim_file *s = (shim_file *)f;
    return s->real->pMethods != NULL ? s->real->pMethods->xClose(s->real) : SQLITE_OK;
}
static int shim_read(sqlite3_file *f, void *buf, int n, sqlite3_int64 off)
{
    shim_file *s = (shim_file *)f;
    return s->real->pMethods->xRead(s->real, buf, n, off);
}
static int shim_write(sqlite3_file *f, const void *buf, int n, sqlite3_int64 off)
{
    shim_file *s = (shim_file *)f;
    if (fire(FAULT_WRITE_IOERR))
        return SQLITE_IOERR_WRITE;
    if (fire(FAULT_WRITE_FULL))
        return SQLITE_FULL;
    return s->real->pMethods->xWrite(s->real, buf, n, off);
}
static int shim_truncate(sqlite3_file *f, sqlite3_int64 size)
{
    shim_file *s = (shim_file *)f;
    return s->real->pMethods->xTruncate(s->real, size);
}
static int shim_sync(sqlite3_file *f, int flags)
{
    shim_file *s = (shim_file *)f;
    if (fire(FAULT_SYNC_IOERR))
        return SQLITE_IOERR_FSYNC;
    return s->real->pMethods->xSync(s->real, flags);
}
static int shim_size(sqlite3_file *f, sqlite3_int64 *size)
{
    shim_file *s = (shim_file *)f;
    return s->real->pMethods->xFileSize(s->real, size);
}
static int shim_lock(sqlite3_file *f, int l)
{
    shim_file *s = (shim_file *)f;
    return s->real->pMethods->xLock(s->real, l);
}
static int shim_unlock(sqlite3_file *f, int l)
{
    shim_file *s = (shim_file *)f;
    return s->real->pMethods->xUnlock(s->real, l);
}
static int shim_check_reserved(sqlite3_file *f, int *out)
{
    shim_file *s = (shim_file *)f;
    return s->real->pMethods->xCheckReservedLock(s->real, out);
}
static int shim_control(sqlite3_file *f, int op, void *arg)
{
    shim_file *s = (shim_file *)f;
    return s->real->pMethods->xFileControl(s->real, op, arg);
}
static int shim_sector(sqlite3_file *f)
{
    shim_file *s = (shim_file *)f;
    return s->real->pMethods->xSectorSize(s->real);
}
static int shim_device(sqlite3_file *f)
{
    shim_file *s = (shim_file *)f;
    return s->real->pMethods->xDeviceCharacteristics(s->real);
}
static int shim_shm_map(sqlite3_file *f, int pg, int sz, int extend, void volatile **p)
{
    shim_file *s = (shim_file *)f;
    return s->real->pMethods->xShmMap(s->real, pg, sz, extend, p);
}
static int shim_shm_lock(sqlite3_file *f, int off, int n, int flags)
{
    shim_file *s = (shim_file *)f;
    return s->real->pMethods->xShmLock(s->real, off, n, flags);
}
static void shim_shm_barrier(sqlite3_file *f)
{
    shim_file *s = (shim_file *)f;
    s->real->pMethods->xShmBarrier(s->real);
}
static int shim_shm_unmap(sqlite3_file *f, int del)
{
    shim_file *s = (shim_file *)f;
    return s->real->pMethods->xShmUnmap(s->real, del);
}

static const sqlite3_io_methods shim_methods = {
    2,           shim_close,          shim_read,    shim_write,   shim_truncate,    shim_sync,
    shim_size,   shim_lock,           shim_unlock,  shim_check_reserved, shim_control, shim_sector,
    shim_device, shim_shm_map,        shim_shm_lock, shim_shm_barrier, shim_shm_unmap, NULL,
    NULL,
};

static int shim_open(sqlite3_vfs *vfs, const char *name, sqlite3_file *f, int flags, int *out_flags)
{
    (void)vfs;
    shim_file *s = (shim_file *)f;
    s->real = (sqlite3_file *)(s + 1);
    int rc = base_vfs->xOpen(base_vfs, name, s->real, flags, out_flags);
    f->pMethods = rc == SQLITE_OK ? &shim_methods : NULL;
    return rc;
}
static int shim_delete(sqlite3_vfs *v, const char *n, int sync) { (void)v; return base_vfs->xDelete(base_vfs, n, sync); }
static int shim_access(sqlite3_vfs *v, const char *n, int fl, int *o) { (void)v; return base_vfs->xAccess(base_vfs, n, fl, o); }
static int shim_full(sqlite3_vfs *v, const char *n, int sz, char *o) { (void)v; return base_vfs->xFullPathname(base_vfs, n, sz, o); }
static int shim_random(sqlite3_vfs *v, int n, char *o) { (void)v; return base_vfs->xRandomness(base_vfs, n, o); }
static int shim_sleep(sqlite3_vfs *v, int us) { (void)v; return base_vfs->xSleep(base_vfs, us); }
static int shim_time(sqlite3_vfs *v, double *o) { (void)v; return base_vfs->xCurrentTime(base_vfs, o); }
static int shim_last_error(sqlite3_vfs *v, int n, char *o) { (void)v; return base_vfs->xGetLastError(base_vfs, n, o); }
static int shim_time64(sqlite3_vfs *v, sqlite3_int64 *o) { (void)v; return base_vfs->xCurrentTimeInt64(base_vfs, o); }

static sqlite3_vfs shim_vfs;

static void install_vfs(void)
{
    base_vfs = sqlite3_vfs_find(NULL);
    assert_non_null(base_vfs);
    shim_vfs = (sqlite3_vfs){2,           (int)sizeof(shim_file) + base_vfs->szOsFile,
                             base_vfs->mxPathname, NULL, "fault-shim", NULL, shim_open, shim_delete,
                             shim_access, shim_full, NULL, NULL, NULL, NULL, shim_random, shim_sleep,
                             shim_time, shim_last_error, shim_time64, NULL, NULL, NULL};
    assert_int_equal(sqlite3_vfs_register(&shim_vfs, 1), SQLITE_OK);
}

/* ---- SQLite's allocator, failing the Nth allocation ------------------------------------------------ */

static sqlite3_mem_methods real_mem;

static void *fail_malloc(int n) { return fire(FAULT_NOMEM) ? NULL : real_mem.xMalloc(n); }
static void *fail_realloc(void *p, int n) { return fire(FAULT_NOMEM) ? NULL : real_mem.xRealloc(p, n); }

static void install_allocator(void)
{
    assert_int_equal(sqlite3_config(SQLITE_CONFIG_GETMALLOC, &real_mem), SQLITE_OK);
    sqlite3_mem_methods m = real_mem;
    m.xMalloc = fail_malloc;
    m.xRealloc = fail_realloc;
    assert_int_equal(sqlite3_config(SQLITE_CONFIG_MALLOC, &m), SQLITE_OK);
}

/* ---- the library's own allocator (sup_set_allocator), failing the Nth allocation ------------------ */

static void *lib_malloc(size_t n) { return fire(FAULT_LIBMEM) ? NULL : malloc(n); }
static void *lib_realloc(void *p, size_t n) { return fire(FAULT_LIBMEM) ? NULL : realloc(p, n); }
static const sup_allocator failing_allocator = {SUP_ALLOCATOR_VERSION, lib_malloc, lib_realloc, free};

/* ---- the scenario ------------------------------------------------------------------------------------ */

/* What the calls that reported success changed: one audit action each, in order; and the
 * changes of the one call a failed fsync left uncertain (inserted at `at`, or not there). */
struct model {
    char actions[128][24];
    int n;
    char unsure[4][24];
    int nunsure, at;
};

static void record(struct model *m, int rc, const char *const *actions, int k)
{
    if (rc == SUP_OK) {
        for (int i = 0; i < k; i++)
            snprintf(m->actions[m->n++], sizeof m->actions[0], "%s", actions[i]);
    } else if (F.kind == FAULT_SYNC_IOERR && F.fired > 0 && m->nunsure == 0) {
        m->at = m->n;
        m->nunsure = k;
        for (int i = 0; i < k; i++)
            snprintf(m->unsure[i], sizeof m->unsure[0], "%s", actions[i]);
    }
}

static void done(struct model *m, int rc, const char *action) { record(m, rc, &action, 1); }

/* A batch: its changes count only if the commit succeeded. */
static void batch_done(struct model *m, int rc, const char *const *actions, int k) { record(m, rc, actions, k); }

/* Run the scenario on an open ledger; every call may fail. */
static void scenario(sup_ledger *l, struct model *m)
{
    sup_id p = 0, s = 0, c1 = 0, c2 = 0, lic1 = 1, lic2 = 2, sub = 3;
    int rc = sup_ledger_add_product(l, ACTOR, "R1", "Отчёт", SUP_LICENSE_PERPETUAL, 6, &p);
    done(m, rc, "add_product");
    done(m, sup_ledger_set_price(l, ACTOR, 1, 20200101, 799000), "set_price");
    rc = sup_ledger_add_product(l, ACTOR, "S1", "Подписка", SUP_LICENSE_SUBSCRIPTION_MONTHLY, 0, &s);
    done(m, rc, "add_product");
    done(m, sup_ledger_set_price(l, ACTOR, 2, 20200101, 150000), "set_price");
    done(m, sup_ledger_add_customer(l, ACTOR, "C1", "ООО «Один»", &c1), "add_customer");
    done(m, sup_ledger_add_customer(l, ACTOR, "C2", "ООО «Два»", &c2), "add_customer");
    done(m, sup_ledger_sell(l, ACTOR, "sale-1", 1, 1, 20260115, 799000, &lic1), "sell");
    done(m, sup_ledger_sell(l, ACTOR, "sale-2", 2, 1, 20260201, 799000, &lic2), "sell");
    done(m, sup_ledger_sell(l, ACTOR, "sale-3", 1, 2, 20260131, 150000, &sub), "sell");
    done(m, sup_ledger_renew(l, ACTOR, "renew-1", 1, 20260801, 199800, NULL), "renew");
    done(m, sup_ledger_pay(l, ACTOR, "pay-1", 3, 20260228, 150000, NULL), "pay");
    sup_policy *pol = NULL;
    if (sup_policy_parse("standard_rate_bp = 4000\n", &pol) == SUP_OK) {
        done(m, sup_ledger_add_policy(l, ACTOR, 20270101, pol, NULL), "add_policy");
        sup_policy_free(pol);
    }
    /* a batch: all of it or none */
    static const char *const batch_actions[] = {"add_customer", "record_period", "add_release"};
    rc = sup_ledger_begin(l);
    if (rc == SUP_OK) {
        int brc = sup_ledger_add_customer(l, ACTOR, "C3", "ООО «Три»", NULL);
        if (brc == SUP_OK)
            brc = sup_ledger_record_period(l, ACTOR, 2, 20260301, 20270301);
        if (brc == SUP_OK)
            brc = sup_ledger_add_release(l, ACTOR, 1, "2.0", 20260601, "заметка", NULL);
        rc = brc == SUP_OK ? sup_ledger_commit(l) : brc;
        if (brc != SUP_OK && sup_ledger_rollback(l) != SUP_OK)
            brc = sup_error_code();
    }
    batch_done(m, rc, batch_actions, 3);
    done(m, sup_ledger_update_customer(l, ACTOR, 2, "ООО «Два-2»"), "update_customer");
    done(m, sup_ledger_renew(l, ACTOR, "renew-2", 2, 20260802, 224750, NULL), "renew");
}

/* The expected audit actions: the successful calls, with the uncertain ones at their place if `with`. */
static int expected(const struct model *m, bool with, const char *out[160])
{
    int n = 0;
    for (int i = 0; i <= m->n; i++) {
        if (with && i == m->at)
            for (int k = 0; k < m->nunsure; k++)
                out[n++] = m->unsure[k];
        if (i < m->n)
            out[n++] = m->actions[i];
    }
    return n;
}

static bool same(char got[][24], int ngot, const char *const *exp, int nexp)
{
    if (ngot != nexp)
        return false;
    for (int i = 0; i < ngot; i++)
        if (strcmp(got[i], exp[i]) != 0)
            return false;
    return true;
}

/* The ledger after the fault: it opens, checks clean, and its audit trail is the model's. */
static void verify(const char *path, const struct model *m, const char *what)
{
    sup_ledger *l = NULL;
    if (sup_ledger_open(path, 0, &l) != SUP_OK)
        fail_msg("%s: reopen: %s", what, sup_error_message());
    if (sup_ledger_check(l) != SUP_OK)
        fail_msg("%s: check: %s", what, sup_error_message());
    sup_cursor *c = NULL;
    assert_int_equal(sup_ledger_list_audit(l, 0, &c), SUP_OK);
    char got[160][24];
    int n = 0, rc;
    while ((rc = sup_cursor_next(c)) == 1 && n < 160)
        snprintf(got[n++], sizeof got[0], "%s", sup_cursor_text(c, SUP_AUDCOL_ACTION));
    assert_int_equal(rc, 0);
    sup_cursor_free(c);
    sup_ledger_close(l);
    assert_true(n >= 1);
    assert_string_equal(got[0], "create_ledger"); /* the ledger's creation comes first */
    const char *without[160], *with[160];
    int n0 = expected(m, false, without), n1 = expected(m, true, with);
    if (same(got + 1, n - 1, without, n0) || (m->nunsure > 0 && same(got + 1, n - 1, with, n1)))
        return;
    fprintf(stderr, "%s: the ledger holds %d changes, %d calls succeeded (%d uncertain):\n", what, n - 1, m->n,
            m->nunsure);
    for (int i = 1; i < n; i++)
        fprintf(stderr, "  ledger: %s\n", got[i]);
    for (int i = 0; i < n0; i++)
        fprintf(stderr, "  call:   %s\n", without[i]);
    fail_msg("%s: the ledger does not hold exactly the changes that reported success", what);
}

/* Loop the fault over every position the scenario reaches; returns the number of faults injected. */
static long loop_faults(enum fault_kind kind, bool persistent, const char *name)
{
    long injected = 0;
    for (long at = 1;; at++) {
        tmp_ledger t;
        tmp_init(&t);
        sup_ledger *l = NULL;
        assert_int_equal(sup_ledger_open(t.path, SUP_LEDGER_CREATE, &l), SUP_OK);
        struct model m = {.n = 0, .nunsure = 0, .at = 0};
        F = (struct fault){kind, at, 0, 0, persistent};
        scenario(l, &m);
        sup_ledger_close(l);
        long fired = F.fired;
        F.kind = FAULT_NONE;
        char what[96];
        snprintf(what, sizeof what, "%s at operation %ld", name, at);
        verify(t.path, &m, what);
        tmp_cleanup(&t);
        if (fired == 0) /* the scenario ended before the at-th operation: every position was tried */
            break;
        injected++;
    }
    return injected;
}

static void every_failed_write_leaves_exactly_the_reported_changes(void **state)
{
    (void)state;
    long a = loop_faults(FAULT_WRITE_IOERR, false, "write I/O error");
    long b = loop_faults(FAULT_WRITE_FULL, true, "disk full");
    fprintf(stderr, "write faults survived: %ld I/O errors, %ld disk-full points\n", a, b);
    assert_true(a > 20 && b > 20);
}

static void every_failed_sync_leaves_the_reported_changes_and_at_most_the_one_it_hit(void **state)
{
    (void)state;
    long a = loop_faults(FAULT_SYNC_IOERR, false, "fsync error");
    fprintf(stderr, "sync faults survived: %ld\n", a);
    assert_true(a > 10);
}

static void every_failed_allocation_of_sqlite_leaves_exactly_the_reported_changes(void **state)
{
    (void)state;
    long a = loop_faults(FAULT_NOMEM, false, "SQLite out of memory");
    fprintf(stderr, "allocation faults survived: %ld\n", a);
    assert_true(a > 100);
}

/* Issue 11 B1: a statement failing with SQLITE_FULL inside a batch makes SQLite roll the whole
 * transaction back itself; the library notices, refuses every later change until the caller rolls
 * back, and commits nothing outside the batch. */
static void every_failed_allocation_of_the_library_leaves_exactly_the_reported_changes(void **state)
{
    (void)state;
    sup_allocator bad = failing_allocator;
    bad.version = 99;
    assert_int_equal(sup_set_allocator(&bad), SUP_EINVAL);
    bad = failing_allocator;
    bad.free = NULL;
    assert_int_equal(sup_set_allocator(&bad), SUP_EINVAL);
    assert_int_equal(sup_set_allocator(&failing_allocator), SUP_OK);
    long a = loop_faults(FAULT_LIBMEM, false, "libsupport out of memory");
    assert_int_equal(sup_set_allocator(NULL), SUP_OK);
    fprintf(stderr, "library allocation faults survived (ledger): %ld\n", a);
    assert_true(a > 100);
}

/* The core's calls under a failing allocator: each succeeds with the right answer or fails with
 * SUP_ENOMEM, and nothing leaks (the ASan run checks). */
static int core_scenario(char **out)
{
    *out = NULL;
    sup_policy *pol = NULL;
    sup_product *p = NULL;
    sup_license *lic = NULL;
    sup_notice *n = NULL;
    sup_schedule *sch = NULL;
    sup_offer *o = NULL;
    char *text = NULL, *notice = NULL, *label = NULL;
    int rc = sup_policy_parse("standard_rate_bp = 4000\ncontact = email manager@example.ru\n", &pol);
    if (rc == SUP_OK)
        rc = sup_policy_to_text(pol, &text);
    if (rc == SUP_OK)
        rc = sup_product_new(SUP_LICENSE_PERPETUAL, 6, &p);
    if (rc == SUP_OK)
        rc = sup_product_set_price(p, 20250101, 799000);
    if (rc == SUP_OK)
        rc = sup_license_new(p, 20260115, &lic);
    if (rc == SUP_OK)
        rc = sup_license_renew(lic, p, pol, 20260801, 199800, NULL);
    if (rc == SUP_OK)
        rc = sup_notice_new(&n);
    if (rc == SUP_OK)
        rc = sup_notice_set_customer_name(n, "ООО «Ромашка»");
    if (rc == SUP_OK)
        rc = sup_notice_render(n, lic, p, pol, 20270801, &notice);
    if (rc == SUP_OK)
        rc = sup_schedule_parse("reminder = support_end 30\nreminder = window_end 3\n", &sch);
    if (rc == SUP_OK)
        rc = sup_offer_new(&o);
    if (rc == SUP_OK)
        rc = sup_license_offer(lic, p, pol, 20270801, o);
    if (rc == SUP_OK)
        rc = sup_render_validity(sup_offer_quote(o), SUP_LANG_RU, &label);
    if (rc == SUP_OK) {
        size_t a = strlen(text), b = strlen(notice), c = strlen(label);
        *out = malloc(a + b + c + 1);
        assert_non_null(*out);
        memcpy(*out, text, a);
        memcpy(*out + a, notice, b);
        memcpy(*out + a + b, label, c + 1);
    }
    sup_free(text);
    sup_free(notice);
    sup_free(label);
    sup_offer_free(o);
    sup_schedule_free(sch);
    sup_notice_free(n);
    sup_license_free(lic);
    sup_product_free(p);
    sup_policy_free(pol);
    return rc;
}

static void every_failed_allocation_in_the_core_is_out_of_memory_and_nothing_else(void **state)
{
    (void)state;
    char *want = NULL;
    assert_int_equal(core_scenario(&want), SUP_OK);
    assert_int_equal(sup_set_allocator(&failing_allocator), SUP_OK);
    long injected = 0;
    for (long at = 1;; at++) {
        F = (struct fault){FAULT_LIBMEM, at, 0, 0, false};
        char *got = NULL;
        int rc = core_scenario(&got);
        long fired = F.fired;
        F.kind = FAULT_NONE;
        if (fired == 0) {
            assert_int_equal(rc, SUP_OK);
            free(got);
            break;
        }
        injected++;
        if (rc == SUP_OK) { /* the failure was absorbed (a cache, a retry): the answer must still be right */
            assert_string_equal(got, want);
            free(got);
        } else if (rc != SUP_ENOMEM) {
            fail_msg("allocation %ld failed and the call answered %s (%s), not out of memory", at, sup_result_name(rc),
                     sup_error_message());
        }
    }
    assert_int_equal(sup_set_allocator(NULL), SUP_OK);
    free(want);
    fprintf(stderr, "library allocation faults survived (core): %ld\n", injected);
    assert_true(injected > 20);
}

static void a_full_disk_inside_a_batch_fails_the_batch_until_it_is_rolled_back(void **state)
{
    (void)state;
    tmp_ledger t;
    tmp_init(&t);
    sup_ledger *l = open_new(&t);
    sup_id p = add_seed_product(l, "R1");
    sup_id c = add_customer(l, "C1");
    int before = audit_count(l);
    assert_int_equal(sup_ledger_begin(l), SUP_OK);
    for (int i = 0; i < 40; i++)
        sell(l, c, p, 20260101); /* enough pages that the cache spills to the file */
    /* the disk fills up; SQLite writes only when its page cache (8 MB) spills, mid-batch */
    F = (struct fault){FAULT_WRITE_FULL, 1, 0, 0, true};
    static char note[SUP_LEDGER_NOTE_MAX + 1];
    memset(note, 'x', SUP_LEDGER_NOTE_MAX);
    int rc = SUP_OK, i = 0;
    for (; i < 20000 && rc == SUP_OK; i++) {
        char version[16];
        snprintf(version, sizeof version, "1.%05d", i);
        rc = sup_ledger_add_release(l, ACTOR, p, version, 20260101, note, NULL);
    }
    F.kind = FAULT_NONE;
    fprintf(stderr, "the disk was full at the %d-th release of the batch: %s\n", i, sup_error_message());
    assert_int_not_equal(rc, SUP_OK);
    assert_int_equal(sup_ledger_add_customer(l, ACTOR, "AFTER", "after", NULL), SUP_ESTATE);
    assert_non_null(strstr(sup_error_message(), "roll the batch back"));
    assert_int_equal(sup_ledger_commit(l), SUP_ESTATE);
    assert_int_equal(sup_ledger_rollback(l), SUP_OK);
    assert_int_equal(audit_count(l), before); /* nothing of the batch, nothing outside it */
    assert_int_equal(sup_ledger_add_customer(l, ACTOR, "AFTER", "after", NULL), SUP_OK);
    sup_ledger_close(l);
    assert_int_equal(raw_int(t.path, "SELECT count(*) FROM customer"), 2);
    assert_storage_intact(t.path);
    tmp_cleanup(&t);
}

int main(void)
{
    install_allocator(); /* before SQLite initialises */
    install_vfs();
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_full_disk_inside_a_batch_fails_the_batch_until_it_is_rolled_back),
        cmocka_unit_test(every_failed_write_leaves_exactly_the_reported_changes),
        cmocka_unit_test(every_failed_sync_leaves_the_reported_changes_and_at_most_the_one_it_hit),
        cmocka_unit_test(every_failed_allocation_of_sqlite_leaves_exactly_the_reported_changes),
        cmocka_unit_test(every_failed_allocation_of_the_library_leaves_exactly_the_reported_changes),
        cmocka_unit_test(every_failed_allocation_in_the_core_is_out_of_memory_and_nothing_else),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
