#include "domain/policy.h"

namespace loudong::domain {

namespace {
// One error for every bad field, its message listing them all.
Error policy_error(const Error& collected) {
  std::string msg = "invalid policy settings:";
  for (const auto& f : collected.fields()) msg += " " + f.message + ";";
  Error out = Error::unprocessable(msg, "bad_policy");
  for (const auto& f : collected.fields()) out.add_field(f);
  return out;
}
}  // namespace

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
  if (p.intake_require_platform_filing < 0 || p.intake_require_platform_filing > 1)
    e.add_field({"policy.intake_require_platform_filing", "out_of_range",
                 "intake_require_platform_filing must be 0 (off) or 1 (on)"});
  if (p.require_second_factor < 0 || p.require_second_factor > 1)
    e.add_field({"policy.require_second_factor", "out_of_range", "require_second_factor must be 0 (off) or 1 (on)"});
  if (!e.fields().empty()) return policy_error(e);
  return {};
}

PolicyBounds policy_bounds(std::string_view field) {
  if (field == "regulatory_report_hours") return {1, 48};
  if (field == "due_soon_percent") return {1, 99};
  if (field == "receipt_retention_days") return {kMinReceiptRetentionDays, kMaxPolicyValue};
  if (field == "intake_require_platform_filing" || field == "require_second_factor") return {0, 1};
  return {};
}

bool is_policy_field(std::string_view field) { return policy_value(Policy{}, field).has_value(); }

std::optional<std::int64_t> policy_value(const Policy& p, std::string_view f) {
  if (f == "regulatory_report_hours") return p.regulatory_report.count();
  if (f == "upstream_notice_hours") return p.upstream_notice.count();
  if (f == "finder_ack_hours") return p.finder_ack.count();
  if (f == "user_notice_hours") return p.user_notice.count();
  if (f == "fix_critical_days") return p.fix_critical.count();
  if (f == "fix_high_days") return p.fix_high.count();
  if (f == "fix_medium_days") return p.fix_medium.count();
  if (f == "fix_low_days") return p.fix_low.count();
  if (f == "due_soon_percent") return p.due_soon_percent;
  if (f == "receipt_retention_days") return p.receipt_retention_days;
  if (f == "needs_info_timeout_days") return p.needs_info_timeout.count();
  if (f == "intake_require_platform_filing") return p.intake_require_platform_filing;
  if (f == "require_second_factor") return p.require_second_factor;
  return std::nullopt;
}

bool set_policy_value(Policy& p, std::string_view f, std::int64_t v) {
  using std::chrono::days;
  using std::chrono::hours;
  if (f == "regulatory_report_hours") p.regulatory_report = hours(v);
  else if (f == "upstream_notice_hours") p.upstream_notice = hours(v);
  else if (f == "finder_ack_hours") p.finder_ack = hours(v);
  else if (f == "user_notice_hours") p.user_notice = hours(v);
  else if (f == "fix_critical_days") p.fix_critical = days(v);
  else if (f == "fix_high_days") p.fix_high = days(v);
  else if (f == "fix_medium_days") p.fix_medium = days(v);
  else if (f == "fix_low_days") p.fix_low = days(v);
  else if (f == "due_soon_percent") p.due_soon_percent = static_cast<int>(v);
  else if (f == "receipt_retention_days") p.receipt_retention_days = static_cast<int>(v);
  else if (f == "needs_info_timeout_days") p.needs_info_timeout = days(v);
  else if (f == "intake_require_platform_filing") p.intake_require_platform_filing = static_cast<int>(v);
  else if (f == "require_second_factor") p.require_second_factor = static_cast<int>(v);
  else return false;
  return true;
}

Policy effective_policy(const Policy& configured, const PolicyOverrides& overrides) {
  Policy p = configured;
  for (const auto& [field, value] : overrides) (void)set_policy_value(p, field, value);
  return p;
}

Result<PolicyOverrides> apply_policy_changes(const Policy& configured, const PolicyOverrides& current,
                                             const std::map<std::string, std::optional<std::int64_t>>& changes) {
  Error e = Error::unprocessable("invalid policy settings", "bad_policy");
  PolicyOverrides next = current;
  for (const auto& [field, value] : changes) {
    if (!is_policy_field(field)) {
      e.add_field({field, "unknown_setting", "unknown policy setting " + field});
      continue;
    }
    if (!value) {
      next.erase(field);
      continue;
    }
    // A switch is 0 or 1 (validate_policy says so below); every other setting 1 or more.
    const std::int64_t lowest = policy_bounds(field).min == 0 ? 0 : 1;
    if (*value < lowest || *value > kMaxPolicyValue) {
      e.add_field({field, "out_of_range",
                   field + " must be an integer from " + std::to_string(lowest) + " to " +
                       std::to_string(kMaxPolicyValue)});
      continue;
    }
    next[field] = *value;
  }
  if (e.fields().empty()) {
    if (auto st = validate_policy(effective_policy(configured, next)); !st.ok()) {
      // Only the settings this change touches or keeps stored can be wrong:
      // the config file's own values were validated at start.
      for (const auto& f : st.error().fields()) {
        FieldError x = f;
        if (x.field.rfind("policy.", 0) == 0) x.field = x.field.substr(7);
        e.add_field(x);
      }
    }
  }
  if (!e.fields().empty()) return policy_error(e);
  return next;
}

}  // namespace loudong::domain
