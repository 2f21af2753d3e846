#include "domain/passwords.h"

#include <algorithm>
#include <cctype>
#include <set>
#include <unordered_set>

#include "core/text.h"

namespace loudong::domain {

namespace {

const std::unordered_set<std::string_view>& common_set() {
  // Views into the static list text: built once, never copied.
  static const std::unordered_set<std::string_view> set = [] {
    std::unordered_set<std::string_view> s;
    std::string_view text = common_passwords_text();
    s.reserve(12000);
    while (!text.empty()) {
      auto nl = text.find('\n');
      s.insert(text.substr(0, nl));
      if (nl == std::string_view::npos) break;
      text.remove_prefix(nl + 1);
    }
    return s;
  }();
  return set;
}

// "abcdef", "654321": every step +1, or every step -1.
bool consecutive_run(std::string_view s) {
  if (s.size() < 3) return false;
  int step = static_cast<unsigned char>(s[1]) - static_cast<unsigned char>(s[0]);
  if (step != 1 && step != -1) return false;
  for (std::size_t i = 2; i < s.size(); ++i)
    if (static_cast<unsigned char>(s[i]) - static_cast<unsigned char>(s[i - 1]) != step) return false;
  return true;
}

}  // namespace

bool is_common_password(std::string_view lower_case_password) {
  return common_set().count(lower_case_password) > 0;
}

std::optional<PasswordProblem> check_new_password(std::string_view password, std::string_view username) {
  if (password.size() < 10 || password.size() > 200)
    return PasswordProblem{"weak_password", "password must be 10-200 characters"};
  const std::string p = ascii_lower(password);
  // Three characters or more: a two-letter name ("li") inside a long
  // password is chance, not a hint an attacker can use.
  if (username.size() >= 3 && p.find(ascii_lower(username)) != std::string::npos)
    return PasswordProblem{"contains_username", "password must not contain the user name"};
  // The common list in any case, and with the digits and punctuation people
  // add at either end taken off ("Password12" is "password").
  std::string_view core = p;
  auto decoration = [](char ch) { return !std::isalpha(static_cast<unsigned char>(ch)); };
  while (!core.empty() && decoration(core.front())) core.remove_prefix(1);
  while (!core.empty() && decoration(core.back())) core.remove_suffix(1);
  if (is_common_password(p) || (core.size() >= 4 && is_common_password(core)))
    return PasswordProblem{"common_password", "password is too common (it is on the list of the 10,000 most used passwords)"};
  std::set<char> distinct(p.begin(), p.end());
  if (distinct.size() < 5 || consecutive_run(p))
    return PasswordProblem{"trivial_password", "password is too simple (repeated or consecutive characters)"};
  return std::nullopt;
}

}  // namespace loudong::domain
