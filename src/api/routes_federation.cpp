// Federation between deployments and the authority role: filing a
// regulatory report with an authority's deployment, upstream notices and
// forwarded reports to peers, the inbound calls peers make to us, the
// authority's inbox, and threat records shared with partners (R-THREAT).
#include "api/api.h"
#include "api/exchange_views.h"
#include "api/json_input.h"

namespace loudong::api {

namespace {

services::InboundCall inbound(const Call& c) {
  services::InboundCall in;
  if (auto k = c.req.header("idempotency-key")) in.idempotency_key = std::string(*k);
  in.raw_body = c.req.body;
  in.source_address = c.req.remote_address;
  return in;
}

http::Response answer(const Result<services::InboundAnswer>& a) {
  if (!a.ok()) return error_response(a.error());
  return json_response(a->status, a->body);
}

Result<store::InboxFilter> inbox_filter(const Call& c) {
  store::InboxFilter f;
  f.limit = page_limit(c);
  if (auto v = c.req.query_param("state"); v && !v->empty()) {
    if (*v != "received" && *v != "acknowledged" && *v != "returned")
      return Error::field("state", "bad_value", "state must be received, acknowledged or returned");
    f.state = *v;
  }
  if (auto v = c.req.query_param("from_org"); v && !v->empty()) f.from_org = std::atoll(v->c_str());
  if (auto v = c.req.query_param("cursor"); v && !v->empty()) f.before_id = std::atoll(v->c_str());
  return f;
}

}  // namespace

void add_federation_routes(Api& api) {
  services::Federation& fed = api.svc().federation;
  services::Authority& auth = api.svc().authority;
  services::Filings& filings = api.svc().filings;

  // R-FIX-NOTIFY by email: each customer contact gets the risk and the fix.
  api.add("POST", "/api/v1/cases/{id}/user-notices/emails", [&filings](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto id, id_param(c, 0, "case"));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto body, parse_body(c.req.body));
    JsonReader r(body);
    services::UserNoticeText t;
    t.risk_zh = r.str("risk_zh").value_or("");
    t.risk_en = r.str("risk_en").value_or("");
    t.fix_zh = r.str("fix_zh").value_or("");
    t.fix_en = r.str("fix_en").value_or("");
    if (auto st = r.finish(); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto n, filings.send_user_notices(c.caller, id, t));
    return json_response(202, {{"queued", n}});
  });

  // Outbound.
  api.add("POST", "/api/v1/regulatory-reports/{id}/filings", [&fed](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto id, id_param(c, 0, "regulatory report"));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto body, parse_body(c.req.body));
    JsonReader r(body);
    auto peer = r.integer("peer_id");
    if (auto st = r.finish(); !st.ok()) return error_response(st.error());
    if (!peer) return error_response(Error::field("peer_id", "required", "peer_id is required"));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto f, fed.file(c.caller, id, *peer));
    return json_response(202, filing_json(f));
  });
  api.add("GET", "/api/v1/regulatory-reports/{id}/filings", [&fed](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto id, id_param(c, 0, "regulatory report"));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto list, fed.filings(c.caller, id));
    json items = json::array();
    for (const auto& f : list) items.push_back(filing_json(f));
    return json_response(200, {{"items", items}});
  });
  api.add("POST", "/api/v1/cases/{id}/upstream-deliveries", [&fed](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto id, id_param(c, 0, "case"));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto body, parse_body(c.req.body));
    JsonReader r(body);
    services::UpstreamSend in;
    in.peer_id = r.integer("peer_id").value_or(0);
    in.component = r.str("component").value_or("");
    in.affected = r.str("affected").value_or("");
    in.evidence = r.str("evidence").value_or("");
    if (auto st = r.finish(); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto delivery, fed.notify_upstream(c.caller, id, in));
    return json_response(202, {{"delivery_id", delivery}});
  });
  api.add("POST", "/api/v1/reports/{id}/forwardings", [&fed](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto id, id_param(c, 0, "report"));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto body, parse_body(c.req.body));
    JsonReader r(body);
    auto peer = r.integer("peer_id");
    if (auto st = r.finish(); !st.ok()) return error_response(st.error());
    if (!peer) return error_response(Error::field("peer_id", "required", "peer_id is required"));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto delivery, fed.forward_report(c.caller, id, *peer));
    return json_response(202, {{"delivery_id", delivery}});
  });

  // Inbound: peers call these with the API token we issued to them.
  api.add("POST", "/api/v1/federation/regulatory-reports", [&fed](Call& c) {
    LD_ASSIGN_OR_RETURN_RESPONSE(auto body, parse_body(c.req.body));
    return answer(fed.receive_regulatory_report(c.caller, body, inbound(c)));
  });
  api.add("POST", "/api/v1/federation/reports", [&fed](Call& c) {
    LD_ASSIGN_OR_RETURN_RESPONSE(auto body, parse_body(c.req.body));
    return answer(fed.receive_report(c.caller, body, inbound(c)));
  });
  api.add("POST", "/api/v1/federation/decisions", [&fed](Call& c) {
    LD_ASSIGN_OR_RETURN_RESPONSE(auto body, parse_body(c.req.body));
    return answer(fed.receive_decision(c.caller, body, inbound(c)));
  });

  // The authority's inbox.
  api.add("GET", "/api/v1/authority/inbox", [&auth](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto f, inbox_filter(c));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto list, auth.inbox(c.caller, f));
    json items = json::array();
    for (const auto& i : list) items.push_back(inbox_json(i));
    return json_response(200, {{"items", items},
                               {"next_cursor", static_cast<int>(list.size()) == f.limit && !list.empty()
                                                   ? std::to_string(list.back().id)
                                                   : ""}});
  });
  api.add("GET", "/api/v1/authority/inbox/{id}", [&auth](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto id, id_param(c, 0, "regulatory report"));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto i, auth.item(c.caller, id));
    return json_response(200, inbox_json(i));
  });
  api.add("POST", "/api/v1/authority/inbox/{id}/decision", [&auth](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto id, id_param(c, 0, "regulatory report"));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto body, parse_body(c.req.body));
    JsonReader r(body);
    auto state = r.str("state").value_or("");
    auto note = r.str("note").value_or("");
    if (auto st = r.finish(); !st.ok()) return error_response(st.error());
    if (state != "acknowledged" && state != "returned")
      return error_response(Error::field("state", "bad_state", "state must be acknowledged or returned"));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto i, auth.decide(c.caller, id, state == "returned", note));
    return json_response(200, inbox_json(i));
  });
  api.add("POST", "/api/v1/authority/inbox/{id}/forwardings", [&auth](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto id, id_param(c, 0, "regulatory report"));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto body, parse_body(c.req.body));
    JsonReader r(body);
    std::vector<domain::Id> peers;
    if (const json* a = r.array("peer_ids"))
      for (const auto& v : *a) {
        if (!v.is_number_integer()) return error_response(Error::field("peer_ids", "bad_type", "peer_ids must be integers"));
        peers.push_back(v.get<domain::Id>());
      }
    if (auto st = r.finish(); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto i, auth.forward(c.caller, id, peers));
    return json_response(200, inbox_json(i));
  });
  api.add("POST", "/api/v1/authority/inbox/{id}/joint-assessment", [&auth](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto id, id_param(c, 0, "regulatory report"));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto body, parse_body(c.req.body));
    JsonReader r(body);
    services::JointAssessment j;
    j.participants = r.strings("participants").value_or(std::vector<std::string>{});
    j.conclusion = r.str("conclusion").value_or("");
    j.grade = r.str("grade").value_or("");
    j.early_release = r.str("early_release").value_or("");
    if (auto st = r.finish(); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto i, auth.record_joint_assessment(c.caller, id, j));
    return json_response(200, inbox_json(i));
  });
  api.add("GET", "/api/v1/authority/timeliness", [&auth](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    int days = 365;
    if (auto v = c.req.query_param("days"); v && !v->empty()) days = std::atoi(v->c_str());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto t, auth.timeliness(c.caller, days));
    return json_response(200, timeliness_json(t));
  });

  // Threat-information sharing with partners (R-THREAT).
  api.add("POST", "/api/v1/threat-records", [&auth](Call& c) {
    LD_ASSIGN_OR_RETURN_RESPONSE(auto body, parse_body(c.req.body));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto rec, auth.push_threat(c.caller, body));
    return json_response(201, threat_json(rec));
  });
  api.add("GET", "/api/v1/threat-records", [&auth](Call& c) {
    domain::Id after = 0;
    if (auto v = c.req.query_param("after"); v && !v->empty()) after = std::atoll(v->c_str());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto list, auth.pull_threats(c.caller, after, page_limit(c)));
    json items = json::array();
    for (const auto& r : list) items.push_back(threat_json(r));
    return json_response(200, {{"items", items}, {"next_after", list.empty() ? after : list.back().id}});
  });
}

}  // namespace loudong::api
