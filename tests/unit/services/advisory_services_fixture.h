// The case-and-advisory store of tests/unit/store with a services::Context on
// it (a fresh seal key, a manual clock at store::at(100)): for tests of the
// services that read published advisories.
#pragma once

#include <memory>

#include "../store/case_advisory_fixture.h"
#include "services/common.h"

namespace loudong::services {

class AdvisoryServicesTest : public store::CaseAdvisoryStoreTest {
 protected:
  void SetUp() override {
    store::CaseAdvisoryStoreTest::SetUp();
    if (IsSkipped() || HasFatalFailure()) return;
    ctx_.reset(new Context{*store_, clock_, {}, TimeZone(), crypto::generate_seal_key(), {}, std::nullopt, false});
  }
  void TearDown() override {
    ctx_.reset();
    store::CaseAdvisoryStoreTest::TearDown();
  }

  ManualClock clock_{store::at(100)};
  std::unique_ptr<Context> ctx_;
};

}  // namespace loudong::services
