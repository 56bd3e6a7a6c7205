#!/usr/bin/env bash
# The README's second command (and all that .ci/run does): install what is missing, build every
# target with warnings as errors, run every test with ctest; then the whole suite again under
# ASan+UBSan (scripts/sanitize.sh) and each libFuzzer target for a short run (scripts/fuzz.sh).
# KOSEARCH_TEST_QUICK=1 stops after the first ctest (for a quick local check; CI never sets it).
# KOSEARCH_FUZZ_SECONDS sets the fuzzing time per target (default 20).
set -euo pipefail
cd "$(dirname "$0")/.."

step() { echo "test.sh: $* ($(date -u +%H:%M:%S), ${SECONDS}s in)"; }

scripts/install-deps.sh --fuzz
step "build and test (RelWithDebInfo, -Werror)"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DKOSEARCH_WERROR=ON >/dev/null
cmake --build build -j "$(nproc)"
ctest --test-dir build --output-on-failure -j "$(nproc)"
if [[ "${KOSEARCH_TEST_QUICK:-0}" == "1" ]]; then
  step "KOSEARCH_TEST_QUICK=1: sanitizers and fuzzing skipped"
  exit 0
fi

step "sanitizers: the whole suite under ASan+UBSan"
scripts/sanitize.sh
step "fuzzing: each libFuzzer target for ${KOSEARCH_FUZZ_SECONDS:-20}s"
scripts/fuzz.sh "${KOSEARCH_FUZZ_SECONDS:-20}"
step "all passed"
