#include "domain/policy.h"

namespace loudong::domain {

Status validate_policy(const Policy& p) {
  Error e = Error::unprocessable("invalid policy settings", "bad_policy");
  auto positive = [&](const char* field, long long v) {
    if (v <= 0) e.add_field({field, "not_positive", std::string(field) + " must be greater than 0"});
  };
  positive("policy.regulatory_report_hours", p.regulatory_report.count());
  positive("policy.upstream_notice_hours", p.upstream_notice.count());
  positive("policy.finder_ack_hours", p.finder_ack.count());
  positive("policy.user_notice_hours", p.user_notice.count());
  positive("policy.fix_critical_days", p.fix_critical.count());
  positive("policy.fix_high_days", p.fix_high.count());
  positive("policy.fix_medium_days", p.fix_medium.count());
  positive("policy.fix_low_days", p.fix_low.count());
  positive("policy.needs_info_timeout_days", p.needs_info_timeout.count());
  if (p.regulatory_report > std::chrono::hours(48))
    e.add_field({"policy.regulatory_report_hours", "too_long",
                 "regulatory_report_hours may not exceed 48: the regulation allows 2 days (Art. 7(2))"});
  if (p.due_soon_percent < 1 || p.due_soon_percent > 99)
    e.add_field({"policy.due_soon_percent", "out_of_range", "due_soon_percent must be between 1 and 99"});
  if (p.receipt_retention_days < kMinReceiptRetentionDays)
    e.add_field({"policy.receipt_retention_days", "too_short",
                 "receipt_retention_days must be at least 180: the receipt log is kept at least 6 months "
                 "(Art. 5, R-RECEIPT-LOG)"});
  if (!e.fields().empty()) {
    std::string msg = "invalid policy settings:";
    for (const auto& f : e.fields()) msg += " " + f.message + ";";
    Error out = Error::unprocessable(msg, "bad_policy");
    for (const auto& f : e.fields()) out.add_field(f);
    return out;
  }
  return {};
}

}  // namespace loudong::domain
