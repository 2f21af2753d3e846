#include "api/views.h"

#include "assessment/grading.h"

namespace loudong::api {

using namespace domain;

namespace {
json opt_id(const std::optional<Id>& v) { return v ? json(*v) : json(nullptr); }

json submitter_json(const Report& r) {
  if (!r.submitter_user_id) return nullptr;
  return {{"id", *r.submitter_user_id}, {"name", r.submitter_name}};
}
}  // namespace

json grade_basis_json(const std::string& stored) {
  if (stored.empty()) return nullptr;
  auto b = assessment::read_grade_basis(stored);
  json params = json::object();
  for (const auto& [k, v] : b.params) params[k] = v;
  return {{"code", b.code}, {"params", params}, {"en", b.en}, {"zh", b.zh}};
}

json error_json(const Error& e) {
  json details = json::object();
  if (!e.fields().empty()) {
    json fields = json::array();
    for (const auto& f : e.fields()) fields.push_back({{"field", f.field}, {"code", f.code}, {"message", f.message}});
    details["fields"] = fields;
  }
  // An illegal transition always lists what is allowed, even when nothing is.
  if (!e.allowed().empty() || e.code() == "illegal_transition") details["allowed"] = e.allowed();
  return {{"error", {{"code", e.code()}, {"message", e.message()}, {"details", details}}}};
}

json time_json(const std::optional<Time>& t) { return t ? json(format_utc(*t)) : json(nullptr); }

json org_json(const Organisation& o) {
  return {{"id", o.id},         {"name", o.name},     {"type", name_of(o.type)},
          {"region", o.region}, {"contact_email", o.contact_email}, {"created_at", format_utc(o.created_at)}};
}

json user_json(const User& u, const std::vector<Membership>& ms) {
  json m = json::array();
  for (const auto& x : ms) m.push_back({{"org_id", x.org_id}, {"role", name_of(x.role)}});
  return {{"id", u.id},
          {"username", u.username},
          {"display_name", u.display_name},
          {"email", u.email},
          {"platform_admin", u.platform_admin},
          {"finder", u.finder},
          {"disabled", u.disabled},
          {"memberships", m},
          {"created_at", format_utc(u.created_at)}};
}

json token_json(const ApiToken& t) {
  return {{"id", t.id},
          {"name", t.name},
          {"prefix", t.prefix},
          {"org_id", t.scope.org_id},
          {"role", name_of(t.scope.role)},
          {"created_at", format_utc(t.created_at)},
          {"expires_at", format_utc(t.expires_at)},
          {"revoked_at", time_json(t.revoked_at)}};
}

json product_json(const Product& p) {
  json customers = json::array();
  for (const auto& c : p.customers)
    customers.push_back({{"org_id", opt_id(c.org_id)}, {"name", c.name}, {"contact", c.contact}});
  return {{"id", p.id},
          {"provider_org", p.provider_org},
          {"name", p.name},
          {"model", p.model},
          {"kind", name_of(p.kind)},
          {"platform", p.platform},
          {"app_id", p.app_id},
          {"store_version", p.store_version},
          {"versions", p.versions},
          {"purls", p.purls},
          {"cpes", p.cpes},
          {"customers", customers},
          {"created_at", format_utc(p.created_at)},
          {"updated_at", format_utc(p.updated_at)}};
}

json report_json(const Report& r) {
  return {{"id", r.id},
          {"tracking_id", r.tracking_id},
          {"state", name_of(r.state)},
          {"title", r.title},
          {"product_id", opt_id(r.product_id)},
          {"product_text", r.product_text},
          {"product_version", r.product_version},
          {"vuln_type", r.vuln_type},
          {"cwe", r.cwe ? json("CWE-" + std::to_string(*r.cwe)) : json(nullptr)},
          {"gbt_class", r.gbt_class},
          {"location", r.location},
          {"trigger_conditions", r.trigger_conditions},
          {"impact", r.impact},
          {"has_verification", !r.verification_sealed.empty()},
          {"discovered_on", r.discovered_on ? json(*r.discovered_on) : json(nullptr)},
          {"already_public", r.already_public},
          {"exploited", r.exploited},
          {"disclosure_plans", r.disclosure_plans},
          {"anonymous", !r.submitter_user_id.has_value()},
          {"submitter", submitter_json(r)},
          {"contact_email", r.contact_email},
          {"contact_name", r.contact_name},
          {"channel", name_of(r.channel)},
          {"case_id", opt_id(r.case_id)},
          {"receipt_seq", r.receipt_seq},
          {"received_at", format_utc(r.received_at)},
          {"updated_at", format_utc(r.updated_at)}};
}

json attachment_json(const Attachment& a) {
  return {{"id", a.id},     {"filename", a.filename}, {"content_type", a.content_type},
          {"size", a.size}, {"sha256", a.sha256},     {"created_at", format_utc(a.created_at)}};
}

json case_summary_json(const Case& c) {
  const auto& a = c.assessment;
  json up = nullptr;
  if (c.upstream)
    up = {{"component", c.upstream->component},
          {"provider_org", opt_id(c.upstream->provider_org)},
          {"provider_name", c.upstream->provider_name}};
  return {{"id", c.id},
          {"ref", c.ref},
          {"title", c.title},
          {"summary", c.summary},
          {"state", name_of(c.state)},
          {"product_id", opt_id(c.product_id)},
          {"provider_org", opt_id(c.provider_org)},
          {"affected_versions", c.affected_versions},
          {"operator_system", c.operator_system},
          {"assessment",
           {{"cwe", a.cwe ? json("CWE-" + std::to_string(*a.cwe)) : json(nullptr)},
            {"gbt_class", a.gbt_class},
            {"cvss31_vector", a.cvss31_vector},
            {"cvss31_score", a.cvss31_score ? json(*a.cvss31_score) : json(nullptr)},
            {"cvss40_vector", a.cvss40_vector},
            {"cvss40_score", a.cvss40_score ? json(*a.cvss40_score) : json(nullptr)},
            {"grade", a.grade ? json(assessment::grade_code(*a.grade)) : json(nullptr)},
            {"grade_zh", a.grade ? json(assessment::grade_name_zh(*a.grade)) : json(nullptr)},
            {"grade_source", a.grade_source},
            {"grade_basis", grade_basis_json(a.grade_basis)}}},
          {"upstream", up},
          {"external_ids", c.external_ids},
          {"aware_at", format_utc(c.aware_at)},
          {"created_at", format_utc(c.created_at)},
          {"updated_at", format_utc(c.updated_at)}};
}

json clock_json(const ClockView& v, Time now, const TimeZone& zone) {
  auto remaining = std::chrono::duration_cast<std::chrono::seconds>(v.due_at - now).count();
  return {{"kind", name_of(v.kind)},
          {"state", name_of(v.state)},
          {"started_at", format_utc(v.started_at)},
          {"due_at", format_utc(v.due_at)},
          {"due_at_local", zone.format(v.due_at)},
          {"time_zone", zone.name()},
          {"stopped_at", time_json(v.stopped_at)},
          {"remaining_seconds", v.stopped_at ? json(nullptr) : json(remaining)}};
}

json event_json(const Event& e) {
  auto data = json::parse(e.data_json.empty() ? "{}" : e.data_json, nullptr, false);
  return {{"id", e.id},
          {"at", format_utc(e.at)},
          {"actor", e.actor_name},
          {"kind", e.kind},
          {"from", e.from_state},
          {"to", e.to_state},
          {"reason", e.reason},
          {"data", data.is_discarded() ? json::object() : data}};
}

json message_json(const Message& m) {
  return {{"id", m.id},
          {"author", m.author_name},
          {"from_finder", m.from_finder},
          {"visibility", name_of(m.visibility)},
          {"body", m.body},
          {"created_at", format_utc(m.created_at)}};
}

json regulatory_json(const RegulatoryReport& r) {
  return {{"id", r.id},
          {"case_id", r.case_id},
          {"authority", r.authority},
          {"state", name_of(r.state)},
          {"product_name", r.product_name},
          {"product_model", r.product_model},
          {"product_version", r.product_version},
          {"technical_characteristics", r.technical_characteristics},
          {"harm", r.harm},
          {"scope", r.scope},
          {"provider_name", r.provider_name},
          {"contact_name", r.contact_name},
          {"contact_phone", r.contact_phone},
          {"contact_email", r.contact_email},
          {"measures", r.measures},
          {"submitted_at", time_json(r.submitted_at)},
          {"submitted_by", opt_id(r.submitted_by)},
          {"submitted_by_name", r.submitted_by ? json(r.submitted_by_name) : json(nullptr)},
          {"channel", r.channel},
          {"reference", r.reference},
          {"created_at", format_utc(r.created_at)},
          {"updated_at", format_utc(r.updated_at)}};
}

json upstream_json(const UpstreamNotice& n) {
  return {{"id", n.id},
          {"case_id", n.case_id},
          {"upstream_provider", n.upstream_provider},
          {"upstream_org", opt_id(n.upstream_org)},
          {"component", n.component},
          {"notified_at", format_utc(n.notified_at)},
          {"method", n.method},
          {"evidence", n.evidence},
          {"created_at", format_utc(n.created_at)}};
}

json user_notice_json(const UserNotice& n) {
  return {{"id", n.id},        {"case_id", n.case_id}, {"customer", n.customer},
          {"contact", n.contact}, {"notified_at", format_utc(n.notified_at)}, {"method", n.method},
          {"evidence", n.evidence}};
}

json receipt_json(const ReceiptRecord& r) {
  return {{"seq", r.seq},
          {"at", format_utc(r.at)},
          {"channel", name_of(r.channel)},
          {"submitter", r.submitter},
          {"source_address", r.source_address},
          {"content_sha256", r.content_sha256},
          {"subject", r.subject},
          {"prev_hash", r.prev_hash},
          {"hash", r.hash}};
}

json verify_json(const services::VerifyResult& v) {
  return {{"ok", v.ok},
          {"checked", v.checked},
          {"first_broken_seq", v.first_broken_seq ? json(v.first_broken_seq) : json(nullptr)},
          {"problem", v.problem},
          {"head_seq", v.head_seq},
          {"head_hash", v.head_hash},
          {"anchor_seq", v.anchor_seq},
          {"reports_checked", v.reports_checked},
          {"reports_without_content_hash", v.reports_without_content_hash},
          {"checkpoints_checked", v.checkpoints_checked},
          {"latest_checkpoint", v.latest_checkpoint ? services::checkpoint_json(*v.latest_checkpoint) : json(nullptr)},
          {"signing_key", v.signing_key}};
}

json case_detail_json(const services::CaseDetail& d, const Time& now, const TimeZone& zone) {
  json j = case_summary_json(d.case_);
  json reports = json::array();
  for (const auto& r : d.reports) {
    json x{{"id", r.id}, {"tracking_id", r.tracking_id}, {"title", r.title}, {"state", name_of(r.state)},
           {"received_at", format_utc(r.received_at)}};
    // Who sent it: only for callers who may see the reports themselves.
    if (d.show_submitters) {
      x["anonymous"] = !r.submitter_user_id.has_value();
      x["submitter"] = submitter_json(r);
      x["contact_name"] = r.contact_name;
    }
    reports.push_back(std::move(x));
  }
  j["reports"] = reports;
  j["participants"] = d.parties.participant_orgs;
  j["timeline"] = json::array();
  for (const auto& e : d.timeline) j["timeline"].push_back(event_json(e));
  j["messages"] = json::array();
  for (const auto& m : d.messages) j["messages"].push_back(message_json(m));
  j["clocks"] = json::array();
  for (const auto& c : d.clocks) j["clocks"].push_back(clock_json(c, now, zone));
  j["regulatory_reports"] = json::array();
  for (const auto& r : d.regulatory_reports) j["regulatory_reports"].push_back(regulatory_json(r));
  j["upstream_notices"] = json::array();
  for (const auto& n : d.upstream_notices) j["upstream_notices"].push_back(upstream_json(n));
  j["user_notices"] = json::array();
  for (const auto& n : d.user_notices) j["user_notices"].push_back(user_notice_json(n));
  j["consents"] = json::array();
  for (const auto& k : d.consents) j["consents"].push_back(consent_json(k));
  j["allowed_transitions"] = json::array();
  for (auto s : d.allowed_transitions) j["allowed_transitions"].push_back(name_of(s));
  j["product"] = d.product ? product_json(*d.product) : json(nullptr);
  j["permissions"] = {{"read_confidential", d.can_read_confidential},
                      {"assess", d.can_assess},
                      {"file", d.can_file},
                      {"propose_reward", d.can_propose_reward},
                      {"read_operator_details", d.can_read_operator_details}};
  j["operator_org"] = opt_id(d.parties.operator_org);
  return j;
}

json consent_json(const PublicationConsent& k) {
  return {{"id", k.id},
          {"case_id", k.case_id},
          {"kind", name_of(k.kind)},
          {"provider", k.provider},
          {"miit_reference", k.miit_reference},
          {"miit_date", k.miit_date},
          {"mps_reference", k.mps_reference},
          {"mps_date", k.mps_date},
          {"notes", k.notes},
          {"recorded_by", k.recorded_by ? json(*k.recorded_by) : json(nullptr)},
          {"recorded_by_name", k.recorded_by_name},
          {"recorded_at", format_utc(k.recorded_at)}};
}

json tracking_json(const services::TrackingView& v) {
  json msgs = json::array();
  for (const auto& m : v.messages) msgs.push_back(message_json(m));
  json cs = nullptr;
  if (v.case_) cs = {{"ref", v.case_->ref}, {"state", name_of(v.case_->state)}};
  return {{"tracking_id", v.report.tracking_id},
          {"title", v.report.title},
          {"state", name_of(v.report.state)},
          {"received_at", format_utc(v.report.received_at)},
          {"updated_at", format_utc(v.report.updated_at)},
          {"case", cs},
          {"messages", msgs}};
}

}  // namespace loudong::api
