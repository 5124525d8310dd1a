<?php
/*
 * Customers you can reach, from PHP (issue 13): contact data checked and audited,
 * customers found by e-mail. On SQLite, and on PostgreSQL when SUP_TEST_BACKEND=pg
 * (ctest's pg.php.test_reach, in a fresh schema of the throwaway cluster).
 */
require __DIR__ . '/harness.php';

use LibSupport\{Ledger, CustomerField};

const ACTOR = 'test_reach.php';
$on_pg = getenv('SUP_TEST_BACKEND') === 'pg';
if ($on_pg)
    require __DIR__ . '/../pg/pgtest.php';

$dir = sys_get_temp_dir() . '/libsupport-php-reach-' . getmypid();
@mkdir($dir);
register_shutdown_function(function () use ($dir) {
    foreach (glob("$dir/*") as $f)
        unlink($f);
    @rmdir($dir);
});

/** A fresh ledger: a new file, or a new PostgreSQL schema. */
function fresh_ledger(): Ledger
{
    global $dir, $on_pg;
    static $n = 0;
    $n++;
    if ($on_pg)
        return new Ledger(pgtest_ledger_uri(pgtest_base_uri(), pgtest_new_schema()), true);
    return new Ledger("$dir/l$n.db", true);
}

function last_audit(Ledger $lg): array
{
    $rows = iterator_to_array($lg->listAudit());
    return end($rows);
}

test('contact data reads back as stored', function () {
    $lg = fresh_ledger();
    $id = $lg->addCustomer(ACTOR, 'C-ROM', 'ООО «Ромашка»', ['Anna@Romashka.RU', 'buh@romashka.ru'],
                           '8 (927) 853-15-26', '7707083893', '773601001', 'en', "строка 1\nстрока 2");
    $c = $lg->getCustomer($id);
    same(['customer' => $id, 'code' => 'C-ROM', 'name' => 'ООО «Ромашка»',
          'emails' => ['Anna@Romashka.RU', 'buh@romashka.ru'], 'phone' => '+79278531526', 'inn' => '7707083893',
          'kpp' => '773601001', 'lang' => 'en', 'note' => "строка 1\nстрока 2"], $c);
    same($c, $lg->getCustomerByCode('C-ROM'));
    $rows = iterator_to_array($lg->listCustomers());
    same('Anna@Romashka.RU, buh@romashka.ru', $rows[0]['emails']);
    $plain = $lg->getCustomer($lg->addCustomer(ACTOR, 'P', 'ИП Петров'));
    same([[], null, null], [$plain['emails'], $plain['inn'], $plain['lang']]);
});

test('an update changes what is given and audits old and new', function () {
    $lg = fresh_ledger();
    $id = $lg->addCustomer(ACTOR, 'A', 'a', ['a@x.ru']);
    same(CustomerField::EMAILS | CustomerField::PHONE,
         $lg->updateCustomer(ACTOR, $id, null, ['a@x.ru', 'b@x.ru'], '+7 927 853 15 26'));
    $a = last_audit($lg);
    same(['update_customer', 'emails=a@x.ru -> a@x.ru, b@x.ru; phone= -> +79278531526'], [$a['action'], $a['detail']]);
    same(0, $lg->updateCustomer(ACTOR, $id, 'a'));
    same(CustomerField::EMAILS, $lg->updateCustomer(ACTOR, $id, null, []));
    same([], $lg->getCustomer($id)['emails']);
});

test('bad values are refused with the reason and change nothing', function () {
    $lg = fresh_ledger();
    $id = $lg->addCustomer(ACTOR, 'A', 'a', null, null, '7707083893');
    $e = throws(LibSupport\InvalidArgumentException::class, fn() => $lg->updateCustomer(ACTOR, $id, null, null,
                                                                                   null, '7707083894'));
    check($e !== null && str_contains($e->getMessage(), 'the check digit is 3, not 4'));
    $e = throws(LibSupport\InvalidArgumentException::class,
                fn() => $lg->updateCustomer(ACTOR, $id, null, ['Ivan@Mail.RU', 'Ivan@mail.ru']));
    check($e !== null && str_contains($e->getMessage(), 'names the same mailbox'));
    throws(TypeError::class, fn() => $lg->updateCustomer(ACTOR, $id, null, ['a@x.ru', 7]));
    throws(LibSupport\InvalidArgumentException::class, fn() => $lg->updateCustomer(ACTOR, $id, null, null, null, null,
                                                                                 null, 'de'));
    same('7707083893', $lg->getCustomer($id)['inn']);
    throws(LibSupport\NotFoundException::class, fn() => $lg->getCustomerByCode('NOPE'));
});

test('a customer is found by any address, the domain in any case', function () {
    $lg = fresh_ledger();
    $a = $lg->addCustomer(ACTOR, 'A', 'a', ['Anna@Romashka.RU']);
    $b = $lg->addCustomer(ACTOR, 'B', 'b', ['бух@почта.рф']);
    $ids = fn($cur) => array_map(fn($r) => $r['customer'], iterator_to_array($cur));
    same([$a], $ids($lg->findCustomersByEmail('Anna@ROMASHKA.ru')));
    same([], $ids($lg->findCustomersByEmail('anna@romashka.ru')));
    same([$b], $ids($lg->findCustomersByEmail('бух@Почта.РФ')));
    throws(LibSupport\InvalidArgumentException::class, fn() => $lg->findCustomersByEmail('nope'));
});

test('a reminder is sent once, a failed one is due again', function () {
    $lg = fresh_ledger();
    $p = $lg->addProduct(ACTOR, 'R6', 'Отчёт', LibSupport\LicenseKind::PERPETUAL, 6);
    $lg->setPrice(ACTOR, $p, '2025-01-01', 799000);
    $lic = $lg->sell(ACTOR, $lg->addCustomer(ACTOR, 'A', 'ООО А', ['a@x.ru']), $p, '2026-01-15', 799000);
    $due = iterator_to_array($lg->listSendsDue('2026-07-01'));
    same(1, count($due));
    $r = $due[0];
    same([$lic, LibSupport\NoticeKind::SUPPORT_ENDING, '2026-07-15', LibSupport\SendAction::NEW, 'ru', 'a@x.ru'],
         [$r['license'], $r['notice'], $r['anchor'], $r['action'], $r['lang'], $r['recipients']]);
    $n = new LibSupport\Notice();
    $n->setKind($r['notice']);
    same('Техническая поддержка продукта «Отчёт» заканчивается 15.07.2026',
         $lg->renderSubject($lic, '2026-07-01', $n));
    $s = $lg->beginSend(ACTOR, $lic, $r['notice'], $r['anchor'], $r['due'], '2026-07-01', $r['recipients'],
                        '<p1@v8pro.ru>');
    same(false, $s['replayed']);
    $lg->finishSend(ACTOR, $s['attempt'], false, 'connection refused');
    same(LibSupport\SendAction::RETRY, iterator_to_array($lg->listSendsDue('2026-07-01'))[0]['action']);
    $s = $lg->beginSend(ACTOR, $lic, $r['notice'], $r['anchor'], $r['due'], '2026-07-01', $r['recipients'],
                        '<p2@v8pro.ru>');
    $lg->finishSend(ACTOR, $s['attempt'], true);
    same([], iterator_to_array($lg->listSendsDue('2026-07-01')));
    same([LibSupport\SendState::FAILED, LibSupport\SendState::SENT],
         array_map(fn($x) => $x['state'], iterator_to_array($lg->listSends('2026-07-01', '2026-07-01'))));
    throws(LibSupport\ConflictException::class, fn() => $lg->beginSend(ACTOR, $lic, $r['notice'], $r['anchor'],
                                                                    $r['due'], '2026-07-01', 'a@x.ru', '<p3@v8pro.ru>'));
});

test('the sample files import once and export back unchanged', function () {
    $lg = fresh_ledger();
    foreach ([['REPORT6', LibSupport\LicenseKind::PERPETUAL, 6, 799000], ['EXT12', LibSupport\LicenseKind::PERPETUAL, 12, 1200000],
              ['CLOUD1', LibSupport\LicenseKind::SUBSCRIPTION_MONTHLY, 0, 99000]] as [$code, $kind, $months, $price]) {
        $p = $lg->addProduct(ACTOR, $code, $code, $kind, $months);
        $lg->setPrice(ACTOR, $p, '2020-01-01', $price);
    }
    $ex = __DIR__ . '/../../examples/import';
    $r = $lg->importCsv(ACTOR, "$ex/customers.csv", "$ex/licenses.csv");
    same([true, 4, 5, 2, 0, []], [$r['applied'], $r['customers_added'], $r['licenses_added'], $r['periods_recorded'],
                                   $r['bad_rows'], $r['errors']]);
    $r = $lg->importCsv(ACTOR, null, null, $lg->exportData('customers'), $lg->exportData('licenses'));
    same([4, 5, 0], [$r['customers_unchanged'], $r['licenses_unchanged'], $r['licenses_added']]);
    same('SEVER', json_decode($lg->exportData('customers', 'json'), true)[3]['code']);
    $bad = $lg->importCsv(ACTOR, "$ex/customers-bad.csv");
    same([false, 3], [$bad['applied'], $bad['bad_rows']]);
    check(str_ends_with($bad['errors'][2], 'customers-bad.csv:4: column lang: customer language "de": expected "ru" or "en"'));
});

test('a replayed payment says when it was recorded', function () {
    $lg = fresh_ledger();
    $p = $lg->addProduct(ACTOR, 'R6', 'r', LibSupport\LicenseKind::PERPETUAL, 6);
    $lg->setPrice(ACTOR, $p, '2025-01-01', 799000);
    $c = $lg->addCustomer(ACTOR, 'A', 'a');
    $sold = $lg->sellExt(ACTOR, $c, $p, '2026-01-15', 799000, 'o-1', '1C-7');
    same([false, '2026-01-15'], [$sold['replayed'], $sold['recorded_on']]);
    $first = $lg->renewExt(ACTOR, 'pay-1', $sold['license'], '2026-07-20', 199800);
    $again = $lg->renewExt(ACTOR, 'pay-1', $sold['license'], '2026-08-01', 199800);
    same([false, true, $first['event'], '2026-07-20'], [$first['replayed'], $again['replayed'], $again['event'],
                                                          $again['recorded_on']]);
});

finish();
