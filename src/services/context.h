// What every service needs, resolved once at start and passed to the
// services' constructors. The services never read the clock or the disk
// except through these.
#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "assessment/grading.h"
#include "core/clock.h"
#include "core/time.h"
#include "crypto/crypto.h"
#include "domain/policy.h"
#include "store/store.h"

namespace loudong::services {

struct Limits {
  std::size_t max_attachment_bytes = 10 * 1024 * 1024;
  int max_attachments = 5;
  std::size_t max_text_field = 64 * 1024;  // long free-text fields
  std::size_t max_title = 300;
  std::chrono::hours session_ttl{12};
  std::chrono::days max_token_ttl{366};
  int sign_in_attempts_per_minute = 10;  // per (user name, address); 3x that per address
  int sign_ups_per_address_per_hour = 10;  // finder registrations
  // Reports from people without a role (anonymous or finder accounts):
  int intake_per_address_per_hour = 30;
  int intake_per_email_per_hour = 10;  // by contact_email
  int intake_proof_of_work_bits = 0;   // 0: no proof of work asked (intake_guard.h)
  // Rate limits and spent proof-of-work challenges counted in the database
  // rather than in memory (services/rate_limiter.h): on for PostgreSQL, where
  // several processes serve one deployment.
  bool count_in_store = false;
};

// The policy in force: the config file's values with the administrators'
// stored values on top (domain::effective_policy). Read by every request,
// changed by PUT /api/v1/policy: reads take a copy under a lock. Copies of a
// LivePolicy share one state.
class LivePolicy {
 public:
  LivePolicy(domain::Policy configured = {}) : s_(std::make_shared<State>(configured)) {}  // NOLINT: implicit

  domain::Policy get() const {
    std::lock_guard lock(s_->m);
    return s_->effective;
  }
  // The config file's values (or the built-in defaults), without stored ones.
  domain::Policy configured() const {
    std::lock_guard lock(s_->m);
    return s_->configured;
  }
  domain::PolicyOverrides overrides() const {
    std::lock_guard lock(s_->m);
    return s_->overrides;
  }
  void set_overrides(domain::PolicyOverrides o) {
    std::lock_guard lock(s_->m);
    s_->effective = domain::effective_policy(s_->configured, o);
    s_->overrides = std::move(o);
    ++s_->generation;
  }
  // Bumped by every set_overrides: a reload that read the store before a
  // change in this process must not put the older values back.
  std::uint64_t generation() const {
    std::lock_guard lock(s_->m);
    return s_->generation;
  }
  // set_overrides unless another set happened since `seen` was read;
  // returns whether it applied.
  bool set_overrides_if(domain::PolicyOverrides o, std::uint64_t seen) {
    std::lock_guard lock(s_->m);
    if (s_->generation != seen) return false;
    s_->effective = domain::effective_policy(s_->configured, o);
    s_->overrides = std::move(o);
    ++s_->generation;
    return true;
  }

 private:
  struct State {
    explicit State(domain::Policy p) : configured(p), effective(p) {}
    std::mutex m;
    domain::Policy configured, effective;
    domain::PolicyOverrides overrides;
    std::uint64_t generation = 0;
  };
  std::shared_ptr<State> s_;
};

// Outbound notifications (issue 9): whether changes write outbox messages,
// and how the worker retries them.
struct NotifySettings {
  bool enabled = true;
  std::string public_url = "http://127.0.0.1:8080";  // links in emails
  int max_attempts = 8;                               // then the message is dead
  std::chrono::seconds base_delay{30};                // first retry; doubles, with jitter
  std::chrono::seconds max_delay{3600};
  int webhook_disable_after = 20;  // consecutive failed attempts disable a subscription
  int digest_hour = 8;             // local hour of the daily digest
};

struct Context {
  store::Store& store;
  const Clock& clock;
  LivePolicy policy;
  TimeZone zone;
  crypto::SealKey seal_key;
  Limits limits;
  std::optional<assessment::GradingTable> grading_table;  // official GB/T 30279 tables, when loaded
  bool secure_cookies = false;
  NotifySettings notify{};
};

// The store to count rate limits in, or nullptr to count in memory.
inline store::Store* shared_counters(Context& ctx) { return ctx.limits.count_in_store ? &ctx.store : nullptr; }

}  // namespace loudong::services
