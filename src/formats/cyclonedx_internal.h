// Shared between the CycloneDX reader's files; not part of the formats API.
// Each check follows the JSON schema of the document's specVersion for the
// part it names and fails with the JSON path of the first violation.
#pragma once

#include <initializer_list>
#include <span>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "formats/json_read.h"
#include "formats/sbom.h"

namespace loudong::formats::cdx {

struct Context {
  int minor = 6;  // 4, 5 or 6: CycloneDX 1.<minor>
  // bom-refs of components and services seen so far; views into the parsed
  // document, which outlives the read.
  std::unordered_set<std::string_view> bom_refs;
  Sbom* out = nullptr;
};

// A string member that must be one of values.
Status check_enum(json::Element e, const json::Path& p, std::span<const std::string_view> values,
                  std::string_view& out);
inline Status check_enum(json::Element e, const json::Path& p, std::initializer_list<std::string_view> values,
                         std::string_view& out) {
  return check_enum(e, p, std::span<const std::string_view>(values.begin(), values.size()), out);
}
// bom-ref: a string, non-empty from 1.5 on, unique within the BOM.
Status check_bom_ref(json::Element e, const json::Path& p, Context& ctx, std::string_view& out);

// Components: in_inventory adds it (and its nested components) to
// ctx.out->components and registers bom-refs; pedigree ancestors and the
// like are only checked.
Status read_component(json::Element e, const json::Path& p, Context& ctx, bool in_inventory);
Status read_components(json::Element e, const json::Path& p, Context& ctx, bool in_inventory);

// licenseChoice; appends ids / names / expressions to out when given.
Status check_licenses(json::Element e, const json::Path& p, const Context& ctx, std::vector<std::string>* out);
// hashes[]; sets *sha256 to the SHA-256 content when there is one.
Status check_hashes(json::Element e, const json::Path& p, std::string* sha256);
Status check_properties(json::Element e, const json::Path& p, const Context& ctx);
Status check_swid(json::Element e, const json::Path& p);
Status check_pedigree(json::Element e, const json::Path& p, Context& ctx);
Status check_attachment(json::Element e, const json::Path& p);

Status check_services(json::Element e, const json::Path& p, Context& ctx);
Status check_dependencies(json::Element e, const json::Path& p, const Context& ctx);

}  // namespace loudong::formats::cdx
