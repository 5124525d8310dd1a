<?php
/*
 * The ledger from PHP: a round trip through a file or a PostgreSQL schema,
 * idempotent payments, cursors as Iterators of associative arrays, the storage
 * errors, the engine of a ledger, read-only roles and moving a ledger between
 * engines. Runs on both engines (php.test_ledger, pg.php.test_ledger):
 * ledger_targets.php gives each test its ledger.
 */
require __DIR__ . '/harness.php';
require __DIR__ . '/ledger_targets.php';

use LibSupport\{Ledger, LicenseKind, EventKind, QuoteKind, State, Policy, Notice, NoticeKind, NoticeFormat, Lang,
                Schedule};

const ACTOR = 'test_ledger.php';

function fill(Ledger $lg): array
{
    $rep = $lg->addProduct(ACTOR, 'REP1', 'Отчёт «Продажи»', LicenseKind::PERPETUAL, 6);
    $lg->setPrice(ACTOR, $rep, '2026-01-01', 799000);
    $lg->setPrice(ACTOR, $rep, '2026-10-01', 899000);
    $sub = $lg->addProduct(ACTOR, 'SUB1', 'Обработка (подписка)', LicenseKind::SUBSCRIPTION_MONTHLY, 1);
    $lg->setPrice(ACTOR, $sub, '2026-01-01', 150000);
    $a = $lg->addCustomer(ACTOR, 'C-A', 'ООО "Ромашка"');
    $b = $lg->addCustomer(ACTOR, 'C-B', "ИП O'Brien; DROP TABLE licenses; --");
    $la = $lg->sell(ACTOR, $a, $rep, '2026-01-15', 799000, 'sale-1');
    $lb = $lg->sell(ACTOR, $b, $rep, '2026-02-28', 799000, 'sale-2');
    $lsub = $lg->sell(ACTOR, $b, $sub, '2026-03-31', 150000);
    $lg->addRelease(ACTOR, $rep, '1.1', '2026-06-01');
    $lg->addRelease(ACTOR, $rep, '2.0', '2026-09-10', 'совместимость с новой конфигурацией 1С');
    return [$rep, $sub, $a, $b, $la, $lb, $lsub];
}

$dir = lt_temp_dir();
$path = lt_new_target('support.db');

test('round trip: write, close, reopen read-only, read back', function () use ($path) {
    $lg = new Ledger($path, true);
    [$rep, $sub, $a, $b, $la, $lb, $lsub] = fill($lg);
    $q = $lg->quoteRenewal($la, '2026-07-20');
    same([QuoteKind::PREFERENTIAL, 199800], [$q->kind(), $q->fee()]);
    same('2027-07-15', $lg->renew(ACTOR, 'ren-1', $la, new DateTimeImmutable('2026-07-20'), 199800)->newSupportUntil());
    $lg->pay(ACTOR, 'sub-2', $lsub, '2026-04-15', 150000);
    $lg->close();
    check(!$lg->isOpen());

    $lg = new Ledger($path, false, true);
    $lg->check();
    same($rep, $lg->findProduct('REP1'));
    same(['customer' => $a, 'product' => $rep], $lg->licenseParties($la));
    same([['effective' => '2026-01-01', 'price' => 799000], ['effective' => '2026-10-01', 'price' => 899000]],
         $lg->getProduct($rep)->prices());
    $lic = $lg->getLicense($la);
    same('2027-07-15', $lic->latestUntil());
    $st = $lg->licenseStatus($la, '2027-07-16');
    same([State::GRACE, '2027-08-15'], [$st->state(), $st->preferentialUntil()]);
    same($st->state(), $lic->status('2027-07-16', $lg->getPolicy('2027-07-16'))->state());

    $rows = $lg->listLicenses('2026-08-01')->fetchAll();
    same([$la, $lb, $lsub], array_column($rows, 'license'));
    same("ИП O'Brien; DROP TABLE licenses; --", $rows[1]['customer_name']);
    same('2027-07-15', $rows[0]['support_until']); // renewed on 2026-07-20
    same(State::ACTIVE, $rows[0]['state']);

    $amounts = [];
    foreach ($lg->listPayments('2026-01-01', '2026-12-31') as $i => $row) {
        same(count($amounts), $i, 'key() counts rows');
        $amounts[] = $row['amount'];
    }
    same([799000, 799000, 150000, 150000, 199800], $amounts);
    $releases = $lg->listReleases($lb, '2026-09-15')->fetchAll();
    same([['1.1', true], ['2.0', false]], array_map(fn($r) => [$r['version'], $r['allowed']], $releases));
    same(null, $releases[0]['note']);
    same(['1.1', '2.0'], array_column(iterator_to_array($lg->listDownloads($la, '2026-09-15')), 'version'));
    throws(LibSupport\ReadOnlyException::class, fn() => $lg->addCustomer(ACTOR, 'C-C', 'nobody'));
    $lg->close();
});

test('lists by date', function () {
    $lg = new Ledger(lt_memory_target(), true);
    [$rep, $sub, $a, $b, $la, $lb, $lsub] = fill($lg);
    same([$la], array_column(iterator_to_array($lg->listExpiring('2026-07-05', 14)), 'license'));
    $grace = $lg->listPreferential('2026-07-20')->fetchAll();
    same([[$la, '2026-08-15']], array_map(fn($r) => [$r['license'], $r['preferential_until']], $grace));
    $lapsed = array_column($lg->listLapsed('2026-09-01')->fetchAll(), 'license');
    sort($lapsed);
    same([$la, $lsub], $lapsed);
    $release = $lg->listReleases($la, '2026-12-31')->fetch()['release'];
    same([$a, $b], array_column($lg->listNotify($release)->fetchAll(), 'customer'));
    same(['C-A', 'C-B'], array_column($lg->listCustomers()->fetchAll(), 'code'));
    same(['name' => 'event', 'type' => LibSupport\ColumnType::ID], $lg->listAudit()->columns()[0]);
    check(in_array('sell', array_column($lg->listAudit()->fetchAll(), 'action')));
});

test('payments are idempotent; a wrong fee is refused', function () {
    $lg = new Ledger(lt_memory_target(), true);
    [$rep, $sub, $a, $b, $la, $lb, $lsub] = fill($lg);
    $first = $lg->renew(ACTOR, 'pay-1', $la, '2026-07-20', 199800);
    $again = $lg->renew(ACTOR, 'pay-1', $la, '2026-07-20', 199800);
    same($first->newSupportUntil(), $again->newSupportUntil());
    same(2, count($lg->listEvents($la)->fetchAll()));
    throws(LibSupport\ConflictException::class, fn() => $lg->renew(ACTOR, 'pay-1', $la, '2026-07-20', 199900));
    throws(LibSupport\PaymentMismatchException::class, fn() => $lg->renew(ACTOR, 'pay-2', $lb, '2026-09-30', 199800));
    same(1, count($lg->listEvents($lb)->fetchAll()));
    same($la, $lg->sell(ACTOR, $a, $rep, '2026-01-15', 799000, 'sale-1'));
});

test('a product without a term gets the latest policy version\'s default', function () {
    $lg = new Ledger(lt_memory_target(), true);
    same(6, $lg->getProduct($lg->addProduct(ACTOR, 'A', 'a', LicenseKind::PERPETUAL))->supportMonths());
    $lg->addPolicy(ACTOR, '2026-01-01', Policy::parse("default_support_months = 3\n"));
    same(3, $lg->getProduct($lg->addProduct(ACTOR, 'B', 'b', LicenseKind::PERPETUAL))->supportMonths());
    same(12, $lg->getProduct($lg->addProduct(ACTOR, 'Y', 'y', LicenseKind::SUBSCRIPTION_YEARLY))->supportMonths());
    same(6, (new LibSupport\Product(LicenseKind::PERPETUAL))->supportMonths());
});

test('the offer of either kind of license, or none and why', function () {
    $lg = new Ledger(lt_memory_target(), true);
    [$rep, $sub, $a, $b, $la, $lb, $lsub] = fill($lg);
    $o = $lg->offer($la, '2026-07-20');
    same([LibSupport\OfferKind::RENEWAL, LibSupport\OfferReason::NONE, '2026-07-20'], [$o->kind(), $o->reason(), $o->on()]);
    same([QuoteKind::PREFERENTIAL, 199800], [$o->quote()->kind(), $o->quote()->fee()]);
    same($lg->quoteRenewal($la, '2026-07-20')->validThrough(), $o->quote()->validThrough());
    $o = $lg->offer($lsub, '2026-04-15');
    same([LibSupport\OfferKind::PAYMENT, QuoteKind::SUBSCRIPTION, 150000], [$o->kind(), $o->quote()->kind(), $o->quote()->fee()]);
    same('payment', $o->kindName());
    $o = $lg->offer($la, '2026-01-01');
    same([LibSupport\OfferKind::NONE, LibSupport\OfferReason::NOT_OWNED, null], [$o->kind(), $o->reason(), $o->quote()]);
    same('not_owned', $o->reasonName());
    throws(LibSupport\NotFoundException::class, fn() => $lg->offer(999, '2026-07-20'));
    throws(LibSupport\DateException::class, fn() => $lg->offer($la, '2026-02-30'));
});

test('policy versions price renewals by date', function () {
    $lg = new Ledger(lt_memory_target(), true);
    [$rep, $sub, $a, $b, $la, $lb, $lsub] = fill($lg);
    $forty = new Policy();
    $forty->setStandardRate(4000);
    $v = $lg->addPolicy(ACTOR, '2026-09-01', $forty);
    same($v, $lg->policyVersionOn('2026-09-01'));
    check($lg->getPolicy('2026-09-01')->equals($forty));
    same(319600, $lg->quoteRenewal($lb, '2026-09-30')->fee());
    same(4000, $lg->renew(ACTOR, 'p40', $lb, '2026-09-30', 319600)->rate());
    $events = $lg->listEvents($lb)->fetchAll();
    same($v, end($events)['policy_version']);
});

test('batches commit or roll back', function () {
    $batch = lt_new_target('batch.db');
    $lg = new Ledger($batch, true);
    $lg->begin();
    $lg->addCustomer(ACTOR, 'X', 'rolled back');
    $lg->rollback();
    $lg->begin();
    $lg->addCustomer(ACTOR, 'Y', 'kept');
    $lg->commit();
    $lg->close();
    $lg = new Ledger($batch);
    same(['Y'], array_column($lg->listCustomers()->fetchAll(), 'code'));
    throws(LibSupport\StateException::class, fn() => $lg->commit());
});

test('a snapshot reads one state and refuses changes', function () {
    $target = lt_new_target('snapshot.db');
    $lg = new Ledger($target, true);
    $other = new Ledger($target);
    $lg->addCustomer(ACTOR, 'A', 'before');
    $lg->snapshotBegin();
    check($lg->inSnapshot());
    $other->addCustomer(ACTOR, 'B', 'meanwhile');
    same(['A'], array_column($lg->listCustomers()->fetchAll(), 'code'));
    $e = throws(LibSupport\StateException::class, fn() => $lg->addCustomer(ACTOR, 'C', 'inside'));
    check($e && str_contains($e->getMessage(), 'a snapshot is open on this handle'));
    $lg->snapshotEnd();
    check(!$lg->inSnapshot());
    same(['A', 'B'], array_column($lg->listCustomers()->fetchAll(), 'code'));
    throws(LibSupport\StateException::class, fn() => $lg->snapshotEnd());
    $other->close();
    $lg->close();
});

test('the shared handle: a batch or a snapshot a request left open ends at the next shared()', function () {
    $target = lt_new_target('shared.db');
    (new Ledger($target, true))->close();
    $a = Ledger::shared($target, false);
    $a->snapshotBegin();
    $b = Ledger::shared($target, false);
    check(!$b->inSnapshot(), 'the snapshot ended');
    $b->begin();
    $b->addCustomer(ACTOR, 'LOST', 'left in a batch');
    $c = Ledger::shared($target, false);
    $c->addCustomer(ACTOR, 'KEPT', 'after');
    $check = new Ledger($target);
    same(['KEPT'], array_column($check->listCustomers()->fetchAll(), 'code'));
    $check->close();
});

test('storage errors', function () {
    $missing = lt_new_target('missing.db');
    $e = throws(LibSupport\NotFoundException::class, fn() => new Ledger($missing));
    $names = lt_on_pg() ? lt_schema_of($missing) : 'no ledger at "' . substr($missing, 0, 30);
    check($e && str_contains($e->getMessage(), $names), 'names what is missing');
    throws(LibSupport\InvalidArgumentException::class, fn() => new Ledger(lt_memory_target(), true, true));
    throws(LibSupport\RangeException::class, fn() => new Ledger(lt_new_target(), true, false, -1));
});

test('files that are not ledgers', function () use ($dir) {
    if (lt_skip_on_pg('a junk file')) {
        return;
    }
    file_put_contents("$dir/junk.db", str_repeat('this is not an SQLite file ', 100));
    $e = throws(LibSupport\NotALedgerException::class, fn() => new Ledger("$dir/junk.db"));
    check($e instanceof LibSupport\StorageException);
});

test('schemas that are not ledgers', function () {
    if (lt_skip_on_sqlite('an empty schema, another application\'s schema')) {
        return;
    }
    $empty = lt_new_schema_uri(true);
    $e = throws(LibSupport\NotALedgerException::class, fn() => new Ledger($empty));
    check($e instanceof LibSupport\StorageException && str_contains($e->getMessage(), lt_schema_of($empty)));
    $other = lt_new_schema_uri(true);
    lt_pg_exec($other, 'CREATE TABLE accounts (id int PRIMARY KEY); INSERT INTO accounts VALUES (1)');
    throws(LibSupport\NotALedgerException::class, fn() => new Ledger($other, true));
    same(1, lt_pg_int($other, 'SELECT count(*) FROM accounts'), 'left as it was');
});

test('the engine, and who created the ledger', function () {
    $t = lt_new_target();
    $lg = new Ledger($t, true);
    same([lt_backend(), true], [$lg->backend(), $lg->created()]);
    $lg->close();
    throws(LibSupport\StateException::class, fn() => $lg->backend());
    throws(LibSupport\StateException::class, fn() => $lg->created());
    $lg = new Ledger($t, true, false, 0);
    same([lt_backend(), false], [$lg->backend(), $lg->created()]);
    same(lt_backend(), LibSupport\ledger_target_backend($t));
    same('sqlite', LibSupport\ledger_target_backend('support.db'));
    same('postgresql', LibSupport\ledger_target_backend('postgres://db.example/ledgers'));
    same('postgresql://app:***@db.example/l?schema=v1',
         LibSupport\ledger_target_display('postgresql://app:s3cret@db.example/l?schema=v1'));
    same($t, LibSupport\ledger_target_display($t));
});

test('read-only roles', function () {
    $t = lt_new_target();
    $lg = new Ledger($t, true);
    [$rep, $sub, $a, $b, $la] = fill($lg);
    if (!lt_on_pg()) {
        $e = throws(LibSupport\NotApplicableException::class, fn() => $lg->grantReadonly('web'));
        check($e && str_contains($e->getMessage(), 'SQLite'));
        return;
    }
    $role = lt_new_role();
    $lg->grantReadonly($role);
    $lg->close();
    $web = lt_as_role($t, $role);
    throws(LibSupport\ReadOnlyException::class, fn() => new Ledger($web));
    $ro = new Ledger($web, false, true);
    same(199800, $ro->quoteRenewal($la, '2026-07-20')->fee());
    same(3, count($ro->listLicenses('2026-08-01')->fetchAll()));
    throws(LibSupport\ReadOnlyException::class, fn() => $ro->addCustomer(ACTOR, 'C-C', 'nobody'));
});

test('migrate: there and back, every list the same; a taken target refused; a throwing callback keeps nothing',
     function () {
    $src = lt_temp_dir() . '/source.db';
    $lg = new Ledger($src, true);
    [$rep, $sub, $a, $b, $la, $lb, $lsub] = fill($lg);
    $lg->renew(ACTOR, 'ren-1', $la, '2026-07-20', 199800);
    $lg->close();
    $middle = lt_new_target('middle.db');
    $back = lt_temp_dir() . '/back.db';
    $calls = [];
    $m = LibSupport\migrate($src, $middle, function (string $table, int $rows) use (&$calls) {
        $calls[$table] = $rows;
    });
    same(['tables', 'rows', 'checksum'], array_keys($m));
    same([count($calls), array_sum($calls)], [$m['tables'], $m['rows']]);
    check(preg_match('/^[0-9a-f]{16}$/', $m['checksum']) === 1);
    same($m, LibSupport\migrate($middle, $back));
    $lists = function (string $t): array {
        $l = new Ledger($t, false, true);
        $out = [$l->listLicenses('2026-08-01')->fetchAll(), $l->listPayments('1900-01-01', '9999-12-31')->fetchAll(),
                $l->listAudit()->fetchAll(), $l->listCustomers()->fetchAll(), $l->listProducts()->fetchAll(),
                $l->listPolicies()->fetchAll(), $l->listPreferential('2026-07-20')->fetchAll(),
                $l->listLapsed('2026-09-01')->fetchAll(), $l->listReminders('2026-07-01')->fetchAll()];
        $l->close();
        return $out;
    };
    same($lists($src), $lists($middle));
    same($lists($src), $lists($back));
    throws(LibSupport\ConflictException::class, fn() => LibSupport\migrate($src, $middle));
    $stopped = lt_new_target('stopped.db');
    $e = throws(DomainException::class, fn() => LibSupport\migrate($src, $stopped, function (string $table) {
        throw new DomainException("stop at $table");
    }));
    check($e && str_starts_with($e->getMessage(), 'stop at '));
    throws(LibSupport\NotFoundException::class, fn() => new Ledger($stopped), 'nothing kept on the target');
    throws(TypeError::class, fn() => LibSupport\migrate($src, lt_new_target(), 42));
});

test('bad input is refused and changes nothing', function () {
    $lg = new Ledger(lt_memory_target(), true);
    [$rep] = fill($lg);
    $before = count($lg->listAudit()->fetchAll());
    throws(LibSupport\NotFoundException::class, fn() => $lg->quoteRenewal(999, '2026-07-01'));
    throws(LibSupport\DateException::class, fn() => $lg->setPrice(ACTOR, $rep, '2026-02-30', 1));
    throws(LibSupport\MoneyException::class, fn() => $lg->setPrice(ACTOR, $rep, '2026-03-01', -1));
    throws(LibSupport\InvalidArgumentException::class, fn() => $lg->addCustomer(ACTOR, '', 'empty code'));
    throws(LibSupport\InvalidArgumentException::class, fn() => $lg->addCustomer(ACTOR, 'C-Z', "bad \xff utf-8"));
    throws(LibSupport\ConflictException::class, fn() => $lg->addCustomer(ACTOR, 'C-A', 'duplicate'));
    throws(ValueError::class, fn() => $lg->addCustomer(ACTOR, 'C-Z', "NUL\0inside"));
    throws(TypeError::class, fn() => $lg->addCustomer(ACTOR, 'C-Z', ['array']));
    same($before, count($lg->listAudit()->fetchAll()));
});

test('a closed ledger, and cursors outliving it', function () {
    $lg = new Ledger(lt_memory_target(), true);
    fill($lg);
    $cursor = $lg->listCustomers();
    $lg->close();
    $lg->close();
    same(2, count($cursor->fetchAll()));
    $e = throws(LibSupport\StateException::class, fn() => $lg->listProducts());
    check($e && str_contains($e->getMessage(), 'closed'));
    same(null, $cursor->fetch());
    $cursor = null;
    $c2 = (new Ledger(lt_memory_target(), true))->listCustomers(); // the Ledger object is gone at once
    same([], iterator_to_array($c2));
    throws(LibSupport\StateException::class, function () {
        $lg = new Ledger(lt_memory_target(), true);
        fill($lg);
        $c = $lg->listCustomers();
        foreach ($c as $row) {
        }
        foreach ($c as $row) {
        }
    }, 'a consumed cursor is not rewound silently');
});

test('notices rendered by the ledger agree with its quote, reminders, a product\'s releases', function () {
    $lg = new Ledger(lt_memory_target(), true);
    [$rep, $sub, $a, $b, $la, $lb, $lsub] = fill($lg);
    // la: support through 2026-07-15, window through 2026-08-15; a 40% standard rate from 2026-12-01
    $lg->addPolicy(ACTOR, '2026-12-01', Policy::parse("standard_rate_bp = 4000\n"));
    $q = $lg->quoteRenewal($la, '2026-11-20');
    same([QuoteKind::STANDARD, 404600, '2026-11-30'], [$q->kind(), $q->fee(), $q->validThrough()]);
    $text = $lg->renderNotice($la, '2026-11-20', new Notice());
    check(str_contains($text, 'Эта стоимость действует до 30.11.2026 включительно (осталось 10 дней).'), $text);
    check(str_contains($text, 'Здравствуйте, ООО "Ромашка"!'), 'the ledger\'s customer name by default');
    $alone = (new Notice())->render($lg->getLicense($la), $lg->getProduct($rep), '2026-11-20',
                                    $lg->getPolicy('2026-11-20'));
    check(str_contains($alone, 'без ограничения срока'), 'one policy alone: no end date');
    $n = new Notice(Lang::EN, NoticeFormat::TEXT, NoticeKind::STATUS, null, 'Anna');
    check(str_contains($lg->renderNotice($la, '2026-07-10', $n), 'Hello, Anna!'));
    throws(LibSupport\StateException::class,
           fn() => $lg->renderNotice($la, '2026-07-10', new Notice(Lang::RU, NoticeFormat::TEXT,
                                                                    NoticeKind::SUPPORT_ENDS_TODAY)));
    throws(LibSupport\NotFoundException::class, fn() => $lg->renderNotice(999, '2026-07-10', new Notice()));

    $rows = $lg->listReminders('2026-07-01')->fetchAll();
    same(1, count($rows));
    $r = $rows[0];
    same([$la, $a, 'C-A', 'REP1', NoticeKind::SUPPORT_ENDING, 14, '2026-07-15', '2026-08-15', State::ACTIVE],
         [$r['license'], $r['customer'], $r['customer_code'], $r['product_code'], $r['notice'], $r['days_left'],
          $r['support_until'], $r['preferential_until'], $r['state']]);
    $text = $lg->renderNotice($r['license'], '2026-07-01', new Notice(Lang::RU, NoticeFormat::TEXT, $r['notice']));
    check(str_contains($text, 'Через 14 дней, 15.07.2026, заканчивается техническая поддержка'), $text);
    $wide = Schedule::parse("reminder = support_end 58\nreminder = support_end 14\n");
    same([[$a, $la, 14], [$b, $lb, 58]],
         array_map(fn($x) => [$x['customer'], $x['license'], $x['days_left']],
                   $lg->listReminders('2026-07-01', $wide)->fetchAll()));
    same([], $lg->listReminders('2026-07-01', Schedule::parse("reminder = none\n"))->fetchAll());
    throws(LibSupport\DateException::class, fn() => $lg->listReminders('2026-13-01'));

    same([['1.1', '2026-06-01', null], ['2.0', '2026-09-10', 'совместимость с новой конфигурацией 1С']],
         array_map(fn($x) => [$x['version'], $x['released'], $x['note']],
                   $lg->listProductReleases($rep)->fetchAll()));
    same(['release', 'product', 'version', 'released', 'note'],
         array_keys($lg->listProductReleases($rep)->fetchAll()[0]));
    same([], $lg->listProductReleases($sub)->fetchAll());
    throws(LibSupport\NotFoundException::class, fn() => $lg->listProductReleases(999));
});

finish();
