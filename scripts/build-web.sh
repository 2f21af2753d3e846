#!/usr/bin/env bash
# Builds the web console into web/dist. Quick no-op when dist is newer than
# every source file (src/, index.html, public/, package files, configs).
set -euo pipefail
cd "$(dirname "$0")/../web"
stamp=dist/index.html
if [ -f "$stamp" ] && [ -d node_modules ]; then
  newer=$(find src public index.html package.json package-lock.json vite.config.ts tsconfig.json \
    -newer "$stamp" -print -quit 2>/dev/null || true)
  if [ -z "$newer" ]; then
    exit 0
  fi
fi
if [ ! -d node_modules ]; then
  echo "build-web: installing web dependencies"
  PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
fi
echo "build-web: building web/dist"
npm run --silent build >/tmp/loudong-build-web.$$.log 2>&1 || { cat /tmp/loudong-build-web.$$.log; rm -f /tmp/loudong-build-web.$$.log; exit 1; }
rm -f /tmp/loudong-build-web.$$.log
touch "$stamp"
