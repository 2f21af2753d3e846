#!/usr/bin/env bash
# Outbox throughput: N signed webhook deliveries drained by the worker to a
# loopback receiver (bench/hook_receiver.mjs), release build.
#
#   bench/outbox_bench.sh            N=20000 messages (env N), CONCURRENCY (8)
#
# The messages are written into a stopped server's outbox (as N requests
# would have queued them), then the server starts and the worker drains
# them; throughput = deliveries / (last received - first received) at the
# receiver. Checks afterwards that all N are `sent` with one attempt each
# and that the receiver saw N distinct delivery ids.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
N=${N:-20000}
WORK=$(mktemp -d /tmp/ld-outboxbench.XXXXXX)
RECV_PID=""
trap 'stop_server; [ -n "$RECV_PID" ] && kill $RECV_PID 2>/dev/null; rm -rf "$WORK"' EXIT
node "$BENCH_DIR/hook_receiver.mjs" "$WORK/port" & RECV_PID=$!
for _ in $(seq 1 100); do [ -s "$WORK/port" ] && break; sleep 0.05; done
HOOK="http://127.0.0.1:$(cat "$WORK/port")"
echo "load before: $(uptime)" >&2

DATA=$WORK/data
start_server "$DATA" "$WORK/server.log"
sign_in
CSRF=$(curl -s -H "Cookie: $COOKIE" "$BASE/api/v1/session" | python3 -c 'import json,sys; print(json.load(sys.stdin)["csrf_token"])')
curl -sf -H "Cookie: $COOKIE" -H "X-CSRF-Token: $CSRF" -H 'Content-Type: application/json' \
  -d "{\"url\":\"$HOOK/hook\",\"events\":[\"ping\"]}" "$BASE/api/v1/orgs/1/webhooks" >/dev/null
stop_server

python3 - "$DATA/loudong.db" "$N" "$HOOK/hook" <<'PY'
import json, sqlite3, sys, time
db, n, url = sqlite3.connect(sys.argv[1]), int(sys.argv[2]), sys.argv[3]
now = int(time.time() * 1e6)
body = json.dumps({"id": "", "event": "ping", "subject": {"type": "case", "id": 1, "ref": "LD-2026-000001",
                   "title": "某厂商路由器 Web 管理界面栈溢出 stack overflow in the web admin"}, "data": {"x": "y" * 200}})
rows = [("webhook", f"bench:{i}", "ping", 1, "case", 1, url, 1, None, json.dumps({"body": body}), "pending", 0, 8, now, now)
        for i in range(n)]
db.executemany("INSERT INTO outbox(kind, idempotency_key, event, org_id, subject_type, subject_id, target, webhook_id, "
               "peer_id, payload, state, attempts, max_attempts, next_attempt_at, created_at) "
               "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", rows)
db.commit()
PY

t0=$(date +%s.%N)
LOUDONG_NOTIFY_CONCURRENCY=${CONCURRENCY:-8} start_server "$DATA" "$WORK/server.log"
for _ in $(seq 1 1200); do
  c=$(curl -s "$HOOK/stats" | python3 -c 'import json,sys; print(json.load(sys.stdin)["count"])')
  [ "$c" -ge "$N" ] && break
  sleep 0.1
done
t1=$(date +%s.%N)
stats=$(curl -s "$HOOK/stats")
stop_server
echo "load after: $(uptime)" >&2
read -r sent attempts <<<"$(python3 -c "
import sqlite3,sys
db=sqlite3.connect(sys.argv[1])
print(db.execute(\"select count(*) from outbox where state='sent'\").fetchone()[0], db.execute('select count(*) from delivery_attempts').fetchone()[0])" "$DATA/loudong.db")"
python3 - "$stats" "$N" "$t0" "$t1" "$sent" "$attempts" "${CONCURRENCY:-8}" <<'PY'
import json, sys
s, n, t0, t1 = json.loads(sys.argv[1]), int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
sent, attempts, conc = int(sys.argv[5]), int(sys.argv[6]), sys.argv[7]
span = (s["last_ms"] - s["first_ms"]) / 1000
print()
print(f"Outbox drain: {n} webhook deliveries, concurrency {conc}")
print()
print("| deliveries | received | distinct ids | span s | deliveries/s | wall s (start to last) | sent | attempts |")
print("|---:|---:|---:|---:|---:|---:|---:|---:|")
print(f"| {n} | {s['count']} | {s['distinct']} | {span:.2f} | {(s['count'] - 1) / span:,.0f} | {t1 - t0:.2f} | {sent} | {attempts} |")
PY
