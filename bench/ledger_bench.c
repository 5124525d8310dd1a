/*
 * ledger_bench — what the SQLite ledger costs (not part of the test run).
 *
 *   ledger_bench all [DIR] [LICENSES] [RENEWALS] [RUNS]
 *       everything below, in DIR (default /tmp/sup-ledger-bench), with
 *       LICENSES (default 1000000; a comma-separated list such as
 *       100000,1000000 builds and queries one ledger of each size), RENEWALS
 *       per renewal run (default 2000) and RUNS renewal runs (default 5).
 *       The large ledgers are kept in DIR as ledger-<LICENSES>-s<SCHEMA>-g<GEN>.db
 *       and reused by later runs (building 1,000,000 licenses takes minutes);
 *       delete them to rebuild. SCHEMA is the ledger's schema version, GEN the
 *       version of the generator below, so a changed schema or generator
 *       builds a new file.
 *   ledger_bench renew PATH PROCS RENEWALS [RUNS]
 *                                            durable renewals, PROCS processes at once
 *                                            (RUNS runs, default 5: each rate and the median)
 *   ledger_bench load PATH LICENSES          build a ledger of LICENSES licenses
 *   ledger_bench query PATH                  status and list queries over it
 *   ledger_bench revenue PATH                the revenue schedule over 24 months, by month, product, kind
 *
 * "all" runs each phase in a process of its own (fork + exec of itself); each
 * phase reports its own peak RSS, so the query figures do not include the
 * memory used to build the ledger.
 *
 * Lines starting with "BENCH " are for bench/run.sh:
 *   BENCH <key> <median> <min> <max> <unit>
 *
 * Durable means the ledger's default: WAL with synchronous=FULL, one
 * transaction (and one fsync) per renewal.
 */
#define _POSIX_C_SOURCE 200809L
#include <libsupport.h>

#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/time.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define ACTOR "bench"
#define TODAY 20261126 /* the date the queries are about */
#define RENEW_ON 20260701

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* CPU time of this process (excludes the time other processes had the CPU) */
static double cpu_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *what, int rc)
{
    fprintf(stderr, "ledger_bench: %s: %s (%s)\n", what, sup_error_message(), sup_result_name(rc));
    exit(2);
}

#define CHECK(call)                                                                                         \
    do {                                                                                                    \
        int rc_ = (call);                                                                                   \
        if (rc_ != SUP_OK)                                                                                  \
            die(#call, rc_);                                                                                \
    } while (0)

static uint64_t rng_state = 0x9E3779B97F4A7C15u;
static uint64_t rnd(void)
{
    rng_state ^= rng_state << 13;
    rng_state ^= rng_state >> 7;
    rng_state ^= rng_state << 17;
    return rng_state;
}
static int rnd_below(int n) { return (int)(rnd() % (uint64_t)n); }

static void remove_ledger(const char *path)
{
    char p[600];
    unlink(path);
    snprintf(p, sizeof p, "%s-wal", path);
    unlink(p);
    snprintf(p, sizeof p, "%s-shm", path);
    unlink(p);
}

static long peak_rss_kb_self(void)
{
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    return ru.ru_maxrss;
}

/* ---- renewals -------------------------------------------------------------------------------- */

#define RENEW_LICENSES 1000

static void renew_setup(const char *path)
{
    remove_ledger(path);
    sup_ledger *l = NULL;
    CHECK(sup_ledger_open(path, SUP_LEDGER_CREATE, &l));
    sup_id p = 0, c = 0;
    CHECK(sup_ledger_add_product(l, ACTOR, "R1", "Report", SUP_LICENSE_PERPETUAL, 6, &p));
    CHECK(sup_ledger_set_price(l, ACTOR, p, 20200101, 799000));
    CHECK(sup_ledger_add_customer(l, ACTOR, "C1", "Customer", &c));
    CHECK(sup_ledger_begin(l));
    for (int i = 0; i < RENEW_LICENSES; i++)
        CHECK(sup_ledger_sell(l, ACTOR, NULL, c, p, 20260131, 799000, NULL));
    CHECK(sup_ledger_commit(l));
    sup_ledger_close(l);
}

/* One process's share: renewals of its own licenses, each its own durable transaction. */
static void renew_worker(const char *path, int proc, int procs, int count, int go_fd)
{
    sup_ledger *l = NULL;
    CHECK(sup_ledger_open(path, 0, &l));
    CHECK(sup_ledger_set_busy_timeout(l, 600000));
    if (go_fd >= 0) {
        char go;
        if (read(go_fd, &go, 1) != 1)
            exit(3);
    }
    for (int k = 0; k < count; k++) {
        char id[48];
        snprintf(id, sizeof id, "r%d-%d-%d", procs, proc, k);
        sup_id lic = (sup_id)((k * procs + proc) % RENEW_LICENSES) + 1;
        CHECK(sup_ledger_renew(l, ACTOR, id, lic, RENEW_ON, 199800, NULL));
    }
    sup_ledger_close(l);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* One timed run: a fresh ledger, then `total` renewals spread over `procs` processes started together. */
static int renew_run(const char *path, int procs, int total, double *rate)
{
    renew_setup(path);
    int per = total / procs;
    int go[2];
    if (pipe(go) != 0)
        return 2;
    pid_t *pids = calloc((size_t)procs, sizeof *pids);
    for (int p = 0; p < procs; p++) {
        pids[p] = fork();
        if (pids[p] == 0) {
            close(go[1]);
            renew_worker(path, p, procs, per, go[0]);
            _exit(0);
        }
    }
    close(go[0]);
    struct timespec settle = {0, 200000000L}; /* let every worker open the ledger */
    nanosleep(&settle, NULL);
    double t0 = now_s();
    char start[64] = {0};
    if (write(go[1], start, (size_t)procs) != procs)
        return 2;
    close(go[1]);
    int failed = 0;
    for (int p = 0; p < procs; p++) {
        int st = 0;
        waitpid(pids[p], &st, 0);
        failed |= !WIFEXITED(st) || WEXITSTATUS(st) != 0;
    }
    double dt = now_s() - t0;
    free(pids);
    if (failed) {
        fprintf(stderr, "ledger_bench: a renewal worker failed\n");
        return 2;
    }
    *rate = per * procs / dt;
    return 0;
}

static int cmd_renew(const char *path, int procs, int total, int runs)
{
    double rates[64];
    if (runs < 1 || runs > 64 || procs < 1 || procs > 64 || total < procs)
        return 2;
    printf("durable renewals, %d process%s, %d renewals per run:", procs, procs == 1 ? "" : "es", total);
    for (int r = 0; r < runs; r++) {
        if (renew_run(path, procs, total, &rates[r]) != 0)
            return 2;
        printf(" %.0f", rates[r]);
        fflush(stdout);
    }
    qsort(rates, (size_t)runs, sizeof rates[0], cmp_double);
    double med = runs % 2 ? rates[runs / 2] : (rates[runs / 2 - 1] + rates[runs / 2]) / 2;
    printf(" /s\n  median %.0f renewals/s (%.2f ms each), range %.0f … %.0f\n", med, 1000.0 / med, rates[0],
           rates[runs - 1]);
    printf("BENCH ledger.renew_%dp_per_s %.1f %.1f %.1f renewals/s\n", procs, med, rates[0], rates[runs - 1]);
    return 0;
}

/* ---- loading a large ledger ----------------------------------------------------------------------- */

#define NPRODUCTS 20
#define BATCH 20000

struct prod {
    sup_id id;
    sup_product *core;
};

static int cmd_load(const char *path, long nlic)
{
    remove_ledger(path);
    sup_ledger *l = NULL;
    CHECK(sup_ledger_open(path, SUP_LEDGER_CREATE, &l));
    double t0 = now_s();
    struct prod prods[NPRODUCTS];
    for (int i = 0; i < NPRODUCTS; i++) {
        char code[16], name[32];
        snprintf(code, sizeof code, "P%02d", i);
        snprintf(name, sizeof name, "Product %d", i);
        sup_license_kind kind = i < 16 ? SUP_LICENSE_PERPETUAL
                                       : (i < 18 ? SUP_LICENSE_SUBSCRIPTION_MONTHLY : SUP_LICENSE_SUBSCRIPTION_YEARLY);
        int months = kind == SUP_LICENSE_PERPETUAL ? (i % 4 == 0 ? 12 : 6) : 0;
        CHECK(sup_ledger_add_product(l, ACTOR, code, name, kind, months, &prods[i].id));
        sup_money price = 300000 + 10000 * i;
        CHECK(sup_ledger_set_price(l, ACTOR, prods[i].id, 20180101, price));
        CHECK(sup_ledger_set_price(l, ACTOR, prods[i].id, 20240301, price + price / 10));
        CHECK(sup_ledger_get_product(l, prods[i].id, &prods[i].core));
        CHECK(sup_ledger_add_release(l, ACTOR, prods[i].id, "1.0", 20250315, NULL, NULL));
    }
    long ncust = nlic / 5 > 0 ? nlic / 5 : 1;
    CHECK(sup_ledger_begin(l));
    for (long i = 0; i < ncust; i++) {
        char code[24];
        snprintf(code, sizeof code, "C%07ld", i);
        CHECK(sup_ledger_add_customer(l, ACTOR, code, "ООО «Клиент»", NULL));
        if ((i + 1) % BATCH == 0) {
            CHECK(sup_ledger_commit(l));
            CHECK(sup_ledger_begin(l));
        }
    }
    CHECK(sup_ledger_commit(l));
    sup_quote *q = NULL;
    CHECK(sup_quote_new(&q));
    long events = 0;
    CHECK(sup_ledger_begin(l));
    for (long i = 0; i < nlic; i++) {
        struct prod *p = &prods[rnd_below(NPRODUCTS)];
        sup_date bought;
        CHECK(sup_date_add_days(20190101, rnd_below(2887), &bought)); /* 2019-01-01 … 2026-11-26 */
        sup_money price = 0;
        CHECK(sup_product_price_on(p->core, bought, &price));
        sup_id lic = 0;
        CHECK(sup_ledger_sell(l, ACTOR, NULL, (sup_id)(rnd() % (uint64_t)ncust) + 1, p->id, bought, price, &lic));
        events++;
        sup_license *core = NULL;
        sup_date until = 0;
        if (sup_product_kind(p->core) == SUP_LICENSE_PERPETUAL) {
            /* about a third renewed (early, in the window or late), some of them twice */
            for (int round = 0; round < 2 && rnd_below(100) < (round == 0 ? 35 : 30); round++) {
                CHECK(sup_ledger_get_license(l, lic, &core));
                until = sup_license_latest_until(core);
                sup_license_free(core);
                int pick = rnd_below(3);
                int32_t delta = pick == 0 ? -rnd_below(60) : (pick == 1 ? 1 + rnd_below(28) : 32 + rnd_below(400));
                sup_date on;
                if (sup_date_add_days(until, delta, &on) != SUP_OK || on > TODAY || on < bought)
                    break;
                CHECK(sup_ledger_quote_renewal(l, lic, on, q));
                char id[40];
                snprintf(id, sizeof id, "L%ld-%d", lic, round);
                CHECK(sup_ledger_renew(l, ACTOR, id, lic, on, sup_quote_fee(q), NULL));
                events++;
            }
        } else {
            int payments = rnd_below(4);
            for (int k = 0; k < payments; k++) {
                CHECK(sup_ledger_get_license(l, lic, &core));
                until = sup_license_latest_until(core);
                sup_license_free(core);
                sup_date on;
                if (sup_date_add_days(until, -2, &on) != SUP_OK || on > TODAY || on < bought)
                    break;
                CHECK(sup_ledger_quote_payment(l, lic, on, q));
                char id[40];
                snprintf(id, sizeof id, "S%ld-%d", lic, k);
                CHECK(sup_ledger_pay(l, ACTOR, id, lic, on, sup_quote_fee(q), NULL));
                events++;
            }
        }
        if ((i + 1) % BATCH == 0) {
            CHECK(sup_ledger_commit(l));
            CHECK(sup_ledger_begin(l));
        }
    }
    CHECK(sup_ledger_commit(l));
    double dt = now_s() - t0;
    sup_quote_free(q);
    for (int i = 0; i < NPRODUCTS; i++)
        sup_product_free(prods[i].core);
    sup_ledger_close(l);
    struct stat sb;
    stat(path, &sb);
    printf("load: %ld licenses, %ld customers, %ld license events in %.1f s (%.0f events/s, batches of %d); "
           "file %.0f MB\n",
           nlic, ncust, events, dt, (double)events / dt, BATCH, (double)sb.st_size / 1e6);
    printf("peak RSS of the load process: %.1f MB\n", (double)peak_rss_kb_self() / 1024.0);
    printf("BENCH ledger.%ld.load_s %.1f %.1f %.1f s\n", nlic, dt, dt, dt);
    return 0;
}

/* ---- queries ------------------------------------------------------------------------------------- */

static long drain(sup_cursor *c, int64_t *checksum)
{
    long n = 0;
    int rc;
    while ((rc = sup_cursor_next(c)) == 1) {
        n++;
        /* what a report shows: the license, its state and support end, the customer's code */
        const char *code = sup_cursor_text(c, SUP_LICCOL_CUSTOMER_CODE);
        *checksum += sup_cursor_int64(c, SUP_LICCOL_LICENSE) + sup_cursor_int64(c, SUP_LICCOL_STATE) +
                     sup_cursor_date(c, SUP_LICCOL_SUPPORT_UNTIL) + (code != NULL ? (int64_t)strlen(code) : 0);
    }
    if (rc < 0)
        die("sup_cursor_next", rc);
    sup_cursor_free(c);
    return n;
}

static int cmd_query(const char *path)
{
    sup_ledger *l = NULL;
    CHECK(sup_ledger_open(path, SUP_LEDGER_READONLY, &l));
    /* how many licenses */
    sup_cursor *c = NULL;
    int64_t sum = 0;
    long nlic = 0;
    sup_status *st = NULL;
    CHECK(sup_status_new(&st));
    /* the number of licenses: the last id sold (ids are dense) */
    double t0 = now_s();
    CHECK(sup_ledger_list_licenses(l, 0, SUP_DATE_MAX, &c));
    nlic = drain(c, &sum);
    double t_all_max = now_s() - t0;

    const int nstatus = 20000;
    t0 = now_s();
    int active = 0;
    for (int i = 0; i < nstatus; i++) {
        sup_id id = (sup_id)(rnd() % (uint64_t)nlic) + 1;
        CHECK(sup_ledger_license_status(l, id, TODAY, st));
        active += sup_status_state(st) == SUP_STATE_ACTIVE;
    }
    double t_status = now_s() - t0;
    printf("status of one license (%d random of %ld, on %d): %.1f us each (%d active)\n", nstatus, nlic, TODAY,
           t_status * 1e6 / nstatus, active);
    printf("BENCH ledger.%ld.status_one_us %.2f %.2f %.2f us\n", nlic, t_status * 1e6 / nstatus,
           t_status * 1e6 / nstatus, t_status * 1e6 / nstatus);

    sup_quote *q = NULL;
    CHECK(sup_quote_new(&q));
    t0 = now_s();
    int quoted = 0;
    for (int i = 0; i < nstatus; i++) {
        sup_id id = (sup_id)(rnd() % (uint64_t)nlic) + 1;
        quoted += sup_ledger_quote_renewal(l, id, TODAY, q) == SUP_OK;
    }
    double t_quote = now_s() - t0;
    printf("renewal quote of one license (%d random): %.1f us each (%d perpetual)\n", nstatus,
           t_quote * 1e6 / nstatus, quoted);
    printf("BENCH ledger.%ld.quote_one_us %.2f %.2f %.2f us\n", nlic, t_quote * 1e6 / nstatus,
           t_quote * 1e6 / nstatus, t_quote * 1e6 / nstatus);
    sup_quote_free(q);

    struct {
        const char *what, *key;
        int which;
        int days;
    } lists[] = {
        {"expiring within 30 days", "expiring30", 0, 30},
        {"expiring within 90 days", "expiring90", 0, 90},
        {"in the preferential window", "preferential", 1, 0},
        {"lapsed or expired", "lapsed", 2, 0},
        {"every license (status report)", "report", 3, 0},
    };
    for (size_t i = 0; i < sizeof lists / sizeof lists[0]; i++) {
        enum { RUNS = 3 };
        double times[RUNS], cpu[RUNS];
        long rows = 0;
        for (int r = 0; r < RUNS; r++) {
            t0 = now_s();
            double c0 = cpu_s();
            switch (lists[i].which) {
            case 0: CHECK(sup_ledger_list_expiring(l, TODAY, lists[i].days, &c)); break;
            case 1: CHECK(sup_ledger_list_preferential(l, TODAY, &c)); break;
            case 2: CHECK(sup_ledger_list_lapsed(l, TODAY, &c)); break;
            default: CHECK(sup_ledger_list_licenses(l, 0, TODAY, &c)); break;
            }
            rows = drain(c, &sum);
            times[r] = now_s() - t0;
            cpu[r] = cpu_s() - c0;
        }
        qsort(times, RUNS, sizeof times[0], cmp_double);
        qsort(cpu, RUNS, sizeof cpu[0], cmp_double);
        printf("list %-30s on %d: %8ld rows in %7.3f s (median of %d; best %.3f s; CPU %.3f s)\n", lists[i].what,
               TODAY, rows, times[RUNS / 2], RUNS, times[0], cpu[RUNS / 2]);
        printf("BENCH ledger.%ld.%s_s %.4f %.4f %.4f s\n", nlic, lists[i].key, times[RUNS / 2], times[0],
               times[RUNS - 1]);
        printf("BENCH ledger.%ld.%s_cpu_s %.4f %.4f %.4f s\n", nlic, lists[i].key, cpu[RUNS / 2], cpu[0],
               cpu[RUNS - 1]);
        printf("BENCH ledger.%ld.%s_rows %ld %ld %ld rows\n", nlic, lists[i].key, rows, rows, rows);
    }
    /* the same expiring list a year earlier: before many licenses' latest events */
    t0 = now_s();
    CHECK(sup_ledger_list_expiring(l, 20251126, 30, &c));
    long rows = drain(c, &sum);
    printf("list %-30s on %d: %8ld rows in %7.3f s\n", "expiring within 30 days", 20251126, rows, now_s() - t0);
    t0 = now_s();
    CHECK(sup_ledger_list_notify(l, 1, &c));
    rows = drain(c, &sum);
    printf("list %-30s for release 1: %8ld rows in %7.3f s\n", "customers to notify", rows, now_s() - t0);
    printf("(full scan of %ld licenses on 9999-12-31 took %.3f s; checksum %" PRId64 ")\n", nlic, t_all_max, sum);
    double rss = (double)peak_rss_kb_self() / 1024.0;
    printf("peak RSS of this query process: %.1f MB\n", rss);
    printf("BENCH ledger.%ld.query_peak_rss_MB %.1f %.1f %.1f MB\n", nlic, rss, rss, rss);
    sup_status_free(st);
    sup_ledger_close(l);
    return 0;
}

/* ---- the revenue schedule (issue 16) ---------------------------------------------------------------------------- */

/* The schedule over 24 months ending with TODAY's month, by month, product and kind (each 3 times, median), in a
 * fresh process: its time, CPU time and peak RSS, with a checksum of the rows. */
static int cmd_revenue(const char *path)
{
    sup_ledger *l = NULL;
    CHECK(sup_ledger_open(path, SUP_LEDGER_READONLY, &l));
    static const struct {
        sup_revenue_by by;
        const char *key;
    } views[] = {{SUP_REVENUE_BY_MONTH, "month"}, {SUP_REVENUE_BY_PRODUCT, "product"}, {SUP_REVENUE_BY_KIND, "kind"}};
    sup_revenue_options o;
    CHECK(sup_revenue_options_init(&o, SUP_REVENUE_OPTIONS_VERSION));
    o.from = 20241201;
    o.to = TODAY;
    for (size_t v = 0; v < sizeof views / sizeof views[0]; v++) {
        enum { RUNS = 3 };
        double times[RUNS], cpu[RUNS];
        long rows = 0;
        int64_t billed = 0, recognised = 0, deferred = 0;
        o.by = views[v].by;
        for (int r = 0; r < RUNS; r++) {
            double t0 = now_s(), c0 = cpu_s();
            sup_cursor *c = NULL;
            CHECK(sup_ledger_revenue(l, &o, &c));
            int rc;
            rows = 0;
            billed = recognised = deferred = 0;
            while ((rc = sup_cursor_next(c)) == 1) {
                rows++;
                billed += sup_cursor_int64(c, SUP_REVCOL_BILLED);
                recognised += sup_cursor_int64(c, SUP_REVCOL_RECOGNISED);
                deferred = sup_cursor_int64(c, SUP_REVCOL_DEFERRED);
            }
            if (rc < 0)
                die("sup_cursor_next", rc);
            sup_cursor_free(c);
            times[r] = now_s() - t0;
            cpu[r] = cpu_s() - c0;
        }
        qsort(times, RUNS, sizeof times[0], cmp_double);
        qsort(cpu, RUNS, sizeof cpu[0], cmp_double);
        printf("revenue schedule 2024-12 … 2026-11 (24 months) by %-7s: %5ld rows in %7.3f s (median of %d; best "
               "%.3f s; CPU %.3f s); billed %.2f, recognised %.2f rub\n",
               views[v].key, rows, times[RUNS / 2], RUNS, times[0], cpu[RUNS / 2], (double)billed / 100,
               (double)recognised / 100);
        printf("BENCH ledger.revenue_%s_s %.4f %.4f %.4f s\n", views[v].key, times[RUNS / 2], times[0],
               times[RUNS - 1]);
        printf("BENCH ledger.revenue_%s_cpu_s %.4f %.4f %.4f s\n", views[v].key, cpu[RUNS / 2], cpu[0], cpu[RUNS - 1]);
        (void)deferred;
    }
    double rss = (double)peak_rss_kb_self() / 1024.0;
    printf("peak RSS of this revenue process: %.1f MB\n", rss);
    printf("BENCH ledger.revenue_peak_rss_MB %.1f %.1f %.1f MB\n", rss, rss, rss);
    sup_ledger_close(l);
    return 0;
}

/* ---- all --------------------------------------------------------------------------------------------- */

/* Run this program with these arguments (up to 5, NULL-terminated) in a process of its own. */
static int run_phase(const char *a1, const char *a2, const char *a3, const char *a4, const char *a5)
{
    const char *args[6] = {"ledger_bench", a1, a2, a3, a3 ? a4 : NULL, a3 && a4 ? a5 : NULL};
    char *argv[7] = {NULL};
    for (int i = 0; i < 6 && args[i] != NULL; i++)
        argv[i] = strdup(args[i]);
    fflush(stdout);
    pid_t pid = fork();
    if (pid == 0) {
        execv("/proc/self/exe", argv);
        perror("execv");
        _exit(127);
    }
    for (int i = 0; i < 6; i++)
        free(argv[i]);
    int st = 0;
    if (waitpid(pid, &st, 0) != pid || !WIFEXITED(st) || WEXITSTATUS(st) != 0) {
        fprintf(stderr, "ledger_bench: phase %s failed\n", a1);
        return 2;
    }
    return 0;
}

/* The version of cmd_load's generator: bump it when what cmd_load writes changes (cached ledgers). */
#define GENERATOR_VERSION 1

/* A ledger of `nlic` licenses at `path`: reused if a previous run built it, else built (in a process
 * of its own) under a temporary name and renamed when complete, so an interrupted build is not reused. */
static int cached_ledger(const char *path, const char *nlic)
{
    struct stat sb;
    if (stat(path, &sb) == 0) {
        printf("load: reusing %s (%.0f MB; delete it to rebuild)\n", path, (double)sb.st_size / 1e6);
        return 0;
    }
    char part[640];
    snprintf(part, sizeof part, "%s.part", path);
    if (run_phase("load", part, nlic, NULL, NULL) != 0)
        return 2;
    char wal[660];
    snprintf(wal, sizeof wal, "%s-wal", part);
    if (stat(wal, &sb) == 0) {
        fprintf(stderr, "ledger_bench: %s was left behind; not caching %s\n", wal, part);
        return 2;
    }
    if (rename(part, path) != 0) {
        perror("rename");
        return 2;
    }
    snprintf(wal, sizeof wal, "%s-shm", part);
    unlink(wal);
    return 0;
}

static int cmd_all(const char *dir, const char *nlics, const char *nrenew, const char *runs)
{
    mkdir(dir, 0755);
    char renew_db[512];
    snprintf(renew_db, sizeof renew_db, "%s/renew.db", dir);
    printf("libsupport %s ledger benchmark in %s (schema %d)\n", sup_version_string(), dir,
           sup_ledger_schema_version());
    if (run_phase("renew", renew_db, "1", nrenew, runs) || run_phase("renew", renew_db, "4", nrenew, runs))
        return 2;
    remove_ledger(renew_db);
    /* each size in the comma-separated list */
    char sizes[256];
    snprintf(sizes, sizeof sizes, "%s", nlics);
    for (char *save = NULL, *n = strtok_r(sizes, ",", &save); n != NULL; n = strtok_r(NULL, ",", &save)) {
        if (atol(n) <= 0) {
            fprintf(stderr, "ledger_bench: bad number of licenses '%s'\n", n);
            return 2;
        }
        char big_db[600];
        snprintf(big_db, sizeof big_db, "%s/ledger-%ld-s%d-g%d.db", dir, atol(n), sup_ledger_schema_version(),
                 GENERATOR_VERSION);
        printf("-- %ld licenses\n", atol(n));
        if (cached_ledger(big_db, n) || run_phase("query", big_db, NULL, NULL, NULL) ||
            run_phase("revenue", big_db, NULL, NULL, NULL))
            return 2;
    }
    return 0;
}

int main(int argc, char **argv)
{
    if (argc >= 2 && strcmp(argv[1], "renew") == 0 && (argc == 5 || argc == 6))
        return cmd_renew(argv[2], atoi(argv[3]), atoi(argv[4]), argc == 6 ? atoi(argv[5]) : 5);
    if (argc >= 2 && strcmp(argv[1], "load") == 0 && argc == 4)
        return cmd_load(argv[2], atol(argv[3]));
    if (argc >= 2 && strcmp(argv[1], "query") == 0 && argc == 3)
        return cmd_query(argv[2]);
    if (argc >= 2 && strcmp(argv[1], "revenue") == 0 && argc == 3)
        return cmd_revenue(argv[2]);
    if (argc >= 2 && strcmp(argv[1], "all") == 0 && argc <= 6)
        return cmd_all(argc > 2 ? argv[2] : "/tmp/sup-ledger-bench", argc > 3 ? argv[3] : "1000000",
                       argc > 4 ? argv[4] : "2000", argc > 5 ? argv[5] : "5");
    fprintf(stderr, "usage: ledger_bench all [DIR] [LICENSES[,LICENSES…]] [RENEWALS] [RUNS]\n"
                    "       ledger_bench renew PATH PROCS RENEWALS [RUNS]\n"
                    "       ledger_bench load PATH LICENSES\n"
                    "       ledger_bench query PATH\n"
                    "       ledger_bench revenue PATH\n");
    return 2;
}
