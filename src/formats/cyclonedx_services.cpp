// Schema rules for services and the dependency graph. Services are not
// inventory (no versions to match) but share the bom-ref namespace.
#include "formats/cyclonedx_internal.h"

namespace loudong::formats::cdx {

namespace {
using json::Array;
using json::Element;
using json::Object;
using json::Path;

Status check_data(Element e, const Path& p) {
  Array a;
  LD_RETURN_IF_ERROR(json::as_array(e, p, a));
  std::size_t i = 0;
  for (Element item : a) {
    Path ip = p.at(i++);
    Object o;
    LD_RETURN_IF_ERROR(json::as_object(item, ip, o));
    Element v;
    std::string_view s;
    if (!json::member(o, "flow", v)) return json::required(ip.key("flow"));
    LD_RETURN_IF_ERROR(check_enum(v, ip.key("flow"), {"inbound", "outbound", "bi-directional", "unknown"}, s));
    if (!json::member(o, "classification", v)) return json::required(ip.key("classification"));
    LD_RETURN_IF_ERROR(json::as_string(v, ip.key("classification"), s));
  }
  return {};
}

Status check_service(Element e, const Path& p, Context& ctx) {
  Object o;
  LD_RETURN_IF_ERROR(json::as_object(e, p, o));
  bool has_name = false;
  for (auto [key, value] : o) {
    Path kp = p.key(key);
    std::string_view s;
    if (key == "name") {
      LD_RETURN_IF_ERROR(json::as_string(value, kp, s));
      has_name = true;
    } else if (key == "bom-ref") {
      LD_RETURN_IF_ERROR(check_bom_ref(value, kp, ctx, s));
    } else if (key == "version" || key == "group" || key == "description") {
      LD_RETURN_IF_ERROR(json::as_string(value, kp, s));
    } else if (key == "data") {
      LD_RETURN_IF_ERROR(check_data(value, kp));
    } else if (key == "licenses") {
      LD_RETURN_IF_ERROR(check_licenses(value, kp, ctx, nullptr));
    } else if (key == "properties") {
      LD_RETURN_IF_ERROR(check_properties(value, kp, ctx));
    } else if (key == "services") {
      LD_RETURN_IF_ERROR(check_services(value, kp, ctx));
    } else if (key == "endpoints") {
      std::vector<std::string> endpoints;
      LD_RETURN_IF_ERROR(json::string_array(value, kp, endpoints));
    } else if (key == "authenticated" || key == "x-trust-boundary") {
      bool b;
      LD_RETURN_IF_ERROR(json::as_bool(value, kp, b));
    }
  }
  if (!has_name) return json::required(p.key("name"));
  return {};
}

Status check_refs(Element e, const Path& p, const Context& ctx) {
  Array a;
  LD_RETURN_IF_ERROR(json::as_array(e, p, a));
  std::unordered_set<std::string_view> seen;
  std::size_t i = 0;
  for (Element item : a) {
    Path ip = p.at(i++);
    std::string_view s;
    LD_RETURN_IF_ERROR(json::as_string(item, ip, s));
    if (s.empty() && ctx.minor >= 5) return json::error_at(ip, "empty", "must not be empty");
    if (!seen.insert(s).second)
      return json::error_at(ip, "duplicate", "'" + std::string(s) + "' is listed twice (items must be unique)");
  }
  return {};
}

}  // namespace

Status check_services(Element e, const Path& p, Context& ctx) {
  Array a;
  LD_RETURN_IF_ERROR(json::as_array(e, p, a));
  std::size_t i = 0;
  for (Element item : a) LD_RETURN_IF_ERROR(check_service(item, p.at(i++), ctx));
  return {};
}

Status check_dependencies(Element e, const Path& p, const Context& ctx) {
  Array a;
  LD_RETURN_IF_ERROR(json::as_array(e, p, a));
  std::size_t i = 0;
  for (Element item : a) {
    Path ip = p.at(i++);
    Object o;
    LD_RETURN_IF_ERROR(json::as_object(item, ip, o));
    bool has_ref = false;
    for (auto [key, value] : o) {
      Path kp = ip.key(key);
      if (key == "ref") {
        std::string_view s;
        LD_RETURN_IF_ERROR(json::as_string(value, kp, s));
        if (s.empty() && ctx.minor >= 5) return json::error_at(kp, "empty", "must not be empty");
        has_ref = true;
      } else if (key == "dependsOn" || (key == "provides" && ctx.minor >= 6)) {
        LD_RETURN_IF_ERROR(check_refs(value, kp, ctx));
      } else {
        return json::error_at(ip, "unknown_field", "unknown field '" + std::string(key) + "'");
      }
    }
    if (!has_ref) return json::required(ip.key("ref"));
  }
  return {};
}

}  // namespace loudong::formats::cdx
