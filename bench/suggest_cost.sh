#!/usr/bin/env bash
# What the suggestion terms cost a build (issue 24: build time up <= 10%, index up <= 10%): the
# same Release binary builds the collection with and without them (`--no-suggest`), in
# interleaved rounds (A B A B ...) so that a machine's drift hits both; prints each round's wall
# and user+sys CPU seconds, the medians, and the index sizes.
#
#   bench/suggest_cost.sh [COLLECTION] [ROUNDS]   (default korquad1_wiki, 5)
#
# Run it on an otherwise idle machine: rounds of one build differ by up to 25% under load.
set -euo pipefail
cd "$(dirname "$0")/.."

main() {
data="${KOSEARCH_DATA:-../shared/data}"
coll="${1:-korquad1_wiki}"
rounds="${2:-5}"
work="${KOSEARCH_BENCH_DIR:-/tmp/kosearch-bench}"
[[ -d "$data/$coll" ]] || { echo "bench: $data/$coll not found (set KOSEARCH_DATA)"; exit 0; }
cmake -S . -B build-rel -DCMAKE_BUILD_TYPE=Release -DKOSEARCH_BUILD_TESTS=OFF >/dev/null
cmake --build build-rel --target kosearch_cli -j "$(nproc)" >/dev/null
mkdir -p "$work"
times="$work/suggest-cost.times"
: > "$times"
echo "# $coll, $rounds interleaved rounds, nproc=$(nproc), load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
for ((r = 1; r <= rounds; r++)); do
  for variant in with without; do
    idx="$work/suggest-cost-$variant"
    rm -rf "$idx"
    flag=(); [[ $variant == without ]] && flag=(--no-suggest)
    /usr/bin/time -f "$variant %e %U %S" -a -o "$times" build-rel/cli/kosearch index -q "${flag[@]}" --index "$idx" "$data/$coll"
    tail -n 1 "$times" | awk -v r="$r" '{printf "round %d %-8s wall %6.1f s  cpu %6.1f s\n", r, $1, $2, $3 + $4}'
  done
done
python3 - "$times" "$work/suggest-cost-with" "$work/suggest-cost-without" <<'EOF'
import os, statistics, sys
rows = [line.split() for line in open(sys.argv[1])]
def med(variant, f):
    return statistics.median(f(r) for r in rows if r[0] == variant)
def size(path):
    return sum(os.path.getsize(os.path.join(d, n)) for d, _, names in os.walk(path) for n in names)
w, wo = med("with", lambda r: float(r[1])), med("without", lambda r: float(r[1]))
c, co = med("with", lambda r: float(r[2]) + float(r[3])), med("without", lambda r: float(r[2]) + float(r[3]))
s, so = size(sys.argv[2]), size(sys.argv[3])
print(f"median wall: with {w:.1f} s, without {wo:.1f} s: {100 * (w / wo - 1):+.1f}%")
print(f"median cpu:  with {c:.1f} s, without {co:.1f} s: {100 * (c / co - 1):+.1f}%")
# Rounds are pairs run back to back: the median of the pairs' ratios is less moved by drift.
pairs = [(float(a[1]) / float(b[1]), (float(a[2]) + float(a[3])) / (float(b[2]) + float(b[3])))
         for a, b in zip((r for r in rows if r[0] == "with"), (r for r in rows if r[0] == "without"))]
print(f"median of the rounds' ratios: wall {100 * (statistics.median(p[0] for p in pairs) - 1):+.1f}%, "
      f"cpu {100 * (statistics.median(p[1] for p in pairs) - 1):+.1f}%")
print(f"index size:  with {s / 1e6:.1f} MB, without {so / 1e6:.1f} MB: {100 * (s / so - 1):+.1f}%")
EOF
}

out=$(mktemp)
trap 'rm -f "$out"' EXIT
main "$@" 2>&1 | tee "$out"
python3 bench/record_results.py suggest_cost "bench/suggest_cost.sh $*" < "$out"
