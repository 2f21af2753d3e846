#!/usr/bin/env bash
# Scale-out benchmark (issue 11, item 5): a large store on PostgreSQL 15, two
# loudong processes on it, the read routes of read_bench.sh and anonymous
# intake driven through both processes at the same time.
#
#   bench/pg_scale.sh
#
# Steps: a store of REPORTS reports from gen_store.py (SQLite, niced), moved
# into a throwaway PostgreSQL (scripts/test-postgres.sh, Unix socket, durable
# commits) by `loudong copy`, then VACUUM ANALYZE; two servers on it, each
# with its own data directory holding copies of the same seal.key and
# receipts.key; one wrk per process, concurrently, per route (the worse p95
# of the two is the route's figure); intake through both at once (reports/s
# summed); then `loudong receipts verify` on PostgreSQL and a count of reports
# without their receipt record.
#
# Env: REPORTS (1000000), CASES (REPORTS/10), WORK (/tmp/ld-pgscale-REPORTS:
# the generated store and the PostgreSQL cluster are kept there and reused by
# the next run unless CLEAN=1), DURATION (s, 15), THREADS (wrk threads per
# process, 1), CONNECTIONS (per process, 4: 8 in all, as read_bench.sh),
# INTAKE_CONNS (per process, 16: 32 in all), RUNS (2: a read route's best
# run by the worse p95 is shown, every intake run is), ONLY (target names),
# SKIP_READ=1, SKIP_INTAKE=1, DEEP_REPORT_PAGES (5000), DEEP_CASE_PAGES
# (1000), PG_SHARED_BUFFERS (2GB), STORAGE_CONNECTIONS (storage.connections
# per process, the default 8), LOUDONG; other LOUDONG_* settings reach both
# servers (e.g. LOUDONG_POLICY_NEEDS_INFO_TIMEOUT_DAYS=36500 keeps them from
# closing the generated store's ~21,000 overdue needs_info reports while
# measuring). Prints markdown tables; servers on 127.0.0.1 only. The servers
# and PostgreSQL are stopped on exit; KEEP_PG=1 leaves PostgreSQL running,
# and the next run uses it as it is.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
REPORTS=${REPORTS:-1000000}
CASES=${CASES:-$((REPORTS / 10))}
WORK=${WORK:-/tmp/ld-pgscale-$REPORTS}
[ "${CLEAN:-0}" = 1 ] && { "$ROOT/scripts/test-postgres.sh" stop "$WORK/pg" 2>/dev/null || true; rm -rf "$WORK"; }
mkdir -p "$WORK"
PGDIR=$WORK/pg
PGPORT=${PGPORT:-$((20000 + RANDOM % 20000))}
RUN=$(mktemp -d "$WORK/run.XXXXXX")
cleanup() {
  stop_server
  [ "${KEEP_PG:-0}" = 1 ] || "$ROOT/scripts/test-postgres.sh" stop "$PGDIR" || true
  rm -rf "$RUN"
}
trap cleanup EXIT
load1() { cut -d' ' -f1 /proc/loadavg; }

# 1. The SQLite store (not measured: niced).
SRC=$WORK/sqlite
if [ ! -f "$SRC/generated" ]; then
  rm -rf "$SRC"
  nice -n 10 python3 "$BENCH_DIR/gen_store.py" --data "$SRC" --reports "$REPORTS" --cases "$CASES" \
    --loudong "$LOUDONG" >&2
  touch "$SRC/generated"
fi

# 2. PostgreSQL with durable commits. Over the test defaults (fsync,
# synchronous_commit and full_page_writes off): all three on, as production
# must run (an acknowledged report is on disk); memory for a 24 GB machine;
# checkpoints spaced out so the load and the intake runs do not pay for
# full-page images every few seconds; SSD-like random reads.
# A cluster left running by KEEP_PG=1 is used as it is (settings printed below).
if [ -f "$PGDIR/db/postmaster.pid" ] && kill -0 "$(head -1 "$PGDIR/db/postmaster.pid")" 2>/dev/null; then
  PGPORT=$(sed -n 4p "$PGDIR/db/postmaster.pid")
else
  LOUDONG_TEST_PG_PORT=$PGPORT LOUDONG_TEST_PG_OPTS="-c fsync=on -c synchronous_commit=on -c full_page_writes=on \
-c shared_buffers=${PG_SHARED_BUFFERS:-2GB} -c effective_cache_size=8GB -c maintenance_work_mem=1GB \
-c max_wal_size=8GB -c checkpoint_timeout=30min -c random_page_cost=1.1" \
    "$ROOT/scripts/test-postgres.sh" start "$PGDIR" >/dev/null
fi
URL="postgresql://postgres@/loudong?host=$PGDIR&port=$PGPORT"
ADMIN_URL="postgresql://postgres@/postgres?host=$PGDIR&port=$PGPORT"
sql() { psql -X -q -At -v ON_ERROR_STOP=1 "$URL" -c "$1"; }
echo "postgresql: $(psql -X -At "$ADMIN_URL" -c 'show server_version')" \
  "fsync=$(psql -X -At "$ADMIN_URL" -c 'show fsync')" \
  "synchronous_commit=$(psql -X -At "$ADMIN_URL" -c 'show synchronous_commit')" \
  "shared_buffers=$(psql -X -At "$ADMIN_URL" -c 'show shared_buffers')" >&2

# 3. Copy into PostgreSQL once (not measured: niced), then statistics.
if [ ! -f "$WORK/copied" ]; then
  psql -X -q "$ADMIN_URL" -c 'DROP DATABASE IF EXISTS loudong' -c 'CREATE DATABASE loudong'
  t0=$(date +%s)
  nice -n 10 "$LOUDONG" copy --data "$SRC" --to "$URL" >"$WORK/copy.json" 2>"$WORK/copy.log" || {
    tail -5 "$WORK/copy.log" >&2; echo "copy failed" >&2; exit 1; }
  echo "copy: $(($(date +%s) - t0)) s, $(python3 -c 'import json,sys; d=json.load(open(sys.argv[1])); print(d["rows"], "rows, receipts ok" if d["receipts_ok"] else "RECEIPTS BROKEN")' "$WORK/copy.json")" >&2
  t0=$(date +%s)
  sql 'VACUUM ANALYZE'
  echo "vacuum analyze: $(($(date +%s) - t0)) s" >&2
  touch "$WORK/copied"
fi
echo "database: $(sql "select pg_size_pretty(pg_database_size('loudong'))"), $(sql 'select count(*) from reports') reports" >&2

# 4. Two processes, each with its own data directory and the same keys.
for n in 1 2; do
  mkdir -p -m 700 "$RUN/data$n"
  cp "$SRC/seal.key" "$SRC/receipts.key" "$RUN/data$n/"
done
[ -n "${STORAGE_CONNECTIONS:-}" ] && export LOUDONG_STORAGE_CONNECTIONS=$STORAGE_CONNECTIONS
start_servers() {
  local n
  BASES=()
  for n in 1 2; do
    start_server "$RUN/data$n" "$RUN/server$n.log" "$URL"
    BASES+=("$BASE")
  done
}

# wrk_both NAME PATHSFILE CONNS [env...]: one wrk per process at the same
# time; prints "A-RESULT|B-RESULT".
wrk_both() {
  local paths=$2 conns=$3 i pids=()
  shift 3
  for i in 0 1; do
    env "$@" WRK_PATHS="$paths" WRK_COOKIE="${COOKIE:-}" wrk -t "${THREADS:-1}" -c "$conns" -d "${DURATION:-15}s" \
      --timeout 10s -s "$BENCH_DIR/wrk_rotate.lua" "${BASES[$i]}" >"$RUN/wrk$i.out" 2>&1 &
    pids+=($!)
  done
  wait "${pids[@]}"
  local a b
  a=$(grep '^RESULT' "$RUN/wrk0.out") || { cat "$RUN/wrk0.out" >&2; exit 1; }
  b=$(grep '^RESULT' "$RUN/wrk1.out") || { cat "$RUN/wrk1.out" >&2; exit 1; }
  echo "${a#RESULT }|${b#RESULT }"
}
# sample_waits FILE: until killed, appends one line per loudong session of
# the database every 0.2 s: what it waits for (or "running"), e.g. Lock:advisory
# (the write lock), IO:WALSync (the commit's flush), or idle_in_transaction
# (waiting for loudong inside a transaction), "(holds_lock)" for the writer.
sample_waits() {
  while sleep 0.2; do
    psql -X -q -At "$URL" -c "select case when state = 'active' then coalesce(wait_event_type || ':' || wait_event,
      'running') else replace(state, ' ', '_') end || case when exists (select 1 from pg_locks l where l.pid = a.pid
      and l.locktype = 'advisory' and l.granted) then '(holds_lock)' else '' end from pg_stat_activity a
      where datname = 'loudong' and pid <> pg_backend_pid()" >>"$1" 2>/dev/null || true
  done
}
field() { local v=${1#*$2=}; echo "${v%% *}"; }
fmax() { awk -v a="$1" -v b="$2" 'BEGIN{print (a > b) ? a : b}'; }
fsum() { awk -v a="$1" -v b="$2" 'BEGIN{printf "%.0f", a + b}'; }

start_servers

# 5. Reads.
read_rows=()
if [ "${SKIP_READ:-0}" != 1 ]; then
  BASE=${BASES[0]}
  sign_in
  python3 "$BENCH_DIR/prepare_targets.py" "$BASE" "$COOKIE" "$RUN/paths" \
    --deep-report-pages "${DEEP_REPORT_PAGES:-5000}" --deep-case-pages "${DEEP_CASE_PAGES:-1000}"
  TARGETS=${ONLY:-"reports_first reports_state reports_product reports_grade reports_text reports_text_filtered
    reports_deep reports_asc report_detail
    cases_first cases_state cases_grade cases_updated cases_deep case_detail clocks"}
  for t in $TARGETS; do
    best="" bestp95=""
    for r in $(seq 1 "${RUNS:-2}"); do
      l0=$(load1)
      out=$(wrk_both "$t" "$RUN/paths/$t" "${CONNECTIONS:-4}")
      l1=$(load1)
      a=${out%%|*} b=${out#*|}
      worst=$(fmax "$(field "$a" p95_ms)" "$(field "$b" p95_ms)")
      echo "  $t run $r: load $l0 -> $l1; A: $a; B: $b" >&2
      if [ -z "$best" ] || awk "BEGIN{exit !($worst < $bestp95)}"; then
        best="$t|$a|$b|$l0|$l1"; bestp95=$worst
      fi
    done
    read_rows+=("$best")
  done
fi

# 6. Intake through both processes.
intake_rows=()
before=$(sql 'select count(*) from reports')
if [ "${SKIP_INTAKE:-0}" != 1 ]; then
  echo "/api/v1/reports" >"$RUN/intake_paths"
  for r in $(seq 1 "${RUNS:-2}"); do
    l0=$(load1)
    : >"$RUN/waits$r"
    sample_waits "$RUN/waits$r" &
    sampler=$!
    out=$(COOKIE="" wrk_both intake "$RUN/intake_paths" "${INTAKE_CONNS:-16}" WRK_METHOD=POST \
      WRK_BODY="$BENCH_DIR/intake_body.json")
    l1=$(load1)
    kill "$sampler" 2>/dev/null; wait "$sampler" 2>/dev/null || true
    echo "  intake run $r: load $l0 -> $l1; A: ${out%%|*}; B: ${out#*|}" >&2
    echo "  what loudong's PostgreSQL sessions were doing (samples every 0.2 s, all sessions):" \
      "$(sort "$RUN/waits$r" | uniq -c | sort -rn | head -8 | awk '{printf "%s %s; ", $2, $1}')" >&2
    intake_rows+=("${out%%|*}|${out#*|}|$l0|$l1")
  done
fi
stop_server

# 7. The chain and the receipts, on PostgreSQL.
after=$(sql 'select count(*) from reports')
verify=$(LOUDONG_STORAGE_URL=$URL "$LOUDONG" receipts verify --data "$RUN/data1")
missing=$(sql 'select count(*) from reports r left join receipts x on x.seq = r.receipt_seq where x.seq is null')
forks=$(sql 'select count(*) - count(distinct prev_hash) from receipts')

echo
echo "PostgreSQL $(sql 'show server_version'), $before reports at start, two processes;" \
  "read: ${CONNECTIONS:-4} connections per process; intake: ${INTAKE_CONNS:-16} per process"
if [ ${#read_rows[@]} -gt 0 ]; then
  echo
  echo "| target | example path | req/s A+B | p50 ms A / B | p95 ms A / B | worse p95 ms | p99 ms A / B | non-2xx | load 1 min before -> after |"
  echo "|---|---|---:|---:|---:|---:|---:|---:|---|"
  for row in "${read_rows[@]}"; do
    IFS='|' read -r name a b l0 l1 <<<"$row"
    ex=$(head -1 "$RUN/paths/$name" | cut -c1-50)
    echo "| $name | \`$ex\` | $(fsum "$(field "$a" rps)" "$(field "$b" rps)") |" \
      "$(field "$a" p50_ms) / $(field "$b" p50_ms) | $(field "$a" p95_ms) / $(field "$b" p95_ms) |" \
      "$(fmax "$(field "$a" p95_ms)" "$(field "$b" p95_ms)") | $(field "$a" p99_ms) / $(field "$b" p99_ms) |" \
      "$(($(field "$a" non2xx) + $(field "$b" non2xx))) | $l0 -> $l1 |"
  done
fi
if [ ${#intake_rows[@]} -gt 0 ]; then
  echo
  echo "| intake run | reports/s A+B (A / B) | p50 ms A / B | p95 ms A / B | p99 ms A / B | non-2xx | socket errors | load 1 min before -> after |"
  echo "|---|---:|---:|---:|---:|---:|---:|---|"
  n=0
  for row in "${intake_rows[@]}"; do
    n=$((n + 1))
    IFS='|' read -r a b l0 l1 <<<"$row"
    echo "| $n | $(fsum "$(field "$a" rps)" "$(field "$b" rps)") ($(field "$a" rps) / $(field "$b" rps)) |" \
      "$(field "$a" p50_ms) / $(field "$b" p50_ms) | $(field "$a" p95_ms) / $(field "$b" p95_ms) |" \
      "$(field "$a" p99_ms) / $(field "$b" p99_ms) | $(($(field "$a" non2xx) + $(field "$b" non2xx))) |" \
      "$(($(field "$a" socket_errors) + $(field "$b" socket_errors))) | $l0 -> $l1 |"
  done
fi
echo
echo "reports before $before, after $after (+$((after - before))); receipts verify:" \
  "$(echo "$verify" | python3 -c 'import json,sys; d=json.load(sys.stdin); print("ok" if d["ok"] else "BROKEN", "checked", d["checked"], "head_seq", d["head_seq"])');" \
  "reports without a receipt record: $missing; records sharing a predecessor (forks): $forks"
