#include "store/sqlite/db.h"

#include <sqlite3.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/statvfs.h>

#include <cstdint>
#include <filesystem>
#include <memory>

#include "core/fault.h"

namespace loudong::store::sqlite {

namespace {

// Whether the database's files have no room to grow: the file system is
// (nearly) full, or the database or its WAL reached the process's file-size
// limit (ulimit -f). SQLite reports a write refused for the limit (EFBIG) as
// a plain write error, and the errno it keeps is not that write's, so the
// room is looked at instead.
bool out_of_room(sqlite3* db) {
  const char* file = sqlite3_db_filename(db, "main");
  if (!file || !*file) return false;
  constexpr std::uint64_t kSlack = 64 * 1024;  // less than one commit of a report
  std::string dir = std::filesystem::path(file).parent_path().string();
  struct statvfs fs {};
  if (statvfs(dir.empty() ? "." : dir.c_str(), &fs) == 0 &&
      static_cast<std::uint64_t>(fs.f_bavail) * fs.f_frsize < kSlack)
    return true;
  struct rlimit lim {};
  if (getrlimit(RLIMIT_FSIZE, &lim) != 0 || lim.rlim_cur == RLIM_INFINITY) return false;
  for (const std::string& p : {std::string(file), std::string(file) + "-wal"}) {
    struct stat st {};
    if (stat(p.c_str(), &st) == 0 && static_cast<std::uint64_t>(st.st_size) + kSlack >= lim.rlim_cur) return true;
  }
  return false;
}

// The error of a failed step or exec, by SQLite's code: another process
// holding the write lock past busy_timeout and a full disk are conditions
// that pass, so 503 (retry later), never a 500 that reads as a bug. A full
// disk shows as SQLITE_FULL (ENOSPC) or as a write error with no room left.
Error failure(sqlite3* db, int rc, const char* op, const std::string& msg, const std::string& where) {
  int primary = rc & 0xff;
  if (primary == SQLITE_BUSY || primary == SQLITE_LOCKED)
    return Error::unavailable("store busy, retry").with_log("sqlite: " + msg + where);
  int sys = sqlite3_system_errno(db);
  if (primary == SQLITE_FULL || (rc == SQLITE_IOERR_WRITE && out_of_room(db)))
    return Error(ErrorKind::unavailable, "storage_full", "the server's storage is full; try again later")
        .with_log("sqlite: " + msg + " (code " + std::to_string(rc) + ")" + where);
  return Error::internal(std::string("sqlite ") + op + " failed: " + msg + " (code " + std::to_string(rc) + ", errno " +
                         std::to_string(sys) + ")" + where);
}

}  // namespace

Stmt::~Stmt() {
  sqlite3_reset(s_);
  sqlite3_clear_bindings(s_);
}

Stmt& Stmt::bind(int i, std::int64_t v) {
  sqlite3_bind_int64(s_, i, v);
  return *this;
}
Stmt& Stmt::bind(int i, double v) {
  sqlite3_bind_double(s_, i, v);
  return *this;
}
Stmt& Stmt::bind(int i, std::string_view v) {
  sqlite3_bind_text(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  return *this;
}
Stmt& Stmt::bind_blob(int i, std::string_view v) {
  sqlite3_bind_blob(s_, i, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  return *this;
}
Stmt& Stmt::bind_null(int i) {
  sqlite3_bind_null(s_, i);
  return *this;
}

Result<bool> Stmt::step() {
  if (fault::hit())
    return Error::internal("sqlite step failed: disk I/O error (injected by the test build's fault plan) in: " +
                           std::string(sqlite3_sql(s_)));
  int rc = sqlite3_step(s_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  sqlite3* db = sqlite3_db_handle(s_);
  std::string msg = sqlite3_errmsg(db);
  if (rc == SQLITE_CONSTRAINT || sqlite3_extended_errcode(db) == SQLITE_CONSTRAINT_UNIQUE)
    return Error::conflict("already exists", "duplicate").with_log("sqlite constraint: " + msg);
  return failure(db, rc, "step", msg, std::string(" in: ") + sqlite3_sql(s_));
}

Status Stmt::run() {
  for (;;) {
    auto r = step();
    if (!r.ok()) return std::move(r).error();
    if (!*r) return {};
  }
}

bool Stmt::is_null(int c) const { return sqlite3_column_type(s_, c) == SQLITE_NULL; }
std::int64_t Stmt::i64(int c) const { return sqlite3_column_int64(s_, c); }
double Stmt::dbl(int c) const { return sqlite3_column_double(s_, c); }
std::string_view Stmt::text_view(int c) const {
  const void* p = sqlite3_column_blob(s_, c);
  int n = sqlite3_column_bytes(s_, c);
  return p ? std::string_view(static_cast<const char*>(p), static_cast<std::size_t>(n)) : std::string_view();
}
std::string Stmt::text(int c) const {
  const void* p = sqlite3_column_blob(s_, c);
  int n = sqlite3_column_bytes(s_, c);
  return p ? std::string(static_cast<const char*>(p), static_cast<size_t>(n)) : std::string();
}
std::optional<std::int64_t> Stmt::opt_i64(int c) const {
  if (is_null(c)) return std::nullopt;
  return i64(c);
}
std::optional<double> Stmt::opt_dbl(int c) const {
  if (is_null(c)) return std::nullopt;
  return dbl(c);
}

Result<std::unique_ptr<Connection>> Connection::open(const std::string& path, bool create, bool readonly) {
  sqlite3* db = nullptr;
  int flags = (readonly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE) | (create && !readonly ? SQLITE_OPEN_CREATE : 0) |
              SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close(db);
    return Error::internal("cannot open database " + path + ": " + msg);
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, 5000);
  return std::unique_ptr<Connection>(new Connection(db));
}

Connection::~Connection() {
  for (auto& [k, s] : cache_) sqlite3_finalize(s);
  for (auto& [k, s] : dynamic_cache_) sqlite3_finalize(s);
  sqlite3_close(db_);
}

Result<std::unique_ptr<Stmt>> Connection::prepare(const char* sql) {
  auto it = cache_.find(sql);
  if (it == cache_.end()) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v3(db_, sql, -1, SQLITE_PREPARE_PERSISTENT, &s, nullptr) != SQLITE_OK)
      return Error::internal(std::string("sqlite prepare failed: ") + sqlite3_errmsg(db_) + " in: " + sql);
    it = cache_.emplace(sql, s).first;
  }
  return std::make_unique<Stmt>(it->second);
}

Result<std::unique_ptr<Stmt>> Connection::prepare_dynamic(const std::string& sql) {
  auto it = dynamic_cache_.find(sql);
  if (it == dynamic_cache_.end()) {
    sqlite3_stmt* s = nullptr;
    if (sqlite3_prepare_v3(db_, sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &s, nullptr) != SQLITE_OK)
      return Error::internal(std::string("sqlite prepare failed: ") + sqlite3_errmsg(db_) + " in: " + sql);
    it = dynamic_cache_.emplace(sql, s).first;
  }
  return std::make_unique<Stmt>(it->second);
}

Status Connection::exec(const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db_, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string msg = err ? err : "unknown";
    sqlite3_free(err);
    return failure(db_, sqlite3_extended_errcode(db_), "exec", msg, "");
  }
  return {};
}

std::int64_t Connection::last_insert_id() const { return sqlite3_last_insert_rowid(db_); }
int Connection::changes() const { return sqlite3_changes(db_); }
std::string Connection::errmsg() const { return sqlite3_errmsg(db_); }

}  // namespace loudong::store::sqlite
