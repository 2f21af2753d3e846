#include "store/postgres/db.h"

#include <libpq-fe.h>

#include <charconv>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "core/fault.h"

namespace loudong::store::postgres {
namespace {

constexpr Oid kByteaOid = 17;

int hex_value(char ch) {
  if (ch >= '0' && ch <= '9') return ch - '0';
  if (ch >= 'a' && ch <= 'f') return ch - 'a' + 10;
  if (ch >= 'A' && ch <= 'F') return ch - 'A' + 10;
  return -1;
}

// bytea in text results is "\x" and two hex digits a byte (bytea_output = hex,
// which the store sets on every connection).
std::string decode_bytea(std::string_view v) {
  std::string out;
  if (v.size() < 2 || v[0] != '\\' || v[1] != 'x') return std::string(v);
  out.reserve((v.size() - 2) / 2);
  for (std::size_t i = 2; i + 1 < v.size(); i += 2) {
    int hi = hex_value(v[i]), lo = hex_value(v[i + 1]);
    if (hi < 0 || lo < 0) break;
    out += static_cast<char>(hi * 16 + lo);
  }
  return out;
}

}  // namespace

Error error_of(PGresult* res, PGconn* conn, const std::string& sql) {
  const char* state = res ? PQresultErrorField(res, PG_DIAG_SQLSTATE) : nullptr;
  std::string msg = res ? PQresultErrorMessage(res) : "";
  if (msg.empty() && conn) msg = PQerrorMessage(conn);
  while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
  std::string code = state ? state : "";
  // 23505 unique_violation; 23P01 exclusion: the row exists already.
  if (code == "23505" || code == "23P01")
    return Error::conflict("already exists", "duplicate").with_log("postgresql constraint: " + msg);
  // 53100 disk_full, 53400 configuration_limit_exceeded (temp_file_limit):
  // the condition passes when space is freed, as on SQLite (sqlite/db.cpp).
  if (code == "53100" || code == "53400")
    return Error(ErrorKind::unavailable, "storage_full", "the server's storage is full; try again later")
        .with_log("postgresql: " + msg);
  // No SQLSTATE: libpq's own error, not the server's; all of those are about
  // the connection ("server closed the connection unexpectedly" while
  // PostgreSQL restarts, before libpq has marked the connection bad).
  if (code.empty()) return Error::unavailable("store busy, retry").with_log("postgresql: " + msg + " in: " + sql);
  // 40001 serialization_failure, 40P01 deadlock_detected, 55P03 lock_not_available,
  // class 08 connection exceptions, 57P01 admin_shutdown, 57P02 crash_shutdown,
  // 57P03 cannot_connect_now (starting up, in recovery), 53300
  // too_many_connections: worth a retry.
  if (code == "40001" || code == "40P01" || code == "55P03" || code.rfind("08", 0) == 0 || code == "57P01" ||
      code == "57P02" || code == "57P03" || code == "53300" || (conn && PQstatus(conn) != CONNECTION_OK))
    return Error::unavailable("store busy, retry").with_log("postgresql: " + msg);
  return Error::internal("postgresql: " + msg + " (" + code + ") in: " + sql);
}

Stmt::Stmt(Connection& c, const std::string* sql, int nparams) : c_(c), sql_(sql), params_(nparams) {}

Stmt::~Stmt() {
  if (res_) PQclear(res_);
}

Stmt& Stmt::bind(int i, std::int64_t v) {
  if (static_cast<int>(params_.size()) < i) params_.resize(i);
  params_[i - 1] = {std::to_string(v), false};
  return *this;
}
Stmt& Stmt::bind(int i, double v) {
  if (static_cast<int>(params_.size()) < i) params_.resize(i);
  char buf[32];
  std::snprintf(buf, sizeof buf, "%.17g", v);  // round-trips every double
  params_[i - 1] = {std::string(buf), false};
  return *this;
}
Stmt& Stmt::bind(int i, std::string_view v) {
  if (static_cast<int>(params_.size()) < i) params_.resize(i);
  params_[i - 1] = {std::string(v), false};
  return *this;
}
Stmt& Stmt::bind_blob(int i, std::string_view v) {
  if (static_cast<int>(params_.size()) < i) params_.resize(i);
  params_[i - 1] = {std::string(v), true};
  return *this;
}
Stmt& Stmt::bind_null(int i) {
  if (static_cast<int>(params_.size()) < i) params_.resize(i);
  params_[i - 1] = {std::nullopt, false};
  return *this;
}

Status Stmt::execute() {
  executed_ = true;
  // Test builds: the request's N-th statement fails as an I/O error would
  // (core/fault.h). Every transaction runs on the requesting thread here,
  // so its plan is the current one, for reads and writes alike.
  if (fault::hit())
    return Error::internal("postgresql statement failed: I/O error (injected by the test build's fault plan) in: " +
                           *sql_);
  const int n = static_cast<int>(params_.size());
  std::vector<const char*> values(n);
  std::vector<int> lengths(n), formats(n);
  std::vector<Oid> types(n);
  for (int i = 0; i < n; ++i) {
    const auto& p = params_[i];
    values[i] = p.value ? p.value->data() : nullptr;
    lengths[i] = p.value ? static_cast<int>(p.value->size()) : 0;
    formats[i] = p.binary ? 1 : 0;
    types[i] = p.binary ? kByteaOid : 0;
  }
  res_ = PQexecParams(c_.conn_, sql_->c_str(), n, types.data(), values.data(), lengths.data(), formats.data(), 0);
  ExecStatusType st = res_ ? PQresultStatus(res_) : PGRES_FATAL_ERROR;
  if (st != PGRES_TUPLES_OK && st != PGRES_COMMAND_OK) return error_of(res_, c_.conn_, *sql_);
  rows_ = st == PGRES_TUPLES_OK ? PQntuples(res_) : 0;
  const char* affected = PQcmdTuples(res_);
  changes_ = affected && *affected ? std::strtoll(affected, nullptr, 10) : 0;
  c_.changes_ = changes_;
  return {};
}

Result<bool> Stmt::step() {
  if (!executed_) LD_RETURN_IF_ERROR(execute());
  if (row_ + 1 >= rows_) {
    row_ = rows_;
    return false;
  }
  ++row_;
  decoded_.assign(static_cast<std::size_t>(PQnfields(res_)), std::nullopt);
  return true;
}

Status Stmt::run() {
  if (!executed_) LD_RETURN_IF_ERROR(execute());
  row_ = rows_;
  return {};
}

bool Stmt::is_null(int col) const { return PQgetisnull(res_, row_, col) != 0; }

std::int64_t Stmt::i64(int col) const {
  const char* v = PQgetvalue(res_, row_, col);
  if (!v || !*v) return 0;
  if (*v == 't') return 1;  // a boolean expression
  if (*v == 'f') return 0;
  return std::strtoll(v, nullptr, 10);
}

double Stmt::dbl(int col) const {
  const char* v = PQgetvalue(res_, row_, col);
  return v && *v ? std::strtod(v, nullptr) : 0.0;
}

std::string_view Stmt::text_view(int col) const {
  if (PQgetisnull(res_, row_, col)) return {};
  const char* v = PQgetvalue(res_, row_, col);
  std::string_view raw(v, static_cast<std::size_t>(PQgetlength(res_, row_, col)));
  if (PQftype(res_, col) != kByteaOid) return raw;
  auto& d = decoded_[static_cast<std::size_t>(col)];
  if (!d) d = decode_bytea(raw);
  return *d;
}

std::string Stmt::text(int col) const { return std::string(text_view(col)); }

std::optional<std::int64_t> Stmt::opt_i64(int col) const {
  if (is_null(col)) return std::nullopt;
  return i64(col);
}
std::optional<double> Stmt::opt_dbl(int col) const {
  if (is_null(col)) return std::nullopt;
  return dbl(col);
}

Result<std::unique_ptr<Connection>> Connection::open(const std::string& url) {
  PGconn* c = PQconnectdb(url.c_str());
  if (!c || PQstatus(c) != CONNECTION_OK) {
    std::string msg = c ? PQerrorMessage(c) : "out of memory";
    while (!msg.empty() && (msg.back() == '\n' || msg.back() == ' ')) msg.pop_back();
    PQfinish(c);
    return Error::unavailable("cannot connect to PostgreSQL").with_log("cannot connect to PostgreSQL: " + msg);
  }
  std::unique_ptr<Connection> conn(new Connection(c));
  // Notices (e.g. "extension already exists") are not errors: not printed.
  PQsetNoticeProcessor(c, [](void*, const char*) {}, nullptr);
  // Times are integers and text comparisons are bytewise in the schema;
  // these keep results independent of the server's defaults.
  LD_RETURN_IF_ERROR(conn->exec("SET bytea_output = 'hex'; SET client_encoding = 'UTF8'; SET TIME ZONE 'UTC'"));
  return conn;
}

Connection::~Connection() { PQfinish(conn_); }

bool Connection::broken() const { return PQstatus(conn_) != CONNECTION_OK; }

const Connection::Numbered& Connection::numbered(const std::string& sql) {
  auto it = by_text_.find(sql);
  if (it != by_text_.end()) return *it->second;
  auto n = std::make_unique<Numbered>();
  int next = 0;
  char quote = 0;
  for (std::size_t i = 0; i < sql.size(); ++i) {
    char ch = sql[i];
    if (quote) {
      if (ch == quote) quote = 0;
      n->sql += ch;
      continue;
    }
    if (ch == '\'' || ch == '"') {
      quote = ch;
      n->sql += ch;
      continue;
    }
    if (ch != '?') {
      n->sql += ch;
      continue;
    }
    // ?N names parameter N; a bare ? is the next one.
    std::size_t j = i + 1;
    int idx = 0;
    while (j < sql.size() && sql[j] >= '0' && sql[j] <= '9') idx = idx * 10 + (sql[j++] - '0');
    if (j == i + 1) idx = ++next;
    else next = std::max(next, idx);
    n->sql += '$' + std::to_string(idx);
    n->nparams = std::max(n->nparams, idx);
    i = j - 1;
  }
  return *by_text_.emplace(sql, std::move(n)).first->second;
}

Result<std::unique_ptr<Stmt>> Connection::prepare(const char* sql) {
  auto it = by_address_.find(sql);
  if (it == by_address_.end()) it = by_address_.emplace(sql, &numbered(sql)).first;
  return std::make_unique<Stmt>(*this, &it->second->sql, it->second->nparams);
}

Result<std::unique_ptr<Stmt>> Connection::prepare_dynamic(const std::string& sql) {
  const Numbered& n = numbered(sql);
  return std::make_unique<Stmt>(*this, &n.sql, n.nparams);
}

Status Connection::exec(const char* sql) {
  PGresult* r = PQexec(conn_, sql);
  ExecStatusType st = r ? PQresultStatus(r) : PGRES_FATAL_ERROR;
  Status out;
  if (st != PGRES_COMMAND_OK && st != PGRES_TUPLES_OK) out = error_of(r, conn_, sql);
  PQclear(r);
  return out;
}

std::int64_t Connection::last_insert_id() {
  PGresult* r = PQexec(conn_, "SELECT lastval()");
  std::int64_t id = 0;
  if (r && PQresultStatus(r) == PGRES_TUPLES_OK && PQntuples(r) == 1) id = std::strtoll(PQgetvalue(r, 0, 0), nullptr, 10);
  PQclear(r);
  return id;
}

}  // namespace loudong::store::postgres
