// The wire: HTTP POSTs (webhooks, federation) and SMTP submissions through
// libcurl. Each Transport owns its curl handles, so one Transport per
// thread; a handle is reused between calls to keep connections alive.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "notify/delivery.h"

struct x509_st;  // OpenSSL's X509

namespace loudong::notify {

// Certificate authorities trusted for outbound TLS besides the system store
// (tls.peer_ca_file): a deployment federating with peers whose
// certificates come from a private CA names that CA here.
struct CaBundle {
  CaBundle() = default;
  CaBundle(const CaBundle&) = delete;
  CaBundle& operator=(const CaBundle&) = delete;
  ~CaBundle();
  std::vector<x509_st*> certs;  // owned
};

// Reads every PEM certificate of the file. Fails naming tls.peer_ca_file,
// the path and the reason (unreadable, no certificate, a broken one).
Result<std::shared_ptr<const CaBundle>> load_ca_bundle(const std::string& path);

struct HttpRequest {
  std::string url;
  std::vector<std::string> headers;  // "Name: value"
  std::string body;
  std::string pinned_pubkey;         // "sha256//BASE64" or empty
  std::chrono::milliseconds timeout{10000};
};

struct SmtpSettings {
  std::string url;       // "smtp://host:port" or "smtps://host:port"; empty: email is off
  std::string from = "loudong@localhost";
  std::string username;  // optional AUTH
  std::string password;
  bool require_tls = false;  // STARTTLS required (true) or used when offered (false)
  std::chrono::milliseconds timeout{15000};
};

// Checks a settings block at start: the URL's scheme and host, the From
// address. The message names the key.
Status validate_smtp(const SmtpSettings& s);

class Transport {
 public:
  // extra_ca, when set, is trusted for https and SMTP over TLS in addition
  // to the system store (a pinned key still replaces both).
  explicit Transport(std::shared_ptr<const CaBundle> extra_ca = {});
  ~Transport();
  Transport(const Transport&) = delete;
  Transport& operator=(const Transport&) = delete;

  // POSTs the body. 2xx is ok; the response body (first 4 KB) comes back.
  // Timeouts, refused connections and 5xx/408/429 are retryable; other
  // statuses are permanent.
  Outcome post(const HttpRequest& r);
  // Submits one message to one recipient. A 5xx reply to RCPT is permanent.
  Outcome send_mail(const SmtpSettings& s, const std::string& to, const std::string& message);

 private:
  void* http_ = nullptr;  // CURL*
  void* smtp_ = nullptr;
  std::shared_ptr<const CaBundle> extra_ca_;
};

// Initialises libcurl once for the process (not thread-safe: call at start).
void global_init();

}  // namespace loudong::notify
