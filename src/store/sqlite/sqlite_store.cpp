// The SQLite store: WAL mode, one writer thread that commits transactions in
// groups (each caller's work in its own SAVEPOINT, one fsync per group), and
// a pool of reader connections that see committed snapshots.
//
// Group commit is what lets intake be both durable (synchronous=FULL: an
// acknowledged report survives power loss) and fast: N concurrent
// submissions cost one fsync, not N.
#include <fcntl.h>
#include <sqlite3.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include <condition_variable>
#include <deque>
#include <filesystem>
#include <future>
#include <mutex>
#include <thread>

#include "core/fault.h"
#include "store/sqlite/db.h"
#include "store/sqlite/migrations.h"
#include "store/sqlite/sqlite_tx.h"
#include "store/store.h"

namespace loudong::store {
namespace sqlite {
namespace {

// page_size applies to a database being created (later it changes nothing):
// 8 KB instead of SQLite's 4 KB writes an advisory import's ~1 KB records
// and its b-trees in fewer, fuller pages (520k records: 594 -> 556 MB, the
// writer thread 9.3 -> 8.2-8.9 s); 16 KB gave more to imports (writer 7.6-8.0 s)
// but took 17% off intake, whose small commits write whole pages to the WAL
// (docs/performance.md, "Import, third pass").
constexpr const char* kPragmas =
    "PRAGMA page_size = 8192; "
    "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL; PRAGMA foreign_keys = ON; "
    "PRAGMA temp_store = MEMORY; PRAGMA cache_size = -65536;";
constexpr const char* kCreateMigrations =
    "CREATE TABLE IF NOT EXISTS schema_migrations(version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)";
constexpr const char* kSelectVersion = "SELECT coalesce(max(version), 0) FROM schema_migrations";
constexpr const char* kInsertVersion =
    "INSERT INTO schema_migrations(version, applied_at) VALUES (?, CAST(strftime('%s','now') AS INTEGER) * 1000000)";

Result<int> apply_migrations(Connection& c) {
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
    LD_RETURN_IF_ERROR(c.exec("BEGIN IMMEDIATE"));
    Status st = c.exec(kMigrations[v - 1]);
    if (st.ok()) {
      auto s = c.prepare(kInsertVersion);
      if (!s.ok()) st = s.status();
      else st = (*s)->args(v).run();
    }
    if (st.ok() && v == kAccessChainVersion) st = SqliteTx(c).chain_access_backlog().status();
    if (!st.ok()) {
      (void)c.exec("ROLLBACK");
      return Error::internal("migration " + std::to_string(v) + " failed: " + st.error().log_message());
    }
    LD_RETURN_IF_ERROR(c.exec("COMMIT"));
  }
  return newest;
}

class SqliteStore final : public Store {
 public:
  SqliteStore(std::unique_ptr<Connection> writer, std::vector<std::unique_ptr<Connection>> readers, int version,
              int max_batch)
      : writer_(std::move(writer)), version_(version), max_batch_(max_batch) {
    for (auto& r : readers) idle_readers_.push_back(std::move(r));
    thread_ = std::thread([this] { writer_loop(); });
  }

  ~SqliteStore() override {
    {
      std::lock_guard lk(mu_);
      stopping_ = true;
    }
    cv_.notify_all();
    thread_.join();
  }

  Status backup(const std::string& path) override {
    // The copy holds everything the database does (sealed fields stay
    // sealed, but users, reports and the receipt log do not): it is created
    // here, empty and mode 0600 whatever the umask, before SQLite fills it
    // (VACUUM INTO accepts an empty file). O_EXCL: never over another file.
    int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
    if (fd < 0) {
      if (errno == EEXIST) return Error::conflict("backup target " + path + " already exists");
      return Error::internal("cannot create backup " + path + ": " + std::strerror(errno));
    }
    bool mode_ok = ::fchmod(fd, 0600) == 0;
    ::close(fd);
    if (!mode_ok) {
      std::filesystem::remove(path);
      return Error::internal("cannot set mode 0600 on backup " + path);
    }
    // VACUUM INTO reads one snapshot and writes a compact, consistent copy
    // while writers go on.
    std::string sql = "VACUUM INTO '";
    for (char ch : path) {
      if (ch == '\'') sql += "''";
      else sql += ch;
    }
    sql += "'";
    auto conn = take_reader();
    // VACUUM INTO writes only the target file, but query_only forbids it.
    Status st = conn->exec("PRAGMA query_only = OFF");
    if (st.ok()) st = conn->exec(sql.c_str());
    (void)conn->exec("PRAGMA query_only = ON");
    give_reader(std::move(conn));
    if (!st.ok()) {
      std::error_code ec;
      std::filesystem::remove(path, ec);  // no half-written copy left behind
      return Error::internal("backup to " + path + " failed: " + st.error().log_message());
    }
    return st;
  }

  int schema_version() const override { return version_; }
  std::string backend() const override { return "sqlite"; }

 protected:
  Status run_read(const std::function<Status(ReadTx&)>& fn) override {
    auto conn = take_reader();
    Status st = conn->exec("BEGIN");
    if (st.ok()) {
      SqliteTx tx(*conn);
      try {
        st = fn(tx);
      } catch (...) {
        (void)conn->exec("ROLLBACK");
        give_reader(std::move(conn));
        throw;
      }
      (void)conn->exec("COMMIT");
    }
    give_reader(std::move(conn));
    return st;
  }

  Status run_write(const std::function<Status(WriteTx&)>& fn) override {
    Job job{&fn, {}, {}, fault::current()};
    auto fut = job.done.get_future();
    {
      std::lock_guard lk(mu_);
      if (stopping_) return Error::unavailable("store is closing");
      queue_.push_back(&job);
    }
    cv_.notify_one();
    Status st = fut.get();
    if (job.exception) std::rethrow_exception(job.exception);
    return st;
  }

 private:
  struct Job {
    const std::function<Status(WriteTx&)>* fn;
    std::promise<Status> done;
    std::exception_ptr exception;
    fault::Plan* fault_plan;  // the requesting thread's (core/fault.h): the job's statements count against it
  };

  std::unique_ptr<Connection> take_reader() {
    std::unique_lock lk(readers_mu_);
    readers_cv_.wait(lk, [&] { return !idle_readers_.empty(); });
    auto c = std::move(idle_readers_.back());
    idle_readers_.pop_back();
    return c;
  }
  void give_reader(std::unique_ptr<Connection> c) {
    {
      std::lock_guard lk(readers_mu_);
      idle_readers_.push_back(std::move(c));
    }
    readers_cv_.notify_one();
  }

  void writer_loop() {
    for (;;) {
      std::vector<Job*> batch;
      {
        std::unique_lock lk(mu_);
        cv_.wait(lk, [&] { return stopping_ || !queue_.empty(); });
        if (queue_.empty() && stopping_) return;
        while (!queue_.empty() && static_cast<int>(batch.size()) < max_batch_) {
          batch.push_back(queue_.front());
          queue_.pop_front();
        }
      }
      commit_batch(batch);
    }
  }

  void commit_batch(const std::vector<Job*>& batch) {
    std::vector<Status> results(batch.size());
    Status begin = writer_->exec("BEGIN IMMEDIATE");
    if (!begin.ok()) {
      for (auto* j : batch) j->done.set_value(begin);
      return;
    }
    SqliteTx tx(*writer_);
    for (size_t i = 0; i < batch.size(); ++i) {
      (void)writer_->exec("SAVEPOINT job");
      try {
        fault::Scope faults(batch[i]->fault_plan);
        results[i] = (*batch[i]->fn)(tx);
      } catch (...) {
        batch[i]->exception = std::current_exception();
        results[i] = Error::internal("exception in write transaction");
      }
      if (!results[i].ok()) (void)writer_->exec("ROLLBACK TO job");
      (void)writer_->exec("RELEASE job");
    }
    Status commit = writer_->exec("COMMIT");
    if (!commit.ok()) {
      (void)writer_->exec("ROLLBACK");
      for (auto& r : results)
        if (r.ok()) r = commit;
    }
    for (size_t i = 0; i < batch.size(); ++i) batch[i]->done.set_value(results[i]);
  }

  std::unique_ptr<Connection> writer_;
  int version_;
  int max_batch_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Job*> queue_;
  bool stopping_ = false;
  std::thread thread_;
  std::mutex readers_mu_;
  std::condition_variable readers_cv_;
  std::vector<std::unique_ptr<Connection>> idle_readers_;
};

}  // namespace
}  // namespace sqlite

Result<std::unique_ptr<Store>> open_sqlite_store(const SqliteOptions& o) {
  using sqlite::Connection;
  // No memory statistics (nothing reads them): with them every allocation
  // SQLite makes takes a global mutex, ~5% of the import's writer thread.
  // Settable only before SQLite initialises; later calls change nothing.
  static const int no_memstatus = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  (void)no_memstatus;
  LD_ASSIGN_OR_RETURN(auto writer, Connection::open(o.path, o.create_if_missing, false));
  LD_RETURN_IF_ERROR(writer->exec(sqlite::kPragmas));
  LD_ASSIGN_OR_RETURN(int version, sqlite::apply_migrations(*writer));
  std::vector<std::unique_ptr<Connection>> readers;
  for (int i = 0; i < std::max(1, o.read_connections); ++i) {
    LD_ASSIGN_OR_RETURN(auto r, Connection::open(o.path, false, false));
    LD_RETURN_IF_ERROR(r->exec("PRAGMA query_only = ON; PRAGMA cache_size = -65536; PRAGMA temp_store = MEMORY;"));
    readers.push_back(std::move(r));
  }
  return std::unique_ptr<Store>(
      new sqlite::SqliteStore(std::move(writer), std::move(readers), version, std::max(1, o.max_batch)));
}

Result<int> migrate_sqlite(const std::string& path) {
  LD_ASSIGN_OR_RETURN(auto c, sqlite::Connection::open(path, true, false));
  LD_RETURN_IF_ERROR(c->exec(sqlite::kPragmas));
  return sqlite::apply_migrations(*c);
}

}  // namespace loudong::store
