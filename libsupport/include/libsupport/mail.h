/*
 * libsupport — e-mail messages (RFC 5322 with MIME, RFC 2045–2047) for the
 * reminder and sign-in e-mails: the library builds the exact bytes to hand to
 * an SMTP client; it never sends, and never reads the clock (the caller gives
 * the Date and the Message-ID).
 *
 * The message is 7-bit ASCII with CRLF line ends and lines of at most 76
 * characters (a Message-ID or an address longer than a line stays on its own
 * line): non-ASCII header text becomes RFC 2047 encoded-words (UTF-8), bodies
 * are UTF-8 in quoted-printable or base64. Every header value is checked: a CR,
 * LF or other control character in any of them is SUP_EINVAL, so header
 * injection is impossible.
 */
#ifndef LIBSUPPORT_MAIL_H
#define LIBSUPPORT_MAIL_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/**
 * A mailbox. `address` is an ASCII addr-spec "local@domain": the local part a
 * dot-atom (letters, digits, !#$%&'*+-/=?^_`{|}~ and inner dots; no quoted
 * local parts), the domain host names of letters, digits and inner hyphens
 * separated by dots; at most 254 characters. This is a syntax check made here
 * for the builder, not the e-mail validation of customer records.
 * `name` is an optional display name in UTF-8 (NULL or "" for none, at most
 * 256 bytes): plain words are written as they are, ASCII with specials as a
 * quoted string, anything else as encoded-words.
 */
typedef struct sup_mail_address {
    const char *address;
    const char *name;
} sup_mail_address;

/**
 * An extra header. `name`: 1…76 printable ASCII characters without ':'; not
 * one the builder writes itself or an address header (From, To, Cc, Bcc,
 * Reply-To, Sender, Subject, Date, Message-ID, MIME-Version, Content-*,
 * Auto-Submitted, Return-Path; any case). `value`: UTF-8 text (at most 2000
 * bytes), encoded as needed like the Subject.
 */
typedef struct sup_mail_header {
    const char *name;
    const char *value;
} sup_mail_header;

/** How the bodies are encoded. */
typedef enum sup_mail_body_encoding {
    SUP_MAIL_QUOTED_PRINTABLE = 0, /**< readable for mostly-ASCII text (the default) */
    SUP_MAIL_BASE64 = 1            /**< a third larger, for text that is mostly not ASCII */
} sup_mail_body_encoding;

/** How non-ASCII header text is encoded (RFC 2047). */
typedef enum sup_mail_word_encoding {
    SUP_MAIL_WORDS_B = 0, /**< "=?UTF-8?B?…?=" base64: compact for Cyrillic (the default) */
    SUP_MAIL_WORDS_Q = 1  /**< "=?UTF-8?Q?…?=" quoted-printable style */
} sup_mail_word_encoding;

/** Limits of a message. */
#define SUP_MAIL_TO_MAX 100
#define SUP_MAIL_HEADERS_MAX 50
#define SUP_MAIL_SUBJECT_MAX 2000
#define SUP_MAIL_BODY_MAX 16777216u /* 16 MiB */
/** The largest |utc_offset_minutes|: 23:59. */
#define SUP_MAIL_UTC_OFFSET_MAX (23 * 60 + 59)

/** A message to build (versioned: initialise with sup_mail_message_init, then set the fields). */
typedef struct sup_mail_message {
    unsigned version;               /**< SUP_MAIL_MESSAGE_VERSION */
    sup_mail_address from;          /**< required */
    const sup_mail_address *to;     /**< 1 … SUP_MAIL_TO_MAX recipients */
    size_t to_count;
    const sup_mail_address *reply_to; /**< optional (NULL) */
    const char *subject;            /**< UTF-8, required (may be ""), at most SUP_MAIL_SUBJECT_MAX bytes */
    int64_t date;                   /**< Unix seconds (UTC) of the Date header */
    int utc_offset_minutes;         /**< the sender's offset from UTC, e.g. 180 for Moscow (+0300) */
    const char *message_id;         /**< "<local@domain>", required (sup_mail_make_message_id) */
    const char *text;               /**< the text/plain body, UTF-8, required (may be "") */
    const char *html;               /**< an optional text/html body, UTF-8 (NULL: a single text part) */
    sup_mail_body_encoding body_encoding;   /**< SUP_MAIL_QUOTED_PRINTABLE by default */
    sup_mail_word_encoding word_encoding;   /**< SUP_MAIL_WORDS_B by default */
    const sup_mail_header *headers; /**< optional extra headers, in order */
    size_t header_count;            /**< at most SUP_MAIL_HEADERS_MAX */
} sup_mail_message;
#define SUP_MAIL_MESSAGE_VERSION 1

/** Set *m to an empty message of the given version (SUP_MAIL_MESSAGE_VERSION); SUP_EINVAL for another. */
SUP_API SUP_NODISCARD int sup_mail_message_init(sup_mail_message *m, unsigned version);

/**
 * Build the message: the headers Date, From, To, Reply-To (if given),
 * Message-ID, Subject, MIME-Version: 1.0, Auto-Submitted: auto-generated
 * (RFC 3834: automatic mail; well-behaved systems send no auto-replies), the
 * extra headers, then the body: with `html`, a multipart/alternative of the
 * text part and the HTML part, else the text part alone; each part
 * "text/plain" or "text/html; charset=UTF-8" in the chosen encoding.
 *
 * Bodies are text: their line breaks (LF, CRLF or a lone CR) become CRLF, the
 * canonical form a reader decodes them to. Quoted-printable lines are at most
 * 76 characters with soft breaks; whitespace at a line end and a "From " at a
 * line start are encoded. The multipart boundary is "=_sup_" + 16 hex digits
 * derived from the Message-ID + "_alt": it cannot occur in the parts, since
 * "=_" never appears in quoted-printable or base64, and the same message
 * builds to the same bytes.
 *
 * *out receives the message (free with sup_free). SUP_EINVAL, naming the field,
 * for a missing or malformed field: an address, a Message-ID not "<a@b>",
 * control characters (CR, LF …) in any header text, text that is not UTF-8,
 * an extra header name that is not allowed, a limit exceeded; SUP_EDATE for a
 * date outside 1900…9999 or an offset beyond ±23:59; SUP_ENOMEM.
 */
SUP_API SUP_NODISCARD int sup_mail_build(const sup_mail_message *m, char **out);

/**
 * A Message-ID "<hex@domain>" from 1 … 64 bytes the caller guarantees unique
 * (a random value, or a hash of what the message is about) and the sender's
 * domain (a host name as for addresses). *out: free with sup_free.
 */
SUP_API SUP_NODISCARD int sup_mail_make_message_id(const void *unique, size_t len, const char *domain, char **out);

/**
 * The Date header's value for Unix seconds and an offset from UTC in minutes:
 * "Tue, 01 Dec 2026 09:00:00 +0300" (RFC 5322) into buf (at least
 * SUP_MAIL_DATE_BUFSIZE bytes). SUP_EDATE outside 1900…9999 or beyond ±23:59.
 */
#define SUP_MAIL_DATE_BUFSIZE 32
SUP_API SUP_NODISCARD int sup_mail_format_date(int64_t unix_seconds, int utc_offset_minutes, char *buf,
                                               size_t bufsize);

#ifdef __cplusplus
}
#endif
#endif /* LIBSUPPORT_MAIL_H */
