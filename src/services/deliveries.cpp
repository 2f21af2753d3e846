#include "services/deliveries.h"

#include "services/filings.h"
#include "services/notifications.h"

namespace loudong::services {

using namespace domain;
using nlohmann::json;

namespace {

NotificationEvent admin_event(const std::string& kind, Id org, const std::string& subject_type, Id subject_id) {
  NotificationEvent ev;
  ev.kind = kind;
  ev.org_id = org;
  ev.subject_type = subject_type;
  ev.subject_id = subject_id;
  ev.escalate_to_admins = true;
  return ev;
}

}  // namespace

Status Deliveries::after(store::WriteTx& tx, const store::OutboxMessage& m, store::DeliveryOutcome& o) {
  Time now = ctx_.clock.now();
  if (m.kind == store::OutboxKind::event) {
    auto ev = event_from_json(json::parse(m.payload, nullptr, false));
    if (!ev.ok()) {
      o = {false, 0, ev.error().message(), "", true, 0};
      return {};
    }
    LD_ASSIGN_OR_RETURN(int n, emit(tx, ctx_, ev->second, ev->first));
    o.response = std::to_string(n) + " messages";
    return {};
  }
  LD_RETURN_IF_ERROR(federation_.after_delivery(tx, m, o));
  if (m.kind == store::OutboxKind::email && m.event == "user_notice" && o.ok) {
    json p = json::parse(m.payload, nullptr, false);
    if (p.is_object() && p.contains("case_id")) {
      LD_ASSIGN_OR_RETURN(auto cs, tx.get_case(p.value("case_id", Id{0})));
      if (cs) {
        UserNotice n;
        n.case_id = cs->id;
        n.customer = p.value("customer", "");
        n.contact = p.value("to", "");
        n.notified_at = now;
        n.method = "email";
        n.evidence = "Message-ID " + o.response;
        LD_RETURN_IF_ERROR(record_user_notice(tx, *cs, n));
      }
    }
  }
  if (m.kind == store::OutboxKind::webhook && m.webhook_id) {
    LD_ASSIGN_OR_RETURN(auto w, tx.webhook(*m.webhook_id));
    if (w && w->enabled) {
      int before = w->consecutive_failures;
      w->consecutive_failures = o.ok ? 0 : before + 1;
      bool disable = !o.ok && w->consecutive_failures >= ctx_.notify.webhook_disable_after;
      if (disable) {
        w->enabled = false;
        w->disabled_reason = "disabled after " + std::to_string(w->consecutive_failures) +
                             " failed deliveries in a row; last: " + o.error;
      }
      if (w->consecutive_failures != before || disable) {
        w->updated_at = now;
        LD_RETURN_IF_ERROR(tx.update_webhook(*w));
      }
      if (disable) {
        auto ev = admin_event("webhook.disabled", w->org_id, "webhook", w->id);
        ev.title = w->url;
        ev.data = {{"webhook_id", w->id}, {"reason", w->disabled_reason}};
        ev.subject_zh = "Webhook 已停用：" + w->url;
        ev.subject_en = "Webhook disabled: " + w->url;
        ev.body_zh = "该 Webhook 连续 " + std::to_string(w->consecutive_failures) + " 次投递失败，已自动停用。\n最后错误：" +
                     o.error + "\n修复接收端后，请在控制台重新启用。\n" + ctx_.notify.public_url + "/console/settings/webhooks";
        ev.body_en = "This webhook failed " + std::to_string(w->consecutive_failures) +
                     " deliveries in a row and was disabled.\nLast error: " + o.error +
                     "\nFix the receiver, then enable it again in the console.\n" + ctx_.notify.public_url +
                     "/console/settings/webhooks";
        ev.dedupe = std::to_string(to_micros(now));
        LD_RETURN_IF_ERROR(emit(tx, ctx_, now, ev).status());
      }
    }
  }
  bool gives_up = !o.ok && (o.permanent || m.attempts + 1 >= m.max_attempts);
  // A disabled or deleted subscription's backlog dies quietly: its admins
  // were told once, when it was disabled (or they deleted it).
  if (gives_up && m.kind == store::OutboxKind::webhook && m.webhook_id) {
    LD_ASSIGN_OR_RETURN(auto w, tx.webhook(*m.webhook_id));
    if (!w || !w->enabled) gives_up = false;
  }
  // Email failures are not told by email (it would fail the same way);
  // they show in the deliveries view.
  if (gives_up && m.kind != store::OutboxKind::email && m.org_id) {
    auto ev = admin_event("delivery.failed", *m.org_id, "delivery", m.id);
    ev.title = m.event;
    ev.data = {{"delivery_id", m.id}, {"event", m.event}, {"error", o.error}, {"attempts", m.attempts + 1}};
    ev.subject_zh = "投递失败：" + m.event + "（" + std::string(name_of(m.kind)) + "）";
    ev.subject_en = "Delivery failed: " + m.event + " (" + std::string(name_of(m.kind)) + ")";
    ev.body_zh = "已尝试 " + std::to_string(m.attempts + 1) + " 次后放弃。\n错误：" + o.error +
                 "\n可在控制台“投递”页面立即重试。\n" + ctx_.notify.public_url + "/console/deliveries/" + std::to_string(m.id);
    ev.body_en = "Gave up after " + std::to_string(m.attempts + 1) + " attempts.\nError: " + o.error +
                 "\nRetry it from the console's Deliveries page.\n" + ctx_.notify.public_url + "/console/deliveries/" +
                 std::to_string(m.id);
    ev.dedupe = std::to_string(m.attempts + 1);
    LD_RETURN_IF_ERROR(emit(tx, ctx_, now, ev).status());
  }
  return {};
}

}  // namespace loudong::services
