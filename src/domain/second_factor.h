// The second factor (issue 11, item 4): time-based one-time passwords
// (RFC 6238: HMAC-SHA1, 6 digits, 30-second steps, the authenticator apps'
// defaults) and one-time recovery codes. Pure functions: the time comes in
// as an argument (from the services' Clock), the randomness from the caller.
//
// A code is accepted for its own step and one step either side (a phone's
// clock a little off, a code typed as it turns over), and never twice: the
// store keeps the last step accepted and only a later step is taken
// (RFC 6238 section 5.2).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "core/result.h"
#include "domain/access.h"

namespace loudong::domain {

inline constexpr int kTotpDigits = 6;
inline constexpr std::int64_t kTotpStepSeconds = 30;
inline constexpr std::int64_t kTotpWindow = 1;  // steps accepted either side of now
inline constexpr std::size_t kTotpSecretBytes = 20;  // 160 bits, RFC 4226's recommendation
inline constexpr int kRecoveryCodes = 10;

// RFC 4226 HOTP of the counter, `digits` long with leading zeros.
std::string hotp(std::string_view secret, std::uint64_t counter, int digits = kTotpDigits);
// The time step of an instant: floor(unix seconds / 30).
std::int64_t totp_step(Time t);
// RFC 6238 TOTP at an instant.
std::string totp(std::string_view secret, Time t, int digits = kTotpDigits);

// The step `code` belongs to, when it is the code of a step within the window
// around `now` and later than `last_used_step` (so a code is taken once).
// nullopt for anything else, including codes that are not 6 digits.
std::optional<std::int64_t> totp_accepts(std::string_view secret, std::string_view code, Time now,
                                         std::int64_t last_used_step);
// Whether the text has the shape of a TOTP code (6 digits, spaces ignored);
// anything else typed at the code step is taken for a recovery code.
bool looks_like_totp(std::string_view code);

// RFC 4648 base32 (upper case, no padding), how authenticator apps take a
// secret typed in by hand.
std::string base32_encode(std::string_view bytes);
// Case-insensitive; spaces, hyphens and '=' padding ignored.
Result<std::string> base32_decode(std::string_view text);

// otpauth://totp/Issuer:user?secret=...&issuer=Issuer&algorithm=SHA1&digits=6&period=30
// (Google Authenticator's key URI format), percent-encoded.
std::string otpauth_uri(std::string_view issuer, std::string_view username, std::string_view secret);

// A recovery code as shown: 10 base32 characters in two groups of five,
// lower case ("k7q2m-xv4pa", 50 bits), made from 7 random bytes.
std::string recovery_code(std::string_view random7);
// The form that is hashed and compared: lower case, without spaces or
// hyphens, so "K7Q2M XV4PA" is the same code.
std::string normalise_recovery_code(std::string_view typed);

// Whose accounts need a second factor when the policy asks for it: platform
// admins, organisation admins and an authority's officers (any role but
// auditor in an organisation of type authority; `authority_orgs` lists the
// user's).
bool second_factor_expected(bool platform_admin, const std::vector<Membership>& memberships,
                            const std::vector<Id>& authority_orgs);

}  // namespace loudong::domain
