// The case's advisory (公告), its gates, the blackout calendar, consents,
// and the public advisories (issue 10).
#include "api/api.h"
#include "api/json_input.h"
#include "api/views.h"
#include "formats/advisory_json.h"
#include "services/advisories.h"
#include "services/advisory_exports.h"
#include "services/csaf_provider.h"
#include "crypto/crypto.h"
#include "core/time.h"

namespace loudong::api {

using namespace domain;

namespace {

json gate_json(const GateCheck& g) {
  return {{"gate", g.gate}, {"rule", g.rule}, {"passed", g.passed}, {"message", g.message}, {"message_zh", g.message_zh}};
}

json snapshot_meta_json(const store::AdvisorySnapshot& s) {
  return {{"revision", s.revision}, {"published_at", format_utc(s.published_at)}, {"published_by", s.published_by},
          {"change", s.change},     {"tlp", s.tlp}};
}

json advisory_view_json(const services::AdvisoryView& v) {
  json j = formats::advisory_to_json(v.advisory);
  j["revisions"] = json::array();
  for (const auto& r : v.revisions) j["revisions"].push_back(snapshot_meta_json(r));
  j["allowed_transitions"] = json::array();
  for (auto s : v.allowed_transitions) j["allowed_transitions"].push_back(name_of(s));
  j["permissions"] = {{"edit", v.can_edit}};
  return j;
}

// What the public reads: the published revision as it was published, less
// the working details (ids of this deployment's rows, the state).
json public_advisory_json(const store::AdvisorySnapshot& s) {
  json j = json::parse(s.snapshot, nullptr, false);
  if (!j.is_object()) j = json::object();
  for (const char* k : {"id", "case_id", "state", "created_at"}) j.erase(k);
  for (auto& c : j["credits"]) c.erase("user_id");
  for (auto& p : j["affected"]) p.erase("product_id");
  j["ref"] = s.ref;
  j["revision"] = s.revision;
  j["updated_at"] = format_utc(s.published_at);
  // One title and summary for lists: English when written, else Chinese.
  auto pick = [&](const char* k) {
    std::string en = j["en"].value(k, ""), zh = j["zh"].value(k, "");
    return en.empty() ? zh : en;
  };
  j["title"] = pick("title");
  j["summary"] = pick("summary");
  return j;
}

void text_patch(JsonReader& parent, const char* lang, services::AdvisoryTextPatch& t) {
  const json* o = parent.object(lang);
  if (!o) return;
  JsonReader r(*o, std::string(lang) + ".");
  t.title = r.str("title");
  t.summary = r.str("summary");
  t.impact = r.str("impact");
  t.existence_statement = r.str("existence_statement");
  t.detection = r.str("detection");
  t.solution = r.str("solution");
  if (auto st = r.finish(); !st.ok())
    for (const auto& f : st.error().fields()) parent.add_error(f.field, f.code, f.message);
}

// Calls `each(reader)` for every object of an array member; type errors go to the parent.
template <class F>
void each_object(JsonReader& parent, const char* name, F each) {
  const json* a = parent.array(name);
  if (!a) return;
  for (size_t i = 0; i < a->size(); ++i) {
    std::string at = std::string(name) + "[" + std::to_string(i) + "].";
    if (!(*a)[i].is_object()) {
      parent.add_error(at.substr(0, at.size() - 1), "bad_type", at.substr(0, at.size() - 1) + " must be an object");
      continue;
    }
    JsonReader r((*a)[i], at);
    each(r);
    if (auto st = r.finish(); !st.ok())
      for (const auto& f : st.error().fields()) parent.add_error(f.field, f.code, f.message);
  }
}

Result<services::AdvisoryPatch> read_patch(const json& body) {
  JsonReader r(body);
  services::AdvisoryPatch p;
  text_patch(r, "zh", p.zh);
  text_patch(r, "en", p.en);
  p.grade = r.str("grade");
  p.cvss31_vector = r.str("cvss31_vector");
  p.cvss40_vector = r.str("cvss40_vector");
  // cwe as the advisory's JSON writes it (79), or as the case's assessment does ("CWE-79").
  if (auto it = body.find("cwe"); it != body.end() && it->is_number_integer()) {
    if (auto n = r.integer("cwe")) p.cwe = "CWE-" + std::to_string(*n);
  } else {
    p.cwe = r.str("cwe");
  }
  p.gbt_class = r.str("gbt_class");
  if (r.array("affected")) {
    p.affected.emplace();
    each_object(r, "affected", [&](JsonReader& x) {
      AffectedProduct a;
      if (auto id = x.integer("product_id")) a.product_id = *id;
      a.vendor = x.str("vendor").value_or("");
      a.name = x.str("name").value_or("");
      a.purl = x.str("purl").value_or("");
      a.cpe = x.str("cpe").value_or("");
      a.range = x.str("range").value_or("");
      a.versions = x.strings("versions").value_or(std::vector<std::string>{});
      a.fixed_version = x.str("fixed_version").value_or("");
      p.affected->push_back(std::move(a));
    });
  }
  if (r.array("credits")) {
    p.credits.emplace();
    each_object(r, "credits", [&](JsonReader& x) {
      Credit c;
      c.name = x.str("name").value_or("");
      c.role = x.str("role").value_or("finder");
      if (auto id = x.integer("user_id")) c.user_id = *id;
      p.credits->push_back(std::move(c));
    });
  }
  if (r.array("references")) {
    p.references.emplace();
    each_object(r, "references", [&](JsonReader& x) {
      Reference ref;
      ref.url = x.str("url").value_or("");
      ref.kind = x.str("kind").value_or("web");
      ref.summary = x.str("summary").value_or("");
      p.references->push_back(std::move(ref));
    });
  }
  p.external_ids = r.strings("external_ids");
  p.publisher = r.str("publisher");
  p.verifier = r.str("verifier");
  p.tlp = r.str("tlp");
  LD_RETURN_IF_ERROR(r.finish());
  return p;
}

Result<std::optional<Time>> opt_time(JsonReader& r, const char* name) {
  auto v = r.str(name);
  if (!v || v->empty()) return std::optional<Time>();
  auto t = parse_time(*v);
  if (!t.ok()) return Error::field(name, "bad_time", t.error().message());
  return std::optional<Time>(*t);
}

json blackout_json(const BlackoutPeriod& b) {
  return {{"id", b.id},
          {"name", b.name},
          {"start", format_utc(b.start)},
          {"end", format_utc(b.end)},
          {"created_by", b.created_by ? json(*b.created_by) : json(nullptr)},
          {"created_by_name", b.created_by_name},
          {"created_at", format_utc(b.created_at)}};
}

// A file of the CSAF tree or the Atom feed, with a validator: the body's
// hash as ETag (a conditional GET answers 304) and its newest publication
// as Last-Modified. Public, so caches may keep it a few minutes.
http::Response provider_response(const Call& c, services::ProviderFile f) {
  http::Response r;
  std::string etag = "\"" + crypto::sha256_hex(f.body).substr(0, 32) + "\"";
  r.headers.emplace_back("ETag", etag);
  r.headers.emplace_back("Last-Modified", format_http_date(f.modified));
  r.headers.emplace_back("Cache-Control", "public, max-age=300");
  r.content_type = std::move(f.content_type);
  if (auto sent = c.req.header("if-none-match"); sent && (*sent == etag || *sent == "*")) {
    r.status = 304;
    return r;
  }
  r.body = std::move(f.body);
  return r;
}

}  // namespace

void add_advisory_routes(Api& api) {
  services::Advisories& adv = api.svc().advisories;
  auto reply = [](int status, const services::AdvisoryView& v) { return json_response(status, advisory_view_json(v)); };

  api.add("GET", "/api/v1/cases/{id}/advisory", [&adv, reply](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto id, id_param(c, 0, "case"));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto v, adv.get(c.caller, id));
    return reply(200, v);
  });
  api.add("POST", "/api/v1/cases/{id}/advisory", [&adv, reply](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto id, id_param(c, 0, "case"));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto v, adv.create(c.caller, id));
    return reply(201, v);
  });
  api.add("PATCH", "/api/v1/cases/{id}/advisory", [&adv, reply](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto id, id_param(c, 0, "case"));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto body, parse_body(c.req.body));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto patch, read_patch(body));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto v, adv.update(c.caller, id, patch));
    return reply(200, v);
  });
  api.add("POST", "/api/v1/cases/{id}/advisory/transition", [&adv, reply](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto id, id_param(c, 0, "case"));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto t, read_transition<AdvisoryState>(c.req.body));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto v, adv.transition(c.caller, id, t.to, t.reason));
    return reply(200, v);
  });
  api.add("GET", "/api/v1/cases/{id}/advisory/gates", [&adv](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto id, id_param(c, 0, "case"));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto gates, adv.gates(c.caller, id));
    json items = json::array();
    bool all = true;
    for (const auto& g : gates) {
      items.push_back(gate_json(g));
      all = all && g.passed;
    }
    return json_response(200, {{"passed", all}, {"gates", items}});
  });
  api.add("POST", "/api/v1/cases/{id}/consents", [&adv](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto id, id_param(c, 0, "case"));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto body, parse_body(c.req.body));
    JsonReader r(body);
    services::ConsentInput in;
    in.kind = r.str("kind").value_or("");
    in.provider = r.str("provider").value_or("");
    in.miit_reference = r.str("miit_reference").value_or("");
    in.miit_date = r.str("miit_date").value_or("");
    in.mps_reference = r.str("mps_reference").value_or("");
    in.mps_date = r.str("mps_date").value_or("");
    in.notes = r.str("notes").value_or("");
    if (auto st = r.finish(); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto k, adv.add_consent(c.caller, id, in));
    return json_response(201, consent_json(k));
  });

  api.add("GET", "/api/v1/blackouts", [&adv](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto list, adv.blackouts(c.caller));
    json items = json::array();
    for (const auto& b : list) items.push_back(blackout_json(b));
    return json_response(200, {{"items", items}});
  });
  api.add("POST", "/api/v1/blackouts", [&adv](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto body, parse_body(c.req.body));
    JsonReader r(body);
    services::BlackoutInput in;
    in.name = r.str("name").value_or("");
    LD_ASSIGN_OR_RETURN_RESPONSE(in.start, opt_time(r, "start"));
    LD_ASSIGN_OR_RETURN_RESPONSE(in.end, opt_time(r, "end"));
    if (auto st = r.finish(); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto b, adv.add_blackout(c.caller, in));
    return json_response(201, blackout_json(b));
  });
  api.add("DELETE", "/api/v1/blackouts/{id}", [&adv](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto id, id_param(c, 0, "blackout period"));
    if (auto st = adv.delete_blackout(c.caller, id); !st.ok()) return error_response(st.error());
    return json_response(200, {{"deleted", id}});
  });

  // The public advisories: the newest published revision of each, never a
  // working copy; TLP:CLEAR only.
  api.add("GET", "/api/v1/public/advisories", [&adv](Call& c) {
    store::PageRequest p;
    p.limit = page_limit(c);
    p.cursor = c.req.query_param("cursor").value_or("");
    LD_ASSIGN_OR_RETURN_RESPONSE(auto page, adv.public_list(p, c.req.query_param("external_id").value_or("")));
    return json_response(200, page_json(page, public_advisory_json));
  });
  api.add("GET", "/api/v1/public/advisories/{ref}", [&adv](Call& c) {
    LD_ASSIGN_OR_RETURN_RESPONSE(auto s, adv.public_one(c.params[0]));
    return json_response(200, public_advisory_json(s));
  });
  // The same revision as CSAF 2.0, CVE JSON 5.1 or OSV (services/advisory_exports.h).
  auto export_route = [&api](services::ExportFormat f) {
    return [&api, f](Call& c) {
      services::ExportSettings settings{api.svc().ctx.notify.public_url, api.options().cna_org_id};
      LD_ASSIGN_OR_RETURN_RESPONSE(auto doc, services::export_public_advisory(api.svc().ctx, c.params[0], f, settings));
      http::Response r = http::Response::json(200, std::move(doc.body));
      r.content_type = doc.content_type;
      r.headers.emplace_back("Content-Disposition", "attachment; filename=\"" + doc.filename + "\"");
      return r;
    };
  };
  api.add("GET", "/api/v1/public/advisories/{ref}/csaf", export_route(services::ExportFormat::csaf));
  api.add("GET", "/api/v1/public/advisories/{ref}/cve5", export_route(services::ExportFormat::cve5));
  api.add("GET", "/api/v1/public/advisories/{ref}/osv", export_route(services::ExportFormat::osv));

  // The portal's Atom feed, and the CSAF provider tree (services/csaf_provider.h).
  auto settings = [&api] { return services::ExportSettings{api.svc().ctx.notify.public_url, api.options().cna_org_id}; };
  api.add("GET", "/api/v1/public/advisories.atom", [&api, settings](Call& c) {
    LD_ASSIGN_OR_RETURN_RESPONSE(auto f, services::advisories_atom(api.svc().ctx, settings()));
    return provider_response(c, std::move(f));
  });
  auto tree = [&api, settings](std::string fixed) {
    return [&api, settings, fixed](Call& c) {
      std::string path = fixed;
      for (const auto& p : c.params) path += "/" + p;
      LD_ASSIGN_OR_RETURN_RESPONSE(auto f, services::csaf_provider_file(api.svc().ctx, path, settings()));
      return provider_response(c, std::move(f));
    };
  };
  api.add("GET", "/.well-known/csaf/provider-metadata.json", tree("provider-metadata.json"));
  api.add("GET", "/.well-known/csaf/provider-metadata.json.asc", tree("provider-metadata.json.asc"));
  api.add("GET", "/.well-known/csaf/openpgp/{file}", tree("openpgp"));
  api.add("GET", "/.well-known/csaf/feed-tlp-white.json", tree("feed-tlp-white.json"));
  api.add("GET", "/.well-known/csaf/clear/index.txt", tree("clear/index.txt"));
  api.add("GET", "/.well-known/csaf/clear/changes.csv", tree("clear/changes.csv"));
  api.add("GET", "/.well-known/csaf/clear/{year}/{file}", tree("clear"));
  api.add("GET", "/.well-known/security.txt", [&api, settings](Call& c) {
    LD_ASSIGN_OR_RETURN_RESPONSE(auto f, services::security_txt(api.svc().ctx, settings()));
    return provider_response(c, std::move(f));
  });
}

}  // namespace loudong::api
