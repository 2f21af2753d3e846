#include <map>
#include <regex>

#include "assessment/cwe_catalogue.h"
#include "domain/app_products.h"
#include "formats/csaf_check.h"
#include "formats/exports.h"
#include "formats/exports_internal.h"
#include "formats/timestamp.h"
#include "versions/purl.h"
#include "versions/vers.h"

namespace loudong::formats {

namespace {

using nlohmann::json;
using namespace exports;

// CSAF 2.0's cpe pattern (csaf_json_schema.json, product_identification_helper.cpe).
bool csaf_cpe(const std::string& cpe) {
  static const std::regex re(
      R"(^(cpe:2\.3:[aho\*\-](:(((\?*|\*?)([a-zA-Z0-9\-\._]|(\\[\\\*\?!"#\$%&'\(\)\+,/:;<=>@\[\]\^`\{\|\}~]))+(\?*|\*?))|[\*\-])){5}(:(([a-zA-Z]{2,3}(-([a-zA-Z]{2}|[0-9]{3}))?)|[\*\-]))(:(((\?*|\*?)([a-zA-Z0-9\-\._]|(\\[\\\*\?!"#\$%&'\(\)\+,/:;<=>@\[\]\^`\{\|\}~]))+(\?*|\*?))|[\*\-])){4})|([c][pP][eE]:/[AHOaho]?(:[A-Za-z0-9\._\-~%]*){0,6})$)");
  return std::regex_match(cpe, re);
}

// A CPE 2.3 name with its version field set, when it is "*" and has no
// escapes to confuse a plain split.
std::string cpe_at(const std::string& cpe, const std::string& version) {
  if (cpe.rfind("cpe:2.3:", 0) != 0 || cpe.find('\\') != std::string::npos || version.empty()) return cpe;
  std::vector<std::string> parts;
  std::size_t start = 0;
  for (;;) {
    auto colon = cpe.find(':', start);
    parts.push_back(cpe.substr(start, colon == std::string::npos ? std::string::npos : colon - start));
    if (colon == std::string::npos) break;
    start = colon + 1;
  }
  if (parts.size() != 13 || parts[5] != "*") return cpe;
  std::string v;
  for (char c : version) {
    bool plain = std::isalnum(static_cast<unsigned char>(c)) || c == '-' || c == '.' || c == '_';
    if (!plain) v += '\\';
    v += c;
  }
  parts[5] = v;
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) out += (i ? ":" : "") + parts[i];
  return csaf_cpe(out) ? out : cpe;
}

std::string tlp_label(const std::string& tlp) {
  if (tlp == "CLEAR" || tlp == "WHITE") return "WHITE";
  if (tlp == "GREEN" || tlp == "RED") return tlp;
  if (tlp == "AMBER" || tlp == "AMBER+STRICT") return "AMBER";
  return "";
}

struct Leaf {
  std::string category;  // product_version | product_version_range
  std::string name;      // the version or the vers range
  std::string id;
  json product;
};

struct ProductNode {
  std::string name;
  std::vector<Leaf> leaves;
};

struct VendorNode {
  std::string name;
  std::vector<ProductNode> products;
};

struct Tree {
  std::vector<VendorNode> vendors;
  std::vector<std::string> affected, fixed;  // product ids, in document order
  std::map<std::string, std::string> status;  // id -> "affected" | "fixed"
};

ProductNode& node_for(Tree& t, const std::string& vendor, const std::string& name) {
  auto v = std::find_if(t.vendors.begin(), t.vendors.end(), [&](const VendorNode& n) { return n.name == vendor; });
  if (v == t.vendors.end()) {
    t.vendors.push_back({vendor, {}});
    v = t.vendors.end() - 1;
  }
  auto p = std::find_if(v->products.begin(), v->products.end(), [&](const ProductNode& n) { return n.name == name; });
  if (p == v->products.end()) {
    v->products.push_back({name, {}});
    p = v->products.end() - 1;
  }
  return *p;
}

Status add_leaf(Tree& t, ProductNode& node, const std::string& vendor, const domain::AffectedProduct& p,
                const std::string& field, Leaf leaf, const std::string& status) {
  auto [it, inserted] = t.status.emplace(leaf.id, status);
  if (!inserted) {
    if (it->second != status)
      return Error::field(field, "contradiction", "'" + leaf.name + "' is listed both as affected and as fixed");
    return {};  // the same product twice: defined once
  }
  json product{{"name", vendor + " " + node.name + " " + leaf.name}, {"product_id", leaf.id}};
  json helper = json::object();
  bool exact = leaf.category == "product_version";
  if (!p.purl.empty()) helper["purl"] = exact ? purl_at(p.purl, leaf.name) : p.purl;
  if (!p.cpe.empty()) helper["cpe"] = exact ? cpe_at(p.cpe, leaf.name) : p.cpe;
  if (!helper.empty()) product["product_identification_helper"] = helper;
  leaf.product = std::move(product);
  (status == "fixed" ? t.fixed : t.affected).push_back(leaf.id);
  node.leaves.push_back(std::move(leaf));
  return {};
}

Result<Tree> build_tree(const domain::Advisory& a, const Publisher& pub) {
  Tree t;
  if (a.affected.empty())
    return Error::field("affected", "required", "a CSAF security advisory needs at least one affected product");
  for (std::size_t i = 0; i < a.affected.size(); ++i) {
    const auto& p = a.affected[i];
    std::string f = "affected[" + std::to_string(i) + "]";
    std::string vendor = !p.vendor.empty() ? p.vendor : !a.publisher.empty() ? a.publisher : pub.name;
    std::string name = p.name;
    std::string scheme = "generic";
    if (!p.purl.empty()) {
      auto parsed = versions::parse_purl(p.purl, versions::PurlMode::lenient);
      if (!parsed.ok()) return Error::field(f + ".purl", "bad_purl", parsed.error().message());
      if (!parsed->version.empty())
        return Error::field(f + ".purl", "bad_purl", "the purl names the package without a version");
      if (name.empty()) name = parsed->name;
      scheme = parsed->type;
    }
    if (vendor.empty()) return Error::field(f + ".vendor", "required", "the product's vendor is needed");
    if (name.empty()) return Error::field(f + ".name", "required", "the product's name is needed");
    if (!p.cpe.empty() && !csaf_cpe(p.cpe))
      return Error::field(f + ".cpe", "bad_cpe", "'" + p.cpe + "' is not a CPE 2.3 (or 2.2 URI) name");
    ProductNode& node = node_for(t, vendor, name);
    std::string base = vendor + "/" + name + "@";
    if (!p.range.empty()) {
      auto r = versions::parse_vers(p.range);
      if (!r.ok()) return Error::field(f + ".range", "bad_range", r.error().message());
      std::string canonical = versions::to_string(*r);
      LD_RETURN_IF_ERROR(add_leaf(t, node, vendor, p, f + ".range", {"product_version_range", canonical, base + canonical, {}},
                                  "affected"));
    }
    for (std::size_t j = 0; j < p.versions.size(); ++j) {
      const auto& v = p.versions[j];
      std::string vf = f + ".versions[" + std::to_string(j) + "]";
      if (v.empty()) return Error::field(vf, "required", "an empty version");
      LD_RETURN_IF_ERROR(add_leaf(t, node, vendor, p, vf, {"product_version", v, base + v, {}}, "affected"));
    }
    if (p.range.empty() && p.versions.empty()) {
      // No version known: every version is affected.
      std::string all = "vers:" + scheme + "/*";
      LD_RETURN_IF_ERROR(add_leaf(t, node, vendor, p, f, {"product_version_range", all, base + all, {}}, "affected"));
    }
    if (!p.fixed_version.empty())
      LD_RETURN_IF_ERROR(add_leaf(t, node, vendor, p, f + ".fixed_version",
                                  {"product_version", p.fixed_version, base + p.fixed_version, {}}, "fixed"));
  }
  return t;
}

json tree_json(const Tree& t) {
  json vendors = json::array();
  for (const auto& v : t.vendors) {
    json products = json::array();
    for (const auto& p : v.products) {
      json leaves = json::array();
      for (const auto& l : p.leaves) leaves.push_back({{"category", l.category}, {"name", l.name}, {"product", l.product}});
      products.push_back({{"category", "product_name"}, {"name", p.name}, {"branches", leaves}});
    }
    vendors.push_back({{"category", "vendor"}, {"name", v.name}, {"branches", products}});
  }
  return {{"branches", vendors}};
}

struct Titles {
  const char* summary;
  const char* description;
  const char* impact;
  const char* existence;
  const char* detection;
  const char* solution;
};
const Titles kZh{"漏洞描述", "漏洞描述", "危害", "存在性说明", "检测方法", "解决方案"};
const Titles kEn{"Summary", "Description", "Impact", "Existence statement", "Detection", "Solution"};

void add_note(json& notes, const char* category, const char* title, const std::string& text) {
  if (!text.empty()) notes.push_back({{"category", category}, {"title", title}, {"text", text}});
}

void document_notes(json& notes, const domain::AdvisoryText& t, const Titles& titles) {
  add_note(notes, "summary", titles.summary, t.summary);
  add_note(notes, "details", titles.impact, t.impact);
  add_note(notes, "details", titles.existence, t.existence_statement);
  add_note(notes, "faq", titles.detection, t.detection);
}

// Apps and mini-programs (R-APPS): CSAF's product_identification_helper has
// no field for a store package or mini-program id and purl-spec has no type
// for app stores (apk is Alpine's), so the ids are a document note, one line
// per app product: "Acme Pay: android com.example.pay 3.2.1".
std::string app_items(const domain::Advisory& a) {
  std::string s;
  for (const auto& p : a.affected)
    if (auto label = domain::app_label(p.app_platform, p.app_id, p.app_store_version); !label.empty())
      s += (s.empty() ? "" : "\n") + p.name + ": " + label;
  return s;
}

std::string gbt_items(const domain::Advisory& a) {
  std::string s;
  auto line = [&](const char* label, const std::string& v) {
    if (!v.empty()) s += std::string(s.empty() ? "" : "\n") + label + ": " + v;
  };
  line("发布者 Publisher", a.publisher);
  line("验证者 Verifier", a.verifier);
  line("漏洞类别 Class (GB/T 30279)", a.gbt_class);
  line("漏洞等级 Grade", grade_label(a));
  std::string ids;
  for (const auto& id : a.external_ids) ids += (ids.empty() ? "" : ", ") + id;
  line("相关编号 Related ids", ids);
  return s;
}

std::string credit_summary(const std::string& role) {
  if (role == "finder") return "发现者 / finder";
  if (role == "coordinator") return "协调者 / coordinator";
  if (role == "remediation_developer") return "修复开发者 / remediation developer";
  return "其他 / other";
}

}  // namespace

std::string csaf_path(const domain::Advisory& a) {
  std::string name;
  for (char c : a.ref) {
    char l = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    bool keep = (l >= 'a' && l <= 'z') || (l >= '0' && l <= '9') || l == '+' || l == '-';
    name += keep ? l : '_';
  }
  auto days = std::chrono::floor<std::chrono::days>(initial_release(a));
  int year = static_cast<int>(std::chrono::year_month_day(days).year());
  return std::to_string(year) + "/" + name + ".json";
}

Result<json> write_csaf(const domain::Advisory& a, const Publisher& pub) {
  LD_RETURN_IF_ERROR(check_exportable(a));
  if (pub.name.empty()) return Error::field("publisher.name", "required", "the publisher's name is needed");
  if (pub.namespace_url.empty())
    return Error::field("publisher.namespace_url", "required", "the publisher's namespace (a URL) is needed");
  if (pub.category != "vendor" && pub.category != "coordinator")
    return Error::field("publisher.category", "bad_value", "vendor or coordinator");
  std::string tlp = tlp_label(a.tlp);
  if (tlp.empty()) return Error::field("tlp", "bad_value", "'" + a.tlp + "' is not a TLP label (CLEAR, GREEN, AMBER, RED)");
  LD_ASSIGN_OR_RETURN(auto v3, cvss31(a));
  LD_ASSIGN_OR_RETURN(auto v4, cvss40(a));
  LD_ASSIGN_OR_RETURN(Tree tree, build_tree(a, pub));

  bool zh = chinese_first(a);
  const auto& first = primary_text(a);
  const auto& second = secondary_text(a);
  const Titles& t1 = zh ? kZh : kEn;
  const Titles& t2 = zh ? kEn : kZh;
  bool published = a.state == domain::AdvisoryState::published || a.state == domain::AdvisoryState::withdrawn;

  // Tracking: a draft before the first publication is version "0".
  json history = json::array();
  for (const auto& h : a.history)
    history.push_back({{"number", std::to_string(h.number)},
                       {"date", format_timestamp(h.at)},
                       {"summary", h.change.empty() ? "Revision " + std::to_string(h.number) : h.change}});
  std::string version = std::to_string(a.revision);
  if (history.empty()) {
    version = "0";
    history.push_back({{"number", "0"}, {"date", format_timestamp(a.updated_at)}, {"summary", "Draft (not published)"}});
  }
  json tracking{{"id", a.ref},
                {"status", published ? "final" : "draft"},
                {"version", version},
                {"initial_release_date", format_timestamp(initial_release(a))},
                {"current_release_date", format_timestamp(current_release(a))},
                {"revision_history", history},
                {"generator", {{"engine", {{"name", "loudong"}, {"version", "0.1.0"}}}}}};

  json publisher{{"category", pub.category}, {"name", pub.name}, {"namespace", pub.namespace_url}};
  if (!pub.contact.empty()) publisher["contact_details"] = pub.contact;

  json notes = json::array();
  document_notes(notes, first, t1);
  document_notes(notes, second, t2);
  add_note(notes, "general", "GB/T 28458", gbt_items(a));
  add_note(notes, "other", "应用标识 App identifiers", app_items(a));

  json references = json::array();
  if (!pub.base_url.empty())
    references.push_back({{"category", "self"}, {"summary", "本公告 / This advisory"}, {"url", pub.base_url + "/" + csaf_path(a)}});
  for (const auto& r : a.references)
    references.push_back({{"category", "external"}, {"summary", r.summary.empty() ? r.kind : r.summary}, {"url", r.url}});

  json document{{"category", "csaf_security_advisory"},
                {"csaf_version", "2.0"},
                {"lang", zh ? "zh" : "en"},
                {"title", first.title},
                {"publisher", publisher},
                {"tracking", tracking},
                {"distribution", {{"text", "TLP:" + a.tlp}, {"tlp", {{"label", tlp}, {"url", "https://www.first.org/tlp/"}}}}}};
  if (!notes.empty()) document["notes"] = notes;
  if (!references.empty()) document["references"] = references;
  if (a.grade) document["aggregate_severity"] = {{"text", grade_label(a)}};

  // The vulnerability.
  json vuln{{"title", first.title}};
  auto cves = cve_ids(a);
  if (!cves.empty()) vuln["cve"] = cves.front();
  json ids = json::array();
  for (const auto& id : a.external_ids)
    if (cves.empty() || id != cves.front()) ids.push_back({{"system_name", id_system(id)}, {"text", id}});
  if (!ids.empty()) vuln["ids"] = ids;
  if (a.cwe)
    if (const auto* e = assessment::find_cwe(*a.cwe))
      vuln["cwe"] = {{"id", "CWE-" + std::to_string(*a.cwe)}, {"name", std::string(e->name_en)}};
  json vnotes = json::array();
  add_note(vnotes, "description", t1.description, first.summary.empty() ? first.title : first.summary);
  add_note(vnotes, "description", t2.description, second.summary);
  if (a.cwe && !vuln.contains("cwe"))
    add_note(vnotes, "other", "CWE", "CWE-" + std::to_string(*a.cwe));
  if (v4) {
    char score[16];
    std::snprintf(score, sizeof score, "%.1f", v4->score);
    add_note(vnotes, "other", "CVSS v4.0", v4->vector + " (" + score + " " + v4->severity + ")");
  }
  vuln["notes"] = vnotes;
  if (published) vuln["release_date"] = format_timestamp(initial_release(a));
  json status = json::object();
  if (!tree.affected.empty()) status["known_affected"] = tree.affected;
  if (!tree.fixed.empty()) status["fixed"] = tree.fixed;
  vuln["product_status"] = status;
  if (v3 && !tree.affected.empty())
    vuln["scores"] = json::array({{{"products", tree.affected},
                                   {"cvss_v3",
                                    {{"version", v3->version},
                                     {"vectorString", v3->vector},
                                     {"baseScore", v3->base_score},
                                     {"baseSeverity", v3->base_severity}}}}});
  std::string solution = join_texts(first.solution, second.solution);
  if (!solution.empty() && !tree.affected.empty()) {
    json rem{{"category", tree.fixed.empty() ? "mitigation" : "vendor_fix"},
             {"details", solution},
             {"product_ids", tree.affected}};
    for (const auto& r : a.references)
      if (r.kind == "fix") {
        rem["url"] = r.url;
        break;
      }
    vuln["remediations"] = json::array({rem});
  }
  if (a.grade && !tree.affected.empty())
    vuln["threats"] = json::array({{{"category", "impact"}, {"details", grade_label(a)}, {"product_ids", tree.affected}}});
  json acks = json::array();
  for (const auto& c : a.credits)
    if (!c.name.empty()) acks.push_back({{"names", json::array({c.name})}, {"summary", credit_summary(c.role)}});
  if (!acks.empty()) vuln["acknowledgments"] = acks;

  json doc{{"document", document}, {"product_tree", tree_json(tree)}, {"vulnerabilities", json::array({vuln})}};
  // The writer's own guarantee: nothing leaves that fails a mandatory test.
  auto problems = csaf_mandatory_problems(doc);
  if (!problems.empty()) {
    std::vector<FieldError> fields;
    for (const auto& p : problems) fields.push_back({p.path, "csaf_" + p.rule, p.rule + ": " + p.message});
    return Error::from_fields(std::move(fields), "csaf_mandatory_test");
  }
  return doc;
}

}  // namespace loudong::formats
