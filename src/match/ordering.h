// The versions one package's ranges and components mention, each parsed
// and placed once in its scheme's order, so that every later range test is
// an integer comparison instead of two parses.
//
// Positions: each valid version gets a 64-bit label in its scheme's order
// (versions the scheme calls equal, "1.0" and "1.0.0" in Maven, share one).
// Labels are spread out, so a new version gets a label between its
// neighbours and every existing label stays put; only when a gap runs out
// are all labels reassigned, which generation() counts. A version not in
// the table (asked about by a scan) gets a position strictly between its
// neighbours' labels (labels are always at least 2 apart). Comparing
// positions is comparing versions, so anything computed from positions
// (interval bounds) stays exact until the generation changes.
//
// Not thread-safe; the Index guards it.
#pragma once

#include <cstdint>
#include <deque>
#include <string>
#include <string_view>
#include <vector>

#include "match/flat_ids.h"
#include "versions/scheme.h"

namespace loudong::match {

using VersionId = std::uint32_t;
using Position = std::uint64_t;
inline constexpr Position kInvalidPosition = ~Position{0};
inline constexpr Position kMaxPosition = kInvalidPosition - 16;  // the sentinels sit above

// Interns version strings per package: id <-> exact text (OSV compares
// explicit version lists by exact text).
class VersionTable {
 public:
  VersionTable() = default;
  VersionTable(const VersionTable&) = delete;
  VersionTable& operator=(const VersionTable&) = delete;
  VersionTable(VersionTable&&) = default;
  VersionTable& operator=(VersionTable&&) = default;

  VersionId intern(std::string_view v);
  // The id of v, or false when v was never interned. The second form takes
  // FlatIds::hash(v), computed (and prefetch()ed) ahead by a batch.
  bool find(std::string_view v, VersionId* id) const { return find(v, FlatIds::hash(v), id); }
  bool find(std::string_view v, std::uint64_t hash, VersionId* id) const {
    *id = ids_.find(v, hash, [this](std::uint32_t i) { return std::string_view(text_[i]); });
    return *id != FlatIds::kNone;
  }
  void prefetch(std::uint64_t hash) const { ids_.prefetch(hash); }
  const std::string& text(VersionId id) const { return text_[id]; }
  std::size_t size() const { return text_.size(); }
  std::size_t approx_bytes() const;

 private:
  std::deque<std::string> text_;  // by id; a deque, so growing moves no string
  FlatIds ids_;
};

class Ordering {
 public:
  explicit Ordering(const versions::VersionScheme* scheme) : scheme_(scheme) {}
  const versions::VersionScheme* scheme() const { return scheme_; }

  // Asks for id to be placed at the next refresh (idempotent).
  void note(VersionId id);
  bool dirty() const { return !pending_.empty(); }
  // Validates and places every noted version. Cost: one validation per
  // new version, and either a binary search per new version or, when many
  // are new, one sort and a relabelling.
  void refresh(const VersionTable& t);
  // Changes whenever existing labels were reassigned.
  std::uint64_t generation() const { return generation_; }

  // After refresh(): the position of a noted id, or kInvalidPosition when
  // the scheme rejects the version.
  Position position(VersionId id) const { return pos_[id]; }
  // Whether id was noted and refreshed (placed or found invalid).
  bool decided(VersionId id) const { return id < pos_.size() && pos_[id] != kUnplaced && pos_[id] != kPending; }
  // The position of any text, placed or not (a binary search with the
  // scheme's compare); kInvalidPosition when the scheme rejects it.
  Position position_of_text(const VersionTable& t, std::string_view v) const;
  // The number of valid placed versions.
  std::size_t size() const { return sorted_.size(); }

  std::size_t approx_bytes() const;

 private:
  static constexpr Position kUnplaced = kInvalidPosition - 1;
  static constexpr Position kPending = kInvalidPosition - 2;
  int compare(std::string_view a, std::string_view b) const;
  void relabel();

  // A placed version's text kept beside sorted_ when it is short (most
  // are): position_of_text's binary search then reads one array instead of
  // following sorted_ -> the table's deque -> the string at every step, each
  // a cache miss on a large index.
  struct ShortText {
    static constexpr std::uint8_t kLong = 0xff;
    char s[15];
    std::uint8_t n = kLong;  // length, or kLong: read the table
  };
  static ShortText short_text(std::string_view v);
  std::string_view text_at(const VersionTable& t, std::size_t i) const {
    const ShortText& x = sorted_text_[i];
    return x.n != ShortText::kLong ? std::string_view(x.s, x.n) : std::string_view(t.text(sorted_[i]));
  }

  const versions::VersionScheme* scheme_;
  std::uint64_t generation_ = 0;
  std::vector<Position> pos_;           // per version id: label, kInvalidPosition, kUnplaced or kPending
  std::vector<VersionId> sorted_;       // valid placed ids in order
  std::vector<ShortText> sorted_text_;  // per sorted_ slot: its text when short
  std::vector<std::uint8_t> tie_prev_;  // per sorted_ slot: equal to the one before it
  std::vector<VersionId> pending_;
};

}  // namespace loudong::match
