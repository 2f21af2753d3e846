// Dart pub (pub_semver): SemVer ordering except that build metadata orders:
// a version with a build sorts after the same version without one, and
// builds compare like prerelease identifiers (1.2.3+1 < 1.2.3+a). Syntax is
// lenient as in OSV's Pub reading. Constraints: "any", "^1.2.3",
// ">=1.0.0 <2.0.0", bare "1.2.3" (exact).
#include "versions/semver_common.h"

namespace loudong::versions {
namespace {

class PubScheme final : public semver::SemverScheme {
 public:
  PubScheme() : SemverScheme("pub", semver::kLenient) {}

  Result<std::vector<std::vector<Constraint>>> parse_native_range(std::string_view range) const override {
    std::vector<Constraint> conj;
    for (auto term : semver::split_ws(range)) {
      if (term == "any") continue;
      std::string_view op, ver;
      semver::split_op(term, op, ver);
      if (ver.empty()) return Error::invalid("empty term in pub constraint \"" + std::string(range) + "\"", "bad_range");
      auto p = semver::parse_partial(ver);
      if (!p.ok()) return std::move(p).error();
      if (p->parts != 3) return Error::invalid("pub constraint needs a full version: \"" + std::string(term) + "\"", "bad_range");
      if (op.empty()) op = "=";
      auto terms = semver::expand_term(op, *p);
      if (!terms.ok()) return std::move(terms).error();
      conj.insert(conj.end(), terms->begin(), terms->end());
    }
    if (conj.empty()) conj.push_back({"*", ""});
    return std::vector<std::vector<Constraint>>{std::move(conj)};
  }

 protected:
  int compare_views(const semver::SemverView& a, const semver::SemverView& b) const override {
    if (int c = semver::compare(a, b)) return c;
    if (a.has_build != b.has_build) return a.has_build ? 1 : -1;
    return a.has_build ? semver::compare_identifiers(a.build, b.build) : 0;
  }
};

}  // namespace

std::unique_ptr<VersionScheme> make_pub_scheme() { return std::make_unique<PubScheme>(); }

}  // namespace loudong::versions
