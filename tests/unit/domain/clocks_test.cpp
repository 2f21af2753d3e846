#include "domain/clocks.h"

#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

#include "core/time.h"

namespace loudong::domain {
namespace {

using namespace std::chrono;

Time at(const char* s) { return *parse_time(s); }

class Clocks : public ::testing::Test {
 protected:
  Policy policy;
  Time received = at("2026-11-20T15:30:00Z");  // 23:30 in Beijing
  ClockRecord reg = start_clock(ClockKind::regulatory_report, received, policy);
  ClockState state_at(Duration since_start, std::optional<Duration> stopped_after = std::nullopt) {
    std::optional<Time> stopped;
    if (stopped_after) stopped = received + *stopped_after;
    return clock_state(reg.started_at, reg.due_at, stopped, received + since_start, policy.due_soon_percent);
  }
};

TEST_F(Clocks, RegulatoryReportIsDue48HoursAfterAwareness) {
  EXPECT_EQ(reg.due_at - received, hours(48));
  EXPECT_EQ(format_utc(reg.due_at), "2026-11-22T15:30:00Z");
}

TEST_F(Clocks, EdgesAt47h59m48h00m48h01m) {
  EXPECT_EQ(state_at(hours(47) + minutes(59)), ClockState::due_soon);
  EXPECT_EQ(state_at(hours(48)), ClockState::due_soon);  // exactly due: not yet late
  EXPECT_EQ(state_at(hours(48) + microseconds(1)), ClockState::overdue);
  EXPECT_EQ(state_at(hours(48) + minutes(1)), ClockState::overdue);
  // Stopping: at 47h59m and exactly 48h00m is met, at 48h01m missed.
  EXPECT_EQ(state_at(hours(50), hours(47) + minutes(59)), ClockState::met);
  EXPECT_EQ(state_at(hours(50), hours(48)), ClockState::met);
  EXPECT_EQ(state_at(hours(50), hours(48) + minutes(1)), ClockState::missed);
  // A stopped clock's state does not change as time passes.
  EXPECT_EQ(state_at(hours(5000), hours(1)), ClockState::met);
}

TEST_F(Clocks, DueSoonStartsWithTheLastQuarter) {
  // 25% of 48 h = 12 h: due_soon from 36 h on.
  EXPECT_EQ(reg.soon_at - received, hours(36));
  EXPECT_EQ(state_at(hours(36) - microseconds(1)), ClockState::on_time);
  EXPECT_EQ(state_at(hours(36)), ClockState::due_soon);
  EXPECT_EQ(state_at(seconds(0)), ClockState::on_time);
}

TEST_F(Clocks, SoonAtAgreesWithStateForOddDurations) {
  for (int pct : {1, 7, 25, 33, 99}) {
    for (Duration d : {Duration(hours(1) + microseconds(7)), Duration(hours(48)), Duration(hours(24 * 7) + seconds(3))}) {
      Time start = received, due = received + d;
      Time soon = clock_soon(start, due, pct);
      EXPECT_EQ(clock_state(start, due, std::nullopt, soon, pct), ClockState::due_soon) << pct;
      EXPECT_EQ(clock_state(start, due, std::nullopt, soon - microseconds(1), pct), ClockState::on_time) << pct;
    }
  }
}

TEST_F(Clocks, FixClockFollowsGrade) {
  using assessment::Grade;
  Time confirmed = at("2026-11-01T00:00:00Z");
  EXPECT_EQ(clock_due(ClockKind::fix, confirmed, policy, Grade::critical) - confirmed, days(7));
  EXPECT_EQ(clock_due(ClockKind::fix, confirmed, policy, Grade::high) - confirmed, days(30));
  EXPECT_EQ(clock_due(ClockKind::fix, confirmed, policy, Grade::medium) - confirmed, days(90));
  EXPECT_EQ(clock_due(ClockKind::fix, confirmed, policy, Grade::low) - confirmed, days(180));
  // Ungraded never buys time: the high grade's duration.
  EXPECT_EQ(clock_due(ClockKind::fix, confirmed, policy, std::nullopt) - confirmed, days(30));
}

TEST_F(Clocks, OtherDefaults) {
  EXPECT_EQ(clock_due(ClockKind::upstream_notice, received, policy) - received, hours(24));
  EXPECT_EQ(clock_due(ClockKind::finder_ack, received, policy) - received, hours(72));
  EXPECT_EQ(clock_due(ClockKind::user_notice, received, policy) - received, hours(72));
}

TEST_F(Clocks, TimeZonesChangeOnlyTheDisplay) {
  // 23:30 in Beijing on the 20th; due 23:30 on the 22nd there, whatever the zone.
  std::ifstream in("/usr/share/zoneinfo/Asia/Shanghai", std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  auto sh = TimeZone::from_tzif("Asia/Shanghai", ss.str());
  ASSERT_TRUE(sh.ok());
  EXPECT_EQ(sh->format(reg.due_at), "2026-11-22T23:30:00+08:00");
  auto ny = TimeZone::fixed("UTC-05:00", -5 * 3600);
  EXPECT_EQ(ny.format(reg.due_at), "2026-11-22T10:30:00-05:00");
  // The same instant, so the same state everywhere.
  EXPECT_EQ(*parse_time("2026-11-22T23:30:00+08:00"), reg.due_at);
  EXPECT_EQ(*parse_time("2026-11-22T10:30:00-05:00"), reg.due_at);
}

TEST_F(Clocks, RestartRecomputesTheSameStateFromStoredTimes) {
  // A restart keeps only the stored record; state is a pure function of it.
  ClockRecord stored = reg;
  Time now = received + hours(47);
  auto before = make_clock_view(stored.kind, stored.started_at, stored.due_at, stored.stopped_at, now, policy);
  ClockRecord reloaded;
  reloaded.kind = stored.kind;
  reloaded.started_at = from_micros(to_micros(stored.started_at));
  reloaded.due_at = from_micros(to_micros(stored.due_at));
  auto after = make_clock_view(reloaded.kind, reloaded.started_at, reloaded.due_at, std::nullopt, now, policy);
  EXPECT_EQ(before.state, after.state);
  EXPECT_EQ(before.due_at, after.due_at);
}

TEST(Policy, RefusesShortRetentionAndLongReportClock) {
  Policy p;
  EXPECT_TRUE(validate_policy(p).ok());
  p.receipt_retention_days = 179;
  auto s = validate_policy(p);
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().fields().at(0).field, "policy.receipt_retention_days");
  p.receipt_retention_days = 365;  // longer is fine
  EXPECT_TRUE(validate_policy(p).ok());
  p.regulatory_report = hours(49);
  EXPECT_FALSE(validate_policy(p).ok());
  p.regulatory_report = hours(24);  // stricter is fine
  EXPECT_TRUE(validate_policy(p).ok());
  p.due_soon_percent = 0;
  EXPECT_FALSE(validate_policy(p).ok());
}

}  // namespace
}  // namespace loudong::domain
