#!/bin/sh
# Reproduces the inventory numbers of docs/performance.md on this machine.
#   bench/inventory.sh [RECORDS]     (default 520000)
# Makes bench/data/osv-RECORDS.zip and its 10,000-component SBOM when
# missing (bench/gen_osv.py: about a minute for 520,000 records on 2 cores),
# builds the Release benchmarks into build/h-bench, then runs the end-to-end
# import, re-import, index rebuild, SBOM upload and scan (e2e_bench: one JSON
# line) under /usr/bin/time -v, printing the load before and after, then
# match_bench (MATCH=0 skips it). LOUDONG_IMPORT_BATCH sets records per
# write transaction.
set -eu
cd "$(dirname "$0")/.."
N=${1:-520000}
DATA=${DATA:-/tmp/loudong-inventory-bench}
mkdir -p bench/data
if [ ! -f bench/data/osv-$N.zip ] || [ ! -f bench/data/sbom-10k-$N.cdx.json ]; then
  time python3 bench/gen_osv.py --records "$N" --sbom 10000 --out bench/data/osv-$N.zip \
    --sbom-out bench/data/sbom-10k-$N.cdx.json
fi
cmake -S . -B build/h-bench -G Ninja -DCMAKE_BUILD_TYPE=Release -DLOUDONG_BENCH=ON -DLOUDONG_TESTS=OFF -DLOUDONG_WERROR=OFF >/dev/null
ninja -C build/h-bench e2e_bench match_bench
echo "load before: $(uptime)"
/usr/bin/time -v -o "$DATA.time" build/h-bench/e2e_bench bench/data/osv-$N.zip bench/data/sbom-10k-$N.cdx.json "$DATA"
echo "load after:  $(uptime)"
grep -E 'Elapsed|Maximum resident|User time|System time|Percent of CPU' "$DATA.time"
echo "database on disk: $(du -b "$DATA/loudong.db" | cut -f1) bytes (plus $(du -cb "$DATA"/loudong.db-* 2>/dev/null | tail -1 | cut -f1) in -wal/-shm)"
if [ "${MATCH:-1}" != 0 ]; then
  LOUDONG_BENCH_OSV=bench/data/osv-$N.zip LOUDONG_BENCH_SBOM=bench/data/sbom-10k-$N.cdx.json build/h-bench/match_bench
fi
