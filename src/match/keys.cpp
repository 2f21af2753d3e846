#include "match/keys.h"

#include <array>
#include <cctype>

namespace loudong::match {
namespace {

// purl type <-> OSV ecosystem for the types with one ecosystem.
struct TypeEco {
  std::string_view type;
  std::string_view ecosystem;
};
constexpr std::array kTypes{
    TypeEco{"golang", "Go"},     TypeEco{"npm", "npm"},         TypeEco{"pypi", "PyPI"},
    TypeEco{"maven", "Maven"},   TypeEco{"cargo", "crates.io"}, TypeEco{"gem", "RubyGems"},
    TypeEco{"nuget", "NuGet"},   TypeEco{"composer", "Packagist"}, TypeEco{"hex", "Hex"},
    TypeEco{"pub", "Pub"},       TypeEco{"cran", "CRAN"},       TypeEco{"hackage", "Hackage"},
    TypeEco{"swift", "SwiftURL"}, TypeEco{"github", "GitHub Actions"}, TypeEco{"bitnami", "Bitnami"},
};

// Distribution package types: the namespace names the distribution.
struct DistroEco {
  std::string_view type;
  std::string_view ns;
  std::string_view ecosystem;
};
constexpr std::array kDistros{
    DistroEco{"deb", "debian", "Debian"},        DistroEco{"deb", "ubuntu", "Ubuntu"},
    DistroEco{"apk", "alpine", "Alpine"},        DistroEco{"apk", "wolfi", "Wolfi"},
    DistroEco{"apk", "chainguard", "Chainguard"}, DistroEco{"rpm", "redhat", "Red Hat"},
    DistroEco{"rpm", "almalinux", "AlmaLinux"},  DistroEco{"rpm", "rocky-linux", "Rocky Linux"},
    DistroEco{"rpm", "opensuse", "openSUSE"},    DistroEco{"rpm", "suse", "SUSE"},
    DistroEco{"rpm", "openeuler", "openEuler"},  DistroEco{"rpm", "mageia", "Mageia"},
};

std::string pep503(std::string_view name) {
  std::string out;
  bool sep = false;
  for (char c : name) {
    if (c == '-' || c == '_' || c == '.') {
      sep = true;
      continue;
    }
    if (sep && !out.empty()) out += '-';
    sep = false;
    out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  }
  return out;
}

}  // namespace

std::string_view ecosystem_base(std::string_view ecosystem) {
  size_t colon = ecosystem.find(':');
  return colon == std::string_view::npos ? ecosystem : ecosystem.substr(0, colon);
}

Result<PackageRef> package_of_purl(const versions::PackageUrl& p) {
  for (const auto& t : kTypes) {
    if (p.type != t.type) continue;
    PackageRef r{std::string(t.ecosystem), p.name};
    if (p.type == "maven") {
      r.name = p.namespace_.empty() ? p.name : p.namespace_ + ":" + p.name;
    } else if (p.type == "swift") {
      r.name = p.namespace_ + "/" + p.name;
    } else if (!p.namespace_.empty()) {
      r.name = p.namespace_ + "/" + p.name;  // golang module path, npm scope, composer vendor, github owner
    }
    return r;
  }
  for (const auto& d : kDistros)
    if (p.type == d.type && p.namespace_ == d.ns) return PackageRef{std::string(d.ecosystem), p.name};
  return Error::invalid("purl type '" + p.type + (p.namespace_.empty() ? "" : "/" + p.namespace_) +
                            "' has no OSV ecosystem to match against",
                        "unsupported_type");
}

Result<ComponentRef> component_of_purl(std::string_view purl) {
  auto p = versions::parse_purl(purl, versions::PurlMode::lenient);
  if (!p.ok()) return std::move(p).error();
  return component_of_purl(*p, std::string(purl));
}

Result<ComponentRef> component_of_purl(const versions::PackageUrl& p, std::string text) {
  LD_ASSIGN_OR_RETURN(PackageRef pkg, package_of_purl(p));
  ComponentRef c{std::move(pkg), {}, std::move(text)};
  c.version = match_version(c.package.ecosystem, p.version);
  return c;
}

std::optional<ComponentRef> component_of_sbom(const formats::Component& c) {
  if (c.purl.empty()) return std::nullopt;
  auto r = c.parsed_purl ? component_of_purl(*c.parsed_purl, c.purl) : component_of_purl(c.purl);
  if (!r.ok()) return std::nullopt;
  if (r->version.empty()) r->version = match_version(r->package.ecosystem, c.version);
  return std::move(*r);
}

std::string package_key(std::string_view ecosystem, std::string_view name) {
  // One allocation: a scan builds a key per component.
  std::string key;
  key.reserve(ecosystem.size() + 1 + name.size());
  for (char c : ecosystem_base(ecosystem)) key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  std::string_view eco(key);
  if (eco == "pypi") {
    key += '\x1f';
    key += pep503(name);
  } else if (eco == "nuget" || eco == "packagist") {
    key += '\x1f';
    for (char c : name) key += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  } else {
    key += '\x1f';
    key += name;
  }
  return key;
}

std::string purl_of(const PackageRef& p, std::string_view version) {
  std::string base(ecosystem_base(p.ecosystem));
  versions::PurlParts parts;
  for (const auto& t : kTypes) {
    if (base != t.ecosystem) continue;
    parts.type = std::string(t.type);
    std::string name = p.name;
    size_t cut = t.type == "maven" ? name.rfind(':') : name.rfind('/');
    if (cut != std::string::npos) {
      parts.namespace_ = name.substr(0, cut);
      name = name.substr(cut + 1);
    }
    parts.name = name;
    break;
  }
  if (!parts.type) {
    for (const auto& d : kDistros)
      if (base == d.ecosystem) {
        parts.type = std::string(d.type);
        parts.namespace_ = std::string(d.ns);
        parts.name = p.name;
        break;
      }
  }
  if (!parts.type) return "";
  if (!version.empty()) parts.version = std::string(version);
  auto built = versions::build_purl(std::move(parts));
  return built.ok() ? versions::to_string(*built) : "";
}

std::string match_version(std::string_view ecosystem, std::string_view version) {
  if (ecosystem_base(ecosystem) == "Go" && version.size() > 1 && version[0] == 'v' &&
      std::isdigit(static_cast<unsigned char>(version[1])))
    return std::string(version.substr(1));
  return std::string(version);
}

}  // namespace loudong::match
