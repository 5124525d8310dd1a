<?php
/*
 * The revenue schedule from PHP: Ledger::revenue as a streaming Cursor (an
 * Iterator of associative arrays), the policy's recognition settings, months,
 * names, and CsvWriter.
 */
require __DIR__ . '/harness.php';

use LibSupport\{Ledger, LicenseKind, Policy, RevenueKind, RevenueBy, Recognition, CsvWriter, ColumnType};

const ACTOR = 'test_revenue.php';

$dir = sys_get_temp_dir() . '/libsupport-php-revenue-' . getmypid();
@mkdir($dir);
$path = "$dir/support.db";
register_shutdown_function(function () use ($dir) {
    foreach (glob("$dir/*") as $f) {
        unlink($f);
    }
    @rmdir($dir);
});

$lg = new Ledger($path, true);
$rep = $lg->addProduct(ACTOR, 'REP', 'Отчёт «Продажи»', LicenseKind::PERPETUAL, 6);
$lg->setPrice(ACTOR, $rep, '2020-01-01', 799000);
$sub = $lg->addProduct(ACTOR, 'SUB', 'Сервис', LicenseKind::SUBSCRIPTION_MONTHLY, 1);
$lg->setPrice(ACTOR, $sub, '2020-01-01', 99900);
$c = $lg->addCustomer(ACTOR, 'C1', 'ООО «Ромашка»');
$la = $lg->sell(ACTOR, $c, $rep, '2026-01-31', 799000);
$lg->renew(ACTOR, 'r-1', $la, '2026-07-20', 199800);
$lb = $lg->sell(ACTOR, $c, $sub, '2026-01-31', 99900);
$lg->pay(ACTOR, 'p-1', $lb, '2026-02-26', 99900);
$lg->close();

test('every month, typed rows, balances roll forward', function () use ($path) {
    $lg = new Ledger($path, false, true);
    $cur = $lg->revenue('2026-01-15', new DateTimeImmutable('2027-08-01'));
    same(['name' => 'kind', 'type' => ColumnType::REVENUE_KIND], $cur->columns()[5]);
    $rows = [];
    foreach ($cur as $row) {
        $rows[] = $row;
    }
    same(20, count($rows));
    same(['2026-01-01', '2026-01-31', RevenueKind::ALL, 0, null],
         [$rows[0]['month'], $rows[0]['month_end'], $rows[0]['kind'], $rows[0]['product'], $rows[0]['product_code']]);
    same([799000 + 99900, 799000 + 3444, 2], [$rows[0]['billed'], $rows[0]['recognised'], $rows[0]['payments']]);
    same([199800, 0, 199800], [$rows[6]['billed'], $rows[6]['recognised'], $rows[6]['deferred']]);
    same(16969, $rows[7]['recognised']);
    same(0, $rows[19]['deferred']);
    for ($i = 1; $i < count($rows); $i++) {
        same($rows[$i - 1]['deferred'], $rows[$i]['opening_deferred']);
        same($rows[$i]['deferred'], $rows[$i]['opening_deferred'] + $rows[$i]['billed'] - $rows[$i]['recognised']);
    }
    same(array_sum(array_column($rows, 'billed')), array_sum(array_column($rows, 'recognised')));
});

test('by product and by kind', function () use ($path, $rep) {
    $lg = new Ledger($path, false, true);
    $p = $lg->revenue('2026-01-01', '2026-03-31', RevenueBy::PRODUCT)->fetchAll();
    same([$rep, 'REP', 'Отчёт «Продажи»'], [$p[0]['product'], $p[0]['product_code'], $p[0]['product_name']]);
    $k = $lg->revenue('2026-01-01', '2026-03-31', RevenueBy::KIND)->fetchAll();
    same([RevenueKind::SALE, RevenueKind::SUBSCRIPTION_FIRST, RevenueKind::SUBSCRIPTION],
         array_column(array_slice($k, 0, 3), 'kind'));
    same([99900, 0], [$k[5]['billed'], $k[5]['recognised']]);
});

test('bad requests throw with the reason', function () use ($path) {
    $lg = new Ledger($path, false, true);
    $e = throws(LibSupport\DateException::class, fn() => $lg->revenue('2026-05-01', '2026-04-30'));
    check($e !== null && str_contains($e->getMessage(), 'before the first 2026-05'));
    throws(LibSupport\RangeException::class, fn() => $lg->revenue('1900-01-01', '2026-04-30'));
});

test('recognition settings, months, names', function () {
    $p = new Policy();
    same([0, Recognition::DAILY, Recognition::DAILY],
         [$p->recognitionSaleSupportShare(), $p->recognitionRenewal(), $p->recognitionSubscription()]);
    $p->setRecognitionSaleSupportShare(2500);
    $p->setRecognitionRenewal(Recognition::ON_PAYMENT);
    check(str_contains($p->toText(), "recognition_sale_support_share_bp = 2500\nrecognition_renewal = on_payment\n"));
    throws(LibSupport\RangeException::class, fn() => $p->setRecognitionSaleSupportShare(10001));
    same('2026-02-01', LibSupport\parse_month('2026-02'));
    throws(LibSupport\DateException::class, fn() => LibSupport\parse_month('2026-13'));
    same('subscription_first', LibSupport\revenue_kind_name(RevenueKind::SUBSCRIPTION_FIRST));
    same(RevenueBy::PRODUCT, LibSupport\revenue_by_from_name('product'));
});

test('CsvWriter writes what Russian Excel reads', function () {
    $w = new CsvWriter();
    $w->field('Месяц');
    $w->field('Сумма');
    $w->endRow();
    $w->date('2026-01-31');
    $w->money(-199850);
    $w->integer(3);
    $w->endRow();
    same("\xEF\xBB\xBFМесяц;Сумма\r\n31.01.2026;-1998,50;3\r\n", $w->data());
    $w->clear();
    same('', $w->data());
});

finish();
