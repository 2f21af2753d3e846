#!/usr/bin/env python3
"""Writes the request-path files for read_bench.sh into OUT_DIR.

    prepare_targets.py BASE COOKIE OUT_DIR [--deep-report-pages 5000] [--deep-case-pages 1000]

Deep cursors are found by following next_cursor from the first page, the way
a client would (limit 50), so page N's cursor is the one a client holds.
"""
import argparse
import http.client
import json
import os
import random
import sys
import time
import urllib.parse


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("base")
    ap.add_argument("cookie")
    ap.add_argument("out")
    ap.add_argument("--deep-report-pages", type=int, default=5000)
    ap.add_argument("--deep-case-pages", type=int, default=1000)
    ap.add_argument("--seed", type=int, default=14)
    a = ap.parse_args()
    u = urllib.parse.urlparse(a.base)
    conn = http.client.HTTPConnection(u.hostname, u.port, timeout=60)
    hdr = {"Cookie": a.cookie, "Accept": "application/json"}

    def get(path):
        conn.request("GET", path, headers=hdr)
        r = conn.getresponse()
        body = r.read()
        if r.status != 200:
            sys.exit(f"GET {path}: {r.status} {body[:300]!r}")
        return json.loads(body)

    rnd = random.Random(a.seed)
    first = get("/api/v1/reports?limit=1")
    n_reports = first["total"]
    n_cases = get("/api/v1/cases?limit=1")["total"]
    print(f"  store: {n_reports:,} reports, {n_cases:,} cases", file=sys.stderr)

    def follow(base_path, pages):
        t = time.time()
        cur = None
        for _ in range(pages - 1):
            p = base_path + ("&cursor=" + urllib.parse.quote(cur) if cur else "")
            cur = get(p)["next_cursor"]
            if not cur:
                break
        print(f"  followed {pages - 1} pages of {base_path} in {time.time() - t:.1f} s "
              f"({(time.time() - t) * 1000 / max(1, pages - 1):.1f} ms/page)", file=sys.stderr)
        return cur

    os.makedirs(a.out, exist_ok=True)

    def write(name, paths):
        with open(os.path.join(a.out, name), "w") as f:
            f.write("\n".join(paths) + "\n")

    R = "/api/v1/reports"
    C = "/api/v1/cases"
    write("reports_first", [R])
    write("reports_state", [f"{R}?state={s}" for s in ("accepted", "rejected", "duplicate", "triage", "needs_info",
                                                       "received")])
    write("reports_product", [f"{R}?product_id={rnd.randint(1, 2000)}" for _ in range(500)])
    terms = ["路由器", "命令注入", "Camera", "越界读取", "防火墙", "path traversal", "Globex", "固件升级", "SSRF",
             "use after free", "华信 摄像头", "Mail Gateway"]
    write("reports_text", [f"{R}?text={urllib.parse.quote(t)}" for t in terms])
    # Text with another filter: each term with a state, a grade or a product
    # (own generator: the other targets' random ids stay as they were).
    rnd_f = random.Random(a.seed + 1)
    others = ["state=accepted", "state=rejected", "state=triage", "grade=high", "grade=critical"]
    write("reports_text_filtered",
          [f"{R}?text={urllib.parse.quote(t)}&{o}" for t in terms for o in others] +
          [f"{R}?text={urllib.parse.quote(t)}&product_id={rnd_f.randint(1, 2000)}" for t in terms])
    write("reports_grade", [f"{R}?grade={g}" for g in ("critical", "high", "medium", "low", "none")])
    write("reports_asc", [f"{R}?order=asc"])
    deep = follow(f"{R}?limit=50", a.deep_report_pages)
    write("reports_deep", [f"{R}?cursor={urllib.parse.quote(deep)}"])
    write("report_detail", [f"{R}/{rnd.randint(1, n_reports)}" for _ in range(5000)])
    write("cases_first", [C])
    write("cases_state", [f"{C}?state={s}" for s in ("verifying", "confirmed", "fixing", "fixed", "published",
                                                     "closed")])
    write("cases_grade", [f"{C}?grade={g}" for g in ("critical", "high", "medium", "low")])
    write("cases_updated", [f"{C}?sort=updated"])
    deepc = follow(f"{C}?limit=50", a.deep_case_pages)
    write("cases_deep", [f"{C}?cursor={urllib.parse.quote(deepc)}"])
    write("case_detail", [f"{C}/{rnd.randint(1, n_cases)}" for _ in range(5000)])
    write("clocks", ["/api/v1/clocks"])


if __name__ == "__main__":
    main()
