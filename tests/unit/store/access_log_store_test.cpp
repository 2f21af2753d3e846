// The access log's hash chain on both backends: entries appended in one
// chain, an entry edited in the database found, many writers (two store
// handles on PostgreSQL, as two processes) never fork it, and entries
// written before the chain existed are chained by the migration.
#include <libpq-fe.h>
#include <sqlite3.h>

#include <thread>

#include <gtest/gtest.h>

#include "store/postgres/migrations.h"
#include "store/sqlite/migrations.h"
#include "temp_store.h"

namespace loudong::store {
namespace {

using namespace domain;

Time t0() { return from_micros(1'700'000'000'000'000); }

class AccessLogStoreTest : public TempStoreTest {
 protected:
  // Runs SQL on the database directly, as someone with the database's
  // credentials would (not through loudong); "" when it worked.
  std::string raw(const std::string& sql) {
    std::string err;
    if (GetParam() == test::Backend::sqlite) {
      sqlite3* db = nullptr;
      if (sqlite3_open(where_.c_str(), &db) != SQLITE_OK) err = "open failed";
      char* msg = nullptr;
      if (err.empty() && sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &msg) != SQLITE_OK) err = msg ? msg : "exec";
      sqlite3_free(msg);
      sqlite3_close(db);
      return err;
    }
    PGconn* c = PQconnectdb(where_.c_str());
    PGresult* r = PQexec(c, sql.c_str());
    if (PQresultStatus(r) != PGRES_COMMAND_OK) err = PQresultErrorMessage(r);
    PQclear(r);
    PQfinish(c);
    return err;
  }
  static Status append(Store& s, int i) {
    return s.write([&](WriteTx& tx) -> Status {
      AccessEntry e;
      e.at = t0() + std::chrono::seconds(i);
      e.user_id = 7;
      e.actor_name = "alice";
      e.action = "read_confidential";
      e.object_type = "report";
      e.object_id = i;
      e.detail = "verification";
      e.request_id = "req-" + std::to_string(i);
      return tx.insert_access(e).status();
    });
  }
  ChainVerifier verify() {
    ChainVerifier v({}, "entry");
    auto st = store_->read([&](ReadTx& tx) {
      return tx.scan_access_log([&](const AccessEntry& e) {
        if (e.seq == 0) v.fail(v.head_seq() + 1, "unchained");
        return v.ok() && v.add(e);
      });
    });
    EXPECT_TRUE(st.ok()) << st.error().log_message();
    return v;
  }
};

TEST_P(AccessLogStoreTest, AppendsOneChainAndFindsAnEditedEntry) {
  EXPECT_EQ(verify().head_hash(), kGenesisHash);
  for (int i = 1; i <= 5; ++i) ASSERT_TRUE(append(*store_, i).ok());
  auto v = verify();
  EXPECT_TRUE(v.ok()) << v.problem();
  EXPECT_EQ(v.checked(), 5);
  auto head = store_->read([](ReadTx& tx) { return tx.access_head(); });
  ASSERT_TRUE(head.ok());
  EXPECT_EQ(head->seq, 5);
  EXPECT_EQ(head->hash, v.head_hash());
  auto page = store_->read([](ReadTx& tx) { return tx.access_log({}); });
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->items.front().seq, 5);
  EXPECT_EQ(page->items.front().prev_hash, page->items[1].hash);

  // The database refuses to change or remove an entry (migration 21 / 13)...
  EXPECT_NE(raw("UPDATE access_log SET actor_name = 'mallory' WHERE seq = 3").find("append-only"), std::string::npos);
  EXPECT_NE(raw("DELETE FROM access_log WHERE seq = 4").find("append-only"), std::string::npos);
  EXPECT_NE(raw("UPDATE access_log SET seq = 40 WHERE seq = 4").find("append-only"), std::string::npos);
  EXPECT_TRUE(verify().ok());
  // ...so someone with the database drops the guard first, then edits entry
  // 3: the chain breaks there.
  ASSERT_EQ(raw(GetParam() == test::Backend::sqlite
                    ? "DROP TRIGGER access_log_append_only; DROP TRIGGER access_log_no_delete"
                    : "DROP TRIGGER access_log_append_only ON access_log"),
            "");
  ASSERT_EQ(raw("UPDATE access_log SET actor_name = 'mallory' WHERE seq = 3"), "");
  v = verify();
  EXPECT_FALSE(v.ok());
  EXPECT_EQ(v.broken_seq(), 3);
  EXPECT_NE(v.problem().find("entry 3 was altered"), std::string::npos) << v.problem();

  // Put back, then remove entry 4: the gap is named.
  ASSERT_EQ(raw("UPDATE access_log SET actor_name = 'alice' WHERE seq = 3"), "");
  EXPECT_TRUE(verify().ok());
  ASSERT_EQ(raw("DELETE FROM access_log WHERE seq = 4"), "");
  v = verify();
  EXPECT_EQ(v.broken_seq(), 4);
  EXPECT_NE(v.problem().find("entry 4 is missing"), std::string::npos) << v.problem();
}

// Several writers at once, on PostgreSQL through two store handles (two
// connection pools, as two loudong processes): one chain, no fork, no gap.
TEST_P(AccessLogStoreTest, ConcurrentWritersNeverForkTheChain) {
  auto other = test::TestDb::open_at(GetParam(), where_);
  ASSERT_TRUE(other.ok()) << other.error().log_message();
  constexpr int kThreads = 8, kEach = 25;
  std::atomic<int> failed{0};
  std::vector<std::thread> ts;
  for (int t = 0; t < kThreads; ++t)
    ts.emplace_back([&, t] {
      Store& s = t % 2 ? **other : *store_;
      for (int i = 0; i < kEach; ++i)
        if (!append(s, t * kEach + i).ok()) ++failed;
    });
  for (auto& t : ts) t.join();
  EXPECT_EQ(failed.load(), 0);
  auto v = verify();
  EXPECT_TRUE(v.ok()) << v.problem();
  EXPECT_EQ(v.checked(), kThreads * kEach);
  EXPECT_EQ(v.head_seq(), kThreads * kEach);
}

// An upgraded deployment: entries written before the chain (no seq) are
// chained in id order when the migration runs, after which the log verifies
// and new entries follow them.
TEST_P(AccessLogStoreTest, MigrationChainsEntriesWrittenBefore) {
  const bool pg = GetParam() == test::Backend::postgresql;
  const int version = pg ? postgres::kAccessChainVersion : sqlite::kAccessChainVersion;
  store_.reset();
  // A new database at the schema before the chain (the earlier migrations
  // applied as they are), with three entries in it; opening it runs the
  // chain's migration and every later one.
  auto before_chain = db_.location(GetParam(), dir_, "before-chain.sqlite");
  ASSERT_TRUE(before_chain.ok()) << before_chain.error().log_message();
  where_ = *before_chain;
  std::string setup = "CREATE TABLE schema_migrations(version BIGINT PRIMARY KEY, applied_at BIGINT NOT NULL);\n";
  for (int v = 1; v < version; ++v)
    setup += std::string(pg ? postgres::kMigrations[v - 1] : sqlite::kMigrations[v - 1]) +
             ";\nINSERT INTO schema_migrations VALUES (" + std::to_string(v) + ", 0);\n";
  for (int i = 1; i <= 3; ++i)
    setup += "INSERT INTO access_log(at, user_id, actor_name, action, object_type, object_id) VALUES (" +
             std::to_string(1'700'000'000'000'000LL + i) + ", 1, 'old', 'export', 'report', " + std::to_string(i) + "); ";
  ASSERT_EQ(raw(setup), "");
  auto s = test::TestDb::open_at(GetParam(), where_);
  ASSERT_TRUE(s.ok()) << s.error().log_message();
  store_ = std::move(*s);
  auto v = verify();
  EXPECT_TRUE(v.ok()) << v.problem();
  EXPECT_EQ(v.checked(), 3);
  ASSERT_TRUE(append(*store_, 4).ok());
  v = verify();
  EXPECT_TRUE(v.ok()) << v.problem();
  EXPECT_EQ(v.checked(), 4);
  // An entry inserted outside loudong, without a link, is named.
  ASSERT_EQ(raw("INSERT INTO access_log(at, actor_name, action, object_type, object_id) VALUES (1, 'x', 'x', 'x', 1)"), "");
  EXPECT_FALSE(verify().ok());
}

INSTANTIATE_TEST_SUITE_P(Backends, AccessLogStoreTest, test::kBackends, test::backend_name);

}  // namespace
}  // namespace loudong::store
