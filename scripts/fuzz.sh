#!/usr/bin/env bash
# Builds the libFuzzer targets (clang, ASan + UBSan) into build-fuzz and runs each for SECONDS
# (default 60) from its seed corpus tests/fuzz/corpus/<target>/. Fails when a target crashes,
# leaks, times out or violates a checked property; the input is saved as
# build-fuzz/fuzz-artifacts/<target>/crash-* (copy it into tests/fuzz/regressions/<target>/ to make
# it a regression test). New interesting inputs accumulate in build-fuzz/fuzz-corpus/<target>/.
# Usage: scripts/fuzz.sh [SECONDS] [TARGET...]   (targets: fuzz_analyzer fuzz_phrase fuzz_query fuzz_jsonl
#        fuzz_decode; needs `scripts/install-deps.sh --dev` for clang and libclang-rt-14-dev)
set -euo pipefail
cd "$(dirname "$0")/.."

seconds="${1:-60}"
[[ $# -gt 0 ]] && shift
targets=("$@")
[[ ${#targets[@]} -eq 0 ]] && targets=(fuzz_analyzer fuzz_phrase fuzz_query fuzz_jsonl fuzz_decode)
build="${KOSEARCH_FUZZ_BUILD_DIR:-build-fuzz}"

command -v clang++ >/dev/null || { echo "fuzz: clang++ not found; run scripts/install-deps.sh --dev" >&2; exit 2; }
CC=clang CXX=clang++ cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKOSEARCH_FUZZ=ON \
  -DKOSEARCH_BUILD_TESTS=OFF -DKOSEARCH_BUILD_CLI=OFF -DKOSEARCH_BUILD_BENCH=OFF >/dev/null
cmake --build "$build" -j "$(nproc)" --target "${targets[@]}"

# Each input of fuzz_jsonl builds an index: on tmpfs its fsyncs cost nothing.
if [[ -z "${TMPDIR:-}" && -d /dev/shm && -w /dev/shm ]]; then export TMPDIR=/dev/shm; fi
# Readable stacks: clang-14's symbolizer (from llvm-14, a dependency of clang-14).
if [[ -z "${ASAN_SYMBOLIZER_PATH:-}" && -x /usr/lib/llvm-14/bin/llvm-symbolizer ]]; then
  export ASAN_SYMBOLIZER_PATH=/usr/lib/llvm-14/bin/llvm-symbolizer
fi
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-halt_on_error=1:print_stacktrace=1}"
# Longest input per target: analyzer inputs stay short for speed; queries reach past the 16 KB limit.
declare -A max_len=([fuzz_analyzer]=4096 [fuzz_query]=20000 [fuzz_jsonl]=16384 [fuzz_decode]=8192)
failed=()
for t in "${targets[@]}"; do
  corpus="$build/fuzz-corpus/$t"
  artifacts="$build/fuzz-artifacts/$t"
  mkdir -p "$corpus" "$artifacts"
  echo "fuzz: running $t for ${seconds}s"
  if ! "$build/tests/fuzz/$t" -max_total_time="$seconds" -timeout=30 -rss_limit_mb=4096 \
      -max_len="${max_len[$t]:-16384}" -print_final_stats=1 -artifact_prefix="$artifacts/" \
      "$corpus" "tests/fuzz/corpus/$t" >"$build/fuzz-$t.log" 2>&1; then
    failed+=("$t")
    echo "fuzz: $t FAILED; log: $build/fuzz-$t.log; input(s):" >&2
    ls -1 "$artifacts" >&2 || true
    grep -E "ERROR|SUMMARY|property violated|unexpected exception|#[0-9]+ 0x" "$build/fuzz-$t.log" | head -40 >&2 || true
  else
    grep -E "stat::number_of_executed_units|stat::new_units_added" "$build/fuzz-$t.log" | sed "s/^/fuzz: $t /" || true
  fi
done
if [[ ${#failed[@]} -gt 0 ]]; then
  echo "fuzz: failures in: ${failed[*]}" >&2
  exit 1
fi
echo "fuzz: no crashes in ${targets[*]} (${seconds}s each)"
