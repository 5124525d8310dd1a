/*
 * libsupport — bank statements in the 1CClientBankExchange format
 * ("Стандарт обмена с системами «Клиент банка»", versions 1.02 and 1.03), the
 * text file every Russian bank exports for 1C, and the invoice numbers named
 * in a payment's purpose. docs/bank-statements.md describes the format and
 * what this parser accepts.
 *
 * The parser reads a whole file from memory: it decodes it (Windows-1251, DOS
 * CP866 or UTF-8) and either returns every section and document or refuses the
 * whole file with the line number and the reason. Nothing is half-parsed.
 * All strings the statement returns are UTF-8, owned by the statement and
 * valid until sup_bank_statement_free().
 */
#ifndef LIBSUPPORT_BANK_H
#define LIBSUPPORT_BANK_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** An opaque parsed statement (the whole file). */
typedef struct sup_bank_statement sup_bank_statement;
/** One document section (СекцияДокумент … КонецДокумента), owned by its statement. */
typedef struct sup_bank_doc sup_bank_doc;
/** One balance section (СекцияРасчСчет … КонецРасчСчет), owned by its statement. */
typedef struct sup_bank_balance sup_bank_balance;

/** The character encoding of a statement file. */
typedef enum sup_bank_encoding {
    SUP_BANK_ENCODING_AUTO = 0,   /**< options only: a UTF-8 BOM, else the file's Кодировка line decides */
    SUP_BANK_ENCODING_CP1251 = 1, /**< Кодировка=Windows: Windows-1251 */
    SUP_BANK_ENCODING_CP866 = 2,  /**< Кодировка=DOS: CP866 */
    SUP_BANK_ENCODING_UTF8 = 3    /**< Кодировка=UTF-8 (not in the 1C standard, written by some banks), or a BOM */
} sup_bank_encoding;

/** The default and the largest file size the parser accepts (64 MiB: years of a busy account). */
#define SUP_BANK_MAX_BYTES_DEFAULT 67108864u /* 64 MiB */
#define SUP_BANK_MAX_BYTES_LIMIT 268435456u  /* 256 MiB */

/** Options of sup_bank_statement_parse (versioned: initialise with sup_bank_parse_options_init). */
typedef struct sup_bank_parse_options {
    unsigned version; /**< SUP_BANK_PARSE_OPTIONS_VERSION */
    /**
     * AUTO (the default): a UTF-8 byte order mark means UTF-8; otherwise the
     * Кодировка line decides, and it must agree with the bytes it is written
     * in (a file saved as UTF-8 that still says Кодировка=Windows is refused
     * with a message saying so). Any other value forces that encoding (for a
     * file a tool re-encoded without fixing its Кодировка line); the line must
     * still be there.
     */
    sup_bank_encoding encoding;
    /** Refuse larger files (0: SUP_BANK_MAX_BYTES_DEFAULT; at most SUP_BANK_MAX_BYTES_LIMIT). */
    size_t max_bytes;
} sup_bank_parse_options;
#define SUP_BANK_PARSE_OPTIONS_VERSION 1

/** Set *opts to the defaults of the given version (SUP_BANK_PARSE_OPTIONS_VERSION). SUP_EINVAL for another. */
SUP_API SUP_NODISCARD int sup_bank_parse_options_init(sup_bank_parse_options *opts, unsigned version);

/**
 * Parse a whole statement file of `len` bytes (it may contain any bytes; it
 * need not be NUL-terminated). `opts` may be NULL for the defaults.
 *
 * Accepted: the first line is exactly "1CClientBankExchange" (after an
 * optional UTF-8 BOM); then the header's "Key=Value" lines (ВерсияФормата
 * 1.02 or 1.03 and Кодировка Windows, DOS or UTF-8 are required; РасчСчет and
 * Документ may repeat, other header keys may not); then any number of
 * "СекцияРасчСчет" … "КонецРасчСчет" and "СекцияДокумент=<kind>" …
 * "КонецДокумента" sections; then "КонецФайла" (only blank lines may follow).
 * Lines end with CRLF or LF; blank lines are skipped; spaces and tabs around
 * keys and values are dropped. Inside a document, Номер, Дата and Сумма are
 * required; Сумма is rubles with at most two decimals after a '.' ("1998",
 * "1998.5", "1998.00"); dates are DD.MM.YYYY; an empty value counts as absent.
 *
 * Refused with SUP_EPARSE and "bank statement line N: <reason>": a missing or
 * different first line, an unknown or misplaced section start or end
 * (КонецДокумента missing before the next СекцияДокумент or the end of the
 * file), a missing КонецФайла (a truncated file), a line without '=' inside a
 * section, a duplicate key in one section or the header, a bad date or
 * amount, bytes that are not text in the file's encoding (or control
 * characters), an unknown ВерсияФормата or Кодировка. SUP_ERANGE for a file
 * larger than the limit, SUP_EINVAL for bad arguments or options, SUP_ENOMEM.
 * On failure *out is set to NULL.
 */
SUP_API SUP_NODISCARD int sup_bank_statement_parse(const char *data, size_t len, const sup_bank_parse_options *opts,
                                                   sup_bank_statement **out);
SUP_API void sup_bank_statement_free(sup_bank_statement *statement);

/* ---- the header ------------------------------------------------------------- */
/** ВерсияФормата as written: "1.02" or "1.03". */
SUP_API const char *sup_bank_statement_version(const sup_bank_statement *statement);
/** The encoding the file was decoded from (never AUTO). */
SUP_API sup_bank_encoding sup_bank_statement_encoding(const sup_bank_statement *statement);
/** The value of a header key (the first, for РасчСчет and Документ), "" if empty, NULL if absent. */
SUP_API const char *sup_bank_statement_field(const sup_bank_statement *statement, const char *key);
/** The header's key = value lines in file order: count, and line i (SUP_ENOTFOUND if out of range). */
SUP_API size_t sup_bank_statement_field_count(const sup_bank_statement *statement);
SUP_API SUP_NODISCARD int sup_bank_statement_field_at(const sup_bank_statement *statement, size_t i,
                                                      const char **key, const char **value);
/** ДатаСоздания, ДатаНачала and ДатаКонца of the header, SUP_DATE_NONE if absent or empty. */
SUP_API sup_date sup_bank_statement_created_on(const sup_bank_statement *statement);
SUP_API sup_date sup_bank_statement_date_from(const sup_bank_statement *statement);
SUP_API sup_date sup_bank_statement_date_to(const sup_bank_statement *statement);
/** The accounts of the header's РасчСчет lines (the accounts the file covers), in order; NULL if out of range. */
SUP_API size_t sup_bank_statement_account_count(const sup_bank_statement *statement);
SUP_API const char *sup_bank_statement_account(const sup_bank_statement *statement, size_t i);

/* ---- balance sections ------------------------------------------------------- */
/** The amounts of a balance section. */
typedef enum sup_bank_balance_item {
    SUP_BANK_OPENING = 0,  /**< НачальныйОстаток (may be negative) */
    SUP_BANK_RECEIVED = 1, /**< ВсегоПоступило: the incoming turnover */
    SUP_BANK_DEBITED = 2,  /**< ВсегоСписано: the outgoing turnover */
    SUP_BANK_CLOSING = 3   /**< КонечныйОстаток (may be negative) */
} sup_bank_balance_item;

SUP_API size_t sup_bank_statement_balance_count(const sup_bank_statement *statement);
/** Balance section i in file order, NULL if out of range. */
SUP_API const sup_bank_balance *sup_bank_statement_balance(const sup_bank_statement *statement, size_t i);
/** РасчСчет of the section ("" if absent). */
SUP_API const char *sup_bank_balance_account(const sup_bank_balance *balance);
/** ДатаНачала / ДатаКонца of the section, SUP_DATE_NONE if absent. */
SUP_API sup_date sup_bank_balance_date_from(const sup_bank_balance *balance);
SUP_API sup_date sup_bank_balance_date_to(const sup_bank_balance *balance);
/** An amount in kopecks; SUP_ENOTFOUND (*out unchanged) if the section does not give it. */
SUP_API SUP_NODISCARD int sup_bank_balance_amount(const sup_bank_balance *balance, sup_bank_balance_item item,
                                                  sup_money *out);
/** Any key of the section as written, "" if empty, NULL if absent. */
SUP_API const char *sup_bank_balance_field(const sup_bank_balance *balance, const char *key);
/** The section's key = value lines in file order: count, and line i (SUP_ENOTFOUND if out of range). */
SUP_API size_t sup_bank_balance_field_count(const sup_bank_balance *balance);
SUP_API SUP_NODISCARD int sup_bank_balance_field_at(const sup_bank_balance *balance, size_t i, const char **key,
                                                    const char **value);
/** The line of "СекцияРасчСчет". */
SUP_API int sup_bank_balance_line(const sup_bank_balance *balance);

/* ---- documents -------------------------------------------------------------- */
/** The kinds of document (СекцияДокумент=<kind>); any other kind is OTHER with its text kept. */
typedef enum sup_bank_doc_kind {
    SUP_BANK_DOC_OTHER = 0,
    SUP_BANK_DOC_PAYMENT_ORDER = 1,    /**< Платежное поручение */
    SUP_BANK_DOC_BANK_ORDER = 2,       /**< Банковский ордер */
    SUP_BANK_DOC_PAYMENT_REQUEST = 3,  /**< Платежное требование */
    SUP_BANK_DOC_COLLECTION_ORDER = 4, /**< Инкассовое поручение */
    SUP_BANK_DOC_MEMORIAL_ORDER = 5,   /**< Мемориальный ордер */
    SUP_BANK_DOC_LETTER_OF_CREDIT = 6  /**< Аккредитив */
} sup_bank_doc_kind;

/** "other", "payment_order", "bank_order", "payment_request", "collection_order", "memorial_order",
 *  "letter_of_credit" ("" for an unknown value). */
SUP_API const char *sup_bank_doc_kind_name(sup_bank_doc_kind kind);

SUP_API size_t sup_bank_statement_doc_count(const sup_bank_statement *statement);
/** Document i in file order, NULL if out of range. */
SUP_API const sup_bank_doc *sup_bank_statement_doc(const sup_bank_statement *statement, size_t i);

/** The kind (ё and е are the same letter: "Платёжное поручение" is a payment order). */
SUP_API sup_bank_doc_kind sup_bank_doc_kind_of(const sup_bank_doc *doc);
/** The kind as written after "СекцияДокумент=". */
SUP_API const char *sup_bank_doc_kind_text(const sup_bank_doc *doc);
/** The line of "СекцияДокумент". */
SUP_API int sup_bank_doc_line(const sup_bank_doc *doc);
/** Номер (non-empty text: banks write numbers with letters too). */
SUP_API const char *sup_bank_doc_number(const sup_bank_doc *doc);
/** Дата: the document's own date. */
SUP_API sup_date sup_bank_doc_date(const sup_bank_doc *doc);
/** Сумма in kopecks (>= 0). */
SUP_API sup_money sup_bank_doc_amount(const sup_bank_doc *doc);
/** ДатаПоступило: the money arrived on our account on this date; SUP_DATE_NONE if absent. */
SUP_API sup_date sup_bank_doc_received_on(const sup_bank_doc *doc);
/** ДатаСписано: the money left the payer's account on this date; SUP_DATE_NONE if absent. */
SUP_API sup_date sup_bank_doc_debited_on(const sup_bank_doc *doc);

/** The two parties of a document. */
typedef enum sup_bank_party {
    SUP_BANK_PAYER = 0, /**< Плательщик… */
    SUP_BANK_PAYEE = 1  /**< Получатель… */
} sup_bank_party;

/** What sup_bank_doc_party returns, with the key it reads (Плательщик… for the payer, Получатель… for the payee). */
typedef enum sup_bank_party_field {
    SUP_BANK_ACCOUNT = 0,            /**< …Счет: the account the statement books (ПлательщикСчет) */
    SUP_BANK_SETTLEMENT_ACCOUNT = 1, /**< …РасчСчет: the party's settlement account (ПлательщикРасчСчет) */
    SUP_BANK_NAME = 2,               /**< …1 (Плательщик1) if not empty, else the bare key (Плательщик) */
    SUP_BANK_INN = 3,                /**< …ИНН */
    SUP_BANK_KPP = 4,                /**< …КПП */
    SUP_BANK_BIK = 5,                /**< …БИК */
    SUP_BANK_BANK_NAME = 6,          /**< …Банк1 */
    SUP_BANK_CORR_ACCOUNT = 7        /**< …Корсчет */
} sup_bank_party_field;

/** A party's field as written; "" if absent or empty (never NULL for a valid document, party and field). */
SUP_API const char *sup_bank_doc_party(const sup_bank_doc *doc, sup_bank_party party, sup_bank_party_field field);
/**
 * The payment purpose: НазначениеПлатежа if not empty, else the non-empty
 * lines НазначениеПлатежа1 … НазначениеПлатежа6 joined with one space; "" if none.
 */
SUP_API const char *sup_bank_doc_purpose(const sup_bank_doc *doc);
/** Any key of the document as written, "" if empty, NULL if absent. */
SUP_API const char *sup_bank_doc_field(const sup_bank_doc *doc, const char *key);
/** The document's key = value lines in file order (after СекцияДокумент): count, and line i. */
SUP_API size_t sup_bank_doc_field_count(const sup_bank_doc *doc);
SUP_API SUP_NODISCARD int sup_bank_doc_field_at(const sup_bank_doc *doc, size_t i, const char **key,
                                                const char **value);

/**
 * Whether a document is money received on `our_account` (the vendor's
 * settlement account, compared as exact text after the parser's trimming):
 *  1. the payee is ours: ПолучательСчет or ПолучательРасчСчет equals our_account; and
 *  2. the money came in: ДатаПоступило is present, or the document is not a debit
 *     of our account (neither ПлательщикСчет nor ПлательщикРасчСчет equals our_account).
 * So a payment from a customer is incoming; our own outgoing payment (payer
 * ours, payee theirs) and documents of another account are not; a document
 * whose payer and payee are both our account counts only with ДатаПоступило.
 * Returns 1 or 0; SUP_EINVAL for a NULL document or an empty/NULL account.
 */
SUP_API int sup_bank_doc_is_incoming(const sup_bank_doc *doc, const char *our_account);

/* ---- invoice numbers in a payment purpose ---------------------------------- */
/** An invoice number "YYYY-NNNNNN" and its NUL. */
#define SUP_INVOICE_NUMBER_LEN 11

/**
 * The invoice numbers a payment purpose names: every "YYYY-NNNNNN" (four
 * digits, a hyphen, six digits) that no other digit touches, in order of first
 * appearance, each once. "Оплата по счёту № 2026-000123 от 01.12.2026",
 * "счет N2026-000123", "сч. 2026-000123" all give "2026-000123". The hyphen
 * may also be U+2010 … U+2013 or U+2212 (as word processors write it); the
 * result always has '-'. No context word is required: the caller decides which
 * numbers are its invoices (a contract numbered the same way is found too).
 *
 * *out receives a malloc'ed string (free with sup_free) of the numbers joined
 * by '\n' ("" if none); *count (may be NULL) their number. SUP_EINVAL for NULL
 * arguments or a purpose that is not UTF-8, SUP_ENOMEM.
 */
SUP_API SUP_NODISCARD int sup_bank_find_invoice_numbers(const char *purpose, char **out, size_t *count);

#ifdef __cplusplus
}
#endif
#endif /* LIBSUPPORT_BANK_H */
