#include "services/rate_limiter.h"

#include <iterator>

namespace loudong::services {

namespace {

std::int64_t micros(std::chrono::seconds s) { return std::chrono::duration_cast<std::chrono::microseconds>(s).count(); }

}  // namespace

Result<double> RateLimiter::shared_estimate(const std::string& key, std::int64_t& window_start) {
  const std::int64_t w = micros(window_), now = to_micros(clock_.now());
  window_start = now - now % w;
  LD_ASSIGN_OR_RETURN(auto rows, shared_->read([&](store::ReadTx& tx) { return tx.rate_hits(key, window_start - w); }));
  double prev = 0, cur = 0;
  for (auto [start, hits] : rows) (start == window_start ? cur : prev) = static_cast<double>(hits);
  return prev * static_cast<double>(w - (now - window_start)) / static_cast<double>(w) + cur;
}

Result<bool> RateLimiter::allow_in(store::WriteTx& tx, const std::string& key) {
  if (!shared_) return allow(key);
  const std::string k = name_ + ":" + key;
  const std::int64_t w = micros(window_), now = to_micros(clock_.now()), start = now - now % w;
  LD_ASSIGN_OR_RETURN(std::int64_t cur, tx.add_rate_hit(k, start));
  LD_ASSIGN_OR_RETURN(auto rows, tx.rate_hits(k, start - w));
  double prev = 0;
  for (auto [s, hits] : rows)
    if (s == start - w) prev = static_cast<double>(hits);
  double estimate = prev * static_cast<double>(w - (now - start)) / static_cast<double>(w) + static_cast<double>(cur);
  return estimate <= static_cast<double>(limit_);
}

Result<bool> RateLimiter::allow(const std::string& key) {
  if (shared_) return shared_->write([&](store::WriteTx& tx) { return allow_in(tx, key); });
  std::lock_guard lk(mu_);
  Time now = clock_.now();
  if (hits_.size() > 100000) {
    // Bound memory under a spray of keys: drop the keys whose window has
    // passed first; only if that is not enough, forget everything (the
    // per-address limits bound how fast one address can get here).
    for (auto it = hits_.begin(); it != hits_.end();)
      it = it->second.empty() || now - it->second.back() >= window_ ? hits_.erase(it) : std::next(it);
    if (hits_.size() > 100000) hits_.clear();
  }
  auto& q = hits_[key];
  while (!q.empty() && now - q.front() >= window_) q.pop_front();
  if (static_cast<int>(q.size()) >= limit_) return false;
  q.push_back(now);
  return true;
}

Result<bool> RateLimiter::full(const std::string& key) {
  if (shared_) {
    std::int64_t start = 0;
    LD_ASSIGN_OR_RETURN(double estimate, shared_estimate(name_ + ":" + key, start));
    return estimate >= static_cast<double>(limit_);
  }
  std::lock_guard lk(mu_);
  auto it = hits_.find(key);
  if (it == hits_.end()) return false;
  Time now = clock_.now();
  auto& q = it->second;
  while (!q.empty() && now - q.front() >= window_) q.pop_front();
  return static_cast<int>(q.size()) >= limit_;
}

Status RateLimiter::reset(const std::string& key) {
  if (shared_) return shared_->write([&](store::WriteTx& tx) { return tx.clear_rate_key(name_ + ":" + key); });
  std::lock_guard lk(mu_);
  hits_.erase(key);
  return {};
}

Status RateLimiter::reset_in(store::WriteTx& tx, const std::string& key) {
  if (shared_) return tx.clear_rate_key(name_ + ":" + key);
  std::lock_guard lk(mu_);
  hits_.erase(key);
  return {};
}

Result<std::int64_t> prune_rate_counters(store::Store& store, Time now) {
  const std::int64_t before = to_micros(now) - micros(std::chrono::hours(2));
  return store.write([&](store::WriteTx& tx) { return tx.prune_rate_counters(before); });
}

}  // namespace loudong::services
