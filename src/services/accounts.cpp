#include "services/accounts.h"

#include <algorithm>
#include <cctype>

namespace loudong::services {

using namespace domain;

bool RateLimiter::allow(const std::string& key) {
  std::lock_guard lk(mu_);
  Time now = clock_.now();
  auto& q = hits_[key];
  while (!q.empty() && now - q.front() >= std::chrono::minutes(1)) q.pop_front();
  if (static_cast<int>(q.size()) >= per_minute_) return false;
  q.push_back(now);
  if (hits_.size() > 100000) hits_.clear();  // bound memory under a spray of names
  return true;
}

void RateLimiter::reset(const std::string& key) {
  std::lock_guard lk(mu_);
  hits_.erase(key);
}

Accounts::Accounts(Context& ctx)
    : ctx_(ctx),
      by_name_(ctx.clock, ctx.limits.sign_in_attempts_per_minute),
      by_address_(ctx.clock, ctx.limits.sign_in_attempts_per_minute * 3) {}

namespace {

bool valid_username(const std::string& s) {
  if (s.size() < 2 || s.size() > 64) return false;
  return std::all_of(s.begin(), s.end(), [](unsigned char c) { return std::isalnum(c) || c == '.' || c == '_' || c == '-'; });
}

}  // namespace

Result<std::optional<std::string>> Accounts::bootstrap(const std::string& host_org_name, OrgType host_type,
                                                       const std::string& host_region,
                                                       const std::optional<std::string>& admin_password) {
  std::string password = admin_password.value_or(crypto::random_token(15));
  if (password.size() < 10) return Error::invalid("LOUDONG_ADMIN_PASSWORD must be at least 10 characters");
  LD_ASSIGN_OR_RETURN(std::string hash, crypto::hash_password(password));
  Time now = ctx_.clock.now();
  LD_ASSIGN_OR_RETURN(bool created, ctx_.store.write([&](store::WriteTx& tx) -> Result<bool> {
    LD_ASSIGN_OR_RETURN(auto existing, tx.user_by_name("admin"));
    if (existing) return false;
    LD_ASSIGN_OR_RETURN(auto host, tx.org(kHostOrg));
    if (!host) {
      LD_ASSIGN_OR_RETURN(Id id, tx.insert_org({0, host_org_name, host_type, host_region, "", now}));
      if (id != kHostOrg) return Error::internal("host organisation did not get id 1");
    }
    User u;
    u.username = "admin";
    u.display_name = "Administrator";
    u.password_hash = hash;
    u.platform_admin = true;
    u.created_at = now;
    LD_ASSIGN_OR_RETURN(Id uid, tx.insert_user(u));
    LD_RETURN_IF_ERROR(tx.set_membership(uid, {kHostOrg, Role::admin}));
    return true;
  }));
  if (!created || admin_password) return std::optional<std::string>();
  return std::optional<std::string>(password);
}

Result<SignedIn> Accounts::sign_in(const std::string& username, const std::string& password,
                                   const std::string& remote) {
  if (!by_address_.allow("addr:" + remote) || !by_name_.allow("user:" + username))
    return Error(ErrorKind::rate_limited, "rate_limited", "too many sign-in attempts; wait a minute and try again");
  LD_ASSIGN_OR_RETURN(auto user, ctx_.store.read([&](store::ReadTx& tx) { return tx.user_by_name(username); }));
  // Verify against a dummy hash when the user is unknown, so timing does not
  // tell which user names exist.
  static const std::string dummy = *crypto::hash_password("dummy password for timing");
  bool ok = crypto::verify_password(user ? user->password_hash : dummy, password);
  if (!user || !ok || user->disabled) return Error::unauthenticated("wrong user name or password");
  by_name_.reset("user:" + username);
  SignedIn s;
  s.session_token = crypto::random_token();
  s.csrf_token = crypto::random_token();
  s.user = *user;
  Time now = ctx_.clock.now();
  s.expires_at = now + ctx_.limits.session_ttl;
  LD_ASSIGN_OR_RETURN(s.memberships, ctx_.store.write([&](store::WriteTx& tx) -> Result<std::vector<Membership>> {
    LD_RETURN_IF_ERROR(
        tx.insert_session({crypto::sha256_hex(s.session_token), user->id, s.csrf_token, now, s.expires_at}));
    return tx.memberships(user->id);
  }));
  return s;
}

Status Accounts::sign_out(const std::string& token) {
  return ctx_.store.write([&](store::WriteTx& tx) { return tx.delete_session(crypto::sha256_hex(token)); });
}

Result<Authenticated> Accounts::authenticate_session(const std::string& token) {
  return ctx_.store.read([&](store::ReadTx& tx) -> Result<Authenticated> {
    LD_ASSIGN_OR_RETURN(auto s, tx.session(crypto::sha256_hex(token)));
    if (!s || s->expires_at <= ctx_.clock.now()) return Error::unauthenticated("session expired; sign in again");
    LD_ASSIGN_OR_RETURN(auto u, tx.user(s->user_id));
    if (!u || u->disabled) return Error::unauthenticated("session expired; sign in again");
    Authenticated a;
    a.actor.user_id = u->id;
    a.actor.username = u->username;
    a.actor.platform_admin = u->platform_admin;
    LD_ASSIGN_OR_RETURN(a.actor.memberships, tx.memberships(u->id));
    a.csrf_token = s->csrf_token;
    a.via_session = true;
    return a;
  });
}

Result<Authenticated> Accounts::authenticate_bearer(const std::string& token) {
  return ctx_.store.read([&](store::ReadTx& tx) -> Result<Authenticated> {
    LD_ASSIGN_OR_RETURN(auto t, tx.token_by_hash(crypto::sha256_hex(token)));
    if (!t) return Error::unauthenticated("unknown API token");
    if (t->revoked_at) return Error::unauthenticated("API token revoked");
    if (t->expires_at <= ctx_.clock.now()) return Error::unauthenticated("API token expired");
    LD_ASSIGN_OR_RETURN(auto u, tx.user(t->user_id));
    if (!u || u->disabled) return Error::unauthenticated("API token's user is disabled");
    // The token acts with its scope only, and only while its creator still
    // holds that role: removing a person's role disarms their tokens.
    LD_ASSIGN_OR_RETURN(auto ms, tx.memberships(u->id));
    bool still = u->platform_admin || std::any_of(ms.begin(), ms.end(), [&](const Membership& m) {
                   return m.org_id == t->scope.org_id && m.role == t->scope.role;
                 });
    if (!still) return Error::unauthenticated("API token's role was removed from its user");
    Authenticated a;
    a.actor.user_id = u->id;
    a.actor.username = u->username + " (token " + t->prefix + ")";
    a.actor.memberships = {t->scope};
    return a;
  });
}

Result<CreatedToken> Accounts::create_token(const Caller& c, const NewToken& t) {
  Error e = Error::unprocessable("invalid token request");
  std::string name = clean_text(t.name, "name", 100, true, e);
  if (t.expires_in_days < 1 || t.expires_in_days > ctx_.limits.max_token_ttl.count())
    e.add_field({"expires_in_days", "out_of_range",
                 "expires_in_days must be between 1 and " + std::to_string(ctx_.limits.max_token_ttl.count())});
  if (!c.actor.platform_admin && !c.actor.has_role(t.org_id, t.role))
    e.add_field({"role", "not_held", "you can only create tokens for a role you hold in that organisation"});
  if (!e.fields().empty()) return Error::from_fields(e.fields());
  CreatedToken out;
  out.secret = "ldt_" + crypto::random_token();
  auto& tok = out.token;
  tok.name = name;
  tok.token_hash = crypto::sha256_hex(out.secret);
  tok.prefix = out.secret.substr(0, 10);
  tok.user_id = c.actor.user_id;
  tok.scope = {t.org_id, t.role};
  tok.created_at = ctx_.clock.now();
  tok.expires_at = tok.created_at + std::chrono::days(t.expires_in_days);
  LD_ASSIGN_OR_RETURN(tok.id, ctx_.store.write([&](store::WriteTx& tx) -> Result<Id> {
    LD_ASSIGN_OR_RETURN(auto org, tx.org(t.org_id));
    if (!org) return Error::field("org_id", "unknown", "no such organisation");
    LD_ASSIGN_OR_RETURN(Id id, tx.insert_token(tok));
    LD_RETURN_IF_ERROR(log_access(tx, c, tok.created_at, "change", "api_token", id, "created").status());
    return id;
  }));
  return out;
}

Result<std::vector<ApiToken>> Accounts::list_tokens(const Caller& c) {
  LD_ASSIGN_OR_RETURN(auto all, ctx_.store.read([](store::ReadTx& tx) { return tx.tokens(); }));
  std::vector<ApiToken> out;
  for (auto& t : all)
    if (c.actor.platform_admin || t.user_id == c.actor.user_id) out.push_back(std::move(t));
  return out;
}

Status Accounts::revoke_token(const Caller& c, Id id) {
  return ctx_.store.write([&](store::WriteTx& tx) -> Status {
    LD_ASSIGN_OR_RETURN(auto all, tx.tokens());
    auto it = std::find_if(all.begin(), all.end(), [&](const ApiToken& t) { return t.id == id; });
    if (it == all.end() || (!c.actor.platform_admin && it->user_id != c.actor.user_id))
      return Error::not_found("API token");
    Time now = ctx_.clock.now();
    LD_RETURN_IF_ERROR(tx.revoke_token(id, now));
    return log_access(tx, c, now, "change", "api_token", id, "revoked").status();
  });
}

Result<Organisation> Accounts::create_org(const Caller& c, Organisation o) {
  if (!c.actor.platform_admin) return Error::denied("only a platform administrator can create organisations");
  Error e = Error::unprocessable("invalid organisation");
  o.name = clean_text(o.name, "name", 200, true, e);
  if (o.region.size() != 2 || !std::isupper(static_cast<unsigned char>(o.region[0])) ||
      !std::isupper(static_cast<unsigned char>(o.region[1])))
    e.add_field({"region", "bad_region", "region must be an ISO 3166-1 alpha-2 code such as CN"});
  if (!o.contact_email.empty() && !plausible_email(o.contact_email))
    e.add_field({"contact_email", "bad_email", "contact_email is not an email address"});
  if (!e.fields().empty()) return Error::from_fields(e.fields());
  o.created_at = ctx_.clock.now();
  LD_ASSIGN_OR_RETURN(o.id, ctx_.store.write([&](store::WriteTx& tx) -> Result<Id> {
    auto id = tx.insert_org(o);
    if (!id.ok() && id.error().kind() == ErrorKind::conflict)
      return Error::field("name", "taken", "an organisation with this name already exists");
    if (id.ok()) LD_RETURN_IF_ERROR(log_access(tx, c, o.created_at, "change", "org", *id, "created").status());
    return id;
  }));
  return o;
}

Result<std::vector<Organisation>> Accounts::list_orgs(const Caller& c) {
  LD_ASSIGN_OR_RETURN(auto all, ctx_.store.read([](store::ReadTx& tx) { return tx.orgs(); }));
  if (is_intake_staff(c.actor) || can_audit(c.actor)) return all;
  std::vector<Organisation> out;
  for (auto& o : all)
    if (std::any_of(c.actor.memberships.begin(), c.actor.memberships.end(),
                    [&](const Membership& m) { return m.org_id == o.id; }))
      out.push_back(std::move(o));
  return out;
}

Status Accounts::check_new_user(const NewUser& u, Error& e) {
  if (!valid_username(u.username))
    e.add_field({"username", "bad_username", "username must be 2-64 letters, digits, '.', '_' or '-'"});
  if (u.password.size() < 10 || u.password.size() > 200)
    e.add_field({"password", "weak_password", "password must be 10-200 characters"});
  if (!u.email.empty() && !plausible_email(u.email))
    e.add_field({"email", "bad_email", "email is not an email address"});
  (void)clean_text(u.display_name, "display_name", 200, false, e);
  if (e.fields().empty()) return {};
  return Error::from_fields(e.fields());
}

Result<User> Accounts::insert_user(const Caller& c, const NewUser& nu, bool finder) {
  Error e = Error::unprocessable("invalid user");
  LD_RETURN_IF_ERROR(check_new_user(nu, e));
  LD_ASSIGN_OR_RETURN(std::string hash, crypto::hash_password(nu.password));
  User u;
  u.username = nu.username;
  u.display_name = nu.display_name;
  u.email = nu.email;
  u.password_hash = hash;
  u.platform_admin = nu.platform_admin;
  u.finder = finder;
  u.created_at = ctx_.clock.now();
  LD_ASSIGN_OR_RETURN(u.id, ctx_.store.write([&](store::WriteTx& tx) -> Result<Id> {
    auto id = tx.insert_user(u);
    if (!id.ok() && id.error().kind() == ErrorKind::conflict)
      return Error::field("username", "taken", "this username is taken");
    LD_RETURN_IF_ERROR(id.status());
    for (const auto& m : nu.memberships) {
      LD_ASSIGN_OR_RETURN(auto org, tx.org(m.org_id));
      if (!org) return Error::field("memberships", "unknown_org", "no organisation " + std::to_string(m.org_id));
      LD_RETURN_IF_ERROR(tx.set_membership(*id, m));
    }
    LD_RETURN_IF_ERROR(log_access(tx, c, u.created_at, "change", "user", *id, finder ? "finder registered" : "created").status());
    return *id;
  }));
  return u;
}

Result<User> Accounts::create_user(const Caller& c, const NewUser& u) {
  if (u.platform_admin && !c.actor.platform_admin)
    return Error::denied("only a platform administrator can create administrators");
  for (const auto& m : u.memberships)
    if (!can_manage_org(c.actor, m.org_id))
      return Error::denied("you are not an administrator of organisation " + std::to_string(m.org_id));
  if (!c.actor.platform_admin && u.memberships.empty())
    return Error::field("memberships", "required", "an organisation administrator must add the user to an organisation");
  return insert_user(c, u, false);
}

Result<User> Accounts::register_finder(const NewUser& u, const std::string& remote) {
  if (!by_address_.allow("register:" + remote))
    return Error(ErrorKind::rate_limited, "rate_limited", "too many registrations from this address; try later");
  NewUser finder = u;
  finder.memberships.clear();
  finder.platform_admin = false;
  Caller anonymous;
  anonymous.remote_address = remote;
  return insert_user(anonymous, finder, true);
}

Result<std::vector<std::pair<User, std::vector<Membership>>>> Accounts::list_users(const Caller& c) {
  return ctx_.store.read([&](store::ReadTx& tx) -> Result<std::vector<std::pair<User, std::vector<Membership>>>> {
    LD_ASSIGN_OR_RETURN(auto users, tx.users());
    std::vector<std::pair<User, std::vector<Membership>>> out;
    for (auto& u : users) {
      LD_ASSIGN_OR_RETURN(auto ms, tx.memberships(u.id));
      bool visible = c.actor.platform_admin || u.id == c.actor.user_id ||
                     std::any_of(ms.begin(), ms.end(), [&](const Membership& m) { return can_manage_org(c.actor, m.org_id); });
      if (visible) out.emplace_back(std::move(u), std::move(ms));
    }
    return out;
  });
}

Status Accounts::set_membership(const Caller& c, Id user_id, const Membership& m) {
  if (!can_manage_org(c.actor, m.org_id)) return Error::not_found("organisation");
  return ctx_.store.write([&](store::WriteTx& tx) -> Status {
    LD_ASSIGN_OR_RETURN(auto u, tx.user(user_id));
    if (!u) return Error::not_found("user");
    LD_ASSIGN_OR_RETURN(auto org, tx.org(m.org_id));
    if (!org) return Error::not_found("organisation");
    LD_RETURN_IF_ERROR(tx.set_membership(user_id, m));
    return log_access(tx, c, ctx_.clock.now(), "change", "membership", user_id,
                      "org " + std::to_string(m.org_id) + " role " + std::string(name_of(m.role)))
        .status();
  });
}

Result<std::vector<Membership>> Accounts::memberships(Id user_id) {
  return ctx_.store.read([&](store::ReadTx& tx) { return tx.memberships(user_id); });
}

}  // namespace loudong::services
