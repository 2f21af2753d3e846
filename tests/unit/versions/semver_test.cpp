// SemVer, Go, Cargo, Hex and Pub orderings against golang/mod and
// osv-scalibr vectors.
#include <fstream>

#include "vector_support.h"
#include "versions/golang.h"
#include "versions/scheme.h"

namespace loudong::versions {
namespace {

using nlohmann::json;
using vectest::Tally;

// osv-scalibr "a < b" / "a = b" / "a > b" lines; '#' and '//' lines and
// blank lines are comments.
void run_scalibr(const std::string& file, const char* scheme_name) {
  const VersionScheme* s = scheme_for(scheme_name);
  ASSERT_NE(s, nullptr) << scheme_name;
  std::string rel = "osv-scalibr-semantic/" + file;
  std::ifstream in(vectest::vectors(rel));
  ASSERT_TRUE(in) << rel;
  Tally tally(rel);
  std::string line;
  int lines = 0;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#' || line.rfind("//", 0) == 0) continue;
    ++lines;
    size_t sp1 = line.find(' '), sp2 = line.find(' ', sp1 + 1);
    ASSERT_NE(sp2, std::string::npos) << line;
    std::string a = line.substr(0, sp1), op = line.substr(sp1 + 1, sp2 - sp1 - 1), b = line.substr(sp2 + 1);
    auto ab = s->compare(a, b), ba = s->compare(b, a);
    bool ok = ab.ok() && ba.ok() && *ab == -*ba &&
              ((op == "<" && *ab < 0) || (op == "=" && *ab == 0) || (op == ">" && *ab > 0));
    tally.record(rel + "#" + line, ok, ab.ok() ? "compare gave " + std::to_string(*ab) : ab.error().message());
  }
  EXPECT_GT(lines, 0);
  EXPECT_EQ(tally.ran(), lines);
}

TEST(SemverScheme, ScalibrSemver) { run_scalibr("semver-versions.txt", "SemVer"); }
TEST(PubScheme, ScalibrPub) { run_scalibr("pub-versions.txt", "Pub"); }

TEST(GoScheme, GolangModVectors) {
  std::string rel = "go-semver/semver_tests.json";
  json doc = vectest::read_json(vectest::vectors(rel));
  const VersionScheme* go = scheme_for("Go");
  ASSERT_NE(go, nullptr);
  const auto& tests = doc["tests"];
  Tally tally(rel);
  for (size_t i = 0; i < tests.size(); ++i) {
    std::string in = tests[i][0], out = tests[i][1];
    auto canon = golang::canonical(in);
    bool ok = out.empty() ? !canon.ok() : (canon.ok() && *canon == out);
    // Ordering: compare against every other valid entry by list position.
    for (size_t j = 0; ok && !out.empty() && j < tests.size(); ++j) {
      std::string other_out = tests[j][1];
      if (other_out.empty()) continue;
      auto c = go->compare(in, tests[j][0].get<std::string>());
      int want = out == other_out ? 0 : (i < j ? -1 : 1);
      ok = c.ok() && *c == want;
    }
    tally.record(rel + "#" + std::to_string(i), ok, in);
  }
  const auto& extra = doc["extra_compare"];
  for (size_t i = 0; i < extra.size(); ++i) {
    auto c = go->compare(extra[i][0].get<std::string>(), extra[i][1].get<std::string>());
    tally.record(rel + "#extra" + std::to_string(i), c.ok() && *c == extra[i][2].get<int>(), extra[i].dump());
  }
  EXPECT_EQ(tally.ran(), static_cast<int>(tests.size() + extra.size()));
}

TEST(GoScheme, IncompatibleAndPseudoVersions) {
  const VersionScheme* go = scheme_for("golang");
  EXPECT_EQ(*go->compare("v2.0.0+incompatible", "v2.0.0"), 0);
  EXPECT_EQ(*go->compare("v0.0.0-20191109021931-daa7c04131f5", "v0.0.0-20200101000000-aaaaaaaaaaaa"), -1);
  EXPECT_EQ(*go->compare("v1.2.4-0.20191109021931-daa7c04131f5", "v1.2.4"), -1);
  EXPECT_EQ(*go->compare("v1.2.4-0.20191109021931-daa7c04131f5", "v1.2.3"), 1);
  EXPECT_EQ(*go->compare("1.2.3", "v1.2.3"), 0);  // OSV writes Go versions without "v"
  EXPECT_FALSE(go->validate("v1.2-pre").ok());
}

TEST(CargoScheme, StrictSemver) {
  const VersionScheme* c = scheme_for("crates.io");
  ASSERT_NE(c, nullptr);
  EXPECT_EQ(*c->compare("1.0.0-alpha.1", "1.0.0-alpha.beta"), -1);
  EXPECT_FALSE(c->validate("1.2").ok());
  EXPECT_FALSE(c->validate("01.2.3").ok());
  EXPECT_FALSE(c->validate("1.2.3-01").ok());
  auto err = c->compare("1.2.3", "1.2.x");
  ASSERT_FALSE(err.ok());
  EXPECT_NE(err.error().message().find("1.2.x"), std::string::npos);
}

TEST(HexScheme, ElixirVersions) {
  const VersionScheme* h = scheme_for("Hex");
  ASSERT_NE(h, nullptr);
  EXPECT_EQ(*h->compare("1.0.0-rc.1", "1.0.0"), -1);
  EXPECT_EQ(*h->compare("1.0.0+build", "1.0.0"), 0);
  EXPECT_FALSE(h->validate("2.3.").ok());
}

TEST(GenericScheme, NaturalOrder) {
  const VersionScheme* g = scheme_for("generic");
  ASSERT_NE(g, nullptr);
  EXPECT_EQ(*g->compare("1.10", "1.9"), 1);
  EXPECT_EQ(*g->compare("1.0", "1.0.1"), -1);
  EXPECT_EQ(*g->compare("2024-01", "2024-01"), 0);
  EXPECT_FALSE(g->validate("a|b").ok());
}

TEST(Registry, MapsOsvEcosystemsAndVersNames) {
  auto name = [](const char* n) { auto* s = scheme_for(n); return s ? std::string(s->name()) : std::string("-"); };
  EXPECT_EQ(name("npm"), "npm");
  EXPECT_EQ(name("Go"), "golang");
  EXPECT_EQ(name("crates.io"), "cargo");
  EXPECT_EQ(name("Hex"), "hex");
  EXPECT_EQ(name("Pub"), "pub");
  EXPECT_EQ(name("SemVer"), "semver");
  EXPECT_EQ(name("GIT"), "-");
  EXPECT_EQ(name("no-such-ecosystem"), "-");
  // Distribution schemes resolve when their implementation is present.
  for (const char* eco : {"Debian:12", "Ubuntu:22.04", "Alpine:v3.19", "Red Hat", "Rocky Linux", "AlmaLinux", "SUSE",
                          "openSUSE", "PyPI", "Maven", "RubyGems", "NuGet", "Packagist", "CRAN"}) {
    const VersionScheme* s = scheme_for(eco);
    if (s) {
      EXPECT_FALSE(s->name().empty()) << eco;
    } else {
      std::cout << "[registry] no scheme yet for " << eco << std::endl;
    }
  }
}

}  // namespace
}  // namespace loudong::versions
