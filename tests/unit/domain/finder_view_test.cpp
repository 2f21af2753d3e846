// The finder's view of a report and the product rules of a case (issue 13,
// items 1-4): each case below was a leak on the code before the fix.
#include <gtest/gtest.h>

#include "domain/access.h"
#include "domain/finder_view.h"

namespace loudong::domain {
namespace {

Message finder_reply(std::optional<Id> report, std::optional<Id> author) {
  Message m;
  m.from_finder = true;
  m.visibility = Visibility::finder;
  m.report_id = report;
  m.case_id = 9;
  m.author_user_id = author;
  m.author_name = "Alice Finder";
  return m;
}

Message staff(Visibility v) {
  Message m;
  m.case_id = 9;
  m.author_user_id = 1;
  m.author_name = "admin";
  m.visibility = v;
  return m;
}

TEST(FinderView, OnAJoinedCaseEachFinderReadsOnlyTheirOwnReplies) {
  FinderThread mine{10, std::nullopt, false};
  EXPECT_TRUE(finder_sees_message(mine, finder_reply(10, std::nullopt)));
  EXPECT_FALSE(finder_sees_message(mine, finder_reply(11, std::nullopt)));
  EXPECT_FALSE(finder_sees_message(mine, finder_reply(11, 77)));
}

TEST(FinderView, OlderCaseRepliesWithoutAReportAreAttributedByAuthorOrSoleReport) {
  Message legacy = finder_reply(std::nullopt, 77);
  EXPECT_TRUE(finder_sees_message(FinderThread{10, 77, false}, legacy));
  EXPECT_FALSE(finder_sees_message(FinderThread{10, 78, false}, legacy));
  Message anonymous = finder_reply(std::nullopt, std::nullopt);
  EXPECT_TRUE(finder_sees_message(FinderThread{10, std::nullopt, true}, anonymous));
  EXPECT_FALSE(finder_sees_message(FinderThread{10, std::nullopt, false}, anonymous));
}

TEST(FinderView, StaffMessagesOnlyWhenAddressedToFinders) {
  FinderThread t{10, std::nullopt, true};
  EXPECT_TRUE(finder_sees_message(t, staff(Visibility::finder)));
  EXPECT_TRUE(finder_sees_message(t, staff(Visibility::all)));
  EXPECT_FALSE(finder_sees_message(t, staff(Visibility::provider)));
  EXPECT_FALSE(finder_sees_message(t, staff(Visibility::coordinators)));
}

TEST(FinderView, AuthorsAreRolesNotUserNames) {
  EXPECT_EQ(finder_author_label(staff(Visibility::all), false), "coordinator");
  EXPECT_EQ(finder_author_label(staff(Visibility::all), true), "provider");
  EXPECT_EQ(finder_author_label(finder_reply(10, 77), true), "finder");
}

Event event(std::string kind, std::string actor, std::optional<Id> actor_id, std::string data = "{}") {
  Event e;
  e.kind = std::move(kind);
  e.actor_name = std::move(actor);
  e.actor_user_id = actor_id;
  e.data_json = std::move(data);
  return e;
}

TEST(FinderView, TimelineKeepsTheFindersStepsAndHidesInternalOnes) {
  std::vector<Event> all{
      event("received", "anonymous", std::nullopt, R"({"channel":"web","receipt_seq":4})"),
      event("message", "admin", 1, R"({"visibility":"coordinators"})"),
      event("message", "coord", 2, R"({"visibility":"provider"})"),
      event("clock_cancelled", "admin", 1, R"({"clock":"regulatory_report"})"),
      event("message", "coord", 2, R"({"visibility":"finder"})"),
      event("finder_reply", "finder:ABC", std::nullopt),
      event("transition", "coord", 2, R"({"case_id":3})"),
      event("verification", "coord", 2),
  };
  auto seen = finder_timeline(FinderThread{10, std::nullopt, true}, all);
  std::vector<std::string> kinds, actors;
  for (const auto& e : seen) {
    kinds.push_back(e.kind);
    actors.push_back(e.actor_name);
    EXPECT_EQ(e.data_json, "{}");
    EXPECT_FALSE(e.actor_user_id);
  }
  EXPECT_EQ(kinds, (std::vector<std::string>{"received", "message", "finder_reply", "transition"}));
  EXPECT_EQ(actors, (std::vector<std::string>{"finder", "coordinator", "finder", "coordinator"}));
}

TEST(FinderView, ASignedInFindersOwnStepsShowAsTheFinder) {
  auto seen = finder_timeline(FinderThread{10, 55, true}, {event("received", "alice", 55)});
  ASSERT_EQ(seen.size(), 1u);
  EXPECT_EQ(seen[0].actor_name, "finder");
}

Actor member(Id org, Role r) {
  Actor a;
  a.user_id = 100;
  a.username = "x";
  a.memberships.push_back({org, r});
  return a;
}

TEST(CaseProduct, ProviderStaffMoveACaseOnlyWithinTheirOwnProducts) {
  CaseParties p;
  p.provider_org = 2;
  p.participant_orgs = {2};
  EXPECT_TRUE(can_assign_case_product(member(2, Role::admin), p, 2));
  EXPECT_TRUE(can_assign_case_product(member(2, Role::coordinator), p, 2));
  EXPECT_FALSE(can_assign_case_product(member(2, Role::admin), p, 3));  // the probe's case
  EXPECT_FALSE(can_assign_case_product(member(2, Role::member), p, 2));
  // Admin of both providers still may not hand over: that is intake's call.
  Actor both = member(2, Role::admin);
  both.memberships.push_back({3, Role::admin});
  EXPECT_FALSE(can_assign_case_product(both, p, 3));
  EXPECT_TRUE(can_assign_case_product(member(kHostOrg, Role::coordinator), p, 3));
}

TEST(CaseProduct, CustomersOnlyForThoseWhoManageTheProducts) {
  EXPECT_TRUE(can_see_customers(member(2, Role::admin), 2));
  EXPECT_TRUE(can_see_customers(member(2, Role::coordinator), 2));
  EXPECT_FALSE(can_see_customers(member(2, Role::member), 2));
  EXPECT_FALSE(can_see_customers(member(2, Role::auditor), 2));
  EXPECT_FALSE(can_see_customers(member(3, Role::admin), 2));
  EXPECT_TRUE(can_see_customers(member(kHostOrg, Role::coordinator), 2));
}

}  // namespace
}  // namespace loudong::domain
