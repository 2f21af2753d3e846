// Products, receipt log, access log, dashboard.
#include "api/api.h"
#include "api/json_input.h"
#include "api/views.h"
#include "services/access_log.h"

namespace loudong::api {

using namespace domain;

namespace {

Result<services::ProductInput> read_product(const json& body) {
  JsonReader r(body);
  services::ProductInput in;
  if (auto o = r.integer("provider_org")) in.provider_org = *o;
  in.name = r.str("name");
  in.model = r.str("model");
  in.kind = r.str("kind");
  in.platform = r.str("platform");
  in.app_id = r.str("app_id");
  in.store_version = r.str("store_version");
  in.versions = r.strings("versions");
  in.purls = r.strings("purls");
  in.cpes = r.strings("cpes");
  if (const json* cs = r.array("customers")) {
    std::vector<Customer> customers;
    for (size_t i = 0; i < cs->size(); ++i) {
      std::string f = "customers[" + std::to_string(i) + "]";
      if (!(*cs)[i].is_object()) {
        r.add_error(f, "wrong_type", f + " must be an object");
        continue;
      }
      JsonReader cr((*cs)[i], f + ".");
      Customer c;
      c.name = cr.str("name").value_or("");
      c.contact = cr.str("contact").value_or("");
      if (auto o = cr.integer("org_id")) c.org_id = *o;
      LD_RETURN_IF_ERROR(cr.finish());
      customers.push_back(std::move(c));
    }
    in.customers = std::move(customers);
  }
  LD_RETURN_IF_ERROR(r.finish());
  return in;
}

}  // namespace

void add_admin_routes(Api& api) {
  Services& s = api.svc();

  api.add("GET", "/api/v1/products", [&s](Call& c) {
    store::ProductFilter f;
    if (auto v = c.req.query_param("provider_org"); v && !v->empty()) f.provider_org = std::atoll(v->c_str());
    f.text = c.req.query_param("text").value_or("");
    f.page.limit = page_limit(c);
    f.page.cursor = c.req.query_param("cursor").value_or("");
    LD_ASSIGN_OR_RETURN_RESPONSE(auto page, s.products.list(c.caller, f));
    return json_response(200, page_json(page, product_json));
  });
  api.add("POST", "/api/v1/products", [&s](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto body, parse_body(c.req.body));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto in, read_product(body));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto p, s.products.create(c.caller, in));
    return json_response(201, product_json(p));
  });
  api.add("GET", "/api/v1/products/{id}", [&s](Call& c) {
    LD_ASSIGN_OR_RETURN_RESPONSE(auto id, id_param(c, 0, "product"));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto p, s.products.get(c.caller, id));
    return json_response(200, product_json(p));
  });
  api.add("PATCH", "/api/v1/products/{id}", [&s](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto id, id_param(c, 0, "product"));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto body, parse_body(c.req.body));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto in, read_product(body));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto p, s.products.update(c.caller, id, in));
    return json_response(200, product_json(p));
  });

  api.add("GET", "/api/v1/receipts", [&s](Call& c) {
    store::ReceiptFilter f;
    for (const char* name : {"from", "to"}) {
      auto v = c.req.query_param(name);
      if (!v || v->empty()) continue;
      auto t = parse_time(*v);
      if (!t.ok()) return error_response(Error::field(name, "bad_time", t.error().message()));
      (std::string(name) == "from" ? f.from : f.to) = *t;
    }
    if (auto v = c.req.query_param("channel"); v && !v->empty()) {
      auto ch = parse_enum<Channel>(*v);
      if (!ch) return error_response(Error::field("channel", "bad_value", "channel must be one of: " + allowed_names<Channel>()));
      f.channel = *ch;
    }
    f.page.limit = page_limit(c);
    f.page.cursor = c.req.query_param("cursor").value_or("");
    LD_ASSIGN_OR_RETURN_RESPONSE(auto page, s.receipts.list(c.caller, f));
    return json_response(200, page_json(page, receipt_json));
  });
  api.add("POST", "/api/v1/receipts/verify", [&s](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    if (!can_audit(c.caller.actor)) return error_response(Error::not_found("receipt log"));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto v, s.receipts.verify());
    return json_response(200, verify_json(v));
  });
  // The signed head checkpoints (services/receipt_checkpoints.h), newest
  // first, with the public key that signs them: what an auditor copies off
  // the machine to check later verifies against.
  api.add("GET", "/api/v1/receipts/checkpoints", [&s](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto list, s.receipts.checkpoints(c.caller, static_cast<std::size_t>(page_limit(c))));
    json items = json::array();
    for (const auto& cp : list) items.push_back(services::checkpoint_json(cp));
    const auto* log = s.receipts.checkpoint_log();
    return json_response(200, {{"signing_key", log ? log->key_id() : std::string()},
                               {"message_format", "loudong-receipt-checkpoint-v1\\n<seq>\\n<hash>\\n<at>\\n"},
                               {"items", items}});
  });
  api.add("GET", "/api/v1/access-log", [&s](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    if (!can_audit(c.caller.actor)) return error_response(Error::not_found("access log"));
    store::PageRequest p;
    p.limit = page_limit(c);
    p.cursor = c.req.query_param("cursor").value_or("");
    LD_ASSIGN_OR_RETURN_RESPONSE(auto page, s.ctx.store.read([&](store::ReadTx& tx) { return tx.access_log(p); }));
    return json_response(200, page_json(page, [](const AccessEntry& e) {
      return json{{"id", e.id},         {"at", format_utc(e.at)}, {"actor", e.actor_name}, {"action", e.action},
                  {"object_type", e.object_type}, {"object_id", e.object_id}, {"detail", e.detail},
                  {"request_id", e.request_id}, {"seq", e.seq}, {"hash", e.hash}};
    }));
  });
  // The access log's hash chain checked whole (`loudong access verify` does
  // the same from the command line).
  api.add("POST", "/api/v1/access-log/verify", [&s](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    if (!can_audit(c.caller.actor)) return error_response(Error::not_found("access log"));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto v, services::verify_access_log(s.ctx.store));
    return json_response(200, {{"ok", v.ok},
                               {"checked", v.checked},
                               {"first_broken_seq", v.first_broken_seq ? json(v.first_broken_seq) : json(nullptr)},
                               {"first_broken_id", v.first_broken_id ? json(v.first_broken_id) : json(nullptr)},
                               {"problem", v.problem},
                               {"head_seq", v.head_seq},
                               {"head_hash", v.head_hash}});
  });
  api.add("GET", "/api/v1/dashboard", [&s](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    auto orgs = services::visible_orgs(c.caller.actor);
    Time now = s.ctx.clock.now();
    LD_ASSIGN_OR_RETURN_RESPONSE(auto d, s.ctx.store.read([&](store::ReadTx& tx) { return tx.dashboard(orgs, now, 12); }));
    json by_state = json::object(), by_grade = json::object(), weeks = json::array(), fix = json::array();
    for (const auto& [k, n] : d.cases_by_state) by_state[k] = n;
    for (const auto& [k, n] : d.cases_by_grade) by_grade[k.empty() ? "ungraded" : k] = n;
    for (const auto& w : d.regulatory_compliance) weeks.push_back({{"week", w.week}, {"met_on_time", w.met_on_time}, {"total", w.total}});
    for (const auto& f : d.time_to_fix)
      fix.push_back({{"grade", f.grade.empty() ? "ungraded" : f.grade}, {"median_days", f.median_days}, {"count", f.count}});
    return json_response(200, {{"cases_by_state", by_state}, {"cases_by_grade", by_grade},
                               {"regulatory_compliance", weeks}, {"time_to_fix_days", fix}});
  });
}

}  // namespace loudong::api
