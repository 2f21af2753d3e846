#include "match/ordering.h"

#include <algorithm>

namespace loudong::match {

VersionId VersionTable::intern(std::string_view v) {
  bool added = false;
  auto id = ids_.insert(v, FlatIds::hash(v), static_cast<VersionId>(text_.size()),
                        [this](std::uint32_t i) { return std::string_view(text_[i]); }, &added);
  if (added) text_.emplace_back(v);
  return id;
}

std::size_t VersionTable::approx_bytes() const {
  std::size_t b = ids_.approx_bytes();
  for (const auto& s : text_) b += sizeof(std::string) + (s.capacity() > 15 ? s.capacity() + 1 : 0);
  return b;
}

Ordering::ShortText Ordering::short_text(std::string_view v) {
  ShortText x;
  if (v.size() <= sizeof(x.s)) {
    std::copy(v.begin(), v.end(), x.s);
    x.n = static_cast<std::uint8_t>(v.size());
  }
  return x;
}

int Ordering::compare(std::string_view a, std::string_view b) const {
  // Both sides were validated; a failure here is a scheme bug, and the
  // versions are then treated as equal rather than guessed apart.
  Result<int> c = scheme_->compare(a, b);
  return c.ok() ? *c : 0;
}

void Ordering::note(VersionId id) {
  if (id >= pos_.size()) pos_.resize(id + 1, kUnplaced);
  if (pos_[id] != kUnplaced) return;
  pos_[id] = kPending;
  pending_.push_back(id);
}

void Ordering::refresh(const VersionTable& t) {
  if (pending_.empty()) return;
  std::vector<VersionId> fresh;
  fresh.reserve(pending_.size());
  for (VersionId id : pending_) {
    if (scheme_->validate(t.text(id)).ok()) fresh.push_back(id);
    else pos_[id] = kInvalidPosition;
  }
  pending_.clear();
  auto less = [&](VersionId a, VersionId b) { return compare(t.text(a), t.text(b)) < 0; };
  if (fresh.size() * 16 >= sorted_.size()) {
    // Many new versions: one sort and merge, then fresh labels for all.
    std::stable_sort(fresh.begin(), fresh.end(), less);
    std::vector<VersionId> merged;
    merged.reserve(sorted_.size() + fresh.size());
    std::merge(sorted_.begin(), sorted_.end(), fresh.begin(), fresh.end(), std::back_inserter(merged), less);
    sorted_ = std::move(merged);
    sorted_text_.clear();
    sorted_text_.reserve(sorted_.size());
    for (VersionId id : sorted_) sorted_text_.push_back(short_text(t.text(id)));
    tie_prev_.assign(sorted_.size(), 0);
    for (std::size_t i = 1; i < sorted_.size(); ++i)
      tie_prev_[i] = compare(t.text(sorted_[i - 1]), t.text(sorted_[i])) == 0;
    relabel();
    return;
  }
  // A few new versions into many: a binary search each, and a label in the
  // gap between the neighbours, so the others keep theirs.
  bool exhausted = false;
  for (VersionId id : fresh) {
    // upper_bound by index, reading the short texts (as position_of_text).
    const std::string_view text = t.text(id);
    std::size_t i = 0, n = sorted_.size();
    while (n > 0) {
      std::size_t half = n / 2;
      if (compare(text, text_at(t, i + half)) >= 0) {
        i += half + 1;
        n -= half + 1;
      } else {
        n = half;
      }
    }
    sorted_.insert(sorted_.begin() + static_cast<std::ptrdiff_t>(i), id);
    sorted_text_.insert(sorted_text_.begin() + static_cast<std::ptrdiff_t>(i), short_text(t.text(id)));
    // upper_bound puts id after every version <= it, so only the one
    // before can be equal, and the one after is strictly greater.
    bool tie = i > 0 && compare(text_at(t, i - 1), text) == 0;
    tie_prev_.insert(tie_prev_.begin() + static_cast<std::ptrdiff_t>(i), tie);
    if (exhausted) continue;
    if (tie) {
      pos_[id] = pos_[sorted_[i - 1]];
      continue;
    }
    Position lower = i > 0 ? pos_[sorted_[i - 1]] : 0;
    Position upper = i + 1 < sorted_.size() ? pos_[sorted_[i + 1]] : kMaxPosition;
    if (upper - lower < 4) exhausted = true;  // no label 2 away from both
    else pos_[id] = lower + (upper - lower) / 2;
  }
  if (exhausted) relabel();
}

void Ordering::relabel() {
  // Spread evenly over the whole range: ~2^63 / n apart, so about
  // log2 of that many insertions into one gap before the next relabel.
  std::size_t ranks = 0;
  for (std::size_t i = 0; i < sorted_.size(); ++i)
    if (i == 0 || !tie_prev_[i]) ++ranks;
  Position step = (kMaxPosition / 2) / (ranks + 1);
  Position label = 0;
  for (std::size_t i = 0; i < sorted_.size(); ++i) {
    if (i == 0 || !tie_prev_[i]) label += step;
    pos_[sorted_[i]] = label;
  }
  ++generation_;
}

Position Ordering::position_of_text(const VersionTable& t, std::string_view v) const {
  if (!scheme_->validate(v).ok()) return kInvalidPosition;
  // lower_bound by index, reading the short texts.
  std::size_t lo = 0, n = sorted_.size();
  while (n > 0) {
    std::size_t half = n / 2;
    if (compare(text_at(t, lo + half), v) < 0) {
      lo += half + 1;
      n -= half + 1;
    } else {
      n = half;
    }
  }
  if (lo < sorted_.size() && compare(v, text_at(t, lo)) == 0) return pos_[sorted_[lo]];
  // Strictly between the neighbours: labels are at least 2 apart and the
  // first is at least 2, the last far below kMaxPosition.
  if (lo == 0) return 0;
  return pos_[sorted_[lo - 1]] + 1;
}

std::size_t Ordering::approx_bytes() const {
  return sizeof(Ordering) + pos_.capacity() * sizeof(Position) + sorted_.capacity() * 4 +
         sorted_text_.capacity() * sizeof(ShortText) + tie_prev_.capacity() +
         pending_.capacity() * 4;
}

}  // namespace loudong::match
