// Cases, clocks, assessment helpers, regulatory reports and notices.
#include "api/api.h"
#include "api/json_input.h"
#include "api/views.h"
#include "assessment/assess.h"
#include "assessment/classification.h"
#include "assessment/cwe_catalogue.h"

namespace loudong::api {

using namespace domain;

namespace {

Result<std::optional<Time>> opt_time(JsonReader& r, const char* name) {
  auto v = r.str(name);
  if (!v || v->empty()) return std::optional<Time>();
  auto t = parse_time(*v);
  if (!t.ok()) return Error::field(name, "bad_time", t.error().message());
  return std::optional<Time>(*t);
}

services::RegulatoryFields read_reg_fields(JsonReader& r) {
  services::RegulatoryFields f;
  f.authority = r.str("authority");
  f.product_name = r.str("product_name");
  f.product_model = r.str("product_model");
  f.product_version = r.str("product_version");
  f.technical_characteristics = r.str("technical_characteristics");
  f.harm = r.str("harm");
  f.scope = r.str("scope");
  f.provider_name = r.str("provider_name");
  f.contact_name = r.str("contact_name");
  f.contact_phone = r.str("contact_phone");
  f.contact_email = r.str("contact_email");
  f.measures = r.str("measures");
  return f;
}

}  // namespace

void add_case_routes(Api& api) {
  Services& s = api.svc();
  auto detail = [&s](const services::CaseDetail& d) {
    return json_response(200, case_detail_json(d, s.ctx.clock.now(), s.ctx.zone));
  };

  api.add("GET", "/api/v1/cases", [&s](Call& c) {
    store::CaseFilter f;
    if (auto v = c.req.query_param("state"); v && !v->empty()) {
      auto st = parse_enum<CaseState>(*v);
      if (!st) return error_response(Error::field("state", "bad_value", "state must be one of: " + allowed_names<CaseState>()));
      f.state = *st;
    }
    if (auto v = c.req.query_param("grade"); v && !v->empty()) {
      auto g = assessment::parse_grade(*v);
      if (!g.ok()) return error_response(g.error());
      f.grade = *g;
    }
    if (auto v = c.req.query_param("product_id"); v && !v->empty()) f.product_id = std::atoll(v->c_str());
    f.text = c.req.query_param("text").value_or("");
    f.sort = c.req.query_param("sort").value_or("created") == "updated" ? store::CaseFilter::Sort::updated
                                                                         : store::CaseFilter::Sort::created;
    f.newest_first = c.req.query_param("order").value_or("desc") != "asc";
    f.page.limit = page_limit(c);
    f.page.cursor = c.req.query_param("cursor").value_or("");
    LD_ASSIGN_OR_RETURN_RESPONSE(auto page, s.cases.list(c.caller, f));
    return json_response(200, page_json(page, case_summary_json));
  });
  api.add("GET", "/api/v1/cases/{id}", [&s, detail](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto id, id_param(c, 0, "case"));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto d, s.cases.get(c.caller, id));
    return detail(d);
  });
  api.add("PATCH", "/api/v1/cases/{id}", [&s, detail](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto id, id_param(c, 0, "case"));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto body, parse_body(c.req.body));
    JsonReader r(body);
    services::CaseUpdate u;
    u.title = r.str("title");
    u.summary = r.str("summary");
    u.affected_versions = r.str("affected_versions");
    if (auto p = r.integer("product_id")) u.product_id = *p;
    u.product_reason = r.str("product_reason").value_or("");
    u.operator_system = r.boolean("operator_system");
    u.external_ids = r.strings("external_ids");
    LD_ASSIGN_OR_RETURN_RESPONSE(u.aware_at, opt_time(r, "aware_at"));
    u.aware_reason = r.str("aware_reason").value_or("");
    if (const json* up = r.object("upstream")) {
      JsonReader ur(*up, "upstream.");
      Upstream x;
      x.component = ur.str("component").value_or("");
      if (auto o = ur.integer("provider_org")) x.provider_org = *o;
      x.provider_name = ur.str("provider_name").value_or("");
      if (auto st = ur.finish(); !st.ok()) return error_response(st.error());
      u.upstream = x;
    }
    if (auto st = r.finish(); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto d, s.cases.update(c.caller, id, u));
    return detail(d);
  });
  api.add("POST", "/api/v1/cases/{id}/transitions", [&s, detail](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto id, id_param(c, 0, "case"));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto t, read_transition<CaseState>(c.req.body));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto d, s.cases.transition(c.caller, id, t.to, t.reason));
    return detail(d);
  });
  api.add("PUT", "/api/v1/cases/{id}/assessment", [&s, detail](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto id, id_param(c, 0, "case"));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto body, parse_body(c.req.body));
    JsonReader r(body);
    services::AssessmentInput in;
    in.cwe = r.str("cwe");
    in.gbt_class = r.str("gbt_class");
    in.cvss31_vector = r.str("cvss31_vector");
    in.cvss40_vector = r.str("cvss40_vector");
    if (auto st = r.finish(); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto d, s.cases.assess(c.caller, id, in));
    return detail(d);
  });
  api.add("POST", "/api/v1/cases/{id}/messages", [&s](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto id, id_param(c, 0, "case"));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto body, parse_body(c.req.body));
    JsonReader r(body);
    auto vis = r.str("visibility");
    auto text = r.str("body");
    if (auto st = r.finish(); !st.ok()) return error_response(st.error());
    auto v = parse_enum<Visibility>(vis.value_or("coordinators"));
    if (!v) return error_response(Error::field("visibility", "bad_value", "visibility must be one of: " + allowed_names<Visibility>()));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto m, s.cases.post_message(c.caller, id, *v, text.value_or("")));
    return json_response(201, message_json(m));
  });
  api.add("GET", "/api/v1/cases/{id}/clocks", [&s](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto id, id_param(c, 0, "case"));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto clocks, s.cases.clocks(c.caller, id));
    json items = json::array();
    Time now = s.ctx.clock.now();
    for (const auto& k : clocks) items.push_back(clock_json(k, now, s.ctx.zone));
    return json_response(200, {{"items", items}});
  });
  api.add("POST", "/api/v1/cases/{id}/participants", [&s, detail](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto id, id_param(c, 0, "case"));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto body, parse_body(c.req.body));
    JsonReader r(body);
    auto org = r.integer("org_id");
    auto role = r.str("role").value_or("participant");
    if (auto st = r.finish(); !st.ok()) return error_response(st.error());
    if (!org) return error_response(Error::field("org_id", "required", "org_id is required"));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto d, s.cases.add_participant(c.caller, id, *org, role));
    return detail(d);
  });

  api.add("GET", "/api/v1/clocks", [&s](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    std::optional<ClockState> only;
    if (auto v = c.req.query_param("state"); v && !v->empty()) {
      auto st = parse_enum<ClockState>(*v);
      if (!st || (*st != ClockState::due_soon && *st != ClockState::overdue))
        return error_response(Error::field("state", "bad_value", "state must be due_soon or overdue"));
      only = *st;
    }
    LD_ASSIGN_OR_RETURN_RESPONSE(auto clocks, s.cases.at_risk(c.caller, only, 500));
    json items = json::array();
    Time now = s.ctx.clock.now();
    for (const auto& k : clocks) {
      json j = clock_json(k.view, now, s.ctx.zone);
      j["subject_ref"] = k.subject_ref;
      j["title"] = k.title;
      j["case_id"] = k.record.case_id ? json(*k.record.case_id) : json(nullptr);
      j["report_id"] = k.record.report_id ? json(*k.record.report_id) : json(nullptr);
      items.push_back(j);
    }
    return json_response(200, {{"items", items}, {"next_cursor", nullptr}, {"total", items.size()}});
  });

  api.add("POST", "/api/v1/cases/{id}/regulatory-reports", [&s](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto id, id_param(c, 0, "case"));
    json body = json::object();
    if (!c.req.body.empty()) {
      LD_ASSIGN_OR_RETURN_RESPONSE(body, parse_body(c.req.body));
    }
    JsonReader r(body);
    auto f = read_reg_fields(r);
    if (auto st = r.finish(); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto rr, s.filings.draft(c.caller, id, f));
    return json_response(201, regulatory_json(rr));
  });
  api.add("GET", "/api/v1/regulatory-reports/{id}", [&s](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto id, id_param(c, 0, "regulatory report"));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto rr, s.filings.get(c.caller, id));
    return json_response(200, regulatory_json(rr));
  });
  // The Art. 7(2) report for channels outside loudong: JSON, or a printable
  // Chinese page (format=html) a person can print or attach to an email.
  api.add("GET", "/api/v1/regulatory-reports/{id}/export", [&s](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto id, id_param(c, 0, "regulatory report"));
    const std::string format = c.req.query_param("format").value_or("json");
    if (format != "json" && format != "html")
      return error_response(Error::field("format", "bad_value", "format must be json or html / 格式须为 json 或 html"));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto doc, s.filings.exported(c.caller, id, format == "html"));
    http::Response r = http::Response::json(200, std::move(doc));
    r.content_type = format == "html" ? "text/html; charset=utf-8" : "application/json; charset=utf-8";
    r.headers.emplace_back("Content-Disposition", std::string(format == "html" ? "inline" : "attachment") +
                                                      "; filename=\"regulatory-report-" + std::to_string(id) + "." + format + "\"");
    // Confidential: never kept by a shared cache.
    r.headers.emplace_back("Cache-Control", "no-store");
    // The page's print styles are inline; nothing else may load or run.
    if (format == "html")
      r.headers.emplace_back("Content-Security-Policy",
                             "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'; base-uri 'none'");
    return r;
  });
  api.add("PATCH", "/api/v1/regulatory-reports/{id}", [&s](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto id, id_param(c, 0, "regulatory report"));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto body, parse_body(c.req.body));
    JsonReader r(body);
    auto f = read_reg_fields(r);
    if (auto st = r.finish(); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto rr, s.filings.edit(c.caller, id, f));
    return json_response(200, regulatory_json(rr));
  });
  api.add("POST", "/api/v1/regulatory-reports/{id}/submit", [&s](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto id, id_param(c, 0, "regulatory report"));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto body, parse_body(c.req.body));
    JsonReader r(body);
    services::Submission sub;
    sub.channel = r.str("channel").value_or("");
    sub.reference = r.str("reference").value_or("");
    LD_ASSIGN_OR_RETURN_RESPONSE(sub.submitted_at, opt_time(r, "submitted_at"));
    if (auto st = r.finish(); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto rr, s.filings.submit(c.caller, id, sub));
    return json_response(200, regulatory_json(rr));
  });
  api.add("POST", "/api/v1/regulatory-reports/{id}/acknowledgement", [&s](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto id, id_param(c, 0, "regulatory report"));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto body, parse_body(c.req.body));
    JsonReader r(body);
    bool returned = r.boolean("returned").value_or(false);
    auto note = r.str("note").value_or("");
    if (auto st = r.finish(); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto rr, s.filings.acknowledge(c.caller, id, returned, note));
    return json_response(200, regulatory_json(rr));
  });
  api.add("POST", "/api/v1/cases/{id}/upstream-notices", [&s](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto id, id_param(c, 0, "case"));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto body, parse_body(c.req.body));
    JsonReader r(body);
    services::UpstreamNoticeInput in;
    in.upstream_provider = r.str("upstream_provider").value_or("");
    if (auto o = r.integer("upstream_org")) in.upstream_org = *o;
    in.component = r.str("component").value_or("");
    LD_ASSIGN_OR_RETURN_RESPONSE(in.notified_at, opt_time(r, "notified_at"));
    in.method = r.str("method").value_or("");
    in.evidence = r.str("evidence").value_or("");
    if (auto st = r.finish(); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto n, s.filings.upstream_notice(c.caller, id, in));
    return json_response(201, upstream_json(n));
  });
  api.add("POST", "/api/v1/cases/{id}/user-notices", [&s](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto id, id_param(c, 0, "case"));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto body, parse_body(c.req.body));
    JsonReader r(body);
    services::UserNoticeInput in;
    in.customer = r.str("customer").value_or("");
    in.contact = r.str("contact").value_or("");
    LD_ASSIGN_OR_RETURN_RESPONSE(in.notified_at, opt_time(r, "notified_at"));
    in.method = r.str("method").value_or("");
    in.evidence = r.str("evidence").value_or("");
    if (auto st = r.finish(); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto n, s.filings.user_notice(c.caller, id, in));
    return json_response(201, user_notice_json(n));
  });

  api.add("GET", "/api/v1/cvss", [&s](Call& c) {
    auto v = c.req.query_param("vector").value_or("");
    auto a = assessment::assess_vector(v);
    if (!a.ok()) return error_response(a.error());
    (void)s;
    const auto& g = a->grade;
    return json_response(200, {{"version", a->version},
                               {"vector", a->vector},
                               {"score", a->score},
                               {"severity", a->severity},
                               {"base_score", a->base_score},
                               {"grade", g.grade ? json(assessment::grade_code(*g.grade)) : json(nullptr)},
                               {"grade_zh", g.grade ? json(assessment::grade_name_zh(*g.grade)) : json(nullptr)},
                               {"grade_source", assessment::grade_source_code(g.source)},
                               {"basis_en", g.basis_en},
                               {"basis_zh", g.basis_zh},
                               {"grade_basis", grade_basis_json(assessment::grade_basis_record(g))}});
  });
  api.add("GET", "/api/v1/classes", [](Call&) {
    json classes = json::array();
    for (const auto& k : assessment::all_classes())
      classes.push_back({{"code", k.code}, {"name_zh", k.name_zh}, {"name_en", k.name_en},
                         {"parent", k.parent.empty() ? json(nullptr) : json(k.parent)}});
    // The CWE catalogue for pickers; any well-formed CWE id is accepted too.
    json cwes = json::array();
    for (const auto& w : assessment::cwe_catalogue()) {
      auto cls = assessment::class_for_cwe(w.id);
      cwes.push_back({{"id", assessment::cwe_id(w.id)},
                      {"name_en", w.name_en},
                      {"name_zh", w.name_zh},
                      {"top25_rank", w.top25_rank ? json(w.top25_rank) : json(nullptr)},
                      {"gbt_class", cls ? json(cls->code) : json(nullptr)}});
    }
    return json_response(200, {{"classes", classes}, {"cwes", cwes}});
  });
}

}  // namespace loudong::api
