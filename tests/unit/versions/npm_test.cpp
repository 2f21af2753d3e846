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

}  // namespace
}  // namespace loudong::versions
