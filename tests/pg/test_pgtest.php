<?php
/*
 * pgtest.php against the cluster of the ctest fixture "pg": ledger URIs, fresh schemas
 * that drop cleanly, raw SQL in the schema of the test, SQLSTATEs of failures, NULLs
 * and text that survive the trip. SUP_PGTEST_REQUIRE=pgsql|psql: fail unless that
 * driver is the one in use (ctest runs both).
 */
declare(strict_types=1);
require __DIR__ . '/pgtest.php';

error_reporting(E_ALL);
set_error_handler(function (int $no, string $msg, string $file, int $line) {
    throw new ErrorException($msg, 0, $no, $file, $line); // a PHP warning is a failure
});

$passed = 0;
$failed = 0;
function check(bool $cond, string $what): void
{
    global $passed, $failed;
    if ($cond) {
        $passed++;
    } else {
        $failed++;
        $line = debug_backtrace(DEBUG_BACKTRACE_IGNORE_ARGS, 1)[0]['line'] ?? 0;
        echo "FAIL (line $line): $what\n";
    }
}
function sqlstate_of(callable $fn): ?string
{
    try {
        $fn();
    } catch (PgTestError $e) {
        return $e->sqlstate;
    }
    return null;
}

$base = 'postgresql://postgres@/libsupport?host=/tmp/pg&port=5432';
check(pgtest_ledger_uri($base, 's1') === "$base&schema=s1", 'schema joins the query');
check(pgtest_ledger_uri('postgresql://h/db', 's1') === 'postgresql://h/db?schema=s1', 'schema starts the query');
check(pgtest_ledger_uri('postgresql://h/db?', 's1') === 'postgresql://h/db?schema=s1', 'after a bare ?');
check(pgtest_ledger_uri('postgresql://h/db?port=1&', 's1') === 'postgresql://h/db?port=1&schema=s1', 'after a &');
check(pgtest_ledger_uri('postgresql://h/db', 'a b&c=d%e/ж') === 'postgresql://h/db?schema=a%20b%26c%3Dd%25e%2F%D0%B6',
      'the name is percent-encoded');

if (!pgtest_available()) {
    echo "SUP_TEST_PG_URI is not set: the cluster checks need ctest -L pg\n";
    exit($failed === 0 ? 77 : 1);
}
$want = getenv('SUP_PGTEST_REQUIRE');
check($want === false || $want === '' || pgtest_driver() === $want, 'driver ' . pgtest_driver() . ", wanted $want");

$count = fn (string $s) => pgtest_raw_int(null, null, "SELECT count(*) FROM pg_namespace WHERE nspname = '$s'");
$a = pgtest_new_schema();
$b = pgtest_new_schema();
check($a !== $b && str_starts_with($a, 'sup_t_' . getmypid() . '_'), "fresh names $a, $b");
check($count($a) === 1 && $count($b) === 1, 'both schemas exist');

pgtest_raw_exec(null, $a, "CREATE TABLE payments (id text PRIMARY KEY, amount bigint, note text);"
                        . "INSERT INTO payments VALUES ('p1', 799000, NULL), ('p2', 5000000000, 'Отчёт; O''Brien')");
check(pgtest_raw_int(null, $a, 'SELECT count(*) FROM payments') === 2, 'two rows');
check(pgtest_raw_int(null, $a, 'SELECT max(amount) FROM payments') === 5000000000, 'a 64-bit integer');
check(pgtest_raw_text(null, $a, "SELECT note FROM payments WHERE id = 'p2'") === "Отчёт; O'Brien", 'text');
check(pgtest_raw_text(null, $a, "SELECT note FROM payments WHERE id = 'p1'") === null, 'NULL');
check(pgtest_raw_text(null, $a, "SELECT E'two\\nlines'") === "two\nlines", 'a newline');
check(sqlstate_of(fn () => pgtest_raw_exec(null, $b, 'SELECT * FROM payments')) === '42P01', 'b does not see a');
check(sqlstate_of(fn () => pgtest_raw_exec(null, $a, 'SELEC 1')) === '42601', 'syntax error');
pgtest_raw_exec(null, $a, 'CREATE TABLE k (id int PRIMARY KEY)');
check(sqlstate_of(fn () => pgtest_raw_exec(null, $a, 'INSERT INTO k VALUES (1); INSERT INTO k VALUES (1)')) === '23505',
      'unique violation');
check(pgtest_raw_int(null, $a, 'SELECT count(*) FROM k') === 0, 'the failing batch left nothing');
check(pgtest_raw_text(null, null, "SELECT current_setting('fsync')") === 'on', 'fsync on');

pgtest_drop_schema($a);
pgtest_drop_schema($b);
pgtest_drop_schema($b); // twice: nothing left, no error
check($count($a) === 0 && $count($b) === 0, 'both schemas dropped');

echo "pgtest.php (" . pgtest_driver() . "): $passed passed, $failed failed\n";
exit($failed === 0 ? 0 : 1);
