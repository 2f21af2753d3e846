#include <gtest/gtest.h>

#include "scheme_vectors.h"

namespace loudong::versions {
namespace {
using nlohmann::json;

TEST(NugetScheme, ScalibrVectors) {
  auto s = make_nuget_scheme();
  ASSERT_NE(s, nullptr);
  testing::run_scalibr(*s, "nuget-versions.txt");
}

TEST(NugetScheme, VersSpec) {
  auto s = make_nuget_scheme();
  testing::run_vers_cmp(*s, "nuget_version_cmp_test.json");
  testing::Tally t("vers-spec/tests/nuget_range_from_native_test.json");
  auto j = json::parse(testing::read_all(testing::vectors("vers-spec/tests/nuget_range_from_native_test.json")));
  for (const auto& c : j.at("tests")) {
    std::string native = c.at("input").at("native_range").get<std::string>();
    auto r = s->parse_native_range(native);
    std::string got = r.ok() ? "vers:nuget/" + testing::render(*r) : r.error().message();
    t.check(native, got == c.at("expected_output").get<std::string>(), got);
  }
}

TEST(NugetScheme, Basics) {
  auto s = make_nuget_scheme();
  EXPECT_EQ(s->compare("1.0", "1.0.0.0").value(), 0);
  EXPECT_EQ(s->compare("1.0.0-alpha", "1.0.0").value(), -1);
  EXPECT_EQ(testing::render(s->parse_native_range("(,1.0]").value()), "<=1.0");
  EXPECT_EQ(testing::render(s->parse_native_range("[1.0]").value()), "1.0");
  EXPECT_EQ(testing::render(s->parse_native_range("1.0").value()), ">=1.0");
  for (const char* v : {"", "v1.0", "1.0.0.0.0", "1.0-", "1.0-a..b", "1.0+"}) EXPECT_FALSE(s->validate(v).ok()) << v;
  for (const char* r : {"", "[1.0", "(1.0)", "[,]"}) EXPECT_FALSE(s->parse_native_range(r).ok()) << r;
}
}  // namespace
}  // namespace loudong::versions
