#include "domain/hash_chain.h"

#include "crypto/crypto.h"

namespace loudong::domain {

CanonicalFields& CanonicalFields::put(std::string_view v) {
  s_ += '\n';
  s_ += std::to_string(v.size());
  s_ += ':';
  s_ += v;
  return *this;
}

std::string CanonicalFields::sha256_hex() const { return crypto::sha256_hex(s_); }

ChainVerifier::ChainVerifier(ChainAnchor anchor, std::string noun)
    : noun_(std::move(noun)), expected_seq_(anchor.seq + 1), prev_hash_(std::move(anchor.hash)) {}

void ChainVerifier::fail(std::int64_t seq, std::string why) {
  if (!ok()) return;
  broken_seq_ = seq;
  problem_ = std::move(why);
}

bool ChainVerifier::add_link(std::int64_t seq, const std::string& prev_hash, const std::string& hash,
                             const std::string& recomputed) {
  if (!ok()) return false;
  const std::string n = noun_ + " ";
  if (seq != expected_seq_) {
    fail(expected_seq_, seq > expected_seq_ ? n + std::to_string(expected_seq_) + " is missing (next present is " +
                                                  std::to_string(seq) + ")"
                                            : n + std::to_string(seq) + " is out of order");
    return false;
  }
  if (prev_hash != prev_hash_) {
    fail(seq, n + std::to_string(seq) + " does not link to the previous " + noun_ + "'s hash");
    return false;
  }
  if (recomputed != hash) {
    fail(seq, n + std::to_string(seq) + " was altered: its content does not match its hash");
    return false;
  }
  ++checked_;
  ++expected_seq_;
  prev_hash_ = hash;
  return true;
}

}  // namespace loudong::domain
