// CVE JSON 5 reader over the Go CNA's real records and hand-made cases.
#include <gtest/gtest.h>

#include "formats/cve5.h"
#include "formats/zip_reader.h"
#include "test_data.h"

namespace loudong::formats {
namespace {

TEST(Cve5, EveryGoRecordParses) {
  std::size_t n = 0, with_ranges = 0, with_cwe = 0;
  std::string regexp_record;
  Status s = for_each_zip_entry(testing::shared_data() / "advisories/go-cve5.zip",
                                [&](const std::string& name, std::string_view content) {
                                  Result<Advisory> a = read_cve5(content);
                                  EXPECT_TRUE(a.ok()) << name << ": " << (a.ok() ? "" : a.error().message());
                                  if (!a.ok()) return true;
                                  ++n;
                                  EXPECT_EQ(a->id.rfind("CVE-", 0), 0u) << name;
                                  EXPECT_FALSE(a->affected.empty()) << name;
                                  EXPECT_FALSE(a->details.empty()) << name;
                                  for (const auto& af : a->affected)
                                    if (!af.ranges.empty()) ++with_ranges;
                                  if (!a->cwes.empty()) ++with_cwe;
                                  if (a->id == "CVE-2022-41715") regexp_record = content;
                                  return true;
                                });
  ASSERT_TRUE(s.ok()) << s.error().message();
  EXPECT_EQ(n, 239u);
  EXPECT_GT(with_ranges, 200u);
  EXPECT_GT(with_cwe, 200u);

  Result<Advisory> a = read_cve5(regexp_record);
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->source, SourceFormat::cve5);
  EXPECT_EQ(a->summary, "Memory exhaustion when compiling regular expressions in regexp/syntax");
  EXPECT_EQ(a->cwes, std::vector<std::string>{"CWE-400"});
  EXPECT_NE(std::find(a->aliases.begin(), a->aliases.end(), "GO-2022-1039"), a->aliases.end());
  ASSERT_EQ(a->affected.size(), 1u);
  const Affected& af = a->affected[0];
  EXPECT_EQ(af.package.ecosystem, "Go");
  EXPECT_EQ(af.package.name, "regexp/syntax");
  ASSERT_EQ(af.ranges.size(), 2u);
  EXPECT_EQ(af.ranges[0].type, RangeType::semver);
  EXPECT_EQ(af.ranges[1].events, (std::vector<Event>{{EventKind::introduced, "1.19.0-0"}, {EventKind::fixed, "1.19.2"}}));
  EXPECT_EQ(affects(af, "1.18.6"), Affects::yes);
  EXPECT_EQ(affects(af, "1.18.7"), Affects::no);
  EXPECT_EQ(affects(af, "1.19.1"), Affects::yes);
  EXPECT_EQ(affects(af, "1.19.2"), Affects::no);
  EXPECT_EQ(a->modified, Time{});  // the Go CNA's records carry no dates
}

constexpr std::string_view kRecord = R"({
  "dataType": "CVE_RECORD", "dataVersion": "5.1",
  "cveMetadata": {"cveId": "CVE-2024-12345", "state": "PUBLISHED",
                  "datePublished": "2024-03-01T10:00:00", "dateUpdated": "2024-04-01T10:00:00.123Z"},
  "containers": {"cna": {
    "descriptions": [{"lang": "de", "value": "Deutsch"}, {"lang": "en-US", "value": "English"}],
    "affected": [
      {"vendor": "acme", "product": "widget", "defaultStatus": "unaffected",
       "versions": [{"version": "1.0", "lessThanOrEqual": "1.4", "status": "affected", "versionType": "maven"},
                    {"version": "2.0", "status": "affected"},
                    {"version": "3.0", "lessThan": "*", "status": "affected", "versionType": "custom"}]},
      {"vendor": "acme", "product": "gadget", "defaultStatus": "affected",
       "versions": [{"version": "0", "lessThan": "5.0", "status": "unaffected", "versionType": "semver"}]},
      {"vendor": "acme", "product": "thing", "defaultStatus": "affected"}],
    "metrics": [{"cvssV3_1": {"vectorString": "CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H", "baseScore": 9.8}},
                {"cvssV4_0": {"vectorString": "CVSS:4.0/AV:N/AC:L/AT:N/PR:N/UI:N/VC:H/VI:H/VA:H/SC:N/SI:N/SA:N"}}],
    "problemTypes": [{"descriptions": [{"lang": "en", "cweId": "CWE-79", "description": "XSS", "type": "CWE"}]}],
    "references": [{"url": "https://example.com/patch", "tags": ["patch"]}, {"url": "https://github.com/advisories/GHSA-xxxx-yyyy-zzzz"}],
    "credits": [{"lang": "en", "value": "Jane", "type": "remediation developer"}]
  }}})";

TEST(Cve5, MapsRangesStatusesAndMetadata) {
  Result<Advisory> a = read_cve5(kRecord);
  ASSERT_TRUE(a.ok()) << a.error().message();
  EXPECT_EQ(a->details, "English");
  EXPECT_FALSE(a->withdrawn);
  EXPECT_EQ(a->severity.size(), 2u);
  EXPECT_EQ(a->severity[1].type, "CVSS_V4");
  EXPECT_EQ(a->cwes, std::vector<std::string>{"CWE-79"});
  EXPECT_EQ(a->references[0].type, "FIX");
  EXPECT_EQ(a->aliases, std::vector<std::string>{"GHSA-xxxx-yyyy-zzzz"});
  EXPECT_EQ(a->credits[0].type, "REMEDIATION_DEVELOPER");
  ASSERT_EQ(a->affected.size(), 3u);
  const Affected& widget = a->affected[0];
  EXPECT_EQ(widget.package.ecosystem, "");
  EXPECT_EQ(widget.package.name, "widget");
  EXPECT_EQ(widget.versions, std::vector<std::string>{"2.0"});
  EXPECT_EQ(widget.ranges[0].scheme, "maven");
  EXPECT_EQ(affects(widget, "1.4"), Affects::yes);
  EXPECT_EQ(affects(widget, "1.4.1"), Affects::unknown);  // the "custom" range cannot be ordered
  EXPECT_EQ(affects(widget, "2.0"), Affects::yes);
  EXPECT_NE(widget.database_specific.find(R"("vendor":"acme")"), std::string::npos);
  EXPECT_EQ(affects(a->affected[1], "4.9.0"), Affects::no);
  EXPECT_EQ(affects(a->affected[1], "5.0.0"), Affects::yes);
  EXPECT_EQ(affects(a->affected[2], "1.0"), Affects::unknown);  // no ecosystem to order by
}

TEST(Cve5, RejectedRecordIsWithdrawn) {
  Result<Advisory> a = read_cve5(R"({"dataType":"CVE_RECORD","dataVersion":"5.0",
    "cveMetadata":{"cveId":"CVE-2023-0001","state":"REJECTED","dateUpdated":"2023-05-01T00:00:00Z","dateRejected":"2023-04-01T00:00:00Z"},
    "containers":{"cna":{"rejectedReasons":[{"lang":"en","value":"Duplicate of CVE-2023-0002"}]}}})");
  ASSERT_TRUE(a.ok()) << a.error().message();
  ASSERT_TRUE(a->withdrawn);
  EXPECT_LT(*a->withdrawn, a->modified);
  EXPECT_EQ(a->details, "Duplicate of CVE-2023-0002");
}

TEST(Cve5, MalformedRecordsNameThePath) {
  struct Case {
    std::string_view text, expected;
  };
  const Case cases[] = {
      {R"({"dataType":"CVE_RECORD","dataVersion":"4.0","cveMetadata":{},"containers":{}})", "dataVersion: CVE JSON 4.0 is not supported"},
      {R"({"dataType":"OSV","dataVersion":"5.0"})", "dataType: must be CVE_RECORD"},
      {R"({"dataType":"CVE_RECORD","dataVersion":"5.0","cveMetadata":{"cveId":"CVE-1"},"containers":{"cna":{}}})", "cveMetadata.cveId: 'CVE-1' is not a CVE id"},
      {R"({"dataType":"CVE_RECORD","dataVersion":"5.0","cveMetadata":{},"containers":{"cna":{}}})", "cveMetadata.cveId: is required"},
      {R"({"dataType":"CVE_RECORD","dataVersion":"5.0","cveMetadata":{"cveId":"CVE-2024-1000","dateUpdated":"yesterday"},"containers":{"cna":{}}})", "cveMetadata.dateUpdated: 'yesterday' is not an RFC 3339"},
      {R"({"dataType":"CVE_RECORD","dataVersion":"5.0","cveMetadata":{"cveId":"CVE-2024-1000"},"containers":{}})", "containers.cna: is required"},
      {R"({"dataType":"CVE_RECORD","dataVersion":"5.0","cveMetadata":{"cveId":"CVE-2024-1000"},"containers":{"cna":{"affected":[{"product":"p","versions":[{"version":"1","status":"broken"}]}]}}})", "containers.cna.affected[0].versions[0].status: unknown status 'broken'"},
      {R"({"dataType":"CVE_RECORD","dataVersion":"5.0","cveMetadata":{"cveId":"CVE-2024-1000"},"containers":{"cna":{"affected":[{"product":"p","versions":[{"status":"affected"}]}]}}})", "containers.cna.affected[0].versions[0].version: is required"},
      {R"({"dataType":"CVE_RECORD","dataVersion":"5.0","cveMetadata":{"cveId":"CVE-2024-1000"},"containers":{"cna":{"affected":[{"vendor":"v"}]}}})", "containers.cna.affected[0]: needs a product or a packageName"},
      {R"({"dataType":"CVE_RECORD","dataVersion":"5.0","cveMetadata":{"cveId":"CVE-2024-1000"},"containers":{"cna":{"metrics":[{"cvssV3_1":{"baseScore":5}}]}}})", "containers.cna.metrics[0].cvssV3_1.vectorString: is required"},
      {R"({"dataType":"CVE_RECORD","dataVersion":"5.0","cveMetadata":{"cveId":"CVE-2024-1000"},"containers":{"cna":{"references":[{"url":3}]}}})", "containers.cna.references[0].url: must be a string, not number"},
      {"[1,2", "not valid JSON"},
  };
  for (const auto& c : cases) {
    Result<Advisory> a = read_cve5(c.text);
    ASSERT_FALSE(a.ok()) << c.text;
    EXPECT_EQ(a.error().message().substr(0, c.expected.size()), c.expected) << c.text;
  }
}

}  // namespace
}  // namespace loudong::formats
