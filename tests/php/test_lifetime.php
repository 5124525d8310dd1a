<?php
/*
 * Object lifetime in PHP: every wrapped C object is freed exactly once (the
 * binding's live-object counters return to where they started), and a long
 * create/free loop does not grow the process's resident memory (C mallocs are
 * invisible to memory_get_usage(), so RSS is read from /proc).
 */
require __DIR__ . '/harness.php';
require __DIR__ . '/ledger_targets.php';

use LibSupport\{License, LicenseKind, Policy, Product, Notice, Schedule, Ledger, MoneyStyle};

$loops = (int)(getenv('SUP_LIFETIME_LOOPS') ?: 100000);

function rss_kib(): int
{
    $f = explode(' ', file_get_contents('/proc/self/statm'));
    return intdiv((int)$f[1] * 4096, 1024);
}

function product(): Product
{
    $p = new Product(LicenseKind::PERPETUAL, 6);
    $p->setPrice('2026-01-01', 799000);
    return $p;
}

function one_cycle(Policy $policy): int
{
    $p = product();
    $lic = new License($p, '2026-01-15');
    $q = $lic->quote($p, '2026-07-20', $policy);
    $s = $lic->status('2026-08-16');
    $lic->renew($p, '2026-07-20', $q->fee());
    $lic->events();
    $p->prices();
    $lic->copy();
    $policy->copy();
    $policy->contacts();
    Policy::parse("standard_rate_bp = 4000\n")->toText();
    (new Notice())->render($lic, $p, '2026-07-10');
    $lic->offer($p, '2026-07-20', $policy)->quote();
    $lic->offer($p, '2026-01-01');
    (new Schedule())->entries();
    LibSupport\format_money($q->fee(), MoneyStyle::RU);
    LibSupport\status_many([$lic, $lic], '2026-08-16');
    LibSupport\quote_many([$lic], $p, '2026-01-01', null, false);
    try {
        LibSupport\quote_many([$lic], [$p], '2026-01-01');
    } catch (LibSupport\StateException $e) {
    }
    try {
        LibSupport\quote_many([$lic, $p], $p, '2026-08-01');
    } catch (TypeError $e) {
    }
    try {
        $lic->quote($p, '2026-02-30');
    } catch (LibSupport\DateException $e) {
    }
    try {
        $lic->renew($p, '2026-07-21', 1);
    } catch (LibSupport\PaymentMismatchException $e) {
    }
    return $s->state();
}

test('objects returned by objects outlive their maker', function () {
    if (lt_skip_no_target()) {
        return;
    }
    $base = live();
    $p = product();
    $lic = new License($p, '2026-01-15');
    $q = $lic->quote($p, '2026-07-20');
    $s = $lic->status('2026-07-20');
    unset($lic, $p);
    same(199800, $q->fee());
    same(LibSupport\State::GRACE, $s->state());
    same($base['Quote'] + 1, live()['Quote']);
    unset($q, $s);
    same($base, live());
});

test('every object is freed exactly once', function () {
    if (lt_skip_no_target()) {
        return;
    }
    $base = live();
    $policy = new Policy();
    for ($i = 0; $i < 100; $i++) {
        one_cycle($policy);
    }
    unset($policy);
    same($base, live());
});

test('ledger objects are freed', function () {
    $base = live();
    $lg = new Ledger(lt_memory_target(), true);
    $pid = $lg->addProduct('t', 'P', 'p', LicenseKind::PERPETUAL, 6);
    $lg->setPrice('t', $pid, '2026-01-01', 799000);
    $cid = $lg->addCustomer('t', 'C', 'c');
    $lid = $lg->sell('t', $cid, $pid, '2026-01-15', 799000);
    for ($i = 0; $i < 200; $i++) {
        $lg->getProduct($pid);
        $lg->getLicense($lid);
        $lg->getPolicy('2026-01-01');
        $lg->licenseStatus($lid, '2026-05-01');
        $lg->quoteRenewal($lid, '2026-07-01');
        $lg->offer($lid, '2026-07-01')->quote();
        $lg->offer($lid, '2025-07-01');
        iterator_to_array($lg->listLicenses('2026-05-01'));
        $lg->listPayments('2026-01-01', '2026-12-31');
    }
    $kept = $lg->listCustomers();
    unset($lg);
    same(1, count($kept->fetchAll()));
    unset($kept);
    same($base, live());
});

test("create/free loop ($loops cycles) does not grow memory", function () use ($loops) {
    if (lt_skip_no_target()) {
        return;
    }
    if (getenv('SUP_MEMCHECK_TOOL')) {
        echo "     (skipped: RSS is meaningless under a memory checker)\n";
        return;
    }
    $policy = new Policy();
    for ($i = 0; $i < 2000; $i++) {
        one_cycle($policy);
    }
    gc_collect_cycles();
    $before = rss_kib();
    for ($i = 0; $i < $loops; $i++) {
        one_cycle($policy);
    }
    gc_collect_cycles();
    $grown = rss_kib() - $before;
    check($grown < 1536, "RSS grew by $grown KiB over $loops cycles");
});

// Fewer cycles on PostgreSQL (a round trip per call): a leak of 512 bytes a cycle still shows.
$ledger_loops = intdiv($loops, lt_on_pg() ? 50 : 20);
test("a ledger loop ($ledger_loops cycles) does not grow memory", function () use ($ledger_loops) {
    if (getenv('SUP_MEMCHECK_TOOL')) {
        echo "     (skipped: RSS is meaningless under a memory checker)\n";
        return;
    }
    $lg = new Ledger(lt_memory_target(), true);
    $pid = $lg->addProduct('t', 'P', 'p', LicenseKind::PERPETUAL, 6);
    $lg->setPrice('t', $pid, '2026-01-01', 799000);
    $cid = $lg->addCustomer('t', 'C', 'c');
    $lid = $lg->sell('t', $cid, $pid, '2026-01-15', 799000);
    $cycle = function () use ($lg, $lid) {
        $lg->licenseStatus($lid, '2026-05-01');
        $lg->quoteRenewal($lid, '2026-07-01');
        $lg->listLicenses('2026-05-01')->fetchAll();
    };
    for ($i = 0; $i < 1000; $i++) {
        $cycle();
    }
    gc_collect_cycles();
    $before = rss_kib();
    for ($i = 0; $i < $ledger_loops; $i++) {
        $cycle();
    }
    gc_collect_cycles();
    $grown = rss_kib() - $before;
    check($grown < 1024, "RSS grew by $grown KiB");
});

finish();
