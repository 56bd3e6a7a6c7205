#!/usr/bin/env bash
# How index time, peak memory, size and query latency grow with the corpus: prefixes of
# ../shared/data/kowiki2020/corpus.jsonl.zst (any prefix is a uniform sample) of 10k, 100k and
# 300k articles, each indexed fresh with the default settings, then the 3,103 KorQuAD dev
# questions as the query load (one thread, warm; ids-only at k=100, and k=10 with snippets).
#
#   bench/scale.sh [SIZES...]          (default: 10000 100000 300000)
set -euo pipefail
cd "$(dirname "$0")/.."
data="${KOSEARCH_DATA:-../shared/data}"
work="${KOSEARCH_BENCH_DIR:-/tmp/kosearch-bench}"
src="$data/kowiki2020/corpus.jsonl.zst"
[[ -f "$src" ]] || { echo "bench: $src not found (set KOSEARCH_DATA)"; exit 0; }
sizes=("$@")
[[ ${#sizes[@]} -eq 0 ]] && sizes=(10000 100000 300000)
cmake -S . -B build-rel -DCMAKE_BUILD_TYPE=Release -DKOSEARCH_BUILD_TESTS=OFF >/dev/null
cmake --build build-rel --target kosearch_cli query_latency -j "$(nproc)" >/dev/null
mkdir -p "$work"
queries="$data/korquad1/queries.jsonl"
echo "# kowiki2020 prefixes; nproc=$(nproc); default index settings"
for n in "${sizes[@]}"; do
  input="$work/kowiki-$n.jsonl"
  if [[ ! -f "$input" ]]; then
    # zstd dies of SIGPIPE when head has enough: not an error here.
    { zstd -dc "$src" 2>/dev/null || true; } | head -n "$n" > "$input.tmp"
    mv "$input.tmp" "$input"
  fi
  idx="$work/scale-$n"
  rm -rf "$idx"
  echo "## $n articles, $(du -m "$input" | cut -f1) MB of JSONL"
  /usr/bin/time -f "index: %e s wall, %M KB peak RSS" build-rel/cli/kosearch index --index "$idx" "$input"
  echo "index size: $(du -sm "$idx" | cut -f1) MB"
  build-rel/bench/query_latency "$idx" "$queries" 100 text=0
  build-rel/bench/query_latency "$idx" "$queries" 10
done
