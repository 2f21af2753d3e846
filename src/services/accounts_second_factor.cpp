// The second factor of Accounts (accounts.h): enrolment, codes at sign-in,
// removal, and the policy that requires it of admins and authority officers.
#include <algorithm>

#include "domain/second_factor.h"
#include "services/accounts.h"

namespace loudong::services {

using namespace domain;

namespace {

Error wrong_code() {
  return Error(ErrorKind::unauthenticated, "wrong_code", "wrong or expired code");
}

// Whether the policy in force requires this user's second factor.
Result<bool> required_of(Context& ctx, store::ReadTx& tx, const User& u, const std::vector<Membership>& ms) {
  if (ctx.policy.get().require_second_factor != 1) return false;
  std::vector<Id> authority_orgs;
  for (const auto& m : ms) {
    LD_ASSIGN_OR_RETURN(auto org, tx.org(m.org_id));
    if (org && org->type == OrgType::authority) authority_orgs.push_back(org->id);
  }
  return second_factor_expected(u.platform_admin, ms, authority_orgs);
}

Error too_many() {
  return Error(ErrorKind::rate_limited, "rate_limited", "too many wrong codes; wait a minute and try again");
}

}  // namespace

Result<bool> Accounts::must_enrol(store::ReadTx& tx, const User& u, const std::vector<Membership>& ms) {
  LD_ASSIGN_OR_RETURN(bool required, required_of(ctx_, tx, u, ms));
  if (!required) return false;
  LD_ASSIGN_OR_RETURN(auto f, tx.second_factor(u.id));
  return !f || !f->enabled_at;
}

Status Accounts::with_code(Id user_id, const std::optional<SecondFactor>& f, const std::string& code,
                           const std::function<Status(store::WriteTx&)>& then) {
  if (!f) return ctx_.store.write(then);
  const std::string key = "user:" + std::to_string(user_id);
  LD_ASSIGN_OR_RETURN(bool codes_full, codes_.full(key));
  if (codes_full) return too_many();
  Time now = ctx_.clock.now();
  auto st = ctx_.store.write([&](store::WriteTx& tx) -> Status {
    bool taken = false;
    if (looks_like_totp(code)) {
      LD_ASSIGN_OR_RETURN(auto secret, crypto::unseal(ctx_.seal_key, f->secret_sealed));
      // Taken in the store, not only checked against f: another request (or
      // process) may have taken this step since f was read.
      if (auto step = totp_accepts(secret, code, now, f->last_step)) {
        LD_ASSIGN_OR_RETURN(taken, tx.take_totp_step(user_id, *step));
      }
    } else {
      LD_ASSIGN_OR_RETURN(taken, tx.take_recovery_code(user_id, crypto::sha256_hex(normalise_recovery_code(code)), now));
    }
    if (!taken) return wrong_code();
    LD_RETURN_IF_ERROR(then(tx));
    return codes_.reset_in(tx, key);
  });
  if (!st.ok() && st.error().code() == "wrong_code") (void)codes_.allow(key);  // counts the wrong code
  return st;
}

Result<SecondFactorStatus> Accounts::second_factor_status(const Caller& c) {
  if (c.actor.anonymous()) return Error::unauthenticated();
  return ctx_.store.read([&](store::ReadTx& tx) -> Result<SecondFactorStatus> {
    SecondFactorStatus st;
    LD_ASSIGN_OR_RETURN(auto f, tx.second_factor(c.actor.user_id));
    st.enabled = f && f->enabled_at;
    st.pending = f && !f->enabled_at;
    if (st.enabled) {
      LD_ASSIGN_OR_RETURN(st.recovery_codes_left, tx.unused_recovery_codes(c.actor.user_id));
    }
    LD_ASSIGN_OR_RETURN(auto u, tx.user(c.actor.user_id));
    LD_ASSIGN_OR_RETURN(auto ms, tx.memberships(c.actor.user_id));
    if (u) {
      LD_ASSIGN_OR_RETURN(st.required, required_of(ctx_, tx, *u, ms));
    }
    return st;
  });
}

Result<Enrolment> Accounts::begin_second_factor(const Caller& c, const std::string& issuer) {
  if (c.actor.anonymous()) return Error::unauthenticated();
  std::string secret = crypto::random_bytes(kTotpSecretBytes);
  Enrolment e;
  e.secret_base32 = base32_encode(secret);
  LD_RETURN_IF_ERROR(ctx_.store.write([&](store::WriteTx& tx) -> Status {
    LD_ASSIGN_OR_RETURN(auto u, tx.user(c.actor.user_id));
    if (!u) return Error::not_found("user");
    LD_ASSIGN_OR_RETURN(auto f, tx.second_factor(u->id));
    if (f && f->enabled_at)
      return Error::conflict("the second factor is already on; turn it off first to enrol a new one", "second_factor_on");
    e.otpauth_uri = otpauth_uri(issuer, u->username, secret);
    return tx.put_second_factor({u->id, crypto::seal(ctx_.seal_key, secret), std::nullopt, -1, ctx_.clock.now()});
  }));
  return e;
}

Result<std::vector<std::string>> Accounts::confirm_second_factor(const Caller& c, const std::string& code) {
  if (c.actor.anonymous()) return Error::unauthenticated();
  if (!looks_like_totp(code)) return Error::field("code", "bad_code", "code must be the 6 digits the app shows");
  const std::string key = "user:" + std::to_string(c.actor.user_id);
  LD_ASSIGN_OR_RETURN(bool codes_full, codes_.full(key));
  if (codes_full) return too_many();
  std::vector<std::string> codes, hashes;
  for (int i = 0; i < kRecoveryCodes; ++i) {
    codes.push_back(recovery_code(crypto::random_bytes(7)));
    hashes.push_back(crypto::sha256_hex(normalise_recovery_code(codes.back())));
  }
  Time now = ctx_.clock.now();
  auto st = ctx_.store.write([&](store::WriteTx& tx) -> Status {
    LD_ASSIGN_OR_RETURN(auto f, tx.second_factor(c.actor.user_id));
    if (!f || f->enabled_at)
      return Error::conflict("no enrolment is waiting for its first code; start one first", "no_enrolment");
    LD_ASSIGN_OR_RETURN(auto secret, crypto::unseal(ctx_.seal_key, f->secret_sealed));
    auto step = totp_accepts(secret, code, now, -1);
    if (!step) return Error::field("code", "wrong_code", "wrong or expired code: check the phone's time and try the next one");
    LD_RETURN_IF_ERROR(tx.enable_second_factor(c.actor.user_id, now, *step, hashes));
    LD_RETURN_IF_ERROR(codes_.reset_in(tx, key));
    return log_access(tx, c, now, "change", "user", c.actor.user_id, "second factor turned on").status();
  });
  if (!st.ok()) {
    if (!st.error().fields().empty() && st.error().fields()[0].code == "wrong_code") (void)codes_.allow(key);
    return st.error();
  }
  return codes;
}

Status Accounts::disable_second_factor(const Caller& c, const std::string& code, const std::string& password) {
  if (c.actor.anonymous()) return Error::unauthenticated();
  if (code.empty() == password.empty())
    return Error::field(code.empty() ? "code" : "password", "required", "send either a current code or the password");
  LD_ASSIGN_OR_RETURN(auto f, ctx_.store.read([&](store::ReadTx& tx) { return tx.second_factor(c.actor.user_id); }));
  if (!f || !f->enabled_at) return Error::conflict("the second factor is not on", "second_factor_off");
  auto remove = [&](store::WriteTx& tx) -> Status {
    LD_RETURN_IF_ERROR(tx.delete_second_factor(c.actor.user_id));
    return log_access(tx, c, ctx_.clock.now(), "change", "user", c.actor.user_id, "second factor turned off").status();
  };
  if (!code.empty()) return with_code(c.actor.user_id, f, code, remove);
  // The password instead: wrong ones count with the wrong codes.
  const std::string key = "user:" + std::to_string(c.actor.user_id);
  LD_ASSIGN_OR_RETURN(bool codes_full, codes_.full(key));
  if (codes_full) return too_many();
  LD_ASSIGN_OR_RETURN(auto u, ctx_.store.read([&](store::ReadTx& tx) { return tx.user(c.actor.user_id); }));
  if (!u || !crypto::verify_password(u->password_hash, password)) {
    (void)codes_.allow(key);
    return Error(ErrorKind::unauthenticated, "wrong_password", "wrong password");
  }
  return ctx_.store.write([&](store::WriteTx& tx) -> Status {
    LD_RETURN_IF_ERROR(remove(tx));
    return codes_.reset_in(tx, key);
  });
}

Status Accounts::reset_second_factor(const Caller& c, Id user_id) {
  if (!c.actor.platform_admin) return Error::denied("only a platform administrator can reset a second factor");
  return ctx_.store.write([&](store::WriteTx& tx) -> Status {
    LD_ASSIGN_OR_RETURN(auto u, tx.user(user_id));
    if (!u) return Error::not_found("user");
    LD_ASSIGN_OR_RETURN(auto f, tx.second_factor(user_id));
    if (!f) return Error::conflict("this user has no second factor", "second_factor_off");
    LD_RETURN_IF_ERROR(tx.delete_second_factor(user_id));
    return log_access(tx, c, ctx_.clock.now(), "change", "user", user_id, "second factor reset by an administrator")
        .status();
  });
}

}  // namespace loudong::services
