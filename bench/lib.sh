# Shared helpers for the bench scripts (sourced).
BENCH_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
ROOT=$(cd "$BENCH_DIR/.." && pwd)
LOUDONG=${LOUDONG:-$ROOT/build/release/loudong}
ADMIN_PASSWORD=${ADMIN_PASSWORD:-bench-root-password-14}
SERVER_PID=""

# start_server DATA LOG [STORAGE_URL]: starts the release server on a free
# loopback port, sets SERVER_PID and BASE (http://127.0.0.1:PORT) and adds the
# pid to SERVER_PIDS (stop_server stops them all). With STORAGE_URL
# (postgresql://...) the server uses that database instead of DATA's SQLite
# file; DATA still holds its keys. Call it once per process to run several.
SERVER_PIDS=()
start_server() {
  local data=$1 log=$2 url=${3:-}
  # The per-address limits are off: the load generator is one address (127.0.0.1).
  env LOUDONG_SERVER_REQUESTS_PER_SECOND_PER_ADDRESS=0 LOUDONG_SERVER_MAX_CONNECTIONS_PER_ADDRESS=0 \
    LOUDONG_LIMITS_INTAKE_PER_ADDRESS_PER_HOUR=10000000 LOUDONG_LIMITS_INTAKE_PER_EMAIL_PER_HOUR=10000000 \
    LOUDONG_ADMIN_PASSWORD=$ADMIN_PASSWORD LOUDONG_SERVER_LOG_LEVEL=${LOUDONG_SERVER_LOG_LEVEL:-info} \
    ${url:+"LOUDONG_STORAGE_URL=$url"} \
    "$LOUDONG" serve --listen 127.0.0.1:0 --data "$data" >"$log" 2>&1 &
  SERVER_PID=$!
  SERVER_PIDS+=("$SERVER_PID")
  for _ in $(seq 1 600); do
    BASE=$(grep -so 'http://127.0.0.1:[0-9]*' "$log" | head -1 || true)
    [ -n "$BASE" ] && return 0
    kill -0 "$SERVER_PID" 2>/dev/null || { cat "$log"; echo "server died" >&2; exit 1; }
    sleep 0.1
  done
  echo "server did not start" >&2; exit 1
}

stop_server() {
  local p
  for p in "${SERVER_PIDS[@]}"; do
    if kill -0 "$p" 2>/dev/null; then
      kill "$p"; wait "$p" 2>/dev/null || true
    fi
  done
  SERVER_PIDS=()
  SERVER_PID=""
}

# sign_in: sets COOKIE ("ld_session=...") for the bootstrapped admin.
sign_in() {
  COOKIE=$(curl -s -D - -o /dev/null -H 'Content-Type: application/json' \
    -d "{\"username\":\"admin\",\"password\":\"$ADMIN_PASSWORD\"}" "$BASE/api/v1/session" |
    grep -i '^set-cookie: ld_session=' | sed -e 's/^[Ss]et-[Cc]ookie: //' -e 's/;.*//' | tr -d '\r')
  [ -n "$COOKIE" ] || { echo "sign-in failed" >&2; exit 1; }
}

# run_wrk NAME PATHSFILE [extra env...]: runs wrk RUNS times, prints the best
# (lowest p95) RESULT line prefixed by NAME.
run_wrk() {
  local name=$1 paths=$2 best="" bestp95=""
  for r in $(seq 1 "${RUNS:-2}"); do
    local out
    out=$(WRK_PATHS=$paths WRK_COOKIE=${WRK_COOKIE-$COOKIE} wrk -t "${THREADS:-2}" -c "${CONNECTIONS:-8}" \
      -d "${DURATION:-15}s" --timeout 10s -s "$BENCH_DIR/wrk_rotate.lua" "$BASE" | grep '^RESULT')
    echo "  $name run $r: ${out#RESULT }" >&2
    local p95=${out#*p95_ms=}; p95=${p95%% *}
    if [ -z "$best" ] || awk "BEGIN{exit !($p95 < $bestp95)}"; then best=$out; bestp95=$p95; fi
  done
  echo "$name ${best#RESULT }"
}
