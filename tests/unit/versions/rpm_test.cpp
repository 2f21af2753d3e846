#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "scheme_vectors.h"

namespace loudong::versions {
namespace {
using testing::run_scalibr;

TEST(RpmScheme, RpmvercmpVectors) {
  auto s = make_rpm_scheme();
  ASSERT_NE(s, nullptr);
  testing::Tally t("rpmvercmp/rpmvercmp.txt");
  std::ifstream in(testing::vectors("rpmvercmp/rpmvercmp.txt"));
  ASSERT_TRUE(in);
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty() || line[0] == '#') continue;
    std::istringstream ls(line);
    std::string a, b;
    int want = 0;
    ls >> a >> b >> want;
    auto r = s->compare(a, b);
    t.check(line, r.ok() && r.value() == want, testing::show(r));
  }
}

TEST(RpmScheme, ScalibrVectors) {
  auto s = make_rpm_scheme();
  run_scalibr(*s, "redhat-versions.txt");
}

TEST(RpmScheme, CaretTildeEpoch) {
  auto s = make_rpm_scheme();
  EXPECT_EQ(s->compare("1.0^git1", "1.0").value(), 1);
  EXPECT_EQ(s->compare("1.0^git1", "1.0.1").value(), -1);
  EXPECT_EQ(s->compare("1.0~rc1", "1.0").value(), -1);
  EXPECT_EQ(s->compare("1:1.0", "2.0").value(), 1);
  EXPECT_FALSE(s->validate("").ok());
  EXPECT_FALSE(s->validate("1.0 2").ok());
}
}  // namespace
}  // namespace loudong::versions
