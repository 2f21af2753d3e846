#include "services/rewards.h"

#include <algorithm>

#include <nlohmann/json.hpp>

namespace loudong::services {

using namespace domain;

namespace {

std::string reward_event_json(const Reward& r) {
  return nlohmann::json{{"reward_id", r.id}, {"amount_minor", r.amount_minor}, {"currency", r.currency},
                        {"amount", amount_text(r.amount_minor, r.currency)}, {"finder", r.finder_name}}
      .dump();
}

std::optional<Id> user_of(const Caller& c) {
  return c.actor.user_id ? std::optional<Id>(c.actor.user_id) : std::nullopt;
}

}  // namespace

Result<RewardView> Rewards::view_of(store::ReadTx& tx, const Caller& c, const Reward& r, bool finder_view) {
  RewardView v;
  v.reward = r;
  LD_ASSIGN_OR_RETURN(auto cs, tx.get_case(r.case_id));
  if (cs) v.case_ref = cs->ref;
  LD_ASSIGN_OR_RETURN(auto org, tx.org(r.paying_org));
  if (org) v.paying_org_name = org->name;
  if (r.report_id) {
    LD_ASSIGN_OR_RETURN(auto rep, tx.report(*r.report_id));
    if (rep) v.report_tracking_id = rep->tracking_id;
  }
  if (finder_view) {
    // A finder sees the amount and the steps' times, not the staff's names or notes.
    v.reward.note.clear();
    v.reward.proposed_by.reset();
    v.reward.approved_by.reset();
    v.reward.paid_by.reset();
    v.reward.cancelled_by.reset();
    return v;
  }
  std::vector<Id> ids;
  for (auto id : {r.proposed_by, r.approved_by, r.paid_by, r.cancelled_by})
    if (id) ids.push_back(*id);
  LD_ASSIGN_OR_RETURN(auto names, tx.user_names(ids));
  auto name = [&](const std::optional<Id>& id) { return id && names.count(*id) ? names[*id] : std::string(); };
  v.proposed_by_name = name(r.proposed_by);
  v.approved_by_name = name(r.approved_by);
  v.paid_by_name = name(r.paid_by);
  v.cancelled_by_name = name(r.cancelled_by);
  v.next = reward_steps_for(c.actor, r);
  return v;
}

Result<std::vector<RewardView>> Rewards::of_case(const Caller& c, Id case_id) {
  if (c.actor.anonymous()) return Error::unauthenticated();
  return ctx_.store.read([&](store::ReadTx& tx) -> Result<std::vector<RewardView>> {
    LD_ASSIGN_OR_RETURN(auto found, visible_case(tx, c.actor, case_id));
    LD_ASSIGN_OR_RETURN(auto rewards, tx.case_rewards(case_id));
    std::vector<RewardView> out;
    for (const auto& r : rewards) {
      if (!can_see_reward(c.actor, found.second, r)) continue;
      LD_ASSIGN_OR_RETURN(auto v, view_of(tx, c, r, false));
      out.push_back(std::move(v));
    }
    return out;
  });
}

Result<RewardView> Rewards::propose(const Caller& c, Id case_id, const RewardInput& in) {
  if (c.actor.anonymous()) return Error::unauthenticated();
  Error e = Error::unprocessable("invalid reward");
  std::string finder_name = clean_text(in.finder_name, "finder_name", 200, !in.report_id, e);
  std::string note = clean_text(in.note, "note", ctx_.limits.max_text_field, false, e);
  std::string currency = clean_text(in.currency, "currency", 3, true, e);
  std::string policy_override = clean_text(in.policy_override, "policy_override", 2000, false, e);
  for (auto& f : reward_amount_problems(in.amount_minor, currency)) {
    if (f.field == "currency" && currency.empty()) continue;  // already "required"
    e.add_field(f);
  }
  if (!e.fields().empty()) return Error::from_fields(e.fields());
  Time now = ctx_.clock.now();
  return ctx_.store.write([&](store::WriteTx& tx) -> Result<RewardView> {
    LD_ASSIGN_OR_RETURN(auto found, visible_case(tx, c.actor, case_id));
    const auto& [cs, parties] = found;
    if (!can_propose_reward(c.actor, parties))
      return Error::denied("only staff (coordinators, admins) of the platform or of the case's provider propose "
                           "rewards / 仅平台或该案件厂商的工作人员（协调员、管理员）可提议奖励");
    Reward r;
    r.case_id = case_id;
    // By default the proposer's own organisation pays: the provider's staff
    // commit the provider's money, the platform's staff the platform's.
    const bool provider_side = cs.provider_org && is_reward_staff(c.actor, *cs.provider_org);
    r.paying_org = in.paying_org.value_or(provider_side ? *cs.provider_org : kHostOrg);
    if (!can_pay_from(r.paying_org, parties))
      return Error::field("paying_org", "bad_paying_org",
                          "the paying organisation must be the case's provider or the platform / 付款方须为该案件的厂商或本平台");
    if (!is_reward_staff(c.actor, r.paying_org))
      return Error::denied("a reward is proposed by staff of the organisation that pays it / 奖励须由付款方的工作人员提议");
    LD_ASSIGN_OR_RETURN(auto policies, tx.reward_policies(r.paying_org));
    std::optional<FieldError> outside;
    if (auto policy = reward_policy_for(policies, r.paying_org, cs.product_id, cs.assessment.grade))
      outside = reward_policy_problem(*policy, in.amount_minor, currency);
    if (outside && policy_override.empty()) return Error::from_fields({*outside}, "outside_policy");
    if (in.report_id) {
      LD_ASSIGN_OR_RETURN(auto rep, tx.report(*in.report_id));
      if (!rep || rep->case_id != std::optional<Id>(case_id))
        return Error::field("report_id", "not_on_case", "report_id is not a report of this case / 该报告不属于此案件");
      r.report_id = rep->id;
      r.finder_user_id = rep->submitter_user_id;
      if (finder_name.empty() && rep->submitter_user_id) {
        LD_ASSIGN_OR_RETURN(auto names, tx.user_names({*rep->submitter_user_id}));
        if (names.count(*rep->submitter_user_id)) finder_name = names[*rep->submitter_user_id];
      }
      if (finder_name.empty()) finder_name = rep->contact_name.empty() ? "anonymous finder / 匿名发现者" : rep->contact_name;
    }
    if (r.finder_user_id && *r.finder_user_id == c.actor.user_id)
      return Error::denied("nobody proposes a reward to themselves / 不能为自己提议奖励");
    r.finder_name = finder_name;
    r.amount_minor = in.amount_minor;
    r.currency = currency;
    r.state = RewardState::proposed;
    r.note = note;
    if (outside)
      r.note += std::string(r.note.empty() ? "" : "\n") + "超出奖励政策 Outside the reward policy: " + policy_override;
    r.proposed_at = now;
    r.proposed_by = user_of(c);
    r.updated_at = now;
    LD_ASSIGN_OR_RETURN(r.id, tx.insert_reward(r));
    auto data = nlohmann::json::parse(reward_event_json(r));
    if (outside) data["policy_override"] = {{"reason", policy_override}, {"outside", outside->message}};
    LD_RETURN_IF_ERROR(add_event(tx, c, now, "reward", r.id, "reward.proposed", "", "proposed", note, data.dump())
                           .status());
    return view_of(tx, c, r, false);
  });
}

Result<RewardView> Rewards::step(const Caller& c, Id reward_id, const std::string& to_name, const std::string& text) {
  if (c.actor.anonymous()) return Error::unauthenticated();
  auto to = parse_enum<RewardState>(to_name);
  if (!to || *to == RewardState::proposed) return Error::invalid("unknown reward step " + to_name);
  Error e = Error::unprocessable("invalid step");
  std::string clean = *to == RewardState::cancelled
                          ? clean_text(text, "reason", ctx_.limits.max_text_field, true, e)
                          : clean_text(text, "reference", 200, false, e);
  if (!e.fields().empty()) return Error::from_fields(e.fields());
  Time now = ctx_.clock.now();
  return ctx_.store.write([&](store::WriteTx& tx) -> Result<RewardView> {
    LD_ASSIGN_OR_RETURN(auto r, tx.reward(reward_id));
    if (!r) return Error::not_found("reward");
    LD_ASSIGN_OR_RETURN(auto cs, tx.get_case(r->case_id));
    if (!cs) return Error::not_found("reward");
    LD_ASSIGN_OR_RETURN(auto parties, case_parties(tx, *cs));
    if (!can_see_case(c.actor, parties) || !can_see_reward(c.actor, parties, *r)) return Error::not_found("reward");
    if (auto why = reward_step_refusal(c.actor, *r, *to)) return Error::denied(*why);
    if (!reward_step_allowed(r->state, *to)) {
      std::vector<std::string> allowed;
      for (auto n : reward_next(r->state)) allowed.emplace_back(name_of(n));
      return Error::conflict("a " + std::string(name_of(r->state)) + " reward cannot become " + to_name +
                                 " / 奖励当前状态不允许此操作",
                             "illegal_transition")
          .with_allowed(allowed);
    }
    std::string from(name_of(r->state));
    r->state = *to;
    r->updated_at = now;
    switch (*to) {
      case RewardState::approved:
        r->approved_at = now;
        r->approved_by = user_of(c);
        break;
      case RewardState::paid:
        r->paid_at = now;
        r->paid_by = user_of(c);
        r->payment_reference = clean;
        break;
      case RewardState::cancelled:
        r->cancelled_at = now;
        r->cancelled_by = user_of(c);
        r->cancel_reason = clean;
        break;
      case RewardState::proposed: break;
    }
    LD_RETURN_IF_ERROR(tx.update_reward(*r));
    LD_RETURN_IF_ERROR(add_event(tx, c, now, "reward", r->id, "reward." + to_name, from, to_name,
                                 *to == RewardState::cancelled ? clean : "", reward_event_json(*r))
                           .status());
    return view_of(tx, c, *r, false);
  });
}

Result<std::vector<RewardView>> Rewards::mine(const Caller& c) {
  if (c.actor.anonymous()) return Error::unauthenticated();
  return ctx_.store.read([&](store::ReadTx& tx) -> Result<std::vector<RewardView>> {
    LD_ASSIGN_OR_RETURN(auto rewards, tx.finder_rewards(c.actor.user_id));
    std::vector<RewardView> out;
    for (const auto& r : rewards) {
      LD_ASSIGN_OR_RETURN(auto v, view_of(tx, c, r, true));
      out.push_back(std::move(v));
    }
    return out;
  });
}

Result<RewardPolicyView> Rewards::policy_view(store::ReadTx& tx, const RewardPolicy& p) {
  RewardPolicyView v;
  v.policy = p;
  LD_ASSIGN_OR_RETURN(auto org, tx.org(p.provider_org));
  if (org) v.provider_name = org->name;
  if (p.product_id) {
    LD_ASSIGN_OR_RETURN(auto prod, tx.product(*p.product_id));
    if (prod) v.product_name = prod->name;
  }
  return v;
}

Result<std::vector<RewardPolicyView>> Rewards::policies(std::optional<Id> provider_org) {
  return ctx_.store.read([&](store::ReadTx& tx) -> Result<std::vector<RewardPolicyView>> {
    LD_ASSIGN_OR_RETURN(auto rows, tx.reward_policies(provider_org));
    std::vector<RewardPolicyView> out;
    for (const auto& p : rows) {
      LD_ASSIGN_OR_RETURN(auto v, policy_view(tx, p));
      out.push_back(std::move(v));
    }
    return out;
  });
}

Result<RewardPolicy> Rewards::checked_policy(store::ReadTx& tx, const RewardPolicyInput& in, Id provider_org) {
  Error e = Error::unprocessable("invalid reward policy");
  RewardPolicy p;
  p.provider_org = provider_org;
  p.product_id = in.product_id;
  if (!in.grade.empty()) {
    auto g = assessment::parse_grade(in.grade);
    if (!g.ok()) e.add_field({"grade", "bad_grade", "grade must be critical, high, medium or low / 等级须为 critical、high、medium 或 low"});
    else p.grade = *g;
  }
  p.min_minor = in.min_minor;
  p.max_minor = in.max_minor;
  p.currency = clean_text(in.currency, "currency", 3, true, e);
  p.note = clean_text(in.note, "note", 2000, false, e);
  for (auto& f : reward_policy_problems(p)) {
    if (f.field == "currency" && p.currency.empty()) continue;
    if (f.field == "grade" && !in.grade.empty()) continue;
    e.add_field(f);
  }
  if (p.product_id) {
    LD_ASSIGN_OR_RETURN(auto prod, tx.product(*p.product_id));
    if (!prod || prod->provider_org != provider_org)
      e.add_field({"product_id", "not_provider_product", "product_id is not a product of this provider / 该产品不属于此厂商"});
  }
  if (!e.fields().empty()) return Error::from_fields(e.fields());
  return p;
}

Result<RewardPolicyView> Rewards::create_policy(const Caller& c, const RewardPolicyInput& in) {
  if (c.actor.anonymous()) return Error::unauthenticated();
  if (!in.provider_org) return Error::field("provider_org", "required", "provider_org is required / 须指定厂商");
  Id org = *in.provider_org;
  if (!can_manage_reward_policy(c.actor, org))
    return Error::denied("only the provider's admins manage its reward policy / 仅厂商管理员可管理奖励政策");
  Time now = ctx_.clock.now();
  return ctx_.store.write([&](store::WriteTx& tx) -> Result<RewardPolicyView> {
    LD_ASSIGN_OR_RETURN(auto o, tx.org(org));
    if (!o) return Error::field("provider_org", "unknown", "no organisation with this id / 无此组织");
    LD_ASSIGN_OR_RETURN(auto p, checked_policy(tx, in, org));
    p.updated_at = now;
    p.updated_by = user_of(c);
    LD_ASSIGN_OR_RETURN(p.id, tx.insert_reward_policy(p));
    LD_RETURN_IF_ERROR(log_access(tx, c, now, "change", "reward_policy", p.id, "created").status());
    return policy_view(tx, p);
  });
}

Result<RewardPolicyView> Rewards::update_policy(const Caller& c, Id id, const RewardPolicyInput& in) {
  if (c.actor.anonymous()) return Error::unauthenticated();
  Time now = ctx_.clock.now();
  return ctx_.store.write([&](store::WriteTx& tx) -> Result<RewardPolicyView> {
    LD_ASSIGN_OR_RETURN(auto old, tx.reward_policy(id));
    if (!old || !can_manage_reward_policy(c.actor, old->provider_org)) return Error::not_found("reward policy");
    if (in.provider_org && *in.provider_org != old->provider_org)
      return Error::field("provider_org", "immutable", "a policy row cannot move to another provider / 不能改变所属厂商");
    LD_ASSIGN_OR_RETURN(auto p, checked_policy(tx, in, old->provider_org));
    p.id = id;
    p.updated_at = now;
    p.updated_by = user_of(c);
    LD_RETURN_IF_ERROR(tx.update_reward_policy(p));
    LD_RETURN_IF_ERROR(log_access(tx, c, now, "change", "reward_policy", p.id, "updated").status());
    return policy_view(tx, p);
  });
}

Status Rewards::delete_policy(const Caller& c, Id id) {
  if (c.actor.anonymous()) return Error::unauthenticated();
  Time now = ctx_.clock.now();
  return ctx_.store.write([&](store::WriteTx& tx) -> Status {
    LD_ASSIGN_OR_RETURN(auto old, tx.reward_policy(id));
    if (!old || !can_manage_reward_policy(c.actor, old->provider_org)) return Error::not_found("reward policy");
    LD_RETURN_IF_ERROR(tx.delete_reward_policy(id));
    return log_access(tx, c, now, "change", "reward_policy", id, "deleted").status();
  });
}

}  // namespace loudong::services
