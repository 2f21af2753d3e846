// Shared SemVer machinery for the semver family of schemes (semver, npm,
// golang, cargo, hex, pub).
//
// A SemverView points into the caller's string: parsing never allocates, so
// compare() on hot paths (matching millions of components) costs a scan of
// both strings. Numeric parts are kept as digit strings, which orders
// arbitrarily large numbers (OSV has versions past 2^64) without overflow.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/result.h"
#include "versions/scheme.h"

namespace loudong::versions::semver {

struct SemverView {
  // Digits with leading zeros removed ("0" stays "0"); absent parts are "0".
  std::string_view major = "0", minor = "0", patch = "0";
  std::string_view pre;    // after '-', empty when there is no prerelease
  std::string_view build;  // after '+', empty when absent
  int components = 0;      // numeric core parts actually written (1..3)
  bool has_pre = false;
  bool has_build = false;
};

// What a parser accepts beyond strict SemVer 2.0.0 ("1.2.3-pre+build").
struct Syntax {
  bool allow_v_prefix = false;      // "v1.2.3"
  bool allow_short = false;         // "1" and "1.2" mean 1.0.0 and 1.2.0
  bool allow_leading_zeros = false; // "01.2.3", prerelease "-01"
  bool allow_extra_parts = false;   // "1.2.3.4": parts past patch join the build (OSV)
  bool short_allows_suffix = true;  // "1.2-pre" (Go forbids suffixes on short forms)
  bool optional_pre_dash = false;   // node-semver loose: "1.2.3beta" is 1.2.3-beta
};

inline constexpr Syntax kStrict{};
// OSV's lenient SemVer reading (osv-scalibr semantic): v prefix, short
// forms, big numbers, extra parts.
inline constexpr Syntax kLenient{true, true, true, true, true};

// Parses s; on failure the error says what is wrong and at which offset.
// The view borrows s: keep s alive while using the result.
Result<SemverView> parse(std::string_view s, const Syntax& syntax);

// Orders two digit strings without leading zeros numerically.
int compare_digits(std::string_view a, std::string_view b);
// SemVer 2.0.0 §11: numeric ids numerically and below alphanumeric ones,
// alphanumerics in ASCII order, a longer list of equal prefix is greater.
int compare_identifiers(std::string_view a, std::string_view b);
// Compares core and prerelease; build metadata is ignored.
int compare(const SemverView& a, const SemverView& b);

// "major.minor.patch[-pre][+build]" with normalised numbers.
std::string format(const SemverView& v, bool with_build = false);

// A VersionScheme driven by a Syntax and the SemVer ordering; each semver
// family file configures one. name must be a string literal (not copied).
class SemverScheme : public VersionScheme {
 public:
  SemverScheme(std::string_view name, Syntax syntax) : name_(name), syntax_(syntax) {}
  std::string_view name() const override { return name_; }
  Status validate(std::string_view v) const override;
  Result<int> compare(std::string_view a, std::string_view b) const override;

 protected:
  // Hook for schemes whose order differs in the tail (pub orders builds).
  virtual int compare_views(const SemverView& a, const SemverView& b) const { return semver::compare(a, b); }
  const Syntax& syntax() const { return syntax_; }

 private:
  std::string_view name_;
  Syntax syntax_;
};

// Helpers for native-range parsers of the family.
// Splits on any run of ASCII whitespace.
std::vector<std::string_view> split_ws(std::string_view s);
std::string_view trim(std::string_view s);
// The version one step above the given partial version for tilde/caret
// bounds: bump("1","2") -> "1.3.0". Works on digit strings of any length.
std::string increment_digits(std::string_view digits);

// A partial version in a requirement: "1", "1.2", "1.2.3-pre", "1.*", "*".
// parts counts the numbers given before the first wildcard or the end.
struct Partial {
  std::string_view major = "0", minor = "0", patch = "0", pre;
  int parts = 0;
};
Result<Partial> parse_partial(std::string_view s);
// Missing parts as zero: "1.2" -> "1.2.0"; keeps the prerelease.
std::string lower_version(const Partial& p);
// Exclusive upper bounds, never with a "-0" suffix (vers has none):
// caret   ^1.2.3 -> 2.0.0, ^0.2.3 -> 0.3.0, ^0.0.3 -> 0.0.4, ^1.2 -> 2.0.0, ^0.0 -> 0.1.0
// tilde   ~1.2.3 -> 1.3.0, ~1.2 -> 1.3.0, ~1 -> 2.0.0
// pessimistic (Elixir/Ruby ~>) bumps the part before the last: ~>2.1 -> 3.0.0, ~>2.1.3 -> 2.2.0
// wildcard 1.2.* / =1.2 -> 1.3.0, 1.* -> 2.0.0 (parts == 3 has no upper bound)
std::string caret_upper(const Partial& p);
std::string tilde_upper(const Partial& p);
std::string pessimistic_upper(const Partial& p);
std::string wildcard_upper(const Partial& p);

// Expands one requirement term into vers constraints. op is one of "^",
// "~", "~>", "=", "!=", ">", ">=", "<", "<="; partial versions widen as in
// Cargo ("=1.2" is >=1.2.0 <1.3.0, ">1.2" is >=1.3.0, "<=1" is <2.0.0).
// A term matching everything ("*", "^*") yields {"*", ""}.
Result<std::vector<Constraint>> expand_term(std::string_view op, const Partial& p);
// Splits "op version" ("  >= 1.2", "~>2.0", "1.2.3") into operator and version.
void split_op(std::string_view term, std::string_view& op, std::string_view& version);

}  // namespace loudong::versions::semver
