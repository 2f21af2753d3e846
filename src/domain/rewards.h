// Rewards to finders (R-BOUNTY, Art. 7: providers are encouraged to reward
// finders) and the reward policy table a provider publishes.
//
// A reward belongs to a case and a finder (the submitter of a report joined
// to the case, or a finder named by the proposer), is paid by one
// organisation (the case's provider or the deployment's host), and moves
// proposed -> approved -> paid, or to cancelled from proposed or approved.
// Each step records who and when.
//
// Pure rules: no I/O, no clock reads.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "assessment/grading.h"
#include "core/clock.h"
#include "core/result.h"
#include "domain/access.h"
#include "domain/types.h"

namespace loudong::domain {

enum class RewardState { proposed, approved, paid, cancelled };

struct Reward {
  Id id = 0;
  Id case_id = 0;
  Id paying_org = 0;
  std::optional<Id> report_id;        // the report whose submitter is the finder, if any
  std::optional<Id> finder_user_id;   // a signed-in finder: sees it under /my/rewards
  std::string finder_name;            // as shown to staff
  std::int64_t amount_minor = 0;      // in the currency's minor unit (fen for CNY)
  std::string currency;               // ISO 4217, e.g. "CNY"
  RewardState state = RewardState::proposed;
  std::string note;                   // why, for staff
  Time proposed_at{};
  std::optional<Id> proposed_by;
  std::optional<Time> approved_at;
  std::optional<Id> approved_by;
  std::optional<Time> paid_at;
  std::optional<Id> paid_by;
  std::string payment_reference;
  std::optional<Time> cancelled_at;
  std::optional<Id> cancelled_by;
  std::string cancel_reason;
  Time updated_at{};
};

// One row of a provider's published reward table: a product, a grade, or both.
struct RewardPolicy {
  Id id = 0;
  Id provider_org = 0;
  std::optional<Id> product_id;
  std::optional<assessment::Grade> grade;
  std::int64_t min_minor = 0;
  std::int64_t max_minor = 0;
  std::string currency;
  std::string note;
  Time updated_at{};
  std::optional<Id> updated_by;
};

// The largest amount accepted, in minor units (10^12: far above any bounty,
// far inside int64 and a JavaScript number).
inline constexpr std::int64_t kMaxRewardMinor = 1'000'000'000'000;

bool reward_step_allowed(RewardState from, RewardState to);
std::vector<RewardState> reward_next(RewardState from);

// ISO 4217 active alphabetic codes; minor-unit digits of a known code.
bool valid_currency(std::string_view code);
int currency_minor_digits(std::string_view code);

// Field problems of an amount and currency ("amount_minor", "currency").
std::vector<FieldError> reward_amount_problems(std::int64_t amount_minor, std::string_view currency);
// Field problems of a policy row (product or grade required; 0 <= min <= max).
std::vector<FieldError> reward_policy_problems(const RewardPolicy& p);

// "1234.50 CNY": an amount in its currency's major unit.
std::string amount_text(std::int64_t minor, std::string_view currency);

// The paying organisation's policy row that governs a reward on a case with
// this product and grade: product and grade both matching first, then the
// product's row without a grade, then the grade's row without a product.
std::optional<RewardPolicy> reward_policy_for(const std::vector<RewardPolicy>& policies, Id paying_org,
                                              std::optional<Id> product_id, std::optional<assessment::Grade> grade);
// Why an amount breaks the governing row (code "outside_policy", on
// "amount_minor", the row's range in both languages), or nullopt. A reward
// outside the published table is refused unless the proposer records why
// (services::RewardInput::policy_override): the table is a public promise.
std::optional<FieldError> reward_policy_problem(const RewardPolicy& p, std::int64_t amount_minor,
                                                std::string_view currency);

// Who may. The paying organisation is the case's provider or the host; its
// staff (coordinators and admins; platform admins count as host staff) act
// on the reward, with separation of duties: nobody approves a reward they
// proposed, nobody marks paid a reward they approved, and nobody takes any
// step on a reward to themselves. Approving takes an admin; proposing and
// paying, any staff member. Cancelling (before paid): an admin, or the
// proposer while it is only proposed.
bool is_reward_staff(const Actor& a, Id org);
bool can_pay_from(Id org, const CaseParties& parties);  // a valid paying organisation for the case
// Proposing on a case: staff of the host or of the case's provider.
bool can_propose_reward(const Actor& a, const CaseParties& parties);
// Why `a` may not take the step to `to` on `r` (both languages), or nullopt
// when they may. Says nothing about whether the state allows the step.
std::optional<std::string> reward_step_refusal(const Actor& a, const Reward& r, RewardState to);
// The steps `a` may take now (state and duties both allow).
std::vector<RewardState> reward_steps_for(const Actor& a, const Reward& r);
// The case's rewards: intake staff, the provider's members, the paying
// organisation's members. Finders see their own through /my/rewards only.
bool can_see_reward(const Actor& a, const CaseParties& parties, const Reward& r);
bool can_manage_reward_policy(const Actor& a, Id provider_org);

}  // namespace loudong::domain

LD_ENUM_NAMES(loudong::domain::RewardState, "proposed", "approved", "paid", "cancelled");
