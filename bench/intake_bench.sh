#!/usr/bin/env bash
# Intake benchmark: anonymous POST /api/v1/reports (~1.2 KB JSON body,
# bench/intake_body.json), each answered only after its report, receipt
# record, clocks and event are committed and fsynced (group commit).
#
#   bench/intake_bench.sh              a fresh store (temporary directory)
#   bench/intake_bench.sh DATA_DIR     an existing store (e.g. the 1M one; it grows)
#
# Env: DURATION (s, default 20), THREADS (wrk, 2), CONNS ("8 32 64": one
# measurement per count), RUNS (2, best by req/s reported), LOUDONG.
# Afterwards stops the server, runs `loudong receipts verify` and checks that
# every report has its receipt record.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
WORK=$(mktemp -d /tmp/ld-intakebench.XXXXXX)
trap 'stop_server; rm -rf "$WORK"' EXIT
if [ $# -ge 1 ]; then DATA=$1; LABEL="existing store $DATA"; else DATA=$WORK/data; LABEL="fresh store"; fi
echo "load before: $(uptime)" >&2
echo "/api/v1/reports" >"$WORK/paths"
before=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from reports').fetchone()[0])" "$DATA/loudong.db" 2>/dev/null || echo 0)
start_server "$DATA" "$WORK/server.log"
results=()
for c in ${CONNS:-8 32 64}; do
  best="" bestr=0
  for r in $(seq 1 "${RUNS:-2}"); do
    out=$(WRK_PATHS=$WORK/paths WRK_METHOD=POST WRK_BODY=$BENCH_DIR/intake_body.json \
      wrk -t "${THREADS:-2}" -c "$c" -d "${DURATION:-20}s" --timeout 10s -s "$BENCH_DIR/wrk_rotate.lua" "$BASE" |
      grep '^RESULT')
    echo "  intake c=$c run $r: ${out#RESULT }" >&2
    rps=${out#*rps=}; rps=${rps%% *}
    if awk "BEGIN{exit !($rps > $bestr)}"; then best=$out; bestr=$rps; fi
  done
  results+=("$c ${best#RESULT }")
done
stop_server
echo "load after: $(uptime)" >&2
after=$(python3 -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute('select count(*) from reports').fetchone()[0])" "$DATA/loudong.db")
echo "reports before $before, after $after (+$((after - before)))" >&2
verify=$("$LOUDONG" receipts verify --data "$DATA")
echo "$verify" >&2
missing=$(python3 -c "
import sqlite3,sys
db=sqlite3.connect(sys.argv[1])
print(db.execute('select count(*) from reports r left join receipts x on x.seq=r.receipt_seq where x.seq is null').fetchone()[0])" "$DATA/loudong.db")
echo
echo "Intake on $LABEL ($before reports at start)"
echo
echo "| connections | reports/s | p50 ms | p95 ms | p99 ms | max ms | non-2xx | socket errors |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|"
for line in "${results[@]}"; do
  get() { local v=${line#*$1=}; echo "${v%% *}"; }
  echo "| ${line%% *} | $(get rps) | $(get p50_ms) | $(get p95_ms) | $(get p99_ms) | $(get max_ms) | $(get non2xx) | $(get socket_errors) |"
done
echo
echo "receipts verify: $(echo "$verify" | python3 -c 'import json,sys; d=json.load(sys.stdin); print("ok" if d["ok"] else "BROKEN", "checked", d["checked"], "head_seq", d["head_seq"])'); reports without a receipt record: $missing"
