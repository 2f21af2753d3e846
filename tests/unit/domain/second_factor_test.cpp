// TOTP (RFC 6238) and recovery codes: the RFCs' own test vectors, the
// +-1 step window and the rule that a code is taken once.
#include "domain/second_factor.h"

#include <gtest/gtest.h>

#include "crypto/crypto.h"

namespace loudong::domain {
namespace {

const std::string kRfcSecret = "12345678901234567890";  // RFC 6238 appendix B, SHA-1

Time at_seconds(std::int64_t s) { return from_micros(s * 1000000); }

TEST(Totp, Rfc6238AppendixBSha1Vectors) {
  ASSERT_TRUE(crypto::init().ok());
  const std::pair<std::int64_t, const char*> vectors[] = {
      {59, "94287082"},         {1111111109, "07081804"}, {1111111111, "14050471"},
      {1234567890, "89005924"}, {2000000000, "69279037"}, {20000000000, "65353130"}};
  for (const auto& [t, code] : vectors) EXPECT_EQ(totp(kRfcSecret, at_seconds(t), 8), code) << "T=" << t;
  // The appendix's T column (hex) for two of them.
  EXPECT_EQ(totp_step(at_seconds(1111111109)), 0x23523EC);
  EXPECT_EQ(totp_step(at_seconds(20000000000)), 0x27BC86AA);
}

TEST(Totp, Rfc4226HotpVectorsAtSixDigits) {
  const char* expected[] = {"755224", "287082", "359152", "969429", "338314",
                            "254676", "287922", "162583", "399871", "520489"};
  for (std::uint64_t c = 0; c < 10; ++c) EXPECT_EQ(hotp(kRfcSecret, c), expected[c]) << c;
}

TEST(Totp, AcceptsOneStepEitherSideAndNoFurther) {
  Time now = at_seconds(1111111111);  // step 37037037
  std::int64_t step = totp_step(now);
  auto code_at = [&](std::int64_t s) { return hotp(kRfcSecret, static_cast<std::uint64_t>(s)); };
  EXPECT_EQ(totp_accepts(kRfcSecret, code_at(step), now, -1), step);
  EXPECT_EQ(totp_accepts(kRfcSecret, code_at(step - 1), now, -1), step - 1);
  EXPECT_EQ(totp_accepts(kRfcSecret, code_at(step + 1), now, -1), step + 1);
  EXPECT_EQ(totp_accepts(kRfcSecret, code_at(step - 2), now, -1), std::nullopt);
  EXPECT_EQ(totp_accepts(kRfcSecret, code_at(step + 2), now, -1), std::nullopt);
  // Spaces as apps show them ("287 082") are fine; other shapes are not codes.
  std::string c = code_at(step);
  EXPECT_EQ(totp_accepts(kRfcSecret, c.substr(0, 3) + " " + c.substr(3), now, -1), step);
  EXPECT_EQ(totp_accepts(kRfcSecret, c.substr(0, 5), now, -1), std::nullopt);
  EXPECT_EQ(totp_accepts(kRfcSecret, "abcdef", now, -1), std::nullopt);
  EXPECT_EQ(totp_accepts("another secret......", c, now, -1), std::nullopt);
}

TEST(Totp, ACodeIsTakenOnceAndNothingOlderAfterIt) {
  Time now = at_seconds(2000000000);
  std::int64_t step = totp_step(now);
  std::string code = totp(kRfcSecret, now);
  auto used = totp_accepts(kRfcSecret, code, now, -1);
  ASSERT_EQ(used, step);
  // The same code again, still inside its window: refused.
  EXPECT_EQ(totp_accepts(kRfcSecret, code, now, *used), std::nullopt);
  EXPECT_EQ(totp_accepts(kRfcSecret, code, now + std::chrono::seconds(30), *used), std::nullopt);
  // The previous step's code, still in the window, is older than the one used: refused.
  EXPECT_EQ(totp_accepts(kRfcSecret, hotp(kRfcSecret, step - 1), now, *used), std::nullopt);
  // The next step's code is taken.
  EXPECT_EQ(totp_accepts(kRfcSecret, hotp(kRfcSecret, step + 1), now, *used), step + 1);
}

TEST(Base32, Rfc4648VectorsAndRoundTrip) {
  EXPECT_EQ(base32_encode("foobar"), "MZXW6YTBOI");
  EXPECT_EQ(base32_encode("f"), "MY");
  EXPECT_EQ(*base32_decode("mzxw6ytboi======"), "foobar");
  EXPECT_EQ(*base32_decode("MZXW 6YTB-OI"), "foobar");
  EXPECT_EQ(base32_decode("MZXW1").error().code(), "bad_base32");
  std::string secret = "\x01\xff\x10\x80 binary secret!!";
  EXPECT_EQ(*base32_decode(base32_encode(secret)), secret);
}

TEST(SecondFactor, OtpauthUriCarriesTheSecretAndEncodesNames) {
  std::string uri = otpauth_uri("漏洞 platform", "alice", "foobar");
  EXPECT_EQ(uri,
            "otpauth://totp/%E6%BC%8F%E6%B4%9E%20platform:alice?secret=MZXW6YTBOI&issuer=%E6%BC%8F%E6%B4%9E%20platform"
            "&algorithm=SHA1&digits=6&period=30");
}

TEST(SecondFactor, RecoveryCodesHaveOneNormalForm) {
  std::string code = recovery_code(std::string("\x00\x01\x02\x03\x04\x05\x06", 7));
  ASSERT_EQ(code.size(), 11u);
  EXPECT_EQ(code[5], '-');
  EXPECT_EQ(normalise_recovery_code(code), code.substr(0, 5) + code.substr(6));
  std::string upper = code;
  for (auto& ch : upper) ch = static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
  EXPECT_EQ(normalise_recovery_code(" " + upper.substr(0, 5) + " " + upper.substr(6)), normalise_recovery_code(code));
  EXPECT_FALSE(looks_like_totp(code));
}

TEST(SecondFactor, WhoIsExpectedToHaveOne) {
  const Id authority = 7, provider = 3;
  EXPECT_TRUE(second_factor_expected(true, {}, {}));
  EXPECT_TRUE(second_factor_expected(false, {{provider, Role::admin}}, {authority}));
  EXPECT_TRUE(second_factor_expected(false, {{authority, Role::member}}, {authority}));
  EXPECT_FALSE(second_factor_expected(false, {{authority, Role::auditor}}, {authority}));
  EXPECT_FALSE(second_factor_expected(false, {{provider, Role::coordinator}}, {authority}));
  EXPECT_FALSE(second_factor_expected(false, {}, {}));  // a finder
}

}  // namespace
}  // namespace loudong::domain
