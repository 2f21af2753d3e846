#!/bin/sh
# Reproduces the inventory numbers of docs/performance.md on this machine.
#   bench/inventory.sh [RECORDS]     (default 520000)
set -eu
cd "$(dirname "$0")/.."
N=${1:-520000}
mkdir -p bench/data
if [ ! -f bench/data/osv-$N.zip ]; then
  python3 bench/gen_osv.py --records "$N" --sbom 10000 --out bench/data/osv-$N.zip --sbom-out bench/data/sbom-10k-$N.cdx.json
fi
cmake -S . -B build/h-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DLOUDONG_BENCH=ON -DLOUDONG_TESTS=OFF -DLOUDONG_WERROR=OFF >/dev/null
ninja -C build/h-bench e2e_bench match_bench
build/h-bench/e2e_bench bench/data/osv-$N.zip bench/data/sbom-10k-$N.cdx.json
LOUDONG_BENCH_OSV=bench/data/osv-$N.zip LOUDONG_BENCH_SBOM=bench/data/sbom-10k-$N.cdx.json build/h-bench/match_bench
