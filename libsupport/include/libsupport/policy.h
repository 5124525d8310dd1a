/*
 * libsupport — the policy: renewal rates, windows, rounding and contact channels.
 */
#ifndef LIBSUPPORT_POLICY_H
#define LIBSUPPORT_POLICY_H

#include "common.h"
#include "money.h"

#ifdef __cplusplus
extern "C" {
#endif

/** An opaque policy. */
typedef struct sup_policy sup_policy;

/** Kinds of contact channel shown in customer notices. */
typedef enum sup_contact_kind {
    SUP_CONTACT_WHATSAPP = 0,
    SUP_CONTACT_EMAIL = 1,
    SUP_CONTACT_SITE_CHAT = 2,
    SUP_CONTACT_VK = 3,
    SUP_CONTACT_TELEGRAM = 4,
    SUP_CONTACT_OTHER = 5
} sup_contact_kind;

/** Limits of the policy's month settings. */
#define SUP_MONTHS_MAX 1200

/**
 * A new policy with the vendor's defaults: preferential 25% (2500 bp),
 * standard 45% (4500 bp), preferential window 1 month after support ends,
 * renewal term 12 months, default support term 6 months, fees rounded to
 * whole rubles half up, no phone support, and the page's four channels
 * (WhatsApp +7 927 853 15 26, manager@v8PRO.ru, chat on v8PRO.ru, vk.com/v8proru).
 */
SUP_API SUP_NODISCARD int sup_policy_new(sup_policy **out);

/**
 * A policy from its text form: the defaults, changed by "key = value" lines.
 * Blank lines and lines starting with '#' are ignored. Keys:
 *   preferential_rate_bp = 2500        (0 … 10000)
 *   standard_rate_bp     = 4500        (0 … 10000)
 *   grace_months         = 1           (0 … 1200)
 *   renewal_months       = 12          (1 … 1200)
 *   default_support_months = 6         (0 … 1200)
 *   rounding_unit        = ruble       (kopeck | ruble | 10_rubles | a number of kopecks)
 *   rounding_mode        = half_up     (half_up | half_even | up | down)
 *   phone_support        = no          (yes | no)
 *   vat_rate_bp          = none        (none: "Без НДС" on invoices | 0 … 10000)
 *   contact              = whatsapp +7 927 853 15 26
 *       (kind: whatsapp | email | site_chat | vk | telegram | other; the first
 *        contact line replaces the default channels, later ones append)
 *   recognition_sale_support_share_bp = 0   (0 … 10000)        } revenue recognition:
 *   recognition_renewal       = daily  (daily | on_payment)    } revenue.h, docs/revenue.md
 *   recognition_subscription  = daily  (daily | on_payment)    }
 * Every key but "contact" may appear once. SUP_EPARSE with the line number on
 * an unknown key, a missing '=', a duplicate, or a bad value.
 */
SUP_API SUP_NODISCARD int sup_policy_parse(const char *text, sup_policy **out);

/** The text form of a policy (parses back to an equal policy). Free with sup_free(). */
SUP_API SUP_NODISCARD int sup_policy_to_text(const sup_policy *policy, char **out);

/** A deep copy. */
SUP_API SUP_NODISCARD int sup_policy_clone(const sup_policy *policy, sup_policy **out);
/** 1 if two policies have the same settings and channels, else 0. */
SUP_API int sup_policy_equal(const sup_policy *a, const sup_policy *b);
SUP_API void sup_policy_free(sup_policy *policy);

/* Getters: the policy must not be NULL (NULL gives 0). */
SUP_API sup_rate sup_policy_preferential_rate(const sup_policy *policy);
SUP_API sup_rate sup_policy_standard_rate(const sup_policy *policy);
SUP_API int sup_policy_grace_months(const sup_policy *policy);
SUP_API int sup_policy_renewal_months(const sup_policy *policy);
SUP_API int sup_policy_default_support_months(const sup_policy *policy);
SUP_API sup_money sup_policy_rounding_unit(const sup_policy *policy);
SUP_API sup_rounding_mode sup_policy_rounding_mode(const sup_policy *policy);
SUP_API int sup_policy_phone_support(const sup_policy *policy);
/** The VAT rate of invoices in basis points, or SUP_VAT_NONE (the default: "Без НДС"). */
SUP_API sup_rate sup_policy_vat_rate(const sup_policy *policy);

/* Setters: SUP_ERANGE (or SUP_EINVAL for a bad enum) leaves the policy unchanged. */
SUP_API SUP_NODISCARD int sup_policy_set_preferential_rate(sup_policy *policy, sup_rate rate_bp);
SUP_API SUP_NODISCARD int sup_policy_set_standard_rate(sup_policy *policy, sup_rate rate_bp);
SUP_API SUP_NODISCARD int sup_policy_set_grace_months(sup_policy *policy, int months);
SUP_API SUP_NODISCARD int sup_policy_set_renewal_months(sup_policy *policy, int months);
SUP_API SUP_NODISCARD int sup_policy_set_default_support_months(sup_policy *policy, int months);
SUP_API SUP_NODISCARD int sup_policy_set_rounding(sup_policy *policy, sup_money unit, sup_rounding_mode mode);
SUP_API SUP_NODISCARD int sup_policy_set_phone_support(sup_policy *policy, int enabled);
/** SUP_VAT_NONE, or a rate 0 … 10000 bp (a 0% rate is printed as such, not as "Без НДС"). */
SUP_API SUP_NODISCARD int sup_policy_set_vat_rate(sup_policy *policy, sup_rate rate_bp);

/** A fee under this policy: price × rate rounded by the policy's unit and mode. */
SUP_API SUP_NODISCARD int sup_policy_fee(const sup_policy *policy, sup_money price, sup_rate rate_bp,
                                         sup_money *out);

/* Contact channels, in display order. */
SUP_API size_t sup_policy_contact_count(const sup_policy *policy);
/** The kind of channel i; SUP_ENOTFOUND if i is out of range. */
SUP_API SUP_NODISCARD int sup_policy_contact_kind(const sup_policy *policy, size_t i, sup_contact_kind *out);
/** The value of channel i (a number, an address …); owned by the policy. NULL if out of range. */
SUP_API const char *sup_policy_contact_value(const sup_policy *policy, size_t i);
/**
 * Append a channel. The value must be non-empty UTF-8 on one line (at most 256
 * bytes) without C0/C1 controls, DEL or bidi controls (the text rules of the
 * ledger and the notices).
 */
SUP_API SUP_NODISCARD int sup_policy_add_contact(sup_policy *policy, sup_contact_kind kind, const char *value);
SUP_API void sup_policy_clear_contacts(sup_policy *policy);

/** "whatsapp", "email", "site_chat", "vk", "telegram", "other" ("" for an unknown kind). */
SUP_API const char *sup_contact_kind_name(sup_contact_kind kind);
/** The kind for a name above; SUP_EINVAL otherwise. */
SUP_API SUP_NODISCARD int sup_contact_kind_from_name(const char *name, sup_contact_kind *out);

#ifdef __cplusplus
}
#endif
#endif /* LIBSUPPORT_POLICY_H */
