#include "notify/delivery.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <ctime>

#include "crypto/crypto.h"

namespace loudong::notify {

std::chrono::microseconds retry_delay(int attempts, std::chrono::seconds base, std::chrono::seconds cap,
                                      double jitter01) {
  using std::chrono::microseconds;
  double b = static_cast<double>(std::chrono::duration_cast<microseconds>(base).count());
  double c = static_cast<double>(std::chrono::duration_cast<microseconds>(cap).count());
  double whole = std::min(c, b * std::pow(2.0, std::max(0, attempts - 1)));
  double j = std::clamp(jitter01, 0.0, 1.0);
  return microseconds(static_cast<std::int64_t>(whole / 2 + j * whole / 2));
}

bool retryable_http(int status) { return status >= 500 || status == 408 || status == 425 || status == 429; }

void record_outcome(store::OutboxMessage& m, const Outcome& o, Time now, const services::NotifySettings& s,
                    double jitter01) {
  m.attempts += 1;
  m.claimed_until.reset();
  m.last_status = o.status;
  if (o.ok) {
    m.state = store::OutboxState::sent;
    m.sent_at = now;
    m.last_error.clear();
    m.response = o.response.substr(0, 4096);
    return;
  }
  m.last_error = o.error.substr(0, 1000);
  if (o.permanent || m.attempts >= m.max_attempts) {
    m.state = store::OutboxState::dead;
    return;
  }
  m.state = store::OutboxState::pending;
  m.next_attempt_at = now + retry_delay(m.attempts, s.base_delay, s.max_delay, jitter01);
}

std::string webhook_signature(std::string_view secret, std::int64_t unix_seconds, std::string_view body) {
  std::string t = std::to_string(unix_seconds);
  std::string signed_text = t + "." + std::string(body);
  return "t=" + t + ",v1=" + crypto::hmac_sha256_hex(secret, signed_text);
}

std::optional<std::string> verify_webhook_signature(std::string_view header, std::string_view secret,
                                                    std::string_view body, std::int64_t now_unix,
                                                    std::chrono::seconds window) {
  std::optional<std::int64_t> t;
  std::vector<std::string_view> sigs;
  while (!header.empty()) {
    auto comma = header.find(',');
    auto part = header.substr(0, comma);
    auto eq = part.find('=');
    if (eq != std::string_view::npos) {
      auto k = part.substr(0, eq), v = part.substr(eq + 1);
      if (k == "t") {
        std::int64_t x = 0;
        auto r = std::from_chars(v.data(), v.data() + v.size(), x);
        if (r.ec == std::errc() && r.ptr == v.data() + v.size()) t = x;
      } else if (k == "v1") {
        sigs.push_back(v);
      }
    }
    if (comma == std::string_view::npos) break;
    header.remove_prefix(comma + 1);
  }
  if (!t) return "no timestamp (t=) in the signature header";
  if (sigs.empty()) return "no v1 signature in the signature header";
  if (std::llabs(now_unix - *t) > window.count()) return "timestamp outside the replay window";
  std::string expected = crypto::hmac_sha256_hex(secret, std::to_string(*t) + "." + std::string(body));
  for (auto s : sigs)
    if (crypto::constant_time_equal(s, expected)) return std::nullopt;
  return "signature does not match";
}

namespace {

std::string wrap76(const std::string& b64) {
  std::string out;
  for (std::size_t i = 0; i < b64.size(); i += 76) out += b64.substr(i, 76) + "\r\n";
  return out;
}

// An RFC 2047 encoded-word per chunk of at most 39 bytes that does not split
// a UTF-8 sequence: 64 characters a word, so even the first line, after
// "Subject: ", stays within RFC 5322's 78.
std::string encode_header_text(std::string_view text) {
  bool ascii = std::all_of(text.begin(), text.end(), [](char c) { return c >= 0x20 && c < 0x7f; });
  if (ascii) return std::string(text);
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    std::size_t n = std::min<std::size_t>(39, text.size() - i);
    while (n > 0 && i + n < text.size() && (static_cast<unsigned char>(text[i + n]) & 0xC0) == 0x80) --n;
    if (!out.empty()) out += "\r\n ";
    out += "=?UTF-8?B?" + crypto::base64_encode(text.substr(i, n)) + "?=";
    i += n;
  }
  return out;
}

std::string rfc5322_date(Time t) {
  std::time_t secs = std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
  std::tm tm{};
  gmtime_r(&secs, &tm);
  char buf[64];
  std::strftime(buf, sizeof buf, "%a, %d %b %Y %H:%M:%S +0000", &tm);
  return buf;
}

// Header values come from settings and recipient lists: a CR or LF would
// let one inject headers.
std::string one_line(std::string_view v) {
  std::string out(v);
  std::replace_if(out.begin(), out.end(), [](char c) { return c == '\r' || c == '\n'; }, ' ');
  return out;
}

}  // namespace

std::string build_email(std::string_view from, std::string_view to, std::string_view subject, std::string_view text,
                        std::string_view message_id, Time date) {
  std::string m;
  m += "From: " + one_line(from) + "\r\n";
  m += "To: " + one_line(to) + "\r\n";
  m += "Subject: " + encode_header_text(one_line(subject)) + "\r\n";
  m += "Date: " + rfc5322_date(date) + "\r\n";
  m += "Message-ID: <" + one_line(message_id) + ">\r\n";
  m += "MIME-Version: 1.0\r\n";
  m += "Content-Type: text/plain; charset=UTF-8\r\n";
  m += "Content-Transfer-Encoding: base64\r\n";
  m += "Auto-Submitted: auto-generated\r\n";
  m += "\r\n";
  m += wrap76(crypto::base64_encode(text));
  return m;
}

}  // namespace loudong::notify
