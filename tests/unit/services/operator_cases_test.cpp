// Operator cases over a real store (both backends) with a manual clock: the
// details are sealed at rest and read back only by those allowed; the fix
// clock runs on the operator's transitions with no customer-notice clock;
// every path that carries a case out names the no_operator_details gate.
#include <filesystem>

#include <gtest/gtest.h>

#include "../store/backends.h"

#include "services/accounts.h"
#include "services/cases.h"
#include "services/operator_cases.h"

namespace loudong::services {
namespace {

using namespace domain;
namespace fs = std::filesystem;

class OperatorFlow : public ::testing::TestWithParam<::loudong::store::test::Backend> {
 protected:
  void SetUp() override {
    LD_REQUIRE_BACKEND(GetParam());
    ASSERT_TRUE(crypto::init().ok());
    dir_ = fs::temp_directory_path() / ("loudong-op-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    auto opened = db_.open(GetParam(), dir_);
    ASSERT_TRUE(opened.ok()) << opened.error().log_message();
    store_ = std::move(*opened);
    ctx_.reset(new Context{*store_, clock_, {}, TimeZone(), crypto::generate_seal_key(), {}, std::nullopt, false});
    ASSERT_TRUE(Accounts(*ctx_).bootstrap("Host", OrgType::platform, "CN", std::string("Host-Root-Password-1")).ok());
    auto org = store_->write([](store::WriteTx& tx) {
      return tx.insert_org({0, "Grid Ops", OrgType::operator_, "CN", "", from_micros(0)});
    });
    ASSERT_TRUE(org.ok());
    op_org_ = *org;
    op_.actor.user_id = 50;
    op_.actor.username = "gridops";
    op_.actor.memberships = {{op_org_, Role::coordinator}};
    staff_.actor.user_id = 1;
    staff_.actor.username = "admin";
    staff_.actor.platform_admin = true;
    staff_.actor.memberships = {{kHostOrg, Role::admin}};
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }

  Id record() {
    OperatorCaseInput in{op_org_, "Default password on the HMI", "", {"SCADA-HMI-01", "plant 2, zone B", "OT team"}};
    auto c = OperatorCases(*ctx_).create(op_, in);
    EXPECT_TRUE(c.ok()) << c.error().log_message();
    return c.ok() ? c->id : 0;
  }

  fs::path dir_;
  ManualClock clock_{*parse_time("2026-11-20T15:30:00Z")};
  ::loudong::store::test::TestDb db_;
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<Context> ctx_;
  Id op_org_ = 0;
  Caller op_, staff_;
};

TEST_P(OperatorFlow, DetailsAreSealedAndReadOnlyByTheOperator) {
  Id id = record();
  auto row = store_->read([&](store::ReadTx& tx) { return tx.operator_case(id); });
  ASSERT_TRUE(row.ok() && row->has_value());
  EXPECT_EQ((*row)->details_sealed.find("SCADA-HMI-01"), std::string::npos) << "stored in clear";
  auto d = OperatorCases(*ctx_).details(op_, id);
  ASSERT_TRUE(d.ok()) << d.error().log_message();
  EXPECT_EQ(d->details.asset, "SCADA-HMI-01");
  EXPECT_EQ(d->details.location, "plant 2, zone B");
  EXPECT_TRUE(d->record.details_sealed.empty());
  auto denied = OperatorCases(*ctx_).details(staff_, id);
  ASSERT_FALSE(denied.ok());
  EXPECT_EQ(denied.error().kind(), ErrorKind::permission_denied);
  auto c = Cases(*ctx_).get(op_, id);
  ASSERT_TRUE(c.ok());
  EXPECT_TRUE(c->case_.operator_system);
  EXPECT_TRUE(c->can_read_operator_details);
  EXPECT_EQ(c->parties.operator_org, op_org_);
}

TEST_P(OperatorFlow, TheOperatorFixesOnTheFixClockAndTheGateRefusesEveryPath) {
  Id id = record();
  Cases cases(*ctx_);
  ASSERT_TRUE(cases.transition(op_, id, CaseState::confirmed, "reproduced").ok());
  clock_.advance(std::chrono::hours(5));
  ASSERT_TRUE(cases.transition(op_, id, CaseState::fixing, "").ok());
  auto d = cases.transition(op_, id, CaseState::fixed, "password rotated");
  ASSERT_TRUE(d.ok()) << d.error().log_message();
  ASSERT_EQ(d->clocks.size(), 1u);
  EXPECT_EQ(d->clocks[0].kind, ClockKind::fix);
  EXPECT_EQ(d->clocks[0].state, ClockState::met);
  auto refused = refuse_operator_case(d->case_);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code(), "publication_refused");
  EXPECT_NE(refused.error().message().find("R-PUB-2"), std::string::npos);
  auto published = cases.transition(staff_, id, CaseState::published, "");
  ASSERT_FALSE(published.ok());
  EXPECT_EQ(published.error().code(), "publication_refused");
  CaseUpdate clear;
  clear.operator_system = false;
  auto cleared = cases.update(op_, id, clear);
  ASSERT_FALSE(cleared.ok());
  EXPECT_EQ(cleared.error().fields().at(0).field, "operator_system");
  Case plain;
  EXPECT_TRUE(refuse_operator_case(plain).ok());
}

TEST_P(OperatorFlow, ExposuresAreSealedAndRowsStoredInClearAreSealedAtStart) {
  Id id = record();
  auto cs = store_->read([&](store::ReadTx& tx) { return tx.get_case(id); });
  ASSERT_TRUE(cs.ok() && cs->has_value());
  const std::string ref = (*cs)->ref;
  OperatorCases ops(*ctx_);
  auto late = ops.add_exposure(op_, op_org_, {ref, "zz-gateway-7", "affected", "vendor patch pending"});
  ASSERT_TRUE(late.ok()) << late.error().log_message();
  auto early = ops.add_exposure(op_, op_org_, {ref, "aa-router-2", "affected", std::nullopt});
  ASSERT_TRUE(early.ok()) << early.error().log_message();
  EXPECT_EQ(late->exposure.asset, "zz-gateway-7");
  EXPECT_TRUE(late->exposure.details_sealed.empty()) << "the answer carries no sealed bytes";

  auto raw = store_->read([&](store::ReadTx& tx) { return tx.asset_exposure(late->exposure.id); });
  ASSERT_TRUE(raw.ok() && raw->has_value());
  EXPECT_EQ((*raw)->asset, "");
  EXPECT_EQ((*raw)->note, "");
  ASSERT_FALSE((*raw)->details_sealed.empty());
  EXPECT_EQ((*raw)->details_sealed.find("zz-gateway"), std::string::npos) << "stored in clear";
  EXPECT_EQ((*raw)->details_sealed.find("vendor patch"), std::string::npos) << "note stored in clear";

  // A change of status only keeps the sealed asset and note.
  auto patched = ops.update_exposure(op_, late->exposure.id, {std::nullopt, std::nullopt, "patched", std::nullopt});
  ASSERT_TRUE(patched.ok()) << patched.error().log_message();
  EXPECT_EQ(patched->exposure.asset, "zz-gateway-7");
  EXPECT_EQ(patched->exposure.note, "vendor patch pending");

  // A row as an older version stored it: clear text, nothing sealed.
  AssetExposure old;
  old.operator_org = op_org_;
  old.advisory_ref = ref;
  old.asset = "mm-legacy-host";
  old.note = "found in 2025";
  auto old_id = store_->write([&](store::WriteTx& tx) { return tx.insert_asset_exposure(old); });
  ASSERT_TRUE(old_id.ok());
  auto n = seal_clear_exposures(*ctx_);
  ASSERT_TRUE(n.ok()) << n.error().log_message();
  EXPECT_EQ(*n, 1);
  raw = store_->read([&](store::ReadTx& tx) { return tx.asset_exposure(*old_id); });
  ASSERT_TRUE(raw.ok() && raw->has_value());
  EXPECT_EQ((*raw)->asset, "");
  EXPECT_EQ((*raw)->details_sealed.find("mm-legacy"), std::string::npos);
  n = seal_clear_exposures(*ctx_);
  ASSERT_TRUE(n.ok());
  EXPECT_EQ(*n, 0) << "sealed once";

  // Listed in clear, ordered by asset although the store holds it sealed.
  auto list = ops.exposures(op_, op_org_);
  ASSERT_TRUE(list.ok()) << list.error().log_message();
  std::vector<std::string> assets;
  for (const auto& v : *list) assets.push_back(v.exposure.asset);
  EXPECT_EQ(assets, (std::vector<std::string>{"aa-router-2", "mm-legacy-host", "zz-gateway-7"}));
  EXPECT_EQ(list->back().exposure.status, ExposureStatus::patched);
  EXPECT_EQ((*list)[1].exposure.note, "found in 2025");
}

INSTANTIATE_TEST_SUITE_P(Backends, OperatorFlow, ::loudong::store::test::kBackends, ::loudong::store::test::backend_name);

}  // namespace
}  // namespace loudong::services
