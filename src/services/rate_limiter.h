// Attempts counted per key in a sliding window: sign-in tries, finder
// sign-ups, anonymous intake. One process (SQLite) counts in memory; several
// processes on one PostgreSQL count in the database (Limits::count_in_store),
// so an attacker gains nothing by spreading tries over the processes behind a
// load balancer.
#pragma once

#include <chrono>
#include <deque>
#include <map>
#include <mutex>
#include <string>

#include "core/clock.h"
#include "core/result.h"
#include "store/store.h"

namespace loudong::services {

class RateLimiter {
 public:
  // Counts in memory: exact sliding window.
  RateLimiter(const Clock& clock, int limit, std::chrono::seconds window = std::chrono::minutes(1))
      : clock_(clock), limit_(limit), window_(window) {}
  // Counts in `shared` (not owned; must outlive this) under keys prefixed
  // with `name`: fixed windows, the previous one weighted by how much of it
  // still overlaps the sliding window (the usual two-window estimate).
  RateLimiter(const Clock& clock, int limit, std::chrono::seconds window, store::Store* shared, std::string name)
      : clock_(clock), limit_(limit), window_(window), shared_(shared), name_(std::move(name)) {}

  // True when under the limit, and then the attempt counts. In the store the
  // attempt is counted first and checked after (one atomic upsert, so
  // processes racing cannot both take the last place); a refused attempt
  // therefore counts too, which keeps a persistent guesser out longer.
  // Fails only when the store does.
  Result<bool> allow(const std::string& key);
  // The same inside the caller's write transaction, so that the attempt
  // counts only if what it is for commits (an anonymous report, say); in
  // memory it counts at once, as allow() does.
  Result<bool> allow_in(store::WriteTx& tx, const std::string& key);
  // Whether the key is at its limit now, without counting anything.
  Result<bool> full(const std::string& key);
  Status reset(const std::string& key);
  // The same inside the caller's write transaction, so that forgetting the
  // tries commits (or fails) with what earned it, a session say.
  Status reset_in(store::WriteTx& tx, const std::string& key);

 private:
  Result<double> shared_estimate(const std::string& key, std::int64_t& window_start);

  const Clock& clock_;
  int limit_;
  std::chrono::seconds window_;
  store::Store* shared_ = nullptr;
  std::string name_;
  std::mutex mu_;
  std::map<std::string, std::deque<Time>> hits_;
};

// Forgets shared counter windows older than any limiter looks at (two hours:
// the longest window is one hour, and its previous window is read too).
// Called by the server's sweeper; returns how many rows went.
Result<std::int64_t> prune_rate_counters(store::Store& store, Time now);

}  // namespace loudong::services
