// Rules for a new password (issue 13, item 7): what is refused when a
// password is set (a new user, a finder's sign-up, the bootstrap admin's
// LOUDONG_ADMIN_PASSWORD). Sign-in never applies them: an existing password
// keeps working until it is changed.
//
// Refused:
//   - shorter than 10 or longer than 200 bytes ("weak_password");
//   - the user name inside it, in any case, when the name has 3 or more
//     characters ("contains_username");
//   - one of the 10,000 most common passwords (zxcvbn's list), in any case,
//     also after taking off leading and trailing digits and punctuation:
//     "Password12", "monkey123456!" ("common_password");
//   - trivial: fewer than 5 different characters ("aaaaaaaaaa",
//     "1212121212"), or a run of consecutive characters up or down
//     ("abcdefghijk", "9876543210") ("trivial_password").
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace loudong::domain {

struct PasswordProblem {
  std::string code;     // weak_password, contains_username, common_password, trivial_password
  std::string message;  // English, for the API's field error
};

// nullopt when the password may be used by `username`.
std::optional<PasswordProblem> check_new_password(std::string_view password, std::string_view username);

// Whether the lower-cased password is on the common list (exact match).
bool is_common_password(std::string_view lower_case_password);

// The embedded list, one password per line (common_passwords.cpp, generated).
std::string_view common_passwords_text();

}  // namespace loudong::domain
