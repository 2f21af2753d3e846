// The CSAF signing key (services/csaf_signing.h) and the signed provider
// tree (services/csaf_provider.h) on both backends: one key, made once and
// kept sealed; a key another seal.key cannot open is replaced; every
// document's .asc is the signature of exactly the bytes served for it.
// gpg checks the same files end to end in tests/integration/exports-provider.test.mjs.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "advisory_services_fixture.h"
#include "services/csaf_provider.h"
#include "services/csaf_signing.h"

namespace loudong::services {
namespace {

namespace pgp = formats::openpgp;

class CsafSigning : public AdvisoryServicesTest {
 protected:
  void SetUp() override {
    AdvisoryServicesTest::SetUp();
    // Not on a whole second: the key's creation time is truncated to one.
    clock_.advance(std::chrono::microseconds(250));
  }
  std::string stored() {
    return store_->read([](store::ReadTx& tx) { return tx.setting(kCsafKeySetting); }).value().value_or("");
  }
  Result<ProviderFile> file(const std::string& path) {
    return csaf_provider_file(*ctx_, path, {"https://psirt.example.cn", ""});
  }
};

TEST_P(CsafSigning, OneKeyMadeOnceAndKeptSealed) {
  auto none = store_->read([&](store::ReadTx& tx) { return read_csaf_signing_key(tx, ctx_->seal_key); });
  EXPECT_EQ(none.error().code(), "internal");
  auto first = ensure_csaf_signing_key(*ctx_);
  ASSERT_TRUE(first.ok()) << first.error().log_message();
  EXPECT_TRUE(first->created);
  EXPECT_EQ(first->key.created, store::at(100)) << "whole seconds";
  clock_.advance(std::chrono::hours(1));
  auto again = ensure_csaf_signing_key(*ctx_);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(again->created);
  EXPECT_EQ(pgp::fingerprint_hex(again->key), pgp::fingerprint_hex(first->key));
  EXPECT_EQ(again->key.created, first->key.created);

  // Sealed: the stored value names the key but holds no form of its seed.
  std::string value = stored();
  auto j = nlohmann::json::parse(value);
  EXPECT_EQ(j["fingerprint"], pgp::fingerprint_hex(first->key));
  std::string seed(reinterpret_cast<const char*>(first->key.secret.data()), 32);
  for (const std::string& form : {seed, crypto::hex(seed), crypto::base64_encode(seed)})
    EXPECT_EQ(value.find(form), std::string::npos);
}

TEST_P(CsafSigning, AKeyThisSealKeyCannotOpenIsReplaced) {
  auto first = ensure_csaf_signing_key(*ctx_);
  ASSERT_TRUE(first.ok());
  ctx_->seal_key = crypto::generate_seal_key();
  auto read = store_->read([&](store::ReadTx& tx) { return read_csaf_signing_key(tx, ctx_->seal_key); });
  ASSERT_FALSE(read.ok());
  // The fingerprint is for the server's log; the client sees "internal error".
  EXPECT_NE(read.error().log_message().find(pgp::fingerprint_hex(first->key)), std::string::npos)
      << read.error().log_message();
  auto second = ensure_csaf_signing_key(*ctx_);
  ASSERT_TRUE(second.ok());
  EXPECT_TRUE(second->created);
  EXPECT_EQ(second->replaced, pgp::fingerprint_hex(first->key));
  EXPECT_NE(pgp::fingerprint_hex(second->key), pgp::fingerprint_hex(first->key));
}

TEST_P(CsafSigning, TheTreeIsSignedFileByFile) {
  domain::Advisory a = sample(add_case("LD-2026-000001"), "LD-SA-2026-000001");
  a.publisher = "Acme PSIRT";
  ASSERT_TRUE((a.id = insert(a).value()) > 0);
  ASSERT_TRUE(publish(a, 1, store::at(10)).ok());
  EXPECT_EQ(file("provider-metadata.json").error().code(), "internal") << "no key yet";
  auto made = ensure_csaf_signing_key(*ctx_);
  ASSERT_TRUE(made.ok());
  const pgp::SigningKey& key = made->key;
  const std::string fp = pgp::fingerprint_hex(key);

  auto meta = file("provider-metadata.json");
  ASSERT_TRUE(meta.ok()) << meta.error().log_message();
  auto pm = nlohmann::json::parse(meta->body);
  EXPECT_EQ(pm["role"], "csaf_trusted_provider");
  EXPECT_EQ(pm["public_openpgp_keys"][0]["fingerprint"], fp);
  EXPECT_EQ(pm["public_openpgp_keys"][0]["url"], "https://psirt.example.cn/.well-known/csaf/openpgp/" + fp + ".asc");

  auto pub = file("openpgp/" + fp + ".asc");
  ASSERT_TRUE(pub.ok()) << pub.error().log_message();
  EXPECT_EQ(pub->content_type, "application/pgp-keys");
  EXPECT_EQ(pub->body, pgp::armored_public_key(key, "loudong CSAF <csaf@psirt.example.cn>"));
  EXPECT_EQ(pub->modified, key.created);
  std::string lower = fp;
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  EXPECT_EQ(file("openpgp/" + lower + ".asc").error().code(), "not_found");
  EXPECT_EQ(file("openpgp/0000000000000000000000000000000000000000.asc").error().code(), "not_found");

  const std::string doc = "clear/" + formats::csaf_path(a);
  auto body = file(doc), sig = file(doc + ".asc");
  ASSERT_TRUE(body.ok() && sig.ok());
  EXPECT_EQ(sig->content_type, "application/pgp-signature");
  EXPECT_EQ(sig->modified, body->modified);
  // Published before the key was made: dated when the key was (gpg refuses
  // a signature older than its key).
  EXPECT_EQ(sig->body, pgp::armored_signature(key, body->body, key.created));
  auto meta_sig = file("provider-metadata.json.asc");
  ASSERT_TRUE(meta_sig.ok());
  EXPECT_EQ(meta_sig->body, pgp::armored_signature(key, meta->body, key.created));
  for (const std::string& no : {doc + ".sha256.asc", std::string("clear/index.txt.asc"), std::string("feed-tlp-white.json.asc"),
                                std::string("clear/2026/none.json.asc")})
    EXPECT_EQ(file(no).error().code(), "not_found") << no;

  // Published after the key: dated at the revision, and changed with it.
  ASSERT_TRUE(publish(a, 2, store::at(500)).ok());
  auto body2 = file(doc), sig2 = file(doc + ".asc");
  ASSERT_TRUE(body2.ok() && sig2.ok());
  EXPECT_NE(sig2->body, sig->body);
  EXPECT_EQ(sig2->body, pgp::armored_signature(key, body2->body, store::at(500)));
}

INSTANTIATE_TEST_SUITE_P(Backends, CsafSigning, store::test::kBackends, store::test::backend_name);

}  // namespace
}  // namespace loudong::services
