# Where `cmake --install` puts things, all under CMAKE_INSTALL_PREFIX (GNUInstallDirs; with the prefix
# /usr, GNUInstallDirs' own rule puts configuration under /etc):
#
#   component  what                                   where (relative to the prefix)
#   runtime    libsupport.so.0                        ${CMAKE_INSTALL_LIBDIR}
#   dev        headers, libsupport.so, .pc, CMake     include/, ${CMAKE_INSTALL_LIBDIR}/{pkgconfig,cmake/libsupport}
#   cli        supportctl, supportctl(1)              bin/, share/man/man1/
#   python     the libsupport package                 SUP_PYTHON_INSTALL_DIR (bindings/CMakeLists.txt)
#   php        php_libsupport.so, libsupport.ini      SUP_PHP_EXTENSION_DIR, SUP_PHP_INI_DIR (bindings/CMakeLists.txt)
#   site       the customer portal                    share/libsupport/portal
#   doc        README, CHANGELOG, docs, examples      share/doc/libsupport
#
# Installed programs and modules find libsupport.so.0 through an $ORIGIN-relative RUNPATH (supportctl:
# $ORIGIN/../lib), so an installed prefix works without ldconfig or LD_LIBRARY_PATH, and keeps working
# when installed elsewhere with `cmake --install build --prefix DIR`. When the library goes to a
# directory the dynamic linker searches anyway (prefix /usr: /usr/lib/<multiarch>, the Debian packages)
# no RUNPATH is set at all (Debian policy; lintian's custom-library-search-path).

option(SUP_INSTALL_RPATH "Give installed binaries an $ORIGIN-relative RUNPATH to libsupport.so.0 (not for system library directories)" ON)

set(SUP_INSTALL_SITEDIR "${CMAKE_INSTALL_DATADIR}/libsupport/portal")

set(sup_libdir_is_system OFF)
foreach(d IN LISTS CMAKE_C_IMPLICIT_LINK_DIRECTORIES CMAKE_PLATFORM_IMPLICIT_LINK_DIRECTORIES)
  if(d STREQUAL CMAKE_INSTALL_FULL_LIBDIR)
    set(sup_libdir_is_system ON)
  endif()
endforeach()

# sup_install_rpath(TARGET DESTINATION): TARGET is installed into DESTINATION (relative to the prefix,
# or absolute) and loads libsupport.so.0 from ${CMAKE_INSTALL_LIBDIR}.
function(sup_install_rpath target destination)
  if(NOT SUP_INSTALL_RPATH OR sup_libdir_is_system)
    set_target_properties(${target} PROPERTIES INSTALL_RPATH "")
    return()
  endif()
  if(IS_ABSOLUTE "${destination}")
    set(from "${destination}")
  else()
    set(from "${CMAKE_INSTALL_PREFIX}/${destination}")
  endif()
  file(RELATIVE_PATH rel "${from}" "${CMAKE_INSTALL_FULL_LIBDIR}")
  string(REGEX REPLACE "/+$" "" rel "${rel}")
  if(rel STREQUAL "")
    set(rpath "$ORIGIN")
  else()
    set(rpath "$ORIGIN/${rel}")
  endif()
  set_target_properties(${target} PROPERTIES INSTALL_RPATH "${rpath}")
endfunction()
