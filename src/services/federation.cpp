#include "services/federation.h"

#include <algorithm>

#include "core/time.h"
#include "domain/clocks.h"
#include "domain/regulatory.h"
#include "services/filings.h"
#include "services/notifications.h"
#include "services/operator_cases.h"

namespace loudong::services {

using namespace domain;
using nlohmann::json;

namespace {

constexpr const char* kRegulatoryPath = "/api/v1/federation/regulatory-reports";
constexpr const char* kReportPath = "/api/v1/federation/reports";
constexpr const char* kDecisionPath = "/api/v1/federation/decisions";

std::string str(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool is_hex64(const std::string& s) {
  return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) { return std::isxdigit(static_cast<unsigned char>(c)); });
}

// A peer's receipt: {"receipt": {"seq": N, "hash": "<64 hex>"}, ...}.
std::optional<std::pair<std::int64_t, std::string>> receipt_of(const json& j) {
  auto it = j.find("receipt");
  if (it == j.end() || !it->is_object()) return std::nullopt;
  auto seq = it->find("seq");
  std::string hash = str(*it, "hash");
  if (seq == it->end() || !seq->is_number_integer() || !is_hex64(hash)) return std::nullopt;
  return std::make_pair(seq->get<std::int64_t>(), hash);
}

Caller system_caller_named(const std::string& name) {
  Caller c;
  c.actor.system = true;
  c.actor.username = name;
  c.request_id = "federation";
  return c;
}

json receipt_json(const ReceiptRecord& r) { return {{"seq", r.seq}, {"hash", r.hash}, {"at", format_utc(r.at)}}; }

}  // namespace

Result<Id> calling_org(const Actor& a) {
  if (a.anonymous()) return Error::unauthenticated("federation calls need the API token this deployment issued to you");
  if (a.memberships.size() != 1)
    return Error::denied("federation calls are made with an API token scoped to one organisation");
  return a.memberships.front().org_id;
}

Status check_domestic_recipient(const Organisation& recipient, std::optional<Id> product_provider) {
  if (recipient.region == "CN") return {};
  if (product_provider && *product_provider == recipient.id) return {};
  return Error(ErrorKind::conflict, "gate_no_foreign_recipient",
               "gate no_foreign_recipient (R-PUB-7, Art. 9(7)): " + recipient.name + " is in " + recipient.region +
                   " and is not the product's provider; unpublished vulnerability details may not go there / "
                   "未公开的漏洞信息不得提供给境外组织（产品提供者除外）");
}

Result<Id> queue_federation(store::WriteTx& tx, const Context& ctx, Time now, const store::Peer& peer,
                            const std::string& purpose, const std::string& path, const json& body,
                            const std::string& subject_type, Id subject_id, std::optional<Id> org_id, Id by_user) {
  store::OutboxMessage m;
  m.kind = store::OutboxKind::federation;
  m.idempotency_key = "fed:" + purpose + ":" + subject_type + ":" + std::to_string(subject_id) + ":" +
                      crypto::random_token(12);
  m.event = purpose;
  m.org_id = org_id;
  m.subject_type = subject_type;
  m.subject_id = subject_id;
  m.target = peer.base_url;
  m.peer_id = peer.id;
  // by: who asked for it, recorded as the submitter when the peer answers.
  m.payload = json{{"path", path}, {"body", body.dump()}, {"purpose", purpose}, {"by", by_user}}.dump();
  m.max_attempts = ctx.notify.max_attempts;
  m.next_attempt_at = m.created_at = now;
  return tx.enqueue(m);
}

Result<store::RegulatoryFiling> Federation::file(const Caller& c, Id regulatory_report_id, Id peer_id) {
  Time now = ctx_.clock.now();
  return ctx_.store.write([&](store::WriteTx& tx) -> Result<store::RegulatoryFiling> {
    LD_ASSIGN_OR_RETURN(auto r, tx.regulatory_report(regulatory_report_id));
    if (!r) return Error::not_found("regulatory report");
    auto found = visible_case(tx, c.actor, r->case_id);
    if (!found.ok()) return hidden_as("regulatory report", std::move(found).error());
    auto& [cs, parties] = *found;
    if (!can_file_for_case(c.actor, parties)) return Error::denied("your role may not file for this case");
    if (r->state != RegulatoryState::draft && r->state != RegulatoryState::returned)
      return Error::conflict("this regulatory report was already submitted", "already_submitted")
          .with_allowed({"draft", "returned"});
    LD_RETURN_IF_ERROR(check_submittable(*r));
    LD_ASSIGN_OR_RETURN(auto earlier, tx.regulatory_filings(r->id));
    for (const auto& f : earlier)
      if (f.state == "sending")
        return Error::conflict("this report is being delivered to " + std::to_string(f.peer_id) +
                                   "; see its delivery, or wait for it to fail",
                               "filing_in_flight");
    LD_ASSIGN_OR_RETURN(auto peer, tx.peer(peer_id));
    if (!peer) return Error::field("peer_id", "unknown", "peer_id names no peer");
    LD_ASSIGN_OR_RETURN(auto peer_org, tx.org(peer->org_id));
    if (!peer_org || peer_org->type != OrgType::authority)
      return Error::field("peer_id", "not_authority",
                          "peer_id: a regulatory report goes to an authority's deployment; this peer's organisation is "
                          "not an authority");
    LD_RETURN_IF_ERROR(check_domestic_recipient(*peer_org, cs.provider_org));
    json body = {{"sender_report_id", std::to_string(r->id)},
                 {"case_ref", cs.ref},
                 {"authority", r->authority},
                 {"aware_at", format_utc(cs.aware_at)},
                 {"sent_at", format_utc(now)},
                 {"fields",
                  {{"product_name", r->product_name},
                   {"product_model", r->product_model},
                   {"product_version", r->product_version},
                   {"technical_characteristics", r->technical_characteristics},
                   {"harm", r->harm},
                   {"scope", r->scope},
                   {"provider_name", r->provider_name},
                   {"contact_name", r->contact_name},
                   {"contact_phone", r->contact_phone},
                   {"contact_email", r->contact_email},
                   {"measures", r->measures}}}};
    LD_ASSIGN_OR_RETURN(Id outbox_id, queue_federation(tx, ctx_, now, *peer, "regulatory_report.file", kRegulatoryPath,
                                                       body, "regulatory_report", r->id, cs.provider_org,
                                                       c.actor.user_id));
    store::RegulatoryFiling f;
    f.regulatory_report_id = r->id;
    f.peer_id = peer->id;
    f.outbox_id = outbox_id;
    f.state = "sending";
    f.created_at = now;
    LD_ASSIGN_OR_RETURN(f.id, tx.insert_regulatory_filing(f));
    LD_RETURN_IF_ERROR(add_event(tx, c, now, "case", cs.id, "regulatory_report.filing_queued", "", "", "",
                                 json{{"regulatory_report_id", r->id}, {"peer", peer->name}, {"delivery_id", outbox_id}}
                                     .dump())
                           .status());
    return f;
  });
}

Result<std::vector<store::RegulatoryFiling>> Federation::filings(const Caller& c, Id regulatory_report_id) {
  return ctx_.store.read([&](store::ReadTx& tx) -> Result<std::vector<store::RegulatoryFiling>> {
    LD_ASSIGN_OR_RETURN(auto r, tx.regulatory_report(regulatory_report_id));
    if (!r) return Error::not_found("regulatory report");
    auto found = visible_case(tx, c.actor, r->case_id);
    if (!found.ok()) return hidden_as("regulatory report", std::move(found).error());
    if (!can_file_for_case(c.actor, found->second)) return Error::not_found("regulatory report");
    return tx.regulatory_filings(r->id);
  });
}

Result<Id> Federation::notify_upstream(const Caller& c, Id case_id, const UpstreamSend& in) {
  Error e = Error::unprocessable("invalid upstream notice");
  std::string component = clean_text(in.component, "component", 500, false, e);
  std::string affected = clean_text(in.affected, "affected", 2000, false, e);
  std::string evidence = clean_text(in.evidence, "evidence", ctx_.limits.max_text_field, true, e);
  if (!e.fields().empty()) return Error::from_fields(e.fields());
  Time now = ctx_.clock.now();
  return ctx_.store.write([&](store::WriteTx& tx) -> Result<Id> {
    LD_ASSIGN_OR_RETURN(auto found, visible_case(tx, c.actor, case_id));
    auto& [cs, parties] = found;
    if (!can_file_for_case(c.actor, parties)) return Error::denied("your role may not file for this case");
    LD_RETURN_IF_ERROR(refuse_operator_case(cs));
    if (component.empty() && cs.upstream) component = cs.upstream->component;
    if (component.empty()) return Error::field("component", "required", "component is required (the case names none)");
    LD_ASSIGN_OR_RETURN(auto peer, tx.peer(in.peer_id));
    if (!peer) return Error::field("peer_id", "unknown", "peer_id names no peer");
    LD_ASSIGN_OR_RETURN(auto peer_org, tx.org(peer->org_id));
    if (!peer_org) return Error::field("peer_id", "unknown", "the peer's organisation is gone");
    // The upstream provider is the product's provider of the component:
    // domestic, or foreign and a provider itself, both allowed (Art. 9(7)
    // excepts the product's provider); a foreign authority, platform or
    // operator is not the component's provider and gets nothing.
    LD_RETURN_IF_ERROR(check_domestic_recipient(
        *peer_org, peer_org->type == OrgType::provider ? std::optional<Id>(peer_org->id) : std::nullopt));
    std::string provider_name;
    if (cs.provider_org) {
      LD_ASSIGN_OR_RETURN(auto o, tx.org(*cs.provider_org));
      if (o) provider_name = o->name;
    }
    json body = {{"kind", "upstream_notice"},
                 {"source_ref", cs.ref},
                 {"sender", provider_name},
                 {"component", component},
                 {"affected", affected},
                 {"evidence", evidence},
                 {"report",
                  {{"title", cs.title},
                   {"product_text", component},
                   {"impact", cs.summary.empty() ? cs.title : cs.summary},
                   {"affected_versions", affected}}}};
    LD_ASSIGN_OR_RETURN(Id outbox_id, queue_federation(tx, ctx_, now, *peer, "upstream_notice", kReportPath, body,
                                                       "case", cs.id, cs.provider_org));
    LD_RETURN_IF_ERROR(add_event(tx, c, now, "case", cs.id, "upstream_notice.queued", "", "", "",
                                 json{{"peer", peer->name}, {"component", component}, {"delivery_id", outbox_id}}.dump())
                           .status());
    return outbox_id;
  });
}

Result<Id> Federation::forward_report(const Caller& c, Id report_id, Id peer_id) {
  if (!can_triage(c.actor)) return Error::not_found("report");
  Time now = ctx_.clock.now();
  return ctx_.store.write([&](store::WriteTx& tx) -> Result<Id> {
    LD_ASSIGN_OR_RETURN(auto r, tx.report(report_id));
    if (!r) return Error::not_found("report");
    if (r->state != ReportState::accepted)
      return Error::conflict("only an accepted report is forwarded to the provider", "not_accepted")
          .with_allowed({"accepted"});
    if (r->case_id) {
      LD_ASSIGN_OR_RETURN(auto cs, tx.get_case(*r->case_id));
      if (cs) LD_RETURN_IF_ERROR(refuse_operator_case(*cs));
    }
    LD_ASSIGN_OR_RETURN(auto peer, tx.peer(peer_id));
    if (!peer) return Error::field("peer_id", "unknown", "peer_id names no peer");
    LD_ASSIGN_OR_RETURN(auto peer_org, tx.org(peer->org_id));
    if (!peer_org) return Error::field("peer_id", "unknown", "the peer's organisation is gone");
    std::optional<Id> provider;
    if (r->product_id) {
      LD_ASSIGN_OR_RETURN(auto p, tx.product(*r->product_id));
      if (p) provider = p->provider_org;
    }
    LD_RETURN_IF_ERROR(check_domestic_recipient(*peer_org, provider));
    std::string verification;
    if (!r->verification_sealed.empty()) {
      LD_ASSIGN_OR_RETURN(verification, crypto::unseal(ctx_.seal_key, r->verification_sealed));
    }
    // What the provider may see: the finding, not who found it or how to
    // reach them (the platform stays between finder and provider).
    json body = {{"kind", "forwarded_report"},
                 {"source_ref", r->tracking_id},
                 {"report",
                  {{"title", r->title},
                   {"product_text", r->product_text},
                   {"product_version", r->product_version},
                   {"vuln_type", r->vuln_type},
                   {"cwe", r->cwe ? "CWE-" + std::to_string(*r->cwe) : ""},
                   {"location", r->location},
                   {"trigger_conditions", r->trigger_conditions},
                   {"impact", r->impact},
                   {"verification", verification},
                   {"discovered_on", r->discovered_on.value_or("")},
                   {"already_public", r->already_public},
                   {"exploited", r->exploited}}}};
    LD_ASSIGN_OR_RETURN(Id outbox_id, queue_federation(tx, ctx_, now, *peer, "report.forward", kReportPath, body,
                                                       "report", r->id, kHostOrg));
    LD_RETURN_IF_ERROR(log_access(tx, c, now, "export", "report", r->id, "forwarded to peer " + peer->name).status());
    LD_RETURN_IF_ERROR(add_event(tx, c, now, "report", r->id, "report.forward_queued", "", "", "",
                                 json{{"peer", peer->name}, {"delivery_id", outbox_id}}.dump())
                           .status());
    return outbox_id;
  });
}

Result<InboundAnswer> Federation::once(const Caller& c, const InboundCall& call, const std::string& route,
                                       const std::function<Result<InboundAnswer>(store::WriteTx&, Id, Time)>& fn) {
  LD_ASSIGN_OR_RETURN(Id org, calling_org(c.actor));
  if (call.idempotency_key.empty() || call.idempotency_key.size() > 200)
    return Error::invalid("the Idempotency-Key header is required (at most 200 characters)", "idempotency_key");
  Time now = ctx_.clock.now();
  return ctx_.store.write([&](store::WriteTx& tx) -> Result<InboundAnswer> {
    LD_ASSIGN_OR_RETURN(auto earlier, tx.federation_answer(org, call.idempotency_key));
    if (earlier) {
      if (earlier->route != route)
        return Error::conflict("this Idempotency-Key was used for another call", "idempotency_key_reused");
      return InboundAnswer{200, json::parse(earlier->body, nullptr, false)};
    }
    LD_ASSIGN_OR_RETURN(auto answer, fn(tx, org, now));
    LD_RETURN_IF_ERROR(tx.insert_federation_answer({org, call.idempotency_key, route, answer.status, answer.body.dump(), now}));
    return answer;
  });
}

Result<InboundAnswer> Federation::receive_regulatory_report(const Caller& c, const json& body, const InboundCall& call) {
  return once(c, call, "regulatory-reports", [&](store::WriteTx& tx, Id org_id, Time now) -> Result<InboundAnswer> {
    LD_ASSIGN_OR_RETURN(auto orgs, tx.orgs());
    std::vector<Id> authorities;
    for (const auto& o : orgs)
      if (o.type == OrgType::authority) authorities.push_back(o.id);
    if (authorities.empty())
      return Error(ErrorKind::not_found, "no_authority", "this deployment hosts no authority to receive regulatory reports");
    LD_ASSIGN_OR_RETURN(auto sender, tx.org(org_id));
    if (!sender) return Error::denied("the token's organisation is gone");
    Error e = Error::unprocessable("invalid regulatory report");
    if (!body.is_object()) return Error::invalid("the body must be a JSON object");
    const json fields = body.contains("fields") && body["fields"].is_object() ? body["fields"] : json::object();
    for (const char* f : {"product_name", "technical_characteristics", "harm", "scope"})
      if (str(fields, f).empty())
        e.add_field({std::string("fields.") + f, "required", std::string("fields.") + f + " is required (Art. 7(2))"});
    std::string sender_report_id = str(body, "sender_report_id");
    if (sender_report_id.empty() || sender_report_id.size() > 100)
      e.add_field({"sender_report_id", "required", "sender_report_id is required (at most 100 characters)"});
    auto aware = parse_time(str(body, "aware_at"));
    if (!aware.ok()) e.add_field({"aware_at", "bad_time", "aware_at must be an RFC 3339 time"});
    else if (*aware > now) e.add_field({"aware_at", "in_future", "aware_at is in the future"});
    if (!e.fields().empty()) return Error::from_fields(e.fields());
    ReceiptMeta meta{Channel::federation, call.source_address, call.raw_body};
    LD_ASSIGN_OR_RETURN(auto rec, append_receipt(tx, now, meta, "org:" + sender->name, "regulatory_report"));
    store::InboxItem item;
    char ref[64];
    std::snprintf(ref, sizeof ref, "REG-%s-%06lld", format_utc(now).substr(0, 4).c_str(),
                  static_cast<long long>(rec.seq));
    item.reference = ref;
    item.from_org = org_id;
    item.sender_key = call.idempotency_key;
    item.sender_report_id = sender_report_id;
    item.fields_json = body.dump();
    item.case_ref = str(body, "case_ref").substr(0, 100);
    item.aware_at = *aware;
    item.received_at = now;
    item.receipt_seq = rec.seq;
    item.receipt_hash = rec.hash;
    LD_ASSIGN_OR_RETURN(item.id, tx.insert_inbox_item(item));
    double hours = std::chrono::duration<double>(now - *aware).count() / 3600.0;
    for (Id a : authorities) {
      NotificationEvent ev;
      ev.kind = "report.received";
      ev.org_id = a;
      ev.subject_type = "inbox";
      ev.subject_id = item.id;
      ev.ref = item.reference;
      ev.title = str(fields, "product_name");
      ev.data = {{"reference", item.reference}, {"provider", sender->name}, {"delay_hours", hours}};
      ev.subject_zh = "收到监管报告 " + item.reference + "（" + sender->name + "）";
      ev.subject_en = "Regulatory report received " + item.reference + " (" + sender->name + ")";
      char delay[32];
      std::snprintf(delay, sizeof delay, "%.1f", hours);
      ev.body_zh = "提供者 " + sender->name + " 报送了漏洞信息：" + str(fields, "product_name") + "\n知悉至报送用时 " +
                   delay + " 小时" + (hours > 48 ? "（超过 2 日时限）" : "") + "。\n" + ctx_.notify.public_url +
                   "/console/authority";
      ev.body_en = "Provider " + sender->name + " reported a vulnerability in " + str(fields, "product_name") +
                   ".\nDelay from awareness to report: " + delay + " h" + (hours > 48 ? " (over the 2-day limit)" : "") +
                   ".\n" + ctx_.notify.public_url + "/console/authority";
      ev.dedupe = item.reference;
      LD_RETURN_IF_ERROR(publish(tx, ctx_, now, ev).status());
    }
    json answer = {{"reference", item.reference},
                   {"state", "received"},
                   {"received_at", format_utc(now)},
                   {"receipt", receipt_json(rec)}};
    return InboundAnswer{201, answer};
  });
}

Result<InboundAnswer> Federation::receive_report(const Caller& c, const json& body, const InboundCall& call) {
  LD_ASSIGN_OR_RETURN(Id org_id, calling_org(c.actor));
  if (call.idempotency_key.empty() || call.idempotency_key.size() > 200)
    return Error::invalid("the Idempotency-Key header is required (at most 200 characters)", "idempotency_key");
  // Intake writes in its own transaction: look for an earlier answer first,
  // and record this one after. A retry reaches here only after the sender's
  // attempt ended, so the two cannot overlap.
  LD_ASSIGN_OR_RETURN(auto earlier, ctx_.store.read([&](store::ReadTx& tx) {
    return tx.federation_answer(org_id, call.idempotency_key);
  }));
  if (earlier) return InboundAnswer{200, json::parse(earlier->body, nullptr, false)};
  if (!body.is_object() || !body.contains("report") || !body["report"].is_object())
    return Error::field("report", "required", "report must be an object with the report's fields");
  std::string kind = str(body, "kind");
  if (kind != "forwarded_report" && kind != "upstream_notice")
    return Error::field("kind", "bad_kind", "kind must be forwarded_report or upstream_notice");
  const json& r = body["report"];
  ReportInput in;
  in.title = str(r, "title");
  in.product_text = str(r, "product_text");
  in.product_version = str(r, "product_version");
  in.vuln_type = str(r, "vuln_type");
  in.cwe = str(r, "cwe");
  in.location = str(r, "location");
  in.trigger_conditions = str(r, "trigger_conditions");
  in.impact = str(r, "impact");
  in.verification = str(r, "verification");
  in.discovered_on = str(r, "discovered_on");
  // Checked by type: json::value() would throw type_error (a 500) for a
  // peer that sends "yes".
  for (const char* f : {"already_public", "exploited"})
    if (auto it = r.find(f); it != r.end() && !it->is_null() && !it->is_boolean())
      return Error::field(std::string("report.") + f, "wrong_type", std::string("report.") + f + " must be true or false");
  auto flag = [&](const char* f) { auto it = r.find(f); return it != r.end() && it->is_boolean() && it->get<bool>(); };
  in.already_public = flag("already_public");
  in.exploited = flag("exploited");
  if (kind == "upstream_notice") {
    in.vuln_type = in.vuln_type.empty() ? "upstream component flaw" : in.vuln_type;
    in.verification = "Upstream notice from " + str(body, "sender") + " (" + str(body, "source_ref") +
                      ")\nComponent: " + str(body, "component") + "\nAffected: " + str(body, "affected") +
                      "\nEvidence:\n" + str(body, "evidence");
  }
  std::string sender_name;
  LD_RETURN_IF_ERROR(ctx_.store.read([&](store::ReadTx& tx) -> Status {
    LD_ASSIGN_OR_RETURN(auto o, tx.org(org_id));
    if (o) {
      sender_name = o->name;
      in.contact_email = o->contact_email;
      in.contact_name = o->name;
    }
    return {};
  }));
  ReceiptMeta meta{Channel::federation, call.source_address, call.raw_body};
  // The answer kept for a retry with the same key, and the event, are
  // written in the report's own transaction: written after it, a failure
  // there answered 5xx for a stored report, and the peer's retry (finding
  // no answer under its key) stored the report a second time.
  json answer;
  auto also = [&](store::WriteTx& tx, const Submitted& sub) -> Status {
    answer = {{"tracking_id", sub.report.tracking_id},
              {"tracking_token", sub.tracking_token},
              {"received_at", format_utc(sub.receipt.at)},
              {"receipt", receipt_json(sub.receipt)}};
    Time now = sub.receipt.at;
    LD_RETURN_IF_ERROR(tx.insert_federation_answer({org_id, call.idempotency_key, "reports", 201, answer.dump(), now}));
    return add_event(tx, c, now, "report", sub.report.id,
                     kind == "upstream_notice" ? "upstream_notice.received" : "report.forwarded_in", "", "", "",
                     json{{"from", sender_name}, {"source_ref", str(body, "source_ref")}}.dump())
        .status();
  };
  LD_RETURN_IF_ERROR(intake_.submit(c, in, meta, also).status());
  return InboundAnswer{201, answer};
}

Result<InboundAnswer> Federation::receive_decision(const Caller& c, const json& body, const InboundCall& call) {
  return once(c, call, "decisions", [&](store::WriteTx& tx, Id org_id, Time now) -> Result<InboundAnswer> {
    if (!body.is_object()) return Error::invalid("the body must be a JSON object");
    std::string state = str(body, "state");
    if (state != "acknowledged" && state != "returned")
      return Error::field("state", "bad_state", "state must be acknowledged or returned");
    Id report_id = std::atoll(str(body, "sender_report_id").c_str());
    std::string reference = str(body, "reference");
    LD_ASSIGN_OR_RETURN(auto r, tx.regulatory_report(report_id));
    if (!r) return Error::not_found("regulatory report");
    LD_ASSIGN_OR_RETURN(auto filings, tx.regulatory_filings(r->id));
    std::optional<store::RegulatoryFiling> filing;
    for (auto& f : filings) {
      if (f.peer_reference != reference) continue;
      LD_ASSIGN_OR_RETURN(auto peer, tx.peer(f.peer_id));
      if (peer && peer->org_id == org_id) filing = f;
    }
    // Another organisation's report, or a reference this one never got:
    // the same answer, revealing nothing.
    if (!filing) return Error::not_found("regulatory report");
    LD_ASSIGN_OR_RETURN(auto authority, tx.org(org_id));
    std::string note = str(body, "note").substr(0, 4000);
    ReceiptMeta meta{Channel::federation, call.source_address, call.raw_body};
    LD_ASSIGN_OR_RETURN(auto rec, append_receipt(tx, now, meta, "org:" + (authority ? authority->name : std::string()),
                                                 "regulatory_report:" + std::to_string(r->id) + ":" + state));
    filing->state = state;
    filing->decided_at = now;
    filing->note = note;
    LD_RETURN_IF_ERROR(tx.update_regulatory_filing(*filing));
    r->state = state == "acknowledged" ? RegulatoryState::acknowledged : RegulatoryState::returned;
    r->updated_at = now;
    LD_RETURN_IF_ERROR(tx.update_regulatory_report(*r));
    Caller sys = system_caller_named(authority ? authority->name : "authority");
    LD_RETURN_IF_ERROR(add_event(tx, sys, now, "case", r->case_id, "regulatory_report." + state, "", "", note,
                                 json{{"regulatory_report_id", r->id}, {"reference", reference}, {"receipt_seq", rec.seq}}
                                     .dump())
                           .status());
    LD_ASSIGN_OR_RETURN(auto cs, tx.get_case(r->case_id));
    if (cs) {
      NotificationEvent ev = case_event(*cs, "regulatory_report." + state);
      ev.data = {{"reference", reference}, {"note", note}};
      bool ack = state == "acknowledged";
      ev.subject_zh = cs->ref + (ack ? " 监管报告已被受理 " : " 监管报告被退回 ") + reference;
      ev.subject_en = cs->ref + (ack ? " regulatory report acknowledged " : " regulatory report returned ") + reference;
      ev.body_zh = (ack ? "主管部门已受理报告。" : "主管部门退回了报告，请修改后重新报送。") + std::string("\n") + note +
                   "\n" + ctx_.notify.public_url + "/console/cases/" + std::to_string(cs->id);
      ev.body_en = (ack ? "The authority acknowledged the report." : "The authority returned the report; edit and file it again.") +
                   std::string("\n") + note + "\n" + ctx_.notify.public_url + "/console/cases/" + std::to_string(cs->id);
      ev.dedupe = reference;
      LD_RETURN_IF_ERROR(publish(tx, ctx_, now, ev).status());
    }
    return InboundAnswer{201, json{{"state", state}, {"receipt", receipt_json(rec)}}};
  });
}

Status Federation::after_delivery(store::WriteTx& tx, const store::OutboxMessage& m, store::DeliveryOutcome& o) {
  if (m.kind != store::OutboxKind::federation) return {};
  Time now = ctx_.clock.now();
  json answer = o.ok ? json::parse(o.response, nullptr, false) : json();
  bool last = !o.ok && (o.permanent || m.attempts + 1 >= m.max_attempts);
  auto garbage = [&](const std::string& what) {
    o.ok = false;
    o.permanent = false;
    o.error = "the peer answered " + std::to_string(o.status) + " with " + what;
    last = m.attempts + 1 >= m.max_attempts;
  };
  if (m.event == "regulatory_report.file") {
    LD_ASSIGN_OR_RETURN(auto filing, tx.regulatory_filing_by_outbox(m.id));
    if (!filing) return {};
    std::optional<Time> received;
    std::optional<std::pair<std::int64_t, std::string>> receipt;
    if (o.ok) {
      receipt = answer.is_object() ? receipt_of(answer) : std::nullopt;
      auto t = answer.is_object() ? parse_time(str(answer, "received_at")) : Result<Time>(Error::invalid("-"));
      if (t.ok()) received = *t;
      if (!receipt || !received || str(answer, "reference").empty())
        garbage("something that is not a receipt (reference, received_at, receipt.seq, receipt.hash)");
    }
    if (!o.ok) {
      if (last) {
        filing->state = "failed";
        filing->note = o.error;
        LD_RETURN_IF_ERROR(tx.update_regulatory_filing(*filing));
      }
      return {};
    }
    LD_ASSIGN_OR_RETURN(auto r, tx.regulatory_report(filing->regulatory_report_id));
    LD_ASSIGN_OR_RETURN(auto peer, tx.peer(filing->peer_id));
    if (!r) return {};
    LD_ASSIGN_OR_RETURN(auto cs, tx.get_case(r->case_id));
    // The authority's time of receipt, kept within what we know to be true:
    // not after our own "now", not before the report was queued.
    Time at = std::clamp(*received, m.created_at, now);
    filing->state = "received";
    filing->peer_reference = str(answer, "reference");
    filing->peer_receipt_seq = receipt->first;
    filing->peer_receipt_hash = receipt->second;
    filing->received_at = at;
    LD_RETURN_IF_ERROR(tx.update_regulatory_filing(*filing));
    std::string peer_name = peer ? peer->name : "peer " + std::to_string(filing->peer_id);
    r->state = RegulatoryState::submitted;
    r->submitted_at = at;
    json sent = json::parse(m.payload, nullptr, false);
    Id by = sent.is_object() ? sent.value("by", Id{0}) : 0;
    r->submitted_by = by ? std::optional<Id>(by) : std::nullopt;
    r->channel = "federation:" + peer_name;
    r->reference = filing->peer_reference;
    r->updated_at = now;
    LD_RETURN_IF_ERROR(tx.update_regulatory_report(*r));
    LD_RETURN_IF_ERROR(stop_clock(tx, r->case_id, ClockKind::regulatory_report, at,
                                          "received by " + peer_name + ", reference " + filing->peer_reference +
                                              ", receipt #" + std::to_string(receipt->first) + " " + receipt->second));
    Caller sys = system_caller_named(peer_name);
    LD_RETURN_IF_ERROR(add_event(tx, sys, now, "case", r->case_id, "regulatory_report.submitted", "", "", "",
                                 json{{"regulatory_report_id", r->id},
                                      {"reference", filing->peer_reference},
                                      {"peer_receipt_seq", receipt->first},
                                      {"peer_receipt_hash", receipt->second}}
                                     .dump())
                           .status());
    if (cs) {
      NotificationEvent ev = case_event(*cs, "regulatory_report.submitted");
      ev.data = {{"reference", filing->peer_reference}, {"peer", peer_name}, {"receipt_hash", receipt->second}};
      ev.subject_zh = cs->ref + " 监管报告已送达 " + peer_name + "，编号 " + filing->peer_reference;
      ev.subject_en = cs->ref + " regulatory report received by " + peer_name + ", reference " + filing->peer_reference;
      ev.body_zh = ev.subject_zh + "\n回执哈希 " + receipt->second;
      ev.body_en = ev.subject_en + "\nReceipt hash " + receipt->second;
      ev.dedupe = filing->peer_reference;
      LD_RETURN_IF_ERROR(publish(tx, ctx_, now, ev).status());
    }
    return {};
  }
  if (m.event == "upstream_notice" || m.event == "report.forward") {
    std::optional<std::pair<std::int64_t, std::string>> receipt;
    if (o.ok) {
      receipt = answer.is_object() ? receipt_of(answer) : std::nullopt;
      if (!receipt || str(answer, "tracking_id").empty())
        garbage("something that is not a receipt (tracking_id, receipt.seq, receipt.hash)");
    }
    if (!o.ok) return {};
    LD_ASSIGN_OR_RETURN(auto peer, tx.peer(*m.peer_id));
    std::string peer_name = peer ? peer->name : "peer";
    std::string evidence = "tracking " + str(answer, "tracking_id") + ", receipt #" + std::to_string(receipt->first) +
                           " " + receipt->second;
    Caller sys = system_caller_named(peer_name);
    if (m.event == "report.forward")
      return add_event(tx, sys, now, "report", m.subject_id, "report.forwarded", "", "", "",
                       json{{"peer", peer_name}, {"tracking_id", str(answer, "tracking_id")},
                            {"peer_receipt_hash", receipt->second}}
                           .dump())
          .status();
    json sent = json::parse(json::parse(m.payload, nullptr, false).value("body", "{}"), nullptr, false);
    std::string component = sent.is_object() ? str(sent, "component") : "";
    LD_ASSIGN_OR_RETURN(auto cs, tx.get_case(m.subject_id));
    if (!cs) return {};
    UpstreamNotice n;
    n.case_id = cs->id;
    n.upstream_provider = peer_name;
    if (peer) n.upstream_org = peer->org_id;
    n.component = component;
    n.notified_at = now;
    n.method = "federation";
    n.evidence = evidence;
    n.created_at = now;
    if (!cs->upstream) {
      cs->upstream = Upstream{component, n.upstream_org, peer_name};
      cs->updated_at = now;
      LD_RETURN_IF_ERROR(tx.update_case(*cs));
      ClockRecord cl = start_clock(ClockKind::upstream_notice, m.created_at, ctx_.policy.get());
      cl.case_id = cs->id;
      LD_RETURN_IF_ERROR(tx.insert_clock(cl).status());
    }
    LD_RETURN_IF_ERROR(tx.insert_upstream_notice(n).status());
    LD_RETURN_IF_ERROR(stop_clock(tx, cs->id, ClockKind::upstream_notice, now,
                                          "delivered to " + peer_name + " (" + evidence + ")"));
    return add_event(tx, sys, now, "case", cs->id, "upstream_notice.recorded", "", "", "",
                     json{{"peer", peer_name}, {"evidence", evidence}}.dump())
        .status();
  }
  if (m.event == "regulatory_report.decision" && o.ok) {
    if (!answer.is_object() || str(answer, "state").empty()) garbage("something that is not a decision receipt");
  }
  return {};
}

}  // namespace loudong::services
