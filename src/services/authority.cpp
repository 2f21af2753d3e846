#include "services/authority.h"

#include <algorithm>
#include <map>

#include "core/time.h"
#include "services/federation.h"

namespace loudong::services {

using namespace domain;
using nlohmann::json;

bool is_authority_officer(const Actor& a, const std::vector<Organisation>& orgs, bool write) {
  if (a.platform_admin || a.system) return true;
  for (const auto& m : a.memberships) {
    if (write && m.role == Role::auditor) continue;
    for (const auto& o : orgs)
      if (o.id == m.org_id && o.type == OrgType::authority) return true;
  }
  return false;
}

namespace {

Status require_officer(store::ReadTx& tx, const Actor& a, bool write) {
  LD_ASSIGN_OR_RETURN(auto orgs, tx.orgs());
  if (!is_authority_officer(a, orgs, write)) return Error::not_found("authority inbox");
  return {};
}

double hours_between(Time a, Time b) { return std::chrono::duration<double>(b - a).count() / 3600.0; }

}  // namespace

// Writes: the inbox holds providers' regulatory reports whole, so every
// read of it (the list as one entry) is in the access log.
Result<std::vector<store::InboxItem>> Authority::inbox(const Caller& c, store::InboxFilter f) {
  return ctx_.store.write([&](store::WriteTx& tx) -> Result<std::vector<store::InboxItem>> {
    LD_RETURN_IF_ERROR(require_officer(tx, c.actor, false));
    LD_ASSIGN_OR_RETURN(auto items, tx.inbox(f));
    LD_RETURN_IF_ERROR(log_access(tx, c, ctx_.clock.now(), "read_confidential", "inbox", 0,
                                  "list of " + std::to_string(items.size()))
                           .status());
    return items;
  });
}

Result<store::InboxItem> Authority::item(const Caller& c, Id id) {
  return ctx_.store.write([&](store::WriteTx& tx) -> Result<store::InboxItem> {
    LD_RETURN_IF_ERROR(require_officer(tx, c.actor, false));
    LD_ASSIGN_OR_RETURN(auto i, tx.inbox_item(id));
    if (!i) return Error::not_found("regulatory report");
    LD_RETURN_IF_ERROR(log_access(tx, c, ctx_.clock.now(), "read_confidential", "inbox", id, i->reference).status());
    return *i;
  });
}

Result<store::InboxItem> Authority::decide(const Caller& c, Id id, bool returned, const std::string& note_in) {
  Error e = Error::unprocessable("invalid decision");
  std::string note = clean_text(note_in, returned ? "reason" : "note", 4000, returned, e);
  if (!e.fields().empty()) return Error::from_fields(e.fields());
  Time now = ctx_.clock.now();
  return ctx_.store.write([&](store::WriteTx& tx) -> Result<store::InboxItem> {
    LD_RETURN_IF_ERROR(require_officer(tx, c.actor, true));
    LD_ASSIGN_OR_RETURN(auto i, tx.inbox_item(id));
    if (!i) return Error::not_found("regulatory report");
    if (i->state != "received")
      return Error::conflict("this report was " + i->state + " already", "already_decided").with_allowed({"received"});
    i->state = returned ? "returned" : "acknowledged";
    i->decision_note = note;
    i->decided_at = now;
    i->decided_by = c.actor.user_id ? std::optional<Id>(c.actor.user_id) : std::nullopt;
    LD_RETURN_IF_ERROR(tx.update_inbox_item(*i));
    LD_RETURN_IF_ERROR(log_access(tx, c, now, "change", "inbox", i->id, i->state + " " + i->reference).status());
    // The answer goes back to the provider's deployment, when we know it.
    LD_ASSIGN_OR_RETURN(auto peers, tx.peers());
    for (const auto& p : peers) {
      if (p.org_id != i->from_org) continue;
      json body = {{"sender_report_id", i->sender_report_id},
                   {"reference", i->reference},
                   {"state", i->state},
                   {"note", note},
                   {"decided_at", format_utc(now)}};
      LD_RETURN_IF_ERROR(queue_federation(tx, ctx_, now, p, "regulatory_report.decision", "/api/v1/federation/decisions",
                                          body, "inbox", i->id, std::nullopt)
                             .status());
      break;
    }
    return *i;
  });
}

Result<store::InboxItem> Authority::forward(const Caller& c, Id id, const std::vector<Id>& peer_ids) {
  if (peer_ids.empty()) return Error::field("peer_ids", "required", "peer_ids names no peer");
  Time now = ctx_.clock.now();
  return ctx_.store.write([&](store::WriteTx& tx) -> Result<store::InboxItem> {
    LD_RETURN_IF_ERROR(require_officer(tx, c.actor, true));
    LD_ASSIGN_OR_RETURN(auto i, tx.inbox_item(id));
    if (!i) return Error::not_found("regulatory report");
    json forwarded = json::parse(i->forwarded_json, nullptr, false);
    if (!forwarded.is_array()) forwarded = json::array();
    json sent = json::parse(i->fields_json, nullptr, false);
    if (!sent.is_object()) sent = json::object();
    for (std::size_t k = 0; k < peer_ids.size(); ++k) {
      LD_ASSIGN_OR_RETURN(auto p, tx.peer(peer_ids[k]));
      std::string field = "peer_ids[" + std::to_string(k) + "]";
      if (!p) return Error::field(field, "unknown", field + " names no peer");
      LD_ASSIGN_OR_RETURN(auto org, tx.org(p->org_id));
      if (!org || org->type != OrgType::authority)
        return Error::field(field, "not_authority", field + ": reports are forwarded to partner authorities only");
      LD_RETURN_IF_ERROR(check_domestic_recipient(*org, std::nullopt));
      json body = sent;
      // The partner's copy names where it came from; its sender_report_id is
      // ours, so its answer (if any) comes back to us.
      body["sender_report_id"] = std::to_string(i->id);
      body["forwarded_from"] = {{"reference", i->reference}, {"received_at", format_utc(i->received_at)}};
      LD_ASSIGN_OR_RETURN(Id outbox_id, queue_federation(tx, ctx_, now, *p, "inbox.forward",
                                                         "/api/v1/federation/regulatory-reports", body, "inbox", i->id,
                                                         std::nullopt));
      forwarded.push_back({{"peer_id", p->id}, {"peer", p->name}, {"at", format_utc(now)}, {"delivery_id", outbox_id}});
    }
    i->forwarded_json = forwarded.dump();
    LD_RETURN_IF_ERROR(tx.update_inbox_item(*i));
    LD_RETURN_IF_ERROR(log_access(tx, c, now, "export", "inbox", i->id, "forwarded " + i->reference).status());
    return *i;
  });
}

Result<store::InboxItem> Authority::record_joint_assessment(const Caller& c, Id id, const JointAssessment& j) {
  Error e = Error::unprocessable("invalid joint assessment");
  std::string conclusion = clean_text(j.conclusion, "conclusion", 8000, true, e);
  if (j.participants.size() < 2)
    e.add_field({"participants", "too_few", "participants: a joint assessment has at least two participants"});
  for (std::size_t k = 0; k < j.participants.size(); ++k)
    clean_text(j.participants[k], ("participants[" + std::to_string(k) + "]").c_str(), 200, true, e);
  if (!j.grade.empty() && !assessment::parse_grade(j.grade).ok())
    e.add_field({"grade", "bad_grade", "grade must be critical, high, medium or low"});
  if (!j.early_release.empty() && j.early_release != "approved" && j.early_release != "refused")
    e.add_field({"early_release", "bad_value", "early_release must be approved, refused or empty"});
  if (!e.fields().empty()) return Error::from_fields(e.fields());
  Time now = ctx_.clock.now();
  return ctx_.store.write([&](store::WriteTx& tx) -> Result<store::InboxItem> {
    LD_RETURN_IF_ERROR(require_officer(tx, c.actor, true));
    LD_ASSIGN_OR_RETURN(auto i, tx.inbox_item(id));
    if (!i) return Error::not_found("regulatory report");
    i->joint_assessment_json = json{{"participants", j.participants},
                                    {"conclusion", conclusion},
                                    {"grade", j.grade},
                                    {"early_release", j.early_release},
                                    {"at", format_utc(now)},
                                    {"by", actor_name(c.actor)}}
                                   .dump();
    LD_RETURN_IF_ERROR(tx.update_inbox_item(*i));
    LD_RETURN_IF_ERROR(log_access(tx, c, now, "change", "inbox", i->id, "joint assessment " + i->reference).status());
    return *i;
  });
}

Result<Timeliness> Authority::timeliness(const Caller& c, int days) {
  Time since = ctx_.clock.now() - std::chrono::hours(24 * std::clamp(days, 1, 3660));
  return ctx_.store.read([&](store::ReadTx& tx) -> Result<Timeliness> {
    LD_RETURN_IF_ERROR(require_officer(tx, c.actor, false));
    Timeliness out;
    std::map<Id, std::vector<double>> delays;
    std::map<Id, std::string> names;
    store::InboxFilter f;
    f.limit = 500;
    for (;;) {
      LD_ASSIGN_OR_RETURN(auto page, tx.inbox(f));
      bool older = false;
      for (const auto& i : page) {
        if (i.received_at < since) {
          older = true;
          break;
        }
        // Forwarded copies from partner authorities are not a provider's report.
        json fields = json::parse(i.fields_json, nullptr, false);
        if (fields.is_object() && fields.contains("forwarded_from")) continue;
        if (!names.count(i.from_org)) {
          LD_ASSIGN_OR_RETURN(auto o, tx.org(i.from_org));
          names[i.from_org] = o ? o->name : "#" + std::to_string(i.from_org);
        }
        double h = hours_between(i.aware_at, i.received_at);
        delays[i.from_org].push_back(h);
        out.items.push_back({i.reference, i.from_org, names[i.from_org], i.case_ref, i.aware_at, i.received_at, h,
                             h > kReportLimitHours});
      }
      if (older || static_cast<int>(page.size()) < f.limit) break;
      f.before_id = page.back().id;
    }
    for (auto& [org, d] : delays) {
      std::sort(d.begin(), d.end());
      ProviderTimeliness p{org, names[org], static_cast<int>(d.size()), 0, 0, d.back()};
      p.late = static_cast<int>(std::count_if(d.begin(), d.end(), [](double h) { return h > kReportLimitHours; }));
      p.median_delay_hours = d.size() % 2 ? d[d.size() / 2] : (d[d.size() / 2 - 1] + d[d.size() / 2]) / 2;
      out.providers.push_back(p);
    }
    std::sort(out.providers.begin(), out.providers.end(), [](const auto& a, const auto& b) {
      return std::tie(b.late, b.max_delay_hours) < std::tie(a.late, a.max_delay_hours);
    });
    return out;
  });
}

Result<store::ThreatRecord> Authority::push_threat(const Caller& c, const json& record) {
  LD_ASSIGN_OR_RETURN(Id org, calling_org(c.actor));
  Error e = Error::unprocessable("invalid threat record");
  if (!record.is_object()) return Error::invalid("the body must be a JSON object");
  // Read by type, never with json::value(): a number where a string is
  // expected would throw type_error out of the request as a 500.
  auto text = [&](const char* k) -> std::string {
    auto it = record.find(k);
    if (it == record.end() || it->is_null()) return {};
    if (!it->is_string()) {
      e.add_field({k, "wrong_type", std::string(k) + " must be a string"});
      return {};
    }
    return it->get<std::string>();
  };
  std::string id = text("id");
  std::string kind = text("kind");
  if (!e.fields().empty()) return Error::from_fields(e.fields());
  if (id.empty() || id.size() > 200) e.add_field({"id", "required", "id is required (the partner's own id, at most 200 characters)"});
  if (kind != "vulnerability" && kind != "threat") e.add_field({"kind", "bad_kind", "kind must be vulnerability or threat"});
  if (!record.contains("title") || !record["title"].is_string() || record["title"].get<std::string>().empty())
    e.add_field({"title", "required", "title is required"});
  if (!e.fields().empty()) return Error::from_fields(e.fields());
  Time now = ctx_.clock.now();
  return ctx_.store.write([&](store::WriteTx& tx) -> Result<store::ThreatRecord> {
    store::ThreatRecord r{0, org, id, kind, record.dump(), now};
    LD_ASSIGN_OR_RETURN(r.id, tx.put_threat_record(r));
    LD_RETURN_IF_ERROR(log_access(tx, c, now, "change", "threat_record", r.id, "pushed " + id).status());
    return r;
  });
}

Result<std::vector<store::ThreatRecord>> Authority::pull_threats(const Caller& c, Id after_id, int limit) {
  LD_RETURN_IF_ERROR(calling_org(c.actor).status());
  Time now = ctx_.clock.now();
  // A write: every pull is in the audit trail.
  return ctx_.store.write([&](store::WriteTx& tx) -> Result<std::vector<store::ThreatRecord>> {
    LD_ASSIGN_OR_RETURN(auto out, tx.threat_records(after_id, std::clamp(limit, 1, 500)));
    LD_RETURN_IF_ERROR(log_access(tx, c, now, "export", "threat_record", after_id,
                                  "pulled " + std::to_string(out.size()) + " records")
                           .status());
    return out;
  });
}

}  // namespace loudong::services
