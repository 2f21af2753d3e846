// The OpenAPI document and the router must describe the same routes: a
// route added without documentation, or documentation of a route that does
// not exist, fails here.
#include <filesystem>
#include <set>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "api/api.h"
#include "api/openapi.h"

namespace loudong::api {
namespace {

namespace fs = std::filesystem;

struct Fixture {
  fs::path dir = fs::temp_directory_path() / ("loudong-api-" + std::to_string(::getpid()));
  std::unique_ptr<store::Store> store;
  SystemClock clock;
  std::unique_ptr<services::Context> ctx;
  std::unique_ptr<services::Accounts> accounts;
  std::unique_ptr<services::Intake> intake;
  std::unique_ptr<services::Triage> triage;
  std::unique_ptr<services::Cases> cases;
  std::unique_ptr<services::Filings> filings;
  std::unique_ptr<services::Products> products;
  std::unique_ptr<services::ReceiptLog> receipts;
  std::unique_ptr<services::Exchange> exchange;
  std::unique_ptr<services::Federation> federation;
  std::unique_ptr<services::Authority> authority;
  std::unique_ptr<services::Advisories> advisories;
  std::unique_ptr<Api> api;

  Fixture() {
    EXPECT_TRUE(crypto::init().ok());
    fs::remove_all(dir);
    fs::create_directories(dir);
    store = store::open_sqlite_store({(dir / "db").string()}).value();
    ctx.reset(new services::Context{*store, clock, {}, TimeZone(), crypto::generate_seal_key(), {}, std::nullopt, false});
    accounts = std::make_unique<services::Accounts>(*ctx);
    intake = std::make_unique<services::Intake>(*ctx);
    triage = std::make_unique<services::Triage>(*ctx);
    cases = std::make_unique<services::Cases>(*ctx);
    filings = std::make_unique<services::Filings>(*ctx);
    products = std::make_unique<services::Products>(*ctx);
    receipts = std::make_unique<services::ReceiptLog>(*ctx);
    exchange = std::make_unique<services::Exchange>(*ctx);
    federation = std::make_unique<services::Federation>(*ctx, *intake);
    authority = std::make_unique<services::Authority>(*ctx);
    advisories = std::make_unique<services::Advisories>(*ctx);
    api = std::make_unique<Api>(Services{*ctx, *accounts, *intake, *triage, *cases, *filings, *products, *receipts,
                                         *exchange, *federation, *authority, *advisories},
                                ApiOptions{});
  }
  ~Fixture() {
    api.reset();
    store.reset();
    fs::remove_all(dir);
  }
};

std::string lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

TEST(OpenApi, DocumentsExactlyTheRoutesTheServerHas) {
  Fixture f;
  auto doc = nlohmann::json::parse(openapi_document());
  ASSERT_EQ(doc["openapi"].get<std::string>().substr(0, 2), "3.");
  std::set<std::string> documented, served;
  for (auto& [path, ops] : doc["paths"].items())
    for (auto& [method, op] : ops.items()) {
      documented.insert(lower(method) + " " + path);
      EXPECT_TRUE(op.contains("summary")) << method << " " << path;
      EXPECT_TRUE(op.contains("responses")) << method << " " << path;
    }
  for (const auto& r : f.api->routes()) served.insert(lower(r.method) + " " + r.pattern);
  for (const auto& s : served) EXPECT_TRUE(documented.count(s)) << "route not in openapi.json: " << s;
  for (const auto& d : documented) EXPECT_TRUE(served.count(d)) << "openapi.json documents a missing route: " << d;
  EXPECT_GE(served.size(), 50u);
}

TEST(OpenApi, EveryRequestBodySchemaExists) {
  auto doc = nlohmann::json::parse(openapi_document());
  for (auto& [path, ops] : doc["paths"].items())
    for (auto& [method, op] : ops.items()) {
      if (!op.contains("requestBody")) continue;
      std::string ref = op["requestBody"]["content"]["application/json"]["schema"]["$ref"];
      std::string name = ref.substr(ref.rfind('/') + 1);
      EXPECT_TRUE(doc["components"]["schemas"].contains(name)) << method << " " << path << " -> " << ref;
    }
}

TEST(Api, UnknownRouteWrongMethodAndMediaType) {
  Fixture f;
  http::Request r;
  r.method = "GET";
  r.path = "/api/v1/nope";
  auto resp = f.api->handle(r);
  EXPECT_EQ(resp.status, 404);
  EXPECT_NE(resp.body.find("\"code\":\"not_found\""), std::string::npos);
  r.method = "DELETE";
  r.path = "/api/v1/reports";
  EXPECT_EQ(f.api->handle(r).status, 405);
  r.method = "POST";
  r.body = "title=x";
  r.headers = {{"content-type", "application/x-www-form-urlencoded"}};
  EXPECT_EQ(f.api->handle(r).status, 415);
  r.headers = {{"content-type", "application/json"}};
  r.body = "{\"title\": ";
  auto bad = f.api->handle(r);
  EXPECT_EQ(bad.status, 400);
  EXPECT_NE(bad.body.find("malformed_json"), std::string::npos);
}

}  // namespace
}  // namespace loudong::api
