/*
 * bench_core — what a renewal quote and a status cost in C, on one core.
 *
 *   bench_core [N] [RUNS] [WHAT]
 *
 * A batch of N evaluations (default 10,000,000) over 4096 licenses with varied
 * purchase dates (a third renewed once) and a product with four list prices,
 * each on its own date: from the license's purchase to five years later, so
 * the answers are a mix of preferential and standard quotes and of active,
 * grace and lapsed states. The process pins itself to the CPU it starts on.
 *
 * WHAT (default "all"):
 *   quote   sup_license_quote, one call per evaluation
 *   status  sup_license_status, one call per evaluation
 *   pair    both on each evaluation
 *   batch   sup_batch_quote and sup_batch_status over chunks of 4096 items
 *   bw      the memory-bandwidth limit only
 *   all     every one of the above, after timing the core's clock (a chain of dependent
 *           multiply-adds, 4 cycles a step): cycles per quote = clock / quote rate
 *
 * Each loop runs once untimed (caches, branch predictors, page faults), then
 * RUNS times (default 5). Every run is timed twice: by the thread's CPU time
 * (what the work costs on one core, whatever else the machine is running) and
 * by the wall clock. Reported: the median, the fastest and the slowest run.
 * Lines starting with "BENCH " are for bench/run.sh:
 *   BENCH <key> <median> <min> <max> <unit>
 *
 * The bandwidth limit: a quote reads the date, the license's purchase date and
 * support end and the list price (20 bytes) and writes the kind, the fee, the
 * new support end and the end of validity (20 bytes). Streaming that through
 * memory at the measured read and write bandwidths of one core gives the most
 * evaluations per second any implementation could reach with the data in RAM.
 *
 * Under valgrind --tool=callgrind --toggle-collect=sup_license_quote (or
 * sup_license_status) with WHAT quote (status) and RUNS 1, the instructions
 * collected are 2 N evaluations plus a constant setup (bench/run.sh takes the
 * difference of two values of N).
 */
#define _GNU_SOURCE /* sched_setaffinity, sched_getcpu */
#include <libsupport.h>

#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NLIC 4096
#define MAXRUNS 99

static volatile int64_t sink;

typedef struct stamp {
    double wall, cpu;
} stamp;

static stamp now(void)
{
    struct timespec w, c;
    clock_gettime(CLOCK_MONOTONIC, &w);
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &c);
    stamp s = {(double)w.tv_sec + (double)w.tv_nsec * 1e-9, (double)c.tv_sec + (double)c.tv_nsec * 1e-9};
    return s;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

/* Median, min and max of v[0..n) (sorts v). */
static void summarize(double *v, int n, double out[3])
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    out[0] = n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
    out[1] = v[0];
    out[2] = v[n - 1];
}

static void must(int rc, const char *what)
{
    if (rc != SUP_OK) {
        fprintf(stderr, "bench_core: %s: %s\n", what, sup_error_message());
        exit(1);
    }
}

static uint64_t rng = 0x9E3779B97F4A7C15u;
static uint32_t next_rand(void)
{
    rng ^= rng << 13;
    rng ^= rng >> 7;
    rng ^= rng << 17;
    return (uint32_t)(rng >> 11);
}

/* ---- the data ------------------------------------------------------------------------------------ */

static sup_product *prod;
static sup_policy *pol;
static const sup_license *lics[NLIC];
static const sup_product *prods[NLIC]; /* prod, NLIC times: the batch's products array */
static sup_date *dates;
static long n_eval;
static sup_quote *q;
static sup_status *st;

static void setup(long n)
{
    must(sup_product_new(SUP_LICENSE_PERPETUAL, 6, &prod), "product");
    must(sup_product_set_price(prod, 20200101, 599000), "price");
    must(sup_product_set_price(prod, 20230301, 699000), "price");
    must(sup_product_set_price(prod, 20250101, 799000), "price");
    must(sup_product_set_price(prod, 20270101, 899000), "price");
    must(sup_policy_new(&pol), "policy");
    must(sup_quote_new(&q), "quote");
    must(sup_status_new(&st), "status");

    static sup_date purchased[NLIC];
    for (int i = 0; i < NLIC; i++) {
        sup_license *l;
        must(sup_date_add_days(20230101, (int32_t)(next_rand() % 1200), &purchased[i]), "date");
        must(sup_license_new(prod, purchased[i], &l), "license");
        if (i % 3 == 0) { /* a third renewed once, on the last day of their support */
            sup_date on = sup_license_latest_until(l);
            must(sup_license_quote(l, prod, pol, on, q), "quote");
            must(sup_license_renew(l, prod, pol, on, sup_quote_fee(q), NULL), "renew");
        }
        lics[i] = l;
        prods[i] = prod;
    }
    /* evaluation i is about license i % NLIC, on a day from its purchase to five years later */
    n_eval = n;
    dates = malloc((size_t)n * sizeof *dates);
    if (dates == NULL) {
        fprintf(stderr, "bench_core: out of memory for %ld dates\n", n);
        exit(1);
    }
    for (long i = 0; i < n; i++)
        must(sup_date_add_days(purchased[i % NLIC], (int32_t)(next_rand() % 1826), &dates[i]), "date");
}

static void teardown(void)
{
    free(dates);
    sup_quote_free(q);
    sup_status_free(st);
    for (int i = 0; i < NLIC; i++)
        sup_license_free((sup_license *)(uintptr_t)lics[i]);
    sup_policy_free(pol);
    sup_product_free(prod);
}

/* ---- the loops: each returns a checksum of its answers ---------------------------------------------- */

static int64_t loop_quote(void)
{
    int64_t sum = 0;
    for (long i = 0; i < n_eval; i++) {
        if (sup_license_quote(lics[i % NLIC], prod, pol, dates[i], q) != SUP_OK)
            must(-1, "quote");
        sum += sup_quote_fee(q) + sup_quote_valid_through(q);
    }
    return sum;
}

static int64_t loop_status(void)
{
    int64_t sum = 0;
    for (long i = 0; i < n_eval; i++) {
        if (sup_license_status(lics[i % NLIC], pol, dates[i], st) != SUP_OK)
            must(-1, "status");
        sum += (int64_t)sup_status_state(st) + sup_status_preferential_until(st);
    }
    return sum;
}

static int64_t loop_pair(void)
{
    int64_t sum = 0;
    for (long i = 0; i < n_eval; i++) {
        const sup_license *l = lics[i % NLIC];
        if (sup_license_status(l, pol, dates[i], st) != SUP_OK || sup_license_quote(l, prod, pol, dates[i], q) != SUP_OK)
            must(-1, "quote+status");
        sum += sup_quote_fee(q) + (int64_t)sup_status_state(st);
    }
    return sum;
}

/* The batch calls over chunks of NLIC items: chunk c is dates[c*NLIC …] with licenses lics[0 …]. */
static int64_t loop_batch(int quote, int status)
{
    static sup_quote_kind kind[NLIC];
    static sup_money fee[NLIC];
    static sup_date new_until[NLIC], valid[NLIC], pref_until[NLIC];
    static sup_state state[NLIC];
    int64_t sum = 0;
    for (long at = 0; at < n_eval; at += NLIC) {
        size_t k = (size_t)(n_eval - at < NLIC ? n_eval - at : NLIC);
        if (status)
            must(sup_batch_status(k, lics, dates + at, 0, pol, state, NULL, pref_until, NULL), "batch status");
        if (quote)
            must(sup_batch_quote(k, lics, prods, dates + at, 0, pol, kind, fee, new_until, valid, NULL), "batch quote");
        sum += (quote ? fee[k - 1] + valid[k - 1] : 0) + (status ? (int64_t)state[k - 1] + pref_until[k - 1] : 0);
    }
    return sum;
}
static int64_t loop_batch_quote(void) { return loop_batch(1, 0); }
static int64_t loop_batch_status(void) { return loop_batch(0, 1); }
static int64_t loop_batch_pair(void) { return loop_batch(1, 1); }

/* ---- memory bandwidth ----------------------------------------------------------------------------------- */

#define BW_BYTES ((size_t)256 << 20) /* far larger than the caches */
static uint64_t *bw_buf;

static int64_t loop_read(void)
{
    size_t words = BW_BYTES / sizeof *bw_buf;
    uint64_t s0 = 0, s1 = 0, s2 = 0, s3 = 0;
    for (size_t i = 0; i < words; i += 4) {
        s0 += bw_buf[i];
        s1 += bw_buf[i + 1];
        s2 += bw_buf[i + 2];
        s3 += bw_buf[i + 3];
    }
    return (int64_t)(s0 + s1 + s2 + s3);
}

static int64_t loop_write(void)
{
    static uint64_t pass;
    size_t words = BW_BYTES / sizeof *bw_buf;
    pass++;
    for (size_t i = 0; i < words; i++)
        bw_buf[i] = pass + i;
    return (int64_t)bw_buf[words - 1];
}

/* ---- the core's clock ------------------------------------------------------------------------------------ */

/* A chain of dependent 64-bit multiply-adds: each step waits for the previous one, 4 cycles on the x86-64
 * cores of the last decade (imul 3 + add 1), so steps per second x 4 is the clock the thread ran at. */
static int64_t loop_clock(void)
{
    uint64_t x = (uint64_t)sink | 1u;
    for (long i = 0; i < 50000000L; i++)
        x = x * 0x9E3779B97F4A7C15u + 1u;
    return (int64_t)(x >> 1);
}

/* ---- timing --------------------------------------------------------------------------------------------- */

/* One untimed run, then `runs` timed runs of fn; per-run seconds into cpu[] and wall[]. */
static void measure(int64_t (*fn)(void), int runs, double *cpu, double *wall)
{
    sink += fn();
    for (int r = 0; r < runs; r++) {
        stamp a = now();
        sink += fn();
        stamp b = now();
        cpu[r] = b.cpu - a.cpu;
        wall[r] = b.wall - a.wall;
    }
}

/* Print one rate (events per run / seconds) from CPU and wall times; BENCH lines for both. */
static double report(const char *key, const char *label, double per_run, int runs, double *cpu, double *wall,
                     const char *unit_what)
{
    double c[3], w[3];
    summarize(cpu, runs, c);
    summarize(wall, runs, w);
    /* a rate's median is the rate of the median time; its min comes from the slowest run */
    printf("%-22s %8.2f M/s %6.1f ns %-8s (runs %.2f … %.2f)   wall %8.2f M/s (runs %.2f … %.2f)\n", label,
           per_run / c[0] / 1e6, c[0] / per_run * 1e9, unit_what, per_run / c[2] / 1e6, per_run / c[1] / 1e6,
           per_run / w[0] / 1e6, per_run / w[2] / 1e6, per_run / w[1] / 1e6);
    printf("BENCH c.%s.cpu_Mps %.3f %.3f %.3f M/s\n", key, per_run / c[0] / 1e6, per_run / c[2] / 1e6,
           per_run / c[1] / 1e6);
    printf("BENCH c.%s.wall_Mps %.3f %.3f %.3f M/s\n", key, per_run / w[0] / 1e6, per_run / w[2] / 1e6,
           per_run / w[1] / 1e6);
    printf("BENCH c.%s.cpu_ns %.2f %.2f %.2f ns\n", key, c[0] / per_run * 1e9, c[1] / per_run * 1e9,
           c[2] / per_run * 1e9);
    return per_run / c[0];
}

static int pin_to_this_cpu(void)
{
    int cpu = sched_getcpu();
    if (cpu < 0)
        return -1;
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET((size_t)cpu, &set);
    return sched_setaffinity(0, sizeof set, &set) == 0 ? cpu : -1;
}

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 10000000L;
    int runs = argc > 2 ? atoi(argv[2]) : 5;
    const char *what = argc > 3 ? argv[3] : "all";
    int all = strcmp(what, "all") == 0;
    int known = all || !strcmp(what, "quote") || !strcmp(what, "status") || !strcmp(what, "pair") ||
                !strcmp(what, "batch") || !strcmp(what, "bw");
    if (n <= 0 || runs <= 0 || runs > MAXRUNS || !known || argc > 4) {
        fprintf(stderr, "usage: bench_core [N>0] [RUNS 1..%d] [all|quote|status|pair|batch|bw]\n", MAXRUNS);
        return 2;
    }
    int cpu_no = pin_to_this_cpu();
    double cpu[MAXRUNS], wall[MAXRUNS];

    printf("libsupport %s — bench_core: %ld evaluations over %d licenses, dates over five years; "
           "median of %d runs after one untimed; %s\n",
           sup_version_string(), n, NLIC, runs, cpu_no >= 0 ? "pinned to one CPU" : "NOT pinned");
    printf("%-22s %-31s %-24s %s\n", "", "by CPU time (median)", "", "by wall clock (median)");

    double quote_rate = 0, ghz = 0;
    if (all) {
        double c[3];
        measure(loop_clock, runs, cpu, wall);
        summarize(cpu, runs, c);
        ghz = 4 * 50e6 / c[0] / 1e9;
        printf("effective clock (a chain of dependent multiply-adds; lower when the core is shared or throttled): "
               "%.2f GHz (runs %.2f … %.2f)\n",
               ghz, 4 * 50e6 / c[2] / 1e9, 4 * 50e6 / c[1] / 1e9);
        printf("BENCH c.clock_GHz %.3f %.3f %.3f GHz\n", ghz, 4 * 50e6 / c[2] / 1e9, 4 * 50e6 / c[1] / 1e9);
    }
    if (strcmp(what, "bw") != 0) {
        setup(n);
        double per = (double)n;
        if (all || !strcmp(what, "quote")) {
            measure(loop_quote, runs, cpu, wall);
            quote_rate = report("quote", "quote", per, runs, cpu, wall, "each");
            if (ghz > 0) {
                printf("  at %.2f GHz: %.0f cycles per quote\n", ghz, ghz * 1e9 / quote_rate);
                printf("BENCH c.quote.cycles %.1f %.1f %.1f cycles\n", ghz * 1e9 / quote_rate, ghz * 1e9 / quote_rate,
                       ghz * 1e9 / quote_rate);
            }
        }
        if (all || !strcmp(what, "status")) {
            measure(loop_status, runs, cpu, wall);
            report("status", "status", per, runs, cpu, wall, "each");
        }
        if (all || !strcmp(what, "pair")) {
            measure(loop_pair, runs, cpu, wall);
            report("pair", "quote+status", per, runs, cpu, wall, "a pair");
        }
        if (all || !strcmp(what, "batch")) {
            measure(loop_batch_quote, runs, cpu, wall);
            report("batch_quote", "sup_batch_quote", per, runs, cpu, wall, "each");
            measure(loop_batch_status, runs, cpu, wall);
            report("batch_status", "sup_batch_status", per, runs, cpu, wall, "each");
            measure(loop_batch_pair, runs, cpu, wall);
            report("batch_pair", "batch quote+status", per, runs, cpu, wall, "a pair");
        }
        teardown();
    }

    if (all || !strcmp(what, "bw")) {
        bw_buf = malloc(BW_BYTES);
        if (bw_buf == NULL)
            return 1;
        memset(bw_buf, 1, BW_BYTES); /* fault every page in before timing */
        double rd_cpu[MAXRUNS], rd_wall[MAXRUNS], rd[3], wr[3];
        measure(loop_read, runs, rd_cpu, rd_wall);
        measure(loop_write, runs, cpu, wall);
        summarize(rd_cpu, runs, rd);
        summarize(cpu, runs, wr);
        double rbw = (double)BW_BYTES / rd[0], wbw = (double)BW_BYTES / wr[0]; /* bytes per second */
        const double in = 20, out = 20;                                        /* bytes per quote, above */
        double limit = 1.0 / (in / rbw + out / wbw);
        printf("memory bandwidth of one core (%zu MiB streamed): read %.2f GB/s, write %.2f GB/s (CPU time)\n",
               BW_BYTES >> 20, rbw / 1e9, wbw / 1e9);
        printf("bandwidth limit at %.0f bytes in + %.0f out per quote: %.1f M/s", in, out, limit / 1e6);
        if (quote_rate > 0)
            printf(" (quote reaches %.1f%% of it)", 100 * quote_rate / limit);
        printf("\n");
        printf("BENCH c.read_GBps %.3f %.3f %.3f GB/s\n", rbw / 1e9, (double)BW_BYTES / rd[2] / 1e9,
               (double)BW_BYTES / rd[1] / 1e9);
        printf("BENCH c.write_GBps %.3f %.3f %.3f GB/s\n", wbw / 1e9, (double)BW_BYTES / wr[2] / 1e9,
               (double)BW_BYTES / wr[1] / 1e9);
        printf("BENCH c.bw_limit_Mps %.3f %.3f %.3f M/s\n", limit / 1e6, limit / 1e6, limit / 1e6);
        free(bw_buf);
    }
    printf("(checksum %lld)\n", (long long)sink);
    return 0;
}
