#include <algorithm>
#include <cmath>
#include <map>

#include "assessment/cwe_catalogue.h"
#include "domain/external_ids.h"
#include "formats/exports.h"
#include "formats/exports_internal.h"
#include "formats/timestamp.h"
#include "versions/purl.h"

namespace loudong::formats {

namespace {

using nlohmann::json;
using namespace exports;

// Registries as CVE records name them in collectionURL; cve5_read maps
// these back to OSV ecosystems.
std::string collection_url(const std::string& purl_type) {
  static const std::map<std::string, std::string> urls{
      {"maven", "https://repo.maven.apache.org/maven2"}, {"npm", "https://www.npmjs.com"},
      {"pypi", "https://pypi.org"},                      {"golang", "https://pkg.go.dev"},
      {"cargo", "https://crates.io"},                    {"gem", "https://rubygems.org"},
      {"nuget", "https://www.nuget.org"},                {"composer", "https://packagist.org"},
      {"pub", "https://pub.dev"},                        {"hex", "https://hex.pm"},
      {"cran", "https://cran.r-project.org"}};
  auto it = urls.find(purl_type);
  return it == urls.end() ? "" : it->second;
}

// The package name as the registry writes it: "group:artifact" for Maven,
// "@scope/name" for npm, "namespace/name" elsewhere.
std::string package_name(const versions::PackageUrl& p) {
  if (p.namespace_.empty()) return p.name;
  return p.namespace_ + (p.type == "maven" ? ":" : "/") + p.name;
}

double one_decimal(double x) { return std::round(x * 10.0) / 10.0; }

json reference_tags(const std::string& kind) {
  if (kind == "advisory") return json::array({"vendor-advisory"});
  if (kind == "fix") return json::array({"patch"});
  if (kind == "report") return json::array({"technical-description"});
  return json::array();
}

}  // namespace

Result<json> write_cve5(const domain::Advisory& a, const Publisher& pub) {
  LD_RETURN_IF_ERROR(check_exportable(a));
  auto cves = cve_ids(a);
  if (cves.empty())
    return Error::unprocessable("external_ids: the advisory has no CVE id, so there is no CVE record to write",
                                "no_cve_id")
        .add_field({"external_ids", "no_cve_id", "no CVE id"});
  if (pub.cve_org_id.empty())
    return Error::unprocessable(
               "publisher.cve_org_id: a CVE record needs the CNA's organisation UUID (--cna-org-id)", "no_cna_org_id")
        .add_field({"publisher.cve_org_id", "required", "the CNA's organisation UUID"});
  if (a.en.summary.empty() && a.en.title.empty())
    return Error::field("en.summary", "required", "a CVE record needs an English description");
  LD_ASSIGN_OR_RETURN(auto v3, cvss31(a));
  LD_ASSIGN_OR_RETURN(auto v4, cvss40(a));

  json affected = json::array();
  for (std::size_t i = 0; i < a.affected.size(); ++i) {
    const auto& p = a.affected[i];
    std::string f = "affected[" + std::to_string(i) + "]";
    json entry{{"vendor", !p.vendor.empty() ? p.vendor : !a.publisher.empty() ? a.publisher : pub.name},
               {"defaultStatus", "unaffected"}};
    std::string scheme = "custom";
    if (!p.purl.empty()) {
      auto parsed = versions::parse_purl(p.purl, versions::PurlMode::lenient);
      if (!parsed.ok()) return Error::field(f + ".purl", "bad_purl", parsed.error().message());
      entry["packageName"] = package_name(*parsed);
      if (auto url = collection_url(parsed->type); !url.empty()) entry["collectionURL"] = url;
      scheme = parsed->type;
    } else if (!p.app_id.empty()) {
      // An app (R-APPS): CVE 5's package name and platform fields; no purl
      // type exists for app stores, so there is no collection URL.
      entry["packageName"] = p.app_id;
      if (!p.app_platform.empty()) entry["platforms"] = json::array({p.app_platform});
    }
    entry["product"] = !p.name.empty() ? p.name : entry.value("packageName", std::string());
    if (entry["product"].get<std::string>().empty()) return Error::field(f + ".name", "required", "the product's name is needed");
    if (!p.cpe.empty()) entry["cpes"] = json::array({p.cpe});
    json versions = json::array();
    if (!p.range.empty()) {
      LD_ASSIGN_OR_RETURN(VersParts parts, split_vers(p.range, f + ".range"));
      for (const auto& iv : parts.intervals) {
        json v{{"version", iv.from}, {"status", "affected"}, {"versionType", parts.scheme}};
        v[iv.to_inclusive ? "lessThanOrEqual" : "lessThan"] = iv.to.empty() ? "*" : iv.to;
        versions.push_back(v);
      }
      for (const auto& e : parts.exact) versions.push_back({{"version", e}, {"status", "affected"}});
    }
    for (const auto& v : p.versions) versions.push_back({{"version", v}, {"status", "affected"}});
    if (p.range.empty() && p.versions.empty()) entry["defaultStatus"] = "affected";  // no version known: all
    if (!p.fixed_version.empty()) {
      if (entry["defaultStatus"] == "affected")
        versions.push_back({{"version", "0"}, {"status", "unaffected"}, {"lessThan", p.fixed_version},
                            {"versionType", scheme}});
      else
        versions.push_back({{"version", p.fixed_version}, {"status", "unaffected"}});
    }
    if (!versions.empty()) entry["versions"] = versions;
    affected.push_back(entry);
  }
  if (affected.empty()) return Error::field("affected", "required", "a CVE record names at least one affected product");

  json descriptions = json::array();
  descriptions.push_back({{"lang", "en"}, {"value", a.en.summary.empty() ? a.en.title : a.en.summary}});
  if (!a.zh.summary.empty() || !a.zh.title.empty())
    descriptions.push_back({{"lang", "zh"}, {"value", a.zh.summary.empty() ? a.zh.title : a.zh.summary}});

  json cna{{"providerMetadata", {{"orgId", pub.cve_org_id}, {"dateUpdated", format_timestamp(current_release(a))}}},
           {"title", a.en.title.empty() ? a.zh.title : a.en.title},
           {"descriptions", descriptions},
           {"affected", affected}};
  if (!pub.cve_short_name.empty()) cna["providerMetadata"]["shortName"] = pub.cve_short_name;
  if (a.published_at || !a.history.empty()) cna["datePublic"] = format_timestamp(initial_release(a));
  if (a.cwe) {
    const auto* e = assessment::find_cwe(*a.cwe);
    std::string id = "CWE-" + std::to_string(*a.cwe);
    cna["problemTypes"] = json::array({{{"descriptions", json::array({{{"lang", "en"},
                                                                        {"type", "CWE"},
                                                                        {"cweId", id},
                                                                        {"description", e ? id + " " + std::string(e->name_en) : id}}})}}});
  }
  json metrics = json::array();
  if (v3)
    metrics.push_back({{"format", "CVSS"},
                       {"scenarios", json::array({{{"lang", "en"}, {"value", "GENERAL"}}})},
                       {v3->version == "3.0" ? "cvssV3_0" : "cvssV3_1",
                        {{"version", v3->version},
                         {"vectorString", v3->vector},
                         {"baseScore", one_decimal(v3->base_score)},
                         {"baseSeverity", v3->base_severity}}}});
  if (v4)
    metrics.push_back({{"format", "CVSS"},
                       {"scenarios", json::array({{{"lang", "en"}, {"value", "GENERAL"}}})},
                       {"cvssV4_0",
                        {{"version", "4.0"},
                         {"vectorString", v4->vector},
                         {"baseScore", one_decimal(v4->score)},
                         {"baseSeverity", v4->severity}}}});
  if (!metrics.empty()) cna["metrics"] = metrics;
  json solutions = json::array();
  if (!a.en.solution.empty()) solutions.push_back({{"lang", "en"}, {"value", a.en.solution}});
  if (!a.zh.solution.empty()) solutions.push_back({{"lang", "zh"}, {"value", a.zh.solution}});
  if (!solutions.empty()) cna["solutions"] = solutions;
  json refs = json::array();
  if (!pub.base_url.empty())
    refs.push_back({{"url", pub.base_url + "/" + csaf_path(a)}, {"name", a.ref}, {"tags", json::array({"vendor-advisory"})}});
  for (const auto& r : a.references) {
    json ref{{"url", r.url}};
    if (!r.summary.empty()) ref["name"] = r.summary;
    if (auto tags = reference_tags(r.kind); !tags.empty()) ref["tags"] = tags;
    refs.push_back(ref);
  }
  // The record is the first CVE id's; every other id (R-IDS) travels as a
  // reference to its registry's page where it has one, and all of them in
  // x_relatedIds (the schema's extension space), so none is dropped.
  json related = json::array();
  for (const auto& id : a.external_ids) {
    if (id == cves.front()) continue;
    related.push_back(id);
    auto url = domain::external_id_url(id);
    bool listed = std::any_of(refs.begin(), refs.end(), [&](const json& r) { return r["url"] == url; });
    if (!url.empty() && !listed) refs.push_back({{"url", url}, {"name", id}});
  }
  if (refs.empty()) return Error::field("references", "required", "a CVE record needs at least one reference (or publisher.base_url)");
  cna["references"] = refs;
  if (!related.empty()) cna["x_relatedIds"] = related;
  json credits = json::array();
  for (const auto& c : a.credits)
    if (!c.name.empty()) credits.push_back(
          {{"lang", "en"}, {"value", c.name}, {"type", c.role == "remediation_developer" ? "remediation developer" : c.role}});
  if (!credits.empty()) cna["credits"] = credits;

  json meta{{"cveId", cves.front()},
            {"assignerOrgId", pub.cve_org_id},
            {"state", "PUBLISHED"},
            {"dateUpdated", format_timestamp(current_release(a))}};
  if (!pub.cve_short_name.empty()) meta["assignerShortName"] = pub.cve_short_name;
  if (a.published_at || !a.history.empty()) meta["datePublished"] = format_timestamp(initial_release(a));
  return json{{"dataType", "CVE_RECORD"}, {"dataVersion", "5.1"}, {"cveMetadata", meta}, {"containers", {{"cna", cna}}}};
}

}  // namespace loudong::formats
