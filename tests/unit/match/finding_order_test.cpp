// sort_findings against the order written out plainly, on findings with
// long ids sharing 16-byte prefixes, equal purls, case findings and
// unknowns; above the size where it sorts on two threads, and below.
#include "match/finding_order.h"

#include <algorithm>
#include <memory>
#include <random>

#include <gtest/gtest.h>

namespace loudong::match {
namespace {

void check(std::size_t n, std::uint32_t seed) {
  std::mt19937 rng(seed);
  std::vector<std::shared_ptr<const AdvisorySummary>> advisories;
  for (int i = 0; i < 300; ++i) {
    auto a = std::make_shared<AdvisorySummary>();
    // Some ids share their first 16 bytes and differ after.
    a->id = (i % 3 == 0 ? "GHSA-aaaa-bbbb-cccc-" : i % 3 == 1 ? "GO-2024-" : "CVE-2021-4422") + std::to_string(rng() % 50);
    set_id_prefix(*a);  // as the index does
    advisories.push_back(a);
  }
  std::vector<ComponentRef> components;
  for (int i = 0; i < 500; ++i) components.push_back({{"npm", "p"}, "1", "pkg:npm/p" + std::to_string(rng() % 200) + "@1"});
  std::vector<Finding> f;
  for (std::size_t i = 0; i < n; ++i) {
    Finding& x = f.emplace_back();
    x.component = static_cast<std::uint32_t>(rng() % components.size());
    x.verdict = rng() % 5 == 0 ? Verdict::unknown : Verdict::affected;
    if (rng() % 10 == 0) {
      x.source = FindingSource::case_range;
      x.case_id = static_cast<std::int64_t>(i);
    } else {
      x.advisory = advisories[rng() % advisories.size()];
    }
  }
  std::vector<std::size_t> want(n);
  for (std::size_t i = 0; i < n; ++i) want[i] = i;
  std::stable_sort(want.begin(), want.end(), [&](std::size_t a, std::size_t b) {
    const Finding& x = f[a];
    const Finding& y = f[b];
    bool xu = x.verdict != Verdict::affected, yu = y.verdict != Verdict::affected;
    if (xu != yu) return !xu;
    if (int c = x.advisory_id().compare(y.advisory_id()); c != 0) return c < 0;
    return components[x.component].purl < components[y.component].purl;
  });
  std::vector<std::int64_t> want_cases;
  std::vector<std::string> want_ids;
  for (std::size_t i : want) want_cases.push_back(f[i].case_id), want_ids.push_back(f[i].advisory_id());
  std::vector<std::uint32_t> want_components;
  for (std::size_t i : want) want_components.push_back(f[i].component);

  sort_findings(f, components);
  ASSERT_EQ(f.size(), n);
  for (std::size_t i = 0; i < n; ++i) {
    ASSERT_EQ(f[i].advisory_id(), want_ids[i]) << i;
    ASSERT_EQ(f[i].component, want_components[i]) << i;
    ASSERT_EQ(f[i].case_id, want_cases[i]) << i;
  }
}

TEST(FindingOrder, SmallOnOneThread) { check(1000, 1); }
TEST(FindingOrder, LargeOnTwoThreads) { check(30000, 2); }
TEST(FindingOrder, Empty) { check(0, 3); }

}  // namespace
}  // namespace loudong::match
