// Products (design.md "Product"): provider, name, model, kind, versions,
// identifiers (purl, CPE) and customers to notify.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "services/common.h"

namespace loudong::services {

struct ProductInput {
  std::optional<domain::Id> provider_org;  // required on create
  std::optional<std::string> name, model, kind, platform;
  std::optional<std::string> app_id, store_version;  // apps and mini-programs (R-APPS)
  std::optional<std::vector<std::string>> versions, purls, cpes;
  std::optional<std::vector<domain::Customer>> customers;
};

// A product as shown to someone who may not manage it: without customers.
domain::Product public_view(domain::Product p);
// The one rule for who sees a product's customers (confidential commercial
// data): those who manage the provider's products (domain::can_see_customers).
// Every view of a product, on its own or inside a case, goes through here.
domain::Product product_as_seen_by(const domain::Actor& a, domain::Product p);

class Products {
 public:
  explicit Products(Context& ctx) : ctx_(ctx) {}
  Result<domain::Product> create(const Caller& c, const ProductInput& in);
  Result<domain::Product> update(const Caller& c, domain::Id id, const ProductInput& in);
  // Any signed-in user may read products; customers only those who manage it.
  Result<domain::Product> get(const Caller& c, domain::Id id);
  Result<store::Page<domain::Product>> list(const Caller& c, store::ProductFilter f);
  // For the public submission form: names and models only.
  Result<store::Page<domain::Product>> list_public(store::ProductFilter f);

 private:
  Status apply(domain::Product& p, const ProductInput& in, Error& e);
  Context& ctx_;
};

}  // namespace loudong::services
