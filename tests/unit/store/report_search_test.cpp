// The report list's text search and grade filter, checked against a brute
// force over what was written: every filter combination, both orders, small
// pages followed by cursor, received_at out of id order (concurrent intake, a
// clock stepped back), the counting cap, and the case grade kept on reports
// as cases are linked and regraded.
#include <sqlite3.h>

#include <algorithm>
#include <atomic>
#include <filesystem>
#include <map>
#include <random>
#include <thread>

#include <gtest/gtest.h>

#include "crypto/crypto.h"
#include "store/sqlite/migrations.h"
#include "store/store.h"
#include "backends.h"

namespace loudong::store {
namespace {

using namespace domain;
using assessment::Grade;
namespace fs = std::filesystem;

Time t0() { return from_micros(1'700'000'000'000'000); }

std::string lower(std::string s) {
  for (char& ch : s)
    if (ch >= 'A' && ch <= 'Z') ch = static_cast<char>(ch - 'A' + 'a');
  return s;
}

// What the test wrote, to compute the expected answers.
struct Model {
  std::vector<Report> reports;             // by id - 1
  std::map<Id, std::string> case_grades;  // case id -> "critical".."low" or "none"

  std::string grade_of(const Report& r) const {
    if (!r.case_id) return "";
    auto it = case_grades.find(*r.case_id);
    return it == case_grades.end() ? "" : it->second;
  }
  // Titles and product texts here are ASCII or Chinese, so ASCII case folding
  // is the trigram index's folding.
  static bool contains(const std::string& hay, const std::string& needle) {
    return lower(hay).find(lower(needle)) != std::string::npos;
  }
  std::vector<Id> expected(const ReportFilter& f) const {
    std::vector<const Report*> rows;
    for (const auto& r : reports) {
      if (f.state && r.state != *f.state) continue;
      if (f.product_id && r.product_id != f.product_id) continue;
      if (f.submitter_user_id && r.submitter_user_id != f.submitter_user_id) continue;
      if (f.case_grade && grade_of(r) != *f.case_grade) continue;
      if (f.received_from && r.received_at < *f.received_from) continue;
      if (f.received_to && r.received_at >= *f.received_to) continue;
      if (!f.text.empty() && !contains(r.title, f.text) && !contains(r.product_text, f.text)) continue;
      rows.push_back(&r);
    }
    std::sort(rows.begin(), rows.end(), [&](const Report* a, const Report* b) {
      if (a->received_at != b->received_at)
        return f.newest_first ? a->received_at > b->received_at : a->received_at < b->received_at;
      return f.newest_first ? a->id > b->id : a->id < b->id;
    });
    std::vector<Id> ids;
    for (auto* r : rows) ids.push_back(r->id);
    return ids;
  }
};

std::string describe(const ReportFilter& f) {
  std::string s = "text='" + f.text + "'";
  if (f.state) s += " state=" + std::string(name_of(*f.state));
  if (f.product_id) s += " product=" + std::to_string(*f.product_id);
  if (f.submitter_user_id) s += " submitter=" + std::to_string(*f.submitter_user_id);
  if (f.case_grade) s += " grade=" + *f.case_grade;
  if (f.received_from) s += " from=" + std::to_string(to_micros(*f.received_from));
  if (f.received_to) s += " to=" + std::to_string(to_micros(*f.received_to));
  s += f.newest_first ? " desc" : " asc";
  s += " limit=" + std::to_string(f.page.limit);
  return s;
}

class ReportSearchTest : public ::testing::TestWithParam<test::Backend> {
 protected:
  void SetUp() override {
    LD_REQUIRE_BACKEND(GetParam());
    ASSERT_TRUE(crypto::init().ok());
    dir_ = fs::temp_directory_path() / ("loudong-search-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }
  void open() {
    auto s = db_.open(GetParam(), dir_);
    ASSERT_TRUE(s.ok()) << s.error().log_message();
    store_ = std::move(*s);
  }

  Report report(int n, const std::string& title, Time at) {
    Report r;
    r.tracking_id = "R-" + std::to_string(n);
    r.tracking_token_hash = crypto::sha256_hex("tok" + std::to_string(n));
    r.title = title;
    r.contact_email = "finder@example.com";
    r.receipt_seq = n;
    r.received_at = at;
    r.updated_at = at;
    return r;
  }

  // Inserts in order (ids 1, 2, ...), recording each in the model.
  void insert(std::vector<Report> rs) {
    auto st = store_->write([&](WriteTx& tx) -> Status {
      for (auto& r : rs) {
        LD_ASSIGN_OR_RETURN(r.id, tx.insert_report(r));
      }
      return {};
    });
    ASSERT_TRUE(st.ok()) << st.error().log_message();
    for (auto& r : rs) {
      ASSERT_EQ(r.id, static_cast<Id>(model_.reports.size()) + 1);
      model_.reports.push_back(r);
    }
  }

  Id add_case(int n, std::optional<Grade> g) {
    Case c;
    c.ref = "LD-2026-" + std::to_string(n);
    c.title = "case " + std::to_string(n);
    c.assessment.grade = g;
    c.aware_at = c.created_at = c.updated_at = t0();
    auto id = store_->write([&](WriteTx& tx) { return tx.insert_case(c); });
    EXPECT_TRUE(id.ok());
    model_.case_grades[*id] = g ? std::string(assessment::grade_code(*g)) : "none";
    return *id;
  }
  void regrade(Id case_id, std::optional<Grade> g) {
    auto st = store_->write([&](WriteTx& tx) -> Status {
      LD_ASSIGN_OR_RETURN(auto c, tx.get_case(case_id));
      c->assessment.grade = g;
      c->state = CaseState::confirmed;
      return tx.update_case(*c);
    });
    ASSERT_TRUE(st.ok()) << st.error().log_message();
    model_.case_grades[case_id] = g ? std::string(assessment::grade_code(*g)) : "none";
  }
  void link(Id report_id, std::optional<Id> case_id, ReportState state) {
    Report& r = model_.reports[report_id - 1];
    r.case_id = case_id;
    r.state = state;
    auto st = store_->write([&](WriteTx& tx) { return tx.update_report(r); });
    ASSERT_TRUE(st.ok()) << st.error().log_message();
  }

  // Follows the cursor to the end (or `max_pages`), checking every page and
  // the first page's total against the model.
  void check(ReportFilter f, int max_pages = 1000) {
    SCOPED_TRACE(describe(f));
    const auto want = model_.expected(f);
    std::vector<Id> got;
    f.page.cursor.clear();
    for (int page_no = 0; page_no < max_pages; ++page_no) {
      auto page = store_->read([&](ReadTx& tx) { return tx.reports(f); });
      ASSERT_TRUE(page.ok()) << page.error().log_message();
      if (page_no == 0) {
        std::int64_t n = static_cast<std::int64_t>(want.size());
        if (f.text.empty()) {
          EXPECT_EQ(page->total, n);
          EXPECT_FALSE(page->total_capped);
        } else {
          const bool others = f.state || f.product_id || f.submitter_user_id || f.case_grade || f.received_from ||
                              f.received_to;
          const auto cap = others ? ReportFilter::kFilteredTextTotalCap : ReportFilter::kTextTotalCap;
          EXPECT_EQ(page->total, std::min(n, cap));
          EXPECT_EQ(page->total_capped, n > cap);
        }
      } else {
        EXPECT_EQ(page->total, -1);
      }
      EXPECT_LE(static_cast<int>(page->items.size()), f.page.limit);
      for (auto& r : page->items) got.push_back(r.id);
      if (page->next_cursor.empty()) {
        EXPECT_EQ(got, want);
        return;
      }
      EXPECT_EQ(static_cast<int>(page->items.size()), f.page.limit);
      f.page.cursor = page->next_cursor;
    }
    ASSERT_LE(got.size(), want.size());
    EXPECT_EQ(got, std::vector<Id>(want.begin(), want.begin() + static_cast<long>(got.size())));
  }

  fs::path dir_;
  test::TestDb db_;  // before store_: the database outlives the store
  std::unique_ptr<Store> store_;
  Model model_;
};

Id add_user(Store& s, const std::string& name) {
  User u;
  u.username = name;
  u.password_hash = "x";
  u.finder = true;
  u.created_at = t0();
  auto id = s.write([&](WriteTx& tx) { return tx.insert_user(u); });
  EXPECT_TRUE(id.ok());
  return *id;
}

Id add_product(Store& s, const std::string& name) {
  auto org = s.write([&](WriteTx& tx) { return tx.insert_org({0, name + " Inc", OrgType::provider, "CN", "", t0()}); });
  EXPECT_TRUE(org.ok());
  Product p;
  p.provider_org = *org;
  p.name = name;
  p.created_at = p.updated_at = t0();
  auto id = s.write([&](WriteTx& tx) { return tx.insert_product(p); });
  EXPECT_TRUE(id.ok());
  return *id;
}

// 700 reports with a mix of states, products, finders, cases and grades;
// received_at mostly follows ids but some arrive up to 3.5 s "late" (as under
// concurrent intake) and some share a received_at.
TEST_P(ReportSearchTest, TextWithFiltersMatchesBruteForceInBothOrders) {
  open();
  const Id router = add_product(*store_, "Acme Router");
  const Id camera = add_product(*store_, "Globex Camera");
  const Id alice = add_user(*store_, "alice");
  const Id bob = add_user(*store_, "bob");
  std::mt19937 rng(14);
  const std::vector<std::string> titles = {"路由器 登录接口存在命令注入漏洞", "Command injection in Router admin page",
                                           "Path traversal in Mail Gateway", "摄像头 固件 越界读取",
                                           "Stored XSS in comments", "use after free in parser"};
  std::vector<Report> rs;
  Time at = t0();
  for (int n = 1; n <= 700; ++n) {
    if (n % 10 != 0) at += std::chrono::milliseconds(400 + static_cast<int>(rng() % 1200));  // every 10th: a tie
    Time when = at;
    if (n % 13 == 0) when -= std::chrono::milliseconds(3500);  // stored after later arrivals
    Report r = report(n, titles[rng() % titles.size()] + " #" + std::to_string(n), when);
    switch (rng() % 3) {
      case 0: r.product_id = router; break;
      case 1: r.product_id = camera; break;
      default: r.product_text = (rng() % 2) ? "某厂商 VPN 网关" : "Initech Mail Gateway";
    }
    if (rng() % 4 == 0) r.submitter_user_id = (rng() % 2) ? alice : bob;
    const ReportState states[] = {ReportState::received, ReportState::triage, ReportState::rejected,
                                  ReportState::needs_info};
    r.state = states[rng() % 4];
    rs.push_back(r);
  }
  insert(rs);
  // Cases of every grade; about a third of the reports join one.
  std::vector<Id> cases;
  const std::optional<Grade> grades[] = {Grade::critical, Grade::high, Grade::medium, Grade::low, std::nullopt};
  for (int n = 0; n < 10; ++n) cases.push_back(add_case(n, grades[n % 5]));
  for (Id id = 1; id <= 700; ++id)
    if (rng() % 3 == 0) link(id, cases[rng() % cases.size()], rng() % 2 ? ReportState::accepted : ReportState::duplicate);
  regrade(cases[0], Grade::low);        // critical -> low: its reports move
  regrade(cases[1], std::nullopt);      // high -> not graded
  regrade(cases[4], Grade::critical);   // not graded -> critical

  const Time mid = t0() + std::chrono::seconds(200);
  const Time late = t0() + std::chrono::seconds(450);
  std::vector<ReportFilter> filters;
  for (std::string text : {"router", "命令注入", "Mail Gateway", "#70", "no such words"}) {
    ReportFilter f;
    f.text = text;
    filters.push_back(f);
    f.state = ReportState::accepted;
    filters.push_back(f);
    f.state.reset();
    f.product_id = camera;
    filters.push_back(f);
    f.product_id.reset();
    f.submitter_user_id = alice;  // what a finder sees
    filters.push_back(f);
    f.state = ReportState::duplicate;
    filters.push_back(f);
    f.submitter_user_id.reset();
    f.state.reset();
    for (std::string g : {"critical", "low", "none", "medium"}) {
      f.case_grade = g;
      filters.push_back(f);
    }
    f.state = ReportState::accepted;
    filters.push_back(f);
    f.product_id = router;
    filters.push_back(f);
    f = ReportFilter{};
    f.text = text;
    f.received_from = mid;
    filters.push_back(f);
    f.received_to = late;
    filters.push_back(f);
    f.received_from.reset();
    f.state = ReportState::rejected;
    filters.push_back(f);
  }
  for (std::string g : {"critical", "high", "medium", "low", "none", "bogus"}) {
    ReportFilter f;
    f.case_grade = g;
    filters.push_back(f);
    f.state = ReportState::duplicate;
    filters.push_back(f);
  }
  for (auto f : filters) {
    for (bool newest : {true, false}) {
      for (int limit : {7, 50}) {
        f.newest_first = newest;
        f.page.limit = limit;
        check(f);
      }
    }
  }
}

// More matches than totals count (kTextTotalCap) and filters passing few of
// them (answered from the filters' side: a rare state, a finder's own two
// reports), half of them (counted to kFilteredTextTotalCap), or only an old
// stretch; a report received long before the ones stored ahead of it (a clock
// stepped back) still sorts right.
TEST_P(ReportSearchTest, ManyMatchesRareFiltersAndAClockSteppedBack) {
  open();
  const Id product = add_product(*store_, "Acme Router");
  const Id alice = add_user(*store_, "alice");
  std::vector<Report> rs;
  for (int n = 1; n <= 2600; ++n) {
    Report r = report(n, "Common widget flaw " + std::to_string(n), t0() + std::chrono::seconds(n));
    if (n % 500 == 0) r.state = ReportState::triage;  // 5 of them
    if (n == 7 || n == 2555) r.submitter_user_id = alice;
    if (n % 2 == 0) r.product_id = product;
    rs.push_back(r);
  }
  insert(rs);
  ReportFilter f;
  f.text = "widget";
  f.page.limit = 50;
  check(f, 3);
  f.newest_first = false;
  check(f, 3);
  f.newest_first = true;
  f.state = ReportState::triage;
  f.page.limit = 2;
  check(f);
  f.newest_first = false;
  check(f);
  f.state.reset();
  f.submitter_user_id = alice;
  check(f);
  f.newest_first = true;
  check(f);
  f.submitter_user_id.reset();
  f.product_id = product;  // half pass: the total is counted to the cap
  f.page.limit = 100;
  check(f, 3);
  f.text = "flaw 25";  // 111 matches (25, 250-259, 2500-2599), half of them the product's
  f.page.limit = 5;
  check(f);

  // A report received a day before everything else, stored last.
  insert({report(2601, "Common widget flaw late-stored", t0() - std::chrono::hours(24))});
  ReportFilter g;
  g.text = "widget";
  for (bool newest : {true, false}) {
    g.newest_first = newest;
    g.page.limit = 200;
    check(g);  // all 14 pages: the late-stored report comes last (first, oldest first)
  }
  g.newest_first = true;
  g.received_to = t0();
  g.page.limit = 10;
  check(g);  // only the early one
  g.received_to.reset();
  g.received_from = t0() + std::chrono::seconds(2590);
  check(g);
  g.newest_first = false;
  check(g);
}

// The case's grade follows a report into and between cases and follows the
// case's assessment; grade-only totals (kept by triggers) stay exact.
TEST_P(ReportSearchTest, CaseGradeFollowsLinksAndAssessments) {
  open();
  std::vector<Report> rs;
  for (int n = 1; n <= 6; ++n) rs.push_back(report(n, "report " + std::to_string(n), t0() + std::chrono::seconds(n)));
  insert(rs);
  Id a = add_case(1, Grade::high);
  Id b = add_case(2, std::nullopt);
  link(1, a, ReportState::accepted);
  link(2, a, ReportState::duplicate);
  link(3, b, ReportState::accepted);
  auto check_all = [&] {
    for (std::string g : {"critical", "high", "medium", "low", "none"}) {
      ReportFilter f;
      f.case_grade = g;
      check(f);
    }
  };
  check_all();
  regrade(a, Grade::critical);
  check_all();
  link(2, b, ReportState::duplicate);  // merged into the other case
  check_all();
  regrade(b, Grade::medium);
  check_all();
  link(3, std::nullopt, ReportState::rejected);  // no case: matches no grade
  check_all();
  Report r7 = report(7, "report 7", t0() + std::chrono::seconds(7));
  r7.case_id = a;  // stored already in a case
  insert({r7});
  check_all();
}

// The totals of the unfiltered, state-only and grade-only lists come from
// counter rows kept by triggers; after every kind of change (intake, state
// changes, links to cases, a merge into another case, regrading, a write that
// fails after changing reports and a case, intake from two store handles at
// once as from two processes) they equal a count through the rows (the same
// filter with a received_from that passes everything is counted by scan)
// and what the test wrote.
TEST_P(ReportSearchTest, CountedTotalsAgreeWithACountThroughTheRows) {
  auto where = db_.location(GetParam(), dir_);
  ASSERT_TRUE(where.ok()) << where.error().log_message();
  auto first = test::TestDb::open_at(GetParam(), *where);
  ASSERT_TRUE(first.ok()) << first.error().log_message();
  store_ = std::move(*first);
  const ReportState all_states[] = {ReportState::received, ReportState::triage,   ReportState::needs_info,
                                    ReportState::rejected, ReportState::duplicate, ReportState::accepted};
  auto total = [&](Store& s, ReportFilter f) {
    auto p = s.read([&](ReadTx& tx) { return tx.reports(f); });
    EXPECT_TRUE(p.ok()) << p.error().log_message();
    return p.ok() ? p->total : -1;
  };
  // Each list's total three ways; returns the unfiltered one.
  auto agree = [&](const std::string& when, bool with_model = true) {
    SCOPED_TRACE(when);
    std::vector<ReportFilter> filters(1);
    for (auto st : all_states) {
      filters.emplace_back();
      filters.back().state = st;
    }
    for (std::string g : {"critical", "high", "medium", "low", "none"}) {
      filters.emplace_back();
      filters.back().case_grade = g;
    }
    for (auto f : filters) {
      SCOPED_TRACE(describe(f));
      const std::int64_t counted = total(*store_, f);
      f.received_from = t0() - std::chrono::hours(24);  // every report: not a counter's filter
      EXPECT_EQ(counted, total(*store_, f));
      f.received_from.reset();
      if (with_model) {
        EXPECT_EQ(counted, static_cast<std::int64_t>(model_.expected(f).size()));
      }
    }
    return total(*store_, ReportFilter{});
  };

  std::vector<Report> rs;
  for (int n = 1; n <= 30; ++n) {
    Report r = report(n, "report " + std::to_string(n), t0() + std::chrono::seconds(n));
    r.state = all_states[n % 3];
    rs.push_back(r);
  }
  insert(rs);
  EXPECT_EQ(agree("after intake"), 30);
  const Id a = add_case(1, Grade::high), b = add_case(2, std::nullopt);
  for (Id id = 1; id <= 10; ++id) link(id, id % 2 ? a : b, ReportState::accepted);
  link(11, std::nullopt, ReportState::rejected);
  agree("after triage");
  link(2, a, ReportState::duplicate);  // merged into the other case
  link(4, a, ReportState::duplicate);
  agree("after a merge");
  regrade(a, Grade::critical);
  regrade(b, Grade::low);
  agree("after regrading");
  link(3, std::nullopt, ReportState::triage);  // taken out of its case
  Report r31 = report(31, "report 31", t0() + std::chrono::seconds(31));
  r31.case_id = b;  // stored in a case already
  r31.state = ReportState::duplicate;
  insert({r31});
  agree("after unlinking and intake into a case");

  auto failed = store_->write([&](WriteTx& tx) -> Status {
    LD_RETURN_IF_ERROR(tx.insert_report(report(99, "never stored", t0())).status());
    Report moved = model_.reports[0];
    moved.state = ReportState::rejected;
    moved.case_id = b;
    LD_RETURN_IF_ERROR(tx.update_report(moved));
    LD_ASSIGN_OR_RETURN(auto c, tx.get_case(a));
    c->assessment.grade = Grade::medium;
    LD_RETURN_IF_ERROR(tx.update_case(*c));
    return Error::conflict("refused after the changes");
  });
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(agree("after a failed write"), 31);

  // Two handles on one database, as two processes, taking reports at once.
  auto second = test::TestDb::open_at(GetParam(), *where);
  ASSERT_TRUE(second.ok()) << second.error().log_message();
  constexpr int kEach = 40;
  std::vector<std::thread> writers;
  std::atomic<int> failures{0};
  for (int w = 0; w < 2; ++w)
    writers.emplace_back([&, w] {
      Store& s = w == 0 ? *store_ : **second;
      for (int i = 0; i < kEach; ++i) {
        const int n = 1000 + w * kEach + i;
        auto r = s.write([&](WriteTx& tx) { return tx.insert_report(report(n, "burst", t0() + std::chrono::seconds(n))); });
        if (!r.ok()) ++failures;
      }
    });
  for (auto& t : writers) t.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(agree("after intake through two handles", false), 31 + 2 * kEach);
  ReportFilter received;
  received.state = ReportState::received;
  EXPECT_EQ(total(**second, received), total(*store_, received));
}

// Migration 6 (report list) on a store that already has reports and cases (as the 1M
// benchmark store): grades, grade totals and the order slack are computed
// from the existing rows.
TEST_P(ReportSearchTest, MigrationFillsGradesAndOrderSlackFromExistingRows) {
  // SQLite only: its migration 6 fills columns from rows an earlier schema
  // stored; PostgreSQL's history starts at the current shape.
  if (GetParam() != test::Backend::sqlite) GTEST_SKIP() << "SQLite's own migration history";
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((dir_ / "db.sqlite").string().c_str(), &db), SQLITE_OK);
    auto exec = [&](const std::string& sql) {
      char* err = nullptr;
      int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
      EXPECT_EQ(rc, SQLITE_OK) << (err ? err : "") << " in " << sql.substr(0, 80);
      sqlite3_free(err);
    };
    exec("CREATE TABLE schema_migrations(version INTEGER PRIMARY KEY, applied_at INTEGER NOT NULL)");
    for (int v = 1; v <= 3; ++v) {  // the migrations before this change
      exec(sqlite::kMigrations[v - 1]);
      exec("INSERT INTO schema_migrations VALUES (" + std::to_string(v) + ", 0)");
    }
    exec("INSERT INTO cases(id, ref, title, state, grade, aware_at, created_at, updated_at) VALUES "
         "(1, 'LD-1', 'one', 'fixing', 'high', 0, 0, 0), (2, 'LD-2', 'two', 'verifying', NULL, 0, 0, 0)");
    // Report 3 arrived 5 s before report 2 but was stored after it.
    exec("INSERT INTO reports(id, tracking_id, tracking_token_hash, state, title, channel, receipt_seq, case_id, "
         "received_at, updated_at) VALUES "
         "(1, 'R-1', 'h', 'accepted', 'Router flaw one', 'web', 1, 1, 1000000, 0), "
         "(2, 'R-2', 'h', 'duplicate', 'Router flaw two', 'web', 2, 1, 9000000, 0), "
         "(3, 'R-3', 'h', 'accepted', 'Router flaw three', 'web', 3, 2, 4000000, 0), "
         "(4, 'R-4', 'h', 'received', 'Router flaw four', 'web', 4, NULL, 9500000, 0)");
    sqlite3_close(db);
  }
  open();
  EXPECT_EQ(store_->schema_version(), static_cast<int>(sqlite::kMigrations.size()));
  auto count = [&](const std::string& g) {
    ReportFilter f;
    f.case_grade = g;
    auto p = store_->read([&](ReadTx& tx) { return tx.reports(f); });
    EXPECT_TRUE(p.ok());
    std::vector<Id> ids;
    for (auto& r : p->items) ids.push_back(r.id);
    return std::make_pair(p->total, ids);
  };
  EXPECT_EQ(count("high"), std::make_pair(std::int64_t{2}, std::vector<Id>{2, 1}));
  EXPECT_EQ(count("none"), std::make_pair(std::int64_t{1}, std::vector<Id>{3}));
  EXPECT_EQ(count("low").first, 0);
  for (bool newest : {true, false}) {
    ReportFilter f;
    f.text = "router";
    f.newest_first = newest;
    f.page.limit = 1;
    std::vector<Id> got;
    for (;;) {
      auto p = store_->read([&](ReadTx& tx) { return tx.reports(f); });
      ASSERT_TRUE(p.ok()) << p.error().log_message();
      for (auto& r : p->items) got.push_back(r.id);
      if (p->next_cursor.empty()) break;
      f.page.cursor = p->next_cursor;
    }
    EXPECT_EQ(got, newest ? std::vector<Id>({4, 2, 3, 1}) : std::vector<Id>({1, 3, 2, 4}));
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, ReportSearchTest, test::kBackends, test::backend_name);

}  // namespace
}  // namespace loudong::store
