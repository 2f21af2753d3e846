// Policy settings (design.md "Clocks": defaults are policy settings) as the
// administrators see and change them. The config file gives each setting's
// value until an administrator stores one through the API; from then on the
// stored value is in force (it survives restarts and config file changes)
// until the administrator removes it again (domain::effective_policy).
// Every change is recorded with who and when, and in the access log.
//
// A change applies at once to everything computed from now on: clocks that
// start later, due_soon states, the needs_info timeout, the receipt
// retention. Clocks already running keep the due time they started with
// (their due time is stored), except that a regrade recomputes the fix
// clock with the settings then in force.
#pragma once

#include <cstdint>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "services/common.h"

namespace loudong::services {

struct PolicySettingView {
  std::string field;
  std::int64_t value = 0;       // in force
  std::int64_t configured = 0;  // the config file's (or built-in default)
  bool stored = false;          // an administrator's stored value is in force
  domain::PolicyBounds bounds;
  std::optional<Time> updated_at;
  std::string updated_by;
};

struct PolicyView {
  std::vector<PolicySettingView> settings;  // kPolicyFields order
  bool can_edit = false;                     // for this caller
};

// Platform admins and admins of the host organisation.
bool can_edit_policy(const domain::Actor& a);

// Puts the stored settings in force (at start, before serving).
Status load_stored_policy(Context& ctx);

class PolicySettings {
 public:
  explicit PolicySettings(Context& ctx) : ctx_(ctx) {}

  // Any signed-in user: the clocks depend on it.
  Result<PolicyView> view(const Caller& c);
  // Admins only (403 for others). `changes`: a setting's new stored value, or
  // nullopt to remove the stored value. All or nothing: a refusal (422, one
  // field error per bad setting) changes nothing.
  Result<PolicyView> update(const Caller& c, const std::map<std::string, std::optional<std::int64_t>>& changes);
  // Admins and auditors; not_found for others.
  Result<store::Page<domain::PolicyChange>> changes(const Caller& c, const store::PageRequest& p);

 private:
  Result<PolicyView> view_of(store::ReadTx& tx, const Caller& c);
  Context& ctx_;
  std::mutex update_;  // one change at a time, so the policy in force follows the commit order
};

}  // namespace loudong::services
