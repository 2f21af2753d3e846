#include "domain/clocks.h"

namespace loudong::domain {

ClockState clock_state(Time started, Time due, std::optional<Time> stopped, Time now, int due_soon_percent) {
  if (stopped) return *stopped <= due ? ClockState::met : ClockState::missed;
  if (now > due) return ClockState::overdue;
  auto total = due - started;
  auto left = due - now;
  // left * 100 <= total * percent, in integers to keep the edges exact.
  if (left.count() * 100 <= total.count() * due_soon_percent) return ClockState::due_soon;
  return ClockState::on_time;
}

Time clock_due(ClockKind kind, Time start, const Policy& p, std::optional<assessment::Grade> grade) {
  using assessment::Grade;
  switch (kind) {
    case ClockKind::regulatory_report: return start + p.regulatory_report;
    case ClockKind::upstream_notice: return start + p.upstream_notice;
    case ClockKind::finder_ack: return start + p.finder_ack;
    case ClockKind::user_notice: return start + p.user_notice;
    case ClockKind::fix:
      switch (grade.value_or(Grade::high)) {
        case Grade::critical: return start + p.fix_critical;
        case Grade::high: return start + p.fix_high;
        case Grade::medium: return start + p.fix_medium;
        case Grade::low: return start + p.fix_low;
      }
  }
  return start;
}

Time clock_soon(Time start, Time due, int due_soon_percent) {
  auto total = due - start;
  // The first instant at which left * 100 <= total * percent.
  auto lead = Duration(total.count() * due_soon_percent / 100);
  return due - lead;
}

ClockRecord start_clock(ClockKind kind, Time start, const Policy& policy, std::optional<assessment::Grade> grade) {
  ClockRecord c;
  c.kind = kind;
  c.started_at = start;
  c.due_at = clock_due(kind, start, policy, grade);
  c.soon_at = clock_soon(start, c.due_at, policy.due_soon_percent);
  return c;
}

ClockView make_clock_view(ClockKind kind, Time started, Time due, std::optional<Time> stopped, Time now,
                          const Policy& policy) {
  return {kind, started, due, stopped, clock_state(started, due, stopped, now, policy.due_soon_percent)};
}

}  // namespace loudong::domain
