// The second factor's rows on both backends: enrolment replaces what was
// there, a time step and a recovery code are each taken once, removal
// leaves nothing behind.
#include <gtest/gtest.h>

#include "temp_store.h"

namespace loudong::store {
namespace {

using namespace domain;

Time t0() { return from_micros(1'700'000'000'000'000); }

class SecondFactorStoreTest : public TempStoreTest {
 protected:
  Id add_user(const std::string& name) {
    auto id = store_->write([&](WriteTx& tx) {
      User u;
      u.username = name;
      u.password_hash = "x";
      u.created_at = t0();
      return tx.insert_user(u);
    });
    EXPECT_TRUE(id.ok());
    return id.ok() ? *id : 0;
  }
  std::optional<SecondFactor> factor(Id user) {
    auto f = store_->read([&](ReadTx& tx) { return tx.second_factor(user); });
    EXPECT_TRUE(f.ok());
    return f.ok() ? *f : std::nullopt;
  }
  int unused(Id user) {
    auto n = store_->read([&](ReadTx& tx) { return tx.unused_recovery_codes(user); });
    EXPECT_TRUE(n.ok());
    return n.ok() ? *n : -1;
  }
  bool take_step(Id user, std::int64_t step) {
    auto r = store_->write([&](WriteTx& tx) { return tx.take_totp_step(user, step); });
    EXPECT_TRUE(r.ok());
    return r.ok() && *r;
  }
  bool take_code(Id user, const std::string& hash) {
    auto r = store_->write([&](WriteTx& tx) { return tx.take_recovery_code(user, hash, t0()); });
    EXPECT_TRUE(r.ok());
    return r.ok() && *r;
  }
};

TEST_P(SecondFactorStoreTest, EnrolConfirmAndTakeEachCodeOnce) {
  Id alice = add_user("alice"), bob = add_user("bob");
  const std::string sealed("\x00\x01sealed\xff", 9);  // binary, as seal() makes it
  ASSERT_TRUE(store_->write([&](WriteTx& tx) { return tx.put_second_factor({alice, sealed, std::nullopt, -1, t0()}); }).ok());
  auto f = factor(alice);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->secret_sealed, sealed);
  EXPECT_FALSE(f->enabled_at);
  EXPECT_FALSE(factor(bob));
  // A pending factor takes no codes.
  EXPECT_FALSE(take_step(alice, 100));

  auto on = store_->write([&](WriteTx& tx) { return tx.enable_second_factor(alice, t0(), 100, {"h1", "h2", "h3"}); });
  ASSERT_TRUE(on.ok()) << on.error().log_message();
  f = factor(alice);
  ASSERT_TRUE(f && f->enabled_at);
  EXPECT_EQ(*f->enabled_at, t0());
  EXPECT_EQ(f->last_step, 100);
  EXPECT_EQ(unused(alice), 3);
  // Enabling twice is refused: nothing is waiting for its first code.
  auto again = store_->write([&](WriteTx& tx) { return tx.enable_second_factor(alice, t0(), 101, {"h9"}); });
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().kind(), ErrorKind::conflict);
  EXPECT_EQ(unused(alice), 3);

  EXPECT_FALSE(take_step(alice, 100));  // the confirming code's step
  EXPECT_FALSE(take_step(alice, 99));
  EXPECT_TRUE(take_step(alice, 101));
  EXPECT_FALSE(take_step(alice, 101));
  EXPECT_EQ(factor(alice)->last_step, 101);

  EXPECT_TRUE(take_code(alice, "h2"));
  EXPECT_FALSE(take_code(alice, "h2"));
  EXPECT_FALSE(take_code(bob, "h1"));  // another user's code
  EXPECT_FALSE(take_code(alice, "nope"));
  EXPECT_EQ(unused(alice), 2);
}

TEST_P(SecondFactorStoreTest, EnrollingAgainAndRemovingClearTheOldRows) {
  Id alice = add_user("alice");
  ASSERT_TRUE(store_->write([&](WriteTx& tx) -> Status {
                LD_RETURN_IF_ERROR(tx.put_second_factor({alice, "old", std::nullopt, -1, t0()}));
                return tx.enable_second_factor(alice, t0(), 5, {"a", "b"});
              }).ok());
  ASSERT_TRUE(store_->write([&](WriteTx& tx) { return tx.put_second_factor({alice, "new", std::nullopt, -1, t0()}); }).ok());
  auto f = factor(alice);
  ASSERT_TRUE(f);
  EXPECT_EQ(f->secret_sealed, "new");
  EXPECT_FALSE(f->enabled_at);
  EXPECT_EQ(f->last_step, -1);
  EXPECT_EQ(unused(alice), 0);
  ASSERT_TRUE(store_->write([&](WriteTx& tx) { return tx.delete_second_factor(alice); }).ok());
  EXPECT_FALSE(factor(alice));
}

INSTANTIATE_TEST_SUITE_P(Backends, SecondFactorStoreTest, test::kBackends, test::backend_name);

}  // namespace
}  // namespace loudong::store
