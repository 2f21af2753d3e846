#include "core/time.h"

#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

namespace loudong {
namespace {

TEST(Time, ParsesAndFormatsRfc3339) {
  auto t = parse_time("2026-11-22T11:16:05+08:00");
  ASSERT_TRUE(t.ok()) << t.error().message();
  EXPECT_EQ(format_utc(*t), "2026-11-22T03:16:05Z");
  EXPECT_EQ(format_with_offset(*t, 8 * 3600), "2026-11-22T11:16:05+08:00");
  EXPECT_EQ(format_with_offset(*t, -(5 * 3600 + 30 * 60)), "2026-11-21T21:46:05-05:30");
}

TEST(Time, FractionsAndDates) {
  auto t = parse_time("2026-01-02T00:00:00.123456Z");
  ASSERT_TRUE(t.ok());
  EXPECT_EQ(to_micros(*t) % 1000000, 123456);
  auto d = parse_time("2026-02-28");
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(format_utc(*d), "2026-02-28T00:00:00Z");
}

TEST(Time, RejectsBadInputWithReason) {
  for (const char* s : {"", "2026-13-01", "2026-02-30", "2026-11-22T25:00:00Z", "2026-11-22T10:00:00",
                        "2026-11-22T10:00:00+8", "2026-11-22T10:00:00Zjunk", "yesterday"}) {
    auto t = parse_time(s);
    EXPECT_FALSE(t.ok()) << s;
    if (!t.ok()) {
      EXPECT_NE(t.error().message().find("bad time"), std::string::npos);
    }
  }
}

TEST(TimeZone, ReadsSystemTzif) {
  std::ifstream f("/usr/share/zoneinfo/Asia/Shanghai", std::ios::binary);
  ASSERT_TRUE(f) << "tzdata missing";
  std::stringstream ss;
  ss << f.rdbuf();
  auto z = TimeZone::from_tzif("Asia/Shanghai", ss.str());
  ASSERT_TRUE(z.ok()) << z.error().message();
  auto t = *parse_time("2026-11-22T16:30:00Z");
  EXPECT_EQ(z->offset_at(t), 8 * 3600);
  EXPECT_EQ(z->format(t), "2026-11-23T00:30:00+08:00");

  std::ifstream g("/usr/share/zoneinfo/Europe/Berlin", std::ios::binary);
  std::stringstream gs;
  gs << g.rdbuf();
  auto berlin = TimeZone::from_tzif("Europe/Berlin", gs.str());
  ASSERT_TRUE(berlin.ok());
  EXPECT_EQ(berlin->offset_at(*parse_time("2026-07-01T12:00:00Z")), 2 * 3600);
  EXPECT_EQ(berlin->offset_at(*parse_time("2026-01-01T12:00:00Z")), 3600);
}

TEST(Time, HttpDate) {
  // RFC 9110's example, a leap day, and the epoch (a Thursday).
  EXPECT_EQ(format_http_date(*parse_time("1994-11-06T08:49:37Z")), "Sun, 06 Nov 1994 08:49:37 GMT");
  EXPECT_EQ(format_http_date(*parse_time("2028-02-29T23:59:59.900+00:00")), "Tue, 29 Feb 2028 23:59:59 GMT");
  EXPECT_EQ(format_http_date(*parse_time("2026-12-07T08:00:00+08:00")), "Mon, 07 Dec 2026 00:00:00 GMT");
  EXPECT_EQ(format_http_date(Time{}), "Thu, 01 Jan 1970 00:00:00 GMT");
}

TEST(TimeZone, RejectsNonTzif) {
  EXPECT_FALSE(TimeZone::from_tzif("x", "not a zone file at all, definitely not").ok());
  EXPECT_FALSE(TimeZone::from_tzif("x", "").ok());
}

}  // namespace
}  // namespace loudong
