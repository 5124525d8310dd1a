/*
 * libsupport_revenue.i — the revenue schedule's names and months
 * (libsupport/revenue.h) and the CSV writer (libsupport/csv.h), included by
 * libsupport.i. The schedule itself is Ledger.revenue (libsupport_ledger.i), a
 * Cursor of RevenueRow. CsvWriter writes CSV exactly as supportctl does (for a
 * spreadsheet with a Russian locale by default: ';', a byte order mark, CRLF,
 * dd.mm.yyyy dates, decimal commas): the quoting, number and date forms are
 * the C library's.
 */

%{
#define supb_csv_writer sup_csv_writer

static const char *supf_revenue_kind_name(sup_revenue_kind k) { return sup_revenue_kind_name(k); }
static const char *supf_revenue_by_name(sup_revenue_by b) { return sup_revenue_by_name(b); }
static const char *supf_recognition_name(sup_recognition r) { return sup_recognition_name(r); }
static sup_revenue_by supf_revenue_by_from_name(const char *name)
{
    sup_revenue_by b = SUP_REVENUE_BY_MONTH;
    (void)supb_failed(sup_revenue_by_from_name(name, &b));
    return b;
}
static sup_date supf_parse_month(const char *text)
{
    sup_date d = SUP_DATE_NONE;
    (void)supb_failed(sup_revenue_parse_month(text, &d));
    return d;
}
%}

%rename(revenue_kind_name) supf_revenue_kind_name;
%rename(revenue_by_name) supf_revenue_by_name;
%rename(recognition_name) supf_recognition_name;
%rename(revenue_by_from_name) supf_revenue_by_from_name;
%rename(parse_month) supf_parse_month;

SUPB_DOC(supf_revenue_kind_name, "revenue_kind_name(kind) -> str: 'sale', 'preferential_renewal', 'subscription_first' ...")
SUPB_DOC(supf_revenue_by_name, "revenue_by_name(by) -> str: 'month', 'product' or 'kind'.")
SUPB_DOC(supf_recognition_name, "recognition_name(method) -> str: 'daily' or 'on_payment'.")
SUPB_DOC(supf_revenue_by_from_name, "revenue_by_from_name(name) -> RevenueBy for 'month', 'product' or 'kind'.")
SUPB_DOC(supf_parse_month, "parse_month(text) -> date: the first day of the month 'YYYY-MM' (DateError otherwise).")

const char *supf_revenue_kind_name(sup_revenue_kind kind);
const char *supf_revenue_by_name(sup_revenue_by by);
const char *supf_recognition_name(sup_recognition method);
sup_revenue_by supf_revenue_by_from_name(const char *name);
sup_date supf_parse_month(const char *text);

/* ---- CsvWriter ----------------------------------------------------------------- */

%rename(CsvWriter) supb_csv_writer;
%nodefaultctor;
%nodefaultdtor;
struct supb_csv_writer {};
typedef struct supb_csv_writer supb_csv_writer;
%clearnodefaultctor;
%clearnodefaultdtor;

SUPB_DOC(supb_csv_writer, "CsvWriter(separator=';', bom=True, crlf=True, date_style=DateStyle.RU,\n"
         "money_style=MoneyStyle.DECIMAL_COMMA, guard_formulas=False): CSV as spreadsheets with a\n"
         "Russian locale read it (the library's writer: the quoting, dates and amounts are its own).\n"
         "Add fields, end each row, then data() is the text of the ended rows; clear() drops it.")
SUPB_DOC(supb_csv_writer::field, "field(text): a text field (quoted when it must be).")
SUPB_DOC(supb_csv_writer::money, "money(kopecks): an amount in the writer's money style ('1998,00').")
SUPB_DOC(supb_csv_writer::date, "date(d): a date in the writer's date style ('31.01.2026').")
SUPB_DOC(supb_csv_writer::integer, "integer(n): a whole number.")
SUPB_DOC(supb_csv_writer::end_row, "end_row(): end the current row.")
SUPB_DOC(supb_csv_writer::data, "data() -> str: the output of the ended rows not yet cleared (the byte order mark\n"
         "first).")
SUPB_DOC(supb_csv_writer::clear, "clear(): drop the output (after writing it out); the next rows follow on.")

%extend supb_csv_writer {
    supb_csv_writer(const char *separator = ";", bool bom = true, bool crlf = true,
                    sup_date_style date_style = SUP_DATE_RU, sup_money_style money_style = SUP_MONEY_DECIMAL_COMMA,
                    bool guard_formulas = false)
    {
        sup_csv_write_options o;
        if (supb_failed(sup_csv_write_options_init(&o, SUP_CSV_WRITE_OPTIONS_VERSION)))
            return NULL;
        if (separator == NULL || strlen(separator) != 1) {
            supb_fail_msg(SUP_EINVAL, "CsvWriter: the separator must be one ASCII character");
            return NULL;
        }
        o.separator = separator[0];
        o.bom = bom ? 1 : 0;
        o.crlf = crlf ? 1 : 0;
        o.date_style = date_style;
        o.money_style = money_style;
        o.guard_formulas = guard_formulas ? 1 : 0;
        sup_csv_writer *w = NULL;
        if (supb_failed(sup_csv_writer_new(&o, &w)))
            return NULL;
        return supb_born(SUPB_C_CSV_WRITER, w);
    }
    ~supb_csv_writer()
    {
        supb_died(SUPB_C_CSV_WRITER, $self);
        sup_csv_writer_free($self);
    }
    void field(const char *text) { (void)supb_failed(sup_csv_write_field($self, text)); }
    void money(sup_money kopecks) { (void)supb_failed(sup_csv_write_money($self, kopecks)); }
    void date(sup_date d) { (void)supb_failed(sup_csv_write_date($self, d)); }
    void integer(long long n) { (void)supb_failed(sup_csv_write_int($self, (int64_t)n)); }
    void end_row() { (void)supb_failed(sup_csv_end_row($self)); }
    const char *data()
    {
        size_t len = 0;
        return sup_csv_writer_data($self, &len); /* UTF-8 without NULs: the fields are checked text */
    }
    void clear() { sup_csv_writer_clear($self); }
}
