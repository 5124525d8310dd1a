/*
 * libsupport — the vendor's data in and out of a ledger: customers and licenses
 * imported from CSV as 1C and Excel write it (csv.h: ";" or ",", UTF-8 with or
 * without a byte order mark or Windows-1251; dates DD.MM.YYYY or ISO, amounts
 * with "," or "." decimals and spaces between thousands: the import forms of
 * date.h and money.h), and exported with the same columns, so that an export
 * imports back unchanged. docs/import.md documents every column.
 *
 * An import is one transaction over both files: all or nothing by default —
 * every bad row is reported with its file, line and column and nothing is
 * written — or, with SUP_IMPORT_SKIP_BAD, the good rows are written and the bad
 * ones reported. Importing the same files again changes nothing: customers are
 * matched by code, licenses by the vendor's external id (license.external_id,
 * unique). Memory does not grow with the size of the files.
 */
#ifndef LIBSUPPORT_IMPORT_H
#define LIBSUPPORT_IMPORT_H

#include "common.h"
#include "csv.h"
#include "ledger.h"

#ifdef __cplusplus
extern "C" {
#endif

/** The longest external id of a license, in bytes. */
#define SUP_LEDGER_EXTERNAL_ID_MAX 128

/* ---- import ------------------------------------------------------------------------ */

/** Flags of sup_import_options. */
#define SUP_IMPORT_DRY_RUN 0x1u  /**< check and count everything, write nothing */
#define SUP_IMPORT_SKIP_BAD 0x2u /**< write the good rows, report the bad ones (default: all or nothing) */

/** Which file a progress call or an error is about. */
typedef enum sup_import_file {
    SUP_IMPORT_CUSTOMERS = 0, /**< the customers file */
    SUP_IMPORT_LICENSES = 1   /**< the licenses file */
} sup_import_file;

/** What to import (initialise with sup_import_options_init). Each file is a path or bytes in memory. */
typedef struct sup_import_options {
    unsigned version;             /**< SUP_IMPORT_OPTIONS_VERSION */
    unsigned flags;               /**< SUP_IMPORT_DRY_RUN, SUP_IMPORT_SKIP_BAD */
    const char *customers_path;   /**< the customers CSV, or NULL */
    const void *customers_data;   /**< or its bytes (when customers_path is NULL; not copied) */
    size_t customers_size;
    const char *licenses_path;    /**< the licenses CSV, or NULL */
    const void *licenses_data;    /**< or its bytes */
    size_t licenses_size;
    const sup_csv_options *csv;   /**< how to read both (NULL: detect the separator and the encoding) */
    /** Called every 4096 rows and at the end of each file with the rows read so far; non-zero stops the
     *  import (SUP_ESTATE, nothing written). NULL: not called. */
    int (*progress)(void *payload, sup_import_file file, int64_t rows);
    void *payload;
    size_t max_errors;            /**< errors kept in the report (0: 1000); all are counted */
} sup_import_options;
#define SUP_IMPORT_OPTIONS_VERSION 1

SUP_API SUP_NODISCARD int sup_import_options_init(sup_import_options *opts, unsigned version);

/** What an import did and found (opaque; free with sup_import_report_free). */
typedef struct sup_import_report sup_import_report;

/** The counts of a report. */
typedef enum sup_import_count {
    SUP_IMPORT_CUSTOMERS_ADDED = 0,
    SUP_IMPORT_CUSTOMERS_UPDATED = 1,   /**< a field differed from the ledger's (audited old -> new) */
    SUP_IMPORT_CUSTOMERS_UNCHANGED = 2,
    SUP_IMPORT_LICENSES_ADDED = 3,
    SUP_IMPORT_LICENSES_UNCHANGED = 4,
    SUP_IMPORT_PERIODS_RECORDED = 5,    /**< known support ends recorded (new licenses and existing ones) */
    SUP_IMPORT_BAD_ROWS = 6,            /**< rows refused (with SUP_IMPORT_SKIP_BAD: not written) */
    SUP_IMPORT_ROWS = 7                 /**< data rows read, in both files */
} sup_import_count;

/**
 * Import the files of `opts` in one transaction, the customers first. On
 * SUP_OK every row was good (or SUP_IMPORT_SKIP_BAD skipped the bad ones) and
 * the import is committed (with SUP_IMPORT_DRY_RUN: checked and rolled back).
 * SUP_EPARSE: bad rows and no SUP_IMPORT_SKIP_BAD: nothing was written, and
 * *report (also set in this case) lists them. Other errors (SUP_EIO a file
 * that cannot be read, SUP_EINVAL bad options, storage errors …): nothing
 * written, *report NULL. A CSV that cannot be read on (a quote left open …) is
 * a bad row at the place it breaks; with SUP_IMPORT_SKIP_BAD the rows before
 * it are kept.
 */
SUP_API SUP_NODISCARD int sup_ledger_import(sup_ledger *ledger, const char *actor, const sup_import_options *opts,
                                            sup_import_report **report);

SUP_API void sup_import_report_free(sup_import_report *report);
/** 1 if the import was committed, 0 if nothing was written (bad rows, or a dry run). */
SUP_API int sup_import_report_applied(const sup_import_report *report);
/** 1 for a dry run. */
SUP_API int sup_import_report_dry_run(const sup_import_report *report);
SUP_API int64_t sup_import_report_count(const sup_import_report *report, sup_import_count what);
/** The errors kept (at most max_errors; SUP_IMPORT_BAD_ROWS counts them all). */
SUP_API size_t sup_import_report_error_count(const sup_import_report *report);
/**
 * Error i: the file it is in, its line (from 1; the line the row starts on),
 * the column's name as in the file's header (NULL when the row as a whole is
 * wrong) and the message. Strings are owned by the report. SUP_ENOTFOUND if i
 * is out of range. Any out pointer may be NULL.
 */
SUP_API SUP_NODISCARD int sup_import_report_error(const sup_import_report *report, size_t i, sup_import_file *file,
                                                  int64_t *line, const char **column, const char **message);

/* ---- export -------------------------------------------------------------------------- */

/** What to export. */
typedef enum sup_export_what {
    SUP_EXPORT_CUSTOMERS = 0, /**< every customer with its contact data */
    SUP_EXPORT_LICENSES = 1   /**< every license with its purchase and its support end */
} sup_export_what;

typedef enum sup_export_format {
    SUP_EXPORT_CSV = 0, /**< CSV for Russian Excel (sup_csv_writer's defaults), the columns of the import */
    SUP_EXPORT_JSON = 1 /**< a JSON array of objects with the same keys (dates ISO, amounts "7990.00") */
} sup_export_format;

/** An export (initialise with sup_export_options_init). The library writes through `write`. */
typedef struct sup_export_options {
    unsigned version;         /**< SUP_EXPORT_OPTIONS_VERSION */
    sup_export_what what;
    sup_export_format format;
    /** Takes the next bytes of the export; non-zero stops it (SUP_EIO). Required. */
    int (*write)(void *payload, const char *data, size_t len);
    void *payload;
} sup_export_options;
#define SUP_EXPORT_OPTIONS_VERSION 1

SUP_API SUP_NODISCARD int sup_export_options_init(sup_export_options *opts, unsigned version);

/**
 * Write every customer or every license, by id, in chunks of rows, from one
 * consistent read (memory stays flat). A license without an external id is
 * written as "#ID" (its id in this ledger): importing it back into this ledger
 * changes nothing, into another ledger it is refused (it has no external id).
 */
SUP_API SUP_NODISCARD int sup_ledger_export(sup_ledger *ledger, const sup_export_options *opts);

#ifdef __cplusplus
}
#endif
#endif /* LIBSUPPORT_IMPORT_H */
