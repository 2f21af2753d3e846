// The outbox through the Store interface: idempotent enqueue, claims with a
// lease, a dead worker's messages claimed again, the due time, counts and
// filters; and the exchange's other tables.
#include <filesystem>

#include <gtest/gtest.h>

#include "crypto/crypto.h"
#include "store/store.h"
#include "backends.h"

namespace loudong::store {
namespace {

using namespace domain;
using namespace std::chrono;
namespace fs = std::filesystem;

Time t0() { return from_micros(1'700'000'000'000'000); }

class OutboxStore : public ::testing::TestWithParam<test::Backend> {
 protected:
  void SetUp() override {
    LD_REQUIRE_BACKEND(GetParam());
    ASSERT_TRUE(crypto::init().ok());
    dir_ = fs::temp_directory_path() / ("loudong-outbox-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    auto s = db_.open(GetParam(), dir_);
    ASSERT_TRUE(s.ok()) << s.error().log_message();
    store_ = std::move(*s);
    org_ = store_->write([&](WriteTx& tx) { return tx.insert_org({0, "Acme", OrgType::provider, "CN", "", t0()}); })
               .value();
  }
  void TearDown() override {
    store_.reset();
    fs::remove_all(dir_);
  }
  OutboxMessage msg(const std::string& key, Time due) {
    OutboxMessage m;
    m.kind = OutboxKind::webhook;
    m.idempotency_key = key;
    m.event = "report.received";
    m.org_id = org_;
    m.target = "http://127.0.0.1:9/hook";
    m.payload = R"({"body":"{}"})";
    m.next_attempt_at = due;
    m.created_at = t0();
    return m;
  }
  Id enqueue(const OutboxMessage& m) { return store_->write([&](WriteTx& tx) { return tx.enqueue(m); }).value(); }
  std::vector<OutboxMessage> claim(Time now, int limit = 10) {
    return store_->write([&](WriteTx& tx) { return tx.claim_outbox(now, now + seconds(120), limit); }).value();
  }

  fs::path dir_;
  test::TestDb db_;  // before store_: the database outlives the store
  std::unique_ptr<Store> store_;
  Id org_ = 0;
};

TEST_P(OutboxStore, EnqueueIsIdempotentOnTheKey) {
  Id a = enqueue(msg("k1", t0()));
  EXPECT_GT(a, 0);
  auto again = msg("k1", t0() + seconds(5));
  again.payload = R"({"body":"other"})";
  EXPECT_EQ(enqueue(again), 0) << "a second message with the same key is not written";
  auto stored = store_->read([&](ReadTx& tx) { return tx.outbox_message(a); }).value();
  ASSERT_TRUE(stored);
  EXPECT_EQ(stored->payload, R"({"body":"{}"})") << "the earlier one stands";
  EXPECT_EQ(store_->read([&](ReadTx& tx) { return tx.outbox_by_key("k1"); }).value()->id, a);
}

TEST_P(OutboxStore, ClaimsOnlyDueMessagesOldestFirstAndLeasesThem) {
  Id late = enqueue(msg("late", t0() + seconds(60)));
  Id first = enqueue(msg("first", t0()));
  Id second = enqueue(msg("second", t0() + seconds(1)));
  auto got = claim(t0() + seconds(2));
  ASSERT_EQ(got.size(), 2u);
  EXPECT_EQ(got[0].id, first);
  EXPECT_EQ(got[1].id, second);
  EXPECT_EQ(got[0].state, OutboxState::sending);
  EXPECT_TRUE(claim(t0() + seconds(3)).empty()) << "leased messages are not claimed twice";
  auto due = store_->read([&](ReadTx& tx) { return tx.next_outbox_due(); }).value();
  ASSERT_TRUE(due);
  EXPECT_EQ(*due, t0() + seconds(60)) << "the late one, before the leases run out";
  auto next = claim(t0() + seconds(61));
  ASSERT_EQ(next.size(), 1u);
  EXPECT_EQ(next[0].id, late);
}

TEST_P(OutboxStore, AWorkerThatDiesLeavesItsMessagesToTheNextAfterTheLease) {
  Id id = enqueue(msg("k", t0()));
  ASSERT_EQ(claim(t0()).size(), 1u);  // the worker "dies" here: no update_outbox
  EXPECT_TRUE(claim(t0() + seconds(119)).empty());
  auto again = claim(t0() + seconds(120));
  ASSERT_EQ(again.size(), 1u);
  EXPECT_EQ(again[0].id, id);
  EXPECT_EQ(again[0].attempts, 0) << "no attempt was recorded for the lost one";
}

TEST_P(OutboxStore, UpdatesAttemptsCountsAndFilters) {
  Id a = enqueue(msg("a", t0()));
  Id b = enqueue(msg("b", t0()));
  auto em = msg("c", t0());
  em.kind = OutboxKind::email;
  em.org_id = std::nullopt;
  Id c = enqueue(em);
  auto got = claim(t0());
  ASSERT_EQ(got.size(), 3u);
  ASSERT_TRUE(store_->write([&](WriteTx& tx) -> Status {
    got[0].state = OutboxState::sent;
    got[0].attempts = 1;
    got[0].sent_at = t0();
    got[0].claimed_until.reset();
    LD_RETURN_IF_ERROR(tx.update_outbox(got[0]));
    got[1].state = OutboxState::dead;
    got[1].attempts = 8;
    got[1].max_attempts = 16;  // "retry now" on a dead one gives it more tries
    got[1].last_error = "HTTP 500";
    got[1].last_status = 500;
    got[1].claimed_until.reset();
    LD_RETURN_IF_ERROR(tx.update_outbox(got[1]));
    LD_RETURN_IF_ERROR(tx.insert_delivery_attempt({0, b, t0(), 500, "HTTP 500", 12}).status());
    return tx.insert_delivery_attempt({0, b, t0() + seconds(1), 0, "Timeout", 10000}).status();
  }).ok());
  auto counts = store_->read([&](ReadTx& tx) { return tx.outbox_counts(std::nullopt); }).value();
  EXPECT_EQ(counts.sent, 1);
  EXPECT_EQ(counts.dead, 1);
  EXPECT_EQ(counts.sending, 1);
  auto mine = store_->read([&](ReadTx& tx) { return tx.outbox_counts(std::vector<Id>{org_}); }).value();
  EXPECT_EQ(mine.sent + mine.dead + mine.sending + mine.pending, 2) << "the email without an organisation is not ours";
  auto none = store_->read([&](ReadTx& tx) { return tx.outbox_counts(std::vector<Id>{}); }).value();
  EXPECT_EQ(none.sent + none.dead + none.sending + none.pending, 0);
  OutboxFilter f;
  f.state = OutboxState::dead;
  auto dead = store_->read([&](ReadTx& tx) { return tx.outbox(f); }).value();
  ASSERT_EQ(dead.size(), 1u);
  EXPECT_EQ(dead[0].id, b);
  EXPECT_EQ(dead[0].last_error, "HTTP 500");
  EXPECT_EQ(dead[0].max_attempts, 16);
  f = {};
  f.kind = OutboxKind::email;
  EXPECT_EQ(store_->read([&](ReadTx& tx) { return tx.outbox(f); }).value().at(0).id, c);
  f = {};
  f.limit = 2;
  auto page1 = store_->read([&](ReadTx& tx) { return tx.outbox(f); }).value();
  ASSERT_EQ(page1.size(), 2u);
  EXPECT_EQ(page1[0].id, c) << "newest first";
  f.before_id = page1.back().id;
  auto page2 = store_->read([&](ReadTx& tx) { return tx.outbox(f); }).value();
  ASSERT_EQ(page2.size(), 1u);
  EXPECT_EQ(page2[0].id, a);
  auto attempts = store_->read([&](ReadTx& tx) { return tx.delivery_attempts(b); }).value();
  ASSERT_EQ(attempts.size(), 2u);
  EXPECT_EQ(attempts[0].status, 500);
  EXPECT_EQ(attempts[1].duration_ms, 10000);
}

// Event rows are the worker's, not people's: the deliveries view and its
// counts leave them out unless asked for (the view's indexes leave them out
// too, migration 11), and asking by kind or with include_events finds them
// with the other filters still applied.
TEST_P(OutboxStore, EventRowsAreListedOnlyWhenAskedFor) {
  auto ev = msg("e", t0());
  ev.kind = OutboxKind::event;
  Id e = enqueue(ev);
  Id w = enqueue(msg("w", t0()));
  OutboxFilter f;
  f.org_ids = std::vector<Id>{org_};
  auto listed = store_->read([&](ReadTx& tx) { return tx.outbox(f); }).value();
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].id, w);
  auto counts = store_->read([&](ReadTx& tx) { return tx.outbox_counts(std::vector<Id>{org_}); }).value();
  EXPECT_EQ(counts.pending, 1);
  f.kind = OutboxKind::event;
  listed = store_->read([&](ReadTx& tx) { return tx.outbox(f); }).value();
  ASSERT_EQ(listed.size(), 1u);
  EXPECT_EQ(listed[0].id, e);
  f.kind.reset();
  f.include_events = true;
  f.state = OutboxState::pending;
  listed = store_->read([&](ReadTx& tx) { return tx.outbox(f); }).value();
  ASSERT_EQ(listed.size(), 2u);
  EXPECT_EQ(listed[0].id, w);
  EXPECT_EQ(listed[1].id, e);
  f.org_ids = std::vector<Id>{org_ + 1};
  EXPECT_TRUE(store_->read([&](ReadTx& tx) { return tx.outbox(f); }).value().empty());
}

TEST_P(OutboxStore, FailedWriteLeavesNoMessage) {
  auto r = store_->write([&](WriteTx& tx) -> Status {
    LD_RETURN_IF_ERROR(tx.enqueue(msg("rolled-back", t0())).status());
    return Error::conflict("the change that caused it failed");
  });
  EXPECT_FALSE(r.ok());
  EXPECT_FALSE(store_->read([&](ReadTx& tx) { return tx.outbox_by_key("rolled-back"); }).value());
}

TEST_P(OutboxStore, ClockAlertsAreMarkedOnce) {
  auto first = store_->write([&](WriteTx& tx) { return tx.mark_clock_alert(7, "overdue", t0()); }).value();
  auto second = store_->write([&](WriteTx& tx) { return tx.mark_clock_alert(7, "overdue", t0()); }).value();
  auto other = store_->write([&](WriteTx& tx) { return tx.mark_clock_alert(7, "due_soon", t0()); }).value();
  EXPECT_TRUE(first);
  EXPECT_FALSE(second);
  EXPECT_TRUE(other);
}

TEST_P(OutboxStore, WebhooksPeersPrefsAndAnswersRoundTrip) {
  WebhookSubscription w;
  w.org_id = org_;
  w.url = "https://hooks.example.cn/x";
  w.events = {"clock.overdue", "case.confirmed"};
  w.min_grade = assessment::Grade::high;
  w.secret_sealed = std::string("\x00\x01sealed", 8);
  w.created_at = w.updated_at = t0();
  w.id = store_->write([&](WriteTx& tx) { return tx.insert_webhook(w); }).value();
  auto back = store_->read([&](ReadTx& tx) { return tx.webhook(w.id); }).value();
  ASSERT_TRUE(back);
  EXPECT_EQ(back->events, w.events);
  EXPECT_EQ(back->min_grade, assessment::Grade::high);
  EXPECT_EQ(back->secret_sealed, w.secret_sealed) << "binary secrets survive";
  back->enabled = false;
  back->consecutive_failures = 20;
  back->min_grade.reset();
  ASSERT_TRUE(store_->write([&](WriteTx& tx) { return tx.update_webhook(*back); }).ok());
  auto again = store_->read([&](ReadTx& tx) { return tx.webhooks(org_); }).value();
  ASSERT_EQ(again.size(), 1u);
  EXPECT_FALSE(again[0].enabled);
  EXPECT_EQ(again[0].consecutive_failures, 20);
  EXPECT_FALSE(again[0].min_grade);

  Peer p{0, "nvdb", "https://nvdb.example.cn", org_, "sealed-token", "", std::nullopt, t0()};
  p.id = store_->write([&](WriteTx& tx) { return tx.insert_peer(p); }).value();
  EXPECT_EQ(store_->read([&](ReadTx& tx) { return tx.peers(); }).value().at(0).base_url, "https://nvdb.example.cn");

  NotificationPrefs prefs;
  prefs.user_id = store_->write([&](WriteTx& tx) {
                      User u;
                      u.username = "u";
                      u.password_hash = "x";
                      u.created_at = t0();
                      return tx.insert_user(u);
                    }).value();
  prefs.digest = true;
  prefs.language = "en-US";
  prefs.events = {"clock.overdue"};
  ASSERT_TRUE(store_->write([&](WriteTx& tx) { return tx.put_notification_prefs(prefs); }).ok());
  auto digests = store_->read([&](ReadTx& tx) { return tx.digest_prefs(); }).value();
  ASSERT_EQ(digests.size(), 1u);
  EXPECT_EQ(digests[0].language, "en-US");

  FederationAnswer a{org_, "key-1", "reports", 201, R"({"tracking_id":"R-1"})", t0()};
  ASSERT_TRUE(store_->write([&](WriteTx& tx) { return tx.insert_federation_answer(a); }).ok());
  EXPECT_FALSE(store_->write([&](WriteTx& tx) { return tx.insert_federation_answer(a); }).ok())
      << "one answer per sender and key";
  EXPECT_EQ(store_->read([&](ReadTx& tx) { return tx.federation_answer(org_, "key-1"); }).value()->body,
            R"({"tracking_id":"R-1"})");
  EXPECT_FALSE(store_->read([&](ReadTx& tx) { return tx.federation_answer(org_ + 1, "key-1"); }).value());
}

INSTANTIATE_TEST_SUITE_P(Backends, OutboxStore, test::kBackends, test::backend_name);

}  // namespace
}  // namespace loudong::store
