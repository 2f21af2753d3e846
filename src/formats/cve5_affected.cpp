#include <array>

#include "formats/cve5_internal.h"
#include "formats/json_write.h"

namespace loudong::formats::cve5_detail {

namespace {

using json::Array;
using json::Element;
using json::Object;
using json::Path;

struct Collection {
  std::string_view url_part;  // matched inside collectionURL
  std::string_view ecosystem;
};

// Package registries as CNAs write them in collectionURL.
constexpr std::array kCollections{
    Collection{"pkg.go.dev", "Go"},          Collection{"proxy.golang.org", "Go"},
    Collection{"pypi.org", "PyPI"},          Collection{"npmjs.com", "npm"},
    Collection{"npmjs.org", "npm"},          Collection{"repo.maven.apache.org", "Maven"},
    Collection{"repo1.maven.org", "Maven"},  Collection{"search.maven.org", "Maven"},
    Collection{"crates.io", "crates.io"},    Collection{"rubygems.org", "RubyGems"},
    Collection{"nuget.org", "NuGet"},        Collection{"packagist.org", "Packagist"},
    Collection{"pub.dev", "Pub"},            Collection{"hex.pm", "Hex"},
    Collection{"cran.r-project.org", "CRAN"},
};

std::string ecosystem_of(std::string_view collection_url) {
  for (const auto& c : kCollections)
    if (collection_url.find(c.url_part) != std::string_view::npos) return std::string(c.ecosystem);
  return {};
}

struct VersionEntry {
  std::string version, status, version_type, less_than, less_than_or_equal;
  bool has_less_than = false, has_less_than_or_equal = false;
};

Status read_version(Element e, const Path& p, VersionEntry& v) {
  Object o;
  LD_RETURN_IF_ERROR(json::as_object(e, p, o));
  bool has_version = false, has_status = false;
  for (auto [key, value] : o) {
    Path kp = p.key(key);
    if (key == "version") {
      LD_RETURN_IF_ERROR(json::as_string(value, kp, v.version));
      has_version = true;
    } else if (key == "status") {
      LD_RETURN_IF_ERROR(json::as_string(value, kp, v.status));
      if (v.status != "affected" && v.status != "unaffected" && v.status != "unknown")
        return json::error_at(kp, "bad_enum", "unknown status '" + v.status + "' (affected, unaffected or unknown)");
      has_status = true;
    } else if (key == "versionType") {
      LD_RETURN_IF_ERROR(json::as_string(value, kp, v.version_type));
    } else if (key == "lessThan") {
      LD_RETURN_IF_ERROR(json::as_string(value, kp, v.less_than));
      v.has_less_than = true;
    } else if (key == "lessThanOrEqual") {
      LD_RETURN_IF_ERROR(json::as_string(value, kp, v.less_than_or_equal));
      v.has_less_than_or_equal = true;
    }
  }
  if (!has_version) return json::required(p.key("version"));
  if (!has_status) return json::required(p.key("status"));
  if (v.has_less_than && v.has_less_than_or_equal)
    return json::error_at(p, "bad_range", "must not have both lessThan and lessThanOrEqual");
  return {};
}

Range range_for(const VersionEntry& v, const std::string& repo) {
  Range r;
  if (v.version_type == "semver") {
    r.type = RangeType::semver;
  } else if (v.version_type == "git") {
    r.type = RangeType::git;
    r.repo = repo;
  } else {
    r.type = RangeType::ecosystem;
    r.scheme = v.version_type;  // empty: the package's ecosystem orders it
  }
  return r;
}

void add_entry(const VersionEntry& v, const std::string& default_status, const std::string& repo, Affected& out) {
  bool bounded = v.has_less_than || v.has_less_than_or_equal;
  if (v.status == "affected") {
    if (!bounded) {
      out.versions.push_back(v.version);
      return;
    }
    Range r = range_for(v, repo);
    r.events.push_back({EventKind::introduced, v.version});
    if (v.has_less_than && v.less_than != "*") r.events.push_back({EventKind::fixed, v.less_than});
    if (v.has_less_than_or_equal && v.less_than_or_equal != "*")
      r.events.push_back({EventKind::last_affected, v.less_than_or_equal});
    out.ranges.push_back(std::move(r));
  } else if (v.status == "unaffected" && default_status == "affected" && v.version == "0" && v.has_less_than &&
             v.less_than != "*") {
    // Everything from the bound on falls back to the default: affected.
    Range r = range_for(v, repo);
    r.events.push_back({EventKind::introduced, v.less_than});
    out.ranges.push_back(std::move(r));
  }
  // Other unaffected / unknown entries only restate the default or cannot
  // be expressed as OSV events; the raw record keeps them.
}

}  // namespace

Status read_affected(Element e, const Path& p, Affected& out) {
  Object o;
  LD_RETURN_IF_ERROR(json::as_object(e, p, o));
  std::string vendor, product, package_name, collection_url, repo, default_status;
  std::vector<VersionEntry> entries;
  for (auto [key, value] : o) {
    Path kp = p.key(key);
    if (key == "vendor") {
      LD_RETURN_IF_ERROR(json::as_string(value, kp, vendor));
    } else if (key == "product") {
      LD_RETURN_IF_ERROR(json::as_string(value, kp, product));
    } else if (key == "packageName") {
      LD_RETURN_IF_ERROR(json::as_string(value, kp, package_name));
    } else if (key == "collectionURL") {
      LD_RETURN_IF_ERROR(json::as_string(value, kp, collection_url));
    } else if (key == "repo") {
      LD_RETURN_IF_ERROR(json::as_string(value, kp, repo));
    } else if (key == "defaultStatus") {
      LD_RETURN_IF_ERROR(json::as_string(value, kp, default_status));
    } else if (key == "versions") {
      Array a;
      LD_RETURN_IF_ERROR(json::as_array(value, kp, a));
      entries.resize(a.size());
      std::size_t i = 0;
      for (Element v : a) {
        LD_RETURN_IF_ERROR(read_version(v, kp.at(i), entries[i]));
        ++i;
      }
    }
  }
  if (package_name.empty() && product.empty())
    return json::error_at(p, "required", "needs a product or a packageName");
  out.package.ecosystem = ecosystem_of(collection_url);
  out.package.name = package_name.empty() ? product : package_name;
  for (const auto& v : entries) add_entry(v, default_status, repo, out);
  if (entries.empty() && default_status == "affected")
    out.ranges.push_back(Range{RangeType::ecosystem, {}, {}, {{EventKind::introduced, "0"}}, {}});

  JsonWriter w;
  w.begin_object();
  w.field("vendor", vendor).field("product", product).field("collectionURL", collection_url);
  w.field("repo", repo).field("defaultStatus", default_status);
  w.end_object();
  out.database_specific = std::move(w).str();
  return {};
}

}  // namespace loudong::formats::cve5_detail
