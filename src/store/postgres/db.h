// A thin RAII layer over one libpq connection, shaped like the SQLite
// backend's (store/sqlite/db.h) so the transaction code reads the same:
// bind parameters by position, step through rows, read columns.
//
// Placeholders: this backend's SQL constants are written with `?` (and `?N`)
// like SQLite's, so the list-filter builders (Where) stay one code path;
// prepare() numbers them as PostgreSQL's $1, $2, ... (outside quoted text),
// once per distinct SQL text (cached).
//
// Values travel as text, the server inferring each parameter's type from
// its use; blobs (sealed values, advisory records) travel as binary bytea
// both ways, because text may not hold NUL bytes.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.h"

struct pg_conn;
struct pg_result;

namespace loudong::store::postgres {

class Connection;

class Stmt {
 public:
  Stmt(Connection& c, const std::string* sql, int nparams);
  ~Stmt();
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
  template <class... A>
  Stmt& args(const A&... a) {
    int i = 0;
    (bind(++i, a), ...);
    return *this;
  }

  // The statement runs at the first step(); rows are then read from its
  // result one by one. true with a row, false when done.
  Result<bool> step();
  Status run();
  // Rows changed by the statement (after run() or the first step()).
  std::int64_t changes() const { return changes_; }

  bool is_null(int col) const;
  std::int64_t i64(int col) const;
  double dbl(int col) const;
  std::string text(int col) const;  // bytea columns decoded to their bytes
  std::string_view text_view(int col) const;
  std::optional<std::int64_t> opt_i64(int col) const;
  std::optional<double> opt_dbl(int col) const;

 private:
  struct Param {
    std::optional<std::string> value;
    bool binary = false;
  };
  Status execute();

  Connection& c_;
  const std::string* sql_;
  std::vector<Param> params_;
  pg_result* res_ = nullptr;
  bool executed_ = false;
  int row_ = -1, rows_ = 0;
  std::int64_t changes_ = 0;
  mutable std::vector<std::optional<std::string>> decoded_;  // bytea columns of the current row
};

class Connection {
 public:
  // Connects with a libpq URI or keyword string; fails naming the cause.
  static Result<std::unique_ptr<Connection>> open(const std::string& url);
  ~Connection();

  // A statement for a constant SQL string (numbered once, cached).
  Result<std::unique_ptr<Stmt>> prepare(const char* sql);
  Result<std::unique_ptr<Stmt>> prepare_dynamic(const std::string& sql);
  // One or more statements without parameters or results.
  Status exec(const char* sql);
  Status exec(const std::string& sql) { return exec(sql.c_str()); }
  // The id the last INSERT into a table with an identity column took.
  std::int64_t last_insert_id();
  // Rows changed by the last statement run on this connection.
  int changes() const { return static_cast<int>(changes_); }
  bool broken() const;
  pg_conn* raw() { return conn_; }

 private:
  friend class Stmt;
  explicit Connection(pg_conn* c) : conn_(c) {}
  pg_conn* conn_;
  struct Numbered {
    std::string sql;
    int nparams = 0;
  };
  const Numbered& numbered(const std::string& sql);
  std::unordered_map<const char*, const Numbered*> by_address_;
  std::unordered_map<std::string, std::unique_ptr<Numbered>> by_text_;
  std::int64_t changes_ = 0;
};

// An Error for a failed libpq result: unique violations are conflicts,
// serialization failures and lost connections are "busy, retry".
Error error_of(pg_result* res, pg_conn* conn, const std::string& sql);

}  // namespace loudong::store::postgres
