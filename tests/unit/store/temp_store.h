// A fresh store per test on each backend (the gtest parameter, backends.h):
// SQLite in a temporary directory named after the test, PostgreSQL in a
// database of its own; both removed afterwards. Suites deriving from it use
// TEST_P and INSTANTIATE_TEST_SUITE_P(Backends, Suite, test::kBackends, test::backend_name).
#pragma once

#include <unistd.h>

#include <filesystem>
#include <memory>
#include <string>

#include <gtest/gtest.h>

#include "backends.h"
#include "crypto/crypto.h"
#include "store/store.h"

namespace loudong::store {

class TempStoreTest : public ::testing::TestWithParam<test::Backend> {
 protected:
  void SetUp() override {
    LD_REQUIRE_BACKEND(GetParam());
    ASSERT_TRUE(crypto::init().ok());
    dir_ = std::filesystem::temp_directory_path() /
           ("loudong-store-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->test_suite_name() + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    dir_ = std::filesystem::path(dir_.string().substr(0, 200));  // parametrised names can be long
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    auto where = db_.location(GetParam(), dir_);
    ASSERT_TRUE(where.ok()) << where.error().log_message();
    where_ = *where;
    auto s = test::TestDb::open_at(GetParam(), where_);
    ASSERT_TRUE(s.ok()) << s.error().log_message();
    store_ = std::move(*s);
  }
  void TearDown() override {
    store_.reset();
    std::filesystem::remove_all(dir_);
  }

  std::filesystem::path dir_;
  test::TestDb db_;  // declared before store_: the database outlives the store
  std::string where_;  // the SQLite file or the PostgreSQL URL
  std::unique_ptr<Store> store_;
};

}  // namespace loudong::store
