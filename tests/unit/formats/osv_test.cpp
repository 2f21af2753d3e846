// OSV reader/writer over the real Go vulnerability database and a table of
// malformed records.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <string>
#include <vector>

#include "formats/osv.h"
#include "formats/zip_reader.h"
#include "test_data.h"

namespace loudong::formats {
namespace {

using testing::own_data;
using testing::shared_data;
using testing::slurp;

struct Entry {
  std::string name;
  std::string content;
};

std::vector<Entry> zip_entries(const std::string& zip) {
  std::vector<Entry> out;
  Status s = for_each_zip_entry(zip, [&](const std::string& name, std::string_view content) {
    out.push_back({name, std::string(content)});
    return true;
  });
  EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().message());
  return out;
}

TEST(Osv, EveryGoRecordParses) {
  auto entries = zip_entries(shared_data() / "advisories/go-osv.zip");
  ASSERT_EQ(entries.size(), 4291u);
  std::size_t withdrawn = 0, with_aliases = 0;
  for (const auto& e : entries) {
    Result<Advisory> a = read_osv(e.content);
    ASSERT_TRUE(a.ok()) << e.name << ": " << a.error().message();
    EXPECT_EQ(a->id + ".json", std::filesystem::path(e.name).filename().string());
    EXPECT_FALSE(a->affected.empty()) << e.name;
    if (a->withdrawn) ++withdrawn;
    if (!a->aliases.empty()) ++with_aliases;
  }
  EXPECT_EQ(withdrawn, 17u);
  EXPECT_EQ(with_aliases, 4277u);
}

TEST(Osv, FieldsOfAKnownRecord) {
  std::string text;
  Status s = for_each_zip_entry(shared_data() / "advisories/go-osv.zip", [&](const std::string& n, std::string_view c) {
    if (n.find("GO-2021-0159.json") == std::string::npos) return true;
    text = c;
    return false;
  });
  ASSERT_TRUE(s.ok());
  Result<Advisory> a = read_osv(text);
  ASSERT_TRUE(a.ok()) << a.error().message();
  EXPECT_EQ(a->id, "GO-2021-0159");
  EXPECT_EQ(a->schema_version, "1.3.1");
  EXPECT_EQ(a->aliases, (std::vector<std::string>{"CVE-2015-5739", "CVE-2015-5740", "CVE-2015-5741"}));
  ASSERT_EQ(a->affected.size(), 1u);
  EXPECT_EQ(a->affected[0].package.ecosystem, "Go");
  EXPECT_EQ(a->affected[0].package.name, "stdlib");
  ASSERT_EQ(a->affected[0].ranges.size(), 1u);
  const Range& r = a->affected[0].ranges[0];
  EXPECT_EQ(r.type, RangeType::semver);
  EXPECT_EQ(r.events, (std::vector<Event>{{EventKind::introduced, "0"}, {EventKind::fixed, "1.4.3"}}));
  EXPECT_EQ(a->affected[0].ecosystem_specific.substr(0, 30), R"({"imports":[{"path":"net/http")");
  EXPECT_EQ(a->credits.size(), 2u);
  EXPECT_EQ(a->credits[1].name, "R\xC3\xA9gis Leroy");
  EXPECT_EQ(a->references.size(), 11u);
  EXPECT_EQ(a->database_specific, R"({"url":"https://pkg.go.dev/vuln/GO-2021-0159","review_status":"REVIEWED"})");
  EXPECT_EQ(a->modified, Time{} - std::chrono::days(719162));  // 0001-01-01
}

TEST(Osv, WriteThenReadGivesTheSameRecord) {
  auto entries = zip_entries(shared_data() / "advisories/go-osv.zip");
  std::size_t checked = 0;
  for (std::size_t i = 0; i < entries.size(); i += 7) {
    Result<Advisory> a = read_osv(entries[i].content);
    ASSERT_TRUE(a.ok());
    std::string out = write_osv(*a);
    Result<Advisory> b = read_osv(out);
    ASSERT_TRUE(b.ok()) << entries[i].name << ": " << b.error().message() << "\n" << out;
    EXPECT_TRUE(*a == *b) << entries[i].name << "\n" << out;
    EXPECT_EQ(write_osv(*b), out);
    ++checked;
  }
  EXPECT_GT(checked, 600u);
}

TEST(Osv, RoundTripKeepsFractionsGitRangesAndEscapes) {
  std::string text = R"({"id":"OSV-2099-1","modified":"2024-05-20T20:14:46.954227Z","withdrawn":"2024-06-01T00:00:00.5Z",
    "summary":"tab\tquote\" backslash\\ nul\u0001 中文",
    "affected":[{"package":{"ecosystem":"PyPI","name":"x","purl":"pkg:pypi/x"},
      "ranges":[{"type":"GIT","repo":"https://example.com/r","events":[{"introduced":"0"},{"limit":"*"}],"database_specific":{"k":[1,2.5,null,true]}}],
      "versions":["1.0","1.1"],"severity":[{"type":"CVSS_V4","score":"CVSS:4.0/AV:N"}]}],
    "credits":[{"name":"n","contact":["mailto:a@b"],"type":"FINDER"}],"related":["CVE-1"],"upstream":["CVE-2"]})";
  Result<Advisory> a = read_osv(text);
  ASSERT_TRUE(a.ok()) << a.error().message();
  Result<Advisory> b = read_osv(write_osv(*a));
  ASSERT_TRUE(b.ok()) << b.error().message();
  EXPECT_TRUE(*a == *b) << write_osv(*a);
  EXPECT_EQ(b->summary, "tab\tquote\" backslash\\ nul\x01 \xE4\xB8\xAD\xE6\x96\x87");
  EXPECT_EQ(b->affected[0].ranges[0].database_specific, R"({"k":[1,2.5,null,true]})");
}

TEST(Osv, MalformedRecordsNameThePathAndReason) {
  auto dir = own_data() / "osv-bad";
  std::string table = slurp(dir / "expected.txt");
  ASSERT_FALSE(table.empty());
  std::istringstream lines(table);
  std::string line;
  std::size_t cases = 0;
  while (std::getline(lines, line)) {
    if (line.empty() || line[0] == '#') continue;
    auto bar = line.find(" | ");
    ASSERT_NE(bar, std::string::npos) << line;
    std::string file = line.substr(0, bar), expected = line.substr(bar + 3);
    ASSERT_TRUE(std::filesystem::exists(dir / file)) << file;
    Result<Advisory> a = read_osv(slurp(dir / file));
    ASSERT_FALSE(a.ok()) << file << " was accepted";
    EXPECT_EQ(a.error().message().substr(0, expected.size()), expected) << file;
    ++cases;
  }
  std::size_t files = 0;
  for (const auto& f : std::filesystem::directory_iterator(dir))
    if (f.path().extension() == ".json") ++files;
  EXPECT_EQ(cases, files) << "every osv-bad/*.json needs a line in expected.txt";
  EXPECT_GE(cases, 20u);
}

}  // namespace
}  // namespace loudong::formats
