#include "api/exchange_views.h"

#include "core/time.h"

namespace loudong::api {

using nlohmann::json;

namespace {

json opt_time(const std::optional<Time>& t) { return t ? json(format_utc(*t)) : json(); }
json opt_grade(const std::optional<assessment::Grade>& g) {
  return g ? json(std::string(assessment::grade_code(*g))) : json();
}

}  // namespace

json webhook_json(const store::WebhookSubscription& w) {
  return {{"id", w.id},
          {"org_id", w.org_id},
          {"url", w.url},
          {"description", w.description},
          {"events", w.events},
          {"min_grade", opt_grade(w.min_grade)},
          {"enabled", w.enabled},
          {"consecutive_failures", w.consecutive_failures},
          {"disabled_reason", w.disabled_reason},
          {"created_at", format_utc(w.created_at)},
          {"updated_at", format_utc(w.updated_at)}};
}

json prefs_json(const store::NotificationPrefs& p) {
  return {{"email", p.email},
          {"events", p.events},
          {"min_grade", opt_grade(p.min_grade)},
          {"mode", p.digest ? "digest" : "immediate"},
          {"language", p.language}};
}

json delivery_json(const store::OutboxMessage& m) {
  json j = {{"id", m.id},
            {"kind", std::string(name_of(m.kind))},
            {"event", m.event},
            {"idempotency_key", m.idempotency_key},
            {"org_id", m.org_id ? json(*m.org_id) : json()},
            {"subject", {{"type", m.subject_type}, {"id", m.subject_id}}},
            {"target", m.target},
            {"state", std::string(name_of(m.state))},
            {"attempts", m.attempts},
            {"max_attempts", m.max_attempts},
            {"next_attempt_at", m.state == store::OutboxState::pending ? json(format_utc(m.next_attempt_at)) : json()},
            {"last_error", m.last_error},
            {"last_status", m.last_status},
            {"response", m.response.substr(0, 1000)},
            {"created_at", format_utc(m.created_at)},
            {"sent_at", opt_time(m.sent_at)}};
  if (m.kind == store::OutboxKind::email) {
    json p = json::parse(m.payload, nullptr, false);
    if (p.is_object()) j["email_subject"] = p.value("subject", "");
  }
  return j;
}

json peer_json(const store::Peer& p) {
  return {{"id", p.id},
          {"name", p.name},
          {"base_url", p.base_url},
          {"org_id", p.org_id},
          {"pinned_cert_sha256", p.pinned_cert_sha256},
          {"created_at", format_utc(p.created_at)}};
}

json filing_json(const store::RegulatoryFiling& f) {
  return {{"id", f.id},
          {"regulatory_report_id", f.regulatory_report_id},
          {"peer_id", f.peer_id},
          {"delivery_id", f.outbox_id},
          {"state", f.state},
          {"peer_reference", f.peer_reference},
          {"peer_receipt_seq", f.peer_receipt_seq},
          {"peer_receipt_hash", f.peer_receipt_hash},
          {"received_at", opt_time(f.received_at)},
          {"decided_at", opt_time(f.decided_at)},
          {"note", f.note},
          {"created_at", format_utc(f.created_at)}};
}

json inbox_json(const store::InboxItem& i) {
  json sent = json::parse(i.fields_json, nullptr, false);
  double hours = std::chrono::duration<double>(i.received_at - i.aware_at).count() / 3600.0;
  return {{"id", i.id},
          {"reference", i.reference},
          {"from_org", i.from_org},
          {"case_ref", i.case_ref},
          {"fields", sent.is_object() && sent.contains("fields") ? sent["fields"] : json::object()},
          {"forwarded_from", sent.is_object() && sent.contains("forwarded_from") ? sent["forwarded_from"] : json()},
          {"aware_at", format_utc(i.aware_at)},
          {"received_at", format_utc(i.received_at)},
          {"delay_hours", hours},
          {"late", hours > services::kReportLimitHours},
          {"receipt", {{"seq", i.receipt_seq}, {"hash", i.receipt_hash}}},
          {"state", i.state},
          {"decision_note", i.decision_note},
          {"decided_at", opt_time(i.decided_at)},
          {"forwarded", json::parse(i.forwarded_json, nullptr, false)},
          {"joint_assessment", i.joint_assessment_json.empty() ? json() : json::parse(i.joint_assessment_json, nullptr, false)}};
}

json threat_json(const store::ThreatRecord& r) {
  json body = json::parse(r.body_json, nullptr, false);
  return {{"seq", r.id}, {"partner_org", r.partner_org}, {"received_at", format_utc(r.received_at)}, {"record", body}};
}

json timeliness_json(const services::Timeliness& t) {
  json providers = json::array(), items = json::array();
  for (const auto& p : t.providers)
    providers.push_back({{"org_id", p.org_id},
                         {"name", p.name},
                         {"reports", p.reports},
                         {"late", p.late},
                         {"median_delay_hours", p.median_delay_hours},
                         {"max_delay_hours", p.max_delay_hours}});
  for (const auto& i : t.items)
    items.push_back({{"reference", i.reference},
                     {"org_id", i.org_id},
                     {"provider", i.provider},
                     {"case_ref", i.case_ref},
                     {"aware_at", format_utc(i.aware_at)},
                     {"received_at", format_utc(i.received_at)},
                     {"delay_hours", i.delay_hours},
                     {"late", i.late}});
  return {{"limit_hours", services::kReportLimitHours}, {"providers", providers}, {"items", items}};
}

}  // namespace loudong::api
