#!/usr/bin/env bash
# Installs the build tree into a temporary prefix, builds examples/cpp and examples/c against
# it (CMake package, and the C one also through pkg-config), indexes corpus/ with the installed
# CLI and runs both examples on that index.
# Usage: install_test.sh BUILD_DIR SOURCE_DIR C_COMPILER CXX_COMPILER [SANITIZE]
set -euo pipefail
build=$1 src=$2 cc=$3 cxx=$4 sanitize=${5:-}

work=$(mktemp -d "${TMPDIR:-/tmp}/kosearch-install-test.XXXXXX")
trap 'rm -rf "$work"' EXIT
prefix=$work/prefix
fail() { echo "install_test: FAIL: $*" >&2; exit 1; }
run() { "$@" >"$work/log" 2>&1 || { cat "$work/log" >&2; fail "$*"; }; }

# Static archives built with sanitizers need the sanitizer runtime in every consumer.
flags=()
extra_cflags=""
if [[ -n "$sanitize" ]]; then
  extra_cflags="-fsanitize=$sanitize -fno-omit-frame-pointer"
  flags=(-DCMAKE_C_FLAGS="$extra_cflags" -DCMAKE_CXX_FLAGS="$extra_cflags"
         -DCMAKE_EXE_LINKER_FLAGS="-fsanitize=$sanitize")
  export ASAN_OPTIONS=detect_leaks=0
fi

run cmake --install "$build" --prefix "$prefix"
libdir=$(cd "$prefix" && dirname "$(find . -name kosearchConfig.cmake)" | sed 's|^\./||; s|/cmake/kosearch$||')
for f in include/kosearch/kosearch.hpp include/kosearch/c.h include/kosearch/core/version.hpp \
         include/kosearch/searcher/searcher.hpp "$libdir/cmake/kosearch/kosearchTargets.cmake" \
         "$libdir/cmake/kosearch/kosearchConfigVersion.cmake" "$libdir/pkgconfig/kosearch.pc" bin/kosearch; do
  [[ -e "$prefix/$f" ]] || fail "$f was not installed"
done
# Internal headers stay out: no schema, no Xapian/ICU/Boost includes in public headers.
[[ -z "$(find "$prefix/include" -name 'schema.hpp' -o -name 'server.hpp')" ]] || fail "internal headers installed"
! grep -rlE '#include <(xapian|unicode/|boost/)' "$prefix/include" || fail "a public header includes a dependency"

# The C++ and C examples through find_package(kosearch).
run cmake -S "$src/examples/cpp" -B "$work/cpp" -DCMAKE_PREFIX_PATH="$prefix" \
    -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_BUILD_TYPE=Release "${flags[@]}"
run cmake --build "$work/cpp" -j 2
run cmake -S "$src/examples/c" -B "$work/c" -DCMAKE_PREFIX_PATH="$prefix" \
    -DCMAKE_C_COMPILER="$cc" -DCMAKE_CXX_COMPILER="$cxx" -DCMAKE_BUILD_TYPE=Release "${flags[@]}"
run cmake --build "$work/c" -j 2

# The C example again through pkg-config (static libraries need --static).
export PKG_CONFIG_PATH="$prefix/$libdir/pkgconfig"
# shellcheck disable=SC2046
run "$cc" -std=c99 -Wall -Wextra -Werror -pedantic $extra_cflags "$src/examples/c/main.c" \
    -o "$work/c_pkgconfig" $(pkg-config --cflags --libs --static kosearch)
export LD_LIBRARY_PATH="$prefix/$libdir${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"

# A tiny index built by the installed CLI.
run "$prefix/bin/kosearch" index --quiet --index "$work/idx" "$src/corpus"

query="스케일AI 지분"
for exe in "$work/cpp/search_example" "$work/c/search_example_c" "$work/c_pkgconfig"; do
  "$exe" "$work/idx" "$query" >"$work/out" 2>&1 || { cat "$work/out" >&2; fail "$exe exited $?"; }
  grep -q "passages match \"$query\"" "$work/out" || { cat "$work/out" >&2; fail "$exe: no header line"; }
  grep -q '^1\. \[[0-9.]*\] .*스케일' "$work/out" || { cat "$work/out" >&2; fail "$exe: no first hit"; }
  grep -q '<b>' "$work/out" || { cat "$work/out" >&2; fail "$exe: no highlighted snippet"; }
  # A missing index is reported, not crashed on.
  if "$exe" "$work/no-such-index" "$query" >"$work/out" 2>&1; then fail "$exe: missing index accepted"; fi
  grep -q "index not found\|no index" "$work/out" || { cat "$work/out" >&2; fail "$exe: bad error"; }
done

# The Python package from the prefix: no KOSEARCH_LIBRARY, it finds the installed library
# through its _location.py. (Not under sanitizers: python cannot load an instrumented library.)
if [[ -z "$sanitize" ]]; then
  pydir=$(cd "$prefix" && dirname "$(find . -path '*/kosearch/_location.py')" | sed 's|^\./||; s|/kosearch$||')
  [[ -n "$pydir" && -f "$prefix/$pydir/kosearch/__init__.py" ]] || fail "the Python package was not installed"
  ( unset KOSEARCH_LIBRARY LD_LIBRARY_PATH
    PYTHONPATH="$prefix/$pydir" PYTHONDONTWRITEBYTECODE=1 python3 "$src/examples/python/search_corpus.py" \
      --index "$work/pyidx" "$src/corpus" "$query" ) >"$work/out" 2>&1 || { cat "$work/out" >&2; fail "python example exited $?"; }
  grep -q '^ 1\. \[[0-9.]*\] .*스케일' "$work/out" || { cat "$work/out" >&2; fail "python example: no first hit"; }
  grep -q "$prefix/$libdir/libkosearch_c.so" <(env -u KOSEARCH_LIBRARY PYTHONPATH="$prefix/$pydir" python3 -c \
      'import kosearch._lib as l; print(l.lib._name)') || fail "python loaded another libkosearch_c"
fi
echo "install_test: OK (prefix layout, CMake package, pkg-config, C++ and C examples, Python package)"
