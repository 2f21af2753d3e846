#include "services/inventory.h"
#include "services/inventory_internal.h"

#include <algorithm>
#include <map>
#include <mutex>
#include <set>
#include <tuple>

#include <nlohmann/json.hpp>

#include "formats/cve5.h"
#include "formats/osv.h"
#include "match/finding_order.h"
#include "match/twins.h"
#include "services/advisory_record.h"
#include "services/notify_events.h"

namespace loudong::services {

Result<formats::Advisory> parse_row(const store::AdvisoryRow& r) {
  LD_ASSIGN_OR_RETURN(std::string json, unpack_record(r.record));
  return r.source == "cve5" ? formats::read_cve5(json) : formats::read_osv(json);
}

match::ComponentRef ref_of(const store::ComponentRow& r) {
  return match::ComponentRef{{r.ecosystem, r.name}, match::match_version(r.ecosystem, r.version), r.purl};
}

namespace {

using domain::Id;

// An SBOM component as stored and as matched.
std::pair<store::ComponentRow, std::optional<match::ComponentRef>> map_component(const formats::Component& c) {
  store::ComponentRow row;
  row.purl = c.purl;
  row.name = c.name;
  row.version = c.version;
  row.supplier = c.supplier;
  row.licenses = nlohmann::json(c.licenses).dump();
  std::optional<match::ComponentRef> ref = match::component_of_sbom(c);
  if (ref) {
    row.ecosystem = ref->package.ecosystem;
    row.name = ref->package.name;
    row.version = ref->version;
  }
  return {std::move(row), std::move(ref)};
}

// Who may read a product's inventory (SBOMs, components, findings, and the
// product in impact answers): those who manage the provider's products and
// the provider's members. To anyone else the inventory does not exist (404;
// the product's public view says nothing about what it contains).
bool can_see_inventory(const domain::Actor& a, Id provider_org) {
  return domain::can_manage_products(a, provider_org) || a.member_of(provider_org);
}

// The product, if the caller may see its inventory (and, for a change,
// manage it: a member who may see but not change gets 403).
Result<domain::Product> inventory_product(store::ReadTx& tx, const Caller& c, Id product_id, bool change) {
  LD_ASSIGN_OR_RETURN(auto p, tx.product(product_id));
  if (!p || !can_see_inventory(c.actor, p->provider_org)) return Error::not_found("product");
  if (change && !domain::can_manage_products(c.actor, p->provider_org))
    return Error::denied("only the provider's admins and coordinators may change a product's inventory");
  return std::move(*p);
}

// Case findings carry a confidential case: they are kept only for callers
// who may see the case, and take the case's assessed grade (the index keeps
// ranges only). Advisory findings pass unchanged.
Status resolve_case_findings(store::ReadTx& tx, const Caller& c, std::vector<match::Finding>& fs) {
  std::map<Id, std::optional<std::optional<assessment::Grade>>> cases;  // nullopt: not visible
  for (auto& f : fs) {
    if (f.source != match::FindingSource::case_range) continue;
    auto [it, added] = cases.try_emplace(f.case_id);
    if (added) {
      auto vc = visible_case(tx, c.actor, f.case_id);
      if (vc.ok()) it->second = vc->first.assessment.grade;
      else if (vc.error().kind() != ErrorKind::not_found) return vc.error();
    }
    if (it->second) f.grade = *it->second;
  }
  std::erase_if(fs, [&](const match::Finding& f) {
    return f.source == match::FindingSource::case_range && !cases[f.case_id];
  });
  return {};
}

// A case past confirmation owes the customers of every affected product
// version a notice, including versions found affected later.
bool notices_owed(domain::CaseState s) {
  return s == domain::CaseState::confirmed || s == domain::CaseState::fixing || s == domain::CaseState::fixed;
}

// A range must speak its package's version scheme, in versions that scheme
// can read: "vers:npm/<2" for a Maven package, or "<zz" for Go, would match
// nothing and say so with a silent empty answer.
Status check_range(const match::RangeQuery& q) {
  if (!q.range) return {};
  const versions::VersionScheme* s = versions::scheme_for(q.package.ecosystem);
  if (!s) return {};  // no ordering known: containment answers "unknown", never "no"
  if (q.range->scheme != s->name())
    return Error::field("range", "wrong_scheme",
                        "a " + q.package.ecosystem + " package needs a vers:" + std::string(s->name()) +
                            "/ range, not vers:" + q.range->scheme + "/");
  for (const auto& k : q.range->constraints) {
    if (k.comparator == "*") continue;
    if (auto st = s->validate(k.version); !st.ok())
      return Error::field("range", "bad_version", "\"" + k.version + "\" is not a " + std::string(s->name()) +
                                                      " version: " + st.error().message());
  }
  return {};
}

Result<match::RangeQuery> range_query(const std::string& purl, const std::string& range) {
  if (purl.empty()) return Error::field("purl", "required", "a package URL such as pkg:maven/group/artifact");
  LD_ASSIGN_OR_RETURN(auto q, match::parse_range_query(purl, range));
  LD_RETURN_IF_ERROR(check_range(q));
  return q;
}

Status check_version(const std::string& v) {
  if (v.empty() || v.size() > 200) return Error::field("version", "bad_value", "a product version of 1-200 characters");
  return {};
}

}  // namespace

Inventory::Inventory(Context& ctx) : ctx_(ctx), index_(std::make_unique<match::Index>()) {}
Inventory::~Inventory() = default;

Status Inventory::load() {
  // An import that stopped (a failure, a crash) may have left the search
  // keys of its last records pending: index them now. Searches find them
  // either way, so a store that cannot be written to just stays as it is.
  if (auto pending = ctx_.store.read([](store::ReadTx& tx) { return tx.pending_advisory_keys(); });
      pending.ok() && *pending > 0)
    (void)ctx_.store.write([](store::WriteTx& tx) { return tx.index_advisory_keys(); });
  std::int64_t head = 0;
  Status st = ctx_.store.read([&](store::ReadTx& tx) -> Result<bool> {
    // The feed's head in the same snapshot as the scan: catch_up starts
    // after what this load saw.
    LD_ASSIGN_OR_RETURN(head, tx.match_change_head());
    LD_RETURN_IF_ERROR(tx.scan_advisories([&](const store::AdvisoryRow& r) {
      // A stored record was valid when imported; one a newer reader refuses
      // is left out of matching rather than failing the start.
      if (auto a = parse_row(r); a.ok()) index_->put_advisory(*a);
      return true;
    }));
    LD_RETURN_IF_ERROR(tx.scan_components([&](const store::SbomRow& s, const std::vector<store::ComponentRow>& cs) {
      std::vector<match::ComponentRef> refs;
      refs.reserve(cs.size());
      for (const auto& c : cs)
        if (!c.ecosystem.empty()) refs.push_back(ref_of(c));
      index_->put_product_version({s.product_id, s.version}, refs);
      return true;
    }));
    LD_ASSIGN_OR_RETURN(auto ccs, tx.all_case_components());
    std::map<Id, std::vector<match::CaseComponent>> by_case;
    for (const auto& c : ccs) by_case[c.case_id].push_back({c.purl, c.range});
    for (const auto& [id, list] : by_case) index_->put_case(id, list);
    return true;
  }).status();
  // The index defers sorting to the next query: do it at start, not in the
  // first request (seconds at OSV's scale).
  if (st.ok()) {
    index_->refresh();
    applied_seq_ = head;
  }
  return st;
}

Result<Inventory*> inventory_for(Context& ctx) {
  static std::mutex mu;
  static std::map<store::Store*, std::unique_ptr<Inventory>> all;
  std::lock_guard lk(mu);
  auto it = all.find(&ctx.store);
  if (it != all.end()) return it->second.get();
  auto inv = std::make_unique<Inventory>(ctx);
  LD_RETURN_IF_ERROR(inv->load());
  return all.emplace(&ctx.store, std::move(inv)).first->second.get();
}

Result<store::Page<store::AdvisoryRow>> Inventory::search_advisories(const Caller& c, store::AdvisoryFilter f) {
  if (c.actor.anonymous()) return Error::unauthenticated();
  if (f.limit < 1 || f.limit > 200) return Error::field("limit", "out_of_range", "limit must be 1-200");
  // Not indexed on its own (the package index is keyed by name first); a
  // silently ignored filter would list every ecosystem's advisories.
  if (!f.ecosystem.empty() && f.package.empty())
    return Error::field("ecosystem", "needs_package", "ecosystem filters only together with package");
  return ctx_.store.read([&](store::ReadTx& tx) { return tx.advisories(f); });
}

Result<std::pair<store::AdvisoryRow, formats::Advisory>> Inventory::advisory(const Caller& c,
                                                                             const std::string& id_or_alias) {
  if (c.actor.anonymous()) return Error::unauthenticated();
  return ctx_.store.read([&](store::ReadTx& tx) -> Result<std::pair<store::AdvisoryRow, formats::Advisory>> {
    LD_ASSIGN_OR_RETURN(auto row, tx.advisory(id_or_alias));
    if (!row) {
      store::AdvisoryFilter f;
      f.query = id_or_alias;
      f.limit = 1;
      LD_ASSIGN_OR_RETURN(auto page, tx.advisories(f));
      if (!page.items.empty()) {
        LD_ASSIGN_OR_RETURN(row, tx.advisory(page.items[0].id));
      }
    }
    if (!row) return Error::not_found("advisory " + id_or_alias);
    LD_ASSIGN_OR_RETURN(row->record, unpack_record(row->record));  // callers get the JSON text
    LD_ASSIGN_OR_RETURN(auto a, parse_row(*row));
    return std::pair{std::move(*row), std::move(a)};
  });
}

Result<SbomUpload> Inventory::upload_sbom(const Caller& c, Id product_id, const std::string& version,
                                          std::string_view sbom_json) {
  LD_RETURN_IF_ERROR(check_version(version));
  LD_ASSIGN_OR_RETURN(formats::Sbom sbom, formats::read_sbom(sbom_json));
  SbomUpload up;
  up.warnings = std::move(sbom.warnings);
  std::vector<store::ComponentRow> rows;
  std::vector<match::ComponentRef> refs;
  rows.reserve(sbom.components.size());
  refs.reserve(sbom.components.size());
  for (const auto& comp : sbom.components) {
    auto [row, ref] = map_component(comp);
    if (ref) refs.push_back(std::move(*ref));
    else ++up.unmatched;
    rows.push_back(std::move(row));
  }
  up.components = rows.size();
  up.sbom = store::SbomRow{0, product_id, version, sbom.format, sbom.spec_version, sbom.serial,
                           static_cast<std::int64_t>(rows.size()), ctx_.clock.now(),
                           c.actor.anonymous() ? std::nullopt : std::optional<std::int64_t>(c.actor.user_id)};
  // A confirmed case whose component this SBOM holds owes the product's
  // customers a notice (R-FIX-NOTIFY), as when the case was confirmed.
  const std::vector<Id> cases = index_->cases_affecting(refs);
  LD_ASSIGN_OR_RETURN(up.sbom.id, ctx_.store.write([&](store::WriteTx& tx) -> Result<std::int64_t> {
    LD_ASSIGN_OR_RETURN(auto product, inventory_product(tx, c, product_id, true));
    // An SBOM for a version the product does not list adds the version, and
    // the answer says so: a product page must not hide a version whose
    // components are matched (issue 11's defect list).
    if (std::find(product.versions.begin(), product.versions.end(), version) == product.versions.end()) {
      product.versions.push_back(version);
      product.updated_at = up.sbom.uploaded_at;
      LD_RETURN_IF_ERROR(tx.update_product(product));
      up.version_added = true;
    }
    LD_ASSIGN_OR_RETURN(std::int64_t id, tx.put_sbom(up.sbom, rows));
    for (Id case_id : cases) {
      LD_ASSIGN_OR_RETURN(auto cs, tx.get_case(case_id));
      if (!cs || !notices_owed(cs->state)) continue;
      LD_ASSIGN_OR_RETURN(auto effects, record_confirmed_case_effects(tx, case_id, ctx_.clock.now()));
      if (effects.notices.empty()) continue;
      up.user_notices_added += effects.notices.size();
      nlohmann::json data{{"product_id", product_id}, {"version", version},
                          {"user_notices_added", effects.notices.size()}};
      LD_RETURN_IF_ERROR(
          add_event(tx, c, ctx_.clock.now(), "case", case_id, "sbom_notices", "", "", "", data.dump()).status());
      LD_RETURN_IF_ERROR(
          notify_user_notice_owed(tx, ctx_, ctx_.clock.now(), *cs, static_cast<int>(effects.notices.size())));
    }
    return id;
  }));
  index_->put_product_version({product_id, version}, refs);
  // Place the new component versions now, not at the next query: the
  // upload is what should pay for its SBOM (~10,000 versions: tens of ms).
  index_->refresh();
  return up;
}

Result<std::pair<store::SbomRow, std::vector<store::ComponentRow>>> Inventory::components(const Caller& c,
                                                                                         Id product_id,
                                                                                         const std::string& version) {
  return ctx_.store.read(
      [&](store::ReadTx& tx) -> Result<std::pair<store::SbomRow, std::vector<store::ComponentRow>>> {
        LD_RETURN_IF_ERROR(inventory_product(tx, c, product_id, false).status());
        LD_ASSIGN_OR_RETURN(auto s, tx.sbom(product_id, version));
        if (!s) return Error::not_found("SBOM of this product version");
        LD_ASSIGN_OR_RETURN(auto cs, tx.components(s->id));
        return std::pair{std::move(*s), std::move(cs)};
      });
}

Result<std::vector<ProductFindings>> Inventory::findings(const Caller& c, Id product_id) {
  LD_ASSIGN_OR_RETURN(auto sboms, ctx_.store.read([&](store::ReadTx& tx) -> Result<std::vector<store::SbomRow>> {
    LD_RETURN_IF_ERROR(inventory_product(tx, c, product_id, false).status());
    return tx.sboms(product_id);
  }));
  std::vector<ProductFindings> out;
  for (const auto& s : sboms) {
    auto found = index_->findings({product_id, s.version});
    out.push_back({s.version, std::move(found.components), std::move(found.findings)});
  }
  LD_RETURN_IF_ERROR(ctx_.store.read([&](store::ReadTx& tx) -> Result<bool> {
    for (auto& pf : out) LD_RETURN_IF_ERROR(resolve_case_findings(tx, c, pf.findings));
    return true;
  }).status());
  for (auto& pf : out) {
    match::sort_findings(pf.findings, pf.components);
    match::merge_twin_findings(pf.findings, pf.components.size());
  }
  return out;
}

Result<ScanResult> Inventory::scan(std::string_view sbom_json) const {
  LD_ASSIGN_OR_RETURN(formats::Sbom sbom, formats::read_sbom(sbom_json));
  ScanResult r;
  r.format = sbom.format;
  r.spec_version = sbom.spec_version;
  r.warnings = std::move(sbom.warnings);
  r.components = sbom.components.size();
  match::Index::SbomMatch m = index_->match_sbom(sbom.components);
  r.matched = std::move(m.matched);
  r.unmatched = m.unmatched;
  r.findings = std::move(m.findings);
  match::sort_findings(r.findings, r.matched);
  match::merge_twin_findings(r.findings, r.matched.size());
  return r;
}

Result<ScanResult> Inventory::scan(const Caller& c, std::string_view sbom_json) const {
  if (c.actor.anonymous()) return Error::unauthenticated();
  LD_ASSIGN_OR_RETURN(ScanResult r, scan(sbom_json));
  LD_RETURN_IF_ERROR(ctx_.store.read([&](store::ReadTx& tx) -> Result<bool> {
    LD_RETURN_IF_ERROR(resolve_case_findings(tx, c, r.findings));  // keeps the order
    return true;
  }).status());
  return r;
}

Result<ImpactResult> Inventory::describe(store::ReadTx& tx, const Caller& c, std::string query,
                                         std::vector<match::ImpactHit> hits) {
  ImpactResult out;
  out.query = std::move(query);
  std::sort(hits.begin(), hits.end(), [](const match::ImpactHit& a, const match::ImpactHit& b) {
    if (a.product_version.product_id != b.product_version.product_id)
      return a.product_version.product_id < b.product_version.product_id;
    if (a.product_version.version != b.product_version.version)
      return a.product_version.version < b.product_version.version;
    return a.component.purl < b.component.purl;
  });
  std::map<Id, std::optional<domain::Product>> products;
  std::set<std::pair<Id, std::string>> pvs;
  for (auto& h : hits) {
    auto [it, added] = products.try_emplace(h.product_version.product_id);
    if (added) {
      LD_ASSIGN_OR_RETURN(it->second, tx.product(h.product_version.product_id));
    }
    if (!it->second) continue;  // a product removed since: nothing to tell anyone
    const domain::Product& p = *it->second;
    if (!can_see_inventory(c.actor, p.provider_org)) continue;  // another provider's inventory
    pvs.insert({p.id, h.product_version.version});
    ImpactEntry e{std::move(h), p.name, p.provider_org, {}};
    if (domain::can_see_customers(c.actor, p.provider_org)) e.customers = p.customers;
    out.entries.push_back(std::move(e));
  }
  out.product_versions = pvs.size();
  return out;
}

Result<ImpactResult> Inventory::impact_of_range(const Caller& c, const std::string& purl, const std::string& range) {
  if (c.actor.anonymous()) return Error::unauthenticated();
  LD_ASSIGN_OR_RETURN(match::RangeQuery q, range_query(purl, range));
  auto hits = index_->impact_of_range(q);
  std::string text = match::purl_of(q.package) + (q.range ? " " + versions::to_string(*q.range) : " (every version)");
  return ctx_.store.read([&](store::ReadTx& tx) { return describe(tx, c, text, std::move(hits)); });
}

Result<ImpactResult> Inventory::impact_of_advisory(const Caller& c, const std::string& id_or_alias) {
  if (c.actor.anonymous()) return Error::unauthenticated();
  if (id_or_alias.empty()) return Error::field("advisory", "required", "an advisory id or alias");
  // The record with this id, and every record that carries it as an alias
  // (GO-2021-0113 and the CVE 5 record of CVE-2021-38561 are one flaw).
  std::vector<std::string> ids;
  store::AdvisoryFilter f;
  f.query = id_or_alias;
  f.limit = 200;
  LD_ASSIGN_OR_RETURN(auto page, ctx_.store.read([&](store::ReadTx& tx) { return tx.advisories(f); }));
  for (const auto& r : page.items) ids.push_back(r.id);
  if (ids.empty()) return Error::not_found("advisory " + id_or_alias);
  std::vector<match::ImpactHit> hits;
  std::set<std::tuple<Id, std::string, std::string>> seen;  // one hit per product version and component
  std::string text;
  for (const auto& id : ids) {
    for (auto& h : index_->impact_of_advisory(id))
      if (seen.insert({h.product_version.product_id, h.product_version.version, h.component.purl}).second)
        hits.push_back(std::move(h));
    text += (text.empty() ? "" : ", ") + id;
  }
  return ctx_.store.read([&](store::ReadTx& tx) { return describe(tx, c, "advisory " + text, std::move(hits)); });
}

Result<std::vector<store::CaseComponentRow>> Inventory::case_components(const Caller& c, Id case_id) {
  return ctx_.store.read([&](store::ReadTx& tx) -> Result<std::vector<store::CaseComponentRow>> {
    LD_RETURN_IF_ERROR(visible_case(tx, c.actor, case_id).status());
    return tx.case_components(case_id);
  });
}

Result<std::vector<store::CaseComponentRow>> Inventory::set_case_components(
    const Caller& c, Id case_id, std::vector<store::CaseComponentRow> components) {
  std::vector<FieldError> errs;
  for (size_t i = 0; i < components.size(); ++i) {
    components[i].case_id = case_id;
    auto q = range_query(components[i].purl, components[i].range);
    if (!q.ok())
      errs.push_back({"components[" + std::to_string(i) + "]", "bad_value", q.error().message()});
  }
  if (components.size() > 500) errs.push_back({"components", "too_many", "at most 500 components per case"});
  if (!errs.empty()) return Error::from_fields(std::move(errs));
  LD_RETURN_IF_ERROR(ctx_.store.write([&](store::WriteTx& tx) -> Result<bool> {
    LD_ASSIGN_OR_RETURN(auto vc, visible_case(tx, c.actor, case_id));
    if (!domain::can_assess(c.actor, vc.second)) return Error::denied("you may not change this case's components");
    LD_RETURN_IF_ERROR(tx.set_case_components(case_id, components));
    nlohmann::json data{{"components", components.size()}};
    // Components named after confirmation still owe their customers a
    // notice (R-FIX-NOTIFY): record the effects again (idempotent: a
    // pending notice already there is not added twice).
    if (notices_owed(vc.first.state)) {
      LD_ASSIGN_OR_RETURN(auto effects, record_confirmed_case_effects(tx, case_id, ctx_.clock.now()));
      data["user_notices_added"] = effects.notices.size();
    }
    LD_RETURN_IF_ERROR(
        add_event(tx, c, ctx_.clock.now(), "case", case_id, "components", "", "", "", data.dump()).status());
    return true;
  }).status());
  std::vector<match::CaseComponent> cc;
  for (const auto& x : components) cc.push_back({x.purl, x.range});
  index_->put_case(case_id, cc);
  return components;
}

Result<ImpactResult> Inventory::case_impact(const Caller& c, Id case_id) {
  return ctx_.store.read([&](store::ReadTx& tx) -> Result<ImpactResult> {
    LD_ASSIGN_OR_RETURN(auto vc, visible_case(tx, c.actor, case_id));
    LD_ASSIGN_OR_RETURN(ImpactResult r, describe(tx, c, "case " + vc.first.ref, index_->impact_of_case(case_id)));
    // R-UPSTREAM: whom to tell upstream: the provider recorded on the case,
    // and the suppliers the listed products' SBOMs name for the component.
    std::set<std::string> providers;
    if (const auto& up = vc.first.upstream) {
      if (!up->provider_name.empty()) providers.insert(up->provider_name);
      if (up->provider_org) {
        LD_ASSIGN_OR_RETURN(auto o, tx.org(*up->provider_org));
        if (o) providers.insert(o->name);
      }
    }
    std::set<std::tuple<Id, std::string, std::string>> listed;
    for (const auto& e : r.entries)
      listed.insert({e.hit.product_version.product_id, e.hit.product_version.version, e.hit.component.purl});
    LD_ASSIGN_OR_RETURN(auto comps, tx.case_components(case_id));
    for (const auto& cc : comps) {
      auto q = match::parse_range_query(cc.purl, cc.range);
      if (!q.ok()) continue;
      LD_ASSIGN_OR_RETURN(auto held, tx.components_of_package(q->package.ecosystem, q->package.name));
      for (const auto& [sbom, comp] : held)
        if (!comp.supplier.empty() && listed.count({sbom.product_id, sbom.version, comp.purl}))
          providers.insert(comp.supplier);
    }
    r.upstream_providers.assign(providers.begin(), providers.end());
    LD_ASSIGN_OR_RETURN(auto pending, tx.pending_user_notices(case_id));
    std::map<Id, bool> manages;
    for (auto& n : pending) {
      auto [it, added] = manages.try_emplace(n.product_id, false);
      if (added) {
        LD_ASSIGN_OR_RETURN(auto p, tx.product(n.product_id));
        it->second = p && domain::can_manage_products(c.actor, p->provider_org);
      }
      if (it->second) r.pending_user_notices.push_back(std::move(n));
    }
    return r;
  });
}

Result<ConfirmedEffects> record_confirmed_case_effects(store::WriteTx& tx, Id case_id, Time now) {
  ConfirmedEffects out;
  LD_ASSIGN_OR_RETURN(auto cs, tx.get_case(case_id));
  if (!cs) return Error::not_found("case");
  std::set<std::string> providers;
  if (cs->upstream) {
    if (!cs->upstream->provider_name.empty()) providers.insert(cs->upstream->provider_name);
    if (cs->upstream->provider_org) {
      LD_ASSIGN_OR_RETURN(auto o, tx.org(*cs->upstream->provider_org));
      if (o) providers.insert(o->name);
    }
  }
  LD_ASSIGN_OR_RETURN(auto comps, tx.case_components(case_id));
  std::map<Id, std::optional<domain::Product>> products;
  std::set<std::pair<Id, std::string>> seen;
  for (const auto& cc : comps) {
    auto q = match::parse_range_query(cc.purl, cc.range);
    if (!q.ok()) continue;  // validated when set; a rule change must not block confirmation
    LD_ASSIGN_OR_RETURN(auto held, tx.components_of_package(q->package.ecosystem, q->package.name));
    for (const auto& [sbom, comp] : held) {
      if (q->range) {
        auto r = versions::contains(*q->range, match::match_version(comp.ecosystem, comp.version));
        if (!r.ok() || *r != versions::Containment::yes) continue;  // unknown: listed by case_impact, not notified
      }
      if (!comp.supplier.empty()) providers.insert(comp.supplier);
      auto [it, added] = products.try_emplace(sbom.product_id);
      if (added) {
        LD_ASSIGN_OR_RETURN(it->second, tx.product(sbom.product_id));
      }
      if (!it->second) continue;
      if (!seen.insert({sbom.product_id, sbom.version}).second) continue;
      out.affected.push_back({sbom.product_id, it->second->name, sbom.version, comp.purl, comp.supplier});
      for (const auto& cu : it->second->customers) {
        store::PendingUserNotice n{0, case_id, sbom.product_id, sbom.version, cu.name, cu.contact, cu.org_id, now};
        LD_ASSIGN_OR_RETURN(n.id, tx.add_pending_user_notice(n));
        if (n.id != 0) out.notices.push_back(std::move(n));
      }
    }
  }
  out.upstream_providers.assign(providers.begin(), providers.end());
  return out;
}

std::pair<std::string, std::string> split_purl_range(const std::string& text) {
  // The version separator is the last '@' before any '?' or '#'; a range
  // starts with "vers:" or a comparator/operator character.
  size_t end = text.find_first_of("?#");
  size_t at = text.rfind('@', end == std::string::npos ? std::string::npos : end);
  if (at == std::string::npos || at < 4) return {text, ""};
  std::string rest = text.substr(at + 1);
  if (rest.rfind("vers:", 0) == 0 || (!rest.empty() && std::string_view("<>=!~^*[(").find(rest[0]) != std::string_view::npos) ||
      rest.find_first_of(" ,|") != std::string::npos)
    return {text.substr(0, at), rest};
  return {text, ""};
}

}  // namespace loudong::services
