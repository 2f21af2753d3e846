// Inventory routes: advisory import and search, SBOMs of product versions,
// findings, scan, impact, case components. Thin: the work is in
// services::Inventory (inventory_for keeps one per store, index included).
#include <map>

#include "api/api.h"
#include "api/inventory_json.h"
#include "api/json_input.h"
#include "api/views.h"
#include "services/inventory.h"

namespace loudong::api {

json finding_json(const match::Finding& f, const std::vector<match::ComponentRef>& components) {
  const match::ComponentRef& c = components.at(f.component);
  json j{{"component", {{"purl", c.purl}, {"ecosystem", c.package.ecosystem},
                        {"name", c.package.name}, {"version", c.version}}},
         {"source", match::finding_source_name(f.source)}, {"verdict", match::verdict_name(f.verdict)},
         {"reason", f.reason()}, {"grade", f.grade ? json(assessment::grade_code(*f.grade)) : json(nullptr)}};
  if (f.advisory) {
    j["advisory_id"] = f.advisory->id;
    j["aliases"] = f.advisory->aliases;
    j["summary"] = f.advisory->summary;
  } else {
    j["case_id"] = f.case_id;
  }
  return j;
}

json findings_summary_json(const std::vector<match::Finding>& findings) {
  std::size_t affected = 0, unknown = 0, ungraded = 0;
  std::map<std::string, std::size_t> by;
  for (auto g : {assessment::Grade::critical, assessment::Grade::high, assessment::Grade::medium,
                 assessment::Grade::low})
    by[std::string(assessment::grade_code(g))] = 0;
  for (const auto& f : findings) {
    if (f.verdict != match::Verdict::affected) {
      ++unknown;
      continue;
    }
    ++affected;
    if (f.grade) ++by[std::string(assessment::grade_code(*f.grade))];
    else ++ungraded;
  }
  json g(by);
  g["ungraded"] = ungraded;
  return {{"affected", affected}, {"unknown", unknown}, {"by_grade", g}};
}

json scan_json(const services::ScanResult& r) {
  json f = json::array();
  for (const auto& x : r.findings) f.push_back(finding_json(x, r.matched));
  return {{"format", r.format}, {"spec_version", r.spec_version}, {"components", r.components},
          {"unmatched", r.unmatched}, {"summary", findings_summary_json(r.findings)}, {"findings", f},
          {"warnings", r.warnings}};
}

json impact_json(const services::ImpactResult& r) {
  json items = json::array();
  for (const auto& e : r.entries) {
    json cs = json::array();
    for (const auto& cu : e.customers)
      cs.push_back({{"name", cu.name}, {"contact", cu.contact},
                    {"org_id", cu.org_id ? json(*cu.org_id) : json(nullptr)}});
    items.push_back({{"product_id", e.hit.product_version.product_id}, {"product_name", e.product_name},
                     {"provider_org", e.provider_org}, {"version", e.hit.product_version.version},
                     {"component", {{"purl", e.hit.component.purl}, {"version", e.hit.component.version}}},
                     {"verdict", match::verdict_name(e.hit.verdict)}, {"reason", e.hit.reason}, {"customers", cs}});
  }
  return {{"query", r.query}, {"product_versions", r.product_versions}, {"items", items}};
}

namespace {

json summary_json(const services::ImportSummary& s) {
  json fails = json::array();
  for (const auto& f : s.failures) fails.push_back({{"file", f.file}, {"reason", f.reason}});
  return {{"read", s.read}, {"inserted", s.inserted}, {"updated", s.updated}, {"unchanged", s.unchanged},
          {"failed", s.failed}, {"failures", fails}, {"seconds", s.seconds}};
}

json advisory_row_json(const store::AdvisoryRow& r) {
  return {{"id", r.id}, {"source", r.source}, {"modified", time_json(r.modified)},
          {"withdrawn", time_json(r.withdrawn)}, {"summary", r.summary}, {"aliases", r.aliases}};
}

json components_json(const store::SbomRow& s, const std::vector<store::ComponentRow>& cs) {
  json items = json::array();
  for (const auto& c : cs)
    items.push_back({{"purl", c.purl}, {"ecosystem", c.ecosystem}, {"name", c.name}, {"version", c.version},
                     {"supplier", c.supplier}, {"licenses", json::parse(c.licenses, nullptr, false)}});
  return {{"sbom", {{"id", s.id}, {"product_id", s.product_id}, {"version", s.version}, {"format", s.format},
                    {"spec_version", s.spec_version}, {"serial", s.serial}, {"uploaded_at", time_json(s.uploaded_at)}}},
          {"components", items}};
}

Result<services::Inventory*> inv(Api& api) { return services::inventory_for(api.svc().ctx); }

#define LD_INV_OR_RESPONSE(var)          \
  auto var##_r = inv(api);               \
  if (!var##_r.ok()) return error_response(var##_r.error()); \
  services::Inventory& var = **var##_r

}  // namespace

void add_inventory_routes(Api& api) {
  auto import_route = [&api](services::AdvisoryFormat format) {
    return [&api, format](Call& c) {
      if (auto st = require_user(c); !st.ok()) return error_response(st.error());
      LD_INV_OR_RESPONSE(in);
      LD_ASSIGN_OR_RETURN_RESPONSE(auto recs, services::Inventory::split_body(c.req.body));
      LD_ASSIGN_OR_RETURN_RESPONSE(auto sum, in.import_records(c.caller, format, std::move(recs)));
      return json_response(200, summary_json(sum));
    };
  };
  // Literal paths, one call each: tests read the route list from these calls.
  api.add("POST", "/api/v1/import/osv", import_route(services::AdvisoryFormat::osv), true);
  api.add("POST", "/api/v1/import/cve5", import_route(services::AdvisoryFormat::cve5), true);
  api.add("GET", "/api/v1/advisories", [&api](Call& c) {
    LD_INV_OR_RESPONSE(in);
    store::AdvisoryFilter f;
    f.query = c.req.query_param("q").value_or("");
    f.ecosystem = c.req.query_param("ecosystem").value_or("");
    f.package = c.req.query_param("package").value_or("");
    f.cursor = c.req.query_param("cursor").value_or("");
    if (auto v = c.req.query_param("limit"); v && !v->empty()) f.limit = std::atoi(v->c_str());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto page, in.search_advisories(c.caller, f));
    return json_response(200, page_json(page, advisory_row_json));
  });
  api.add("GET", "/api/v1/advisories/{id}", [&api](Call& c) {
    LD_INV_OR_RESPONSE(in);
    LD_ASSIGN_OR_RETURN_RESPONSE(auto a, in.advisory(c.caller, c.params[0]));
    json j = advisory_row_json(a.first);
    j["record"] = json::parse(a.first.record, nullptr, false);
    j["packages"] = json::array();
    for (const auto& [eco, name] : a.first.packages) j["packages"].push_back({{"ecosystem", eco}, {"name", name}});
    return json_response(200, j);
  });
  api.add("POST", "/api/v1/products/{id}/versions/{version}/sbom", [&api](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_INV_OR_RESPONSE(in);
    LD_ASSIGN_OR_RETURN_RESPONSE(auto id, id_param(c, 0, "product"));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto up, in.upload_sbom(c.caller, id, c.params[1], c.req.body));
    return json_response(201, {{"sbom_id", up.sbom.id}, {"format", up.sbom.format},
                               {"spec_version", up.sbom.spec_version}, {"components", up.components},
                               {"unmatched", up.unmatched}, {"warnings", up.warnings},
                               {"user_notices_added", up.user_notices_added}, {"version_added", up.version_added}});
  }, true);
  api.add("GET", "/api/v1/products/{id}/versions/{version}/components", [&api](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_INV_OR_RESPONSE(in);
    LD_ASSIGN_OR_RETURN_RESPONSE(auto id, id_param(c, 0, "product"));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto r, in.components(c.caller, id, c.params[1]));
    return json_response(200, components_json(r.first, r.second));
  });
  api.add("GET", "/api/v1/products/{id}/findings", [&api](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_INV_OR_RESPONSE(in);
    LD_ASSIGN_OR_RETURN_RESPONSE(auto id, id_param(c, 0, "product"));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto fs, in.findings(c.caller, id));
    json items = json::array();
    for (const auto& pf : fs) {
      json f = json::array();
      for (const auto& x : pf.findings) f.push_back(finding_json(x, pf.components));
      items.push_back({{"version", pf.version}, {"summary", findings_summary_json(pf.findings)}, {"findings", f}});
    }
    return json_response(200, {{"items", items}});
  });
  api.add("POST", "/api/v1/scan", [&api](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_INV_OR_RESPONSE(in);
    if (c.req.body.empty()) return error_response(Error::field("body", "required", "send a CycloneDX or SPDX JSON SBOM"));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto r, in.scan(c.caller, c.req.body));
    return json_response(200, scan_json(r));
  }, true);
  api.add("GET", "/api/v1/impact", [&api](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_INV_OR_RESPONSE(in);
    auto adv = c.req.query_param("advisory");
    auto purl = c.req.query_param("purl");
    auto range = c.req.query_param("range");
    bool by_adv = adv && !adv->empty(), by_purl = purl && !purl->empty();
    if (by_adv && by_purl)
      return error_response(Error::invalid("advisory, purl: give advisory=ID or purl=PURL (with an optional range=), not both"));
    if (!by_adv && !by_purl)
      return error_response(Error::invalid("advisory, purl: give advisory=ID or purl=PURL (with an optional range=)"));
    if (by_adv && range)
      return error_response(Error::invalid("range: a range goes with purl=, not with advisory="));
    auto r = by_adv ? in.impact_of_advisory(c.caller, *adv) : in.impact_of_range(c.caller, *purl, range.value_or(""));
    if (!r.ok()) return error_response(r.error());
    return json_response(200, impact_json(*r));
  });
  api.add("GET", "/api/v1/cases/{id}/components", [&api](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_INV_OR_RESPONSE(in);
    LD_ASSIGN_OR_RETURN_RESPONSE(auto id, id_param(c, 0, "case"));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto cs, in.case_components(c.caller, id));
    json items = json::array();
    for (const auto& x : cs) items.push_back({{"purl", x.purl}, {"range", x.range}});
    return json_response(200, {{"items", items}});
  });
  api.add("PUT", "/api/v1/cases/{id}/components", [&api](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_INV_OR_RESPONSE(in);
    LD_ASSIGN_OR_RETURN_RESPONSE(auto id, id_param(c, 0, "case"));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto body, parse_body(c.req.body));
    const json* list = body.is_object() && body.contains("components") ? &body["components"] : nullptr;
    if (!list || !list->is_array())
      return error_response(Error::field("components", "required", "an array of {purl, range}"));
    std::vector<store::CaseComponentRow> rows;
    for (size_t i = 0; i < list->size(); ++i) {
      std::string f = "components[" + std::to_string(i) + "]";
      if (!(*list)[i].is_object()) return error_response(Error::field(f, "wrong_type", "must be an object"));
      JsonReader r((*list)[i], f + ".");
      store::CaseComponentRow row{id, r.str("purl").value_or(""), r.str("range").value_or("")};
      if (auto st = r.finish(); !st.ok()) return error_response(st.error());
      rows.push_back(std::move(row));
    }
    LD_ASSIGN_OR_RETURN_RESPONSE(auto cs, in.set_case_components(c.caller, id, std::move(rows)));
    json items = json::array();
    for (const auto& x : cs) items.push_back({{"purl", x.purl}, {"range", x.range}});
    return json_response(200, {{"items", items}});
  });
  api.add("GET", "/api/v1/cases/{id}/impact", [&api](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_INV_OR_RESPONSE(in);
    LD_ASSIGN_OR_RETURN_RESPONSE(auto id, id_param(c, 0, "case"));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto r, in.case_impact(c.caller, id));
    json j = impact_json(r);
    j["upstream_providers"] = r.upstream_providers;
    j["pending_user_notices"] = json::array();
    for (const auto& n : r.pending_user_notices)
      j["pending_user_notices"].push_back({{"product_id", n.product_id}, {"version", n.product_version},
                                           {"customer", n.customer}, {"contact", n.contact},
                                           {"created_at", time_json(n.created_at)}});
    return json_response(200, j);
  });
}

}  // namespace loudong::api
