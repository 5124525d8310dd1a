<?php
/*
 * PostgreSQL helpers for the PHP ledger tests (docs/testing-pg.md), the same as
 * pg_test_util.h (C) and pgtest.py (Python): a fresh schema per test in the
 * throwaway cluster that SUP_TEST_PG_URI names (the ctest fixture "pg"), the ledger
 * URI for it, and raw SQL behind the API.
 *
 *     require __DIR__ . '/../pg/pgtest.php';
 *     $s = pgtest_new_schema();                 // CREATE SCHEMA sup_t_<pid>_<n>_<hex>
 *     $uri = pgtest_ledger_uri(pgtest_base_uri(), $s);
 *     same(1, pgtest_raw_int(pgtest_base_uri(), $s, 'SELECT count(*) FROM licenses'));
 *     pgtest_drop_schema($s);                   // DROP SCHEMA ... CASCADE
 *
 * Through PHP's pgsql extension when it is loaded (php -d extension=pgsql: Debian's
 * php8.2-pgsql; CMake's SUP_PG_PHP_ARGS), else through psql; SUP_PGTEST_DRIVER=psql
 * forces the latter.
 */
declare(strict_types=1);

/** A statement failed; $sqlstate is PostgreSQL's five-character code. */
final class PgTestError extends RuntimeException
{
    public function __construct(public readonly string $sqlstate, public readonly string $primary)
    {
        parent::__construct("$sqlstate: $primary");
    }
}

function pgtest_driver(): string
{
    return function_exists('pg_connect') && getenv('SUP_PGTEST_DRIVER') !== 'psql' ? 'pgsql' : 'psql';
}

/** The cluster's libpq URI, or null outside the pg fixture. */
function pgtest_base_uri(): ?string
{
    $u = getenv('SUP_TEST_PG_URI');
    return $u === false || $u === '' ? null : $u;
}

function pgtest_available(): bool
{
    return pgtest_base_uri() !== null;
}

function pgtest_need_base(?string $base): string
{
    $base ??= pgtest_base_uri();
    if ($base === null) {
        throw new RuntimeException('SUP_TEST_PG_URI is not set: run the test through ctest (ctest -L pg) '
                                   . 'or see docs/testing-pg.md');
    }
    return $base;
}

/** $base (a libpq URI) with schema=NAME added to its query, NAME percent-encoded. */
function pgtest_ledger_uri(string $base, string $schema): string
{
    if (!str_contains($base, '?')) {
        $sep = '?';
    } elseif (str_ends_with($base, '?') || str_ends_with($base, '&')) {
        $sep = '';
    } else {
        $sep = '&';
    }
    return $base . $sep . 'schema=' . rawurlencode($schema);
}

function pgtest_ident(string $name): string
{
    return '"' . str_replace('"', '""', $name) . '"';
}

function pgtest_prelude(?string $schema): string
{
    $sql = 'SET client_min_messages = warning;';
    if ($schema !== null) {
        $sql .= ' SET search_path TO ' . pgtest_ident($schema) . ';';
    }
    return $sql;
}

/** The rows (lists of strings, NULL as null) of the last statement of $sql. */
function pgtest_run(string $base, ?string $schema, string $sql): array
{
    if (pgtest_driver() === 'pgsql') {
        $c = pg_connect($base, PGSQL_CONNECT_FORCE_NEW);
        try {
            // One simple query: its statements are one implicit transaction.
            pg_send_query($c, pgtest_prelude($schema) . "\n" . $sql);
            $rows = [];
            $error = null;
            while (($r = pg_get_result($c)) !== false) {
                if (pg_result_status($r) === PGSQL_FATAL_ERROR) {
                    $error ??= new PgTestError((string)pg_result_error_field($r, PGSQL_DIAG_SQLSTATE),
                                               (string)pg_result_error_field($r, PGSQL_DIAG_MESSAGE_PRIMARY));
                } elseif (pg_result_status($r) === PGSQL_TUPLES_OK) {
                    $rows = pg_fetch_all($r, PGSQL_NUM);
                }
            }
            if ($error !== null) {
                throw $error;
            }
            return $rows;
        } finally {
            pg_close($c);
        }
    }
    // psql: fields split by U+001F, records by NUL, NULL as a marker no value holds;
    // VERBOSITY=verbose puts the SQLSTATE in the message.
    $null = "\x01NULL\x01";
    $bindir = getenv('SUP_TEST_PG_BINDIR');
    $psql = $bindir !== false && is_executable("$bindir/psql") ? "$bindir/psql" : 'psql';
    $cmd = [$psql, '-X', '-q', '-A', '-t', '-F', "\x1f", '-0', '-v', 'ON_ERROR_STOP=1', '-v', 'VERBOSITY=verbose',
            '-P', "null=$null", '-d', $base, '-c', pgtest_prelude($schema), '-c', $sql];
    $env = [];
    foreach (getenv() as $k => $v) {
        if (!str_starts_with($k, 'PG') && $k !== 'LD_PRELOAD') {
            $env[$k] = $v;
        }
    }
    $p = proc_open($cmd, [1 => ['pipe', 'w'], 2 => ['pipe', 'w']], $pipes, null, $env);
    if ($p === false) {
        throw new RuntimeException("cannot run $psql");
    }
    $out = stream_get_contents($pipes[1]);
    $err = stream_get_contents($pipes[2]);
    fclose($pipes[1]);
    fclose($pipes[2]);
    if (proc_close($p) !== 0) {
        if (preg_match('/ERROR:\s+([0-9A-Z]{5}):\s*(.*)/', $err, $m) === 1) {
            throw new PgTestError($m[1], trim($m[2]));
        }
        throw new RuntimeException("psql $base: " . trim($err));
    }
    $records = explode("\0", $out);
    if ($records !== [] && trim(end($records), "\n") === '') {
        array_pop($records);
    }
    return array_map(fn ($r) => array_map(fn ($f) => $f === $null ? null : $f, explode("\x1f", $r)), $records);
}

/** Run the statements of $sql with search_path = $schema (null: the default); throws
 *  PgTestError (->sqlstate) when one fails, and then none of them is kept. */
function pgtest_raw_exec(?string $base, ?string $schema, string $sql): void
{
    pgtest_run(pgtest_need_base($base), $schema, $sql);
}

/** The integer in the first column of the first row of a query. */
function pgtest_raw_int(?string $base, ?string $schema, string $sql): int
{
    $rows = pgtest_run(pgtest_need_base($base), $schema, $sql);
    if ($rows === [] || $rows[0][0] === null) {
        throw new RuntimeException("$sql: no row, or NULL");
    }
    return (int)$rows[0][0];
}

/** The text of the first column of the first row of a query (null for NULL). */
function pgtest_raw_text(?string $base, ?string $schema, string $sql): ?string
{
    $rows = pgtest_run(pgtest_need_base($base), $schema, $sql);
    if ($rows === []) {
        throw new RuntimeException("$sql: no row");
    }
    return $rows[0][0];
}

/** Create a fresh schema (sup_t_<pid>_<n>_<random hex>); returns its name. */
function pgtest_new_schema(?string $base = null): string
{
    static $n = 0;
    $name = sprintf('sup_t_%d_%d_%s', getmypid(), ++$n, bin2hex(random_bytes(4)));
    pgtest_raw_exec($base, null, 'CREATE SCHEMA ' . pgtest_ident($name));
    return $name;
}

function pgtest_drop_schema(string $name, ?string $base = null): void
{
    pgtest_raw_exec($base, null, 'DROP SCHEMA IF EXISTS ' . pgtest_ident($name) . ' CASCADE');
}

/** pg_ctl restart -m immediate of the cluster (a crash and recovery): every connection
 *  is cut. Register such a test with sup_pg_test(... EXCLUSIVE). */
function pgtest_restart_immediate(): void
{
    $sh = getenv('SUP_PG_CLUSTER_SH');
    $host = getenv('SUP_TEST_PG_HOST');
    if ($sh === false || $host === false) {
        throw new RuntimeException('SUP_PG_CLUSTER_SH or SUP_TEST_PG_HOST is not set: run through ctest (ctest -L pg)');
    }
    $p = proc_open(['bash', $sh, 'restart-immediate', $host], [], $pipes);
    if ($p === false || proc_close($p) !== 0) {
        throw new RuntimeException("$sh restart-immediate $host failed");
    }
}
