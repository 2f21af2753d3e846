#!/usr/bin/env bash
# Per-path latency of the text-search-with-a-filter paths, one request at a
# time (no queueing): which term and filter pairs cost the most, and the mean
# server time that bounds the throughput read_bench.sh's wrk sees.
#
#   bench/text_paths.sh DATA_DIR        (DATA_DIR from bench/gen_store.py)
#
# Env: LOUDONG (server binary, default build/release/loudong), REPEAT (5:
# the median of that many requests per path is reported). Prints the 25
# slowest paths with their totals, then the mean.
set -euo pipefail
source "$(dirname "$0")/lib.sh"
DATA=${1:?usage: text_paths.sh DATA_DIR}
WORK=$(mktemp -d /tmp/ld-textpaths.XXXXXX)
trap 'stop_server; rm -rf "$WORK"' EXIT
start_server "$DATA" "$WORK/server.log"
sign_in
python3 - "$BASE" "$COOKIE" "${REPEAT:-5}" <<'PY'
import json, random, statistics, sys, time, urllib.parse, urllib.request
base, cookie, repeat = sys.argv[1], sys.argv[2], int(sys.argv[3])
R = "/api/v1/reports"
# The same paths as prepare_targets.py's reports_text_filtered.
terms = ["路由器", "命令注入", "Camera", "越界读取", "防火墙", "path traversal", "Globex", "固件升级", "SSRF",
         "use after free", "华信 摄像头", "Mail Gateway"]
others = ["state=accepted", "state=rejected", "state=triage", "grade=high", "grade=critical"]
rnd = random.Random(2)
paths = [f"{R}?text={urllib.parse.quote(t)}&{o}" for t in terms for o in others] + \
        [f"{R}?text={urllib.parse.quote(t)}&product_id={rnd.randint(1, 2000)}" for t in terms]
rows = []
for p in paths:
    ms = []
    for _ in range(repeat):
        req = urllib.request.Request(base + p, headers={"Cookie": cookie})
        t = time.perf_counter()
        body = urllib.request.urlopen(req).read()
        ms.append((time.perf_counter() - t) * 1000)
    j = json.loads(body)
    rows.append((statistics.median(ms), urllib.parse.unquote(p[len(R) + 1:]), j.get("total"), j.get("total_capped"),
                 len(j["items"])))
rows.sort(reverse=True)
for r in rows[:25]:
    print("%7.1f ms  %-45s total=%s capped=%s items=%s" % r)
print("mean %.1f ms over %d paths" % (statistics.mean(r[0] for r in rows), len(rows)))
PY
