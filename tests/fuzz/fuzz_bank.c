/* Fuzz target: sup_bank_statement_parse (the input is the file, any bytes).
 * A refused file leaves a readable message and no statement. A parsed one has
 * only well-formed values (UTF-8 on one line, valid dates, amounts >= 0, the
 * required document keys), its documents' invoice numbers have the documented
 * form, and written back as a UTF-8 statement it parses to the same sections
 * and values. */
#include "fuzz_common.h"

static void check_text(const char *s)
{
    FUZZ_CHECK(s != NULL);
    FUZZ_CHECK(fuzz_utf8_ok(s));
    FUZZ_CHECK(strchr(s, '\n') == NULL && strchr(s, '\r') == NULL);
}

static void put(char **buf, size_t *len, size_t *cap, const char *a, const char *b, const char *c)
{
    const char *parts[3] = {a, b, c};
    for (int i = 0; i < 3; i++) {
        if (parts[i] == NULL)
            continue;
        size_t n = strlen(parts[i]);
        if (*len + n + 1 > *cap) {
            *cap = (*len + n + 1) * 2;
            *buf = realloc(*buf, *cap);
            if (*buf == NULL)
                abort();
        }
        memcpy(*buf + *len, parts[i], n);
        *len += n;
        (*buf)[*len] = '\0';
    }
}

static void check_invoices(const char *purpose)
{
    char *inv = NULL;
    size_t count = 0;
    FUZZ_CHECK(sup_bank_find_invoice_numbers(purpose, &inv, &count) == SUP_OK);
    size_t n = strlen(inv);
    FUZZ_CHECK(count == 0 ? n == 0 : n == count * 12 - 1);
    for (size_t i = 0; i < count; i++) {
        const char *p = inv + i * 12;
        for (int k = 0; k < 11; k++)
            FUZZ_CHECK(k == 4 ? p[k] == '-' : (p[k] >= '0' && p[k] <= '9'));
        FUZZ_CHECK(i + 1 == count ? p[11] == '\0' : p[11] == '\n');
        FUZZ_CHECK(strncmp(p, inv, 11) != 0 || i == 0); /* distinct (against the first) */
    }
    sup_free(inv);
}

/* The statement written back as UTF-8 (header first, then the sections in order). */
static char *serialise(const sup_bank_statement *st)
{
    char *buf = NULL;
    size_t len = 0, cap = 0;
    put(&buf, &len, &cap, "1CClientBankExchange\n", NULL, NULL);
    for (size_t i = 0; i < sup_bank_statement_field_count(st); i++) {
        const char *k, *v;
        FUZZ_CHECK(sup_bank_statement_field_at(st, i, &k, &v) == SUP_OK);
        put(&buf, &len, &cap, k, "=", v);
        put(&buf, &len, &cap, "\n", NULL, NULL);
    }
    for (size_t i = 0; i < sup_bank_statement_balance_count(st); i++) {
        const sup_bank_balance *b = sup_bank_statement_balance(st, i);
        put(&buf, &len, &cap, "СекцияРасчСчет\n", NULL, NULL);
        for (size_t f = 0; f < sup_bank_balance_field_count(b); f++) {
            const char *k, *v;
            FUZZ_CHECK(sup_bank_balance_field_at(b, f, &k, &v) == SUP_OK);
            put(&buf, &len, &cap, k, "=", v);
            put(&buf, &len, &cap, "\n", NULL, NULL);
        }
        put(&buf, &len, &cap, "КонецРасчСчет\n", NULL, NULL);
    }
    for (size_t i = 0; i < sup_bank_statement_doc_count(st); i++) {
        const sup_bank_doc *d = sup_bank_statement_doc(st, i);
        put(&buf, &len, &cap, "СекцияДокумент=", sup_bank_doc_kind_text(d), "\n");
        for (size_t f = 0; f < sup_bank_doc_field_count(d); f++) {
            const char *k, *v;
            FUZZ_CHECK(sup_bank_doc_field_at(d, f, &k, &v) == SUP_OK);
            put(&buf, &len, &cap, k, "=", v);
            put(&buf, &len, &cap, "\n", NULL, NULL);
        }
        put(&buf, &len, &cap, "КонецДокумента\n", NULL, NULL);
    }
    put(&buf, &len, &cap, "КонецФайла\n", NULL, NULL);
    return buf;
}

static void check_same(const sup_bank_statement *a, const sup_bank_statement *b)
{
    FUZZ_CHECK(strcmp(sup_bank_statement_version(a), sup_bank_statement_version(b)) == 0);
    FUZZ_CHECK(sup_bank_statement_field_count(a) == sup_bank_statement_field_count(b));
    FUZZ_CHECK(sup_bank_statement_account_count(a) == sup_bank_statement_account_count(b));
    FUZZ_CHECK(sup_bank_statement_date_from(a) == sup_bank_statement_date_from(b));
    FUZZ_CHECK(sup_bank_statement_balance_count(a) == sup_bank_statement_balance_count(b));
    for (size_t i = 0; i < sup_bank_statement_balance_count(a); i++) {
        const sup_bank_balance *x = sup_bank_statement_balance(a, i), *y = sup_bank_statement_balance(b, i);
        FUZZ_CHECK(strcmp(sup_bank_balance_account(x), sup_bank_balance_account(y)) == 0);
        FUZZ_CHECK(sup_bank_balance_field_count(x) == sup_bank_balance_field_count(y));
        for (int item = 0; item < 4; item++) {
            sup_money mx = 1, my = 1;
            int rx = sup_bank_balance_amount(x, (sup_bank_balance_item)item, &mx);
            int ry = sup_bank_balance_amount(y, (sup_bank_balance_item)item, &my);
            FUZZ_CHECK(rx == ry && mx == my);
        }
    }
    FUZZ_CHECK(sup_bank_statement_doc_count(a) == sup_bank_statement_doc_count(b));
    for (size_t i = 0; i < sup_bank_statement_doc_count(a); i++) {
        const sup_bank_doc *x = sup_bank_statement_doc(a, i), *y = sup_bank_statement_doc(b, i);
        FUZZ_CHECK(sup_bank_doc_kind_of(x) == sup_bank_doc_kind_of(y));
        FUZZ_CHECK(strcmp(sup_bank_doc_number(x), sup_bank_doc_number(y)) == 0);
        FUZZ_CHECK(sup_bank_doc_date(x) == sup_bank_doc_date(y));
        FUZZ_CHECK(sup_bank_doc_amount(x) == sup_bank_doc_amount(y));
        FUZZ_CHECK(sup_bank_doc_received_on(x) == sup_bank_doc_received_on(y));
        FUZZ_CHECK(strcmp(sup_bank_doc_purpose(x), sup_bank_doc_purpose(y)) == 0);
        FUZZ_CHECK(sup_bank_doc_field_count(x) == sup_bank_doc_field_count(y));
        for (int p = 0; p < 2; p++)
            for (int f = 0; f < 8; f++)
                FUZZ_CHECK(strcmp(sup_bank_doc_party(x, (sup_bank_party)p, (sup_bank_party_field)f),
                                  sup_bank_doc_party(y, (sup_bank_party)p, (sup_bank_party_field)f)) == 0);
    }
}

static void check_statement(const sup_bank_statement *st)
{
    const char *version = sup_bank_statement_version(st);
    FUZZ_CHECK(version != NULL && (strcmp(version, "1.02") == 0 || strcmp(version, "1.03") == 0));
    FUZZ_CHECK(sup_bank_statement_encoding(st) != SUP_BANK_ENCODING_AUTO);
    FUZZ_CHECK(sup_bank_statement_field(st, "Кодировка") != NULL);
    for (size_t i = 0; i < sup_bank_statement_field_count(st); i++) {
        const char *k, *v;
        FUZZ_CHECK(sup_bank_statement_field_at(st, i, &k, &v) == SUP_OK);
        check_text(k);
        check_text(v);
        FUZZ_CHECK(k[0] != '\0');
    }
    sup_date dates[3] = {sup_bank_statement_created_on(st), sup_bank_statement_date_from(st),
                         sup_bank_statement_date_to(st)};
    for (int i = 0; i < 3; i++)
        FUZZ_CHECK(dates[i] == SUP_DATE_NONE || sup_date_is_valid(dates[i]));
    for (size_t i = 0; i < sup_bank_statement_account_count(st); i++)
        check_text(sup_bank_statement_account(st, i));
    for (size_t i = 0; i < sup_bank_statement_balance_count(st); i++) {
        const sup_bank_balance *b = sup_bank_statement_balance(st, i);
        check_text(sup_bank_balance_account(b));
        FUZZ_CHECK(sup_bank_balance_line(b) > 1);
        for (size_t f = 0; f < sup_bank_balance_field_count(b); f++) {
            const char *k, *v;
            FUZZ_CHECK(sup_bank_balance_field_at(b, f, &k, &v) == SUP_OK);
            check_text(k);
            check_text(v);
            FUZZ_CHECK(sup_bank_balance_field(b, k) == v);
        }
        sup_money m;
        for (int item = 1; item <= 2; item++)
            if (sup_bank_balance_amount(b, (sup_bank_balance_item)item, &m) == SUP_OK)
                FUZZ_CHECK(m >= 0);
    }
    for (size_t i = 0; i < sup_bank_statement_doc_count(st); i++) {
        const sup_bank_doc *d = sup_bank_statement_doc(st, i);
        FUZZ_CHECK(d != NULL);
        check_text(sup_bank_doc_kind_text(d));
        FUZZ_CHECK(sup_bank_doc_kind_text(d)[0] != '\0');
        FUZZ_CHECK(sup_bank_doc_kind_name(sup_bank_doc_kind_of(d))[0] != '\0');
        check_text(sup_bank_doc_number(d));
        FUZZ_CHECK(sup_bank_doc_number(d)[0] != '\0');
        FUZZ_CHECK(sup_date_is_valid(sup_bank_doc_date(d)));
        FUZZ_CHECK(sup_bank_doc_amount(d) >= 0);
        FUZZ_CHECK(sup_bank_doc_received_on(d) == SUP_DATE_NONE || sup_date_is_valid(sup_bank_doc_received_on(d)));
        FUZZ_CHECK(sup_bank_doc_debited_on(d) == SUP_DATE_NONE || sup_date_is_valid(sup_bank_doc_debited_on(d)));
        FUZZ_CHECK(sup_bank_doc_line(d) > 1);
        check_text(sup_bank_doc_purpose(d));
        check_invoices(sup_bank_doc_purpose(d));
        for (int p = 0; p < 2; p++)
            for (int f = 0; f < 8; f++)
                check_text(sup_bank_doc_party(d, (sup_bank_party)p, (sup_bank_party_field)f));
        for (size_t f = 0; f < sup_bank_doc_field_count(d); f++) {
            const char *k, *v;
            FUZZ_CHECK(sup_bank_doc_field_at(d, f, &k, &v) == SUP_OK);
            check_text(k);
            check_text(v);
            FUZZ_CHECK(sup_bank_doc_field(d, k) == v); /* keys are unique within a document */
        }
        const char *acct = sup_bank_doc_party(d, SUP_BANK_PAYEE, SUP_BANK_ACCOUNT);
        int in = sup_bank_doc_is_incoming(d, acct[0] ? acct : "0");
        FUZZ_CHECK(in == 0 || in == 1);
        if (acct[0] != '\0')
            FUZZ_CHECK(in == 1 || sup_bank_doc_received_on(d) == SUP_DATE_NONE);
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    sup_bank_statement *st = (sup_bank_statement *)1;
    int rc = sup_bank_statement_parse((const char *)data, size, NULL, &st);
    if (rc != SUP_OK) {
        FUZZ_CHECK(rc == SUP_EPARSE || rc == SUP_ERANGE || rc == SUP_ENOMEM);
        FUZZ_CHECK(st == NULL);
        fuzz_check_error(rc);
        FUZZ_CHECK(strncmp(sup_error_message(), "bank statement", 14) == 0 || rc == SUP_ENOMEM);
    } else {
        FUZZ_CHECK(st != NULL);
        check_statement(st);
        char *again = serialise(st);
        sup_bank_parse_options o;
        FUZZ_CHECK(sup_bank_parse_options_init(&o, SUP_BANK_PARSE_OPTIONS_VERSION) == SUP_OK);
        o.encoding = SUP_BANK_ENCODING_UTF8;
        o.max_bytes = SUP_BANK_MAX_BYTES_LIMIT;
        sup_bank_statement *st2 = NULL;
        rc = sup_bank_statement_parse(again, strlen(again), &o, &st2);
        if (rc != SUP_OK)
            fprintf(stderr, "re-parse: %s\n%s\n", sup_error_message(), again);
        FUZZ_CHECK(rc == SUP_OK);
        check_same(st, st2);
        sup_bank_statement_free(st2);
        free(again);
        sup_bank_statement_free(st);
    }
    /* the invoice finder on the raw input (as text up to its first NUL) */
    char *text = fuzz_cstring(data, size);
    char *inv = NULL;
    rc = sup_bank_find_invoice_numbers(text, &inv, NULL);
    if (fuzz_utf8_ok(text))
        check_invoices(text);
    else
        FUZZ_CHECK(rc == SUP_EINVAL && inv == NULL);
    sup_free(inv);
    free(text);
    return 0;
}
