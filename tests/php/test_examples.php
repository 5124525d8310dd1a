<?php
/*
 * The PHP example prints what it promises (run as a subprocess, like a user would).
 */
require __DIR__ . '/harness.php';

$examples = getenv('SUP_EXAMPLES') ?: dirname(__DIR__, 2) . '/examples/php';
$php = getenv('SUP_PHP') ?: PHP_BINARY;
$ext = getenv('SUP_PHP_EXTENSION');

function run_example(string $php, ?string $ext, array $args): array
{
    $cmd = array_merge([$php, '-n'], $ext ? ['-d', "extension=$ext"] : [], $args);
    $p = proc_open($cmd, [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes);
    $out = stream_get_contents($pipes[1]);
    $err = stream_get_contents($pipes[2]);
    return [proc_close($p), $out, $err];
}

test('customer_status: an active perpetual license', function () use ($php, $ext, $examples) {
    [$rc, $out, $err] = run_example($php, $ext, ["$examples/customer_status.php", '--demo', 'C001', '2026-07-10']);
    same(0, $rc, $err);
    check(str_contains($out, "Статус: поддержка активна\n  Поддержка до: 15.07.2026 включительно\n"), 'status');
    check(str_contains($out, '3.2   от 01.04.2026  Можно скачать'), 'downloadable release');
    check(!str_contains($out, '4.0 '), 'a release after the date is not listed');
    check(str_contains($out, "Предложение: Льготное продление поддержки, 2\u{a0}248 руб.; После оплаты поддержка до: "
                             . "15.07.2027 включительно; Цена действует: до 15.08.2026 включительно\n"), 'offer');
    check(str_contains($out, 'По телефону поддержка не осуществляется.'), 'notice text');
});

test('customer_status: a lapsed license needs a renewal for newer releases', function () use ($php, $ext, $examples) {
    [$rc, $out, $err] = run_example($php, $ext, ["$examples/customer_status.php", '--demo', 'C003', '2026-07-10', '--lang=en']);
    same(0, $rc, $err);
    check(str_contains($out, 'Status: support ended'), 'lapsed, in English');
    check(str_contains($out, '3.2   of 2026-04-01  Need a renewal'), 'needs renewal');
    check(str_contains($out, '3.1   of 2025-09-15  Can be downloaded'), 'released while covered: downloadable');
    check(str_contains($out, '3.0   of 2025-02-01  Can be downloaded'), 'old release stays downloadable');
    check(str_contains($out, "Offer: Standard support renewal, 4,046 RUB;"), 'standard offer at the new price');
    check(str_contains($out, 'Support is not provided by phone.'), 'English notice');
});

test('customer_status: a subscription is offered its payment, in the library\'s words', function () use ($php, $ext, $examples) {
    [$rc, $out, $err] = run_example($php, $ext, ["$examples/customer_status.php", '--demo', 'C004', '2026-07-10']);
    same(0, $rc, $err);
    check(str_contains($out, "Статус: подписка оплачена\n  Подписка оплачена до: 10.07.2026 включительно\n"), 'status');
    check(str_contains($out, "Предложение: Оплата подписки, 1\u{a0}500 руб.; После оплаты подписка до: 10.08.2026 "
                             . "включительно; Цена действует: без ограничения срока, пока не изменится цена подписки"),
          'payment offer');
});

test('customer_status: before its purchase a license is not listed', function () use ($php, $ext, $examples) {
    [$rc, $out, $err] = run_example($php, $ext, ["$examples/customer_status.php", '--demo', 'C002', '2026-01-10']);
    same(0, $rc, $err);
    check(str_contains($out, 'лицензий на эту дату нет'), $out);
});

test('customer_status: unknown customer is a clear error', function () use ($php, $ext, $examples) {
    [$rc, $out, $err] = run_example($php, $ext, ["$examples/customer_status.php", '--demo', 'C999']);
    same(1, $rc);
    same('', $out);
    check(str_contains($err, 'no customer code "C999"'), $err);
});

finish();
