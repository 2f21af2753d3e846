#!/usr/bin/env bash
# Web console tests: vitest (components with logic), then the Playwright suite
# (playwright-core + Debian's chromium) against the real server on a fresh
# database. Usage: scripts/test-browser.sh [path/to/loudong]  (or LOUDONG_BIN)
# Screenshots land in test-artifacts/screenshots/{zh-CN,en-US}/.
set -euo pipefail
cd "$(dirname "$0")/.."
export LOUDONG_BIN="${1:-${LOUDONG_BIN:-build/asan/loudong}}"
if [ ! -x "$LOUDONG_BIN" ]; then
  echo "test-browser: no server binary at $LOUDONG_BIN" >&2
  exit 1
fi
if [ ! -x /usr/bin/chromium ] && [ -z "${CHROMIUM:-}" ]; then
  echo "test-browser: /usr/bin/chromium is missing (scripts/setup.sh installs it)" >&2
  exit 1
fi
scripts/build-web.sh
echo "test-browser: vitest"
(cd web && npx --no-install vitest run --reporter=dot)
echo "test-browser: playwright suite with $LOUDONG_BIN"
mkdir -p test-artifacts/screenshots
# ASan builds: the server is ours to judge, not the leak checker's on SIGTERM.
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=0}"
# A hung page fails its file instead of holding the run (run-tests.sh says why).
node --test --test-reporter=spec --test-concurrency=1 --test-timeout="${TEST_FILE_TIMEOUT_MS:-900000}" tests/browser/
