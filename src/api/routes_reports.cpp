// Intake, tracking and triage of reports.
#include "api/api.h"
#include "api/json_input.h"
#include "api/views.h"
#include "assessment/grading.h"
#include "services/intake_guard.h"

namespace loudong::api {

using namespace domain;

namespace {

Result<std::optional<Time>> time_param(const Call& c, const char* name) {
  auto v = c.req.query_param(name);
  if (!v || v->empty()) return std::optional<Time>();
  auto t = parse_time(*v);
  if (!t.ok()) return Error::field(name, "bad_time", t.error().message());
  return std::optional<Time>(*t);
}

Result<services::ReportInput> read_report_input(const json& body) {
  JsonReader r(body);
  services::ReportInput in;
  in.title = r.str("title").value_or("");
  if (auto p = r.integer("product_id")) in.product_id = *p;
  in.product_text = r.str("product_text").value_or("");
  in.product_version = r.str("product_version").value_or("");
  in.vuln_type = r.str("vuln_type").value_or("");
  in.cwe = r.str("cwe").value_or("");
  in.gbt_class = r.str("gbt_class").value_or("");
  in.location = r.str("location").value_or("");
  in.trigger_conditions = r.str("trigger_conditions").value_or("");
  in.impact = r.str("impact").value_or("");
  in.verification = r.str("verification").value_or("");
  in.discovered_on = r.str("discovered_on").value_or("");
  in.already_public = r.boolean("already_public").value_or(false);
  in.exploited = r.boolean("exploited").value_or(false);
  in.disclosure_plans = r.str("disclosure_plans").value_or("");
  in.contact_email = r.str("contact_email").value_or("");
  in.contact_name = r.str("contact_name").value_or("");
  if (const json* atts = r.array("attachments")) {
    for (size_t i = 0; i < atts->size(); ++i) {
      const json& a = (*atts)[i];
      std::string f = "attachments[" + std::to_string(i) + "]";
      if (!a.is_object()) {
        r.add_error(f, "wrong_type", f + " must be an object");
        continue;
      }
      JsonReader ar(a, f + ".");
      services::AttachmentInput x;
      x.filename = ar.str("filename").value_or("");
      x.content_type = ar.str("content_type").value_or("");
      auto data = ar.str("data");
      if (auto st = ar.finish(); !st.ok()) return std::move(st).error();
      if (data) {
        auto decoded = crypto::base64_decode(*data);
        if (!decoded.ok()) return Error::invalid(f + ".data is not valid base64", "bad_base64").add_field({f + ".data", "bad_base64", "not valid base64"});
        x.content = std::move(*decoded);
      }
      in.attachments.push_back(std::move(x));
    }
  }
  LD_RETURN_IF_ERROR(r.finish());
  return in;
}

// The filters every report list shares: state, order and the page.
Result<store::ReportFilter> report_filter(const Call& c) {
  store::ReportFilter f;
  if (auto v = c.req.query_param("state"); v && !v->empty()) {
    auto st = parse_enum<ReportState>(*v);
    if (!st) return Error::field("state", "bad_value", "state must be one of: " + allowed_names<ReportState>());
    f.state = *st;
  }
  f.newest_first = c.req.query_param("order").value_or("desc") != "asc";
  f.page.limit = page_limit(c);
  f.page.cursor = c.req.query_param("cursor").value_or("");
  return f;
}

services::ReceiptMeta receipt_meta(const Call& c) {
  services::ReceiptMeta m;
  m.channel = c.caller.actor.anonymous() || c.csrf_token.size() ? Channel::web : Channel::api;
  m.source_address = c.req.remote_address;
  m.raw_content = c.req.body;
  return m;
}

std::string tracking_token(const Call& c) {
  auto t = c.req.header("x-tracking-token");
  return t ? std::string(*t) : std::string();
}

}  // namespace

void add_report_routes(Api& api) {
  Services& s = api.svc();

  // Limits and the proof-of-work hook for reports from people without a role.
  auto guard = std::make_shared<services::IntakeGuard>(s.ctx);
  api.add("GET", "/api/v1/public/pow", [guard](Call&) {
    auto ch = guard->challenge();
    return json_response(200, {{"bits", ch.bits},
                               {"challenge", ch.bits > 0 ? json(ch.challenge) : json(nullptr)},
                               {"expires_at", ch.bits > 0 ? json(format_utc(ch.expires_at)) : json(nullptr)}});
  });
  api.add("POST", "/api/v1/reports", [&s, guard](Call& c) {
    LD_ASSIGN_OR_RETURN_RESPONSE(auto body, parse_body(c.req.body));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto in, read_report_input(body));
    const std::string proof(c.req.header("x-proof-of-work").value_or(""));
    if (auto st = guard->check(c.caller, in.contact_email, proof); !st.ok()) return error_response(st.error());
    auto count = [&](store::WriteTx& tx, const services::Submitted&) {
      return guard->count_in(tx, c.caller, in.contact_email, proof);
    };
    LD_ASSIGN_OR_RETURN_RESPONSE(auto sub, s.intake.submit(c.caller, in, receipt_meta(c), count));
    guard->taken(c.caller, in.contact_email);
    auto resp = json_response(201, {{"id", sub.report.id},
                                    {"tracking_id", sub.report.tracking_id},
                                    {"tracking_token", sub.tracking_token},
                                    {"state", name_of(sub.report.state)},
                                    {"receipt", {{"seq", sub.receipt.seq}, {"hash", sub.receipt.hash},
                                                 {"content_sha256", sub.receipt.content_sha256},
                                                 {"at", format_utc(sub.receipt.at)}}}});
    resp.headers.emplace_back("Location", "/api/v1/tracking/" + sub.report.tracking_id);
    return resp;
  }, true);

  api.add("GET", "/api/v1/tracking/{tracking_id}", [&s](Call& c) {
    LD_ASSIGN_OR_RETURN_RESPONSE(auto v, s.intake.track(c.params[0], tracking_token(c)));
    return json_response(200, tracking_json(v));
  });
  api.add("POST", "/api/v1/tracking/{tracking_id}/messages", [&s](Call& c) {
    LD_ASSIGN_OR_RETURN_RESPONSE(auto body, parse_body(c.req.body));
    JsonReader r(body);
    auto text = r.str("body");
    if (auto st = r.finish(); !st.ok()) return error_response(st.error());
    services::ReceiptMeta meta = receipt_meta(c);
    LD_ASSIGN_OR_RETURN_RESPONSE(auto m, s.intake.reply(c.params[0], tracking_token(c), text.value_or(""), meta));
    return json_response(201, message_json(m));
  });

  api.add("GET", "/api/v1/public/products", [&s](Call& c) {
    store::ProductFilter f;
    f.text = c.req.query_param("text").value_or("");
    f.page.limit = page_limit(c);
    f.page.cursor = c.req.query_param("cursor").value_or("");
    LD_ASSIGN_OR_RETURN_RESPONSE(auto page, s.products.list_public(f));
    return json_response(200, page_json(page, [](const Product& p) {
      return json{{"id", p.id}, {"name", p.name}, {"model", p.model}, {"kind", name_of(p.kind)}, {"versions", p.versions}};
    }));
  });

  // "My reports": a signed-in submitter's own reports, whatever their roles,
  // with the status and the messages meant for them, and a reply box.
  api.add("GET", "/api/v1/my/reports", [&s](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(store::ReportFilter f, report_filter(c));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto page, s.intake.own_reports(c.caller, f));
    return json_response(200, page_json(page, [](const Report& r) {
      return json{{"id", r.id},
                  {"tracking_id", r.tracking_id},
                  {"title", r.title},
                  {"state", name_of(r.state)},
                  {"product_text", r.product_text},
                  {"product_id", r.product_id ? json(*r.product_id) : json(nullptr)},
                  {"received_at", format_utc(r.received_at)},
                  {"updated_at", format_utc(r.updated_at)}};
    }));
  });
  api.add("GET", "/api/v1/my/reports/{id}", [&s](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto id, id_param(c, 0, "report"));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto v, s.intake.track_own(c.caller, id));
    json j = tracking_json(v);
    j["id"] = v.report.id;
    return json_response(200, j);
  });
  api.add("POST", "/api/v1/my/reports/{id}/messages", [&s](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto id, id_param(c, 0, "report"));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto body, parse_body(c.req.body));
    JsonReader r(body);
    auto text = r.str("body");
    if (auto st = r.finish(); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto m, s.intake.reply_own(c.caller, id, text.value_or(""), receipt_meta(c)));
    return json_response(201, message_json(m));
  });

  api.add("GET", "/api/v1/reports", [&s](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(store::ReportFilter f, report_filter(c));
    if (auto v = c.req.query_param("product_id"); v && !v->empty()) f.product_id = std::atoll(v->c_str());
    if (auto v = c.req.query_param("grade"); v && !v->empty()) {
      // The case's grade (codes or Chinese names, as for cases), or "none": in a case not graded yet.
      if (*v == "none") {
        f.case_grade = "none";
      } else {
        auto g = assessment::parse_grade(*v);
        if (!g.ok())
          return error_response(Error::field("grade", "bad_value", "grade must be one of: critical, high, medium, low, none")
                                    .with_allowed({"critical", "high", "medium", "low", "none"}));
        f.case_grade = std::string(assessment::grade_code(*g));
      }
    }
    f.text = c.req.query_param("text").value_or("");
    LD_ASSIGN_OR_RETURN_RESPONSE(f.received_from, time_param(c, "from"));
    LD_ASSIGN_OR_RETURN_RESPONSE(f.received_to, time_param(c, "to"));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto page, s.triage.list(c.caller, f));
    return json_response(200, page_json(page, report_json));
  });
  api.add("GET", "/api/v1/reports/{id}", [&s](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto id, id_param(c, 0, "report"));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto r, s.triage.get(c.caller, id));
    return json_response(200, report_json(r));
  });
  api.add("GET", "/api/v1/reports/{id}/confidential", [&s](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto id, id_param(c, 0, "report"));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto conf, s.triage.confidential(c.caller, id));
    json atts = json::array();
    for (const auto& a : conf.attachments) atts.push_back(attachment_json(a));
    return json_response(200, {{"verification", conf.verification}, {"attachments", atts}});
  });
  api.add("GET", "/api/v1/reports/{id}/attachments/{aid}", [&s](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto id, id_param(c, 0, "report"));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto aid, id_param(c, 1, "attachment"));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto a, s.triage.attachment(c.caller, id, aid));
    return download_response(std::move(a.content_sealed), a.filename);
  });
  api.add("GET", "/api/v1/reports/{id}/timeline", [&s](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto id, id_param(c, 0, "report"));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto events, s.triage.timeline(c.caller, id));
    json items = json::array();
    for (const auto& e : events) items.push_back(event_json(e));
    return json_response(200, {{"items", items}});
  });
  api.add("GET", "/api/v1/reports/{id}/messages", [&s](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto id, id_param(c, 0, "report"));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto msgs, s.triage.messages(c.caller, id));
    json items = json::array();
    for (const auto& m : msgs) items.push_back(message_json(m));
    return json_response(200, {{"items", items}});
  });
  api.add("POST", "/api/v1/reports/{id}/messages", [&s](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto id, id_param(c, 0, "report"));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto body, parse_body(c.req.body));
    JsonReader r(body);
    auto vis = r.str("visibility");
    auto text = r.str("body");
    if (auto st = r.finish(); !st.ok()) return error_response(st.error());
    auto v = parse_enum<Visibility>(vis.value_or("coordinators"));
    if (!v) return error_response(Error::field("visibility", "bad_value", "visibility must be one of: " + allowed_names<Visibility>()));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto m, s.triage.post_message(c.caller, id, *v, text.value_or("")));
    return json_response(201, message_json(m));
  });
  api.add("POST", "/api/v1/reports/{id}/transitions", [&s](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto id, id_param(c, 0, "report"));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto body, parse_body(c.req.body));
    JsonReader r(body);
    auto to = r.str("to");
    services::ReportTransition t;
    t.reason = r.str("reason").value_or("");
    if (auto cid = r.integer("case_id")) t.case_id = *cid;
    t.case_title = r.str("case_title").value_or("");
    if (auto st = r.finish(); !st.ok()) return error_response(st.error());
    auto state = parse_enum<ReportState>(to.value_or(""));
    if (!state) return error_response(Error::field("to", "bad_value", "to must be one of: " + allowed_names<ReportState>()));
    t.to = *state;
    LD_ASSIGN_OR_RETURN_RESPONSE(auto rep, s.triage.transition(c.caller, id, t));
    return json_response(200, report_json(rep));
  });
}

}  // namespace loudong::api
