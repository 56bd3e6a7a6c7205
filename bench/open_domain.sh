#!/usr/bin/env bash
# Open-domain search (issue 27): the korquad1_wiki dev questions against all of Korean Wikipedia
# (kowiki_open, 448,957 passages). One command for the issue's table row: build time and peak
# RSS, index size (and per Xapian table), nDCG@10 / RR@10 / R@100 and answer hit@1/5/20 (spaced
# and no-space questions), and query latency at k=100, one thread, warm (ids only, then with
# passage text and snippets as `kosearch search` serves them).
#
#   bench/open_domain.sh [OUT] [extra `kosearch index` options...]
#     OUT: the built collection (corpus.jsonl, queries, qrels, answers); default
#          $KOSEARCH_BENCH_DIR/kowiki_open, built there with ../shared/data/kowiki_open/build.py
#          when missing (~1 minute, ~420 MB).
#   KOSEARCH_BIN=build/cli/kosearch KOSEARCH_LATENCY=build/bench/query_latency: use these builds
#   KOSEARCH_SET="k1=0.9 ...": search options for eval and latency
#   KOSEARCH_KEEP_INDEX=1: reuse the index of an earlier run (no build, no build figures)
#
# The peers' figures (Lucene 8.8 Nori / CJK) are in ../shared/peers/ANCHORS.md; they are not run
# here (a Lucene Nori build alone takes ~330 s on 2 cores).
set -euo pipefail
cd "$(dirname "$0")/.."

main() {  # (not indented, so the body's history stays readable)
data="${KOSEARCH_DATA:-../shared/data}"
work="${KOSEARCH_BENCH_DIR:-/tmp/kosearch-bench}"
out="${1:-$work/kowiki_open}"; shift || true
bin="${KOSEARCH_BIN:-build-rel/cli/kosearch}"
lat="${KOSEARCH_LATENCY:-build-rel/bench/query_latency}"
read -r -a sets_kv <<< "${KOSEARCH_SET:-}"
sets=()
for kv in "${sets_kv[@]}"; do sets+=(--set "$kv"); done
if [[ ! -f "$out/corpus.jsonl" ]]; then
  [[ -f "$data/kowiki_open/build.py" ]] || { echo "bench: $data/kowiki_open/build.py not found (set KOSEARCH_DATA)"; exit 0; }
  mkdir -p "$out"
  python3 "$data/kowiki_open/build.py" "$out"
fi
if [[ ! -x "$bin" || ! -x "$lat" ]]; then
  cmake -S . -B build-rel -DCMAKE_BUILD_TYPE=Release -DKOSEARCH_BUILD_TESTS=OFF >/dev/null
  cmake --build build-rel --target kosearch_cli query_latency -j "$(nproc)" >/dev/null
fi
idx="$work/open-index"
mkdir -p "$work"
echo "# kowiki_open: $(wc -l < "$out/corpus.jsonl") records, $(wc -c < "$out/corpus.jsonl") bytes; nproc=$(nproc); index options: '$*'; search options: '${KOSEARCH_SET:-}'"
if [[ -z "${KOSEARCH_KEEP_INDEX:-}" || ! -d "$idx" ]]; then
  rm -rf "$idx"
  local tv; tv=$(mktemp)
  /usr/bin/time -v -o "$tv" "$bin" index -q --index "$idx" "$@" "$out"
  echo "build: $(awk -F': ' '/Elapsed \(wall clock\)/{print $2}' "$tv") wall (h:mm:ss), $(awk -F': ' '/User time/{u=$2} /System time/{s=$2} END{printf "%.0f", u+s}' "$tv") s CPU, peak RSS $(awk -F': ' '/Maximum resident/{printf "%d", $2/1024}' "$tv") MB"
  rm -f "$tv"
else
  echo "build: not run (KOSEARCH_KEEP_INDEX: the index of an earlier run)"
fi
echo "index size: $(du -sm "$idx/" | cut -f1) MB ($(du -sb "$idx/" | cut -f1) bytes)"
# docdata = passage text, postlist = postings + value slots, termlist = per-passage term lists
# (replacing/deleting needs them; absent with --append-only), position = term positions.
for t in "$idx"/*.glass; do echo "  $(basename "$t" .glass): $(( $(stat -c %s "$t") / 1000000 )) MB"; done
for q in queries queries-nospace; do
  echo "## $q (dev questions)"
  "$bin" eval --index "$idx" --queries "$out/$q.jsonl" --qrels "$out/qrels/test.tsv" -k 100 \
    --answers "$out/answers.jsonl" "${sets[@]}" --format table \
    -m ndcg_cut_10 -m RR@10 -m recall_100 -m answer_hit@1 -m answer_hit@5 -m answer_hit@20 \
    2> >(grep -E "searched|error" >&2)
done
echo "## query latency (dev questions, one thread, warm)"
"$lat" "$idx" "$out/queries.jsonl" 100 text=0 "${sets_kv[@]}"
"$lat" "$idx" "$out/queries.jsonl" 100 "${sets_kv[@]}"
echo "peers (../shared/peers/ANCHORS.md, 2026-12-03, each run alone): Lucene Nori nDCG@10 0.8417, build 330 s, 119 MB (ids only), p50/p99 5.0/21.3 ms; Lucene CJK 0.8100, 83 s, 213 MB, 9.0/36.8 ms"
}

# The output also replaces this script's section of bench/RESULTS.md (bench/record_results.py).
log=$(mktemp)
trap 'rm -f "$log"' EXIT
main "$@" 2>&1 | tee "$log"  # a failure stops here (pipefail): nothing is recorded
python3 bench/record_results.py open_domain "bench/open_domain.sh $*" < "$log"
