#!/usr/bin/env bash
# What notifications add to intake: anonymous POST /api/v1/reports on a fresh
# store, with notifications off, on, and queued only. "on" means each report
# queues an email to 3 host-organisation admins (delivered to a loopback
# aiosmtpd sink) and a signed webhook (to bench/hook_receiver.mjs), and the
# worker delivers them while the intake runs; "queue" writes the same
# messages with the worker off (notify.worker = false), which isolates what
# the request itself pays.
#
#   bench/notify_intake.sh
# env: DURATION (20 s), RUNS (3, alternating the modes), MODES ("off on queue"),
#      RATE (reports/s, open loop with bench/open_loop.mjs: latency at a load
#      the machine carries) or, without RATE, CONNS (32, wrk closed loop: at saturation)
set -euo pipefail
source "$(dirname "$0")/lib.sh"
WORK=$(mktemp -d /tmp/ld-notifybench.XXXXXX)
RECV_PID="" SMTP_PID=""
trap 'stop_server; for p in $RECV_PID $SMTP_PID; do kill $p 2>/dev/null || true; done; rm -rf "$WORK"' EXIT
# The receivers stand in for other machines: niced, so they take the CPU
# the server leaves rather than compete with it on these 2 cores.
nice -n 10 node "$BENCH_DIR/hook_receiver.mjs" "$WORK/port" & RECV_PID=$!
SMTP_PORT=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
nice -n 10 /usr/bin/python3 -m aiosmtpd -n -l "127.0.0.1:$SMTP_PORT" -c aiosmtpd.handlers.Sink & SMTP_PID=$!
for _ in $(seq 1 100); do [ -s "$WORK/port" ] && break; sleep 0.05; done
HOOK="http://127.0.0.1:$(cat "$WORK/port")/hook"
echo "/api/v1/reports" >"$WORK/paths"
echo "load before: $(uptime)" >&2

run_mode() {  # run_mode off|on|queue N -> RESULT line
  local mode=$1 n=$2 data=$WORK/data-$1-$2
  LOUDONG_NOTIFY_ENABLED=$([ "$mode" = off ] && echo false || echo true) \
    LOUDONG_NOTIFY_WORKER=$([ "$mode" = queue ] && echo false || echo true) \
    LOUDONG_SMTP_URL="smtp://127.0.0.1:$SMTP_PORT" \
    LOUDONG_SMTP_FROM=bench@example.cn start_server "$data" "$WORK/server-$mode-$n.log"
  sign_in
  local csrf
  csrf=$(curl -s -H "Cookie: $COOKIE" "$BASE/api/v1/session" | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf_token"])')
  for i in 1 2 3; do
    curl -sf -H "Cookie: $COOKIE" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
      -d "{\"username\":\"psirt$i\",\"password\":\"Bench-Password-$i-long\",\"email\":\"psirt$i@example.cn\",\"memberships\":[{\"org_id\":1,\"role\":\"admin\"}]}" \
      "$BASE/api/v1/users" >/dev/null
  done
  curl -sf -H "Cookie: $COOKIE" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
    -d "{\"url\":\"$HOOK\",\"events\":[\"report.received\"]}" "$BASE/api/v1/orgs/1/webhooks" >/dev/null
  local out
  if [ -n "${RATE:-}" ]; then
    out=$(node "$BENCH_DIR/open_loop.mjs" "$BASE/api/v1/reports" "$BENCH_DIR/intake_body.json" "$RATE" "${DURATION:-20}" |
      grep '^RESULT')
  else
    out=$(WRK_PATHS=$WORK/paths WRK_METHOD=POST WRK_BODY=$BENCH_DIR/intake_body.json WRK_COOKIE= \
      wrk -t "${THREADS:-2}" -c "${CONNS:-32}" -d "${DURATION:-20}s" --timeout 10s -s "$BENCH_DIR/wrk_rotate.lua" "$BASE" |
      grep '^RESULT')
  fi
  sleep 2  # let the worker finish what the intake queued
  stop_server
  local q
  q=$(python3 -c "
import sqlite3,sys
db=sqlite3.connect(sys.argv[1])
r=dict(db.execute('select state, count(*) from outbox group by state').fetchall())
print('queued=%d sent=%d' % (sum(r.values()), r.get('sent', 0)))" "$data/loudong.db")
  echo "$mode ${out#RESULT } $q"
}

results=()
for n in $(seq 1 "${RUNS:-3}"); do
  for mode in ${MODES:-off on queue}; do
    line=$(run_mode $mode $n)
    echo "  $line" >&2
    results+=("$line")
  done
done
echo "load after: $(uptime)" >&2
echo
if [ -n "${RATE:-}" ]; then load="open loop at $RATE reports/s"; else load="${CONNS:-32} connections, closed loop"; fi
echo "Intake with notifications off, on, and queued only (fresh store, $load, ${DURATION:-20} s a run)"
echo
echo "| notifications | reports/s | p50 ms | p95 ms | p99 ms | messages queued | sent by the end |"
echo "|---|---:|---:|---:|---:|---:|---:|"
for line in "${results[@]}"; do
  get() { local v=${line#*$1=}; echo "${v%% *}"; }
  echo "| ${line%% *} | $(get rps) | $(get p50_ms) | $(get p95_ms) | $(get p99_ms) | $(get queued) | $(get sent) |"
done
