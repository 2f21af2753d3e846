#!/usr/bin/env bash
# Installs what loudong needs to build, run and test, and only what is missing.
# Silent when everything is already present. Safe to run again and again.
set -euo pipefail
cd "$(dirname "$0")/.."

packages=(
  build-essential cmake ninja-build ccache pkg-config clang libclang-rt-14-dev
  libboost1.74-dev nlohmann-json3-dev libsimdjson-dev libsqlite3-dev sqlite3 libpq-dev
  libsodium-dev libssl-dev libcurl4-openssl-dev libspdlog-dev libcli11-dev
  libtomlplusplus-dev libgtest-dev libgmock-dev libbenchmark-dev libzip-dev libzstd-dev libdeflate-dev libjemalloc-dev tzdata
  postgresql chromium fonts-wqy-microhei nodejs curl wrk python3-aiosmtpd
  # reference tools of the versions differential tests: dpkg's Dpkg::Version,
  # rpm's own comparison (python3-rpm), PEP 440 (python3-packaging)
  libdpkg-perl python3-rpm python3-packaging
  # the CVE JSON 5 schema for the export tests (tests/integration/exports.test.mjs)
  python3-cvelib
  # xmllint: the Atom feed test parses the feed (tests/integration/exports-provider.test.mjs)
  libxml2-utils
  # gpg: the CSAF provider test verifies each document's OpenPGP signature
  gpg
)
missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
    missing+=("$p")
  fi
done
# nodejs may come from another repository that ships npm inside it; only ask
# apt for npm when there is no npm at all.
command -v npm >/dev/null 2>&1 || missing+=(npm)
if [ ${#missing[@]} -gt 0 ]; then
  echo "setup: installing ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# Front-end packages: only when web/ has a manifest and the install is stale.
if [ -f web/package.json ]; then
  stamp=web/node_modules/.loudong-stamp
  sum=$(sha256sum web/package.json web/package-lock.json 2>/dev/null | sha256sum | cut -c1-16)
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$sum" ]; then
    echo "setup: installing web dependencies"
    (cd web && if [ -f package-lock.json ]; then npm ci --no-audit --no-fund --loglevel=error; else npm install --no-audit --no-fund --loglevel=error; fi)
    echo "$sum" > "$stamp"
  fi
fi
if [ -f tests/package.json ]; then
  stamp=tests/node_modules/.loudong-stamp
  sum=$(sha256sum tests/package.json tests/package-lock.json 2>/dev/null | sha256sum | cut -c1-16)
  if [ ! -f "$stamp" ] || [ "$(cat "$stamp")" != "$sum" ]; then
    echo "setup: installing test dependencies"
    (cd tests && if [ -f package-lock.json ]; then npm ci --no-audit --no-fund --loglevel=error; else npm install --no-audit --no-fund --loglevel=error; fi)
    echo "$sum" > "$stamp"
  fi
fi
