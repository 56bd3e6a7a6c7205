# Install rules and the `kosearch` package (CMake config + pkg-config), included last by the
# top-level CMakeLists.txt when KOSEARCH_INSTALL is ON.
#
# The libraries are static by default; configure with -DBUILD_SHARED_LIBS=ON for shared ones.
# `cmake --install` installs whichever kind the build tree made. Consumers use
#   find_package(kosearch REQUIRED)  +  target_link_libraries(app PRIVATE kosearch::kosearch)
# or `pkg-config --cflags --libs kosearch` (add --static for the static libraries).
include(CMakePackageConfigHelpers)

set(KOSEARCH_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/kosearch)

# Modules, in dependency order (users first): the order of the pkg-config link line.
set(_kosearch_modules c eval searcher indexer analyzers core)
set(_kosearch_libs "")
foreach(_module IN LISTS _kosearch_modules)
  if(TARGET kosearch_${_module})
    list(APPEND _kosearch_libs kosearch_${_module})
  endif()
endforeach()

foreach(_lib IN LISTS _kosearch_libs)
  string(REPLACE "kosearch_" "" _name ${_lib})
  set_target_properties(${_lib} PROPERTIES
    EXPORT_NAME ${_name}
    VERSION ${PROJECT_VERSION}
    SOVERSION ${PROJECT_VERSION_MAJOR}
    # Shared builds: the libraries find each other next to themselves once installed.
    INSTALL_RPATH "$ORIGIN")
endforeach()

# kosearch::kosearch: every module, the one target embedders link.
add_library(kosearch INTERFACE)
add_library(kosearch::kosearch ALIAS kosearch)
target_link_libraries(kosearch INTERFACE ${_kosearch_libs})
# The umbrella header <kosearch/kosearch.hpp> (include/ at the top: it includes every module).
target_include_directories(kosearch INTERFACE $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/include>)

if(TARGET kosearch_cli)
  file(RELATIVE_PATH _bin_to_lib /${CMAKE_INSTALL_BINDIR} /${CMAKE_INSTALL_LIBDIR})
  set_target_properties(kosearch_cli PROPERTIES INSTALL_RPATH "$ORIGIN/${_bin_to_lib}")
endif()

install(TARGETS ${_kosearch_libs} kosearch
  EXPORT kosearchTargets
  ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
  LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
  RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR}
  INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})

# Public headers: each module's include/ tree (never src/, schema/ or server/), plus the
# generated version header.
foreach(_module IN ITEMS core analyzers indexer searcher eval capi)
  if(IS_DIRECTORY ${PROJECT_SOURCE_DIR}/${_module}/include
     AND (NOT _module STREQUAL "eval" OR TARGET kosearch_eval))
    install(DIRECTORY ${PROJECT_SOURCE_DIR}/${_module}/include/
            DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}
            FILES_MATCHING PATTERN "*.hpp" PATTERN "*.h")
  endif()
endforeach()
install(FILES ${PROJECT_SOURCE_DIR}/include/kosearch/kosearch.hpp DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/kosearch)
install(FILES ${PROJECT_BINARY_DIR}/generated/kosearch/core/version.hpp
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/kosearch/core)

install(EXPORT kosearchTargets
  NAMESPACE kosearch::
  FILE kosearchTargets.cmake
  DESTINATION ${KOSEARCH_CMAKE_DIR})

# Static archives carry their private dependencies (Xapian, ICU, ...) as link-only interface
# entries, so the package config must find them; shared libraries need none of them.
if(BUILD_SHARED_LIBS)
  set(KOSEARCH_STATIC_LIBS OFF)
else()
  set(KOSEARCH_STATIC_LIBS ON)
endif()
configure_package_config_file(
  ${PROJECT_SOURCE_DIR}/cmake/kosearchConfig.cmake.in
  ${PROJECT_BINARY_DIR}/kosearchConfig.cmake
  INSTALL_DESTINATION ${KOSEARCH_CMAKE_DIR})
write_basic_package_version_file(
  ${PROJECT_BINARY_DIR}/kosearchConfigVersion.cmake
  VERSION ${PROJECT_VERSION}
  COMPATIBILITY SameMajorVersion)
install(FILES
  ${PROJECT_BINARY_DIR}/kosearchConfig.cmake
  ${PROJECT_BINARY_DIR}/kosearchConfigVersion.cmake
  DESTINATION ${KOSEARCH_CMAKE_DIR})

# pkg-config: relocatable (paths relative to the .pc file), so a DESTDIR/--prefix install works.
set(_pc_dir ${CMAKE_INSTALL_LIBDIR}/pkgconfig)
file(RELATIVE_PATH _pc_to_prefix /${_pc_dir} /)
string(REGEX REPLACE "/$" "" _pc_to_prefix "${_pc_to_prefix}")
set(KOSEARCH_PC_PREFIX "\${pcfiledir}/${_pc_to_prefix}")
set(KOSEARCH_PC_LIBS "")
foreach(_lib IN LISTS _kosearch_libs)
  string(APPEND KOSEARCH_PC_LIBS " -l${_lib}")
endforeach()
set(KOSEARCH_PC_REQUIRES_PRIVATE "xapian-core libzstd icu-uc icu-i18n simdjson")
if(TARGET kosearch_eval)
  string(APPEND KOSEARCH_PC_REQUIRES_PRIVATE " fmt")
endif()
configure_file(${PROJECT_SOURCE_DIR}/cmake/kosearch.pc.in ${PROJECT_BINARY_DIR}/kosearch.pc @ONLY)
install(FILES ${PROJECT_BINARY_DIR}/kosearch.pc DESTINATION ${_pc_dir})

# The Python package (python/kosearch) and libkosearch_c.so, which it loads with ctypes. The
# package goes to KOSEARCH_PYTHON_DIR under the prefix (Debian's layout: on sys.path for the
# /usr/local prefix; elsewhere add it to PYTHONPATH); its _location.py records where the
# library is, relative to itself, so the installed tree can be moved as a whole.
if(TARGET kosearch_c_shared)
  install(TARGETS kosearch_c_shared LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR})
endif()
find_package(Python3 COMPONENTS Interpreter QUIET)
if(CMAKE_INSTALL_PREFIX STREQUAL "/usr" OR NOT Python3_FOUND)
  set(_py_default lib/python3/dist-packages)
else()
  set(_py_default lib/python3.${Python3_VERSION_MINOR}/dist-packages)
endif()
set(KOSEARCH_PYTHON_DIR "${_py_default}" CACHE STRING
    "Where `cmake --install` puts the Python package, relative to the prefix")
file(RELATIVE_PATH _py_to_lib /${KOSEARCH_PYTHON_DIR}/kosearch /${CMAKE_INSTALL_LIBDIR})
file(WRITE ${PROJECT_BINARY_DIR}/python/_location.py
     "# Written by cmake: the directory of libkosearch_c.so, relative to this package.\n"
     "LIBRARY_DIR = \"${_py_to_lib}\"\n")
install(DIRECTORY ${PROJECT_SOURCE_DIR}/python/kosearch DESTINATION ${KOSEARCH_PYTHON_DIR}
        FILES_MATCHING PATTERN "*.py" PATTERN "__pycache__" EXCLUDE)
install(FILES ${PROJECT_BINARY_DIR}/python/_location.py DESTINATION ${KOSEARCH_PYTHON_DIR}/kosearch)
