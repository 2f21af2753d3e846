// The access log's entry hash: every field it keeps is covered (changing any
// one changes the hash), and entries chain and verify with the receipt
// log's verifier, whose messages then name an "entry".
#include "domain/access_log.h"

#include <functional>

#include <gtest/gtest.h>

#include "crypto/crypto.h"

namespace loudong::domain {
namespace {

AccessEntry entry(int i) {
  AccessEntry e;
  e.at = from_micros(1'700'000'000'000'000 + i);
  e.user_id = 3;
  e.actor_name = "alice";
  e.action = "read_confidential";
  e.object_type = "report";
  e.object_id = i;
  e.detail = "verification";
  e.request_id = "r" + std::to_string(i);
  return e;
}

TEST(AccessLog, EveryFieldIsCovered) {
  ASSERT_TRUE(crypto::init().ok());
  AccessEntry base = entry(1);
  chain_after(base, {});
  const std::vector<std::function<void(AccessEntry&)>> edits = {
      [](AccessEntry& e) { e.seq = 2; },
      [](AccessEntry& e) { e.at += std::chrono::microseconds(1); },
      [](AccessEntry& e) { e.user_id.reset(); },
      [](AccessEntry& e) { e.user_id = 4; },
      [](AccessEntry& e) { e.actor_name = "mallory"; },
      [](AccessEntry& e) { e.action = "export"; },
      [](AccessEntry& e) { e.object_type = "attachment"; },
      [](AccessEntry& e) { e.object_id = 2; },
      [](AccessEntry& e) { e.detail = ""; },
      [](AccessEntry& e) { e.request_id = ""; },
      [](AccessEntry& e) { e.prev_hash = std::string(64, '1'); },
      // Length prefixes: moving text from one field to the next is a change.
      [](AccessEntry& e) { e.actor_name = "alic"; e.action = "eread_confidential"; },
  };
  for (std::size_t i = 0; i < edits.size(); ++i) {
    AccessEntry e = base;
    edits[i](e);
    EXPECT_NE(access_entry_hash(e), base.hash) << "edit " << i;
  }
  EXPECT_EQ(access_entry_hash(base), base.hash);
  EXPECT_EQ(base.seq, 1);
  EXPECT_EQ(base.prev_hash, kGenesisHash);
}

TEST(AccessLog, ChainVerifiesAndNamesTheBrokenEntry) {
  ASSERT_TRUE(crypto::init().ok());
  std::vector<AccessEntry> log;
  ChainAnchor head;
  for (int i = 1; i <= 5; ++i) {
    AccessEntry e = entry(i);
    chain_after(e, head);
    head = {e.seq, e.hash};
    log.push_back(e);
  }
  auto check = [&](const std::vector<AccessEntry>& es) {
    ChainVerifier v({}, "entry");
    for (const auto& e : es)
      if (!v.add(e)) break;
    return v;
  };
  auto v = check(log);
  EXPECT_TRUE(v.ok()) << v.problem();
  EXPECT_EQ(v.head_hash(), head.hash);
  auto edited = log;
  edited[2].detail = "other";
  v = check(edited);
  EXPECT_EQ(v.broken_seq(), 3);
  EXPECT_EQ(v.problem(), "entry 3 was altered: its content does not match its hash");
  auto removed = log;
  removed.erase(removed.begin() + 1);
  v = check(removed);
  EXPECT_EQ(v.broken_seq(), 2);
  EXPECT_EQ(v.problem(), "entry 2 is missing (next present is 3)");
}

}  // namespace
}  // namespace loudong::domain
