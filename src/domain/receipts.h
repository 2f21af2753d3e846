// The receipt log's hash chain (R-RECEIPT-LOG, design.md "Receipt record").
//
// Every receipt on any channel becomes a record whose hash covers its own
// fields and the previous record's hash, so changing or deleting any record
// breaks the chain at that point. Purging old records keeps an anchor (the
// last purged record's sequence number and hash) so the rest still verifies.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/clock.h"
#include "domain/entities.h"
#include "domain/hash_chain.h"
#include "domain/types.h"

namespace loudong::domain {

struct ReceiptRecord {
  std::int64_t seq = 0;
  Time at{};
  Channel channel = Channel::web;
  std::string submitter;       // user name, "anonymous <email-hash>", or peer id
  std::string source_address;  // IP address, mailbox, or peer URL
  std::string content_sha256;  // of the content exactly as received
  std::string subject;         // what it created, e.g. "report:42"
  std::string prev_hash;
  std::string hash;
  // What intake stored from this receipt, hashed (report_content_hash for
  // a report): verify recomputes it from the stored rows, so an edited
  // report no longer matches its receipt. Empty in records written before
  // it existed (schema 9); those hash as v1.
  std::string stored_sha256;
};

// SHA-256 (hex) of a report as stored: every field a finder sent and intake
// kept (the verification text in plain, not its sealed bytes, so re-sealing
// under another key changes nothing), and per attachment its name, type,
// size and the SHA-256 of its content. Not the state, case or timestamps of
// later handling: those change by design.
std::string report_content_hash(const Report& r, std::string_view verification,
                                const std::vector<Attachment>& attachments);

// The hash of a record's fields and prev_hash (its own `hash` is ignored).
std::string receipt_hash(const ReceiptRecord& r);
inline std::string chain_hash(const ReceiptRecord& r) { return receipt_hash(r); }

// Fills seq, prev_hash and hash for a new record following `last` (or the
// anchor when the log is empty).
void chain_receipt(ReceiptRecord& r, const ChainAnchor& anchor, const std::optional<ReceiptRecord>& last);

}  // namespace loudong::domain
