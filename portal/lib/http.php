<?php
/*
 * The portal's HTTP layer: what arrives (method, path, query, cookies, form
 * body), read from the raw request with the portal's own limits, and what
 * leaves (pages, redirects, JSON, files, cookies, security headers).
 *
 * PHP's own parsing of the query, the cookies and the body is switched off in
 * deployment (variables_order = "S", enable_post_data_reading = Off: docs/deploy.md)
 * and never used here, so that no input — a thousand parameters, arrays,
 * NUL bytes, invalid UTF-8 — can make PHP itself warn: every limit is checked
 * here and answered with the site's 400 page.
 */
declare(strict_types=1);

/** The most bytes of a query string, a form body, a cookie header, a parameter value, and parameters. */
const HTTP_QUERY_MAX = 4096;
const HTTP_BODY_MAX = 8192;
const HTTP_COOKIE_MAX = 4096;
const HTTP_VALUE_MAX = 512;
const HTTP_PARAMS_MAX = 16;
const HTTP_PATH_MAX = 512;

/** A request the portal answers with an error page (or, for the API, an error document). */
final class HttpError extends Exception
{
    /** @param array<string,string> $headers */
    public function __construct(public readonly int $status, public readonly string $title,
                                public readonly string $detail = '', public readonly array $headers = [],
                                public readonly string $html = '')
    {
        parent::__construct($title);
    }
}

/** The request, parsed once. */
final class Request
{
    public string $method = 'GET';
    public string $path = '/';
    /** @var array<string,string> */
    public array $query = [];
    /** @var array<string,string> */
    public array $cookies = [];
    /** @var array<string,string>|null the form body of a POST, read on demand */
    private ?array $form = null;
    public string $client = '';
    public bool $https = false;

    public static function fromServer(): self
    {
        $r = new self();
        $r->method = strtoupper((string)($_SERVER['REQUEST_METHOD'] ?? 'GET'));
        $uri = (string)($_SERVER['REQUEST_URI'] ?? '/');
        $q = strpos($uri, '?');
        $raw_path = $q === false ? $uri : substr($uri, 0, $q);
        $raw_query = $q === false ? '' : substr($uri, $q + 1);
        if (strlen($raw_path) > HTTP_PATH_MAX)
            throw new HttpError(404, 'Страница не найдена', 'Такой страницы на сайте нет.');
        $path = rawurldecode($raw_path);
        if ($path === '' || $path[0] !== '/' || preg_match('//u', $path) !== 1 || preg_match('/[\x00-\x1F\x7F]/', $path))
            throw new HttpError(404, 'Страница не найдена', 'Такой страницы на сайте нет.');
        $r->path = $path;
        $r->query = self::pairs($raw_query, HTTP_QUERY_MAX, 'строка запроса');
        $r->cookies = self::cookies((string)($_SERVER['HTTP_COOKIE'] ?? ''));
        $r->client = (string)($_SERVER['REMOTE_ADDR'] ?? '');
        if ($r->client === '' || strlen($r->client) > 128)
            $r->client = 'unknown';
        $r->https = (($_SERVER['HTTPS'] ?? '') !== '' && ($_SERVER['HTTPS'] ?? '') !== 'off');
        return $r;
    }

    /**
     * name=value pairs of a query string or a form body: each name at most once, a plain name (no
     * arrays), each value valid UTF-8 without control characters other than line breaks in a form.
     * @return array<string,string>
     */
    public static function pairs(string $raw, int $max, string $what, bool $multiline = false): array
    {
        if ($raw === '')
            return [];
        if (strlen($raw) > $max)
            throw new HttpError(400, 'Неверный запрос', "Слишком длинная {$what}: " . strlen($raw)
                                . " байт, не больше {$max}.");
        $parts = explode('&', $raw);
        if (count($parts) > HTTP_PARAMS_MAX)
            throw new HttpError(400, 'Неверный запрос', 'Слишком много параметров: ' . count($parts)
                                . ', не больше ' . HTTP_PARAMS_MAX . '.');
        $out = [];
        foreach ($parts as $part) {
            if ($part === '')
                continue;
            $eq = strpos($part, '=');
            $name = urldecode($eq === false ? $part : substr($part, 0, $eq));
            $value = $eq === false ? '' : urldecode(substr($part, $eq + 1));
            if (preg_match('/\A[a-z_]{1,32}\z/', $name) !== 1)
                throw new HttpError(400, 'Неверный запрос', 'Параметр «' . shown($name) . '» не поддерживается.');
            if (array_key_exists($name, $out))
                throw new HttpError(400, 'Неверный запрос', "Параметр «{$name}» указан дважды.");
            if (strlen($value) > HTTP_VALUE_MAX)
                throw new HttpError(400, 'Неверный запрос', "Значение параметра «{$name}» слишком длинное.");
            if (preg_match('//u', $value) !== 1)
                throw new HttpError(400, 'Неверный запрос', "Значение параметра «{$name}» — не текст в кодировке UTF-8.");
            $bad = $multiline ? '/[\x00-\x09\x0B\x0C\x0E-\x1F\x7F]|\xC2[\x80-\x9F]/' : '/[\x00-\x1F\x7F]|\xC2[\x80-\x9F]/';
            if (preg_match($bad, $value) === 1)
                throw new HttpError(400, 'Неверный запрос', "Значение параметра «{$name}» содержит управляющие символы: «"
                                    . shown($value) . '».');
            $out[$name] = $value;
        }
        return $out;
    }

    /** @return array<string,string> the cookies the portal sets; others are ignored */
    private static function cookies(string $header): array
    {
        if ($header === '' || strlen($header) > HTTP_COOKIE_MAX)
            return [];
        $out = [];
        foreach (explode(';', $header) as $c) {
            $c = trim($c);
            $eq = strpos($c, '=');
            if ($eq === false)
                continue;
            $name = substr($c, 0, $eq);
            $value = substr($c, $eq + 1);
            if (in_array($name, [COOKIE_BROWSER, COOKIE_SESSION, COOKIE_SESSION_SECURE], true)
                && preg_match('/\A[A-Za-z0-9_-]{1,64}\z/', $value) === 1 && !array_key_exists($name, $out))
                $out[$name] = $value;
        }
        return $out;
    }

    /** Only these query parameters are accepted on this page; any other is 400. */
    public function allowQuery(string ...$names): void
    {
        foreach (array_keys($this->query) as $k) {
            if (!in_array($k, $names, true)) {
                $detail = $k === 'on'
                    ? 'Дату страниц задаёт сервер: параметр «on» есть только в демонстрационном режиме.'
                    : "Параметр «{$k}» на этой странице не поддерживается.";
                throw new HttpError(400, 'Неверный запрос', $detail);
            }
        }
    }

    /** The form body of a POST (application/x-www-form-urlencoded, at most HTTP_BODY_MAX bytes). */
    public function form(): array
    {
        if ($this->form !== null)
            return $this->form;
        $type = strtolower(trim(explode(';', (string)($_SERVER['CONTENT_TYPE'] ?? ''))[0]));
        if ($type !== 'application/x-www-form-urlencoded')
            throw new HttpError(400, 'Неверный запрос', 'Форма отправлена в неожиданном виде.');
        $len = (int)($_SERVER['CONTENT_LENGTH'] ?? 0);
        if ($len > HTTP_BODY_MAX)
            throw new HttpError(400, 'Неверный запрос', 'Форма слишком большая.');
        $body = (string)file_get_contents('php://input', false, null, 0, HTTP_BODY_MAX + 1);
        return $this->form = self::pairs($body, HTTP_BODY_MAX, 'форма');
    }

    public function field(string $name): ?string
    {
        return $this->form()[$name] ?? null;
    }
}

/* ---- responses ---------------------------------------------------------------------------------------------- */

const COOKIE_BROWSER = 'sup_browser';
const COOKIE_SESSION = 'sup_session';
const COOKIE_SESSION_SECURE = '__Host-sup_session';

/** The headers of every page: no scripts at all, no framing, no referrer (links carry secrets), no caching. */
function send_security_headers(string $type): void
{
    header('Content-Type: ' . $type);
    header("Content-Security-Policy: default-src 'none'; style-src 'self'; img-src 'self'; form-action 'self'; "
           . "base-uri 'none'; frame-ancestors 'none'");
    header('X-Content-Type-Options: nosniff');
    header('X-Frame-Options: DENY');
    header('Referrer-Policy: no-referrer');
    header('Cache-Control: no-store');
}

/** Set a cookie the portal's way: HttpOnly, SameSite=Lax, Path=/, Secure over HTTPS; max_age null: for the session. */
function set_cookie(string $name, string $value, ?int $max_age, bool $https): void
{
    setcookie($name, $value, [
        'expires' => $max_age === null ? 0 : ($max_age <= 0 ? 1 : time() + $max_age),
        'path' => '/',
        'secure' => $https,
        'httponly' => true,
        'samesite' => 'Lax',
    ]);
}

function drop_output(): void
{
    while (ob_get_level() > 0)
        ob_end_clean();
}

function send_html(int $status, string $html, array $headers = []): void
{
    drop_output();
    if (!headers_sent()) {
        http_response_code($status);
        send_security_headers('text/html; charset=utf-8');
        foreach ($headers as $k => $v)
            header("$k: $v");
    }
    if (($_SERVER['REQUEST_METHOD'] ?? 'GET') !== 'HEAD')
        echo $html;
}

function send_json(int $status, string $json, array $headers = []): void
{
    drop_output();
    if (!headers_sent()) {
        http_response_code($status);
        send_security_headers('application/json; charset=utf-8');
        foreach ($headers as $k => $v)
            header("$k: $v");
    }
    if (($_SERVER['REQUEST_METHOD'] ?? 'GET') !== 'HEAD')
        echo $json;
}

function send_redirect(string $to): void
{
    drop_output();
    http_response_code(303);
    send_security_headers('text/html; charset=utf-8');
    header('Location: ' . $to);
}

/** The code point of a control character: one byte (C0, DEL) or two (C1, U+0080…U+009F). */
function control_code_point(string $ch): int
{
    return strlen($ch) === 1 ? ord($ch) : ((ord($ch[0]) & 0x1F) << 6) | (ord($ch[1]) & 0x3F);
}

/** Escape text for HTML content and attribute values. */
function h(?string $s): string
{
    return htmlspecialchars($s ?? '', ENT_QUOTES | ENT_SUBSTITUTE | ENT_HTML5, 'UTF-8');
}

/**
 * A value the visitor sent, fit to be quoted back: control characters as \xNN, at most 64 characters.
 * Still to be escaped with h(). Invalid UTF-8 is shown byte by byte.
 */
function shown(string $v): string
{
    if (preg_match('//u', $v) !== 1)
        $v = preg_replace_callback('/[\x80-\xFF]/', fn($m) => sprintf('\\x%02X', ord($m[0])), $v);
    $v = preg_replace_callback('/[\x{00}-\x{1F}\x{7F}-\x{9F}]/u', fn($m) => sprintf('\\x%02X', control_code_point($m[0])),
                               $v);
    if (preg_match('/\A.{65}/us', $v) === 1) {
        preg_match('/\A.{64}/us', $v, $m);
        $v = $m[0] . '…';
    }
    return $v;
}
