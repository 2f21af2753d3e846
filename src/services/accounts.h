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
#include "services/rate_limiter.h"

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
  std::int64_t expires_in_days = 90;  // as sent; the service checks the range before any narrowing
};

struct NewInvitation {
  domain::Id org_id = 0;
  std::string username;  // exactly one of username and email
  std::string email;
  domain::Role role = domain::Role::member;
};

struct CreatedInvitation {
  domain::Invitation invitation;
  std::string secret;  // shown once, to the inviter
};

// A pending invitation addressed to the caller, with its organisation.
struct InvitationView {
  domain::Invitation invitation;
  domain::Organisation org;
};

struct CreatedToken {
  domain::ApiToken token;
  std::string secret;  // shown once
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
  // The account's user name is the requested one plus "-" and 4 random
  // digits ("fiona-4821"), returned in the user; see insert_user for why.
  Result<domain::User> register_finder(const NewUser& u, const std::string& remote);
  Result<std::vector<std::pair<domain::User, std::vector<domain::Membership>>>> list_users(const Caller& c);
  // A platform admin sets any user's role in any organisation. An
  // organisation admin only changes the role of someone already a member of
  // that organisation: bringing in anyone else takes an invitation the
  // person accepts. A user the caller cannot reach is a 404 exactly like an
  // unknown id.
  Status set_membership(const Caller& c, domain::Id user_id, const domain::Membership& m);
  // The memberships of a user that the caller may see after set_membership:
  // all for a platform admin, otherwise those in organisations it manages.
  Result<std::vector<domain::Membership>> memberships_seen_by(const Caller& c, domain::Id user_id);

  // Invitations (issue 13, item 5). Creating one never tells whether the
  // named user or email exists: the answer is the same either way.
  Result<CreatedInvitation> invite(const Caller& c, const NewInvitation& in);
  Result<std::vector<domain::Invitation>> org_invitations(const Caller& c, domain::Id org_id);
  Status revoke_invitation(const Caller& c, domain::Id org_id, domain::Id id);
  // Pending, unexpired invitations naming the caller's user name.
  Result<std::vector<InvitationView>> my_invitations(const Caller& c);
  // Accepts (joins the organisation with the offered role) or declines. The
  // caller must be the named user or present the invitation's secret;
  // otherwise, like an unknown id, 404.
  Result<domain::Invitation> answer_invitation(const Caller& c, domain::Id id, bool accept, const std::string& token);
  Result<std::vector<domain::Membership>> memberships(domain::Id user_id);

 private:
  Status check_new_user(const NewUser& u, Error& e);
  Result<domain::User> insert_user(const Caller& c, const NewUser& u, bool finder);
  Result<domain::Id> write_user(const Caller& c, const NewUser& nu, const domain::User& u, bool finder);

  static constexpr std::size_t kFinderNameMax = 59;  // + "-1234" = 64
  Context& ctx_;
  RateLimiter by_name_;
  RateLimiter by_address_;
  RateLimiter sign_ups_;  // finder registrations per address per hour
};

}  // namespace loudong::services
