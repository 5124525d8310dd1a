/*
 * import_bench — what importing the vendor's data costs (issue 13), not a test.
 *
 *   import_bench [DIR] [LICENSES] [RUNS] [BACKEND]
 *   import_bench due LEDGER [DATE…]   the reminder e-mails due on dates of an existing ledger
 *       DIR       where the CSV files and the ledgers go (default /tmp/sup-import-bench)
 *       LICENSES  rows of licenses.csv (default 100000; customers.csv has a fifth as many)
 *       RUNS      runs of each measure, median printed (default 3)
 *       BACKEND   a postgresql:// URI to import into instead of a file in DIR (schema=... fresh each run)
 *
 * Each run imports into a new ledger (SQLite: WAL, synchronous=FULL, one transaction for the
 * import): the customers file, then the licenses file (timed alone: licenses/s), then both files
 * again (nothing changes: rows/s of a re-import), and lists the reminder e-mails due on three
 * dates (sup_ledger_list_sends_due over every license). The files are 1C-style: Windows-1251
 * names, ";", DD.MM.YYYY dates, "7 990,00" amounts, a known support end on a third of the rows.
 * Peak RSS of the process at the end (memory is flat in the size of the files).
 */
#define _POSIX_C_SOURCE 200809L
#include <libsupport.h>

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static double now_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static double cpu_s(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void die(const char *what, int rc)
{
    fprintf(stderr, "import_bench: %s: %s (%d)\n", what, sup_error_message(), rc);
    exit(1);
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static double median(double *v, int n)
{
    qsort(v, (size_t)n, sizeof *v, cmp_double);
    return v[n / 2];
}

static long peak_rss_kb(void)
{
    struct rusage ru;
    return getrusage(RUSAGE_SELF, &ru) == 0 ? ru.ru_maxrss : 0;
}

/* The two files, as 1C writes them (the names in Windows-1251: "ООО Клиент N"). */
static void write_files(const char *dir, long licenses, char *cpath, char *lpath, size_t size)
{
    snprintf(cpath, size, "%s/customers-%ld-g2.csv", dir, licenses);
    snprintf(lpath, size, "%s/licenses-%ld-g2.csv", dir, licenses);
    struct stat sb;
    if (stat(cpath, &sb) == 0 && stat(lpath, &sb) == 0)
        return;
    long customers = licenses / 5 > 0 ? licenses / 5 : 1;
    FILE *c = fopen(cpath, "wb"), *l = fopen(lpath, "wb");
    if (c == NULL || l == NULL) {
        perror("import_bench: writing the CSV files");
        exit(1);
    }
    fputs("\xCA\xEE\xE4;\xCD\xE0\xE8\xEC\xE5\xED\xEE\xE2\xE0\xED\xE8\xE5;E-mail;\xC8\xCD\xCD\r\n", c);
    for (long i = 0; i < customers; i++)
        fprintf(c, "C%06ld;\xCE\xCE\xCE \xCA\xEB\xE8\xE5\xED\xF2 %ld;buh%ld@client%ld.ru;%s\r\n", i, i, i, i,
                i % 3 == 0 ? "7707083893" : "");
    fputs("external_id;customer;product;purchased;paid;support_until;support_from\r\n", l);
    uint64_t x = 0x9E3779B97F4A7C15u;
    for (long i = 0; i < licenses; i++) {
        /* purchases spread evenly over 2019-01-01 … 2026-12-31 (a fixed pseudo-random sequence) */
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        sup_date bought = 20190101;
        if (sup_date_add_days(20190101, (int)(x % 2922u), &bought) != SUP_OK)
            bought = 20190101;
        int year = (int)(bought / 10000), month = (int)(bought / 100 % 100), day = (int)(bought % 100);
        if (i % 3 == 0 && day > 28)
            day = 28; /* (a known support end two years on: no 29 February to stumble on) */
        const char *product = i % 7 == 0 ? "CLOUD1" : i % 2 ? "REPORT6" : "EXT12";
        if (i % 3 == 0 && i % 7 != 0)
            fprintf(l, "1C-%08ld;C%06ld;%s;%02d.%02d.%d;;%02d.%02d.%d;%02d.%02d.%d\r\n", i, i % customers, product, day,
                    month, year, day, month, year + 2, day, month, year + 1);
        else
            fprintf(l, "1C-%08ld;C%06ld;%s;%02d.%02d.%d;%s;;\r\n", i, i % customers, product, day, month, year,
                    i % 7 == 0 ? "990" : i % 2 ? "7 990,00" : "12\xA0" "000,00");
    }
    if (fclose(c) != 0 || fclose(l) != 0) {
        perror("import_bench: writing the CSV files");
        exit(1);
    }
}

static void catalogue(sup_ledger *l)
{
    sup_id a = 0, b = 0, s = 0;
    int rc = sup_ledger_add_product(l, "bench", "REPORT6", "Анализ продаж", SUP_LICENSE_PERPETUAL, 6, &a);
    if (rc == SUP_OK)
        rc = sup_ledger_set_price(l, "bench", a, 20100101, 799000);
    if (rc == SUP_OK)
        rc = sup_ledger_add_product(l, "bench", "EXT12", "Обмен с банком", SUP_LICENSE_PERPETUAL, 12, &b);
    if (rc == SUP_OK)
        rc = sup_ledger_set_price(l, "bench", b, 20100101, 1200000);
    if (rc == SUP_OK)
        rc = sup_ledger_add_product(l, "bench", "CLOUD1", "Облако", SUP_LICENSE_SUBSCRIPTION_MONTHLY, 0, &s);
    if (rc == SUP_OK)
        rc = sup_ledger_set_price(l, "bench", s, 20100101, 99000);
    if (rc != SUP_OK)
        die("catalogue", rc);
}

static double import_one(sup_ledger *l, const char *cpath, const char *lpath, int64_t *rows, double *cpu)
{
    sup_import_options o;
    int rc = sup_import_options_init(&o, SUP_IMPORT_OPTIONS_VERSION);
    o.customers_path = cpath;
    o.licenses_path = lpath;
    sup_import_report *r = NULL;
    double t0 = now_s(), c0 = cpu_s();
    if (rc == SUP_OK)
        rc = sup_ledger_import(l, "bench", &o, &r);
    double t = now_s() - t0;
    *cpu = cpu_s() - c0;
    if (rc != SUP_OK)
        die("import", rc);
    *rows = sup_import_report_count(r, SUP_IMPORT_ROWS);
    sup_import_report_free(r);
    return t;
}

static void target(const char *dir, const char *backend, int run, char *buf, size_t size)
{
    if (backend != NULL) {
        snprintf(buf, size, "%s%sschema=import_bench_%d_%d", backend, strchr(backend, '?') ? "&" : "?", (int)getpid(),
                 run);
        return;
    }
    snprintf(buf, size, "%s/ledger-%d.db", dir, run);
    char side[1300];
    unlink(buf);
    snprintf(side, sizeof side, "%s-wal", buf);
    unlink(side);
    snprintf(side, sizeof side, "%s-shm", buf);
    unlink(side);
}

/* import_bench due LEDGER [DATE…]: the reminder e-mails due on dates of an existing ledger, each 3 times. */
static int due_only(int argc, char **argv)
{
    sup_ledger *l = NULL;
    int rc = sup_ledger_open(argv[2], SUP_LEDGER_READONLY, &l);
    if (rc != SUP_OK)
        die(argv[2], rc);
    for (int a = 3; a < argc || a == 3; a++) {
        sup_date on = 20261126;
        if (a < argc && sup_date_parse(argv[a], &on) != SUP_OK)
            die(argv[a], SUP_EDATE);
        double t[3];
        int64_t k = 0;
        for (int run = 0; run < 3; run++) {
            sup_cursor *c = NULL;
            double t0 = now_s();
            rc = sup_ledger_list_sends_due(l, on, NULL, &c);
            k = 0;
            int more = 0;
            while (rc == SUP_OK && (more = sup_cursor_next(c)) == 1)
                k++;
            if (rc != SUP_OK || more < 0)
                die("sends due", rc != SUP_OK ? rc : more);
            t[run] = now_s() - t0;
            sup_cursor_free(c);
        }
        printf("due on %d: %lld rows, %.4f s (median of 3; runs %.4f %.4f %.4f)\n", (int)on, (long long)k,
               median(t, 3), t[0], t[1], t[2]);
    }
    sup_ledger_close(l);
    printf("peak RSS: %ld kB\n", peak_rss_kb());
    return 0;
}

int main(int argc, char **argv)
{
    if (argc > 2 && strcmp(argv[1], "due") == 0)
        return due_only(argc, argv);
    const char *dir = argc > 1 ? argv[1] : "/tmp/sup-import-bench";
    long n = argc > 2 ? strtol(argv[2], NULL, 10) : 100000;
    int runs = argc > 3 ? atoi(argv[3]) : 3;
    const char *backend = argc > 4 ? argv[4] : NULL;
    if (n <= 0 || runs <= 0 || runs > 50) {
        fprintf(stderr, "usage: import_bench [DIR] [LICENSES] [RUNS] [postgresql://…]\n");
        return 2;
    }
    mkdir(dir, 0700);
    char cpath[1024], lpath[1024];
    write_files(dir, n, cpath, lpath, sizeof cpath);
    double *lic = calloc((size_t)runs, sizeof *lic), *re = calloc((size_t)runs, sizeof *re);
    double *lic_cpu = calloc((size_t)runs, sizeof *lic_cpu), *re_cpu = calloc((size_t)runs, sizeof *re_cpu), ignored;
    double *due = calloc((size_t)runs * 3, sizeof *due);
    int64_t due_rows = 0, reimport_rows = 0;
    for (int run = 0; run < runs; run++) {
        char path[1200];
        target(dir, backend, run, path, sizeof path);
        sup_ledger *l = NULL;
        int rc = sup_ledger_open(path, SUP_LEDGER_CREATE, &l);
        if (rc != SUP_OK)
            die(path, rc);
        catalogue(l);
        int64_t rows = 0;
        import_one(l, cpath, NULL, &rows, &ignored); /* the customers, untimed */
        lic[run] = import_one(l, NULL, lpath, &rows, &lic_cpu[run]);
        re[run] = import_one(l, cpath, lpath, &reimport_rows, &re_cpu[run]);
        static const sup_date days[3] = {20260701, 20261126, 20270315};
        for (int d = 0; d < 3; d++) {
            sup_cursor *c = NULL;
            double t0 = now_s();
            rc = sup_ledger_list_sends_due(l, days[d], NULL, &c);
            int64_t k = 0;
            int more = 0;
            while (rc == SUP_OK && (more = sup_cursor_next(c)) == 1)
                k++;
            if (rc != SUP_OK || more < 0)
                die("sends due", rc != SUP_OK ? rc : more);
            due[run * 3 + d] = now_s() - t0;
            sup_cursor_free(c);
            if (d == 1)
                due_rows = k;
        }
        sup_ledger_close(l);
        fprintf(stderr, "run %d: licenses %.3f s (CPU %.3f s), re-import %.3f s (CPU %.3f s), due %.4f/%.4f/%.4f s\n",
                run + 1, lic[run], lic_cpu[run], re[run], re_cpu[run], due[run * 3], due[run * 3 + 1], due[run * 3 + 2]);
    }
    double tl = median(lic, runs), tr = median(re, runs), td = median(due, runs * 3), cl = median(lic_cpu, runs);
    printf("licenses imported: %ld in %.3f s = %.0f licenses/s (median of %d; new ledger, one transaction); CPU "
           "%.3f s = %.0f licenses per CPU second\n",
           n, tl, (double)n / tl, runs, cl, (double)n / cl);
    printf("re-import of both files (nothing changes): %lld rows in %.3f s = %.0f rows/s\n", (long long)reimport_rows,
           tr, (double)reimport_rows / tr);
    printf("reminder e-mails due on a day over %ld licenses: %.4f s (median of %d; %lld rows on 2026-11-26)\n", n, td,
           runs * 3, (long long)due_rows);
    /* the lines bench/summarize.py reads: BENCH key median min max unit */
    printf("BENCH import.licenses_per_s %.0f %.0f %.0f licenses/s\n", (double)n / tl, (double)n / lic[runs - 1],
           (double)n / lic[0]);
    printf("BENCH import.licenses_per_cpu_s %.0f %.0f %.0f licenses per CPU second\n", (double)n / cl,
           (double)n / lic_cpu[runs - 1], (double)n / lic_cpu[0]);
    printf("BENCH import.reimport_rows_per_s %.0f %.0f %.0f rows/s\n", (double)reimport_rows / tr,
           (double)reimport_rows / re[runs - 1], (double)reimport_rows / re[0]);
    printf("BENCH import.sends_due_s %.4f %.4f %.4f s\n", td, due[0], due[runs * 3 - 1]);
    printf("peak RSS: %ld kB\n", peak_rss_kb());
    free(lic);
    free(re);
    free(lic_cpu);
    free(re_cpu);
    free(due);
    return 0;
}
