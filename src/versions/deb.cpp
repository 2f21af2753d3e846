// Debian (dpkg) versions: [epoch:]upstream[-revision], compared like
// dpkg's verrevcmp so that '~' sorts before everything, even the end.
#include <string_view>

#include "versions/scheme.h"
#include "versions/tokenize.h"

namespace loudong::versions {
namespace {

struct Evr {
  std::string_view epoch, upstream, revision;
};

Result<Evr> parse(std::string_view v) {
  std::string_view s = tok::trim(v);
  if (s.empty()) return tok::bad_version("deb", v, "empty");
  Evr e;
  if (auto colon = s.find(':'); colon != std::string_view::npos) {
    e.epoch = s.substr(0, colon);
    if (!tok::all_digits(e.epoch)) return tok::bad_version("deb", v, "epoch '" + std::string(e.epoch) + "' is not a number");
    s.remove_prefix(colon + 1);
  }
  if (auto dash = s.rfind('-'); dash != std::string_view::npos) {
    e.revision = s.substr(dash + 1);
    if (e.revision.empty()) return tok::bad_version("deb", v, "empty revision after '-'");
    s = s.substr(0, dash);
  }
  if (s.empty()) return tok::bad_version("deb", v, "empty upstream version");
  e.upstream = s;
  for (std::size_t i = 0; i < e.upstream.size(); ++i) {
    char c = e.upstream[i];
    if (!tok::is_alnum(c) && std::string_view(".+-~:").find(c) == std::string_view::npos)
      return tok::bad_version("deb", v, "invalid character '" + std::string(1, c) + "' in upstream version");
  }
  for (char c : e.revision)
    if (!tok::is_alnum(c) && std::string_view(".+~").find(c) == std::string_view::npos)
      return tok::bad_version("deb", v, "invalid character '" + std::string(1, c) + "' in revision");
  return e;
}

// dpkg's order(): '~' before the end, the end before letters, letters
// before everything else.
int order(std::string_view s, std::size_t i) {
  if (i >= s.size()) return 0;
  char c = s[i];
  if (tok::is_digit(c)) return 0;
  if (tok::is_alpha(c)) return c;
  if (c == '~') return -1;
  return static_cast<unsigned char>(c) + 256;
}

int verrevcmp(std::string_view a, std::string_view b) {
  std::size_t i = 0, j = 0;
  while (i < a.size() || j < b.size()) {
    while ((i < a.size() && !tok::is_digit(a[i])) || (j < b.size() && !tok::is_digit(b[j]))) {
      int ac = order(a, i), bc = order(b, j);
      if (ac != bc) return ac < bc ? -1 : 1;
      ++i;
      ++j;
    }
    std::size_t i0 = i, j0 = j;
    while (i < a.size() && tok::is_digit(a[i])) ++i;
    while (j < b.size() && tok::is_digit(b[j])) ++j;
    if (int c = tok::cmp_num(a.substr(i0, i - i0), b.substr(j0, j - j0))) return c;
  }
  return 0;
}

class DebScheme final : public VersionScheme {
 public:
  std::string_view name() const override { return "deb"; }
  Status validate(std::string_view v) const override { return parse(v).status(); }
  Result<int> compare(std::string_view a, std::string_view b) const override {
    auto x = parse(a);
    if (!x) return std::move(x).error();
    auto y = parse(b);
    if (!y) return std::move(y).error();
    if (int c = tok::cmp_num(x->epoch, y->epoch)) return c;
    if (int c = verrevcmp(x->upstream, y->upstream)) return c;
    return verrevcmp(x->revision, y->revision);
  }
  Result<std::vector<std::vector<Constraint>>> parse_native_range(std::string_view range) const override {
    return Error::invalid("deb has no native range syntax: '" + std::string(range) + "'", "unsupported");
  }
};

}  // namespace

std::unique_ptr<VersionScheme> make_deb_scheme() { return std::make_unique<DebScheme>(); }
}  // namespace loudong::versions
