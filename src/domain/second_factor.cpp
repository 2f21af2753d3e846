#include "domain/second_factor.h"

#include <algorithm>
#include <cctype>

#include "crypto/crypto.h"

namespace loudong::domain {

namespace {

constexpr std::string_view kBase32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

std::string digits_only(std::string_view code) {
  std::string out;
  for (char ch : code)
    if (ch != ' ') out += ch;
  return out;
}

std::string percent_encode(std::string_view s) {
  static const char* hexd = "0123456789ABCDEF";
  std::string out;
  for (unsigned char ch : s) {
    if (std::isalnum(ch) || ch == '-' || ch == '.' || ch == '_' || ch == '~') {
      out += static_cast<char>(ch);
    } else {
      out += '%';
      out += hexd[ch >> 4];
      out += hexd[ch & 15];
    }
  }
  return out;
}

}  // namespace

std::string hotp(std::string_view secret, std::uint64_t counter, int digits) {
  std::string msg(8, '\0');
  for (int i = 7; i >= 0; --i, counter >>= 8) msg[i] = static_cast<char>(counter & 0xff);
  std::string mac = crypto::hmac_sha1(secret, msg);
  auto b = [&](std::size_t i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(mac[i])); };
  std::size_t off = b(mac.size() - 1) & 0x0f;
  std::uint32_t bin = ((b(off) & 0x7f) << 24) | (b(off + 1) << 16) | (b(off + 2) << 8) | b(off + 3);
  std::uint64_t mod = 1;
  for (int i = 0; i < digits; ++i) mod *= 10;
  std::string out = std::to_string(bin % mod);
  return std::string(static_cast<std::size_t>(digits) - out.size(), '0') + out;
}

std::int64_t totp_step(Time t) {
  auto secs = std::chrono::floor<std::chrono::seconds>(t.time_since_epoch()).count();
  // floor division, so an instant before 1970 does not round towards zero
  return secs >= 0 ? secs / kTotpStepSeconds : -((-secs + kTotpStepSeconds - 1) / kTotpStepSeconds);
}

std::string totp(std::string_view secret, Time t, int digits) {
  return hotp(secret, static_cast<std::uint64_t>(totp_step(t)), digits);
}

bool looks_like_totp(std::string_view code) {
  std::string d = digits_only(code);
  return d.size() == static_cast<std::size_t>(kTotpDigits) &&
         std::all_of(d.begin(), d.end(), [](unsigned char ch) { return std::isdigit(ch); });
}

std::optional<std::int64_t> totp_accepts(std::string_view secret, std::string_view code, Time now,
                                         std::int64_t last_used_step) {
  if (!looks_like_totp(code)) return std::nullopt;
  std::string typed = digits_only(code);
  std::int64_t at = totp_step(now);
  std::optional<std::int64_t> found;
  // Every step in the window is computed, matched or not, so the time taken
  // does not tell which step a near miss belonged to.
  for (std::int64_t s = at - kTotpWindow; s <= at + kTotpWindow; ++s) {
    if (s < 0) continue;
    bool same = crypto::constant_time_equal(hotp(secret, static_cast<std::uint64_t>(s)), typed);
    if (same && s > last_used_step && !found) found = s;
  }
  return found;
}

std::string base32_encode(std::string_view bytes) {
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (unsigned char ch : bytes) {
    buffer = (buffer << 8) | ch;
    bits += 8;
    while (bits >= 5) {
      out += kBase32[(buffer >> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += kBase32[(buffer << (5 - bits)) & 31];
  return out;
}

Result<std::string> base32_decode(std::string_view text) {
  std::string out;
  std::uint32_t buffer = 0;
  int bits = 0;
  for (std::size_t i = 0; i < text.size(); ++i) {
    char ch = static_cast<char>(std::toupper(static_cast<unsigned char>(text[i])));
    if (ch == ' ' || ch == '-' || ch == '=') continue;
    auto pos = kBase32.find(ch);
    if (pos == std::string_view::npos)
      return Error::invalid("not base32: character " + std::to_string(i + 1) + " is not A-Z or 2-7", "bad_base32");
    buffer = (buffer << 5) | static_cast<std::uint32_t>(pos);
    bits += 5;
    if (bits >= 8) {
      out += static_cast<char>((buffer >> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return out;
}

std::string otpauth_uri(std::string_view issuer, std::string_view username, std::string_view secret) {
  std::string iss = percent_encode(issuer);
  return "otpauth://totp/" + iss + ":" + percent_encode(username) + "?secret=" + base32_encode(secret) +
         "&issuer=" + iss + "&algorithm=SHA1&digits=" + std::to_string(kTotpDigits) +
         "&period=" + std::to_string(kTotpStepSeconds);
}

std::string recovery_code(std::string_view random7) {
  std::string b = base32_encode(random7).substr(0, 10);
  std::transform(b.begin(), b.end(), b.begin(), [](unsigned char ch) { return std::tolower(ch); });
  return b.substr(0, 5) + "-" + b.substr(5);
}

std::string normalise_recovery_code(std::string_view typed) {
  std::string out;
  for (unsigned char ch : typed)
    if (ch != ' ' && ch != '-') out += static_cast<char>(std::tolower(ch));
  return out;
}

bool second_factor_expected(bool platform_admin, const std::vector<Membership>& memberships,
                            const std::vector<Id>& authority_orgs) {
  if (platform_admin) return true;
  return std::any_of(memberships.begin(), memberships.end(), [&](const Membership& m) {
    bool officer = m.role != Role::auditor &&
                   std::find(authority_orgs.begin(), authority_orgs.end(), m.org_id) != authority_orgs.end();
    return m.role == Role::admin || officer;
  });
}

}  // namespace loudong::domain
