#include "versions/purl.h"

#include <algorithm>
#include <filesystem>

#include "vector_support.h"

namespace loudong::versions {
namespace {

using nlohmann::json;
using vectest::Tally;

std::string str_or_empty(const json& j) { return j.is_string() ? j.get<std::string>() : std::string(); }
std::optional<std::string> opt(const json& j) {
  return j.is_string() ? std::optional<std::string>(j.get<std::string>()) : std::nullopt;
}

// One purl-spec case; returns ok and a description of a mismatch.
bool run_case(const json& t, std::string& detail) {
  const std::string type = t["test_type"];
  const bool fail = t.value("expected_failure", false);
  const PurlMode mode = t.value("test_group", "required") == "recommended" ? PurlMode::lenient : PurlMode::strict;
  if (type == "parse" || type == "validate") {
    auto r = parse_purl(t["input"].get<std::string>(), mode);
    if (fail) {
      detail = r.ok() ? "parsed but must fail: " + to_string(*r) : "";
      return !r.ok();
    }
    if (!r.ok()) {
      detail = r.error().message();
      return false;
    }
    if (type == "validate") {
      detail = "got " + to_string(*r);
      return to_string(*r) == t["expected_output"].get<std::string>();
    }
    const json& e = t["expected_output"];
    std::map<std::string, std::string> q;
    if (e["qualifiers"].is_object()) q = e["qualifiers"].get<std::map<std::string, std::string>>();
    PackageUrl want{e["type"], str_or_empty(e["namespace"]), e["name"], str_or_empty(e["version"]), q,
                    str_or_empty(e["subpath"])};
    detail = "got " + to_string(*r) + ", want " + to_string(want);
    return *r == want;
  }
  if (type == "build") {
    const json& in = t["input"];
    PurlParts parts{opt(in["type"]), opt(in["namespace"]), opt(in["name"]), opt(in["version"]), opt(in["subpath"]), {}};
    if (in["qualifiers"].is_object()) parts.qualifiers = in["qualifiers"].get<std::map<std::string, std::string>>();
    auto r = build_purl(parts);
    if (fail) {
      detail = r.ok() ? "built but must fail: " + to_string(*r) : "";
      return !r.ok();
    }
    if (!r.ok()) {
      detail = r.error().message();
      return false;
    }
    detail = "got " + to_string(*r);
    return to_string(*r) == t["expected_output"].get<std::string>();
  }
  detail = "unknown test_type " + type;
  return false;
}

TEST(PurlSpec, AllSpecAndTypeVectors) {
  namespace fs = std::filesystem;
  std::vector<fs::path> files;
  for (const char* dir : {"spec", "types"}) {
    for (const auto& e : fs::directory_iterator(vectest::vectors("purl-spec/tests/") + dir))
      if (e.path().extension() == ".json") files.push_back(e.path());
  }
  std::sort(files.begin(), files.end());
  ASSERT_GT(files.size(), 10u);
  int total = 0;
  for (const auto& f : files) {
    std::string rel = "purl-spec/tests/" + f.parent_path().filename().string() + "/" + f.filename().string();
    json doc = vectest::read_json(f.string());
    const auto& tests = doc["tests"];
    Tally tally(rel);
    for (size_t i = 0; i < tests.size(); ++i) {
      std::string detail;
      bool ok = run_case(tests[i], detail);
      tally.record(rel + "#" + std::to_string(i), ok, tests[i]["input"].dump() + ": " + detail);
    }
    EXPECT_EQ(tally.ran(), static_cast<int>(tests.size())) << rel;
    total += tally.ran();
  }
  std::cout << "[vectors] purl-spec total cases run: " << total << std::endl;
  EXPECT_EQ(total, 586);
}

TEST(Purl, ErrorsNameTheComponent) {
  auto r = parse_purl("pkg:npm/x@1.0?a=%zz");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message().find("qualifiers"), std::string::npos) << r.error().message();
  auto n = parse_purl("pkg:maven/org.example/@1.0");
  ASSERT_FALSE(n.ok());
  EXPECT_EQ(n.error().fields().at(0).field, "name");
}

// Found by advisory_json_fuzz: "%80" decoded to a lone continuation byte,
// which the OSV writer then emitted and every JSON reader refused.
TEST(Purl, RefusesPercentEncodingThatIsNotUtf8) {
  for (const char* bad : {"pkg:npm/%80example/markdown", "pkg:npm/x@1%C3", "pkg:npm/x?a=%ED%A0%80",
                          "pkg:generic/x#%C0%AF"}) {
    auto r = parse_purl(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_NE(r.error().message().find("not UTF-8"), std::string::npos) << r.error().message();
  }
  auto ok = parse_purl("pkg:generic/%E6%BC%8F%E6%B4%9E@1.0");
  ASSERT_TRUE(ok.ok()) << ok.error().message();
  EXPECT_EQ(ok->name, "漏洞");
}

TEST(Purl, RoundTripsEncodedCharacters) {
  auto r = parse_purl("pkg:deb/debian/attr@1:2.4.47-2%2Bb1?arch=amd64#a/./b/../c");
  ASSERT_TRUE(r.ok()) << r.error().message();
  EXPECT_EQ(r->version, "1:2.4.47-2+b1");
  EXPECT_EQ(r->subpath, "a/b/c");
  EXPECT_EQ(to_string(*r), "pkg:deb/debian/attr@1:2.4.47-2%2Bb1?arch=amd64#a/b/c");
}

}  // namespace
}  // namespace loudong::versions
