// Dashboard aggregates. Grouping happens in SQL on indexed columns; the
// median of fix times is computed here from the (small) per-grade lists.
// Shared by both backends (store/shared/tx_settings.ipp says how); the
// including backend defines kWeekOfDue (a due time's week label, as SQLite's
// strftime('%Y-W%W') gives it) and kNullsFirst (its ORDER BY suffix that puts
// NULL first, as SQLite does by itself).

namespace dashboard_sql {

std::string case_scope(const std::optional<std::vector<Id>>& orgs, const char* col) {
  if (!orgs) return "";
  std::string in;
  for (Id o : *orgs) in += (in.empty() ? "" : ",") + std::to_string(o);
  if (in.empty()) in = "NULL";
  return std::string(" AND ") + col + " IN (SELECT case_id FROM case_participants WHERE org_id IN (" + in + "))";
}

}  // namespace dashboard_sql

using dashboard_sql::case_scope;

Result<DashboardStats> Tx::dashboard(const std::optional<std::vector<Id>>& orgs, Time now, int weeks) {
  DashboardStats out;
  {
    LD_ASSIGN_OR_RETURN(auto s, c_.prepare_dynamic("SELECT state, count(*) FROM cases WHERE 1=1" +
                                                   case_scope(orgs, "id") + " GROUP BY state ORDER BY state"));
    for (;;) {
      LD_ASSIGN_OR_RETURN(bool row, s->step());
      if (!row) break;
      out.cases_by_state.emplace_back(s->text(0), s->i64(1));
    }
  }
  {
    LD_ASSIGN_OR_RETURN(auto s, c_.prepare_dynamic("SELECT coalesce(grade, ''), count(*) FROM cases WHERE 1=1" +
                                                   case_scope(orgs, "id") + " GROUP BY grade ORDER BY grade" + kNullsFirst));
    for (;;) {
      LD_ASSIGN_OR_RETURN(bool row, s->step());
      if (!row) break;
      out.cases_by_grade.emplace_back(s->text(0), s->i64(1));
    }
  }
  {
    // A regulatory clock counts in the week its due time falls in, once it
    // is decided: stopped (met or missed) or already overdue.
    std::int64_t since = to_micros(now) - std::int64_t(weeks) * 7 * 86400 * 1000000LL;
    LD_ASSIGN_OR_RETURN(
        auto s, c_.prepare_dynamic(
                    std::string("SELECT ") + kWeekOfDue + " AS wk, " +
                    "sum(CASE WHEN stopped_at IS NOT NULL AND stopped_at <= due_at THEN 1 ELSE 0 END), count(*) "
                    "FROM clocks WHERE kind = 'regulatory_report' AND case_id IS NOT NULL AND due_at >= ? AND "
                    "(stopped_at IS NOT NULL OR due_at < ?)" +
                    case_scope(orgs, "case_id") + " GROUP BY wk ORDER BY wk"));
    s->args(since, to_micros(now));
    for (;;) {
      LD_ASSIGN_OR_RETURN(bool row, s->step());
      if (!row) break;
      out.regulatory_compliance.push_back({s->text(0), s->i64(1), s->i64(2)});
    }
  }
  {
    LD_ASSIGN_OR_RETURN(auto s, c_.prepare_dynamic(
                                    "SELECT coalesce(c.grade, ''), (k.stopped_at - k.started_at) FROM clocks k JOIN "
                                    "cases c ON c.id = k.case_id WHERE k.kind = 'fix' AND k.stopped_at IS NOT NULL" +
                                    case_scope(orgs, "k.case_id")));
    std::map<std::string, std::vector<double>> by_grade;
    for (;;) {
      LD_ASSIGN_OR_RETURN(bool row, s->step());
      if (!row) break;
      by_grade[s->text(0)].push_back(static_cast<double>(s->i64(1)) / 86400e6);
    }
    for (auto& [g, v] : by_grade) {
      std::sort(v.begin(), v.end());
      double median = v.size() % 2 ? v[v.size() / 2] : (v[v.size() / 2 - 1] + v[v.size() / 2]) / 2;
      out.time_to_fix.push_back({g, median, static_cast<std::int64_t>(v.size())});
    }
  }
  return out;
}

