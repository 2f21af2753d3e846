// Retries, dead letters, signatures and the email text: the pure rules of
// delivery, at their edges.
#include <gtest/gtest.h>

#include "crypto/crypto.h"
#include "notify/delivery.h"

namespace loudong::notify {
namespace {

using namespace std::chrono;

services::NotifySettings settings() {
  services::NotifySettings s;
  s.base_delay = seconds(30);
  s.max_delay = seconds(3600);
  return s;
}

TEST(RetryDelay, DoublesWithEqualJitterAndStopsAtTheCap) {
  // attempt 1: [15 s, 30 s]; attempt 2: [30 s, 60 s]; ...
  EXPECT_EQ(retry_delay(1, seconds(30), seconds(3600), 0.0), seconds(15));
  EXPECT_EQ(retry_delay(1, seconds(30), seconds(3600), 1.0), seconds(30));
  EXPECT_EQ(retry_delay(2, seconds(30), seconds(3600), 0.0), seconds(30));
  EXPECT_EQ(retry_delay(3, seconds(30), seconds(3600), 1.0), seconds(120));
  EXPECT_EQ(retry_delay(20, seconds(30), seconds(3600), 1.0), seconds(3600));
  EXPECT_EQ(retry_delay(20, seconds(30), seconds(3600), 0.0), seconds(1800));
  // Out-of-range jitter is clamped, never a negative or larger wait.
  EXPECT_EQ(retry_delay(1, seconds(30), seconds(3600), -5.0), seconds(15));
  EXPECT_EQ(retry_delay(1, seconds(30), seconds(3600), 7.0), seconds(30));
  // A huge attempt count must not overflow into a short wait.
  EXPECT_EQ(retry_delay(100000, seconds(30), seconds(3600), 1.0), seconds(3600));
}

TEST(RecordOutcome, SuccessFailureAndTheLastAttempt) {
  Time now = from_micros(1'800'000'000'000'000);
  store::OutboxMessage m;
  m.max_attempts = 3;
  m.state = store::OutboxState::sending;
  m.claimed_until = now + seconds(120);

  record_outcome(m, Outcome{false, 503, "HTTP 503", "", false, 5}, now, settings(), 0.0);
  EXPECT_EQ(m.state, store::OutboxState::pending);
  EXPECT_EQ(m.attempts, 1);
  EXPECT_EQ(m.next_attempt_at, now + seconds(15));
  EXPECT_EQ(m.last_status, 503);
  EXPECT_EQ(m.last_error, "HTTP 503");
  EXPECT_FALSE(m.claimed_until);

  record_outcome(m, Outcome{false, 0, "Timeout was reached", "", false, 10000}, now, settings(), 1.0);
  EXPECT_EQ(m.state, store::OutboxState::pending);
  EXPECT_EQ(m.next_attempt_at, now + seconds(60));

  record_outcome(m, Outcome{false, 500, "HTTP 500", "", false, 1}, now, settings(), 0.5);
  EXPECT_EQ(m.state, store::OutboxState::dead) << "the third of three attempts is the last";
  EXPECT_EQ(m.attempts, 3);

  store::OutboxMessage ok;
  record_outcome(ok, Outcome{true, 200, "", "{\"x\":1}", false, 3}, now, settings(), 0.5);
  EXPECT_EQ(ok.state, store::OutboxState::sent);
  EXPECT_EQ(ok.sent_at, now);
  EXPECT_EQ(ok.response, "{\"x\":1}");
  EXPECT_TRUE(ok.last_error.empty());
}

TEST(RecordOutcome, PermanentFailuresAreDeadAtOnce) {
  store::OutboxMessage m;
  m.max_attempts = 8;
  record_outcome(m, Outcome{false, 410, "HTTP 410", "", true, 1}, Time{}, settings(), 0.0);
  EXPECT_EQ(m.state, store::OutboxState::dead);
  EXPECT_EQ(m.attempts, 1);
}

TEST(RetryableHttp, FiveHundredsAndThrottlingOnly) {
  for (int s : {500, 502, 503, 504, 408, 425, 429}) EXPECT_TRUE(retryable_http(s)) << s;
  for (int s : {400, 401, 403, 404, 410, 422, 301}) EXPECT_FALSE(retryable_http(s)) << s;
}

TEST(WebhookSignature, VerifiesAndRefusesTamperingAndReplays) {
  ASSERT_TRUE(crypto::init().ok());
  std::string secret = "whsec_test", body = R"({"event":"ping"})";
  std::string h = webhook_signature(secret, 1'800'000'000, body);
  EXPECT_EQ(h.substr(0, 14), "t=1800000000,v");
  // Known answer: HMAC-SHA256("whsec_test", "1800000000." + body).
  EXPECT_EQ(h, "t=1800000000,v1=" + crypto::hmac_sha256_hex(secret, "1800000000." + body));
  EXPECT_FALSE(verify_webhook_signature(h, secret, body, 1'800'000'100, seconds(300)));
  EXPECT_EQ(verify_webhook_signature(h, secret, body + " ", 1'800'000'100, seconds(300)), "signature does not match");
  EXPECT_EQ(verify_webhook_signature(h, "other", body, 1'800'000'100, seconds(300)), "signature does not match");
  EXPECT_EQ(verify_webhook_signature(h, secret, body, 1'800'000'301, seconds(300)),
            "timestamp outside the replay window");
  EXPECT_EQ(verify_webhook_signature("v1=abc", secret, body, 0, seconds(300)),
            "no timestamp (t=) in the signature header");
  EXPECT_EQ(verify_webhook_signature("t=5", secret, body, 5, seconds(300)), "no v1 signature in the signature header");
  // A second v1 (rotation) is accepted when one matches.
  EXPECT_FALSE(verify_webhook_signature("t=1800000000,v1=00," + h.substr(13), secret, body, 1'800'000'000, seconds(1)));
}

TEST(BuildEmail, EncodesChineseSubjectsAndRefusesHeaderInjection) {
  ASSERT_TRUE(crypto::init().ok());
  std::string subject = "【已逾期】LD-2026-000001 向工信部报送（2 日）时限已过，请立即处理";
  std::string m = build_email("loudong@example.cn", "a@example.cn\r\nBcc: evil@example.com", subject, "正文 body",
                              "abc@loudong", from_micros(0));
  EXPECT_EQ(m.find("\r\nBcc:"), std::string::npos) << m;
  EXPECT_NE(m.find("To: a@example.cn  Bcc: evil@example.com\r\n"), std::string::npos);
  EXPECT_NE(m.find("Date: Thu, 01 Jan 1970 00:00:00 +0000\r\n"), std::string::npos);
  EXPECT_NE(m.find("Message-ID: <abc@loudong>\r\n"), std::string::npos);
  // The subject comes back from its encoded words, whole, with no split character.
  auto start = m.find("Subject: ") + 9;
  auto end = m.find("\r\nDate:");
  std::string encoded = m.substr(start, end - start), decoded;
  for (std::size_t i = 0; (i = encoded.find("=?UTF-8?B?", i)) != std::string::npos;) {
    auto stop = encoded.find("?=", i + 10);
    auto part = crypto::base64_decode(encoded.substr(i + 10, stop - i - 10));
    ASSERT_TRUE(part.ok());
    decoded += *part;
    i = stop + 2;
  }
  EXPECT_EQ(decoded, subject);
  for (std::size_t i = 0, j; i < m.size(); i = j + 2) {
    j = m.find("\r\n", i);
    if (j == std::string::npos) break;
    EXPECT_LE(j - i, 78u) << "line too long: " << m.substr(i, j - i);
  }
  auto body_at = m.find("\r\n\r\n") + 4;
  std::string b64;
  for (char c : m.substr(body_at))
    if (c != '\r' && c != '\n') b64 += c;
  EXPECT_EQ(crypto::base64_decode(b64).value(), "正文 body");
}

TEST(BuildEmail, AsciiSubjectsStayReadable) {
  std::string m = build_email("a@b.cn", "c@d.cn", "Report received", "x", "id@l", from_micros(0));
  EXPECT_NE(m.find("Subject: Report received\r\n"), std::string::npos);
}

}  // namespace
}  // namespace loudong::notify
