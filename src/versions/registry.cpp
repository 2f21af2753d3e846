// Maps vers scheme names and OSV ecosystem names to the schemes. All
// schemes are built once, on first use (a function-local static, so the
// start is thread-safe), and live until exit.
#include <algorithm>
#include <array>
#include <cctype>

#include "versions/scheme.h"

namespace loudong::versions {

Result<std::vector<std::vector<Constraint>>> VersionScheme::parse_native_range(std::string_view range) const {
  return Error::invalid("scheme \"" + std::string(name()) + "\" has no native range syntax (range \"" +
                            std::string(range) + "\")",
                        "unsupported");
}

namespace {

struct Alias {
  std::string_view alias;  // compared case-insensitively
  std::string_view scheme;
};

// OSV ecosystems (osv-schema ecosystems.txt) and purl/vers spellings. An
// ecosystem's ":release" suffix (Debian:12, Alpine:v3.19) is ignored.
constexpr std::array kAliases{
    Alias{"npm", "npm"},           Alias{"pypi", "pypi"},         Alias{"maven", "maven"},
    Alias{"go", "golang"},         Alias{"golang", "golang"},     Alias{"crates.io", "cargo"},
    Alias{"cargo", "cargo"},       Alias{"rubygems", "gem"},      Alias{"gem", "gem"},
    Alias{"nuget", "nuget"},       Alias{"packagist", "composer"}, Alias{"composer", "composer"},
    Alias{"pub", "pub"},           Alias{"cran", "cran"},         Alias{"hex", "hex"},
    Alias{"debian", "deb"},        Alias{"ubuntu", "deb"},        Alias{"deb", "deb"},
    Alias{"alpine", "alpine"},     Alias{"apk", "alpine"},        Alias{"wolfi", "alpine"},
    Alias{"chainguard", "alpine"}, Alias{"red hat", "rpm"},       Alias{"rocky linux", "rpm"},
    Alias{"almalinux", "rpm"},     Alias{"suse", "rpm"},          Alias{"opensuse", "rpm"},
    Alias{"mageia", "rpm"},        Alias{"openeuler", "rpm"},     Alias{"rpm", "rpm"},
    Alias{"semver", "semver"},     Alias{"generic", "generic"},
};

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) == std::tolower(static_cast<unsigned char>(y));
         });
}

using Factory = std::unique_ptr<VersionScheme> (*)();

const std::vector<std::unique_ptr<VersionScheme>>& all_schemes() {
  static const auto schemes = [] {
    std::vector<std::unique_ptr<VersionScheme>> out;
    for (Factory f : {make_semver_scheme, make_npm_scheme, make_golang_scheme, make_cargo_scheme, make_hex_scheme,
                      make_pub_scheme, make_generic_scheme, make_pypi_scheme, make_maven_scheme, make_deb_scheme,
                      make_rpm_scheme, make_alpine_scheme, make_gem_scheme, make_nuget_scheme, make_composer_scheme,
                      make_cran_scheme}) {
      if (auto s = f()) out.push_back(std::move(s));  // a scheme not written yet returns nullptr
    }
    return out;
  }();
  return schemes;
}

}  // namespace

const VersionScheme* scheme_for(std::string_view name) {
  // "GIT" ranges are commit ranges: no version ordering applies.
  if (size_t colon = name.find(':'); colon != std::string_view::npos) name = name.substr(0, colon);
  for (const auto& a : kAliases) {
    if (!iequals(a.alias, name)) continue;
    for (const auto& s : all_schemes())
      if (s->name() == a.scheme) return s.get();
    return nullptr;
  }
  return nullptr;
}

}  // namespace loudong::versions
