/* Fuzz target: the revenue schedule (revenue.h). The input as text is parsed as a
 * month "YYYY-MM" (exact: what it accepts prints back the same); as a stream of
 * choices it builds a schedule and adds items (payments and corrections, with
 * dates, amounts and policies drawn from the bytes, many of them bad). Checked:
 * every refused item leaves the schedule as it was; every row rolls forward
 * (opening + billed − recognised = deferred, each month opening with the last
 * one's close); and a schedule over the whole life of accepted payments ends
 * with recognised + deferred = billed, and each payment alone sums to its amount. */
#include "fuzz_common.h"

static void check_month(const char *text)
{
    sup_date d = 777;
    int rc = sup_revenue_parse_month(text, &d);
    if (rc != SUP_OK) {
        FUZZ_CHECK(rc == SUP_EDATE);
        FUZZ_CHECK(d == 777);
        fuzz_check_error(rc);
        return;
    }
    FUZZ_CHECK(sup_date_is_valid(d) && sup_date_day(d) == 1);
    char back[16];
    snprintf(back, sizeof back, "%04d-%02d", sup_date_year(d), sup_date_month(d));
    FUZZ_CHECK(strcmp(back, text) == 0);
}

/* Every row of r: its totals (the sums of billed and recognised, the deferred at the start of the first month
 * and at the end of the last). */
static void check_rows(const sup_revenue *r, sup_money *billed, sup_money *recognised, sup_money *opening,
                       sup_money *deferred)
{
    size_t n = sup_revenue_row_count(r);
    *billed = *recognised = *deferred = *opening = 0;
    sup_date first_month = 0;
    sup_date last_month = 0;
    for (size_t i = 0; i < n; i++) {
        sup_revenue_row row = {.version = SUP_REVENUE_ROW_VERSION};
        FUZZ_CHECK(sup_revenue_get_row(r, i, &row) == SUP_OK);
        FUZZ_CHECK(row.opening_deferred + row.billed - row.recognised == row.deferred);
        FUZZ_CHECK(row.month >= last_month);
        if (row.month != last_month)
            *deferred = 0;
        if (first_month == 0)
            first_month = row.month;
        if (row.month == first_month)
            *opening += row.opening_deferred;
        last_month = row.month;
        *billed += row.billed;
        *recognised += row.recognised;
        *deferred += row.deferred;
    }
    sup_revenue_row past = {.version = SUP_REVENUE_ROW_VERSION};
    FUZZ_CHECK(sup_revenue_get_row(r, n, &past) == SUP_ENOTFOUND);
}

static sup_revenue *schedule_of(sup_date from, sup_date to, sup_revenue_by by, int *rc)
{
    sup_revenue_options o;
    FUZZ_CHECK(sup_revenue_options_init(&o, SUP_REVENUE_OPTIONS_VERSION) == SUP_OK);
    o.from = from;
    o.to = to;
    o.by = by;
    sup_revenue *r = NULL;
    *rc = sup_revenue_new(&o, &r);
    if (*rc != SUP_OK) {
        FUZZ_CHECK(r == NULL);
        fuzz_check_error(*rc);
    }
    return r;
}

static void check_schedules(fuzz_reader *in)
{
    /* a schedule from the bytes (maybe refused), and one over a life of 1900 … 2099 that every item fits */
    int rc;
    sup_revenue *part = schedule_of(fuzz_date_near(in, 20250101), fuzz_date_near(in, 20270101),
                                    (sup_revenue_by)(fuzz_u8(in) % 4), &rc);
    /* 10 years around the items' dates (reading every row costs months² / 2: kept small for speed) */
    sup_revenue *life = schedule_of(20210101, 20301231, (sup_revenue_by)(fuzz_u8(in) % 3), &rc);
    FUZZ_CHECK(life != NULL);
    sup_policy *pol = NULL;
    FUZZ_CHECK(sup_policy_new(&pol) == SUP_OK);
    /* settings out of range are refused (and change nothing) */
    sup_rate share = (sup_rate)(fuzz_u16(in) % 10500);
    FUZZ_CHECK((sup_policy_set_recognition_sale_support_share(pol, share) == SUP_OK) == (share <= 10000));
    sup_recognition ren = (sup_recognition)(fuzz_u8(in) % 3), sub = (sup_recognition)(fuzz_u8(in) % 3);
    FUZZ_CHECK((sup_policy_set_recognition_renewal(pol, ren) == SUP_OK) == (ren <= SUP_RECOGNITION_ON_PAYMENT));
    FUZZ_CHECK((sup_policy_set_recognition_subscription(pol, sub) == SUP_OK) == (sub <= SUP_RECOGNITION_ON_PAYMENT));
    sup_money billed = 0, b0, r0, o0, d0;
    check_rows(life, &b0, &r0, &o0, &d0);
    sup_revenue_item last;
    FUZZ_CHECK(sup_revenue_item_init(&last, SUP_REVENUE_ITEM_VERSION) == SUP_OK);
    bool have_last = false;
    for (int k = 0; k < 40 && fuzz_more(in); k++) {
        sup_revenue_item it;
        FUZZ_CHECK(sup_revenue_item_init(&it, SUP_REVENUE_ITEM_VERSION) == SUP_OK);
        it.kind = (sup_revenue_kind)(fuzz_u8(in) % 8);
        it.product = (sup_id)(int8_t)fuzz_u8(in);
        it.on = fuzz_date_near(in, 20260115);
        it.amount = fuzz_money(in);
        it.support_before = (fuzz_u8(in) & 3) == 0 ? SUP_DATE_NONE : fuzz_date_near(in, it.on);
        it.support_until = fuzz_date_near(in, it.on);
        if (it.kind == SUP_REVENUE_CORRECTION && have_last) {
            it.corrected_kind = last.kind;
            it.corrected_on = last.on;
            it.corrected_amount = last.amount;
            it.corrected_support_before = last.support_before;
            it.corrected_support_until = last.support_until;
            it.amount = -(sup_money)(fuzz_u32(in) % (uint32_t)(last.amount + 2));
            it.shortened_until = (fuzz_u8(in) & 1) ? fuzz_date_near(in, it.on) : SUP_DATE_NONE;
        }
        const sup_policy *p = (fuzz_u8(in) & 1) ? pol : NULL;
        sup_money b1, r1, o1, d1;
        rc = sup_revenue_add(life, p, &it);
        if (rc != SUP_OK)
            fuzz_check_error(rc);
        check_rows(life, &b1, &r1, &o1, &d1);
        if (rc != SUP_OK) {
            FUZZ_CHECK(b0 == b1 && r0 == r1 && o0 == o1 && d0 == d1); /* refused: nothing changed */
            continue;
        }
        b0 = b1;
        r0 = r1;
        o0 = o1;
        d0 = d1;
        if (part != NULL) {
            int prc = sup_revenue_add(part, p, &it); /* the same item: the same answer */
            FUZZ_CHECK(prc == SUP_OK || prc == SUP_EMONEY);
        }
        if (it.on >= 20210101 && it.on <= 20301231) /* (billed before: in the opening balance; after: nowhere) */
            billed += it.amount;
        if (it.kind != SUP_REVENUE_CORRECTION && it.amount > 0 && it.amount < 100000000) {
            last = it;
            have_last = true;
        }
    }
    sup_money b, r, o, d;
    check_rows(life, &b, &r, &o, &d);
    FUZZ_CHECK(b == billed);
    FUZZ_CHECK(o + b == r + d); /* over the whole schedule (o: what items billed before 2021 had not earned) */
    if (part != NULL) {
        check_rows(part, &b, &r, &o, &d);
        FUZZ_CHECK(o + b == r + d);
    }
    sup_policy_free(pol);
    sup_revenue_free(part);
    sup_revenue_free(life);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    char *text = fuzz_cstring(data, size);
    check_month(text);
    free(text);
    fuzz_reader r = {data, size};
    check_schedules(&r);
    return 0;
}
