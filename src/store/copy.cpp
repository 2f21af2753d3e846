#include "store/copy.h"

#include <sqlite3.h>

#include <algorithm>
#include <map>
#include <set>

#include "core/text.h"
#include "store/postgres/db.h"
#include "store/sqlite/db.h"
#include "store/store.h"

namespace loudong::store {

namespace {

// Derived tables only SQLite keeps (its FTS5 indexes with their shadow
// tables, and the bound on report order its text search reads); PostgreSQL
// answers the same from its indexes.
bool sqlite_only_derived(const std::string& t) {
  return t == "report_order_slack" || t.rfind("reports_fts", 0) == 0 || t.rfind("cases_fts", 0) == 0;
}

// Derived tables both keep by triggers (the report list's totals): not
// copied (the triggers are off while rows load) but recomputed on the
// target from the copied rows, with the reports' copy of their case's grade
// (report_counts_rebuild, PostgreSQL's migration 11).
bool rebuilt_on_target(const std::string& t) { return t == "report_state_counts" || t == "report_grade_counts"; }
constexpr const char* kRebuildReportCounts = "SELECT report_counts_rebuild()";

// Names SQLite compares with COLLATE NOCASE and PostgreSQL stores lower
// case (an advisory's id or alias, found in any letter case): lowered on the
// way, and a name that then repeats is kept once.
bool lowered_column(const std::string& table, const std::string& column) {
  return table == "advisory_names" && column == "name";
}

// Each backend's own migration bookkeeping: their version numbers differ.
bool migration_bookkeeping(const std::string& t) { return t == "schema_migrations"; }

// Rows PostgreSQL's migrations seed that SQLite's migrations seed too: the
// source's rows replace them.
bool seeded_by_migrations(const std::string& t) { return t == "advisory_keys"; }

// Table and column names come from the databases' own catalogues; quoting
// keeps a name like "key" or "order" a name.
std::string quoted(const std::string& name) { return "\"" + name + "\""; }

struct Column {
  std::string name;
  std::string pg_type;  // information_schema data_type: bigint, text, bytea, double precision...
  bool identity = false;
};

bool has_column(const std::vector<Column>& cols, const char* name) {
  return std::any_of(cols.begin(), cols.end(), [&](const Column& c) { return c.name == name; });
}

Result<std::vector<std::string>> sqlite_tables(sqlite::Connection& c) {
  LD_ASSIGN_OR_RETURN(auto s, c.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
                                        "ORDER BY name"));
  std::vector<std::string> out;
  for (;;) {
    LD_ASSIGN_OR_RETURN(bool row, s->step());
    if (!row) break;
    out.push_back(s->text(0));
  }
  return out;
}

Result<std::vector<std::string>> sqlite_columns(sqlite::Connection& c, const std::string& table) {
  LD_ASSIGN_OR_RETURN(auto s, c.prepare_dynamic("SELECT name FROM pragma_table_info(" + quoted(table) + ") ORDER BY cid"));
  std::vector<std::string> out;
  for (;;) {
    LD_ASSIGN_OR_RETURN(bool row, s->step());
    if (!row) break;
    out.push_back(s->text(0));
  }
  return out;
}

Result<std::map<std::string, std::vector<Column>>> postgres_tables(postgres::Connection& c) {
  LD_ASSIGN_OR_RETURN(auto s, c.prepare("SELECT c.table_name, c.column_name, c.data_type, c.is_identity "
                                        "FROM information_schema.columns c "
                                        "JOIN information_schema.tables t ON t.table_schema = c.table_schema "
                                        "AND t.table_name = c.table_name AND t.table_type = 'BASE TABLE' "
                                        "WHERE c.table_schema = current_schema() ORDER BY c.table_name, c.ordinal_position"));
  std::map<std::string, std::vector<Column>> out;
  for (;;) {
    LD_ASSIGN_OR_RETURN(bool row, s->step());
    if (!row) break;
    out[s->text(0)].push_back({s->text(1), s->text(2), s->text(3) == "YES"});
  }
  return out;
}

// Parents before children along PostgreSQL's foreign keys (a table that
// refers to itself is left to its rows' id order).
Result<std::vector<std::string>> in_key_order(postgres::Connection& c, const std::vector<std::string>& tables) {
  LD_ASSIGN_OR_RETURN(auto s, c.prepare("SELECT conrelid::regclass::text, confrelid::regclass::text FROM pg_constraint "
                                        "WHERE contype = 'f' AND connamespace = current_schema()::regnamespace"));
  std::map<std::string, std::set<std::string>> parents;
  for (;;) {
    LD_ASSIGN_OR_RETURN(bool row, s->step());
    if (!row) break;
    if (s->text(0) != s->text(1)) parents[s->text(0)].insert(s->text(1));
  }
  std::vector<std::string> out;
  std::set<std::string> done, pending(tables.begin(), tables.end());
  while (!pending.empty()) {
    bool moved = false;
    for (auto it = pending.begin(); it != pending.end();) {
      bool ready = std::all_of(parents[*it].begin(), parents[*it].end(),
                               [&](const std::string& p) { return done.count(p) || !pending.count(p); });
      if (!ready) {
        ++it;
        continue;
      }
      out.push_back(*it);
      done.insert(*it);
      it = pending.erase(it);
      moved = true;
    }
    if (!moved) return Error::internal("the foreign keys between " + *pending.begin() + " and others form a cycle");
  }
  return out;
}

Result<std::int64_t> count_rows(postgres::Connection& c, const std::string& table) {
  LD_ASSIGN_OR_RETURN(auto s, c.prepare_dynamic("SELECT count(*) FROM " + quoted(table)));
  LD_ASSIGN_OR_RETURN(bool row, s->step());
  return row ? s->i64(0) : 0;
}

Result<std::int64_t> count_rows(sqlite::Connection& c, const std::string& table) {
  LD_ASSIGN_OR_RETURN(auto s, c.prepare_dynamic("SELECT count(*) FROM " + quoted(table)));
  LD_ASSIGN_OR_RETURN(bool row, s->step());
  return row ? s->i64(0) : 0;
}

// Copies one table's rows; returns how many.
Result<std::int64_t> copy_table(sqlite::Connection& from, postgres::Connection& to, const std::string& table,
                                const std::vector<Column>& columns, const std::function<void(std::int64_t)>& tick) {
  std::string names, marks;
  for (std::size_t i = 0; i < columns.size(); ++i) {
    names += (i ? ", " : "") + quoted(columns[i].name);
    marks += i ? ", ?" : "?";
  }
  const bool has_id = has_column(columns, "id");
  const std::string select = "SELECT " + names + " FROM " + quoted(table) + (has_id ? " ORDER BY \"id\"" : "");
  bool lowers = false;
  for (const auto& c : columns) lowers = lowers || lowered_column(table, c.name);
  const std::string insert = "INSERT INTO " + quoted(table) + "(" + names + ") VALUES (" + marks + ")" +
                             (lowers ? " ON CONFLICT DO NOTHING" : "");
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(from.raw(), select.c_str(), -1, &raw, nullptr) != SQLITE_OK)
    return Error::internal("copy: cannot read " + table + ": " + from.errmsg());
  std::unique_ptr<sqlite3_stmt, int (*)(sqlite3_stmt*)> rows(raw, sqlite3_finalize);
  std::int64_t n = 0;
  int rc;
  while ((rc = sqlite3_step(raw)) == SQLITE_ROW) {
    LD_ASSIGN_OR_RETURN(auto ins, to.prepare_dynamic(insert));
    for (int i = 0; i < static_cast<int>(columns.size()); ++i) {
      const auto& type = columns[static_cast<std::size_t>(i)].pg_type;
      switch (sqlite3_column_type(raw, i)) {
        case SQLITE_NULL:
          ins->bind_null(i + 1);
          break;
        case SQLITE_INTEGER:
          if (type == "double precision") ins->bind(i + 1, static_cast<double>(sqlite3_column_int64(raw, i)));
          else ins->bind(i + 1, static_cast<std::int64_t>(sqlite3_column_int64(raw, i)));
          break;
        case SQLITE_FLOAT:
          ins->bind(i + 1, sqlite3_column_double(raw, i));
          break;
        default: {
          // Text and blobs: bytes as they are; bytea columns take them binary
          // (sealed values may hold NUL), text columns as text.
          const auto* p = static_cast<const char*>(sqlite3_column_blob(raw, i));
          std::string_view bytes(p ? p : "", static_cast<std::size_t>(sqlite3_column_bytes(raw, i)));
          if (type == "bytea") ins->bind_blob(i + 1, bytes);
          else if (lowered_column(table, columns[static_cast<std::size_t>(i)].name)) ins->bind(i + 1, ascii_lower(bytes));
          else ins->bind(i + 1, bytes);
        }
      }
    }
    if (auto st = ins->run(); !st.ok()) {
      std::string where;
      for (std::size_t i = 0; i < columns.size(); ++i)
        if (columns[i].name == "id")
          where = " (row id " + std::to_string(sqlite3_column_int64(raw, static_cast<int>(i))) + ")";
      return Error::internal("copy: " + table + where + ": " + st.error().log_message());
    }
    if (++n % 5000 == 0) tick(n);
  }
  if (rc != SQLITE_DONE) return Error::internal("copy: reading " + table + ": " + from.errmsg());
  return n;
}

}  // namespace

Result<CopyReport> copy_sqlite_to_postgres(const std::string& sqlite_path, const std::string& postgres_url,
                                           const CopyProgressFn& progress) {
  CopyReport report;
  {
    // Opening each store brings its schema to this build's newest.
    SqliteOptions so;
    so.path = sqlite_path;
    so.create_if_missing = false;
    so.read_connections = 1;
    LD_ASSIGN_OR_RETURN(auto src, open_sqlite_store(so));
    report.schema_version_sqlite = src->schema_version();
    PostgresOptions po;
    po.url = postgres_url;
    po.connections = 1;
    LD_ASSIGN_OR_RETURN(auto dst, open_postgres_store(po));
    report.schema_version_postgres = dst->schema_version();
  }
  LD_ASSIGN_OR_RETURN(auto from, sqlite::Connection::open(sqlite_path, false, true));
  LD_ASSIGN_OR_RETURN(auto to, postgres::Connection::open(postgres_url));
  LD_RETURN_IF_ERROR(from->exec("BEGIN"));  // one snapshot of the source

  LD_ASSIGN_OR_RETURN(auto source_tables, sqlite_tables(*from));
  LD_ASSIGN_OR_RETURN(auto target, postgres_tables(*to));
  std::vector<std::string> tables;
  for (const auto& t : source_tables) {
    if (migration_bookkeeping(t)) continue;
    if (sqlite_only_derived(t) || rebuilt_on_target(t)) {
      report.skipped.push_back(t);
      continue;
    }
    auto it = target.find(t);
    if (it == target.end())
      return Error::invalid("copy: the SQLite table " + t + " has no counterpart in PostgreSQL; nothing was copied");
    LD_ASSIGN_OR_RETURN(auto cols, sqlite_columns(*from, t));
    std::set<std::string> theirs;
    for (const auto& c : it->second) theirs.insert(c.name);
    for (const auto& c : cols)
      if (!theirs.count(c))
        return Error::invalid("copy: column " + t + "." + c + " has no counterpart in PostgreSQL; nothing was copied");
    tables.push_back(t);
  }
  for (const auto& [t, cols] : target)
    if (!migration_bookkeeping(t) && !rebuilt_on_target(t) && !std::count(tables.begin(), tables.end(), t))
      return Error::invalid("copy: the PostgreSQL table " + t + " has no counterpart in SQLite; nothing was copied");
  LD_ASSIGN_OR_RETURN(tables, in_key_order(*to, tables));

  LD_RETURN_IF_ERROR(to->exec("BEGIN"));
  auto body = [&]() -> Status {
    for (const auto& t : tables) {
      if (seeded_by_migrations(t)) {
        LD_RETURN_IF_ERROR(to->exec("DELETE FROM " + quoted(t)));
        continue;
      }
      LD_ASSIGN_OR_RETURN(std::int64_t there, count_rows(*to, t));
      if (there > 0)
        return Error::invalid("copy: the PostgreSQL database is not empty (" + t + " has " + std::to_string(there) +
                              " rows); copy into a new database");
    }
    for (std::size_t i = 0; i < tables.size(); ++i) {
      const auto& t = tables[i];
      // Only the source's columns (less SQLite's derived ones): a
      // PostgreSQL-only column keeps its default.
      LD_ASSIGN_OR_RETURN(auto names, sqlite_columns(*from, t));
      std::vector<Column> cols;
      for (const auto& n : names)
        for (const auto& c : target[t])
          if (c.name == n) cols.push_back(c);
      if (progress) progress(t, 0, i, tables.size());
      // Append-only guards and change-feed triggers are the application's
      // rules for new writes, not for rows that already obeyed them.
      LD_RETURN_IF_ERROR(to->exec("ALTER TABLE " + quoted(t) + " DISABLE TRIGGER USER"));
      LD_ASSIGN_OR_RETURN(std::int64_t n, copy_table(*from, *to, t, cols, [&](std::int64_t k) {
                            if (progress) progress(t, k, i, tables.size());
                          }));
      LD_RETURN_IF_ERROR(to->exec("ALTER TABLE " + quoted(t) + " ENABLE TRIGGER USER"));
      LD_ASSIGN_OR_RETURN(std::int64_t expected, count_rows(*from, t));
      LD_ASSIGN_OR_RETURN(std::int64_t got, count_rows(*to, t));
      const bool lowers = std::any_of(cols.begin(), cols.end(), [&](const Column& c) { return lowered_column(t, c.name); });
      if (n != expected || (lowers ? got > expected : got != expected))
        return Error::internal("copy: " + t + " has " + std::to_string(got) + " rows in PostgreSQL, " +
                               std::to_string(expected) + " in SQLite");
      for (const auto& c : cols) {
        if (!c.identity || n == 0) continue;
        // Identity columns continue after the copied ids.
        LD_ASSIGN_OR_RETURN(auto seq, to->prepare_dynamic("SELECT setval(s::regclass, (SELECT max(" + quoted(c.name) +
                                                          ") FROM " + quoted(t) + ")) FROM pg_get_serial_sequence('" +
                                                          quoted(t) + "', '" + c.name + "') s WHERE s IS NOT NULL"));
        LD_RETURN_IF_ERROR(seq->step().status());
      }
      if (progress) progress(t, n, i, tables.size());
      report.tables.push_back({t, n});
      report.rows += n;
    }
    return to->exec(kRebuildReportCounts);
  };
  if (auto st = body(); !st.ok()) {
    (void)to->exec("ROLLBACK");
    return std::move(st).error();
  }
  LD_RETURN_IF_ERROR(to->exec("COMMIT"));
  (void)from->exec("COMMIT");
  return report;
}

}  // namespace loudong::store
