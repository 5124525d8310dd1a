/*
 * libsupport — settings files: the one INI reader of the configuration files
 * the tools read (the SMTP settings of `supportctl send-reminders
 * --smtp-config FILE`, the portal's configuration, the vendor's requisites
 * for invoices). Each tool checks its own keys with sup_settings_check_keys.
 *
 * The form:
 *
 *     # a comment (also "; a comment"), on a line of its own
 *     [smtp]
 *     host = smtp.example.ru
 *     port = 587
 *     password = "secret with \"quotes\", a \\ and # signs"
 *
 * UTF-8 only (a BOM is skipped), LF or CRLF line ends. A section header is
 * "[name]"; keys before the first one are in the section "". Section names and
 * keys are 1…64 characters of letters, digits, '_', '-' and '.' (case matters).
 * A value is the rest of the line after '=' with spaces and tabs around it
 * dropped; a value in double quotes keeps its spaces and takes the escapes \"
 * and \\ (nothing may follow the closing quote). An unquoted value is taken as
 * it is, '#' and quotes included (comments are whole lines only).
 * Refused with SUP_EPARSE and "<file>:<line>: <reason>": invalid UTF-8,
 * control characters, a line that is neither a comment, a section nor
 * key = value, a bad name, a bad quoted value, a section or a key of one
 * section given twice (both lines named).
 *
 * Strings a settings object returns are owned by it, valid until sup_settings_free().
 */
#ifndef LIBSUPPORT_SETTINGS_H
#define LIBSUPPORT_SETTINGS_H

#include "common.h"

#ifdef __cplusplus
extern "C" {
#endif

/** An opaque parsed settings file. */
typedef struct sup_settings sup_settings;

/** The largest settings file (1 MiB): far more than any configuration. */
#define SUP_SETTINGS_MAX_BYTES 1048576u

/**
 * Parse settings text of `len` bytes (need not be NUL-terminated; a NUL byte
 * is refused). Messages name the source "settings". SUP_EPARSE as above,
 * SUP_ERANGE over SUP_SETTINGS_MAX_BYTES, SUP_EINVAL, SUP_ENOMEM. *out is NULL
 * on failure.
 */
SUP_API SUP_NODISCARD int sup_settings_parse(const char *text, size_t len, sup_settings **out);

/**
 * Read and parse a settings file; messages name it by its path.
 * SUP_ENOTFOUND if it does not exist, SUP_EIO if it cannot be read or is not a
 * regular file, SUP_ERANGE if it is larger than SUP_SETTINGS_MAX_BYTES, and
 * the errors of sup_settings_parse.
 */
SUP_API SUP_NODISCARD int sup_settings_load(const char *path, sup_settings **out);

SUP_API void sup_settings_free(sup_settings *settings);

/** The name messages use: the path given to sup_settings_load, or "settings". */
SUP_API const char *sup_settings_source(const sup_settings *settings);

/** A value as written (unquoted and unescaped); NULL if the key is not set. A NULL section is "". */
SUP_API const char *sup_settings_get(const sup_settings *settings, const char *section, const char *key);
/** The line a key is set on, 0 if it is not set. */
SUP_API int sup_settings_line(const sup_settings *settings, const char *section, const char *key);

/*
 * Typed getters. Each returns SUP_OK with *out set; SUP_ENOTFOUND with a
 * message ("smtp.ini: [smtp] port is not set") and *out unchanged when the key
 * is not set, so a caller with a default sets *out first and accepts
 * SUP_ENOTFOUND; or an error naming file, line, key and value:
 *   smtp.ini:4: [smtp] port = "99999" is not a whole number in 1…65535
 */
/** The value, required (SUP_ENOTFOUND if not set). */
SUP_API SUP_NODISCARD int sup_settings_get_text(const sup_settings *settings, const char *section, const char *key,
                                                const char **out);
/** A decimal integer ("-12", "587"; no '+', spaces or other digits) in min…max: SUP_ERANGE outside, SUP_EPARSE
 *  if not a number. */
SUP_API SUP_NODISCARD int sup_settings_get_int(const sup_settings *settings, const char *section, const char *key,
                                               int64_t min, int64_t max, int64_t *out);
/** true/false, yes/no, on/off, 1/0 (any case) as 1 or 0; SUP_EPARSE otherwise. */
SUP_API SUP_NODISCARD int sup_settings_get_bool(const sup_settings *settings, const char *section, const char *key,
                                                int *out);
/** A date "YYYY-MM-DD" or "DD.MM.YYYY" (sup_date_parse); SUP_EDATE otherwise. */
SUP_API SUP_NODISCARD int sup_settings_get_date(const sup_settings *settings, const char *section, const char *key,
                                                sup_date *out);

/* ---- iteration ----------------------------------------------------------------- */
/** The sections in file order ("" first if keys come before any section header); NULL if out of range. */
SUP_API size_t sup_settings_section_count(const sup_settings *settings);
SUP_API const char *sup_settings_section_name(const sup_settings *settings, size_t i);
/** Every key = value line in file order: count, and entry i (any output pointer may be NULL). */
SUP_API size_t sup_settings_entry_count(const sup_settings *settings);
SUP_API SUP_NODISCARD int sup_settings_entry(const sup_settings *settings, size_t i, const char **section,
                                             const char **key, const char **value, int *line);

/* ---- schema check ---------------------------------------------------------------- */
/** A key a tool knows: `key` NULL means any key of the section. */
typedef struct sup_settings_key {
    const char *section;
    const char *key;
} sup_settings_key;

/**
 * SUP_OK if every section and key of the file is among `known`; else
 * SUP_EPARSE for the first stranger in file order, naming what is known, e.g.
 *   smtp.ini:5: unknown key [smtp] hots (known in [smtp]: host, port, user, password, security)
 *   smtp.ini:9: unknown section [smpt] (known: smtp, portal)
 * Missing keys are not reported here: the typed getters do that.
 */
SUP_API SUP_NODISCARD int sup_settings_check_keys(const sup_settings *settings, const sup_settings_key *known,
                                                  size_t count);

/**
 * For a file that holds a password: SUP_OK if it is a regular file that
 * neither its group nor others may read, write or execute (chmod 600 or 400);
 * SUP_ESTATE naming the mode otherwise ("smtp.ini can be read by group or
 * others (mode 0644); it holds a password: chmod 600 smtp.ini"); SUP_ENOTFOUND
 * or SUP_EIO if it cannot be examined. The caller decides whether to refuse or warn.
 */
SUP_API SUP_NODISCARD int sup_settings_check_private(const char *path);

#ifdef __cplusplus
}
#endif
#endif /* LIBSUPPORT_SETTINGS_H */
