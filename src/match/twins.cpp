#include "match/twins.h"

#include <algorithm>
#include <numeric>
#include <string_view>

namespace loudong::match {
namespace {

bool names(const AdvisorySummary& a, std::string_view name) {
  if (a.id == name) return true;
  return std::find(a.aliases.begin(), a.aliases.end(), name) != a.aliases.end();
}

// a and b are twins: one is named by the other, or both share an alias.
bool twins(const AdvisorySummary& a, const AdvisorySummary& b) {
  if (&a == &b || a.id == b.id) return false;  // the same advisory matched twice is not a twin pair
  if (names(b, a.id)) return true;
  for (const auto& alias : a.aliases)
    if (names(b, alias)) return true;
  return false;
}

std::size_t find(std::vector<std::size_t>& parent, std::size_t i) {
  while (parent[i] != i) i = parent[i] = parent[parent[i]];
  return i;
}

// Grades order critical first (assessment::Grade's order).
bool graver(const std::optional<assessment::Grade>& a, const std::optional<assessment::Grade>& b) {
  if (!a) return false;
  if (!b) return true;
  return static_cast<int>(*a) < static_cast<int>(*b);
}

}  // namespace

std::size_t merge_twin_findings(std::vector<Finding>& f, std::size_t component_count) {
  // Advisory findings with aliases, bucketed by component (counting sort):
  // twins can only be among a component's few findings.
  std::vector<std::uint32_t> start(component_count + 1, 0);
  std::size_t candidates = 0;
  for (const auto& x : f)
    if (x.advisory && !x.advisory->aliases.empty() && x.component < component_count) {
      ++start[x.component + 1];
      ++candidates;
    }
  if (candidates < 2) return 0;
  std::partial_sum(start.begin(), start.end(), start.begin());
  std::vector<std::uint32_t> by_component(candidates);
  {
    std::vector<std::uint32_t> next(start.begin(), start.end() - 1);
    for (std::size_t i = 0; i < f.size(); ++i) {
      const auto& x = f[i];
      if (x.advisory && !x.advisory->aliases.empty() && x.component < component_count)
        by_component[next[x.component]++] = static_cast<std::uint32_t>(i);
    }
  }

  std::vector<std::size_t> parent;  // union-find over positions in f, created on the first twin pair
  for (std::size_t c = 0; c < component_count; ++c) {
    for (std::uint32_t i = start[c]; i < start[c + 1]; ++i)
      for (std::uint32_t j = i + 1; j < start[c + 1]; ++j) {
        const std::size_t a = by_component[i], b = by_component[j];
        if (!twins(*f[a].advisory, *f[b].advisory)) continue;
        if (parent.empty()) {
          parent.resize(f.size());
          std::iota(parent.begin(), parent.end(), std::size_t{0});
        }
        parent[find(parent, a)] = find(parent, b);
      }
  }
  if (parent.empty()) return 0;

  // Members of each group of two or more, as (root, position) in f's order.
  std::vector<bool> root_of_group(f.size(), false);
  for (std::size_t i = 0; i < f.size(); ++i)
    if (std::size_t r = find(parent, i); r != i) root_of_group[r] = true;
  std::vector<std::pair<std::size_t, std::size_t>> members;
  for (std::size_t i = 0; i < f.size(); ++i)
    if (std::size_t r = find(parent, i); r != i || root_of_group[i]) members.emplace_back(r, i);
  std::sort(members.begin(), members.end());
  std::vector<bool> drop(f.size(), false);
  std::vector<std::size_t> g;
  for (std::size_t m = 0; m < members.size();) {
    g.clear();
    for (std::size_t r = members[m].first; m < members.size() && members[m].first == r; ++m) g.push_back(members[m].second);
    std::size_t keep = g.front();
    for (std::size_t i : g) {
      const Finding& x = f[i];
      const Finding& k = f[keep];
      if (x.verdict != k.verdict) {
        if (x.verdict == Verdict::affected) keep = i;
      } else if (graver(x.grade, k.grade)) {
        keep = i;
      }
    }
    auto merged = std::make_shared<AdvisorySummary>(*f[keep].advisory);
    std::vector<std::string> all;
    for (std::size_t i : g) {
      const AdvisorySummary& a = *f[i].advisory;
      all.push_back(a.id);
      all.insert(all.end(), a.aliases.begin(), a.aliases.end());
      if (graver(a.grade, merged->grade)) merged->grade = a.grade;
      if (merged->summary.empty()) merged->summary = a.summary;
      if (i != keep) drop[i] = true;
    }
    std::sort(all.begin(), all.end());
    all.erase(std::unique(all.begin(), all.end()), all.end());
    all.erase(std::remove(all.begin(), all.end(), merged->id), all.end());
    merged->aliases = std::move(all);
    Finding& k = f[keep];
    if (graver(merged->grade, k.grade) && k.source == FindingSource::advisory) k.grade = merged->grade;
    k.advisory = std::move(merged);
  }
  std::size_t w = 0;
  for (std::size_t i = 0; i < f.size(); ++i)
    if (!drop[i]) {
      if (w != i) f[w] = std::move(f[i]);
      ++w;
    }
  const std::size_t dropped = f.size() - w;
  f.resize(w);
  return dropped;
}

}  // namespace loudong::match
