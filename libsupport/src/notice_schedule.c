/* libsupport — the reminder schedule: which customer notice is due on a date. */
#include "libsupport/notice.h"
#include "notice_internal.h"
#include "license_internal.h"
#include "policy_internal.h"
#include "date_internal.h"
#include "error_internal.h"
#include "text_internal.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct sup__reminder {
    sup_schedule_anchor anchor;
    int days;
};

struct sup_schedule {
    struct sup__reminder *items;
    size_t count;
    size_t cap;
};

static const struct sup__reminder default_reminders[] = {
    {SUP_ANCHOR_SUPPORT_END, 14},
    {SUP_ANCHOR_SUPPORT_END, 0},
    {SUP_ANCHOR_WINDOW_END, 7},
};

static const char *const anchor_names[] = {"support_end", "window_end"};

const char *sup_schedule_anchor_name(sup_schedule_anchor a)
{
    return (unsigned)a <= SUP_ANCHOR_WINDOW_END ? anchor_names[a] : "";
}

static sup_notice_kind reminder_kind(const struct sup__reminder *r)
{
    if (r->anchor == SUP_ANCHOR_WINDOW_END)
        return SUP_NOTICE_WINDOW_CLOSING;
    return r->days == 0 ? SUP_NOTICE_SUPPORT_ENDS_TODAY : SUP_NOTICE_SUPPORT_ENDING;
}

void sup_schedule_clear(sup_schedule *s)
{
    if (s != NULL)
        s->count = 0;
}

int sup_schedule_add(sup_schedule *s, sup_schedule_anchor anchor, int days_before)
{
    SUP__CHECK_ARG(s, "sup_schedule_add");
    if ((unsigned)anchor > SUP_ANCHOR_WINDOW_END)
        return sup__fail(SUP_EINVAL, "sup_schedule_add: unknown anchor %d", (int)anchor);
    if (days_before < 0 || days_before > SUP_SCHEDULE_DAYS_MAX)
        return sup__fail(SUP_ERANGE, "a reminder %d days before %s is outside 0…%d days", days_before,
                         anchor_names[anchor], SUP_SCHEDULE_DAYS_MAX);
    for (size_t i = 0; i < s->count; i++)
        if (s->items[i].anchor == anchor && s->items[i].days == days_before)
            return sup__fail(SUP_ECONFLICT, "the schedule already has a reminder %d days before %s", days_before,
                             anchor_names[anchor]);
    if (s->count == s->cap) {
        size_t cap = s->cap ? s->cap * 2 : 4;
        struct sup__reminder *p = sup__realloc(s->items, cap * sizeof *p);
        if (p == NULL)
            return sup__fail(SUP_ENOMEM, "out of memory adding a reminder");
        s->items = p;
        s->cap = cap;
    }
    s->items[s->count].anchor = anchor;
    s->items[s->count].days = days_before;
    s->count++;
    return SUP_OK;
}

int sup_schedule_new(sup_schedule **out)
{
    SUP__CHECK_ARG(out, "sup_schedule_new");
    *out = NULL;
    sup_schedule *s = sup__calloc(1, sizeof *s);
    if (s == NULL)
        return sup__fail(SUP_ENOMEM, "out of memory creating a schedule");
    for (size_t i = 0; i < sizeof default_reminders / sizeof default_reminders[0]; i++) {
        int rc = sup_schedule_add(s, default_reminders[i].anchor, default_reminders[i].days);
        if (rc != SUP_OK) {
            sup_schedule_free(s);
            return rc;
        }
    }
    *out = s;
    return SUP_OK;
}

void sup_schedule_free(sup_schedule *s)
{
    if (s == NULL)
        return;
    sup__free(s->items);
    sup__free(s);
}

int sup_schedule_clone(const sup_schedule *src, sup_schedule **out)
{
    SUP__CHECK_ARG(out, "sup_schedule_clone");
    *out = NULL;
    SUP__CHECK_ARG(src, "sup_schedule_clone");
    sup_schedule *s = sup__calloc(1, sizeof *s);
    if (s == NULL)
        return sup__fail(SUP_ENOMEM, "out of memory copying a schedule");
    for (size_t i = 0; i < src->count; i++) {
        int rc = sup_schedule_add(s, src->items[i].anchor, src->items[i].days);
        if (rc != SUP_OK) {
            sup_schedule_free(s);
            return rc;
        }
    }
    *out = s;
    return SUP_OK;
}

int sup_schedule_equal(const sup_schedule *a, const sup_schedule *b)
{
    if (a == NULL || b == NULL)
        return a == b;
    if (a->count != b->count)
        return 0;
    for (size_t i = 0; i < a->count; i++)
        if (a->items[i].anchor != b->items[i].anchor || a->items[i].days != b->items[i].days)
            return 0;
    return 1;
}

size_t sup_schedule_count(const sup_schedule *s) { return s ? s->count : 0; }

int sup_schedule_entry(const sup_schedule *s, size_t i, sup_schedule_anchor *anchor, int *days_before,
                       sup_notice_kind *kind)
{
    SUP__CHECK_ARG(s, "sup_schedule_entry");
    if (i >= s->count)
        return sup__fail(SUP_ENOTFOUND, "reminder %zu: the schedule has %zu reminders", i, s->count);
    if (anchor)
        *anchor = s->items[i].anchor;
    if (days_before)
        *days_before = s->items[i].days;
    if (kind)
        *kind = reminder_kind(&s->items[i]);
    return SUP_OK;
}

/* ---- text form ---------------------------------------------------------------- */

int sup_schedule_to_text(const sup_schedule *s, char **out)
{
    SUP__CHECK_ARG(out, "sup_schedule_to_text");
    *out = NULL;
    SUP__CHECK_ARG(s, "sup_schedule_to_text");
    sup__buf b = {0};
    if (s->count == 0)
        sup__buf_put(&b, "reminder = none\n");
    for (size_t i = 0; i < s->count; i++)
        sup__buf_printf(&b, "reminder = %s %d\n", anchor_names[s->items[i].anchor], s->items[i].days);
    return sup__buf_finish(&b, out);
}

/* A whole number of days 0 … SUP_SCHEDULE_DAYS_MAX written with digits only. */
static bool parse_days(const char *s, int *out)
{
    if (*s == '\0' || strlen(s) > 6)
        return false;
    int v = 0;
    for (; *s; s++) {
        if (!isdigit((unsigned char)*s))
            return false;
        v = v * 10 + (*s - '0');
    }
    if (v > SUP_SCHEDULE_DAYS_MAX)
        return false;
    *out = v;
    return true;
}

/* Apply one trimmed "key = value" line. */
static int apply_line(sup_schedule *s, int lineno, const char *key, char *value, bool *started)
{
    char qk[80], qv[80];
    sup__quote_text(qk, sizeof qk, key);
    sup__quote_text(qv, sizeof qv, value);
    if (strcmp(key, "reminder") != 0)
        return sup__fail(SUP_EPARSE, "schedule line %d: unknown key %s (expected reminder)", lineno, qk);
    if (!*started) {
        s->count = 0;
        *started = true;
    }
    if (strcmp(value, "none") == 0)
        return SUP_OK;
    size_t al = strcspn(value, " \t");
    char *rest = value + al;
    if (*rest != '\0')
        *rest++ = '\0';
    rest = sup__trim(rest);
    int anchor = -1;
    for (int a = 0; a <= SUP_ANCHOR_WINDOW_END; a++)
        if (strcmp(value, anchor_names[a]) == 0)
            anchor = a;
    int days = 0;
    if (anchor < 0 || !parse_days(rest, &days))
        return sup__fail(SUP_EPARSE,
                         "schedule line %d: reminder must be \"support_end DAYS\", \"window_end DAYS\" (DAYS "
                         "0…%d) or \"none\", not %s",
                         lineno, SUP_SCHEDULE_DAYS_MAX, qv);
    int rc = sup_schedule_add(s, (sup_schedule_anchor)anchor, days);
    if (rc == SUP_ECONFLICT)
        return sup__fail(SUP_EPARSE, "schedule line %d: reminder %s given twice", lineno, qv);
    return rc;
}

struct schedule_parse {
    sup_schedule *schedule;
    bool started;
};

static int schedule_line(void *ctx, int lineno, char *key, char *value)
{
    struct schedule_parse *sp = ctx;
    return apply_line(sp->schedule, lineno, key, value, &sp->started);
}

int sup_schedule_parse(const char *text, sup_schedule **out)
{
    SUP__CHECK_ARG(out, "sup_schedule_parse");
    *out = NULL;
    SUP__CHECK_ARG(text, "sup_schedule_parse");
    struct schedule_parse sp = {NULL, false};
    int rc = sup_schedule_new(&sp.schedule);
    if (rc != SUP_OK)
        return rc;
    rc = sup__parse_kv(text, "schedule", schedule_line, &sp);
    if (rc != SUP_OK) {
        sup_schedule_free(sp.schedule);
        return rc;
    }
    *out = sp.schedule;
    return SUP_OK;
}

/* ---- which notice is due -------------------------------------------------------- */

int sup__schedule_due_versions(const sup_schedule *s, const sup_license *lic, const sup__policy_version *versions,
                               size_t nversions, sup_date on, sup_notice_kind *out)
{
    SUP__CHECK_ARG(out, "sup_schedule_due");
    *out = SUP_NOTICE_NONE;
    SUP__CHECK_ARG(s, "sup_schedule_due");
    SUP__CHECK_ARG(lic, "sup_schedule_due");
    int rc = sup__check_date(on, "reminder date");
    if (rc != SUP_OK)
        return rc;
    const sup_policy *policy = sup__notice_policy_on(versions, nversions, on);
    if (policy == NULL)
        return sup_error_code();
    sup_status st;
    rc = sup_license_status(lic, policy, on, &st);
    if (rc != SUP_OK)
        return rc;
    sup_state state = sup_status_state(&st);
    /* Days from `on` to each anchor, where the anchor applies on this date. */
    bool support_open = state == SUP_STATE_ACTIVE;
    bool window_open = (state == SUP_STATE_ACTIVE || state == SUP_STATE_GRACE) &&
                       sup_status_preferential_until(&st) != SUP_DATE_NONE;
    int32_t to_end = 0, to_window = 0;
    if (support_open && (rc = sup_date_diff_days(on, sup_status_support_until(&st), &to_end)) != SUP_OK)
        return rc;
    if (window_open && (rc = sup_date_diff_days(on, sup_status_preferential_until(&st), &to_window)) != SUP_OK)
        return rc;
    for (size_t i = 0; i < s->count; i++) {
        const struct sup__reminder *r = &s->items[i];
        bool due = r->anchor == SUP_ANCHOR_SUPPORT_END ? support_open && to_end == r->days
                                                       : window_open && to_window == r->days;
        if (due) {
            *out = reminder_kind(r);
            return SUP_OK;
        }
    }
    return SUP_OK;
}

int sup_schedule_due(const sup_schedule *s, const sup_license *lic, const sup_policy *policy, sup_date on,
                     sup_notice_kind *out)
{
    sup__policy_version v = {SUP_DATE_MIN, policy != NULL ? policy : sup__default_policy()};
    return sup__schedule_due_versions(s, lic, &v, 1, on, out);
}
