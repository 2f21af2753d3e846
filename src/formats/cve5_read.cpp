#include <algorithm>
#include <cctype>

#include "formats/cve5.h"
#include "formats/cve5_internal.h"
#include "formats/timestamp.h"

namespace loudong::formats {

namespace {

using json::Array;
using json::Element;
using json::Object;
using json::Path;

Status read_time(Element e, const Path& p, std::optional<Time>& out) {
  std::string_view s;
  LD_RETURN_IF_ERROR(json::as_string(e, p, s));
  Result<Time> t = parse_timestamp(s, Offset::optional);
  if (!t.ok()) return json::error_at(p, "bad_timestamp", t.error().message());
  out = *t;
  return {};
}

bool valid_cve_id(std::string_view id) {
  // CVE-YYYY-NNNN with four or more digits (cve-schema cveId pattern).
  if (id.size() < 13 || id.substr(0, 4) != "CVE-" || id[8] != '-') return false;
  auto digits = [](std::string_view s) {
    return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  return digits(id.substr(4, 4)) && digits(id.substr(9));
}

struct Metadata {
  std::string id, state;
  std::optional<Time> published, updated, rejected;
};

Status read_metadata(Element e, const Path& p, Metadata& m) {
  Object o;
  LD_RETURN_IF_ERROR(json::as_object(e, p, o));
  for (auto [key, value] : o) {
    Path kp = p.key(key);
    if (key == "cveId") LD_RETURN_IF_ERROR(json::as_string(value, kp, m.id));
    else if (key == "state") LD_RETURN_IF_ERROR(json::as_string(value, kp, m.state));
    else if (key == "datePublished") LD_RETURN_IF_ERROR(read_time(value, kp, m.published));
    else if (key == "dateUpdated") LD_RETURN_IF_ERROR(read_time(value, kp, m.updated));
    else if (key == "dateRejected") LD_RETURN_IF_ERROR(read_time(value, kp, m.rejected));
  }
  if (m.id.empty()) return json::required(p.key("cveId"));
  if (!valid_cve_id(m.id)) return json::error_at(p.key("cveId"), "bad_format", "'" + m.id + "' is not a CVE id");
  if (!m.state.empty() && m.state != "PUBLISHED" && m.state != "REJECTED")
    return json::error_at(p.key("state"), "bad_enum", "unknown state '" + m.state + "' (PUBLISHED or REJECTED)");
  return {};
}

// descriptions[] / rejectedReasons[]: the English text, else the first.
Status read_description(Element e, const Path& p, std::string& out) {
  Array a;
  LD_RETURN_IF_ERROR(json::as_array(e, p, a));
  std::size_t i = 0;
  bool have_english = false;
  for (Element item : a) {
    Path ip = p.at(i++);
    Object o;
    LD_RETURN_IF_ERROR(json::as_object(item, ip, o));
    std::string lang, value;
    Element v;
    if (json::member(o, "lang", v)) LD_RETURN_IF_ERROR(json::as_string(v, ip.key("lang"), lang));
    if (!json::member(o, "value", v)) return json::required(ip.key("value"));
    LD_RETURN_IF_ERROR(json::as_string(v, ip.key("value"), value));
    bool english = lang.rfind("en", 0) == 0;
    if (out.empty() || (english && !have_english)) out = std::move(value);
    have_english = have_english || english;
  }
  return {};
}

Status read_metrics(Element e, const Path& p, std::vector<Severity>& out) {
  Array a;
  LD_RETURN_IF_ERROR(json::as_array(e, p, a));
  std::size_t i = 0;
  for (Element item : a) {
    Path ip = p.at(i++);
    Object o;
    LD_RETURN_IF_ERROR(json::as_object(item, ip, o));
    for (auto [key, value] : o) {
      std::string_view type = key == "cvssV4_0"                        ? "CVSS_V4"
                              : key == "cvssV3_1" || key == "cvssV3_0" ? "CVSS_V3"
                              : key == "cvssV2_0"                      ? "CVSS_V2"
                                                                       : "";
      if (type.empty()) continue;
      Path kp = ip.key(key);
      Object m;
      LD_RETURN_IF_ERROR(json::as_object(value, kp, m));
      Element vs;
      if (!json::member(m, "vectorString", vs)) return json::required(kp.key("vectorString"));
      Severity s{std::string(type), {}};
      LD_RETURN_IF_ERROR(json::as_string(vs, kp.key("vectorString"), s.score));
      out.push_back(std::move(s));
    }
  }
  return {};
}

// "CWE-400: ..." or "CWE 400: ..." when there is no cweId field.
std::string cwe_in(std::string_view text) {
  auto pos = text.find("CWE");
  if (pos == std::string_view::npos) return {};
  pos += 3;
  if (pos < text.size() && (text[pos] == '-' || text[pos] == ' ')) ++pos;
  std::size_t end = pos;
  while (end < text.size() && std::isdigit(static_cast<unsigned char>(text[end]))) ++end;
  return end == pos ? std::string() : "CWE-" + std::string(text.substr(pos, end - pos));
}

Status read_problem_types(Element e, const Path& p, std::vector<std::string>& out) {
  Array a;
  LD_RETURN_IF_ERROR(json::as_array(e, p, a));
  std::size_t i = 0;
  for (Element item : a) {
    Path ip = p.at(i++);
    Object o;
    LD_RETURN_IF_ERROR(json::as_object(item, ip, o));
    Element ds;
    if (!json::member(o, "descriptions", ds)) continue;
    Array da;
    LD_RETURN_IF_ERROR(json::as_array(ds, ip.key("descriptions"), da));
    std::size_t j = 0;
    for (Element d : da) {
      Path dp = ip.key("descriptions").at(j++);
      Object dobj;
      LD_RETURN_IF_ERROR(json::as_object(d, dp, dobj));
      std::string cwe_id, description;
      Element v;
      if (json::member(dobj, "cweId", v)) LD_RETURN_IF_ERROR(json::as_string(v, dp.key("cweId"), cwe_id));
      if (json::member(dobj, "description", v))
        LD_RETURN_IF_ERROR(json::as_string(v, dp.key("description"), description));
      std::string cwe = cwe_id.empty() ? cwe_in(description) : cwe_id;
      if (!cwe.empty() && std::find(out.begin(), out.end(), cwe) == out.end()) out.push_back(std::move(cwe));
    }
  }
  return {};
}

std::string reference_type(const std::vector<std::string>& tags) {
  auto has = [&](std::string_view t) { return std::find(tags.begin(), tags.end(), t) != tags.end(); };
  if (has("patch")) return "FIX";
  if (has("vendor-advisory") || has("third-party-advisory")) return "ADVISORY";
  if (has("issue-tracking")) return "REPORT";
  if (has("exploit")) return "EVIDENCE";
  return "WEB";
}

// Known advisory pages name the record's other ids (GO-, GHSA-).
void alias_from_url(std::string_view url, std::vector<std::string>& aliases) {
  for (std::string_view prefix : {"https://pkg.go.dev/vuln/", "https://github.com/advisories/"}) {
    if (url.rfind(prefix, 0) != 0) continue;
    std::string id(url.substr(prefix.size()));
    if (!id.empty() && id.find('/') == std::string::npos &&
        std::find(aliases.begin(), aliases.end(), id) == aliases.end())
      aliases.push_back(std::move(id));
  }
}

Status read_references(Element e, const Path& p, Advisory& adv) {
  Array a;
  LD_RETURN_IF_ERROR(json::as_array(e, p, a));
  std::size_t i = 0;
  for (Element item : a) {
    Path ip = p.at(i++);
    Object o;
    LD_RETURN_IF_ERROR(json::as_object(item, ip, o));
    Reference r;
    Element v;
    if (!json::member(o, "url", v)) return json::required(ip.key("url"));
    LD_RETURN_IF_ERROR(json::as_string(v, ip.key("url"), r.url));
    std::vector<std::string> tags;
    if (json::member(o, "tags", v)) LD_RETURN_IF_ERROR(json::string_array(v, ip.key("tags"), tags));
    r.type = reference_type(tags);
    alias_from_url(r.url, adv.aliases);
    adv.references.push_back(std::move(r));
  }
  return {};
}

Status read_credits(Element e, const Path& p, std::vector<Credit>& out) {
  Array a;
  LD_RETURN_IF_ERROR(json::as_array(e, p, a));
  std::size_t i = 0;
  for (Element item : a) {
    Path ip = p.at(i++);
    Object o;
    LD_RETURN_IF_ERROR(json::as_object(item, ip, o));
    Credit c;
    Element v;
    if (!json::member(o, "value", v)) return json::required(ip.key("value"));
    LD_RETURN_IF_ERROR(json::as_string(v, ip.key("value"), c.name));
    if (json::member(o, "type", v)) {
      LD_RETURN_IF_ERROR(json::as_string(v, ip.key("type"), c.type));
      // "remediation developer" -> "REMEDIATION_DEVELOPER", OSV's spelling.
      for (char& ch : c.type) ch = ch == ' ' ? '_' : static_cast<char>(std::toupper(static_cast<unsigned char>(ch)));
    }
    out.push_back(std::move(c));
  }
  return {};
}

Status read_cna(Element e, const Path& p, Advisory& adv) {
  Object o;
  LD_RETURN_IF_ERROR(json::as_object(e, p, o));
  for (auto [key, value] : o) {
    Path kp = p.key(key);
    if (key == "title") {
      LD_RETURN_IF_ERROR(json::as_string(value, kp, adv.summary));
    } else if (key == "descriptions" || key == "rejectedReasons") {
      LD_RETURN_IF_ERROR(read_description(value, kp, adv.details));
    } else if (key == "affected") {
      Array a;
      LD_RETURN_IF_ERROR(json::as_array(value, kp, a));
      adv.affected.resize(a.size());
      std::size_t i = 0;
      for (Element item : a) {
        LD_RETURN_IF_ERROR(cve5_detail::read_affected(item, kp.at(i), adv.affected[i]));
        ++i;
      }
    } else if (key == "metrics") {
      LD_RETURN_IF_ERROR(read_metrics(value, kp, adv.severity));
    } else if (key == "problemTypes") {
      LD_RETURN_IF_ERROR(read_problem_types(value, kp, adv.cwes));
    } else if (key == "references") {
      LD_RETURN_IF_ERROR(read_references(value, kp, adv));
    } else if (key == "credits") {
      LD_RETURN_IF_ERROR(read_credits(value, kp, adv.credits));
    }
  }
  return {};
}

Status read_containers(Element e, const Path& p, Advisory& adv) {
  Object o;
  LD_RETURN_IF_ERROR(json::as_object(e, p, o));
  Element cna;
  if (!json::member(o, "cna", cna)) return json::required(p.key("cna"));
  LD_RETURN_IF_ERROR(read_cna(cna, p.key("cna"), adv));
  Element adp;
  if (!adv.severity.empty() || !json::member(o, "adp", adp)) return {};
  // Scores added by ADPs (CISA's Vulnrichment) when the CNA gave none.
  Array a;
  LD_RETURN_IF_ERROR(json::as_array(adp, p.key("adp"), a));
  std::size_t i = 0;
  for (Element item : a) {
    Path ip = p.key("adp").at(i++);
    Object ao;
    LD_RETURN_IF_ERROR(json::as_object(item, ip, ao));
    Element m;
    if (json::member(ao, "metrics", m)) LD_RETURN_IF_ERROR(read_metrics(m, ip.key("metrics"), adv.severity));
  }
  return {};
}

}  // namespace

Result<Advisory> read_cve5(std::string_view json_text) {
  LD_ASSIGN_OR_RETURN(Element doc, json::parse(json::thread_parser(), json_text));
  Path root;
  Object o;
  LD_RETURN_IF_ERROR(json::as_object(doc, root, o));
  Element v;
  std::string_view s;
  if (!json::member(o, "dataType", v)) return json::required(root.key("dataType"));
  LD_RETURN_IF_ERROR(json::as_string(v, root.key("dataType"), s));
  if (s != "CVE_RECORD")
    return json::error_at(root.key("dataType"), "bad_enum", "must be CVE_RECORD, not '" + std::string(s) + "'");
  if (!json::member(o, "dataVersion", v)) return json::required(root.key("dataVersion"));
  if (v.is_number()) return json::error_at(root.key("dataVersion"), "bad_type", "must be a string, not number");
  LD_RETURN_IF_ERROR(json::as_string(v, root.key("dataVersion"), s));
  if (s.rfind("5.", 0) != 0)
    return json::error_at(root.key("dataVersion"), "unsupported",
                          "CVE JSON " + std::string(s) + " is not supported (5.x only)");

  Advisory adv;
  adv.source = SourceFormat::cve5;
  Metadata meta;
  if (!json::member(o, "cveMetadata", v)) return json::required(root.key("cveMetadata"));
  LD_RETURN_IF_ERROR(read_metadata(v, root.key("cveMetadata"), meta));
  adv.id = meta.id;
  adv.published = meta.published;
  adv.modified = meta.updated ? *meta.updated : meta.published ? *meta.published : Time{};
  if (meta.state == "REJECTED") adv.withdrawn = meta.rejected ? *meta.rejected : adv.modified;
  if (!json::member(o, "containers", v)) return json::required(root.key("containers"));
  LD_RETURN_IF_ERROR(read_containers(v, root.key("containers"), adv));
  return adv;
}

}  // namespace loudong::formats
