#include "services/common.h"

#include <nlohmann/json.hpp>

#include "core/text.h"

namespace loudong::services {

std::string actor_name(const domain::Actor& a) { return a.anonymous() ? "anonymous" : a.username; }

Result<domain::Id> add_event(store::WriteTx& tx, const Caller& c, Time at, std::string subject_type, domain::Id id,
                             std::string kind, std::string from, std::string to, std::string reason,
                             std::string data_json) {
  domain::Event e;
  e.subject_type = std::move(subject_type);
  e.subject_id = id;
  e.at = at;
  if (c.actor.user_id != 0) e.actor_user_id = c.actor.user_id;
  e.actor_name = actor_name(c.actor);
  e.kind = std::move(kind);
  e.from_state = std::move(from);
  e.to_state = std::move(to);
  e.reason = std::move(reason);
  e.data_json = std::move(data_json);
  return tx.insert_event(e);
}

Result<domain::Id> log_access(store::WriteTx& tx, const Caller& c, Time at, std::string action, std::string object_type,
                              domain::Id id, std::string detail) {
  domain::AccessEntry e;
  e.at = at;
  if (c.actor.user_id != 0) e.user_id = c.actor.user_id;
  e.actor_name = actor_name(c.actor);
  e.action = std::move(action);
  e.object_type = std::move(object_type);
  e.object_id = id;
  e.detail = std::move(detail);
  e.request_id = c.request_id;
  return tx.insert_access(e);
}

Result<domain::CaseParties> case_parties(store::ReadTx& tx, const domain::Case& c) {
  domain::CaseParties p;
  p.provider_org = c.provider_org;
  LD_ASSIGN_OR_RETURN(p.participant_orgs, tx.case_participants(c.id));
  LD_ASSIGN_OR_RETURN(auto reports, tx.reports_of_case(c.id));
  for (const auto& r : reports)
    if (r.submitter_user_id) p.finder_user_ids.push_back(*r.submitter_user_id);
  // Only an operator case has details that an authority's officers read.
  LD_ASSIGN_OR_RETURN(auto op, tx.operator_case(c.id));
  if (op) {
    p.operator_org = op->operator_org;
    for (domain::Id org : p.participant_orgs) {
      LD_ASSIGN_OR_RETURN(auto o, tx.org(org));
      if (o && o->type == domain::OrgType::authority) p.authority_orgs.push_back(org);
    }
  }
  return p;
}

Status fill_submitter_names(store::ReadTx& tx, std::vector<domain::Report>& reports) {
  std::vector<domain::Id> ids;
  for (const auto& r : reports)
    if (r.submitter_user_id) ids.push_back(*r.submitter_user_id);
  if (ids.empty()) return {};
  LD_ASSIGN_OR_RETURN(auto names, tx.user_names(ids));
  for (auto& r : reports)
    if (r.submitter_user_id) {
      auto it = names.find(*r.submitter_user_id);
      if (it != names.end()) r.submitter_name = it->second;
    }
  return {};
}

Status fill_submitted_by_name(store::ReadTx& tx, domain::RegulatoryReport& r) {
  if (!r.submitted_by || *r.submitted_by == 0) return {};
  LD_ASSIGN_OR_RETURN(auto names, tx.user_names({*r.submitted_by}));
  auto it = names.find(*r.submitted_by);
  if (it != names.end()) r.submitted_by_name = it->second;
  return {};
}

Error hidden_as(const std::string& what, Error e) {
  if (e.kind() == ErrorKind::not_found) return Error::not_found(what);
  return e;
}

Result<std::pair<domain::Case, domain::CaseParties>> visible_case(store::ReadTx& tx, const domain::Actor& a,
                                                                  domain::Id id) {
  LD_ASSIGN_OR_RETURN(auto c, tx.get_case(id));
  if (!c) return Error::not_found("case");
  LD_ASSIGN_OR_RETURN(auto parties, case_parties(tx, *c));
  if (!domain::can_see_case(a, parties)) return Error::not_found("case");
  return std::make_pair(std::move(*c), std::move(parties));
}


std::string clean_text(const std::string& v, const char* field, std::size_t max, bool required, Error& e) {
  auto b = v.find_first_not_of(" \t\r\n");
  std::string t = b == std::string::npos ? "" : v.substr(b, v.find_last_not_of(" \t\r\n") - b + 1);
  if (required && t.empty()) e.add_field({field, "required", std::string(field) + " is required"});
  else if (t.size() > max)
    e.add_field({field, "too_long", std::string(field) + " is longer than " + std::to_string(max) + " bytes"});
  else if (!valid_utf8(t))
    e.add_field({field, "bad_encoding", std::string(field) + " is not valid UTF-8"});
  // The JSON bodies were checked as they were parsed; this is the same rule
  // for every other way text arrives (the CLI, a peer, the mail reader).
  else if (auto c = find_control_character(t))
    e.add_field({field, "control_character", std::string(field) + " " + control_character_message(*c)});
  normalise_newlines(t);
  return t;
}

bool plausible_email(const std::string& s) { return loudong::plausible_email(s); }

std::string quote_json(const std::string& s) {
  return nlohmann::json(s).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

std::optional<std::vector<domain::Id>> visible_orgs(const domain::Actor& a) {
  if (domain::is_intake_staff(a)) return std::nullopt;
  std::vector<domain::Id> orgs;
  for (const auto& m : a.memberships)
    if (m.role != domain::Role::auditor) orgs.push_back(m.org_id);
  return orgs;
}

}  // namespace loudong::services
