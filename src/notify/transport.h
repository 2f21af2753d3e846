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

namespace loudong::notify {

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
  Transport();
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
};

// Initialises libcurl once for the process (not thread-safe: call at start).
void global_init();

}  // namespace loudong::notify
