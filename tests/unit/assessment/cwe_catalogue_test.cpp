// The CWE catalogue: well-formed, complete for the Top 25 and the CWE->class map.
#include "assessment/cwe_catalogue.h"

#include <set>

#include <gtest/gtest.h>

#include "assessment/classification.h"

namespace loudong::assessment {
namespace {

bool has_cjk(std::string_view s) {
  // CJK Unified Ideographs are 3-byte UTF-8 sequences starting 0xE4..0xE9.
  for (unsigned char c : s)
    if (c >= 0xE4 && c <= 0xE9) return true;
  return false;
}

TEST(CweCatalogue, WellFormedAndSorted) {
  auto all = cwe_catalogue();
  ASSERT_GE(all.size(), 150u);
  int last = 0;
  for (const auto& e : all) {
    EXPECT_GT(e.id, last) << "ids ascend without repeats at CWE-" << e.id;
    last = e.id;
    EXPECT_TRUE(parse_cwe_id(cwe_id(e.id)).ok()) << e.id;
    EXPECT_GT(e.name_en.size(), 3u) << e.id;
    EXPECT_FALSE(has_cjk(e.name_en)) << e.id;
    EXPECT_TRUE(has_cjk(e.name_zh)) << e.id;
    EXPECT_EQ(e.name_en.find("  "), std::string_view::npos) << e.id;
  }
}

TEST(CweCatalogue, HoldsTheTop25OnceEach) {
  std::set<int> ranks;
  for (const auto& e : cwe_catalogue())
    if (e.top25_rank) {
      EXPECT_TRUE(ranks.insert(e.top25_rank).second) << e.id;
    }
  EXPECT_EQ(ranks.size(), 25u);
  EXPECT_EQ(*ranks.begin(), 1);
  EXPECT_EQ(*ranks.rbegin(), 25);
  EXPECT_EQ(find_cwe(79)->top25_rank, 1);
  EXPECT_EQ(find_cwe(787)->top25_rank, 2);
  EXPECT_EQ(find_cwe(89)->top25_rank, 3);
}

TEST(CweCatalogue, NamesEveryCweTheClassMapKnows) {
  for (int id = 1; id < 2000; ++id)
    if (class_for_cwe(id)) {
      EXPECT_NE(find_cwe(id), nullptr) << "CWE-" << id << " is mapped to a class but not named";
    }
}

TEST(CweCatalogue, Lookup) {
  ASSERT_NE(find_cwe(89), nullptr);
  EXPECT_NE(find_cwe(89)->name_en.find("SQL Injection"), std::string_view::npos);
  EXPECT_NE(find_cwe(89)->name_zh.find("SQL 注入"), std::string_view::npos);
  EXPECT_EQ(find_cwe(0), nullptr);
  EXPECT_EQ(find_cwe(2), nullptr);
  EXPECT_EQ(find_cwe(99999), nullptr);
}

}  // namespace
}  // namespace loudong::assessment
