// CycloneDX root, metadata and components (the inventory).
#include <atomic>
#include <iterator>

#include "core/two_threads.h"
#include "formats/cyclonedx_internal.h"
#include "formats/timestamp.h"
#include "formats/sbom_internal.h"

namespace loudong::formats {

namespace cdx {

namespace {
using json::Array;
using json::Element;
using json::Object;
using json::Path;

constexpr std::string_view kTypes4[] = {"application", "framework",        "library", "container",
                                       "operating-system", "device", "firmware", "file"};
constexpr std::string_view kTypes5[] = {"application",   "framework", "library", "container",
                                       "platform",      "operating-system", "device", "device-driver",
                                       "firmware",      "file", "machine-learning-model", "data"};
constexpr std::string_view kTypes6[] = {"application", "framework", "library", "container", "platform",
                                       "operating-system", "device", "device-driver", "firmware", "file",
                                       "machine-learning-model", "data", "cryptographic-asset"};

std::span<const std::string_view> component_types(int minor) {
  if (minor == 4) return kTypes4;
  if (minor == 5) return kTypes5;
  return kTypes6;
}

Status string_member(Element value, const Path& p, std::string& out) { return json::as_string(value, p, out); }

}  // namespace

Status read_component(Element e, const Path& p, Context& ctx, bool in_inventory) {
  Object o;
  LD_RETURN_IF_ERROR(json::as_object(e, p, o));
  Component c;
  bool has_type = false, has_name = false;
  std::string_view purl_text;
  Element nested;
  bool has_nested = false, has_purl = false;
  for (auto [key, value] : o) {
    Path kp = p.key(key);
    std::string_view s;
    if (key == "type") {
      LD_RETURN_IF_ERROR(check_enum(value, kp, component_types(ctx.minor), s));
      c.type = s;
      has_type = true;
    } else if (key == "name") {
      LD_RETURN_IF_ERROR(string_member(value, kp, c.name));
      has_name = true;
    } else if (key == "version") {
      LD_RETURN_IF_ERROR(string_member(value, kp, c.version));
    } else if (key == "group") {
      LD_RETURN_IF_ERROR(string_member(value, kp, c.group));
    } else if (key == "bom-ref") {
      if (in_inventory) {
        LD_RETURN_IF_ERROR(check_bom_ref(value, kp, ctx, s));
      } else {
        LD_RETURN_IF_ERROR(json::as_string(value, kp, s));
      }
      c.bom_ref = s;
    } else if (key == "purl") {
      LD_RETURN_IF_ERROR(json::as_string(value, kp, purl_text));
      has_purl = true;
    } else if (key == "cpe") {
      LD_RETURN_IF_ERROR(json::as_string(value, kp, s));
      if (!s.empty()) c.cpes.emplace_back(s);
    } else if (key == "supplier") {
      Object so;
      LD_RETURN_IF_ERROR(json::as_object(value, kp, so));
      Element n;
      if (json::member(so, "name", n)) LD_RETURN_IF_ERROR(string_member(n, kp.key("name"), c.supplier));
    } else if (key == "publisher" || key == "author" || key == "description" || key == "copyright") {
      LD_RETURN_IF_ERROR(json::as_string(value, kp, s));
      if (key == "publisher" && c.supplier.empty()) c.supplier = s;
    } else if (key == "scope") {
      LD_RETURN_IF_ERROR(check_enum(value, kp, {"required", "optional", "excluded"}, s));
    } else if (key == "hashes") {
      LD_RETURN_IF_ERROR(check_hashes(value, kp, &c.hashes_sha256));
    } else if (key == "licenses") {
      LD_RETURN_IF_ERROR(check_licenses(value, kp, ctx, &c.licenses));
    } else if (key == "swid") {
      LD_RETURN_IF_ERROR(check_swid(value, kp));
    } else if (key == "pedigree") {
      LD_RETURN_IF_ERROR(check_pedigree(value, kp, ctx));
    } else if (key == "properties") {
      LD_RETURN_IF_ERROR(check_properties(value, kp, ctx));
    } else if (key == "components") {
      nested = value;
      has_nested = true;
    }
  }
  if (!has_type) return json::required(p.key("type"));
  if (!has_name) return json::required(p.key("name"));
  if (in_inventory) {
    if (has_purl) {
      set_purl(purl_text, [&] { return p.key("purl").str(); }, c, *ctx.out);
    } else {
      warn_no_purl(p.str(), c, *ctx.out);
    }
    ctx.out->components.push_back(std::move(c));
  }
  // Children after the parent, so the flattened list keeps document order.
  if (has_nested) LD_RETURN_IF_ERROR(read_components(nested, p.key("components"), ctx, in_inventory));
  return {};
}

namespace {

// A large inventory is read on two threads, chunks of components each into
// its own part, joined in document order: the same components and
// warnings as one thread reading it. Anything a part cannot know alone (a
// bom-ref another part also uses) or any error sends the document back to
// the sequential reader, so the error and its path are exactly the ones
// that reader gives: errors are rare, a large valid SBOM is not.
constexpr std::size_t kParallelComponents = 2048;
constexpr std::size_t kComponentChunk = 512;

struct Part {
  Sbom sbom;
  Context ctx;
};

bool read_components_in_parts(Array a, const Path& p, Context& ctx) {
  std::vector<Element> items;
  items.reserve(a.size());
  for (Element item : a) items.push_back(item);
  std::vector<Part> parts(chunk_count(items.size(), kComponentChunk));
  std::atomic<bool> failed{false};
  for_chunks_on_two_threads(items.size(), kComponentChunk, 0, [&](std::size_t c, std::size_t first, std::size_t last) {
    Part& part = parts[c];
    part.ctx.minor = ctx.minor;
    part.ctx.out = &part.sbom;
    part.sbom.components.reserve(last - first);
    for (std::size_t i = first; i < last && !failed.load(std::memory_order_relaxed); ++i)
      if (!read_component(items[i], p.at(i), part.ctx, /*in_inventory=*/true).ok()) {
        failed.store(true, std::memory_order_relaxed);
        return;
      }
  });
  if (failed.load()) return false;
  std::size_t total = 0;
  for (const Part& part : parts) total += part.sbom.components.size();
  for (const Part& part : parts)
    for (std::string_view ref : part.ctx.bom_refs)
      if (!ctx.bom_refs.insert(ref).second) return false;
  Sbom& out = *ctx.out;
  out.components.reserve(total);
  for (Part& part : parts) {
    std::move(part.sbom.components.begin(), part.sbom.components.end(), std::back_inserter(out.components));
    std::move(part.sbom.warnings.begin(), part.sbom.warnings.end(), std::back_inserter(out.warnings));
  }
  return true;
}

}  // namespace

Status read_components(Element e, const Path& p, Context& ctx, bool in_inventory) {
  Array a;
  LD_RETURN_IF_ERROR(json::as_array(e, p, a));
  if (in_inventory && ctx.out->components.empty()) {
    if (a.size() >= kParallelComponents) {
      // On failure the parts' bom-refs may be half merged: start again from
      // the refs seen before the inventory.
      std::unordered_set<std::string_view> before = ctx.bom_refs;
      if (read_components_in_parts(a, p, ctx)) return {};
      ctx.bom_refs = std::move(before);  // the parts left ctx.out as it was
    }
    ctx.out->components.reserve(a.size());
  }
  std::size_t i = 0;
  for (Element item : a) LD_RETURN_IF_ERROR(read_component(item, p.at(i++), ctx, in_inventory));
  return {};
}

namespace {

bool valid_serial(std::string_view s) {
  // ^urn:uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$
  constexpr std::string_view prefix = "urn:uuid:";
  if (s.size() != prefix.size() + 36 || s.substr(0, prefix.size()) != prefix) return false;
  s.remove_prefix(prefix.size());
  for (std::size_t i = 0; i < s.size(); ++i) {
    bool dash = i == 8 || i == 13 || i == 18 || i == 23;
    if (dash ? s[i] != '-' : !((s[i] >= '0' && s[i] <= '9') || (s[i] >= 'a' && s[i] <= 'f'))) return false;
  }
  return true;
}

Status read_metadata(Element e, const Path& p, Context& ctx) {
  Object o;
  LD_RETURN_IF_ERROR(json::as_object(e, p, o));
  for (auto [key, value] : o) {
    Path kp = p.key(key);
    if (key == "timestamp") {
      std::string_view s;
      LD_RETURN_IF_ERROR(json::as_string(value, kp, s));
      if (Result<Time> t = parse_timestamp(s); !t.ok())
        return json::error_at(kp, "bad_format", t.error().message());
    } else if (key == "licenses") {
      LD_RETURN_IF_ERROR(check_licenses(value, kp, ctx, nullptr));
    } else if (key == "component") {
      // The BOM's subject, not part of its inventory; its bom-ref still
      // shares the namespace.
      LD_RETURN_IF_ERROR(read_component(value, kp, ctx, /*in_inventory=*/false));
      Element ref;
      std::string_view s;
      if (value.at_key("bom-ref").get(ref) == simdjson::SUCCESS)
        LD_RETURN_IF_ERROR(check_bom_ref(ref, kp.key("bom-ref"), ctx, s));
    } else if (key == "properties") {
      LD_RETURN_IF_ERROR(check_properties(value, kp, ctx));
    }
  }
  return {};
}

}  // namespace

Status read_root(Element doc, Context& ctx) {
  Path root;
  Object o;
  LD_RETURN_IF_ERROR(json::as_object(doc, root, o));
  Element v;
  std::string_view s;
  if (!json::member(o, "bomFormat", v)) return json::required(root.key("bomFormat"));
  LD_RETURN_IF_ERROR(json::as_string(v, root.key("bomFormat"), s));
  if (s != "CycloneDX")
    return json::error_at(root.key("bomFormat"), "bad_enum", "must be 'CycloneDX', not '" + std::string(s) + "'");
  if (!json::member(o, "specVersion", v)) return json::required(root.key("specVersion"));
  LD_RETURN_IF_ERROR(json::as_string(v, root.key("specVersion"), s));
  if (s == "1.4") ctx.minor = 4;
  else if (s == "1.5") ctx.minor = 5;
  else if (s == "1.6") ctx.minor = 6;
  else
    return json::error_at(root.key("specVersion"), "unsupported",
                          "CycloneDX " + std::string(s) + " is not supported (1.4, 1.5 or 1.6)");
  ctx.out->format = "CycloneDX";
  ctx.out->spec_version = s;

  if (json::member(o, "version", v)) {
    std::int64_t n;
    LD_RETURN_IF_ERROR(json::as_integer(v, root.key("version"), n));
    if (n < 1 && ctx.minor >= 5) return json::error_at(root.key("version"), "too_small", "must be at least 1");
  } else if (ctx.minor == 4) {
    return json::required(root.key("version"));
  }
  if (json::member(o, "serialNumber", v)) {
    LD_RETURN_IF_ERROR(json::as_string(v, root.key("serialNumber"), s));
    if (!valid_serial(s))
      return json::error_at(root.key("serialNumber"), "bad_format",
                            "'" + std::string(s) + "' is not an RFC 4122 URN (urn:uuid:xxxxxxxx-xxxx-...)");
    ctx.out->serial = s;
  }
  if (json::member(o, "metadata", v)) LD_RETURN_IF_ERROR(read_metadata(v, root.key("metadata"), ctx));
  if (json::member(o, "components", v))
    LD_RETURN_IF_ERROR(read_components(v, root.key("components"), ctx, /*in_inventory=*/true));
  if (json::member(o, "services", v)) LD_RETURN_IF_ERROR(check_services(v, root.key("services"), ctx));
  if (json::member(o, "dependencies", v))
    LD_RETURN_IF_ERROR(check_dependencies(v, root.key("dependencies"), ctx));
  return {};
}

}  // namespace cdx

Result<Sbom> read_cyclonedx(std::string_view json_text) {
  LD_ASSIGN_OR_RETURN(json::Element doc, json::parse(json::thread_parser(), json_text));
  return read_cyclonedx_doc(doc);
}

Result<Sbom> read_cyclonedx_doc(json::Element doc) {
  Sbom sbom;
  cdx::Context ctx;
  ctx.out = &sbom;
  LD_RETURN_IF_ERROR(cdx::read_root(doc, ctx));
  return sbom;
}

}  // namespace loudong::formats
