// Accounts and access: organisations, users, memberships, sign-in sessions
// and API tokens (R-INTERNAL).
//
// Secrets (passwords, session and API tokens) are never stored: passwords as
// Argon2id hashes, tokens as SHA-256 hashes. A new secret is returned once,
// to its owner, and never again.
#pragma once

#include <deque>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "services/common.h"

namespace loudong::services {

struct SignedIn {
  std::string session_token;  // the cookie value; shown once
  std::string csrf_token;
  domain::User user;
  std::vector<domain::Membership> memberships;
  Time expires_at;
};

struct Authenticated {
  domain::Actor actor;
  std::string csrf_token;  // empty for bearer tokens (no CSRF with bearer auth)
  bool via_session = false;
};

struct NewUser {
  std::string username;
  std::string password;
  std::string display_name;
  std::string email;
  std::vector<domain::Membership> memberships;
  bool platform_admin = false;
};

struct NewToken {
  std::string name;
  domain::Id org_id = 0;
  domain::Role role = domain::Role::member;
  int expires_in_days = 90;
};

struct CreatedToken {
  domain::ApiToken token;
  std::string secret;  // shown once
};

// Counts attempts per key in a sliding one-minute window. Thread-safe.
class RateLimiter {
 public:
  RateLimiter(const Clock& clock, int per_minute) : clock_(clock), per_minute_(per_minute) {}
  // True (and counts the attempt) when under the limit.
  bool allow(const std::string& key);
  void reset(const std::string& key);

 private:
  const Clock& clock_;
  int per_minute_;
  std::mutex mu_;
  std::map<std::string, std::deque<Time>> hits_;
};

class Accounts {
 public:
  explicit Accounts(Context& ctx);

  // First start: creates the host organisation and the `admin` user. Returns
  // the admin's password when it generated one (to print once), nullopt when
  // the password came from `admin_password` or the store was already set up.
  Result<std::optional<std::string>> bootstrap(const std::string& host_org_name, domain::OrgType host_type,
                                               const std::string& host_region,
                                               const std::optional<std::string>& admin_password);

  // Fails with unauthenticated for a wrong name or password (the same
  // message for both), rate_limited after too many attempts.
  Result<SignedIn> sign_in(const std::string& username, const std::string& password, const std::string& remote);
  Status sign_out(const std::string& session_token);
  Result<Authenticated> authenticate_session(const std::string& session_token);
  Result<Authenticated> authenticate_bearer(const std::string& token);

  Result<CreatedToken> create_token(const Caller& c, const NewToken& t);
  Result<std::vector<domain::ApiToken>> list_tokens(const Caller& c);
  Status revoke_token(const Caller& c, domain::Id id);

  Result<domain::Organisation> create_org(const Caller& c, domain::Organisation o);
  Result<std::vector<domain::Organisation>> list_orgs(const Caller& c);
  Result<domain::User> create_user(const Caller& c, const NewUser& u);
  // Self-registration of an individual finder account (no memberships).
  Result<domain::User> register_finder(const NewUser& u, const std::string& remote);
  Result<std::vector<std::pair<domain::User, std::vector<domain::Membership>>>> list_users(const Caller& c);
  Status set_membership(const Caller& c, domain::Id user_id, const domain::Membership& m);
  Result<std::vector<domain::Membership>> memberships(domain::Id user_id);

 private:
  Status check_new_user(const NewUser& u, Error& e);
  Result<domain::User> insert_user(const Caller& c, const NewUser& u, bool finder);

  Context& ctx_;
  RateLimiter by_name_;
  RateLimiter by_address_;
};

}  // namespace loudong::services
