/* libsupport — copying a whole ledger from one engine to another (sup_ledger_migrate):
 * every table of the catalogue (ledger_schema.c) in key order, in one transaction on
 * the target, with the ids kept and the rows and a checksum of every fact verified on
 * both sides before committing. */
#include "ledger_internal.h"
#include "ledger_schema.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

int sup_ledger_migrate_options_init(sup_ledger_migrate_options *opts, unsigned version)
{
    SUP__CHECK_ARG(opts, "sup_ledger_migrate_options_init");
    if (version != SUP_LEDGER_MIGRATE_OPTIONS_VERSION)
        return sup__fail(SUP_EINVAL, "sup_ledger_migrate_options_init: unknown version %u (this library knows %u)",
                         version, (unsigned)SUP_LEDGER_MIGRATE_OPTIONS_VERSION);
    memset(opts, 0, sizeof *opts);
    opts->version = version;
    return SUP_OK;
}

/* ---- the checksum of the facts: 64-bit FNV-1a over each row's canonical text ---------------------- */

static uint64_t fnv(uint64_t h, const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++) {
        h ^= (unsigned char)s[i];
        h *= 0x100000001b3ULL;
    }
    return h;
}

/* Fold the current row of `st` (columns of `types`) into the checksum. */
static uint64_t fold_row(uint64_t h, sup__stmt *st, const char *types)
{
    for (int i = 0; types[i] != '\0'; i++) {
        char num[24];
        if (sup__col_null(st, i)) {
            h = fnv(h, "\\N", 2);
        } else if (types[i] == 'I') {
            int n = snprintf(num, sizeof num, "%lld", (long long)sup__col_int(st, i));
            h = fnv(h, num, (size_t)n);
        } else {
            const char *t = sup__col_text(st, i);
            h = fnv(h, t, strlen(t));
        }
        h = fnv(h, "\x1f", 1);
    }
    return fnv(h, "\x1e", 1);
}

/* ---- one table ------------------------------------------------------------------------------------ */

struct copy {
    sup_ledger *src;
    sup__store *dst;
    const sup_ledger_migrate_options *opts;
    uint64_t sum_src, sum_dst;
    int64_t rows;
};

static int prepare_fmt(sup__store *s, unsigned flags, sup__stmt **out, const char *fmt, ...) SUP__PRINTF(4, 5);
static int prepare_fmt(sup__store *s, unsigned flags, sup__stmt **out, const char *fmt, ...)
{
    char sql[2048];
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(sql, sizeof sql, fmt, ap);
    va_end(ap);
    if (n < 0 || (size_t)n >= sizeof sql)
        return sup__fail(SUP_EINVAL, "sup_ledger_migrate: a statement of the copy is too long");
    return s->ops->prepare(s, sql, flags, out);
}

/* "?1, ?2, …" for n columns. */
static void placeholders(int n, char *buf, size_t size)
{
    size_t o = 0;
    for (int i = 1; i <= n && o + 8 < size; i++)
        o += (size_t)snprintf(buf + o, size - o, "%s?%d", i > 1 ? ", " : "", i);
    buf[o] = '\0';
}

static int copy_rows(struct copy *c, const struct sup__table *t)
{
    int ncols = (int)strlen(t->types);
    char ph[1024];
    placeholders(ncols, ph, sizeof ph);
    sup__stmt *rd = NULL, *wr = NULL;
    int rc = prepare_fmt(c->src->store, SUP__STMT_STREAM, &rd, "SELECT %s FROM %s ORDER BY %s", t->columns, t->name,
                         t->order);
    if (rc == SUP_OK)
        rc = prepare_fmt(c->dst, SUP__STMT_PERSISTENT, &wr, "INSERT INTO %s (%s) VALUES (%s)", t->name, t->columns,
                         ph);
    int64_t n = 0;
    while (rc == SUP_OK && (rc = sup__st_step(rd, "reading the ledger to copy")) == 1) {
        c->sum_src = fold_row(c->sum_src, rd, t->types);
        for (int i = 0; i < ncols; i++) {
            if (sup__col_null(rd, i))
                sup__st_null(wr, i + 1);
            else if (t->types[i] == 'I')
                sup__st_int(wr, i + 1, sup__col_int(rd, i));
            else
                sup__st_text(wr, i + 1, sup__col_text(rd, i));
        }
        rc = sup__ledger_run(wr, "writing the copy");
        n++;
        if (rc == SUP_OK && c->opts != NULL && c->opts->progress != NULL && n % 1000 == 0 &&
            c->opts->progress(c->opts->payload, t->name, n) != 0)
            rc = sup__fail(SUP_ESTATE, "sup_ledger_migrate: stopped by the caller while copying %s", t->name);
    }
    sup__ledger_finalize(rd);
    sup__ledger_finalize(wr);
    if (rc < 0)
        return rc;
    c->rows += n;
    if (c->opts != NULL && c->opts->progress != NULL && c->opts->progress(c->opts->payload, t->name, n) != 0)
        return sup__fail(SUP_ESTATE, "sup_ledger_migrate: stopped by the caller after copying %s", t->name);
    if (t->identity) { /* the engine's counter continues after the copied ids */
        char sql[256];
        snprintf(sql, sizeof sql,
                 "{pg:SELECT setval(pg_get_serial_sequence('%s', 'id'), COALESCE(MAX(id), 1), MAX(id) IS NOT NULL)"
                 " FROM %s}",
                 t->name, t->name);
        rc = c->dst->ops->exec(c->dst, sql, "continuing the ids");
    }
    return rc;
}

/* Read the copy back: the same rows and the same facts. */
static int verify_table(struct copy *c, const struct sup__table *t, int64_t *rows)
{
    sup__stmt *rd = NULL;
    int rc = prepare_fmt(c->dst, SUP__STMT_STREAM, &rd, "SELECT %s FROM %s ORDER BY %s", t->columns, t->name,
                         t->order);
    int64_t n = 0;
    if (rc == SUP_OK)
        while ((rc = sup__st_step(rd, "verifying the copy")) == 1) {
            c->sum_dst = fold_row(c->sum_dst, rd, t->types);
            n++;
        }
    sup__ledger_finalize(rd);
    *rows += n;
    return rc < 0 ? rc : SUP_OK;
}

/* The target's tables are exactly the catalogue's (a table added to the schema but not here fails). */
static int check_catalogue(sup__store *s)
{
    sup__stmt *st = NULL;
    int rc = s->ops->prepare(s,
                             "{sqlite:SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'}"
                             "{pg:SELECT tablename FROM pg_tables WHERE schemaname = current_schema()}",
                             0u, &st);
    while (rc >= SUP_OK && (rc = sup__st_step(st, "listing the tables")) == 1) {
        const char *name = sup__col_text(st, 0);
        bool known = name != NULL && strcmp(name, "ledger_meta") == 0;
        for (size_t i = 0; !known && name != NULL && i < sup__table_count; i++)
            known = strcmp(name, sup__tables[i].name) == 0;
        if (!known) {
            char q[100];
            sup__quote_text(q, sizeof q, name != NULL ? name : "");
            rc = sup__fail(SUP_EDB, "sup_ledger_migrate: the schema has a table %s this library does not copy", q);
        }
    }
    if (st != NULL)
        s->ops->finalize(st);
    return rc < 0 ? rc : SUP_OK;
}

static int copy_all(struct copy *c, sup_ledger_migration *report)
{
    int rc = SUP_OK;
    for (size_t i = 0; rc == SUP_OK && i < sup__table_count; i++)
        rc = copy_rows(c, &sup__tables[i]);
    int64_t back = 0;
    for (size_t i = 0; rc == SUP_OK && i < sup__table_count; i++)
        rc = verify_table(c, &sup__tables[i], &back);
    if (rc == SUP_OK && (back != c->rows || c->sum_src != c->sum_dst))
        rc = sup__fail(SUP_EDB,
                       "sup_ledger_migrate: the copy does not match (%lld rows read, %lld written; checksum "
                       "%016llx against %016llx): nothing was kept",
                       (long long)c->rows, (long long)back, (unsigned long long)c->sum_src,
                       (unsigned long long)c->sum_dst);
    if (rc == SUP_OK && report != NULL) {
        report->tables = (int)sup__table_count;
        report->rows = c->rows;
        snprintf(report->checksum, sizeof report->checksum, "%016llx", (unsigned long long)c->sum_src);
    }
    return rc;
}

/* Open the target: it must hold no ledger and nothing else. */
static int open_target(const char *to, sup__store **out, bool *created_file)
{
    const sup__store_ops *ops = sup__store_for(to);
    sup_ledger_open_options o;
    int rc = sup_ledger_open_options_init(&o, SUP_LEDGER_OPEN_OPTIONS_VERSION);
    o.flags = SUP_LEDGER_CREATE;
    if (rc == SUP_OK)
        rc = ops->open(to, &o, out);
    if (rc != SUP_OK)
        return rc;
    *created_file = ops->created_file != NULL && ops->created_file(*out);
    struct sup__schema_state st = {false, false, false, 0, ""};
    rc = ops->inspect(*out, &st);
    if (rc == SUP_OK && !st.empty) /* named by the engine (the schema, the file): a URI's password never shows */
        rc = sup__fail(SUP_ECONFLICT, "sup_ledger_migrate: the target (%s) already holds %s: migrate only into a new, "
                                      "empty ledger",
                       st.where[0] != '\0' ? st.where : "the ledger", st.ours ? "a ledger" : "data");
    return rc;
}

int sup_ledger_migrate(const char *from, const char *to, const sup_ledger_migrate_options *opts,
                       sup_ledger_migration *report)
{
    SUP__CHECK_ARG(from, "sup_ledger_migrate");
    SUP__CHECK_ARG(to, "sup_ledger_migrate");
    if (opts != NULL && opts->version != SUP_LEDGER_MIGRATE_OPTIONS_VERSION)
        return sup__fail(SUP_EINVAL, "sup_ledger_migrate: options of version %u (this library knows %u)", opts->version,
                         (unsigned)SUP_LEDGER_MIGRATE_OPTIONS_VERSION);
    if (report != NULL && report->version != SUP_LEDGER_MIGRATION_VERSION)
        return sup__fail(SUP_EINVAL, "sup_ledger_migrate: a report of version %u (this library knows %u)",
                         report->version, (unsigned)SUP_LEDGER_MIGRATION_VERSION);
    if (strcmp(from, to) == 0)
        return sup__fail(SUP_EINVAL, "sup_ledger_migrate: the source and the target are the same ledger");
    sup_ledger *src = NULL;
    int rc = sup_ledger_open(from, SUP_LEDGER_READONLY, &src);
    if (rc != SUP_OK)
        return rc;
    sup__store *dst = NULL;
    bool created_file = false;
    struct copy c = {src, NULL, opts, 0xcbf29ce484222325ULL, 0xcbf29ce484222325ULL, 0};
    rc = open_target(to, &dst, &created_file);
    c.dst = dst;
    /* one snapshot of the source, one transaction on the target */
    if (rc == SUP_OK)
        rc = sup__ledger_read_begin(src, "sup_ledger_migrate");
    bool reading = rc == SUP_OK;
    if (rc == SUP_OK)
        rc = dst->ops->exec(dst, dst->ops->sql_begin_write, "sup_ledger_migrate (begin)");
    if (rc == SUP_OK && dst->ops->lock_for_upgrade != NULL)
        rc = dst->ops->lock_for_upgrade(dst);
    if (rc == SUP_OK)
        rc = dst->ops->upgrade(dst, 0);
    if (rc == SUP_OK)
        rc = check_catalogue(dst);
    if (rc == SUP_OK)
        rc = copy_all(&c, report);
    if (rc == SUP_OK)
        rc = dst->ops->exec(dst, "COMMIT", "sup_ledger_migrate (commit)");
    if (rc != SUP_OK && dst != NULL && dst->ops->in_transaction(dst)) {
        char saved[512];
        int code = sup_error_code();
        snprintf(saved, sizeof saved, "%s", sup_error_message());
        (void)dst->ops->exec(dst, "ROLLBACK", "sup_ledger_migrate (rollback)");
        (void)sup__fail(code, "%s", saved);
    }
    if (reading)
        rc = sup__ledger_read_end(src, rc);
    if (dst != NULL) {
        if (rc != SUP_OK && created_file && dst->ops->abandon != NULL)
            dst->ops->abandon(dst);
        else
            dst->ops->close(dst);
    }
    sup_ledger_close(src);
    return rc;
}
