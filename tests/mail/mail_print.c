/*
 * Prints e-mail messages built by sup_mail_build, one JSON object a line:
 * the inputs and the message ("message"). tests/mail/check_mail.py parses each
 * message with Python's email package (policy=email.policy.default) and checks
 * that every header decodes back to its input and each part to its body.
 */
#include <libsupport.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void json_str(const char *s)
{
    putchar('"');
    for (; s != NULL && *s; s++) {
        unsigned char c = (unsigned char)*s;
        if (c == '"' || c == '\\')
            printf("\\%c", c);
        else if (c < 0x20)
            printf("\\u%04x", c);
        else
            putchar(c);
    }
    putchar('"');
}

static void json_field(const char *key, const char *value, int last)
{
    json_str(key);
    putchar(':');
    if (value == NULL)
        fputs("null", stdout);
    else
        json_str(value);
    if (!last)
        putchar(',');
}

static int emit(const char *name, const sup_mail_message *m)
{
    char *msg = NULL;
    if (sup_mail_build(m, &msg) != SUP_OK) {
        fprintf(stderr, "%s: %s\n", name, sup_error_message());
        return 1;
    }
    putchar('{');
    json_field("case", name, 0);
    json_field("from", m->from.address, 0);
    json_field("from_name", m->from.name, 0);
    fputs("\"to\":[", stdout);
    for (size_t i = 0; i < m->to_count; i++) {
        putchar('[');
        json_str(m->to[i].address);
        putchar(',');
        json_str(m->to[i].name ? m->to[i].name : "");
        printf("]%s", i + 1 < m->to_count ? "," : "");
    }
    fputs("],", stdout);
    json_field("reply_to", m->reply_to ? m->reply_to->address : NULL, 0);
    json_field("subject", m->subject, 0);
    printf("\"date\":%lld,\"offset\":%d,", (long long)m->date, m->utc_offset_minutes);
    json_field("message_id", m->message_id, 0);
    json_field("text", m->text, 0);
    json_field("html", m->html, 0);
    printf("\"base64\":%s,", m->body_encoding == SUP_MAIL_BASE64 ? "true" : "false");
    fputs("\"headers\":[", stdout);
    for (size_t i = 0; i < m->header_count; i++) {
        putchar('[');
        json_str(m->headers[i].name);
        putchar(',');
        json_str(m->headers[i].value);
        printf("]%s", i + 1 < m->header_count ? "," : "");
    }
    fputs("],", stdout);
    json_field("message", msg, 1);
    puts("}");
    sup_free(msg);
    return 0;
}

int main(void)
{
    int failures = 0;
    sup_mail_message m;
    char *mid = NULL;
    static const unsigned char unique[] = {0x4c, 0x49, 0x43, 0x2d, 0x31, 0x37, 0x20, 0x26, 0x12, 0x01};
    if (sup_mail_message_init(&m, SUP_MAIL_MESSAGE_VERSION) != SUP_OK ||
        sup_mail_make_message_id(unique, sizeof unique, "v8pro.ru", &mid) != SUP_OK)
        return 2;

    /* a Russian reminder: text and HTML, quoted-printable, B-words */
    const sup_mail_address to1[] = {{"buh@romashka.example", "ООО «Ромашка», бухгалтерия"},
                                    {"it@romashka.example", NULL}};
    const sup_mail_address reply = {"manager@v8PRO.ru", "Менеджер"};
    const sup_mail_header extra1[] = {{"X-Support-Reminder", "support_ending 2026-12-01 license 17"},
                                      {"List-Unsubscribe", "<mailto:unsubscribe@v8pro.ru?subject=unsubscribe>"}};
    m.from = (sup_mail_address){"support@v8pro.ru", "Восьмёрка Про — техническая поддержка"};
    m.to = to1;
    m.to_count = 2;
    m.reply_to = &reply;
    m.subject = "Техническая поддержка «Отчёт по продажам» заканчивается 15.07.2027: продлите её со скидкой — "
                "1 998 руб. до 15.08.2027";
    m.date = 1796104800; /* 2026-12-01 06:00 UTC: 09:00 in Moscow */
    m.utc_offset_minutes = 180;
    m.message_id = mid;
    m.text = "Здравствуйте!\n\nТехническая поддержка «Отчёт по продажам» действует до 15.07.2027.\n"
             "Продление со скидкой: 1 998 руб. (25 % от цены 7 990 руб.) — до 15.08.2027.\n\n"
             "WhatsApp +7 927 853 15 26 · manager@v8PRO.ru\n";
    m.html = "<!DOCTYPE html>\n<html lang=\"ru\"><body><p>Здравствуйте!</p>\n<p>Техническая поддержка "
             "<b>«Отчёт по продажам»</b> действует до 15.07.2027.</p>\n<p style=\"color: #333\">Продление: "
             "1&nbsp;998&nbsp;руб.</p></body></html>\n";
    m.headers = extra1;
    m.header_count = 2;
    failures += emit("reminder_ru", &m);

    /* an English sign-in link: text only, base64, Q-words, a quoted display name */
    const sup_mail_address to2[] = {{"anna.petrova@example.com", "Anna Petrova"}};
    sup_mail_message s;
    if (sup_mail_message_init(&s, SUP_MAIL_MESSAGE_VERSION) != SUP_OK)
        return 2;
    s.from = (sup_mail_address){"no-reply@v8pro.ru", "Support, v8PRO.ru"};
    s.to = to2;
    s.to_count = 1;
    s.subject = "Your sign-in link for the v8PRO.ru customer portal";
    s.date = 1796104800;
    s.utc_offset_minutes = 0;
    s.message_id = "<signin.7f3a9c@v8pro.ru>";
    s.text = "Sign in: https://portal.v8pro.ru/signin?token=Zm9vYmFy&x=1\r\nThe link works for 30 minutes.\r\n";
    s.body_encoding = SUP_MAIL_BASE64;
    s.word_encoding = SUP_MAIL_WORDS_Q;
    failures += emit("signin_en", &s);

    /* the awkward cases: text that looks encoded, spaces, long words, 4-byte characters, escapes */
    const sup_mail_address to3[] = {{"a@b.example", "Иван \"Ваня\" Петров \\ IT"},
                                    {"x.y+tag@sub-domain.example.org", "=?UTF-8?B?SGk=?="},
                                    {"q@example.org", "O'Brien & Co (UK)"}};
    const sup_mail_header extra3[] = {{"X-Note", "  двойные  пробелы  и хвост "}, {"X-Empty", ""}};
    sup_mail_message e = m;
    e.to = to3;
    e.to_count = 3;
    e.reply_to = NULL;
    e.subject = " =?UTF-8?B?SGk=?= looks encoded  but is not, 😀 emoji, and a very long word: "
                "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa ";
    e.word_encoding = SUP_MAIL_WORDS_Q;
    e.text = "From the start: a line that mbox would change\r\nCR alone\rtrailing spaces   \n\ttab and = signs "
             "== =3D\nа очень длинная строка кириллицей, которая не помещается в 76 знаков и должна быть "
             "перенесена мягкими переносами, ни один байт не теряется; 😀 и ещё\n.\n..dots\nno newline at the end";
    e.html = "<p>Δ 😀 — ok</p>";
    e.headers = extra3;
    e.header_count = 2;
    failures += emit("edge_cases", &e);

    /* empty subject and bodies, a negative offset, a date before 1970 */
    sup_mail_message z = s;
    z.subject = "";
    z.text = "";
    z.html = "";
    z.date = -1;
    z.utc_offset_minutes = -330;
    z.body_encoding = SUP_MAIL_QUOTED_PRINTABLE;
    failures += emit("empty", &z);

    /* base64 for both parts, many recipients folded over lines */
    sup_mail_address many[12];
    char addrs[12][40];
    for (int i = 0; i < 12; i++) {
        snprintf(addrs[i], sizeof addrs[i], "customer%02d@example.com", i);
        many[i].address = addrs[i];
        many[i].name = i % 3 == 0 ? "Покупатель" : NULL;
    }
    sup_mail_message b = m;
    b.to = many;
    b.to_count = 12;
    b.body_encoding = SUP_MAIL_BASE64;
    b.date = 253402300799; /* 9999-12-31 23:59:59 UTC */
    b.utc_offset_minutes = 0;
    failures += emit("base64_many", &b);

    sup_free(mid);
    return failures != 0;
}
