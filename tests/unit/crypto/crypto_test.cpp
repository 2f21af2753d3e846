#include "crypto/crypto.h"

#include <gtest/gtest.h>

namespace loudong::crypto {
namespace {

class Crypto : public ::testing::Test {
 protected:
  void SetUp() override { ASSERT_TRUE(init().ok()); }
};

TEST_F(Crypto, Sha256KnownAnswer) {
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  EXPECT_EQ(sha256_hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST_F(Crypto, PasswordsAreArgon2idAndVerify) {
  auto h = hash_password("correct horse");
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h->rfind("$argon2id$", 0), 0u);
  EXPECT_TRUE(verify_password(*h, "correct horse"));
  EXPECT_FALSE(verify_password(*h, "correct horsE"));
  EXPECT_FALSE(verify_password("garbage", "correct horse"));
  EXPECT_NE(*h, *hash_password("correct horse"));  // salted
}

TEST_F(Crypto, SealRoundTripAndTamperDetection) {
  auto k = generate_seal_key();
  std::string s = seal(k, "proof of concept");
  EXPECT_EQ(s.find("proof"), std::string::npos);
  auto back = unseal(k, s);
  ASSERT_TRUE(back.ok());
  EXPECT_EQ(*back, "proof of concept");
  s[s.size() - 1] ^= 1;
  EXPECT_FALSE(unseal(k, s).ok());
  EXPECT_FALSE(unseal(generate_seal_key(), seal(k, "x")).ok());
  EXPECT_FALSE(unseal(k, "short").ok());
}

TEST_F(Crypto, TokensAreRandomAndUrlSafe) {
  auto a = random_token(), b = random_token();
  EXPECT_NE(a, b);
  EXPECT_EQ(a.size(), 43u);
  EXPECT_EQ(a.find_first_of("+/="), std::string::npos);
}

TEST_F(Crypto, Base64) {
  EXPECT_EQ(base64_encode("hello"), "aGVsbG8=");
  EXPECT_EQ(*base64_decode("aGVsbG8="), "hello");
  EXPECT_EQ(*base64_decode("aGVsbG8"), "hello");
  EXPECT_FALSE(base64_decode("a$b").ok());
}

TEST_F(Crypto, HmacKnownAnswer) {
  // RFC 4231 test case 2.
  EXPECT_EQ(hmac_sha256_hex("Jefe", "what do ya want for nothing?"),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

}  // namespace
}  // namespace loudong::crypto
