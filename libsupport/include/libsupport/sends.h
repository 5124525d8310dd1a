/*
 * libsupport — reminders that are sent, once: which reminder e-mails are due on
 * a date (the reminders of sup_ledger_list_reminders, with the customer's
 * addresses and language, minus those already sent), and the record of each
 * send, so that a second run — or a rerun after a crash halfway — sends nothing
 * twice, and a failed send is sent again by the next run.
 *
 * A reminder is identified by its license, its notice kind, the date it is
 * about (its anchor: the support end, or the last day of the preferential
 * window) and the date the schedule made it due: a schedule with reminders 30
 * and 14 days before the support end makes two reminders of one anchor.
 *
 * Recording a send is two steps, each one durable transaction:
 *  1. sup_ledger_begin_send, BEFORE the message is handed to the mail server:
 *     an attempt ("sending") with its recipients and Message-ID;
 *  2. sup_ledger_finish_send, AFTER: its outcome, sent or failed (with the
 *     error text).
 * The crash rule: an attempt without an outcome — the process died, or lost
 * the ledger, between the two steps — may or may not have reached the server.
 * It is never sent again by itself (at most once): the due list shows it as
 * SUP_SEND_UNCONFIRMED until someone records its outcome (look the Message-ID
 * up in the mail server's log; sup_ledger_finish_send with ok = 0 makes the
 * reminder due again, ok = 1 closes it).
 *
 * The library sends nothing itself and never reads the clock: the caller gives
 * the dates and its wall-clock time (supportctl send-reminders is such a
 * caller: docs/customers.md).
 */
#ifndef LIBSUPPORT_SENDS_H
#define LIBSUPPORT_SENDS_H

#include "common.h"
#include "ledger.h"
#include "notice.h"

#ifdef __cplusplus
extern "C" {
#endif

/** What to do about a reminder of the due list (column "action", type SUP_COLUMN_SEND_ACTION). */
typedef enum sup_send_action {
    SUP_SEND_NEW = 0,        /**< due and never attempted: send it */
    SUP_SEND_RETRY = 1,      /**< attempted before and failed: send it again */
    SUP_SEND_NO_EMAIL = 2,   /**< due, but the customer has no e-mail address: report it */
    SUP_SEND_UNCONFIRMED = 3 /**< an attempt has no outcome (the crash rule above): not sent again until resolved */
} sup_send_action;
/** "new", "retry", "no_email", "unconfirmed" ("" if unknown). */
SUP_API const char *sup_send_action_name(sup_send_action action);

/** Where a recorded attempt stands (column "state", type SUP_COLUMN_SEND_STATE). */
typedef enum sup_send_state {
    SUP_SEND_SENDING = 0, /**< begun, no outcome recorded */
    SUP_SEND_SENT = 1,    /**< handed to the mail server */
    SUP_SEND_FAILED = 2   /**< refused or not delivered to the server (the error text says why) */
} sup_send_state;
/** "sending", "sent", "failed" ("" if unknown). */
SUP_API const char *sup_send_state_name(sup_send_state state);

/* ---- what is due ------------------------------------------------------------------ */

/** Failed reminders first due this many days before the date are due again by default. */
#define SUP_SEND_RETRY_DAYS_DEFAULT 7
/** The longest retry window. */
#define SUP_SEND_RETRY_DAYS_MAX 366

/** Options of sup_ledger_list_sends_due (initialise with sup_sends_due_options_init). */
typedef struct sup_sends_due_options {
    unsigned version;             /**< SUP_SENDS_DUE_OPTIONS_VERSION */
    const sup_schedule *schedule; /**< NULL: the default schedule (sup_schedule_new); copied by the call */
    int retry_days;               /**< 0 … SUP_SEND_RETRY_DAYS_MAX (default SUP_SEND_RETRY_DAYS_DEFAULT) */
} sup_sends_due_options;
#define SUP_SENDS_DUE_OPTIONS_VERSION 1

SUP_API SUP_NODISCARD int sup_sends_due_options_init(sup_sends_due_options *opts, unsigned version);

/* Rows of sup_ledger_list_sends_due. */
typedef enum sup_due_column {
    SUP_DUECOL_LICENSE = 0,            /**< "license": sup_id */
    SUP_DUECOL_CUSTOMER = 1,           /**< "customer": sup_id */
    SUP_DUECOL_CUSTOMER_CODE = 2,      /**< "customer_code": text */
    SUP_DUECOL_CUSTOMER_NAME = 3,      /**< "customer_name": text */
    SUP_DUECOL_PRODUCT = 4,            /**< "product": sup_id */
    SUP_DUECOL_PRODUCT_NAME = 5,       /**< "product_name": text */
    SUP_DUECOL_NOTICE = 6,             /**< "notice": the sup_notice_kind to send */
    SUP_DUECOL_ANCHOR = 7,             /**< "anchor": date the reminder is about (support end or window end) */
    SUP_DUECOL_SUPPORT_UNTIL = 8,      /**< "support_until": date, as of the date */
    SUP_DUECOL_PREFERENTIAL_UNTIL = 9, /**< "preferential_until": last day of the window (perpetual), else none */
    SUP_DUECOL_DAYS_LEFT = 10,         /**< "days_left": int, days from the date to the anchor */
    SUP_DUECOL_LANG = 11,              /**< "lang": "ru" or "en", the language to write in (the customer's) */
    SUP_DUECOL_RECIPIENTS = 12,        /**< "recipients": the customer's addresses joined by ", ", or NULL */
    SUP_DUECOL_ACTION = 13,            /**< "action": sup_send_action */
    SUP_DUECOL_DUE = 14,               /**< "due": the date the schedule made it due (earlier for a retry) */
    SUP_DUECOL_ATTEMPTS = 15           /**< "attempts": int, failed attempts so far */
} sup_due_column;

/**
 * The reminder e-mails due on `on` (opts NULL: the defaults), by customer id,
 * then license id:
 *  - every reminder of sup_ledger_list_reminders(schedule, on) not yet sent:
 *    SUP_SEND_NEW, SUP_SEND_RETRY when an attempt of it failed,
 *    SUP_SEND_UNCONFIRMED when an attempt has no outcome, SUP_SEND_NO_EMAIL when
 *    the customer has no address (nothing can be sent: report it);
 *  - and, after those of the same license, the reminders first due within the
 *    `retry_days` days before `on` whose every attempt failed (SUP_SEND_RETRY),
 *    or one of which has no outcome (SUP_SEND_UNCONFIRMED), while they still
 *    hold: the notice still fits the date (sup_notice_render's rule), the
 *    anchor is unchanged (no renewal since), no later reminder about the same
 *    anchor (of any kind) is due on `on` or was attempted, and it was not sent.
 * Render each row with sup_ledger_render_notice and sup_ledger_render_subject
 * (the row's kind and language) on `on`, then record the send. The schedule
 * decides each reminder through the core; the SQL only finds candidates.
 */
SUP_API SUP_NODISCARD int sup_ledger_list_sends_due(sup_ledger *ledger, sup_date on,
                                                    const sup_sends_due_options *opts, sup_cursor **out);

/**
 * The subject line of the e-mail carrying `notice` for `license` on `on`
 * (sup_notice_subject with the ledger's names, price history and every policy
 * version; the same errors as sup_ledger_render_notice). Free *out with sup_free().
 */
SUP_API SUP_NODISCARD int sup_ledger_render_subject(sup_ledger *ledger, sup_id license, sup_date on,
                                                    const sup_notice *notice, char **out);

/* ---- recording sends ------------------------------------------------------------------- */

/** The longest recipient text (the addresses of one message) and error text, in bytes. */
#define SUP_SEND_RECIPIENT_MAX 4096
#define SUP_SEND_ERROR_MAX 2000
/** The longest Message-ID, in bytes (a header line's limit). */
#define SUP_SEND_MESSAGE_ID_MAX 998

/** One attempt to send a reminder (initialise with sup_send_init). */
typedef struct sup_send {
    unsigned version;       /**< SUP_SEND_VERSION */
    sup_id license;         /**< the row's license */
    sup_notice_kind kind;   /**< the row's notice (not SUP_NOTICE_NONE) */
    sup_date anchor;        /**< the row's anchor */
    sup_date due;           /**< the row's due date (not after `on`) */
    sup_date on;            /**< the date of this run */
    const char *recipient;  /**< the addresses the message goes to, as text (1 … SUP_SEND_RECIPIENT_MAX bytes) */
    const char *message_id; /**< the message's Message-ID, unique in the ledger ("<…@…>") */
    int64_t time_ms;        /**< the caller's wall-clock time (ms since 1970), 0: none */
} sup_send;
#define SUP_SEND_VERSION 1

SUP_API SUP_NODISCARD int sup_send_init(sup_send *send, unsigned version);

/**
 * Step 1, before handing the message to the mail server: record the attempt
 * and its audit event ("reminder_sending"). `attempt` gets its id. The same
 * Message-ID again for the same reminder is a replay: *replayed = 1 and the
 * first attempt's id, nothing written — the message is being (or was) sent
 * by whoever began it: do not send it again. SUP_ECONFLICT, nothing written:
 * the reminder was already sent (naming when and as which Message-ID), an
 * attempt of it has no outcome (the crash rule), or the Message-ID belongs to
 * another reminder. SUP_ENOTFOUND for an unknown license. replayed may be NULL.
 */
SUP_API SUP_NODISCARD int sup_ledger_begin_send(sup_ledger *ledger, const char *actor, const sup_send *send,
                                                sup_id *attempt, int *replayed);

/**
 * Step 2, after: record the outcome of `attempt` — ok = 1 sent (error NULL or
 * ""), ok = 0 failed with the error text (required, at most
 * SUP_SEND_ERROR_MAX bytes, line breaks allowed) — at the caller's wall-clock
 * time, with its audit event ("reminder_sent" / "reminder_failed"). The same
 * outcome again changes nothing; another outcome for an attempt that has one
 * is SUP_ECONFLICT. A failed reminder is due again (sup_ledger_list_sends_due).
 */
SUP_API SUP_NODISCARD int sup_ledger_finish_send(sup_ledger *ledger, const char *actor, sup_id attempt, int ok,
                                                 const char *error, int64_t time_ms);

/* Rows of sup_ledger_list_sends. */
typedef enum sup_sent_column {
    SUP_SENTCOL_ATTEMPT = 0,     /**< "attempt": sup_id */
    SUP_SENTCOL_LICENSE = 1,     /**< "license": sup_id */
    SUP_SENTCOL_CUSTOMER = 2,    /**< "customer": sup_id */
    SUP_SENTCOL_NOTICE = 3,      /**< "notice": sup_notice_kind */
    SUP_SENTCOL_ANCHOR = 4,      /**< "anchor": date */
    SUP_SENTCOL_DUE = 5,         /**< "due": date */
    SUP_SENTCOL_ON = 6,          /**< "on": date of the run that made the attempt */
    SUP_SENTCOL_RECIPIENT = 7,   /**< "recipient": text */
    SUP_SENTCOL_MESSAGE_ID = 8,  /**< "message_id": text */
    SUP_SENTCOL_STATE = 9,       /**< "state": sup_send_state */
    SUP_SENTCOL_ERROR = 10,      /**< "error": text of a failure, else NULL */
    SUP_SENTCOL_STARTED_AT = 11, /**< "started_at": time given to sup_ledger_begin_send, or 0 */
    SUP_SENTCOL_FINISHED_AT = 12, /**< "finished_at": time given to sup_ledger_finish_send, or 0 */
    SUP_SENTCOL_ACTOR = 13       /**< "actor": who began it */
} sup_sent_column;

/** Every attempt made by a run dated from … to (inclusive), by id. */
SUP_API SUP_NODISCARD int sup_ledger_list_sends(sup_ledger *ledger, sup_date from, sup_date to, sup_cursor **out);

#ifdef __cplusplus
}
#endif
#endif /* LIBSUPPORT_SENDS_H */
