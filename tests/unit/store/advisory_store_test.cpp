// Advisory rows through the Store interface only (the PostgreSQL backend
// runs the same): bulk put outcomes, idempotence, replacement of a record's
// aliases and packages, the same id twice in one batch, search by id or
// alias in any case and by package, paging.
#include <filesystem>

#include <gtest/gtest.h>

#include "store/store.h"
#include "backends.h"

namespace loudong::store {
namespace {

namespace fs = std::filesystem;

Time at(int day) { return from_micros(1'700'000'000'000'000 + std::int64_t{day} * 86'400'000'000); }

AdvisoryRow adv(const std::string& id, int day, std::vector<std::string> aliases,
                std::vector<std::pair<std::string, std::string>> packages) {
  AdvisoryRow r;
  r.id = id;
  r.source = "osv";
  r.modified = at(day);
  r.summary = id + " summary, version " + std::to_string(day);
  r.record = std::string("\x28\xb5\x2f\xfd", 4) + id + "@" + std::to_string(day);  // opaque bytes, binary-safe
  r.aliases = std::move(aliases);
  r.packages = std::move(packages);
  return r;
}

class AdvisoryStoreTest : public ::testing::TestWithParam<test::Backend> {
 protected:
  void SetUp() override {
    LD_REQUIRE_BACKEND(GetParam());
    dir_ = fs::temp_directory_path() / ("loudong-advstore-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    auto s = db_.open(GetParam(), dir_);
    ASSERT_TRUE(s.ok()) << s.error().log_message();
    store_ = std::move(*s);
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }

  std::vector<PutOutcome> put(const std::vector<AdvisoryRow>& rows, AdvisoryKeys keys = AdvisoryKeys::now) {
    auto r = store_->write([&](WriteTx& tx) { return tx.put_advisories(rows, keys); });
    EXPECT_TRUE(r.ok()) << r.error().log_message();
    return r.ok() ? *r : std::vector<PutOutcome>{};
  }
  std::vector<std::string> search(const std::string& q, const std::string& eco = "", const std::string& pkg = "") {
    AdvisoryFilter f;
    f.query = q;
    f.ecosystem = eco;
    f.package = pkg;
    f.limit = 200;
    auto page = store_->read([&](ReadTx& tx) { return tx.advisories(f); });
    EXPECT_TRUE(page.ok());
    std::vector<std::string> ids;
    if (page.ok())
      for (const auto& r : page->items) ids.push_back(r.id);
    return ids;
  }
  std::optional<AdvisoryRow> get(const std::string& id) {
    auto r = store_->read([&](ReadTx& tx) { return tx.advisory(id); });
    EXPECT_TRUE(r.ok());
    return r.ok() ? *r : std::nullopt;
  }

  fs::path dir_;
  test::TestDb db_;  // before store_: the database outlives the store
  std::unique_ptr<Store> store_;
};

using O = PutOutcome;
using Ids = std::vector<std::string>;

TEST_P(AdvisoryStoreTest, BulkPutIsIdempotentAndNewerReplaces) {
  std::vector<AdvisoryRow> first;
  for (int i = 0; i < 20; ++i)
    first.push_back(adv("A-" + std::to_string(i), 1, {"CVE-2024-" + std::to_string(1000 + i)},
                        {{"Go", "example.com/m" + std::to_string(i % 3)}}));
  auto out = put(first);
  ASSERT_EQ(out.size(), 20u);
  for (auto o : out) EXPECT_EQ(o, O::inserted);
  // The same again, and older: nothing changes.
  for (auto o : put(first)) EXPECT_EQ(o, O::unchanged);
  auto older = adv("A-3", 0, {"CVE-OLD"}, {{"npm", "old"}});
  EXPECT_EQ(put({older}), std::vector<O>{O::unchanged});
  EXPECT_TRUE(search("CVE-OLD").empty());
  EXPECT_EQ(get("A-3")->modified, at(1));

  // Newer: the record, its aliases and its packages are replaced.
  auto newer = adv("A-3", 2, {"CVE-2099-0003", "GHSA-abcd-efgh-ijkl"}, {{"PyPI", "django"}});
  EXPECT_EQ(put({newer, adv("A-99", 1, {}, {})}), (std::vector<O>{O::updated, O::inserted}));
  auto row = get("A-3");
  ASSERT_TRUE(row);
  EXPECT_EQ(row->modified, at(2));
  EXPECT_EQ(row->record, newer.record);
  EXPECT_EQ(row->summary, newer.summary);
  EXPECT_EQ(row->aliases, newer.aliases);
  EXPECT_EQ(row->packages, newer.packages);
  EXPECT_TRUE(search("CVE-2024-1003").empty());
  EXPECT_EQ(search("cve-2099-0003"), Ids{"A-3"});
  EXPECT_EQ(search("ghsa-ABCD-efgh-IJKL"), Ids{"A-3"});
  EXPECT_EQ(search("", "PyPI", "django"), Ids{"A-3"});
  EXPECT_EQ(search("", "Go", "example.com/m0"), (Ids{"A-0", "A-12", "A-15", "A-18", "A-6", "A-9"}));  // not A-3
  EXPECT_EQ(search("", "", "example.com/m0").size(), 6u);
  EXPECT_TRUE(search("", "npm", "example.com/m0").empty());
  auto count = store_->read([](ReadTx& tx) { return tx.advisory_count(); });
  EXPECT_EQ(*count, 21);
}

TEST_P(AdvisoryStoreTest, SameIdTwiceInOneBatchKeepsTheNewest) {
  auto v1 = adv("B-1", 1, {"CVE-1"}, {{"Go", "a"}});
  auto v2 = adv("B-1", 2, {"CVE-2"}, {{"Go", "b"}});
  EXPECT_EQ(put({v1, v2}), (std::vector<O>{O::inserted, O::updated}));
  EXPECT_EQ(get("B-1")->record, v2.record);
  EXPECT_TRUE(search("CVE-1").empty());
  EXPECT_EQ(search("CVE-2"), Ids{"B-1"});
  EXPECT_TRUE(search("", "Go", "a").empty());
  EXPECT_EQ(search("", "Go", "b"), Ids{"B-1"});

  auto v3 = adv("B-1", 3, {"CVE-3"}, {});
  EXPECT_EQ(put({v3, v1}), (std::vector<O>{O::updated, O::unchanged}));  // newer first, then older
  EXPECT_EQ(get("B-1")->record, v3.record);
  EXPECT_EQ(search("CVE-3"), Ids{"B-1"});
  EXPECT_TRUE(search("CVE-2").empty());
  EXPECT_TRUE(get("B-1")->packages.empty());
}

TEST_P(AdvisoryStoreTest, ReImportBatchProbeAndMixedBatches) {
  // A batch of known ids is probed with one query; a mixed batch still
  // inserts the new ones and leaves the known ones.
  std::vector<AdvisoryRow> rows;
  for (int i = 0; i < 50; ++i) rows.push_back(adv("C-" + std::to_string(i), 1, {"ALIAS-" + std::to_string(i)}, {}));
  std::vector<AdvisoryRow> evens;
  for (int i = 0; i < 50; i += 2) evens.push_back(rows[i]);
  put(evens);
  auto out = put(rows);
  for (int i = 0; i < 50; ++i) EXPECT_EQ(out[i], i % 2 ? O::inserted : O::unchanged) << i;
  rows[7].modified = at(5);
  rows[8].modified = at(5);
  out = put(rows);
  for (int i = 0; i < 50; ++i) EXPECT_EQ(out[i], i == 7 || i == 8 ? O::updated : O::unchanged) << i;
  EXPECT_EQ(search("alias-7"), Ids{"C-7"});
  EXPECT_EQ(search("c-7"), Ids{"C-7"});  // the id itself, any case
}

TEST_P(AdvisoryStoreTest, PagesByIdWithTotals) {
  std::vector<AdvisoryRow> rows;
  for (int i = 0; i < 25; ++i) rows.push_back(adv("D-" + std::to_string(100 + i), 1, {}, {{"Go", "shared"}}));
  put(rows);
  AdvisoryFilter f;
  f.package = "shared";
  f.limit = 10;
  std::vector<std::string> seen;
  for (int page_no = 0; page_no < 5; ++page_no) {
    auto page = store_->read([&](ReadTx& tx) { return tx.advisories(f); });
    ASSERT_TRUE(page.ok());
    EXPECT_EQ(page->total, 25);
    for (const auto& r : page->items) seen.push_back(r.id);
    if (page->next_cursor.empty()) break;
    f.cursor = page->next_cursor;
  }
  ASSERT_EQ(seen.size(), 25u);
  EXPECT_TRUE(std::is_sorted(seen.begin(), seen.end()));
  std::size_t scanned = 0;
  auto st = store_->read([&](ReadTx& tx) -> Result<bool> {
    LD_RETURN_IF_ERROR(tx.scan_advisories([&](const AdvisoryRow& r) {
      EXPECT_EQ(r.record.substr(0, 4), std::string("\x28\xb5\x2f\xfd", 4));
      ++scanned;
      return true;
    }));
    return true;
  });
  ASSERT_TRUE(st.ok());
  EXPECT_EQ(scanned, 25u);
}

TEST_P(AdvisoryStoreTest, DeferredKeysAreSearchableBeforeAndAfterIndexing) {
  put({adv("OLD-1", 1, {"CVE-2020-0001"}, {{"Go", "m"}})});  // indexed with the write
  std::vector<AdvisoryRow> rows;
  for (int i = 0; i < 12; ++i)
    rows.push_back(adv("GHSA-n" + std::to_string(i), 1, {"CVE-2021-" + std::to_string(100 + i)},
                       {{"npm", "pkg" + std::to_string(i % 2)}, {"Go", "m"}}));
  EXPECT_EQ(put(rows, AdvisoryKeys::deferred), std::vector<O>(12, O::inserted));
  auto pending = [&] { return *store_->read([](ReadTx& tx) { return tx.pending_advisory_keys(); }); };
  EXPECT_EQ(pending(), 12);
  auto check = [&](std::size_t go_m, std::size_t pkg0) {
    EXPECT_EQ(search("cve-2021-105"), Ids{"GHSA-n5"});
    EXPECT_EQ(search("ghsa-N7"), Ids{"GHSA-n7"});
    EXPECT_EQ(search("CVE-2020-0001"), Ids{"OLD-1"});
    EXPECT_EQ(search("", "npm", "pkg1").size(), 6u);
    EXPECT_EQ(search("", "", "pkg0").size(), pkg0);
    EXPECT_EQ(search("", "Go", "m").size(), go_m);
    EXPECT_TRUE(search("", "PyPI", "m").empty());
    EXPECT_EQ(search("cve-2021-103", "npm", "pkg1"), Ids{"GHSA-n3"});
    EXPECT_TRUE(search("cve-2021-103", "npm", "pkg0").empty());
  };
  check(13, 6);
  // A pending row replaced (deferred): its new keys count, the old ones not.
  auto newer = adv("GHSA-n0", 2, {"CVE-2099-0000"}, {{"PyPI", "django"}});
  EXPECT_EQ(put({newer}, AdvisoryKeys::deferred), std::vector<O>{O::updated});
  EXPECT_TRUE(search("CVE-2021-100").empty());
  EXPECT_EQ(search("cve-2099-0000"), Ids{"GHSA-n0"});
  EXPECT_EQ(search("", "PyPI", "django"), Ids{"GHSA-n0"});

  auto n = store_->write([](WriteTx& tx) { return tx.index_advisory_keys(); });
  ASSERT_TRUE(n.ok()) << n.error().log_message();
  EXPECT_EQ(*n, 12);
  EXPECT_EQ(pending(), 0);
  EXPECT_EQ(*store_->write([](WriteTx& tx) { return tx.index_advisory_keys(); }), 0);  // nothing left
  check(12, 5);
  EXPECT_TRUE(search("CVE-2021-100").empty());
  EXPECT_EQ(search("cve-2099-0000"), Ids{"GHSA-n0"});
  // An indexed row replaced in deferred mode gets its keys at once.
  EXPECT_EQ(put({adv("GHSA-n1", 3, {"CVE-2099-0001"}, {})}, AdvisoryKeys::deferred), std::vector<O>{O::updated});
  EXPECT_EQ(pending(), 0);
  EXPECT_TRUE(search("CVE-2021-101").empty());
  EXPECT_EQ(search("CVE-2099-0001"), Ids{"GHSA-n1"});
  EXPECT_EQ(search("", "npm", "pkg1").size(), 5u);
}

// Keys read ahead on a reader (an import reads them while the writer goes
// on): indexing them gives what indexing in the writer gives; rows added
// after the read stay pending; a pending row replaced after the read (in
// either key mode) makes the read stale: nothing is indexed from it, and
// the classic indexing that follows has the new keys, not the old.
TEST_P(AdvisoryStoreTest, KeysReadAheadAreIndexedUnlessAPendingRowChanged) {
  auto pending = [&] { return *store_->read([](ReadTx& tx) { return tx.pending_advisory_keys(); }); };
  auto read_ahead = [&] { return *store_->read([](ReadTx& tx) { return tx.read_pending_advisory_keys(); }); };
  auto index_read = [&](const PendingAdvisoryKeys& k) {
    return *store_->write([&](WriteTx& tx) { return tx.index_advisory_keys(k); });
  };
  std::vector<AdvisoryRow> rows;
  for (int i = 0; i < 6; ++i)
    rows.push_back(adv("GHSA-r" + std::to_string(i), 1, {"CVE-2022-" + std::to_string(100 + i)},
                       {{"npm", "left-pad"}, {"Go", "m" + std::to_string(i % 2)}}));
  EXPECT_EQ(put(rows, AdvisoryKeys::deferred), std::vector<O>(6, O::inserted));
  PendingAdvisoryKeys k = read_ahead();
  EXPECT_EQ(k.to - k.from, 6);
  // Added after the read: pending after it is indexed.
  EXPECT_EQ(put({adv("GHSA-late", 1, {"CVE-2022-999"}, {{"npm", "late"}})}, AdvisoryKeys::deferred),
            std::vector<O>{O::inserted});
  EXPECT_EQ(index_read(k), 6);
  EXPECT_EQ(pending(), 1);
  EXPECT_EQ(search("cve-2022-103"), Ids{"GHSA-r3"});
  EXPECT_EQ(search("ghsa-R4"), Ids{"GHSA-r4"});
  EXPECT_EQ(search("", "npm", "left-pad").size(), 6u);
  EXPECT_EQ(search("", "Go", "m1").size(), 3u);
  EXPECT_EQ(search("cve-2022-999"), Ids{"GHSA-late"});  // found among the pending rows
  EXPECT_EQ(index_read(k), 0);                          // the same read again: stale (indexed since)
  // A pending row replaced after the read, in deferred or in immediate mode.
  for (AdvisoryKeys mode : {AdvisoryKeys::deferred, AdvisoryKeys::now}) {
    const std::string n = mode == AdvisoryKeys::deferred ? "0" : "1", id = "GHSA-s" + n;
    EXPECT_EQ(put({adv(id, 1, {"CVE-2023-" + n + "001"}, {{"PyPI", "old" + n}})}, AdvisoryKeys::deferred),
              std::vector<O>{O::inserted});
    PendingAdvisoryKeys before = read_ahead();
    EXPECT_EQ(put({adv(id, 2, {"CVE-2023-" + n + "002"}, {{"PyPI", "new" + n}})}, mode), std::vector<O>{O::updated});
    EXPECT_EQ(index_read(before), 0);
    EXPECT_GT(pending(), 0);
    EXPECT_GT(*store_->write([](WriteTx& tx) { return tx.index_advisory_keys(); }), 0);
    EXPECT_EQ(pending(), 0);
    EXPECT_EQ(search("CVE-2023-" + n + "002"), Ids{id});
    EXPECT_TRUE(search("CVE-2023-" + n + "001").empty()) << id;
    EXPECT_EQ(search("", "PyPI", "new" + n), Ids{id});
    EXPECT_TRUE(search("", "PyPI", "old" + n).empty()) << id;
  }
  // Nothing pending: an empty read, nothing to index.
  PendingAdvisoryKeys none = read_ahead();
  EXPECT_EQ(none.to, none.from);
  EXPECT_EQ(index_read(none), 0);
}

// Deferred keys are indexed from the rows' JSON columns: names and package
// names that need escaping (quotes, backslashes, control characters,
// non-ASCII) come out as they went in; a name repeated in another case
// for the same advisory is one entry; new and known packages both link.
TEST_P(AdvisoryStoreTest, DeferredKeysWithEscapesAndCaseVariants) {
  put({adv("OLD-1", 1, {}, {{"npm", "known"}})});
  const std::string odd = "a\"b\\c\td\u00e9\xe2\x82\xac";  // a"b\c<TAB>dé€
  std::vector<AdvisoryRow> rows{
      adv("GHSA-Mixed", 1, {"ghsa-mixed", "CVE-2022-0001", odd}, {{"npm", "known"}, {"PyPI", odd}}),
      adv("ZZ-2", 1, {"cve-2022-0001", "\xc3\x84-1"}, {{"PyPI", odd}, {"", "no-ecosystem"}}),
      adv("aa-3", 1, {}, {})};
  EXPECT_EQ(put(rows, AdvisoryKeys::deferred), std::vector<O>(3, O::inserted));
  auto n = store_->write([](WriteTx& tx) { return tx.index_advisory_keys(); });
  ASSERT_TRUE(n.ok()) << n.error().log_message();
  EXPECT_EQ(*n, 3);
  EXPECT_EQ(*store_->read([](ReadTx& tx) { return tx.pending_advisory_keys(); }), 0);
  EXPECT_EQ(search("GHSA-MIXED"), Ids{"GHSA-Mixed"});
  EXPECT_EQ(search("CVE-2022-0001"), (Ids{"GHSA-Mixed", "ZZ-2"}));
  EXPECT_EQ(search(odd), Ids{"GHSA-Mixed"});
  EXPECT_EQ(search("AA-3"), Ids{"aa-3"});
  EXPECT_EQ(search("\xc3\x84-1"), Ids{"ZZ-2"});  // Ä-1, no escape in the stored JSON
  EXPECT_EQ(search("", "PyPI", odd), (Ids{"GHSA-Mixed", "ZZ-2"}));
  EXPECT_EQ(search("", "npm", "known"), (Ids{"GHSA-Mixed", "OLD-1"}));
  EXPECT_EQ(search("", "", "no-ecosystem"), Ids{"ZZ-2"});
  EXPECT_TRUE(search("", "npm", odd).empty());
}

INSTANTIATE_TEST_SUITE_P(Backends, AdvisoryStoreTest, test::kBackends, test::backend_name);

}  // namespace
}  // namespace loudong::store
