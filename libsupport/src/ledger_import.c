/* libsupport — the vendor's customers and licenses imported from CSV (import.h,
 * docs/import.md): one transaction over both files, every row checked before it
 * is written (the core decides kinds, support ends and periods), the statements
 * prepared once for the whole import, memory flat in the size of the files. */
#include "ledger_customers.h"
#include "codec_internal.h"
#include "libsupport/import.h"
#include "libsupport/requisites.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the report ------------------------------------------------------------------------------ */

struct import_error {
    sup_import_file file;
    int64_t line;
    char *column;
    char *message;
};

struct sup_import_report {
    int applied, dry;
    int64_t counts[SUP_IMPORT_ROWS + 1];
    struct import_error *errs;
    size_t nerrs, cap, max;
};

void sup_import_report_free(sup_import_report *r)
{
    if (r == NULL)
        return;
    for (size_t i = 0; i < r->nerrs; i++) {
        sup__free(r->errs[i].column);
        sup__free(r->errs[i].message);
    }
    sup__free(r->errs);
    sup__free(r);
}

int sup_import_report_applied(const sup_import_report *r) { return r != NULL && r->applied; }
int sup_import_report_dry_run(const sup_import_report *r) { return r != NULL && r->dry; }
size_t sup_import_report_error_count(const sup_import_report *r) { return r != NULL ? r->nerrs : 0; }

int64_t sup_import_report_count(const sup_import_report *r, sup_import_count what)
{
    return r != NULL && (unsigned)what <= SUP_IMPORT_ROWS ? r->counts[what] : 0;
}

int sup_import_report_error(const sup_import_report *r, size_t i, sup_import_file *file, int64_t *line,
                            const char **column, const char **message)
{
    SUP__CHECK_ARG(r, "sup_import_report_error");
    if (i >= r->nerrs)
        return sup__fail(SUP_ENOTFOUND, "import error %zu: the report has %zu", i, r->nerrs);
    if (file != NULL)
        *file = r->errs[i].file;
    if (line != NULL)
        *line = r->errs[i].line;
    if (column != NULL)
        *column = r->errs[i].column;
    if (message != NULL)
        *message = r->errs[i].message;
    return SUP_OK;
}

int sup_import_options_init(sup_import_options *o, unsigned version)
{
    SUP__CHECK_ARG(o, "sup_import_options_init");
    if (version != SUP_IMPORT_OPTIONS_VERSION)
        return sup__fail(SUP_EINVAL, "sup_import_options_init: unknown version %u (this library knows %u)", version,
                         (unsigned)SUP_IMPORT_OPTIONS_VERSION);
    memset(o, 0, sizeof *o);
    o->version = version;
    return SUP_OK;
}

/* ---- the columns ---------------------------------------------------------------------------------- */

struct column_def {
    const char *name;            /* the export's header */
    const char *const aliases[4]; /* other headers accepted (1C's Russian ones), NULL-terminated */
    bool required;
};

enum { CC_CODE, CC_NAME, CC_EMAIL, CC_PHONE, CC_INN, CC_KPP, CC_LANG, CC_NOTE, CC_N };
static const struct column_def customer_cols[CC_N] = {
    {"code", {"код", "код клиента", NULL}, true},
    {"name", {"наименование", "название", "клиент", NULL}, false}, /* required of new customers */
    {"email", {"e-mail", "электронная почта", "почта", NULL}, false},
    {"phone", {"телефон", NULL}, false},
    {"inn", {"инн", NULL}, false},
    {"kpp", {"кпп", NULL}, false},
    {"lang", {"язык", NULL}, false},
    {"note", {"комментарий", "примечание", NULL}, false},
};

enum { LC_EXTERNAL_ID, LC_CUSTOMER, LC_PRODUCT, LC_PURCHASED, LC_PAID, LC_SUPPORT_UNTIL, LC_SUPPORT_FROM, LC_N };
static const struct column_def license_cols[LC_N] = {
    {"external_id", {"номер лицензии", "внешний код", "id", NULL}, true},
    {"customer", {"код клиента", "клиент", NULL}, true},
    {"product", {"код продукта", "продукт", NULL}, true},
    {"purchased", {"дата покупки", "дата продажи", NULL}, true},
    {"paid", {"сумма", "оплачено", NULL}, false},
    {"support_until", {"поддержка до", NULL}, false},
    {"support_from", {"дата продления", NULL}, false},
};

#define MAX_COLS 8

/* ---- the import ------------------------------------------------------------------------------------- */

struct product_entry {
    char *code;
    sup_id id;
    struct sup__product_row row;
    sup_product *product;
};

#define CUSTOMER_CACHE 16384 /* customer code -> id, direct-mapped: bounded memory (1.2 MB) */
struct cached_customer {
    char code[SUP_LEDGER_CODE_MAX + 1];
    sup_id id;
};

/* The codes of the customers file seen so far (a code twice is a bad row). */
struct seen_code {
    char *code;
    int64_t line;
};

#define CHUNK 256
#define DETAIL_MAX (SUP_LEDGER_EXTERNAL_ID_MAX + 96)

struct pending {
    sup_id id, customer, product;
    sup_license_kind kind;
    sup_date purchased, natural, from, until; /* natural: the purchase's support end; from/until: a period */
    sup_date until_at_purchase;               /* the support end as of the purchase (the core's) */
    sup_money paid;
    bool period;
    char ext[SUP_LEDGER_EXTERNAL_ID_MAX + 1];
    char detail[DETAIL_MAX];
};

struct chunk {
    struct pending rows[CHUNK];
    size_t n;
    sup__hset exts; /* the external ids of rows[] */
};

/* One table's inserts: a statement of BULK rows and one of a single row, prepared once per import. */
#define BULK 32
enum { T_LICENSE, T_EVENT, T_PERIOD, T_AUDIT, T_COUNT };
struct bulk {
    sup__stmt *many, *one;
};
struct imp {
    sup_ledger *l;
    const char *actor;
    const sup_import_options *o;
    sup_import_report *r;
    sup_import_file file;
    sup_csv_reader *csv;
    int64_t line;                        /* the current row's line */
    int colmap[MAX_COLS];                /* column -> field index in the file, or -1 */
    const char *header[MAX_COLS];        /* the header text of each column present (in hbuf) */
    char *hbuf[MAX_COLS];
    char *cells[MAX_COLS];               /* the current row's trimmed cells (NULL: column absent) */
    size_t cellcap[MAX_COLS];
    bool row_bad;
    struct product_entry *products;
    size_t nproducts;
    struct cached_customer *cache;
    struct seen_code *seen;
    size_t nseen, capseen;
    sup__hset seen_set;
    sup_id max_license_before;
    sup_id next_license;                 /* the last license id given */
    struct chunk *chunk;                 /* new licenses not written yet */
    struct bulk bulk[T_COUNT];
    sup__stmt *st_ext, *st_cust, *st_lic_by_id;
    int64_t rows;
};

static int oom(void) { return sup__fail(SUP_ENOMEM, "out of memory importing"); }

/* Record a bad row (the message formatted); the row is not written. */
static int bad(struct imp *m, int col, const char *fmt, ...) SUP__PRINTF(3, 4);
static int bad(struct imp *m, int col, const char *fmt, ...)
{
    sup_import_report *r = m->r;
    if (!m->row_bad)
        r->counts[SUP_IMPORT_BAD_ROWS]++;
    m->row_bad = true;
    if (r->nerrs >= r->max)
        return SUP_OK;
    if (r->nerrs == r->cap) {
        size_t cap = r->cap ? r->cap * 2 : 16;
        struct import_error *e = sup__realloc(r->errs, cap * sizeof *e);
        if (e == NULL)
            return oom();
        r->errs = e;
        r->cap = cap;
    }
    char msg[1024];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    struct import_error *e = &r->errs[r->nerrs];
    e->file = m->file;
    e->line = m->line;
    e->column = col >= 0 && m->header[col] != NULL ? sup__strdup(m->header[col]) : NULL;
    e->message = sup__strdup(msg);
    if (e->message == NULL || (col >= 0 && m->header[col] != NULL && e->column == NULL)) {
        sup__free(e->column);
        sup__free(e->message);
        return oom();
    }
    r->nerrs++;
    return SUP_OK;
}

/* The library's last message as a bad row of column col (rc is a refusal, not a failure). */
static int bad_lib(struct imp *m, int col, int rc)
{
    if (rc == SUP_ENOMEM || rc == SUP_EDB || rc == SUP_EIO || rc == SUP_EBUSY)
        return rc;
    char why[600];
    snprintf(why, sizeof why, "%s", sup_error_message());
    return bad(m, col, "%s", why);
}

/* ---- cells --------------------------------------------------------------------------------------- */

/* Spaces, tabs and U+00A0 around a cell are not part of it (spreadsheets pad them). */
static void trim_span(const char *s, size_t *from, size_t *to)
{
    size_t a = 0, b = strlen(s);
    for (;;) {
        if (a < b && (s[a] == ' ' || s[a] == '\t'))
            a++;
        else if (a + 2 <= b && (unsigned char)s[a] == 0xC2 && (unsigned char)s[a + 1] == 0xA0)
            a += 2;
        else
            break;
    }
    for (;;) {
        if (b > a && (s[b - 1] == ' ' || s[b - 1] == '\t'))
            b--;
        else if (a + 2 <= b && (unsigned char)s[b - 2] == 0xC2 && (unsigned char)s[b - 1] == 0xA0)
            b -= 2;
        else
            break;
    }
    *from = a;
    *to = b;
}

static int set_cell(struct imp *m, int col, const char *field)
{
    size_t a, b;
    trim_span(field, &a, &b);
    size_t n = b - a;
    if (m->cellcap[col] < n + 1) {
        size_t cap = n + 1 < 64 ? 64 : n + 1;
        char *p = sup__realloc(m->cells[col], cap);
        if (p == NULL)
            return oom();
        m->cells[col] = p;
        m->cellcap[col] = cap;
    }
    memcpy(m->cells[col], field + a, n);
    m->cells[col][n] = '\0';
    return SUP_OK;
}

/* The current row's cell of column col: NULL when the file has no such column, "" when empty. */
static const char *cell(const struct imp *m, int col) { return m->colmap[col] >= 0 ? m->cells[col] : NULL; }
static bool given(const struct imp *m, int col) { return cell(m, col) != NULL && cell(m, col)[0] != '\0'; }

/* Lower-case Latin and Cyrillic (А-Я, Ё) of a header cell, in place. */
static void fold_header(char *s)
{
    for (unsigned char *p = (unsigned char *)s; *p != '\0'; p++) {
        if (*p >= 'A' && *p <= 'Z') {
            *p = (unsigned char)(*p + 32);
        } else if (*p == 0xD0 && p[1] >= 0x90 && p[1] <= 0x9F) { /* А-П -> а-п */
            p[1] = (unsigned char)(p[1] + 0x20);
            p++;
        } else if (*p == 0xD0 && p[1] >= 0xA0 && p[1] <= 0xAF) { /* Р-Я -> р-я (D1 80-8F) */
            p[0] = 0xD1;
            p[1] = (unsigned char)(p[1] - 0x20);
            p++;
        } else if (*p == 0xD0 && p[1] == 0x81) { /* Ё -> ё */
            p[0] = 0xD1;
            p[1] = 0x91;
            p++;
        }
    }
}

static int match_column(const struct column_def *defs, int n, const char *h)
{
    for (int c = 0; c < n; c++) {
        if (strcmp(h, defs[c].name) == 0)
            return c;
        for (int k = 0; k < 4 && defs[c].aliases[k] != NULL; k++)
            if (strcmp(h, defs[c].aliases[k]) == 0)
                return c;
    }
    return -1;
}

static void known_names(const struct column_def *defs, int n, char *buf, size_t size)
{
    size_t o = 0;
    buf[0] = '\0';
    for (int c = 0; c < n && o < size; c++)
        o += (size_t)snprintf(buf + o, size - o, "%s%s", c ? ", " : "", defs[c].name);
}

/* Read the header: which field is which column. false: the file cannot be imported (errors recorded). */
static int read_header(struct imp *m, const struct column_def *defs, int n, bool *ok)
{
    *ok = false;
    for (int c = 0; c < MAX_COLS; c++) {
        m->colmap[c] = -1;
        m->header[c] = NULL;
    }
    int rc = sup_csv_next(m->csv);
    m->line = sup_csv_line(m->csv);
    if (rc == 0) {
        m->line = 1;
        return bad(m, -1, "the file is empty: it needs a header row naming its columns");
    }
    if (rc < 0)
        return bad_lib(m, -1, rc);
    rc = SUP_OK;
    char known[200];
    known_names(defs, n, known, sizeof known);
    bool good = true;
    size_t count = sup_csv_field_count(m->csv);
    for (size_t i = 0; i < count; i++) {
        size_t a, b;
        const char *f = sup_csv_field(m->csv, i);
        trim_span(f, &a, &b);
        if (a == b)
            continue; /* an empty header cell: an empty column spreadsheets add */
        char h[200];
        snprintf(h, sizeof h, "%.*s", (int)(b - a), f + a);
        char folded[200];
        snprintf(folded, sizeof folded, "%s", h);
        fold_header(folded);
        int c = match_column(defs, n, folded);
        char q[220];
        sup__quote_text(q, sizeof q, h);
        if (c < 0) {
            rc = bad(m, -1, "unknown column %s (field %zu of the header; the columns are %s)", q, i + 1, known);
            good = false;
        } else if (m->colmap[c] >= 0) {
            rc = bad(m, -1, "column %s is given twice (fields %d and %zu of the header)", q, m->colmap[c] + 1, i + 1);
            good = false;
        } else {
            m->colmap[c] = (int)i;
            sup__free(m->hbuf[c]);
            m->hbuf[c] = sup__strdup(h);
            if (m->hbuf[c] == NULL)
                return oom();
            m->header[c] = m->hbuf[c];
        }
        if (rc != SUP_OK)
            return rc;
    }
    for (int c = 0; c < n; c++) {
        if (defs[c].required && m->colmap[c] < 0) {
            rc = bad(m, -1, "the header has no column %s (required; the columns are %s)", defs[c].name, known);
            good = false;
            if (rc != SUP_OK)
                return rc;
        }
    }
    if (m->colmap[LC_SUPPORT_FROM] >= 0 && defs == license_cols && m->colmap[LC_SUPPORT_UNTIL] < 0) {
        rc = bad(m, -1, "column support_from needs the column support_until");
        good = false;
    }
    *ok = good;
    return rc;
}

/* Read the next row into cells: 1, 0 at the end, or an error (a CSV that cannot be read on is a bad row). */
static int next_row(struct imp *m, int n)
{
    int rc = sup_csv_next(m->csv);
    if (rc <= 0) {
        if (rc < 0 && rc != SUP_ENOMEM && rc != SUP_EIO) {
            m->line = sup_csv_line(m->csv);
            m->row_bad = false;
            rc = bad_lib(m, -1, rc); /* the reader's message names the line and column */
            return rc != SUP_OK ? rc : 0;
        }
        return rc;
    }
    m->line = sup_csv_line(m->csv);
    m->row_bad = false;
    m->rows++;
    m->r->counts[SUP_IMPORT_ROWS]++;
    size_t count = sup_csv_field_count(m->csv);
    int highest = -1;
    for (int c = 0; c < n; c++)
        if (m->colmap[c] > highest)
            highest = m->colmap[c];
    for (size_t i = (size_t)highest + 1; i < count; i++) {
        size_t a, b;
        trim_span(sup_csv_field(m->csv, i), &a, &b);
        if (a != b) {
            rc = bad(m, -1, "the row has %zu fields; field %zu is not empty, but the header names %d columns", count,
                     i + 1, highest + 1);
            break;
        }
    }
    for (int c = 0; rc >= 0 && c < n; c++) {
        if (m->colmap[c] < 0)
            continue;
        const char *f = (size_t)m->colmap[c] < count ? sup_csv_field(m->csv, (size_t)m->colmap[c]) : "";
        if (set_cell(m, c, f) != SUP_OK)
            return oom();
    }
    if (rc < 0)
        return rc;
    if (m->o->progress != NULL && m->rows % 4096 == 0 && m->o->progress(m->o->payload, m->file, m->rows) != 0)
        return sup__fail(SUP_ESTATE, "sup_ledger_import: stopped by the progress callback; nothing was written");
    return 1;
}

/* ---- customers ---------------------------------------------------------------------------------------- */

/* Split an e-mail cell into addresses: separated by "," or ";" outside double quotes, trimmed. */
static int split_emails(const char *s, char **store, const char **out, size_t *n)
{
    *n = 0;
    size_t len = strlen(s);
    char *buf = sup__malloc(len + 1);
    if (buf == NULL)
        return oom();
    memcpy(buf, s, len + 1);
    *store = buf;
    bool quoted = false;
    char *start = buf;
    for (char *p = buf;; p++) {
        if (*p == '"')
            quoted = !quoted;
        if (*p == '\0' || (!quoted && (*p == ',' || *p == ';'))) {
            bool end = *p == '\0';
            *p = '\0';
            size_t a, b;
            trim_span(start, &a, &b);
            start[b] = '\0';
            if (a < b) {
                if (*n == SUP_CUSTOMER_EMAILS_MAX + 1)
                    break; /* the library refuses more than the maximum: one more is enough to say so */
                out[(*n)++] = start + a;
            }
            if (end)
                break;
            start = p + 1;
        }
    }
    return SUP_OK;
}

static uint64_t code_hash(const char *code) { return sup__hash_bytes(SUP__HASH_INIT, code, strlen(code)); }

static bool seen_eq(const void *ctx, size_t a, size_t b)
{
    const struct imp *m = ctx;
    return strcmp(m->seen[a].code, m->seen[b].code) == 0;
}

/* 0 if the customers file had no row of this code yet (remembered now), else the earlier line. */
static int64_t seen_before(struct imp *m, const char *code, int *rc)
{
    *rc = SUP_OK;
    if (m->nseen == m->capseen) {
        size_t cap = m->capseen ? m->capseen * 2 : 256;
        struct seen_code *s = sup__realloc(m->seen, cap * sizeof *s);
        if (s == NULL) {
            *rc = oom();
            return 0;
        }
        m->seen = s;
        m->capseen = cap;
    }
    m->seen[m->nseen].code = sup__strdup(code);
    m->seen[m->nseen].line = m->line;
    if (m->seen[m->nseen].code == NULL) {
        *rc = oom();
        return 0;
    }
    size_t existing = 0;
    int r = sup__hset_insert(&m->seen_set, code_hash(code), m->nseen, seen_eq, m, &existing);
    if (r == SUP_ECONFLICT) {
        sup__free(m->seen[m->nseen].code);
        return m->seen[existing].line;
    }
    if (r != SUP_OK) {
        sup__free(m->seen[m->nseen].code);
        *rc = oom();
        return 0;
    }
    m->nseen++;
    return 0;
}

static int find_customer_id(struct imp *m, const char *code, sup_id *id)
{
    struct cached_customer *slot = &m->cache[code_hash(code) % CUSTOMER_CACHE];
    if (slot->id > 0 && strcmp(slot->code, code) == 0) {
        *id = slot->id;
        return 1;
    }
    sup__stmt *st = m->st_cust;
    sup__st_text(st, 1, code);
    int rc = sup__st_step(st, "looking up a customer");
    if (rc == 1) {
        *id = sup__col_int(st, 0);
        if (strlen(code) <= SUP_LEDGER_CODE_MAX) {
            snprintf(slot->code, sizeof slot->code, "%s", code);
            slot->id = *id;
        }
    }
    sup__ledger_done(st);
    return rc;
}

/* The columns of a customer row applied one by one, so that a refusal names its column. */
static int customer_values(struct imp *m, struct sup__cvals *v)
{
    static const int cols[] = {CC_NAME, CC_EMAIL, CC_PHONE, CC_INN, CC_KPP, CC_LANG, CC_NOTE};
    static const unsigned bits[] = {SUP_CUSTOMER_NAME, SUP_CUSTOMER_EMAILS, SUP_CUSTOMER_PHONE, SUP_CUSTOMER_INN,
                                    SUP_CUSTOMER_KPP,  SUP_CUSTOMER_LANG,   SUP_CUSTOMER_NOTE};
    for (size_t k = 0; k < sizeof cols / sizeof cols[0]; k++) {
        const char *c = cell(m, cols[k]);
        if (c == NULL)
            continue;
        sup_customer_fields f;
        memset(&f, 0, sizeof f);
        f.version = SUP_CUSTOMER_FIELDS_VERSION;
        f.change = bits[k];
        f.name = f.phone = f.inn = f.kpp = f.lang = f.note = c;
        char *store = NULL;
        const char *emails[SUP_CUSTOMER_EMAILS_MAX + 1];
        int rc = SUP_OK;
        if (cols[k] == CC_EMAIL) {
            rc = split_emails(c, &store, emails, &f.email_count);
            f.emails = emails;
        }
        if (rc == SUP_OK)
            rc = sup__cvals_apply(v, &f);
        sup__free(store);
        if (rc != SUP_OK)
            return bad_lib(m, cols[k], rc) == SUP_OK ? SUP_EINVAL : sup_error_code();
    }
    return SUP_OK;
}

static int customer_row(struct imp *m)
{
    const char *code = cell(m, CC_CODE);
    int rc = sup__ledger_check_text(code, SUP_LEDGER_CODE_MAX, false, "customer code");
    if (rc != SUP_OK)
        return bad_lib(m, CC_CODE, rc);
    int64_t earlier = seen_before(m, code, &rc);
    if (rc != SUP_OK)
        return rc;
    if (earlier > 0) {
        char q[200];
        sup__quote_text(q, sizeof q, code);
        return bad(m, CC_CODE, "customer %s is on line %lld already", q, (long long)earlier);
    }
    sup_id id = 0;
    int found = find_customer_id(m, code, &id);
    if (found < 0)
        return found;
    struct sup__cvals old = {0}, v = {0};
    if (found == 1)
        rc = sup__cvals_load(m->l, id, &old, NULL);
    if (rc == SUP_OK && found == 1)
        rc = sup__cvals_copy(&old, &v); /* columns the file does not have stay as they are */
    if (rc == SUP_OK && found == 0 && !given(m, CC_NAME))
        rc = bad(m, CC_NAME, "a new customer needs a name") == SUP_OK ? SUP_EINVAL : sup_error_code();
    if (rc == SUP_OK)
        rc = customer_values(m, &v);
    if (rc == SUP_OK) {
        unsigned changed = 0;
        if (found == 0) {
            rc = sup__customer_insert(m->l, m->actor, code, &v, &id);
            if (rc == SUP_OK) {
                m->r->counts[SUP_IMPORT_CUSTOMERS_ADDED]++;
                struct cached_customer *slot = &m->cache[code_hash(code) % CUSTOMER_CACHE];
                snprintf(slot->code, sizeof slot->code, "%s", code);
                slot->id = id;
            }
        } else {
            rc = sup__customer_change(m->l, m->actor, id, &old, &v, &changed);
            if (rc == SUP_OK)
                m->r->counts[changed ? SUP_IMPORT_CUSTOMERS_UPDATED : SUP_IMPORT_CUSTOMERS_UNCHANGED]++;
        }
    } else if (rc == SUP_EINVAL) {
        rc = SUP_OK; /* a bad row, recorded */
    }
    sup__cvals_free(&old);
    sup__cvals_free(&v);
    return rc;
}

/* ---- licenses -------------------------------------------------------------------------------------------- */

static int cmp_product(const void *a, const void *b)
{
    return strcmp(((const struct product_entry *)a)->code, ((const struct product_entry *)b)->code);
}

static int load_products(struct imp *m)
{
    sup__stmt *st = NULL;
    int rc = sup__ledger_prepare(m->l, "SELECT id, code FROM product ORDER BY id", &st);
    size_t cap = 0;
    while (rc == SUP_OK && (rc = sup__st_step(st, "reading the products")) == 1) {
        if (m->nproducts == cap) {
            cap = cap ? cap * 2 : 16;
            struct product_entry *p = sup__realloc(m->products, cap * sizeof *p);
            if (p == NULL) {
                rc = oom();
                break;
            }
            m->products = p;
        }
        struct product_entry *e = &m->products[m->nproducts];
        memset(e, 0, sizeof *e);
        e->id = sup__col_int(st, 0);
        e->code = sup__strdup(sup__col_text(st, 1));
        if (e->code == NULL) {
            rc = oom();
            break;
        }
        m->nproducts++;
        rc = SUP_OK;
    }
    sup__ledger_finalize(st);
    if (rc == 0)
        rc = SUP_OK;
    for (size_t i = 0; rc == SUP_OK && i < m->nproducts; i++)
        rc = sup__ledger_load_product(m->l, m->products[i].id, &m->products[i].row, &m->products[i].product);
    if (rc == SUP_OK && m->nproducts > 1)
        qsort(m->products, m->nproducts, sizeof *m->products, cmp_product);
    return rc;
}

static const struct product_entry *find_product(const struct imp *m, const char *code)
{
    size_t lo = 0, hi = m->nproducts;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        int c = strcmp(code, m->products[mid].code);
        if (c == 0)
            return &m->products[mid];
        if (c < 0)
            hi = mid;
        else
            lo = mid + 1;
    }
    return NULL;
}

/* A license row, checked: the facts, and the core's license of them (with its known support end). */
struct license_in {
    const char *ext;
    sup_id self; /* "#N": a license of this ledger by id */
    sup_id customer;
    const struct product_entry *product;
    sup_date purchased, until, from;
    sup_money paid;
    bool period;
    sup_license *lic; /* owned */
};

static int date_cell(struct imp *m, int col, sup_date *out, bool *ok)
{
    int rc = sup_date_parse_import(cell(m, col), out);
    *ok = rc == SUP_OK;
    return rc == SUP_OK ? SUP_OK : bad_lib(m, col, rc);
}

/* Parse and check a license row; *ok false when it is bad (recorded). */
static int license_facts(struct imp *m, struct license_in *in, bool *ok)
{
    *ok = false;
    memset(in, 0, sizeof *in);
    in->ext = cell(m, LC_EXTERNAL_ID);
    int rc = sup__ledger_check_text(in->ext, SUP_LEDGER_EXTERNAL_ID_MAX, false, "external id");
    if (rc != SUP_OK)
        return bad_lib(m, LC_EXTERNAL_ID, rc);
    if (in->ext[0] == '#') {
        char *end = NULL;
        long long v = strtoll(in->ext + 1, &end, 10);
        if (in->ext[1] < '1' || in->ext[1] > '9' || *end != '\0' || v <= 0)
            return bad(m, LC_EXTERNAL_ID, "external id \"%s\": \"#\" starts only a license's id in this ledger "
                                          "(\"#17\"); the vendor's own ids may not start with \"#\"",
                       in->ext);
        in->self = (sup_id)v;
    }
    const char *code = cell(m, LC_CUSTOMER);
    char q[200];
    sup__quote_text(q, sizeof q, code);
    int found = code[0] != '\0' ? find_customer_id(m, code, &in->customer) : 0;
    if (found < 0)
        return found;
    if (found == 0)
        return bad(m, LC_CUSTOMER, "no customer %s (neither in the ledger nor in the customers file)", q);
    in->product = find_product(m, cell(m, LC_PRODUCT));
    if (in->product == NULL) {
        sup__quote_text(q, sizeof q, cell(m, LC_PRODUCT));
        return bad(m, LC_PRODUCT, "no product %s in the ledger (supportctl product-add)", q);
    }
    bool good;
    if ((rc = date_cell(m, LC_PURCHASED, &in->purchased, &good)) != SUP_OK || !good)
        return rc;
    if (given(m, LC_PAID)) {
        rc = sup_money_parse_import(cell(m, LC_PAID), &in->paid);
        if (rc != SUP_OK)
            return bad_lib(m, LC_PAID, rc);
        if (in->paid < 0)
            return bad(m, LC_PAID, "paid %s: an amount paid cannot be negative", cell(m, LC_PAID));
    } else if (sup_product_price_on(in->product->product, in->purchased, &in->paid) != SUP_OK) {
        char d[24];
        sup__date_str(in->purchased, d);
        return bad(m, LC_PAID, "product %s has no list price on %s: give the amount paid", in->product->code, d);
    }
    rc = sup_license_new(in->product->product, in->purchased, &in->lic); /* the core: kind and support end */
    if (rc != SUP_OK)
        return bad_lib(m, LC_PURCHASED, rc);
    in->from = in->purchased;
    if (given(m, LC_SUPPORT_FROM) && ((rc = date_cell(m, LC_SUPPORT_FROM, &in->from, &good)) != SUP_OK || !good))
        return rc;
    if (given(m, LC_SUPPORT_FROM) && !given(m, LC_SUPPORT_UNTIL))
        return bad(m, LC_SUPPORT_FROM, "support_from goes with support_until");
    if (given(m, LC_SUPPORT_UNTIL)) {
        if ((rc = date_cell(m, LC_SUPPORT_UNTIL, &in->until, &good)) != SUP_OK || !good)
            return rc;
        in->period = in->until != sup_license_latest_until(in->lic) || in->from != in->purchased;
    }
    /* the known support end as the core records it (a new license: after its purchase) */
    if (in->period && (rc = sup_license_add_period(in->lic, in->from, in->until)) != SUP_OK)
        return bad_lib(m, in->from != in->purchased ? LC_SUPPORT_FROM : LC_SUPPORT_UNTIL, rc);
    *ok = true;
    return SUP_OK;
}

/* A license already in the ledger: the same facts change nothing; a known support end not recorded yet
 * becomes a recorded period; anything else is a bad row. */
static int existing_license(struct imp *m, struct license_in *in, sup_id id)
{
    if (id > m->max_license_before && in->self == 0)
        return bad(m, LC_EXTERNAL_ID, "external id \"%s\" is on an earlier line of the file already", in->ext);
    struct sup__license_row row;
    sup_license *have = NULL;
    int rc = sup__ledger_load_license_row(m->l, id, false, &row);
    if (rc == SUP_OK)
        rc = sup__ledger_rebuild_license(m->l, id, &row, in->product->product, &have);
    if (rc != SUP_OK)
        return rc;
    sup_event_kind k;
    sup_date on, until;
    sup_money first_paid = 0;
    rc = sup_license_event(have, 0, &k, &on, &until, &first_paid);
    const char *what = NULL;
    if (rc == SUP_OK) {
        if (row.customer != in->customer)
            what = "customer";
        else if (row.product != in->product->id)
            what = "product";
        else if (row.purchased != in->purchased)
            what = "purchase date";
        else if (first_paid != in->paid)
            what = "amount paid";
    }
    if (rc == SUP_OK && what != NULL) {
        char d[24], m1[SUP_MONEY_BUFSIZE];
        sup__date_str(row.purchased, d);
        rc = bad(m, -1, "license %s is license %lld of the ledger, bought on %s for %s rub by customer %lld of product "
                        "%lld: the file gives another %s",
                 in->ext, (long long)id, d, sup__ledger_money_str(first_paid, m1), (long long)row.customer,
                 (long long)row.product, what);
        sup_license_free(have);
        return rc;
    }
    sup_date latest = sup_license_latest_until(have);
    if (rc == SUP_OK && in->period && in->until != latest) {
        rc = sup_license_add_period(have, in->from, in->until); /* the core: not before the last event */
        if (rc != SUP_OK) {
            rc = bad_lib(m, given(m, LC_SUPPORT_FROM) ? LC_SUPPORT_FROM : LC_SUPPORT_UNTIL, rc);
            sup_license_free(have);
            return rc;
        }
        struct sup__event_in e = {id, SUP_EVENT_PERIOD, in->from, in->until, 0, NULL, 0, NULL, m->actor};
        bool raced = false;
        rc = sup__ledger_insert_event(m->l, &e, &raced, NULL);
        if (rc == SUP_OK)
            rc = sup__ledger_period_add(m->l, id, &row, have, in->from);
        if (rc == SUP_OK) {
            char d[24];
            sup__buf b = {0};
            sup__date_str(in->until, d);
            sup__buf_printf(&b, "external_id=%s; support_until=%s", in->ext, d);
            rc = sup__ledger_audit(m->l, "record_period", m->actor, in->from, row.product, row.customer, id, &b);
        }
        if (rc == SUP_OK)
            m->r->counts[SUP_IMPORT_PERIODS_RECORDED]++;
    } else if (rc == SUP_OK) {
        m->r->counts[SUP_IMPORT_LICENSES_UNCHANGED]++;
    }
    sup_license_free(have);
    return rc;
}

/* ---- new licenses: a bounded chunk, written with one multi-row INSERT per table ---------------------------
 * The import gives the ids (the write transaction holds the table: SQLite's write lock, PostgreSQL's table
 * lock), so no INSERT needs RETURNING; a row per statement would cost SQLite a statement's set-up (cursors,
 * checks) per row and per table. The support periods are those ledger_sales.c keeps after each event: for
 * every event date d, the support end the core gives for d, from d to the next event's date. */

static bool pending_eq(const void *ctx, size_t a, size_t b)
{
    const struct chunk *c = ctx;
    return strcmp(c->rows[a].ext, c->rows[b].ext) == 0;
}

/* A statement of `rows` rows of `per` parameters: "(?, ?), (?, ?)" on SQLite (numbered parameters are looked
 * up in a list, which a statement of thousands makes quadratic), "($1, $2), ($3, $4)" on PostgreSQL: in
 * both, parameter k is the k-th in the text. */
static int multi_insert(sup_ledger *l, const char *head, size_t rows, int per, sup__stmt **out)
{
    sup__buf b = {0};
    sup__buf_put(&b, head);
    int k = 1;
    for (size_t r = 0; r < rows; r++) {
        sup__buf_put(&b, r > 0 ? ", (" : " (");
        for (int c = 0; c < per; c++)
            sup__buf_printf(&b, "%s{sqlite:?}{pg:?%d}", c > 0 ? ", " : "", k++);
        sup__buf_put(&b, ")");
    }
    char *sql = NULL;
    int rc = sup__buf_finish(&b, &sql);
    if (rc != SUP_OK)
        return oom();
    rc = sup__ledger_prepare(l, sql, out);
    sup_free(sql);
    return rc;
}

static const struct {
    const char *head;
    int per;
} bulk_tables[T_COUNT] = {
    [T_LICENSE] = {"INSERT INTO license (id, customer_id, product_id, kind, purchased, external_id) VALUES", 6},
    [T_EVENT] = {"INSERT INTO license_event (actor, license_id, kind, on_date, support_until, amount) VALUES", 6},
    [T_PERIOD] = {"INSERT INTO support_period (license_id, valid_from, valid_to, support_until, kind, purchased,"
                  " customer_id, product_id) VALUES",
                  8},
    [T_AUDIT] = {"INSERT INTO audit (action, actor, at, on_date, product_id, customer_id, license_id, detail) VALUES",
                 8},
};

static int bulk_prepare(struct imp *m)
{
    int rc = SUP_OK;
    for (int t = 0; rc == SUP_OK && t < T_COUNT; t++) {
        rc = multi_insert(m->l, bulk_tables[t].head, BULK, bulk_tables[t].per, &m->bulk[t].many);
        if (rc == SUP_OK)
            rc = multi_insert(m->l, bulk_tables[t].head, 1, bulk_tables[t].per, &m->bulk[t].one);
    }
    return rc;
}

/* Bind the row of table t for pending row p (pass 1: its recorded period) from parameter *k on. */
static void bind_row(struct imp *m, int t, const struct pending *p, int pass, sup__stmt *st, int *k)
{
    bool split = p->period && p->from > p->purchased;
    switch (t) {
    case T_LICENSE:
        sup__st_int(st, (*k)++, p->id);
        sup__st_int(st, (*k)++, p->customer);
        sup__st_int(st, (*k)++, p->product);
        sup__st_int(st, (*k)++, (int)p->kind);
        sup__st_int(st, (*k)++, p->purchased);
        sup__st_text(st, (*k)++, p->ext);
        break;
    case T_EVENT: /* the purchase, then the recorded period; the quote columns keep their defaults */
        sup__st_text(st, (*k)++, m->actor);
        sup__st_int(st, (*k)++, p->id);
        sup__st_int(st, (*k)++, pass == 0 ? SUP_EVENT_PURCHASE : SUP_EVENT_PERIOD);
        sup__st_int(st, (*k)++, pass == 0 ? p->purchased : p->from);
        sup__st_int(st, (*k)++, pass == 0 ? p->natural : p->until);
        sup__st_int(st, (*k)++, pass == 0 ? p->paid : 0);
        break;
    case T_PERIOD: /* from the purchase on, and from a later recorded period on */
        sup__st_int(st, (*k)++, p->id);
        sup__st_int(st, (*k)++, pass == 0 ? p->purchased : p->from);
        sup__st_int(st, (*k)++, pass == 0 && split ? sup__prev_day(p->from) : 99991231);
        sup__st_int(st, (*k)++, pass == 0 ? p->until_at_purchase : p->until);
        sup__st_int(st, (*k)++, (int)p->kind);
        sup__st_int(st, (*k)++, p->purchased);
        sup__st_int(st, (*k)++, p->customer);
        sup__st_int(st, (*k)++, p->product);
        break;
    default: /* T_AUDIT */
        sup__st_text(st, (*k)++, "import_license");
        sup__st_text(st, (*k)++, m->actor);
        if (m->l->time_ms > 0)
            sup__st_int(st, (*k)++, m->l->time_ms);
        else
            sup__st_null(st, (*k)++);
        sup__st_int(st, (*k)++, p->purchased);
        sup__st_int(st, (*k)++, p->product);
        sup__st_int(st, (*k)++, p->customer);
        sup__st_int(st, (*k)++, p->id);
        sup__st_text(st, (*k)++, p->detail);
        break;
    }
}

/* Whether pending row p has a row of table t in pass `pass`. */
static bool has_row(int t, const struct pending *p, int pass)
{
    if (pass == 0)
        return true;
    if (t == T_EVENT)
        return p->period;
    if (t == T_PERIOD)
        return p->period && p->from > p->purchased;
    return false;
}

static int flush_table(struct imp *m, const struct chunk *c, int t)
{
    struct bulk *b = &m->bulk[t];
    const char *what = "storing imported licenses";
    int rc = SUP_OK, k = 1, in_many = 0;
    /* the rows in order; a full statement of BULK rows at a time, the rest one by one */
    size_t total = 0;
    for (int pass = 0; pass < 2; pass++)
        for (size_t i = 0; i < c->n; i++)
            total += has_row(t, &c->rows[i], pass);
    size_t full = total - total % BULK, done = 0;
    for (int pass = 0; rc == SUP_OK && pass < 2; pass++) {
        for (size_t i = 0; rc == SUP_OK && i < c->n; i++) {
            if (!has_row(t, &c->rows[i], pass))
                continue;
            if (done < full) {
                bind_row(m, t, &c->rows[i], pass, b->many, &k);
                if (++in_many == BULK) {
                    rc = sup__ledger_run(b->many, what);
                    in_many = 0;
                    k = 1;
                }
            } else {
                int one = 1;
                bind_row(m, t, &c->rows[i], pass, b->one, &one);
                rc = sup__ledger_run(b->one, what);
            }
            done++;
        }
    }
    return rc;
}

static int flush_licenses(struct imp *m, struct chunk *c)
{
    int rc = SUP_OK;
    for (int t = 0; rc == SUP_OK && t < T_COUNT; t++) /* licenses first: the others refer to them */
        rc = flush_table(m, c, t);
    c->n = 0;
    sup__hset_clear(&c->exts);
    return rc;
}

/* A new license joins the chunk (written when the chunk is full, and at the end of the file). */
static int queue_license(struct imp *m, struct license_in *in)
{
    struct chunk *c = m->chunk;
    struct pending *p = &c->rows[c->n];
    snprintf(p->ext, sizeof p->ext, "%s", in->ext);
    size_t existing = 0;
    int rc = sup__hset_insert(&c->exts, code_hash(p->ext), c->n, pending_eq, c, &existing);
    if (rc == SUP_ECONFLICT)
        return bad(m, LC_EXTERNAL_ID, "external id \"%s\" is on an earlier line of the file already", in->ext);
    if (rc != SUP_OK)
        return oom();
    p->id = ++m->next_license;
    p->customer = in->customer;
    p->product = in->product->id;
    p->kind = sup_license_kind_of(in->lic);
    p->purchased = in->purchased;
    rc = sup_license_event(in->lic, 0, NULL, NULL, &p->natural, NULL);
    if (rc != SUP_OK)
        return rc;
    p->paid = in->paid;
    p->period = in->period;
    p->from = in->from;
    p->until = in->until;
    /* the support end the core gives as of the purchase (a period recorded on that day counts) */
    rc = sup_license_support_until(in->lic, in->purchased, &p->until_at_purchase);
    if (rc != SUP_OK)
        return rc;
    char d[24], mn[SUP_MONEY_BUFSIZE];
    sup__date_str(sup_license_latest_until(in->lic), d);
    snprintf(p->detail, sizeof p->detail, "external_id=%s; paid=%s; support_until=%s", in->ext,
             sup__ledger_money_str(in->paid, mn), d);
    c->n++;
    m->r->counts[SUP_IMPORT_LICENSES_ADDED]++;
    m->r->counts[SUP_IMPORT_PERIODS_RECORDED] += in->period;
    return c->n == CHUNK ? flush_licenses(m, c) : SUP_OK;
}

static int license_row(struct imp *m)
{
    struct license_in in;
    bool ok = false;
    int rc = license_facts(m, &in, &ok);
    if (rc == SUP_OK && ok) {
        sup__stmt *st = in.self > 0 ? m->st_lic_by_id : m->st_ext;
        if (in.self > 0)
            sup__st_int(st, 1, in.self);
        else
            sup__st_text(st, 1, in.ext);
        sup_id id = 0;
        rc = sup__st_step(st, "looking up a license");
        if (rc == 1)
            id = sup__col_int(st, 0);
        sup__ledger_done(st);
        if (rc == 0 && in.self > 0)
            rc = bad(m, LC_EXTERNAL_ID, "no license %s in this ledger (a license exported without an external id "
                                        "imports only into the ledger it came from)",
                     in.ext);
        else if (rc == 0 && !m->row_bad)
            rc = queue_license(m, &in);
        else if (rc == 1 && !m->row_bad)
            rc = existing_license(m, &in, id);
    }
    sup_license_free(in.lic);
    return rc;
}

/* ---- running ------------------------------------------------------------------------------------------ */

static int open_file(struct imp *m, const char *path, const void *data, size_t size)
{
    return path != NULL ? sup_csv_open(path, m->o->csv, &m->csv) : sup_csv_open_buffer(data, size, m->o->csv, &m->csv);
}

static int run_file(struct imp *m, sup_import_file file, const char *path, const void *data, size_t size)
{
    m->file = file;
    m->rows = 0;
    m->line = 0;
    int rc = open_file(m, path, data, size);
    if (rc == SUP_EPARSE) { /* UTF-16 and such: the file as a whole cannot be read */
        m->line = 1;
        m->row_bad = false;
        return bad_lib(m, -1, rc);
    }
    if (rc != SUP_OK)
        return rc;
    const struct column_def *defs = file == SUP_IMPORT_CUSTOMERS ? customer_cols : license_cols;
    int n = file == SUP_IMPORT_CUSTOMERS ? CC_N : LC_N;
    bool ok = false;
    m->row_bad = false;
    rc = read_header(m, defs, n, &ok);
    while (rc == SUP_OK && ok) {
        int more = next_row(m, n);
        if (more <= 0) {
            rc = more;
            break;
        }
        if (m->row_bad)
            continue;
        rc = file == SUP_IMPORT_CUSTOMERS ? customer_row(m) : license_row(m);
    }
    if (rc == SUP_OK && file == SUP_IMPORT_LICENSES)
        rc = flush_licenses(m, m->chunk);
    if (rc == SUP_OK && m->o->progress != NULL && m->o->progress(m->o->payload, file, m->rows) != 0)
        rc = sup__fail(SUP_ESTATE, "sup_ledger_import: stopped by the progress callback; nothing was written");
    sup_csv_free(m->csv);
    m->csv = NULL;
    return rc;
}

static int max_id(sup_ledger *l, const char *sql, sup_id *out)
{
    sup__stmt *st = NULL;
    int rc = sup__ledger_prepare(l, sql, &st);
    if (rc == SUP_OK) {
        rc = sup__st_step(st, "reading the largest id");
        *out = rc == 1 ? sup__col_int(st, 0) : 0;
        rc = rc < 0 ? rc : SUP_OK;
    }
    sup__ledger_finalize(st);
    return rc;
}

static int prepare_all(struct imp *m)
{
    int rc = sup__ledger_prepare(m->l, "SELECT id FROM license WHERE external_id = ?1", &m->st_ext);
    if (rc == SUP_OK)
        rc = sup__ledger_prepare(m->l, "SELECT id FROM license WHERE id = ?1", &m->st_lic_by_id);
    if (rc == SUP_OK)
        rc = sup__ledger_prepare(m->l, "SELECT id FROM customer WHERE code = ?1", &m->st_cust);
    /* PostgreSQL: no other writer adds a license meanwhile (the import gives the ids) */
    if (rc == SUP_OK)
        rc = sup__ledger_exec(m->l, "{pg:LOCK TABLE license IN SHARE ROW EXCLUSIVE MODE}", "sup_ledger_import");
    if (rc == SUP_OK)
        rc = max_id(m->l, "SELECT COALESCE(MAX(id), 0) FROM license", &m->max_license_before);
    m->next_license = m->max_license_before;
    if (rc == SUP_OK)
        rc = bulk_prepare(m);
    if (rc == SUP_OK)
        rc = load_products(m);
    return rc;
}

static void imp_free(struct imp *m)
{
    sup_csv_free(m->csv);
    for (int t = 0; t < T_COUNT; t++) {
        sup__ledger_finalize(m->bulk[t].many);
        sup__ledger_finalize(m->bulk[t].one);
    }
    sup__ledger_finalize(m->st_ext);
    sup__ledger_finalize(m->st_lic_by_id);
    sup__ledger_finalize(m->st_cust);
    for (size_t i = 0; i < m->nproducts; i++) {
        sup__free(m->products[i].code);
        sup_product_free(m->products[i].product);
    }
    sup__free(m->products);
    for (size_t i = 0; i < m->nseen; i++)
        sup__free(m->seen[i].code);
    sup__free(m->seen);
    sup__hset_dispose(&m->seen_set);
    sup__free(m->cache);
    if (m->chunk != NULL)
        sup__hset_dispose(&m->chunk->exts);
    sup__free(m->chunk);
    for (int c = 0; c < MAX_COLS; c++) {
        sup__free(m->cells[c]);
        sup__free(m->hbuf[c]);
    }
}

static int check_options(const sup_import_options *o)
{
    if (o->version != SUP_IMPORT_OPTIONS_VERSION)
        return sup__fail(SUP_EINVAL, "sup_ledger_import: options of version %u (this library knows %u)", o->version,
                         (unsigned)SUP_IMPORT_OPTIONS_VERSION);
    if (o->flags & ~(SUP_IMPORT_DRY_RUN | SUP_IMPORT_SKIP_BAD))
        return sup__fail(SUP_EINVAL, "sup_ledger_import: unknown flags 0x%X", o->flags);
    bool customers = o->customers_path != NULL || o->customers_data != NULL;
    bool licenses = o->licenses_path != NULL || o->licenses_data != NULL;
    if (!customers && !licenses)
        return sup__fail(SUP_EINVAL, "sup_ledger_import: nothing to import (no customers and no licenses file)");
    return SUP_OK;
}

int sup_ledger_import(sup_ledger *l, const char *actor, const sup_import_options *o, sup_import_report **out)
{
    SUP__CHECK_ARG(out, "sup_ledger_import");
    *out = NULL;
    SUP__CHECK_ARG(l, "sup_ledger_import");
    SUP__CHECK_ARG(o, "sup_ledger_import");
    int rc = sup__ledger_check_actor(actor);
    if (rc == SUP_OK)
        rc = check_options(o);
    if (rc != SUP_OK)
        return rc;
    struct imp m;
    memset(&m, 0, sizeof m);
    m.l = l;
    m.actor = actor;
    m.o = o;
    m.r = sup__calloc(1, sizeof *m.r);
    m.cache = sup__calloc(CUSTOMER_CACHE, sizeof *m.cache);
    m.chunk = sup__calloc(1, sizeof *m.chunk);
    if (m.r == NULL || m.cache == NULL || m.chunk == NULL) {
        sup__free(m.r);
        sup__free(m.cache);
        sup__free(m.chunk);
        return oom();
    }
    m.r->max = o->max_errors > 0 ? o->max_errors : 1000;
    m.r->dry = (o->flags & SUP_IMPORT_DRY_RUN) != 0;
    rc = sup__ledger_write_begin(l, "sup_ledger_import");
    /* SQLite: a larger page cache for the import's transaction (bounded: 64 MiB, whatever the files' size);
     * with the default 2 MiB most of an import's time goes to re-reading the pages it has just written. */
    if (rc == SUP_OK)
        rc = sup__ledger_exec(l, "{sqlite:PRAGMA cache_size = -65536}", "sup_ledger_import");
    if (rc == SUP_OK)
        rc = prepare_all(&m);
    if (rc == SUP_OK && (o->customers_path != NULL || o->customers_data != NULL))
        rc = run_file(&m, SUP_IMPORT_CUSTOMERS, o->customers_path, o->customers_data, o->customers_size);
    if (rc == SUP_OK && (o->licenses_path != NULL || o->licenses_data != NULL))
        rc = run_file(&m, SUP_IMPORT_LICENSES, o->licenses_path, o->licenses_data, o->licenses_size);
    /* PostgreSQL: the identity continues after the ids the import gave */
    if (rc == SUP_OK && m.next_license > m.max_license_before)
        rc = sup__ledger_exec(l, "{pg:SELECT setval(pg_get_serial_sequence('license', 'id'), (SELECT MAX(id) FROM"
                                 " license))}",
                              "sup_ledger_import");
    bool rejected = rc == SUP_OK && m.r->counts[SUP_IMPORT_BAD_ROWS] > 0 && !(o->flags & SUP_IMPORT_SKIP_BAD);
    if (rc == SUP_OK && m.r->counts[SUP_IMPORT_BAD_ROWS] > 0 && (o->flags & SUP_IMPORT_SKIP_BAD)) {
        sup__buf b = {0};
        sup__buf_printf(&b, "bad_rows=%lld (not imported)", (long long)m.r->counts[SUP_IMPORT_BAD_ROWS]);
        rc = sup__ledger_audit(l, "import_skipped", actor, SUP_DATE_NONE, 0, 0, 0, &b);
    }
    imp_free(&m);
    if (rc == SUP_OK)
        rc = sup__ledger_exec(l, "{sqlite:PRAGMA cache_size = -2000}", "sup_ledger_import");
    if (rc != SUP_OK) {
        (void)sup__ledger_exec(l, "{sqlite:PRAGMA cache_size = -2000}", "sup_ledger_import");
        (void)sup__ledger_write_end(l, rc);
        sup_import_report_free(m.r);
        return rc;
    }
    if (rejected || m.r->dry) {
        const struct import_error *e = m.r->nerrs > 0 ? &m.r->errs[0] : NULL;
        if (rejected)
            (void)sup__fail(SUP_EPARSE, "%lld bad row%s: nothing was imported (the first: %s line %lld%s%s: %s)",
                      (long long)m.r->counts[SUP_IMPORT_BAD_ROWS], m.r->counts[SUP_IMPORT_BAD_ROWS] == 1 ? "" : "s",
                      e && e->file == SUP_IMPORT_LICENSES ? "licenses" : "customers", e ? (long long)e->line : 0LL,
                      e && e->column ? ", column " : "", e && e->column ? e->column : "", e ? e->message : "");
        else
            (void)sup__fail(SUP_ESTATE, "a dry run: nothing was written");
        rc = sup__ledger_write_end(l, sup_error_code()); /* rolls back */
        *out = m.r;
        if (rc != SUP_EPARSE && rc != SUP_ESTATE) { /* rolling back itself failed */
            sup_import_report_free(m.r);
            *out = NULL;
            return rc;
        }
        if (!rejected) {
            sup_error_clear();
            return SUP_OK;
        }
        return SUP_EPARSE;
    }
    rc = sup__ledger_write_end(l, SUP_OK);
    if (rc != SUP_OK) {
        sup_import_report_free(m.r);
        return rc;
    }
    m.r->applied = 1;
    *out = m.r;
    return SUP_OK;
}
