// The receipt log (R-RECEIPT-LOG): verify the chain, purge what is past the
// retention, list records for auditors.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "services/chain_check.h"
#include "services/common.h"
#include "services/receipt_checkpoints.h"

namespace loudong::services {

struct VerifyResult : ChainCheck {
  std::int64_t anchor_seq = 0;
  std::vector<std::int64_t> reports_without_receipt;
  // Reports whose stored content was recomputed and matched their receipt,
  // and those received before receipts carried a content hash (schema 9).
  std::int64_t reports_checked = 0;
  std::int64_t reports_without_content_hash = 0;
  // Signed checkpoints checked, the newest of them, and the public key
  // they must be signed with (what an auditor pins).
  std::int64_t checkpoints_checked = 0;
  std::optional<Checkpoint> latest_checkpoint;
  std::string signing_key;
};

struct PurgeResult {
  std::int64_t removed = 0;
  std::int64_t anchor_seq = 0;
};

class ReceiptLog {
 public:
  // Without a checkpoint log (unit tests of the chain alone) nothing is
  // signed and verify checks no checkpoints.
  explicit ReceiptLog(Context& ctx, CheckpointLog* checkpoints = nullptr) : ctx_(ctx), checkpoints_(checkpoints) {}
  // Reads the whole chain in order and checks that every report's receipt
  // is present; recomputes each report's content hash (its fields, its
  // verification unsealed, its attachments' contents) against the one in
  // its receipt; and checks every signed checkpoint: its signature, and that
  // the chain still holds the record it names with the same hash (which
  // catches deleting the newest records and rewriting the chain).
  // `checkpoints_file`: check against that copy of the checkpoints (an
  // auditor's) instead of the data directory's.
  Result<VerifyResult> verify(const std::optional<std::filesystem::path>& checkpoints_file = std::nullopt);
  // Signs the current head into the checkpoint log unless it is already the
  // last checkpoint; returns the new checkpoint, if one was written.
  Result<std::optional<Checkpoint>> checkpoint();
  // The newest signed checkpoints (newest first), for auditors.
  Result<std::vector<Checkpoint>> checkpoints(const Caller& c, std::size_t n);
  const CheckpointLog* checkpoint_log() const { return checkpoints_; }
  // Removes records older than `before`, refusing any cut younger than the
  // retention (policy.receipt_retention_days). Only a verified chain is cut.
  Result<PurgeResult> purge(Time before);
  Result<store::Page<domain::ReceiptRecord>> list(const Caller& c, const store::ReceiptFilter& f);

 private:
  Context& ctx_;
  CheckpointLog* checkpoints_;
};

}  // namespace loudong::services
