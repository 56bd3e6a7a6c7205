#!/usr/bin/env bash
# Relevance on the KorQuAD collections in ../shared/data, with kosearch eval.
#
#   bench/relevance.sh [--index-opts "..."] [--set KEY=VALUE ...] [--compare-set KEY=VALUE ...]
#
# Builds (or reuses) an index of korquad1_wiki and korquad1 for the given index options, runs the
# three query sets (korquad1_wiki dev questions, the same with every space removed, korquad1),
# and prints nDCG@10 / MRR@10 (RR@10) / Recall@100 / MAP per set, and the answer accuracy
# answer_hit@1,5,10,20,100 where the collection has answers.jsonl. With --compare-set, system B
# (same index, changed search options) is compared with A by a paired t-test and randomization
# test. KOSEARCH_REPORT_DIR=DIR also writes one HTML report per set there.
set -euo pipefail
cd "$(dirname "$0")/.."

main() {  # (not indented, so the body's history stays readable)
data="${KOSEARCH_DATA:-../shared/data}"
bin="${KOSEARCH_BIN:-build-rel/cli/kosearch}"
work="${KOSEARCH_BENCH_DIR:-/tmp/kosearch-bench}"
index_opts=""
sets=()
bsets=()
while [[ $# -gt 0 ]]; do
  case "$1" in
    --index-opts) index_opts="$2"; shift 2 ;;
    --set) sets+=(--set "$2"); shift 2 ;;
    --compare-set) bsets+=(--b-set "$2"); shift 2 ;;
    *) echo "unknown argument $1" >&2; exit 2 ;;
  esac
done
[[ -d "$data/korquad1_wiki" ]] || { echo "bench: $data/korquad1_wiki not found (set KOSEARCH_DATA)"; exit 0; }
if [[ ! -x "$bin" ]]; then
  cmake -S . -B build-rel -DCMAKE_BUILD_TYPE=Release -DKOSEARCH_BUILD_TESTS=OFF >/dev/null
  cmake --build build-rel --target kosearch_cli -j "$(nproc)" >/dev/null
fi
mkdir -p "$work"
tag=$(echo "idx ${index_opts}" | tr -c 'a-zA-Z0-9_\n-' '_')

index() {  # index NAME -> path; built once per option set
  local name="$1"
  local dir="$work/$name-$tag"
  # Rebuilt when missing, incomplete, or unreadable by this kosearch (an older schema).
  if [[ ! -f "$dir/.complete" ]] || ! "$bin" search --index "$dir" -k 1 지분 >/dev/null 2>&1; then
    local t0=$(date +%s.%N)
    # shellcheck disable=SC2086
    "$bin" index --rebuild $index_opts --index "$dir" "$data/$name" >&2
    local t1=$(date +%s.%N)
    echo "bench: indexed $name in $(awk "BEGIN{printf \"%.1f\", $t1 - $t0}") s, $(du -sm "$dir" | cut -f1) MB ($index_opts)" >&2
    touch "$dir/.complete"
  fi
  echo "$dir"
}

run_set() {  # run_set LABEL COLLECTION QUERIES
  local label="$1" coll="$2" queries="$3"
  local dir; dir=$(index "$coll")
  local extra=()
  [[ -f "$data/$coll/answers.jsonl" ]] && extra+=(--answers "$data/$coll/answers.jsonl")
  if [[ -n "${KOSEARCH_REPORT_DIR:-}" ]]; then
    mkdir -p "$KOSEARCH_REPORT_DIR"
    extra+=(--report "$KOSEARCH_REPORT_DIR/$(basename "$queries" .jsonl)-$coll.html")
  fi
  echo "## $label"
  "$bin" eval --index "$dir" --queries "$queries" --qrels "$data/$coll/qrels/test.tsv" -k 100 \
    "${sets[@]}" "${bsets[@]}" "${extra[@]}" --format table \
    -m ndcg_cut_10 -m RR@10 -m recall_100 -m map 2> >(grep -E "searched|error" >&2)
  echo
}

echo "# kosearch relevance: index options '${index_opts}', search options '${sets[*]}' vs '${bsets[*]}'"
run_set "korquad1_wiki (3,103 dev questions)" korquad1_wiki "$data/korquad1_wiki/queries.jsonl"
run_set "korquad1_wiki, spaces removed" korquad1_wiki "$data/korquad1_wiki/queries-nospace.jsonl"
run_set "korquad1 (961 gold passages)" korquad1 "$data/korquad1/queries.jsonl"
}

# The output also replaces this script's section of bench/RESULTS.md (bench/record_results.py).
out=$(mktemp)
trap 'rm -f "$out"' EXIT
main "$@" 2>&1 | tee "$out"  # a failure stops here (pipefail): nothing is recorded
python3 bench/record_results.py relevance "bench/relevance.sh $*" < "$out"
