// Schema rules for the parts of a component other than its identity.
#include "formats/cyclonedx_internal.h"
#include "formats/spdx_license_ids.h"

namespace loudong::formats::cdx {

namespace {
using json::Array;
using json::Element;
using json::Object;
using json::Path;

std::string list(std::span<const std::string_view> values) {
  std::string s;
  for (auto v : values) s += (s.empty() ? "" : ", ") + std::string(v);
  return s;
}

bool is_hex(std::string_view s) {
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'))) return false;
  return true;
}

Error unknown_field(const Path& p, std::string_view key) {
  return json::error_at(p, "unknown_field", "unknown field '" + std::string(key) + "'");
}
}  // namespace

Status check_enum(Element e, const Path& p, std::span<const std::string_view> values, std::string_view& out) {
  LD_RETURN_IF_ERROR(json::as_string(e, p, out));
  for (auto v : values)
    if (v == out) return {};
  return json::error_at(p, "bad_enum", "'" + std::string(out) + "' is not one of " + list(values));
}

Status check_bom_ref(Element e, const Path& p, Context& ctx, std::string_view& out) {
  LD_RETURN_IF_ERROR(json::as_string(e, p, out));
  if (out.empty() && ctx.minor >= 5) return json::error_at(p, "empty", "must not be empty");
  if (!ctx.bom_refs.insert(out).second)
    return json::error_at(p, "duplicate", "bom-ref '" + std::string(out) + "' is used more than once (bom-refs must be unique)");
  return {};
}

Status check_attachment(Element e, const Path& p) {
  Object o;
  LD_RETURN_IF_ERROR(json::as_object(e, p, o));
  bool has_content = false;
  for (auto [key, value] : o) {
    Path kp = p.key(key);
    std::string_view s;
    if (key == "content") {
      LD_RETURN_IF_ERROR(json::as_string(value, kp, s));
      has_content = true;
    } else if (key == "encoding") {
      LD_RETURN_IF_ERROR(check_enum(value, kp, {"base64"}, s));
    } else if (key == "contentType") {
      LD_RETURN_IF_ERROR(json::as_string(value, kp, s));
    } else {
      return unknown_field(p, key);
    }
  }
  if (!has_content) return json::required(p.key("content"));
  return {};
}

Status check_hashes(Element e, const Path& p, std::string* sha256) {
  Array a;
  LD_RETURN_IF_ERROR(json::as_array(e, p, a));
  std::size_t i = 0;
  for (Element item : a) {
    Path ip = p.at(i++);
    Object o;
    LD_RETURN_IF_ERROR(json::as_object(item, ip, o));
    Element alg_e, content_e;
    if (!json::member(o, "alg", alg_e)) return json::required(ip.key("alg"));
    if (!json::member(o, "content", content_e)) return json::required(ip.key("content"));
    std::string_view alg, content;
    LD_RETURN_IF_ERROR(check_enum(alg_e, ip.key("alg"),
                                  {"MD5", "SHA-1", "SHA-256", "SHA-384", "SHA-512", "SHA3-256", "SHA3-384",
                                   "SHA3-512", "BLAKE2b-256", "BLAKE2b-384", "BLAKE2b-512", "BLAKE3"},
                                  alg));
    LD_RETURN_IF_ERROR(json::as_string(content_e, ip.key("content"), content));
    std::size_t n = content.size();
    if (!is_hex(content) || (n != 32 && n != 40 && n != 64 && n != 96 && n != 128))
      return json::error_at(ip.key("content"), "bad_format",
                            "'" + std::string(content.substr(0, 40)) +
                                "' is not a hash (32, 40, 64, 96 or 128 hex digits)");
    for (auto [key, value] : o)
      if (key != "alg" && key != "content") return unknown_field(ip, key);
    if (sha256 && alg == "SHA-256") {
      sha256->assign(content);
      for (char& c : *sha256) c = static_cast<char>(c >= 'A' && c <= 'F' ? c - 'A' + 'a' : c);
    }
  }
  return {};
}

Status check_properties(Element e, const Path& p, const Context& ctx) {
  Array a;
  LD_RETURN_IF_ERROR(json::as_array(e, p, a));
  std::size_t i = 0;
  for (Element item : a) {
    Path ip = p.at(i++);
    Object o;
    LD_RETURN_IF_ERROR(json::as_object(item, ip, o));
    bool has_name = false;
    for (auto [key, value] : o) {
      std::string_view s;
      if (key == "name" || key == "value") {
        LD_RETURN_IF_ERROR(json::as_string(value, ip.key(key), s));
        has_name = has_name || key == "name";
      } else if (ctx.minor >= 6) {
        return unknown_field(ip, key);
      }
    }
    if (!has_name && ctx.minor >= 6) return json::required(ip.key("name"));
  }
  return {};
}

namespace {

Status check_license(Element e, const Path& p, const Context& ctx, std::vector<std::string>* out) {
  Object o;
  LD_RETURN_IF_ERROR(json::as_object(e, p, o));
  std::string_view id, name;
  bool has_id = false, has_name = false;
  for (auto [key, value] : o) {
    Path kp = p.key(key);
    std::string_view s;
    if (key == "id") {
      LD_RETURN_IF_ERROR(json::as_string(value, kp, id));
      if (!is_spdx_license_id(id))
        return json::error_at(kp, "bad_enum", "'" + std::string(id) + "' is not an SPDX license id");
      has_id = true;
    } else if (key == "name") {
      LD_RETURN_IF_ERROR(json::as_string(value, kp, name));
      has_name = true;
    } else if (key == "text") {
      LD_RETURN_IF_ERROR(check_attachment(value, kp));
    } else if (key == "url") {
      LD_RETURN_IF_ERROR(json::as_string(value, kp, s));
    } else if (key == "acknowledgement" && ctx.minor >= 6) {
      LD_RETURN_IF_ERROR(check_enum(value, kp, {"declared", "concluded"}, s));
    } else if (key == "properties" && ctx.minor >= 5) {
      LD_RETURN_IF_ERROR(check_properties(value, kp, ctx));
    } else if (key == "bom-ref" && ctx.minor >= 5) {
      LD_RETURN_IF_ERROR(json::as_string(value, kp, s));
    } else if (key == "licensing" && ctx.minor >= 5) {
      Object lo;
      LD_RETURN_IF_ERROR(json::as_object(value, kp, lo));
    } else {
      return unknown_field(p, key);
    }
  }
  if (has_id && has_name) return json::error_at(p, "one_of", "must have an id or a name, not both");
  if (!has_id && !has_name) return json::error_at(p, "one_of", "must have an id or a name");
  if (out) out->emplace_back(has_id ? id : name);
  return {};
}

Status check_expression(Element value, const Path& p, std::vector<std::string>* out) {
  std::string_view s;
  LD_RETURN_IF_ERROR(json::as_string(value, p, s));
  if (out) out->emplace_back(s);
  return {};
}

}  // namespace

// 1.4: each entry is {license} or {expression}. From 1.5: either a list of
// {license} entries, or exactly one {expression} entry.
Status check_licenses(Element e, const Path& p, const Context& ctx, std::vector<std::string>* out) {
  Array a;
  LD_RETURN_IF_ERROR(json::as_array(e, p, a));
  std::size_t i = 0, expressions = 0;
  for (Element item : a) {
    Path ip = p.at(i++);
    Object o;
    LD_RETURN_IF_ERROR(json::as_object(item, ip, o));
    bool has_license = false, has_expression = false;
    for (auto [key, value] : o) {
      Path kp = ip.key(key);
      std::string_view s;
      if (key == "license") {
        LD_RETURN_IF_ERROR(check_license(value, kp, ctx, out));
        has_license = true;
      } else if (key == "expression") {
        LD_RETURN_IF_ERROR(check_expression(value, kp, out));
        has_expression = true;
      } else if (key == "bom-ref" && ctx.minor >= 5) {
        LD_RETURN_IF_ERROR(json::as_string(value, kp, s));
      } else if (key == "acknowledgement" && ctx.minor >= 6) {
        LD_RETURN_IF_ERROR(check_enum(value, kp, {"declared", "concluded"}, s));
      } else {
        return unknown_field(ip, key);
      }
    }
    if (has_license && has_expression)
      return json::error_at(ip, "one_of", "must have a license or an expression, not both");
    if (!has_license && !has_expression) return json::error_at(ip, "one_of", "must have a license or an expression");
    if (has_license && ctx.minor >= 5 && o.size() != 1)
      return json::error_at(ip, "unknown_field", "a license entry must hold only 'license'");
    if (has_expression) ++expressions;
  }
  if (ctx.minor >= 5 && expressions > 0 && a.size() != 1)
    return json::error_at(p, "one_of",
                          "must be either a list of licenses or a single SPDX expression (has " +
                              std::to_string(expressions) + " expression(s) among " + std::to_string(a.size()) +
                              " entries)");
  return {};
}

Status check_swid(Element e, const Path& p) {
  Object o;
  LD_RETURN_IF_ERROR(json::as_object(e, p, o));
  Element v;
  std::string_view s;
  if (!json::member(o, "tagId", v)) return json::required(p.key("tagId"));
  LD_RETURN_IF_ERROR(json::as_string(v, p.key("tagId"), s));
  if (!json::member(o, "name", v)) return json::required(p.key("name"));
  LD_RETURN_IF_ERROR(json::as_string(v, p.key("name"), s));
  if (json::member(o, "text", v)) LD_RETURN_IF_ERROR(check_attachment(v, p.key("text")));
  return {};
}

namespace {

Status check_issue(Element e, const Path& p) {
  Object o;
  LD_RETURN_IF_ERROR(json::as_object(e, p, o));
  Element v;
  std::string_view s;
  if (!json::member(o, "type", v)) return json::required(p.key("type"));
  return check_enum(v, p.key("type"), {"defect", "enhancement", "security"}, s);
}

Status check_patch(Element e, const Path& p) {
  Object o;
  LD_RETURN_IF_ERROR(json::as_object(e, p, o));
  Element v;
  std::string_view s;
  if (!json::member(o, "type", v)) return json::required(p.key("type"));
  LD_RETURN_IF_ERROR(check_enum(v, p.key("type"), {"unofficial", "monkey", "backport", "cherry-pick"}, s));
  if (json::member(o, "resolves", v)) {
    Array a;
    LD_RETURN_IF_ERROR(json::as_array(v, p.key("resolves"), a));
    std::size_t i = 0;
    for (Element issue : a) LD_RETURN_IF_ERROR(check_issue(issue, p.key("resolves").at(i++)));
  }
  return {};
}

}  // namespace

Status check_pedigree(Element e, const Path& p, Context& ctx) {
  Object o;
  LD_RETURN_IF_ERROR(json::as_object(e, p, o));
  for (auto [key, value] : o) {
    Path kp = p.key(key);
    if (key == "ancestors" || key == "descendants" || key == "variants") {
      LD_RETURN_IF_ERROR(read_components(value, kp, ctx, /*in_inventory=*/false));
    } else if (key == "patches") {
      Array a;
      LD_RETURN_IF_ERROR(json::as_array(value, kp, a));
      std::size_t i = 0;
      for (Element patch : a) LD_RETURN_IF_ERROR(check_patch(patch, kp.at(i++)));
    }
  }
  return {};
}

}  // namespace loudong::formats::cdx
