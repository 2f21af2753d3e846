#include <gtest/gtest.h>

#include "scheme_vectors.h"

namespace loudong::versions {
namespace {

TEST(ComposerScheme, ScalibrVectors) {
  auto s = make_composer_scheme();
  ASSERT_NE(s, nullptr);
  testing::run_scalibr(*s, "packagist-versions.txt");
  testing::run_scalibr(*s, "packagist-versions-generated.txt");
}

TEST(ComposerScheme, Constraints) {
  auto s = make_composer_scheme();
  auto in = [&](const char* range, const char* v) { return testing::contains(*s, s->parse_native_range(range).value(), v).value(); };
  EXPECT_TRUE(in("^1.2.3", "1.9.0"));
  EXPECT_FALSE(in("^1.2.3", "2.0.0"));
  EXPECT_FALSE(in("^1.2.3", "2.0.0-beta1"));
  EXPECT_FALSE(in("^0.3", "0.4.0"));
  EXPECT_TRUE(in("~1.2", "1.9"));
  EXPECT_FALSE(in("~1.2.3", "1.3.0"));
  EXPECT_TRUE(in("1.2.*", "1.2.9"));
  EXPECT_TRUE(in(">=1.0 <1.5 || ^2.0", "2.3"));
  EXPECT_FALSE(in(">=1.0, <1.5 || ^2.0", "1.7"));
  EXPECT_TRUE(in("1.0 - 2.0", "2.0.5"));
  EXPECT_FALSE(in("<2.0", "2.0-RC1"));
  EXPECT_FALSE(s->parse_native_range("").ok());
  EXPECT_FALSE(s->parse_native_range("=>1.0").ok());
}
}  // namespace
}  // namespace loudong::versions
