#!/usr/bin/env python3
"""Fill a fresh loudong data directory with a large, realistic store.

    bench/gen_store.py --data /tmp/ld-bench --reports 1000000 --cases 100000

The schema comes from the server itself (`loudong migrate --data DIR`), then
rows are written directly with Python's sqlite3 in large transactions
(journal off while loading, WAL restored at the end). Every report gets what
intake would have written: its receipt record (hash chain computed exactly as
src/domain/receipts.cpp does, so `loudong receipts verify` passes), its two
clocks (regulatory_report, finder_ack) and its "received" event; triaged
reports get their transition event and stopped clocks. Cases get
participants, events, clocks, a message and (for half) a regulatory report.

Organisation 1 is the host organisation; the admin user is not created here:
the first `loudong serve` with LOUDONG_ADMIN_PASSWORD bootstraps it.
Deterministic for a given --seed. No verification text is sealed (the
listing and detail routes never unseal).
"""
import argparse
import hashlib
import json
import os
import random
import sqlite3
import subprocess
import sys
import time

US = 1_000_000
HOUR = 3600 * US
DAY = 24 * HOUR

VULNS = [
    ("SQL 注入", "SQL injection", 89, "SQLI"), ("跨站脚本", "cross-site scripting", 79, "XSS"),
    ("命令注入", "OS command injection", 78, "CMDI"), ("缓冲区溢出", "buffer overflow", 120, "BOF"),
    ("越界读取", "out-of-bounds read", 125, "OOBR"), ("越界写入", "out-of-bounds write", 787, "OOBW"),
    ("权限绕过", "authorization bypass", 285, "AUTHZ"), ("身份认证绕过", "authentication bypass", 287, "AUTHN"),
    ("路径遍历", "path traversal", 22, "PATH"), ("服务端请求伪造", "server-side request forgery", 918, "SSRF"),
    ("反序列化", "unsafe deserialization", 502, "DESER"), ("信息泄露", "information disclosure", 200, "INFO"),
    ("释放后使用", "use after free", 416, "UAF"), ("拒绝服务", "denial of service", 400, "DOS"),
    ("硬编码凭证", "hard-coded credentials", 798, "CRED"), ("跨站请求伪造", "cross-site request forgery", 352, "CSRF"),
    ("XML 外部实体注入", "XML external entity injection", 611, "XXE"), ("整数溢出", "integer overflow", 190, "INTOF"),
]
COMPONENTS_ZH = ["登录接口", "文件上传模块", "管理后台", "固件升级功能", "用户中心", "支付回调", "日志导出",
                 "远程管理接口", "Web 控制台", "API 网关", "报表模块", "配置备份功能", "诊断页面", "消息推送服务"]
COMPONENTS_EN = ["login endpoint", "file upload handler", "admin console", "firmware update", "user profile page",
                 "payment callback", "log export", "remote management API", "web UI", "API gateway",
                 "report generator", "config backup", "diagnostics page", "push service"]
VENDORS = ["华信", "中科", "天网", "云启", "海川", "北辰", "Acme", "Globex", "Initech", "Umbrella", "Stark", "Wayne",
           "Hooli", "Vandelay", "智联", "启明", "安恒", "深蓝", "长城", "东方"]
KINDS_ZH = ["路由器", "摄像头", "防火墙", "办公系统", "ERP", "邮件网关", "VPN 网关", "工控 PLC", "交换机",
            "内容管理系统", "移动应用", "小程序", "云存储", "数据库审计系统"]
KINDS_EN = ["Router", "IP Camera", "Firewall", "OA Suite", "ERP", "Mail Gateway", "VPN Gateway", "PLC", "Switch",
            "CMS", "Mobile App", "Mini Program", "Cloud Storage", "DB Audit"]
PRODUCT_KINDS = ["software", "hardware", "firmware", "mobile_app", "mini_program", "cloud_service"]
ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def sha256_hex(b):
    return hashlib.sha256(b).hexdigest()


def receipt_hash(seq, at, channel, submitter, source_address, content_sha256, subject, prev_hash):
    """Exactly domain::receipt_hash: length-prefixed fields (byte lengths)."""
    parts = [b"loudong-receipt-v1"]
    for v in (str(seq), str(at), channel, submitter, source_address, content_sha256, subject, prev_hash):
        b = v.encode()
        parts.append(b"\n" + str(len(b)).encode() + b":" + b)
    return sha256_hex(b"".join(parts))


def utc_date(us):
    return time.strftime("%Y%m%d", time.gmtime(us // US))


def utc_year(us):
    return time.strftime("%Y", time.gmtime(us // US))


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--data", required=True, help="data directory to create (must not hold a database)")
    ap.add_argument("--reports", type=int, default=1_000_000)
    ap.add_argument("--cases", type=int, default=100_000)
    ap.add_argument("--products", type=int, default=2_000)
    ap.add_argument("--orgs", type=int, default=300)
    ap.add_argument("--finders", type=int, default=2_000, help="registered finder users")
    ap.add_argument("--years", type=float, default=3.0, help="reports spread over this many years up to now")
    ap.add_argument("--seed", type=int, default=14)
    ap.add_argument("--loudong", default=os.path.join(os.path.dirname(__file__), "..", "build", "release", "loudong"))
    a = ap.parse_args()

    rnd = random.Random(a.seed)
    db_path = os.path.join(a.data, "loudong.db")
    if os.path.exists(db_path):
        sys.exit(f"{db_path} exists: give a fresh --data directory")
    os.makedirs(a.data, exist_ok=True)
    subprocess.run([a.loudong, "migrate", "--data", a.data], check=True, stdout=subprocess.DEVNULL)

    t0 = time.time()
    db = sqlite3.connect(db_path, isolation_level=None)
    db.execute("PRAGMA journal_mode = OFF")
    db.execute("PRAGMA synchronous = OFF")
    db.execute("PRAGMA cache_size = -2000000")
    db.execute("PRAGMA temp_store = MEMORY")
    db.execute("BEGIN")

    now = int(time.time() * US) - HOUR
    start = now - int(a.years * 365 * DAY)

    # Organisations: 1 = host platform; providers; a few finder teams.
    orgs = [(1, "漏洞协调平台 (bench host)", "platform", "CN", "", start)]
    for i in range(2, a.orgs + 1):
        kind = "finder_team" if i % 15 == 0 else ("operator" if i % 7 == 0 else "provider")
        region = "CN" if i % 10 else rnd.choice(["US", "DE", "JP", "SG"])
        orgs.append((i, f"{rnd.choice(VENDORS)}科技 {i} 有限公司", kind, region, f"psirt{i}@vendor{i}.example", start))
    db.executemany("INSERT INTO orgs(id, name, type, region, contact_email, created_at) VALUES (?,?,?,?,?,?)", orgs)
    provider_orgs = [o[0] for o in orgs if o[2] in ("provider", "operator")]
    finder_teams = [o[0] for o in orgs if o[2] == "finder_team"]

    # Finder users (unusable password hash: nobody signs in as them).
    users = [(i, f"finder{i:05d}", f"白帽 {i}", f"finder{i}@mail.example", "!bench-no-login", 0, 1, 0, start)
             for i in range(100, 100 + a.finders)]
    db.executemany("INSERT INTO users(id, username, display_name, email, password_hash, platform_admin, finder, "
                   "disabled, created_at) VALUES (?,?,?,?,?,?,?,?,?)", users)

    products = []
    for i in range(1, a.products + 1):
        k = rnd.randrange(len(KINDS_ZH))
        v = rnd.choice(VENDORS)
        name = f"{v} {KINDS_ZH[k]}" if i % 2 else f"{v} {KINDS_EN[k]}"
        versions = json.dumps([f"{m}.{n}" for m in range(1, 3) for n in range(0, 3)])
        products.append((i, rnd.choice(provider_orgs), name, f"M{i:04d}", rnd.choice(PRODUCT_KINDS), "", versions,
                         "[]", "[]", "[]", start, start))
    db.executemany("INSERT INTO products(id, provider_org, name, model, kind, platform, versions, purls, cpes, "
                   "customers, created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?,?,?)", products)
    product_name = {p[0]: p[2] for p in products}
    product_org = {p[0]: p[1] for p in products}
    # Zipf-like popularity: a few products get many reports.
    weights = [1.0 / (i ** 0.8) for i in range(1, a.products + 1)]
    product_pick = rnd.choices(range(1, a.products + 1), weights=weights, k=a.reports)

    # Cases are created by accepted reports, paced so that exactly --cases
    # exist by the end of the triaged part of the history.
    n = a.reports
    triaged_until = int(n * 0.97)
    step = (now - start) // n
    prev_hash = "0" * 64
    case_rows, part_rows, msg_rows, reg_rows = [], [], [], []
    case_first_at = []

    rep_cols = ("id, tracking_id, tracking_token_hash, state, title, product_id, product_text, product_version, "
                "vuln_type, cwe, gbt_class, location, trigger_conditions, impact, verification_sealed, discovered_on, "
                "already_public, exploited, disclosure_plans, submitter_user_id, contact_email, contact_name, channel, "
                "source_address, case_id, receipt_seq, received_at, updated_at")
    ins_rep = f"INSERT INTO reports({rep_cols}) VALUES ({','.join('?' * 28)})"
    ins_rec = ("INSERT INTO receipts(seq, at, channel, submitter, source_address, content_sha256, subject, prev_hash, "
               "hash) VALUES (?,?,?,?,?,?,?,?,?)")
    ins_clock = ("INSERT INTO clocks(report_id, case_id, kind, started_at, soon_at, due_at, stopped_at, stop_note) "
                 "VALUES (?,?,?,?,?,?,?,?)")
    ins_event = ("INSERT INTO events(subject_type, subject_id, at, actor_user_id, actor_name, kind, from_state, "
                 "to_state, reason, data) VALUES (?,?,?,?,?,?,?,?,?,?)")

    def soon(started, due):  # due_soon at 75 % of the period (policy.due_soon_percent = 25)
        return due - (due - started) * 25 // 100

    reps, recs, clocks, events = [], [], [], []
    tracking_seen = set()
    chunk = 50_000
    for i in range(n):
        rid = i + 1
        at = start + i * step + rnd.randrange(step)
        v_zh, v_en, cwe, _ = VULNS[rnd.randrange(len(VULNS))]
        pid = product_pick[i] if rnd.random() < 0.7 else None
        if pid:
            pname = product_name[pid]
            ptext = ""
        else:
            k = rnd.randrange(len(KINDS_ZH))
            pname = f"{rnd.choice(VENDORS)} {KINDS_EN[k] if rnd.random() < 0.4 else KINDS_ZH[k]}"
            ptext = pname
        ci = rnd.randrange(len(COMPONENTS_ZH))
        if rnd.random() < 0.6:
            title = f"{pname} {COMPONENTS_ZH[ci]}存在{v_zh}漏洞"
        else:
            title = f"{v_en.capitalize()} in {pname} {COMPONENTS_EN[ci]}"
        version = f"{rnd.randint(1, 9)}.{rnd.randint(0, 20)}.{rnd.randint(0, 9)}"
        while True:
            tid = f"R-{utc_date(at)}-" + "".join(rnd.choice(ALPHABET) for _ in range(8))
            if tid not in tracking_seen:
                tracking_seen.add(tid)
                break
        finder = rnd.randrange(100, 100 + a.finders) if rnd.random() < 0.35 else None
        email = f"finder{finder}@mail.example" if finder else f"anon{rnd.randrange(10**7)}@mail.example"
        channel = "api" if finder and rnd.random() < 0.5 else "web"
        src = f"10.{rnd.randrange(256)}.{rnd.randrange(256)}.{rnd.randrange(1, 255)}"
        impact = f"攻击者可利用该{v_zh}漏洞获取敏感数据或控制设备。An attacker can exploit the {v_en}."
        body = json.dumps({"title": title, "product_id": pid, "product_text": ptext, "product_version": version,
                           "cwe": f"CWE-{cwe}", "impact": impact, "contact_email": email}, ensure_ascii=False)
        seq = rid
        submitter = f"finder{finder:05d}" if finder else "anonymous:" + sha256_hex(email.encode())[:16]
        content = sha256_hex(body.encode())
        subject = "report:" + tid
        h = receipt_hash(seq, at, channel, submitter, src, content, subject, prev_hash)
        recs.append((seq, at, channel, submitter, src, content, subject, prev_hash, h))
        prev_hash = h

        # Triage outcome.
        case_id = None
        if i >= triaged_until:
            state = rnd.choices(["received", "triage", "needs_info"], [50, 35, 15])[0]
        else:
            state = rnd.choices(["accepted", "duplicate", "rejected", "triage", "needs_info"], [20, 25, 50, 3, 2])[0]
            want = a.cases * (i + 1) // triaged_until
            if state == "accepted" and len(case_rows) < want:
                case_id = len(case_rows) + 1
                case_first_at.append(at)
                case_rows.append((case_id, pid, pname, v_zh, v_en, cwe, at, title))
            elif state in ("accepted", "duplicate"):
                if case_rows:
                    case_id = rnd.randint(max(1, len(case_rows) - 2000), len(case_rows))
                else:
                    state = "rejected"
        done_at = min(now, at + rnd.randint(2 * HOUR, 40 * HOUR))
        updated = done_at if state in ("accepted", "duplicate", "rejected") else at
        reps.append((rid, tid, sha256_hex(f"{a.seed}:{rid}".encode()), state, title, pid, ptext, version,
                     v_en, cwe, "", f"{COMPONENTS_EN[ci]} /api/v{rnd.randint(1, 3)}", "默认配置 default config",
                     impact, None, None, 0, int(rnd.random() < 0.02), "", finder, email, f"Finder {rid % 997}",
                     channel, src, case_id, seq, at, updated))
        stopped = done_at if state in ("accepted", "duplicate", "rejected") else None
        for kind, hours in (("regulatory_report", 48), ("finder_ack", 72)):
            due = at + hours * HOUR
            clocks.append((rid, None, kind, at, soon(at, due), due, stopped, ""))
        events.append(("report", rid, at, finder, submitter if finder else "anonymous", "received", "", "received",
                       "", json.dumps({"channel": channel, "receipt_seq": seq})))
        if state != "received":
            events.append(("report", rid, updated, None, "admin", "transition", "triage" if stopped else "received",
                           state, "", "{}"))
        if len(reps) >= chunk:
            db.executemany(ins_rep, reps)
            db.executemany(ins_rec, recs)
            db.executemany(ins_clock, clocks)
            db.executemany(ins_event, events)
            reps, recs, clocks, events = [], [], [], []
            print(f"  reports {rid:>9,}  {time.time() - t0:6.1f} s", file=sys.stderr, flush=True)
    db.executemany(ins_rep, reps)
    db.executemany(ins_rec, recs)
    db.executemany(ins_clock, clocks)
    db.executemany(ins_event, events)
    reps, recs, clocks, events = [], [], [], []
    del tracking_seen

    # Cases.
    grades = ["critical", "high", "medium", "low", None]
    cvss = {"critical": ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H", 10.0),
            "high": ("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:N", 9.1),
            "medium": ("CVSS:3.1/AV:N/AC:L/PR:L/UI:R/S:U/C:L/I:L/A:L", 5.5),
            "low": ("CVSS:3.1/AV:L/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N", 1.8)}
    fix_days = {"critical": 7, "high": 30, "medium": 90, "low": 180, None: 90}
    cases, parts, cclocks, cevents, msgs, regs = [], [], [], [], [], []
    for (cid, pid, pname, v_zh, v_en, cwe, at, rtitle) in case_rows:
        age_days = (now - at) / DAY
        if age_days > 365:
            state = rnd.choices(["published", "closed", "fixed", "not_affected", "withdrawn"], [45, 30, 15, 6, 4])[0]
        elif age_days > 90:
            state = rnd.choices(["published", "fixed", "fixing", "closed", "not_affected"], [30, 30, 25, 10, 5])[0]
        else:
            state = rnd.choices(["verifying", "confirmed", "fixing", "fixed"], [30, 30, 30, 10])[0]
        grade = rnd.choices(grades, [5, 25, 45, 15, 10])[0]
        vec, score = cvss.get(grade, ("", None))
        updated = min(now, at + rnd.randint(1, 120) * DAY + rnd.randrange(DAY))
        org = product_org.get(pid) if pid else rnd.choice(provider_orgs)
        title = rtitle if rnd.random() < 0.7 else f"{pname} {v_en} ({v_zh})"
        cases.append((cid, f"LD-{utc_year(at)}-{cid:06d}", title, f"{v_zh}：{v_en}。", state, pid, org,
                      "< 2.0", int(rnd.random() < 0.1), cwe, "", vec, score, "", None, grade,
                      "derived_from_cvss" if grade else "", "", None, "[]", at, at, updated))
        parts.append((cid, 1, "coordinator"))
        parts.append((cid, org, "provider"))
        if finder_teams and rnd.random() < 0.2:
            parts.append((cid, rnd.choice(finder_teams), "finder"))
        reg_due = at + 48 * HOUR
        cclocks.append((None, cid, "regulatory_report", at, soon(at, reg_due), reg_due,
                        at + rnd.randint(1, 40) * HOUR, ""))
        fix_due = at + fix_days[grade] * DAY
        fix_stop = updated if state in ("fixed", "published", "closed", "not_affected", "withdrawn") else None
        cclocks.append((None, cid, "fix", at, soon(at, fix_due), fix_due, fix_stop, ""))
        cevents.append(("case", cid, at, None, "admin", "opened", "", "verifying", "", "{}"))
        path = {"verifying": [], "confirmed": ["confirmed"], "fixing": ["confirmed", "fixing"],
                "fixed": ["confirmed", "fixing", "fixed"], "published": ["confirmed", "fixing", "fixed", "published"],
                "closed": ["confirmed", "fixing", "fixed", "published", "closed"], "not_affected": ["not_affected"],
                "withdrawn": ["withdrawn"]}[state]
        frm = "verifying"
        for k, to in enumerate(path):
            t = at + (updated - at) * (k + 1) // len(path)
            cevents.append(("case", cid, t, None, "admin", "transition", frm, to, "", "{}"))
            frm = to
        if grade:
            cevents.append(("case", cid, at + HOUR, None, "admin", "assessment", "", "", "",
                            json.dumps({"grade": grade, "cvss31_vector": vec})))
        msgs.append((None, cid, None, "admin", 0, "provider", f"请确认该问题。Please confirm case LD-{cid:06d}.", at + HOUR))
        if rnd.random() < 0.5:
            regs.append((cid, "CNVD", "submitted", pname, "M", "1.0", f"{v_en}", "数据泄露", "全国", "厂商",
                         "张三", "010-00000000", "psirt@vendor.example", "升级到最新版本", at + 30 * HOUR, None,
                         "web", f"CNVD-{cid}", at + 20 * HOUR, at + 30 * HOUR))
        if len(cases) >= chunk:
            flush_cases(db, cases, parts, cclocks, cevents, msgs, regs, ins_clock, ins_event)
            cases, parts, cclocks, cevents, msgs, regs = [], [], [], [], [], []
            print(f"  cases {cid:>9,}  {time.time() - t0:6.1f} s", file=sys.stderr, flush=True)
    flush_cases(db, cases, parts, cclocks, cevents, msgs, regs, ins_clock, ins_event)
    db.execute("COMMIT")
    db.execute("PRAGMA journal_mode = WAL")
    db.close()
    print(f"generated {n:,} reports, {len(case_rows):,} cases in {time.time() - t0:.0f} s -> {db_path} "
          f"({os.path.getsize(db_path) / 2**30:.2f} GiB)", file=sys.stderr)


def flush_cases(db, cases, parts, cclocks, cevents, msgs, regs, ins_clock, ins_event):
    db.executemany(
        "INSERT INTO cases(id, ref, title, summary, state, product_id, provider_org, affected_versions, "
        "operator_system, cwe, gbt_class, cvss31_vector, cvss31_score, cvss40_vector, cvss40_score, grade, "
        "grade_source, grade_basis, upstream, external_ids, aware_at, created_at, updated_at) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", cases)
    db.executemany("INSERT OR IGNORE INTO case_participants(case_id, org_id, role) VALUES (?,?,?)", parts)
    db.executemany(ins_clock, cclocks)
    db.executemany(ins_event, cevents)
    db.executemany("INSERT INTO messages(report_id, case_id, author_user_id, author_name, from_finder, visibility, "
                   "body, created_at) VALUES (?,?,?,?,?,?,?,?)", msgs)
    db.executemany(
        "INSERT INTO regulatory_reports(case_id, authority, state, product_name, product_model, product_version, "
        "technical_characteristics, harm, scope, provider_name, contact_name, contact_phone, contact_email, measures, "
        "submitted_at, submitted_by, channel, reference, created_at, updated_at) "
        "VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)", regs)


if __name__ == "__main__":
    main()
