#include "versions/vers.h"

#include <algorithm>
#include <filesystem>
#include <set>

#include "vector_support.h"

namespace loudong::versions {
namespace {

using nlohmann::json;
using vectest::Tally;

// Schemes whose vers-spec cases this file runs; the other schemes' own
// test files (pypi_test.cpp, maven_test.cpp, ...) run theirs, with their
// gaps, so each case has one owner.
const std::set<std::string> kOwnSchemes = {"npm", "semver", "golang", "cargo", "hex", "pub", "generic"};

// nullopt when the case is not this file's to run; detail says why.
std::optional<bool> not_ours(const std::string& name, std::string& detail) {
  const VersionScheme* s = scheme_for(name);
  if (!s) return detail = "scheme " + name + " missing", std::nullopt;
  detail = "run by the " + std::string(s->name()) + " scheme test";
  return std::nullopt;
}
bool ours(const std::string& name) {
  const VersionScheme* s = scheme_for(name);
  return s && kOwnSchemes.count(std::string(s->name()));
}

std::string scheme_of_vers(const std::string& v) {
  auto colon = v.find(':'), slash = v.find('/');
  return colon == std::string::npos || slash == std::string::npos ? "" : v.substr(colon + 1, slash - colon - 1);
}

// Runs one case: returns nullopt when skipped (reason in detail).
std::optional<bool> run_case(const json& t, std::string& detail) {
  const std::string type = t["test_type"];
  const bool fail = t.value("expected_failure", false);
  const bool recommended = t.value("test_group", "required") == "recommended";
  const json& in = t["input"];
  if (type == "comparison" || type == "equality") {
    std::string name = in["input_scheme"];
    if (!ours(name)) return not_ours(name, detail);
    const VersionScheme* s = scheme_for(name);
    auto v = in["versions"];
    auto c = type == "comparison" ? s->compare(t["expected_output"][0].get<std::string>(), t["expected_output"][1].get<std::string>())
                                  : s->compare(v[0].get<std::string>(), v[1].get<std::string>());
    if (!c.ok()) return detail = c.error().message(), false;
    if (type == "comparison") return *c < 0;
    return (*c == 0) == t["expected_output"].get<bool>();
  }
  if (type == "from_native") {
    std::string name = in["scheme"];
    if (!ours(name)) return not_ours(name, detail);
    auto r = from_native(name, in["native_range"].get<std::string>());
    if (!r.ok()) return detail = r.error().message(), false;
    detail = "got " + to_string(*r);
    return to_string(*r) == t["expected_output"].get<std::string>();
  }
  if (type == "containment") {
    std::string text = in["vers"];
    std::string name = scheme_of_vers(text);
    if (!ours(name)) return not_ours(name, detail);
    auto r = parse_vers(text);
    if (!r.ok()) return detail = r.error().message(), false;
    std::string why;
    auto c = contains(*r, in["version"].get<std::string>(), &why);
    if (!c.ok()) return detail = c.error().message(), false;
    detail = "unknown: " + why;
    if (*c == Containment::unknown) return false;
    return (*c == Containment::yes) == t["expected_output"].get<bool>();
  }
  if (type == "parse" || type == "validate") {
    std::string text = in;
    std::string name = scheme_of_vers(text);
    if (!ours(name)) return not_ours(name, detail);
    auto r = parse_vers(text, type == "validate" && recommended ? VersMode::lenient : VersMode::canonical);
    if (fail) return detail = r.ok() ? "parsed but must fail: " + to_string(*r) : "", !r.ok();
    if (!r.ok()) return detail = r.error().message(), false;
    if (type == "validate") return detail = "got " + to_string(*r), to_string(*r) == t["expected_output"].get<std::string>();
    VersRange want{t["expected_output"]["scheme"], {}};
    for (const auto& c : t["expected_output"]["version_constraints"]) want.constraints.push_back({c[0], c[1]});
    detail = "got " + to_string(*r);
    return *r == want;
  }
  return detail = "unknown test_type " + type, false;
}

TEST(VersSpec, AllVectorFiles) {
  namespace fs = std::filesystem;
  std::vector<fs::path> files;
  for (const auto& e : fs::directory_iterator(vectest::vectors("vers-spec/tests")))
    if (e.path().extension() == ".json") files.push_back(e.path());
  std::sort(files.begin(), files.end());
  ASSERT_GT(files.size(), 10u);
  int run = 0, skipped = 0, all = 0;
  for (const auto& f : files) {
    std::string rel = "vers-spec/tests/" + f.filename().string();
    json doc = vectest::read_json(f.string());
    const auto& tests = doc["tests"];
    Tally tally(rel);
    int file_skipped = 0;
    for (size_t i = 0; i < tests.size(); ++i) {
      std::string detail;
      auto ok = run_case(tests[i], detail);
      if (!ok) {
        tally.skip(detail);
        ++file_skipped;
        continue;
      }
      tally.record(rel + "#" + std::to_string(i), *ok, tests[i]["input"].dump() + ": " + detail);
    }
    EXPECT_EQ(tally.ran() + file_skipped, static_cast<int>(tests.size())) << rel;
    run += tally.ran();
    skipped += file_skipped;
    all += static_cast<int>(tests.size());
  }
  std::cout << "[vectors] vers-spec: " << all << " cases, " << run << " run, " << skipped << " skipped" << std::endl;
  EXPECT_GT(run, 0);
  EXPECT_EQ(all, run + skipped);
}

TEST(Vers, ParsesLenientlyAndPrintsCanonically) {
  auto r = parse_vers("VERS:NPM/ <2.0.0 | >=1.0.0 ||");
  ASSERT_TRUE(r.ok()) << r.error().message();
  EXPECT_EQ(to_string(*r), "vers:npm/>=1.0.0|<2.0.0");
  EXPECT_FALSE(parse_vers("vers:npm/<2.0.0|>=1.0.0", VersMode::canonical).ok());
  EXPECT_FALSE(parse_vers("vers:npm/*|1.0.0").ok());
  EXPECT_FALSE(parse_vers("npm/1.0.0").ok());
}

// Found by vers_fuzz: a decoded version that reads as syntax ("*", a leading
// comparator) must print encoded, so that canonical output parses back to itself.
TEST(Vers, PrintsSyntaxLikeVersionsEncoded) {
  for (const char* text : {"vers:generic/>%2a", "vers:generic/%3E1", "vers:generic/>=%3C2|<%213", "vers:generic/%2A"}) {
    auto r = parse_vers(text);
    ASSERT_TRUE(r.ok()) << text << ": " << r.error().message();
    std::string canon = to_string(*r);
    auto again = parse_vers(canon, VersMode::canonical);
    ASSERT_TRUE(again.ok()) << text << " printed as " << canon << ": " << again.error().message();
    EXPECT_EQ(*again, *r) << text << " printed as " << canon;
    EXPECT_EQ(to_string(*again), canon);
  }
  EXPECT_EQ(to_string(*parse_vers("vers:generic/>%2a")), "vers:generic/>%2A");
  EXPECT_EQ(to_string(*parse_vers("vers:generic/%3E1")), "vers:generic/%3E1");
}

TEST(Vers, ContainmentFollowsTheSpecAlgorithm) {
  auto r = parse_vers("vers:npm/>=1.0.0|<1.5.0|!=1.2.0|>=2.0.0|<3.0.0|4.0.0");
  ASSERT_TRUE(r.ok()) << r.error().message();
  auto is = [&](const char* v) { return *contains(*r, v); };
  EXPECT_EQ(is("1.1.0"), Containment::yes);
  EXPECT_EQ(is("1.2.0"), Containment::no);
  EXPECT_EQ(is("1.7.0"), Containment::no);
  EXPECT_EQ(is("2.5.0"), Containment::yes);
  EXPECT_EQ(is("4.0.0"), Containment::yes);
  EXPECT_EQ(is("3.5.0"), Containment::no);
  EXPECT_EQ(*contains(*parse_vers("vers:npm/!=1.0.0"), "2.0.0"), Containment::yes);
  EXPECT_EQ(*contains(*parse_vers("vers:npm/>=2.0.0"), "10.0.0"), Containment::yes);
}

TEST(Vers, UndecidableIsUnknownNeverNo) {
  std::string why;
  auto unknown_scheme = parse_vers("vers:nosuchscheme/>=1.0");
  ASSERT_TRUE(unknown_scheme.ok());
  EXPECT_EQ(*contains(*unknown_scheme, "1.5", &why), Containment::unknown);
  EXPECT_NE(why.find("nosuchscheme"), std::string::npos);
  auto npm = parse_vers("vers:npm/>=1.0.0|<2.0.0");
  EXPECT_EQ(*contains(*npm, "not-a-version", &why), Containment::unknown);
  EXPECT_FALSE(why.empty());
  EXPECT_EQ(*contains(*parse_vers("vers:golang/<1.2.3"), "v1-pre"), Containment::unknown);
}

TEST(Vers, FromNativeAcrossTheSemverFamily) {
  auto text = [](const char* scheme, const char* native) {
    auto r = from_native(scheme, native);
    return r.ok() ? to_string(*r) : "error: " + r.error().message();
  };
  EXPECT_EQ(text("npm", "^1.2.3 || ~0.1.2"), "vers:npm/>=0.1.2|<0.2.0|>=1.2.3|<2.0.0");
  EXPECT_EQ(text("crates.io", ">=1.2, <1.5"), "vers:cargo/>=1.2.0|<1.5.0");
  EXPECT_EQ(text("cargo", "^0.2.3"), "vers:cargo/>=0.2.3|<0.3.0");
  EXPECT_EQ(text("cargo", "1.2.*"), "vers:cargo/>=1.2.0|<1.3.0");
  EXPECT_EQ(text("Hex", "~> 2.0"), "vers:hex/>=2.0.0|<3.0.0");
  EXPECT_EQ(text("hex", "~> 2.1.2 or == 3.0.0"), "vers:hex/>=2.1.2|<2.2.0|3.0.0");
  EXPECT_EQ(text("Pub", "^0.1.2"), "vers:pub/>=0.1.2|<0.2.0");
  EXPECT_EQ(text("pub", ">=1.0.0 <2.0.0"), "vers:pub/>=1.0.0|<2.0.0");
  EXPECT_EQ(text("npm", "*"), "vers:npm/*");
  auto go = from_native("Go", ">=1.0.0");
  ASSERT_FALSE(go.ok());
  EXPECT_EQ(go.error().code(), "unsupported");
  EXPECT_EQ(from_native("nosuch", "1").error().code(), "unknown_scheme");
}

}  // namespace
}  // namespace loudong::versions
