/*
 * bench_core — what a renewal quote and a status cost in C, on one core.
 *
 * A batch of N evaluations (default 10,000,000) over 4096 licenses with varied
 * purchase dates (some renewed) and a product with a price history, on dates
 * spread over five years. Reports evaluations per second for quote, status,
 * and quote+status, as the median of R runs (default 5), and the limit that
 * memory bandwidth would set: a streaming read of the same amount of data
 * (per evaluation: support_until, list price and date in; kind, fee,
 * new_support_until and valid_through out).
 *
 *   bench_core [N] [RUNS]
 */
#define _POSIX_C_SOURCE 200809L
#include <libsupport.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define NLIC 4096

static double now(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec * 1e-9;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return n % 2 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
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

int main(int argc, char **argv)
{
    long n = argc > 1 ? atol(argv[1]) : 10000000L;
    int runs = argc > 2 ? atoi(argv[2]) : 5;
    if (n <= 0 || runs <= 0 || runs > 99) {
        fprintf(stderr, "usage: bench_core [N>0] [RUNS 1..99]\n");
        return 2;
    }

    sup_product *prod;
    must(sup_product_new(SUP_LICENSE_PERPETUAL, 6, &prod), "product");
    must(sup_product_set_price(prod, 20200101, 599000), "price");
    must(sup_product_set_price(prod, 20230301, 699000), "price");
    must(sup_product_set_price(prod, 20250101, 799000), "price");
    must(sup_product_set_price(prod, 20270101, 899000), "price");
    sup_policy *pol;
    must(sup_policy_new(&pol), "policy");

    sup_license *lics[NLIC];
    sup_date purchased[NLIC];
    for (int i = 0; i < NLIC; i++) {
        must(sup_date_add_days(20230101, (int32_t)(next_rand() % 1200), &purchased[i]), "date");
        must(sup_license_new(prod, purchased[i], &lics[i]), "license");
        if (i % 3 == 0) { /* a third renewed once in their grace month */
            sup_date on;
            must(sup_date_add_months(sup_license_latest_until(lics[i]), 0, &on), "date");
            sup_quote *q;
            must(sup_quote_new(&q), "quote");
            must(sup_license_quote(lics[i], prod, pol, on, q), "quote");
            must(sup_license_renew(lics[i], prod, pol, on, sup_quote_fee(q), NULL), "renew");
            sup_quote_free(q);
        }
    }
    /* evaluation dates: from the purchase to five years later */
    sup_date *dates = malloc((size_t)n * sizeof *dates);
    if (dates == NULL)
        return 1;
    for (long i = 0; i < n; i++)
        must(sup_date_add_days(purchased[i % NLIC], (int32_t)(next_rand() % 1826), &dates[i]), "date");

    sup_quote *q;
    sup_status *st;
    must(sup_quote_new(&q), "quote");
    must(sup_status_new(&st), "status");

    double t_quote[99], t_status[99], t_both[99], t_bw[99];
    volatile int64_t sink = 0;
    for (int r = 0; r < runs; r++) {
        int64_t sum = 0;
        double t0 = now();
        for (long i = 0; i < n; i++) {
            if (sup_license_quote(lics[i % NLIC], prod, pol, dates[i], q) != SUP_OK)
                must(-1, "quote");
            sum += sup_quote_fee(q);
        }
        double t1 = now();
        for (long i = 0; i < n; i++) {
            if (sup_license_status(lics[i % NLIC], pol, dates[i], st) != SUP_OK)
                must(-1, "status");
            sum += sup_status_state(st);
        }
        double t2 = now();
        for (long i = 0; i < n; i++) {
            const sup_license *l = lics[i % NLIC];
            if (sup_license_status(l, pol, dates[i], st) != SUP_OK ||
                sup_license_quote(l, prod, pol, dates[i], q) != SUP_OK)
                must(-1, "quote+status");
            sum += sup_quote_fee(q) + sup_status_state(st);
        }
        double t3 = now();
        t_quote[r] = t1 - t0;
        t_status[r] = t2 - t1;
        t_both[r] = t3 - t2;
        sink += sum;
    }

    /* memory bandwidth: stream-read as many bytes as the evaluations would move */
    const size_t per_eval = sizeof(sup_date) + sizeof(sup_money) + sizeof(sup_date) /* in */
                            + sizeof(int32_t) + sizeof(sup_money) + 2 * sizeof(sup_date); /* out */
    size_t words = (size_t)256 << 20 >> 3; /* a 256 MiB buffer, far larger than the caches */
    uint64_t *buf = malloc(words * sizeof *buf);
    if (buf == NULL)
        return 1;
    for (size_t i = 0; i < words; i++)
        buf[i] = i;
    for (int r = 0; r < runs; r++) {
        uint64_t s0 = 0, s1 = 0, s2 = 0, s3 = 0;
        double t0 = now();
        for (int pass = 0; pass < 4; pass++)
            for (size_t i = 0; i < words; i += 4) {
                s0 += buf[i];
                s1 += buf[i + 1];
                s2 += buf[i + 2];
                s3 += buf[i + 3];
            }
        t_bw[r] = (now() - t0) / 4;
        sink += (int64_t)(s0 + s1 + s2 + s3);
    }
    double bw = (double)(words * sizeof *buf) / median(t_bw, runs); /* bytes per second */

    double mq = median(t_quote, runs), ms = median(t_status, runs), mb = median(t_both, runs);
    printf("libsupport %s — %ld evaluations over %d licenses, median of %d runs\n", sup_version_string(), n, NLIC,
           runs);
    printf("quote:          %8.2f M/s  (%6.1f ns each)\n", (double)n / mq / 1e6, mq / (double)n * 1e9);
    printf("status:         %8.2f M/s  (%6.1f ns each)\n", (double)n / ms / 1e6, ms / (double)n * 1e9);
    printf("quote+status:   %8.2f M/s  (%6.1f ns a pair)\n", (double)n / mb / 1e6, mb / (double)n * 1e9);
    printf("memory read bandwidth: %.2f GB/s; at %zu bytes an evaluation the bandwidth limit is %.1f M/s\n",
           bw / 1e9, per_eval, bw / (double)per_eval / 1e6);
    printf("(checksum %lld)\n", (long long)sink);

    free(buf);
    free(dates);
    sup_quote_free(q);
    sup_status_free(st);
    for (int i = 0; i < NLIC; i++)
        sup_license_free(lics[i]);
    sup_policy_free(pol);
    sup_product_free(prod);
    return 0;
}
