// Shared by the SBOM readers; not part of the formats API.
#pragma once

#include <string>
#include <string_view>

#include "formats/json_read.h"
#include "formats/sbom.h"

namespace loudong::formats {

// Sets c.purl to the canonical form of text, or warns (naming where and
// why) and leaves it empty.
void set_purl(std::string_view text, const std::string& where, Component& c, Sbom& out);
void warn_no_purl(const std::string& where, const Component& c, Sbom& out);

// The readers on a document already parsed (read_sbom looks at its keys
// first); doc must come from the calling thread's json::thread_parser().
Result<Sbom> read_cyclonedx_doc(json::Element doc);
Result<Sbom> read_spdx_doc(json::Element doc);

}  // namespace loudong::formats
