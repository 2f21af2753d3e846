// Package identity for matching: an SBOM names components by purl, an
// advisory names packages by OSV ecosystem and name. Both are reduced to
// one key (lower-case base ecosystem + the ecosystem's normalised name) so
// the index can join them without parsing at query time.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/result.h"
#include "formats/sbom.h"
#include "versions/purl.h"

namespace loudong::match {

// A package as OSV names it: ecosystem as OSV spells it ("Go", "PyPI",
// "Debian"), name in the ecosystem's form ("github.com/a/b", "@s/n",
// "org.apache.logging.log4j:log4j-core").
struct PackageRef {
  std::string ecosystem;
  std::string name;
  bool operator==(const PackageRef&) const = default;
};

// A component as matched: its package, its version in the ecosystem's
// spelling (Go's leading "v" removed, since OSV writes Go versions without
// it and SEMVER ranges reject it), and the purl it came from.
struct ComponentRef {
  PackageRef package;
  std::string version;
  std::string purl;
};

// The OSV package of a purl. Fails (code "unsupported_type") for a purl type
// with no OSV ecosystem (generic, docker, ...).
Result<PackageRef> package_of_purl(const versions::PackageUrl& p);

// Parses (leniently) and maps a purl text. Fails for an invalid purl or an
// unsupported type; the error says which.
Result<ComponentRef> component_of_purl(std::string_view purl);
// The same for a purl already parsed; `text` is kept as the component's purl.
Result<ComponentRef> component_of_purl(const versions::PackageUrl& p, std::string text);

// An SBOM component as matched: by its purl (parsed by the reader, not
// again), whose version is the one the ecosystem's ranges speak of; the
// SBOM's version field is a fallback for a purl without one. nullopt
// without a purl the index can match.
std::optional<ComponentRef> component_of_sbom(const formats::Component& c);

// "Debian:12" -> "Debian"; "Go" -> "Go".
std::string_view ecosystem_base(std::string_view ecosystem);

// The index key: lower-case base ecosystem, '\x1f', then the name
// normalised as the ecosystem compares names (PyPI: PEP 503; NuGet and
// Packagist: case-insensitive; others exact).
std::string package_key(std::string_view ecosystem, std::string_view name);

// A purl for an OSV package (and version, when not empty), for display;
// "" when the ecosystem has no purl type.
std::string purl_of(const PackageRef& p, std::string_view version = {});

// The component version as the ecosystem's ranges spell it.
std::string match_version(std::string_view ecosystem, std::string_view version);

}  // namespace loudong::match
