// CRAN (R package_version): two or more non-negative integers separated by
// '.' or '-'. Missing components count as zero, but with equal values the
// version with more components is the greater one ("0.1.0" < "0.1.0.0").
#include <string_view>

#include "versions/scheme.h"
#include "versions/tokenize.h"

namespace loudong::versions {
namespace {

bool is_sep(char c) { return c == '.' || c == '-'; }

Status check(std::string_view v) {
  std::string_view s = tok::trim(v);
  if (s.empty()) return tok::bad_version("cran", v, "empty");
  std::size_t parts = 1;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if (is_sep(c)) {
      if (i == 0 || is_sep(s[i - 1]) || i + 1 == s.size())
        return tok::bad_version("cran", v, "empty component at position " + std::to_string(i));
      ++parts;
    } else if (!tok::is_digit(c)) {
      return tok::bad_version("cran", v, tok::at(std::string(1, c), i));
    }
  }
  if (parts < 2) return tok::bad_version("cran", v, "needs at least two components");
  return Status::Ok();
}

// Yields the next component of s from position i; false at the end.
bool next(std::string_view s, std::size_t& i, std::string_view& out) {
  if (i > s.size()) return false;
  std::size_t e = i;
  while (e < s.size() && !is_sep(s[e])) ++e;
  out = s.substr(i, e - i);
  i = e + 1;
  return true;
}

class CranScheme final : public VersionScheme {
 public:
  std::string_view name() const override { return "cran"; }
  Status validate(std::string_view v) const override { return check(v); }
  Result<int> compare(std::string_view a, std::string_view b) const override {
    LD_RETURN_IF_ERROR(check(a));
    LD_RETURN_IF_ERROR(check(b));
    std::string_view x = tok::trim(a), y = tok::trim(b);
    std::size_t i = 0, j = 0;
    std::size_t nx = 0, ny = 0;
    for (;;) {
      std::string_view p, q;
      bool hp = next(x, i, p), hq = next(y, j, q);
      if (!hp && !hq) break;
      nx += hp;
      ny += hq;
      if (int c = tok::cmp_num(hp ? p : "0", hq ? q : "0")) return c;
    }
    return nx == ny ? 0 : (nx > ny ? 1 : -1);
  }
  Result<std::vector<std::vector<Constraint>>> parse_native_range(std::string_view range) const override {
    return Error::invalid("cran has no native range syntax: '" + std::string(range) + "'", "unsupported");
  }
};

}  // namespace

std::unique_ptr<VersionScheme> make_cran_scheme() { return std::make_unique<CranScheme>(); }
}  // namespace loudong::versions
