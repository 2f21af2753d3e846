// TLS for the server (issue 11): the certificate and key files turned into
// an OpenSSL server context, every failure named after its file and config
// key. Plain OpenSSL, no Asio: server.cpp wraps the context for Beast.
//
// Contract:
//   - cert_file is PEM: the server certificate first, then any intermediates
//     (the chain is sent to clients). key_file is its PEM private key, not
//     encrypted (OpenSSL is never allowed to prompt for a passphrase).
//   - Refused, with "tls.cert_file PATH: reason" or "tls.key_file PATH: reason":
//     a file that is missing or unreadable, holds no certificate/key, is
//     encrypted, or a key that does not belong to the certificate.
//   - The key's bytes never reach an error message or a log; only its path.
//   - The context speaks TLS 1.2 and 1.3 only, with forward-secret AEAD
//     ciphers for 1.2 (OpenSSL's 1.3 defaults), no compression, no
//     renegotiation.
#pragma once

#include <memory>
#include <string>

#include "core/result.h"

struct ssl_ctx_st;  // OpenSSL's SSL_CTX

namespace loudong::http {

struct TlsFiles {
  std::string cert_file;
  std::string key_file;
};

struct SslCtxFree {
  void operator()(ssl_ctx_st* ctx) const;
};
using SslCtxPtr = std::unique_ptr<ssl_ctx_st, SslCtxFree>;

// What the loaded certificate says, for the start-up log line.
struct TlsCertificateInfo {
  std::string subject;    // one line, e.g. "CN=loudong.example.cn"
  std::string not_after;  // "2027-12-07 10:00:00 UTC"
  bool expired = false;
};

struct ServerTls {
  SslCtxPtr ctx;
  TlsCertificateInfo info;
};

Result<ServerTls> load_server_tls(const TlsFiles& files);

// The Strict-Transport-Security value for max_age seconds.
std::string hsts_value(int max_age);

}  // namespace loudong::http
