// tls.peer_ca_file: the extra authorities for outbound TLS, read from real
// PEM files. (That curl trusts them is shown end to end in
// tests/integration/tls.test.mjs.)
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "../http/test_certs.h"
#include "notify/transport.h"

namespace loudong::notify {
namespace {

using ::testing::HasSubstr;
using namespace test_certs;

TEST(CaBundle, ReadsEveryCertificateOfTheFile) {
  TempDir dir;
  Key k1 = make_key(), k2 = make_key();
  Cert a = make_cert("Root A", k1.get(), nullptr, nullptr, true);
  Cert b = make_cert("Root B", k2.get(), nullptr, nullptr, true);
  // Text around the blocks (as `openssl x509 -text` leaves) is no problem.
  auto bundle = load_ca_bundle(dir.write("ca.pem", "Root A\n" + pem(a.get()) + "\nRoot B\n" + pem(b.get())));
  ASSERT_TRUE(bundle.ok()) << bundle.error().message();
  EXPECT_EQ((*bundle)->certs.size(), 2u);
}

TEST(CaBundle, RefusesWhatIsNotACertificateNamingTheFile) {
  TempDir dir;
  auto missing = load_ca_bundle(dir.path("none.pem"));
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().message(), "tls.peer_ca_file " + dir.path("none.pem") + ": No such file or directory");

  const auto empty = dir.write("empty.pem", "nothing here\n");
  auto none = load_ca_bundle(empty);
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.error().message(), "tls.peer_ca_file " + empty + ": holds no PEM certificate");

  Key k = make_key();
  Cert good = make_cert("Root", k.get(), nullptr, nullptr, true);
  const auto broken =
      dir.write("broken.pem", pem(good.get()) + "-----BEGIN CERTIFICATE-----\nAAAA\n-----END CERTIFICATE-----\n");
  auto bad = load_ca_bundle(broken);
  ASSERT_FALSE(bad.ok());
  EXPECT_THAT(bad.error().message(), HasSubstr("tls.peer_ca_file " + broken + ": certificate 2 does not parse"));
}

}  // namespace
}  // namespace loudong::notify
