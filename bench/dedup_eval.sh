#!/usr/bin/env bash
# Precision and recall of the near-duplicate grouping on copies made from corpus/ (reworded,
# trimmed, re-bylined, all three) and on the corpus's different stories about the same events.
#   bench/dedup_eval.sh
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build >/dev/null
cmake --build build --target dedup_eval -j 2 >/dev/null
build/bench/dedup_eval corpus
