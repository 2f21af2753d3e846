// The HTTP server over real TCP sockets: a Server on 127.0.0.1, port 0, run in
// a thread; a tiny blocking POSIX client.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <cctype>
#include <chrono>
#include <map>
#include <sstream>
#include <string>
#include <thread>

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <spdlog/sinks/ostream_sink.h>
#include <spdlog/spdlog.h>

#include "http/server.h"

namespace loudong::http {
namespace {

using namespace std::chrono_literals;
using Clock = std::chrono::steady_clock;
using ::testing::HasSubstr;
using ::testing::Not;

// Polls cond until it holds or the deadline passes.
template <class F>
bool eventually(F&& cond, std::chrono::milliseconds within = 2000ms) {
  const auto end = Clock::now() + within;
  while (Clock::now() < end) {
    if (cond()) return true;
    std::this_thread::sleep_for(2ms);
  }
  return cond();
}

class Client {
 public:
  explicit Client(unsigned short port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = ::connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0;
  }
  ~Client() { close(); }
  Client(const Client&) = delete;
  Client& operator=(const Client&) = delete;

  bool connected() const { return connected_; }
  void close() {
    if (fd_ >= 0) ::close(fd_);
    fd_ = -1;
  }

  void send(const std::string& data) {
    std::size_t off = 0;
    while (off < data.size()) {
      const auto n = ::send(fd_, data.data() + off, data.size() - off, MSG_NOSIGNAL);
      if (n <= 0) return;
      off += static_cast<std::size_t>(n);
    }
  }

  // Reads more bytes into the buffer; false on EOF, error or deadline.
  bool fill(Clock::time_point deadline) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
    if (left <= 0) return false;
    pollfd p{fd_, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(left)) <= 0) return false;
    char tmp[4096];
    const auto n = ::recv(fd_, tmp, sizeof tmp, 0);
    if (n <= 0) {
      eof_ = true;
      return false;
    }
    buf_.append(tmp, static_cast<std::size_t>(n));
    return true;
  }

  struct Reply {
    int status = 0;
    std::map<std::string, std::string> headers;  // lower-cased names
    std::string body;
    bool complete = false;
    std::string header(const std::string& n) const {
      auto it = headers.find(n);
      return it == headers.end() ? "" : it->second;
    }
  };

  // Reads one response (Content-Length framing; no body for HEAD).
  Reply read_reply(bool head = false, std::chrono::milliseconds within = 2000ms) {
    const auto deadline = Clock::now() + within;
    Reply r;
    std::size_t end;
    while ((end = buf_.find("\r\n\r\n")) == std::string::npos) {
      if (!fill(deadline)) return r;
    }
    std::istringstream in(buf_.substr(0, end));
    std::string line;
    std::getline(in, line);
    if (line.size() > 12) r.status = std::stoi(line.substr(9, 3));
    while (std::getline(in, line)) {
      if (!line.empty() && line.back() == '\r') line.pop_back();
      const auto colon = line.find(':');
      if (colon == std::string::npos) continue;
      std::string name = line.substr(0, colon);
      for (auto& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
      std::string value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.erase(0, 1);
      r.headers[name] = value;
    }
    buf_.erase(0, end + 4);
    std::size_t len = 0;
    if (!head && r.headers.count("content-length")) len = std::stoul(r.headers["content-length"]);
    while (buf_.size() < len) {
      if (!fill(deadline)) return r;
    }
    r.body = buf_.substr(0, len);
    buf_.erase(0, len);
    r.complete = true;
    return r;
  }

  // True when the server closes the connection within `within` (bytes that
  // arrive meanwhile are kept in the buffer).
  bool closed_within(std::chrono::milliseconds within) {
    const auto deadline = Clock::now() + within;
    while (!eof_) {
      if (!fill(deadline) && !eof_) return false;
    }
    return true;
  }

  const std::string& pending() const { return buf_; }

 private:
  int fd_ = -1;
  bool connected_ = false;
  bool eof_ = false;
  std::string buf_;
};

Limits test_limits() {
  Limits l;
  l.max_body_bytes = 1024;
  l.max_header_bytes = 2048;
  l.header_timeout = 1000ms;
  l.body_timeout = 1000ms;
  l.idle_timeout = 2000ms;
  l.write_timeout = 1000ms;
  l.drain_timeout = 2000ms;
  l.threads = 2;
  return l;
}

// A running server; stops and joins on destruction.
class TestServer {
 public:
  explicit TestServer(Handler h, Limits limits = test_limits()) : server_(limits, std::move(h)) {
    auto addr = server_.listen("127.0.0.1", 0);
    EXPECT_TRUE(addr.ok()) << (addr.ok() ? "" : addr.error().message());
    if (addr.ok()) port_ = static_cast<unsigned short>(std::stoi(addr->substr(addr->rfind(':') + 1)));
    thread_ = std::thread([this] {
      server_.run(false);
      returned_ = true;
    });
  }
  ~TestServer() {
    server_.stop();
    thread_.join();
  }
  unsigned short port() const { return port_; }
  Server& server() { return server_; }
  bool returned() const { return returned_; }

 private:
  Server server_;
  unsigned short port_ = 0;
  std::atomic<bool> returned_{false};
  std::thread thread_;
};

Response echo(const Request& r) {
  Response res = Response::json(200, "{\"path\":\"" + r.path + "\",\"q\":\"" + r.query_param("q").value_or("") +
                                         "\",\"body\":\"" + r.body + "\"}");
  res.log_user = "alice";
  return res;
}

std::string get(const std::string& target, const std::string& extra = "") {
  return "GET " + target + " HTTP/1.1\r\nHost: t\r\n" + extra + "\r\n";
}

TEST(Server, GetEchoesOrGeneratesRequestIdAndSetsHeaders) {
  TestServer s(echo);
  Client c(s.port());
  ASSERT_TRUE(c.connected());
  c.send(get("/a%20b?q=x+y", "X-Request-Id: abc-123.X_9\r\n"));
  auto r = c.read_reply();
  ASSERT_TRUE(r.complete);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, R"({"path":"/a b","q":"x y","body":""})");
  EXPECT_EQ(r.header("x-request-id"), "abc-123.X_9");
  EXPECT_EQ(r.header("server"), "loudong");
  EXPECT_EQ(r.header("x-content-type-options"), "nosniff");
  EXPECT_EQ(r.header("referrer-policy"), "no-referrer");
  EXPECT_EQ(r.header("content-security-policy"), "default-src 'none'; frame-ancestors 'none'; base-uri 'none'");
  EXPECT_EQ(r.header("x-frame-options"), "DENY");
  EXPECT_THAT(r.header("permissions-policy"), ::testing::HasSubstr("camera=()"));
  EXPECT_EQ(r.header("cross-origin-opener-policy"), "same-origin");
  EXPECT_EQ(r.header("cache-control"), "no-store");
  EXPECT_EQ(r.header("content-type"), "application/json; charset=utf-8");

  c.send(get("/", "X-Request-Id: not sane!\r\n"));
  auto g = c.read_reply();
  ASSERT_TRUE(g.complete);
  EXPECT_THAT(g.header("x-request-id"), ::testing::MatchesRegex("[0-9a-f]{32}"));

  c.send(get("/"));
  auto h = c.read_reply();
  ASSERT_TRUE(h.complete);
  EXPECT_THAT(h.header("x-request-id"), ::testing::MatchesRegex("[0-9a-f]{32}"));
  EXPECT_NE(h.header("x-request-id"), g.header("x-request-id"));
}

TEST(Server, HandlerHeadersAreKept) {
  TestServer s([](const Request&) {
    Response r;
    r.content_type = "text/html";
    r.body = "<p>";
    r.headers = {{"Cache-Control", "max-age=60"},
                 {"Referrer-Policy", "same-origin"},
                 {"Content-Security-Policy", "default-src 'self'"},
                 {"Bad", "a\r\nInjected: 1"}};
    return r;
  });
  Client c(s.port());
  c.send(get("/"));
  auto r = c.read_reply();
  ASSERT_TRUE(r.complete);
  EXPECT_EQ(r.header("cache-control"), "max-age=60");
  EXPECT_EQ(r.header("referrer-policy"), "same-origin");
  EXPECT_EQ(r.header("content-security-policy"), "default-src 'self'") << "the handler's policy, not the default";
  EXPECT_EQ(r.header("x-content-type-options"), "nosniff");
  EXPECT_EQ(r.headers.count("injected"), 0u);
  EXPECT_EQ(r.headers.count("bad"), 0u);
}

TEST(Server, KeepAliveServesSeveralRequestsOnOneConnection) {
  std::atomic<int> calls{0};
  TestServer s([&](const Request& r) {
    ++calls;
    return echo(r);
  });
  Client c(s.port());
  c.send(get("/one"));
  auto a = c.read_reply();
  ASSERT_TRUE(a.complete);
  EXPECT_THAT(a.body, HasSubstr("/one"));
  c.send(get("/two"));
  auto b = c.read_reply();
  ASSERT_TRUE(b.complete);
  EXPECT_THAT(b.body, HasSubstr("/two"));
  // Pipelined, the last one asking to close.
  c.send(get("/three") + get("/four", "Connection: close\r\n"));
  auto d = c.read_reply();
  auto e = c.read_reply();
  ASSERT_TRUE(d.complete && e.complete);
  EXPECT_THAT(d.body, HasSubstr("/three"));
  EXPECT_THAT(e.body, HasSubstr("/four"));
  EXPECT_EQ(e.header("connection"), "close");
  EXPECT_TRUE(c.closed_within(1000ms));
  EXPECT_EQ(calls.load(), 4);
}

TEST(Server, OversizedContentLengthIs413WithoutReadingTheBody) {
  std::atomic<int> calls{0};
  TestServer s([&](const Request& r) {
    ++calls;
    return echo(r);
  });
  Client c(s.port());
  // No body is sent at all: the answer must come from the header alone.
  c.send("POST /upload HTTP/1.1\r\nHost: t\r\nContent-Length: 10000000\r\n\r\n");
  auto r = c.read_reply();
  ASSERT_TRUE(r.complete);
  EXPECT_EQ(r.status, 413);
  EXPECT_EQ(r.body, R"({"error":{"code":"payload_too_large","message":"request body exceeds 1024 bytes","details":{}}})");
  EXPECT_EQ(r.header("content-type"), "application/json; charset=utf-8");
  EXPECT_EQ(r.header("connection"), "close");
  EXPECT_FALSE(r.header("x-request-id").empty());
  EXPECT_TRUE(c.closed_within(1500ms));
  EXPECT_EQ(calls.load(), 0);
}

TEST(Server, BodyLimitCanDependOnThePath) {
  Limits l = test_limits();
  Server srv(l, echo, [](std::string_view method, std::string_view path) -> std::size_t {
    return method == "POST" && path == "/big" ? 4096 : 16;
  });
  auto addr = srv.listen("127.0.0.1", 0);
  ASSERT_TRUE(addr.ok());
  const auto port = static_cast<unsigned short>(std::stoi(addr->substr(addr->rfind(':') + 1)));
  std::thread t([&] { srv.run(false); });
  {
    Client c(port);
    c.send("POST /big HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\n" + std::string(100, 'x'));
    EXPECT_EQ(c.read_reply().status, 200);
    c.send("POST /small HTTP/1.1\r\nHost: t\r\nContent-Length: 100\r\n\r\n" + std::string(100, 'x'));
    EXPECT_EQ(c.read_reply().status, 413);
  }
  srv.stop();
  t.join();
}

TEST(Server, OversizedChunkedBodyIs413) {
  std::atomic<int> calls{0};
  TestServer s([&](const Request& r) {
    ++calls;
    return echo(r);
  });
  Client c(s.port());
  std::string req = "POST /x HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 3; ++i) req += "200\r\n" + std::string(512, 'a') + "\r\n";  // 1536 > 1024
  req += "0\r\n\r\n";
  c.send(req);
  auto r = c.read_reply();
  ASSERT_TRUE(r.complete);
  EXPECT_EQ(r.status, 413);
  EXPECT_THAT(r.body, HasSubstr("\"code\":\"payload_too_large\""));
  EXPECT_EQ(calls.load(), 0);

  // A chunked body within the limit reaches the handler.
  Client ok(s.port());
  ok.send("POST /x HTTP/1.1\r\nHost: t\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n");
  auto o = ok.read_reply();
  EXPECT_EQ(o.status, 200);
  EXPECT_THAT(o.body, HasSubstr("\"body\":\"abcde\""));
}

TEST(Server, ExpectContinueGets100ThenTheResponse) {
  TestServer s(echo);
  Client c(s.port());
  c.send("POST /e HTTP/1.1\r\nHost: t\r\nContent-Length: 5\r\nExpect: 100-continue\r\n\r\n");
  auto cont = c.read_reply(true);
  ASSERT_TRUE(cont.complete);
  EXPECT_EQ(cont.status, 100);
  c.send("hello");
  auto r = c.read_reply();
  ASSERT_TRUE(r.complete);
  EXPECT_EQ(r.status, 200);
  EXPECT_THAT(r.body, HasSubstr("\"body\":\"hello\""));

  // Too large: 413 straight away, no 100.
  Client big(s.port());
  big.send("POST /e HTTP/1.1\r\nHost: t\r\nContent-Length: 5000\r\nExpect: 100-continue\r\n\r\n");
  EXPECT_EQ(big.read_reply().status, 413);
}

TEST(Server, OversizedHeadersAre431) {
  TestServer s(echo);
  Client c(s.port());
  c.send(get("/", "X-Big: " + std::string(4000, 'a') + "\r\n"));
  auto r = c.read_reply();
  ASSERT_TRUE(r.complete);
  EXPECT_EQ(r.status, 431);
  EXPECT_THAT(r.body, HasSubstr("\"code\":\"headers_too_large\""));
  EXPECT_TRUE(c.closed_within(1500ms));
}

TEST(Server, MalformedRequestIs400) {
  TestServer s(echo);
  Client c(s.port());
  c.send("GARBAGE\r\n\r\n");
  auto r = c.read_reply();
  ASSERT_TRUE(r.complete);
  EXPECT_EQ(r.status, 400);
  EXPECT_THAT(r.body, HasSubstr("\"code\":\"invalid_request\""));
}

TEST(Server, PartialHeaderTimesOutWith408AndClose) {
  Limits l = test_limits();
  l.header_timeout = 200ms;
  TestServer s(echo, l);
  Client c(s.port());
  const auto t0 = Clock::now();
  c.send("GET / HTTP/1.1\r\nHost: t\r\n");  // never finished
  auto r = c.read_reply(false, 1500ms);
  ASSERT_TRUE(r.complete);
  EXPECT_EQ(r.status, 408);
  EXPECT_TRUE(c.closed_within(1500ms));
  const auto elapsed = Clock::now() - t0;
  EXPECT_GE(elapsed, 150ms);
  EXPECT_LT(elapsed, 1500ms);

  // A connection that says nothing is closed silently.
  Client quiet(s.port());
  EXPECT_TRUE(quiet.closed_within(1500ms));
  EXPECT_EQ(quiet.pending(), "");
}

TEST(Server, SlowBodyTimesOutWith408) {
  Limits l = test_limits();
  l.body_timeout = 200ms;
  TestServer s(echo, l);
  Client c(s.port());
  c.send("POST / HTTP/1.1\r\nHost: t\r\nContent-Length: 10\r\n\r\nabc");
  auto r = c.read_reply(false, 1500ms);
  ASSERT_TRUE(r.complete);
  EXPECT_EQ(r.status, 408);
}

TEST(Server, IdleKeepAliveConnectionIsClosedAfterIdleTimeout) {
  Limits l = test_limits();
  l.idle_timeout = 200ms;
  TestServer s(echo, l);
  Client c(s.port());
  c.send(get("/"));
  ASSERT_EQ(c.read_reply().status, 200);
  EXPECT_TRUE(c.closed_within(1500ms));
  EXPECT_EQ(c.pending(), "");
}

// Two connections are answered; a third is refused with 503 (its body
// saying why) and closed; freeing a slot lets a new one in.
void expect_two_then_refused(const Limits& l, const char* why) {
  TestServer s(echo, l);
  Client a(s.port());
  Client b(s.port());
  // Both are registered once they have been answered.
  a.send(get("/"));
  b.send(get("/"));
  ASSERT_EQ(a.read_reply().status, 200);
  ASSERT_EQ(b.read_reply().status, 200);

  Client third(s.port());
  third.send(get("/"));
  auto r = third.read_reply();
  ASSERT_TRUE(r.complete);
  EXPECT_EQ(r.status, 503);
  EXPECT_THAT(r.body, HasSubstr(why));
  EXPECT_TRUE(third.closed_within(1500ms));

  // Freeing one slot lets a new connection in (once the server noticed).
  a.close();
  EXPECT_TRUE(eventually([&] {
    Client again(s.port());
    again.send(get("/"));
    return again.read_reply().status == 200;
  }));
}

TEST(Server, ConnectionsOverTheCapGet503) {
  Limits l = test_limits();
  l.max_connections = 2;
  expect_two_then_refused(l, "\"code\":\"unavailable\"");
}

// Issue 13, item 6: 1,030 idle sockets from one address made 95% of
// everyone else's requests get 503. One address now gets a share only.
TEST(Server, ConnectionsOverThePerAddressCapGet503) {
  Limits l = test_limits();
  l.max_connections = 10;
  l.max_connections_per_address = 2;
  expect_two_then_refused(l, "from your address");
}

TEST(Server, RequestsOverThePerAddressRateGet429) {
  Limits l = test_limits();
  l.requests_per_second_per_address = 1;
  l.request_burst_per_address = 3;
  TestServer s(echo, l);
  for (int i = 0; i < 3; ++i) {
    Client c(s.port());
    c.send(get("/"));
    ASSERT_EQ(c.read_reply().status, 200) << i;
  }
  Client over(s.port());
  over.send(get("/"));
  auto r = over.read_reply();
  ASSERT_TRUE(r.complete);
  EXPECT_EQ(r.status, 429);
  EXPECT_EQ(r.header("retry-after"), "1");
  EXPECT_THAT(r.body, HasSubstr("\"code\":\"rate_limited\""));
  // The bucket refills at one request a second.
  std::this_thread::sleep_for(1100ms);
  Client again(s.port());
  again.send(get("/"));
  EXPECT_EQ(again.read_reply().status, 200);
}

TEST(Server, StopLetsTheRunningRequestFinishAndClosesIdleConnections) {
  std::atomic<bool> started{false};
  TestServer s([&](const Request& r) {
    if (r.path == "/slow") {
      started = true;
      std::this_thread::sleep_for(300ms);
    }
    return echo(r);
  });
  Client idle(s.port());
  idle.send(get("/fast"));
  ASSERT_EQ(idle.read_reply().status, 200);

  Client slow(s.port());
  slow.send(get("/slow"));
  ASSERT_TRUE(eventually([&] { return started.load(); }));
  const auto t0 = Clock::now();
  s.server().stop();

  EXPECT_TRUE(idle.closed_within(1000ms));  // idle keep-alive: closed at once
  auto r = slow.read_reply(false, 1500ms);
  ASSERT_TRUE(r.complete);
  EXPECT_EQ(r.status, 200);
  EXPECT_THAT(r.body, HasSubstr("/slow"));
  EXPECT_EQ(r.header("connection"), "close");
  EXPECT_TRUE(slow.closed_within(1000ms));
  slow.close();
  EXPECT_TRUE(eventually([&] { return s.returned(); }, 1500ms));
  EXPECT_LT(Clock::now() - t0, 1500ms);

  Client late(s.port());
  EXPECT_FALSE(late.connected());
}

TEST(Server, SigtermDrainsWhenRunHandlesSignals) {
  Server srv(test_limits(), echo);
  auto addr = srv.listen("127.0.0.1", 0);
  ASSERT_TRUE(addr.ok());
  const auto port = static_cast<unsigned short>(std::stoi(addr->substr(addr->rfind(':') + 1)));
  std::atomic<bool> returned{false};
  std::thread t([&] {
    srv.run(true);
    returned = true;
  });
  Client c(port);
  c.send(get("/"));
  // Answered: the I/O threads run, so the signal set is installed.
  ASSERT_EQ(c.read_reply().status, 200);
  ::kill(::getpid(), SIGTERM);
  EXPECT_TRUE(c.closed_within(1000ms));  // the idle connection is closed
  EXPECT_TRUE(eventually([&] { return returned.load(); }, 1500ms));
  if (!returned) srv.stop();
  t.join();
}

TEST(Server, Http11WithoutHostIs400) {
  TestServer s(echo);
  Client c(s.port());
  c.send("GET / HTTP/1.1\r\n\r\n");
  EXPECT_EQ(c.read_reply().status, 400);
  Client old(s.port());
  old.send("GET / HTTP/1.0\r\n\r\n");
  auto r = old.read_reply();
  EXPECT_EQ(r.status, 200);
  EXPECT_TRUE(old.closed_within(1000ms));  // HTTP/1.0 without keep-alive
}

TEST(Server, BadPercentEscapeInPathIs400) {
  std::atomic<int> calls{0};
  TestServer s([&](const Request& r) {
    ++calls;
    return echo(r);
  });
  Client c(s.port());
  c.send(get("/a%zz"));
  auto r = c.read_reply();
  ASSERT_TRUE(r.complete);
  EXPECT_EQ(r.status, 400);
  EXPECT_THAT(r.body, HasSubstr("\"code\":\"invalid_request\""));
  EXPECT_EQ(calls.load(), 0);
}

TEST(Server, HeadHasNoBody) {
  TestServer s(echo);
  Client c(s.port());
  c.send("HEAD /h HTTP/1.1\r\nHost: t\r\n\r\n");
  auto h = c.read_reply(true);
  ASSERT_TRUE(h.complete);
  EXPECT_EQ(h.status, 200);
  const std::string full = R"({"path":"/h","q":"","body":""})";
  EXPECT_EQ(h.header("content-length"), std::to_string(full.size()));
  // The next response starts right away: no body bytes came after the head.
  c.send(get("/h"));
  auto g = c.read_reply();
  ASSERT_TRUE(g.complete);
  EXPECT_EQ(g.status, 200);
  EXPECT_EQ(g.body, full);
}

TEST(Server, HandlerThrowingGives500WithoutTheExceptionText) {
  TestServer s([](const Request&) -> Response { throw std::runtime_error("db password=hunter2"); });
  Client c(s.port());
  c.send(get("/"));
  auto r = c.read_reply();
  ASSERT_TRUE(r.complete);
  EXPECT_EQ(r.status, 500);
  EXPECT_EQ(r.body, R"({"error":{"code":"internal","message":"internal error","details":{}}})");
  EXPECT_EQ(r.header("content-type"), "application/json; charset=utf-8");
  // The connection survives.
  c.send(get("/"));
  EXPECT_EQ(c.read_reply().status, 500);
}

TEST(Server, AccessLogHasOneLinePerRequestWithoutQueryHeadersOrBody) {
  std::ostringstream out;
  auto sink = std::make_shared<spdlog::sinks::ostream_sink_mt>(out);
  spdlog::drop("access");
  auto logger = std::make_shared<spdlog::logger>("access", sink);
  logger->set_pattern("%v");
  spdlog::register_logger(logger);
  {
    TestServer s(echo);
    Client c(s.port());
    c.send("POST /items?token=sekret HTTP/1.1\r\nHost: t\r\nAuthorization: Bearer abcdef\r\n"
           "X-Request-Id: req-1\r\nContent-Length: 11\r\n\r\nbody-secret");
    ASSERT_EQ(c.read_reply().status, 200);
    c.send(get("/a%zz"));
    ASSERT_EQ(c.read_reply().status, 400);
  }
  spdlog::drop("access");
  const std::string log = out.str();
  EXPECT_THAT(log, HasSubstr("req-1 127.0.0.1 POST /items 200 "));
  EXPECT_THAT(log, HasSubstr("ms alice\n"));
  EXPECT_THAT(log, HasSubstr(" GET /a%zz 400 "));
  EXPECT_THAT(log, Not(HasSubstr("sekret")));
  EXPECT_THAT(log, Not(HasSubstr("abcdef")));
  EXPECT_THAT(log, Not(HasSubstr("body-secret")));
  EXPECT_EQ(std::count(log.begin(), log.end(), '\n'), 2);
}

TEST(Server, ListenFailsClearlyWhenThePortIsTaken) {
  TestServer s(echo);
  Server other(test_limits(), echo);
  auto r = other.listen("127.0.0.1", s.port());
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().message(),
            "cannot listen on 127.0.0.1:" + std::to_string(s.port()) + ": address already in use");
  Server bad(test_limits(), echo);
  auto b = bad.listen("127.0.0.300", 8080);
  ASSERT_FALSE(b.ok());
  EXPECT_THAT(b.error().message(), HasSubstr("cannot listen on 127.0.0.300:8080: "));
  Server local(test_limits(), echo);
  auto l = local.listen("localhost", 0);
  ASSERT_TRUE(l.ok());
  EXPECT_THAT(*l, ::testing::MatchesRegex("(127\\.0\\.0\\.1|\\[::1\\]):[0-9]+"));
}

}  // namespace
}  // namespace loudong::http
