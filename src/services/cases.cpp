#include "services/cases.h"

#include <algorithm>

#include "assessment/assess.h"
#include "assessment/classification.h"
#include "assessment/cvss.h"
#include "domain/external_ids.h"
#include "domain/rewards.h"
#include "domain/workflow.h"
#include "services/advisories.h"
#include "services/inventory.h"
#include "services/triage.h"
#include "services/notify_events.h"
#include "services/products.h"

namespace loudong::services {

using namespace domain;

Result<store::Page<Case>> Cases::list(const Caller& c, store::CaseFilter f) {
  if (c.actor.anonymous()) return Error::unauthenticated();
  f.participant_orgs = visible_orgs(c.actor);
  return ctx_.store.read([&](store::ReadTx& tx) { return tx.cases(f); });
}

Result<CaseDetail> Cases::detail(store::ReadTx& tx, const Caller& c, Id id) {
  LD_ASSIGN_OR_RETURN(auto found, visible_case(tx, c.actor, id));
  CaseDetail d;
  d.case_ = std::move(found.first);
  d.parties = std::move(found.second);
  LD_ASSIGN_OR_RETURN(d.reports, tx.reports_of_case(id));
  // The finders' identities only for those who may see the reports
  // themselves (intake staff); the provider and other participants do not.
  d.show_submitters = is_intake_staff(c.actor);
  if (d.show_submitters) LD_RETURN_IF_ERROR(fill_submitter_names(tx, d.reports));
  LD_ASSIGN_OR_RETURN(d.timeline, tx.events("case", id));
  LD_ASSIGN_OR_RETURN(auto msgs, tx.messages(std::nullopt, id));
  for (auto& m : msgs)
    if (can_read_message(c.actor, d.parties, m.visibility)) d.messages.push_back(std::move(m));
  Time now = ctx_.clock.now();
  LD_ASSIGN_OR_RETURN(auto clocks, tx.clocks_of(std::nullopt, id));
  for (const auto& k : clocks) d.clocks.push_back(make_clock_view(k.kind, k.started_at, k.due_at, k.stopped_at, now, ctx_.policy.get()));
  LD_ASSIGN_OR_RETURN(d.regulatory_reports, tx.regulatory_reports(id));
  for (auto& r : d.regulatory_reports) LD_RETURN_IF_ERROR(fill_submitted_by_name(tx, r));
  LD_ASSIGN_OR_RETURN(d.upstream_notices, tx.upstream_notices(id));
  LD_ASSIGN_OR_RETURN(d.user_notices, tx.user_notices(id));
  LD_ASSIGN_OR_RETURN(d.consents, tx.consents(id));
  for (CaseState s : next_case_states(d.case_.state))
    if (can_transition_case(c.actor, d.parties, s)) d.allowed_transitions.push_back(s);
  if (d.case_.product_id) {
    LD_ASSIGN_OR_RETURN(d.product, tx.product(*d.case_.product_id));
    if (d.product) d.product = product_as_seen_by(c.actor, std::move(*d.product));
  }
  d.can_read_confidential = can_read_confidential(c.actor, d.parties);
  d.can_assess = can_assess(c.actor, d.parties);
  d.can_file = can_file_for_case(c.actor, d.parties);
  d.can_propose_reward = can_propose_reward(c.actor, d.parties);
  d.can_read_operator_details = can_read_operator_details(c.actor, d.parties);
  return d;
}

Result<CaseDetail> Cases::get(const Caller& c, Id id) {
  return ctx_.store.read([&](store::ReadTx& tx) { return detail(tx, c, id); });
}

Result<CaseDetail> Cases::change_then_detail(const Caller& c, Id id,
                                             const std::function<Status(store::WriteTx&)>& change) {
  // The answer is read in the writing transaction: a failure reading it
  // rolls the change back rather than reporting an error for a change that
  // stays (found by the fault sweep, tests/integration/faults.test.mjs).
  CaseDetail out;
  LD_RETURN_IF_ERROR(ctx_.store.write([&](store::WriteTx& tx) -> Status {
    LD_RETURN_IF_ERROR(change(tx));
    LD_ASSIGN_OR_RETURN(out, detail(tx, c, id));
    return {};
  }));
  return out;
}

Result<CaseDetail> Cases::transition(const Caller& c, Id id, CaseState to, const std::string& reason) {
  Time now = ctx_.clock.now();
  return change_then_detail(c, id, [&](store::WriteTx& tx) -> Status {
    LD_ASSIGN_OR_RETURN(auto found, visible_case(tx, c.actor, id));
    auto& [cs, parties] = found;
    if (!can_transition_case(c.actor, parties, to))
      return Error::denied("your role may not move this case to " + std::string(name_of(to)));
    LD_RETURN_IF_ERROR(check_case_transition(cs.state, to, reason));
    // The advisory is what is published: the same gates, with its facts (advisories.cpp).
    if (to == CaseState::published) LD_RETURN_IF_ERROR(publish_case_advisory(tx, ctx_, c, cs, parties, now, reason));
    std::string from(name_of(cs.state));
    LD_ASSIGN_OR_RETURN(auto clocks, tx.clocks_of(std::nullopt, id));
    auto stop_running = [&](ClockKind k, const std::string& note) -> Status {
      for (auto& cl : clocks)
        if (cl.kind == k && !cl.stopped_at) {
          cl.stopped_at = now;
          cl.stop_note = note;
          LD_RETURN_IF_ERROR(tx.update_clock(cl));
        }
      return {};
    };
    auto start = [&](ClockKind k) -> Status {
      ClockRecord cl = start_clock(k, now, ctx_.policy.get(), cs.assessment.grade);
      cl.case_id = id;
      return tx.insert_clock(cl).status();
    };
    switch (to) {
      case CaseState::confirmed: {
        LD_RETURN_IF_ERROR(start(ClockKind::fix));
        // R-FIX-NOTIFY / R-UPSTREAM: who is affected, whom to tell, whom upstream.
        LD_ASSIGN_OR_RETURN(auto effects, record_confirmed_case_effects(tx, id, now));
        LD_RETURN_IF_ERROR(add_event(tx, c, now, "case", id, "impact_recorded", "", "", "",
                                     "{\"affected_product_versions\":" + std::to_string(effects.affected.size()) +
                                         ",\"user_notices_pending\":" + std::to_string(effects.notices.size()) +
                                         ",\"upstream_providers\":" + std::to_string(effects.upstream_providers.size()) + "}")
                               .status());
        if (!effects.notices.empty())
          LD_RETURN_IF_ERROR(notify_user_notice_owed(tx, ctx_, now, cs, static_cast<int>(effects.notices.size())));
        break;
      }
      case CaseState::fixed:
        LD_RETURN_IF_ERROR(stop_running(ClockKind::fix, "fixed"));
        // An operator fixes its own system: it has no customers to tell.
        if (!parties.operator_org) LD_RETURN_IF_ERROR(start(ClockKind::user_notice));
        break;
      case CaseState::withdrawn:
      case CaseState::not_affected:
        // The legal clocks that no longer apply stop, with the reason kept.
        for (ClockKind k : {ClockKind::fix, ClockKind::user_notice, ClockKind::upstream_notice})
          LD_RETURN_IF_ERROR(stop_running(k, std::string(name_of(to)) + ": " + reason));
        break;
      default: break;
    }
    cs.state = to;
    cs.updated_at = now;
    LD_RETURN_IF_ERROR(tx.update_case(cs));
    LD_RETURN_IF_ERROR(add_event(tx, c, now, "case", id, "transition", from, std::string(name_of(to)), reason).status());
    return notify_case_state(tx, ctx_, now, cs, from, std::string(name_of(to)));
  });
}

Result<CaseDetail> Cases::assess(const Caller& c, Id id, const AssessmentInput& in) {
  Error e = Error::unprocessable("invalid assessment");
  Assessment a;
  std::optional<double> base;
  std::optional<assessment::CvssAssessment> v31, v40;
  if (in.cvss31_vector && !in.cvss31_vector->empty()) {
    auto r = assessment::score_cvss31(*in.cvss31_vector, "cvss31_vector");
    if (!r.ok()) {
      for (const auto& f : r.error().fields()) e.add_field(f);
      if (r.error().fields().empty()) e.add_field({"cvss31_vector", r.error().code(), r.error().message()});
    } else if (r->version != "3.1") {
      e.add_field({"cvss31_vector", "bad_prefix", "cvss31_vector must start with CVSS:3.1/"});
    } else {
      a.cvss31_vector = r->vector;
      a.cvss31_score = r->base_score;
      base = r->base_score;
    }
  }
  if (in.cvss40_vector && !in.cvss40_vector->empty()) {
    auto r = assessment::score_cvss40(*in.cvss40_vector, "cvss40_vector");
    if (!r.ok()) {
      for (const auto& f : r.error().fields()) e.add_field(f);
      if (r.error().fields().empty()) e.add_field({"cvss40_vector", r.error().code(), r.error().message()});
    } else {
      a.cvss40_vector = r->vector;
      a.cvss40_score = r->score;
      if (!base) base = r->base_score;
    }
  }
  if (in.gbt_class && !in.gbt_class->empty() && !assessment::class_for_code(*in.gbt_class).ok())
    e.add_field({"gbt_class", "unknown_class", "gbt_class is not a GB/T 30279 class code"});
  std::optional<int> cwe;
  if (in.cwe && !in.cwe->empty()) {
    auto r = assessment::parse_cwe_id(*in.cwe);
    if (!r.ok()) e.add_field({"cwe", "bad_cwe", "cwe must look like CWE-79"});
    else cwe = *r;
  }
  if (!e.fields().empty()) return Error::from_fields(e.fields());
  Time now = ctx_.clock.now();
  return change_then_detail(c, id, [&](store::WriteTx& tx) -> Status {
    LD_ASSIGN_OR_RETURN(auto found, visible_case(tx, c.actor, id));
    auto& [cs, parties] = found;
    if (!can_assess(c.actor, parties)) return Error::denied("your role may not assess this case");
    auto& cur = cs.assessment;
    if (in.cvss31_vector) {
      cur.cvss31_vector = a.cvss31_vector;
      cur.cvss31_score = a.cvss31_score;
    }
    if (in.cvss40_vector) {
      cur.cvss40_vector = a.cvss40_vector;
      cur.cvss40_score = a.cvss40_score;
    }
    if (in.cwe) cur.cwe = cwe;
    if (in.gbt_class) cur.gbt_class = *in.gbt_class;
    std::optional<double> grade_base = cur.cvss31_score ? cur.cvss31_score : base;
    if (!grade_base && cur.cvss40_vector.size()) {
      auto r = assessment::score_cvss40(cur.cvss40_vector);
      if (r.ok()) grade_base = r->base_score;
    }
    auto decision = assessment::decide_grade(ctx_.grading_table ? &*ctx_.grading_table : nullptr, in.gbt_metrics,
                                             grade_base);
    auto old_grade = cur.grade;
    cur.grade = decision.grade;
    cur.grade_source = decision.grade ? std::string(assessment::grade_source_code(decision.source)) : "";
    cur.grade_basis = assessment::grade_basis_record(decision);
    cs.updated_at = now;
    LD_RETURN_IF_ERROR(tx.update_case(cs));
    if (old_grade != cur.grade) {
      // The fix clock follows the grade (design.md "Clocks").
      LD_ASSIGN_OR_RETURN(auto clocks, tx.clocks_of(std::nullopt, id));
      for (auto& k : clocks)
        if (k.kind == ClockKind::fix && !k.stopped_at) {
          k.due_at = clock_due(ClockKind::fix, k.started_at, ctx_.policy.get(), cur.grade);
          k.soon_at = clock_soon(k.started_at, k.due_at, ctx_.policy.get().due_soon_percent);
          LD_RETURN_IF_ERROR(tx.update_clock(k));
        }
    }
    std::string data = "{\"grade\":\"" + (cur.grade ? std::string(assessment::grade_code(*cur.grade)) : "") +
                       "\",\"grade_source\":\"" + cur.grade_source + "\"}";
    return add_event(tx, c, now, "case", id, "assessment", "", "", "", data).status();
  });
}

Result<CaseDetail> Cases::update(const Caller& c, Id id, const CaseUpdate& in) {
  Error e = Error::unprocessable("invalid case update");
  std::string title = in.title ? clean_text(*in.title, "title", ctx_.limits.max_title, true, e) : "";
  std::string summary = in.summary ? clean_text(*in.summary, "summary", ctx_.limits.max_text_field, false, e) : "";
  std::string versions =
      in.affected_versions ? clean_text(*in.affected_versions, "affected_versions", 2000, false, e) : "";
  if (in.external_ids)
    for (auto& f : external_id_problems(*in.external_ids)) e.add_field(std::move(f));
  if (in.upstream) {
    (void)clean_text(in.upstream->component, "upstream.component", 500, true, e);
    if (!in.upstream->provider_org && in.upstream->provider_name.empty())
      e.add_field({"upstream.provider_name", "required", "name the upstream component's provider"});
  }
  std::string aware_reason = in.aware_at ? clean_text(in.aware_reason, "aware_reason", 2000, true, e) : "";
  std::string product_reason = clean_text(in.product_reason, "product_reason", 2000, false, e);
  if (!e.fields().empty()) return Error::from_fields(e.fields());
  Time now = ctx_.clock.now();
  if (in.aware_at && *in.aware_at > now) return Error::field("aware_at", "in_future", "aware_at is in the future");
  return change_then_detail(c, id, [&](store::WriteTx& tx) -> Status {
    LD_ASSIGN_OR_RETURN(auto found, visible_case(tx, c.actor, id));
    auto& [cs, parties] = found;
    if (!can_assess(c.actor, parties)) return Error::denied("your role may not edit this case");
    if (parties.operator_org && in.operator_system && !*in.operator_system)
      return Error::field("operator_system", "operator_case",
                          "an operator case is always about a system in use (R-PUB-2) / 网络运营者案件始终涉及在用系统");
    if (in.aware_at) {
      if (*in.aware_at >= cs.aware_at)
        return Error::field("aware_at", "not_earlier",
                            "aware_at may only move earlier than " + format_utc(cs.aware_at) +
                                " (the first receipt): a later time would hide a deadline");
      std::string from = format_utc(cs.aware_at);
      cs.aware_at = *in.aware_at;
      LD_ASSIGN_OR_RETURN(auto clocks, tx.clocks_of(std::nullopt, id));
      for (auto& k : clocks)
        if (k.kind == ClockKind::regulatory_report && !k.stopped_at) {
          auto moved = start_clock(ClockKind::regulatory_report, cs.aware_at, ctx_.policy.get());
          k.started_at = moved.started_at;
          k.soon_at = moved.soon_at;
          k.due_at = moved.due_at;
          LD_RETURN_IF_ERROR(tx.update_clock(k));
        }
      LD_RETURN_IF_ERROR(add_event(tx, c, now, "case", id, "aware_at_moved", from, format_utc(cs.aware_at),
                                   aware_reason)
                             .status());
    }
    if (in.title) cs.title = title;
    if (in.summary) cs.summary = summary;
    if (in.affected_versions) cs.affected_versions = versions;
    if (in.operator_system) cs.operator_system = *in.operator_system;
    if (in.external_ids) cs.external_ids = *in.external_ids;
    if (in.product_id && cs.product_id != in.product_id) {
      LD_ASSIGN_OR_RETURN(auto p, tx.product(*in.product_id));
      // Another provider's product answers as a missing one: its id tells
      // the caller nothing, and the case does not move.
      if (!p || !can_assign_case_product(c.actor, parties, p->provider_org))
        return Error::field("product_id", "unknown", "no product with this id that you may assign to this case");
      if (cs.product_id && product_reason.empty())
        return Error::field("product_reason", "required",
                            "say why the case moves to another product (it is recorded on the case)");
      std::optional<Id> old_provider = cs.provider_org;
      std::string data = "{\"from_product\":" + (cs.product_id ? std::to_string(*cs.product_id) : "null") +
                         ",\"to_product\":" + std::to_string(p->id) + ",\"from_provider\":" +
                         (old_provider ? std::to_string(*old_provider) : "null") +
                         ",\"to_provider\":" + std::to_string(p->provider_org) + "}";
      cs.product_id = p->id;
      cs.provider_org = p->provider_org;
      // The provider it leaves no longer takes part: the case's details are
      // the new provider's business (least privilege).
      if (old_provider && *old_provider != p->provider_org)
        LD_RETURN_IF_ERROR(tx.remove_participant(id, *old_provider, "provider"));
      LD_RETURN_IF_ERROR(tx.add_participant(id, p->provider_org, "provider"));
      LD_RETURN_IF_ERROR(
          add_event(tx, c, now, "case", id, "product_changed", "", "", product_reason, data).status());
    }
    if (in.upstream) {
      Upstream u = *in.upstream;
      if (u.provider_org) {
        LD_ASSIGN_OR_RETURN(auto o, tx.org(*u.provider_org));
        if (!o) return Error::field("upstream.provider_org", "unknown", "no organisation with this id");
        if (u.provider_name.empty()) u.provider_name = o->name;
      }
      bool first = !cs.upstream;
      cs.upstream = u;
      if (first) {
        // R-UPSTREAM: notify the upstream provider at once; the clock starts now.
        ClockRecord cl = start_clock(ClockKind::upstream_notice, now, ctx_.policy.get());
        cl.case_id = id;
        LD_RETURN_IF_ERROR(tx.insert_clock(cl).status());
      }
    }
    cs.updated_at = now;
    LD_RETURN_IF_ERROR(tx.update_case(cs));
    return add_event(tx, c, now, "case", id, "updated").status();
  });
}

Result<Message> Cases::post_message(const Caller& c, Id id, Visibility v, const std::string& body) {
  Error e = Error::unprocessable("invalid message");
  std::string text = clean_text(body, "body", ctx_.limits.max_text_field, true, e);
  if (!e.fields().empty()) return Error::from_fields(e.fields());
  Time now = ctx_.clock.now();
  return ctx_.store.write([&](store::WriteTx& tx) -> Result<Message> {
    LD_ASSIGN_OR_RETURN(auto found, visible_case(tx, c.actor, id));
    auto& [cs, parties] = found;
    if (!can_post_message(c.actor, parties, v))
      return Error::denied("you may not post a message with visibility " + std::string(name_of(v)));
    Message m;
    m.case_id = id;
    if (c.actor.user_id != 0) m.author_user_id = c.actor.user_id;
    m.author_name = actor_name(c.actor);
    m.visibility = v;
    m.body = text;
    m.created_at = now;
    LD_ASSIGN_OR_RETURN(m.id, tx.insert_message(m));
    if (v == Visibility::finder || v == Visibility::all) {
      LD_ASSIGN_OR_RETURN(auto reports, tx.reports_of_case(id));
      for (const auto& r : reports) LD_RETURN_IF_ERROR(stop_finder_ack(tx, r.id, now, "first reply to the finder"));
      LD_ASSIGN_OR_RETURN(auto clocks, tx.clocks_of(std::nullopt, id));
      for (auto& k : clocks)
        if (k.kind == ClockKind::finder_ack && !k.stopped_at) {
          k.stopped_at = now;
          k.stop_note = "first reply to the finder";
          LD_RETURN_IF_ERROR(tx.update_clock(k));
        }
    }
    LD_RETURN_IF_ERROR(add_event(tx, c, now, "case", id, "message", "", "", "",
                                 "{\"visibility\":\"" + std::string(name_of(v)) + "\"}")
                           .status());
    return m;
  });
}

Result<std::vector<ClockView>> Cases::clocks(const Caller& c, Id id) {
  LD_ASSIGN_OR_RETURN(auto d, get(c, id));
  return d.clocks;
}

Result<std::vector<AtRiskClock>> Cases::at_risk(const Caller& c, std::optional<ClockState> only, int limit) {
  if (c.actor.anonymous()) return Error::unauthenticated();
  Time now = ctx_.clock.now();
  store::ClockFilter f;
  f.soon_before = now;
  f.participant_orgs = visible_orgs(c.actor);
  f.limit = limit;
  return ctx_.store.read([&](store::ReadTx& tx) -> Result<std::vector<AtRiskClock>> {
    LD_ASSIGN_OR_RETURN(auto records, tx.running_clocks(f));
    std::vector<AtRiskClock> out;
    for (auto& r : records) {
      AtRiskClock a;
      const auto& k = r.clock;
      a.view = make_clock_view(k.kind, k.started_at, k.due_at, k.stopped_at, now, ctx_.policy.get());
      if (only && a.view.state != *only) continue;
      a.subject_ref = std::move(r.subject_ref);
      a.title = std::move(r.title);
      a.record = std::move(r.clock);
      out.push_back(std::move(a));
    }
    std::sort(out.begin(), out.end(), [](const AtRiskClock& x, const AtRiskClock& y) { return x.view.due_at < y.view.due_at; });
    return out;
  });
}

Result<CaseDetail> Cases::add_participant(const Caller& c, Id id, Id org_id, const std::string& role) {
  return change_then_detail(c, id, [&](store::WriteTx& tx) -> Status {
    LD_ASSIGN_OR_RETURN(auto found, visible_case(tx, c.actor, id));
    if (!is_intake_staff(c.actor)) return Error::denied("only intake coordinators add participants");
    LD_ASSIGN_OR_RETURN(auto o, tx.org(org_id));
    if (!o) return Error::field("org_id", "unknown", "no organisation with this id");
    // R-PUB-7: unpublished details never go to a foreign organisation other
    // than the product's provider.
    if (o->region != "CN" && (!found.first.provider_org || *found.first.provider_org != org_id))
      return Error::conflict("refused by R-PUB-7: " + o->name + " (" + o->region +
                                 ") is a foreign organisation and not this product's provider",
                             "foreign_recipient");
    LD_RETURN_IF_ERROR(tx.add_participant(id, org_id, role));
    return add_event(tx, c, ctx_.clock.now(), "case", id, "participant_added", "", "", "",
                     "{\"org_id\":" + std::to_string(org_id) + "}")
        .status();
  });
}

}  // namespace loudong::services
