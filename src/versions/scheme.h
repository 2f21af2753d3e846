// Version ordering per ecosystem.
//
// A VersionScheme knows one ecosystem's version syntax and ordering. It never
// guesses: a version it cannot parse makes compare() fail, and callers report
// "unknown" rather than "not affected".
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"

namespace loudong::versions {

// One vers constraint: a comparator and a version ("<", "1.2.3").
// comparator is one of "=", "!=", "<", "<=", ">", ">=", or "*" (any version).
struct Constraint {
  std::string comparator;
  std::string version;
  bool operator==(const Constraint&) const = default;
};

class VersionScheme {
 public:
  virtual ~VersionScheme() = default;

  // The vers scheme name: "npm", "pypi", "maven", "deb", "rpm", "alpine",
  // "golang", "gem", "nuget", "composer", "cargo", "pub", "cran", "hex",
  // "semver", "generic".
  virtual std::string_view name() const = 0;

  // Success when v is a valid version of this scheme; otherwise an error
  // that says what is wrong with it.
  virtual Status validate(std::string_view v) const = 0;

  // -1, 0 or 1 as a orders before, equal to, or after b. Fails when either is
  // not a valid version; the error names which one and why.
  virtual Result<int> compare(std::string_view a, std::string_view b) const = 0;

  // The ecosystem's own range syntax (npm "^1.2.3 || >=2", PyPI ">=1.0,<2",
  // Maven "[1.0,2.0)", ...) as a union of vers constraint lists: the result
  // is a disjunction of conjunctions. Schemes without a native syntax fail
  // with code "unsupported".
  virtual Result<std::vector<std::vector<Constraint>>> parse_native_range(std::string_view range) const;
};

// The scheme for a vers scheme name or an OSV ecosystem name ("PyPI",
// "Go", "crates.io", "Debian:12", "Alpine:v3.19", "Red Hat", ...); nullptr when
// unknown. The returned object lives for the whole program; thread-safe.
const VersionScheme* scheme_for(std::string_view ecosystem_or_scheme);

// Factories; each is defined in its scheme's own file. A factory may return
// nullptr while its scheme is not written yet; scheme_for() skips those.
std::unique_ptr<VersionScheme> make_semver_scheme();
std::unique_ptr<VersionScheme> make_npm_scheme();
std::unique_ptr<VersionScheme> make_golang_scheme();
std::unique_ptr<VersionScheme> make_cargo_scheme();
std::unique_ptr<VersionScheme> make_hex_scheme();
std::unique_ptr<VersionScheme> make_pub_scheme();
std::unique_ptr<VersionScheme> make_generic_scheme();
std::unique_ptr<VersionScheme> make_pypi_scheme();
std::unique_ptr<VersionScheme> make_maven_scheme();
std::unique_ptr<VersionScheme> make_deb_scheme();
std::unique_ptr<VersionScheme> make_rpm_scheme();
std::unique_ptr<VersionScheme> make_alpine_scheme();
std::unique_ptr<VersionScheme> make_gem_scheme();
std::unique_ptr<VersionScheme> make_nuget_scheme();
std::unique_ptr<VersionScheme> make_composer_scheme();
std::unique_ptr<VersionScheme> make_cran_scheme();

}  // namespace loudong::versions
