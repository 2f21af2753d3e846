// FlatIds: ids by caller-kept keys, through growth and colliding hashes
// (the hash is the caller's input, so a test can force any collision).
#include "match/flat_ids.h"

#include <deque>
#include <string>

#include <gtest/gtest.h>

namespace loudong::match {
namespace {

struct Keys {
  std::deque<std::string> text;
  FlatIds ids;
  std::uint32_t put(const std::string& k, std::uint64_t h, bool* added) {
    auto id = ids.insert(k, h, static_cast<std::uint32_t>(text.size()), [this](std::uint32_t i) { return std::string_view(text[i]); }, added);
    if (*added) text.push_back(k);
    return id;
  }
  std::uint32_t get(const std::string& k, std::uint64_t h) const {
    return ids.find(k, h, [this](std::uint32_t i) { return std::string_view(text[i]); });
  }
};

TEST(FlatIds, FindsEveryKeyThroughGrowth) {
  Keys k;
  bool added = false;
  EXPECT_EQ(k.get("none", FlatIds::hash("none")), FlatIds::kNone);  // empty table
  for (int i = 0; i < 20000; ++i) {
    std::string key = "pkg-" + std::to_string(i);
    EXPECT_EQ(k.put(key, FlatIds::hash(key), &added), static_cast<std::uint32_t>(i));
    EXPECT_TRUE(added);
  }
  EXPECT_EQ(k.ids.size(), 20000u);
  for (int i = 0; i < 20000; ++i) {
    std::string key = "pkg-" + std::to_string(i);
    ASSERT_EQ(k.get(key, FlatIds::hash(key)), static_cast<std::uint32_t>(i)) << key;
    EXPECT_EQ(k.put(key, FlatIds::hash(key), &added), static_cast<std::uint32_t>(i));
    EXPECT_FALSE(added);
  }
  EXPECT_EQ(k.get("pkg-20000", FlatIds::hash("pkg-20000")), FlatIds::kNone);
  EXPECT_EQ(k.ids.size(), 20000u);
}

TEST(FlatIds, EqualHashesAreToldApartByKey) {
  Keys k;
  bool added = false;
  // Every key with the same hash: one probe chain, wrapping around the
  // table's end (the tag's low bits name the last slot), through growth.
  const std::uint64_t same = ~std::uint64_t{0};
  for (int i = 0; i < 100; ++i) {
    EXPECT_EQ(k.put("k" + std::to_string(i), same, &added), static_cast<std::uint32_t>(i));
    EXPECT_TRUE(added);
  }
  for (int i = 0; i < 100; ++i) EXPECT_EQ(k.get("k" + std::to_string(i), same), static_cast<std::uint32_t>(i));
  EXPECT_EQ(k.get("k100", same), FlatIds::kNone);
  // The same key under another hash is not found: the hash is the key's.
  EXPECT_EQ(k.get("k1", 0), FlatIds::kNone);
}

}  // namespace
}  // namespace loudong::match
