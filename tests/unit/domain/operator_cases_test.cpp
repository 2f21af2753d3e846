// Operator cases (R-OPERATOR): who reads the sealed details and acts on the
// case, the no_operator_details gate alone, and the details' JSON.
#include <gtest/gtest.h>

#include "domain/access.h"
#include "domain/gates.h"
#include "domain/operator_cases.h"

namespace loudong::domain {
namespace {

Actor actor(Id user, std::vector<Membership> ms, bool admin = false) {
  Actor a;
  a.user_id = user;
  a.username = "u" + std::to_string(user);
  a.platform_admin = admin;
  a.memberships = std::move(ms);
  return a;
}

constexpr Id kOperator = 20, kAuthority = 30, kProvider = 7;

CaseParties operator_case() {
  CaseParties p;
  p.operator_org = kOperator;
  p.participant_orgs = {kOperator, kAuthority};
  p.authority_orgs = {kAuthority};
  return p;
}

TEST(OperatorAccess, DetailsOnlyForTheOperatorAndAuthoritiesTakingPart) {
  CaseParties p = operator_case();
  EXPECT_TRUE(can_read_operator_details(actor(1, {{kOperator, Role::member}}), p));
  EXPECT_TRUE(can_read_operator_details(actor(2, {{kAuthority, Role::member}}), p));
  // Intake staff and platform admins see the case, not where the system is.
  EXPECT_FALSE(can_read_operator_details(actor(3, {{kHostOrg, Role::admin}}, true), p));
  EXPECT_FALSE(can_read_operator_details(actor(4, {{kOperator, Role::auditor}}), p));
  EXPECT_FALSE(can_read_operator_details(actor(5, {{kProvider, Role::admin}}), p));
  EXPECT_FALSE(can_read_operator_details(actor(6, {{31, Role::admin}}), p)) << "an authority not taking part";
  // A case that is no operator case has no such details for anyone.
  CaseParties plain;
  plain.participant_orgs = {kOperator, kAuthority};
  plain.authority_orgs = {kAuthority};
  EXPECT_FALSE(can_read_operator_details(actor(1, {{kOperator, Role::member}}), plain));
  EXPECT_TRUE(can_edit_operator_details(actor(1, {{kOperator, Role::member}}), p));
  EXPECT_FALSE(can_edit_operator_details(actor(2, {{kAuthority, Role::admin}}), p));
}

TEST(OperatorAccess, TheOperatorVerifiesAndFixesButNeverPublishes) {
  CaseParties p = operator_case();
  Actor member = actor(1, {{kOperator, Role::member}});
  Actor coord = actor(2, {{kOperator, Role::coordinator}});
  for (CaseState s : {CaseState::confirmed, CaseState::not_affected, CaseState::fixing, CaseState::fixed})
    EXPECT_TRUE(can_transition_case(member, p, s)) << name_of(s);
  for (CaseState s : {CaseState::published, CaseState::closed, CaseState::withdrawn})
    EXPECT_FALSE(can_transition_case(coord, p, s)) << name_of(s);
  EXPECT_TRUE(can_assess(coord, p));
  EXPECT_FALSE(can_assess(member, p));
  EXPECT_FALSE(can_file_for_case(coord, p));
  EXPECT_TRUE(can_post_message(member, p, Visibility::all));
  EXPECT_FALSE(can_post_message(member, p, Visibility::coordinators));
  EXPECT_FALSE(can_approve_advisory(coord, p));
  EXPECT_FALSE(can_publish_advisory(coord, p));
  EXPECT_TRUE(can_act_for_operator(member, kOperator));
  EXPECT_FALSE(can_act_for_operator(actor(4, {{kOperator, Role::auditor}}), kOperator));
  EXPECT_FALSE(can_act_for_operator(actor(5, {}, true), kOperator)) << "platform admins act for no operator";
}

TEST(OperatorGate, FailsExactlyForAnOperatorSystemWithCheckPublicationsWords) {
  EXPECT_FALSE(operator_details_gate(false).has_value());
  auto g = operator_details_gate(true);
  ASSERT_TRUE(g.has_value());
  EXPECT_EQ(g->gate, "no_operator_details");
  EXPECT_EQ(g->rule, "R-PUB-2");
  PublicationFacts f;
  f.fix_or_mitigation_recorded = true;
  f.operator_system = true;
  auto all = check_publication(f, from_micros(0));
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].message, g->message);
  EXPECT_EQ(all[0].message_zh, g->message_zh);
}

TEST(OperatorDetails, JsonRoundTripsAndDamageIsAnInternalErrorNamingTheCase) {
  OperatorDetails d{"SCADA HMI \"1\"", "华东 生产区\n10.0.0.1", "运维部"};
  auto back = operator_details_from_json(operator_details_json(d), 5);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(back->asset, d.asset);
  EXPECT_EQ(back->location, d.location);
  EXPECT_EQ(back->owner, d.owner);
  for (const char* bad : {"", "[]", "{\"asset\":\"a\",\"location\":\"b\"}", "{\"asset\":1,\"location\":\"\",\"owner\":\"\"}"}) {
    auto r = operator_details_from_json(bad, 5);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().kind(), ErrorKind::internal);
    EXPECT_NE(r.error().log_message().find("operator_cases 5"), std::string::npos);
  }
}

}  // namespace
}  // namespace loudong::domain
