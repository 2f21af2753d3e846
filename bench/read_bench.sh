#!/usr/bin/env bash
# Read benchmark: list and detail routes on a generated store.
#
#   bench/read_bench.sh DATA_DIR            (DATA_DIR from bench/gen_store.py)
#
# Env: DURATION (s, default 15), THREADS (wrk, 2), CONNECTIONS (8), RUNS (2:
# the best run by p95 is reported), DEEP_REPORT_PAGES (5000), DEEP_CASE_PAGES
# (1000), LOUDONG (server binary, default build/release/loudong), ONLY (space
# separated target names). Prints a markdown table; server on 127.0.0.1 only,
# stopped on exit.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
DATA=${1:?usage: read_bench.sh DATA_DIR}
WORK=$(mktemp -d /tmp/ld-readbench.XXXXXX)
trap 'stop_server; rm -rf "$WORK"' EXIT

echo "load before: $(uptime)" >&2
start_server "$DATA" "$WORK/server.log"
sign_in
python3 "$BENCH_DIR/prepare_targets.py" "$BASE" "$COOKIE" "$WORK/paths" \
  --deep-report-pages "${DEEP_REPORT_PAGES:-5000}" --deep-case-pages "${DEEP_CASE_PAGES:-1000}"

TARGETS=${ONLY:-"reports_first reports_state reports_product reports_grade reports_text reports_text_filtered
  reports_deep reports_asc report_detail
  cases_first cases_state cases_grade cases_updated cases_deep case_detail clocks"}
results=()
for t in $TARGETS; do
  results+=("$(run_wrk "$t" "$WORK/paths/$t")")
done
echo "load after: $(uptime)" >&2

echo
echo "| target | example path | req/s | p50 ms | p95 ms | p99 ms | max ms | non-2xx |"
echo "|---|---|---:|---:|---:|---:|---:|---:|"
for line in "${results[@]}"; do
  name=${line%% *}
  get() { local v=${line#*$1=}; echo "${v%% *}"; }
  ex=$(head -1 "$WORK/paths/$name" | cut -c1-60)
  echo "| $name | \`$ex\` | $(get rps) | $(get p50_ms) | $(get p95_ms) | $(get p99_ms) | $(get max_ms) | $(get non2xx) |"
done
