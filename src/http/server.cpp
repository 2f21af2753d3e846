// The HTTP/1.1 server (see server.h for the contract). The only translation
// unit of the server that includes Beast and Asio.
//
// Design:
//   - One io_context run by limits.threads threads. Every connection is a
//     coroutine on its own strand; the accept loop, the signal set and the
//     drain timer live on the "main" strand.
//   - Reads (idle wait, header, body) are bounded by a per-connection timer
//     that *cancels* the socket instead of closing it (beast::tcp_stream's own
//     timeout closes it), so that a 408 can still be written. Writes and the
//     lingering close use tcp_stream::expires_after.
//   - stop(): sets `draining`, then on the main strand closes the acceptor and
//     asks every connection (on its strand) to abort if it is not busy with a
//     request; busy ones finish, write their response with Connection: close
//     and end. After drain_timeout, every remaining socket is closed.
//     run() returns when the io_context runs out of work.
//   - TLS: a connection is a Conn<SslStream> instead of Conn<TcpStream>; the
//     session is the same template. Timers and timeouts act on the lowest
//     layer (the TCP stream) either way. The context is swapped on SIGHUP;
//     a connection keeps the one it was accepted with.
#include "http/server.h"

#include <typeinfo>

#include <algorithm>
#include <array>
#include <atomic>
#include <cctype>
#include <chrono>
#include <cstdint>
#include <exception>
#include <limits>
#include <mutex>
#include <random>
#include <thread>
#include <unordered_map>

#include <spdlog/spdlog.h>

#include "core/asio.h"
#include <boost/asio/ssl.hpp>
#include <boost/beast/ssl.hpp>

#include "http/tls.h"

// GCC 12 false positive on every coroutine: Asio 1.74 allocates awaitable
// frames with ::operator new through its recycling allocator and frees them
// through awaitable_frame_base::operator delete, which GCC (after inlining)
// reports at the closing brace of *our* coroutine, so a push/pop around the
// includes cannot silence it. Limited to this file.
#if defined(__GNUC__) && !defined(__clang__)
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
#endif

namespace loudong::http {

namespace server_detail {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;

// Nothing served here is meant to be framed, sniffed, referred onward or to
// use the browser's devices; the console's pages replace the CSP with theirs.
const std::pair<const char*, const char*> kDefaultSecurityHeaders[] = {
    {"X-Content-Type-Options", "nosniff"},
    {"Referrer-Policy", "no-referrer"},
    {"Content-Security-Policy", "default-src 'none'; frame-ancestors 'none'; base-uri 'none'"},
    {"X-Frame-Options", "DENY"},
    {"Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=(), usb=()"},
    {"Cross-Origin-Opener-Policy", "same-origin"},
    {"Cross-Origin-Resource-Policy", "same-origin"},
};
using tcp = asio::ip::tcp;
using TcpStream = beast::tcp_stream;
using SslStream = beast::ssl_stream<beast::tcp_stream>;
using SslContext = asio::ssl::context;
using error_code = boost::system::error_code;
using Strand = asio::strand<asio::io_context::executor_type>;
using Clock = std::chrono::steady_clock;
using std::chrono::milliseconds;

// After the server decides to close a connection it half-closes and reads
// (and discards) what the client still sends for a short while, so that the
// client sees our response instead of a reset.
constexpr milliseconds kLingerTime{1000};
// How long a TLS handshake under way at shutdown may still take.
constexpr milliseconds kHandshakeDrainGrace{1000};
constexpr std::size_t kLingerBytes = 1024 * 1024;

inline auto redirect(error_code& ec) { return asio::redirect_error(asio::use_awaitable, ec); }

std::string to_string(beast::string_view s) { return std::string(s.data(), s.size()); }
std::string_view to_sv(beast::string_view s) { return {s.data(), s.size()}; }

bool iequals(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
      return false;
  }
  return true;
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& ch : out) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return out;
}

// For log fields that may carry client text: no control characters or spaces
// (one request is one line, fields separated by spaces), bounded length.
std::string log_safe(std::string_view s, std::size_t max = 256) {
  if (s.empty()) return "-";
  std::string out;
  out.reserve(std::min(s.size(), max));
  for (char ch : s.substr(0, max)) {
    const auto u = static_cast<unsigned char>(ch);
    out.push_back(u <= 0x20 || u == 0x7f ? '?' : ch);
  }
  if (s.size() > max) out += "...";
  return out;
}

std::string json_escape(std::string_view s) {
  std::string out;
  out.reserve(s.size() + 8);
  for (char ch : s) {
    const auto u = static_cast<unsigned char>(ch);
    switch (ch) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (u < 0x20) {
          static constexpr char hex[] = "0123456789abcdef";
          out += "\\u00";
          out.push_back(hex[u >> 4]);
          out.push_back(hex[u & 15]);
        } else {
          out.push_back(ch);
        }
    }
  }
  return out;
}

Response error_response(int status, std::string_view code, std::string_view message) {
  return Response::json(status, "{\"error\":{\"code\":\"" + json_escape(code) + "\",\"message\":\"" +
                                    json_escape(message) + "\",\"details\":{}}}");
}

std::string random_request_id() {
  thread_local std::mt19937_64 rng{[] {
    std::random_device rd;
    return (static_cast<std::uint64_t>(rd()) << 32) ^ rd();
  }()};
  static constexpr char hex[] = "0123456789abcdef";
  std::string id(32, '0');
  for (int half = 0; half < 2; ++half) {
    std::uint64_t v = rng();
    for (int i = 0; i < 16; ++i) {
      id[static_cast<std::size_t>(half * 16 + i)] = hex[v & 15];
      v >>= 4;
    }
  }
  return id;
}

bool sane_request_id(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  return std::all_of(id.begin(), id.end(), [](char ch) {
    return std::isalnum(static_cast<unsigned char>(ch)) || ch == '.' || ch == '_' || ch == '-';
  });
}

bool valid_header_name(std::string_view n) {
  if (n.empty()) return false;
  return std::all_of(n.begin(), n.end(), [](char ch) {
    const auto u = static_cast<unsigned char>(ch);
    return u > 0x20 && u < 0x7f && ch != ':';
  });
}

bool valid_header_value(std::string_view v) {
  return std::none_of(v.begin(), v.end(), [](char ch) {
    const auto u = static_cast<unsigned char>(ch);
    return (u < 0x20 && ch != '\t') || u == 0x7f;
  });
}

bool is_http_error(const error_code& ec) {
  return ec.category() == bhttp::make_error_code(bhttp::error::bad_target).category();
}

std::string peer_address(const tcp::socket& s) {
  error_code ec;
  auto ep = s.remote_endpoint(ec);
  if (ec) return "-";
  auto addr = ep.address();
  if (addr.is_v6() && addr.to_v6().is_v4_mapped()) {
    return addr.to_v6().to_v4().to_string();
  }
  return addr.to_string();
}

std::string format_endpoint(const tcp::endpoint& ep) {
  const auto a = ep.address();
  return (a.is_v6() ? "[" + a.to_string() + "]" : a.to_string()) + ":" + std::to_string(ep.port());
}

void log_task_failure(std::exception_ptr e) {
  if (!e) return;
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& x) {
    spdlog::error("http: connection task failed: {}", x.what());
  } catch (...) {
    spdlog::error("http: connection task failed with an unknown exception");
  }
}

std::shared_ptr<spdlog::logger> access_logger() {
  if (auto l = spdlog::get("access")) return l;
  auto def = spdlog::default_logger();
  auto l = std::make_shared<spdlog::logger>("access", def->sinks().begin(), def->sinks().end());
  try {
    spdlog::register_logger(l);
  } catch (const spdlog::spdlog_ex&) {  // registered concurrently
    if (auto existing = spdlog::get("access")) return existing;
  }
  return l;
}

using Message = bhttp::response<bhttp::string_body>;

// The response as sent: handler headers (framing headers dropped), then the
// server's own headers and the security defaults the handler did not set.
// hsts: the Strict-Transport-Security value, empty when not over TLS.
Message build_response(Response&& r, unsigned version, bool keep, bool head, const std::string& rid,
                       const std::string& hsts) {
  Message res;
  res.version(version);
  int status = r.status;
  if (status < 100 || status > 999) status = 500;
  res.result(static_cast<unsigned>(status));
  bool close_requested = false;
  for (auto& [name, value] : r.headers) {
    if (!valid_header_name(name) || !valid_header_value(value)) {
      spdlog::warn("http: request {}: dropped an invalid response header", rid);
      continue;
    }
    if (iequals(name, "content-length") || iequals(name, "transfer-encoding") || iequals(name, "x-request-id") ||
        iequals(name, "server")) {
      continue;
    }
    if (iequals(name, "connection")) {
      if (iequals(value, "close")) close_requested = true;
      continue;
    }
    res.insert(name, value);
  }
  res.set(bhttp::field::server, "loudong");
  if (!r.content_type.empty() && valid_header_value(r.content_type)) {
    res.set(bhttp::field::content_type, r.content_type);
  }
  res.set("X-Request-Id", rid);
  // Security headers on every response, API and errors included (issue 11):
  // a handler's own value wins (the console's HTML sets a full CSP).
  for (const auto& [name, value] : kDefaultSecurityHeaders)
    if (res.find(name) == res.end()) res.set(name, value);
  // Only over TLS: browsers ignore it over plain HTTP, and there it would
  // promise something this listener does not do.
  if (!hsts.empty() && res.find(bhttp::field::strict_transport_security) == res.end())
    res.set(bhttp::field::strict_transport_security, hsts);
  if (r.content_type.rfind("application/json", 0) == 0 && res.find(bhttp::field::cache_control) == res.end()) {
    res.set(bhttp::field::cache_control, "no-store");
  }
  res.keep_alive(keep && !close_requested);
  const bool bodyless_status = status < 200 || status == 204 || status == 304;
  if (!bodyless_status) {
    res.body() = std::move(r.body);
    res.prepare_payload();
    if (head) res.body().clear();  // Content-Length stays that of the GET
  }
  return res;
}

// What the access log and the response need to know about a request.
struct ReqInfo {
  std::string rid = random_request_id();
  std::string method = "-";
  std::string path = "-";  // raw path without the query
  unsigned version = 11;
  bool head = false;
  Clock::time_point start = Clock::now();
};

enum class Phase { handshake, waiting, busy, closing };

// One accepted connection. Everything but `strand` is touched only on the
// strand. What does not depend on the stream type lives here; `tcp` is the
// lowest layer of the derived Conn's stream.
struct ConnBase : std::enable_shared_from_this<ConnBase> {
  ConnBase(Strand s, std::string peer) : strand(s), timer(s), remote(std::move(peer)) {}
  virtual ~ConnBase() = default;

  Strand strand;
  TcpStream* tcp = nullptr;
  asio::steady_timer timer;
  std::string remote;
  Phase phase = Phase::waiting;
  std::uint64_t gen = 0;
  bool armed = false;
  bool timed_out = false;  // the read deadline fired
  bool cancelled = false;  // drain or forced close

  // Starts the deadline of a read: when it passes, the pending read is
  // cancelled (the socket stays open so a 408 can be written).
  void arm(milliseconds d) {
    ++gen;
    armed = true;
    timed_out = false;
    timer.expires_after(d);
    timer.async_wait([self = shared_from_this(), g = gen](error_code ec) {
      if (ec || !self->armed || self->gen != g) return;
      self->timed_out = true;
      self->cancel_io();
    });
  }
  void disarm() {
    armed = false;
    timer.cancel();
  }
  void cancel_io() {
    error_code ignored;
    tcp->socket().cancel(ignored);
  }
};

template <class Stream>
struct Conn : ConnBase {
  template <class... A>
  Conn(Strand s, std::string peer, A&&... a) : ConnBase(s, std::move(peer)), stream(std::forward<A>(a)...) {
    tcp = &beast::get_lowest_layer(stream);
  }
  Stream stream;
  std::shared_ptr<SslContext> tls;  // the context it was accepted with (SIGHUP swaps the server's)
};

template <class Stream>
constexpr bool kIsTls = std::is_same_v<Stream, SslStream>;

struct Core {
  Core(Limits l, Handler h, std::function<std::size_t(std::string_view, std::string_view)> b)
      : limits(l),
        handler(std::move(h)),
        body_limit(std::move(b)),
        access(access_logger()),
        ioc(std::max(1, l.threads)),
        main(asio::make_strand(ioc)),
        drain_timer(main) {}

  Limits limits;
  Handler handler;
  std::function<std::size_t(std::string_view, std::string_view)> body_limit;
  std::shared_ptr<spdlog::logger> access;

  std::mutex mu;
  std::unordered_map<ConnBase*, std::shared_ptr<ConnBase>> conns;  // guarded by mu
  std::unordered_map<std::string, std::size_t> per_address;  // open connections by peer; guarded by mu

  // Token buckets of the request-rate limit, by peer address.
  struct Bucket {
    double tokens = 0;
    Clock::time_point last{};
  };
  std::mutex rate_mu;
  std::unordered_map<std::string, Bucket> buckets;  // guarded by rate_mu
  bool allow_request(const std::string& remote);
  std::atomic<std::size_t> active{0};
  std::atomic<bool> draining{false};
  std::atomic<bool> stop_requested{false};

  // TLS: set by use_tls() before listen(); `tls` is swapped on SIGHUP.
  TlsOptions tls_options;
  std::string hsts;  // empty: plain HTTP
  std::mutex tls_mu;
  std::shared_ptr<SslContext> tls;  // guarded by tls_mu
  Status use_tls(const TlsOptions& o);
  void reload_tls();
  std::shared_ptr<SslContext> current_tls();

  // Declared after what the coroutines use: destroying the io_context
  // destroys pending coroutine frames, which still refer to the members above.
  asio::io_context ioc;
  Strand main;
  std::optional<tcp::acceptor> acceptor;      // main strand
  std::optional<asio::signal_set> signals;    // main strand
  asio::steady_timer drain_timer;             // main strand

  Result<std::string> listen(const std::string& host, unsigned short port);
  void run(bool handle_signals);
  void stop();

  void wait_signal();
  void begin_drain();
  void close_all();
  void unregister(ConnBase* c);
  std::vector<std::shared_ptr<ConnBase>> snapshot();

  asio::awaitable<void> accept_loop();
  template <class Stream>
  void start_session(std::shared_ptr<Conn<Stream>> conn);
  template <class Stream>
  asio::awaitable<void> session(std::shared_ptr<Conn<Stream>> c);
  asio::awaitable<void> reject(tcp::socket sock, std::string remote, std::string message);
  template <class Stream>
  asio::awaitable<bool> respond(Stream& stream, const std::string& remote, const ReqInfo& info, Response resp,
                                bool keep);
  asio::awaitable<void> linger_close(TcpStream& stream);
  asio::awaitable<void> tls_close(SslStream& stream);
  Response call_handler(const Request& r);
  void log_access(const ReqInfo& info, const std::string& remote, unsigned status, std::size_t bytes,
                  const std::string& user);
};

Result<std::string> Core::listen(const std::string& host, unsigned short port) {
  const bool v6_literal = host.find(':') != std::string::npos;
  const std::string where = (v6_literal ? "[" + host + "]" : host) + ":" + std::to_string(port);
  auto fail = [&](const std::string& why) {
    return Error(ErrorKind::unavailable, "listen_failed", "cannot listen on " + where + ": " + why);
  };
  if (acceptor) return fail("the server is already listening");

  std::vector<tcp::endpoint> endpoints;
  error_code ec;
  const auto addr = asio::ip::make_address(host, ec);
  if (!ec) {
    endpoints.emplace_back(addr, port);
  } else {
    tcp::resolver resolver(ioc);
    auto results = resolver.resolve(host, std::to_string(port),
                                    tcp::resolver::numeric_service | tcp::resolver::passive, ec);
    if (ec || results.empty()) return fail("cannot resolve the host name");
    for (const auto& e : results) endpoints.push_back(e.endpoint());
  }

  error_code last;
  for (const auto& ep : endpoints) {
    tcp::acceptor a(ioc);
    if (a.open(ep.protocol(), last)) continue;
    if (a.set_option(asio::socket_base::reuse_address(true), last)) continue;
    if (a.bind(ep, last)) continue;
    if (a.listen(asio::socket_base::max_listen_connections, last)) continue;
    const auto local = a.local_endpoint(last);
    if (last) continue;
    acceptor.emplace(std::move(a));
    asio::co_spawn(main, accept_loop(), log_task_failure);
    return format_endpoint(local);
  }
  std::string why = last ? last.message() : "no usable address";
  if (!why.empty()) why[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(why[0])));
  return fail(why);
}

void Core::run(bool handle_signals) {
  if (handle_signals) {
    signals.emplace(main, SIGINT, SIGTERM);
    if (!hsts.empty()) signals->add(SIGHUP);  // re-read the certificate and key
    wait_signal();
  }
  auto loop = [this] {
    for (;;) {
      try {
        ioc.run();
        return;
      } catch (const std::exception& e) {
        spdlog::error("http: I/O thread caught: {}", e.what());
      }
    }
  };
  std::vector<std::thread> threads;
  for (int i = 1; i < std::max(1, limits.threads); ++i) threads.emplace_back(loop);
  loop();
  for (auto& t : threads) t.join();
}

void Core::wait_signal() {
  signals->async_wait([this](error_code ec, int sig) {
    if (ec) return;
    if (sig == SIGHUP) {
      reload_tls();
      wait_signal();
      return;
    }
    spdlog::info("http: signal {} received, draining", sig);
    stop();
  });
}

// The loaded pair as an Asio context (which takes the SSL_CTX over), and a
// log line saying which certificate is served and until when.
Result<std::shared_ptr<SslContext>> make_tls_context(const TlsOptions& o) {
  LD_ASSIGN_OR_RETURN(auto loaded, load_server_tls({o.cert_file, o.key_file}));
  if (loaded.info.expired)
    spdlog::warn("tls: the certificate in {} ({}) expired at {}", o.cert_file, loaded.info.subject,
                 loaded.info.not_after);
  else
    spdlog::info("tls: serving {} from {}, valid until {}", loaded.info.subject, o.cert_file, loaded.info.not_after);
  return std::make_shared<SslContext>(loaded.ctx.release());
}

Status Core::use_tls(const TlsOptions& o) {
  if (acceptor) return Error::invalid("TLS must be set up before the server listens");
  LD_ASSIGN_OR_RETURN(auto ctx, make_tls_context(o));
  tls_options = o;
  hsts = hsts_value(o.hsts_max_age);
  std::lock_guard lock(tls_mu);
  tls = std::move(ctx);
  return {};
}

void Core::reload_tls() {
  auto ctx = make_tls_context(tls_options);
  if (!ctx.ok()) {
    spdlog::error("tls: SIGHUP: {}; still serving the certificate loaded before", ctx.error().message());
    return;
  }
  std::lock_guard lock(tls_mu);
  tls = std::move(ctx).value();
}

std::shared_ptr<SslContext> Core::current_tls() {
  std::lock_guard lock(tls_mu);
  return tls;
}

void Core::stop() {
  if (stop_requested.exchange(true)) return;
  draining.store(true);
  asio::post(main, [this] { begin_drain(); });
}

std::vector<std::shared_ptr<ConnBase>> Core::snapshot() {
  std::lock_guard lock(mu);
  std::vector<std::shared_ptr<ConnBase>> out;
  out.reserve(conns.size());
  for (const auto& [k, v] : conns) out.push_back(v);
  return out;
}

void Core::begin_drain() {
  error_code ec;
  if (acceptor) acceptor->close(ec);
  if (signals) signals->cancel(ec);
  const auto all = snapshot();
  const milliseconds grace = std::min(kHandshakeDrainGrace, limits.header_timeout);
  for (const auto& c : all) {
    asio::post(c->strand, [c, grace] {
      if (c->phase == Phase::busy) return;  // finishes its request, then closes
      if (c->phase == Phase::handshake) {
        // Cut short, a handshake leaves the client's last flight unread and
        // the close becomes a reset; finished, the connection's loop sees
        // `draining` and closes with close_notify. A client that never
        // speaks still goes within the grace.
        c->arm(grace);
        return;
      }
      c->cancelled = true;
      c->cancel_io();
    });
  }
  if (!all.empty()) {
    drain_timer.expires_after(limits.drain_timeout);
    drain_timer.async_wait(asio::bind_executor(main, [this](error_code e) {
      if (e) return;
      spdlog::warn("http: drain timeout, closing the remaining connections");
      close_all();
    }));
  }
}

void Core::close_all() {
  for (const auto& c : snapshot()) {
    asio::post(c->strand, [c] {
      c->cancelled = true;
      error_code ignored;
      c->tcp->socket().close(ignored);
    });
  }
}

bool Core::allow_request(const std::string& remote) {
  if (limits.requests_per_second_per_address <= 0) return true;
  const double rate = limits.requests_per_second_per_address;
  const double burst = std::max(limits.request_burst_per_address, 1);
  const auto now = Clock::now();
  std::lock_guard lock(rate_mu);
  if (buckets.size() > 10000) {
    // Forget the buckets that have filled up again: they hold no state a
    // fresh one would not. Bounds memory under a spray of addresses.
    for (auto it = buckets.begin(); it != buckets.end();) {
      const double t = it->second.tokens + std::chrono::duration<double>(now - it->second.last).count() * rate;
      it = t >= burst ? buckets.erase(it) : std::next(it);
    }
  }
  auto [it, fresh] = buckets.try_emplace(remote, Bucket{burst, now});
  Bucket& b = it->second;
  if (!fresh) {
    b.tokens = std::min(burst, b.tokens + std::chrono::duration<double>(now - b.last).count() * rate);
    b.last = now;
  }
  if (b.tokens < 1) return false;
  b.tokens -= 1;
  return true;
}

void Core::unregister(ConnBase* c) {
  bool last = false;
  {
    std::lock_guard lock(mu);
    if (auto it = per_address.find(c->remote); it != per_address.end() && --it->second == 0) per_address.erase(it);
    conns.erase(c);
    last = conns.empty() && draining.load();
  }
  active.fetch_sub(1);
  if (last) asio::post(main, [this] { drain_timer.cancel(); });
}

asio::awaitable<void> Core::accept_loop() {
  for (;;) {
    Strand strand = asio::make_strand(ioc);
    tcp::socket sock(strand);
    error_code ec;
    co_await acceptor->async_accept(sock, redirect(ec));
    if (ec) {
      if (ec == asio::error::operation_aborted || !acceptor->is_open()) co_return;
      spdlog::warn("http: accept failed: {}", ec.message());  // e.g. out of file descriptors
      asio::steady_timer backoff(main, milliseconds(50));
      co_await backoff.async_wait(redirect(ec));
      continue;
    }
    std::string remote = peer_address(sock);
    if (draining.load()) {
      asio::co_spawn(strand, reject(std::move(sock), std::move(remote), "the server is shutting down"),
                     log_task_failure);
      continue;
    }
    if (active.load() >= limits.max_connections) {
      asio::co_spawn(strand, reject(std::move(sock), std::move(remote), "too many connections"),
                     log_task_failure);
      continue;
    }
    bool address_full = false;
    {
      std::lock_guard lock(mu);
      auto& n = per_address[remote];
      address_full = limits.max_connections_per_address > 0 && n >= limits.max_connections_per_address;
      if (!address_full) ++n;
    }
    if (address_full) {
      asio::co_spawn(strand, reject(std::move(sock), std::move(remote), "too many connections from your address"),
                     log_task_failure);
      continue;
    }
    if (auto ctx = current_tls()) {
      auto conn = std::make_shared<Conn<SslStream>>(strand, std::move(remote), std::move(sock), *ctx);
      conn->tls = std::move(ctx);
      start_session(std::move(conn));
    } else {
      start_session(std::make_shared<Conn<TcpStream>>(strand, std::move(remote), std::move(sock)));
    }
  }
}

template <class Stream>
void Core::start_session(std::shared_ptr<Conn<Stream>> conn) {
  {
    std::lock_guard lock(mu);
    conns.emplace(conn.get(), conn);
  }
  active.fetch_add(1);
  const Strand strand = conn->strand;
  asio::co_spawn(strand, session(std::move(conn)), log_task_failure);
}

Response Core::call_handler(const Request& r) {
  try {
    return handler(r);
  } catch (const AbortRequest& a) {
    spdlog::error("http: request {} aborted: {}", r.request_id, a.error.log_message());
    return error_response(500, a.error.code(), a.error.message());
  } catch (const std::exception& e) {
    // Only the type: an exception's text may carry a secret from its context,
    // and no secret may reach a log. Expected failures travel as Error values.
    spdlog::error("http: request {}: handler threw {}", r.request_id, typeid(e).name());
  } catch (...) {
    spdlog::error("http: request {}: handler threw an unknown exception", r.request_id);
  }
  return error_response(500, "internal", "internal error");
}

void Core::log_access(const ReqInfo& info, const std::string& remote, unsigned status, std::size_t bytes,
                      const std::string& user) {
  const double ms = std::chrono::duration<double, std::milli>(Clock::now() - info.start).count();
  access->info("{} {} {} {} {} {} {:.1f}ms {}", info.rid, remote, log_safe(info.method, 32), log_safe(info.path),
               status, bytes, ms, log_safe(user, 128));
}

template <class Stream>
asio::awaitable<bool> Core::respond(Stream& stream, const std::string& remote, const ReqInfo& info, Response resp,
                                    bool keep) {
  const std::string user = resp.log_user;
  Message res = build_response(std::move(resp), info.version, keep, info.head, info.rid, hsts);
  keep = res.keep_alive();
  error_code ec;
  auto& tcp_layer = beast::get_lowest_layer(stream);
  tcp_layer.expires_after(limits.write_timeout);
  const std::size_t bytes = co_await bhttp::async_write(stream, res, redirect(ec));
  tcp_layer.expires_never();
  log_access(info, remote, res.result_int(), bytes, user);
  co_return !ec && keep;
}

asio::awaitable<void> Core::linger_close(TcpStream& stream) {
  error_code ec;
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  if (!ec) {
    stream.expires_after(std::min(kLingerTime, limits.body_timeout));
    std::array<char, 4096> scratch;
    std::size_t total = 0;
    while (total < kLingerBytes) {
      const std::size_t n = co_await stream.async_read_some(asio::buffer(scratch), redirect(ec));
      if (ec) break;
      total += n;
    }
    stream.expires_never();
  }
  stream.socket().close(ec);
}

// Sends close_notify and waits (briefly) for the client's, so that it reads
// our last response as complete; then closes.
asio::awaitable<void> Core::tls_close(SslStream& stream) {
  error_code ec;
  auto& tcp_layer = beast::get_lowest_layer(stream);
  if (tcp_layer.socket().is_open()) {
    tcp_layer.expires_after(std::min(kLingerTime, limits.body_timeout));
    co_await stream.async_shutdown(redirect(ec));
    tcp_layer.expires_never();
  }
  tcp_layer.socket().close(ec);
}

// Over TLS the refused connection is closed unanswered: a handshake for a
// client that is refused anyway costs more than the refusal.
asio::awaitable<void> Core::reject(tcp::socket sock, std::string remote, std::string message) {
  if (!hsts.empty()) {
    spdlog::debug("http: refused a TLS connection from {}: {}", remote, message);
    error_code ignored;
    sock.close(ignored);
    co_return;
  }
  TcpStream stream(std::move(sock));
  ReqInfo info;
  Response resp = error_response(503, "unavailable", message);
  resp.headers.emplace_back("Retry-After", "1");
  co_await respond(stream, remote, info, std::move(resp), false);
  co_await linger_close(stream);
}

template <class Stream>
asio::awaitable<void> Core::session(std::shared_ptr<Conn<Stream>> c) {
  struct Cleanup {
    Core* core;
    ConnBase* conn;
    ~Cleanup() {
      conn->disarm();
      error_code ignored;
      conn->tcp->socket().close(ignored);
      core->unregister(conn);
    }
  } cleanup{this, c.get()};

  beast::flat_buffer buf;
  bool first = true;
  bool linger = false;  // we answered and chose to close: half-close politely
  error_code ec;
  if constexpr (kIsTls<Stream>) {
    // Bounded like a request header: a client that connects and says
    // nothing (or speaks plain HTTP) holds the slot no longer than that.
    c->phase = Phase::handshake;
    c->arm(limits.header_timeout);
    co_await c->stream.async_handshake(asio::ssl::stream_base::server, redirect(ec));
    c->disarm();
    if (ec) {
      spdlog::debug("http: TLS handshake with {} failed: {}", c->remote, c->timed_out ? "timed out" : ec.message());
      co_return;
    }
  }
  for (;;) {
    if (draining.load()) break;
    c->phase = Phase::waiting;
    if (!first && buf.size() == 0) {
      // Keep-alive: wait up to idle_timeout for the next request to begin.
      c->arm(limits.idle_timeout);
      const std::size_t n = co_await c->stream.async_read_some(buf.prepare(4096), redirect(ec));
      c->disarm();
      if (ec) break;
      buf.commit(n);
    }
    first = false;

    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(
        std::min<std::size_t>(limits.max_header_bytes, std::numeric_limits<std::uint32_t>::max())));
    // Decided below, once the path is known. Not boost::none: Beast 1.74
    // compares Content-Length with the optional, and any value > none.
    parser.body_limit(std::numeric_limits<std::uint64_t>::max());
    c->arm(limits.header_timeout);
    co_await bhttp::async_read_header(c->stream, buf, parser, redirect(ec));
    c->disarm();

    ReqInfo info;
    if (ec) {
      if (c->cancelled || ec == bhttp::error::end_of_stream || ec == bhttp::error::partial_message) break;
      if (c->timed_out) {
        if (parser.got_some() || buf.size() > 0) {
          co_await respond(c->stream, c->remote, info,
                           error_response(408, "request_timeout", "request header not received in time"), false);
          linger = true;
        }
        break;
      }
      if (ec == bhttp::error::header_limit) {
        co_await respond(c->stream, c->remote, info,
                         error_response(431, "headers_too_large",
                                        "request headers exceed " + std::to_string(limits.max_header_bytes) +
                                            " bytes"),
                         false);
        linger = true;
      } else if (is_http_error(ec)) {
        co_await respond(c->stream, c->remote, info,
                         error_response(400, "invalid_request", "malformed request line or headers"), false);
        linger = true;
      }
      break;
    }

    c->phase = Phase::busy;
    auto& req = parser.get();
    if (const auto id = to_sv(req["X-Request-Id"]); sane_request_id(id)) info.rid = std::string(id);
    info.method = to_string(req.method_string());
    info.version = req.version();
    info.head = req.method() == bhttp::verb::head;
    const std::string target = to_string(req.target());
    const auto qpos = target.find('?');
    info.path = target.substr(0, qpos);

    auto fail = [&](int status, std::string_view code, const std::string& message) {
      return respond(c->stream, c->remote, info, error_response(status, code, message), false);
    };

    if (draining.load()) {
      co_await fail(503, "unavailable", "the server is shutting down");
      linger = true;
      break;
    }
    if (!allow_request(c->remote)) {
      // Before the body is read: a flood costs us a header parse, no more.
      Response resp = error_response(429, "rate_limited", "too many requests from your address; slow down");
      resp.headers.emplace_back("Retry-After", "1");
      co_await respond(c->stream, c->remote, info, std::move(resp), false);
      linger = true;
      break;
    }
    if (info.version >= 11 && req.find(bhttp::field::host) == req.end()) {
      co_await fail(400, "invalid_request", "an HTTP/1.1 request needs a Host header");
      linger = true;
      break;
    }
    if (info.path.empty() || (info.path[0] != '/' && info.path != "*")) {
      co_await fail(400, "invalid_request", "the request target must be an absolute path");
      linger = true;
      break;
    }
    auto decoded = percent_decode(info.path, false);
    if (!decoded.ok() || decoded->find('\0') != std::string::npos) {
      co_await fail(400, "invalid_request", "the request path has a bad percent escape");
      linger = true;
      break;
    }

    const std::size_t limit = body_limit ? body_limit(info.method, *decoded) : limits.max_body_bytes;
    const std::string too_large = "request body exceeds " + std::to_string(limit) + " bytes";
    if (const auto len = parser.content_length(); len && *len > limit) {
      co_await fail(413, "payload_too_large", too_large);  // the body is never read
      linger = true;
      break;
    }
    if (!parser.is_done()) {
      if (info.version >= 11 && iequals(to_sv(req[bhttp::field::expect]), "100-continue")) {
        bhttp::response<bhttp::empty_body> cont{bhttp::status::continue_, info.version};
        c->tcp->expires_after(limits.write_timeout);
        co_await bhttp::async_write(c->stream, cont, redirect(ec));
        c->tcp->expires_never();
        if (ec) break;
      }
      parser.body_limit(std::uint64_t{limit});
      c->arm(limits.body_timeout);
      co_await bhttp::async_read(c->stream, buf, parser, redirect(ec));
      c->disarm();
      if (ec) {
        if (c->timed_out) {
          co_await fail(408, "request_timeout", "request body not received in time");
          linger = true;
        } else if (ec == bhttp::error::body_limit) {
          co_await fail(413, "payload_too_large", too_large);
          linger = true;
        } else if (!c->cancelled && ec != bhttp::error::partial_message && ec != bhttp::error::end_of_stream &&
                   is_http_error(ec)) {
          co_await fail(400, "invalid_request", "malformed request body");
          linger = true;
        }
        break;
      }
    }

    Request r;
    r.method = info.method;
    r.target = target;
    r.path = std::move(decoded).value();
    r.query = qpos == std::string::npos ? std::string() : target.substr(qpos + 1);
    for (const auto& f : req) r.headers.emplace_back(lower(to_sv(f.name_string())), to_string(f.value()));
    r.remote_address = c->remote;
    r.request_id = info.rid;
    r.secure = kIsTls<Stream>;
    const bool client_keep = req.keep_alive();
    r.body = std::move(req.body());

    Response resp = call_handler(r);
    const bool keep = client_keep && !draining.load();
    if (!co_await respond(c->stream, c->remote, info, std::move(resp), keep)) {
      linger = true;
      break;
    }
  }
  c->phase = Phase::closing;
  if constexpr (kIsTls<Stream>) {
    // Also on drain and idle timeout: the client learns the close was meant.
    co_await tls_close(c->stream);
  } else {
    if (linger && !c->cancelled) co_await linger_close(c->stream);
  }
}

}  // namespace server_detail

struct Server::Impl : server_detail::Core {
  using Core::Core;
};

Server::Server(Limits limits, Handler handler,
               std::function<std::size_t(std::string_view method, std::string_view path)> body_limit)
    : impl_(std::make_unique<Impl>(limits, std::move(handler), std::move(body_limit))) {}

Server::~Server() = default;

Status Server::use_tls(const TlsOptions& tls) { return impl_->use_tls(tls); }

Result<std::string> Server::listen(const std::string& host, unsigned short port) { return impl_->listen(host, port); }

void Server::run(bool handle_signals) { impl_->run(handle_signals); }

void Server::stop() { impl_->stop(); }

}  // namespace loudong::http
