/*
 * libsupport — the 1CClientBankExchange parser (bank statements for 1C) and the
 * invoice numbers of a payment purpose. See bank.h and docs/bank-statements.md.
 *
 * The file is decoded to UTF-8 once, into a buffer the statement owns; lines are
 * cut in place (NUL after each key and value), so every string a statement
 * returns points into that buffer. Sections keep their key = value lines as a
 * range of one shared array, fixed up into pointers when the parse succeeded.
 */
#include "libsupport.h"
#include "error_internal.h"
#include "utf8_internal.h"
#include "text_internal.h"
#include "date_internal.h"
#include "money_internal.h"
#include "codec_internal.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ---- the statement ------------------------------------------------------------ */

struct sup__bkv {
    const char *key;
    const char *value;
    int line;
};

#define SUP__BANK_PARTY_FIELDS 8

struct sup_bank_balance {
    int line;
    size_t first, count; /* range of the statement's field pool */
    const struct sup__bkv *fields;
    const char *account;
    sup_date from, to;
    sup_money amounts[4];
    unsigned has; /* bit i: amounts[i] given */
};

struct sup_bank_doc {
    sup_bank_doc_kind kind;
    const char *kind_text;
    int line;
    size_t first, count;
    const struct sup__bkv *fields;
    const char *number;
    sup_date date, received, debited;
    sup_money amount;
    bool has_amount;
    const char *purpose;
    char *purpose_owned; /* the joined НазначениеПлатежа1…6, when needed */
    const char *party[2][SUP__BANK_PARTY_FIELDS];
};

struct sup_bank_statement {
    char *text; /* the decoded file, cut into keys and values */
    sup_bank_encoding encoding;
    const char *version;
    sup_date created, from, to;
    struct sup__bkv *header;
    size_t header_count, header_cap;
    const char **accounts;
    size_t account_count, account_cap;
    struct sup__bkv *pool;
    size_t pool_count, pool_cap;
    struct sup_bank_balance *balances;
    size_t balance_count, balance_cap;
    struct sup_bank_doc *docs;
    size_t doc_count, doc_cap;
};

/* Grow an array of `size`-byte items to hold one more; false when out of memory. */
static bool grow(void **items, size_t *cap, size_t count, size_t size)
{
    if (count < *cap)
        return true;
    size_t ncap = *cap ? *cap * 2 : 16;
    if (ncap > SIZE_MAX / size)
        return false;
    void *p = sup__realloc(*items, ncap * size);
    if (p == NULL)
        return false;
    *items = p;
    *cap = ncap;
    return true;
}

void sup_bank_statement_free(sup_bank_statement *st)
{
    if (st == NULL)
        return;
    for (size_t i = 0; i < st->doc_count; i++)
        sup__free(st->docs[i].purpose_owned);
    sup__free(st->docs);
    sup__free(st->balances);
    sup__free(st->pool);
    sup__free(st->accounts);
    sup__free(st->header);
    sup__free(st->text);
    sup__free(st);
}

/* ---- options ------------------------------------------------------------------ */

int sup_bank_parse_options_init(sup_bank_parse_options *opts, unsigned version)
{
    SUP__CHECK_ARG(opts, "sup_bank_parse_options_init");
    if (version != SUP_BANK_PARSE_OPTIONS_VERSION)
        return sup__fail(SUP_EINVAL, "sup_bank_parse_options_init: unknown options version %u (this library has %u)",
                         version, (unsigned)SUP_BANK_PARSE_OPTIONS_VERSION);
    memset(opts, 0, sizeof *opts);
    opts->version = version;
    opts->encoding = SUP_BANK_ENCODING_AUTO;
    opts->max_bytes = 0;
    return SUP_OK;
}

/* ---- the encoding ---------------------------------------------------------------- */

/* "Кодировка" in each encoding a statement may be written in. */
static const char key_cp1251[] = "\xCA\xEE\xE4\xE8\xF0\xEE\xE2\xEA\xE0";
static const char key_cp866[] = "\x8A\xAE\xA4\xA8\xE0\xAE\xA2\xAA\xA0";
static const char key_utf8[] = "Кодировка";

static const char *encoding_label(sup_bank_encoding e)
{
    switch (e) {
    case SUP_BANK_ENCODING_CP1251: return "Windows-1251";
    case SUP_BANK_ENCODING_CP866: return "DOS (CP866)";
    case SUP_BANK_ENCODING_UTF8: return "UTF-8";
    case SUP_BANK_ENCODING_AUTO: break;
    }
    return "?";
}

static bool ascii_ieq(const char *a, size_t n, const char *b)
{
    if (strlen(b) != n)
        return false;
    for (size_t i = 0; i < n; i++) {
        unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];
        if (x >= 'A' && x <= 'Z')
            x = (unsigned char)(x - 'A' + 'a');
        if (y >= 'A' && y <= 'Z')
            y = (unsigned char)(y - 'A' + 'a');
        if (x != y)
            return false;
    }
    return true;
}

/* The encoding a Кодировка value names (AUTO for an unknown one). */
static sup_bank_encoding encoding_of_value(const char *v, size_t n)
{
    if (ascii_ieq(v, n, "Windows"))
        return SUP_BANK_ENCODING_CP1251;
    if (ascii_ieq(v, n, "DOS"))
        return SUP_BANK_ENCODING_CP866;
    if (ascii_ieq(v, n, "UTF-8") || ascii_ieq(v, n, "UTF8"))
        return SUP_BANK_ENCODING_UTF8;
    return SUP_BANK_ENCODING_AUTO;
}

static bool is_blank(char c) { return c == ' ' || c == '\t'; }

/* The 1-based line of byte offset `at`. */
static int line_of(const char *data, size_t at)
{
    int line = 1;
    for (size_t i = 0; i < at; i++)
        line += data[i] == '\n';
    return line;
}

typedef struct raw_decl {
    int line;                  /* 0: no Кодировка line found */
    sup_bank_encoding written; /* the encoding of the key's own bytes */
    sup_bank_encoding named;   /* what its value says (AUTO: unknown) */
    char value[24];            /* the value, for messages (shortened) */
} raw_decl;

/*
 * Find the Кодировка line in the undecoded bytes: its key is Cyrillic and so
 * reads differently in each encoding, which also tells which encoding the file
 * was really written in; its value is ASCII in all of them.
 */
static void find_declaration(const char *data, size_t len, raw_decl *d)
{
    static const struct {
        const char *key;
        sup_bank_encoding enc;
    } keys[] = {{key_cp1251, SUP_BANK_ENCODING_CP1251},
                {key_cp866, SUP_BANK_ENCODING_CP866},
                {key_utf8, SUP_BANK_ENCODING_UTF8}};
    memset(d, 0, sizeof *d);
    int line = 1;
    for (size_t i = 0; i < len; line++) {
        const char *nl = memchr(data + i, '\n', len - i);
        size_t end = nl ? (size_t)(nl - data) : len;
        size_t p = i;
        while (p < end && is_blank(data[p]))
            p++;
        for (size_t k = 0; k < sizeof keys / sizeof keys[0]; k++) {
            size_t kn = strlen(keys[k].key);
            if (end - p < kn || memcmp(data + p, keys[k].key, kn) != 0)
                continue;
            size_t q = p + kn;
            while (q < end && is_blank(data[q]))
                q++;
            if (q == end || data[q] != '=')
                continue;
            q++;
            size_t e = end;
            while (e > q && (is_blank(data[e - 1]) || data[e - 1] == '\r'))
                e--;
            while (q < e && is_blank(data[q]))
                q++;
            d->line = line;
            d->written = keys[k].enc;
            d->named = encoding_of_value(data + q, e - q);
            size_t n = e - q < sizeof d->value - 1 ? e - q : sizeof d->value - 1;
            memcpy(d->value, data + q, n);
            d->value[n] = '\0';
            return;
        }
        i = end + 1;
    }
}

static int fail_line(int line, int code, const char *fmt, ...) SUP__PRINTF(3, 4);

/* SUP_EPARSE (or `code`) with "bank statement line N: …" (no line: "bank statement: …"). */
static int fail_line(int line, int code, const char *fmt, ...)
{
    char msg[400];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    if (line > 0)
        return sup__fail(code, "bank statement line %d: %s", line, msg);
    return sup__fail(code, "bank statement: %s", msg);
}

/* Decide the encoding: the caller's, a BOM, or the Кодировка line (which must agree with its own bytes). */
static int choose_encoding(const char *data, size_t len, bool bom, sup_bank_encoding forced, sup_bank_encoding *out)
{
    if (forced != SUP_BANK_ENCODING_AUTO) {
        *out = forced;
        return SUP_OK;
    }
    if (bom) {
        /* the BOM is the stronger signal: tools that convert a file to UTF-8 add one and keep the old line */
        *out = SUP_BANK_ENCODING_UTF8;
        return SUP_OK;
    }
    raw_decl d;
    find_declaration(data, len, &d);
    if (d.line == 0) {
        /* no declaration: decode as it looks; the header check refuses the file with a line number */
        *out = sup__utf8_valid(data, len) ? SUP_BANK_ENCODING_UTF8 : SUP_BANK_ENCODING_CP1251;
        return SUP_OK;
    }
    char q[80];
    sup__quote_text(q, sizeof q, d.value);
    if (d.named == SUP_BANK_ENCODING_AUTO)
        return fail_line(d.line, SUP_EPARSE, "unknown Кодировка %s: expected Windows, DOS or UTF-8", q);
    if (d.named != d.written)
        return fail_line(d.line, SUP_EPARSE,
                         "the file declares Кодировка=%s (%s) but is written in %s; save it again in %s or "
                         "correct the Кодировка line",
                         d.value, encoding_label(d.named), encoding_label(d.written), encoding_label(d.named));
    *out = d.named;
    return SUP_OK;
}

static int decode(const char *data, size_t len, sup_bank_encoding enc, char **text, size_t *text_len)
{
    size_t bad = 0;
    int rc;
    switch (enc) {
    case SUP_BANK_ENCODING_CP1251:
        rc = sup__cp1251_to_utf8(data, len, text, text_len, &bad);
        break;
    case SUP_BANK_ENCODING_CP866:
        rc = sup__cp866_to_utf8(data, len, text, text_len, &bad);
        break;
    default:
        bad = sup__utf8_check(data, len);
        if (bad < len) {
            rc = SUP_EPARSE;
            break;
        }
        *text = sup__malloc(len + 1);
        if (*text == NULL)
            return sup__fail(SUP_ENOMEM, "out of memory reading a bank statement of %zu bytes", len);
        if (len > 0)
            memcpy(*text, data, len);
        (*text)[len] = '\0';
        *text_len = len;
        rc = SUP_OK;
        break;
    }
    if (rc == SUP_ENOMEM)
        return sup__fail(SUP_ENOMEM, "out of memory reading a bank statement of %zu bytes", len);
    if (rc != SUP_OK)
        return fail_line(line_of(data, bad), SUP_EPARSE, "byte 0x%02X is not %s text", (unsigned char)data[bad],
                         encoding_label(enc));
    return SUP_OK;
}

/* ---- values ------------------------------------------------------------------------ */

/* DD.MM.YYYY exactly. */
static bool parse_date(const char *s, sup_date *out)
{
    if (strlen(s) != 10 || s[2] != '.' || s[5] != '.')
        return false;
    for (int i = 0; i < 10; i++)
        if (i != 2 && i != 5 && (s[i] < '0' || s[i] > '9'))
            return false;
    int d = (s[0] - '0') * 10 + (s[1] - '0'), m = (s[3] - '0') * 10 + (s[4] - '0');
    int y = ((s[6] - '0') * 10 + (s[7] - '0')) * 100 + (s[8] - '0') * 10 + (s[9] - '0');
    sup_date v = (sup_date)(y * 10000 + m * 100 + d);
    if (!sup__date_ok(v))
        return false;
    *out = v;
    return true;
}

/* Rubles with at most two decimals after '.', optionally negative: "1998", "1998.5", "-12.30". */
static bool parse_amount(const char *s, bool allow_negative, sup_money *out)
{
    bool neg = false;
    if (*s == '-' && allow_negative) {
        neg = true;
        s++;
    }
    const int64_t max_rub = INT64_MAX / 100;
    int64_t rub = 0;
    int nd = 0;
    for (; *s >= '0' && *s <= '9'; s++, nd++) {
        int digit = *s - '0';
        if (rub > (max_rub - digit) / 10)
            return false;
        rub = rub * 10 + digit;
    }
    if (nd == 0)
        return false;
    int64_t kop = 0;
    if (*s == '.') {
        s++;
        int nf = 0;
        for (; *s >= '0' && *s <= '9'; s++, nf++) {
            if (nf == 2)
                return false;
            kop = kop * 10 + (*s - '0');
        }
        if (nf == 0)
            return false;
        if (nf == 1)
            kop *= 10;
    }
    if (*s != '\0' || (rub == max_rub && kop > INT64_MAX % 100))
        return false;
    *out = neg ? -(rub * 100 + kop) : rub * 100 + kop;
    return true;
}

/* ---- the parser ---------------------------------------------------------------------- */

enum pstate { IN_HEADER, IN_BALANCE, IN_DOC };

typedef struct parser {
    sup_bank_statement *st;
    enum pstate state;
    int line;      /* the current line */
    int open_line; /* the line that opened the current section */
    bool header_done; /* the header's required keys were checked */
    bool ended;       /* КонецФайла seen */
    sup__hset keys;        /* keys of the open section */
    sup__hset header_keys; /* keys of the header */
} parser;

static bool kv_eq(const void *ctx, size_t a, size_t b)
{
    const struct sup__bkv *kv = ctx;
    return strcmp(kv[a].key, kv[b].key) == 0;
}

static uint64_t key_hash(const char *key) { return sup__hash_bytes(SUP__HASH_INIT, key, strlen(key)); }

static int oom(void) { return sup__fail(SUP_ENOMEM, "out of memory parsing a bank statement"); }

static int check_header(parser *p)
{
    if (p->header_done)
        return SUP_OK;
    p->header_done = true;
    const sup_bank_statement *st = p->st;
    if (st->version == NULL)
        return fail_line(p->line, SUP_EPARSE, "the header has no ВерсияФормата (1.02 or 1.03) before this line");
    if (sup_bank_statement_field(st, "Кодировка") == NULL)
        return fail_line(p->line, SUP_EPARSE, "the header has no Кодировка (Windows, DOS or UTF-8) before this line");
    return SUP_OK;
}

static int header_date(parser *p, const char *key, const char *value, sup_date *out)
{
    if (*value == '\0')
        return SUP_OK;
    if (!parse_date(value, out)) {
        char q[80];
        sup__quote_text(q, sizeof q, value);
        return fail_line(p->line, SUP_EPARSE, "%s = %s is not a date DD.MM.YYYY", key, q);
    }
    return SUP_OK;
}

static int header_line(parser *p, char *key, char *value)
{
    sup_bank_statement *st = p->st;
    if (!grow((void **)&st->header, &st->header_cap, st->header_count, sizeof *st->header))
        return oom();
    size_t idx = st->header_count;
    st->header[idx] = (struct sup__bkv){key, value, p->line};
    char q[80];
    bool repeats = strcmp(key, "РасчСчет") == 0 || strcmp(key, "Документ") == 0;
    if (!repeats) {
        size_t prev;
        int rc = sup__hset_insert(&p->header_keys, key_hash(key), idx, kv_eq, st->header, &prev);
        if (rc == SUP_ENOMEM)
            return oom();
        if (rc == SUP_ECONFLICT) {
            sup__quote_text(q, sizeof q, key);
            return fail_line(p->line, SUP_EPARSE, "the header has %s twice (lines %d and %d)", q,
                             st->header[prev].line, p->line);
        }
    }
    st->header_count++;
    if (strcmp(key, "ВерсияФормата") == 0) {
        if (strcmp(value, "1.02") != 0 && strcmp(value, "1.03") != 0) {
            sup__quote_text(q, sizeof q, value);
            return fail_line(p->line, SUP_EPARSE, "ВерсияФормата %s is not supported (1.02 or 1.03)", q);
        }
        st->version = value;
    } else if (strcmp(key, "Кодировка") == 0) {
        if (encoding_of_value(value, strlen(value)) == SUP_BANK_ENCODING_AUTO) {
            sup__quote_text(q, sizeof q, value);
            return fail_line(p->line, SUP_EPARSE, "unknown Кодировка %s: expected Windows, DOS or UTF-8", q);
        }
    } else if (strcmp(key, "РасчСчет") == 0 && *value != '\0') {
        if (!grow((void **)&st->accounts, &st->account_cap, st->account_count, sizeof *st->accounts))
            return oom();
        st->accounts[st->account_count++] = value;
    } else if (strcmp(key, "ДатаСоздания") == 0) {
        return header_date(p, key, value, &st->created);
    } else if (strcmp(key, "ДатаНачала") == 0) {
        return header_date(p, key, value, &st->from);
    } else if (strcmp(key, "ДатаКонца") == 0) {
        return header_date(p, key, value, &st->to);
    }
    return SUP_OK;
}

/* A key = value line of the open section: kept, unless its key repeats. */
static int section_line(parser *p, char *key, const char *value)
{
    sup_bank_statement *st = p->st;
    if (!grow((void **)&st->pool, &st->pool_cap, st->pool_count, sizeof *st->pool))
        return oom();
    size_t idx = st->pool_count;
    st->pool[idx] = (struct sup__bkv){key, value, p->line};
    size_t prev;
    int rc = sup__hset_insert(&p->keys, key_hash(key), idx, kv_eq, st->pool, &prev);
    if (rc == SUP_ENOMEM)
        return oom();
    if (rc == SUP_ECONFLICT) {
        char q[80];
        sup__quote_text(q, sizeof q, key);
        return fail_line(p->line, SUP_EPARSE, "the %s opened on line %d has %s twice (lines %d and %d)",
                         p->state == IN_DOC ? "document" : "СекцияРасчСчет", p->open_line, q, st->pool[prev].line,
                         p->line);
    }
    st->pool_count++;
    return SUP_OK;
}

static int bad_value(parser *p, const char *key, const char *value, const char *expected)
{
    char q[80];
    sup__quote_text(q, sizeof q, value);
    return fail_line(p->line, SUP_EPARSE, "%s = %s is not %s", key, q, expected);
}

static int doc_field(parser *p, struct sup_bank_doc *doc, const char *key, const char *value)
{
    if (*value == '\0')
        return SUP_OK; /* an empty value is an absent one */
    if (strcmp(key, "Номер") == 0) {
        doc->number = value;
    } else if (strcmp(key, "Дата") == 0) {
        if (!parse_date(value, &doc->date))
            return bad_value(p, key, value, "a date DD.MM.YYYY");
    } else if (strcmp(key, "Сумма") == 0) {
        if (!parse_amount(value, false, &doc->amount))
            return bad_value(p, key, value, "an amount of rubles with at most two decimals (1998.00)");
        doc->has_amount = true;
    } else if (strcmp(key, "ДатаПоступило") == 0) {
        if (!parse_date(value, &doc->received))
            return bad_value(p, key, value, "a date DD.MM.YYYY");
    } else if (strcmp(key, "ДатаСписано") == 0) {
        if (!parse_date(value, &doc->debited))
            return bad_value(p, key, value, "a date DD.MM.YYYY");
    }
    return SUP_OK;
}

static const char *const balance_keys[4] = {"НачальныйОстаток", "ВсегоПоступило", "ВсегоСписано", "КонечныйОстаток"};

static int balance_field(parser *p, struct sup_bank_balance *b, const char *key, const char *value)
{
    if (*value == '\0')
        return SUP_OK;
    if (strcmp(key, "РасчСчет") == 0) {
        b->account = value;
    } else if (strcmp(key, "ДатаНачала") == 0) {
        if (!parse_date(value, &b->from))
            return bad_value(p, key, value, "a date DD.MM.YYYY");
    } else if (strcmp(key, "ДатаКонца") == 0) {
        if (!parse_date(value, &b->to))
            return bad_value(p, key, value, "a date DD.MM.YYYY");
    } else {
        for (unsigned i = 0; i < 4; i++) {
            if (strcmp(key, balance_keys[i]) != 0)
                continue;
            /* balances may be overdrawn; turnovers are sums of payments */
            if (!parse_amount(value, i == SUP_BANK_OPENING || i == SUP_BANK_CLOSING, &b->amounts[i]))
                return bad_value(p, key, value, "an amount of rubles with at most two decimals (1998.00)");
            b->has |= 1u << i;
        }
    }
    return SUP_OK;
}

static sup_bank_doc_kind kind_of_text(const char *t)
{
    static const struct {
        const char *text;
        sup_bank_doc_kind kind;
    } kinds[] = {
        {"Платежное поручение", SUP_BANK_DOC_PAYMENT_ORDER},   {"Платёжное поручение", SUP_BANK_DOC_PAYMENT_ORDER},
        {"Банковский ордер", SUP_BANK_DOC_BANK_ORDER},         {"Платежное требование", SUP_BANK_DOC_PAYMENT_REQUEST},
        {"Платёжное требование", SUP_BANK_DOC_PAYMENT_REQUEST}, {"Инкассовое поручение", SUP_BANK_DOC_COLLECTION_ORDER},
        {"Мемориальный ордер", SUP_BANK_DOC_MEMORIAL_ORDER},   {"Аккредитив", SUP_BANK_DOC_LETTER_OF_CREDIT},
    };
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (strcmp(t, kinds[i].text) == 0)
            return kinds[i].kind;
    return SUP_BANK_DOC_OTHER;
}

static int open_doc(parser *p, const char *kind)
{
    sup_bank_statement *st = p->st;
    if (*kind == '\0')
        return fail_line(p->line, SUP_EPARSE, "СекцияДокумент without a kind (СекцияДокумент=Платежное поручение)");
    if (!grow((void **)&st->docs, &st->doc_cap, st->doc_count, sizeof *st->docs))
        return oom();
    struct sup_bank_doc *d = &st->docs[st->doc_count++];
    memset(d, 0, sizeof *d);
    d->kind = kind_of_text(kind);
    d->kind_text = kind;
    d->line = p->line;
    d->first = st->pool_count;
    p->state = IN_DOC;
    p->open_line = p->line;
    sup__hset_clear(&p->keys);
    return SUP_OK;
}

static int close_doc(parser *p)
{
    struct sup_bank_doc *d = &p->st->docs[p->st->doc_count - 1];
    d->count = p->st->pool_count - d->first;
    const char *missing = d->number == NULL ? "Номер" : d->date == SUP_DATE_NONE ? "Дата" : !d->has_amount ? "Сумма"
                                                                                                           : NULL;
    if (missing != NULL)
        return fail_line(p->line, SUP_EPARSE, "the document opened on line %d has no %s", d->line, missing);
    p->state = IN_HEADER;
    return SUP_OK;
}

static int open_balance(parser *p)
{
    sup_bank_statement *st = p->st;
    if (!grow((void **)&st->balances, &st->balance_cap, st->balance_count, sizeof *st->balances))
        return oom();
    struct sup_bank_balance *b = &st->balances[st->balance_count++];
    memset(b, 0, sizeof *b);
    b->line = p->line;
    b->first = st->pool_count;
    p->state = IN_BALANCE;
    p->open_line = p->line;
    sup__hset_clear(&p->keys);
    return SUP_OK;
}

static bool starts_with(const char *s, const char *prefix) { return strncmp(s, prefix, strlen(prefix)) == 0; }

/* What the open section is missing before `what` on this line. */
static int unclosed(parser *p, const char *what)
{
    if (p->state == IN_DOC)
        return fail_line(p->line, SUP_EPARSE, "КонецДокумента missing before %s (the document opened on line %d)",
                         what, p->open_line);
    return fail_line(p->line, SUP_EPARSE, "КонецРасчСчет missing before %s (the section opened on line %d)", what,
                     p->open_line);
}

/* A line that starts or ends a section, or the file: SUP_OK if it was one (*handled), else untouched. */
static int structure_line(parser *p, char *t, bool *handled)
{
    *handled = true;
    if (starts_with(t, "СекцияДокумент")) {
        char *rest = sup__trim(t + strlen("СекцияДокумент"));
        if (*rest != '=' && *rest != '\0') {
            *handled = false; /* a longer word: an unknown section, below */
            return SUP_OK;
        }
        if (p->state != IN_HEADER)
            return unclosed(p, "the next СекцияДокумент");
        int rc = check_header(p);
        if (rc == SUP_OK)
            rc = open_doc(p, *rest == '=' ? sup__trim(rest + 1) : rest);
        return rc;
    }
    if (strcmp(t, "СекцияРасчСчет") == 0) {
        if (p->state != IN_HEADER)
            return unclosed(p, "СекцияРасчСчет");
        int rc = check_header(p);
        return rc != SUP_OK ? rc : open_balance(p);
    }
    if (strcmp(t, "КонецДокумента") == 0) {
        if (p->state == IN_DOC)
            return close_doc(p);
        if (p->state == IN_BALANCE)
            return fail_line(p->line, SUP_EPARSE, "КонецДокумента inside the СекцияРасчСчет opened on line %d",
                             p->open_line);
        return fail_line(p->line, SUP_EPARSE, "КонецДокумента without СекцияДокумент");
    }
    if (strcmp(t, "КонецРасчСчет") == 0) {
        if (p->state == IN_BALANCE) {
            struct sup_bank_balance *b = &p->st->balances[p->st->balance_count - 1];
            b->count = p->st->pool_count - b->first;
            p->state = IN_HEADER;
            return SUP_OK;
        }
        if (p->state == IN_DOC)
            return fail_line(p->line, SUP_EPARSE, "КонецРасчСчет inside the document opened on line %d",
                             p->open_line);
        return fail_line(p->line, SUP_EPARSE, "КонецРасчСчет without СекцияРасчСчет");
    }
    if (strcmp(t, "КонецФайла") == 0) {
        if (p->state != IN_HEADER)
            return unclosed(p, "КонецФайла");
        int rc = check_header(p);
        p->ended = rc == SUP_OK;
        return rc;
    }
    *handled = false;
    return SUP_OK;
}

static int parse_line(parser *p, char *line, size_t n)
{
    /* control characters (and a CR not at the end) make no sense in a statement: a binary or broken file */
    for (size_t i = 0; i < n; i++) {
        unsigned char c = (unsigned char)line[i];
        if ((c < 0x20 && c != '\t') || c == 0x7F)
            return fail_line(p->line, SUP_EPARSE, "control character 0x%02X in the text", c);
    }
    char *t = sup__trim(line);
    if (*t == '\0')
        return SUP_OK;
    char q[80];
    if (p->ended) {
        sup__quote_text(q, sizeof q, t);
        return fail_line(p->line, SUP_EPARSE, "text after КонецФайла: %s", q);
    }
    bool handled;
    int rc = structure_line(p, t, &handled);
    if (rc != SUP_OK || handled)
        return rc;
    char *eq = strchr(t, '=');
    if (eq == NULL) {
        sup__quote_text(q, sizeof q, t);
        if (starts_with(t, "Секция"))
            return fail_line(p->line, SUP_EPARSE, "unknown section %s", q);
        if (starts_with(t, "Конец"))
            return fail_line(p->line, SUP_EPARSE, "unknown section end %s", q);
        if (p->state != IN_HEADER)
            return fail_line(p->line, SUP_EPARSE, "a line without '=' inside the %s opened on line %d: %s",
                             p->state == IN_DOC ? "document" : "СекцияРасчСчет", p->open_line, q);
        return fail_line(p->line, SUP_EPARSE, "expected Key=Value, got %s", q);
    }
    *eq = '\0';
    char *key = sup__trim(t), *value = sup__trim(eq + 1);
    if (*key == '\0')
        return fail_line(p->line, SUP_EPARSE, "a line with an empty key");
    if (starts_with(key, "Секция")) {
        sup__quote_text(q, sizeof q, key);
        return fail_line(p->line, SUP_EPARSE, "unknown section %s", q);
    }
    switch (p->state) {
    case IN_HEADER:
        return header_line(p, key, value);
    case IN_BALANCE:
        rc = section_line(p, key, value);
        return rc != SUP_OK ? rc : balance_field(p, &p->st->balances[p->st->balance_count - 1], key, value);
    case IN_DOC:
        rc = section_line(p, key, value);
        return rc != SUP_OK ? rc : doc_field(p, &p->st->docs[p->st->doc_count - 1], key, value);
    }
    return SUP_OK;
}

/* The first line, before decoding (ASCII in every encoding): is this a statement at all? */
static int check_first_line(const char *data, size_t len)
{
    static const char magic[] = "1CClientBankExchange";
    size_t n = sizeof magic - 1, end = 0;
    while (end < len && data[end] != '\n')
        end++;
    size_t e = end;
    while (e > 0 && (data[e - 1] == '\r' || is_blank(data[e - 1])))
        e--;
    if (e == n && memcmp(data, magic, n) == 0)
        return SUP_OK;
    char head[48];
    size_t k = e < sizeof head - 1 ? e : sizeof head - 1;
    memcpy(head, data, k);
    head[k] = '\0';
    char q[80];
    sup__quote_text(q, sizeof q, head);
    return fail_line(1, SUP_EPARSE, "not a 1CClientBankExchange file: the first line is %s", q);
}

/* Resolve the sections' field ranges into pointers, and the derived fields. */
static int finish(sup_bank_statement *st)
{
    static const char *const party_suffix[SUP__BANK_PARTY_FIELDS] = {"Счет", "РасчСчет", "1", "ИНН",
                                                                     "КПП", "БИК",      "Банк1", "Корсчет"};
    static const char *const party_prefix[2] = {"Плательщик", "Получатель"};
    for (size_t i = 0; i < st->balance_count; i++) {
        /* a statement whose sections have no fields at all has no pool (NULL + 0 is undefined) */
        st->balances[i].fields = st->pool != NULL ? st->pool + st->balances[i].first : NULL;
        if (st->balances[i].account == NULL)
            st->balances[i].account = "";
    }
    for (size_t i = 0; i < st->doc_count; i++) {
        struct sup_bank_doc *d = &st->docs[i];
        d->fields = st->pool != NULL ? st->pool + d->first : NULL;
        for (int party = 0; party < 2; party++) {
            for (int f = 0; f < SUP__BANK_PARTY_FIELDS; f++) {
                char key[64];
                snprintf(key, sizeof key, "%s%s", party_prefix[party], party_suffix[f]);
                const char *v = sup_bank_doc_field(d, key);
                if (f == SUP_BANK_NAME && (v == NULL || *v == '\0'))
                    v = sup_bank_doc_field(d, party_prefix[party]);
                d->party[party][f] = v != NULL ? v : "";
            }
        }
        const char *purpose = sup_bank_doc_field(d, "НазначениеПлатежа");
        if (purpose != NULL && *purpose != '\0') {
            d->purpose = purpose;
            continue;
        }
        sup__buf b = {0};
        for (int k = 1; k <= 6; k++) {
            char key[64];
            snprintf(key, sizeof key, "НазначениеПлатежа%d", k);
            const char *v = sup_bank_doc_field(d, key);
            if (v == NULL || *v == '\0')
                continue;
            if (b.len > 0)
                sup__buf_put(&b, " ");
            sup__buf_put(&b, v);
        }
        if (b.len == 0 && !b.failed) {
            d->purpose = "";
            continue;
        }
        if (sup__buf_finish(&b, &d->purpose_owned) != SUP_OK)
            return SUP_ENOMEM;
        d->purpose = d->purpose_owned;
    }
    return SUP_OK;
}

static int parse_text(parser *p, char *text, size_t len)
{
    if (text == NULL)
        return oom();
    size_t i = 0;
    int rc = SUP_OK;
    p->line = 0;
    while (i <= len && rc == SUP_OK) {
        char *nl = i < len ? memchr(text + i, '\n', len - i) : NULL;
        size_t end = nl ? (size_t)(nl - text) : len;
        size_t n = end - i;
        if (n > 0 && text[i + n - 1] == '\r')
            n--;
        text[i + n] = '\0';
        p->line++;
        if (p->line > 1) /* line 1 was checked before decoding */
            rc = parse_line(p, text + i, n);
        if (nl == NULL)
            break;
        i = end + 1;
    }
    if (rc != SUP_OK)
        return rc;
    if (p->state != IN_HEADER)
        return unclosed(p, "the end of the file");
    if (!p->ended)
        return fail_line(p->line, SUP_EPARSE, "КонецФайла missing: the file is truncated");
    return SUP_OK;
}

int sup_bank_statement_parse(const char *data, size_t len, const sup_bank_parse_options *opts,
                             sup_bank_statement **out)
{
    SUP__CHECK_ARG(out, "sup_bank_statement_parse");
    *out = NULL;
    if (data == NULL && len > 0)
        return sup__fail(SUP_EINVAL, "sup_bank_statement_parse: argument 'data' is NULL");
    sup_bank_encoding forced = SUP_BANK_ENCODING_AUTO;
    size_t max = SUP_BANK_MAX_BYTES_DEFAULT;
    if (opts != NULL) {
        if (opts->version < 1 || opts->version > SUP_BANK_PARSE_OPTIONS_VERSION)
            return sup__fail(SUP_EINVAL, "sup_bank_statement_parse: unknown options version %u", opts->version);
        if ((unsigned)opts->encoding > SUP_BANK_ENCODING_UTF8)
            return sup__fail(SUP_EINVAL, "sup_bank_statement_parse: unknown encoding %d", (int)opts->encoding);
        if (opts->max_bytes > SUP_BANK_MAX_BYTES_LIMIT)
            return sup__fail(SUP_ERANGE, "sup_bank_statement_parse: a limit of %zu bytes is above %u", opts->max_bytes,
                             SUP_BANK_MAX_BYTES_LIMIT);
        forced = opts->encoding;
        if (opts->max_bytes != 0)
            max = opts->max_bytes;
    }
    if (len > max)
        return sup__fail(SUP_ERANGE, "bank statement: the file has %zu bytes, more than the limit of %zu", len, max);
    if (len == 0)
        return fail_line(0, SUP_EPARSE, "the file is empty");
    bool bom = len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0;
    if (bom && forced != SUP_BANK_ENCODING_AUTO && forced != SUP_BANK_ENCODING_UTF8)
        return fail_line(1, SUP_EPARSE, "the file starts with a UTF-8 byte order mark but %s was asked for",
                         encoding_label(forced));
    if (bom) {
        data += 3;
        len -= 3;
    }
    int rc = check_first_line(data, len);
    sup_bank_encoding enc = SUP_BANK_ENCODING_AUTO;
    if (rc == SUP_OK)
        rc = choose_encoding(data, len, bom, forced, &enc);
    if (rc != SUP_OK)
        return rc;

    sup_bank_statement *st = sup__calloc(1, sizeof *st);
    if (st == NULL)
        return oom();
    st->encoding = enc;
    size_t text_len = 0;
    rc = decode(data, len, enc, &st->text, &text_len);
    parser p = {.st = st, .state = IN_HEADER};
    if (rc == SUP_OK)
        rc = parse_text(&p, st->text, text_len);
    if (rc == SUP_OK && finish(st) != SUP_OK)
        rc = oom();
    sup__hset_dispose(&p.keys);
    sup__hset_dispose(&p.header_keys);
    if (rc != SUP_OK) {
        sup_bank_statement_free(st);
        return rc;
    }
    *out = st;
    return SUP_OK;
}

/* ---- accessors ------------------------------------------------------------------------ */

const char *sup_bank_statement_version(const sup_bank_statement *st) { return st ? st->version : NULL; }

sup_bank_encoding sup_bank_statement_encoding(const sup_bank_statement *st)
{
    return st ? st->encoding : SUP_BANK_ENCODING_AUTO;
}

static const char *find_kv(const struct sup__bkv *kv, size_t n, const char *key)
{
    if (key == NULL)
        return NULL;
    for (size_t i = 0; i < n; i++)
        if (strcmp(kv[i].key, key) == 0)
            return kv[i].value;
    return NULL;
}

static int kv_at(const struct sup__bkv *kv, size_t n, size_t i, const char **key, const char **value,
                 const char *fn)
{
    SUP__CHECK_ARG(key, fn);
    SUP__CHECK_ARG(value, fn);
    if (i >= n)
        return sup__fail(SUP_ENOTFOUND, "%s: no line %zu (there are %zu)", fn, i, n);
    *key = kv[i].key;
    *value = kv[i].value;
    return SUP_OK;
}

const char *sup_bank_statement_field(const sup_bank_statement *st, const char *key)
{
    return st ? find_kv(st->header, st->header_count, key) : NULL;
}

size_t sup_bank_statement_field_count(const sup_bank_statement *st) { return st ? st->header_count : 0; }

int sup_bank_statement_field_at(const sup_bank_statement *st, size_t i, const char **key, const char **value)
{
    SUP__CHECK_ARG(st, "sup_bank_statement_field_at");
    return kv_at(st->header, st->header_count, i, key, value, "sup_bank_statement_field_at");
}

sup_date sup_bank_statement_created_on(const sup_bank_statement *st) { return st ? st->created : SUP_DATE_NONE; }
sup_date sup_bank_statement_date_from(const sup_bank_statement *st) { return st ? st->from : SUP_DATE_NONE; }
sup_date sup_bank_statement_date_to(const sup_bank_statement *st) { return st ? st->to : SUP_DATE_NONE; }

size_t sup_bank_statement_account_count(const sup_bank_statement *st) { return st ? st->account_count : 0; }

const char *sup_bank_statement_account(const sup_bank_statement *st, size_t i)
{
    return st && i < st->account_count ? st->accounts[i] : NULL;
}

size_t sup_bank_statement_balance_count(const sup_bank_statement *st) { return st ? st->balance_count : 0; }

const sup_bank_balance *sup_bank_statement_balance(const sup_bank_statement *st, size_t i)
{
    return st && i < st->balance_count ? &st->balances[i] : NULL;
}

const char *sup_bank_balance_account(const sup_bank_balance *b) { return b ? b->account : NULL; }
sup_date sup_bank_balance_date_from(const sup_bank_balance *b) { return b ? b->from : SUP_DATE_NONE; }
sup_date sup_bank_balance_date_to(const sup_bank_balance *b) { return b ? b->to : SUP_DATE_NONE; }
int sup_bank_balance_line(const sup_bank_balance *b) { return b ? b->line : 0; }

int sup_bank_balance_amount(const sup_bank_balance *b, sup_bank_balance_item item, sup_money *out)
{
    SUP__CHECK_ARG(b, "sup_bank_balance_amount");
    SUP__CHECK_ARG(out, "sup_bank_balance_amount");
    if ((unsigned)item > SUP_BANK_CLOSING)
        return sup__fail(SUP_EINVAL, "sup_bank_balance_amount: unknown item %d", (int)item);
    if (!(b->has & (1u << item)))
        return sup__fail(SUP_ENOTFOUND, "the СекцияРасчСчет on line %d has no %s", b->line, balance_keys[item]);
    *out = b->amounts[item];
    return SUP_OK;
}

const char *sup_bank_balance_field(const sup_bank_balance *b, const char *key)
{
    return b ? find_kv(b->fields, b->count, key) : NULL;
}

size_t sup_bank_balance_field_count(const sup_bank_balance *b) { return b ? b->count : 0; }

int sup_bank_balance_field_at(const sup_bank_balance *b, size_t i, const char **key, const char **value)
{
    SUP__CHECK_ARG(b, "sup_bank_balance_field_at");
    return kv_at(b->fields, b->count, i, key, value, "sup_bank_balance_field_at");
}

static const char *const kind_names[] = {"other",           "payment_order",  "bank_order",      "payment_request",
                                         "collection_order", "memorial_order", "letter_of_credit"};

const char *sup_bank_doc_kind_name(sup_bank_doc_kind kind)
{
    return (unsigned)kind < sizeof kind_names / sizeof kind_names[0] ? kind_names[kind] : "";
}

size_t sup_bank_statement_doc_count(const sup_bank_statement *st) { return st ? st->doc_count : 0; }

const sup_bank_doc *sup_bank_statement_doc(const sup_bank_statement *st, size_t i)
{
    return st && i < st->doc_count ? &st->docs[i] : NULL;
}

sup_bank_doc_kind sup_bank_doc_kind_of(const sup_bank_doc *d) { return d ? d->kind : SUP_BANK_DOC_OTHER; }
const char *sup_bank_doc_kind_text(const sup_bank_doc *d) { return d ? d->kind_text : NULL; }
int sup_bank_doc_line(const sup_bank_doc *d) { return d ? d->line : 0; }
const char *sup_bank_doc_number(const sup_bank_doc *d) { return d ? d->number : NULL; }
sup_date sup_bank_doc_date(const sup_bank_doc *d) { return d ? d->date : SUP_DATE_NONE; }
sup_money sup_bank_doc_amount(const sup_bank_doc *d) { return d ? d->amount : 0; }
sup_date sup_bank_doc_received_on(const sup_bank_doc *d) { return d ? d->received : SUP_DATE_NONE; }
sup_date sup_bank_doc_debited_on(const sup_bank_doc *d) { return d ? d->debited : SUP_DATE_NONE; }
const char *sup_bank_doc_purpose(const sup_bank_doc *d) { return d ? d->purpose : NULL; }

const char *sup_bank_doc_party(const sup_bank_doc *d, sup_bank_party party, sup_bank_party_field field)
{
    if (d == NULL || (unsigned)party > SUP_BANK_PAYEE || (unsigned)field >= SUP__BANK_PARTY_FIELDS)
        return NULL;
    return d->party[party][field];
}

const char *sup_bank_doc_field(const sup_bank_doc *d, const char *key)
{
    return d ? find_kv(d->fields, d->count, key) : NULL;
}

size_t sup_bank_doc_field_count(const sup_bank_doc *d) { return d ? d->count : 0; }

int sup_bank_doc_field_at(const sup_bank_doc *d, size_t i, const char **key, const char **value)
{
    SUP__CHECK_ARG(d, "sup_bank_doc_field_at");
    return kv_at(d->fields, d->count, i, key, value, "sup_bank_doc_field_at");
}

int sup_bank_doc_is_incoming(const sup_bank_doc *d, const char *our_account)
{
    SUP__CHECK_ARG(d, "sup_bank_doc_is_incoming");
    if (our_account == NULL || *our_account == '\0')
        return sup__fail(SUP_EINVAL, "sup_bank_doc_is_incoming: no account to compare with");
    const char *const *payee = d->party[SUP_BANK_PAYEE], *const *payer = d->party[SUP_BANK_PAYER];
    bool to_us = strcmp(payee[SUP_BANK_ACCOUNT], our_account) == 0 ||
                 strcmp(payee[SUP_BANK_SETTLEMENT_ACCOUNT], our_account) == 0;
    bool from_us = strcmp(payer[SUP_BANK_ACCOUNT], our_account) == 0 ||
                   strcmp(payer[SUP_BANK_SETTLEMENT_ACCOUNT], our_account) == 0;
    return to_us && (d->received != SUP_DATE_NONE || !from_us);
}

/* ---- invoice numbers ---------------------------------------------------------------------- */

static bool is_digit(char c) { return c >= '0' && c <= '9'; }

/* The length of a hyphen at s ('-', U+2010…U+2013, U+2212), or 0. */
static size_t hyphen_len(const unsigned char *s)
{
    if (s[0] == '-')
        return 1;
    if (s[0] == 0xE2 && s[1] == 0x80 && s[2] >= 0x90 && s[2] <= 0x93)
        return 3;
    if (s[0] == 0xE2 && s[1] == 0x88 && s[2] == 0x92)
        return 3;
    return 0;
}

static bool all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!is_digit(s[i]))
            return false;
    return true;
}

int sup_bank_find_invoice_numbers(const char *purpose, char **out, size_t *count)
{
    SUP__CHECK_ARG(out, "sup_bank_find_invoice_numbers");
    *out = NULL;
    if (count != NULL)
        *count = 0;
    SUP__CHECK_ARG(purpose, "sup_bank_find_invoice_numbers");
    size_t len = strlen(purpose);
    if (!sup__utf8_valid(purpose, len))
        return sup__fail(SUP_EINVAL, "sup_bank_find_invoice_numbers: the purpose is not valid UTF-8");
    sup__buf b = {0};
    size_t found = 0;
    for (size_t i = 0; i + 11 <= len; i++) {
        if (!is_digit(purpose[i]) || (i > 0 && is_digit(purpose[i - 1])) || !all_digits(purpose + i, 4))
            continue;
        size_t h = hyphen_len((const unsigned char *)purpose + i + 4); /* NUL-terminated: no over-read */
        size_t tail = i + 4 + h;
        if (h == 0 || tail + 6 > len || !all_digits(purpose + tail, 6) || is_digit(purpose[tail + 6]))
            continue;
        char number[SUP_INVOICE_NUMBER_LEN + 1];
        memcpy(number, purpose + i, 4);
        number[4] = '-';
        memcpy(number + 5, purpose + tail, 6);
        number[SUP_INVOICE_NUMBER_LEN] = '\0';
        bool seen = false;
        for (size_t k = 0; k + SUP_INVOICE_NUMBER_LEN <= b.len && !seen; k += SUP_INVOICE_NUMBER_LEN + 1)
            seen = memcmp(b.data + k, number, SUP_INVOICE_NUMBER_LEN) == 0;
        if (seen)
            continue;
        if (found > 0)
            sup__buf_put(&b, "\n");
        sup__buf_put(&b, number);
        found++;
        i = tail + 5;
    }
    int rc = sup__buf_finish(&b, out);
    if (rc == SUP_OK && count != NULL)
        *count = found;
    return rc;
}
