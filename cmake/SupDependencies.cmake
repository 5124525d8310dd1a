# What the build needs from Debian 12, looked up once, before any subdirectory (included from the
# top-level CMakeLists.txt), so that every part sees the same answer.
#
#  - The library and supportctl need pkg-config, libsqlite3-dev, libpq-dev and libsodium-dev: a missing one is a
#    configure error that names the Debian package.
#  - The optional parts are switched off, with a warning naming the package, when theirs is missing:
#    the tests (libcmocka-dev; valgrind for their valgrind twins), the bindings (swig; python3-dev for
#    Python, php-dev and php-cli for PHP). SUP_REQUIRE_ALL=ON (scripts/test.sh, CI) makes that an error
#    instead, so a test run never silently loses a part.
# `bash scripts/deps.sh` installs everything; `bash scripts/deps.sh --minimal` what the library needs.
# A part switched off here is off for this configure run only (a normal variable shadows the cache
# option): install the package and re-run cmake to get it back.

option(SUP_REQUIRE_ALL "Fail (instead of switching the part off) when an optional part's Debian package is missing" OFF)

# sup_part_missing("what was not found" "Debian package(s)" OPTION...)
macro(sup_part_missing what packages)
  set(sup_pm_options ${ARGN})
  string(REPLACE ";" ", " sup_pm_shown "${sup_pm_options}")
  if(SUP_REQUIRE_ALL)
    message(FATAL_ERROR "${what} was not found: install the Debian package ${packages} (bash scripts/deps.sh), "
      "or configure with -D${sup_pm_shown}=OFF (SUP_REQUIRE_ALL is ON)")
  endif()
  message(WARNING "${what} was not found (Debian package ${packages}): ${sup_pm_shown} switched off. "
    "Install it (bash scripts/deps.sh) and re-run cmake to build that part.")
  foreach(sup_pm_option IN LISTS sup_pm_options)
    set(${sup_pm_option} OFF)
  endforeach()
endmacro()

# ---- required: the library ---------------------------------------------------------------------------
find_package(PkgConfig QUIET)
if(NOT PKG_CONFIG_FOUND)
  message(FATAL_ERROR "pkg-config was not found: install the Debian package pkg-config (bash scripts/deps.sh --minimal)")
endif()
# The ledger's storage engines, linked privately into libsupport.so (PkgConfig::SQLITE3, PkgConfig::LIBPQ).
pkg_check_modules(SQLITE3 QUIET IMPORTED_TARGET GLOBAL sqlite3>=3.37)
if(NOT SQLITE3_FOUND)
  message(FATAL_ERROR "SQLite 3.37 or later (sqlite3.pc) was not found: install the Debian package libsqlite3-dev "
    "(bash scripts/deps.sh --minimal)")
endif()
pkg_check_modules(LIBPQ QUIET IMPORTED_TARGET GLOBAL libpq>=12)
if(NOT LIBPQ_FOUND)
  message(FATAL_ERROR "libpq 12 or later (libpq.pc, PostgreSQL ledgers) was not found: install the Debian package "
    "libpq-dev (bash scripts/deps.sh --minimal)")
endif()
# The portal's secrets (portal.h: SHA-256, random tokens, constant-time comparison), PkgConfig::SODIUM.
pkg_check_modules(SODIUM QUIET IMPORTED_TARGET GLOBAL libsodium>=1.0.18)
if(NOT SODIUM_FOUND)
  message(FATAL_ERROR "libsodium 1.0.18 or later (libsodium.pc, the portal's hashes and random tokens) was not found: "
    "install the Debian package libsodium-dev (bash scripts/deps.sh --minimal)")
endif()

# ---- optional: the tests -------------------------------------------------------------------------------
if(SUP_BUILD_TESTS)
  pkg_check_modules(SUP_CMOCKA_PROBE QUIET cmocka)
  if(NOT SUP_CMOCKA_PROBE_FOUND)
    sup_part_missing("cmocka (cmocka.pc, the C unit-test framework)" libcmocka-dev SUP_BUILD_TESTS)
  endif()
endif()
if(SUP_BUILD_TESTS AND SUP_VALGRIND_TESTS AND NOT SUP_SANITIZE)
  find_program(SUP_VALGRIND valgrind)
  if(NOT SUP_VALGRIND)
    sup_part_missing("valgrind (the tests' memcheck twins)" valgrind SUP_VALGRIND_TESTS)
  endif()
endif()

# ---- optional: the SWIG bindings -----------------------------------------------------------------------
if(SUP_BUILD_PYTHON OR SUP_BUILD_PHP)
  find_package(SWIG 4.0 QUIET)
  if(NOT SWIG_FOUND)
    sup_part_missing("SWIG 4 (swig, which generates the Python and PHP bindings)" swig SUP_BUILD_PYTHON SUP_BUILD_PHP)
  endif()
endif()

if(SUP_BUILD_PYTHON)
  # The interpreter is the `python3` found first on PATH (pyenv shims resolved to the real
  # executable), unless Python3_EXECUTABLE is given (the Debian package: -DPython3_EXECUTABLE=/usr/bin/python3).
  if(NOT Python3_EXECUTABLE)
    find_program(SUP_PYTHON3_ON_PATH NAMES python3
      NO_CMAKE_PATH NO_CMAKE_ENVIRONMENT_PATH NO_CMAKE_SYSTEM_PATH NO_CMAKE_INSTALL_PREFIX)
    if(SUP_PYTHON3_ON_PATH)
      execute_process(COMMAND ${SUP_PYTHON3_ON_PATH} -c "import sys; print(sys.executable)"
        OUTPUT_VARIABLE sup_py OUTPUT_STRIP_TRAILING_WHITESPACE RESULT_VARIABLE sup_py_rc)
      if(sup_py_rc EQUAL 0 AND EXISTS "${sup_py}")
        set(Python3_EXECUTABLE "${sup_py}" CACHE FILEPATH "Python interpreter the binding is built for")
      endif()
    endif()
    unset(SUP_PYTHON3_ON_PATH CACHE)
  endif()
  set(Python3_FIND_STRATEGY LOCATION)
  find_package(Python3 3.8 QUIET COMPONENTS Interpreter Development.Module)
  if(NOT Python3_Interpreter_FOUND)
    sup_part_missing("Python 3 (python3)" python3 SUP_BUILD_PYTHON)
  elseif(NOT Python3_Development.Module_FOUND)
    sup_part_missing("Python.h for ${Python3_EXECUTABLE} (Python's development headers)" python3-dev SUP_BUILD_PYTHON)
  endif()
endif()

if(SUP_BUILD_PHP)
  find_program(SUP_PHP_CONFIG NAMES php-config php-config8.2)
  find_program(SUP_PHP NAMES php php8.2)
  if(NOT SUP_PHP_CONFIG)
    sup_part_missing("php-config (PHP's development files)" "php-dev (php8.2-dev)" SUP_BUILD_PHP)
  elseif(NOT SUP_PHP)
    sup_part_missing("php (the PHP command line)" "php-cli (php8.2-cli)" SUP_BUILD_PHP)
  endif()
endif()
