#include <gtest/gtest.h>

#include "scheme_vectors.h"

namespace loudong::versions {
namespace {

TEST(CranScheme, ScalibrVectors) {
  auto s = make_cran_scheme();
  ASSERT_NE(s, nullptr);
  testing::run_scalibr(*s, "cran-versions.txt");
  testing::run_scalibr(*s, "cran-versions-generated.txt");
}

TEST(CranScheme, Basics) {
  auto s = make_cran_scheme();
  EXPECT_EQ(s->compare("1.0-1", "1.0.1").value(), 0);
  EXPECT_EQ(s->compare("0.1.0", "0.1.0.0").value(), -1);
  for (const char* v : {"", "1", "1..2", "1.a", "1.2-", "-1.2"}) EXPECT_FALSE(s->validate(v).ok()) << v;
}
}  // namespace
}  // namespace loudong::versions
