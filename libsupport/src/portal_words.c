/*
 * libsupport — the portal's words (portal.h): the sentences about sign-in,
 * keys and sessions, why a download is refused, and the sign-in e-mail. They
 * state the portal's rules (how long a link holds, that it works once, that a
 * key is shown once), so they are written here, next to the rules, in Russian
 * and English; the website only shows them.
 */
#include "libsupport/portal.h"
#include "crypto_internal.h"
#include "date_internal.h"
#include "error_internal.h"
#include "text_internal.h"

#include <stdio.h>
#include <string.h>

static int check_lang(sup_lang lang, const char *fn)
{
    if (lang != SUP_LANG_RU && lang != SUP_LANG_EN)
        return sup__fail(SUP_EINVAL, "%s: unknown language %d", fn, (int)lang);
    return SUP_OK;
}

/* "30 минут" / "1 минуту" (the accusative: "действуют 30 минут", "через 1 минуту"); "30 minutes". */
static void put_minutes(sup__buf *b, int64_t n, sup_lang lang)
{
    if (lang == SUP_LANG_EN) {
        sup__buf_printf(b, "%lld minute%s", (long long)n, n == 1 ? "" : "s");
        return;
    }
    static const char *const forms[] = {"минут", "минуту", "минуты", "минут"}; /* other, one, few, many */
    sup_plural p = sup_plural_ru(n);
    sup__buf_printf(b, "%lld %s", (long long)n, forms[(unsigned)p < 4 ? p : 0]);
}

/* A sentence with one "%s" for the minutes. */
static void put_with_minutes(sup__buf *b, const char *fmt, int64_t n, sup_lang lang)
{
    const char *at = strstr(fmt, "%s");
    sup__buf_putn(b, fmt, (size_t)(at - fmt));
    put_minutes(b, n, lang);
    sup__buf_put(b, at + 2);
}

struct phrase {
    const char *ru;
    const char *en;
    char arg; /* 'm' minutes, 'n' a count, 'd' a date, 0 none */
    int64_t min, max;
};

static const struct phrase phrases[] = {
    [SUP_PHRASE_SIGNIN_SENT] = {"Если этот адрес указан у кого-то из наших клиентов, мы отправили на него письмо со "
                                "ссылкой для входа и кодом. Ссылка и код действуют %s и только один раз.",
                                "If this address belongs to one of our customers, we have sent it an e-mail with a "
                                "sign-in link and a code. The link and the code work for %s, and only once.",
                                'm', 1, 1440},
    [SUP_PHRASE_SIGNIN_LIMITED] = {"Слишком много запросов входа. Повторите через %s.",
                                   "Too many sign-in requests. Try again in %s.", 'm', 1, 1440},
    [SUP_PHRASE_LINK_UNKNOWN] = {"Ссылка для входа не найдена. Проверьте, что она скопирована целиком, или запросите "
                                 "новую.",
                                 "This sign-in link is not known. Check that it was copied in full, or ask for a new "
                                 "one.",
                                 0, 0, 0},
    [SUP_PHRASE_LINK_EXPIRED] = {"Срок действия ссылки истёк: ссылка и код действуют %s. Запросите новую ссылку.",
                                 "The link has expired: a link and its code work for %s. Ask for a new link.", 'm', 1,
                                 1440},
    [SUP_PHRASE_LINK_USED] = {"По этой ссылке уже выполнен вход: ссылка и код действуют только один раз. Запросите "
                              "новую ссылку.",
                              "This link has already been used: a link and its code work only once. Ask for a new "
                              "link.",
                              0, 0, 0},
    [SUP_PHRASE_CODE_WRONG] = {"Код не подходит. Осталось попыток: %s.", "The code is not right. Attempts left: %s.",
                               'n', 1, 20},
    [SUP_PHRASE_CODE_SPENT] = {"Код введён неверно слишком много раз, и этот запрос входа больше не действует. "
                               "Запросите новую ссылку.",
                               "The code was wrong too many times, and this sign-in request no longer works. Ask "
                               "for a new link.",
                               0, 0, 0},
    [SUP_PHRASE_NO_ACCOUNT] = {"Этот адрес больше не указан ни у одного клиента. Обратитесь в поддержку.",
                               "This address no longer belongs to any customer. Please contact support.", 0, 0, 0},
    [SUP_PHRASE_KEY_SHOWN_ONCE] = {"Сохраните ключ сейчас: он показан один раз. Мы храним только его отпечаток и не "
                                   "сможем показать ключ снова; если он потеряется, замените его.",
                                   "Save the key now: it is shown once. We keep only its fingerprint and cannot "
                                   "show the key again; if it is lost, replace it.",
                                   0, 0, 0},
    [SUP_PHRASE_KEY_ROTATE] = {"Новый ключ сразу заменит текущий: программа с прежним ключом перестанет получать "
                               "обновления, пока в неё не впишут новый.",
                               "A new key replaces the current one at once: a program with the old key stops "
                               "getting updates until the new one is entered.",
                               0, 0, 0},
    [SUP_PHRASE_SESSION_ENDED] = {"Сеанс завершён. Чтобы продолжить, войдите снова.",
                                  "The session has ended. Sign in again to continue.", 0, 0, 0},
    [SUP_PHRASE_SIGNIN_CODE] = {"Введите код из письма. Код действует %s, один раз и только в этом браузере; в "
                                "другом откройте ссылку из письма.",
                                "Enter the code from the e-mail. It works for %s, once, and only in this browser; "
                                "elsewhere open the link in the e-mail.",
                                'm', 1, 1440},
    [SUP_PHRASE_DEMO] = {"Демонстрационный режим: клиенты и лицензии вымышлены, дата зафиксирована — %s, письма не "
                         "отправляются.",
                         "Demo mode: the customers and licenses are made up, the date is fixed at %s, and no e-mail "
                         "is sent.",
                         'd', SUP_DATE_MIN, SUP_DATE_MAX},
};

int sup_render_portal(sup_portal_phrase phrase, int64_t n, sup_lang lang, char **out)
{
    SUP__CHECK_ARG(out, "sup_render_portal");
    *out = NULL;
    int rc = check_lang(lang, "sup_render_portal");
    if (rc != SUP_OK)
        return rc;
    if ((unsigned)phrase >= sizeof phrases / sizeof phrases[0] || phrases[phrase].ru == NULL)
        return sup__fail(SUP_EINVAL, "sup_render_portal: unknown phrase %d", (int)phrase);
    const struct phrase *p = &phrases[phrase];
    if (p->arg != 0 && (n < p->min || n > p->max))
        return sup__fail(SUP_ERANGE, "sup_render_portal: %lld is outside %lld … %lld for phrase %d", (long long)n,
                         (long long)p->min, (long long)p->max, (int)phrase);
    const char *fmt = lang == SUP_LANG_RU ? p->ru : p->en;
    sup__buf b = {0};
    if (p->arg == 'm') {
        put_with_minutes(&b, fmt, n, lang);
    } else if (p->arg == 'n' || p->arg == 'd') {
        char v[SUP_DATE_BUFSIZE + 8];
        if (p->arg == 'n')
            snprintf(v, sizeof v, "%lld", (long long)n);
        else if ((rc = sup_date_format((sup_date)n, lang == SUP_LANG_RU ? SUP_DATE_RU : SUP_DATE_ISO, v,
                                       sizeof v)) != SUP_OK)
            return rc;
        const char *at = strstr(fmt, "%s");
        sup__buf_putn(&b, fmt, (size_t)(at - fmt));
        sup__buf_put(&b, v);
        sup__buf_put(&b, at + 2);
    } else {
        sup__buf_put(&b, fmt);
    }
    return sup__buf_finish(&b, out);
}

int sup_render_download_verdict(const sup_download *d, sup_lang lang, char **out)
{
    SUP__CHECK_ARG(out, "sup_render_download_verdict");
    *out = NULL;
    SUP__CHECK_ARG(d, "sup_render_download_verdict");
    int rc = check_lang(lang, "sup_render_download_verdict");
    if (rc != SUP_OK)
        return rc;
    sup_download_verdict v = sup_download_verdict_of(d);
    if (v == SUP_DOWNLOAD_ALLOWED)
        return sup__fail(SUP_EINVAL, "sup_render_download_verdict: the download is allowed");
    bool ru = lang == SUP_LANG_RU;
    sup__buf b = {0};
    if (v == SUP_DOWNLOAD_NO_FILE) {
        sup__buf_printf(&b, ru ? "Файл версии %s ещё не загружен. Обратитесь в поддержку."
                               : "The file of version %s has not been uploaded yet. Please contact support.",
                        sup_download_version(d));
        return sup__buf_finish(&b, out);
    }
    char released[SUP_DATE_BUFSIZE], until[SUP_DATE_BUFSIZE];
    sup_date_style style = ru ? SUP_DATE_RU : SUP_DATE_ISO;
    rc = sup_date_format(sup_download_released(d), style, released, sizeof released);
    if (rc == SUP_OK)
        rc = sup_date_format(sup_download_support_until(d), style, until, sizeof until);
    if (rc != SUP_OK)
        return rc;
    bool sub = sup_download_license_kind(d) != SUP_LICENSE_PERPETUAL;
    if (ru)
        sup__buf_printf(&b,
                        sub ? "Версия %s вышла %s, после окончания оплаченного периода подписки (%s): чтобы скачать "
                              "её, оплатите подписку."
                            : "Версия %s вышла %s, после окончания поддержки (%s): чтобы скачать её, продлите "
                              "поддержку.",
                        sup_download_version(d), released, until);
    else
        sup__buf_printf(&b,
                        sub ? "Version %s came out on %s, after the subscription's paid period ended (%s): pay for "
                              "the subscription to download it."
                            : "Version %s came out on %s, after support ended (%s): renew support to download it.",
                        sup_download_version(d), released, until);
    return sup__buf_finish(&b, out);
}

/* ---- the sign-in e-mail ------------------------------------------------------------------------------ */

int sup_signin_mail_options_init(sup_signin_mail_options *o, unsigned version)
{
    SUP__CHECK_ARG(o, "sup_signin_mail_options_init");
    if (version != SUP_SIGNIN_MAIL_OPTIONS_VERSION)
        return sup__fail(SUP_EINVAL, "sup_signin_mail_options_init: unknown version %u (this library knows %u)",
                         version, SUP_SIGNIN_MAIL_OPTIONS_VERSION);
    memset(o, 0, sizeof *o);
    o->version = version;
    o->lang = SUP_LANG_RU;
    o->utc_offset_minutes = 180;
    return SUP_OK;
}

/* The link: base_url without trailing slashes + "/signin/" + token. */
static int put_link(sup__buf *b, const char *base_url, const char *token)
{
    int rc = sup__check_text(base_url, 512, 0, "base URL");
    if (rc != SUP_OK)
        return rc;
    if (strncmp(base_url, "https://", 8) != 0 && strncmp(base_url, "http://", 7) != 0)
        return sup__fail(SUP_EINVAL, "base URL must start with https:// or http://");
    size_t n = strlen(base_url);
    while (n > 0 && base_url[n - 1] == '/')
        n--;
    for (size_t i = 0; i < n; i++)
        if (strchr("\"'<>\\ ", base_url[i]) != NULL)
            return sup__fail(SUP_EINVAL, "base URL contains '%c'", base_url[i]);
    sup__buf_putn(b, base_url, n);
    sup__buf_put(b, "/signin/");
    sup__buf_put(b, token);
    return SUP_OK;
}

static void put_bodies(sup__buf *text, sup__buf *html, const char *link, const char *code, int minutes,
                       sup_lang lang)
{
    bool ru = lang == SUP_LANG_RU;
    sup__buf_put(text, ru ? "Здравствуйте!\n\nЧтобы войти в личный кабинет технической поддержки, откройте ссылку:\n"
                          : "Hello,\n\nTo sign in to the technical support portal, open this link:\n");
    sup__buf_printf(text, "%s\n\n", link);
    sup__buf_printf(text, ru ? "Или введите на странице входа код: %s\n\n" : "Or enter this code on the sign-in page: %s\n\n",
                    code);
    put_with_minutes(text, ru ? "Ссылка и код действуют %s и только один раз.\n"
                              : "The link and the code work for %s, and only once.\n",
                     minutes, lang);
    sup__buf_put(text, ru ? "Если вы не запрашивали вход, ничего делать не нужно: без ссылки или кода войти нельзя.\n"
                          : "If you did not ask to sign in, there is nothing to do: no one can sign in without the "
                            "link or the code.\n");
    /* the link and the code are base64url and digits: nothing to escape */
    sup__buf_put(html, "<!doctype html><html><body>\n");
    sup__buf_put(html, ru ? "<p>Здравствуйте!</p>\n<p>Чтобы войти в личный кабинет технической поддержки, откройте "
                            "ссылку:</p>\n"
                          : "<p>Hello,</p>\n<p>To sign in to the technical support portal, open this link:</p>\n");
    sup__buf_printf(html, "<p><a href=\"%s\">%s</a></p>\n", link, link);
    sup__buf_printf(html, ru ? "<p>Или введите на странице входа код: <b>%s</b></p>\n"
                             : "<p>Or enter this code on the sign-in page: <b>%s</b></p>\n",
                    code);
    sup__buf_put(html, "<p>");
    put_with_minutes(html, ru ? "Ссылка и код действуют %s и только один раз." : "The link and the code work for %s, "
                                                                                "and only once.",
                     minutes, lang);
    sup__buf_put(html, ru ? " Если вы не запрашивали вход, ничего делать не нужно: без ссылки или кода войти нельзя."
                            "</p>\n</body></html>\n"
                          : " If you did not ask to sign in, there is nothing to do: no one can sign in without the "
                            "link or the code.</p>\n</body></html>\n");
}

int sup_signin_mail(const sup_signin *s, const sup_signin_mail_options *o, char **out)
{
    SUP__CHECK_ARG(out, "sup_signin_mail");
    *out = NULL;
    SUP__CHECK_ARG(s, "sup_signin_mail");
    SUP__CHECK_ARG(o, "sup_signin_mail");
    if (o->version != SUP_SIGNIN_MAIL_OPTIONS_VERSION)
        return sup__fail(SUP_EINVAL, "sup_signin_mail: unknown options version %u", o->version);
    if (sup_signin_outcome_of(s) != SUP_SIGNIN_SENT)
        return sup__fail(SUP_ESTATE, "sup_signin_mail: the request was not sent (%s)",
                         sup_signin_outcome_name(sup_signin_outcome_of(s)));
    int rc = check_lang(o->lang, "sup_signin_mail");
    if (rc == SUP_OK)
        rc = sup__crypto_ready();
    if (rc == SUP_OK && (o->message_id_domain == NULL || o->message_id_domain[0] == '\0'))
        rc = sup__fail(SUP_EINVAL, "sup_signin_mail: the Message-ID's domain is not set");
    sup__buf link = {0}, text = {0}, html = {0};
    if (rc == SUP_OK)
        rc = put_link(&link, o->base_url, sup_signin_token(s));
    char *mid = NULL;
    if (rc == SUP_OK) {
        unsigned char unique[16];
        sup__random(unique, sizeof unique);
        rc = sup_mail_make_message_id(unique, sizeof unique, o->message_id_domain, &mid);
    }
    if (rc == SUP_OK) {
        put_bodies(&text, &html, link.data, sup_signin_code(s), sup_signin_link_minutes(s), o->lang);
        if (link.failed || text.failed || html.failed)
            rc = sup__fail(SUP_ENOMEM, "out of memory writing the sign-in e-mail");
    }
    if (rc == SUP_OK) {
        sup_mail_message m;
        rc = sup_mail_message_init(&m, SUP_MAIL_MESSAGE_VERSION);
        sup_mail_address to = {sup_signin_address(s), NULL};
        m.from = o->from;
        m.to = &to;
        m.to_count = 1;
        m.reply_to = o->reply_to;
        m.subject = o->lang == SUP_LANG_RU ? "Вход в личный кабинет технической поддержки"
                                           : "Signing in to the technical support portal";
        m.date = o->date;
        m.utc_offset_minutes = o->utc_offset_minutes;
        m.message_id = mid;
        m.text = text.data;
        m.html = html.data;
        if (rc == SUP_OK)
            rc = sup_mail_build(&m, out);
    }
    sup_free(mid);
    sup__buf_dispose(&link);
    sup__buf_dispose(&text);
    sup__buf_dispose(&html);
    return rc;
}
