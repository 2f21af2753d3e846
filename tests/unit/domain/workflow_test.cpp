// Table-driven: tests/data/domain/transitions.txt lists every pair.
#include "domain/workflow.h"

#include <fstream>
#include <set>
#include <sstream>

#include <gtest/gtest.h>

namespace loudong::domain {
namespace {

std::string data_path() {
  const char* src = std::getenv("LOUDONG_SOURCE_DIR");
  return std::string(src ? src : ".") + "/tests/data/domain/transitions.txt";
}

template <class E>
void check_row(const std::string& from, const std::string& to, const std::string& outcome, int line) {
  auto f = parse_enum<E>(from);
  auto t = parse_enum<E>(to);
  ASSERT_TRUE(f && t) << "line " << line;
  auto no_reason = [&]() -> Status {
    if constexpr (std::is_same_v<E, ReportState>) return check_report_transition(*f, *t, "  ");
    else return check_case_transition(*f, *t, "  ");
  }();
  auto with_reason = [&]() -> Status {
    if constexpr (std::is_same_v<E, ReportState>) return check_report_transition(*f, *t, "because");
    else return check_case_transition(*f, *t, "because");
  }();
  if (outcome == "ok") {
    EXPECT_TRUE(no_reason.ok()) << "line " << line << ": " << from << " -> " << to;
  } else if (outcome == "reason") {
    ASSERT_FALSE(no_reason.ok()) << "line " << line;
    EXPECT_EQ(no_reason.error().kind(), ErrorKind::unprocessable);
    EXPECT_EQ(no_reason.error().fields().at(0).field, "reason");
    EXPECT_TRUE(with_reason.ok()) << "line " << line;
  } else {
    ASSERT_FALSE(with_reason.ok()) << "line " << line << ": " << from << " -> " << to << " should be illegal";
    EXPECT_EQ(with_reason.error().kind(), ErrorKind::conflict);
    EXPECT_EQ(with_reason.error().code(), "illegal_transition");
    // The refusal lists exactly the states reachable from `from`.
    std::set<std::string> allowed(with_reason.error().allowed().begin(), with_reason.error().allowed().end());
    std::set<std::string> expected;
    if constexpr (std::is_same_v<E, ReportState>) {
      for (auto s : next_report_states(*f)) expected.insert(std::string(name_of(s)));
    } else {
      for (auto s : next_case_states(*f)) expected.insert(std::string(name_of(s)));
    }
    EXPECT_EQ(allowed, expected) << "line " << line;
  }
}

TEST(Workflow, EveryPairBehavesAsTheTableSays) {
  std::ifstream in(data_path());
  ASSERT_TRUE(in) << data_path();
  std::string line;
  int n = 0, rows = 0;
  std::set<std::string> seen;
  while (std::getline(in, line)) {
    ++n;
    if (line.empty() || line[0] == '#') continue;
    std::istringstream ss(line);
    std::string kind, from, to, outcome;
    ss >> kind >> from >> to >> outcome;
    ++rows;
    seen.insert(kind + ":" + from + ":" + to);
    if (kind == "report") check_row<ReportState>(from, to, outcome, n);
    else check_row<CaseState>(from, to, outcome, n);
  }
  // Completeness: every pair of each machine is in the table.
  size_t report_states = EnumNames<ReportState>::names.size(), case_states = EnumNames<CaseState>::names.size();
  EXPECT_EQ(seen.size(), report_states * report_states + case_states * case_states)
      << "the table must list every (from, to) pair";
  EXPECT_EQ(rows, static_cast<int>(seen.size())) << "duplicate rows";
}

TEST(Workflow, RefusalMessageNamesStatesAndAllowed) {
  auto s = check_case_transition(CaseState::verifying, CaseState::published, "x");
  ASSERT_FALSE(s.ok());
  EXPECT_NE(s.error().message().find("verifying"), std::string::npos);
  EXPECT_NE(s.error().message().find("allowed: confirmed, not_affected, withdrawn"), std::string::npos);
  auto t = check_case_transition(CaseState::closed, CaseState::verifying, "x");
  EXPECT_NE(t.error().message().find("no transition is allowed"), std::string::npos);
}

TEST(Workflow, OpenAndTerminal) {
  EXPECT_TRUE(is_open(CaseState::published));
  EXPECT_FALSE(is_open(CaseState::closed));
  EXPECT_FALSE(is_open(CaseState::withdrawn));
  EXPECT_TRUE(is_terminal(ReportState::accepted));
  EXPECT_FALSE(is_terminal(ReportState::needs_info));
}

}  // namespace
}  // namespace loudong::domain
