// New-password rules (issue 13, item 7): only the length was checked, so
// "aaaaaaaaaa", "1234567890" and "password12" were accepted.
#include "domain/passwords.h"

#include <gtest/gtest.h>

namespace loudong::domain {
namespace {

std::string code_of(std::string_view password, std::string_view username = "someone") {
  auto p = check_new_password(password, username);
  return p ? p->code : "ok";
}

TEST(Passwords, TheIssuesExamplesAreRefused) {
  EXPECT_EQ(code_of("aaaaaaaaaa"), "trivial_password");
  EXPECT_EQ(code_of("1234567890"), "common_password");
  EXPECT_EQ(code_of("password12"), "common_password");
}

TEST(Passwords, LengthIsStillChecked) {
  EXPECT_EQ(code_of("Zq8#mK2!p"), "weak_password");  // 9
  EXPECT_EQ(code_of(std::string(201, 'x')), "weak_password");
  EXPECT_EQ(code_of("Zq8#mK2!pL"), "ok");  // 10
}

TEST(Passwords, CommonOnesInAnyCaseAndWithDecoration) {
  EXPECT_EQ(code_of("QWERTYUIOP"), "common_password");
  EXPECT_EQ(code_of("Password123!"), "common_password");
  EXPECT_EQ(code_of("!!monkey2024"), "common_password");
  EXPECT_EQ(code_of("1qaz2wsx3edc"), "common_password");
  EXPECT_EQ(code_of("manchester"), "common_password");
  EXPECT_TRUE(is_common_password("dragon"));
  EXPECT_FALSE(is_common_password("Dragon"));  // the list is lower case; callers lower first
}

TEST(Passwords, TrivialOnes) {
  EXPECT_EQ(code_of("ababababab"), "trivial_password");
  EXPECT_EQ(code_of("1212121212"), "trivial_password");
  EXPECT_EQ(code_of("abcdefghijkl"), "trivial_password");
  EXPECT_EQ(code_of("zyxwvutsrqpo"), "trivial_password");
}

TEST(Passwords, TheUserNameInsideInAnyCase) {
  EXPECT_EQ(code_of("Alice-Wonder-Land-7", "alice"), "contains_username");
  EXPECT_EQ(code_of("my-ALICE-key-42x", "Alice"), "contains_username");
  EXPECT_EQ(code_of("Root-Password-For-Tests-1", "admin"), "ok");
  EXPECT_EQ(code_of("Admin-Password-For-Tests-1", "admin"), "contains_username");
  // A two-character name inside a long password is chance.
  EXPECT_EQ(code_of("flight-Plan-Seven-7", "li"), "ok");
}

TEST(Passwords, ReasonableOnesPass) {
  for (const char* p : {"User-Password-For-Tests-9", "correct horse battery staple", "change-me-now-42",
                        "Vendor-Team-Pass-42", "triage-desk-pass-1", "我的密码很长也不常见"})
    EXPECT_EQ(code_of(p), "ok") << p;
}

}  // namespace
}  // namespace loudong::domain
