// Hex: Elixir's Version. Versions are strict SemVer 2.0.0 (Elixir rejects
// "1.2" and leading zeros); build metadata does not order. Requirements:
// "~> 2.0", ">= 1.0.0 and < 2.0.0", "== 1.0.0 or == 1.1.0".
#include "versions/semver_common.h"

namespace loudong::versions {
namespace {

// Splits s on a whole word (" and ", " or ").
std::vector<std::string_view> split_word(std::string_view s, std::string_view word) {
  std::vector<std::string_view> out;
  std::string sep = " " + std::string(word) + " ";
  size_t start = 0;
  while (true) {
    size_t at = s.find(sep, start);
    out.push_back(s.substr(start, at - start));
    if (at == std::string_view::npos) return out;
    start = at + sep.size();
  }
}

class HexScheme final : public semver::SemverScheme {
 public:
  HexScheme() : SemverScheme("hex", semver::kStrict) {}

  Result<std::vector<std::vector<Constraint>>> parse_native_range(std::string_view range) const override {
    std::vector<std::vector<Constraint>> out;
    for (auto alt : split_word(range, "or")) {
      std::vector<Constraint> conj;
      for (auto term : split_word(alt, "and")) {
        std::string_view op, ver;
        semver::split_op(term, op, ver);
        if (ver.empty()) return Error::invalid("empty term in Elixir requirement \"" + std::string(range) + "\"", "bad_range");
        auto p = semver::parse_partial(ver);
        if (!p.ok()) return std::move(p).error();
        // Elixir wants full versions except after "~>", which takes two parts.
        if (p->parts != 3 && !(op == "~>" && p->parts == 2))
          return Error::invalid("Elixir requirement needs a full version: \"" + std::string(term) + "\"", "bad_range");
        if (op.empty()) op = "==";
        auto terms = semver::expand_term(op, *p);
        if (!terms.ok()) return std::move(terms).error();
        conj.insert(conj.end(), terms->begin(), terms->end());
      }
      out.push_back(std::move(conj));
    }
    return out;
  }
};

}  // namespace

std::unique_ptr<VersionScheme> make_hex_scheme() { return std::make_unique<HexScheme>(); }

}  // namespace loudong::versions
