// The matching index against hand-made records (each OSV rule the index
// relies on) and against the real Go vulnerability database.
#include "match/index.h"

#include <cstdlib>
#include <filesystem>

#include <gtest/gtest.h>

#include "formats/osv.h"
#include "formats/zip_reader.h"

namespace loudong::match {
namespace {

formats::Advisory adv(std::string id, std::string eco, std::string name, std::vector<formats::Event> events,
                      formats::RangeType type = formats::RangeType::semver) {
  formats::Advisory a;
  a.id = std::move(id);
  formats::Affected af;
  af.package = {std::move(eco), std::move(name), ""};
  formats::Range r;
  r.type = type;
  if (type == formats::RangeType::git) r.repo = "https://example.com/r.git";
  r.events = std::move(events);
  af.ranges.push_back(r);
  a.affected.push_back(af);
  return a;
}

using formats::EventKind;

ComponentRef comp(const std::string& purl) {
  auto c = component_of_purl(purl);
  EXPECT_TRUE(c.ok()) << purl;
  return c.ok() ? *c : ComponentRef{};
}

TEST(Keys, PurlsMapToOsvPackages) {
  EXPECT_EQ(comp("pkg:golang/github.com/coder/coder/v2@v2.14.0").package, (PackageRef{"Go", "github.com/coder/coder/v2"}));
  EXPECT_EQ(comp("pkg:golang/github.com/coder/coder/v2@v2.14.0").version, "2.14.0");
  EXPECT_EQ(comp("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1").package.name,
            "org.apache.logging.log4j:log4j-core");
  EXPECT_EQ(comp("pkg:npm/%40angular/core@1.0.0").package.name, "@angular/core");
  EXPECT_EQ(comp("pkg:deb/debian/openssl@3.0.11-1").package.ecosystem, "Debian");
  EXPECT_FALSE(component_of_purl("pkg:generic/foo@1").ok());
  EXPECT_EQ(package_key("PyPI", "Django_REST.framework"), package_key("PyPI", "django-rest-framework"));
  EXPECT_NE(package_key("Go", "github.com/A/b"), package_key("Go", "github.com/a/b"));
  EXPECT_EQ(package_key("Debian:12", "openssl"), package_key("Debian", "openssl"));
  EXPECT_EQ(purl_of({"Maven", "org.apache.logging.log4j:log4j-core"}, "2.14.1"),
            "pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1");
}

TEST(Index, ComponentToAdvisoryFollowsOsvRanges) {
  Index ix;
  ix.put_advisory(adv("GO-1", "Go", "example.com/m", {{EventKind::introduced, "1.2.0"}, {EventKind::fixed, "1.4.1"},
                                                     {EventKind::introduced, "2.0.0"},
                                                     {EventKind::last_affected, "2.1.0"}}));
  auto hit = [&](const std::string& v) { return ix.match({comp("pkg:golang/example.com/m@" + v)}).size(); };
  EXPECT_EQ(hit("v1.1.9"), 0u);
  EXPECT_EQ(hit("v1.2.0"), 1u);
  EXPECT_EQ(hit("v1.4.0"), 1u);
  EXPECT_EQ(hit("v1.4.1"), 0u);  // fixed is exclusive
  EXPECT_EQ(hit("v2.1.0"), 1u);  // last_affected is inclusive
  EXPECT_EQ(hit("v2.1.1"), 0u);
  auto f = ix.match({comp("pkg:golang/example.com/m@v1.3.0")});
  ASSERT_EQ(f.size(), 1u);
  EXPECT_EQ(f[0].advisory_id(), "GO-1");
  EXPECT_EQ(f[0].verdict, Verdict::affected);
  EXPECT_NE(f[0].reason().find("fixed 1.4.1"), std::string::npos);
}

TEST(Index, ReplaceWithdrawVersionsListAndGit) {
  Index ix;
  ix.put_advisory(adv("A", "PyPI", "Django", {{EventKind::introduced, "0"}, {EventKind::fixed, "4.0"}},
                      formats::RangeType::ecosystem));
  auto c = comp("pkg:pypi/django@3.2");
  auto before = ix.match({c});
  ASSERT_EQ(before.size(), 1u);
  // A newer record that fixes earlier replaces the old one.
  ix.put_advisory(adv("A", "PyPI", "Django", {{EventKind::introduced, "0"}, {EventKind::fixed, "3.0"}},
                      formats::RangeType::ecosystem));
  EXPECT_EQ(ix.match({c}).size(), 0u);
  // A finding given out earlier keeps the advisory as it was when found.
  EXPECT_EQ(before[0].advisory_id(), "A");
  EXPECT_NE(before[0].reason().find("fixed 4.0"), std::string::npos) << before[0].reason();
  EXPECT_NE(ix.advisory("A")->affected_texts.at(0).find("fixed 3.0"), std::string::npos);
  auto w = adv("W", "PyPI", "django", {{EventKind::introduced, "0"}}, formats::RangeType::ecosystem);
  w.withdrawn = Time{};
  ix.put_advisory(w);
  EXPECT_EQ(ix.match({c}).size(), 0u);
  EXPECT_TRUE(ix.advisory("W")->withdrawn);

  auto listed = adv("L", "PyPI", "django", {}, formats::RangeType::ecosystem);
  listed.affected[0].ranges.clear();
  listed.affected[0].versions = {"3.2"};
  ix.put_advisory(listed);
  auto g = adv("G", "PyPI", "django", {{EventKind::introduced, "abc"}, {EventKind::fixed, "def"}},
               formats::RangeType::git);
  ix.put_advisory(g);
  auto f = ix.match({c});
  ASSERT_EQ(f.size(), 2u);
  for (const auto& x : f) {
    if (x.advisory_id() == "L") EXPECT_EQ(x.verdict, Verdict::affected);
    else {
      EXPECT_EQ(x.advisory_id(), "G");
      EXPECT_EQ(x.verdict, Verdict::unknown);
      EXPECT_NE(x.reason().find("not evaluated"), std::string::npos);
    }
  }
  ix.remove_advisory("L");
  EXPECT_EQ(ix.match({c}).size(), 1u);
}

TEST(Index, ImpactBothWaysAndSbomReplacement) {
  Index ix;
  ix.put_advisory(adv("LOG4J", "Maven", "org.apache.logging.log4j:log4j-core",
                      {{EventKind::introduced, "2.0-beta9"}, {EventKind::fixed, "2.15.0"}},
                      formats::RangeType::ecosystem));
  ix.put_product_version({1, "1.0"}, {comp("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1"),
                                      comp("pkg:npm/left-pad@1.0.0")});
  ix.put_product_version({1, "2.0"}, {comp("pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1")});
  ix.put_product_version({2, "7"}, {comp("pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1")});
  auto hits = ix.impact_of_advisory("LOG4J");
  ASSERT_EQ(hits.size(), 2u);
  EXPECT_EQ(ix.findings({1, "1.0"}).findings.size(), 1u);
  EXPECT_TRUE(ix.findings({1, "2.0"}).findings.empty());

  auto q = parse_range_query("pkg:maven/org.apache.logging.log4j/log4j-core", "[2.0,2.17.1)");
  ASSERT_TRUE(q.ok()) << q.error().message();
  EXPECT_EQ(ix.impact_of_range(*q).size(), 2u);
  auto vq = parse_range_query("pkg:maven/org.apache.logging.log4j/log4j-core", "vers:maven/>=2.0|<=2.17.1");
  ASSERT_TRUE(vq.ok());
  EXPECT_EQ(ix.impact_of_range(*vq).size(), 3u);
  auto exact = parse_range_query("pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1", "");
  ASSERT_TRUE(exact.ok());
  EXPECT_EQ(ix.impact_of_range(*exact).size(), 1u);
  EXPECT_FALSE(parse_range_query("pkg:maven/g/a", "vers:maven/>=>1").ok());

  // A new SBOM for 1.0 replaces the old component list.
  ix.put_product_version({1, "1.0"}, {comp("pkg:maven/org.apache.logging.log4j/log4j-core@2.15.0")});
  EXPECT_EQ(ix.impact_of_advisory("LOG4J").size(), 1u);
  ix.remove_product_version({2, "7"});
  EXPECT_TRUE(ix.impact_of_advisory("LOG4J").empty());
  bool found = false;
  ix.impact_of_advisory("NOPE", &found);
  EXPECT_FALSE(found);

  ix.put_case(9, {{"pkg:maven/org.apache.logging.log4j/log4j-core", "[2.15.0,2.16.0)"}});
  auto ch = ix.impact_of_case(9);
  ASSERT_EQ(ch.size(), 1u);
  EXPECT_EQ(ch[0].product_version, (ProductVersionKey{1, "1.0"}));
  EXPECT_EQ(ix.match({comp("pkg:maven/org.apache.logging.log4j/log4j-core@2.15.0")}).size(), 1u);
  ix.put_case(9, {});
  EXPECT_TRUE(ix.impact_of_case(9).empty());
  auto st = ix.stats();
  EXPECT_EQ(st.advisories, 1u);
  EXPECT_EQ(st.product_versions, 2u);
  EXPECT_GT(st.approx_bytes, 0u);
}

// The real database: every record loads, and a known record matches as its
// ranges say (GO-2024-3228: github.com/coder/coder/v2 fixed in 2.14.4).
TEST(Index, GoVulnDb) {
  const char* shared = std::getenv("LOUDONG_SHARED_DATA");
  std::string zip = std::string(shared ? shared : "../shared/data") + "/advisories/go-osv.zip";
  if (!std::filesystem::exists(zip)) GTEST_SKIP() << zip << " not present";
  Index ix;
  int n = 0;
  ASSERT_TRUE(formats::for_each_zip_entry(zip, [&](const std::string&, std::string_view text) {
                auto a = formats::read_osv(text);
                EXPECT_TRUE(a.ok());
                if (a.ok()) ix.put_advisory(*a), ++n;
                return true;
              }).ok());
  EXPECT_EQ(n, 4291);
  auto f = ix.match({comp("pkg:golang/github.com/coder/coder/v2@v2.14.3")});
  EXPECT_TRUE(std::any_of(f.begin(), f.end(), [](const Finding& x) { return x.advisory_id() == "GO-2024-3228"; }));
  f = ix.match({comp("pkg:golang/github.com/coder/coder/v2@v2.14.4")});
  EXPECT_FALSE(std::any_of(f.begin(), f.end(), [](const Finding& x) { return x.advisory_id() == "GO-2024-3228"; }));
  EXPECT_EQ(ix.stats().advisories, 4291u);
}

}  // namespace
}  // namespace loudong::match
