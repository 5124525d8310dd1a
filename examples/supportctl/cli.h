/* supportctl — shared helpers of the managers' command-line tool. */
#ifndef SUPPORTCTL_CLI_H
#define SUPPORTCTL_CLI_H

#include <libsupport.h>

#include <stdbool.h>
#include <stdio.h>

/* Exit statuses. */
enum { EXIT_OK = 0, EXIT_FAILURE_ENV = 1, EXIT_BAD_INPUT = 2 };

/* ---- options -------------------------------------------------------------- */
typedef struct opt {
    const char *name;  /* "--on" */
    bool has_value;    /* takes a value (else a flag) */
    bool required;
    const char *value; /* parsed value (or "1" for a flag that was given) */
} opt;

/* A command's description for --help and dispatch. */
typedef struct command {
    const char *name;
    const char *synopsis; /* one line of options */
    const char *help;     /* the rest of the help text */
    int (*run)(int argc, char **argv);
} command;

/* Parse argv (after the command name) against opts; positional arguments are
 * collected into pos (at most npos_max). Prints a one-line error and returns
 * false on bad input. `cmd` is used for --help. */
bool parse_options(const command *cmd, int argc, char **argv, opt *opts, size_t nopts, const char **pos,
                   size_t npos_max, size_t *npos, bool *help_shown);
const char *opt_get(const opt *opts, size_t nopts, const char *name);
bool opt_flag(const opt *opts, size_t nopts, const char *name);

/* ---- errors ----------------------------------------------------------------- */
/* Print "supportctl: <what>: <message>" to stderr and return the exit status for rc. */
int fail_lib(int rc, const char *what);
/* Print "supportctl: <fmt>" to stderr and return EXIT_BAD_INPUT. */
int fail_input(const char *fmt, ...)
#if defined(__GNUC__)
    __attribute__((format(printf, 1, 2)))
#endif
    ;
int exit_status_for(int rc);

/* ---- parsing arguments with the library (one rule, one place) --------------- */
bool arg_date(const char *option, const char *text, sup_date *out);
bool arg_money(const char *option, const char *text, sup_money *out);
bool arg_int(const char *option, const char *text, long lo, long hi, long *out);
bool arg_policy_file(const char *option, const char *path, sup_policy **out);

/* ---- output --------------------------------------------------------------------- */
/* ISO text of a date ("" for SUP_DATE_NONE). buf: SUP_DATE_BUFSIZE bytes. */
const char *iso(sup_date d, char *buf);
const char *money_plain(sup_money m, char *buf);

/* A minimal JSON writer to stdout: objects, arrays, scalars, with commas handled. */
typedef struct json {
    int depth;
    bool need_comma[32];
} json;
void json_begin_object(json *j, const char *key);
void json_end_object(json *j);
void json_begin_array(json *j, const char *key);
void json_end_array(json *j);
void json_str(json *j, const char *key, const char *value); /* NULL value -> null */
void json_int(json *j, const char *key, long long value);
void json_bool(json *j, const char *key, bool value);
void json_date(json *j, const char *key, sup_date d); /* SUP_DATE_NONE -> null */
void json_money(json *j, const char *key_kopecks, const char *key_rubles, sup_money m);
void json_done(json *j);

/* ---- commands --------------------------------------------------------------------- */
extern const command cmd_add_months, cmd_status, cmd_quote, cmd_can_download;

#endif
