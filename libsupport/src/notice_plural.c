/* libsupport — languages and plural forms for customer notices (CLDR rules). */
#include "libsupport/notice.h"
#include "notice_internal.h"
#include "error_internal.h"
#include "text_internal.h"

#include <string.h>

static const char *const lang_names[] = {"ru", "en"};

const char *sup_lang_name(sup_lang lang) { return (unsigned)lang <= SUP_LANG_EN ? lang_names[lang] : ""; }

int sup_lang_from_name(const char *name, sup_lang *out)
{
    SUP__CHECK_ARG(out, "sup_lang_from_name");
    SUP__CHECK_ARG(name, "sup_lang_from_name");
    for (unsigned i = 0; i <= SUP_LANG_EN; i++) {
        if (strcmp(name, lang_names[i]) == 0) {
            *out = (sup_lang)i;
            return SUP_OK;
        }
    }
    char q[80];
    sup__quote_text(q, sizeof q, name);
    return sup__fail(SUP_EINVAL, "unknown language %s: expected ru or en", q);
}

/* |n| without overflow for INT64_MIN. */
static uint64_t magnitude(int64_t n) { return n < 0 ? (uint64_t)0 - (uint64_t)n : (uint64_t)n; }

sup_plural sup_plural_ru(int64_t n)
{
    uint64_t m = magnitude(n);
    uint64_t d10 = m % 10, d100 = m % 100;
    if (d10 == 1 && d100 != 11)
        return SUP_PLURAL_ONE;
    if (d10 >= 2 && d10 <= 4 && (d100 < 12 || d100 > 14))
        return SUP_PLURAL_FEW;
    return SUP_PLURAL_MANY;
}

sup_plural sup_plural_en(int64_t n) { return magnitude(n) == 1 ? SUP_PLURAL_ONE : SUP_PLURAL_OTHER; }

/* Word forms indexed by [unit][category]; English uses ONE and OTHER. */
static const char *const ru_words[2][4] = {
    {"дней", "день", "дня", "дней"},
    {"месяцев", "месяц", "месяца", "месяцев"},
};
static const char *const en_words[2][4] = {
    {"days", "day", "days", "days"},
    {"months", "month", "months", "months"},
};

/* The word for n units (valid lang and unit). */
static const char *count_word(sup_lang lang, sup_count_unit unit, int64_t n)
{
    if (lang == SUP_LANG_RU)
        return ru_words[unit][sup_plural_ru(n)];
    return en_words[unit][sup_plural_en(n)];
}

int sup_count_format(sup_lang lang, sup_count_unit unit, int64_t n, char **out)
{
    SUP__CHECK_ARG(out, "sup_count_format");
    *out = NULL;
    if ((unsigned)lang > SUP_LANG_EN)
        return sup__fail(SUP_EINVAL, "sup_count_format: unknown language %d", (int)lang);
    if ((unsigned)unit > SUP_COUNT_MONTHS)
        return sup__fail(SUP_EINVAL, "sup_count_format: unknown unit %d", (int)unit);
    sup__buf b = {0};
    sup__buf_printf(&b, "%lld %s", (long long)n, count_word(lang, unit, n));
    return sup__buf_finish(&b, out);
}

const char *sup__count_word(sup_lang lang, sup_count_unit unit, int64_t n) { return count_word(lang, unit, n); }
