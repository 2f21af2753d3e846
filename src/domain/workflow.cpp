#include "domain/workflow.h"

#include <algorithm>
#include <array>

namespace loudong::domain {
namespace {

using RS = ReportState;
using CS = CaseState;

constexpr std::array<RS, 1> kFromReceived{RS::triage};
constexpr std::array<RS, 4> kFromTriage{RS::needs_info, RS::rejected, RS::duplicate, RS::accepted};
// needs_info returns to triage when the finder answers, or closes as
// rejected when the answer does not come in time.
constexpr std::array<RS, 2> kFromNeedsInfo{RS::triage, RS::rejected};

constexpr std::array<CS, 3> kFromVerifying{CS::confirmed, CS::not_affected, CS::withdrawn};
constexpr std::array<CS, 2> kFromConfirmed{CS::fixing, CS::withdrawn};
// not_affected may be reopened when new evidence arrives.
constexpr std::array<CS, 3> kFromNotAffected{CS::closed, CS::verifying, CS::withdrawn};
constexpr std::array<CS, 2> kFromFixing{CS::fixed, CS::withdrawn};
// fixed -> closed without publication: operator systems (R-PUB-2) are never published.
constexpr std::array<CS, 3> kFromFixed{CS::published, CS::closed, CS::withdrawn};
constexpr std::array<CS, 2> kFromPublished{CS::closed, CS::withdrawn};

bool blank(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

template <class E>
std::vector<std::string> names(std::span<const E> states) {
  std::vector<std::string> out;
  for (E s : states) out.emplace_back(name_of(s));
  return out;
}

template <class E>
Status check(E from, E to, std::span<const E> allowed, bool needs_reason, const std::string& reason,
             const char* what) {
  if (std::find(allowed.begin(), allowed.end(), to) == allowed.end()) {
    std::string msg = std::string(what) + " cannot go from " + std::string(name_of(from)) + " to " +
                      std::string(name_of(to));
    msg += allowed.empty() ? " (no transition is allowed from " + std::string(name_of(from)) + ")"
                           : "; allowed: " + [&] {
                               std::string a;
                               for (E s : allowed) a += (a.empty() ? "" : ", ") + std::string(name_of(s));
                               return a;
                             }();
    return Error::conflict(std::move(msg), "illegal_transition").with_allowed(names(allowed));
  }
  if (needs_reason && blank(reason))
    return Error::field("reason", "required",
                        "a reason is required to move to " + std::string(name_of(to)));
  return {};
}

}  // namespace

std::span<const ReportState> next_report_states(ReportState from) {
  switch (from) {
    case RS::received: return kFromReceived;
    case RS::triage: return kFromTriage;
    case RS::needs_info: return kFromNeedsInfo;
    case RS::rejected:
    case RS::duplicate:
    case RS::accepted: return {};
  }
  return {};
}

std::span<const CaseState> next_case_states(CaseState from) {
  switch (from) {
    case CS::verifying: return kFromVerifying;
    case CS::confirmed: return kFromConfirmed;
    case CS::not_affected: return kFromNotAffected;
    case CS::fixing: return kFromFixing;
    case CS::fixed: return kFromFixed;
    case CS::published: return kFromPublished;
    case CS::closed:
    case CS::withdrawn: return {};
  }
  return {};
}

bool is_open(CaseState s) { return s != CS::closed && s != CS::withdrawn; }
bool is_terminal(ReportState s) { return next_report_states(s).empty(); }

Status check_report_transition(ReportState from, ReportState to, const std::string& reason) {
  bool needs_reason = to == RS::rejected || to == RS::duplicate || to == RS::needs_info;
  return check(from, to, next_report_states(from), needs_reason, reason, "report");
}

Status check_case_transition(CaseState from, CaseState to, const std::string& reason) {
  bool needs_reason = to == CS::not_affected || to == CS::withdrawn || (from == CS::not_affected && to == CS::verifying);
  return check(from, to, next_case_states(from), needs_reason, reason, "case");
}

}  // namespace loudong::domain
