// Platform filing and reward policies in the store, on both backends: sealed
// bytes (which may hold NUL) come back as written, listings leave attachment
// contents out, and a provider's default policies (no product, no grade)
// list before the specific ones on PostgreSQL too (it sorts NULLs last).
#include <gtest/gtest.h>

#include "temp_store.h"

namespace loudong::store {
namespace {

using namespace domain;

Time t0() { return from_micros(1'700'000'000'000'000); }

class FilingRewardsStoreTest : public TempStoreTest {
 protected:
  Id add_org_and_product(Id& product) {
    auto ids = store_->write([&](WriteTx& tx) -> Result<std::pair<Id, Id>> {
      LD_ASSIGN_OR_RETURN(Id org, tx.insert_org({0, "Provider", OrgType::provider, "CN", "", t0()}));
      Product p;
      p.provider_org = org;
      p.name = "Router";
      LD_ASSIGN_OR_RETURN(Id prod, tx.insert_product(p));
      return std::make_pair(org, prod);
    });
    EXPECT_TRUE(ids.ok()) << ids.error().log_message();
    product = ids.ok() ? ids->second : 0;
    return ids.ok() ? ids->first : 0;
  }
};

TEST_P(FilingRewardsStoreTest, SealedFilingBytesRoundTripAndListingsLeaveContentOut) {
  const std::string sealed("\x01\x00\xffsealed", 9);
  PlatformFiling f;
  f.host_id_sealed = sealed;
  f.created_at = f.updated_at = t0();
  auto id = store_->write([&](WriteTx& tx) -> Result<Id> {
    LD_ASSIGN_OR_RETURN(Id fid, tx.insert_platform_filing(f));
    FilingAttachment a;
    a.filing_id = fid;
    a.filename = "proof.pdf";
    a.content_type = "application/pdf";
    a.size = 4;
    a.content_sealed = std::string("\x00pdf", 4);
    a.created_at = t0();
    LD_RETURN_IF_ERROR(tx.insert_platform_filing_attachment(a).status());
    return fid;
  });
  ASSERT_TRUE(id.ok()) << id.error().log_message();
  auto got = store_->read([](ReadTx& tx) { return tx.platform_filing(); });
  ASSERT_TRUE(got.ok() && got->has_value());
  EXPECT_EQ((*got)->host_id_sealed, sealed);
  EXPECT_FALSE((*got)->unfiled_changes);
  auto listed = store_->read([&](ReadTx& tx) { return tx.platform_filing_attachments(*id, false); });
  ASSERT_TRUE(listed.ok() && listed->size() == 1);
  EXPECT_EQ(listed->front().content_sealed, "");
  auto full = store_->read([&](ReadTx& tx) { return tx.platform_filing_attachments(*id, true); });
  ASSERT_TRUE(full.ok() && full->size() == 1);
  EXPECT_EQ(full->front().content_sealed, std::string("\x00pdf", 4));
}

TEST_P(FilingRewardsStoreTest, AReplacedAttachmentLeavesTheListingButNotTheStore) {
  PlatformFiling f;
  f.created_at = f.updated_at = t0();
  auto added = [&](Id fid, FilingAttachmentKind kind, const std::string& name) {
    return store_->write([&](WriteTx& tx) -> Result<Id> {
      FilingAttachment a;
      a.filing_id = fid;
      a.kind = kind;
      a.filename = name;
      a.content_sealed = name;
      a.created_at = t0();
      LD_ASSIGN_OR_RETURN(a.id, tx.insert_platform_filing_attachment(a));
      LD_RETURN_IF_ERROR(tx.replace_platform_filing_attachments(a));
      return a.id;
    });
  };
  auto fid = store_->write([&](WriteTx& tx) { return tx.insert_platform_filing(f); });
  ASSERT_TRUE(fid.ok());
  ASSERT_TRUE(added(*fid, FilingAttachmentKind::mlps_proof, "mlps-1.pdf").ok());
  ASSERT_TRUE(added(*fid, FilingAttachmentKind::commitment_letter, "letter-1.pdf").ok());
  ASSERT_TRUE(added(*fid, FilingAttachmentKind::mlps_proof, "mlps-2.pdf").ok());
  ASSERT_TRUE(added(*fid, FilingAttachmentKind::mlps_proof, "mlps-3.pdf").ok());
  auto names = [&](bool with_content) {
    std::vector<std::string> out;
    auto got = store_->read([&](ReadTx& tx) { return tx.platform_filing_attachments(*fid, with_content); });
    EXPECT_TRUE(got.ok());
    if (got.ok())
      for (const auto& a : *got) out.push_back(a.filename);
    return out;
  };
  EXPECT_EQ(names(false), (std::vector<std::string>{"letter-1.pdf", "mlps-3.pdf"}));
  EXPECT_EQ(names(true), (std::vector<std::string>{"mlps-1.pdf", "letter-1.pdf", "mlps-2.pdf", "mlps-3.pdf"}));
}

TEST_P(FilingRewardsStoreTest, DefaultPoliciesListFirst) {
  Id product = 0;
  Id org = add_org_and_product(product);
  auto policy = [&](std::optional<Id> prod, std::optional<assessment::Grade> g) {
    RewardPolicy p;
    p.provider_org = org;
    p.product_id = prod;
    p.grade = g;
    p.min_minor = 100;
    p.max_minor = 200;
    p.currency = "CNY";
    p.updated_at = t0();
    auto id = store_->write([&](WriteTx& tx) { return tx.insert_reward_policy(p); });
    EXPECT_TRUE(id.ok()) << id.error().log_message();
  };
  policy(product, assessment::Grade::high);
  policy(product, std::nullopt);
  policy(std::nullopt, assessment::Grade::critical);
  policy(std::nullopt, std::nullopt);
  for (std::optional<Id> which : {std::optional<Id>(), std::optional<Id>(org)}) {
    auto rows = store_->read([&](ReadTx& tx) { return tx.reward_policies(which); });
    ASSERT_TRUE(rows.ok()) << rows.error().log_message();
    ASSERT_EQ(rows->size(), 4u);
    EXPECT_FALSE((*rows)[0].product_id || (*rows)[0].grade);
    EXPECT_TRUE(!(*rows)[1].product_id && (*rows)[1].grade == assessment::Grade::critical);
    EXPECT_TRUE((*rows)[2].product_id == product && !(*rows)[2].grade);
    EXPECT_TRUE((*rows)[3].product_id == product && (*rows)[3].grade == assessment::Grade::high);
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, FilingRewardsStoreTest, test::kBackends, test::backend_name);

}  // namespace
}  // namespace loudong::store
