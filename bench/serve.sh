#!/usr/bin/env bash
# Throughput and latency of `kosearch serve` on loopback: builds (or reuses) an index of a BEIR
# collection, starts the server, and drives it with wrk (scripts/install-deps.sh --dev) cycling
# through the collection's questions, for each k and client concurrency.
#
#   bench/serve.sh [COLLECTION] [SECONDS]      (default korquad1_wiki, 20 s per run)
set -euo pipefail
cd "$(dirname "$0")/.."
data="${KOSEARCH_DATA:-../shared/data}"
coll="${1:-korquad1_wiki}"
seconds="${2:-20}"
work="${KOSEARCH_BENCH_DIR:-/tmp/kosearch-bench}"
[[ -d "$data/$coll" ]] || { echo "bench: $data/$coll not found (set KOSEARCH_DATA)"; exit 0; }
command -v wrk >/dev/null || { echo "bench: wrk not found; run scripts/install-deps.sh --dev" >&2; exit 2; }
cmake -S . -B build-rel -DCMAKE_BUILD_TYPE=Release -DKOSEARCH_BUILD_TESTS=OFF >/dev/null
cmake --build build-rel --target kosearch_cli -j "$(nproc)" >/dev/null
idx="$work/serve-$coll"
mkdir -p "$work"
[[ -d "$idx" ]] || build-rel/cli/kosearch index -q --index "$idx" "$data/$coll"

export QUERIES_URLENC="$work/queries-$coll.urlenc"
python3 -c 'import json,sys,urllib.parse
for l in open(sys.argv[1], encoding="utf-8"):
    print(urllib.parse.quote(json.loads(l)["text"], safe=""))' "$data/$coll/queries.jsonl" > "$QUERIES_URLENC"
port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
threads="${KOSEARCH_SERVE_THREADS:-$(nproc)}"
build-rel/cli/kosearch serve --index "$idx" --listen "127.0.0.1:$port" --threads "$threads" \
  >"$work/serve.log" 2>&1 &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null || true' EXIT
for _ in $(seq 100); do
  curl -sf "http://127.0.0.1:$port/health" >/dev/null 2>&1 && break
  sleep 0.1
done
echo "# kosearch serve, $coll, $threads worker threads, nproc=$(nproc), wrk -t1, ${seconds}s per line"
for k in 10 100; do
  for c in 1 4 16; do
    echo -n "k=$k connections=$c: "
    K=$k wrk -t1 -c"$c" -d"${seconds}s" --latency -s bench/serve_queries.lua "http://127.0.0.1:$port" \
      | tail -n 1
  done
done
