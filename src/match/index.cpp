#include "match/index.h"

#include <algorithm>
#include <atomic>
#include <iterator>
#include <mutex>
#include <thread>

#include "assessment/cvss.h"
#include "core/two_threads.h"
#include "match/compiled.h"
#include "match/flat_ids.h"
#include "match/stab.h"

namespace loudong::match {

std::string_view verdict_name(Verdict v) { return v == Verdict::affected ? "affected" : "unknown"; }

std::string_view finding_source_name(FindingSource s) { return s == FindingSource::advisory ? "advisory" : "case"; }

const std::string& Finding::advisory_id() const {
  static const std::string none;
  return advisory ? advisory->id : none;
}

std::string_view Finding::reason() const {
  if (!note.empty() || !advisory || affected >= advisory->affected_texts.size()) return note;
  return advisory->affected_texts[affected];
}

void set_id_prefix(AdvisorySummary& s) {
  for (std::size_t half = 0; half < 2; ++half) {
    std::uint64_t v = 0;
    for (std::size_t i = half * 8; i < half * 8 + 8; ++i)
      v = v << 8 | (i < s.id.size() ? static_cast<unsigned char>(s.id[i]) : 0u);
    s.id_prefix[half] = v;
  }
}

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
  std::shared_ptr<AdvisorySummary> info;  // shared with findings
  bool withdrawn = false;                 // info->withdrawn, without a pointer to follow
  std::vector<PkgId> pkgs;  // packages holding its compiled entries
  bool live = false;        // false: removed (slot kept so ids stay stable)
};

struct CaseRange {
  std::int64_t case_id;
  std::string text;                          // range as written, for the reason
  std::optional<versions::VersRange> range;  // nullopt: every version
};

// A distinct component version of a package and the product versions holding it.
struct Held {
  VersionId version = 0;
  std::string purl;  // the purl it was first seen with
  std::vector<PvId> holders;
};

struct Package {
  std::string key;  // package_key(), the index's name for it
  PackageRef ref;
  VersionTable versions;
  Orderings orders;
  std::vector<CompiledEntry> entries;
  std::vector<CaseRange> cases;
  std::vector<Held> held;
  std::vector<VersionId> held_versions;                  // held[i].version, to note in a new ordering
  std::unordered_map<VersionId, std::uint32_t> held_of;  // version id -> index in held
  // Lookup, rebuilt when entries change or an ordering relabels: per
  // ordering the yes-intervals of every entry; the entries some range of
  // which decides nothing (GIT, unknown scheme, bad event), asked always;
  // (listed version, entry) pairs, sorted.
  std::vector<StabIndex> stab;
  std::vector<std::uint64_t> stab_generation;
  std::vector<std::uint32_t> irregular;
  std::vector<std::pair<VersionId, std::uint32_t>> listed;
  bool dirty = false;
  bool unfinished = false;       // some entries wait for finish()
  bool entries_changed = false;  // the lookup is stale
};

struct Pv {
  ProductVersionKey key;
  std::vector<std::pair<PkgId, std::uint32_t>> components;  // (package, index in its held)
  bool live = false;
};

std::string pv_key(const ProductVersionKey& k) { return std::to_string(k.product_id) + '\x1f' + k.version; }

struct Eval {
  Verdict verdict;
  std::string reason;
};

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

// A version of one package as a query sees it: its text, its id when the
// package's table has it, and its position in each of the package's orderings.
struct Probe {
  const std::string* text = nullptr;
  bool have_id = false;
  VersionId id = 0;
  std::vector<Position> positions;

  // version_hash: FlatIds::hash(version).
  Probe(const Package& pkg, const std::string& version, std::uint64_t version_hash) : text(&version) {
    have_id = pkg.versions.find(version, version_hash, &id);
    positions.resize(pkg.orders.size());
    for (std::size_t k = 0; k < pkg.orders.size(); ++k) {
      const Ordering& o = pkg.orders[k];
      positions[k] = have_id && o.decided(id) ? o.position(id) : o.position_of_text(pkg.versions, version);
    }
  }
  bool listed(const CompiledEntry& e) const {
    return have_id && !e.listed.empty() && std::binary_search(e.listed.begin(), e.listed.end(), id);
  }
};

std::optional<Eval> eval_entry(const Package& pkg, const CompiledEntry& e, const std::string& yes_text,
                               const Probe& v) {
  Decision d = decide(e, v.listed(e), v.positions.data(), pkg.orders);
  if (d.result == formats::Affects::no) return std::nullopt;
  if (d.result == formats::Affects::yes) return Eval{Verdict::affected, d.listed ? kListedReason : yes_text};
  return Eval{Verdict::unknown, describe_unknown(e, d, pkg.orders, *v.text)};
}

}  // namespace

struct Index::Impl {
  std::vector<AdvEntry> advs;
  FlatIds adv_ids;  // by id; a slot stays when its advisory is removed
  std::vector<Package> pkgs;
  FlatIds pkg_ids;  // by Package::key
  std::vector<Pv> pvs;
  std::unordered_map<std::string, PvId> pv_ids;
  std::unordered_map<std::int64_t, std::vector<PkgId>> case_pkgs;
  std::vector<PkgId> dirty;

  std::string_view key_of(PkgId p) const { return pkgs[p].key; }
  // The slot of an advisory id, or FlatIds::kNone.
  std::uint32_t advisory_slot(std::string_view id) const {
    return adv_ids.find(id, FlatIds::hash(id), [this](std::uint32_t s) { return advisory_id(s); });
  }
  std::string_view advisory_id(std::uint32_t slot) const {
    return advs[slot].info ? std::string_view(advs[slot].info->id) : std::string_view();
  }

  PkgId intern(const PackageRef& ref) {
    std::string key = package_key(ref.ecosystem, ref.name);
    bool added = false;
    PkgId p = pkg_ids.insert(key, FlatIds::hash(key), static_cast<PkgId>(pkgs.size()),
                             [this](PkgId i) { return key_of(i); }, &added);
    if (added) {
      Package& pkg = pkgs.emplace_back();
      pkg.key = std::move(key);
      pkg.ref = PackageRef{std::string(ecosystem_base(ref.ecosystem)), ref.name};
    }
    return p;
  }
  // key_hash: FlatIds::hash(key).
  const Package* find(std::string_view key, std::uint64_t key_hash) const {
    PkgId p = pkg_ids.find(key, key_hash, [this](PkgId i) { return key_of(i); });
    return p == FlatIds::kNone ? nullptr : &pkgs[p];
  }
  const Package* find(const PackageRef& ref) const {
    std::string key = package_key(ref.ecosystem, ref.name);
    return find(key, FlatIds::hash(key));
  }
  void mark(PkgId p) {
    if (pkgs[p].dirty) return;
    pkgs[p].dirty = true;
    dirty.push_back(p);
  }

  // Packages are independent here (an advisory with entries in two
  // packages gets two different affected_texts elements written), so a
  // large refresh (a bulk import, an SBOM's 10,000 new versions, the index
  // built at start) is split over two threads.
  void refresh() {
    for_chunks_on_two_threads(dirty.size(), 64, 512, [&](std::size_t, std::size_t first, std::size_t last) {
      for (std::size_t i = first; i < last; ++i) refresh_package(pkgs[dirty[i]]);
    });
    dirty.clear();
  }

  void refresh_package(Package& pkg) {
    for (auto& o : pkg.orders) o.refresh(pkg.versions);
    if (pkg.unfinished)
      for (auto& e : pkg.entries)
        if (!e.finished) advs[e.advisory].info->affected_texts[e.affected] = finish(e, pkg.versions, pkg.orders);
    bool stale = pkg.entries_changed || pkg.stab.size() != pkg.orders.size();
    for (std::size_t k = 0; !stale && k < pkg.orders.size(); ++k)
      stale = pkg.stab_generation[k] != pkg.orders[k].generation();
    if (stale) rebuild_lookup(pkg);
    pkg.unfinished = false;
    pkg.dirty = false;
  }

  void rebuild_lookup(Package& pkg) const {
    std::vector<std::vector<StabIndex::Item>> items(pkg.orders.size());
    pkg.irregular.clear();
    pkg.listed.clear();
    std::vector<Interval> iv;
    for (std::uint32_t i = 0; i < pkg.entries.size(); ++i) {
      const CompiledEntry& e = pkg.entries[i];
      if (advs[e.advisory].withdrawn) continue;
      bool irregular = false;
      for (const CompiledRange& r : e.ranges) {
        if (r.mode != RangeMode::ordered) {
          irregular = true;
          continue;
        }
        affected_intervals(r, pkg.orders[r.ordering], iv);
        for (auto [first, last] : iv) items[r.ordering].push_back({first, last, i});
      }
      if (irregular) pkg.irregular.push_back(i);
      for (VersionId v : e.listed) pkg.listed.emplace_back(v, i);
    }
    std::sort(pkg.listed.begin(), pkg.listed.end());
    pkg.stab.resize(pkg.orders.size());
    pkg.stab_generation.resize(pkg.orders.size());
    for (std::size_t k = 0; k < pkg.orders.size(); ++k) {
      pkg.stab[k].build(std::move(items[k]));
      pkg.stab_generation[k] = pkg.orders[k].generation();
    }
    pkg.entries_changed = false;
  }

  // How a candidate entry was found, in the low bits of (entry << 2 | how).
  static constexpr std::uint32_t kIrregularOnly = 0, kByInterval = 1, kByList = 2;

  // The entries that may say yes or unknown for a probe, sorted by entry
  // with how each was found: an interval holding the probe or a listing of
  // it both mean yes (rebuild_lookup left withdrawn advisories out), so
  // only irregular entries need decide(). False when the version is invalid
  // in some ordering: then every entry must be decided (each is unknown,
  // and only decide() knows which way).
  bool candidates(const Package& pkg, const Probe& v, std::vector<std::uint32_t>& out) const {
    out.clear();
    for (Position p : v.positions)
      if (p == kInvalidPosition) return false;
    for (std::size_t k = 0; k < pkg.stab.size(); ++k)
      pkg.stab[k].stab(v.positions[k], [&](std::uint32_t i) { out.push_back(i << 2 | kByInterval); });
    for (std::uint32_t i : pkg.irregular) out.push_back(i << 2 | kIrregularOnly);
    if (v.have_id) {
      auto it = std::lower_bound(pkg.listed.begin(), pkg.listed.end(), std::pair<VersionId, std::uint32_t>{v.id, 0});
      for (; it != pkg.listed.end() && it->first == v.id; ++it) out.push_back(it->second << 2 | kByList);
    }
    std::sort(out.begin(), out.end());
    return true;
  }

  void unlink_advisory(std::uint32_t slot) {
    AdvEntry& e = advs[slot];
    for (PkgId p : e.pkgs) {
      auto& v = pkgs[p].entries;
      v.erase(std::remove_if(v.begin(), v.end(), [&](const CompiledEntry& x) { return x.advisory == slot; }), v.end());
      pkgs[p].entries_changed = true;
      mark(p);
    }
    e.live = false;
    e.pkgs.clear();
  }

  void unlink_pv(PvId id) {
    Pv& pv = pvs[id];
    for (auto [p, h] : pv.components) {
      auto& holders = pkgs[p].held[h].holders;
      if (auto it = std::find(holders.begin(), holders.end(), id); it != holders.end()) holders.erase(it);
    }
    pv.components.clear();
    pv.live = false;
  }

  // Every held version of a package that an evaluator accepts, expanded to
  // its holders: one evaluation per distinct version.
  template <class F>
  void hits_in(const Package& pkg, F evaluate, std::vector<ImpactHit>& out) const {
    for (const Held& h : pkg.held) {
      if (h.holders.empty()) continue;
      std::optional<Eval> ev = evaluate(pkg.versions.text(h.version));
      if (!ev) continue;
      for (PvId id : h.holders)
        out.push_back(ImpactHit{pvs[id].key, ComponentRef{pkg.ref, pkg.versions.text(h.version), h.purl},
                                ev->verdict, ev->reason});
    }
  }

  // Appends the findings of version `version` of pkg, as component
  // `component` of the answer.
  void match_in(const Package& pkg, std::uint32_t component, const std::string& version, std::uint64_t version_hash,
                std::vector<Finding>& out, std::vector<std::uint32_t>& which) const {
    if (!pkg.entries.empty()) {
      Probe v(pkg, version, version_hash);
      auto add = [&](const CompiledEntry& e, Verdict verdict, std::string note) {
        const auto& a = advs[e.advisory].info;
        Finding& f = out.emplace_back();
        f.component = component;
        f.verdict = verdict;
        f.grade = a->grade;
        f.advisory = a;
        f.affected = e.affected;
        f.note = std::move(note);
      };
      auto yes_text = [&](const CompiledEntry& e) -> const std::string& {
        return advs[e.advisory].info->affected_texts[e.affected];
      };
      if (candidates(pkg, v, which)) {
        // Each finding follows entry -> advisory slot -> summary, three
        // dependent cache misses on a large package; touching every
        // candidate's step before taking the next lets them overlap
        // (the scan ran at memory latency, one miss at a time).
        for (std::uint32_t x : which) __builtin_prefetch(&pkg.entries[x >> 2]);
        for (std::uint32_t x : which) __builtin_prefetch(&advs[pkg.entries[x >> 2].advisory]);
        for (std::uint32_t x : which) __builtin_prefetch(advs[pkg.entries[x >> 2].advisory].info.get());
        for (std::size_t j = 0; j < which.size();) {
          std::uint32_t entry = which[j] >> 2, how = 0;
          for (; j < which.size() && which[j] >> 2 == entry; ++j) how |= which[j] & 3;
          const CompiledEntry& e = pkg.entries[entry];
          if (how & kByList) add(e, Verdict::affected, kListedReason);
          else if (how & kByInterval) add(e, Verdict::affected, {});
          else if (auto ev = eval_entry(pkg, e, yes_text(e), v)) add(e, ev->verdict, std::move(ev->reason));
        }
      } else {
        for (const CompiledEntry& e : pkg.entries)
          if (!advs[e.advisory].withdrawn)
            if (auto ev = eval_entry(pkg, e, yes_text(e), v)) add(e, ev->verdict, std::move(ev->reason));
      }
    }
    for (const auto& cr : pkg.cases) {
      auto ev = eval_range(cr.range, cr.text, version);
      if (!ev) continue;
      Finding& f = out.emplace_back();
      f.component = component;
      f.source = FindingSource::case_range;
      f.verdict = ev->verdict;
      f.case_id = cr.case_id;
      f.note = std::move(ev->reason);
    }
  }

  // Appends the findings of components [first, last), each numbered by
  // its index in `components`. Components go in batches whose lookups are
  // issued together (hash, prefetch, then find) so that their cache
  // misses overlap: on a large index each lookup is a miss, and one at a
  // time the scan ran at memory latency.
  void match_each(const std::vector<ComponentRef>& components, std::size_t first, std::size_t last,
                  std::vector<Finding>& out) const {
    std::vector<std::uint32_t> scratch;
    out.reserve(out.size() + (last - first) * 4);  // a few findings per component is common; saves the regrowth copies
    constexpr std::size_t kBatch = 16;
    std::string key[kBatch];
    std::uint64_t key_hash[kBatch], version_hash[kBatch];
    const Package* pkg[kBatch];
    for (std::size_t b = first; b < last; b += kBatch) {
      const std::size_t n = std::min(kBatch, last - b);
      for (std::size_t j = 0; j < n; ++j) {
        const ComponentRef& c = components[b + j];
        key[j] = package_key(c.package.ecosystem, c.package.name);
        key_hash[j] = FlatIds::hash(key[j]);
        pkg_ids.prefetch(key_hash[j]);
        version_hash[j] = FlatIds::hash(c.version);
      }
      for (std::size_t j = 0; j < n; ++j) {
        pkg[j] = find(key[j], key_hash[j]);
        if (pkg[j]) pkg[j]->versions.prefetch(version_hash[j]);
      }
      for (std::size_t j = 0; j < n; ++j)
        if (pkg[j])
          match_in(*pkg[j], static_cast<std::uint32_t>(b + j), components[b + j].version, version_hash[j], out,
                   scratch);
    }
  }

  RematchStats rematch_package(const Package& pkg) const;
};

Index::Index() : impl_(std::make_unique<Impl>()) {}
Index::~Index() = default;

std::shared_lock<std::shared_mutex> Index::read_lock() const {
  for (;;) {
    std::shared_lock lk(mu_);
    if (!dirty_.load(std::memory_order_acquire)) return lk;
    lk.unlock();
    std::unique_lock w(mu_);
    impl_->refresh();
    dirty_.store(false, std::memory_order_release);
  }
}

void Index::refresh() const { (void)read_lock(); }

void Index::put_advisory(const formats::Advisory& a) {
  AdvEntry e;
  e.info = std::make_shared<AdvisorySummary>(
      AdvisorySummary{a.id, a.aliases, a.summary, advisory_grade(a), a.withdrawn.has_value(), {}});
  e.info->affected_texts.resize(a.affected.size());
  set_id_prefix(*e.info);
  e.withdrawn = e.info->withdrawn;
  e.live = true;
  std::unique_lock lk(mu_);
  Impl& m = *impl_;
  bool added = false;
  std::uint32_t slot = m.adv_ids.insert(a.id, FlatIds::hash(a.id), static_cast<std::uint32_t>(m.advs.size()),
                                        [&m](std::uint32_t s) { return m.advisory_id(s); }, &added);
  if (added) m.advs.emplace_back();
  else m.unlink_advisory(slot);
  for (std::uint32_t i = 0; i < a.affected.size(); ++i) {
    const auto& af = a.affected[i];
    const auto& pk = af.package;
    PackageRef ref{pk.ecosystem, pk.name};
    if (ref.ecosystem.empty() && !pk.purl.empty()) {
      // A purl-only package (CVE 5 records may give just a purl).
      if (auto p = versions::parse_purl(pk.purl, versions::PurlMode::lenient); p.ok())
        if (auto r = package_of_purl(*p); r.ok()) ref = *r;
    }
    if (ref.ecosystem.empty() || ref.name.empty()) continue;
    PkgId p = m.intern(ref);
    Package& pkg = m.pkgs[p];
    pkg.entries.push_back(compile(af, slot, i, pkg.versions, pkg.orders, pkg.held_versions));
    pkg.unfinished = true;
    pkg.entries_changed = true;
    m.mark(p);
    if (std::find(e.pkgs.begin(), e.pkgs.end(), p) == e.pkgs.end()) e.pkgs.push_back(p);
  }
  m.advs[slot] = std::move(e);
  dirty_.store(true, std::memory_order_release);
}

void Index::remove_advisory(const std::string& id) {
  std::unique_lock lk(mu_);
  if (std::uint32_t slot = impl_->advisory_slot(id); slot != FlatIds::kNone) impl_->unlink_advisory(slot);
  dirty_.store(true, std::memory_order_release);
}

std::shared_ptr<const AdvisorySummary> Index::advisory(const std::string& id) const {
  // The texts of new entries are written by the deferred refresh.
  auto lk = read_lock();
  std::uint32_t slot = impl_->advisory_slot(id);
  if (slot == FlatIds::kNone || !impl_->advs[slot].live) return nullptr;
  return impl_->advs[slot].info;
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
    VersionId v = pkg.versions.intern(c.version);
    auto [hit, hadded] = pkg.held_of.try_emplace(v, static_cast<std::uint32_t>(pkg.held.size()));
    if (hadded) {
      pkg.held.push_back(Held{v, c.purl, {}});
      pkg.held_versions.push_back(v);
      for (auto& o : pkg.orders) o.note(v);
      if (!pkg.orders.empty()) m.mark(p);
    }
    auto& holders = pkg.held[hit->second].holders;
    // An SBOM may list one component twice; one holder entry is enough.
    if (holders.empty() || holders.back() != id) holders.push_back(id);
    pv.components.emplace_back(p, hit->second);
  }
  dirty_.store(true, std::memory_order_release);
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

namespace {

// Runs part(first, last, out) over [0, n) on two threads when n is large
// enough to pay for one (a 10,000-component scan is), and concatenates the
// outputs in order. The range goes in chunks that each thread takes as it
// gets free: components differ a lot in cost (a popular package has
// thousands of advisories), and fixed halves left one thread idle.
template <class T, class F>
std::vector<T> on_two_threads(std::size_t n, F part) {
  constexpr std::size_t kChunk = 256;
  std::vector<std::vector<T>> parts(chunk_count(n, kChunk));
  for_chunks_on_two_threads(n, kChunk, 1024, [&](std::size_t c, std::size_t first, std::size_t last) {
    part(first, last, parts[c]);
  });
  std::vector<T> out;
  std::size_t total = 0;
  for (const auto& p : parts) total += p.size();
  out.reserve(total);
  for (auto& p : parts) out.insert(out.end(), std::make_move_iterator(p.begin()), std::make_move_iterator(p.end()));
  return out;
}

}  // namespace

std::vector<Finding> Index::match(const std::vector<ComponentRef>& components) const {
  auto lk = read_lock();
  return on_two_threads<Finding>(components.size(), [&](std::size_t first, std::size_t last, std::vector<Finding>& out) {
    impl_->match_each(components, first, last, out);
  });
}

Index::SbomMatch Index::match_sbom(const std::vector<formats::Component>& components) const {
  auto lk = read_lock();
  struct Part {
    std::vector<ComponentRef> refs;
    std::size_t unmatched = 0;
    std::vector<Finding> findings;
  };
  constexpr std::size_t kChunk = 256;
  std::vector<Part> parts(chunk_count(components.size(), kChunk));
  for_chunks_on_two_threads(components.size(), kChunk, 1024, [&](std::size_t c, std::size_t first, std::size_t last) {
    Part& part = parts[c];
    part.refs.reserve(last - first);
    for (std::size_t i = first; i < last; ++i) {
      if (auto ref = component_of_sbom(components[i])) part.refs.push_back(std::move(*ref));
      else ++part.unmatched;
    }
    impl_->match_each(part.refs, 0, part.refs.size(), part.findings);
  });
  SbomMatch out;
  std::size_t refs = 0, findings = 0;
  for (const Part& p : parts) {
    refs += p.refs.size();
    findings += p.findings.size();
  }
  out.matched.reserve(refs);
  out.findings.reserve(findings);
  for (Part& p : parts) {
    const auto base = static_cast<std::uint32_t>(out.matched.size());
    for (Finding& f : p.findings) {
      f.component += base;
      out.findings.push_back(std::move(f));
    }
    std::move(p.refs.begin(), p.refs.end(), std::back_inserter(out.matched));
    out.unmatched += p.unmatched;
  }
  return out;
}

ProductVersionFindings Index::findings(const ProductVersionKey& key) const {
  auto lk = read_lock();
  const Impl& m = *impl_;
  auto it = m.pv_ids.find(pv_key(key));
  if (it == m.pv_ids.end()) return {};
  const auto& comps = m.pvs[it->second].components;
  ProductVersionFindings out;
  out.components.reserve(comps.size());
  for (auto [p, h] : comps) {
    const Package& pkg = m.pkgs[p];
    out.components.push_back(ComponentRef{pkg.ref, pkg.versions.text(pkg.held[h].version), pkg.held[h].purl});
  }
  out.findings = on_two_threads<Finding>(comps.size(), [&](std::size_t first, std::size_t last, std::vector<Finding>& part) {
    std::vector<std::uint32_t> scratch;
    for (std::size_t i = first; i < last; ++i)
      m.match_in(m.pkgs[comps[i].first], static_cast<std::uint32_t>(i), out.components[i].version,
                 FlatIds::hash(out.components[i].version), part, scratch);
  });
  return out;
}

std::vector<std::int64_t> Index::cases_affecting(const std::vector<ComponentRef>& components) const {
  auto lk = read_lock();
  std::vector<std::int64_t> out;
  if (impl_->case_pkgs.empty()) return out;  // no case names a component
  for (const auto& c : components) {
    const Package* pkg = impl_->find(c.package);
    if (!pkg) continue;
    for (const auto& cr : pkg->cases)
      if (auto ev = eval_range(cr.range, cr.text, c.version); ev && ev->verdict == Verdict::affected)
        out.push_back(cr.case_id);
  }
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

std::vector<ImpactHit> Index::impact_of_advisory(const std::string& id, bool* found) const {
  auto lk = read_lock();
  const Impl& m = *impl_;
  std::vector<ImpactHit> out;
  const std::uint32_t slot = m.advisory_slot(id);
  if (found) *found = slot != FlatIds::kNone && m.advs[slot].live;
  if (slot == FlatIds::kNone) return out;
  const AdvEntry& a = m.advs[slot];
  if (!a.live || a.withdrawn) return out;
  for (PkgId p : a.pkgs) {
    const Package& pkg = m.pkgs[p];
    for (const CompiledEntry& e : pkg.entries) {
      if (e.advisory != slot) continue;
      const std::string& yes = a.info->affected_texts[e.affected];
      m.hits_in(pkg, [&](const std::string& v) { return eval_entry(pkg, e, yes, Probe(pkg, v, FlatIds::hash(v))); }, out);
    }
  }
  return out;
}

std::vector<ImpactHit> Index::impact_of_range(const RangeQuery& q) const {
  auto lk = read_lock();
  std::vector<ImpactHit> out;
  const Package* pkg = impl_->find(q.package);
  if (!pkg) return out;
  std::string text = q.range ? to_string(*q.range) : "";
  impl_->hits_in(*pkg, [&](const std::string& v) { return eval_range(q.range, text, v); }, out);
  return out;
}

std::vector<ImpactHit> Index::impact_of_case(std::int64_t case_id) const {
  auto lk = read_lock();
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

// One package's full re-match without deciding each (entry, version) pair
// alone: per ordering, the held versions sorted by position; per entry, the
// intervals its ranges affect, each found by a binary search. Cost:
// O(entries x log(versions) + findings) instead of entries x versions.
RematchStats Index::Impl::rematch_package(const Package& pkg) const {
  RematchStats st;
  std::size_t live_versions = 0, all_instances = 0;
  for (const Held& h : pkg.held)
    if (!h.holders.empty()) {
      ++live_versions;
      all_instances += h.holders.size();
    }
  if (live_versions == 0) return st;
  struct Placed {
    Position pos;
    std::uint32_t held;
  };
  std::vector<std::vector<Placed>> by_pos(pkg.orders.size());
  std::vector<std::vector<std::uint32_t>> invalid(pkg.orders.size());
  for (std::size_t k = 0; k < pkg.orders.size(); ++k) {
    for (std::uint32_t h = 0; h < pkg.held.size(); ++h) {
      if (pkg.held[h].holders.empty()) continue;
      Position pos = pkg.orders[k].position(pkg.held[h].version);
      if (pos == kInvalidPosition) invalid[k].push_back(h);
      else by_pos[k].push_back({pos, h});
    }
    std::sort(by_pos[k].begin(), by_pos[k].end(), [](const Placed& a, const Placed& b) { return a.pos < b.pos; });
  }
  // stamp[h] == 2n: entry n found held version h affected; 2n+1: unknown.
  std::vector<std::uint64_t> stamp(pkg.held.size(), 0);
  std::vector<Interval> intervals;
  std::uint64_t n = 0;
  for (const CompiledEntry& e : pkg.entries) {
    if (advs[e.advisory].withdrawn) continue;
    ++n;
    st.evaluations += live_versions;
    std::size_t yes = 0, unknown = 0;
    auto mark = [&](std::uint32_t h, bool affected) {
      if (stamp[h] >= 2 * n) return;
      stamp[h] = 2 * n + (affected ? 0 : 1);
      (affected ? yes : unknown) += pkg.held[h].holders.size();
    };
    for (VersionId v : e.listed)
      if (auto it = pkg.held_of.find(v); it != pkg.held_of.end() && !pkg.held[it->second].holders.empty())
        mark(it->second, true);
    bool all_unknown = false;
    std::vector<std::uint8_t> checked_orders;
    for (const CompiledRange& r : e.ranges) {
      if (r.mode != RangeMode::ordered) {
        all_unknown = true;
        continue;
      }
      const auto& placed = by_pos[r.ordering];
      affected_intervals(r, pkg.orders[r.ordering], intervals);
      for (auto [first, last] : intervals) {
        auto it = std::lower_bound(placed.begin(), placed.end(), first,
                                   [](const Placed& p, Position x) { return p.pos < x; });
        for (; it != placed.end() && it->pos <= last; ++it) mark(it->held, true);
      }
      if (std::find(checked_orders.begin(), checked_orders.end(), r.ordering) == checked_orders.end())
        checked_orders.push_back(r.ordering);
    }
    if (all_unknown) {
      // A range that decides nothing makes every version not found
      // affected unknown.
      unknown = all_instances - yes;
    } else {
      for (std::uint8_t k : checked_orders)
        for (std::uint32_t h : invalid[k]) mark(h, false);
    }
    st.affected_instances += yes;
    st.unknown_instances += unknown;
  }
  return st;
}

RematchStats Index::rematch_all() const {
  auto lk = read_lock();
  const Impl& m = *impl_;
  RematchStats st;
  for (const Package& pkg : m.pkgs) {
    if (pkg.held.empty() || pkg.entries.empty()) continue;
    RematchStats s = m.rematch_package(pkg);
    st.evaluations += s.evaluations;
    st.affected_instances += s.affected_instances;
    st.unknown_instances += s.unknown_instances;
  }
  return st;
}

IndexStats Index::stats() const {
  auto lk = read_lock();
  const Impl& m = *impl_;
  IndexStats s;
  std::size_t bytes = 0;
  auto str = [](const std::string& x) { return sizeof(std::string) + (x.capacity() > 15 ? x.capacity() + 1 : 0); };
  for (const auto& e : m.advs) {
    if (!e.live) continue;
    ++s.advisories;
    if (e.withdrawn) ++s.withdrawn;
    bytes += sizeof(AdvEntry) + sizeof(AdvisorySummary) + 16 + str(e.info->id) + str(e.info->summary) +
             e.pkgs.capacity() * sizeof(PkgId);
    for (const auto& a : e.info->aliases) bytes += str(a);
    for (const auto& t : e.info->affected_texts) bytes += str(t);
  }
  s.packages = m.pkgs.size();
  for (const auto& p : m.pkgs) {
    bytes += sizeof(Package) + str(p.key) + str(p.ref.name);
    bytes += p.versions.approx_bytes();
    for (const auto& o : p.orders) bytes += o.approx_bytes();
    for (const auto& e : p.entries) bytes += approx_bytes(e);
    for (const auto& x : p.stab) bytes += sizeof(StabIndex) + x.approx_bytes();
    bytes += p.irregular.capacity() * 4 + p.listed.capacity() * 8;
    s.affected_entries += p.entries.size();
    for (const auto& h : p.held) bytes += sizeof(Held) + str(h.purl) + h.holders.capacity() * sizeof(PvId);
    bytes += p.held_versions.capacity() * 4 + p.held_of.size() * 32;
    s.distinct_component_versions += p.held.size();
    s.case_ranges += p.cases.size();
  }
  for (const auto& pv : m.pvs) {
    if (!pv.live) continue;
    ++s.product_versions;
    s.component_instances += pv.components.size();
    bytes += sizeof(Pv) + pv.components.capacity() * 8 + str(pv.key.version);
  }
  s.approx_bytes = bytes + m.adv_ids.approx_bytes() + m.pkg_ids.approx_bytes();
  return s;
}

}  // namespace loudong::match
