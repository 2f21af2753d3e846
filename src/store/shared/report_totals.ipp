// The report list's total for its first page (no text search): one source for
// both backends, whose counter tables are the same (SQLite migrations 3 and 6,
// PostgreSQL 11, kept by triggers in every change's transaction). Included by
// each backend's tx_reports.cpp inside its namespace, after its rows.h (Where);
// store/shared/tx_settings.ipp says how the shared files work.

namespace report_totals_sql {

constexpr const char* kCountAllReports = "SELECT coalesce(sum(n), 0) FROM report_state_counts";
constexpr const char* kCountReportsInState = "SELECT coalesce(sum(n), 0) FROM report_state_counts WHERE state = ?";
constexpr const char* kCountReportsWithGrade = "SELECT coalesce(sum(n), 0) FROM report_grade_counts WHERE grade = ?";

}  // namespace report_totals_sql

// How many reports `w` (report_filters(f)) selects: from one counter row when
// the only filter is none, the state or the grade, else counted through the
// rows. Read in the caller's transaction, so it agrees with the page.
template <class Conn>
Result<std::int64_t> report_total(Conn& c, const ReportFilter& f, const Where& w) {
  using namespace report_totals_sql;
  const char* counter = nullptr;
  std::string arg;
  if (w.params.empty()) {
    counter = kCountAllReports;
  } else if (w.params.size() == 1 && f.state) {
    counter = kCountReportsInState;
    arg = std::string(name_of(*f.state));
  } else if (w.params.size() == 1 && f.case_grade) {
    counter = kCountReportsWithGrade;
    arg = *f.case_grade;
  }
  if (counter) {
    LD_ASSIGN_OR_RETURN(auto s, c.prepare(counter));
    if (counter != kCountAllReports) s->args(arg);
    LD_ASSIGN_OR_RETURN(bool row, s->step());
    return row ? s->i64(0) : std::int64_t{0};
  }
  LD_ASSIGN_OR_RETURN(auto s, c.prepare_dynamic("SELECT count(*) FROM reports" + w.sql));
  w.bind(*s);
  LD_ASSIGN_OR_RETURN(bool row, s->step());
  return row ? s->i64(0) : std::int64_t{0};
}
