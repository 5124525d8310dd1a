/* libsupport — the SQLite engine of the storage seam (store.h): a ledger in one file,
 * WAL with synchronous=FULL, writers serialised by BEGIN IMMEDIATE. */
#define _POSIX_C_SOURCE 200809L
#include "store.h"
#include "ledger_schema.h"
#include "libsupport.h"
#include "error_internal.h"
#include "utf8_internal.h"
#include "text_internal.h"

#include <errno.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

struct sq_store {
    sup__store base;
    sqlite3 *db;
    int busy_timeout_ms;
    bool created_file; /* the file did not exist before open() */
    char *path;        /* (created_file only) */
};

struct sq_stmt {
    sup__stmt base;
    sqlite3_stmt *st;
};

static sqlite3 *db_of(sup__store *s) { return ((struct sq_store *)s)->db; }
static sqlite3_stmt *st_of(sup__stmt *st) { return ((struct sq_stmt *)st)->st; }

/* ---- errors ----------------------------------------------------------------------------------- */

static int sq_err(sqlite3 *db, int src, const char *what)
{
    const char *msg = db != NULL ? sqlite3_errmsg(db) : sqlite3_errstr(src);
    int code;
    switch (src & 0xff) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED: code = SUP_EBUSY; break;
    case SQLITE_READONLY: code = SUP_EREADONLY; break;
    case SQLITE_NOTADB: code = SUP_ENOTLEDGER; break;
    case SQLITE_NOMEM: code = SUP_ENOMEM; break;
    case SQLITE_IOERR:
    case SQLITE_FULL:
    case SQLITE_CANTOPEN:
    case SQLITE_PROTOCOL: code = SUP_EIO; break;
    case SQLITE_CONSTRAINT:
        code = (src == SQLITE_CONSTRAINT_UNIQUE || src == SQLITE_CONSTRAINT_PRIMARYKEY) ? SUP_ECONFLICT : SUP_EDB;
        break;
    default: code = SUP_EDB; break;
    }
    if (code == SUP_EBUSY)
        return sup__fail(code, "%s: the ledger is locked by another process or handle (%s; SQLite code %d)", what,
                         msg, src);
    return sup__fail(code, "%s: %s (SQLite code %d)", what, msg, src);
}

/* ---- waiting for locks ------------------------------------------------------------------------ */

/*
 * Waiting for another process's lock. SQLite's own busy handler sleeps in
 * steps of 1 … 100 ms, which is long beside a commit that takes a fraction of
 * a millisecond; under contention most of the time would be spent asleep.
 * This one starts at 20 us and backs off to 2 ms. The waits are counted, not
 * timed: the library never reads the clock.
 */
static int busy_wait(void *arg, int count)
{
    static const long steps_us[] = {20, 50, 100, 200, 300, 500, 700, 1000, 1500, 2000};
    const size_t nsteps = sizeof steps_us / sizeof steps_us[0];
    const struct sq_store *s = arg;
    long long waited_us = 0;
    for (int i = 0; i < count; i++)
        waited_us += steps_us[(size_t)i < nsteps ? (size_t)i : nsteps - 1];
    long step = steps_us[(size_t)count < nsteps ? (size_t)count : nsteps - 1];
    long long left = (long long)s->busy_timeout_ms * 1000 - waited_us;
    if (left <= 0)
        return 0; /* give up: SQLITE_BUSY */
    if (step > left)
        step = (long)left;
    struct timespec ts = {0, step * 1000L};
    nanosleep(&ts, NULL);
    return 1;
}

/*
 * Run SQL that SQLite may refuse with SQLITE_BUSY at once instead of waiting:
 * switching a new file to WAL needs an exclusive lock, and SQLite does not
 * call the busy handler when the statement already holds a shared one (two
 * processes creating the same file at once). Retry with the same waits.
 */
static int exec_waiting(struct sq_store *s, const char *sql, const char *what)
{
    int src;
    for (int n = 0;; n++) {
        src = sqlite3_exec(s->db, sql, NULL, NULL, NULL);
        if ((src & 0xff) != SQLITE_BUSY || !busy_wait(s, n))
            break;
    }
    return src == SQLITE_OK ? SUP_OK : sq_err(s->db, src, what);
}

/* ---- statements -------------------------------------------------------------------------------- */

static int sq_prepare_raw(struct sq_store *s, const char *sql, unsigned flags, sup__stmt **out)
{
    *out = NULL;
    char *text = sup__sql_dialect(sql, "sqlite", false);
    if (text == NULL)
        return sup__fail(SUP_ENOMEM, "out of memory preparing a query");
    struct sq_stmt *w = sup__calloc(1, sizeof *w);
    if (w == NULL) {
        sup__free(text);
        return sup__fail(SUP_ENOMEM, "out of memory preparing a query");
    }
    int src = sqlite3_prepare_v3(s->db, text, -1, (flags & SUP__STMT_PERSISTENT) ? SQLITE_PREPARE_PERSISTENT : 0,
                                 &w->st, NULL);
    sup__free(text);
    if (src != SQLITE_OK) {
        int rc = sq_err(s->db, src, "preparing a query");
        sqlite3_finalize(w->st);
        sup__free(w);
        return rc;
    }
    w->base.store = &s->base;
    *out = &w->base;
    return SUP_OK;
}

static int sq_prepare(sup__store *s, const char *sql, unsigned flags, sup__stmt **out)
{
    return sq_prepare_raw((struct sq_store *)s, sql, flags, out);
}

static void sq_finalize(sup__stmt *st)
{
    if (st == NULL)
        return;
    sqlite3_finalize(st_of(st));
    sup__free(st);
}

static void sq_reset(sup__stmt *st)
{
    sqlite3_reset(st_of(st));
    sqlite3_clear_bindings(st_of(st));
}

static void sq_bind_int64(sup__stmt *st, int i, int64_t v) { sqlite3_bind_int64(st_of(st), i, v); }
static void sq_bind_text(sup__stmt *st, int i, const char *t) { sqlite3_bind_text(st_of(st), i, t, -1, SQLITE_STATIC); }
static void sq_bind_null(sup__stmt *st, int i) { sqlite3_bind_null(st_of(st), i); }

static int sq_step(sup__stmt *st, const char *what)
{
    int src = sqlite3_step(st_of(st));
    if (src == SQLITE_ROW)
        return 1;
    if (src == SQLITE_DONE) {
        sqlite3_reset(st_of(st)); /* ends the statement's read transaction now */
        return 0;
    }
    int rc = sq_err(db_of(st->store), src, what);
    sqlite3_reset(st_of(st));
    return rc;
}

static int64_t sq_column_int64(sup__stmt *st, int i) { return sqlite3_column_int64(st_of(st), i); }
static const char *sq_column_text(sup__stmt *st, int i) { return (const char *)sqlite3_column_text(st_of(st), i); }
static bool sq_column_is_null(sup__stmt *st, int i) { return sqlite3_column_type(st_of(st), i) == SQLITE_NULL; }

/* ---- transactions ------------------------------------------------------------------------------ */

static int sq_exec(sup__store *s, const char *sql, const char *what)
{
    if (sql[0] == '\0')
        return SUP_OK;
    char *text = sup__sql_dialect(sql, "sqlite", false);
    if (text == NULL)
        return sup__fail(SUP_ENOMEM, "out of memory running %s", what);
    int src = sqlite3_exec(db_of(s), text, NULL, NULL, NULL);
    sup__free(text);
    return src == SQLITE_OK ? SUP_OK : sq_err(db_of(s), src, what);
}

static bool sq_in_transaction(sup__store *s) { return !sqlite3_get_autocommit(db_of(s)); }

/* ---- schema ------------------------------------------------------------------------------------ */

static int sq_inspect(sup__store *s, struct sup__schema_state *out)
{
    static const char sql[] = "SELECT (SELECT application_id FROM pragma_application_id),"
                              " (SELECT user_version FROM pragma_user_version),"
                              " (SELECT count(*) FROM sqlite_schema)";
    sqlite3_stmt *st = NULL;
    int app = 0, version = 0, objects = 0;
    int src = sqlite3_prepare_v2(db_of(s), sql, -1, &st, NULL);
    if (src == SQLITE_OK) {
        src = sqlite3_step(st);
        if (src == SQLITE_ROW) {
            app = sqlite3_column_int(st, 0);
            version = sqlite3_column_int(st, 1);
            objects = sqlite3_column_int(st, 2);
            src = SQLITE_OK;
        }
    }
    sqlite3_finalize(st);
    if (src != SQLITE_OK) {
        if ((src & 0xff) == SQLITE_NOTADB)
            return sup__fail(SUP_ENOTLEDGER, "not a ledger: the file is not an SQLite database");
        return sq_err(db_of(s), src, "reading the ledger header");
    }
    out->ours = app == SUP_LEDGER_APPLICATION_ID;
    out->empty = app == 0 && version == 0 && objects == 0;
    out->version = version;
    const char *file = sqlite3_db_filename(db_of(s), "main"); /* "" for ":memory:" */
    char q[80];
    sup__quote_text(q, sizeof q, file != NULL ? file : "");
    if (file != NULL && file[0] != '\0')
        snprintf(out->where, sizeof out->where, "the file %s", q);
    else
        snprintf(out->where, sizeof out->where, "the in-memory ledger");
    out->missing = false;
    if (!out->ours && !out->empty) {
        if (app == 0)
            return sup__fail(SUP_ENOTLEDGER, "not a ledger: an SQLite database of another application");
        return sup__fail(SUP_ENOTLEDGER, "not a ledger: an SQLite database with application id 0x%08X",
                         (unsigned)app);
    }
    return SUP_OK;
}

/* Run the migrations from schema version `from` up to SUP_LEDGER_SCHEMA_VERSION on `db`. */
static int run_migrations(sqlite3 *db, int from)
{
    for (int v = from; v < SUP_LEDGER_SCHEMA_VERSION; v++) {
        const char *const *steps = sup__schema_sqlite[v];
        for (size_t i = 0; steps[i] != NULL; i++) {
            int src = sqlite3_exec(db, steps[i], NULL, NULL, NULL);
            if (src != SQLITE_OK)
                return sq_err(db, src, "creating the ledger schema");
        }
    }
    char sql[128];
    snprintf(sql, sizeof sql, "PRAGMA application_id = %d; PRAGMA user_version = %d", SUP_LEDGER_APPLICATION_ID,
             SUP_LEDGER_SCHEMA_VERSION);
    int src = sqlite3_exec(db, sql, NULL, NULL, NULL);
    return src == SQLITE_OK ? SUP_OK : sq_err(db, src, "writing the schema version");
}

static int sq_upgrade(sup__store *s, int from) { return run_migrations(db_of(s), from); }

/* The schema's objects as "type name table sql" lines in name order (malloc'ed). */
static int schema_text(sqlite3 *db, const char *what, char **out)
{
    *out = NULL;
    sqlite3_stmt *st = NULL;
    int src = sqlite3_prepare_v2(db,
                                 "SELECT type, name, tbl_name, COALESCE(sql, '') FROM sqlite_schema"
                                 " WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name",
                                 -1, &st, NULL);
    sup__buf b = {0};
    if (src == SQLITE_OK) {
        while ((src = sqlite3_step(st)) == SQLITE_ROW)
            for (int i = 0; i < 4; i++)
                sup__buf_printf(&b, "%s%c", (const char *)sqlite3_column_text(st, i), i == 3 ? '\n' : '\t');
        if (src == SQLITE_DONE)
            src = SQLITE_OK;
    }
    int rc = src == SQLITE_OK ? sup__buf_finish(&b, out) : sq_err(db, src, what);
    sqlite3_finalize(st);
    sup__buf_dispose(&b);
    return rc;
}

/* The first line of `a` that is not in `b` (the caller frees). */
static char *first_missing_line(const char *a, const char *b)
{
    for (const char *p = a; *p != '\0';) {
        const char *e = strchr(p, '\n');
        size_t n = e != NULL ? (size_t)(e - p) : strlen(p);
        bool found = false;
        for (const char *q = b; *q != '\0' && !found;) {
            const char *f = strchr(q, '\n');
            size_t m = f != NULL ? (size_t)(f - q) : strlen(q);
            found = m == n && memcmp(p, q, n) == 0;
            q += m + (f != NULL);
        }
        if (!found) {
            char *line = sup__malloc(n + 1);
            if (line != NULL) {
                memcpy(line, p, n);
                line[n] = '\0';
            }
            return line;
        }
        p += n + (e != NULL);
    }
    return NULL;
}

/* One schema line "type\tname\ttable\tsql" as "type name" for a message. */
static void describe_line(const char *line, char *buf, size_t size)
{
    const char *t1 = strchr(line, '\t');
    const char *t2 = t1 != NULL ? strchr(t1 + 1, '\t') : NULL;
    if (t1 == NULL || t2 == NULL) {
        snprintf(buf, size, "an object");
        return;
    }
    snprintf(buf, size, "%.*s %.*s", (int)(t1 - line), line, (int)(t2 - t1 - 1), t1 + 1);
}

/* The stored schema is exactly the one the migrations write: nothing dropped, altered or added. */
static int check_schema(sqlite3 *db)
{
    sqlite3 *mem = NULL;
    char *want = NULL, *have = NULL;
    int src = sqlite3_open_v2(":memory:", &mem, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, NULL);
    int rc = src == SQLITE_OK ? run_migrations(mem, 0) : sup__fail(SUP_ENOMEM, "sup_ledger_check: out of memory");
    if (rc == SUP_OK)
        rc = schema_text(mem, "sup_ledger_check", &want);
    if (rc == SUP_OK)
        rc = schema_text(db, "sup_ledger_check", &have);
    if (rc == SUP_OK && (want == NULL || have == NULL))
        rc = sup__fail(SUP_EDB, "schema check failed: no description of the schema");
    if (rc == SUP_OK && strcmp(want, have) != 0) {
        char *gone = first_missing_line(want, have), *extra = first_missing_line(have, want);
        char a[160] = "", b[160] = "";
        if (gone != NULL)
            describe_line(gone, a, sizeof a);
        if (extra != NULL)
            describe_line(extra, b, sizeof b);
        if (gone != NULL && extra != NULL && strcmp(a, b) == 0)
            rc = sup__fail(SUP_EDB, "schema check failed: %s was altered (it is not what this library wrote)", a);
        else if (gone != NULL)
            rc = sup__fail(SUP_EDB, "schema check failed: %s is missing (dropped?)", a);
        else
            rc = sup__fail(SUP_EDB, "schema check failed: %s is not part of the ledger's schema", b);
        sup__free(gone);
        sup__free(extra);
    }
    sup_free(want);
    sup_free(have);
    sqlite3_close(mem);
    return rc;
}

static int sq_check(sup__store *s)
{
    sqlite3 *db = db_of(s);
    static const char *const sqls[] = {"PRAGMA integrity_check", "PRAGMA foreign_key_check"};
    for (size_t i = 0; i < 2; i++) {
        sqlite3_stmt *st = NULL;
        int src = sqlite3_prepare_v2(db, sqls[i], -1, &st, NULL);
        if (src != SQLITE_OK)
            return sq_err(db, src, "sup_ledger_check");
        src = sqlite3_step(st);
        int rc = SUP_OK;
        if (src == SQLITE_ROW) {
            if (i == 0) {
                const char *r = (const char *)sqlite3_column_text(st, 0);
                if (r == NULL || strcmp(r, "ok") != 0)
                    rc = sup__fail(SUP_EDB, "integrity check failed: %s", r ? r : "(no message)");
            } else {
                const char *t = (const char *)sqlite3_column_text(st, 0);
                rc = sup__fail(SUP_EDB, "foreign key check failed in table %s, row %lld", t ? t : "?",
                               (long long)sqlite3_column_int64(st, 1));
            }
        } else if (src != SQLITE_DONE) {
            rc = sq_err(db, src, "sup_ledger_check");
        }
        sqlite3_finalize(st);
        if (rc != SUP_OK)
            return rc;
    }
    return check_schema(db);
}

/* ---- connection -------------------------------------------------------------------------------- */

static int open_checks(const char *path, unsigned flags, bool *missing)
{
    *missing = false;
    if (path[0] == '\0')
        return sup__fail(SUP_EINVAL, "sup_ledger_open: the path is empty");
    if (strcmp(path, ":memory:") == 0)
        return (flags & SUP_LEDGER_CREATE)
                   ? SUP_OK
                   : sup__fail(SUP_ENOTFOUND, "sup_ledger_open: \":memory:\" needs SUP_LEDGER_CREATE");
    struct stat sb;
    char q[80];
    sup__quote_text(q, sizeof q, path);
    if (stat(path, &sb) != 0) {
        if (errno == ENOENT && (flags & SUP_LEDGER_CREATE)) {
            *missing = true;
            return SUP_OK;
        }
        if (errno == ENOENT)
            return sup__fail(SUP_ENOTFOUND, "no ledger at %s (pass SUP_LEDGER_CREATE to create one)", q);
        return sup__fail(SUP_EIO, "cannot open the ledger %s: %s", q, strerror(errno));
    }
    if (!S_ISREG(sb.st_mode))
        return sup__fail(SUP_ENOTLEDGER, "not a ledger: %s is not a regular file", q);
    return SUP_OK;
}

static void sq_close(sup__store *s)
{
    if (s == NULL)
        return;
    sqlite3_close_v2(db_of(s));
    sup__free(((struct sq_store *)s)->path);
    sup__free(s);
}

static bool sq_created_file(sup__store *s) { return ((struct sq_store *)s)->created_file; }

/* The file was made by open() and no ledger could be created in it (a full disk …): remove it,
 * so that a retry finds the path as it was. */
static void sq_abandon(sup__store *s)
{
    struct sq_store *q = (struct sq_store *)s;
    char *path = q->created_file ? q->path : NULL;
    q->path = NULL;
    sq_close(s);
    if (path == NULL)
        return;
    static const char *const sidecars[] = {"", "-wal", "-shm", "-journal"};
    size_t n = strlen(path);
    char *name = sup__malloc(n + 16);
    for (size_t i = 0; name != NULL && i < 4; i++) {
        snprintf(name, n + 16, "%s%s", path, sidecars[i]);
        (void)unlink(name);
    }
    sup__free(name);
    sup__free(path);
}

static int sq_set_busy_timeout(sup__store *s, int ms)
{
    ((struct sq_store *)s)->busy_timeout_ms = ms;
    return SUP_OK;
}

/* ---- several users sharing a ledger file (docs/ledger.md, "Several users") ---------------------- */

/* Create the ledger file with exactly `mode` (the umask does not apply), before SQLite opens it. */
static int create_with_mode(const char *path, unsigned mode)
{
    int fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, (mode_t)mode);
    if (fd < 0) {
        if (errno == EEXIST) /* another process made it meanwhile: SQLite opens theirs */
            return SUP_OK;
        char q[80];
        sup__quote_text(q, sizeof q, path);
        return sup__fail(errno == EACCES ? SUP_EREADONLY : SUP_EIO, "cannot create the ledger %s: %s", q,
                         strerror(errno));
    }
    int rc = fchmod(fd, (mode_t)mode) == 0 ? SUP_OK : sup__fail(SUP_EIO, "cannot set the ledger's mode: %s", strerror(errno));
    close(fd);
    return rc;
}

/*
 * The -wal and -shm files of a ledger opened for writing must be writable by this
 * user. Another user's read-only connection (the website's, say) may have made them
 * with its own owner: SQLite would then fail every change with "attempt to write a
 * readonly database". Say what is wrong and how to set it right instead.
 */
static int check_sidecars(const char *path)
{
    static const char *const sidecars[] = {"-wal", "-shm"};
    size_t n = strlen(path);
    char *name = sup__malloc(n + 8);
    if (name == NULL)
        return sup__fail(SUP_ENOMEM, "out of memory opening a ledger");
    int rc = SUP_OK;
    for (size_t i = 0; rc == SUP_OK && i < 2; i++) {
        snprintf(name, n + 8, "%s%s", path, sidecars[i]);
        struct stat sb;
        if (stat(name, &sb) != 0 || access(name, W_OK) == 0)
            continue;
        char q[400];
        sup__quote_text(q, sizeof q, name);
        rc = sup__fail(SUP_EREADONLY,
                       "the ledger's file %s belongs to uid %ld (group %ld, mode %04o) and this user (uid %ld) cannot "
                       "write it: a connection of another user made it; give the users of the ledger one group, the "
                       "ledger mode 0660 in a setgid directory of that group (docs/ledger.md, \"Several users\"), or "
                       "remove the file while nobody has the ledger open",
                       q, (long)sb.st_uid, (long)sb.st_gid, (unsigned)(sb.st_mode & 07777), (long)geteuid());
    }
    sup__free(name);
    return rc;
}

/*
 * After opening: -wal and -shm files this user made get the ledger's group (SQLite gives
 * them the ledger's permissions, but the group of the process), so that the other members
 * of a shared group can write them. Best effort: it fails only for a group we are not in.
 */
static void share_sidecars(const char *path)
{
    struct stat db;
    if (stat(path, &db) != 0 || (db.st_mode & S_IWGRP) == 0)
        return;
    static const char *const sidecars[] = {"-wal", "-shm"};
    size_t n = strlen(path);
    char *name = sup__malloc(n + 8);
    for (size_t i = 0; name != NULL && i < 2; i++) {
        snprintf(name, n + 8, "%s%s", path, sidecars[i]);
        struct stat sb;
        if (stat(name, &sb) == 0 && sb.st_uid == geteuid() && sb.st_gid != db.st_gid)
            (void)chown(name, (uid_t)-1, db.st_gid);
    }
    sup__free(name);
}

static int sq_open(const char *path, const sup_ledger_open_options *opts, sup__store **out)
{
    unsigned flags = opts->flags;
    int busy_timeout_ms = opts->busy_timeout_ms;
    *out = NULL;
    bool missing = false;
    int rc = open_checks(path, flags, &missing);
    if (rc != SUP_OK)
        return rc;
    struct sq_store *s = sup__calloc(1, sizeof *s);
    if (s == NULL)
        return sup__fail(SUP_ENOMEM, "out of memory opening a ledger");
    if (missing && strcmp(path, ":memory:") != 0) {
        s->created_file = true;
        if ((s->path = sup__strdup(path)) == NULL) {
            sup__free(s);
            return sup__fail(SUP_ENOMEM, "out of memory opening a ledger");
        }
        if (opts->file_mode != 0 && (rc = create_with_mode(path, opts->file_mode)) != SUP_OK) {
            sup__free(s->path);
            sup__free(s);
            return rc;
        }
    }
    s->base.ops = &sup__store_sqlite;
    s->base.readonly = (flags & SUP_LEDGER_READONLY) != 0;
    s->busy_timeout_ms = busy_timeout_ms;
    int oflags = s->base.readonly ? SQLITE_OPEN_READONLY
                                  : (SQLITE_OPEN_READWRITE | ((flags & SUP_LEDGER_CREATE) ? SQLITE_OPEN_CREATE : 0));
    /* NOMUTEX: a handle and its cursors are used by one thread at a time (ledger.h), so SQLite's
     * per-call connection mutex is not needed (it cost ~5% of a long list). */
    oflags |= SQLITE_OPEN_NOMUTEX;
    int src = sqlite3_open_v2(path, &s->db, oflags, NULL);
    if (src != SQLITE_OK) {
        char q[80];
        sup__quote_text(q, sizeof q, path);
        rc = sup__fail(src == SQLITE_NOMEM ? SUP_ENOMEM : SUP_EIO, "cannot open the ledger %s: %s", q,
                       s->db ? sqlite3_errmsg(s->db) : sqlite3_errstr(src));
        sq_close(&s->base);
        return rc;
    }
    sqlite3_extended_result_codes(s->db, 1);
    sqlite3_busy_handler(s->db, busy_wait, s);
    /* Harden the connection: no writable schema tricks, no schema-defined functions in views/triggers. */
    sqlite3_db_config(s->db, SQLITE_DBCONFIG_DEFENSIVE, 1, (int *)NULL);
    sqlite3_db_config(s->db, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, (int *)NULL);
    sqlite3_db_config(s->db, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, (int *)NULL);

    /* Look before touching anything: a foreign file must stay exactly as it is. */
    struct sup__schema_state fk = {false, false, false, 0, ""};
    rc = sq_inspect(&s->base, &fk);
    if (rc == SUP_OK && !s->base.readonly && sqlite3_db_readonly(s->db, "main") == 1) {
        char q[80];
        sup__quote_text(q, sizeof q, path);
        rc = sup__fail(SUP_EREADONLY,
                       "the ledger %s is read-only (no write permission): open it with SUP_LEDGER_READONLY", q);
    }
    bool file = strcmp(path, ":memory:") != 0;
    if (rc == SUP_OK && !s->base.readonly && file)
        rc = check_sidecars(path);
    if (rc == SUP_OK && !s->base.readonly && (fk.ours || (flags & SUP_LEDGER_CREATE))) {
        /* WAL: readers never block the writer; durable commits (fsync at every commit). */
        rc = exec_waiting(s, "PRAGMA journal_mode = WAL", "sup_ledger_open (WAL)");
    }
    if (rc == SUP_OK)
        rc = sq_exec(&s->base, "PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON", "sup_ledger_open (pragmas)");
    if (rc != SUP_OK) {
        sq_abandon(&s->base);
        return rc;
    }
    if (file)
        share_sidecars(path);
    *out = &s->base;
    return SUP_OK;
}

static int sq_grant_readonly(sup__store *s, const char *role)
{
    (void)s;
    (void)role;
    return sup__fail(SUP_ENOTAPPLICABLE,
                     "read-only roles are a PostgreSQL feature: an SQLite ledger is shared through file "
                     "permissions (docs/ledger.md, \"Several users\")");
}

static int sq_grant_portal(sup__store *s, const char *role)
{
    (void)s;
    (void)role;
    return sup__fail(SUP_ENOTAPPLICABLE,
                     "database roles are a PostgreSQL feature: the portal writes an SQLite ledger through file "
                     "permissions (docs/deploy.md, \"Permissions\")");
}

const sup__store_ops sup__store_sqlite = {
    .version = SUP__STORE_OPS_VERSION,
    .name = "sqlite",
    .open = sq_open,
    .close = sq_close,
    .created_file = sq_created_file,
    .abandon = sq_abandon,
    .set_busy_timeout = sq_set_busy_timeout,
    .inspect = sq_inspect,
    .lock_for_upgrade = NULL,
    .upgrade = sq_upgrade,
    .check = sq_check,
    .exec = sq_exec,
    .sql_begin_write = "BEGIN IMMEDIATE",
    .sql_begin_read = "BEGIN",
    .in_transaction = sq_in_transaction,
    .before_transaction_change = NULL,
    .prepare = sq_prepare,
    .finalize = sq_finalize,
    .reset = sq_reset,
    .bind_int64 = sq_bind_int64,
    .bind_text = sq_bind_text,
    .bind_null = sq_bind_null,
    .step = sq_step,
    .column_int64 = sq_column_int64,
    .column_text = sq_column_text,
    .column_is_null = sq_column_is_null,
    .grant_readonly = sq_grant_readonly,
    .grant_portal = sq_grant_portal,
};
