// The store backends the unit tests run on: SQLite always, PostgreSQL when
// LOUDONG_TEST_PG_URL names a server (scripts/run-tests.sh starts one and
// sets it; see scripts/test-postgres.sh). A suite takes the backend as its
// gtest parameter:
//
//   class MyTest : public ::testing::TestWithParam<test::Backend> { ... };
//   store_ = db_.open(GetParam(), dir_).value();   // a fresh, empty store
//   INSTANTIATE_TEST_SUITE_P(Backends, MyTest, test::kBackends, test::backend_name);
//
// Each open() on PostgreSQL creates a database of its own (dropped when the
// TestDb goes), so tests never see each other's rows.
#pragma once

#include <libpq-fe.h>
#include <unistd.h>

#include <atomic>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "store/store.h"

namespace loudong::store::test {

enum class Backend { sqlite, postgresql };

inline const auto kBackends = ::testing::Values(Backend::sqlite, Backend::postgresql);

inline std::string backend_name(const ::testing::TestParamInfo<Backend>& info) {
  return info.param == Backend::sqlite ? "sqlite" : "postgresql";
}

// The PostgreSQL server of the tests, or "" when none is configured.
inline std::string pg_admin_url() {
  const char* u = std::getenv("LOUDONG_TEST_PG_URL");
  return u ? u : "";
}

// `url` with its database name replaced (postgresql://[user@][host][/db][?params]).
inline std::string with_database(const std::string& url, const std::string& db) {
  auto scheme = url.find("://");
  if (scheme == std::string::npos) return url;
  auto query = url.find('?', scheme + 3);
  auto slash = url.find('/', scheme + 3);
  std::string head = url.substr(0, std::min(slash, query == std::string::npos ? url.size() : query));
  std::string tail = query == std::string::npos ? "" : url.substr(query);
  return head + "/" + db + tail;
}

// Runs one statement on the server's admin database; "" when it worked.
inline std::string pg_admin(const std::string& sql) {
  PGconn* c = PQconnectdb(pg_admin_url().c_str());
  std::string err;
  if (PQstatus(c) != CONNECTION_OK) {
    err = PQerrorMessage(c);
  } else {
    PGresult* r = PQexec(c, sql.c_str());
    if (PQresultStatus(r) != PGRES_COMMAND_OK) err = PQresultErrorMessage(r);
    PQclear(r);
  }
  PQfinish(c);
  return err;
}

class TestDb {
 public:
  TestDb() = default;
  TestDb(const TestDb&) = delete;
  TestDb& operator=(const TestDb&) = delete;
  ~TestDb() {
    for (const auto& db : databases_) (void)pg_admin("DROP DATABASE IF EXISTS " + db + " WITH (FORCE)");
  }

  // Whether the backend can run here; PostgreSQL needs LOUDONG_TEST_PG_URL.
  static bool available(Backend b) { return b == Backend::sqlite || !pg_admin_url().empty(); }

  // A new empty database's URL (PostgreSQL), or the SQLite file in dir.
  Result<std::string> location(Backend b, const std::filesystem::path& dir, const std::string& name = "db.sqlite") {
    if (b == Backend::sqlite) return (dir / name).string();
    static std::atomic<int> counter{0};
    std::string db = "ld_t" + std::to_string(::getpid()) + "_" + std::to_string(counter++);
    if (auto err = pg_admin("CREATE DATABASE " + db); !err.empty())
      return Error::unavailable("cannot create test database").with_log(err);
    databases_.push_back(db);
    return with_database(pg_admin_url(), db);
  }

  // A fresh store of the backend.
  Result<std::unique_ptr<Store>> open(Backend b, const std::filesystem::path& dir) {
    LD_ASSIGN_OR_RETURN(std::string where, location(b, dir));
    return open_at(b, where);
  }

  // The store at a location from location() (again, or a second handle).
  static Result<std::unique_ptr<Store>> open_at(Backend b, const std::string& where) {
    if (b == Backend::sqlite) return open_sqlite_store({where});
    PostgresOptions o;
    o.url = where;
    return open_postgres_store(o);
  }

 private:
  std::vector<std::string> databases_;
};

// In SetUp(): skips the PostgreSQL variant when no server is configured.
#define LD_REQUIRE_BACKEND(b)                                                                 \
  do {                                                                                        \
    if (!::loudong::store::test::TestDb::available(b))                                        \
      GTEST_SKIP() << "LOUDONG_TEST_PG_URL is not set (scripts/run-tests.sh sets it)";        \
  } while (0)

}  // namespace loudong::store::test
