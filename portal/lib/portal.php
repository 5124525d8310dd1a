<?php
/*
 * The customer portal: configuration, the day, the ledger, sign-in state, and
 * the one entry point (portal_main) every request goes through.
 *
 * Nothing here decides a rule. Who may download what, what the update API
 * answers, how long links and sessions hold, the request limits, every
 * sentence about them: the library's (LibSupport\…). This code reads the
 * request, asks, and shows — escaping everything it prints.
 *
 * Errors: every PHP warning or notice becomes an exception, a fatal error is
 * caught at shutdown, display_errors is off; an HttpError is the site's error
 * page with its status, anything else a 500 page (the reason goes to the
 * server's log, never to the visitor).
 */
declare(strict_types=1);

ini_set('display_errors', '0');
ini_set('display_startup_errors', '0');
ini_set('html_errors', '0');
ini_set('log_errors', '1');
error_reporting(E_ALL);

require_once __DIR__ . '/http.php';
require_once __DIR__ . '/views.php';
require_once __DIR__ . '/mail.php';
require_once __DIR__ . '/pages.php';

use LibSupport\{Ledger, PortalConfig, Session};

/** Where the configuration file is when LIBSUPPORT_PORTAL_CONFIG does not say. */
const PORTAL_CONFIG_DEFAULT = '/etc/libsupport/portal.ini';

/** What one request knows: the configuration, the day, the ledger, the visitor. */
final class Portal
{
    public static ?PortalConfig $config = null;
    public static ?Request $request = null;
    public static ?Ledger $ledger = null;
    public static string $today = '';   // the business day, Y-m-d in the configured time zone (or the demo's)
    public static int $now_ms = 0;      // the wall-clock time, ms since 1970 (the library never reads the clock)
    public static int $utc_offset = 180;
    public static bool $demo = false;
    public static ?Session $session = null;
    public static ?string $session_token = null;
    public static ?string $browser = null; // the browser's secret (pre-sign-in cookie)
    public static bool $done = false;
    public static float $started = 0.0;
}

function config_text(string $section, string $key): string
{
    return (string)Portal::$config->text($section, $key);
}

function config_number(string $section, string $key): int
{
    return (int)Portal::$config->number($section, $key);
}

/** The configuration file, checked by the library (a bad one is the operator's 500, logged with its line). */
function load_config(): PortalConfig
{
    $path = getenv('LIBSUPPORT_PORTAL_CONFIG');
    if ($path === false || $path === '')
        $path = PORTAL_CONFIG_DEFAULT;
    try {
        return new PortalConfig($path);
    } catch (LibSupport\Exception $e) {
        throw new RuntimeException('portal configuration: ' . $e->getMessage());
    }
}

/**
 * Today: the server's clock in the configured time zone (Europe/Moscow by default); in demo mode the
 * demo's fixed date, or ?on= (the demo alone takes it).
 */
function set_today(): void
{
    $tz = new DateTimeZone(config_text('portal', 'time_zone'));
    $now = new DateTimeImmutable('now', $tz);
    Portal::$now_ms = (int)$now->format('Uv');
    Portal::$utc_offset = intdiv($tz->getOffset($now), 60);
    Portal::$demo = config_number('portal', 'demo') === 1;
    if (!Portal::$demo) {
        Portal::$today = $now->format('Y-m-d');
        return;
    }
    $on = Portal::$request->query['on'] ?? '';
    if ($on === '') {
        $d = config_number('portal', 'demo_date'); /* YYYYMMDD */
        Portal::$today = sprintf('%04d-%02d-%02d', intdiv($d, 10000), intdiv($d, 100) % 100, $d % 100);
        return;
    }
    try {
        Portal::$today = LibSupport\parse_date($on);
    } catch (LibSupport\DateException $e) {
        throw new HttpError(400, 'Неверная дата', 'Дата «' . shown($on) . '» не распознана: укажите её как ГГГГ-ММ-ДД.',
                            [], '<p class="why">' . h($e->getMessage()) . '</p>');
    }
}

/**
 * The ledger (the portal writes sessions, keys and downloads to it): the worker's shared handle, kept open
 * between requests (Ledger::shared: opening an SQLite ledger costs more than a page).
 */
function ledger(): Ledger
{
    if (Portal::$ledger !== null)
        return Portal::$ledger;
    $target = config_text('ledger', 'target');
    try {
        return Portal::$ledger = Ledger::shared($target, false);
    } catch (LibSupport\Exception $e) {
        error_log('portal: cannot open the ledger: ' . get_class($e) . ': ' . $e->getMessage());
        throw new HttpError(503, 'Сервис временно недоступен', 'Данные о лицензиях сейчас недоступны. Попробуйте позже.');
    }
}

/**
 * What $render reads, read from one snapshot of the ledger: the page shows one state of it, and the engine's
 * read transaction is opened once instead of once per answer. Changes (a first license key) go before.
 */
function in_snapshot(callable $render): string
{
    $lg = ledger();
    $lg->snapshotBegin();
    try {
        return $render();
    } finally {
        $lg->snapshotEnd();
    }
}

/* ---- the visitor: browser secret, session, CSRF -------------------------------------------------------------- */

function session_cookie_name(): string
{
    return Portal::$request->https ? COOKIE_SESSION_SECURE : COOKIE_SESSION;
}

/** The browser's secret, made (and set as a cookie) when the visitor has none: for forms before sign-in. */
function browser_secret(): string
{
    if (Portal::$browser !== null)
        return Portal::$browser;
    $c = Portal::$request->cookies[COOKIE_BROWSER] ?? '';
    if (strlen($c) !== 43) {
        $c = LibSupport\portal_new_token();
        set_cookie(COOKIE_BROWSER, $c, null, Portal::$request->https);
    }
    return Portal::$browser = $c;
}

/** A new browser secret (at sign-in and sign-out: nothing planted before carries over). */
function renew_browser_secret(): void
{
    Portal::$browser = LibSupport\portal_new_token();
    set_cookie(COOKIE_BROWSER, Portal::$browser, null, Portal::$request->https);
}

/** The session of the session cookie, or null (an unknown, expired or ended one is dropped). */
function current_session(): ?Session
{
    if (Portal::$session !== null)
        return Portal::$session;
    $token = Portal::$request->cookies[session_cookie_name()] ?? '';
    if ($token === '')
        return null;
    try {
        Portal::$session = ledger()->sessionOpen($token, Portal::$now_ms);
        Portal::$session_token = $token;
    } catch (LibSupport\NotFoundException $e) {
        set_cookie(session_cookie_name(), '', 0, Portal::$request->https);
        return null;
    }
    return Portal::$session;
}

/** Start the session a sign-in opened: its cookie, a new browser secret. */
function start_session(Session $s): void
{
    $token = (string)$s->token();
    $age = intdiv($s->expiresAt() - Portal::$now_ms, 1000);
    set_cookie(session_cookie_name(), $token, max(1, $age), Portal::$request->https);
    renew_browser_secret();
    Portal::$session = $s;
    Portal::$session_token = $token;
}

/** The CSRF token of the forms on this page: of the session when signed in, else of the browser. */
function csrf_token(): string
{
    static $memo = []; /* a page has a form per license: one HMAC per secret */
    $secret = Portal::$session_token ?? browser_secret();
    return $memo[$secret] ??= LibSupport\portal_csrf_token($secret);
}

/**
 * A POST must carry the CSRF token of its sender (the session's when signed in, else the browser's) and,
 * when the browser names its origin, come from the portal's own.
 */
function check_csrf(bool $signed_in): void
{
    $origin = (string)($_SERVER['HTTP_ORIGIN'] ?? '');
    if ($origin !== '' && $origin !== 'null' && rtrim($origin, '/') !== rtrim(config_text('portal', 'base_url'), '/'))
        throw new HttpError(403, 'Запрос отклонён', 'Форма отправлена с другого сайта.');
    $given = Portal::$request->field('csrf') ?? '';
    $secret = $signed_in ? Portal::$session_token : (Portal::$request->cookies[COOKIE_BROWSER] ?? '');
    if ($secret === null || $secret === '' || !LibSupport\portal_csrf_check($secret, $given))
        throw new HttpError(403, 'Запрос отклонён', 'Форма устарела или отправлена не с этой страницы. Обновите страницу '
                            . 'и отправьте форму ещё раз.');
}

/* ---- running a request ------------------------------------------------------------------------------------- */

function fail_500(Throwable $e): void
{
    error_log('portal: 500 on ' . ($_SERVER['REQUEST_METHOD'] ?? '?') . ' ' . ($_SERVER['REQUEST_URI'] ?? '?') . ': '
              . get_class($e) . ': ' . $e->getMessage() . ' at ' . $e->getFile() . ':' . $e->getLine());
    $html = frame_error(500, 'Внутренняя ошибка сервера', 'Страница не может быть показана. Мы уже знаем об этом.');
    send_html(500, $html);
}

/** The request is the API's (its errors are JSON documents): also before the request is parsed. */
function is_api_request(): bool
{
    return str_starts_with((string)($_SERVER['REQUEST_URI'] ?? ''), '/api/');
}

/** The one entry point (public/index.php). */
function portal_main(): void
{
    Portal::$started = microtime(true);
    ob_start();
    set_error_handler(function (int $no, string $msg, string $file, int $line): bool {
        if (!(error_reporting() & $no))
            return false;
        throw new ErrorException($msg, 0, $no, $file, $line);
    });
    register_shutdown_function(function (): void {
        $e = error_get_last();
        if (Portal::$done || $e === null || !($e['type'] & (E_ERROR | E_PARSE | E_CORE_ERROR | E_COMPILE_ERROR
                                                            | E_USER_ERROR | E_RECOVERABLE_ERROR)))
            return;
        error_log('portal: fatal error on ' . ($_SERVER['REQUEST_URI'] ?? '?') . ': ' . $e['message']);
        send_html(500, frame_error(500, 'Внутренняя ошибка сервера', 'Страница не может быть показана.'));
    });
    try {
        /* PHP itself refused part of the input before this script ran (more variables than max_input_vars …) */
        $pre = error_get_last();
        if ($pre !== null && str_contains($pre['message'], 'Input variables exceeded')) {
            error_clear_last();
            throw new HttpError(400, 'Неверный запрос', 'Слишком много параметров.');
        }
        if (!extension_loaded('libsupport'))
            throw new RuntimeException('the libsupport extension is not loaded (php8.2-libsupport, or -d extension=…)');
        Portal::$request = Request::fromServer();
        Portal::$config = load_config();
        set_today();
        route(Portal::$request);
    } catch (HttpError $e) {
        $page = frame_error($e->status, $e->title, $e->detail, $e->html);
        if (is_api_request())
            send_json($e->status, api_error_json($e->status, $e->detail !== '' ? $e->detail : $e->title), $e->headers);
        else
            send_html($e->status, $page, $e->headers);
    } catch (Throwable $e) {
        if (is_api_request()) {
            error_log('portal: 500 on ' . ($_SERVER['REQUEST_URI'] ?? '?') . ': ' . get_class($e) . ': ' . $e->getMessage());
            send_json(500, api_error_json(500, 'internal error'));
        } else {
            fail_500($e);
        }
    }
    Portal::$ledger?->close();
    Portal::$done = true;
}

/** The pages: method, path pattern, handler. Anything else is 404 (a known path with another method 405). */
function route(Request $r): void
{
    $routes = [
        ['GET', '#\A/\z#', 'page_home'],
        ['POST', '#\A/signin\z#', 'page_signin_request'],
        ['POST', '#\A/signin/code\z#', 'page_signin_code'],
        ['GET', '#\A/signin/([A-Za-z0-9_-]{43})\z#', 'page_signin_link'],
        ['POST', '#\A/signin/([A-Za-z0-9_-]{43})\z#', 'page_signin_link_post'],
        ['POST', '#\A/signout\z#', 'page_signout'],
        ['GET', '#\A/license/([0-9]{1,19})\z#', 'page_license'],
        ['POST', '#\A/license/([0-9]{1,19})/key\z#', 'page_license_key'],
        ['POST', '#\A/license/([0-9]{1,19})/renew\z#', 'page_renew'],
        ['GET', '#\A/invoice/([0-9]{4}-[0-9]{6})\z#', 'page_invoice'],
        ['GET', '#\A/invoice/([0-9]{4}-[0-9]{6})/print\z#', 'page_invoice_print'],
        ['GET', '#\A/invoice/([0-9]{4}-[0-9]{6})/pdf\z#', 'page_invoice_pdf'],
        ['GET', '#\A/download/([0-9]{1,19})\z#', 'page_download'],
        ['GET', '#\A/api/v1/updates\z#', 'page_api_updates'],
    ];
    $method = $r->method === 'HEAD' ? 'GET' : $r->method;
    $allowed = [];
    foreach ($routes as [$m, $pattern, $fn]) {
        if (preg_match($pattern, $r->path, $args) !== 1)
            continue;
        if ($m !== $method) {
            $allowed[] = $m === 'GET' ? 'GET, HEAD' : $m;
            continue;
        }
        array_shift($args);
        $fn(...$args);
        return;
    }
    if ($allowed !== [])
        throw new HttpError(405, 'Метод не поддерживается', 'Эта страница так не открывается.',
                            ['Allow' => implode(', ', array_unique($allowed))]);
    throw new HttpError(404, 'Страница не найдена', 'Такой страницы на сайте нет.');
}

/** An id from the path: digits only; 0, a leading zero or beyond 64 bits cannot exist: null (the caller's 404). */
function path_id(string $digits): ?int
{
    if ($digits === '' || $digits[0] === '0' || strlen($digits) > 19
        || (strlen($digits) === 19 && strcmp($digits, (string)PHP_INT_MAX) > 0))
        return null;
    return (int)$digits;
}
