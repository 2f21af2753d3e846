// SQLite only: a store made by an earlier loudong (schema 3: advisories in
// a WITHOUT ROWID table, aliases and packages in their own tables) is
// migrated on open, and its advisories stay readable, searchable and
// replaceable.
#include <sqlite3.h>

#include <filesystem>

#include <gtest/gtest.h>

#include "store/sqlite/migrations.h"
#include "store/store.h"

namespace loudong::store {
namespace {

namespace fs = std::filesystem;

void exec(sqlite3* db, const std::string& sql) {
  char* err = nullptr;
  int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
  ASSERT_EQ(rc, SQLITE_OK) << (err ? err : "") << "\n" << sql;
}

TEST(SqliteMigration, AdvisoriesOfSchema3MoveToTheBulkLayout) {
  fs::path dir = fs::temp_directory_path() / ("loudong-mig-" + std::to_string(::getpid()));
  fs::remove_all(dir);
  fs::create_directories(dir);
  std::string path = (dir / "db.sqlite").string();
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    exec(db, "CREATE TABLE schema_migrations(version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)");
    for (int v = 1; v <= 3; ++v) {
      exec(db, sqlite::kMigrations[v - 1]);
      exec(db, "INSERT INTO schema_migrations VALUES (" + std::to_string(v) + ", 0)");
    }
    // As loudong of schema 3 wrote them: compact JSON records, uncompressed.
    exec(db, R"SQL(
      INSERT INTO advisories VALUES ('GO-2021-0001', 'osv', 1000, NULL, 'first', '{"id":"GO-2021-0001"}');
      INSERT INTO advisories VALUES ('GHSA-aaaa-bbbb-cccc', 'osv', 2000, 3000, 'second', '{"id":"GHSA-aaaa-bbbb-cccc"}');
      INSERT INTO advisories VALUES ('CVE-2021-44228', 'cve5', 4000, NULL, 'log4shell', '{"dataType":"CVE_RECORD"}');
      INSERT INTO advisory_aliases VALUES ('GO-2021-0001', 'CVE-2021-0001'), ('GO-2021-0001', 'GHSA-xxxx-yyyy-zzzz'),
        ('GHSA-aaaa-bbbb-cccc', 'CVE-2021-0002');
      INSERT INTO advisory_packages VALUES ('GO-2021-0001', 'Go', 'example.com/a'), ('GO-2021-0001', 'Go', 'example.com/b'),
        ('GHSA-aaaa-bbbb-cccc', 'npm', 'left-pad'), ('CVE-2021-44228', 'Maven', 'org.apache.logging.log4j:log4j-core');
    )SQL");
    sqlite3_close(db);
  }
  auto s = open_sqlite_store({path});
  ASSERT_TRUE(s.ok()) << s.error().log_message();
  auto& store = **s;
  EXPECT_EQ(store.schema_version(), static_cast<int>(sqlite::kMigrations.size()));

  auto row = store.read([](ReadTx& tx) { return tx.advisory("GO-2021-0001"); });
  ASSERT_TRUE(row.ok() && *row);
  EXPECT_EQ((*row)->record, R"({"id":"GO-2021-0001"})");
  EXPECT_EQ((*row)->summary, "first");
  EXPECT_EQ((*row)->modified, from_micros(1000));
  EXPECT_EQ((*row)->aliases, (std::vector<std::string>{"CVE-2021-0001", "GHSA-xxxx-yyyy-zzzz"}));
  EXPECT_EQ((*row)->packages.size(), 2u);
  auto second = store.read([](ReadTx& tx) { return tx.advisory("GHSA-aaaa-bbbb-cccc"); });
  ASSERT_TRUE(second.ok() && *second);
  EXPECT_EQ((*second)->withdrawn, from_micros(3000));

  auto find = [&](const std::string& q, const std::string& pkg = "") {
    AdvisoryFilter f;
    f.query = q;
    f.package = pkg;
    auto page = store.read([&](ReadTx& tx) { return tx.advisories(f); });
    EXPECT_TRUE(page.ok());
    std::vector<std::string> ids;
    for (const auto& r : page->items) ids.push_back(r.id);
    return ids;
  };
  EXPECT_EQ(find("cve-2021-0001"), std::vector<std::string>{"GO-2021-0001"});
  EXPECT_EQ(find("ghsa-AAAA-bbbb-cccc"), std::vector<std::string>{"GHSA-aaaa-bbbb-cccc"});  // the id, any case
  EXPECT_EQ(find("", "left-pad"), std::vector<std::string>{"GHSA-aaaa-bbbb-cccc"});
  EXPECT_EQ(find("", "org.apache.logging.log4j:log4j-core"), std::vector<std::string>{"CVE-2021-44228"});
  std::size_t scanned = 0;
  ASSERT_TRUE(store.read([&](ReadTx& tx) -> Result<bool> {
    LD_RETURN_IF_ERROR(tx.scan_advisories([&](const AdvisoryRow&) { return ++scanned, true; }));
    return true;
  }).ok());
  EXPECT_EQ(scanned, 3u);

  // A newer record replaces a migrated one, keys included.
  AdvisoryRow r;
  r.id = "GO-2021-0001";
  r.source = "osv";
  r.modified = from_micros(5000);
  r.record = "new";
  r.aliases = {"CVE-2021-9999"};
  r.packages = {{"Go", "example.com/c"}};
  auto out = store.write([&](WriteTx& tx) { return tx.put_advisories({r}); });
  ASSERT_TRUE(out.ok()) << out.error().log_message();
  EXPECT_EQ((*out)[0], PutOutcome::updated);
  EXPECT_TRUE(find("CVE-2021-0001").empty());
  EXPECT_EQ(find("cve-2021-9999"), std::vector<std::string>{"GO-2021-0001"});
  EXPECT_TRUE(find("", "example.com/a").empty());
  EXPECT_EQ(find("", "example.com/c"), std::vector<std::string>{"GO-2021-0001"});
  s->reset();
  fs::remove_all(dir);
}

}  // namespace
}  // namespace loudong::store
