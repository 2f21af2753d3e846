// Ids keyed by strings that the caller keeps (a package's key, a version's
// text), in one open-addressing array: a lookup on a large index reads one
// 8-byte slot and the key it names, where std::unordered_map read a bucket,
// a node and the key, each a cache miss. The caller may compute the hash
// first and prefetch() the slot, so the misses of a batch of lookups
// overlap (a scan looks up 10,000 unrelated packages).
//
// Ids are never removed (the index keeps every package and version it has
// seen). key_of(id) must return the key inserted with id. Not thread-safe;
// const members may be called from many threads at once.
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

namespace loudong::match {

class FlatIds {
 public:
  static constexpr std::uint32_t kNone = 0xffffffffu;

  static std::uint64_t hash(std::string_view key) { return std::hash<std::string_view>{}(key); }

  void prefetch(std::uint64_t h) const {
    if (!slots_.empty()) __builtin_prefetch(&slots_[tag_of(h) & mask()]);
  }

  // The id of key (hash h), or kNone.
  template <class KeyOf>
  std::uint32_t find(std::string_view key, std::uint64_t h, KeyOf key_of) const {
    if (slots_.empty()) return kNone;
    const std::uint32_t tag = tag_of(h);
    for (std::size_t i = tag & mask();; i = (i + 1) & mask()) {
      const Slot& s = slots_[i];
      if (s.id == kNone) return kNone;
      if (s.tag == tag && key_of(s.id) == key) return s.id;
    }
  }

  // The id of key, adding it as new_id when absent; *added says which.
  template <class KeyOf>
  std::uint32_t insert(std::string_view key, std::uint64_t h, std::uint32_t new_id, KeyOf key_of, bool* added) {
    if ((size_ + 1) * 8 > slots_.size() * 7) grow();  // at most 7/8 full
    const std::uint32_t tag = tag_of(h);
    for (std::size_t i = tag & mask();; i = (i + 1) & mask()) {
      Slot& s = slots_[i];
      if (s.id == kNone) {
        s = Slot{tag, new_id};
        ++size_;
        *added = true;
        return new_id;
      }
      if (s.tag == tag && key_of(s.id) == key) {
        *added = false;
        return s.id;
      }
    }
  }

  std::size_t size() const { return size_; }
  std::size_t approx_bytes() const { return slots_.capacity() * sizeof(Slot); }

 private:
  // The slot index comes from the tag, so growing needs no key or hash.
  struct Slot {
    std::uint32_t tag = 0;  // the hash's high half
    std::uint32_t id = kNone;
  };
  static std::uint32_t tag_of(std::uint64_t h) { return static_cast<std::uint32_t>(h >> 32); }
  std::size_t mask() const { return slots_.size() - 1; }

  void grow() {
    std::vector<Slot> old;
    old.swap(slots_);
    slots_.assign(old.empty() ? 8 : old.size() * 2, Slot{});
    for (const Slot& s : old) {
      if (s.id == kNone) continue;
      std::size_t i = s.tag & mask();
      while (slots_[i].id != kNone) i = (i + 1) & mask();
      slots_[i] = s;
    }
  }

  std::vector<Slot> slots_;  // a power of two in size, or empty
  std::size_t size_ = 0;
};

}  // namespace loudong::match
