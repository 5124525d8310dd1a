<?php
/*
 * The portal's pages. Each reads what it accepts from the request, asks the
 * library, and returns a page; who may see, download or change what is the
 * library's answer (a session's licenses, the download verdict, the update
 * check), and a license, release or invoice that is not the visitor's is the
 * same 404 as one that does not exist.
 */
declare(strict_types=1);

use LibSupport\{Lang, PortalPhrase, SigninOutcome, SigninResult, DownloadVerdict, Term};

/** The query parameters a page accepts (in demo mode also ?on=). */
function allow_query(string ...$names): void
{
    if (Portal::$demo)
        $names[] = 'on';
    Portal::$request->allowQuery(...$names);
}

function not_found_license(): HttpError
{
    return new HttpError(404, 'Лицензия не найдена', 'Такой лицензии нет или она не ваша.');
}

function not_found_release(): HttpError
{
    return new HttpError(404, 'Версия не найдена', 'Такой версии нет или она вам недоступна.');
}

/** The signed-in visitor's session, or the 404 of the page (nothing tells a stranger what exists). */
function require_session(HttpError $otherwise): LibSupport\Session
{
    $s = current_session();
    if ($s === null)
        throw $otherwise;
    return $s;
}

/** The license rows (as the license list gives them) of the session's customers today, by customer. */
function session_license_rows(LibSupport\Session $s): array
{
    $rows = [];
    for ($i = 0; $i < $s->customerCount(); $i++) {
        foreach (ledger()->listLicenses(Portal::$today, $s->customer($i)) as $row)
            $rows[] = $row;
    }
    return $rows;
}

function license_row(LibSupport\Session $s, int $id): array
{
    if (!$s->hasLicense($id))
        throw not_found_license();
    foreach (session_license_rows($s) as $row) {
        if ($row['license'] === $id)
            return $row;
    }
    throw not_found_license(); /* not owned today */
}

/** The key of a license the customer sees for the first time: issued now and shown once. */
function first_key(int $license): ?string
{
    if (ledger()->licenseKeyInfo($license)['has_key'])
        return null;
    return ledger()->ensureLicenseKey(session_actor(), $license);
}

function session_actor(): string
{
    return 'portal:session ' . (Portal::$session?->id() ?? 0);
}

/* ---- the home page: sign-in, or the customer's licenses --------------------------------------------------------- */

function page_home(): void
{
    allow_query();
    $s = current_session();
    if ($s === null) {
        send_html(200, frame('Вход', signin_page('', '')));
        return;
    }
    $rows = session_license_rows($s);
    $keys = [];
    foreach ($rows as $row) /* the keys of licenses seen for the first time: issued before the page is read */
        $keys[$row['license']] = first_key($row['license']);
    $main = in_snapshot(function () use ($rows, $keys): string {
        $main = '';
        $customer = null;
        foreach ($rows as $row) {
            if ($row['customer'] !== $customer) {
                $customer = $row['customer'];
                $main .= '<h1 class="customer" data-code="' . h($row['customer_code']) . '">'
                    . h($row['customer_name']) . ' <span class="customer-code">' . h($row['customer_code'])
                    . "</span></h1>\n";
            }
            $main .= license_card(ledger(), $row, true, $keys[$row['license']]);
        }
        if ($rows === [])
            $main .= '<p class="no-licenses">На ' . h(ru_date(Portal::$today)) . " у вас нет лицензий.</p>\n";
        return $main . contacts_block(ledger());
    });
    send_html(200, frame('Мои лицензии', $main));
}

function signin_page(string $address, string $message): string
{
    return "<section class=\"signin\">\n<h1>Вход в личный кабинет</h1>\n"
        . ($message === '' ? '' : '<p class="message">' . h($message) . "</p>\n")
        . '<p class="how">Мы пришлём на ваш адрес ссылку для входа и код — пароль не нужен.</p>' . "\n"
        . signin_form($address) . "</section>\n";
}

function page_signin_request(): void
{
    allow_query();
    check_csrf(false);
    $address = trim(Portal::$request->field('address') ?? '');
    $browser = Portal::$request->cookies[COOKIE_BROWSER];
    try {
        $req = ledger()->signinRequest(Portal::$config, $address, Portal::$request->client, $browser, Portal::$now_ms);
    } catch (LibSupport\InvalidInputException $e) {
        send_html(400, frame('Вход', signin_page($address, 'Адрес «' . shown($address)
                                                 . '» не похож на адрес электронной почты.')));
        return;
    }
    $outcome = $req->outcome();
    if ($outcome === SigninOutcome::LIMIT_ADDRESS || $outcome === SigninOutcome::LIMIT_CLIENT) {
        $minutes = max(1, (int)ceil(($req->until() - Portal::$now_ms) / 60000));
        $msg = phrase(PortalPhrase::SIGNIN_LIMITED, min($minutes, 1440));
        send_html(429, frame('Вход', signin_page($address, $msg)), ['Retry-After' => (string)($minutes * 60)]);
        return;
    }
    $demo_link = '';
    if ($outcome === SigninOutcome::SENT) {
        $link = rtrim(config_text('portal', 'base_url'), '/') . '/signin/' . $req->token();
        send_mail($req->address(), $req->mail(Portal::$config, intdiv(Portal::$now_ms, 1000), Portal::$utc_offset,
                                              Lang::RU));
        if (Portal::$demo)
            $demo_link = '<p class="demo-link">Демонстрационный режим: письмо не отправлено, вот ссылка из него — '
                . '<a href="' . h($link) . '">' . h($link) . '</a>, код <code>' . h($req->code()) . "</code>.</p>\n";
    }
    $main = "<section class=\"signin sent\">\n<h1>Проверьте почту</h1>\n"
        . '<p class="sent" data-outcome="sent">' . h(phrase(PortalPhrase::SIGNIN_SENT, $req->linkMinutes())) . "</p>\n"
        . $demo_link
        . '<p class="code-how">' . h(phrase(PortalPhrase::SIGNIN_CODE, $req->linkMinutes())) . "</p>\n"
        . code_form() . "</section>\n";
    send_html(200, frame('Проверьте почту', $main));
}

/** The words for a link or code that did not sign the visitor in. */
function signin_failure(LibSupport\SigninAnswer $a): array
{
    $minutes = config_number('signin', 'link_minutes');
    return match ($a->result()) {
        SigninResult::EXPIRED => [400, phrase(PortalPhrase::LINK_EXPIRED, $minutes)],
        SigninResult::USED => [400, phrase(PortalPhrase::LINK_USED)],
        SigninResult::WRONG_CODE => [400, phrase(PortalPhrase::CODE_WRONG, max(1, $a->attemptsLeft()))],
        SigninResult::SPENT => [400, phrase(PortalPhrase::CODE_SPENT)],
        SigninResult::NO_ACCOUNT => [403, phrase(PortalPhrase::NO_ACCOUNT)],
        default => [404, phrase(PortalPhrase::LINK_UNKNOWN)],
    };
}

function signed_in(LibSupport\SigninAnswer $a): bool
{
    if ($a->result() !== SigninResult::OK)
        return false;
    start_session($a->session());
    send_redirect(url('/'));
    return true;
}

/* GET /signin/TOKEN: a page with one button. The link is used only by the POST that button sends, so a mail
 * scanner that opens links does not spend it. */
function page_signin_link(string $token): void
{
    allow_query();
    $main = "<section class=\"signin confirm\">\n<h1>Вход в личный кабинет</h1>\n"
        . '<form class="confirm" method="post" action="' . h(url("/signin/$token")) . '">'
        . '<input type="hidden" name="csrf" value="' . h(csrf_token()) . '">'
        . '<button type="submit">Войти</button></form>' . "\n</section>\n";
    send_html(200, frame('Вход', $main));
}

function page_signin_link_post(string $token): void
{
    allow_query();
    check_csrf(false);
    $a = ledger()->signinLink(Portal::$config, $token, Portal::$now_ms);
    if (signed_in($a))
        return;
    [$status, $msg] = signin_failure($a);
    send_html($status, frame('Вход', signin_page('', $msg)));
}

function page_signin_code(): void
{
    allow_query();
    check_csrf(false);
    $code = trim(Portal::$request->field('code') ?? '');
    $a = ledger()->signinCode(Portal::$config, Portal::$request->cookies[COOKIE_BROWSER], $code, Portal::$now_ms);
    if (signed_in($a))
        return;
    [$status, $msg] = signin_failure($a);
    $main = $a->result() === SigninResult::WRONG_CODE
        ? "<section class=\"signin sent\">\n<h1>Проверьте почту</h1>\n<p class=\"message\">" . h($msg) . "</p>\n"
          . code_form() . "</section>\n"
        : signin_page('', $msg);
    send_html($status, frame('Вход', $main));
}

function page_signout(): void
{
    allow_query();
    $s = current_session();
    if ($s !== null) {
        check_csrf(true);
        ledger()->sessionEnd(Portal::$session_token, Portal::$now_ms);
        Portal::$session = null;
        Portal::$session_token = null;
    }
    set_cookie(session_cookie_name(), '', 0, Portal::$request->https);
    renew_browser_secret();
    send_html(200, frame('Выход', signin_page('', phrase(PortalPhrase::SESSION_ENDED))));
}

/* ---- one license, its key, its renewal --------------------------------------------------------------------------- */

function license_page(int $id, ?string $new_key): string
{
    $s = require_session(not_found_license());
    $row = license_row($s, $id);
    $new_key ??= first_key($id);
    return '<p class="back"><a href="' . h(url('/')) . '">' . h($row['customer_name']) . "</a></p>\n"
        . in_snapshot(fn(): string => license_card(ledger(), $row, false, $new_key) . contacts_block(ledger()));
}

function page_license(string $digits): void
{
    allow_query();
    $id = path_id($digits) ?? throw not_found_license();
    send_html(200, frame("Лицензия № $id", license_page($id, null)));
}

function page_license_key(string $digits): void
{
    allow_query();
    $id = path_id($digits) ?? throw not_found_license();
    $s = require_session(not_found_license());
    check_csrf(true);
    if (!$s->hasLicense($id))
        throw not_found_license();
    $key = ledger()->issueLicenseKey(session_actor(), $id);
    send_html(200, frame("Лицензия № $id", license_page($id, $key)));
}

/* "Продлить": the invoice of the license's offer today (the open one for the same offer, if the customer asked
 * before: the library gives it back instead of a second number), then the invoice's page. */
function page_renew(string $digits): void
{
    allow_query();
    $id = path_id($digits) ?? throw not_found_license();
    $s = require_session(not_found_license());
    check_csrf(true);
    $row = license_row($s, $id);
    try {
        $inv = ledger()->issueInvoice(session_actor(), $id, Portal::$today);
    } catch (LibSupport\RefusedException | LibSupport\NotFoundException $e) {
        /* no offer today (the library's reason is in the offer block), or no requisites to print */
        throw new HttpError(409, 'Счёт не выставлен', 'Счёт на продление сейчас выставить нельзя. '
            . 'Обратитесь к нам, мы поможем.', [], offer_block(ledger(), $id, (int)$row['kind'])
            . contacts_block(ledger()));
    }
    send_redirect(url('/invoice/' . $inv->number()));
}

function not_found_invoice(): HttpError
{
    return new HttpError(404, 'Счёт не найден', 'Такого счёта нет или он не ваш.');
}

/** The session's invoice by its number: another customer's is the same 404 as a missing one. */
function session_invoice(string $number): LibSupport\Invoice
{
    $s = require_session(not_found_invoice());
    try {
        $inv = ledger()->getInvoice($number);
    } catch (LibSupport\NotFoundException | LibSupport\InvalidInputException $e) {
        throw not_found_invoice();
    }
    if (!$s->hasLicense($inv->license()))
        throw not_found_invoice();
    return $inv;
}

/** The invoice's page: its state today in the library's words, what it is for, and the printable invoice. */
function page_invoice(string $number): void
{
    allow_query();
    $inv = session_invoice($number);
    $id = $inv->license();
    $n = h($inv->number());
    $main = '<p class="back"><a href="' . h(url("/license/$id")) . '">' . h(term(Term::LICENSE)) . " № $id</a></p>\n"
        . '<section class="invoice" data-invoice="' . $n . '" data-state="' . (int)$inv->stateOn(Portal::$today)
        . "\">\n<h1>Счёт на оплату № $n</h1>\n"
        . '<p class="invoice-state">' . h($inv->renderState(Portal::$today, Lang::RU)) . "</p>\n"
        . '<p class="purpose">' . h($inv->purpose()) . "</p>\n"
        . '<p class="print"><a href="' . h(url("/invoice/$n/print")) . '">Счёт для печати</a>'
        . (config_text('invoice', 'chromium') !== ''
            ? ' · <a class="pdf" href="' . h(url("/invoice/$n/pdf")) . '">Счёт в PDF</a>'
            : ' (в браузере: «Печать» → «Сохранить как PDF»)')
        . "</p>\n</section>\n";
    send_html(200, frame("Счёт № $n", $main));
}

/** The invoice itself, as the library lays it out for A4 (a complete document of its own). */
function page_invoice_print(string $number): void
{
    allow_query();
    $inv = session_invoice($number);
    $html = (string)$inv->renderHtml();
    send_html(200, $html, ['Content-Security-Policy' => invoice_csp($html)]);
}

/**
 * The printable invoice's own policy: the site's, with the document's one style sheet allowed by its hash (the
 * library's invoice is a complete document with its A4 style inline; the site's 'self' would drop it).
 */
function invoice_csp(string $html): string
{
    $style = preg_match('#<style>(.*?)</style>#s', $html, $m) === 1
        ? " 'sha256-" . base64_encode(hash('sha256', $m[1], true)) . "'" : '';
    return "default-src 'none'; style-src 'self'$style; img-src 'self'; form-action 'self'; base-uri 'none'; "
        . "frame-ancestors 'none'";
}

/**
 * The invoice as a PDF ([invoice] chromium set): the printable invoice printed by Chromium, once per document
 * (kept in pdf_dir under the number and the document's hash). Without a configured browser there is no such page.
 */
function page_invoice_pdf(string $number): void
{
    allow_query();
    $inv = session_invoice($number);
    if (config_text('invoice', 'chromium') === '')
        throw not_found_invoice();
    $path = invoice_pdf($number, (string)$inv->renderHtml());
    drop_output();
    header('Content-Type: application/pdf');
    header("Content-Disposition: inline; filename=\"invoice-$number.pdf\"");
    header('X-Content-Type-Options: nosniff');
    header('Cache-Control: private, no-store');
    header('Content-Length: ' . filesize($path));
    if (Portal::$request->method !== 'HEAD')
        readfile($path);
}

/** The PDF cannot be made now (the browser failed, or pdf_dir is not usable): the print page still works. */
function pdf_unavailable(): HttpError
{
    return new HttpError(503, 'PDF временно недоступен', 'Счёт в PDF сейчас не получается сделать. Откройте счёт для '
                         . 'печати и сохраните его как PDF в браузере.', ['Retry-After' => '60']);
}

/**
 * The PDF of an invoice's document, printed now or earlier: the path of the kept file. One print at a time on
 * this host (a lock in pdf_dir: a burst of requests starts no crowd of browsers), each in a fresh directory with
 * a throwaway profile, within pdf_seconds; the file is kept only when it is a PDF, under its final name by a
 * rename. A browser that fails or hangs is the operator's matter (logged) and the visitor's 503.
 */
function invoice_pdf(string $number, string $html): string
{
    $dir = rtrim(config_text('invoice', 'pdf_dir'), '/');
    $path = "$dir/$number-" . substr(hash('sha256', $html), 0, 32) . '.pdf';
    clearstatcache(true, $path);
    if (is_file($path))
        return $path;
    $lock = @fopen("$dir/.lock", 'c');
    if ($lock === false) {
        error_log("portal: invoice PDF: cannot open $dir/.lock (does pdf_dir exist, writable by the site's user?)");
        throw pdf_unavailable();
    }
    try {
        flock($lock, LOCK_EX);
        clearstatcache(true, $path);
        if (is_file($path)) /* printed by the request this one waited for */
            return $path;
        $work = "$dir/.print-" . bin2hex(random_bytes(8));
        if (!@mkdir($work, 0700)) {
            error_log("portal: invoice PDF: cannot make $work");
            throw pdf_unavailable();
        }
        try {
            $why = print_to_pdf(config_text('invoice', 'chromium'), $work, $html,
                                config_number('invoice', 'pdf_seconds'));
            if ($why !== null) {
                error_log("portal: invoice PDF of $number: $why");
                throw pdf_unavailable();
            }
            rename("$work/invoice.pdf", $path);
        } finally {
            remove_tree($work);
        }
    } finally {
        flock($lock, LOCK_UN);
        fclose($lock);
    }
    return $path;
}

/** Chromium's headless print of $html into $work/invoice.pdf: null, or what went wrong. */
function print_to_pdf(string $browser, string $work, string $html, int $seconds): ?string
{
    file_put_contents("$work/invoice.html", $html);
    $argv = [$browser, '--headless', '--no-sandbox', '--disable-gpu', '--disable-extensions', '--no-first-run',
             '--no-pdf-header-footer', "--user-data-dir=$work/profile",
             "--print-to-pdf=$work/invoice.pdf", "file://$work/invoice.html"];
    $env = ['HOME' => $work, 'TMPDIR' => $work, 'PATH' => '/usr/bin:/bin', 'LANG' => 'C.UTF-8'];
    /* no /dev/null: open_basedir keeps PHP inside the portal's directories */
    $io = [0 => ['pipe', 'r'], 1 => ['file', "$work/browser.log", 'w'], 2 => ['file', "$work/browser.log", 'a']];
    $p = @proc_open($argv, $io, $pipes, $work, $env);
    if (!is_resource($p))
        return "cannot run $browser: " . (error_get_last()['message'] ?? 'proc_open failed');
    fclose($pipes[0]);
    $deadline = microtime(true) + $seconds;
    while (($st = proc_get_status($p))['running'] && microtime(true) < $deadline)
        usleep(50_000);
    if ($st['running']) {
        proc_terminate($p, 9);
        proc_close($p);
        return "$browser did not finish within $seconds s";
    }
    proc_close($p);
    $code = $st['exitcode'];
    clearstatcache();
    $head = is_file("$work/invoice.pdf") ? (string)file_get_contents("$work/invoice.pdf", false, null, 0, 5) : '';
    if ($code !== 0 || $head !== '%PDF-') {
        $log = is_file("$work/browser.log") ? (string)file_get_contents("$work/browser.log", false, null, 0, 2000) : '';
        return "$browser exited with status $code" . ($head === '' ? ' and printed nothing' : ' and printed no PDF')
            . ($log !== '' ? ': ' . preg_replace('/\s+/', ' ', $log) : '');
    }
    return null;
}

/** Remove a directory the portal made, with everything in it (not following links). */
function remove_tree(string $path): void
{
    if (is_link($path) || is_file($path)) {
        @unlink($path);
        return;
    }
    if (!is_dir($path))
        return;
    foreach ((array)@scandir($path) as $name) {
        if ($name !== '.' && $name !== '..')
            remove_tree("$path/$name");
    }
    @rmdir($path);
}

/* ---- downloads ----------------------------------------------------------------------------------------------------- */

/** The license key a program downloading by itself presents (X-License-Key, or ?key= as in the update API). */
function presented_key(): ?string
{
    $k = (string)($_SERVER['HTTP_X_LICENSE_KEY'] ?? '');
    if ($k === '')
        $k = Portal::$request->query['key'] ?? '';
    return $k === '' ? null : $k;
}

function page_download(string $digits): void
{
    allow_query('key');
    $release = path_id($digits) ?? throw not_found_release();
    $key = presented_key();
    try {
        if ($key !== null) {
            $license = ledger()->findLicenseByKey($key);
            $d = ledger()->downloadDecideForLicense($license, $release, Portal::$today);
        } else {
            $d = ledger()->downloadDecide(require_session(not_found_release()), $release, Portal::$today);
        }
    } catch (LibSupport\NotFoundException $e) {
        throw not_found_release();
    }
    if ($d->verdict() === DownloadVerdict::NEEDS_RENEWAL) {
        $why = '<p class="verdict" data-verdict="' . h($d->verdictName()) . '">'
            . h(LibSupport\render_download_verdict($d, Lang::RU)) . "</p>\n";
        if (Portal::$session !== null)
            $why .= offer_block(ledger(), $d->license(), $d->licenseKind());
        throw new HttpError(403, 'Версия недоступна', '', [], $why);
    }
    if ($d->verdict() !== DownloadVerdict::ALLOWED)
        throw new HttpError(404, 'Файл не найден', '', [], '<p class="verdict" data-verdict="' . h($d->verdictName())
                            . '">' . h(LibSupport\render_download_verdict($d, Lang::RU)) . "</p>\n");
    serve_release_file($d);
}

/** An allowed download: check the file is there as recorded, record the download, hand over the bytes. */
function serve_release_file(LibSupport\Download $d): void
{
    $name = (string)$d->fileName();
    $path = rtrim(config_text('portal', 'releases_dir'), '/') . '/' . $name;
    clearstatcache(true, $path);
    if (!is_file($path) || filesize($path) !== $d->fileSize()) {
        error_log("portal: release {$d->release()}: the file $path is missing or not the size the ledger records ("
                  . $d->fileSize() . ' bytes)');
        throw new HttpError(503, 'Файл временно недоступен', 'Файл этой версии сейчас недоступен. Попробуйте позже.');
    }
    /* a download manager's later ranges and a HEAD are not new downloads */
    $range = (string)($_SERVER['HTTP_RANGE'] ?? '');
    if (Portal::$request->method === 'GET' && ($range === '' || preg_match('/\Abytes=0-/', $range) === 1))
        ledger()->recordDownload(Portal::$session !== null ? session_actor() : 'portal:key', $d->license(),
                                 $d->release(), Portal::$today);
    drop_output();
    $quoted = str_replace(['"', '\\'], '_', preg_replace('/[^\x20-\x7E]/', '_', $name));
    header('Content-Type: application/octet-stream');
    header("Content-Disposition: attachment; filename=\"$quoted\"; filename*=UTF-8''" . rawurlencode($name));
    header('X-Content-Type-Options: nosniff');
    header('Cache-Control: private, no-store');
    header('Digest: sha-256=' . base64_encode((string)hex2bin((string)$d->fileSha256())));
    $accel = config_text('portal', 'accel_prefix');
    if ($accel !== '') { /* nginx serves the bytes from its internal location (ranges included) */
        header('X-Accel-Redirect: ' . $accel . rawurlencode($name));
        return;
    }
    header('Content-Length: ' . $d->fileSize());
    if (Portal::$request->method === 'HEAD')
        return;
    $f = fopen($path, 'rb');
    if ($f === false)
        throw new RuntimeException("cannot open $path");
    while (!feof($f)) {
        $chunk = fread($f, 65536);
        if ($chunk === false)
            break;
        echo $chunk;
        flush();
    }
    fclose($f);
}

/* ---- the product's update check ------------------------------------------------------------------------------------ */

function api_error_json(int $status, string $message): string
{
    $code = match ($status) { 400 => 'bad_request', 404 => 'not_found', 405 => 'method_not_allowed',
                              429 => 'too_many_requests', 503 => 'unavailable', default => 'internal_error' };
    return json_encode(['error' => $code, 'message' => $message], JSON_UNESCAPED_UNICODE | JSON_UNESCAPED_SLASHES)
        . "\n";
}

/** Every answer of the API leaves no sooner than the configured floor after the request came: right key or wrong. */
function api_wait_floor(): void
{
    $floor = config_number('api', 'answer_floor_ms') / 1000.0;
    $left = Portal::$started + $floor - microtime(true);
    if ($left > 0)
        usleep((int)($left * 1e6));
}

function page_api_updates(): void
{
    try {
        allow_query('key', 'version');
        $key = Portal::$request->query['key'] ?? '';
        $version = Portal::$request->query['version'] ?? '';
        if ($key === '' || $version === '')
            throw new HttpError(400, 'Неверный запрос', 'Нужны параметры key и version.');
        try {
            $u = ledger()->updateCheck($key, $version, Portal::$today);
            $json = $u->json(config_text('portal', 'base_url'), Lang::RU);
        } catch (LibSupport\NotFoundException $e) {
            throw new HttpError(404, 'Не найдено', $e->getMessage());
        } catch (LibSupport\InvalidInputException $e) {
            throw new HttpError(400, 'Неверный запрос', $e->getMessage());
        }
    } catch (HttpError $e) {
        api_wait_floor();
        throw $e;
    }
    api_wait_floor();
    send_json(200, $json);
}
