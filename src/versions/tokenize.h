// Small ASCII helpers shared by the version schemes.
//
// Versions are compared millions of times, so these work on string_views and
// never allocate. Digit runs are compared as arbitrary-precision numbers
// (leading zeros dropped, then length, then bytes) because real version
// strings carry 20+ digit components that overflow any integer type.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/error.h"

namespace loudong::versions::tok {

constexpr bool is_digit(char c) { return c >= '0' && c <= '9'; }
constexpr bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
constexpr bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
constexpr bool is_alpha(char c) { return is_lower(c) || is_upper(c); }
constexpr bool is_alnum(char c) { return is_digit(c) || is_alpha(c); }
constexpr char lower(char c) { return is_upper(c) ? static_cast<char>(c - 'A' + 'a') : c; }
constexpr bool is_space(char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v'; }

constexpr int sign(int v) { return (v > 0) - (v < 0); }

inline bool all_digits(std::string_view s) {
  if (s.empty()) return false;
  for (char c : s)
    if (!is_digit(c)) return false;
  return true;
}

inline std::string_view strip_zeros(std::string_view d) {
  std::size_t i = 0;
  while (i < d.size() && d[i] == '0') ++i;
  return d.substr(i);
}

// Numeric order of two digit strings of any length ("" counts as 0).
inline int cmp_num(std::string_view a, std::string_view b) {
  a = strip_zeros(a);
  b = strip_zeros(b);
  if (a.size() != b.size()) return a.size() < b.size() ? -1 : 1;
  return sign(a.compare(b));
}

inline bool is_zero(std::string_view d) { return strip_zeros(d).empty(); }

// Byte order, ignoring ASCII case.
inline int cmp_icase(std::string_view a, std::string_view b) {
  std::size_t n = a.size() < b.size() ? a.size() : b.size();
  for (std::size_t i = 0; i < n; ++i) {
    char x = lower(a[i]), y = lower(b[i]);
    if (x != y) return static_cast<unsigned char>(x) < static_cast<unsigned char>(y) ? -1 : 1;
  }
  if (a.size() == b.size()) return 0;
  return a.size() < b.size() ? -1 : 1;
}

inline bool iequals(std::string_view a, std::string_view b) { return cmp_icase(a, b) == 0 && a.size() == b.size(); }

inline std::string_view trim(std::string_view s) {
  while (!s.empty() && is_space(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_space(s.back())) s.remove_suffix(1);
  return s;
}

inline std::string lowered(std::string_view s) {
  std::string r(s);
  for (char& c : r) c = lower(c);
  return r;
}

// The one error shape for a bad version: "<scheme> version '<v>': <why>".
inline Error bad_version(std::string_view scheme, std::string_view v, std::string_view why) {
  std::string m;
  m.reserve(scheme.size() + v.size() + why.size() + 16);
  m.append(scheme).append(" version '").append(v).append("': ").append(why);
  return Error::invalid(std::move(m), "invalid_version");
}

inline Error bad_range(std::string_view scheme, std::string_view r, std::string_view why) {
  std::string m;
  m.append(scheme).append(" range '").append(r).append("': ").append(why);
  return Error::invalid(std::move(m), "invalid_range");
}

inline std::string at(std::string_view what, std::size_t pos) {
  return "unexpected '" + std::string(what) + "' at position " + std::to_string(pos);
}

}  // namespace loudong::versions::tok
