// Rewards to finders (R-BOUNTY; domain/rewards.h) and the reward policy
// tables providers publish.
//
// Who: domain/rewards.h (staff of the paying organisation, with separation
// of duties between proposing, approving and paying). A reward is
// visible to intake staff, the provider's members and the paying
// organisation's members; a finder sees their own under /my/rewards, never
// another's. Every step is an event on the reward's own history (subject
// "reward"), not the case timeline, which other participants read. A
// refusal changes nothing.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/rewards.h"
#include "services/common.h"

namespace loudong::services {

struct RewardInput {
  std::optional<domain::Id> report_id;  // a report on the case: its submitter is the finder
  std::string finder_name;              // required without a report (a named finder)
  std::int64_t amount_minor = 0;
  std::string currency;
  std::optional<domain::Id> paying_org;  // default: the case's provider, else the host
  std::string note;
  // Why the amount is outside the paying organisation's published policy row
  // for the case's product and grade; without it such an amount is refused
  // (domain::reward_policy_problem). Kept in the reward's staff note and
  // its proposal event.
  std::string policy_override;
};

struct RewardView {
  domain::Reward reward;
  std::string case_ref;
  std::string paying_org_name;
  std::string report_tracking_id;  // when the finder is a report's submitter
  std::string proposed_by_name, approved_by_name, paid_by_name, cancelled_by_name;
  std::vector<domain::RewardState> next;  // steps this caller may take now
};

struct RewardPolicyInput {
  std::optional<domain::Id> provider_org;  // create only
  std::optional<domain::Id> product_id;
  std::string grade;  // "" or critical/high/medium/low
  std::int64_t min_minor = 0;
  std::int64_t max_minor = 0;
  std::string currency;
  std::string note;
};

struct RewardPolicyView {
  domain::RewardPolicy policy;
  std::string provider_name;
  std::string product_name;
};

class Rewards {
 public:
  explicit Rewards(Context& ctx) : ctx_(ctx) {}

  Result<std::vector<RewardView>> of_case(const Caller& c, domain::Id case_id);
  Result<RewardView> propose(const Caller& c, domain::Id case_id, const RewardInput& in);
  // to: approved, paid (text: payment reference) or cancelled (text: reason, required).
  Result<RewardView> step(const Caller& c, domain::Id reward_id, const std::string& to, const std::string& text);
  // The caller's own rewards as a finder (any signed-in user).
  Result<std::vector<RewardView>> mine(const Caller& c);

  // Public: every provider's table, or one provider's.
  Result<std::vector<RewardPolicyView>> policies(std::optional<domain::Id> provider_org);
  Result<RewardPolicyView> create_policy(const Caller& c, const RewardPolicyInput& in);
  Result<RewardPolicyView> update_policy(const Caller& c, domain::Id id, const RewardPolicyInput& in);
  Status delete_policy(const Caller& c, domain::Id id);

 private:
  Result<RewardView> view_of(store::ReadTx& tx, const Caller& c, const domain::Reward& r, bool finder_view);
  Result<domain::RewardPolicy> checked_policy(store::ReadTx& tx, const RewardPolicyInput& in, domain::Id provider_org);
  Result<RewardPolicyView> policy_view(store::ReadTx& tx, const domain::RewardPolicy& p);
  Context& ctx_;
};

}  // namespace loudong::services
