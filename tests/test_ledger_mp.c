/* The ledger under several processes and under SIGKILL:
 *  - 4 processes renew the same licenses at once, each also retrying the
 *    others' payment ids: every payment is recorded exactly once, no renewal
 *    is lost, every license ends where its renewals put it;
 *  - 4 processes create the same new file at once: one ledger, one schema;
 *  - a process killed at a random point of a stream of durable renewals, or
 *    with a batch open, leaves a ledger that opens, passes PRAGMA
 *    integrity_check, and holds every committed payment and none of the
 *    uncommitted ones, each with its audit event and its support period.
 * Not run under valgrind (NO_VALGRIND): it forks and depends on timing. */
#include "ledger_test_util.h"

#include <errno.h>
#include <signal.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>

#define FEE 199800       /* 25% of 7990 rub: every renewal here is early (preferential) */
#define RENEW_ON 20260701 /* all renewals on one day: order never matters */

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

/* A ledger with one product, one customer and n licenses bought 2026-01-31 (support through 2026-07-31). */
static void make_ledger(const tmp_ledger *t, int n)
{
    sup_ledger *l = open_new(t);
    sup_id p = add_seed_product(l, "R1");
    sup_id c = add_customer(l, "C1");
    assert_int_equal(sup_ledger_begin(l), SUP_OK);
    for (int i = 0; i < n; i++)
        assert_int_equal(sell(l, c, p, 20260131), (sup_id)i + 1);
    assert_int_equal(sup_ledger_commit(l), SUP_OK);
    sup_ledger_close(l);
}

/* Every payment id recorded (renewals only), as a sorted array of strings. */
static int cmp_str(const void *a, const void *b) { return strcmp(*(char *const *)a, *(char *const *)b); }

static size_t recorded_ids(sup_ledger *l, char ***out)
{
    sup_cursor *c = NULL;
    assert_int_equal(sup_ledger_list_payments(l, RENEW_ON, RENEW_ON, &c), SUP_OK);
    size_t n = 0, cap = 64;
    char **ids = malloc(cap * sizeof *ids);
    assert_non_null(ids);
    int rc;
    while ((rc = sup_cursor_next(c)) == 1) {
        assert_int_equal(sup_cursor_int64(c, SUP_PAYCOL_KIND), SUP_EVENT_PREFERENTIAL_RENEWAL);
        assert_int_equal(sup_cursor_int64(c, SUP_PAYCOL_AMOUNT), FEE);
        if (n == cap) {
            cap *= 2;
            ids = realloc(ids, cap * sizeof *ids);
            assert_non_null(ids);
        }
        ids[n] = strdup(sup_cursor_text(c, SUP_PAYCOL_PAYMENT_ID));
        assert_non_null(ids[n]);
        n++;
    }
    assert_int_equal(rc, 0);
    sup_cursor_free(c);
    qsort(ids, n, sizeof *ids, cmp_str);
    *out = ids;
    return n;
}

static void free_ids(char **ids, size_t n)
{
    for (size_t i = 0; i < n; i++)
        free(ids[i]);
    free(ids);
}

static int has_id(char **ids, size_t n, const char *id)
{
    return bsearch(&id, ids, n, sizeof *ids, cmp_str) != NULL;
}

/* Events, audit trail and support periods agree: each license's support end
 * is 2026-07-31 plus 12 months per recorded renewal, and the list (from the
 * derived periods) says the same as the core (from the events). */
static void check_consistent(sup_ledger *l, int nlic, int *renewals_out)
{
    int total = 0;
    for (sup_id id = 1; id <= nlic; id++) {
        sup_license *core = NULL;
        assert_int_equal(sup_ledger_get_license(l, id, &core), SUP_OK);
        int renewals = (int)sup_license_event_count(core) - 1;
        sup_date expect = 0;
        assert_int_equal(sup_date_add_months(20260731, 12 * renewals, &expect), SUP_OK);
        assert_int_equal(sup_license_latest_until(core), expect);
        sup_license_free(core);
        total += renewals;
    }
    sup_cursor *c = NULL;
    assert_int_equal(sup_ledger_list_licenses(l, 0, RENEW_ON, &c), SUP_OK);
    int rows = 0;
    while (sup_cursor_next(c) == 1) {
        sup_license *core = NULL;
        assert_int_equal(sup_ledger_get_license(l, sup_cursor_int64(c, SUP_LICCOL_LICENSE), &core), SUP_OK);
        assert_int_equal(sup_cursor_date(c, SUP_LICCOL_SUPPORT_UNTIL), sup_license_latest_until(core));
        sup_license_free(core);
        rows++;
    }
    sup_cursor_free(c);
    assert_int_equal(rows, nlic);
    int renew_audits = 0;
    assert_int_equal(sup_ledger_list_audit(l, 0, &c), SUP_OK);
    while (sup_cursor_next(c) == 1)
        renew_audits += strcmp(sup_cursor_text(c, SUP_AUDCOL_ACTION), "renew") == 0;
    sup_cursor_free(c);
    assert_int_equal(renew_audits, total);
    *renewals_out = total;
}

/* ---- four processes ------------------------------------------------------------------------ */

#define PROCS 4
#define PER_PROC 40
#define NLIC 10

static void payment_of(int proc, int k, char *id, size_t n, sup_id *license)
{
    snprintf(id, n, "p%d-%03d", proc, k);
    *license = (sup_id)((proc * 7 + k) % NLIC) + 1;
}

static int child_renewals(const char *path, int proc, int go_fd)
{
    char go;
    if (read(go_fd, &go, 1) != 1)
        return 20;
    sup_ledger *l = NULL;
    if (sup_ledger_open(path, 0, &l) != SUP_OK)
        return 21;
    if (sup_ledger_set_busy_timeout(l, 60000) != SUP_OK)
        return 22;
    for (int k = 0; k < PER_PROC; k++) {
        /* its own payment, then a retry of another process's payment (recorded or replayed) */
        for (int which = 0; which < 2; which++) {
            int owner = which == 0 ? proc : (proc + 1 + k % (PROCS - 1)) % PROCS;
            char id[32];
            sup_id lic;
            payment_of(owner, k, id, sizeof id, &lic);
            char actor[16];
            snprintf(actor, sizeof actor, "proc-%d", proc);
            int rc = sup_ledger_renew(l, actor, id, lic, RENEW_ON, FEE, NULL);
            if (rc != SUP_OK) {
                fprintf(stderr, "proc %d, %s: %s\n", proc, id, sup_error_message());
                sup_ledger_close(l);
                return 23;
            }
        }
    }
    sup_ledger_close(l);
    return 0;
}

static void four_processes_renewing_at_once_record_every_payment_exactly_once(void **state)
{
    (void)state;
    tmp_ledger t;
    tmp_init(&t);
    make_ledger(&t, NLIC);
    int go[2];
    assert_int_equal(pipe(go), 0);
    pid_t pids[PROCS];
    for (int p = 0; p < PROCS; p++) {
        pids[p] = fork();
        assert_true(pids[p] >= 0);
        if (pids[p] == 0) {
            close(go[1]);
            _exit(child_renewals(t.path, p, go[0]));
        }
    }
    close(go[0]);
    char start[PROCS] = {0};
    assert_int_equal(write(go[1], start, PROCS), PROCS); /* all start together */
    close(go[1]);
    for (int p = 0; p < PROCS; p++) {
        int st = 0;
        assert_int_equal(waitpid(pids[p], &st, 0), pids[p]);
        assert_true(WIFEXITED(st));
        assert_int_equal(WEXITSTATUS(st), 0);
    }

    sup_ledger *l = NULL;
    assert_int_equal(sup_ledger_open(t.path, 0, &l), SUP_OK);
    assert_int_equal(sup_ledger_check(l), SUP_OK);
    char **ids = NULL;
    size_t n = recorded_ids(l, &ids);
    assert_int_equal(n, PROCS * PER_PROC);
    for (size_t i = 1; i < n; i++)
        assert_string_not_equal(ids[i - 1], ids[i]); /* exactly once */
    int per_license[NLIC] = {0};
    for (int p = 0; p < PROCS; p++) {
        for (int k = 0; k < PER_PROC; k++) {
            char id[32];
            sup_id lic;
            payment_of(p, k, id, sizeof id, &lic);
            assert_true(has_id(ids, n, id));
            per_license[lic - 1]++;
        }
    }
    free_ids(ids, n);
    int total = 0;
    check_consistent(l, NLIC, &total);
    assert_int_equal(total, PROCS * PER_PROC);
    for (sup_id id = 1; id <= NLIC; id++) { /* no renewal lost: each license moved by its own count */
        sup_license *core = NULL;
        assert_int_equal(sup_ledger_get_license(l, id, &core), SUP_OK);
        assert_int_equal((int)sup_license_event_count(core) - 1, per_license[id - 1]);
        sup_license_free(core);
    }
    sup_ledger_close(l);
    assert_storage_intact(t.path);
    tmp_cleanup(&t);
}

/* ---- creating one new file from 4 processes at once ------------------------------------------------ */

static void four_processes_creating_the_same_new_ledger_make_one_ledger(void **state)
{
    (void)state;
    for (int round = 0; round < 10; round++) {
        tmp_ledger t;
        tmp_init(&t);
        pid_t pids[PROCS];
        for (int p = 0; p < PROCS; p++) {
            pids[p] = fork();
            assert_true(pids[p] >= 0);
            if (pids[p] == 0) {
                sup_ledger *l = NULL;
                if (sup_ledger_open(t.path, SUP_LEDGER_CREATE, &l) != SUP_OK) {
                    fprintf(stderr, "process %d: %s\n", p, sup_error_message());
                    _exit(1);
                }
                char code[8];
                snprintf(code, sizeof code, "C%d", p);
                int created = sup_ledger_created(l);
                int rc = sup_ledger_add_customer(l, "creator", code, code, NULL);
                sup_ledger_close(l);
                _exit(rc == SUP_OK ? (created ? 10 : 0) : 2);
            }
        }
        int creators = 0;
        for (int p = 0; p < PROCS; p++) {
            int st = 0;
            assert_int_equal(waitpid(pids[p], &st, 0), pids[p]);
            assert_true(WIFEXITED(st));
            assert_true(WEXITSTATUS(st) == 0 || WEXITSTATUS(st) == 10);
            creators += WEXITSTATUS(st) == 10;
        }
        assert_int_equal(creators, 1); /* exactly one process made it */
        sup_ledger *l = NULL;
        assert_int_equal(sup_ledger_open(t.path, 0, &l), SUP_OK);
        sup_cursor *c = NULL;
        assert_int_equal(sup_ledger_list_policies(l, &c), SUP_OK);
        assert_int_equal(count_rows(c), 1); /* one schema, one default policy */
        assert_int_equal(sup_ledger_list_customers(l, &c), SUP_OK);
        assert_int_equal(count_rows(c), PROCS);
        /* the audit trail: the creation once, and no "upgrade" by those that found it made */
        assert_int_equal(sup_ledger_list_audit(l, 0, &c), SUP_OK);
        int creates = 0, upgrades = 0;
        while (sup_cursor_next(c) == 1) {
            const char *action = sup_cursor_text(c, SUP_AUDCOL_ACTION);
            creates += strcmp(action, "create_ledger") == 0;
            upgrades += strcmp(action, "upgrade_schema") == 0;
        }
        sup_cursor_free(c);
        assert_int_equal(creates, 1);
        assert_int_equal(upgrades, 0);
        assert_int_equal(sup_ledger_check(l), SUP_OK);
        sup_ledger_close(l);
        tmp_cleanup(&t);
    }
}

/* ---- SIGKILL ----------------------------------------------------------------------------------- */

/* The child: durable renewals one after another, reporting "B id" before and "C id" after each commit. */
static int child_stream(const char *path, int fd, int round)
{
    sup_ledger *l = NULL;
    if (sup_ledger_open(path, 0, &l) != SUP_OK)
        return 30;
    if (sup_ledger_set_busy_timeout(l, 60000) != SUP_OK)
        return 31;
    for (int i = 0; i < 100000; i++) {
        char id[32], line[48];
        snprintf(id, sizeof id, "k%d-%05d", round, i);
        int n = snprintf(line, sizeof line, "B %s\n", id);
        if (write(fd, line, (size_t)n) != n)
            return 32;
        if (sup_ledger_renew(l, "stream", id, (sup_id)(i % NLIC) + 1, RENEW_ON, FEE, NULL) != SUP_OK)
            return 33;
        n = snprintf(line, sizeof line, "C %s\n", id);
        if (write(fd, line, (size_t)n) != n)
            return 34;
    }
    return 0;
}

/* The child: a batch of renewals left uncommitted, then "READY" and wait to be killed. */
static int child_open_batch(const char *path, int fd)
{
    sup_ledger *l = NULL;
    if (sup_ledger_open(path, 0, &l) != SUP_OK)
        return 40;
    if (sup_ledger_begin(l) != SUP_OK)
        return 41;
    for (int i = 0; i < 20; i++) {
        char id[32];
        snprintf(id, sizeof id, "u-%02d", i);
        if (sup_ledger_renew(l, "batch", id, (sup_id)(i % NLIC) + 1, RENEW_ON, FEE, NULL) != SUP_OK)
            return 42;
    }
    if (write(fd, "READY\n", 6) != 6)
        return 43;
    for (;;)
        pause();
}

struct stream_log {
    char **committed;
    size_t ncommitted, cap;
    char inflight[32]; /* begun but not reported committed ("" if none) */
};

static void log_line(struct stream_log *s, const char *line)
{
    char id[32];
    if (sscanf(line, "B %31s", id) == 1) {
        snprintf(s->inflight, sizeof s->inflight, "%s", id);
    } else if (sscanf(line, "C %31s", id) == 1) {
        assert_string_equal(id, s->inflight);
        s->inflight[0] = '\0';
        if (s->ncommitted == s->cap) {
            s->cap = s->cap ? s->cap * 2 : 64;
            s->committed = realloc(s->committed, s->cap * sizeof *s->committed);
            assert_non_null(s->committed);
        }
        s->committed[s->ncommitted] = strdup(id);
        assert_non_null(s->committed[s->ncommitted]);
        s->ncommitted++;
    }
}

/* Run a streaming child, kill it `delay_ms` after its `after`-th commit, and collect what it reported. */
static void kill_stream(const char *path, int round, size_t after, long delay_ms, struct stream_log *s)
{
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    char app[64];
    snprintf(app, sizeof app, "sup-stream-%ld-%d", (long)getpid(), round);
    if (pid == 0) {
        close(fds[0]);
        setenv("PGAPPNAME", app, 1); /* (PostgreSQL) the parent waits for this client's server process */
        _exit(child_stream(path, fds[1], round));
    }
    close(fds[1]);
    FILE *in = fdopen(fds[0], "r");
    assert_non_null(in);
    char line[64];
    size_t start = s->ncommitted;
    while (s->ncommitted - start < after && fgets(line, sizeof line, in) != NULL)
        log_line(s, line);
    assert_true(s->ncommitted - start >= after); /* the child did not die on its own */
    sleep_ms(delay_ms);
    assert_int_equal(kill(pid, SIGKILL), 0);
    while (fgets(line, sizeof line, in) != NULL) /* what it managed to report before dying */
        log_line(s, line);
    fclose(in);
    int st = 0;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    assert_true(WIFSIGNALED(st));
    assert_int_equal(WTERMSIG(st), SIGKILL);
    /* PostgreSQL: the killed client's server process finishes (commits or rolls back) what it was
     * doing when the client died, and only then exits; the outcome is known once it is gone. */
    char base[2300], schema[128];
    if (split_pg_target(path, base, sizeof base, schema, sizeof schema)) {
        char sql[160];
        snprintf(sql, sizeof sql, "SELECT count(*) FROM pg_stat_activity WHERE application_name = '%s'", app);
        for (int i = 0; i < 3000 && pg_raw_int(base, NULL, sql) > 0; i++)
            sleep_ms(10);
        assert_int_equal(pg_raw_int(base, NULL, sql), 0);
    }
}

static void verify_after_kill(const char *path, struct stream_log *s, int *total)
{
    /* integrity straight from SQLite, then through the library */
    sup_ledger *l = NULL;
    assert_int_equal(sup_ledger_open(path, 0, &l), SUP_OK);
    assert_int_equal(sup_ledger_check(l), SUP_OK);
    assert_storage_intact(path);
    char **ids = NULL;
    size_t n = recorded_ids(l, &ids);
    for (size_t i = 1; i < n; i++)
        assert_string_not_equal(ids[i - 1], ids[i]);
    for (size_t i = 0; i < s->ncommitted; i++) /* every committed payment is there */
        if (!has_id(ids, n, s->committed[i]))
            fail_msg("committed payment %s is missing", s->committed[i]);
    /* nothing else: the caller settled the one payment in flight when the process died */
    assert_int_equal(n, s->ncommitted);
    for (size_t i = 0; i < n; i++)
        assert_int_not_equal(strncmp(ids[i], "u-", 2), 0); /* the open batch left nothing */
    free_ids(ids, n);
    check_consistent(l, NLIC, total);
    assert_int_equal((size_t)*total, n);
    sup_ledger_close(l);
}

static void a_process_killed_mid_stream_keeps_every_committed_payment_and_no_other(void **state)
{
    (void)state;
    tmp_ledger t;
    tmp_init(&t);
    make_ledger(&t, NLIC);
    struct stream_log s = {NULL, 0, 0, ""};
    static const long delays[] = {0, 1, 2, 3, 5, 11};
    for (int round = 0; round < 6; round++) {
        kill_stream(t.path, round, 15, delays[round], &s);
        int total = 0;
        if (s.inflight[0] != '\0') {
            /* The process died between "B id" and "C id": inside the commit or just after it.
             * Either outcome is fine (all or nothing); if it is there, it was committed. */
            sup_ledger *l = NULL;
            assert_int_equal(sup_ledger_open(t.path, SUP_LEDGER_READONLY, &l), SUP_OK);
            char **ids = NULL;
            size_t n = recorded_ids(l, &ids);
            int committed = has_id(ids, n, s.inflight);
            free_ids(ids, n);
            sup_ledger_close(l);
            char line[48];
            snprintf(line, sizeof line, "C %s\n", s.inflight);
            if (getenv("SUP_MP_VERBOSE"))
                fprintf(stderr, "round %d: killed with %s in flight (%s)\n", round, s.inflight,
                        committed ? "committed" : "not committed");
            if (committed)
                log_line(&s, line);
            else
                s.inflight[0] = '\0';
        }
        verify_after_kill(t.path, &s, &total);
        assert_int_equal((size_t)total, s.ncommitted);
    }

    /* a batch left open by a killed process: none of it, and the lock is free again */
    int fds[2];
    assert_int_equal(pipe(fds), 0);
    pid_t pid = fork();
    assert_true(pid >= 0);
    if (pid == 0) {
        close(fds[0]);
        _exit(child_open_batch(t.path, fds[1]));
    }
    close(fds[1]);
    char buf[8] = {0};
    assert_int_equal(read(fds[0], buf, 6), 6);
    assert_memory_equal(buf, "READY\n", 6);
    assert_int_equal(kill(pid, SIGKILL), 0);
    int st = 0;
    assert_int_equal(waitpid(pid, &st, 0), pid);
    close(fds[0]);
    int total = 0;
    verify_after_kill(t.path, &s, &total);
    sup_ledger *l = NULL;
    assert_int_equal(sup_ledger_open(t.path, 0, &l), SUP_OK);
    assert_int_equal(sup_ledger_set_busy_timeout(l, 0), SUP_OK); /* no one holds the lock */
    assert_int_equal(sup_ledger_renew(l, ACTOR, "after", 1, RENEW_ON, FEE, NULL), SUP_OK);
    sup_ledger_close(l);
    for (size_t i = 0; i < s.ncommitted; i++)
        free(s.committed[i]);
    free(s.committed);
    tmp_cleanup(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(four_processes_renewing_at_once_record_every_payment_exactly_once),
        cmocka_unit_test(four_processes_creating_the_same_new_ledger_make_one_ledger),
        cmocka_unit_test(a_process_killed_mid_stream_keeps_every_committed_payment_and_no_other),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
