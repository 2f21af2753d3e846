// Policy settings by name, and how stored values combine with the config
// file's (domain/policy.h).
#include "domain/policy.h"

#include <gtest/gtest.h>

namespace loudong::domain {
namespace {

std::vector<std::string> fields_of(const Error& e) {
  std::vector<std::string> out;
  for (const auto& f : e.fields()) out.push_back(f.field + "/" + f.code);
  return out;
}

TEST(PolicyFields, EveryNamedSettingReadsAndWrites) {
  Policy p;
  std::int64_t v = 11;
  for (auto f : kPolicyFields) {
    ASSERT_TRUE(is_policy_field(f)) << f;
    ASSERT_TRUE(set_policy_value(p, f, v)) << f;
    EXPECT_EQ(policy_value(p, f), v) << f;
    ++v;
  }
  EXPECT_EQ(p.regulatory_report, std::chrono::hours(11));
  EXPECT_EQ(p.needs_info_timeout, std::chrono::days(21));
  EXPECT_FALSE(is_policy_field("time_zone"));
  EXPECT_FALSE(set_policy_value(p, "policy.fix_low_days", 1));
  EXPECT_EQ(policy_value(p, "nope"), std::nullopt);
}

TEST(PolicyFields, BoundsFollowTheRules) {
  EXPECT_EQ(policy_bounds("regulatory_report_hours").max, 48);
  EXPECT_EQ(policy_bounds("receipt_retention_days").min, kMinReceiptRetentionDays);
  EXPECT_EQ(policy_bounds("due_soon_percent").max, 99);
  EXPECT_EQ(policy_bounds("fix_low_days").min, 1);
  EXPECT_EQ(policy_bounds("fix_low_days").max, kMaxPolicyValue);
  // Every bound is one validate_policy accepts, and one past it is refused.
  for (auto f : kPolicyFields) {
    auto b = policy_bounds(f);
    for (auto v : {b.min, b.max}) {
      Policy p;
      set_policy_value(p, f, v);
      EXPECT_TRUE(validate_policy(p).ok()) << f << "=" << v;
    }
    if (b.max < kMaxPolicyValue) {
      Policy p;
      set_policy_value(p, f, b.max + 1);
      EXPECT_FALSE(validate_policy(p).ok()) << f;
    }
    Policy p;
    set_policy_value(p, f, b.min - 1);
    EXPECT_FALSE(validate_policy(p).ok()) << f;
  }
}

TEST(PolicyOverridesTest, StoredValuesWinOverTheConfigFile) {
  Policy configured;
  configured.fix_high = std::chrono::days(20);
  auto p = effective_policy(configured, {{"fix_high_days", 10}, {"regulatory_report_hours", 24}, {"from_the_future", 3}});
  EXPECT_EQ(p.fix_high, std::chrono::days(10));
  EXPECT_EQ(p.regulatory_report, std::chrono::hours(24));
  EXPECT_EQ(p.fix_critical, configured.fix_critical);
  EXPECT_EQ(effective_policy(configured, {}).fix_high, std::chrono::days(20));
}

TEST(PolicyOverridesTest, ChangesStoreRemoveAndValidate) {
  Policy configured;
  auto next = apply_policy_changes(configured, {{"fix_high_days", 10}},
                                   {{"regulatory_report_hours", 24}, {"fix_high_days", std::nullopt}});
  ASSERT_TRUE(next.ok()) << next.error().message();
  EXPECT_EQ(*next, (PolicyOverrides{{"regulatory_report_hours", 24}}));

  auto bad = apply_policy_changes(configured, {}, {{"receipt_retention_days", 179}, {"fix_low_days", 0}});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().http_status(), 422);
  EXPECT_EQ(fields_of(bad.error()), (std::vector<std::string>{"fix_low_days/out_of_range"}));
  bad = apply_policy_changes(configured, {}, {{"receipt_retention_days", 179}, {"regulatory_report_hours", 72}});
  ASSERT_FALSE(bad.ok());
  // Named as in the API body, without the config file's "policy." prefix.
  EXPECT_EQ(fields_of(bad.error()),
            (std::vector<std::string>{"regulatory_report_hours/too_long", "receipt_retention_days/too_short"}));
  EXPECT_NE(bad.error().message().find("180"), std::string::npos);
  bad = apply_policy_changes(configured, {}, {{"time_zone", 8}});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(fields_of(bad.error()), (std::vector<std::string>{"time_zone/unknown_setting"}));
  bad = apply_policy_changes(configured, {}, {{"fix_low_days", kMaxPolicyValue + 1}});
  EXPECT_FALSE(bad.ok());
}

}  // namespace
}  // namespace loudong::domain
