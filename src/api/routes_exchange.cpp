// Notifications and the outbox: webhook subscriptions, the signed-in
// user's notification preferences, the deliveries view, federation peers.
#include "api/api.h"
#include "api/exchange_views.h"
#include "api/json_input.h"

namespace loudong::api {

namespace {

Result<services::WebhookInput> read_webhook(const std::string& body_text) {
  LD_ASSIGN_OR_RETURN(auto body, parse_body(body_text));
  JsonReader r(body);
  services::WebhookInput in;
  in.url = r.str("url");
  in.description = r.str("description");
  in.events = r.strings("events");
  in.enabled = r.boolean("enabled");
  if (body.contains("min_grade")) {
    if (body["min_grade"].is_null()) in.min_grade = std::optional<std::string>();
    else in.min_grade = r.str("min_grade");
  }
  LD_RETURN_IF_ERROR(r.finish());
  return in;
}

}  // namespace

void add_exchange_routes(Api& api) {
  services::Exchange& ex = api.svc().exchange;

  api.add("GET", "/api/v1/orgs/{id}/webhooks", [&ex](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto org, id_param(c, 0, "organisation"));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto list, ex.webhooks(c.caller, org));
    json items = json::array();
    for (const auto& w : list) items.push_back(webhook_json(w));
    return json_response(200, {{"items", items}});
  });
  api.add("POST", "/api/v1/orgs/{id}/webhooks", [&ex](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto org, id_param(c, 0, "organisation"));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto in, read_webhook(c.req.body));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto created, ex.create_webhook(c.caller, org, in));
    json j = webhook_json(created.subscription);
    j["secret"] = created.secret;
    return json_response(201, j);
  });
  api.add("PATCH", "/api/v1/webhooks/{id}", [&ex](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto id, id_param(c, 0, "webhook subscription"));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto in, read_webhook(c.req.body));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto w, ex.update_webhook(c.caller, id, in));
    return json_response(200, webhook_json(w));
  });
  api.add("DELETE", "/api/v1/webhooks/{id}", [&ex](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto id, id_param(c, 0, "webhook subscription"));
    if (auto st = ex.delete_webhook(c.caller, id); !st.ok()) return error_response(st.error());
    return json_response(200, {{"deleted", id}});
  });
  api.add("POST", "/api/v1/webhooks/{id}/secret", [&ex](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto id, id_param(c, 0, "webhook subscription"));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto created, ex.rotate_secret(c.caller, id));
    json j = webhook_json(created.subscription);
    j["secret"] = created.secret;
    return json_response(200, j);
  });
  api.add("POST", "/api/v1/webhooks/{id}/test", [&ex](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto id, id_param(c, 0, "webhook subscription"));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto delivery, ex.test_webhook(c.caller, id));
    return json_response(202, {{"delivery_id", delivery}});
  });

  api.add("GET", "/api/v1/me/notifications", [&ex](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto p, ex.prefs(c.caller));
    return json_response(200, prefs_json(p));
  });
  api.add("PUT", "/api/v1/me/notifications", [&ex](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto body, parse_body(c.req.body));
    JsonReader r(body);
    store::NotificationPrefs p;
    p.email = r.boolean("email").value_or(true);
    p.events = r.strings("events").value_or(std::vector<std::string>{});
    p.digest = r.str("mode").value_or("immediate") == "digest";
    p.language = r.str("language").value_or("zh-CN");
    auto mode = body.value("mode", "immediate");
    std::optional<std::string> grade;
    if (body.contains("min_grade") && !body["min_grade"].is_null()) grade = r.str("min_grade");
    if (auto st = r.finish(); !st.ok()) return error_response(st.error());
    if (mode != "immediate" && mode != "digest")
      return error_response(Error::field("mode", "bad_mode", "mode must be immediate or digest"));
    if (grade) {
      auto g = assessment::parse_grade(*grade, "min_grade");
      if (!g.ok()) return error_response(Error::field("min_grade", "bad_grade", "min_grade must be critical, high, medium or low"));
      p.min_grade = *g;
    }
    LD_ASSIGN_OR_RETURN_RESPONSE(auto saved, ex.set_prefs(c.caller, p));
    return json_response(200, prefs_json(saved));
  });

  api.add("GET", "/api/v1/deliveries", [&ex](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    store::OutboxFilter f;
    f.limit = page_limit(c);
    if (auto v = c.req.query_param("state"); v && !v->empty()) {
      auto s = parse_enum<store::OutboxState>(*v);
      if (!s) return error_response(Error::field("state", "bad_value", "state must be one of: " + allowed_names<store::OutboxState>()));
      f.state = *s;
    }
    if (auto v = c.req.query_param("kind"); v && !v->empty()) {
      auto k = parse_enum<store::OutboxKind>(*v);
      if (!k) return error_response(Error::field("kind", "bad_value", "kind must be one of: " + allowed_names<store::OutboxKind>()));
      f.kind = *k;
    }
    if (auto v = c.req.query_param("webhook_id"); v && !v->empty()) f.webhook_id = std::atoll(v->c_str());
    if (auto v = c.req.query_param("cursor"); v && !v->empty()) f.before_id = std::atoll(v->c_str());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto page, ex.deliveries(c.caller, f));
    json items = json::array();
    for (const auto& m : page.first) items.push_back(delivery_json(m));
    json out = {{"items", items},
                {"counts",
                 {{"pending", page.second.pending},
                  {"sending", page.second.sending},
                  {"sent", page.second.sent},
                  {"dead", page.second.dead}}},
                {"next_cursor", static_cast<int>(page.first.size()) == f.limit && !page.first.empty()
                                    ? std::to_string(page.first.back().id)
                                    : ""}};
    return json_response(200, out);
  });
  api.add("GET", "/api/v1/deliveries/{id}", [&ex](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto id, id_param(c, 0, "delivery"));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto d, ex.delivery(c.caller, id));
    json j = delivery_json(d.message);
    json attempts = json::array();
    for (const auto& a : d.attempts)
      attempts.push_back({{"at", format_utc(a.at)}, {"status", a.status}, {"error", a.error}, {"duration_ms", a.duration_ms}});
    j["attempts"] = attempts;
    return json_response(200, j);
  });
  api.add("POST", "/api/v1/deliveries/{id}/retry", [&ex](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto id, id_param(c, 0, "delivery"));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto m, ex.retry(c.caller, id));
    return json_response(200, delivery_json(m));
  });

  api.add("GET", "/api/v1/peers", [&ex](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto list, ex.peers(c.caller));
    json items = json::array();
    for (const auto& p : list) items.push_back(peer_json(p));
    return json_response(200, {{"items", items}});
  });
  api.add("POST", "/api/v1/peers", [&ex](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto body, parse_body(c.req.body));
    JsonReader r(body);
    services::PeerInput in;
    in.name = r.str("name").value_or("");
    in.base_url = r.str("base_url").value_or("");
    in.token = r.str("token").value_or("");
    in.pinned_cert_sha256 = r.str("pinned_cert_sha256").value_or("");
    in.org_id = r.integer("org_id").value_or(0);
    if (auto st = r.finish(); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto p, ex.add_peer(c.caller, in));
    return json_response(201, peer_json(p));
  });
  api.add("DELETE", "/api/v1/peers/{id}", [&ex](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto id, id_param(c, 0, "peer"));
    if (auto st = ex.remove_peer(c.caller, id); !st.ok()) return error_response(st.error());
    return json_response(200, {{"deleted", id}});
  });
}

}  // namespace loudong::api
