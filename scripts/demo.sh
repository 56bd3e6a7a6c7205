#!/usr/bin/env bash
# The README's first command: install what is missing, build, index corpus/ into a default
# index and answer a sample query. Usage: scripts/demo.sh ["QUERY"]
set -euo pipefail
cd "$(dirname "$0")/.."
query="${1:-스케일AI 지분}"

scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=Release >/dev/null
cmake --build build --target kosearch_cli -j "$(nproc)"
./build/cli/kosearch index --rebuild --index build/demo-index corpus/
echo
echo "\$ kosearch search --index build/demo-index \"$query\""
./build/cli/kosearch search --index build/demo-index -k 5 "$query"
