// Labels follow the scheme's order through every way versions arrive: in
// bulk, one at a time into a placed ordering, and into one gap until it
// runs out (a relabelling, counted by generation()).
#include "match/ordering.h"

#include <gtest/gtest.h>

namespace loudong::match {
namespace {

void expect_consistent(const Ordering& o, const VersionTable& t, const std::vector<VersionId>& ids) {
  for (VersionId a : ids)
    for (VersionId b : ids) {
      int c = o.scheme()->compare(t.text(a), t.text(b)).value();
      Position pa = o.position(a), pb = o.position(b);
      ASSERT_EQ(c < 0, pa < pb) << t.text(a) << " vs " << t.text(b);
      ASSERT_EQ(c == 0, pa == pb) << t.text(a) << " vs " << t.text(b);
    }
}

TEST(Ordering, OneGapUntilItRunsOut) {
  const auto* semver = versions::scheme_for("semver");
  ASSERT_NE(semver, nullptr);
  VersionTable t;
  Ordering o(semver);
  std::vector<VersionId> ids;
  for (const char* v : {"1.0.0", "2.0.0"}) {
    ids.push_back(t.intern(v));
    o.note(ids.back());
  }
  for (int i = 0; i < 30; ++i) {  // bulk first: more than 1/16 new each time
    ids.push_back(t.intern("0." + std::to_string(i) + ".0"));
    o.note(ids.back());
  }
  o.refresh(t);
  auto g0 = o.generation();
  // Each new pre-release sorts just above the previous one and below
  // 1.0.0: always the same (halving) gap.
  std::string pre = "1.0.0-a";
  for (int i = 0; i < 80; ++i) {
    ids.push_back(t.intern(pre));
    o.note(ids.back());
    o.refresh(t);
    pre += "a";
  }
  EXPECT_GT(o.generation(), g0) << "the gap never ran out";
  expect_consistent(o, t, ids);
  // Versions not in the table land strictly between their neighbours.
  Position p1 = o.position(ids[0]);
  Position below = o.position_of_text(t, "0.99.0");
  Position tie = o.position_of_text(t, "1.0.0+build");  // build metadata: equal to 1.0.0
  VersionId v029, first_pre;
  ASSERT_TRUE(t.find("0.29.0", &v029));
  ASSERT_TRUE(t.find("1.0.0-a", &first_pre));
  EXPECT_GT(below, o.position(v029));
  EXPECT_LT(below, o.position(first_pre));
  EXPECT_LT(below, p1);
  EXPECT_EQ(tie, p1);
  EXPECT_EQ(o.position_of_text(t, "not-a-version"), kInvalidPosition);
  EXPECT_LT(o.position_of_text(t, "0.0.0-alpha"), o.position(ids[2]));  // ids[2] is 0.0.0
  EXPECT_GT(o.position_of_text(t, "9.0.0"), o.position(ids[1]));
}

TEST(Ordering, InvalidVersionsAreMarked) {
  const auto* semver = versions::scheme_for("semver");
  VersionTable t;
  Ordering o(semver);
  VersionId good = t.intern("1.2.3"), bad = t.intern("x.y");
  o.note(good);
  o.note(bad);
  EXPECT_FALSE(o.decided(good));
  o.refresh(t);
  EXPECT_TRUE(o.decided(good));
  EXPECT_TRUE(o.decided(bad));
  EXPECT_NE(o.position(good), kInvalidPosition);
  EXPECT_EQ(o.position(bad), kInvalidPosition);
}

}  // namespace
}  // namespace loudong::match
