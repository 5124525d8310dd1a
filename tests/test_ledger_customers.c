/* Customers you can reach (customer.h): contact data checked with requisites.h, read
 * by id and by code, changed field by field with the old and new value in the audit
 * trail, found by any e-mail address. Runs on both engines (pg.test_ledger_customers). */
#include "ledger_test_util.h"

static const char *last_audit_detail(sup_ledger *l, char *buf, size_t size, char *action, size_t asize)
{
    sup_cursor *c = NULL;
    assert_int_equal(sup_ledger_list_audit(l, 0, &c), SUP_OK);
    buf[0] = action[0] = '\0';
    while (sup_cursor_next(c) == 1) {
        snprintf(buf, size, "%s", sup_cursor_text(c, SUP_AUDCOL_DETAIL));
        snprintf(action, asize, "%s", sup_cursor_text(c, SUP_AUDCOL_ACTION));
    }
    sup_cursor_free(c);
    return buf;
}

static sup_customer_fields fields(void)
{
    sup_customer_fields f;
    assert_int_equal(sup_customer_fields_init(&f, SUP_CUSTOMER_FIELDS_VERSION), SUP_OK);
    return f;
}

static sup_id add_full(sup_ledger *l)
{
    static const char *const emails[] = {"Anna.Petrova@Romashka.RU", "buh@romashka.ru"};
    sup_customer_fields f = fields();
    f.change = SUP_CUSTOMER_ALL;
    f.name = "ООО «Ромашка»";
    f.emails = emails;
    f.email_count = 2;
    f.phone = "8 (927) 853-15-26";
    f.inn = "7707083893";
    f.kpp = "773601001";
    f.lang = "en";
    f.note = "звонить после 10:00\nбухгалтерия — Анна";
    sup_id id = 0;
    if (sup_ledger_add_customer_ext(l, ACTOR, "C-ROM", &f, &id) != SUP_OK)
        fail_msg("add: %s", sup_error_message());
    return id;
}

static void a_customer_with_every_field_reads_back_as_stored(void **state)
{
    (void)state;
    sup_ledger *l = open_mem();
    sup_id id = add_full(l);
    sup_customer *c = NULL;
    assert_int_equal(sup_ledger_get_customer(l, id, &c), SUP_OK);
    assert_int_equal(sup_customer_id(c), id);
    assert_string_equal(sup_customer_code(c), "C-ROM");
    assert_string_equal(sup_customer_name(c), "ООО «Ромашка»");
    assert_string_equal(sup_customer_phone(c), "+79278531526"); /* stored in E.164 */
    assert_string_equal(sup_customer_inn(c), "7707083893");
    assert_string_equal(sup_customer_kpp(c), "773601001");
    assert_string_equal(sup_customer_lang_code(c), "en");
    assert_int_equal(sup_customer_lang(c), SUP_LANG_EN);
    assert_string_equal(sup_customer_note(c), "звонить после 10:00\nбухгалтерия — Анна");
    assert_int_equal(sup_customer_email_count(c), 2);
    assert_string_equal(sup_customer_email(c, 0), "Anna.Petrova@Romashka.RU"); /* as given */
    assert_string_equal(sup_customer_email(c, 1), "buh@romashka.ru");
    assert_null(sup_customer_email(c, 2));
    sup_customer_free(c);
    assert_int_equal(sup_ledger_get_customer_by_code(l, "C-ROM", &c), SUP_OK);
    assert_int_equal(sup_customer_id(c), id);
    sup_customer_free(c);
    /* the audit event names every field set */
    char detail[1024], action[64];
    last_audit_detail(l, detail, sizeof detail, action, sizeof action);
    assert_string_equal(action, "add_customer");
    assert_string_equal(detail, "code=C-ROM; name=ООО «Ромашка»; emails=Anna.Petrova@Romashka.RU, buh@romashka.ru; "
                                "phone=+79278531526; inn=7707083893; kpp=773601001; lang=en; "
                                "note=звонить после 10:00\\nбухгалтерия — Анна");
    /* the customer list carries the contact data */
    sup_cursor *cur = NULL;
    assert_int_equal(sup_ledger_list_customers(l, &cur), SUP_OK);
    assert_int_equal(sup_cursor_column_count(cur), 9);
    assert_int_equal(sup_cursor_next(cur), 1);
    assert_string_equal(sup_cursor_text(cur, SUP_CUSTCOL_EMAILS), "Anna.Petrova@Romashka.RU, buh@romashka.ru");
    assert_string_equal(sup_cursor_text(cur, SUP_CUSTCOL_PHONE), "+79278531526");
    assert_string_equal(sup_cursor_text(cur, SUP_CUSTCOL_LANG), "en");
    assert_string_equal(sup_cursor_column_name(cur, SUP_CUSTCOL_NOTE), "note");
    assert_int_equal(sup_cursor_next(cur), 0);
    sup_cursor_free(cur);
    sup_ledger_close(l);
}

static void a_customer_added_the_old_way_has_no_contact_data_and_russian_notices(void **state)
{
    (void)state;
    sup_ledger *l = open_mem();
    sup_id a = add_customer(l, "A"), b = add_full(l), c0 = add_customer(l, "C");
    sup_customer *c = NULL;
    assert_int_equal(sup_ledger_get_customer(l, a, &c), SUP_OK);
    assert_null(sup_customer_phone(c));
    assert_null(sup_customer_inn(c));
    assert_null(sup_customer_kpp(c));
    assert_null(sup_customer_lang_code(c));
    assert_int_equal(sup_customer_lang(c), SUP_LANG_RU);
    assert_null(sup_customer_note(c));
    assert_int_equal(sup_customer_email_count(c), 0);
    sup_customer_free(c);
    /* one row per customer in id order, whatever their number of addresses */
    sup_cursor *cur = NULL;
    assert_int_equal(sup_ledger_list_customers(l, &cur), SUP_OK);
    sup_id seen[3] = {0};
    for (int i = 0; i < 3; i++) {
        assert_int_equal(sup_cursor_next(cur), 1);
        seen[i] = sup_cursor_int64(cur, SUP_CUSTCOL_CUSTOMER);
        if (seen[i] != b)
            assert_true(sup_cursor_is_null(cur, SUP_CUSTCOL_EMAILS));
    }
    assert_int_equal(sup_cursor_next(cur), 0);
    sup_cursor_free(cur);
    assert_int_equal(seen[0], a);
    assert_int_equal(seen[1], b);
    assert_int_equal(seen[2], c0);
    assert_int_equal(sup_ledger_get_customer(l, 99, &c), SUP_ENOTFOUND);
    assert_null(c);
    assert_int_equal(sup_ledger_get_customer(l, 0, &c), SUP_ENOTFOUND);
    assert_int_equal(sup_ledger_get_customer_by_code(l, "NOPE", &c), SUP_ENOTFOUND);
    assert_non_null(strstr(sup_error_message(), "NOPE"));
    sup_ledger_close(l);
}

static void an_update_changes_only_what_it_names_and_audits_old_and_new(void **state)
{
    (void)state;
    sup_ledger *l = open_mem();
    sup_id id = add_full(l);
    int audits = audit_count(l);
    static const char *const emails[] = {"buh@romashka.ru", "director@romashka.ru"};
    sup_customer_fields f = fields();
    f.change = SUP_CUSTOMER_EMAILS | SUP_CUSTOMER_PHONE | SUP_CUSTOMER_NOTE | SUP_CUSTOMER_LANG;
    f.emails = emails;
    f.email_count = 2;
    f.phone = "+7 927 853-15-27";
    f.note = NULL; /* cleared */
    f.lang = "en";  /* the same: not a change */
    unsigned changed = 0;
    assert_int_equal(sup_ledger_update_customer_ext(l, ACTOR, id, &f, &changed), SUP_OK);
    assert_int_equal(changed, SUP_CUSTOMER_EMAILS | SUP_CUSTOMER_PHONE | SUP_CUSTOMER_NOTE);
    assert_int_equal(audit_count(l), audits + 1);
    char detail[1024], action[64];
    last_audit_detail(l, detail, sizeof detail, action, sizeof action);
    assert_string_equal(action, "update_customer");
    assert_string_equal(detail, "emails=Anna.Petrova@Romashka.RU, buh@romashka.ru -> buh@romashka.ru, "
                                "director@romashka.ru; phone=+79278531526 -> +79278531527; "
                                "note=звонить после 10:00\\nбухгалтерия — Анна -> ");
    sup_customer *c = NULL;
    assert_int_equal(sup_ledger_get_customer(l, id, &c), SUP_OK);
    assert_string_equal(sup_customer_name(c), "ООО «Ромашка»");
    assert_string_equal(sup_customer_inn(c), "7707083893");
    assert_string_equal(sup_customer_phone(c), "+79278531527");
    assert_null(sup_customer_note(c));
    assert_int_equal(sup_customer_email_count(c), 2);
    assert_string_equal(sup_customer_email(c, 0), "buh@romashka.ru");
    assert_string_equal(sup_customer_email(c, 1), "director@romashka.ru");
    sup_customer_free(c);
    /* the same change again: nothing is written */
    assert_int_equal(sup_ledger_update_customer_ext(l, ACTOR, id, &f, &changed), SUP_OK);
    assert_int_equal(changed, 0);
    assert_int_equal(audit_count(l), audits + 1);
    /* clearing the addresses, the KPP and then the INN (in one change: the KPP needs the INN) */
    f = fields();
    f.change = SUP_CUSTOMER_EMAILS | SUP_CUSTOMER_INN | SUP_CUSTOMER_KPP;
    f.email_count = 0;
    f.inn = "";
    f.kpp = NULL;
    assert_int_equal(sup_ledger_update_customer_ext(l, ACTOR, id, &f, &changed), SUP_OK);
    assert_int_equal(changed, SUP_CUSTOMER_EMAILS | SUP_CUSTOMER_INN | SUP_CUSTOMER_KPP);
    last_audit_detail(l, detail, sizeof detail, action, sizeof action);
    assert_string_equal(detail, "emails=buh@romashka.ru, director@romashka.ru -> ; inn=7707083893 -> ; "
                                "kpp=773601001 -> ");
    sup_ledger_close(l);
}

/* A bad value: the code, a message naming it, and nothing changed. */
static void refused(sup_ledger *l, sup_id id, const sup_customer_fields *f, int code, const char *needle)
{
    int audits = audit_count(l);
    sup_customer *before = NULL, *after = NULL;
    assert_int_equal(sup_ledger_get_customer(l, id, &before), SUP_OK);
    int rc = sup_ledger_update_customer_ext(l, ACTOR, id, f, NULL);
    if (rc != code || strstr(sup_error_message(), needle) == NULL)
        fail_msg("expected %d with \"%s\", got %d: %s", code, needle, rc, sup_error_message());
    assert_int_equal(audit_count(l), audits);
    assert_int_equal(sup_ledger_get_customer(l, id, &after), SUP_OK);
    assert_string_equal(sup_customer_name(after), sup_customer_name(before));
    assert_int_equal(sup_customer_email_count(after), sup_customer_email_count(before));
    assert_string_equal(sup_customer_inn(after), sup_customer_inn(before));
    assert_string_equal(sup_customer_phone(after), sup_customer_phone(before));
    sup_customer_free(before);
    sup_customer_free(after);
}

static void every_bad_value_is_refused_with_its_reason_and_changes_nothing(void **state)
{
    (void)state;
    sup_ledger *l = open_mem();
    sup_id id = add_full(l);
    sup_customer_fields f = fields();
    f.change = SUP_CUSTOMER_INN;
    f.inn = "7707083894";
    refused(l, id, &f, SUP_EINVAL, "customer INN: invalid INN \"7707083894\": the check digit is 3, not 4");
    f.inn = "770708389";
    refused(l, id, &f, SUP_EINVAL, "invalid INN \"770708389\"");
    f.inn = "500100732259"; /* a person's INN: the stored KPP no longer fits */
    refused(l, id, &f, SUP_EINVAL, "customer KPP \"773601001\" needs the 10-digit INN of an organisation (the INN "
                                   "has 12 digits: a person has no KPP)");
    f = fields();
    f.change = SUP_CUSTOMER_KPP;
    f.kpp = "77360100";
    refused(l, id, &f, SUP_EINVAL, "customer KPP: invalid KPP \"77360100\"");
    f = fields();
    f.change = SUP_CUSTOMER_PHONE;
    f.phone = "927 853-15-26";
    refused(l, id, &f, SUP_EINVAL, "customer phone: invalid phone \"927 853-15-26\"");
    f.phone = "+7 927 853\n15 26";
    refused(l, id, &f, SUP_EINVAL, "contains U+000A LINE FEED");
    static const char *const dup[] = {"Ivan@Mail.RU", "Ivan@mail.ru"};
    static const char *const bad[] = {"ivan@mail", "ok@mail.ru"};
    f = fields();
    f.change = SUP_CUSTOMER_EMAILS;
    f.emails = dup;
    f.email_count = 2;
    refused(l, id, &f, SUP_EINVAL, "customer e-mail \"Ivan@mail.ru\" names the same mailbox as \"Ivan@Mail.RU\"");
    f.emails = bad;
    refused(l, id, &f, SUP_EINVAL, "customer e-mail: invalid e-mail \"ivan@mail\"");
    const char *many[SUP_CUSTOMER_EMAILS_MAX + 1];
    char addr[SUP_CUSTOMER_EMAILS_MAX + 1][32];
    for (int i = 0; i <= SUP_CUSTOMER_EMAILS_MAX; i++) {
        snprintf(addr[i], sizeof addr[i], "a%d@x.ru", i);
        many[i] = addr[i];
    }
    f.emails = many;
    f.email_count = SUP_CUSTOMER_EMAILS_MAX + 1;
    refused(l, id, &f, SUP_EINVAL, "17 e-mail addresses: a customer has at most 16");
    f.email_count = 2;
    f.emails = NULL;
    refused(l, id, &f, SUP_EINVAL, "2 announced, none given");
    f = fields();
    f.change = SUP_CUSTOMER_LANG;
    f.lang = "de";
    refused(l, id, &f, SUP_EINVAL, "customer language \"de\": expected \"ru\" or \"en\"");
    f.lang = "RU";
    refused(l, id, &f, SUP_EINVAL, "expected \"ru\" or \"en\"");
    f = fields();
    f.change = SUP_CUSTOMER_NAME;
    f.name = "";
    refused(l, id, &f, SUP_EINVAL, "customer name is empty");
    f = fields();
    f.change = SUP_CUSTOMER_NOTE;
    char *note = malloc(SUP_CUSTOMER_NOTE_MAX + 2);
    assert_non_null(note);
    memset(note, 'x', SUP_CUSTOMER_NOTE_MAX + 1);
    note[SUP_CUSTOMER_NOTE_MAX + 1] = '\0';
    f.note = note;
    refused(l, id, &f, SUP_EINVAL, "is 2001 bytes long: at most 2000");
    note[SUP_CUSTOMER_NOTE_MAX] = '\0'; /* exactly the limit */
    assert_int_equal(sup_ledger_update_customer_ext(l, ACTOR, id, &f, NULL), SUP_OK);
    free(note);
    f = fields();
    f.change = 0x80;
    refused(l, id, &f, SUP_EINVAL, "unknown change bits 0x80");
    f = fields();
    f.version = 9;
    refused(l, id, &f, SUP_EINVAL, "customer fields of version 9");
    assert_int_equal(sup_customer_fields_init(&f, 2), SUP_EINVAL);
    /* adding: a name is required, the code must be free, the same checks */
    f = fields();
    assert_int_equal(sup_ledger_add_customer_ext(l, ACTOR, "NEW", &f, NULL), SUP_EINVAL);
    assert_non_null(strstr(sup_error_message(), "needs a name"));
    f.change = SUP_CUSTOMER_NAME | SUP_CUSTOMER_KPP;
    f.name = "ИП Петров";
    f.kpp = "773601001";
    assert_int_equal(sup_ledger_add_customer_ext(l, ACTOR, "NEW", &f, NULL), SUP_EINVAL);
    assert_non_null(strstr(sup_error_message(), "(no INN is set)"));
    f.change = SUP_CUSTOMER_NAME;
    assert_int_equal(sup_ledger_add_customer_ext(l, ACTOR, "C-ROM", &f, NULL), SUP_ECONFLICT);
    assert_non_null(strstr(sup_error_message(), "a customer with code \"C-ROM\" already exists"));
    assert_int_equal(sup_ledger_update_customer_ext(l, ACTOR, 999, &f, NULL), SUP_ENOTFOUND);
    sup_ledger_close(l);
}

static int64_t count_found(sup_ledger *l, const char *address, sup_id *first)
{
    sup_cursor *c = NULL;
    if (sup_ledger_find_customers_by_email(l, address, &c) != SUP_OK)
        fail_msg("find %s: %s", address, sup_error_message());
    int64_t n = 0;
    int rc;
    while ((rc = sup_cursor_next(c)) == 1) {
        if (n == 0 && first != NULL)
            *first = sup_cursor_int64(c, SUP_CUSTCOL_CUSTOMER);
        n++;
    }
    assert_int_equal(rc, 0);
    sup_cursor_free(c);
    return n;
}

static void a_customer_is_found_by_any_address_with_the_domain_in_any_case(void **state)
{
    (void)state;
    sup_ledger *l = open_mem();
    sup_id a = add_full(l);
    sup_id first = 0;
    assert_int_equal(count_found(l, "Anna.Petrova@romashka.ru", &first), 1);
    assert_int_equal(first, a);
    assert_int_equal(count_found(l, "buh@ROMASHKA.ru", NULL), 1);
    assert_int_equal(count_found(l, "anna.petrova@romashka.ru", NULL), 0); /* the local part is exact */
    assert_int_equal(count_found(l, "nobody@romashka.ru", NULL), 0);
    /* an accountant's address on two customers: both, by id; Cyrillic domains fold too */
    static const char *const shared[] = {"бух@Почта.РФ"};
    sup_customer_fields f = fields();
    f.change = SUP_CUSTOMER_NAME | SUP_CUSTOMER_EMAILS;
    f.emails = shared;
    f.email_count = 1;
    sup_id b = 0, c = 0;
    f.name = "Б";
    assert_int_equal(sup_ledger_add_customer_ext(l, ACTOR, "B", &f, &b), SUP_OK);
    f.name = "В";
    assert_int_equal(sup_ledger_add_customer_ext(l, ACTOR, "C", &f, &c), SUP_OK);
    assert_int_equal(count_found(l, "бух@почта.рф", &first), 2);
    assert_int_equal(first, b);
    sup_cursor *cur = NULL;
    assert_int_equal(sup_ledger_find_customers_by_email(l, "not an address", &cur), SUP_EINVAL);
    assert_null(cur);
    assert_int_equal(sup_ledger_find_customers_by_email(l, NULL, &cur), SUP_EINVAL);
    /* an address removed from a customer no longer finds it */
    f = fields();
    f.change = SUP_CUSTOMER_EMAILS;
    assert_int_equal(sup_ledger_update_customer_ext(l, ACTOR, b, &f, NULL), SUP_OK);
    assert_int_equal(count_found(l, "бух@почта.рф", &first), 1);
    assert_int_equal(first, c);
    (void)a;
    sup_ledger_close(l);
}

static void a_read_only_ledger_refuses_changes_and_answers_reads(void **state)
{
    (void)state;
    SQLITE_ONLY(); /* read-only PostgreSQL roles: test_ledger_engine */
    tmp_ledger t;
    tmp_init(&t);
    sup_ledger *l = open_new(&t);
    sup_id id = add_full(l);
    sup_ledger_close(l);
    assert_int_equal(sup_ledger_open(t.path, SUP_LEDGER_READONLY, &l), SUP_OK);
    sup_customer_fields f = fields();
    f.change = SUP_CUSTOMER_NAME;
    f.name = "x";
    assert_int_equal(sup_ledger_update_customer_ext(l, ACTOR, id, &f, NULL), SUP_EREADONLY);
    assert_int_equal(sup_ledger_add_customer_ext(l, ACTOR, "Z", &f, NULL), SUP_EREADONLY);
    sup_customer *c = NULL;
    assert_int_equal(sup_ledger_get_customer_by_code(l, "C-ROM", &c), SUP_OK);
    assert_int_equal(sup_customer_email_count(c), 2);
    sup_customer_free(c);
    assert_int_equal(count_found(l, "buh@romashka.ru", NULL), 1);
    sup_ledger_close(l);
    assert_storage_intact(t.path);
    tmp_cleanup(&t);
}

static void the_stored_contact_data_passes_the_schema_check_and_survives_reopening(void **state)
{
    (void)state;
    tmp_ledger t;
    tmp_init(&t);
    sup_ledger *l = open_new(&t);
    sup_id id = add_full(l);
    sup_ledger_close(l);
    assert_int_equal(raw_int(t.path, "SELECT count(*) FROM customer_email"), 2);
    assert_int_equal(raw_int(t.path, "SELECT count(*) FROM customer_email WHERE address_key = "
                                     "'Anna.Petrova@romashka.ru'"),
                     1);
    /* the language is one of two (storage integrity: the core decides the rest) */
    assert_int_not_equal(raw_exec(t.path, "UPDATE customer SET lang = 'de'"), 0);
    l = NULL;
    assert_int_equal(sup_ledger_open(t.path, 0, &l), SUP_OK);
    sup_customer *c = NULL;
    assert_int_equal(sup_ledger_get_customer(l, id, &c), SUP_OK);
    assert_string_equal(sup_customer_lang_code(c), "en");
    sup_customer_free(c);
    sup_ledger_close(l);
    assert_storage_intact(t.path);
    tmp_cleanup(&t);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(a_customer_with_every_field_reads_back_as_stored),
        cmocka_unit_test(a_customer_added_the_old_way_has_no_contact_data_and_russian_notices),
        cmocka_unit_test(an_update_changes_only_what_it_names_and_audits_old_and_new),
        cmocka_unit_test(every_bad_value_is_refused_with_its_reason_and_changes_nothing),
        cmocka_unit_test(a_customer_is_found_by_any_address_with_the_domain_in_any_case),
        cmocka_unit_test(a_read_only_ledger_refuses_changes_and_answers_reads),
        cmocka_unit_test(the_stored_contact_data_passes_the_schema_check_and_survives_reopening),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
