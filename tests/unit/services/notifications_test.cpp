// Fan-out of events to webhook subscriptions and members' email, per their
// preferences, written in the caller's transaction (a real SQLite store).
#include <filesystem>
#include <set>

#include <gtest/gtest.h>

#include "../store/backends.h"
#include <nlohmann/json.hpp>

#include "services/accounts.h"
#include "services/notifications.h"

namespace loudong::services {
namespace {

using namespace domain;
using namespace std::chrono;
namespace fs = std::filesystem;
using assessment::Grade;

TEST(Wants, EventsAndGradeFilters) {
  EXPECT_TRUE(wants({}, std::nullopt, "clock.overdue", Grade::low));
  EXPECT_TRUE(wants({"clock.overdue"}, std::nullopt, "clock.overdue", std::nullopt));
  EXPECT_FALSE(wants({"clock.overdue"}, std::nullopt, "clock.due_soon", std::nullopt));
  EXPECT_TRUE(wants({}, Grade::high, "x", Grade::critical));
  EXPECT_TRUE(wants({}, Grade::high, "x", Grade::high));
  EXPECT_FALSE(wants({}, Grade::high, "x", Grade::medium));
  EXPECT_FALSE(wants({}, Grade::critical, "x", Grade::high));
  EXPECT_TRUE(wants({}, Grade::critical, "x", std::nullopt)) << "ungraded events are never hidden by a grade filter";
}

TEST(Localised, EachLanguageAndBoth) {
  EXPECT_EQ(localised("zh-CN", "主题", "Subject", "正文", "Body").first, "主题");
  EXPECT_EQ(localised("en-US", "主题", "Subject", "正文", "Body").second, "Body");
  auto both = localised("both", "主题", "Subject", "正文", "Body");
  EXPECT_EQ(both.first, "主题 / Subject");
  EXPECT_LT(both.second.find("正文"), both.second.find("Body"));
}

class Fanout : public ::testing::TestWithParam<::loudong::store::test::Backend> {
 protected:
  void SetUp() override {
    LD_REQUIRE_BACKEND(GetParam());
    ASSERT_TRUE(crypto::init().ok());
    dir_ = fs::temp_directory_path() / ("loudong-notif-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    {
      auto opened = db_.open(GetParam(), dir_);
      ASSERT_TRUE(opened.ok()) << opened.error().log_message();
      store_ = std::move(*opened);
    }
    ctx_.reset(new Context{*store_, clock_, {}, TimeZone::fixed("UTC+08:00", 8 * 3600), crypto::generate_seal_key()});
    ASSERT_TRUE(store_->write([&](store::WriteTx& tx) -> Status {
      LD_ASSIGN_OR_RETURN(org_, tx.insert_org({0, "Acme", OrgType::provider, "CN", "", now()}));
      auto user = [&](const char* name, const char* email, Role role) -> Result<Id> {
        User u;
        u.username = name;
        u.email = email;
        u.password_hash = "x";
        u.created_at = now();
        LD_ASSIGN_OR_RETURN(Id id, tx.insert_user(u));
        LD_RETURN_IF_ERROR(tx.set_membership(id, {org_, role}));
        return id;
      };
      LD_ASSIGN_OR_RETURN(admin_, user("admin", "admin@acme.cn", Role::admin));
      LD_ASSIGN_OR_RETURN(digest_, user("digest", "digest@acme.cn", Role::member));
      LD_ASSIGN_OR_RETURN(picky_, user("picky", "picky@acme.cn", Role::coordinator));
      LD_RETURN_IF_ERROR(user("noemail", "", Role::member).status());
      LD_RETURN_IF_ERROR(user("auditor", "auditor@acme.cn", Role::auditor).status());
      store::NotificationPrefs d = default_prefs(digest_);
      d.digest = true;
      LD_RETURN_IF_ERROR(tx.put_notification_prefs(d));
      store::NotificationPrefs p;
      p.user_id = picky_;
      p.events = {"case.confirmed"};
      p.min_grade = Grade::high;
      p.language = "en-US";
      LD_RETURN_IF_ERROR(tx.put_notification_prefs(p));
      store::WebhookSubscription w;
      w.org_id = org_;
      w.url = "http://127.0.0.1:9/h";
      w.events = {"clock.overdue"};
      w.min_grade = Grade::high;
      w.secret_sealed = crypto::seal(ctx_->seal_key, "s");
      w.created_at = w.updated_at = now();
      return tx.insert_webhook(w).status();
    }).ok());
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }
  Time now() const { return clock_.now(); }
  int emit_event(const NotificationEvent& ev) {
    return store_->write([&](store::WriteTx& tx) { return emit(tx, *ctx_, now(), ev); }).value();
  }
  std::vector<store::OutboxMessage> all() {
    store::OutboxFilter f;
    f.limit = 100;
    return store_->read([&](store::ReadTx& tx) { return tx.outbox(f); }).value();
  }
  NotificationEvent event(const std::string& kind, std::optional<Grade> g, const std::string& dedupe) {
    NotificationEvent ev;
    ev.kind = kind;
    ev.org_id = org_;
    ev.grade = g;
    ev.subject_type = "case";
    ev.subject_id = 1;
    ev.subject_zh = "主题";
    ev.subject_en = "Subject";
    ev.body_zh = "正文";
    ev.body_en = "Body";
    ev.dedupe = dedupe;
    return ev;
  }

  fs::path dir_;
  // 2026-12-07 01:30 UTC = 09:30 in UTC+8: the next 08:00 digest is tomorrow's.
  ManualClock clock_{from_micros(1'796'607'000'000'000)};
  ::loudong::store::test::TestDb db_;  // before store_: the database outlives the store
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<Context> ctx_;
  Id org_ = 0, admin_ = 0, digest_ = 0, picky_ = 0;
};

TEST_P(Fanout, DefaultPreferencesDigestsAndAuditors) {
  EXPECT_EQ(emit_event(event("report.received", std::nullopt, "a")), 2);
  auto msgs = all();
  std::set<std::string> to;
  for (const auto& m : msgs) to.insert(m.target);
  EXPECT_EQ(to, (std::set<std::string>{"admin@acme.cn", "digest@acme.cn"}))
      << "not the auditor, not the member without email, not the one who chose other events, no webhook";
  for (const auto& m : msgs) {
    auto p = nlohmann::json::parse(m.payload);
    EXPECT_EQ(p["subject"], "主题") << "zh-CN by default";
    if (m.target == "digest@acme.cn") {
      EXPECT_TRUE(p["digest"].get<bool>());
      // Next 08:00 at UTC+8 after 09:30 local is tomorrow 00:00 UTC.
      EXPECT_EQ(format_utc(m.next_attempt_at), "2026-12-08T00:00:00Z");
    } else {
      EXPECT_EQ(m.next_attempt_at, now());
    }
  }
  EXPECT_EQ(emit_event(event("report.received", std::nullopt, "a")), 0) << "the same event twice makes nothing new";
}

TEST_P(Fanout, GradeFiltersWebhooksAndEscalation) {
  auto ev = event("clock.overdue", Grade::medium, "overdue");
  ev.escalate_to_admins = true;
  EXPECT_EQ(emit_event(ev), 2) << "admin (escalated) and digest member; webhook filtered by grade";
  ev = event("clock.overdue", Grade::critical, "overdue2");
  EXPECT_EQ(emit_event(ev), 3) << "webhook, admin, digest member";
  int webhooks = 0;
  for (const auto& m : all())
    if (m.kind == store::OutboxKind::webhook) {
      ++webhooks;
      auto body = nlohmann::json::parse(nlohmann::json::parse(m.payload)["body"].get<std::string>());
      EXPECT_EQ(body["event"], "clock.overdue");
      EXPECT_EQ(body["grade"], "critical");
      EXPECT_EQ(body["id"], m.idempotency_key) << "receivers dedupe on the delivery id";
    }
  EXPECT_EQ(webhooks, 1);
  ev = event("case.confirmed", Grade::high, "c");
  emit_event(ev);
  bool picky_got = false;
  for (const auto& m : all())
    if (m.target == "picky@acme.cn") {
      picky_got = true;
      EXPECT_EQ(nlohmann::json::parse(m.payload)["subject"], "Subject") << "their language";
    }
  EXPECT_TRUE(picky_got);
}

TEST_P(Fanout, PublishQueuesOneEventRowThatFansOutLikeEmit) {
  auto ev = event("clock.overdue", Grade::critical, "p");
  ev.escalate_to_admins = true;
  ev.data = {{"clock", "regulatory_report"}};
  ev.title = "标题";
  int n = store_->write([&](store::WriteTx& tx) { return publish(tx, *ctx_, now(), ev); }).value();
  EXPECT_EQ(n, 1);
  EXPECT_EQ(store_->write([&](store::WriteTx& tx) { return publish(tx, *ctx_, now(), ev); }).value(), 0)
      << "the same event is queued once";
  store::OutboxFilter f;
  f.include_events = true;
  auto rows = store_->read([&](store::ReadTx& tx) { return tx.outbox(f); }).value();
  ASSERT_EQ(rows.size(), 1u);
  EXPECT_EQ(rows[0].kind, store::OutboxKind::event);
  EXPECT_TRUE(all().empty()) << "event rows are not deliveries";
  auto back = event_from_json(nlohmann::json::parse(rows[0].payload));
  ASSERT_TRUE(back.ok()) << back.error().message();
  EXPECT_EQ(back->second, now());
  EXPECT_EQ(event_to_json(back->first, back->second), event_to_json(ev, now())) << "nothing lost on the way";
  EXPECT_EQ(store_->write([&](store::WriteTx& tx) { return emit(tx, *ctx_, back->second, back->first); }).value(), 3);
  EXPECT_FALSE(event_from_json(nlohmann::json::parse(R"({"kind":"x"})")).ok());
  EXPECT_FALSE(event_from_json(nlohmann::json::parse(R"([1,2])")).ok());
  EXPECT_FALSE(event_from_json(nlohmann::json::parse(R"({"kind":"x","occurred_at":1,"subject_id":"seven"})")).ok());
}

TEST_P(Fanout, FailureEventsNeverGoToWebhooksAndOffMeansOff) {
  auto ev = event("delivery.failed", Grade::critical, "d");
  ev.escalate_to_admins = true;
  emit_event(ev);
  for (const auto& m : all()) EXPECT_NE(m.kind, store::OutboxKind::webhook);
  ctx_->notify.enabled = false;
  EXPECT_EQ(emit_event(event("clock.overdue", Grade::critical, "x")), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, Fanout, ::loudong::store::test::kBackends, ::loudong::store::test::backend_name);

}  // namespace
}  // namespace loudong::services
