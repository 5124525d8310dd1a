/* PostgreSQL: the server crashes (`pg_ctl restart -m immediate`) during a stream of renewals
 * from 4 processes. Afterwards every payment that reported success is there exactly once,
 * nothing is half-written, and the clients got clear storage errors (with the SQLSTATE),
 * reopened and carried on — retrying the payment in flight under its payment id, which is
 * safe because payments are idempotent. (issue 12; on SQLite the test is skipped: the
 * SIGKILL tests of test_ledger_mp.c are its counterpart.) */
#include "ledger_test_util.h"

#include <errno.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <time.h>

#define PROCS 4
#define NLIC 80
#define PER_PROC 120
#define RENEW_ON 20260301
#define FEE 199800

static void sleep_ms(long ms)
{
    struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};
    while (nanosleep(&ts, &ts) != 0 && errno == EINTR) {
    }
}

static void say(int fd, char kind, const char *id, const char *msg)
{
    char line[600];
    int n = snprintf(line, sizeof line, "%c %s%s\n", kind, id, msg);
    if (n > 0 && write(fd, line, (size_t)(n < (int)sizeof line ? n : (int)sizeof line - 1)) < 0)
        _exit(40);
}

static sup_ledger *reopen(const char *path)
{
    for (int tries = 0; tries < 400; tries++) { /* the server recovers meanwhile */
        sup_ledger *l = NULL;
        if (sup_ledger_open(path, 0, &l) == SUP_OK && sup_ledger_set_busy_timeout(l, 30000) == SUP_OK)
            return l;
        sup_ledger_close(l);
        sleep_ms(50);
    }
    _exit(41);
}

/* A client renewing its licenses one after another: "B id" before, "C id" after each success,
 * "E id message" for each failure (then it reopens and retries the same payment). */
static int client(const char *path, int proc, int fd)
{
    sup_ledger *l = reopen(path);
    for (int k = 0; k < PER_PROC; k++) {
        char id[32];
        snprintf(id, sizeof id, "c%d-%04d", proc, k);
        sup_id lic = (sup_id)(proc * (NLIC / PROCS) + k % (NLIC / PROCS)) + 1;
        say(fd, 'B', id, "");
        for (;;) {
            int rc = sup_ledger_renew(l, "crash", id, lic, RENEW_ON, FEE, NULL);
            if (rc == SUP_OK)
                break;
            char msg[500];
            snprintf(msg, sizeof msg, " %s %s", sup_result_name(rc), sup_error_message());
            for (char *p = msg; *p != '\0'; p++)
                if (*p == '\n')
                    *p = ' ';
            say(fd, 'E', id, msg);
            if (sup_result_family(rc) != SUP_FAMILY_STORAGE)
                return 42; /* anything but a storage error is a bug */
            sup_ledger_close(l);
            l = reopen(path);
        }
        say(fd, 'C', id, "");
    }
    sup_ledger_close(l);
    return 0;
}

struct log {
    char *text;
    size_t len, cap;
};

static void log_add(struct log *g, const char *buf, size_t n)
{
    if (g->len + n + 1 > g->cap) {
        g->cap = (g->len + n + 1) * 2;
        g->text = realloc(g->text, g->cap);
        assert_non_null(g->text);
    }
    memcpy(g->text + g->len, buf, n);
    g->len += n;
    g->text[g->len] = '\0';
}

static int count_lines(const char *text, char kind)
{
    int n = 0;
    for (const char *p = text; *p != '\0'; p = strchr(p, '\n') != NULL ? strchr(p, '\n') + 1 : p + strlen(p))
        n += p[0] == kind && p[1] == ' ';
    return n;
}

static void a_server_crash_during_renewals_from_four_clients_loses_nothing_reported(void **state)
{
    (void)state;
    if (!test_on_pg())
        skip();
    tmp_ledger t;
    tmp_init(&t);
    sup_ledger *l = open_new(&t);
    sup_id p = add_seed_product(l, "R1");
    assert_int_equal(sup_ledger_begin(l), SUP_OK);
    sup_id c = add_customer(l, "C1");
    for (int i = 0; i < NLIC; i++)
        sell(l, c, p, 20260115);
    assert_int_equal(sup_ledger_commit(l), SUP_OK);
    sup_ledger_close(l);

    int fds[PROCS][2];
    pid_t pids[PROCS];
    for (int i = 0; i < PROCS; i++) {
        assert_int_equal(pipe(fds[i]), 0);
        pids[i] = fork();
        assert_true(pids[i] >= 0);
        if (pids[i] == 0) {
            close(fds[i][0]);
            _exit(client(t.path, i, fds[i][1]));
        }
        close(fds[i][1]);
    }
    struct log logs[PROCS];
    memset(logs, 0, sizeof logs);
    bool crashed = false, open[PROCS] = {true, true, true, true};
    int still = PROCS;
    while (still > 0) {
        struct pollfd pf[PROCS];
        for (int i = 0; i < PROCS; i++)
            pf[i] = (struct pollfd){open[i] ? fds[i][0] : -1, POLLIN, 0};
        assert_true(poll(pf, PROCS, 60000) > 0);
        for (int i = 0; i < PROCS; i++) {
            if (!open[i] || !(pf[i].revents & (POLLIN | POLLHUP)))
                continue;
            char buf[4096];
            ssize_t n = read(fds[i][0], buf, sizeof buf);
            if (n <= 0) {
                open[i] = false;
                still--;
            } else {
                log_add(&logs[i], buf, (size_t)n);
            }
        }
        /* crash the server once every client is well into its stream */
        bool ready = true;
        for (int i = 0; i < PROCS; i++)
            ready = ready && logs[i].text != NULL && count_lines(logs[i].text, 'C') >= 15;
        if (ready && !crashed) {
            pg_restart_immediate();
            crashed = true;
        }
    }
    assert_true(crashed);
    int errors = 0, committed = 0;
    for (int i = 0; i < PROCS; i++) {
        int st = 0;
        assert_int_equal(waitpid(pids[i], &st, 0), pids[i]);
        assert_true(WIFEXITED(st));
        if (WEXITSTATUS(st) != 0)
            fail_msg("client %d exited %d; its log:\n%s", i, WEXITSTATUS(st), logs[i].text);
        close(fds[i][0]);
        errors += count_lines(logs[i].text, 'E');
        committed += count_lines(logs[i].text, 'C');
        /* every error the client saw was a storage error naming PostgreSQL's SQLSTATE */
        for (const char *e = strstr(logs[i].text, "\nE "); e != NULL; e = strstr(e + 1, "\nE ")) {
            const char *end = strchr(e + 1, '\n');
            char line[700];
            snprintf(line, sizeof line, "%.*s", end != NULL ? (int)(end - e) : 200, e);
            if (strstr(line, "SQLSTATE") == NULL)
                fail_msg("an error without SQLSTATE: %s", line);
        }
    }
    fprintf(stderr, "%d renewals reported committed, %d errors seen by the clients around the crash\n", committed,
            errors);
    assert_int_equal(committed, PROCS * PER_PROC); /* each client finished its stream */
    assert_true(errors >= PROCS);                  /* and each saw the crash */
    /* every reported payment exactly once, nothing else, nothing half-written */
    assert_int_equal(raw_int(t.path, "SELECT count(*) FROM license_event WHERE payment_id LIKE 'c%'"),
                     PROCS * PER_PROC);
    assert_int_equal(raw_int(t.path, "SELECT count(DISTINCT payment_id) FROM license_event WHERE payment_id LIKE 'c%'"),
                     PROCS * PER_PROC);
    assert_int_equal(raw_int(t.path, "SELECT count(*) FROM audit WHERE action = 'renew'"), PROCS * PER_PROC);
    assert_storage_intact(t.path);
    assert_int_equal(sup_ledger_open(t.path, SUP_LEDGER_READONLY, &l), SUP_OK);
    for (sup_id lic = 1; lic <= NLIC; lic++) {
        sup_cursor *cur = NULL;
        assert_int_equal(sup_ledger_list_events(l, lic, &cur), SUP_OK);
        int renewals = count_rows(cur) - 1;
        sup_license *core = NULL;
        assert_int_equal(sup_ledger_get_license(l, lic, &core), SUP_OK);
        sup_date want = 20260715;
        assert_int_equal(sup_date_add_months(want, 12 * renewals, &want), SUP_OK);
        assert_int_equal(sup_license_latest_until(core), want); /* each renewal extended it once */
        sup_license_free(core);
    }
    sup_ledger_close(l);
    for (int i = 0; i < PROCS; i++)
        free(logs[i].text);
    tmp_cleanup(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_server_crash_during_renewals_from_four_clients_loses_nothing_reported),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
