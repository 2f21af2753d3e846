// Case advisories (公告) in the store: the working copy round-trips, a
// published revision is immutable, the public list is the newest revision of
// each advisory not withdrawn and TLP:CLEAR; blackout periods and consents.
#include <filesystem>

#include <gtest/gtest.h>

#include "crypto/crypto.h"
#include "case_advisory_fixture.h"

namespace loudong::store {
namespace {

using namespace domain;
namespace fs = std::filesystem;

TEST_P(CaseAdvisoryStoreTest, WorkingCopyRoundTripsAndOnePerCase) {
  Id c = add_case("LD-2026-000001");
  Advisory a = sample(c, "LD-SA-2026-000001");
  auto id = insert(a);
  ASSERT_TRUE(id.ok()) << id.error().log_message();
  auto got = store_->read([&](ReadTx& tx) { return tx.case_advisory(c); });
  ASSERT_TRUE(got.ok());
  ASSERT_TRUE(got->has_value());
  a.id = *id;
  EXPECT_EQ(formats::advisory_to_json(**got), formats::advisory_to_json(a));
  EXPECT_EQ((*got)->affected.at(0).versions, (std::vector<std::string>{"2.1", "2.2"}));
  EXPECT_EQ((*got)->credits.at(0).user_id, Id(9));

  auto none = store_->read([&](ReadTx& tx) { return tx.case_advisory(c + 100); });
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());

  auto second = insert(sample(c, "LD-SA-2026-000099"));  // a second advisory for the same case
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().kind(), ErrorKind::conflict);
}

TEST_P(CaseAdvisoryStoreTest, PublishedRevisionsAreImmutableAndThePublicSeesTheNewest) {
  Id c1 = add_case("LD-1"), c2 = add_case("LD-2"), c3 = add_case("LD-3"), c4 = add_case("LD-4");
  std::vector<Advisory> as;
  for (auto [c, ref] : {std::pair{c1, "SA-1"}, {c2, "SA-2"}, {c3, "SA-3"}, {c4, "SA-4"}}) {
    Advisory a = sample(c, ref);
    auto id = insert(a);
    ASSERT_TRUE(id.ok());
    a.id = *id;
    as.push_back(a);
  }
  ASSERT_TRUE(publish(as[0], 1, at(10)).ok());
  ASSERT_TRUE(publish(as[1], 1, at(20)).ok());
  ASSERT_TRUE(publish(as[2], 1, at(30), "AMBER").ok());  // not public
  // as[3] stays a draft: not public.

  // The same revision twice is refused, and the first stands.
  auto twice = store_->write([&](WriteTx& tx) {
    return tx.insert_advisory_snapshot({as[0].id, c1, "SA-1", 1, at(11), "x", "rewrite", "CLEAR", "{}"});
  });
  EXPECT_FALSE(twice.ok());

  // Revising: revision 1 stays public while the working copy is a draft.
  as[0].state = AdvisoryState::draft;
  as[0].en.title = "Revised title";
  ASSERT_TRUE(store_->write([&](WriteTx& tx) { return tx.update_case_advisory(as[0]); }).ok());
  auto one = store_->read([&](ReadTx& tx) { return tx.public_advisory("SA-1"); });
  ASSERT_TRUE(one.ok());
  ASSERT_TRUE(one->has_value());
  EXPECT_EQ((*one)->revision, 1);
  EXPECT_EQ(nlohmann::json::parse((*one)->snapshot)["en"]["title"], "Command injection in the diagnostics page");

  ASSERT_TRUE(publish(as[0], 2, at(40)).ok());
  one = store_->read([&](ReadTx& tx) { return tx.public_advisory("SA-1"); });
  ASSERT_TRUE(one.ok() && one->has_value());
  EXPECT_EQ((*one)->revision, 2);
  EXPECT_EQ(nlohmann::json::parse((*one)->snapshot)["en"]["title"], "Revised title");

  auto page = store_->read([&](ReadTx& tx) { return tx.public_advisories({1, ""}, ""); });
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->total, 2);
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].ref, "SA-1");  // newest publication first
  auto next = store_->read([&](ReadTx& tx) { return tx.public_advisories({1, page->next_cursor}, ""); });
  ASSERT_TRUE(next.ok());
  ASSERT_EQ(next->items.size(), 1u);
  EXPECT_EQ(next->items[0].ref, "SA-2");
  EXPECT_TRUE(next->next_cursor.empty());

  auto snaps = store_->read([&](ReadTx& tx) { return tx.advisory_snapshots(as[0].id); });
  ASSERT_TRUE(snaps.ok());
  ASSERT_EQ(snaps->size(), 2u);
  EXPECT_EQ((*snaps)[0].revision, 1);
  EXPECT_EQ((*snaps)[1].revision, 2);

  for (const char* ref : {"SA-3", "SA-4", "nope"}) {
    auto hidden = store_->read([&](ReadTx& tx) { return tx.public_advisory(ref); });
    ASSERT_TRUE(hidden.ok());
    EXPECT_FALSE(hidden->has_value()) << ref;
  }
  // Withdrawn: no longer public, its revisions kept.
  as[1].state = AdvisoryState::withdrawn;
  ASSERT_TRUE(store_->write([&](WriteTx& tx) { return tx.update_case_advisory(as[1]); }).ok());
  auto gone = store_->read([&](ReadTx& tx) { return tx.public_advisory("SA-2"); });
  ASSERT_TRUE(gone.ok());
  EXPECT_FALSE(gone->has_value());
  auto kept = store_->read([&](ReadTx& tx) { return tx.advisory_snapshots(as[1].id); });
  ASSERT_TRUE(kept.ok());
  EXPECT_EQ(kept->size(), 1u);
}

TEST_P(CaseAdvisoryStoreTest, BlackoutsAndConsents) {
  Id c = add_case("LD-9");
  BlackoutPeriod b{"两会", at(100), at(200)};
  b.created_at = t0();
  auto id = store_->write([&](WriteTx& tx) { return tx.insert_blackout(b); });
  ASSERT_TRUE(id.ok());
  BlackoutPeriod backwards{"backwards", at(300), at(300)};  // end must be after start
  EXPECT_FALSE(store_->write([&](WriteTx& tx) { return tx.insert_blackout(backwards); }).ok());
  auto list = store_->read([&](ReadTx& tx) { return tx.blackouts(); });
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  EXPECT_EQ((*list)[0].name, "两会");
  EXPECT_EQ((*list)[0].start, at(100));
  EXPECT_EQ((*list)[0].end, at(200));

  PublicationConsent k;
  k.case_id = c;
  k.kind = ConsentKind::early_release;
  k.provider = "Acme PSIRT";
  k.miit_reference = "MIIT-2026-7";
  k.miit_date = "2026-12-01";
  k.mps_reference = "MPS-2026-3";
  k.mps_date = "2026-12-02";
  k.recorded_at = at(5);
  ASSERT_TRUE(store_->write([&](WriteTx& tx) { return tx.insert_consent(k); }).ok());
  auto ks = store_->read([&](ReadTx& tx) { return tx.consents(c); });
  ASSERT_TRUE(ks.ok());
  ASSERT_EQ(ks->size(), 1u);
  EXPECT_EQ((*ks)[0].kind, ConsentKind::early_release);
  EXPECT_EQ((*ks)[0].miit_reference, "MIIT-2026-7");
  EXPECT_EQ((*ks)[0].mps_date, "2026-12-02");
  auto other = store_->read([&](ReadTx& tx) { return tx.consents(c + 1); });
  ASSERT_TRUE(other.ok());
  EXPECT_TRUE(other->empty());

  auto del = store_->write([&](WriteTx& tx) { return tx.delete_blackout(*id); });
  ASSERT_TRUE(del.ok());
  EXPECT_TRUE(*del);
  del = store_->write([&](WriteTx& tx) { return tx.delete_blackout(*id); });
  ASSERT_TRUE(del.ok());
  EXPECT_FALSE(*del);
}

INSTANTIATE_TEST_SUITE_P(Backends, CaseAdvisoryStoreTest, test::kBackends, test::backend_name);

}  // namespace
}  // namespace loudong::store
