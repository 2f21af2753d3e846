// The deployment's OpenPGP key that signs the CSAF provider tree (CSAF 2.0
// requirements 19 and 20; formats/openpgp.h makes the packets).
//
// One key per deployment, kept in the database's settings (kCsafKeySetting:
// {"created", "fingerprint", "seed"}, the 32-byte Ed25519 seed sealed with
// seal.key), so every process serving one PostgreSQL signs with the same key
// and lists the same fingerprint. The seed is never logged and never served:
// only the public key and signatures leave. Signatures are made when a file
// is served, never stored, so a replaced key loses no signature: consumers
// fetch the new public key from provider-metadata.json.
#pragma once

#include <string>

#include "formats/openpgp.h"
#include "services/common.h"

namespace loudong::services {

inline constexpr const char* kCsafKeySetting = "csaf_openpgp_key";

struct CsafKeyOpened {
  formats::openpgp::SigningKey key;
  bool created = false;
  // The fingerprint of a stored key that this seal.key cannot open, which
  // the new key replaced ("" when none was). cli/runtime.cpp only lets a
  // different seal.key through when nothing else is sealed, i.e. a new
  // deployment; the caller logs it.
  std::string replaced;
};

// At start (cli/runtime.cpp): the stored key, or a new one made now (its
// creation time: the clock's, to the second) when none is stored or the
// stored one does not open. One write transaction: two processes starting
// together keep one key.
Result<CsafKeyOpened> ensure_csaf_signing_key(Context& ctx);

// The stored key, read in the caller's transaction; internal error when
// there is none or it does not open (the server makes one at start).
Result<formats::openpgp::SigningKey> read_csaf_signing_key(store::ReadTx& tx, const crypto::SealKey& seal_key);

}  // namespace loudong::services
