#include <gtest/gtest.h>

#include "scheme_vectors.h"

namespace loudong::versions {
namespace {
using testing::run_scalibr;

TEST(DebScheme, ScalibrVectors) {
  auto s = make_deb_scheme();
  ASSERT_NE(s, nullptr);
  run_scalibr(*s, "debian-versions.txt");
  run_scalibr(*s, "debian-versions-generated.txt");
}

TEST(DebScheme, TildeAndEpoch) {
  auto s = make_deb_scheme();
  EXPECT_EQ(s->compare("1.0~rc1", "1.0").value(), -1);
  EXPECT_EQ(s->compare("1:0.1", "9.9").value(), 1);
  EXPECT_EQ(s->compare("1.0-1", "1.0-1~bpo1").value(), 1);
}

TEST(DebScheme, RejectsInvalid) {
  auto s = make_deb_scheme();
  for (const char* v : {"", "a:1.0", "1.0-", "1.0 1", "1.0-1_2", ":1.0"}) EXPECT_FALSE(s->validate(v).ok()) << v;
  EXPECT_FALSE(s->compare("1.0", "x:1").ok());
  EXPECT_FALSE(s->parse_native_range(">= 1").ok());
}
}  // namespace
}  // namespace loudong::versions
