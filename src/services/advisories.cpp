#include "services/advisories.h"

#include <algorithm>

#include "assessment/classification.h"
#include "assessment/cvss.h"
#include "domain/advisory_rules.h"
#include "domain/external_ids.h"
#include "domain/workflow.h"
#include "formats/advisory_json.h"
#include "services/cases.h"
#include "services/notify_events.h"
#include "services/operator_cases.h"

namespace loudong::services {

using namespace domain;

namespace {

// "LD-2026-000042" -> "LD-SA-2026-000042": stable across revisions.
std::string advisory_ref(const std::string& case_ref) {
  if (case_ref.rfind("LD-", 0) == 0) return "LD-SA-" + case_ref.substr(3);
  return "SA-" + case_ref;
}

// Chinese text goes into the Chinese fields, anything else into the English ones.
bool looks_chinese(const std::string& s) {
  for (size_t i = 0; i + 2 < s.size(); ++i) {
    auto b = static_cast<unsigned char>(s[i]);
    if (b >= 0xE4 && b <= 0xE9) return true;  // U+4E00..U+9FFF lead bytes
  }
  return false;
}

std::vector<std::string> split_versions(const std::string& s) {
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    auto b = cur.find_first_not_of(" \t\n");
    if (b != std::string::npos) out.push_back(cur.substr(b, cur.find_last_not_of(" \t\n") - b + 1));
    cur.clear();
  };
  for (char ch : s) {
    if (ch == ',' || ch == ';' || ch == '\n') flush();
    else cur += ch;
  }
  flush();
  return out;
}

Result<Advisory> prefill(store::ReadTx& tx, const Case& cs, Time now) {
  Advisory a;
  a.case_id = cs.id;
  a.ref = advisory_ref(cs.ref);
  AdvisoryText& t = looks_chinese(cs.title + cs.summary) ? a.zh : a.en;
  t.title = cs.title;
  t.summary = cs.summary;
  const auto& as = cs.assessment;
  a.grade = as.grade;
  a.cvss31_vector = as.cvss31_vector;
  a.cvss31_score = as.cvss31_score;
  a.cvss40_vector = as.cvss40_vector;
  a.cvss40_score = as.cvss40_score;
  a.cwe = as.cwe;
  a.gbt_class = as.gbt_class;
  a.external_ids = cs.external_ids;
  LD_ASSIGN_OR_RETURN(auto host, tx.org(kHostOrg));
  if (host) a.publisher = host->name;
  std::string vendor;
  if (cs.provider_org) {
    LD_ASSIGN_OR_RETURN(auto p, tx.org(*cs.provider_org));
    if (p) vendor = p->name;
  }
  a.verifier = vendor.empty() ? a.publisher : vendor;
  if (cs.product_id) {
    LD_ASSIGN_OR_RETURN(auto p, tx.product(*cs.product_id));
    if (p) {
      AffectedProduct ap;
      ap.product_id = p->id;
      ap.vendor = vendor;
      ap.name = p->model.empty() ? p->name : p->name + " " + p->model;
      if (!p->purls.empty()) ap.purl = p->purls.front();
      if (!p->cpes.empty()) ap.cpe = p->cpes.front();
      ap.versions = split_versions(cs.affected_versions);
      if (!p->app_id.empty()) {
        ap.app_platform = p->platform;
        ap.app_id = p->app_id;
        ap.app_store_version = p->store_version;
      }
      a.affected.push_back(std::move(ap));
    }
  }
  LD_ASSIGN_OR_RETURN(auto comps, tx.case_components(cs.id));
  for (const auto& k : comps) {
    AffectedProduct ap;
    ap.vendor = cs.upstream && cs.upstream->component == k.purl ? cs.upstream->provider_name : "";
    auto slash = k.purl.find_last_of('/');
    ap.name = slash == std::string::npos ? k.purl : k.purl.substr(slash + 1);
    ap.purl = k.purl;
    ap.range = k.range;
    a.affected.push_back(std::move(ap));
  }
  a.created_at = a.updated_at = now;
  return a;
}

Result<std::pair<Case, CaseParties>> case_with_advisory(store::ReadTx& tx, const Caller& c, Id case_id,
                                                        Advisory& out) {
  LD_ASSIGN_OR_RETURN(auto found, visible_case(tx, c.actor, case_id));
  LD_ASSIGN_OR_RETURN(auto a, tx.case_advisory(case_id));
  if (!a) return Error::not_found("advisory");
  out = std::move(*a);
  return found;
}

bool may_transition(const Actor& a, const CaseParties& p, AdvisoryState to) {
  switch (to) {
    case AdvisoryState::approved: return can_approve_advisory(a, p);
    case AdvisoryState::published:
    case AdvisoryState::withdrawn: return can_publish_advisory(a, p);
    default: return can_edit_advisory(a, p);
  }
}

Result<AdvisoryView> view(store::ReadTx& tx, const Caller& c, const CaseParties& parties, Advisory a) {
  AdvisoryView v;
  LD_ASSIGN_OR_RETURN(v.revisions, tx.advisory_snapshots(a.id));
  for (auto& r : v.revisions) r.snapshot.clear();
  for (auto s : next_advisory_states(a.state))
    if (may_transition(c.actor, parties, s)) v.allowed_transitions.push_back(s);
  // The operator may try to publish its own case's advisory at any stage:
  // the answer names the gate that always refuses it (R-PUB-2).
  if (parties.operator_org && can_edit_advisory(c.actor, parties) &&
      std::find(v.allowed_transitions.begin(), v.allowed_transitions.end(), AdvisoryState::published) ==
          v.allowed_transitions.end())
    v.allowed_transitions.push_back(AdvisoryState::published);
  v.can_edit = can_edit_advisory(c.actor, parties) && advisory_editable(a.state);
  v.advisory = std::move(a);
  return v;
}

Result<PublicationFacts> gather_facts(store::ReadTx& tx, const Case& cs, const CaseParties& parties,
                                      const Advisory& a) {
  LD_ASSIGN_OR_RETURN(auto cal, tx.blackouts());
  LD_ASSIGN_OR_RETURN(auto consents, tx.consents(cs.id));
  LD_ASSIGN_OR_RETURN(auto foreign, foreign_recipients(tx, cs, parties));
  return advisory_publication_facts(a, cs, std::move(cal), consents, std::move(foreign));
}

// Publishes the working copy as its next revision when every gate passes;
// moves a fixed case to published when `move_case`.
Status publish(store::WriteTx& tx, const Context& ctx, const Caller& c, Case cs, const CaseParties& parties,
               Advisory& a, const std::string& reason, Time now, bool move_case) {
  auto ready = publication_readiness(a);
  if (!ready.empty()) return Error::from_fields(ready);
  // A later revision says what changed: the public history is the only
  // trace of an update, so it is never silent.
  if (a.revision > 0 && reason.empty())
    return Error::field("reason", "change_note_required",
                        "say what changed in revision " + std::to_string(a.revision + 1) +
                            " (the reason is its change note) / 请说明第 " + std::to_string(a.revision + 1) +
                            " 版的变更内容（原因即变更说明）");
  LD_ASSIGN_OR_RETURN(auto facts, gather_facts(tx, cs, parties, a));
  auto failures = check_publication(facts, now);
  if (!failures.empty()) return publication_refused(failures);
  a.revision += 1;
  if (!a.published_at) a.published_at = now;
  a.history.push_back({a.revision, now, actor_name(c.actor), reason.empty() ? "Initial release" : reason});
  a.state = AdvisoryState::published;
  a.updated_at = now;
  LD_RETURN_IF_ERROR(tx.update_case_advisory(a));
  LD_RETURN_IF_ERROR(tx.insert_advisory_snapshot({a.id, a.case_id, a.ref, a.revision, now, actor_name(c.actor),
                                                  a.history.back().change, a.tlp, formats::advisory_to_json(a).dump()}));
  LD_RETURN_IF_ERROR(add_event(tx, c, now, "case", cs.id, "advisory.published", "", "", reason,
                               "{\"ref\":" + quote_json(a.ref) + ",\"revision\":" + std::to_string(a.revision) + "}")
                         .status());
  if (move_case && cs.state == CaseState::fixed) {
    std::string from(name_of(cs.state));
    cs.state = CaseState::published;
    cs.updated_at = now;
    LD_RETURN_IF_ERROR(tx.update_case(cs));
    LD_RETURN_IF_ERROR(add_event(tx, c, now, "case", cs.id, "transition", from, "published",
                                 reason.empty() ? "advisory " + a.ref + " published" : reason)
                           .status());
    LD_RETURN_IF_ERROR(notify_case_state(tx, ctx, now, cs, from, "published"));
  }
  return {};
}

void apply_text(const AdvisoryTextPatch& p, AdvisoryText& t, const char* lang, Error& e) {
  std::string l(lang);
  auto set = [&](const std::optional<std::string>& v, std::string& out, const char* name, std::size_t max) {
    if (v) out = clean_text(*v, (l + "." + name).c_str(), max, false, e);
  };
  set(p.title, t.title, "title", AdvisoryLimits::title);
  set(p.summary, t.summary, "summary", AdvisoryLimits::text);
  set(p.impact, t.impact, "impact", AdvisoryLimits::text);
  set(p.existence_statement, t.existence_statement, "existence_statement", AdvisoryLimits::text);
  set(p.detection, t.detection, "detection", AdvisoryLimits::text);
  set(p.solution, t.solution, "solution", AdvisoryLimits::text);
}

bool valid_date(const std::string& s) {
  return s.size() == 10 && s[4] == '-' && s[7] == '-' && parse_time(s).ok();
}

}  // namespace

Error publication_refused(const std::vector<GateFailure>& failures) {
  std::string msg = "publication refused:", zh = "拒绝发布：";
  std::vector<std::string> gates;
  for (const auto& f : failures) {
    msg += " [" + f.gate + ", " + f.rule + "] " + f.message + ";";
    zh += " [" + f.gate + ", " + f.rule + "] " + f.message_zh + "；";
    gates.push_back(f.gate);
  }
  Error e = Error::conflict(msg + " / " + zh, "publication_refused").with_allowed(gates);
  for (const auto& f : failures) e.add_field({f.gate, f.rule, f.message + " / " + f.message_zh});
  return e;
}

Result<std::vector<std::string>> foreign_recipients(store::ReadTx& tx, const Case& cs, const CaseParties& parties) {
  std::vector<std::string> out;
  for (Id org : parties.participant_orgs) {
    LD_ASSIGN_OR_RETURN(auto o, tx.org(org));
    if (o && o->region != "CN" && (!cs.provider_org || org != *cs.provider_org))
      out.push_back(o->name + " (" + o->region + ")");
  }
  return out;
}

Status publish_case_advisory(store::WriteTx& tx, const Context& ctx, const Caller& c, const Case& cs,
                             const CaseParties& parties, Time now, const std::string& reason) {
  LD_RETURN_IF_ERROR(refuse_operator_case(cs));
  LD_ASSIGN_OR_RETURN(auto a, tx.case_advisory(cs.id));
  if (!a || (a->state != AdvisoryState::approved && a->state != AdvisoryState::published))
    return publication_refused(
        {{"advisory", "R-PUB-5",
          "publish the advisory: the case has no approved or published advisory (POST /api/v1/cases/" +
              std::to_string(cs.id) + "/advisory, have the provider approve it, then publish it)",
          "请先发布公告：该案件没有已批准或已发布的公告（创建公告，由产品提供者批准后发布）"}});
  if (a->state == AdvisoryState::approved) return publish(tx, ctx, c, cs, parties, *a, reason, now, false);
  LD_ASSIGN_OR_RETURN(auto facts, gather_facts(tx, cs, parties, *a));
  auto failures = check_publication(facts, now);
  if (!failures.empty()) return publication_refused(failures);
  return {};
}

Result<AdvisoryView> Advisories::get(const Caller& c, Id case_id) {
  return ctx_.store.read([&](store::ReadTx& tx) -> Result<AdvisoryView> {
    Advisory a;
    LD_ASSIGN_OR_RETURN(auto found, case_with_advisory(tx, c, case_id, a));
    return view(tx, c, found.second, std::move(a));
  });
}

Result<AdvisoryView> Advisories::create(const Caller& c, Id case_id) {
  Time now = ctx_.clock.now();
  return ctx_.store.write([&](store::WriteTx& tx) -> Result<AdvisoryView> {
    LD_ASSIGN_OR_RETURN(auto found, visible_case(tx, c.actor, case_id));
    auto& [cs, parties] = found;
    if (!can_edit_advisory(c.actor, parties)) return Error::denied("your role may not write this case's advisory");
    LD_ASSIGN_OR_RETURN(auto existing, tx.case_advisory(case_id));
    if (existing) return Error::conflict("this case has an advisory already (" + existing->ref + ")", "exists");
    LD_ASSIGN_OR_RETURN(auto a, prefill(tx, cs, now));
    LD_ASSIGN_OR_RETURN(a.id, tx.insert_case_advisory(a));
    LD_RETURN_IF_ERROR(add_event(tx, c, now, "case", case_id, "advisory.created", "", "", "",
                                 "{\"ref\":" + quote_json(a.ref) + "}")
                           .status());
    return view(tx, c, parties, std::move(a));
  });
}

Result<AdvisoryView> Advisories::update(const Caller& c, Id case_id, const AdvisoryPatch& p) {
  Error e = Error::unprocessable("invalid advisory");
  Time now = ctx_.clock.now();
  // Vectors are scored before the transaction; the rest is checked on the result.
  std::optional<double> s31, s40;
  std::string v31, v40;
  if (p.cvss31_vector && !p.cvss31_vector->empty()) {
    auto r = assessment::score_cvss31(*p.cvss31_vector, "cvss31_vector");
    if (!r.ok()) e.add_field({"cvss31_vector", "bad_vector", r.error().message()});
    else {
      v31 = r->vector;
      s31 = r->base_score;
    }
  }
  if (p.cvss40_vector && !p.cvss40_vector->empty()) {
    auto r = assessment::score_cvss40(*p.cvss40_vector, "cvss40_vector");
    if (!r.ok()) e.add_field({"cvss40_vector", "bad_vector", r.error().message()});
    else {
      v40 = r->vector;
      s40 = r->score;
    }
  }
  std::optional<std::optional<assessment::Grade>> grade;
  if (p.grade) {
    if (p.grade->empty()) grade.emplace(std::nullopt);
    else if (auto g = assessment::parse_grade(*p.grade); g.ok()) grade.emplace(*g);
    else e.add_field({"grade", "bad_value", "grade must be critical, high, medium or low"});
  }
  std::optional<std::optional<int>> cwe;
  if (p.cwe) {
    if (p.cwe->empty()) cwe.emplace(std::nullopt);
    else if (auto r = assessment::parse_cwe_id(*p.cwe); r.ok()) cwe.emplace(*r);
    else e.add_field({"cwe", "bad_cwe", "cwe must look like CWE-79"});
  }
  if (p.gbt_class && !p.gbt_class->empty() && !assessment::class_for_code(*p.gbt_class).ok())
    e.add_field({"gbt_class", "unknown_class", "gbt_class is not a GB/T 30279 class code"});
  if (p.external_ids)
    for (auto& f : external_id_problems(*p.external_ids)) e.add_field(std::move(f));
  if (!e.fields().empty()) return Error::from_fields(e.fields());
  return ctx_.store.write([&](store::WriteTx& tx) -> Result<AdvisoryView> {
    Advisory a;
    LD_ASSIGN_OR_RETURN(auto found, case_with_advisory(tx, c, case_id, a));
    auto& parties = found.second;
    if (!can_edit_advisory(c.actor, parties)) return Error::denied("your role may not edit this case's advisory");
    if (!advisory_editable(a.state))
      return Error::conflict("the advisory is " + std::string(name_of(a.state)) +
                                 ": move it back to draft (a published advisory: revise it) before editing",
                             "not_editable")
          .with_allowed({"draft"});
    Error te = Error::unprocessable("invalid advisory");
    apply_text(p.zh, a.zh, "zh", te);
    apply_text(p.en, a.en, "en", te);
    if (!te.fields().empty()) return Error::from_fields(te.fields());
    if (grade) a.grade = *grade;
    if (p.cvss31_vector) {
      a.cvss31_vector = v31;
      a.cvss31_score = s31;
    }
    if (p.cvss40_vector) {
      a.cvss40_vector = v40;
      a.cvss40_score = s40;
    }
    if (cwe) a.cwe = *cwe;
    if (p.gbt_class) a.gbt_class = *p.gbt_class;
    if (p.affected) a.affected = *p.affected;
    if (p.credits) a.credits = *p.credits;
    if (p.references) a.references = *p.references;
    if (p.external_ids) a.external_ids = *p.external_ids;
    if (p.publisher) a.publisher = *p.publisher;
    if (p.verifier) a.verifier = *p.verifier;
    if (p.tlp) a.tlp = *p.tlp;
    auto problems = validate_advisory(a);
    if (!problems.empty()) return Error::from_fields(problems);
    a.updated_at = now;
    LD_RETURN_IF_ERROR(tx.update_case_advisory(a));
    LD_RETURN_IF_ERROR(add_event(tx, c, now, "case", case_id, "advisory.updated").status());
    return view(tx, c, parties, std::move(a));
  });
}

Result<AdvisoryView> Advisories::transition(const Caller& c, Id case_id, AdvisoryState to, const std::string& reason) {
  Error e = Error::unprocessable("invalid transition");
  std::string why = clean_text(reason, "reason", 2000, to == AdvisoryState::withdrawn, e);
  if (!e.fields().empty()) return Error::from_fields(e.fields());
  Time now = ctx_.clock.now();
  return ctx_.store.write([&](store::WriteTx& tx) -> Result<AdvisoryView> {
    Advisory a;
    LD_ASSIGN_OR_RETURN(auto found, case_with_advisory(tx, c, case_id, a));
    auto& [cs, parties] = found;
    // An operator case is never published (R-PUB-2), whoever asks: the
    // refusal names every gate that fails, as a publication refusal does.
    if (to == AdvisoryState::published && cs.operator_system) {
      LD_ASSIGN_OR_RETURN(auto facts, gather_facts(tx, cs, parties, a));
      return publication_refused(check_publication(facts, now));
    }
    if (!may_transition(c.actor, parties, to))
      return Error::denied(to == AdvisoryState::approved
                               ? "only the product's provider (its admins and coordinators) approves the advisory"
                               : "your role may not move this advisory to " + std::string(name_of(to)));
    LD_RETURN_IF_ERROR(check_advisory_transition(a.state, to));
    std::string from(name_of(a.state));
    if (to == AdvisoryState::published) {
      LD_RETURN_IF_ERROR(publish(tx, ctx_, c, cs, parties, a, why, now, true));
    } else {
      if (to == AdvisoryState::in_review || to == AdvisoryState::approved) {
        auto problems = validate_advisory(a);
        if (!problems.empty()) return Error::from_fields(problems);
      }
      a.state = to;
      a.updated_at = now;
      LD_RETURN_IF_ERROR(tx.update_case_advisory(a));
      LD_RETURN_IF_ERROR(add_event(tx, c, now, "case", case_id, "advisory.transition", from, std::string(name_of(to)),
                                   why, "{\"ref\":" + quote_json(a.ref) + "}")
                             .status());
    }
    return view(tx, c, parties, std::move(a));
  });
}

Result<std::vector<GateCheck>> Advisories::gates(const Caller& c, Id case_id) {
  Time now = ctx_.clock.now();
  return ctx_.store.read([&](store::ReadTx& tx) -> Result<std::vector<GateCheck>> {
    Advisory a;
    LD_ASSIGN_OR_RETURN(auto found, case_with_advisory(tx, c, case_id, a));
    LD_ASSIGN_OR_RETURN(auto facts, gather_facts(tx, found.first, found.second, a));
    return publication_checklist(facts, now);
  });
}

Result<std::vector<BlackoutPeriod>> Advisories::blackouts(const Caller& c) {
  if (c.actor.anonymous()) return Error::unauthenticated();
  if (!can_read_blackouts(c.actor)) return Error::denied("only members of an organisation read the blackout calendar");
  return ctx_.store.read([&](store::ReadTx& tx) { return tx.blackouts(); });
}

Result<BlackoutPeriod> Advisories::add_blackout(const Caller& c, const BlackoutInput& in) {
  if (c.actor.anonymous()) return Error::unauthenticated();
  if (!can_manage_blackouts(c.actor)) return Error::denied("only the platform's administrators change the blackout calendar");
  Error e = Error::unprocessable("invalid blackout period");
  BlackoutPeriod b;
  b.name = clean_text(in.name, "name", 300, true, e);
  if (!in.start) e.add_field({"start", "required", "start is required"});
  if (!in.end) e.add_field({"end", "required", "end is required"});
  if (in.start && in.end && *in.end <= *in.start) e.add_field({"end", "not_after_start", "end must be after start"});
  if (!e.fields().empty()) return Error::from_fields(e.fields());
  b.start = *in.start;
  b.end = *in.end;
  Time now = ctx_.clock.now();
  b.created_at = now;
  if (c.actor.user_id) b.created_by = c.actor.user_id;
  b.created_by_name = actor_name(c.actor);
  return ctx_.store.write([&](store::WriteTx& tx) -> Result<BlackoutPeriod> {
    LD_ASSIGN_OR_RETURN(b.id, tx.insert_blackout(b));
    LD_RETURN_IF_ERROR(log_access(tx, c, now, "change", "blackout_period", b.id, "created: " + b.name).status());
    return b;
  });
}

Status Advisories::delete_blackout(const Caller& c, Id id) {
  if (c.actor.anonymous()) return Error::unauthenticated();
  if (!can_manage_blackouts(c.actor)) return Error::denied("only the platform's administrators change the blackout calendar");
  Time now = ctx_.clock.now();
  return ctx_.store.write([&](store::WriteTx& tx) -> Status {
    LD_ASSIGN_OR_RETURN(bool found, tx.delete_blackout(id));
    if (!found) return Error::not_found("blackout period");
    return log_access(tx, c, now, "change", "blackout_period", id, "deleted").status();
  });
}

Result<PublicationConsent> Advisories::add_consent(const Caller& c, Id case_id, const ConsentInput& in) {
  Error e = Error::unprocessable("invalid consent");
  PublicationConsent k;
  auto kind = parse_enum<ConsentKind>(in.kind);
  if (!kind) e.add_field({"kind", "bad_value", "kind must be one of: " + allowed_names<ConsentKind>()});
  else k.kind = *kind;
  bool early = kind == ConsentKind::early_release;
  k.provider = clean_text(in.provider, "provider", 300, early, e);
  k.miit_reference = clean_text(in.miit_reference, "miit_reference", 200, early, e);
  k.miit_date = clean_text(in.miit_date, "miit_date", 10, early, e);
  k.mps_reference = clean_text(in.mps_reference, "mps_reference", 200, true, e);
  k.mps_date = clean_text(in.mps_date, "mps_date", 10, true, e);
  k.notes = clean_text(in.notes, "notes", 4000, false, e);
  for (auto [name, v] : {std::pair<const char*, const std::string*>{"miit_date", &k.miit_date}, {"mps_date", &k.mps_date}})
    if (!v->empty() && !valid_date(*v)) e.add_field({name, "bad_date", std::string(name) + " must be a date, YYYY-MM-DD"});
  if (!e.fields().empty()) return Error::from_fields(e.fields());
  Time now = ctx_.clock.now();
  return ctx_.store.write([&](store::WriteTx& tx) -> Result<PublicationConsent> {
    std::vector<Id> authority_orgs;
    for (const auto& m : c.actor.memberships) {
      LD_ASSIGN_OR_RETURN(auto o, tx.org(m.org_id));
      if (o && o->type == OrgType::authority) authority_orgs.push_back(o->id);
    }
    if (!can_record_consent(c.actor, authority_orgs)) {
      // An authority officer may not see the case otherwise; others learn nothing about it.
      LD_RETURN_IF_ERROR(visible_case(tx, c.actor, case_id).status());
      return Error::denied("only an authority's officers or the host's administrators record consents");
    }
    LD_ASSIGN_OR_RETURN(auto cs, tx.get_case(case_id));
    if (!cs) return Error::not_found("case");
    k.case_id = case_id;
    if (c.actor.user_id) k.recorded_by = c.actor.user_id;
    k.recorded_by_name = actor_name(c.actor);
    k.recorded_at = now;
    LD_ASSIGN_OR_RETURN(k.id, tx.insert_consent(k));
    LD_RETURN_IF_ERROR(add_event(tx, c, now, "case", case_id, "consent." + std::string(name_of(k.kind)), "", "", k.notes,
                                 "{\"mps_reference\":" + quote_json(k.mps_reference) + "}")
                           .status());
    return k;
  });
}

Result<store::Page<store::AdvisorySnapshot>> Advisories::public_list(const store::PageRequest& p,
                                                                     const std::string& external_id) {
  std::string key;
  if (!external_id.empty()) {
    auto k = external_id_search_key(external_id);
    if (!k) return Error::from_fields({*external_id_problem(external_id, "external_id")});
    key = *k;
  }
  return ctx_.store.read([&](store::ReadTx& tx) { return tx.public_advisories(p, key); });
}

Result<store::AdvisorySnapshot> Advisories::public_one(const std::string& ref) {
  return ctx_.store.read([&](store::ReadTx& tx) -> Result<store::AdvisorySnapshot> {
    LD_ASSIGN_OR_RETURN(auto s, tx.public_advisory(ref));
    if (!s) return Error::not_found("published advisory");
    return std::move(*s);
  });
}

}  // namespace loudong::services
