/*
 * libsupport — the portal's ledger: release files, guarded downloads, license
 * keys and the product's update check (portal.h). Every answer about a license
 * is the core's (sup_license_can_download, the ledger's status and offer); the
 * statements here only find facts by keys.
 */
#include "ledger_internal.h"
#include "ledger_cursor.h"
#include "crypto_internal.h"
#include "offer_internal.h"

#include <stdio.h>
#include <string.h>

/* ---- release files ------------------------------------------------------------------------- */

int sup_release_file_init(sup_release_file *f, unsigned version)
{
    SUP__CHECK_ARG(f, "sup_release_file_init");
    if (version != SUP_RELEASE_FILE_VERSION)
        return sup__fail(SUP_EINVAL, "sup_release_file_init: unknown version %u (this library knows %u)", version,
                         SUP_RELEASE_FILE_VERSION);
    memset(f, 0, sizeof *f);
    f->version = version;
    return SUP_OK;
}

/* A file name inside the release files directory, never a path (nginx and PHP join it to the directory). */
static int check_file_name(const char *name)
{
    int rc = sup__check_text(name, SUP_RELEASE_FILE_NAME_MAX, 0, "release file name");
    if (rc != SUP_OK)
        return rc;
    char q[300];
    sup__quote_text(q, sizeof q, name);
    if (name[0] == '.' || name[0] == ' ')
        return sup__fail(SUP_EINVAL, "release file name %s starts with '%c': give a plain file name", q, name[0]);
    size_t n = strlen(name);
    if (name[n - 1] == ' ' || name[n - 1] == '.')
        return sup__fail(SUP_EINVAL, "release file name %s ends with '%c'", q, name[n - 1]);
    for (const unsigned char *p = (const unsigned char *)name; *p != '\0'; p++) {
        if (*p >= 0x80 || (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
            strchr(" ._-+(),", *p) != NULL)
            continue;
        return sup__fail(SUP_EINVAL,
                         "release file name %s contains '%c': a file name has letters, digits, spaces and . _ - + ( ) ,"
                         " only (no directories)",
                         q, *p);
    }
    return SUP_OK;
}

static int check_sha256(const char *hex)
{
    if (hex == NULL)
        return sup__fail(SUP_EINVAL, "release file: the SHA-256 is missing");
    size_t n = 0;
    for (; n <= SUP_SHA256_HEX_LEN && hex[n] != '\0'; n++)
        if (!((hex[n] >= '0' && hex[n] <= '9') || (hex[n] >= 'a' && hex[n] <= 'f')))
            break;
    if (n != SUP_SHA256_HEX_LEN || hex[n] != '\0') {
        char q[100];
        sup__quote_text(q, sizeof q, hex);
        return sup__fail(SUP_EINVAL, "release file SHA-256 %s is not %d lower-case hex digits", q,
                         SUP_SHA256_HEX_LEN);
    }
    return SUP_OK;
}

static int check_release_file(const sup_release_file *f)
{
    SUP__CHECK_ARG(f, "sup_ledger_add_release_file");
    if (f->version != SUP_RELEASE_FILE_VERSION)
        return sup__fail(SUP_EINVAL, "sup_ledger_add_release_file: unknown sup_release_file version %u", f->version);
    int rc = check_file_name(f->name);
    if (rc == SUP_OK && f->size < 0)
        rc = sup__fail(SUP_ERANGE, "release file size %lld is negative", (long long)f->size);
    if (rc == SUP_OK)
        rc = check_sha256(f->sha256);
    return rc;
}

static int file_name_taken(sup_ledger *l, const char *name)
{
    sup__stmt *st = NULL;
    int rc = sup__ledger_prepare(l, "SELECT release_id FROM release_file WHERE name = ?1", &st);
    if (rc == SUP_OK) {
        sup__st_text(st, 1, name);
        rc = sup__st_step(st, "looking up a release file");
        if (rc == 1) {
            char q[300];
            sup__quote_text(q, sizeof q, name);
            rc = sup__fail(SUP_ECONFLICT, "release %lld already has the file %s", (long long)sup__col_int(st, 0), q);
        }
    }
    sup__ledger_finalize(st);
    return rc;
}

int sup_ledger_add_release_file(sup_ledger *l, const char *actor, sup_id product, const char *version,
                                sup_date released, const char *note, const sup_release_file *file, sup_id *out)
{
    SUP__CHECK_ARG(l, "sup_ledger_add_release_file");
    int rc = sup__ledger_check_release(actor, product, version, released, note);
    if (rc == SUP_OK)
        rc = check_release_file(file);
    if (rc != SUP_OK)
        return rc;
    rc = sup__ledger_write_begin(l, "sup_ledger_add_release_file");
    if (rc != SUP_OK)
        return rc;
    rc = file_name_taken(l, file->name);
    sup_id id = 0;
    if (rc == 0) {
        sup__buf more = {0};
        sup__buf_printf(&more, "; file=%s; size=%lld; sha256=%s", file->name, (long long)file->size, file->sha256);
        rc = sup__ledger_insert_release(l, actor, product, version, released, note, &more, &id);
    }
    sup__stmt *st = NULL;
    if (rc == SUP_OK)
        rc = sup__ledger_prepare(l, "INSERT INTO release_file (release_id, name, size, sha256) VALUES (?1, ?2, ?3, ?4)",
                                 &st);
    if (rc == SUP_OK) {
        sup__st_int(st, 1, id);
        sup__st_text(st, 2, file->name);
        sup__st_int(st, 3, file->size);
        sup__st_text(st, 4, file->sha256);
        rc = sup__ledger_run(st, "storing a release file");
        if (rc == SUP_ECONFLICT) /* the same name stored meanwhile by a concurrent writer */
            rc = file_name_taken(l, file->name) < 0 ? sup_error_code() : SUP_ECONFLICT;
    }
    sup__ledger_finalize(st);
    rc = sup__ledger_write_end(l, rc);
    if (rc == SUP_OK && out != NULL)
        *out = id;
    return rc;
}

/* ---- downloads ------------------------------------------------------------------------------- */

struct sup_download {
    sup_download_verdict verdict;
    sup_id license;
    sup_id release;
    sup_id product;
    char *version;
    sup_date released;
    sup_date support_until;
    sup_license_kind kind;
    char *file_name; /* NULL: no file */
    int64_t file_size;
    char sha256[SUP_SHA256_HEX_BUFSIZE];
};

const char *sup_download_verdict_name(sup_download_verdict v)
{
    switch (v) {
    case SUP_DOWNLOAD_ALLOWED: return "allowed";
    case SUP_DOWNLOAD_NEEDS_RENEWAL: return "needs_renewal";
    case SUP_DOWNLOAD_NO_FILE: return "no_file";
    }
    return "";
}

void sup_download_free(sup_download *d)
{
    if (d == NULL)
        return;
    sup__free(d->version);
    sup__free(d->file_name);
    sup__free(d);
}

/* The facts of a release and its file: SUP_ENOTFOUND without a message of its own. */
static int load_release(sup_ledger *l, sup_id release, sup_download *d)
{
    sup__stmt *st = NULL;
    int rc = sup__ledger_prepare(l, "SELECT r.product_id, r.released, r.version, f.name, f.size, f.sha256"
                                    " FROM product_release r LEFT JOIN release_file f ON f.release_id = r.id"
                                    " WHERE r.id = ?1",
                                 &st);
    if (rc != SUP_OK)
        return rc;
    sup__st_int(st, 1, release);
    rc = sup__st_step(st, "reading a release");
    if (rc == 1) {
        d->release = release;
        d->product = sup__col_int(st, 0);
        rc = sup__ledger_column_date(st, 1, &d->released);
        if (rc == SUP_OK) {
            d->version = sup__strdup(sup__col_text(st, 2));
            if (!sup__col_null(st, 3)) {
                d->file_name = sup__strdup(sup__col_text(st, 3));
                d->file_size = sup__col_int(st, 4);
                const char *h = sup__col_text(st, 5);
                snprintf(d->sha256, sizeof d->sha256, "%s", h != NULL ? h : "");
                if (d->file_name == NULL)
                    rc = sup__fail(SUP_ENOMEM, "out of memory reading a release");
            }
            if (rc == SUP_OK && d->version == NULL)
                rc = sup__fail(SUP_ENOMEM, "out of memory reading a release");
        }
    } else if (rc == 0) {
        rc = SUP_ENOTFOUND;
    }
    sup__ledger_finalize(st);
    return rc;
}

static int not_available(sup_id release)
{
    return sup__fail(SUP_ENOTFOUND, "release %lld is not available", (long long)release);
}

/* The candidate license `id` for the release in d: 1 and its facts if it is of the release's product and owned
 * on `on`, 0 if not (also an unknown license), or an error. */
static int judge_license(sup_ledger *l, sup_id id, sup_date on, const sup_download *d, int *allowed,
                         sup_date *until, sup_license_kind *kind)
{
    struct sup__license_row row;
    int rc = sup__ledger_load_license_row(l, id, false, &row);
    if (rc == SUP_ENOTFOUND || rc == SUP_EINVAL) {
        sup_error_clear();
        return 0;
    }
    if (rc != SUP_OK)
        return rc;
    if (row.product != d->product || row.purchased > on)
        return 0;
    sup_license *lic = NULL;
    rc = sup_ledger_get_license(l, id, &lic);
    if (rc == SUP_OK)
        rc = sup_license_can_download(lic, on, d->released, allowed);
    if (rc == SUP_OK)
        rc = sup_license_support_until(lic, on, until);
    *kind = row.kind;
    sup_license_free(lic);
    return rc == SUP_OK ? 1 : rc;
}

/* Decide inside an open read or write: fills d (which holds nothing yet). */
static int decide(sup_ledger *l, const sup_id *licenses, size_t count, sup_id release, sup_date on, sup_download *d)
{
    int rc = load_release(l, release, d);
    if (rc == SUP_ENOTFOUND || (rc == SUP_OK && d->released > on))
        return not_available(release);
    if (rc != SUP_OK)
        return rc;
    bool found = false;
    int best_allowed = 0;
    for (size_t i = 0; i < count; i++) {
        int allowed = 0;
        sup_date until = SUP_DATE_NONE;
        sup_license_kind kind = SUP_LICENSE_PERPETUAL;
        int r = judge_license(l, licenses[i], on, d, &allowed, &until, &kind);
        if (r < 0)
            return r;
        if (r == 0)
            continue;
        /* a license that allows it wins; else the one whose support ends last (its offer is shown) */
        if (!found || (allowed && !best_allowed) || (allowed == best_allowed && until > d->support_until)) {
            found = true;
            best_allowed = allowed;
            d->license = licenses[i];
            d->support_until = until;
            d->kind = kind;
        }
    }
    if (!found)
        return not_available(release);
    d->verdict = !best_allowed ? SUP_DOWNLOAD_NEEDS_RENEWAL : d->file_name == NULL ? SUP_DOWNLOAD_NO_FILE
                                                                                : SUP_DOWNLOAD_ALLOWED;
    return SUP_OK;
}

static int check_decide_args(const sup_id *licenses, size_t count, sup_id release, sup_date on)
{
    if (licenses == NULL && count > 0)
        return sup__fail(SUP_EINVAL, "sup_ledger_download_decide: argument 'licenses' is NULL");
    int rc = sup__check_date(on, "download date");
    if (rc == SUP_OK && release <= 0)
        rc = not_available(release);
    return rc;
}

int sup_ledger_download_decide(sup_ledger *l, const sup_id *licenses, size_t count, sup_id release, sup_date on,
                               sup_download **out)
{
    SUP__CHECK_ARG(out, "sup_ledger_download_decide");
    *out = NULL;
    SUP__CHECK_ARG(l, "sup_ledger_download_decide");
    int rc = check_decide_args(licenses, count, release, on);
    if (rc != SUP_OK)
        return rc;
    sup_download *d = sup__calloc(1, sizeof *d);
    if (d == NULL)
        return sup__fail(SUP_ENOMEM, "out of memory deciding a download");
    rc = sup__ledger_read_begin(l, "sup_ledger_download_decide");
    if (rc == SUP_OK)
        rc = sup__ledger_read_end(l, decide(l, licenses, count, release, on, d));
    if (rc != SUP_OK) {
        sup_download_free(d);
        return rc;
    }
    *out = d;
    return SUP_OK;
}

sup_download_verdict sup_download_verdict_of(const sup_download *d) { return d->verdict; }
sup_id sup_download_license(const sup_download *d) { return d->license; }
sup_id sup_download_release(const sup_download *d) { return d->release; }
const char *sup_download_version(const sup_download *d) { return d->version; }
sup_date sup_download_released(const sup_download *d) { return d->released; }
sup_date sup_download_support_until(const sup_download *d) { return d->support_until; }
sup_license_kind sup_download_license_kind(const sup_download *d) { return d->kind; }
const char *sup_download_file_name(const sup_download *d) { return d->file_name; }
int64_t sup_download_file_size(const sup_download *d) { return d->file_name != NULL ? d->file_size : 0; }
const char *sup_download_file_sha256(const sup_download *d) { return d->file_name != NULL ? d->sha256 : NULL; }

int sup_ledger_record_download(sup_ledger *l, const char *actor, sup_id license, sup_id release, sup_date on,
                               sup_id *out)
{
    SUP__CHECK_ARG(l, "sup_ledger_record_download");
    int rc = sup__ledger_check_actor(actor);
    if (rc == SUP_OK)
        rc = sup__ledger_check_id(license, "license");
    if (rc == SUP_OK)
        rc = check_decide_args(&license, 1, release, on);
    if (rc != SUP_OK)
        return rc;
    sup_download d;
    memset(&d, 0, sizeof d);
    rc = sup__ledger_write_begin(l, "sup_ledger_record_download");
    if (rc != SUP_OK)
        return rc;
    struct sup__license_row row = {0, 0, SUP_LICENSE_PERPETUAL, 0};
    rc = sup__ledger_load_license_row(l, license, true, &row);
    if (rc == SUP_ENOTFOUND)
        rc = not_available(release);
    if (rc == SUP_OK)
        rc = decide(l, &license, 1, release, on, &d);
    if (rc == SUP_OK && d.verdict != SUP_DOWNLOAD_ALLOWED)
        rc = sup__fail(SUP_ESTATE, "license %lld may not download release %lld on %d: %s", (long long)license,
                       (long long)release, (int)on, sup_download_verdict_name(d.verdict));
    sup__stmt *st = NULL;
    sup_id id = 0;
    if (rc == SUP_OK)
        rc = sup__ledger_prepare(l, "INSERT INTO download (license_id, release_id, on_date, at, actor)"
                                    " VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
                                 &st);
    if (rc == SUP_OK) {
        sup__st_int(st, 1, license);
        sup__st_int(st, 2, release);
        sup__st_int(st, 3, on);
        if (l->time_ms > 0)
            sup__st_int(st, 4, l->time_ms);
        else
            sup__st_null(st, 4);
        sup__st_text(st, 5, actor);
        rc = sup__ledger_insert_id(st, "recording a download", &id);
    }
    sup__ledger_finalize(st);
    if (rc == SUP_OK) {
        sup__buf b = {0};
        sup__buf_printf(&b, "download=%lld; release=%lld; version=%s", (long long)id, (long long)release, d.version);
        rc = sup__ledger_audit(l, "download", actor, on, row.product, row.customer, license, &b);
    }
    sup__free(d.version);
    sup__free(d.file_name);
    rc = sup__ledger_write_end(l, rc);
    if (rc == SUP_OK && out != NULL)
        *out = id;
    return rc;
}

static const struct sup__column download_cols[] = {
    {"download", SUP_COLUMN_ID}, {"license", SUP_COLUMN_ID}, {"release", SUP_COLUMN_ID}, {"version", SUP_COLUMN_TEXT},
    {"on", SUP_COLUMN_DATE},     {"at", SUP_COLUMN_TIME},    {"actor", SUP_COLUMN_TEXT},
};

static int license_known(sup_ledger *l, sup_id license)
{
    int rc = sup__ledger_read_begin(l, "reading a license");
    if (rc != SUP_OK)
        return rc;
    struct sup__license_row row;
    return sup__ledger_read_end(l, sup__ledger_load_license_row(l, license, false, &row));
}

int sup_ledger_list_license_downloads(sup_ledger *l, sup_id license, sup_cursor **out)
{
    static const char sql[] = "SELECT d.id, d.license_id, d.release_id, r.version, d.on_date, COALESCE(d.at, 0),"
                              " d.actor FROM download d JOIN product_release r ON r.id = d.release_id"
                              " WHERE d.license_id = ?1 ORDER BY d.id";
    int rc = sup__list_prologue(l, out, "sup_ledger_list_license_downloads");
    if (rc == SUP_OK)
        rc = license_known(l, license);
    if (rc == SUP_OK)
        rc = sup__cursor_new(l, sql, download_cols, (int)(sizeof download_cols / sizeof download_cols[0]), NULL,
                             NULL, out);
    if (rc == SUP_OK)
        sup__st_int((*out)->stmt, 1, license);
    return rc;
}

/* ---- license keys ------------------------------------------------------------------------------ */

struct key_row {
    bool has;
    sup_id id;
    int64_t issued_at;
    char hint[8];
};

/* The license's current key, if any (inside a read or write). */
static int current_key(sup_ledger *l, sup_id license, struct key_row *k)
{
    memset(k, 0, sizeof *k);
    sup__stmt *st = NULL;
    int rc = sup__ledger_prepare(l, "SELECT id, hint, COALESCE(issued_at, 0) FROM license_key"
                                    " WHERE license_id = ?1 AND replaced = 0",
                                 &st);
    if (rc != SUP_OK)
        return rc;
    sup__st_int(st, 1, license);
    rc = sup__st_step(st, "reading a license key");
    if (rc == 1) {
        k->has = true;
        k->id = sup__col_int(st, 0);
        const char *h = sup__col_text(st, 1);
        snprintf(k->hint, sizeof k->hint, "%s", h != NULL ? h : "");
        k->issued_at = sup__col_int(st, 2);
        rc = SUP_OK;
    }
    sup__ledger_finalize(st);
    return rc;
}

static int store_key(sup_ledger *l, const char *actor, sup_id license, const struct key_row *old, const char *key,
                     sup_id *id)
{
    sup__stmt *st = NULL;
    int rc = SUP_OK;
    if (old->has) {
        rc = sup__ledger_prepare(l, "UPDATE license_key SET replaced = 1 WHERE id = ?1", &st);
        if (rc == SUP_OK) {
            sup__st_int(st, 1, old->id);
            rc = sup__ledger_run(st, "replacing a license key");
        }
        sup__ledger_finalize(st);
        st = NULL;
    }
    if (rc == SUP_OK)
        rc = sup__ledger_prepare(l, "INSERT INTO license_key (license_id, key_hash, hint, issued_at, actor)"
                                    " VALUES (?1, ?2, ?3, ?4, ?5) RETURNING id",
                                 &st);
    if (rc == SUP_OK) {
        char hash[SUP_SHA256_HEX_BUFSIZE];
        sup__hash_secret(key, hash);
        sup__st_int(st, 1, license);
        sup__st_text(st, 2, hash);
        sup__st_text(st, 3, key + SUP_LICENSE_KEY_LEN - 5);
        if (l->time_ms > 0)
            sup__st_int(st, 4, l->time_ms);
        else
            sup__st_null(st, 4);
        sup__st_text(st, 5, actor);
        rc = sup__ledger_insert_id(st, "storing a license key", id);
    }
    sup__ledger_finalize(st);
    return rc;
}

static int issue_key(sup_ledger *l, const char *actor, sup_id license, bool only_if_none, char **key,
                     const char *fn)
{
    SUP__CHECK_ARG(key, fn);
    *key = NULL;
    SUP__CHECK_ARG(l, fn);
    int rc = sup__ledger_check_actor(actor);
    if (rc == SUP_OK)
        rc = sup__ledger_check_id(license, "license");
    if (rc == SUP_OK)
        rc = sup__crypto_ready();
    if (rc != SUP_OK)
        return rc;
    char *copy = sup__malloc(SUP_LICENSE_KEY_BUFSIZE);
    if (copy == NULL)
        return sup__fail(SUP_ENOMEM, "out of memory issuing a license key");
    rc = sup__ledger_write_begin(l, fn);
    if (rc != SUP_OK) {
        sup__free(copy);
        return rc;
    }
    struct sup__license_row row;
    struct key_row old = {0};
    rc = sup__ledger_load_license_row(l, license, true, &row); /* one issuer per license at a time */
    if (rc == SUP_OK)
        rc = current_key(l, license, &old);
    bool skip = rc == SUP_OK && only_if_none && old.has;
    sup_id id = 0;
    if (rc == SUP_OK && !skip) {
        sup__license_key_new(copy);
        rc = store_key(l, actor, license, &old, copy, &id);
    }
    if (rc == SUP_OK && !skip) {
        sup__buf b = {0};
        sup__buf_printf(&b, "key=%lld", (long long)id);
        if (old.has)
            sup__buf_printf(&b, "; replaces=%lld", (long long)old.id);
        rc = sup__ledger_audit(l, "issue_license_key", actor, SUP_DATE_NONE, row.product, row.customer, license, &b);
    }
    rc = sup__ledger_write_end(l, rc);
    if (rc != SUP_OK || skip) {
        sup__free(copy);
        return rc;
    }
    *key = copy;
    return SUP_OK;
}

int sup_ledger_issue_license_key(sup_ledger *l, const char *actor, sup_id license, char **key)
{
    return issue_key(l, actor, license, false, key, "sup_ledger_issue_license_key");
}

int sup_ledger_ensure_license_key(sup_ledger *l, const char *actor, sup_id license, char **key)
{
    return issue_key(l, actor, license, true, key, "sup_ledger_ensure_license_key");
}

int sup_ledger_license_key_info(sup_ledger *l, sup_id license, sup_license_key_info *info)
{
    SUP__CHECK_ARG(l, "sup_ledger_license_key_info");
    SUP__CHECK_ARG(info, "sup_ledger_license_key_info");
    if (info->version != SUP_LICENSE_KEY_INFO_VERSION)
        return sup__fail(SUP_EINVAL, "sup_ledger_license_key_info: unknown info version %u", info->version);
    int rc = sup__ledger_check_id(license, "license");
    if (rc == SUP_OK)
        rc = sup__ledger_read_begin(l, "sup_ledger_license_key_info");
    if (rc != SUP_OK)
        return rc;
    struct sup__license_row row;
    struct key_row k = {0};
    rc = sup__ledger_load_license_row(l, license, false, &row);
    if (rc == SUP_OK)
        rc = current_key(l, license, &k);
    rc = sup__ledger_read_end(l, rc);
    if (rc != SUP_OK)
        return rc;
    info->has_key = k.has;
    info->issued_at = k.issued_at;
    memcpy(info->hint, k.hint, sizeof info->hint);
    return SUP_OK;
}

/* Inside a read: the license of the key's hash, compared again in constant time. */
static int key_lookup(sup_ledger *l, const char *key, sup_id *license)
{
    char canon[SUP_LICENSE_KEY_BUFSIZE], hash[SUP_SHA256_HEX_BUFSIZE];
    bool ok = sup__license_key_canonical(key, canon);
    sup__hash_secret(canon, hash);
    sup__stmt *st = NULL;
    int rc = sup__ledger_prepare(l, "SELECT license_id, key_hash FROM license_key WHERE key_hash = ?1 AND replaced = 0",
                                 &st);
    if (rc != SUP_OK)
        return rc;
    sup__st_text(st, 1, hash);
    rc = sup__st_step(st, "looking up a license key");
    bool found = rc == 1 && sup__digest_equal(sup__col_text(st, 1), hash) && ok;
    if (found)
        *license = sup__col_int(st, 0);
    sup__ledger_finalize(st);
    if (rc < 0)
        return rc;
    return found ? SUP_OK : sup__fail(SUP_ENOTFOUND, "no license has this key");
}

int sup_ledger_find_license_by_key(sup_ledger *l, const char *key, sup_id *license)
{
    SUP__CHECK_ARG(l, "sup_ledger_find_license_by_key");
    SUP__CHECK_ARG(license, "sup_ledger_find_license_by_key");
    *license = 0;
    int rc = sup__ledger_read_begin(l, "sup_ledger_find_license_by_key");
    if (rc != SUP_OK)
        return rc;
    return sup__ledger_read_end(l, key_lookup(l, key != NULL ? key : "", license));
}
