#include "domain/receipts.h"

#include <gtest/gtest.h>

#include "crypto/crypto.h"

namespace loudong::domain {
namespace {

std::vector<ReceiptRecord> chain(int n, ChainAnchor anchor = {}) {
  std::vector<ReceiptRecord> out;
  std::optional<ReceiptRecord> last;
  for (int i = 0; i < n; ++i) {
    ReceiptRecord r;
    r.at = from_micros(1'700'000'000'000'000 + i);
    r.channel = i % 2 ? Channel::api : Channel::web;
    r.submitter = "anonymous:" + std::to_string(i);
    r.source_address = "127.0.0.1";
    r.content_sha256 = crypto::sha256_hex(std::to_string(i));
    r.subject = "report:R-" + std::to_string(i);
    chain_receipt(r, anchor, last);
    last = r;
    out.push_back(r);
  }
  return out;
}

int first_break(const std::vector<ReceiptRecord>& rs, ChainAnchor anchor = {}) {
  ChainVerifier v(anchor);
  for (const auto& r : rs)
    if (!v.add(r)) break;
  return v.ok() ? 0 : static_cast<int>(v.broken_seq());
}

TEST(Receipts, IntactChainVerifies) {
  ASSERT_TRUE(crypto::init().ok());
  auto rs = chain(10);
  EXPECT_EQ(rs.front().prev_hash, kGenesisHash);
  EXPECT_EQ(first_break(rs), 0);
}

TEST(Receipts, EveryFieldIsCoveredByTheHash) {
  // Changing any one field of record 5 is caught at record 5.
  for (int field = 0; field < 7; ++field) {
    auto rs = chain(10);
    auto& r = rs[4];
    switch (field) {
      case 0: r.at += Duration(1); break;
      case 1: r.channel = Channel::email; break;
      case 2: r.submitter += "x"; break;
      case 3: r.source_address = "10.0.0.1"; break;
      case 4: r.content_sha256[0] = r.content_sha256[0] == 'a' ? 'b' : 'a'; break;
      case 5: r.subject += "!"; break;
      case 6: r.hash[0] = r.hash[0] == 'a' ? 'b' : 'a'; break;
    }
    EXPECT_EQ(first_break(rs), 5) << "field " << field;
  }
}

TEST(Receipts, DeletionAndReorderingAreNamed) {
  auto rs = chain(10);
  rs.erase(rs.begin() + 3);  // record 4 deleted
  ChainVerifier v({});
  for (const auto& r : rs)
    if (!v.add(r)) break;
  EXPECT_EQ(v.broken_seq(), 4);
  EXPECT_NE(v.problem().find("record 4 is missing"), std::string::npos);
  auto rs2 = chain(10);
  std::swap(rs2[2], rs2[3]);
  EXPECT_EQ(first_break(rs2), 3);
}

TEST(Receipts, RecomputedHashDoesNotHelpAForger) {
  // Rewriting a record and its own hash still breaks the next link.
  auto rs = chain(6);
  rs[2].submitter = "someone else";
  rs[2].hash = receipt_hash(rs[2]);
  EXPECT_EQ(first_break(rs), 4);
}

TEST(Receipts, VerifiesFromAnAnchorAfterPurge) {
  auto rs = chain(10);
  ChainAnchor anchor{rs[3].seq, rs[3].hash};
  std::vector<ReceiptRecord> rest(rs.begin() + 4, rs.end());
  EXPECT_EQ(first_break(rest, anchor), 0);
  // Without the anchor the rest does not verify.
  EXPECT_NE(first_break(rest), 0);
  // A wrong anchor hash is caught at the first record.
  anchor.hash = kGenesisHash;
  EXPECT_EQ(first_break(rest, anchor), 5);
}

// Issue 13, item 11: a record carries the hash of what was stored from it.
TEST(Receipts, StoredContentHashIsCoveredAndOldRecordsKeepTheirHash) {
  ASSERT_TRUE(crypto::init().ok());
  auto rs = chain(3);
  // A record without one hashes exactly as before (v1): logs written before
  // schema 9 still verify.
  ReceiptRecord legacy = rs[1];
  EXPECT_EQ(receipt_hash(legacy), rs[1].hash);
  legacy.stored_sha256 = crypto::sha256_hex("report");
  EXPECT_NE(receipt_hash(legacy), rs[1].hash);
  ReceiptRecord other = legacy;
  other.stored_sha256 = crypto::sha256_hex("edited report");
  EXPECT_NE(receipt_hash(other), receipt_hash(legacy));
}

TEST(Receipts, ReportContentHashCoversWhatAFinderSentNotLaterHandling) {
  ASSERT_TRUE(crypto::init().ok());
  Report r;
  r.tracking_id = "R-20261207-AAAAAAAA";
  r.title = "Stack overflow";
  r.impact = "remote code execution";
  r.received_at = from_micros(1'700'000'000'000'000);
  std::vector<Attachment> atts{{0, 0, "poc.py", "text/x-python", 8, crypto::sha256_hex("print(1)"), "", {}}};
  const std::string base = report_content_hash(r, "steps", atts);
  auto changed = [&](auto edit, std::string verification = "steps") {
    Report x = r;
    auto a = atts;
    edit(x, a);
    return report_content_hash(x, verification, a) != base;
  };
  EXPECT_TRUE(changed([](Report& x, auto&) { x.title += " (edited)"; }));
  EXPECT_TRUE(changed([](Report& x, auto&) { x.impact = "none"; }));
  EXPECT_TRUE(changed([](Report& x, auto&) { x.cwe = 79; }));
  EXPECT_TRUE(changed([](Report& x, auto&) { x.exploited = true; }));
  EXPECT_TRUE(changed([](Report&, auto&) {}, "other steps"));
  EXPECT_TRUE(changed([](Report&, std::vector<Attachment>& a) { a[0].filename = "other.py"; }));
  EXPECT_TRUE(changed([](Report&, std::vector<Attachment>& a) { a.clear(); }));
  // What handling changes later is not the report as received.
  EXPECT_FALSE(changed([](Report& x, auto&) {
    x.state = ReportState::accepted;
    x.case_id = 3;
    x.updated_at = from_micros(1'800'000'000'000'000);
    x.id = 9;
    x.receipt_seq = 4;
  }));
}

}  // namespace
}  // namespace loudong::domain
