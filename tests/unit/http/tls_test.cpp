// Loading the server's certificate and key (http/tls.h) from real PEM files
// made with OpenSSL: what starts, and what is refused with which words.
#include "http/tls.h"

#include <openssl/ssl.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "test_certs.h"

namespace loudong::http {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using namespace test_certs;

struct Pair {
  Key key = make_key();
  Cert cert;
  explicit Pair(const std::string& cn = "loudong.test", long days = 30)
      : cert(make_cert(cn, key.get(), nullptr, nullptr, false, days)) {}
};

TEST(ServerTls, LoadsAPairAndDescribesTheCertificate) {
  TempDir dir;
  Pair p("platform.example.cn");
  auto tls = load_server_tls({dir.write("cert.pem", pem(p.cert.get())), dir.write("key.pem", pem(p.key.get()))});
  ASSERT_TRUE(tls.ok()) << tls.error().message();
  EXPECT_THAT(tls->info.subject, HasSubstr("platform.example.cn"));
  EXPECT_FALSE(tls->info.expired);
  EXPECT_THAT(tls->info.not_after, HasSubstr(" UTC"));
  SSL_CTX* ctx = tls->ctx.get();
  EXPECT_EQ(SSL_CTX_get_min_proto_version(ctx), TLS1_2_VERSION);
  EXPECT_NE(SSL_CTX_get_options(ctx) & SSL_OP_NO_COMPRESSION, 0u);
  EXPECT_NE(SSL_CTX_get_options(ctx) & SSL_OP_NO_RENEGOTIATION, 0u);
  // No TLS 1.2 suite without forward secrecy or without AEAD.
  STACK_OF(SSL_CIPHER)* ciphers = SSL_CTX_get_ciphers(ctx);
  for (int i = 0; i < sk_SSL_CIPHER_num(ciphers); ++i) {
    const SSL_CIPHER* c = sk_SSL_CIPHER_value(ciphers, i);
    const std::string name = SSL_CIPHER_get_name(c);
    if (name.rfind("TLS_", 0) == 0) continue;  // TLS 1.3's own
    EXPECT_EQ(name.rfind("ECDHE-", 0), 0u) << name;
    EXPECT_TRUE(name.find("GCM") != std::string::npos || name.find("CHACHA20") != std::string::npos) << name;
  }
}

TEST(ServerTls, TheCertificateFileMayCarryTheChain) {
  TempDir dir;
  Key ca_key = make_key();
  Cert ca = make_cert("Test Root", ca_key.get(), nullptr, nullptr, true);
  Key key = make_key();
  Cert leaf = make_cert("loudong.test", key.get(), ca.get(), ca_key.get());
  auto tls = load_server_tls({dir.write("chain.pem", pem(leaf.get()) + pem(ca.get())), dir.write("key.pem", pem(key.get()))});
  ASSERT_TRUE(tls.ok()) << tls.error().message();
  STACK_OF(X509)* chain = nullptr;
  ASSERT_EQ(SSL_CTX_get0_chain_certs(tls->ctx.get(), &chain), 1);
  EXPECT_EQ(sk_X509_num(chain), 1);
}

TEST(ServerTls, AnExpiredCertificateLoadsButSaysSo) {
  TempDir dir;
  Pair p("old.test", -1);
  auto tls = load_server_tls({dir.write("cert.pem", pem(p.cert.get())), dir.write("key.pem", pem(p.key.get()))});
  ASSERT_TRUE(tls.ok()) << tls.error().message();
  EXPECT_TRUE(tls->info.expired);
}

TEST(ServerTls, MissingFilesAreNamedWithTheirKey) {
  TempDir dir;
  Pair p;
  const auto cert = dir.write("cert.pem", pem(p.cert.get()));
  const auto key = dir.write("key.pem", pem(p.key.get()));
  auto a = load_server_tls({dir.path("nope.pem"), key});
  ASSERT_FALSE(a.ok());
  EXPECT_EQ(a.error().message(), "tls.cert_file " + dir.path("nope.pem") + ": No such file or directory");
  auto b = load_server_tls({cert, dir.path("gone.pem")});
  ASSERT_FALSE(b.ok());
  EXPECT_EQ(b.error().message(), "tls.key_file " + dir.path("gone.pem") + ": No such file or directory");
  auto c = load_server_tls({cert, ""});
  ASSERT_FALSE(c.ok());
  EXPECT_THAT(c.error().message(), HasSubstr("tls.key_file"));
}

TEST(ServerTls, FilesThatAreNotPemAreRefused) {
  TempDir dir;
  Pair p;
  const auto cert = dir.write("cert.pem", pem(p.cert.get()));
  const auto key = dir.write("key.pem", pem(p.key.get()));
  const auto junk = dir.write("junk.pem", "not a certificate\n");
  auto a = load_server_tls({junk, key});
  ASSERT_FALSE(a.ok());
  EXPECT_THAT(a.error().message(), HasSubstr("tls.cert_file " + junk + ": not a PEM certificate"));
  // The certificate where the key belongs (a common mix-up).
  auto b = load_server_tls({cert, cert});
  ASSERT_FALSE(b.ok());
  EXPECT_THAT(b.error().message(), HasSubstr("tls.key_file " + cert + ": not a PEM private key"));
  auto c = load_server_tls({key, key});
  ASSERT_FALSE(c.ok());
  EXPECT_THAT(c.error().message(), HasSubstr("tls.cert_file " + key));
}

TEST(ServerTls, AKeyOfAnotherCertificateIsRefusedWithoutShowingIt) {
  TempDir dir;
  Pair p, other;
  const std::string other_key = pem(other.key.get());
  const auto cert = dir.write("cert.pem", pem(p.cert.get()));
  const auto key = dir.write("other-key.pem", other_key);
  auto tls = load_server_tls({cert, key});
  ASSERT_FALSE(tls.ok());
  EXPECT_EQ(tls.error().message(),
            "tls.key_file " + key + ": the key does not belong to the certificate in tls.cert_file " + cert);
  EXPECT_THAT(tls.error().log_message(), Not(HasSubstr("PRIVATE KEY")));
}

TEST(ServerTls, AnEncryptedKeyIsRefusedWithoutAPrompt) {
  TempDir dir;
  Pair p;
  const auto key = dir.write("key.pem", pem(p.key.get(), "secret passphrase"));
  auto tls = load_server_tls({dir.write("cert.pem", pem(p.cert.get())), key});
  ASSERT_FALSE(tls.ok());
  EXPECT_THAT(tls.error().message(), HasSubstr("tls.key_file " + key + ": the key is encrypted"));
}

TEST(ServerTls, HstsValue) {
  EXPECT_EQ(hsts_value(31536000), "max-age=31536000");
  EXPECT_EQ(hsts_value(0), "max-age=0");
}

}  // namespace
}  // namespace loudong::http
