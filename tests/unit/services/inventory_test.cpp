// The inventory service on a real SQLite store: importing the Go
// vulnerability database, idempotence, malformed records, SBOM upload,
// scan, impact both ways, and the confirmed-case effects.
#include "services/inventory.h"

#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

#include "../store/backends.h"

#include "crypto/crypto.h"
#include "formats/zip_reader.h"
#include "services/products.h"

namespace loudong::services {
namespace {

namespace fs = std::filesystem;
using namespace domain;

std::string shared(const std::string& rel) {
  const char* s = std::getenv("LOUDONG_SHARED_DATA");
  return std::string(s ? s : "../shared/data") + "/" + rel;
}

std::string cdx(const std::vector<std::string>& purls) {
  std::string comps;
  for (size_t i = 0; i < purls.size(); ++i)
    comps += (i ? "," : "") + std::string(R"({"type":"library","name":"c)") + std::to_string(i) +
             R"(","version":"1","purl":")" + purls[i] + R"("})";
  return R"({"bomFormat":"CycloneDX","specVersion":"1.5","version":1,"components":[)" + comps + "]}";
}

class InventoryTest : public ::testing::TestWithParam<::loudong::store::test::Backend> {
 protected:
  void SetUp() override {
    LD_REQUIRE_BACKEND(GetParam());
    ASSERT_TRUE(crypto::init().ok());
    dir_ = fs::temp_directory_path() / ("loudong-inv-" + std::to_string(::getpid()) + "-" +
                                        ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
    auto s = db_.open(GetParam(), dir_);
    ASSERT_TRUE(s.ok()) << s.error().log_message();
    store_ = std::move(*s);
    ctx_ = std::make_unique<Context>(Context{*store_, clock_, Policy{}, TimeZone(), crypto::generate_seal_key()});
    inv_ = std::make_unique<Inventory>(*ctx_);
    ASSERT_TRUE(inv_->load().ok());
    admin_.actor = Actor{1, "admin", true, {}};
    auto org = store_->write([&](store::WriteTx& tx) {
      return tx.insert_org({0, "Vendor", OrgType::provider, "CN", "", clock_.now()});
    });
    ASSERT_TRUE(org.ok());
    Products products(*ctx_);
    ProductInput in;
    in.provider_org = *org;
    in.name = "Gateway";
    in.kind = "software";
    in.versions = std::vector<std::string>{"1.0", "2.0"};
    in.customers = std::vector<Customer>{{std::nullopt, "Bank A", "sec@bank-a.example"}};
    auto p = products.create(admin_, in);
    ASSERT_TRUE(p.ok()) << p.error().message();
    product_ = p->id;
  }
  void TearDown() override {
    inv_.reset();
    ctx_.reset();
    store_.reset();
    fs::remove_all(dir_);
  }

  fs::path dir_;
  ManualClock clock_{from_micros(1'760'000'000'000'000)};
  ::loudong::store::test::TestDb db_;  // before store_: the database outlives the store
  std::unique_ptr<store::Store> store_;
  std::unique_ptr<Context> ctx_;
  std::unique_ptr<Inventory> inv_;
  Caller admin_;
  Id product_ = 0;
};

TEST_P(InventoryTest, ImportsGoOsvZipOnceAndReportsBadRecords) {
  std::string zip = shared("advisories/go-osv.zip");
  if (!fs::exists(zip)) GTEST_SKIP();
  std::size_t calls = 0;
  auto s = inv_->import_path(AdvisoryFormat::osv, zip, [&](const ImportProgress& p) {
    ++calls;
    EXPECT_EQ(p.total, 4291u);
  });
  ASSERT_TRUE(s.ok()) << s.error().log_message();
  EXPECT_EQ(s->read, 4291u);
  EXPECT_EQ(s->inserted, 4291u);
  EXPECT_EQ(s->failed, 0u);
  EXPECT_GE(calls, 1u);
  // Same records again: nothing changes.
  auto again = inv_->import_path(AdvisoryFormat::osv, zip);
  ASSERT_TRUE(again.ok());
  EXPECT_EQ(again->unchanged, 4291u);
  EXPECT_EQ(again->inserted + again->updated, 0u);
  // Kept as the archive compressed them (advisory_record.h, form 0x02): a
  // record reads back as its entry's text, byte for byte.
  {
    auto z = formats::ZipArchive::open(zip);
    ASSERT_TRUE(z.ok());
    std::string text;
    for (std::size_t i = 0; i < (*z)->size(); ++i)
      if ((*z)->name(i) == "GO-2024-2916.json") {
        ASSERT_TRUE((*z)->read(i, text).ok());
      }
    ASSERT_FALSE(text.empty());
    auto stored = inv_->advisory(admin_, "GO-2024-2916");
    ASSERT_TRUE(stored.ok()) << stored.error().log_message();
    EXPECT_EQ(stored->first.record, text);
    EXPECT_EQ(stored->second.id, "GO-2024-2916");
  }

  // A directory with one newer record, one older, one malformed.
  fs::create_directories(dir_ / "recs");
  std::ofstream(dir_ / "recs/a.json")
      << R"({"id":"GO-2024-3228","modified":"2030-01-01T00:00:00Z","aliases":["CVE-2099-0001"],"affected":[]})";
  std::ofstream(dir_ / "recs/b.json") << R"({"id":"GO-2020-0001","modified":"0001-01-01T00:00:00Z"})";  // as stored: equal
  std::ofstream(dir_ / "recs/c.json") << R"({"id":"X-1","modified":"not a time"})";
  auto d = inv_->import_path(AdvisoryFormat::osv, (dir_ / "recs").string());
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(d->updated, 1u);
  EXPECT_EQ(d->unchanged, 1u);
  ASSERT_EQ(d->failed, 1u);
  EXPECT_NE(d->failures[0].file.find("c.json"), std::string::npos);
  EXPECT_FALSE(d->failures[0].reason.empty());

  // Aliases are searchable; the replaced record lost its affected packages.
  store::AdvisoryFilter f;
  f.query = "cve-2099-0001";
  auto page = inv_->search_advisories(admin_, f);
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->items.size(), 1u);
  EXPECT_EQ(page->items[0].id, "GO-2024-3228");
  auto a = inv_->advisory(admin_, "CVE-2099-0001");
  ASSERT_TRUE(a.ok());
  EXPECT_TRUE(a->second.affected.empty());
  EXPECT_FALSE(inv_->advisory(admin_, "NOPE-1").ok());

  // A fresh Inventory built from the store sees the same.
  Inventory fresh(*ctx_);
  ASSERT_TRUE(fresh.load().ok());
  EXPECT_EQ(fresh.index().stats().advisories, 4291u);
}

// Scan findings come affected first, then by advisory id (ids that share
// their first 16 bytes included), then by component purl.
TEST_P(InventoryTest, ScanFindingsAreOrderedByVerdictIdAndPurl) {
  std::string recs_json = "[";
  const std::vector<std::string> ids = {"GHSA-aaaa-bbbb-cccz", "GHSA-aaaa-bbbb-ccca", "GO-2", "GHSA-aaaa-bbbb-cccc-long",
                                        "A-1", "UNKNOWN-1"};
  for (std::size_t i = 0; i < ids.size(); ++i) {
    std::string ranges = ids[i] == "UNKNOWN-1"
                             ? R"([{"type":"GIT","repo":"https://x","events":[{"introduced":"0"}]}])"
                             : R"([{"type":"ECOSYSTEM","events":[{"introduced":"0"}]}])";
    recs_json += (i ? "," : "") + std::string(R"({"id":")") + ids[i] +
                 R"(","modified":"2024-01-01T00:00:00Z","affected":[{"package":{"ecosystem":"npm","name":"p"},"ranges":)" +
                 ranges + R"(},{"package":{"ecosystem":"npm","name":"q"},"ranges":)" + ranges + "}]}";
  }
  recs_json += "]";
  auto recs = Inventory::split_body(recs_json);
  ASSERT_TRUE(recs.ok());
  ASSERT_TRUE(inv_->import_records(admin_, AdvisoryFormat::osv, *recs).ok());
  auto scan = inv_->scan(cdx({"pkg:npm/q@1.0.0", "pkg:npm/p@1.0.0"}));
  ASSERT_TRUE(scan.ok()) << scan.error().message();
  std::vector<std::string> got;
  for (const auto& f : scan->findings)
    got.push_back(std::string(match::verdict_name(f.verdict)) + " " + f.advisory_id() + " " +
                  scan->matched.at(f.component).purl);
  std::vector<std::string> want = {
      "affected A-1 pkg:npm/p@1.0.0", "affected A-1 pkg:npm/q@1.0.0",
      "affected GHSA-aaaa-bbbb-ccca pkg:npm/p@1.0.0", "affected GHSA-aaaa-bbbb-ccca pkg:npm/q@1.0.0",
      "affected GHSA-aaaa-bbbb-cccc-long pkg:npm/p@1.0.0", "affected GHSA-aaaa-bbbb-cccc-long pkg:npm/q@1.0.0",
      "affected GHSA-aaaa-bbbb-cccz pkg:npm/p@1.0.0", "affected GHSA-aaaa-bbbb-cccz pkg:npm/q@1.0.0",
      "affected GO-2 pkg:npm/p@1.0.0", "affected GO-2 pkg:npm/q@1.0.0",
      "unknown UNKNOWN-1 pkg:npm/p@1.0.0", "unknown UNKNOWN-1 pkg:npm/q@1.0.0"};
  EXPECT_EQ(got, want);
}

TEST_P(InventoryTest, SbomScanImpactAndConfirmedCase) {
  auto recs = Inventory::split_body(
      R"([{"id":"LOG-1","modified":"2021-12-10T00:00:00Z","aliases":["CVE-2021-44228"],"affected":[{"package":{"ecosystem":"Maven","name":"org.apache.logging.log4j:log4j-core"},"ranges":[{"type":"ECOSYSTEM","events":[{"introduced":"2.0-beta9"},{"fixed":"2.15.0"}]}]}]},{"id":"BAD"}])");
  ASSERT_TRUE(recs.ok());
  Caller nobody;
  nobody.actor = Actor{7, "u", false, {}};
  EXPECT_EQ(inv_->import_records(nobody, AdvisoryFormat::osv, *recs).error().kind(), ErrorKind::permission_denied);
  auto imp = inv_->import_records(admin_, AdvisoryFormat::osv, *recs);
  ASSERT_TRUE(imp.ok());
  EXPECT_EQ(imp->inserted, 1u);
  EXPECT_EQ(imp->failed, 1u);

  std::string sbom = cdx({"pkg:maven/org.apache.logging.log4j/log4j-core@2.14.1", "pkg:npm/left-pad@1.3.0"});
  auto up = inv_->upload_sbom(admin_, product_, "1.0", sbom);
  ASSERT_TRUE(up.ok()) << up.error().message();
  EXPECT_EQ(up->components, 2u);
  ASSERT_TRUE(inv_->upload_sbom(admin_, product_, "2.0",
                                cdx({"pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1"})).ok());
  EXPECT_FALSE(inv_->upload_sbom(admin_, product_, "1.0", "{}").ok());      // not an SBOM: nothing changes
  EXPECT_FALSE(inv_->upload_sbom(nobody, product_, "1.0", sbom).ok());      // not the provider
  EXPECT_EQ(inv_->components(admin_, product_, "1.0")->second.size(), 2u);  // still the first upload

  auto scan = inv_->scan(sbom);
  ASSERT_TRUE(scan.ok());
  ASSERT_EQ(scan->findings.size(), 1u);
  EXPECT_EQ(scan->findings[0].advisory_id(), "LOG-1");

  auto byid = inv_->impact_of_advisory(admin_, "CVE-2021-44228");
  ASSERT_TRUE(byid.ok()) << byid.error().message();
  ASSERT_EQ(byid->entries.size(), 1u);
  EXPECT_EQ(byid->entries[0].hit.product_version.version, "1.0");
  EXPECT_EQ(byid->entries[0].product_name, "Gateway");
  ASSERT_EQ(byid->entries[0].customers.size(), 1u);
  auto byrange = inv_->impact_of_range(admin_, "pkg:maven/org.apache.logging.log4j/log4j-core", "[2.0,2.17.2)");
  ASSERT_TRUE(byrange.ok());
  EXPECT_EQ(byrange->product_versions, 2u);
  auto findings = inv_->findings(admin_, product_);
  ASSERT_TRUE(findings.ok());
  ASSERT_EQ(findings->size(), 2u);

  // A case with the component; confirming it lists products and customers once.
  auto case_id = store_->write([&](store::WriteTx& tx) {
    Case c;
    c.ref = "LD-1";
    c.title = "log4j";
    c.upstream = Upstream{"pkg:maven/org.apache.logging.log4j/log4j-core", std::nullopt, "Apache Software Foundation"};
    c.aware_at = c.created_at = c.updated_at = clock_.now();
    return tx.insert_case(c);
  });
  ASSERT_TRUE(case_id.ok());
  EXPECT_FALSE(inv_->set_case_components(admin_, *case_id, {{0, "pkg:maven/g/a", "vers:maven/>=>1"}}).ok());
  ASSERT_TRUE(inv_->set_case_components(admin_, *case_id,
                                        {{0, "pkg:maven/org.apache.logging.log4j/log4j-core", "[2.0,2.15.0)"}})
                  .ok());
  auto ci = inv_->case_impact(admin_, *case_id);
  ASSERT_TRUE(ci.ok());
  EXPECT_EQ(ci->product_versions, 1u);
  for (int round = 0; round < 2; ++round) {
    auto eff = store_->write([&](store::WriteTx& tx) { return record_confirmed_case_effects(tx, *case_id, clock_.now()); });
    ASSERT_TRUE(eff.ok()) << eff.error().log_message();
    ASSERT_EQ(eff->affected.size(), 1u);
    EXPECT_EQ(eff->affected[0].version, "1.0");
    EXPECT_EQ(eff->notices.size(), round == 0 ? 1u : 0u);  // idempotent
    ASSERT_EQ(eff->upstream_providers.size(), 1u);
  }
  auto pending = store_->read([&](store::ReadTx& tx) { return tx.pending_user_notices(*case_id); });
  ASSERT_TRUE(pending.ok());
  ASSERT_EQ(pending->size(), 1u);
  EXPECT_EQ((*pending)[0].customer, "Bank A");

  // Components named on a case already confirmed still reach the customers
  // (they were missed when notices were made at confirmation only).
  auto late = store_->write([&](store::WriteTx& tx) {
    Case c;
    c.ref = "LD-2";
    c.title = "log4j, components named late";
    c.state = CaseState::confirmed;
    c.aware_at = c.created_at = c.updated_at = clock_.now();
    return tx.insert_case(c);
  });
  ASSERT_TRUE(late.ok());
  auto none = store_->read([&](store::ReadTx& tx) { return tx.pending_user_notices(*late); });
  ASSERT_TRUE(none.ok());
  EXPECT_TRUE(none->empty());
  for (int round = 0; round < 2; ++round)
    ASSERT_TRUE(inv_->set_case_components(admin_, *late,
                                          {{0, "pkg:maven/org.apache.logging.log4j/log4j-core", "[2.0,2.15.0)"}})
                    .ok());
  auto late_pending = store_->read([&](store::ReadTx& tx) { return tx.pending_user_notices(*late); });
  ASSERT_TRUE(late_pending.ok());
  ASSERT_EQ(late_pending->size(), 1u);  // once, however often the components are set
  EXPECT_EQ((*late_pending)[0].product_version, "1.0");

  // An SBOM uploaded after confirmation that holds the flawed component
  // owes its customers a notice too; a re-upload adds none twice, and an
  // SBOM outside the range adds none.
  for (int round = 0; round < 2; ++round) {
    auto up = inv_->upload_sbom(admin_, product_, "2.0",
                                cdx({"pkg:maven/org.apache.logging.log4j/log4j-core@2.14.0"}));
    ASSERT_TRUE(up.ok()) << up.error().message();
    // LD-2 only: LD-1 is not confirmed, so it owes no notice yet.
    EXPECT_EQ(up->user_notices_added, round == 0 ? 1u : 0u);
  }
  auto after_sbom = store_->read([&](store::ReadTx& tx) { return tx.pending_user_notices(*late); });
  ASSERT_TRUE(after_sbom.ok());
  ASSERT_EQ(after_sbom->size(), 2u);
  EXPECT_EQ((*after_sbom)[1].product_version, "2.0");
  auto fixed = inv_->upload_sbom(admin_, product_, "2.0", cdx({"pkg:maven/org.apache.logging.log4j/log4j-core@2.17.1"}));
  ASSERT_TRUE(fixed.ok());
  EXPECT_EQ(fixed->user_notices_added, 0u);
}

// Two processes on one store (a server and a `loudong import`, or two
// servers on PostgreSQL): each has its own index, and catch_up brings one
// up to what the other wrote, through the store's change feed.
TEST_P(InventoryTest, ASecondInventoryCatchesUpWithWhatTheFirstWrote) {
  Inventory other(*ctx_);
  ASSERT_TRUE(other.load().ok());
  ASSERT_TRUE(other.catch_up().ok());
  auto osv = [](const std::string& fixed, const std::string& modified) {
    return NamedRecord{"TEST-1.json", R"({"id":"TEST-1","modified":")" + modified +
                                          R"(","affected":[{"package":{"ecosystem":"npm","name":"left-pad"},)"
                                          R"("ranges":[{"type":"SEMVER","events":[{"introduced":"0"},{"fixed":")" +
                                          fixed + R"("}]}]}]})"};
  };
  auto hits = [&](Inventory& inv) {
    auto r = inv.impact_of_advisory(admin_, "TEST-1");
    EXPECT_TRUE(r.ok() || r.error().kind() == ErrorKind::not_found);
    return r.ok() ? r->entries.size() : std::size_t{0};
  };
  ASSERT_TRUE(inv_->import_records(admin_, AdvisoryFormat::osv, {osv("1.3.0", "2026-01-01T00:00:00Z")}).ok());
  ASSERT_TRUE(inv_->upload_sbom(admin_, product_, "1.0", cdx({"pkg:npm/left-pad@1.2.0"})).ok());
  EXPECT_EQ(hits(*inv_), 1u);
  EXPECT_EQ(hits(other), 0u) << "not seen before catching up";
  auto n = other.catch_up();
  ASSERT_TRUE(n.ok()) << n.error().log_message();
  EXPECT_EQ(*n, 2u) << "the import and the SBOM";
  EXPECT_EQ(hits(other), 1u);
  EXPECT_EQ(*other.catch_up(), 0u) << "nothing new";

  // A newer record narrows the range: 1.2.0 is no longer affected there either.
  ASSERT_TRUE(inv_->import_records(admin_, AdvisoryFormat::osv, {osv("1.1.0", "2026-02-01T00:00:00Z")}).ok());
  EXPECT_EQ(hits(other), 1u);
  ASSERT_EQ(*other.catch_up(), 1u);
  EXPECT_EQ(hits(other), 0u);
  EXPECT_EQ(hits(*inv_), 0u);

  // So far behind that the store pruned entries it never saw: it rebuilds.
  ASSERT_TRUE(inv_->import_records(admin_, AdvisoryFormat::osv, {osv("2.0.0", "2026-03-01T00:00:00Z")}).ok());
  ASSERT_TRUE(store_->write([](store::WriteTx& tx) -> Result<bool> {
    for (std::int64_t i = 0; i < store::kMatchChangesKept; ++i) LD_RETURN_IF_ERROR(tx.set_case_components(900000 + i, {}));
    return true;
  }).ok());
  n = other.catch_up();
  ASSERT_TRUE(n.ok()) << n.error().log_message();
  EXPECT_EQ(hits(other), 1u) << "the rebuilt index has the 2.0.0 record";
  EXPECT_EQ(*other.catch_up(), 0u);
}

TEST(SplitPurlRange, SeparatesRangesFromVersions) {
  EXPECT_EQ(split_purl_range("pkg:npm/x@1.2.3"), (std::pair<std::string, std::string>{"pkg:npm/x@1.2.3", ""}));
  EXPECT_EQ(split_purl_range("pkg:maven/g/a@vers:maven/<2"),
            (std::pair<std::string, std::string>{"pkg:maven/g/a", "vers:maven/<2"}));
  EXPECT_EQ(split_purl_range("pkg:npm/x@>=1 <2"), (std::pair<std::string, std::string>{"pkg:npm/x", ">=1 <2"}));
  EXPECT_EQ(split_purl_range("pkg:maven/g/a@[2.0,2.15)"), (std::pair<std::string, std::string>{"pkg:maven/g/a", "[2.0,2.15)"}));
}

INSTANTIATE_TEST_SUITE_P(Backends, InventoryTest, ::loudong::store::test::kBackends, ::loudong::store::test::backend_name);

}  // namespace
}  // namespace loudong::services
