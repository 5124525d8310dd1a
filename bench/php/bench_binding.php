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
 * ns per call, of the process's CPU time (getrusage: the time other processes
 * take on a shared machine is not counted); wall-clock medians are printed too.
 * Ratios > 1 mean the extension is faster. Lines starting with "BENCH " are
 * for bench/run.sh: BENCH <key> <median> <min> <max> <unit>.
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

/** CPU time of this process (user + system), in ns. */
function cpu_ns(): float
{
    $u = getrusage();
    return ($u['ru_utime.tv_sec'] + $u['ru_stime.tv_sec']) * 1e9
        + ($u['ru_utime.tv_usec'] + $u['ru_stime.tv_usec']) * 1e3;
}

function median(array $v): float
{
    sort($v);
    $n = count($v);
    return $n % 2 ? $v[intdiv($n, 2)] : ($v[$n / 2 - 1] + $v[$n / 2]) / 2;
}

/** ['cpu' => median CPU ns per call, 'runs' => each run's CPU ns per call, 'wall' => median wall ns per call] */
function measure(callable $fn, array $argsList, int $runs, int $per = 0): array
{
    foreach ($argsList as $a) { // one untimed pass
        $fn(...$a);
    }
    $per = $per ?: count($argsList);
    $cpu = $wall = [];
    for ($r = 0; $r < $runs; $r++) {
        $w0 = hrtime(true);
        $c0 = cpu_ns();
        foreach ($argsList as $a) {
            $fn(...$a);
        }
        $cpu[] = (cpu_ns() - $c0) / $per;
        $wall[] = (hrtime(true) - $w0) / $per;
    }
    return ['cpu' => median($cpu), 'runs' => $cpu, 'wall' => median($wall)];
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
$measured = [];
foreach ($cases as $name => [$fn, $args]) {
    $measured[$name] = measure($fn, $args, $runs);
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
    $measured[$name] = measure($fn, [[]], $runs, $nLic);
}
$results = array_map(fn($m) => $m['cpu'], $measured);

printf("PHP %s, libsupport %s, %s\n", PHP_VERSION, LibSupport\version(), php_uname('m'));
printf("%d calls x %d runs, medians in ns per call (report rows: per license, %d licenses)\n\n", $calls, $runs, $nLic);
printf("  %-38s %12s %12s %s\n", '', 'CPU time', 'wall clock', 'CPU time of each run');
foreach ($measured as $name => $m) {
    printf("  %-38s %9.1f ns %9.1f ns  %s\n", $name, $m['cpu'], $m['wall'],
           implode(' ', array_map(fn($x) => sprintf('%.0f', $x), $m['runs'])));
}
echo "\n";
// key => [label, slower, faster]: slower / faster, the ratio of the medians and the range from the runs' extremes
$pairs = [
    'quote_ymd_plain_over_extension' => ['quote (Y-m-d)', 'quote  plain PHP (Y-m-d)', 'quote  extension (Y-m-d)'],
    'status_ymd_plain_over_extension' => ['status (Y-m-d)', 'status plain PHP (Y-m-d)', 'status extension (Y-m-d)'],
    'fee_plain_over_extension' => ['fee', 'fee    plain PHP', 'fee    extension'],
    'quote_report_percall_over_batch' => ['quote report: per call / batch', 'quote  extension per call (report)',
                                          'quote  extension batch quote_many'],
    'quote_report_plain_over_batch' => ['quote report: plain PHP / batch', 'quote  plain PHP (report)',
                                        'quote  extension batch quote_many'],
    'status_report_percall_over_batch' => ['status report: per call / batch', 'status extension per call (report)',
                                           'status extension batch status_many'],
    'status_report_plain_over_batch' => ['status report: plain PHP / batch', 'status plain PHP (report)',
                                         'status extension batch status_many'],
];
$ratios = [];
$bench = [];
foreach ($pairs as $key => [$label, $slow, $fast]) {
    $s = $measured[$slow];
    $f = $measured[$fast];
    $ratios[$label] = $s['cpu'] / $f['cpu'];
    printf("  %-34s %.2fx\n", $label, $ratios[$label]);
    $bench[] = ["php.ratio.$key", $ratios[$label], min($s['runs']) / max($f['runs']), max($s['runs']) / min($f['runs']),
                'x'];
}
foreach ($measured as $name => $m) {
    $slug = trim(preg_replace('/[^a-z0-9]+/', '_', strtolower($name)), '_');
    $bench[] = ["php.{$slug}_ns", $m['cpu'], min($m['runs']), max($m['runs']), 'ns'];
}
echo "\n";
foreach ($bench as [$key, $med, $lo, $hi, $unit]) {
    printf("BENCH %s %.3f %.3f %.3f %s\n", $key, $med, $lo, $hi, $unit);
}
if ($json) {
    echo json_encode(['php' => PHP_VERSION, 'results_ns' => array_map(fn($v) => round($v, 1), $results),
                      'ratios' => array_map(fn($v) => round($v, 2), $ratios)], JSON_PRETTY_PRINT), "\n";
}
