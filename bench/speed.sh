#!/usr/bin/env bash
# Speed and size on ../shared/data: index build time and peak RSS, index size on disk, query
# latency (one thread, warm, dev questions as the load) at k=100 and k=10, and the analyzer's
# own throughput on kowiki text. Query lines: `text=0` is ids and scores only (what Lucene's and
# Xapian's figures in the speed issue measure); the others also read the passage text and build
# highlighted snippets, as `kosearch search` does.
#
#   bench/speed.sh [COLLECTION] [extra `kosearch index` options...]   (default korquad1_wiki)
#   bench/speed.sh korquad1_wiki --append-only                        (the smaller, add-only index)
set -euo pipefail
cd "$(dirname "$0")/.."

main() {  # (not indented, so the body's history stays readable)
data="${KOSEARCH_DATA:-../shared/data}"
coll="${1:-korquad1_wiki}"; shift || true
work="${KOSEARCH_BENCH_DIR:-/tmp/kosearch-bench}"
[[ -d "$data/$coll" ]] || { echo "bench: $data/$coll not found (set KOSEARCH_DATA)"; exit 0; }
cmake -S . -B build-rel -DCMAKE_BUILD_TYPE=Release -DKOSEARCH_BUILD_TESTS=OFF >/dev/null
cmake --build build-rel --target kosearch_cli query_latency analyzer_throughput -j "$(nproc)" >/dev/null
idx="$work/speed-$coll"
rm -rf "$idx"; mkdir -p "$work"
input="$data/$coll"
bytes=$(zstd -dc "$input"/corpus.jsonl.zst 2>/dev/null | wc -c || wc -c < "$input/corpus.jsonl")
echo "# $coll: $bytes bytes of JSONL; nproc=$(nproc); options: $*"
/usr/bin/time -f "index: %e s wall, %M KB peak RSS" build-rel/cli/kosearch index --index "$idx" "$@" "$input"
echo "index size: $(du -sm "$idx" | cut -f1) MB ($(du -sb "$idx" | cut -f1) bytes)"
# Per Xapian table: docdata = passage text, postlist = postings + value slots, termlist = the
# per-passage term lists that replacing/deleting needs (absent with --append-only).
for t in "$idx"/*.glass; do echo "  $(basename "$t" .glass): $(( $(stat -c %s "$t") / 1000000 )) MB"; done
queries="$data/korquad1/queries.jsonl"
build-rel/bench/query_latency "$idx" "$queries" 100 text=0
build-rel/bench/query_latency "$idx" "$queries" 100
build-rel/bench/query_latency "$idx" "$queries" 10 text=0
build-rel/bench/query_latency "$idx" "$queries" 10
if [[ -f "$data/kowiki2020/corpus.jsonl.zst" ]]; then
  echo -n "analyzer alone, one thread, first 20,000 kowiki2020 articles: "
  { zstd -dc "$data/kowiki2020/corpus.jsonl.zst" 2>/dev/null || true; } | head -n 20000 |
    build-rel/bench/analyzer_throughput 3
fi
}

# The output also replaces this script's section of bench/RESULTS.md (bench/record_results.py).
out=$(mktemp)
trap 'rm -f "$out"' EXIT
main "$@" 2>&1 | tee "$out"  # a failure stops here (pipefail): nothing is recorded
python3 bench/record_results.py speed "bench/speed.sh $*" < "$out"
