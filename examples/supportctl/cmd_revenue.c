/* supportctl revenue — the revenue schedule by recognition (libsupport/revenue.h):
 * money billed, revenue recognised and deferred revenue, month by month, as a
 * table, JSON, or CSV for a spreadsheet with a Russian locale (the library's CSV
 * writer: ';', UTF-8 with a byte order mark, decimal commas, dd.mm.yyyy dates,
 * the library's Russian headings). Every figure is the library's. */
#include "cli.h"

#include <stdlib.h>
#include <string.h>

#define NOPTS(a) (sizeof(a) / sizeof((a)[0]))

enum out_format { OUT_TABLE, OUT_JSON, OUT_CSV };

/* "2026-01" of a month's first day. */
static const char *month_text(sup_date d, char buf[16])
{
    snprintf(buf, 16, "%04d-%02d", sup_date_year(d), sup_date_month(d));
    return buf;
}

/* One row of the cursor, read once. */
typedef struct rev_row {
    sup_date month, month_end;
    sup_id product;
    const char *code, *name; /* valid until the next row */
    sup_revenue_kind kind;
    sup_money opening, billed, recognised, deferred;
    int64_t payments;
} rev_row;

static void read_row(sup_cursor *c, rev_row *r)
{
    r->month = sup_cursor_date(c, SUP_REVCOL_MONTH);
    r->month_end = sup_cursor_date(c, SUP_REVCOL_MONTH_END);
    r->product = sup_cursor_int64(c, SUP_REVCOL_PRODUCT);
    r->code = sup_cursor_text(c, SUP_REVCOL_PRODUCT_CODE);
    r->name = sup_cursor_text(c, SUP_REVCOL_PRODUCT_NAME);
    r->kind = (sup_revenue_kind)sup_cursor_int64(c, SUP_REVCOL_KIND);
    r->opening = sup_cursor_int64(c, SUP_REVCOL_OPENING_DEFERRED);
    r->billed = sup_cursor_int64(c, SUP_REVCOL_BILLED);
    r->recognised = sup_cursor_int64(c, SUP_REVCOL_RECOGNISED);
    r->deferred = sup_cursor_int64(c, SUP_REVCOL_DEFERRED);
    r->payments = sup_cursor_int64(c, SUP_REVCOL_PAYMENTS);
}

/* Totals of the period: billed and recognised in all; the balances of its first and last month. */
typedef struct rev_totals {
    sup_money billed, recognised, opening, closing;
    int64_t payments;
    sup_date first_month;
} rev_totals;

static void add_totals(rev_totals *t, const rev_row *r)
{
    t->billed += r->billed;
    t->recognised += r->recognised;
    t->payments += r->payments;
    if (t->first_month == SUP_DATE_NONE)
        t->first_month = r->month;
    if (r->month == t->first_month)
        t->opening += r->opening;
}

/* ---- the three outputs ---------------------------------------------------------------------------------- */

static void json_row(json *j, const rev_row *r, sup_revenue_by by)
{
    char m[16];
    json_begin_object(j, NULL);
    json_str(j, "month", month_text(r->month, m));
    json_date(j, "month_start", r->month);
    json_date(j, "month_end", r->month_end);
    if (by == SUP_REVENUE_BY_PRODUCT) {
        json_int(j, "product_id", r->product);
        json_str(j, "product_code", r->code);
        json_str(j, "product_name", r->name);
    }
    if (by == SUP_REVENUE_BY_KIND)
        json_str(j, "kind", sup_revenue_kind_name(r->kind));
    json_money(j, "opening_deferred_kopecks", "opening_deferred", r->opening);
    json_money(j, "billed_kopecks", "billed", r->billed);
    json_money(j, "recognised_kopecks", "recognised", r->recognised);
    json_money(j, "deferred_kopecks", "deferred", r->deferred);
    json_int(j, "payments", r->payments);
    json_end_object(j);
}

static void table_row_of(table *t, const rev_row *r, sup_revenue_by by)
{
    char m[16], o[SUP_MONEY_BUFSIZE], b[SUP_MONEY_BUFSIZE], rc[SUP_MONEY_BUFSIZE], d[SUP_MONEY_BUFSIZE], n[24];
    snprintf(n, sizeof n, "%lld", (long long)r->payments);
    const char *group = by == SUP_REVENUE_BY_PRODUCT ? r->code : sup_revenue_kind_name(r->kind);
    const char *cells[] = {month_text(r->month, m), group, money_plain(r->opening, o), money_plain(r->billed, b),
                           money_plain(r->recognised, rc), money_plain(r->deferred, d), n};
    if (by == SUP_REVENUE_BY_MONTH) {
        const char *plain[] = {cells[0], cells[2], cells[3], cells[4], cells[5], cells[6]};
        table_row(t, plain);
    } else {
        table_row(t, cells);
    }
}

/* The CSV's headings: the library's Russian words for the columns. */
static int csv_head(sup_csv_writer *w, sup_revenue_by by)
{
    int cols[8], n = 0;
    cols[n++] = SUP_REVCOL_MONTH;
    if (by == SUP_REVENUE_BY_PRODUCT) {
        cols[n++] = SUP_REVCOL_PRODUCT_CODE;
        cols[n++] = SUP_REVCOL_PRODUCT_NAME;
    }
    if (by == SUP_REVENUE_BY_KIND)
        cols[n++] = SUP_REVCOL_KIND;
    cols[n++] = SUP_REVCOL_OPENING_DEFERRED;
    cols[n++] = SUP_REVCOL_BILLED;
    cols[n++] = SUP_REVCOL_RECOGNISED;
    cols[n++] = SUP_REVCOL_DEFERRED;
    cols[n++] = SUP_REVCOL_PAYMENTS;
    int rc = SUP_OK;
    for (int i = 0; i < n && rc == SUP_OK; i++)
        rc = sup_csv_write_field(w, sup_label(SUP_LABEL_REVENUE_COLUMN, cols[i], SUP_LANG_RU));
    return rc == SUP_OK ? sup_csv_end_row(w) : rc;
}

static int csv_row(sup_csv_writer *w, const rev_row *r, sup_revenue_by by)
{
    int rc = sup_csv_write_date(w, r->month);
    if (rc == SUP_OK && by == SUP_REVENUE_BY_PRODUCT) {
        rc = sup_csv_write_field(w, r->code != NULL ? r->code : "");
        if (rc == SUP_OK)
            rc = sup_csv_write_field(w, r->name != NULL ? r->name : "");
    }
    if (rc == SUP_OK && by == SUP_REVENUE_BY_KIND)
        rc = sup_csv_write_field(w, sup_label(SUP_LABEL_REVENUE_KIND, (int)r->kind, SUP_LANG_RU));
    if (rc == SUP_OK)
        rc = sup_csv_write_money(w, r->opening);
    if (rc == SUP_OK)
        rc = sup_csv_write_money(w, r->billed);
    if (rc == SUP_OK)
        rc = sup_csv_write_money(w, r->recognised);
    if (rc == SUP_OK)
        rc = sup_csv_write_money(w, r->deferred);
    if (rc == SUP_OK)
        rc = sup_csv_write_int(w, r->payments);
    return rc == SUP_OK ? sup_csv_end_row(w) : rc;
}

/* ---- the command ---------------------------------------------------------------------------------------------- */

typedef struct rev_run {
    enum out_format fmt;
    sup_revenue_by by;
    json j;
    table t;
    sup_csv_writer *w;
    rev_totals tot;
    sup_date last_month;
} rev_run;

/* Every row to the output (nothing is printed before the first row has been read: the schedule is built by
 * then, so a failure leaves stdout empty). */
static int emit_rows(rev_run *run, sup_cursor *c, const char *from, const char *to)
{
    int rc = sup_cursor_next(c);
    if (rc < 0)
        return rc;
    if (run->fmt == OUT_JSON) {
        json_begin_object(&run->j, NULL);
        json_str(&run->j, "from", from);
        json_str(&run->j, "to", to);
        json_str(&run->j, "by", sup_revenue_by_name(run->by));
        json_begin_array(&run->j, "rows");
    } else if (run->fmt == OUT_CSV) {
        int hrc = csv_head(run->w, run->by);
        if (hrc != SUP_OK)
            return hrc;
    }
    for (; rc == 1; rc = sup_cursor_next(c)) {
        rev_row r;
        read_row(c, &r);
        add_totals(&run->tot, &r);
        if (r.month != run->last_month) {
            run->last_month = r.month;
            run->tot.closing = 0;
        }
        run->tot.closing += r.deferred;
        int wrc = SUP_OK;
        if (run->fmt == OUT_JSON)
            json_row(&run->j, &r, run->by);
        else if (run->fmt == OUT_CSV)
            wrc = csv_row(run->w, &r, run->by);
        else
            table_row_of(&run->t, &r, run->by);
        if (wrc != SUP_OK)
            return wrc;
    }
    return rc;
}

static void print_totals(rev_run *run)
{
    rev_totals *t = &run->tot;
    if (run->fmt == OUT_JSON) {
        json_end_array(&run->j);
        json_begin_object(&run->j, "totals");
        json_money(&run->j, "opening_deferred_kopecks", "opening_deferred", t->opening);
        json_money(&run->j, "billed_kopecks", "billed", t->billed);
        json_money(&run->j, "recognised_kopecks", "recognised", t->recognised);
        json_money(&run->j, "deferred_kopecks", "deferred", t->closing);
        json_int(&run->j, "payments", t->payments);
        json_end_object(&run->j);
        json_end_object(&run->j);
        json_done(&run->j);
    } else if (run->fmt == OUT_CSV) {
        size_t len = 0;
        const char *data = sup_csv_writer_data(run->w, &len);
        fwrite(data, 1, len, stdout);
    } else {
        char o[SUP_MONEY_BUFSIZE], b[SUP_MONEY_BUFSIZE], r[SUP_MONEY_BUFSIZE], d[SUP_MONEY_BUFSIZE];
        table_print(&run->t, stdout);
        printf("deferred at the start %s rub; billed %s rub (%lld payment%s); recognised %s rub; deferred at the "
               "end %s rub\n",
               money_plain(t->opening, o), money_plain(t->billed, b), (long long)t->payments,
               t->payments == 1 ? "" : "s", money_plain(t->recognised, r), money_plain(t->closing, d));
    }
}

static bool parse_args(const opt *o, size_t n, sup_revenue_options *ro, enum out_format *fmt)
{
    if (sup_revenue_options_init(ro, SUP_REVENUE_OPTIONS_VERSION) != SUP_OK) {
        fail_input("revenue: %s", sup_error_message());
        return false;
    }
    const char *from = opt_get(o, n, "--from"), *to = opt_get(o, n, "--to"), *by = opt_get(o, n, "--by");
    if (sup_revenue_parse_month(from, &ro->from) != SUP_OK) {
        fail_input("--from: %s", sup_error_message());
        return false;
    }
    if (sup_revenue_parse_month(to, &ro->to) != SUP_OK) {
        fail_input("--to: %s", sup_error_message());
        return false;
    }
    if (by != NULL && sup_revenue_by_from_name(by, &ro->by) != SUP_OK) {
        fail_input("--by: %s", sup_error_message());
        return false;
    }
    bool as_json = opt_flag(o, n, "--json"), as_csv = opt_flag(o, n, "--csv");
    if (as_json && as_csv) {
        fail_input("revenue: --json and --csv exclude each other");
        return false;
    }
    *fmt = as_json ? OUT_JSON : as_csv ? OUT_CSV : OUT_TABLE;
    return true;
}

static int run_revenue(int argc, char **argv)
{
    opt o[] = {LEDGER_OPTS, {"--from", true, true, NULL}, {"--to", true, true, NULL}, {"--by", true, false, NULL},
               {"--json", false, false, NULL}, {"--csv", false, false, NULL}};
    bool help;
    if (!parse_options(&cmd_revenue, argc, argv, o, NOPTS(o), NULL, 0, NULL, &help))
        return EXIT_BAD_INPUT;
    if (help)
        return EXIT_OK;
    sup_revenue_options ro;
    rev_run run;
    memset(&run, 0, sizeof run);
    if (!parse_args(o, NOPTS(o), &ro, &run.fmt))
        return EXIT_BAD_INPUT;
    run.by = ro.by;
    sup_ledger *l = NULL;
    int st = ledger_open(ledger_path(o, NOPTS(o)), false, &l);
    if (st != EXIT_OK)
        return st;
    static const char *const head_month[] = {"MONTH", "OPENING DEFERRED", "BILLED", "RECOGNISED", "DEFERRED",
                                             "PAYMENTS"};
    static const char *const head_product[] = {"MONTH",      "PRODUCT",  "OPENING DEFERRED", "BILLED",
                                               "RECOGNISED", "DEFERRED", "PAYMENTS"};
    static const char *const head_kind[] = {"MONTH",      "KIND",     "OPENING DEFERRED", "BILLED",
                                            "RECOGNISED", "DEFERRED", "PAYMENTS"};
    if (run.by == SUP_REVENUE_BY_MONTH)
        table_init(&run.t, 6, head_month, "lrrrrr");
    else
        table_init(&run.t, 7, run.by == SUP_REVENUE_BY_PRODUCT ? head_product : head_kind, "llrrrrr");
    sup_csv_write_options wo;
    int rc = SUP_OK;
    if (run.fmt == OUT_CSV) {
        rc = sup_csv_write_options_init(&wo, SUP_CSV_WRITE_OPTIONS_VERSION);
        wo.guard_formulas = 1; /* product names come from the ledger */
        if (rc == SUP_OK)
            rc = sup_csv_writer_new(&wo, &run.w);
    }
    sup_cursor *c = NULL;
    if (rc == SUP_OK)
        rc = sup_ledger_revenue(l, &ro, &c);
    if (rc == SUP_OK)
        rc = emit_rows(&run, c, opt_get(o, NOPTS(o), "--from"), opt_get(o, NOPTS(o), "--to"));
    if (rc != SUP_OK)
        st = fail_lib(rc, "revenue");
    else
        print_totals(&run);
    table_free(&run.t);
    sup_csv_writer_free(run.w);
    sup_cursor_free(c);
    sup_ledger_close(l);
    return st;
}

const command cmd_revenue = {
    "revenue", "--from YYYY-MM --to YYYY-MM [--by product|kind] [--json|--csv]",
    "The revenue schedule by recognition, every month from --from to --to (also months\n"
    "with nothing billed): money billed (received), revenue recognised (earned) and the\n"
    "deferred revenue (доходы будущих периодов) at the start and end of each month, in\n"
    "total, or one row per month and product (--by product) or kind (--by kind: sale,\n"
    "preferential_renewal, standard_renewal, subscription_first, subscription, correction).\n"
    "A renewal is earned by day over the support it pays for, a subscription payment over\n"
    "its paid period, a sale on its date (the policy's recognition_* keys decide; see\n"
    "docs/revenue.md). Each month: opening + billed - recognised = deferred.\n"
    "\n"
    "--csv: for a spreadsheet with a Russian locale (Excel): ';' separated, UTF-8 with a\n"
    "byte order mark, decimal commas, dates as dd.mm.yyyy, Russian headings.\n"
    "\n"
    "JSON: {from, to, by, rows: [...], totals}, each row with month (YYYY-MM), month_start,\n"
    "month_end, product_id, product_code, product_name (--by product), kind (--by kind),\n"
    "opening_deferred_kopecks, opening_deferred, billed_kopecks, billed, recognised_kopecks,\n"
    "recognised, deferred_kopecks, deferred, payments; totals: opening_deferred (of the first\n"
    "month), billed, recognised, deferred (at the end of the last month), payments.\n",
    run_revenue, CMD_LEDGER};
