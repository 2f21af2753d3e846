#!/usr/bin/env bash
# A throwaway PostgreSQL 15 for the test suites, on a Unix socket in DIR
# (no TCP port is opened), as ../shared/engineering-notes.md describes.
#   scripts/test-postgres.sh start DIR   initdb (unless DIR holds one) + start; prints the admin URL
#   scripts/test-postgres.sh stop DIR    stops it (DIR is left for the caller to remove)
#   scripts/test-postgres.sh crash DIR   stops it at once (-m immediate: as a crash, no
#                                        checkpoint; clients' connections are cut)
#   scripts/test-postgres.sh resume DIR  starts it again after crash or stop (recovery)
# As root the server runs as the package's `postgres` user (PostgreSQL
# refuses to run as root); as any other user, as that user.
# Settings are for tests only: fsync off (a crashed test server is thrown
# away anyway), so creating a database per test stays cheap.
# LOUDONG_TEST_PG_OPTS (e.g. "-c fsync=on -c shared_buffers=2GB") is appended
# to the server's options, so later settings win: bench/pg_scale.sh uses it
# to measure with durable commits.
# LOUDONG_TEST_PG_DURABLE=1 keeps synchronous_commit on: a COMMIT returns
# once its WAL is written to the OS, so it survives `crash` (the server's
# processes die, the machine does not; fsync stays off). The tests that
# crash PostgreSQL need that; without it a crash drops the last
# acknowledged commits by design.
set -euo pipefail

PGBIN=${PGBIN:-/usr/lib/postgresql/15/bin}
PGPORT=${LOUDONG_TEST_PG_PORT:-5433}
cmd=${1:-}
dir=${2:-}
if [ -z "$cmd" ] || [ -z "$dir" ]; then
  echo "usage: $0 start|stop|crash|resume DIR" >&2
  exit 2
fi

as_owner() {
  if [ "$(id -u)" -eq 0 ]; then
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

case "$cmd" in
  start)
    if [ ! -x "$PGBIN/initdb" ]; then
      echo "test-postgres: $PGBIN/initdb not found: PostgreSQL 15 is needed (apt-get install postgresql)" >&2
      exit 1
    fi
    mkdir -p "$dir"
    if [ "$(id -u)" -eq 0 ]; then chown postgres "$dir"; fi
    # C.UTF-8: pg_trgm indexes Chinese characters only when the locale
    # classifies them as letters; byte order for text comparisons.
    # A cluster left in DIR by an earlier start (and stop) is started again.
    if [ ! -f "$dir/db/PG_VERSION" ]; then
      as_owner "$PGBIN/initdb" -D "$dir/db" -A trust -U postgres -E UTF8 --locale=C.UTF-8 >"$dir/initdb.log" 2>&1 || {
        echo "test-postgres: initdb failed:" >&2
        cat "$dir/initdb.log" >&2
        exit 1
      }
    fi
    sync_commit=off
    if [ "${LOUDONG_TEST_PG_DURABLE:-}" = 1 ]; then sync_commit=on; fi
    as_owner "$PGBIN/pg_ctl" -D "$dir/db" -l "$dir/log" -w -t 60 \
      -o "-k $dir -p $PGPORT -c listen_addresses='' -c fsync=off -c synchronous_commit=$sync_commit -c full_page_writes=off -c max_connections=300 ${LOUDONG_TEST_PG_OPTS:-}" \
      start >/dev/null || {
      echo "test-postgres: the server did not start:" >&2
      tail -n 30 "$dir/log" >&2 || true
      exit 1
    }
    echo "postgresql://postgres@/postgres?host=$dir&port=$PGPORT"
    ;;
  crash)
    as_owner "$PGBIN/pg_ctl" -D "$dir/db" -m immediate -w stop >/dev/null
    ;;
  resume)
    # The options of the last start (postmaster.opts), after crash recovery.
    as_owner "$PGBIN/pg_ctl" -D "$dir/db" -l "$dir/log" -w -t 60 \
      -o "$(sed -e 's/^[^ ]* "-D" "[^"]*" //' -e 's/"//g' "$dir/db/postmaster.opts")" start >/dev/null || {
      echo "test-postgres: the server did not start again:" >&2
      tail -n 30 "$dir/log" >&2 || true
      exit 1
    }
    ;;
  stop)
    if [ -f "$dir/db/postmaster.pid" ]; then
      as_owner "$PGBIN/pg_ctl" -D "$dir/db" -m fast -w stop >/dev/null || true
    fi
    ;;
  *)
    echo "usage: $0 start|stop|crash|resume DIR" >&2
    exit 2
    ;;
esac
