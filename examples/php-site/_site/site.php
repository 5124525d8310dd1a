<?php
/*
 * The site's common part: configuration, error handling, request parameters,
 * escaping and the page frame. Included by index.php, customer.php and
 * license.php; requested directly it answers 404.
 *
 * Nothing here decides a support rule: statuses, dates, fees, downloads and
 * the customer's text are the library's answers (LibSupport\…). This file only
 * checks what arrives over HTTP, asks the ledger and escapes what it prints.
 *
 * Errors: every PHP warning or notice becomes an exception (a 500 page), a
 * fatal error becomes a 500 page at shutdown, display_errors is off. Bad input
 * is a SiteError with its HTTP status (400, 404, 405); the page says what was
 * wrong, escaped, and never shows a PHP message or a stack trace.
 */
declare(strict_types=1);

ini_set('display_errors', '0');
ini_set('display_startup_errors', '0');
ini_set('html_errors', '0');
ini_set('log_errors', '1'); // to the server's stderr
error_reporting(E_ALL);

use LibSupport\{Ledger, LabelSet, Lang, DateStyle, MoneyStyle};

/** The demo ledger's business date (supportctl demo's default "today"). */
const SITE_DEMO_TODAY = '2026-11-26';
/** A quote's valid_through when nothing known ends it (the library's SUP_DATE_MAX). */
const SITE_NO_END = '9999-12-31';
/** Longest parameter value the site looks at (the ledger's codes are at most 64 bytes). */
const SITE_PARAM_MAX = 256;

/** A request the site answers with an error page: 400, 404, 405, 503 … */
final class SiteError extends Exception
{
    public function __construct(public readonly int $status, public readonly string $title,
                                public readonly string $detail = '', public readonly string $why = '')
    {
        parent::__construct($title);
    }
}

/** The request's state: the business date of the page, and whether it was given as ?on=. */
final class Site
{
    public static ?string $on = null;      // the page's date (ISO), once known
    public static ?string $onGiven = null; // the same, when it came from ?on= (kept in links)
    public static bool $done = false;      // the page was sent
}

/** What a page returns: its title and the HTML of its <main>. */
final class Page
{
    public function __construct(public readonly string $title, public readonly string $main,
                                public readonly int $status = 200)
    {
    }
}

/* ---- escaping and formatting (the library's formats) ------------------------------------------------- */

/** Escape text for HTML content and attribute values. */
function h(?string $s): string
{
    return htmlspecialchars($s ?? '', ENT_QUOTES | ENT_SUBSTITUTE | ENT_HTML5, 'UTF-8');
}

/**
 * A value the visitor sent, made fit to be quoted back on an error page: control characters shown as
 * \xNN, at most 64 characters (then "…"). Still to be escaped with h(). The value is valid UTF-8 here.
 */
function shown(string $v): string
{
    $v = preg_replace_callback('/[\x{00}-\x{1F}\x{7F}-\x{9F}]/u',
                               fn($m) => sprintf('\\x%02X', control_code_point($m[0])), $v);
    if (preg_match('/\A.{65}/us', $v) === 1) {
        preg_match('/\A.{64}/us', $v, $m);
        $v = $m[0] . '…';
    }
    return $v;
}

/** The code point of a control character: one byte (C0, DEL) or two (C1, U+0080…U+009F). */
function control_code_point(string $ch): int
{
    return strlen($ch) === 1 ? ord($ch) : ((ord($ch[0]) & 0x1F) << 6) | (ord($ch[1]) & 0x3F);
}

/** A date as the customer reads it: DD.MM.YYYY (the library's Russian style); '—' for none. */
function ru_date(?string $iso): string
{
    return $iso === null ? '—' : LibSupport\format_date($iso, DateStyle::RU);
}

/** Kopecks as "1 998 руб." (the library's Russian style, U+00A0 between thousands). */
function ru_money(int $kopecks): string
{
    return LibSupport\format_money($kopecks, MoneyStyle::RU);
}

/** A link to one of the site's pages, keeping the explicitly chosen date. */
function site_url(string $page, array $params = []): string
{
    if (Site::$onGiven !== null && !array_key_exists('on', $params))
        $params['on'] = Site::$onGiven;
    $q = http_build_query($params, '', '&', PHP_QUERY_RFC3986);
    return '/' . ($page === 'index' ? '' : "$page.php") . ($q === '' ? '' : "?$q");
}

/* ---- words: every label and phrase is the library's (LibSupport\label, render_*), in Russian --------------- */

/** The library's label of a value of a LabelSet ('Льготное продление поддержки' …). */
function lbl(int $set, int $value): string
{
    return LibSupport\label($set, $value, Lang::RU);
}

/** The library's name of a fact ('Статус', 'Стоимость' …). */
function term(int $term): string
{
    return LibSupport\label(LabelSet::TERM, $term, Lang::RU);
}

/* ---- configuration and request ------------------------------------------------------------------------- */

/**
 * The ledger: $LIBSUPPORT_LEDGER, else demo.db (where `supportctl demo` and scripts/demo.sh put it); a file,
 * or a PostgreSQL URI (postgresql://web@db/ledgers?schema=vendor, the library decides which it is).
 * PHP's built-in server runs scripts in the document root, so a relative path is taken from the directory
 * the server was started in ($PWD, as the shell reports it), or from the repository's root without $PWD.
 */
function site_ledger_path(): string
{
    $p = getenv('LIBSUPPORT_LEDGER');
    if ($p === false || $p === '')
        $p = 'demo.db';
    if ($p[0] === '/' || $p === ':memory:' || LibSupport\ledger_target_backend($p) !== 'sqlite')
        return $p;
    $base = getenv('PWD');
    if ($base === false || $base === '' || $base[0] !== '/')
        $base = dirname(__DIR__, 3);
    return rtrim($base, '/') . '/' . $p;
}

/** One query parameter as a string, or null when absent. Arrays, overlong values and bad UTF-8 are 400. */
function site_param(string $name): ?string
{
    if (!array_key_exists($name, $_GET))
        return null;
    $v = $_GET[$name];
    if (!is_string($v))
        throw new SiteError(400, 'Неверный запрос', "Параметр «{$name}» должен быть указан один раз, одним значением.");
    if (strlen($v) > SITE_PARAM_MAX)
        throw new SiteError(400, 'Неверный запрос', "Значение параметра «{$name}» слишком длинное ("
                            . strlen($v) . ' байт, не больше ' . SITE_PARAM_MAX . ').');
    if (preg_match('//u', $v) !== 1)
        throw new SiteError(400, 'Неверный запрос', "Значение параметра «{$name}» — не текст в кодировке UTF-8.");
    if (str_contains($v, "\0"))
        throw new SiteError(400, 'Неверный запрос', "Значение параметра «{$name}» содержит нулевой байт.");
    return $v;
}

/**
 * The business date of the page: ?on=YYYY-MM-DD, else $LIBSUPPORT_TODAY, else the demo's date.
 * The library never reads the clock and neither does the site: the date is always chosen.
 * The library parses it (a bad date is 400; a bad $LIBSUPPORT_TODAY is the operator's 500).
 */
function site_today(): string
{
    $on = site_param('on');
    if ($on !== null && $on !== '') {
        try {
            $iso = LibSupport\parse_date($on);
        } catch (LibSupport\DateException $e) {
            throw new SiteError(400, 'Неверная дата', 'Дата «' . shown($on) . '» не распознана: укажите её как '
                                . 'ГГГГ-ММ-ДД, например 2026-11-26.', $e->getMessage());
        }
        return Site::$on = Site::$onGiven = $iso;
    }
    $env = getenv('LIBSUPPORT_TODAY');
    if ($env === false || $env === '')
        return Site::$on = SITE_DEMO_TODAY;
    try {
        return Site::$on = LibSupport\parse_date($env);
    } catch (LibSupport\DateException | ValueError $e) {
        throw new RuntimeException('LIBSUPPORT_TODAY is not a date: ' . $e->getMessage());
    }
}

/** The ledger, opened read-only for this request. */
function site_ledger(): Ledger
{
    $path = site_ledger_path();
    try {
        return new Ledger($path, false, true);
    } catch (LibSupport\Exception $e) {
        $shown = LibSupport\ledger_target_display($path); // never a password in the log
        error_log("php-site: cannot open the ledger \"$shown\" (LIBSUPPORT_LEDGER): "
                  . get_class($e) . ': ' . $e->getMessage());
        throw new SiteError(503, 'Сервис временно недоступен',
                            'Данные о лицензиях сейчас недоступны. Попробуйте позже.');
    }
}

/** The customer with this code: ['customer' => id, 'code' => …, 'name' => …]. Unknown: 404; malformed: 400. */
function site_customer(Ledger $ledger, ?string $code): array
{
    if ($code === null || $code === '')
        throw new SiteError(400, 'Неверный запрос', 'Не указан код клиента (параметр «code»).');
    try {
        $id = $ledger->findCustomer($code);
    } catch (LibSupport\NotFoundException $e) {
        throw new SiteError(404, 'Клиент не найден', 'Клиента с кодом «' . shown($code) . '» нет.');
    } catch (LibSupport\InvalidInputException $e) {
        throw new SiteError(400, 'Неверный код клиента', '«' . shown($code) . '» не может быть кодом клиента.',
                            $e->getMessage());
    }
    foreach ($ledger->listCustomers() as $row) {
        if ($row['customer'] === $id)
            return $row;
    }
    throw new SiteError(404, 'Клиент не найден', 'Клиента с кодом «' . shown($code) . '» нет.');
}

/** A license id from ?id=: digits only, positive, 64-bit. Malformed: 400. */
function site_license_id(?string $text): int
{
    if ($text === null || $text === '')
        throw new SiteError(400, 'Неверный запрос', 'Не указан номер лицензии (параметр «id»).');
    if (preg_match('/\A[1-9][0-9]{0,17}\z/', $text) !== 1)
        throw new SiteError(400, 'Неверный номер лицензии',
                            '«' . shown($text) . '» не номер лицензии: номер — целое положительное число.');
    return (int)$text;
}

/* ---- the page frame -------------------------------------------------------------------------------------- */

function site_frame(string $title, string $main, ?string $on): string
{
    $lib = extension_loaded('libsupport');
    $version = $lib ? LibSupport\version() : '';
    $date = ($on === null || !$lib) ? '' : '<span class="today">Дата: <time datetime="' . h($on) . '">' . h(ru_date($on))
                               . '</time></span>';
    return "<!doctype html>\n<html lang=\"ru\">\n<head>\n<meta charset=\"utf-8\">\n"
        . "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n"
        . '<title>' . h($title) . " — техническая поддержка</title>\n"
        . "<link rel=\"stylesheet\" href=\"/style.css\">\n</head>\n<body>\n"
        . '<header class="site"><a class="home" href="' . h(site_url('index')) . '">Техническая поддержка</a>'
        . $date . "</header>\n"
        . "<main>\n$main</main>\n"
        . '<footer class="site">Статусы, сроки, суммы и тексты рассчитаны библиотекой libsupport'
        . ($version === '' ? '' : ' ' . h($version)) . ".</footer>\n</body>\n</html>\n";
}

/** A small form that reloads the page for another date. */
function date_form(string $page, array $hidden, string $on): string
{
    $out = '<form class="date" method="get" action="' . h(site_url($page, ['on' => null])) . '">';
    foreach ($hidden as $k => $v)
        $out .= '<input type="hidden" name="' . h($k) . '" value="' . h($v) . '">';
    return $out . '<label>На дату <input type="date" name="on" value="' . h($on) . '" min="1900-01-01"'
        . ' max="9999-12-31"></label> <button type="submit">Показать</button></form>' . "\n";
}

function site_send(int $status, string $html): void
{
    while (ob_get_level() > 0)
        ob_end_clean();
    if (!headers_sent()) {
        http_response_code($status);
        header('Content-Type: text/html; charset=utf-8');
        header("Content-Security-Policy: default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
               . "base-uri 'none'; frame-ancestors 'none'");
        header('X-Content-Type-Options: nosniff');
        header('Referrer-Policy: no-referrer');
        header('Cache-Control: no-store');
    }
    echo $html;
}

function site_error_page(int $status, string $title, string $detail, string $why = ''): string
{
    $main = '<section class="error" data-status="' . $status . '">' . "\n"
        . '<h1><span class="code">' . $status . '</span> ' . h($title) . "</h1>\n"
        . ($detail === '' ? '' : '<p class="detail">' . h($detail) . "</p>\n")
        . ($why === '' ? '' : '<p class="why">' . h($why) . "</p>\n")
        . '<p><a href="' . h(site_url('index')) . "\">К списку клиентов</a></p>\n</section>\n";
    return site_frame("$status $title", $main, null);
}

/**
 * Run a page: a callable returning a Page. Bad input (SiteError) becomes its error page; anything
 * else — an exception, a PHP warning, a fatal error — a 500 page, logged to the server's stderr.
 */
function site_run(callable $page): void
{
    ob_start();
    set_error_handler(function (int $no, string $msg, string $file, int $line): bool {
        if (!(error_reporting() & $no))
            return false;
        throw new ErrorException($msg, 0, $no, $file, $line);
    });
    register_shutdown_function(function (): void {
        $e = error_get_last();
        if (Site::$done || $e === null || !($e['type'] & (E_ERROR | E_PARSE | E_CORE_ERROR | E_COMPILE_ERROR
                                                          | E_USER_ERROR | E_RECOVERABLE_ERROR)))
            return;
        site_send(500, site_error_page(500, 'Внутренняя ошибка сервера',
                                       'Страница не может быть показана. Мы уже знаем об этом.'));
    });
    try {
        $method = $_SERVER['REQUEST_METHOD'] ?? 'GET';
        if ($method !== 'GET' && $method !== 'HEAD') {
            header('Allow: GET, HEAD');
            throw new SiteError(405, 'Метод не поддерживается', 'Страницы сайта только читают данные (GET).');
        }
        if (!extension_loaded('libsupport'))
            throw new RuntimeException('the libsupport extension is not loaded: start php with '
                                       . '-d extension=/path/to/php_libsupport.so');
        $p = $page();
        site_send($p->status, site_frame($p->title, $p->main, Site::$on));
    } catch (SiteError $e) {
        site_send($e->status, site_error_page($e->status, $e->title, $e->detail, $e->why));
    } catch (Throwable $e) {
        error_log('php-site: 500 on ' . ($_SERVER['REQUEST_URI'] ?? '?') . ': ' . get_class($e) . ': '
                  . $e->getMessage() . ' at ' . $e->getFile() . ':' . $e->getLine());
        site_send(500, site_error_page(500, 'Внутренняя ошибка сервера',
                                       'Страница не может быть показана. Мы уже знаем об этом.'));
    }
    Site::$done = true;
}

/* Requested directly (/_site/site.php): there is no such page. */
if (realpath((string)($_SERVER['SCRIPT_FILENAME'] ?? '')) === __FILE__) {
    site_run(fn() => throw new SiteError(404, 'Страница не найдена', 'Такой страницы на сайте нет.'));
    exit;
}
