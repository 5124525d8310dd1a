/*
 * libsupport — the customer portal's rules: release files and guarded
 * downloads, license keys and the product's update check, sign-in by an
 * e-mailed link or code, sessions, CSRF tokens, the portal's configuration and
 * its words. A website (portal/, docs/portal.md) asks these calls and shows the
 * answers; it decides nothing itself:
 *
 *  - who may download what: the release must be of a product the customer
 *    holds a license of, released on or before today, and the core must allow
 *    the license to download it (sup_license_can_download); anything else is
 *    either "not yours" (SUP_ENOTFOUND, the same answer as a release that does
 *    not exist) or a refusal with the reason and the license whose offer to show;
 *  - what the update API answers (sup_ledger_update_check, sup_update_json);
 *  - how long a sign-in link, a code and a session hold, how many wrong codes
 *    spend a sign-in, how many sign-in requests an address and a client may make
 *    (sup_portal_rules);
 *  - every sentence about these (sup_render_portal).
 *
 * Secrets. Sign-in links, codes, session tokens and license keys are random
 * (libsodium's randombytes_buf), handed to the caller once and stored only as
 * SHA-256 hashes; a stored secret is found by its hash and the hash compared in
 * constant time (sodium_memcmp). No message of the library ever contains a
 * secret or a hash of one. A code is stored hashed together with the secret of
 * the browser that asked for it, so that the short code cannot be guessed from
 * a copy of the ledger.
 *
 * Time. The library never reads the clock: every call takes the caller's
 * wall-clock time as milliseconds since 1970-01-01 UTC (`now_ms`) and, where a
 * rule is about a business day, the date (`on`).
 *
 * Every change is one transaction with one audit event (ledger.h): add_release
 * with its file, record_download, issue_license_key, signin_request, signin,
 * signout. Audit details name ids, never an address or a secret.
 */
#ifndef LIBSUPPORT_PORTAL_H
#define LIBSUPPORT_PORTAL_H

#include "common.h"
#include "ledger.h"
#include "notice.h"
#include "mail.h"
#include "offer.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- hashes and secrets ------------------------------------------------------------------- */

/** Characters of a SHA-256 digest in lower-case hex, and the buffer holding it with its NUL. */
#define SUP_SHA256_HEX_LEN 64
#define SUP_SHA256_HEX_BUFSIZE 65

/** The SHA-256 of `len` bytes, in lower-case hex (SUP_SHA256_HEX_BUFSIZE bytes). SUP_EINVAL for NULL. */
SUP_API SUP_NODISCARD int sup_sha256_hex(const void *data, size_t len, char hex[SUP_SHA256_HEX_BUFSIZE]);

/**
 * The size and SHA-256 of a regular file, read in blocks (memory stays flat).
 * SUP_ENOTFOUND if it does not exist, SUP_EIO if it cannot be read or is not a
 * regular file (the message names the path and the system's reason).
 */
SUP_API SUP_NODISCARD int sup_sha256_file(const char *path, int64_t *size, char hex[SUP_SHA256_HEX_BUFSIZE]);

/** A random token: 32 bytes of randombytes_buf in base64url without padding (43 characters). */
#define SUP_PORTAL_TOKEN_LEN 43
#define SUP_PORTAL_TOKEN_BUFSIZE 44

/** A new random token (a browser's secret, for the pre-sign-in cookie). SUP_EINVAL for NULL. */
SUP_API SUP_NODISCARD int sup_portal_new_token(char token[SUP_PORTAL_TOKEN_BUFSIZE]);

/**
 * The CSRF token of the forms shown to the holder of `secret` (a session token,
 * or a browser's token before sign-in): HMAC-SHA-256 keyed with the SHA-256 of
 * the secret, in base64url (43 characters). It holds as long as the secret
 * does; a new session (sign-in) gives new tokens. SUP_EINVAL for a secret that
 * is not a token (SUP_PORTAL_TOKEN_LEN characters of base64url).
 */
SUP_API SUP_NODISCARD int sup_portal_csrf_token(const char *secret, char token[SUP_PORTAL_TOKEN_BUFSIZE]);

/**
 * 1 if `given` is the CSRF token of `secret` (compared in constant time), 0 if
 * not — also for NULL, a malformed secret or a token of the wrong length.
 */
SUP_API int sup_portal_csrf_check(const char *secret, const char *given);

/* ---- the portal's rules ----------------------------------------------------------------------- */

/**
 * The limits of sign-in and sessions (initialise with sup_portal_rules_init;
 * sup_portal_config_rules gives those of a configuration file). The library
 * decides with them; the defaults are those below.
 */
typedef struct sup_portal_rules {
    unsigned version;   /**< SUP_PORTAL_RULES_VERSION */
    int link_minutes;   /**< a sign-in link and its code hold this long (30; 1 … 1440) */
    int code_attempts;  /**< wrong codes that spend a sign-in request (5; 1 … 20) */
    int session_minutes; /**< a session lasts this long after sign-in (720 = 12 h; 5 … 43200) */
    int window_minutes; /**< the window of the sign-in request limits (60; 1 … 1440) */
    int per_address;    /**< sign-in requests one address may make within the window (5; 1 … 1000) */
    int per_client;     /**< sign-in requests one client (network address) may make within the window (20; 1 … 100000) */
} sup_portal_rules;
#define SUP_PORTAL_RULES_VERSION 1

/** Fill `rules` with the defaults of `version` (SUP_PORTAL_RULES_VERSION; else SUP_EINVAL). */
SUP_API SUP_NODISCARD int sup_portal_rules_init(sup_portal_rules *rules, unsigned version);
/** SUP_OK if every limit is within its range, else SUP_ERANGE naming the field and the value. */
SUP_API SUP_NODISCARD int sup_portal_rules_check(const sup_portal_rules *rules);

/* ---- release files ----------------------------------------------------------------------------- */

/** The longest release file name, in bytes. */
#define SUP_RELEASE_FILE_NAME_MAX 200

/**
 * What the ledger records of a release's file (sup_ledger_add_release_file):
 * its name in the vendor's release files directory, size and SHA-256.
 */
typedef struct sup_release_file {
    unsigned version;                  /**< SUP_RELEASE_FILE_VERSION */
    const char *name;                  /**< a plain file name: 1 … SUP_RELEASE_FILE_NAME_MAX bytes, see below */
    int64_t size;                      /**< bytes, >= 0 */
    const char *sha256;                /**< SUP_SHA256_HEX_LEN lower-case hex digits */
} sup_release_file;
#define SUP_RELEASE_FILE_VERSION 1

/** Fill `file` with an empty description of `version` (SUP_RELEASE_FILE_VERSION; else SUP_EINVAL). */
SUP_API SUP_NODISCARD int sup_release_file_init(sup_release_file *file, unsigned version);

/**
 * Record a release as sup_ledger_add_release does, together with its file, in
 * one transaction. The file name is a name inside the release files directory,
 * never a path: letters, digits (any script), spaces and . _ - + ( ) ,, not
 * starting with a dot or a space, no '/' or '\\', no control characters;
 * SUP_EINVAL naming what is wrong. Two releases may not share a file name
 * (SUP_ECONFLICT). A file is recorded once with its release and never changes
 * (a new build is a new release).
 */
SUP_API SUP_NODISCARD int sup_ledger_add_release_file(sup_ledger *ledger, const char *actor, sup_id product,
                                                      const char *version, sup_date released, const char *note,
                                                      const sup_release_file *file, sup_id *out);

/* The release lists (sup_ledger_list_releases, sup_ledger_list_downloads) carry the file after "allowed":
 * SUP_RELCOL_FILE_NAME, _SIZE, _SHA256 (ledger.h). */

/* ---- downloads ----------------------------------------------------------------------------------- */

/** What a download request gets. Values are only ever appended. */
typedef enum sup_download_verdict {
    SUP_DOWNLOAD_ALLOWED = 0,        /**< the license may download the release today: serve the file */
    SUP_DOWNLOAD_NEEDS_RENEWAL = 1,  /**< the release came out after the license's support (paid period) ended */
    SUP_DOWNLOAD_NO_FILE = 2         /**< allowed, but no file is recorded for the release */
} sup_download_verdict;

/** "allowed", "needs_renewal", "no_file" ("" if unknown). */
SUP_API const char *sup_download_verdict_name(sup_download_verdict verdict);

typedef struct sup_download sup_download; /**< opaque answer to a download request */

/**
 * May the holder of one of `licenses` (`count` ids; a customer's licenses) have
 * release `release` on `on`? The release must be of the product of one of the
 * licenses (owned on `on`) and released on or before `on`; otherwise
 * SUP_ENOTFOUND with one message, "release N is not available", whether the
 * release does not exist, is another product's or is not out yet — so that a
 * stranger's release cannot be told from a missing one. Of several licenses of
 * the product, one that allows the download wins; else the one whose support
 * ends last (its offer is the one to show). On success *out is a new answer
 * (free with sup_download_free) whose verdict says whether to serve the file.
 */
SUP_API SUP_NODISCARD int sup_ledger_download_decide(sup_ledger *ledger, const sup_id *licenses, size_t count,
                                                     sup_id release, sup_date on, sup_download **out);
SUP_API void sup_download_free(sup_download *download);

SUP_API sup_download_verdict sup_download_verdict_of(const sup_download *download);
/** The license the answer is about (the one allowing it, or the one whose offer to show). */
SUP_API sup_id sup_download_license(const sup_download *download);
SUP_API sup_id sup_download_release(const sup_download *download);
SUP_API const char *sup_download_version(const sup_download *download);
SUP_API sup_date sup_download_released(const sup_download *download);
/** The license's support end (paid-through date) as of the date. */
SUP_API sup_date sup_download_support_until(const sup_download *download);
SUP_API sup_license_kind sup_download_license_kind(const sup_download *download);
/** The file, or NULL / 0 when none is recorded. */
SUP_API const char *sup_download_file_name(const sup_download *download);
SUP_API int64_t sup_download_file_size(const sup_download *download);
SUP_API const char *sup_download_file_sha256(const sup_download *download);

/**
 * Record that `license` downloaded `release` on `on` at the handle's time
 * (sup_ledger_set_time): only a download the library allows
 * (sup_ledger_download_decide decides again, in the same transaction: a
 * verdict other than SUP_DOWNLOAD_ALLOWED is SUP_ESTATE, a release not
 * available to the license SUP_ENOTFOUND). `out` (may be NULL) gets the
 * download's id.
 */
SUP_API SUP_NODISCARD int sup_ledger_record_download(sup_ledger *ledger, const char *actor, sup_id license,
                                                     sup_id release, sup_date on, sup_id *out);

typedef enum sup_download_column {
    SUP_DLCOL_DOWNLOAD = 0, /**< "download": sup_id */
    SUP_DLCOL_LICENSE = 1,  /**< "license": sup_id */
    SUP_DLCOL_RELEASE = 2,  /**< "release": sup_id */
    SUP_DLCOL_VERSION = 3,  /**< "version": text */
    SUP_DLCOL_ON = 4,       /**< "on": date */
    SUP_DLCOL_AT = 5,       /**< "at": time, or 0 */
    SUP_DLCOL_ACTOR = 6     /**< "actor": text */
} sup_download_column;

/** Every recorded download of a license (SUP_ENOTFOUND for an unknown license), in the order recorded. */
SUP_API SUP_NODISCARD int sup_ledger_list_license_downloads(sup_ledger *ledger, sup_id license, sup_cursor **out);

/* ---- license keys -------------------------------------------------------------------------------- */

/**
 * A license key: 25 characters of Crockford's base32 (125 random bits) in five
 * groups, "7KQ2M-0WZ8D-…". Keys are given to the caller once and stored only as
 * SHA-256 hashes; a key is accepted in any letter case, with or without the
 * dashes.
 */
#define SUP_LICENSE_KEY_LEN 29
#define SUP_LICENSE_KEY_BUFSIZE 30

/**
 * Issue a new key for `license`, replacing its current one (which stops working
 * in the same transaction): for the sale, and for the customer who rotates a
 * key. *key gets the new key, to give to the customer once (free with
 * sup_free; NULL on failure). SUP_ENOTFOUND for an unknown license.
 */
SUP_API SUP_NODISCARD int sup_ledger_issue_license_key(sup_ledger *ledger, const char *actor, sup_id license,
                                                       char **key);

/**
 * Issue a key only if `license` has none (on the customer's first sign-in): *key
 * gets the new key, or NULL when the license already had one (nothing changed).
 * Two callers at once: one issues, the other gets NULL.
 */
SUP_API SUP_NODISCARD int sup_ledger_ensure_license_key(sup_ledger *ledger, const char *actor, sup_id license,
                                                        char **key);

/** What may be shown of a license's current key (never the key). */
typedef struct sup_license_key_info {
    unsigned version;  /**< SUP_LICENSE_KEY_INFO_VERSION, set by the caller */
    int has_key;       /**< 1 if the license has a current key */
    int64_t issued_at; /**< the handle's time when it was issued (ms since 1970), 0 if not known */
    char hint[8];      /**< its last group, "…-ABCDE" shown as "ABCDE" */
} sup_license_key_info;
#define SUP_LICENSE_KEY_INFO_VERSION 1

/** The current key's info (has_key 0 when there is none). SUP_ENOTFOUND for an unknown license. */
SUP_API SUP_NODISCARD int sup_ledger_license_key_info(sup_ledger *ledger, sup_id license,
                                                      sup_license_key_info *info);

/**
 * The license whose current key is `key`: SUP_ENOTFOUND ("no license has this
 * key") for a wrong, replaced or malformed key alike — each is hashed and
 * looked up the same way. The message never contains the key.
 */
SUP_API SUP_NODISCARD int sup_ledger_find_license_by_key(sup_ledger *ledger, const char *key, sup_id *license);

/* ---- the update check (GET /api/v1/updates?key=…&version=…) ------------------------------------ */

typedef struct sup_update sup_update; /**< opaque answer of the update check */

/**
 * What the license with `key` may install on `on`, told by the product
 * installed at `version` (a release version of the license's product; another
 * text is accepted as a version the ledger does not know, and every release
 * then counts as newer): the latest release the license may download, the
 * releases after `version` that need a renewal, and the offer
 * (sup_ledger_offer). SUP_ENOTFOUND for a wrong key (sup_ledger_find_license_by_key),
 * also when the license is not owned on `on`; SUP_EINVAL for a version that is not
 * acceptable text (empty, too long, control characters). Free with sup_update_free.
 */
SUP_API SUP_NODISCARD int sup_ledger_update_check(sup_ledger *ledger, const char *key, const char *version,
                                                  sup_date on, sup_update **out);
SUP_API void sup_update_free(sup_update *update);

SUP_API sup_id sup_update_license(const sup_update *update);
/** 1 if `version` is a release of the product. */
SUP_API int sup_update_version_known(const sup_update *update);
/** The latest release the license may download on the date (0 if none) and its version (NULL if none). */
SUP_API sup_id sup_update_latest_release(const sup_update *update);
SUP_API const char *sup_update_latest_version(const sup_update *update);
/** 1 if the latest allowed release comes after the installed version. */
SUP_API int sup_update_available(const sup_update *update);
/** How many releases after the installed version need a renewal. */
SUP_API size_t sup_update_needs_renewal_count(const sup_update *update);
/** The offer (owned by the answer). */
SUP_API const sup_offer *sup_update_offer(const sup_update *update);

/**
 * The answer as the API's JSON document (docs/update-api.md: the keys, their
 * types, an example), with the download links under `base_url` (e.g.
 * "https://portal.example.ru", no trailing slash needed) and the labels in
 * `lang`. *out: free with sup_free.
 */
SUP_API SUP_NODISCARD int sup_update_json(const sup_update *update, const char *base_url, sup_lang lang,
                                          char **out);

/* ---- sign-in -------------------------------------------------------------------------------------- */

/** What a sign-in request got. Values are only ever appended. */
typedef enum sup_signin_outcome {
    SUP_SIGNIN_SENT = 0,          /**< a link and a code were made: send them to the address */
    SUP_SIGNIN_NO_CUSTOMER = 1,   /**< no customer has the address: send nothing, and show what SENT shows */
    SUP_SIGNIN_LIMIT_ADDRESS = 2, /**< too many requests for the address within the window: nothing made */
    SUP_SIGNIN_LIMIT_CLIENT = 3   /**< too many requests from the client within the window: nothing made */
} sup_signin_outcome;

/** "sent", "no_customer", "limit_address", "limit_client" ("" if unknown). */
SUP_API const char *sup_signin_outcome_name(sup_signin_outcome outcome);

typedef struct sup_signin sup_signin; /**< opaque answer of a sign-in request */

/**
 * A visitor asks to sign in as `address` (an e-mail address: else the
 * SUP_EPARSE of sup_email_check) from `client` (their network address, any text of 1 … 128
 * bytes; only its hash is stored) in the browser holding `browser` (a token of
 * sup_portal_new_token: the code works only there) at `now_ms`, under `rules`
 * (NULL: the defaults). The request limits are decided first: more than
 * rules->per_address requests for the address (by sup_email_equal's rule) or
 * rules->per_client from the client within the window is a LIMIT outcome,
 * nothing recorded, with the time after which the next request is accepted.
 * Otherwise the request is recorded (it counts towards the limits, also for an
 * address no customer has) and, when customers have the address, a link token
 * and a six-digit code are made for it: SUP_SIGNIN_SENT.
 */
SUP_API SUP_NODISCARD int sup_ledger_signin_request(sup_ledger *ledger, const sup_portal_rules *rules,
                                                    const char *address, const char *client, const char *browser,
                                                    int64_t now_ms, sup_signin **out);
SUP_API void sup_signin_free(sup_signin *signin);
SUP_API sup_signin_outcome sup_signin_outcome_of(const sup_signin *signin);
/** The address as given. */
SUP_API const char *sup_signin_address(const sup_signin *signin);
/** SENT: the link's token (to put in the link) and the code, else NULL. */
SUP_API const char *sup_signin_token(const sup_signin *signin);
SUP_API const char *sup_signin_code(const sup_signin *signin);
/** SENT: when the link and code stop working; a LIMIT: when the next request is accepted (ms since 1970). */
SUP_API int64_t sup_signin_until(const sup_signin *signin);
/** The minutes the link holds (the rules' link_minutes). */
SUP_API int sup_signin_link_minutes(const sup_signin *signin);

/** The sign-in e-mail (initialise with sup_signin_mail_options_init). */
typedef struct sup_signin_mail_options {
    unsigned version;              /**< SUP_SIGNIN_MAIL_OPTIONS_VERSION */
    const char *base_url;          /**< the portal's address: the link is base_url + "/signin/" + token */
    sup_mail_address from;         /**< required */
    const sup_mail_address *reply_to; /**< optional */
    sup_lang lang;                 /**< SUP_LANG_RU by default */
    int64_t date;                  /**< Unix seconds of the Date header */
    int utc_offset_minutes;        /**< the sender's offset from UTC (180 for Moscow) */
    const char *message_id_domain; /**< the Message-ID's domain (a host name) */
} sup_signin_mail_options;
#define SUP_SIGNIN_MAIL_OPTIONS_VERSION 1

/** Fill `opts` with the defaults of `version` (SUP_SIGNIN_MAIL_OPTIONS_VERSION; else SUP_EINVAL). */
SUP_API SUP_NODISCARD int sup_signin_mail_options_init(sup_signin_mail_options *opts, unsigned version);

/**
 * The sign-in e-mail of a SENT request as the bytes of a MIME message
 * (mail.h: text and HTML, a fresh random Message-ID): the link, the code, how
 * long both hold and that they work once, in the library's words. SUP_ESTATE
 * for a request that is not SENT; the errors of sup_mail_build. *out: free with sup_free.
 */
SUP_API SUP_NODISCARD int sup_signin_mail(const sup_signin *signin, const sup_signin_mail_options *opts,
                                          char **out);

/** Why a link or code did or did not sign the visitor in. Values are only ever appended. */
typedef enum sup_signin_result {
    SUP_SIGNIN_OK = 0,         /**< signed in: a new session */
    SUP_SIGNIN_UNKNOWN = 1,    /**< no such link (or no pending request in this browser for a code) */
    SUP_SIGNIN_EXPIRED = 2,    /**< the link or code was older than link_minutes */
    SUP_SIGNIN_USED = 3,       /**< the link or code has already signed someone in */
    SUP_SIGNIN_WRONG_CODE = 4, /**< the code does not match (attempts are left) */
    SUP_SIGNIN_SPENT = 5,      /**< too many wrong codes: the request no longer works */
    SUP_SIGNIN_NO_ACCOUNT = 6  /**< the address no longer belongs to any customer */
} sup_signin_result;

/** "ok", "unknown", "expired", "used", "wrong_code", "spent", "no_account" ("" if unknown). */
SUP_API const char *sup_signin_result_name(sup_signin_result result);

typedef struct sup_session sup_session; /**< opaque signed-in session */

/**
 * Sign in with the token of an e-mailed link at `now_ms`: *result says what
 * happened; on SUP_SIGNIN_OK the request is used up (it and its code never
 * work again) and *out is a new session holding its token
 * (sup_session_token: set it as the session cookie), else *out is NULL. The
 * token is looked up by its hash; a malformed token is SUP_SIGNIN_UNKNOWN.
 */
SUP_API SUP_NODISCARD int sup_ledger_signin_link(sup_ledger *ledger, const sup_portal_rules *rules, const char *token,
                                                 int64_t now_ms, sup_signin_result *result, sup_session **out);

/**
 * Sign in with the code typed in the browser holding `browser` (the same
 * token as at the request): the latest request made in that browser. A wrong
 * code counts an attempt (SUP_SIGNIN_WRONG_CODE with *attempts_left, which may
 * be NULL), the last one spends the request (SUP_SIGNIN_SPENT). Otherwise as
 * sup_ledger_signin_link.
 */
SUP_API SUP_NODISCARD int sup_ledger_signin_code(sup_ledger *ledger, const sup_portal_rules *rules,
                                                 const char *browser, const char *code, int64_t now_ms,
                                                 sup_signin_result *result, int *attempts_left, sup_session **out);

/**
 * The session with `token` at `now_ms`, with its customers (those having its
 * address now) and their licenses. SUP_ENOTFOUND ("no such session") for an
 * unknown, malformed, expired or ended token, or an address no customer has
 * any more.
 */
SUP_API SUP_NODISCARD int sup_ledger_session_open(sup_ledger *ledger, const char *token, int64_t now_ms,
                                                  sup_session **out);

/** Sign out: the session with `token` ends at `now_ms`. SUP_OK also when there is no such session. */
SUP_API SUP_NODISCARD int sup_ledger_session_end(sup_ledger *ledger, const char *token, int64_t now_ms);

SUP_API void sup_session_free(sup_session *session);
/** The session's token right after sign-in (for the cookie); NULL for a session opened by token. */
SUP_API const char *sup_session_token(const sup_session *session);
SUP_API sup_id sup_session_id(const sup_session *session);
/** The address the visitor signed in with. */
SUP_API const char *sup_session_address(const sup_session *session);
/** When the session ends (ms since 1970). */
SUP_API int64_t sup_session_expires_at(const sup_session *session);
/** The customers having the address (by id). */
SUP_API size_t sup_session_customer_count(const sup_session *session);
SUP_API sup_id sup_session_customer(const sup_session *session, size_t i);
/** Their licenses (by customer, then id). */
SUP_API size_t sup_session_license_count(const sup_session *session);
SUP_API sup_id sup_session_license(const sup_session *session, size_t i);
/**
 * 1 if `license` is one of the session's; 0 otherwise — for a license of
 * another customer exactly as for one that does not exist.
 */
SUP_API int sup_session_has_license(const sup_session *session, sup_id license);

/**
 * Remove the sign-in state nothing needs any more at `now_ms`: requests older
 * than their window and their link (they no longer count towards a limit nor
 * sign anyone in) and sessions that ended or expired a day or more ago. For a
 * daily cron job (`supportctl portal-purge`); the portal's own role does not
 * need it. *removed (may be NULL) gets the number of rows removed. Audited as
 * one "portal_purge" event (when anything was removed).
 */
SUP_API SUP_NODISCARD int sup_ledger_portal_purge(sup_ledger *ledger, const char *actor,
                                                  const sup_portal_rules *rules, int64_t now_ms, int64_t *removed);

/* ---- the portal's words ------------------------------------------------------------------------ */

/** The sentences the portal shows about its rules. Values are only ever appended. */
typedef enum sup_portal_phrase {
    SUP_PHRASE_SIGNIN_SENT = 0,     /**< n = link minutes: "If the address is ours, we have sent a link and a code …" */
    SUP_PHRASE_SIGNIN_LIMITED = 1,  /**< n = minutes to wait */
    SUP_PHRASE_LINK_UNKNOWN = 2,    /**< n unused */
    SUP_PHRASE_LINK_EXPIRED = 3,    /**< n = link minutes */
    SUP_PHRASE_LINK_USED = 4,       /**< n unused */
    SUP_PHRASE_CODE_WRONG = 5,      /**< n = attempts left */
    SUP_PHRASE_CODE_SPENT = 6,      /**< n unused */
    SUP_PHRASE_NO_ACCOUNT = 7,      /**< n unused */
    SUP_PHRASE_KEY_SHOWN_ONCE = 8,  /**< n unused: a new key is shown once, only its hash is kept */
    SUP_PHRASE_KEY_ROTATE = 9,      /**< n unused: what replacing a key does */
    SUP_PHRASE_SESSION_ENDED = 10,  /**< n unused: signed out, or the session expired */
    SUP_PHRASE_SIGNIN_CODE = 11,    /**< n = link minutes: where to type the code */
    SUP_PHRASE_DEMO = 12            /**< n = the demo's fixed date (YYYYMMDD): every page of the demo says so */
} sup_portal_phrase;

/**
 * A sentence of the portal in `lang`, with the number it takes (minutes, with
 * the Russian plural forms; attempts; a date). *out: free with sup_free.
 * SUP_EINVAL for an unknown phrase or language, SUP_ERANGE for a number out of
 * its range, SUP_EDATE for a bad date.
 */
SUP_API SUP_NODISCARD int sup_render_portal(sup_portal_phrase phrase, int64_t n, sup_lang lang, char **out);

/**
 * Why a download is refused, as a sentence: "Версия 3.2 вышла 01.12.2026, после
 * окончания поддержки 10.11.2026: чтобы скачать её, продлите поддержку." (the
 * wording follows the license kind: a subscription's paid period). SUP_EINVAL
 * for an answer whose verdict is SUP_DOWNLOAD_ALLOWED. *out: free with sup_free.
 */
SUP_API SUP_NODISCARD int sup_render_download_verdict(const sup_download *download, sup_lang lang, char **out);

/* ---- the portal's configuration file -------------------------------------------------------- */

typedef struct sup_portal_config sup_portal_config; /**< opaque, checked configuration */

/**
 * Read and check the portal's configuration (settings.h's INI form; every key
 * in docs/portal.md, a sample in examples/settings/portal.ini):
 *
 *     [ledger]  target (required): an SQLite path or a postgresql:// URI
 *     [portal]  base_url (required, http:// or https://, no path), time_zone
 *               (Europe/Moscow), releases_dir (required, absolute), accel_prefix
 *               (an nginx internal location such as /_releases/; empty: PHP
 *               streams the file), demo (no), demo_date (required in demo mode)
 *     [signin]  link_minutes, code_attempts, session_minutes, window_minutes,
 *               per_address, per_client (sup_portal_rules)
 *     [mail]    transport (smtp or outbox), smtp_config (smtp: its settings
 *               file), outbox_dir (outbox: a directory the messages are
 *               written to, for tests and the demo), from (required), from_name,
 *               reply_to, message_id_domain (default: base_url's host)
 *     [api]     answer_floor_ms (10; 0 … 2000): every update check answers no
 *               sooner than this after it arrived, right key or wrong
 *     [invoice] chromium (empty: no PDF; else the absolute path of the browser
 *               that prints an invoice to PDF, /usr/bin/chromium), pdf_dir (the
 *               directory the PDFs are kept in, absolute; required with
 *               chromium), pdf_seconds (30; 5 … 120): how long one print may take
 *
 * Unknown sections and keys, missing required keys and bad values are
 * SUP_EPARSE / SUP_ERANGE naming the file, the line and the key (never a value
 * from [mail] or the ledger's password).
 */
SUP_API SUP_NODISCARD int sup_portal_config_load(const char *path, sup_portal_config **out);
/** The same from text (messages name it "portal settings"). */
SUP_API SUP_NODISCARD int sup_portal_config_parse(const char *text, size_t len, sup_portal_config **out);
SUP_API void sup_portal_config_free(sup_portal_config *config);

/**
 * A text value after the checks, with its default applied ("" for an optional
 * key not set); NULL for a key the portal does not have. Section and key as in
 * the file: sup_portal_config_text(c, "portal", "base_url").
 */
SUP_API const char *sup_portal_config_text(const sup_portal_config *config, const char *section, const char *key);
/** A number or a yes/no flag (as 1/0) after the checks, with its default; -1 for a key that is neither. */
SUP_API int64_t sup_portal_config_number(const sup_portal_config *config, const char *section, const char *key);
/** The sign-in rules of the configuration (SUP_EINVAL for NULL or a rules version this library does not know). */
SUP_API SUP_NODISCARD int sup_portal_config_rules(const sup_portal_config *config, sup_portal_rules *rules);

#ifdef __cplusplus
}
#endif
#endif /* LIBSUPPORT_PORTAL_H */
