#include <simdjson.h>

#include "formats/json_read.h"
#include "formats/sbom_internal.h"
#include "versions/purl.h"

namespace loudong::formats {

namespace {
std::string describe(const Component& c) { return c.version.empty() ? c.name : c.name + "@" + c.version; }
}  // namespace

std::optional<std::string> set_purl(std::string_view text, Component& c) {
  Result<versions::PackageUrl> purl = versions::parse_purl(text, versions::PurlMode::lenient);
  if (!purl.ok()) return purl.error().message();
  c.purl = versions::to_string(*purl);
  c.parsed_purl = std::move(*purl);
  return std::nullopt;
}

void warn_bad_purl(const std::string& where, std::string_view text, const std::string& why, const Component& c,
                   Sbom& out) {
  out.warnings.push_back(where + ": '" + std::string(text) + "' is not a valid purl (" + why + "); " + describe(c) +
                         " is kept by name and version only");
}

void warn_no_purl(const std::string& where, const Component& c, Sbom& out) {
  out.warnings.push_back(where + ": " + describe(c) + " has no purl; it is kept by name and version only");
}

Result<Sbom> read_sbom(std::string_view json_text) {
  LD_ASSIGN_OR_RETURN(json::Element doc, json::parse(json::thread_parser(), json_text));
  json::Object o;
  if (doc.get_object().get(o))
    return Error::unprocessable("an SBOM must be a JSON object, not " + std::string(json::type_name(doc)),
                                "unsupported_format");
  json::Element v;
  if (json::member(o, "bomFormat", v)) return read_cyclonedx_doc(doc);
  if (json::member(o, "spdxVersion", v)) return read_spdx_doc(doc);
  return Error::unprocessable("not a CycloneDX (bomFormat) or SPDX (spdxVersion) JSON document",
                              "unsupported_format");
}

}  // namespace loudong::formats
