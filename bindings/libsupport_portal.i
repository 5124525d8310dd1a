/*
 * libsupport_portal.i — the customer portal (libsupport/portal.h), included by
 * libsupport.i: the configuration file, release files and guarded downloads,
 * license keys, the update check, sign-in and sessions, CSRF tokens and the
 * portal's words. Classes PortalConfig, Download, Update, Signin,
 * SigninAnswer, Session; methods of Ledger (included before libsupport_ledger.i:
 * SWIG emits the Ledger's extensions with its declaration, after the types here). Every decision is the library's:
 * the glue converts values only.
 */

%{
/* A phrase the library allocated (rc: its call's result); NULL and the error pending on failure. */
static char *supb_portal_phrase(int rc, char *s)
{
    if (supb_failed(rc)) {
        sup_free(s);
        return NULL;
    }
    return s;
}

#define supb_portal_config sup_portal_config
#define supb_download sup_download
#define supb_update sup_update
#define supb_signin sup_signin
#define supb_session sup_session

/* What a sign-in with a link or a code answered: the result, and the new session (handed over once). */
typedef struct supb_signin_answer {
    sup_signin_result result;
    int attempts_left;
    sup_session *session;
} supb_signin_answer;

static supb_portal_config *supf_portal_config_parse(const char *text)
{
    sup_portal_config *c = NULL;
    if (text == NULL) {
        supb_fail_msg(SUP_EINVAL, "portal_config_parse: no text");
        return NULL;
    }
    if (supb_failed(sup_portal_config_parse(text, strlen(text), &c)))
        return NULL;
    return supb_born(SUPB_C_PORTAL_CONFIG, c);
}

/* Tokens fit a supb_text (SUP_PORTAL_TOKEN_BUFSIZE <= SUP_MONEY_BUFSIZE). */
static supb_text supf_portal_new_token(void)
{
    supb_text t = {""};
    (void)supb_failed(sup_portal_new_token(t.s));
    return t;
}

static supb_text supf_portal_csrf_token(const char *secret)
{
    supb_text t = {""};
    (void)supb_failed(sup_portal_csrf_token(secret, t.s));
    return t;
}

static bool supf_portal_csrf_check(const char *secret, const char *given)
{
    return sup_portal_csrf_check(secret, given) == 1;
}

static char *supf_render_portal(sup_portal_phrase phrase, long long n, sup_lang lang)
{
    char *s = NULL;
    int rc = sup_render_portal(phrase, (int64_t)n, lang, &s);
    return supb_portal_phrase(rc, s);
}

static char *supf_render_download_verdict(const supb_download *d, sup_lang lang)
{
    char *s = NULL;
    int rc = sup_render_download_verdict(d, lang, &s);
    return supb_portal_phrase(rc, s);
}

static supb_list *supf_sha256_file(const char *path)
{
    static const char *const names[] = {"size", "sha256"};
    int64_t size = 0;
    char hex[SUP_SHA256_HEX_BUFSIZE];
    if (supb_failed(sup_sha256_file(path, &size, hex)))
        return NULL;
    supb_list *l = supb_list_new(1);
    if (l != NULL) {
        supb_row_begin_dyn(l, "FileDigest", 2, names);
        supb_row_int(l, size);
        supb_row_str(l, hex);
        supb_row_end(l);
    }
    return l;
}

/* The sign-in e-mail of a request, with the configuration's sender and address. */
static char *supg_signin_mail(const supb_signin *s, const supb_portal_config *c, long long date, int utc_offset,
                              sup_lang lang)
{
    sup_signin_mail_options o;
    if (supb_failed(sup_signin_mail_options_init(&o, SUP_SIGNIN_MAIL_OPTIONS_VERSION)))
        return NULL;
    const char *reply = sup_portal_config_text(c, "mail", "reply_to");
    sup_mail_address reply_to = {reply, NULL};
    const char *name = sup_portal_config_text(c, "mail", "from_name");
    o.base_url = sup_portal_config_text(c, "portal", "base_url");
    o.from.address = sup_portal_config_text(c, "mail", "from");
    o.from.name = name != NULL && name[0] != '\0' ? name : NULL;
    o.reply_to = reply != NULL && reply[0] != '\0' ? &reply_to : NULL;
    o.lang = lang;
    o.date = (int64_t)date;
    o.utc_offset_minutes = utc_offset;
    o.message_id_domain = sup_portal_config_text(c, "mail", "message_id_domain");
    char *out = NULL;
    if (supb_failed(sup_signin_mail(s, &o, &out)))
        return NULL;
    return out;
}

static int supb_rules_of(const supb_portal_config *c, sup_portal_rules *r)
{
    r->version = SUP_PORTAL_RULES_VERSION;
    if (c == NULL)
        return sup_portal_rules_init(r, SUP_PORTAL_RULES_VERSION);
    return sup_portal_config_rules(c, r);
}

static supb_signin_answer *supb_answer(int rc, sup_signin_result result, int left, sup_session *s)
{
    if (supb_failed(rc)) {
        sup_session_free(s);
        return NULL;
    }
    supb_signin_answer *a = calloc(1, sizeof *a);
    if (a == NULL) {
        sup_session_free(s);
        supb_fail_msg(SUP_ENOMEM, "out of memory answering a sign-in");
        return NULL;
    }
    a->result = result;
    a->attempts_left = left;
    a->session = s;
    return supb_born(SUPB_C_SIGNIN_ANSWER, a);
}

static bool supg_session_has_license(const supb_session *s, sup_id license)
{
    return sup_session_has_license(s, license) == 1;
}
static bool supg_signin_known(const supb_update *u) { return sup_update_version_known(u) == 1; }
static bool supg_update_available(const supb_update *u) { return sup_update_available(u) == 1; }
static int supg_update_needs(const supb_update *u) { return (int)sup_update_needs_renewal_count(u); }
%}

%rename(PortalConfig) supb_portal_config;
%rename(Download) supb_download;
%rename(Update) supb_update;
%rename(Signin) supb_signin;
%rename(SigninAnswer) supb_signin_answer;
%rename(Session) supb_session;
%nodefaultctor;
%nodefaultdtor;
struct supb_portal_config {};
struct supb_download {};
struct supb_update {};
struct supb_signin {};
struct supb_signin_answer {};
struct supb_session {};
typedef struct supb_portal_config supb_portal_config;
typedef struct supb_download supb_download;
typedef struct supb_update supb_update;
typedef struct supb_signin supb_signin;
typedef struct supb_signin_answer supb_signin_answer;
typedef struct supb_session supb_session;
%clearnodefaultctor;
%clearnodefaultdtor;

/* ---- module functions ------------------------------------------------------------ */
%rename(portal_config_parse) supf_portal_config_parse;
%rename(portal_new_token) supf_portal_new_token;
%rename(portal_csrf_token) supf_portal_csrf_token;
%rename(portal_csrf_check) supf_portal_csrf_check;
%rename(render_portal) supf_render_portal;
%rename(render_download_verdict) supf_render_download_verdict;
%rename(sha256_file) supf_sha256_file;
%newobject supf_portal_config_parse;
%newobject supf_render_portal;
%newobject supf_render_download_verdict;
SUPB_DOC(supf_portal_config_parse, "portal_config_parse(text) -> PortalConfig: the portal's configuration from text\n"
         "(PortalConfig(path) reads a file).")
SUPB_DOC(supf_portal_new_token, "portal_new_token() -> str: a random token (43 characters of base64url).")
SUPB_DOC(supf_portal_csrf_token, "portal_csrf_token(secret) -> str: the CSRF token of the forms shown to the holder\n"
         "of a session or browser token.")
SUPB_DOC(supf_portal_csrf_check, "portal_csrf_check(secret, given) -> bool: given is secret's CSRF token (constant\n"
         "time; False for anything malformed).")
SUPB_DOC(supf_render_portal, "render_portal(phrase, n=0, lang=Lang.RU) -> str: a sentence of the portal (PortalPhrase).")
SUPB_DOC(supf_render_download_verdict, "render_download_verdict(download, lang=Lang.RU) -> str: why a download is refused.")
SUPB_DOC(supf_sha256_file, "sha256_file(path) -> FileDigest(size, sha256): a file's size and SHA-256 (hex).")
supb_portal_config *supf_portal_config_parse(const char *text);
supb_text supf_portal_new_token(void);
supb_text supf_portal_csrf_token(const char *secret);
bool supf_portal_csrf_check(const char *secret, const char *given);
char *supf_render_portal(sup_portal_phrase phrase, long long n = 0, sup_lang lang = 0);
char *supf_render_download_verdict(const supb_download *download, sup_lang lang = 0);
supb_list *supf_sha256_file(const char *path);

/* ---- PortalConfig --------------------------------------------------------------------- */
SUPB_DOC(supb_portal_config, "PortalConfig(path): the portal's configuration file, checked (docs/portal.md).")
%extend supb_portal_config {
    supb_portal_config(const char *path)
    {
        sup_portal_config *c = NULL;
        if (supb_failed(sup_portal_config_load(path, &c)))
            return NULL;
        return supb_born(SUPB_C_PORTAL_CONFIG, c);
    }
    ~supb_portal_config()
    {
        supb_died(SUPB_C_PORTAL_CONFIG, $self);
        sup_portal_config_free($self);
    }
    /* text(section, key) -> str; None for a key the portal does not have */
    const char *text(const char *section, const char *key) { return sup_portal_config_text($self, section, key); }
    /* number(section, key) -> int (a flag is 1/0); -1 for a key that is not a number */
    long long number(const char *section, const char *key)
    {
        return (long long)sup_portal_config_number($self, section, key);
    }
}

/* ---- Download ------------------------------------------------------------------------------- */
SUPB_DOC(supb_download, "The answer to a download request (Ledger.download_decide): the verdict, the license it\n"
         "is about, the release and its file.")
%extend supb_download {
    ~supb_download()
    {
        supb_died(SUPB_C_DOWNLOAD, $self);
        sup_download_free($self);
    }
    const char *verdict_name() { return sup_download_verdict_name(sup_download_verdict_of($self)); }
}
SUPB_FIELD(supb_download, sup_download_verdict, verdict, sup_download_verdict_of, "DownloadVerdict.")
SUPB_FIELD(supb_download, sup_id, license, sup_download_license, "The license the answer is about.")
SUPB_FIELD(supb_download, sup_id, release, sup_download_release, "The release.")
SUPB_FIELD(supb_download, const char *, version, sup_download_version, "The release's version.")
SUPB_FIELD(supb_download, sup_date, released, sup_download_released, "The release's date.")
SUPB_FIELD(supb_download, sup_date, support_until, sup_download_support_until, "The license's support end.")
SUPB_FIELD(supb_download, sup_license_kind, license_kind, sup_download_license_kind, "The license's kind.")
SUPB_FIELD(supb_download, const char *, file_name, sup_download_file_name, "The file's name, or None.")
SUPB_FIELD(supb_download, long long, file_size, sup_download_file_size, "The file's size in bytes.")
SUPB_FIELD(supb_download, const char *, file_sha256, sup_download_file_sha256, "The file's SHA-256, or None.")

/* ---- Update ----------------------------------------------------------------------------------- */
SUPB_DOC(supb_update, "The update check's answer (Ledger.update_check); json(base_url) is the API's document.")
%newobject supb_update::json;
%extend supb_update {
    ~supb_update()
    {
        supb_died(SUPB_C_UPDATE, $self);
        sup_update_free($self);
    }
    char *json(const char *base_url, sup_lang lang = 0)
    {
        char *s = NULL;
        int rc = sup_update_json($self, base_url, lang, &s);
        return supb_portal_phrase(rc, s);
    }
}
SUPB_FIELD(supb_update, sup_id, license, sup_update_license, "The key's license.")
SUPB_FIELD(supb_update, bool, version_known, supg_signin_known, "The installed version is a release of the product.")
SUPB_FIELD(supb_update, sup_id, latest_release, sup_update_latest_release, "The latest allowed release, or 0.")
SUPB_FIELD(supb_update, const char *, latest_version, sup_update_latest_version, "Its version, or None.")
SUPB_FIELD(supb_update, bool, available, supg_update_available, "The latest allowed release is newer.")
SUPB_FIELD(supb_update, int, needs_renewal_count, supg_update_needs, "Newer releases that need a renewal.")

/* ---- Signin ------------------------------------------------------------------------------------ */
SUPB_DOC(supb_signin, "A sign-in request's answer (Ledger.signin_request): the outcome, and for SENT the link's\n"
         "token and the code to e-mail (mail()).")
%newobject supb_signin::mail;
%extend supb_signin {
    ~supb_signin()
    {
        supb_died(SUPB_C_SIGNIN, $self);
        sup_signin_free($self);
    }
    const char *outcome_name() { return sup_signin_outcome_name(sup_signin_outcome_of($self)); }
    /* mail(config, date, utc_offset_minutes=180, lang=Lang.RU) -> str: the MIME message to send */
    char *mail(const supb_portal_config *config, long long date, int utc_offset_minutes = 180, sup_lang lang = 0)
    {
        if (config == NULL) {
            supb_fail_msg(SUP_EINVAL, "mail: no configuration");
            return NULL;
        }
        return supg_signin_mail($self, config, date, utc_offset_minutes, lang);
    }
}
SUPB_FIELD(supb_signin, sup_signin_outcome, outcome, sup_signin_outcome_of, "SigninOutcome.")
SUPB_FIELD(supb_signin, const char *, address, sup_signin_address, "The address as given.")
SUPB_FIELD(supb_signin, const char *, token, sup_signin_token, "SENT: the link's token, else None.")
SUPB_FIELD(supb_signin, const char *, code, sup_signin_code, "SENT: the code, else None.")
SUPB_FIELD(supb_signin, long long, until, sup_signin_until, "SENT: when the link expires; a limit: when to retry (ms).")
SUPB_FIELD(supb_signin, int, link_minutes, sup_signin_link_minutes, "How long a link holds (minutes).")

/* ---- SigninAnswer --------------------------------------------------------------------------------- */
SUPB_DOC(supb_signin_answer, "What a sign-in link or code answered: result (SigninResult), attempts_left, and\n"
         "session() (the new Session on OK, handed over once; else None).")
%newobject supb_signin_answer::session;
%extend supb_signin_answer {
    ~supb_signin_answer()
    {
        supb_died(SUPB_C_SIGNIN_ANSWER, $self);
        sup_session_free($self->session);
        free($self);
    }
    sup_signin_result result() { return $self->result; }
    const char *result_name() { return sup_signin_result_name($self->result); }
    int attempts_left() { return $self->attempts_left; }
    supb_session *session()
    {
        sup_session *s = $self->session;
        $self->session = NULL;
        return s != NULL ? supb_born(SUPB_C_SESSION, s) : NULL;
    }
}

/* ---- Session ------------------------------------------------------------------------------------ */
SUPB_DOC(supb_session, "A signed-in session (Ledger.session_open, SigninAnswer.session()): its customers and\n"
         "their licenses.")
%extend supb_session {
    ~supb_session()
    {
        supb_died(SUPB_C_SESSION, $self);
        sup_session_free($self);
    }
    int customer_count() { return (int)sup_session_customer_count($self); }
    sup_id customer(int i) { return i < 0 ? 0 : sup_session_customer($self, (size_t)i); }
    int license_count() { return (int)sup_session_license_count($self); }
    sup_id license(int i) { return i < 0 ? 0 : sup_session_license($self, (size_t)i); }
    bool has_license(sup_id license) { return supg_session_has_license($self, license); }
}
SUPB_FIELD(supb_session, sup_id, id, sup_session_id, "The session's id.")
SUPB_FIELD(supb_session, const char *, token, sup_session_token, "Right after sign-in: the token for the cookie.")
SUPB_FIELD(supb_session, const char *, address, sup_session_address, "The address signed in with.")
SUPB_FIELD(supb_session, long long, expires_at, sup_session_expires_at, "When the session ends (ms since 1970).")

/* ---- Ledger: the portal's calls ---------------------------------------------------------------- */
%newobject supb_ledger::download_decide;
%newobject supb_ledger::download_decide_for_license;
%newobject supb_ledger::update_check;
%newobject supb_ledger::issue_license_key;
%newobject supb_ledger::ensure_license_key;
%newobject supb_ledger::signin_request;
%newobject supb_ledger::signin_link;
%newobject supb_ledger::signin_code;
%newobject supb_ledger::session_open;
%newobject supb_ledger::list_license_downloads;
SUPB_DOC(supb_ledger::add_release_file, "add_release_file(actor, product, version, released, name, size, sha256,\n"
         "note=None) -> int release id: a release with its file (portal.h).")
SUPB_DOC(supb_ledger::download_decide, "download_decide(session, release, on) -> Download (NotFoundError: not the\n"
         "session's, not out, or missing).")
SUPB_DOC(supb_ledger::record_download, "record_download(actor, license, release, on) -> int: record an allowed download.")
SUPB_DOC(supb_ledger::issue_license_key, "issue_license_key(actor, license) -> str: a new key (replaces the current).")
SUPB_DOC(supb_ledger::ensure_license_key, "ensure_license_key(actor, license) -> str or None: a key if it had none.")
SUPB_DOC(supb_ledger::update_check, "update_check(key, version, on) -> Update (NotFoundError for a wrong key).")
SUPB_DOC(supb_ledger::signin_request, "signin_request(config, address, client, browser, now_ms) -> Signin.")
SUPB_DOC(supb_ledger::signin_link, "signin_link(config, token, now_ms) -> SigninAnswer.")
SUPB_DOC(supb_ledger::signin_code, "signin_code(config, browser, code, now_ms) -> SigninAnswer.")
SUPB_DOC(supb_ledger::session_open, "session_open(token, now_ms) -> Session (NotFoundError: none, ended or expired).")
SUPB_DOC(supb_ledger::session_end, "session_end(token, now_ms): sign out.")

%extend supb_ledger {
    sup_id add_release_file(const char *actor, sup_id product, const char *version, sup_date released,
                            const char *name, long long size, const char *sha256, const char *note = NULL)
    {
        sup_id id = 0;
        sup_release_file f;
        sup_ledger *db = supl_db($self);
        if (db == NULL || supb_failed(sup_release_file_init(&f, SUP_RELEASE_FILE_VERSION)))
            return 0;
        f.name = name;
        f.size = (int64_t)size;
        f.sha256 = sha256;
        (void)supb_failed(sup_ledger_add_release_file(supl_stamped(db), actor, product, version, released, note, &f,
                                                      &id));
        return id;
    }
    supb_download *download_decide(const supb_session *session, sup_id release, sup_date on)
    {
        sup_ledger *db = supl_db($self);
        if (db == NULL)
            return NULL;
        if (session == NULL) {
            supb_fail_msg(SUP_EINVAL, "download_decide: no session");
            return NULL;
        }
        size_t n = sup_session_license_count(session);
        sup_id *ids = malloc((n ? n : 1) * sizeof *ids);
        if (ids == NULL) {
            supb_fail_msg(SUP_ENOMEM, "out of memory deciding a download");
            return NULL;
        }
        for (size_t i = 0; i < n; i++)
            ids[i] = sup_session_license(session, i);
        sup_download *d = NULL;
        int rc = sup_ledger_download_decide(db, ids, n, release, on, &d);
        free(ids);
        if (supb_failed(rc))
            return NULL;
        return supb_born(SUPB_C_DOWNLOAD, d);
    }
    supb_download *download_decide_for_license(sup_id license, sup_id release, sup_date on)
    {
        sup_download *d = NULL;
        sup_ledger *db = supl_db($self);
        if (db == NULL || supb_failed(sup_ledger_download_decide(db, &license, 1, release, on, &d)))
            return NULL;
        return supb_born(SUPB_C_DOWNLOAD, d);
    }
    sup_id record_download(const char *actor, sup_id license, sup_id release, sup_date on)
    {
        sup_id id = 0;
        sup_ledger *db = supl_db($self);
        if (db != NULL)
            (void)supb_failed(sup_ledger_record_download(supl_stamped(db), actor, license, release, on, &id));
        return id;
    }
    supb_cursor *list_license_downloads(sup_id license)
    {
        sup_cursor *c = NULL;
        sup_ledger *db = supl_db($self);
        return db ? supl_cursor_wrap(sup_ledger_list_license_downloads(db, license, &c), &c, "DownloadRow") : NULL;
    }
    char *issue_license_key(const char *actor, sup_id license)
    {
        char *k = NULL;
        sup_ledger *db = supl_db($self);
        if (db == NULL || supb_failed(sup_ledger_issue_license_key(supl_stamped(db), actor, license, &k)))
            return NULL;
        return k;
    }
    char *ensure_license_key(const char *actor, sup_id license)
    {
        char *k = NULL;
        sup_ledger *db = supl_db($self);
        if (db == NULL || supb_failed(sup_ledger_ensure_license_key(supl_stamped(db), actor, license, &k)))
            return NULL;
        return k;
    }
    supb_list *license_key_info(sup_id license)
    {
        static const char *const names[] = {"has_key", "issued_at", "hint"};
        sup_license_key_info info = {SUP_LICENSE_KEY_INFO_VERSION, 0, 0, ""};
        sup_ledger *db = supl_db($self);
        if (db == NULL || supb_failed(sup_ledger_license_key_info(db, license, &info)))
            return NULL;
        supb_list *l = supb_list_new(1);
        if (l != NULL) {
            supb_row_begin_dyn(l, "LicenseKeyInfo", 3, names);
            supb_row_bool(l, info.has_key);
            supb_row_int(l, info.issued_at);
            supb_row_str(l, info.has_key ? info.hint : NULL);
            supb_row_end(l);
        }
        return l;
    }
    sup_id find_license_by_key(const char *key)
    {
        sup_id id = 0;
        sup_ledger *db = supl_db($self);
        if (db != NULL)
            (void)supb_failed(sup_ledger_find_license_by_key(db, key, &id));
        return id;
    }
    supb_update *update_check(const char *key, const char *version, sup_date on)
    {
        sup_update *u = NULL;
        sup_ledger *db = supl_db($self);
        if (db == NULL || supb_failed(sup_ledger_update_check(db, key, version, on, &u)))
            return NULL;
        return supb_born(SUPB_C_UPDATE, u);
    }
    supb_signin *signin_request(const supb_portal_config *config, const char *address, const char *client,
                                const char *browser, long long now_ms)
    {
        sup_portal_rules r;
        sup_signin *s = NULL;
        sup_ledger *db = supl_db($self);
        if (db == NULL || supb_failed(supb_rules_of(config, &r)) ||
            supb_failed(sup_ledger_signin_request(supl_stamped(db), &r, address, client, browser, (int64_t)now_ms,
                                                  &s)))
            return NULL;
        return supb_born(SUPB_C_SIGNIN, s);
    }
    supb_signin_answer *signin_link(const supb_portal_config *config, const char *token, long long now_ms)
    {
        sup_portal_rules r;
        sup_ledger *db = supl_db($self);
        if (db == NULL || supb_failed(supb_rules_of(config, &r)))
            return NULL;
        sup_signin_result result = SUP_SIGNIN_UNKNOWN;
        sup_session *s = NULL;
        int rc = sup_ledger_signin_link(supl_stamped(db), &r, token, (int64_t)now_ms, &result, &s);
        return supb_answer(rc, result, 0, s);
    }
    supb_signin_answer *signin_code(const supb_portal_config *config, const char *browser, const char *code,
                                    long long now_ms)
    {
        sup_portal_rules r;
        sup_ledger *db = supl_db($self);
        if (db == NULL || supb_failed(supb_rules_of(config, &r)))
            return NULL;
        sup_signin_result result = SUP_SIGNIN_UNKNOWN;
        sup_session *s = NULL;
        int left = 0;
        int rc = sup_ledger_signin_code(supl_stamped(db), &r, browser, code, (int64_t)now_ms, &result, &left, &s);
        return supb_answer(rc, result, left, s);
    }
    supb_session *session_open(const char *token, long long now_ms)
    {
        sup_session *s = NULL;
        sup_ledger *db = supl_db($self);
        if (db == NULL || supb_failed(sup_ledger_session_open(db, token, (int64_t)now_ms, &s)))
            return NULL;
        return supb_born(SUPB_C_SESSION, s);
    }
    void session_end(const char *token, long long now_ms)
    {
        sup_ledger *db = supl_db($self);
        if (db != NULL)
            (void)supb_failed(sup_ledger_session_end(supl_stamped(db), token, (int64_t)now_ms));
    }
}
