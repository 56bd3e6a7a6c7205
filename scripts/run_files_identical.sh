#!/usr/bin/env bash
# Guard for refactors that must not change behaviour: indexes korquad1_wiki and korquad1 afresh
# with this build's kosearch, writes the run files of the three KorQuAD query sets (as
# bench/relevance.sh runs them), and saves them or compares them byte for byte with a saved copy.
#
#   scripts/run_files_identical.sh --save DIR     # before the change (e.g. on main)
#   scripts/run_files_identical.sh --check DIR    # after: exit 1 and a diff summary if any differs
#
# KOSEARCH_BIN (default build/cli/kosearch), KOSEARCH_DATA (default ../shared/data),
# KOSEARCH_GUARD_DIR (scratch, default /tmp/kosearch-guard-$USER; the indexes are rebuilt there).
set -euo pipefail
cd "$(dirname "$0")/.."

usage() { echo "usage: $0 --save DIR | --check DIR" >&2; exit 2; }
[[ $# -eq 2 ]] || usage
mode="$1" dir="$2"
[[ "$mode" == --save || "$mode" == --check ]] || usage
bin="${KOSEARCH_BIN:-build/cli/kosearch}"
data="${KOSEARCH_DATA:-../shared/data}"
work="${KOSEARCH_GUARD_DIR:-/tmp/kosearch-guard-${USER:-$(id -u)}}"
[[ -x "$bin" ]] || { echo "guard: $bin not built (cmake --build build --target kosearch_cli)" >&2; exit 2; }
[[ -d "$data/korquad1_wiki" ]] || { echo "guard: $data/korquad1_wiki not found (set KOSEARCH_DATA)" >&2; exit 2; }
if [[ "$mode" == --check && ! -d "$dir" ]]; then
  echo "guard: no saved run files in $dir (make them first with --save $dir on unchanged code)" >&2
  exit 2
fi

mkdir -p "$work/runs"
rm -f "$work/runs"/*.trec
for coll in korquad1_wiki korquad1; do
  t0=$(date +%s)
  "$bin" index --rebuild -q --index "$work/$coll" "$data/$coll" >/dev/null
  echo "guard: indexed $coll in $(( $(date +%s) - t0 )) s" >&2
done

run() {  # run NAME COLLECTION QUERIES
  "$bin" eval --index "$work/$2" --queries "$3" --qrels "$data/$2/qrels/test.tsv" -k 100 \
    --run "$work/runs/$1.trec" --format table -m ndcg_cut_10 >/dev/null 2>&1
  echo "guard: searched $1" >&2
}
run korquad1_wiki korquad1_wiki "$data/korquad1_wiki/queries.jsonl"
run korquad1_wiki-nospace korquad1_wiki "$data/korquad1_wiki/queries-nospace.jsonl"
run korquad1 korquad1 "$data/korquad1/queries.jsonl"

if [[ "$mode" == --save ]]; then
  mkdir -p "$dir"
  cp "$work/runs"/*.trec "$dir/"
  echo "guard: saved $(ls "$dir"/*.trec | wc -l) run files in $dir"
  exit 0
fi
status=0
for f in "$dir"/*.trec; do
  name=$(basename "$f")
  if cmp -s "$f" "$work/runs/$name"; then
    echo "guard: $name identical ($(wc -l < "$f") lines)"
  else
    echo "guard: $name DIFFERS: $(diff "$f" "$work/runs/$name" | grep -c '^[<>]') changed lines"
    status=1
  fi
done
exit $status
