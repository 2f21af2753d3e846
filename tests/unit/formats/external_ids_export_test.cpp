// R-IDS: every external id of an advisory reaches every export. Each test
// fails when an exporter drops one: CSAF (the vulnerability's cve and ids),
// CVE 5 (the record's id, the rest as references and x_relatedIds), OSV
// (aliases), the regulatory report (related_ids, and the printable page).
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "formats/advisory_json.h"
#include "formats/csaf_check.h"
#include "formats/cve5.h"
#include "formats/exports.h"
#include "formats/osv.h"
#include "example_publisher.h"
#include "test_data.h"

namespace loudong::formats {
namespace {

using nlohmann::json;

// One of each scheme, and a second CVE id.
const std::vector<std::string> kIds = {"CVE-2021-44228",   "CVE-2021-45046",      "CNVD-2021-95914",
                                       "CNNVD-202112-799", "CICSVD-2022-0001234", "NVDB-2023-12345",
                                       "CAPPVD-2024-00017", "GHSA-jfh8-c2jp-5v3q"};

domain::Advisory with_every_id() {
  auto a = advisory_from_json(testing::slurp(testing::own_data() / "advisories" / "log4shell-like.json"));
  if (!a.ok()) throw std::runtime_error(a.error().message());
  a->external_ids = kIds;
  return *a;
}

Publisher publisher() { return testing::example_publisher(); }

std::set<std::string> as_set(const std::vector<std::string>& v) { return {v.begin(), v.end()}; }

TEST(ExternalIdsExport, CsafCarriesEveryIdOnce) {
  auto doc = write_csaf(with_every_id(), publisher());
  ASSERT_TRUE(doc.ok()) << doc.error().message();
  const json& v = (*doc)["vulnerabilities"][0];
  std::vector<std::string> got{v["cve"].get<std::string>()};
  for (const auto& id : v["ids"]) {
    got.push_back(id["text"]);
    // system_name is the registry: the id's prefix.
    EXPECT_EQ(id["text"].get<std::string>().rfind(id["system_name"].get<std::string>() + "-", 0), 0u) << id;
  }
  EXPECT_EQ(got.size(), kIds.size());
  EXPECT_EQ(as_set(got), as_set(kIds));
  EXPECT_EQ(v["cve"], "CVE-2021-44228");
  auto problems = csaf_mandatory_problems(*doc);
  EXPECT_TRUE(problems.empty()) << problems.front().rule << " " << problems.front().message;
}

TEST(ExternalIdsExport, Cve5IsTheFirstCveWithTheOthersRelated) {
  auto rec = write_cve5(with_every_id(), publisher());
  ASSERT_TRUE(rec.ok()) << rec.error().message();
  EXPECT_EQ((*rec)["cveMetadata"]["cveId"], "CVE-2021-44228");
  const json& cna = (*rec)["containers"]["cna"];
  std::vector<std::string> related = cna["x_relatedIds"];
  std::vector<std::string> others(kIds.begin() + 1, kIds.end());
  EXPECT_EQ(related, others);
  // Ids whose registry has public pages are also references, by name.
  std::map<std::string, std::string> named;
  for (const auto& r : cna["references"])
    if (r.contains("name")) named[r["name"]] = r["url"];
  EXPECT_EQ(named["CVE-2021-45046"], "https://www.cve.org/CVERecord?id=CVE-2021-45046");
  EXPECT_EQ(named["CNVD-2021-95914"], "https://www.cnvd.org.cn/flaw/show/CNVD-2021-95914");
  EXPECT_EQ(named["GHSA-jfh8-c2jp-5v3q"], "https://github.com/advisories/GHSA-jfh8-c2jp-5v3q");
  EXPECT_FALSE(named.count("CNNVD-202112-799"));  // no public page: in x_relatedIds only
  // Reference URLs stay unique (the schema's uniqueItems), even when the
  // advisory already links an id's page.
  auto a = with_every_id();
  a.references.push_back({"https://www.cnvd.org.cn/flaw/show/CNVD-2021-95914", "advisory", "CNVD"});
  auto again = write_cve5(a, publisher());
  ASSERT_TRUE(again.ok());
  std::set<std::string> urls;
  for (const auto& r : (*again)["containers"]["cna"]["references"]) EXPECT_TRUE(urls.insert(r["url"]).second) << r;
}

TEST(ExternalIdsExport, OsvAliasesAreEveryId) {
  auto o = advisory_to_osv(with_every_id(), publisher());
  ASSERT_TRUE(o.ok()) << o.error().message();
  EXPECT_EQ(o->aliases, kIds);
  auto text = write_advisory_osv(with_every_id(), publisher());
  ASSERT_TRUE(text.ok());
  EXPECT_EQ(json::parse(*text)["aliases"].get<std::vector<std::string>>(), kIds);
}

TEST(ExternalIdsExport, RegulatoryReportListsEveryId) {
  domain::RegulatoryReport r;
  r.product_name = "XR-3000";
  json j = regulatory_report_json(r, "LD-2026-000051", kIds);
  EXPECT_EQ(j["related_ids"].get<std::vector<std::string>>(), kIds);
  std::string h = regulatory_report_html(r, "LD-2026-000051", kIds);
  for (const auto& id : kIds) EXPECT_NE(h.find(id), std::string::npos) << id;
  EXPECT_NE(h.find("相关漏洞编号"), std::string::npos);
}

}  // namespace
}  // namespace loudong::formats
