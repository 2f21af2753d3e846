// Who may see and do what (R-INTERNAL: least privilege, checked per object).
//
// The deployment's host organisation (id kHostOrg, created at first start) runs
// intake: its coordinators and admins triage every report and handle every
// case. Other organisations see only cases they take part in. Finders see
// their own reports. Auditors read the receipt and access logs, not case
// contents. Platform admins (the `admin` account) administer and see all.
//
// Functions answer "may"; callers turn a "may not see" into 404 (so ids leak
// nothing) and a "may see but may not do" into 403.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "domain/types.h"

namespace loudong::domain {

inline constexpr Id kHostOrg = 1;

struct Membership {
  Id org_id;
  Role role;
};

// The caller of a request after authentication. An API token acts with
// exactly one membership (its scope), never with its creator's others.
struct Actor {
  Id user_id = 0;  // 0: anonymous
  std::string username;
  bool platform_admin = false;
  bool system = false;  // loudong itself (timers) or the machine's operator (CLI)
  std::vector<Membership> memberships;

  bool anonymous() const { return user_id == 0 && !system; }
  bool has_role(Id org, Role r) const;
  bool member_of(Id org) const;  // any role except auditor
};

// A case's participant organisations and what they are to it.
struct CaseParties {
  std::optional<Id> provider_org;          // the affected product's provider
  std::vector<Id> participant_orgs;        // every participant org, provider included
  std::vector<Id> finder_user_ids;         // signed-in finders of joined reports
  // An operator case's operator (R-OPERATOR): it verifies and fixes its own
  // system as a provider does its product.
  std::optional<Id> operator_org;
  std::vector<Id> authority_orgs;          // participants that are authorities
};

bool is_intake_staff(const Actor& a);  // host coordinator/admin or platform admin
bool can_triage(const Actor& a);
bool can_see_report(const Actor& a, std::optional<Id> submitter_user_id);
bool can_see_case(const Actor& a, const CaseParties& p);
// Proof of concept, verification steps, attachments: intake staff and the
// provider's coordinators; every read is written to the access log.
bool can_read_confidential(const Actor& a, const CaseParties& p);
bool can_transition_case(const Actor& a, const CaseParties& p, CaseState to);
bool can_assess(const Actor& a, const CaseParties& p);
// An operator case's asset, location and owner: the operator's members and
// officers of an authority taking part; nobody else, intake staff included.
bool can_read_operator_details(const Actor& a, const CaseParties& p);
bool can_edit_operator_details(const Actor& a, const CaseParties& p);  // the operator's members
// Recording an operator case, and the operator's asset exposures: members
// (not auditors) of that operator organisation.
bool can_act_for_operator(const Actor& a, Id operator_org);
// Regulatory reports and upstream/user notices: the provider's duty, or
// intake staff acting for it.
bool can_file_for_case(const Actor& a, const CaseParties& p);
bool can_read_message(const Actor& a, const CaseParties& p, Visibility v);
// Which visibilities this actor may post with.
bool can_post_message(const Actor& a, const CaseParties& p, Visibility v);
bool can_audit(const Actor& a);
bool can_manage_org(const Actor& a, Id org);
bool can_manage_products(const Actor& a, Id provider_org);
// A product's customers: the same people who manage its products.
bool can_see_customers(const Actor& a, Id provider_org);
// Setting a case's product (which decides the case's provider): intake staff
// route a case to any provider; a provider's staff may only move it between
// their own provider's products, never hand it (and its details) to another.
bool can_assign_case_product(const Actor& a, const CaseParties& p, Id product_provider_org);

// The case's advisory (公告, issue 10): intake staff and the provider's
// members write it and send it to review; only the provider approves it
// (its admins and coordinators); intake staff or the provider's admins
// publish and withdraw it.
bool can_edit_advisory(const Actor& a, const CaseParties& p);
bool can_approve_advisory(const Actor& a, const CaseParties& p);
bool can_publish_advisory(const Actor& a, const CaseParties& p);
// Blackout calendar (R-PUB-6): host or platform admins change it; every
// signed-in member of an organisation reads it.
bool can_manage_blackouts(const Actor& a);
bool can_read_blackouts(const Actor& a);
// Consents and joint assessments: an authority's officers (any role but
// auditor in an organisation of type authority: `authority_orgs` lists the
// actor's) or host admins.
bool can_record_consent(const Actor& a, const std::vector<Id>& authority_orgs);

}  // namespace loudong::domain
