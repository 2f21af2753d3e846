// Signed checkpoints of the receipt log's head (R-RECEIPT-LOG).
//
// The hash chain proves that no record was changed in place, but whoever
// can write the database can also delete the newest records, or rewrite the
// chain from some record on and recompute every later hash: the result is a
// chain that verifies. What catches both is a head hash kept somewhere the
// database cannot change. So the server signs the head (sequence number and
// hash) with an Ed25519 key kept in a file beside seal.key, never in the
// database, and appends the signed checkpoint to DATA/receipts.checkpoints
// (one JSON object a line; make it append-only with `chattr +a`) and to the
// server log. `receipts verify` checks every checkpoint's signature and that
// the chain still holds each checkpointed record with the same hash; an
// auditor who keeps the public key and a head outside the machine can also
// check a copy of the file, or pass the head to `--expect-head`.
#pragma once

#include <cstdint>
#include <filesystem>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "core/result.h"
#include "crypto/crypto.h"

namespace loudong::services {

struct Checkpoint {
  std::int64_t seq = 0;   // the head record when signed (0: the log was empty)
  std::string hash;       // its hash
  std::string at;         // when it was signed, RFC 3339 UTC
  std::string key;        // hex of the Ed25519 public key that signed it
  std::string signature;  // hex of the signature over checkpoint_message()
  std::size_t line = 0;   // in the file, from 1 (0 when not read from a file)
};

// {"seq","hash","at","key","sig"}: a line of the file, and what the API and
// the CLI show.
nlohmann::json checkpoint_json(const Checkpoint& c);

// "loudong-receipt-checkpoint-v1\n<seq>\n<hash>\n<at>\n": what is signed.
std::string checkpoint_message(std::int64_t seq, const std::string& hash, const std::string& at);

class CheckpointLog {
 public:
  // Opens DATA/receipts.key and DATA/receipts.checkpoints. A missing key is
  // created (mode 0600), unless the file holds checkpoints: then the key
  // they were signed with is gone, and the log could never be checked
  // against them again, so opening fails with what to do. A key that is not
  // the one the last checkpoint names fails the same way.
  static Result<std::unique_ptr<CheckpointLog>> open(const std::filesystem::path& data_dir);

  // The public key, hex: what an auditor pins.
  const std::string& key_id() const { return key_id_; }
  const std::filesystem::path& file() const { return file_; }

  // Every checkpoint in file order; a line that is not a checkpoint fails,
  // naming it.
  Result<std::vector<Checkpoint>> read() const { return read_file(file_); }
  // The same from another copy (an auditor's, kept off the machine).
  Result<std::vector<Checkpoint>> read_file(const std::filesystem::path& file) const;
  // The newest `n`, newest first.
  Result<std::vector<Checkpoint>> latest(std::size_t n) const;
  // Signs and appends a checkpoint of the head (seq, hash), unless the last
  // one written names the same head; returns it when one was written. Safe
  // from several threads and processes (an exclusive lock on the file).
  Result<std::optional<Checkpoint>> append(std::int64_t seq, const std::string& hash, Time now);
  // Whether a checkpoint's signature is valid for this deployment's key.
  bool valid(const Checkpoint& c) const;

 private:
  CheckpointLog(std::filesystem::path file, crypto::SignSecretKey sk);
  std::filesystem::path file_;
  crypto::SignSecretKey sk_;
  crypto::SignPublicKey pk_;
  std::string key_id_;
  std::mutex mu_;
};

}  // namespace loudong::services
