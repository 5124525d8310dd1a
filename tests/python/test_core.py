"""The Python binding of the policy engine: the seed example, boundaries, value
conversions and the mapping of every C error family to an exception.

Run from the build tree (ctest does): PYTHONPATH=<build>/bindings/python python3 -m unittest test_core
"""

import datetime
import decimal
import os
import unittest

import libsupport as ls

D = datetime.date
RUB = 100  # kopecks


def perpetual(price_rub=7990, months=6, effective="2026-01-01"):
    product = ls.Product(ls.LicenseKind.PERPETUAL, months)
    product.set_price(effective, price_rub * RUB)
    return product


class SeedExample(unittest.TestCase):
    """The vendor page: 7990 rub -> preferential 1998, standard 3596 (45%), 3196 with a 40% policy."""

    def setUp(self):
        self.product = perpetual(7990)
        self.license = ls.License(self.product, D(2026, 1, 15))  # support through 2026-07-15

    def test_preferential_renewal_is_25_percent_rounded_half_up(self):
        q = self.license.quote(self.product, D(2026, 7, 1))
        self.assertEqual(q.kind, ls.QuoteKind.PREFERENTIAL)
        self.assertEqual(q.rate, 2500)
        self.assertEqual(q.list_price, 799000)
        self.assertEqual(q.fee, 199800)  # 1997.50 -> 1998
        self.assertEqual(q.new_support_until, D(2027, 7, 15))

    def test_standard_renewal_is_45_percent_by_default(self):
        q = self.license.quote(self.product, D(2026, 9, 1))
        self.assertEqual(q.kind, ls.QuoteKind.STANDARD)
        self.assertEqual(q.fee, 359600)  # 3595.50 -> 3596
        self.assertEqual(q.new_support_until, D(2027, 9, 1))

    def test_a_40_percent_policy_reproduces_the_pages_3196(self):
        policy = ls.Policy()
        policy.standard_rate = 4000
        q = self.license.quote(self.product, D(2026, 9, 1), policy)
        self.assertEqual(q.fee, 319600)
        q2 = self.license.quote(self.product, D(2026, 9, 1), policy=ls.Policy.parse("standard_rate_bp = 4000\n"))
        self.assertEqual(q2.fee, 319600)

    def test_fee_function_and_rubles_helper(self):
        self.assertEqual(ls.fee(799000, 2500), 199800)
        self.assertEqual(ls.fee(799000, 2500, ls.Unit.KOPECK), 199750)
        self.assertEqual(ls.fee(799000, 2500, mode=ls.RoundingMode.DOWN), 199700)
        self.assertEqual(ls.rubles(199800), decimal.Decimal("1998.00"))
        self.assertEqual(ls.kopecks(decimal.Decimal("7990")), 799000)
        self.assertEqual(ls.kopecks("1997,5"), 199750)
        self.assertEqual(ls.kopecks(7990), 799000)

    def test_money_text(self):
        self.assertEqual(ls.format_money(199800), "1998.00")
        self.assertEqual(ls.format_money(199800, ls.MoneyStyle.RU), "1\u00a0998 руб.")
        self.assertEqual(ls.format_money(199750, ls.MoneyStyle.EN), "1,997.50 RUB")
        self.assertEqual(ls.parse_money("7990.50"), 799050)


class Boundaries(unittest.TestCase):
    def test_month_ends_follow_article_192(self):
        self.assertEqual(ls.add_months(D(2026, 1, 31), 1), D(2026, 2, 28))
        self.assertEqual(ls.add_months("2024-01-31", 1), D(2024, 2, 29))
        self.assertEqual(ls.add_months("2026-08-31", 6), D(2027, 2, 28))
        self.assertEqual(ls.add_months(D(2026, 3, 31), -1), D(2026, 2, 28))

    def test_purchase_on_a_month_end(self):
        lic = ls.License(perpetual(effective="2026-01-01"), D(2026, 8, 31))
        self.assertEqual(lic.support_until(D(2026, 9, 1)), D(2027, 2, 28))

    def test_purchase_on_february_29(self):
        product = ls.Product(ls.LicenseKind.PERPETUAL, 12)
        product.set_price("2024-01-01", 100000)
        lic = ls.License(product, D(2024, 2, 29))
        self.assertEqual(lic.latest_until, D(2025, 2, 28))
        self.assertEqual(lic.status(D(2025, 2, 28)).state, ls.State.ACTIVE)
        self.assertEqual(lic.status(D(2025, 3, 1)).state, ls.State.GRACE)

    def test_last_day_of_support_and_of_grace(self):
        product = perpetual()
        lic = ls.License(product, D(2026, 1, 15))
        self.assertEqual(lic.status(D(2026, 7, 15)).state, ls.State.ACTIVE)
        grace = lic.status(D(2026, 7, 16))
        self.assertEqual(grace.state, ls.State.GRACE)
        self.assertEqual(grace.preferential_until, D(2026, 8, 15))
        self.assertFalse(grace.can_consult)
        self.assertTrue(grace.can_use)
        self.assertEqual(lic.status(D(2026, 8, 15)).state, ls.State.GRACE)
        self.assertEqual(lic.status(D(2026, 8, 16)).state, ls.State.LAPSED)
        # the quote switches on the same day
        last = lic.quote(product, D(2026, 8, 15))
        self.assertEqual((last.kind, last.fee, last.new_support_until),
                         (ls.QuoteKind.PREFERENTIAL, 199800, D(2027, 7, 15)))
        self.assertEqual(last.valid_through, D(2026, 8, 15))
        after = lic.quote(product, D(2026, 8, 16))
        self.assertEqual((after.kind, after.fee, after.new_support_until),
                         (ls.QuoteKind.STANDARD, 359600, D(2027, 8, 16)))

    def test_before_the_purchase_not_owned(self):
        product = perpetual()
        lic = ls.License(product, D(2026, 1, 15))
        s = lic.status(D(2026, 1, 14))
        self.assertEqual(s.state, ls.State.NOT_OWNED)
        self.assertIsNone(s.support_until)
        self.assertIsNone(lic.support_until(D(2026, 1, 14)))
        with self.assertRaises(ls.StateError):
            lic.quote(product, D(2026, 1, 14))

    def test_renewal_round_trip_and_downloads(self):
        product = perpetual()
        lic = ls.License(product, D(2026, 1, 15))
        self.assertTrue(lic.can_download(D(2026, 12, 1), D(2026, 7, 15)))
        self.assertFalse(lic.can_download(D(2026, 12, 1), D(2026, 7, 16)))
        applied = lic.renew(product, D(2026, 12, 1), 359600)
        self.assertEqual(applied.kind, ls.QuoteKind.STANDARD)
        self.assertEqual(lic.latest_until, D(2027, 12, 1))
        # the standard renewal opens the gap's releases
        self.assertTrue(lic.can_download(D(2026, 12, 1), D(2026, 9, 1)))
        kinds = [e.kind for e in lic.events()]
        self.assertEqual(kinds, [ls.EventKind.PURCHASE, ls.EventKind.STANDARD_RENEWAL])
        self.assertEqual(lic.events()[1].paid, 359600)
        self.assertTrue(ls.release_allowed(D(2027, 12, 1), D(2027, 12, 1)))
        self.assertFalse(ls.release_allowed(D(2027, 12, 1), D(2027, 12, 2)))

    def test_price_change_ends_the_quotes_validity(self):
        product = perpetual()
        product.set_price("2026-07-10", 899000)
        lic = ls.License(product, D(2026, 1, 15))
        q = lic.quote(product, D(2026, 7, 1))
        self.assertEqual(q.fee, 199800)
        self.assertEqual(q.valid_through, D(2026, 7, 9))
        self.assertEqual(lic.quote(product, D(2026, 7, 10)).fee, 224800)  # 2247.50 -> 2248
        self.assertEqual([p.price for p in product.prices()], [799000, 899000])

    def test_subscription(self):
        product = ls.Product(ls.LicenseKind.SUBSCRIPTION_MONTHLY, 1)
        product.set_price("2026-01-01", 150000)
        lic = ls.License(product, D(2026, 1, 31))
        self.assertEqual(lic.latest_until, D(2026, 2, 28))
        with self.assertRaises(ls.NotApplicableError):
            lic.quote(product, D(2026, 2, 1))
        q = lic.quote_payment(product, D(2026, 2, 20))
        # the billing day is kept: 2026-01-31 + 2 months (POLICY.md "Subscription products")
        self.assertEqual((q.kind, q.fee, q.new_support_until), (ls.QuoteKind.SUBSCRIPTION, 150000, D(2026, 3, 31)))
        lic.pay(product, D(2026, 2, 20), 150000)
        self.assertEqual(lic.status(D(2026, 3, 31)).state, ls.State.ACTIVE)
        self.assertEqual(lic.status(D(2026, 4, 1)).state, ls.State.EXPIRED)
        self.assertFalse(lic.status(D(2026, 4, 1)).can_use)
        with self.assertRaises(ls.NotApplicableError):
            ls.License(perpetual(), D(2026, 1, 15)).quote_payment(perpetual(), D(2026, 2, 1))


class Values(unittest.TestCase):
    def test_dates_in_and_out(self):
        self.assertEqual(ls.parse_date("31.01.2026"), D(2026, 1, 31))
        self.assertEqual(ls.format_date(D(2026, 1, 31), ls.DateStyle.RU), "31.01.2026")
        self.assertEqual(ls.format_date("2026-01-31"), "2026-01-31")
        self.assertEqual(ls.make_date(2024, 2, 29), D(2024, 2, 29))
        self.assertEqual(ls.diff_days("2026-01-01", "2026-03-01"), 59)
        self.assertEqual(ls.add_days(D(2024, 2, 28), 1), D(2024, 2, 29))
        self.assertEqual(ls.days_in_month(2024, 2), 29)
        self.assertIsInstance(ls.add_months(D(2026, 1, 1), 1), D)

    def test_bad_dates_raise_date_error(self):
        for bad in ["2026-02-30", "2026-13-01", "", "yesterday", "2026-1-1", D(1899, 12, 31)]:
            with self.subTest(bad=bad), self.assertRaises(ls.DateError) as cm:
                ls.add_months(bad, 1)
            self.assertEqual(cm.exception.code, ls.Result.EDATE)
        with self.assertRaises(ls.DateError):
            ls.make_date(2026, 2, 29)

    def test_wrong_date_types_raise_type_error(self):
        for bad in [datetime.datetime(2026, 1, 1, 12, 0), 20260101, None, 2026.0]:
            with self.subTest(bad=bad), self.assertRaises(TypeError):
                ls.add_months(bad, 1)
        with self.assertRaises(ValueError):
            ls.add_months("2026-01-01\0junk", 1)

    def test_money_is_int_kopecks_never_float(self):
        product = ls.Product(ls.LicenseKind.PERPETUAL, 6)
        for bad in [7990.0, decimal.Decimal("7990"), "799000", True]:
            with self.subTest(bad=bad), self.assertRaises(TypeError):
                product.set_price("2026-01-01", bad)
        with self.assertRaises(OverflowError):
            product.set_price("2026-01-01", 2 ** 63)
        with self.assertRaises(TypeError):
            ls.kopecks(7990.5)
        with self.assertRaises(ls.MoneyError):
            ls.kopecks(decimal.Decimal("1.005"))

    def test_64_bit_money_is_intact(self):
        big = 123_456_789_012_345  # kopecks, far above 2**31
        product = ls.Product(ls.LicenseKind.PERPETUAL, 6)
        product.set_price("2026-01-01", big)
        self.assertEqual(product.price_on("2026-06-01"), big)
        lic = ls.License(product, "2026-01-15")
        q = lic.quote(product, "2026-07-01")
        self.assertEqual(q.list_price, big)
        self.assertEqual(q.fee, 30_864_197_253_100)  # 30 864 197 253 086.25 kopecks -> whole rubles, half up
        self.assertEqual(ls.fee(3_000_000_000, 2500), 750_000_000)
        self.assertEqual(ls.fee(900_000_000_000_000, 10000, ls.Unit.KOPECK), 900_000_000_000_000)
        self.assertEqual(ls.parse_money("92233720368547758.07"), 2 ** 63 - 1)
        self.assertEqual(ls.format_money(2 ** 63 - 1), "92233720368547758.07")
        with self.assertRaises(ls.MoneyError):
            ls.fee(2 ** 63 - 1, 9999)

    def test_enums_are_int_enums_from_c(self):
        self.assertEqual(int(ls.State.GRACE), 2)
        self.assertEqual(ls.state_name(ls.State.GRACE), "grace")
        self.assertEqual(ls.license_kind_from_name("subscription_yearly"), ls.LicenseKind.SUBSCRIPTION_YEARLY)
        self.assertIs(type(ls.License(perpetual(), "2026-01-15").status("2026-02-01").state), ls.State)
        self.assertEqual(ls.Result.EMISMATCH, -7)

    def test_policy_text_round_trip_and_settings(self):
        p = ls.Policy()
        self.assertEqual((p.preferential_rate, p.standard_rate, p.grace_months, p.renewal_months),
                         (2500, 4500, 1, 12))
        self.assertEqual(p.rounding_unit, 100)
        self.assertEqual(p.rounding_mode, ls.RoundingMode.HALF_UP)
        self.assertFalse(p.phone_support)
        p.grace_months = 2
        p.set_rounding(ls.Unit.TEN_RUBLES, ls.RoundingMode.UP)
        p.add_contact(ls.ContactKind.TELEGRAM, "@v8pro")
        text = p.to_text()
        back = ls.Policy.parse(text)
        self.assertEqual(back, p)
        self.assertNotEqual(back, ls.Policy())
        self.assertTrue(back.equals(p))
        self.assertEqual(back.contacts()[-1], (ls.ContactKind.TELEGRAM, "@v8pro"))
        clone = p.clone()
        clone.clear_contacts()
        self.assertEqual(clone.contacts(), [])
        self.assertEqual(len(p.contacts()), 5)

    def test_unicode_text_round_trips(self):
        p = ls.Policy()
        p.add_contact(ls.ContactKind.OTHER, "Телеграм: @поддержка ✓")
        self.assertEqual(p.contacts()[-1].value, "Телеграм: @поддержка ✓")


class ErrorsBecomeExceptions(unittest.TestCase):
    def assertError(self, cls, code, fn, *args, **kwargs):
        with self.assertRaises(cls) as cm:
            fn(*args, **kwargs)
        e = cm.exception
        self.assertIsInstance(e, ls.Error)
        self.assertEqual(e.code, code)
        self.assertTrue(e.message and str(e) == e.message, e.message)
        return e

    def test_every_family(self):
        product = perpetual()
        lic = ls.License(product, "2026-01-15")
        self.assertError(ls.InvalidArgumentError, ls.Result.EINVAL, ls.Product, 99, 6)
        self.assertError(ls.DateError, ls.Result.EDATE, ls.License, product, "2026-02-30")
        self.assertError(ls.MoneyError, ls.Result.EMONEY, product.set_price, "2026-01-01", -1)
        self.assertError(ls.NotFoundError, ls.Result.ENOTFOUND, product.price_on, "2025-12-31")
        sub = ls.Product(ls.LicenseKind.SUBSCRIPTION_YEARLY, 12)
        sub.set_price("2026-01-01", 100)
        self.assertError(ls.NotApplicableError, ls.Result.ENOTAPPLICABLE,
                         ls.License(sub, "2026-01-01").quote, sub, "2026-02-01")
        e = self.assertError(ls.PaymentMismatchError, ls.Result.EMISMATCH, lic.renew, product, "2026-07-01", 199700)
        self.assertIn("1998.00", e.message)
        self.assertError(ls.ParseError, ls.Result.EPARSE, ls.Policy.parse, "standard_rate_bp = 4500\nbogus = 1\n")
        self.assertError(ls.StateError, ls.Result.ESTATE, lic.add_period, "2026-01-01", "2027-01-01")
        self.assertError(ls.RangeError, ls.Result.ERANGE, setattr, ls.Policy(), "standard_rate", 10001)
        self.assertError(ls.ConflictError, ls.Result.ECONFLICT, ls.Schedule().add, ls.Anchor.SUPPORT_END, 14)
        self.assertEqual(e.code_name, ls.result_name(-7))

    def test_a_failed_renewal_changes_nothing(self):
        product = perpetual()
        lic = ls.License(product, "2026-01-15")
        with self.assertRaises(ls.PaymentMismatchError):
            lic.renew(product, "2026-07-01", 1)
        self.assertEqual(lic.event_count, 1)
        self.assertEqual(lic.latest_until, D(2026, 7, 15))

    def test_exception_classes_fit_python_hierarchies(self):
        self.assertTrue(issubclass(ls.DateError, ValueError))
        self.assertTrue(issubclass(ls.NotFoundError, LookupError))
        self.assertTrue(issubclass(ls.BusyError, ls.StorageError))
        self.assertTrue(issubclass(ls.StorageError, ls.Error))

    def test_the_message_is_the_c_message(self):
        with self.assertRaises(ls.DateError) as cm:
            ls.parse_date("2026-02-30")
        self.assertEqual(str(cm.exception), 'invalid date "2026-02-30": February 2026 has 28 days')


class Offers(unittest.TestCase):
    """One call decides the offer: the renewal of a perpetual license, the payment of a subscription, or none."""

    def test_a_perpetual_license_is_offered_its_renewal(self):
        product = perpetual()
        lic = ls.License(product, "2026-01-15")
        o = lic.offer(product, "2026-08-01")
        self.assertIs(type(o.kind), ls.OfferKind)
        self.assertEqual((o.kind, o.reason, o.on), (ls.OfferKind.RENEWAL, ls.OfferReason.NONE, D(2026, 8, 1)))
        self.assertEqual((o.quote.kind, o.quote.fee), (ls.QuoteKind.PREFERENTIAL, 199800))
        self.assertEqual((o.kind_name(), o.reason_name()), ("renewal", "none"))
        q = lic.quote(product, "2026-08-01")
        self.assertEqual((o.quote.valid_through, o.quote.new_support_until), (q.valid_through, q.new_support_until))
        policy = ls.Policy.parse("standard_rate_bp = 4000\n")
        self.assertEqual(lic.offer(product, "2026-09-01", policy).quote.fee, 319600)

    def test_a_subscription_is_offered_its_next_payment(self):
        product = ls.Product(ls.LicenseKind.SUBSCRIPTION_MONTHLY, 1)
        product.set_price("2026-01-01", 99000)
        lic = ls.License(product, "2026-01-31")
        o = lic.offer(product, "2026-02-10")
        self.assertEqual(o.kind, ls.OfferKind.PAYMENT)
        self.assertEqual((o.quote.kind, o.quote.fee), (ls.QuoteKind.SUBSCRIPTION, 99000))

    def test_no_offer_is_an_answer_with_a_reason(self):
        product = perpetual()
        lic = ls.License(product, "2026-01-15")
        o = lic.offer(product, "2026-01-14")
        self.assertEqual((o.kind, o.reason, o.quote), (ls.OfferKind.NONE, ls.OfferReason.NOT_OWNED, None))
        self.assertEqual(o.reason_name(), "not_owned")
        later = perpetual(effective="2027-01-01")
        self.assertEqual(lic.offer(later, "2026-06-01").reason, ls.OfferReason.NO_PRICE)
        lic.add_period("2026-03-01", "9999-12-15")
        self.assertEqual(lic.offer(product, "9999-12-01").reason, ls.OfferReason.OUT_OF_CALENDAR)
        self.assertIn("out_of_calendar", repr(lic.offer(product, "9999-12-01")))
        self.assertEqual([ls.offer_reason_name(r) for r in ls.OfferReason],
                         ["none", "not_owned", "no_price", "no_policy", "out_of_calendar", "fee_overflow"])
        self.assertEqual([ls.offer_kind_name(k) for k in ls.OfferKind], ["none", "renewal", "payment"])

    def test_bad_arguments_raise(self):
        product = perpetual()
        lic = ls.License(product, "2026-01-15")
        sub = ls.Product(ls.LicenseKind.SUBSCRIPTION_MONTHLY, 1)
        with self.assertRaises(ls.InvalidArgumentError):
            lic.offer(sub, "2026-06-01")
        with self.assertRaises(ls.DateError):
            lic.offer(product, "2026-02-30")

    def test_the_quote_outlives_the_offer(self):
        product = perpetual()
        q = ls.License(product, "2026-01-15").offer(product, "2026-08-01").quote
        self.assertEqual(q.fee, 199800)


class Labels(unittest.TestCase):
    """The words come from the library's table, the one the notice is written with."""

    def test_labels_of_values(self):
        self.assertEqual(ls.label(ls.LabelSet.QUOTE_KIND, ls.QuoteKind.PREFERENTIAL), "Льготное продление поддержки")
        self.assertEqual(ls.label(ls.LabelSet.QUOTE_KIND, ls.QuoteKind.STANDARD, ls.Lang.EN),
                         "Standard support renewal")
        self.assertEqual(ls.label(ls.LabelSet.TERM, ls.Term.FEE), "Стоимость")
        self.assertEqual(ls.label(ls.LabelSet.OFFER_REASON, ls.OfferReason.NO_PRICE, lang=ls.Lang.EN),
                         "the product has no list price on this date")
        self.assertEqual(ls.label(ls.LabelSet.SUPPORT_END, ls.LicenseKind.SUBSCRIPTION_MONTHLY), "Подписка оплачена до")
        self.assertEqual(ls.label(ls.LabelSet.STATE, 99), "")
        self.assertEqual(ls.state_label(ls.State.ACTIVE, ls.LicenseKind.SUBSCRIPTION_YEARLY), "подписка оплачена")
        self.assertEqual(ls.state_label(ls.State.ACTIVE, ls.LicenseKind.PERPETUAL), "поддержка активна")
        self.assertEqual(ls.availability_label(ls.Term.USE, False), "недоступно")
        self.assertEqual(ls.availability_label(ls.Term.CONSULTATIONS, True, ls.Lang.EN), "available")
        for s in ls.LabelSet:
            self.assertNotEqual(ls.label(s, 1, ls.Lang.RU), "", s)

    def test_phrases(self):
        self.assertEqual(ls.render_through(D(2026, 11, 30)), "до 30.11.2026 включительно")
        self.assertEqual(ls.render_date_inclusive("2027-02-10", ls.Lang.EN), "2027-02-10")
        product = perpetual()
        lic = ls.License(product, "2026-01-15")
        self.assertEqual(ls.render_validity(lic.quote(product, "2026-08-01")), "до 15.08.2026 включительно")
        o = lic.offer(product, "2026-01-01")
        self.assertEqual(ls.render_no_offer(o), "Предложения на эту дату нет: лицензия на эту дату ещё не приобретена.")
        with self.assertRaises(ls.InvalidArgumentError):
            ls.render_no_offer(lic.offer(product, "2026-08-01"))
        self.assertEqual(ls.render_contact(ls.ContactKind.VK, "vk.com/v8proru"), "группа ВКонтакте: vk.com/v8proru")
        with self.assertRaises(ls.InvalidArgumentError):
            ls.render_contact(ls.ContactKind.VK, "a\nb")
        with self.assertRaises(ls.DateError):
            ls.render_through("2026-02-30")
        notice = ls.Notice().render(lic, product, "2026-08-01")
        self.assertIn(ls.render_validity(lic.quote(product, "2026-08-01")), notice)


def read_error_families():
    """tests/error_families.txt: (code, name, family) for every result code (shared with the PHP test)."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), os.pardir, "error_families.txt")
    rows = []
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.strip() and not line.startswith("#"):
                code, name, family = line.split()
                rows.append((int(code), name, family))
    return rows


class ErrorFamilies(unittest.TestCase):
    """The exception of every result code belongs to the family the C library names (sup_result_family)."""

    def test_the_table_lists_every_result_code(self):
        self.assertEqual(sorted((c, n) for c, n, _ in read_error_families()),
                         sorted((int(r), r.name) for r in ls.Result))

    def test_every_code_raises_a_class_of_its_c_family(self):
        for code, name, family in read_error_families():
            with self.subTest(code=name):
                self.assertEqual(ls.error_family_name(ls.result_family(code)), family)
                if code == 0:
                    self.assertIsNone(ls.core._raise_for(code))
                    continue
                with self.assertRaises(ls.Error) as cm:
                    ls.core._raise_for(code)
                e = cm.exception
                self.assertEqual(e.code, code)
                self.assertEqual(ls.error_family_name(e.family), family)
                family_cls = getattr(ls, "".join(w.capitalize() for w in family.split("_")) + "Error")
                self.assertIsInstance(e, family_cls)
                self.assertEqual(type(e).FAMILY, e.family)
                self.assertEqual(family_cls.FAMILY, e.family)
                # no other family's class
                others = [c for c in (ls.InvalidInputError, ls.NotFoundError, ls.RefusedError, ls.ConflictError,
                                      ls.StorageError, ls.ResourceError) if c is not family_cls]
                self.assertFalse(any(isinstance(e, c) for c in others), type(e).__mro__)

    def test_per_code_classes_keep_their_names_and_python_bases(self):
        self.assertTrue(issubclass(ls.DateError, ls.InvalidInputError))
        self.assertTrue(issubclass(ls.DateError, ValueError))
        self.assertTrue(issubclass(ls.PaymentMismatchError, ls.RefusedError))
        self.assertTrue(issubclass(ls.PaymentMismatchError, ValueError))
        self.assertTrue(issubclass(ls.StateError, ls.RefusedError))
        self.assertTrue(issubclass(ls.OutOfMemoryError, ls.ResourceError))
        self.assertTrue(issubclass(ls.OutOfMemoryError, MemoryError))
        self.assertTrue(issubclass(ls.StorageIOError, ls.StorageError))
        self.assertTrue(issubclass(ls.NotALedgerError, ls.StorageError))
        with self.assertRaises(ls.StorageIOError):
            ls.core._raise_for(ls.Result.EIO)

    def test_unknown_codes_have_no_family(self):
        self.assertEqual(ls.result_family(-999), ls.ErrorFamily.NONE)
        self.assertEqual(ls.result_family(1), ls.ErrorFamily.NONE)
        self.assertEqual(ls.error_family_name(99), "")
        with self.assertRaises(ls.Error) as cm:
            ls.core._raise_for(-60)
        self.assertIs(type(cm.exception), ls.Error)
        self.assertEqual(cm.exception.family, ls.ErrorFamily.NONE)


class Notices(unittest.TestCase):
    def test_render_in_both_languages(self):
        product = perpetual()
        lic = ls.License(product, "2026-01-15")
        ru = ls.Notice(product_name="Отчёт").render(lic, product, "2026-07-10")
        self.assertIn("1\u00a0998 руб.", ru)
        self.assertIn("15.07.2026", ru)
        en = ls.Notice(lang=ls.Lang.EN, format=ls.NoticeFormat.HTML, product_name="<b>R&D</b>")
        html = en.render(lic, product, "2026-07-10")
        self.assertIn("&lt;b&gt;R&amp;D&lt;/b&gt;", html)
        self.assertNotIn("<b>R&D</b>", html)
        self.assertEqual(en.product_name, "<b>R&D</b>")
        with self.assertRaises(ls.InvalidArgumentError):
            en.kind = ls.NoticeKind.NONE

    def test_plurals_and_schedule(self):
        self.assertEqual(ls.count_format(ls.Lang.RU, ls.CountUnit.MONTHS, 21), "21 месяц")
        self.assertEqual(ls.count_format(ls.Lang.RU, ls.CountUnit.DAYS, 5), "5 дней")
        self.assertEqual(ls.plural_ru(3), ls.Plural.FEW)
        product = perpetual()
        lic = ls.License(product, "2026-01-15")
        schedule = ls.Schedule()
        self.assertEqual(schedule.due(lic, "2026-07-01"), ls.NoticeKind.SUPPORT_ENDING)
        self.assertEqual(schedule.due(lic, "2026-07-15"), ls.NoticeKind.SUPPORT_ENDS_TODAY)
        self.assertEqual(schedule.due(lic, "2026-08-08"), ls.NoticeKind.WINDOW_CLOSING)
        self.assertEqual(schedule.due(lic, "2026-07-02"), ls.NoticeKind.NONE)
        self.assertEqual(ls.Schedule.parse(schedule.to_text()).entries(), schedule.entries())


class Batches(unittest.TestCase):
    """status_many / quote_many (batch.h) answer as the single calls do."""

    def setUp(self):
        self.product = perpetual()
        self.licenses = [ls.License(self.product, D(2026, 1, 1) + datetime.timedelta(days=40 * i)) for i in range(6)]

    def test_status_many_matches_status(self):
        for on in ["2026-07-01", D(2026, 8, 20), "2027-03-01"]:
            cols = ls.status_many(self.licenses, on)
            for i, lic in enumerate(self.licenses):
                s = lic.status(on)
                self.assertEqual((cols["state"][i], cols["support_until"][i], cols["preferential_until"][i],
                                  cols["result"][i]), (s.state, s.support_until, s.preferential_until, 0))

    def test_quote_many_matches_quote_with_a_policy(self):
        forty = ls.Policy.parse("standard_rate_bp = 4000\n")
        cols = ls.quote_many(self.licenses, self.product, "2026-09-01", policy=forty)
        for i, lic in enumerate(self.licenses):
            q = lic.quote(self.product, "2026-09-01", forty)
            self.assertEqual((cols["kind"][i], cols["fee"][i], cols["new_support_until"][i], cols["valid_through"][i]),
                             (q.kind, q.fee, q.new_support_until, q.valid_through))
        self.assertIn(319600, cols["fee"])
        self.assertEqual(ls.quote_many(self.licenses, [self.product] * 6, "2026-09-01")["fee"],
                         ls.quote_many(self.licenses, self.product, "2026-09-01")["fee"])

    def test_failing_items(self):
        with self.assertRaises(ls.StateError) as cm:
            ls.quote_many(self.licenses, self.product, "2026-03-01")  # the later licenses are not bought yet
        self.assertIn("item 2 of 6", str(cm.exception))
        cols = ls.quote_many(self.licenses, self.product, "2026-03-01", strict=False)
        self.assertEqual(cols["result"][:3], [0, 0, ls.Result.ESTATE])
        self.assertIsNone(cols["fee"][2])
        with self.assertRaises(ls.InvalidArgumentError):
            ls.quote_many(self.licenses, [self.product], "2026-09-01")
        with self.assertRaises(TypeError):
            ls.status_many([self.product], "2026-09-01")
        with self.assertRaises(TypeError):
            ls.status_many(self.licenses[0], "2026-09-01")
        self.assertEqual(ls.status_many([], "2026-09-01")["state"], [])
        self.assertEqual(len(ls.status_many(iter(self.licenses), "2026-09-01")["state"]), 6)


class Documentation(unittest.TestCase):
    def test_docstrings_exist(self):
        for obj in [ls.License.quote, ls.License, ls.Policy, ls.Ledger, ls.add_months, ls.Quote.fee]:
            with self.subTest(obj=obj):
                self.assertTrue(obj.__doc__ and len(obj.__doc__) > 10)


if __name__ == "__main__":
    unittest.main()
