// Which intervals hold a point: the advisory entries whose ranges affect a
// version position. A flat array sorted by start with the largest end per
// block of 64, rebuilt whole when its package's entries change: a query is
// one binary search and a sequential scan that skips blocks ending before
// the point, so it touches contiguous memory only (a pointer per entry
// was what made the first index slow on packages with thousands of
// advisories).
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "match/ordering.h"

namespace loudong::match {

class StabIndex {
 public:
  struct Item {
    Position first, last;  // inclusive
    std::uint32_t value;
  };

  void build(std::vector<Item> items) {
    std::sort(items.begin(), items.end(), [](const Item& a, const Item& b) { return a.first < b.first; });
    items_ = std::move(items);
    block_last_.assign((items_.size() + kBlock - 1) / kBlock, 0);
    for (std::size_t i = 0; i < items_.size(); ++i)
      block_last_[i / kBlock] = std::max(block_last_[i / kBlock], items_[i].last);
  }

  // Calls f(value) for every item with first <= p <= last (a value may
  // come more than once when it has several items holding p).
  template <class F>
  void stab(Position p, F&& f) const {
    auto end = static_cast<std::size_t>(
        std::upper_bound(items_.begin(), items_.end(), p, [](Position x, const Item& it) { return x < it.first; }) -
        items_.begin());
    for (std::size_t b = 0; b * kBlock < end; ++b) {
      if (block_last_[b] < p) continue;
      std::size_t stop = std::min(end, (b + 1) * kBlock);
      for (std::size_t i = b * kBlock; i < stop; ++i)
        if (items_[i].last >= p) f(items_[i].value);
    }
  }

  std::size_t size() const { return items_.size(); }
  std::size_t approx_bytes() const { return items_.capacity() * sizeof(Item) + block_last_.capacity() * 8; }

 private:
  static constexpr std::size_t kBlock = 64;
  std::vector<Item> items_;
  std::vector<Position> block_last_;
};

}  // namespace loudong::match
