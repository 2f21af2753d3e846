#include <gtest/gtest.h>

#include "domain/access.h"
#include "domain/gates.h"
#include "domain/regulatory.h"

namespace loudong::domain {
namespace {

TEST(Gates, PassWhenEverythingIsInOrder) {
  PublicationFacts f;
  f.fix_or_mitigation_recorded = true;
  EXPECT_TRUE(check_publication(f, from_micros(0)).empty());
}

TEST(Gates, EachFailureNamesGateAndRule) {
  PublicationFacts f;  // no fix
  f.operator_system = true;
  f.exploit_in_public_text = true;
  f.blackouts.push_back({"major event", from_micros(0), from_micros(100)});
  f.foreign_recipients.push_back("Foreign Corp (US)");
  f.published_grade_matches = false;
  auto fails = check_publication(f, from_micros(50));
  std::vector<std::string> gates, rules;
  for (auto& x : fails) {
    gates.push_back(x.gate);
    rules.push_back(x.rule);
  }
  EXPECT_EQ(gates, (std::vector<std::string>{"fix_first", "no_operator_details", "no_exploit", "blackout",
                                             "no_foreign_recipient", "honest_grade"}));
  EXPECT_EQ(rules, (std::vector<std::string>{"R-PUB-1", "R-PUB-2", "R-PUB-4", "R-PUB-6", "R-PUB-7", "R-PUB-3"}));
}

TEST(Gates, BlackoutEndsAndConsentOverrides) {
  PublicationFacts f;
  f.fix_or_mitigation_recorded = true;
  f.blackouts.push_back({"event", from_micros(0), from_micros(100)});
  EXPECT_FALSE(check_publication(f, from_micros(99)).empty());
  EXPECT_TRUE(check_publication(f, from_micros(100)).empty());
  f.mps_consent = true;
  EXPECT_TRUE(check_publication(f, from_micros(50)).empty());
  // Early release with a joint assessment replaces the fix (R-PUB-1).
  PublicationFacts g;
  g.early_release_assessed = true;
  EXPECT_TRUE(check_publication(g, from_micros(0)).empty());
}

Actor actor(Id user, std::vector<Membership> ms, bool admin = false) {
  Actor a;
  a.user_id = user;
  a.username = "u" + std::to_string(user);
  a.memberships = std::move(ms);
  a.platform_admin = admin;
  return a;
}

TEST(Access, LeastPrivilegePerRole) {
  CaseParties p{Id(7), {kHostOrg, 7}, {42}};
  Actor host_coord = actor(2, {{kHostOrg, Role::coordinator}});
  Actor provider_member = actor(3, {{7, Role::member}});
  Actor provider_coord = actor(4, {{7, Role::coordinator}});
  Actor other_provider = actor(5, {{8, Role::coordinator}});
  Actor auditor = actor(6, {{kHostOrg, Role::auditor}});
  Actor finder = actor(42, {});
  Actor anonymous;

  EXPECT_TRUE(can_see_case(host_coord, p));
  EXPECT_TRUE(can_see_case(provider_member, p));
  EXPECT_FALSE(can_see_case(other_provider, p));
  EXPECT_FALSE(can_see_case(auditor, p));  // auditors read logs, not cases
  EXPECT_FALSE(can_see_case(anonymous, p));
  EXPECT_TRUE(can_audit(auditor));
  EXPECT_FALSE(can_audit(provider_coord));

  EXPECT_TRUE(can_read_confidential(provider_coord, p));
  EXPECT_FALSE(can_read_confidential(provider_member, p));

  EXPECT_TRUE(can_transition_case(provider_member, p, CaseState::fixed));
  EXPECT_FALSE(can_transition_case(provider_member, p, CaseState::published));
  EXPECT_TRUE(can_transition_case(host_coord, p, CaseState::published));

  EXPECT_TRUE(can_read_message(provider_member, p, Visibility::provider));
  EXPECT_FALSE(can_read_message(provider_member, p, Visibility::coordinators));
  EXPECT_FALSE(can_read_message(provider_member, p, Visibility::finder));
  EXPECT_TRUE(can_read_message(finder, p, Visibility::finder));
  EXPECT_TRUE(can_read_message(finder, p, Visibility::all));
  EXPECT_FALSE(can_read_message(finder, p, Visibility::provider));
  EXPECT_FALSE(can_post_message(provider_member, p, Visibility::coordinators));

  EXPECT_TRUE(can_see_report(finder, Id(42)));
  EXPECT_FALSE(can_see_report(finder, Id(43)));
  EXPECT_FALSE(can_see_report(provider_coord, Id(42)));
}

TEST(Regulatory, DraftPrefillsAndSubmitNeedsArt72Fields) {
  Case c;
  c.id = 9;
  c.summary = "SQL injection in the login form";
  c.affected_versions = "2.0-2.3";
  c.assessment.cwe = 89;
  c.assessment.grade = assessment::Grade::high;
  c.assessment.cvss31_score = 8.8;
  Product p;
  p.name = "Acme Router";
  p.model = "X1";
  Report r;
  r.impact = "read all users";
  r.exploited = true;
  Organisation o{7, "Acme", OrgType::provider, "CN", "psirt@acme.example", {}};
  User u;
  u.username = "alice";
  auto d = draft_regulatory_report(c, p, {r}, o, u, from_micros(0));
  EXPECT_EQ(d.product_name, "Acme Router");
  EXPECT_EQ(d.product_model, "X1");
  EXPECT_EQ(d.product_version, "2.0-2.3");
  EXPECT_NE(d.technical_characteristics.find("CWE-89"), std::string::npos);
  EXPECT_NE(d.harm.find("高危"), std::string::npos);
  EXPECT_NE(d.scope.find("exploited"), std::string::npos);
  EXPECT_EQ(d.provider_name, "Acme");
  EXPECT_EQ(d.contact_email, "psirt@acme.example");
  EXPECT_TRUE(check_submittable(d).ok());
  d.harm = " ";
  d.scope.clear();
  auto s = check_submittable(d);
  ASSERT_FALSE(s.ok());
  ASSERT_EQ(s.error().fields().size(), 2u);
  EXPECT_EQ(s.error().fields()[0].field, "harm");
  EXPECT_EQ(s.error().fields()[1].field, "scope");
}

}  // namespace
}  // namespace loudong::domain
