/* libsupport — Russian wording of payment documents: the amount in words, the VAT line. */
#include "libsupport.h"
#include "error_internal.h"
#include "text_internal.h"
#include "money_internal.h"

#include <string.h>

static const char *const units_masc[10] = {"",     "один", "два",    "три",    "четыре",
                                           "пять", "шесть", "семь", "восемь", "девять"};
static const char *const units_fem[3] = {"", "одна", "две"};
static const char *const teens[10] = {"десять",      "одиннадцать", "двенадцать",   "тринадцать",
                                      "четырнадцать", "пятнадцать",  "шестнадцать",  "семнадцать",
                                      "восемнадцать", "девятнадцать"};
static const char *const tens[10] = {"",         "",          "двадцать",   "тридцать",    "сорок",
                                     "пятьдесят", "шестьдесят", "семьдесят", "восемьдесят", "девяносто"};
static const char *const hundreds[10] = {"",        "сто",      "двести",   "триста",    "четыреста",
                                         "пятьсот", "шестьсот", "семьсот", "восемьсот", "девятьсот"};

/* Forms indexed by sup_plural (OTHER is unused for whole numbers in Russian). */
typedef struct noun_forms {
    const char *form[4];
    bool feminine;
} noun_forms;

/* The groups of three digits from the highest: billions, millions, thousands. */
static const noun_forms scales[3] = {
    {{"миллиардов", "миллиард", "миллиарда", "миллиардов"}, false},
    {{"миллионов", "миллион", "миллиона", "миллионов"}, false},
    {{"тысяч", "тысяча", "тысячи", "тысяч"}, true},
};
static const noun_forms rubles = {{"рублей", "рубль", "рубля", "рублей"}, false};
static const noun_forms kopecks = {{"копеек", "копейка", "копейки", "копеек"}, true};

static void put_word(sup__buf *b, const char *w)
{
    if (w[0] == '\0')
        return;
    if (b->len > 0)
        sup__buf_put(b, " ");
    sup__buf_put(b, w);
}

/* 1 … 999 in words, in the gender of the noun that follows. */
static void put_triad(sup__buf *b, unsigned n, bool feminine)
{
    put_word(b, hundreds[n / 100]);
    unsigned t = n / 10 % 10, u = n % 10;
    if (t == 1) {
        put_word(b, teens[u]);
        return;
    }
    put_word(b, tens[t]);
    put_word(b, feminine && u <= 2 ? units_fem[u] : units_masc[u]);
}

/* Capitalise the first letter, a Cyrillic one in two UTF-8 bytes (а–п: D0 B0…BF, р–я: D1 80…8F). */
static void capitalise(char *s)
{
    unsigned char *u = (unsigned char *)s;
    if (u[0] == 0xD0 && u[1] >= 0xB0 && u[1] <= 0xBF) {
        u[1] = (unsigned char)(u[1] - 0x20);
    } else if (u[0] == 0xD1 && u[1] >= 0x80 && u[1] <= 0x8F) {
        u[0] = 0xD0;
        u[1] = (unsigned char)(u[1] + 0x20);
    }
}

int sup_money_in_words(sup_money amount, char **out)
{
    SUP__CHECK_ARG(out, "sup_money_in_words");
    *out = NULL;
    if (amount < 0 || amount > SUP_MONEY_IN_WORDS_MAX)
        return sup__fail(SUP_EMONEY, "amount %lld kopecks is outside 0 … 999 999 999 999.99 rubles (in words)",
                         (long long)amount);
    uint64_t rub = (uint64_t)amount / 100u;
    unsigned kop = (unsigned)((uint64_t)amount % 100u);
    sup__buf b = {0};
    if (rub == 0)
        put_word(&b, "ноль");
    static const uint64_t scale_of[3] = {1000000000u, 1000000u, 1000u};
    for (int i = 0; i < 3; i++) {
        unsigned group = (unsigned)(rub / scale_of[i] % 1000u);
        if (group == 0)
            continue;
        put_triad(&b, group, scales[i].feminine);
        put_word(&b, scales[i].form[sup_plural_ru(group)]);
    }
    put_triad(&b, (unsigned)(rub % 1000u), rubles.feminine);
    put_word(&b, rubles.form[sup_plural_ru((int64_t)rub)]);
    sup__buf_printf(&b, " %02u %s", kop, kopecks.form[sup_plural_ru(kop)]);
    int rc = sup__buf_finish(&b, out);
    if (rc == SUP_OK)
        capitalise(*out);
    return rc;
}

int sup_vat_label(sup_rate rate_bp, char **out)
{
    SUP__CHECK_ARG(out, "sup_vat_label");
    *out = NULL;
    if (rate_bp != SUP_VAT_NONE && (rate_bp < 0 || rate_bp > SUP_RATE_MAX))
        return sup__fail(SUP_ERANGE, "VAT rate %ld bp is outside 0…10000 (0%%…100%%)", (long)rate_bp);
    sup__buf b = {0};
    if (rate_bp == SUP_VAT_NONE) {
        sup__buf_put(&b, "Без НДС");
    } else {
        /* the percentage with a decimal comma and no trailing zeros: 20, 10,5, 16,67 */
        int whole = rate_bp / 100, frac = rate_bp % 100;
        sup__buf_printf(&b, "В том числе НДС %d", whole);
        if (frac % 10 != 0)
            sup__buf_printf(&b, ",%02d", frac);
        else if (frac != 0)
            sup__buf_printf(&b, ",%d", frac / 10);
        sup__buf_put(&b, "\xC2\xA0%");
    }
    return sup__buf_finish(&b, out);
}
