// SPDX 2.3 JSON: the document header and packages (the inventory). Files,
// snippets and relationships are not inventory and are not read.
#include <algorithm>
#include <cctype>

#include "formats/json_read.h"
#include "formats/sbom_internal.h"

namespace loudong::formats {

namespace {
using json::Array;
using json::Element;
using json::Object;
using json::Path;

// "Person: Jane (jane@x)" / "Organization: Acme" -> the name; NOASSERTION -> "".
std::string supplier_name(std::string_view s) {
  for (std::string_view prefix : {"Organization:", "Person:", "Tool:"}) {
    if (s.rfind(prefix, 0) == 0) {
      s.remove_prefix(prefix.size());
      while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
      return std::string(s);
    }
  }
  return s == "NOASSERTION" ? std::string() : std::string(s);
}

bool meaningful_license(std::string_view s) { return !s.empty() && s != "NOASSERTION" && s != "NONE"; }

Status read_checksums(Element e, const Path& p, Component& c) {
  Array a;
  LD_RETURN_IF_ERROR(json::as_array(e, p, a));
  std::size_t i = 0;
  for (Element item : a) {
    Path ip = p.at(i++);
    Object o;
    LD_RETURN_IF_ERROR(json::as_object(item, ip, o));
    Element v;
    std::string_view alg, value;
    if (!json::member(o, "algorithm", v)) return json::required(ip.key("algorithm"));
    LD_RETURN_IF_ERROR(json::as_string(v, ip.key("algorithm"), alg));
    if (!json::member(o, "checksumValue", v)) return json::required(ip.key("checksumValue"));
    LD_RETURN_IF_ERROR(json::as_string(v, ip.key("checksumValue"), value));
    if (alg == "SHA256") {
      c.hashes_sha256.assign(value);
      for (char& ch : c.hashes_sha256) ch = static_cast<char>(ch >= 'A' && ch <= 'F' ? ch - 'A' + 'a' : ch);
    }
  }
  return {};
}

// Returns the first purl's text through purl (empty when none).
Status read_external_refs(Element e, const Path& p, Component& c, std::string_view& purl, std::string& purl_where) {
  Array a;
  LD_RETURN_IF_ERROR(json::as_array(e, p, a));
  std::size_t i = 0;
  for (Element item : a) {
    Path ip = p.at(i++);
    Object o;
    LD_RETURN_IF_ERROR(json::as_object(item, ip, o));
    std::string_view category, type, locator;
    Element v;
    if (!json::member(o, "referenceCategory", v)) return json::required(ip.key("referenceCategory"));
    LD_RETURN_IF_ERROR(json::as_string(v, ip.key("referenceCategory"), category));
    if (!json::member(o, "referenceType", v)) return json::required(ip.key("referenceType"));
    LD_RETURN_IF_ERROR(json::as_string(v, ip.key("referenceType"), type));
    if (!json::member(o, "referenceLocator", v)) return json::required(ip.key("referenceLocator"));
    LD_RETURN_IF_ERROR(json::as_string(v, ip.key("referenceLocator"), locator));
    if ((category == "PACKAGE-MANAGER" || category == "PACKAGE_MANAGER") && type == "purl" && purl.empty()) {
      purl = locator;
      purl_where = ip.key("referenceLocator").str();
    } else if (category == "SECURITY" && (type == "cpe23Type" || type == "cpe22Type")) {
      c.cpes.emplace_back(locator);
    }
  }
  return {};
}

Status read_package(Element e, const Path& p, Sbom& out) {
  Object o;
  LD_RETURN_IF_ERROR(json::as_object(e, p, o));
  Component c;
  c.type = "library";
  bool has_id = false, has_name = false;
  std::string_view purl;
  std::string purl_where;
  for (auto [key, value] : o) {
    Path kp = p.key(key);
    std::string_view s;
    if (key == "SPDXID") {
      LD_RETURN_IF_ERROR(json::as_string(value, kp, c.bom_ref));
      has_id = true;
    } else if (key == "name") {
      LD_RETURN_IF_ERROR(json::as_string(value, kp, c.name));
      has_name = true;
    } else if (key == "versionInfo") {
      LD_RETURN_IF_ERROR(json::as_string(value, kp, c.version));
    } else if (key == "supplier") {
      LD_RETURN_IF_ERROR(json::as_string(value, kp, s));
      c.supplier = supplier_name(s);
    } else if (key == "licenseConcluded" || key == "licenseDeclared") {
      LD_RETURN_IF_ERROR(json::as_string(value, kp, s));
      if (meaningful_license(s) && std::find(c.licenses.begin(), c.licenses.end(), s) == c.licenses.end())
        c.licenses.emplace_back(s);
    } else if (key == "checksums") {
      LD_RETURN_IF_ERROR(read_checksums(value, kp, c));
    } else if (key == "externalRefs") {
      LD_RETURN_IF_ERROR(read_external_refs(value, kp, c, purl, purl_where));
    } else if (key == "primaryPackagePurpose") {
      LD_RETURN_IF_ERROR(json::as_string(value, kp, s));
      c.type.clear();
      for (char ch : s) c.type += ch == '_' ? '-' : static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    }
  }
  if (!has_id) return json::required(p.key("SPDXID"));
  if (!has_name) return json::required(p.key("name"));
  if (!purl.empty()) set_purl(purl, [&] { return purl_where; }, c, out);
  else warn_no_purl(p.str(), c, out);
  out.components.push_back(std::move(c));
  return {};
}

}  // namespace

Result<Sbom> read_spdx(std::string_view json_text) {
  LD_ASSIGN_OR_RETURN(Element doc, json::parse(json::thread_parser(), json_text));
  return read_spdx_doc(doc);
}

Result<Sbom> read_spdx_doc(json::Element doc) {
  Path root;
  Object o;
  LD_RETURN_IF_ERROR(json::as_object(doc, root, o));
  Sbom sbom;
  sbom.format = "SPDX";
  Element v;
  std::string_view s;
  if (!json::member(o, "spdxVersion", v)) return json::required(root.key("spdxVersion"));
  LD_RETURN_IF_ERROR(json::as_string(v, root.key("spdxVersion"), s));
  if (s != "SPDX-2.3")
    return json::error_at(root.key("spdxVersion"), "unsupported",
                          "'" + std::string(s) + "' is not supported (SPDX-2.3)");
  sbom.spec_version = s;
  for (std::string_view key : {"SPDXID", "name", "dataLicense", "documentNamespace"}) {
    if (!json::member(o, key, v)) return json::required(root.key(key));
    LD_RETURN_IF_ERROR(json::as_string(v, root.key(key), s));
    if (key == "documentNamespace") sbom.serial = s;
  }
  if (!json::member(o, "creationInfo", v)) return json::required(root.key("creationInfo"));
  Object ci;
  LD_RETURN_IF_ERROR(json::as_object(v, root.key("creationInfo"), ci));
  if (json::member(o, "packages", v)) {
    Array a;
    LD_RETURN_IF_ERROR(json::as_array(v, root.key("packages"), a));
    sbom.components.reserve(a.size());
    std::size_t i = 0;
    for (Element pkg : a) LD_RETURN_IF_ERROR(read_package(pkg, root.key("packages").at(i++), sbom));
  }
  return sbom;
}

}  // namespace loudong::formats
