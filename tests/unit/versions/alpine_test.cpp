#include <gtest/gtest.h>

#include "scheme_vectors.h"

namespace loudong::versions {
namespace {

TEST(AlpineScheme, ScalibrVectors) {
  auto s = make_alpine_scheme();
  ASSERT_NE(s, nullptr);
  testing::run_scalibr(*s, "alpine-versions.txt");
  testing::run_scalibr(*s, "alpine-versions-generated.txt");
}

TEST(AlpineScheme, VersSpecComparisons) {
  auto s = make_alpine_scheme();
  testing::run_vers_cmp(*s, "alpine_version_cmp_test.json");
}

TEST(AlpineScheme, Basics) {
  auto s = make_alpine_scheme();
  EXPECT_EQ(s->compare("1.2_rc1", "1.2").value(), -1);
  EXPECT_EQ(s->compare("1.2_p1", "1.2").value(), 1);
  EXPECT_EQ(s->compare("1.2-r1", "1.2-r0").value(), 1);
  EXPECT_EQ(s->compare("1.2a", "1.2").value(), 1);
  for (const char* v : {"", "1 2", "1\t"}) EXPECT_FALSE(s->validate(v).ok()) << v;
}
}  // namespace
}  // namespace loudong::versions
