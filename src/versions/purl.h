// Package URLs (purl, ECMA-427): parse, build from components, canonical
// text. Type rules come from the purl-spec type tests: which types fold
// case, which need or forbid a namespace, which need a qualifier.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"

namespace loudong::versions {

// A valid, normalised purl: every field decoded; an empty namespace,
// version or subpath means absent. Only parse_purl and build_purl make one,
// so a PackageUrl always satisfies its type's rules.
struct PackageUrl {
  std::string type;
  std::string namespace_;  // segments joined by '/'
  std::string name;        // for "git", may hold '/' (host is the namespace)
  std::string version;
  std::map<std::string, std::string> qualifiers;  // lower-case keys, non-empty values, sorted
  std::string subpath;     // segments joined by '/', no ".", "..", empty
  bool operator==(const PackageUrl&) const = default;
};

enum class PurlMode {
  // ECMA-427 conformance: upper-case qualifier keys are an error.
  strict,
  // Normalises what the spec's "recommended" tests normalise
  // (upper-case qualifier keys are folded).
  lenient,
};

// Parses a purl string. The error names the offending component.
Result<PackageUrl> parse_purl(std::string_view text, PurlMode mode = PurlMode::strict);

// Decoded components as a caller has them (null fields are nullopt).
struct PurlParts {
  std::optional<std::string> type, namespace_, name, version, subpath;
  std::map<std::string, std::string> qualifiers;
};

// Validates and normalises components (same rules as parse_purl, strict
// for qualifier keys except that they are folded to lower case only if
// already valid characters).
Result<PackageUrl> build_purl(PurlParts parts);

// Canonical form: "pkg:type/namespace/name@version?k=v&...#subpath", each
// part percent-encoded except A-Z a-z 0-9 . - _ ~ and ':'.
std::string to_string(const PackageUrl& purl);

}  // namespace loudong::versions
