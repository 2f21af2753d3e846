// What stands between the public intake form and a flood (issue 13, item 6:
// 45,475 anonymous reports in 10 s from one address): per-address and
// per-contact-email limits on reports from people without a role, and an
// optional proof of work.
//
// Proof of work (limits.intake_proof_of_work_bits, 0 = off): the client asks
// GET /api/v1/public/pow for a challenge, finds a nonce such that
// SHA-256(challenge + ":" + nonce) starts with that many zero bits, and sends
// "X-Proof-Of-Work: CHALLENGE:NONCE" with the report. A challenge is signed
// by this process (HMAC, a key made at start), lives 10 minutes and is good
// for one report. It is the hook a CAPTCHA would use the same way: a token
// the server checks before intake.
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "services/accounts.h"

namespace loudong::services {

struct PowChallenge {
  int bits = 0;  // 0: none needed
  std::string challenge;
  Time expires_at{};
};

class IntakeGuard {
 public:
  explicit IntakeGuard(Context& ctx);

  PowChallenge challenge();
  // Whether a report from this caller may be taken now; `proof` is the
  // X-Proof-Of-Work header (empty if none). Staff (anyone with a role, or a
  // platform admin) pass: they are accountable and import in bulk.
  Status check(const Caller& c, const std::string& contact_email, const std::string& proof);
  // Counts the report inside the write transaction that takes it, when the
  // counters are in the store (several processes): refused input then uses
  // up nothing, and a count that cannot be written fails the report whole.
  // Refuses (rate_limited, or a proof of work already spent) when a racing
  // process took the last place since check(). Does nothing in memory.
  Status count_in(store::WriteTx& tx, const Caller& c, const std::string& contact_email, const std::string& proof);
  // Counts a report that was taken, when counting in memory (one process;
  // refused input does not use up the limit). Does nothing in the store.
  void taken(const Caller& c, const std::string& contact_email);

  // SHA-256(challenge ":" nonce) has at least `bits` leading zero bits. Pure.
  static bool proof_holds(const std::string& challenge, const std::string& nonce, int bits);

 private:
  Status check_proof(const std::string& proof);

  Context& ctx_;
  std::string key_;
  RateLimiter by_address_;
  RateLimiter by_email_;
  std::mutex mu_;
  std::map<std::string, Time> used_;  // challenges already spent, until they expire
};

}  // namespace loudong::services
