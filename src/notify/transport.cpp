#include "notify/transport.h"

#include <curl/curl.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>

namespace loudong::notify {

namespace {

constexpr std::size_t kMaxResponse = 4096;

std::size_t collect(char* data, std::size_t size, std::size_t n, void* user) {
  auto* out = static_cast<std::string*>(user);
  std::size_t len = size * n;
  if (out->size() < kMaxResponse) out->append(data, std::min(len, kMaxResponse - out->size()));
  return len;
}

struct Upload {
  const std::string* data;
  std::size_t pos = 0;
};

std::size_t feed(char* buf, std::size_t size, std::size_t n, void* user) {
  auto* u = static_cast<Upload*>(user);
  std::size_t len = std::min(size * n, u->data->size() - u->pos);
  std::memcpy(buf, u->data->data() + u->pos, len);
  u->pos += len;
  return len;
}

// libcurl calls this before each TLS handshake, after loading the system
// store: the bundle's authorities join it. curl may reuse the store between
// connections, so an authority can already be there; that is no failure.
CURLcode add_extra_ca(CURL*, void* ssl_ctx, void* bundle) {
  X509_STORE* store = SSL_CTX_get_cert_store(static_cast<SSL_CTX*>(ssl_ctx));
  for (X509* cert : static_cast<const CaBundle*>(bundle)->certs) X509_STORE_add_cert(store, cert);
  ERR_clear_error();
  return CURLE_OK;
}

void trust_extra_ca(CURL* c, const CaBundle* bundle) {
  if (!bundle) return;
  curl_easy_setopt(c, CURLOPT_SSL_CTX_FUNCTION, add_extra_ca);
  curl_easy_setopt(c, CURLOPT_SSL_CTX_DATA, const_cast<CaBundle*>(bundle));
}

int millis_since(std::chrono::steady_clock::time_point t0) {
  return static_cast<int>(
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count());
}

}  // namespace

void global_init() { curl_global_init(CURL_GLOBAL_DEFAULT); }

CaBundle::~CaBundle() {
  for (X509* c : certs) X509_free(c);
}

Result<std::shared_ptr<const CaBundle>> load_ca_bundle(const std::string& path) {
  auto fail = [&](const std::string& why) {
    return Error::invalid("tls.peer_ca_file " + path + ": " + why, "bad_tls_file");
  };
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (!f) return fail(std::strerror(errno));
  auto bundle = std::make_shared<CaBundle>();
  ERR_clear_error();
  while (X509* cert = PEM_read_X509(f, nullptr, nullptr, nullptr)) bundle->certs.push_back(cert);
  std::fclose(f);
  // The loop ends at the end of the file (no further PEM block) or at a
  // block that does not parse; only the first is expected.
  const unsigned long e = ERR_peek_last_error();
  ERR_clear_error();
  if (e != 0 && ERR_GET_REASON(e) != PEM_R_NO_START_LINE)
    return fail("certificate " + std::to_string(bundle->certs.size() + 1) + " does not parse: " +
                (ERR_reason_error_string(e) ? ERR_reason_error_string(e) : "unknown error"));
  if (bundle->certs.empty()) return fail("holds no PEM certificate");
  return std::shared_ptr<const CaBundle>(std::move(bundle));
}

Status validate_smtp(const SmtpSettings& s) {
  if (!s.password.empty() && s.username.empty())
    return Error::field("smtp.username", "required", "is needed with smtp.password");
  if (s.url.empty()) return {};
  if (s.url.rfind("smtp://", 0) != 0 && s.url.rfind("smtps://", 0) != 0)
    return Error::field("smtp.url", "bad_scheme", "must start with smtp:// or smtps://");
  auto host = s.url.substr(s.url.find("://") + 3);
  if (host.empty() || host.front() == ':' || host.front() == '/')
    return Error::field("smtp.url", "no_host", "names no host");
  auto at = s.from.find('@');
  if (at == std::string::npos || at == 0 || at + 1 >= s.from.size() || s.from.find_first_of(" \r\n<>") != std::string::npos)
    return Error::field("smtp.from", "bad_address", "is not an email address");
  return {};
}

Transport::Transport(std::shared_ptr<const CaBundle> extra_ca)
    : http_(curl_easy_init()), smtp_(curl_easy_init()), extra_ca_(std::move(extra_ca)) {}

Transport::~Transport() {
  if (http_) curl_easy_cleanup(static_cast<CURL*>(http_));
  if (smtp_) curl_easy_cleanup(static_cast<CURL*>(smtp_));
}

Outcome Transport::post(const HttpRequest& r) {
  auto t0 = std::chrono::steady_clock::now();
  Outcome o;
  CURL* c = static_cast<CURL*>(http_);
  if (!c) return {false, 0, "curl could not start", "", false, 0};
  curl_easy_reset(c);
  std::string body;
  curl_slist* headers = nullptr;
  for (const auto& h : r.headers) headers = curl_slist_append(headers, h.c_str());
  headers = curl_slist_append(headers, "Expect:");  // no 100-continue round trip
  curl_easy_setopt(c, CURLOPT_URL, r.url.c_str());
  curl_easy_setopt(c, CURLOPT_POST, 1L);
  curl_easy_setopt(c, CURLOPT_POSTFIELDS, r.body.data());
  curl_easy_setopt(c, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(r.body.size()));
  curl_easy_setopt(c, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(r.timeout.count()));
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(std::min<long>(r.timeout.count(), 5000)));
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_FOLLOWLOCATION, 0L);  // a redirect could carry the signature elsewhere
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(c, CURLOPT_WRITEFUNCTION, collect);
  curl_easy_setopt(c, CURLOPT_WRITEDATA, &body);
  curl_easy_setopt(c, CURLOPT_USERAGENT, "loudong-notify/1");
  trust_extra_ca(c, extra_ca_.get());
  if (!r.pinned_pubkey.empty()) {
    // A pinned key replaces the CA check: peers between authorities often
    // run private certificates, and the pin is the stronger proof.
    curl_easy_setopt(c, CURLOPT_PINNEDPUBLICKEY, r.pinned_pubkey.c_str());
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYPEER, 0L);
    curl_easy_setopt(c, CURLOPT_SSL_VERIFYHOST, 0L);
  }
  CURLcode rc = curl_easy_perform(c);
  curl_slist_free_all(headers);
  o.duration_ms = millis_since(t0);
  if (rc != CURLE_OK) {
    o.error = curl_easy_strerror(rc);
    // A pinned key that does not match, or a URL curl refuses, will not get better.
    o.permanent = rc == CURLE_SSL_PINNEDPUBKEYNOTMATCH || rc == CURLE_URL_MALFORMAT || rc == CURLE_UNSUPPORTED_PROTOCOL;
    return o;
  }
  long status = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &status);
  o.status = static_cast<int>(status);
  if (status >= 200 && status < 300) {
    o.ok = true;
    o.response = std::move(body);
    return o;
  }
  o.error = "HTTP " + std::to_string(status) + (body.empty() ? "" : ": " + body.substr(0, 300));
  o.permanent = !retryable_http(o.status);
  o.response = std::move(body);
  return o;
}

Outcome Transport::send_mail(const SmtpSettings& s, const std::string& to, const std::string& message) {
  auto t0 = std::chrono::steady_clock::now();
  Outcome o;
  if (s.url.empty()) return {false, 0, "email is not configured (smtp.url)", "", false, 0};
  CURL* c = static_cast<CURL*>(smtp_);
  if (!c) return {false, 0, "curl could not start", "", false, 0};
  curl_easy_reset(c);
  Upload up{&message};
  curl_slist* rcpt = curl_slist_append(nullptr, ("<" + to + ">").c_str());
  std::string from = "<" + s.from + ">";
  curl_easy_setopt(c, CURLOPT_URL, s.url.c_str());
  curl_easy_setopt(c, CURLOPT_MAIL_FROM, from.c_str());
  curl_easy_setopt(c, CURLOPT_MAIL_RCPT, rcpt);
  curl_easy_setopt(c, CURLOPT_UPLOAD, 1L);
  curl_easy_setopt(c, CURLOPT_READFUNCTION, feed);
  curl_easy_setopt(c, CURLOPT_READDATA, &up);
  curl_easy_setopt(c, CURLOPT_INFILESIZE_LARGE, static_cast<curl_off_t>(message.size()));
  curl_easy_setopt(c, CURLOPT_TIMEOUT_MS, static_cast<long>(s.timeout.count()));
  curl_easy_setopt(c, CURLOPT_CONNECTTIMEOUT_MS, 5000L);
  curl_easy_setopt(c, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(c, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
  curl_easy_setopt(c, CURLOPT_USE_SSL, s.require_tls ? static_cast<long>(CURLUSESSL_ALL) : static_cast<long>(CURLUSESSL_TRY));
  trust_extra_ca(c, extra_ca_.get());
  if (!s.username.empty()) {
    curl_easy_setopt(c, CURLOPT_USERNAME, s.username.c_str());
    curl_easy_setopt(c, CURLOPT_PASSWORD, s.password.c_str());
  }
  CURLcode rc = curl_easy_perform(c);
  curl_slist_free_all(rcpt);
  long code = 0;
  curl_easy_getinfo(c, CURLINFO_RESPONSE_CODE, &code);
  o.status = static_cast<int>(code);
  o.duration_ms = millis_since(t0);
  if (rc == CURLE_OK) {
    o.ok = true;
    return o;
  }
  o.error = std::string("SMTP: ") + curl_easy_strerror(rc) + (code ? " (reply " + std::to_string(code) + ")" : "");
  // 5xx is the server's final word on this message or address; 4xx and
  // connection failures may pass later.
  o.permanent = code >= 500 && code < 600 && rc == CURLE_SEND_ERROR ? false : (code >= 500 && code < 600);
  return o;
}

}  // namespace loudong::notify
