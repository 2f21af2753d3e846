// Cryptographic primitives, all from libsodium and OpenSSL.
//
// Call init() once before anything else (it is idempotent and thread-safe).
#pragma once

#include <array>
#include <string>
#include <string_view>

#include "core/result.h"

namespace loudong::crypto {

// Fails only when libsodium cannot initialise (no entropy source).
Status init();

// Lower-case hex SHA-256 of the bytes.
std::string sha256_hex(std::string_view bytes);
// Lower-case hex SHA-512 of the bytes (CSAF documents' .sha512 files).
std::string sha512_hex(std::string_view bytes);
// Raw digests (20 and 32 bytes), for OpenPGP packets (formats/openpgp.h):
// SHA-1 only because a v4 key's fingerprint is defined with it.
std::string sha1(std::string_view bytes);
std::string sha256(std::string_view bytes);

std::string random_bytes(size_t bytes);

// A fresh random token: `bytes` random bytes as URL-safe base64 without padding.
std::string random_token(size_t bytes = 32);

// Argon2id (libsodium's crypto_pwhash_str, moderate limits): the encoded
// string contains salt and parameters. verify_password is constant-time in
// the secret and false for any malformed hash.
Result<std::string> hash_password(std::string_view password);
bool verify_password(std::string_view encoded_hash, std::string_view password);

// HMAC-SHA256 as lower-case hex, e.g. for webhook signatures.
std::string hmac_sha256_hex(std::string_view key, std::string_view message);

// HMAC-SHA1 as raw bytes (20): only for TOTP (RFC 6238), whose
// authenticator apps expect SHA-1.
std::string hmac_sha1(std::string_view key, std::string_view message);

bool constant_time_equal(std::string_view a, std::string_view b);

// Sealed fields: XSalsa20-Poly1305 (crypto_secretbox) with a random nonce
// prepended. The key is 32 bytes from the data directory's key file.
using SealKey = std::array<unsigned char, 32>;
SealKey generate_seal_key();
std::string seal(const SealKey& key, std::string_view plaintext);
// Fails when the ciphertext was altered or sealed with another key.
Result<std::string> unseal(const SealKey& key, std::string_view sealed);

// Ed25519 (libsodium crypto_sign) for signed checkpoints of the receipt
// log's head: the secret key is 64 bytes (seed and public key, libsodium's
// layout), the public key its last 32.
using SignSecretKey = std::array<unsigned char, 64>;
using SignPublicKey = std::array<unsigned char, 32>;
SignSecretKey generate_sign_key();
// The key pair of a 32-byte seed (fixed keys for tests); invalid for another size.
Result<SignSecretKey> sign_key_from_seed(std::string_view seed);
SignPublicKey sign_public_key(const SignSecretKey& sk);
std::string sign_detached(const SignSecretKey& sk, std::string_view message);  // 64 bytes
bool verify_detached(const SignPublicKey& pk, std::string_view message, std::string_view signature);

std::string hex(std::string_view bytes);  // lower case
Result<std::string> unhex(std::string_view text);

std::string base64_encode(std::string_view bytes);
Result<std::string> base64_decode(std::string_view text);  // standard alphabet, padding optional

}  // namespace loudong::crypto
