#include "formats/timestamp.h"

#include <chrono>
#include <cstdio>

namespace loudong::formats {

namespace {

bool digits(std::string_view s, std::size_t pos, std::size_t n, int& out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (std::size_t i = pos; i < pos + n; ++i) {
    if (s[i] < '0' || s[i] > '9') return false;
    v = v * 10 + (s[i] - '0');
  }
  out = v;
  return true;
}

Error bad(std::string_view text, std::string_view why) {
  return Error::invalid("'" + std::string(text.substr(0, 64)) + "' is not an RFC 3339 date-time: " + std::string(why),
                        "bad_timestamp");
}

}  // namespace

Result<Time> parse_timestamp(std::string_view s, Offset offset_rule) {
  int y, mo, d, h, mi, se;
  if (!digits(s, 0, 4, y) || s.size() < 10 || s[4] != '-' || !digits(s, 5, 2, mo) || s[7] != '-' ||
      !digits(s, 8, 2, d))
    return bad(s, "expected YYYY-MM-DD");
  if (s.size() < 19 || (s[10] != 'T' && s[10] != 't')) return bad(s, "expected 'T' and a time after the date");
  if (!digits(s, 11, 2, h) || s[13] != ':' || !digits(s, 14, 2, mi) || s[16] != ':' || !digits(s, 17, 2, se))
    return bad(s, "expected hh:mm:ss");
  using namespace std::chrono;
  year_month_day ymd{year(y), month(static_cast<unsigned>(mo)), day(static_cast<unsigned>(d))};
  if (!ymd.ok()) return bad(s, "no such date");
  if (h > 23 || mi > 59 || se > 60) return bad(s, "time out of range");
  if (se == 60) se = 59;
  std::size_t pos = 19;
  std::int64_t micros = 0;
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    std::size_t start = pos;
    int scale = 100000;
    while (pos < s.size() && s[pos] >= '0' && s[pos] <= '9') {
      micros += (s[pos] - '0') * scale;
      scale /= 10;
      ++pos;
    }
    if (pos == start) return bad(s, "no digits after '.'");
  }
  int offset = 0;
  if (pos < s.size() && (s[pos] == 'Z' || s[pos] == 'z')) {
    ++pos;
  } else if (pos < s.size() && (s[pos] == '+' || s[pos] == '-')) {
    int oh, om;
    if (!digits(s, pos + 1, 2, oh) || pos + 3 >= s.size() || s[pos + 3] != ':' || !digits(s, pos + 4, 2, om) ||
        oh > 23 || om > 59)
      return bad(s, "bad UTC offset");
    offset = (oh * 60 + om) * 60 * (s[pos] == '-' ? -1 : 1);
    pos += 6;
  } else if (offset_rule == Offset::required || pos != s.size()) {
    return bad(s, "missing 'Z' or UTC offset");
  }
  if (pos != s.size()) return bad(s, "unexpected text after the time");
  auto secs = sys_days(ymd).time_since_epoch() + hours(h) + minutes(mi) + seconds(se) - seconds(offset);
  return Time(duration_cast<microseconds>(secs) + microseconds(micros));
}

std::string format_timestamp(Time t) {
  using namespace std::chrono;
  auto day_start = floor<days>(t);
  year_month_day ymd{day_start};
  auto in_day = t - day_start;
  auto h = duration_cast<hours>(in_day);
  auto m = duration_cast<minutes>(in_day - h);
  auto s = duration_cast<seconds>(in_day - h - m);
  auto us = (in_day - h - m - s).count();
  char buf[48];
  int n = std::snprintf(buf, sizeof buf, "%04d-%02u-%02uT%02d:%02d:%02d", static_cast<int>(ymd.year()),
                        static_cast<unsigned>(ymd.month()), static_cast<unsigned>(ymd.day()),
                        static_cast<int>(h.count()), static_cast<int>(m.count()), static_cast<int>(s.count()));
  std::string out(buf, static_cast<std::size_t>(n));
  if (us != 0) {
    char frac[8];
    std::snprintf(frac, sizeof frac, ".%06lld", static_cast<long long>(us));
    std::string f(frac);
    while (f.back() == '0') f.pop_back();
    out += f;
  }
  out += 'Z';
  return out;
}

}  // namespace loudong::formats
