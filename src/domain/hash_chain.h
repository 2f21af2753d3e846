// Hash chains (the receipt log, R-RECEIPT-LOG, and the access log): each
// entry's hash covers its own fields and the previous entry's hash, so
// changing, removing or reordering any entry breaks the chain at that point.
// A log that drops old entries keeps an anchor (the last dropped entry's
// sequence number and hash) so the rest still verifies.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

namespace loudong::domain {

inline const std::string kGenesisHash(64, '0');

struct ChainAnchor {
  std::int64_t seq = 0;  // last dropped entry (0: nothing dropped)
  std::string hash = kGenesisHash;
};

// The canonical encoding an entry's hash covers: a version tag, then every
// field length-prefixed, so no choice of field contents can collide with
// another entry's encoding.
class CanonicalFields {
 public:
  explicit CanonicalFields(std::string_view tag) : s_(tag) {}
  CanonicalFields& put(std::string_view v);
  CanonicalFields& put(std::int64_t v) { return put(std::string_view(std::to_string(v))); }
  std::string sha256_hex() const;

 private:
  std::string s_;
};

// Fills an entry's seq, prev_hash and hash to follow `head` (the last entry,
// or the anchor of an empty log). `chain_hash(entry)` is the entry type's
// hash over its fields and prev_hash (found next to the type).
template <class Entry>
void chain_after(Entry& e, const ChainAnchor& head) {
  e.seq = head.seq + 1;
  e.prev_hash = head.hash;
  e.hash = chain_hash(e);
}

// Fed entries in sequence order; reports the first break. `noun` names an
// entry in the messages ("record", "entry").
class ChainVerifier {
 public:
  explicit ChainVerifier(ChainAnchor anchor, std::string noun = "record");
  // False once a break is found; later entries are ignored.
  template <class Entry>
  bool add(const Entry& e) {
    return add_link(e.seq, e.prev_hash, e.hash, ok() ? chain_hash(e) : std::string());
  }
  bool add_link(std::int64_t seq, const std::string& prev_hash, const std::string& hash, const std::string& recomputed);
  // Marks the chain broken at `seq` for a reason found outside the links.
  void fail(std::int64_t seq, std::string why);
  bool ok() const { return problem_.empty(); }
  std::int64_t broken_seq() const { return broken_seq_; }  // the first entry that fails
  const std::string& problem() const { return problem_; }
  std::int64_t checked() const { return checked_; }
  std::int64_t head_seq() const { return expected_seq_ - 1; }
  const std::string& head_hash() const { return prev_hash_; }

 private:
  std::string noun_;
  std::int64_t expected_seq_;
  std::string prev_hash_;
  std::int64_t checked_ = 0;
  std::int64_t broken_seq_ = 0;
  std::string problem_;
};

}  // namespace loudong::domain
