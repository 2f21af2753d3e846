// Rate limits in memory (one process) and in the store (several processes on
// one database: two store handles here, as two servers would have).
#include "services/rate_limiter.h"

#include <unistd.h>

#include <filesystem>
#include <thread>

#include <gtest/gtest.h>

#include "../store/backends.h"

namespace loudong::services {
namespace {

using namespace std::chrono;
namespace fs = std::filesystem;
using store::test::Backend;

// 2026-12-07T00:00:00Z: a whole number of minutes and hours, so windows
// start exactly here.
const Time kStart = from_micros(1796601600LL * 1000000);

TEST(RateLimiterInMemory, SlidingWindowExact) {
  ManualClock clock(kStart);
  RateLimiter limiter(clock, 3, minutes(1));
  for (int i = 0; i < 3; ++i) EXPECT_TRUE(limiter.allow("k").value()) << i;
  EXPECT_FALSE(limiter.allow("k").value());
  EXPECT_TRUE(limiter.full("k").value());
  EXPECT_TRUE(limiter.allow("other").value()) << "keys are counted apart";
  clock.advance(seconds(60));
  EXPECT_FALSE(limiter.full("k").value());
  EXPECT_TRUE(limiter.allow("k").value());
  ASSERT_TRUE(limiter.reset("k").ok());
  EXPECT_FALSE(limiter.full("k").value());
}

class SharedRateLimiter : public ::testing::TestWithParam<Backend> {
 protected:
  void SetUp() override {
    LD_REQUIRE_BACKEND(GetParam());
    dir_ = fs::temp_directory_path() / ("loudong-rate-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    auto where = db_.location(GetParam(), dir_);
    ASSERT_TRUE(where.ok()) << where.error().log_message();
    auto a = store::test::TestDb::open_at(GetParam(), *where);
    ASSERT_TRUE(a.ok()) << a.error().log_message();
    a_ = std::move(*a);
    auto b = store::test::TestDb::open_at(GetParam(), *where);
    ASSERT_TRUE(b.ok()) << b.error().log_message();
    b_ = std::move(*b);
  }
  void TearDown() override {
    a_.reset();
    b_.reset();
    fs::remove_all(dir_);
  }

  store::test::TestDb db_;
  fs::path dir_;
  std::unique_ptr<store::Store> a_, b_;
  ManualClock clock_{kStart};
};

TEST_P(SharedRateLimiter, TwoProcessesCountTogether) {
  RateLimiter on_a(clock_, 4, minutes(1), a_.get(), "sign_in");
  RateLimiter on_b(clock_, 4, minutes(1), b_.get(), "sign_in");
  EXPECT_TRUE(on_a.allow("addr:1").value());
  EXPECT_TRUE(on_b.allow("addr:1").value());
  EXPECT_TRUE(on_a.allow("addr:1").value());
  EXPECT_FALSE(on_b.full("addr:1").value());
  EXPECT_TRUE(on_b.allow("addr:1").value());
  EXPECT_TRUE(on_a.full("addr:1").value()) << "four tries through two processes fill a limit of four";
  EXPECT_FALSE(on_a.allow("addr:1").value());
  EXPECT_FALSE(on_b.allow("addr:1").value());
  EXPECT_TRUE(on_b.allow("addr:2").value()) << "another key is not limited";

  RateLimiter other_name(clock_, 4, minutes(1), a_.get(), "sign_up");
  EXPECT_TRUE(other_name.allow("addr:1").value()) << "limiters with other names count apart";

  ASSERT_TRUE(on_b.reset("addr:1").ok());
  EXPECT_FALSE(on_a.full("addr:1").value()) << "a reset through one process is seen by the other";
}

TEST_P(SharedRateLimiter, PreviousWindowWeighsByItsOverlap) {
  RateLimiter limiter(clock_, 4, minutes(1), a_.get(), "intake");
  for (int i = 0; i < 4; ++i) ASSERT_TRUE(limiter.allow("k").value());
  // Half a window into the next: the previous window counts half (2).
  clock_.advance(seconds(90));
  EXPECT_FALSE(limiter.full("k").value());
  EXPECT_TRUE(limiter.allow("k").value());   // 2 + 1
  EXPECT_TRUE(limiter.allow("k").value());   // 2 + 2
  EXPECT_FALSE(limiter.allow("k").value());  // 2 + 3 > 4
  // Two windows on, nothing of the first is left.
  clock_.advance(seconds(90));
  EXPECT_TRUE(limiter.allow("k").value());
}

TEST_P(SharedRateLimiter, PruneForgetsOnlyOldWindows) {
  RateLimiter hourly(clock_, 2, hours(1), a_.get(), "intake_email");
  ASSERT_TRUE(hourly.allow("k").value());
  ASSERT_TRUE(hourly.allow("k").value());
  clock_.advance(minutes(90));
  EXPECT_EQ(prune_rate_counters(*a_, clock_.now()).value(), 0) << "the previous window is still read";
  EXPECT_TRUE(hourly.full("k").value() == false);
  clock_.advance(hours(3));
  EXPECT_EQ(prune_rate_counters(*b_, clock_.now()).value(), 1);
  auto rows = a_->read([](store::ReadTx& tx) { return tx.rate_hits("intake_email:k", 0); });
  ASSERT_TRUE(rows.ok());
  EXPECT_TRUE(rows->empty());
}

TEST_P(SharedRateLimiter, CountedInATransactionOnlyIfItCommits) {
  RateLimiter limiter(clock_, 2, minutes(1), a_.get(), "intake");
  // What the count was for fails after it: the count goes with it.
  auto failed = a_->write([&](store::WriteTx& tx) -> Status {
    LD_ASSIGN_OR_RETURN(bool ok, limiter.allow_in(tx, "k"));
    EXPECT_TRUE(ok);
    return Error::unprocessable("the report was invalid");
  });
  ASSERT_FALSE(failed.ok());
  for (int i = 0; i < 2; ++i) {
    auto taken = a_->write([&](store::WriteTx& tx) { return limiter.allow_in(tx, "k"); });
    ASSERT_TRUE(taken.ok());
    EXPECT_TRUE(*taken) << i << ": the rolled-back attempt used up a place";
  }
  EXPECT_TRUE(limiter.full("k").value());
  auto over = b_->write([&](store::WriteTx& tx) { return limiter.allow_in(tx, "k"); });
  ASSERT_TRUE(over.ok());
  EXPECT_FALSE(*over);
}

TEST_P(SharedRateLimiter, ConcurrentHitsAreNeverLost) {
  // Two handles adding to one window at once: every hit is counted.
  auto hit = [&](store::Store* s) {
    for (int i = 0; i < 50; ++i)
      ASSERT_TRUE(s->write([](store::WriteTx& tx) { return tx.add_rate_hit("race", 0); }).ok());
  };
  std::thread t1(hit, a_.get()), t2(hit, b_.get());
  t1.join();
  t2.join();
  auto rows = a_->read([](store::ReadTx& tx) { return tx.rate_hits("race", 0); });
  ASSERT_TRUE(rows.ok());
  ASSERT_EQ(rows->size(), 1u);
  EXPECT_EQ(rows->front().second, 100);
}

INSTANTIATE_TEST_SUITE_P(Backends, SharedRateLimiter, store::test::kBackends, store::test::backend_name);

}  // namespace
}  // namespace loudong::services
