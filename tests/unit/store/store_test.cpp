// Store behaviour through the Store interface only, so the PostgreSQL
// backend can run the same suite.
#include "store/store.h"
#include "temp_store.h"

#include <cstdlib>
#include <filesystem>
#include <thread>
#include <tuple>

#include <gtest/gtest.h>

#include "core/time.h"
#include "crypto/crypto.h"
#include "domain/receipts.h"
#include "store/postgres/migrations.h"
#include "store/sqlite/migrations.h"
#include "backends.h"

namespace loudong::store {
namespace {

using namespace domain;
namespace fs = std::filesystem;

Time t0() { return from_micros(1'700'000'000'000'000); }

using test::Backend;

class StoreTest : public TempStoreTest {
 protected:
  Id add_org(const std::string& name) {
    auto id = store_->write([&](WriteTx& tx) { return tx.insert_org({0, name, OrgType::provider, "CN", "", t0()}); });
    EXPECT_TRUE(id.ok());
    return id.ok() ? *id : 0;
  }

  Report sample_report(int i) {
    Report r;
    r.tracking_id = "R-" + std::to_string(i);
    r.tracking_token_hash = crypto::sha256_hex("tok" + std::to_string(i));
    r.title = "SQL 注入 in login form " + std::to_string(i);
    r.product_text = "Acme Router";
    r.contact_email = "finder@example.com";
    r.receipt_seq = i;
    r.received_at = t0() + std::chrono::seconds(i);
    r.updated_at = r.received_at;
    return r;
  }
};

TEST_P(StoreTest, MigratesToNewestVersion) {
  const bool pg = GetParam() == Backend::postgresql;
  const int newest = static_cast<int>(pg ? postgres::kMigrations.size() : sqlite::kMigrations.size());
  EXPECT_EQ(store_->schema_version(), newest);
  EXPECT_EQ(store_->backend(), pg ? "postgresql" : "sqlite");
  auto again = pg ? migrate_postgres(where_) : migrate_sqlite(where_);  // idempotent
  ASSERT_TRUE(again.ok()) << again.error().log_message();
  EXPECT_EQ(*again, newest);
}

TEST_P(StoreTest, FailedWriteKeepsNothing) {
  auto r = store_->write([&](WriteTx& tx) -> Result<Id> {
    LD_ASSIGN_OR_RETURN(Id id, tx.insert_org({0, "Acme", OrgType::provider, "CN", "", t0()}));
    (void)id;
    return Error::conflict("changed my mind");
  });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message(), "changed my mind");
  auto orgs = store_->read([](ReadTx& tx) { return tx.orgs(); });
  ASSERT_TRUE(orgs.ok());
  EXPECT_TRUE(orgs->empty());
}

TEST_P(StoreTest, UniqueViolationIsConflict) {
  add_org("Acme");
  auto r = store_->write([&](WriteTx& tx) { return tx.insert_org({0, "Acme", OrgType::provider, "CN", "", t0()}); });
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().kind(), ErrorKind::conflict);
}

TEST_P(StoreTest, ConcurrentWritesAreGroupedAndAllDurable) {
  constexpr int kThreads = 8, kEach = 50;
  std::vector<std::thread> ts;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t)
    ts.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        int n = t * kEach + i + 1;
        auto r = store_->write([&](WriteTx& tx) -> Result<Id> {
          // Every other job of thread 0 fails: its rollback must not touch the others in its group.
          if (t == 0 && i % 2 == 1) {
            (void)tx.insert_report(sample_report(100000 + n));
            return Error::conflict("refused");
          }
          return tx.insert_report(sample_report(n));
        });
        if (!r.ok() && r.error().message() != "refused") ++failures;
      }
    });
  for (auto& th : ts) th.join();
  EXPECT_EQ(failures.load(), 0);
  auto page = store_->read([](ReadTx& tx) { return tx.reports(ReportFilter{}); });
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->total, kThreads * kEach - kEach / 2);
}

TEST_P(StoreTest, PolicySettingsAndTheirChanges) {
  Id admin = 0;
  ASSERT_TRUE(store_->write([&](WriteTx& tx) -> Status {
                      User u;
                      u.username = "root";
                      u.display_name = "Root Admin";
                      u.password_hash = "x";
                      u.created_at = t0();
                      LD_ASSIGN_OR_RETURN(admin, tx.insert_user(u));
                      LD_RETURN_IF_ERROR(tx.put_policy_setting({"regulatory_report_hours", 24, t0(), admin, ""}));
                      LD_RETURN_IF_ERROR(tx.put_policy_setting({"fix_high_days", 10, t0(), std::nullopt, ""}));
                      LD_RETURN_IF_ERROR(tx.put_policy_setting({"fix_high_days", 12, t0() + std::chrono::seconds(5), admin, ""}));
                      for (int i = 0; i < 5; ++i) {
                        PolicyChange c;
                        c.at = t0() + std::chrono::seconds(i);
                        c.actor_user_id = admin;
                        c.actor_name = "root";
                        c.field = "fix_high_days";
                        c.old_value = 30 - i;
                        c.new_value = 29 - i;
                        c.stored = i != 4;
                        c.request_id = "req-" + std::to_string(i);
                        LD_RETURN_IF_ERROR(tx.insert_policy_change(c).status());
                      }
                      return {};
                    }).ok());
  auto settings = store_->read([](ReadTx& tx) { return tx.policy_settings(); });
  ASSERT_TRUE(settings.ok());
  ASSERT_EQ(settings->size(), 2u);
  EXPECT_EQ((*settings)[0].field, "fix_high_days");  // by field
  EXPECT_EQ((*settings)[0].value, 12);                // replaced, not added
  EXPECT_EQ((*settings)[0].updated_at, t0() + std::chrono::seconds(5));
  EXPECT_EQ((*settings)[0].updated_by_name, "Root Admin");
  EXPECT_EQ((*settings)[1].value, 24);
  ASSERT_TRUE(store_->write([](WriteTx& tx) { return tx.delete_policy_setting("fix_high_days"); }).ok());
  settings = store_->read([](ReadTx& tx) { return tx.policy_settings(); });
  ASSERT_EQ(settings->size(), 1u);

  PageRequest p;
  p.limit = 3;
  auto first = store_->read([&](ReadTx& tx) { return tx.policy_changes(p); });
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->total, 5);
  ASSERT_EQ(first->items.size(), 3u);
  EXPECT_EQ(first->items[0].request_id, "req-4");  // newest first
  EXPECT_FALSE(first->items[0].stored);
  EXPECT_EQ(first->items[0].old_value, 26);
  p.cursor = first->next_cursor;
  auto second = store_->read([&](ReadTx& tx) { return tx.policy_changes(p); });
  ASSERT_TRUE(second.ok());
  ASSERT_EQ(second->items.size(), 2u);
  EXPECT_EQ(second->items[1].request_id, "req-0");
  EXPECT_TRUE(second->next_cursor.empty());

  auto names = store_->read([&](ReadTx& tx) { return tx.user_names({admin, admin, 4242}); });
  ASSERT_TRUE(names.ok());
  EXPECT_EQ(*names, (std::map<Id, std::string>{{admin, "Root Admin"}}));
}

TEST_P(StoreTest, PublishedCasesAreThoseThatEnteredPublished) {
  auto add_case = [&](const std::string& ref, CaseState state, std::optional<int> published_after) -> Id {
    auto id = store_->write([&](WriteTx& tx) -> Result<Id> {
      Case c;
      c.ref = ref;
      c.title = "case " + ref;
      c.state = state;
      c.aware_at = c.created_at = c.updated_at = t0();
      LD_ASSIGN_OR_RETURN(Id cid, tx.insert_case(c));
      if (published_after) {
        Event e;
        e.subject_type = "case";
        e.subject_id = cid;
        e.at = t0() + std::chrono::seconds(*published_after);
        e.kind = "transition";
        e.from_state = "fixed";
        e.to_state = "published";
        LD_RETURN_IF_ERROR(tx.insert_event(e).status());
      }
      Event other;  // a different transition never counts
      other.subject_type = "case";
      other.subject_id = cid;
      other.at = t0() + std::chrono::seconds(1000);
      other.kind = "transition";
      other.to_state = "closed";
      LD_RETURN_IF_ERROR(tx.insert_event(other).status());
      return cid;
    });
    EXPECT_TRUE(id.ok());
    return id.ok() ? *id : 0;
  };
  add_case("LD-A", CaseState::published, 10);
  add_case("LD-B", CaseState::closed, 30);        // closed after publication: still public
  add_case("LD-C", CaseState::closed, std::nullopt);  // closed without publication (R-PUB-2)
  add_case("LD-D", CaseState::fixed, std::nullopt);
  add_case("LD-E", CaseState::withdrawn, 20);     // withdrawn after publication: no longer listed
  add_case("LD-F", CaseState::published, 20);

  PageRequest p;
  p.limit = 2;
  auto first = store_->read([&](ReadTx& tx) { return tx.published_cases(p); });
  ASSERT_TRUE(first.ok()) << first.error().log_message();
  EXPECT_EQ(first->total, 3);
  ASSERT_EQ(first->items.size(), 2u);
  EXPECT_EQ(first->items[0].case_.ref, "LD-B");
  EXPECT_EQ(first->items[0].published_at, t0() + std::chrono::seconds(30));
  EXPECT_EQ(first->items[1].case_.ref, "LD-F");
  p.cursor = first->next_cursor;
  auto second = store_->read([&](ReadTx& tx) { return tx.published_cases(p); });
  ASSERT_TRUE(second.ok());
  ASSERT_EQ(second->items.size(), 1u);
  EXPECT_EQ(second->items[0].case_.ref, "LD-A");
  EXPECT_TRUE(second->next_cursor.empty());

  auto one = store_->read([](ReadTx& tx) { return tx.published_case("LD-A"); });
  ASSERT_TRUE(one.ok());
  ASSERT_TRUE(one->has_value());
  EXPECT_EQ((*one)->case_.title, "case LD-A");
  for (const char* hidden : {"LD-C", "LD-D", "LD-E", "nope"}) {
    auto none = store_->read([&](ReadTx& tx) { return tx.published_case(hidden); });
    ASSERT_TRUE(none.ok());
    EXPECT_FALSE(none->has_value()) << hidden;
  }
}

TEST_P(StoreTest, ReportListingPagesWithoutGapsOrRepeats) {
  ASSERT_TRUE(store_->write([&](WriteTx& tx) -> Status {
                      for (int i = 1; i <= 25; ++i) LD_RETURN_IF_ERROR(tx.insert_report(sample_report(i)).status());
                      return {};
                    }).ok());
  ReportFilter f;
  f.page.limit = 10;
  std::vector<Id> seen;
  for (int guard = 0; guard < 10; ++guard) {
    auto page = store_->read([&](ReadTx& tx) { return tx.reports(f); });
    ASSERT_TRUE(page.ok()) << page.error().log_message();
    if (guard == 0) {
      EXPECT_EQ(page->total, 25);
    }
    for (auto& r : page->items) seen.push_back(r.id);
    if (page->next_cursor.empty()) break;
    f.page.cursor = page->next_cursor;
  }
  ASSERT_EQ(seen.size(), 25u);
  for (size_t i = 1; i < seen.size(); ++i) EXPECT_GT(seen[i - 1], seen[i]);  // newest first
}

TEST_P(StoreTest, TextSearchFindsChineseAndEnglishSubstrings) {
  ASSERT_TRUE(store_->write([&](WriteTx& tx) -> Status {
                      auto a = sample_report(1);
                      a.title = "路由器管理界面存在命令注入漏洞";
                      auto b = sample_report(2);
                      b.title = "Stored XSS in comments";
                      LD_RETURN_IF_ERROR(tx.insert_report(a).status());
                      return tx.insert_report(b).status();
                    }).ok());
  for (auto [q, n] : std::vector<std::pair<std::string, int>>{{"命令注入", 1}, {"xss in", 1}, {"不存在的词", 0}}) {
    ReportFilter f;
    f.text = q;
    auto page = store_->read([&](ReadTx& tx) { return tx.reports(f); });
    ASSERT_TRUE(page.ok());
    EXPECT_EQ(page->total, n) << q;
  }
}

TEST_P(StoreTest, BadCursorIsAFieldError) {
  ReportFilter f;
  f.page.cursor = "not-a-cursor";
  auto page = store_->read([&](ReadTx& tx) { return tx.reports(f); });
  ASSERT_FALSE(page.ok());
  ASSERT_EQ(page.error().fields().size(), 1u);
  EXPECT_EQ(page.error().fields()[0].field, "cursor");
}

TEST_P(StoreTest, ReceiptsChainAndPurgeKeepsAnchor) {
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(store_->write([&](WriteTx& tx) -> Status {
                        LD_ASSIGN_OR_RETURN(auto last, tx.last_receipt());
                        LD_ASSIGN_OR_RETURN(auto anchor, tx.receipt_anchor());
                        ReceiptRecord r;
                        r.at = t0() + std::chrono::hours(i);
                        r.submitter = "anonymous";
                        r.content_sha256 = crypto::sha256_hex(std::to_string(i));
                        r.subject = "report:" + std::to_string(i);
                        chain_receipt(r, anchor, last);
                        return tx.append_receipt(r);
                      }).ok());
  }
  auto verify = [&] {
    return store_->read([&](ReadTx& tx) -> Result<ChainVerifier> {
      LD_ASSIGN_OR_RETURN(auto anchor, tx.receipt_anchor());
      ChainVerifier v(anchor);
      LD_RETURN_IF_ERROR(tx.scan_receipts([&](const ReceiptRecord& r) { return v.add(r); }));
      return v;
    });
  };
  auto v = verify();
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->ok()) << v->problem();
  EXPECT_EQ(v->checked(), 5);
  // Purge the first two; the rest still verifies from the anchor.
  ASSERT_TRUE(store_->write([&](WriteTx& tx) -> Result<std::int64_t> {
                      std::optional<ReceiptRecord> second;
                      LD_RETURN_IF_ERROR(tx.scan_receipts([&](const ReceiptRecord& r) {
                        if (r.seq == 2) second = r;
                        return r.seq < 2;
                      }));
                      return tx.purge_receipts(2, {second->seq, second->hash});
                    }).ok());
  v = verify();
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->ok()) << v->problem();
  EXPECT_EQ(v->checked(), 3);
  EXPECT_EQ(v->head_seq(), 5);
}

// The dashboard's aggregates, whole and for one organisation's cases:
// ungraded first among grades; regulatory clocks by the week of their due
// time (SQLite's %W weeks: before the year's first Monday is week 00),
// counted once met, missed or overdue; the median days to fix per grade.
TEST_P(StoreTest, DashboardCountsAndWeeks) {
  Id org1 = add_org("One"), org2 = add_org("Two");
  auto at = [](const char* iso) { return *parse_time(iso); };
  auto add_case = [&](const std::string& ref, CaseState state, std::optional<assessment::Grade> grade, Id org) {
    auto id = store_->write([&](WriteTx& tx) -> Result<Id> {
      Case c;
      c.ref = ref;
      c.title = ref;
      c.state = state;
      c.assessment.grade = grade;
      c.aware_at = c.created_at = c.updated_at = t0();
      LD_ASSIGN_OR_RETURN(Id cid, tx.insert_case(c));
      LD_RETURN_IF_ERROR(tx.add_participant(cid, org, "provider"));
      return cid;
    });
    EXPECT_TRUE(id.ok());
    return id.ok() ? *id : 0;
  };
  auto add_clock = [&](Id case_id, ClockKind kind, Time started, Time due, std::optional<Time> stopped) {
    ASSERT_TRUE(store_->write([&](WriteTx& tx) -> Result<Id> {
                  ClockRecord k;
                  k.case_id = case_id;
                  k.kind = kind;
                  k.started_at = k.soon_at = started;
                  k.due_at = due;
                  k.stopped_at = stopped;
                  return tx.insert_clock(k);
                }).ok());
  };
  Id a = add_case("A", CaseState::verifying, assessment::Grade::high, org1);
  Id b = add_case("B", CaseState::fixing, std::nullopt, org1);
  Id c = add_case("C", CaseState::fixing, assessment::Grade::critical, org1);
  Id d = add_case("D", CaseState::closed, assessment::Grade::high, org2);
  const auto reg = ClockKind::regulatory_report;
  add_clock(a, reg, at("2022-12-30T12:00:00Z"), at("2023-01-01T12:00:00Z"), at("2022-12-31T00:00:00Z"));  // W00, met
  add_clock(b, reg, at("2023-01-07T12:00:00Z"), at("2023-01-09T12:00:00Z"), std::nullopt);  // W02, overdue
  add_clock(c, reg, at("2023-01-07T13:00:00Z"), at("2023-01-09T13:00:00Z"), at("2023-01-10T00:00:00Z"));  // W02, missed
  add_clock(d, reg, at("2023-01-03T00:00:00Z"), at("2023-01-05T00:00:00Z"), at("2023-01-04T00:00:00Z"));  // W01, met
  add_clock(a, reg, at("2023-01-18T00:00:00Z"), at("2023-01-25T00:00:00Z"), std::nullopt);  // not due yet
  add_clock(a, ClockKind::fix, at("2023-01-01T00:00:00Z"), at("2023-02-01T00:00:00Z"), at("2023-01-05T00:00:00Z"));
  add_clock(d, ClockKind::fix, at("2023-01-01T00:00:00Z"), at("2023-02-01T00:00:00Z"), at("2023-01-07T00:00:00Z"));
  add_clock(c, ClockKind::fix, at("2023-01-01T00:00:00Z"), at("2023-01-08T00:00:00Z"), at("2023-01-11T00:00:00Z"));
  const Time now = at("2023-01-20T00:00:00Z");
  using Counts = std::vector<std::pair<std::string, std::int64_t>>;
  auto all = store_->read([&](ReadTx& tx) { return tx.dashboard(std::nullopt, now, 12); });
  ASSERT_TRUE(all.ok()) << all.error().log_message();
  EXPECT_EQ(all->cases_by_state, (Counts{{"closed", 1}, {"fixing", 2}, {"verifying", 1}}));
  EXPECT_EQ(all->cases_by_grade, (Counts{{"", 1}, {"critical", 1}, {"high", 2}}));
  std::vector<std::tuple<std::string, std::int64_t, std::int64_t>> weeks;
  for (const auto& w : all->regulatory_compliance) weeks.emplace_back(w.week, w.met_on_time, w.total);
  EXPECT_EQ(weeks, (decltype(weeks){{"2023-W00", 1, 1}, {"2023-W01", 1, 1}, {"2023-W02", 0, 2}}));
  ASSERT_EQ(all->time_to_fix.size(), 2u);
  EXPECT_EQ(all->time_to_fix[0].grade, "critical");
  EXPECT_DOUBLE_EQ(all->time_to_fix[0].median_days, 10);
  EXPECT_EQ(all->time_to_fix[1].grade, "high");
  EXPECT_DOUBLE_EQ(all->time_to_fix[1].median_days, 5);
  EXPECT_EQ(all->time_to_fix[1].count, 2);

  auto one = store_->read([&](ReadTx& tx) { return tx.dashboard(std::vector<Id>{org1}, now, 12); });
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one->cases_by_state, (Counts{{"fixing", 2}, {"verifying", 1}}));
  weeks.clear();
  for (const auto& w : one->regulatory_compliance) weeks.emplace_back(w.week, w.met_on_time, w.total);
  EXPECT_EQ(weeks, (decltype(weeks){{"2023-W00", 1, 1}, {"2023-W02", 0, 2}}));
  auto none = store_->read([&](ReadTx& tx) { return tx.dashboard(std::vector<Id>{}, now, 12); });
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->cases_by_state.empty());
}

TEST_P(StoreTest, BackupIsAConsistentCopy) {
  add_org("Acme");
  auto path = (dir_ / "backup").string();
  ASSERT_TRUE(store_->backup(path).ok());
  EXPECT_EQ(fs::status(path).permissions() & fs::perms::all, fs::perms::owner_read | fs::perms::owner_write);
  auto again = store_->backup(path);  // never overwrites
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().kind(), ErrorKind::conflict);
  std::string where = path;
  if (GetParam() == Backend::postgresql) {  // pg_dump's custom format: pg_restore into an empty database
    auto fresh = db_.location(Backend::postgresql, dir_);
    ASSERT_TRUE(fresh.ok()) << fresh.error().log_message();
    where = *fresh;
    std::string restore = "/usr/lib/postgresql/15/bin/pg_restore --no-owner --exit-on-error -d '" + where + "' '" + path + "'";
    ASSERT_EQ(std::system(restore.c_str()), 0) << restore;
  }
  auto copy = test::TestDb::open_at(GetParam(), where);
  ASSERT_TRUE(copy.ok()) << copy.error().log_message();
  auto orgs = (*copy)->read([](ReadTx& tx) { return tx.orgs(); });
  ASSERT_TRUE(orgs.ok());
  ASSERT_EQ(orgs->size(), 1u);
  EXPECT_EQ((*orgs)[0].name, "Acme");
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreTest, test::kBackends, test::backend_name);

}  // namespace
}  // namespace loudong::store
