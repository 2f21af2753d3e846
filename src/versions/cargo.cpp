// Cargo: strict SemVer 2.0.0 versions; requirements as Cargo reads them
// ("^1.2", "~1", "1.2.*", ">=1, <2", bare "1.2.3" meaning caret).
#include "versions/semver_common.h"

namespace loudong::versions {
namespace {

class CargoScheme final : public semver::SemverScheme {
 public:
  CargoScheme() : SemverScheme("cargo", semver::kStrict) {}

  Result<std::vector<std::vector<Constraint>>> parse_native_range(std::string_view range) const override {
    std::vector<Constraint> all;
    size_t start = 0;
    while (true) {
      size_t comma = range.find(',', start);
      std::string_view op, ver;
      semver::split_op(range.substr(start, comma - start), op, ver);
      if (ver.empty()) return Error::invalid("empty term in Cargo requirement \"" + std::string(range) + "\"", "bad_range");
      auto p = semver::parse_partial(ver);
      if (!p.ok()) return std::move(p).error();
      bool wildcard = ver.find_first_of("*xX") != std::string_view::npos;
      if (op.empty()) op = wildcard ? "=" : "^";
      auto terms = semver::expand_term(op, *p);
      if (!terms.ok()) return std::move(terms).error();
      for (auto& c : *terms)
        if (c.comparator != "*") all.push_back(std::move(c));
      if (comma == std::string_view::npos) break;
      start = comma + 1;
    }
    if (all.empty()) all.push_back({"*", ""});
    return std::vector<std::vector<Constraint>>{std::move(all)};
  }
};

}  // namespace

std::unique_ptr<VersionScheme> make_cargo_scheme() { return std::make_unique<CargoScheme>(); }

}  // namespace loudong::versions
