// Accounts and access: organisations, users, memberships, sign-in sessions
// and API tokens (R-INTERNAL).
//
// Secrets (passwords, session and API tokens) are never stored: passwords as
// Argon2id hashes, tokens as SHA-256 hashes. A new secret is returned once,
// to its owner, and never again.
#pragma once

#include <deque>
#include <functional>
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
  bool must_enrol = false;  // Authenticated::must_enrol, at sign-in
};

struct Authenticated {
  domain::Actor actor;
  std::string csrf_token;  // empty for bearer tokens (no CSRF with bearer auth)
  bool via_session = false;
  // The policy requires this user's second factor and it is not on yet:
  // the API lets such a caller only enrol (api.cpp).
  bool must_enrol = false;
};

struct SecondFactorStatus {
  bool enabled = false;
  bool pending = false;  // an enrolment waits for its first code
  int recovery_codes_left = 0;
  bool required = false;  // the policy requires it of this user
};

// A new secret, for the authenticator app: shown at enrolment only.
struct Enrolment {
  std::string secret_base32;
  std::string otpauth_uri;
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
  // message for both), rate_limited after too many attempts. A user with a
  // second factor also sends `code` (a TOTP code or a recovery code); without
  // it the answer is unauthenticated with code "second_factor_required".
  Result<SignedIn> sign_in(const std::string& username, const std::string& password, const std::string& remote,
                           const std::string& code = "");
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
  // Answers the user's memberships the caller may see: all for a platform
  // admin, otherwise those in organisations it manages.
  Result<std::vector<domain::Membership>> set_membership(const Caller& c, domain::Id user_id, const domain::Membership& m);

  // Invitations (issue 13, item 5). Creating one never tells whether the
  // named user or email exists: the answer is the same either way.
  Result<CreatedInvitation> invite(const Caller& c, const NewInvitation& in);
  Result<std::vector<domain::Invitation>> org_invitations(const Caller& c, domain::Id org_id);
  Status revoke_invitation(const Caller& c, domain::Id org_id, domain::Id id);
  // Pending, unexpired invitations naming the caller's user name.
  Result<std::vector<InvitationView>> my_invitations(const Caller& c);
  // Accepts (joins the organisation with the offered role) or declines. The
  // caller must be the named user or present the invitation's secret;
  // otherwise, like an unknown id, 404. Answers the invitation and the
  // caller's memberships after it, read in the same transaction.
  struct InvitationAnswer {
    domain::Invitation invitation;
    std::vector<domain::Membership> memberships;
  };
  Result<InvitationAnswer> answer_invitation(const Caller& c, domain::Id id, bool accept, const std::string& token);
  Result<std::vector<domain::Membership>> memberships(domain::Id user_id);

  // The caller's own second factor (accounts_second_factor.cpp). Enrolment
  // gives a new secret; confirming it with a valid code turns it on and
  // returns the 10 recovery codes, shown this once. Turning it off takes a
  // current code (or a recovery code) or the password.
  Result<SecondFactorStatus> second_factor_status(const Caller& c);
  Result<Enrolment> begin_second_factor(const Caller& c, const std::string& issuer);
  Result<std::vector<std::string>> confirm_second_factor(const Caller& c, const std::string& code);
  Status disable_second_factor(const Caller& c, const std::string& code, const std::string& password);
  // A platform admin removes a user's second factor (a lost phone): the user
  // signs in with the password alone and enrols again. In the access log.
  Status reset_second_factor(const Caller& c, domain::Id user_id);

 private:
  // Runs `then` in a write transaction after taking `code` of the user's
  // second factor `f` in it (a TOTP step or a recovery code counts once);
  // without `f`, just runs it. Wrong codes are counted per user and refused
  // (rate_limited) past the sign-in limit.
  Status with_code(domain::Id user_id, const std::optional<domain::SecondFactor>& f, const std::string& code,
                   const std::function<Status(store::WriteTx&)>& then);
  Result<bool> must_enrol(store::ReadTx& tx, const domain::User& u, const std::vector<domain::Membership>& ms);
  Status check_new_user(const NewUser& u, Error& e);
  Result<domain::User> insert_user(const Caller& c, const NewUser& u, bool finder);
  Result<domain::Id> write_user(const Caller& c, const NewUser& nu, const domain::User& u, bool finder);

  static constexpr std::size_t kFinderNameMax = 59;  // + "-1234" = 64
  Context& ctx_;
  RateLimiter by_name_;
  RateLimiter by_address_;
  RateLimiter sign_ups_;  // finder registrations per address per hour
  RateLimiter codes_;     // second-factor codes per user, wherever they come from
};

}  // namespace loudong::services
