// vers: version range specifiers ("vers:npm/>=1.0.0|<2.0.0"), per the
// package-url vers-spec: parsing, canonical form, containment, and
// conversion from an ecosystem's native range syntax.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "versions/scheme.h"

namespace loudong::versions {

// A parsed range. constraints hold decoded versions, sorted by version for
// a known scheme (ties keep their written order); a lone {"*", ""} means
// every version. Comparators are "=", "!=", "<", "<=", ">", ">=" or "*".
struct VersRange {
  std::string scheme;
  std::vector<Constraint> constraints;
  bool operator==(const VersRange&) const = default;
};

enum class VersMode {
  // Accepts only the canonical form: no whitespace, no empty constraints,
  // upper-case percent escapes, constraints already in version order.
  canonical,
  // Normalises first (vers-spec parsing steps): removes spaces and tabs,
  // lower-cases "vers" and the scheme, drops empty constraints, sorts.
  lenient,
};

// Fails with an error naming the problem and its offset. For an unknown
// scheme the syntax is still checked but the order cannot be: constraints
// stay as written. Versions are not validated against the scheme here
// (contains() reports them as unknown), but a known scheme must be able to
// order them.
Result<VersRange> parse_vers(std::string_view text, VersMode mode = VersMode::lenient);

// The canonical text: "vers:<scheme>/<c1>|<c2>...", "=" omitted, versions
// percent-encoded where they would clash with the syntax ('%', '|', spaces,
// control and non-ASCII bytes). Duplicates are kept: vers-spec's validate
// vectors keep them (">=0.0.1|>=0.0.1").
std::string to_string(const VersRange& range);

enum class Containment { yes, no, unknown };

// Whether version lies in range, by the vers-spec algorithm. unknown when
// the scheme is not known or the version (or a bound) cannot be compared;
// *why_unknown (if given) then gets the reason. Never reports "no" for
// something it could not decide. Fails only for a malformed VersRange
// (empty, or a bad comparator) built by hand.
Result<Containment> contains(const VersRange& range, std::string_view version, std::string* why_unknown = nullptr);

// Converts an ecosystem's native range ("^1.2.3 || >=2", "[1.0,2.0)") with
// VersionScheme::parse_native_range, flattens the union of conjunctions as
// vers-spec does, and sorts. The result's scheme is the scheme's vers name
// (scheme may be an OSV ecosystem name). Fails for an unknown scheme
// (code "unknown_scheme"), a scheme without native syntax ("unsupported"),
// or an invalid range.
Result<VersRange> from_native(std::string_view scheme, std::string_view native_range);

struct NativeOptions {
  // npm: node-semver's includePrerelease (a prerelease may satisfy any
  // comparator set, not only one naming its major.minor.patch).
  bool include_prerelease = false;
};

// Whether a native range holds version by the ecosystem's own rule, which
// is what `loudong versions contains` answers for a native range:
// - npm: node-semver's `satisfies`, prerelease rule included: "1.x" does not
//   hold 1.10.2-rc.1 unless include_prerelease. The range is read strictly,
//   then loosely; the version loosely ("v1.2.3", "=1.2.3").
// - other schemes: from_native() then contains() (vers ordering).
// Fails for an invalid range; unknown (with *why_unknown) for a version the
// scheme cannot read. Advisory matching does not use this: it keeps vers
// ordering, where a prerelease between the bounds is inside.
Result<Containment> contains_native(std::string_view scheme, std::string_view native_range, std::string_view version,
                                    const NativeOptions& options = {}, std::string* why_unknown = nullptr);

}  // namespace loudong::versions
