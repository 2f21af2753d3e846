#include "services/policy_settings.h"

namespace loudong::services {

using namespace domain;

namespace {

PolicyOverrides overrides_of(const std::vector<StoredPolicySetting>& rows) {
  PolicyOverrides o;
  for (const auto& r : rows) o[r.field] = r.value;
  return o;
}

}  // namespace

bool can_edit_policy(const Actor& a) { return a.platform_admin || a.has_role(kHostOrg, Role::admin); }

Status load_stored_policy(Context& ctx) {
  // Read the generation first: a PUT in this process between the read
  // below and the set would otherwise be undone by older rows until the
  // next reload (seen as a reset setting still in force for a second).
  const auto seen = ctx.policy.generation();
  LD_ASSIGN_OR_RETURN(auto rows, ctx.store.read([](store::ReadTx& tx) { return tx.policy_settings(); }));
  auto o = overrides_of(rows);
  if (auto st = validate_policy(effective_policy(ctx.policy.configured(), o)); !st.ok())
    return Error::invalid("the policy settings stored in the database are not valid: " + st.error().message());
  if (o != ctx.policy.overrides()) (void)ctx.policy.set_overrides_if(std::move(o), seen);
  return {};
}

Result<PolicyView> PolicySettings::view_of(store::ReadTx& tx, const Caller& c) {
  LD_ASSIGN_OR_RETURN(auto rows, tx.policy_settings());
  Policy configured = ctx_.policy.configured();
  Policy effective = effective_policy(configured, overrides_of(rows));
  PolicyView v;
  v.can_edit = can_edit_policy(c.actor);
  for (auto f : kPolicyFields) {
    PolicySettingView s;
    s.field = std::string(f);
    s.value = *policy_value(effective, f);
    s.configured = *policy_value(configured, f);
    s.bounds = policy_bounds(f);
    for (const auto& r : rows)
      if (r.field == f) {
        s.stored = true;
        s.updated_at = r.updated_at;
        s.updated_by = r.updated_by_name;
      }
    v.settings.push_back(std::move(s));
  }
  return v;
}

Result<PolicyView> PolicySettings::view(const Caller& c) {
  if (c.actor.anonymous()) return Error::unauthenticated();
  return ctx_.store.read([&](store::ReadTx& tx) { return view_of(tx, c); });
}

Result<PolicyView> PolicySettings::update(const Caller& c,
                                          const std::map<std::string, std::optional<std::int64_t>>& changes) {
  if (c.actor.anonymous()) return Error::unauthenticated();
  if (!can_edit_policy(c.actor)) return Error::denied("only administrators of the host organisation change the policy");
  std::lock_guard lock(update_);
  Time now = ctx_.clock.now();
  Policy configured = ctx_.policy.configured();
  PolicyOverrides next;
  PolicyView out;
  // The answer is read in the same transaction: a failure reading it back
  // must roll the change back, not report an error for a change that stays.
  LD_RETURN_IF_ERROR(ctx_.store.write([&](store::WriteTx& tx) -> Status {
    LD_ASSIGN_OR_RETURN(auto rows, tx.policy_settings());
    PolicyOverrides current = overrides_of(rows);
    LD_ASSIGN_OR_RETURN(next, apply_policy_changes(configured, current, changes));
    Policy before = effective_policy(configured, current), after = effective_policy(configured, next);
    std::string detail;
    for (auto f : kPolicyFields) {
      std::string field(f);
      bool was = current.count(field) != 0, is = next.count(field) != 0;
      auto old_value = *policy_value(before, f), new_value = *policy_value(after, f);
      if (was == is && (!is || current.at(field) == next.at(field))) continue;  // untouched
      if (is) {
        LD_RETURN_IF_ERROR(tx.put_policy_setting({field, next.at(field), now,
                                                  c.actor.user_id ? std::optional<Id>(c.actor.user_id) : std::nullopt,
                                                  ""}));
      } else {
        LD_RETURN_IF_ERROR(tx.delete_policy_setting(field));
      }
      PolicyChange ch;
      ch.at = now;
      if (c.actor.user_id) ch.actor_user_id = c.actor.user_id;
      ch.actor_name = actor_name(c.actor);
      ch.field = field;
      ch.old_value = old_value;
      ch.new_value = new_value;
      ch.stored = is;
      ch.request_id = c.request_id;
      LD_RETURN_IF_ERROR(tx.insert_policy_change(ch).status());
      detail += (detail.empty() ? "" : "; ") + field + " " + std::to_string(old_value) + " -> " +
                std::to_string(new_value) + (is ? "" : " (config file)");
    }
    if (!detail.empty()) LD_RETURN_IF_ERROR(log_access(tx, c, now, "change", "policy", 0, detail).status());
    LD_ASSIGN_OR_RETURN(out, view_of(tx, c));
    return {};
  }));
  ctx_.policy.set_overrides(next);
  return out;
}

Result<store::Page<PolicyChange>> PolicySettings::changes(const Caller& c, const store::PageRequest& p) {
  if (c.actor.anonymous()) return Error::unauthenticated();
  if (!can_edit_policy(c.actor) && !can_audit(c.actor)) return Error::not_found("policy changes");
  return ctx_.store.read([&](store::ReadTx& tx) { return tx.policy_changes(p); });
}

}  // namespace loudong::services
