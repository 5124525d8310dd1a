/*
 * libsupport — CSV as 1C and Excel write it, and CSV that Russian Excel opens right.
 *
 * Reader (sup_csv_open / sup_csv_open_buffer … sup_csv_next … sup_csv_free):
 * streaming, one record at a time; memory is one 64 KiB chunk of the input
 * plus the current record, whatever the size of the file.
 *  - Separator: given, or detected from the first record (outside quotes):
 *    ";" or ",", whichever occurs more often, ";" on a tie or if neither does.
 *  - Encoding: given, or detected: a UTF-8 byte order mark means UTF-8 (the mark
 *    is skipped); otherwise input that is valid UTF-8 throughout is UTF-8, and
 *    anything else is Windows-1251 (1C's and Russian Excel's "CSV"), converted
 *    to UTF-8 with the full code page (№ « » — – ё Ё …; byte 0x98, which has no
 *    character, is an error). A file read from a path is read twice for this
 *    detection (once to scan, once to parse), still in 64 KiB chunks. UTF-16
 *    (Excel's "Unicode text") is refused with a message saying so.
 *  - Quoting as RFC 4180: a field that starts with a double quote runs to the
 *    next lone quote, "" inside it is one quote, and it may hold separators and
 *    line breaks. Records end with CRLF, LF or CR. Lines that are entirely empty
 *    are skipped (they are not records of one empty field); the last record may
 *    lack its line end. Fields are given as they are: no trimming.
 *  - Errors are SUP_EPARSE with the line and column (in characters, from 1)
 *    and the field number: a quote inside an unquoted field, a character after
 *    the closing quote of a field, a quoted field still open at the end of the
 *    input, a NUL byte, a field longer than max_field_bytes, more than
 *    max_fields fields, invalid UTF-8 in UTF-8 input, byte 0x98 in Windows-1251
 *    input; SUP_EIO for a file that cannot be read. An error is final: every
 *    later sup_csv_next() returns it again.
 *
 * Writer (sup_csv_writer_new … sup_csv_write_* … sup_csv_end_row …): builds
 * the bytes of a CSV file in memory for the caller to write where it wants (a
 * file, an HTTP response, a Python or PHP stream: the library does no I/O of
 * its own and works the same from every binding). Take the finished rows with
 * sup_csv_writer_data() and drop them with sup_csv_writer_clear() as you go,
 * so that memory stays flat. By default the output is what Russian Excel opens
 * right with a double click: a UTF-8 byte order mark, ";" between fields, CRLF
 * line ends, amounts as "1998,00" and dates as DD.MM.YYYY. Whatever the writer
 * writes, the reader reads back as the same fields (with a separator other
 * than ";", give it to the reader: detection may see none in a first row of
 * one field).
 */
#ifndef LIBSUPPORT_CSV_H
#define LIBSUPPORT_CSV_H

#include "common.h"
#include "date.h"
#include "money.h"

#ifdef __cplusplus
extern "C" {
#endif

/* ---- reader ------------------------------------------------------------------ */

/** A CSV reader (opaque). */
typedef struct sup_csv_reader sup_csv_reader;

/** The encoding of CSV input. */
typedef enum sup_csv_encoding {
    SUP_CSV_DETECT = 0, /**< in options: detect (see the top of this header) */
    SUP_CSV_UTF8 = 1,   /**< UTF-8, with or without the byte order mark */
    SUP_CSV_CP1251 = 2  /**< Windows-1251 (Cyrillic), converted to UTF-8 */
} sup_csv_encoding;

/** The default and the largest limit on the bytes of one field (as UTF-8). */
#define SUP_CSV_FIELD_MAX 65536
#define SUP_CSV_FIELD_LIMIT 16777216 /* 16 MiB */
/** The default and the largest limit on the fields of one record. */
#define SUP_CSV_FIELDS_MAX 1024
#define SUP_CSV_FIELDS_LIMIT 65536

#define SUP_CSV_OPTIONS_VERSION 1

/** How to read CSV. Fill with sup_csv_options_init(), then change what you need. */
typedef struct sup_csv_options {
    unsigned version;          /**< SUP_CSV_OPTIONS_VERSION */
    char separator;            /**< 0: detect ";" or ","; else the separator (ASCII punctuation or tab) */
    sup_csv_encoding encoding; /**< SUP_CSV_DETECT (default), SUP_CSV_UTF8 or SUP_CSV_CP1251 */
    size_t max_field_bytes;    /**< 0: SUP_CSV_FIELD_MAX; at most SUP_CSV_FIELD_LIMIT */
    size_t max_fields;         /**< 0: SUP_CSV_FIELDS_MAX; at most SUP_CSV_FIELDS_LIMIT */
} sup_csv_options;

/**
 * Set every option to its default (detect the separator and the encoding,
 * default limits). SUP_EINVAL for a version this library does not know.
 */
SUP_API SUP_NODISCARD int sup_csv_options_init(sup_csv_options *opts, unsigned version);

/**
 * Open a CSV file for reading (opts NULL: the defaults). The separator and the
 * encoding are detected here. SUP_EIO if the file cannot be opened or read,
 * SUP_EPARSE for UTF-16 input or a UTF-8 byte order mark when Windows-1251 was
 * asked for, SUP_EINVAL or SUP_ERANGE for bad options. Free with sup_csv_free().
 */
SUP_API SUP_NODISCARD int sup_csv_open(const char *path, const sup_csv_options *opts, sup_csv_reader **out);

/**
 * The same over bytes in memory. The bytes are not copied: they must stay
 * valid and unchanged until sup_csv_free().
 */
SUP_API SUP_NODISCARD int sup_csv_open_buffer(const void *data, size_t size, const sup_csv_options *opts,
                                              sup_csv_reader **out);

/**
 * Read the next record: 1 if there is one (its fields are then available),
 * 0 at the end of the input, a negative result code on an error (see the top
 * of this header; the error is final).
 */
SUP_API int sup_csv_next(sup_csv_reader *reader);

/** The number of fields of the current record (at least 1; 0 before the first, at the end, after an error). */
SUP_API size_t sup_csv_field_count(const sup_csv_reader *reader);

/**
 * Field i (from 0) of the current record: UTF-8, NUL-terminated, never
 * containing a NUL; valid until the next sup_csv_next() or sup_csv_free().
 * NULL if i is out of range.
 */
SUP_API const char *sup_csv_field(const sup_csv_reader *reader, size_t i);

/** The line (from 1) on which the current record starts, for messages; 0 before the first record. */
SUP_API int64_t sup_csv_line(const sup_csv_reader *reader);

/** The encoding the input is read in (given or detected): SUP_CSV_UTF8 or SUP_CSV_CP1251. */
SUP_API sup_csv_encoding sup_csv_encoding_of(const sup_csv_reader *reader);

/** The separator (given or detected). */
SUP_API char sup_csv_separator(const sup_csv_reader *reader);

/** "UTF-8", "Windows-1251", "detect" ("" for an unknown value). */
SUP_API const char *sup_csv_encoding_name(sup_csv_encoding encoding);

/** Close the input and free the reader. NULL is fine. */
SUP_API void sup_csv_free(sup_csv_reader *reader);

/* ---- writer ------------------------------------------------------------------ */

/** A CSV writer (opaque). */
typedef struct sup_csv_writer sup_csv_writer;

#define SUP_CSV_WRITE_OPTIONS_VERSION 1

/** How to write CSV. Fill with sup_csv_write_options_init(), then change what you need. */
typedef struct sup_csv_write_options {
    unsigned version;            /**< SUP_CSV_WRITE_OPTIONS_VERSION */
    char separator;              /**< ";" (default), or other ASCII punctuation or tab */
    int bom;                     /**< 1 (default): start with the UTF-8 byte order mark (Excel needs it) */
    int crlf;                    /**< 1 (default): CRLF line ends; 0: LF */
    sup_date_style date_style;   /**< SUP_DATE_RU (default, 31.01.2026) or SUP_DATE_ISO */
    sup_money_style money_style; /**< SUP_MONEY_DECIMAL_COMMA (default, 1998,00) or another money style */
    int guard_formulas;          /**< 0 (default). 1: a text field starting with = + - @, tab or CR gets a
                                      leading ' so that a spreadsheet shows it as text instead of running it as
                                      a formula (CSV injection); the ' is then part of the field when read back */
} sup_csv_write_options;

/** Set every option to its default. SUP_EINVAL for a version this library does not know. */
SUP_API SUP_NODISCARD int sup_csv_write_options_init(sup_csv_write_options *opts, unsigned version);

/** A new writer (opts NULL: the defaults); the byte order mark, if any, is its first output. */
SUP_API SUP_NODISCARD int sup_csv_writer_new(const sup_csv_write_options *opts, sup_csv_writer **out);

/** Free a writer and the output not yet taken. NULL is fine. */
SUP_API void sup_csv_writer_free(sup_csv_writer *writer);

/**
 * Add a text field to the current row, quoted when it must be: when it holds
 * the separator, a double quote, CR or LF, when it starts with the bytes of a
 * byte order mark, and in the first row also when it holds ";" or "," (the
 * reader detects the separator from the first record). A row of one empty
 * field is written as "" so that its line is not empty. SUP_EINVAL if text is
 * not valid UTF-8 (the row is then unchanged).
 */
SUP_API SUP_NODISCARD int sup_csv_write_field(sup_csv_writer *writer, const char *text);

/** Add an amount in the writer's money style ("1998,00"). */
SUP_API SUP_NODISCARD int sup_csv_write_money(sup_csv_writer *writer, sup_money amount);

/** Add a date in the writer's date style ("31.01.2026"); SUP_DATE_NONE adds an empty field. SUP_EDATE if invalid. */
SUP_API SUP_NODISCARD int sup_csv_write_date(sup_csv_writer *writer, sup_date date);

/** Add a whole number ("-42"). */
SUP_API SUP_NODISCARD int sup_csv_write_int(sup_csv_writer *writer, int64_t value);

/**
 * End the current row: it joins the output (sup_csv_writer_data() only ever
 * holds whole rows). SUP_ESTATE if the row has no field.
 */
SUP_API SUP_NODISCARD int sup_csv_end_row(sup_csv_writer *writer);

/** Forget the fields of the current row (nothing of it is output). */
SUP_API void sup_csv_discard_row(sup_csv_writer *writer);

/**
 * The output not yet cleared: the byte order mark and the ended rows, UTF-8.
 * *len gets its length in bytes. Valid until the next call on the writer.
 */
SUP_API const char *sup_csv_writer_data(const sup_csv_writer *writer, size_t *len);

/** Drop the output (after the caller wrote it out); the next rows follow on. */
SUP_API void sup_csv_writer_clear(sup_csv_writer *writer);

#ifdef __cplusplus
}
#endif
#endif /* LIBSUPPORT_CSV_H */
