<?php
/*
 * The extension under PHP's built-in web server (php -S): several requests to
 * one server process, each building and freeing objects, errors as 400 pages.
 */
require __DIR__ . '/harness.php';

$php = getenv('SUP_PHP') ?: PHP_BINARY;
$ext = getenv('SUP_PHP_EXTENSION') ?: ini_get('extension');
function get(int $port, string $query): array
{
    $ctx = stream_context_create(['http' => ['ignore_errors' => true, 'timeout' => 10]]);
    $body = @file_get_contents("http://127.0.0.1:$port/?$query", false, $ctx);
    $status = (int)explode(' ', $http_response_header[0] ?? 'HTTP/1.1 0')[1];
    return [$status, $body === false ? null : json_decode($body, true), $body];
}

/* Start php -S on a free port. The port is chosen, released, then bound by the
 * server, so another test may take it in between: retry until the server we
 * started answers with our token (parallel ctest runs other servers). */
function start_server(string $php, string $ext): array
{
    for ($attempt = 0; $attempt < 5; $attempt++) {
        $sock = stream_socket_server('tcp://127.0.0.1:0');
        $port = (int)substr(strrchr(stream_socket_get_name($sock, false), ':'), 1);
        fclose($sock);
        $cmd = [$php, '-n', '-d', "extension=$ext", '-S', "127.0.0.1:$port", __DIR__ . '/server_app.php'];
        $err = tmpfile(); /* a file, not a pipe: the server's log can never block it */
        $server = proc_open($cmd, [0 => ['pipe', 'r'], 1 => ['file', '/dev/null', 'w'], 2 => $err], $pipes);
        if (!is_resource($server)) {
            fwrite(STDERR, "cannot start php -S\n");
            exit(1);
        }
        $token = bin2hex(random_bytes(8));
        for ($i = 0; $i < 100; $i++) {
            usleep(50000);
            if (!proc_get_status($server)['running']) {
                break; /* could not bind: try another port */
            }
            [$status, $json] = get($port, "token=$token");
            if ($status === 200 && ($json['token'] ?? null) === $token) {
                return [$server, $port, $err];
            }
        }
        proc_terminate($server);
        proc_close($server);
        fclose($err);
    }
    return [null, 0, null];
}

[$server, $port, $errfile] = start_server($php, $ext);
$up = $server !== null;
register_shutdown_function(function () use ($server) {
    if ($server !== null) {
        proc_terminate($server);
        proc_close($server);
    }
});

test('the built-in server starts with the extension', function () use ($up) {
    check($up, 'server is listening');
});

test('pages computed by the extension', function () use ($port) {
    [$status, $json, $body] = get($port, 'purchased=2026-01-15&on=2026-07-20');
    same(200, $status, $body);
    same('grace', $json['state'] ?? null);
    same(199800, $json['fee'] ?? null);
    same("1\u{a0}998 руб.", $json['fee_text'] ?? null);
    same('2026-08-15', $json['valid_through'] ?? null);
    check(str_contains($json['notice'] ?? '', '<div class="sup-notice'), 'HTML notice');
    [$status, $json] = get($port, 'purchased=2026-01-15&on=2026-09-01');
    same([200, 'lapsed', 359600], [$status, $json['state'] ?? null, $json['fee'] ?? null]);
});

test('errors become 400 pages, and the server keeps serving', function () use ($port) {
    [$status, $json] = get($port, 'purchased=2026-02-30');
    same(400, $status);
    same('LibSupport\DateException', $json['error'] ?? null);
    same(LibSupport\Result::EDATE, $json['code'] ?? null);
    [$status] = get($port, 'purchased=2026-01-15&on=2026-07-20');
    same(200, $status);
});

test('objects do not pile up across requests', function () use ($port) {
    $counts = [];
    for ($i = 0; $i < 50; $i++) {
        [$status, $json] = get($port, 'on=2026-07-' . sprintf('%02d', 1 + $i % 28));
        $counts[] = $json['live'] ?? null;
    }
    same($counts[0], end($counts), 'live objects at the last request equal those at the first');
});

$err = $errfile !== null ? stream_get_contents($errfile, -1, 0) : '';
test('the server wrote no PHP warnings or errors', function () use ($err) {
    check(!preg_match('/(Warning|Fatal|Deprecated|Notice):/', $err), $err);
});

finish();
