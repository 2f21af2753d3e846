// External ids as search keys (R-IDS) on both backends: a case is found by
// any of its ids after insert and after its ids change, whole ids only; the
// public advisory list is filtered by the ids of each advisory's newest
// public revision.
#include <algorithm>

#include <gtest/gtest.h>

#include "case_advisory_fixture.h"

namespace loudong::store {
namespace {

using namespace domain;

class ExternalIdSearchTest : public CaseAdvisoryStoreTest {
 protected:
  std::vector<std::string> refs_for(const std::string& text) {
    CaseFilter f;
    f.text = text;
    auto page = store_->read([&](ReadTx& tx) { return tx.cases(f); });
    EXPECT_TRUE(page.ok()) << page.error().log_message();
    std::vector<std::string> out;
    if (!page.ok()) return out;
    for (const auto& c : page->items) out.push_back(c.ref);
    EXPECT_EQ(page->total, static_cast<std::int64_t>(out.size())) << text;
    std::sort(out.begin(), out.end());
    return out;
  }
  Status set_ids(Id id, std::vector<std::string> ids) {
    return store_->write([&](WriteTx& tx) -> Status {
      LD_ASSIGN_OR_RETURN(auto c, tx.get_case(id));
      c->external_ids = std::move(ids);
      return tx.update_case(*c);
    });
  }
  std::vector<std::string> public_refs(const std::string& key) {
    auto page = store_->read([&](ReadTx& tx) { return tx.public_advisories({50, ""}, key); });
    EXPECT_TRUE(page.ok()) << page.error().log_message();
    std::vector<std::string> out;
    if (!page.ok()) return out;
    for (const auto& s : page->items) out.push_back(s.ref);
    EXPECT_EQ(page->total, static_cast<std::int64_t>(out.size())) << key;
    std::sort(out.begin(), out.end());
    return out;
  }
};

TEST_P(ExternalIdSearchTest, CaseIsFoundByAnyOfItsIdsWholeOnly) {
  Id a = add_case("LD-A"), b = add_case("LD-B");
  add_case("LD-C");
  ASSERT_TRUE(set_ids(a, {"CVE-2021-44228", "CNVD-2021-95914", "CNNVD-202112-799"}).ok());
  ASSERT_TRUE(set_ids(b, {"CVE-2021-45046", "CICSVD-2022-0001234", "NVDB-2023-12345"}).ok());
  using V = std::vector<std::string>;
  EXPECT_EQ(refs_for("CVE-2021-44228"), V{"LD-A"});
  EXPECT_EQ(refs_for("cve-2021-44228 "), V{"LD-A"});  // the key, not the typed text
  EXPECT_EQ(refs_for("CNVD-2021-95914"), V{"LD-A"});
  EXPECT_EQ(refs_for("CNNVD-202112-799"), V{"LD-A"});
  EXPECT_EQ(refs_for("CICSVD-2022-0001234"), V{"LD-B"});
  EXPECT_EQ(refs_for("NVDB-2023-12345"), V{"LD-B"});
  EXPECT_EQ(refs_for("CVE-2021-4422"), V{});  // a prefix of an id is not that id
  EXPECT_EQ(refs_for("LD-C"), V{"LD-C"});     // the reference search still works

  // Changing the ids moves the keys: the old id no longer finds the case.
  ASSERT_TRUE(set_ids(a, {"CVE-2021-45046"}).ok());
  EXPECT_EQ(refs_for("CVE-2021-44228"), V{});
  EXPECT_EQ(refs_for("CVE-2021-45046"), (V{"LD-A", "LD-B"}));
  ASSERT_TRUE(set_ids(a, {}).ok());
  EXPECT_EQ(refs_for("CVE-2021-45046"), V{"LD-B"});
}

TEST_P(ExternalIdSearchTest, NewCaseWithIdsIsFoundAtOnce) {
  auto id = store_->write([&](WriteTx& tx) {
    Case c;
    c.ref = "LD-N";
    c.title = "new";
    c.external_ids = {"CNVD-2023-123456"};
    c.aware_at = c.created_at = c.updated_at = t0();
    return tx.insert_case(c);
  });
  ASSERT_TRUE(id.ok());
  EXPECT_EQ(refs_for("CNVD-2023-123456"), std::vector<std::string>{"LD-N"});
}

TEST_P(ExternalIdSearchTest, PublicAdvisoriesByTheIdsOfTheirPublicRevision) {
  Id c1 = add_case("LD-1"), c2 = add_case("LD-2"), c3 = add_case("LD-3");
  Advisory a1 = sample(c1, "SA-1"), a2 = sample(c2, "SA-2"), a3 = sample(c3, "SA-3");
  a1.external_ids = {"CVE-2021-44228", "CNVD-2021-95914"};
  a2.external_ids = {"CVE-2021-45046"};
  a3.external_ids = {"CVE-2021-44228"};
  for (Advisory* a : {&a1, &a2, &a3}) {
    auto id = insert(*a);
    ASSERT_TRUE(id.ok());
    a->id = *id;
  }
  ASSERT_TRUE(publish(a1, 1, at(10)).ok());
  ASSERT_TRUE(publish(a2, 1, at(20)).ok());
  ASSERT_TRUE(publish(a3, 1, at(30), "AMBER").ok());  // not public: never listed
  using V = std::vector<std::string>;
  EXPECT_EQ(public_refs("CVE-2021-44228"), V{"SA-1"});
  EXPECT_EQ(public_refs("CNVD-2021-95914"), V{"SA-1"});
  EXPECT_EQ(public_refs("CVE-2021-45046"), V{"SA-2"});
  EXPECT_EQ(public_refs(""), (V{"SA-1", "SA-2"}));

  // Revision 2 drops the CNVD id: the public revision no longer lists it.
  a1.external_ids = {"CVE-2021-44228"};
  ASSERT_TRUE(publish(a1, 2, at(40)).ok());
  EXPECT_EQ(public_refs("CNVD-2021-95914"), V{});
  EXPECT_EQ(public_refs("CVE-2021-44228"), V{"SA-1"});
}

INSTANTIATE_TEST_SUITE_P(Backends, ExternalIdSearchTest, test::kBackends, test::backend_name);

}  // namespace
}  // namespace loudong::store
