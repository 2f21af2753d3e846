// What verifying a whole hash chain found (the receipt log's and the access
// log's verify): how far it holds, its head, and the first broken entry.
#pragma once

#include <cstdint>
#include <string>

#include "domain/hash_chain.h"

namespace loudong::services {

struct ChainCheck {
  bool ok = false;
  std::int64_t checked = 0;
  std::int64_t first_broken_seq = 0;  // 0 when ok
  std::string problem;
  std::int64_t head_seq = 0;
  std::string head_hash;  // keep it outside loudong to detect truncation later
};

inline ChainCheck chain_check(const domain::ChainVerifier& v) {
  return {v.ok(), v.checked(), v.broken_seq(), v.problem(), v.head_seq(), v.head_hash()};
}

}  // namespace loudong::services
