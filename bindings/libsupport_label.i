/*
 * libsupport_label.i — labels and phrases (libsupport/label.h), included by
 * libsupport.i: the words of the library's values in Russian and English, for
 * pages and reports that must say exactly what the customer notice says.
 */

%{
/* A phrase the library allocated (rc: its call's result, read first); NULL and the error pending on failure. */
static char *supb_phrase(int rc, char *s)
{
    if (supb_failed(rc)) {
        sup_free(s);
        return NULL;
    }
    return s;
}

static const char *supf_label(sup_label_set set, int value, sup_lang lang) { return sup_label(set, value, lang); }
static const char *supf_state_label(sup_state state, sup_license_kind kind, sup_lang lang)
{
    return sup_state_label(state, kind, lang);
}
static const char *supf_availability_label(sup_term term, bool available, sup_lang lang)
{
    return sup_availability_label(term, available ? 1 : 0, lang);
}
static char *supf_render_date_inclusive(sup_date d, sup_lang lang)
{
    char *s = NULL;
    int rc = sup_render_date_inclusive(d, lang, &s);
    return supb_phrase(rc, s);
}
static char *supf_render_through(sup_date d, sup_lang lang)
{
    char *s = NULL;
    int rc = sup_render_through(d, lang, &s);
    return supb_phrase(rc, s);
}
static char *supf_render_validity(const supb_quote *quote, sup_lang lang)
{
    char *s = NULL;
    int rc = sup_render_validity(quote, lang, &s);
    return supb_phrase(rc, s);
}
static char *supf_render_no_offer(const supb_offer *offer, sup_lang lang)
{
    char *s = NULL;
    int rc = sup_render_no_offer(offer, lang, &s);
    return supb_phrase(rc, s);
}
static char *supf_render_contact(sup_contact_kind kind, const char *value, sup_lang lang)
{
    char *s = NULL;
    int rc = sup_render_contact(kind, value, lang, &s);
    return supb_phrase(rc, s);
}
%}

%rename(label) supf_label;
%rename(state_label) supf_state_label;
%rename(availability_label) supf_availability_label;
%rename(render_date_inclusive) supf_render_date_inclusive;
%rename(render_through) supf_render_through;
%rename(render_validity) supf_render_validity;
%rename(render_no_offer) supf_render_no_offer;
%rename(render_contact) supf_render_contact;
%newobject supf_render_date_inclusive;
%newobject supf_render_through;
%newobject supf_render_validity;
%newobject supf_render_no_offer;
%newobject supf_render_contact;

SUPB_DOC(supf_label, "label(set, value, lang=Lang.RU) -> str: the words of a value of a LabelSet (a state, a quote\n"
         "kind, an offer reason, a Term ...), as the customer notice says them; '' if unknown.")
SUPB_DOC(supf_state_label, "state_label(state, kind, lang=Lang.RU) -> str: a state's label for a license of that kind\n"
         "('поддержка активна' / 'подписка оплачена').")
SUPB_DOC(supf_availability_label, "availability_label(term, available, lang=Lang.RU) -> str: 'доступны' / 'недоступно'\n"
         "... for the rights terms (USE, CONSULTATIONS, NEW_VERSIONS, IDEAS); '' for others.")
SUPB_DOC(supf_render_date_inclusive, "render_date_inclusive(d, lang=Lang.RU) -> str: '10.02.2027 включительно'.")
SUPB_DOC(supf_render_through, "render_through(d, lang=Lang.RU) -> str: 'до 10.02.2027 включительно' / 'through 2027-02-10'.")
SUPB_DOC(supf_render_validity, "render_validity(quote, lang=Lang.RU) -> str: how long the quote's price holds.")
SUPB_DOC(supf_render_no_offer, "render_no_offer(offer, lang=Lang.RU) -> str: why there is no offer, as a sentence\n"
         "(InvalidArgumentError if there is one).")
SUPB_DOC(supf_render_contact, "render_contact(kind, value, lang=Lang.RU) -> str: a contact channel as the notice lists it.")

const char *supf_label(sup_label_set set, int value, sup_lang lang = 0 /* Lang.RU */);
const char *supf_state_label(sup_state state, sup_license_kind kind, sup_lang lang = 0);
const char *supf_availability_label(sup_term term, bool available, sup_lang lang = 0);
char *supf_render_date_inclusive(sup_date d, sup_lang lang = 0);
char *supf_render_through(sup_date d, sup_lang lang = 0);
char *supf_render_validity(const supb_quote *quote, sup_lang lang = 0);
char *supf_render_no_offer(const supb_offer *offer, sup_lang lang = 0);
char *supf_render_contact(sup_contact_kind kind, const char *value, sup_lang lang = 0);
