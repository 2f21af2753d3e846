#include "match/index.h"

#include <algorithm>
#include <mutex>

#include "assessment/cvss.h"

namespace loudong::match {

std::string_view verdict_name(Verdict v) { return v == Verdict::affected ? "affected" : "unknown"; }

std::optional<assessment::Grade> advisory_grade(const formats::Advisory& a) {
  std::optional<assessment::Grade> best;
  auto consider = [&](const formats::Severity& s) {
    std::optional<double> base;
    if (s.type == "CVSS_V3") {
      if (auto r = assessment::score_cvss31(s.score); r.ok()) base = r->base_score;
    } else if (s.type == "CVSS_V4") {
      if (auto r = assessment::score_cvss40(s.score); r.ok()) base = r->base_score;
    }
    if (!base) return;
    auto g = assessment::grade_from_cvss_base(*base);
    // Grade's enum runs from critical (0) to low (3): smaller is graver.
    if (g && (!best || static_cast<int>(*g) < static_cast<int>(*best))) best = g;
  };
  for (const auto& s : a.severity) consider(s);
  for (const auto& af : a.affected)
    for (const auto& s : af.severity) consider(s);
  return best;
}

Result<RangeQuery> parse_range_query(std::string_view purl, std::string_view range) {
  auto p = versions::parse_purl(purl, versions::PurlMode::lenient);
  if (!p.ok()) return std::move(p).error().under("purl");
  auto pkg = package_of_purl(*p);
  if (!pkg.ok()) return std::move(pkg).error().under("purl");
  RangeQuery q{std::move(*pkg), std::nullopt};
  const versions::VersionScheme* scheme = versions::scheme_for(q.package.ecosystem);
  std::string scheme_name = scheme ? std::string(scheme->name()) : "generic";
  if (!range.empty()) {
    if (range.size() > 5 && (range.substr(0, 5) == "vers:" || range.substr(0, 5) == "VERS:")) {
      auto v = versions::parse_vers(range);
      if (!v.ok()) return std::move(v).error().under("range");
      q.range = std::move(*v);
    } else {
      auto v = versions::from_native(q.package.ecosystem, range);
      if (!v.ok()) return std::move(v).error().under("range");
      q.range = std::move(*v);
    }
    if (!p->version.empty()) return Error::invalid("give either a version in the purl or a range, not both");
  } else if (!p->version.empty()) {
    q.range = versions::VersRange{scheme_name, {{"=", match_version(q.package.ecosystem, p->version)}}};
  }
  return q;
}

namespace {

using PkgId = std::uint32_t;
using PvId = std::uint32_t;
constexpr std::uint32_t kNone = 0xffffffffu;

struct AdvEntry {
  AdvisorySummary info;
  std::vector<formats::Affected> affected;  // stripped of display-only fields
  std::vector<PkgId> pkg_of_affected;       // parallel to affected; kNone when unmapped
  bool live = false;                        // false: removed (slot kept so ids stay stable)
};

struct CaseRange {
  std::int64_t case_id;
  std::string text;                     // range as written, for the reason
  std::optional<versions::VersRange> range;  // nullopt: every version
};

struct Package {
  PackageRef ref;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> entries;  // (advisory slot, affected index)
  std::vector<CaseRange> cases;
  std::vector<std::string> versions;                // distinct component versions
  std::unordered_map<std::string, std::uint32_t> version_ids;
  std::vector<std::vector<PvId>> holders;           // per version: product versions holding it
  std::vector<std::string> purls;                   // per version: the purl it was first seen with
};

struct Pv {
  ProductVersionKey key;
  std::vector<std::pair<PkgId, std::uint32_t>> components;  // (package, version id)
  bool live = false;
};

std::string pv_key(const ProductVersionKey& k) { return std::to_string(k.product_id) + '\x1f' + k.version; }

// A short "why" for a yes: the entry's ranges as OSV events.
std::string describe(const formats::Affected& a, std::string_view version) {
  if (std::find(a.versions.begin(), a.versions.end(), version) != a.versions.end())
    return "listed in affected versions";
  std::string out;
  for (const auto& r : a.ranges) {
    if (!out.empty()) out += "; ";
    out += std::string(formats::range_type_name(r.type)) + " ";
    bool first = true;
    for (const auto& e : r.events) {
      out += (first ? "" : ", ") + std::string(formats::event_kind_name(e.kind)) + " " + e.value;
      first = false;
    }
  }
  return out;
}

struct Eval {
  Verdict verdict;
  std::string reason;
};

std::optional<Eval> eval_entry(const formats::Affected& a, const std::string& version) {
  std::string why;
  formats::Affects r = formats::affects(a, version, &why);
  if (r == formats::Affects::no) return std::nullopt;
  if (r == formats::Affects::yes) return Eval{Verdict::affected, describe(a, version)};
  return Eval{Verdict::unknown, "not evaluated: " + why};
}

std::optional<Eval> eval_range(const std::optional<versions::VersRange>& range, const std::string& text,
                               const std::string& version) {
  if (!range) return Eval{Verdict::affected, "every version"};
  std::string why;
  auto r = versions::contains(*range, version, &why);
  if (!r.ok()) return Eval{Verdict::unknown, "not evaluated: " + r.error().message()};
  if (*r == versions::Containment::no) return std::nullopt;
  if (*r == versions::Containment::yes) return Eval{Verdict::affected, "in " + (text.empty() ? to_string(*range) : text)};
  return Eval{Verdict::unknown, "not evaluated: " + why};
}

formats::Affected strip(const formats::Affected& a) {
  formats::Affected s;
  s.package = a.package;
  s.ranges = a.ranges;
  for (auto& r : s.ranges) r.database_specific.clear();
  s.versions = a.versions;
  return s;
}

}  // namespace

struct Index::Impl {
  std::vector<AdvEntry> advs;
  std::unordered_map<std::string, std::uint32_t> adv_ids;
  std::vector<Package> pkgs;
  std::unordered_map<std::string, PkgId> pkg_ids;
  std::vector<Pv> pvs;
  std::unordered_map<std::string, PvId> pv_ids;
  std::unordered_map<std::int64_t, std::vector<PkgId>> case_pkgs;

  PkgId intern(const PackageRef& ref) {
    std::string key = package_key(ref.ecosystem, ref.name);
    auto [it, added] = pkg_ids.try_emplace(std::move(key), static_cast<PkgId>(pkgs.size()));
    if (added) pkgs.push_back(Package{PackageRef{std::string(ecosystem_base(ref.ecosystem)), ref.name}, {}, {}, {}, {}, {}, {}});
    return it->second;
  }
  const Package* find(const PackageRef& ref) const {
    auto it = pkg_ids.find(package_key(ref.ecosystem, ref.name));
    return it == pkg_ids.end() ? nullptr : &pkgs[it->second];
  }

  void unlink_advisory(std::uint32_t slot) {
    AdvEntry& e = advs[slot];
    for (PkgId p : e.pkg_of_affected) {
      if (p == kNone) continue;
      auto& v = pkgs[p].entries;
      v.erase(std::remove_if(v.begin(), v.end(), [&](const auto& x) { return x.first == slot; }), v.end());
    }
    e.live = false;
    e.affected.clear();
    e.pkg_of_affected.clear();
  }

  void unlink_pv(PvId id) {
    Pv& pv = pvs[id];
    for (auto [p, v] : pv.components) {
      auto& h = pkgs[p].holders[v];
      if (auto it = std::find(h.begin(), h.end(), id); it != h.end()) h.erase(it);
    }
    pv.components.clear();
    pv.live = false;
  }

  // Every (component version, verdict) of a package that an evaluator
  // accepts, expanded to its holders.
  template <class F>
  void hits_in(const Package& pkg, F evaluate, std::vector<ImpactHit>& out) const {
    for (std::uint32_t v = 0; v < pkg.versions.size(); ++v) {
      if (pkg.holders[v].empty()) continue;
      std::optional<Eval> ev = evaluate(pkg.versions[v]);
      if (!ev) continue;
      for (PvId id : pkg.holders[v]) {
        const Pv& pv = pvs[id];
        out.push_back(ImpactHit{pv.key, ComponentRef{pkg.ref, pkg.versions[v], pkg.purls[v]}, ev->verdict, ev->reason});
      }
    }
  }

  void match_one(const ComponentRef& c, std::vector<Finding>& out) const {
    const Package* pkg = find(c.package);
    if (!pkg) return;
    for (auto [slot, ai] : pkg->entries) {
      const AdvEntry& e = advs[slot];
      if (e.info.withdrawn) continue;
      auto ev = eval_entry(e.affected[ai], c.version);
      if (!ev) continue;
      out.push_back(Finding{c, "advisory", e.info.id, 0, ev->verdict, std::move(ev->reason), e.info.grade});
    }
    for (const auto& cr : pkg->cases) {
      auto ev = eval_range(cr.range, cr.text, c.version);
      if (!ev) continue;
      out.push_back(Finding{c, "case", "", cr.case_id, ev->verdict, std::move(ev->reason), std::nullopt});
    }
  }
};

Index::Index() : impl_(std::make_unique<Impl>()) {}
Index::~Index() = default;

void Index::put_advisory(const formats::Advisory& a) {
  AdvEntry e;
  e.info = AdvisorySummary{a.id, a.aliases, a.summary, advisory_grade(a), a.withdrawn.has_value()};
  e.live = true;
  for (const auto& af : a.affected) e.affected.push_back(strip(af));
  std::unique_lock lk(mu_);
  Impl& m = *impl_;
  auto [it, added] = m.adv_ids.try_emplace(a.id, static_cast<std::uint32_t>(m.advs.size()));
  std::uint32_t slot = it->second;
  if (added) m.advs.emplace_back();
  else m.unlink_advisory(slot);
  for (std::uint32_t i = 0; i < e.affected.size(); ++i) {
    const auto& pk = e.affected[i].package;
    PackageRef ref{pk.ecosystem, pk.name};
    if (ref.ecosystem.empty() && !pk.purl.empty()) {
      // A purl-only package (CVE 5 records may give just a purl).
      if (auto p = versions::parse_purl(pk.purl, versions::PurlMode::lenient); p.ok())
        if (auto r = package_of_purl(*p); r.ok()) ref = *r;
    }
    if (ref.ecosystem.empty() || ref.name.empty()) {
      e.pkg_of_affected.push_back(kNone);
      continue;
    }
    PkgId p = m.intern(ref);
    e.pkg_of_affected.push_back(p);
    m.pkgs[p].entries.emplace_back(slot, i);
  }
  m.advs[slot] = std::move(e);
}

void Index::remove_advisory(const std::string& id) {
  std::unique_lock lk(mu_);
  auto it = impl_->adv_ids.find(id);
  if (it != impl_->adv_ids.end()) impl_->unlink_advisory(it->second);
}

std::optional<AdvisorySummary> Index::advisory(const std::string& id) const {
  std::shared_lock lk(mu_);
  auto it = impl_->adv_ids.find(id);
  if (it == impl_->adv_ids.end() || !impl_->advs[it->second].live) return std::nullopt;
  return impl_->advs[it->second].info;
}

void Index::put_product_version(const ProductVersionKey& key, const std::vector<ComponentRef>& components) {
  std::unique_lock lk(mu_);
  Impl& m = *impl_;
  auto [it, added] = m.pv_ids.try_emplace(pv_key(key), static_cast<PvId>(m.pvs.size()));
  PvId id = it->second;
  if (added) m.pvs.push_back(Pv{key, {}, false});
  else m.unlink_pv(id);
  Pv& pv = m.pvs[id];
  pv.live = true;
  for (const auto& c : components) {
    if (c.package.ecosystem.empty() || c.package.name.empty()) continue;
    PkgId p = m.intern(c.package);
    Package& pkg = m.pkgs[p];
    auto [vit, vadded] = pkg.version_ids.try_emplace(c.version, static_cast<std::uint32_t>(pkg.versions.size()));
    if (vadded) {
      pkg.versions.push_back(c.version);
      pkg.holders.emplace_back();
      pkg.purls.push_back(c.purl);
    }
    auto& h = pkg.holders[vit->second];
    // An SBOM may list one component twice; one holder entry is enough.
    if (h.empty() || h.back() != id) h.push_back(id);
    pv.components.emplace_back(p, vit->second);
  }
}

void Index::remove_product_version(const ProductVersionKey& key) {
  std::unique_lock lk(mu_);
  auto it = impl_->pv_ids.find(pv_key(key));
  if (it != impl_->pv_ids.end()) impl_->unlink_pv(it->second);
}

void Index::put_case(std::int64_t case_id, const std::vector<CaseComponent>& components) {
  std::vector<std::pair<PackageRef, CaseRange>> parsed;
  for (const auto& c : components) {
    auto q = parse_range_query(c.purl, c.range);
    if (!q.ok()) continue;
    parsed.push_back({q->package, CaseRange{case_id, c.range, q->range}});
  }
  std::unique_lock lk(mu_);
  Impl& m = *impl_;
  for (PkgId p : m.case_pkgs[case_id]) {
    auto& v = m.pkgs[p].cases;
    v.erase(std::remove_if(v.begin(), v.end(), [&](const CaseRange& r) { return r.case_id == case_id; }), v.end());
  }
  m.case_pkgs.erase(case_id);
  for (auto& [ref, cr] : parsed) {
    PkgId p = m.intern(ref);
    m.pkgs[p].cases.push_back(std::move(cr));
    m.case_pkgs[case_id].push_back(p);
  }
}

std::vector<Finding> Index::match(const std::vector<ComponentRef>& components) const {
  std::shared_lock lk(mu_);
  std::vector<Finding> out;
  for (const auto& c : components) impl_->match_one(c, out);
  return out;
}

std::vector<Finding> Index::findings(const ProductVersionKey& key) const {
  std::shared_lock lk(mu_);
  const Impl& m = *impl_;
  std::vector<Finding> out;
  auto it = m.pv_ids.find(pv_key(key));
  if (it == m.pv_ids.end()) return out;
  const Pv& pv = m.pvs[it->second];
  for (size_t i = 0; i < pv.components.size(); ++i) {
    const Package& pkg = m.pkgs[pv.components[i].first];
    std::uint32_t v = pv.components[i].second;
    m.match_one(ComponentRef{pkg.ref, pkg.versions[v], pkg.purls[v]}, out);
  }
  return out;
}

std::vector<ImpactHit> Index::impact_of_advisory(const std::string& id, bool* found) const {
  std::shared_lock lk(mu_);
  const Impl& m = *impl_;
  std::vector<ImpactHit> out;
  auto it = m.adv_ids.find(id);
  if (found) *found = it != m.adv_ids.end() && m.advs[it->second].live;
  if (it == m.adv_ids.end()) return out;
  const AdvEntry& e = m.advs[it->second];
  if (!e.live || e.info.withdrawn) return out;
  for (size_t i = 0; i < e.affected.size(); ++i) {
    if (e.pkg_of_affected[i] == kNone) continue;
    const auto& af = e.affected[i];
    m.hits_in(m.pkgs[e.pkg_of_affected[i]], [&](const std::string& v) { return eval_entry(af, v); }, out);
  }
  return out;
}

std::vector<ImpactHit> Index::impact_of_range(const RangeQuery& q) const {
  std::shared_lock lk(mu_);
  std::vector<ImpactHit> out;
  const Package* pkg = impl_->find(q.package);
  if (!pkg) return out;
  std::string text = q.range ? to_string(*q.range) : "";
  impl_->hits_in(*pkg, [&](const std::string& v) { return eval_range(q.range, text, v); }, out);
  return out;
}

std::vector<ImpactHit> Index::impact_of_case(std::int64_t case_id) const {
  std::shared_lock lk(mu_);
  const Impl& m = *impl_;
  std::vector<ImpactHit> out;
  auto it = m.case_pkgs.find(case_id);
  if (it == m.case_pkgs.end()) return out;
  std::vector<PkgId> seen;
  for (PkgId p : it->second) {
    if (std::find(seen.begin(), seen.end(), p) != seen.end()) continue;
    seen.push_back(p);
    for (const auto& cr : m.pkgs[p].cases) {
      if (cr.case_id != case_id) continue;
      m.hits_in(m.pkgs[p], [&](const std::string& v) { return eval_range(cr.range, cr.text, v); }, out);
    }
  }
  return out;
}

RematchStats Index::rematch_all() const {
  std::shared_lock lk(mu_);
  const Impl& m = *impl_;
  RematchStats st;
  for (const Package& pkg : m.pkgs) {
    if (pkg.versions.empty() || pkg.entries.empty()) continue;
    for (auto [slot, ai] : pkg.entries) {
      const AdvEntry& e = m.advs[slot];
      if (e.info.withdrawn) continue;
      for (std::uint32_t v = 0; v < pkg.versions.size(); ++v) {
        if (pkg.holders[v].empty()) continue;
        ++st.evaluations;
        std::string why;
        formats::Affects r = formats::affects(e.affected[ai], pkg.versions[v], &why);
        if (r == formats::Affects::yes) st.affected_instances += pkg.holders[v].size();
        else if (r == formats::Affects::unknown) st.unknown_instances += pkg.holders[v].size();
      }
    }
  }
  return st;
}

IndexStats Index::stats() const {
  std::shared_lock lk(mu_);
  const Impl& m = *impl_;
  IndexStats s;
  std::size_t bytes = 0;
  auto str = [](const std::string& x) { return sizeof(std::string) + (x.capacity() > 15 ? x.capacity() + 1 : 0); };
  for (const auto& e : m.advs) {
    if (!e.live) continue;
    ++s.advisories;
    if (e.info.withdrawn) ++s.withdrawn;
    s.affected_entries += e.affected.size();
    bytes += sizeof(AdvEntry) + str(e.info.id) + str(e.info.summary);
    for (const auto& a : e.info.aliases) bytes += str(a);
    for (const auto& af : e.affected) {
      bytes += sizeof(formats::Affected) + str(af.package.name) + str(af.package.ecosystem) + str(af.package.purl);
      for (const auto& v : af.versions) bytes += str(v);
      for (const auto& r : af.ranges) {
        bytes += sizeof(formats::Range) + str(r.repo);
        for (const auto& ev : r.events) bytes += sizeof(formats::Event) + str(ev.value);
      }
    }
    bytes += e.pkg_of_affected.capacity() * sizeof(PkgId);
  }
  s.packages = m.pkgs.size();
  for (const auto& p : m.pkgs) {
    bytes += sizeof(Package) + str(p.ref.name) + p.entries.capacity() * 8 + 64;  // + key in pkg_ids
    for (const auto& v : p.versions) bytes += 2 * str(v) + 48;                    // + version_ids node
    for (const auto& u : p.purls) bytes += str(u);
    for (const auto& h : p.holders) bytes += sizeof(h) + h.capacity() * sizeof(PvId);
    s.distinct_component_versions += p.versions.size();
    s.case_ranges += p.cases.size();
  }
  for (const auto& pv : m.pvs) {
    if (!pv.live) continue;
    ++s.product_versions;
    s.component_instances += pv.components.size();
    bytes += sizeof(Pv) + pv.components.capacity() * 8 + str(pv.key.version);
  }
  s.approx_bytes = bytes + m.adv_ids.size() * 64;
  return s;
}

}  // namespace loudong::match
