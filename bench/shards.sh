#!/usr/bin/env bash
# Scale-out: a collection indexed as 1, 2 and 4 shards — index wall time, peak RSS and size, then
# query latency (bench/query_latency: one thread, warm, korquad1_wiki questions as the load,
# k=100) with the shards local (`auto` lines) and with every shard served by its own
# xapian-tcpsrv on loopback (`remote 127.0.0.1:PORT` lines). "1 shard" is the default one-database
# index (a fresh JSONL build is itself written by --threads writers, then merged).
#
#   bench/shards.sh [COLLECTION[:N]] [SHARD_COUNTS...]
#     COLLECTION: korquad1_wiki (default) or kowiki2020; :N indexes only the first N records
#     SHARD_COUNTS: default 1 2 4
#   KOSEARCH_BENCH_QUERIES=N uses only the first N questions (a quicker run on a big collection).
#   e.g. bench/shards.sh korquad1_wiki; bench/shards.sh kowiki2020:300000 1 2 4
set -euo pipefail
cd "$(dirname "$0")/.."
data="${KOSEARCH_DATA:-../shared/data}"
spec="${1:-korquad1_wiki}"; shift || true
counts=("$@"); [[ ${#counts[@]} -gt 0 ]] || counts=(1 2 4)
coll="${spec%%:*}"; limit=""; [[ "$spec" == *:* ]] && limit="${spec#*:}"
work="${KOSEARCH_BENCH_DIR:-/tmp/kosearch-bench}/shards-$coll${limit:+-$limit}"
queries="$data/korquad1_wiki/queries.jsonl"
[[ -d "$data/$coll" ]] || { echo "bench: $data/$coll not found (set KOSEARCH_DATA)"; exit 0; }
command -v xapian-tcpsrv >/dev/null || { echo "bench: xapian-tcpsrv not on PATH (scripts/install-deps.sh)"; exit 1; }
cmake -S . -B build-rel -DCMAKE_BUILD_TYPE=Release -DKOSEARCH_BUILD_TESTS=OFF >/dev/null
cmake --build build-rel --target kosearch_cli query_latency -j 2 >/dev/null
mkdir -p "$work"
if [[ -n "${KOSEARCH_BENCH_QUERIES:-}" ]]; then
  head -n "$KOSEARCH_BENCH_QUERIES" "$queries" > "$work/queries.jsonl"
  queries="$work/queries.jsonl"
fi

# The input: the collection's corpus, or its first $limit records (a uniform prefix).
input="$data/$coll"
if [[ -n "$limit" ]]; then
  input="$work/corpus-$limit.jsonl.zst"
  [[ -s "$input" ]] || zstd -dc "$data/$coll/corpus.jsonl.zst" | head -n "$limit" | zstd -q -o "$input"
fi

servers=()
stop_servers() { for pid in "${servers[@]}"; do kill "$pid" 2>/dev/null || true; done; servers=(); }
trap stop_servers EXIT

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
# Starts xapian-tcpsrv for database $1 on a free loopback port (retrying if the port is taken
# before the server binds it); sets $port. Not run in a subshell, so $servers keeps its pid.
serve() {
  local db="$1" pid
  for _ in 1 2 3 4 5 6 7 8 9 10; do
    port=$(free_port)
    # Its own session: on SIGTERM xapian-tcpsrv signals its whole process group (to stop the
    # per-connection children it forked), which would otherwise include this script.
    setsid xapian-tcpsrv --quiet --interface 127.0.0.1 --port "$port" "$db" >/dev/null 2>&1 &
    pid=$!
    for _ in $(seq 100); do
      if ! kill -0 "$pid" 2>/dev/null; then break; fi
      if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then servers+=("$pid"); return; fi
      sleep 0.05
    done
    kill "$pid" 2>/dev/null || true
  done
  echo "bench: xapian-tcpsrv would not start for $db" >&2; exit 1
}

echo "# $spec: nproc=$(nproc), load: $(wc -l < "$queries") korquad1_wiki questions, k=100, one query thread"
for n in "${counts[@]}"; do
  idx="$work/idx-$n"
  rm -rf "$idx"
  shards=(); [[ "$n" -gt 1 ]] && shards=(--shards "$n")
  /usr/bin/time -f "%e %M" -o "$work/time" build-rel/cli/kosearch index -q --index "$idx" "${shards[@]}" "$input" 2>/dev/null || true
  read -r secs rss < "$work/time"
  echo "shards=$n  index: ${secs} s wall, $((rss / 1024)) MB peak RSS, $(du -sm "$idx" | cut -f1) MB"
  echo "  local:  $(build-rel/bench/query_latency "$idx" "$queries" 100)"
  # Remote: every shard behind its own xapian-tcpsrv (as if each were on its own machine).
  stub="$work/remote-$n.stub"; : > "$stub"
  if [[ "$n" -gt 1 ]]; then
    for ((i = 0; i < n; i++)); do serve "$idx/shard-$i"; echo "remote 127.0.0.1:$port" >> "$stub"; done
  else
    serve "$idx"; echo "remote 127.0.0.1:$port" >> "$stub"
  fi
  echo "  remote: $(build-rel/bench/query_latency "$stub" "$queries" 100)"
  stop_servers
done
