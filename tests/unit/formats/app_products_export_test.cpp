// R-APPS in the exports: an app product's platform, id and store version
// survive the advisory document and reach CSAF (a note: no helper field or
// purl type fits) and CVE 5 (packageName and platforms).
#include <gtest/gtest.h>

#include "formats/advisory_json.h"
#include "formats/csaf_check.h"
#include "formats/exports.h"
#include "example_publisher.h"
#include "test_data.h"

namespace loudong::formats {
namespace {

using nlohmann::json;

domain::Advisory app_advisory() {
  auto a = advisory_from_json(testing::slurp(testing::own_data() / "advisories" / "router-zh.json"));
  if (!a.ok()) throw std::runtime_error(a.error().message());
  a->external_ids = {"CVE-2026-12345"};
  a->en.title = "Payment screen leaks the session token";
  domain::AffectedProduct app;
  app.vendor = "示例网络设备有限公司";
  app.name = "Acme Pay";
  app.versions = {"3.2.0", "3.2.1"};
  app.fixed_version = "3.2.2";
  app.app_platform = "android";
  app.app_id = "com.example.pay";
  app.app_store_version = "3.2.1";
  a->affected = {app};
  return *a;
}

Publisher publisher() { return testing::example_publisher(); }

TEST(AppProductsExport, AdvisoryDocumentRoundTripsTheAppFields) {
  auto a = app_advisory();
  auto back = advisory_from_json(advisory_to_json(a).dump());
  ASSERT_TRUE(back.ok()) << back.error().message();
  EXPECT_EQ(back->affected.at(0).app_platform, "android");
  EXPECT_EQ(back->affected.at(0).app_id, "com.example.pay");
  EXPECT_EQ(back->affected.at(0).app_store_version, "3.2.1");
}

TEST(AppProductsExport, CsafNotesTheAppAndPassesTheMandatoryTests) {
  auto doc = write_csaf(app_advisory(), publisher());
  ASSERT_TRUE(doc.ok()) << doc.error().message();
  std::string text;
  for (const auto& n : (*doc)["document"]["notes"])
    if (n["title"] == "应用标识 App identifiers") text = n["text"];
  EXPECT_EQ(text, "Acme Pay: android com.example.pay 3.2.1");
  auto problems = csaf_mandatory_problems(*doc);
  EXPECT_TRUE(problems.empty()) << problems.front().rule << " " << problems.front().message;
}

TEST(AppProductsExport, Cve5HasPackageNameAndPlatform) {
  auto rec = write_cve5(app_advisory(), publisher());
  ASSERT_TRUE(rec.ok()) << rec.error().message();
  const json& aff = (*rec)["containers"]["cna"]["affected"][0];
  EXPECT_EQ(aff["packageName"], "com.example.pay");
  EXPECT_EQ(aff["platforms"], json::array({"android"}));
  EXPECT_EQ(aff["product"], "Acme Pay");
  EXPECT_FALSE(aff.contains("collectionURL"));
}

}  // namespace
}  // namespace loudong::formats
