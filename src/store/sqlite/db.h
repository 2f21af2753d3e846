// A thin RAII layer over one sqlite3 connection with cached prepared
// statements. Statements are keyed by their SQL text's address: every SQL
// string in this backend is a named constant, so the address is stable.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>

#include "core/result.h"

struct sqlite3;
struct sqlite3_stmt;

namespace loudong::store::sqlite {

class Stmt {
 public:
  explicit Stmt(sqlite3_stmt* s) : s_(s) {}
  ~Stmt();  // resets, so the cached statement can be reused
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  Stmt& bind(int i, std::int64_t v);
  Stmt& bind(int i, int v) { return bind(i, static_cast<std::int64_t>(v)); }
  Stmt& bind(int i, bool v) { return bind(i, static_cast<std::int64_t>(v ? 1 : 0)); }
  Stmt& bind(int i, double v);
  Stmt& bind(int i, std::string_view v);
  Stmt& bind(int i, const std::string& v) { return bind(i, std::string_view(v)); }
  Stmt& bind(int i, const char* v) { return bind(i, std::string_view(v)); }
  Stmt& bind_blob(int i, std::string_view v);
  Stmt& bind_null(int i);
  template <class T>
  Stmt& bind(int i, const std::optional<T>& v) {
    return v ? bind(i, *v) : bind_null(i);
  }

  // Binds each argument to parameters 1..N.
  template <class... A>
  Stmt& args(const A&... a) {
    int i = 0;
    (bind(++i, a), ...);
    return *this;
  }

  // Next row: true with a row, false when done; an error on failure.
  Result<bool> step();
  // Runs to completion (for statements without rows).
  Status run();

  bool is_null(int col) const;
  std::int64_t i64(int col) const;
  double dbl(int col) const;
  std::string text(int col) const;
  std::string_view text_view(int col) const;  // valid until the next step()
  std::optional<std::int64_t> opt_i64(int col) const;
  std::optional<double> opt_dbl(int col) const;

 private:
  sqlite3_stmt* s_;
};

class Connection {
 public:
  // Opens the file; fails with the SQLite message and the path.
  static Result<std::unique_ptr<Connection>> open(const std::string& path, bool create, bool readonly);
  ~Connection();

  // A cached statement for a constant SQL string.
  Result<std::unique_ptr<Stmt>> prepare(const char* sql);
  // For SQL assembled from a fixed set of fragments (list filters): cached by
  // text, so the cache stays as small as the set of combinations.
  Result<std::unique_ptr<Stmt>> prepare_dynamic(const std::string& sql);
  Status exec(const char* sql);  // one or more statements without results
  std::int64_t last_insert_id() const;
  int changes() const;
  sqlite3* raw() { return db_; }
  std::string errmsg() const;

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  sqlite3* db_;
  std::unordered_map<const char*, sqlite3_stmt*> cache_;
  std::unordered_map<std::string, sqlite3_stmt*> dynamic_cache_;
};

}  // namespace loudong::store::sqlite
