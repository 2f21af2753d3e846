// Operator cases and asset exposures in the store, on both backends: the
// sealed details (which may hold NUL) come back as written and change only
// through update_operator_case; a case is found by its ref; one operator's
// exposures list by advisory ref then asset, never another operator's.
#include <gtest/gtest.h>

#include "temp_store.h"

namespace loudong::store {
namespace {

using namespace domain;

Time t0() { return from_micros(1'700'000'000'000'000); }

class OperatorCasesStoreTest : public TempStoreTest {
 protected:
  // Two operator organisations and one case; returns {op1, op2, case}.
  std::tuple<Id, Id, Id> setup() {
    auto ids = store_->write([&](WriteTx& tx) -> Result<std::tuple<Id, Id, Id>> {
      LD_ASSIGN_OR_RETURN(Id op1, tx.insert_org({0, "Grid Ops", OrgType::operator_, "CN", "", t0()}));
      LD_ASSIGN_OR_RETURN(Id op2, tx.insert_org({0, "Rail Ops", OrgType::operator_, "CN", "", t0()}));
      Case c;
      c.ref = "LD-2026-000777";
      c.title = "Default password on the HMI";
      c.operator_system = true;
      c.aware_at = c.created_at = c.updated_at = t0();
      LD_ASSIGN_OR_RETURN(Id cid, tx.insert_case(c));
      return std::make_tuple(op1, op2, cid);
    });
    EXPECT_TRUE(ids.ok()) << ids.error().log_message();
    return ids.ok() ? *ids : std::make_tuple(Id{0}, Id{0}, Id{0});
  }
};

TEST_P(OperatorCasesStoreTest, SealedDetailsRoundTripAndUpdate) {
  auto [op1, op2, cid] = setup();
  const std::string sealed("\x02\x00\xfe" "details", 10);
  auto st = store_->write([&](WriteTx& tx) { return tx.insert_operator_case({cid, op1, sealed, t0(), t0()}); });
  ASSERT_TRUE(st.ok()) << st.error().log_message();
  auto got = store_->read([&](ReadTx& tx) { return tx.operator_case(cid); });
  ASSERT_TRUE(got.ok() && got->has_value());
  EXPECT_EQ((*got)->operator_org, op1);
  EXPECT_EQ((*got)->details_sealed, sealed);
  OperatorCase changed = **got;
  changed.details_sealed = std::string("\x00new", 4);
  changed.updated_at = t0() + std::chrono::hours(1);
  changed.operator_org = op2;  // not a column update_operator_case writes
  ASSERT_TRUE(store_->write([&](WriteTx& tx) { return tx.update_operator_case(changed); }).ok());
  got = store_->read([&](ReadTx& tx) { return tx.operator_case(cid); });
  ASSERT_TRUE(got.ok() && got->has_value());
  EXPECT_EQ((*got)->details_sealed, std::string("\x00new", 4));
  EXPECT_EQ((*got)->updated_at, changed.updated_at);
  EXPECT_EQ((*got)->operator_org, op1);
  // One row per case: a second insert is refused.
  EXPECT_FALSE(store_->write([&](WriteTx& tx) { return tx.insert_operator_case({cid, op2, "x", t0(), t0()}); }).ok());
  auto none = store_->read([&](ReadTx& tx) { return tx.operator_case(cid + 1000); });
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->has_value());
  auto by_ref = store_->read([](ReadTx& tx) { return tx.case_id_by_ref("LD-2026-000777"); });
  ASSERT_TRUE(by_ref.ok() && by_ref->has_value());
  EXPECT_EQ(**by_ref, cid);
  by_ref = store_->read([](ReadTx& tx) { return tx.case_id_by_ref("LD-2026-000778"); });
  ASSERT_TRUE(by_ref.ok());
  EXPECT_FALSE(by_ref->has_value());
}

TEST_P(OperatorCasesStoreTest, ExposuresListPerOperatorInOrderAndChange) {
  auto [op1, op2, cid] = setup();
  auto add = [&](Id org, std::string ref, std::string asset, std::optional<Id> case_id) {
    AssetExposure x;
    x.operator_org = org;
    x.advisory_ref = std::move(ref);
    x.asset = std::move(asset);
    x.case_id = case_id;
    x.created_at = x.updated_at = t0();
    auto id = store_->write([&](WriteTx& tx) { return tx.insert_asset_exposure(x); });
    EXPECT_TRUE(id.ok()) << id.error().log_message();
    return id.ok() ? *id : 0;
  };
  Id b = add(op1, "LD-SA-2026-000002", "hmi-b", std::nullopt);
  Id a = add(op1, "LD-SA-2026-000002", "hmi-a", std::nullopt);
  Id c = add(op1, "LD-2026-000777", "plc", cid);
  add(op2, "LD-SA-2026-000001", "other", std::nullopt);
  auto list = store_->read([&](ReadTx& tx) { return tx.asset_exposures(op1); });
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 3u);
  EXPECT_EQ((*list)[0].id, c);
  EXPECT_EQ((*list)[0].case_id, cid);
  // By advisory, then by id: the asset may be sealed, so the store cannot
  // order by it (services::OperatorCases sorts the opened list by asset).
  EXPECT_EQ((*list)[1].id, b);
  EXPECT_EQ((*list)[2].id, a);
  auto x = store_->read([&](ReadTx& tx) { return tx.asset_exposure(b); });
  ASSERT_TRUE(x.ok() && x->has_value());
  AssetExposure changed = **x;
  changed.status = ExposureStatus::patched;
  changed.note = "upgraded";
  changed.updated_by = 7;
  ASSERT_TRUE(store_->write([&](WriteTx& tx) { return tx.update_asset_exposure(changed); }).ok());
  x = store_->read([&](ReadTx& tx) { return tx.asset_exposure(b); });
  ASSERT_TRUE(x.ok() && x->has_value());
  EXPECT_EQ((*x)->status, ExposureStatus::patched);
  EXPECT_EQ((*x)->note, "upgraded");
  EXPECT_EQ((*x)->updated_by, 7);
  EXPECT_FALSE((*x)->case_id.has_value());
  ASSERT_TRUE(store_->write([&](WriteTx& tx) { return tx.delete_asset_exposure(b); }).ok());
  list = store_->read([&](ReadTx& tx) { return tx.asset_exposures(op1); });
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->size(), 2u);
  list = store_->read([&](ReadTx& tx) { return tx.asset_exposures(op2); });
  ASSERT_TRUE(list.ok());
  EXPECT_EQ(list->size(), 1u);
}

INSTANTIATE_TEST_SUITE_P(Backends, OperatorCasesStoreTest, test::kBackends, test::backend_name);

}  // namespace
}  // namespace loudong::store
