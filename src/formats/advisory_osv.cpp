#include <algorithm>
#include <map>

#include "formats/exports.h"
#include "formats/exports_internal.h"
#include "formats/json_write.h"
#include "formats/osv.h"
#include "versions/purl.h"

namespace loudong::formats {

namespace {

using namespace exports;

// OSV ecosystems by purl type (osv-schema ecosystems.json); types without
// one (generic, deb without a release, ...) are not written to OSV.
std::string ecosystem_of_purl(const std::string& type) {
  static const std::map<std::string, std::string> m{
      {"maven", "Maven"},  {"npm", "npm"},        {"pypi", "PyPI"},         {"golang", "Go"},
      {"cargo", "crates.io"}, {"gem", "RubyGems"}, {"nuget", "NuGet"},      {"composer", "Packagist"},
      {"pub", "Pub"},      {"hex", "Hex"},        {"cran", "CRAN"},         {"conan", "ConanCenter"},
      {"hackage", "Hackage"}, {"swift", "SwiftURL"}, {"deb", "Debian"},     {"apk", "Alpine"}};
  auto it = m.find(type);
  return it == m.end() ? "" : it->second;
}

std::string osv_name(const versions::PackageUrl& p) {
  if (p.namespace_.empty() || p.type == "deb" || p.type == "apk") return p.name;
  return p.namespace_ + (p.type == "maven" ? ":" : "/") + p.name;
}

bool semver_scheme(const std::string& scheme) {
  return scheme == "npm" || scheme == "cargo" || scheme == "golang" || scheme == "semver";
}

std::string osv_version(const std::string& scheme, const std::string& v) {
  // Go's OSV records write module versions without the "v".
  if (scheme == "golang" && v.size() > 1 && v[0] == 'v') return v.substr(1);
  return v;
}

std::string reference_type(const std::string& kind) {
  if (kind == "advisory") return "ADVISORY";
  if (kind == "fix") return "FIX";
  if (kind == "report") return "REPORT";
  return "WEB";
}

std::string credit_type(const std::string& role) {
  if (role == "finder") return "FINDER";
  if (role == "coordinator") return "COORDINATOR";
  if (role == "remediation_developer") return "REMEDIATION_DEVELOPER";
  return "OTHER";
}

}  // namespace

Result<Advisory> advisory_to_osv(const domain::Advisory& a, const Publisher& pub) {
  LD_RETURN_IF_ERROR(check_exportable(a));
  LD_ASSIGN_OR_RETURN(auto v3, cvss31(a));
  LD_ASSIGN_OR_RETURN(auto v4, cvss40(a));
  Advisory o;
  o.source = SourceFormat::osv;
  o.schema_version = "1.6.0";
  // "x_" is OSV's prefix for databases without a registered one.
  o.id = "x_" + a.ref;
  o.modified = current_release(a);
  if (a.published_at || !a.history.empty()) o.published = initial_release(a);
  if (a.state == domain::AdvisoryState::withdrawn) o.withdrawn = current_release(a);
  o.aliases = a.external_ids;
  o.summary = a.en.title.empty() ? a.zh.title : a.en.title;
  o.details = join_texts(join_texts(a.en.summary, a.en.solution), join_texts(a.zh.summary, a.zh.solution));
  if (v3) o.severity.push_back({"CVSS_V3", v3->vector});
  if (v4) o.severity.push_back({"CVSS_V4", v4->vector});

  for (std::size_t i = 0; i < a.affected.size(); ++i) {
    const auto& p = a.affected[i];
    if (p.purl.empty()) continue;
    std::string f = "affected[" + std::to_string(i) + "]";
    auto purl = versions::parse_purl(p.purl, versions::PurlMode::lenient);
    if (!purl.ok()) return Error::field(f + ".purl", "bad_purl", purl.error().message());
    std::string eco = ecosystem_of_purl(purl->type);
    if (eco.empty()) continue;
    Affected af;
    af.package = {eco, osv_name(*purl), versions::to_string(*purl)};
    std::string scheme = purl->type;
    Range range;
    if (!p.range.empty()) {
      LD_ASSIGN_OR_RETURN(VersParts parts, split_vers(p.range, f + ".range"));
      scheme = parts.scheme;
      range.type = semver_scheme(scheme) ? RangeType::semver : RangeType::ecosystem;
      // OSV forbids fixed and last_affected in one range: intervals with
      // different kinds of upper bound go into ranges of their own.
      bool mixed = std::any_of(parts.intervals.begin(), parts.intervals.end(), [](auto& i) { return i.to_inclusive; }) &&
                   std::any_of(parts.intervals.begin(), parts.intervals.end(),
                               [](auto& i) { return !i.to_inclusive && !i.to.empty(); });
      for (const auto& iv : parts.intervals) {
        if (mixed && !range.events.empty()) {
          af.ranges.push_back(range);
          range.events.clear();
        }
        range.events.push_back({EventKind::introduced, osv_version(scheme, iv.from)});
        if (!iv.to.empty())
          range.events.push_back(
              {iv.to_inclusive ? EventKind::last_affected : EventKind::fixed, osv_version(scheme, iv.to)});
      }
      for (const auto& e : parts.exact) af.versions.push_back(osv_version(scheme, e));
    } else if (p.versions.empty()) {
      // No version known: all versions, up to the fix if there is one.
      range.type = semver_scheme(scheme) ? RangeType::semver : RangeType::ecosystem;
      range.events.push_back({EventKind::introduced, "0"});
    }
    // The fix closes a range left open.
    if (!range.events.empty() && range.events.back().kind == EventKind::introduced && !p.fixed_version.empty())
      range.events.push_back({EventKind::fixed, osv_version(scheme, p.fixed_version)});
    if (!range.events.empty()) af.ranges.push_back(std::move(range));
    for (const auto& v : p.versions) af.versions.push_back(osv_version(scheme, v));
    o.affected.push_back(std::move(af));
  }
  if (o.affected.empty())
    return Error::unprocessable("affected: no product has a package URL of an OSV ecosystem, so there is no OSV record",
                                "no_package")
        .add_field({"affected", "no_package", "no package"});

  if (!pub.base_url.empty()) o.references.push_back({"ADVISORY", pub.base_url + "/" + csaf_path(a)});
  for (const auto& r : a.references) o.references.push_back({reference_type(r.kind), r.url});
  for (const auto& c : a.credits)
    if (!c.name.empty()) o.credits.push_back({c.name, {}, credit_type(c.role)});

  JsonWriter w;
  w.begin_object().key("source").value("loudong");
  if (a.grade) {
    w.key("grade").value(assessment::grade_code(*a.grade));
    w.key("grade_zh").value(assessment::grade_name_zh(*a.grade));
  }
  if (a.cwe) {
    // Where OSV databases keep CWEs; read_osv reads them into cwes.
    o.cwes = {"CWE-" + std::to_string(*a.cwe)};
    w.field("cwe_ids", o.cwes);
  }
  w.field("gbt_class", a.gbt_class);
  w.end_object();
  o.database_specific = std::move(w).str();
  return o;
}

Result<std::string> write_advisory_osv(const domain::Advisory& a, const Publisher& pub) {
  LD_ASSIGN_OR_RETURN(Advisory o, advisory_to_osv(a, pub));
  return write_osv(o);
}

}  // namespace loudong::formats
