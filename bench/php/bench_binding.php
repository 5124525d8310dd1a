<?php
/*
 * Per-call cost of quote and status through the PHP extension, against the
 * same rule written directly in PHP.
 *
 *   php -n -d extension=<build>/bindings/php/php_libsupport.so bench/php/bench_binding.php [calls] [runs] [--json]
 *
 * The plain-PHP rule below exists ONLY here, as the baseline a PHP programmer
 * would otherwise write; it is checked to give the extension's answers on
 * every date before anything is timed. Figures are medians over the runs, in
 * ns per call; ratios > 1 mean the extension is faster.
 */
declare(strict_types=1);

use LibSupport\{License, LicenseKind, Product};

// ---------------------------------------------------------------------------
// The baseline: the renewal rule as a PHP programmer would write it ('Y-m-d' strings).
// ---------------------------------------------------------------------------
const PLAIN_DATE_MAX = '9999-12-31';

function plain_days_in_month(int $y, int $m): int
{
    if ($m === 2) {
        return ($y % 4 === 0 && $y % 100 !== 0) || $y % 400 === 0 ? 29 : 28;
    }
    return in_array($m, [4, 6, 9, 11], true) ? 30 : 31;
}

function plain_add_months(string $date, int $n): string
{
    $y = (int)substr($date, 0, 4);
    $m = (int)substr($date, 5, 2);
    $d = (int)substr($date, 8, 2);
    $m0 = $m - 1 + $n;
    $y += intdiv($m0 - ($m0 < 0 ? 11 : 0), 12);
    $m = ($m0 % 12 + 12) % 12 + 1;
    return sprintf('%04d-%02d-%02d', $y, $m, min($d, plain_days_in_month($y, $m)));
}

function plain_fee(int $price, int $rateBp, int $unit = 100): int
{
    $den = 10000 * $unit;
    $num = $price * $rateBp;
    $q = intdiv($num, $den);
    if (2 * ($num - $q * $den) >= $den) {
        $q++;
    }
    return $q * $unit;
}

/** [kind, fee, new support_until, valid_through] */
function plain_quote(string $purchased, string $until, int $price, string $on): array
{
    if ($on < $purchased) {
        throw new RuntimeException('not owned');
    }
    $windowEnd = plain_add_months($until, 1);
    if ($on <= $windowEnd) {
        return ['preferential', plain_fee($price, 2500), plain_add_months($until, 12), $windowEnd];
    }
    return ['standard', plain_fee($price, 4500), plain_add_months($on, 12), PLAIN_DATE_MAX];
}

/** [state, support_until, preferential_until, consultations] */
function plain_status(string $purchased, string $until, string $on): array
{
    if ($on < $purchased) {
        return ['not_owned', null, null, false];
    }
    $pref = plain_add_months($until, 1);
    $covered = $on <= $until;
    return [$covered ? 'active' : ($on <= $pref ? 'grace' : 'lapsed'), $until, $pref, $covered];
}

// ---------------------------------------------------------------------------

function median_ns(callable $fn, array $argsList, int $runs): float
{
    foreach ($argsList as $a) { // one untimed pass
        $fn(...$a);
    }
    $per = [];
    for ($r = 0; $r < $runs; $r++) {
        $t0 = hrtime(true);
        foreach ($argsList as $a) {
            $fn(...$a);
        }
        $per[] = (hrtime(true) - $t0) / count($argsList);
    }
    sort($per);
    return $per[intdiv(count($per), 2)];
}

$pos = array_values(array_filter(array_slice($argv, 1), fn($a) => $a !== '--json'));
$calls = (int)($pos[0] ?? 100000);
$runs = (int)($pos[1] ?? 7);
$json = in_array('--json', $argv, true);

$purchased = '2026-01-15';
$price = 799000;
$product = new Product(LicenseKind::PERPETUAL, 6);
$product->setPrice('2020-01-01', $price);
$lic = new License($product, $purchased);
$until = $lic->latestUntil();
$span = 730;
$start = new DateTimeImmutable($purchased);
$dates = [];
for ($i = 0; $i < $calls; $i++) {
    $dates[] = $start->modify('+' . ($i % $span) . ' days')->format('Y-m-d');
}
$objects = array_map(fn($d) => new DateTimeImmutable($d), array_slice($dates, 0, $span));

// The baseline must give the extension's answers before it is timed.
foreach (array_slice($dates, 0, $span) as $d) {
    $q = $lic->quote($product, $d);
    $mine = plain_quote($purchased, $until, $price, $d);
    if ($mine !== [$q->kindName(), $q->fee(), $q->newSupportUntil(), $q->validThrough()]) {
        fwrite(STDERR, "baseline quote differs on $d\n");
        exit(1);
    }
    $s = $lic->status($d);
    if (plain_status($purchased, $until, $d) !== [$s->stateName(), $s->supportUntil(), $s->preferentialUntil(),
                                                  $s->canConsult()]) {
        fwrite(STDERR, "baseline status differs on $d\n");
        exit(1);
    }
}

$one = array_map(fn($d) => [$d], $dates);
$objArgs = array_map(fn($i) => [$objects[$i % $span]], range(0, $calls - 1));
$feeArgs = array_map(fn($i) => [799000 + $i, 2500], range(0, $calls - 1));
$cases = [
    'quote  extension (Y-m-d)' => [fn($d) => $lic->quote($product, $d)->fee(), $one],
    'quote  extension (DateTimeImmutable)' => [fn($d) => $lic->quote($product, $d)->fee(), $objArgs],
    'quote  plain PHP (Y-m-d)' => [fn($d) => plain_quote($purchased, $until, $price, $d)[1], $one],
    'status extension (Y-m-d)' => [fn($d) => $lic->status($d)->state(), $one],
    'status plain PHP (Y-m-d)' => [fn($d) => plain_status($purchased, $until, $d)[0], $one],
    'fee    extension' => [fn($p, $r) => LibSupport\fee($p, $r), $feeArgs],
    'fee    plain PHP' => [fn($p, $r) => plain_fee($p, $r), $feeArgs],
    'call   extension (version_number())' => [fn() => LibSupport\version_number(), array_fill(0, $calls, [])],
    'call   PHP no-op closure' => [fn() => null, array_fill(0, $calls, [])],
];
$results = [];
foreach ($cases as $name => [$fn, $args]) {
    $results[$name] = median_ns($fn, $args, $runs);
}

// Reports: many licenses on one date, per call vs one batch call (batch.h).
$nLic = min($calls, 10000);
$many = [];
$facts = [];
for ($i = 0; $i < $nLic; $i++) {
    $l = new License($product, $start->modify('+' . ($i % 365) . ' days')->format('Y-m-d'));
    $many[] = $l;
    $facts[] = [$l->purchased(), $l->latestUntil()];
}
$on = '2027-01-15';
$reports = [
    'quote  extension per call (report)' => function () use ($many, $product, $on) {
        $out = [];
        foreach ($many as $l) {
            $out[] = $l->quote($product, $on)->fee();
        }
        return $out;
    },
    'quote  extension batch quote_many' => fn() => LibSupport\quote_many($many, $product, $on)['fee'],
    'quote  plain PHP (report)' => function () use ($facts, $price, $on) {
        $out = [];
        foreach ($facts as [$p, $u]) {
            $out[] = plain_quote($p, $u, $price, $on)[1];
        }
        return $out;
    },
    'status extension per call (report)' => function () use ($many, $on) {
        $out = [];
        foreach ($many as $l) {
            $out[] = $l->status($on)->state();
        }
        return $out;
    },
    'status extension batch status_many' => fn() => LibSupport\status_many($many, $on)['state'],
    'status plain PHP (report)' => function () use ($facts, $on) {
        $out = [];
        foreach ($facts as [$p, $u]) {
            $out[] = plain_status($p, $u, $on)[0];
        }
        return $out;
    },
];
if ($reports['quote  extension batch quote_many']() !== $reports['quote  plain PHP (report)']()) {
    fwrite(STDERR, "baseline report differs\n");
    exit(1);
}
foreach ($reports as $name => $fn) {
    $results[$name] = median_ns($fn, [[]], $runs) / $nLic;
}

printf("PHP %s, libsupport %s, %s\n", PHP_VERSION, LibSupport\version(), php_uname('m'));
printf("%d calls x %d runs, medians in ns per call (report rows: per license, %d licenses)\n\n", $calls, $runs, $nLic);
foreach ($results as $name => $ns) {
    printf("  %-38s %9.1f ns\n", $name, $ns);
}
echo "\n";
$ratios = [
    'quote (Y-m-d)' => $results['quote  plain PHP (Y-m-d)'] / $results['quote  extension (Y-m-d)'],
    'status (Y-m-d)' => $results['status plain PHP (Y-m-d)'] / $results['status extension (Y-m-d)'],
    'fee' => $results['fee    plain PHP'] / $results['fee    extension'],
    'quote report: per call / batch' => $results['quote  extension per call (report)'] / $results['quote  extension batch quote_many'],
    'quote report: plain PHP / batch' => $results['quote  plain PHP (report)'] / $results['quote  extension batch quote_many'],
    'status report: per call / batch' => $results['status extension per call (report)'] / $results['status extension batch status_many'],
    'status report: plain PHP / batch' => $results['status plain PHP (report)'] / $results['status extension batch status_many'],
];
foreach ($ratios as $name => $r) {
    printf("  %-34s %.2fx\n", $name, $r);
}
if ($json) {
    echo json_encode(['php' => PHP_VERSION, 'results_ns' => array_map(fn($v) => round($v, 1), $results),
                      'ratios' => array_map(fn($v) => round($v, 2), $ratios)], JSON_PRETTY_PRINT), "\n";
}
