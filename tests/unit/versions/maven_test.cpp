#include <gtest/gtest.h>

#include "scheme_vectors.h"

namespace loudong::versions {
namespace {

TEST(MavenScheme, ScalibrVectors) {
  auto s = make_maven_scheme();
  ASSERT_NE(s, nullptr);
  testing::run_scalibr(*s, "maven-versions.txt");
  testing::run_scalibr(*s, "maven-versions-generated.txt");
}

TEST(MavenScheme, VersSpecComparisons) {
  auto s = make_maven_scheme();
  testing::run_vers_cmp(*s, "maven_version_cmp_test.json");
}

TEST(MavenScheme, NativeRanges) {
  auto s = make_maven_scheme();
  auto r = s->parse_native_range("[1.0,2.0)");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(testing::render(*r), ">=1.0|<2.0");
  r = s->parse_native_range("(,1.0],[1.2,)");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(testing::render(*r), "<=1.0 || >=1.2");
  r = s->parse_native_range("[1.5]");
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(testing::render(*r), "1.5");
  EXPECT_TRUE(testing::contains(*s, s->parse_native_range("(,1.0],[1.2,)").value(), "1.3").value());
  EXPECT_FALSE(testing::contains(*s, s->parse_native_range("(,1.0],[1.2,)").value(), "1.1").value());
  for (const char* bad : {"", "[1.0", "(1.0]", "[1,2,3]", "x[1,2]"}) EXPECT_FALSE(s->parse_native_range(bad).ok()) << bad;
}

TEST(MavenScheme, Basics) {
  auto s = make_maven_scheme();
  EXPECT_EQ(s->compare("1.0-SNAPSHOT", "1.0").value(), -1);
  EXPECT_EQ(s->compare("1.0.RELEASE", "1.0").value(), 0);
  EXPECT_EQ(s->compare("1.0-sp1", "1.0").value(), 1);
  // A qualifier against the end of the shorter version compares with the
  // release qualifier, and what follows still counts (found by the index's
  // differential test: the old padding made this order cyclic,
  // 2.0.RELEASE.1 < 2.0 < 2.0-sp1 < 2.0.RELEASE.1).
  EXPECT_EQ(s->compare("2.0.RELEASE.1", "2.0").value(), 1);
  EXPECT_EQ(s->compare("2.0", "2.0.RELEASE.1").value(), -1);
  EXPECT_EQ(s->compare("2.0.RELEASE.1", "2.0-sp1").value(), 1);
  EXPECT_EQ(s->compare("2.0-sp1", "2.0").value(), 1);
  EXPECT_EQ(s->compare("2.", "2.0.RELEASE").value(), 0);
  EXPECT_FALSE(s->validate("").ok());
  EXPECT_FALSE(s->validate("1 0").ok());
}
}  // namespace
}  // namespace loudong::versions
