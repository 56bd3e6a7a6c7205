# Every dependency comes from a Debian package (scripts/install-deps.sh installs them).
find_package(PkgConfig REQUIRED)
# Debian's xapian-config.cmake defines no imported target; xapian-core.pc gives a proper one.
pkg_check_modules(XAPIAN REQUIRED IMPORTED_TARGET xapian-core)
pkg_check_modules(ZSTD REQUIRED IMPORTED_TARGET libzstd)
find_package(ICU 70 REQUIRED COMPONENTS uc i18n)
find_package(simdjson REQUIRED)
find_package(nlohmann_json 3.10 REQUIRED)
find_package(fmt REQUIRED)
find_package(Threads REQUIRED)
# xxHash (libxxhash-dev) is used header-only (XXH_INLINE_ALL in indexer/src/source_hash.cpp), so
# the installed static archives need no extra library; only its header must be found.
find_path(XXHASH_INCLUDE_DIR xxhash.h REQUIRED)
if(KOSEARCH_BUILD_CLI)
  find_package(Boost 1.74 REQUIRED COMPONENTS program_options)
endif()
# jemalloc (libjemalloc-dev) for the programs we ship (the CLI, its server, the benchmarks), not
# for the libraries: an embedding application chooses its own allocator. Xapian's indexer makes
# a few std::map nodes per posting; glibc's malloc costs 12-15% of a build there. Sanitizer and
# fuzzer builds keep the allocator their runtime replaces.
add_library(kosearch_allocator INTERFACE)
if(KOSEARCH_JEMALLOC AND NOT KOSEARCH_SANITIZE AND NOT KOSEARCH_FUZZ)
  pkg_check_modules(JEMALLOC REQUIRED IMPORTED_TARGET jemalloc)
  target_link_libraries(kosearch_allocator INTERFACE PkgConfig::JEMALLOC)
endif()
if(KOSEARCH_BUILD_TESTS)
  find_package(doctest REQUIRED)
endif()
