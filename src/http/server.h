// The HTTP/1.1 server: Boost.Beast + Asio with C++20 coroutines, behind a
// plain header so the rest of the code never includes Beast.
//
// Contract:
//   - Every connection is one coroutine (Beast's awaitable example): read a
//     request header within limits.header_timeout, its body within
//     limits.body_timeout, at most body_limit(request) bytes (413 otherwise,
//     answered by the server itself with the JSON error shape), then call the
//     handler, write the response, and keep the connection alive until
//     limits.idle_timeout.
//   - At most limits.max_connections connections at once, and at most
//     limits.max_connections_per_address from one peer address; one more is
//     answered 503 and closed. One address can so never hold every slot
//     (1,030 idle sockets from one address once starved everyone else).
//   - Requests from one address are metered by a token bucket
//     (limits.requests_per_second_per_address, bursts of
//     limits.request_burst_per_address); over it, 429 with Retry-After and
//     the connection is closed. The peer address is the socket's: behind a
//     reverse proxy every client shares the proxy's, so raise or switch off
//     (0) these limits there and let the proxy limit per client.
//   - Every response carries X-Request-Id (the client's, if it sent a sane
//     one of at most 64 [A-Za-z0-9._-] characters, else a fresh random one).
//   - One access-log line per request through spdlog: request id, remote
//     address, method, path WITHOUT the query string, status, bytes,
//     duration, and Response::log_user. Never headers or bodies.
//   - The handler runs on an I/O thread and may block (store calls); there
//     are limits.threads such threads. It must not throw; if it does, the
//     server answers 500 and logs the exception text.
//   - stop() (also on SIGINT/SIGTERM when run() installed the handlers):
//     stop accepting, let requests already being handled finish and their
//     responses be written, close idle connections, then run() returns.
//     After limits.drain_timeout the remaining connections are closed.
//   - With use_tls() the listener speaks TLS only (http/tls.h): the handshake
//     must finish within limits.header_timeout (a client that connects and
//     says nothing is dropped then), a plain-HTTP request gets no answer,
//     every response carries Strict-Transport-Security, Request::secure is
//     true, and closing sends close_notify (bounded like the lingering
//     close). A connection over the limits (or during drain) is closed
//     without the handshake instead of answered 503. SIGHUP, when run() installs the handlers, re-reads the two
//     files for new connections; a bad pair is logged and the old one kept.
#pragma once

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"

namespace loudong::http {

struct Request {
  std::string method;       // "GET", "POST", ...
  std::string target;       // as received: path plus query
  std::string path;         // percent-decoded path, no query
  std::string query;        // raw query string without '?'
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-cased
  std::string body;
  std::string remote_address;  // peer IP, no port
  std::string request_id;
  bool secure = false;         // arrived over TLS (or a trusted proxy said so)

  // First header with that (case-insensitive) name.
  std::optional<std::string_view> header(std::string_view name) const;
  // First query parameter with that name, percent-decoded ('+' is space).
  std::optional<std::string> query_param(std::string_view name) const;
  // Every query parameter in order, percent-decoded.
  std::vector<std::pair<std::string, std::string>> query_params() const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json; charset=utf-8";
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers
  std::string body;
  std::string log_user;  // who made the request, for the access log ("-" if nobody)

  static Response json(int status, std::string body) {
    Response r;
    r.status = status;
    r.body = std::move(body);
    return r;
  }
};

using Handler = std::function<Response(const Request&)>;

struct Limits {
  std::size_t max_header_bytes = 16 * 1024;
  std::size_t max_body_bytes = 1024 * 1024;  // default body_limit
  std::chrono::milliseconds header_timeout{10'000};
  std::chrono::milliseconds body_timeout{30'000};
  std::chrono::milliseconds idle_timeout{60'000};
  std::chrono::milliseconds write_timeout{30'000};
  std::chrono::milliseconds drain_timeout{30'000};
  std::size_t max_connections = 1024;
  std::size_t max_connections_per_address = 64;  // 0: no per-address limit
  int requests_per_second_per_address = 50;      // 0: no request-rate limit
  int request_burst_per_address = 200;
  int threads = 4;
};

struct TlsOptions {
  std::string cert_file;  // PEM, the certificate then its intermediates
  std::string key_file;   // PEM, unencrypted
  int hsts_max_age = 31536000;  // seconds; one year
};

class Server {
 public:
  // body_limit, when set, gives the limit for a request from its method and
  // path (e.g. larger for report intake with attachments); otherwise
  // limits.max_body_bytes applies.
  Server(Limits limits, Handler handler,
         std::function<std::size_t(std::string_view method, std::string_view path)> body_limit = {});
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  // Turns TLS on, before listen(). Fails naming the file and the reason
  // (missing, unreadable, not PEM, encrypted key, key not the certificate's).
  Status use_tls(const TlsOptions& tls);

  // Binds and listens. host is an IP literal or "localhost"; port 0 picks a
  // free port. Returns the bound "host:port". Fails with a clear message
  // (address in use, bad address) and leaves nothing open.
  Result<std::string> listen(const std::string& host, unsigned short port);

  // Serves until stop() or, when handle_signals, SIGINT/SIGTERM; then drains
  // as described above and returns. Call once, after listen().
  void run(bool handle_signals = true);

  // Thread-safe; may be called from a handler or another thread.
  void stop();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Percent-decoding for paths and query strings; fails on bad escapes.
Result<std::string> percent_decode(std::string_view s, bool plus_is_space);

}  // namespace loudong::http
