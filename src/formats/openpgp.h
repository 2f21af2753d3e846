// OpenPGP for the CSAF trusted provider (CSAF 2.0 requirements 19 and 20):
// one v4 Ed25519 signing key and detached signatures that `gpg --verify`
// accepts. Writer only: loudong never reads OpenPGP.
//
// What is written (RFC 4880 with RFC 9580's legacy EdDSA for v4 keys, the
// form GnuPG makes for "ed25519" keys):
// - the public key packet (tag 6): version 4, creation time, algorithm 22
//   (EdDSALegacy), curve OID 1.3.6.1.4.1.11591.15.1, the point as the MPI
//   0x40 || the 32-byte public key;
// - a user id packet (tag 13) and its positive certification (0x13) by the
//   key itself, made at the key's creation time, flags certify + sign;
// - detached signatures of type 0x00 (binary document) over the exact bytes,
//   SHA-256, hashed subpackets creation time (2) and issuer fingerprint
//   (33), unhashed issuer key id (16); r and s as MPIs. EdDSA signs the
//   SHA-256 digest of data || hashed part || 0x04 0xFF || length.
// New-format packet headers; ASCII armor with the CRC-24 checksum line.
//
// Pure: no clock (times are parameters, whole seconds), no disk, no
// randomness (Ed25519 is deterministic), so the same key, bytes and time
// give the same armored text: the served files keep their ETag.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/clock.h"
#include "crypto/crypto.h"

namespace loudong::formats::openpgp {

struct SigningKey {
  crypto::SignSecretKey secret;  // libsodium's layout: seed || public key
  Time created{};                // part of the fingerprint: never changes for a key
};

// The public key packet's body (what the fingerprint hashes).
std::string public_key_body(const SigningKey& key);
// The v4 fingerprint: SHA-1 of 0x99 || length (2) || public_key_body, 20 bytes.
std::string fingerprint(const SigningKey& key);
// The same as 40 upper-case hex digits, as gpg prints it and CSAF's
// public_openpgp_keys carries it.
std::string fingerprint_hex(const SigningKey& key);
// The key id: the fingerprint's last 8 bytes.
std::string key_id(const SigningKey& key);

// The transferable public key: public key packet, user id packet ("Name
// <mail>", UTF-8) and its self-certification made at key.created. Binary.
std::string public_key_block(const SigningKey& key, std::string_view user_id);

// A detached signature (type 0x00) of `data`, made at `at`. Binary.
std::string detached_signature(const SigningKey& key, std::string_view data, Time at);

// CRC-24 of RFC 4880 section 6.1 (init 0xB704CE, polynomial 0x1864CFB).
std::uint32_t crc24(std::string_view bytes);

// ASCII armor: "-----BEGIN PGP <kind>-----", a blank line, base64 in lines
// of 64, "=" and the base64 CRC-24, "-----END PGP <kind>-----", LF line
// ends. kind: "PUBLIC KEY BLOCK" or "SIGNATURE".
std::string armor(std::string_view kind, std::string_view bytes);

// armor("PUBLIC KEY BLOCK", public_key_block(...)) and
// armor("SIGNATURE", detached_signature(...)): what is served as .asc.
std::string armored_public_key(const SigningKey& key, std::string_view user_id);
std::string armored_signature(const SigningKey& key, std::string_view data, Time at);

}  // namespace loudong::formats::openpgp
