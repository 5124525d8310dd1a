/* libsupport — the PostgreSQL engine of the storage seam (store.h), through libpq.
 *
 * A ledger is a schema (?schema=NAME, default public) in a database; its marker
 * is the table ledger_meta. Writers run READ COMMITTED transactions and lock
 * what they change (the license row, FOR UPDATE), so renewals of different
 * licenses commit concurrently (the server groups their WAL flushes); reads run
 * REPEATABLE READ READ ONLY, so a read of several tables sees one snapshot.
 * Lists are streamed with a server-side cursor fetched in growing batches; a
 * list opened outside any transaction holds a read-only transaction of its own
 * until it ends (see before_transaction_change for what happens when the handle
 * changes something meanwhile). Errors carry the server's SQLSTATE. */
#define _POSIX_C_SOURCE 200809L
#include "store.h"
#include "ledger_schema.h"
#include "libsupport.h"
#include "error_internal.h"
#include "utf8_internal.h"
#include "text_internal.h"

#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#define FETCH_FIRST 128
#define FETCH_MAX 16384
#define SCHEMA_MAX 63 /* PostgreSQL's identifier length (NAMEDATALEN - 1) */

struct pg_stmt;

struct pg_store {
    sup__store base;
    PGconn *conn;
    char schema[SCHEMA_MAX + 1];
    int busy_timeout_ms;
    unsigned generation;      /* bumped when the connection is re-established: prepared statements are gone */
    unsigned next_name;       /* names of prepared statements and cursors */
    struct pg_stmt *streams;  /* lists being streamed through a server-side cursor */
    bool cursor_txn;          /* the open transaction was started for streamed lists */
};

struct pg_stmt {
    sup__stmt base;
    char *sql;                /* in PostgreSQL's dialect ($N) */
    unsigned flags;
    char name[24];            /* prepared statement (persistent ones) */
    unsigned prepared_gen;    /* generation it was prepared in (0: not yet) */
    int nparams;              /* highest parameter index bound */
    int sqlparams;            /* highest parameter index in the SQL: unbound ones are NULL (as in SQLite) */
    int capparams;
    const char **values;      /* text of each parameter (NULL: SQL NULL); integers point into ints */
    char (*ints)[24];         /* storage of integer parameters */
    bool *isint;              /* values[i] is ints[i] (re-pointed when ints moves) */
    PGresult *res;            /* the rows being read */
    int row, nrows;
    bool started, finished;
    bool bind_failed;         /* a parameter could not be stored (out of memory) */
    /* streaming */
    char cursor[24];
    bool declared;            /* the server-side cursor is open */
    bool materialized;        /* the rest was fetched into `rest` */
    PGresult *rest;
    int fetch;                /* rows per FETCH */
    struct pg_stmt *next_stream;
};

static struct pg_store *ps(sup__store *s) { return (struct pg_store *)s; }
static struct pg_stmt *pst(sup__stmt *st) { return (struct pg_stmt *)st; }

/* ---- errors -------------------------------------------------------------------------------------- */

static int code_for_sqlstate(const char *state)
{
    if (state == NULL || strlen(state) != 5)
        return SUP_EIO;
    if (strncmp(state, "08", 2) == 0 || strncmp(state, "57P", 3) == 0 || strcmp(state, "53100") == 0 ||
        strncmp(state, "58", 2) == 0 || strncmp(state, "28", 2) == 0 || strcmp(state, "3D000") == 0)
        return SUP_EIO; /* connection, shutdown, disk full, system and authentication errors */
    if (strcmp(state, "23505") == 0)
        return SUP_ECONFLICT;
    if (strcmp(state, "40001") == 0 || strcmp(state, "40P01") == 0 || strcmp(state, "55P03") == 0 ||
        strcmp(state, "57014") == 0)
        return SUP_EBUSY; /* serialization failure, deadlock, lock timeout, cancelled */
    if (strcmp(state, "25006") == 0 || strcmp(state, "42501") == 0)
        return SUP_EREADONLY;
    if (strcmp(state, "53200") == 0)
        return SUP_ENOMEM;
    return SUP_EDB;
}

/* The first line of a libpq message, without its "ERROR:  " prefix. */
static void message_line(const char *msg, char *buf, size_t size)
{
    if (msg == NULL || msg[0] == '\0')
        msg = "unknown error";
    if (strncmp(msg, "ERROR:  ", 8) == 0)
        msg += 8;
    size_t n = strcspn(msg, "\n");
    if (n >= size)
        n = size - 1;
    memcpy(buf, msg, n);
    buf[n] = '\0';
}

static int pg_err(struct pg_store *s, const PGresult *res, const char *what)
{
    char line[400];
    const char *state = res != NULL ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : NULL;
    if (res != NULL && PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY) != NULL)
        message_line(PQresultErrorField(res, PG_DIAG_MESSAGE_PRIMARY), line, sizeof line);
    else
        message_line(s->conn != NULL ? PQerrorMessage(s->conn) : NULL, line, sizeof line);
    if (state == NULL && s->conn != NULL && PQstatus(s->conn) == CONNECTION_BAD) /* 08006: connection_failure */
        return sup__fail(SUP_EIO, "%s: the connection to the PostgreSQL server was lost (%s; SQLSTATE 08006)", what,
                         line);
    int code = code_for_sqlstate(state);
    if (code == SUP_EBUSY)
        return sup__fail(code, "%s: the ledger is locked by another client (%s; SQLSTATE %s)", what, line, state);
    return sup__fail(code, "%s: %s (SQLSTATE %s)", what, line, state != NULL ? state : "none");
}

/* ---- the connection -------------------------------------------------------------------------------- */

static void quiet_notices(void *arg, const char *message)
{
    (void)arg;
    (void)message; /* the library never prints */
}

/* Run SQL without parameters; returns the result or NULL after setting the error. */
static PGresult *run(struct pg_store *s, const char *sql, const char *what, int *rc)
{
    PGresult *res = PQexec(s->conn, sql);
    ExecStatusType t = PQresultStatus(res);
    if (t == PGRES_COMMAND_OK || t == PGRES_TUPLES_OK) {
        *rc = SUP_OK;
        return res;
    }
    *rc = pg_err(s, res, what);
    PQclear(res);
    return NULL;
}

static int run_ok(struct pg_store *s, const char *sql, const char *what)
{
    int rc;
    PQclear(run(s, sql, what, &rc));
    return rc;
}

static int apply_busy_timeout(struct pg_store *s)
{
    char sql[64];
    /* lock_timeout 0 would mean "wait forever": the shortest wait instead */
    snprintf(sql, sizeof sql, "SET lock_timeout = '%dms'", s->busy_timeout_ms > 0 ? s->busy_timeout_ms : 1);
    return run_ok(s, sql, "setting the busy timeout");
}

/* Session settings: the ledger's schema first, durable commits, UTF-8, the lock wait, read-only. */
static int session_setup(struct pg_store *s)
{
    char *ident = PQescapeIdentifier(s->conn, s->schema, strlen(s->schema));
    if (ident == NULL)
        return sup__fail(SUP_ENOMEM, "out of memory opening a ledger");
    sup__buf b = {0};
    sup__buf_printf(&b, "SET search_path TO %s; SET synchronous_commit = on; SET client_encoding = 'UTF8';"
                        " SET default_transaction_isolation = 'read committed'",
                    ident);
    if (s->base.readonly)
        sup__buf_put(&b, "; SET default_transaction_read_only = on");
    PQfreemem(ident);
    char *sql = NULL;
    int rc = sup__buf_finish(&b, &sql);
    if (rc == SUP_OK)
        rc = run_ok(s, sql, "sup_ledger_open (session)");
    sup_free(sql);
    if (rc == SUP_OK)
        rc = apply_busy_timeout(s);
    return rc;
}

/* After the connection broke outside a transaction: reconnect once, as the same session. */
static int reconnect(struct pg_store *s, const char *what)
{
    if (PQstatus(s->conn) != CONNECTION_BAD)
        return SUP_OK;
    for (struct pg_stmt *t = s->streams; t != NULL; t = t->next_stream)
        t->declared = false; /* gone with the connection; reading on fails */
    s->streams = NULL;
    s->cursor_txn = false;
    PQreset(s->conn);
    if (PQstatus(s->conn) != CONNECTION_OK)
        return pg_err(s, NULL, what);
    s->generation++;
    return session_setup(s);
}

static int hex_digit(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    return -1;
}

/* Split off the "schema" parameter of a URI (libpq does not know it): *clean is malloc'ed. */
static int split_uri(const char *uri, char **clean, char schema[SCHEMA_MAX + 1])
{
    memcpy(schema, "public", sizeof "public");
    size_t n = strlen(uri);
    char *out = sup__malloc(n + 1);
    if (out == NULL)
        return sup__fail(SUP_ENOMEM, "out of memory opening a ledger");
    const char *q = strchr(uri, '?');
    size_t head = q != NULL ? (size_t)(q - uri) : n;
    memcpy(out, uri, head);
    size_t o = head;
    char sep = '?';
    for (const char *p = q != NULL ? q + 1 : NULL; p != NULL && *p != '\0';) {
        const char *amp = strchr(p, '&');
        size_t len = amp != NULL ? (size_t)(amp - p) : strlen(p);
        if (len > 7 && strncmp(p, "schema=", 7) == 0) {
            size_t w = 0;
            for (size_t i = 7; i < len; i++) {
                unsigned v = (unsigned char)p[i];
                int hi = i + 2 < len ? hex_digit(p[i + 1]) : -1, lo = hi >= 0 ? hex_digit(p[i + 2]) : -1;
                if (p[i] == '%' && lo >= 0) {
                    v = (unsigned)(hi * 16 + lo);
                    i += 2;
                } else if (p[i] == '+') {
                    v = ' ';
                }
                if (w >= SCHEMA_MAX || v == 0) {
                    sup__free(out);
                    return sup__fail(SUP_EINVAL, "the ledger URI's schema is empty, too long (at most %d bytes) "
                                                 "or holds a NUL byte",
                                     SCHEMA_MAX);
                }
                schema[w++] = (char)v;
            }
            schema[w] = '\0';
        } else if (len > 0) {
            out[o++] = sep;
            memcpy(out + o, p, len);
            o += len;
            sep = '&';
        }
        p = amp != NULL ? amp + 1 : NULL;
    }
    out[o] = '\0';
    if (schema[0] == '\0' || !sup__utf8_valid(schema, strlen(schema))) {
        sup__free(out);
        return sup__fail(SUP_EINVAL, "the ledger URI's schema must be a non-empty UTF-8 name");
    }
    *clean = out;
    return SUP_OK;
}

/* The URI for messages, without its password, quoted. */
static void safe_uri(const char *uri, char *buf, size_t size)
{
    char plain[400];
    sup__redact_uri(uri, plain, sizeof plain);
    sup__quote_text(buf, size, plain);
}

static void pg_close(sup__store *st)
{
    if (st == NULL)
        return;
    struct pg_store *s = ps(st);
    PQfinish(s->conn);
    sup__free(s);
}

static int check_server(struct pg_store *s)
{
    int rc;
    PGresult *res = run(s, "SHOW server_encoding", "sup_ledger_open", &rc);
    if (res == NULL)
        return rc;
    const char *enc = PQntuples(res) == 1 ? PQgetvalue(res, 0, 0) : "";
    if (strcasecmp(enc, "UTF8") != 0)
        rc = sup__fail(SUP_ENOTLEDGER, "the database's encoding is %s: a ledger needs a UTF8 database", enc);
    PQclear(res);
    if (rc == SUP_OK && PQserverVersion(s->conn) < 120000)
        rc = sup__fail(SUP_EIO, "PostgreSQL %d.%d is too old: the ledger needs version 12 or later",
                       PQserverVersion(s->conn) / 10000, PQserverVersion(s->conn) / 100 % 100);
    return rc;
}

static int pg_open(const char *uri, const sup_ledger_open_options *opts, sup__store **out)
{
    unsigned flags = opts->flags;
    int busy_timeout_ms = opts->busy_timeout_ms;
    *out = NULL;
    struct pg_store *s = sup__calloc(1, sizeof *s);
    if (s == NULL)
        return sup__fail(SUP_ENOMEM, "out of memory opening a ledger");
    s->base.ops = &sup__store_pg;
    s->base.readonly = (flags & SUP_LEDGER_READONLY) != 0;
    s->busy_timeout_ms = busy_timeout_ms;
    s->generation = 1;
    char *clean = NULL;
    int rc = split_uri(uri, &clean, s->schema);
    if (rc != SUP_OK) {
        sup__free(s);
        return rc;
    }
    const char *keys[] = {"dbname", "fallback_application_name", "client_encoding", NULL};
    const char *vals[] = {clean, "libsupport", "UTF8", NULL};
    s->conn = PQconnectdbParams(keys, vals, 1);
    sup__free(clean);
    if (s->conn == NULL) {
        sup__free(s);
        return sup__fail(SUP_ENOMEM, "out of memory opening a ledger");
    }
    if (PQstatus(s->conn) != CONNECTION_OK) {
        char u[200], line[400];
        safe_uri(uri, u, sizeof u);
        message_line(PQerrorMessage(s->conn), line, sizeof line);
        bool bad_uri = strstr(line, "invalid") != NULL && strstr(line, "URI") != NULL;
        rc = sup__fail(bad_uri ? SUP_EINVAL : SUP_EIO, "cannot open the ledger %s: %s", u, line);
        pg_close(&s->base);
        return rc;
    }
    PQsetNoticeProcessor(s->conn, quiet_notices, NULL);
    rc = check_server(s);
    if (rc == SUP_OK)
        rc = session_setup(s);
    if (rc != SUP_OK) {
        pg_close(&s->base);
        return rc;
    }
    *out = &s->base;
    return SUP_OK;
}

static int pg_set_busy_timeout(sup__store *st, int ms)
{
    ps(st)->busy_timeout_ms = ms;
    return apply_busy_timeout(ps(st));
}

/* ---- statements ------------------------------------------------------------------------------------ */

static int pg_prepare(sup__store *st, const char *sql, unsigned flags, sup__stmt **out)
{
    *out = NULL;
    struct pg_store *s = ps(st);
    struct pg_stmt *t = sup__calloc(1, sizeof *t);
    if (t == NULL || (t->sql = sup__sql_dialect(sql, "pg", true)) == NULL) {
        sup__free(t);
        return sup__fail(SUP_ENOMEM, "out of memory preparing a query");
    }
    t->base.store = st;
    t->flags = flags;
    for (const char *p = strchr(t->sql, '$'); p != NULL; p = strchr(p + 1, '$')) {
        long v = strtol(p + 1, NULL, 10);
        if (v > t->sqlparams && v <= 65535)
            t->sqlparams = (int)v;
    }
    s->next_name++;
    if (flags & SUP__STMT_PERSISTENT)
        snprintf(t->name, sizeof t->name, "sup_s%u", s->next_name);
    if (flags & SUP__STMT_STREAM)
        snprintf(t->cursor, sizeof t->cursor, "sup_c%u", s->next_name);
    t->fetch = FETCH_FIRST;
    *out = &t->base;
    return SUP_OK;
}

static void unlink_stream(struct pg_store *s, struct pg_stmt *t)
{
    for (struct pg_stmt **p = &s->streams; *p != NULL; p = &(*p)->next_stream)
        if (*p == t) {
            *p = t->next_stream;
            break;
        }
    t->next_stream = NULL;
}

/* A list is over (read to its end, reset or freed): close its cursor, and the list's
 * own transaction when no other list is streamed in it. */
static void end_stream(struct pg_store *s, struct pg_stmt *t)
{
    bool was_live = t->declared || t->materialized;
    if (t->declared && PQstatus(s->conn) == CONNECTION_OK) {
        char sql[48];
        snprintf(sql, sizeof sql, "CLOSE %s", t->cursor);
        PQclear(PQexec(s->conn, sql));
    }
    t->declared = false;
    t->materialized = false;
    if (was_live)
        unlink_stream(s, t);
    if (s->streams == NULL && s->cursor_txn) {
        s->cursor_txn = false;
        if (PQtransactionStatus(s->conn) != PQTRANS_IDLE)
            PQclear(PQexec(s->conn, "COMMIT"));
    }
}

static void clear_result(struct pg_stmt *t)
{
    PQclear(t->res);
    PQclear(t->rest);
    t->res = t->rest = NULL;
    t->row = t->nrows = 0;
}

static void pg_reset(sup__stmt *st)
{
    struct pg_stmt *t = pst(st);
    if (t->flags & SUP__STMT_STREAM)
        end_stream(ps(st->store), t);
    clear_result(t);
    t->started = t->finished = t->bind_failed = false;
    t->fetch = FETCH_FIRST;
    for (int i = 0; i < t->nparams; i++) {
        t->values[i] = NULL;
        t->isint[i] = false;
    }
    t->nparams = 0;
}

static void pg_finalize(sup__stmt *st)
{
    if (st == NULL)
        return;
    struct pg_stmt *t = pst(st);
    pg_reset(st);
    struct pg_store *s = ps(st->store);
    if (t->prepared_gen == s->generation && t->name[0] != '\0' && PQstatus(s->conn) == CONNECTION_OK) {
        char sql[48];
        snprintf(sql, sizeof sql, "DEALLOCATE %s", t->name);
        PQclear(PQexec(s->conn, sql));
    }
    sup__free(t->values);
    sup__free(t->ints);
    sup__free(t->isint);
    sup__free(t->sql);
    sup__free(t);
}

static bool param_slot(struct pg_stmt *t, int i)
{
    if (i < 1 || i > 65535)
        return false;
    if (i > t->capparams) {
        int cap = t->capparams ? t->capparams : 8;
        while (cap < i)
            cap *= 2;
        const char **v = sup__realloc(t->values, (size_t)cap * sizeof *v);
        if (v == NULL)
            return false;
        t->values = v;
        char(*n)[24] = sup__realloc(t->ints, (size_t)cap * sizeof *n);
        if (n == NULL)
            return false;
        t->ints = n;
        bool *b = sup__realloc(t->isint, (size_t)cap * sizeof *b);
        if (b == NULL)
            return false;
        t->isint = b;
        for (int k = 0; k < t->capparams; k++)
            if (t->isint[k])
                t->values[k] = t->ints[k];
        for (int k = t->capparams; k < cap; k++) {
            t->values[k] = NULL;
            t->isint[k] = false;
        }
        t->capparams = cap;
    }
    if (i > t->nparams)
        t->nparams = i;
    return true;
}

/* A binding that cannot be stored (out of memory) makes the statement fail when it runs. */
static void pg_bind_int64(sup__stmt *st, int i, int64_t v)
{
    struct pg_stmt *t = pst(st);
    if (!param_slot(t, i)) {
        t->bind_failed = true;
        return;
    }
    snprintf(t->ints[i - 1], sizeof t->ints[i - 1], "%lld", (long long)v);
    t->values[i - 1] = t->ints[i - 1];
    t->isint[i - 1] = true;
}

static void pg_bind_text(sup__stmt *st, int i, const char *text)
{
    struct pg_stmt *t = pst(st);
    if (!param_slot(t, i)) {
        t->bind_failed = true;
        return;
    }
    t->values[i - 1] = text;
    t->isint[i - 1] = false;
}

static void pg_bind_null(sup__stmt *st, int i)
{
    struct pg_stmt *t = pst(st);
    if (param_slot(t, i)) {
        t->values[i - 1] = NULL;
        t->isint[i - 1] = false;
    } else
        t->bind_failed = true;
}

/* Every parameter of the SQL has a slot (unbound ones are NULL). */
static bool params_ready(struct pg_stmt *t)
{
    return t->sqlparams <= t->nparams || param_slot(t, t->sqlparams); /* new slots are NULL */
}

/* Execute a non-streamed statement: the whole result at once. */
static int execute(struct pg_store *s, struct pg_stmt *t, const char *what)
{
    PGresult *res;
    if (t->name[0] != '\0') {
        if (t->prepared_gen != s->generation) {
            res = PQprepare(s->conn, t->name, t->sql, 0, NULL);
            if (PQresultStatus(res) != PGRES_COMMAND_OK) {
                int rc = pg_err(s, res, what);
                PQclear(res);
                return rc;
            }
            PQclear(res);
            t->prepared_gen = s->generation;
        }
        res = PQexecPrepared(s->conn, t->name, t->nparams, t->values, NULL, NULL, 0);
    } else {
        res = PQexecParams(s->conn, t->sql, t->nparams, NULL, t->values, NULL, NULL, 0);
    }
    ExecStatusType ty = PQresultStatus(res);
    if (ty != PGRES_TUPLES_OK && ty != PGRES_COMMAND_OK) {
        int rc = pg_err(s, res, what);
        PQclear(res);
        return rc;
    }
    t->res = res;
    t->nrows = ty == PGRES_TUPLES_OK ? PQntuples(res) : 0;
    t->row = -1;
    return SUP_OK;
}

/* Open the list's server-side cursor (in the open transaction, or in one of its own). */
static int declare(struct pg_store *s, struct pg_stmt *t, const char *what)
{
    int rc;
    if (PQtransactionStatus(s->conn) == PQTRANS_IDLE) {
        rc = run_ok(s, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY", what);
        if (rc != SUP_OK)
            return rc;
        s->cursor_txn = true;
    }
    sup__buf b = {0};
    sup__buf_printf(&b, "DECLARE %s NO SCROLL CURSOR FOR %s", t->cursor, t->sql);
    char *sql = NULL;
    rc = sup__buf_finish(&b, &sql);
    if (rc != SUP_OK)
        return rc;
    PGresult *res = PQexecParams(s->conn, sql, t->nparams, NULL, t->values, NULL, NULL, 0);
    sup_free(sql);
    if (PQresultStatus(res) != PGRES_COMMAND_OK) {
        rc = pg_err(s, res, what);
        PQclear(res);
        if (s->streams == NULL && s->cursor_txn) {
            s->cursor_txn = false;
            PQclear(PQexec(s->conn, "ROLLBACK"));
        }
        return rc;
    }
    PQclear(res);
    t->declared = true;
    t->next_stream = s->streams;
    s->streams = t;
    return SUP_OK;
}

/* The next batch of a streamed list: 1 rows are there, 0 the end, < 0 an error. */
static int fetch(struct pg_store *s, struct pg_stmt *t, const char *what)
{
    PQclear(t->res);
    t->res = NULL;
    if (t->materialized) {
        t->res = t->rest;
        t->rest = NULL;
        t->materialized = false;
        unlink_stream(s, t);
        if (s->streams == NULL && s->cursor_txn) /* (the transaction ended when it was materialized) */
            s->cursor_txn = false;
    } else if (t->declared) {
        char sql[64];
        snprintf(sql, sizeof sql, "FETCH %d FROM %s", t->fetch, t->cursor);
        if (t->fetch < FETCH_MAX)
            t->fetch *= 2;
        int rc;
        t->res = run(s, sql, what, &rc);
        if (t->res == NULL)
            return rc;
    }
    t->nrows = t->res != NULL ? PQntuples(t->res) : 0;
    t->row = -1;
    if (t->nrows == 0) {
        end_stream(s, t);
        return 0;
    }
    return 1;
}

static int pg_step(sup__stmt *st, const char *what)
{
    struct pg_store *s = ps(st->store);
    struct pg_stmt *t = pst(st);
    if (t->bind_failed)
        return sup__fail(SUP_ENOMEM, "%s: out of memory binding a parameter", what);
    if (t->finished)
        return 0;
    if (!t->started) {
        t->started = true;
        if (!params_ready(t)) {
            t->finished = true;
            return sup__fail(SUP_ENOMEM, "%s: out of memory binding a parameter", what);
        }
        int rc = reconnect(s, what);
        if (rc == SUP_OK)
            rc = (t->flags & SUP__STMT_STREAM) ? declare(s, t, what) : execute(s, t, what);
        if (rc != SUP_OK) {
            t->finished = true;
            return rc;
        }
        if (t->flags & SUP__STMT_STREAM) {
            rc = fetch(s, t, what);
            if (rc <= 0) {
                t->finished = true;
                return rc;
            }
        }
    }
    if (++t->row < t->nrows)
        return 1;
    if (t->flags & SUP__STMT_STREAM) {
        int rc = fetch(s, t, what);
        if (rc == 1 && ++t->row < t->nrows)
            return 1;
        t->finished = true;
        return rc < 0 ? rc : 0;
    }
    t->finished = true;
    return 0;
}

static int64_t pg_column_int64(sup__stmt *st, int i)
{
    struct pg_stmt *t = pst(st);
    if (t->res == NULL || t->row < 0 || t->row >= t->nrows || i >= PQnfields(t->res) ||
        PQgetisnull(t->res, t->row, i))
        return 0;
    const char *v = PQgetvalue(t->res, t->row, i);
    if (v[0] == 't' && v[1] == '\0')
        return 1; /* a boolean */
    bool neg = *v == '-';
    uint64_t n = 0;
    for (const char *p = v + neg; *p >= '0' && *p <= '9'; p++)
        n = n * 10u + (uint64_t)(*p - '0');
    return neg ? -(int64_t)n : (int64_t)n;
}

static const char *pg_column_text(sup__stmt *st, int i)
{
    struct pg_stmt *t = pst(st);
    if (t->res == NULL || t->row < 0 || t->row >= t->nrows || i >= PQnfields(t->res) ||
        PQgetisnull(t->res, t->row, i))
        return NULL;
    return PQgetvalue(t->res, t->row, i);
}

static bool pg_column_is_null(sup__stmt *st, int i)
{
    struct pg_stmt *t = pst(st);
    return t->res == NULL || t->row < 0 || t->row >= t->nrows || i >= PQnfields(t->res) ||
           PQgetisnull(t->res, t->row, i);
}

/* ---- transactions ---------------------------------------------------------------------------------- */

static int pg_exec(sup__store *st, const char *sql, const char *what)
{
    struct pg_store *s = ps(st);
    char *text = sup__sql_dialect(sql, "pg", false);
    if (text == NULL)
        return sup__fail(SUP_ENOMEM, "out of memory running %s", what);
    int rc = SUP_OK;
    if (text[0] != '\0') {
        bool begins = strncmp(text, "BEGIN", 5) == 0;
        if (begins)
            rc = reconnect(s, what);
        if (rc == SUP_OK)
            rc = run_ok(s, text, what);
    }
    sup__free(text);
    return rc;
}

static bool pg_in_transaction(sup__store *st)
{
    PGTransactionStatusType t = PQtransactionStatus(ps(st)->conn);
    return t == PQTRANS_INTRANS || t == PQTRANS_INERROR || t == PQTRANS_ACTIVE;
}

/*
 * The handle is about to start, commit or roll back a transaction: the lists
 * streamed in the open one would lose their server-side cursors, so each reads
 * the rest of its rows now (memory then holds them), and a transaction opened
 * only for lists ends. A list keeps seeing the ledger as it was when it began.
 */
static int pg_before_change(sup__store *st)
{
    struct pg_store *s = ps(st);
    for (struct pg_stmt *t = s->streams; t != NULL; t = t->next_stream) {
        if (!t->declared)
            continue;
        char sql[64];
        snprintf(sql, sizeof sql, "FETCH ALL FROM %s", t->cursor);
        int rc;
        PGresult *res = run(s, sql, "reading the rest of a list", &rc);
        if (res == NULL)
            return rc;
        PQclear(t->rest);
        t->rest = res;
        snprintf(sql, sizeof sql, "CLOSE %s", t->cursor);
        PQclear(PQexec(s->conn, sql));
        t->declared = false;
        t->materialized = true;
    }
    if (s->cursor_txn) {
        s->cursor_txn = false;
        return run_ok(s, "COMMIT", "ending a list's transaction");
    }
    return SUP_OK;
}

/* ---- schema ---------------------------------------------------------------------------------------- */

/* One value of a one-row query with the schema name as $1 (NULL: no row; *rc set on error). */
static PGresult *query_schema(struct pg_store *s, const char *sql, const char *schema, const char *what, int *rc)
{
    const char *params[1] = {schema};
    PGresult *res = PQexecParams(s->conn, sql, 1, NULL, params, NULL, NULL, 0);
    if (PQresultStatus(res) != PGRES_TUPLES_OK) {
        *rc = pg_err(s, res, what);
        PQclear(res);
        return NULL;
    }
    *rc = SUP_OK;
    return res;
}

static int pg_inspect(sup__store *st, struct sup__schema_state *out)
{
    struct pg_store *s = ps(st);
    static const char objects[] =
        "SELECT (SELECT count(*) FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
        "        WHERE n.nspname = $1)"
        " + (SELECT count(*) FROM pg_catalog.pg_proc p JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace"
        "    WHERE n.nspname = $1),"
        " (SELECT c.relname FROM pg_catalog.pg_class c JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
        "  WHERE n.nspname = $1 AND c.relname = 'ledger_meta' AND c.relkind = 'r'),"
        " (SELECT count(*) FROM pg_catalog.pg_namespace WHERE nspname = $1)";
    int rc;
    PGresult *res = query_schema(s, objects, s->schema, "reading the ledger header", &rc);
    if (res == NULL)
        return rc;
    long count = strtol(PQgetvalue(res, 0, 0), NULL, 10);
    bool has_meta = !PQgetisnull(res, 0, 1);
    out->missing = strcmp(PQgetvalue(res, 0, 2), "0") == 0;
    PQclear(res);
    out->ours = false;
    out->empty = count == 0;
    out->version = 0;
    char name[80];
    sup__quote_text(name, sizeof name, s->schema);
    snprintf(out->where, sizeof out->where, "the schema %s", name);
    if (has_meta) {
        res = run(s, "SELECT (SELECT value FROM ledger_meta WHERE key = 'application'),"
                     " (SELECT value FROM ledger_meta WHERE key = 'schema_version')",
                  "reading the ledger header", &rc);
        if (res == NULL)
            return rc;
        out->ours = !PQgetisnull(res, 0, 0) && strcmp(PQgetvalue(res, 0, 0), "libsupport-ledger") == 0;
        out->version = (int)strtol(PQgetisnull(res, 0, 1) ? "0" : PQgetvalue(res, 0, 1), NULL, 10);
        PQclear(res);
    }
    if (!out->ours && !out->empty) {
        char q[100];
        sup__quote_text(q, sizeof q, s->schema);
        return sup__fail(SUP_ENOTLEDGER,
                         "not a ledger: the schema %s holds tables of another application (choose another schema "
                         "with ?schema=NAME in the URI)",
                         q);
    }
    if (out->ours && !s->base.readonly) {
        /* a role that may only read: the same answer as a read-only file */
        res = run(s, "SELECT has_table_privilege('audit', 'INSERT')", "reading the ledger header", &rc);
        if (res == NULL)
            return rc;
        bool may_write = PQgetvalue(res, 0, 0)[0] == 't';
        PQclear(res);
        if (!may_write)
            return sup__fail(SUP_EREADONLY,
                             "the role %s may only read this ledger: open it with SUP_LEDGER_READONLY",
                             PQuser(s->conn));
    }
    return SUP_OK;
}

static int run_migrations(struct pg_store *s, int from)
{
    int rc = SUP_OK;
    for (int v = from; rc == SUP_OK && v < SUP_LEDGER_SCHEMA_VERSION; v++)
        for (size_t i = 0; rc == SUP_OK && sup__schema_pg[v][i] != NULL; i++)
            rc = run_ok(s, sup__schema_pg[v][i], "creating the ledger schema");
    if (rc == SUP_OK) {
        char sql[256];
        snprintf(sql, sizeof sql,
                 "INSERT INTO ledger_meta (key, value) VALUES ('application', 'libsupport-ledger'),"
                 " ('schema_version', '%d') ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                 SUP_LEDGER_SCHEMA_VERSION);
        rc = run_ok(s, sql, "writing the schema version");
    }
    return rc;
}

static int pg_lock_for_upgrade(sup__store *st)
{
    struct pg_store *s = ps(st);
    /* several processes creating one ledger at once: one creates, the others then find it */
    int rc;
    PGresult *res = query_schema(s, "SELECT pg_advisory_xact_lock(hashtext('libsupport ledger ' || $1))", s->schema,
                                 "sup_ledger_open (lock)", &rc);
    PQclear(res);
    return rc;
}

static int pg_upgrade(sup__store *st, int from)
{
    struct pg_store *s = ps(st);
    int rc;
    PGresult *res = from == 0 ? query_schema(s, "SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = $1", s->schema,
                                             "creating the ledger's schema", &rc)
                              : NULL;
    if (from == 0 && res == NULL)
        return rc;
    bool missing = res != NULL && PQntuples(res) == 0;
    PQclear(res);
    if (missing) {
        char *ident = PQescapeIdentifier(s->conn, s->schema, strlen(s->schema));
        if (ident == NULL)
            return sup__fail(SUP_ENOMEM, "out of memory creating the ledger schema");
        sup__buf b = {0};
        sup__buf_printf(&b, "CREATE SCHEMA IF NOT EXISTS %s", ident);
        PQfreemem(ident);
        char *sql = NULL;
        rc = sup__buf_finish(&b, &sql);
        if (rc == SUP_OK)
            rc = run_ok(s, sql, "creating the ledger's schema");
        sup_free(sql);
        if (rc != SUP_OK)
            return rc;
    }
    return run_migrations(s, from);
}

/* The schema's description, one line per column, constraint, index, trigger and function,
 * independent of the schema's name (search_path is the schema described, and the name is
 * taken out where the server qualifies objects with it). */
static const char describe_sql[] =
    "SELECT replace(line, quote_ident($1) || '.', '') AS l FROM ("
    " SELECT 'column ' || c.relname || '.' || a.attname || ' ' || pg_catalog.format_type(a.atttypid, a.atttypmod)"
    "  || CASE WHEN a.attnotnull THEN ' not null' ELSE '' END || ' ' || CAST(a.attidentity AS TEXT)"
    "  || COALESCE(' default ' || pg_catalog.pg_get_expr(d.adbin, d.adrelid), '') AS line"
    " FROM pg_catalog.pg_attribute a JOIN pg_catalog.pg_class c ON c.oid = a.attrelid"
    " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace"
    " LEFT JOIN pg_catalog.pg_attrdef d ON d.adrelid = a.attrelid AND d.adnum = a.attnum"
    " WHERE n.nspname = $1 AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped"
    " UNION ALL SELECT 'table ' || c.relname FROM pg_catalog.pg_class c"
    " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND c.relkind IN ('r', 'v', 'm', 'p', 'f')"
    " UNION ALL SELECT 'constraint ' || c.relname || '.' || k.conname || ' ' || pg_catalog.pg_get_constraintdef(k.oid)"
    " FROM pg_catalog.pg_constraint k JOIN pg_catalog.pg_class c ON c.oid = k.conrelid"
    " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1"
    " UNION ALL SELECT 'index ' || i.relname || ' ' || pg_catalog.pg_get_indexdef(i.oid)"
    " FROM pg_catalog.pg_index x JOIN pg_catalog.pg_class i ON i.oid = x.indexrelid"
    " JOIN pg_catalog.pg_namespace n ON n.oid = i.relnamespace WHERE n.nspname = $1"
    " UNION ALL SELECT 'trigger ' || t.tgname || ' ' || pg_catalog.pg_get_triggerdef(t.oid)"
    "  || CASE t.tgenabled WHEN 'D' THEN ' (disabled)' ELSE '' END"
    " FROM pg_catalog.pg_trigger t JOIN pg_catalog.pg_class c ON c.oid = t.tgrelid"
    " JOIN pg_catalog.pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = $1 AND NOT t.tgisinternal"
    " UNION ALL SELECT 'function ' || p.proname || ' ' || p.prosrc FROM pg_catalog.pg_proc p"
    " JOIN pg_catalog.pg_namespace n ON n.oid = p.pronamespace WHERE n.nspname = $1"
    ") lines ORDER BY l";

static int describe(struct pg_store *s, const char *schema, char **out)
{
    *out = NULL;
    char *ident = PQescapeIdentifier(s->conn, schema, strlen(schema));
    if (ident == NULL)
        return sup__fail(SUP_ENOMEM, "sup_ledger_check: out of memory");
    sup__buf b = {0};
    sup__buf_printf(&b, "SET LOCAL search_path TO %s", ident);
    PQfreemem(ident);
    char *set = NULL;
    int rc = sup__buf_finish(&b, &set);
    if (rc == SUP_OK)
        rc = run_ok(s, set, "sup_ledger_check");
    sup_free(set);
    if (rc != SUP_OK)
        return rc;
    PGresult *res = query_schema(s, describe_sql, schema, "sup_ledger_check", &rc);
    if (res == NULL)
        return rc;
    for (int i = 0; i < PQntuples(res); i++)
        sup__buf_printf(&b, "%s\n", PQgetvalue(res, i, 0));
    PQclear(res);
    return sup__buf_finish(&b, out);
}

/* The first line of `a` that `b` does not have (a malloc'ed copy), or NULL. */
static char *missing_line(const char *a, const char *b)
{
    for (const char *p = a; *p != '\0';) {
        size_t n = strcspn(p, "\n");
        bool found = false;
        for (const char *q = b; *q != '\0' && !found;) {
            size_t m = strcspn(q, "\n");
            found = m == n && memcmp(p, q, n) == 0;
            q += m + (q[m] == '\n');
        }
        if (!found) {
            char *line = sup__malloc(n + 1);
            if (line != NULL) {
                memcpy(line, p, n);
                line[n] = '\0';
            }
            return line;
        }
        p += n + (p[n] == '\n');
    }
    return NULL;
}

/* "trigger audit_no_update", "column audit.detail": the first two words of a description line. */
static void object_of(const char *line, char *buf, size_t size)
{
    size_t a = strcspn(line, " ");
    size_t b = line[a] == ' ' ? strcspn(line + a + 1, " ") : 0;
    snprintf(buf, size, "%.*s", (int)(a + 1 + b), line);
}

static int compare_schemas(const char *want, const char *have)
{
    if (want == NULL || have == NULL)
        return sup__fail(SUP_EDB, "schema check failed: no description of the schema");
    if (strcmp(want, have) == 0)
        return SUP_OK;
    char *gone = missing_line(want, have), *extra = missing_line(have, want);
    char a[200] = "", b[200] = "";
    if (gone != NULL)
        object_of(gone, a, sizeof a);
    if (extra != NULL)
        object_of(extra, b, sizeof b);
    int rc;
    if (gone != NULL && extra != NULL && strcmp(a, b) == 0)
        rc = sup__fail(SUP_EDB, "schema check failed: %s was altered (it is not what this library wrote)", a);
    else if (gone != NULL)
        rc = sup__fail(SUP_EDB, "schema check failed: %s is missing (dropped?)", a);
    else
        rc = sup__fail(SUP_EDB, "schema check failed: %s is not part of the ledger's schema", b);
    sup__free(gone);
    sup__free(extra);
    return rc;
}

static int pg_check(sup__store *st)
{
    struct pg_store *s = ps(st);
    if (PQtransactionStatus(s->conn) != PQTRANS_IDLE)
        return sup__fail(SUP_ESTATE, "sup_ledger_check: a transaction is open");
    char scratch[64];
    s->next_name++;
    snprintf(scratch, sizeof scratch, "sup_check_%ld_%u", (long)getpid(), s->next_name);
    /* READ WRITE also on a read-only handle: the scratch schema is rolled back */
    int rc = run_ok(s, "BEGIN READ WRITE", "sup_ledger_check");
    if (rc != SUP_OK)
        return rc;
    char *have = NULL, *want = NULL;
    rc = describe(s, s->schema, &have);
    if (rc == SUP_OK) {
        sup__buf b = {0};
        sup__buf_printf(&b, "CREATE SCHEMA %s; SET LOCAL search_path TO %s", scratch, scratch);
        char *sql = NULL;
        rc = sup__buf_finish(&b, &sql);
        if (rc == SUP_OK)
            rc = run_ok(s, sql, "sup_ledger_check (the expected schema)");
        sup_free(sql);
    }
    if (rc == SUP_OK)
        rc = run_migrations(s, 0);
    if (rc == SUP_OK)
        rc = describe(s, scratch, &want);
    PQclear(PQexec(s->conn, "ROLLBACK"));
    if (rc == SUP_OK)
        rc = compare_schemas(want, have);
    sup_free(have);
    sup_free(want);
    if (rc == SUP_OK)
        rc = session_setup(s); /* SET LOCAL ended with the transaction; make sure of the path */
    return rc;
}

static int pg_grant_readonly(sup__store *st, const char *role)
{
    struct pg_store *s = ps(st);
    char *r = PQescapeIdentifier(s->conn, role, strlen(role));
    char *n = PQescapeIdentifier(s->conn, s->schema, strlen(s->schema));
    int rc = SUP_OK;
    if (r == NULL || n == NULL)
        rc = sup__fail(SUP_ENOMEM, "out of memory granting read access");
    PGresult *res = NULL;
    if (rc == SUP_OK)
        res = query_schema(s, "SELECT 1 FROM pg_catalog.pg_roles WHERE rolname = $1", role, "looking up a role", &rc);
    bool exists = res != NULL && PQntuples(res) > 0;
    PQclear(res);
    sup__buf b = {0};
    if (rc == SUP_OK) {
        sup__buf_put(&b, "BEGIN;");
        if (!exists)
            sup__buf_printf(&b, "CREATE ROLE %s LOGIN;", r);
        sup__buf_printf(&b,
                        "GRANT USAGE ON SCHEMA %s TO %s; GRANT SELECT ON ALL TABLES IN SCHEMA %s TO %s;"
                        " ALTER DEFAULT PRIVILEGES IN SCHEMA %s GRANT SELECT ON TABLES TO %s; COMMIT",
                        n, r, n, r, n, r);
        char *sql = NULL;
        rc = sup__buf_finish(&b, &sql);
        if (rc == SUP_OK)
            rc = run_ok(s, sql, "granting read access");
        sup_free(sql);
        if (rc != SUP_OK && PQtransactionStatus(s->conn) != PQTRANS_IDLE)
            PQclear(PQexec(s->conn, "ROLLBACK"));
    }
    sup__buf_dispose(&b);
    PQfreemem(r);
    PQfreemem(n);
    return rc;
}

/* The portal's role: what a read-only role may, and INSERT / UPDATE on the tables the portal writes. */
static int pg_grant_portal(sup__store *st, const char *role)
{
    int rc = pg_grant_readonly(st, role);
    if (rc != SUP_OK)
        return rc;
    struct pg_store *s = ps(st);
    char *r = PQescapeIdentifier(s->conn, role, strlen(role));
    if (r == NULL)
        return sup__fail(SUP_ENOMEM, "out of memory granting the portal's access");
    sup__buf b = {0};
    sup__buf_put(&b, "BEGIN;");
    for (size_t i = 0; i < sup__portal_grant_count; i++)
        sup__buf_printf(&b, "GRANT %s ON %s TO %s;", sup__portal_grants[i].privileges, sup__portal_grants[i].table, r);
    sup__buf_put(&b, "COMMIT");
    char *sql = NULL;
    rc = sup__buf_finish(&b, &sql);
    if (rc == SUP_OK)
        rc = run_ok(s, sql, "granting the portal's access");
    sup_free(sql);
    if (rc != SUP_OK && PQtransactionStatus(s->conn) != PQTRANS_IDLE)
        PQclear(PQexec(s->conn, "ROLLBACK"));
    PQfreemem(r);
    return rc;
}

const sup__store_ops sup__store_pg = {
    .version = SUP__STORE_OPS_VERSION,
    .name = "postgresql",
    .open = pg_open,
    .close = pg_close,
    .created_file = NULL,
    .abandon = NULL,
    .set_busy_timeout = pg_set_busy_timeout,
    .inspect = pg_inspect,
    .lock_for_upgrade = pg_lock_for_upgrade,
    .upgrade = pg_upgrade,
    .check = pg_check,
    .exec = pg_exec,
    .sql_begin_write = "BEGIN",
    .sql_begin_read = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY",
    .in_transaction = pg_in_transaction,
    .before_transaction_change = pg_before_change,
    .prepare = pg_prepare,
    .finalize = pg_finalize,
    .reset = pg_reset,
    .bind_int64 = pg_bind_int64,
    .bind_text = pg_bind_text,
    .bind_null = pg_bind_null,
    .step = pg_step,
    .column_int64 = pg_column_int64,
    .column_text = pg_column_text,
    .column_is_null = pg_column_is_null,
    .grant_readonly = pg_grant_readonly,
    .grant_portal = pg_grant_portal,
};
