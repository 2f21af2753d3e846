#include "services/intake_guard.h"

#include <algorithm>
#include <cctype>
#include <charconv>

#include "core/text.h"

namespace loudong::services {

using namespace domain;

namespace {

constexpr auto kChallengeTtl = std::chrono::minutes(10);

bool staff(const Actor& a) { return a.platform_admin || !a.memberships.empty(); }

Error pow_error(const std::string& code, const std::string& message) {
  return Error::field("X-Proof-Of-Work", code, message);
}

Error limited(const std::string& what) {
  return Error(ErrorKind::rate_limited, "rate_limited", "too many reports from " + what + " in the last hour; try later");
}

}  // namespace

IntakeGuard::IntakeGuard(Context& ctx)
    : ctx_(ctx),
      // From the seal key, which every process of a deployment shares: a
      // challenge fetched from one process is good at any other.
      key_(crypto::hmac_sha256_hex(
          std::string_view(reinterpret_cast<const char*>(ctx.seal_key.data()), ctx.seal_key.size()),
          "loudong proof-of-work challenges")),
      by_address_(ctx.clock, ctx.limits.intake_per_address_per_hour, std::chrono::hours(1), shared_counters(ctx),
                  "intake_address"),
      by_email_(ctx.clock, ctx.limits.intake_per_email_per_hour, std::chrono::hours(1), shared_counters(ctx),
                "intake_email") {}

PowChallenge IntakeGuard::challenge() {
  PowChallenge c;
  c.bits = ctx_.limits.intake_proof_of_work_bits;
  if (c.bits <= 0) return c;
  Time now = ctx_.clock.now();
  c.expires_at = now + kChallengeTtl;
  std::string body = std::to_string(to_micros(now)) + "." + crypto::random_token(12);
  c.challenge = body + "." + crypto::hmac_sha256_hex(key_, body).substr(0, 32);
  return c;
}

bool IntakeGuard::proof_holds(const std::string& challenge, const std::string& nonce, int bits) {
  const std::string h = crypto::sha256_hex(challenge + ":" + nonce);
  int zeros = 0;
  for (char ch : h) {
    int v = std::isdigit(static_cast<unsigned char>(ch)) ? ch - '0' : ch - 'a' + 10;
    if (v == 0) {
      zeros += 4;
    } else {
      while ((v & 8) == 0) {
        ++zeros;
        v <<= 1;
      }
      break;
    }
    if (zeros >= bits) break;
  }
  return zeros >= bits;
}

Status IntakeGuard::check_proof(const std::string& proof) {
  const int bits = ctx_.limits.intake_proof_of_work_bits;
  if (bits <= 0) return {};
  if (proof.empty())
    return pow_error("proof_of_work_required",
                     "this platform asks anonymous reports for a proof of work: GET /api/v1/public/pow, then send "
                     "X-Proof-Of-Work: CHALLENGE:NONCE");
  auto colon = proof.rfind(':');
  std::string challenge = proof.substr(0, colon == std::string::npos ? 0 : colon);
  std::string nonce = colon == std::string::npos ? "" : proof.substr(colon + 1);
  auto d1 = challenge.find('.'), d2 = challenge.rfind('.');
  if (colon == std::string::npos || nonce.empty() || nonce.size() > 64 || d1 == std::string::npos || d1 == d2)
    return pow_error("bad_proof_of_work", "X-Proof-Of-Work must be CHALLENGE:NONCE");
  const std::string body = challenge.substr(0, d2);
  if (crypto::hmac_sha256_hex(key_, body).substr(0, 32) != challenge.substr(d2 + 1))
    return pow_error("bad_proof_of_work", "the challenge was not issued by this platform; fetch a new one");
  std::int64_t issued = 0;
  try {
    issued = std::stoll(challenge.substr(0, d1));
  } catch (...) {
    return pow_error("bad_proof_of_work", "X-Proof-Of-Work must be CHALLENGE:NONCE");
  }
  Time now = ctx_.clock.now();
  Time expires = from_micros(issued) + kChallengeTtl;
  if (expires <= now) return pow_error("expired_proof_of_work", "the challenge has expired; fetch a new one");
  if (!proof_holds(challenge, nonce, bits))
    return pow_error("bad_proof_of_work", "the nonce does not give " + std::to_string(bits) + " leading zero bits");
  if (shared_counters(ctx_)) return {};  // spent by count_in(), with the report
  std::lock_guard lk(mu_);
  for (auto it = used_.begin(); it != used_.end();) it = it->second <= now ? used_.erase(it) : std::next(it);
  if (!used_.emplace(challenge, expires).second)
    return pow_error("used_proof_of_work", "this challenge was already used for a report; fetch a new one");
  return {};
}

Status IntakeGuard::check(const Caller& c, const std::string& contact_email, const std::string& proof) {
  if (staff(c.actor)) return {};
  LD_RETURN_IF_ERROR(check_proof(proof));
  LD_ASSIGN_OR_RETURN(bool address_full, by_address_.full("addr:" + c.remote_address));
  if (address_full) return limited("your address");
  if (contact_email.empty()) return {};
  LD_ASSIGN_OR_RETURN(bool email_full, by_email_.full("email:" + ascii_lower(contact_email)));
  if (email_full) return limited("this contact email");
  return {};
}

Status IntakeGuard::count_in(store::WriteTx& tx, const Caller& c, const std::string& contact_email,
                             const std::string& proof) {
  if (staff(c.actor) || !shared_counters(ctx_)) return {};  // in memory: counted by taken()
  const std::string challenge = proof.substr(0, std::min(proof.size(), proof.rfind(':')));
  std::int64_t issued = 0;
  const char* digits = challenge.data();
  if (auto [end, ec] = std::from_chars(digits, digits + challenge.size(), issued); ec == std::errc() && *end == '.') {
    // A proof check() verified: one row per challenge, kept until it
    // expires (prune_rate_counters).
    Time expires = from_micros(issued) + kChallengeTtl;
    LD_ASSIGN_OR_RETURN(std::int64_t uses, tx.add_rate_hit("pow:" + challenge, to_micros(expires)));
    if (uses > 1) return pow_error("used_proof_of_work", "this challenge was already used for a report; fetch a new one");
  }
  LD_ASSIGN_OR_RETURN(bool address_ok, by_address_.allow_in(tx, "addr:" + c.remote_address));
  if (!address_ok) return limited("your address");
  if (contact_email.empty()) return {};
  LD_ASSIGN_OR_RETURN(bool email_ok, by_email_.allow_in(tx, "email:" + ascii_lower(contact_email)));
  if (!email_ok) return limited("this contact email");
  return {};
}

void IntakeGuard::taken(const Caller& c, const std::string& contact_email) {
  if (staff(c.actor) || shared_counters(ctx_)) return;  // counted by count_in() in the store
  // The report is already taken: a count that fails to be written only
  // gives this sender one more report within the hour.
  (void)by_address_.allow("addr:" + c.remote_address);
  if (!contact_email.empty()) (void)by_email_.allow("email:" + ascii_lower(contact_email));
}

}  // namespace loudong::services
