// The authority role (issue 9, R-REPORT-2D, R-SHARE, R-THREAT): MIIT's
// sharing platform, CNCERT and the notification centre as organisations of
// type authority on a deployment. Their officers see the regulatory reports
// providers filed to this deployment, acknowledge or return them (the answer
// travels back to the provider's deployment through the outbox), forward
// them in real time to partner authorities, record joint assessments, and
// see per provider whether reports came within 48 hours.
//
// Who: members of an authority organisation (auditors read only) and
// platform admins. Anyone else gets not_found.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "services/common.h"

namespace loudong::services {

struct JointAssessment {
  std::vector<std::string> participants;  // e.g. "MIIT", "MPS", the provider
  std::string conclusion;
  std::string grade;                      // critical/high/medium/low, optional
  std::string early_release;              // "", "approved", "refused": R-PUB-1 joint assessment
};

struct ProviderTimeliness {
  domain::Id org_id = 0;
  std::string name;
  int reports = 0, late = 0;
  double median_delay_hours = 0, max_delay_hours = 0;
};

struct TimelinessItem {
  std::string reference;
  domain::Id org_id = 0;
  std::string provider;
  std::string case_ref;
  Time aware_at{}, received_at{};
  double delay_hours = 0;
  bool late = false;
};

struct Timeliness {
  std::vector<ProviderTimeliness> providers;  // most late first
  std::vector<TimelinessItem> items;          // newest first
};

class Authority {
 public:
  explicit Authority(Context& ctx) : ctx_(ctx) {}

  Result<std::vector<store::InboxItem>> inbox(const Caller& c, store::InboxFilter f);
  Result<store::InboxItem> item(const Caller& c, domain::Id id);
  // Acknowledge, or return with reasons (required); answers the provider's
  // deployment when a peer for its organisation is registered.
  Result<store::InboxItem> decide(const Caller& c, domain::Id id, bool returned, const std::string& note);
  // Sends the report on to partner authorities' deployments (R-SHARE).
  Result<store::InboxItem> forward(const Caller& c, domain::Id id, const std::vector<domain::Id>& peer_ids);
  Result<store::InboxItem> record_joint_assessment(const Caller& c, domain::Id id, const JointAssessment& j);
  // 48-hour timeliness per provider, over the last `days` days.
  Result<Timeliness> timeliness(const Caller& c, int days);

  // Threat and vulnerability records shared with partners (R-THREAT).
  Result<store::ThreatRecord> push_threat(const Caller& c, const nlohmann::json& record);
  Result<std::vector<store::ThreatRecord>> pull_threats(const Caller& c, domain::Id after_id, int limit);

 private:
  Context& ctx_;
};

bool is_authority_officer(const domain::Actor& a, const std::vector<domain::Organisation>& orgs, bool write);

// 48 hours from awareness to receipt, the conservative reading of "2 days".
inline constexpr double kReportLimitHours = 48.0;

}  // namespace loudong::services
