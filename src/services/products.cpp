#include "services/products.h"

#include "domain/app_products.h"
#include "versions/purl.h"

namespace loudong::services {

using namespace domain;

Product public_view(Product p) {
  p.customers.clear();
  return p;
}

Product product_as_seen_by(const Actor& a, Product p) {
  return can_see_customers(a, p.provider_org) ? std::move(p) : public_view(std::move(p));
}

Status Products::apply(Product& p, const ProductInput& in, Error& e) {
  if (in.name) p.name = clean_text(*in.name, "name", 300, true, e);
  if (in.model) p.model = clean_text(*in.model, "model", 300, false, e);
  if (in.platform) p.platform = clean_text(*in.platform, "platform", 100, false, e);
  if (in.kind) {
    auto k = parse_enum<ProductKind>(*in.kind);
    if (!k) e.add_field({"kind", "bad_value", "kind must be one of: " + allowed_names<ProductKind>()});
    else p.kind = *k;
  }
  if (in.versions) {
    p.versions.clear();
    for (size_t i = 0; i < in.versions->size(); ++i) {
      std::string v = clean_text((*in.versions)[i], ("versions[" + std::to_string(i) + "]").c_str(), 100, true, e);
      if (!v.empty()) p.versions.push_back(v);
    }
  }
  if (in.purls) {
    p.purls.clear();
    for (size_t i = 0; i < in.purls->size(); ++i) {
      auto parsed = versions::parse_purl((*in.purls)[i]);
      if (!parsed.ok())
        e.add_field({"purls[" + std::to_string(i) + "]", "bad_purl", parsed.error().message()});
      else
        p.purls.push_back(versions::to_string(*parsed));
    }
  }
  if (in.cpes) {
    p.cpes.clear();
    for (size_t i = 0; i < in.cpes->size(); ++i) {
      const auto& cpe = (*in.cpes)[i];
      if (cpe.rfind("cpe:2.3:", 0) != 0 && cpe.rfind("cpe:/", 0) != 0)
        e.add_field({"cpes[" + std::to_string(i) + "]", "bad_cpe", "a CPE starts with cpe:2.3: (or cpe:/ for 2.2)"});
      else
        p.cpes.push_back(cpe);
    }
  }
  if (in.app_id) p.app_id = clean_text(*in.app_id, "app_id", 200, false, e);
  if (in.store_version) p.store_version = clean_text(*in.store_version, "store_version", 100, false, e);
  // Checked on the product as it will be, so changing only the kind or
  // only the platform cannot leave an app without a valid id.
  if (e.fields().empty())
    for (auto& f : app_product_problems(p.kind, p.platform, p.app_id, p.store_version)) e.add_field(std::move(f));
  if (in.customers) {
    p.customers.clear();
    for (size_t i = 0; i < in.customers->size(); ++i) {
      Customer cu = (*in.customers)[i];
      std::string f = "customers[" + std::to_string(i) + "]";
      cu.name = clean_text(cu.name, (f + ".name").c_str(), 300, true, e);
      cu.contact = clean_text(cu.contact, (f + ".contact").c_str(), 300, false, e);
      p.customers.push_back(std::move(cu));
    }
  }
  if (!e.fields().empty()) return Error::from_fields(e.fields());
  return {};
}

Result<Product> Products::create(const Caller& c, const ProductInput& in) {
  if (!in.provider_org) return Error::field("provider_org", "required", "provider_org is required");
  if (!in.name) return Error::field("name", "required", "name is required");
  if (!can_manage_products(c.actor, *in.provider_org))
    return Error::denied("you may not add products for this provider");
  Product p;
  p.provider_org = *in.provider_org;
  Error e = Error::unprocessable("invalid product");
  LD_RETURN_IF_ERROR(apply(p, in, e));
  p.created_at = p.updated_at = ctx_.clock.now();
  LD_ASSIGN_OR_RETURN(p.id, ctx_.store.write([&](store::WriteTx& tx) -> Result<Id> {
    LD_ASSIGN_OR_RETURN(auto org, tx.org(p.provider_org));
    if (!org) return Error::field("provider_org", "unknown", "no organisation with this id");
    LD_ASSIGN_OR_RETURN(Id id, tx.insert_product(p));
    LD_RETURN_IF_ERROR(log_access(tx, c, p.created_at, "change", "product", id, "created").status());
    return id;
  }));
  return p;
}

Result<Product> Products::update(const Caller& c, Id id, const ProductInput& in) {
  Time now = ctx_.clock.now();
  return ctx_.store.write([&](store::WriteTx& tx) -> Result<Product> {
    LD_ASSIGN_OR_RETURN(auto p, tx.product(id));
    if (!p) return Error::not_found("product");
    if (!can_manage_products(c.actor, p->provider_org)) return Error::denied("you may not change this product");
    if (in.provider_org && *in.provider_org != p->provider_org)
      return Error::field("provider_org", "immutable", "a product's provider cannot change");
    Error e = Error::unprocessable("invalid product");
    LD_RETURN_IF_ERROR(apply(*p, in, e));
    p->updated_at = now;
    LD_RETURN_IF_ERROR(tx.update_product(*p));
    LD_RETURN_IF_ERROR(log_access(tx, c, now, "change", "product", id, "updated").status());
    return std::move(*p);
  });
}

Result<Product> Products::get(const Caller& c, Id id) {
  if (c.actor.anonymous()) return Error::unauthenticated();
  LD_ASSIGN_OR_RETURN(auto p, ctx_.store.read([&](store::ReadTx& tx) { return tx.product(id); }));
  if (!p) return Error::not_found("product");
  return product_as_seen_by(c.actor, std::move(*p));
}

Result<store::Page<Product>> Products::list(const Caller& c, store::ProductFilter f) {
  if (c.actor.anonymous()) return Error::unauthenticated();
  LD_ASSIGN_OR_RETURN(auto page, ctx_.store.read([&](store::ReadTx& tx) { return tx.products(f); }));
  for (auto& p : page.items) p = product_as_seen_by(c.actor, std::move(p));
  return page;
}

Result<store::Page<Product>> Products::list_public(store::ProductFilter f) {
  LD_ASSIGN_OR_RETURN(auto page, ctx_.store.read([&](store::ReadTx& tx) { return tx.products(f); }));
  for (auto& p : page.items) p = public_view(std::move(p));
  return page;
}

}  // namespace loudong::services
