#!/usr/bin/env bash
# Speed of the news search side (docs/news-search.md), on ../shared/data/korquad1_wiki:
#  1. the build with duplicate detection vs a kosearch without it (BASE_KOSEARCH, e.g. main's
#     build), interleaved runs;
#  2. k=10 query latency of the korquad1 questions: plain, and counting all four facets;
#  3. the same on a synthetic copy of korquad1_wiki whose articles carry news fields
#     (bench/news_index.cpp), plain, with facets, and with a publisher filter.
#   BASE_KOSEARCH=/path/to/old/kosearch BASE_QUERY_LATENCY=/path/to/old/query_latency \
#     bench/news_speed.sh [RUNS]
set -euo pipefail
cd "$(dirname "$0")/.."
data="${KOSEARCH_DATA:-../shared/data}"
work="${KOSEARCH_BENCH_DIR:-/tmp/kosearch-news-bench}"
runs="${1:-2}"
[[ -d "$data/korquad1_wiki" ]] || { echo "bench: $data/korquad1_wiki not found (set KOSEARCH_DATA)"; exit 0; }
cmake --build build --target kosearch_cli query_latency news_index -j 2 >/dev/null
mkdir -p "$work"
queries="$data/korquad1/queries.jsonl"
facets="facets=publisher,reporter,section,month"
for ((i = 1; i <= runs; ++i)); do
  if [[ -n "${BASE_KOSEARCH:-}" ]]; then
    rm -rf "$work/base"
    /usr/bin/time -f "build without dedup: %e s wall, %U s user, %S s sys" "$BASE_KOSEARCH" index -q --index "$work/base" "$data/korquad1_wiki"
  fi
  rm -rf "$work/kq"
  /usr/bin/time -f "build with dedup:    %e s wall, %U s user, %S s sys" build/cli/kosearch index -q --index "$work/kq" "$data/korquad1_wiki"
done
echo "korquad1_wiki (no news fields):"
if [[ -n "${BASE_QUERY_LATENCY:-}" ]]; then
  echo -n "before (BASE_QUERY_LATENCY), plain: "; "$BASE_QUERY_LATENCY" "$work/kq" "$queries" 10
fi
build/bench/query_latency "$work/kq" "$queries" 10
build/bench/query_latency "$work/kq" "$queries" 10 "$facets"
zstd -dc "$data/korquad1_wiki/corpus.jsonl.zst" > "$work/corpus.jsonl"
rm -rf "$work/news"
build/bench/news_index "$work/corpus.jsonl" "$work/news"
echo "korquad1_wiki with synthetic news fields:"
build/bench/query_latency "$work/news" "$queries" 10
build/bench/query_latency "$work/news" "$queries" 10 "$facets"
build/bench/query_latency "$work/news" "$queries" 10 publisher=언론사3
build/bench/query_latency "$work/news" "$queries" 10 sort=newest
build/bench/query_latency "$work/news" "$queries" 10 recency=30
clusters=$(xapian-delve -a -1 "$work/kq" 2>/dev/null | grep -c '^XK' || true)
echo "clusters of copies in korquad1_wiki: $clusters"
if [[ "$clusters" != 0 ]]; then  # grouped (default) vs every copy shown, on the dev questions
  build/cli/kosearch eval --index "$work/kq" --queries "$data/korquad1_wiki/queries.jsonl" \
    --qrels "$data/korquad1_wiki/qrels/test.tsv" -k 100 --b-set duplicates=show --format table \
    -m ndcg_cut_10 -m recall_100 2> >(grep -E "error" >&2)
fi
rm -rf "$work"
