// merge_twin_findings: the same flaw under two databases' ids is listed once
// per component, with every name; nothing else is merged.
#include "match/twins.h"

#include <memory>

#include <gtest/gtest.h>

namespace loudong::match {
namespace {

using assessment::Grade;

std::shared_ptr<const AdvisorySummary> adv(std::string id, std::vector<std::string> aliases,
                                           std::optional<Grade> grade = std::nullopt, std::string summary = "") {
  auto a = std::make_shared<AdvisorySummary>();
  a->id = std::move(id);
  a->aliases = std::move(aliases);
  a->grade = grade;
  a->summary = std::move(summary);
  a->affected_texts = {"SEMVER introduced 0, fixed 2.2.3"};
  set_id_prefix(*a);
  return a;
}

Finding finding(std::uint32_t component, std::shared_ptr<const AdvisorySummary> a, Verdict v = Verdict::affected) {
  Finding f;
  f.component = component;
  f.verdict = v;
  f.grade = a->grade;
  f.advisory = std::move(a);
  return f;
}

std::vector<std::string> ids(const std::vector<Finding>& f) {
  std::vector<std::string> out;
  for (const auto& x : f) out.push_back(std::to_string(x.component) + ":" + (x.advisory ? x.advisory->id : "case"));
  return out;
}

TEST(TwinFindings, GoAndCveRecordsOfOneFlawAreListedOnceWithEveryName) {
  auto cve = adv("CVE-2021-4235", {"GO-2021-0061"}, std::nullopt, "");
  auto go = adv("GO-2021-0061", {"CVE-2021-4235", "GHSA-r88r-gmrh-7j83"}, std::nullopt, "Denial of service in yaml.v2");
  auto other = adv("GO-2022-0956", {"CVE-2022-3064"});
  std::vector<Finding> f{finding(0, cve), finding(0, go), finding(0, other), finding(1, go)};
  EXPECT_EQ(merge_twin_findings(f, 2), 1u);
  ASSERT_EQ(ids(f), (std::vector<std::string>{"0:CVE-2021-4235", "0:GO-2022-0956", "1:GO-2021-0061"}));
  EXPECT_EQ(f[0].advisory->aliases, (std::vector<std::string>{"GHSA-r88r-gmrh-7j83", "GO-2021-0061"}));
  EXPECT_EQ(f[0].advisory->summary, "Denial of service in yaml.v2") << "an empty summary takes the twin's";
  EXPECT_EQ(f[0].advisory->affected_texts, cve->affected_texts) << "the kept finding's reason is its own";
  EXPECT_EQ(f[2].advisory, go) << "component 1 has no twin: its finding is untouched";
  EXPECT_EQ(cve->aliases, (std::vector<std::string>{"GO-2021-0061"})) << "the index's summary is not changed";
}

TEST(TwinFindings, SharedAliasAndTransitiveGroups) {
  auto ghsa = adv("GHSA-aaaa-bbbb-cccc", {"CVE-2024-1"});
  auto pysec = adv("PYSEC-2024-7", {"CVE-2024-1"});
  auto osv = adv("OSV-2024-9", {"PYSEC-2024-7"});  // names only PYSEC: joins through it
  auto lone = adv("GHSA-zzzz-zzzz-zzzz", {"CVE-2024-2"});
  std::vector<Finding> f{finding(3, ghsa), finding(3, lone), finding(3, osv), finding(3, pysec)};
  EXPECT_EQ(merge_twin_findings(f, 4), 2u);
  ASSERT_EQ(ids(f), (std::vector<std::string>{"3:GHSA-aaaa-bbbb-cccc", "3:GHSA-zzzz-zzzz-zzzz"}));
  EXPECT_EQ(f[0].advisory->aliases, (std::vector<std::string>{"CVE-2024-1", "OSV-2024-9", "PYSEC-2024-7"}));
}

TEST(TwinFindings, AffectedBeforeUnknownThenTheGradedOne) {
  auto a = adv("A-1", {"B-1"});
  auto b = adv("B-1", {"A-1"}, Grade::high);
  auto c = adv("C-1", {"A-1"}, Grade::critical);
  std::vector<Finding> f{finding(0, a), finding(0, b), finding(0, c, Verdict::unknown)};
  EXPECT_EQ(merge_twin_findings(f, 1), 2u);
  ASSERT_EQ(ids(f), (std::vector<std::string>{"0:B-1"}));
  EXPECT_EQ(f[0].verdict, Verdict::affected);
  EXPECT_EQ(f[0].advisory->grade, Grade::critical) << "the group's highest grade";
  EXPECT_EQ(f[0].grade, Grade::critical);
  EXPECT_EQ(f[0].advisory->aliases, (std::vector<std::string>{"A-1", "C-1"}));
}

TEST(TwinFindings, CaseFindingsAndOneAdvisoryMatchedTwiceStay) {
  auto a = adv("GO-2020-0036", {"CVE-2019-11254"});
  Finding by_case;
  by_case.component = 0;
  by_case.source = FindingSource::case_range;
  by_case.case_id = 7;
  std::vector<Finding> f{by_case, finding(0, a), finding(0, a)};
  f[2].affected = 1;
  EXPECT_EQ(merge_twin_findings(f, 1), 0u);
  EXPECT_EQ(f.size(), 3u);
  std::vector<Finding> none;
  EXPECT_EQ(merge_twin_findings(none, 0), 0u);
}

}  // namespace
}  // namespace loudong::match
