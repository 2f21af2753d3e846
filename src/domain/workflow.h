// Report and case state machines (design.md "States").
//
// Pure functions: given a state, what may follow, and whether a requested
// transition is legal. Who may perform it is decided in access.h. A refused
// transition is an Error of kind conflict (409) whose allowed() lists the
// states reachable from the current one.
#pragma once

#include <span>
#include <string>
#include <vector>

#include "core/result.h"
#include "domain/types.h"

namespace loudong::domain {

std::span<const ReportState> next_report_states(ReportState from);
std::span<const CaseState> next_case_states(CaseState from);

bool is_open(CaseState s);     // not closed and not withdrawn
bool is_terminal(ReportState s);

// Checks a transition. A reason is required (non-empty after trimming) for
// rejected, duplicate, needs_info, not_affected and withdrawn: people who
// read the timeline later must be able to see why.
Status check_report_transition(ReportState from, ReportState to, const std::string& reason);
Status check_case_transition(CaseState from, CaseState to, const std::string& reason);

}  // namespace loudong::domain
