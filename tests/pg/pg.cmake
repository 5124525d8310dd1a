# PostgreSQL tests on a throwaway cluster (docs/testing-pg.md), included from
# tests/CMakeLists.txt.
#
#   SUP_PG_TESTS = AUTO (default: on when Debian's postgresql-15 server is installed),
#                  ON (a missing server is an error) or OFF.
#
# The fixture "pg": test pg_cluster_start (FIXTURES_SETUP) starts the cluster in
# SUP_PG_CLUSTER_DIR (the build's pg/, or a /tmp dir named after the build dir when
# that path is too long for a unix socket or closed to the server user), watched by a
# reaper that removes it if ctest dies; pg_cluster_stop (FIXTURES_CLEANUP) removes it,
# unless SUP_PG_KEEP=1. The directory and port are fixed, so the URI is known here.
#
# For the tests (functions, usable from any directory after this file):
#   sup_pg_test(NAME n COMMAND cmd... [LABELS l...] [TIMEOUT s] [ENVIRONMENT v=x...]
#               [WORKING_DIRECTORY d] [RESOURCE_LOCK r...] [EXCLUSIVE])
#   sup_pg_cmocka_test(NAME source... [LIBS t...] [LABELS l...] [TIMEOUT s] [NO_VALGRIND] [EXCLUSIVE])
#       a cmocka binary linked with libpq (tests/pg/pg_test_util.h), plus its valgrind twin
#   sup_pg_test_properties(test... [EXCLUSIVE])
#       make already registered tests pg tests (e.g. the PostgreSQL run of a test binary)
# Each gets FIXTURES_REQUIRED pg, the label "pg" and the environment SUP_TEST_PG_URI,
# SUP_TEST_PG_HOST/PORT/USER/DB, SUP_TEST_PG_BINDIR and SUP_PG_CLUSTER_SH. EXCLUSIVE
# (RUN_SERIAL): no other test runs meanwhile, for tests that restart the server.
# When the PostgreSQL tests are off, the functions register nothing.
# Global properties for other directories: SUP_PG_TESTS_ENABLED, SUP_PG_ENV (the
# environment list), SUP_PG_PHP_ARGS (php arguments loading the pgsql extension, or
# empty), SUP_PG_SOURCE_DIR (tests/pg).

set(SUP_PG_TESTS AUTO CACHE STRING "PostgreSQL tests on a throwaway cluster: AUTO (when postgresql-15 is installed), ON or OFF")
set_property(CACHE SUP_PG_TESTS PROPERTY STRINGS AUTO ON OFF)
set(sup_pg_src ${CMAKE_CURRENT_LIST_DIR})
set(sup_pg_sh ${sup_pg_src}/pg-cluster.sh)
set_property(GLOBAL PROPERTY SUP_PG_SOURCE_DIR ${sup_pg_src})
set_property(GLOBAL PROPERTY SUP_PG_TESTS_ENABLED OFF)
set_property(GLOBAL PROPERTY SUP_PG_ENV "")
set_property(GLOBAL PROPERTY SUP_PG_PHP_ARGS "")

function(sup_pg_test_properties)
  get_property(on GLOBAL PROPERTY SUP_PG_TESTS_ENABLED)
  if(NOT on)
    return()
  endif()
  cmake_parse_arguments(T "EXCLUSIVE" "" "" ${ARGN})
  get_property(env GLOBAL PROPERTY SUP_PG_ENV)
  foreach(t IN LISTS T_UNPARSED_ARGUMENTS)
    set_property(TEST ${t} APPEND PROPERTY FIXTURES_REQUIRED pg)
    set_property(TEST ${t} APPEND PROPERTY LABELS pg)
    set_property(TEST ${t} APPEND PROPERTY ENVIRONMENT ${env})
    if(T_EXCLUSIVE)
      set_property(TEST ${t} PROPERTY RUN_SERIAL TRUE)
    endif()
  endforeach()
endfunction()

function(sup_pg_test)
  get_property(on GLOBAL PROPERTY SUP_PG_TESTS_ENABLED)
  if(NOT on)
    return()
  endif()
  cmake_parse_arguments(T "EXCLUSIVE" "NAME;TIMEOUT;WORKING_DIRECTORY" "COMMAND;LABELS;ENVIRONMENT;RESOURCE_LOCK" ${ARGN})
  if(NOT T_NAME OR NOT T_COMMAND)
    message(FATAL_ERROR "sup_pg_test needs NAME and COMMAND")
  endif()
  if(T_WORKING_DIRECTORY)
    add_test(NAME ${T_NAME} COMMAND ${T_COMMAND} WORKING_DIRECTORY ${T_WORKING_DIRECTORY})
  else()
    add_test(NAME ${T_NAME} COMMAND ${T_COMMAND})
  endif()
  if(NOT T_TIMEOUT)
    set(T_TIMEOUT 300)
  endif()
  set_tests_properties(${T_NAME} PROPERTIES LABELS "${T_LABELS}" TIMEOUT ${T_TIMEOUT})
  if(T_ENVIRONMENT)
    set_property(TEST ${T_NAME} PROPERTY ENVIRONMENT ${T_ENVIRONMENT})
  endif()
  if(T_RESOURCE_LOCK)
    set_property(TEST ${T_NAME} PROPERTY RESOURCE_LOCK ${T_RESOURCE_LOCK})
  endif()
  if(T_EXCLUSIVE)
    sup_pg_test_properties(${T_NAME} EXCLUSIVE)
  else()
    sup_pg_test_properties(${T_NAME})
  endif()
endfunction()

function(sup_pg_cmocka_test name)
  get_property(on GLOBAL PROPERTY SUP_PG_TESTS_ENABLED)
  if(NOT on)
    return()
  endif()
  cmake_parse_arguments(T "NO_VALGRIND;EXCLUSIVE" "TIMEOUT" "LABELS;LIBS" ${ARGN})
  get_property(src GLOBAL PROPERTY SUP_PG_SOURCE_DIR)
  set(pass ${T_UNPARSED_ARGUMENTS} LIBS PkgConfig::LIBPQ ${T_LIBS})
  if(T_LABELS)
    list(APPEND pass LABELS ${T_LABELS})
  endif()
  if(T_TIMEOUT)
    list(APPEND pass TIMEOUT ${T_TIMEOUT})
  endif()
  if(T_NO_VALGRIND)
    list(APPEND pass NO_VALGRIND)
  endif()
  sup_add_cmocka_test(${name} ${pass})
  target_include_directories(${name} PRIVATE ${src})
  set(flag "")
  if(T_EXCLUSIVE)
    set(flag EXCLUSIVE)
  endif()
  sup_pg_test_properties(${name} ${flag})
  if(TEST valgrind.${name})
    sup_pg_test_properties(valgrind.${name} ${flag})
  endif()
endfunction()

# ---- detection -----------------------------------------------------------------------------
if(SUP_PG_TESTS STREQUAL "OFF" OR NOT SUP_PG_TESTS)
  message(STATUS "libsupport PostgreSQL tests: off (SUP_PG_TESTS=${SUP_PG_TESTS})")
  return()
endif()
find_program(SUP_BASH bash REQUIRED)
execute_process(COMMAND ${SUP_BASH} ${sup_pg_sh} bindir
  OUTPUT_VARIABLE sup_pg_bindir OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE sup_pg_rc ERROR_QUIET)
set(sup_pg_missing "")
if(NOT sup_pg_rc EQUAL 0)
  set(sup_pg_missing "the PostgreSQL server (initdb, pg_ctl): apt-get install postgresql-15")
elseif(NOT EXISTS ${sup_pg_bindir}/psql)
  set(sup_pg_missing "psql: apt-get install postgresql-client-15")
endif()
find_package(PkgConfig REQUIRED)
pkg_check_modules(LIBPQ IMPORTED_TARGET libpq)
if(NOT sup_pg_missing AND NOT LIBPQ_FOUND)
  set(sup_pg_missing "libpq: apt-get install libpq-dev")
endif()
if(sup_pg_missing)
  if(SUP_PG_TESTS STREQUAL "AUTO")
    message(STATUS "libsupport PostgreSQL tests: off, missing ${sup_pg_missing} (or scripts/deps.sh)")
    return()
  endif()
  message(FATAL_ERROR "SUP_PG_TESTS=${SUP_PG_TESTS} but missing ${sup_pg_missing}")
endif()

execute_process(COMMAND ${SUP_BASH} ${sup_pg_sh} pick-dir ${CMAKE_BINARY_DIR}
  OUTPUT_VARIABLE sup_pg_dir OUTPUT_STRIP_TRAILING_WHITESPACE COMMAND_ERROR_IS_FATAL ANY)
set(SUP_PG_CLUSTER_DIR ${sup_pg_dir} CACHE INTERNAL "Where the test cluster of this build lives")
execute_process(COMMAND ${SUP_BASH} ${sup_pg_sh} env --plain ${sup_pg_dir}
  OUTPUT_VARIABLE sup_pg_env OUTPUT_STRIP_TRAILING_WHITESPACE COMMAND_ERROR_IS_FATAL ANY)
string(REPLACE "\n" ";" sup_pg_env "${sup_pg_env}")
set_property(GLOBAL PROPERTY SUP_PG_ENV ${sup_pg_env})
set_property(GLOBAL PROPERTY SUP_PG_TESTS_ENABLED ON)
message(STATUS "libsupport PostgreSQL tests: on (${sup_pg_bindir}, cluster in ${sup_pg_dir})")

# PHP's pgsql extension (php8.2-pgsql), for PHP tests run with php -n.
find_program(SUP_PG_PHP NAMES php php8.2)
if(SUP_PG_PHP)
  execute_process(COMMAND ${SUP_PG_PHP} -n -d extension=pgsql -r "exit(function_exists('pg_connect') ? 0 : 1);"
    RESULT_VARIABLE sup_pg_php_rc OUTPUT_QUIET ERROR_QUIET)
  if(sup_pg_php_rc EQUAL 0)
    set_property(GLOBAL PROPERTY SUP_PG_PHP_ARGS "-d;extension=pgsql")
  else()
    message(STATUS "libsupport PostgreSQL tests: PHP without pgsql (apt-get install php8.2-pgsql): PHP helpers use psql")
  endif()
endif()

# ---- the fixture ---------------------------------------------------------------------------
add_test(NAME pg_cluster_start COMMAND ${SUP_BASH} ${sup_pg_sh} start --watch-ctest ${sup_pg_dir})
set_tests_properties(pg_cluster_start PROPERTIES FIXTURES_SETUP pg LABELS pg TIMEOUT 120)
add_test(NAME pg_cluster_stop COMMAND ${SUP_BASH} ${sup_pg_sh} stop --unless-kept --owner-ctest ${sup_pg_dir})
set_tests_properties(pg_cluster_stop PROPERTIES FIXTURES_CLEANUP pg LABELS pg TIMEOUT 120)

# ---- self-tests of the infrastructure ------------------------------------------------------
sup_pg_test(NAME pg_selftest COMMAND ${SUP_BASH} ${sup_pg_src}/selftest.sh TIMEOUT 60)
sup_pg_cmocka_test(test_pg_util ${sup_pg_src}/test_pg_util.c TIMEOUT 60)
sup_pg_cmocka_test(test_pg_restart ${sup_pg_src}/test_pg_restart.c TIMEOUT 120 EXCLUSIVE NO_VALGRIND)
# Their own clusters in /tmp (the reaper test watching a sleep that it kills): no fixture.
add_test(NAME pg_reaper COMMAND ${SUP_BASH} ${sup_pg_src}/reaper_test.sh ${sup_pg_sh})
add_test(NAME pg_cluster_lifecycle COMMAND ${SUP_BASH} ${sup_pg_src}/lifecycle_test.sh ${sup_pg_sh})
set_tests_properties(pg_reaper pg_cluster_lifecycle PROPERTIES LABELS pg TIMEOUT 60)

if(Python3_Interpreter_FOUND)
  # Through psql always; through psycopg2 with an interpreter that has it (Debian's).
  sup_pg_test(NAME pg_pytest.psql COMMAND ${Python3_EXECUTABLE} -m unittest -v test_pgtest
    WORKING_DIRECTORY ${sup_pg_src} LABELS python TIMEOUT 60
    ENVIRONMENT SUP_PGTEST_DRIVER=psql SUP_PGTEST_REQUIRE=psql PYTHONDONTWRITEBYTECODE=1)
  set(sup_pg_psycopg2_py "")
  foreach(py ${Python3_EXECUTABLE} /usr/bin/python3)
    if(NOT sup_pg_psycopg2_py AND EXISTS ${py})
      execute_process(COMMAND ${py} -c "import psycopg2" RESULT_VARIABLE rc OUTPUT_QUIET ERROR_QUIET)
      if(rc EQUAL 0)
        set(sup_pg_psycopg2_py ${py})
      endif()
    endif()
  endforeach()
  if(sup_pg_psycopg2_py)
    sup_pg_test(NAME pg_pytest.psycopg2 COMMAND ${sup_pg_psycopg2_py} -m unittest -v test_pgtest
      WORKING_DIRECTORY ${sup_pg_src} LABELS python TIMEOUT 60
      ENVIRONMENT SUP_PGTEST_REQUIRE=psycopg2 PYTHONDONTWRITEBYTECODE=1)
  else()
    message(STATUS "libsupport PostgreSQL tests: no Python with psycopg2 (apt-get install python3-psycopg2): pgtest.py uses psql")
  endif()
endif()

if(SUP_PG_PHP)
  get_property(sup_pg_php_args GLOBAL PROPERTY SUP_PG_PHP_ARGS)
  set(sup_pg_php_cmd ${SUP_PG_PHP} -n -d display_errors=stderr -d error_reporting=-1)
  sup_pg_test(NAME pg_phptest.psql COMMAND ${sup_pg_php_cmd} ${sup_pg_src}/test_pgtest.php
    LABELS php TIMEOUT 60 ENVIRONMENT SUP_PGTEST_DRIVER=psql SUP_PGTEST_REQUIRE=psql)
  if(sup_pg_php_args)
    sup_pg_test(NAME pg_phptest.pgsql COMMAND ${sup_pg_php_cmd} ${sup_pg_php_args} ${sup_pg_src}/test_pgtest.php
      LABELS php TIMEOUT 60 ENVIRONMENT SUP_PGTEST_REQUIRE=pgsql)
  endif()
endif()
