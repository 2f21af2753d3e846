#include <gtest/gtest.h>

#include "scheme_vectors.h"

namespace loudong::versions {
namespace {
using nlohmann::json;

TEST(GemScheme, ScalibrVectors) {
  auto s = make_gem_scheme();
  ASSERT_NE(s, nullptr);
  testing::run_scalibr(*s, "rubygems-versions.txt");
  testing::run_scalibr(*s, "rubygems-versions-generated.txt");
}

TEST(GemScheme, VersSpecFromNative) {
  auto s = make_gem_scheme();
  testing::Tally t("vers-spec/tests/gem_range_from_native_test.json");
  auto j = json::parse(testing::read_all(testing::vectors("vers-spec/tests/gem_range_from_native_test.json")));
  for (const auto& c : j.at("tests")) {
    std::string native = c.at("input").at("native_range").get<std::string>();
    auto r = s->parse_native_range(native);
    std::string got = r.ok() ? "vers:gem/" + testing::render(*r) : r.error().message();
    t.check(native, got == c.at("expected_output").get<std::string>(), got);
  }
}

TEST(GemScheme, Basics) {
  auto s = make_gem_scheme();
  EXPECT_EQ(s->compare("1.0.a", "1.0").value(), -1);
  EXPECT_EQ(s->compare("1.0-1", "1.0.pre.1").value(), 0);
  EXPECT_EQ(testing::render(s->parse_native_range(">= 1, < 2").value()), ">=1|<2");
  EXPECT_EQ(testing::render(s->parse_native_range("~> 1.9").value()), ">=1.9|<2");
  for (const char* v : {"", "a1", "1..2", "1.0 x"}) EXPECT_FALSE(s->validate(v).ok()) << v;
  EXPECT_FALSE(s->parse_native_range("=~ 1").ok());
}
}  // namespace
}  // namespace loudong::versions
