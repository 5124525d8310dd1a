<?php
/*
 * Money from PHP (issue 14): the vendor's requisites, invoices (number, quote,
 * purpose, HTML with the amount in words), paying them once or keeping them
 * for review, a bank statement import, voids, refunds and agreed prices.
 */
require __DIR__ . '/harness.php';

use LibSupport\{Ledger, LicenseKind, QuoteKind, InvoiceState, PaymentStatus, ReviewReason, CorrectionKind};

const ACTOR = 'test_money.php';
const ACCOUNT = '40702810954400012345';
$examples = dirname(__DIR__, 2) . '/examples';

$dir = sys_get_temp_dir() . '/libsupport-php-money-' . getmypid();
@mkdir($dir);
register_shutdown_function(function () use ($dir) {
    foreach (glob("$dir/*") as $f) {
        unlink($f);
    }
    @rmdir($dir);
});

function money_ledger(string $examples): array
{
    $lg = new Ledger(':memory:', true);
    same(1, $lg->setVendorFromFile(ACTOR, '2020-01-01', "$examples/settings/vendor.ini"));
    $rep = $lg->addProduct(ACTOR, 'REP', 'Отчёт по продажам', LicenseKind::PERPETUAL, 6);
    $lg->setPrice(ACTOR, $rep, '2020-01-01', 799000);
    $c = $lg->addCustomer(ACTOR, 'ROM', 'ООО "Ромашка"');
    $lic = $lg->sell(ACTOR, $c, $rep, '2026-01-15', 799000);
    return [$lg, $rep, $c, $lic];
}

test('requisites and an invoice', function () use ($examples) {
    [$lg, $rep, $c, $lic] = money_ledger($examples);
    same(ACCOUNT, $lg->getVendor('2026-01-01')['settlement_account']);
    $inv = $lg->issueInvoice(ACTOR, $lic, '2026-07-01', null, '7715123451');
    same('2026-000001', $inv->number());
    check($inv->isNew());
    same([QuoteKind::PREFERENTIAL, 199800, '2027-07-15', '2026-08-15'],
         [$inv->quote()->kind(), $inv->amount(), $inv->quote()->newSupportUntil(), $inv->quote()->validThrough()]);
    same('Оплата по счёту № 2026-000001 от 01.07.2026 за продление технической поддержки «Отчёт по продажам» по '
         . '15.07.2027. Без НДС', $inv->purpose());
    same(InvoiceState::OPEN, $inv->stateOn('2026-07-01'));
    same(null, $inv->paidOn());
    check(str_contains($inv->renderHtml(), 'Одна тысяча девятьсот девяносто восемь рублей 00 копеек'));
    same('6316123458', $inv->vendor()['inn']);
    check(!$lg->issueInvoice(ACTOR, $lic, '2026-07-02')->isNew());
    same('2026-000001', $lg->openInvoice($lic, '2026-07-20')->number());
    $rows = $lg->listInvoices('2026-07-10')->fetchAll();
    same([['2026-000001', InvoiceState::OPEN]], array_map(fn($r) => [$r['number'], $r['state']], $rows));
    throws(LibSupport\NotFoundException::class, fn() => $lg->getInvoice('2026-000002'));
    throws(LibSupport\ParseException::class, fn() => $lg->setVendor(ACTOR, '2027-01-01', 'x', '6316123459',
        '631601001', 'b', '043601999', '30101810400000000999', ACCOUNT));
});

test('paying once, and the review list', function () use ($examples) {
    [$lg, $rep, $c, $lic] = money_ledger($examples);
    $lg->issueInvoice(ACTOR, $lic, '2026-07-01');
    same(PaymentStatus::APPLIED, $lg->matchPayment('pp-1', '2026-07-10', 199800, '2026-000001')['status']);
    $paid = $lg->payInvoice(ACTOR, 'pp-1', '2026-07-10', 199800, '2026-000001');
    same([PaymentStatus::APPLIED, '2027-07-15'], [$paid['status'], $paid['new_support_until']]);
    same(PaymentStatus::ALREADY_APPLIED, $lg->payInvoice(ACTOR, 'pp-1', '2026-07-10', 199800, '2026-000001')['status']);
    $late = $lg->payInvoice(ACTOR, 'pp-2', '2026-07-11', 199800, null, 'Оплата по сч. 2026-000001');
    same([PaymentStatus::REVIEW, ReviewReason::ALREADY_PAID], [$late['status'], $late['reason']]);
    $reviews = $lg->listReviews()->fetchAll();
    same(['pp-2'], array_column($reviews, 'payment_id'));
    $lg->closeReview(ACTOR, $reviews[0]['review'], '2026-07-12', 'refunded');
    same([], $lg->listReviews()->fetchAll());
    same('2027-07-15', $lg->getLicense($lic)->latestUntil());
});

test('a bank statement, imported once', function () use ($examples, $dir) {
    [$lg, $rep, $c, $lic] = money_ledger($examples);
    $number = $lg->issueInvoice(ACTOR, $lic, '2026-07-01', null, '7715123451')->number();
    $lines = ['1CClientBankExchange', 'ВерсияФормата=1.03', 'Кодировка=UTF-8', 'РасчСчет=' . ACCOUNT,
              'СекцияДокумент=Платежное поручение', 'Номер=412', 'Дата=03.07.2026', 'Сумма=1998.00',
              'ПлательщикСчет=40702810438000004321', 'ПлательщикИНН=7715123451',
              'ПлательщикРасчСчет=40702810438000004321', 'ПолучательСчет=' . ACCOUNT, 'ДатаПоступило=06.07.2026',
              "НазначениеПлатежа=Оплата по счёту № $number", 'КонецДокумента', 'КонецФайла'];
    file_put_contents("$dir/statement.txt", implode("\n", $lines) . "\n");
    same(PaymentStatus::APPLIED, $lg->bankImport(ACTOR, "$dir/statement.txt", true)[0]['status']);
    same('2026-07-15', $lg->getLicense($lic)->latestUntil());
    $done = $lg->bankImport(ACTOR, "$dir/statement.txt");
    same([PaymentStatus::APPLIED, '2026-07-06'], [$done[0]['status'], $done[0]['received_on']]);
    same('2027-07-15', $lg->getLicense($lic)->latestUntil());
    same(PaymentStatus::ALREADY_APPLIED, $lg->bankImport(ACTOR, "$dir/statement.txt")[0]['status']);
    throws(LibSupport\ParseException::class, fn() => $lg->bankImport(ACTOR, "$examples/bank/bad-truncated.txt"));
});

test('voids, refunds and agreed prices in the payments', function () use ($examples) {
    [$lg, $rep, $c, $lic] = money_ledger($examples);
    $lg->renew(ACTOR, 'r-1', $lic, '2026-07-01', 199800);
    $lg->voidPayment(ACTOR, $lg->findPayment('r-1'), '2026-07-02', 'wrong license');
    same('2026-07-15', $lg->getLicense($lic)->latestUntil());
    throws(LibSupport\StateException::class, fn() => $lg->voidPayment(ACTOR, $lg->findPayment('r-1'), '2026-07-03', 'x'));
    $lg->renew(ACTOR, 'r-2', $lic, '2026-07-03', 199800);
    $lg->refundPayment(ACTOR, $lg->findPayment('r-2'), '2026-09-01', 'cancelled', 0, true);
    same('2026-09-01', $lg->getLicense($lic)->latestUntil());
    $lg->sellAtPrice(ACTOR, $c, $rep, '2026-03-01', 500000, 'agreed');
    $rows = $lg->listPayments('2026-01-01', '2026-12-31')->fetchAll();
    same([[CorrectionKind::NONE, 799000], [CorrectionKind::DISCOUNT, 500000], [CorrectionKind::NONE, 199800],
          [CorrectionKind::VOID, -199800], [CorrectionKind::NONE, 199800], [CorrectionKind::REFUND, -199800]],
         array_map(fn($r) => [$r['correction_kind'], $r['amount']], $rows));
    same(299000, $rows[1]['discount']);
    check($rows[2]['voided']);
});

finish();
