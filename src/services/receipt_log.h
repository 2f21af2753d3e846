// The receipt log (R-RECEIPT-LOG): verify the chain, purge what is past the
// retention, list records for auditors.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "services/common.h"

namespace loudong::services {

struct VerifyResult {
  bool ok = false;
  std::int64_t checked = 0;
  std::int64_t first_broken_seq = 0;  // 0 when ok
  std::string problem;
  std::int64_t head_seq = 0;
  std::string head_hash;  // keep this outside loudong to detect truncation later
  std::int64_t anchor_seq = 0;
  std::vector<std::int64_t> reports_without_receipt;
};

struct PurgeResult {
  std::int64_t removed = 0;
  std::int64_t anchor_seq = 0;
};

class ReceiptLog {
 public:
  explicit ReceiptLog(Context& ctx) : ctx_(ctx) {}
  // Reads the whole chain in order; also checks that every report's receipt
  // is present (which catches deleting the newest record).
  Result<VerifyResult> verify();
  // Removes records older than `before`, refusing any cut younger than the
  // retention (policy.receipt_retention_days). Only a verified chain is cut.
  Result<PurgeResult> purge(Time before);
  Result<store::Page<domain::ReceiptRecord>> list(const Caller& c, const store::ReceiptFilter& f);

 private:
  Context& ctx_;
};

}  // namespace loudong::services
