#include <gtest/gtest.h>

#include "scheme_vectors.h"

namespace loudong::versions {
namespace {
using nlohmann::json;
using testing::Tally;

json pypa(const std::string& file) { return json::parse(testing::read_all(testing::vectors("pypa-packaging/" + file))); }

// The values of the first parameter group of a packaging test.
const json& values(const json& j, const char* key) { return j.at(key).at(0).at("values"); }

TEST(PypiScheme, PypaOrderedVersions) {
  auto s = make_pypi_scheme();
  ASSERT_NE(s, nullptr);
  auto j = pypa("test_version.params.json");
  auto vs = j.at("CONST:VERSIONS").get<std::vector<std::string>>();
  Tally t("pypa-packaging/test_version.params.json#VERSIONS");
  for (std::size_t a = 0; a < vs.size(); ++a)
    for (std::size_t b = 0; b < vs.size(); ++b) {
      int want = a < b ? -1 : a > b ? 1 : 0;
      auto r = s->compare(vs[a], vs[b]);
      t.check(vs[a] + " vs " + vs[b], r.ok() && r.value() == want, testing::show(r));
    }
}

TEST(PypiScheme, PypaInvalidAndNormalized) {
  auto s = make_pypi_scheme();
  auto j = pypa("test_version.params.json");
  Tally inv("pypa-packaging/test_version.params.json#test_invalid_versions");
  for (const auto& v : values(j, "test_invalid_versions")) inv.check(v.get<std::string>(), !s->validate(v.get<std::string>()).ok());
  Tally norm("pypa-packaging/test_version.params.json#test_normalized_versions");
  for (const auto& p : values(j, "test_normalized_versions")) {
    auto r = s->compare(p.at(0).get<std::string>(), p.at(1).get<std::string>());
    norm.check(p.at(0).get<std::string>(), r.ok() && r.value() == 0, testing::show(r));
  }
  Tally repr("pypa-packaging/test_version.params.json#test_version_str_repr");
  for (const auto& p : values(j, "test_version_str_repr")) {
    auto r = s->compare(p.at(0).get<std::string>(), p.at(1).get<std::string>());
    repr.check(p.at(0).get<std::string>(), r.ok() && r.value() == 0, testing::show(r));
  }
}

void contains_case(const VersionScheme& s, Tally& t, const std::string& spec, const std::string& version, bool want) {
  auto range = s.parse_native_range(spec);
  if (!range) {
    t.check(spec + " contains " + version, false, range.error().message());
    return;
  }
  auto in = testing::contains(s, *range, version);
  // An unparsable version is never "in" a range: contains() says unknown.
  bool got = in.ok() && in.value();
  t.check(spec + " contains " + version, (in.ok() || !want) && got == want, testing::render(*range));
}

TEST(PypiScheme, PypaSpecifierContains) {
  auto s = make_pypi_scheme();
  Tally t("pypa-packaging/specifier_contains.json");
  auto j = pypa("specifier_contains.json");
  for (const auto& c : j.at("values"))
    contains_case(*s, t, c.at(1).get<std::string>(), c.at(0).get<std::string>(), c.at(2).get<bool>());
}

TEST(PypiScheme, PypaSpecifierGroups) {
  auto s = make_pypi_scheme();
  auto j = pypa("test_specifiers.params.json");
  {
    Tally t("pypa-packaging/test_specifiers.params.json#test_specifiers_invalid");
    for (const auto& v : values(j, "test_specifiers_invalid"))
      t.check(v.get<std::string>(), !s->parse_native_range(v.get<std::string>()).ok());
  }
  // [spec, version, expected] groups.
  for (const char* g : {"test_boundary_closure_short_release", "test_contains_post_release_boundary_intersection"}) {
    Tally t(std::string("pypa-packaging/test_specifiers.params.json#") + g);
    for (const auto& c : values(j, g))
      contains_case(*s, t, c.at(0).get<std::string>(), c.at(1).get<std::string>(), c.at(2).get<bool>());
  }
  // [version, spec, expected] groups.
  for (const char* g : {"test_comparison_ignores_local", "test_arbitrary_equality", "test_contains_arbitrary_equality_contains"}) {
    Tally t(std::string("pypa-packaging/test_specifiers.params.json#") + g);
    for (const auto& c : values(j, g))
      contains_case(*s, t, c.at(1).get<std::string>(), c.at(0).get<std::string>(), c.at(2).get<bool>());
  }
}

TEST(PypiScheme, ScalibrVectors) {
  auto s = make_pypi_scheme();
  testing::run_scalibr(*s, "pypi-versions.txt");
  testing::run_scalibr(*s, "pypi-versions-generated.txt");
}

TEST(PypiScheme, VersSpecFromNative) {
  auto s = make_pypi_scheme();
  Tally t("vers-spec/tests/pypi_range_from_native_test.json");
  auto j = json::parse(testing::read_all(testing::vectors("vers-spec/tests/pypi_range_from_native_test.json")));
  for (const auto& c : j.at("tests")) {
    std::string native = c.at("input").at("native_range").get<std::string>();
    auto r = s->parse_native_range(native);
    std::string got = r.ok() ? "vers:pypi/" + testing::render(*r) : r.error().message();
    t.check(native, got == c.at("expected_output").get<std::string>(), got);
  }
}

TEST(PypiScheme, Basics) {
  auto s = make_pypi_scheme();
  EXPECT_EQ(s->compare("1!0.1", "2.0").value(), 1);
  EXPECT_EQ(s->compare("1.0.dev0", "1.0a0").value(), -1);
  EXPECT_EQ(s->compare("1.0+abc.5", "1.0+abc.10").value(), -1);
  EXPECT_EQ(testing::render(s->parse_native_range("~=2.2").value()), ">=2.2|<3.dev0");
  EXPECT_EQ(testing::render(s->parse_native_range(">=1.0,!=1.5").value()), ">=1.0|<1.5 || >=1.0|>=1.5.post0.dev0");
  auto e = s->validate("1.0.0-foo");
  ASSERT_FALSE(e.ok());
  EXPECT_EQ(e.error().message(), "pypi version '1.0.0-foo': unexpected '-foo' at position 5");
}

// Found by pypi_fuzz: every "!=" doubled the alternatives (2^n). Empty ones are
// now dropped, so n exclusions leave n + 1 alternatives and the answers stay.
TEST(PypiScheme, ManyExclusionsStayLinear) {
  auto s = make_pypi_scheme();
  std::string spec = ">=1.0";
  for (int i = 0; i < 60; ++i) spec += ",!=1." + std::to_string(i + 1);
  auto r = s->parse_native_range(spec);
  ASSERT_TRUE(r.ok()) << r.error().message();
  EXPECT_LE(r->size(), 61u);
  EXPECT_FALSE(testing::contains(*s, *r, "1.7").value());
  EXPECT_FALSE(testing::contains(*s, *r, "0.9").value());
  EXPECT_TRUE(testing::contains(*s, *r, "1.7.1").value());
  EXPECT_TRUE(testing::contains(*s, *r, "2.0").value());
  // Contradictory specifiers still parse, as a range that contains nothing.
  auto none = s->parse_native_range("<1.0,>2.0");
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(none->size(), 1u);
  EXPECT_FALSE(testing::contains(*s, *none, "1.5").value());
  EXPECT_FALSE(testing::contains(*s, *none, "3.0").value());
}
}  // namespace
}  // namespace loudong::versions
