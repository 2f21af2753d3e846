// Operator cases (R-OPERATOR): an operator records a vulnerability in a
// system it runs, and reads or changes its sealed asset, location and owner;
// and the operator's asset exposures to advisories. Permissions are the
// service's (services/operator_cases.h).
#include <memory>

#include "api/api.h"
#include "api/json_input.h"
#include "api/views.h"
#include "services/operator_cases.h"

namespace loudong::api {

using namespace domain;

namespace {

json details_json(const services::OperatorDetailsView& v) {
  return {{"case_id", v.record.case_id},
          {"operator_org", v.record.operator_org},
          {"asset", v.details.asset},
          {"location", v.details.location},
          {"owner", v.details.owner},
          {"updated_at", format_utc(v.record.updated_at)}};
}

json exposure_json(const services::ExposureView& v) {
  const auto& x = v.exposure;
  return {{"id", x.id},
          {"operator_org", x.operator_org},
          {"advisory_ref", x.advisory_ref},
          {"ref_kind", v.ref_kind.empty() ? json(nullptr) : json(v.ref_kind)},
          {"title", v.title},
          {"case_id", x.case_id ? json(*x.case_id) : json(nullptr)},
          {"asset", x.asset},
          {"status", name_of(x.status)},
          {"note", x.note},
          {"updated_at", format_utc(x.updated_at)}};
}

void read_details(JsonReader& r, OperatorDetails& d) {
  d.asset = r.str("asset").value_or("");
  d.location = r.str("location").value_or("");
  d.owner = r.str("owner").value_or("");
}

Result<services::ExposureInput> read_exposure(const std::string& text) {
  LD_ASSIGN_OR_RETURN(auto body, parse_body(text));
  JsonReader r(body);
  services::ExposureInput in;
  in.advisory_ref = r.str("advisory_ref");
  in.asset = r.str("asset");
  in.status = r.str("status");
  in.note = r.str("note");
  LD_RETURN_IF_ERROR(r.finish());
  return in;
}

}  // namespace

void add_operator_case_routes(Api& api) {
  auto ops = std::make_shared<services::OperatorCases>(api.svc().ctx);

  api.add("POST", "/api/v1/operator-cases", [ops](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto body, parse_body(c.req.body));
    JsonReader r(body);
    services::OperatorCaseInput in;
    in.operator_org = r.integer("org_id").value_or(0);
    in.title = r.str("title").value_or("");
    in.summary = r.str("summary").value_or("");
    read_details(r, in.details);
    if (auto st = r.finish(); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto cs, ops->create(c.caller, in));
    return json_response(201, case_summary_json(cs));
  });
  api.add("GET", "/api/v1/cases/{id}/operator-details", [ops](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto id, id_param(c, 0, "case"));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto v, ops->details(c.caller, id));
    return json_response(200, details_json(v));
  });
  api.add("PUT", "/api/v1/cases/{id}/operator-details", [ops](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto id, id_param(c, 0, "case"));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto body, parse_body(c.req.body));
    JsonReader r(body);
    OperatorDetails d;
    read_details(r, d);
    if (auto st = r.finish(); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto v, ops->update_details(c.caller, id, d));
    return json_response(200, details_json(v));
  });

  api.add("GET", "/api/v1/orgs/{id}/asset-exposures", [ops](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto id, id_param(c, 0, "operator organisation"));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto list, ops->exposures(c.caller, id));
    json items = json::array();
    for (const auto& v : list) items.push_back(exposure_json(v));
    return json_response(200, {{"items", items}});
  });
  api.add("POST", "/api/v1/orgs/{id}/asset-exposures", [ops](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto id, id_param(c, 0, "operator organisation"));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto in, read_exposure(c.req.body));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto v, ops->add_exposure(c.caller, id, in));
    return json_response(201, exposure_json(v));
  });
  api.add("PATCH", "/api/v1/asset-exposures/{id}", [ops](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto id, id_param(c, 0, "asset exposure"));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto in, read_exposure(c.req.body));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto v, ops->update_exposure(c.caller, id, in));
    return json_response(200, exposure_json(v));
  });
  api.add("DELETE", "/api/v1/asset-exposures/{id}", [ops](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto id, id_param(c, 0, "asset exposure"));
    if (auto st = ops->delete_exposure(c.caller, id); !st.ok()) return error_response(st.error());
    return json_response(200, {{"deleted", true}});
  });
}

}  // namespace loudong::api
