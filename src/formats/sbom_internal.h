// Shared by the SBOM readers; not part of the formats API.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "formats/json_read.h"
#include "formats/sbom.h"

namespace loudong::formats {

// Sets c.purl to the canonical form of text and c.parsed_purl, or returns
// why text is not a valid purl and leaves both empty.
std::optional<std::string> set_purl(std::string_view text, Component& c);
void warn_bad_purl(const std::string& where, std::string_view text, const std::string& why, const Component& c,
                   Sbom& out);
// The same, warning (naming where() and why) instead of returning; where
// is only called for a warning, so valid documents build no path text.
template <class Where>
void set_purl(std::string_view text, Where where, Component& c, Sbom& out) {
  if (auto why = set_purl(text, c)) warn_bad_purl(where(), text, *why, c, out);
}
void warn_no_purl(const std::string& where, const Component& c, Sbom& out);

// The readers on a document already parsed (read_sbom looks at its keys
// first); doc must come from the calling thread's json::thread_parser().
Result<Sbom> read_cyclonedx_doc(json::Element doc);
Result<Sbom> read_spdx_doc(json::Element doc);

}  // namespace loudong::formats
