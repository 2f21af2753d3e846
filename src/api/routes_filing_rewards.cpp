// Platform filing (备案, R-FILING) and rewards (R-BOUNTY): the admin's filing
// record, the public filing page, a case's rewards, a finder's own rewards
// and the providers' reward tables. Permissions are the services'.
#include <memory>

#include "api/api.h"
#include "api/json_input.h"
#include "api/views.h"
#include "services/platform_filing.h"
#include "services/rewards.h"

namespace loudong::api {

using namespace domain;

namespace {

// What the public may read of a filing: who runs the platform and its rules,
// never the ID number, contacts' details or attachments.
json public_filing_json(const PlatformFiling& f) {
  const auto& x = f.fields;
  return {{"status", name_of(f.status)},
          {"filing_number", f.filing_number},
          {"filed_on", f.filed_on},
          {"change_filed_on", f.change_filed_on.empty() ? json(nullptr) : json(f.change_filed_on)},
          {"platform_name", x.platform_name},
          {"home_url", x.home_url},
          {"icp_number", x.icp_number},
          {"publication_channels", x.publication_channels},
          {"host_name", x.host_name},
          {"collection_scope", x.collection_scope},
          {"collection_methods", x.collection_methods},
          {"verification_rules", x.verification_rules},
          {"notification_rules", x.notification_rules},
          {"publication_rules", x.publication_rules},
          {"user_identity_rules", x.user_identity_rules},
          {"graded_management_rules", x.graded_management_rules}};
}

json filing_view_json(const services::PlatformFilingView& v) {
  const auto& f = v.filing;
  json fields = json::parse(filing_fields_json(f.fields, false));
  fields["host_id_number"] = v.host_id_masked;
  json atts = json::array();
  for (const auto& a : v.attachments)
    atts.push_back({{"id", a.id}, {"kind", name_of(a.kind)}, {"filename", a.filename}, {"content_type", a.content_type},
                    {"size", a.size}, {"sha256", a.sha256}, {"created_at", format_utc(a.created_at)}});
  json history = json::array();
  for (const auto& e : v.history) history.push_back(event_json(e));
  json next = json::array();
  for (auto n : v.next) next.push_back(name_of(n));
  json missing = json::array();
  for (const auto& m : v.missing) missing.push_back({{"field", m.field}, {"code", m.code}, {"message", m.message}});
  return {{"id", f.id},
          {"status", name_of(f.status)},
          {"fields", fields},
          {"filing_number", f.filing_number},
          {"filed_on", f.filed_on},
          {"change_filed_on", f.change_filed_on},
          {"cancelled_on", f.cancelled_on},
          {"unfiled_changes", f.unfiled_changes},
          {"updated_at", format_utc(f.updated_at)},
          {"attachments", atts},
          {"history", history},
          {"next", next},
          {"missing", missing},
          {"can_edit", v.can_edit}};
}

FilingContact read_contact(const json& j, const std::string& at, JsonReader& parent) {
  FilingContact c;
  if (!j.is_object()) {
    parent.add_error(at, "wrong_type", at + " must be an object");
    return c;
  }
  JsonReader r(j, at + ".");
  c.name = r.str("name").value_or("");
  c.phone = r.str("phone").value_or("");
  c.email = r.str("email").value_or("");
  if (auto st = r.finish(); !st.ok())
    for (const auto& f : st.error().fields()) parent.add_error(f.field, f.code, f.message);
  return c;
}

// The body of PUT /platform-filing. host_id_number absent: keep the stored one.
Result<std::pair<FilingFields, bool>> read_filing(const json& body) {
  JsonReader r(body);
  FilingFields f;
  f.platform_name = r.str("platform_name").value_or("");
  f.home_url = r.str("home_url").value_or("");
  f.icp_number = r.str("icp_number").value_or("");
  f.publication_channels = r.strings("publication_channels").value_or(std::vector<std::string>{});
  if (auto t = r.str("host_type")) {
    auto ht = parse_enum<FilingHostType>(*t);
    if (!ht) r.add_error("host_type", "bad_value", "host_type must be organisation or person / 主办者类型须为 organisation 或 person");
    else f.host_type = *ht;
  }
  f.host_name = r.str("host_name").value_or("");
  auto id = r.str("host_id_number");
  if (id) f.host_id_number = *id;
  if (const json* resp = r.object("responsible")) f.responsible = read_contact(*resp, "responsible", r);
  if (const json* cs = r.array("contacts"))
    for (size_t i = 0; i < cs->size(); ++i) f.contacts.push_back(read_contact((*cs)[i], "contacts[" + std::to_string(i) + "]", r));
  f.capital_and_shareholding = r.str("capital_and_shareholding").value_or("");
  f.collection_scope = r.str("collection_scope").value_or("");
  f.collection_methods = r.str("collection_methods").value_or("");
  f.verification_rules = r.str("verification_rules").value_or("");
  f.notification_rules = r.str("notification_rules").value_or("");
  f.publication_rules = r.str("publication_rules").value_or("");
  f.user_identity_rules = r.str("user_identity_rules").value_or("");
  f.graded_management_rules = r.str("graded_management_rules").value_or("");
  f.standards_compliance = r.str("standards_compliance").value_or("");
  LD_RETURN_IF_ERROR(r.finish());
  return std::pair{std::move(f), id.has_value()};
}

json reward_json(const services::RewardView& v) {
  const auto& r = v.reward;
  json j{{"id", r.id},
         {"case_id", r.case_id},
         {"case_ref", v.case_ref},
         {"paying_org", r.paying_org},
         {"paying_org_name", v.paying_org_name},
         {"report_id", r.report_id ? json(*r.report_id) : json(nullptr)},
         {"report_tracking_id", v.report_tracking_id},
         {"finder_name", r.finder_name},
         {"amount_minor", r.amount_minor},
         {"currency", r.currency},
         {"minor_digits", currency_minor_digits(r.currency)},
         {"state", name_of(r.state)},
         {"note", r.note},
         {"proposed_at", format_utc(r.proposed_at)},
         {"approved_at", time_json(r.approved_at)},
         {"paid_at", time_json(r.paid_at)},
         {"cancelled_at", time_json(r.cancelled_at)},
         {"payment_reference", r.payment_reference},
         {"cancel_reason", r.cancel_reason},
         {"proposed_by", v.proposed_by_name},
         {"approved_by", v.approved_by_name},
         {"paid_by", v.paid_by_name},
         {"cancelled_by", v.cancelled_by_name}};
  json next = json::array();
  for (auto n : v.next) next.push_back(name_of(n));
  j["next"] = next;
  return j;
}

json policy_json(const services::RewardPolicyView& v) {
  const auto& p = v.policy;
  return {{"id", p.id},
          {"provider_org", p.provider_org},
          {"provider_name", v.provider_name},
          {"product_id", p.product_id ? json(*p.product_id) : json(nullptr)},
          {"product_name", v.product_name},
          {"grade", p.grade ? json(assessment::grade_code(*p.grade)) : json(nullptr)},
          {"min_minor", p.min_minor},
          {"max_minor", p.max_minor},
          {"currency", p.currency},
          {"minor_digits", currency_minor_digits(p.currency)},
          {"note", p.note},
          {"updated_at", format_utc(p.updated_at)}};
}

Result<services::RewardPolicyInput> read_policy(const json& body) {
  JsonReader r(body);
  services::RewardPolicyInput in;
  if (auto o = r.integer("provider_org")) in.provider_org = *o;
  if (auto p = r.integer("product_id")) in.product_id = *p;
  in.grade = r.str("grade").value_or("");
  in.min_minor = r.integer("min_minor").value_or(0);
  in.max_minor = r.integer("max_minor").value_or(0);
  in.currency = r.str("currency").value_or("");
  in.note = r.str("note").value_or("");
  LD_RETURN_IF_ERROR(r.finish());
  return in;
}

template <class V, class F>
json items_json(const std::vector<V>& list, F f) {
  json items = json::array();
  for (const auto& x : list) items.push_back(f(x));
  return {{"items", items}};
}

}  // namespace

void add_filing_reward_routes(Api& api) {
  Services& s = api.svc();
  // Stateless over the context, like every service: owned by the routes.
  auto filings = std::make_shared<services::PlatformFilings>(s.ctx);
  auto rewards = std::make_shared<services::Rewards>(s.ctx);

  api.add("GET", "/api/v1/platform-filing", [filings](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto v, filings->get(c.caller));
    return json_response(200, {{"filing", v ? filing_view_json(*v) : json(nullptr)}});
  });
  api.add("PUT", "/api/v1/platform-filing", [filings](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto body, parse_body(c.req.body));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto in, read_filing(body));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto v, filings->save(c.caller, std::move(in.first), in.second));
    return json_response(200, {{"filing", filing_view_json(v)}});
  });
  api.add("POST", "/api/v1/platform-filing/transitions", [filings](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto body, parse_body(c.req.body));
    JsonReader r(body);
    services::FilingStep step;
    step.to = r.str("to").value_or("");
    step.filing_number = r.str("filing_number").value_or("");
    step.date = r.str("date").value_or("");
    step.reason = r.str("reason").value_or("");
    if (auto st = r.finish(); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto v, filings->step(c.caller, step));
    return json_response(200, {{"filing", filing_view_json(v)}});
  });
  api.add(
      "POST", "/api/v1/platform-filing/attachments",
      [filings](Call& c) {
        if (auto st = require_user(c); !st.ok()) return error_response(st.error());
        LD_ASSIGN_OR_RETURN_RESPONSE(auto body, parse_body(c.req.body));
        JsonReader r(body);
        std::string kind = r.str("kind").value_or("");
        services::AttachmentInput in;
        in.filename = r.str("filename").value_or("");
        in.content_type = r.str("content_type").value_or("");
        auto data = r.str("data");
        if (auto st = r.finish(); !st.ok()) return error_response(st.error());
        if (data) {
          auto decoded = crypto::base64_decode(*data);
          if (!decoded.ok()) return error_response(Error::field("data", "bad_base64", "data is not valid base64 / 附件内容不是有效的 base64"));
          in.content = std::move(*decoded);
        }
        LD_ASSIGN_OR_RETURN_RESPONSE(auto v, filings->attach(c.caller, kind, in));
        return json_response(201, {{"filing", filing_view_json(v)}});
      },
      true);
  api.add("GET", "/api/v1/platform-filing/attachments/{id}", [filings](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto id, id_param(c, 0, "attachment"));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto a, filings->attachment(c.caller, id));
    return download_response(std::move(a.content_sealed), a.filename);
  });
  // The portal's page: the filing in force (null before filing or after
  // cancellation).
  api.add("GET", "/api/v1/public/filing", [filings](Call&) {
    LD_ASSIGN_OR_RETURN_RESPONSE(auto f, filings->in_force());
    return json_response(200, {{"filing", f ? public_filing_json(*f) : json(nullptr)}});
  });

  api.add("GET", "/api/v1/cases/{id}/rewards", [rewards](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto id, id_param(c, 0, "case"));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto list, rewards->of_case(c.caller, id));
    return json_response(200, items_json(list, reward_json));
  });
  api.add("POST", "/api/v1/cases/{id}/rewards", [rewards](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto id, id_param(c, 0, "case"));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto body, parse_body(c.req.body));
    JsonReader r(body);
    services::RewardInput in;
    if (auto v = r.integer("report_id")) in.report_id = *v;
    in.finder_name = r.str("finder_name").value_or("");
    in.amount_minor = r.integer("amount_minor").value_or(0);
    in.currency = r.str("currency").value_or("");
    if (auto v = r.integer("paying_org")) in.paying_org = *v;
    in.note = r.str("note").value_or("");
    in.policy_override = r.str("policy_override").value_or("");
    if (auto st = r.finish(); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto v, rewards->propose(c.caller, id, in));
    return json_response(201, reward_json(v));
  });
  api.add("POST", "/api/v1/rewards/{id}/transitions", [rewards](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto id, id_param(c, 0, "reward"));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto body, parse_body(c.req.body));
    JsonReader r(body);
    auto to = r.str("to").value_or("");
    auto reference = r.str("reference");
    auto reason = r.str("reason");
    if (auto st = r.finish(); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto v, rewards->step(c.caller, id, to, to == "cancelled" ? reason.value_or("") : reference.value_or("")));
    return json_response(200, reward_json(v));
  });
  api.add("GET", "/api/v1/my/rewards", [rewards](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto list, rewards->mine(c.caller));
    return json_response(200, items_json(list, reward_json));
  });

  api.add("GET", "/api/v1/public/reward-policies", [rewards](Call& c) {
    std::optional<Id> provider;
    if (auto v = c.req.query_param("provider_org"); v && !v->empty()) {
      auto n = parse_id(*v);
      if (!n) return error_response(Error::field("provider_org", "bad_value", "provider_org must be an organisation id"));
      provider = *n;
    }
    LD_ASSIGN_OR_RETURN_RESPONSE(auto list, rewards->policies(provider));
    return json_response(200, items_json(list, policy_json));
  });
  api.add("POST", "/api/v1/reward-policies", [rewards](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto body, parse_body(c.req.body));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto in, read_policy(body));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto v, rewards->create_policy(c.caller, in));
    return json_response(201, policy_json(v));
  });
  api.add("PUT", "/api/v1/reward-policies/{id}", [rewards](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto id, id_param(c, 0, "reward policy"));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto body, parse_body(c.req.body));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto in, read_policy(body));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto v, rewards->update_policy(c.caller, id, in));
    return json_response(200, policy_json(v));
  });
  api.add("DELETE", "/api/v1/reward-policies/{id}", [rewards](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto id, id_param(c, 0, "reward policy"));
    if (auto st = rewards->delete_policy(c.caller, id); !st.ok()) return error_response(st.error());
    return json_response(200, {{"deleted", true}});
  });
}

}  // namespace loudong::api
