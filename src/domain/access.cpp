#include "domain/access.h"

#include <algorithm>

namespace loudong::domain {
namespace {

bool contains(const std::vector<Id>& v, Id x) { return std::find(v.begin(), v.end(), x) != v.end(); }

bool provider_staff(const Actor& a, const CaseParties& p) {
  return p.provider_org && (a.has_role(*p.provider_org, Role::coordinator) || a.has_role(*p.provider_org, Role::admin));
}

bool participant(const Actor& a, const CaseParties& p) {
  return std::any_of(p.participant_orgs.begin(), p.participant_orgs.end(), [&](Id o) { return a.member_of(o); });
}

bool provider_member(const Actor& a, const CaseParties& p) { return p.provider_org && a.member_of(*p.provider_org); }

bool operator_member(const Actor& a, const CaseParties& p) { return p.operator_org && a.member_of(*p.operator_org); }

bool operator_staff(const Actor& a, const CaseParties& p) {
  return p.operator_org && (a.has_role(*p.operator_org, Role::coordinator) || a.has_role(*p.operator_org, Role::admin));
}

}  // namespace

bool Actor::has_role(Id org, Role r) const {
  return std::any_of(memberships.begin(), memberships.end(),
                     [&](const Membership& m) { return m.org_id == org && m.role == r; });
}

bool Actor::member_of(Id org) const {
  return std::any_of(memberships.begin(), memberships.end(),
                     [&](const Membership& m) { return m.org_id == org && m.role != Role::auditor; });
}

bool is_intake_staff(const Actor& a) {
  return a.platform_admin || a.has_role(kHostOrg, Role::coordinator) || a.has_role(kHostOrg, Role::admin);
}

bool can_triage(const Actor& a) { return is_intake_staff(a); }

bool can_see_report(const Actor& a, std::optional<Id> submitter) {
  if (a.anonymous()) return false;
  return is_intake_staff(a) || (submitter && *submitter == a.user_id);
}

bool can_see_case(const Actor& a, const CaseParties& p) {
  if (a.anonymous()) return false;
  return is_intake_staff(a) || participant(a, p);
}

bool can_read_confidential(const Actor& a, const CaseParties& p) {
  return is_intake_staff(a) || provider_staff(a, p);
}

bool can_transition_case(const Actor& a, const CaseParties& p, CaseState to) {
  if (is_intake_staff(a)) return true;
  // The provider verifies and fixes its own product; publication and
  // withdrawal stay with intake, which answers for the publication gates.
  switch (to) {
    case CaseState::confirmed:
    case CaseState::not_affected:
    case CaseState::fixing:
    case CaseState::fixed: return provider_member(a, p) || operator_member(a, p);
    default: return false;
  }
}

bool can_assess(const Actor& a, const CaseParties& p) {
  return is_intake_staff(a) || provider_staff(a, p) || operator_staff(a, p);
}

bool can_read_operator_details(const Actor& a, const CaseParties& p) {
  if (!p.operator_org) return false;
  return operator_member(a, p) ||
         std::any_of(p.authority_orgs.begin(), p.authority_orgs.end(), [&](Id o) { return a.member_of(o); });
}

bool can_edit_operator_details(const Actor& a, const CaseParties& p) { return operator_member(a, p); }

bool can_act_for_operator(const Actor& a, Id operator_org) { return a.member_of(operator_org); }

bool can_file_for_case(const Actor& a, const CaseParties& p) { return is_intake_staff(a) || provider_staff(a, p); }

bool can_read_message(const Actor& a, const CaseParties& p, Visibility v) {
  if (is_intake_staff(a)) return true;
  bool finder = contains(p.finder_user_ids, a.user_id);
  switch (v) {
    case Visibility::coordinators: return false;
    case Visibility::provider: return provider_member(a, p);
    case Visibility::finder: return finder;
    case Visibility::all: return finder || participant(a, p);
  }
  return false;
}

bool can_post_message(const Actor& a, const CaseParties& p, Visibility v) {
  if (is_intake_staff(a)) return true;
  if (provider_member(a, p)) return v == Visibility::provider || v == Visibility::all;
  if (operator_member(a, p)) return v == Visibility::all;
  return false;
}

bool can_audit(const Actor& a) {
  return a.platform_admin ||
         std::any_of(a.memberships.begin(), a.memberships.end(), [](const Membership& m) {
           return m.org_id == kHostOrg && (m.role == Role::auditor || m.role == Role::admin);
         });
}

bool can_manage_org(const Actor& a, Id org) { return a.platform_admin || a.has_role(org, Role::admin); }

bool can_manage_products(const Actor& a, Id provider_org) {
  return is_intake_staff(a) || a.has_role(provider_org, Role::admin) || a.has_role(provider_org, Role::coordinator);
}

bool can_see_customers(const Actor& a, Id provider_org) { return can_manage_products(a, provider_org); }

bool can_assign_case_product(const Actor& a, const CaseParties& p, Id product_provider_org) {
  if (is_intake_staff(a)) return true;
  return provider_staff(a, p) && p.provider_org && *p.provider_org == product_provider_org &&
         can_manage_products(a, product_provider_org);
}

// An operator may draft one for its own case; the gates never let it out.
bool can_edit_advisory(const Actor& a, const CaseParties& p) {
  return is_intake_staff(a) || provider_member(a, p) || operator_member(a, p);
}

bool can_approve_advisory(const Actor& a, const CaseParties& p) { return provider_staff(a, p); }

bool can_publish_advisory(const Actor& a, const CaseParties& p) {
  return is_intake_staff(a) || (p.provider_org && a.has_role(*p.provider_org, Role::admin));
}

bool can_manage_blackouts(const Actor& a) { return a.platform_admin || a.has_role(kHostOrg, Role::admin); }

bool can_read_blackouts(const Actor& a) {
  return !a.anonymous() && (a.platform_admin || a.system ||
                            std::any_of(a.memberships.begin(), a.memberships.end(),
                                        [](const Membership& m) { return m.role != Role::auditor; }));
}

bool can_record_consent(const Actor& a, const std::vector<Id>& authority_orgs) {
  if (a.platform_admin || a.has_role(kHostOrg, Role::admin)) return true;
  return std::any_of(authority_orgs.begin(), authority_orgs.end(), [&](Id o) { return a.member_of(o); });
}

}  // namespace loudong::domain
