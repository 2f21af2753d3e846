#include "core/time.h"

#include <charconv>
#include <cstdio>

namespace loudong {
namespace {

using namespace std::chrono;

std::string format_civil(Time t, int offset_seconds) {
  auto secs = floor<seconds>(t) + seconds(offset_seconds);
  auto day = floor<days>(secs);
  year_month_day ymd{day};
  hh_mm_ss hms{secs - day};
  char buf[40];
  std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d", static_cast<int>(ymd.year()),
                static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                static_cast<int>(hms.hours().count()), static_cast<int>(hms.minutes().count()),
                static_cast<int>(hms.seconds().count()));
  return buf;
}

bool read_int(std::string_view s, size_t pos, size_t len, int& out) {
  if (pos + len > s.size()) return false;
  for (size_t i = pos; i < pos + len; ++i)
    if (s[i] < '0' || s[i] > '9') return false;
  auto r = std::from_chars(s.data() + pos, s.data() + pos + len, out);
  return r.ec == std::errc();
}

std::int64_t be64(std::string_view b, size_t at) {
  std::uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | static_cast<unsigned char>(b[at + i]);
  return static_cast<std::int64_t>(v);
}
std::int32_t be32(std::string_view b, size_t at) {
  std::uint32_t v = 0;
  for (int i = 0; i < 4; ++i) v = (v << 8) | static_cast<unsigned char>(b[at + i]);
  return static_cast<std::int32_t>(v);
}

}  // namespace

std::string format_utc(Time t) { return format_civil(t, 0) + "Z"; }

std::string format_http_date(Time t) {
  static constexpr const char* kDays[] = {"Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"};
  static constexpr const char* kMonths[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  auto secs = floor<seconds>(t);
  auto day = floor<days>(secs);
  year_month_day ymd{day};
  hh_mm_ss hms{secs - day};
  char buf[40];
  std::snprintf(buf, sizeof buf, "%s, %02u %s %04d %02d:%02d:%02d GMT", kDays[weekday(day).c_encoding()],
                static_cast<unsigned>(ymd.day()), kMonths[static_cast<unsigned>(ymd.month()) - 1],
                static_cast<int>(ymd.year()), static_cast<int>(hms.hours().count()),
                static_cast<int>(hms.minutes().count()), static_cast<int>(hms.seconds().count()));
  return buf;
}

std::string format_with_offset(Time t, int offset_seconds) {
  if (offset_seconds == 0) return format_utc(t);
  std::string s = format_civil(t, offset_seconds);
  int a = offset_seconds < 0 ? -offset_seconds : offset_seconds;
  char buf[16];
  std::snprintf(buf, sizeof buf, "%c%02d:%02d", offset_seconds < 0 ? '-' : '+', (a / 3600) % 100, (a / 60) % 60);
  return s + buf;
}

Result<Time> parse_time(std::string_view s) {
  auto bad = [&](const char* why) {
    return Error::invalid(std::string("bad time \"") + std::string(s.substr(0, 40)) + "\": " + why +
                              " (expected RFC 3339, e.g. 2026-11-22T10:00:00+08:00)",
                          "bad_time");
  };
  int y, mo, d, h = 0, mi = 0, se = 0;
  if (!read_int(s, 0, 4, y) || s.size() < 10 || s[4] != '-' || !read_int(s, 5, 2, mo) || s[7] != '-' ||
      !read_int(s, 8, 2, d))
    return bad("date must be YYYY-MM-DD");
  year_month_day ymd{year(y), month(static_cast<unsigned>(mo)), day(static_cast<unsigned>(d))};
  if (!ymd.ok()) return bad("no such date");
  sys_days base{ymd};
  if (s.size() == 10) return Time(time_point_cast<microseconds>(base));
  if (s[10] != 'T' && s[10] != 't' && s[10] != ' ') return bad("expected T between date and time");
  if (!read_int(s, 11, 2, h) || s.size() < 19 || s[13] != ':' || !read_int(s, 14, 2, mi) || s[16] != ':' ||
      !read_int(s, 17, 2, se))
    return bad("time must be HH:MM:SS");
  if (h > 23 || mi > 59 || se > 60) return bad("time out of range");
  size_t pos = 19;
  std::int64_t micros = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    int digits = 0;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      if (digits < 6) micros = micros * 10 + (s[pos] - '0');
      ++digits;
      ++pos;
    }
    if (digits == 0) return bad("empty fraction");
    for (int i = digits; i < 6; ++i) micros *= 10;
  }
  int offset = 0;
  if (pos >= s.size()) return bad("missing zone (Z or +HH:MM)");
  if (s[pos] == 'Z' || s[pos] == 'z') {
    ++pos;
  } else if (s[pos] == '+' || s[pos] == '-') {
    int oh, om;
    if (!read_int(s, pos + 1, 2, oh) || pos + 3 >= s.size() || s[pos + 3] != ':' || !read_int(s, pos + 4, 2, om) ||
        oh > 23 || om > 59)
      return bad("zone offset must be +HH:MM");
    offset = (oh * 3600 + om * 60) * (s[pos] == '-' ? -1 : 1);
    pos += 6;
  } else {
    return bad("missing zone (Z or +HH:MM)");
  }
  if (pos != s.size()) return bad("trailing characters");
  auto t = time_point_cast<microseconds>(base) + hours(h) + minutes(mi) + seconds(se) + microseconds(micros) -
           seconds(offset);
  return Time(t);
}

TimeZone::TimeZone() : name_("UTC") {}

TimeZone TimeZone::fixed(std::string name, int offset_seconds) {
  TimeZone z;
  z.name_ = std::move(name);
  z.initial_offset_ = offset_seconds;
  return z;
}

Result<TimeZone> TimeZone::from_tzif(std::string name, std::string_view b) {
  auto bad = [&](const char* why) { return Error::invalid("time zone " + name + ": " + why, "bad_time_zone"); };
  if (b.size() < 44 || b.substr(0, 4) != "TZif") return bad("not TZif data");
  // Prefer the 64-bit body of version 2+ files, which follows the v1 body.
  auto counts = [&](size_t at, std::int32_t c[6]) {
    for (int i = 0; i < 6; ++i) c[i] = be32(b, at + 20 + 4 * i);
  };
  std::int32_t c[6];  // isutcnt isstdcnt leapcnt timecnt typecnt charcnt
  counts(0, c);
  size_t header = 0;
  int tsize = 4;
  if (b[4] >= '2') {
    size_t v1 = 44 + static_cast<size_t>(c[3]) * 5 + static_cast<size_t>(c[4]) * 6 + static_cast<size_t>(c[5]) +
                static_cast<size_t>(c[2]) * 8 + static_cast<size_t>(c[1]) + static_cast<size_t>(c[0]);
    if (b.size() < v1 + 44 || b.substr(v1, 4) != "TZif") return bad("truncated v2 header");
    header = v1;
    counts(header, c);
    tsize = 8;
  }
  for (int i = 0; i < 6; ++i)
    if (c[i] < 0 || c[i] > 100000) return bad("implausible counts");
  size_t at = header + 44;
  size_t need = static_cast<size_t>(c[3]) * (tsize + 1) + static_cast<size_t>(c[4]) * 6;
  if (b.size() < at + need || c[4] == 0) return bad("truncated body");
  TimeZone z;
  z.name_ = std::move(name);
  std::vector<std::int64_t> times(c[3]);
  for (int i = 0; i < c[3]; ++i) times[i] = tsize == 8 ? be64(b, at + i * 8) : be32(b, at + i * 4);
  at += static_cast<size_t>(c[3]) * tsize;
  std::vector<int> idx(c[3]);
  for (int i = 0; i < c[3]; ++i) {
    idx[i] = static_cast<unsigned char>(b[at + i]);
    if (idx[i] >= c[4]) return bad("bad type index");
  }
  at += c[3];
  std::vector<int> type_offsets(c[4]);
  for (int i = 0; i < c[4]; ++i) type_offsets[i] = be32(b, at + i * 6);
  z.initial_offset_ = type_offsets[0];
  z.transitions_ = std::move(times);
  for (int i : idx) z.offsets_.push_back(type_offsets[i]);
  return z;
}

int TimeZone::offset_at(Time t) const {
  std::int64_t s = floor<seconds>(t).time_since_epoch().count();
  // Last transition at or before s.
  size_t lo = 0, hi = transitions_.size();
  while (lo < hi) {
    size_t mid = (lo + hi) / 2;
    if (transitions_[mid] <= s) lo = mid + 1; else hi = mid;
  }
  return lo == 0 ? initial_offset_ : offsets_[lo - 1];
}

}  // namespace loudong
