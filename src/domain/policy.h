// Policy settings that the rules leave to the deployment (design.md
// "Clocks": defaults are policy settings). Validated once at start; the
// domain only reads a valid Policy.
#pragma once

#include <array>
#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"

namespace loudong::domain {

struct Policy {
  // R-REPORT-2D: the conservative reading, 48 hours from awareness.
  std::chrono::hours regulatory_report{48};
  // R-UPSTREAM: "immediately"; 24 hours is the default grace.
  std::chrono::hours upstream_notice{24};
  std::chrono::hours finder_ack{72};
  std::chrono::hours user_notice{72};
  // Fix clock by GB/T 30279 grade; ungraded cases use the high grade's
  // duration so that a missing assessment never buys time.
  std::chrono::days fix_critical{7};
  std::chrono::days fix_high{30};
  std::chrono::days fix_medium{90};
  std::chrono::days fix_low{180};
  // A running clock is due_soon when at most this share of its duration is left.
  int due_soon_percent = 25;
  // R-RECEIPT-LOG: at least 180 days; a shorter value is refused.
  int receipt_retention_days = 180;
  // needs_info reports close (as rejected) after this long without an answer.
  std::chrono::days needs_info_timeout{30};
  // R-FILING: 1 = a platform deployment (host organisation of type platform)
  // refuses public reports until its platform filing is in force
  // (domain/platform_filing.h, intake_refused_for_filing). 0 (default): off,
  // since a provider's own channel needs no filing.
  int intake_require_platform_filing = 0;
  // 1 = admins and authority officers (domain::second_factor_expected) must
  // turn on a second factor: until they do, they can sign in and enrol but
  // do nothing else. 0 (default): the second factor is each user's choice.
  int require_second_factor = 0;
};

inline constexpr int kMinReceiptRetentionDays = 180;

// Fails with one FieldError per bad setting (field names as in the config file).
Status validate_policy(const Policy& p);

// The settings by name: the config file's key without "policy." and the
// API's field names. Every one is an integer in the unit its name ends with.
// intake_require_platform_filing and require_second_factor are switches: 0 or 1.
inline constexpr std::array<std::string_view, 13> kPolicyFields{
    "regulatory_report_hours", "upstream_notice_hours", "finder_ack_hours",   "user_notice_hours",
    "fix_critical_days",       "fix_high_days",         "fix_medium_days",    "fix_low_days",
    "due_soon_percent",        "receipt_retention_days", "needs_info_timeout_days",
    "intake_require_platform_filing", "require_second_factor"};
// The largest value any setting takes (as in the config file): keeps every
// due time far inside the range of Time.
inline constexpr std::int64_t kMaxPolicyValue = 100000;

bool is_policy_field(std::string_view field);
// The range validate_policy accepts for a setting (for forms): at least 1,
// at most kMaxPolicyValue, tighter where the rules say so (0-1 for a switch).
struct PolicyBounds {
  std::int64_t min = 1, max = kMaxPolicyValue;
};
PolicyBounds policy_bounds(std::string_view field);
// The value of a setting; nullopt for an unknown name.
std::optional<std::int64_t> policy_value(const Policy& p, std::string_view field);
// Sets one setting without validating it; false for an unknown name.
bool set_policy_value(Policy& p, std::string_view field, std::int64_t value);

// Values an administrator stored (design: "defaults are policy settings").
// How they combine with the config file: the config file (or the built-in
// default) gives each setting's value until an administrator stores one;
// from then on the stored value is in force, whatever the config file says,
// until it is removed again. Unknown names (from a newer version) are ignored.
using PolicyOverrides = std::map<std::string, std::int64_t, std::less<>>;
Policy effective_policy(const Policy& configured, const PolicyOverrides& overrides);

// Checks a change to the stored values: every name known, every value an
// integer from 1 to kMaxPolicyValue, and the resulting policy valid
// (validate_policy). Field errors name the setting without the "policy."
// prefix, as the API spells it. `changes` maps a name to its new stored
// value, or to nullopt to remove the stored value (back to the config file's).
Result<PolicyOverrides> apply_policy_changes(const Policy& configured, const PolicyOverrides& current,
                                             const std::map<std::string, std::optional<std::int64_t>>& changes);

}  // namespace loudong::domain
