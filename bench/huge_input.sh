#!/usr/bin/env bash
# Huge inputs: indexes (1) a JSONL file whose one record is a single 50 MB line and (2) a 200 MB
# JSONL file of ordinary records, and reports wall time and peak memory (VmHWM) of each run.
# Fails when a run fails or its peak RSS exceeds LIMIT_MB. Too slow for ctest (minutes), hence a
# bench script. Needs only bash, awk and /proc.
# Usage: bench/huge_input.sh [KOSEARCH_BINARY] [WORK_DIR]
#   env: LINE_MB (50), FILE_MB (200), LIMIT_MB (2048), KEEP=1 keeps WORK_DIR
set -euo pipefail
cd "$(dirname "$0")/.."

bin="${1:-build/cli/kosearch}"
work="${2:-$(mktemp -d "${TMPDIR:-/tmp}/kosearch-huge.XXXXXX")}"
line_mb="${LINE_MB:-50}"
file_mb="${FILE_MB:-200}"
limit_mb="${LIMIT_MB:-2048}"
[[ -x "$bin" ]] || { echo "huge_input: no kosearch binary at $bin (build first)" >&2; exit 2; }
mkdir -p "$work"
[[ "${KEEP:-0}" == 1 ]] || trap 'rm -rf "$work"' EXIT

# One Korean sentence (~100 bytes) repeated with a counter, so terms vary a little.
gen_text() {  # $1 = bytes wanted; prints text without a newline
  LC_ALL=C awk -v want="$1" 'BEGIN {
    split("메타가 스케일AI의 지분을 사들였다고 밝혔다.|엔비디아는 새 인공지능 칩을 공개했다.|삼성전자는 반도체 투자를 늘린다.|알렉산더 왕 창업자가 연구소를 이끈다.", s, "|");
    n = 0; out = 0;
    while (out < want) { t = s[n % 4 + 1] " " n " "; printf "%s", t; out += length(t); n++ }
  }'
}

echo "huge_input: generating ${line_mb} MB single-line record and ${file_mb} MB JSONL in $work"
{ printf '{"_id": "huge", "title": "한 줄짜리 거대한 기사", "text": "'; gen_text $((line_mb * 1024 * 1024)); printf '"}\n'; } >"$work/one_line.jsonl"
LC_ALL=C awk -v want=$((file_mb * 1024 * 1024)) 'BEGIN {
  split("메타가 스케일AI의 지분을 사들였다고 밝혔다.|엔비디아는 새 인공지능 칩을 공개했다.|삼성전자는 반도체 투자를 늘린다.|알렉산더 왕 창업자가 연구소를 이끈다.", s, "|");
  out = 0; i = 0;
  while (out < want) {
    text = ""; for (j = 0; j < 12; j++) text = text s[(i + j) % 4 + 1] " " (i * 7 + j) " ";
    line = sprintf("{\"_id\": \"r%d\", \"title\": \"기사 %d\", \"text\": \"%s\"}", i, i, text);
    print line; out += length(line) + 1; i++
  }
}' >"$work/big.jsonl"
ls -l "$work"/*.jsonl

status=0
run() {  # $1 = name, $2 = input
  local idx="$work/idx-$1" peak=0 hwm start end rc
  start=$(date +%s.%N)
  "$bin" index --index "$idx" "$2" >"$work/$1.err" 2>&1 &
  local pid=$!
  while kill -0 "$pid" 2>/dev/null; do
    hwm=$(awk '/VmHWM/ {print $2}' "/proc/$pid/status" 2>/dev/null || true)
    [[ -n "$hwm" && "$hwm" -gt "$peak" ]] && peak=$hwm
    sleep 0.2
  done
  rc=0; wait "$pid" || rc=$?
  end=$(date +%s.%N)
  local mb=$(( $(stat -c %s "$2") / 1048576 )) secs peak_mb=$((peak / 1024))
  secs=$(awk -v a="$start" -v b="$end" 'BEGIN {printf "%.1f", b - a}')
  echo "huge_input: $1: ${mb} MB input, exit $rc, ${secs} s, peak RSS ${peak_mb} MB (limit ${limit_mb} MB)"
  tail -n 2 "$work/$1.err" | sed 's/^/    /'
  if [[ $rc -ne 0 || $peak_mb -gt $limit_mb ]]; then status=1; fi
}
run one_line "$work/one_line.jsonl"
run big "$work/big.jsonl"
exit $status
