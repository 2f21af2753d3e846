// SBOM readers: CycloneDX 1.4-1.6 JSON and SPDX 2.3 JSON, into one
// component list (the inventory of a product version).
//
// CycloneDX documents are checked against the rules of their specVersion's
// JSON schema for every part the reader walks (root, metadata, components
// with their hashes, licenses, swid, pedigree and properties, services,
// dependencies), plus the spec's "every bom-ref is unique" rule; the first
// violation refuses the document with its JSON path ("components[1].
// hashes[0].content: ..."). Parts the platform does not use
// (vulnerabilities, formulation, annotations, ...) are not checked.
//
// Purls are canonicalised (versions::parse_purl, lenient, then to_string);
// a component without a usable purl keeps its name and version and adds a
// warning that says why. Pure: bytes in, values out; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "versions/purl.h"

namespace loudong::formats {

struct Component {
  std::string purl;     // canonical; empty when absent or not a valid purl
  std::optional<versions::PackageUrl> parsed_purl;  // purl parsed, when set (so matching need not parse it again)
  std::string name;
  std::string version;
  std::string group;    // CycloneDX group (Maven groupId, npm scope, ...)
  std::string type;     // CycloneDX component type; "library" for SPDX packages
  std::string bom_ref;  // CycloneDX bom-ref or SPDX SPDXID
  std::vector<std::string> cpes;
  std::string supplier;
  std::vector<std::string> licenses;  // SPDX ids, names or expressions as written
  std::string hashes_sha256;          // lower-case hex, or empty
  bool operator==(const Component&) const = default;
};

struct Sbom {
  std::string format;        // "CycloneDX" or "SPDX"
  std::string spec_version;  // "1.6", "SPDX-2.3"
  std::string serial;        // CycloneDX serialNumber or SPDX documentNamespace
  std::vector<Component> components;  // nested CycloneDX components flattened, document order
  std::vector<std::string> warnings;  // "components[3]: ..." for each thing not refused but not usable
};

// CycloneDX JSON with specVersion 1.4, 1.5 or 1.6; others are refused
// naming the version.
Result<Sbom> read_cyclonedx(std::string_view json_text);

// SPDX 2.3 JSON: packages become components; a purl from an externalRef
// of category PACKAGE-MANAGER (PACKAGE_MANAGER) and type purl, cpes from
// SECURITY cpe23Type / cpe22Type refs.
Result<Sbom> read_spdx(std::string_view json_text);

// By content: a "bomFormat" member means CycloneDX, "spdxVersion" SPDX;
// anything else is refused (code "unsupported_format").
Result<Sbom> read_sbom(std::string_view json_text);

}  // namespace loudong::formats
