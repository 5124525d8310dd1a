/* The portal's ledger (portal.h), on both engines: release files, guarded
 * downloads and their record, license keys (stored only as hashes, rotated,
 * found in any letter case), the update check and its JSON, sign-in requests
 * and their limits, sessions, and that nothing secret reaches the ledger. */
#include "ledger_test_util.h"

#define SHA_A "a3f1c0ffee0123456789abcdef0123456789abcdef0123456789abcdef012345"
#define SHA_B "b3f1c0ffee0123456789abcdef0123456789abcdef0123456789abcdef012345"
#define SHA_C "c3f1c0ffee0123456789abcdef0123456789abcdef0123456789abcdef012345"

/* The fixture: REP (6 months, 7990 rub) with releases 3.0 (2026-03-01, a file), 3.1 (2026-09-01, a file),
 * 3.0.1 (2026-03-05, no file), 4.0 (2026-12-01, a file: not out yet on 2026-10-01); OTHER's release 1.0.
 * ACME bought REP on 2026-01-15 (support through 2026-07-15); BETA bought REP on 2026-06-01 (through
 * 2026-12-01). */
typedef struct {
    tmp_ledger t;
    sup_ledger *l;
    sup_id rep, other, acme, beta;
    sup_id lic_acme, lic_beta;
    sup_id r30, r31, r301, r40, r_other;
} pfx;

static sup_id release_with_file(sup_ledger *l, sup_id product, const char *version, sup_date on, const char *name,
                                int64_t size, const char *sha)
{
    sup_release_file f;
    assert_int_equal(sup_release_file_init(&f, SUP_RELEASE_FILE_VERSION), SUP_OK);
    f.name = name;
    f.size = size;
    f.sha256 = sha;
    sup_id id = 0;
    if (sup_ledger_add_release_file(l, ACTOR, product, version, on, NULL, &f, &id) != SUP_OK)
        fail_msg("add_release_file %s: %s", version, sup_error_message());
    return id;
}

static int setup(void **state)
{
    pfx *f = calloc(1, sizeof *f);
    if (f == NULL)
        return -1;
    tmp_init(&f->t);
    f->l = open_new(&f->t);
    f->rep = add_seed_product(f->l, "REP");
    f->other = add_seed_product(f->l, "OTHER");
    f->acme = add_customer(f->l, "ACME");
    f->beta = add_customer(f->l, "BETA");
    f->lic_acme = sell(f->l, f->acme, f->rep, 20260115);
    f->lic_beta = sell(f->l, f->beta, f->rep, 20260601);
    f->r30 = release_with_file(f->l, f->rep, "3.0", 20260301, "rep-3.0.zip", 1000, SHA_A);
    f->r31 = release_with_file(f->l, f->rep, "3.1", 20260901, "rep-3.1.zip", 2000, SHA_B);
    assert_int_equal(sup_ledger_add_release(f->l, ACTOR, f->rep, "3.0.1", 20260305, NULL, &f->r301), SUP_OK);
    f->r40 = release_with_file(f->l, f->rep, "4.0", 20261201, "rep-4.0.zip", 3000, SHA_C);
    f->r_other = release_with_file(f->l, f->other, "1.0", 20260101, "other-1.0.zip", 10, SHA_C);
    *state = f;
    return 0;
}

static int teardown(void **state)
{
    pfx *f = *state;
    sup_ledger_close(f->l);
    tmp_cleanup(&f->t);
    free(f);
    return 0;
}

/* ---- release files ----------------------------------------------------------------------------- */

static void a_release_is_recorded_with_its_file_and_listed_with_it(void **state)
{
    pfx *f = *state;
    sup_cursor *c = NULL;
    assert_int_equal(sup_ledger_list_releases(f->l, f->lic_acme, 20261001, &c), SUP_OK);
    assert_int_equal(sup_cursor_column_count(c), 9);
    assert_string_equal(sup_cursor_column_name(c, SUP_RELCOL_FILE_NAME), "file_name");
    assert_string_equal(sup_cursor_column_name(c, SUP_RELCOL_FILE_SIZE), "file_size");
    assert_string_equal(sup_cursor_column_name(c, SUP_RELCOL_FILE_SHA256), "file_sha256");
    /* 3.0, 3.0.1, 3.1 by date (4.0 is not out on 2026-10-01) */
    assert_int_equal(sup_cursor_next(c), 1);
    assert_string_equal(sup_cursor_text(c, SUP_RELCOL_VERSION), "3.0");
    assert_string_equal(sup_cursor_text(c, SUP_RELCOL_FILE_NAME), "rep-3.0.zip");
    assert_int_equal(sup_cursor_int64(c, SUP_RELCOL_FILE_SIZE), 1000);
    assert_string_equal(sup_cursor_text(c, SUP_RELCOL_FILE_SHA256), SHA_A);
    assert_int_equal(sup_cursor_int64(c, SUP_RELCOL_ALLOWED), 1);
    assert_int_equal(sup_cursor_next(c), 1);
    assert_string_equal(sup_cursor_text(c, SUP_RELCOL_VERSION), "3.0.1");
    assert_null(sup_cursor_text(c, SUP_RELCOL_FILE_NAME));
    assert_int_equal(sup_cursor_int64(c, SUP_RELCOL_FILE_SIZE), 0);
    assert_true(sup_cursor_is_null(c, SUP_RELCOL_FILE_SHA256));
    assert_int_equal(sup_cursor_next(c), 1);
    assert_string_equal(sup_cursor_text(c, SUP_RELCOL_VERSION), "3.1");
    assert_int_equal(sup_cursor_int64(c, SUP_RELCOL_ALLOWED), 0);
    assert_string_equal(sup_cursor_text(c, SUP_RELCOL_FILE_NAME), "rep-3.1.zip");
    assert_int_equal(sup_cursor_next(c), 0);
    sup_cursor_free(c);
    /* the audit event names the file */
    assert_int_equal(sup_ledger_list_audit(f->l, 0, &c), SUP_OK);
    bool seen = false;
    while (sup_cursor_next(c) == 1)
        if (strstr(sup_cursor_text(c, SUP_AUDCOL_DETAIL), "file=rep-3.1.zip; size=2000; sha256=" SHA_B) != NULL)
            seen = strcmp(sup_cursor_text(c, SUP_AUDCOL_ACTION), "add_release") == 0;
    sup_cursor_free(c);
    assert_true(seen);
}

static void a_bad_release_file_is_refused_and_nothing_is_written(void **state)
{
    pfx *f = *state;
    int before = audit_count(f->l);
    static const struct {
        const char *name;
        int64_t size;
        const char *sha;
        int rc;
    } bad[] = {
        {"../etc/passwd", 1, SHA_A, SUP_EINVAL}, {"dir/file.zip", 1, SHA_A, SUP_EINVAL},
        {"dir\\file.zip", 1, SHA_A, SUP_EINVAL}, {".hidden.zip", 1, SHA_A, SUP_EINVAL},
        {"", 1, SHA_A, SUP_EINVAL},              {"tab\tname.zip", 1, SHA_A, SUP_EINVAL},
        {"name.zip ", 1, SHA_A, SUP_EINVAL},     {"quote\".zip", 1, SHA_A, SUP_EINVAL},
        {"ok.zip", -1, SHA_A, SUP_ERANGE},       {"ok.zip", 1, "A3F1C0FFEE0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF012345", SUP_EINVAL},
        {"ok.zip", 1, "abc", SUP_EINVAL},        {"ok.zip", 1, NULL, SUP_EINVAL},
        {"rep-3.0.zip", 1, SHA_A, SUP_ECONFLICT}, /* another release's file */
    };
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        sup_release_file file;
        assert_int_equal(sup_release_file_init(&file, SUP_RELEASE_FILE_VERSION), SUP_OK);
        file.name = bad[i].name;
        file.size = bad[i].size;
        file.sha256 = bad[i].sha;
        sup_id id = 0;
        int rc = sup_ledger_add_release_file(f->l, ACTOR, f->rep, "9.9", 20260101, NULL, &file, &id);
        if (rc != bad[i].rc)
            fail_msg("case %zu (%s): %d, not %d: %s", i, bad[i].name, rc, bad[i].rc, sup_error_message());
        assert_int_equal(id, 0);
    }
    char long_name[SUP_RELEASE_FILE_NAME_MAX + 2];
    memset(long_name, 'a', sizeof long_name - 1);
    long_name[sizeof long_name - 1] = '\0';
    sup_release_file file;
    assert_int_equal(sup_release_file_init(&file, SUP_RELEASE_FILE_VERSION), SUP_OK);
    file.name = long_name;
    file.sha256 = SHA_A;
    assert_int_equal(sup_ledger_add_release_file(f->l, ACTOR, f->rep, "9.9", 20260101, NULL, &file, NULL), SUP_EINVAL);
    /* Cyrillic and the allowed punctuation are fine */
    file.name = "Отчёт по продажам (3.2) + fix_1,final-build.zip";
    sup_id ok = 0;
    assert_int_equal(sup_ledger_add_release_file(f->l, ACTOR, f->rep, "3.2", 20261001, NULL, &file, &ok), SUP_OK);
    assert_true(ok > 0);
    assert_int_equal(audit_count(f->l), before + 1);
    assert_int_equal(sup_release_file_init(&file, 99), SUP_EINVAL);
}

/* ---- downloads ------------------------------------------------------------------------------- */

static sup_download *decide(pfx *f, sup_id license, sup_id release, sup_date on)
{
    sup_download *d = NULL;
    if (sup_ledger_download_decide(f->l, &license, 1, release, on, &d) != SUP_OK)
        fail_msg("decide: %s", sup_error_message());
    return d;
}

static void a_release_within_support_is_allowed_with_its_file(void **state)
{
    pfx *f = *state;
    sup_download *d = decide(f, f->lic_acme, f->r30, 20261001);
    assert_int_equal(sup_download_verdict_of(d), SUP_DOWNLOAD_ALLOWED);
    assert_int_equal(sup_download_license(d), f->lic_acme);
    assert_int_equal(sup_download_release(d), f->r30);
    assert_string_equal(sup_download_version(d), "3.0");
    assert_int_equal(sup_download_released(d), 20260301);
    assert_int_equal(sup_download_support_until(d), 20260715);
    assert_string_equal(sup_download_file_name(d), "rep-3.0.zip");
    assert_int_equal(sup_download_file_size(d), 1000);
    assert_string_equal(sup_download_file_sha256(d), SHA_A);
    char *s = NULL;
    assert_int_equal(sup_render_download_verdict(d, SUP_LANG_RU, &s), SUP_EINVAL);
    assert_null(s);
    sup_download_free(d);
}

static void a_release_after_support_ended_needs_a_renewal_and_says_why(void **state)
{
    pfx *f = *state;
    sup_download *d = decide(f, f->lic_acme, f->r31, 20261001);
    assert_int_equal(sup_download_verdict_of(d), SUP_DOWNLOAD_NEEDS_RENEWAL);
    assert_int_equal(sup_download_license(d), f->lic_acme);
    char *s = NULL;
    assert_int_equal(sup_render_download_verdict(d, SUP_LANG_RU, &s), SUP_OK);
    assert_string_equal(s, "Версия 3.1 вышла 01.09.2026, после окончания поддержки (15.07.2026): чтобы скачать её, "
                           "продлите поддержку.");
    sup_free(s);
    assert_int_equal(sup_render_download_verdict(d, SUP_LANG_EN, &s), SUP_OK);
    assert_string_equal(s, "Version 3.1 came out on 2026-09-01, after support ended (2026-07-15): renew support to "
                           "download it.");
    sup_free(s);
    sup_download_free(d);
    /* BETA's support runs through 2026-12-01: 3.1 is allowed there */
    d = decide(f, f->lic_beta, f->r31, 20261001);
    assert_int_equal(sup_download_verdict_of(d), SUP_DOWNLOAD_ALLOWED);
    sup_download_free(d);
    /* a release without a file */
    d = decide(f, f->lic_acme, f->r301, 20261001);
    assert_int_equal(sup_download_verdict_of(d), SUP_DOWNLOAD_NO_FILE);
    assert_null(sup_download_file_name(d));
    assert_null(sup_download_file_sha256(d));
    assert_int_equal(sup_render_download_verdict(d, SUP_LANG_RU, &s), SUP_OK);
    assert_string_equal(s, "Файл версии 3.0.1 ещё не загружен. Обратитесь в поддержку.");
    sup_free(s);
    sup_download_free(d);
}

/* Another product's release, a release not out yet and one that does not exist: one answer. */
static void a_release_that_is_not_yours_is_the_same_not_found_as_a_missing_one(void **state)
{
    pfx *f = *state;
    const sup_id cases[] = {f->r_other, f->r40, 999999, f->r40 + 1000};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sup_download *d = (sup_download *)1;
        assert_int_equal(sup_ledger_download_decide(f->l, &f->lic_acme, 1, cases[i], 20261001, &d), SUP_ENOTFOUND);
        assert_null(d);
        char want[64];
        snprintf(want, sizeof want, "release %lld is not available", (long long)cases[i]);
        assert_string_equal(sup_error_message(), want);
    }
    /* no licenses at all, an unknown license id, a license not owned yet on the date */
    sup_download *d = NULL;
    assert_int_equal(sup_ledger_download_decide(f->l, NULL, 0, f->r30, 20261001, &d), SUP_ENOTFOUND);
    const sup_id unknown = 424242;
    assert_int_equal(sup_ledger_download_decide(f->l, &unknown, 1, f->r30, 20261001, &d), SUP_ENOTFOUND);
    assert_int_equal(sup_ledger_download_decide(f->l, &f->lic_beta, 1, f->r30, 20260501, &d), SUP_ENOTFOUND);
    /* bad arguments */
    assert_int_equal(sup_ledger_download_decide(f->l, &f->lic_acme, 1, 0, 20261001, &d), SUP_ENOTFOUND);
    assert_string_equal(sup_error_message(), "release 0 is not available");
    assert_int_equal(sup_ledger_download_decide(f->l, &f->lic_acme, 1, f->r30, 20260230, &d), SUP_EDATE);
    assert_int_equal(sup_ledger_download_decide(f->l, NULL, 1, f->r30, 20261001, &d), SUP_EINVAL);
    assert_int_equal(sup_ledger_download_decide(f->l, &f->lic_acme, 1, f->r30, 20261001, NULL), SUP_EINVAL);
}

/* Of several licenses of the product one that allows the download wins; else the one whose support ends last. */
static void of_several_licenses_the_one_that_allows_it_is_chosen(void **state)
{
    pfx *f = *state;
    sup_id both[2] = {f->lic_acme, f->lic_beta};
    sup_download *d = NULL;
    assert_int_equal(sup_ledger_download_decide(f->l, both, 2, f->r31, 20261001, &d), SUP_OK);
    assert_int_equal(sup_download_verdict_of(d), SUP_DOWNLOAD_ALLOWED);
    assert_int_equal(sup_download_license(d), f->lic_beta);
    sup_download_free(d);
    /* on 2027-01-10 4.0 (2026-12-01) is after both ends: BETA's (2026-12-01) is later... and allowed: 4.0 is
     * dated on BETA's last day */
    assert_int_equal(sup_ledger_download_decide(f->l, both, 2, f->r40, 20270110, &d), SUP_OK);
    assert_int_equal(sup_download_verdict_of(d), SUP_DOWNLOAD_ALLOWED);
    assert_int_equal(sup_download_license(d), f->lic_beta);
    sup_download_free(d);
    sup_id rev[2] = {f->lic_beta, f->lic_acme};
    sup_id r41 = release_with_file(f->l, f->rep, "4.1", 20270105, "rep-4.1.zip", 1, SHA_A);
    assert_int_equal(sup_ledger_download_decide(f->l, rev, 2, r41, 20270110, &d), SUP_OK);
    assert_int_equal(sup_download_verdict_of(d), SUP_DOWNLOAD_NEEDS_RENEWAL);
    assert_int_equal(sup_download_license(d), f->lic_beta); /* its support ends last */
    assert_int_equal(sup_download_support_until(d), 20261201);
    sup_download_free(d);
}

static void an_allowed_download_is_recorded_and_a_refused_one_is_not(void **state)
{
    pfx *f = *state;
    assert_int_equal(sup_ledger_set_time(f->l, INT64_C(1790000000123)), SUP_OK);
    sup_id id = 0;
    assert_int_equal(sup_ledger_record_download(f->l, "portal", f->lic_acme, f->r30, 20261001, &id), SUP_OK);
    assert_true(id > 0);
    int before = audit_count(f->l);
    assert_int_equal(sup_ledger_record_download(f->l, "portal", f->lic_acme, f->r31, 20261001, NULL), SUP_ESTATE);
    assert_non_null(strstr(sup_error_message(), "needs_renewal"));
    assert_int_equal(sup_ledger_record_download(f->l, "portal", f->lic_acme, f->r301, 20261001, NULL), SUP_ESTATE);
    assert_int_equal(sup_ledger_record_download(f->l, "portal", f->lic_acme, f->r_other, 20261001, NULL),
                     SUP_ENOTFOUND);
    assert_int_equal(sup_ledger_record_download(f->l, "portal", 999, f->r30, 20261001, NULL), SUP_ENOTFOUND);
    assert_int_equal(sup_ledger_record_download(f->l, "", f->lic_acme, f->r30, 20261001, NULL), SUP_EINVAL);
    assert_int_equal(audit_count(f->l), before);
    sup_cursor *c = NULL;
    assert_int_equal(sup_ledger_list_license_downloads(f->l, f->lic_acme, &c), SUP_OK);
    assert_int_equal(sup_cursor_next(c), 1);
    assert_int_equal(sup_cursor_int64(c, SUP_DLCOL_DOWNLOAD), id);
    assert_int_equal(sup_cursor_int64(c, SUP_DLCOL_LICENSE), f->lic_acme);
    assert_int_equal(sup_cursor_int64(c, SUP_DLCOL_RELEASE), f->r30);
    assert_string_equal(sup_cursor_text(c, SUP_DLCOL_VERSION), "3.0");
    assert_int_equal(sup_cursor_date(c, SUP_DLCOL_ON), 20261001);
    assert_int_equal(sup_cursor_int64(c, SUP_DLCOL_AT), INT64_C(1790000000123));
    assert_int_equal(sup_cursor_column_type(c, SUP_DLCOL_AT), SUP_COLUMN_TIME);
    assert_string_equal(sup_cursor_text(c, SUP_DLCOL_ACTOR), "portal");
    assert_int_equal(sup_cursor_next(c), 0);
    sup_cursor_free(c);
    assert_int_equal(raw_int(f->t.path, "SELECT count(*) FROM download"), 1);
    assert_int_equal(sup_ledger_list_license_downloads(f->l, 999, &c), SUP_ENOTFOUND);
    /* download rows are history: append-only */
    assert_true(raw_exec(f->t.path, "UPDATE download SET on_date = 20260101") != 0);
    assert_true(raw_exec(f->t.path, "DELETE FROM release_file") != 0);
}

/* ---- license keys ---------------------------------------------------------------------------- */

static bool key_shaped(const char *k)
{
    if (strlen(k) != SUP_LICENSE_KEY_LEN)
        return false;
    for (int i = 0; i < SUP_LICENSE_KEY_LEN; i++) {
        if (i % 6 == 5) {
            if (k[i] != '-')
                return false;
        } else if (strchr("0123456789ABCDEFGHJKMNPQRSTVWXYZ", k[i]) == NULL || k[i] == '\0') {
            return false;
        }
    }
    return true;
}

static void a_key_is_issued_once_found_by_its_hash_and_never_stored(void **state)
{
    pfx *f = *state;
    assert_int_equal(sup_ledger_set_time(f->l, INT64_C(1790000000000)), SUP_OK);
    sup_license_key_info info = {SUP_LICENSE_KEY_INFO_VERSION, 1, 1, "x"};
    assert_int_equal(sup_ledger_license_key_info(f->l, f->lic_acme, &info), SUP_OK);
    assert_int_equal(info.has_key, 0);
    char *key = NULL;
    assert_int_equal(sup_ledger_ensure_license_key(f->l, ACTOR, f->lic_acme, &key), SUP_OK);
    assert_non_null(key);
    assert_true(key_shaped(key));
    /* ensure again: the license has one, nothing changes */
    char *again = (char *)"x";
    int audits = audit_count(f->l);
    assert_int_equal(sup_ledger_ensure_license_key(f->l, ACTOR, f->lic_acme, &again), SUP_OK);
    assert_null(again);
    assert_int_equal(audit_count(f->l), audits);
    assert_int_equal(sup_ledger_license_key_info(f->l, f->lic_acme, &info), SUP_OK);
    assert_int_equal(info.has_key, 1);
    assert_int_equal(info.issued_at, INT64_C(1790000000000));
    assert_string_equal(info.hint, key + 24);
    sup_id found = 0;
    assert_int_equal(sup_ledger_find_license_by_key(f->l, key, &found), SUP_OK);
    assert_int_equal(found, f->lic_acme);
    /* any letter case, without dashes, with spaces; Crockford's O and I/L */
    char typed[64];
    size_t o = 0;
    for (const char *p = key; *p != '\0'; p++)
        if (*p != '-')
            typed[o++] = (char)(*p >= 'A' && *p <= 'Z' ? *p - 'A' + 'a' : *p);
    typed[o] = '\0';
    found = 0;
    assert_int_equal(sup_ledger_find_license_by_key(f->l, typed, &found), SUP_OK);
    assert_int_equal(found, f->lic_acme);
    for (char *p = typed; *p != '\0'; p++) {
        if (*p == '0')
            *p = 'o';
        else if (*p == '1')
            *p = 'L';
    }
    assert_int_equal(sup_ledger_find_license_by_key(f->l, typed, &found), SUP_OK);
    /* only the hash is stored, and no audit detail holds the key */
    char hex[SUP_SHA256_HEX_BUFSIZE], sql[200];
    assert_int_equal(sup_sha256_hex(key, strlen(key), hex), SUP_OK);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM license_key WHERE key_hash = '%s' AND replaced = 0", hex);
    assert_int_equal(raw_int(f->t.path, sql), 1);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM audit WHERE detail LIKE '%%%.5s%%'", key);
    assert_int_equal(raw_int(f->t.path, sql), 0);
    snprintf(sql, sizeof sql, "SELECT count(*) FROM license_key WHERE key_hash LIKE '%%%.5s%%'", key + 6);
    assert_int_equal(raw_int(f->t.path, sql), 0);
    /* other licenses have their own keys */
    char *beta = NULL;
    assert_int_equal(sup_ledger_issue_license_key(f->l, ACTOR, f->lic_beta, &beta), SUP_OK);
    assert_string_not_equal(beta, key);
    assert_int_equal(sup_ledger_find_license_by_key(f->l, beta, &found), SUP_OK);
    assert_int_equal(found, f->lic_beta);
    sup_free(beta);
    sup_free(key);
}

static void a_replaced_key_stops_working_at_once(void **state)
{
    pfx *f = *state;
    char *old = NULL, *fresh = NULL;
    assert_int_equal(sup_ledger_issue_license_key(f->l, ACTOR, f->lic_acme, &old), SUP_OK);
    assert_int_equal(sup_ledger_issue_license_key(f->l, "customer", f->lic_acme, &fresh), SUP_OK);
    sup_id found = 0;
    assert_int_equal(sup_ledger_find_license_by_key(f->l, old, &found), SUP_ENOTFOUND);
    assert_string_equal(sup_error_message(), "no license has this key");
    assert_int_equal(sup_ledger_find_license_by_key(f->l, fresh, &found), SUP_OK);
    assert_int_equal(found, f->lic_acme);
    assert_int_equal(raw_int(f->t.path, "SELECT count(*) FROM license_key WHERE replaced = 1"), 1);
    /* the audit trail names the keys by id */
    sup_cursor *c = NULL;
    assert_int_equal(sup_ledger_list_audit(f->l, 0, &c), SUP_OK);
    const char *last = NULL;
    char detail[200] = "";
    while (sup_cursor_next(c) == 1)
        if (strcmp(sup_cursor_text(c, SUP_AUDCOL_ACTION), "issue_license_key") == 0) {
            last = "seen";
            snprintf(detail, sizeof detail, "%s", sup_cursor_text(c, SUP_AUDCOL_DETAIL));
            assert_int_equal(sup_cursor_int64(c, SUP_AUDCOL_LICENSE), f->lic_acme);
            assert_int_equal(sup_cursor_int64(c, SUP_AUDCOL_CUSTOMER), f->acme);
        }
    sup_cursor_free(c);
    assert_non_null(last);
    assert_non_null(strstr(detail, "; replaces="));
    /* keys are never deleted, and only ever marked replaced */
    assert_true(raw_exec(f->t.path, "DELETE FROM license_key") != 0);
    assert_true(raw_exec(f->t.path, "UPDATE license_key SET key_hash = 'x'") != 0);
    sup_free(old);
    sup_free(fresh);
}

static void a_wrong_or_malformed_key_finds_nothing_and_is_never_repeated(void **state)
{
    pfx *f = *state;
    char *key = NULL;
    assert_int_equal(sup_ledger_issue_license_key(f->l, ACTOR, f->lic_acme, &key), SUP_OK);
    char wrong[SUP_LICENSE_KEY_BUFSIZE];
    memcpy(wrong, key, sizeof wrong);
    wrong[0] = wrong[0] == 'A' ? 'B' : 'A';
    const char *cases[] = {wrong, "", "x", "UUUUU-UUUUU-UUUUU-UUUUU-UUUUU", "' OR 1=1 --",
                           "AAAAA-AAAAA-AAAAA-AAAAA-AAAAA-AAAAA", "AAAAA-AAAAA-AAAAA-AAAAA-AAAA\xd0"};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        sup_id found = 7;
        assert_int_equal(sup_ledger_find_license_by_key(f->l, cases[i], &found), SUP_ENOTFOUND);
        assert_int_equal(found, 0);
        assert_string_equal(sup_error_message(), "no license has this key");
    }
    sup_id found = 0;
    assert_int_equal(sup_ledger_find_license_by_key(f->l, NULL, &found), SUP_ENOTFOUND);
    sup_free(key);
    assert_int_equal(sup_ledger_issue_license_key(f->l, ACTOR, 999, &key), SUP_ENOTFOUND);
    assert_null(key);
}

/* ---- the update check -------------------------------------------------------------------------- */

static char *update_json(pfx *f, const char *key, const char *version, sup_date on)
{
    sup_update *u = NULL;
    if (sup_ledger_update_check(f->l, key, version, on, &u) != SUP_OK)
        fail_msg("update check: %s", sup_error_message());
    char *json = NULL;
    assert_int_equal(sup_update_json(u, "https://portal.example.ru/", SUP_LANG_RU, &json), SUP_OK);
    sup_update_free(u);
    return json;
}

#define assert_has(hay, needle)                                                                               \
    do {                                                                                                      \
        if (strstr((hay), (needle)) == NULL)                                                                  \
            fail_msg("expected\n  %s\nin\n%s", (needle), (hay));                                              \
    } while (0)

static void the_update_check_tells_the_latest_allowed_release_and_what_needs_a_renewal(void **state)
{
    pfx *f = *state;
    char *key = NULL;
    assert_int_equal(sup_ledger_issue_license_key(f->l, ACTOR, f->lic_acme, &key), SUP_OK);
    sup_update *u = NULL;
    assert_int_equal(sup_ledger_update_check(f->l, key, "3.0", 20261001, &u), SUP_OK);
    assert_int_equal(sup_update_license(u), f->lic_acme);
    assert_int_equal(sup_update_version_known(u), 1);
    assert_int_equal(sup_update_latest_release(u), f->r301); /* allowed (no file) and dated after 3.0 */
    assert_string_equal(sup_update_latest_version(u), "3.0.1");
    assert_int_equal(sup_update_available(u), 1);
    assert_int_equal(sup_update_needs_renewal_count(u), 1); /* 3.1 */
    assert_int_equal(sup_offer_kind_of(sup_update_offer(u)), SUP_OFFER_RENEWAL);
    sup_update_free(u);

    char *json = update_json(f, key, "3.0.1", 20261001);
    char want[600];
    snprintf(want, sizeof want, "{\"license\": %lld, \"on\": \"2026-10-01\", \"status\": {\"state\": \"lapsed\", "
                                "\"label\": \"поддержка закончилась\", \"support_until\": \"2026-07-15\", "
                                "\"preferential_until\": \"2026-08-15\"}, \"installed\": {\"version\": \"3.0.1\", "
                                "\"known\": true}, \"update_available\": false, \"latest\": {\"release\": %lld, "
                                "\"version\": \"3.0.1\", \"released\": \"2026-03-05\", \"file\": null}, "
                                "\"needs_renewal\": [{\"release\": %lld, \"version\": \"3.1\", \"released\": "
                                "\"2026-09-01\"}], \"offer\": {\"kind\": \"renewal\", \"quote_kind\": \"standard\"",
             (long long)f->lic_acme, (long long)f->r301, (long long)f->r31);
    assert_has(json, want);
    assert_has(json, "\"fee\": 359600, \"fee_rub\": \"3596.00\", \"fee_text\": \"3\u00a0596 руб.\"");
    assert_has(json, "\"valid_through\": \"9999-12-31\", \"valid_text\": \"без ограничения срока, пока не "
                     "изменятся цена продукта или условия продления\"");
    snprintf(want, sizeof want, "\"renew_url\": \"https://portal.example.ru/license/%lld\"}}\n", (long long)f->lic_acme);
    assert_has(json, want);
    sup_free(json);

    /* BETA is supported: 3.1 is the latest it may install, with its file and link */
    char *bkey = NULL;
    assert_int_equal(sup_ledger_issue_license_key(f->l, ACTOR, f->lic_beta, &bkey), SUP_OK);
    json = update_json(f, bkey, "3.0", 20261001);
    snprintf(want, sizeof want, "\"update_available\": true, \"latest\": {\"release\": %lld, \"version\": \"3.1\", "
                                "\"released\": \"2026-09-01\", \"file\": {\"name\": \"rep-3.1.zip\", \"size\": 2000, "
                                "\"sha256\": \"" SHA_B "\", \"url\": \"https://portal.example.ru/download/%lld\"}}, "
                                "\"needs_renewal\": []",
             (long long)f->r31, (long long)f->r31);
    assert_has(json, want);
    assert_has(json, "\"quote_kind\": \"preferential\"");
    sup_free(json);
    /* a version the ledger does not know: every release counts as newer */
    json = update_json(f, bkey, "2.9-beta \"quoted\"", 20261001);
    assert_has(json, "\"installed\": {\"version\": \"2.9-beta \\\"quoted\\\"\", \"known\": false}");
    assert_has(json, "\"update_available\": true");
    sup_free(json);
    sup_free(bkey);
    sup_free(key);
}

static void the_update_check_refuses_a_wrong_key_and_a_bad_version(void **state)
{
    pfx *f = *state;
    char *key = NULL;
    assert_int_equal(sup_ledger_issue_license_key(f->l, ACTOR, f->lic_beta, &key), SUP_OK);
    sup_update *u = (sup_update *)1;
    assert_int_equal(sup_ledger_update_check(f->l, "AAAAA-AAAAA-AAAAA-AAAAA-AAAAA", "3.0", 20261001, &u),
                     SUP_ENOTFOUND);
    assert_null(u);
    assert_string_equal(sup_error_message(), "no license has this key");
    assert_int_equal(sup_ledger_update_check(f->l, key, "", 20261001, &u), SUP_EINVAL);
    assert_int_equal(sup_ledger_update_check(f->l, key, "3.0\n", 20261001, &u), SUP_EINVAL);
    assert_int_equal(sup_ledger_update_check(f->l, key, "3.0", 20261301, &u), SUP_EDATE);
    /* before the purchase the key is no one's */
    assert_int_equal(sup_ledger_update_check(f->l, key, "3.0", 20260501, &u), SUP_ENOTFOUND);
    assert_int_equal(sup_ledger_update_check(f->l, key, "3.0", 20261001, &u), SUP_OK);
    char *json = NULL;
    assert_int_equal(sup_update_json(u, "ftp://x", SUP_LANG_RU, &json), SUP_EINVAL);
    assert_int_equal(sup_update_json(u, "https://x\"y", SUP_LANG_RU, &json), SUP_EINVAL);
    assert_int_equal(sup_update_json(u, "https://x", (sup_lang)9, &json), SUP_EINVAL);
    assert_null(json);
    assert_int_equal(sup_update_json(u, "http://127.0.0.1:8080", SUP_LANG_EN, &json), SUP_OK);
    assert_has(json, "\"label\": \"support active\"");
    sup_free(json);
    sup_update_free(u);
    sup_free(key);
}

/* ---- sign-in requests --------------------------------------------------------------------------- */

static const char BROWSER[] = "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";

static sup_signin_outcome request(pfx *f, const char *address, const char *client, int64_t now, int64_t *until)
{
    sup_signin *s = NULL;
    if (sup_ledger_signin_request(f->l, NULL, address, client, BROWSER, now, &s) != SUP_OK)
        fail_msg("signin_request: %s", sup_error_message());
    sup_signin_outcome o = sup_signin_outcome_of(s);
    if (until != NULL)
        *until = sup_signin_until(s);
    if (o != SUP_SIGNIN_SENT) {
        assert_null(sup_signin_token(s));
        assert_null(sup_signin_code(s));
    }
    assert_string_equal(sup_signin_address(s), address);
    sup_signin_free(s);
    return o;
}

#define T0 INT64_C(1790000000000)
#define MIN INT64_C(60000)

static void sign_in_requests_are_limited_per_address_and_per_client(void **state)
{
    pfx *f = *state;
    int64_t until = 0;
    /* 5 per address within 60 minutes (the defaults), also for an address no customer has */
    for (int i = 0; i < 5; i++)
        assert_int_equal(request(f, "nobody@example.ru", "10.0.0.1", T0 + i * MIN, &until), SUP_SIGNIN_NO_CUSTOMER);
    assert_int_equal(until, T0 + 4 * MIN + 30 * MIN);
    /* the same mailbox in another case of the domain counts too */
    assert_int_equal(request(f, "nobody@EXAMPLE.ru", "10.0.0.2", T0 + 10 * MIN, &until), SUP_SIGNIN_LIMIT_ADDRESS);
    assert_int_equal(until, T0 + 60 * MIN); /* the oldest leaves the window */
    int rows = (int)raw_int(f->t.path, "SELECT count(*) FROM signin_request");
    assert_int_equal(rows, 5);
    /* another mailbox (the local part is exact) */
    assert_int_equal(request(f, "Nobody@example.ru", "10.0.0.2", T0 + 10 * MIN, NULL), SUP_SIGNIN_NO_CUSTOMER);
    /* after the window the address may ask again */
    assert_int_equal(request(f, "nobody@example.ru", "10.0.0.3", T0 + 60 * MIN + 1, NULL), SUP_SIGNIN_NO_CUSTOMER);
    /* 20 per client */
    for (int i = 0; i < 19; i++) {
        char a[64];
        snprintf(a, sizeof a, "user%d@example.ru", i);
        int64_t t = T0 + 100 * MIN + i;
        assert_int_equal(request(f, a, "192.0.2.7", t, NULL), SUP_SIGNIN_NO_CUSTOMER);
    }
    assert_int_equal(request(f, "last@example.ru", "192.0.2.7", T0 + 100 * MIN + 50, NULL), SUP_SIGNIN_NO_CUSTOMER);
    assert_int_equal(request(f, "later@example.ru", "192.0.2.7", T0 + 100 * MIN + 60, &until), SUP_SIGNIN_LIMIT_CLIENT);
    assert_int_equal(until, T0 + 160 * MIN);
    assert_int_equal(request(f, "later@example.ru", "192.0.2.8", T0 + 100 * MIN + 60, NULL), SUP_SIGNIN_NO_CUSTOMER);
    /* neither the address's nor the client's text is stored as is, and a limited request writes nothing */
    assert_int_equal(raw_int(f->t.path, "SELECT count(*) FROM signin_request WHERE client_hash LIKE '%192%'"), 0);
    assert_int_equal(raw_int(f->t.path, "SELECT count(*) FROM signin_request WHERE token_hash IS NOT NULL"), 0);
    assert_int_equal(raw_int(f->t.path, "SELECT count(*) FROM audit WHERE action = 'signin_request'"),
                     raw_int(f->t.path, "SELECT count(*) FROM signin_request"));
}

static void sign_in_rules_have_defaults_and_ranges(void **state)
{
    pfx *f = *state;
    sup_portal_rules r;
    assert_int_equal(sup_portal_rules_init(&r, SUP_PORTAL_RULES_VERSION), SUP_OK);
    assert_int_equal(r.link_minutes, 30);
    assert_int_equal(r.code_attempts, 5);
    assert_int_equal(r.session_minutes, 720);
    assert_int_equal(r.window_minutes, 60);
    assert_int_equal(r.per_address, 5);
    assert_int_equal(r.per_client, 20);
    assert_int_equal(sup_portal_rules_check(&r), SUP_OK);
    r.per_address = 1;
    sup_signin *s = NULL;
    assert_int_equal(sup_ledger_signin_request(f->l, &r, "a@example.ru", "c", BROWSER, T0, &s), SUP_OK);
    assert_int_equal(sup_signin_outcome_of(s), SUP_SIGNIN_NO_CUSTOMER);
    assert_int_equal(sup_signin_link_minutes(s), 30);
    sup_signin_free(s);
    assert_int_equal(sup_ledger_signin_request(f->l, &r, "a@example.ru", "c", BROWSER, T0 + 1, &s), SUP_OK);
    assert_int_equal(sup_signin_outcome_of(s), SUP_SIGNIN_LIMIT_ADDRESS);
    sup_signin_free(s);
    r.link_minutes = 0;
    assert_int_equal(sup_portal_rules_check(&r), SUP_ERANGE);
    assert_string_equal(sup_error_message(), "portal rule link_minutes = 0 is outside 1 … 1440");
    assert_int_equal(sup_ledger_signin_request(f->l, &r, "b@example.ru", "c", BROWSER, T0, &s), SUP_ERANGE);
    assert_null(s);
    r.link_minutes = 30;
    r.session_minutes = 43201;
    assert_int_equal(sup_portal_rules_check(&r), SUP_ERANGE);
    r.version = 2;
    assert_int_equal(sup_portal_rules_check(&r), SUP_EINVAL);
    assert_int_equal(sup_portal_rules_init(&r, 2), SUP_EINVAL);
    /* bad arguments */
    assert_int_equal(sup_ledger_signin_request(f->l, NULL, "not an address", "c", BROWSER, T0, &s), SUP_EPARSE);
    assert_int_equal(sup_ledger_signin_request(f->l, NULL, "a@example.ru", "", BROWSER, T0, &s), SUP_EINVAL);
    assert_int_equal(sup_ledger_signin_request(f->l, NULL, "a@example.ru", "c\n", BROWSER, T0, &s), SUP_EINVAL);
    assert_int_equal(sup_ledger_signin_request(f->l, NULL, "a@example.ru", "c", "short", T0, &s), SUP_EINVAL);
    assert_int_equal(sup_ledger_signin_request(f->l, NULL, "a@example.ru", "c", BROWSER, 0, &s), SUP_ERANGE);
    assert_null(s);
}

static void an_unknown_link_code_or_session_signs_no_one_in(void **state)
{
    pfx *f = *state;
    sup_signin_result r = SUP_SIGNIN_OK;
    sup_session *s = (sup_session *)1;
    assert_int_equal(sup_ledger_signin_link(f->l, NULL, BROWSER, T0, &r, &s), SUP_OK);
    assert_int_equal(r, SUP_SIGNIN_UNKNOWN);
    assert_null(s);
    assert_int_equal(sup_ledger_signin_link(f->l, NULL, "../../etc/passwd", T0, &r, &s), SUP_OK);
    assert_int_equal(r, SUP_SIGNIN_UNKNOWN);
    assert_int_equal(sup_ledger_signin_link(f->l, NULL, NULL, T0, &r, &s), SUP_OK);
    assert_int_equal(r, SUP_SIGNIN_UNKNOWN);
    int left = 9;
    assert_int_equal(sup_ledger_signin_code(f->l, NULL, BROWSER, "123456", T0, &r, &left, &s), SUP_OK);
    assert_int_equal(r, SUP_SIGNIN_UNKNOWN);
    assert_int_equal(left, 0);
    assert_null(s);
    assert_int_equal(sup_ledger_session_open(f->l, BROWSER, T0, &s), SUP_ENOTFOUND);
    assert_string_equal(sup_error_message(), "no such session");
    assert_null(s);
    assert_int_equal(sup_ledger_session_open(f->l, "x", T0, &s), SUP_ENOTFOUND);
    assert_int_equal(sup_ledger_session_end(f->l, BROWSER, T0), SUP_OK);
    assert_int_equal(sup_ledger_session_end(f->l, "x", T0), SUP_OK);
    assert_string_equal(sup_signin_result_name((sup_signin_result)99), "");
    assert_string_equal(sup_signin_result_name(SUP_SIGNIN_WRONG_CODE), "wrong_code");
    assert_string_equal(sup_signin_outcome_name(SUP_SIGNIN_LIMIT_CLIENT), "limit_client");
    assert_string_equal(sup_download_verdict_name(SUP_DOWNLOAD_NEEDS_RENEWAL), "needs_renewal");
}

static void expired_sign_in_state_is_purged(void **state)
{
    pfx *f = *state;
    for (int i = 0; i < 3; i++)
        assert_int_equal(request(f, "old@example.ru", "c", T0 + i, NULL), SUP_SIGNIN_NO_CUSTOMER);
    int64_t removed = -1;
    int audits = audit_count(f->l);
    assert_int_equal(sup_ledger_portal_purge(f->l, ACTOR, NULL, T0 + 30 * MIN, &removed), SUP_OK);
    assert_int_equal(removed, 0); /* still within the window: they count towards the limit */
    assert_int_equal(audit_count(f->l), audits);
    assert_int_equal(sup_ledger_portal_purge(f->l, ACTOR, NULL, T0 + 61 * MIN, &removed), SUP_OK);
    assert_int_equal(removed, 3);
    assert_int_equal(raw_int(f->t.path, "SELECT count(*) FROM signin_request"), 0);
    assert_int_equal(audit_count(f->l), audits + 1);
    assert_int_equal(sup_ledger_portal_purge(f->l, "", NULL, T0, NULL), SUP_EINVAL);
    assert_int_equal(sup_ledger_portal_purge(f->l, ACTOR, NULL, 0, NULL), SUP_ERANGE);
}

/* The schema of the portal's tables is what the library wrote, and the ledger copies with them. */
static void the_portal_tables_pass_the_check(void **state)
{
    pfx *f = *state;
    char *key = NULL;
    assert_int_equal(sup_ledger_issue_license_key(f->l, ACTOR, f->lic_acme, &key), SUP_OK);
    sup_free(key);
    assert_int_equal(sup_ledger_record_download(f->l, "portal", f->lic_acme, f->r30, 20261001, NULL), SUP_OK);
    assert_int_equal(request(f, "x@example.ru", "c", T0, NULL), SUP_SIGNIN_NO_CUSTOMER);
    if (sup_ledger_check(f->l) != SUP_OK)
        fail_msg("check: %s", sup_error_message());
}

/* The website's role on PostgreSQL reads everything and writes only what the portal writes; SQLite shares
 * the ledger through file permissions instead. */
static void the_portal_role_writes_only_what_the_portal_writes(void **state)
{
    pfx *f = *state;
    if (!test_on_pg()) {
        assert_int_equal(sup_ledger_grant_portal(f->l, "web"), SUP_ENOTAPPLICABLE);
        return;
    }
    char role[80], uri[2400];
    snprintf(role, sizeof role, "portal_%.60s", f->t.pg.schema + 6);
    assert_int_equal(sup_ledger_grant_portal(f->l, role), SUP_OK);
    assert_int_equal(sup_ledger_grant_portal(f->l, role), SUP_OK); /* again: nothing new */
    const char *at = strchr(f->t.path, '@');
    assert_non_null(at);
    snprintf(uri, sizeof uri, "postgresql://%s%s", role, at);
    sup_ledger *web = NULL;
    if (sup_ledger_open(uri, 0, &web) != SUP_OK) /* may write: not refused as read-only */
        fail_msg("open as %s: %s", role, sup_error_message());
    assert_int_equal(sup_ledger_set_time(web, T0), SUP_OK);
    char *key = NULL;
    assert_int_equal(sup_ledger_ensure_license_key(web, "portal", f->lic_acme, &key), SUP_OK);
    assert_non_null(key);
    sup_free(key);
    assert_int_equal(sup_ledger_issue_license_key(web, "portal", f->lic_acme, &key), SUP_OK); /* replaces: UPDATE */
    sup_free(key);
    assert_int_equal(sup_ledger_record_download(web, "portal", f->lic_acme, f->r30, 20261001, NULL), SUP_OK);
    sup_signin *s = NULL;
    assert_int_equal(sup_ledger_signin_request(web, NULL, "x@example.ru", "c", BROWSER, T0, &s), SUP_OK);
    sup_signin_free(s);
    assert_int_equal(sup_ledger_session_end(web, BROWSER, T0), SUP_OK);
    /* but nothing else */
    int rc = sup_ledger_add_customer(web, ACTOR, "INTRUDER", "x", NULL);
    assert_int_not_equal(rc, SUP_OK);
    assert_int_equal(sup_result_family(rc), SUP_FAMILY_STORAGE);
    sup_quote *q = NULL;
    assert_int_equal(sup_quote_new(&q), SUP_OK);
    assert_int_equal(sup_ledger_quote_renewal(web, f->lic_acme, 20261001, q), SUP_OK);
    assert_int_not_equal(sup_ledger_renew(web, ACTOR, "pay-x", f->lic_acme, 20261001, sup_quote_fee(q), q), SUP_OK);
    sup_quote_free(q);
    sup_ledger_close(web);
    assert_int_equal(raw_int(f->t.path, "SELECT count(*) FROM customer WHERE code = 'INTRUDER'"), 0);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
        T(a_release_is_recorded_with_its_file_and_listed_with_it),
        T(a_bad_release_file_is_refused_and_nothing_is_written),
        T(a_release_within_support_is_allowed_with_its_file),
        T(a_release_after_support_ended_needs_a_renewal_and_says_why),
        T(a_release_that_is_not_yours_is_the_same_not_found_as_a_missing_one),
        T(of_several_licenses_the_one_that_allows_it_is_chosen),
        T(an_allowed_download_is_recorded_and_a_refused_one_is_not),
        T(a_key_is_issued_once_found_by_its_hash_and_never_stored),
        T(a_replaced_key_stops_working_at_once),
        T(a_wrong_or_malformed_key_finds_nothing_and_is_never_repeated),
        T(the_update_check_tells_the_latest_allowed_release_and_what_needs_a_renewal),
        T(the_update_check_refuses_a_wrong_key_and_a_bad_version),
        T(sign_in_requests_are_limited_per_address_and_per_client),
        T(sign_in_rules_have_defaults_and_ranges),
        T(an_unknown_link_code_or_session_signs_no_one_in),
        T(the_portal_tables_pass_the_check),
        T(expired_sign_in_state_is_purged),
        T(the_portal_role_writes_only_what_the_portal_writes),
#undef T
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
