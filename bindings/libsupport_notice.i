/*
 * libsupport_notice.i — customer notices (libsupport/notice.h), included by
 * libsupport.i. Classes Notice and Schedule; functions count_format,
 * plural_ru/en and the enum names. All text comes from the C library.
 */

%{
static char *supf_count_format(sup_lang lang, sup_count_unit unit, int64_t n)
{
    char *s = NULL;
    if (supb_failed(sup_count_format(lang, unit, n, &s)))
        return NULL;
    return s;
}
static sup_plural supf_plural_ru(int64_t n) { return sup_plural_ru(n); }
static sup_plural supf_plural_en(int64_t n) { return sup_plural_en(n); }
static const char *supf_notice_kind_name(sup_notice_kind k) { return sup_notice_kind_name(k); }
static const char *supf_lang_name(sup_lang l) { return sup_lang_name(l); }
static const char *supf_anchor_name(sup_schedule_anchor a) { return sup_schedule_anchor_name(a); }
static sup_notice_kind supf_notice_kind_from_name(const char *name)
{
    sup_notice_kind k = SUP_NOTICE_NONE;
    (void)supb_failed(sup_notice_kind_from_name(name, &k));
    return k;
}
static sup_lang supf_lang_from_name(const char *name)
{
    sup_lang l = SUP_LANG_RU;
    (void)supb_failed(sup_lang_from_name(name, &l));
    return l;
}

/* Getters and setters adapted for SUPB_FIELD_RW (names may be NULL). */
static int supg_notice_set_lang(sup_notice *n, sup_lang v) { return sup_notice_set_lang(n, v); }
static int supg_notice_set_format(sup_notice *n, sup_notice_format v) { return sup_notice_set_format(n, v); }
static int supg_notice_set_kind(sup_notice *n, sup_notice_kind v) { return sup_notice_set_kind(n, v); }
static int supg_notice_set_product_name(sup_notice *n, const char *v) { return sup_notice_set_product_name(n, v); }
static int supg_notice_set_customer_name(sup_notice *n, const char *v) { return sup_notice_set_customer_name(n, v); }
%}

%rename(count_format) supf_count_format;
%rename(plural_ru) supf_plural_ru;
%rename(plural_en) supf_plural_en;
%rename(notice_kind_name) supf_notice_kind_name;
%rename(lang_name) supf_lang_name;
%rename(anchor_name) supf_anchor_name;
%rename(notice_kind_from_name) supf_notice_kind_from_name;
%rename(lang_from_name) supf_lang_from_name;
%newobject supf_count_format;

SUPB_DOC(supf_count_format, "count_format(lang, unit, n) -> str: 'N <word>' in the right plural form\n"
         "('21 месяц', '5 дней', '1 day').")
SUPB_DOC(supf_plural_ru, "plural_ru(n) -> Plural: the CLDR plural category of n in Russian.")
SUPB_DOC(supf_plural_en, "plural_en(n) -> Plural: the CLDR plural category of n in English.")

char *supf_count_format(sup_lang lang, sup_count_unit unit, long long n);
sup_plural supf_plural_ru(long long n);
sup_plural supf_plural_en(long long n);
const char *supf_notice_kind_name(sup_notice_kind k);
const char *supf_lang_name(sup_lang l);
const char *supf_anchor_name(sup_schedule_anchor a);
sup_notice_kind supf_notice_kind_from_name(const char *name);
sup_lang supf_lang_from_name(const char *name);

%rename(Notice) supb_notice;
%rename(Schedule) supb_schedule;
%nodefaultctor;
%nodefaultdtor;
struct supb_notice {};
struct supb_schedule {};
typedef struct supb_notice supb_notice;
typedef struct supb_schedule supb_schedule;
%clearnodefaultctor;
%clearnodefaultdtor;

%newobject supb_notice::render;
%newobject supb_schedule::parse;
%newobject supb_schedule::clone;
%newobject supb_schedule::to_text;

/* ---- Notice ------------------------------------------------------------------ */

SUPB_DOC(supb_notice, "Notice(lang=Lang.RU, format=NoticeFormat.TEXT, kind=NoticeKind.STATUS, product_name=None,\n"
         "customer_name=None): what to tell a customer about a license, and how. render() writes\n"
         "the text (UTF-8; HTML with every piece of text escaped).")
SUPB_DOC(supb_notice::render, "render(license, product, on, policy=None) -> str: the notice for the license on\n"
         "the date (status, what is available, the renewal offer, the contact channels).")

%extend supb_notice {
    supb_notice(sup_lang lang = 0, sup_notice_format format = 0, sup_notice_kind kind = 1,
                const char *product_name = NULL, const char *customer_name = NULL)
    {
        sup_notice *n = NULL;
        if (supb_failed(sup_notice_new(&n)))
            return NULL;
        if (supb_failed(sup_notice_set_lang(n, lang)) || supb_failed(sup_notice_set_format(n, format)) ||
            supb_failed(sup_notice_set_kind(n, kind)) || supb_failed(sup_notice_set_product_name(n, product_name)) ||
            supb_failed(sup_notice_set_customer_name(n, customer_name))) {
            sup_notice_free(n);
            return NULL;
        }
        return supb_born(SUPB_C_NOTICE, n);
    }
    ~supb_notice()
    {
        supb_died(SUPB_C_NOTICE, $self);
        sup_notice_free($self);
    }
    char *render(const supb_license *license, const supb_product *product, sup_date on,
                 const supb_policy *policy = NULL)
    {
        char *s = NULL;
        if (supb_failed(sup_notice_render($self, license, product, policy, on, &s)))
            return NULL;
        return s;
    }
}
SUPB_FIELD_RW(supb_notice, sup_lang, lang, sup_notice_lang, supg_notice_set_lang, "The language (Lang).")
SUPB_FIELD_RW(supb_notice, sup_notice_format, format, sup_notice_format_of, supg_notice_set_format,
              "Plain text or HTML (NoticeFormat).")
SUPB_FIELD_RW(supb_notice, sup_notice_kind, kind, sup_notice_kind_of, supg_notice_set_kind,
              "Which notice (NoticeKind; NONE is refused).")
SUPB_FIELD_RW(supb_notice, const char *, product_name, sup_notice_product_name, supg_notice_set_product_name,
              "The product's name as the customer knows it (None: no name).")
SUPB_FIELD_RW(supb_notice, const char *, customer_name, sup_notice_customer_name, supg_notice_set_customer_name,
              "The customer's name for the greeting (None: no greeting by name).")

/* ---- Schedule ---------------------------------------------------------------- */

SUPB_DOC(supb_schedule, "Schedule(): the reminder schedule (default: 14 days before support ends, on its last\n"
         "day, 7 days before the preferential window closes). Schedule.parse(text) reads the text form.")
SUPB_DOC(supb_schedule::due, "due(license, on, policy=None) -> NoticeKind: which notice is due on the date\n"
         "(NoticeKind.NONE if none).")
SUPB_DOC(supb_schedule::entries, "entries() -> list of Reminder(anchor, days_before, kind), in schedule order.")
SUPB_DOC(supb_schedule::add, "add(anchor, days_before): append a reminder (ConflictError if already there).")

%extend supb_schedule {
    supb_schedule()
    {
        sup_schedule *s = NULL;
        if (supb_failed(sup_schedule_new(&s)))
            return NULL;
        return supb_born(SUPB_C_SCHEDULE, s);
    }
    ~supb_schedule()
    {
        supb_died(SUPB_C_SCHEDULE, $self);
        sup_schedule_free($self);
    }
    static supb_schedule *parse(const char *text)
    {
        sup_schedule *s = NULL;
        if (supb_failed(sup_schedule_parse(text, &s)))
            return NULL;
        return supb_born(SUPB_C_SCHEDULE, s);
    }
    char *to_text()
    {
        char *s = NULL;
        if (supb_failed(sup_schedule_to_text($self, &s)))
            return NULL;
        return s;
    }
    supb_schedule *clone()
    {
        sup_schedule *s = NULL;
        if (supb_failed(sup_schedule_clone($self, &s)))
            return NULL;
        return supb_born(SUPB_C_SCHEDULE, s);
    }
    bool equals(const supb_schedule *other) { return other != NULL && sup_schedule_equal($self, other) != 0; }
    void clear() { sup_schedule_clear($self); }
    void add(sup_schedule_anchor anchor, int days_before)
    {
        (void)supb_failed(sup_schedule_add($self, anchor, days_before));
    }
    supb_list *entries()
    {
        supb_list *l = supb_list_new(0);
        size_t n = sup_schedule_count($self);
        for (size_t i = 0; l != NULL && i < n; i++) {
            sup_schedule_anchor anchor = SUP_ANCHOR_SUPPORT_END;
            int days = 0;
            sup_notice_kind kind = SUP_NOTICE_NONE;
            if (supb_failed(sup_schedule_entry($self, i, &anchor, &days, &kind))) {
                supb_list_free(l);
                return NULL;
            }
            supb_row_begin(l, SUPB_R_REMINDER);
            supb_row_enum(l, SUPB_E_ANCHOR, anchor);
            supb_row_int(l, days);
            supb_row_enum(l, SUPB_E_NOTICE_KIND, kind);
            supb_row_end(l);
        }
        return l;
    }
    sup_notice_kind due(const supb_license *license, sup_date on, const supb_policy *policy = NULL)
    {
        sup_notice_kind k = SUP_NOTICE_NONE;
        (void)supb_failed(sup_schedule_due($self, license, policy, on, &k));
        return k;
    }
}
