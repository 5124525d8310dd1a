/*
 * The vendor page's worked example through libsupport: a report priced
 * 7990 rub with 6 months of support, bought on 2026-01-15.
 *
 *   cc seed_example.c $(pkg-config --cflags --libs libsupport) -o seed_example
 */
#include <libsupport.h>

#include <stdio.h>
#include <stdlib.h>

#define CHECK(call)                                                                                     \
    do {                                                                                                \
        int rc_ = (call);                                                                               \
        if (rc_ != SUP_OK) {                                                                            \
            fprintf(stderr, "%s failed: %s (%s)\n", #call, sup_error_message(), sup_result_name(rc_)); \
            exit(1);                                                                                    \
        }                                                                                               \
    } while (0)

static void print_quote(const char *label, const sup_quote *q)
{
    char fee[SUP_MONEY_BUFSIZE], until[SUP_DATE_BUFSIZE], valid[SUP_DATE_BUFSIZE] = "-";
    CHECK(sup_money_format(sup_quote_fee(q), SUP_MONEY_RU, fee, sizeof fee));
    CHECK(sup_date_format(sup_quote_new_support_until(q), SUP_DATE_ISO, until, sizeof until));
    if (sup_quote_valid_through(q) != SUP_DATE_MAX)
        CHECK(sup_date_format(sup_quote_valid_through(q), SUP_DATE_ISO, valid, sizeof valid));
    printf("%-34s %-13s %5.2f%%  fee %-14s new support_until %s  valid through %s\n", label,
           sup_quote_kind_name(sup_quote_kind_of(q)), sup_quote_rate(q) / 100.0, fee, until, valid);
}

int main(void)
{
    sup_product *report = NULL;
    sup_license *license = NULL;
    sup_quote *quote = NULL;
    sup_status *status = NULL;
    sup_policy *page40 = NULL;
    sup_date purchased, on;

    printf("libsupport %s\n", sup_version_string());
    CHECK(sup_product_new(SUP_LICENSE_PERPETUAL, 6, &report));
    CHECK(sup_product_set_price(report, 20250101, 799000)); /* 7990 rub, in kopecks */
    CHECK(sup_date_parse("2026-01-15", &purchased));
    CHECK(sup_license_new(report, purchased, &license));
    CHECK(sup_status_new(&status));
    CHECK(sup_quote_new(&quote));

    CHECK(sup_date_parse("2026-08-01", &on));
    CHECK(sup_license_status(license, NULL, on, status));
    printf("status on 2026-08-01: %s\n", sup_state_name(sup_status_state(status)));
    CHECK(sup_license_quote(license, report, NULL, on, quote));
    print_quote("renewal on 2026-08-01 (grace):", quote);

    CHECK(sup_date_parse("2026-09-01", &on));
    CHECK(sup_license_quote(license, report, NULL, on, quote));
    print_quote("renewal on 2026-09-01 (45%):", quote);

    CHECK(sup_policy_parse("standard_rate_bp = 4000\n", &page40));
    CHECK(sup_license_quote(license, report, page40, on, quote));
    print_quote("renewal on 2026-09-01 (40% policy):", quote);

    sup_policy_free(page40);
    sup_quote_free(quote);
    sup_status_free(status);
    sup_license_free(license);
    sup_product_free(report);
    return 0;
}
