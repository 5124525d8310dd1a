<?php
/*
 * The portal's calls from PHP (libsupport/portal.h through the binding): the
 * configuration file, tokens and CSRF, license keys, the update check's JSON,
 * download decisions and their record, sign-in requests and their limits, the
 * portal's words; every wrapped object freed exactly once. Runs on both engines
 * (php.test_portal, pg.php.test_portal).
 */
require __DIR__ . '/harness.php';
require __DIR__ . '/ledger_targets.php';

use LibSupport\{Ledger, LicenseKind, Lang, PortalPhrase, SigninOutcome, SigninResult, DownloadVerdict, Term,
                LabelSet};

const ACTOR = 'test_portal.php';
const T0 = 1790000000000;
const CONFIG = "[ledger]\ntarget = /var/lib/libsupport/ledger.db\n[portal]\nbase_url = https://portal.example.ru\n"
    . "releases_dir = /srv/libsupport/releases\n[signin]\nper_address = 2\n[mail]\ntransport = outbox\n"
    . "outbox_dir = /tmp\nfrom = portal@example.ru\nfrom_name = Поддержка\n";

$dir = lt_temp_dir();
$start = live();

function portal_ledger(): array
{
    $lg = new Ledger(lt_new_target('portal.db'), true);
    $p = $lg->addProduct(ACTOR, 'REP', 'Отчёт', LicenseKind::PERPETUAL, 6);
    $lg->setPrice(ACTOR, $p, '2020-01-01', 799000);
    $c = $lg->addCustomer(ACTOR, 'ACME', 'ООО «Акме»');
    $lic = $lg->sell(ACTOR, $c, $p, '2026-01-15', 799000);
    $r1 = $lg->addReleaseFile(ACTOR, $p, '3.0', '2026-03-01', 'rep-3.0.zip', 1000, str_repeat('a', 64));
    $r2 = $lg->addReleaseFile(ACTOR, $p, '3.1', '2026-09-01', 'rep-3.1.zip', 2000, str_repeat('b', 64), 'заметка');
    return [$lg, $p, $c, $lic, $r1, $r2];
}

test('the configuration is read and checked by the library', function () {
    $c = LibSupport\portal_config_parse(CONFIG);
    same('https://portal.example.ru', $c->text('portal', 'base_url'));
    same('Europe/Moscow', $c->text('portal', 'time_zone'));
    same('portal.example.ru', $c->text('mail', 'message_id_domain'));
    same('', $c->text('portal', 'accel_prefix'));
    same(null, $c->text('portal', 'nothing'));
    same(2, $c->number('signin', 'per_address'));
    same(30, $c->number('signin', 'link_minutes'));
    same(0, $c->number('portal', 'demo'));
    same(10, $c->number('api', 'answer_floor_ms'));
    same(-1, $c->number('portal', 'base_url'));
    $e = throws(LibSupport\ParseException::class, fn() => LibSupport\portal_config_parse(
        str_replace('base_url = https://portal.example.ru', 'base_url = https://portal.example.ru/path', CONFIG)));
    check($e !== null && str_contains($e->getMessage(), 'settings:4: [portal] base_url must be the portal\'s origin'));
    $e = throws(LibSupport\ParseException::class, fn() => LibSupport\portal_config_parse(CONFIG . "[api]\nfloor = 3\n"));
    check($e !== null && str_contains($e->getMessage(), 'unknown key [api] floor'));
    $e = throws(LibSupport\ParseException::class, fn() => LibSupport\portal_config_parse(
        str_replace("target = /var/lib/libsupport/ledger.db\n", '', CONFIG)));
    check($e !== null && str_contains($e->getMessage(), '[ledger] target is not set'));
    throws(LibSupport\RangeException::class, fn() => LibSupport\portal_config_parse(CONFIG . "[api]\nanswer_floor_ms = 5000\n"));
    throws(LibSupport\NotFoundException::class, fn() => new LibSupport\PortalConfig('/nonexistent/portal.ini'));
    /* the invoice's PDF: no browser by default; with one, a directory to keep the PDFs in */
    same('', $c->text('invoice', 'chromium'));
    same(30, $c->number('invoice', 'pdf_seconds'));
    $pdf = LibSupport\portal_config_parse(CONFIG . "[invoice]\nchromium = /usr/bin/chromium\npdf_dir = /var/lib/p\n");
    same('/usr/bin/chromium', $pdf->text('invoice', 'chromium'));
    same('/var/lib/p', $pdf->text('invoice', 'pdf_dir'));
    $e = throws(LibSupport\ParseException::class, fn() => LibSupport\portal_config_parse(CONFIG . "[invoice]\nchromium = /usr/bin/chromium\n"));
    check($e !== null && str_contains($e->getMessage(), '[invoice] pdf_dir must be set when chromium is'));
    $e = throws(LibSupport\ParseException::class, fn() => LibSupport\portal_config_parse(CONFIG . "[invoice]\nchromium = chromium\npdf_dir = /p\n"));
    check($e !== null && str_contains($e->getMessage(), 'settings:14: [invoice] chromium must be an absolute path'));
    $e = throws(LibSupport\ParseException::class, fn() => LibSupport\portal_config_parse(CONFIG . "[invoice]\npdf_dir = pdf\n"));
    check($e !== null && str_contains($e->getMessage(), '[invoice] pdf_dir must be an absolute path'));
    throws(LibSupport\RangeException::class, fn() => LibSupport\portal_config_parse(CONFIG . "[invoice]\npdf_seconds = 1\n"));
});

test('tokens and CSRF tokens', function () {
    $a = LibSupport\portal_new_token();
    $b = LibSupport\portal_new_token();
    check(preg_match('/\A[A-Za-z0-9_-]{43}\z/', $a) === 1);
    check($a !== $b);
    $ta = LibSupport\portal_csrf_token($a);
    same($ta, LibSupport\portal_csrf_token($a), 'the same secret, the same token');
    check($ta !== LibSupport\portal_csrf_token($b));
    check(LibSupport\portal_csrf_check($a, $ta));
    check(!LibSupport\portal_csrf_check($b, $ta));
    check(!LibSupport\portal_csrf_check($a, ''));
    check(!LibSupport\portal_csrf_check($a, substr($ta, 0, 42) . ($ta[42] === 'A' ? 'B' : 'A')));
    throws(LibSupport\InvalidArgumentException::class, fn() => LibSupport\portal_csrf_token('short'));
});

test('keys are issued once, found in any spelling, replaced at once', function () {
    [$lg, $p, $c, $lic] = portal_ledger();
    same(['has_key' => false, 'issued_at' => 0, 'hint' => null], $lg->licenseKeyInfo($lic));
    $k = $lg->ensureLicenseKey(ACTOR, $lic);
    check(preg_match('/\A([0-9A-HJKMNP-TV-Z]{5}-){4}[0-9A-HJKMNP-TV-Z]{5}\z/', $k) === 1, $k);
    same(null, $lg->ensureLicenseKey(ACTOR, $lic));
    same($lic, $lg->findLicenseByKey(strtolower(str_replace('-', '', $k))));
    $info = $lg->licenseKeyInfo($lic);
    same(true, $info['has_key']);
    same(substr($k, -5), $info['hint']);
    check($info['issued_at'] > 1700000000000, 'the binding gives the wall-clock time');
    $k2 = $lg->issueLicenseKey(ACTOR, $lic);
    $e = throws(LibSupport\NotFoundException::class, fn() => $lg->findLicenseByKey($k));
    check($e !== null && $e->getMessage() === 'no license has this key');
    same($lic, $lg->findLicenseByKey($k2));
    throws(LibSupport\NotFoundException::class, fn() => $lg->issueLicenseKey(ACTOR, 999));
    $lg->close();
});

test('the update check answers in the API\'s JSON', function () {
    [$lg, $p, $c, $lic, $r1, $r2] = portal_ledger();
    $k = $lg->issueLicenseKey(ACTOR, $lic);
    $u = $lg->updateCheck($k, '3.0', '2026-10-01');
    same($lic, $u->license());
    same(true, $u->versionKnown());
    same(false, $u->available());
    same(1, $u->needsRenewalCount());
    same($r1, $u->latestRelease());
    same('3.0', $u->latestVersion());
    $d = json_decode($u->json('https://portal.example.ru', Lang::RU), true, 16, JSON_THROW_ON_ERROR);
    same('lapsed', $d['status']['state']);
    same([['release' => $r2, 'version' => '3.1', 'released' => '2026-09-01']], $d['needs_renewal']);
    same('https://portal.example.ru/download/' . $r1, $d['latest']['file']['url']);
    same(359600, $d['offer']['fee']);
    throws(LibSupport\NotFoundException::class, fn() => $lg->updateCheck('AAAAA-AAAAA-AAAAA-AAAAA-AAAAA', '3.0', '2026-10-01'));
    throws(LibSupport\InvalidArgumentException::class, fn() => $lg->updateCheck($k, "3.0\x01", '2026-10-01'));
    throws(LibSupport\InvalidArgumentException::class, fn() => $u->json('ftp://x'));
    $lg->close();
});

test('downloads are decided by the library and recorded only when allowed', function () {
    [$lg, $p, $c, $lic, $r1, $r2] = portal_ledger();
    $d = $lg->downloadDecideForLicense($lic, $r1, '2026-10-01');
    same(DownloadVerdict::ALLOWED, $d->verdict());
    same('allowed', $d->verdictName());
    same(['rep-3.0.zip', 1000, str_repeat('a', 64), '2026-07-15'],
         [$d->fileName(), $d->fileSize(), $d->fileSha256(), $d->supportUntil()]);
    $id = $lg->recordDownload('portal', $lic, $r1, '2026-10-01');
    check($id > 0);
    $rows = $lg->listLicenseDownloads($lic)->fetchAll();
    same(1, count($rows));
    same(['download' => $id, 'license' => $lic, 'release' => $r1, 'version' => '3.0', 'on' => '2026-10-01'],
         array_intersect_key($rows[0], array_flip(['download', 'license', 'release', 'version', 'on'])));
    $d = $lg->downloadDecideForLicense($lic, $r2, '2026-10-01');
    same(DownloadVerdict::NEEDS_RENEWAL, $d->verdict());
    same('Версия 3.1 вышла 01.09.2026, после окончания поддержки (15.07.2026): чтобы скачать её, продлите поддержку.',
         LibSupport\render_download_verdict($d, Lang::RU));
    throws(LibSupport\StateException::class, fn() => $lg->recordDownload('portal', $lic, $r2, '2026-10-01'));
    $e = throws(LibSupport\NotFoundException::class, fn() => $lg->downloadDecideForLicense($lic, 4242, '2026-10-01'));
    check($e !== null && $e->getMessage() === 'release 4242 is not available');
    throws(LibSupport\InvalidArgumentException::class, fn() => LibSupport\render_download_verdict(
        $lg->downloadDecideForLicense($lic, $r1, '2026-10-01')));
    $rows = $lg->listReleases($lic, '2026-10-01')->fetchAll();
    same(['rep-3.0.zip', 1000, str_repeat('a', 64)], [$rows[0]['file_name'], $rows[0]['file_size'],
                                                       $rows[0]['file_sha256']]);
    $lg->close();
});

test('sign-in requests: limits, and nothing to send to a stranger', function () {
    [$lg] = portal_ledger();
    $cfg = LibSupport\portal_config_parse(CONFIG);
    $browser = LibSupport\portal_new_token();
    $s = $lg->signinRequest($cfg, 'nobody@example.ru', '192.0.2.1', $browser, T0);
    same(SigninOutcome::NO_CUSTOMER, $s->outcome());
    same('no_customer', $s->outcomeName());
    same([null, null, 30], [$s->token(), $s->code(), $s->linkMinutes()]);
    throws(LibSupport\StateException::class, fn() => $s->mail($cfg, 1790000000));
    $lg->signinRequest($cfg, 'nobody@example.ru', '192.0.2.1', $browser, T0 + 1);
    $s = $lg->signinRequest($cfg, 'nobody@example.ru', '192.0.2.1', $browser, T0 + 2);
    same(SigninOutcome::LIMIT_ADDRESS, $s->outcome()); // per_address = 2 in this configuration
    same(T0 + 3600000, $s->until());
    throws(LibSupport\ParseException::class, fn() => $lg->signinRequest($cfg, 'not an address', 'c', $browser, T0));
    throws(LibSupport\InvalidArgumentException::class, fn() => $lg->signinRequest($cfg, 'a@example.ru', 'c', 'x', T0));
    $a = $lg->signinLink($cfg, $browser, T0);
    same(SigninResult::UNKNOWN, $a->result());
    same('unknown', $a->resultName());
    same(null, $a->session());
    $a = $lg->signinCode(null, $browser, '123456', T0);
    same(SigninResult::UNKNOWN, $a->result());
    throws(LibSupport\NotFoundException::class, fn() => $lg->sessionOpen($browser, T0));
    $lg->sessionEnd($browser, T0);
    $lg->close();
});

test('the portal\'s words are the library\'s', function () {
    same('Слишком много запросов входа. Повторите через 1 минуту.', LibSupport\render_portal(PortalPhrase::SIGNIN_LIMITED, 1));
    same('Слишком много запросов входа. Повторите через 3 минуты.', LibSupport\render_portal(PortalPhrase::SIGNIN_LIMITED, 3));
    same('Слишком много запросов входа. Повторите через 11 минут.', LibSupport\render_portal(PortalPhrase::SIGNIN_LIMITED, 11));
    same('Слишком много запросов входа. Повторите через 21 минуту.', LibSupport\render_portal(PortalPhrase::SIGNIN_LIMITED, 21));
    same('Too many sign-in requests. Try again in 1 minute.', LibSupport\render_portal(PortalPhrase::SIGNIN_LIMITED, 1, Lang::EN));
    same('Код не подходит. Осталось попыток: 4.', LibSupport\render_portal(PortalPhrase::CODE_WRONG, 4));
    check(str_contains(LibSupport\render_portal(PortalPhrase::DEMO, 20261126), 'дата зафиксирована — 26.11.2026'));
    throws(LibSupport\RangeException::class, fn() => LibSupport\render_portal(PortalPhrase::CODE_WRONG, 0));
    throws(LibSupport\InvalidArgumentException::class, fn() => LibSupport\render_portal(99));
    same('Ключ лицензии', LibSupport\label(LabelSet::TERM, Term::LICENSE_KEY, Lang::RU));
    same('Продлить', LibSupport\label(LabelSet::RENEW_ACTION, LicenseKind::PERPETUAL, Lang::RU));
    same('Оплатить подписку', LibSupport\label(LabelSet::RENEW_ACTION, LicenseKind::SUBSCRIPTION_MONTHLY, Lang::RU));
});

test('sha256_file', function () use ($dir) {
    $f = "$dir/file.bin";
    file_put_contents($f, 'abc');
    same(['size' => 3, 'sha256' => 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'],
         LibSupport\sha256_file($f));
    throws(LibSupport\NotFoundException::class, fn() => LibSupport\sha256_file("$dir/none"));
    throws(LibSupport\IOException::class, fn() => LibSupport\sha256_file($dir));
});

test('every wrapped object is freed', function () use ($start) {
    same($start, live());
});

finish();
