// The matching change feed through the Store interface: every write of
// advisories (only the ids that changed), an SBOM or case components
// appends one entry in its transaction, a rolled-back write appends none,
// and the oldest entries are pruned past kMatchChangesKept.
#include <filesystem>

#include <gtest/gtest.h>

#include "store/store.h"
#include "backends.h"

namespace loudong::store {
namespace {

namespace fs = std::filesystem;

AdvisoryRow adv(const std::string& id, int day) {
  AdvisoryRow r;
  r.id = id;
  r.source = "osv";
  r.modified = from_micros(1'700'000'000'000'000 + std::int64_t{day} * 86'400'000'000);
  r.record = "{}";
  r.packages = {{"npm", "left-pad"}};
  return r;
}

class MatchChangesTest : public ::testing::TestWithParam<test::Backend> {
 protected:
  void SetUp() override {
    LD_REQUIRE_BACKEND(GetParam());
    dir_ = fs::temp_directory_path() / ("loudong-feed-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    auto s = db_.open(GetParam(), dir_);
    ASSERT_TRUE(s.ok()) << s.error().log_message();
    store_ = std::move(*s);
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }
  std::int64_t head() {
    auto h = store_->read([](ReadTx& tx) { return tx.match_change_head(); });
    EXPECT_TRUE(h.ok());
    return h.ok() ? *h : -1;
  }
  std::vector<MatchChange> after(std::int64_t seq, int limit = 100) {
    auto r = store_->read([&](ReadTx& tx) { return tx.match_changes_after(seq, limit); });
    EXPECT_TRUE(r.ok()) << r.error().log_message();
    return r.ok() ? *r : std::vector<MatchChange>{};
  }
  Id product() {
    auto org = store_->write([](WriteTx& tx) {
      domain::Organisation o;
      o.name = "Provider";
      o.type = domain::OrgType::provider;
      o.region = "CN";
      return tx.insert_org(o);
    });
    EXPECT_TRUE(org.ok());
    auto p = store_->write([&](WriteTx& tx) {
      domain::Product p;
      p.provider_org = *org;
      p.name = "Router";
      p.versions = {"1.0"};
      return tx.insert_product(p);
    });
    EXPECT_TRUE(p.ok()) << p.error().log_message();
    return *p;
  }

  fs::path dir_;
  test::TestDb db_;  // before store_: the database outlives the store
  std::unique_ptr<Store> store_;
};

TEST_P(MatchChangesTest, EachWriteAppendsWhatChanged) {
  EXPECT_EQ(head(), 0);
  EXPECT_TRUE(after(0).empty());
  ASSERT_TRUE(store_->write([](WriteTx& tx) { return tx.put_advisories({adv("A-1", 1), adv("A-2", 1)}); }).ok());
  // Again: A-1 unchanged, A-2 newer, A-3 new.
  ASSERT_TRUE(store_->write([](WriteTx& tx) { return tx.put_advisories({adv("A-1", 1), adv("A-2", 2), adv("A-3", 1)}); }).ok());
  // Nothing changed: no entry.
  ASSERT_TRUE(store_->write([](WriteTx& tx) { return tx.put_advisories({adv("A-1", 1)}); }).ok());
  const Id p = product();
  SbomRow s;
  s.product_id = p;
  s.version = "1.0";
  s.format = "CycloneDX";
  s.spec_version = "1.5";
  s.uploaded_at = from_micros(1'700'000'000'000'000);
  ASSERT_TRUE(store_->write([&](WriteTx& tx) { return tx.put_sbom(s, {}); }).ok());
  ASSERT_TRUE(store_->write([](WriteTx& tx) -> Result<bool> {
    LD_RETURN_IF_ERROR(tx.set_case_components(42, {}));
    return true;
  }).ok());

  auto feed = after(0);
  ASSERT_EQ(feed.size(), 4u);
  EXPECT_EQ(head(), feed.back().seq);
  for (std::size_t i = 1; i < feed.size(); ++i) EXPECT_EQ(feed[i].seq, feed[i - 1].seq + 1);
  EXPECT_EQ(feed[0].kind, MatchChangeKind::advisories);
  EXPECT_EQ(feed[0].advisory_ids, (std::vector<std::string>{"A-1", "A-2"}));
  EXPECT_EQ(feed[1].advisory_ids, (std::vector<std::string>{"A-2", "A-3"}));
  EXPECT_EQ(feed[2].kind, MatchChangeKind::sbom);
  EXPECT_EQ(feed[2].product_id, p);
  EXPECT_EQ(feed[2].version, "1.0");
  EXPECT_EQ(feed[3].kind, MatchChangeKind::case_components);
  EXPECT_EQ(feed[3].case_id, 42);
  EXPECT_EQ(after(feed[1].seq).size(), 2u);
  EXPECT_EQ(after(0, 1).size(), 1u);
}

TEST_P(MatchChangesTest, ARolledBackWriteLeavesNoEntry) {
  auto r = store_->write([](WriteTx& tx) -> Result<bool> {
    LD_RETURN_IF_ERROR(tx.put_advisories({adv("B-1", 1)}).status());
    return Error::conflict("the rest of the change failed");
  });
  EXPECT_FALSE(r.ok());
  EXPECT_EQ(head(), 0);
  // The next entry is 1: no gap a reader would take for pruned entries.
  ASSERT_TRUE(store_->write([](WriteTx& tx) { return tx.put_advisories({adv("B-1", 1)}); }).ok());
  auto feed = after(0);
  ASSERT_EQ(feed.size(), 1u);
  EXPECT_EQ(feed[0].seq, 1);
}

TEST_P(MatchChangesTest, OldEntriesArePrunedPastWhatIsKept) {
  ASSERT_TRUE(store_->write([](WriteTx& tx) -> Result<bool> {
    for (std::int64_t i = 0; i < kMatchChangesKept + 5; ++i) LD_RETURN_IF_ERROR(tx.set_case_components(i, {}));
    return true;
  }).ok());
  EXPECT_EQ(head(), kMatchChangesKept + 5);
  auto feed = after(0, 1);
  ASSERT_EQ(feed.size(), 1u);
  EXPECT_EQ(feed[0].seq, 6) << "a reader at 0 sees the gap (entries 1-5 are gone) and rebuilds";
  EXPECT_EQ(feed[0].case_id, 5);
}

INSTANTIATE_TEST_SUITE_P(Backends, MatchChangesTest, test::kBackends, test::backend_name);

}  // namespace
}  // namespace loudong::store
