// RFC 3339 timestamps and IANA time zones for display.
//
// All stored and computed times are UTC (core/clock.h). A TimeZone is only
// used to show a time in the deployment's zone (Asia/Shanghai by default).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"

namespace loudong {

// "2026-11-22T03:16:00Z" (seconds precision; sub-second digits are dropped,
// since people and the regulation count in minutes at most).
std::string format_utc(Time t);
// RFC 9110 IMF-fixdate, "Mon, 07 Dec 2026 09:00:00 GMT" (Last-Modified).
std::string format_http_date(Time t);
// "2026-11-22T11:16:00+08:00" for an offset in seconds east of UTC.
std::string format_with_offset(Time t, int offset_seconds);
// Accepts RFC 3339 date-times ("2026-11-22T03:16:00Z", "...+08:00",
// fractional seconds) and plain dates ("2026-11-22", read as 00:00 UTC).
// Fails with a message naming what is wrong.
Result<Time> parse_time(std::string_view text);

// A zone read from TZif data (RFC 8536), e.g. /usr/share/zoneinfo/Asia/Shanghai.
class TimeZone {
 public:
  // UTC, needing no data.
  TimeZone();
  // Parses TZif bytes; fails on data that is not TZif.
  static Result<TimeZone> from_tzif(std::string name, std::string_view bytes);
  // A fixed offset, e.g. for tests; name like "UTC+08:00".
  static TimeZone fixed(std::string name, int offset_seconds);

  const std::string& name() const { return name_; }
  int offset_at(Time t) const;  // seconds east of UTC in force at t
  std::string format(Time t) const { return format_with_offset(t, offset_at(t)); }

 private:
  std::string name_;
  std::vector<std::int64_t> transitions_;  // unix seconds, ascending
  std::vector<int> offsets_;               // offset in force from transitions_[i]
  int initial_offset_ = 0;                 // before the first transition
};

}  // namespace loudong
