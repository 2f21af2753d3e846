// The policy in force, changed by PUT /policy in this process and reloaded
// from the store every second (for changes other processes made).
#include <gtest/gtest.h>

#include "services/context.h"

namespace loudong::services {
namespace {

// Found by the browser suite: a reload that read the rows before a PUT in
// this process set its values afterwards, so a reset setting stayed in force
// until the next reload.
TEST(LivePolicy, AReloadThatReadBeforeAChangeDoesNotUndoIt) {
  LivePolicy policy;
  domain::PolicyOverrides stored{{"regulatory_report_hours", 24}};
  policy.set_overrides(stored);
  const auto seen = policy.generation();  // the reload reads the store here...
  policy.set_overrides({});               // ...a PUT resets the setting...
  EXPECT_FALSE(policy.set_overrides_if(stored, seen)) << "...and the reload's older rows must not apply";
  EXPECT_TRUE(policy.overrides().empty());
  EXPECT_EQ(policy.get().regulatory_report, domain::Policy{}.regulatory_report);
  EXPECT_TRUE(policy.set_overrides_if(stored, policy.generation())) << "a reload with nothing in between applies";
  EXPECT_EQ(policy.get().regulatory_report, std::chrono::hours(24));
}

}  // namespace
}  // namespace loudong::services
