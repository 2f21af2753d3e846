// Timestamps, the zip reader's failures, and CVE-to-OSV export.
#include <gtest/gtest.h>

#include "formats/cve5.h"
#include "formats/osv.h"
#include "formats/timestamp.h"
#include "formats/zip_reader.h"
#include "test_data.h"

namespace loudong::formats {
namespace {

TEST(Timestamp, ParsesAndFormatsExactly) {
  struct Case {
    std::string_view in, out;
  };
  for (const Case& c : {Case{"2024-05-20T20:14:46Z", "2024-05-20T20:14:46Z"},
                        Case{"2024-05-20T20:14:46.954227Z", "2024-05-20T20:14:46.954227Z"},
                        Case{"2024-05-20t20:14:46.5z", "2024-05-20T20:14:46.5Z"},
                        Case{"2024-05-21T04:14:46+08:00", "2024-05-20T20:14:46Z"},
                        Case{"0001-01-01T00:00:00Z", "0001-01-01T00:00:00Z"},
                        Case{"2016-12-31T23:59:60Z", "2016-12-31T23:59:59Z"},
                        Case{"2024-02-29T00:00:00.1234567Z", "2024-02-29T00:00:00.123456Z"}}) {
    Result<Time> t = parse_timestamp(c.in);
    ASSERT_TRUE(t.ok()) << c.in << ": " << t.error().message();
    EXPECT_EQ(format_timestamp(*t), c.out);
    EXPECT_EQ(*parse_timestamp(format_timestamp(*t)), *t);
  }
  for (std::string_view bad : {"2024-05-20", "2024-05-20T20:14Z", "2023-02-29T00:00:00Z", "2024-05-20T24:00:00Z",
                               "2024-05-20T20:14:46", "2024-05-20T20:14:46Zjunk", "2024-05-20T20:14:46.Z", ""}) {
    EXPECT_FALSE(parse_timestamp(bad).ok()) << bad;
  }
  EXPECT_TRUE(parse_timestamp("2024-05-20T20:14:46", Offset::optional).ok());
}

TEST(ZipReader, MissingArchiveFailsAndEarlyStopWorks) {
  Status s = for_each_zip_entry("/nonexistent/x.zip", [](const std::string&, std::string_view) { return true; });
  ASSERT_FALSE(s.ok());
  EXPECT_EQ(s.error().code(), "bad_zip");
  int seen = 0;
  s = for_each_zip_entry(testing::shared_data() / "advisories/go-cve5.zip", [&](const std::string&, std::string_view) {
    return ++seen < 3;
  });
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(seen, 3);
}

TEST(Export, CveRecordsExportAsReadableOsv) {
  std::size_t n = 0;
  Status s = for_each_zip_entry(testing::shared_data() / "advisories/go-cve5.zip",
                                [&](const std::string& name, std::string_view content) {
                                  Result<Advisory> a = read_cve5(content);
                                  if (!a.ok()) return true;
                                  Result<Advisory> b = read_osv(write_osv(*a));
                                  EXPECT_TRUE(b.ok()) << name << ": " << (b.ok() ? "" : b.error().message());
                                  if (b.ok()) {
                                    EXPECT_EQ(b->id, a->id);
                                    EXPECT_EQ(b->cwes, a->cwes);
                                    EXPECT_EQ(b->affected.size(), a->affected.size());
                                  }
                                  ++n;
                                  return true;
                                });
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(n, 239u);
}

}  // namespace
}  // namespace loudong::formats
