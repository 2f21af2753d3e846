#include "services/filings.h"

#include <algorithm>

#include "domain/clocks.h"
#include "domain/regulatory.h"
#include "formats/exports.h"

namespace loudong::services {

using namespace domain;

namespace {

void apply(RegulatoryReport& r, const RegulatoryFields& f, const Limits& L, Error& e) {
  auto set = [&](std::string& dst, const std::optional<std::string>& v, const char* name, std::size_t max) {
    if (v) dst = clean_text(*v, name, max, false, e);
  };
  set(r.authority, f.authority, "authority", 100);
  set(r.product_name, f.product_name, "product_name", 500);
  set(r.product_model, f.product_model, "product_model", 500);
  set(r.product_version, f.product_version, "product_version", 2000);
  set(r.technical_characteristics, f.technical_characteristics, "technical_characteristics", L.max_text_field);
  set(r.harm, f.harm, "harm", L.max_text_field);
  set(r.scope, f.scope, "scope", L.max_text_field);
  set(r.provider_name, f.provider_name, "provider_name", 500);
  set(r.contact_name, f.contact_name, "contact_name", 200);
  set(r.contact_phone, f.contact_phone, "contact_phone", 50);
  set(r.contact_email, f.contact_email, "contact_email", 254);
  set(r.measures, f.measures, "measures", L.max_text_field);
  if (r.authority.empty()) r.authority = kDefaultAuthority;
}

Result<Time> when(const std::optional<Time>& t, Time now, Time not_before, const char* field) {
  Time at = t.value_or(now);
  if (at > now) return Error::field(field, "in_future", std::string(field) + " is in the future");
  if (at < not_before)
    return Error::field(field, "too_early", std::string(field) + " is before the provider became aware of the case");
  return at;
}

}  // namespace

Status stop_clock(store::WriteTx& tx, Id case_id, ClockKind kind, Time at, const std::string& note) {
  LD_ASSIGN_OR_RETURN(auto clocks, tx.clocks_of(std::nullopt, case_id));
  for (auto& k : clocks)
    if (k.kind == kind && !k.stopped_at) {
      k.stopped_at = at;
      k.stop_note = note;
      LD_RETURN_IF_ERROR(tx.update_clock(k));
    }
  return {};
}

Status record_user_notice(store::WriteTx& tx, const Case& cs, UserNotice& n) {
  LD_ASSIGN_OR_RETURN(n.id, tx.insert_user_notice(n));
  // The clock stops once every customer of the product has been told
  // (or at the first notice when the product lists none).
  LD_ASSIGN_OR_RETURN(auto notices, tx.user_notices(cs.id));
  bool all = true;
  if (cs.product_id) {
    LD_ASSIGN_OR_RETURN(auto p, tx.product(*cs.product_id));
    if (p)
      for (const auto& cust : p->customers)
        all = all && std::any_of(notices.begin(), notices.end(),
                                 [&](const UserNotice& x) { return x.customer == cust.name; });
  }
  if (all) LD_RETURN_IF_ERROR(stop_clock(tx, cs.id, ClockKind::user_notice, n.notified_at, "customers notified"));
  return {};
}

Result<std::pair<RegulatoryReport, Case>> Filings::load(store::ReadTx& tx, const Caller& c, Id id) {
  LD_ASSIGN_OR_RETURN(auto r, tx.regulatory_report(id));
  if (!r) return Error::not_found("regulatory report");
  auto found = visible_case(tx, c.actor, r->case_id);
  if (!found.ok()) return hidden_as("regulatory report", std::move(found).error());
  if (!can_file_for_case(c.actor, found->second)) return Error::denied("your role may not file for this case");
  return std::make_pair(std::move(*r), std::move(found->first));
}

Result<RegulatoryReport> Filings::draft(const Caller& c, Id case_id, const RegulatoryFields& overrides) {
  Time now = ctx_.clock.now();
  return ctx_.store.write([&](store::WriteTx& tx) -> Result<RegulatoryReport> {
    LD_ASSIGN_OR_RETURN(auto found, visible_case(tx, c.actor, case_id));
    auto& [cs, parties] = found;
    if (!can_file_for_case(c.actor, parties)) return Error::denied("your role may not file for this case");
    std::optional<Product> product;
    if (cs.product_id) {
      LD_ASSIGN_OR_RETURN(product, tx.product(*cs.product_id));
    }
    std::optional<Organisation> provider;
    if (cs.provider_org) {
      LD_ASSIGN_OR_RETURN(provider, tx.org(*cs.provider_org));
    }
    LD_ASSIGN_OR_RETURN(auto reports, tx.reports_of_case(case_id));
    LD_ASSIGN_OR_RETURN(auto author, tx.user(c.actor.user_id));
    RegulatoryReport r = draft_regulatory_report(cs, product, reports, provider, author.value_or(User{}), now);
    Error e = Error::unprocessable("invalid regulatory report");
    apply(r, overrides, ctx_.limits, e);
    if (!e.fields().empty()) return Error::from_fields(e.fields());
    LD_ASSIGN_OR_RETURN(r.id, tx.insert_regulatory_report(r));
    LD_RETURN_IF_ERROR(add_event(tx, c, now, "case", case_id, "regulatory_report.drafted", "", "", "",
                                 "{\"regulatory_report_id\":" + std::to_string(r.id) + "}")
                           .status());
    LD_RETURN_IF_ERROR(fill_submitted_by_name(tx, r));
    return r;
  });
}

// A write: every read of a regulatory report (an unpublished
// vulnerability's Art. 7(2) fields) is in the access log.
Result<RegulatoryReport> Filings::get(const Caller& c, Id id) {
  return ctx_.store.write([&](store::WriteTx& tx) -> Result<RegulatoryReport> {
    LD_ASSIGN_OR_RETURN(auto p, load(tx, c, id));
    LD_RETURN_IF_ERROR(fill_submitted_by_name(tx, p.first));
    LD_RETURN_IF_ERROR(log_access(tx, c, ctx_.clock.now(), "read_confidential", "regulatory_report", id,
                                  "case " + std::to_string(p.first.case_id))
                           .status());
    return std::move(p.first);
  });
}

Result<std::string> Filings::exported(const Caller& c, Id id, bool html) {
  return ctx_.store.write([&](store::WriteTx& tx) -> Result<std::string> {
    LD_ASSIGN_OR_RETURN(auto p, load(tx, c, id));
    auto& [report, cs] = p;
    LD_RETURN_IF_ERROR(fill_submitted_by_name(tx, report));
    LD_RETURN_IF_ERROR(log_access(tx, c, ctx_.clock.now(), "export", "regulatory_report", id,
                                  std::string(html ? "html" : "json") + ", case " + std::to_string(cs.id))
                           .status());
    if (html) return formats::regulatory_report_html(report, cs.ref, cs.external_ids);
    return formats::regulatory_report_json(report, cs.ref, cs.external_ids).dump(1);
  });
}

Result<RegulatoryReport> Filings::edit(const Caller& c, Id id, const RegulatoryFields& f) {
  Time now = ctx_.clock.now();
  return ctx_.store.write([&](store::WriteTx& tx) -> Result<RegulatoryReport> {
    LD_ASSIGN_OR_RETURN(auto p, load(tx, c, id));
    auto& r = p.first;
    if (r.state != RegulatoryState::draft && r.state != RegulatoryState::returned)
      return Error::conflict("a " + std::string(name_of(r.state)) + " regulatory report can no longer be edited",
                             "not_editable");
    Error e = Error::unprocessable("invalid regulatory report");
    apply(r, f, ctx_.limits, e);
    if (!e.fields().empty()) return Error::from_fields(e.fields());
    r.updated_at = now;
    LD_RETURN_IF_ERROR(tx.update_regulatory_report(r));
    LD_RETURN_IF_ERROR(add_event(tx, c, now, "case", r.case_id, "regulatory_report.edited", "", "", "",
                                 "{\"regulatory_report_id\":" + std::to_string(r.id) + "}")
                           .status());
    LD_RETURN_IF_ERROR(fill_submitted_by_name(tx, r));
    return r;
  });
}

Result<RegulatoryReport> Filings::submit(const Caller& c, Id id, const Submission& s) {
  Error e = Error::unprocessable("invalid submission");
  std::string channel = clean_text(s.channel, "channel", 100, true, e);
  std::string reference = clean_text(s.reference, "reference", 200, false, e);
  if (!e.fields().empty()) return Error::from_fields(e.fields());
  Time now = ctx_.clock.now();
  return ctx_.store.write([&](store::WriteTx& tx) -> Result<RegulatoryReport> {
    LD_ASSIGN_OR_RETURN(auto p, load(tx, c, id));
    auto& [r, cs] = p;
    if (r.state != RegulatoryState::draft && r.state != RegulatoryState::returned)
      return Error::conflict("this regulatory report was already submitted", "already_submitted")
          .with_allowed({"draft", "returned"});
    LD_RETURN_IF_ERROR(check_submittable(r));
    LD_ASSIGN_OR_RETURN(Time at, when(s.submitted_at, now, cs.aware_at, "submitted_at"));
    r.state = RegulatoryState::submitted;
    r.submitted_at = at;
    r.submitted_by = c.actor.user_id;
    r.channel = channel;
    r.reference = reference;
    r.updated_at = now;
    LD_RETURN_IF_ERROR(tx.update_regulatory_report(r));
    LD_RETURN_IF_ERROR(stop_clock(tx, cs.id, ClockKind::regulatory_report, at,
                                  "submitted to " + r.authority + " via " + channel));
    LD_RETURN_IF_ERROR(add_event(tx, c, now, "case", cs.id, "regulatory_report.submitted", "", "", "",
                                 "{\"regulatory_report_id\":" + std::to_string(r.id) + "}")
                           .status());
    LD_RETURN_IF_ERROR(fill_submitted_by_name(tx, r));
    return r;
  });
}

Result<RegulatoryReport> Filings::acknowledge(const Caller& c, Id id, bool returned, const std::string& note) {
  Time now = ctx_.clock.now();
  return ctx_.store.write([&](store::WriteTx& tx) -> Result<RegulatoryReport> {
    LD_ASSIGN_OR_RETURN(auto p, load(tx, c, id));
    auto& r = p.first;
    if (r.state != RegulatoryState::submitted)
      return Error::conflict("only a submitted report can be acknowledged or returned", "not_submitted");
    r.state = returned ? RegulatoryState::returned : RegulatoryState::acknowledged;
    r.updated_at = now;
    LD_RETURN_IF_ERROR(tx.update_regulatory_report(r));
    LD_RETURN_IF_ERROR(add_event(tx, c, now, "case", r.case_id,
                                 returned ? "regulatory_report.returned" : "regulatory_report.acknowledged", "", "",
                                 note, "{\"regulatory_report_id\":" + std::to_string(r.id) + "}")
                           .status());
    return r;
  });
}

Result<UpstreamNotice> Filings::upstream_notice(const Caller& c, Id case_id, const UpstreamNoticeInput& in) {
  Error e = Error::unprocessable("invalid upstream notice");
  UpstreamNotice n;
  n.case_id = case_id;
  n.upstream_provider = clean_text(in.upstream_provider, "upstream_provider", 500, !in.upstream_org, e);
  n.upstream_org = in.upstream_org;
  n.component = clean_text(in.component, "component", 500, true, e);
  n.method = clean_text(in.method, "method", 100, true, e);
  // R-UPSTREAM asks for notice "with evidence": a message id, ticket or URL.
  n.evidence = clean_text(in.evidence, "evidence", ctx_.limits.max_text_field, true, e);
  if (!e.fields().empty()) return Error::from_fields(e.fields());
  Time now = ctx_.clock.now();
  return ctx_.store.write([&](store::WriteTx& tx) -> Result<UpstreamNotice> {
    LD_ASSIGN_OR_RETURN(auto found, visible_case(tx, c.actor, case_id));
    auto& [cs, parties] = found;
    if (!can_file_for_case(c.actor, parties)) return Error::denied("your role may not file for this case");
    if (n.upstream_org) {
      LD_ASSIGN_OR_RETURN(auto o, tx.org(*n.upstream_org));
      if (!o) return Error::field("upstream_org", "unknown", "no organisation with this id");
      if (n.upstream_provider.empty()) n.upstream_provider = o->name;
    }
    LD_ASSIGN_OR_RETURN(n.notified_at, when(in.notified_at, now, cs.aware_at, "notified_at"));
    n.recorded_by = c.actor.user_id;
    n.created_at = now;
    if (!cs.upstream) {
      // Notifying upstream marks the case as an upstream flaw; the clock
      // starts and stops at once.
      cs.upstream = Upstream{n.component, n.upstream_org, n.upstream_provider};
      cs.updated_at = now;
      LD_RETURN_IF_ERROR(tx.update_case(cs));
      ClockRecord cl = start_clock(ClockKind::upstream_notice, n.notified_at, ctx_.policy.get());
      cl.case_id = case_id;
      LD_RETURN_IF_ERROR(tx.insert_clock(cl).status());
    }
    LD_ASSIGN_OR_RETURN(n.id, tx.insert_upstream_notice(n));
    LD_RETURN_IF_ERROR(stop_clock(tx, case_id, ClockKind::upstream_notice, n.notified_at,
                                  "notified " + n.upstream_provider + " via " + n.method));
    LD_RETURN_IF_ERROR(add_event(tx, c, now, "case", case_id, "upstream_notice.recorded").status());
    return n;
  });
}

Result<UserNotice> Filings::user_notice(const Caller& c, Id case_id, const UserNoticeInput& in) {
  Error e = Error::unprocessable("invalid user notice");
  UserNotice n;
  n.case_id = case_id;
  n.customer = clean_text(in.customer, "customer", 500, true, e);
  n.contact = clean_text(in.contact, "contact", 500, false, e);
  n.method = clean_text(in.method, "method", 100, true, e);
  n.evidence = clean_text(in.evidence, "evidence", ctx_.limits.max_text_field, false, e);
  if (!e.fields().empty()) return Error::from_fields(e.fields());
  Time now = ctx_.clock.now();
  return ctx_.store.write([&](store::WriteTx& tx) -> Result<UserNotice> {
    LD_ASSIGN_OR_RETURN(auto found, visible_case(tx, c.actor, case_id));
    auto& [cs, parties] = found;
    if (!can_file_for_case(c.actor, parties)) return Error::denied("your role may not file for this case");
    LD_ASSIGN_OR_RETURN(n.notified_at, when(in.notified_at, now, cs.aware_at, "notified_at"));
    n.recorded_by = c.actor.user_id;
    LD_RETURN_IF_ERROR(record_user_notice(tx, cs, n));
    LD_RETURN_IF_ERROR(add_event(tx, c, now, "case", case_id, "user_notice.recorded", "", "", "",
                                 "{\"customer\":" + quote_json(n.customer) + "}")
                           .status());
    return n;
  });
}

}  // namespace loudong::services
