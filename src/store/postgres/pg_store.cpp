// The PostgreSQL store: a small pool of connections, each transaction on
// one of them between BEGIN and COMMIT.
//
// Writes are serialised across every loudong process on the database by a
// transaction-scoped advisory lock taken first thing in each write
// (pg_advisory_xact_lock, released by COMMIT or ROLLBACK). That gives the
// SQLite backend's semantics exactly (one writer at a time; each write sees
// every write committed before it), so the services' read-then-write steps
// stay correct without retries. In particular the receipt log's hash chain
// cannot fork: the write that appends reads the last record under the lock,
// in READ COMMITTED, so it sees the record the previous writer committed.
// Reads run in REPEATABLE READ READ ONLY transactions: one snapshot for the
// whole function, as SQLite's read transactions give, and never blocked by
// the writer.
#include <condition_variable>
#include <mutex>
#include <vector>

#include "store/postgres/db.h"
#include "store/postgres/dump.h"
#include "store/postgres/migrations.h"
#include "store/postgres/pg_tx.h"
#include "store/store.h"

namespace loudong::store {
namespace postgres {
namespace {

// Advisory lock keys (any bigint; these spell "ldwrite" and "ldmigr").
constexpr const char* kBeginWrite = "BEGIN ISOLATION LEVEL READ COMMITTED; SELECT pg_advisory_xact_lock(7234315706517097)";
constexpr const char* kBeginRead = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY";
constexpr const char* kCommit = "COMMIT";
constexpr const char* kRollback = "ROLLBACK";
constexpr const char* kLockMigrations = "SELECT pg_advisory_lock(7234315703987570)";
constexpr const char* kUnlockMigrations = "SELECT pg_advisory_unlock(7234315703987570)";
constexpr const char* kCreateMigrations =
    "CREATE TABLE IF NOT EXISTS schema_migrations(version BIGINT PRIMARY KEY, applied_at BIGINT NOT NULL)";
constexpr const char* kSelectVersion = "SELECT coalesce(max(version), 0) FROM schema_migrations";
constexpr const char* kInsertVersion =
    "INSERT INTO schema_migrations(version, applied_at) "
    "VALUES (?, (extract(epoch FROM clock_timestamp()) * 1000000)::bigint)";

Result<int> apply_migrations(Connection& c) {
  // Several processes may start at once on one database: one migrates, the
  // others wait here and then find nothing left to do.
  LD_RETURN_IF_ERROR(c.exec(kLockMigrations));
  auto migrate = [&]() -> Result<int> {
    LD_RETURN_IF_ERROR(c.exec(kCreateMigrations));
    int version = 0;
    {
      LD_ASSIGN_OR_RETURN(auto s, c.prepare(kSelectVersion));
      LD_ASSIGN_OR_RETURN(bool row, s->step());
      if (row) version = static_cast<int>(s->i64(0));
    }
    int newest = static_cast<int>(kMigrations.size());
    if (version > newest)
      return Error::internal("database schema version " + std::to_string(version) +
                             " is newer than this loudong understands (" + std::to_string(newest) +
                             "); run a newer loudong");
    for (int v = version + 1; v <= newest; ++v) {
      LD_RETURN_IF_ERROR(c.exec("BEGIN"));
      Status st = c.exec(kMigrations[v - 1]);
      if (st.ok()) {
        auto s = c.prepare(kInsertVersion);
        if (!s.ok()) st = s.status();
        else st = (*s)->args(v).run();
      }
      if (st.ok() && v == kAccessChainVersion) st = PgTx(c).chain_access_backlog().status();
      if (!st.ok()) {
        (void)c.exec(kRollback);
        return Error::internal("postgresql migration " + std::to_string(v) + " failed: " + st.error().log_message());
      }
      LD_RETURN_IF_ERROR(c.exec(kCommit));
    }
    return newest;
  };
  auto out = migrate();
  (void)c.exec(kUnlockMigrations);
  return out;
}

class PgStore final : public Store {
 public:
  PgStore(std::string url, std::vector<std::unique_ptr<Connection>> pool, int version)
      : url_(std::move(url)), version_(version), idle_(std::move(pool)) {}

  Status backup(const std::string& path) override { return dump_to(url_, path); }
  int schema_version() const override { return version_; }
  std::string backend() const override { return "postgresql"; }

 protected:
  Status run_read(const std::function<Status(ReadTx&)>& fn) override {
    return in_transaction(kBeginRead, [&](Connection& c) {
      PgTx tx(c);
      return fn(tx);
    });
  }

  Status run_write(const std::function<Status(WriteTx&)>& fn) override {
    return in_transaction(kBeginWrite, [&](Connection& c) {
      PgTx tx(c);
      return fn(tx);
    });
  }

 private:
  template <class F>
  Status in_transaction(const char* begin, F&& body) {
    LD_ASSIGN_OR_RETURN(auto conn, take());
    Status st = conn->exec(begin);
    if (!st.ok() && (conn->broken() || st.error().kind() == ErrorKind::unavailable)) {
      // An idle connection looks fine until used: after PostgreSQL restarted
      // every pooled one fails its first BEGIN (libpq may not even mark it
      // bad yet). Nothing ran on it, so one fresh connection is tried
      // before the request is refused.
      auto fresh = Connection::open(url_);
      if (fresh.ok()) {
        conn = std::move(*fresh);
        st = conn->exec(begin);
      }
    }
    if (!st.ok()) {
      give(std::move(conn));
      return st;
    }
    try {
      st = body(*conn);
    } catch (...) {
      (void)conn->exec(kRollback);
      give(std::move(conn));
      throw;
    }
    if (st.ok()) {
      // A failed COMMIT (the server went away) leaves nothing committed
      // that the caller is told about.
      Status commit = conn->exec(kCommit);
      if (!commit.ok()) st = commit;
    } else {
      (void)conn->exec(kRollback);
    }
    give(std::move(conn));
    return st;
  }

  // An idle connection; a broken one (server restarted) is replaced.
  Result<std::unique_ptr<Connection>> take() {
    std::unique_ptr<Connection> c;
    {
      std::unique_lock lk(mu_);
      cv_.wait(lk, [&] { return !idle_.empty(); });
      c = std::move(idle_.back());
      idle_.pop_back();
    }
    if (c && !c->broken()) return c;
    auto fresh = Connection::open(url_);
    if (!fresh.ok()) {
      give(nullptr);  // keeps the slot: the next caller tries again
      return std::move(fresh).error();
    }
    return std::move(*fresh);
  }
  void give(std::unique_ptr<Connection> c) {
    {
      std::lock_guard lk(mu_);
      idle_.push_back(std::move(c));
    }
    cv_.notify_one();
  }

  std::string url_;
  int version_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Connection>> idle_;  // null: a slot to reconnect
};

}  // namespace
}  // namespace postgres

bool is_postgres_url(const std::string& url) {
  return url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0;
}

Result<std::unique_ptr<Store>> open_postgres_store(const PostgresOptions& o) {
  using postgres::Connection;
  if (!is_postgres_url(o.url))
    return Error::invalid("storage.url must start with postgresql:// or postgres://");
  LD_ASSIGN_OR_RETURN(auto first, Connection::open(o.url));
  LD_ASSIGN_OR_RETURN(int version, postgres::apply_migrations(*first));
  std::vector<std::unique_ptr<Connection>> pool;
  pool.push_back(std::move(first));
  for (int i = 1; i < std::max(1, o.connections); ++i) {
    LD_ASSIGN_OR_RETURN(auto c, Connection::open(o.url));
    pool.push_back(std::move(c));
  }
  return std::unique_ptr<Store>(new postgres::PgStore(o.url, std::move(pool), version));
}

Result<int> migrate_postgres(const std::string& url) {
  if (!is_postgres_url(url)) return Error::invalid("storage.url must start with postgresql:// or postgres://");
  LD_ASSIGN_OR_RETURN(auto c, postgres::Connection::open(url));
  return postgres::apply_migrations(*c);
}

}  // namespace loudong::store
