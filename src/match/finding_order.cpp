#include "match/finding_order.h"

#include <algorithm>
#include <cstdint>
#include <thread>

#include "core/two_threads.h"

namespace loudong::match {
namespace {

// A finding's place among findings of the same verdict: its advisory's
// id_prefix decides most compares without reading anything else; a tie
// (the same advisory, or ids equal in their first 16 bytes) looks at the
// findings themselves.
struct Key {
  std::uint64_t hi = 0, lo = 0;
  std::uint32_t index = 0;
};

constexpr std::size_t kParallel = 8192;
constexpr std::size_t kChunk = 4096;

template <class Less>
void sort_on_two_threads(std::vector<Key>::iterator first, std::vector<Key>::iterator last, Less less) {
  const auto n = static_cast<std::size_t>(last - first);
  if (n < kParallel || std::thread::hardware_concurrency() < 2) {
    std::sort(first, last, less);
    return;
  }
  auto mid = first + static_cast<std::ptrdiff_t>(n / 2);
  std::thread helper([&] { std::sort(first, mid, less); });
  std::sort(mid, last, less);
  helper.join();
  std::inplace_merge(first, mid, last, less);
}

}  // namespace

void sort_findings(std::vector<Finding>& f, const std::vector<ComponentRef>& components) {
  std::vector<Key> keys(f.size());
  for_chunks_on_two_threads(f.size(), kChunk, kParallel, [&](std::size_t, std::size_t first, std::size_t last) {
    constexpr std::size_t kAhead = 16;  // summaries are spread over the index: fetch them ahead
    for (std::size_t i = first; i < last; ++i) {
      if (i + kAhead < last && f[i + kAhead].advisory) __builtin_prefetch(f[i + kAhead].advisory.get());
      const AdvisorySummary* a = f[i].advisory.get();
      keys[i] = a ? Key{a->id_prefix[0], a->id_prefix[1], static_cast<std::uint32_t>(i)}
                  : Key{0, 0, static_cast<std::uint32_t>(i)};
    }
  });
  // Affected first: split by verdict (keeping the order), then sort each part.
  auto unknown = std::stable_partition(keys.begin(), keys.end(),
                                       [&](const Key& k) { return f[k.index].verdict == Verdict::affected; });
  auto before = [&](const Key& a, const Key& b) {
    if (a.hi != b.hi) return a.hi < b.hi;
    if (a.lo != b.lo) return a.lo < b.lo;
    const Finding& x = f[a.index];
    const Finding& y = f[b.index];
    if (x.advisory != y.advisory)
      if (int c = x.advisory_id().compare(y.advisory_id()); c != 0) return c < 0;
    if (int c = components[x.component].purl.compare(components[y.component].purl); c != 0) return c < 0;
    return a.index < b.index;
  };
  sort_on_two_threads(keys.begin(), unknown, before);
  sort_on_two_threads(unknown, keys.end(), before);

  std::vector<Finding> sorted(f.size());
  for_chunks_on_two_threads(f.size(), kChunk, kParallel, [&](std::size_t, std::size_t first, std::size_t last) {
    for (std::size_t i = first; i < last; ++i) sorted[i] = std::move(f[keys[i].index]);
  });
  f = std::move(sorted);
}

}  // namespace loudong::match
