// Advisory import on a real SQLite store: batches, idempotence, newer
// replaces, malformed records named and skipped, aliases searchable, the
// stored form of records, and consistency when the N-th write fails or the
// process dies mid-import (a re-run completes it).
// SQLite only: the checks read and change the database file directly
// (row counts, a failing trigger, a killed writer); the store-level
// advisory behaviour runs on both backends in tests/unit/store.
#include <signal.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#include <gtest/gtest.h>
#include <libdeflate.h>
#include <zstd.h>

#include "crypto/crypto.h"
#include "services/advisory_record.h"
#include "services/inventory.h"

namespace loudong::services {
namespace {

namespace fs = std::filesystem;
using namespace domain;

std::string num(int i) {
  char b[8];
  std::snprintf(b, sizeof b, "%03d", i);
  return b;
}

// Record i: id R-iii, modified 2025-01-0<version> (version 0: the day
// before), alias CVE-<year>-iii, its own package pkg-iii (fixed in
// 1.<version>), and the shared package "common".
std::string record(int i, int version = 1, const std::string& year = "2000") {
  return R"({
  "id": "R-)" + num(i) + R"(",
  "modified": ")" + (version ? "2025-01-0" + std::to_string(version) : std::string("2024-12-31")) + R"(T00:00:00Z",
  "aliases": ["CVE-)" + year + "-" + num(i) + R"("],
  "summary": "record )" + std::to_string(i) + R"(",
  "affected": [
    {"package": {"ecosystem": "PyPI", "name": "pkg-)" + num(i) + R"("},
     "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "1.)" + std::to_string(version) + R"("}]}]},
    {"package": {"ecosystem": "PyPI", "name": "common"},
     "ranges": [{"type": "ECOSYSTEM", "events": [{"introduced": "0"}, {"fixed": "9"}]}]}
  ]
})";
}

void write_records(const fs::path& dir, int n, int version = 1, const std::string& year = "2000") {
  fs::remove_all(dir);
  fs::create_directories(dir);
  for (int i = 0; i < n; ++i) std::ofstream(dir / ("R-" + num(i) + ".json")) << record(i, version, year);
}

// An inventory over its own store in a directory.
struct Env {
  explicit Env(const fs::path& dir) : path((dir / "db.sqlite").string()) {
    fs::create_directories(dir);
    auto s = store::open_sqlite_store({path});
    EXPECT_TRUE(s.ok()) << s.error().log_message();
    store = std::move(*s);
    ctx = std::make_unique<Context>(Context{*store, clock, Policy{}, TimeZone(), crypto::generate_seal_key()});
    inv = std::make_unique<Inventory>(*ctx);
    EXPECT_TRUE(inv->load().ok());
  }
  std::string path;
  ManualClock clock{from_micros(1'760'000'000'000'000)};
  std::unique_ptr<store::Store> store;
  std::unique_ptr<Context> ctx;
  std::unique_ptr<Inventory> inv;
};

// One SQL value from the database file, through a connection of its own.
std::int64_t sql_int(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  std::int64_t v = -1;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW)
    v = sqlite3_column_int64(st, 0);
  else
    ADD_FAILURE() << sqlite3_errmsg(db) << ": " << sql;
  sqlite3_finalize(st);
  sqlite3_close(db);
  return v;
}

void sql_exec(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  sqlite3_busy_timeout(db, 5000);
  char* err = nullptr;
  EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err), SQLITE_OK) << (err ? err : "");
  sqlite3_free(err);
  sqlite3_close(db);
}

// The store's advisories and their search keys agree, and nothing else is
// there: every name and package link belongs to its row's current id,
// aliases and packages; rows up to advisory_keys.indexed_through have all
// of theirs; the rest are pending (a stopped import), which searches find
// by looking at the rows. What a failure or crash must never break.
void expect_consistent(const std::string& path, std::int64_t advisories, bool all_indexed = true) {
  const std::string indexed = "a.adv <= (SELECT indexed_through FROM advisory_keys)";
  EXPECT_EQ(sql_int(path, "SELECT count(*) FROM advisories"), advisories);
  if (all_indexed) {
    EXPECT_EQ(sql_int(path, "SELECT count(*) FROM advisories a WHERE NOT (" + indexed + ")"), 0);
  }
  EXPECT_EQ(sql_int(path, "SELECT count(*) FROM advisory_names n LEFT JOIN advisories a ON a.adv = n.adv WHERE "
                          "a.adv IS NULL OR NOT (n.name = a.id COLLATE NOCASE OR EXISTS "
                          "(SELECT 1 FROM json_each(a.aliases) j WHERE j.value = n.name COLLATE NOCASE))"),
            0);
  EXPECT_EQ(sql_int(path, "SELECT count(*) FROM advisories a WHERE " + indexed +
                              " AND NOT EXISTS (SELECT 1 FROM advisory_names n WHERE n.name = a.id AND n.adv = a.adv)"),
            0);
  EXPECT_EQ(sql_int(path, "SELECT count(*) FROM advisories a, json_each(a.aliases) j WHERE " + indexed +
                              " AND NOT EXISTS (SELECT 1 FROM advisory_names n WHERE n.name = j.value AND n.adv = a.adv)"),
            0);
  EXPECT_EQ(sql_int(path, "SELECT count(*) FROM advisory_packages ap LEFT JOIN advisories a ON a.adv = ap.adv "
                          "LEFT JOIN packages p ON p.pkg = ap.pkg WHERE a.adv IS NULL OR p.pkg IS NULL OR NOT EXISTS "
                          "(SELECT 1 FROM json_each(a.packages) j WHERE j.value ->> 0 = p.ecosystem AND j.value ->> 1 = p.name)"),
            0);
  EXPECT_EQ(sql_int(path, "SELECT count(*) FROM advisories a, json_each(a.packages) j WHERE " + indexed +
                              " AND NOT EXISTS (SELECT 1 FROM advisory_packages ap JOIN packages p ON p.pkg = ap.pkg "
                              "WHERE ap.adv = a.adv AND p.ecosystem = j.value ->> 0 AND p.name = j.value ->> 1)"),
            0);
}

class AdvisoryImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(crypto::init().ok());
    dir_ = fs::temp_directory_path() / ("loudong-import-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    admin_.actor = Actor{1, "admin", true, {}};
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path dir_;
  Caller admin_;
};

TEST(AdvisoryRecord, PackedRecordsUnpackToTheMinifiedOriginal) {
  std::string text = "{\n  \"id\": \"X-1\",\n  \"summary\": \"a b\",\n  \"aliases\": [ \"CVE-1\" ]\n}\n";
  std::string packed = pack_record(text);
  ASSERT_GE(packed.size(), 5u);
  EXPECT_EQ(packed[0], '\x01');                                                  // dictionary 1
  EXPECT_EQ(packed.substr(1, 4), std::string("\x28\xb5\x2f\xfd", 4));  // then a zstd frame
  auto back = unpack_record(packed);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, R"({"id":"X-1","summary":"a b","aliases":["CVE-1"]})");
  // Records stored before compression are plain JSON: returned as they are.
  EXPECT_EQ(*unpack_record(R"({"id":"OLD"})"), R"({"id":"OLD"})");
  // A bare zstd frame (no dictionary) is read too.
  std::string json = R"({"id":"BARE"})", frame(ZSTD_compressBound(json.size()), '\0');
  frame.resize(ZSTD_compress(frame.data(), frame.size(), json.data(), json.size(), 1));
  EXPECT_EQ(*unpack_record(frame), json);
  // The dictionary is fixed: this packed form must read back in every later version.
  EXPECT_EQ(*unpack_record(std::string("\x01", 1) + frame), json);  // a dictionary-less frame decodes with it too
  std::string damaged = packed.substr(0, packed.size() - 3);
  EXPECT_FALSE(unpack_record(damaged).ok());
  std::string large(200000, ' ');
  large = "{\"details\":\"" + std::string(100000, 'x') + "\"}" + large;
  EXPECT_EQ(unpack_record(pack_record(large))->size(), 100014u);
}

// Form 0x02: a zip entry's raw deflate stream, kept as it came.
TEST(AdvisoryRecord, DeflatedRecordsUnpackToTheOriginal) {
  std::string text = "{\n  \"id\": \"X-2\",\n  \"details\": \"" + std::string(3000, 'y') + "\"\n}\n";
  libdeflate_compressor* c = libdeflate_alloc_compressor(6);
  std::string stream(libdeflate_deflate_compress_bound(c, text.size()), '\0');
  stream.resize(libdeflate_deflate_compress(c, text.data(), text.size(), stream.data(), stream.size()));
  libdeflate_free_compressor(c);
  std::string packed = pack_deflated(stream, text.size());
  EXPECT_EQ(packed[0], '\x02');
  EXPECT_EQ(packed.size(), 5 + stream.size());
  auto back = unpack_record(packed);
  ASSERT_TRUE(back.ok()) << back.error().log_message();
  EXPECT_EQ(*back, text);  // the original, not minified
  // Damage is an error, never a wrong record.
  EXPECT_FALSE(unpack_record(packed.substr(0, packed.size() - 5)).ok());        // truncated stream
  EXPECT_FALSE(unpack_record(pack_deflated(stream, text.size() + 1)).ok());     // size says more
  EXPECT_FALSE(unpack_record(pack_deflated(stream, text.size() - 1)).ok());     // size says less
  EXPECT_FALSE(unpack_record(std::string("\x02\x01", 2)).ok());               // no size
  EXPECT_FALSE(unpack_record(std::string("\x02\xff\xff\xff\x7f", 5) + stream).ok());  // absurd size
}

TEST_F(AdvisoryImportTest, BatchesIdempotenceNewerReplacesMalformedNamed) {
  Env e(dir_ / "store");
  e.inv->set_import_batch_size(5);
  write_records(dir_ / "v1", 23);
  std::ofstream(dir_ / "v1/bad-json.json") << "{ not json";
  std::ofstream(dir_ / "v1/bad-field.json") << R"({"id":"Z-1","modified":"yesterday"})";
  std::vector<ImportProgress> seen;
  auto s = e.inv->import_path(AdvisoryFormat::osv, (dir_ / "v1").string(),
                              [&](const ImportProgress& p) { seen.push_back(p); });
  ASSERT_TRUE(s.ok()) << s.error().log_message();
  EXPECT_EQ(s->read, 25u);
  EXPECT_EQ(s->inserted, 23u);
  EXPECT_EQ(s->batches, 5u);  // 23 rows, 5 a transaction
  ASSERT_EQ(s->failed, 2u);
  ASSERT_EQ(s->failures.size(), 2u);
  EXPECT_NE(s->failures[0].file.find("bad-field.json"), std::string::npos);  // in read (file name) order
  EXPECT_NE(s->failures[0].reason.find("modified"), std::string::npos);
  EXPECT_NE(s->failures[1].file.find("bad-json.json"), std::string::npos);
  EXPECT_NE(s->failures[1].reason.find("JSON"), std::string::npos);
  ASSERT_FALSE(seen.empty());
  EXPECT_EQ(seen.back().done, 25u);
  EXPECT_EQ(seen.back().total, 25u);
  expect_consistent(e.path, 23);
  EXPECT_EQ(e.inv->index().stats().advisories, 23u);

  // Again: nothing changes.
  auto again = e.inv->import_path(AdvisoryFormat::osv, (dir_ / "v1").string());
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->unchanged, 23u);
  EXPECT_EQ(again->inserted + again->updated, 0u);

  // Newer versions of the first 8 (new alias, new fix version), older of the rest.
  write_records(dir_ / "v2", 8, 2, "2001");
  for (int i = 8; i < 23; ++i) std::ofstream(dir_ / "v2" / ("R-" + num(i) + ".json")) << record(i, 0, "1999");
  auto upd = e.inv->import_path(AdvisoryFormat::osv, (dir_ / "v2").string());
  ASSERT_TRUE(upd.ok());
  EXPECT_EQ(upd->updated, 8u);
  EXPECT_EQ(upd->unchanged, 15u);
  expect_consistent(e.path, 23);

  // Aliases are searchable in any case; the replaced ones are gone.
  store::AdvisoryFilter f;
  f.query = "cve-2001-003";
  auto page = e.inv->search_advisories(admin_, f);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].id, "R-003");
  EXPECT_EQ(page->items[0].aliases, std::vector<std::string>{"CVE-2001-003"});
  f.query = "CVE-2000-003";
  EXPECT_TRUE(e.inv->search_advisories(admin_, f)->items.empty());
  f.query = "CVE-2000-010";  // not replaced (the 1999 version was older)
  EXPECT_EQ(e.inv->search_advisories(admin_, f)->items.size(), 1u);
  f.query.clear();
  f.package = "common";
  EXPECT_EQ(e.inv->search_advisories(admin_, f)->total, 23);

  // The stored record comes back as the (minified) original JSON.
  auto a = e.inv->advisory(admin_, "cve-2001-005");
  ASSERT_TRUE(a.ok()) << a.error().message();
  EXPECT_EQ(a->first.id, "R-005");
  EXPECT_EQ(a->first.record.substr(0, 15), R"({"id":"R-005",")");
  EXPECT_EQ(a->second.affected.at(0).ranges.at(0).events.at(1).value, "1.2");

  // The index follows: version 1.1 of pkg-003 is affected by the new record only.
  auto scan = e.inv->scan(
      R"({"bomFormat":"CycloneDX","specVersion":"1.5","version":1,"components":[
         {"type":"library","name":"p3","version":"1.1","purl":"pkg:pypi/pkg-003@1.1"},
         {"type":"library","name":"p10","version":"1.1","purl":"pkg:pypi/pkg-010@1.1"}]})");
  ASSERT_TRUE(scan.ok()) << scan.error().message();
  ASSERT_EQ(scan->findings.size(), 1u);
  EXPECT_EQ(scan->findings[0].advisory_id(), "R-003");

  // A fresh index built from the store sees the same.
  Inventory fresh(*e.ctx);
  ASSERT_TRUE(fresh.load().ok());
  EXPECT_EQ(fresh.index().stats().advisories, 23u);
}

TEST_F(AdvisoryImportTest, ApiRecordsAndZipArchives) {
  Env e(dir_ / "store");
  auto recs = Inventory::split_body("[" + record(1) + "," + record(2) + R"(,{"id":"X"}])");
  ASSERT_TRUE(recs.ok());
  auto s = e.inv->import_records(admin_, AdvisoryFormat::osv, *recs);
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->inserted, 2u);
  ASSERT_EQ(s->failures.size(), 1u);
  EXPECT_EQ(s->failures[0].file, "[2]");
  // Nothing to import, or a path that is not there: errors, not summaries.
  EXPECT_FALSE(e.inv->import_records(admin_, AdvisoryFormat::osv, {}).ok());
  EXPECT_EQ(e.inv->import_path(AdvisoryFormat::osv, (dir_ / "nope").string()).error().kind(), ErrorKind::not_found);
  std::ofstream(dir_ / "broken.zip") << "PK\x03\x04 and then nothing";
  auto z = e.inv->import_path(AdvisoryFormat::osv, (dir_ / "broken.zip").string());
  ASSERT_FALSE(z.ok());
  EXPECT_EQ(z.error().code(), "bad_zip");
}

// The N-th write fails (a trigger raises inside the transaction, at each
// of the four tables a record writes): the import reports the failure,
// every batch before it is committed whole, nothing of its batch is, the
// index holds exactly what the store holds, and a re-run completes it.
TEST_F(AdvisoryImportTest, FaultSweepKeepsWholeBatchesAndRerunCompletes) {
  constexpr int kRecords = 14, kBatch = 4;
  write_records(dir_ / "v1", kRecords);
  write_records(dir_ / "v2", kRecords, 2, "2001");
  struct Fault {
    const char* table;
    const char* when;  // %s: the record number
  };
  const Fault faults[] = {
      {"advisories", "new.id = 'R-%s'"},  // INSERT, or UPDATE when replacing
      {"advisory_names", "new.name = 'CVE-2000-%s' OR new.name = 'CVE-2001-%s'"},
      {"packages", "new.name = 'pkg-%s'"},
      {"advisory_packages", "new.adv = (SELECT adv FROM advisories WHERE id = 'R-%s') AND new.pkg = "
                            "(SELECT pkg FROM packages WHERE name = 'common')"},
  };
  int run = 0;
  for (const auto& fault : faults) {
    for (int n : {0, 3, 4, 13}) {
      for (bool update : {false, true}) {
        if (update && std::string(fault.table) == "packages") continue;  // an update adds no package
        SCOPED_TRACE(std::string(fault.table) + " record " + std::to_string(n) + (update ? " (update)" : ""));
        Env e(dir_ / ("s" + std::to_string(run++)));
        e.inv->set_import_batch_size(kBatch);
        if (update) {
          ASSERT_EQ(e.inv->import_path(AdvisoryFormat::osv, (dir_ / "v1").string())->inserted, 14u);
        }
        std::string when = fault.when;
        for (auto p = when.find("%s"); p != std::string::npos; p = when.find("%s")) when.replace(p, 2, num(n));
        std::string event = update && std::string(fault.table) == "advisories" ? "UPDATE" : "INSERT";
        sql_exec(e.path, "CREATE TRIGGER fault BEFORE " + event + " ON " + fault.table + " WHEN " + when +
                             " BEGIN SELECT RAISE(ABORT, 'injected fault'); END;");
        fs::path src = dir_ / (update ? "v2" : "v1");
        auto s = e.inv->import_path(AdvisoryFormat::osv, src.string());
        ASSERT_FALSE(s.ok());
        EXPECT_NE(s.error().log_message().find("injected fault"), std::string::npos) << s.error().log_message();
        // New records' keys are indexed after the last batch (deferred): a
        // fault there leaves every record committed, its keys pending.
        // Otherwise the batches before the failing one are committed.
        bool at_key_indexing = !update && std::string(fault.table) != "advisories";
        int committed = at_key_indexing ? kRecords : n / kBatch * kBatch;
        expect_consistent(e.path, update ? kRecords : committed, /*all_indexed=*/update);
        if (committed > 0) {  // searchable, whether their keys are indexed or pending
          store::AdvisoryFilter f;
          f.query = std::string(update ? "cve-2001-" : "cve-2000-") + num(committed - 1);
          auto page = e.inv->search_advisories(admin_, f);
          ASSERT_TRUE(page.ok());
          EXPECT_EQ(page->items.size(), 1u);
          f.query.clear();
          f.package = "pkg-" + num(0);
          EXPECT_EQ(e.inv->search_advisories(admin_, f)->total, 1);
        }
        EXPECT_EQ(sql_int(e.path, "SELECT count(*) FROM advisories WHERE modified > 1735689600000000"),
                  update ? committed : 0);  // updated ones have the 2025-01-02 version
        EXPECT_EQ(e.inv->index().stats().advisories, static_cast<std::size_t>(update ? kRecords : committed));
        Inventory fresh(*e.ctx);
        ASSERT_TRUE(fresh.load().ok());
        EXPECT_EQ(fresh.index().stats().advisories, e.inv->index().stats().advisories);

        sql_exec(e.path, "DROP TRIGGER fault");
        auto rerun = e.inv->import_path(AdvisoryFormat::osv, src.string());
        ASSERT_TRUE(rerun.ok()) << rerun.error().log_message();
        EXPECT_EQ(update ? rerun->updated : rerun->inserted, static_cast<std::size_t>(kRecords - committed));
        EXPECT_EQ(rerun->unchanged, static_cast<std::size_t>(committed));
        expect_consistent(e.path, kRecords);
        EXPECT_EQ(sql_int(e.path, "SELECT count(*) FROM advisories WHERE modified > 1735689600000000"),
                  update ? kRecords : 0);
      }
    }
  }
}

// The process dies (SIGKILL) in the middle of an import: the store holds
// whole batches only, consistent, and importing again completes it.
TEST_F(AdvisoryImportTest, CrashMidImportThenRerunCompletes) {
  constexpr int kRecords = 600, kBatch = 3;
  write_records(dir_ / "v1", kRecords);
  fs::path store_dir = dir_ / "store";
  fs::create_directories(store_dir);
  std::string path = (store_dir / "db.sqlite").string();
  { Env init(store_dir); }  // the schema exists before the child starts
  pid_t child = ::fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    Env e(store_dir);
    e.inv->set_import_batch_size(kBatch);
    (void)e.inv->import_path(AdvisoryFormat::osv, (dir_ / "v1").string());
    ::_exit(0);
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < deadline && sql_int(path, "SELECT count(*) FROM advisories") < 30)
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  ::kill(child, SIGKILL);
  int status = 0;
  ::waitpid(child, &status, 0);
  std::int64_t committed = sql_int(path, "SELECT count(*) FROM advisories");
  RecordProperty("committed_before_kill", std::to_string(committed));
  EXPECT_GE(committed, 30);
  EXPECT_EQ(committed % kBatch, 0);  // whole batches
  expect_consistent(path, committed, /*all_indexed=*/false);

  Env e(store_dir);  // loading indexes the keys the killed import left pending
  EXPECT_EQ(sql_int(path, "SELECT count(*) FROM advisories WHERE adv > (SELECT indexed_through FROM advisory_keys)"), 0);
  expect_consistent(path, committed);
  EXPECT_EQ(e.inv->index().stats().advisories, static_cast<std::size_t>(committed));
  auto s = e.inv->import_path(AdvisoryFormat::osv, (dir_ / "v1").string());
  ASSERT_TRUE(s.ok()) << s.error().log_message();
  EXPECT_EQ(s->inserted, static_cast<std::size_t>(kRecords - committed));
  EXPECT_EQ(s->unchanged, static_cast<std::size_t>(committed));
  expect_consistent(path, kRecords);
  EXPECT_EQ(e.inv->index().stats().advisories, static_cast<std::size_t>(kRecords));
}

}  // namespace
}  // namespace loudong::services
