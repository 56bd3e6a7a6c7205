#!/usr/bin/env bash
# Suggestions as typed on korquad1_wiki: success@5 of >= 200 inputs made from the corpus's
# titles (half-typed, initial consonants, English layout; bench/suggest_bench.cpp) and the
# latency of Searcher::suggest (one thread, warm).
#
#   bench/suggest.sh [INDEX]     (default: builds /tmp/kosearch-bench/suggest-idx once)
#
# Titles are the corpus's distinct titles in a fixed shuffled order (seed 24), so the inputs
# are the same on every run.
set -euo pipefail
cd "$(dirname "$0")/.."
data="${KOSEARCH_DATA:-../shared/data}"
build="${KOSEARCH_BUILD:-build}"
work="${KOSEARCH_BENCH_DIR:-/tmp/kosearch-bench}"
n="${KOSEARCH_SUGGEST_TITLES:-100}"
[[ -d "$data/korquad1_wiki" ]] || { echo "bench: $data/korquad1_wiki not found (set KOSEARCH_DATA)"; exit 0; }
cmake --build "$build" --target kosearch_cli suggest_bench >/dev/null
mkdir -p "$work"
index="${1:-$work/suggest-idx}"
if [[ ! -d "$index" ]]; then
  "$build/cli/kosearch" index -q --index "$index" "$data/korquad1_wiki"
fi
titles="$work/suggest-titles.txt"
zstdcat "$data/korquad1_wiki/corpus.jsonl.zst" | python3 -c '
import json, random, sys
titles = sorted({json.loads(l).get("title", "") for l in sys.stdin} - {""})
random.Random(24).shuffle(titles)
print("\n".join(titles))' > "$titles"
"$build/bench/suggest_bench" "$index" "$titles" "$n"
