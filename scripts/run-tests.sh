#!/usr/bin/env bash
# Runs loudong's test suites.
#   scripts/run-tests.sh               everything: unit, integration, fuzz, browser
#   scripts/run-tests.sh unit          ctest on the ASan build
#   scripts/run-tests.sh integration   node --test on tests/integration (real server binary)
#   scripts/run-tests.sh integration_pg the same files (but the versions differential, which
#                                      stores nothing) with every server on PostgreSQL
#   scripts/run-tests.sh browser       scripts/test-browser.sh, when present
#   scripts/run-tests.sh fuzz          libFuzzer targets, 10 s each, with their seed corpora
#                                      (FUZZ_SECONDS, FUZZ_SEED: 0 = a new random seed each run)
# Exits non-zero when any suite fails; the last line is "N passed, M failed"
# (suites, not individual tests).
set -uo pipefail
cd "$(dirname "$0")/.."

TESTBUILD=${TESTBUILD:-build/asan}
FUZZBUILD=${FUZZBUILD:-build/fuzz}
FUZZ_SECONDS=${FUZZ_SECONDS:-10}
# A fixed seed by default: the gate explores the same way on every machine,
# so a red run is reproducible and not luck. Longer hunts (FUZZ_SEED=0
# FUZZ_SECONDS=600 make test-fuzz) find what it does not; their crashes go
# into the corpus or a unit test, as the vers and PyPI ones did.
FUZZ_SEED=${FUZZ_SEED:-1}
JOBS=${JOBS:-$(nproc 2>/dev/null || echo 2)}
# Node's test runner waits for ever by default: one hung test once held a CI
# run until its 90-minute limit killed it, with no failure named. Each test
# file must finish within this many ms (the slowest takes a few minutes).
TEST_FILE_TIMEOUT_MS=${TEST_FILE_TIMEOUT_MS:-900000}
export TEST_FILE_TIMEOUT_MS

# PostgreSQL for the unit tests' second backend and integration_pg: a
# throwaway server (scripts/test-postgres.sh) unless LOUDONG_TEST_PG_URL
# names one. Without PostgreSQL the unit tests skip their PostgreSQL variants
# and integration_pg is skipped, loudly; under CI (CI=true) both fail
# instead: CI must never pass on one backend by accident.
PG_DIR=""
need_postgres() {
  [ -n "${LOUDONG_TEST_PG_URL:-}" ] && return 0
  PG_DIR=$(mktemp -d "${TMPDIR:-/tmp}/loudong-pg.XXXXXX")
  # The socket is in PG_DIR, so runs never share a server; the port only
  # names the socket file and seeds PostgreSQL's shared-memory key, which a
  # per-run port keeps apart from another run's too.
  local url
  if url=$(LOUDONG_TEST_PG_PORT=${LOUDONG_TEST_PG_PORT:-$((20000 + $$ % 20000))} scripts/test-postgres.sh start "$PG_DIR"); then
    export LOUDONG_TEST_PG_URL=$url
    echo "run-tests: PostgreSQL at $url"
    return 0
  fi
  rm -rf "$PG_DIR"
  PG_DIR=""
  return 1
}
stop_postgres() {
  if [ -n "$PG_DIR" ]; then
    scripts/test-postgres.sh stop "$PG_DIR" || true
    rm -rf "$PG_DIR"
  fi
}

passed=0
failed=0
TIMES=()  # "suite N s", printed at the end: where a run's time went
# Short notes on failures, printed last (what a CI log's tail should show).
FAILURE_NOTES=$(mktemp "${TMPDIR:-/tmp}/loudong-failures.XXXXXX")
trap 'rm -f "$FAILURE_NOTES"; stop_postgres' EXIT
failed_names=()

note() { printf '\n==> %s\n' "$*"; }

# record NAME STATUS
record() {
  if [ "$2" -eq 0 ]; then
    passed=$((passed + 1))
    echo "--- $1: passed"
  else
    failed=$((failed + 1))
    failed_names+=("$1")
    echo "--- $1: FAILED (exit $2)"
  fi
}

# The ASan build, configured as the Makefile does when it is missing (a clean
# clone run without make), then brought up to date: the given targets, or all.
need_build() {
  if [ ! -f "$TESTBUILD/build.ninja" ]; then
    echo "run-tests: configuring $TESTBUILD"
    cmake -S . -B "$TESTBUILD" -G Ninja -DCMAKE_BUILD_TYPE=Debug -DLOUDONG_SANITIZE=ON -DLOUDONG_WERROR=ON \
      -DCMAKE_CXX_FLAGS="-O1 -g1" >/dev/null || return 1
  fi
  if [ $# -gt 0 ]; then
    cmake --build "$TESTBUILD" -j "$JOBS" --target "$@" || return 1
  else
    cmake --build "$TESTBUILD" -j "$JOBS" || return 1
  fi
}

suite_unit() {
  need_build || return 1
  if [ -z "${LOUDONG_TEST_PG_URL:-}" ]; then
    if [ "${CI:-}" = true ]; then
      echo "run-tests: PostgreSQL did not start; under CI the store tests must run on both backends" >&2
      return 1
    fi
    echo "run-tests: PostgreSQL did not start; the unit tests' PostgreSQL variants are skipped" >&2
  fi
  ctest --test-dir "$TESTBUILD" --output-on-failure -j2
}

# suite_integration [postgresql]: the files on SQLite, or on PostgreSQL.
suite_integration() {
  local backend=${1:-sqlite}
  local bin=${LOUDONG_BIN:-$TESTBUILD/loudong}
  if [ -z "${LOUDONG_BIN:-}" ]; then need_build loudong || return 1; fi
  if ! command -v node >/dev/null 2>&1; then
    echo "run-tests: node is not installed (Node 20+ is needed for the integration tests)" >&2
    return 1
  fi
  local major
  major=$(node -p 'process.versions.node.split(".")[0]')
  if [ "$major" -lt 20 ]; then
    echo "run-tests: Node $major found; the integration tests need Node 20 or newer" >&2
    return 1
  fi
  if ! command -v sqlite3 >/dev/null 2>&1; then
    echo "run-tests: the sqlite3 command-line tool is needed (apt-get install sqlite3)" >&2
    return 1
  fi
  shopt -s nullglob
  local files=(tests/integration/*.test.mjs)
  shopt -u nullglob
  if [ ${#files[@]} -eq 0 ]; then
    echo "run-tests: no integration tests in tests/integration" >&2
    return 1
  fi
  if [ "$backend" = postgresql ]; then
    # The versions differential compares version schemes only: no store.
    local f kept=()
    for f in "${files[@]}"; do
      [ "$f" = tests/integration/versions-differential.test.mjs ] || kept+=("$f")
    done
    files=("${kept[@]}")
    if [ -z "${LOUDONG_TEST_PG_URL:-}" ]; then
      echo "run-tests: PostgreSQL did not start (scripts/test-postgres.sh; apt-get install postgresql)" >&2
      if [ "${CI:-}" = true ]; then return 1; fi
      echo "run-tests: integration_pg SKIPPED (outside CI only)" >&2
      return 0
    fi
    LOUDONG_BIN="$bin" LOUDONG_TEST_BACKEND=postgresql node --test --test-concurrency=2 \
      --test-timeout="$TEST_FILE_TIMEOUT_MS" "${files[@]}"
    return
  fi
  LOUDONG_BIN="$bin" node --test --test-concurrency=2 --test-timeout="$TEST_FILE_TIMEOUT_MS" "${files[@]}"
}

suite_integration_pg() { suite_integration postgresql; }

suite_browser() {
  if [ -x scripts/test-browser.sh ]; then
    need_build loudong || return 1
    scripts/test-browser.sh "$TESTBUILD/loudong"
  elif [ -f scripts/test-browser.sh ]; then
    need_build loudong || return 1
    bash scripts/test-browser.sh "$TESTBUILD/loudong"
  else
    echo "browser tests are not present (scripts/test-browser.sh does not exist); skipped"
    return 0
  fi
}

suite_fuzz() {
  if ! command -v clang++ >/dev/null 2>&1; then
    echo "run-tests: clang++ is needed for the fuzz targets (scripts/setup.sh installs it)" >&2
    return 1
  fi
  local targets=() f
  for f in tests/fuzz/*_fuzz.cpp; do
    [ -e "$f" ] || continue
    targets+=("$(basename "$f" .cpp)")
  done
  if [ ${#targets[@]} -eq 0 ]; then
    echo "no fuzz targets in tests/fuzz"
    return 0
  fi
  CC=clang CXX=clang++ cmake -S . -B "$FUZZBUILD" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
    -DLOUDONG_FUZZ=ON -DLOUDONG_TESTS=OFF -DLOUDONG_WERROR=OFF >/dev/null || return 1
  # Keep going past a target that does not compile, so the others still run.
  local build_status=0
  cmake --build "$FUZZBUILD" -j "$JOBS" --target "${targets[@]}" -- -k 0 || build_status=1

  local work status=0 t corpus_src log root=$PWD
  work=$(mktemp -d "${TMPDIR:-/tmp}/loudong-fuzz.XXXXXX")
  for t in "${targets[@]}"; do
    if [ ! -x "$FUZZBUILD/$t" ]; then
      echo "fuzz $t: FAILED (did not build)"
      echo "fuzz $t: did not build" >>"$FAILURE_NOTES"
      status=1
      continue
    fi
    # A copy of the seed corpus: libFuzzer adds to its corpus directory and
    # the repository must stay untouched.
    local corpus="$work/$t-corpus"
    mkdir -p "$corpus"
    corpus_src="tests/fuzz/corpus/${t%_fuzz}"
    if [ -d "$corpus_src" ]; then cp -R "$corpus_src/." "$corpus/"; fi
    log="$work/$t.log"
    if (cd "$work" && ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1} \
        "$root/$FUZZBUILD/$t" "$corpus" -max_total_time="$FUZZ_SECONDS" -seed="$FUZZ_SEED" -rss_limit_mb=2048 \
        -artifact_prefix="$work/$t-" >"$log" 2>&1); then
      echo "fuzz $t: ok ($(grep -Eo 'Done [0-9]+ runs' "$log" | tail -1 || true))"
    else
      echo "fuzz $t: FAILED"
      tail -n 40 "$log"
      # Again at the very end of the run: CI keeps only the tail of the output.
      { echo "fuzz $t (seed $FUZZ_SEED, ${FUZZ_SECONDS}s):"; grep -E 'ERROR|SUMMARY|==[0-9]+==|Test unit written|Base64|#[0-9]+ +(NEW|DONE)' "$log" | tail -n 12; } >>"$FAILURE_NOTES"
      # Keep the crashing input where a developer can find it.
      mkdir -p test-artifacts/fuzz
      cp "$work/$t-"crash-* "$work/$t-"leak-* "$work/$t-"oom-* "$work/$t-"timeout-* test-artifacts/fuzz/ 2>/dev/null || true
      status=1
    fi
  done
  rm -rf "$work"
  [ $build_status -eq 0 ] || echo "fuzz: some targets did not build (see above)"
  [ $status -eq 0 ] && [ $build_status -eq 0 ]
}

run_suite() {
  note "$1"
  local out status started=$SECONDS
  out=$(mktemp "${TMPDIR:-/tmp}/loudong-suite.XXXXXX")
  "suite_$1" 2>&1 | tee "$out"
  status=${PIPESTATUS[0]}
  TIMES+=("$1 $((SECONDS - started)) s")
  if [ "$status" -ne 0 ] && [ "$1" != fuzz ]; then
    { echo "$1: what failed"; grep -E '✖|FAILED|^not ok|[0-9]+% tests passed|error:|did not start' "$out" | grep -v '^ *✔' | head -n 25; } >>"$FAILURE_NOTES"
  fi
  rm -f "$out"
  record "$1" "$status"
}

# Started here, not in a suite: each suite runs in a pipeline's subshell,
# and the server must outlive it and be stopped by this shell's EXIT trap.
case "${1:-all}" in
  all | unit | integration_pg) need_postgres || echo "run-tests: PostgreSQL did not start" >&2 ;;
esac

case "${1:-all}" in
  all)
    run_suite unit
    run_suite integration
    run_suite integration_pg
    run_suite fuzz
    run_suite browser
    ;;
  unit | integration | integration_pg | browser | fuzz) run_suite "$1" ;;
  *)
    echo "usage: $0 [unit|integration|integration_pg|browser|fuzz]" >&2
    exit 2
    ;;
esac

echo
echo "times: ${TIMES[*]/%/;} total $SECONDS s"
[ -s "$FAILURE_NOTES" ] && cat "$FAILURE_NOTES"
[ ${#failed_names[@]} -eq 0 ] || echo "failed: ${failed_names[*]}"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
