// Helpers shared by the PostgreSQL transaction files. Cursors and the JSON
// array columns are encoded exactly as the SQLite backend does (its
// functions are used as they are), so a cursor means the same on both.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/result.h"
#include "store/postgres/db.h"
#include "store/sqlite/rows.h"

namespace loudong::store::postgres {

using sqlite::Cursor;
using sqlite::decode_cursor;
using sqlite::encode_cursor;
using sqlite::from_json_array;
using sqlite::to_json_array;

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

template <class T, class Reader>
Result<std::optional<T>> one(Connection& c, const char* sql, Reader read, auto... args) {
  LD_ASSIGN_OR_RETURN(auto s, c.prepare(sql));
  s->args(args...);
  LD_ASSIGN_OR_RETURN(bool row, s->step());
  if (!row) return std::optional<T>();
  return std::optional<T>(read(*s));
}

template <class T, class Reader>
Result<std::vector<T>> all(Connection& c, const char* sql, Reader read, auto... args) {
  LD_ASSIGN_OR_RETURN(auto s, c.prepare(sql));
  s->args(args...);
  return collect<T>(*s, read);
}

// A LIKE pattern that matches `text` anywhere, with the wildcards in it
// escaped (for ... LIKE ? ESCAPE '\').
std::string contains_pattern(const std::string& text);

// Text search as the SQLite backend's trigram FTS5 decides it: a phrase of
// fewer than 3 characters (code points) matches nothing.
bool searchable(const std::string& text);

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

}  // namespace loudong::store::postgres
