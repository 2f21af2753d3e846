#include "versions/npm.h"

#include "vector_support.h"
#include "versions/vers.h"

namespace loudong::versions {
namespace {

using nlohmann::json;
using vectest::Tally;

// JavaScript truthiness: node-semver's options are read as `!!options.loose`.
bool truthy(const json& j) {
  if (j.is_boolean()) return j.get<bool>();
  if (j.is_number()) return j.get<double>() != 0;
  if (j.is_string()) return !j.get<std::string>().empty();
  return j.is_object() || j.is_array();
}

npm::Options options_at(const json& c, size_t i) {
  npm::Options o;
  if (c.size() <= i) return o;
  if (c[i].is_boolean()) o.loose = c[i].get<bool>();
  if (c[i].is_object()) {
    o.loose = c[i].contains("loose") && truthy(c[i]["loose"]);
    o.include_prerelease = c[i].contains("includePrerelease") && truthy(c[i]["includePrerelease"]);
  }
  return o;
}

// Runs fn over every case of a node-semver fixture file.
template <class Fn>
void run_file(const std::string& name, Fn fn) {
  std::string rel = "node-semver/" + name;
  json cases = vectest::read_json(vectest::vectors(rel));
  ASSERT_TRUE(cases.is_array());
  Tally tally(rel);
  int skipped = 0;
  for (size_t i = 0; i < cases.size(); ++i) {
    std::string detail;
    std::optional<bool> ok = fn(cases[i], detail);
    if (!ok) {
      tally.skip(detail);
      ++skipped;
      continue;
    }
    tally.record(rel + "#" + std::to_string(i), *ok, cases[i].dump() + " " + detail);
  }
  EXPECT_GT(tally.ran(), 0);
  EXPECT_EQ(tally.ran() + skipped, static_cast<int>(cases.size()));
}

std::optional<bool> satisfies(const json& c, std::string& detail, bool want) {
  auto r = npm::Range::parse(c[0].get<std::string>(), options_at(c, 2));
  if (!r.ok()) return detail = r.error().message(), !want;
  detail = "range " + r->to_string();
  if (!c[1].is_string()) return !want;  // Range.test(false) is false
  return r->test(c[1].get<std::string>()) == want;
}

TEST(NodeSemver, RangeInclude) {
  run_file("range-include.json", [](const json& c, std::string& d) { return satisfies(c, d, true); });
}

TEST(NodeSemver, RangeExclude) {
  run_file("range-exclude.json", [](const json& c, std::string& d) { return satisfies(c, d, false); });
}

TEST(NodeSemver, RangeParse) {
  run_file("range-parse.json", [](const json& c, std::string& d) -> std::optional<bool> {
    auto r = npm::Range::parse(c[0].get<std::string>(), options_at(c, 2));
    if (c[1].is_null()) return d = r.ok() ? "parsed as " + r->to_string() : "", !r.ok();
    if (!r.ok()) return d = r.error().message(), false;
    return d = "got " + r->to_string(), r->to_string() == c[1].get<std::string>();
  });
}

TEST(NodeSemver, Comparisons) {
  run_file("comparisons.json", [](const json& c, std::string& d) -> std::optional<bool> {
    auto o = options_at(c, 2);
    const std::string sa = c[0], sb = c[1];  // the views below borrow these
    auto a = npm::parse_version(sa, o), b = npm::parse_version(sb, o);
    if (!a.ok() || !b.ok()) return d = "unparseable", false;
    return semver::compare(*a, *b) > 0 && semver::compare(*b, *a) < 0;
  });
}

TEST(NodeSemver, Equality) {
  run_file("equality.json", [](const json& c, std::string& d) -> std::optional<bool> {
    auto o = options_at(c, 2);
    const std::string sa = c[0], sb = c[1];  // the views below borrow these
    auto a = npm::parse_version(sa, o), b = npm::parse_version(sb, o);
    if (!a.ok() || !b.ok()) return d = "unparseable", false;
    return semver::compare(*a, *b) == 0;
  });
}

TEST(NodeSemver, ValidVersions) {
  run_file("valid-versions.json", [](const json& c, std::string& d) -> std::optional<bool> {
    const std::string text = c[0];
    auto v = npm::parse_version(text);
    if (!v.ok()) return d = v.error().message(), false;
    std::string pre, build;
    for (const auto& p : c[4]) pre += (pre.empty() ? "" : ".") + (p.is_string() ? p.get<std::string>() : p.dump());
    for (const auto& p : c[5]) build += (build.empty() ? "" : ".") + p.get<std::string>();
    d = "got " + semver::format(*v, true);
    return v->major == c[1].dump() && v->minor == c[2].dump() && v->patch == c[3].dump() && v->pre == pre &&
           v->build == build;
  });
}

TEST(NodeSemver, InvalidVersions) {
  run_file("invalid-versions.json", [](const json& c, std::string& d) -> std::optional<bool> {
    // node-semver's non-string inputs (regexps, objects) have no C++ form.
    if (!c[0].is_string()) return d = "input is not a string (JavaScript type check)", std::nullopt;
    auto v = npm::parse_version(c[0].get<std::string>(), options_at(c, 2));
    return d = v.ok() ? "parsed" : "", !v.ok();
  });
}

TEST(Npm, SchemeOrdersAndConvertsRanges) {
  const VersionScheme* s = scheme_for("npm");
  ASSERT_NE(s, nullptr);
  EXPECT_EQ(*s->compare("1.2.3-beta.2", "1.2.3-beta.11"), -1);
  EXPECT_EQ(*s->compare("v1.2.3", "1.2.3+build"), 0);
  EXPECT_FALSE(s->compare("1.2", "1.2.0").ok());
  auto r = from_native("npm", "1.2.x || >=3.0.0 <3.1.0-beta");
  ASSERT_TRUE(r.ok()) << r.error().message();
  EXPECT_EQ(to_string(*r), "vers:npm/>=1.2.0|<1.3.0|>=3.0.0|<3.1.0-beta");
}


// Issue 12: the three classes of disagreement with node-semver's satisfies.
// Each row is checked on both paths a user meets: `versions contains npm`
// (contains_native, node-semver's rule) and matching (the vers form, version
// order), which may hold more prereleases but never fewer versions.
struct SatisfiesCase {
  const char* range;
  const char* version;
  bool include_prerelease;
  Containment satisfies;  // node-semver's answer
  Containment vers;       // the vers form's answer (version order)
  const char* why;
};

const SatisfiesCase kIssue12[] = {
    // 1. A later alternative holds the version: a flattened vers form lost it.
    {"0.x - 1.1 || >=0 >=0.0.10", "3.0.2", false, Containment::yes, Containment::yes, "second alternative"},
    {"0.x - 1.1 || >=0 >=0.0.10", "1.1.9", false, Containment::yes, Containment::yes, "first alternative"},
    {"^1.0.0 || ^3.0.0", "3.4.0", false, Containment::yes, Containment::yes, "disjoint alternatives"},
    {">=1.0.0 <1.5.0 || >=1.2.0 <2.0.0", "1.7.0", false, Containment::yes, Containment::yes, "overlapping alternatives"},
    // 2. A hyphen range whose lower bound is above its upper holds nothing.
    {"10.x - 2.1 || 10.x - 3.1", "2.1.1", false, Containment::no, Containment::no, "reversed hyphens"},
    {"3.x - 1.3", "0.0.2", false, Containment::no, Containment::no, "reversed hyphen, below both"},
    {"3.x - 1.3", "5.0.0", false, Containment::no, Containment::no, "reversed hyphen, above both"},
    {"1.2.3 1.2.4", "1.2.3", false, Containment::no, Containment::no, "two exact versions at once"},
    // 3. Prereleases: node-semver needs a comparator with a prerelease on the
    //    same major.minor.patch; version order (vers) keeps them inside.
    {"*", "2.0.1-alpha", false, Containment::no, Containment::yes, "star"},
    {"1.x", "1.10.2-rc.1", false, Containment::no, Containment::yes, "x-range"},
    {"10.x.x || *", "10.2.1-alpha.1", false, Containment::no, Containment::yes, "alternatives"},
    {"*", "2.0.1-alpha", true, Containment::yes, Containment::yes, "includePrerelease"},
    {"1.x", "1.10.2-rc.1", true, Containment::yes, Containment::yes, "includePrerelease"},
    {"10.x.x || *", "10.2.1-alpha.1", true, Containment::yes, Containment::yes, "includePrerelease"},
    {">=1.2.3-beta.1 <2", "1.2.3-beta.4", false, Containment::yes, Containment::yes, "same tuple, opted in"},
    {">=1.2.3-beta.1 <2", "1.2.4-beta.4", false, Containment::no, Containment::yes, "another tuple"},
};

TEST(Npm, Issue12SatisfiesAndVersForm) {
  for (const auto& c : kIssue12) {
    SCOPED_TRACE(std::string(c.range) + " holds " + c.version + " (" + c.why + ")");
    auto got = contains_native("npm", c.range, c.version, {c.include_prerelease});
    ASSERT_TRUE(got.ok()) << got.error().message();
    EXPECT_EQ(*got, c.satisfies);
    auto v = from_native("npm", c.range);
    ASSERT_TRUE(v.ok()) << v.error().message();
    auto in = contains(*v, c.version);
    ASSERT_TRUE(in.ok());
    EXPECT_EQ(*in, c.vers) << to_string(*v);
  }
}

TEST(Npm, VersFormOfRangesNothingSatisfiesIsEmpty) {
  for (const char* r : {"3.x - 1.3", "10.x - 2.1 || 10.x - 3.1", "1.2.3 1.2.4", "<0.0.0-0", ">*", ">2 <1"}) {
    auto v = from_native("npm", r);
    ASSERT_TRUE(v.ok()) << r << ": " << v.error().message();
    EXPECT_EQ(to_string(*v), "vers:npm/<0.0.0-0") << r;
    for (const char* version : {"0.0.0-0", "0.0.0", "1.2.3", "2.0.0-rc.1", "99.0.0"})
      EXPECT_EQ(*contains(*v, version), Containment::no) << r << " holds " << version;
  }
}

TEST(Npm, ContainsNativeReadsLikeNpm) {
  struct Row {
    const char* range;
    const char* version;
    const char* want;  // yes, no, unknown or error
  };
  const Row rows[] = {
      {"=v 1.2.3", "1.2.3", "yes"},           // strict-invalid, loose-valid range
      {"^1.2", "v1.5.0", "yes"},              // a "v" prefix on the version
      {"^1.2", "=1.5.0", "yes"},              // loose version
      {">= 1.2.3  <  2", "1.9.9", "yes"},     // whitespace after operators
      {"1.2.3 - 2.3.4", "2.3.4+build", "yes"},
      {"^1.2", "1.2", "unknown"},             // not a version: never "no"
      {"^1.2", "", "unknown"},
      {">>1", "1.0.0", "error"},
      {"^1.x.5", "1.9.0", "yes"},             // a caret reads "1.x.5" as "1.x"
  };
  for (const auto& r : rows) {
    auto c = contains_native("npm", r.range, r.version);
    std::string got = !c.ok() ? "error" : *c == Containment::yes ? "yes" : *c == Containment::no ? "no" : "unknown";
    EXPECT_EQ(got, r.want) << r.range << " holds " << r.version;
  }
}

}  // namespace
}  // namespace loudong::versions
