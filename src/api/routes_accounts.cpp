// Sessions, finders, tokens, organisations, users, policy, public info.
#include "api/api.h"
#include "api/json_input.h"
#include "api/openapi.h"
#include "api/views.h"
#include "services/platform_filing.h"
#include "services/policy_settings.h"

namespace loudong::api {

using namespace domain;

namespace {

std::string session_cookie(const std::string& token, std::chrono::hours ttl, bool secure) {
  return "ld_session=" + token + "; Path=/; Max-Age=" + std::to_string(ttl.count() * 3600) + "; HttpOnly; SameSite=Strict" +
         (secure ? "; Secure" : "");
}

Result<std::vector<Membership>> read_memberships(const json* arr, JsonReader& r) {
  std::vector<Membership> out;
  if (!arr) return out;
  for (size_t i = 0; i < arr->size(); ++i) {
    const auto& m = (*arr)[i];
    std::string f = "memberships[" + std::to_string(i) + "]";
    // is_number_integer() also holds for unsigned values above INT64_MAX,
    // which get<Id>() would wrap to a negative id.
    if (!m.is_object() || !m.contains("org_id") || !m["org_id"].is_number_integer() ||
        (m["org_id"].is_number_unsigned() && m["org_id"].get<std::uint64_t>() > static_cast<std::uint64_t>(INT64_MAX)) ||
        !m.contains("role") || !m["role"].is_string()) {
      r.add_error(f, "wrong_type", f + " must be {\"org_id\": integer, \"role\": string}");
      continue;
    }
    auto role = parse_enum<Role>(m["role"].get<std::string>());
    if (!role) return Error::field(f + ".role", "bad_value", "role must be one of: " + allowed_names<Role>());
    out.push_back({m["org_id"].get<Id>(), *role});
  }
  return out;
}

json invitation_json(const Invitation& i) {
  return {{"id", i.id},
          {"org_id", i.org_id},
          {"role", name_of(i.role)},
          {"username", i.invitee_username.empty() ? json(nullptr) : json(i.invitee_username)},
          {"email", i.invitee_email.empty() ? json(nullptr) : json(i.invitee_email)},
          {"state", i.state},
          {"created_at", format_utc(i.created_at)},
          {"expires_at", format_utc(i.expires_at)},
          {"decided_at", time_json(i.decided_at)}};
}

// The optional {"token": "..."} of accept and decline; an empty body is fine.
Result<std::string> invitation_token(const Call& c) {
  if (c.req.body.empty()) return std::string();
  LD_ASSIGN_OR_RETURN(auto body, parse_body(c.req.body));
  JsonReader r(body);
  auto token = r.str("token");
  LD_RETURN_IF_ERROR(r.finish());
  return token.value_or("");
}

json me_json(const Call& c, Services& s) {
  auto u = s.ctx.store.read([&](store::ReadTx& tx) { return tx.user(c.caller.actor.user_id); });
  domain::User user = u.ok() && *u ? **u : domain::User{};
  user.id = c.caller.actor.user_id;
  if (user.username.empty()) user.username = c.caller.actor.username;
  return {{"user", user_json(user, c.caller.actor.memberships)},
          {"csrf_token", c.csrf_token.empty() ? json(nullptr) : json(c.csrf_token)},
          {"second_factor_enrolment_required", c.must_enrol}};
}

json second_factor_json(const services::SecondFactorStatus& st) {
  return {{"enabled", st.enabled}, {"pending", st.pending}, {"recovery_codes_left", st.recovery_codes_left},
          {"required", st.required}};
}

// The {"code": "..."} of confirmation, or {"code"} / {"password"} of removal.
Result<std::pair<std::string, std::string>> code_or_password(const Call& c) {
  LD_ASSIGN_OR_RETURN(auto body, parse_body(c.req.body));
  JsonReader r(body);
  auto code = r.str("code"), password = r.str("password");
  LD_RETURN_IF_ERROR(r.finish());
  return std::make_pair(code.value_or(""), password.value_or(""));
}

}  // namespace

void add_account_routes(Api& api) {
  Services& s = api.svc();

  api.add("GET", "/api/v1/health", [&s](Call&) {
    return json_response(200, {{"status", "ok"}, {"store", s.ctx.store.backend()},
                               {"schema_version", s.ctx.store.schema_version()}});
  });
  api.add("GET", "/api/v1/openapi.json", [](Call&) { return http::Response::json(200, openapi_document()); });
  api.add("GET", "/api/v1/public/info", [&api, &s](Call&) {
    const auto& o = api.options();
    // The filing in force (R-FILING) names the number; the config file's
    // platform.filing_number is for deployments that keep no filing record.
    std::string number = o.filing_number;
    LD_ASSIGN_OR_RETURN_RESPONSE(auto filed, services::PlatformFilings(s.ctx).in_force());
    if (filed) number = filed->filing_number;
    return json_response(200, {{"platform_name", o.platform_name},
                               {"filing_number", number.empty() ? json(nullptr) : json(number)}});
  });

  api.add("POST", "/api/v1/session", [&s](Call& c) {
    LD_ASSIGN_OR_RETURN_RESPONSE(auto body, parse_body(c.req.body));
    JsonReader r(body);
    auto user = r.str("username"), pass = r.str("password"), code = r.str("code");
    if (auto st = r.finish(); !st.ok()) return error_response(st.error());
    if (!user || !pass) return error_response(Error::field(!user ? "username" : "password", "required", "user name and password are required"));
    auto signed_in = s.accounts.sign_in(*user, *pass, c.req.remote_address, code.value_or(""));
    if (!signed_in.ok()) return error_response(signed_in.error());
    c.caller.actor.user_id = signed_in->user.id;
    auto resp = json_response(200, {{"user", user_json(signed_in->user, signed_in->memberships)},
                                    {"csrf_token", signed_in->csrf_token},
                                    {"expires_at", format_utc(signed_in->expires_at)},
                                    {"second_factor_enrolment_required", signed_in->must_enrol}});
    resp.headers.emplace_back("Set-Cookie", session_cookie(signed_in->session_token, s.ctx.limits.session_ttl,
                                                           s.ctx.secure_cookies || c.req.secure));
    return resp;
  });
  api.add("GET", "/api/v1/session", [&s](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    return json_response(200, me_json(c, s));
  });
  api.add("DELETE", "/api/v1/session", [&s](Call& c) {
    // A session the store failed to end still signs its holder in: say so,
    // rather than clear the cookie and leave the session live.
    if (auto token = cookie(c.req, "ld_session"))
      if (auto st = s.accounts.sign_out(*token); !st.ok()) return error_response(st.error());
    auto resp = json_response(200, {{"signed_out", true}});
    resp.headers.emplace_back("Set-Cookie", "ld_session=; Path=/; Max-Age=0; HttpOnly; SameSite=Strict");
    return resp;
  });

  // The caller's own second factor (services/accounts.h).
  api.add("GET", "/api/v1/me/second-factor", [&s](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto st, s.accounts.second_factor_status(c.caller));
    return json_response(200, second_factor_json(st));
  });
  api.add("POST", "/api/v1/me/second-factor/enrolment", [&api, &s](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto e, s.accounts.begin_second_factor(c.caller, api.options().platform_name));
    return json_response(201, {{"secret", e.secret_base32}, {"otpauth_uri", e.otpauth_uri}});
  });
  api.add("POST", "/api/v1/me/second-factor/confirmation", [&s](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto in, code_or_password(c));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto codes, s.accounts.confirm_second_factor(c.caller, in.first));
    return json_response(200, {{"enabled", true}, {"recovery_codes", codes}});
  });
  api.add("POST", "/api/v1/me/second-factor/removal", [&s](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto in, code_or_password(c));
    if (auto st = s.accounts.disable_second_factor(c.caller, in.first, in.second); !st.ok()) return error_response(st.error());
    return json_response(200, {{"enabled", false}});
  });
  api.add("POST", "/api/v1/users/{id}/second-factor/reset", [&s](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto id, id_param(c, 0, "user"));
    if (auto st = s.accounts.reset_second_factor(c.caller, id); !st.ok()) return error_response(st.error());
    return json_response(200, {{"reset", true}});
  });

  api.add("POST", "/api/v1/finders", [&s](Call& c) {
    LD_ASSIGN_OR_RETURN_RESPONSE(auto body, parse_body(c.req.body));
    JsonReader r(body);
    services::NewUser u;
    u.username = r.str("username").value_or("");
    u.password = r.str("password").value_or("");
    u.email = r.str("email").value_or("");
    u.display_name = r.str("display_name").value_or("");
    if (auto st = r.finish(); !st.ok()) return error_response(st.error());
    auto created = s.accounts.register_finder(u, c.req.remote_address);
    if (!created.ok()) return error_response(created.error());
    return json_response(201, user_json(*created, {}));
  });

  api.add("GET", "/api/v1/tokens", [&s](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto tokens, s.accounts.list_tokens(c.caller));
    json items = json::array();
    for (const auto& t : tokens) items.push_back(token_json(t));
    return json_response(200, {{"items", items}, {"next_cursor", nullptr}, {"total", items.size()}});
  });
  api.add("POST", "/api/v1/tokens", [&s](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto body, parse_body(c.req.body));
    JsonReader r(body);
    services::NewToken t;
    t.name = r.str("name").value_or("");
    t.org_id = r.integer("org_id").value_or(0);
    auto role = r.str("role");
    // Read as 64 bits and range-checked by the service: a cast to int here
    // once turned 4294967297 into 1 (a one-day token nobody asked for).
    t.expires_in_days = r.integer("expires_in_days").value_or(90);
    if (auto st = r.finish(); !st.ok()) return error_response(st.error());
    auto parsed = parse_enum<Role>(role.value_or(""));
    if (!parsed) return error_response(Error::field("role", "bad_value", "role must be one of: " + allowed_names<Role>()));
    t.role = *parsed;
    LD_ASSIGN_OR_RETURN_RESPONSE(auto created, s.accounts.create_token(c.caller, t));
    return json_response(201, {{"token", token_json(created.token)}, {"secret", created.secret}});
  });
  api.add("DELETE", "/api/v1/tokens/{id}", [&s](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto id, id_param(c, 0, "API token"));
    if (auto st = s.accounts.revoke_token(c.caller, id); !st.ok()) return error_response(st.error());
    return json_response(200, {{"revoked", true}});
  });

  api.add("GET", "/api/v1/orgs", [&s](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto orgs, s.accounts.list_orgs(c.caller));
    json items = json::array();
    for (const auto& o : orgs) items.push_back(org_json(o));
    return json_response(200, {{"items", items}, {"next_cursor", nullptr}, {"total", items.size()}});
  });
  api.add("POST", "/api/v1/orgs", [&s](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto body, parse_body(c.req.body));
    JsonReader r(body);
    Organisation o;
    o.name = r.str("name").value_or("");
    auto type = r.str("type");
    o.region = r.str("region").value_or("");
    o.contact_email = r.str("contact_email").value_or("");
    if (auto st = r.finish(); !st.ok()) return error_response(st.error());
    auto t = parse_enum<OrgType>(type.value_or(""));
    if (!t) return error_response(Error::field("type", "bad_value", "type must be one of: " + allowed_names<OrgType>()));
    o.type = *t;
    LD_ASSIGN_OR_RETURN_RESPONSE(auto created, s.accounts.create_org(c.caller, o));
    return json_response(201, org_json(created));
  });

  api.add("GET", "/api/v1/users", [&s](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto users, s.accounts.list_users(c.caller));
    json items = json::array();
    for (const auto& [u, ms] : users) items.push_back(user_json(u, ms));
    return json_response(200, {{"items", items}, {"next_cursor", nullptr}, {"total", items.size()}});
  });
  api.add("POST", "/api/v1/users", [&s](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto body, parse_body(c.req.body));
    JsonReader r(body);
    services::NewUser u;
    u.username = r.str("username").value_or("");
    u.password = r.str("password").value_or("");
    u.display_name = r.str("display_name").value_or("");
    u.email = r.str("email").value_or("");
    u.platform_admin = r.boolean("platform_admin").value_or(false);
    LD_ASSIGN_OR_RETURN_RESPONSE(u.memberships, read_memberships(r.array("memberships"), r));
    if (auto st = r.finish(); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto created, s.accounts.create_user(c.caller, u));
    return json_response(201, user_json(created, u.memberships));
  });
  api.add("PUT", "/api/v1/users/{id}/memberships", [&s](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto id, id_param(c, 0, "user"));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto body, parse_body(c.req.body));
    JsonReader r(body);
    auto org = r.integer("org_id");
    auto role = r.str("role");
    if (auto st = r.finish(); !st.ok()) return error_response(st.error());
    auto parsed = parse_enum<Role>(role.value_or(""));
    if (!org || !parsed)
      return error_response(Error::field(!org ? "org_id" : "role", "required", "org_id and role (" + allowed_names<Role>() + ") are required"));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto ms, s.accounts.set_membership(c.caller, id, {*org, *parsed}));
    json out = json::array();
    for (const auto& m : ms) out.push_back({{"org_id", m.org_id}, {"role", name_of(m.role)}});
    return json_response(200, {{"memberships", out}});
  });

  // Invitations: how an organisation admin brings in an existing user (who
  // accepts), by user name or by email (the secret, shown once, accepts).
  api.add("POST", "/api/v1/orgs/{id}/invitations", [&s](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto org, id_param(c, 0, "organisation"));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto body, parse_body(c.req.body));
    JsonReader r(body);
    services::NewInvitation in;
    in.org_id = org;
    in.username = r.str("username").value_or("");
    in.email = r.str("email").value_or("");
    auto role = r.str("role");
    if (auto st = r.finish(); !st.ok()) return error_response(st.error());
    auto parsed = parse_enum<Role>(role.value_or(""));
    if (!parsed) return error_response(Error::field("role", role ? "bad_value" : "required", "role must be one of: " + allowed_names<Role>()));
    in.role = *parsed;
    LD_ASSIGN_OR_RETURN_RESPONSE(auto created, s.accounts.invite(c.caller, in));
    return json_response(201, {{"invitation", invitation_json(created.invitation)}, {"secret", created.secret}});
  });
  api.add("GET", "/api/v1/orgs/{id}/invitations", [&s](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto org, id_param(c, 0, "organisation"));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto list, s.accounts.org_invitations(c.caller, org));
    json items = json::array();
    for (const auto& i : list) items.push_back(invitation_json(i));
    return json_response(200, {{"items", items}, {"next_cursor", nullptr}, {"total", items.size()}});
  });
  api.add("DELETE", "/api/v1/orgs/{id}/invitations/{iid}", [&s](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto org, id_param(c, 0, "organisation"));
    LD_ASSIGN_OR_RETURN_RESPONSE(auto id, id_param(c, 1, "invitation"));
    if (auto st = s.accounts.revoke_invitation(c.caller, org, id); !st.ok()) return error_response(st.error());
    return json_response(200, {{"revoked", true}});
  });
  api.add("GET", "/api/v1/invitations", [&s](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto list, s.accounts.my_invitations(c.caller));
    json items = json::array();
    for (const auto& v : list) {
      json j = invitation_json(v.invitation);
      j["org"] = {{"id", v.org.id}, {"name", v.org.name}, {"type", name_of(v.org.type)}};
      items.push_back(std::move(j));
    }
    return json_response(200, {{"items", items}, {"next_cursor", nullptr}, {"total", items.size()}});
  });
  auto answer = [&s](bool accept) {
    return [&s, accept](Call& c) {
      if (auto st = require_user(c); !st.ok()) return error_response(st.error());
      LD_ASSIGN_OR_RETURN_RESPONSE(auto id, id_param(c, 0, "invitation"));
      LD_ASSIGN_OR_RETURN_RESPONSE(auto token, invitation_token(c));
      LD_ASSIGN_OR_RETURN_RESPONSE(auto a, s.accounts.answer_invitation(c.caller, id, accept, token));
      json out = json::array();
      for (const auto& m : a.memberships) out.push_back({{"org_id", m.org_id}, {"role", name_of(m.role)}});
      return json_response(200, {{"invitation", invitation_json(a.invitation)}, {"memberships", out}});
    };
  };
  api.add("POST", "/api/v1/invitations/{id}/accept", answer(true));
  api.add("POST", "/api/v1/invitations/{id}/decline", answer(false));

  // Policy: the config file's values, overridden by what admins store here.
  auto policy = std::make_shared<services::PolicySettings>(s.ctx);
  auto policy_json = [&s](const services::PolicyView& v) {
    json out = json::object();
    json settings = json::array();
    for (const auto& x : v.settings) {
      out[x.field] = x.value;  // flat, as before: {"regulatory_report_hours": 48, ...}
      settings.push_back({{"field", x.field},
                          {"value", x.value},
                          {"configured", x.configured},
                          {"stored", x.stored},
                          {"min", x.bounds.min},
                          {"max", x.bounds.max},
                          {"updated_at", time_json(x.updated_at)},
                          {"updated_by", x.stored ? json(x.updated_by) : json(nullptr)}});
    }
    out["time_zone"] = s.ctx.zone.name();
    out["grading"] = s.ctx.grading_table ? "official_table" : "derived_from_cvss";
    out["settings"] = settings;
    out["editable"] = v.can_edit;
    return out;
  };
  api.add("GET", "/api/v1/policy", [policy, policy_json](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto v, policy->view(c.caller));
    return json_response(200, policy_json(v));
  });
  api.add("PUT", "/api/v1/policy", [policy, policy_json](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    LD_ASSIGN_OR_RETURN_RESPONSE(auto body, parse_body(c.req.body));
    JsonReader r(body);
    std::map<std::string, std::optional<std::int64_t>> changes;
    for (auto f : kPolicyFields) {
      std::string name(f);
      if (!body.contains(name)) continue;
      if (body[name].is_null()) {
        (void)r.integer(name.c_str());  // marks it seen
        changes[name] = std::nullopt;   // back to the config file's value
      } else if (auto v = r.integer(name.c_str())) {
        changes[name] = *v;
      }
    }
    Error read_only = Error::unprocessable("some settings cannot be changed here", "read_only");
    for (const char* f : {"time_zone", "grading"}) {
      (void)r.str(f);
      if (body.contains(f))
        read_only.add_field({f, "read_only",
                             std::string(f) + " is set in the config file only (platform." +
                                 (std::string(f) == "grading" ? "grading_table" : f) + ")"});
    }
    if (auto st = r.finish(); !st.ok()) return error_response(st.error());
    if (!read_only.fields().empty()) return error_response(read_only);
    LD_ASSIGN_OR_RETURN_RESPONSE(auto v, policy->update(c.caller, changes));
    return json_response(200, policy_json(v));
  });
  api.add("GET", "/api/v1/policy/changes", [policy](Call& c) {
    if (auto st = require_user(c); !st.ok()) return error_response(st.error());
    store::PageRequest p;
    p.limit = page_limit(c);
    p.cursor = c.req.query_param("cursor").value_or("");
    LD_ASSIGN_OR_RETURN_RESPONSE(auto page, policy->changes(c.caller, p));
    return json_response(200, page_json(page, [](const PolicyChange& x) {
      return json{{"id", x.id},       {"at", format_utc(x.at)},   {"actor", x.actor_name},
                  {"field", x.field}, {"old_value", x.old_value}, {"new_value", x.new_value},
                  {"stored", x.stored}, {"request_id", x.request_id}};
    }));
  });
}

}  // namespace loudong::api
