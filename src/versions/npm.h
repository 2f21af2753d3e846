// node-semver, as npm uses it: versions (strict and loose) and ranges.
//
// The range grammar follows node-semver 7 (range.js) step by step,
// including its quirks (a lone "~> " loses its ">", invalid comparators are
// dropped in loose mode, null sets), because advisories are written against
// what npm actually installs.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "versions/semver_common.h"

namespace loudong::versions::npm {

struct Options {
  bool loose = false;               // accept "=v 1.2.3", "1.2.3beta", leading zeros
  bool include_prerelease = false;  // prereleases match ranges without prerelease bounds
};

// Parses a version as `new SemVer(v, options)` does: trims, accepts a "v"
// prefix (loose: any of "v", "=", spaces), rejects numbers above 2^53-1 and
// strings over 256 characters. The view borrows v.
Result<semver::SemverView> parse_version(std::string_view v, const Options& options = {});

// One comparator: operator ("", "<", "<=", ">", ">=") and version; `any`
// for the empty comparator that matches every version.
struct Comparator {
  std::string op;
  bool any = false;
  std::string major, minor, patch, pre;
  bool has_pre = false;

  semver::SemverView view() const;
  // node-semver's `value`: op + "M.m.p[-pre]", "" for any.
  std::string value() const;
  bool test(const semver::SemverView& v) const;
};

class Range {
 public:
  // Fails when the whole range is invalid (node-semver would throw).
  static Result<Range> parse(std::string_view range, const Options& options = {});

  // node-semver `satisfies`: false for an unparseable version.
  bool test(std::string_view version) const;
  bool test(const semver::SemverView& v) const;

  // node-semver's `range` string: sets joined by "||", "*" for any.
  std::string to_string() const;
  const std::vector<std::vector<Comparator>>& sets() const { return sets_; }

 private:
  Options options_;
  std::vector<std::vector<Comparator>> sets_;
};

}  // namespace loudong::versions::npm
