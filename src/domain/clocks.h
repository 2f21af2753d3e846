// The legal clocks (design.md "Clocks"), computed from recorded events.
//
// Pure: the caller supplies the facts and `now`. A clock that has started
// has a due time fixed at start (later policy changes do not move it, so a
// deadline people were told about stays true), except the fix clock, whose
// duration follows the current grade.
#pragma once

#include <optional>
#include <vector>

#include "assessment/grading.h"
#include "core/clock.h"
#include "domain/entities.h"
#include "domain/policy.h"
#include "domain/types.h"

namespace loudong::domain {

struct ClockView {
  ClockKind kind;
  Time started_at;
  Time due_at;
  std::optional<Time> stopped_at;
  ClockState state;
};

// State of a clock at `now`. Boundaries: stopping exactly at the due time is
// met; while running, exactly at the due time is still due_soon, one
// microsecond later overdue. due_soon once at most `due_soon_percent` of the
// duration remains.
ClockState clock_state(Time started, Time due, std::optional<Time> stopped, Time now, int due_soon_percent);

// Due time of a clock of `kind` started at `start`. For the fix clock,
// `grade` picks the duration (nullopt: the high grade's, see Policy).
Time clock_due(ClockKind kind, Time start, const Policy& policy,
               std::optional<assessment::Grade> grade = std::nullopt);

// When a clock started at `start` and due at `due` turns due_soon.
Time clock_soon(Time start, Time due, int due_soon_percent);

// A new running clock record (no subject ids set).
ClockRecord start_clock(ClockKind kind, Time start, const Policy& policy,
                        std::optional<assessment::Grade> grade = std::nullopt);

ClockView make_clock_view(ClockKind kind, Time started, Time due, std::optional<Time> stopped, Time now,
                          const Policy& policy);

}  // namespace loudong::domain
