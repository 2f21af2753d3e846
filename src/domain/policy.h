// Policy settings that the rules leave to the deployment (design.md
// "Clocks": defaults are policy settings). Validated once at start; the
// domain only reads a valid Policy.
#pragma once

#include <chrono>
#include <string>
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
};

inline constexpr int kMinReceiptRetentionDays = 180;

// Fails with one FieldError per bad setting (field names as in the config file).
Status validate_policy(const Policy& p);

}  // namespace loudong::domain
