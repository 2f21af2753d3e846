// The OpenPGP writer (formats/openpgp.h), checked against what does not
// come from it: CRC-24's published check value, a fingerprint computed
// apart from it (Python's hashlib over the RFC 8032 test key; gpg printed
// the same on import), and every signature verified by OpenSSL's Ed25519
// over the digest RFC 4880 5.2.4 defines, read back from the packet bytes.
// tests/integration/csaf-signatures.test.mjs verifies the served files with gpg.
#include "formats/openpgp.h"

#include <gtest/gtest.h>
#include <openssl/evp.h>

#include <memory>

#include "core/time.h"

namespace loudong::formats::openpgp {
namespace {

// RFC 8032 section 7.1, test 1.
SigningKey rfc8032_key(const char* created = "2026-01-01T00:00:00Z") {
  auto seed = crypto::unhex("9d61b19deffd5a60ba844af492ec2cc44449c5697b326919703bac031cae7f60");
  SigningKey k;
  k.secret = *crypto::sign_key_from_seed(*seed);
  k.created = *parse_time(created);
  return k;
}

std::string pk_bytes(const SigningKey& k) {
  auto pk = crypto::sign_public_key(k.secret);
  return std::string(reinterpret_cast<const char*>(pk.data()), pk.size());
}

// One new-format packet read from the front of `in`.
struct Packet {
  int tag = -1;
  std::string body;
};
Packet next_packet(std::string_view& in) {
  Packet p;
  if (in.size() < 2 || (static_cast<unsigned char>(in[0]) & 0xC0) != 0xC0) return p;
  p.tag = static_cast<unsigned char>(in[0]) & 0x3F;
  auto b = [&](std::size_t i) { return static_cast<std::size_t>(static_cast<unsigned char>(in[i])); };
  std::size_t len = b(1), head = 2;
  if (len >= 192 && len < 224) len = ((len - 192) << 8) + b(2) + 192, head = 3;
  else if (len == 255) len = (b(2) << 24) | (b(3) << 16) | (b(4) << 8) | b(5), head = 6;
  p.body = std::string(in.substr(head, len));
  in.remove_prefix(head + len);
  return p;
}

std::size_t u16(std::string_view s, std::size_t at) {
  return (static_cast<std::size_t>(static_cast<unsigned char>(s[at])) << 8) | static_cast<unsigned char>(s[at + 1]);
}

struct ReadSignature {
  unsigned type = 0, pk_algo = 0, hash_algo = 0;
  std::string hashed_part;  // version .. hashed subpackets: what the trailer closes
  std::string hashed_subs, unhashed_subs, left16, r, s;
};

// An MPI read back: the 32-byte big-endian field it was stripped from.
std::string read_mpi(std::string_view body, std::size_t& at) {
  std::size_t bits = u16(body, at), n = (bits + 7) / 8;
  std::string v(body.substr(at + 2, n));
  at += 2 + n;
  return std::string(32 - v.size(), '\0') + v;
}

ReadSignature read_signature(const std::string& body) {
  ReadSignature r;
  r.type = static_cast<unsigned char>(body[1]);
  r.pk_algo = static_cast<unsigned char>(body[2]);
  r.hash_algo = static_cast<unsigned char>(body[3]);
  std::size_t hn = u16(body, 4);
  r.hashed_subs = body.substr(6, hn);
  r.hashed_part = body.substr(0, 6 + hn);
  std::size_t un = u16(body, 6 + hn);
  r.unhashed_subs = body.substr(8 + hn, un);
  std::size_t at = 8 + hn + un;
  r.left16 = body.substr(at, 2);
  at += 2;
  r.r = read_mpi(body, at);
  r.s = read_mpi(body, at);
  EXPECT_EQ(at, body.size()) << "nothing after s";
  return r;
}

// OpenSSL's Ed25519 over the RFC 4880 5.2.4 digest of prefix || hashed part || trailer.
bool openssl_verifies(const SigningKey& k, const ReadSignature& sig, const std::string& prefix) {
  std::string trailer = "\x04\xFF";
  std::size_t n = sig.hashed_part.size();
  for (int shift = 24; shift >= 0; shift -= 8) trailer += static_cast<char>((n >> shift) & 0xFF);
  std::string digest = crypto::sha256(prefix + sig.hashed_part + trailer);
  if (digest.substr(0, 2) != sig.left16) return false;
  std::string pk = pk_bytes(k), raw = sig.r + sig.s;
  std::unique_ptr<EVP_PKEY, decltype(&EVP_PKEY_free)> key(
      EVP_PKEY_new_raw_public_key(EVP_PKEY_ED25519, nullptr, reinterpret_cast<const unsigned char*>(pk.data()), pk.size()),
      EVP_PKEY_free);
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  if (!key || !ctx || EVP_DigestVerifyInit(ctx.get(), nullptr, nullptr, nullptr, key.get()) != 1) return false;
  return EVP_DigestVerify(ctx.get(), reinterpret_cast<const unsigned char*>(raw.data()), raw.size(),
                          reinterpret_cast<const unsigned char*>(digest.data()), digest.size()) == 1;
}

std::string be32(std::uint32_t v) {
  return {static_cast<char>(v >> 24), static_cast<char>((v >> 16) & 0xFF), static_cast<char>((v >> 8) & 0xFF),
          static_cast<char>(v & 0xFF)};
}

TEST(OpenPgp, Crc24KnownValues) {
  EXPECT_EQ(crc24(""), 0xB704CEu);
  EXPECT_EQ(crc24("123456789"), 0x21CF02u);  // the CRC-24/OPENPGP check value
}

TEST(OpenPgp, ArmorLinesAndChecksum) {
  EXPECT_EQ(armor("SIGNATURE", "hello"), "-----BEGIN PGP SIGNATURE-----\n\naGVsbG8=\n=R/WK\n-----END PGP SIGNATURE-----\n");
  std::string text = armor("PUBLIC KEY BLOCK", std::string(100, 'x'));
  EXPECT_EQ(text.find("-----BEGIN PGP PUBLIC KEY BLOCK-----\n\n"), 0u);
  auto first = text.find("\n\n") + 2;
  EXPECT_EQ(text.find('\n', first) - first, 64u) << "base64 in lines of 64";
}

TEST(OpenPgp, FingerprintOfAFixedKey) {
  SigningKey k = rfc8032_key();
  EXPECT_EQ(crypto::hex(pk_bytes(k)), "d75a980182b10ab7d54bfed3c964073a0ee172f3daa62325af021a68f707511a");
  // hashlib.sha1(0x99 || len || body) over the RFC's public key, created 2026-01-01T00:00:00Z.
  EXPECT_EQ(fingerprint_hex(k), "1793EE01ECC39DC89057F111F29428F18C351437");
  EXPECT_EQ(crypto::hex(key_id(k)), "f29428f18c351437");
  std::string body = public_key_body(k);
  EXPECT_EQ(body.substr(0, 6), "\x04" + be32(1767225600) + "\x16");
  EXPECT_EQ(body.substr(6, 10), std::string("\x09\x2B\x06\x01\x04\x01\xDA\x47\x0F\x01", 10)) << "the Ed25519 OID";
  EXPECT_EQ(body.substr(16), std::string("\x01\x07\x40", 3) + pk_bytes(k)) << "263-bit MPI 0x40 || point";
  // The creation time is part of the key: another time, another fingerprint.
  EXPECT_NE(fingerprint_hex(rfc8032_key("2026-01-01T00:00:01Z")), fingerprint_hex(k));
}

TEST(OpenPgp, DetachedSignatureVerifiesWithOpenSSL) {
  SigningKey k = rfc8032_key();
  const std::string doc = "{\"document\": {\"title\": \"示例\"}}\n";
  Time at = *parse_time("2026-03-04T05:06:07Z");
  std::string_view bytes_in;
  std::string bin = detached_signature(k, doc, at);
  bytes_in = bin;
  Packet p = next_packet(bytes_in);
  ASSERT_EQ(p.tag, 2);
  EXPECT_TRUE(bytes_in.empty());
  ReadSignature sig = read_signature(p.body);
  EXPECT_EQ(sig.type, 0x00u);
  EXPECT_EQ(sig.pk_algo, 22u);
  EXPECT_EQ(sig.hash_algo, 8u);
  EXPECT_EQ(sig.hashed_subs, "\x05\x02" + be32(1772600767) + "\x16\x21\x04" + fingerprint(k));
  EXPECT_EQ(sig.unhashed_subs, "\x09\x10" + key_id(k));
  EXPECT_TRUE(openssl_verifies(k, sig, doc));
  std::string changed = doc;
  changed[3] ^= 1;
  EXPECT_FALSE(openssl_verifies(k, sig, changed));
  // Deterministic: the same file keeps its ETag.
  EXPECT_EQ(armored_signature(k, doc, at), armored_signature(k, doc, at));
  EXPECT_EQ(armored_signature(k, doc, at), armor("SIGNATURE", bin));
}

TEST(OpenPgp, LeadingZeroOctetsAreStrippedFromMpis) {
  // About one signature in 128 has r or s starting with a zero octet, which
  // an MPI leaves out; find one and check it still verifies.
  SigningKey k = rfc8032_key();
  bool found = false;
  for (int i = 0; i < 5000 && !found; ++i) {
    std::string doc = "document " + std::to_string(i);
    std::string bin = detached_signature(k, doc, k.created);
    std::string_view in = bin;
    ReadSignature sig = read_signature(next_packet(in).body);
    if (sig.r[0] != '\0' && sig.s[0] != '\0') continue;
    found = true;
    EXPECT_TRUE(openssl_verifies(k, sig, doc)) << doc;
  }
  EXPECT_TRUE(found);
}

TEST(OpenPgp, PublicKeyBlockIsSelfCertified) {
  SigningKey k = rfc8032_key();
  const std::string uid = "示例 PSIRT CSAF <psirt@example.cn>";
  std::string block = public_key_block(k, uid);
  std::string_view in = block;
  Packet key = next_packet(in), user = next_packet(in), cert = next_packet(in);
  EXPECT_TRUE(in.empty());
  ASSERT_EQ(key.tag, 6);
  EXPECT_EQ(key.body, public_key_body(k));
  ASSERT_EQ(user.tag, 13);
  EXPECT_EQ(user.body, uid);
  ASSERT_EQ(cert.tag, 2);
  ReadSignature sig = read_signature(cert.body);
  EXPECT_EQ(sig.type, 0x13u) << "positive certification";
  EXPECT_EQ(sig.hashed_subs.substr(0, 6), "\x05\x02" + be32(1767225600)) << "made when the key was";
  EXPECT_NE(sig.hashed_subs.find(std::string("\x02\x1B\x03", 3)), std::string::npos) << "flags certify + sign";
  std::string prefix = "\x99" + std::string(1, '\0') + static_cast<char>(key.body.size()) + key.body + "\xB4" +
                       be32(static_cast<std::uint32_t>(uid.size())) + uid;
  EXPECT_TRUE(openssl_verifies(k, sig, prefix));
  EXPECT_FALSE(openssl_verifies(k, sig, prefix + "x"));
}

}  // namespace
}  // namespace loudong::formats::openpgp
