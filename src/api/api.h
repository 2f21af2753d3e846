// The JSON API under /api/v1 and the static web console, as one
// http::Handler. Handlers are thin: parse input, call a service, write JSON.
//
// Authentication: a session cookie (ld_session, HttpOnly, SameSite=Strict)
// plus the X-CSRF-Token header on every state-changing request, or an
// "Authorization: Bearer" API token (no CSRF: not sent by browsers on their own).
#pragma once

#include <functional>
#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "http/server.h"
#include "services/accounts.h"
#include "services/advisories.h"
#include "services/authority.h"
#include "services/cases.h"
#include "services/exchange.h"
#include "services/federation.h"
#include "services/filings.h"
#include "services/intake.h"
#include "services/products.h"
#include "services/receipt_log.h"
#include "services/triage.h"

namespace loudong::api {

struct Services {
  services::Context& ctx;
  services::Accounts& accounts;
  services::Intake& intake;
  services::Triage& triage;
  services::Cases& cases;
  services::Filings& filings;
  services::Products& products;
  services::ReceiptLog& receipts;
  services::Exchange& exchange;
  services::Federation& federation;
  services::Authority& authority;
  services::Advisories& advisories;
};

struct ApiOptions {
  std::string web_root;  // directory of the built console (index.html); empty: none
  std::string platform_name = "loudong";
  std::string filing_number;  // 备案号, shown on public pages; empty until filed
  std::string cna_org_id;     // the CNA's organisation UUID for CVE records (platform.cna_org_id)
};

struct Call {
  const http::Request& req;
  std::vector<std::string> params;  // path captures in order
  services::Caller caller;
  std::string csrf_token;  // of the session, if any
  bool must_enrol = false;  // services::Authenticated::must_enrol
};

using RouteFn = std::function<http::Response(Call&)>;

struct Route {
  std::string method;
  std::string pattern;  // "/api/v1/cases/{id}/transitions"
  RouteFn fn;
  bool large_body = false;  // intake with attachments
};

class Api {
 public:
  Api(Services s, ApiOptions options);
  http::Response handle(const http::Request& req);
  std::size_t body_limit(std::string_view method, std::string_view path) const;
  const std::vector<Route>& routes() const { return routes_; }

  // For route files.
  void add(std::string method, std::string pattern, RouteFn fn, bool large_body = false);
  Services& svc() { return s_; }
  const ApiOptions& options() const { return options_; }

 private:
  http::Response serve_static(const http::Request& req);
  void load_web_root();

  Services s_;
  ApiOptions options_;
  std::vector<Route> routes_;
  std::map<std::string, std::pair<std::string, std::string>> files_;  // path -> (content type, bytes)
};

// Helpers for route files.
http::Response json_response(int status, const nlohmann::json& body);
http::Response error_response(const Error& e);
Result<std::int64_t> id_param(const Call& c, size_t i, const char* what);
// A positive decimal id, as in paths and query parameters.
std::optional<std::int64_t> parse_id(std::string_view s);
// Stored bytes as a download under a sanitised file name (never rendered).
http::Response download_response(std::string bytes, const std::string& filename);
// The value of a cookie sent with the request.
std::optional<std::string> cookie(const http::Request& r, std::string_view name);
// ?limit= clamped to 1..200, default 50.
int page_limit(const Call& c);
// Fails with unauthenticated unless the caller is signed in.
Status require_user(const Call& c);

// In a route: declares `lhs` from a Result, or returns its error response.
#define LD_ASSIGN_OR_RETURN_RESPONSE(lhs, expr) \
  LD_ASSIGN_OR_RETURN_RESPONSE_I(lhs, expr, LD_CONCAT(ld_result_, __LINE__))
#define LD_ASSIGN_OR_RETURN_RESPONSE_I(lhs, expr, tmp) \
  auto tmp = (expr);                                   \
  if (!tmp.ok()) return ::loudong::api::error_response(tmp.error()); \
  lhs = std::move(tmp).value()

void add_account_routes(Api& api);
void add_report_routes(Api& api);
void add_case_routes(Api& api);
void add_admin_routes(Api& api);
void add_inventory_routes(Api& api);
void add_exchange_routes(Api& api);
void add_federation_routes(Api& api);
void add_advisory_routes(Api& api);
void add_filing_reward_routes(Api& api);
void add_operator_case_routes(Api& api);

}  // namespace loudong::api
