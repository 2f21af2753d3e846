// The compiled index against the reference: for every advisory entry and
// every probe version of its package, Index answers exactly what
// formats::affects answers (affected / unknown with the same reason / not
// affected), through every query path (scan, stored findings, impact,
// re-match counts), whether components arrive before or after advisories.
// Data: synthetic records over every scheme (ties such as Maven "1.2" ==
// "1.2.0", invalid versions, limit, last_affected, "0", lists, GIT ranges,
// unknown ecosystems), the real Go database and its CVE 5 twin.
#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <iostream>
#include <map>
#include <random>
#include <set>

#include <gtest/gtest.h>

#include "formats/cve5.h"
#include "formats/osv.h"
#include "formats/zip_reader.h"
#include "match/index.h"

namespace loudong::match {
namespace {

using formats::Affects;
using formats::EventKind;

struct EcoPool {
  std::string ecosystem;
  std::vector<std::string> versions;  // valid and a few invalid ones
};

const std::vector<EcoPool>& pools() {
  static const std::vector<EcoPool> p = {
      {"npm", {"1.0.0", "1.0.1", "1.2.0-beta.1", "1.2.0", "2.0.0", "2.0.0-rc.1", "10.1.0", "0.0.1", "x.y", "1.0"}},
      {"PyPI", {"1.0", "1.0.0", "1.0a1", "1.0.post1", "1.1.dev0", "2!1.0", "2.0", "0.9", "1.0rc2", "banana!"}},
      {"Maven", {"1.2", "1.2.0", "1.2-SNAPSHOT", "1.2-alpha-1", "1.2.1", "2.0", "2.0.RELEASE", "1.10", "1.9", "2.0-sp1"}},
      {"Debian:12", {"1.2-1", "1:1.0-1", "1.2~rc1-1", "1.2-1+deb12u1", "1.3-1", "0.9-2", "2.0", "1.2-1~bpo", "-bad", "1.2"}},
      {"Alpine:v3.19", {"1.2.3-r0", "1.2.3-r1", "1.2.4-r0", "1.2.3_rc1-r0", "2.0-r0", "1.10.0-r0", "1.9.9-r9", "bad version"}},
      {"Red Hat", {"1.2.3-1.el9", "1.2.3-2.el9", "1:1.0-1.el9", "1.2.4-1.el9", "1.2.3~rc1-1.el9", "2.0-1", "1.10-1"}},
      {"Go", {"1.2.3", "1.2.4", "1.3.0", "2.0.0", "0.0.0-20210101000000-abcdefabcdef", "1.2.3-pre", "1.2.3+incompatible", "v1.2.3"}},
      {"RubyGems", {"1.2.3", "1.2.3.pre", "1.2.4", "2.0", "1.10", "1.9.9", "0.1", "1.a"}},
      {"NuGet", {"1.2.3", "1.2.3-beta", "1.2.3.4", "1.2.4", "2.0.0", "1.2", "01.2.3", "junk!"}},
      {"Packagist", {"1.2.3", "v1.2.4", "1.2.3-RC1", "1.3.0", "2.0.0", "1.2.3.0", "dev-main", "1.2.3-beta2"}},
      {"crates.io", {"1.2.3", "1.2.4", "1.3.0-alpha", "1.3.0", "2.0.0", "0.1.0", "1.2", "1.2.3+build"}},
      {"Pub", {"1.2.3", "1.2.4", "2.0.0-dev", "2.0.0", "0.9.0", "1.2.3+1"}},
      {"CRAN", {"1.2-3", "1.2.3", "1.2-4", "2.0", "0.9-1", "1.10.0"}},
      {"Hex", {"1.2.3", "1.2.4", "1.3.0-rc.0", "2.0.0", "0.1.0", "1.2"}},
      {"NoSuchEcosystem", {"1.0", "2.0"}},
  };
  return p;
}

// Records over the pools: several advisories per package so each package's
// table and orderings see many versions, events in random order.
std::vector<formats::Advisory> synthetic(std::uint32_t seed, int per_package) {
  std::mt19937 rng(seed);
  std::vector<formats::Advisory> out;
  int n = 0;
  for (const auto& pool : pools()) {
    for (int pkg = 0; pkg < 3; ++pkg) {
      std::string name = "pkg" + std::to_string(pkg);
      if (pool.ecosystem == "Maven") name = "org.example:pkg" + std::to_string(pkg);
      if (pool.ecosystem == "Packagist") name = "example/pkg" + std::to_string(pkg);
      if (pool.ecosystem == "Go") name = "example.com/pkg" + std::to_string(pkg);
      for (int i = 0; i < per_package; ++i) {
        formats::Advisory a;
        a.id = "SYN-" + std::to_string(++n);
        if (rng() % 25 == 0) a.withdrawn = Time{};
        formats::Affected af;
        af.package = {pool.ecosystem, name, ""};
        auto pick = [&] { return pool.versions[rng() % pool.versions.size()]; };
        int shape = static_cast<int>(rng() % 10);
        if (shape == 0) af.versions = {pick(), pick()};
        int ranges = shape == 0 ? static_cast<int>(rng() % 2) : 1 + static_cast<int>(rng() % 2);
        for (int r = 0; r < ranges; ++r) {
          formats::Range range;
          int t = static_cast<int>(rng() % 20);
          range.type = t == 0 ? formats::RangeType::git : t < 4 ? formats::RangeType::semver : formats::RangeType::ecosystem;
          if (range.type == formats::RangeType::git) range.repo = "https://example.com/r.git";
          int events = 1 + static_cast<int>(rng() % 4);
          for (int e = 0; e < events; ++e) {
            int k = static_cast<int>(rng() % 10);
            EventKind kind = k < 4 ? EventKind::introduced : k < 7 ? EventKind::fixed : k < 9 ? EventKind::last_affected : EventKind::limit;
            std::string v = pick();
            if (kind == EventKind::introduced && rng() % 4 == 0) v = "0";
            if (kind == EventKind::limit && rng() % 2 == 0) v = "*";
            range.events.push_back({kind, v});
          }
          af.ranges.push_back(range);
        }
        a.affected.push_back(af);
        // Now and then a second entry for the same package (Debian:11 and :12 style).
        if (rng() % 8 == 0) a.affected.push_back(af);
        out.push_back(std::move(a));
      }
    }
  }
  return out;
}

// Probe versions for a package: everything its records mention, plus
// neighbours that fall between or outside them, plus garbage.
std::vector<std::string> probes_for(const std::vector<const formats::Affected*>& entries) {
  std::set<std::string> s;
  for (const auto* af : entries) {
    for (const auto& v : af->versions) s.insert(v);
    for (const auto& r : af->ranges)
      for (const auto& e : r.events)
        if (r.type != formats::RangeType::git) s.insert(e.value);
  }
  std::vector<std::string> base(s.begin(), s.end());
  for (const auto& v : base) {
    s.insert(v + ".1");
    s.insert(v + "0");
    if (v.size() > 1) s.insert(v.substr(0, v.size() - 1));
  }
  for (const char* extra : {"0", "0.0.0", "999.0.0", "1", "not a version", ""}) s.insert(extra);
  s.erase("*");
  return {s.begin(), s.end()};
}

struct Expected {
  Verdict verdict;
  std::string unknown_reason;
};

// advisory id -> entries' expected verdicts for one version (one per
// matching entry, as the index reports one finding per entry).
std::multimap<std::string, Expected> reference(const std::vector<std::pair<const formats::Advisory*, const formats::Affected*>>& entries,
                                               const std::string& version) {
  std::multimap<std::string, Expected> out;
  for (auto [a, af] : entries) {
    if (a->withdrawn) continue;
    std::string why;
    Affects r = formats::affects(*af, version, &why);
    if (r == Affects::yes) out.emplace(a->id, Expected{Verdict::affected, ""});
    if (r == Affects::unknown) out.emplace(a->id, Expected{Verdict::unknown, "not evaluated: " + why});
  }
  return out;
}

std::string key_of(const formats::Affected& af) { return package_key(af.package.ecosystem, af.package.name); }

// Loads records, then checks every probe of every package through scan,
// stored findings, impact and re-match.
// chunk: components per product version; one_by_one: refresh after each
// product version, so versions arrive one at a time into placed orderings
// (labels between neighbours, relabelling when a gap runs out).
void check_equivalence(const std::vector<formats::Advisory>& records, bool components_first, std::size_t* checked,
                       std::size_t chunk = 50, bool one_by_one = false, std::size_t stride = 1) {
  // Latest record per id, as the index keeps.
  std::map<std::string, const formats::Advisory*> latest;
  for (const auto& a : records) latest[a.id] = &a;
  std::map<std::string, std::vector<std::pair<const formats::Advisory*, const formats::Affected*>>> by_pkg;
  std::map<std::string, PackageRef> refs;
  for (auto [id, a] : latest)
    for (const auto& af : a->affected) {
      if (af.package.ecosystem.empty() || af.package.name.empty()) continue;
      by_pkg[key_of(af)].push_back({a, &af});
      refs.emplace(key_of(af), PackageRef{af.package.ecosystem, af.package.name});
    }
  // Stored components: every other probe of every package, in product
  // versions of 50 components.
  std::map<std::string, std::vector<std::string>> probes;
  std::vector<ComponentRef> stored;
  // stride > 1: probe every stride-th package only (the big real database
  // under ASan); every record is still loaded.
  std::size_t nth = 0;
  for (auto& [k, entries] : by_pkg) {
    if (nth++ % stride != 0) continue;
    std::vector<const formats::Affected*> afs;
    for (auto [a, af] : entries) afs.push_back(af);
    probes[k] = probes_for(afs);
    for (std::size_t i = 0; i < probes[k].size(); i += 2) stored.push_back(ComponentRef{refs[k], probes[k][i], ""});
  }
  Index ix;
  auto put_products = [&] {
    for (std::size_t i = 0; i < stored.size(); i += chunk) {
      std::vector<ComponentRef> part(stored.begin() + static_cast<std::ptrdiff_t>(i),
                                     stored.begin() + static_cast<std::ptrdiff_t>(std::min(stored.size(), i + chunk)));
      ix.put_product_version({static_cast<std::int64_t>(i / chunk + 1), "1"}, part);
      if (one_by_one) ix.refresh();
    }
  };
  if (components_first) put_products();
  for (const auto& a : records) ix.put_advisory(a);  // replaced ids included
  if (!components_first) put_products();

  std::size_t want_affected = 0, want_unknown = 0;
  std::map<std::string, std::size_t> want_hits;  // advisory id -> hits over stored components
  for (auto& [k, entries] : by_pkg) {
    if (!probes.count(k)) continue;
    for (const auto& v : probes[k]) {
      auto want = reference(entries, v);
      auto got = ix.match({ComponentRef{refs[k], v, ""}});
      std::multimap<std::string, Expected> have;
      for (const auto& f : got) {
        // A yes always says which ranges (or the list) hold the version.
        if (f.verdict == Verdict::affected) {
          EXPECT_FALSE(f.reason().empty()) << f.advisory_id();
        }
        have.emplace(f.advisory_id(), Expected{f.verdict, f.verdict == Verdict::unknown ? std::string(f.reason()) : ""});
      }
      if (have.size() != want.size()) {
        for (auto& [id, e] : want) std::cerr << "want " << id << " " << int(e.verdict) << "\n";
        for (auto& [id, e] : have) std::cerr << "have " << id << " " << int(e.verdict) << "\n";
      }
      ASSERT_EQ(have.size(), want.size()) << k << " @ '" << v << "'";
      for (auto it = want.begin(); it != want.end();) {
        auto [wb, we] = want.equal_range(it->first);
        auto [hb, he] = have.equal_range(it->first);
        std::multiset<std::pair<int, std::string>> w, h;
        for (auto x = wb; x != we; ++x) w.insert({static_cast<int>(x->second.verdict), x->second.unknown_reason});
        for (auto x = hb; x != he; ++x) h.insert({static_cast<int>(x->second.verdict), x->second.unknown_reason});
        if (w != h) {
          for (auto [a, af] : entries)
            if (a->id == it->first) std::cerr << formats::write_osv(*a) << "\n";
        }
        ASSERT_EQ(w, h) << k << " @ '" << v << "' advisory " << it->first;
        it = we;
      }
      ++*checked;
    }
    for (std::size_t i = 0; i < probes[k].size(); i += 2) {
      auto want = reference(entries, probes[k][i]);
      for (const auto& [id, e] : want) {
        (e.verdict == Verdict::affected ? want_affected : want_unknown) += 1;
        ++want_hits[id];
      }
    }
  }
  // One scan of every probe at once (split over two threads above 1,024
  // components) equals the probes scanned one by one, in order.
  std::vector<ComponentRef> all;
  std::vector<Finding> one_by_one;
  for (auto& [k, list] : probes)
    for (const auto& v : list) {
      all.push_back(ComponentRef{refs[k], v, ""});
      for (Finding f : ix.match({all.back()})) {
        EXPECT_EQ(f.component, 0u);
        f.component = static_cast<std::uint32_t>(all.size() - 1);
        one_by_one.push_back(std::move(f));
      }
    }
  auto together = ix.match(all);
  ASSERT_EQ(together.size(), one_by_one.size());
  for (std::size_t i = 0; i < together.size(); ++i) {
    ASSERT_EQ(together[i].advisory_id(), one_by_one[i].advisory_id()) << i;
    ASSERT_EQ(together[i].component, one_by_one[i].component) << i;
    ASSERT_EQ(together[i].reason(), one_by_one[i].reason()) << i;
  }
  // An SBOM of the same components (some without a purl type: not
  // matchable) read and matched in one pass: the components match() would
  // be given, and its findings, in order.
  std::vector<formats::Component> sbom;
  std::vector<ComponentRef> matchable;
  std::size_t no_purl = 0;
  for (const ComponentRef& c : all) {
    formats::Component& x = sbom.emplace_back();
    x.name = c.package.name;
    x.version = c.version;
    x.purl = purl_of(c.package, c.version);
    if (auto p = versions::parse_purl(x.purl, versions::PurlMode::lenient); p.ok()) x.parsed_purl = std::move(*p);
    if (auto ref = component_of_sbom(x)) matchable.push_back(std::move(*ref));
    else ++no_purl;
  }
  auto by_sbom = ix.match_sbom(sbom);
  auto by_refs = ix.match(matchable);
  EXPECT_EQ(by_sbom.unmatched, no_purl);
  ASSERT_EQ(by_sbom.matched.size(), matchable.size());
  for (std::size_t i = 0; i < matchable.size(); ++i) ASSERT_EQ(by_sbom.matched[i].purl, matchable[i].purl) << i;
  ASSERT_EQ(by_sbom.findings.size(), by_refs.size());
  for (std::size_t i = 0; i < by_refs.size(); ++i) {
    ASSERT_EQ(by_sbom.findings[i].advisory_id(), by_refs[i].advisory_id()) << i;
    ASSERT_EQ(by_sbom.findings[i].component, by_refs[i].component) << i;
    ASSERT_EQ(by_sbom.findings[i].reason(), by_refs[i].reason()) << i;
  }
  // Stored findings agree with the scan of the same components.
  std::size_t findings = 0;
  for (std::size_t i = 0; i < stored.size(); i += chunk)
    findings += ix.findings({static_cast<std::int64_t>(i / chunk + 1), "1"}).findings.size();
  EXPECT_EQ(findings, want_affected + want_unknown);
  // Re-match counts every stored instance once per entry.
  auto rm = ix.rematch_all();
  EXPECT_EQ(rm.affected_instances, want_affected);
  EXPECT_EQ(rm.unknown_instances, want_unknown);
  // Impact by advisory finds exactly the stored components the reference finds.
  for (auto [id, a] : latest) {
    auto hits = ix.impact_of_advisory(id);
    EXPECT_EQ(hits.size(), want_hits[id]) << id;
  }
}

TEST(Differential, SyntheticEverySchemeAdvisoriesFirst) {
  std::size_t checked = 0;
  auto recs = synthetic(1, 12);
  check_equivalence(recs, false, &checked);
  EXPECT_GT(checked, 1000u);
}

TEST(Differential, SyntheticEverySchemeComponentsFirstAndReplaced) {
  std::size_t checked = 0;
  auto recs = synthetic(2, 12);
  auto again = synthetic(3, 12);  // same ids, other ranges: replaces each record
  recs.insert(recs.end(), again.begin(), again.end());
  check_equivalence(recs, true, &checked);
  EXPECT_GT(checked, 1000u);
}

TEST(Differential, SyntheticVersionsArriveOneByOne) {
  std::size_t checked = 0;
  auto recs = synthetic(4, 12);
  check_equivalence(recs, false, &checked, 1, true);
  EXPECT_GT(checked, 1000u);
}

// More seeds on request (LOUDONG_DIFF_SEEDS=500 for a deep run); 4 in CI.
TEST(Differential, SyntheticMoreSeeds) {
  const char* n = std::getenv("LOUDONG_DIFF_SEEDS");
  int seeds = n ? std::atoi(n) : 4;
  for (int seed = 100; seed < 100 + seeds; ++seed) {
    std::size_t checked = 0;
    auto recs = synthetic(static_cast<std::uint32_t>(seed), 8);
    check_equivalence(recs, seed % 2 == 0, &checked);
    ASSERT_FALSE(HasFatalFailure()) << "seed " << seed;
  }
}

std::vector<formats::Advisory> read_zip(const std::string& name, bool cve5) {
  const char* shared = std::getenv("LOUDONG_SHARED_DATA");
  std::string zip = std::string(shared ? shared : "../shared/data") + "/advisories/" + name;
  std::vector<formats::Advisory> out;
  if (!std::filesystem::exists(zip)) return out;
  (void)formats::for_each_zip_entry(zip, [&](const std::string&, std::string_view text) {
    auto a = cve5 ? formats::read_cve5(text) : formats::read_osv(text);
    if (a.ok()) out.push_back(std::move(*a));
    return true;
  });
  return out;
}

TEST(Differential, GoOsvDatabase) {
  auto recs = read_zip("go-osv.zip", false);
  if (recs.empty()) GTEST_SKIP() << "go-osv.zip not present";
  std::size_t checked = 0;
  check_equivalence(recs, false, &checked, 50, false, 3);
  EXPECT_GT(checked, 5000u);
}

TEST(Differential, GoCve5Database) {
  auto recs = read_zip("go-cve5.zip", true);
  if (recs.empty()) GTEST_SKIP() << "go-cve5.zip not present";
  std::size_t checked = 0;
  check_equivalence(recs, true, &checked);
  EXPECT_GT(checked, 100u);
}

}  // namespace
}  // namespace loudong::match
