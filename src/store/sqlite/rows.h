// Helpers shared by the SQLite transaction files: JSON columns, keyset
// cursors, and list-query assembly.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "store/sqlite/db.h"

namespace loudong::store::sqlite {

// A keyset position: the sort value and the id of the last row of a page.
struct Cursor {
  std::int64_t value = 0;
  std::int64_t id = 0;
};
std::string encode_cursor(const Cursor& c);
Result<Cursor> decode_cursor(const std::string& s);  // fails with field "cursor"

std::string to_json_array(const std::vector<std::string>& v);
std::vector<std::string> from_json_array(const std::string& s);

// Every row of a stepped statement, each made by `read`.
template <class T, class Reader>
Result<std::vector<T>> collect(Stmt& s, Reader read) {
  std::vector<T> out;
  for (;;) {
    LD_ASSIGN_OR_RETURN(bool row, s.step());
    if (!row) break;
    out.push_back(read(s));
  }
  return out;
}

// The one row of a query with these arguments, or nullopt.
template <class T, class Reader>
Result<std::optional<T>> one(Connection& c, const char* sql, Reader read, auto... args) {
  LD_ASSIGN_OR_RETURN(auto s, c.prepare(sql));
  s->args(args...);
  LD_ASSIGN_OR_RETURN(bool row, s->step());
  if (!row) return std::optional<T>();
  return std::optional<T>(read(*s));
}

// Every row of a query with these arguments.
template <class T, class Reader>
Result<std::vector<T>> all(Connection& c, const char* sql, Reader read, auto... args) {
  LD_ASSIGN_OR_RETURN(auto s, c.prepare(sql));
  s->args(args...);
  std::vector<T> out;
  for (;;) {
    LD_ASSIGN_OR_RETURN(bool row, s->step());
    if (!row) break;
    out.push_back(read(*s));
  }
  return out;
}

// FTS5 phrase query for a user's search text.
std::string fts_phrase(const std::string& text);

// A WHERE clause being built from optional filters, with its parameters.
struct Where {
  std::string sql;
  std::vector<nlohmann::json> params;  // int64 or string
  void add(const std::string& cond) { sql += (sql.empty() ? " WHERE " : " AND ") + cond; }
  void add(const std::string& cond, nlohmann::json p) {
    add(cond);
    params.push_back(std::move(p));
  }
  void bind(Stmt& s, int first = 1) const;
};

}  // namespace loudong::store::sqlite
