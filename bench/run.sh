#!/usr/bin/env bash
# bench/run.sh — every libsupport benchmark in one run, with a summary table (see bench/README.md).
# Not part of the test run.
#
#   bash bench/run.sh [--quick] [--no-build] [--no-callgrind]
#
#   --quick         a smoke run of a minute or two: fewer evaluations and runs, small ledgers
#   --no-build      use the existing build directory as it is
#   --no-callgrind  skip the instruction counts (valgrind)
#
# Environment:
#   SUP_BENCH_BUILD  build directory (default: <repo>/build-bench; Release, LTO, -DSUP_BUILD_BENCH=ON)
#   SUP_BENCH_CACHE  where the large ledgers are kept between runs (default: /tmp/sup-bench-cache);
#                    building the 1,000,000-license ledger takes minutes and happens once
#   SUP_BENCH_OUT    where the logs and the summary go (default: $SUP_BENCH_BUILD/bench-results/<date-time>)
#   SUP_BENCH_COMMIT the commit to name in the machine description when the tree is not a git checkout
#                    (e.g. a `git archive` export of a commit, built away from others' uncommitted work)
set -euo pipefail

quick=0 build=1 callgrind=1
for a in "$@"; do
    case "$a" in
    --quick) quick=1 ;;
    --no-build) build=0 ;;
    --no-callgrind) callgrind=0 ;;
    -h | --help)
        sed -n '2,17p' "$0" | sed 's/^# \{0,1\}//'
        exit 0
        ;;
    *)
        echo "run.sh: unknown option $a (try --help)" >&2
        exit 2
        ;;
    esac
done

repo=$(cd "$(dirname "$0")/.." && pwd)
bdir=${SUP_BENCH_BUILD:-$repo/build-bench}
cache=${SUP_BENCH_CACHE:-/tmp/sup-bench-cache}
# (No command substitution that may fail inside an assignment: under set -e its status is the assignment's,
# and `[ $quick = 1 ] && echo -quick` is false on a full run, which ended the script silently.)
suffix=
if [ $quick = 1 ]; then suffix=-quick; fi
out=${SUP_BENCH_OUT:-$bdir/bench-results/$(date +%Y%m%d-%H%M%S)$suffix}
mkdir -p "$out" "$cache"

if [ $quick = 1 ]; then
    c_n=1000000 c_runs=3
    cg_n1=10000 cg_n2=60000
    led_sizes=5000,20000 led_renewals=100 led_runs=3
    py_calls=20000 py_runs=3
else
    c_n=10000000 c_runs=7
    cg_n1=20000 cg_n2=120000
    led_sizes=100000,1000000 led_renewals=2000 led_runs=5
    py_calls=100000 py_runs=7
fi

stage() { printf '\n=== %s  (%s)\n' "$1" "$(date +%T)"; }
t_start=$(date +%s)

# ---- the machine ------------------------------------------------------------------------------------
stage "machine"
{
    echo "date:        $(date -u '+%Y-%m-%d %H:%M UTC')"
    echo "commit:      ${SUP_BENCH_COMMIT:-$(git -C "$repo" log -1 --format='%h %s' 2>/dev/null || echo '?')}"
    dirty=$(git -C "$repo" status --short --untracked-files=no -- libsupport bindings bench CMakeLists.txt 2>/dev/null |
        awk '{print $2}' | tr '\n' ' ' || true)
    if [ -n "$dirty" ]; then echo "NOTE:        built from a working tree with uncommitted changes in: $dirty"; fi
    echo "CPU:         $(lscpu 2>/dev/null | sed -n 's/^Model name: *//p' | head -1)" \
        "($(lscpu 2>/dev/null | sed -n 's/^Hypervisor vendor: *//p' | head -1 | sed 's/^\(.\)/VM: \1/'))"
    echo "nproc:       $(nproc)  (online CPUs: $(lscpu 2>/dev/null | sed -n 's/^On-line CPU(s) list: *//p'))"
    echo "caches:      L1d $(lscpu | sed -n 's/^L1d cache: *//p'), L2 $(lscpu | sed -n 's/^L2 cache: *//p'), L3 $(lscpu | sed -n 's/^L3 cache: *//p')"
    echo "memory:      $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
    echo "kernel:      $(uname -sr)"
    echo "compiler:    $(${CC:-cc} --version | head -1)"
    echo "SQLite:      $(dpkg-query -W -f='${Version}' libsqlite3-0 2>/dev/null || pkg-config --modversion sqlite3 2>/dev/null || echo '?') (libsqlite3)"
    echo "PHP:         $(php -r 'echo PHP_VERSION;' 2>/dev/null || echo 'not found')"
    if perf stat -e instructions -x, true 2>&1 >/dev/null | grep -q 'not supported\|not counted\|Permission\|Error'; then
        echo "perf:        hardware counters NOT available (instruction counts from callgrind instead)"
    elif command -v perf >/dev/null; then
        echo "perf:        hardware counters available"
    else
        echo "perf:        not installed"
    fi
    echo "load:        $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) at the start"
} | tee "$out/machine.txt"

# ---- build --------------------------------------------------------------------------------------------
if [ $build = 1 ]; then
    stage "build ($bdir: Release, LTO, benchmarks on, tests off)"
    cmake -S "$repo" -B "$bdir" -DCMAKE_BUILD_TYPE=Release -DSUP_BUILD_BENCH=ON -DSUP_BUILD_TESTS=OFF \
        >"$out/build.log" 2>&1 &&
        cmake --build "$bdir" -j"$(nproc)" >>"$out/build.log" 2>&1 ||
        {
            tail -30 "$out/build.log"
            echo "run.sh: the build failed (log: $out/build.log)" >&2
            exit 1
        }
    echo "built"
fi
py=$(sed -n 's/^Python3_EXECUTABLE:FILEPATH=//p' "$bdir/CMakeCache.txt" 2>/dev/null || true)
py=${py:-python3}
echo "Python:      $("$py" -c 'import platform; print(platform.python_version())') ($py)" | tee -a "$out/machine.txt"

# ---- C core -----------------------------------------------------------------------------------------
stage "C: quote and status, $c_n evaluations, $c_runs runs"
"$bdir/bench/core/bench_core" "$c_n" "$c_runs" | tee "$out/c.log"

if [ $callgrind = 1 ] && command -v valgrind >/dev/null; then
    stage "C: instructions per call (callgrind, $cg_n1 and $cg_n2 evaluations)"
    # bench_core N 1 quote runs 2 N quotes (one untimed, one timed) plus a fixed setup: the
    # difference of two N gives the instructions of one quote, setup excluded.
    for what in quote status; do
        ir=()
        for n in $cg_n1 $cg_n2; do
            ir+=("$(valgrind --tool=callgrind --callgrind-out-file=/dev/null --toggle-collect="sup_license_$what" \
                "$bdir/bench/core/bench_core" "$n" 1 "$what" 2>&1 >/dev/null |
                sed -n 's/.*Collected : *\([0-9]*\).*/\1/p')")
        done
        per=$(awk -v a="${ir[0]}" -v b="${ir[1]}" -v n1=$cg_n1 -v n2=$cg_n2 'BEGIN {printf "%.1f", (b - a) / (2 * (n2 - n1))}')
        echo "sup_license_$what: $per instructions per call (Ir ${ir[0]} at N=$cg_n1, ${ir[1]} at N=$cg_n2)"
        echo "BENCH c.$what.Ir $per $per $per instructions"
    done | tee "$out/callgrind.log"
fi

# ---- ledger -------------------------------------------------------------------------------------------
stage "ledger: durable renewals (1 and 4 processes), reports over $led_sizes licenses (cache: $cache)"
"$bdir/bench/ledger_bench" all "$cache" "$led_sizes" "$led_renewals" "$led_runs" | tee "$out/ledger.log"

# ---- import (issue 13) --------------------------------------------------------------------------------
imp_n=100000; imp_runs=3
if [ "$quick" = 1 ]; then imp_n=20000; imp_runs=1; fi
stage "import: $imp_n licenses from 1C-style CSV into a new SQLite ledger ($imp_runs runs), re-import, reminders due"
"$bdir/bench/import_bench" "$cache/import" "$imp_n" "$imp_runs" | tee "$out/import.log"

# ---- Python -------------------------------------------------------------------------------------------
stage "Python binding vs plain Python ($py_calls calls, $py_runs runs)"
if ls "$bdir"/bindings/python/libsupport/_core*.so >/dev/null 2>&1; then
    PYTHONPATH="$bdir/bindings/python" "$py" "$repo/bench/python/bench_binding.py" --calls $py_calls --runs $py_runs |
        tee "$out/python.log"
else
    echo "skipped: the Python binding is not built (SUP_BUILD_PYTHON=OFF?)" | tee "$out/python.log"
fi

# ---- PHP --------------------------------------------------------------------------------------------
stage "PHP extension vs plain PHP ($py_calls calls, $py_runs runs)"
if [ -f "$bdir/bindings/php/php_libsupport.so" ] && command -v php >/dev/null; then
    php -n -d extension="$bdir/bindings/php/php_libsupport.so" "$repo/bench/php/bench_binding.php" $py_calls $py_runs |
        tee "$out/php.log"
else
    echo "skipped: the PHP extension is not built (SUP_BUILD_PHP=OFF?) or php is not installed" | tee "$out/php.log"
fi

# ---- summary ----------------------------------------------------------------------------------------
echo "load:        $(cut -d' ' -f1-3 /proc/loadavg) (1, 5, 15 min) at the end; run took $(($(date +%s) - t_start)) s" |
    tee -a "$out/machine.txt"
note=
if [ $quick = 1 ]; then note=' (QUICK run: small sizes, not the figures of record)'; fi
stage "summary$note"
"$py" "$repo/bench/summarize.py" "$out"/*.log | tee "$out/summary.txt"
"$py" "$repo/bench/summarize.py" --markdown "$out"/*.log >"$out/summary.md"
echo
echo "logs, summary.txt and summary.md (for bench/RESULTS.md) in $out"
