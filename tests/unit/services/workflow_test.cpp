// The use cases over a real SQLite store with a manual clock: clocks start,
// move and stop on the events design.md names.
#include <filesystem>

#include <gtest/gtest.h>

#include "../store/backends.h"

#include "services/accounts.h"
#include "services/cases.h"
#include "services/filings.h"
#include "services/intake.h"
#include "services/policy_settings.h"
#include "services/products.h"
#include "services/receipt_log.h"
#include "services/triage.h"

namespace loudong::services {
namespace {

using namespace domain;
using namespace std::chrono;
namespace fs = std::filesystem;

class Flow : public ::testing::TestWithParam<::loudong::store::test::Backend> {
 protected:
  void SetUp() override {
    LD_REQUIRE_BACKEND(GetParam());
    ASSERT_TRUE(crypto::init().ok());
    dir_ = fs::temp_directory_path() / ("loudong-svc-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    {
      auto opened = db_.open(GetParam(), dir_);
      ASSERT_TRUE(opened.ok()) << opened.error().log_message();
      store_ = std::move(*opened);
    }
    ctx_.reset(new Context{*store_, clock_, {}, TimeZone(), crypto::generate_seal_key(), {}, std::nullopt, false});
    accounts_ = std::make_unique<Accounts>(*ctx_);
    ASSERT_TRUE(accounts_->bootstrap("Host", OrgType::platform, "CN", std::string("Host-Root-Password-1")).ok());
    staff_.actor.user_id = 1;
    staff_.actor.username = "admin";
    staff_.actor.platform_admin = true;
    staff_.actor.memberships = {{kHostOrg, Role::admin}};
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }

  ClockView clock_of(Id case_id, ClockKind k) {
    auto d = Cases(*ctx_).get(staff_, case_id);
    EXPECT_TRUE(d.ok());
    for (auto& c : d->clocks)
      if (c.kind == k) return c;
    ADD_FAILURE() << "no clock " << name_of(k);
    return {};
  }
  bool has_clock(Id case_id, ClockKind k) {
    auto d = Cases(*ctx_).get(staff_, case_id);
    for (auto& c : d->clocks)
      if (c.kind == k) return true;
    return false;
  }

  fs::path dir_;
  ManualClock clock_{*parse_time("2026-11-20T15:30:00Z")};
  ::loudong::store::test::TestDb db_;  // before store_: the database outlives the store
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<Context> ctx_;
  std::unique_ptr<Accounts> accounts_;
  Caller staff_;
};

TEST_P(Flow, RegulatoryClockRunsFromReceiptAndStopsOnSubmission) {
  Intake in(*ctx_);
  Triage tr(*ctx_);
  Cases cs(*ctx_);
  Filings fi(*ctx_);
  ReportInput r;
  r.title = "RCE";
  r.product_text = "Acme";
  r.product_version = "2.1";
  r.vuln_type = "command injection";
  r.impact = "root shell";
  r.contact_email = "f@example.com";
  Time received = clock_.now();
  auto sub = in.submit(Caller{}, r, {Channel::web, "127.0.0.1", "raw"});
  ASSERT_TRUE(sub.ok());
  clock_.advance(hours(30));  // triage took a day and more: the clock kept running
  ASSERT_TRUE(tr.transition(staff_, sub->report.id, {ReportState::triage, "", std::nullopt, ""}).ok());
  auto acc = tr.transition(staff_, sub->report.id, {ReportState::accepted, "", std::nullopt, ""});
  ASSERT_TRUE(acc.ok());
  Id case_id = *acc->case_id;
  auto d = cs.get(staff_, case_id);
  ASSERT_TRUE(d.ok());
  const ClockView* reg = nullptr;
  for (auto& c : d->clocks)
    if (c.kind == ClockKind::regulatory_report) reg = &c;
  ASSERT_TRUE(reg);
  EXPECT_EQ(reg->started_at, received);
  EXPECT_EQ(reg->due_at, received + hours(48));
  EXPECT_EQ(reg->state, ClockState::on_time);  // 18 h left of 48: due_soon starts at 12 h

  auto draft = fi.draft(staff_, case_id, RegulatoryFields{.scope = std::string("2.x"), .provider_name = std::string("Acme"),
                                                          .contact_email = std::string("psirt@acme.example")});
  ASSERT_TRUE(draft.ok()) << draft.error().message();
  // Submitting with a time before awareness or in the future is refused.
  Submission early{"nvdb-web", "X", received - hours(1)};
  EXPECT_EQ(fi.submit(staff_, draft->id, early).error().fields().at(0).code, "too_early");
  Submission future{"nvdb-web", "X", clock_.now() + hours(1)};
  EXPECT_EQ(fi.submit(staff_, draft->id, future).error().fields().at(0).code, "in_future");
  clock_.advance(hours(17) + minutes(59));  // 47h59m after receipt
  auto done = fi.submit(staff_, draft->id, {"nvdb-web", "NVDB-1", std::nullopt});
  ASSERT_TRUE(done.ok()) << done.error().message();
  EXPECT_EQ(done->state, RegulatoryState::submitted);
  d = cs.get(staff_, case_id);
  for (auto& c : d->clocks) {
    if (c.kind == ClockKind::regulatory_report) {
      EXPECT_EQ(c.state, ClockState::met);
    }
  }
  // A second submission of the same report is a conflict, not a second stop.
  EXPECT_EQ(fi.submit(staff_, draft->id, {"nvdb-web", "NVDB-1", std::nullopt}).error().kind(), ErrorKind::conflict);
}

// Found by the browser suite after 16:00 UTC: a date typed in Beijing was
// compared with UTC's date, so today was "in the future" for eight hours.
TEST_P(Flow, DatesAreTodayWhereThePlatformIs) {
  ctx_->zone = TimeZone::fixed("UTC+08:00", 8 * 3600);
  clock_.set(*parse_time("2026-11-20T17:00:00Z"));  // 01:00 on 21 November in Beijing
  Intake in(*ctx_);
  ReportInput r;
  r.title = "RCE";
  r.product_text = "Acme";
  r.vuln_type = "command injection";
  r.impact = "root shell";
  r.contact_email = "f@example.com";
  r.discovered_on = "2026-11-21";
  auto today = in.submit(Caller{}, r, {Channel::web, "127.0.0.1", "raw"});
  ASSERT_TRUE(today.ok()) << today.error().message();
  r.discovered_on = "2026-11-22";
  auto tomorrow = in.submit(Caller{}, r, {Channel::web, "127.0.0.1", "raw"});
  ASSERT_FALSE(tomorrow.ok());
  EXPECT_EQ(tomorrow.error().fields().at(0).code, "in_future");
}

TEST_P(Flow, EarlierDuplicateMovesAwarenessBack) {
  Intake in(*ctx_);
  Triage tr(*ctx_);
  Cases cs(*ctx_);
  ReportInput r;
  r.title = "first";
  r.product_text = "Acme";
  r.impact = "x";
  r.contact_email = "f@example.com";
  Time t_early = clock_.now();
  auto early = in.submit(Caller{}, r, {Channel::web, "", "a"});
  clock_.advance(hours(5));
  r.title = "second";
  auto late = in.submit(Caller{}, r, {Channel::web, "", "b"});
  ASSERT_TRUE(early.ok() && late.ok());
  // The later report is accepted first; the earlier one turns out to be a duplicate.
  ASSERT_TRUE(tr.transition(staff_, late->report.id, {ReportState::triage, "", std::nullopt, ""}).ok());
  auto acc = tr.transition(staff_, late->report.id, {ReportState::accepted, "", std::nullopt, ""});
  ASSERT_TRUE(acc.ok());
  ASSERT_TRUE(tr.transition(staff_, early->report.id, {ReportState::triage, "", std::nullopt, ""}).ok());
  auto dup = tr.transition(staff_, early->report.id, {ReportState::duplicate, "same flaw", acc->case_id, ""});
  ASSERT_TRUE(dup.ok()) << dup.error().message();
  auto d = cs.get(staff_, *acc->case_id);
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->case_.aware_at, t_early);
  int regulatory = 0;
  for (auto& c : d->clocks)
    if (c.kind == ClockKind::regulatory_report) {
      ++regulatory;
      EXPECT_EQ(c.due_at, t_early + hours(48));
    }
  EXPECT_EQ(regulatory, 1);  // the duplicate's own clock is cancelled, not doubled
  EXPECT_EQ(d->reports.size(), 2u);
}

TEST_P(Flow, FinderAckStopsAtFirstWordToTheFinderOnly) {
  Intake in(*ctx_);
  Triage tr(*ctx_);
  Cases cs(*ctx_);
  ReportInput r;
  r.title = "t";
  r.product_text = "p";
  r.impact = "i";
  r.contact_email = "f@example.com";
  auto sub = in.submit(Caller{}, r, {Channel::web, "", "x"});
  ASSERT_TRUE(sub.ok());
  ASSERT_TRUE(tr.transition(staff_, sub->report.id, {ReportState::triage, "", std::nullopt, ""}).ok());
  auto acc = tr.transition(staff_, sub->report.id, {ReportState::accepted, "", std::nullopt, ""});
  Id case_id = *acc->case_id;
  clock_.advance(hours(2));
  ASSERT_TRUE(cs.post_message(staff_, case_id, Visibility::coordinators, "internal note").ok());
  auto d = cs.get(staff_, case_id);
  for (auto& c : d->clocks) {
    if (c.kind == ClockKind::finder_ack) {
      EXPECT_FALSE(c.stopped_at.has_value());
    }
  }
  clock_.advance(hours(1));
  ASSERT_TRUE(cs.post_message(staff_, case_id, Visibility::finder, "thanks, we are on it").ok());
  d = cs.get(staff_, case_id);
  for (auto& c : d->clocks)
    if (c.kind == ClockKind::finder_ack) {
      EXPECT_EQ(c.state, ClockState::met);
      EXPECT_EQ(*c.stopped_at, clock_.now());
    }
  // The finder sees the finder message and not the internal note.
  auto view = in.track(sub->report.tracking_id, sub->tracking_token);
  ASSERT_TRUE(view.ok());
  ASSERT_EQ(view->messages.size(), 1u);
  EXPECT_EQ(view->messages[0].body, "thanks, we are on it");
  EXPECT_FALSE(in.track(sub->report.tracking_id, "wrong-token").ok());
}

TEST_P(Flow, FixClockFollowsGradeAndUserNoticeFollowsFix) {
  Intake in(*ctx_);
  Triage tr(*ctx_);
  Cases cs(*ctx_);
  Filings fi(*ctx_);
  Products pr(*ctx_);
  auto org = accounts_->create_org(staff_, {0, "Acme", OrgType::provider, "CN", "", {}});
  ASSERT_TRUE(org.ok());
  ProductInput pi;
  pi.provider_org = org->id;
  pi.name = std::string("Router");
  pi.customers = std::vector<Customer>{{std::nullopt, "Telecom A", "a@example.com"}, {std::nullopt, "Telecom B", ""}};
  auto prod = pr.create(staff_, pi);
  ASSERT_TRUE(prod.ok()) << prod.error().message();
  ReportInput r;
  r.title = "t";
  r.product_id = prod->id;
  r.impact = "i";
  r.contact_email = "f@example.com";
  auto sub = in.submit(Caller{}, r, {Channel::web, "", "x"});
  ASSERT_TRUE(tr.transition(staff_, sub->report.id, {ReportState::triage, "", std::nullopt, ""}).ok());
  Id case_id = *tr.transition(staff_, sub->report.id, {ReportState::accepted, "", std::nullopt, ""})->case_id;
  Time confirmed = clock_.now();
  ASSERT_TRUE(cs.transition(staff_, case_id, CaseState::confirmed, "").ok());
  EXPECT_EQ(clock_of(case_id, ClockKind::fix).due_at, confirmed + days(30));  // ungraded: high's duration
  ASSERT_TRUE(cs.assess(staff_, case_id, {.cvss31_vector = std::string("CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H")}).ok());
  EXPECT_EQ(clock_of(case_id, ClockKind::fix).due_at, confirmed + days(7));  // critical
  ASSERT_TRUE(cs.assess(staff_, case_id, {.cvss31_vector = std::string("CVSS:3.1/AV:L/AC:H/PR:H/UI:R/S:U/C:L/I:N/A:N")}).ok());
  EXPECT_EQ(clock_of(case_id, ClockKind::fix).due_at, confirmed + days(180));  // low
  EXPECT_FALSE(has_clock(case_id, ClockKind::user_notice));
  ASSERT_TRUE(cs.transition(staff_, case_id, CaseState::fixing, "").ok());
  clock_.advance(days(3));
  ASSERT_TRUE(cs.transition(staff_, case_id, CaseState::fixed, "").ok());
  EXPECT_EQ(clock_of(case_id, ClockKind::fix).state, ClockState::met);
  EXPECT_EQ(clock_of(case_id, ClockKind::user_notice).state, ClockState::on_time);
  // One of two customers told: still running; both: met.
  ASSERT_TRUE(fi.user_notice(staff_, case_id, {"Telecom A", "a@example.com", std::nullopt, "email", "msg-1"}).ok());
  EXPECT_FALSE(clock_of(case_id, ClockKind::user_notice).stopped_at.has_value());
  ASSERT_TRUE(fi.user_notice(staff_, case_id, {"Telecom B", "", std::nullopt, "phone", ""}).ok());
  EXPECT_EQ(clock_of(case_id, ClockKind::user_notice).state, ClockState::met);
}

TEST_P(Flow, UpstreamClockStartsWhenMarkedAndStopsOnNoticeWithEvidence) {
  Intake in(*ctx_);
  Triage tr(*ctx_);
  Cases cs(*ctx_);
  Filings fi(*ctx_);
  ReportInput r;
  r.title = "log4j in our product";
  r.product_text = "p";
  r.impact = "i";
  r.contact_email = "f@example.com";
  auto sub = in.submit(Caller{}, r, {Channel::web, "", "x"});
  ASSERT_TRUE(tr.transition(staff_, sub->report.id, {ReportState::triage, "", std::nullopt, ""}).ok());
  Id case_id = *tr.transition(staff_, sub->report.id, {ReportState::accepted, "", std::nullopt, ""})->case_id;
  EXPECT_FALSE(has_clock(case_id, ClockKind::upstream_notice));
  Time marked = clock_.now();
  CaseUpdate u;
  u.upstream = Upstream{"pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1", std::nullopt, "Apache Software Foundation"};
  ASSERT_TRUE(cs.update(staff_, case_id, u).ok());
  EXPECT_EQ(clock_of(case_id, ClockKind::upstream_notice).due_at, marked + hours(24));
  auto no_evidence = fi.upstream_notice(staff_, case_id, {"Apache", std::nullopt, "log4j-core", std::nullopt, "email", ""});
  ASSERT_FALSE(no_evidence.ok());
  EXPECT_EQ(no_evidence.error().fields().at(0).field, "evidence");
  clock_.advance(hours(25));
  ASSERT_TRUE(fi.upstream_notice(staff_, case_id, {"Apache", std::nullopt, "log4j-core", std::nullopt, "email",
                                                    "Message-ID: <abc@example.com>"})
                  .ok());
  EXPECT_EQ(clock_of(case_id, ClockKind::upstream_notice).state, ClockState::missed);
}

TEST_P(Flow, RejectedReportCancelsItsRegulatoryClock) {
  Intake in(*ctx_);
  Triage tr(*ctx_);
  ReportInput r;
  r.title = "spam";
  r.product_text = "p";
  r.impact = "i";
  r.contact_email = "f@example.com";
  auto sub = in.submit(Caller{}, r, {Channel::web, "", "x"});
  ASSERT_TRUE(tr.transition(staff_, sub->report.id, {ReportState::triage, "", std::nullopt, ""}).ok());
  EXPECT_FALSE(tr.transition(staff_, sub->report.id, {ReportState::rejected, "", std::nullopt, ""}).ok());  // needs a reason
  ASSERT_TRUE(tr.transition(staff_, sub->report.id, {ReportState::rejected, "not reproducible", std::nullopt, ""}).ok());
  auto clocks = store_->read([&](store::ReadTx& tx) { return tx.clocks_of(sub->report.id, std::nullopt); });
  ASSERT_TRUE(clocks.ok());
  for (auto& c : *clocks) {
    EXPECT_NE(c.kind, ClockKind::regulatory_report);
    if (c.kind == ClockKind::finder_ack) {
      EXPECT_TRUE(c.stopped_at.has_value());  // the finder was told why
    }
  }
}

TEST_P(Flow, ReceiptForEveryReportAndFinderReply) {
  Intake in(*ctx_);
  ReceiptLog log(*ctx_);
  ReportInput r;
  r.title = "t";
  r.product_text = "p";
  r.impact = "i";
  r.contact_email = "f@example.com";
  auto a = in.submit(Caller{}, r, {Channel::web, "10.1.2.3", "raw body a"});
  auto b = in.submit(Caller{}, r, {Channel::api, "10.1.2.4", "raw body b"});
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->receipt.content_sha256, crypto::sha256_hex("raw body a"));
  EXPECT_EQ(b->receipt.prev_hash, a->receipt.hash);
  ASSERT_TRUE(in.reply(a->report.tracking_id, a->tracking_token, "more details", {Channel::web, "10.1.2.3", "reply"}).ok());
  auto v = log.verify();
  ASSERT_TRUE(v.ok());
  EXPECT_TRUE(v->ok) << v->problem;
  EXPECT_EQ(v->checked, 3);
  // Purging inside the retention is refused.
  auto p = log.purge(clock_.now() - days(10));
  ASSERT_FALSE(p.ok());
  EXPECT_EQ(p.error().fields().at(0).code, "inside_retention");
  clock_.advance(days(200));
  auto q = log.purge(clock_.now() - days(180));
  ASSERT_TRUE(q.ok()) << q.error().message();
  EXPECT_EQ(q->removed, 3);
  v = log.verify();
  EXPECT_TRUE(v->ok) << v->problem;  // anchored: the empty rest still verifies
}

TEST_P(Flow, UnansweredNeedsInfoClosesAfterTheTimeout) {
  Intake in(*ctx_);
  Triage tr(*ctx_);
  ReportInput r;
  r.title = "unclear";
  r.product_text = "p";
  r.impact = "i";
  r.contact_email = "f@example.com";
  auto quiet = in.submit(Caller{}, r, {Channel::web, "", "a"});
  auto answered = in.submit(Caller{}, r, {Channel::web, "", "b"});
  for (auto* s : {&quiet, &answered}) {
    ASSERT_TRUE(tr.transition(staff_, (*s)->report.id, {ReportState::triage, "", std::nullopt, ""}).ok());
    ASSERT_TRUE(tr.transition(staff_, (*s)->report.id, {ReportState::needs_info, "which firmware?", std::nullopt, ""}).ok());
  }
  clock_.advance(days(29));
  ASSERT_TRUE(in.reply(answered->report.tracking_id, answered->tracking_token, "2.1", {Channel::web, "", "c"}).ok());
  EXPECT_EQ(*tr.close_unanswered(), 0);  // not yet 30 days
  clock_.advance(days(1));
  EXPECT_EQ(*tr.close_unanswered(), 1);
  EXPECT_EQ(tr.get(staff_, quiet->report.id)->state, ReportState::rejected);
  EXPECT_EQ(tr.get(staff_, answered->report.id)->state, ReportState::triage);
  auto view = in.track(quiet->report.tracking_id, quiet->tracking_token);
  ASSERT_TRUE(view.ok());
  EXPECT_NE(view->messages.back().body.find("no answer within 30 days"), std::string::npos);
}

TEST_P(Flow, PolicyChangesApplyAtOnceOnlyFromAdminsAndSurviveAReload) {
  PolicySettings ps(*ctx_);
  Caller coordinator;
  coordinator.actor.user_id = 99;
  coordinator.actor.username = "coord";
  coordinator.actor.memberships = {{kHostOrg, Role::coordinator}};
  Caller provider_admin = coordinator;
  provider_admin.actor.memberships = {{2, Role::admin}};

  for (const auto* c : {&coordinator, &provider_admin}) {
    auto denied = ps.update(*c, {{"regulatory_report_hours", 24}});
    ASSERT_FALSE(denied.ok());
    EXPECT_EQ(denied.error().http_status(), 403);
    EXPECT_EQ(ps.changes(*c, {}).error().http_status(), 404);
    EXPECT_FALSE(ps.view(*c)->can_edit);
  }
  EXPECT_EQ(ps.update(Caller{}, {{"fix_low_days", 3}}).error().http_status(), 401);

  auto refused = ps.update(staff_, {{"fix_critical_days", 3}, {"receipt_retention_days", 100}});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().http_status(), 422);
  EXPECT_EQ(refused.error().fields().at(0).field, "receipt_retention_days");
  EXPECT_EQ(ctx_->policy.get().fix_critical, days(7)) << "a refused change changes nothing";
  EXPECT_TRUE(ps.changes(staff_, {})->items.empty());

  auto ok = ps.update(staff_, {{"regulatory_report_hours", 24}});
  ASSERT_TRUE(ok.ok()) << ok.error().message();
  EXPECT_TRUE(ok->can_edit);
  EXPECT_EQ(ctx_->policy.get().regulatory_report, hours(24));
  EXPECT_EQ(ctx_->policy.configured().regulatory_report, hours(48));
  // New clocks use it at once.
  Intake in(*ctx_);
  ReportInput r;
  r.title = "t";
  r.product_text = "p";
  r.impact = "i";
  r.contact_email = "f@example.com";
  auto sub = in.submit(Caller{}, r, {Channel::web, "", "x"});
  ASSERT_TRUE(sub.ok());
  auto clocks = store_->read([&](store::ReadTx& tx) { return tx.clocks_of(sub->report.id, std::nullopt); });
  ASSERT_TRUE(clocks.ok());
  for (const auto& k : *clocks)
    if (k.kind == ClockKind::regulatory_report) {
      EXPECT_EQ(k.due_at - k.started_at, hours(24));
    }

  auto changes = ps.changes(staff_, {});
  ASSERT_TRUE(changes.ok());
  ASSERT_EQ(changes->items.size(), 1u);
  EXPECT_EQ(changes->items[0].field, "regulatory_report_hours");
  EXPECT_EQ(changes->items[0].old_value, 48);
  EXPECT_EQ(changes->items[0].new_value, 24);
  EXPECT_EQ(changes->items[0].actor_name, "admin");
  EXPECT_EQ(changes->items[0].at, clock_.now());

  // A new process with another config file: the stored value still wins.
  Policy configured;
  configured.regulatory_report = hours(36);
  configured.fix_high = days(20);
  Context fresh{*store_, clock_, configured, TimeZone(), crypto::generate_seal_key(), {}, std::nullopt, false};
  ASSERT_TRUE(load_stored_policy(fresh).ok());
  EXPECT_EQ(fresh.policy.get().regulatory_report, hours(24));
  EXPECT_EQ(fresh.policy.get().fix_high, days(20));
  // Removing the stored value goes back to the config file's.
  PolicySettings ps2(fresh);
  auto back = ps2.update(staff_, {{"regulatory_report_hours", std::nullopt}});
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(fresh.policy.get().regulatory_report, hours(36));
  EXPECT_FALSE(back->settings.front().stored);
  EXPECT_EQ(ps2.changes(staff_, {})->items.front().stored, false);
}

TEST_P(Flow, SignedInFindersSeeAndAnswerTheirOwnReportsOnly) {
  Intake in(*ctx_);
  Triage tr(*ctx_);
  auto make = [&](const std::string& name) {
    auto u = accounts_->register_finder({name, "finder-password-1", name + " Display", name + "@example.com", {}, false}, "10.0.0.1");
    EXPECT_TRUE(u.ok()) << (u.ok() ? "" : u.error().message());
    Caller c;
    c.actor.user_id = u->id;
    c.actor.username = name;
    return c;
  };
  Caller fiona = make("fiona"), oscar = make("oscar");
  ReportInput r;
  r.title = "mine";
  r.product_text = "p";
  r.impact = "i";
  auto sub = in.submit(fiona, r, {Channel::web, "", "x"});
  ASSERT_TRUE(sub.ok()) << sub.error().message();
  ASSERT_TRUE(in.submit(Caller{}, ReportInput{.title = "anon", .product_text = "p", .impact = "i", .contact_email = "a@b.cn"},
                        {Channel::web, "", "y"})
                  .ok());
  EXPECT_EQ(in.own_reports(fiona, {})->items.size(), 1u);
  EXPECT_TRUE(in.own_reports(oscar, {})->items.empty());
  EXPECT_TRUE(in.own_reports(staff_, {})->items.empty()) << "my reports are the caller's own, even for staff";
  EXPECT_EQ(in.own_reports(Caller{}, {}).error().http_status(), 401);
  Id id = sub->report.id;
  EXPECT_EQ(in.track_own(oscar, id).error().http_status(), 404);
  EXPECT_EQ(in.track_own(staff_, id).error().http_status(), 404);
  EXPECT_EQ(in.reply_own(oscar, id, "x", {Channel::web, "", "z"}).error().http_status(), 404);

  ASSERT_TRUE(tr.transition(staff_, id, {ReportState::triage, "", std::nullopt, ""}).ok());
  ASSERT_TRUE(tr.post_message(staff_, id, Visibility::coordinators, "internal").ok());
  ASSERT_TRUE(tr.transition(staff_, id, {ReportState::needs_info, "which build?", std::nullopt, ""}).ok());
  auto v = in.track_own(fiona, id);
  ASSERT_TRUE(v.ok());
  ASSERT_EQ(v->messages.size(), 1u);
  EXPECT_EQ(v->messages[0].body, "which build?");
  auto m = in.reply_own(fiona, id, "build 7", {Channel::web, "", "reply"});
  ASSERT_TRUE(m.ok()) << m.error().message();
  EXPECT_TRUE(m->from_finder);
  EXPECT_EQ(m->author_user_id, fiona.actor.user_id);
  EXPECT_EQ(tr.get(staff_, id)->state, ReportState::triage);
  EXPECT_EQ(tr.get(staff_, id)->submitter_name, "fiona Display");
}

INSTANTIATE_TEST_SUITE_P(Backends, Flow, ::loudong::store::test::kBackends, ::loudong::store::test::backend_name);

}  // namespace
}  // namespace loudong::services
