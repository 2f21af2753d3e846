#include "api/api.h"

#include <charconv>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <spdlog/spdlog.h>

#include "api/views.h"
#include "core/fault.h"

namespace loudong::api {

namespace {

std::vector<std::string_view> split_path(std::string_view p) {
  std::vector<std::string_view> out;
  size_t i = 0;
  while (i < p.size()) {
    if (p[i] == '/') {
      ++i;
      continue;
    }
    size_t j = p.find('/', i);
    if (j == std::string_view::npos) j = p.size();
    out.push_back(p.substr(i, j - i));
    i = j;
  }
  return out;
}

bool match(const std::string& pattern, std::string_view path, std::vector<std::string>& params) {
  auto a = split_path(pattern), b = split_path(path);
  if (a.size() != b.size()) return false;
  params.clear();
  for (size_t i = 0; i < a.size(); ++i) {
    if (!a[i].empty() && a[i].front() == '{') params.emplace_back(b[i]);
    else if (a[i] != b[i]) return false;
  }
  return true;
}

bool state_changing(const std::string& m) { return m == "POST" || m == "PUT" || m == "PATCH" || m == "DELETE"; }

std::string content_type_for(const std::string& path) {
  auto ext = std::filesystem::path(path).extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js") return "text/javascript; charset=utf-8";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".png") return "image/png";
  if (ext == ".json") return "application/json; charset=utf-8";
  if (ext == ".woff2") return "font/woff2";
  if (ext == ".ico") return "image/x-icon";
  return "application/octet-stream";
}

}  // namespace

std::optional<std::string> cookie(const http::Request& r, std::string_view name) {
  auto h = r.header("cookie");
  if (!h) return std::nullopt;
  std::string_view s = *h;
  while (!s.empty()) {
    auto semi = s.find(';');
    auto part = s.substr(0, semi);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    auto eq = part.find('=');
    if (eq != std::string_view::npos && part.substr(0, eq) == name) return std::string(part.substr(eq + 1));
    if (semi == std::string_view::npos) break;
    s.remove_prefix(semi + 1);
  }
  return std::nullopt;
}

http::Response json_response(int status, const nlohmann::json& body) {
  return http::Response::json(status, body.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace));
}

http::Response error_response(const Error& e) {
  if (e.kind() == ErrorKind::internal) spdlog::error("internal error: {}", e.log_message());
  auto r = json_response(e.http_status(), error_json(e));
  // Busy store, full disk, database restarting: the client may try again.
  if (e.kind() == ErrorKind::unavailable) {
    spdlog::warn("unavailable: {}", e.log_message());
    r.headers.emplace_back("Retry-After", "1");
  }
  return r;
}

Result<std::int64_t> id_param(const Call& c, size_t i, const char* what) {
  auto v = parse_id(c.params.at(i));
  if (!v) return Error::not_found(what);
  return *v;
}

std::optional<std::int64_t> parse_id(std::string_view s) {
  std::int64_t v = 0;
  auto r = std::from_chars(s.data(), s.data() + s.size(), v);
  if (r.ec != std::errc() || r.ptr != s.data() + s.size() || v <= 0) return std::nullopt;
  return v;
}

http::Response download_response(std::string bytes, const std::string& filename) {
  http::Response r;
  // Always a download, never rendered: attachments are untrusted content.
  r.content_type = "application/octet-stream";
  r.body = std::move(bytes);
  std::string safe;
  for (char ch : filename)
    safe += (std::isalnum(static_cast<unsigned char>(ch)) || ch == '.' || ch == '-' || ch == '_') ? ch : '_';
  r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + safe + "\"");
  return r;
}

int page_limit(const Call& c) {
  auto v = c.req.query_param("limit");
  int n = v ? std::atoi(v->c_str()) : 50;
  return std::clamp(n <= 0 ? 50 : n, 1, 200);
}

namespace {

bool allowed_before_enrolment(const std::string& method, const std::string& pattern) {
  if (pattern.rfind("/api/v1/me/second-factor", 0) == 0 || pattern.rfind("/api/v1/public/", 0) == 0) return true;
  if (pattern == "/api/v1/session") return true;  // GET, sign in again, sign out
  return method == "GET" && (pattern == "/api/v1/health" || pattern == "/api/v1/openapi.json");
}

}  // namespace

Status require_user(const Call& c) {
  if (c.caller.actor.anonymous()) return Error::unauthenticated("sign in first");
  return {};
}

Api::Api(Services s, ApiOptions options) : s_(s), options_(std::move(options)) {
  add_account_routes(*this);
  add_report_routes(*this);
  add_case_routes(*this);
  add_admin_routes(*this);
  add_inventory_routes(*this);
  add_exchange_routes(*this);
  add_federation_routes(*this);
  add_advisory_routes(*this);
  add_filing_reward_routes(*this);
  add_operator_case_routes(*this);
  load_web_root();
}

void Api::add(std::string method, std::string pattern, RouteFn fn, bool large_body) {
  routes_.push_back({std::move(method), std::move(pattern), std::move(fn), large_body});
}

std::size_t Api::body_limit(std::string_view method, std::string_view path) const {
  std::vector<std::string> params;
  for (const auto& r : routes_)
    if (r.large_body && r.method == method && match(r.pattern, path, params)) {
      const auto& L = s_.ctx.limits;
      // base64 grows content by 4/3; leave room for the report's text fields.
      return static_cast<std::size_t>(L.max_attachments) * L.max_attachment_bytes / 3 * 4 + 2 * 1024 * 1024;
    }
  return 1024 * 1024;
}

void Api::load_web_root() {
  namespace fs = std::filesystem;
  if (options_.web_root.empty() || !fs::is_directory(options_.web_root)) return;
  for (const auto& entry : fs::recursive_directory_iterator(options_.web_root)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    std::string rel = "/" + fs::relative(entry.path(), options_.web_root).generic_string();
    files_[rel] = {content_type_for(rel), ss.str()};
  }
  spdlog::info("web console: {} files from {}", files_.size(), options_.web_root);
}

http::Response Api::serve_static(const http::Request& req) {
  auto it = files_.find(req.path);
  bool asset = it != files_.end();
  if (!asset) it = files_.find("/index.html");  // client-side routes of the SPA
  if (it == files_.end()) {
    http::Response r;
    r.status = req.path == "/" ? 200 : 404;
    r.content_type = "text/html; charset=utf-8";
    r.body = "<!doctype html><meta charset=utf-8><title>loudong</title><h1>loudong 漏洞管理平台</h1>"
             "<p>控制台尚未构建。The web console is not built; run <code>make run</code>.</p>"
             "<p>API: <a href=\"/api/v1/openapi.json\">/api/v1/openapi.json</a></p>";
    return r;
  }
  http::Response r;
  r.content_type = it->second.first;
  r.body = it->second.second;
  // Hashed asset names may be cached for long; index.html never.
  r.headers.emplace_back("Cache-Control", asset && req.path.rfind("/assets/", 0) == 0 ? "public, max-age=31536000, immutable" : "no-cache");
  r.headers.emplace_back("Content-Security-Policy",
                         "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
                         "frame-ancestors 'none'; base-uri 'none'");
  r.headers.emplace_back("X-Frame-Options", "DENY");
  return r;
}

http::Response Api::handle(const http::Request& req) {
  // The API, the CSAF provider tree, which CSAF 2.0 places at /.well-known/csaf/,
  // and security.txt (RFC 9116).
  if (req.path.rfind("/api/", 0) != 0 && req.path.rfind("/.well-known/csaf/", 0) != 0 &&
      req.path != "/.well-known/security.txt") {
    if (req.method != "GET" && req.method != "HEAD")
      return error_response(Error(ErrorKind::not_found, "not_found", "no route " + req.method + " " + req.path));
    return serve_static(req);
  }
  Call call{req, {}, {}, {}};
  const Route* found = nullptr;
  bool path_known = false;
  for (const auto& r : routes_) {
    std::vector<std::string> params;
    if (!match(r.pattern, req.path, params)) continue;
    path_known = true;
    if (r.method == req.method || (req.method == "HEAD" && r.method == "GET")) {
      found = &r;
      call.params = std::move(params);
      break;
    }
  }
  if (!found) {
    if (path_known) {
      auto resp = error_response(Error(ErrorKind::not_found, "method_not_allowed",
                                       "method " + req.method + " is not allowed on " + req.path));
      resp.status = 405;
      return resp;
    }
    return error_response(Error(ErrorKind::not_found, "not_found", "no route " + req.method + " " + req.path));
  }
  call.caller.request_id = req.request_id;
  call.caller.remote_address = req.remote_address;

  if (state_changing(req.method) && !req.body.empty()) {
    auto ct = req.header("content-type");
    std::string_view media = ct ? ct->substr(0, ct->find(';')) : std::string_view();
    while (!media.empty() && media.back() == ' ') media.remove_suffix(1);
    if (media != "application/json")
      return error_response(Error(ErrorKind::unsupported_media_type, "unsupported_media_type",
                                  "send the body as application/json"));
  }

  // Authentication. Presented credentials that do not work are a 401, so a
  // client never silently acts as anonymous by mistake.
  if (auto auth = req.header("authorization")) {
    if (auth->substr(0, 7) != "Bearer ")
      return error_response(Error::unauthenticated("Authorization must be \"Bearer <token>\""));
    auto a = s_.accounts.authenticate_bearer(std::string(auth->substr(7)));
    if (!a.ok()) return error_response(a.error());
    call.caller.actor = a->actor;
    call.must_enrol = a->must_enrol;
  } else if (auto token = cookie(req, "ld_session")) {
    auto a = s_.accounts.authenticate_session(*token);
    if (!a.ok()) {
      // Signing in again must work with a stale cookie in the browser.
      if (!(req.method == "POST" && req.path == "/api/v1/session")) {
        auto resp = error_response(a.error());
        resp.headers.emplace_back("Set-Cookie", "ld_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict");
        return resp;
      }
    } else {
      call.caller.actor = a->actor;
      call.csrf_token = a->csrf_token;
      call.must_enrol = a->must_enrol;
      if (state_changing(req.method)) {
        auto sent = req.header("x-csrf-token");
        if (!sent || !crypto::constant_time_equal(*sent, a->csrf_token))
          return error_response(Error(ErrorKind::permission_denied, "csrf_failed",
                                      "missing or wrong X-CSRF-Token header for this session"));
      }
    }
  }
  // The policy requires this caller's second factor and it is not on: the
  // session may be looked at, ended, and used to enrol, nothing else.
  if (call.must_enrol && !allowed_before_enrolment(req.method, found->pattern))
    return error_response(Error(ErrorKind::permission_denied, "second_factor_enrolment_required",
                                "turn on the second factor first (the policy requires it for your role)"));
  // Test builds: X-Loudong-Fault: N fails the route's N-th storage
  // operation (core/fault.h); the answer says how many it ran, so a sweep
  // knows when N is past the last.
  fault::Plan plan;
  auto fault_header = fault::compiled_in() ? req.header("x-loudong-fault") : std::nullopt;
  if (fault_header) plan.fail_at = std::atoi(std::string(*fault_header).c_str());
  http::Response resp;
  try {
    fault::Scope faults(fault_header ? &plan : nullptr);
    resp = found->fn(call);
  } catch (const AbortRequest& a) {
    resp = error_response(a.error);
  }
  if (fault_header) {
    resp.headers.emplace_back("X-Loudong-Fault-Operations", std::to_string(plan.count));
    resp.headers.emplace_back("X-Loudong-Fault-Injected", plan.hit ? "1" : "0");
  }
  resp.log_user = call.caller.actor.anonymous() ? "-" : call.caller.actor.username;
  return resp;
}

}  // namespace loudong::api
