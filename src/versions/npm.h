// node-semver, as npm uses it: versions (strict and loose) and ranges.
//
// The range grammar follows node-semver 7 (range.js) step by step,
// including its quirks (a lone "~> " loses its ">", invalid comparators are
// dropped in loose mode, null sets), because advisories are written against
// what npm actually installs. tests/integration/versions-differential.test.mjs
// holds it to node-semver 7.8.6 (tests/package.json) on generated ranges.
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

// A stretch of versions in SemVer order, prereleases included: what one
// comparator set admits once node-semver's prerelease rule is set aside.
// A missing bound is unbounded on that side.
struct Interval {
  bool has_lo = false, lo_incl = false;
  bool has_hi = false, hi_incl = false;
  Comparator lo, hi;  // only the version parts are used

  bool is_point() const;
  bool contains(const semver::SemverView& v) const;
};

// How Range::intervals reads upper bounds.
enum class UpperBounds {
  // As written: "<2.0.0-0" stops before 2.0.0's prereleases.
  exact,
  // OSV's ordering semantics: node-semver's synthetic "<X.Y.Z-0" bound
  // becomes "<X.Y.Z", so X.Y.Z's prereleases fall inside the range, as
  // they lie before a "fixed: X.Y.Z" event. "<0.0.0-0" (the null set)
  // stays empty.
  osv,
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

  // The union of the sets as disjoint intervals in ascending order, empty
  // when no version satisfies the range (a reversed hyphen range
  // "3.x - 1.3", "<0.0.0-0"). Ordering only: it ignores the prerelease rule,
  // so it matches test() exactly for releases, and for prereleases when
  // include_prerelease is set and bounds are exact.
  std::vector<Interval> intervals(UpperBounds bounds = UpperBounds::exact) const;
  const std::vector<std::vector<Comparator>>& sets() const { return sets_; }

 private:
  Options options_;
  std::vector<std::vector<Comparator>> sets_;
};

// The range as npm reads a dependency: strict first, then loose (node-semver
// throws for a strict-invalid "=v 1.2.3" that loose mode accepts).
Result<Range> parse_range_lenient(std::string_view range, bool include_prerelease = false);

}  // namespace loudong::versions::npm
