# namespace.cmake — move the SWIG-generated PHP classes and functions into the
# PHP namespace LibSupport\ (SWIG 4.1 has no PHP namespace support).
#
#   cmake -DWRAPPER=<libsupport_wrap.c> -P namespace.cmake
#
# SWIG ran with `-prefix LibSupport_`, so every class is "LibSupport_Name".
# In the generated C only three places carry PHP-visible names, and only those
# are rewritten:
#   1. class names in string literals: INIT_CLASS_ENTRY(.., "LibSupport_Policy", ..)
#   2. class names in arginfo macros (stringified by the Zend macros):
#      ZEND_ARG_OBJ_TYPE_MASK(0, arg1, LibSupport_Policy, ...)
#   3. global function entries PHP_FE(name, arginfo) -> ZEND_NS_FE("LibSupport", name, arginfo)
# The static class "LibSupport_" that -prefix also creates (all functions as
# static methods) is not registered. The C identifiers stay as SWIG made them.
# Each step must match, or the build fails: a SWIG whose output differs is caught here.
if(NOT WRAPPER)
  message(FATAL_ERROR "namespace.cmake: -DWRAPPER=<file> is required")
endif()
file(READ "${WRAPPER}" src)
if(src MATCHES "SUPB_NAMESPACED")
  return()
endif()

# PHP's own classes named in phptype typemaps got the prefix too: undo it.
string(REPLACE "LibSupport_DateTimeInterface" "DateTimeInterface" src "${src}")

# 3. global functions
string(REGEX MATCHALL "\n PHP_FE\\([A-Za-z0-9_]+," fes "${src}")
list(LENGTH fes nfe)
string(REGEX REPLACE "\n PHP_FE\\(([A-Za-z0-9_]+)," "\n ZEND_NS_FE(\"LibSupport\", \\1," src "${src}")

# the static-functions class
set(static_class "  INIT_CLASS_ENTRY(internal_ce, \"LibSupport_\", class_LibSupport__functions);\n  SWIG_Php_ce_LibSupport_ = zend_register_internal_class(&internal_ce);\n")
string(FIND "${src}" "${static_class}" at)
if(at EQUAL -1)
  message(FATAL_ERROR "namespace.cmake: the registration of class LibSupport_ was not found in ${WRAPPER}")
endif()
string(REPLACE "${static_class}" "  /* class LibSupport_ (functions as static methods) not registered: see namespace.cmake */\n  (void)class_LibSupport__functions;\n" src "${src}")

# 1. class names in string literals
string(REGEX MATCHALL "INIT_CLASS_ENTRY\\(internal_ce, \"LibSupport_[A-Za-z]" classes "${src}")
list(LENGTH classes nclass)
string(REGEX REPLACE "\"LibSupport_([A-Za-z][A-Za-z0-9_]*)\"" "\"LibSupport\\\\\\\\\\1\"" src "${src}")

# 2. class names in arginfo macros (one per macro line)
string(REGEX REPLACE "(ZEND_[A-Z_]*ARG[A-Z_]*\\([^\n]*[ ,])LibSupport_([A-Za-z])" "\\1LibSupport\\\\\\\\\\2" src "${src}")

if(nfe EQUAL 0 OR nclass EQUAL 0)
  message(FATAL_ERROR "namespace.cmake: found ${nfe} functions and ${nclass} classes in ${WRAPPER}: SWIG's output changed")
endif()
file(WRITE "${WRAPPER}" "/* SUPB_NAMESPACED: ${nclass} classes and ${nfe} functions moved to namespace LibSupport\\ */\n${src}")
