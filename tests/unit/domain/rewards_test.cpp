// Rewards (domain/rewards.h): the states, amounts and policy rows, and who
// may take which step, with separation of duties.
#include "domain/rewards.h"

#include <gtest/gtest.h>

namespace loudong::domain {
namespace {

constexpr Id kProvider = 7;

Actor staff(Id user, Id org, Role role) {
  Actor a;
  a.user_id = user;
  a.username = "u" + std::to_string(user);
  a.memberships = {{org, role}};
  return a;
}

Reward proposed_by(Id user, Id paying_org = kProvider) {
  Reward r;
  r.id = 1;
  r.case_id = 3;
  r.paying_org = paying_org;
  r.finder_user_id = 99;
  r.amount_minor = 500000;
  r.currency = "CNY";
  r.proposed_by = user;
  return r;
}

std::vector<std::string> fields_of(const std::vector<FieldError>& errors) {
  std::vector<std::string> out;
  for (const auto& e : errors) out.push_back(e.field + "/" + e.code);
  return out;
}

TEST(RewardStates, ProposedApprovedPaidOrCancelledBeforePaid) {
  EXPECT_TRUE(reward_step_allowed(RewardState::proposed, RewardState::approved));
  EXPECT_TRUE(reward_step_allowed(RewardState::approved, RewardState::paid));
  EXPECT_FALSE(reward_step_allowed(RewardState::proposed, RewardState::paid));  // never paid unapproved
  EXPECT_TRUE(reward_step_allowed(RewardState::approved, RewardState::cancelled));
  EXPECT_FALSE(reward_step_allowed(RewardState::paid, RewardState::cancelled));
  EXPECT_TRUE(reward_next(RewardState::cancelled).empty());
}

TEST(RewardAmounts, MinorUnitsInRangeAndIsoCurrency) {
  EXPECT_TRUE(reward_amount_problems(1, "CNY").empty());
  EXPECT_TRUE(reward_amount_problems(kMaxRewardMinor, "USD").empty());
  EXPECT_EQ(fields_of(reward_amount_problems(0, "CNY")), (std::vector<std::string>{"amount_minor/out_of_range"}));
  EXPECT_EQ(fields_of(reward_amount_problems(kMaxRewardMinor + 1, "cny")),
            (std::vector<std::string>{"amount_minor/out_of_range", "currency/bad_currency"}));
  EXPECT_FALSE(valid_currency("XXX"));
  EXPECT_EQ(currency_minor_digits("CNY"), 2);
  EXPECT_EQ(currency_minor_digits("JPY"), 0);
  EXPECT_EQ(currency_minor_digits("KWD"), 3);
}

TEST(RewardPolicyRows, NameAProductOrGradeWithAnOrderedRange) {
  RewardPolicy p;
  p.provider_org = kProvider;
  p.grade = assessment::Grade::high;
  p.min_minor = 0;
  p.max_minor = 100;
  p.currency = "CNY";
  EXPECT_TRUE(reward_policy_problems(p).empty());
  p.grade.reset();
  p.min_minor = 200;
  EXPECT_EQ(fields_of(reward_policy_problems(p)),
            (std::vector<std::string>{"grade/required", "max_minor/less_than_min"}));
  p.product_id = 4;
  p.max_minor = 0;
  p.min_minor = -1;
  EXPECT_EQ(fields_of(reward_policy_problems(p)),
            (std::vector<std::string>{"min_minor/out_of_range", "max_minor/out_of_range"}));
}

RewardPolicy policy_row(Id org, std::optional<Id> product, std::optional<assessment::Grade> grade, std::int64_t min,
                        std::int64_t max, const char* currency = "CNY") {
  RewardPolicy p;
  p.provider_org = org;
  p.product_id = product;
  p.grade = grade;
  p.min_minor = min;
  p.max_minor = max;
  p.currency = currency;
  return p;
}

TEST(RewardPolicyCheck, TheMostSpecificRowOfThePayerGoverns) {
  using assessment::Grade;
  std::vector<RewardPolicy> rows = {policy_row(5, std::nullopt, Grade::high, 100, 200),
                                    policy_row(5, 7, std::nullopt, 300, 400),
                                    policy_row(5, 7, Grade::high, 500, 600),
                                    policy_row(6, 7, Grade::high, 1, 2)};  // another organisation's
  auto got = [&](std::optional<Id> product, std::optional<Grade> grade) {
    auto p = reward_policy_for(rows, 5, product, grade);
    return p ? p->min_minor : -1;
  };
  EXPECT_EQ(got(7, Grade::high), 500);
  EXPECT_EQ(got(7, Grade::low), 300);
  EXPECT_EQ(got(7, std::nullopt), 300);
  EXPECT_EQ(got(8, Grade::high), 100);
  EXPECT_EQ(got(std::nullopt, Grade::high), 100);
  EXPECT_EQ(got(8, Grade::low), -1);  // no row: nothing to check against
  EXPECT_FALSE(reward_policy_for(rows, 9, 7, Grade::high));
}

TEST(RewardPolicyCheck, OutsideTheRangeOrCurrencyIsNamedWithTheRange) {
  auto p = policy_row(5, 7, std::nullopt, 10000, 200000);
  EXPECT_FALSE(reward_policy_problem(p, 10000, "CNY"));
  EXPECT_FALSE(reward_policy_problem(p, 200000, "CNY"));
  auto over = reward_policy_problem(p, 200001, "CNY");
  ASSERT_TRUE(over);
  EXPECT_EQ(over->field, "amount_minor");
  EXPECT_EQ(over->code, "outside_policy");
  EXPECT_NE(over->message.find("100.00 CNY – 2000.00 CNY"), std::string::npos) << over->message;
  EXPECT_NE(over->message.find("奖励政策范围"), std::string::npos);
  EXPECT_TRUE(reward_policy_problem(p, 9999, "CNY"));
  auto usd = reward_policy_problem(p, 10000, "USD");
  ASSERT_TRUE(usd);
  EXPECT_EQ(usd->field, "currency");
  EXPECT_EQ(amount_text(5, "JPY"), "5 JPY");
  EXPECT_EQ(amount_text(12345, "CNY"), "123.45 CNY");
}

TEST(RewardDuties, ProposingTakesStaffOfTheHostOrTheCasesProvider) {
  CaseParties parties{kProvider, {kProvider, 8}, {99}};
  EXPECT_TRUE(can_propose_reward(staff(2, kProvider, Role::coordinator), parties));
  EXPECT_TRUE(can_propose_reward(staff(2, kHostOrg, Role::admin), parties));
  EXPECT_FALSE(can_propose_reward(staff(2, kProvider, Role::member), parties));
  EXPECT_FALSE(can_propose_reward(staff(2, 8, Role::admin), parties));  // another participant
  EXPECT_TRUE(can_pay_from(kHostOrg, parties));
  EXPECT_TRUE(can_pay_from(kProvider, parties));
  EXPECT_FALSE(can_pay_from(8, parties));
}

TEST(RewardDuties, TheProposerNeverApprovesAndTheApproverNeverPays) {
  Reward r = proposed_by(2);
  Actor proposer_admin = staff(2, kProvider, Role::admin);
  Actor other_admin = staff(3, kProvider, Role::admin);
  Actor coordinator = staff(4, kProvider, Role::coordinator);
  EXPECT_TRUE(reward_step_refusal(proposer_admin, r, RewardState::approved).has_value());
  EXPECT_FALSE(reward_step_refusal(other_admin, r, RewardState::approved).has_value());
  // Approving takes an admin; a coordinator may not.
  EXPECT_TRUE(reward_step_refusal(coordinator, r, RewardState::approved).has_value());

  r.state = RewardState::approved;
  r.approved_by = 3;
  EXPECT_TRUE(reward_step_refusal(other_admin, r, RewardState::paid).has_value());
  EXPECT_FALSE(reward_step_refusal(coordinator, r, RewardState::paid).has_value());
  EXPECT_FALSE(reward_step_refusal(proposer_admin, r, RewardState::paid).has_value());
  EXPECT_EQ(reward_steps_for(other_admin, r), (std::vector<RewardState>{RewardState::cancelled}));
  EXPECT_EQ(reward_steps_for(coordinator, r), (std::vector<RewardState>{RewardState::paid}));
}

TEST(RewardDuties, OnlyThePayingOrganisationsStaffAndNeverTheFinder) {
  Reward r = proposed_by(2);
  EXPECT_TRUE(reward_step_refusal(staff(5, kHostOrg, Role::admin), r, RewardState::approved).has_value());
  Actor platform_admin;
  platform_admin.user_id = 6;
  platform_admin.platform_admin = true;
  // A platform admin is host staff: the host's rewards, not a provider's money.
  EXPECT_TRUE(reward_step_refusal(platform_admin, r, RewardState::approved).has_value());
  EXPECT_FALSE(reward_step_refusal(platform_admin, proposed_by(2, kHostOrg), RewardState::approved).has_value());
  // A finder who is also an admin of the paying organisation cannot approve their own reward.
  Actor finder_admin = staff(99, kProvider, Role::admin);
  EXPECT_TRUE(reward_step_refusal(finder_admin, r, RewardState::approved).has_value());
  EXPECT_TRUE(reward_steps_for(finder_admin, r).empty());
}

TEST(RewardDuties, CancellingTakesAnAdminOrTheProposerBeforeApproval) {
  Reward r = proposed_by(4);
  Actor proposer = staff(4, kProvider, Role::coordinator);
  EXPECT_FALSE(reward_step_refusal(proposer, r, RewardState::cancelled).has_value());
  EXPECT_TRUE(reward_step_refusal(staff(5, kProvider, Role::coordinator), r, RewardState::cancelled).has_value());
  r.state = RewardState::approved;
  EXPECT_TRUE(reward_step_refusal(proposer, r, RewardState::cancelled).has_value());
  EXPECT_FALSE(reward_step_refusal(staff(3, kProvider, Role::admin), r, RewardState::cancelled).has_value());
}

TEST(RewardVisibility, StaffAndPayerSeeOthersDoNot) {
  CaseParties parties{kProvider, {kProvider, 8}, {99}};
  Reward r = proposed_by(2, kHostOrg);
  EXPECT_TRUE(can_see_reward(staff(2, kProvider, Role::member), parties, r));
  EXPECT_TRUE(can_see_reward(staff(2, kHostOrg, Role::coordinator), parties, r));
  EXPECT_FALSE(can_see_reward(staff(2, 8, Role::admin), parties, r));
  Actor finder;
  finder.user_id = 99;
  EXPECT_FALSE(can_see_reward(finder, parties, r));  // their own: /me/rewards only
  EXPECT_FALSE(can_see_reward(Actor{}, parties, r));
  EXPECT_TRUE(can_manage_reward_policy(staff(2, kProvider, Role::admin), kProvider));
  EXPECT_FALSE(can_manage_reward_policy(staff(2, kProvider, Role::coordinator), kProvider));
}

}  // namespace
}  // namespace loudong::domain
