// The exporters over realistic advisories: CSAF documents pass every
// mandatory test, CVE 5 and OSV records read back through the project's
// own readers, feeds and the regulatory report are well formed and escaped.
// (The JSON schema checks run on the CLI's output in
// tests/integration/exports.test.mjs.)
#include <gtest/gtest.h>

#include <functional>

#include "formats/advisory_json.h"
#include "formats/csaf_check.h"
#include "formats/cve5.h"
#include "formats/exports.h"
#include "formats/osv.h"
#include "formats/timestamp.h"
#include "example_publisher.h"
#include "test_data.h"

namespace loudong::formats {
namespace {

using nlohmann::json;
using testing::own_data;
using testing::slurp;

domain::Advisory sample(const char* name) {
  auto a = advisory_from_json(slurp(own_data() / "advisories" / name));
  if (!a.ok()) throw std::runtime_error(std::string(name) + ": " + a.error().message());
  return *a;
}

Publisher publisher() { return testing::example_publisher(); }

const char* const kPublished[] = {"log4shell-like.json", "router-zh.json", "npm-en.json"};

// ---- CSAF ----

TEST(CsafWrite, EveryDocumentPassesTheMandatoryTests) {
  for (const char* name : {"log4shell-like.json", "router-zh.json", "npm-en.json", "draft.json"}) {
    SCOPED_TRACE(name);
    auto doc = write_csaf(sample(name), publisher());
    ASSERT_TRUE(doc.ok()) << doc.error().message();
    auto problems = csaf_mandatory_problems(*doc);
    EXPECT_TRUE(problems.empty()) << problems.front().rule << " " << problems.front().path << ": " << problems.front().message;
  }
}

// Variations of the richest sample: revisions 1..3, each language alone,
// no CVE, several external ids, products without versions, a CVSS 3.0 vector.
TEST(CsafWrite, VariationsPassTheMandatoryTests) {
  std::vector<std::pair<std::string, std::function<void(domain::Advisory&)>>> variations = {
      {"revision 1", [](domain::Advisory& a) { a.history.resize(1), a.revision = 1; }},
      {"revision 2", [](domain::Advisory& a) { a.history.resize(2), a.revision = 2; }},
      {"english only", [](domain::Advisory& a) { a.zh = {}; }},
      {"chinese only", [](domain::Advisory& a) { a.en = {}; }},
      {"no CVE", [](domain::Advisory& a) { a.external_ids = {"CNVD-2021-95914", "CNNVD-202112-799", "CICSVD-2021-0001"}; }},
      {"no external ids", [](domain::Advisory& a) { a.external_ids.clear(); }},
      {"two CVEs", [](domain::Advisory& a) { a.external_ids.push_back("CVE-2021-45046"); }},
      {"no versions known", [](domain::Advisory& a) { a.affected[1].versions.clear(); }},
      {"same product twice", [](domain::Advisory& a) { a.affected.push_back(a.affected[0]); }},
      {"CVSS 3.0", [](domain::Advisory& a) {
         a.cvss31_vector = "CVSS:3.0/AV:N/AC:L/PR:N/UI:N/S:C/C:H/I:H/A:H";
       }},
      {"no scores, no grade, no CWE", [](domain::Advisory& a) {
         a.cvss31_vector.clear(), a.cvss31_score.reset(), a.cvss40_vector.clear(), a.cvss40_score.reset();
         a.grade.reset(), a.cwe.reset();
       }},
      {"CWE outside the catalogue", [](domain::Advisory& a) { a.cwe = 1336; }},
      {"no solution", [](domain::Advisory& a) { a.zh.solution.clear(), a.en.solution.clear(); }},
      {"no fixed version", [](domain::Advisory& a) {
         for (auto& p : a.affected) p.fixed_version.clear();
       }},
  };
  for (const auto& [what, change] : variations) {
    SCOPED_TRACE(what);
    auto a = sample("log4shell-like.json");
    change(a);
    auto doc = write_csaf(a, publisher());
    ASSERT_TRUE(doc.ok()) << doc.error().message();
    EXPECT_TRUE(csaf_mandatory_problems(*doc).empty());
  }
}

TEST(CsafWrite, MapsTheAdvisory) {
  auto a = sample("log4shell-like.json");
  auto doc = write_csaf(a, publisher());
  ASSERT_TRUE(doc.ok()) << doc.error().message();
  const json& d = (*doc)["document"];
  EXPECT_EQ(d["category"], "csaf_security_advisory");
  EXPECT_EQ(d["lang"], "zh");
  EXPECT_EQ(d["title"], a.zh.title);
  EXPECT_EQ(d["distribution"]["tlp"]["label"], "WHITE");
  EXPECT_EQ(d["tracking"]["id"], "LD-SA-2026-0001");
  EXPECT_EQ(d["tracking"]["status"], "final");
  EXPECT_EQ(d["tracking"]["version"], "3");
  EXPECT_EQ(d["tracking"]["initial_release_date"], "2026-11-20T08:00:00Z");
  EXPECT_EQ(d["tracking"]["current_release_date"], "2026-11-25T10:30:00Z");
  ASSERT_EQ(d["tracking"]["revision_history"].size(), 3u);
  EXPECT_EQ(d["tracking"]["revision_history"][1]["summary"], "Added the CNNVD id");
  EXPECT_EQ(d["references"][0]["url"], "https://psirt.example.cn/.well-known/csaf/2026/ld-sa-2026-0001.json");
  // Both languages' texts are there: the English ones as notes.
  std::string notes = d["notes"].dump();
  EXPECT_NE(notes.find(a.en.summary), std::string::npos);
  EXPECT_NE(notes.find(a.zh.existence_statement), std::string::npos);
  EXPECT_NE(notes.find(a.en.detection), std::string::npos);

  const json& v = (*doc)["vulnerabilities"][0];
  EXPECT_EQ(v["cve"], "CVE-2021-44228");
  EXPECT_EQ(v["ids"], json::parse(R"([{"system_name":"CNVD","text":"CNVD-2021-95914"},
                                      {"system_name":"CNNVD","text":"CNNVD-202112-799"}])"));
  EXPECT_EQ(v["cwe"]["id"], "CWE-502");
  EXPECT_EQ(v["scores"][0]["cvss_v3"]["baseScore"], 10.0);
  EXPECT_EQ(v["threats"][0]["details"], "超危 / Critical");
  EXPECT_EQ(v["remediations"][0]["category"], "vendor_fix");
  EXPECT_EQ(v["remediations"][0]["url"], "https://git.example.org/log4j/commit/abc123");
  EXPECT_NE(v["notes"].dump().find("CVSS:4.0/"), std::string::npos);
  EXPECT_EQ(v["acknowledgments"][0]["names"][0], "张三 (Zhang San)");
  const json& status = v["product_status"];
  EXPECT_EQ(status["known_affected"],
            json::parse(R"(["Example Apache-style Foundation/log4j-core@vers:maven/>=2.0.0|<2.15.0",
                            "示例软件有限公司/日志审计平台@3.1", "示例软件有限公司/日志审计平台@3.2"])"));
  EXPECT_EQ(status["fixed"], json::parse(R"(["Example Apache-style Foundation/log4j-core@2.15.0",
                                             "示例软件有限公司/日志审计平台@3.2.1"])"));

  // Product tree: vendor > product_name > version or range, with helpers.
  const json& vendor = (*doc)["product_tree"]["branches"][0];
  EXPECT_EQ(vendor["category"], "vendor");
  const json& leaves = vendor["branches"][0]["branches"];
  EXPECT_EQ(leaves[0]["category"], "product_version_range");
  EXPECT_EQ(leaves[0]["product"]["product_identification_helper"]["purl"],
            "pkg:maven/org.apache.logging.log4j/log4j-core");
  EXPECT_EQ(leaves[1]["category"], "product_version");
  EXPECT_EQ(leaves[1]["product"]["product_identification_helper"]["purl"],
            "pkg:maven/org.apache.logging.log4j/log4j-core@2.15.0");
  EXPECT_EQ(leaves[1]["product"]["product_identification_helper"]["cpe"], "cpe:2.3:a:apache:log4j:2.15.0:*:*:*:*:*:*:*");
}

TEST(CsafWrite, ProductIdsAreStableAcrossRevisions) {
  auto a = sample("log4shell-like.json");
  auto three = write_csaf(a, publisher());
  a.history.resize(1);
  a.revision = 1;
  auto one = write_csaf(a, publisher());
  ASSERT_TRUE(three.ok() && one.ok());
  EXPECT_EQ((*three)["product_tree"], (*one)["product_tree"]);
}

TEST(CsafWrite, EnglishFirstWithoutChinese) {
  auto doc = write_csaf(sample("npm-en.json"), publisher());
  ASSERT_TRUE(doc.ok());
  EXPECT_EQ((*doc)["document"]["lang"], "en");
  EXPECT_EQ((*doc)["vulnerabilities"][0]["remediations"][0]["category"], "mitigation");
}

TEST(CsafWrite, DraftIsVersionZero) {
  auto doc = write_csaf(sample("draft.json"), publisher());
  ASSERT_TRUE(doc.ok()) << doc.error().message();
  EXPECT_EQ((*doc)["document"]["tracking"]["status"], "draft");
  EXPECT_EQ((*doc)["document"]["tracking"]["version"], "0");
  EXPECT_FALSE((*doc)["vulnerabilities"][0].contains("release_date"));
}

TEST(CsafWrite, Refusals) {
  struct Case {
    const char* what;
    std::function<void(domain::Advisory&, Publisher&)> change;
    const char* field;
  };
  std::vector<Case> cases = {
      {"no ref", [](auto& a, auto&) { a.ref.clear(); }, "ref"},
      {"no title", [](auto& a, auto&) { a.zh.title.clear(), a.en.title.clear(); }, "zh.title"},
      {"no product", [](auto& a, auto&) { a.affected.clear(); }, "affected"},
      {"bad range", [](auto& a, auto&) { a.affected[0].range = "vers:maven/>=2.0.0|<"; }, "affected[0].range"},
      {"purl with version", [](auto& a, auto&) { a.affected[0].purl += "@2.0.0"; }, "affected[0].purl"},
      {"bad cpe", [](auto& a, auto&) { a.affected[0].cpe = "cpe:2.3:a:apache"; }, "affected[0].cpe"},
      {"fixed is affected", [](auto& a, auto&) { a.affected[1].fixed_version = "3.2"; }, "affected[1].fixed_version"},
      {"history gap", [](auto& a, auto&) { a.history.erase(a.history.begin() + 1); }, "history[1].number"},
      {"history out of order", [](auto& a, auto&) { std::swap(a.history[0].at, a.history[1].at); }, "history[1].at"},
      {"revision not the last", [](auto& a, auto&) { a.revision = 2; }, "revision"},
      {"published without history", [](auto& a, auto&) { a.history.clear(); }, "history"},
      {"score mismatch", [](auto& a, auto&) { a.cvss31_score = 9.8; }, "cvss31_score"},
      {"bad vector", [](auto& a, auto&) { a.cvss31_vector = "CVSS:3.1/AV:N"; }, "cvss31_vector"},
      {"unknown TLP", [](auto& a, auto&) { a.tlp = "PURPLE"; }, "tlp"},
      {"range in a version", [](auto& a, auto&) { a.affected[1].versions = {"3.x and later"}; },
       "/product_tree/branches/1/branches/0/branches/0/name"},
      {"no publisher namespace", [](auto&, auto& p) { p.namespace_url.clear(); }, "publisher.namespace_url"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.what);
    auto a = sample("log4shell-like.json");
    Publisher p = publisher();
    c.change(a, p);
    auto doc = write_csaf(a, p);
    ASSERT_FALSE(doc.ok());
    ASSERT_FALSE(doc.error().fields().empty()) << doc.error().message();
    EXPECT_EQ(doc.error().fields()[0].field, c.field) << doc.error().message();
  }
}

TEST(CsafWrite, PathIsTheProviderLayout) {
  auto a = sample("log4shell-like.json");
  EXPECT_EQ(csaf_path(a), "2026/ld-sa-2026-0001.json");
  a.ref = "Example Co. SA/2026:7";
  EXPECT_EQ(csaf_path(a), "2026/example_co__sa_2026_7.json");
}

// ---- CVE 5 ----

TEST(Cve5Write, ReadsBackThroughTheCve5Reader) {
  auto a = sample("log4shell-like.json");
  auto rec = write_cve5(a, publisher());
  ASSERT_TRUE(rec.ok()) << rec.error().message();
  EXPECT_EQ((*rec)["dataVersion"], "5.1");
  const json& cna = (*rec)["containers"]["cna"];
  EXPECT_EQ(cna["descriptions"][1]["lang"], "zh");
  EXPECT_EQ(cna["solutions"].size(), 2u);
  EXPECT_EQ(cna["credits"][1]["type"], "coordinator");
  auto back = read_cve5(rec->dump());
  ASSERT_TRUE(back.ok()) << back.error().message();
  EXPECT_EQ(back->id, "CVE-2021-44228");
  EXPECT_EQ(back->summary, a.en.title);
  EXPECT_EQ(back->details, a.en.summary);
  EXPECT_EQ(back->cwes, std::vector<std::string>{"CWE-502"});
  ASSERT_EQ(back->severity.size(), 2u);
  EXPECT_EQ(back->severity[0].score, a.cvss31_vector);
  EXPECT_EQ(format_timestamp(back->modified), "2026-11-25T10:30:00Z");
  ASSERT_EQ(back->affected.size(), 2u);
  const auto& maven = back->affected[0];
  EXPECT_EQ(maven.package.ecosystem, "Maven");
  EXPECT_EQ(maven.package.name, "org.apache.logging.log4j:log4j-core");
  ASSERT_EQ(maven.ranges.size(), 1u);
  EXPECT_EQ(maven.ranges[0].scheme, "maven");
  EXPECT_EQ(maven.ranges[0].events,
            (std::vector<Event>{{EventKind::introduced, "2.0.0"}, {EventKind::fixed, "2.15.0"}}));
  EXPECT_EQ(affects(maven, "2.14.1"), Affects::yes);
  EXPECT_EQ(affects(maven, "2.15.0"), Affects::no);
  EXPECT_EQ(back->affected[1].versions, (std::vector<std::string>{"3.1", "3.2"}));
  EXPECT_EQ(back->references.size(), 4u);  // 3 of its own and the CNVD id's page
}

TEST(Cve5Write, NpmRangesReadBack) {
  auto rec = write_cve5(sample("npm-en.json"), publisher());
  ASSERT_TRUE(rec.ok()) << rec.error().message();
  auto back = read_cve5(rec->dump());
  ASSERT_TRUE(back.ok()) << back.error().message();
  const auto& af = back->affected.at(0);
  EXPECT_EQ(af.package.ecosystem, "npm");
  EXPECT_EQ(af.package.name, "@example/markdown");
  ASSERT_EQ(af.ranges.size(), 2u);
  EXPECT_EQ(affects(af, "1.4.1"), Affects::yes);
  EXPECT_EQ(affects(af, "1.4.2"), Affects::no);
  EXPECT_EQ(affects(af, "2.3.1"), Affects::yes);
  EXPECT_EQ(affects(af, "2.3.2"), Affects::no);
}

TEST(Cve5Write, Refusals) {
  auto no_cve = write_cve5(sample("router-zh.json"), publisher());
  ASSERT_FALSE(no_cve.ok());
  EXPECT_EQ(no_cve.error().code(), "no_cve_id");
  Publisher p = publisher();
  p.cve_org_id.clear();
  auto no_org = write_cve5(sample("npm-en.json"), p);
  ASSERT_FALSE(no_org.ok());
  EXPECT_EQ(no_org.error().code(), "no_cna_org_id");
  auto a = sample("log4shell-like.json");
  a.en = {};
  auto no_en = write_cve5(a, publisher());
  ASSERT_FALSE(no_en.ok());
  EXPECT_EQ(no_en.error().fields().at(0).field, "en.summary");
  a = sample("log4shell-like.json");
  a.affected[0].range = "vers:maven/>2.0.0|<2.15.0";
  auto exclusive = write_cve5(a, publisher());
  ASSERT_FALSE(exclusive.ok());
  EXPECT_EQ(exclusive.error().fields().at(0).field, "affected[0].range");
}

// ---- OSV ----

TEST(OsvExport, RoundTripsThroughTheOsvReader) {
  for (const char* name : {"log4shell-like.json", "npm-en.json", "draft.json"}) {
    SCOPED_TRACE(name);
    auto o = advisory_to_osv(sample(name), publisher());
    ASSERT_TRUE(o.ok()) << o.error().message();
    auto text = write_advisory_osv(sample(name), publisher());
    ASSERT_TRUE(text.ok());
    auto back = read_osv(*text);
    ASSERT_TRUE(back.ok()) << back.error().message() << "\n" << *text;
    EXPECT_EQ(write_osv(*back), *text);
    EXPECT_TRUE(*back == *o) << write_osv(*o);
  }
}

TEST(OsvExport, MapsTheAdvisory) {
  auto o = advisory_to_osv(sample("log4shell-like.json"), publisher());
  ASSERT_TRUE(o.ok());
  EXPECT_EQ(o->id, "x_LD-SA-2026-0001");
  EXPECT_EQ(o->aliases, (std::vector<std::string>{"CVE-2021-44228", "CNVD-2021-95914", "CNNVD-202112-799"}));
  ASSERT_EQ(o->affected.size(), 1u);  // the second product has no purl
  const auto& af = o->affected[0];
  EXPECT_EQ(af.package.ecosystem, "Maven");
  EXPECT_EQ(af.package.name, "org.apache.logging.log4j:log4j-core");
  EXPECT_EQ(af.ranges.at(0).type, RangeType::ecosystem);
  EXPECT_EQ(affects(af, "2.14.1"), Affects::yes);
  EXPECT_EQ(affects(af, "2.15.0"), Affects::no);
  EXPECT_EQ(affects(af, "1.2.17"), Affects::no);
  json ds = json::parse(o->database_specific);
  EXPECT_EQ(ds["grade"], "critical");
  EXPECT_EQ(ds["grade_zh"], "超危");
  EXPECT_EQ(o->severity.size(), 2u);
  EXPECT_EQ(o->references.at(0).url, "https://psirt.example.cn/.well-known/csaf/2026/ld-sa-2026-0001.json");

  auto npm = advisory_to_osv(sample("npm-en.json"), publisher());
  ASSERT_TRUE(npm.ok());
  // A fixed and a last_affected bound: two ranges, as OSV requires.
  const auto& ranges = npm->affected.at(0).ranges;
  ASSERT_EQ(ranges.size(), 2u);
  EXPECT_EQ(ranges[0].type, RangeType::semver);
  EXPECT_EQ(ranges[0].events, (std::vector<Event>{{EventKind::introduced, "0"}, {EventKind::fixed, "1.4.2"}}));
  EXPECT_EQ(ranges[1].events, (std::vector<Event>{{EventKind::introduced, "2.0.0"}, {EventKind::last_affected, "2.3.1"}}));
  EXPECT_EQ(affects(npm->affected[0], "1.4.2"), Affects::no);
  EXPECT_EQ(affects(npm->affected[0], "2.3.2"), Affects::no);
  EXPECT_EQ(affects(npm->affected[0], "2.3.1"), Affects::yes);
}

TEST(OsvExport, NoPackageIsRefused) {
  auto o = advisory_to_osv(sample("router-zh.json"), publisher());
  ASSERT_FALSE(o.ok());
  EXPECT_EQ(o.error().code(), "no_package");
}

// ---- feeds ----

std::vector<domain::Advisory> published() {
  std::vector<domain::Advisory> out;
  for (const char* n : kPublished) out.push_back(sample(n));
  return out;
}

TEST(Feeds, ProviderMetadataAndRolie) {
  Time t = *parse_timestamp("2026-12-01T00:00:00Z");
  json pm = provider_metadata(publisher(), t);
  EXPECT_EQ(pm["canonical_url"], "https://psirt.example.cn/.well-known/csaf/provider-metadata.json");
  EXPECT_EQ(pm["distributions"][0]["rolie"]["feeds"][0]["url"],
            "https://psirt.example.cn/.well-known/csaf/feed-tlp-white.json");
  json feed = rolie_feed(published(), publisher(), t);
  ASSERT_EQ(feed["feed"]["entry"].size(), 3u);
  // Newest first: npm-en (11-28), router (11-26), log4shell (11-25).
  EXPECT_EQ(feed["feed"]["entry"][0]["id"], "LD-SA-2026-0003");
  EXPECT_EQ(feed["feed"]["entry"][2]["content"]["src"],
            "https://psirt.example.cn/.well-known/csaf/2026/ld-sa-2026-0001.json");
}

// The served tree: documents in a folder below the provider's root, with hashes.
TEST(Feeds, ProviderTreeWithFolderAndHashes) {
  Time t = *parse_timestamp("2026-12-01T00:00:00Z");
  Publisher p = publisher();
  p.provider_url = p.base_url;
  p.base_url += "/clear";
  p.hash_files = true;
  json pm = provider_metadata(p, t);
  EXPECT_EQ(pm["canonical_url"], "https://psirt.example.cn/.well-known/csaf/provider-metadata.json");
  EXPECT_EQ(pm["role"], "csaf_provider");
  ASSERT_EQ(pm["distributions"].size(), 2u);
  EXPECT_EQ(pm["distributions"][0]["directory_url"], "https://psirt.example.cn/.well-known/csaf/clear");
  EXPECT_EQ(pm["distributions"][1]["rolie"]["feeds"][0]["url"],
            "https://psirt.example.cn/.well-known/csaf/feed-tlp-white.json");
  json entry = rolie_feed(published(), p, t)["feed"]["entry"][2];
  std::string doc = "https://psirt.example.cn/.well-known/csaf/clear/2026/ld-sa-2026-0001.json";
  EXPECT_EQ(entry["content"]["src"], doc);
  EXPECT_EQ(entry["link"], json::parse(R"([{"rel":"self","href":")" + doc + R"("},{"rel":"hash","href":")" + doc +
                                       R"(.sha256"},{"rel":"hash","href":")" + doc + R"(.sha512"}])"));
  // Without a folder (the CLI's --base-url): one distribution, no hash links.
  EXPECT_EQ(provider_metadata(publisher(), t)["distributions"].size(), 1u);
  EXPECT_EQ(rolie_feed(published(), publisher(), t)["feed"]["entry"][0]["link"].size(), 1u);
}

// Signed (CSAF 2.0 requirements 18 to 20): the key in the metadata, a signature link per entry.
TEST(Feeds, SignedTreeIsATrustedProvider) {
  Time t = *parse_timestamp("2026-12-01T00:00:00Z");
  Publisher p = publisher();
  p.provider_url = p.base_url;
  p.base_url += "/clear";
  p.hash_files = true;
  p.openpgp_fingerprint = "1793EE01ECC39DC89057F111F29428F18C351437";
  p.openpgp_key_url = p.provider_url + "/openpgp/1793EE01ECC39DC89057F111F29428F18C351437.asc";
  json pm = provider_metadata(p, t);
  EXPECT_EQ(pm["role"], "csaf_trusted_provider");
  EXPECT_EQ(pm["public_openpgp_keys"],
            json::parse(R"([{"fingerprint":"1793EE01ECC39DC89057F111F29428F18C351437",)"
                        R"("url":"https://psirt.example.cn/.well-known/csaf/openpgp/1793EE01ECC39DC89057F111F29428F18C351437.asc"}])"));
  json links = rolie_feed(published(), p, t)["feed"]["entry"][2]["link"];
  ASSERT_EQ(links.size(), 4u);
  EXPECT_EQ(links[3], json::parse(R"({"rel":"signature","href":"https://psirt.example.cn/.well-known/csaf/clear/2026/ld-sa-2026-0001.json.asc"})"));
  // Signatures without hash files are not requirements 18 to 20: still a provider.
  p.hash_files = false;
  EXPECT_EQ(provider_metadata(p, t)["role"], "csaf_provider");
  EXPECT_FALSE(provider_metadata(p, t).contains("public_openpgp_keys"));
}

TEST(Feeds, OpenPgpUserId) {
  Publisher p = publisher();
  EXPECT_EQ(openpgp_user_id(p), "示例软件有限公司 PSIRT CSAF <psirt@example.cn>");
  p.name = "Acme <PSIRT>\n";
  p.contact = "+86 10 1234 5678";
  p.namespace_url = "https://psirt.example.cn:8443/portal";
  EXPECT_EQ(openpgp_user_id(p), "Acme PSIRT CSAF <csaf@psirt.example.cn>");
  p.name.clear();
  p.contact = "psirt@localhost";  // no dot in the domain: not taken for a mail address
  EXPECT_EQ(openpgp_user_id(p), "loudong CSAF <csaf@psirt.example.cn>");
}

TEST(Feeds, ChangesAndIndex) {
  EXPECT_EQ(changes_csv(published()),
            "\"2026/ld-sa-2026-0003.json\",\"2026-11-28T09:00:00Z\"\n"
            "\"2026/ld-sa-2026-0002.json\",\"2026-11-26T01:00:00Z\"\n"
            "\"2026/ld-sa-2026-0001.json\",\"2026-11-25T10:30:00Z\"\n");
  EXPECT_EQ(index_txt(published()), "2026/ld-sa-2026-0003.json\n2026/ld-sa-2026-0002.json\n2026/ld-sa-2026-0001.json\n");
  EXPECT_EQ(changes_csv({}), "");
}

TEST(Feeds, AtomIsEscapedAndBilingual) {
  std::string x = atom_feed(published(), publisher(), "https://vd.example.cn", *parse_timestamp("2026-12-01T00:00:00Z"));
  EXPECT_EQ(x.rfind("<?xml version=\"1.0\" encoding=\"utf-8\"?>", 0), 0u);
  // The npm sample's title has <, > and &.
  EXPECT_NE(x.find("<title>Cross-site scripting in example-markdown &lt;renderer&gt; &amp; friends</title>"), std::string::npos);
  EXPECT_EQ(x.find("<renderer>"), std::string::npos);
  EXPECT_NE(x.find("<title>示例日志库远程代码执行漏洞 / Example logging library remote code execution</title>"), std::string::npos);
  EXPECT_NE(x.find("<category term=\"critical\" label=\"超危 / Critical\"/>"), std::string::npos);
  EXPECT_NE(x.find("href=\"https://vd.example.cn/advisories/LD-SA-2026-0002\""), std::string::npos);
  // Every element opened is closed.
  auto count = [&](const std::string& s) {
    std::size_t n = 0;
    for (auto p = x.find(s); p != std::string::npos; p = x.find(s, p + 1)) ++n;
    return n;
  };
  EXPECT_EQ(count("<entry>"), 3u);
  EXPECT_EQ(count("</entry>"), 3u);
}

TEST(Feeds, SecurityTxtHasTheRfc9116FieldsAndTheCsafLine) {
  Publisher p = publisher();
  p.provider_url = "https://psirt.example.cn/.well-known/csaf";
  p.base_url = p.provider_url + "/clear";
  std::string t = security_txt(p, "https://vd.example.cn", *parse_timestamp("2027-06-05T00:00:00Z"));
  EXPECT_NE(t.find("\nContact: https://vd.example.cn/submit\n"), std::string::npos) << t;
  EXPECT_NE(t.find("\nContact: mailto:psirt@example.cn\n"), std::string::npos);
  EXPECT_NE(t.find("\nExpires: 2027-06-05T00:00:00Z\n"), std::string::npos);
  EXPECT_NE(t.find("\nPolicy: https://vd.example.cn/rules\n"), std::string::npos);
  EXPECT_NE(t.find("\nCanonical: https://vd.example.cn/.well-known/security.txt\n"), std::string::npos);
  EXPECT_NE(t.find("\nCSAF: https://psirt.example.cn/.well-known/csaf/provider-metadata.json\n"), std::string::npos);
  EXPECT_NE(t.find("\nPreferred-Languages: zh, en\n"), std::string::npos);
  // Every line is a comment or "Field: value" (RFC 9116 section 4).
  std::size_t start = 0;
  for (auto nl = t.find('\n'); nl != std::string::npos; start = nl + 1, nl = t.find('\n', start)) {
    std::string line = t.substr(start, nl - start);
    EXPECT_TRUE(line.rfind("# ", 0) == 0 || line.find(": ") != std::string::npos) << line;
  }
  EXPECT_EQ(start, t.size()) << "ends with a line break";
  // No contact email: only the form. A contact with a line break cannot add a field.
  p.contact = "";
  EXPECT_EQ(security_txt(p, "https://vd.example.cn", {}).find("mailto:"), std::string::npos);
  p.contact = "a@example.cn\nPolicy: https://evil.example";
  t = security_txt(p, "https://vd.example.cn", {});
  EXPECT_EQ(t.find("\nPolicy: https://evil"), std::string::npos) << t;
}

TEST(Feeds, XmlEscape) {
  EXPECT_EQ(xml_escape("a<b>&\"c'"), "a&lt;b&gt;&amp;&quot;c&#39;");
  EXPECT_EQ(xml_escape(std::string("x\x01y\nz", 5)), "xy\nz");  // no control characters in XML 1.0
  EXPECT_EQ(xml_escape("中文"), "中文");
}

// ---- regulatory report ----

domain::RegulatoryReport report() {
  domain::RegulatoryReport r;
  r.authority = "MIIT-NVDB";
  r.state = domain::RegulatoryState::submitted;
  r.product_name = "XR-3000 <路由器>";
  r.product_model = "XR-3000";
  r.product_version = "1.0.3, 1.0.4";
  r.technical_characteristics = "管理界面未校验会话 & 可绕过认证";
  r.harm = "可修改配置";
  r.scope = "约 2 万台在网设备";
  r.provider_name = "示例网络设备有限公司";
  r.contact_name = "王五";
  r.contact_phone = "010-12345678";
  r.contact_email = "psirt@example.cn";
  r.submitted_at = *parse_timestamp("2026-11-25T02:00:00Z");
  r.channel = "nvdb-web";
  r.reference = "NVDB-R-2026-001";
  return r;
}

TEST(RegulatoryExport, Json) {
  json j = regulatory_report_json(report(), "LD-2026-000051", {});
  EXPECT_EQ(j["case_ref"], "LD-2026-000051");
  EXPECT_EQ(j["state"], "submitted");
  EXPECT_EQ(j["product"]["name"], "XR-3000 <路由器>");
  EXPECT_EQ(j["product"]["version"], "1.0.3, 1.0.4");
  EXPECT_EQ(j["technical_characteristics"], "管理界面未校验会话 & 可绕过认证");
  EXPECT_EQ(j["scope"], "约 2 万台在网设备");
  EXPECT_EQ(j["reporter"]["contact_phone"], "010-12345678");
  EXPECT_EQ(j["submitted_at"], "2026-11-25T02:00:00Z");
}

TEST(RegulatoryExport, HtmlIsEscapedAndPrintable) {
  std::string h = regulatory_report_html(report(), "LD-2026-<x>", {});
  EXPECT_EQ(h.rfind("<!DOCTYPE html>", 0), 0u);
  EXPECT_NE(h.find("lang=\"zh-CN\""), std::string::npos);
  EXPECT_NE(h.find("@media print"), std::string::npos);
  EXPECT_NE(h.find("XR-3000 &lt;路由器&gt;"), std::string::npos);
  EXPECT_NE(h.find("&amp; 可绕过认证"), std::string::npos);
  EXPECT_NE(h.find("LD-2026-&lt;x&gt;"), std::string::npos);
  EXPECT_EQ(h.find("<路由器>"), std::string::npos);
  EXPECT_EQ(h.find("<script"), std::string::npos);
  EXPECT_NE(h.find("产品名称"), std::string::npos);
  EXPECT_NE(h.find("影响范围"), std::string::npos);
  // An empty field says so instead of leaving a blank.
  auto r = report();
  r.measures.clear();
  EXPECT_NE(regulatory_report_html(r, "x", {}).find("（未填写）"), std::string::npos);
}

}  // namespace
}  // namespace loudong::formats
