# Tests that need a second unprivileged user (tests/support/second-user.sh; issue 11
# B4: the web server reading the ledger the managers write), included from
# tests/CMakeLists.txt.
#
#   sup_second_user_test(NAME n COMMAND cmd... [LABELS l...] [TIMEOUT s]
#                        [ENVIRONMENT v=x...] [WORKING_DIRECTORY d])
#   sup_second_user_properties(test...)      for tests registered otherwise
#
# They get the label "second-user", SKIP_RETURN_CODE 77 (second-user.sh exits 77 when
# not run as root: the test passes that on, and ctest shows it as skipped with the
# reason in its output), and the environment SUP_SECOND_USER_SH (the script) and
# SUP_SECOND_USER (libsupport-web, the default user it runs commands as).
set_property(GLOBAL PROPERTY SUP_SECOND_USER_SH ${CMAKE_CURRENT_LIST_DIR}/second-user.sh)

function(sup_second_user_properties)
  get_property(sh GLOBAL PROPERTY SUP_SECOND_USER_SH)
  foreach(t IN LISTS ARGN)
    set_property(TEST ${t} PROPERTY SKIP_RETURN_CODE 77)
    set_property(TEST ${t} APPEND PROPERTY LABELS second-user)
    set_property(TEST ${t} APPEND PROPERTY ENVIRONMENT SUP_SECOND_USER_SH=${sh} SUP_SECOND_USER=libsupport-web)
  endforeach()
endfunction()

function(sup_second_user_test)
  cmake_parse_arguments(T "" "NAME;TIMEOUT;WORKING_DIRECTORY" "COMMAND;LABELS;ENVIRONMENT" ${ARGN})
  if(NOT T_NAME OR NOT T_COMMAND)
    message(FATAL_ERROR "sup_second_user_test needs NAME and COMMAND")
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
  sup_second_user_properties(${T_NAME})
endfunction()

sup_second_user_test(NAME second_user_selftest
  COMMAND bash ${CMAKE_CURRENT_LIST_DIR}/second_user_test.sh TIMEOUT 60)
