#include "http/tls.h"

#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <ctime>

namespace loudong::http {

void SslCtxFree::operator()(ssl_ctx_st* ctx) const { SSL_CTX_free(ctx); }

namespace {

// TLS 1.2 suites with forward secrecy and AEAD only (TLS 1.3 has only such).
constexpr const char* kTls12Ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:ECDHE-ECDSA-AES256-GCM-SHA384:"
    "ECDHE-RSA-AES256-GCM-SHA384:ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";

Error file_error(const char* key, const std::string& path, const std::string& why) {
  return Error::invalid(std::string(key) + " " + path + ": " + why, "bad_tls_file");
}

// The reason of OpenSSL's latest error, and the queue emptied (a stale entry
// would be blamed on the next connection's handshake).
std::string openssl_reason(const char* fallback) {
  const unsigned long e = ERR_peek_last_error();
  std::string why = fallback;
  if (e != 0) {
    if (ERR_GET_REASON(e) == PEM_R_NO_START_LINE) why = "no PEM block found";
    else if (const char* r = ERR_reason_error_string(e)) why = r;
  }
  ERR_clear_error();
  return why;
}

// The file exists and this process may read it: checked first, so the
// message says "Permission denied" rather than OpenSSL's "system library".
Status check_readable(const char* key, const std::string& path) {
  if (path.empty()) return file_error(key, "(empty)", "no file named");
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return file_error(key, path, std::strerror(errno));
  std::fclose(f);
  return {};
}

// Never prompts: an encrypted key is refused, and remembered as the reason.
int no_passphrase(char*, int, int, void* asked) {
  *static_cast<bool*>(asked) = true;
  return -1;
}

std::string one_line(const X509_NAME* name) {
  BIO* b = BIO_new(BIO_s_mem());
  if (!b) return "?";
  X509_NAME_print_ex(b, name, 0, XN_FLAG_ONELINE & ~ASN1_STRFLGS_ESC_MSB);
  char* data = nullptr;
  const long n = BIO_get_mem_data(b, &data);
  std::string out(data, static_cast<std::size_t>(n > 0 ? n : 0));
  BIO_free(b);
  return out;
}

TlsCertificateInfo describe(X509* cert) {
  TlsCertificateInfo info;
  info.subject = one_line(X509_get_subject_name(cert));
  std::tm tm{};
  if (ASN1_TIME_to_tm(X509_get0_notAfter(cert), &tm) == 1) {
    char buf[32];
    std::strftime(buf, sizeof buf, "%Y-%m-%d %H:%M:%S UTC", &tm);
    info.not_after = buf;
  }
  info.expired = X509_cmp_current_time(X509_get0_notAfter(cert)) < 0;
  return info;
}

}  // namespace

std::string hsts_value(int max_age) { return "max-age=" + std::to_string(max_age); }

Result<ServerTls> load_server_tls(const TlsFiles& files) {
  LD_RETURN_IF_ERROR(check_readable("tls.cert_file", files.cert_file));
  LD_RETURN_IF_ERROR(check_readable("tls.key_file", files.key_file));
  ERR_clear_error();
  SslCtxPtr ctx(SSL_CTX_new(TLS_server_method()));
  if (!ctx) return Error::internal("cannot create a TLS context: " + openssl_reason("out of memory"));
  SSL_CTX* c = ctx.get();
  if (SSL_CTX_set_min_proto_version(c, TLS1_2_VERSION) != 1 || SSL_CTX_set_cipher_list(c, kTls12Ciphers) != 1)
    return Error::internal("cannot configure the TLS context: " + openssl_reason("unknown"));
  SSL_CTX_set_options(c, SSL_OP_NO_COMPRESSION | SSL_OP_NO_RENEGOTIATION);

  if (SSL_CTX_use_certificate_chain_file(c, files.cert_file.c_str()) != 1)
    return file_error("tls.cert_file", files.cert_file,
                      "not a PEM certificate (chain): " + openssl_reason("unreadable"));
  X509* cert = SSL_CTX_get0_certificate(c);

  BIO* kb = BIO_new_file(files.key_file.c_str(), "rb");
  if (!kb) return file_error("tls.key_file", files.key_file, openssl_reason("cannot open"));
  bool asked = false;
  EVP_PKEY* key = PEM_read_bio_PrivateKey(kb, nullptr, no_passphrase, &asked);
  BIO_free(kb);
  if (!key) {
    const std::string why = openssl_reason("unreadable");
    return file_error("tls.key_file", files.key_file,
                      asked ? "the key is encrypted; loudong needs it unencrypted (readable by its user only)"
                            : "not a PEM private key: " + why);
  }
  const bool matches = X509_check_private_key(cert, key) == 1;
  const bool used = matches && SSL_CTX_use_PrivateKey(c, key) == 1;
  EVP_PKEY_free(key);
  if (!matches) {
    ERR_clear_error();
    return file_error("tls.key_file", files.key_file,
                      "the key does not belong to the certificate in tls.cert_file " + files.cert_file);
  }
  if (!used) return file_error("tls.key_file", files.key_file, openssl_reason("rejected"));
  ERR_clear_error();
  return ServerTls{std::move(ctx), describe(cert)};
}

}  // namespace loudong::http
