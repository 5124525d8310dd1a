<?php
/*
 * A minimal test harness for the PHP binding's tests (plain PHP, no PHPUnit):
 * test('name', function () { ... }) runs a case; check/same/throws record
 * failures; finish() prints a summary and exits 1 if anything failed.
 */
declare(strict_types=0);

error_reporting(E_ALL);
set_error_handler(function (int $no, string $msg, string $file, int $line) {
    if (!(error_reporting() & $no)) {
        return false; // silenced with @ on purpose (test_server.php polls a server that is not listening yet)
    }
    throw new ErrorException($msg, 0, $no, $file, $line); // a PHP warning is a failure
});

if (!extension_loaded('libsupport')) {
    fwrite(STDERR, "the libsupport extension is not loaded: run php -d extension=/path/to/php_libsupport.so\n");
    exit(2);
}

final class T
{
    public static int $cases = 0;
    public static int $checks = 0;
    public static array $failures = [];
    public static string $current = '';
}

function test(string $name, callable $body): void
{
    T::$cases++;
    T::$current = $name;
    $before = count(T::$failures);
    try {
        $body();
    } catch (Throwable $e) {
        T::$failures[] = sprintf('%s: unexpected %s: %s (%s:%d)', $name, get_class($e), $e->getMessage(),
                                 basename($e->getFile()), $e->getLine());
    }
    printf("%s %s\n", count(T::$failures) === $before ? 'ok  ' : 'FAIL', $name);
}

function check(bool $cond, string $what = ''): void
{
    T::$checks++;
    if (!$cond) {
        $where = debug_backtrace(DEBUG_BACKTRACE_IGNORE_ARGS, 1)[0];
        T::$failures[] = sprintf('%s: check failed at line %d %s', T::$current, $where['line'] ?? 0, $what);
    }
}

function same($expected, $actual, string $what = ''): void
{
    T::$checks++;
    if ($expected !== $actual) {
        $where = debug_backtrace(DEBUG_BACKTRACE_IGNORE_ARGS, 1)[0];
        T::$failures[] = sprintf('%s: line %d %s: expected %s, got %s', T::$current, $where['line'] ?? 0, $what,
                                 var_export($expected, true), var_export($actual, true));
    }
}

/** Run $fn, expecting a $class thrown; returns it (or null). */
function throws(string $class, callable $fn, string $what = ''): ?Throwable
{
    T::$checks++;
    $where = debug_backtrace(DEBUG_BACKTRACE_IGNORE_ARGS, 1)[0];
    try {
        $fn();
    } catch (Throwable $e) {
        if ($e instanceof $class) {
            return $e;
        }
        T::$failures[] = sprintf('%s: line %d %s: expected %s, got %s: %s', T::$current, $where['line'] ?? 0,
                                 $what, $class, get_class($e), $e->getMessage());
        return null;
    }
    T::$failures[] = sprintf('%s: line %d %s: expected %s, nothing thrown', T::$current, $where['line'] ?? 0,
                             $what, $class);
    return null;
}

function finish(): never
{
    foreach (T::$failures as $f) {
        fwrite(STDERR, "FAILED $f\n");
    }
    printf("\n%s: %d cases, %d checks, %d failures\n", basename($_SERVER['SCRIPT_NAME']), T::$cases, T::$checks,
           count(T::$failures));
    exit(T::$failures ? 1 : 0);
}

/** Live wrapped objects per class, from the binding's counters. */
function live(): array
{
    gc_collect_cycles();
    return array_column(LibSupport\_live_objects(), 'count', 'cls');
}
