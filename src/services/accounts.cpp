#include "services/accounts.h"

#include <algorithm>
#include <cctype>

#include "domain/passwords.h"

namespace loudong::services {

using namespace domain;

Accounts::Accounts(Context& ctx)
    : ctx_(ctx),
      by_name_(ctx.clock, ctx.limits.sign_in_attempts_per_minute, std::chrono::minutes(1), shared_counters(ctx),
               "sign_in_name"),
      by_address_(ctx.clock, ctx.limits.sign_in_attempts_per_minute * 3, std::chrono::minutes(1),
                  shared_counters(ctx), "sign_in_address"),
      sign_ups_(ctx.clock, ctx.limits.sign_ups_per_address_per_hour, std::chrono::hours(1), shared_counters(ctx),
                "sign_up"),
      codes_(ctx.clock, ctx.limits.sign_in_attempts_per_minute, std::chrono::minutes(1), shared_counters(ctx),
             "second_factor") {}

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
  // The same rules as every new password: the platform's most powerful
  // account must not be the one with "admin" or "password123" in it.
  if (auto weak = check_new_password(password, "admin"))
    return Error::invalid("LOUDONG_ADMIN_PASSWORD is refused: " + weak->message, weak->code);
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
                                   const std::string& remote, const std::string& code) {
  // Per (name, address), not per name: a stranger guessing at a name from
  // elsewhere must not lock its owner out. Per address on top, so one
  // address cannot spread its guesses over many names.
  const std::string name_key = "user:" + username + "\n" + remote;
  LD_ASSIGN_OR_RETURN(bool address_ok, by_address_.allow("addr:" + remote));
  bool name_ok = false;
  if (address_ok) {
    LD_ASSIGN_OR_RETURN(name_ok, by_name_.allow(name_key));
  }
  if (!name_ok)
    return Error(ErrorKind::rate_limited, "rate_limited", "too many sign-in attempts; wait a minute and try again");
  LD_ASSIGN_OR_RETURN(auto user, ctx_.store.read([&](store::ReadTx& tx) { return tx.user_by_name(username); }));
  // Verify against a dummy hash when the user is unknown, so timing does not
  // tell which user names exist.
  static const std::string dummy = *crypto::hash_password("dummy password for timing");
  bool ok = crypto::verify_password(user ? user->password_hash : dummy, password);
  if (!user || !ok || user->disabled) return Error::unauthenticated("wrong user name or password");
  LD_ASSIGN_OR_RETURN(auto factor, ctx_.store.read([&](store::ReadTx& tx) { return tx.second_factor(user->id); }));
  if (factor && !factor->enabled_at) factor.reset();  // an enrolment not yet confirmed asks nothing
  if (factor && code.empty())
    return Error(ErrorKind::unauthenticated, "second_factor_required",
                 "enter the 6-digit code from your authenticator app, or a recovery code");
  SignedIn s;
  s.session_token = crypto::random_token();
  s.csrf_token = crypto::random_token();
  s.user = *user;
  Time now = ctx_.clock.now();
  s.expires_at = now + ctx_.limits.session_ttl;
  // The code is taken in the session's transaction: a sign-in that fails
  // leaves the code unused.
  LD_RETURN_IF_ERROR(with_code(user->id, factor, code, [&](store::WriteTx& tx) -> Status {
    LD_RETURN_IF_ERROR(
        tx.insert_session({crypto::sha256_hex(s.session_token), user->id, s.csrf_token, now, s.expires_at}));
    LD_ASSIGN_OR_RETURN(s.memberships, tx.memberships(user->id));
    LD_ASSIGN_OR_RETURN(s.must_enrol, must_enrol(tx, *user, s.memberships));
    return by_name_.reset_in(tx, name_key);
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
    LD_ASSIGN_OR_RETURN(a.must_enrol, must_enrol(tx, *u, a.actor.memberships));
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
    // A token is its user's: it does nothing while its user must still enrol.
    LD_ASSIGN_OR_RETURN(a.must_enrol, must_enrol(tx, *u, ms));
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
  if (auto weak = check_new_password(u.password, u.username)) e.add_field({"password", weak->code, weak->message});
  if (!u.email.empty() && !plausible_email(u.email))
    e.add_field({"email", "bad_email", "email is not an email address"});
  (void)clean_text(u.display_name, "display_name", 200, false, e);
  if (e.fields().empty()) return {};
  return Error::from_fields(e.fields());
}

Result<User> Accounts::insert_user(const Caller& c, const NewUser& nu, bool finder) {
  Error e = Error::unprocessable("invalid user");
  // A finder's name gets "-" and 4 digits, so the requested name must leave room.
  if (finder && nu.username.size() > kFinderNameMax)
    e.add_field({"username", "bad_username", "username must be 2-" + std::to_string(kFinderNameMax) +
                                                 " letters, digits, '.', '_' or '-'"});
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
  // Sign-up must not tell an anonymous caller which names exist (staff
  // names among them): a finder never gets the name as asked, but the name
  // plus "-" and 4 random digits, tried again on a clash. Whether the bare
  // name or any suffixed one exists is never visible to the caller.
  const int tries = finder ? 20 : 1;
  for (int attempt = 0;; ++attempt) {
    if (finder) {
      auto r = crypto::random_token(8);
      unsigned v = 0;
      for (unsigned char ch : r) v = v * 31 + ch;
      std::string digits = std::to_string(1000 + v % 9000);
      u.username = nu.username + "-" + digits;
    }
    auto id = write_user(c, nu, u, finder);
    if (id.ok()) {
      u.id = *id;
      return u;
    }
    const auto& f = id.error().fields();
    const bool taken = f.size() == 1 && f[0].code == "taken";
    if (!taken || attempt + 1 >= tries) {
      if (finder && taken)  // 20 clashes in a row: a crowded name, nothing else
        return Error(ErrorKind::conflict, "try_again", "could not register this name now; try another");
      return std::move(id).error();
    }
  }
}

Result<Id> Accounts::write_user(const Caller& c, const NewUser& nu, const User& u, bool finder) {
  return ctx_.store.write([&](store::WriteTx& tx) -> Result<Id> {
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
  });
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
  LD_ASSIGN_OR_RETURN(bool sign_up_ok, sign_ups_.allow("register:" + remote));
  if (!sign_up_ok)
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

Result<std::vector<Membership>> Accounts::set_membership(const Caller& c, Id user_id, const Membership& m) {
  if (!can_manage_org(c.actor, m.org_id)) return Error::not_found("organisation");
  return ctx_.store.write([&](store::WriteTx& tx) -> Result<std::vector<Membership>> {
    LD_ASSIGN_OR_RETURN(auto u, tx.user(user_id));
    if (!u) return Error::not_found("user");
    LD_ASSIGN_OR_RETURN(auto org, tx.org(m.org_id));
    if (!org) return Error::not_found("organisation");
    if (!c.actor.platform_admin) {
      // Only someone already in this organisation: an organisation admin
      // once added any user of the platform this way, and then saw their
      // email and other memberships. Everyone else answers as an unknown id
      // does (same status, same body), so ids cannot be enumerated.
      LD_ASSIGN_OR_RETURN(auto ms, tx.memberships(user_id));
      if (std::none_of(ms.begin(), ms.end(), [&](const Membership& x) { return x.org_id == m.org_id; }))
        return Error::not_found("user");
    }
    LD_RETURN_IF_ERROR(tx.set_membership(user_id, m));
    LD_RETURN_IF_ERROR(log_access(tx, c, ctx_.clock.now(), "change", "membership", user_id,
                                  "org " + std::to_string(m.org_id) + " role " + std::string(name_of(m.role)))
                           .status());
    // Read in the writing transaction: read after it, a failure would
    // answer 5xx for a change that was made.
    LD_ASSIGN_OR_RETURN(auto ms, tx.memberships(user_id));
    if (c.actor.platform_admin) return ms;
    std::vector<Membership> out;
    for (const auto& x : ms)
      if (can_manage_org(c.actor, x.org_id)) out.push_back(x);
    return out;
  });
}

Result<std::vector<Membership>> Accounts::memberships(Id user_id) {
  return ctx_.store.read([&](store::ReadTx& tx) { return tx.memberships(user_id); });
}

namespace {

constexpr auto kInvitationTtl = std::chrono::days(14);

bool addressed_to(const Invitation& i, const Actor& a) {
  return !i.invitee_username.empty() && i.invitee_username == a.username;
}

}  // namespace

Result<CreatedInvitation> Accounts::invite(const Caller& c, const NewInvitation& in) {
  // An organisation the caller does not manage answers as an unknown one.
  if (!can_manage_org(c.actor, in.org_id)) return Error::not_found("organisation");
  Error e = Error::unprocessable("invalid invitation");
  if (in.username.empty() == in.email.empty())
    e.add_field({in.username.empty() ? "username" : "email", "required",
                 "name the person by exactly one of username and email"});
  else if (!in.username.empty() && !valid_username(in.username))
    e.add_field({"username", "bad_username", "username must be 2-64 letters, digits, '.', '_' or '-'"});
  else if (!in.email.empty() && (in.email.size() > 254 || !plausible_email(in.email)))
    e.add_field({"email", "bad_email", "email is not an email address"});
  if (!e.fields().empty()) return Error::from_fields(e.fields());
  CreatedInvitation out;
  out.secret = "ldi_" + crypto::random_token();
  auto& i = out.invitation;
  i.org_id = in.org_id;
  i.role = in.role;
  i.invitee_username = in.username;
  i.invitee_email = in.email;
  i.token_hash = crypto::sha256_hex(out.secret);
  i.invited_by = c.actor.user_id;
  i.created_at = ctx_.clock.now();
  i.expires_at = i.created_at + kInvitationTtl;
  // Whether the user name or email belongs to anyone is never looked up
  // here: the answer must be the same for a real and a made-up person.
  LD_ASSIGN_OR_RETURN(i.id, ctx_.store.write([&](store::WriteTx& tx) -> Result<Id> {
    LD_ASSIGN_OR_RETURN(auto org, tx.org(in.org_id));
    if (!org) return Error::not_found("organisation");
    LD_ASSIGN_OR_RETURN(Id id, tx.insert_invitation(i));
    LD_RETURN_IF_ERROR(log_access(tx, c, i.created_at, "change", "invitation", id,
                                  "org " + std::to_string(i.org_id) + " role " + std::string(name_of(i.role)))
                           .status());
    return id;
  }));
  return out;
}

Result<std::vector<Invitation>> Accounts::org_invitations(const Caller& c, Id org_id) {
  if (!can_manage_org(c.actor, org_id)) return Error::not_found("organisation");
  return ctx_.store.read([&](store::ReadTx& tx) -> Result<std::vector<Invitation>> {
    LD_ASSIGN_OR_RETURN(auto org, tx.org(org_id));
    if (!org) return Error::not_found("organisation");
    return tx.org_invitations(org_id);
  });
}

Status Accounts::revoke_invitation(const Caller& c, Id org_id, Id id) {
  if (!can_manage_org(c.actor, org_id)) return Error::not_found("organisation");
  return ctx_.store.write([&](store::WriteTx& tx) -> Status {
    LD_ASSIGN_OR_RETURN(auto i, tx.invitation(id));
    if (!i || i->org_id != org_id) return Error::not_found("invitation");
    if (i->state != "pending") return Error::conflict("the invitation was already " + i->state, "already_decided");
    Time now = ctx_.clock.now();
    LD_RETURN_IF_ERROR(tx.decide_invitation(id, "revoked", now, c.actor.user_id));
    return log_access(tx, c, now, "change", "invitation", id, "revoked").status();
  });
}

Result<std::vector<InvitationView>> Accounts::my_invitations(const Caller& c) {
  Time now = ctx_.clock.now();
  return ctx_.store.read([&](store::ReadTx& tx) -> Result<std::vector<InvitationView>> {
    LD_ASSIGN_OR_RETURN(auto all, tx.pending_invitations_for(c.actor.username));
    std::vector<InvitationView> out;
    for (auto& i : all) {
      if (i.expires_at <= now) continue;
      LD_ASSIGN_OR_RETURN(auto org, tx.org(i.org_id));
      if (org) out.push_back({std::move(i), std::move(*org)});
    }
    return out;
  });
}

Result<Accounts::InvitationAnswer> Accounts::answer_invitation(const Caller& c, Id id, bool accept,
                                                               const std::string& token) {
  if (c.actor.user_id == 0) return Error::unauthenticated("sign in to answer an invitation");
  return ctx_.store.write([&](store::WriteTx& tx) -> Result<InvitationAnswer> {
    LD_ASSIGN_OR_RETURN(auto i, tx.invitation(id));
    // Someone else's invitation, without its secret, is not there.
    bool mine = i && (addressed_to(*i, c.actor) || (!token.empty() && crypto::sha256_hex(token) == i->token_hash));
    if (!mine) return Error::not_found("invitation");
    if (i->state != "pending") return Error::conflict("the invitation was already " + i->state, "already_decided");
    Time now = ctx_.clock.now();
    if (i->expires_at <= now) return Error::conflict("the invitation has expired; ask for a new one", "expired");
    const std::string state = accept ? "accepted" : "declined";
    LD_RETURN_IF_ERROR(tx.decide_invitation(id, state, now, c.actor.user_id));
    if (accept) LD_RETURN_IF_ERROR(tx.set_membership(c.actor.user_id, {i->org_id, i->role}));
    LD_RETURN_IF_ERROR(log_access(tx, c, now, "change", "invitation", id,
                                  state + " (org " + std::to_string(i->org_id) + " role " + std::string(name_of(i->role)) + ")")
                           .status());
    i->state = state;
    i->decided_at = now;
    i->decided_by = c.actor.user_id;
    // Read here: read after the commit, a failure would answer 5xx for an
    // answer that was recorded (the fault sweep found it).
    LD_ASSIGN_OR_RETURN(auto ms, tx.memberships(c.actor.user_id));
    return InvitationAnswer{*i, std::move(ms)};
  });
}

}  // namespace loudong::services
