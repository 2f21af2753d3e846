#include "domain/rewards.h"

#include <algorithm>
#include <array>

namespace loudong::domain {

namespace {

// ISO 4217 active alphabetic codes (funds, precious metals and the testing
// code left out: rewards are paid in money).
constexpr std::array<std::string_view, 155> kCurrencies{
    "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT", "BGN", "BHD", "BIF",
    "BMD", "BND", "BOB", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD", "CDF", "CHF", "CLP", "CNY", "COP", "CRC",
    "CUP", "CVE", "CZK", "DJF", "DKK", "DOP", "DZD", "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP", "GEL", "GHS",
    "GIP", "GMD", "GNF", "GTQ", "GYD", "HKD", "HNL", "HTG", "HUF", "IDR", "ILS", "INR", "IQD", "IRR", "ISK", "JMD",
    "JOD", "JPY", "KES", "KGS", "KHR", "KMF", "KPW", "KRW", "KWD", "KYD", "KZT", "LAK", "LBP", "LKR", "LRD", "LSL",
    "LYD", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR", "MVR", "MWK", "MXN", "MYR", "MZN", "NAD",
    "NGN", "NIO", "NOK", "NPR", "NZD", "OMR", "PAB", "PEN", "PGK", "PHP", "PKR", "PLN", "PYG", "QAR", "RON", "RSD",
    "RUB", "RWF", "SAR", "SBD", "SCR", "SDG", "SEK", "SGD", "SHP", "SLE", "SOS", "SRD", "SSP", "STN", "SVC", "SYP",
    "SZL", "THB", "TJS", "TMT", "TND", "TOP", "TRY", "TTD", "TWD", "TZS", "UAH", "UGX", "USD", "UYU", "UZS", "VES",
    "VND", "VUV", "WST", "XAF", "XCD", "XOF", "XPF", "YER", "ZAR", "ZMW", "ZWL"};
constexpr std::array<std::string_view, 16> kZeroDigits{"BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW",
                                                       "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF"};
constexpr std::array<std::string_view, 7> kThreeDigits{"BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"};

template <size_t N>
bool in(const std::array<std::string_view, N>& a, std::string_view s) {
  return std::find(a.begin(), a.end(), s) != a.end();
}

}  // namespace

bool reward_step_allowed(RewardState from, RewardState to) {
  auto next = reward_next(from);
  return std::find(next.begin(), next.end(), to) != next.end();
}

std::vector<RewardState> reward_next(RewardState from) {
  switch (from) {
    case RewardState::proposed: return {RewardState::approved, RewardState::cancelled};
    case RewardState::approved: return {RewardState::paid, RewardState::cancelled};
    case RewardState::paid:
    case RewardState::cancelled: return {};
  }
  return {};
}

bool valid_currency(std::string_view code) { return in(kCurrencies, code); }

int currency_minor_digits(std::string_view code) {
  if (in(kZeroDigits, code)) return 0;
  if (in(kThreeDigits, code)) return 3;
  return 2;
}

std::vector<FieldError> reward_amount_problems(std::int64_t amount_minor, std::string_view currency) {
  std::vector<FieldError> out;
  if (amount_minor <= 0 || amount_minor > kMaxRewardMinor)
    out.push_back({"amount_minor", "out_of_range",
                   "amount_minor must be an integer from 1 to " + std::to_string(kMaxRewardMinor) +
                       " (in the currency's minor unit) / 金额须为 1 至 " + std::to_string(kMaxRewardMinor) +
                       " 的整数（以最小货币单位计）"});
  if (!valid_currency(currency))
    out.push_back({"currency", "bad_currency",
                   "currency must be an ISO 4217 code such as CNY / 币种须为 ISO 4217 代码，如 CNY"});
  return out;
}

std::vector<FieldError> reward_policy_problems(const RewardPolicy& p) {
  std::vector<FieldError> out;
  if (!p.product_id && !p.grade)
    out.push_back({"grade", "required", "a policy row names a product, a grade or both / 须指定产品或等级（或两者）"});
  if (p.min_minor < 0 || p.min_minor > kMaxRewardMinor)
    out.push_back({"min_minor", "out_of_range",
                   "min_minor must be from 0 to " + std::to_string(kMaxRewardMinor) + " / 最低金额超出范围"});
  if (p.max_minor < 1 || p.max_minor > kMaxRewardMinor)
    out.push_back({"max_minor", "out_of_range",
                   "max_minor must be from 1 to " + std::to_string(kMaxRewardMinor) + " / 最高金额超出范围"});
  else if (p.min_minor > p.max_minor)
    out.push_back({"max_minor", "less_than_min", "max_minor may not be less than min_minor / 最高金额不能低于最低金额"});
  if (!valid_currency(p.currency))
    out.push_back({"currency", "bad_currency",
                   "currency must be an ISO 4217 code such as CNY / 币种须为 ISO 4217 代码，如 CNY"});
  return out;
}

std::string amount_text(std::int64_t minor, std::string_view currency) {
  int digits = currency_minor_digits(currency);
  std::int64_t unit = 1;
  for (int i = 0; i < digits; ++i) unit *= 10;
  std::string frac = digits ? std::to_string(minor % unit) : "";
  while (static_cast<int>(frac.size()) < digits) frac = "0" + frac;
  return std::to_string(minor / unit) + (digits ? "." + frac : "") + " " + std::string(currency);
}

std::optional<RewardPolicy> reward_policy_for(const std::vector<RewardPolicy>& policies, Id paying_org,
                                              std::optional<Id> product_id, std::optional<assessment::Grade> grade) {
  const RewardPolicy* best = nullptr;
  int best_rank = 0;
  for (const auto& p : policies) {
    if (p.provider_org != paying_org) continue;
    bool product_ok = p.product_id && product_id && *p.product_id == *product_id;
    bool grade_ok = p.grade && grade && *p.grade == *grade;
    int rank = product_ok && grade_ok                ? 3
               : product_ok && !p.grade              ? 2
               : grade_ok && !p.product_id           ? 1
                                                     : 0;
    if (rank > best_rank) best = &p, best_rank = rank;
  }
  return best ? std::optional<RewardPolicy>(*best) : std::nullopt;
}

std::optional<FieldError> reward_policy_problem(const RewardPolicy& p, std::int64_t amount_minor,
                                                std::string_view currency) {
  std::string range = amount_text(p.min_minor, p.currency) + " – " + amount_text(p.max_minor, p.currency);
  if (currency != p.currency)
    return FieldError{"currency", "outside_policy",
                      "the reward policy for this case is in " + p.currency + " (" + range + ") / 该案件适用的奖励政策以 " +
                          p.currency + " 计（" + range + "）"};
  if (amount_minor < p.min_minor || amount_minor > p.max_minor)
    return FieldError{"amount_minor", "outside_policy",
                      amount_text(amount_minor, currency) + " is outside the reward policy for this case (" + range +
                          "); give policy_override to record why / 金额超出该案件适用的奖励政策范围（" + range +
                          "），如确需超出请填写理由（policy_override）"};
  return std::nullopt;
}

bool is_reward_staff(const Actor& a, Id org) {
  if (org == kHostOrg && a.platform_admin) return true;
  return a.has_role(org, Role::coordinator) || a.has_role(org, Role::admin);
}

bool can_pay_from(Id org, const CaseParties& p) { return org == kHostOrg || (p.provider_org && *p.provider_org == org); }

bool can_propose_reward(const Actor& a, const CaseParties& p) {
  return is_reward_staff(a, kHostOrg) || (p.provider_org && is_reward_staff(a, *p.provider_org));
}

std::optional<std::string> reward_step_refusal(const Actor& a, const Reward& r, RewardState to) {
  const bool admin = a.has_role(r.paying_org, Role::admin) || (r.paying_org == kHostOrg && a.platform_admin);
  auto is = [&](const std::optional<Id>& who) { return who && a.user_id != 0 && *who == a.user_id; };
  if (!is_reward_staff(a, r.paying_org))
    return "only staff of the paying organisation act on its rewards / 仅付款方的工作人员可处理其奖励";
  if (is(r.finder_user_id)) return "nobody acts on a reward to themselves / 不能处理发给自己的奖励";
  switch (to) {
    case RewardState::approved:
      if (!admin) return "approving a reward takes an admin of the paying organisation / 批准奖励须由付款方管理员进行";
      if (is(r.proposed_by))
        return "the proposer of a reward cannot approve it (separation of duties) / 奖励的提议人不能批准该奖励（职责分离）";
      return std::nullopt;
    case RewardState::paid:
      if (is(r.approved_by))
        return "the approver of a reward cannot mark it paid (separation of duties) / 奖励的批准人不能登记付款（职责分离）";
      return std::nullopt;
    case RewardState::cancelled:
      if (admin || (r.state == RewardState::proposed && is(r.proposed_by))) return std::nullopt;
      return "cancelling takes an admin of the paying organisation, or the proposer before approval / "
             "取消奖励须由付款方管理员进行（提议人可在批准前取消）";
    case RewardState::proposed: break;
  }
  return "a reward cannot go back to proposed / 奖励不能退回提议状态";
}

std::vector<RewardState> reward_steps_for(const Actor& a, const Reward& r) {
  std::vector<RewardState> out;
  for (auto to : reward_next(r.state))
    if (!reward_step_refusal(a, r, to)) out.push_back(to);
  return out;
}

bool can_see_reward(const Actor& a, const CaseParties& p, const Reward& r) {
  if (a.anonymous()) return false;
  return is_intake_staff(a) || (p.provider_org && a.member_of(*p.provider_org)) || a.member_of(r.paying_org);
}

bool can_manage_reward_policy(const Actor& a, Id provider_org) {
  return can_manage_org(a, provider_org);
}

}  // namespace loudong::domain
