<?php
/*
 * Where the PHP ledger tests keep their ledgers, on either engine: the PHP
 * counterpart of tests/pg/ledger_targets.py (and of tmp_init / mem_target /
 * SQLITE_ONLY in tests/ledger_test_util.h). Every such test runs twice under
 * ctest: php.NAME on SQLite and pg.php.NAME with SUP_TEST_BACKEND=pg on the
 * throwaway PostgreSQL cluster (tests/pg/pg.cmake, docs/testing-pg.md).
 *
 *     require __DIR__ . '/ledger_targets.php';
 *     $target = lt_new_target();          // SQLite: a path in a fresh temp dir; PostgreSQL: a URI
 *                                         // naming a schema not created yet
 *     $lg = new Ledger(lt_memory_target(), true);   // ':memory:' / a fresh schema
 *     if (lt_skip_on_pg('a junk file is not a ledger')) return;   // inside a test()
 *
 * Everything made here is removed when the script ends (schemas dropped, files deleted).
 */
declare(strict_types=1);

require_once __DIR__ . '/../pg/pgtest.php';

function lt_on_pg(): bool
{
    return getenv('SUP_TEST_BACKEND') === 'pg';
}

/** The engine of this run, as Ledger::backend() names it. */
function lt_backend(): string
{
    return lt_on_pg() ? 'postgresql' : 'sqlite';
}

final class LtCleanup
{
    public static array $dirs = [];
    public static array $schemas = [];
    public static array $roles = [];
    public static bool $registered = false;

    public static function register(): void
    {
        if (self::$registered) {
            return;
        }
        self::$registered = true;
        register_shutdown_function(function () {
            foreach (self::$schemas as $s) {
                pgtest_drop_schema($s);
            }
            foreach (self::$roles as $r) {
                pgtest_raw_exec(null, null, "DO \$\$ BEGIN IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = '$r') "
                                . "THEN EXECUTE 'DROP OWNED BY $r'; EXECUTE 'DROP ROLE $r'; END IF; END \$\$");
            }
            foreach (self::$dirs as $d) {
                foreach (glob("$d/{,.}*", GLOB_BRACE) ?: [] as $f) {
                    if (is_file($f)) {
                        unlink($f);
                    }
                }
                @rmdir($d);
            }
        });
    }
}

/** A fresh directory, removed at the end. */
function lt_temp_dir(): string
{
    static $n = 0;
    $d = sys_get_temp_dir() . sprintf('/sup-ledger-php-%d-%d-%s', getmypid(), ++$n, bin2hex(random_bytes(3)));
    if (!mkdir($d, 0700)) {
        throw new RuntimeException("cannot create $d");
    }
    LtCleanup::register();
    LtCleanup::$dirs[] = $d;
    return $d;
}

/** PostgreSQL: the ledger URI of a fresh schema (created only if $create), dropped at the end. */
function lt_new_schema_uri(bool $create = false): string
{
    LtCleanup::register();
    if ($create) {
        $name = pgtest_new_schema();
    } else {
        static $n = 0;
        $name = sprintf('sup_t_%d_p%d_%s', getmypid(), ++$n, bin2hex(random_bytes(4)));
    }
    LtCleanup::$schemas[] = $name;
    return pgtest_ledger_uri(pgtest_need_base(null), $name);
}

/** A ledger target that does not exist yet, for this run's engine. */
function lt_new_target(string $name = 'ledger.db'): string
{
    return lt_on_pg() ? lt_new_schema_uri() : lt_temp_dir() . '/' . $name;
}

/** A private throwaway ledger's target: ':memory:' on SQLite, a fresh schema on PostgreSQL. */
function lt_memory_target(): string
{
    return lt_on_pg() ? lt_new_schema_uri() : ':memory:';
}

/** The schema a ledger URI names. */
function lt_schema_of(string $uri): string
{
    // Not parse_url: it refuses libpq's "postgresql://user@/db?host=/socket/dir" (no host). No
    // regular expression either: PCRE's JIT code upsets valgrind (valgrind.pg.php.test_ledger).
    $q = (string)substr($uri, (int)strpos($uri, '?') + 1);
    foreach (explode('&', $q) as $param) {
        if (str_starts_with($param, 'schema=')) {
            return rawurldecode(substr($param, 7));
        }
    }
    throw new RuntimeException("$uri: no schema=");
}

/** The same ledger URI, connecting as $role. */
function lt_as_role(string $uri, string $role): string
{
    $scheme = strpos($uri, '://') + 3;
    $at = strpos($uri, '@', $scheme);
    $rest = $at === false ? '@' . substr($uri, $scheme) : substr($uri, $at);
    return substr($uri, 0, $scheme) . rawurlencode($role) . $rest;
}

/** PostgreSQL: a fresh role name (not created), dropped at the end with what it was granted. */
function lt_new_role(): string
{
    LtCleanup::register();
    static $n = 0;
    $r = sprintf('sup_r_%d_p%d_%s', getmypid(), ++$n, bin2hex(random_bytes(4)));
    LtCleanup::$roles[] = $r;
    return $r;
}

/** The integer of a query in the ledger's schema (PostgreSQL only). */
function lt_pg_int(string $uri, string $sql): int
{
    return pgtest_raw_int(null, lt_schema_of($uri), $sql);
}

function lt_pg_exec(string $uri, string $sql): void
{
    pgtest_raw_exec(null, lt_schema_of($uri), $sql);
}

/** Inside a test(): true (and the reason printed) when the test is for the other engine. */
function lt_skip_on_pg(string $reason): bool
{
    if (!lt_on_pg()) {
        return false;
    }
    echo "     (skipped on PostgreSQL: about SQLite files, $reason)\n";
    return true;
}

function lt_skip_on_sqlite(string $reason): bool
{
    if (lt_on_pg()) {
        return false;
    }
    echo "     (skipped on SQLite: about PostgreSQL, $reason; runs as pg.php.*)\n";
    return true;
}

/** Inside a test() that uses no ledger: skipped on the PostgreSQL run (it ran on SQLite already). */
function lt_skip_no_target(): bool
{
    if (!lt_on_pg()) {
        return false;
    }
    echo "     (skipped on PostgreSQL: uses no ledger)\n";
    return true;
}
