#include "formats/openpgp.h"

#include <cctype>

namespace loudong::formats::openpgp {

namespace {

constexpr unsigned char kVersion = 4;
constexpr unsigned char kEdDsaLegacy = 22;
constexpr unsigned char kSha256 = 8;
// 1.3.6.1.4.1.11591.15.1 (Ed25519Legacy), DER without tag and length.
constexpr std::string_view kEd25519Oid = "\x2B\x06\x01\x04\x01\xDA\x47\x0F\x01";

enum Tag : unsigned char { kSignatureTag = 2, kPublicKeyTag = 6, kUserIdTag = 13 };
enum SigType : unsigned char { kBinary = 0x00, kPositiveCert = 0x13 };
enum Sub : unsigned char {
  kCreated = 2, kPreferredSymmetric = 11, kIssuer = 16, kPreferredHash = 21, kKeyFlags = 27, kFeatures = 30,
  kIssuerFingerprint = 33,
};

void put_u16(std::string& out, std::size_t v) {
  out += static_cast<char>((v >> 8) & 0xFF);
  out += static_cast<char>(v & 0xFF);
}

void put_u32(std::string& out, std::uint64_t v) {
  for (int shift = 24; shift >= 0; shift -= 8) out += static_cast<char>((v >> shift) & 0xFF);
}

// Seconds since 1970 as OpenPGP's 4-octet time; before 1970 is 0, after 2106 the maximum.
std::uint32_t seconds(Time t) {
  std::int64_t s = to_micros(t) / 1000000;
  if (s < 0) return 0;
  return s > 0xFFFFFFFFLL ? 0xFFFFFFFFu : static_cast<std::uint32_t>(s);
}

// A multiprecision integer: bit count (2 octets), then the big-endian bytes
// without leading zeros.
std::string mpi(std::string_view bytes) {
  std::size_t i = 0;
  while (i < bytes.size() && bytes[i] == '\0') ++i;
  bytes.remove_prefix(i);
  std::size_t bits = 0;
  if (!bytes.empty()) {
    auto top = static_cast<unsigned char>(bytes[0]);
    bits = (bytes.size() - 1) * 8;
    while (top) {
      ++bits;
      top >>= 1;
    }
  }
  std::string out;
  put_u16(out, bits);
  out += bytes;
  return out;
}

// A new-format packet (RFC 4880 4.2.2).
std::string packet(Tag tag, std::string_view body) {
  std::string out(1, static_cast<char>(0xC0 | tag));
  const std::size_t n = body.size();
  if (n < 192) {
    out += static_cast<char>(n);
  } else if (n < 8384) {
    out += static_cast<char>(((n - 192) >> 8) + 192);
    out += static_cast<char>((n - 192) & 0xFF);
  } else {
    out += static_cast<char>(0xFF);
    put_u32(out, n);
  }
  out += body;
  return out;
}

std::string subpacket(Sub type, std::string_view data) {
  // Every subpacket here is shorter than 192 octets: a one-octet length.
  std::string out(1, static_cast<char>(data.size() + 1));
  out += static_cast<char>(type);
  out += data;
  return out;
}

std::string time_data(Time t) {
  std::string out;
  put_u32(out, seconds(t));
  return out;
}

// The key as a hash input for certifications and the fingerprint.
std::string key_hash_prefix(const SigningKey& key) {
  std::string body = public_key_body(key);
  std::string out(1, '\x99');
  put_u16(out, body.size());
  return out + body;
}

// A v4 signature packet over `prefix` (the data the type signs).
std::string signature_packet(const SigningKey& key, SigType type, std::string_view prefix, std::string hashed_subs) {
  std::string fp = fingerprint(key);
  hashed_subs += subpacket(kIssuerFingerprint, std::string(1, static_cast<char>(kVersion)) + fp);
  std::string hashed{static_cast<char>(kVersion), static_cast<char>(type), static_cast<char>(kEdDsaLegacy),
                     static_cast<char>(kSha256)};
  put_u16(hashed, hashed_subs.size());
  hashed += hashed_subs;
  std::string trailer{static_cast<char>(kVersion), '\xFF'};
  put_u32(trailer, hashed.size());
  std::string digest = crypto::sha256(std::string(prefix) + hashed + trailer);
  // EdDSA signs the digest; r and s are the signature's halves.
  std::string sig = crypto::sign_detached(key.secret, digest);
  std::string unhashed = subpacket(kIssuer, fp.substr(12));
  std::string body = hashed;
  put_u16(body, unhashed.size());
  body += unhashed;
  body += digest.substr(0, 2);
  body += mpi(std::string_view(sig).substr(0, 32));
  body += mpi(std::string_view(sig).substr(32, 32));
  return packet(kSignatureTag, body);
}

}  // namespace

std::string public_key_body(const SigningKey& key) {
  std::string body(1, static_cast<char>(kVersion));
  put_u32(body, seconds(key.created));
  body += static_cast<char>(kEdDsaLegacy);
  body += static_cast<char>(kEd25519Oid.size());
  body += kEd25519Oid;
  auto pk = crypto::sign_public_key(key.secret);
  // The native point encoding: 0x40, then the 32-byte public key.
  body += mpi("\x40" + std::string(reinterpret_cast<const char*>(pk.data()), pk.size()));
  return body;
}

std::string fingerprint(const SigningKey& key) { return crypto::sha1(key_hash_prefix(key)); }

std::string fingerprint_hex(const SigningKey& key) {
  std::string hex = crypto::hex(fingerprint(key));
  for (char& c : hex) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
  return hex;
}

std::string key_id(const SigningKey& key) { return fingerprint(key).substr(12); }

std::string public_key_block(const SigningKey& key, std::string_view user_id) {
  std::string uid_prefix(1, '\xB4');
  put_u32(uid_prefix, user_id.size());
  uid_prefix += user_id;
  std::string subs = subpacket(kCreated, time_data(key.created));
  subs += subpacket(kKeyFlags, "\x03");  // certify, sign
  subs += subpacket(kPreferredHash, "\x08\x0A");  // SHA-256, SHA-512
  subs += subpacket(kPreferredSymmetric, "\x09\x07");  // AES-256, AES-128
  subs += subpacket(kFeatures, "\x01");  // modification detection
  return packet(kPublicKeyTag, public_key_body(key)) + packet(kUserIdTag, user_id) +
         signature_packet(key, kPositiveCert, key_hash_prefix(key) + uid_prefix, subs);
}

std::string detached_signature(const SigningKey& key, std::string_view data, Time at) {
  return signature_packet(key, kBinary, data, subpacket(kCreated, time_data(at)));
}

std::uint32_t crc24(std::string_view bytes) {
  std::uint32_t crc = 0xB704CE;
  for (unsigned char c : bytes) {
    crc ^= static_cast<std::uint32_t>(c) << 16;
    for (int i = 0; i < 8; ++i) {
      crc <<= 1;
      if (crc & 0x1000000) crc ^= 0x1864CFB;
    }
  }
  return crc & 0xFFFFFF;
}

std::string armor(std::string_view kind, std::string_view bytes) {
  std::string out = "-----BEGIN PGP " + std::string(kind) + "-----\n\n";
  std::string b64 = crypto::base64_encode(bytes);
  for (std::size_t i = 0; i < b64.size(); i += 64) out += b64.substr(i, 64) + "\n";
  std::uint32_t crc = crc24(bytes);
  std::string crc_bytes{static_cast<char>(crc >> 16), static_cast<char>((crc >> 8) & 0xFF), static_cast<char>(crc & 0xFF)};
  out += "=" + crypto::base64_encode(crc_bytes) + "\n";
  out += "-----END PGP " + std::string(kind) + "-----\n";
  return out;
}

std::string armored_public_key(const SigningKey& key, std::string_view user_id) {
  return armor("PUBLIC KEY BLOCK", public_key_block(key, user_id));
}

std::string armored_signature(const SigningKey& key, std::string_view data, Time at) {
  return armor("SIGNATURE", detached_signature(key, data, at));
}

}  // namespace loudong::formats::openpgp
