// Time comes into the domain only through Clock, so tests can set it.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace loudong {

// UTC instants with microsecond precision. Stored as integer microseconds
// since the Unix epoch in every backend.
using Time = std::chrono::sys_time<std::chrono::microseconds>;
using Duration = std::chrono::microseconds;

inline std::int64_t to_micros(Time t) { return t.time_since_epoch().count(); }
inline Time from_micros(std::int64_t us) { return Time(Duration(us)); }

class Clock {
 public:
  virtual ~Clock() = default;
  virtual Time now() const = 0;
};

class SystemClock final : public Clock {
 public:
  Time now() const override {
    return std::chrono::time_point_cast<Duration>(std::chrono::system_clock::now());
  }
};

// A clock that moves only when told; for tests and for replaying events.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(Time start) : us_(to_micros(start)) {}
  Time now() const override { return from_micros(us_.load()); }
  void set(Time t) { us_.store(to_micros(t)); }
  void advance(Duration d) { us_.fetch_add(d.count()); }

 private:
  std::atomic<std::int64_t> us_;
};

}  // namespace loudong
