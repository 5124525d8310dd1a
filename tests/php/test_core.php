<?php
/*
 * The PHP binding of the policy engine: the seed example, boundaries, value
 * conversions, and every C error family as a LibSupport\ exception.
 * Run: php -n -d extension=<build>/bindings/php/php_libsupport.so tests/php/test_core.php
 */
require __DIR__ . '/harness.php';

use LibSupport\{License, LicenseKind, MoneyStyle, DateStyle, Policy, Product, QuoteKind, State, EventKind,
                RoundingMode, Unit, Notice, Lang, NoticeFormat, NoticeKind, Schedule, Anchor, CountUnit, Result};

function perpetual(int $rub = 7990, int $months = 6, string $effective = '2026-01-01'): Product
{
    $p = new Product(LicenseKind::PERPETUAL, $months);
    $p->setPrice($effective, $rub * 100);
    return $p;
}

test('seed: 7990 rub gives preferential 1998 and standard 3596', function () {
    $p = perpetual();
    $lic = new License($p, '2026-01-15');
    $q = $lic->quote($p, '2026-07-01');
    same(QuoteKind::PREFERENTIAL, $q->kind());
    same('preferential', $q->kindName());
    same(2500, $q->rate());
    same(199800, $q->fee());
    same('2027-07-15', $q->newSupportUntil());
    $s = $lic->quote($p, new DateTimeImmutable('2026-09-01'));
    same(QuoteKind::STANDARD, $s->kind());
    same(359600, $s->fee());
    same('2027-09-01', $s->newSupportUntil());
});

test('seed: a 40% policy gives the page\'s 3196', function () {
    $p = perpetual();
    $lic = new License($p, '2026-01-15');
    $pol = new Policy();
    $pol->setStandardRate(4000);
    same(319600, $lic->quote($p, '2026-09-01', $pol)->fee());
    same(319600, $lic->quote($p, '2026-09-01', Policy::parse("standard_rate_bp = 4000\n"))->fee());
    same(199800, LibSupport\fee(799000, 2500));
    same(199750, LibSupport\fee(799000, 2500, Unit::KOPECK));
    same(199700, LibSupport\fee(799000, 2500, 100, RoundingMode::DOWN));
});

test('boundaries: month ends and February 29', function () {
    same('2026-02-28', LibSupport\add_months('2026-01-31', 1));
    same('2024-02-29', LibSupport\add_months('2024-01-31', 1));
    same('2027-02-28', LibSupport\add_months('2026-08-31', 6));
    same('2027-02-28', (new License(perpetual(), '2026-08-31'))->supportUntil('2026-09-01'));
    $p = new Product(LicenseKind::PERPETUAL, 12);
    $p->setPrice('2024-01-01', 100000);
    $lic = new License($p, '2024-02-29');
    same('2025-02-28', $lic->latestUntil());
    same(State::ACTIVE, $lic->status('2025-02-28')->state());
    same(State::GRACE, $lic->status('2025-03-01')->state());
});

test('boundaries: last day of support and of the grace window', function () {
    $p = perpetual();
    $lic = new License($p, '2026-01-15');
    same(State::ACTIVE, $lic->status('2026-07-15')->state());
    $g = $lic->status('2026-07-16');
    same(State::GRACE, $g->state());
    same('grace', $g->stateName());
    same('2026-08-15', $g->preferentialUntil());
    same(false, $g->canConsult());
    same(true, $g->canUse());
    same(State::GRACE, $lic->status('2026-08-15')->state());
    same(State::LAPSED, $lic->status('2026-08-16')->state());
    $last = $lic->quote($p, '2026-08-15');
    same([QuoteKind::PREFERENTIAL, 199800, '2027-07-15', '2026-08-15'],
         [$last->kind(), $last->fee(), $last->newSupportUntil(), $last->validThrough()]);
    $after = $lic->quote($p, '2026-08-16');
    same([QuoteKind::STANDARD, 359600, '2027-08-16'], [$after->kind(), $after->fee(), $after->newSupportUntil()]);
    $before = $lic->status('2026-01-14');
    same(State::NOT_OWNED, $before->state());
    same(null, $before->supportUntil());
});

test('renewal round trip and downloads', function () {
    $p = perpetual();
    $lic = new License($p, '2026-01-15');
    same(false, $lic->canDownload('2026-12-01', '2026-07-16'));
    $applied = $lic->renew($p, '2026-12-01', 359600);
    same(QuoteKind::STANDARD, $applied->kind());
    same('2027-12-01', $lic->latestUntil());
    same(true, $lic->canDownload('2026-12-01', '2026-09-01'));
    $events = $lic->events();
    same([EventKind::PURCHASE, EventKind::STANDARD_RENEWAL], array_column($events, 'kind'));
    same(['kind' => EventKind::STANDARD_RENEWAL, 'on' => '2026-12-01', 'until' => '2027-12-01', 'paid' => 359600],
         $events[1]);
    same([['effective' => '2026-01-01', 'price' => 799000]], $p->prices());
});

test('subscriptions', function () {
    $p = new Product(LicenseKind::SUBSCRIPTION_MONTHLY, 1);
    $p->setPrice('2026-01-01', 150000);
    $lic = new License($p, '2026-01-31');
    same('2026-02-28', $lic->latestUntil());
    throws(LibSupport\NotApplicableException::class, fn() => $lic->quote($p, '2026-02-01'));
    $q = $lic->quotePayment($p, '2026-02-20');
    // the billing day is kept: 2026-01-31 + 2 months (POLICY.md "Subscription products")
    same([QuoteKind::SUBSCRIPTION, 150000, '2026-03-31'], [$q->kind(), $q->fee(), $q->newSupportUntil()]);
    $lic->pay($p, '2026-02-20', 150000);
    same(State::ACTIVE, $lic->status('2026-03-31')->state());
    same(State::EXPIRED, $lic->status('2026-04-01')->state());
});

test('dates: DateTimeInterface and strings in, Y-m-d out', function () {
    same('2026-02-28', LibSupport\add_months(new DateTime('2026-01-31 23:59:59'), 1));
    same('2026-02-28', LibSupport\add_months(new DateTimeImmutable('2026-01-31', new DateTimeZone('Asia/Tokyo')), 1));
    same('2026-01-31', LibSupport\parse_date('31.01.2026'));
    same('31.01.2026', LibSupport\format_date('2026-01-31', DateStyle::RU));
    same(59, LibSupport\diff_days('2026-01-01', '2026-03-01'));
    same(29, LibSupport\days_in_month(2024, 2));
    same('2024-02-29', LibSupport\make_date(2024, 2, 29));
    foreach (['2026-02-30', '2026-13-01', '', 'yesterday', '1899-12-31'] as $bad) {
        $e = throws(LibSupport\DateException::class, fn() => LibSupport\add_months($bad, 1), $bad);
        if ($e) {
            same(Result::EDATE, $e->getCode());
        }
    }
    foreach ([20260101, 2026.5, null, [], new stdClass()] as $bad) {
        throws(TypeError::class, fn() => LibSupport\add_months($bad, 1), gettype($bad));
    }
    throws(ValueError::class, fn() => LibSupport\add_months("2026-01-01\0x", 1));
    $e = throws(TypeError::class, fn() => (new License(perpetual(), '2026-01-15'))->status(1.5));
    check($e && str_contains($e->getMessage(), 'LibSupport\License::status(): Argument #1'), $e ? $e->getMessage() : '');
});

test('money: int kopecks, 64-bit, never float', function () {
    $p = new Product(LicenseKind::PERPETUAL, 6);
    throws(TypeError::class, fn() => $p->setPrice('2026-01-01', 7990.0));
    throws(TypeError::class, fn() => $p->setPrice('2026-01-01', '7990.50'));
    $p->setPrice('2026-01-01', '799000'); // an integer string, as PDO returns it
    same(799000, $p->priceOn('2026-02-01'));
    $big = 123456789012345; // far above 2^31
    $p->setPrice('2026-01-01', $big);
    same($big, $p->priceOn('2026-06-01'));
    $q = (new License($p, '2026-01-15'))->quote($p, '2026-07-01');
    same($big, $q->listPrice());
    same(30864197253100, $q->fee());
    same(750000000, LibSupport\fee(3000000000, 2500));
    same(PHP_INT_MAX, LibSupport\parse_money('92233720368547758.07'));
    same('92233720368547758.07', LibSupport\format_money(PHP_INT_MAX));
    same("1\u{a0}998 руб.", LibSupport\format_money(199800, MoneyStyle::RU));
    same('1,997.50 RUB', LibSupport\format_money(199750, MoneyStyle::EN));
    throws(LibSupport\MoneyException::class, fn() => LibSupport\fee(PHP_INT_MAX, 9999));
});

test('policy: settings, text round trip, contacts', function () {
    $p = new Policy();
    same([2500, 4500, 1, 12, 100, RoundingMode::HALF_UP, false],
         [$p->preferentialRate(), $p->standardRate(), $p->graceMonths(), $p->renewalMonths(), $p->roundingUnit(),
          $p->roundingMode(), $p->phoneSupport()]);
    $p->setGraceMonths(2);
    $p->addContact(LibSupport\ContactKind::TELEGRAM, '@поддержка');
    $back = Policy::parse($p->toText());
    check($back->equals($p));
    check(!$back->equals(new Policy()));
    same(['kind' => LibSupport\ContactKind::TELEGRAM, 'value' => '@поддержка'], $back->contacts()[4]);
    $copy = $p->copy();
    $copy->clearContacts();
    same([], $copy->contacts());
    same(5, count($p->contacts()));
    throws(Error::class, fn() => clone $p, 'clone is refused: the object owns C memory');
});

test('every C error family is a LibSupport exception with the C message and code', function () {
    $p = perpetual();
    $lic = new License($p, '2026-01-15');
    $cases = [
        [LibSupport\InvalidArgumentException::class, Result::EINVAL, fn() => new Product(99, 6)],
        [LibSupport\DateException::class, Result::EDATE, fn() => new License($p, '2026-02-30')],
        [LibSupport\MoneyException::class, Result::EMONEY, fn() => $p->setPrice('2026-01-01', -1)],
        [LibSupport\NotFoundException::class, Result::ENOTFOUND, fn() => $p->priceOn('2025-12-31')],
        [LibSupport\PaymentMismatchException::class, Result::EMISMATCH, fn() => $lic->renew($p, '2026-07-01', 199700)],
        [LibSupport\ParseException::class, Result::EPARSE, fn() => Policy::parse("bogus = 1\n")],
        [LibSupport\StateException::class, Result::ESTATE, fn() => $lic->addPeriod('2026-01-01', '2027-01-01')],
        [LibSupport\RangeException::class, Result::ERANGE, fn() => (new Policy())->setStandardRate(10001)],
        [LibSupport\ConflictException::class, Result::ECONFLICT, fn() => (new Schedule())->add(Anchor::SUPPORT_END, 14)],
    ];
    foreach ($cases as [$class, $code, $fn]) {
        $e = throws($class, $fn, $class);
        if ($e) {
            check($e instanceof LibSupport\Exception, $class);
            check($e instanceof Exception, $class);
            same($code, $e->getCode(), $class);
            check($e->getMessage() !== '', $class);
        }
    }
    same(1, $lic->eventCount(), 'a refused renewal changed nothing');
    $e = throws(LibSupport\DateException::class, fn() => LibSupport\parse_date('2026-02-30'));
    same('invalid date "2026-02-30": February 2026 has 28 days', $e?->getMessage());
    check(is_subclass_of(LibSupport\BusyException::class, LibSupport\StorageException::class));
});

/** tests/error_families.txt: [code, name, family] for every result code (shared with the Python test). */
function read_error_families(): array
{
    $rows = [];
    foreach (file(__DIR__ . '/../error_families.txt', FILE_IGNORE_NEW_LINES) as $line) {
        if ($line === '' || $line[0] === '#')
            continue;
        [$code, $name, $family] = preg_split('/\s+/', trim($line));
        $rows[] = [(int)$code, $name, $family];
    }
    return $rows;
}

test('the exception of every result code belongs to the family the C library names', function () {
    $rows = read_error_families();
    $codes = (new ReflectionClass(Result::class))->getConstants();
    $listed = [];
    foreach ($rows as [$code, $name, $family])
        $listed[$name] = $code;
    ksort($codes);
    ksort($listed);
    same($codes, $listed, 'the table lists every Result constant');
    $families = ['InvalidInputException', 'NotFoundException', 'RefusedException', 'ConflictException',
                 'StorageException', 'ResourceException'];
    foreach ($rows as [$code, $name, $family]) {
        same($family, LibSupport\error_family_name(LibSupport\result_family($code)), $name);
        if ($code === 0) {
            same(null, LibSupport\_raise_for($code), $name);
            continue;
        }
        $class = 'LibSupport\\' . str_replace('_', '', ucwords($family, '_')) . 'Exception';
        $e = throws($class, fn() => LibSupport\_raise_for($code), $name);
        if ($e === null)
            continue;
        same($code, $e->getCode(), $name);
        same(LibSupport\result_family($code), $e::FAMILY, $name);
        same($class::FAMILY, $e::FAMILY, $name);
        foreach ($families as $other) {
            if ('LibSupport\\' . $other !== $class)
                check(!($e instanceof ('LibSupport\\' . $other)), "$name is not a $other");
        }
    }
});

test('per-code exception classes keep their names below their family', function () {
    check(is_subclass_of(LibSupport\DateException::class, LibSupport\InvalidInputException::class));
    check(is_subclass_of(LibSupport\PaymentMismatchException::class, LibSupport\RefusedException::class));
    check(is_subclass_of(LibSupport\OutOfMemoryException::class, LibSupport\ResourceException::class));
    check(is_subclass_of(LibSupport\IOException::class, LibSupport\StorageException::class));
    check(is_subclass_of(LibSupport\StorageException::class, LibSupport\Exception::class));
    throws(LibSupport\IOException::class, fn() => LibSupport\_raise_for(Result::EIO));
    throws(LibSupport\BufferTooSmallException::class, fn() => LibSupport\_raise_for(Result::EBUFFER));
    same(LibSupport\ErrorFamily::NONE, LibSupport\result_family(-999));
    same('', LibSupport\error_family_name(99));
    $e = throws(LibSupport\Exception::class, fn() => LibSupport\_raise_for(-60));
    same(LibSupport\Exception::class, $e ? get_class($e) : null);
});

test('the offer of a license: its renewal or its next payment, or none and why', function () {
    $p = perpetual();
    $lic = new License($p, '2026-01-15');
    $o = $lic->offer($p, '2026-08-01');
    same([LibSupport\OfferKind::RENEWAL, QuoteKind::PREFERENTIAL, 199800], [$o->kind(), $o->quote()->kind(), $o->quote()->fee()]);
    $o = $lic->offer($p, '2026-01-14');
    same([LibSupport\OfferKind::NONE, LibSupport\OfferReason::NOT_OWNED, null], [$o->kind(), $o->reason(), $o->quote()]);
    $lic->addPeriod('2026-03-01', '9999-12-15');
    same(LibSupport\OfferReason::OUT_OF_CALENDAR, $lic->offer($p, '9999-12-01')->reason());
    same('out_of_calendar', LibSupport\offer_reason_name(LibSupport\OfferReason::OUT_OF_CALENDAR));
    same('payment', LibSupport\offer_kind_name(LibSupport\OfferKind::PAYMENT));
    $s = new Product(LicenseKind::SUBSCRIPTION_MONTHLY, 1);
    $s->setPrice('2026-01-01', 99000);
    $o = (new License($s, '2026-01-31'))->offer($s, '2026-02-10');
    same([LibSupport\OfferKind::PAYMENT, 99000], [$o->kind(), $o->quote()->fee()]);
    throws(LibSupport\InvalidArgumentException::class, fn() => $lic->offer($s, '2026-06-01'));
});

test('labels and phrases are the library\'s, the words of the notice', function () {
    same('Льготное продление поддержки', LibSupport\label(LibSupport\LabelSet::QUOTE_KIND, QuoteKind::PREFERENTIAL));
    same('Fee', LibSupport\label(LibSupport\LabelSet::TERM, LibSupport\Term::FEE, LibSupport\Lang::EN));
    same('подписка оплачена', LibSupport\state_label(State::ACTIVE, LicenseKind::SUBSCRIPTION_MONTHLY));
    same('доступны', LibSupport\availability_label(LibSupport\Term::CONSULTATIONS, true));
    same('до 30.11.2026 включительно', LibSupport\render_through('2026-11-30'));
    same('10.02.2027 включительно', LibSupport\render_date_inclusive('2027-02-10'));
    $p = perpetual();
    $lic = new License($p, '2026-01-15');
    $q = $lic->quote($p, '2026-08-01');
    same('до 15.08.2026 включительно', LibSupport\render_validity($q));
    same('Предложения на эту дату нет: лицензия на эту дату ещё не приобретена.',
         LibSupport\render_no_offer($lic->offer($p, '2026-01-01')));
    same('электронная почта: manager@v8PRO.ru', LibSupport\render_contact(LibSupport\ContactKind::EMAIL, 'manager@v8PRO.ru'));
    throws(LibSupport\InvalidArgumentException::class, fn() => LibSupport\render_contact(LibSupport\ContactKind::EMAIL, "a\nb"));
    check(str_contains((new Notice())->render($lic, $p, '2026-08-01'), LibSupport\render_validity($q)));
});

test('notices and the reminder schedule', function () {
    $p = perpetual();
    $lic = new License($p, '2026-01-15');
    $ru = (new Notice())->render($lic, $p, '2026-07-10');
    check(str_contains($ru, "1\u{a0}998 руб."), 'amount');
    check(str_contains($ru, '15.07.2026'), 'date');
    $n = new Notice(Lang::EN, NoticeFormat::HTML, NoticeKind::STATUS, '<b>R&D</b>');
    $html = $n->render($lic, $p, '2026-07-10');
    check(str_contains($html, '&lt;b&gt;R&amp;D&lt;/b&gt;') && !str_contains($html, '<b>R&D</b>'), 'escaped');
    same('<b>R&D</b>', $n->productName());
    throws(LibSupport\InvalidArgumentException::class, fn() => $n->setKind(NoticeKind::NONE));
    same('21 месяц', LibSupport\count_format(Lang::RU, CountUnit::MONTHS, 21));
    same('5 дней', LibSupport\count_format(Lang::RU, CountUnit::DAYS, 5));
    same(LibSupport\Plural::FEW, LibSupport\plural_ru(3));
    $s = new Schedule();
    same(NoticeKind::SUPPORT_ENDING, $s->due($lic, '2026-07-01'));
    same(NoticeKind::SUPPORT_ENDS_TODAY, $s->due($lic, '2026-07-15'));
    same(NoticeKind::WINDOW_CLOSING, $s->due($lic, '2026-08-08'));
    same(NoticeKind::NONE, $s->due($lic, '2026-07-02'));
    same(['anchor' => Anchor::SUPPORT_END, 'days_before' => 14, 'kind' => NoticeKind::SUPPORT_ENDING], $s->entries()[0]);
    check(Schedule::parse($s->toText())->equals($s));
});

test('batches: status_many and quote_many answer as single calls', function () {
    $p = perpetual();
    $lics = [];
    for ($i = 0; $i < 6; $i++) {
        $lics[] = new License($p, (new DateTimeImmutable('2026-01-01'))->modify('+' . (40 * $i) . ' days'));
    }
    $cols = LibSupport\status_many($lics, '2026-08-20');
    foreach ($lics as $i => $lic) {
        $s = $lic->status('2026-08-20');
        same([$s->state(), $s->supportUntil(), $s->preferentialUntil(), 0],
             [$cols['state'][$i], $cols['support_until'][$i], $cols['preferential_until'][$i], $cols['result'][$i]]);
    }
    $forty = Policy::parse("standard_rate_bp = 4000\n");
    $q = LibSupport\quote_many($lics, $p, '2026-09-01', $forty);
    foreach ($lics as $i => $lic) {
        $one = $lic->quote($p, '2026-09-01', $forty);
        same([$one->kind(), $one->fee(), $one->newSupportUntil(), $one->validThrough()],
             [$q['kind'][$i], $q['fee'][$i], $q['new_support_until'][$i], $q['valid_through'][$i]]);
    }
    check(in_array(319600, $q['fee'], true));
    $e = throws(LibSupport\StateException::class, fn() => LibSupport\quote_many($lics, $p, '2026-03-01'));
    check($e && str_contains($e->getMessage(), 'item 2 of 6'));
    $loose = LibSupport\quote_many($lics, array_fill(0, 6, $p), '2026-03-01', null, false);
    same([0, 0, Result::ESTATE], array_slice($loose['result'], 0, 3));
    same(null, $loose['fee'][2]);
    throws(LibSupport\InvalidArgumentException::class, fn() => LibSupport\quote_many($lics, [$p], '2026-09-01'));
    throws(TypeError::class, fn() => LibSupport\status_many([$p], '2026-09-01'));
    same([], LibSupport\status_many([], '2026-09-01')['state']);
});

test('the extension describes itself', function () {
    same(LibSupport\version(), phpversion('libsupport') ?: LibSupport\version());
    check(class_exists('LibSupport\Ledger') && class_exists('LibSupport\Cursor'));
    check((new ReflectionClass('LibSupport\Cursor'))->implementsInterface(Iterator::class));
    check(!function_exists('add_months'), 'no global function pollution');
    check(function_exists('LibSupport\add_months'));
    same(2, State::GRACE);
});

finish();
