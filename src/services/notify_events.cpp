#include "services/notify_events.h"

#include "domain/clocks.h"

namespace loudong::services {

using namespace domain;

namespace {

// A console page ("/cases/7" -> PUBLIC_URL/console/cases/7).
std::string link(const Context& ctx, const std::string& path) { return ctx.notify.public_url + "/console" + path; }

// How people say each state, for emails.
std::string report_state_zh(const std::string& s) {
  if (s == "triage") return "分诊中";
  if (s == "needs_info") return "需要补充信息";
  if (s == "rejected") return "未采纳";
  if (s == "duplicate") return "重复（已并入已有案例）";
  if (s == "accepted") return "已采纳，正在处置";
  if (s == "received") return "已接收";
  return s;
}
std::string report_state_en(const std::string& s) {
  if (s == "triage") return "in triage";
  if (s == "needs_info") return "needs more information";
  if (s == "rejected") return "rejected";
  if (s == "duplicate") return "a duplicate (joined an existing case)";
  if (s == "accepted") return "accepted and being handled";
  if (s == "received") return "received";
  return s;
}
std::string clock_zh(ClockKind k) {
  switch (k) {
    case ClockKind::regulatory_report: return "向工信部报送（2 日）";
    case ClockKind::upstream_notice: return "通知上游";
    case ClockKind::finder_ack: return "答复发现者";
    case ClockKind::fix: return "修补";
    case ClockKind::user_notice: return "通知用户";
  }
  return "";
}
std::string clock_en(ClockKind k) {
  switch (k) {
    case ClockKind::regulatory_report: return "report to MIIT (2 days)";
    case ClockKind::upstream_notice: return "upstream notice";
    case ClockKind::finder_ack: return "finder acknowledgement";
    case ClockKind::fix: return "fix";
    case ClockKind::user_notice: return "user notice";
  }
  return "";
}

}  // namespace

Status notify_report_received(store::WriteTx& tx, const Context& ctx, Time now, const Report& r) {
  if (!ctx.notify.enabled) return {};
  LD_ASSIGN_OR_RETURN(auto ev, report_event(tx, r, "report.received"));
  ev.data = {{"tracking_id", r.tracking_id}, {"channel", std::string(name_of(r.channel))},
             {"receipt_seq", r.receipt_seq}, {"product_id", r.product_id ? nlohmann::json(*r.product_id) : nlohmann::json()}};
  ev.subject_zh = "收到漏洞报告 " + r.tracking_id + "：" + r.title;
  ev.subject_en = "Vulnerability report received " + r.tracking_id + ": " + r.title;
  std::string url = link(ctx, "/reports/" + std::to_string(r.id));
  ev.body_zh = "收到一份新的漏洞报告，须在 48 小时内向工信部网络安全威胁和漏洞信息共享平台报送。\n\n" + r.title +
               "\n产品：" + r.product_text + " " + r.product_version + "\n\n" + url;
  ev.body_en = "A new vulnerability report arrived; the 48-hour clock to report to MIIT's sharing platform runs.\n\n" +
               r.title + "\nProduct: " + r.product_text + " " + r.product_version + "\n\n" + url;
  ev.dedupe = r.tracking_id;
  LD_RETURN_IF_ERROR(publish(tx, ctx, now, ev).status());
  // A platform's intake staff hear of every report, about whoever's product.
  if (*ev.org_id == kHostOrg) return {};
  ev.org_id = kHostOrg;
  return publish(tx, ctx, now, ev).status();
}

Status notify_report_state(store::WriteTx& tx, const Context& ctx, Time now, const Report& r, const std::string& from,
                           const std::string& to, const std::string& reason) {
  if (!ctx.notify.enabled) return {};
  LD_ASSIGN_OR_RETURN(auto ev, report_event(tx, r, "report.state_changed"));
  ev.data = {{"from", from}, {"to", to}, {"tracking_id", r.tracking_id}};
  ev.dedupe = from + ">" + to + "@" + std::to_string(to_micros(now));
  // Webhooks, and members who chose this event (it is not in the default set).
  LD_RETURN_IF_ERROR(publish(tx, ctx, now, ev).status());
  // The finder: a signed-in finder's address, else the contact they gave.
  std::string to_addr = r.contact_email, language = "both";
  if (r.submitter_user_id) {
    LD_ASSIGN_OR_RETURN(auto u, tx.user(*r.submitter_user_id));
    if (u && !u->email.empty()) to_addr = u->email;
    LD_ASSIGN_OR_RETURN(auto p, tx.notification_prefs(*r.submitter_user_id));
    if (p) {
      if (!p->email) return {};
      language = p->language;
    }
  }
  if (to_addr.empty()) return {};
  DirectEmail m;
  m.to = to_addr;
  m.language = language;
  m.event = "report.state_changed";
  m.org_id = ev.org_id;
  m.subject_type = "report";
  m.subject_id = r.id;
  m.dedupe = ev.dedupe;
  std::string track = ctx.notify.public_url + "/track";  // the public portal, no account needed
  m.subject_zh = "您的漏洞报告 " + r.tracking_id + " 状态：" + report_state_zh(to);
  m.subject_en = "Your vulnerability report " + r.tracking_id + " is " + report_state_en(to);
  m.body_zh = "您好，\n\n您提交的报告《" + r.title + "》状态已更新为：" + report_state_zh(to) + "。" +
              (reason.empty() ? "" : "\n说明：" + reason) + "\n\n请使用跟踪编号和令牌在 " + track +
              " 查看详情、回复问题。\n\n在厂商修补并发布公告之前，请勿公开漏洞细节（《网络产品安全漏洞管理规定》第九条）。";
  m.body_en = "Hello,\n\nYour report \"" + r.title + "\" is now " + report_state_en(to) + "." +
              (reason.empty() ? "" : "\nNote: " + reason) + "\n\nFollow it and answer questions at " + track +
              " with your tracking id and token.\n\nPlease do not publish details before the vendor has a fix and an "
              "advisory is out (Regulation Art. 9).";
  return send_email(tx, ctx, now, m).status();
}

Status notify_case_state(store::WriteTx& tx, const Context& ctx, Time now, const Case& c, const std::string& from,
                         const std::string& to) {
  if (!ctx.notify.enabled || !c.provider_org) return {};
  NotificationEvent ev = case_event(c, "case.state_changed");
  ev.data = {{"from", from}, {"to", to}, {"ref", c.ref}};
  ev.dedupe = from + ">" + to + "@" + std::to_string(to_micros(now));
  std::string url = link(ctx, "/cases/" + std::to_string(c.id));
  ev.subject_zh = c.ref + " 状态：" + to;
  ev.subject_en = c.ref + " is now " + to;
  ev.body_zh = c.title + "\n" + from + " → " + to + "\n" + url;
  ev.body_en = ev.body_zh;
  LD_RETURN_IF_ERROR(publish(tx, ctx, now, ev).status());
  if (to != "confirmed") return {};
  ev.kind = "case.confirmed";
  ev.subject_zh = "漏洞已确认 " + c.ref + "：" + c.title;
  ev.subject_en = "Vulnerability confirmed " + c.ref + ": " + c.title;
  ev.body_zh = "案例 " + c.ref + " 已确认。修补时限已开始计时；如有下游用户，修补后须告知其风险和修补方式。\n" + url;
  ev.body_en = "Case " + c.ref + " is confirmed. The fix clock runs; once fixed, affected customers must be told the "
               "risk and the fix.\n" + url;
  return publish(tx, ctx, now, ev).status();
}

Status notify_clock(store::WriteTx& tx, const Context& ctx, Time now, const store::RunningClock& rc, ClockState state,
                    std::optional<Id> org, std::optional<assessment::Grade> grade) {
  NotificationEvent ev;
  bool overdue = state == ClockState::overdue;
  ev.kind = overdue ? "clock.overdue" : "clock.due_soon";
  ev.org_id = org;
  ev.grade = grade;
  ev.subject_type = "clock";
  ev.subject_id = rc.clock.id;
  ev.ref = rc.subject_ref;
  ev.title = rc.title;
  ev.escalate_to_admins = overdue;
  ev.data = {{"clock", std::string(name_of(rc.clock.kind))},
             {"due_at", format_utc(rc.clock.due_at)},
             {"state", std::string(name_of(state))},
             {"ref", rc.subject_ref}};
  std::string path = rc.clock.case_id ? "/cases/" + std::to_string(*rc.clock.case_id)
                                      : "/reports/" + std::to_string(rc.clock.report_id.value_or(0));
  std::string due = ctx.zone.format(rc.clock.due_at);
  ev.subject_zh = std::string(overdue ? "【已逾期】" : "【即将到期】") + rc.subject_ref + " " + clock_zh(rc.clock.kind);
  ev.subject_en = std::string(overdue ? "[Overdue] " : "[Due soon] ") + rc.subject_ref + " " + clock_en(rc.clock.kind);
  ev.body_zh = rc.title + "\n时限：" + clock_zh(rc.clock.kind) + "\n截止：" + due +
               (overdue ? "\n已超过法定/策略时限，请立即处理。" : "\n请在截止前完成。") + "\n" + link(ctx, path);
  ev.body_en = rc.title + "\nClock: " + clock_en(rc.clock.kind) + "\nDue: " + due +
               (overdue ? "\nThe deadline has passed: act now." : "\nPlease complete it before the deadline.") + "\n" +
               link(ctx, path);
  ev.dedupe = std::string(name_of(state));
  return publish(tx, ctx, now, ev).status();
}

Status notify_user_notice_owed(store::WriteTx& tx, const Context& ctx, Time now, const Case& c, int count) {
  NotificationEvent ev = case_event(c, "user_notice.owed");
  ev.data = {{"pending_notices", count}};
  ev.dedupe = std::to_string(to_micros(now));
  std::string url = link(ctx, "/cases/" + std::to_string(c.id));
  ev.subject_zh = c.ref + " 有 " + std::to_string(count) + " 个用户待通知";
  ev.subject_en = c.ref + ": " + std::to_string(count) + " customer notices owed";
  ev.body_zh = "受影响的产品版本有下游用户，须告知其风险和修补方式（第七条第三项）。\n" + url;
  ev.body_en = "Affected product versions have customers who must be told the risk and the fix (Art. 7(3)).\n" + url;
  return publish(tx, ctx, now, ev).status();
}

Result<int> sweep_clock_alerts(Context& ctx) {
  if (!ctx.notify.enabled) return 0;
  Time now = ctx.clock.now();
  auto policy = ctx.policy.get();
  return ctx.store.write([&](store::WriteTx& tx) -> Result<int> {
    store::ClockFilter f;
    f.soon_before = now;
    f.limit = 2000;
    LD_ASSIGN_OR_RETURN(auto running, tx.running_clocks(f));
    int n = 0;
    for (const auto& rc : running) {
      ClockState st = clock_state(rc.clock.started_at, rc.clock.due_at, rc.clock.stopped_at, now,
                                  policy.due_soon_percent);
      if (st != ClockState::due_soon && st != ClockState::overdue) continue;
      LD_ASSIGN_OR_RETURN(bool fresh, tx.mark_clock_alert(rc.clock.id, std::string(name_of(st)), now));
      if (!fresh) continue;
      std::optional<Id> org = kHostOrg;
      std::optional<assessment::Grade> grade;
      if (rc.clock.case_id) {
        LD_ASSIGN_OR_RETURN(auto cs, tx.get_case(*rc.clock.case_id));
        if (cs) {
          if (cs->provider_org) org = cs->provider_org;
          grade = cs->assessment.grade;
        }
      } else if (rc.clock.report_id) {
        LD_ASSIGN_OR_RETURN(auto r, tx.report(*rc.clock.report_id));
        if (r && r->product_id) {
          LD_ASSIGN_OR_RETURN(auto p, tx.product(*r->product_id));
          if (p) org = p->provider_org;
        }
      }
      LD_RETURN_IF_ERROR(notify_clock(tx, ctx, now, rc, st, org, grade));
      ++n;
    }
    return n;
  });
}

}  // namespace loudong::services
